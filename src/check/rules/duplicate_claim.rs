//! `duplicate-claim`: a claim repeats an earlier one.

use crate::check::claims::ClaimFacts;
use crate::diagnostic::{Diagnostic, Related, Rule};

pub const SUMMARY: &str = "a claim repeats an earlier one";

pub const DOC: &str = r#"## What it does
Flags a claim that repeats an earlier claim of the workspace: the same subject, relation
word, set of (canonical) objects, set of contexts, mechanism, stimuli and set of cited
keys. Effect size and quote are not compared. Aliases count as their canonical name, so
`MDR1` repeats `ABCB1`. A claim with a name already reported as not resolving
(`unknown-*`, `wrong-kind`, `ambiguous-name`) is not compared: one mistake, one
diagnostic.

## Why is this bad?
A repeated claim inflates counts in every exported table and is usually a copy-paste
left behind.

## Example
```evn
carrier SLN(docetaxel) downregulates MDR1, BCRP in TNBC cite(79)
carrier SLN(docetaxel) downregulates ABCG2, ABCB1 in TNBC cite(79)
ref 79 "Docetaxel solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(docetaxel) downregulates MDR1, BCRP in TNBC cite(79)
ref 79 "Docetaxel solid lipid nanoparticles in TNBC"
```
"#;

pub fn diagnostic(claim: &ClaimFacts, earlier: &ClaimFacts) -> Diagnostic {
    Diagnostic::new(
        Rule::DuplicateClaim,
        claim.file,
        claim.span,
        "this claim repeats an earlier one",
    )
    .with_related(Related {
        file: earlier.file,
        span: earlier.span,
        message: "the earlier claim".into(),
    })
}
