//! The rule of every request: it is answered on the state of the documents at the
//! moment it was received, in order with the notifications before it.
//!
//! The dispatcher ([`super::dispatch`]) applies each notification before it reads the
//! next message, and takes a [`Receipt`] for each request as it reads it: the snapshot
//! of that generation when it is built already, else a [`Pinned`] generation — the
//! plan of what to analyse then (rope clones, cheap), shared by every request received
//! at the same generation. The request runs with its receipt in a task-local, so
//! that [`Inner::snapshot`] gives the snapshot of the receipt however late the request
//! gets to it, and however many changes arrived meanwhile. The analysis worker builds
//! the pinned generations that requests wait for, oldest first, before the newest.
//!
//! Handlers that need only a document's text (formatting, `evn/documentText`) read it
//! from the receipt without waiting for an analysis ([`Inner::document`]).
//!
//! Requests that read only the statements at the cursor (or those of one file) and
//! the declarations — hover, definition, completion, document symbols — do not wait
//! either ([`Inner::at_declared`]): when the receipt's analysis is not built, they are
//! answered from the receipt's own texts analysed for their declarations only
//! (`check::declarations`: the vocabulary and the references, built by the same code as
//! in the analysis, so equal to the analysis's), with the statements around the cursor
//! parsed from the same text (`check::statements_around`, statement starts on both
//! sides, so they parse as in the whole file). That is the answer the analysis would
//! give (`tests/incremental.rs` checks it at every offset of generated files), on the
//! text the request was received on, with no analysis asked for. Its cost is a pass
//! over the declarations, not over the claims: on a 50 MB document, milliseconds where
//! the analysis takes seconds.
//!
//! The views a receipt gives — [`Inner::at`] and [`Inner::at_declared`] (the file at a
//! position, as [`At`]), [`Inner::snapshot`], [`Inner::document`] ([`ReceivedText`]) —
//! are all a request handler sees of the server: they read the state (the newest
//! snapshot built) and never change it; pinning a generation, when the dispatcher
//! takes a receipt, is the one change the rule makes.

use std::sync::{Arc, Weak};

use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use super::convert::{Encoding, TextRef};
use super::documents::PendingText;
use super::server::Inner;
use super::state::{self, Focus, Plan, SetSnapshot, Snapshot, State};
use crate::check::SourceKind;
use crate::diagnostic::FileId;
use crate::ide::FileSpan;
use crate::text::{LineIndex, Span};

tokio::task_local! {
    /// The receipt of the request being answered.
    static RECEIPT: Receipt;
}

/// The state a request is answered on.
#[derive(Clone)]
pub enum Receipt {
    /// The snapshot of the generation it was received at.
    Ready(Arc<Snapshot>),
    /// A generation not analysed yet.
    Pending(Arc<Pinned>),
}

/// A generation that requests were received at, before its analysis was built.
pub struct Pinned {
    pub generation: u64,
    /// The generation of the last change that may have changed a declaration, then.
    pub declarations: u64,
    pub plan: Plan,
    /// Set when the analysis of the plan is built.
    built: watch::Sender<Option<Arc<Snapshot>>>,
    /// A request waits for its analysis (else a retired pin is not analysed).
    wanted: std::sync::atomic::AtomicBool,
}

impl Pinned {
    pub fn built(&self) -> Option<Arc<Snapshot>> {
        self.built.borrow().clone()
    }

    /// Hands the analysis to every request waiting for it.
    pub fn fulfil(&self, snapshot: Arc<Snapshot>) {
        self.built.send_replace(Some(snapshot));
    }

    /// Whether `snapshot`, built already, has this receipt's declarations (vocabulary,
    /// references): it is of a generation from the receipt's last change that could
    /// reach a declaration up to the receipt's own.
    pub fn has_declarations_of(&self, snapshot: &Snapshot) -> bool {
        self.declarations <= snapshot.generation && snapshot.generation <= self.generation
    }

    /// [`Self::has_declarations_of`], and older than the receipt: its texts are not the
    /// receipt's, but every edit since left the declarations alone.
    pub fn has_older_declarations_of(&self, snapshot: &Snapshot) -> bool {
        self.has_declarations_of(snapshot) && snapshot.generation < self.generation
    }
}

/// The pinned generations of a [`State`]: the current one, and those left behind by a
/// change before they were analysed.
#[derive(Default)]
pub struct Pins {
    current: Option<Arc<Pinned>>,
    retired: Vec<Weak<Pinned>>,
}

impl Pins {
    /// A change happened: the current pin, if not analysed yet, waits in line.
    pub fn retire(&mut self) {
        if let Some(pinned) = self.current.take() {
            if pinned.built().is_none() {
                self.retired.push(Arc::downgrade(&pinned));
            }
        }
    }
}

impl State {
    /// The receipt of a request received now.
    pub fn receipt(&mut self) -> Receipt {
        if let Some(snapshot) = self.snapshot.as_ref().filter(|s| s.generation >= self.generation) {
            return Receipt::Ready(snapshot.clone());
        }
        Receipt::Pending(self.pin())
    }

