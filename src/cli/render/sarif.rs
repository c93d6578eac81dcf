//! The SARIF 2.1.0 format, for code-scanning services: one run whose driver lists every
//! rule with its documentation, and one result per diagnostic with its related
//! locations and fixes. Columns are declared as Unicode code points.

use std::collections::BTreeMap;
use std::io;

use serde_json::json;
use serde_sarif::sarif::{
    self, ArtifactChange, ArtifactContent, ArtifactLocation, Fix as SarifFix, Location,
    MultiformatMessageString, PhysicalLocation, Region, Replacement, ReportingConfiguration,
    ReportingDescriptor, ResultLevel, Run, Sarif, ToolComponent,
};

use super::{Report, RuleDoc};
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::text::Span;

pub(super) fn render(out: &mut dyn io::Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report))?;
    writeln!(out)
}

fn log(report: &Report) -> Sarif {
    let driver = ToolComponent::builder()
        .name("evn")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(report.rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(driver)
        .column_kind(json!("unicodeCodePoints"))
        .results(report.diagnostics.iter().map(|d| result(report, d)).collect::<Vec<_>>())
        .build();
    Sarif::builder().schema(SCHEMA).version(json!("2.1.0")).runs(vec![run]).build()
}

/// The schema published with the OASIS standard (serde-sarif's own constant points
/// at a retired mirror).
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info | Severity::Hint => ResultLevel::Note,
    }
}

fn descriptor(info: &RuleDoc) -> ReportingDescriptor {
    let level = serde_json::to_value(level(info.rule.default_severity())).unwrap_or(json!("note"));
    ReportingDescriptor::builder()
        .id(info.rule.name())
        .short_description(MultiformatMessageString::builder().text(info.summary).build())
        .full_description(MultiformatMessageString::builder().text(info.doc).build())
        .help(MultiformatMessageString::builder().text(info.doc).markdown(info.doc).build())
        .default_configuration(ReportingConfiguration::builder().level(level).build())
        .build()
}

fn result(report: &Report, diagnostic: &Diagnostic) -> sarif::Result {
    let mut result = sarif::Result::builder()
        .rule_id(diagnostic.rule.name())
        .level(level(diagnostic.severity))
        .message(diagnostic.message.as_ref())
        .locations(vec![location(report, diagnostic.file, diagnostic.span)])
        .build();
    result.rule_index = report
        .rules
        .iter()
        .position(|info| info.rule == diagnostic.rule)
        .and_then(|index| i64::try_from(index).ok());
    if !diagnostic.related.is_empty() {
        let related = diagnostic.related.iter().enumerate().map(|(id, related)| {
            let mut location = location(report, related.file, related.span);
            location.id = i64::try_from(id).ok();
            location.message = Some(related.message.as_ref().into());
            location
        });
        result.related_locations = Some(related.collect());
    }
    if let Some(fix) = &diagnostic.fix {
        // SARIF groups a fix's replacements by artifact.
        let mut by_file: BTreeMap<FileId, Vec<Replacement>> = BTreeMap::new();
        for edit in &fix.edits {
            let replacement = Replacement::builder()
                .deleted_region(region(report, edit.file, edit.span))
                .inserted_content(ArtifactContent::builder().text(edit.text.as_str()).build())
                .build();
            by_file.entry(edit.file).or_default().push(replacement);
        }
        let changes = by_file.into_iter().map(|(file, replacements)| {
            ArtifactChange::builder()
                .artifact_location(artifact(report, file))
                .replacements(replacements)
                .build()
        });
        result.fixes = Some(vec![SarifFix::builder()
            .description(fix.title.as_str())
            .artifact_changes(changes.collect::<Vec<_>>())
            .build()]);
    }
    result
}

fn location(report: &Report, file: FileId, span: Span) -> Location {
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact(report, file))
                .region(region(report, file, span))
                .build(),
        )
        .build()
}

fn artifact(report: &Report, file: FileId) -> ArtifactLocation {
    ArtifactLocation::builder().uri(uri(report.path(file))).build()
}

fn region(report: &Report, file: FileId, span: Span) -> Region {
    let location = report.locate(file, span);
    Region::builder()
        .start_line(location.start.line)
        .start_column(location.start.column)
        .end_line(location.end.line)
        .end_column(location.end.column)
        .build()
}

/// A path as a URI reference: forward slashes, and percent-encoding for every byte
/// outside the characters a URI path may hold as they are. A relative path stays
/// relative (to the directory `evn` ran in); an absolute one becomes a `file:` URI.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive = matches!(bytes, [letter, b':', b'/', ..] if letter.is_ascii_alphabetic());
    let mut uri = String::with_capacity(path.len() + 8);
    if drive {
        uri.push_str("file:///");
    } else if path.starts_with('/') {
        uri.push_str("file://");
    }
    for (i, &byte) in bytes.iter().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&byte)
            || (drive && i == 1);
        if keep {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use serde_sarif::sarif::Sarif;

    use super::super::{fixture, Format};
    use super::uri;

    #[test]
    fn sarif() {
        // The tool's version is redacted so that a release does not touch the snapshot.
        let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
        let output = fixture::rendered(Format::Sarif, false);
        insta::assert_snapshot!(output.replace(&version, "\"version\": \"[version]\""));
    }

    #[test]
    fn is_valid_sarif_2_1_0() {
        let output = fixture::rendered(Format::Sarif, false);
        let log: Sarif = serde_json::from_str(&output).expect("the output is a SARIF log");
        assert_eq!(log.version, "2.1.0");
        assert!(log.schema.is_some());
        assert_eq!(log.runs.len(), 1);
        let run = &log.runs[0];
        assert_eq!(run.tool.driver.name, "evn");
        assert_eq!(run.tool.driver.rules.as_ref().map(Vec::len), Some(2));
        let results = run.results.as_ref().expect("results");
        assert_eq!(results.len(), 7);
        assert_eq!(results[0].rule_index, Some(0));
        assert_eq!(results[1].rule_index, None);
        assert!(results.iter().all(|r| r.locations.as_ref().is_some_and(|l| l.len() == 1)));
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("notes/more.evn"), "notes/more.evn");
        assert_eq!(uri(r"notes\a b#1.evn"), "notes/a%20b%231.evn");
        assert_eq!(uri("κ:x.evn"), "%CE%BA%3Ax.evn");
        assert_eq!(uri("/tmp/x.evn"), "file:///tmp/x.evn");
        assert_eq!(uri(r"C:\x.evn"), "file:///C:/x.evn");
    }
}
