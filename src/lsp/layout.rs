//! Which document set each file belongs to, found as the command line finds it (spec
//! §10 F): from the file's own path, links resolved, the nearest `evn.toml` at or above
//! it; a file under none belongs to the innermost of the client's workspace folders that
//! holds it (spec §6: the server treats a folder without `evn.toml` as `evn check` run
//! in it), and a file in no folder is checked alone. Each set is held once, whatever
//! number of client folders (nested, or one reached through a link) lead to it, so each
//! file is published once. An `evn.toml` that cannot be used is kept as the set's
//! [`Folder::error`], shown on `evn.toml` itself, and read again when it changes.
//!
//! Everything here reads the disk: it runs on a blocking thread, never under the
//! state's lock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use crate::check::SourceKind;
use crate::workspace::{self, ConfigError, Workspace, CONFIG_FILE};

/// How many `.evn` files a workspace folder without `evn.toml` is read for at most: a
/// client folder at `/` or at a home folder would otherwise read every `.evn` file on
/// the disk. Over it, the folder's files are not read and the client is told why.
pub const MAX_PLAIN_FILES: usize = 5000;

/// How many entries (files and folders) are looked at, at most, to count them.
pub const MAX_PLAIN_ENTRIES: usize = 200_000;

/// A document set, by what makes it one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SetKey {
    /// The workspace of an `evn.toml`: its folder, links resolved.
    Config(PathBuf),
    /// A client folder with no `evn.toml` at or above it: the folder, links resolved.
    Plain(PathBuf),
}

impl SetKey {
    pub fn folder(&self) -> &Path {
        match self {
            SetKey::Config(path) | SetKey::Plain(path) => path,
        }
    }
}

/// A workspace folder of the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// As the client names it (its URIs for the files below it start so).
    pub path: PathBuf,
    /// Links resolved.
    pub real: PathBuf,
}

impl Root {
    pub fn new(path: PathBuf) -> Root {
        let real = real_path(&path);
        Root { path, real }
    }
}

/// A document set as read from disk.
#[derive(Clone)]
pub struct Folder {
    pub key: SetKey,
    /// The document set; each document's text is moved to [`Folder::texts`]. Its paths
    /// have links resolved.
    pub workspace: Workspace,
    /// The text of each of `workspace.documents`, shared with the snapshots.
    pub texts: Vec<Arc<str>>,
    /// The URI of each of `workspace.documents`, as the client names the file (under
    /// the client's folder it was reached from).
    pub uris: Vec<Uri>,
    /// The `evn.toml` could not be used: nothing of the set is reported but this, on
    /// `evn.toml` (as `evn check` reports nothing else), until it is fixed.
    pub error: Option<ConfigIssue>,
    /// Whether the server watches its folder when it watches files (not a folder too
    /// large to read).
    pub watched: bool,
}

/// A configuration that cannot be used, with what is needed to show it on the file.
#[derive(Clone)]
pub struct ConfigIssue {
    pub uri: Uri,
    /// The text of `evn.toml` (empty when it could not be read).
    pub text: Arc<str>,
    pub error: ConfigError,
}

