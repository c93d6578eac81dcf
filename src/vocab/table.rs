//! The table of one reference namespace: its entries (a canonical name and aliases a
//! line, `NAME<TAB>ALIAS...`), indexed by slices of the data on first use; the sorted
//! lowercase index behind case-insensitive lookup and completion waits for its own
//! first use. Every namespace has this format: the gene namespaces (every human and,
//! when enabled, mouse gene symbol with its aliases, embedded from `data/genes/*.tsv`)
//! and the others of [`super::Reference`]. The names keep the genes' words (a gene's
//! *symbol* is an entry's canonical name).

use std::sync::OnceLock;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::vocab::Species;

static HUMAN_TSV: &str = include_str!("../../data/genes/human.tsv");
static MOUSE_TSV: &str = include_str!("../../data/genes/mouse.tsv");

/// A gene of one [`NameTable`]: an index into it, meaningless across species.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(pub u32);

/// What a name is in a namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameMatch<'a> {
    None,
    /// The name is this gene's symbol; a symbol wins over any other gene's alias.
    Symbol(NameId),
    /// The name is an alias of these genes, in table order; more than one is ambiguous.
    Alias(&'a [NameId]),
}

impl NameMatch<'_> {
    /// The matched genes: none, the symbol's gene, or every gene with the alias.
    pub fn genes(&self) -> &[NameId] {
        match self {
            NameMatch::None => &[],
            NameMatch::Symbol(id) => std::slice::from_ref(id),
            NameMatch::Alias(ids) => ids,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, NameMatch::None)
    }
}

/// One namespace: its entries in canonical-name order, and the indexes to find them by name.
pub struct NameTable {
    /// The data the table was read from; every name is a slice of it.
    text: &'static str,
    /// Per gene, sorted by symbol (a symbol is found by binary search): its symbol and
    /// the rest of its data line (the tab-separated aliases).
    genes: Vec<(&'static str, &'static str)>,
    alias_owners: FxHashMap<&'static str, Owners>,
    /// The genes of the aliases that more than one gene has.
    shared: Vec<Vec<NameId>>,
    /// Built on the first case-insensitive lookup or prefix query.
    folded: OnceLock<FoldedIndex>,
    /// Every name, sorted by its length in bytes: "did you mean" reads only the names
    /// about as long as the unknown one. Built on its first use.
    by_length: OnceLock<Vec<&'static str>>,
}

/// The genes of an alias. Most aliases belong to one gene, which is kept inline so that
/// building the table allocates only for the shared ones.
#[derive(Clone, Copy)]
enum Owners {
    One(NameId),
    Shared(u32),
}

/// Every name under its Unicode lowercase form, sorted by it: the case-insensitive
/// lookup and the prefix search of completion are binary searches here. The arrays are
/// parallel, one entry per name, sorted by key, then symbols before aliases, then by
/// gene; a gene's second alias with the same key is left out, so that the genes of a
/// key's aliases are a slice without repeats.
struct FoldedIndex {
    /// The table's text lowercased (ASCII only, so that every ASCII name's key sits
    /// where the name does), then the lowercase forms of the other names.
    lowercase: String,
    names: Vec<Folded>,
    genes: Vec<NameId>,
    is_symbol: Vec<bool>,
}

/// Where a name is in the table's text, and its key in the lowercase text.
#[derive(Clone, Copy)]
struct Folded {
    name: (u32, u32),
    key: (u32, u32),
}

