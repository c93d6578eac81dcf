//! Spelling variants (spec §10 C): a name that differs from an entry's canonical name
//! or alias only by case, `-`, `_`, spaces, or a Greek letter spelled out resolves to
//! it. Both sides are reduced to *keys*: lowercase, without `-`, `_` and spaces, with
//! each Greek letter spelled out (`TGF-β` → `tgfbeta`) and, as a second key, written
//! as its Latin initial (`tgfb`, the way `TGFb`, `NF-kB` and `TNFa` are written). Two
//! names are variants of each other when they share a key. One exception to the
//! spec's letter, for the science: a leading phospho prefix `p-` before a capital
//! stays in the key, so `p-ERK` (phosphorylated ERK) is no variant of `PERK`
//! (EIF2AK3). Each reference namespace's keys are indexed on the first lookup that
//! needs them.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::table::{NameId, NameTable};
use super::{Reference, Species};

/// Greek letters, lower and upper case, with their English names.
const GREEK: &[(char, char, &str)] = &[
    ('α', 'Α', "alpha"),
    ('β', 'Β', "beta"),
    ('γ', 'Γ', "gamma"),
    ('δ', 'Δ', "delta"),
    ('ε', 'Ε', "epsilon"),
    ('ζ', 'Ζ', "zeta"),
    ('η', 'Η', "eta"),
    ('θ', 'Θ', "theta"),
    ('ι', 'Ι', "iota"),
    ('κ', 'Κ', "kappa"),
    ('λ', 'Λ', "lambda"),
    ('μ', 'Μ', "mu"),
    ('ν', 'Ν', "nu"),
    ('ξ', 'Ξ', "xi"),
    ('ο', 'Ο', "omicron"),
    ('π', 'Π', "pi"),
    ('ρ', 'Ρ', "rho"),
    ('σ', 'Σ', "sigma"),
    ('ς', 'Σ', "sigma"),
    ('τ', 'Τ', "tau"),
    ('υ', 'Υ', "upsilon"),
    ('φ', 'Φ', "phi"),
    ('χ', 'Χ', "chi"),
    ('ψ', 'Ψ', "psi"),
    ('ω', 'Ω', "omega"),
];

fn greek(c: char) -> Option<&'static str> {
    GREEK.iter().find(|(lower, upper, _)| *lower == c || *upper == c).map(|(_, _, name)| *name)
}

