//! Applying the fixes that diagnostics carry: which ones (safe ones, unsafe ones on
//! request), never two that overlap, and the resulting texts. Pure: `evn check --fix`
//! and the server's code actions both use it; neither reads nor writes files here.

use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Rule};
use crate::text::Span;

/// Which fixes may be applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FixMode {
    /// Also apply [`Applicability::Unsafe`] fixes ("did you mean" replacements).
    pub unsafe_fixes: bool,
}

impl FixMode {
    pub fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self.unsafe_fixes,
        }
    }
}

/// A fix that was applied: the diagnostic it came from and what it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub rule: Rule,
    pub file: FileId,
    /// The diagnostic's span in the text before the fix.
    pub span: Span,
    pub title: String,
}

/// The outcome of [`apply`]: the new texts of the files that changed, what was done,
/// and how many fixes were left for a later pass because they overlapped another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// `(file, new text)` for every file that changed, in file order.
    pub texts: Vec<(FileId, String)>,
    pub applied: Vec<Applied>,
    pub skipped: usize,
}

/// Applies the fixes of `diagnostics` that `mode` allows to `texts` (indexed by
/// [`FileId`]). A fix is applied whole or not at all; a fix with an edit that overlaps
/// an edit already chosen, that falls outside its file or splits a character, is
/// skipped (and counted, for overlaps). Fixes are chosen in diagnostic order.
pub fn apply(texts: &[&str], diagnostics: &[Diagnostic], mode: FixMode) -> Fixed {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut fixed = Fixed::default();
    for diagnostic in diagnostics {
        let Some(fix) = &diagnostic.fix else { continue };
        if !mode.allows(fix.applicability) || fix.edits.is_empty() {
            continue;
        }
        let valid = fix
            .edits
            .iter()
            .all(|e| texts.get(e.file as usize).is_some_and(|t| t.get(e.span.range()).is_some()));
        if !valid {
            continue;
        }
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            chosen
                .iter()
                .chain(fix.edits.get(..i).unwrap_or(&[]))
                .any(|c| c.file == e.file && overlaps(c.span, e.span))
        });
        if clashes {
            fixed.skipped += 1;
            continue;
        }
        chosen.extend(fix.edits.iter().cloned());
        fixed.applied.push(Applied {
            rule: diagnostic.rule,
            file: diagnostic.file,
            span: diagnostic.span,
            title: fix.title.clone(),
        });
    }
    chosen.sort_by_key(|e| (e.file, e.span.start, e.span.end));
    let mut start = 0;
    while start < chosen.len() {
        let file = chosen[start].file;
        let end =
            chosen[start..].iter().position(|e| e.file != file).map_or(chosen.len(), |n| start + n);
        if let Some(text) = texts.get(file as usize) {
            fixed.texts.push((file, apply_edits(text, &chosen[start..end])));
        }
        start = end;
    }
    fixed
}

/// Applies edits of one text that do not overlap, sorted by position. Edits outside
/// the text or not on character boundaries are ignored.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0usize;
    for edit in edits {
        let range = edit.span.range();
        if range.start < at || text.get(range.clone()).is_none() {
            continue;
        }
        out.push_str(text.get(at..range.start).unwrap_or(""));
        out.push_str(&edit.text);
        at = range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Two edits clash when their spans share a byte, or when both insert at one place.
fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;

    fn diagnostic(span: (u32, u32), text: &str, applicability: Applicability) -> Diagnostic {
        let span = Span::new(span.0, span.1);
        Diagnostic::new(Rule::NonCanonicalName, 0, span, "m").with_fix(Fix {
            title: format!("replace with `{text}`"),
            edits: vec![Edit { file: 0, span, text: text.into() }],
            applicability,
        })
    }

    #[test]
    fn safe_by_default_unsafe_on_request_never_overlapping() {
        let text = "A inhibits MDR1, BCRQ";
        let diagnostics = vec![
            diagnostic((11, 15), "ABCB1", Applicability::Safe),
            diagnostic((12, 15), "X", Applicability::Safe),
            diagnostic((17, 21), "BCRP", Applicability::Unsafe),
        ];
        let safe = apply(&[text], &diagnostics, FixMode::default());
        assert_eq!(safe.texts, vec![(0, "A inhibits ABCB1, BCRQ".to_string())]);
        assert_eq!((safe.applied.len(), safe.skipped), (1, 1));
        let all = apply(&[text], &diagnostics, FixMode { unsafe_fixes: true });
        assert_eq!(all.texts, vec![(0, "A inhibits ABCB1, BCRP".to_string())]);
    }

    #[test]
    fn bad_spans_are_ignored() {
        let diagnostics = vec![diagnostic((3, 99), "x", Applicability::Safe)];
        assert!(apply(&["abc"], &diagnostics, FixMode::default()).texts.is_empty());
        assert!(apply(&["é"], &[diagnostic((1, 2), "x", Applicability::Safe)], FixMode::default())
            .texts
            .is_empty());
    }
}
