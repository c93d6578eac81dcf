//! `contradiction`: the same subject moves the same (canonical) object both ways in
//! overlapping contexts. Found by the cross-claim pass (`check::cross`).

use crate::check::claims::ClaimFacts;
use crate::check::cross::Contradicted;
use crate::check::relations::Polarity;
use crate::check::resolve::join_or;
use crate::diagnostic::{Diagnostic, Related, Rule};

pub const SUMMARY: &str =
    "the same subject moves the same target both ways in overlapping contexts";

pub const DOC: &str = r#"## What it does
Flags a claim whose subject is said to move the same target or process the other way
than an earlier claim does (up against down), in overlapping contexts. Aliases count as
their canonical name (`P-gp` is `ABCB1`), a formulation counts as its composition, and
contexts overlap when they are the same or one `is` the other (`MDA-MB-231` is `TNBC`);
a claim without `in` overlaps every context. Each contradicting claim is reported once,
on its relation word, with the earlier claims as related locations. A subject or object
already reported as not resolving (`unknown-*`, `wrong-kind`, `ambiguous-name`) takes
no part: one mistake, one diagnostic.

## Why is this bad?
A review that says a carrier both raises and lowers P-gp in TNBC contradicts itself;
usually one of the two claims cites the wrong paper or has the wrong verb.

## Example
```evn
carrier SLN(talazoparib) downregulates MDR1 in TNBC cite(79)
carrier SLN(talazoparib) upregulates P-gp in MDA-MB-231 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
Check both sources; keep the claim they support. When both hold in different settings,
say so with contexts that do not overlap (`in MCF-7` and `in MDA-MB-231`).
```evn
carrier SLN(talazoparib) downregulates MDR1 in TNBC cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
"#;

pub fn diagnostic(text: &str, claim: &ClaimFacts, found: &[Contradicted<'_>]) -> Diagnostic {
    let objects = Contradicted::objects(found, text);
    let (this_way, other_way) = match claim.polarity {
        Some(Polarity::Up) => ("up", "down"),
        _ => ("down", "up"),
    };
    let it = if objects.len() == 1 { "it" } else { "them" };
    let message = format!(
        "this claim moves {} {this_way}, but an earlier claim on the same subject moves {it} {other_way} in an overlapping context",
        join_or(&objects, "and")
    );
    let mut diagnostic = Diagnostic::new(Rule::Contradiction, claim.file, claim.relation, message);
    for prior in Contradicted::earlier(found) {
        diagnostic.related.push(Related {
            file: prior.file,
            span: prior.relation,
            message: format!("the earlier claim, moving it {other_way}").into(),
        });
    }
    diagnostic
}
