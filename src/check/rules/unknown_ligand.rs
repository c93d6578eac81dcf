//! `unknown-ligand`: a name in the ligand position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "a name after `with` is not a known ligand, drug, target or carrier";

pub const DOC: &str = r#"## What it does
Flags a name after `with` (a ligand, coating or excipient) that is found in none of the
ligand, drug, target and carrier namespaces; suggests close names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
carrier SLN(talazoparib) with TPSG downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) with TPGS downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define ligand NAME "description"`.
"#;
