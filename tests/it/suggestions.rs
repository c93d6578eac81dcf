//! "Did you mean" measured on a labelled set (spec §10 E): real typos of real names,
//! and unrelated real words from reviews on other topics
//! (`tests/suggestions/labelled.tsv`, built by `make_labelled.py` next to it). A
//! suggestion is right when its first candidate names the intended entry (`Aktt` →
//! `AKT1` for the intended alias `Akt` is right); any suggestion for an unrelated word
//! is wrong. The floors below are the figures measured when the
//! bound was set (TESTING.md), rounded down: a change to the bound or the vocabulary
//! that makes suggestions worse fails here.
//!
//! Typo lists measure only half of it (spec §11 E): most unknown names in a first
//! draft are correct names the vocabulary does not know. `suggestions/non-typos.tsv`
//! holds such names from reviews in neurology, immunology, infectious disease,
//! cardiology and endocrinology, and peptides and kinase inhibitors by their research
//! names; a fix attached to one of them is a correct claim that `--unsafe-fixes`
//! would change.

use evn::vocab::{Lookup, Position, Reference, Resolved, Species, Vocabulary};

const LABELLED: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/suggestions/labelled.tsv"));
/// Typos of names the other reference namespaces hold (drugs, cell lines, diseases,
/// organisms), and words no namespace holds; measured with the default namespaces.
const LABELLED_REFERENCE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/suggestions/labelled-reference.tsv"));
/// Correct names from reviews in other fields that no namespace holds; any fix on one
/// of them changes a correct claim.
const NON_TYPOS: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/suggestions/non-typos.tsv"));
/// The most fixes per hundred correct unknown names (spec §11 E asks for at most one
/// applied edit per hundred correct claims; a claim has two or three names, most of
/// them known). Measured: 8.0 before the typo test of `vocab::typo`, 0.4 after.
const NON_TYPO_FIX_CEILING: f64 = 1.0;

/// Precision of the suggestions made, in percent.
const PRECISION_FLOOR: f64 = 85.0;
/// Recall over the typos, in percent.
const RECALL_FLOOR: f64 = 80.0;
/// Precision of the fixes (`--unsafe-fixes`), in percent.
const FIX_PRECISION_FLOOR: f64 = 95.0;

fn position(name: &str) -> Position {
    match name {
        "object" => Position::Object,
        "payload" => Position::Payload,
        "carrier" => Position::CarrierHead,
        "with" => Position::With,
        "context" => Position::Context,
        "stimulus" => Position::Stimulus,
        "mechanism" => Position::Mechanism,
        "subject" => Position::Subject,
        other => panic!("unknown position {other}"),
    }
}

#[derive(Default, Debug)]
struct Tally {
    typos: usize,
    unrelated: usize,
    /// Items the vocabulary knows (no suggestion would be asked for).
    known: usize,
    right: usize,
    wrong_on_typo: usize,
    wrong_on_unrelated: usize,
    fixes_right: usize,
    fixes_wrong: usize,
}

