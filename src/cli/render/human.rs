//! The human format: rustc-style snippets drawn by annotate-snippets, with the span
//! underlined and related places as secondary annotations or `note:`s, then one
//! summary line. Only the lines around each span are handed to annotate-snippets, so
//! a diagnostic in a 50 MB file costs what it costs in a small one.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io;
use std::ops::Range;

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{Level, Renderer, Snippet};

use super::{clamp, human_level_name, plural, printable, Report, SourceRef};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::text::Span;

/// Related places at most this many lines from another annotated line of the same file
/// share its snippet (the lines between are shown); farther ones get a snippet of
/// their own, introduced by `:::` as rustc does.
const MAX_GAP: usize = 3;

/// Not whitespace for annotate-snippets, and nothing on a terminal.
const ZERO_WIDTH_SPACE: char = '\u{200B}';

pub(super) fn render(out: &mut dyn io::Write, report: &Report, color: bool) -> io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    for diagnostic in report.diagnostics {
        let text = render_diagnostic(report, diagnostic, &renderer, color);
        writeln!(out, "{text}\n")?;
    }
    if let Some(list) = missing_list(report, color) {
        writeln!(out, "{list}\n")?;
    }
    writeln!(out, "{}", summary_line(report, color))
}

/// At most this many unknown names are listed; the rest are counted.
const MAX_MISSING_ROWS: usize = 30;

/// The unknown names of the run, grouped (spec §11 F), when there are more than a few:
/// what an author writes `define`s for, in one list instead of one diagnostic at a time.
fn missing_list(report: &Report, color: bool) -> Option<String> {
    let texts: Vec<&str> = report.files.iter().map(|f| f.text).collect();
    // Names that look like typos are corrected, not defined: they stay out of the list.
    let missing: Vec<_> = crate::check::missing::missing_names(report.diagnostics, &texts)
        .into_iter()
        .filter(|m| m.typo_of.is_none())
        .collect();
    if missing.len() <= crate::check::missing::FEW {
        return None;
    }
    let rows: Vec<[String; 4]> = missing
        .iter()
        .take(MAX_MISSING_ROWS)
        .map(|m| {
            let at = report.locate(m.first.0, m.first.1);
            [
                printable(&crate::check::as_written(&m.name)).into_owned(),
                m.wanted(),
                m.count.to_string(),
                format!("{}:{}:{}", printable(at.path), at.start.line, at.start.column),
            ]
        })
        .collect();
    let header = ["name", "unknown as", "times", "first at"].map(String::from);
    let width = |i: usize| {
        std::iter::once(&header).chain(&rows).map(|r| r[i].chars().count()).max().unwrap_or(0)
    };
    let (name, wanted, times) = (width(0), width(1), width(2));
    let line = |r: &[String; 4]| {
        format!("  {:<name$}  {:<wanted$}  {:>times$}  {}", r[0], r[1], r[2], r[3])
            .trim_end()
            .to_string()
    };
    let title = format!(
        ": {} (`evn define --missing` writes a `define` for each)",
        plural(missing.len(), "unknown name")
    );
    let mut text = format!(
        "{}{}\n{}",
        paint(human_level_name(Severity::Info), severity_style(Severity::Info), color),
        paint(&title, Style::new().effects(Effects::BOLD), color),
        paint(&line(&header), Style::new().effects(Effects::DIMMED), color)
    );
    for row in &rows {
        text.push('\n');
        text.push_str(&line(row));
    }
    if missing.len() > rows.len() {
        text.push_str(&format!("\n  … and {} more", missing.len() - rows.len()));
    }
    Some(text)
}

/// The style of a severity's word and of its primary underline.
pub(super) fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::BrightRed,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::BrightGreen,
        Severity::Hint => AnsiColor::BrightCyan,
    };
    color.on_default().effects(Effects::BOLD)
}

/// The style of secondary underlines, as rustc draws them.
fn secondary_style() -> Style {
    AnsiColor::BrightBlue.on_default().effects(Effects::BOLD)
}

fn title_level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
        Severity::Hint => Level::Help,
    }
}

