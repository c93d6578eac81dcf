//! Finding the workspace folder, the files of its document set, and reading them
//! (spec §6). The rules where the spec is silent:
//!
//! - Below a walked folder, entries whose name starts with `.` (hidden folders such as
//!   `.git`, editor lock files such as `.#a.evn`) are skipped, and symbolic links to
//!   folders are not followed (no loops, no leaving the tree). A folder named
//!   explicitly is walked even when hidden.
//! - Discovery takes files whose name ends in `.evn` *and* that match `include`; a
//!   folder matching `exclude` is skipped whole. A folder below the workspace that holds
//!   its own `evn.toml` is another workspace and is skipped.
//! - A discovered symbolic link to a file is read only when its target is inside the
//!   workspace folder; otherwise it is a [`LoadError`].
//! - A file named on the command line is always checked, whatever its extension, even
//!   when `include`/`exclude` leave it out: it joins the document set (so it sees the
//!   workspace's definitions). A name ending in `.bib` is read as BibTeX.
//! - A file named twice (or through two paths to the same file) is read once.

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use walkdir::WalkDir;

use super::config::{check_relative_path, compile_glob, parse_config, Config, ConfigError};
use super::{decode, decode_owned, io_message, Document, CONFIG_FILE};
use crate::check::{Limits, SourceKind};
use crate::text::{format_size, LineIndex};

/// A file that could not be read. It is reported (exit status 2) and the rest of the
/// document set is still checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Absolute path of the file or folder.
    pub path: PathBuf,
    /// The path relative to the current directory, with forward slashes.
    pub display: String,
    /// What went wrong, in lowercase (`no such file or directory`).
    pub message: String,
}

impl LoadError {
    fn new(cwd: &Path, path: &Path, message: impl Into<String>) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            display: relative_display(cwd, path),
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.display, self.message)
    }
}

impl std::error::Error for LoadError {}

/// The document set and what to report of it.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The folder holding `evn.toml`, if any.
    pub root: Option<PathBuf>,
    /// The configuration (the default when there is no `evn.toml`).
    pub config: Config,
    /// The `.evn` files in path order, then the BibTeX files in `bibliography` order
    /// (then any `.bib` file named on the command line).
    pub documents: Vec<Document>,
    /// Absolute paths (files or folders) whose diagnostics are reported; empty = all.
    pub report: Vec<PathBuf>,
    /// Files that could not be read: reported, the rest still checked, exit status 2.
    pub errors: Vec<LoadError>,
}

impl Workspace {
    /// Whether diagnostics in the file at `path` (absolute) are reported.
    pub fn is_reported(&self, path: &Path) -> bool {
        self.report.is_empty() || self.report.iter().any(|reported| path.starts_with(reported))
    }

    /// Whether discovery would put a `.evn` file at `path` (absolute) into the document
    /// set, whether or not it exists yet: for the server, which is told about files that
    /// were created or opened. Without a workspace folder, nothing is a member.
    pub fn is_member(&self, path: &Path) -> bool {
        let Some(root) = &self.root else { return false };
        let Ok(filter) = Filter::new(&self.config) else {
            return false;
        };
        let path = normalize(path);
        let Ok(relative) = path.strip_prefix(root) else {
            return false;
        };
        if !is_evn(&path) || relative.components().any(|c| is_hidden(c.as_os_str())) {
            return false;
        }
        let mut folder = path.parent();
        while let Some(dir) = folder {
            if dir == root.as_path() {
                break;
            }
            let excluded = slash_path(dir.strip_prefix(root).unwrap_or(dir))
                .is_some_and(|rel| filter.exclude.is_match(rel));
            if excluded || dir.join(CONFIG_FILE).is_file() {
                return false;
            }
            folder = dir.parent();
        }
        slash_path(relative).is_some_and(|rel| filter.matches_file(&rel))
    }
}

/// The nearest folder, from `start` upward, that holds a regular file `evn.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file()).map(Path::to_path_buf)
}

/// Loads the document set for a run from `cwd` on `paths` (spec §6).
///
/// With an `evn.toml` in `cwd` or above, the set is every `.evn` file of that workspace
/// (`include` minus `exclude`) plus the `bibliography`; `paths` only choose what is
/// reported, and must lie inside the workspace folder. Without one, the set is the
/// files named and the `.evn` files below the folders named (`cwd` when none).
///
/// A configuration that cannot be used is the `Err`; a file that cannot be read is
/// recorded in [`Workspace::errors`] and the others are loaded.
pub fn load(cwd: &Path, paths: &[PathBuf]) -> Result<Workspace, ConfigError> {
    let cwd = if cwd.is_absolute() {
        normalize(cwd)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(cwd))
    };
    match find_root(&cwd) {
        Some(root) => load_workspace(&cwd, root, paths),
        None => Ok(load_given(&cwd, paths)),
    }
}