impl Folder {
    /// Reads the set of `key`: `roots` say how the client names its files, and which
    /// files of a folder without `evn.toml` belong to a folder of the client nested in
    /// it. Also the keys of the `evn.toml` workspaces found below a folder without one,
    /// and what to tell the client.
    pub fn load(key: &SetKey, roots: &[Root]) -> (Folder, Vec<SetKey>, Vec<String>) {
        let mut nested = Vec::new();
        let mut messages = Vec::new();
        let mut watched = true;
        let (mut workspace, error) = match key {
            SetKey::Config(root) => match workspace::load(root, &[]) {
                Ok(workspace) => (workspace, None),
                Err(error) => {
                    let config = root.join(CONFIG_FILE);
                    let text = std::fs::read(&config)
                        .map(|bytes| workspace::decode(&bytes).0)
                        .unwrap_or_default();
                    let uri = client_uri(&config, roots);
                    messages.push(format!("evn: {}: {error}", config.display()));
                    let issue = uri.map(|uri| ConfigIssue { uri, text: text.into(), error });
                    (empty(Some(root.clone())), issue)
                }
            },
            SetKey::Plain(folder) => match count_evn(folder) {
                Err(why) => {
                    messages.push(format!(
                        "evn: {}: {why}; its files are checked as they are opened (add an `evn.toml` to the folder of the review to check it whole)",
                        folder.display()
                    ));
                    watched = false;
                    (empty(None), None)
                }
                Ok(()) => {
                    let mut workspace = match workspace::load(folder, &[]) {
                        Ok(workspace) => workspace,
                        Err(_) => empty(None), // an `evn.toml` appeared meanwhile
                    };
                    // Files below an `evn.toml` belong to its workspace, and files of a
                    // client folder nested in this one to that folder's set.
                    let own = Some(SetKey::Plain(folder.clone()));
                    let mut keys: HashMap<PathBuf, Option<SetKey>> = HashMap::new();
                    workspace.documents.retain(|d| {
                        let parent = d.path.parent().unwrap_or(&d.path).to_path_buf();
                        let key = keys.entry(parent).or_insert_with(|| key_of(&d.path, roots));
                        if let Some(other @ SetKey::Config(_)) = key {
                            if !nested.contains(other) {
                                nested.push(other.clone());
                            }
                        }
                        *key == own
                    });
                    (workspace, None)
                }
            },
        };
        for error in &workspace.errors {
            messages.push(format!("evn: {error}"));
        }
        let texts = workspace
            .documents
            .iter_mut()
            .map(|d| Arc::from(std::mem::take(&mut d.text)))
            .collect();
        let uris = workspace
            .documents
            .iter()
            .map(|d| client_uri(&d.path, roots).unwrap_or_else(fallback_uri))
            .collect();
        (Folder { key: key.clone(), workspace, texts, uris, error, watched }, nested, messages)
    }

    /// Whether an open `.evn` file (existing or not; links resolved) belongs to this set.
    pub fn is_member(&self, real: &Path) -> bool {
        if self.workspace.documents.iter().any(|d| d.path == real) {
            return true;
        }
        match &self.key {
            // A broken configuration: its files wait for it, they are not checked alone.
            SetKey::Config(_) if self.error.is_some() => is_evn(real),
            SetKey::Config(_) => self.workspace.is_member(real),
            SetKey::Plain(_) => is_evn(real),
        }
    }
}

fn empty(root: Option<PathBuf>) -> Workspace {
    Workspace {
        root,
        config: Default::default(),
        documents: Vec::new(),
        report: Vec::new(),
        errors: Vec::new(),
    }
}

/// The URI of a document the client's folders do not lead to: `file:///`.
#[allow(clippy::expect_used)] // a literal that parses: the one expect of the library
fn fallback_uri() -> Uri {
    "file:///".parse().expect("a valid URI")
}

fn is_evn(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "evn")
}

/// The file a URI names on this machine: a `file:` URI with an absolute path, no host
/// or `localhost`, percent-escapes decoded (in either case). `None` for anything else
/// (`untitled:`, another host).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let host = uri.authority().map(|a| a.host().to_string()).unwrap_or_default();
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = uri.to_file_path()?.into_owned();
    path.is_absolute().then_some(path)
}

/// What a document holds, told by the extension of its URI's path (`.bib`, in any case,
/// is BibTeX), as the loader tells a file's.
pub fn kind(uri: &Uri) -> SourceKind {
    SourceKind::of_path(Path::new(uri.path().as_str()))
}

/// The path with links resolved; for a file not created yet, its folder's.
pub fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => real_path(parent).join(name),
        _ => path.to_path_buf(),
    }
}

/// The set a file or folder (links resolved) belongs to: its `evn.toml`'s, else the
/// innermost client folder's that holds it; `None` outside every folder.
pub fn key_of(real: &Path, roots: &[Root]) -> Option<SetKey> {
    if let Some(root) = workspace::find_root(real) {
        return Some(SetKey::Config(root));
    }
    roots
        .iter()
        .filter(|r| real.starts_with(&r.real))
        .max_by_key(|r| r.real.components().count())
        .map(|r| SetKey::Plain(r.real.clone()))
}

/// The URI the client names a file by: under the client folder it lies in (by its
/// real path), the folder as the client names it; else the real path.
pub fn client_uri(real: &Path, roots: &[Root]) -> Option<Uri> {
    let named = roots
        .iter()
        .filter_map(|r| real.strip_prefix(&r.real).ok().map(|rest| r.path.join(rest)))
        .min_by_key(|p| p.components().count());
    Uri::from_file_path(named.as_deref().unwrap_or(real))
}

