//! The language server: protocol handlers that look up the document, call the pure
//! `ide` functions on the current [`Snapshot`] and convert. Text changes are applied
//! before any await; diagnostics are published debounced and never stale (a snapshot
//! older than the last published one is dropped); a panic in a handler becomes an
//! error reply.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use super::convert::{self, Encoding, TextRef};
use super::documents::Document;
use super::state::{self, Folder, SetSnapshot, Snapshot, State};
use crate::diagnostic::{FileId, Level, Rule};
use crate::ide::{self, FileSpan, Place};
use crate::text::{LineIndex, Span};

/// How long diagnostics wait for typing to pause.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The server: a cheap handle on the shared [`Inner`] state.
pub struct Backend(Arc<Inner>);

impl std::ops::Deref for Backend {
    type Target = Arc<Inner>;
    fn deref(&self) -> &Arc<Inner> {
        &self.0
    }
}

pub struct Inner {
    client: Client,
    state: Mutex<State>,
    /// Serialises publishing, and remembers what was published last.
    published: tokio::sync::Mutex<Published>,
}

#[derive(Default)]
struct Published {
    generation: u64,
    diagnostics: std::collections::HashMap<Uri, Vec<Diagnostic>>,
}

/// The service, for `evn lsp` and for tests.
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::new(|client| Backend(Arc::new(Inner { client, state: Mutex::new(State::default()), published: Default::default() })))
}

/// Runs the server on standard input and output until the client exits.
pub async fn run_stdio() {
    serve(tokio::io::stdin(), tokio::io::stdout()).await;
}

/// Runs the server on a pair of streams until the client exits or the input ends.
/// The input passes through [`filter_frames`] first: the transport stops at the first
/// body that is not JSON, so such a body is replaced (and logged) before it gets there.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = service();
    let (to_server, from_filter) = tokio::io::duplex(1 << 20);
    tokio::spawn(filter_frames(input, to_server));
    tower_lsp_server::Server::new(from_filter, output, socket).serve(service).await;
}

/// The largest message body accepted (a 50 MB document fits many times).
const MAX_BODY: usize = 1 << 30;

/// Copies framed messages from `input` to `output`, replacing a body that is not JSON
/// (malformed, or with a lone surrogate escape) by a notification the server ignores,
/// and skipping frames without a usable `Content-Length`; each is logged on stderr.
async fn filter_frames<I, O>(input: I, mut output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    const REPLACEMENT: &[u8] = br#"{"jsonrpc":"2.0","method":"$/evn/malformedMessage"}"#;
    let mut reader = tokio::io::BufReader::new(input);
    loop {
        let mut length: Option<usize> = None;
        let mut header_lines = 0;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                if header_lines == 0 {
                    continue;
                }
                break;
            }
            header_lines += 1;
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok();
                }
            }
        }
        let Some(length) = length.filter(|&n| n <= MAX_BODY) else {
            eprintln!("evn lsp: a message without a usable Content-Length was skipped");
            continue;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let body: &[u8] = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(_) => &body,
            Err(e) => {
                eprintln!("evn lsp: ignored a message that is not JSON ({e})");
                REPLACEMENT
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(body).await.is_err() {
            return;
        }
    }
}

/// Runs `f`, turning a panic into an internal error.
fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
        let mut error = Error::internal_error();
        error.message = format!("evn: internal error: {}", what.unwrap_or_default()).into();
        error
    })
}

/// Where the cursor is: a file of a set of the snapshot, and a byte offset in it.
struct At<'a> {
    set: &'a SetSnapshot,
    file: FileId,
    offset: u32,
    encoding: Encoding,
}

impl At<'_> {
    fn text(&self) -> TextRef<'_> {
        self.set.text_ref(self.file, self.encoding).unwrap_or(TextRef { text: "", lines: empty_lines(), encoding: self.encoding })
    }

    fn location(&self, place: FileSpan) -> Option<Location> {
        let text = self.set.text_ref(place.file, self.encoding)?;
        Some(Location { uri: self.set.uri(place.file)?.clone(), range: text.range(place.span) })
    }

    fn range(&self, span: Span) -> Range {
        self.text().range(span)
    }
}

