//! Code actions: the diagnostics' fixes, "add `# evn: allow(rule)`" for a diagnostic's
//! statement, and fix-all (every safe fix of a file).

use super::{statement_at, World};
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Rule};
use crate::text::{LineIndex, Span};

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
}

/// The actions for the diagnostics of `file` that overlap `range`.
pub fn code_actions(world: &World<'_>, file: FileId, range: Span) -> Vec<CodeAction> {
    let mut out = Vec::new();
    let overlapping =
        world.analysis.diagnostics.iter().enumerate().filter(|(_, d)| {
            d.file == file && d.span.start <= range.end && range.start <= d.span.end
        });
    for (index, diagnostic) in overlapping {
        if let Some(fix) = &diagnostic.fix {
            out.push(CodeAction {
                title: fix.title.clone(),
                kind: ActionKind::QuickFix,
                edits: fix.edits.clone(),
                diagnostics: vec![index],
                preferred: fix.applicability == Applicability::Safe,
            });
        }
        if diagnostic.rule != Rule::Syntax {
            if let Some(edit) = allow_edit(world, diagnostic) {
                out.push(CodeAction {
                    title: format!("allow `{}` for this statement", diagnostic.rule),
                    kind: ActionKind::QuickFix,
                    edits: vec![edit],
                    diagnostics: vec![index],
                    preferred: false,
                });
            }
        }
    }
    out
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

    #[test]
    fn fixes_and_allow() {
        let text = "carrier SLN(paclitaxel) downregulates BCRP\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let world = World { analysis: &analysis, texts: &texts };
        let actions = code_actions(&world, 0, Span::new(0, text.len() as u32));
        let allow = actions
            .iter()
            .find(|a| a.title == "allow `missing-citation` for this statement")
            .unwrap();
        assert_eq!(allow.edits[0].span, Span::empty(text.len() as u32 - 1));
        let all = fix_all(&world, 0).unwrap();
        assert_eq!(all.edits[0].text, "ABCG2");
    }
}
