//! The short format: one line per diagnostic, `path:line:col: severity[rule]: message`,
//! as rustc's `--error-format=short` prints it (with the same `note`/`help` words as
//! the human format; editors' error formats parse it),
//! then the same summary line as the human format.

use std::io;

use annotate_snippets::renderer::{Effects, Style};

use super::human::{paint, severity_style, summary_line};
use super::{human_level_name, printable, Report};

pub(super) fn render(out: &mut dyn io::Write, report: &Report, color: bool) -> io::Result<()> {
    for diagnostic in report.diagnostics {
        let location = report.locate(diagnostic.file, diagnostic.span);
        writeln!(
            out,
            "{}:{}:{}: {}: {}",
            paint(&printable(location.path), Style::new().effects(Effects::BOLD), color),
            location.start.line,
            location.start.column,
            paint(
                &format!("{}[{}]", human_level_name(diagnostic.severity), diagnostic.rule),
                severity_style(diagnostic.severity),
                color
            ),
            printable(&diagnostic.message),
        )?;
    }
    writeln!(out, "{}", summary_line(report, color))
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, Format};

    #[test]
    fn short() {
        insta::assert_snapshot!(fixture::rendered(Format::Short, false));
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(!fixture::rendered(Format::Short, false).contains('\x1b'));
        assert!(fixture::rendered(Format::Short, true).contains('\x1b'));
        assert!(!fixture::rendered(Format::Human, false).contains('\x1b'));
        assert!(fixture::rendered(Format::Human, true).contains('\x1b'));
    }
}
