//! The lexer: one logos automaton over the text of one statement. Keywords get tokens
//! of their own, but the parser accepts any keyword where a name is expected, since
//! EVN reserves keywords only in the positions where the grammar wants them.

use logos::Logos;

use crate::text::Span;

/// The words with a role in the grammar (spec §2, plus the definition kinds, the
/// signs of a role, and `relation` with the polarities of `define relation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Review,
    Section,
    Ref,
    Define,
    Carrier,
    Drug,
    With,
    In,
    Via,
    Under,
    By,
    Quote,
    Cite,
    Aka,
    Role,
    Is,
    Doi,
    Pmid,
    Year,
    Target,
    Process,
    Formulation,
    Ligand,
    Context,
    Mechanism,
    Stimulus,
    Up,
    Down,
    Relation,
    None,
    // The qualifiers of spec 0.3 §11 L and M, keywords only in qualifier position.
    Effect,
    At,
    For,
    Vs,
    N,
    Level,
    Trial,
    Through,
    Ci,
    P,
}

impl Keyword {
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Review => "review",
            Keyword::Section => "section",
            Keyword::Ref => "ref",
            Keyword::Define => "define",
            Keyword::Carrier => "carrier",
            Keyword::Drug => "drug",
            Keyword::With => "with",
            Keyword::In => "in",
            Keyword::Via => "via",
            Keyword::Under => "under",
            Keyword::By => "by",
            Keyword::Quote => "quote",
            Keyword::Cite => "cite",
            Keyword::Aka => "aka",
            Keyword::Role => "role",
            Keyword::Is => "is",
            Keyword::Doi => "doi",
            Keyword::Pmid => "pmid",
            Keyword::Year => "year",
            Keyword::Target => "target",
            Keyword::Process => "process",
            Keyword::Formulation => "formulation",
            Keyword::Ligand => "ligand",
            Keyword::Context => "context",
            Keyword::Mechanism => "mechanism",
            Keyword::Stimulus => "stimulus",
            Keyword::Up => "up",
            Keyword::Down => "down",
            Keyword::Relation => "relation",
            Keyword::None => "none",
            Keyword::Effect => "effect",
            Keyword::At => "at",
            Keyword::For => "for",
            Keyword::Vs => "vs",
            Keyword::N => "n",
            Keyword::Level => "level",
            Keyword::Trial => "trial",
            Keyword::Through => "through",
            Keyword::Ci => "ci",
            Keyword::P => "p",
        }
    }

    /// The keywords that start a statement, for "did you mean" on a misspelt one.
    pub const STATEMENT_STARTS: &'static [Keyword] = &[
        Keyword::Review,
        Keyword::Section,
        Keyword::Ref,
        Keyword::Define,
        Keyword::Carrier,
        Keyword::Drug,
    ];
}

/// A token kind; its text is found through the span the lexer gives with it.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[logos(skip r"[ \t\r\n\f]+")]
pub enum Token {
    #[token("review", |_| Keyword::Review)]
    #[token("section", |_| Keyword::Section)]
    #[token("ref", |_| Keyword::Ref)]
    #[token("define", |_| Keyword::Define)]
    #[token("carrier", |_| Keyword::Carrier)]
    #[token("drug", |_| Keyword::Drug)]
    #[token("with", |_| Keyword::With)]
    #[token("in", |_| Keyword::In)]
    #[token("via", |_| Keyword::Via)]
    #[token("under", |_| Keyword::Under)]
    #[token("by", |_| Keyword::By)]
    #[token("quote", |_| Keyword::Quote)]
    #[token("cite", |_| Keyword::Cite)]
    #[token("aka", |_| Keyword::Aka)]
    #[token("role", |_| Keyword::Role)]
    #[token("is", |_| Keyword::Is)]
    #[token("doi", |_| Keyword::Doi)]
    #[token("pmid", |_| Keyword::Pmid)]
    #[token("year", |_| Keyword::Year)]
    #[token("target", |_| Keyword::Target)]
    #[token("process", |_| Keyword::Process)]
    #[token("formulation", |_| Keyword::Formulation)]
    #[token("ligand", |_| Keyword::Ligand)]
    #[token("context", |_| Keyword::Context)]
    #[token("mechanism", |_| Keyword::Mechanism)]
    #[token("stimulus", |_| Keyword::Stimulus)]
    #[token("up", |_| Keyword::Up)]
    #[token("down", |_| Keyword::Down)]
    #[token("relation", |_| Keyword::Relation)]
    #[token("none", |_| Keyword::None)]
    #[token("effect", |_| Keyword::Effect)]
    #[token("at", |_| Keyword::At)]
    #[token("for", |_| Keyword::For)]
    #[token("vs", |_| Keyword::Vs)]
    #[token("n", |_| Keyword::N, priority = 3)]
    #[token("level", |_| Keyword::Level)]
    #[token("trial", |_| Keyword::Trial)]
    #[token("through", |_| Keyword::Through)]
    #[token("ci", |_| Keyword::Ci)]
    #[token("p", |_| Keyword::P, priority = 3)]
    Keyword(Keyword),

