//! The binary end to end: what users see (snapshots of the human and JSON output),
//! exit codes, and bad input.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::evn;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn human_output() {
    let output = evn(&fixtures(), &["check", "mistakes.evn"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn short_output() {
    let output = evn(&fixtures(), &["check", "--format", "short", "mistakes.evn"]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn json_output() {
    let output = evn(&fixtures(), &["check", "--format", "json", "mistakes.evn"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["version"], 1);
    insta::assert_json_snapshot!(value);
}

#[test]
fn github_output() {
    let output = evn(&fixtures(), &["check", "--format", "github", "mistakes.evn"]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_every_rule() {
    let output = evn(&fixtures(), &["check", "--format", "sarif", "mistakes.evn"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["version"], "2.1.0");
    let rules = value["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), evn::diagnostic::Rule::ALL.len());
    let results = value["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 7);
}

#[test]
fn rules_are_listed_and_explained() {
    let list = stdout(&evn(&fixtures(), &["rules"]));
    for rule in evn::diagnostic::Rule::ALL {
        assert!(list.contains(rule.name()), "{rule} not listed");
    }
    let one = evn(&fixtures(), &["rules", "contradiction"]);
    assert_eq!(one.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&one));
    let unknown = evn(&fixtures(), &["rules", "contradictions"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `contradiction`"));
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "clean.evn",
        "carrier SLN(talazoparib) downregulates ABCB1 cite(1)\nref 1 \"A reference\"\n",
    );
    write(
        "warns.evn",
        "carrier SLN(doxorubicin) downregulates ABCB1 cite(2)\nref 2 \"R\"\nref 3 \"Unused\"\n",
    );
    assert_eq!(evn(dir.path(), &["check", "clean.evn"]).status.code(), Some(0));
    assert_eq!(evn(dir.path(), &["check", "warns.evn"]).status.code(), Some(0));
    assert_eq!(evn(dir.path(), &["check", "--deny-warnings", "warns.evn"]).status.code(), Some(1));
    // A path that does not exist: reported, the others still checked, exit 2.
    let missing = evn(dir.path(), &["check", "--format", "short", "warns.evn", "nowhere.evn"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).contains("unused-reference"));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.evn"));
    // A bad evn.toml is a configuration error.
    write("evn.toml", "inlcude = [\"*.evn\"]\n");
    let config = evn(dir.path(), &["check"]);
    assert_eq!(config.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&config.stderr).contains("inlcude"));
    assert_eq!(evn(dir.path(), &["check", "--format", "yaml"]).status.code(), Some(2));
}

#[test]
fn bad_input_gets_a_diagnostic_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"carrier SLN(doxorubicin) downregulates AB\xffCG2 cite(1)\n".to_vec();
    bytes.extend_from_slice(b"carrier SLN(talazoparib) downregulates BCRQ cite(1)\nref 1 \"R\"\n");
    std::fs::write(dir.path().join("bad.evn"), &bytes).unwrap();
    std::fs::write(
        dir.path().join("garbage.evn"),
        (0..=255u8).cycle().take(4096).collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.evn"), b"").unwrap();
    let long: String = "carrier SLN(doxorubicin) downregulates ABCB1, ".to_string()
        + &"ABCG2, ".repeat(700_000)
        + "ABCC1 cite(1)\n";
    std::fs::write(dir.path().join("long.evn"), long).unwrap();
    let output = evn(dir.path(), &["check", "--format", "short"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("bad.evn:1:42: error[syntax]: invalid UTF-8 at byte 41"), "{text}");
    assert!(text.contains("bad.evn:2:40: error[unknown-target]"), "{text}");
    assert!(text.contains("garbage.evn"), "{text}");
    // A 4.7 MiB line is over the default `max-line-length`: said, not dropped silently.
    assert!(
        text.contains(
            "long.evn:1:1: error[syntax]: line 1 is 4.7 MiB long, over the limit of 1 MiB"
        ),
        "{text}"
    );
}

/// Writes one framed LSP message to the server.
fn send_lsp(stdin: &mut impl std::io::Write, message: &serde_json::Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// Reads framed LSP messages until the reply with this id (None when the output ends).
fn lsp_reply(out: &mut impl std::io::BufRead, id: i64) -> Option<serde_json::Value> {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if out.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().ok();
            }
        }
        let mut body = vec![0; length?];
        out.read_exact(&mut body).ok()?;
        let message: serde_json::Value = serde_json::from_slice(&body).ok()?;
        if message["id"] == id {
            return Some(message);
        }
    }
}

/// What `vscode-languageclient` runs for a stdio server: `evn lsp --stdio
/// --clientProcessId=N`. Before, clap refused `--stdio` (exit 2) and VS Code showed
/// nothing at all.
#[test]
fn lsp_accepts_the_flags_lsp_clients_append() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_evn"))
        .args(["lsp", "--stdio", "--clientProcessId=4242"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    send_lsp(
        &mut stdin,
        &serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    let reply = lsp_reply(&mut stdout, 1).expect("an answer to initialize");
    assert_eq!(reply["result"]["serverInfo"]["name"], "evn", "{reply}");
    assert!(reply["result"]["capabilities"]["hoverProvider"].as_bool().unwrap_or(false), "{reply}");
    send_lsp(
        &mut stdin,
        &serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send_lsp(&mut stdin, &serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert!(lsp_reply(&mut stdout, 2).is_some(), "an answer to shutdown");
    send_lsp(&mut stdin, &serde_json::json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The transports the server does not offer are refused with a message naming the one
/// it does, not a clap error about an unknown argument.
#[test]
fn lsp_refuses_other_transports_clearly() {
    let dir = tempfile::tempdir().unwrap();
    for args in
        [&["lsp", "--socket=5007"][..], &["lsp", "--pipe=/tmp/evn.sock"], &["lsp", "--node-ipc"]]
    {
        let output = evn(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("not supported") && stderr.contains("--stdio"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn an_unknown_relation_says_how_to_define_it_in_one_sentence_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let text = "ref 1 \"Doe 2020\"\ndrug gefitinib frobnicates EGFR cite(1)\ndrug gefitinib inhibts EGFR cite(1)\n";
    std::fs::write(dir.path().join("r.evn"), text).unwrap();
    let output = evn(dir.path(), &["check", "--format", "short", "r.evn"]);
    let out = stdout(&output);
    let define = "To use it as a relation of its own, define it: `define relation";
    assert!(
        out.contains("unknown relation `frobnicates`; to use it as a relation of its own, define it: `define relation frobnicates up|down|none"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "unknown relation `inhibts`; did you mean `inhibits`? {define} inhibts"
        )),
        "{out}"
    );
}

#[test]
fn derived_names_are_explained_reported_on_their_base_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&evn(dir.path(), &["explain", "siBRAF"]));
    assert!(
        out.contains("after `drug`: drug siBRAF, a derived name: knock-down of BRAF (siRNA) (derived: si/sh + gene)"),
        "{out}"
    );
    assert!(out.contains("  base:        BRAF"), "{out}");
    std::fs::write(
        dir.path().join("a.evn"),
        "ref 1 \"r\"\nsiKRAZ decreases MAPK1 cite(1)\nsiKARS decreases MAPK1 cite(1)\n",
    )
    .unwrap();
    let out = stdout(&evn(dir.path(), &["check", "--format", "short", "a.evn"]));
    assert!(out.contains("a.evn:2:3: error[unknown-target]: unknown gene `KRAZ` in `siKRAZ`; did you mean `siKRAS`?"), "{out}");
    // `KARS` is KARS1's alias, and a variant of FamPlex's `KARs` (kainate receptors):
    // never read silently as one of them.
    assert!(out.contains("a.evn:3:1: warning[ambiguous-name]: `siKARS` is ambiguous: it can be read as knock-down of KARS1 (siRNA) (`siKARS1`) or "), "{out}");
    let rules = stdout(&evn(dir.path(), &["rules"]));
    assert!(
        rules.contains(
            "si/sh + gene, gene + -siRNA/-shRNA/-ASO/-sgRNA  →  drug: knock-down of the gene"
        ),
        "{rules}"
    );
}

#[test]
fn explain_says_a_spelling_variant_is_written_otherwise_not_only_in_case() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(&evn(dir.path(), &["explain", "LN229"]));
    assert!(out.contains("context LN-229 from the cell-lines reference namespace: written otherwise, in case or spelling"), "{out}");
}

/// A first draft in a new field (spec §11 F): `evn check` closes with the unknown names,
/// grouped; `evn define --missing -o` writes a `define` for each into the workspace; the
/// next check knows them all, and the draft passes.
#[test]
fn unknown_names_are_listed_and_defined_in_one_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evn.toml"), "vocabulary = \"names.evn\"\n").unwrap();
    let draft = "define mechanism neuroinflammation \"Microglial inflammation\"\n\
                 drug XQ-917 reduces zqx-wobbling in TNBC via neuroinflammation cite(1)\n\
                 drug XQ-917 reduces NqZ7 in Zq-model cite(1)\n\
                 carrier SLN(XQ-917) with `odd adjuvant` downregulates NqZ7 in Zq-model cite(1)\n\
                 drug XQ-917 reduces ABCB1 via zqx-calming cite(1)\n\
                 ref 1 \"A reference\"\n";
    std::fs::write(dir.path().join("draft.evn"), draft).unwrap();

    let first = evn(dir.path(), &["check"]);
    assert_eq!(first.status.code(), Some(1));
    let out = stdout(&first);
    let list = out.split("note: 6 unknown names").nth(1).unwrap_or_else(|| panic!("{out}"));
    // The columns, less their padding.
    let rows: Vec<String> = list
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "name | unknown as | times | first at",
            "XQ-917 | drug | 4 | draft.evn:2:6",
            "NqZ7 | target or process | 2 | draft.evn:3:21",
            "Zq-model | context | 2 | draft.evn:3:29",
            "zqx-wobbling | target or process | 1 | draft.evn:2:21",
            "`odd adjuvant` | ligand, drug, target or carrier | 1 | draft.evn:4:26",
            "zqx-calming | mechanism | 1 | draft.evn:5:31",
        ],
        "{out}"
    );
    assert!(out.trim_end().ends_with("in 1 file"), "the summary line still closes: {out}");

    let printed = evn(dir.path(), &["define", "--missing"]);
    assert_eq!(printed.status.code(), Some(0));
    let stubs = stdout(&printed);
    assert!(
        stubs.contains("# unknown drug, 4 times, first at draft.evn:2:6\ndefine drug XQ-917\n"),
        "{stubs}"
    );
    assert!(stubs.contains("define process zqx-wobbling\n"), "{stubs}");
    assert!(stubs.contains("define target NqZ7\n"), "{stubs}");
    assert!(stubs.contains("define ligand `odd adjuvant`\n"), "{stubs}");

    let written = evn(dir.path(), &["define", "--missing", "-o", "names.evn"]);
    assert_eq!(written.status.code(), Some(0), "{}", String::from_utf8_lossy(&written.stderr));
    let vocabulary = std::fs::read_to_string(dir.path().join("names.evn")).unwrap();
    assert!(vocabulary.starts_with("# Definitions of the names"), "{vocabulary}");
    assert_eq!(vocabulary.matches("\ndefine ").count(), 6, "{vocabulary}");

    let second = evn(dir.path(), &["check"]);
    assert_eq!(second.status.code(), Some(0), "{}", stdout(&second));
    assert!(stdout(&second).starts_with("All checks passed"), "{}", stdout(&second));
    let again = evn(dir.path(), &["define", "--missing", "-o", "names.evn"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(dir.path().join("names.evn")).unwrap(), vocabulary);
}

/// A few unknown names get their diagnostics only: the list is for drafts.
#[test]
fn a_few_unknown_names_are_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.evn"), "drug XQ-917 reduces NqZ7 cite(1)\nref 1 \"r\"\n")
        .unwrap();
    let out = stdout(&evn(dir.path(), &["check"]));
    assert!(!out.contains("unknown names"), "{out}");
    let bare = evn(dir.path(), &["define"]);
    assert_eq!(bare.status.code(), Some(2), "`--missing` is required");

    // A name that looks like a typo is corrected, not defined: its define is a comment.
    std::fs::write(
        dir.path().join("a.evn"),
        "carrier SLN(doxorubicn) reduces ABCB1 cite(1)\nref 1 \"r\"\n",
    )
    .unwrap();
    let stubs = stdout(&evn(dir.path(), &["define", "--missing"]));
    assert!(stubs.contains("\n# it looks like a typo of doxorubicin"), "{stubs}");
    assert!(stubs.ends_with("\n# define drug doxorubicn\n"), "{stubs}");
}