fn empty_lines() -> &'static LineIndex {
    static EMPTY: std::sync::OnceLock<LineIndex> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| LineIndex::new(""))
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The snapshot of the current generation, analysing first when it is out of date.
    async fn snapshot(&self) -> Arc<Snapshot> {
        let (generation, encoding, sets) = {
            let state = self.lock();
            if let Some(snapshot) = state.snapshot.as_ref().filter(|s| s.generation == state.generation) {
                return snapshot.clone();
            }
            state::plan(&state)
        };
        let built = tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| state::build(generation, encoding, sets))))
            .await
            .ok()
            .and_then(|r| r.ok());
        let snapshot = Arc::new(built.unwrap_or(Snapshot { generation, encoding, sets: Vec::new() }));
        let mut state = self.lock();
        if state.snapshot.as_ref().is_none_or(|s| s.generation < generation) {
            state.snapshot = Some(snapshot.clone());
        }
        snapshot
    }

    /// Runs a request on the file of `uri` at `position` (or at offset 0).
    async fn at<T>(&self, uri: &Uri, position: Option<Position>, f: impl FnOnce(&At<'_>) -> Option<T>) -> Result<Option<T>> {
        let snapshot = self.snapshot().await;
        guard(|| {
            let (set, file) = snapshot.find(uri)?;
            let text = set.text_ref(file, snapshot.encoding)?;
            let offset = position.map_or(0, |p| text.offset(p));
            f(&At { set, file, offset, encoding: snapshot.encoding })
        })
    }

    /// Marks a change and publishes diagnostics once typing pauses.
    fn changed(self: &Arc<Self>) {
        self.lock().generation += 1;
        let this = self.clone();
        tokio::spawn(async move { this.publish_later().await });
    }

    async fn publish_later(&self) {
        let generation = self.lock().generation;
        tokio::time::sleep(DEBOUNCE).await;
        if self.lock().generation != generation {
            return; // a newer change will publish
        }
        let snapshot = self.snapshot().await;
        if snapshot.generation != self.lock().generation {
            return;
        }
        self.publish(&snapshot).await;
    }

    async fn publish(&self, snapshot: &Snapshot) {
        let mut published = self.published.lock().await;
        if snapshot.generation < published.generation {
            return; // never let an older analysis overwrite a newer one
        }
        published.generation = snapshot.generation;
        let Ok(fresh) = guard(|| diagnostics_by_uri(snapshot)) else { return };
        let mut sends = Vec::new();
        for (uri, (diagnostics, version)) in &fresh {
            if published.diagnostics.get(uri) != Some(diagnostics) || version.is_some() {
                sends.push((uri.clone(), diagnostics.clone(), *version));
            }
        }
        let gone: Vec<Uri> = published.diagnostics.keys().filter(|u| !fresh.contains_key(*u)).cloned().collect();
        for uri in gone {
            published.diagnostics.remove(&uri);
            sends.push((uri, Vec::new(), None));
        }
        for (uri, diagnostics, _) in &sends {
            if !diagnostics.is_empty() || fresh.contains_key(uri) {
                published.diagnostics.insert(uri.clone(), diagnostics.clone());
            }
        }
        for (uri, diagnostics, version) in sends {
            self.client.publish_diagnostics(uri, diagnostics, version).await;
        }
    }

    fn log(&self, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(MessageType::WARNING, message).await });
    }

    fn folders_for(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let state = self.lock();
        state.folders.iter().filter(|f| paths.iter().any(|p| p.starts_with(f.root()) || p.starts_with(&f.path))).map(|f| f.path.clone()).collect()
    }

    /// Reads the folders again from disk (files created, changed or deleted).
    async fn reload(&self, folders: Vec<PathBuf>) {
        let loaded = tokio::task::spawn_blocking(move || folders.iter().map(|f| (f.clone(), Folder::load(f))).collect::<Vec<_>>())
            .await
            .unwrap_or_default();
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

/// Every file's diagnostics, with its version when open.
fn diagnostics_by_uri(snapshot: &Snapshot) -> std::collections::HashMap<Uri, (Vec<Diagnostic>, Option<i32>)> {
    let mut out = std::collections::HashMap::new();
    for set in &snapshot.sets {
        let locate = |file: FileId| Some((set.uri(file)?.clone(), set.text_ref(file, snapshot.encoding)?));
        for file in &set.files {
            out.insert(file.uri.clone(), (Vec::new(), file.version));
        }
        for d in &set.analysis.diagnostics {
            let (Some(file), Some(text)) = (set.files.get(d.file as usize), set.text_ref(d.file, snapshot.encoding)) else { continue };
            if let Some((list, _)) = out.get_mut(&file.uri) {
                list.push(convert::diagnostic(d, text, &locate));
            }
        }
    }
    out
}

/// Rule severities from settings: `{"rules": {"contradiction": "error"}}`, also under `evn`.
fn client_rules(settings: &Value) -> (Vec<(Rule, Level)>, Vec<String>) {
    let rules = settings.get("evn").unwrap_or(settings).get("rules");
    let mut out = Vec::new();
    let mut problems = Vec::new();
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
    (out, problems)
}

fn prelude_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("evn");
    let path = dir.join(format!("prelude-{}.evn", env!("CARGO_PKG_VERSION")));
    let current = std::fs::read_to_string(&path).ok();
    if current.as_deref() != Some(crate::vocab::prelude::SOURCE) {
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(&path, crate::vocab::prelude::SOURCE).ok()?;
        // Read-only: the prelude is shipped with the binary, edits would be lost.
        if let Ok(meta) = std::fs::metadata(&path) {
            let mut permissions = meta.permissions();
            permissions.set_readonly(true);
            let _ = std::fs::set_permissions(&path, permissions);
        }
    }
    Some(path)
}