impl NameTable {
    /// The table of a species, built on first use (a few milliseconds) and shared.
    pub fn get(species: Species) -> &'static NameTable {
        static HUMAN: OnceLock<NameTable> = OnceLock::new();
        static MOUSE: OnceLock<NameTable> = OnceLock::new();
        match species {
            Species::Human => HUMAN.get_or_init(|| NameTable::from_tsv(HUMAN_TSV)),
            Species::Mouse => MOUSE.get_or_init(|| NameTable::from_tsv(MOUSE_TSV)),
        }
    }

    /// Indexes data in the format of `data/genes/*.tsv`: one gene a line, its symbol
    /// then its aliases, tab-separated. Blank lines and empty fields are skipped; of
    /// genes with the same symbol, the first is found by it.
    pub fn from_tsv(text: &'static str) -> NameTable {
        let bytes = text.as_bytes();
        let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
        let tabs = memchr::memchr_iter(b'\t', bytes).count();
        let mut table = NameTable {
            text,
            genes: Vec::with_capacity(lines),
            alias_owners: FxHashMap::with_capacity_and_hasher(tabs, FxBuildHasher),
            shared: Vec::new(),
            folded: OnceLock::new(),
            by_length: OnceLock::new(),
        };

        // One pass over the separators; `gene` is the gene of the current line, if its
        // symbol is not empty, and where its aliases start.
        let mut field_start = 0;
        let mut line_start = 0;
        let mut gene: Option<(NameId, usize)> = None;
        let ends = memchr::memchr2_iter(b'\t', b'\n', bytes).chain(std::iter::once(bytes.len()));
        for end in ends {
            let field = text.get(field_start..end).unwrap_or("");
            let field = field.strip_suffix('\r').unwrap_or(field);
            if field_start == line_start {
                gene = table.add_gene(field).map(|id| (id, end + 1));
            } else if let (Some((id, _)), false) = (gene, field.is_empty()) {
                table.add_alias(field, id);
            }
            field_start = end + 1;
            if bytes.get(end).is_none_or(|&b| b == b'\n') {
                if let Some((id, rest)) = gene {
                    let rest = text.get(rest..end).unwrap_or("");
                    if let Some(slot) = table.genes.get_mut(id.0 as usize) {
                        slot.1 = rest.strip_suffix('\r').unwrap_or(rest);
                    }
                }
                line_start = field_start;
            }
        }

        // The generated data comes sorted; anything else is sorted here (stably, so that
        // the first of equal symbols stays first) and its aliases indexed again.
        if !table.genes.windows(2).all(|pair| pair[0].0 <= pair[1].0) {
            table.genes.sort_by(|a, b| a.0.cmp(b.0));
            table.alias_owners.clear();
            table.shared.clear();
            for index in 0..table.genes.len() {
                let Some(&(_, rest)) = table.genes.get(index) else { break };
                for alias in fields(rest) {
                    table.add_alias(alias, NameId(index as u32));
                }
            }
        }
        table
    }

    fn add_gene(&mut self, symbol: &'static str) -> Option<NameId> {
        if symbol.is_empty() {
            return None;
        }
        let id = NameId(u32::try_from(self.genes.len()).ok()?);
        self.genes.push((symbol, ""));
        Some(id)
    }

    fn add_alias(&mut self, alias: &'static str, id: NameId) {
        let owners = self.alias_owners.entry(alias).or_insert(Owners::One(id));
        match *owners {
            Owners::One(first) if first == id => {}
            Owners::One(first) => {
                if let Ok(slot) = u32::try_from(self.shared.len()) {
                    self.shared.push(vec![first, id]);
                    *owners = Owners::Shared(slot);
                }
            }
            Owners::Shared(slot) => {
                if let Some(ids) = self.shared.get_mut(slot as usize) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
    }

    /// Exact, case-sensitive lookup. A symbol wins over any other gene's alias.
    pub fn lookup(&self, name: &str) -> NameMatch<'_> {
        let at = self.genes.partition_point(|&(symbol, _)| symbol < name);
        if self.genes.get(at).is_some_and(|&(symbol, _)| symbol == name) {
            return NameMatch::Symbol(NameId(at as u32));
        }
        match self.alias_owners.get(name) {
            None => NameMatch::None,
            Some(Owners::One(id)) => NameMatch::Alias(std::slice::from_ref(id)),
            Some(Owners::Shared(slot)) => match self.shared.get(*slot as usize) {
                Some(ids) => NameMatch::Alias(ids),
                None => NameMatch::None,
            },
        }
    }

    /// Lookup under Unicode lowercase: a symbol matching so wins (the first, should two
    /// symbols differ only in case), else every gene with an alias matching so.
    pub fn lookup_ignore_case(&self, name: &str) -> NameMatch<'_> {
        let index = self.folded();
        let (start, end) = index.run(&name.to_lowercase());
        match (index.is_symbol.get(start), index.genes.get(start..end)) {
            (_, None | Some([])) => NameMatch::None,
            (Some(true), Some([id, ..])) => NameMatch::Symbol(*id),
            (_, Some(ids)) => NameMatch::Alias(ids),
        }
    }

    /// The gene's symbol; empty for an id that is not of this table.
    pub fn symbol(&self, id: NameId) -> &str {
        self.genes.get(id.0 as usize).map_or("", |&(symbol, _)| symbol)
    }

    /// The gene's aliases, sorted; none for an id that is not of this table.
    pub fn aliases(&self, id: NameId) -> impl Iterator<Item = &str> {
        fields(self.genes.get(id.0 as usize).map_or("", |&(_, rest)| rest))
    }

    /// The number of genes.
    pub fn len(&self) -> usize {
        self.genes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.genes.is_empty()
    }

    /// Every symbol and alias with its gene and whether it is the symbol, gene by gene.
    /// An alias several genes share comes once for each.
    pub fn names(&self) -> impl Iterator<Item = (&str, NameId, bool)> + '_ {
        self.static_names().map(|(name, id, is_symbol)| (name as &str, id, is_symbol))
    }

    /// The names whose lowercase form starts with the lowercase `prefix`, in lowercase
    /// order (symbols before aliases of the same spelling): a binary search, then a scan
    /// of the matches only. Of a gene's aliases that differ only in case, the first is
    /// listed.
    pub fn names_with_prefix(&self, prefix: &str) -> impl Iterator<Item = (&str, NameId, bool)> {
        let index = self.folded();
        let prefix = prefix.to_lowercase();
        let start = index.names.partition_point(|n| index.key(n) < prefix.as_str());
        (start..index.names.len()).map_while(move |at| {
            let name = index.names.get(at).filter(|n| index.key(n).starts_with(prefix.as_str()))?;
            let id = *index.genes.get(at)?;
            Some((self.slice(name.name), id, index.is_symbol.get(at) == Some(&true)))
        })
    }

    /// The names whose length in bytes is within `slack` of `len`, each once per
    /// entry that has it (so an alias of two entries comes twice): a binary search in
    /// the names sorted by length.
    pub fn names_near_length(&self, len: usize, slack: usize) -> &[&'static str] {
        let sorted = self.by_length.get_or_init(|| {
            let mut names: Vec<&'static str> = self.static_names().map(|(n, _, _)| n).collect();
            names.sort_by_key(|n| n.len());
            names
        });
        let start = sorted.partition_point(|n| n.len() < len.saturating_sub(slack));
        let end = sorted.partition_point(|n| n.len() <= len + slack);
        sorted.get(start..end).unwrap_or(&[])
    }

    /// [`NameTable::names`], as the slices of the embedded text that they are.
    fn static_names(&self) -> impl Iterator<Item = (&'static str, NameId, bool)> + '_ {
        self.genes.iter().enumerate().flat_map(|(index, &(symbol, rest))| {
            let id = NameId(index as u32);
            std::iter::once((symbol, id, true))
                .chain(fields(rest).map(move |alias| (alias, id, false)))
        })
    }

    /// A range of the table's text; empty if it is not one.
    fn slice(&self, (start, end): (u32, u32)) -> &'static str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Where a slice of the table's text is in it.
    fn range_of(&self, name: &'static str) -> Option<(u32, u32)> {
        let start = (name.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        let end = start.checked_add(name.len()).filter(|&end| end <= self.text.len())?;
        Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
    }

    fn folded(&self) -> &FoldedIndex {
        self.folded.get_or_init(|| FoldedIndex::build(self))
    }
}

impl FoldedIndex {
    fn build(table: &NameTable) -> FoldedIndex {
        struct Sortable {
            head: u64,
            folded: Folded,
            gene: NameId,
            is_symbol: bool,
        }
        let mut lowercase = table.text.to_ascii_lowercase();
        let mut entries = Vec::with_capacity(table.genes.len() + table.alias_owners.len());
        let mut add = |name: &'static str, gene: NameId, is_symbol: bool| {
            let Some(range) = table.range_of(name) else { return };
            let key = if name.is_ascii() {
                range
            } else {
                let start = lowercase.len();
                lowercase.push_str(&name.to_lowercase());
                match (u32::try_from(start), u32::try_from(lowercase.len())) {
                    (Ok(start), Ok(end)) => (start, end),
                    _ => return,
                }
            };
            let bytes =
                lowercase.as_bytes().get(key.0 as usize..key.1 as usize).unwrap_or_default();
            entries.push(Sortable {
                head: head(bytes),
                folded: Folded { name: range, key },
                gene,
                is_symbol,
            });
        };
        for (&(symbol, rest), index) in table.genes.iter().zip(0..) {
            add(symbol, NameId(index), true);
            for alias in fields(rest) {
                add(alias, NameId(index), false);
            }
        }

        // A sort by the first eight key bytes alone is cheap; only the names that tie
        // there are then compared in full.
        let key =
            |(start, end): (u32, u32)| lowercase.get(start as usize..end as usize).unwrap_or("");
        entries.sort_unstable_by_key(|entry| entry.head);
        for run in entries.chunk_by_mut(|a, b| a.head == b.head).filter(|run| run.len() > 1) {
            run.sort_unstable_by(|a, b| {
                key(a.folded.key)
                    .cmp(key(b.folded.key))
                    .then(b.is_symbol.cmp(&a.is_symbol))
                    .then(a.gene.cmp(&b.gene))
                    .then(a.folded.name.cmp(&b.folded.name))
            });
        }

        let mut names = Vec::with_capacity(entries.len());
        let mut genes = Vec::with_capacity(entries.len());
        let mut is_symbol = Vec::with_capacity(entries.len());
        let mut previous: Option<&Sortable> = None;
        for entry in &entries {
            let repeat = previous.is_some_and(|p| {
                !entry.is_symbol
                    && !p.is_symbol
                    && p.gene == entry.gene
                    && p.head == entry.head
                    && key(p.folded.key) == key(entry.folded.key)
            });
            previous = Some(entry);
            if !repeat {
                names.push(entry.folded);
                genes.push(entry.gene);
                is_symbol.push(entry.is_symbol);
            }
        }
        FoldedIndex { lowercase, names, genes, is_symbol }
    }

    fn key(&self, name: &Folded) -> &str {
        self.lowercase.get(name.key.0 as usize..name.key.1 as usize).unwrap_or("")
    }

    /// The entries whose key is `key`.
    fn run(&self, key: &str) -> (usize, usize) {
        let start = self.names.partition_point(|n| self.key(n) < key);
        let len =
            self.names.get(start..).unwrap_or_default().partition_point(|n| self.key(n) == key);
        (start, start + len)
    }
}

