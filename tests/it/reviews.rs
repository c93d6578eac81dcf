//! Two reviews on topics the prelude was not written for (issue 15), written as their
//! authors would: imatinib resistance in chronic myeloid leukemia, and BRAF/MEK
//! inhibitor resistance in melanoma (`tests/fixtures/reviews/`). Each passes clean
//! (also checked by `tests/fixtures.rs`) with at least 30 claims, defining only the
//! authors' own formulations in `review.evn`. The names the reference namespaces
//! (drugs, cell lines, diseases; spec §10 A) do not settle are defined in
//! `reference-names.evn`; without that file, every finding is one of those names being
//! unknown or ambiguous, and nothing else.

use crate::common;

use std::path::{Path, PathBuf};

fn reviews() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reviews");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

#[test]
fn each_review_passes_clean_with_thirty_claims_or_more() {
    let reviews = reviews();
    assert_eq!(reviews.len(), 2, "{reviews:?}");
    for review in reviews {
        let (found, expected) = common::findings_in(&review);
        assert!(expected.is_empty(), "{}: a review fixture expects nothing", review.display());
        assert!(found.is_empty(), "{}: {found:?}", review.display());
        let text = std::fs::read_to_string(review.join("review.evn")).unwrap();
        let claims = evn::syntax::parse(&text).claims().count();
        assert!(claims >= 30, "{}: only {claims} claims", review.display());
    }
}

#[test]
fn without_the_reference_names_only_those_names_are_unknown() {
    for review in reviews() {
        let names = review.join("reference-names.evn");
        let Ok(defined) = std::fs::read_to_string(&names) else { continue };
        let dir = tempfile::tempdir().unwrap();
        for file in ["evn.toml", "review.evn"] {
            std::fs::copy(review.join(file), dir.path().join(file)).unwrap();
        }
        let (found, _) = common::findings_in(dir.path());
        assert!(
            !found.is_empty(),
            "{}: reference-names.evn is no longer needed; remove it",
            review.display()
        );
        let text = std::fs::read_to_string(review.join("review.evn")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let defined: Vec<&str> = defined
            .lines()
            .filter_map(|l| l.strip_prefix("define "))
            .filter_map(|l| l.split_whitespace().nth(1))
            .collect();
        for (_, line, rule) in &found {
            assert!(
                // A name the namespaces lack, or one they know under several entries (spec §10 B).
                matches!(
                    rule.as_str(),
                    "unknown-drug" | "unknown-context" | "unknown-subject" | "ambiguous-name"
                ),
                "{}:{line}: {rule} is not a missing reference name",
                review.display()
            );
            let statement = lines.get(*line as usize - 1).copied().unwrap_or("");
            assert!(
                defined
                    .iter()
                    .any(|name| statement.split([' ', ',', '(', ')']).any(|word| word == *name)),
                "{}:{line}: no name of reference-names.evn on this line: {statement}",
                review.display()
            );
        }
    }
}
