//! Properties over generated input: parse + check never panic, and every diagnostic
//! points inside its file, on character boundaries.

mod common;

use evn::check::Options;
use proptest::prelude::*;

/// Fragments of EVN, so that generated text reaches deep into the grammar.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("carrier ".to_string()),
        Just("SLN(".to_string()),
        Just("talazoparib".to_string()),
        Just(") ".to_string()),
        Just("downregulates ".to_string()),
        Just("MDR1, ".to_string()),
        Just("P-gp".to_string()),
        Just(" in TNBC".to_string()),
        Just(" via efflux".to_string()),
        Just(" cite(79)".to_string()),
        Just(" cite(70-72".to_string()),
        Just("\nref 79 \"t\"\n".to_string()),
        Just("define formulation X = SLN(DOX) with TPGS \"d\" aka Y role efflux:down is lipid\n".to_string()),
        Just("section 4.1 \"S\" via emt\n".to_string()),
        Just("\n    ".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just(" # evn: allow(contradiction)\n".to_string()),
        Just("`q n`".to_string()),
        Just("\"unterminated".to_string()),
        Just("`".to_string()),
        Just(" by 9.5%".to_string()),
        Just(" quote \"a \\\" b\"".to_string()),
        Just("\u{feff}".to_string()),
        Just("𝔸κ".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
        any::<String>(),
    ]
}

fn evn_like() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

fn check_spans(files: &[(&str, &str)]) {
    for (name, line, d) in common::analyze(files, &Options::default()) {
        let text = files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap_or("");
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len(), "{name}:{line} {d:?}");
        assert!(text.is_char_boundary(d.span.start as usize) && text.is_char_boundary(d.span.end as usize));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_spans(&[("a.evn", &text)]);
    }

    #[test]
    fn evn_like_text_never_panics(a in evn_like(), b in evn_like()) {
        check_spans(&[("a.evn", &a), ("b.evn", &b)]);
    }

    #[test]
    fn check_results_do_not_depend_on_a_reparse(text in evn_like()) {
        let first = evn::syntax::parse(&text);
        let second = evn::syntax::parse(&text);
        prop_assert_eq!(first, second);
    }
}

/// The chunked parse (what `evn check` uses) sees the same statements, comments and
/// errors as the whole-file parse (what the server keeps), also across chunk borders.
#[test]
fn chunked_parse_equals_whole_parse() {
    let mut text = String::new();
    for i in 0..700 {
        match i % 7 {
            0 => text.push_str("# a comment\n"),
            1 => text.push_str(&format!("carrier SLN(x{i}) inhibits ABCB1\n    in TNBC cite({i})\n")),
            2 => text.push_str("\n"),
            3 => text.push_str("carrier SLN(DOX inhibits ABCB1 cite(1)\n"),
            _ => text.push_str(&format!("define target T{i} \"d\" aka A{i}\n")),
        }
    }
    let whole = evn::syntax::parse(&text);
    let (mut spans, mut comments, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    evn::syntax::parse_chunks(&text, &mut |chunk| {
        spans.extend(chunk.statements.iter().map(|s| s.span));
        comments.extend_from_slice(&chunk.comments);
        errors.extend_from_slice(&chunk.errors);
    });
    assert_eq!(spans, whole.statements.iter().map(|s| s.span).collect::<Vec<_>>());
    assert_eq!(comments, whole.comments);
    assert_eq!(errors, whole.errors);
}

/// An allow comment alone on its line applies to the next statement even when the
/// parser hands them over in different chunks.
#[test]
fn suppression_across_chunk_borders() {
    let mut text = String::from("ref 1 \"R\"\n");
    for i in 0..600 {
        text.push_str("# evn: allow(missing-citation)\n");
        text.push_str(&format!("carrier SLN(doxorubicin) inhibits ABCB1 in TNBC by {i}%\n"));
    }
    text.push_str("carrier SLN(doxorubicin) inhibits ABCG2\n");
    let found = common::analyze(&[("a.evn", &text)], &Options::default());
    let missing: Vec<u32> =
        found.iter().filter(|(_, _, d)| d.rule == evn::diagnostic::Rule::MissingCitation).map(|(_, l, _)| *l).collect();
    assert_eq!(missing, vec![1202], "{found:?}");
}
