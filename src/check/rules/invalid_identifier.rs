//! `invalid-identifier`: a DOI, PMID or trial NCT number that is not well formed (spec
//! §11 O, M). Found with
//! the references (`check::references`), and for a `review`'s DOI in the per-file pass
//! (`check::claims`); the forms are `check::identifiers`.

use crate::check::identifiers;
use crate::check::references::Identifier;
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Rule};
use crate::text::Span;

pub const SUMMARY: &str = "a DOI, PMID or NCT number is not well formed";

pub const DOC: &str = r#"## What it does
Flags a `doi "..."` (of a `ref`, a `review` or a BibTeX entry) that is not a DOI, and a
`pmid` (of a `ref`, or a BibTeX `pmid` field or `pubmed` `eprint`) that is not a PMID,
on the value. A DOI is `10.`, 4 to 9 digits, `/`, and at least one more character,
without spaces; it may be written with a `https://doi.org/`, `http://doi.org/`,
`https://dx.doi.org/`, `http://dx.doi.org/` or `doi:` prefix (any case). A PMID is a
whole number of at least 1 (`pmid 4.1` and `pmid 0` are not). A `pmid` that is not a
number at all (`pmid PMC123`) is a `syntax` error instead, in a `.evn` file.

When a DOI can be read out of the text (after a `/`, `:` or space: `doi.org/10.5555/x`,
`DOI: 10.5555/x`), the message names it, and in a `.evn` file a fix (applied by
`--fix --unsafe-fixes`) writes it alone.

A `trial` that starts with `NCT` (any case) is a ClinicalTrials.gov identifier and
must be `NCT` and eight digits (spec §11 M: `trial NCT01584648`); other trial names
(`trial COMBI-d`) are free.

## Why is this bad?
A malformed identifier cannot be resolved: a reader following it finds nothing, and
evn cannot compare it (`duplicate-doi`) or look it up (`retracted-reference`). It is
usually a DOI pasted without its `10.` or with text around it, or a PMCID written as a
PMID.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC" doi "5555/evn.79"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC" doi "10.5555/evn.79"
```
"#;

/// The error on a DOI that is not one; `why` is `check::identifiers::doi`'s.
/// When a DOI can be read out of the text (`doi.org/10.5555/x`), the message names it,
/// and a `quoted` value (a string of a `.evn` file, not a BibTeX field) gets a fix that
/// writes it alone.
pub fn doi(file: FileId, span: Span, text: &str, why: &str, quoted: bool) -> Diagnostic {
    let Some(inside) = identifiers::embedded_doi(text) else {
        return Diagnostic::new(
            Rule::InvalidIdentifier,
            file,
            span,
            format!("`{text}` is not a DOI: {why} (as in `10.1038/nature11729`)"),
        );
    };
    let diagnostic = Diagnostic::new(
        Rule::InvalidIdentifier,
        file,
        span,
        format!("`{text}` is not a DOI: {why}; did you mean `{inside}`?"),
    );
    if !quoted {
        return diagnostic;
    }
    let escaped = inside.replace('\\', "\\\\").replace('"', "\\\"");
    diagnostic.with_fix(Fix {
        title: format!("write the DOI alone: `{inside}`"),
        edits: vec![Edit { file, span, text: format!("\"{escaped}\"") }],
        applicability: Applicability::Unsafe,
    })
}

/// The error on a PMID that is not one; `why` is `check::identifiers::pmid`'s.
pub fn pmid(file: FileId, pmid: &Identifier, why: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::InvalidIdentifier,
        file,
        pmid.span,
        format!("`{}` is not a PMID: {why} (as in `23254930`)", pmid.text),
    )
}

/// The error on a `trial` that starts with `NCT` but is not `NCT` and eight digits;
/// `why` is `check::identifiers::nct`'s.
pub fn nct(file: FileId, span: Span, text: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::InvalidIdentifier,
        file,
        span,
        format!("`{text}` is not a ClinicalTrials.gov number: {why} (as in `NCT01584648`)"),
    )
}
