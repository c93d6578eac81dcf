//! Turns a checked document set's [`Diagnostic`]s into what users read: rustc-style
//! snippets ([`Format::Human`]), one line per diagnostic ([`Format::Short`]), the JSON of
//! spec §9, SARIF 2.1.0, or GitHub Actions workflow commands.
//!
//! This is one of the two places where byte spans become 1-based lines and columns
//! counted in Unicode scalar values; every format goes through `Report::locate`.

mod github;
mod human;
mod json;
mod sarif;
mod short;

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::str::FromStr;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::text::{LineCol, LineIndex, Span};

/// One file as the renderers see it.
#[derive(Clone, Copy, Debug)]
pub struct SourceRef<'a> {
    /// The path as printed: relative to the current directory.
    pub path: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

/// What was checked and what was found, for the closing line and the JSON `summary`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub statements: usize,
    pub claims: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// A rule's documentation, for SARIF's `tool.driver.rules`: the registry's own type.
pub use crate::check::rules::RuleDoc;

/// Everything one run of `evn check` has to say.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// Indexed by [`Diagnostic::file`], `Related::file` and `Edit::file`.
    pub files: &'a [SourceRef<'a>],
    /// Already filtered (severity, `--show-hints`) and sorted by the caller.
    pub diagnostics: &'a [Diagnostic],
    pub summary: Summary,
    pub rules: &'a [RuleDoc],
    /// Paths or files that could not be read (named on stderr; exit status 2): the
    /// closing line may not say that all checks passed.
    pub unread: usize,
}