fn place_location(at: &At<'_>, place: Place) -> Option<Location> {
    match place {
        Place::File(place) => at.location(place),
        Place::Prelude(span) => {
            let uri = Uri::from_file_path(prelude_path()?)?;
            let lines = LineIndex::new(crate::vocab::prelude::SOURCE);
            let text = TextRef { text: crate::vocab::prelude::SOURCE, lines: &lines, encoding: at.encoding };
            Some(Location { uri, range: text.range(span) })
        }
    }
}

fn completion_kind(kind: ide::completion::ItemKind) -> CompletionItemKind {
    use crate::syntax::ast::Kind;
    use ide::completion::ItemKind as K;
    match kind {
        K::Keyword => CompletionItemKind::KEYWORD,
        K::Snippet => CompletionItemKind::SNIPPET,
        K::Relation => CompletionItemKind::OPERATOR,
        K::Reference => CompletionItemKind::REFERENCE,
        K::Gene => CompletionItemKind::CLASS,
        K::Entry(Kind::Target) => CompletionItemKind::CLASS,
        K::Entry(Kind::Process) => CompletionItemKind::EVENT,
        K::Entry(Kind::Drug) => CompletionItemKind::VARIABLE,
        K::Entry(Kind::Carrier) => CompletionItemKind::STRUCT,
        K::Entry(Kind::Formulation) => CompletionItemKind::CONSTRUCTOR,
        K::Entry(Kind::Ligand) => CompletionItemKind::PROPERTY,
        K::Entry(Kind::Context) => CompletionItemKind::MODULE,
        K::Entry(Kind::Mechanism) => CompletionItemKind::INTERFACE,
        K::Entry(Kind::Stimulus) => CompletionItemKind::ENUM_MEMBER,
    }
}

fn symbol_kind(kind: ide::symbols::SymbolKind) -> SymbolKind {
    use ide::symbols::SymbolKind as K;
    match kind {
        K::Review => SymbolKind::FILE,
        K::Section => SymbolKind::NAMESPACE,
        K::Claim => SymbolKind::EVENT,
        K::Definition(_) => SymbolKind::CLASS,
        K::Reference => SymbolKind::KEY,
    }
}

fn token_type(kind: ide::semantic_tokens::TokenKind) -> SemanticTokenType {
    use crate::syntax::ast::Kind;
    use ide::semantic_tokens::TokenKind as K;
    match kind {
        K::Keyword => SemanticTokenType::KEYWORD,
        K::Relation => SemanticTokenType::FUNCTION,
        K::Entry(Kind::Target) => SemanticTokenType::CLASS,
        K::Entry(Kind::Process) => SemanticTokenType::EVENT,
        K::Entry(Kind::Drug) => SemanticTokenType::VARIABLE,
        K::Entry(Kind::Carrier) => SemanticTokenType::STRUCT,
        K::Entry(Kind::Formulation) => SemanticTokenType::TYPE,
        K::Entry(Kind::Ligand) => SemanticTokenType::PARAMETER,
        K::Entry(Kind::Context) => SemanticTokenType::NAMESPACE,
        K::Entry(Kind::Mechanism) => SemanticTokenType::INTERFACE,
        K::Entry(Kind::Stimulus) => SemanticTokenType::ENUM_MEMBER,
        K::Unresolved => SemanticTokenType::MACRO,
        K::Class => SemanticTokenType::TYPE_PARAMETER,
        K::Reference => SemanticTokenType::PROPERTY,
        K::String => SemanticTokenType::STRING,
        K::Number => SemanticTokenType::NUMBER,
        K::Comment => SemanticTokenType::COMMENT,
    }
}

fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: ide::semantic_tokens::TokenKind::ALL.iter().map(|k| token_type(*k)).collect(),
        token_modifiers: Vec::new(),
    }
}

/// Tokens in the protocol's relative encoding.
fn encode_tokens(at: &At<'_>, tokens: &[ide::semantic_tokens::SemanticToken]) -> Vec<SemanticToken> {
    let text = at.text();
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut column) = (0u32, 0u32);
    for token in tokens {
        let start = text.position(token.span.start);
        let end = text.position(token.span.end);
        if end.line != start.line {
            continue; // tokens never span lines; be safe
        }
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 { start.character - column } else { start.character };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: token.kind.index(),
            token_modifiers_bitset: 0,
        });
        line = start.line;
        column = start.character;
    }
    out
}

fn workspace_edit(at: &At<'_>, edits: impl IntoIterator<Item = (FileId, Span, String)>) -> WorkspaceEdit {
    let mut changes: std::collections::HashMap<Uri, Vec<TextEdit>> = std::collections::HashMap::new();
    for (file, span, new_text) in edits {
        let (Some(uri), Some(text)) = (at.set.uri(file), at.set.text_ref(file, at.encoding)) else { continue };
        changes.entry(uri.clone()).or_default().push(TextEdit { range: text.range(span), new_text });
    }
    WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path().map(|p| p.into_owned())) {
                folders.push(root);
            }
        }
        let (rules, problems) = params.initialization_options.as_ref().map(client_rules).unwrap_or_default();
        let loaded = tokio::task::spawn_blocking(move || folders.iter().map(|f| (f.clone(), Folder::load(f))).collect::<Vec<_>>())
            .await
            .unwrap_or_default();
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
            state.generation += 1;
        }
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
            server_info: Some(ServerInfo { name: "evn".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
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
                rename_provider: Some(OneOf::Right(RenameOptions { prepare_provider: Some(true), work_done_progress_options: Default::default() })),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL]),
                    ..CodeActionOptions::default()
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: legend(),
                    range: Some(true),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    ..SemanticTokensOptions::default()
                })),
                inlay_hint_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watchers = ["**/*.evn", "**/evn.toml", "**/*.bib"]
            .into_iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.into()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "evn-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let this = self.0.clone();
        // Not awaited here: the client answers while we go on.
        tokio::spawn(async move {
            if let Err(e) = this.client.register_capability(vec![registration]).await {
                this.log(format!("evn: cannot watch files: {e}"));
            }
        });
        self.changed();
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        {
            let mut state = self.lock();
            state.open.insert(doc.uri, Document::new(&doc.text, doc.version));
        }
        self.changed();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied before any await, so that changes apply in the order received.
        let result = {
            let mut state = self.lock();
            let encoding = state.encoding;
            match state.open.get_mut(&params.text_document.uri) {
                None => Err(format!("evn: change to a document that is not open: {}", params.text_document.uri.as_str())),
                Some(doc) if params.text_document.version <= doc.version => Err(format!(
                    "evn: ignored a change with version {} to {} (already at version {})",
                    params.text_document.version,
                    params.text_document.uri.as_str(),
                    doc.version
                )),
                Some(doc) => guard(|| doc.apply(&params.content_changes, params.text_document.version, encoding))
                    .map_err(|e| e.message.to_string()),
            }
        };
        match result {
            Ok(()) => self.changed(),
            Err(message) => self.log(message),
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = uri.to_file_path().map(|p| p.into_owned());
        self.lock().open.remove(&uri);
        // The file's text on disk may differ from what the editor had: read it again.
        if let Some(path) = path {
            let folders = self.folders_for(&[path]);
            self.reload(folders).await;
        }
        self.changed();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params.changes.iter().filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned())).collect();
        let folders = self.folders_for(&paths);
        self.reload(folders).await;
        self.changed();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (rules, problems) = client_rules(&params.settings);
        self.lock().client_rules = rules;
        for problem in problems {
            self.log(problem);
        }
        self.changed();
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let doc = params.text_document_position;
        self.at(&doc.text_document.uri, Some(doc.position), |at| {
            let found = at.set.with_world(|w| ide::completion::completions(w, at.file, at.offset));
            let range = at.range(found.replace);
            let items = found
                .items
                .into_iter()
                .map(|item| CompletionItem {
                    label: item.label,
                    kind: Some(completion_kind(item.kind)),
                    detail: item.detail,
                    sort_text: Some(item.sort),
                    filter_text: item.filter,
                    insert_text_format: Some(if item.snippet { InsertTextFormat::SNIPPET } else { InsertTextFormat::PLAIN_TEXT }),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: item.insert })),
                    data: item.data.map(Value::String),
                    ..CompletionItem::default()
                })
                .collect();
            Some(CompletionResponse::List(CompletionList { is_incomplete: found.incomplete, items }))
        })
        .await
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let Some(data) = item.data.as_ref().and_then(Value::as_str).map(str::to_string) else { return Ok(item) };
        let snapshot = self.snapshot().await;
        let documentation = guard(|| {
            snapshot.sets.iter().find_map(|set| set.with_world(|w| ide::completion::documentation(w, &data)))
        })?;
        item.documentation = documentation.map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value }));
        Ok(item)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let doc = params.text_document_position_params;
        self.at(&doc.text_document.uri, Some(doc.position), |at| {
            let hover = at.set.with_world(|w| ide::hover::hover(w, at.file, at.offset))?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: hover.markdown }),
                range: Some(at.range(hover.span)),
            })
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let doc = params.text_document_position_params;
        self.at(&doc.text_document.uri, Some(doc.position), |at| {
            let place = at.set.with_world(|w| ide::definition::definition(w, at.file, at.offset))?;
            place_location(at, place).map(GotoDefinitionResponse::Scalar)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let doc = params.text_document_position;
        let declaration = params.context.include_declaration;
        self.at(&doc.text_document.uri, Some(doc.position), |at| {
            let found = at.set.with_world(|w| ide::references::references(w, at.file, at.offset, declaration));
            Some(found.into_iter().filter_map(|p| at.location(p)).collect())
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let answer = self
            .at(&params.text_document.uri, Some(params.position), |at| {
                Some(at.set.with_world(|w| ide::rename::prepare_rename(w, at.file, at.offset)).map(|span| at.range(span)))
            })
            .await?;
        match answer {
            None => Ok(None),
            Some(Ok(range)) => Ok(Some(PrepareRenameResponse::Range(range))),
            Some(Err(why)) => Err(Error::invalid_params(why)),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let doc = params.text_document_position;
        let new_name = params.new_name;
        let answer = self
            .at(&doc.text_document.uri, Some(doc.position), |at| {
                let edits = at.set.with_world(|w| ide::rename::rename(w, at.file, at.offset, &new_name));
                Some(edits.map(|edits| workspace_edit(at, edits.into_iter().map(|e| (e.place.file, e.place.span, e.text)))))
            })
            .await?;
        match answer {
            None => Ok(None),
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(why)) => Err(Error::invalid_params(why)),
        }
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let only = params.context.only.clone();
        let wants = |kind: &CodeActionKind| {
            only.as_ref().is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let (quick, fix_all) = (wants(&CodeActionKind::QUICKFIX), wants(&CodeActionKind::SOURCE_FIX_ALL));
        self.at(&params.text_document.uri, Some(params.range.start), |at| {
            let span = at.text().span(params.range);
            let mut actions = at.set.with_world(|w| {
                let mut actions = if quick { ide::code_actions::code_actions(w, at.file, span) } else { Vec::new() };
                if fix_all {
                    actions.extend(ide::code_actions::fix_all(w, at.file));
                }
                actions
            });
            let here = at.text();
            let locate = |file: FileId| Some((at.set.uri(file)?.clone(), at.set.text_ref(file, at.encoding)?));
            let out = actions
                .drain(..)
                .map(|action| {
                    let diagnostics = action
                        .diagnostics
                        .iter()
                        .filter_map(|&i| at.set.analysis.diagnostics.get(i))
                        .map(|d| convert::diagnostic(d, here, &locate))
                        .collect();
                    let kind = match action.kind {
                        ide::code_actions::ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                        ide::code_actions::ActionKind::FixAll => CodeActionKind::SOURCE_FIX_ALL,
                    };
                    CodeActionOrCommand::CodeAction(CodeAction {
                        title: action.title,
                        kind: Some(kind),
                        diagnostics: Some(diagnostics),
                        edit: Some(workspace_edit(at, action.edits.into_iter().map(|e| (e.file, e.span, e.text)))),
                        is_preferred: Some(action.preferred),
                        ..CodeAction::default()
                    })
                })
                .collect();
            Some(out)
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.at(&params.text_document.uri, None, |at| {
            fn convert(at: &At<'_>, s: ide::symbols::DocumentSymbol) -> DocumentSymbol {
                #[allow(deprecated)]
                DocumentSymbol {
                    name: if s.name.is_empty() { " ".into() } else { s.name },
                    detail: s.detail,
                    kind: symbol_kind(s.kind),
                    tags: None,
                    deprecated: None,
                    range: at.range(s.span),
                    selection_range: at.range(s.selection),
                    children: Some(s.children.into_iter().map(|c| convert(at, c)).collect()),
                }
            }
            let symbols = at.set.with_world(|w| ide::symbols::document_symbols(w, at.file));
            Some(DocumentSymbolResponse::Nested(symbols.into_iter().map(|s| convert(at, s)).collect()))
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let snapshot = self.snapshot().await;
        let symbols = guard(|| {
            let mut out = Vec::new();
            for set in &snapshot.sets {
                let at = At { set, file: 0, offset: 0, encoding: snapshot.encoding };
                for s in set.with_world(|w| ide::symbols::workspace_symbols(w, &params.query, 500)) {
                    let Some(location) = at.location(s.place) else { continue };
                    out.push(WorkspaceSymbol {
                        name: s.name,
                        kind: symbol_kind(s.kind),
                        tags: None,
                        container_name: None,
                        location: OneOf::Left(location),
                        data: None,
                    });
                }
            }
            out
        })?;
        Ok(Some(WorkspaceSymbolResponse::Nested(symbols)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.at(&params.text_document.uri, None, |at| {
            let lines = at.text().lines;
            let folds = at.set.with_world(|w| ide::folding::folding_ranges(w, at.file, lines));
            Some(
                folds
                    .into_iter()
                    .map(|f| FoldingRange {
                        start_line: f.start_line,
                        end_line: f.end_line,
                        kind: Some(match f.kind {
                            ide::folding::FoldKind::Region => FoldingRangeKind::Region,
                            ide::folding::FoldKind::Comment => FoldingRangeKind::Comment,
                        }),
                        ..FoldingRange::default()
                    })
                    .collect(),
            )
        })
        .await
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.at(&params.text_document.uri, None, |at| {
            let all = Span::new(0, at.text().text.len() as u32);
            let tokens = at.set.with_world(|w| ide::semantic_tokens::semantic_tokens(w, at.file, all));
            Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data: encode_tokens(at, &tokens) }))
        })
        .await
    }

    async fn semantic_tokens_range(&self, params: SemanticTokensRangeParams) -> Result<Option<SemanticTokensRangeResult>> {
        self.at(&params.text_document.uri, None, |at| {
            let span = at.text().span(params.range);
            let tokens = at.set.with_world(|w| ide::semantic_tokens::semantic_tokens(w, at.file, span));
            let tokens: Vec<_> = tokens.into_iter().filter(|t| t.span.end >= span.start && t.span.start <= span.end).collect();
            Some(SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data: encode_tokens(at, &tokens) }))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.at(&params.text_document.uri, None, |at| {
            let span = at.text().span(params.range);
            let hints = at.set.with_world(|w| ide::inlay_hints::inlay_hints(w, at.file, span));
            Some(
                hints
                    .into_iter()
                    .map(|h| InlayHint {
                        position: at.text().position(h.offset),
                        label: InlayHintLabel::String(h.label),
                        kind: None,
                        text_edits: None,
                        tooltip: None,
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    })
                    .collect(),
            )
        })
        .await
    }
}