/// Loads the document sets of a run from `cwd` on `paths` (spec §10 F): the workspace
/// of each path is found from the path itself (the nearest `evn.toml` at or above it,
/// by name: symbolic links are not resolved), not from `cwd`; the paths of one
/// workspace are loaded together with [`load`]'s rules, and paths under no `evn.toml`
/// together as a set without one. Without paths, [`load`] from `cwd`. The workspaces
/// come in the order their first path was named.
///
/// Every configuration that cannot be used is in the `Err`.
pub fn load_each(cwd: &Path, paths: &[PathBuf]) -> Result<Vec<Workspace>, Vec<ConfigError>> {
    if paths.is_empty() {
        return load(cwd, paths).map(|w| vec![w]).map_err(|e| vec![e]);
    }
    let cwd = if cwd.is_absolute() {
        normalize(cwd)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(cwd))
    };
    let mut groups: Vec<(Option<PathBuf>, Vec<PathBuf>)> = Vec::new();
    for given in paths {
        let root = find_root(&absolute(&cwd, given));
        match groups.iter_mut().find(|(r, _)| *r == root) {
            Some((_, group)) => group.push(given.clone()),
            None => groups.push((root, vec![given.clone()])),
        }
    }
    let mut workspaces = Vec::with_capacity(groups.len());
    let mut errors = Vec::new();
    for (root, group) in groups {
        match root {
            Some(root) => match load_workspace(&cwd, root, &group) {
                Ok(workspace) => workspaces.push(workspace),
                Err(error) => errors.push(error),
            },
            None => workspaces.push(load_given(&cwd, &group)),
        }
    }
    if errors.is_empty() {
        Ok(workspaces)
    } else {
        Err(errors)
    }
}

/// Reads and decodes one file of at most `limits.max_file_size` bytes. `path` must be
/// absolute.
pub fn read_document(
    cwd: &Path,
    path: &Path,
    kind: SourceKind,
    limits: &Limits,
) -> Result<Document, LoadError> {
    read_document_at(cwd, path, path, kind, limits)
}

