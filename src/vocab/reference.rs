//! The reference namespaces of spec §10 A besides the genes: drugs, cell lines,
//! diseases and organisms, shipped as data (`data/<kind>/`, see each README) and
//! searched after the prelude. Each is a gzip file embedded in the binary, decompressed
//! and indexed on its first use only, into a [`NameTable`] (the same `NAME<TAB>ALIAS...`
//! format and lookups as the genes); its descriptions and classes (`info.tsv.gz`) wait
//! for their own first use (hover, `evn explain`, the classes of a context). A check
//! that never looks a name up in a namespace never pays for it.
//!
//! Also here: the full names of human genes (`data/genes/names/`), for hover and
//! `evn explain`.

use std::io::Read;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::table::{NameId, NameTable};
use crate::syntax::ast::Kind;

static GENE_NAMES: &[u8] = include_bytes!("../../data/genes/names/human.tsv.gz");

/// Declares the reference namespaces besides the genes, one row each, in the lookup
/// order of spec §10 A and §11 A: the variant of [`Reference`], the name `evn.toml`'s
/// `namespaces` uses, what one entry is called, the kind of its entries, and its
/// folder under `data/` (holding `<name>.tsv.gz` and `info.tsv.gz`). Adding a
/// namespace is adding a row; everything else (configuration, lookup, homonyms,
/// completion, the benchmark) reads [`Reference::ALL`].
macro_rules! namespaces {
    ($($variant:ident = $name:literal, $noun:literal, $kind:expr;)*) => {
        /// A reference namespace other than the genes, in lookup order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Reference {
            $($variant,)*
        }

        impl Reference {
            /// Every namespace, in lookup order; [`Reference::index`] is the place here.
            pub const ALL: [Reference; [$($name),*].len()] = [$(Reference::$variant),*];
        }

        /// The rows, in the order of [`Reference::ALL`].
        static ROWS: [Row; Reference::ALL.len()] = [$(Row {
            name: $name,
            noun: $noun,
            kind: $kind,
            data: include_bytes!(concat!("../../data/", $name, "/", $name, ".tsv.gz")),
            info: include_bytes!(concat!("../../data/", $name, "/info.tsv.gz")),
        }),*];
    };
}

namespaces! {
    Drugs = "drugs", "drug", Kind::Drug;
    CellLines = "cell-lines", "cell line", Kind::Context;
    Diseases = "diseases", "disease", Kind::Context;
    Organisms = "organisms", "organism", Kind::Context;
    Families = "families", "protein family or complex", Kind::Target;
    Processes = "processes", "biological process", Kind::Process;
    Phenotypes = "phenotypes", "phenotype", Kind::Process;
    CellTypes = "cell-types", "cell type", Kind::Context;
    Anatomy = "anatomy", "anatomical entity", Kind::Context;
    Models = "models", "laboratory model", Kind::Context;
    Mirnas = "mirnas", "microRNA", Kind::Target;
}

/// One namespace's row of the table.
struct Row {
    name: &'static str,
    noun: &'static str,
    kind: Kind,
    /// `NAME<TAB>ALIAS...`, gzip.
    data: &'static [u8],
    /// `NAME<TAB>DESCRIPTION<TAB>CLASS...`, gzip.
    info: &'static [u8],
}

/// An entry's description and classes (`is`), from the namespace's `info.tsv.gz`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    pub description: &'static str,
    /// The tab-separated classes; see [`Info::classes`].
    classes: &'static str,
}

impl Info {
    pub fn classes(&self) -> impl Iterator<Item = &'static str> {
        self.classes.split('\t').filter(|c| !c.is_empty())
    }
}

impl Reference {
    fn row(self) -> &'static Row {
        &ROWS[self.index()]
    }

    /// The name `evn.toml`'s `namespaces` uses.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    pub fn from_name(name: &str) -> Option<Reference> {
        Reference::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The kind of its entries.
    pub fn kind(self) -> Kind {
        self.row().kind
    }

    /// What one entry is called ("cell line").
    pub fn noun(self) -> &'static str {
        self.row().noun
    }

    /// Its place in [`Reference::ALL`], and in every per-namespace array (tables,
    /// indexes).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The namespace's table, decompressed and indexed on the first call, then shared.
    pub fn table(self) -> &'static NameTable {
        static TABLES: [OnceLock<NameTable>; Reference::ALL.len()] =
            [const { OnceLock::new() }; Reference::ALL.len()];
        TABLES[self.index()].get_or_init(|| NameTable::from_tsv(gunzip(self.row().data)))
    }

    /// The description and classes of an entry of this namespace.
    pub fn info(self, id: NameId) -> Option<Info> {
        static INFOS: [OnceLock<InfoIndex>; Reference::ALL.len()] =
            [const { OnceLock::new() }; Reference::ALL.len()];
        let index = INFOS[self.index()].get_or_init(|| InfoIndex::new(gunzip(self.row().info)));
        let rest = *index.0.get(self.table().symbol(id))?;
        let (description, classes) = rest.split_once('\t').unwrap_or((rest, ""));
        Some(Info { description, classes })
    }
}

