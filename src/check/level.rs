//! The evidence level of a claim (spec 0.3 §11 M): the one written with `level`, or
//! the one its contexts and qualifiers give; and whether the two contradict each other
//! (`level-mismatch`). Pure: it reads the vocabulary, nothing else.
//!
//! What a context says of the evidence is its [`Setting`]: a cell line, a cell type,
//! humans, another organism, an in-vivo or in-vitro model, a disease. The derivation,
//! in order (the first that holds):
//! 1. a `trial` → `clinical`;
//! 2. an in-vivo model or an organism other than human → `in-vivo`;
//! 3. `human` with a disease → `clinical`;
//! 4. a cell line, a cell type or an in-vitro model → `in-vitro`;
//! 5. otherwise unknown.
//!
//! A cell line in a mouse is a xenograft, hence rule 2 before rule 4. A reference entry
//! is a cell line by its class `cell-line`, in whichever namespace it is (`cell-lines`,
//! or `models` for the lines no package ships); a line's derivative is what its line is.

use crate::check::units::{self, Tier};
use crate::vocab::{Reference, Resolved, Vocabulary};

/// What one context says of how the evidence was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    CellLine,
    CellType,
    Human,
    /// An organism other than human (`mouse`, `Danio rerio`).
    Animal,
    /// A laboratory animal model or strain, or the prelude's `in-vivo`.
    InVivoModel,
    /// The prelude's `in-vitro` and what `is` it (`3D-spheroid`).
    InVitroModel,
    /// A disease or condition: a disease of the namespace, or a curated context that
    /// is none of the above (`TNBC`).
    Disease,
    /// Anatomy, and what cannot be told.
    Other,
}

/// The setting of a resolved context.
pub fn setting(vocabulary: &Vocabulary, resolved: Resolved) -> Setting {
    // A line's derivative (`HepG2-NTCP`, `A549-ACE2`) or a disease's stage
    // (`metastatic-melanoma`) says what its base says.
    if let Resolved::Derived(id) = resolved {
        if let Some(d) = vocabulary.derived(id).filter(|d| d.is_base && d.base != resolved) {
            return setting(vocabulary, d.base);
        }
    }
    let classes = vocabulary.classes_of(resolved);
    let has = |class: &str| classes.iter().any(|c| c.eq_ignore_ascii_case(class));
    let name = vocabulary.canonical_name(resolved);
    match resolved {
        // A cell line is one by its class, whatever namespace holds it: EFO's lines
        // (`cell-lines`) and the lines curated in `models` (`AtT-20`, `CHO`) alike.
        Resolved::Reference(..) if has("cell-line") => Setting::CellLine,
        Resolved::Reference(Reference::CellTypes, _) => Setting::CellType,
        Resolved::Reference(Reference::Organisms, _) if name == "Humans" => Setting::Human,
        Resolved::Reference(Reference::Organisms, _) => Setting::Animal,
        // A syngeneic line (`B16-F10`) is grown in dishes and in mice alike.
        Resolved::Reference(Reference::Models, _) if has("syngeneic-line") => Setting::CellLine,
        Resolved::Reference(Reference::Models, _) => Setting::InVivoModel,
        Resolved::Reference(Reference::Diseases, _) => Setting::Disease,
        Resolved::Reference(..) | Resolved::Gene(..) => Setting::Other,
        Resolved::Entry(_) | Resolved::Derived(_) => {
            if name == "in-vitro" || has("in-vitro") {
                Setting::InVitroModel
            } else if name == "in-vivo" || has("in-vivo") {
                Setting::InVivoModel
            } else if has("cell-line") {
                Setting::CellLine
            } else if has("cell-type") || has("immune-cell") {
                Setting::CellType
            } else if name == "human" || has("human") {
                Setting::Human
            } else if has("species") || has("mouse") || has("strain") {
                Setting::Animal
            } else if has("model") || has("disease-model") {
                Setting::InVivoModel
            } else if matches!(resolved, Resolved::Entry(_))
                && vocabulary.kind_of(resolved) == crate::syntax::ast::Kind::Context
            {
                Setting::Disease
            } else {
                Setting::Other
            }
        }
    }
}

/// A claim's level: the tier, and the word that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Derived {
    pub tier: Tier,
    pub word: &'static str,
}

/// The level the contexts (and a `trial`) give, if any.
pub fn derive(settings: &[Setting], trial: bool) -> Option<Derived> {
    let any = |s: Setting| settings.contains(&s);
    if trial {
        return Some(Derived { tier: Tier::Clinical, word: "clinical" });
    }
    if any(Setting::InVivoModel) || any(Setting::Animal) {
        return Some(Derived { tier: Tier::InVivo, word: "in-vivo" });
    }
    if any(Setting::Human) && any(Setting::Disease) {
        return Some(Derived { tier: Tier::Clinical, word: "clinical" });
    }
    if any(Setting::CellLine) || any(Setting::CellType) || any(Setting::InVitroModel) {
        return Some(Derived { tier: Tier::InVitro, word: "in-vitro" });
    }
    None
}

