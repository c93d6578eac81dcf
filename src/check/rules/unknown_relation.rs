//! `unknown-relation`: the word in relation position is not one of spec §5's.

use crate::check::relations;
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Rule};
use crate::syntax::ast::Name;
use crate::vocab::{closest, closest_is_unique};

pub const SUMMARY: &str = "the relation word is not one of the known relations";

pub const DOC: &str = r#"## What it does
Flags a relation word that is not one of Evidence Notation's relations and suggests
the closest one. The relations are: up — `increases upregulates activates induces
enhances promotes restores`; down — `decreases downregulates inhibits suppresses reduces
blocks silences reverses`; no direction — `targets delivers bypasses modulates binds`.

## Why is this bad?
The relation's polarity drives the contradiction and direction checks; an unknown word
has none, so the claim cannot be checked.

## Example
```evn
carrier SLN(doxorubicin) downregulate ABCG2 cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```

## Use instead
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```
"#;

pub fn diagnostic(file: FileId, name: Name, word: &str) -> Diagnostic {
    let words: Vec<&str> = relations::words().collect();
    let mut diagnostic = Diagnostic::new(Rule::UnknownRelation, file, name.span, format!("unknown relation `{word}`"));
    if let Some(best) = closest(word, &words) {
        diagnostic.message.push_str(&format!("; did you mean `{best}`?"));
    }
    // As for names: a replacement only when one word is closest.
    if let (Some(best), true) = (closest(word, &words), closest_is_unique(word, &words)) {
        diagnostic.fix = Some(Fix {
            title: format!("replace with `{best}`"),
            edits: vec![Edit { file, span: name.span, text: best.to_string() }],
            applicability: Applicability::Unsafe,
        });
    }
    diagnostic
}
