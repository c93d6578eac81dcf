//! `non-canonical-name`: an alias or a different case is used; the fix writes the
//! canonical name. Reported by the shared resolution (`check::resolve`).

pub const SUMMARY: &str = "an alias or a different case is used instead of the canonical name";

pub const DOC: &str = r#"## What it does
Points out a name written as an alias (`MDR1`, `P-gp` for `ABCB1`) or in another case
(`abcb1`), and offers to replace it with the canonical name. It is a hint: `evn check`
shows it with `--show-hints`, editors show it faintly, and `evn check --fix` applies
it when the rule is enabled at a higher severity in `evn.toml`.

## Why is this bad?
It is not wrong: aliases resolve to the same entry everywhere. But a review that
writes one name per entity is easier to search and to export.

## What is not rewritten
A synonym from an ontology or a drug source (the drugs, diseases, organisms,
processes, phenotypes, cell types and anatomy namespaces) is reported and never
rewritten: those sources do not say whether a synonym is exact, so the canonical name
may be broader or narrower than what the author wrote (`neuropathic-pain` is an entry
term of MeSH's `Neuralgia`; `CTLA4-Ig` is a construct the drug source files under
abatacept). Nor is a name rewritten into an inverted heading (`T-Lymphocytes,
Regulatory`) or into backticks, nor when it means something else in another layer. A
gene's, family's or microRNA's alias (`tau` → `MAPT`), a cell line's and a curated
alias are rewritten.

## Example
```evn
carrier SLN(talazoparib) downregulates MDR1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
"#;
