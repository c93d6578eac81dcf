//! The protocol's diagnostics of a snapshot, converted once: a file's list is converted
//! again only when its text, its diagnostics or the text of a file that its related
//! information points into changed. Each list carries a result id that changes only
//! when the list does (for pull diagnostics), and is serialised straight to the JSON of
//! a `publishDiagnostics` message for the output (see [`super::transport`]).
//!
//! A document publishes at most [`Converter::limit`] diagnostics (the `maxDiagnostics`
//! setting, [`DEFAULT_LIMIT`] unless set): the most severe first, in file order, and
//! then one more, at the start of the document, that says how many were left out. A
//! 50 MB document with two million findings is then a message of a few hundred
//! kilobytes, not of half a gigabyte, and only what is shown is converted.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::{self, Encoding};
use super::layout::ConfigIssue;
use super::state::{SetSnapshot, Snapshot};
use crate::diagnostic::{Diagnostic, FileId, Severity};

/// How many diagnostics one document publishes when the client does not say.
pub const DEFAULT_LIMIT: usize = 1000;

/// The setting that caps the diagnostics of a document.
pub const LIMIT_SETTING: &str = "maxDiagnostics";

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
        self.message
            .get_or_init(|| Arc::new(message(&self.uri, &self.diagnostics, self.version)))
            .clone()
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
    limit: usize,
    diagnostics: Arc<Vec<lsp::Diagnostic>>,
    result_id: String,
}

/// The converted diagnostics of the last snapshots, by URI.
pub struct Converter {
    cache: HashMap<Uri, Cached>,
    next_id: u64,
    last: Option<(u64, Arc<Vec<FileDiagnostics>>)>,
    /// How many diagnostics a document publishes at most (`0`: no cap).
    limit: usize,
}

impl Default for Converter {
    fn default() -> Converter {
        Converter { cache: HashMap::new(), next_id: 0, last: None, limit: DEFAULT_LIMIT }
    }
}

