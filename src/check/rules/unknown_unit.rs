//! `unknown-unit`: the unit of a `by`, `effect` or `at`, or the time unit of a `for`, is
//! not one `check::units` reads (spec 0.3 §11 L). Reported by the per-file pass.

use crate::check::units::Unknown;
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::text::Span;

pub const SUMMARY: &str = "a dose, effect or duration has a unit evn does not read";

pub const DOC: &str = r#"## What it does
Flags the unit of `by N UNIT`, `effect MEASURE N UNIT` and `at N UNIT` when it is not a
unit in the usual notation, and the unit of `for N UNIT` when it is not a time unit,
with the closest known spelling. A unit is one or more factors joined by `/`
(`mg/kg/day`); a factor is an optional SI prefix (`p n µ u m c d k`) and a base (`g`,
`L`, `M`, `mol`, `IU`, `U`, `Gy`, `s`, `h`, `min`, `m2`, …), or a word unit such as
`points`, `mmHg` or `bpm`. A duration takes `hours days weeks months years` (singular
too). Case matters: `mM` is millimolar, `MM` is nothing. `evn rules` and hover list
the units.

## Why is this bad?
A dose or an effect size is compared with others only when its unit is read the same
way by every reader; a misspelt unit (`mgkg`, `ug/ml`) hides a tenfold or thousandfold
difference.

## Example
```evn
drug tamoxifen reduces cell-proliferation in MCF-7 at 5 mgkg cite(1)
ref 1 "A study"
```

## Use instead
```evn
drug tamoxifen reduces cell-proliferation in MCF-7 at 5 mg/kg cite(1)
ref 1 "A study"
```
"#;

/// `what`: "unit" or "time unit".
pub fn diagnostic(
    file: FileId,
    span: Span,
    text: &str,
    what: &str,
    unknown: Unknown,
) -> Diagnostic {
    let bare = unknown.suggestion.is_none();
    let mut diagnostic =
        super::unknown_measure::suggested(Rule::UnknownUnit, file, span, text, what, unknown);
    if what == "time unit" && bare {
        diagnostic.message =
            format!("{}; a duration is in hours, days, weeks, months or years", diagnostic.message)
                .into();
    }
    diagnostic
}
