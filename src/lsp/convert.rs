//! Conversion between the core's byte offsets and the protocol's positions, in the
//! negotiated encoding (UTF-8 when the client offers it, else UTF-16). The only code of
//! the project that counts UTF-16 units is here (and in `text::LineIndex`, which it
//! calls).

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, PositionEncodingKind};

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (the protocol's default).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// One file's text with its line index, for converting positions.
#[derive(Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub encoding: Encoding,
}

impl TextRef<'_> {
    pub fn position(&self, offset: u32) -> lsp::Position {
        match self.encoding {
            Encoding::Utf16 => {
                let (line, character) = self.lines.utf16_position(self.text, offset);
                lsp::Position { line, character }
            }
            Encoding::Utf8 => {
                let line = self.lines.line_of(offset);
                let start = self.lines.line_start(line).unwrap_or(0);
                lsp::Position {
                    line: line as u32,
                    character: offset.min(self.text.len() as u32).saturating_sub(start),
                }
            }
        }
    }

    /// The byte offset of a position; positions out of range clamp (never panics).
    pub fn offset(&self, position: lsp::Position) -> u32 {
        match self.encoding {
            Encoding::Utf16 => {
                self.lines.offset_of_utf16(self.text, position.line, position.character)
            }
            Encoding::Utf8 => {
                self.lines.offset_of_utf8(self.text, position.line, position.character)
            }
        }
    }

    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range { start: self.position(span.start), end: self.position(span.end) }
    }

    pub fn span(&self, range: lsp::Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

/// The char index in a rope of a protocol position, clamped to its line (for applying
/// incremental edits).
pub fn rope_char(rope: &Rope, position: lsp::Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let slice = rope.line(line);
    // Without its line end: `\n`, `\r\n`, or a lone `\r` (the rope counts all three).
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    let column = position.character as usize;
    let chars = match encoding {
        Encoding::Utf16 => slice.utf16_cu_to_char(column.min(slice.len_utf16_cu())),
        Encoding::Utf8 => slice.byte_to_char(column.min(slice.len_bytes())),
    };
    start + chars.min(len)
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// A core diagnostic as the protocol's; `locate` gives a file's URI and text, for
/// related information in other files.
pub fn diagnostic<'a>(
    d: &Diagnostic,
    here: TextRef<'_>,
    locate: &dyn Fn(crate::diagnostic::FileId) -> Option<(lsp::Uri, TextRef<'a>)>,
) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (uri, text) = locate(r.file)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri, range: text.range(r.span) },
                message: r.message.to_string(),
            })
        })
        .collect();
    let tags = (d.rule == crate::diagnostic::Rule::UnusedReference)
        .then(|| vec![lsp::DiagnosticTag::UNNECESSARY]);
    lsp::Diagnostic {
        range: here.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.name().to_string())),
        code_description: None,
        source: Some("evn".into()),
        message: d.message.to_string(),
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings_with_astral_chars() {
        let text = "a𝔸b\r\nκx";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        let b = text.find('b').unwrap() as u32;
        let utf16 = TextRef { text, lines: &lines, encoding: Encoding::Utf16 };
        assert_eq!(utf16.position(b), lsp::Position { line: 0, character: 3 });
        assert_eq!(utf16.offset(lsp::Position { line: 0, character: 3 }), b);
        let utf8 = TextRef { text, lines: &lines, encoding: Encoding::Utf8 };
        assert_eq!(utf8.position(x), lsp::Position { line: 1, character: 2 });
        assert_eq!(utf8.offset(lsp::Position { line: 1, character: 2 }), x);
        // Out of range clamps.
        assert_eq!(utf16.offset(lsp::Position { line: 9, character: 9 }), text.len() as u32);
        assert_eq!(utf16.offset(lsp::Position { line: 0, character: 99 }), b + 1);

        let rope = Rope::from_str(text);
        assert_eq!(rope_char(&rope, lsp::Position { line: 0, character: 3 }, Encoding::Utf16), 2);
        assert_eq!(rope_char(&rope, lsp::Position { line: 0, character: 50 }, Encoding::Utf16), 3);
        assert_eq!(rope_char(&rope, lsp::Position { line: 1, character: 2 }, Encoding::Utf8), 6);
    }
}
