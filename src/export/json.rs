//! The JSON export: `{"version": 2, "claims": [...], "summary": {...}}`, every claim
//! resolved; `schemas/export.schema.json` describes it.

use serde::Serialize;

use super::{ClaimRecord, Export};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    claims: &'a [ClaimRecord],
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    claims: usize,
}

pub fn render(export: &Export<'_>) -> String {
    let document = Document {
        version: 2,
        claims: export.claims,
        summary: Summary { files: export.files, claims: export.claims.len() },
    };
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
