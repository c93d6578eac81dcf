//! Properties over generated input: parse + check never panic, every diagnostic points
//! inside its file on character boundaries, and the results do not depend on the order
//! in which the files are given. Every property runs from a fixed seed, so that a run
//! of `cargo test` is the same on every machine (a failure prints its minimal input).

use crate::common;

use std::path::PathBuf;

use evn::check::Options;
use evn::diagnostic::Rule;
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
        Just(
            "define formulation X = SLN(DOX) with TPGS \"d\" aka Y role efflux:down is lipid\n"
                .to_string()
        ),
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
        // Genotype names and derived names (spec §11 B, J), whole and broken.
        Just(" in Pten-/-, Ldlr−/−".to_string()),
        Just("Trem2+/".to_string()),
        Just(" siKRAZ".to_string()),
        Just("p-AKT1 ".to_string()),
        Just("HCT116/5-FU".to_string()),
        Just("−".to_string()),
        // Effect measures, doses, design and combinations (spec 0.3 §11 K, L, M), whole
        // and broken.
        Just("drug dabrafenib + trametinib ".to_string()),
        Just("SLN(paclitaxel + curcumin) ".to_string()),
        Just(" + ".to_string()),
        Just(" by -14.9%".to_string()),
        Just(" by 55-fold".to_string()),
        Just(" by −0.45 points".to_string()),
        Just(" effect HR 0.62 ci 0.49-0.77 p < 0.001".to_string()),
        Just(" effect OR +2".to_string()),
        Just(" ci 0.8–0.4".to_string()),
        Just(" p <".to_string()),
        Just(" at 5 mg/kg".to_string()),
        Just(" for 12 weeks".to_string()),
        Just(" vs placebo, docetaxel + carboplatin".to_string()),
        Just(" n 600".to_string()),
        Just(" level phase-3".to_string()),
        Just(" trial NCT01584648".to_string()),
        Just(" through MEK1, ERK".to_string()),
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
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= text.len(),
            "{name}:{line} {d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start as usize)
                && text.is_char_boundary(d.span.end as usize)
        );
    }
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

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

/// The statements of the whole parse that start at column 0 with the keyword `define`,
/// `ref`, `review` or `section`, as (span, errors inside it).
fn declarations_of_whole(text: &str) -> Vec<(evn::text::Span, Vec<evn::syntax::ast::SyntaxError>)> {
    let whole = evn::syntax::parse(text);
    let declaration = |span: evn::text::Span| {
        let word = span.text(text).split(|c: char| c.is_ascii_whitespace()).next().unwrap_or("");
        let column_0 = span.start == 0 || text.as_bytes()[span.start as usize - 1] == b'\n';
        column_0 && ["define", "ref", "review", "section"].contains(&word)
    };
    let errors_in = |ast: &evn::syntax::Ast, span: evn::text::Span| {
        ast.errors
            .iter()
            .filter(|e| span.start <= e.span.start && e.span.end <= span.end)
            .cloned()
            .collect::<Vec<_>>()
    };
    whole
        .statements
        .iter()
        .filter(|s| declaration(s.span))
        .map(|s| (s.span, errors_in(&whole, s.span)))
        .collect()
}

fn declarations_only(text: &str) -> Vec<(evn::text::Span, Vec<evn::syntax::ast::SyntaxError>)> {
    let ast = evn::syntax::parse_declarations(text);
    ast.statements
        .iter()
        .map(|s| {
            (
                s.span,
                ast.errors
                    .iter()
                    .filter(|e| s.span.start <= e.span.start && e.span.end <= s.span.end)
                    .cloned()
                    .collect(),
            )
        })
        .collect()
}

/// Words that start a line and only look like declarations, or are.
fn declaration_lines() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            evn_like(),
            Just("\nref 1 \"t\"\n".to_string()),
            Just("\nrefs 1\n".to_string()),
            Just("\nref".to_string()),
            Just("\ndefine".to_string()),
            Just("\ndefined target X\n".to_string()),
            Just("\n  define target X \"d\"\n".to_string()),
            Just("\ndefine target X\n  \"d\"\n# c\n".to_string()),
            Just("\ncarrier SLN(x) inhibits ABCB1 cite(1)\n".to_string()),
            Just("\nreview \"r\"\n".to_string()),
            Just("\nsection 1 \"s\" via efflux\n".to_string()),
            Just("\nsections 1\n".to_string()),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(common::proptest_config(512))]

    /// The declarations pass, which jumps from one `define`, `ref`, `review` or `section`
    /// line to the next,
    /// finds the declarations the whole parse finds, with the same errors.
    #[test]
    fn the_declarations_pass_finds_what_the_whole_parse_finds(text in declaration_lines()) {
        prop_assert_eq!(declarations_only(&text), declarations_of_whole(&text));
    }
}

