//! `ambiguous-name`: an alias matches several entries of the layer that decides.
//! Reported by the shared resolution (`check::resolve`).

pub const SUMMARY: &str = "an alias names several entries; write the canonical name";

pub const DOC: &str = r#"## What it does
Flags an alias that belongs to several entries of the same layer (most often several
genes of the gene namespace that share an old alias), listing the candidates. A
definition of the workspace or the prelude settles it, as does the canonical name.

A derived name (spec §11 B: `siKARS`, `p-ERK`) is ambiguous too when its base is, when
its gene base is reached only through a gene alias, or when a base that is not
curated lies one edit from a curated entry's name: a typo can land on another real
gene (`siKARS` is a knock-down of KARS1, and one slip from `siKRAS`). Every reading is
listed, written on its canonical base (`siKARS1`, `siKRAS`); write the one you mean,
or define the name in the workspace.

## Why is this bad?
The checker cannot know which entry is meant, so the claim is left out of the
contradiction and mechanism checks, and readers cannot know either.

## Example
```evn
define target ALPHA "first" aka shared-alias
define target BETA "second" aka shared-alias
carrier SLN(doxorubicin) downregulates shared-alias cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```

## Use instead
```evn
define target ALPHA "first" aka shared-alias
define target BETA "second" aka shared-alias
carrier SLN(doxorubicin) downregulates ALPHA cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```
"#;
