//! The canonical format of spec §8, as a pure function from text to text: `evn fmt`
//! and the server's formatting both call [`format()`]. It rewrites only the whitespace
//! between tokens, so it never changes the sequence of tokens or comments.
//!
//! **Invariant:** formatting is idempotent, keeps every token and comment in order,
//! and keeps every statement's physical lines (a continuation line stays one): it
//! never joins or splits statements. A file with syntax errors is not formatted.

use std::fmt;

use crate::syntax::ast::SyntaxError;
use crate::syntax::lexer::{self, Token};
use crate::syntax::parse;

/// Why a text was left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The text has syntax errors (spec §8: a file with syntax errors is left unchanged).
    Syntax(Vec<SyntaxError>),
    /// A carriage return that does not end a line (not followed by a line feed): the
    /// statement splitter and the lexer read it differently, so no layout is safe.
    StrayCarriageReturn { offset: u32 },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax(errors) => {
                write!(f, "{}; left unchanged", crate::text::plural(errors.len(), "syntax error"))
            }
            FormatError::StrayCarriageReturn { .. } => {
                f.write_str("a carriage return that does not end a line; left unchanged")
            }
        }
    }
}

impl std::error::Error for FormatError {}

/// The indentation of a continuation line.
const INDENT: &str = "    ";

/// Formats one file's text (spec §8). A leading byte-order mark is kept; line endings
/// are CRLF if the first line ends with CRLF, LF otherwise.
pub fn format(src: &str) -> Result<String, FormatError> {
    let (bom, body) = match src.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", src),
    };
    if let Some(offset) = stray_carriage_return(body) {
        return Err(FormatError::StrayCarriageReturn { offset: (offset + bom.len()) as u32 });
    }
    let ast = parse(body);
    if !ast.errors.is_empty() {
        let shift = bom.len() as u32;
        let errors = ast
            .errors
            .into_iter()
            .map(|e| SyntaxError { span: e.span.offset(shift), message: e.message })
            .collect();
        return Err(FormatError::Syntax(errors));
    }
    let eol = match memchr::memchr(b'\n', body.as_bytes()) {
        Some(i) if i > 0 && body.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    };
    let mut out =
        Writer { out: String::with_capacity(src.len() + src.len() / 16 + 8), eol, blank: false };
    out.out.push_str(bom);
    let started = out.out.len();
    for line in body.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_start_matches(crate::syntax::lines::is_indent_char);
        if content.is_empty() {
            // Blank lines at the start of the file are dropped, and a run of them is one.
            out.blank = out.out.len() > started;
        } else if content.starts_with('#') {
            out.line(|s| s.push_str(trim_comment(content)));
        } else {
            let indented = content.len() < line.len();
            out.line(|s| {
                if indented {
                    s.push_str(INDENT);
                }
                tokens(content, s);
            });
        }
    }
    Ok(out.out)
}

/// Whether formatting would change `src` (false for a text that cannot be formatted).
pub fn is_formatted(src: &str) -> bool {
    format(src).map_or(true, |formatted| formatted == src)
}

struct Writer {
    out: String,
    eol: &'static str,
    /// A blank line is pending: written before the next line, dropped at the end.
    blank: bool,
}

impl Writer {
    fn line(&mut self, write: impl FnOnce(&mut String)) {
        if std::mem::take(&mut self.blank) {
            self.out.push_str(self.eol);
        }
        write(&mut self.out);
        self.out.push_str(self.eol);
    }
}

/// The offset of a `\r` that is not followed by `\n`.
fn stray_carriage_return(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).find(|&i| bytes.get(i + 1) != Some(&b'\n'))
}

/// A comment less its trailing whitespace.
fn trim_comment(comment: &str) -> &str {
    comment.trim_end_matches([' ', '\t', '\x0c'])
}

/// Writes the tokens of one physical line with the spacing of spec §8: one space
/// between tokens, none before `(`, `)`, `,`, `%` and `:`, none after `(` and `:`,
/// and one space before a trailing comment. The tokens of spec 0.3 §11 K and L take
/// the one space like any other: the `+` of a combination (`A + B`: written `A+B`
/// it would be the one name `A+B`), the `<` of `p < 0.001`, a signed number
/// (`by -14.9%`, its `%` hugging it as every `%` does), a fold change and a range.
fn tokens(line: &str, out: &mut String) {
    let mut previous: Option<Token> = None;
    for (token, span) in lexer::tokens(line, 0) {
        let text = span.text(line);
        if let Some(previous) = previous {
            if token == Token::Comment || space_between(previous, token) {
                out.push(' ');
            }
        }
        if token == Token::Comment {
            out.push_str(trim_comment(text));
        } else {
            out.push_str(text);
        }
        previous = Some(token);
    }
}

