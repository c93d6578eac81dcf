//! `evn explain NAME [PATH]`: what a name resolves to in each position of a claim, in
//! the workspace of PATH (default: the current folder), from which layer and
//! namespace, with its canonical name, aliases, roles, classes and description (genes:
//! their full name). The same lookup as `evn check`, and the same words as hover.

use std::io::Write;

use super::app::{ExplainArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use super::workspaces::{load_workspaces, options};
use crate::check;
use crate::vocab::{Lookup, Match, Position, Resolved, Vocabulary};

/// Where a position is in a claim, as `explain` names it.
fn where_(position: Position) -> &'static str {
    match position {
        Position::Object => "object of a relation",
        Position::Payload => "payload `carrier X(…)`",
        Position::CarrierHead => "head of `carrier X(…)`",
        Position::With => "after `with`",
        Position::Subject => "bare subject",
        Position::DrugSubject => "after `drug`",
        Position::Context => "after `in`",
        Position::Stimulus => "after `under`",
        Position::Mechanism => "after `via`",
        Position::Outcome => "object of `treats`, `causes`, `prevents`, `predicts`…",
    }
}

pub fn run(args: &ExplainArgs) -> u8 {
    let paths: Vec<_> = args.path.iter().cloned().collect();
    // One path or none: one workspace, the path's own (spec §10 F) or the current folder's.
    let workspace = match load_workspaces(&paths).map(Vec::into_iter).map(|mut w| w.next()) {
        Ok(Some(workspace)) => workspace,
        Ok(None) => return EXIT_USAGE,
        Err(code) => return code,
    };
    let analysis = check::analyze(&workspace.sources(), &options(&workspace, false));
    let name = args.name.strip_prefix('`').and_then(|n| n.strip_suffix('`')).unwrap_or(&args.name);
    let mut out = anstream::stdout().lock();
    match explain(&mut out, &analysis.vocabulary, name) {
        Ok(true) => EXIT_OK,
        Ok(false) => EXIT_FINDINGS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

/// Writes the explanation; `Ok(false)` when the name resolves in no position.
fn explain(out: &mut impl Write, vocabulary: &Vocabulary, name: &str) -> std::io::Result<bool> {
    // Positions with the same answer are listed together, in the order of spec §4.
    let mut groups: Vec<(Lookup, Vec<Position>)> = Vec::new();
    let object = vocabulary.lookup(name, Position::Object);
    for position in Position::ALL {
        let lookup = vocabulary.lookup(name, position);
        // The object of `treats` is named only where it reads otherwise than any object.
        if position == Position::Outcome && lookup == object {
            continue;
        }
        match groups.iter_mut().find(|(l, _)| *l == lookup) {
            Some((_, positions)) => positions.push(position),
            None => groups.push((lookup, vec![position])),
        }
    }
    writeln!(out, "{}", crate::vocab::written(name))?;
    let mut described: Vec<Resolved> = Vec::new();
    for (lookup, positions) in &groups {
        let places: Vec<&str> = positions.iter().map(|&p| where_(p)).collect();
        let answer = match lookup {
            Lookup::Found(resolved, how) => {
                if !described.contains(resolved) {
                    described.push(*resolved);
                }
                let d = vocabulary.describe(*resolved);
                if let Some((reading, _)) = &d.derived {
                    let answer =
                        format!("{} {}, a derived name: {reading}", d.kind.as_str(), d.written());
                    writeln!(out, "  {}: {answer}", places.join(", "))?;
                    continue;
                }
                let how = match how {
                    Match::Canonical => "its canonical name",
                    Match::Alias => "an alias",
                    Match::Case => {
                        "written otherwise, in case or spelling (hint `non-canonical-name`)"
                    }
                    Match::AliasCase => {
                        "an alias written otherwise, in case or spelling (warning `non-canonical-name`)"
                    }
                };
                format!("{} {} from {}: {how}", d.kind.as_str(), d.written(), source(&d.source))
            }
            Lookup::Ambiguous(candidates)
                if candidates.iter().all(|c| matches!(c, Resolved::Derived(_))) =>
            {
                let readings: Vec<String> = candidates
                    .iter()
                    .map(|&c| {
                        let d = vocabulary.describe(c);
                        let reading =
                            d.derived.as_ref().map(|(r, _)| r.clone()).unwrap_or_default();
                        format!("{} ({reading})", d.written())
                    })
                    .collect();
                format!(
                    "ambiguous (`ambiguous-name`): a derived name read as {}",
                    readings.join(", or ")
                )
            }
            Lookup::Ambiguous(candidates) => {
                let names: Vec<String> = candidates
                    .iter()
                    .map(|&c| {
                        let d = vocabulary.describe(c);
                        format!("{} ({})", d.written(), d.source)
                    })
                    .collect();
                format!("ambiguous (`ambiguous-name`): it can mean {}", names.join(", "))
            }
            Lookup::WrongKind(kind) => format!("{} here, so `wrong-kind`", kind.with_article()),
            Lookup::Unknown => "unknown".to_string(),
        };
        writeln!(out, "  {}: {answer}", places.join(", "))?;
    }
    for resolved in &described {
        let d = vocabulary.describe(*resolved);
        writeln!(out)?;
        let noun = d.noun.map_or(String::new(), |n| format!(", {n}"));
        writeln!(out, "{} — {} ({}{noun})", d.written(), d.kind.as_str(), source(&d.source))?;
        if let Some(full) = &d.full_name {
            writeln!(out, "  name:        {full}")?;
        }
        if let Some((reading, base)) = &d.derived {
            writeln!(out, "  reading:     {reading}")?;
            writeln!(out, "  base:        {}", crate::vocab::written(base))?;
        }
        if let Some(description) = &d.description {
            writeln!(out, "  description: {description}")?;
        }
        if !d.aliases.is_empty() {
            let aliases: Vec<String> = d.aliases.iter().map(|a| crate::vocab::written(a)).collect();
            writeln!(out, "  aliases:     {}", aliases.join(", "))?;
        }
        if !d.roles.is_empty() {
            writeln!(out, "  roles:       {}", d.roles.join(", "))?;
        }
        if !d.classes.is_empty() {
            writeln!(out, "  is:          {}", d.classes.join(", "))?;
        }
    }
    Ok(!described.is_empty())
}

/// "the prelude", "the drugs reference namespace".
fn source(source: &str) -> String {
    match source {
        "workspace" => "the workspace's defines".to_string(),
        "prelude" => "the prelude".to_string(),
        "derived" => "the reading of derived names".to_string(),
        other => format!("the {other} reference namespace"),
    }
}
