//! `unknown-reference`: a cited key is defined by no `ref` and no BibTeX entry.

use crate::check::references::References;
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::syntax::ast::Key;

pub const SUMMARY: &str = "a cited key is defined nowhere";

pub const DOC: &str = r#"## What it does
Flags a key in `cite(...)` that no `ref` statement and no BibTeX entry of the workspace
defines. For a range (`cite(70-72)`) it names the missing numbers.

## Why is this bad?
A citation that points nowhere cannot be followed, and is usually a typo in the key
or a reference that was never added.

## Example
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(80)
ref 79 "Doxorubicin solid lipid nanoparticles"
```

## Use instead
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```
"#;

pub fn diagnostic(file: FileId, key: Key, text: &str, references: &References) -> Diagnostic {
    let message = if references.is_empty() {
        format!("unknown reference `{text}`: the workspace defines no references (add `ref {text} \"...\"`)")
    } else {
        format!("unknown reference `{text}`")
    };
    Diagnostic::new(Rule::UnknownReference, file, key.span(), message)
}

pub fn range_diagnostic(file: FileId, key: Key, text: &str, missing: &[String]) -> Diagnostic {
    let list = missing.join(", ");
    let noun = if missing.len() == 1 { "reference" } else { "references" };
    Diagnostic::new(
        Rule::UnknownReference,
        file,
        key.span(),
        format!("the range `{text}` cites {noun} {list}, not defined"),
    )
}
