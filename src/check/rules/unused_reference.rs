//! `unused-reference`: a defined reference is cited by no claim of the workspace.

use crate::check::references::References;
use crate::diagnostic::{Diagnostic, Rule};

pub const SUMMARY: &str = "a reference is cited by no claim";

pub const DOC: &str = r#"## What it does
Flags a `ref` (or a BibTeX entry of the workspace's `bibliography`) that no claim of the
workspace cites. Only the first definition of a key is considered.

## Why is this bad?
An unused reference is either dead weight in the bibliography or, more often, the sign
of a claim that lost its citation.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
ref 99 "A paper no claim cites"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
"#;

/// One warning per first definition that `cited` does not mark.
pub fn check(references: &References, cited: &[bool]) -> Vec<Diagnostic> {
    references
        .defs
        .iter()
        .enumerate()
        .filter(|(i, _)| references.is_first(*i as u32) && !cited.get(*i).copied().unwrap_or(false))
        .map(|(_, def)| {
            Diagnostic::new(
                Rule::UnusedReference,
                def.file,
                def.key_span,
                format!("reference `{}` is never cited", def.key),
            )
        })
        .collect()
}
