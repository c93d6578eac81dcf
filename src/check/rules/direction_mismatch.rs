//! `direction-mismatch`: a therapy claim moves an object against its signed role for
//! the claim's mechanism.

use crate::check::keys::Key;
use crate::check::relations::Polarity;
use crate::check::resolve::{join_or, Context};
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::syntax::ast::{Name, Sign};
use crate::vocab::Resolved;

pub const SUMMARY: &str = "the relation moves an object against its role in the claim's mechanism";

pub const DOC: &str = r#"## What it does
In a therapy claim with a mechanism (own `via` or the section's), flags the relation
word when an object — target or process — has a signed role for that mechanism and the
relation goes the other way: `efflux:down` on ABCB1 means lowering it fights efflux, so
`upregulates ABCB1 via efflux` is backwards. Reported once per claim, naming every
object concerned.

As for `mechanism-mismatch`, a role counts only when the workspace declared it or it
comes from the mechanism's own layer (spec §11 D): the prelude's roles apply under the
prelude's mechanisms, never under one the workspace defines.

## Why is this bad?
Either the verb is wrong (up for down), or the mechanism is: a claim that raises P-gp
does not belong under "inhibition of drug efflux".

## Example
```evn
carrier SLN(talazoparib) upregulates ABCB1 in TNBC via efflux cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```

## Use instead
```evn
carrier SLN(talazoparib) downregulates ABCB1 in TNBC via efflux cite(79)
ref 79 "Talazoparib-loaded solid lipid nanoparticles in TNBC"
```
"#;

#[allow(clippy::too_many_arguments)]
pub fn check(
    context: &Context<'_>,
    file: FileId,
    src: &str,
    relation: Name,
    polarity: Polarity,
    objects: &[(Name, Resolved)],
    mechanism: Resolved,
    mechanism_key: Key,
) -> Option<Diagnostic> {
    let moved = match polarity {
        Polarity::Up => Sign::Up,
        Polarity::Down => Sign::Down,
        Polarity::None | Polarity::Null => return None,
    };
    let against: Vec<String> = objects
        .iter()
        .filter(|(_, object)| {
            context
                .roles_for(*object, mechanism)
                .any(|role| role.mechanism == mechanism_key && role.sign == Some(moved.opposite()))
        })
        .map(|(name, _)| format!("`{}`", name.text(src)))
        .collect();
    if against.is_empty() {
        return None;
    }
    let mechanism = context.vocabulary.canonical_name(mechanism);
    let (it, serves) = if against.len() == 1 { ("its", "serves") } else { ("their", "serves") };
    Some(Diagnostic::new(
        Rule::DirectionMismatch,
        file,
        relation.span,
        format!(
            "`{}` moves {} {}, but {it} role in `{mechanism}` says moving {} {} {serves} it",
            relation.text(src),
            join_or(&against, "and"),
            moved.as_str(),
            if against.len() == 1 { "it" } else { "them" },
            moved.opposite().as_str(),
        ),
    ))
}
