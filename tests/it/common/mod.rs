//! The one door of the tests: run the analysis the way the CLI does and compare with
//! expectations written in the fixture files themselves.
//!
//! An expectation is a comment `#~ rule, rule` at the end of the line where the
//! diagnostics start, or alone on the line before it (for lines whose end a comment
//! cannot reach, such as an unterminated string). Every diagnostic of severity error,
//! warning or info must be expected, and every expectation met; hints are compared
//! only in files that contain `#~ hints`.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use evn::check::{self, Options, Source, SourceKind};
use evn::diagnostic::{Diagnostic, Severity};
use evn::syntax::lexer::{tokens, Token};
use evn::text::LineIndex;
use evn::workspace;

/// Runs the `evn` binary in `dir`, without colour.
pub fn evn(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_evn"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run evn")
}

/// The configuration of every property test: `cases` cases from one fixed seed, so
/// that every run of `cargo test` tries the same cases on every machine (a failure
/// prints its shrunk input), and no file of failures is written.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x45_56_4e),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// (file as displayed, 1-based line, rule name)
pub type Finding = (String, u32, String);

/// The expectations written in one file's text.
pub fn expectations(display: &str, text: &str) -> BTreeSet<Finding> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("#~") else { continue };
        let rules = line[at + 2..].trim();
        if rules == "hints" {
            continue;
        }
        let alone = line[..at].trim().is_empty();
        let line_no = if alone { i as u32 + 2 } else { i as u32 + 1 };
        for rule in rules.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            out.insert((display.to_string(), line_no, rule.to_string()));
        }
    }
    out
}

/// Analyses a folder the way `evn check` run inside it does, and returns what it found.
pub fn findings_in(folder: &Path) -> (BTreeSet<Finding>, BTreeSet<Finding>) {
    let workspace =
        workspace::load(folder, &[]).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    assert!(
        workspace.errors.is_empty(),
        "{:?}",
        workspace.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
    );
    let displays: Vec<&str> = workspace.documents.iter().map(|d| d.display.as_str()).collect();
    let options = Options { hints: true, retain_syntax: false, ..workspace.config.options() };
    compare(&displays, &workspace.sources(), &options)
}

/// Analyses in-memory files (display name, text) with `options`.
pub fn analyze(files: &[(&str, &str)], options: &Options) -> Vec<(String, u32, Diagnostic)> {
    let sources: Vec<Source<'_>> = files
        .iter()
        .map(|(name, text)| Source {
            text,
            kind: SourceKind::of_path(Path::new(name)),
            invalid_utf8: &[],
        })
        .collect();
    let analysis = check::analyze(&sources, options);
    analysis
        .diagnostics
        .into_iter()
        .map(|d| {
            let (name, text) = files[d.file as usize];
            let line = LineIndex::new(text).line_col(text, d.span.start).line;
            (name.to_string(), line, d)
        })
        .collect()
}

/// The findings of `sources` (displayed as `displays`) and the expectations written in
/// them.
fn compare(
    displays: &[&str],
    sources: &[Source<'_>],
    options: &Options,
) -> (BTreeSet<Finding>, BTreeSet<Finding>) {
    let analysis = check::analyze(sources, options);
    let with_hints: Vec<bool> = sources.iter().map(|s| s.text.contains("#~ hints")).collect();
    let mut found = BTreeSet::new();
    for d in &analysis.diagnostics {
        let (display, text) = (displays[d.file as usize], sources[d.file as usize].text);
        if d.severity == Severity::Hint && !with_hints[d.file as usize] {
            continue;
        }
        let line = LineIndex::new(text).line_col(text, d.span.start).line;
        found.insert((display.to_string(), line, d.rule.name().to_string()));
    }
    let mut expected = BTreeSet::new();
    for (display, source) in displays.iter().zip(sources) {
        expected.extend(expectations(display, source.text));
    }
    (found, expected)
}

/// Every fixture below `tests/fixtures`: single `.evn` files, and folders holding an
/// `evn.toml` (checked as one workspace).
pub fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    collect(&root, &mut out);
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.join("evn.toml").exists() {
                out.push(path);
            } else {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "evn") {
            out.push(path);
        }
    }
}

/// Checks one fixture; returns a description of every difference.
pub fn check_fixture(path: &Path) -> Result<(), String> {
    let (found, expected) = if path.is_dir() {
        findings_in(path)
    } else {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let (text, invalid) = workspace::decode(&bytes);
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let source = Source { text: &text, kind: SourceKind::Evn, invalid_utf8: &invalid };
        compare(&[&name], &[source], &Options::default())
    };
    let missing: Vec<_> = expected.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    if missing.is_empty() && unexpected.is_empty() {
        Ok(())
    } else {
        Err(format!("{}:\n  missing:    {missing:?}\n  unexpected: {unexpected:?}", path.display()))
    }
}

/// Tokens and comments (what the formatter must keep) with their text, comments less trailing whitespace.
pub fn token_texts(text: &str) -> Vec<(Token, String)> {
    tokens(text, 0)
        .into_iter()
        .map(|(t, s)| {
            let raw = s.text(text);
            let raw =
                if t == Token::Comment { raw.trim_end_matches([' ', '\t', '\x0c']) } else { raw };
            (t, raw.to_string())
        })
        .collect()
}
