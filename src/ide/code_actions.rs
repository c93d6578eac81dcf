//! Code actions: the diagnostics' fixes, "define `NAME` in the workspace vocabulary"
//! for an unknown name (spec §11 F), "add `# evn: allow(rule)`" for a diagnostic's
//! statement, and fix-all (every safe fix of a file).

use super::{statement_at, World};
use crate::check::missing::{define_stub, MissingName};
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Rule};
use crate::text::{LineIndex, Span};
use crate::vocab::Position;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    FixAll,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// The diagnostics (indices in `Analysis::diagnostics`) the action resolves.
    pub diagnostics: Vec<usize>,
    pub preferred: bool,
    /// Text to append to the workspace's vocabulary file (`vocabulary` in `evn.toml`),
    /// which the server creates when it is missing: the `define` of an unknown name.
    pub vocabulary: Option<String>,
}

/// The actions for the diagnostics of `file` that overlap `range`.
pub fn code_actions(world: &World<'_>, file: FileId, range: Span) -> Vec<CodeAction> {
    let mut out = Vec::new();
    let overlapping =
        world.analysis.diagnostics.iter().enumerate().filter(|(_, d)| {
            d.file == file && d.span.start <= range.end && range.start <= d.span.end
        });
    let mut missing = None;
    for (index, diagnostic) in overlapping {
        if let Some(fix) = &diagnostic.fix {
            out.push(CodeAction {
                title: fix.title.clone(),
                kind: ActionKind::QuickFix,
                edits: fix.edits.clone(),
                diagnostics: vec![index],
                preferred: fix.applicability == Applicability::Safe,
                vocabulary: None,
            });
        }
        if let Some(position) = Position::of_unknown_rule(diagnostic.rule) {
            let missing = missing.get_or_insert_with(|| {
                crate::check::missing::missing_names(&world.analysis.diagnostics, world.texts)
            });
            if let Some(action) = define_action(world, missing, index, diagnostic, position) {
                out.push(action);
            }
        }
        if diagnostic.rule != Rule::Syntax {
            if let Some(edit) = allow_edit(world, diagnostic) {
                out.push(CodeAction {
                    title: format!("allow `{}` for this statement", diagnostic.rule),
                    kind: ActionKind::QuickFix,
                    edits: vec![edit],
                    diagnostics: vec![index],
                    preferred: false,
                    vocabulary: None,
                });
            }
        }
    }
    out
}

/// "define `NAME` in the workspace vocabulary": the `define` that `evn define --missing`
/// writes for the name, with the kind every place it is unknown takes; it resolves all
/// of those diagnostics.
fn define_action(
    world: &World<'_>,
    missing: &[MissingName],
    index: usize,
    diagnostic: &Diagnostic,
    position: Position,
) -> Option<CodeAction> {
    let text = world.text(diagnostic.file);
    let written = text.get(diagnostic.span.start as usize..diagnostic.span.end as usize)?;
    let name = written.strip_prefix('`').and_then(|w| w.strip_suffix('`')).unwrap_or(written);
    let found = missing
        .iter()
        .find(|m| m.name == name.trim() && m.kinds.iter().any(|k| position.kinds().contains(k)))?;
    let resolves: Vec<usize> = world
        .analysis
        .diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            Position::of_unknown_rule(d.rule).is_some_and(|p| {
                found.kinds.iter().any(|k| p.kinds().contains(k))
                    && world.text(d.file).get(d.span.start as usize..d.span.end as usize)
                        == Some(written)
            })
        })
        .map(|(i, _)| i)
        .collect();
    Some(CodeAction {
        title: format!("define `{}` in the workspace vocabulary", found.name),
        kind: ActionKind::QuickFix,
        edits: Vec::new(),
        diagnostics: if resolves.is_empty() { vec![index] } else { resolves },
        preferred: false,
        vocabulary: Some(define_stub(&world.analysis.vocabulary, found, None)),
    })
}

/// Every safe fix of `file` that does not overlap an earlier one, as one action.
pub fn fix_all(world: &World<'_>, file: FileId) -> Option<CodeAction> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, d) in world.analysis.diagnostics.iter().enumerate() {
        let Some(fix) =
            d.fix.as_ref().filter(|f| f.applicability == Applicability::Safe && d.file == file)
        else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            e.file != file
                || edits.iter().any(|o| o.span.start < e.span.end && e.span.start < o.span.end)
        });
        if !clashes {
            edits.extend(fix.edits.iter().cloned());
            diagnostics.push(index);
        }
    }
    (!edits.is_empty()).then(|| CodeAction {
        title: "fix all safe fixes".into(),
        kind: ActionKind::FixAll,
        edits,
        diagnostics,
        preferred: false,
        vocabulary: None,
    })
}

