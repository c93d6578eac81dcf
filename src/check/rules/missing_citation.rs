//! `missing-citation`: a claim has no `cite(...)`.

use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::text::Span;

pub const SUMMARY: &str = "a claim has no citation";

pub const DOC: &str = r#"## What it does
Flags a claim without a `cite(...)` qualifier.

## Why is this bad?
Every claim of a review rests on a source. A claim without one cannot be verified by
a reader, and is usually one whose citation was lost in editing.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCB1 in TNBC
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCB1 in TNBC cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
"#;

pub fn diagnostic(file: FileId, claim: Span) -> Diagnostic {
    Diagnostic::new(
        Rule::MissingCitation,
        file,
        claim,
        "this claim has no citation; add `cite(KEY)`",
    )
}