fn render_diagnostic(
    report: &Report,
    diagnostic: &Diagnostic,
    renderer: &Renderer,
    color: bool,
) -> String {
    // annotate-snippets 0.11 draws `^` only for `Level::Error` annotations and `-` for
    // the others, so the primary span is always an "error" annotation and the related
    // ones "warning" annotations; the styles of those two levels are set per diagnostic
    // to its severity's colour and to rustc's blue. Only a warning's own title shares
    // the "warning" style, so there the secondary underlines stay yellow.
    let renderer = if color {
        let secondary = if diagnostic.severity == Severity::Warning {
            severity_style(Severity::Warning)
        } else {
            secondary_style()
        };
        renderer.clone().error(severity_style(diagnostic.severity)).warning(secondary)
    } else {
        renderer.clone()
    };

    let label = diagnostic.fix.as_ref().map(|fix| printable(&fix.title));
    let main_file = report.file(diagnostic.file);
    let mut marks = Vec::new();
    let mut elsewhere = Vec::new();
    if let Some(file) = main_file {
        marks.push(Mark::new(file, diagnostic.span, label, true));
    }
    for related in &diagnostic.related {
        match (main_file, report.file(related.file)) {
            (Some(_), Some(file)) if related.file == diagnostic.file => {
                let message = Some(printable(&related.message)).filter(|m| !m.is_empty());
                marks.push(Mark::new(file, related.span, message, false));
            }
            (_, file) => {
                let excerpt = file.map(|file| {
                    Excerpt::new(file, vec![Mark::new(file, related.span, None, false)])
                });
                elsewhere.push((printable(&related.message), excerpt));
            }
        }
    }
    let excerpts = main_file.map(|file| excerpts(file, marks)).unwrap_or_default();

    let title = printable(&diagnostic.message);
    let mut message = title_level(diagnostic.severity)
        .title(&title)
        .id(diagnostic.rule.name())
        .snippets(excerpts.iter().map(Excerpt::snippet));
    for (note, excerpt) in &elsewhere {
        let mut footer = Level::Note.title(note);
        if let Some(excerpt) = excerpt {
            footer = footer.snippet(excerpt.snippet());
        }
        message = message.footer(footer);
    }
    let mut rendered = renderer.render(message).to_string();
    let fixes = excerpts.iter().chain(elsewhere.iter().filter_map(|(_, excerpt)| excerpt.as_ref()));
    fix_columns(&mut rendered, fixes);
    rendered
}

/// Puts the true column into the ` --> path:line:col` headers of excerpts whose first
/// line was cut on the left (annotate-snippets counts from the cut). The headers come
/// in the order of the excerpts, after the title line.
fn fix_columns<'a>(rendered: &mut String, excerpts: impl Iterator<Item = &'a Excerpt<'a>>) {
    let mut from = rendered.find('\n').unwrap_or(0);
    for excerpt in excerpts {
        let Some(fix) = &excerpt.column_fix else { continue };
        let printed = format!("{}:{}:{}", excerpt.path, fix.line, fix.printed);
        let Some(at) = rendered.get(from..).and_then(|rest| rest.find(&printed)) else {
            continue;
        };
        let actual = format!("{}:{}:{}", excerpt.path, fix.line, fix.actual);
        rendered.replace_range(from + at..from + at + printed.len(), &actual);
        from += at + actual.len();
    }
}

/// One underlined place, in byte offsets of its file.
struct Mark<'a> {
    span: Span,
    label: Option<Cow<'a, str>>,
    primary: bool,
    /// 0-based lines of the first and last character under the span.
    first_line: usize,
    last_line: usize,
}