    fn pin(&mut self) -> Arc<Pinned> {
        if let Some(pinned) = self.pins.current.as_ref().filter(|p| p.generation == self.generation)
        {
            return pinned.clone();
        }
        let pinned = Arc::new(Pinned {
            generation: self.generation,
            declarations: self.declarations,
            plan: state::plan(self),
            built: watch::Sender::new(None),
            wanted: Default::default(),
        });
        self.pins.current = Some(pinned.clone());
        pinned
    }

    /// What the analysis worker builds next: the oldest retired generation a request
    /// still waits for, else the current generation when it is not analysed yet.
    pub fn next_build(&mut self) -> Option<Arc<Pinned>> {
        self.pins.retired.retain(|p| p.upgrade().is_some_and(|p| p.built().is_none()));
        let wanted = self
            .pins
            .retired
            .iter()
            .filter_map(Weak::upgrade)
            .find(|p| p.wanted.load(std::sync::atomic::Ordering::SeqCst));
        if wanted.is_some() {
            return wanted;
        }
        let current = self.snapshot.as_ref().is_some_and(|s| s.generation >= self.generation);
        (!current).then(|| self.pin()).filter(|p| p.built().is_none())
    }
}

impl Inner {
    /// Runs a request's future with the receipt taken when it arrived.
    pub fn with_receipt<F: std::future::Future>(
        receipt: Receipt,
        request: F,
    ) -> impl std::future::Future<Output = F::Output> {
        RECEIPT.scope(receipt, request)
    }

    /// The receipt of a request received now, taken by the dispatcher as it reads it.
    pub fn receive(&self) -> Receipt {
        self.lock().receipt()
    }

    /// The receipt of the request being answered; outside a request (publishing after
    /// the debounce), one taken now.
    pub fn receipt(&self) -> Receipt {
        RECEIPT.try_with(Receipt::clone).unwrap_or_else(|_| self.receive())
    }

    /// The snapshot of [`Self::receipt`], waiting for the analysis worker when it is
    /// not built yet: requests never see stale text, nor newer text than they were
    /// sent for.
    pub async fn snapshot(self: &Arc<Self>) -> Arc<Snapshot> {
        let pinned = match self.receipt() {
            Receipt::Ready(snapshot) => return snapshot,
            Receipt::Pending(pinned) => pinned,
        };
        let mut built = pinned.built.subscribe();
        if built.borrow().is_none() {
            pinned.wanted.store(true, std::sync::atomic::Ordering::SeqCst);
            self.start_worker();
            self.wake.notify_one();
        }
        let snapshot = built.wait_for(Option::is_some).await.ok().and_then(|s| s.clone());
        snapshot
            .unwrap_or_else(|| Arc::new(Snapshot::empty(pinned.generation, pinned.plan.encoding)))
    }

    /// The text of a document at the receipt, without waiting for an analysis: its
    /// kind, version (of an open document), text and line index.
    pub async fn document(self: &Arc<Self>, uri: &Uri) -> Option<ReceivedText> {
        match self.receipt() {
            Receipt::Ready(snapshot) => {
                let (set, file) = snapshot.find(uri)?;
                let f = set.files.get(file as usize)?;
                Some(ReceivedText {
                    kind: f.kind,
                    version: f.version,
                    text: f.text.clone(),
                    lines: f.lines.clone(),
                    encoding: snapshot.encoding,
                })
            }
            Receipt::Pending(pinned) => {
                let Some(document) = pinned.plan.document(uri) else {
                    // A file read from disk: its text is in the snapshot.
                    drop(pinned);
                    let snapshot = self.snapshot().await;
                    let (set, file) = snapshot.find(uri)?;
                    let f = set.files.get(file as usize)?;
                    return Some(ReceivedText {
                        kind: f.kind,
                        version: f.version,
                        text: f.text.clone(),
                        lines: f.lines.clone(),
                        encoding: snapshot.encoding,
                    });
                };
                let (kind, version, encoding) =
                    (document.kind, document.version, pinned.plan.encoding);
                let pending: PendingText = document.text.clone();
                let (text, lines) = blocking(move || {
                    let text = pending.get();
                    let lines = Arc::new(LineIndex::new(&text));
                    (text, lines)
                })
                .await
                .ok()?;
                Some(ReceivedText { kind, version, text, lines, encoding })
            }
        }
    }

    /// Runs a request on the file of `uri` at `position` (or at offset 0), on the
    /// snapshot of its receipt, off the runtime's threads (so that the input is still
    /// read, and `$/cancelRequest` answered, while it runs).
    pub async fn at<T: Send + 'static>(
        self: &Arc<Self>,
        uri: &Uri,
        position: Option<Position>,
        f: impl FnOnce(&At<'_>) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let snapshot = self.snapshot().await;
        let uri = uri.clone();
        blocking(move || {
            let (set, file) = snapshot.find(&uri)?;
            let text = set.text_ref(file, snapshot.encoding)?;
            let offset = position.map_or(0, |p| text.offset(p));
            f(&At { set, file, offset, encoding: snapshot.encoding })
        })
        .await
    }

