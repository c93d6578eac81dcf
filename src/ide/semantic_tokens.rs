//! Semantic tokens: keywords, relation words, names by the kind they resolve to,
//! reference keys, strings, numbers and comments, in file order.

use rustc_hash::FxHashMap;

use super::{occurrences_in, Role, World};
use crate::diagnostic::FileId;
use crate::syntax::ast::Kind;
use crate::syntax::lexer::{tokens, Token};
use crate::text::Span;
use crate::vocab::Lookup;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Keyword,
    Relation,
    Entry(Kind),
    /// A name that resolves to nothing (or to several entries).
    Unresolved,
    Class,
    Reference,
    String,
    Number,
    Comment,
}

impl TokenKind {
    /// Every kind, in a fixed order: the legend of the server.
    pub const ALL: [TokenKind; 17] = [
        TokenKind::Keyword,
        TokenKind::Relation,
        TokenKind::Entry(Kind::Target),
        TokenKind::Entry(Kind::Process),
        TokenKind::Entry(Kind::Drug),
        TokenKind::Entry(Kind::Carrier),
        TokenKind::Entry(Kind::Formulation),
        TokenKind::Entry(Kind::Ligand),
        TokenKind::Entry(Kind::Context),
        TokenKind::Entry(Kind::Mechanism),
        TokenKind::Entry(Kind::Stimulus),
        TokenKind::Unresolved,
        TokenKind::Class,
        TokenKind::Reference,
        TokenKind::String,
        TokenKind::Number,
        TokenKind::Comment,
    ];

    pub fn index(self) -> u32 {
        TokenKind::ALL.iter().position(|k| *k == self).unwrap_or(0) as u32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: TokenKind,
}

/// The tokens of the statements and comments that overlap `range`, in order.
pub fn semantic_tokens(world: &World<'_>, file: FileId, range: Span) -> Vec<SemanticToken> {
    let Some(ast) = world.ast(file) else { return Vec::new() };
    let text = world.text(file);
    let vocabulary = &world.analysis.vocabulary;
    let mut out = Vec::new();
    let mut names = Vec::new();
    let mut roles: FxHashMap<u32, TokenKind> = FxHashMap::default();
    let first = ast.statements.partition_point(|s| s.span.end < range.start);
    for index in first..ast.statements.len() {
        let Some(statement) = ast.statements.get(index) else { break };
        if statement.span.start > range.end {
            break;
        }
        names.clear();
        roles.clear();
        occurrences_in(ast, text, index, &mut names);
        for occurrence in &names {
            let kind = match occurrence.role {
                Role::Use(position) => {
                    match vocabulary.lookup(occurrence.name.text(text), position) {
                        Lookup::Found(resolved, _) => {
                            TokenKind::Entry(vocabulary.kind_of(resolved))
                        }
                        _ => TokenKind::Unresolved,
                    }
                }
                Role::Defined(kind) | Role::Alias(kind) => TokenKind::Entry(kind),
                Role::Class => TokenKind::Class,
                Role::Relation => TokenKind::Relation,
                Role::Cite | Role::RefKey => TokenKind::Reference,
            };
            roles.insert(occurrence.name.span.start, kind);
        }
        for (token, span) in tokens(statement.span.text(text), statement.span.start) {
            let kind = match roles.get(&span.start) {
                Some(kind) => *kind,
                None => match token {
                    Token::Keyword(_) => TokenKind::Keyword,
                    Token::String | Token::UnterminatedString => TokenKind::String,
                    Token::Number => TokenKind::Number,
                    Token::Comment => TokenKind::Comment,
                    _ => continue,
                },
            };
            out.push(SemanticToken { span, kind });
        }
    }
    let comments = ast.comments.iter().filter(|c| c.end >= range.start && c.start <= range.end);
    out.extend(comments.map(|&span| SemanticToken { span, kind: TokenKind::Comment }));
    out.sort_by_key(|t| t.span.start);
    out.dedup_by_key(|t| t.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::analyse;

    #[test]
    fn kinds_of_names() {
        let text = "carrier SLN(PTX) downregulates MDR1 in TNBC cite(1) # c\nref 1 \"x\"\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let found = semantic_tokens(
            &World { analysis: &analysis, texts: &texts },
            0,
            Span::new(0, text.len() as u32),
        );
        let kinds: Vec<(&str, TokenKind)> =
            found.iter().map(|t| (t.span.text(text), t.kind)).collect();
        assert_eq!(kinds[0], ("carrier", TokenKind::Keyword));
        assert!(kinds.contains(&("MDR1", TokenKind::Entry(Kind::Target))));
        assert!(kinds.contains(&("downregulates", TokenKind::Relation)));
        assert!(kinds.contains(&("# c", TokenKind::Comment)));
        assert!(kinds.contains(&("\"x\"", TokenKind::String)));
    }
}
