//! Diagnostics: publishing the snapshots the analysis worker ([`super::worker`]) builds,
//! when the analysis of the newest text is ready (held as long as an analysis takes
//! lately, see [`super::pace`]), never stale (a snapshot older than the last published one is dropped),
//! pushed as pre-serialised messages; and the pull requests `textDocument/diagnostic`
//! and `workspace/diagnostic`.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};
use std::time::Instant;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::memory;
use super::publish::{self, FileDiagnostics};
use super::server::Inner;
use super::state::Snapshot;
use super::transport::Out;

/// What was published last.
#[derive(Default)]
pub struct Published {
    generation: u64,
    /// Each file's last published list, with the version it was published for.
    diagnostics: HashMap<Uri, (Option<i32>, Arc<Vec<Diagnostic>>)>,
}

impl Inner {
    /// Publishes the analysis of the change made at `changed` once it is ready and held
    /// (see [`super::pace::Pace::hold`]), unless a newer change came meanwhile: that one
    /// publishes.
    pub(super) async fn publish_later(self: &Arc<Self>, changed: Instant) {
        let snapshot = self.snapshot().await;
        tokio::time::sleep_until(self.pace.publish_at(changed).into()).await;
        if snapshot.generation != self.lock().generation {
            return; // a newer change will publish
        }
        self.publish(snapshot).await;
    }

    /// The protocol's diagnostics of every file of a snapshot (converted off the runtime).
    pub(super) async fn converted(&self, snapshot: Arc<Snapshot>) -> Arc<Vec<FileDiagnostics>> {
        let converter = self.converter.clone();
        let converted = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                converter.lock().unwrap_or_else(PoisonError::into_inner).convert(&snapshot)
            }))
        })
        .await;
        match converted {
            Ok(Ok(files)) => files,
            _ => {
                self.log("evn: internal error while converting diagnostics".into());
                Arc::default()
            }
        }
    }

    async fn publish(&self, snapshot: Arc<Snapshot>) {
        let mut published = self.published.lock().await;
        if snapshot.generation < published.generation {
            return; // never let an older analysis overwrite a newer one
        }
        published.generation = snapshot.generation;
        if self.pull.load(Ordering::Relaxed) {
            // The client asks when it wants them; tell it they changed.
            let client = self.client.clone();
            tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
            return;
        }
        let fresh = self.converted(snapshot).await;
        let mut sends: Vec<&FileDiagnostics> = Vec::new();
        // A list is sent when it changed, or for a new version of an open document
        // (each version gets its list, also when it is the same): not again for the
        // same version, as when the workspace's files finish reading after the open.
        for file in fresh.iter() {
            let same = published.diagnostics.get(&file.uri).is_some_and(|(version, old)| {
                *version == file.version
                    && (Arc::ptr_eq(old, &file.diagnostics) || old == &file.diagnostics)
            });
            if !same {
                sends.push(file);
            }
        }
        let present: std::collections::HashSet<&Uri> = fresh.iter().map(|f| &f.uri).collect();
        let gone: Vec<Uri> =
            published.diagnostics.keys().filter(|u| !present.contains(u)).cloned().collect();
        for uri in &gone {
            published.diagnostics.remove(uri);
        }
        for file in &sends {
            published
                .diagnostics
                .insert(file.uri.clone(), (file.version, file.diagnostics.clone()));
        }
        if !sends.is_empty() || !gone.is_empty() {
            // The lists replaced here were the last holders of the previous conversion.
            tokio::task::spawn_blocking(memory::release);
        }
        match &self.output {
            Some(output) => {
                // Serialised by the worker already, for the lists that changed.
                for file in sends {
                    let _ = output.send(Out::Shared(file.message()));
                }
                for uri in gone {
                    let _ = output.send(Out::Message(publish::message(&uri, &[], None)));
                }
            }
            None => {
                for file in sends {
                    self.client
                        .publish_diagnostics(
                            file.uri.clone(),
                            file.diagnostics.to_vec(),
                            file.version,
                        )
                        .await;
                }
                for uri in gone {
                    self.client.publish_diagnostics(uri, Vec::new(), None).await;
                }
            }
        }
    }

    pub(super) async fn diagnostic(
        self: &Arc<Self>,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snapshot = self.snapshot().await;
        let files = self.converted(snapshot).await;
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
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    pub(super) async fn workspace_diagnostic(
        self: &Arc<Self>,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let snapshot = self.snapshot().await;
        let files = self.converted(snapshot).await;
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
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport {
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
        Ok(WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items }))
    }
}
