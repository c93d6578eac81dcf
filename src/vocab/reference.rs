//! The reference namespaces of spec §10 A besides the genes: drugs, cell lines,
//! diseases and organisms, shipped as data (`data/<kind>/`, see each README) and
//! searched after the prelude. Each is a gzip file embedded in the binary, decompressed
//! and indexed on its first use only, into a [`GeneTable`] (the same `NAME<TAB>ALIAS...`
//! format and lookups as the genes); its descriptions and classes (`info.tsv.gz`) wait
//! for their own first use (hover, `evn explain`, the classes of a context). A check
//! that never looks a name up in a namespace never pays for it.
//!
//! Also here: the full names of human genes (`data/genes/names/`), for hover and
//! `evn explain`.

use std::io::Read;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::genes::{GeneId, GeneTable};
use crate::syntax::ast::Kind;

static DRUGS: &[u8] = include_bytes!("../../data/drugs/drugs.tsv.gz");
static DRUGS_INFO: &[u8] = include_bytes!("../../data/drugs/info.tsv.gz");
static CELL_LINES: &[u8] = include_bytes!("../../data/cell-lines/cell-lines.tsv.gz");
static CELL_LINES_INFO: &[u8] = include_bytes!("../../data/cell-lines/info.tsv.gz");
static DISEASES: &[u8] = include_bytes!("../../data/diseases/diseases.tsv.gz");
static DISEASES_INFO: &[u8] = include_bytes!("../../data/diseases/info.tsv.gz");
static ORGANISMS: &[u8] = include_bytes!("../../data/organisms/organisms.tsv.gz");
static ORGANISMS_INFO: &[u8] = include_bytes!("../../data/organisms/info.tsv.gz");
static GENE_NAMES: &[u8] = include_bytes!("../../data/genes/names/human.tsv.gz");

/// A reference namespace other than the genes, in the lookup order of spec §10 A.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reference {
    Drugs,
    CellLines,
    Diseases,
    Organisms,
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
    pub const ALL: [Reference; 4] =
        [Reference::Drugs, Reference::CellLines, Reference::Diseases, Reference::Organisms];

    /// The name `evn.toml`'s `namespaces` uses.
    pub fn name(self) -> &'static str {
        match self {
            Reference::Drugs => "drugs",
            Reference::CellLines => "cell-lines",
            Reference::Diseases => "diseases",
            Reference::Organisms => "organisms",
        }
    }

    pub fn from_name(name: &str) -> Option<Reference> {
        Reference::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The kind of its entries: drugs are drugs, the rest are contexts.
    pub fn kind(self) -> Kind {
        match self {
            Reference::Drugs => Kind::Drug,
            _ => Kind::Context,
        }
    }

    /// What one entry is called ("cell line").
    pub fn noun(self) -> &'static str {
        match self {
            Reference::Drugs => "drug",
            Reference::CellLines => "cell line",
            Reference::Diseases => "disease",
            Reference::Organisms => "organism",
        }
    }

    /// Its place in [`Reference::ALL`], and in every per-namespace array (data, tables,
    /// indexes).
    pub const fn index(self) -> usize {
        match self {
            Reference::Drugs => 0,
            Reference::CellLines => 1,
            Reference::Diseases => 2,
            Reference::Organisms => 3,
        }
    }

    /// The namespace's table, decompressed and indexed on the first call, then shared.
    pub fn table(self) -> &'static GeneTable {
        static TABLES: [OnceLock<GeneTable>; Reference::ALL.len()] =
            [const { OnceLock::new() }; Reference::ALL.len()];
        static DATA: [&[u8]; Reference::ALL.len()] = [DRUGS, CELL_LINES, DISEASES, ORGANISMS];
        TABLES[self.index()].get_or_init(|| GeneTable::from_tsv(gunzip(DATA[self.index()])))
    }

    /// The description and classes of an entry of this namespace.
    pub fn info(self, id: GeneId) -> Option<Info> {
        static INFOS: [OnceLock<InfoIndex>; Reference::ALL.len()] =
            [const { OnceLock::new() }; Reference::ALL.len()];
        static DATA: [&[u8]; Reference::ALL.len()] =
            [DRUGS_INFO, CELL_LINES_INFO, DISEASES_INFO, ORGANISMS_INFO];
        let index = INFOS[self.index()].get_or_init(|| InfoIndex::new(gunzip(DATA[self.index()])));
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
fn gunzip(data: &'static [u8]) -> &'static str {
    let mut text = String::new();
    if flate2::read::GzDecoder::new(data).read_to_string(&mut text).is_err() {
        text.truncate(text.rfind('\n').map_or(0, |end| end + 1));
    }
    Box::leak(text.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::genes::GeneMatch;

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
            GeneMatch::Symbol(_)
        ));
    }

    #[test]
    fn cell_lines_are_cell_lines_of_a_species_and_a_disease() {
        let table = Reference::CellLines.table();
        let GeneMatch::Symbol(id) = table.lookup("A549") else { panic!("A549 is a cell line") };
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