/// The output formats of `evn check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the span underlined, like rustc.
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule]: message`.
    Short,
    /// The JSON object of spec §9.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    Github,
}

impl Format {
    pub const ALL: &'static [Format] =
        &[Format::Human, Format::Short, Format::Json, Format::Sarif, Format::Github];

    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Short => "short",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL.iter().copied().find(|format| format.name() == s).ok_or_else(|| {
            format!("unknown format `{s}` (expected human, short, json, sarif or github)")
        })
    }
}

/// Writes `report` to `out` in `format`. `color` adds ANSI styles to the human and short
/// formats (the machine formats never have any).
pub fn render(
    out: &mut dyn io::Write,
    report: &Report,
    format: Format,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(out, report, color),
        Format::Short => short::render(out, report, color),
        Format::Json => json::render(out, report),
        Format::Sarif => sarif::render(out, report),
        Format::Github => github::render(out, report),
    }
}

/// Where a span lies in the terms users count in: 1-based lines, columns in Unicode
/// scalar values; `end` is the position of the span's end offset (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Location<'a> {
    pub path: &'a str,
    pub start: LineCol,
    pub end: LineCol,
}

/// The path printed for a [`FileId`] that is not in [`Report::files`] (a caller's bug,
/// which must not become a panic).
const UNKNOWN_PATH: &str = "<unknown>";

impl<'a> Report<'a> {
    pub(crate) fn file(&self, id: FileId) -> Option<&'a SourceRef<'a>> {
        self.files.get(id as usize)
    }

    pub(crate) fn path(&self, id: FileId) -> &'a str {
        self.file(id).map_or(UNKNOWN_PATH, |file| file.path)
    }

    /// The location of `span` in file `id`, clamped to the text.
    pub(crate) fn locate(&self, id: FileId, span: Span) -> Location<'a> {
        let Some(file) = self.file(id) else {
            let origin = LineCol { line: 1, column: 1 };
            return Location { path: UNKNOWN_PATH, start: origin, end: origin };
        };
        let span = clamp(span, file.text);
        Location {
            path: file.path,
            start: file.lines.line_col(file.text, span.start),
            end: file.lines.line_col(file.text, span.end),
        }
    }
}

/// `span` limited to `text`, with `end >= start`.
pub(crate) fn clamp(span: Span, text: &str) -> Span {
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    let start = span.start.min(len);
    Span::new(start, span.end.clamp(start, len))
}

/// The word the human and short formats print before `[rule]`. Human output speaks
/// rustc's language (`note`, `help`); the machine formats keep the severity's own name.
pub(crate) fn human_level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        Severity::Hint => "help",
    }
}

/// `text` safe to print on a terminal line: tabs and line breaks become spaces, other
/// control characters (an escape sequence in a quoted name) U+FFFD.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.contains(char::is_control) {
        return Cow::Borrowed(text);
    }
    let visible = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => char::REPLACEMENT_CHARACTER,
            c => c,
        })
        .collect();
    Cow::Owned(visible)
}

pub(crate) use crate::text::plural;

#[cfg(test)]
pub(crate) mod fixture {
    //! A small document set with one diagnostic of each shape the renderers must handle.

    use super::*;
    use crate::diagnostic::{Applicability, Edit, Fix, Related, Rule};

    pub const REVIEW: &str = "\
# Section 4.1 of the review
section 4.1 \"Inhibition of drug efflux\" via efflux
carrier SLN(talazoparib) downregulates MDR1, BCRQ in TNBC cite(79)
TPGS-Res-SLN downregulates NF-κB, P-gp
    in MCF-7/ADR
TPGS-Res-SLN inhibits EMT via emt cite(77
ref 79 \"Guney Eskiler G et al. Talazoparib-loaded SLN in TNBC\" year 2019
ref 79 \"duplicate\"
";

    /// CRLF line endings on purpose: the renderers must not show or count the `\r`.
    pub const MORE: &str = "carrier SLN(talazoparib) upregulates P-gp\r\n    in MDA-MB-231 cite(79)\r\nref 80 \"Unused, a 𝔸 in it\"\r\n";

    fn span_of(text: &str, needle: &str, nth: usize) -> Span {
        let start = text.match_indices(needle).nth(nth).map_or(0, |(i, _)| i);
        Span::from_range(start..start + needle.len())
    }

    pub fn diagnostics() -> Vec<Diagnostic> {
        let bcrq = span_of(REVIEW, "BCRQ", 0);
        let pgp = span_of(REVIEW, "P-gp", 0);
        let claim = span_of(REVIEW, "TPGS-Res-SLN downregulates NF-κB, P-gp\n    in MCF-7/ADR", 0);
        let cite_end = span_of(REVIEW, "cite(77", 0).end;
        vec![
            Diagnostic::new(
                Rule::UnknownTarget,
                0,
                bcrq,
                "unknown target `BCRQ`; did you mean `BCRP`?",
            )
            .with_fix(Fix {
                title: "replace with `BCRP`".into(),
                edits: vec![Edit { file: 0, span: bcrq, text: "BCRP".into() }],
                applicability: Applicability::Unsafe,
            }),
            Diagnostic::new(
                Rule::NonCanonicalName,
                0,
                pgp,
                "`P-gp` is an alias of `ABCB1`",
            )
            .with_fix(Fix {
                title: "replace with `ABCB1`".into(),
                edits: vec![Edit { file: 0, span: pgp, text: "ABCB1".into() }],
                applicability: Applicability::Safe,
            }),
            Diagnostic::new(Rule::MissingCitation, 0, claim, "claim has no `cite(...)`"),
            Diagnostic::new(Rule::Syntax, 0, Span::empty(cite_end), "expected `,` or `)` after `77`"),
            Diagnostic::new(
                Rule::DuplicateReference,
                0,
                span_of(REVIEW, "79", 2),
                "reference `79` is defined twice",
            )
            .with_related(Related {
                file: 0,
                span: span_of(REVIEW, "79", 1),
                message: "first defined here".into(),
            }),
            Diagnostic::new(
                Rule::Contradiction,
                1,
                span_of(MORE, "upregulates", 0),
                "`SLN(talazoparib)` upregulates `ABCB1`, but an earlier claim says it downregulates it",
            )
            .with_related(Related {
                file: 0,
                span: span_of(REVIEW, "downregulates", 0),
                message: "the earlier claim".into(),
            }),
            Diagnostic {
                severity: Severity::Info,
                ..Diagnostic::new(
                    Rule::UnusedReference,
                    1,
                    span_of(MORE, "80", 0),
                    "reference `80` is never cited",
                )
            },
        ]
    }

    pub const RULES: &[RuleDoc] = &[
        RuleDoc {
            rule: Rule::UnknownTarget,
            summary: "An object names no known target or process",
            doc: "## What it does\nFlags an object that resolves in no layer.",
        },
        RuleDoc {
            rule: Rule::Contradiction,
            summary: "Two claims move the same target both ways",
            doc: "## What it does\nFlags a claim that contradicts an earlier one.",
        },
    ];

    /// Builds the report over owned data and hands it to `f`.
    pub fn with_report<R>(f: impl FnOnce(&Report) -> R) -> R {
        let review_lines = LineIndex::new(REVIEW);
        let more_lines = LineIndex::new(MORE);
        let files = [
            SourceRef { path: "review.evn", text: REVIEW, lines: &review_lines },
            SourceRef { path: "notes/more.evn", text: MORE, lines: &more_lines },
        ];
        let diagnostics = diagnostics();
        let report = Report {
            files: &files,
            diagnostics: &diagnostics,
            summary: Summary { files: 2, statements: 9, claims: 4, errors: 4, warnings: 1 },
            unread: 0,
            rules: RULES,
        };
        f(&report)
    }

    /// The whole output of one format, as a string.
    pub fn rendered(format: Format, color: bool) -> String {
        with_report(|report| {
            let mut out = Vec::new();
            let result = render(&mut out, report, format, color);
            assert!(result.is_ok(), "render failed: {result:?}");
            String::from_utf8_lossy(&out).into_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Rule;

    #[test]
    fn locations_count_characters_and_clamp() {
        fixture::with_report(|report| {
            let pgp = &report.diagnostics[1];
            let location = report.locate(pgp.file, pgp.span);
            // `NF-κB, ` is 7 characters but 8 bytes before `P-gp`.
            assert_eq!(location.start, LineCol { line: 4, column: 35 });
            assert_eq!(location.end, LineCol { line: 4, column: 39 });

            let past = report.locate(0, Span::new(9_999, 3));
            assert_eq!(past.start, past.end);
            let unknown = report.locate(7, Span::new(0, 1));
            assert_eq!(unknown.path, UNKNOWN_PATH);
        });
    }

    /// Every span over awkward texts (empty, CRLF, blank lines, tabs, multi-byte
    /// characters, no final newline), including reversed spans, spans past the end and
    /// spans inside a character: no format panics, and the human ` --> ` position is
    /// the one every other format reports.
    #[test]
    fn odd_spans_never_panic_and_agree_on_positions() {
        let texts = [
            "",
            "a",
            "a\n",
            "\n\n",
            "a\r\nb\r\n",
            "x\n\n\ny",
            "\tκ𝔸 b\n    c",
            "ref 1 \"é\"\r\n\r\n",
        ];
        for text in texts {
            let lines = LineIndex::new(text);
            let files = [SourceRef { path: "t.evn", text, lines: &lines }];
            let len = text.len() as u32;
            for start in 0..=len + 2 {
                for end in 0..=len + 2 {
                    let span = Span::new(start, end);
                    let related = crate::diagnostic::Related {
                        file: 0,
                        span: Span::new(end, start),
                        message: "here".into(),
                    };
                    let diagnostic = Diagnostic::new(Rule::Syntax, 0, span, "odd")
                        .with_related(related.clone())
                        .with_related(crate::diagnostic::Related { file: 9, ..related });
                    let diagnostics = [diagnostic];
                    let report = Report {
                        files: &files,
                        diagnostics: &diagnostics,
                        summary: Summary::default(),
                        rules: &[],
                        unread: 0,
                    };
                    for &format in Format::ALL {
                        let mut out = Vec::new();
                        assert!(render(&mut out, &report, format, true).is_ok());
                    }
                    let mut out = Vec::new();
                    assert!(render(&mut out, &report, Format::Human, false).is_ok());
                    let human = String::from_utf8_lossy(&out);
                    // Between `\r` and `\n` the line index counts the `\r` as a column
                    // and the snippet does not; no token ends there.
                    let clamped = clamp(span, text).start as usize;
                    if text.get(..clamped).is_some_and(|s| s.ends_with('\r')) {
                        continue;
                    }
                    let at = report.locate(0, span);
                    let arrow = format!(" --> t.evn:{}:{}\n", at.start.line, at.start.column);
                    assert!(human.contains(&arrow), "{text:?} {span:?}: no `{arrow}` in\n{human}");
                }
            }
        }
    }

    #[test]
    fn formats_round_trip_through_their_names() {
        for &format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert!("xml".parse::<Format>().is_err());
    }
}
