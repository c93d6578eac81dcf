//! Where a statement starts (spec §1): the one rule, for every part that splits a text
//! into statements — the parser, the incremental checker, the formatter, the server's
//! document store and its completion shortcut, and `ide::completion`.
//!
//! A physical line *continues* the statement above it when its first byte indents it: a
//! space, a tab or a form feed. Spec §1 names space and tab; the lexer has always read a
//! form feed as a blank, and the parser, which decides what a file means, has always
//! read one at the start of a line as indentation, so a form feed stays indentation
//! (docs/decisions.md, "Indentation"). Incremental re-analysis rests on every part
//! answering this question the same way: a part that read a form-fed line as a new
//! statement would take an edit of a `define`'s continuation for a local edit.

/// The keywords of the statements the declarations pass reads
/// ([`super::parse_declarations`]): the `define`s and `ref`s, and the `review` and
/// `section`s, whose titles settle abbreviations (`vocab/titles.rs`). An edit inside
/// one of them is not local: the incremental checker and the server's document store
/// test a statement's first word against this list.
pub const DECLARING_KEYWORDS: [&str; 4] = ["define", "ref", "review", "section"];

/// Whether byte `b`, first on a line, indents it: space, tab or form feed.
#[inline]
pub const fn is_indent(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

/// [`is_indent`] for a character.
#[inline]
pub fn is_indent_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_indent)
}

/// Whether the physical line beginning at `line[0]` continues the statement above it
/// (or, with none above, is an orphan continuation: a `syntax` error).
#[inline]
pub fn is_continuation(line: &[u8]) -> bool {
    line.first().is_some_and(|&b| is_indent(b))
}

/// Whether the physical line beginning at `line[0]` starts a statement: it is neither
/// indented, nor blank, nor a comment.
#[inline]
pub fn starts_statement(line: &[u8]) -> bool {
    !matches!(line.first(), None | Some(b'#' | b'\r' | b'\n')) && !is_continuation(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_tab_and_form_feed_indent_nothing_else_does() {
        let indents: Vec<u8> = (0..=255u8).filter(|&b| is_indent(b)).collect();
        assert_eq!(indents, b"\t\x0c ");
        for c in ['\u{a0}', '\u{2003}', '\u{3000}', '\n', '\r', 'a'] {
            assert!(!is_indent_char(c), "{c:?}");
        }
        assert!(is_indent_char('\x0c'));
    }

    #[test]
    fn statements_start_at_column_zero_only() {
        assert!(starts_statement(b"carrier X"));
        assert!(starts_statement(b"define target T \"t\""));
        for line in [&b""[..], b" aka U", b"\taka U", b"\x0caka U", b"# note", b"\r\n", b"\n"] {
            assert!(!starts_statement(line), "{:?}", String::from_utf8_lossy(line));
        }
        assert!(is_continuation(b"\x0caka U"));
    }
}
