//! Semantic tokens: keywords, relation words, names by the kind they resolve to,
//! reference keys, strings, numbers and comments, in file order. The words of the
//! closed lists of spec 0.3 §11 L, M (measures, levels, units) are keywords, as the
//! TextMate grammar scopes `%` (`keyword.other.unit`), or unresolved when they are none
//! of the list; signed numbers, fold changes and ranges are numbers; the `+` of a
//! combination and the `<` of `p < 0.001` are operators.

use rustc_hash::FxHashMap;

use super::{occurrences_in, Role, World};
use crate::check::units;
use crate::diagnostic::FileId;
use crate::syntax::ast::{Kind, StatementKind};
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
    /// `+` and `<`.
    Operator,
}

impl TokenKind {
    /// Every kind, in a fixed order: the legend of the server.
    pub const ALL: [TokenKind; 18] = [
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
        TokenKind::Operator,
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
        if let StatementKind::Claim(claim) = &statement.kind {
            let known = |ok: bool| if ok { TokenKind::Keyword } else { TokenKind::Unresolved };
            let mut word = |span: Option<crate::text::Span>, kind: TokenKind| {
                if let Some(span) = span {
                    roles.insert(span.start, kind);
                }
            };
            if let Some(effect) = &claim.effect {
                let measure = effect.measure.map(|m| m.text(text));
                word(effect.measure, known(measure.is_some_and(|m| units::measure(m).is_ok())));
                // `%` and a fold change's `-fold` are their own tokens' business.
                let unit = effect.unit.filter(|u| !matches!(u.text(text), "%" | "-fold"));
                word(unit, known(unit.is_some_and(|u| units::unit(u.text(text)).is_ok())));
            }
            let design = claim.design();
            if let Some(dose) = design.dose {
                word(Some(dose.unit), known(units::unit(dose.unit.text(text)).is_ok()));
            }
            if let Some(duration) = design.duration {
                let unit = duration.unit;
                word(Some(unit), known(units::time_unit(unit.text(text)).is_ok()));
            }
            if let Some(level) = design.level {
                word(Some(level), known(units::level(level.text(text)).is_ok()));
            }
        }
        for (token, span) in tokens(statement.span.text(text), statement.span.start) {
            let kind = match roles.get(&span.start) {
                Some(kind) => *kind,
                None => match token {
                    Token::Keyword(_) | Token::Percent => TokenKind::Keyword,
                    Token::String | Token::UnterminatedString => TokenKind::String,
                    Token::Number | Token::Signed | Token::Fold | Token::Range => TokenKind::Number,
                    Token::Plus | Token::Less => TokenKind::Operator,
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
        insta::assert_snapshot!(listed(&found, text), @r#"
        carrier        Keyword
        SLN            Entry(Carrier)
        PTX            Entry(Drug)
        downregulates  Relation
        MDR1           Entry(Target)
        in             Keyword
        TNBC           Entry(Context)
        cite           Keyword
        1              Reference
        # c            Comment
        ref            Keyword
        1              Reference
        "x"            String
        "#);
    }

    /// The tokens in order, one a line: the text and how it is coloured.
    fn listed(tokens: &[SemanticToken], text: &str) -> String {
        let line = |t: &SemanticToken| format!("{:<14} {:?}", t.span.text(text), t.kind);
        tokens.iter().map(line).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn measures_levels_units_numbers_and_the_plus_of_a_combination() {
        let text = "drug dabrafenib + trametinib inhibits MAP2K1 at 5 mg/kg for 68 weeks \
                    effect HR 0.62 ci 0.49-0.77 p < 0.001 vs placebo level phase-3 cite(1)\n\
                    drug trametinib inhibits MAP2K1 effect XR 2 at 3 kgg for 2 fortnights \
                    level phase-9 cite(1)\n\
                    drug trametinib inhibits MAP2K1 by -14.9% cite(1)\n\
                    drug trametinib inhibits MAP2K1 by 55-fold in MCF-7 cite(1)\nref 1 \"x\"\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let found = semantic_tokens(
            &World { analysis: &analysis, texts: &texts },
            0,
            Span::new(0, text.len() as u32),
        );
        insta::assert_snapshot!(listed(&found, text), @r#"
        drug           Keyword
        dabrafenib     Entry(Drug)
        +              Operator
        trametinib     Entry(Drug)
        inhibits       Relation
        MAP2K1         Entry(Target)
        at             Keyword
        5              Number
        mg/kg          Keyword
        for            Keyword
        68             Number
        weeks          Keyword
        effect         Keyword
        HR             Keyword
        0.62           Number
        ci             Keyword
        0.49-0.77      Number
        p              Keyword
        <              Operator
        0.001          Number
        vs             Keyword
        placebo        Entry(Drug)
        level          Keyword
        phase-3        Keyword
        cite           Keyword
        1              Reference
        drug           Keyword
        trametinib     Entry(Drug)
        inhibits       Relation
        MAP2K1         Entry(Target)
        effect         Keyword
        XR             Unresolved
        2              Number
        at             Keyword
        3              Number
        kgg            Unresolved
        for            Keyword
        2              Number
        fortnights     Unresolved
        level          Keyword
        phase-9        Unresolved
        cite           Keyword
        1              Reference
        drug           Keyword
        trametinib     Entry(Drug)
        inhibits       Relation
        MAP2K1         Entry(Target)
        by             Keyword
        -14.9          Number
        %              Keyword
        cite           Keyword
        1              Reference
        drug           Keyword
        trametinib     Entry(Drug)
        inhibits       Relation
        MAP2K1         Entry(Target)
        by             Keyword
        55-fold        Number
        in             Keyword
        MCF-7          Entry(Context)
        cite           Keyword
        1              Reference
        ref            Keyword
        1              Reference
        "x"            String
        "#);
    }
}
