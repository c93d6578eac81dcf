//! `duplicate-definition`: a name or alias is defined again in one namespace of the
//! workspace. Reported while the vocabulary is built (`vocab::Vocabulary::build`).

pub const SUMMARY: &str = "a name or alias is defined twice in one namespace";

pub const DOC: &str = r#"## What it does
Flags every later `define` of a name or alias that the workspace already defines in the
same namespace (kind), pointing to the first. A workspace definition may shadow a
prelude entry: that is not flagged.

## Why is this bad?
Two definitions of one name disagree sooner or later (another description, other
roles), and it is not clear which one the claims mean.

## Example
```evn
define ligand PBA "phenylboronic acid"
define ligand PBA "defined a second time"
```

## Use instead
```evn
define ligand PBA "phenylboronic acid"
```
"#;