    /// A snapshot built already whose declarations (vocabulary, references) are those
    /// of the receipt ([`Pinned::has_declarations_of`]): the receipt's own analysis when
    /// built, else the last one built, when it qualifies.
    pub fn declarations_snapshot(&self) -> Option<Arc<Snapshot>> {
        match self.receipt() {
            Receipt::Ready(snapshot) => Some(snapshot),
            Receipt::Pending(pinned) => pinned.built().or_else(|| {
                let snapshot = self.lock().snapshot.clone()?;
                pinned.has_declarations_of(&snapshot).then_some(snapshot)
            }),
        }
    }

    /// A snapshot with the declarations of the receipt: [`Self::declarations_snapshot`]
    /// when there is one, else the receipt's own analysis, waited for.
    pub async fn declared_snapshot(self: &Arc<Self>) -> Arc<Snapshot> {
        match self.declarations_snapshot() {
            Some(snapshot) => snapshot,
            None => self.snapshot().await,
        }
    }

    /// The receipt, not analysed yet, and a snapshot built before it whose declarations
    /// are the receipt's ([`Pinned::has_older_declarations_of`]): what completion needs
    /// to answer without waiting, reading the statement at the cursor from the receipt's
    /// text. `None` when the receipt's analysis is built (use it) or no such snapshot is.
    pub fn older_declarations(&self) -> Option<(Arc<Pinned>, Arc<Snapshot>)> {
        let Receipt::Pending(pinned) = self.receipt() else { return None };
        if pinned.built().is_some() {
            return None;
        }
        let snapshot = self.lock().snapshot.clone()?;
        pinned.has_older_declarations_of(&snapshot).then_some((pinned, snapshot))
    }

    /// [`Self::at`] for a request that reads only the statements at a position, or
    /// those of one file, and the declarations (hover, definition, completion, document
    /// symbols): when the receipt's analysis is not built, it is answered at once, not
    /// after it, from the receipt's texts analysed for their declarations only
    /// ([`state::Plan::declared`]): the same vocabulary and references as the analysis
    /// will have, and the statements at the cursor parsed from the same text, so the
    /// same answer. The receipt's analysis is not asked for.
    pub async fn at_declared<T: Send + 'static>(
        self: &Arc<Self>,
        uri: &Uri,
        focus: Focus,
        f: impl FnOnce(&At<'_>) -> Option<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let pinned = match self.receipt() {
            Receipt::Pending(pinned) if pinned.built().is_none() => pinned,
            _ => {
                let position = match focus {
                    Focus::At(position) => Some(position),
                    Focus::Whole => None,
                };
                return self.at(uri, position, f).await;
            }
        };
        let previous = self.lock().snapshot.clone();
        let uri = uri.clone();
        blocking(move || {
            let (set, file, offset) = pinned.plan.declared(&uri, focus, previous.as_deref())?;
            f(&At { set: &set, file, offset, encoding: pinned.plan.encoding })
        })
        .await
    }
}

/// A document's text as a request received it.
pub struct ReceivedText {
    pub kind: SourceKind,
    pub version: Option<i32>,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
    pub encoding: Encoding,
}

impl ReceivedText {
    pub fn text_ref(&self) -> TextRef<'_> {
        TextRef { text: &self.text, lines: &self.lines, encoding: self.encoding }
    }
}

/// Runs `f` on a blocking thread, turning a panic into an internal error.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(move || guard(f))
        .await
        .unwrap_or_else(|_| Err(Error::internal_error()))
}

/// Runs `f`, turning a panic into an internal error.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned());
        let mut error = Error::internal_error();
        error.message = format!("evn: internal error: {}", what.unwrap_or_default()).into();
        error
    })
}

/// Where the cursor is: a file of a set of the snapshot, and a byte offset in it.
pub struct At<'a> {
    pub set: &'a SetSnapshot,
    pub file: FileId,
    pub offset: u32,
    pub encoding: Encoding,
}

impl At<'_> {
    pub fn text(&self) -> TextRef<'_> {
        self.set.text_ref(self.file, self.encoding).unwrap_or(TextRef {
            text: "",
            lines: empty_lines(),
            encoding: self.encoding,
        })
    }

    pub fn location(&self, place: FileSpan) -> Option<Location> {
        let text = self.set.text_ref(place.file, self.encoding)?;
        Some(Location { uri: self.set.uri(place.file)?.clone(), range: text.range(place.span) })
    }

    pub fn range(&self, span: Span) -> Range {
        self.text().range(span)
    }
}

fn empty_lines() -> &'static LineIndex {
    static EMPTY: std::sync::OnceLock<LineIndex> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| LineIndex::new(""))
}
