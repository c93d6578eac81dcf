//! The server's state and its one owner ([`Inner`]), and the table of the protocol's
//! methods ([`Backend`]'s `LanguageServer` impl). A notification (and `initialize`)
//! goes to a method of the owner — [`super::lifecycle`] (initialize, shutdown, the
//! settings), [`super::sync`] (document and workspace notifications) — which alone,
//! with the analysis worker ([`super::worker`]) and the server's watcher
//! ([`super::watch`]), change the state. A request takes the immutable view of its
//! receipt that it needs ([`super::receipt`]: every request is answered on the state
//! it was received at) and calls its handler, a plain function of that view and its
//! parameters: [`super::navigation`] (hover, definition, references, symbols, folding,
//! `evn/documentText`), [`super::editing`] (completion, rename, code actions,
//! formatting), [`super::highlighting`] (semantic tokens, inlay hints) and
//! [`super::diagnostics`] (pull diagnostics). Messages are read and put in order by
//! [`super::dispatch`].

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{mpsc, watch, Notify};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use super::pace::Pace;
use super::publish::Converter;
use super::receipt::blocking;
use super::state::{Focus, State};
use super::transport::Out;
use super::worker::Published;
use super::{diagnostics, editing, highlighting, navigation};

pub use super::dispatch::{run_stdio, serve, Ending};

/// The server: a cheap handle on the shared [`Inner`] state.
pub struct Backend(pub(super) Arc<Inner>);

impl std::ops::Deref for Backend {
    type Target = Arc<Inner>;
    fn deref(&self) -> &Arc<Inner> {
        &self.0
    }
}

pub struct Inner {
    pub(super) client: Client,
    state: Mutex<State>,
    /// The generation of the newest snapshot built.
    pub(super) built: watch::Sender<u64>,
    /// Wakes the analysis worker.
    pub(super) wake: Notify,
    pub(super) worker: AtomicBool,
    /// Converts diagnostics, keeping what did not change.
    pub(super) converter: Arc<Mutex<Converter>>,
    /// Serialises publishing, and remembers what was published last.
    pub(super) published: tokio::sync::Mutex<Published>,
    /// How long the last analyses took: how long a ready result is held.
    pub(super) pace: Pace,
    /// Where pre-serialised messages go (diagnostics), when serving with [`serve`].
    pub(super) output: Option<mpsc::UnboundedSender<Out>>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): nothing is pushed.
    pub(super) pull: AtomicBool,
    /// The client can show progress the server starts (`window.workDoneProgress`).
    pub(super) show_progress: AtomicBool,
    /// The client watches files for the server (`workspace.didChangeWatchedFiles`
    /// with dynamic registration); else the server watches ([`super::watch`]).
    pub(super) client_watches: AtomicBool,
    /// The server's own watcher, when it watches.
    pub(super) watch: Mutex<Option<super::watch::Watch>>,
    /// Held while the sets are laid out again ([`super::layout`]): by the notifications
    /// and by the server's watcher, one at a time.
    pub(super) laying_out: tokio::sync::Mutex<()>,
}

/// The service, for embedding without [`serve`]'s transport (diagnostics then go
/// through the client, and a request's receipt is taken when its handler starts).
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    service_with(None)
}

pub(super) fn service_with(
    output: Option<mpsc::UnboundedSender<Out>>,
) -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(move |client| {
        Backend(Arc::new(Inner {
            client,
            state: Mutex::new(State::default()),
            built: watch::Sender::new(0),
            wake: Notify::new(),
            worker: AtomicBool::new(false),
            converter: Default::default(),
            published: Default::default(),
            pace: Pace::default(),
            output,
            pull: AtomicBool::new(false),
            show_progress: AtomicBool::new(false),
            client_watches: AtomicBool::new(false),
            watch: Mutex::new(None),
            laying_out: tokio::sync::Mutex::new(()),
        }))
    })
    .custom_method("evn/documentText", Backend::document_text)
    .finish()
}

