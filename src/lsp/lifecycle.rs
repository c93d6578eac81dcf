//! The requests that start and end a session: `initialize` (the capabilities, the
//! workspace folders read with progress), `initialized` (file watching, the first
//! check), `shutdown`; and the client's settings.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert::Encoding;
use super::documents::Reach;
use super::highlighting::legend;
use super::layout::{self, Root};
use super::progress;
use super::publish;
use super::server::Inner;
use super::transport::Out;
use crate::check::SourceKind;
use crate::diagnostic::{Level, Rule};
use crate::workspace::CONFIG_FILE;

impl Inner {
    pub(super) async fn initialize(
        self: &Arc<Self>,
        params: InitializeParams,
    ) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(
            params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()),
        );
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| layout::file_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            if let Some(root) = params.root_uri.as_ref().and_then(layout::file_path) {
                folders.push(root);
            }
        }
        let (rules, problems) =
            params.initialization_options.as_ref().map(client_rules).unwrap_or_default();
        let rules = rules.unwrap_or_default();
        let token = params.work_done_progress_params.work_done_token.as_ref();
        self.lock().roots = folders.into_iter().map(Root::new).collect();
        self.relayout_reporting(token).await;
        let show_progress =
            params.capabilities.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        self.show_progress.store(show_progress, Ordering::Relaxed);
        let pull =
            params.capabilities.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
        self.pull.store(pull, Ordering::Relaxed);
        let watches = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.client_watches.store(watches, Ordering::Relaxed);
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.client_rules = rules;
            state.bump(false);
        }
        let problems = problems.into_iter().chain(
            params
                .initialization_options
                .as_ref()
                .and_then(|o| publish::configure(&self.converter, o)),
        );
        for problem in problems {
            self.log(problem);
        }
        let sync = TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "evn".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
                completion_provider: Some(CompletionOptions {
                    resolve_provider: Some(true),
                    trigger_characters: Some(vec!["(".into(), ",".into(), " ".into()]),
                    ..CompletionOptions::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("evn".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    pub(super) async fn initialized(self: &Arc<Self>, _: InitializedParams) {
        let watchers = ["**/*.evn", "**/evn.toml", "**/*.bib"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "evn-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if self.client_watches.load(Ordering::Relaxed) {
            let this = self.clone();
            // Not awaited here: the client answers while we go on.
            tokio::spawn(async move {
                if let Err(e) = this.client.register_capability(vec![registration]).await {
                    this.log(format!(
                        "evn: the client cannot watch files ({e}); the server watches them"
                    ));
                    this.start_watching();
                }
            });
        } else {
            // A capability the client did not offer is not registered (rust-analyzer
            // watches with `notify` then too).
            self.start_watching();
        }
        self.changed(Reach::Declarations);
        if self.show_progress.load(Ordering::Relaxed) {
            tokio::spawn(self.clone().report_first_check());
        }
    }

    pub(super) async fn shutdown(self: &Arc<Self>) -> Result<()> {
        Ok(())
    }

    /// Sends `$/progress` straight to the output (see [`progress`]): allowed while
    /// `initialize` is being answered, when tower-lsp-server would hold it back.
    fn progress_now(&self, token: &ProgressToken, value: WorkDoneProgress) {
        if let Some(output) = &self.output {
            let _ = output.send(Out::Message(progress::message(token, value)));
        }
    }

    /// Reads the client's folders at start, reporting under the `initialize` request's
    /// progress token when it has one.
    async fn relayout_reporting(&self, token: Option<&ProgressToken>) {
        let total = self.lock().roots.len();
        if let Some(token) = token {
            self.progress_now(
                token,
                progress::begin("evn: reading the workspace", format!("{total} folder(s)")),
            );
        }
        self.relayout(&[]).await;
        if let Some(token) = token {
            let reports: Vec<(String, usize)> = {
                let state = self.lock();
                state
                    .roots
                    .iter()
                    .map(|root| {
                        // The files of the sets this folder leads to.
                        let here = state
                            .folders
                            .iter()
                            .filter(|f| {
                                let folder = f.key.folder();
                                root.real.starts_with(folder) || folder.starts_with(&root.real)
                            })
                            .map(|f| f.workspace.documents.len())
                            .sum();
                        (root.path.display().to_string(), here)
                    })
                    .collect()
            };
            for (done, (path, here)) in reports.iter().enumerate() {
                let message = format!("{path}: {}", progress::files(*here));
                self.progress_now(token, progress::report(message, done + 1, total));
            }
            let files = self.lock().folders.iter().map(|f| f.workspace.documents.len()).sum();
            self.progress_now(token, progress::end(format!("read {}", progress::files(files))));
        }
    }

    /// Shows the first check of the workspace as progress, when the client can show
    /// progress the server starts: from `initialized` until the analysis of that
    /// generation is built.
    async fn report_first_check(self: Arc<Self>) {
        let token = ProgressToken::String(progress::FIRST_CHECK.into());
        if self.client.create_work_done_progress(token.clone()).await.is_err() {
            return;
        }
        let (generation, files) = {
            let state = self.lock();
            let files = state.folders.iter().map(|f| f.workspace.documents.len()).sum::<usize>()
                + state.open.len();
            (state.generation, files)
        };
        let ongoing = self
            .client
            .progress(token, "evn: checking the workspace")
            .with_message(progress::files(files))
            .begin()
            .await;
        let mut built = self.built.subscribe();
        let _ = built.wait_for(|&g| g >= generation).await;
        let snapshot = self.lock().snapshot.clone();
        let (errors, warnings) = snapshot.map_or((0, 0), |s| {
            let count =
                |severity| s.sets.iter().map(|set| set.analysis.count(severity)).sum::<usize>();
            (count(crate::diagnostic::Severity::Error), count(crate::diagnostic::Severity::Warning))
        });
        ongoing.finish_with_message(format!("{errors} error(s), {warnings} warning(s)")).await;
    }

    /// Decides again which sets are held and where each open document goes
    /// ([`layout::layout`], on a blocking thread), reading again the sets that a
    /// `changed` path lies in, and every set when an `evn.toml` is among them (a
    /// workspace may have appeared, gone or been fixed).
    pub(super) async fn relayout(&self, changed: &[PathBuf]) {
        let _one_at_a_time = self.laying_out.lock().await;
        let (roots, open, mut keep) = {
            let state = self.lock();
            (
                state.roots.clone(),
                state.open.keys().cloned().collect::<Vec<_>>(),
                state.folders.clone(),
            )
        };
        let everything = changed.iter().any(|p| {
            p.file_name().is_some_and(|n| n == CONFIG_FILE)
                || !(p.extension().is_some_and(|e| e == "evn")
                    || SourceKind::of_path(p) == SourceKind::Bib)
        });
        let changed = changed.to_vec();
        let laid = tokio::task::spawn_blocking(move || {
            if everything {
                keep.clear();
            } else {
                let reals: Vec<PathBuf> = changed.iter().map(|p| layout::real_path(p)).collect();
                keep.retain(|f| !reals.iter().any(|p| p.starts_with(f.key.folder())));
            }
            layout::layout(&roots, &open, keep)
        })
        .await;
        let Ok((folders, placements, messages)) = laid else {
            self.log("evn: internal error while reading the workspace".into());
            return;
        };
        {
            let mut state = self.lock();
            state.folders = folders;
            state.placements = placements;
        }
        for message in messages {
            self.log(message);
        }
        self.update_watch();
    }
}

/// Rule severities from settings: `{"rules": {"contradiction": "error"}}`, also under
/// `evn`. `None` when the settings say nothing of rules (`{}`, `null`, another tool's
/// settings): they then change no rule. Settings merge, as rust-analyzer's do: a
/// notification replaces only the settings it carries.
pub(super) fn client_rules(settings: &Value) -> (Option<Vec<(Rule, Level)>>, Vec<String>) {
    let rules = settings.get("evn").unwrap_or(settings).get("rules");
    let mut out = Vec::new();
    let mut problems = Vec::new();
    match rules {
        None | Some(Value::Null) => return (None, problems),
        Some(Value::Object(_)) => {}
        Some(other) => {
            problems.push(format!(
                "`rules` in the settings must be an object of rule names and severities, not {other}; the rules are unchanged"
            ));
            return (None, problems);
        }
    }
    if let Some(rules) = rules.and_then(Value::as_object) {
        for (name, level) in rules {
            match (Rule::from_name(name), level.as_str().map(str::parse::<Level>)) {
                (Some(rule), Some(Ok(level))) => out.push((rule, level)),
                (None, _) => problems.push(format!("unknown rule `{name}` in the settings")),
                (_, Some(Err(e))) => problems.push(format!("rule `{name}`: {e}")),
                (_, None) => problems.push(format!("rule `{name}`: the severity must be a string")),
            }
        }
    }
    (Some(out), problems)
}