/// The path as the CLI prints it: relative to `cwd` (with `..` where needed), forward
/// slashes; absolute when the two share no prefix.
pub fn relative_display(cwd: &Path, path: &Path) -> String {
    let cwd_parts: Vec<Component> = cwd.components().collect();
    let path_parts: Vec<Component> = path.components().collect();
    let common = cwd_parts.iter().zip(&path_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_string_lossy().replace('\\', "/");
    }
    let ups = cwd_parts.len() - common;
    let mut parts: Vec<String> = vec!["..".to_owned(); ups];
    parts.extend(
        path_parts.iter().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

fn load_workspace(cwd: &Path, root: PathBuf, paths: &[PathBuf]) -> Result<Workspace, ConfigError> {
    let config_path = root.join(CONFIG_FILE);
    let config_display = relative_display(cwd, &config_path);
    let config_error = |message: String| ConfigError {
        path: Some(config_path.clone()),
        display: config_display.clone(),
        position: None,
        message,
    };

    // The configuration itself is read under the default limit: it sets the limits.
    let bytes = read_bytes(&config_path, Limits::default().max_file_size).map_err(config_error)?;
    let (text, invalid) = decode(&bytes);
    if let Some(first) = invalid.first() {
        let mut error = config_error("is not valid UTF-8".to_owned());
        error.position = Some(LineIndex::new(&text).line_col(&text, first.offset));
        return Err(error);
    }
    let config = parse_config(&text).map_err(|mut error| {
        error.path = Some(config_path.clone());
        error.display = config_display.clone();
        error
    })?;
    let canonical_root = fs::canonicalize(&root).map_err(|e| {
        config_error(format!("cannot resolve the workspace folder: {}", io_message(&e)))
    })?;
    let filter = Filter::new(&config).map_err(config_error)?;
    for pattern in &config.include {
        check_include_links(&root, &canonical_root, pattern).map_err(config_error)?;
    }
    let mut errors = Vec::new();

    // The bibliography is checked before anything is opened: a path that leaves the
    // workspace, also through a symbolic link, makes the whole configuration unusable.
    let mut bibs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in &config.bibliography {
        check_relative_path(entry)
            .map_err(|why| config_error(format!("`bibliography` path `{entry}` {why}")))?;
        let lexical = normalize(&root.join(entry));
        match fs::canonicalize(&lexical) {
            Ok(real) if !real.starts_with(&canonical_root) => {
                return Err(config_error(format!(
                    "`bibliography` path `{entry}` leaves the workspace folder through a symbolic link (it leads to {})",
                    real.display()
                )));
            }
            Ok(real) => bibs.push((lexical, real)),
            Err(error) => errors.push(LoadError::new(cwd, &lexical, io_message(&error))),
        }
    }

    let mut evn = Vec::new();
    let mode = Walk::Workspace { root: &root, canonical_root: &canonical_root, filter: &filter };
    walk(cwd, &root, &mode, &mut evn, &mut errors);

    let mut report = Vec::new();
    let mut explicit = Vec::new();
    for given in paths {
        let lexical = absolute(cwd, given);
        let inside = if lexical.starts_with(&root) {
            Some(lexical.clone())
        } else {
            // The same place reached through a symbolic link (`/tmp` and `/private/tmp`).
            fs::canonicalize(&lexical).ok().and_then(|real| {
                real.strip_prefix(&canonical_root).ok().map(|rest| root.join(rest))
            })
        };
        let Some(path) = inside else {
            // Still restricts the report, so that nothing else is reported instead.
            report.push(lexical.clone());
            let message = match fs::symlink_metadata(&lexical) {
                Err(error) => io_message(&error),
                Ok(_) => format!(
                    "is outside the workspace folder `{}` (the folder of `{config_display}`)",
                    relative_display(cwd, &root)
                ),
            };
            errors.push(LoadError::new(cwd, &lexical, message));
            continue;
        };
        report.push(path.clone());
        // Inside by name, but maybe not in fact: `linked/a.evn` where `linked` is a
        // symbolic link to a folder elsewhere. Such a path is never read.
        if let Ok(real) = fs::canonicalize(&path) {
            if !real.starts_with(&canonical_root) {
                let message = format!(
                    "leads outside the workspace folder through a symbolic link (to {}); not read",
                    real.display()
                );
                errors.push(LoadError::new(cwd, &path, message));
                continue;
            }
        }
        match fs::metadata(&path) {
            Err(error) => errors.push(LoadError::new(cwd, &path, io_message(&error))),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => explicit.push(path),
        }
    }

    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut evn = dedupe(evn, &mut seen);
    let bibs = bibs.into_iter().filter(|(_, real)| seen.insert(real.clone()));
    let mut bib_docs: Vec<(PathBuf, PathBuf)> = bibs.collect();
    for path in explicit {
        if seen.insert(identity(&path)) {
            match SourceKind::of_path(&path) {
                SourceKind::Evn => evn.push(path),
                SourceKind::Bib => bib_docs.push((path.clone(), path)),
            }
        }
    }
    evn.sort();

    let mut documents = Vec::with_capacity(evn.len() + bib_docs.len());
    let evn = evn.into_iter().map(|path| (path.clone(), path, SourceKind::Evn));
    let bib = bib_docs.into_iter().map(|(lexical, real)| (lexical, real, SourceKind::Bib));
    for (lexical, open, kind) in evn.chain(bib) {
        match read_document_at(cwd, &lexical, &open, kind, &config.limits) {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(error),
        }
    }
    Ok(Workspace { root: Some(root), config, documents, report, errors })
}

fn load_given(cwd: &Path, paths: &[PathBuf]) -> Workspace {
    let given: Vec<PathBuf> = if paths.is_empty() {
        vec![cwd.to_path_buf()]
    } else {
        paths.iter().map(|path| absolute(cwd, path)).collect()
    };
    let mut errors = Vec::new();
    let mut evn = Vec::new();
    let mut bib = Vec::new();
    for path in given {
        match fs::metadata(&path) {
            Err(error) => errors.push(LoadError::new(cwd, &path, io_message(&error))),
            Ok(meta) if meta.is_dir() => walk(cwd, &path, &Walk::Plain, &mut evn, &mut errors),
            Ok(_) => match SourceKind::of_path(&path) {
                SourceKind::Evn => evn.push(path),
                SourceKind::Bib => bib.push(path),
            },
        }
    }
    evn.sort();
    let mut seen = HashSet::new();
    let evn = dedupe(evn, &mut seen);
    let bib = dedupe(bib, &mut seen);
    let mut documents = Vec::with_capacity(evn.len() + bib.len());
    let evn = evn.into_iter().map(|path| (path, SourceKind::Evn));
    for (path, kind) in evn.chain(bib.into_iter().map(|path| (path, SourceKind::Bib))) {
        match read_document(cwd, &path, kind, &Limits::default()) {
            Ok(document) => documents.push(document),
            Err(error) => errors.push(error),
        }
    }
    Workspace { root: None, config: Config::default(), documents, report: Vec::new(), errors }
}

/// An `include` pattern whose leading folders (the part before its first wildcard)
/// pass through a symbolic link can match nothing there, because links to folders are
/// never followed: a configuration error saying so, worded as for the bibliography
/// when the link leads outside the workspace folder. Without this, such a workspace
/// was "0 files" and passed.
fn check_include_links(root: &Path, canonical_root: &Path, pattern: &str) -> Result<(), String> {
    let parts: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    let literal = parts.iter().take_while(|p| !p.contains(['*', '?', '[', '{', '\\'])).count();
    // A pattern without wildcards names a file last: a link to a file is handled by
    // discovery (read when it stays inside, refused by name when it leaves).
    let folders = if literal == parts.len() { literal.saturating_sub(1) } else { literal };
    let mut at = root.to_path_buf();
    for part in parts.iter().take(folders) {
        at.push(part);
        let Ok(meta) = fs::symlink_metadata(&at) else { return Ok(()) };
        if !meta.file_type().is_symlink() {
            continue;
        }
        let link = at.strip_prefix(root).ok().and_then(slash_path).unwrap_or_default();
        return Err(match fs::canonicalize(&at) {
            Ok(real) if !real.starts_with(canonical_root) => format!(
                "`include` pattern `{pattern}` leaves the workspace folder through the symbolic link `{link}` (it leads to {})",
                real.display()
            ),
            Ok(real) => format!(
                "`include` pattern `{pattern}` goes through the symbolic link `{link}`, and links to folders are not followed; write the folder it leads to (`{}`)",
                real.strip_prefix(canonical_root).ok().and_then(slash_path).unwrap_or_default()
            ),
            Err(error) => format!(
                "`include` pattern `{pattern}` goes through the symbolic link `{link}`, which leads nowhere ({})",
                io_message(&error)
            ),
        });
    }
    Ok(())
}

/// `include` and `exclude`, compiled.
struct Filter {
    include: GlobSet,
    exclude: GlobSet,
}

impl Filter {
    fn new(config: &Config) -> Result<Filter, String> {
        let build = |key: &str, patterns: &[String]| {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let glob = compile_glob(pattern).map_err(|e| {
                    format!("`{key}` pattern `{pattern}` is not a valid glob: {}", e.kind())
                })?;
                builder.add(glob);
            }
            builder.build().map_err(|e| format!("`{key}`: {e}"))
        };
        Ok(Filter {
            include: build("include", &config.include)?,
            exclude: build("exclude", &config.exclude)?,
        })
    }

    /// `relative` is the path below the workspace folder, with forward slashes.
    fn matches_file(&self, relative: &str) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

enum Walk<'a> {
    /// Below a workspace folder: `include`, `exclude`, nested workspaces, links.
    Workspace { root: &'a Path, canonical_root: &'a Path, filter: &'a Filter },
    /// A folder named without a workspace: every `.evn` file.
    Plain,
}

/// Appends the `.evn` files below `dir` that `mode` admits to `out`.
fn walk(cwd: &Path, dir: &Path, mode: &Walk, out: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let mut entries = WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let message = match error.io_error() {
                    Some(io) => io_message(io),
                    None => error.to_string(),
                };
                errors.push(LoadError::new(cwd, &path, message));
                continue;
            }
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_dir();
        if entry.depth() == 0 {
            continue;
        }
        if is_hidden(entry.file_name()) {
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        }
        let relative = match mode {
            Walk::Workspace { root, .. } => path.strip_prefix(root).ok().and_then(slash_path),
            Walk::Plain => None,
        };
        if is_dir {
            if let Walk::Workspace { filter, .. } = mode {
                let excluded = relative.as_deref().is_some_and(|rel| filter.exclude.is_match(rel));
                if excluded || path.join(CONFIG_FILE).is_file() {
                    entries.skip_current_dir();
                }
            }
            continue;
        }
        if !is_evn(path) {
            continue;
        }
        if let Walk::Workspace { canonical_root, filter, .. } = mode {
            if !relative.as_deref().is_some_and(|rel| filter.matches_file(rel)) {
                continue;
            }
            if entry.path_is_symlink() {
                if let Ok(real) = fs::canonicalize(path) {
                    if !real.starts_with(canonical_root) {
                        let message = format!(
                            "is a symbolic link that leaves the workspace folder (it leads to {}); not read",
                            real.display()
                        );
                        errors.push(LoadError::new(cwd, path, message));
                        continue;
                    }
                }
            }
        }
        out.push(path.to_path_buf());
    }
}

