//! `check::reanalyze`, the server's path for an edit, against `check::analyze` of the
//! new text: after every edit of a sequence (each re-analysis built on the previous
//! one), the diagnostics, the counts and every file's syntax tree are the same. The
//! edits are random (fixed seed) over generated workspaces, and a few chosen ones say
//! which path was taken: a re-check of the edited statements, or a whole analysis when
//! the edit touched a declaration, a section or the review.

use crate::common;

use evn::check::{self, Analysis, Options, Reuse, Source, SourceKind};
use proptest::prelude::*;

fn sources<'a>(texts: &'a [String]) -> Vec<Source<'a>> {
    texts.iter().map(|text| Source { text, kind: SourceKind::Evn, invalid_utf8: &[] }).collect()
}

/// Applies `edit` to `texts[0]` and checks that re-analysing equals analysing.
fn step(
    texts: &mut [String],
    previous: &Analysis,
    (at, remove, insert): &(usize, usize, String),
) -> Analysis {
    let old_texts: Vec<String> = texts.to_vec();
    let text = &mut texts[0];
    let mut start = at % (text.len() + 1);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + remove).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.replace_range(start..end, insert);
    let options = Options::default();
    let old: Vec<&str> = old_texts.iter().map(String::as_str).collect();
    let again = check::reanalyze(previous, &old, &sources(texts), &options);
    let whole = check::analyze(&sources(texts), &options);
    assert_same(&again, &whole, texts);
    again
}

fn assert_same(again: &Analysis, whole: &Analysis, texts: &[String]) {
    assert_eq!(again.diagnostics, whole.diagnostics, "texts: {texts:?}");
    assert_eq!(again.counts, whole.counts);
    for (a, b) in again.files.iter().zip(&whole.files) {
        assert_eq!(*a.ast, *b.ast, "texts: {texts:?}");
    }
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("define target T1 \"a target\" aka TT\n".to_string()),
        Just("ref 1 \"One\" year 2020\n".to_string()),
        Just("ref 2 \"Two\"\n".to_string()),
        Just("section 1 \"S\" via efflux\n".to_string()),
        Just("section 2 \"T\"\n".to_string()),
        Just("review \"R\"\n".to_string()),
        Just("carrier SLN(talazoparib) downregulates ABCB1 in TNBC cite(1)\n".to_string()),
        Just("carrier SLN(talazoparib) upregulates P-gp in MDA-MB-231 cite(2)\n".to_string()),
        Just("carrier SLN(DOX) inhibits BCL2, MDR1 cite(1-2)\n".to_string()),
        Just("drug doxorubicin inhibits BCRQ cite(3)\n    in TNBC\n".to_string()),
        Just("carrier SLN(DOX inhibits ABCB1\n".to_string()),
        Just("# evn: allow(missing-citation)\n".to_string()),
        Just("drug DOX induces apoptosis # evn: allow(missing-citation)\n".to_string()),
        Just("\n".to_string()),
        Just("    orphan ABCB1\n".to_string()),
        "[ -~]{0,20}\n".prop_map(|s| s),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..30).prop_map(|lines| lines.concat())
}

fn edit() -> impl Strategy<Value = (usize, usize, String)> {
    let insert = prop_oneof![
        Just(String::new()),
        Just("x".to_string()),
        Just(" ".to_string()),
        Just(", MDR1".to_string()),
        Just(" cite(2)".to_string()),
        Just(" in TNBC".to_string()),
        Just("\n".to_string()),
        Just("\n    ".to_string()),
        Just("#".to_string()),
        Just("section 3 \"U\" via apoptosis".to_string()),
        Just("define".to_string()),
        Just("review".to_string()),
        Just("κ".to_string()),
        "[ -~]{0,6}".prop_map(|s| s),
    ];
    (any::<usize>(), 0..8usize, insert)
}

proptest! {
    #![proptest_config(common::proptest_config(128))]

    #[test]
    fn reanalysing_after_each_edit_equals_analysing(
        edited in document(),
        other in document(),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let mut texts = vec![edited, other];
        let mut previous = check::analyze(&sources(&texts), &Options::default());
        for e in &edits {
            previous = step(&mut texts, &previous, e);
        }
    }
}

/// A review-like file: sections, claims with continuation lines, comments, references.
fn review(claims: usize) -> String {
    let mut text =
        String::from("review \"R\"\nref 1 \"One\"\nref 2 \"Two\"\ndefine target T1 \"t\" aka TT\n");
    for i in 0..claims {
        if i % 50 == 0 {
            text.push_str(&format!("\nsection {} \"S\" via efflux\n", i / 50 + 1));
        }
        match i % 4 {
            0 => text.push_str("carrier SLN(talazoparib) downregulates ABCB1 in TNBC cite(1)\n"),
            1 => text.push_str("carrier SLN(DOX) upregulates P-gp\n    in TNBC cite(2)\n"),
            2 => text.push_str("# a note\ndrug doxorubicin inhibits BCRQ cite(3)\n"),
            _ => text
                .push_str(&format!("carrier SLN(DOX) inhibits T1 in MCF-7 by {i}% cite(1, 2)\n")),
        }
    }
    text
}

/// Where `needle` occurs in `texts[0]` (the `nth` time).
fn offset(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle")
}