impl<'a> Mark<'a> {
    fn new(file: &SourceRef, span: Span, label: Option<Cow<'a, str>>, primary: bool) -> Mark<'a> {
        let span = clamp(span, file.text);
        let first_line = file.lines.line_of(span.start);
        // A span that ends just after a newline ends on the line of that newline.
        let last_line = if span.is_empty() {
            first_line
        } else {
            file.lines.line_of(span.end - 1).max(first_line)
        };
        Mark { span, label, primary, first_line, last_line }
    }
}

/// A run of whole lines of one file with the marks on them: one snippet.
struct Excerpt<'a> {
    path: Cow<'a, str>,
    /// 0-based line of the first line of `source`.
    first_line: usize,
    source: Cow<'a, str>,
    /// Each mark with its byte range in `source`.
    marks: Vec<(Range<usize>, Mark<'a>)>,
    /// When the first mark's line was cut on the left, the ` --> ` column that
    /// annotate-snippets will print (counted in the cut line) and the true one.
    column_fix: Option<ColumnFix>,
}

struct ColumnFix {
    line: usize,
    printed: usize,
    actual: usize,
}

/// The part of one line of an excerpt that is shown.
struct Piece {
    /// The shown bytes of the line (all of it, unless the line is long).
    shown: Range<usize>,
    /// The whole line without its terminator, and the terminator's length.
    line: Range<usize>,
    terminator: usize,
    /// Where `shown` starts in the excerpt's source.
    at: usize,
}

impl Piece {
    /// An offset of the file on this piece's line, in the excerpt's source.
    fn map(&self, offset: usize) -> usize {
        let shown_len = self.shown.len();
        if offset <= self.shown.start {
            self.at
        } else if offset <= self.shown.end {
            self.at + offset - self.shown.start
        } else if offset <= self.line.end {
            self.at + shown_len
        } else {
            self.at + shown_len + (offset - self.line.end).min(self.terminator)
        }
    }
}

impl<'a> Excerpt<'a> {
    /// The lines under `marks`, the first of which sets the ` --> ` position.
    fn new(file: &'a SourceRef<'a>, marks: Vec<Mark<'a>>) -> Excerpt<'a> {
        let first_line = marks.iter().map(|mark| mark.first_line).min().unwrap_or(0);
        let last_line = marks.iter().map(|mark| mark.last_line).max().unwrap_or(first_line);
        let text = file.text;

        let mut pieces = Vec::with_capacity(last_line - first_line + 1);
        let mut at = 0;
        for line in first_line..=last_line {
            let span = file.lines.line_span(text, line);
            let line_range = span.start as usize..span.end as usize;
            let terminator = if line == last_line {
                0
            } else {
                file.lines.line_start(line + 1).map_or(0, |next| next.saturating_sub(span.end))
                    as usize
            };
            let shown = shown_part(text, line_range.clone(), &marks);
            let piece = Piece { shown, line: line_range, terminator, at };
            at += piece.shown.len() + terminator;
            pieces.push(piece);
        }
        let cut = pieces.iter().any(|piece| piece.shown != piece.line);
        let slice = match (pieces.first(), pieces.last()) {
            (Some(first), Some(last)) if !cut => text.get(first.line.start..last.line.end),
            _ => None,
        };
        let source = match slice {
            Some(slice) => Cow::Borrowed(slice),
            None => {
                let mut source = String::with_capacity(at);
                for piece in &pieces {
                    source.push_str(text.get(piece.shown.clone()).unwrap_or(""));
                    let end = piece.line.end + piece.terminator;
                    source.push_str(text.get(piece.line.end..end).unwrap_or(""));
                }
                Cow::Owned(source)
            }
        };

        let (mut source, shifts) = displayable(source);
        if source.trim().is_empty() {
            // annotate-snippets 0.11 cannot draw blank lines alone: it shows no line at
            // all for an empty one (and loses the position) and `...` for spaces. An
            // invisible zero-width space at the end makes them drawable.
            source.to_mut().push(ZERO_WIDTH_SPACE);
        }
        let to_source = |offset: u32| {
            let line = file.lines.line_of(offset).clamp(first_line, last_line) - first_line;
            let offset = floor_boundary(text, offset as usize);
            pieces.get(line).map_or(0, |piece| shifts.map(piece.map(offset)))
        };
        let column_fix = marks.first().and_then(|mark| {
            let piece = pieces.get(mark.first_line - first_line)?;
            let start = floor_boundary(text, mark.span.start as usize);
            if piece.shown.start == piece.line.start || start < piece.shown.start {
                return None;
            }
            let printed = text.get(piece.shown.start..start)?.chars().count() + 1;
            let actual = file.lines.line_col(text, mark.span.start).column as usize;
            Some(ColumnFix { line: mark.first_line + 1, printed, actual })
        });
        let marks = marks
            .into_iter()
            .map(|mark| (to_source(mark.span.start)..to_source(mark.span.end), mark))
            .map(|(range, mark)| (range.start..range.end.max(range.start), mark))
            .collect();
        Excerpt { path: printable(file.path), first_line, source, marks, column_fix }
    }

    fn snippet(&self) -> Snippet<'_> {
        Snippet::source(&self.source)
            .line_start(self.first_line + 1)
            .origin(&self.path)
            .fold(true)
            .annotations(self.marks.iter().map(|(range, mark)| {
                let level = if mark.primary { Level::Error } else { Level::Warning };
                let annotation = level.span(range.clone());
                match &mark.label {
                    Some(label) => annotation.label(label),
                    None => annotation,
                }
            }))
    }
}

/// Lines longer than this many bytes are shown only around their marks: the terminal
/// shows about a hundred columns of them anyway, and annotate-snippets' work grows
/// with the length of every line it is given.
const LONG_LINE: usize = 2048;

/// Characters kept on each side of the marks of a long line (more than a terminal's
/// width, so that annotate-snippets still trims the line and draws its `...`).
const CONTEXT_CHARS: usize = 200;

/// The bytes of `line` to show: all of it, or for a long line the part around the
/// marks' ends that fall on it (the beginning if none do).
fn shown_part(text: &str, line: Range<usize>, marks: &[Mark]) -> Range<usize> {
    if line.len() <= LONG_LINE {
        return line;
    }
    let points = marks
        .iter()
        .flat_map(|mark| [mark.span.start as usize, mark.span.end as usize])
        .filter(|offset| line.contains(offset) || *offset == line.end);
    let (low, high) = points.fold((usize::MAX, 0), |(low, high), p| (low.min(p), high.max(p)));
    let (low, high) = if low == usize::MAX { (line.start, line.start) } else { (low, high) };
    let before = text.get(line.start..floor_boundary(text, low)).unwrap_or("");
    let start =
        before.char_indices().rev().nth(CONTEXT_CHARS).map_or(line.start, |(i, _)| line.start + i);
    // A span across most of a long line is shown from its start, a window wide.
    let high = high.min(start + LONG_LINE);
    let from = floor_boundary(text, high);
    let after = text.get(from..line.end).unwrap_or("");
    let end = after.char_indices().nth(CONTEXT_CHARS).map_or(line.end, |(i, _)| from + i);
    start..end
}

/// `offset` clamped to `text` and moved back to a character boundary.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Source lines as annotate-snippets is given them: a tab becomes one space (it would
/// draw a tab four columns wide but measure it as zero, misplacing the underline, and
/// its ` --> ` column counts characters), other control characters U+FFFD (nothing in
/// a file may drive the terminal). Line ends are kept.
fn displayable(source: Cow<'_, str>) -> (Cow<'_, str>, Shifts) {
    let replacement = |c: char, next: Option<char>| match c {
        '\t' => Some(' '),
        '\n' => None,
        '\r' if next == Some('\n') => None,
        c if c.is_control() => Some(char::REPLACEMENT_CHARACTER),
        _ => None,
    };
    let slice: &str = &source;
    let mut chars = slice.char_indices().peekable();
    let mut shifts = Shifts(Vec::new());
    let mut owned: Option<String> = None;
    while let Some((offset, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        match replacement(c, next) {
            Some(new) => {
                let text =
                    owned.get_or_insert_with(|| slice.get(..offset).unwrap_or("").to_owned());
                text.push(new);
                shifts.0.push((offset, new.len_utf8() as isize - c.len_utf8() as isize));
            }
            None => {
                if let Some(text) = owned.as_mut() {
                    text.push(c);
                }
            }
        }
    }
    match owned {
        Some(owned) => (Cow::Owned(owned), shifts),
        None => (source, shifts),
    }
}

/// Where [`displayable`] changed a character's length: its offset and the change.
struct Shifts(Vec<(usize, isize)>);

impl Shifts {
    /// An offset of the original text (on a character boundary) in the displayed one.
    fn map(&self, offset: usize) -> usize {
        let shift: isize = self.0.iter().take_while(|(at, _)| *at < offset).map(|(_, by)| by).sum();
        offset.saturating_add_signed(shift)
    }
}

/// Groups the marks of one file into excerpts of nearby lines: the primary mark's
/// excerpt first, with the primary mark first in it (annotate-snippets takes the
/// ` --> ` position from the first annotation).
fn excerpts<'a>(file: &'a SourceRef<'a>, mut marks: Vec<Mark<'a>>) -> Vec<Excerpt<'a>> {
    marks.sort_by_key(|mark| (mark.first_line, !mark.primary));
    let mut groups: Vec<Vec<Mark<'a>>> = Vec::new();
    let mut group_end = 0;
    for mark in marks {
        // annotate-snippets draws an empty span at the start of a line at the end of
        // the line before it when that line is in the snippet, so such a mark only
        // ever opens a snippet.
        let at_line_start =
            mark.span.is_empty() && file.lines.line_start(mark.first_line) == Some(mark.span.start);
        match groups.last_mut() {
            Some(group)
                if mark.first_line <= group_end + MAX_GAP + 1
                    && !(at_line_start && group.iter().any(|m| m.first_line < mark.first_line)) =>
            {
                group_end = group_end.max(mark.last_line);
                group.push(mark);
            }
            _ => {
                group_end = mark.last_line;
                groups.push(vec![mark]);
            }
        }
    }
    for group in &mut groups {
        group.sort_by_key(|mark| !mark.primary);
    }
    groups.sort_by_key(|group| !group.iter().any(|mark| mark.primary));
    groups.into_iter().map(|group| Excerpt::new(file, group)).collect()
}

