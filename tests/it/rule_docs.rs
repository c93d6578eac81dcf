//! Every rule's documentation (what `evn rules RULE` prints) holds an example on which
//! the rule fires, and a corrected version on which it does not.

use crate::common;

use evn::check::{rules, Options};
use evn::diagnostic::Rule;

/// The first ```evn block after `heading`.
fn block_after<'d>(doc: &'d str, heading: &str) -> Option<&'d str> {
    let rest = &doc[doc.find(heading)?..];
    let start = rest.find("```evn\n")? + "```evn\n".len();
    let end = rest[start..].find("```")?;
    Some(&rest[start..start + end])
}

fn fires(rule: Rule, source: &str) -> bool {
    common::analyze(&[("example.evn", source)], &Options::default())
        .iter()
        .any(|(_, _, d)| d.rule == rule)
}

#[test]
fn every_documented_example_fires_its_rule() {
    let mut failures = Vec::new();
    for doc in rules::all() {
        let Some(example) = block_after(doc.doc, "## Example") else {
            failures.push(format!("{}: no example", doc.rule));
            continue;
        };
        if !fires(doc.rule, example) {
            failures.push(format!("{}: the example does not fire the rule", doc.rule));
        }
        if let Some(fixed) = block_after(doc.doc, "## Use instead") {
            if fires(doc.rule, fixed) {
                failures.push(format!("{}: the corrected example still fires the rule", doc.rule));
            }
        }
        if doc.summary.is_empty() || !doc.doc.contains("## Why is this bad?") {
            failures.push(format!("{}: summary or \"Why is this bad?\" missing", doc.rule));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