#[test]
fn typing_in_a_claim_re_checks_only_its_statements() {
    let mut texts = vec![review(400), review(20)];
    let mut previous = check::analyze(&sources(&texts), &Options::default());
    // Type ", BCRP" into a claim in the middle, one character at a time, then fix the
    // misspelt target of another, then delete a citation.
    let at = offset(&texts[0], "ABCB1 in TNBC", 50) + "ABCB1".len();
    for (i, c) in ", BCRP".chars().enumerate() {
        previous = step(&mut texts, &previous, &(at + i, 0, c.to_string()));
        assert_eq!(previous.reuse, Reuse::Region);
    }
    let at = offset(&texts[0], "BCRQ", 60);
    previous = step(&mut texts, &previous, &(at, 4, "BCRP".into()));
    assert_eq!(previous.reuse, Reuse::Region);
    let at = offset(&texts[0], " cite(2)", 30);
    previous = step(&mut texts, &previous, &(at, " cite(2)".len(), String::new()));
    assert_eq!(previous.reuse, Reuse::Region);
    // A new claim on a new line counts as an edit of statements too.
    let at = offset(&texts[0], "# a note\n", 10);
    previous =
        step(&mut texts, &previous, &(at, 0, "carrier SLN(DOX) inhibits ABCB1 cite(1)\n".into()));
    assert_eq!(previous.reuse, Reuse::Region);
    // Nothing changed: every file is kept.
    let again =
        check::reanalyze(&previous, &[&texts[0], &texts[1]], &sources(&texts), &Options::default());
    assert_eq!(again.reuse, Reuse::Files);
    assert_eq!(again.diagnostics, previous.diagnostics);
}

#[test]
fn a_claim_typed_after_the_references_re_checks_only_its_line() {
    let mut texts = vec![format!("{}ref 3 \"Three\"\n", review(100))];
    let mut previous = check::analyze(&sources(&texts), &Options::default());
    let end = texts[0].len();
    for (i, c) in "\ncarrier SLN(DOX) inhibits P-gp cite(3)".chars().enumerate() {
        previous = step(&mut texts, &previous, &(end + i, 0, c.to_string()));
        assert_eq!(previous.reuse, Reuse::Region, "after {i} characters");
    }
    // A continuation line added to the `ref` changes it: analysed whole.
    let at = offset(&texts[0], "ref 3", 0) + "ref 3 \"Three\"".len();
    previous = step(&mut texts, &previous, &(at, 0, "\n    year 2020".into()));
    assert_eq!(previous.reuse, Reuse::Nothing);
}

#[test]
fn an_edit_of_a_declaration_or_a_section_is_analysed_whole() {
    let mut texts = vec![review(120)];
    let mut previous = check::analyze(&sources(&texts), &Options::default());
    for (needle, nth, replacement) in [
        ("via efflux", 1, "via apoptosis"),
        ("aka TT", 0, "aka TU"),
        ("ref 2 \"Two\"", 0, "ref 3 \"Two\""),
        ("review \"R\"", 0, "review \"Q\""),
    ] {
        let at = offset(&texts[0], needle, nth);
        previous = step(&mut texts, &previous, &(at, needle.len(), replacement.into()));
        assert_eq!(previous.reuse, Reuse::Nothing, "{needle}");
    }
    // The same text indented after a comment is no longer a section (found by the
    // property above): the claims after it lose its mechanism.
    let at = offset(&texts[0], "\nsection", 1) + 1;
    let before = texts[0].len();
    texts[0].insert_str(at, "# moved\n");
    assert!(texts[0].len() > before);
    previous = check::analyze(&sources(&texts), &Options::default());
    previous = step(&mut texts, &previous, &(at + "# moved\n".len(), 0, "    ".into()));
    assert_eq!(previous.reuse, Reuse::Nothing);
}

/// A file analysed blank for being over `max-line-length` is analysed whole once it is
/// back under it: the previous analysis is not of its text.
#[test]
fn a_file_back_under_a_limit_is_analysed_whole() {
    let mut options = Options::default();
    options.limits.max_line_length = 80;
    let long = format!("carrier SLN(DOX) inhibits ABCB1 in TNBC cite(1) # {}\n", "x".repeat(100));
    let mut texts = vec![format!("{}{long}", review(40))];
    let previous = check::analyze(&sources(&texts), &options);
    let old_texts = texts.clone();
    let end = texts[0].len() - 1;
    texts[0].replace_range(end - 80..end, "");
    let old: Vec<&str> = old_texts.iter().map(String::as_str).collect();
    assert!(texts[0].lines().all(|line| line.len() <= 80));
    let again = check::reanalyze(&previous, &old, &sources(&texts), &options);
    assert_eq!(again.reuse, Reuse::Nothing);
    assert_same(&again, &check::analyze(&sources(&texts), &options), &texts);
}

/// What hover, definition and completion answer at `offset` of file 0.
fn answers(analysis: &Analysis, texts: &[String], offset: u32) -> String {
    use evn::ide::{completion, definition, hover, World};
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let world = World { analysis, texts: &texts };
    let labels: Vec<String> =
        completion::completions(&world, 0, offset).items.into_iter().map(|i| i.label).collect();
    format!(
        "{:?}\n{:?}\n{labels:?}",
        hover::hover(&world, 0, offset),
        definition::definition(&world, 0, offset)
    )
}

proptest! {
    #![proptest_config(common::proptest_config(16))]

    /// The server answers a hover, a definition or a completion while the analysis
    /// runs from `check::declarations` with the statements around the cursor
    /// (`lsp/receipt.rs`): at every offset, the same answer as from the analysis.
    #[test]
    fn declarations_and_the_statements_around_answer_as_the_analysis_does(edited in document(), other in document()) {
        let texts = vec![edited, other];
        let options = Options::default();
        let whole = check::analyze(&sources(&texts), &options);
        for offset in (0..=texts[0].len()).filter(|&i| texts[0].is_char_boundary(i)) {
            let around = check::statements_around(&texts[0], offset);
            let declared = check::declarations(&sources(&texts), &options, Some((0, around)));
            prop_assert_eq!(answers(&declared, &texts, offset as u32), answers(&whole, &texts, offset as u32), "offset {}", offset);
        }
    }
}
