//! The notifications that change the state, applied in the order received (see
//! [`super::dispatch`]): open documents (`didOpen`, `didChange`, `didSave`,
//! `didClose`), files on disk (`didChangeWatchedFiles`), workspace folders and
//! settings. With [`super::lifecycle`] (`initialize`), the only code that changes what
//! requests are answered on.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::documents::{Document, Reach};
use super::layout::{self, Root};
use super::lifecycle::client_rules;
use super::publish;
use super::receipt::guard;
use super::server::Inner;
use crate::check::SourceKind;

impl Inner {
    pub(super) async fn did_open(self: &Arc<Self>, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        {
            let mut state = self.lock();
            // A byte-order mark is not text, as on disk (`workspace::decode`): positions
            // count from after it, as in the editors that hide it.
            let text = doc.text.strip_prefix('\u{FEFF}').unwrap_or(&doc.text);
            state.open.insert(doc.uri, Document::new(text, doc.version));
        }
        // Its workspace, found from its own path (read now if no folder led to it).
        self.relayout(&[]).await;
        self.changed(Reach::Declarations);
    }

    pub(super) async fn did_change(self: &Arc<Self>, params: DidChangeTextDocumentParams) {
        // Applied before any await, so that changes apply in the order received.
        let result = {
            let mut state = self.lock();
            let encoding = state.encoding;
            let bib = layout::kind(&params.text_document.uri) == SourceKind::Bib;
            match state.open.get_mut(&params.text_document.uri) {
                None => Err(format!(
                    "evn: change to a document that is not open: {}",
                    params.text_document.uri.as_str()
                )),
                Some(doc) if params.text_document.version <= doc.version => Err(format!(
                    "evn: ignored a change with version {} to {} (already at version {})",
                    params.text_document.version,
                    params.text_document.uri.as_str(),
                    doc.version
                )),
                Some(doc) => guard(|| {
                    doc.apply(&params.content_changes, params.text_document.version, encoding)
                })
                .map(|reach| if bib { Reach::Declarations } else { reach })
                .map_err(|e| e.message.to_string()),
            }
        };
        match result {
            Ok(reach) => self.changed(reach),
            Err(message) => self.log(message),
        }
    }

    pub(super) async fn did_save(self: &Arc<Self>, _: DidSaveTextDocumentParams) {}

    pub(super) async fn did_close(self: &Arc<Self>, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = layout::file_path(&uri);
        self.lock().open.remove(&uri);
        // The file's text on disk may differ from what the editor had: read it again.
        self.relayout(&path.into_iter().collect::<Vec<_>>()).await;
        self.changed(Reach::Declarations);
    }

    pub(super) async fn did_change_watched_files(
        self: &Arc<Self>,
        params: DidChangeWatchedFilesParams,
    ) {
        let paths: Vec<PathBuf> =
            params.changes.iter().filter_map(|c| layout::file_path(&c.uri)).collect();
        self.relayout(&paths).await;
        self.changed(Reach::Declarations);
    }

    pub(super) async fn did_change_workspace_folders(
        self: &Arc<Self>,
        params: DidChangeWorkspaceFoldersParams,
    ) {
        let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
            folders.iter().filter_map(|f| layout::file_path(&f.uri)).collect()
        };
        let (added, removed) = (paths(&params.event.added), paths(&params.event.removed));
        {
            let mut state = self.lock();
            state.roots.retain(|r| !removed.contains(&r.path) && !added.contains(&r.path));
            state.roots.extend(added.into_iter().map(Root::new));
        }
        // A set is read again only if no longer held (sets kept are not read again).
        self.relayout(&[]).await;
        // The files of a removed folder leave every set: their diagnostics are cleared.
        self.changed(Reach::Declarations);
    }

    pub(super) async fn did_change_configuration(
        self: &Arc<Self>,
        params: DidChangeConfigurationParams,
    ) {
        let (rules, problems) = client_rules(&params.settings);
        if let Some(rules) = rules {
            self.lock().client_rules = rules;
        }
        for problem in
            problems.into_iter().chain(publish::configure(&self.converter, &params.settings))
        {
            self.log(problem);
        }
        self.changed(Reach::Declarations);
    }
}