/// Refuses a folder without `evn.toml` that holds more `.evn` files than a review, or
/// more entries than can be looked at quickly (`/`, a home folder).
fn count_evn(folder: &Path) -> Result<(), String> {
    let mut files = 0;
    let walk = walkdir::WalkDir::new(folder).follow_links(false).into_iter();
    let visible = walk.filter_entry(|e| {
        e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    });
    for (seen, entry) in visible.enumerate() {
        if seen >= MAX_PLAIN_ENTRIES {
            return Err(format!(
                "the folder has no `evn.toml` and more than {MAX_PLAIN_ENTRIES} files and folders below it; not read"
            ));
        }
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file() && is_evn(entry.path()) {
            files += 1;
            if files > MAX_PLAIN_FILES {
                return Err(format!(
                    "the folder has no `evn.toml` and more than {MAX_PLAIN_FILES} `.evn` files below it; not read"
                ));
            }
        }
    }
    Ok(())
}

/// Where each open document goes.
#[derive(Clone, Debug, Default)]
pub struct Placement {
    /// Its path, links resolved (`None` for a URI that is not a file).
    pub real: Option<PathBuf>,
    /// The set it is checked in; `None`: alone.
    pub set: Option<SetKey>,
}

/// The sets to hold for these client folders and open documents, and where each open
/// document goes. Sets in `keep` whose key is still wanted are kept, not read again.
pub fn layout(
    roots: &[Root],
    open: &[Uri],
    mut keep: Vec<Folder>,
) -> (Vec<Folder>, HashMap<Uri, Placement>, Vec<String>) {
    let mut messages = Vec::new();
    let mut wanted: Vec<SetKey> = Vec::new();
    let want = |wanted: &mut Vec<SetKey>, key: SetKey| {
        if !wanted.contains(&key) {
            wanted.push(key);
        }
    };
    for root in roots {
        if let Some(key) = key_of(&root.real, roots) {
            want(&mut wanted, key);
        }
    }
    let mut reals: Vec<(Uri, Option<PathBuf>)> = Vec::new();
    for uri in open {
        let real = file_path(uri).map(|p| real_path(&p));
        if let Some(key) = real.as_deref().and_then(|r| key_of(r, roots)) {
            want(&mut wanted, key);
        }
        reals.push((uri.clone(), real));
    }
    let mut folders: Vec<Folder> = Vec::new();
    let mut next = 0;
    while let Some(key) = wanted.get(next).cloned() {
        next += 1;
        if let Some(i) = keep.iter().position(|f| f.key == key) {
            folders.push(keep.swap_remove(i));
            continue;
        }
        let (folder, nested, said) = Folder::load(&key, roots);
        messages.extend(said);
        for key in nested {
            want(&mut wanted, key);
        }
        folders.push(folder);
    }
    folders.sort_by(|a, b| a.key.cmp(&b.key));
    let placements = reals
        .into_iter()
        .map(|(uri, real)| {
            let set = real.as_deref().and_then(|real| {
                let key = key_of(real, roots)?;
                folders.iter().find(|f| f.key == key && f.is_member(real)).map(|f| f.key.clone())
            });
            (uri, Placement { real, set })
        })
        .collect();
    (folders, placements, messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bibtex_file_is_told_by_its_extension_in_any_case() {
        for (name, expected) in [
            ("refs.bib", SourceKind::Bib),
            ("refs.BIB", SourceKind::Bib),
            ("a.b/refs.Bib", SourceKind::Bib),
            (".bib", SourceKind::Evn),
            ("refs.bib.evn", SourceKind::Evn),
            ("bib", SourceKind::Evn),
            ("review.evn", SourceKind::Evn),
        ] {
            assert_eq!(SourceKind::of_path(Path::new(name)), expected, "{name}");
            let uri: Uri = format!("file:///work/{name}").parse().unwrap();
            assert_eq!(kind(&uri), expected, "{name}");
        }
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(kind(&untitled), SourceKind::Evn);
    }

    #[test]
    fn a_file_belongs_to_its_nearest_evn_toml_and_else_to_the_innermost_folder() {
        let dir = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(top.join("sub/deep")).unwrap();
        std::fs::create_dir_all(top.join("other")).unwrap();
        std::fs::write(top.join("sub/evn.toml"), "").unwrap();
        let roots = [Root::new(top.clone()), Root::new(top.join("other"))];
        assert_eq!(
            key_of(&top.join("sub/deep/a.evn"), &roots),
            Some(SetKey::Config(top.join("sub")))
        );
        assert_eq!(key_of(&top.join("a.evn"), &roots), Some(SetKey::Plain(top.clone())));
        assert_eq!(
            key_of(&top.join("other/a.evn"), &roots),
            Some(SetKey::Plain(top.join("other")))
        );
    }
}
