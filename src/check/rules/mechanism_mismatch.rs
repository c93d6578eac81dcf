//! `mechanism-mismatch`: a therapy claim's mechanism is not among the roles of a target
//! object that has roles (the roles that count for that mechanism: spec §11 D).

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

Roles stay in their review (spec §11 D): a role counts only when the workspace declared
it, or when it comes from the same layer as the mechanism. The prelude's roles were
written for its breast-cancer review (TNF `apoptosis:up`, AKT1 `signaling:down`): they
count under the prelude's mechanisms, never under a mechanism the workspace defines
itself. To give a prelude target a role in your own mechanism, define it again under
its canonical name: `define target TNF role neuroinflammation:down` extends the
prelude's entry (its aliases and roles stay).

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
    let mut roles = context.roles_for(object, mechanism).peekable();
    if roles.peek().is_none() || roles.any(|role| role.mechanism == mechanism_key) {
        return None;
    }
    let entry = match object {
        Resolved::Entry(id) => vocabulary.entry(id)?,
        Resolved::Gene(..) | Resolved::Reference(..) | Resolved::Derived(..) => return None,
    };
    let listed: Vec<String> = entry
        .roles
        .iter()
        .filter(|r| context.role_counts(r.layer, mechanism))
        .map(|r| format!("`{r}`"))
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