/// The edit that allows the diagnostic's rule for its statement: added to an allow
/// comment at the end of the statement's last line, or as a new trailing comment, or
/// (when that line has another comment) on a line of its own before the statement.
fn allow_edit(world: &World<'_>, diagnostic: &Diagnostic) -> Option<Edit> {
    let ast = world.ast(diagnostic.file)?;
    let text = world.text(diagnostic.file);
    let statement = ast.statements.get(statement_at(ast, diagnostic.span.start)?)?;
    let lines = LineIndex::new(text);
    let last = lines.line_of(statement.span.end);
    let line = lines.line_span(text, last);
    let rule = diagnostic.rule.name();
    let file = diagnostic.file;
    match ast.comments.iter().find(|c| line.contains(c.start)) {
        None => {
            Some(Edit { file, span: Span::empty(line.end), text: format!(" # evn: allow({rule})") })
        }
        Some(comment) => {
            let body = comment.text(text);
            if crate::check::parse_allow(body).is_some() {
                let close = body.find(')')? as u32;
                Some(Edit {
                    file,
                    span: Span::empty(comment.start + close),
                    text: format!(", {rule}"),
                })
            } else {
                let first = lines.line_start(lines.line_of(statement.span.start))?;
                let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
                Some(Edit {
                    file,
                    span: Span::empty(first),
                    text: format!("# evn: allow({rule}){newline}"),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::analyse;

    /// The actions as the editor lists them, each with its edits (the text replaced,
    /// at which offset, and by what) and how many diagnostics it resolves.
    fn listed(actions: &[CodeAction], text: &str) -> String {
        let mut out = String::new();
        for a in actions {
            let preferred = if a.preferred { ", preferred" } else { "" };
            out.push_str(&format!("{} ({:?}{preferred})\n", a.title, a.kind));
            for e in &a.edits {
                let old = e.span.text(text);
                out.push_str(&format!("  at {}: {old:?} -> {:?}\n", e.span.start, e.text));
            }
            out.push_str(&format!("  resolves {} diagnostic(s)\n", a.diagnostics.len()));
        }
        out
    }

    #[test]
    fn fixes_and_allow() {
        let text = "carrier SLN(paclitaxel) downregulates BCRP\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let world = World { analysis: &analysis, texts: &texts };
        let actions = code_actions(&world, 0, Span::new(0, text.len() as u32));
        insta::assert_snapshot!(listed(&actions, text), @r#"
        allow `missing-citation` for this statement (QuickFix)
          at 42: "" -> " # evn: allow(missing-citation)"
          resolves 1 diagnostic(s)
        use the canonical name `ABCG2` (QuickFix, preferred)
          at 38: "BCRP" -> "ABCG2"
          resolves 1 diagnostic(s)
        allow `non-canonical-name` for this statement (QuickFix)
          at 42: "" -> " # evn: allow(non-canonical-name)"
          resolves 1 diagnostic(s)
        "#);
        let all = fix_all(&world, 0).unwrap();
        insta::assert_snapshot!(listed(&[all], text), @r#"
        fix all safe fixes (FixAll)
          at 38: "BCRP" -> "ABCG2"
          resolves 1 diagnostic(s)
        "#);
    }

    #[test]
    fn an_unknown_name_can_be_defined_in_the_vocabulary() {
        let text = "drug XQ-1 inhibits zqx-wobbling cite(1)\n\
                    drug XQ-1 reduces zqx-wobbling in TNBC cite(1)\nref 1 \"r\"\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let world = World { analysis: &analysis, texts: &texts };
        let at = text.find("zqx").unwrap() as u32;
        let actions = code_actions(&world, 0, Span::new(at, at + 3));
        let define = actions
            .iter()
            .find(|a| a.title == "define `zqx-wobbling` in the workspace vocabulary")
            .unwrap();
        insta::assert_snapshot!(define.vocabulary.as_deref().unwrap(), @"
        # unknown target or process, 2 times; or define it as target
        define process zqx-wobbling
        ");
        assert!(define.edits.is_empty());
        assert_eq!(define.diagnostics.len(), 2, "it resolves both places");
    }
}
