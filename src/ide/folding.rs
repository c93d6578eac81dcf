//! Folding ranges: sections (to their last statement), statements over several lines,
//! and blocks of comment lines.

use super::World;
use crate::diagnostic::FileId;
use crate::syntax::ast::StatementKind;
use crate::text::LineIndex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

/// A fold from one 0-based line to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start_line: u32,
    pub end_line: u32,
    pub kind: FoldKind,
}

pub fn folding_ranges(world: &World<'_>, file: FileId, lines: &LineIndex) -> Vec<Fold> {
    let Some(ast) = world.ast(file) else { return Vec::new() };
    let line = |offset: u32| lines.line_of(offset) as u32;
    let mut out = Vec::new();
    let mut section: Option<(u32, u32)> = None;
    for statement in &ast.statements {
        let (start, end) = (line(statement.span.start), line(statement.span.end));
        if matches!(statement.kind, StatementKind::Section(_)) {
            if let Some((s, e)) = section.take() {
                out.push(Fold { start_line: s, end_line: e, kind: FoldKind::Region });
            }
            section = Some((start, end));
        } else if let Some((_, e)) = &mut section {
            *e = end;
        }
        if end > start {
            out.push(Fold { start_line: start, end_line: end, kind: FoldKind::Region });
        }
    }
    if let Some((s, e)) = section {
        out.push(Fold { start_line: s, end_line: e, kind: FoldKind::Region });
    }
    let text = world.text(file);
    let mut block: Option<(u32, u32)> = None;
    for comment in &ast.comments {
        let l = line(comment.start);
        let alone = lines
            .line_start(l as usize)
            .and_then(|s| text.get(s as usize..comment.start as usize))
            .is_some_and(|s| s.trim().is_empty());
        if !alone {
            continue;
        }
        block = match block {
            Some((s, e)) if e + 1 == l => Some((s, l)),
            Some((s, e)) => {
                if e > s {
                    out.push(Fold { start_line: s, end_line: e, kind: FoldKind::Comment });
                }
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    if let Some((s, e)) = block.filter(|(s, e)| e > s) {
        out.push(Fold { start_line: s, end_line: e, kind: FoldKind::Comment });
    }
    out.retain(|f| f.end_line > f.start_line);
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out.dedup();
    out
}
