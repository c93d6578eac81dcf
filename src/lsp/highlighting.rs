//! The requests that colour and annotate: `textDocument/semanticTokens` (full and
//! range) and `inlayHint`, each a function of the file at its receipt ([`At`]) and its
//! parameters.

use tower_lsp_server::ls_types::*;

use super::receipt::At;
use crate::ide;
use crate::text::Span;

/// `textDocument/semanticTokens/full`: every token of the file.
pub(super) fn semantic_tokens_full(at: &At<'_>) -> Option<SemanticTokensResult> {
    let all = Span::new(0, at.text().text.len() as u32);
    let tokens = at.set.with_world(|w| ide::semantic_tokens::semantic_tokens(w, at.file, all));
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode_tokens(at, &tokens),
    }))
}

/// `textDocument/semanticTokens/range`: the tokens that overlap the range.
pub(super) fn semantic_tokens_range(
    at: &At<'_>,
    params: &SemanticTokensRangeParams,
) -> Option<SemanticTokensRangeResult> {
    let span = at.text().span(params.range);
    let tokens = at.set.with_world(|w| ide::semantic_tokens::semantic_tokens(w, at.file, span));
    // The tokens that overlap the range (half-open; an empty range keeps the
    // tokens that touch it).
    let overlaps = |t: &Span| {
        if span.is_empty() {
            t.touches(span.start)
        } else {
            t.start < span.end && span.start < t.end
        }
    };
    let tokens: Vec<_> = tokens.into_iter().filter(|t| overlaps(&t.span)).collect();
    Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode_tokens(at, &tokens),
    }))
}

/// `textDocument/inlayHint`: the hints in the range.
pub(super) fn inlay_hints(at: &At<'_>, params: &InlayHintParams) -> Option<Vec<InlayHint>> {
    let span = at.text().span(params.range);
    let hints = at.set.with_world(|w| ide::inlay_hints::inlay_hints(w, at.file, span));
    Some(
        hints
            .into_iter()
            .map(|h| InlayHint {
                position: at.text().position(h.offset),
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    )
}

fn token_type(kind: ide::semantic_tokens::TokenKind) -> SemanticTokenType {
    use crate::syntax::ast::Kind;
    use ide::semantic_tokens::TokenKind as K;
    match kind {
        K::Keyword => SemanticTokenType::KEYWORD,
        K::Relation => SemanticTokenType::FUNCTION,
        K::Entry(Kind::Target) => SemanticTokenType::CLASS,
        K::Entry(Kind::Process) => SemanticTokenType::EVENT,
        K::Entry(Kind::Drug) => SemanticTokenType::VARIABLE,
        K::Entry(Kind::Carrier) => SemanticTokenType::STRUCT,
        K::Entry(Kind::Formulation) => SemanticTokenType::TYPE,
        K::Entry(Kind::Ligand) => SemanticTokenType::PARAMETER,
        K::Entry(Kind::Context) => SemanticTokenType::NAMESPACE,
        K::Entry(Kind::Mechanism) => SemanticTokenType::INTERFACE,
        K::Entry(Kind::Stimulus) => SemanticTokenType::ENUM_MEMBER,
        K::Unresolved => SemanticTokenType::MACRO,
        K::Class => SemanticTokenType::TYPE_PARAMETER,
        K::Reference => SemanticTokenType::PROPERTY,
        K::String => SemanticTokenType::STRING,
        K::Number => SemanticTokenType::NUMBER,
        K::Comment => SemanticTokenType::COMMENT,
        K::Operator => SemanticTokenType::OPERATOR,
    }
}

pub(super) fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: ide::semantic_tokens::TokenKind::ALL.iter().map(|k| token_type(*k)).collect(),
        token_modifiers: Vec::new(),
    }
}

/// Tokens in the protocol's relative encoding.
fn encode_tokens(
    at: &At<'_>,
    tokens: &[ide::semantic_tokens::SemanticToken],
) -> Vec<SemanticToken> {
    let text = at.text();
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut column) = (0u32, 0u32);
    for token in tokens {
        let start = text.position(token.span.start);
        let end = text.position(token.span.end);
        if end.line != start.line {
            continue; // tokens never span lines; be safe
        }
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 { start.character - column } else { start.character };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: token.kind.index(),
            token_modifiers_bitset: 0,
        });
        line = start.line;
        column = start.character;
    }
    out
}
