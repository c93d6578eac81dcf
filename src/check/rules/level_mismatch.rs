//! `level-mismatch`: a written `level` that the claim's own contexts contradict (spec
//! 0.3 §11 M): a clinical level on cell lines or animals only, an in-vitro level in an
//! animal. The level a claim's contexts give is `check::level`'s. Reported by the
//! per-file pass.

use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::text::Span;

pub const SUMMARY: &str = "the written evidence level contradicts the claim's contexts";

pub const DOC: &str = r#"## What it does
Flags a claim whose written `level` says one thing and whose contexts another:
- a clinical level (`clinical`, `phase-1` … `phase-4`, `rct`, `meta-analysis`,
  `cohort`, `case-control`, `case-report`) on a claim whose contexts are cell lines,
  cell types, animals or laboratory models, with no `human`;
- `in-vitro` on a claim in an animal other than human, or in an in-vivo model;
- `in-vivo` on a claim in an in-vitro model (`in-vitro`, `3D-spheroid`).
`ex-vivo` and `in-silico` agree with any context. A cell line under `level in-vivo`
is a xenograft, not a mismatch.

## Why is this bad?
The level is what a reader sorts claims by; a level that the claim's own contexts
contradict overstates (or understates) the evidence, which is the one thing a review
must not do silently.

## Example
```evn
drug tamoxifen reduces cell-proliferation in MCF-7 level clinical cite(1)
ref 1 "A study"
```

## Use instead
```evn
drug tamoxifen reduces cell-proliferation in MCF-7 level in-vitro cite(1)
ref 1 "A study"
```
"#;

/// `written`: the level as written; `why`: what the contexts say ("its contexts are
/// cell lines only (`MCF-7`)").
pub fn diagnostic(file: FileId, span: Span, written: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::LevelMismatch,
        file,
        span,
        format!("the claim says `level {written}`, but {why}"),
    )
}