fn space_between(previous: Token, next: Token) -> bool {
    let tight_before = matches!(
        next,
        Token::LParen | Token::RParen | Token::Comma | Token::Percent | Token::Colon
    );
    let tight_after = matches!(previous, Token::LParen | Token::Colon);
    !(tight_before || tight_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        format(src).unwrap_or_else(|e| panic!("{e}: {src:?}"))
    }

    #[test]
    fn spacing_of_spec_section_8() {
        assert_eq!(
            fmt("carrier  SLN ( talazoparib )  downregulates MDR1 ,BCRP by 94.1 % cite( 84 ,85 )"),
            "carrier SLN(talazoparib) downregulates MDR1, BCRP by 94.1% cite(84, 85)\n"
        );
        assert_eq!(
            fmt("define target X role efflux : down, emt:up"),
            "define target X role efflux:down, emt:up\n"
        );
    }

    #[test]
    fn spacing_of_effect_measures_doses_design_and_combinations() {
        // Spec 0.3 §11 K, L, M: `%` hugs its number, `+` and `<` take a space each side.
        assert_eq!(
            fmt("drug  dabrafenib +trametinib prolongs overall-survival  by -14.9 %  at 5  mg/kg"),
            "drug dabrafenib + trametinib prolongs overall-survival by -14.9% at 5 mg/kg\n"
        );
        assert_eq!(
            fmt("drug olaparib prolongs PFS effect HR 0.62  ci 0.49-0.77 p<0.001 vs placebo ,docetaxel +carboplatin"),
            "drug olaparib prolongs PFS effect HR 0.62 ci 0.49-0.77 p < 0.001 vs placebo, docetaxel + carboplatin\n"
        );
        assert_eq!(
            fmt("carrier SLN( paclitaxel  +  curcumin ,DOX )with TPGS inhibits ABCB1 by 55-fold for 12\tweeks"),
            "carrier SLN(paclitaxel + curcumin, DOX) with TPGS inhibits ABCB1 by 55-fold for 12 weeks\n"
        );
        assert_eq!(
            fmt("X inhibits Y by \u{2212}0.45  points n  600 level  phase-3 trial COMBI-d through MEK1 ,ERK"),
            "X inhibits Y by \u{2212}0.45 points n 600 level phase-3 trial COMBI-d through MEK1, ERK\n"
        );
        assert_eq!(
            fmt("X inhibits Y effect MD +2  mmHg ci 0.5\u{2013}3.1 p  0.04"),
            "X inhibits Y effect MD +2 mmHg ci 0.5\u{2013}3.1 p 0.04\n"
        );
        // A `+` that ends a name is the name's, not a combination's: nothing to space.
        assert_eq!(fmt("HER2+  inhibits Y in HER2+,TNBC"), "HER2+ inhibits Y in HER2+, TNBC\n");
        // A combination broken over a continuation line stays broken there.
        assert_eq!(
            fmt("define formulation F = PLGA-NP(dabrafenib +\n  trametinib)"),
            "define formulation F = PLGA-NP(dabrafenib +\n    trametinib)\n"
        );
    }

    #[test]
    fn lines_blank_lines_and_comments() {
        let src = "\n\n# head   \nA inhibits B cite(1)   #  note  \n\t  in TNBC\n\n\n\n  # indented comment\nref 1 \"x\"\n\n\n";
        assert_eq!(
            fmt(src),
            "# head\nA inhibits B cite(1) #  note\n    in TNBC\n\n# indented comment\nref 1 \"x\"\n"
        );
    }

    #[test]
    fn crlf_bom_and_empty_files() {
        assert_eq!(fmt("ref 1  \"x\"\r\nref 2 \"y\""), "ref 1 \"x\"\r\nref 2 \"y\"\r\n");
        assert_eq!(fmt("\u{feff}ref 1 \"x\"\n"), "\u{feff}ref 1 \"x\"\n");
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n \n\n"), "");
    }

    #[test]
    fn errors_leave_the_text_alone() {
        assert!(matches!(format("carrier SLN( downregulates"), Err(FormatError::Syntax(_))));
        assert!(matches!(
            format("ref 1 \"x\"\rref 2 \"y\""),
            Err(FormatError::StrayCarriageReturn { offset: 9 })
        ));
    }
}
