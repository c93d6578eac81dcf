//! `syntax`: the statement does not match the grammar. Reported by the parser
//! (`crate::syntax`) and for bytes that are not UTF-8.

pub const SUMMARY: &str = "the statement does not match the grammar";

pub const DOC: &str = r#"## What it does
Flags a statement that does not match the grammar of Evidence Notation, saying what
was expected and what was found: a missing `)`, an unterminated string, an indented
line with no statement above it, a second `via` in one claim, bytes that are not UTF-8.

## Why is this bad?
A statement that does not parse says nothing the checker can verify. Only its syntax
errors are reported, so one typo does not cascade into follow-up errors; the next
line is checked as usual.

## Example
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(79
```

## Use instead
```evn
carrier SLN(doxorubicin) downregulates ABCG2 cite(79)
```
"#;
