//! The server's state: the workspace folders as loaded from disk, the open documents
//! over them, the client's settings; and the immutable [`Snapshot`] of an analysis of
//! every document set, built on a blocking thread and shared by every request. A set
//! whose texts and options are those of the previous snapshot is shared, not analysed
//! again; one whose files and options are the same is re-analysed from the previous
//! analysis (`check::reanalyze`: only an edit's statements are checked again); and a
//! file's line index lives as long as its text.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::{Position, Uri};

use super::convert::{Encoding, TextRef};
use super::documents::{Document, PendingText};
use super::layout::{self, ConfigIssue, Folder, Placement, Root};
use super::receipt::Pins;
use crate::check::{self, Analysis, InvalidUtf8, Options, Source, SourceKind};
use crate::diagnostic::{FileId, Level, Rule};
use crate::ide::World;
use crate::text::LineIndex;
use crate::workspace::Workspace;

/// Everything the notifications change.
#[derive(Default)]
pub struct State {
    pub encoding: Encoding,
    /// The client's workspace folders.
    pub roots: Vec<Root>,
    /// The document sets held (see [`super::layout`]), each once, in key order.
    pub folders: Vec<Folder>,
    pub open: HashMap<Uri, Document>,
    /// Where each open document is checked (see [`super::layout::layout`]).
    pub placements: HashMap<Uri, Placement>,
    /// Rule severities from the client's settings: they override `evn.toml`.
    pub client_rules: Vec<(Rule, Level)>,
    /// Bumped on every change of text, files or settings.
    pub generation: u64,
    /// The generation of the last change that may have changed more than the claims it
    /// touched (a declaration, a file, the settings): see [`crate::lsp::documents::Reach`].
    pub declarations: u64,
    /// The newest snapshot built.
    pub snapshot: Option<Arc<Snapshot>>,
    /// The generations that requests were received at, to be analysed (see
    /// [`super::receipt`]).
    pub pins: Pins,
}

impl State {
    /// Records a change; `local` when it provably left every declaration alone.
    pub fn bump(&mut self, local: bool) {
        self.generation += 1;
        if !local {
            self.declarations = self.generation;
        }
        self.pins.retire();
    }
}

/// One file of a snapshot.
pub struct FileSnapshot {
    pub uri: Uri,
    pub kind: SourceKind,
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
    /// The version of an open document (`None` for a file read from disk).
    pub version: Option<i32>,
}

/// One analysed document set.
pub struct SetSnapshot {
    /// The folder's path, or the URI of a document checked alone.
    key: String,
    /// The options it was analysed with.
    options: Options,
    pub files: Vec<FileSnapshot>,
    pub texts: Vec<Arc<str>>,
    pub analysis: Analysis,
    /// The workspace vocabulary file of a folder's set (`vocabulary` in `evn.toml`),
    /// when it belongs to the set: where "define `NAME`" appends.
    pub vocabulary: Option<PathBuf>,
    /// The set's `evn.toml` cannot be used: this is published on it, and nothing for
    /// the set's files.
    pub error: Option<ConfigIssue>,
}

impl SetSnapshot {
    pub fn with_world<T>(&self, f: impl FnOnce(&World<'_>) -> T) -> T {
        let texts: Vec<&str> = self.texts.iter().map(|t| &**t).collect();
        f(&World { analysis: &self.analysis, texts: &texts })
    }

    pub fn text_ref(&self, file: FileId, encoding: Encoding) -> Option<TextRef<'_>> {
        self.files.get(file as usize).map(|f| TextRef { text: &f.text, lines: &f.lines, encoding })
    }

    pub fn uri(&self, file: FileId) -> Option<&Uri> {
        self.files.get(file as usize).map(|f| &f.uri)
    }
}

/// An analysis of every document set at one generation.
pub struct Snapshot {
    pub generation: u64,
    pub encoding: Encoding,
    pub sets: Vec<Arc<SetSnapshot>>,
}

impl Snapshot {
    pub fn empty(generation: u64, encoding: Encoding) -> Snapshot {
        Snapshot { generation, encoding, sets: Vec::new() }
    }

    /// The set and file id of a URI.
    pub fn find(&self, uri: &Uri) -> Option<(&Arc<SetSnapshot>, FileId)> {
        self.sets.iter().find_map(|set| {
            set.files.iter().position(|f| &f.uri == uri).map(|i| (set, i as FileId))
        })
    }
}

/// A file's text: shared already, or an open document's to be made off the lock.
enum PlannedText {
    Ready(Arc<str>),
    Pending(PendingText),
}

/// One file to analyse: what [`build`] needs, cloned out of the [`State`] under its lock.
pub struct PlannedFile {
    uri: Uri,
    kind: SourceKind,
    text: PlannedText,
    invalid: Vec<InvalidUtf8>,
    version: Option<i32>,
}

pub struct PlannedSet {
    key: String,
    files: Vec<PlannedFile>,
    options: Options,
    vocabulary: Option<PathBuf>,
    error: Option<ConfigIssue>,
}