/// Reads the file at `open` as the document at `path` (they differ when the loader
/// has already resolved a symbolic link and checked where it leads).
fn read_document_at(
    cwd: &Path,
    path: &Path,
    open: &Path,
    kind: SourceKind,
    limits: &Limits,
) -> Result<Document, LoadError> {
    let bytes = read_bytes(open, limits.max_file_size)
        .map_err(|message| LoadError::new(cwd, path, message))?;
    let (text, invalid_utf8) = decode_owned(bytes);
    Ok(Document {
        path: path.to_path_buf(),
        display: relative_display(cwd, path),
        kind,
        text,
        invalid_utf8,
    })
}

/// Reads a whole regular file of at most `max` bytes. Anything else (a folder, a FIFO,
/// a device) is refused from its metadata before it is opened, and the file is opened
/// non-blocking so that one swapped in meanwhile cannot hang the read either. A file
/// that grows past `max` while it is read is refused too: at most `max + 1` bytes are
/// ever read.
fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    check_metadata(&fs::metadata(path).map_err(|e| io_message(&e))?, max)?;
    let file = open_nonblocking(path).map_err(|e| io_message(&e))?;
    let metadata = file.metadata().map_err(|e| io_message(&e))?;
    check_metadata(&metadata, max)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

fn check_metadata(metadata: &Metadata, max: u64) -> Result<(), String> {
    if metadata.is_dir() {
        Err("is a directory, not a file".to_owned())
    } else if !metadata.is_file() {
        Err("is not a regular file (a FIFO, socket or device); not read".to_owned())
    } else if metadata.len() > max {
        Err(too_large(metadata.len(), max))
    } else {
        Ok(())
    }
}

