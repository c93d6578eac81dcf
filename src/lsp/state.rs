//! The server's state: the workspace folders as loaded from disk, the open documents
//! over them, the client's settings; and the immutable [`Snapshot`] of an analysis of
//! every document set, built on a blocking thread and shared by every request.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::convert::{Encoding, TextRef};
use super::documents::Document;
use crate::check::{self, Analysis, InvalidUtf8, Options, Source, SourceKind};
use crate::diagnostic::{FileId, Level, Rule};
use crate::ide::World;
use crate::text::LineIndex;
use crate::workspace::{self, DocumentKind, Workspace};

/// A workspace folder of the client, with its document set as read from disk.
pub struct Folder {
    pub path: PathBuf,
    pub workspace: Workspace,
}

impl Folder {
    pub fn load(path: &Path) -> Result<Folder, String> {
        let workspace = workspace::load(path, &[]).map_err(|e| e.to_string())?;
        Ok(Folder { path: path.to_path_buf(), workspace })
    }

    /// The folder whose document set a file belongs to: `evn.toml`'s folder, or the
    /// client's workspace folder when it has none.
    pub fn root(&self) -> &Path {
        self.workspace.root.as_deref().unwrap_or(&self.path)
    }

    /// Whether a `.evn` file (existing or not) belongs to this folder's document set.
    pub fn is_member(&self, path: &Path) -> bool {
        if self.workspace.documents.iter().any(|d| d.path == path) {
            return true;
        }
        match &self.workspace.root {
            Some(_) => self.workspace.is_member(path),
            None => path.starts_with(&self.path) && path.extension().is_some_and(|e| e == "evn"),
        }
    }
}

/// Everything the notifications change.
#[derive(Default)]
pub struct State {
    pub encoding: Encoding,
    pub folders: Vec<Folder>,
    pub open: HashMap<Uri, Document>,
    /// Rule severities from the client's settings: they override `evn.toml`.
    pub client_rules: Vec<(Rule, Level)>,
    /// Bumped on every change of text, files or settings.
    pub generation: u64,
    pub snapshot: Option<Arc<Snapshot>>,
}

/// One file of a snapshot.
pub struct FileSnapshot {
    pub uri: Uri,
    pub text: Arc<str>,
    pub lines: LineIndex,
    /// The version of an open document (`None` for a file read from disk).
    pub version: Option<i32>,
}

/// One analysed document set.
pub struct SetSnapshot {
    pub files: Vec<FileSnapshot>,
    pub texts: Vec<Arc<str>>,
    pub analysis: Analysis,
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
    pub sets: Vec<SetSnapshot>,
}

impl Snapshot {
    /// The set and file id of a URI.
    pub fn find(&self, uri: &Uri) -> Option<(&SetSnapshot, FileId)> {
        self.sets.iter().find_map(|set| set.files.iter().position(|f| &f.uri == uri).map(|i| (set, i as FileId)))
    }
}

/// One file to analyse: what [`build`] needs, cloned out of the [`State`] under its lock.
pub struct PlannedFile {
    uri: Uri,
    kind: SourceKind,
    text: Arc<str>,
    invalid: Vec<InvalidUtf8>,
    version: Option<i32>,
}

pub struct PlannedSet {
    files: Vec<PlannedFile>,
    options: Options,
}