/// What to analyse at one generation: every open document's text as it was then.
pub struct Plan {
    pub generation: u64,
    pub encoding: Encoding,
    sets: Vec<PlannedSet>,
}

/// An open document's text in a [`Plan`].
pub struct PlannedDocument<'a> {
    pub kind: SourceKind,
    pub version: Option<i32>,
    pub text: &'a PendingText,
}

impl Plan {
    /// An open document of the plan, by URI.
    pub fn document(&self, uri: &Uri) -> Option<PlannedDocument<'_>> {
        let file = self.sets.iter().flat_map(|s| &s.files).find(|f| &f.uri == uri)?;
        match &file.text {
            PlannedText::Pending(text) => {
                Some(PlannedDocument { kind: file.kind, version: file.version, text })
            }
            PlannedText::Ready(_) => None,
        }
    }
}

/// Where a request on a [`Plan`] not analysed yet asks about: a position, or a whole file.
#[derive(Clone, Copy)]
pub enum Focus {
    /// The statements around a position (hover, definition, completion).
    At(Position),
    /// Every statement of the file (document symbols).
    Whole,
}

impl Plan {
    /// The set holding `uri` analysed for its declarations only, from this plan's texts
    /// (`check::declarations`: the vocabulary and references the analysis of the plan
    /// will have), with the statements of `focus` in the tree of `uri`'s file: what a
    /// request about a name is answered from while the plan's analysis runs. Also the
    /// file's id and the byte offset of the position. Line indexes of texts that
    /// `previous` holds already are shared.
    pub fn declared(
        &self,
        uri: &Uri,
        focus: Focus,
        previous: Option<&Snapshot>,
    ) -> Option<(SetSnapshot, FileId, u32)> {
        let set = self.sets.iter().find(|s| s.files.iter().any(|f| &f.uri == uri))?;
        let file = set.files.iter().position(|f| &f.uri == uri)? as FileId;
        let texts = set_texts(set);
        let files: Vec<FileSnapshot> = set
            .files
            .iter()
            .zip(&texts)
            .map(|(f, text)| file_snapshot(f, text, previous))
            .collect();
        let (text, lines) = (&texts[file as usize], &files[file as usize].lines);
        let (offset, range) = match focus {
            Focus::At(position) => {
                let offset = TextRef { text, lines, encoding: self.encoding }.offset(position);
                (offset, check::statements_around(text, offset as usize))
            }
            Focus::Whole => (0, 0..text.len()),
        };
        let sources = sources(set, &texts);
        let analysis = check::declarations(&sources, &set.options, Some((file, range)));
        let options = set.options.clone();
        let error = set.error.clone();
        let vocabulary = set.vocabulary.clone();
        Some((
            SetSnapshot {
                key: set.key.clone(),
                options,
                files,
                texts,
                analysis,
                error,
                vocabulary,
            },
            file,
            offset,
        ))
    }
}

/// The texts of a planned set (an open document's made now, once per version).
fn set_texts(set: &PlannedSet) -> Vec<Arc<str>> {
    set.files
        .iter()
        .map(|f| match &f.text {
            PlannedText::Ready(text) => text.clone(),
            PlannedText::Pending(pending) => pending.get(),
        })
        .collect()
}

fn sources<'a>(set: &'a PlannedSet, texts: &'a [Arc<str>]) -> Vec<Source<'a>> {
    set.files
        .iter()
        .zip(texts)
        .map(|(f, text)| Source { text, kind: f.kind, invalid_utf8: &f.invalid })
        .collect()
}

/// A planned file with its text, and the line index of the same text in `previous`
/// when it has one.
fn file_snapshot(f: &PlannedFile, text: &Arc<str>, previous: Option<&Snapshot>) -> FileSnapshot {
    let lines = previous
        .and_then(|p| p.find(&f.uri))
        .and_then(|(s, i)| s.files.get(i as usize))
        .filter(|old| Arc::ptr_eq(&old.text, text))
        .map_or_else(|| Arc::new(LineIndex::new(text)), |old| old.lines.clone());
    FileSnapshot { lines, uri: f.uri.clone(), kind: f.kind, text: text.clone(), version: f.version }
}

fn open_file(uri: &Uri, kind: SourceKind, open: &Document) -> PlannedFile {
    PlannedFile {
        uri: uri.clone(),
        kind,
        text: PlannedText::Pending(open.pending_text()),
        invalid: Vec::new(),
        version: Some(open.version),
    }
}

