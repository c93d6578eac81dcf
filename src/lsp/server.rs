//! The language server: protocol handlers that look up the document, call the pure
//! `ide` functions on the current [`Snapshot`] and convert. Text changes are applied
//! before any await; diagnostics are published debounced and never stale (a snapshot
//! older than the last published one is dropped); a panic in a handler becomes an
//! error reply.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{mpsc, watch, Notify};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use super::convert::{self, Encoding, TextRef};
use super::documents::{Document, Reach};
use super::memory;
use super::progress;
use super::publish::{self, Converter, FileDiagnostics};
use super::state::{self, Folder, SetSnapshot, Snapshot, State};
use super::transport::{self, Out};
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
    /// The generation of the newest snapshot built: requests wait on it.
    built: watch::Sender<u64>,
    /// Wakes the analysis worker.
    wake: Notify,
    worker: AtomicBool,
    /// Converts diagnostics, keeping what did not change.
    converter: Arc<Mutex<Converter>>,
    /// Serialises publishing, and remembers what was published last.
    published: tokio::sync::Mutex<Published>,
    /// Where pre-serialised messages go (diagnostics), when serving with [`serve`].
    output: Option<mpsc::UnboundedSender<Out>>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): nothing is pushed.
    pull: AtomicBool,
    /// The client can show progress the server starts (`window.workDoneProgress`).
    show_progress: AtomicBool,
}

#[derive(Default)]
struct Published {
    generation: u64,
    diagnostics: HashMap<Uri, Arc<Vec<Diagnostic>>>,
}

/// The service, for `evn lsp` and for tests; diagnostics go through the client.
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    service_with(None)
}

fn service_with(output: Option<mpsc::UnboundedSender<Out>>) -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(move |client| {
        Backend(Arc::new(Inner {
            client,
            state: Mutex::new(State::default()),
            built: watch::Sender::new(0),
            wake: Notify::new(),
            worker: AtomicBool::new(false),
            converter: Default::default(),
            published: Default::default(),
            output,
            pull: AtomicBool::new(false),
            show_progress: AtomicBool::new(false),
        }))
    })
    .custom_method("evn/documentText", Backend::document_text)
    .finish()
}

impl Backend {
    /// `evn/documentText`: an open document's text and version as the server holds them
    /// (for tests and for debugging a client's incremental edits).
    async fn document_text(&self, params: TextDocumentIdentifier) -> Result<Value> {
        let state = self.lock();
        let doc = state.open.get(&params.uri).ok_or_else(|| Error::invalid_params("the document is not open"))?;
        Ok(serde_json::json!({"version": doc.version, "text": doc.text().to_string()}))
    }
}

/// Runs the server on standard input and output until the client exits.
pub async fn run_stdio() {
    serve(tokio::io::stdin(), tokio::io::stdout()).await;
}

