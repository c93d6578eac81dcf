//! `unknown-stimulus`: a name in the stimulus position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "a name after `under` is not a known stimulus";

pub const DOC: &str = r#"## What it does
Flags a name after `under` that is not a stimulus (pH, NIR, magnetic-field, ...) of the
workspace or the prelude; suggests close stimulus names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCG2 under NRI cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCG2 under NIR cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define stimulus NAME "description"`.
"#;
