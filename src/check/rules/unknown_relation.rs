//! `unknown-relation`: the word in relation position is not one of spec §5's.

use crate::check::relations;
use crate::check::resolve::join_or;
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Rule};
use crate::syntax::ast::Name;
use crate::vocab::{closest, Vocabulary};

pub const SUMMARY: &str = "the relation word is not one of the known relations";

pub const DOC: &str = r#"## What it does
Flags a relation word that is neither one of Evidence Notation's relations nor one the
workspace defined, names the closest known words, and says how to define a new one.
The relations are: up — `increases upregulates activates induces enhances promotes
restores sensitizes prolongs causes increases-risk-of`; down — `decreases
downregulates inhibits suppresses reduces blocks silences reverses overcomes treats
prevents reduces-risk-of degrades`; no direction — `targets delivers bypasses
modulates binds encodes crosses phosphorylates dephosphorylates cleaves ubiquitinates
acetylates methylates is-associated-with predicts requires`; no effect (a null result)
— `does-not-affect does-not-change has-no-effect-on`. The object of `causes`,
`treats`, `prevents`, `increases-risk-of`, `reduces-risk-of`, `is-associated-with` and
`predicts` may also be a disease or phenotype. A workspace adds its own with
`define relation WORD up|down|none "description"`; its claims then take part in the
contradiction and direction checks with that polarity.

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

or, for a word of the authors' own:

```evn
define relation attenuates down "lessens an effect without abolishing it"
carrier SLN(doxorubicin) attenuates ABCG2 cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```
"#;

/// The diagnostic for `word`, with the closest built-in or defined words (a fix only
/// when one word is closest) and how to define it.
pub fn diagnostic(file: FileId, name: Name, word: &str, vocabulary: &Vocabulary) -> Diagnostic {
    let defined = vocabulary.relations().iter().map(|r| r.word.as_str());
    let mut words: Vec<&str> = relations::words().map(|w| w as &str).collect();
    for word in defined {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let best = closest(word, &words, 3);
    let define = format!("define it: `define relation {word} up|down|none \"…\"`");
    let message = if best.is_empty() {
        format!("unknown relation `{word}`; to use it as a relation of its own, {define}")
    } else {
        let names: Vec<String> = best.iter().map(|b| format!("`{b}`")).collect();
        format!("unknown relation `{word}`; did you mean {}? To use it as a relation of its own, {define}", join_or(&names, "or"))
    };
    let mut diagnostic = Diagnostic::new(Rule::UnknownRelation, file, name.span, message);
    if let [only] = best.as_slice() {
        diagnostic.fix = Some(std::sync::Arc::new(Fix {
            title: format!("replace with `{only}`"),
            edits: vec![Edit { file, span: name.span, text: only.to_string() }],
            applicability: Applicability::Unsafe,
        }));
    }
    diagnostic
}
