//! `unknown-reference`: a cited key is defined by no `ref` and no BibTeX entry; the
//! closest defined key as "did you mean" (spec §11 O), with a fix when the key looks
//! like a slip of the hand.

use crate::check::references::References;
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Rule};
use crate::syntax::ast::CiteKey;
use crate::syntax::lexer::{self, Token};
use crate::text::join_or;

pub const SUMMARY: &str = "a cited key is defined nowhere";

pub const DOC: &str = r#"## What it does
Flags a key in `cite(...)` that no `ref` statement and no BibTeX entry of the workspace
defines. For a range (`cite(70-72)`) it names the missing numbers.

It names the closest defined keys ("did you mean `smith2016`?"), within the bound of
names: one edit per four characters, without case; a key that differs only in case
comes first. A key of digits alone (a reference number) gets no suggestion: every
number is close to many others. The replacement is offered as a fix (applied by
`--fix --unsafe-fixes`) only for the single closest key, and only when the key
differs from it in case alone or looks like a slip of the hand by the standard of
names: no digit changed (`smith2017` is not rewritten as `smith2016`, which may be
another paper), at most two edits.

## Why is this bad?
A citation that points nowhere cannot be followed, and is usually a typo in the key
or a reference that was never added.

## Example
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(80)
ref 79 "Doxorubicin solid lipid nanoparticles"
```

## Use instead
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(79)
ref 79 "Doxorubicin solid lipid nanoparticles"
```
"#;

pub fn diagnostic(file: FileId, key: CiteKey, text: &str, references: &References) -> Diagnostic {
    if references.is_empty() {
        let message = format!(
            "unknown reference `{text}`: the workspace defines no references (add `ref {text} \"...\"`)"
        );
        return Diagnostic::new(Rule::UnknownReference, file, key.span(), message);
    }
    let suggestions = references.suggest(text, 3);
    let mut message = format!("unknown reference `{text}`");
    let best: Vec<String> = match suggestions.first() {
        Some(first) => suggestions
            .iter()
            .filter(|s| s.distance == first.distance)
            .map(|s| format!("`{}`", s.text))
            .collect(),
        None => Vec::new(),
    };
    if !best.is_empty() {
        message.push_str(&format!("; did you mean {}?", join_or(&best, "or")));
    }
    let diagnostic = Diagnostic::new(Rule::UnknownReference, file, key.span(), message);
    let only = match suggestions.as_slice() {
        [only] => only,
        [first, second, ..] if first.distance < second.distance => first,
        _ => return diagnostic,
    };
    if only.distance > 0 && !crate::vocab::typo::plausible(text, &only.text) {
        return diagnostic;
    }
    diagnostic.with_fix(Fix {
        title: format!("replace with `{}`", only.text),
        edits: vec![Edit { file, span: key.span(), text: as_written(&only.text) }],
        applicability: Applicability::Unsafe,
    })
}

/// A key as it must be written in `cite(...)`: bare if it lexes as one number or
/// name, else in backticks.
fn as_written(key: &str) -> String {
    match lexer::tokens(key, 0).as_slice() {
        [(Token::Number | Token::Name | Token::Keyword(_), span)]
            if span.len() as usize == key.len() =>
        {
            key.to_string()
        }
        _ => format!("`{key}`"),
    }
}

pub fn range_diagnostic(file: FileId, key: CiteKey, text: &str, missing: &[String]) -> Diagnostic {
    let list = missing.join(", ");
    let noun = if missing.len() == 1 { "reference" } else { "references" };
    Diagnostic::new(
        Rule::UnknownReference,
        file,
        key.span(),
        format!("the range `{text}` cites {noun} {list}, not defined"),
    )
}
