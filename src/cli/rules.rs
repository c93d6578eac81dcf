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
    writeln!(out, "`evn rules RULE` explains one; `[rules]` in evn.toml sets severities (error, warning, info, hint, off).")
}

fn explain(out: &mut impl Write, rule: Rule) -> std::io::Result<()> {
    let doc = rules::doc(rule);
    writeln!(out, "# {} (default: {})", rule.name(), rule.default_severity())?;
    writeln!(out)?;
    writeln!(out, "{}", doc.summary)?;
    writeln!(out)?;
    write!(out, "{}", doc.doc)
}
