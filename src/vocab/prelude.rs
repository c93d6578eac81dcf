//! The prelude: the standard vocabulary, an ordinary EVN file embedded in the binary
//! (`prelude.evn`), parsed once on first use.

use std::sync::OnceLock;

use super::{entry_from, Entry, Layer};
use crate::syntax::ast::{Ast, StatementKind};

/// The prelude's text, as shipped.
pub const SOURCE: &str = include_str!("prelude.evn");

/// The file name under which editors show the prelude.
pub const FILE_NAME: &str = "prelude.evn";

/// The prelude parsed.
pub fn ast() -> &'static Ast {
    static AST: OnceLock<Ast> = OnceLock::new();
    AST.get_or_init(|| crate::syntax::parse(SOURCE))
}

/// The prelude's entries, in file order.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let ast = ast();
        ast.statements
            .iter()
            .filter_map(|statement| match &statement.kind {
                StatementKind::Definition(def) => {
                    Some(entry_from(SOURCE, ast, def, Layer::Prelude, None, statement.span))
                }
                _ => None,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{DefinitionSource, Lookup, Position, Reference, Resolved, Vocabulary};

    /// The abbreviations the prelude gives to two diseases on purpose, so that they are
    /// `ambiguous-name` with both readings (section "Disease subtypes").
    const TWO_DISEASES: [&str; 4] = ["AD", "UC", "DM", "PE"];

    /// Every statement of the prelude parses (a statement with a syntax error would
    /// drop its entry silently), and no name is defined twice in one namespace, but
    /// for the abbreviations of two diseases.
    #[test]
    fn the_prelude_parses_and_defines_each_name_once() {
        assert!(ast().errors.is_empty(), "{:?}", ast().errors);
        let source = DefinitionSource { file: 0, src: SOURCE, ast: ast() };
        let (_, duplicates) = Vocabulary::build(false, &[], &[], &[source]);
        let messages: Vec<&str> = duplicates
            .iter()
            .map(|d| d.message.as_str())
            .filter(|m| {
                !TWO_DISEASES.iter().any(|a| *m == format!("context `{a}` is defined again"))
            })
            .collect();
        assert!(messages.is_empty(), "{messages:?}");
        let prelude = Vocabulary::build(true, &[], &[], &[]).0;
        for abbreviation in TWO_DISEASES {
            let read = prelude.lookup(abbreviation, Position::Context);
            assert!(matches!(&read, Lookup::Ambiguous(two) if two.len() == 2), "{read:?}");
        }
    }

    /// The names of the prelude's sections for issue 21 (outcomes, interventions,
    /// coagulation proteins, subtypes) that another namespace also carries, each
    /// settled by the prelude on purpose (docs/decisions.md, "Clinical outcomes and
    /// disease subtypes"): the same substance or measure under another kind (`thrombin`,
    /// `HbA1c`, `LDL-cholesterol`, `kidney-failure`), or a gene alias that the field
    /// never means (`eGFR`, `GFR`, `LDL-C`, `PCI`, `CBT`, `DM`, `MoCA`, `mRS`).
    const SETTLED: [&str; 47] = [
        "eGFR",
        "GFR",
        "LDL-C",
        "LDL-cholesterol",
        "low-density-lipoprotein-cholesterol",
        "HDL-cholesterol",
        "HbA1c",
        "kidney-failure",
        "fracture",
        "PCI",
        "CBT",
        "thrombin",
        "prothrombin",
        "factor-X",
        "factor-Xa",
        "factor-IXa",
        "factor-XIa",
        "factor-VIIa",
        "neprilysin",
        "DM",
        "atopic-dermatitis",
        "MoCA",
        "mRS",
        "NAc",
        "PFC",
        // Session 31: HPO's phenotype of the same condition, the mite that is the
        // allergen, and the antibody class that CD79A's gene alias `IGA` is not.
        "IUGR",
        "intrauterine-growth-restriction",
        "chronic-spontaneous-urticaria",
        "CSU",
        "house-dust-mite",
        "IgA",
        // Bacterial genes, settled over a human gene's alias in another case, HPO's
        // abbreviation of knuckle pads and the drug source's cAMP (prelude.evn says why).
        "ethA",
        "EthA",
        "ddn",
        "Ddn",
        "parC",
        "ParC",
        "KPC-2",
        "ampC",
        "AmpC",
        // Session 32: the abbreviation of M. tuberculosis over a pseudogene's and
        // NCAPG2's alias `MTB`; the H. pylori protein over S100A8's alias `CAGA`; the
        // antigen and the factors that the drug source lists as a vaccine or a
        // concentrate (a target at target positions, the drug after `drug`, spec
        // §11 C); the gene CFD over the disease abbreviation of fleck corneal dystrophy.
        "Mtb",
        "CagA",
        "hepatitis-B-surface-antigen",
        "factor-VII",
        "factor-VIII",
        "factor-XIII",
        "CFD",
    ];

    /// Every name and alias of the issue-21 sections is checked against every reference
    /// namespace (spec §11 C, no silent homonym): a name that another entry carries,
    /// in any position and kind, is either that same entry (the prelude names a Mondo
    /// term or a gene by its canonical name) or in [`SETTLED`].
    #[test]
    fn new_aliases_are_settled_on_purpose() {
        let sections = [
            ("# ── Clinical outcomes and end points (issue 21)", "# ── Targets"),
            ("# Non-drug interventions (issue 21)", "define drug chemotherapy"),
            ("# Populations (issue 21)", "# Cell lines"),
            ("# Proteins that a drug source lists", "# ── Formulations"),
            ("# ── Disease subtypes (issue 21)", ""),
        ];
        let ranges: Vec<std::ops::Range<usize>> = sections
            .iter()
            .map(|(from, to)| {
                let start = SOURCE.find(from).expect(from);
                let end = if to.is_empty() {
                    SOURCE.len()
                } else {
                    start + SOURCE[start..].find(to).expect(to)
                };
                start..end
            })
            .collect();
        let reference =
            Vocabulary::build(false, &[crate::vocab::Species::Human], &Reference::ALL, &[]).0;
        let mut unsettled = Vec::new();
        let mut checked = 0;
        for entry in entries() {
            let at = entry.origin.statement.start as usize;
            if !ranges.iter().any(|r| r.contains(&at)) {
                continue;
            }
            for name in std::iter::once(&entry.name).chain(&entry.aliases) {
                checked += 1;
                let mut carriers: Vec<Resolved> = Vec::new();
                for position in Position::ALL {
                    match reference.find(name, position) {
                        Some(Lookup::Found(r, _)) => carriers.push(r),
                        Some(Lookup::Ambiguous(all)) => carriers.extend(all),
                        _ => {}
                    }
                    carriers.extend(reference.found_as(name, position).map(|(r, _)| r));
                }
                // The same entry or concept under another kind: the Mondo term or gene
                // the prelude names, or HPO's phenotype of the disease's name.
                let names: Vec<&str> = std::iter::once(entry.name.as_str())
                    .chain(entry.aliases.iter().map(String::as_str))
                    .collect();
                carriers.retain(|&r| {
                    let canonical = reference.canonical_name(r);
                    !names.iter().any(|n| crate::vocab::variants::are_variants(n, canonical))
                });
                carriers.dedup();
                if !carriers.is_empty() && !SETTLED.contains(&name.as_str()) {
                    let what: Vec<String> = carriers
                        .iter()
                        .map(|&r| {
                            format!("{}:{}", reference.namespace_of(r), reference.canonical_name(r))
                        })
                        .collect();
                    unsettled.push(format!("{name} ({}): {what:?}", entry.name));
                }
            }
        }
        assert!(checked > 300, "{checked}");
        assert!(unsettled.is_empty(), "{unsettled:#?}");
    }
}
