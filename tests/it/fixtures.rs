//! Every fixture under `tests/fixtures/` gives exactly the diagnostics written in it,
//! and every rule is exercised by at least one fixture. Adding a case is dropping a
//! file in a folder. The `#~ rule` marks pin the line and the rule; what users read —
//! the column, the message, the "did you mean" — is pinned by a snapshot of each
//! fixture's `evn check --format short --show-hints` (`snapshots/it__fixtures__*.snap`,
//! as ruff pins its fixtures): a change of wording shows in review (`cargo insta review`).

use crate::common;

use std::collections::BTreeSet;

use evn::diagnostic::Rule;

#[test]
fn every_fixture_gives_its_expected_diagnostics() {
    let fixtures = common::fixtures();
    assert!(fixtures.len() > 20, "fixtures not found");
    let failures: Vec<String> =
        fixtures.iter().filter_map(|f| common::check_fixture(f).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_fires_in_some_fixture() {
    let mut expected_rules = BTreeSet::new();
    for path in common::fixtures() {
        let files: Vec<_> = if path.is_dir() { walk(&path) } else { vec![path.clone()] };
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (_, _, rule) in common::expectations("", &text) {
                expected_rules.insert(rule);
            }
        }
    }
    let missing: Vec<_> = Rule::ALL.iter().filter(|r| !expected_rules.contains(r.name())).collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

#[test]
fn every_fixture_s_short_output_is_pinned() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for path in common::fixtures() {
        let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        let output = common::evn(&root, &["check", "--format", "short", "--show-hints", &relative]);
        let name = relative.trim_end_matches(".evn").replace(['/', '.'], "__");
        let shown = format!(
            "{}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(
            name,
            shown,
            &format!("evn check --format short --show-hints {relative}")
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
