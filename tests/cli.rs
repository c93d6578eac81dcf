//! The binary end to end: what users see (snapshots of the human and JSON output),
//! exit codes, and bad input.

mod common;

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
    write("clean.evn", "carrier SLN(talazoparib) downregulates ABCB1 cite(1)\nref 1 \"A reference\"\n");
    write("warns.evn", "carrier SLN(doxorubicin) downregulates ABCB1 cite(2)\nref 2 \"R\"\nref 3 \"Unused\"\n");
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
    std::fs::write(dir.path().join("garbage.evn"), (0..=255u8).cycle().take(4096).collect::<Vec<u8>>()).unwrap();
    std::fs::write(dir.path().join("empty.evn"), b"").unwrap();
    let long: String = "carrier SLN(doxorubicin) downregulates ABCB1, ".to_string() + &"ABCG2, ".repeat(700_000) + "ABCC1 cite(1)\n";
    std::fs::write(dir.path().join("long.evn"), long).unwrap();
    let output = evn(dir.path(), &["check", "--format", "short"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("bad.evn:1:42: error[syntax]: invalid UTF-8 at byte 41"), "{text}");
    assert!(text.contains("bad.evn:2:40: error[unknown-target]"), "{text}");
    assert!(text.contains("garbage.evn"), "{text}");
    // A 4.7 MiB line is over the default `max-line-length`: said, not dropped silently.
    assert!(text.contains("long.evn:1:1: error[syntax]: line 1 is 4.7 MiB long, over the limit of 1 MiB"), "{text}");
}
