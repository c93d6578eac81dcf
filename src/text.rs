//! Positions in source text: byte [`Span`]s, and the [`LineIndex`] that turns a byte
//! offset into a 1-based line and a column counted in Unicode scalar values (the CLI)
//! or in UTF-16 / UTF-8 code units (the language server); and [`ShortMap`], the map
//! for the strings looked up in every claim; and [`plural`] for counted nouns and
//! [`format_size`] for sizes in messages.

use std::ops::Range;

mod short_map;

pub use short_map::ShortMap;

/// "`a`, `b` and `c`" (or `word` for "and").
pub fn join_or(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

/// The indefinite article of a noun: `an` before a vowel, else `a` ("a gene", "an
/// organism").
pub fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Counted noun: `1 file`, `2 files`, `2 fixes`. The one place a count meets its noun.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{count} {noun}es")
    } else {
        format!("{count} {noun}s")
    }
}

/// A size for messages: `256 MiB`, `1 KiB`, `1.5 MiB` (rounded up), `900 bytes`.
pub fn format_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    const UNITS: [(u64, &str); 3] = [(1024 * MIB, "GiB"), (MIB, "MiB"), (1024, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size {
            // Rounded up, so that a size just over a limit never reads as the limit.
            let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(size));
            return if tenths % 10 == 0 {
                format!("{} {unit}", tenths / 10)
            } else {
                format!("{}.{} {unit}", tenths / 10, tenths % 10)
            };
        }
    }
    if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}

/// A half-open byte range `start..end` in one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`, for "something is missing here".
    pub const fn empty(offset: u32) -> Span {
        Span { start: offset, end: offset }
    }

    pub fn from_range(range: Range<usize>) -> Span {
        Span::new(range.start as u32, range.end as u32)
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Like [`Span::contains`], but an offset just after the end counts too: a cursor
    /// at the end of a name is "on" that name.
    pub fn touches(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// Shifts a span that was computed relative to `base`.
    pub fn offset(self, base: u32) -> Span {
        Span::new(self.start + base, self.end + base)
    }

    /// The text under this span, or "" when it is out of bounds or not on a character
    /// boundary (never panics).
    pub fn text(self, src: &str) -> &str {
        src.get(self.range()).unwrap_or("")
    }
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line starts of one text, for converting byte offsets to lines and columns and back.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line; always starts with 0.
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` and a lone `\r`, as the LSP and editors count them
    /// (a lone `\r` does not end a statement: that is `syntax::lines`' business).
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i as u32 + 1));
        } else {
            starts.extend(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                    .map(|i| i as u32 + 1),
            );
        }
        LineIndex { starts, len: text.len() as u32 }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line number holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: u32) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts, or `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<u32> {
        self.starts.get(line).copied()
    }

    /// Byte span of 0-based `line`, without its line terminator (`\n`, `\r\n` or `\r`).
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end as usize - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// 1-based line and 1-based column in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len) as usize);
        let line = self.line_of(offset as u32);
        let start = self.starts[line] as usize;
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        LineCol { line: line as u32 + 1, column: column as u32 + 1 }
    }

    /// 0-based line and 0-based column in UTF-16 code units (the LSP default).
    pub fn utf16_position(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(self.len) as usize);
        let line = self.line_of(offset as u32);
        let start = self.starts[line] as usize;
        let column: usize = match text.get(start..offset) {
            // Most lines are ASCII: one byte is one unit, and the check is word-at-a-time.
            Some(s) if s.is_ascii() => s.len(),
            Some(s) => s.chars().map(char::len_utf16).sum(),
            None => 0,
        };
        (line as u32, column as u32)
    }

    /// Byte offset of a 0-based line and a 0-based UTF-16 column; positions past the end
    /// of a line clamp to its end, and past the last line to the end of the text.
    pub fn offset_of_utf16(&self, text: &str, line: u32, column: u32) -> u32 {
        let Some(&start) = self.starts.get(line as usize) else { return self.len };
        let end = self.line_span(text, line as usize).end;
        let mut units = 0u32;
        let mut offset = start;
        for ch in text.get(start as usize..end as usize).unwrap_or("").chars() {
            if units >= column {
                break;
            }
            units += ch.len_utf16() as u32;
            offset += ch.len_utf8() as u32;
        }
        offset
    }

    /// Byte offset of a 0-based line and a 0-based column in bytes (UTF-8 positions),
    /// clamped to the line and moved back to a character boundary.
    pub fn offset_of_utf8(&self, text: &str, line: u32, column: u32) -> u32 {
        let Some(&start) = self.starts.get(line as usize) else { return self.len };
        let end = self.line_span(text, line as usize).end;
        let offset = (start + column).min(end);
        floor_char_boundary(text, offset as usize) as u32
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_in_binary_units() {
        assert_eq!(format_size(256 * 1024 * 1024), "256 MiB");
        assert_eq!(format_size(1536), "1.5 KiB");
        assert_eq!(format_size(1023), "1023 bytes");
        assert_eq!(format_size(1), "1 byte");
        assert_eq!(format_size(3 << 30), "3 GiB");
        assert_eq!(format_size((256 << 20) + 1), "256.1 MiB");
    }

    #[test]
    fn columns_count_scalar_values_and_utf16_units() {
        let text = "ab\nNF-κB 𝔸x\r\nend";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(index.line_col(text, x), LineCol { line: 2, column: 8 });
        assert_eq!(index.utf16_position(text, x), (1, 8));
        assert_eq!(index.offset_of_utf16(text, 1, 8), x);
        assert_eq!(index.line_span(text, 1).text(text), "NF-κB 𝔸x");
        assert_eq!(index.offset_of_utf16(text, 9, 0), text.len() as u32);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_and_crlf_is_one_line_end() {
        let text = "a\rb\r\nc\r\rd\r";
        let index = LineIndex::new(text);
        let lines: Vec<&str> =
            (0..index.line_count()).map(|l| index.line_span(text, l).text(text)).collect();
        assert_eq!(lines, ["a", "b", "c", "", "d", ""]);
        let d = text.find('d').unwrap() as u32;
        assert_eq!(index.line_col(text, d), LineCol { line: 5, column: 1 });
        assert_eq!(index.utf16_position(text, d), (4, 0));
        assert_eq!(index.offset_of_utf8(text, 0, 9), 1, "clamped before the `\\r`");
    }
}
