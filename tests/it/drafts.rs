//! The first drafts of reviews in seventeen fields the project had never written about
//! (`tests/drafts/`, written before any tool was run; spec 0.3 §11, issue 21): what
//! `evn check` tells their authors is pinned, diagnostic by diagnostic, in a snapshot
//! per field, so that a change in what a new user meets shows in review. The shares
//! of claims stopped are measured by `tools/drafts/measure.py` (TESTING.md).

use crate::common;

#[test]
fn each_draft_s_output_is_pinned() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts");
    let mut fields: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    fields.sort();
    assert_eq!(fields.len(), 17, "{fields:?}");
    for field in fields {
        let output = common::evn(&root, &["check", "--format", "short", &field]);
        let shown = format!(
            "{}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(
            format!("draft__{field}"),
            shown,
            &format!("evn check --format short {field}")
        );
    }
}
