//! The GitHub Actions format: one workflow command per diagnostic
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::MESSAGE`), which
//! the runner turns into annotations on the pull request. Related places are added
//! to the message as `path:line:col: message` lines.

use std::io;

use super::Report;
use crate::diagnostic::Severity;

pub(super) fn render(out: &mut dyn io::Write, report: &Report) -> io::Result<()> {
    for diagnostic in report.diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let location = report.locate(diagnostic.file, diagnostic.span);
        let mut message = diagnostic.message.to_string();
        for related in &diagnostic.related {
            let at = report.locate(related.file, related.span);
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                at.path, at.start.line, at.start.column, related.message
            ));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(location.path),
            location.start.line,
            location.start.column,
            location.end.line,
            location.end.column,
            escape_property(diagnostic.rule.name()),
            escape_data(&message),
        )?;
    }
    Ok(())
}

/// The escaping of a command's message (`toCommandValue` in the actions toolkit).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// The escaping of a command's property values, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, Format};
    use super::{escape_data, escape_property};

    #[test]
    fn github() {
        insta::assert_snapshot!(fixture::rendered(Format::Github, false));
    }

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50% of a\r\nb: c, d"), "50%25 of a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