/// The keys of a name: one, or two when it holds a Greek letter (spelled out, and as
/// its Latin initial). A Greek letter written first, as a letter or spelled out, and
/// set off by `-` or a space, may also be written last (spec §11 A: `α-tubulin`,
/// `tubulin alpha`): such a name has the keys of that form too. Empty for a name that
/// is only separators.
pub fn keys(name: &str) -> Vec<String> {
    let mut out = word_keys(name);
    // The moved letter spelled out only: as a Latin initial at the end it would make
    // `α-tubulin` a variant of the genus `Tubulina`.
    if let Some((letter, rest)) = leading_greek(name) {
        if let Some(key) = word_keys(&format!("{rest} {letter}")).into_iter().next() {
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

/// A leading Greek letter (`α`, `alpha`, `Alpha`) set off by `-` or a space from a
/// rest that starts with a letter: the letter and the rest.
fn leading_greek(name: &str) -> Option<(char, &str)> {
    let mut chars = name.char_indices();
    let (_, first) = chars.next()?;
    let (letter, after) = if greek(first).is_some() {
        (first, first.len_utf8())
    } else {
        let word_end = name.find(['-', ' ']).unwrap_or(name.len());
        let word = name.get(..word_end)?;
        let (lower, _, _) =
            GREEK.iter().find(|(_, _, spelled)| spelled.eq_ignore_ascii_case(word))?;
        (*lower, word_end)
    };
    let rest = name.get(after..)?.strip_prefix(['-', ' '])?;
    rest.starts_with(char::is_alphabetic).then_some((letter, rest))
}

/// [`keys`] without the moved Greek letter.
fn word_keys(name: &str) -> Vec<String> {
    let mut full = String::with_capacity(name.len());
    let mut short = String::with_capacity(name.len());
    let mut has_greek = false;
    // `p-ERK` is phosphorylated ERK, not PERK (EIF2AK3): a phospho prefix stays.
    let mut chars = name.chars();
    let rest = name.strip_prefix("p-").filter(|rest| rest.starts_with(|c: char| c.is_uppercase()));
    if let Some(rest) = rest {
        full.push_str("p-");
        short.push_str("p-");
        chars = rest.chars();
    }
    for c in chars {
        if matches!(c, '-' | '_' | ' ' | '\u{2010}' | '\u{2011}' | '\u{2013}') {
            continue;
        }
        if let Some(spelled) = greek(c) {
            has_greek = true;
            full.push_str(spelled);
            short.extend(spelled.chars().next());
            continue;
        }
        for lower in c.to_lowercase() {
            full.push(lower);
            short.push(lower);
        }
    }
    match (full.is_empty(), has_greek) {
        (true, _) => Vec::new(),
        (false, false) => vec![full],
        (false, true) => vec![full, short],
    }
}

/// Whether two names are spelling variants of each other (share a key).
pub fn are_variants(a: &str, b: &str) -> bool {
    let b = keys(b);
    keys(a).iter().any(|k| b.contains(k))
}

/// One reference namespace's names under their keys (genes, or drugs, cell lines...):
/// for each key, the entries with a name of that key, each once.
pub struct NameVariants {
    by_key: FxHashMap<Box<str>, Vec<NameId>>,
}

impl NameVariants {
    /// The index of a species' table, built on first use and shared.
    pub fn get(species: Species) -> &'static NameVariants {
        static HUMAN: OnceLock<NameVariants> = OnceLock::new();
        static MOUSE: OnceLock<NameVariants> = OnceLock::new();
        let cell = match species {
            Species::Human => &HUMAN,
            Species::Mouse => &MOUSE,
        };
        cell.get_or_init(|| NameVariants::build(NameTable::get(species)))
    }

    /// The index of another reference namespace's table (drugs, cell lines...), built
    /// on first use and shared.
    pub fn of_reference(reference: Reference) -> &'static NameVariants {
        static INDEXES: [OnceLock<NameVariants>; Reference::ALL.len()] =
            [const { OnceLock::new() }; Reference::ALL.len()];
        INDEXES[reference.index()].get_or_init(|| NameVariants::build(reference.table()))
    }

    fn build(table: &NameTable) -> NameVariants {
        let mut by_key: FxHashMap<Box<str>, Vec<NameId>> = FxHashMap::default();
        for (name, gene, _) in table.names() {
            for key in keys(name) {
                let genes = by_key.entry(key.into_boxed_str()).or_default();
                if !genes.contains(&gene) {
                    genes.push(gene);
                }
            }
        }
        NameVariants { by_key }
    }

    /// Every gene with a name that is a variant of `name`, each once, in table order.
    pub fn genes(&self, name: &str) -> Vec<NameId> {
        let mut out: Vec<NameId> = Vec::new();
        for key in keys(name) {
            for &gene in self.by_key.get(key.as_str()).map_or(&[][..], Vec::as_slice) {
                if !out.contains(&gene) {
                    out.push(gene);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_case_separators_and_spell_greek() {
        assert_eq!(keys("MMP-2"), ["mmp2"]);
        assert_eq!(keys("TGF-β"), ["tgfbeta", "tgfb"]);
        assert_eq!(keys("NF κB"), ["nfkappab", "nfkb"]);
        assert_eq!(keys("--"), Vec::<String>::new());
    }

    #[test]
    fn the_specs_examples_are_variants() {
        for (written, entry) in [
            ("TGF-beta", "TGF-β"),
            ("TGFb", "TGF-β"),
            ("MMP-2", "MMP2"),
            ("c-Met", "cMET"),
            ("NRF2", "NRF-2"),
            ("NF-kB", "NF-κB"),
            ("TNFalpha", "TNF-α"),
            ("hif_1a", "HIF-1α"),
            ("α-tubulin", "tubulin alpha"),
            ("alpha-tubulin", "tubulin α"),
            ("β-catenin", "catenin beta"),
        ] {
            assert!(are_variants(written, entry), "{written} ~ {entry}");
        }
        for (written, entry) in [
            ("ABCB1", "ABCB2"),
            ("TGFb", "TGF-γ"),
            ("p53", "p21"),
            ("MMP-2", "MMP-20"),
            ("p-ERK", "PERK"),
            ("α-tubulin", "tubulin beta"),
            ("α-tubulin", "Tubulina"),
        ] {
            assert!(!are_variants(written, entry), "{written} !~ {entry}");
        }
    }

    #[test]
    fn the_gene_index_finds_both_nrf2s() {
        let index = NameVariants::get(Species::Human);
        let table = NameTable::get(Species::Human);
        let mut symbols: Vec<&str> =
            index.genes("NRF2").into_iter().map(|g| table.symbol(g)).collect();
        symbols.sort_unstable();
        assert_eq!(symbols, ["GABPA", "NFE2L2"]);
        let mmp2: Vec<&str> = index.genes("MMP-2").into_iter().map(|g| table.symbol(g)).collect();
        assert!(mmp2.contains(&"MMP2"), "{mmp2:?}");
    }
}