/// The document sets to analyse now: each set's files (open documents over the disk
/// text, matched by their path with links resolved; open members not yet on disk
/// added), then each open document that belongs to no set, alone. Cheap: texts are
/// shared or copied later, off the lock; where each open document goes was decided
/// when it was opened or the files changed ([`super::layout`]).
pub fn plan(state: &State) -> Plan {
    let mut sets = Vec::new();
    let mut placed: rustc_hash::FxHashSet<&Uri> = Default::default();
    let by_path: HashMap<&std::path::Path, &Uri> = state
        .placements
        .iter()
        .filter_map(|(uri, p)| p.real.as_deref().map(|real| (real, uri)))
        .collect();
    for folder in &state.folders {
        let mut evn: Vec<(PathBuf, PlannedFile)> = Vec::new();
        let mut bib: Vec<PlannedFile> = Vec::new();
        let documents = folder.workspace.documents.iter().zip(&folder.texts).zip(&folder.uris);
        for ((d, text), uri) in documents {
            let kind = d.kind;
            let open = by_path.get(d.path.as_path()).and_then(|uri| state.open.get_key_value(*uri));
            let file = match open {
                Some((open_uri, open)) => {
                    placed.insert(open_uri);
                    open_file(open_uri, kind, open)
                }
                None => PlannedFile {
                    uri: uri.clone(),
                    kind,
                    text: PlannedText::Ready(text.clone()),
                    invalid: d.invalid_utf8.clone(),
                    version: None,
                },
            };
            match kind {
                SourceKind::Evn => evn.push((d.path.clone(), file)),
                SourceKind::Bib => bib.push(file),
            }
        }
        for (uri, placement) in &state.placements {
            if placed.contains(uri) || placement.set.as_ref() != Some(&folder.key) {
                continue;
            }
            if let (Some(open), Some(real)) = (state.open.get(uri), &placement.real) {
                placed.insert(uri);
                evn.push((real.clone(), open_file(uri, SourceKind::Evn, open)));
            }
        }
        evn.sort_by(|a, b| a.0.cmp(&b.0));
        let mut files: Vec<PlannedFile> = evn.into_iter().map(|(_, f)| f).collect();
        files.extend(bib);
        let key = format!("{:?}", folder.key);
        let workspace = folder.error.is_none().then_some(&folder.workspace);
        let vocabulary = folder.key.folder().join(folder.workspace.config.vocabulary_file());
        sets.push(PlannedSet {
            key,
            files,
            options: options(workspace, &state.client_rules),
            error: folder.error.clone(),
            vocabulary: folder.is_member(&vocabulary).then_some(vocabulary),
        });
    }
    let mut lone: Vec<(&Uri, &Document)> =
        state.open.iter().filter(|(uri, _)| !placed.contains(uri)).collect();
    lone.sort_by_key(|(uri, _)| uri.as_str());
    for (uri, open) in lone {
        let file = open_file(uri, layout::kind(uri), open);
        sets.push(PlannedSet {
            key: uri.as_str().to_string(),
            files: vec![file],
            options: options(None, &state.client_rules),
            vocabulary: None,
            error: None,
        });
    }
    Plan { generation: state.generation, encoding: state.encoding, sets }
}

/// The options of a set: its folder's `evn.toml` (open documents are held to its
/// `[limits]` as files on disk are), else the defaults, with the client's rules.
fn options(workspace: Option<&Workspace>, client_rules: &[(Rule, Level)]) -> Options {
    let mut options = workspace.map(|w| w.config.options()).unwrap_or_default();
    // Later entries win: the client's settings override `evn.toml`.
    options.severities.extend_from_slice(client_rules);
    Options { hints: true, retain_syntax: true, ..options }
}

/// Analyses every planned set (on a blocking thread), sharing each set that is the
/// same as in `previous` (the newest snapshot built, which may be of a later generation
/// than the plan's: re-analysis goes from any text to any other).
pub fn build(plan: &Plan, previous: Option<&Snapshot>) -> Snapshot {
    let sets = plan
        .sets
        .iter()
        .map(|set| {
            let texts = set_texts(set);
            // The previous analysis of the same files with the same options.
            let before =
                previous.and_then(|p| p.sets.iter().find(|s| s.key == set.key)).filter(|b| {
                    b.options == set.options
                        && b.error.as_ref().map(|e| &e.error)
                            == set.error.as_ref().map(|e| &e.error)
                        && b.vocabulary == set.vocabulary
                        && b.files.len() == set.files.len()
                        && b.files
                            .iter()
                            .zip(&set.files)
                            .all(|(old, new)| old.uri == new.uri && old.kind == new.kind)
                });
            if let Some(before) = before {
                let unchanged =
                    before.files.iter().zip(&set.files).zip(&texts).all(|((old, new), text)| {
                        old.version == new.version && Arc::ptr_eq(&old.text, text)
                    });
                if unchanged {
                    return before.clone();
                }
            }
            let sources = sources(set, &texts);
            // Keep what did not change (an edit of one file's claims re-checks only
            // those; see `check::reanalyze`).
            let analysis = match before {
                Some(before) => {
                    let old_texts: Vec<&str> = before.texts.iter().map(|t| &**t).collect();
                    check::reanalyze(&before.analysis, &old_texts, &sources, &set.options)
                }
                None => check::analyze(&sources, &set.options),
            };
            let files = set
                .files
                .iter()
                .zip(&texts)
                .map(|(f, text)| file_snapshot(f, text, previous))
                .collect();
            Arc::new(SetSnapshot {
                key: set.key.clone(),
                options: set.options.clone(),
                files,
                texts,
                analysis,
                vocabulary: set.vocabulary.clone(),
                error: set.error.clone(),
            })
        })
        .collect();
    Snapshot { generation: plan.generation, encoding: plan.encoding, sets }
}