/// Measures `sets` against the prelude, the human genes and `references`.
fn measure(references: &[Reference], sets: &[&str]) -> (Tally, Vec<String>) {
    let (vocabulary, _) = Vocabulary::build(true, &[Species::Human], references, &[]);
    let mut tally = Tally::default();
    let mut wrong = Vec::new();
    let entry = |name: &str, at| match vocabulary.find(name, at) {
        Some(Lookup::Found(resolved, _)) => Some(resolved),
        _ => None,
    };
    let same = |a: &str, b: &str, at| {
        a == b || entry(a, at).is_some_and(|r: Resolved| Some(r) == entry(b, at))
    };
    for line in sets
        .iter()
        .flat_map(|set| set.lines())
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut fields = line.split('\t');
        let (Some(written), Some(at), Some(intended)) =
            (fields.next(), fields.next(), fields.next())
        else {
            panic!("bad line {line:?}")
        };
        let at = position(at);
        if vocabulary.find(written, at).is_some() {
            tally.known += 1;
            continue;
        }
        let suggestions = vocabulary.suggest(written, at, 3);
        let first = suggestions.first();
        let fix = evn::vocab::fix(written, &suggestions);
        let typo = intended != "-";
        if typo {
            tally.typos += 1;
        } else {
            tally.unrelated += 1;
        }
        match first {
            None => {}
            Some(s) if typo && same(&s.text, intended, at) => tally.right += 1,
            Some(s) => {
                if typo {
                    tally.wrong_on_typo += 1;
                } else {
                    tally.wrong_on_unrelated += 1;
                }
                wrong.push(format!("{written} -> {} (intended {intended})", s.text));
            }
        }
        if let Some(fix) = fix {
            if typo && same(&fix.text, intended, at) {
                tally.fixes_right += 1;
            } else {
                tally.fixes_wrong += 1;
            }
        }
    }
    (tally, wrong)
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Prints the figures and the wrong suggestions, and checks them against the floors.
fn report_and_check(what: &str, (t, wrong): (Tally, Vec<String>)) {
    let made = t.right + t.wrong_on_typo + t.wrong_on_unrelated;
    let precision = percent(t.right, made);
    let recall = percent(t.right, t.typos);
    let fix_precision = percent(t.fixes_right, t.fixes_right + t.fixes_wrong);
    let fix_recall = percent(t.fixes_right, t.typos);
    println!(
        "{what}: {} typos, {} unrelated words ({} known, not measured); {made} suggestions: {} right, {} wrong on typos, \
         {} on unrelated words; precision {precision:.1}%, recall {recall:.1}%; fixes {} right, {} wrong ({fix_precision:.1}%; \
         {fix_recall:.1}% of the typos fixed)",
        t.typos, t.unrelated, t.known, t.right, t.wrong_on_typo, t.wrong_on_unrelated, t.fixes_right, t.fixes_wrong
    );
    for w in &wrong {
        println!("  wrong: {w}");
    }
    assert!(t.typos >= 200 && t.unrelated >= 30, "{what}: the labelled set shrank: {t:?}");
    assert!(precision >= PRECISION_FLOOR, "{what}: precision {precision:.1}% < {PRECISION_FLOOR}%");
    assert!(recall >= RECALL_FLOOR, "{what}: recall {recall:.1}% < {RECALL_FLOOR}%");
    assert!(
        fix_precision >= FIX_PRECISION_FLOOR,
        "{what}: fix precision {fix_precision:.1}% < {FIX_PRECISION_FLOOR}%"
    );
}

/// The prelude and the human genes only (`namespaces = ["genes:human"]`).
#[test]
fn suggestions_keep_their_measured_precision_and_recall() {
    report_and_check("prelude and genes", measure(&[], &[LABELLED]));
}

/// The default namespaces, what a workspace without `namespaces` gets: both sets (the
/// first one's unrelated drugs and cell lines are known there, so not measured).
#[test]
fn suggestions_with_the_default_namespaces_keep_their_precision_and_recall() {
    report_and_check(
        "default namespaces",
        measure(&Reference::ALL, &[LABELLED, LABELLED_REFERENCE]),
    );
}

