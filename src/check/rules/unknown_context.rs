//! `unknown-context`: a name in the context position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "a name after `in` is not a known context";

pub const DOC: &str = r#"## What it does
Flags a name after `in` that is not a context (a cell line, subtype, model) of the
workspace or the prelude; suggests close context names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCG2 in TNCB cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCG2 in TNBC cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define context NAME "description" is TNBC, cell-line`.
"#;
