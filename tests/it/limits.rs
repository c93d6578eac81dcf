//! The limits of `[limits]` in `evn.toml` (largest file, longest line): their
//! defaults, that they are configurable, and that hitting one is always reported, naming
//! the file, the limit and the key that raises it, in the CLI and in the server.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use evn::check::Limits;
use evn::diagnostic::{Rule, Severity};
use evn::lsp::documents::Document;
use evn::lsp::layout::{self, Root};
use evn::lsp::state::{self, State};
use tower_lsp_server::ls_types::Uri;

use common::evn;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = fs::canonicalize(dir.path()).unwrap();
    for (path, contents) in files {
        fs::write(base.join(path), contents).unwrap();
    }
    (dir, base)
}

const CLAIM: &str = "drug doxorubicin inhibits ABCB1 cite(1)\nref 1 \"one\"\n";

#[test]
fn the_defaults_are_256_mib_per_file_and_1_mib_per_line() {
    let limits = Limits::default();
    assert_eq!((limits.max_file_size, limits.max_line_length), (256 << 20, 1 << 20));
    // A line of exactly 1 MiB is checked; one byte more is not.
    let exact = format!("ref 1 \"{}\"\n", "x".repeat((1 << 20) - 8));
    assert_eq!(exact.lines().next().unwrap().len(), 1 << 20);
    let over = format!("ref 1 \"{}\"\n", "x".repeat((1 << 20) - 7));
    let (_dir, ws) = workspace(&[
        ("evn.toml", ""),
        ("exact.evn", &exact),
        ("over.evn", &over),
        ("b.evn", "drug doxorubicin inhibits ABCB1 cite(1)\n"),
    ]);
    let output = evn(&ws, &["check", "--format", "short"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.lines().filter(|l| l.contains("error[")).collect::<Vec<_>>(),
        vec!["over.evn:1:1: error[syntax]: line 1 is 1.1 MiB long, over the limit of 1 MiB: this file is not checked (raise `max-line-length` under `[limits]` in evn.toml)"],
    );
}

#[test]
fn a_long_line_is_reported_in_every_format_and_the_rest_is_checked() {
    let long = format!("{CLAIM}# {}\ndrug doxorubicin inhibits BCRQ cite(1)\n", "é".repeat(60));
    let (_dir, ws) = workspace(&[
        ("evn.toml", "[limits]\nmax-line-length = 100\n"),
        ("a.evn", &long),
        ("b.evn", "drug doxorubicin inhibits BCRQ cite(2)\n"),
    ]);
    let output = evn(&ws, &["check"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("error[syntax]: line 3 is 122 bytes long, over the limit of 100 bytes: this file is not checked (raise `max-line-length` under `[limits]` in evn.toml)\n --> a.evn:3:1"),
        "{stdout}"
    );
    // a.evn is not analysed (its unknown target is not reported, nor its `ref 1`
    // seen), b.evn is.
    assert!(!stdout.contains("a.evn:4"), "{stdout}");
    assert!(stdout.contains("b.evn:1:27") && stdout.contains("unknown-reference"), "{stdout}");
    // JSON: the same error, as an error, with its range.
    let output = evn(&ws, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(
        (first["file"].as_str(), first["rule"].as_str(), first["severity"].as_str()),
        (Some("a.evn"), Some("syntax"), Some("error"))
    );
    assert_eq!(first["range"]["start"]["line"], 3);
    // Neither `syntax = "off"` nor a suppression comment hides it.
    fs::write(ws.join("evn.toml"), "[limits]\nmax-line-length = 100\n[rules]\nsyntax = \"off\"\n")
        .unwrap();
    fs::write(ws.join("a.evn"), format!("# evn: allow(syntax)\n{}\n", "x".repeat(101))).unwrap();
    let stdout = text(&evn(&ws, &["check", "--format", "short"]).stdout);
    assert!(
        stdout.contains(
            "a.evn:2:1: error[syntax]: line 2 is 101 bytes long, over the limit of 100 bytes"
        ),
        "{stdout}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_named_and_not_read() {
    let (_dir, ws) = workspace(&[
        ("evn.toml", "bibliography = [\"refs.bib\"]\n[limits]\nmax-file-size = \"2 KiB\"\n"),
        ("a.evn", CLAIM),
        ("big.evn", &format!("# {}\n", "x".repeat(3000))),
        ("refs.bib", &format!("@misc{{k, title={{{}}}}}\n", "y".repeat(4096))),
    ]);
    let output = evn(&ws, &["check"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: big.evn: is not checked: it is 3 KiB, over the limit of 2 KiB (raise `max-file-size` under `[limits]` in evn.toml)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: refs.bib: is not checked: it is 4.1 KiB, over the limit of 2 KiB"),
        "{stderr}"
    );
    // Raising the limit checks them.
    fs::write(
        ws.join("evn.toml"),
        "bibliography = [\"refs.bib\"]\n[limits]\nmax-file-size = 5000\n",
    )
    .unwrap();
    let output = evn(&ws, &["check", "--format", "short"]);
    // Both are read now: the bibliography's entry is there (and never cited).
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).is_empty());
    assert!(text(&output.stdout)
        .contains("refs.bib:1:7: warning[unused-reference]: reference `k` is never cited"));
}

#[test]
fn a_bad_limit_is_a_configuration_error() {
    let (_dir, ws) = workspace(&[
        ("evn.toml", "[limits]\nmax-file-size = \"64 MB\"\nmax-line-lenght = 10\n"),
        ("a.evn", CLAIM),
    ]);
    let output = evn(&ws, &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "error: evn.toml:3:1: unknown key `max-line-lenght` in `[limits]`; did you mean `max-line-length`? (expected one of `max-file-size`, `max-line-length`)\n"
    );
}

fn uri(path: &Path) -> Uri {
    Uri::from_file_path(path).unwrap()
}

/// The server holds open documents to the limits of their folder's `evn.toml` (and an
/// open document outside every folder to the defaults): one error diagnostic, the rest
/// of the folder analysed.
#[test]
fn the_server_applies_the_folders_limits_to_open_documents() {
    let (_dir, ws) = workspace(&[
        ("evn.toml", "[limits]\nmax-line-length = 50\nmax-file-size = 300\n"),
        ("a.evn", CLAIM),
        ("b.evn", "ref 2 \"two\"\n"),
    ]);
    let mut state = State::default();
    state.open.insert(
        uri(&ws.join("a.evn")),
        Document::new(&format!("{CLAIM}# {}\n", "x".repeat(60)), 2),
    );
    state.open.insert(uri(&ws.join("b.evn")), Document::new(&"#\n".repeat(200), 3));
    let lone = format!("ref 1 \"{}\"\n", "z".repeat(1 << 20));
    state.open.insert(uri(Path::new("/elsewhere/lone.evn")), Document::new(&lone, 1));
    // The sets and the open documents' places, as the server lays them out.
    state.roots = vec![Root::new(ws.clone())];
    let open: Vec<Uri> = state.open.keys().cloned().collect();
    (state.folders, state.placements, _) = layout::layout(&state.roots, &open, Vec::new());
    let snapshot = state::build(&state::plan(&state), None);
    let errors = |uri: &Uri| -> Vec<String> {
        let (set, file) = snapshot.find(uri).expect("the document is in a set");
        set.analysis
            .diagnostics
            .iter()
            .filter(|d| d.file == file && d.severity == Severity::Error)
            .map(|d| d.message.to_string())
            .collect()
    };
    assert_eq!(
        errors(&uri(&ws.join("a.evn"))),
        vec!["line 3 is 62 bytes long, over the limit of 50 bytes: this file is not checked (raise `max-line-length` under `[limits]` in evn.toml)"]
    );
    assert_eq!(
        errors(&uri(&ws.join("b.evn"))),
        vec!["this file is 400 bytes, over the limit of 300 bytes: it is not checked (raise `max-file-size` under `[limits]` in evn.toml)"]
    );
    let lone_errors = errors(&uri(Path::new("/elsewhere/lone.evn")));
    assert_eq!(lone_errors.len(), 1);
    assert!(
        lone_errors[0].starts_with("line 1 is 1.1 MiB long, over the limit of 1 MiB"),
        "{lone_errors:?}"
    );
    // Both files of the folder are over a limit: its set has the two errors and nothing
    // else (neither text was analysed).
    let (set, _) = snapshot.find(&uri(&ws.join("a.evn"))).unwrap();
    let rules: Vec<Rule> = set.analysis.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, vec![Rule::Syntax, Rule::Syntax]);
}