fn too_large(len: u64, max: u64) -> String {
    format!(
        "is not checked: it is {}, over the limit of {} (raise `max-file-size` under `[limits]` in evn.toml)",
        format_size(len),
        format_size(max)
    )
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// Keeps the first of the paths that lead to the same file.
fn dedupe(paths: Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> Vec<PathBuf> {
    paths.into_iter().filter(|path| seen.insert(identity(path))).collect()
}

/// What makes two paths the same file: the resolved path, when it can be resolved.
fn identity(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn is_evn(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "evn")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.') && name != "." && name != "..")
}

/// A relative path with forward slashes, as globs are matched against it.
fn slash_path(relative: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    parts.map(|parts| parts.join("/"))
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    normalize(&cwd.join(path))
}

/// Removes `.` and resolves `..` lexically (symbolic links are not resolved).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the root is the root; a relative path keeps a leading `..`.
                if !out.pop() && !out.has_root() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A temporary folder with files written from `(path, contents)` pairs; a path
    /// ending in `/` makes a folder.
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let full = dir.path().join(path);
            if path.ends_with('/') {
                fs::create_dir_all(&full).unwrap();
            } else {
                fs::create_dir_all(full.parent().unwrap()).unwrap();
                fs::write(&full, contents).unwrap();
            }
        }
        dir
    }

    /// The canonical path of a temporary folder (macOS puts them behind a link).
    fn base(dir: &tempfile::TempDir) -> PathBuf {
        fs::canonicalize(dir.path()).unwrap()
    }

    fn displays(workspace: &Workspace) -> Vec<&str> {
        workspace.documents.iter().map(|d| d.display.as_str()).collect()
    }

    fn errors(workspace: &Workspace) -> Vec<String> {
        workspace.errors.iter().map(ToString::to_string).collect()
    }

    fn config_error(cwd: &Path, paths: &[&str]) -> String {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        match load(cwd, &paths) {
            Ok(workspace) => {
                panic!("expected a configuration error, got {:?}", displays(&workspace))
            }
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn workspace_is_found_upward_and_holds_every_file() {
        let dir = tree(&[
            ("evn.toml", ""),
            ("a.evn", "ref 1 \"a\"\n"),
            ("sub/b.evn", "ref 2 \"b\"\n"),
            ("sub/deeper/c.evn", ""),
            ("sub/notes.txt", "not EVN"),
            (".git/x.evn", ""),
            ("sub/.hidden.evn", ""),
            ("nested/evn.toml", ""),
            ("nested/n.evn", ""),
        ]);
        let root = base(&dir);
        let workspace = load(&root.join("sub/deeper"), &[]).unwrap();
        assert_eq!(workspace.root.as_deref(), Some(root.as_path()));
        assert_eq!(displays(&workspace), vec!["../../a.evn", "../b.evn", "c.evn"]);
        assert_eq!(workspace.documents[0].path, root.join("a.evn"));
        assert_eq!(workspace.documents[0].text, "ref 1 \"a\"\n");
        assert_eq!(workspace.documents[0].kind, SourceKind::Evn);
        assert!(workspace.report.is_empty() && workspace.errors.is_empty());
        assert!(workspace.is_reported(&root.join("a.evn")));
        assert!(workspace.is_member(&root.join("sub/new.evn")));
        assert!(!workspace.is_member(&root.join("nested/n.evn")));
        assert!(!workspace.is_member(&root.join(".git/x.evn")));
        assert!(!workspace.is_member(&root.join("sub/notes.txt")));
    }

    #[test]
    fn include_and_exclude() {
        let dir = tree(&[
            ("evn.toml", "include = [\"review/**/*.evn\", \"top.evn\"]\nexclude = [\"review/drafts/**\", \"**/old-*.evn\", \"review/skip\"]\n"),
            ("top.evn", ""),
            ("other.evn", ""),
            ("review/a.evn", ""),
            ("review/old-a.evn", ""),
            ("review/notes.md", ""),
            ("review/drafts/d.evn", ""),
            ("review/skip/s.evn", ""),
            ("review/part/b.evn", ""),
        ]);
        let root = base(&dir);
        let workspace = load(&root, &[]).unwrap();
        assert_eq!(displays(&workspace), vec!["review/a.evn", "review/part/b.evn", "top.evn"]);
        assert!(!workspace.is_member(&root.join("review/skip/new.evn")));
        assert!(workspace.is_member(&root.join("review/new.evn")));
    }

    #[test]
    fn paths_restrict_the_report_not_the_set() {
        let dir = tree(&[("evn.toml", ""), ("a.evn", ""), ("sub/b.evn", ""), ("sub/c.evn", "")]);
        let root = base(&dir);
        let workspace = load(&root, &[PathBuf::from("sub"), PathBuf::from("./a.evn")]).unwrap();
        assert_eq!(displays(&workspace), vec!["a.evn", "sub/b.evn", "sub/c.evn"]);
        assert_eq!(workspace.report, vec![root.join("sub"), root.join("a.evn")]);
        assert!(workspace.is_reported(&root.join("sub/c.evn")));
        assert!(workspace.is_reported(&root.join("a.evn")));
        let workspace = load(&root, &[PathBuf::from("sub/b.evn")]).unwrap();
        assert!(!workspace.is_reported(&root.join("sub/c.evn")));
        assert!(!workspace.is_reported(&root.join("a.evn")));
    }

    #[test]
    fn named_files_outside_the_set_join_it_and_outside_paths_are_errors() {
        let dir = tree(&[
            ("ws/evn.toml", "exclude = [\"drafts/**\"]\n"),
            ("ws/a.evn", ""),
            ("ws/drafts/d.evn", ""),
            ("ws/plain.txt", "ref 1 \"x\"\n"),
            ("elsewhere/e.evn", ""),
        ]);
        let root = base(&dir).join("ws");
        let paths = [
            PathBuf::from("drafts/d.evn"),
            PathBuf::from("plain.txt"),
            PathBuf::from("../elsewhere/e.evn"),
            PathBuf::from("gone.evn"),
        ];
        let workspace = load(&root, &paths).unwrap();
        assert_eq!(displays(&workspace), vec!["a.evn", "drafts/d.evn", "plain.txt"]);
        assert_eq!(
            errors(&workspace),
            vec![
                "../elsewhere/e.evn: is outside the workspace folder `.` (the folder of `evn.toml`)".to_owned(),
                "gone.evn: no such file or directory".to_owned(),
            ]
        );
        // The outside path stays in the report, so that the rest is not reported.
        assert!(!workspace.is_reported(&root.join("a.evn")));
    }

    #[test]
    fn without_a_workspace_the_set_is_what_was_named() {
        let dir = tree(&[
            ("one.evn", "a"),
            ("two.evn", "b"),
            ("dir/x.evn", "c"),
            ("dir/y.txt", "d"),
            ("dir/.hidden/z.evn", ""),
            ("dir/sub/w.evn", "e"),
            ("other.txt", "f"),
            ("refs.bib", "@misc{k, title={t}}"),
        ]);
        let root = base(&dir);
        if find_root(&root).is_some() {
            return; // an evn.toml above the temporary folder: not this test's situation
        }
        let names = ["one.evn", "dir", "./one.evn", "dir/../one.evn", "other.txt", "refs.bib"]
            .map(PathBuf::from);
        let workspace = load(&root, &names).unwrap();
        assert_eq!(workspace.root, None);
        assert_eq!(workspace.config, Config::default());
        assert_eq!(
            displays(&workspace),
            vec!["dir/sub/w.evn", "dir/x.evn", "one.evn", "other.txt", "refs.bib"]
        );
        assert_eq!(workspace.documents[4].kind, SourceKind::Bib);
        assert!(workspace.report.is_empty());
        let workspace = load(&root.join("dir"), &[]).unwrap();
        assert_eq!(displays(&workspace), vec!["sub/w.evn", "x.evn"]);
        let workspace = load(&root, &[PathBuf::from("two.evn")]).unwrap();
        assert_eq!(displays(&workspace), vec!["two.evn"]);
    }

    #[test]
    fn bibliography_is_read_after_the_evn_files_in_its_order() {
        let dir = tree(&[
            ("evn.toml", "bibliography = [\"refs/z.bib\", \"a.bib\", \"./a.bib\"]\n"),
            ("x.evn", ""),
            ("refs/z.bib", "@misc{z, title={Z}}"),
            ("a.bib", "@misc{a, title={A}}"),
        ]);
        let root = base(&dir);
        let workspace = load(&root, &[PathBuf::from("a.bib")]).unwrap();
        assert_eq!(displays(&workspace), vec!["x.evn", "refs/z.bib", "a.bib"]);
        assert_eq!(workspace.documents[1].kind, SourceKind::Bib);
        assert!(workspace.is_reported(&root.join("a.bib")));
        assert!(!workspace.is_reported(&root.join("refs/z.bib")));
    }

    #[test]
    fn bibliography_may_not_leave_the_workspace() {
        let dir = tree(&[
            ("ws/evn.toml", "bibliography = [\"../x.bib\"]\n"),
            ("x.bib", ""),
            ("ws/a.evn", ""),
        ]);
        let root = base(&dir).join("ws");
        assert_eq!(
            config_error(&root, &[]),
            "evn.toml:1:17: `bibliography` path `../x.bib` leaves the workspace folder"
        );
    }

    #[cfg(unix)]
    #[test]
    fn bibliography_may_not_leave_the_workspace_through_a_link() {
        let dir = tree(&[
            ("ws/evn.toml", "bibliography = [\"refs.bib\"]\n"),
            ("secret.bib", ""),
            ("outside/", ""),
            ("ws/sub/", ""),
        ]);
        let top = base(&dir);
        let root = top.join("ws");
        std::os::unix::fs::symlink(top.join("secret.bib"), root.join("refs.bib")).unwrap();
        let message = config_error(&root.join("sub"), &[]);
        assert!(
            message.starts_with("../evn.toml: `bibliography` path `refs.bib` leaves the workspace folder through a symbolic link"),
            "{message}"
        );
        // Through a linked folder too.
        fs::write(root.join("evn.toml"), "bibliography = [\"out/refs.bib\"]\n").unwrap();
        fs::write(top.join("outside/refs.bib"), "").unwrap();
        std::os::unix::fs::symlink(top.join("outside"), root.join("out")).unwrap();
        assert!(config_error(&root, &[])
            .contains("`bibliography` path `out/refs.bib` leaves the workspace folder"));
        // A link that stays inside is fine.
        fs::write(root.join("real.bib"), "@misc{k, title={t}}").unwrap();
        std::os::unix::fs::symlink(root.join("real.bib"), root.join("inside.bib")).unwrap();
        fs::write(root.join("evn.toml"), "bibliography = [\"inside.bib\"]\n").unwrap();
        let workspace = load(&root, &[]).unwrap();
        assert_eq!(displays(&workspace), vec!["inside.bib"]);
        assert_eq!(workspace.documents[0].text, "@misc{k, title={t}}");
    }

    #[cfg(unix)]
    #[test]
    fn discovered_links_that_leave_the_workspace_are_not_read() {
        let dir = tree(&[
            ("ws/evn.toml", ""),
            ("ws/a.evn", ""),
            ("secret.evn", "x"),
            ("outdir/o.evn", ""),
        ]);
        let top = base(&dir);
        let root = top.join("ws");
        std::os::unix::fs::symlink(top.join("secret.evn"), root.join("link.evn")).unwrap();
        std::os::unix::fs::symlink(top.join("outdir"), root.join("linkdir")).unwrap();
        std::os::unix::fs::symlink(root.join("a.evn"), root.join("same.evn")).unwrap();
        let workspace = load(&root, &[]).unwrap();
        // `same.evn` is `a.evn` again; the linked folder is not followed.
        assert_eq!(displays(&workspace), vec!["a.evn"]);
        assert_eq!(workspace.errors.len(), 1);
        assert!(errors(&workspace)[0]
            .starts_with("link.evn: is a symbolic link that leaves the workspace folder"));
        // Named on the command line, through the linked folder or the link: not read.
        let workspace =
            load(&root, &[PathBuf::from("linkdir/o.evn"), PathBuf::from("linkdir")]).unwrap();
        assert_eq!(displays(&workspace), vec!["a.evn"]);
        let found = errors(&workspace);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[1].starts_with(
                "linkdir/o.evn: leads outside the workspace folder through a symbolic link"
            ),
            "{found:?}"
        );
        assert!(
            found[2]
                .starts_with("linkdir: leads outside the workspace folder through a symbolic link"),
            "{found:?}"
        );
    }

    #[test]
    fn configuration_errors_name_the_file_and_the_problem() {
        let dir = tree(&[("evn.toml", "inlcude = [\"*.evn\"]\n"), ("sub/a.evn", "")]);
        let root = base(&dir);
        let message = config_error(&root.join("sub"), &[]);
        assert!(
            message.starts_with("../evn.toml:1:1: unknown key `inlcude`; did you mean `include`?"),
            "{message}"
        );
        fs::write(root.join("evn.toml"), "[rules]\nno-such-rule = \"off\"\n").unwrap();
        assert!(config_error(&root, &[]).starts_with("evn.toml:2:1: unknown rule `no-such-rule`"));
        fs::write(root.join("evn.toml"), "[rules]\nsyntax = \"loud\"\n").unwrap();
        assert!(config_error(&root, &[]).contains("unknown severity `loud`"));
        fs::write(root.join("evn.toml"), b"prelude = true # \xFF\n").unwrap();
        assert_eq!(config_error(&root, &[]), "evn.toml:1:18: is not valid UTF-8");
        fs::write(root.join("evn.toml"), "exclude = [\"../x\"]").unwrap();
        assert!(config_error(&root, &[]).contains("leaves the workspace folder"));
        // A folder named evn.toml does not make a workspace.
        fs::remove_file(root.join("evn.toml")).unwrap();
        fs::create_dir(root.join("evn.toml")).unwrap();
        assert_eq!(find_root(&root.join("sub")), find_root(&root));
        if find_root(&root).is_none() {
            assert_eq!(displays(&load(&root, &[]).unwrap()), vec!["sub/a.evn"]);
        }
    }

    #[test]
    fn unreadable_paths_are_load_errors_and_the_rest_is_loaded() {
        let dir = tree(&[
            ("evn.toml", "bibliography = [\"missing.bib\", \"folder.bib\"]\n"),
            ("a.evn", "ok"),
            ("folder.bib/", ""),
            ("dir.evn/inner.evn", ""),
        ]);
        let root = base(&dir);
        let workspace = load(&root, &[PathBuf::from("nope.evn"), PathBuf::from("a.evn")]).unwrap();
        assert_eq!(displays(&workspace), vec!["a.evn", "dir.evn/inner.evn"]);
        assert_eq!(
            errors(&workspace),
            vec![
                "missing.bib: no such file or directory".to_owned(),
                "nope.evn: no such file or directory".to_owned(),
                "folder.bib: is a directory, not a file".to_owned(),
            ]
        );
        let error =
            read_document(&root, &root.join("dir.evn"), SourceKind::Evn, &Limits::default())
                .unwrap_err();
        assert_eq!(error.to_string(), "dir.evn: is a directory, not a file");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_unreadable_files_never_hang() {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::PermissionsExt;
        let dir = tree(&[("evn.toml", ""), ("a.evn", "ok"), ("locked.evn", "secret")]);
        let root = base(&dir);
        let fifo = CString::new(root.join("pipe.evn").as_os_str().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        fs::set_permissions(root.join("locked.evn"), fs::Permissions::from_mode(0o000)).unwrap();
        let workspace = load(&root, &[PathBuf::from("pipe.evn")]).unwrap();
        let root_can_read_anything = unsafe { libc::geteuid() } == 0;
        let mut expected =
            vec!["pipe.evn: is not a regular file (a FIFO, socket or device); not read".to_owned()];
        if !root_can_read_anything {
            expected.insert(0, "locked.evn: permission denied".to_owned());
        }
        assert_eq!(errors(&workspace), expected);
        assert!(displays(&workspace).contains(&"a.evn"));
    }

    #[test]
    fn files_over_the_limit_are_refused_unread() {
        let dir = tree(&[("evn.toml", ""), ("a.evn", "ok")]);
        let root = base(&dir);
        // A sparse file: no disk space is used.
        File::create(root.join("huge.evn"))
            .unwrap()
            .set_len(Limits::DEFAULT_MAX_FILE_SIZE + 1)
            .unwrap();
        let workspace = load(&root, &[]).unwrap();
        assert_eq!(displays(&workspace), vec!["a.evn"]);
        assert_eq!(
            errors(&workspace),
            vec!["huge.evn: is not checked: it is 256.1 MiB, over the limit of 256 MiB (raise `max-file-size` under `[limits]` in evn.toml)".to_owned()]
        );
        // The limit is configurable, and applies to the bibliography too.
        fs::remove_file(root.join("huge.evn")).unwrap();
        fs::write(
            root.join("evn.toml"),
            "bibliography = [\"refs.bib\"]\n[limits]\nmax-file-size = \"1 KiB\"\n",
        )
        .unwrap();
        fs::write(root.join("refs.bib"), "@misc{k, title={".to_owned() + &"x".repeat(1100) + "}}")
            .unwrap();
        fs::write(root.join("b.evn"), "x".repeat(1024)).unwrap();
        let workspace = load(&root, &[]).unwrap();
        assert_eq!(displays(&workspace), vec!["a.evn", "b.evn"]);
        assert_eq!(
            errors(&workspace),
            vec!["refs.bib: is not checked: it is 1.1 KiB, over the limit of 1 KiB (raise `max-file-size` under `[limits]` in evn.toml)".to_owned()]
        );
    }

    #[test]
    fn documents_are_decoded() {
        let dir = tree(&[("evn.toml", "")]);
        let root = base(&dir);
        fs::write(root.join("a.evn"), b"\xEF\xBB\xBFref 1 \"a\xFF\"\r\nref 2 \"b\"\r\n").unwrap();
        let workspace = load(&root, &[]).unwrap();
        let document = &workspace.documents[0];
        assert_eq!(document.text, "ref 1 \"a\u{FFFD}\"\r\nref 2 \"b\"\r\n");
        assert_eq!(
            document.invalid_utf8,
            vec![crate::check::InvalidUtf8 { offset: 8, file_offset: 11 }]
        );
    }

    #[test]
    fn display_paths_are_relative_with_forward_slashes() {
        let cwd = Path::new("/w/sub");
        assert_eq!(relative_display(cwd, Path::new("/w/sub/a.evn")), "a.evn");
        assert_eq!(relative_display(cwd, Path::new("/w/b/c.evn")), "../b/c.evn");
        assert_eq!(relative_display(cwd, Path::new("/w/sub")), ".");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
    }
}
