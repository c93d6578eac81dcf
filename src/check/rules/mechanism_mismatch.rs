//! `mechanism-mismatch`: a therapy claim's mechanism is not among the roles of a target
//! object that has roles.

use crate::check::keys::Key;
use crate::check::resolve::{join_or, Context};
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::syntax::ast::{Kind, Name};
use crate::vocab::Resolved;

pub const SUMMARY: &str = "the claim's mechanism is not among the roles of a target it names";

pub const DOC: &str = r#"## What it does
In a therapy claim (the subject is a carrier, a formulation or a drug), flags an object
that is a target with roles when the claim's mechanism — its own `via`, or the
section's — is not among them. Processes are outcomes and are not checked
(`induces apoptosis via hyperthermia` is fine), nor are targets without roles.

## Why is this bad?
An efflux claim about an apoptosis gene is filed under the wrong mechanism: it lands in
the wrong table of the review, and often the section's `via` was not meant for it.

## Example
```evn
section 4.1 "Inhibition of drug efflux" via efflux
carrier SLN(talazoparib) downregulates BAX in TNBC cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
Give the claim its own mechanism:
```evn
section 4.1 "Inhibition of drug efflux" via efflux
carrier SLN(talazoparib) upregulates BAX in TNBC via apoptosis cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
"#;

pub fn check(
    context: &Context<'_>,
    file: FileId,
    src: &str,
    name: Name,
    object: Resolved,
    mechanism: Resolved,
    mechanism_key: Key,
) -> Option<Diagnostic> {
    let vocabulary = context.vocabulary;
    if vocabulary.kind_of(object) != Kind::Target {
        return None;
    }
    let roles = context.roles(object);
    if roles.is_empty() || roles.iter().any(|(m, _)| *m == mechanism_key) {
        return None;
    }
    let entry = match object {
        Resolved::Entry(id) => vocabulary.entry(id)?,
        Resolved::Gene(..) | Resolved::Reference(..) | Resolved::Derived(..) => return None,
    };
    let listed: Vec<String> = entry
        .roles
        .iter()
        .map(|r| match r.sign {
            Some(sign) => format!("`{}:{}`", r.mechanism, sign.as_str()),
            None => format!("`{}`", r.mechanism),
        })
        .collect();
    Some(Diagnostic::new(
        Rule::MechanismMismatch,
        file,
        name.span,
        format!(
            "`{}` has no role in mechanism `{}` (its roles: {})",
            name.text(src),
            vocabulary.canonical_name(mechanism),
            join_or(&listed, "and")
        ),
    ))
}
