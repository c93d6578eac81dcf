//! The protocol's diagnostics of a snapshot, converted once: a file's list is converted
//! again only when its text, its diagnostics or the text of a file that its related
//! information points into changed. Each list carries a result id that changes only
//! when the list does (for pull diagnostics), and is serialised straight to the JSON of
//! a `publishDiagnostics` message for the output (see [`super::transport`]).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::{self, Encoding};
use super::state::{SetSnapshot, Snapshot};
use crate::diagnostic::FileId;

/// One file's diagnostics in the protocol's terms.
#[derive(Clone)]
pub struct FileDiagnostics {
    pub uri: Uri,
    /// The version of an open document.
    pub version: Option<i32>,
    pub diagnostics: Arc<Vec<lsp::Diagnostic>>,
    pub result_id: String,
    /// Whether the list was converted for this snapshot (it changed, or its text did).
    pub converted: bool,
    /// The `publishDiagnostics` message, serialised on first use.
    message: Arc<OnceLock<Arc<Vec<u8>>>>,
}

impl FileDiagnostics {
    /// The JSON of this file's `publishDiagnostics` message.
    pub fn message(&self) -> Arc<Vec<u8>> {
        self.message.get_or_init(|| Arc::new(message(&self.uri, &self.diagnostics, self.version))).clone()
    }
}

struct Cached {
    text: Arc<str>,
    encoding: Encoding,
    /// The core diagnostics it was converted from: `set.analysis.diagnostics[core]`
    /// (the set is shared with the snapshot, not copied).
    set: Arc<SetSnapshot>,
    core: std::ops::Range<usize>,
    related: Vec<Arc<str>>,
    diagnostics: Arc<Vec<lsp::Diagnostic>>,
    result_id: String,
}

/// The converted diagnostics of the last snapshots, by URI.
#[derive(Default)]
pub struct Converter {
    cache: HashMap<Uri, Cached>,
    next_id: u64,
    last: Option<(u64, Arc<Vec<FileDiagnostics>>)>,
}

impl Converter {
    /// Every file of every set of the snapshot, in order. Files that left every set are
    /// forgotten.
    pub fn convert(&mut self, snapshot: &Snapshot) -> Arc<Vec<FileDiagnostics>> {
        if let Some((generation, files)) = &self.last {
            if *generation == snapshot.generation {
                return files.clone();
            }
        }
        let encoding = snapshot.encoding;
        let mut out = Vec::new();
        for set in &snapshot.sets {
            let all = &set.analysis.diagnostics; // sorted by file
            for (index, file) in set.files.iter().enumerate() {
                let id = index as FileId;
                let (lo, hi) = (all.partition_point(|d| d.file < id), all.partition_point(|d| d.file <= id));
                let core = all.get(lo..hi).unwrap_or(&[]);
                let related: Vec<Arc<str>> = core
                    .iter()
                    .flat_map(|d| d.related.iter())
                    .filter_map(|r| set.files.get(r.file as usize))
                    .map(|f| f.text.clone())
                    .collect();
                let hit = self.cache.get(&file.uri).filter(|c| {
                    c.encoding == encoding
                        && Arc::ptr_eq(&c.text, &file.text)
                        && c.related.len() == related.len()
                        && c.related.iter().zip(&related).all(|(a, b)| Arc::ptr_eq(a, b))
                        && c.set.analysis.diagnostics.get(c.core.clone()) == Some(core)
                });
                let converted = hit.is_none();
                let (diagnostics, result_id) = match hit {
                    Some(c) => (c.diagnostics.clone(), c.result_id.clone()),
                    None => {
                        let here = set.text_ref(id, encoding);
                        let locate = |file: FileId| Some((set.uri(file)?.clone(), set.text_ref(file, encoding)?));
                        let converted: Vec<lsp::Diagnostic> =
                            here.map(|here| core.iter().map(|d| convert::diagnostic(d, here, &locate)).collect()).unwrap_or_default();
                        let result_id = match self.cache.get(&file.uri) {
                            Some(c) if *c.diagnostics == converted => c.result_id.clone(),
                            _ => {
                                self.next_id += 1;
                                format!("evn-{}", self.next_id)
                            }
                        };
                        let diagnostics = Arc::new(converted);
                        self.cache.insert(
                            file.uri.clone(),
                            Cached {
                                text: file.text.clone(),
                                encoding,
                                set: set.clone(),
                                core: lo..hi,
                                related,
                                diagnostics: diagnostics.clone(),
                                result_id: result_id.clone(),
                            },
                        );
                        (diagnostics, result_id)
                    }
                };
                out.push(FileDiagnostics {
                    uri: file.uri.clone(),
                    version: file.version,
                    diagnostics,
                    result_id,
                    converted,
                    message: Arc::default(),
                });
            }
        }
        let present: std::collections::HashSet<&Uri> = out.iter().map(|f| &f.uri).collect();
        self.cache.retain(|uri, _| present.contains(uri));
        let out = Arc::new(out);
        self.last = Some((snapshot.generation, out.clone()));
        out
    }
}

#[derive(Serialize)]
struct Notification<'a> {
    jsonrpc: &'static str,
    method: &'static str,
    params: Params<'a>,
}

#[derive(Serialize)]
struct Params<'a> {
    uri: &'a Uri,
    diagnostics: &'a [lsp::Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// A `textDocument/publishDiagnostics` notification's JSON, serialised straight from the
/// diagnostics (without the intermediate JSON tree of a client call) into a buffer sized
/// for them at once.
pub fn message(uri: &Uri, diagnostics: &[lsp::Diagnostic], version: Option<i32>) -> Vec<u8> {
    /// A little more than the JSON of a typical diagnostic (range, severity, code, source
    /// and a 60-character message take about 190 bytes).
    const BYTES_PER_DIAGNOSTIC: usize = 256;
    let message = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params { uri, diagnostics, version },
    };
    let mut body = Vec::with_capacity(256 + uri.as_str().len() + diagnostics.len() * BYTES_PER_DIAGNOSTIC);
    // Serialising these types cannot fail (string keys only, no non-finite numbers).
    let _ = serde_json::to_writer(&mut body, &message);
    body
}
