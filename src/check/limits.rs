//! The bounds of `[limits]` on what is analysed ([`Limits`]): a file longer than
//! `max-file-size` (an open document in the server; the loader refuses such files on disk
//! unread) or with a line longer than `max-line-length` is analysed as an empty file, and
//! gets one error saying which bound it passed and which key raises it. Never a silent
//! cut.

use memchr::{memchr, memrchr};

use super::Source;
use crate::diagnostic::{Diagnostic, FileId, Rule, Severity};
use crate::text::{format_size, LineIndex, Span};

/// Bounds on what is read and analysed (`[limits]` in `evn.toml`). A file or a line
/// over a bound is reported, naming the bound and the key that raises it; it is never
/// cut or skipped silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read and analysed, in bytes (`max-file-size`): a larger file on
    /// disk is not read (a load error); a larger open document in the server is not
    /// analysed (one error diagnostic).
    pub max_file_size: u64,
    /// The longest line analysed, in bytes without its line break (`max-line-length`):
    /// a file with a longer line is not analysed (one error diagnostic at that line).
    pub max_line_length: u64,
}

impl Limits {
    /// The default `max-file-size`: 256 MiB, several times the largest review plus
    /// generated corpora of a million claims (about 70 MB).
    pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * MIB;
    /// The default `max-line-length`: 1 MiB, far beyond any hand-written line (a long
    /// `quote` is a few KiB) yet small enough that one line cannot hold a whole corpus.
    pub const DEFAULT_MAX_LINE_LENGTH: u64 = MIB;
    /// The largest value either key accepts: byte offsets are 32-bit.
    pub const CEILING: u64 = 2 * 1024 * MIB;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: Limits::DEFAULT_MAX_FILE_SIZE,
            max_line_length: Limits::DEFAULT_MAX_LINE_LENGTH,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// The error of a file over a bound, or `None`. Linear in the text only when the text
/// is longer than `max-line-length` (a shorter text cannot hold a longer line).
pub(super) fn exceeded(file: FileId, text: &str, limits: &Limits) -> Option<Diagnostic> {
    let len = text.len() as u64;
    if len > limits.max_file_size {
        let first = text.chars().next().map_or(0, char::len_utf8) as u32;
        let message = format!(
            "this file is {}, over the limit of {}: it is not checked (raise `max-file-size` under `[limits]` in evn.toml)",
            format_size(len),
            format_size(limits.max_file_size)
        );
        return Some(error(file, Span::new(0, first), message));
    }
    if len <= limits.max_line_length {
        return None;
    }
    let bytes = text.as_bytes();
    let max = usize::try_from(limits.max_line_length).unwrap_or(usize::MAX);
    let mut start = 0usize;
    // Every line that ends within `max` bytes of `start` is short enough: jump past the
    // last line break there. Only a stretch of `max + 1` bytes without a line break can
    // hold a long line, so a text is read once, by `memrchr`, not line by line.
    loop {
        let window = bytes
            .get(start..start.saturating_add(max).saturating_add(1).min(bytes.len()))
            .unwrap_or(&[]);
        if let Some(last) = memrchr(b'\n', window) {
            start += last + 1;
            continue;
        }
        if bytes.len().saturating_sub(start) <= max {
            return None;
        }
        let end =
            memchr(b'\n', bytes.get(start..).unwrap_or(&[])).map_or(bytes.len(), |at| start + at);
        let content_end =
            if end > start && bytes.get(end - 1) == Some(&b'\r') { end - 1 } else { end };
        let length = (content_end - start) as u64;
        if length > limits.max_line_length {
            // Counted as positions are (a lone `\r` ends a line too); `start` follows a
            // `\n`, so the text before it is whole lines.
            let line = LineIndex::new(text.get(..start).unwrap_or("")).line_count();
            let message = format!(
                "line {line} is {} long, over the limit of {}: this file is not checked (raise `max-line-length` under `[limits]` in evn.toml)",
                format_size(length),
                format_size(limits.max_line_length)
            );
            // Both ends are at ASCII bytes (a line break) or at the ends of the text.
            return Some(error(file, Span::new(start as u32, content_end as u32), message));
        }
        // A line of exactly `max` bytes before a `\r\n` (or a `\r` that ends the text).
        if end == bytes.len() {
            return None;
        }
        start = end + 1;
    }
}

fn error(file: FileId, span: Span, message: String) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(Rule::Syntax, file, span, message);
    diagnostic.severity = Severity::Error;
    diagnostic
}

/// The sources with every file over a bound replaced by an empty text.
pub(super) fn blank<'a>(sources: &[Source<'a>], over: &[Diagnostic]) -> Vec<Source<'a>> {
    sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            if over.iter().any(|d| d.file as usize == i) {
                Source { text: "", kind: source.kind, invalid_utf8: &[] }
            } else {
                *source
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_file_size: u64, max_line_length: u64) -> Limits {
        Limits { max_file_size, max_line_length }
    }

    #[test]
    fn a_line_over_the_limit_is_found_with_its_number() {
        let text = "ab\r\nabcde\r\nxy";
        assert!(exceeded(0, text, &limits(100, 5)).is_none());
        let d = exceeded(3, text, &limits(100, 4)).unwrap();
        assert_eq!(
            (d.file, d.span, d.rule, d.severity),
            (3, Span::new(4, 9), Rule::Syntax, Severity::Error)
        );
        assert_eq!(
            d.message,
            "line 2 is 5 bytes long, over the limit of 4 bytes: this file is not checked (raise `max-line-length` under `[limits]` in evn.toml)"
        );
        // The last line, without a line break, counts too.
        assert_eq!(exceeded(0, "a\nabc", &limits(100, 2)).unwrap().span, Span::new(2, 5));
    }

    /// The first long line, found line by line: what `exceeded` must agree with.
    fn first_long_line(text: &str, max: u64) -> Option<Span> {
        let mut start = 0;
        for line in text.split('\n') {
            let content = line.strip_suffix('\r').unwrap_or(line);
            if content.len() as u64 > max {
                return Some(Span::new(start as u32, (start + content.len()) as u32));
            }
            start += line.len() + 1;
        }
        None
    }

    #[test]
    fn the_jumps_find_the_first_long_line_as_a_line_by_line_scan_does() {
        // Texts of `a`, `\r` and `\n` from a fixed generator, every short limit.
        let mut state = 0x2026_1203_u64;
        for _ in 0..3000 {
            let len = (state % 40) as usize;
            let mut text = String::new();
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(match state % 5 {
                    0 => '\n',
                    1 => '\r',
                    _ => 'a',
                });
            }
            for max in 0..12 {
                let found = exceeded(0, &text, &limits(1000, max)).map(|d| d.span);
                assert_eq!(
                    found,
                    first_long_line(&text, max),
                    "{text:?} with lines of at most {max} bytes"
                );
            }
        }
    }

    #[test]
    fn a_file_over_the_limit_is_named() {
        let d = exceeded(0, "éa", &limits(2, 100)).unwrap();
        assert_eq!(d.span, Span::new(0, 2));
        assert!(d
            .message
            .starts_with("this file is 3 bytes, over the limit of 2 bytes: it is not checked"));
        assert!(exceeded(0, "", &limits(0, 0)).is_none());
    }
}
