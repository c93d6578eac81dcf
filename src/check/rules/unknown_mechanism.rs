//! `unknown-mechanism`: a name in the mechanism position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "a name after `via` is not a known mechanism";

pub const DOC: &str = r#"## What it does
Flags a name after `via` (in a claim, a section or a `role`) that is not a mechanism of
the workspace or the prelude; suggests close mechanism names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCG2 via eflux cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCG2 via efflux cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define mechanism NAME "description"`.
"#;
