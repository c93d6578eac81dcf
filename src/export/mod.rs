//! `evn export`: the claims of a document set, resolved ([`model`]), rendered as JSON,
//! CSV, markdown tables, a Graphviz graph or one self-contained HTML page. Pure: the
//! renderers take the model and return text; the CLI reads and writes.

pub mod csv;
pub mod dot;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;

pub use model::{ClaimRecord, DiagnosticRecord, ExportFile, GroupBy};

/// The formats of `evn export --format` (the command line takes this enum as it is).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Markdown,
    Dot,
    Html,
}

/// What every renderer takes.
pub struct Export<'a> {
    pub claims: &'a [ClaimRecord],
    pub diagnostics: &'a [DiagnosticRecord],
    /// How many files the claims come from.
    pub files: usize,
    pub group_by: GroupBy,
}

/// Renders an export in one format.
pub fn render(export: &Export<'_>, format: ExportFormat) -> String {
    match format {
        ExportFormat::Json => json::render(export),
        ExportFormat::Csv => csv::render(export),
        ExportFormat::Markdown => markdown::render(export),
        ExportFormat::Dot => dot::render(export),
        ExportFormat::Html => html::render(export),
    }
}
