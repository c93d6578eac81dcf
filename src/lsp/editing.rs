//! The requests that propose edits: `textDocument/completion` (and
//! `completionItem/resolve`), `prepareRename` and `rename`, `codeAction` (quick fixes,
//! fix all), `formatting` and `rangeFormatting`. Each is a function of the view its
//! receipt gives ([`At`], a [`Snapshot`], a [`ReceivedText`]) and its parameters;
//! [`super::server`] takes the view.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::convert::{self, Encoding, TextRef};
use super::documents;
use super::receipt::{At, Pinned, ReceivedText};
use super::state::{SetSnapshot, Snapshot};
use crate::diagnostic::FileId;
use crate::ide;
use crate::syntax::lines;
use crate::text::{LineIndex, Span};

/// `textDocument/completion` at the cursor, on the file at its receipt.
pub(super) fn completion(at: &At<'_>) -> Option<CompletionResponse> {
    let found = at.set.with_world(|w| ide::completion::completions(w, at.file, at.offset));
    let range = at.range(found.replace);
    Some(completion_response(found, range))
}

/// `textDocument/completion` in the statement at the cursor as the receipt has it, with
/// the vocabulary and references of an older snapshot that has the same
/// ([`quick_statement`]).
pub(super) fn completion_in_statement(quick: QuickStatement) -> Option<CompletionResponse> {
    let QuickStatement { set, text, offset, first_line, encoding } = quick;
    let found = set.with_world(|w| ide::completion::completions_in(w, &text, offset));
    let lines = LineIndex::new(&text);
    let mut range = TextRef { text: &text, lines: &lines, encoding }.range(found.replace);
    range.start.line += first_line;
    range.end.line += first_line;
    Some(completion_response(found, range))
}

/// The vocabulary entry a completion item can be resolved with (its documentation);
/// `None`: the item is answered as it is.
pub(super) fn resolve_data(item: &CompletionItem) -> Option<String> {
    item.data.as_ref().and_then(Value::as_str).map(str::to_string)
}

/// `completionItem/resolve`: the item with the documentation of the entry `data`
/// names, from a snapshot with the declarations of the receipt (documentation comes
/// from the vocabulary).
pub(super) fn completion_resolve(
    snapshot: &Snapshot,
    data: &str,
    mut item: CompletionItem,
) -> CompletionItem {
    let documentation = snapshot
        .sets
        .iter()
        .find_map(|set| set.with_world(|w| ide::completion::documentation(w, data)));
    item.documentation = documentation.map(|value| {
        Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
    });
    item
}

/// `textDocument/prepareRename`: the range of the name at the cursor, or why it cannot
/// be renamed.
pub(super) fn prepare_rename(at: &At<'_>) -> Option<Result<PrepareRenameResponse>> {
    let answer = at.set.with_world(|w| ide::rename::prepare_rename(w, at.file, at.offset));
    Some(match answer {
        Ok(span) => Ok(PrepareRenameResponse::Range(at.range(span))),
        Err(why) => Err(Error::invalid_params(why)),
    })
}

/// `textDocument/rename`: the edits that rename the name at the cursor, or why it
/// cannot be renamed.
pub(super) fn rename(at: &At<'_>, params: &RenameParams) -> Option<Result<WorkspaceEdit>> {
    let edits = at.set.with_world(|w| ide::rename::rename(w, at.file, at.offset, &params.new_name));
    Some(match edits {
        Ok(edits) => {
            Ok(workspace_edit(at, edits.into_iter().map(|e| (e.place.file, e.place.span, e.text))))
        }
        Err(why) => Err(Error::invalid_params(why)),
    })
}

