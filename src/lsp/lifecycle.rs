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
use super::progress;
use super::publish;
use super::server::Inner;
use super::state::Folder;
use super::transport::Out;
use crate::diagnostic::{Level, Rule};

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
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            if let Some(root) =
                params.root_uri.as_ref().and_then(|u| u.to_file_path().map(|p| p.into_owned()))
            {
                folders.push(root);
            }
        }
        let (rules, problems) =
            params.initialization_options.as_ref().map(client_rules).unwrap_or_default();
        let rules = rules.unwrap_or_default();
        let token = params.work_done_progress_params.work_done_token.as_ref();
        let loaded = self.load_reporting(folders, token).await;
        let show_progress =
            params.capabilities.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        self.show_progress.store(show_progress, Ordering::Relaxed);
        let pull =
            params.capabilities.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
        self.pull.store(pull, Ordering::Relaxed);
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.client_rules = rules;
            for (path, folder) in loaded {
                match folder {
                    Ok(folder) => state.folders.push(folder),
                    Err(e) => self.log(format!("evn: {}: {e}", path.display())),
                }
            }
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
        let this = self.clone();
        // Not awaited here: the client answers while we go on.
        tokio::spawn(async move {
            if let Err(e) = this.client.register_capability(vec![registration]).await {
                this.log(format!("evn: cannot watch files: {e}"));
            }
        });
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

    /// Reads the client's folders at start, one at a time, reporting each under the
    /// `initialize` request's progress token when it has one.
    async fn load_reporting(
        &self,
        folders: Vec<PathBuf>,
        token: Option<&ProgressToken>,
    ) -> Vec<(PathBuf, std::result::Result<Folder, String>)> {
        let total = folders.len();
        if let Some(token) = token {
            self.progress_now(
                token,
                progress::begin("evn: reading the workspace", format!("{total} folder(s)")),
            );
        }
        let mut loaded = Vec::with_capacity(total);
        let mut files = 0;
        for (done, folder) in folders.into_iter().enumerate() {
            loaded.extend(self.load(vec![folder]).await);
            if let Some((path, result)) = loaded.last() {
                let here = result.as_ref().map_or(0, |f| f.workspace.documents.len());
                files += here;
                if let Some(token) = token {
                    self.progress_now(
                        token,
                        progress::report(
                            format!("{}: {}", path.display(), progress::files(here)),
                            done + 1,
                            total,
                        ),
                    );
                }
            }
        }
        if let Some(token) = token {
            self.progress_now(token, progress::end(format!("read {}", progress::files(files))));
        }
        loaded
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

    pub(super) fn folders_for(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let state = self.lock();
        state
            .folders
            .iter()
            .filter(|f| paths.iter().any(|p| p.starts_with(f.root()) || p.starts_with(&f.path)))
            .map(|f| f.path.clone())
            .collect()
    }

    /// Reads folders from disk (files created, changed or deleted; folders added).
    pub(super) async fn load(
        &self,
        folders: Vec<PathBuf>,
    ) -> Vec<(PathBuf, std::result::Result<Folder, String>)> {
        tokio::task::spawn_blocking(move || {
            folders.iter().map(|f| (f.clone(), Folder::load(f))).collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default()
    }

    /// Reads the folders again from disk.
    pub(super) async fn reload(&self, folders: Vec<PathBuf>) {
        let loaded = self.load(folders).await;
        let mut state = self.lock();
        for (path, folder) in loaded {
            match folder {
                Ok(folder) => {
                    if let Some(slot) = state.folders.iter_mut().find(|f| f.path == path) {
                        *slot = folder;
                    }
                }
                Err(e) => self.log(format!("evn: {}: {e}", path.display())),
            }
        }
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
