//! `duplicate-reference`: a reference key is defined again (`ref` or BibTeX).

use crate::check::references::ReferenceDef;
use crate::diagnostic::{Diagnostic, Related, Rule};

pub const SUMMARY: &str = "a reference key is defined more than once";

pub const DOC: &str = r#"## What it does
Flags every later definition of a reference key, in a `ref` statement or a BibTeX entry
(`.evn` files count before BibTeX files), pointing to the first.

## Why is this bad?
A citation must name one source. With two definitions, readers and exports cannot know
which one a `cite` means.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
ref 79 "Another paper under the same key"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79, 80)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
ref 80 "Another paper under its own key"
```
"#;

pub fn diagnostic(later: &ReferenceDef, first: &ReferenceDef) -> Diagnostic {
    Diagnostic::new(
        Rule::DuplicateReference,
        later.file,
        later.key_span,
        format!("reference `{}` is defined again", later.key),
    )
    .with_related(Related {
        file: first.file,
        span: first.key_span,
        message: "first defined here".into(),
    })
}