#[test]
fn the_declarations_pass_on_a_long_file() {
    let mut text = String::from("ref 0 \"first line\"\n");
    for i in 0..3000 {
        match i % 9 {
            0 => text.push_str(&format!("define target T{i} \"d\"\n  aka A{i}\n")),
            1 => text.push_str(&format!("ref {i} \"t\"\r\n")),
            2 => text.push_str("# define target Commented\n"),
            3 => text.push_str("carrier SLN(x) inhibits ABCB1\n  cite(1)\n"),
            4 => text.push_str("    ref 7 \"indented: an orphan, not a declaration\"\n"),
            5 => text.push_str("reference 8\n"),
            _ => text.push_str(&format!("carrier SLN(x{i}) inhibits ABCB1 cite({i})\n")),
        }
    }
    text.push_str("define");
    let found = declarations_only(&text);
    assert_eq!(found.len(), 1 + (0..3000).filter(|i| i % 9 <= 1).count() + 1);
    assert_eq!(found, declarations_of_whole(&text));
}

/// The chunked parse (what `evn check` uses) sees the same statements, comments and
/// errors as the whole-file parse (what the server keeps), also across chunk borders.
#[test]
fn chunked_parse_equals_whole_parse() {
    let mut text = String::new();
    for i in 0..700 {
        match i % 7 {
            0 => text.push_str("# a comment\n"),
            1 => {
                text.push_str(&format!("carrier SLN(x{i}) inhibits ABCB1\n    in TNBC cite({i})\n"))
            }
            2 => text.push('\n'),
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
    let missing: Vec<u32> = found
        .iter()
        .filter(|(_, _, d)| d.rule == evn::diagnostic::Rule::MissingCitation)
        .map(|(_, l, _)| *l)
        .collect();
    assert_eq!(missing, vec![1202], "{found:?}");
}

/// `duplicate-claim` and `contradiction` sieve large workspaces (tens of thousands of
/// claims) differently from small ones: over 70,000 consistent, distinct claims, they
/// still find the one repeat and the one reversal, point at the right earlier claims,
/// and report nothing else.
#[test]
fn cross_claim_rules_on_a_large_workspace() {
    const DRUGS: &[&str] = &[
        "doxorubicin",
        "paclitaxel",
        "docetaxel",
        "talazoparib",
        "mitoxantrone",
        "resveratrol",
        "curcumin",
        "niclosamide",
        "methotrexate",
        "tamoxifen",
    ];
    const OBJECTS: &[&str] =
        &["ABCB1", "ABCG2", "ABCC1", "BAX", "CASP3", "TP53", "CDKN1A", "CDH1", "MAPK8", "NFKBIA"];
    const CONTEXTS: &[&str] =
        &["TNBC", "MCF-7", "MDA-MB-231", "4T1", "in-vitro", "in-vivo", "mouse"];
    let mut claims = Vec::new();
    for reference in 1..=100 {
        for drug in DRUGS {
            for object in OBJECTS {
                for context in CONTEXTS {
                    claims.push(format!(
                        "drug {drug} upregulates {object} in {context} cite({reference})"
                    ));
                }
            }
        }
    }
    // Line numbers are 1-based: claim i is on line i + 1.
    let repeated = claims[40_000].clone();
    let reversed = claims[123].replace("upregulates", "downregulates");
    claims.insert(50_000, repeated);
    claims.push(reversed);
    let mut text = claims.join("\n");
    for reference in 1..=100 {
        text.push_str(&format!("\nref {reference} \"Reference {reference}\""));
    }
    let found = common::analyze(&[("big.evn", &text)], &Options::default());
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |offset: u32| text[..offset as usize].matches('\n').count() + 1;
    let summary: Vec<(u32, Rule)> = found.iter().map(|(_, line, d)| (*line, d.rule)).collect();
    assert_eq!(
        summary,
        vec![(50_001, Rule::DuplicateClaim), (claims.len() as u32, Rule::Contradiction)]
    );
    let related = |i: usize| -> Vec<usize> {
        found[i].2.related.iter().map(|r| line_of(r.span.start)).collect()
    };
    assert_eq!(related(0), vec![40_001]);
    // The reversal names the claim it reverses, and only claims that moved the same
    // (subject, object) up.
    let pair = |line: usize| {
        let words: Vec<&str> = lines[line - 1].split(' ').collect();
        (words[1], words[3])
    };
    assert!(related(1).contains(&124), "{:?}", related(1));
    for earlier in related(1) {
        assert_eq!(pair(earlier), pair(claims.len()));
        assert!(lines[earlier - 1].contains(" upregulates "));
    }
}

/// A file of a generated workspace: EVN that defines, cites and claims, so that the
/// cross-file rules (duplicates, contradictions, unused references) have work to do.
fn workspace_file() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("define target T1 \"a target\" aka TT\n".to_string()),
        Just("define formulation F1 = SLN(doxorubicin) \"f\"\n".to_string()),
        Just("ref 1 \"One\" year 2020\n".to_string()),
        Just("ref 2 \"Two\"\n".to_string()),
        Just("section 1 \"S\" via efflux\n".to_string()),
        Just("carrier SLN(talazoparib) downregulates ABCB1 in TNBC cite(1)\n".to_string()),
        Just("carrier SLN(talazoparib) upregulates P-gp in MDA-MB-231 cite(2)\n".to_string()),
        Just("carrier F1 inhibits T1 cite(1, 2)\n".to_string()),
        Just("carrier F1 inhibits TT cite(key2020)\n".to_string()),
        Just("drug doxorubicin inhibits BCRQ cite(3)\n".to_string()),
        Just("carrier SLN(DOX inhibits ABCB1\n".to_string()),
        evn_like(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.concat())
}

/// `(file name, rule, span, message)` of every diagnostic: what a reader sees, with the
/// file named instead of numbered.
fn by_name(files: &[(&str, &str)]) -> Vec<(String, Rule, (u32, u32), String)> {
    let mut out: Vec<_> = common::analyze(files, &Options::default())
        .into_iter()
        .map(|(name, _, d)| (name, d.rule, (d.span.start, d.span.end), d.message.to_string()))
        .collect();
    out.sort();
    out
}

/// The rules whose findings depend on which of two files comes first: the later of two
/// definitions, references or claims is the one reported, by specification in path
/// order (ARCHITECTURE.md, "Invariants").
fn order_dependent(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::DuplicateDefinition
            | Rule::DuplicateReference
            | Rule::DuplicateClaim
            | Rule::Contradiction
            | Rule::UnusedReference
    )
}

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// Shuffling the sources handed to `analyze` changes no finding of a rule that
    /// looks at one claim at a time (file ids aside), and the order-dependent rules
    /// still find as many files to report in: every file is analysed the same way.
    #[test]
    fn findings_do_not_depend_on_the_order_of_the_sources(
        texts in prop::collection::vec(workspace_file(), 1..5),
        bib in prop::option::of(Just("@article{key2020, title={T}, year=2020}\n@misc{key2020, title={Again}}\n".to_string())),
        order in any::<u64>(),
    ) {
        let names: Vec<String> = (0..texts.len()).map(|i| format!("f{i}.evn")).collect();
        let mut files: Vec<(&str, &str)> = names.iter().map(String::as_str).zip(texts.iter().map(String::as_str)).collect();
        if let Some(bib) = &bib {
            files.push(("refs.bib", bib));
        }
        let forward = by_name(&files);
        // A permutation of the sources from the generated number (Fisher–Yates).
        let mut shuffled = files.clone();
        let mut state = order;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let reordered = by_name(&shuffled);
        let stable = |found: &[(String, Rule, (u32, u32), String)]| -> Vec<_> {
            found.iter().filter(|(_, rule, _, _)| !order_dependent(*rule)).cloned().collect()
        };
        prop_assert_eq!(stable(&forward), stable(&reordered));
        let count = |found: &[(String, Rule, (u32, u32), String)], rule: Rule| found.iter().filter(|f| f.1 == rule).count();
        // Which of two equal claims is "the duplicate" depends on the order, but not
        // how many duplicates there are.
        prop_assert_eq!(count(&forward, Rule::DuplicateClaim), count(&reordered, Rule::DuplicateClaim));
        prop_assert_eq!(count(&forward, Rule::DuplicateDefinition), count(&reordered, Rule::DuplicateDefinition));
        prop_assert_eq!(count(&forward, Rule::DuplicateReference), count(&reordered, Rule::DuplicateReference));
    }
}