/// Runs the server on a pair of streams until the client exits or the input ends.
/// The input passes through [`transport::filter_frames`] first (the transport stops at
/// the first body that is not JSON); the output merges the transport's messages with
/// the diagnostics the server serialises itself.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (frames, to_write) = mpsc::unbounded_channel();
    let (service, socket) = service_with(Some(frames.clone()));
    let (to_server, from_filter) = tokio::io::duplex(1 << 20);
    let (from_server, to_forward) = tokio::io::duplex(1 << 20);
    tokio::spawn(transport::filter_frames(input, to_server));
    tokio::spawn(transport::forward_frames(to_forward, frames));
    let writer = tokio::spawn(transport::write_frames(to_write, output));
    tower_lsp_server::Server::new(from_filter, from_server, socket).serve(service).await;
    // Whatever the transport wrote last (the reply to `shutdown`) goes out before we end.
    let _ = tokio::time::timeout(Duration::from_secs(5), writer).await;
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

    /// The snapshot of the current generation (or a newer one), waiting for the
    /// analysis worker when it is out of date: requests never see stale text.
    async fn snapshot(self: &Arc<Self>) -> Arc<Snapshot> {
        let (generation, encoding) = {
            let state = self.lock();
            if let Some(snapshot) = state.snapshot.as_ref().filter(|s| s.generation >= state.generation) {
                return snapshot.clone();
            }
            (state.generation, state.encoding)
        };
        self.start_worker();
        self.wake.notify_one();
        let mut built = self.built.subscribe();
        let _ = built.wait_for(|&g| g >= generation).await;
        let snapshot = self.lock().snapshot.clone();
        snapshot.unwrap_or_else(|| Arc::new(Snapshot::empty(generation, encoding)))
    }

    /// Runs a request on the file of `uri` at `position` (or at offset 0).
    async fn at<T>(self: &Arc<Self>, uri: &Uri, position: Option<Position>, f: impl FnOnce(&At<'_>) -> Option<T>) -> Result<Option<T>> {
        let snapshot = self.snapshot().await;
        guard(|| {
            let (set, file) = snapshot.find(uri)?;
            let text = set.text_ref(file, snapshot.encoding)?;
            let offset = position.map_or(0, |p| text.offset(p));
            f(&At { set, file, offset, encoding: snapshot.encoding })
        })
    }

    fn start_worker(self: &Arc<Self>) {
        if !self.worker.swap(true, Ordering::SeqCst) {
            let this = self.clone();
            tokio::spawn(async move { this.analyse().await });
        }
    }

    /// The analysis worker: one analysis at a time, always of the newest generation,
    /// started as soon as a change arrives (the debounce only delays publishing).
    async fn analyse(self: Arc<Self>) {
        loop {
            let plan = {
                let state = self.lock();
                let current = state.snapshot.as_ref().is_some_and(|s| s.generation >= state.generation);
                (!current).then(|| state::plan(&state))
            };
            let Some(plan) = plan else {
                self.wake.notified().await;
                continue;
            };
            let (generation, encoding) = (plan.generation, self.lock().encoding);
            let built = tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(|| state::build(plan))))
                .await
                .ok()
                .and_then(|r| r.ok());
            if built.is_none() {
                self.log(format!("evn: internal error while analysing generation {generation}"));
            }
            let snapshot = Arc::new(built.unwrap_or_else(|| Snapshot::empty(generation, encoding)));
            if !self.pull.load(Ordering::Relaxed) {
                // Convert and serialise now, while the debounce runs: publishing is
                // then only writing.
                let files = self.converted(snapshot.clone()).await;
                let _ = tokio::task::spawn_blocking(move || {
                    for file in files.iter().filter(|f| f.converted || f.version.is_some()) {
                        file.message();
                    }
                })
                .await;
            }
            let replaced = {
                let mut state = self.lock();
                match state.snapshot.as_ref().is_none_or(|s| s.generation < generation) {
                    true => state.snapshot.replace(snapshot),
                    false => Some(snapshot),
                }
            };
            self.built.send_replace(generation);
            // The previous analysis is freed off the lock and its pages given back,
            // beside the next analysis rather than before it.
            tokio::task::spawn_blocking(move || {
                drop(replaced);
                memory::release();
            });
        }
    }

    /// Marks a change: analysis starts now, diagnostics are published once typing pauses.
    fn changed(self: &Arc<Self>, reach: Reach) {
        self.lock().bump(reach == Reach::Local);
        self.start_worker();
        self.wake.notify_one();
        let this = self.clone();
        tokio::spawn(async move { this.publish_later().await });
    }

    async fn publish_later(self: &Arc<Self>) {
        let generation = self.lock().generation;
        tokio::time::sleep(DEBOUNCE).await;
        if self.lock().generation != generation {
            return; // a newer change will publish
        }
        let snapshot = self.snapshot().await;
        if snapshot.generation != self.lock().generation {
            return;
        }
        self.publish(snapshot).await;
    }

    /// The protocol's diagnostics of every file of a snapshot (converted off the runtime).
    async fn converted(&self, snapshot: Arc<Snapshot>) -> Arc<Vec<FileDiagnostics>> {
        let converter = self.converter.clone();
        let converted = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| converter.lock().unwrap_or_else(PoisonError::into_inner).convert(&snapshot)))
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
        for file in fresh.iter() {
            let same = published.diagnostics.get(&file.uri).is_some_and(|old| Arc::ptr_eq(old, &file.diagnostics) || old == &file.diagnostics);
            if !same || file.version.is_some() {
                sends.push(file);
            }
        }
        let present: std::collections::HashSet<&Uri> = fresh.iter().map(|f| &f.uri).collect();
        let gone: Vec<Uri> = published.diagnostics.keys().filter(|u| !present.contains(u)).cloned().collect();
        for uri in &gone {
            published.diagnostics.remove(uri);
        }
        for file in &sends {
            published.diagnostics.insert(file.uri.clone(), file.diagnostics.clone());
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
                    self.client.publish_diagnostics(file.uri.clone(), file.diagnostics.to_vec(), file.version).await;
                }
                for uri in gone {
                    self.client.publish_diagnostics(uri, Vec::new(), None).await;
                }
            }
        }
    }

    fn log(&self, message: String) {
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(MessageType::WARNING, message).await });
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
    async fn load_reporting(&self, folders: Vec<PathBuf>, token: Option<&ProgressToken>) -> Vec<(PathBuf, std::result::Result<Folder, String>)> {
        let total = folders.len();
        if let Some(token) = token {
            self.progress_now(token, progress::begin("evn: reading the workspace", format!("{total} folder(s)")));
        }
        let mut loaded = Vec::with_capacity(total);
        let mut files = 0;
        for (done, folder) in folders.into_iter().enumerate() {
            loaded.extend(self.load(vec![folder]).await);
            if let Some((path, result)) = loaded.last() {
                let here = result.as_ref().map_or(0, |f| f.workspace.documents.len());
                files += here;
                if let Some(token) = token {
                    self.progress_now(token, progress::report(format!("{}: {}", path.display(), progress::files(here)), done + 1, total));
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
            let files = state.folders.iter().map(|f| f.workspace.documents.len()).sum::<usize>() + state.open.len();
            (state.generation, files)
        };
        let ongoing = self.client.progress(token, "evn: checking the workspace").with_message(progress::files(files)).begin().await;
        let mut built = self.built.subscribe();
        let _ = built.wait_for(|&g| g >= generation).await;
        let snapshot = self.lock().snapshot.clone();
        let (errors, warnings) = snapshot.map_or((0, 0), |s| {
            let count = |severity| s.sets.iter().map(|set| set.analysis.count(severity)).sum::<usize>();
            (count(crate::diagnostic::Severity::Error), count(crate::diagnostic::Severity::Warning))
        });
        ongoing.finish_with_message(format!("{errors} error(s), {warnings} warning(s)")).await;
    }

    fn folders_for(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let state = self.lock();
        state.folders.iter().filter(|f| paths.iter().any(|p| p.starts_with(f.root()) || p.starts_with(&f.path))).map(|f| f.path.clone()).collect()
    }

    /// Reads folders from disk (files created, changed or deleted; folders added).
    async fn load(&self, folders: Vec<PathBuf>) -> Vec<(PathBuf, std::result::Result<Folder, String>)> {
        tokio::task::spawn_blocking(move || folders.iter().map(|f| (f.clone(), Folder::load(f))).collect::<Vec<_>>())
            .await
            .unwrap_or_default()
    }

    /// Reads the folders again from disk.
    async fn reload(&self, folders: Vec<PathBuf>) {
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

    /// The edits that format a document (`range`: only the lines it touches). A text
    /// with syntax errors is left as it is, and the client is told why.
    async fn format(self: &Arc<Self>, uri: &Uri, range: Option<Range>) -> Result<Option<Vec<TextEdit>>> {
        let snapshot = self.snapshot().await;
        let answer = guard(|| {
            let (set, file) = snapshot.find(uri)?;
            if set.files.get(file as usize)?.kind != crate::check::SourceKind::Evn {
                return None;
            }
            let text = set.text_ref(file, snapshot.encoding)?;
            Some(crate::format::format(text.text).map(|formatted| format_edits(text, &formatted, range)))
        })?;
        match answer {
            None => Ok(None),
            Some(Ok(edits)) => Ok(Some(edits)),
            Some(Err(why)) => {
                let client = self.client.clone();
                let message = format!("evn: not formatted: {why}");
                tokio::spawn(async move { client.show_message(MessageType::INFO, message).await });
                Ok(None)
            }
        }
    }

    /// Completion without waiting for the analysis of the newest text, when the edits
    /// since the last snapshot provably left every declaration alone: the statement at
    /// the cursor is read from the current text, the vocabulary and references from the
    /// snapshot (which they are the same in). `None` when that does not hold.
    fn quick_completion(&self, uri: &Uri, position: Position) -> Option<(Arc<SetSnapshot>, String, u32, u32, Encoding)> {
        let state = self.lock();
        let snapshot = state.snapshot.as_ref()?;
        if snapshot.generation >= state.generation || snapshot.generation < state.declarations {
            return None;
        }
        let (set, _) = snapshot.find(uri)?;
        let doc = state.open.get(uri)?;
        let rope = &doc.rope;
        let cursor = convert::rope_char(rope, position, state.encoding);
        let line = rope.char_to_line(cursor);
        // The statement's first line: up over its continuation lines.
        let mut first = line;
        while first > 0 && line - first < 1000 && matches!(rope.line(first).chars().next(), Some(' ' | '\t')) {
            first -= 1;
        }
        let start = rope.line_to_char(first);
        let end = if line + 1 < rope.len_lines() { rope.line_to_char(line + 1) } else { rope.len_chars() };
        let text = rope.slice(start..end).to_string();
        let offset = rope.slice(start..cursor).len_bytes() as u32;
        Some((set.clone(), text, offset, first as u32, state.encoding))
    }
}

/// A completion answer in the protocol's terms.
fn completion_response(found: ide::completion::Completions, range: Range) -> CompletionResponse {
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
    CompletionResponse::List(CompletionList { is_incomplete: found.incomplete, items })
}

/// The edits that format a text: one per line that changes, when formatting kept the
/// lines (it never moves a token to another line), else one for the whole text; with
/// a range, only the lines it touches.
fn format_edits(text: TextRef<'_>, formatted: &str, range: Option<Range>) -> Vec<TextEdit> {
    let old: Vec<&str> = text.text.split_inclusive('\n').collect();
    let new: Vec<&str> = formatted.split_inclusive('\n').collect();
    if old.len() != new.len() {
        let all = Span::new(0, text.text.len() as u32);
        return vec![TextEdit { range: text.range(all), new_text: formatted.to_string() }];
    }
    let lines = range.map(|r| {
        let last = if r.end.line > r.start.line && r.end.character == 0 { r.end.line - 1 } else { r.end.line };
        r.start.line..=last
    });
    let mut edits = Vec::new();
    let mut start = 0u32;
    for (index, (a, b)) in old.iter().zip(&new).enumerate() {
        let span = Span::new(start, start + a.len() as u32);
        start = span.end;
        if a == b || lines.as_ref().is_some_and(|l| !l.contains(&(index as u32))) {
            continue;
        }
        // Replace the line's text, keeping its line break when both end alike.
        let body = |s: &'_ str| s.trim_end_matches('\n').trim_end_matches('\r').len() as u32;
        let (old_body, new_body) = (body(a), body(b));
        let same_break = a.len() as u32 - old_body == b.len() as u32 - new_body && a.ends_with('\n') == b.ends_with('\n');
        let (span, new_text) = if same_break {
            (Span::new(span.start, span.start + old_body), b[..new_body as usize].to_string())
        } else {
            (span, b.to_string())
        };
        edits.push(TextEdit { range: text.range(span), new_text });
    }
    edits
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
        K::Relation => SymbolKind::OPERATOR,
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
        let token = params.work_done_progress_params.work_done_token.as_ref();
        let loaded = self.load_reporting(folders, token).await;
        let show_progress = params.capabilities.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        self.show_progress.store(show_progress, Ordering::Relaxed);
        let pull = params.capabilities.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
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
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("evn".into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: true,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
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
        self.changed(Reach::Declarations);
        if self.show_progress.load(Ordering::Relaxed) {
            tokio::spawn(self.0.clone().report_first_check());
        }
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
        self.changed(Reach::Declarations);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied before any await, so that changes apply in the order received.
        let result = {
            let mut state = self.lock();
            let encoding = state.encoding;
            let bib = params.text_document.uri.as_str().ends_with(".bib");
            match state.open.get_mut(&params.text_document.uri) {
                None => Err(format!("evn: change to a document that is not open: {}", params.text_document.uri.as_str())),
                Some(doc) if params.text_document.version <= doc.version => Err(format!(
                    "evn: ignored a change with version {} to {} (already at version {})",
                    params.text_document.version,
                    params.text_document.uri.as_str(),
                    doc.version
                )),
                Some(doc) => guard(|| doc.apply(&params.content_changes, params.text_document.version, encoding))
                    .map(|reach| if bib { Reach::Declarations } else { reach })
                    .map_err(|e| e.message.to_string()),
            }
        };
        match result {
            Ok(reach) => self.changed(reach),
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
        self.changed(Reach::Declarations);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params.changes.iter().filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned())).collect();
        let folders = self.folders_for(&paths);
        self.reload(folders).await;
        self.changed(Reach::Declarations);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
            folders.iter().filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned())).collect()
        };
        let (added, removed) = (paths(&params.event.added), paths(&params.event.removed));
        let loaded = self.load(added).await;
        {
            let mut state = self.lock();
            state.folders.retain(|f| !removed.contains(&f.path));
            for (path, folder) in loaded {
                match folder {
                    Ok(folder) => {
                        state.folders.retain(|f| f.path != path);
                        state.folders.push(folder);
                    }
                    Err(e) => self.log(format!("evn: {}: {e}", path.display())),
                }
            }
        }
        // The files of a removed folder leave every set: their diagnostics are cleared.
        self.changed(Reach::Declarations);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (rules, problems) = client_rules(&params.settings);
        self.lock().client_rules = rules;
        for problem in problems {
            self.log(problem);
        }
        self.changed(Reach::Declarations);
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let doc = params.text_document_position;
        if let Some((set, text, offset, first_line, encoding)) = self.quick_completion(&doc.text_document.uri, doc.position) {
            return guard(|| {
                let found = set.with_world(|w| ide::completion::completions_in(w, &text, offset));
                let lines = LineIndex::new(&text);
                let mut range = TextRef { text: &text, lines: &lines, encoding }.range(found.replace);
                range.start.line += first_line;
                range.end.line += first_line;
                Some(completion_response(found, range))
            });
        }
        self.at(&doc.text_document.uri, Some(doc.position), |at| {
            let found = at.set.with_world(|w| ide::completion::completions(w, at.file, at.offset));
            let range = at.range(found.replace);
            Some(completion_response(found, range))
        })
        .await
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let Some(data) = item.data.as_ref().and_then(Value::as_str).map(str::to_string) else { return Ok(item) };
        // Documentation comes from the vocabulary: a snapshot with the current
        // declarations will do (see `quick_completion`).
        let current = {
            let state = self.lock();
            state.snapshot.clone().filter(|s| s.generation >= state.declarations)
        };
        let snapshot = match current {
            Some(snapshot) => snapshot,
            None => self.snapshot().await,
        };
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
            // The tokens that overlap the range (half-open; an empty range keeps the
            // tokens that touch it).
            let overlaps = |t: &Span| if span.is_empty() { t.touches(span.start) } else { t.start < span.end && span.start < t.end };
            let tokens: Vec<_> = tokens.into_iter().filter(|t| overlaps(&t.span)).collect();
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

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, None).await
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, Some(params.range)).await
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let snapshot = self.snapshot().await;
        let files = self.converted(snapshot).await;
        let found = files.iter().find(|f| f.uri == params.text_document.uri);
        let report = match found {
            Some(file) if params.previous_result_id.as_deref() == Some(file.result_id.as_str()) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id: file.result_id.clone() },
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

    async fn workspace_diagnostic(&self, params: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        let snapshot = self.snapshot().await;
        let files = self.converted(snapshot).await;
        let previous: HashMap<&Uri, &str> = params.previous_result_ids.iter().map(|p| (&p.uri, p.value.as_str())).collect();
        let items = files
            .iter()
            .map(|file| {
                let version = file.version.map(i64::from);
                if previous.get(&file.uri) == Some(&file.result_id.as_str()) {
                    WorkspaceDocumentDiagnosticReport::Unchanged(WorkspaceUnchangedDocumentDiagnosticReport {
                        uri: file.uri.clone(),
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id: file.result_id.clone() },
                    })
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
