//! The requests that find things: `textDocument/hover`, `definition` (also into the
//! prelude, materialised as a read-only file), `references`, `documentSymbol`,
//! `foldingRange`, `workspace/symbol`, and `evn/documentText`. Each is a function of
//! the view its receipt gives ([`At`], a [`Snapshot`], a [`ReceivedText`]) and its
//! parameters; [`super::server`] takes the view.

use std::path::PathBuf;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::convert::TextRef;
use super::receipt::{At, ReceivedText};
use super::state::Snapshot;
use crate::ide::{self, Place};
use crate::text::LineIndex;

/// `textDocument/hover` at the cursor.
pub(super) fn hover(at: &At<'_>) -> Option<Hover> {
    let hover = at.set.with_world(|w| ide::hover::hover(w, at.file, at.offset))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(at.range(hover.span)),
    })
}

/// `textDocument/definition` of the name at the cursor (also into the prelude).
pub(super) fn definition(at: &At<'_>) -> Option<GotoDefinitionResponse> {
    let place = at.set.with_world(|w| ide::definition::definition(w, at.file, at.offset))?;
    place_location(at, place).map(GotoDefinitionResponse::Scalar)
}

/// `textDocument/references` of the name at the cursor.
pub(super) fn references(at: &At<'_>, params: &ReferenceParams) -> Option<Vec<Location>> {
    let declaration = params.context.include_declaration;
    let found =
        at.set.with_world(|w| ide::references::references(w, at.file, at.offset, declaration));
    Some(found.into_iter().filter_map(|p| at.location(p)).collect())
}

/// `textDocument/documentSymbol`: the file's symbols, nested.
pub(super) fn document_symbols(at: &At<'_>) -> Option<DocumentSymbolResponse> {
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
}

/// `workspace/symbol`: the symbols of every set of the snapshot that match the query.
pub(super) fn workspace_symbols(
    snapshot: &Snapshot,
    params: &WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
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
    Some(WorkspaceSymbolResponse::Nested(out))
}

/// `textDocument/foldingRange`: the file's regions and comment blocks.
pub(super) fn folding_ranges(at: &At<'_>) -> Option<Vec<FoldingRange>> {
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
}

/// `evn/documentText`: an open document's text and version as the server held them
/// when the request was received (for tests and for debugging a client's incremental
/// edits).
pub(super) fn document_text(document: Option<ReceivedText>) -> Result<Value> {
    let document = document.filter(|d| d.version.is_some());
    let document = document.ok_or_else(|| Error::invalid_params("the document is not open"))?;
    Ok(serde_json::json!({"version": document.version, "text": &*document.text}))
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

/// The prelude as a file, for go-to-definition: in the cache folder, named by version
/// and by a hash of its text (another build's copy, read-only, is another file), and
/// written through a temporary file renamed into place when missing or different.
fn prelude_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("evn");
    let source = crate::vocab::prelude::SOURCE;
    // FNV-1a: stable across builds and toolchains, unlike the standard library's hasher.
    let hash = source
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let path = dir.join(format!("prelude-{}-{hash:016x}.evn", env!("CARGO_PKG_VERSION")));
    if std::fs::read_to_string(&path).ok().as_deref() == Some(source) {
        return Some(path);
    }
    std::fs::create_dir_all(&dir).ok()?;
    let temporary = dir.join(format!(".prelude-{}.tmp", std::process::id()));
    std::fs::write(&temporary, source).ok()?;
    // Read-only: the prelude is shipped with the binary, edits would be lost.
    if let Ok(meta) = std::fs::metadata(&temporary) {
        let mut permissions = meta.permissions();
        permissions.set_readonly(true);
        let _ = std::fs::set_permissions(&temporary, permissions);
    }
    // A rename replaces a read-only file (the folder is what must be writable).
    if std::fs::rename(&temporary, &path).is_err() {
        let _ = std::fs::remove_file(&temporary);
        return None;
    }
    Some(path)
}

fn place_location(at: &At<'_>, place: Place) -> Option<Location> {
    match place {
        Place::File(place) => at.location(place),
        Place::Prelude(span) => {
            let uri = Uri::from_file_path(prelude_path()?)?;
            let lines = LineIndex::new(crate::vocab::prelude::SOURCE);
            let text = TextRef {
                text: crate::vocab::prelude::SOURCE,
                lines: &lines,
                encoding: at.encoding,
            };
            Some(Location { uri, range: text.range(span) })
        }
    }
}
