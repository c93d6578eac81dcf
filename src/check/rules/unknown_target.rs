//! `unknown-target`: an object of a relation resolves in no layer. The lookup and the
//! suggestion are shared by every `unknown-*` rule (`check::resolve`).

pub const SUMMARY: &str = "an object is neither a known target nor a known process";

pub const DOC: &str = r#"## What it does
Flags an object of a relation (`downregulates X`) that is neither a target nor a
process of the workspace, the prelude or the gene namespace, and suggests close names
("did you mean"), curated entries first.

A name of one of the derived forms (spec §11 B: `siBRAF`, `p-AKT`, `BRAF-V600E`,
`Pten-/-`, `HER2-low`, `cisplatin-resistance`, `tau-aggregation`, `relapsed-AML`,
`HCT116/5-FU`; the list is in `docs/derived-names.md`) whose base resolves nowhere is
reported on the base, as the base's own kind, with "did you mean" for the base and no
fix: `siKRAZ` is "unknown gene `KRAZ` in `siKRAZ`; did you mean `siKRAS`?".

The replacement (applied by `--fix --unsafe-fixes`, offered by the editor) exists only
when the name looks like a typo of the single closest name (spec §11 E): at most two
slips of the hand, no digit and no letter next to a digit changed, no Greek letter, not
another case throughout, and no hyphen-separated part replaced. `tau-clearance` is not
rewritten as `CTC-clearance`, nor `SERCA2a` as `SERCA2`: a correct name the vocabulary
does not know keeps its place, and the message only names the close entries. The same
holds for every `unknown-*` rule.

A draft with many unknown names: `evn check` lists them together at the end, and
`evn define --missing -o vocabulary.evn` writes a `define` for each.

## Why is this bad?
A misspelt gene (`BCRQ` for `BCRP`) makes the claim about nothing: it escapes the
contradiction and mechanism checks and ends up wrong in every exported table.

## Example
```evn
carrier SLN(talazoparib) downregulates BCRQ in TNBC cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates BCRP in TNBC cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
Or, for a target the vocabulary does not know, `define target NAME "description"`.
"#;