/// `textDocument/codeAction`: the quick fixes in the range and the file's fix-all, as
/// the client's `only` asks.
pub(super) fn code_actions(at: &At<'_>, params: &CodeActionParams) -> Option<CodeActionResponse> {
    let only = params.context.only.as_ref();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let (quick, fix_all) =
        (wants(&CodeActionKind::QUICKFIX), wants(&CodeActionKind::SOURCE_FIX_ALL));
    let span = at.text().span(params.range);
    let mut actions = at.set.with_world(|w| {
        let mut actions =
            if quick { ide::code_actions::code_actions(w, at.file, span) } else { Vec::new() };
        if fix_all {
            actions.extend(ide::code_actions::fix_all(w, at.file));
        }
        actions
    });
    let here = at.text();
    let locate =
        |file: FileId| Some((at.set.uri(file)?.clone(), at.set.text_ref(file, at.encoding)?));
    let out = actions
        .drain(..)
        .filter_map(|action| {
            let diagnostics = action
                .diagnostics
                .iter()
                .filter_map(|&i| at.set.analysis.diagnostics.get(i))
                .map(|d| convert::diagnostic(d, here, &locate))
                .collect();
            let kind = match action.kind {
                ide::code_actions::ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                ide::code_actions::ActionKind::FixAll => CodeActionKind::SOURCE_FIX_ALL,
            };
            let edit = match &action.vocabulary {
                Some(text) => vocabulary_edit(at, text)?,
                None => {
                    workspace_edit(at, action.edits.into_iter().map(|e| (e.file, e.span, e.text)))
                }
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics: Some(diagnostics),
                edit: Some(edit),
                is_preferred: Some(action.preferred),
                ..CodeAction::default()
            }))
        })
        .collect();
    Some(out)
}

/// `textDocument/formatting` and `rangeFormatting`: the edits that format a document
/// (`range`: only the lines it touches), from its text at the receipt (formatting needs
/// no analysis). A text with syntax errors is left as it is: `Err` says why, for the
/// client to be told.
pub(super) fn format(
    document: &ReceivedText,
    range: Option<Range>,
) -> std::result::Result<Option<Vec<TextEdit>>, String> {
    if document.kind != crate::check::SourceKind::Evn {
        return Ok(None);
    }
    let text = document.text_ref();
    match crate::format::format(text.text) {
        Ok(formatted) => Ok(Some(format_edits(text, &formatted, range))),
        Err(why) => Err(format!("evn: not formatted: {why}")),
    }
}

/// The statement at the cursor as the receipt has it, when the edits since a snapshot
/// built already provably left every declaration alone ([`Pinned::has_older_declarations_of`]):
/// completion is then answered without waiting for the analysis of the receipt's text,
/// with the statement read from the receipt's rope and the vocabulary and references
/// from `snapshot` (which they are the same in). `None` when the document has no rope.
pub(super) fn quick_statement(
    pinned: &Pinned,
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
) -> Option<QuickStatement> {
    let (set, _) = snapshot.find(uri)?;
    let encoding = pinned.plan.encoding;
    // A document not edited since it was opened has no rope: not worth one here.
    let rope = pinned.plan.document(uri)?.text.rope()?;
    let cursor = convert::rope_char(rope, position, encoding);
    // Physical lines: a lone `\r` ends a rope line, not a statement's line.
    let line = documents::physical_end(rope, rope.char_to_line(cursor));
    // The statement's first line: up over its continuation lines.
    let mut first = documents::physical_start(rope, rope.char_to_line(cursor));
    while first > 0
        && line - first < 1000
        && rope.line(first).chars().next().is_some_and(lines::is_indent_char)
    {
        first = documents::physical_start(rope, first - 1);
    }
    let start = rope.line_to_char(first);
    let end =
        if line + 1 < rope.len_lines() { rope.line_to_char(line + 1) } else { rope.len_chars() };
    let text = rope.slice(start..end).to_string();
    let offset = rope.slice(start..cursor).len_bytes() as u32;
    Some(QuickStatement { set: set.clone(), text, offset, first_line: first as u32, encoding })
}