proptest! {
    #![proptest_config(common::proptest_config(24))]

    /// Through the loader, the order in which files are named (on the command line, or
    /// as the file system lists them) changes nothing at all: the document set is put
    /// in path order before it is analysed, so even the order-dependent rules agree.
    #[test]
    fn check_results_do_not_depend_on_the_order_files_are_named(
        texts in prop::collection::vec(workspace_file(), 1..5),
        seed in any::<u64>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut names: Vec<PathBuf> = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            // Names whose creation order differs from their path order.
            let name = format!("{}-{i}.evn", (b'z' - i as u8) as char);
            std::fs::write(dir.path().join(&name), text).unwrap();
            names.push(PathBuf::from(name));
        }
        let run = |paths: &[PathBuf]| -> Vec<(String, Rule, (u32, u32), String)> {
            let workspace = evn::workspace::load(dir.path(), paths).unwrap();
            let files: Vec<(&str, &str)> = workspace.documents.iter().map(|d| (d.display.as_str(), d.text.as_str())).collect();
            by_name(&files)
        };
        let given = run(&names);
        let mut reversed = names.clone();
        reversed.reverse();
        let mut rotated = names.clone();
        rotated.rotate_left(seed as usize % names.len());
        prop_assert_eq!(&given, &run(&reversed));
        prop_assert_eq!(&given, &run(&rotated));
        // And naming nothing (discovery) finds the same.
        prop_assert_eq!(&given, &run(&[]));
    }
}
