//! The formatter's promises (spec §8), on every fixture, on the example review and on
//! generated inputs: idempotent, the same tokens and comments in the same order, the
//! same statements (never joined or split), and texts with syntax errors refused.

use std::path::{Path, PathBuf};

use evn::format::{format, FormatError};
use evn::syntax::lexer::{tokens, Token};
use evn::syntax::parse;
use proptest::prelude::*;

use crate::common;
use common::token_texts;

/// Each statement's tokens, comments left out: equal lists mean equal statements.
fn statements(text: &str) -> Vec<Vec<String>> {
    parse(text)
        .statements
        .iter()
        .map(|s| {
            tokens(s.span.text(text), 0)
                .into_iter()
                .filter(|(t, _)| *t != Token::Comment)
                .map(|(_, span)| span.text(s.span.text(text)).to_string())
                .collect()
        })
        .collect()
}

/// Checks every promise on one text; returns whether it was formatted.
fn check_promises(text: &str) -> Result<bool, String> {
    match format(text) {
        Err(FormatError::Syntax(errors)) => {
            if errors.is_empty() {
                return Err("a syntax refusal without errors".into());
            }
            Ok(false)
        }
        Err(FormatError::StrayCarriageReturn { .. }) => Ok(false),
        Ok(formatted) => {
            let again = format(&formatted)
                .map_err(|e| format!("formatted text does not format: {e}\n{formatted:?}"))?;
            if again != formatted {
                return Err(format!("not idempotent:\n{formatted:?}\n{again:?}"));
            }
            if token_texts(text) != token_texts(&formatted) {
                return Err(format!("tokens changed:\n{text:?}\n{formatted:?}"));
            }
            if statements(text) != statements(&formatted) {
                return Err(format!("statements changed:\n{text:?}\n{formatted:?}"));
            }
            if !parse(&formatted).errors.is_empty() {
                return Err(format!("formatting introduced syntax errors:\n{formatted:?}"));
            }
            if !formatted.is_empty() && !formatted.ends_with('\n') || formatted.ends_with("\n\n") {
                return Err(format!("not exactly one final newline: {formatted:?}"));
            }
            if formatted.contains("\n\n\n") || formatted.contains("\r\n\r\n\r\n") {
                return Err(format!("two blank lines in a row: {formatted:?}"));
            }
            if formatted.lines().any(|l| l.ends_with([' ', '\t'])) {
                return Err(format!("trailing whitespace: {formatted:?}"));
            }
            Ok(true)
        }
    }
}

fn evn_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            evn_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "evn") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_and_the_example_review_keep_the_promises() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    evn_files(&root.join("tests/fixtures"), &mut files);
    evn_files(&root.join("examples"), &mut files);
    files.push(root.join("src/vocab/prelude.evn"));
    assert!(files.len() > 20, "{files:?}");
    let (mut formatted, mut failures) = (0, Vec::new());
    for file in &files {
        let (text, _) = evn::workspace::decode(&std::fs::read(file).unwrap());
        match check_promises(&text) {
            Ok(true) => formatted += 1,
            Ok(false) => {}
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(formatted > 10, "only {formatted} files could be formatted");
}

#[test]
fn the_example_review_is_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/review");
    let mut files = Vec::new();
    evn_files(&root, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            format(&text).as_deref(),
            Ok(text.as_str()),
            "{} is not in the canonical format",
            file.display()
        );
    }
}

/// The pieces of valid statements, written token by token.
const TEMPLATES: &[&[&str]] = &[
    &[
        "carrier",
        "SLN",
        "(",
        "talazoparib",
        ")",
        "downregulates",
        "MDR1",
        ",",
        "BCRP",
        ",",
        "MRP1",
        "in",
        "TNBC",
        "cite",
        "(",
        "79",
        ")",
    ],
    &[
        "TPGS-Res-SLN",
        "inhibits",
        "EMT",
        "via",
        "emt",
        "by",
        "94.1",
        "%",
        "quote",
        "\"a # \\\"q\\\"\"",
        "cite",
        "(",
        "70-72",
        ",",
        "77",
        ")",
    ],
    &["ref", "79", "\"Guney Eskiler G et al. # not a comment\"", "year", "2019"],
    &[
        "define",
        "formulation",
        "`(DOX+CUR)-FA-NP`",
        "=",
        "PLGA-NP",
        "(",
        "DOX",
        ",",
        "CUR",
        ")",
        "with",
        "FA",
        "\"x\"",
        "aka",
        "DCF",
    ],
    &[
        "define", "target", "X1", "role", "efflux", ":", "down", ",", "emt", ":", "up", "is", "a",
        ",", "b",
    ],
    &["section", "4.1", "\"Inhibition of drug efflux\"", "via", "efflux"],
    &[
        "drug",
        "DOX",
        "induces",
        "apoptosis",
        "under",
        "pH",
        ",",
        "NIR",
        "in",
        "MCF-7/ADR",
        ",",
        "Ldlr−/−",
        ",",
        "Trem2+/-",
        "cite",
        "(",
        "8",
        ")",
    ],
    // Spec 0.3 §11 K, L, M: every qualifier, signed numbers, fold changes, ranges,
    // `p <`, and combinations as a subject, in a payload, after `vs` and in a definition.
    &[
        "drug",
        "dabrafenib",
        "+",
        "trametinib",
        "prolongs",
        "overall-survival",
        "in",
        "melanoma",
        "effect",
        "HR",
        "0.62",
        "ci",
        "0.49-0.77",
        "p",
        "<",
        "0.001",
        "vs",
        "placebo",
        ",",
        "docetaxel",
        "+",
        "carboplatin",
        "+",
        "5-FU",
        "n",
        "600",
        "level",
        "phase-3",
        "trial",
        "COMBI-d",
        "cite",
        "(",
        "1",
        ")",
    ],
    &[
        "carrier",
        "SLN",
        "(",
        "paclitaxel",
        "+",
        "curcumin",
        ",",
        "DOX",
        ")",
        "with",
        "TPGS",
        "downregulates",
        "ABCB1",
        "by",
        "-14.9",
        "%",
        "at",
        "5",
        "mg/kg",
        "for",
        "12",
        "weeks",
        "through",
        "MEK1",
        ",",
        "ERK",
        "trial",
        "NCT01584648",
        "cite",
        "(",
        "2",
        ")",
    ],
    &[
        "drug",
        "imatinib",
        "inhibits",
        "BCR-ABL1",
        "by",
        "55-fold",
        "at",
        "10",
        "µM",
        "for",
        "24",
        "hours",
        "in",
        "K-562",
        "level",
        "in-vitro",
        "via",
        "kinase-inhibition",
    ],
    &[
        "drug",
        "metformin",
        "decreases",
        "HbA1c",
        "by",
        "−0.45",
        "points",
        "n",
        "1200",
        "vs",
        "placebo",
        "level",
        "rct",
    ],
    &[
        "X",
        "increases",
        "blood-pressure",
        "effect",
        "MD",
        "+2.5",
        "mmHg",
        "ci",
        "−4.2–3.1",
        "p",
        "0.04",
        "under",
        "hypoxia",
        "quote",
        "\"+2.5 mmHg < 5\"",
    ],
    &[
        "define",
        "formulation",
        "DT-NP",
        "=",
        "PLGA-NP",
        "(",
        "dabrafenib",
        "+",
        "trametinib",
        ")",
        "\"co-loaded\"",
    ],
];

