//! The CSV export: one row per (claim, object), lists joined with `; `, quoted by the
//! `csv` crate so that spreadsheets read quotes, commas and newlines right. The columns
//! of spec 0.3 (the subject as written, effect, design and level) follow version 1's,
//! so that a column keeps its position.

use super::model::{keys_label, NameRef};
use super::Export;

const HEADER: &[&str] = &[
    "file",
    "line",
    "section",
    "subject",
    "subject_kind",
    "formulation",
    "carrier",
    "payload",
    "with",
    "relation",
    "polarity",
    "object",
    "object_written",
    "object_kind",
    "contexts",
    "stimuli",
    "mechanism",
    "mechanism_inherited",
    "effect_percent",
    "quote",
    "citations",
    "subject_written",
    "effect",
    "effect_measure",
    "effect_value",
    "effect_unit",
    "dose",
    "duration",
    "comparator",
    "n",
    "trial",
    "mediators",
    "level",
    "level_source",
];

fn join(names: &[NameRef]) -> String {
    names.iter().map(NameRef::display).collect::<Vec<_>>().join("; ")
}

/// The comparators, entries joined with `; ` as every list is, a combination's parts
/// with ` + `.
fn comparator(entries: &[Vec<NameRef>]) -> String {
    entries
        .iter()
        .map(|parts| parts.iter().map(NameRef::display).collect::<Vec<_>>().join(" + "))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn render(export: &Export<'_>) -> String {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![HEADER.iter().map(|h| h.to_string()).collect()];
    for claim in export.claims {
        for object in &claim.objects {
            rows.push(vec![
                claim.file.clone(),
                claim.line.to_string(),
                claim.section.clone().unwrap_or_default(),
                claim.subject.canonical.clone(),
                claim.subject.kind.to_string(),
                claim.subject.formulation.clone().unwrap_or_default(),
                claim.subject.carrier.as_ref().map(|c| c.display().to_string()).unwrap_or_default(),
                join(&claim.subject.payload),
                join(&claim.subject.with),
                claim.relation.clone(),
                claim.polarity.unwrap_or("").to_string(),
                object.display().to_string(),
                object.written.clone(),
                object.kind.unwrap_or("").to_string(),
                join(&claim.contexts),
                join(&claim.stimuli),
                claim.mechanism.as_ref().map(|m| m.name.display().to_string()).unwrap_or_default(),
                claim.mechanism.as_ref().map(|m| m.inherited.to_string()).unwrap_or_default(),
                claim.effect_percent.map(|e| e.to_string()).unwrap_or_default(),
                claim.quote.clone().unwrap_or_default(),
                keys_label(claim),
                claim.subject.written.clone(),
                claim.effect.as_ref().map(|e| e.written.clone()).unwrap_or_default(),
                claim.effect.as_ref().and_then(|e| e.measure.clone()).unwrap_or_default(),
                claim
                    .effect
                    .as_ref()
                    .and_then(|e| e.value)
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                claim.effect.as_ref().and_then(|e| e.unit.clone()).unwrap_or_default(),
                claim.dose.as_ref().map(|d| d.written.clone()).unwrap_or_default(),
                claim.duration.as_ref().map(|d| d.written.clone()).unwrap_or_default(),
                comparator(&claim.comparator),
                claim.n.map(|n| n.to_string()).unwrap_or_default(),
                claim.trial.clone().unwrap_or_default(),
                join(&claim.mediators),
                claim.level.value.clone(),
                claim.level.source.to_string(),
            ]);
        }
    }
    for row in &rows {
        if writer.write_record(row).is_err() {
            break;
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