    /// Digits, optionally in `.`-separated groups: `79`, `4.1`, `94.1`.
    #[regex(r"[0-9]+(\.[0-9]+)*", priority = 10)]
    Number,

    /// A signed number: `-14.9`, `−3` (U+2212), `+2` (spec 0.3 §11 L).
    #[regex(r"[-−+][0-9]+(\.[0-9]+)?", priority = 10)]
    Signed,

    /// A fold change, one token: `55-fold`, `-2.5-fold` (spec 0.3 §11 L). Where a name
    /// is wanted it is a name, as it was before 0.3.
    #[regex(r"[-−+]?[0-9]+(\.[0-9]+)?-fold", priority = 20)]
    Fold,

    /// Two numbers joined by `-` (or an en dash, as papers print it), one token: `0.49-0.77`, `70-72`, `-1.2-0.3` (a `ci`
    /// range, spec 0.3 §11 L; a range of cite keys). Where a name is wanted it is a
    /// name, as it was before 0.3.
    #[regex(r"[-−+]?[0-9]+(\.[0-9]+)?[-–][-−+]?[0-9]+(\.[0-9]+)?", priority = 20)]
    Range,

    /// A bare name: `MDR1`, `MCF-7/ADR`, `17β-estradiol`, `70-72`, and a genotype that
    /// ends in `-/-`, `+/-`, `+/+` or `−/−` (U+2212): `Pten-/-`, `Ldlr−/−` (spec §11 J).
    #[regex(r"[\p{L}\p{N}]([\p{L}\p{N}\p{M}_+'@-]|[./][\p{L}\p{N}])*(-/-|\+/-|\+/\+|−/−)?")]
    Name,

    /// A name in backticks: `` `(DOX+CUR)-FA-NP` ``.
    #[regex(r"`[^`\r\n]*`")]
    QuotedName,

    /// A backtick with no closing one on the same line.
    #[regex(r"`[^`\r\n]*", priority = 0)]
    UnterminatedQuotedName,

    /// A double-quoted string; escapes are checked by the parser's caller.
    #[regex(r#""([^"\\\r\n]|\\[^\r\n])*""#)]
    String,

    /// A double quote with no closing one on the same line.
    #[regex(r#""([^"\\\r\n]|\\[^\r\n])*\\?"#, priority = 0)]
    UnterminatedString,

    #[regex(r"#[^\r\n]*", allow_greedy = true)]
    Comment,

    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token(",")]
    Comma,
    #[token("=")]
    Equals,
    #[token(":")]
    Colon,
    #[token("%")]
    Percent,
    /// The `+` of a combination, `A + B` (spec 0.3 §11 K).
    #[token("+")]
    Plus,
    /// The `<` of `p < 0.001`.
    #[token("<")]
    Less,

    /// A character that starts no token (the lexer's error, kept as a token so the
    /// parser can say what it found).
    Unknown,
}

impl Token {
    /// Whether this token can stand where the grammar wants a name.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Token::Name | Token::QuotedName | Token::Keyword(_) | Token::Fold | Token::Range
        )
    }

    /// How an error message names this kind of token.
    pub fn describe(self) -> &'static str {
        match self {
            Token::Keyword(_) | Token::Name | Token::Fold | Token::Range => "a name",
            Token::Number => "a number",
            Token::Signed => "a signed number",
            Token::QuotedName => "a quoted name",
            Token::UnterminatedQuotedName => "an unterminated quoted name",
            Token::String => "a string",
            Token::UnterminatedString => "an unterminated string",
            Token::Comment => "a comment",
            Token::LParen => "`(`",
            Token::RParen => "`)`",
            Token::Comma => "`,`",
            Token::Equals => "`=`",
            Token::Colon => "`:`",
            Token::Percent => "`%`",
            Token::Plus => "`+`",
            Token::Less => "`<`",
            Token::Unknown => "an unexpected character",
        }
    }
}

/// Lexes `text` (one statement, starting at byte `base` of its file), appending to
/// `tokens` and `spans`, and comment spans to `comments`. Never fails: characters that
/// start no token become [`Token::Unknown`]. Returns whether the statement has a
/// token that may carry a lexical error (an unknown character, an unterminated or
/// empty quote, a string whose escapes need checking), so that the parser looks for
/// lexical errors only where there can be some.
pub fn lex_into(
    text: &str,
    base: u32,
    tokens: &mut Vec<Token>,
    spans: &mut Vec<Span>,
    comments: &mut Vec<Span>,
) -> bool {
    let mut lexer = Token::lexer(text);
    let mut suspect = false;
    while let Some(result) = lexer.next() {
        let span = Span::from_range(lexer.span()).offset(base);
        let token = match result {
            // Names and keywords, most tokens, carry no lexical error.
            Ok(
                token @ (Token::Name
                | Token::Keyword(_)
                | Token::Number
                | Token::Signed
                | Token::Fold
                | Token::Range
                | Token::Plus
                | Token::Less
                | Token::Percent
                | Token::LParen
                | Token::RParen
                | Token::Comma
                | Token::Equals
                | Token::Colon),
            ) => token,
            Ok(Token::Comment) => {
                comments.push(span);
                continue;
            }
            Ok(token) => {
                suspect |= matches!(
                    token,
                    Token::Unknown
                        | Token::UnterminatedString
                        | Token::UnterminatedQuotedName
                        | Token::QuotedName
                        | Token::String
                );
                token
            }
            Err(()) => {
                suspect = true;
                Token::Unknown
            }
        };
        tokens.push(token);
        spans.push(span);
    }
    suspect
}