/// Correct names the vocabulary does not know get no fix (spec §11 E): what
/// `--unsafe-fixes` would do to a first draft in a new field.
#[test]
fn correct_names_of_other_fields_are_not_fixed() {
    let (vocabulary, _) = Vocabulary::build(true, &[Species::Human], &Reference::ALL, &[]);
    let (mut unknown, mut known) = (0, 0);
    let mut fixed = Vec::new();
    for line in NON_TYPOS.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut fields = line.split('\t');
        let (Some(written), Some(at)) = (fields.next(), fields.next()) else {
            panic!("bad line {line:?}")
        };
        let at = position(at);
        if !matches!(vocabulary.lookup(written, at), Lookup::Unknown) {
            known += 1;
            continue;
        }
        unknown += 1;
        let suggestions = vocabulary.suggest(written, at, 3);
        if let Some(fix) = evn::vocab::fix(written, &suggestions) {
            fixed.push(format!("{written} -> {}", fix.text));
        }
    }
    let rate = percent(fixed.len(), unknown);
    println!(
        "correct names of other fields: {unknown} unknown ({known} known, not measured); \
         {} would be changed by a fix ({rate:.1}%)",
        fixed.len()
    );
    for f in &fixed {
        println!("  fixed: {f}");
    }
    // 226 unknown when written; names that a namespace or a derived form (spec §11 B)
    // comes to know leave the measure, so the floor leaves room for that (fewer than
    // 148 after session 32: its derived forms and prelude, and the cell lines curated
    // in `models`, `Vero-E6`, `H9c2`, `INS-1E`, `EndoC-βH1`).
    assert!(unknown >= 100, "the set shrank: {unknown} unknown names");
    assert!(
        rate <= NON_TYPO_FIX_CEILING,
        "{rate:.1}% of correct names would be changed: {fixed:?}"
    );
}

/// The issue's examples: the wrong suggestions are gone, the right ones stay.
#[test]
fn the_issues_bad_suggestions_are_gone() {
    let (vocabulary, _) = Vocabulary::build(true, &[Species::Human], &[], &[]);
    let first = |name: &str, at| vocabulary.suggest(name, at, 3).first().map(|s| s.text.clone());
    assert!(
        vocabulary.find("nephrotoxicity", Position::Object).is_some(),
        "the prelude knows it now"
    );
    // `mecA` → `HECA` stays: four characters allow one edit (a known miss, TESTING.md).
    for name in ["alectinib", "lorlatinib", "ERCC1-negative", "TfR"] {
        assert_eq!(first(name, Position::Object), None, "{name}");
    }
    for name in ["alectinib", "lorlatinib"] {
        assert_eq!(first(name, Position::Payload), None, "{name}");
    }
    assert_eq!(
        first("MGTM", Position::Object).as_deref(),
        Some("MGMT"),
        "a transposition comes first"
    );
    assert_eq!(first("BCRQ", Position::Object).as_deref(), Some("BCRP"), "an alias stays an alias");
    assert_eq!(first("doxorubicn", Position::Payload).as_deref(), Some("doxorubicin"));
}

/// An ontology's or a drug source's synonym is read as its entry, with the hint, but
/// never rewritten (spec §11 E; docs/decisions.md): `neuropathic-pain` is an entry
/// term of MeSH's `Neuralgia`, which clinicians do not take for the same thing, and
/// `CTLA4-Ig` is a construct the drug source lists under abatacept. A gene's alias
/// (`tau`), the same gene, still is.
#[test]
fn a_source_s_synonym_is_reported_but_never_rewritten() {
    let text = "review \"pain\"\n\
                drug pregabalin treats neuropathic-pain cite(a)\n\
                drug CTLA4-Ig prolongs allograft-survival in mouse cite(a)\n\
                tau activates Fyn cite(a)\n\
                ref a \"A. T\" year 2000\n";
    let options = evn::check::Options { hints: true, ..evn::check::Options::default() };
    let found = crate::common::analyze(&[("a.evn", text)], &options);
    let hint = |name: &str| {
        found
            .iter()
            .find(|(_, _, d)| {
                d.rule == evn::diagnostic::Rule::NonCanonicalName
                    && d.message.contains(&format!("`{name}`"))
            })
            .unwrap_or_else(|| panic!("no hint on {name}: {found:?}"))
            .2
            .clone()
    };
    for name in ["neuropathic-pain", "CTLA4-Ig"] {
        let diagnostic = hint(name);
        assert!(diagnostic.fix.is_none(), "{name}: {diagnostic:?}");
        assert!(diagnostic.message.contains("not rewritten"), "{}", diagnostic.message);
    }
    assert!(hint("tau").fix.is_some());
}
