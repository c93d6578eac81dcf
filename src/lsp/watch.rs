//! Watching the workspace's files from the server, for clients that do not offer
//! `workspace/didChangeWatchedFiles` (Neovim on Linux turns it off by default), as
//! rust-analyzer does: the folders of the sets held ([`super::layout`]) are watched
//! with the `notify` crate (inotify, FSEvents, ReadDirectoryChangesW), and a change of
//! a `.evn`, `.bib` or `evn.toml` file there is handled as the client's notification
//! would be. A client that offers the notification is asked to watch instead, and
//! the server watches nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::documents::Reach;
use super::server::Inner;
use crate::check::SourceKind;
use crate::workspace::CONFIG_FILE;

/// How long changes are gathered before they are applied: a `git checkout` writes
/// many files at once.
const GATHER: Duration = Duration::from_millis(100);

/// The server's own watcher and the folders it watches.
pub struct Watch {
    watcher: RecommendedWatcher,
    folders: BTreeSet<PathBuf>,
}

/// Whether a changed path can change what is checked.
fn relevant(path: &Path) -> bool {
    // Editor lock and backup files (`.#a.evn`), and anything under `.git`.
    let hidden = path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.'))
        || path.components().any(|c| c.as_os_str() == ".git");
    !hidden
        && (path.file_name().is_some_and(|n| n == CONFIG_FILE)
            || path.extension().is_some_and(|e| e == "evn")
            || SourceKind::of_path(path) == SourceKind::Bib)
}

impl Inner {
    /// Starts the server's own watcher (when the client does not watch files), and the
    /// task that applies what it sees.
    pub(super) fn start_watching(self: &Arc<Self>) {
        let (tx, mut rx) = mpsc::unbounded_channel::<PathBuf>();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if event.kind.is_access() {
                    return;
                }
                for path in event.paths.into_iter().filter(|p| relevant(p)) {
                    let _ = tx.send(path);
                }
            }
        });
        let watcher = match watcher {
            Ok(watcher) => watcher,
            Err(e) => {
                self.log(format!(
                    "evn: cannot watch the workspace's files ({e}); changes made outside the editor are seen when a file is opened or closed"
                ));
                return;
            }
        };
        *self.watch.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(Watch { watcher, folders: BTreeSet::new() });
        self.update_watch();
        let this = self.clone();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                tokio::time::sleep(GATHER).await;
                let mut paths = vec![first];
                while let Ok(path) = rx.try_recv() {
                    if !paths.contains(&path) {
                        paths.push(path);
                    }
                }
                this.relayout(&paths).await;
                this.changed(Reach::Declarations);
            }
        });
    }

    /// Watches the folders of the sets held now (and only those), when the server
    /// watches.
    pub(super) fn update_watch(&self) {
        let wanted: BTreeSet<PathBuf> = {
            let state = self.lock();
            state
                .folders
                .iter()
                .filter(|f| f.watched)
                .map(|f| f.key.folder().to_path_buf())
                .collect()
        };
        // A folder inside another watched one is watched through it.
        let wanted: BTreeSet<PathBuf> = wanted
            .iter()
            .filter(|f| !wanted.iter().any(|other| other != *f && f.starts_with(other)))
            .cloned()
            .collect();
        let mut problems = Vec::new();
        {
            let mut guard = self.watch.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(watch) = guard.as_mut() else { return };
            for gone in watch.folders.difference(&wanted) {
                let _ = watch.watcher.unwatch(gone);
            }
            let mut watching = BTreeSet::new();
            for folder in &wanted {
                if watch.folders.contains(folder) {
                    watching.insert(folder.clone());
                    continue;
                }
                match watch.watcher.watch(folder, RecursiveMode::Recursive) {
                    Ok(()) => {
                        watching.insert(folder.clone());
                    }
                    Err(e) => problems.push(format!("evn: cannot watch {}: {e}", folder.display())),
                }
            }
            watch.folders = watching;
        }
        for problem in problems {
            self.log(problem);
        }
    }
}