/// The document sets to analyse now: each folder's files (open documents over the disk
/// text, open members not yet on disk added), then each open document that belongs
/// to no folder, alone.
pub fn plan(state: &State) -> (u64, Encoding, Vec<PlannedSet>) {
    let mut sets = Vec::new();
    let mut placed: Vec<&Uri> = Vec::new();
    let open_path: Vec<(&Uri, Option<PathBuf>)> =
        state.open.keys().map(|uri| (uri, uri.to_file_path().map(|p| p.into_owned()))).collect();
    for folder in &state.folders {
        let mut evn: Vec<(PathBuf, PlannedFile)> = Vec::new();
        let mut bib: Vec<PlannedFile> = Vec::new();
        for d in &folder.workspace.documents {
            let Some(uri) = Uri::from_file_path(&d.path) else { continue };
            let kind = if d.kind == DocumentKind::Bib { SourceKind::Bib } else { SourceKind::Evn };
            let file = match state.open.get(&uri) {
                Some(open) => PlannedFile { uri: uri.clone(), kind, text: open.text().into(), invalid: Vec::new(), version: Some(open.version) },
                None => PlannedFile {
                    uri: uri.clone(),
                    kind,
                    text: d.text.as_str().into(),
                    invalid: d.invalid_utf8.iter().map(|i| InvalidUtf8 { offset: i.offset, file_offset: i.file_offset }).collect(),
                    version: None,
                },
            };
            if let Some((open_uri, _)) = open_path.iter().find(|(u, _)| **u == uri) {
                placed.push(open_uri);
            }
            match kind {
                SourceKind::Evn => evn.push((d.path.clone(), file)),
                SourceKind::Bib => bib.push(file),
            }
        }
        for (uri, path) in &open_path {
            let Some(path) = path else { continue };
            if placed.contains(uri) || !folder.is_member(path) {
                continue;
            }
            if let Some(open) = state.open.get(*uri) {
                placed.push(uri);
                let file = PlannedFile { uri: (*uri).clone(), kind: SourceKind::Evn, text: open.text().into(), invalid: Vec::new(), version: Some(open.version) };
                evn.push((path.clone(), file));
            }
        }
        evn.sort_by(|a, b| a.0.cmp(&b.0));
        let mut files: Vec<PlannedFile> = evn.into_iter().map(|(_, f)| f).collect();
        files.extend(bib);
        sets.push(PlannedSet { files, options: options(Some(&folder.workspace), &state.client_rules) });
    }
    let mut lone: Vec<(&Uri, &Document)> = state.open.iter().filter(|(uri, _)| !placed.contains(uri)).collect();
    lone.sort_by_key(|(uri, _)| uri.as_str().to_string());
    for (uri, open) in lone {
        let kind = if uri.as_str().ends_with(".bib") { SourceKind::Bib } else { SourceKind::Evn };
        let file = PlannedFile { uri: uri.clone(), kind, text: open.text().into(), invalid: Vec::new(), version: Some(open.version) };
        sets.push(PlannedSet { files: vec![file], options: options(None, &state.client_rules) });
    }
    (state.generation, state.encoding, sets)
}

fn options(workspace: Option<&Workspace>, client_rules: &[(Rule, Level)]) -> Options {
    let mut options = Options::default();
    if let Some(workspace) = workspace {
        options.prelude = workspace.config.prelude;
        options.genes = workspace.config.genes.clone();
        options.severities = workspace.config.rules.clone();
        // Open documents are held to the folder's `[limits]` as files on disk are.
        options.limits = workspace.config.limits;
    }
    // Later entries win: the client's settings override `evn.toml`.
    options.severities.extend_from_slice(client_rules);
    options.hints = true;
    options
}

/// Analyses every planned set (on a blocking thread).
pub fn build(generation: u64, encoding: Encoding, sets: Vec<PlannedSet>) -> Snapshot {
    let sets = sets
        .into_iter()
        .map(|set| {
            let sources: Vec<Source<'_>> =
                set.files.iter().map(|f| Source { text: &f.text, kind: f.kind, invalid_utf8: &f.invalid }).collect();
            let analysis = check::analyze(&sources, &set.options);
            let texts: Vec<Arc<str>> = set.files.iter().map(|f| f.text.clone()).collect();
            let files = set
                .files
                .into_iter()
                .map(|f| FileSnapshot { lines: LineIndex::new(&f.text), uri: f.uri, text: f.text, version: f.version })
                .collect();
            SetSnapshot { files, texts, analysis }
        })
        .collect();
    Snapshot { generation, encoding, sets }
}
