//! Inlay hints: the canonical name after a name written as an alias (`MDR1 → ABCB1`).

use super::{occurrences_in, Role, World};
use crate::diagnostic::FileId;
use crate::text::Span;
use crate::vocab::{Lookup, Match};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint stands: just after the name.
    pub offset: u32,
    pub label: String,
}

pub fn inlay_hints(world: &World<'_>, file: FileId, range: Span) -> Vec<InlayHint> {
    let Some(ast) = world.ast(file) else { return Vec::new() };
    let text = world.text(file);
    let vocabulary = &world.analysis.vocabulary;
    let first = ast.statements.partition_point(|s| s.span.end < range.start);
    let mut out = Vec::new();
    let mut names = Vec::new();
    for index in first..ast.statements.len() {
        if ast.statements.get(index).is_none_or(|s| s.span.start > range.end) {
            break;
        }
        names.clear();
        occurrences_in(ast, text, index, &mut names);
        for occurrence in &names {
            let Role::Use(position) = occurrence.role else { continue };
            if let Lookup::Found(resolved, Match::Alias) =
                vocabulary.lookup(occurrence.name.text(text), position)
            {
                out.push(InlayHint {
                    offset: occurrence.name.span.end,
                    label: format!("→ {}", vocabulary.canonical_name(resolved)),
                });
            }
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::analyse;

    #[test]
    fn canonical_name_after_alias() {
        let text = "carrier SLN(PTX) downregulates MDR1, ABCB1 cite(1)\nref 1 \"x\"\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let hints = inlay_hints(
            &World { analysis: &analysis, texts: &texts },
            0,
            Span::new(0, text.len() as u32),
        );
        // The text as the editor shows it, each hint where it stands.
        let mut shown = text.to_string();
        for hint in hints.iter().rev() {
            shown.insert_str(hint.offset as usize, &format!(" [{}]", hint.label));
        }
        insta::assert_snapshot!(shown, @r#"
        carrier SLN(PTX [→ paclitaxel]) downregulates MDR1 [→ ABCB1], ABCB1 cite(1)
        ref 1 "x"
        "#);
    }
}
