//! `evn rules [RULE]`: the list of rules with their default severity, or one rule's
//! documentation.

use std::io::Write;

use super::app::{EXIT_OK, EXIT_USAGE};
use crate::check::rules;
use crate::diagnostic::Rule;
use crate::vocab::closest;

pub fn run(rule: Option<&str>) -> u8 {
    let mut out = anstream::stdout().lock();
    let result = match rule {
        None => list(&mut out),
        Some(name) => match Rule::from_name(name) {
            Some(rule) => explain(&mut out, rule),
            None => {
                let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                let hint = closest(name, &names, 1)
                    .first()
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                eprintln!("error: unknown rule `{name}`{hint} (`evn rules` lists them)");
                return EXIT_USAGE;
            }
        },
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

fn list(out: &mut impl Write) -> std::io::Result<()> {
    let width = Rule::ALL.iter().map(|r| r.name().len()).max().unwrap_or(0);
    for doc in rules::all() {
        writeln!(
            out,
            "{:<width$}  {:<7}  {}",
            doc.rule.name(),
            doc.rule.default_severity().as_str(),
            doc.summary
        )?;
    }
    writeln!(out)?;
    writeln!(out, "`evn rules RULE` explains one; `[rules]` in evn.toml sets severities (error, warning, info, hint, off).")?;
    derived_forms(out)
}

/// The closed list of derived-name forms (spec §11 B), in the order they are tried.
fn derived_forms(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "Derived names: a name that resolves nowhere is read as one of these forms when its base \
         resolves (`derived-names = false` in evn.toml turns this off; docs/derived-names.md):"
    )?;
    for (_, form, reads) in crate::vocab::derived::FORMS {
        writeln!(out, "  {form}  →  {reads}")?;
    }
    Ok(())
}

fn explain(out: &mut impl Write, rule: Rule) -> std::io::Result<()> {
    let doc = rules::doc(rule);
    writeln!(out, "# {} (default: {})", rule.name(), rule.default_severity())?;
    writeln!(out)?;
    writeln!(out, "{}", doc.summary)?;
    writeln!(out)?;
    write!(out, "{}", doc.doc)
}
