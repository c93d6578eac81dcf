//! The homonym index (spec §11 C): for every spelling-variant key (§10 C) that more
//! than one entry of the reference namespaces carries, as a canonical name, an alias
//! or a variant of one, every entry that carries it, in every namespace of every kind.
//! A name found through an alias or a spelling variant resolves silently only when its
//! keys are not here (or only its own entry is, among the enabled namespaces);
//! otherwise it is `ambiguous-name`, listing them all.
//!
//! The index is data, `data/homonyms.tsv.gz`, generated from the namespaces by
//! [`generate`] (the test `the_homonym_index_is_up_to_date` regenerates it with
//! `EVN_UPDATE_DATA=1`): building it takes seconds and every namespace in memory, and
//! the check that needs it must not load every namespace. The file has one key a line,
//! in byte order, `KEY<TAB>NAMESPACE<TAB>CANONICAL...`; it is decompressed on the first
//! alias or variant found in the reference layer, and read by binary search.

use std::sync::OnceLock;

use super::table::NameTable;
use super::variants::keys;
use super::{Reference, Species};

static DATA: &[u8] = include_bytes!("../../data/homonyms.tsv.gz");

/// The index: the file's text and where each line starts.
pub struct Homonyms {
    text: &'static str,
    lines: Vec<u32>,
}

impl Homonyms {
    /// The index, read on first use and shared.
    pub fn get() -> &'static Homonyms {
        static INDEX: OnceLock<Homonyms> = OnceLock::new();
        INDEX.get_or_init(|| Homonyms::new(super::reference::gunzip(DATA)))
    }

    fn new(text: &'static str) -> Homonyms {
        let mut lines = Vec::new();
        let mut start = 0usize;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len())) {
            if end > start {
                lines.push(start as u32);
            }
            start = end + 1;
        }
        Homonyms { text, lines }
    }

    fn line(&self, at: usize) -> &'static str {
        let start = self.lines.get(at).map_or(self.text.len(), |&s| s as usize);
        let rest = self.text.get(start..).unwrap_or("");
        rest.split('\n').next().unwrap_or("")
    }

    fn key_of(line: &str) -> &str {
        line.split('\t').next().unwrap_or("")
    }

    /// The entries that carry `key`, as `(namespace, canonical name)`: none for a key
    /// only one entry carries.
    pub fn carriers(&self, key: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
        let at = self.lines.partition_point(|&s| {
            Homonyms::key_of(self.text.get(s as usize..).unwrap_or("")) < key
        });
        let line = self.line(at);
        let fields = match line.split_once('\t') {
            Some((found, rest)) if found == key => rest,
            _ => "",
        };
        let mut parts = fields.split('\t').filter(|f| !f.is_empty());
        std::iter::from_fn(move || Some((parts.next()?, parts.next()?)))
    }

    /// The carriers of every key of `name`, each once.
    pub fn of_name(&self, name: &str) -> Vec<(&'static str, &'static str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for key in keys(name) {
            for carrier in self.carriers(&key) {
                if !out.contains(&carrier) {
                    out.push(carrier);
                }
            }
        }
        out
    }
}

/// Every reference namespace with the name the index gives it: the gene namespaces as
/// `genes:human`, `genes:mouse`, then [`Reference::ALL`].
pub fn namespaces() -> impl Iterator<Item = (&'static str, &'static NameTable)> {
    [("genes:human", Species::Human), ("genes:mouse", Species::Mouse)]
        .into_iter()
        .map(|(name, species)| (name, NameTable::get(species)))
        .chain(Reference::ALL.into_iter().map(|r| (r.name(), r.table())))
}

