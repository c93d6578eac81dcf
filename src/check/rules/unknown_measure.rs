//! `unknown-measure`: the MEASURE of an `effect` is not one of spec 0.3 §11 L's.
//! Reported by the per-file pass; holds the message shared by the three "unknown
//! word" rules of the qualifiers.

use crate::check::units::Unknown;
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Rule};
use crate::text::Span;

pub const SUMMARY: &str = "the measure of an `effect` is not one of the known effect measures";

pub const DOC: &str = r#"## What it does
Flags the measure of `effect MEASURE value` when it is not one of `HR` (hazard ratio),
`OR` (odds ratio), `RR` (relative risk), `ARR` (absolute risk reduction), `RRR`
(relative risk reduction), `MD` (mean difference), `SMD` (standardised mean
difference), `AUC`, `IC50`, `EC50`, `Kd`, `Ki`, `MIC`, `ORR` (objective response rate)
or `NNT` (number needed to treat), with the closest one.

## Why is this bad?
An effect is read through its measure: a hazard ratio of 0.6 and a mean difference of
0.6 say different things, and a measure evn does not know cannot be compared or
exported for a meta-analysis.

## Example
```evn
drug dabrafenib reduces disease-progression in melanoma effect hr 0.67 ci 0.53-0.84 cite(1)
ref 1 "A trial"
```

## Use instead
```evn
drug dabrafenib reduces disease-progression in melanoma effect HR 0.67 ci 0.53-0.84 cite(1)
ref 1 "A trial"
```
"#;

pub fn diagnostic(file: FileId, span: Span, text: &str, unknown: Unknown) -> Diagnostic {
    suggested(Rule::UnknownMeasure, file, span, text, "effect measure", unknown)
}

/// "unknown unit `mgkg`; did you mean `mg/kg`?", with the replacement as a fix.
pub(super) fn suggested(
    rule: Rule,
    file: FileId,
    span: Span,
    text: &str,
    what: &str,
    unknown: Unknown,
) -> Diagnostic {
    let message = match &unknown.suggestion {
        Some(best) => format!("unknown {what} `{text}`; did you mean `{best}`?"),
        None => format!("unknown {what} `{text}`"),
    };
    let mut diagnostic = Diagnostic::new(rule, file, span, message);
    if let Some(best) = unknown.suggestion {
        diagnostic.fix = Some(std::sync::Arc::new(Fix {
            title: format!("replace with `{best}`"),
            edits: vec![Edit { file, span, text: best }],
            applicability: Applicability::Unsafe,
        }));
    }
    diagnostic
}