/// The first eight bytes of `key`, zero-padded, as a number that orders as they do.
fn head(key: &[u8]) -> u64 {
    if let Some(first) = key.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    let mut bytes = [0; 8];
    for (to, from) in bytes.iter_mut().zip(key) {
        *to = *from;
    }
    u64::from_be_bytes(bytes)
}

/// The non-empty tab-separated fields of an alias list.
fn fields(rest: &str) -> impl Iterator<Item = &str> {
    rest.split('\t').filter(|field| !field.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn human() -> &'static NameTable {
        NameTable::get(Species::Human)
    }

    fn symbols<'a>(table: &'a NameTable, found: NameMatch<'_>) -> Vec<&'a str> {
        found.genes().iter().map(|&id| table.symbol(id)).collect()
    }

    #[test]
    fn a_gene_has_its_aliases() {
        let table = human();
        let NameMatch::Symbol(abcb1) = table.lookup("ABCB1") else { panic!("ABCB1 is a symbol") };
        assert_eq!(table.symbol(abcb1), "ABCB1");
        let aliases: Vec<&str> = table.aliases(abcb1).collect();
        assert!(aliases.contains(&"MDR1") && aliases.contains(&"CD243"), "{aliases:?}");
        assert!(!aliases.contains(&"ABCB1"), "a symbol is not its own alias");
    }

    #[test]
    fn an_alias_resolves_to_its_gene() {
        let table = human();
        assert!(symbols(table, table.lookup("EMT")).contains(&"ITK"));
        assert_eq!(symbols(table, table.lookup("CD243")), ["ABCB1"]);
    }

    #[test]
    fn an_alias_of_several_genes_returns_them_all() {
        let table = human();
        let found = table.lookup("MDR1");
        assert!(matches!(found, NameMatch::Alias(ids) if ids.len() == 2), "{found:?}");
        let mut genes = symbols(table, found);
        genes.sort_unstable();
        assert_eq!(genes, ["ABCB1", "TBC1D9"]);
    }

    #[test]
    fn a_symbol_wins_over_another_genes_alias() {
        let table = human();
        let symbol_and_alias = table.names().find(|&(name, _, is_symbol)| {
            !is_symbol && matches!(table.lookup(name), NameMatch::Symbol(_))
        });
        let Some((name, owner, _)) = symbol_and_alias else { panic!("the data has such names") };
        let NameMatch::Symbol(id) = table.lookup(name) else { unreachable!() };
        assert_ne!(id, owner);
        assert_eq!(table.symbol(id), name);
    }

    #[test]
    fn lookup_is_case_sensitive_and_the_fallback_is_not() {
        let table = human();
        assert!(table.lookup("abcb1").is_none());
        assert!(table.lookup("Mdr1").is_none());
        assert_eq!(symbols(table, table.lookup_ignore_case("abcb1")), ["ABCB1"]);
        assert!(matches!(table.lookup_ignore_case("Abcb1"), NameMatch::Symbol(_)));
        let mut genes = symbols(table, table.lookup_ignore_case("mdr1"));
        genes.sort_unstable();
        assert_eq!(genes, ["ABCB1", "TBC1D9"]);
        assert_eq!(symbols(table, table.lookup_ignore_case("p-gp")), ["ABCB1"]);
        // Symbols of open reading frames keep their HGNC case.
        assert!(matches!(table.lookup("C8orf33"), NameMatch::Symbol(_)));
    }

    #[test]
    fn unknown_names_match_nothing() {
        let table = human();
        for name in ["", "nanoparticle", "NOT-A-GENE-42", "\t", "ABCB1\tMDR1", "κ", "\u{212A}"] {
            assert!(table.lookup(name).is_none(), "{name:?}");
            assert!(table.lookup_ignore_case(name).is_none(), "{name:?}");
        }
        assert_eq!(table.symbol(NameId(u32::MAX)), "");
        assert_eq!(table.aliases(NameId(u32::MAX)).count(), 0);
    }

    #[test]
    fn prefix_search_is_case_insensitive_and_complete() {
        let table = human();
        let found: Vec<(&str, NameId, bool)> = table.names_with_prefix("abcb").collect();
        assert!(found.iter().any(|&(name, _, is_symbol)| name == "ABCB1" && is_symbol));
        assert!(found.iter().all(|&(name, _, _)| name.to_lowercase().starts_with("abcb")));
        let expected: Vec<(&str, NameId, bool)> =
            table.names().filter(|(name, _, _)| name.to_lowercase().starts_with("abcb")).collect();
        assert!(expected.iter().all(|e| found.contains(e)), "{expected:?}");
        // Every name, but a second spelling of a gene's alias under the same case.
        let all: std::collections::HashSet<(String, NameId, bool)> = table
            .names()
            .map(|(name, id, is_symbol)| (name.to_lowercase(), id, is_symbol))
            .collect();
        let listed: std::collections::HashSet<(String, NameId, bool)> = table
            .names_with_prefix("")
            .map(|(name, id, is_symbol)| (name.to_lowercase(), id, is_symbol))
            .collect();
        assert_eq!(listed, all);
        assert_eq!(table.names_with_prefix("").count(), all.len());
        assert_eq!(table.names_with_prefix("zzzzzz-no").count(), 0);
    }

    #[test]
    fn the_mouse_table_has_mouse_genes() {
        let table = NameTable::get(Species::Mouse);
        assert!(table.len() > 70_000);
        assert!(matches!(table.lookup("Abcb1a"), NameMatch::Symbol(_)));
        assert_eq!(symbols(table, table.lookup("Mdr1a")), ["Abcb1a"]);
        assert_eq!(symbols(table, table.lookup_ignore_case("ABCB1A")), ["Abcb1a"]);
        assert!(table.lookup("ABCB1").is_none());
    }

    #[test]
    fn the_human_table_is_complete() {
        let table = human();
        assert!((40_000..45_000).contains(&table.len()), "{}", table.len());
        assert!(table.names().count() > 90_000);
    }

    #[test]
    fn unsorted_data_is_sorted() {
        let table = NameTable::from_tsv("B\tX\nA\tX\tB2\nC\nA\tY\n");
        assert_eq!(table.len(), 4);
        assert_eq!(table.symbol(NameId(0)), "A");
        assert_eq!(table.aliases(NameId(0)).collect::<Vec<_>>(), ["X", "B2"]);
        assert_eq!(symbols(&table, table.lookup("X")), ["A", "B"]);
        assert_eq!(symbols(&table, table.lookup("A")), ["A"]);
        assert!(matches!(table.lookup("A"), NameMatch::Symbol(NameId(0))));
        assert_eq!(symbols(&table, table.lookup("Y")), ["A"]);
        assert!(matches!(table.lookup("C"), NameMatch::Symbol(_)));
    }

    #[test]
    fn odd_data_is_read_defensively() {
        let table = NameTable::from_tsv("A\tX\t\tY\r\n\n\tORPHAN\nB\tX\tA\nA\tZ\n");
        assert_eq!(table.len(), 3);
        assert!(table.lookup("ORPHAN").is_none());
        assert_eq!(symbols(&table, table.lookup("X")), ["A", "B"]);
        assert!(matches!(table.lookup("A"), NameMatch::Symbol(NameId(0))));
        assert_eq!(table.aliases(NameId(0)).collect::<Vec<_>>(), ["X", "Y"]);
        assert_eq!(symbols(&table, table.lookup_ignore_case("x")), ["A", "B"]);
    }

    /// Run with `cargo test --release -- --ignored --nocapture`. Reports the first run,
    /// which also pays for paging in the data and fresh memory, and the fastest of
    /// several, as other work on the machine only ever adds time.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn load_time() {
        use std::time::{Duration, Instant};

        /// The first run's time, the fastest run's, and a result.
        fn measure<T>(mut work: impl FnMut() -> T) -> (Duration, Duration, T) {
            let start = Instant::now();
            let value = work();
            let first = start.elapsed();
            let mut best = first;
            for _ in 0..15 {
                let start = Instant::now();
                let again = work();
                best = best.min(start.elapsed());
                drop(again);
            }
            (first, best, value)
        }
        let start = Instant::now();
        let human = NameTable::get(Species::Human).len();
        println!(
            "NameTable::get(Human), first call in the process: {:?} ({human} genes)",
            start.elapsed()
        );
        for (species, text) in [("human", HUMAN_TSV), ("mouse", MOUSE_TSV)] {
            let (table_first, table_best, table) = measure(|| NameTable::from_tsv(text));
            let (folded_first, folded_best, _) = measure(|| FoldedIndex::build(&table));
            let (_, lookup, _) =
                measure(|| ["ABCB1", "MDR1", "CD243", "nothing"].map(|n| table.lookup(n)));
            let (_, folded_lookup, _) = measure(|| table.lookup_ignore_case("mdr1").genes().len());
            let (_, prefix, completions) = measure(|| table.names_with_prefix("ab").count());
            println!(
                "{species}: {} genes, {} distinct aliases. First run / fastest of 16: table \
                 {table_first:?} / {table_best:?}, case-insensitive index {folded_first:?} / \
                 {folded_best:?}. 4 lookups {lookup:?}, 1 case-insensitive lookup {folded_lookup:?}, \
                 prefix query {prefix:?} ({completions} names)",
                table.len(),
                table.alias_owners.len(),
            );
        }
    }
}