impl Inner {
    /// The state, under its lock: only the state's owner takes it, in the files that
    /// have `impl Inner` — the notifications ([`super::sync`], [`super::lifecycle`]),
    /// the analysis worker ([`super::worker`]), the server's watcher ([`super::watch`])
    /// and the receipt rule ([`super::receipt`], which reads it and pins generations).
    /// Request handlers get an immutable view from the receipt instead.
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A message in the client's log.
    pub(super) fn log(&self, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(MessageType::WARNING, message).await });
    }

    /// A message shown to the user.
    pub(super) fn inform(&self, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(MessageType::INFO, message).await });
    }
}

impl Backend {
    async fn document_text(&self, params: TextDocumentIdentifier) -> Result<serde_json::Value> {
        navigation::document_text(self.0.document(&params.uri).await)
    }

    async fn format(&self, uri: &Uri, range: Option<Range>) -> Result<Option<Vec<TextEdit>>> {
        let Some(document) = self.0.document(uri).await else { return Ok(None) };
        match blocking(move || editing::format(&document, range)).await? {
            Ok(edits) => Ok(edits),
            Err(why) => {
                self.0.inform(why);
                Ok(None)
            }
        }
    }
}

/// The table: a notification goes to the state's owner, which alone changes the
/// state; a request takes the view of its receipt that it needs (the file at a
/// position with [`Inner::at`], or with only its declarations with
/// [`Inner::at_declared`]; a whole [`Inner::snapshot`]; a document's text with
/// [`Inner::document`]) and calls its handler, a function of that view and its
/// parameters.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.0.initialize(params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        self.0.initialized(params).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.0.shutdown().await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.0.did_open(params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.0.did_change(params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.0.did_save(params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.0.did_close(params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.0.did_change_watched_files(params).await
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.0.did_change_workspace_folders(params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.0.did_change_configuration(params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let doc = params.text_document_position;
        let (uri, position) = (doc.text_document.uri, doc.position);
        let quick = self.0.older_declarations().and_then(|(pinned, snapshot)| {
            editing::quick_statement(&pinned, &snapshot, &uri, position)
        });
        if let Some(quick) = quick {
            return blocking(move || editing::completion_in_statement(quick)).await;
        }
        self.0.at_declared(&uri, Focus::At(position), editing::completion).await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        let Some(data) = editing::resolve_data(&item) else { return Ok(item) };
        let snapshot = self.0.declared_snapshot().await;
        blocking(move || editing::completion_resolve(&snapshot, &data, item)).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let doc = params.text_document_position_params;
        self.0.at_declared(&doc.text_document.uri, Focus::At(doc.position), navigation::hover).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let doc = params.text_document_position_params;
        let uri = &doc.text_document.uri;
        self.0.at_declared(uri, Focus::At(doc.position), navigation::definition).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let doc = params.text_document_position.clone();
        let uri = &doc.text_document.uri;
        self.0.at(uri, Some(doc.position), move |at| navigation::references(at, &params)).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let uri = &params.text_document.uri;
        self.0.at(uri, Some(params.position), editing::prepare_rename).await?.transpose()
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let doc = params.text_document_position.clone();
        let uri = &doc.text_document.uri;
        let answer = self.0.at(uri, Some(doc.position), move |at| editing::rename(at, &params));
        answer.await?.transpose()
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (uri, start) = (params.text_document.uri.clone(), params.range.start);
        self.0.at(&uri, Some(start), move |at| editing::code_actions(at, &params)).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = &params.text_document.uri;
        self.0.at_declared(uri, Focus::Whole, navigation::document_symbols).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let snapshot = self.0.snapshot().await;
        blocking(move || navigation::workspace_symbols(&snapshot, &params)).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.0.at(&params.text_document.uri, None, navigation::folding_ranges).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.0.at(&params.text_document.uri, None, highlighting::semantic_tokens_full).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let uri = params.text_document.uri.clone();
        self.0.at(&uri, None, move |at| highlighting::semantic_tokens_range(at, &params)).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri.clone();
        self.0.at(&uri, None, move |at| highlighting::inlay_hints(at, &params)).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, None).await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, Some(params.range)).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let files = self.0.converted(self.0.snapshot().await).await;
        Ok(diagnostics::document(&files, &params))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let files = self.0.converted(self.0.snapshot().await).await;
        Ok(diagnostics::workspace(&files, &params))
    }
}
