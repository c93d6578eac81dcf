//! `conflicting-evidence`: a finding of no effect (`does-not-affect`) and a claim that
//! moves the same (canonical) object, on the same subject, in overlapping contexts
//! (spec 0.3 §11 G). Found by the cross-claim pass (`check::cross`), beside
//! `contradiction`.

use crate::check::claims::ClaimFacts;
use crate::check::cross::Contradicted;
use crate::check::relations::Polarity;
use crate::check::resolve::join_or;
use crate::diagnostic::{Diagnostic, Related, Rule};

pub const SUMMARY: &str =
    "a finding of no effect and a claim of an effect on the same subject and target, in overlapping contexts";

pub const DOC: &str = r#"## What it does
Flags a claim whose subject is said to have no effect on a target or process
(`does-not-affect`, `does-not-change`, `has-no-effect-on`) when an earlier claim says
the same subject moves it up or down in an overlapping context, and the other way
round. The claims are compared as for `contradiction`: aliases count as their canonical
name, contexts overlap when they are the same or one `is` the other, and a claim
without `in` overlaps every context. Each later claim is reported once, on its relation
word, with the earlier claims as related locations.

## Why is this bad?
Null results balance a review, and a review that keeps them should say where the
evidence disagrees: often the studies differ in dose, model or population, and the
claims should say so with contexts that do not overlap. Two claims that quietly
disagree read as two findings that agree.

## Example
```evn
drug digoxin reduces HF-hospitalization in HFrEF cite(dig1997)
drug digoxin does-not-change HF-hospitalization in HFrEF cite(later2020)
define process HF-hospitalization "hospital admission for heart failure"
define context HFrEF "heart failure with reduced ejection fraction"
define drug digoxin "a cardiac glycoside"
ref dig1997 "The Digitalis Investigation Group. The effect of digoxin on mortality and morbidity in patients with heart failure"
ref later2020 "A later trial"
```

## Use instead
Say where each finding holds, with contexts that do not overlap, or keep the claim the
better evidence supports.
```evn
drug digoxin reduces HF-hospitalization in HFrEF cite(dig1997)
drug digoxin does-not-change HF-hospitalization in HFpEF cite(later2020)
define process HF-hospitalization "hospital admission for heart failure"
define context HFrEF "heart failure with reduced ejection fraction"
define context HFpEF "heart failure with preserved ejection fraction"
define drug digoxin "a cardiac glycoside"
ref dig1997 "The Digitalis Investigation Group. The effect of digoxin on mortality and morbidity in patients with heart failure"
ref later2020 "A later trial"
```
"#;

/// What a stance says of its objects, for messages: "moves `X` up", "finds no effect
/// on `X`".
fn says(polarity: Option<Polarity>, objects: &str) -> String {
    match polarity {
        Some(Polarity::Up) => format!("moves {objects} up"),
        Some(Polarity::Down) => format!("moves {objects} down"),
        _ => format!("finds no effect on {objects}"),
    }
}

pub fn diagnostic(text: &str, claim: &ClaimFacts, found: &[Contradicted<'_>]) -> Diagnostic {
    let objects = Contradicted::objects(found, text);
    let it = if objects.len() == 1 { "it" } else { "them" };
    let earlier = Contradicted::earlier(found);
    let mut stances: Vec<Option<Polarity>> = earlier.iter().map(|c| c.polarity).collect();
    stances.dedup();
    let other = match stances.as_slice() {
        [one] => says(*one, it),
        _ => format!("moves {it} up or down"),
    };
    let message = format!(
        "this claim {}, but an earlier claim on the same subject {other} in an overlapping context",
        says(claim.polarity, &join_or(&objects, "and"))
    );
    let mut diagnostic =
        Diagnostic::new(Rule::ConflictingEvidence, claim.file, claim.relation, message);
    for prior in earlier {
        diagnostic.related.push(Related {
            file: prior.file,
            span: prior.relation,
            message: format!("the earlier claim, which {}", says(prior.polarity, it)).into(),
        });
    }
    diagnostic
}