impl Converter {
    /// Sets the cap on each document's diagnostics (`0`: none); the next conversion
    /// applies it.
    pub fn set_limit(&mut self, limit: usize) {
        if limit != self.limit {
            self.limit = limit;
            self.last = None;
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Every file of every set of the snapshot, in order. Files that left every set are
    /// forgotten.
    pub fn convert(&mut self, snapshot: &Snapshot) -> Arc<Vec<FileDiagnostics>> {
        if let Some((generation, files)) = &self.last {
            if *generation == snapshot.generation {
                return files.clone();
            }
        }
        let limit = self.limit;
        let encoding = snapshot.encoding;
        let mut out = Vec::new();
        for set in &snapshot.sets {
            let all = &set.analysis.diagnostics; // sorted by file
            for (index, file) in set.files.iter().enumerate() {
                let id = index as FileId;
                let (lo, hi) = match set.error {
                    // A set whose `evn.toml` cannot be used reports only that.
                    Some(_) => (0, 0),
                    None => (
                        all.partition_point(|d| d.file < id),
                        all.partition_point(|d| d.file <= id),
                    ),
                };
                let core = all.get(lo..hi).unwrap_or(&[]);
                let shown = Shown::of(core, limit);
                let related: Vec<Arc<str>> = shown
                    .iter(core)
                    .flat_map(|d| d.related.iter())
                    .filter_map(|r| set.files.get(r.file as usize))
                    .map(|f| f.text.clone())
                    .collect();
                let hit = self.cache.get(&file.uri).filter(|c| {
                    c.encoding == encoding
                        && c.limit == limit
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
                        let locate = |file: FileId| {
                            Some((set.uri(file)?.clone(), set.text_ref(file, encoding)?))
                        };
                        let mut converted: Vec<lsp::Diagnostic> = here
                            .map(|here| {
                                shown
                                    .iter(core)
                                    .map(|d| convert::diagnostic(d, here, &locate))
                                    .collect()
                            })
                            .unwrap_or_default();
                        converted.extend(shown.summary(core, limit));
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
                                limit,
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
            if let Some(issue) = &set.error {
                out.push(config_diagnostics(issue, encoding));
            }
        }
        let present: std::collections::HashSet<&Uri> = out.iter().map(|f| &f.uri).collect();
        self.cache.retain(|uri, _| present.contains(uri));
        let out = Arc::new(out);
        self.last = Some((snapshot.generation, out.clone()));
        out
    }
}

/// The diagnostic of an `evn.toml` that cannot be used, on that file: at the place the
/// error names (the file's start when it names none).
fn config_diagnostics(issue: &ConfigIssue, encoding: Encoding) -> FileDiagnostics {
    let text = &*issue.text;
    let lines = crate::text::LineIndex::new(text);
    let offset = issue.error.position.map_or(0, |at| {
        let line = lines.line_span(text, at.line.saturating_sub(1) as usize);
        let skip = at.column.saturating_sub(1) as usize;
        let within =
            line.text(text).char_indices().nth(skip).map_or(line.text(text).len(), |c| c.0);
        line.start + within as u32
    });
    let here = convert::TextRef { text, lines: &lines, encoding };
    let start = here.position(offset);
    let diagnostic = lsp::Diagnostic {
        range: lsp::Range { start, end: start },
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some("evn".into()),
        message: format!(
            "{}; nothing in this workspace is checked until it is fixed",
            issue.error.message
        ),
        ..lsp::Diagnostic::default()
    };
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&(&diagnostic.message, start.line, start.character), &mut hasher);
    FileDiagnostics {
        uri: issue.uri.clone(),
        version: None,
        diagnostics: Arc::new(vec![diagnostic]),
        result_id: format!("evn-config-{:x}", std::hash::Hasher::finish(&hasher)),
        converted: true,
        message: Arc::default(),
    }
}

/// Which of a file's diagnostics are published under a cap.
enum Shown {
    All,
    /// The indexes kept, in file order.
    Some(Vec<usize>),
}

impl Shown {
    /// All of `core` when it fits in `limit` (`0`: no cap), else the `limit` most severe:
    /// every error first, then warnings, information and hints, each severity in file
    /// order; the kept ones stay in file order.
    fn of(core: &[Diagnostic], limit: usize) -> Shown {
        if limit == 0 || core.len() <= limit {
            return Shown::All;
        }
        let mut counts = [0usize; 4];
        for d in core {
            counts[d.severity as usize] += 1;
        }
        // The least severe level that is kept, and how many of it fit.
        let (mut room, mut least, mut of_least) = (limit, Severity::Error as usize, 0);
        for level in (0..4).rev() {
            least = level;
            of_least = counts[level].min(room);
            room -= of_least;
            if room == 0 {
                break;
            }
        }
        let mut taken = 0;
        let kept = core
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                let level = d.severity as usize;
                level > least
                    || (level == least && taken < of_least && {
                        taken += 1;
                        true
                    })
            })
            .map(|(i, _)| i)
            .collect();
        Shown::Some(kept)
    }

    fn iter<'a>(&'a self, core: &'a [Diagnostic]) -> Box<dyn Iterator<Item = &'a Diagnostic> + 'a> {
        match self {
            Shown::All => Box::new(core.iter()),
            Shown::Some(kept) => Box::new(kept.iter().filter_map(|&i| core.get(i))),
        }
    }

    /// The diagnostic that says how many were left out, at the start of the document,
    /// as severe as the most severe of them (so that a view of errors only shows it when
    /// errors were left out).
    fn summary(&self, core: &[Diagnostic], limit: usize) -> Option<lsp::Diagnostic> {
        let Shown::Some(kept) = self else { return None };
        let mut left = [0usize; 4];
        let mut kept = kept.iter().peekable();
        for (i, d) in core.iter().enumerate() {
            if kept.peek() == Some(&&i) {
                kept.next();
            } else {
                left[d.severity as usize] += 1;
            }
        }
        let total: usize = left.iter().sum();
        let worst = [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint]
            .into_iter()
            .find(|&s| left[s as usize] > 0)?;
        let parts: Vec<String> =
            [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint]
                .into_iter()
                .filter(|&s| left[s as usize] > 0)
                .map(|s| format!("{} {}", thousands(left[s as usize]), s.as_str()))
                .collect();
        let message = format!(
            "{} more diagnostics in this document are not shown ({}): a document shows at most {} (the `{LIMIT_SETTING}` setting; 0 shows all). `evn check` lists them all.",
            thousands(total),
            parts.join(", "),
            thousands(limit),
        );
        let start = lsp::Position { line: 0, character: 0 };
        Some(lsp::Diagnostic {
            range: lsp::Range { start, end: start },
            severity: Some(convert::severity(worst)),
            source: Some("evn".into()),
            message,
            ..lsp::Diagnostic::default()
        })
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The cap on each document's diagnostics in the client's settings (`maxDiagnostics`,
/// also under `evn`): `None` when they do not set it, an error when it is not a
/// non-negative integer.
pub fn limit_setting(settings: &serde_json::Value) -> Option<Result<usize, String>> {
    let value = settings.get("evn").unwrap_or(settings).get(LIMIT_SETTING)?;
    Some(value.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| {
        format!("`{LIMIT_SETTING}` must be a non-negative integer (0: no cap), not {value}")
    }))
}

/// Applies the cap of the client's settings (initialization options or
/// `workspace/didChangeConfiguration`) to `converter`; settings without it leave the cap
/// as it is. The problem to log when the value is not usable.
pub fn configure(
    converter: &std::sync::Mutex<Converter>,
    settings: &serde_json::Value,
) -> Option<String> {
    match limit_setting(settings)? {
        Ok(limit) => {
            converter.lock().unwrap_or_else(std::sync::PoisonError::into_inner).set_limit(limit);
            None
        }
        Err(problem) => Some(problem),
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
    let mut body =
        Vec::with_capacity(256 + uri.as_str().len() + diagnostics.len() * BYTES_PER_DIAGNOSTIC);
    // Serialising these types cannot fail (string keys only, no non-finite numbers).
    let _ = serde_json::to_writer(&mut body, &message);
    body
}
