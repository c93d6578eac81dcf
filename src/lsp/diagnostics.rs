//! The pull requests `textDocument/diagnostic` and `workspace/diagnostic`: functions of
//! the protocol's diagnostics of the receipt's snapshot, as converted for publishing
//! ([`super::publish`]), answering `unchanged` for a list whose result id the client
//! has. Publishing is the analysis worker's ([`super::worker`]).

use std::collections::HashMap;

use tower_lsp_server::ls_types::*;

use super::publish::FileDiagnostics;

/// `textDocument/diagnostic`: the document's list, or `unchanged`.
pub(super) fn document(
    files: &[FileDiagnostics],
    params: &DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let found = files.iter().find(|f| f.uri == params.text_document.uri);
    let report = match found {
        Some(file) if params.previous_result_id.as_deref() == Some(file.result_id.as_str()) => {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: file.result_id.clone(),
                },
            })
        }
        found => DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: found.map(|f| f.result_id.clone()),
                items: found.map(|f| f.diagnostics.to_vec()).unwrap_or_default(),
            },
        }),
    };
    DocumentDiagnosticReportResult::Report(report)
}

/// `workspace/diagnostic`: every file's list, or `unchanged`.
pub(super) fn workspace(
    files: &[FileDiagnostics],
    params: &WorkspaceDiagnosticParams,
) -> WorkspaceDiagnosticReportResult {
    let previous: HashMap<&Uri, &str> =
        params.previous_result_ids.iter().map(|p| (&p.uri, p.value.as_str())).collect();
    let items = files
        .iter()
        .map(|file| {
            let version = file.version.map(i64::from);
            if previous.get(&file.uri) == Some(&file.result_id.as_str()) {
                WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri: file.uri.clone(),
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: file.result_id.clone(),
                        },
                    },
                )
            } else {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri: file.uri.clone(),
                    version,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(file.result_id.clone()),
                        items: file.diagnostics.to_vec(),
                    },
                })
            }
        })
        .collect();
    WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
}
