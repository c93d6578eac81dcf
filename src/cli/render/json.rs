//! The JSON format of spec §9: one object with `version`, `diagnostics` and `summary`;
//! `related` and `fix` appear only where they apply.

use std::io;

use serde::Serialize;

use super::{Location, Report, Summary};
use crate::diagnostic::{Diagnostic, FileId};
use crate::text::{LineCol, Span};

/// The version of this JSON shape; bumped on any incompatible change.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    range: Range,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    range: Range,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    range: Range,
    text: &'a str,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

impl From<LineCol> for Position {
    fn from(position: LineCol) -> Position {
        Position { line: position.line, column: position.column }
    }
}

impl From<Location<'_>> for Range {
    fn from(location: Location<'_>) -> Range {
        Range { start: location.start.into(), end: location.end.into() }
    }
}

pub(super) fn render(out: &mut dyn io::Write, report: &Report) -> io::Result<()> {
    let output = Output {
        version: VERSION,
        diagnostics: report.diagnostics.iter().map(|d| diagnostic(report, d)).collect(),
        summary: report.summary,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}

fn diagnostic<'a>(report: &Report<'a>, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let place = |file: FileId, span: Span| {
        let location = report.locate(file, span);
        (location.path, Range::from(location))
    };
    let (file, range) = place(diagnostic.file, diagnostic.span);
    JsonDiagnostic {
        file,
        rule: diagnostic.rule.name(),
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        range,
        related: diagnostic
            .related
            .iter()
            .map(|related| {
                let (file, range) = place(related.file, related.span);
                JsonRelated { file, range, message: &related.message }
            })
            .collect(),
        fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
            title: &fix.title,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (file, range) = place(edit.file, edit.span);
                    JsonEdit { file, range, text: &edit.text }
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::{fixture, Format};

    #[test]
    fn json() {
        insta::assert_snapshot!(fixture::rendered(Format::Json, false));
    }

    /// The keys of an object, sorted (serde_json's map may or may not keep their order).
    fn keys(value: &Value) -> Vec<&str> {
        let mut keys: Vec<&str> =
            value.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        keys.sort_unstable();
        keys
    }

    #[test]
    fn has_the_shape_of_the_spec() {
        let output = fixture::rendered(Format::Json, false);
        let value: Value = serde_json::from_str(&output).expect("the output is JSON");
        assert_eq!(keys(&value), ["diagnostics", "summary", "version"]);
        assert_eq!(value["version"], 1);
        assert_eq!(
            keys(&value["summary"]),
            ["claims", "errors", "files", "statements", "warnings"]
        );

        let diagnostics = value["diagnostics"].as_array().expect("an array");
        assert_eq!(diagnostics.len(), 7);
        for d in diagnostics {
            let present = keys(d);
            for key in ["file", "rule", "severity", "message", "range"] {
                assert!(present.contains(&key), "{key} missing in {d}");
            }
            for end in ["start", "end"] {
                assert!(d["range"][end]["line"].is_u64() && d["range"][end]["column"].is_u64());
            }
            if let Some(related) = d.get("related") {
                assert!(!related.as_array().expect("an array").is_empty());
                assert_eq!(keys(&related[0]), ["file", "message", "range"]);
            }
            if let Some(fix) = d.get("fix") {
                assert_eq!(keys(fix), ["edits", "title"]);
                assert_eq!(keys(&fix["edits"][0]), ["file", "range", "text"]);
            }
        }

        // `NF-κB, P-gp`: the column counts κ as one character.
        let alias = &diagnostics[1];
        assert_eq!(alias["rule"], "non-canonical-name");
        assert_eq!(alias["range"]["start"]["column"], 35);
        assert_eq!(alias["range"]["end"]["column"], 39);
        assert!(diagnostics[2].get("related").is_none() && diagnostics[2].get("fix").is_none());
    }
}