/// The text of `data/homonyms.tsv.gz` (before compression), from every namespace.
pub fn generate() -> String {
    let tables: Vec<(&str, &NameTable)> = namespaces().collect();
    let mut by_key: rustc_hash::FxHashMap<String, Vec<(u32, u32)>> =
        rustc_hash::FxHashMap::default();
    for (n, (_, table)) in tables.iter().enumerate() {
        for (name, id, _) in table.names() {
            for key in keys(name) {
                let carriers = by_key.entry(key).or_default();
                let carrier = (n as u32, id.0);
                if carriers.last() != Some(&carrier) {
                    carriers.push(carrier);
                }
            }
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for (key, mut carriers) in by_key {
        carriers.sort_unstable();
        carriers.dedup();
        if carriers.len() < 2 || key.contains(['\t', '\n']) {
            continue;
        }
        let mut line = key;
        for (n, id) in carriers {
            let Some(&(namespace, table)) = tables.get(n as usize) else { continue };
            line.push('\t');
            line.push_str(namespace);
            line.push('\t');
            line.push_str(table.symbol(super::table::NameId(id)));
        }
        lines.push(line);
    }
    lines.sort_unstable_by(|a, b| Homonyms::key_of(a).cmp(Homonyms::key_of(b)));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerates the index when `EVN_UPDATE_DATA` is set; otherwise fails when it is
    /// stale, with the command that renews it.
    #[test]
    fn the_homonym_index_is_up_to_date() {
        let fresh = generate();
        let current = super::super::reference::gunzip(DATA);
        if current == fresh {
            return;
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/homonyms.tsv.gz");
        if std::env::var_os("EVN_UPDATE_DATA").is_some() {
            use std::io::Write;
            let file = std::fs::File::create(path).expect("data/homonyms.tsv.gz is writable");
            let mut gz = flate2::GzBuilder::new().mtime(0).write(file, flate2::Compression::best());
            gz.write_all(fresh.as_bytes()).expect("the index is written");
            gz.finish().expect("the index is written");
            return;
        }
        panic!(
            "data/homonyms.tsv.gz is stale: run `EVN_UPDATE_DATA=1 cargo test --release --lib homonym`"
        );
    }

    #[test]
    fn a_key_lists_its_carriers_and_a_unique_key_none() {
        let index = Homonyms::get();
        let nrf2 = index.of_name("NRF2");
        assert!(nrf2.contains(&("genes:human", "NFE2L2")), "{nrf2:?}");
        assert!(nrf2.contains(&("genes:human", "GABPA")), "{nrf2:?}");
        assert!(index.of_name("ABCB1-not-a-name-anywhere").is_empty());
    }

    use crate::vocab::{Lookup, Match, Position, Resolved, Vocabulary};

    /// Every namespace, with or without the prelude.
    fn vocabulary(prelude: bool) -> Vocabulary {
        Vocabulary::build(prelude, &[Species::Human], &Reference::ALL, &[]).0
    }

    /// What `name` is in `position`: `namespace:canonical`, `ambiguous: ...` or the
    /// lookup's variant.
    fn read(vocabulary: &Vocabulary, name: &str, position: Position) -> String {
        let label = |r: Resolved| {
            format!("{}:{}", vocabulary.namespace_of(r), vocabulary.canonical_name(r))
        };
        match vocabulary.lookup(name, position) {
            Lookup::Found(r, Match::AliasCase) => format!("{} (warning)", label(r)),
            Lookup::Found(r, _) => label(r),
            Lookup::Ambiguous(all) => {
                let mut labels: Vec<String> = all.into_iter().map(label).collect();
                labels.sort();
                format!("ambiguous: {}", labels.join(", "))
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn an_alias_that_another_namespace_carries_is_ambiguous_even_of_another_kind() {
        let vocabulary = vocabulary(false);
        // A gene alias that is also a disease's abbreviation and a phenotype's synonym.
        let copd = read(&vocabulary, "COPD", Position::Object);
        assert!(copd.starts_with("ambiguous: "), "{copd}");
        assert!(copd.contains("genes:human:ARCN1"), "{copd}");
        assert!(copd.contains("phenotypes:"), "{copd}");
        // The dextran sulfate colitis model's chemical and a gene alias.
        assert!(read(&vocabulary, "DSS", Position::Context).starts_with("ambiguous: "));
    }

    #[test]
    fn the_position_decides_between_canonical_names() {
        let vocabulary = vocabulary(false);
        // The organ, not the neoplasm that lists `lung` as a synonym.
        assert_eq!(read(&vocabulary, "lung", Position::Context), "anatomy:Lung");
        assert_eq!(read(&vocabulary, "kidney", Position::Context), "anatomy:Kidney");
        // HPO's phenotype as an outcome; the disease that lists it, as a context.
        assert_eq!(read(&vocabulary, "hypertension", Position::Object), "phenotypes:Hypertension");
        assert_eq!(
            read(&vocabulary, "hypertension", Position::Context),
            "diseases:hypertensive disorder"
        );
    }

    #[test]
    fn families_are_never_one_member_and_micrornas_not_their_gene() {
        let vocabulary = vocabulary(false);
        assert_eq!(read(&vocabulary, "AMPK", Position::Object), "families:AMPK");
        assert_eq!(read(&vocabulary, "mTORC1", Position::Object), "families:mTORC1");
        assert_eq!(read(&vocabulary, "miR-21", Position::Object), "mirnas:miR-21");
        assert_eq!(read(&vocabulary, "hsa-miR-21-5p", Position::Object), "mirnas:miR-21");
        // The complex, not its subunit IL23A, which also carries the name.
        assert_eq!(read(&vocabulary, "IL-23", Position::Object), "families:IL23");
    }

    #[test]
    fn a_greek_letter_first_or_last_is_a_spelling_variant() {
        let vocabulary = vocabulary(false);
        assert_eq!(read(&vocabulary, "α-tubulin", Position::Object), "families:TUBA");
    }

    #[test]
    fn the_prelude_settles_the_common_disease_abbreviations() {
        let vocabulary = vocabulary(true);
        assert_eq!(read(&vocabulary, "MS", Position::Context), "prelude:multiple sclerosis");
        assert_eq!(read(&vocabulary, "PD", Position::Context), "prelude:Parkinson disease");
        // Without the prelude, Mondo's short abbreviations are no aliases (data/diseases)
        // unless they are OncoTree codes (`PD` is Paget disease of the nipple's):
        // `HF` is not hydrops fetalis.
        let bare = vocabulary_without_prelude_reads("HF");
        assert!(!bare.contains("hydrops"), "{bare}");
        assert_eq!(read(&vocabulary, "HF", Position::Context), "prelude:heart failure");
    }

    #[test]
    fn an_animal_in_the_singular_is_found_and_its_homonyms_too() {
        // MeSH's `Pigs` gives the organisms namespace `Pig`, so Mondo's `pig` (pulmonary
        // interstitial glycogenosis) is no longer the only entry that carries it.
        let bare = vocabulary_without_prelude_reads("pig");
        assert!(bare.starts_with("ambiguous: "), "{bare}");
        assert!(bare.contains("organisms:Swine") && bare.contains("glycogenosis"), "{bare}");
        // The prelude settles it for the animal; `bat` stays ambiguous (`BAT` is also
        // an alias of BAAT, and brown adipose tissue).
        let vocabulary = vocabulary(true);
        assert_eq!(read(&vocabulary, "pig", Position::Context), "prelude:Swine");
        let bat = read(&vocabulary, "bat", Position::Context);
        assert!(bat.contains("organisms:Chiroptera") && bat.contains("BAAT"), "{bat}");
        // A plural that is Latin gets no singular: `Streptomyces` is not a `Streptomyce`.
        let latin = vocabulary_without_prelude_reads("Streptomyce");
        assert_eq!(latin, "Unknown");
    }

    #[test]
    fn the_populations_of_clinical_studies_and_the_short_forms_left_out() {
        let vocabulary = vocabulary(true);
        for (name, entry) in [
            ("pregnant-women", "prelude:pregnant-women"),
            ("pregnancy", "prelude:pregnant-women"),
            ("preterm-infants", "prelude:preterm-infants"),
            ("elderly", "prelude:older-adults"),
            ("postmenopausal-women", "prelude:postmenopausal"),
        ] {
            assert_eq!(read(&vocabulary, name, Position::Context), entry, "{name}");
        }
        // `men` is also MEN (multiple endocrine neoplasia) and an alias of ELL.
        assert!(read(&vocabulary, "men", Position::Context).starts_with("ambiguous: "));
    }

    /// Issue 21: the prelude's clinical names settle what they mean at their
    /// positions, and leave the other readings where they were.
    #[test]
    fn the_prelude_settles_the_clinical_names() {
        let vocabulary = vocabulary(true);
        // `eGFR` is the filtration rate; the gene is written `EGFR`.
        assert_eq!(read(&vocabulary, "eGFR", Position::Object), "prelude:eGFR");
        assert_eq!(read(&vocabulary, "EGFR", Position::Object), "genes:human:EGFR");
        // A coagulation factor is a target at a target position, a drug after `drug`.
        assert_eq!(read(&vocabulary, "thrombin", Position::Object), "prelude:F2");
        assert_eq!(read(&vocabulary, "thrombin", Position::DrugSubject), "drugs:thrombin");
        assert_eq!(read(&vocabulary, "FXa", Position::Object), "prelude:F10");
        // An abbreviation of two diseases names both.
        assert_eq!(
            read(&vocabulary, "AD", Position::Context),
            "ambiguous: prelude:Alzheimer disease, prelude:atopic eczema"
        );
        // A subtype is its own context, and an end point a process.
        assert_eq!(read(&vocabulary, "HFrEF", Position::Context), "prelude:HFrEF");
        assert_eq!(
            read(&vocabulary, "hospitalization-for-heart-failure", Position::Object),
            "prelude:HF-hospitalization"
        );
        // A gene alias the prelude settles at the positions of its kind only.
        assert_eq!(read(&vocabulary, "PCI", Position::Subject), "prelude:PCI");
        let pci = read(&vocabulary, "PCI", Position::Object);
        assert!(pci.contains("SERPINA5"), "{pci}");
    }

    /// An alias that is its entry's own canonical name written otherwise is that name
    /// (rule 1 of docs/homonyms.md), whatever entry of another kind carries it too.
    #[test]
    fn a_cell_line_written_otherwise_is_the_line_after_in() {
        let vocabulary = vocabulary(false);
        // `Huh-7` and `Huh7`, EFO's aliases of `HuH-7`, are its name in another case, as
        // `HUH7` is; that `HUH7` is also an alias of the gene MIR7-3HG does not make them
        // ambiguous after `in`, where a gene is no context.
        for name in ["Huh-7", "Huh7", "HUH7", "HuH7"] {
            assert_eq!(read(&vocabulary, name, Position::Context), "cell-lines:HuH-7", "{name}");
        }
        let object = read(&vocabulary, "Huh-7", Position::Object);
        assert!(object.contains("MIR7-3HG"), "{object}");
        // So is a family's name in another case that the family lists: `sGC`, whatever
        // gene alias `SGC` is.
        assert_eq!(read(&vocabulary, "sGC", Position::Object), "families:SGC");
        // The lines curated in `models` whose names genes also carry: the line after
        // `in`, the gene at a target position.
        assert_eq!(read(&vocabulary, "HK-2", Position::Context), "models:HK-2");
        assert_eq!(read(&vocabulary, "HK-2", Position::Object), "genes:human:HK2");
        assert_eq!(read(&vocabulary, "L6", Position::Context), "models:L6");
        assert_eq!(read(&vocabulary, "HL-1", Position::Context), "models:HL-1");
        assert_eq!(read(&vocabulary, "HAP1", Position::Context), "models:HAP1");
        assert_eq!(read(&vocabulary, "HAP1", Position::Object), "genes:human:HAP1");
        assert_eq!(read(&vocabulary, "TIG3", Position::Context), "models:TIG-3");
        assert_eq!(read(&vocabulary, "MT4", Position::Context), "models:MT-4");
        assert_eq!(read(&vocabulary, "CHO", Position::Context), "models:CHO");
        assert_eq!(read(&vocabulary, "Vero", Position::Context), "models:Vero");
        // An alias that is no spelling of its line's own name stays ambiguous with the
        // genes that carry it (spec §11 C); the prelude settles the ones it chooses.
        assert!(read(&vocabulary, "U87", Position::Context).starts_with("ambiguous: "));
    }

    /// MeSH's phenomena and processes (tree G, `data/processes`) name the measures and
    /// phenomena GO does not; the classes left out are no processes; a descriptor whose
    /// name the prelude, GO or a disease holds is theirs, and reads as before.
    #[test]
    fn mesh_phenomena_are_processes_and_the_classes_left_out_are_not() {
        let vocabulary = vocabulary(true);
        for (name, entry) in [
            ("intraocular-pressure", "processes:Intraocular Pressure"),
            ("visual-acuity", "processes:Visual Acuity"),
            ("hemolysis", "processes:Hemolysis"),
            ("endoplasmic-reticulum-stress", "processes:Endoplasmic Reticulum Stress"),
            ("virus-replication", "processes:Virus Replication"),
            ("seroconversion", "processes:Seroconversion"),
            ("INR", "processes:International Normalized Ratio"),
        ] {
            assert_eq!(read(&vocabulary, name, Position::Object), entry, "{name}");
        }
        // Diets are interventions and doses parameters of a drug (left out of tree G).
        assert_eq!(read(&vocabulary, "Mediterranean-Diet", Position::Object), "Unknown");
        assert_eq!(read(&vocabulary, "Maximum-Tolerated-Dose", Position::Object), "Unknown");
        // Left to the prelude, GO and the diseases, as they were.
        assert_eq!(read(&vocabulary, "apoptosis", Position::Object), "prelude:apoptosis");
        assert_eq!(
            read(&vocabulary, "bone-density", Position::Object),
            "prelude:bone-mineral-density"
        );
        assert_eq!(
            read(&vocabulary, "platelet-aggregation", Position::Object),
            "processes:platelet aggregation"
        );
        assert_eq!(
            read(&vocabulary, "uniparental-disomy", Position::Outcome),
            "diseases:uniparental disomy"
        );
        assert_eq!(
            read(&vocabulary, "genetic-susceptibility", Position::Context),
            "diseases:inherited disease susceptibility"
        );
    }

    /// The HGNC approved names of protein-coding genes are aliases of their genes
    /// (`data/genes/README.md`), except those another entry carries.
    #[test]
    fn an_approved_gene_name_is_its_gene_unless_another_entry_carries_it() {
        let vocabulary = vocabulary(true);
        for (name, entry) in [
            ("androgen-receptor", "genes:human:AR"),
            ("androgen receptor", "genes:human:AR"),
            ("vitamin-D-receptor", "genes:human:VDR"),
            ("calcium-sensing-receptor", "genes:human:CASR"),
            ("complement-factor-B", "prelude:CFB"),
            ("TNF-superfamily-member-11", "genes:human:TNFSF11"),
            ("coagulation-factor-IX", "prelude:F9"),
            // Read before as a family fused to PPIB, whose alias is `B`.
            ("ubiquitin-B", "genes:human:UBB"),
        ] {
            assert_eq!(read(&vocabulary, name, Position::Object), entry, "{name}");
        }
        // A protein a drug source lists: the target at a target position, the drug
        // after `drug`.
        assert_eq!(read(&vocabulary, "thyroid-peroxidase", Position::Object), "genes:human:TPO");
        assert_eq!(
            read(&vocabulary, "thyroid-peroxidase", Position::DrugSubject),
            "drugs:iodide peroxidase"
        );
        // Left out: TXN's approved name is FamPlex's thioredoxin family, and BBS1's the
        // disease's name.
        assert_eq!(read(&vocabulary, "thioredoxin", Position::Object), "families:TXN");
        assert_eq!(
            read(&vocabulary, "Bardet-Biedl-syndrome-1", Position::Context),
            "diseases:Bardet-Biedl syndrome 1"
        );
        assert_eq!(
            read(&vocabulary, "Bardet-Biedl-syndrome-1", Position::Object),
            "WrongKind(Context)"
        );
    }

    /// MeSH's entry terms are the Mondo term's whose name is the descriptor's label and
    /// which cross-references it; MeSH is the second opinion on HPO's exact synonyms
    /// (`data/diseases/README.md`, `data/phenotypes/README.md`).
    #[test]
    fn mesh_entry_terms_join_their_mondo_term_and_overrule_hpo_synonyms() {
        let vocabulary = vocabulary(false);
        assert_eq!(read(&vocabulary, "neuropathic-pain", Position::Context), "diseases:neuralgia");
        // HPO lists `Hyperalgesia` as an exact synonym of Dysesthesia; MeSH has it as a
        // descriptor of its own, which Dysesthesia does not cross-reference.
        assert_ne!(read(&vocabulary, "hyperalgesia", Position::Object), "phenotypes:Dysesthesia");
        assert_eq!(
            read(&vocabulary, "neurodermatitis", Position::Context),
            "diseases:neurodermatitis"
        );
        assert_eq!(read(&vocabulary, "dysaesthesia", Position::Object), "phenotypes:Dysesthesia");
    }

    fn vocabulary_without_prelude_reads(name: &str) -> String {
        read(&vocabulary(false), name, Position::Context)
    }

    #[test]
    fn a_sentence_case_label_is_its_alias_and_another_variant_warns() {
        let vocabulary = vocabulary(false);
        // MeSH writes `Neuron`; an author writes `neuron`.
        let neuron = read(&vocabulary, "neuron", Position::Context);
        assert!(neuron.starts_with("cell-types:"), "{neuron}");
        assert!(!neuron.ends_with("(warning)"), "{neuron}");
    }
}