/// The full name of a human gene (`ABCB1`: "ATP binding cassette subfamily B member 1"),
/// from HGNC; the table is read on the first call.
pub fn gene_full_name(symbol: &str) -> Option<&'static str> {
    static NAMES: OnceLock<InfoIndex> = OnceLock::new();
    NAMES.get_or_init(|| InfoIndex::new(gunzip(GENE_NAMES))).0.get(symbol).copied()
}

/// The lines of an info file by their first field: the rest of the line.
struct InfoIndex(FxHashMap<&'static str, &'static str>);

impl InfoIndex {
    fn new(text: &'static str) -> InfoIndex {
        let lines = text.lines().filter_map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            Some(line.split_once('\t').unwrap_or((line, ""))).filter(|(name, _)| !name.is_empty())
        });
        let mut map = FxHashMap::default();
        for (name, rest) in lines {
            map.entry(name).or_insert(rest);
        }
        InfoIndex(map)
    }
}

/// The text of embedded gzip data, kept for the life of the process (the tables are
/// slices of it). Data that does not decompress (it is built into the binary, so only
/// a broken build) gives what was read of it, or nothing.
pub(crate) fn gunzip(data: &'static [u8]) -> &'static str {
    let mut text = String::new();
    if flate2::read::GzDecoder::new(data).read_to_string(&mut text).is_err() {
        text.truncate(text.rfind('\n').map_or(0, |end| end + 1));
    }
    Box::leak(text.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::table::NameMatch;

    #[test]
    fn each_namespace_is_at_its_index_in_all() {
        for (i, reference) in Reference::ALL.into_iter().enumerate() {
            assert_eq!(reference.index(), i, "{}", reference.name());
        }
    }

    fn canonical(reference: Reference, name: &str) -> Vec<&'static str> {
        let table = reference.table();
        table.lookup(name).genes().iter().map(|&id| table.symbol(id)).collect()
    }

    #[test]
    fn every_namespace_loads_with_tens_of_thousands_of_entries_or_says_why_not() {
        assert!(Reference::Drugs.table().len() > 15_000);
        assert!(Reference::Diseases.table().len() > 20_000);
        assert!(Reference::Organisms.table().len() > 20_000);
        // EFO's cell lines: the best packaged set (data/cell-lines/README.md).
        assert!(Reference::CellLines.table().len() > 1_000);
    }

    #[test]
    fn the_new_topics_names_are_there() {
        assert_eq!(canonical(Reference::Drugs, "osimertinib"), ["osimertinib"]);
        assert_eq!(canonical(Reference::Drugs, "tagrisso"), ["osimertinib"]);
        assert_eq!(canonical(Reference::Drugs, "temozolomide"), ["temozolomide"]);
        assert_eq!(canonical(Reference::CellLines, "NCI-H1975"), ["NCI-H1975"]);
        assert_eq!(canonical(Reference::CellLines, "U87"), ["U-87 MG"]);
        assert_eq!(canonical(Reference::Diseases, "NSCLC"), ["non-small cell lung carcinoma"]);
        assert_eq!(
            canonical(Reference::Diseases, "non-small-cell-lung-carcinoma"),
            ["non-small cell lung carcinoma"]
        );
        assert_eq!(canonical(Reference::Organisms, "S.aureus"), ["Staphylococcus aureus"]);
        assert_eq!(canonical(Reference::Organisms, "Rat"), ["Rats"]);
        assert!(matches!(
            Reference::Organisms.table().lookup("Staphylococcus aureus"),
            NameMatch::Symbol(_)
        ));
    }

    #[test]
    fn cell_lines_are_cell_lines_of_a_species_and_a_disease() {
        let table = Reference::CellLines.table();
        let NameMatch::Symbol(id) = table.lookup("A549") else { panic!("A549 is a cell line") };
        let info = Reference::CellLines.info(id).expect("A549 has its info");
        let classes: Vec<&str> = info.classes().collect();
        assert_eq!(classes, ["cell-line", "human", "non-small cell lung adenocarcinoma"]);
        assert!(info.description.contains("CVCL_0023"), "{}", info.description);
    }

    #[test]
    fn genes_have_their_full_names() {
        assert_eq!(gene_full_name("ABCB1"), Some("ATP binding cassette subfamily B member 1"));
        assert_eq!(gene_full_name("NOT-A-GENE"), None);
    }

    #[test]
    fn names_round_trip() {
        for reference in Reference::ALL {
            assert_eq!(Reference::from_name(reference.name()), Some(reference));
        }
        assert_eq!(Reference::from_name("genes"), None);
    }
}
