//! `wrong-kind`: the name exists, but only in namespaces this position does not take.
//! Reported by the shared resolution (`check::resolve`).

pub const SUMMARY: &str =
    "the name is known, but as another kind of entry than this position takes";

pub const DOC: &str = r#"## What it does
Flags a name that the vocabulary knows, but not as what its position needs: a drug as
the object of a relation, a target as a carrier, a context as a mechanism.

## Why is this bad?
The claim is malformed: "SLN downregulates doxorubicin" says a carrier lowers a drug's
expression. Usually a name is in the wrong place, or a word is missing.

## Example
```evn
carrier SLN(doxorubicin) downregulates doxorubicin cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```

## Use instead
```evn
carrier SLN(doxorubicin) downregulates ABCB1 cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```
"#;