/// The tokens that may touch their neighbours in the input: the canonical format puts
/// no space on one side of the first five, and `<` lexes alike with or without spaces
/// (`p<0.001`). A `+` may not: `A+B` is one name, so the generator keeps its spaces.
fn is_punctuation(token: &str) -> bool {
    matches!(token, "(" | ")" | "," | ":" | "%" | "=" | "<")
}

/// Whether the canonical format (spec §8) puts a space between two tokens on a line.
fn canonical_space(previous: &str, next: &str) -> bool {
    !matches!(next, "(" | ")" | "," | "%" | ":") && !matches!(previous, "(" | ":")
}

/// A statement with arbitrary spacing (separators may break it over continuation
/// lines), and the text the formatter must make of it: its tokens on the same lines,
/// spaced as spec §8 says.
fn statement() -> impl Strategy<Value = (String, String)> {
    let seps = prop::collection::vec(0usize..8, 40);
    (0..TEMPLATES.len(), seps, prop::option::of("[ \t]{0,3}# [a-z #]{0,8}[ \t]{0,2}")).prop_map(
        |(t, seps, comment)| {
            let template = TEMPLATES[t];
            let (mut out, mut canonical) = (String::new(), String::new());
            for (i, token) in template.iter().enumerate() {
                if i > 0 {
                    let previous = template[i - 1];
                    let tight = is_punctuation(token) || is_punctuation(previous);
                    let sep = match seps[i % seps.len()] {
                        0 if tight => "",
                        0 | 1 => " ",
                        2 => "   ",
                        3 => "\t",
                        4 => "\n    ",
                        5 => "\n\t ",
                        6 => " \x0c",
                        _ => "  ",
                    };
                    out.push_str(sep);
                    if sep.contains('\n') {
                        canonical.push_str("\n    ");
                    } else if canonical_space(previous, token) {
                        canonical.push(' ');
                    }
                }
                out.push_str(token);
                canonical.push_str(token);
            }
            if let Some(comment) = comment {
                out.push_str(&comment);
                canonical.push(' ');
                canonical.push_str(
                    comment.trim_start_matches([' ', '\t']).trim_end_matches([' ', '\t']),
                );
            }
            canonical.push('\n');
            (out, canonical)
        },
    )
}

/// A file: statements, blank lines, comment lines (maybe indented), LF or CRLF.
fn file() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => statement().prop_map(|(text, _)| text),
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => "[ \t]{0,3}# [a-z]{0,6}[ \t]{0,2}",
    ];
    (prop::collection::vec(line, 0..12), any::<bool>(), 0usize..3).prop_map(
        |(lines, crlf, trailing)| {
            let mut text = lines.join("\n") + &"\n".repeat(trailing);
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        },
    )
}

proptest! {
    #![proptest_config(common::proptest_config(512))]

    #[test]
    fn generated_files_keep_the_promises(text in file()) {
        let formatted = check_promises(&text);
        prop_assert!(formatted.is_ok(), "{}", formatted.unwrap_err());
        prop_assert!(formatted.unwrap(), "generated file did not format: {:?}\n{:?}", text, format(&text));
    }

    #[test]
    fn generated_statements_take_the_canonical_spacing((text, canonical) in statement()) {
        let formatted = format(&text);
        prop_assert_eq!(formatted.as_deref(), Ok(canonical.as_str()), "from {:?}", text);
    }

    #[test]
    fn arbitrary_text_never_breaks_a_promise(text in "[a-z0-9 \t\r\n#(),:%=<`\"\\\\.@/+−–-]{0,120}") {
        let result = check_promises(&text);
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }

    #[test]
    fn any_string_never_panics(text in any::<String>()) {
        let _ = format(&text);
    }
}