/// The statement at the cursor as the receipt has it, for completion from an older
/// snapshot with the same declarations ([`quick_statement`]).
pub(super) struct QuickStatement {
    /// The document set, from that snapshot: its vocabulary and references.
    set: Arc<SetSnapshot>,
    /// The statement's lines, from its first to the cursor's.
    text: String,
    /// The cursor, in bytes from the start of `text`.
    offset: u32,
    /// The document line `text` starts at.
    first_line: u32,
    encoding: Encoding,
}

/// A completion answer in the protocol's terms.
fn completion_response(found: ide::completion::Completions, range: Range) -> CompletionResponse {
    let items = found
        .items
        .into_iter()
        .map(|item| CompletionItem {
            label: item.label,
            kind: Some(completion_kind(item.kind)),
            detail: item.detail,
            sort_text: Some(item.sort),
            filter_text: item.filter,
            preselect: item.preselect.then_some(true),
            insert_text_format: Some(if item.snippet {
                InsertTextFormat::SNIPPET
            } else {
                InsertTextFormat::PLAIN_TEXT
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: item.insert })),
            data: item.data.map(Value::String),
            ..CompletionItem::default()
        })
        .collect();
    CompletionResponse::List(CompletionList { is_incomplete: found.incomplete, items })
}

/// The edits that turn `text` into `formatted`, line by line, only on the lines of
/// `range` when given. The formatter changes whitespace within lines and drops blank
/// lines (spec §8: at most one in a row, none at the start), so each line of the
/// formatted text is the next line of the old one with the same non-blank characters,
/// and an old blank line without one was dropped: a dropped line inside the range is
/// deleted, one outside it kept. Edits never leave the range's lines.
fn format_edits(text: TextRef<'_>, formatted: &str, range: Option<Range>) -> Vec<TextEdit> {
    let old: Vec<&str> = text.text.split_inclusive('\n').collect();
    let new: Vec<&str> = formatted.split_inclusive('\n').collect();
    let lines = range.map(|r| {
        let last = if r.end.line > r.start.line && r.end.character == 0 {
            r.end.line - 1
        } else {
            r.end.line
        };
        r.start.line..=last
    });
    let in_range = |index: usize| lines.as_ref().is_none_or(|l| l.contains(&(index as u32)));
    let squeezed = |line: &str| line.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut edits = Vec::new();
    let mut start = 0u32;
    let mut next = 0;
    for (index, a) in old.iter().enumerate() {
        let span = Span::new(start, start + a.len() as u32);
        start = span.end;
        let b = match new.get(next) {
            Some(b) if squeezed(a) == squeezed(b) => {
                next += 1;
                *b
            }
            _ if a.trim().is_empty() => {
                // Dropped by the formatter.
                if in_range(index) {
                    edits.push(TextEdit { range: text.range(span), new_text: String::new() });
                }
                continue;
            }
            _ => {
                // Not a change the formatter makes: never guess, replace the whole
                // document or, for a range, nothing.
                if range.is_some() {
                    return Vec::new();
                }
                let all = Span::new(0, text.text.len() as u32);
                return vec![TextEdit { range: text.range(all), new_text: formatted.to_string() }];
            }
        };
        if *a == b || !in_range(index) {
            continue;
        }
        // Replace the line's text, keeping its line break when both end alike.
        let body = |s: &'_ str| s.trim_end_matches('\n').trim_end_matches('\r').len() as u32;
        let (old_body, new_body) = (body(a), body(b));
        let same_break = a.len() as u32 - old_body == b.len() as u32 - new_body
            && a.ends_with('\n') == b.ends_with('\n');
        let (span, new_text) = if same_break {
            (Span::new(span.start, span.start + old_body), b[..new_body as usize].to_string())
        } else {
            (span, b.to_string())
        };
        edits.push(TextEdit { range: text.range(span), new_text });
    }
    if next < new.len() && range.is_none() {
        let all = Span::new(0, text.text.len() as u32);
        return vec![TextEdit { range: text.range(all), new_text: formatted.to_string() }];
    }
    edits
}

