//! `unknown-drug`: a name in the drug position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "a payload or `drug` subject is not a known drug";

pub const DOC: &str = r#"## What it does
Flags a name inside the parentheses of a composition (`SLN(talazopirib)`), or after
`drug` in a subject, that is not a drug of the workspace or the prelude; suggests close
drug names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
carrier SLN(talazopirib) downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define drug NAME "description" aka ABBREVIATION`.
"#;
