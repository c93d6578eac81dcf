//! `unknown-carrier`: a name in the carrier position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "the head of a composition is not a known carrier";

pub const DOC: &str = r#"## What it does
Flags the head of `carrier X(...)` (or of a formulation's composition) that is not a
carrier of the workspace or the prelude; suggests close carrier names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
carrier SLM(talazoparib) downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define carrier NAME "description" is lipid`.
"#;
