//! The server: its shared state ([`Inner`]) and the table of the protocol's methods,
//! each handed to the module that serves it — [`super::lifecycle`] (initialize,
//! shutdown), [`super::sync`] (document and workspace notifications),
//! [`super::navigation`] (hover, definition, references, symbols, folding),
//! [`super::editing`] (completion, rename, code actions, formatting),
//! [`super::highlighting`] (semantic tokens, inlay hints) and [`super::diagnostics`]
//! (the analysis worker, publishing, pull diagnostics). Every request is answered on
//! the state it was received at ([`super::receipt`]); messages are read and put in
//! order by [`super::dispatch`].

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{mpsc, watch, Notify};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use super::diagnostics::Published;
use super::pace::Pace;
use super::publish::Converter;
use super::state::State;
use super::transport::Out;

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

impl Backend {
    async fn document_text(&self, params: TextDocumentIdentifier) -> Result<serde_json::Value> {
        self.0.document_text(params).await
    }
}

impl Inner {
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn log(&self, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(MessageType::WARNING, message).await });
    }
}

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
        self.0.completion(params).await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        self.0.completion_resolve(item).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.0.hover(params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.0.goto_definition(params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.0.references(params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.0.prepare_rename(params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.0.rename(params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.0.code_action(params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.0.document_symbol(params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.0.symbol(params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.0.folding_range(params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.0.semantic_tokens_full(params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.0.semantic_tokens_range(params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.0.inlay_hint(params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.0.formatting(params).await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        self.0.range_formatting(params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.0.diagnostic(params).await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.0.workspace_diagnostic(params).await
    }
}