/// All tokens of `text`, comments included, with absolute spans: for the formatter,
/// semantic highlighting and other consumers that want the full token stream.
pub fn tokens(text: &str, base: u32) -> Vec<(Token, Span)> {
    let mut lexer = Token::lexer(text);
    let mut out = Vec::new();
    while let Some(result) = lexer.next() {
        let span = Span::from_range(lexer.span()).offset(base);
        out.push((result.unwrap_or(Token::Unknown), span));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Token, &str)> {
        tokens(text, 0).into_iter().map(|(t, s)| (t, s.text(text))).collect()
    }

    /// The tokens, one a line: the token and its text.
    fn listed(text: &str) -> String {
        let line = |(token, text): (Token, &str)| format!("{token:?} {text}");
        kinds(text).into_iter().map(line).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn names_numbers_and_keywords() {
        insta::assert_snapshot!(listed("carrier SLN(talazoparib) by 94.1% cite(70-72, 4.1)"), @"
        Keyword(Carrier) carrier
        Name SLN
        LParen (
        Name talazoparib
        RParen )
        Keyword(By) by
        Number 94.1
        Percent %
        Keyword(Cite) cite
        LParen (
        Range 70-72
        Comma ,
        Number 4.1
        RParen )
        ");
    }

    #[test]
    fn names_of_the_review() {
        for name in [
            "MDR1",
            "P-gp",
            "MCF-7/ADR",
            "5-FU",
            "17β-estradiol",
            "NF-κB",
            "G2/M-arrest",
            "HER2+",
            "4T1",
            "SKN@FPD",
            "carriers",
            "in-vitro",
            "3,3'",
        ] {
            let toks = kinds(name);
            if name == "3,3'" {
                assert_eq!(toks.len(), 3);
            } else {
                assert_eq!(toks, vec![(Token::Name, name)], "{name}");
            }
        }
        // A genotype ending is part of the name (spec §11 J); nothing may follow it.
        for name in ["Pten-/-", "Ldlr−/−", "Trem2+/-", "Apoe+/+", "Tp53+/-", "HER2+/-"] {
            assert_eq!(kinds(name), vec![(Token::Name, name)], "{name}");
        }
        assert_eq!(kinds("Pten-/-,")[0], (Token::Name, "Pten-/-"));
        assert_eq!(kinds("Pten-/+")[0], (Token::Name, "Pten-"));
        assert_eq!(kinds("Ldlr−")[0], (Token::Name, "Ldlr"));
        // A trailing `.` or `/` is not part of a name.
        assert_eq!(kinds("MDR1.")[0], (Token::Name, "MDR1"));
        assert_eq!(kinds("A/")[0], (Token::Name, "A"));
    }

    #[test]
    fn the_numbers_of_qualifiers() {
        use Token::*;
        insta::assert_snapshot!(
            listed("by -14.9% by −3 by +2 by 55-fold by -2.5-fold ci 0.49-0.77 ci -0.9--0.2 p < 0.001 A + B"),
            @"
            Keyword(By) by
            Signed -14.9
            Percent %
            Keyword(By) by
            Signed −3
            Keyword(By) by
            Signed +2
            Keyword(By) by
            Fold 55-fold
            Keyword(By) by
            Fold -2.5-fold
            Keyword(Ci) ci
            Range 0.49-0.77
            Keyword(Ci) ci
            Range -0.9--0.2
            Keyword(P) p
            Less <
            Number 0.001
            Name A
            Plus +
            Name B
            "
        );
        // Names that look like numbers stay names: a range or fold change is a name where
        // a name is wanted, and a longer name wins.
        assert_eq!(kinds("4-1BB"), vec![(Name, "4-1BB")]);
        assert_eq!(kinds("mg/kg/day"), vec![(Name, "mg/kg/day")]);
        assert!(Range.is_name() && Fold.is_name() && !Signed.is_name());
        // `n` and `p` are keywords; `N` and `P` names.
        assert_eq!(kinds("n N p P")[1], (Name, "N"));
    }

    #[test]
    fn strings_quoted_names_and_comments() {
        use Token::*;
        insta::assert_snapshot!(listed(r#""a \"b\"" `x y` # c"#), @r#"
        String "a \"b\""
        QuotedName `x y`
        Comment # c
        "#);
        assert_eq!(kinds("\"abc")[0].0, UnterminatedString);
        assert_eq!(kinds("`abc")[0].0, UnterminatedQuotedName);
        assert_eq!(kinds(";")[0].0, Unknown);
    }
}