/// The closing line: `error: 3 errors, 2 warnings in 1 file (1 fixable with --fix)`,
/// or `All checks passed: 4 files, 120 claims` when nothing was printed. It counts the
/// diagnostics printed above it, by the words their titles use.
pub(super) fn summary_line(report: &Report, color: bool) -> String {
    let summary = &report.summary;
    // What could not be read was not checked: never "All checks passed" then.
    let unread = match report.unread {
        0 => String::new(),
        1 => "; 1 path could not be read (above)".to_owned(),
        n => format!("; {n} paths could not be read (above)"),
    };
    if report.diagnostics.is_empty() && report.unread > 0 {
        let text = format!(
            ": no problems in {}, {}{unread}",
            plural(summary.files, "file"),
            plural(summary.claims, "claim")
        );
        let level =
            paint(human_level_name(Severity::Error), severity_style(Severity::Error), color);
        return format!("{level}{}", paint(&text, Style::new().effects(Effects::BOLD), color));
    }
    if report.diagnostics.is_empty() {
        let text = format!(
            "All checks passed: {}, {}",
            plural(summary.files, "file"),
            plural(summary.claims, "claim")
        );
        return paint(&text, AnsiColor::BrightGreen.on_default().effects(Effects::BOLD), color);
    }

    let count = |severity| report.diagnostics.iter().filter(|d| d.severity == severity).count();
    let counts = [
        (count(Severity::Error), "error"),
        (count(Severity::Warning), "warning"),
        (count(Severity::Info), "note"),
        (count(Severity::Hint), "hint"),
    ];
    let mut text = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|&(n, noun)| plural(n, noun))
        .collect::<Vec<_>>()
        .join(", ");
    let files: BTreeSet<_> = report.diagnostics.iter().map(|d| d.file).collect();
    text.push_str(&format!(" in {}", plural(files.len(), "file")));
    let fixable = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|fix| fix.applicability == Applicability::Safe))
        .count();
    if fixable > 0 {
        text.push_str(&format!(" ({fixable} fixable with --fix)"));
    }
    text.push_str(&unread);

    // The line takes the level of the worst diagnostic.
    let severity = report.diagnostics.iter().map(|d| d.severity).max().unwrap_or(Severity::Hint);
    format!(
        "{}{}",
        paint(human_level_name(severity), severity_style(severity), color),
        paint(&format!(": {text}"), Style::new().effects(Effects::BOLD), color)
    )
}