fn completion_kind(kind: ide::completion::ItemKind) -> CompletionItemKind {
    use crate::syntax::ast::Kind;
    use ide::completion::ItemKind as K;
    match kind {
        K::Keyword => CompletionItemKind::KEYWORD,
        K::Snippet => CompletionItemKind::SNIPPET,
        K::Relation => CompletionItemKind::OPERATOR,
        K::Reference => CompletionItemKind::REFERENCE,
        K::Gene => CompletionItemKind::CLASS,
        K::Entry(Kind::Target) => CompletionItemKind::CLASS,
        K::Entry(Kind::Process) => CompletionItemKind::EVENT,
        K::Entry(Kind::Drug) => CompletionItemKind::VARIABLE,
        K::Entry(Kind::Carrier) => CompletionItemKind::STRUCT,
        K::Entry(Kind::Formulation) => CompletionItemKind::CONSTRUCTOR,
        K::Entry(Kind::Ligand) => CompletionItemKind::PROPERTY,
        K::Entry(Kind::Context) => CompletionItemKind::MODULE,
        K::Entry(Kind::Mechanism) => CompletionItemKind::INTERFACE,
        K::Entry(Kind::Stimulus) => CompletionItemKind::ENUM_MEMBER,
        K::Word => CompletionItemKind::VALUE,
    }
}

/// The first lines of a vocabulary file that "define `NAME`" creates.
const VOCABULARY_HEADER: &str =
    "# The workspace's own names (`vocabulary` in evn.toml). Give each a description.\n\n";

/// The edit that appends `text` to the set's workspace vocabulary file (spec §11 F):
/// at the end of its text as the set holds it (open or on disk), after a blank line;
/// or, when the file does not exist, creating it. `None` when the set has no vocabulary
/// file (a document checked alone, or a `vocabulary` outside the document set).
fn vocabulary_edit(at: &At<'_>, text: &str) -> Option<WorkspaceEdit> {
    let path = at.set.vocabulary.as_deref()?;
    let uri = Uri::from_file_path(path)?;
    let held = (0..at.set.files.len() as FileId)
        .find(|&file| at.set.uri(file) == Some(&uri))
        .and_then(|file| at.set.text_ref(file, at.encoding));
    let on_disk;
    let existing = match held {
        Some(held) => Some(held),
        None => match std::fs::read_to_string(path) {
            Ok(text) => {
                on_disk = (LineIndex::new(&text), text);
                Some(TextRef { text: &on_disk.1, lines: &on_disk.0, encoding: at.encoding })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(_) => return None,
        },
    };
    let Some(existing) = existing else {
        let insert =
            TextEdit { range: Range::default(), new_text: format!("{VOCABULARY_HEADER}{text}") };
        return Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(insert)],
                }),
            ])),
            ..WorkspaceEdit::default()
        });
    };
    let separator = match existing.text {
        "" => "",
        t if t.ends_with("\n\n") => "",
        t if t.ends_with('\n') => "\n",
        _ => "\n\n",
    };
    let end = existing.position(existing.text.len() as u32);
    let edit =
        TextEdit { range: Range { start: end, end }, new_text: format!("{separator}{text}") };
    Some(WorkspaceEdit {
        changes: Some(std::iter::once((uri, vec![edit])).collect()),
        ..WorkspaceEdit::default()
    })
}

fn workspace_edit(
    at: &At<'_>,
    edits: impl IntoIterator<Item = (FileId, Span, String)>,
) -> WorkspaceEdit {
    let mut changes: std::collections::HashMap<Uri, Vec<TextEdit>> =
        std::collections::HashMap::new();
    for (file, span, new_text) in edits {
        let (Some(uri), Some(text)) = (at.set.uri(file), at.set.text_ref(file, at.encoding)) else {
            continue;
        };
        changes
            .entry(uri.clone())
            .or_default()
            .push(TextEdit { range: text.range(span), new_text });
    }
    WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }
}
