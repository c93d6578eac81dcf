//! `unknown-subject`: a name in the subject position resolves in none of its namespaces. The lookup and
//! the suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str =
    "a bare subject is not a known formulation, drug, carrier, target or agent (cell type, organism, model, stimulus)";

pub const DOC: &str = r#"## What it does
Flags a bare subject (a claim that starts with a name, not `carrier` or `drug`) found in
none of the formulation, drug, carrier and target namespaces, nor among the agents a
review's subject may be (spec 0.3 §11 I): cell types, organisms, laboratory models and
stimuli (`neutrophils promotes NETosis`, `Staphylococcus-aureus induces IL1B`);
suggests close names.

## Why is this bad?
An unknown name is usually a typo. The claim then names nothing the checker knows, so
it escapes the contradiction and mechanism checks and is wrong in every export.

## Example
```evn
TPGS-Res-SNL downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
TPGS-Res-SLN downregulates ABCG2 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
If the name is right but new, define it: `define formulation NAME = SLN(resveratrol) with TPGS`.
"#;