/// Why a written level contradicts the contexts' settings, if it does: the end of
/// "the claim says `level clinical`, but …".
pub fn mismatch(written: &str, settings: &[Setting]) -> Option<&'static str> {
    let any = |s: Setting| settings.contains(&s);
    match units::tier(written)? {
        Tier::Clinical => {
            let lab = any(Setting::CellLine)
                || any(Setting::CellType)
                || any(Setting::Animal)
                || any(Setting::InVivoModel)
                || any(Setting::InVitroModel);
            (lab && !any(Setting::Human))
                .then_some("its contexts are cells, animals or laboratory models, with no `human`")
        }
        Tier::InVitro => (any(Setting::Animal) || any(Setting::InVivoModel))
            .then_some("its contexts name an animal or an in-vivo model"),
        Tier::InVivo => any(Setting::InVitroModel).then_some("its contexts name an in-vitro model"),
        Tier::ExVivo | Tier::InSilico => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Setting::*;

    #[test]
    fn derives_the_level_in_the_spec_order() {
        let word = |s: &[Setting], trial| derive(s, trial).map(|d| d.word);
        assert_eq!(word(&[CellLine], true), Some("clinical"));
        assert_eq!(word(&[CellLine, Animal], false), Some("in-vivo"));
        assert_eq!(word(&[InVivoModel], false), Some("in-vivo"));
        assert_eq!(word(&[Human, Disease], false), Some("clinical"));
        assert_eq!(word(&[Human], false), None);
        assert_eq!(word(&[CellLine, Disease], false), Some("in-vitro"));
        assert_eq!(word(&[CellType], false), Some("in-vitro"));
        assert_eq!(word(&[Disease], false), None);
        assert_eq!(word(&[], false), None);
    }

    /// A reference entry is a cell line by its class `cell-line`, not by its namespace:
    /// EFO's lines and the lines curated in `models` alike (spec 0.3 §11 M).
    #[test]
    fn a_cell_line_is_one_by_its_class_in_any_namespace() {
        use crate::vocab::{Lookup, Position, Species};
        let (vocabulary, _) = Vocabulary::build(true, &[Species::Human], &Reference::ALL, &[]);
        let of = |name: &str| match vocabulary.lookup(name, Position::Context) {
            Lookup::Found(resolved, _) => setting(&vocabulary, resolved),
            other => panic!("`{name}` after `in`: {other:?}"),
        };
        assert_eq!(of("HeLa"), CellLine);
        for line in ["AtT-20", "CHO", "HUDEP-2", "Vero", "661W", "LX-2", "RGC-5"] {
            assert_eq!(of(line), CellLine, "{line}");
        }
        // A syngeneic line is grown in dishes; a strain or a disease model is an animal.
        assert_eq!(of("B16-F10"), CellLine);
        assert_eq!(of("NSG"), InVivoModel);
        assert_eq!(of("Apc-Min"), InVivoModel);
        // A line's derivative is what its line is.
        assert_eq!(of("HepG2-NTCP"), CellLine);
        assert_eq!(of("A549/cisplatin"), CellLine);
        assert_eq!(derive(&[of("HepG2-NTCP")], false).map(|d| d.word), Some("in-vitro"));
        assert_eq!(of("AtT-20/dexamethasone"), CellLine);
        // So `in AtT-20` alone is in-vitro work.
        assert_eq!(derive(&[of("AtT-20")], false).map(|d| d.word), Some("in-vitro"));
    }

    #[test]
    fn a_written_level_contradicts_only_what_cannot_be_read_its_way() {
        assert!(mismatch("clinical", &[CellLine]).is_some());
        assert!(mismatch("phase-3", &[Animal]).is_some());
        assert!(mismatch("clinical", &[Human, CellLine]).is_none());
        assert!(mismatch("in-vitro", &[Animal]).is_some());
        assert!(mismatch("in-vitro", &[CellLine, Disease]).is_none());
        // A cell line under `level in-vivo` is a xenograft.
        assert!(mismatch("in-vivo", &[CellLine]).is_none());
        assert!(mismatch("in-vivo", &[InVitroModel]).is_some());
        assert!(mismatch("ex-vivo", &[Animal, Human]).is_none());
        assert!(mismatch("in-silico", &[CellLine]).is_none());
        assert!(mismatch("unknown-word", &[CellLine]).is_none());
    }
}
