//! `duplicate-doi`: two reference keys name the same publication, by DOI or PMID (spec
//! §11 O). Found with the references (`check::references`).

use crate::check::references::ReferenceDef;
use crate::diagnostic::{Diagnostic, Related, Rule};

pub const SUMMARY: &str = "two reference keys have the same DOI or PMID";

pub const DOC: &str = r#"## What it does
Flags a reference (`ref` or BibTeX entry) whose DOI or PMID an earlier reference of the
workspace already has, under another key; `.evn` files count before BibTeX files, in
the order of `bibliography`. It is reported on the later key, with the earlier one as
a related location. DOIs are compared without case and without a `https://doi.org/`,
`http://dx.doi.org/` or `doi:` prefix; PMIDs as numbers. Only the first definition of a
key takes part (a second one is `duplicate-reference`), and only well-formed
identifiers (a malformed one is `invalid-identifier`).

## Why is this bad?
One paper under two keys splits its citations: exports and reviewers count it twice,
and a correction made to one entry misses the other. It usually happens when a `ref`
is written for a paper the bibliography already has.

## Example
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79, guney2019)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC" doi "10.5555/evn.79"
ref guney2019 "Guney Eskiler G et al. Talazoparib SLN in TNBC" doi "https://doi.org/10.5555/EVN.79"
```

## Use instead
Keep one key for the paper, and cite it everywhere.
```evn
carrier SLN(talazoparib) downregulates ABCB1 cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC" doi "10.5555/evn.79"
```
"#;

/// What a later reference shares with an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    Doi,
    Pmid,
    Both,
}

/// The warning on `later`, naming each earlier reference it shares an identifier with
/// (at most two: the first with its DOI, the first with its PMID).
pub fn diagnostic(later: &ReferenceDef, earlier: &[(&ReferenceDef, Shared)]) -> Diagnostic {
    let doi = later.doi.as_ref().map_or("", |d| d.text.as_str());
    let pmid = later.pmid.as_ref().map_or("", |p| p.text.as_str());
    let what = |key: &str, shared: Shared| match shared {
        Shared::Doi => format!("the same DOI as `{key}` (`{doi}`)"),
        Shared::Pmid => format!("the same PMID as `{key}` ({pmid})"),
        Shared::Both => format!("the same DOI and PMID as `{key}` (`{doi}`, {pmid})"),
    };
    let parts: Vec<String> = earlier.iter().map(|(def, shared)| what(&def.key, *shared)).collect();
    let mut diagnostic = Diagnostic::new(
        Rule::DuplicateDoi,
        later.file,
        later.key_span,
        format!("reference `{}` has {}", later.key, parts.join(" and ")),
    );
    for (def, shared) in earlier {
        let noun = match shared {
            Shared::Doi => "DOI",
            Shared::Pmid => "PMID",
            Shared::Both => "DOI and PMID",
        };
        diagnostic = diagnostic.with_related(Related {
            file: def.file,
            span: def.key_span,
            message: format!("`{}` has this {noun}", def.key).into(),
        });
    }
    diagnostic
}
