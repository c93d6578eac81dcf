//! `unknown-level`: the LEVEL of a `level` is not one of spec 0.3 §11 M's. Reported by
//! the per-file pass.

use crate::check::units::Unknown;
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::text::Span;

pub const SUMMARY: &str = "the evidence level is not one of the known levels";

pub const DOC: &str = r#"## What it does
Flags the word after `level` when it is not one of `in-silico in-vitro ex-vivo in-vivo
clinical phase-1 phase-2 phase-3 phase-4 rct meta-analysis cohort case-control
case-report`, with the closest one.

## Why is this bad?
Readers of a review weigh a claim first by what it rests on: a cell line, an animal, a
trial. The levels are a closed list so that every claim can be sorted by them; a level
evn does not know sorts nowhere.

## Example
```evn
drug olaparib prolongs progression-free-survival in gBRCA-mutated level phase3 cite(1)
ref 1 "A trial"
```

## Use instead
```evn
drug olaparib prolongs progression-free-survival in gBRCA-mutated level phase-3 cite(1)
ref 1 "A trial"
```
"#;

pub fn diagnostic(file: FileId, span: Span, text: &str, unknown: Unknown) -> Diagnostic {
    super::unknown_measure::suggested(
        Rule::UnknownLevel,
        file,
        span,
        text,
        "evidence level",
        unknown,
    )
}