/// `text` in `style` when colour is on.
pub(super) fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, render, Format, Report, SourceRef, Summary};
    use crate::diagnostic::{Diagnostic, Related, Rule};
    use crate::text::{LineIndex, Span};

    #[test]
    fn human() {
        insta::assert_snapshot!(fixture::rendered(Format::Human, false));
    }

    /// A 100 kB line is shown around its spans only, and the columns stay true.
    #[test]
    fn long_lines_are_cut_around_the_spans() {
        let filler = "κα\t".repeat(20_000);
        let text = format!("{filler}BCRQ {filler}\n\n\n\n\n\n{filler}end {filler}");
        let lines = LineIndex::new(&text);
        let files = [SourceRef { path: "long.evn", text: &text, lines: &lines }];
        let at = |needle: &str| text.find(needle).unwrap_or(0) as u32;
        let name = Span::new(at("BCRQ"), at("BCRQ") + 4);
        let end = Span::new(at("end"), at("end") + 3);
        let diagnostics = [
            Diagnostic::new(Rule::UnknownTarget, 0, name, "unknown target `BCRQ`")
                .with_related(Related { file: 0, span: end, message: "here".into() }),
            Diagnostic::new(Rule::Syntax, 0, name.cover(end), "a long span"),
            Diagnostic::new(Rule::Syntax, 0, Span::new(name.start, name.start + 100_000), "wide"),
        ];
        let report = Report {
            files: &files,
            diagnostics: &diagnostics,
            summary: Summary::default(),
            unread: 0,
            rules: &[],
        };
        let mut out = Vec::new();
        assert!(render(&mut out, &report, Format::Human, false).is_ok());
        let human = String::from_utf8_lossy(&out);
        assert!(human.len() < 6_000, "{} bytes", human.len());
        let name_at = report.locate(0, name).start;
        let end_at = report.locate(0, end).start;
        let arrow = |line, column| format!(" --> long.evn:{line}:{column}\n");
        assert_eq!(human.matches(&arrow(name_at.line, name_at.column)).count(), 3, "{human}");
        let related = format!(" ::: long.evn:{}:{}\n", end_at.line, end_at.column);
        assert!(human.contains(&related), "{human}");
        assert!(human.contains(" BCRQ ") && human.contains(" end "), "{human}");
    }
}
