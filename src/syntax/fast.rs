//! The parser's fast path: a hand-written recogniser for the shape nearly every
//! statement of a review has, the claim
//!
//! ```text
//! [carrier COMPOSITION | drug ENTRY | NAME] RELATION NAMES {in NAMES | under NAMES
//!     | via NAME | by EFFECT | effect MEASURE ... | at NUMBER UNIT | for NUMBER UNIT
//!     | vs ENTRIES | n NUMBER | level NAME | trial NAME | through NAMES
//!     | quote STRING | cite(KEYS)}
//! ```
//!
//! where an ENTRY is a name or a combination `A + B` (spec 0.3 §11 K, L).
//!
//! over the same logos tokens, giving the same [`Raw`] the chumsky grammar gives. It
//! never decides anything the grammar would decide otherwise: on the first token it
//! does not expect (a statement keyword, a missing name, a stray comma, …) it returns
//! `None`, and the statement goes to the grammar, which stays the one definition of
//! the language and the one source of syntax errors. Every step it takes is the greedy
//! step chumsky's parsers take (`separated_by`, `or_not`, `repeated`, ordered
//! `choice`), so whenever it answers, the answer is the grammar's: the tests below
//! check that on every short token sequence and on generated long ones.
//!
//! Why: chumsky costs about 1,700 instructions per claim here, this path about 150,
//! and a claim is the statement a review has by the thousand (see BENCHMARKS.md).

use super::lexer::{Keyword, Token};
use super::parser::{Raw, RawComposition, RawSubject, TokRange};

/// The claim in `tokens` (one statement, comments removed), or `None` when the
/// statement is anything but a well-formed claim.
pub(super) fn claim(tokens: &[Token]) -> Option<Raw> {
    let mut c = Cursor { tokens, at: 0 };
    let subject = match c.peek()? {
        // The grammar tries these statements first; leave them to it.
        Token::Keyword(Keyword::Review | Keyword::Section | Keyword::Ref | Keyword::Define) => {
            return None
        }
        Token::Keyword(Keyword::Carrier) => {
            c.at += 1;
            RawSubject::Carrier(c.composition()?)
        }
        Token::Keyword(Keyword::Drug) => {
            c.at += 1;
            let start = c.at;
            c.entry()?;
            RawSubject::Drug(TokRange { start, end: c.at })
        }
        _ => RawSubject::Name(c.name()?),
    };
    let relation = c.name()?;
    let objects = c.names()?;
    let start = c.at;
    while let Some(token) = c.peek() {
        c.at += 1;
        match token {
            Token::Keyword(Keyword::In | Keyword::Under) => {
                c.names()?;
            }
            Token::Keyword(Keyword::Via) => {
                c.name()?;
            }
            Token::Keyword(Keyword::By) => match c.peek()? {
                Token::Fold => c.at += 1,
                Token::Number | Token::Signed => {
                    c.at += 1;
                    match c.peek()? {
                        Token::Percent | Token::Name | Token::Keyword(_) => c.at += 1,
                        _ => return None,
                    }
                }
                _ => return None,
            },
            Token::Keyword(Keyword::Effect) => {
                c.expect(Token::Name)?;
                match c.peek()? {
                    Token::Number | Token::Signed => c.at += 1,
                    _ => return None,
                }
                if matches!(c.peek(), Some(Token::Name | Token::Percent)) {
                    c.at += 1;
                }
                if c.peek() == Some(Token::Keyword(Keyword::Ci)) {
                    c.at += 1;
                    c.expect(Token::Range)?;
                }
                if c.peek() == Some(Token::Keyword(Keyword::P)) {
                    c.at += 1;
                    if c.peek() == Some(Token::Less) {
                        c.at += 1;
                    }
                    c.expect(Token::Number)?;
                }
            }
            Token::Keyword(keyword @ (Keyword::At | Keyword::For)) => {
                c.expect(Token::Number)?;
                match c.peek()? {
                    Token::Name | Token::Keyword(_) => c.at += 1,
                    Token::Percent if keyword == Keyword::At => c.at += 1,
                    _ => return None,
                }
            }
            Token::Keyword(Keyword::N) => c.expect(Token::Number)?,
            Token::Keyword(Keyword::Level | Keyword::Trial) => {
                c.name()?;
            }
            Token::Keyword(Keyword::Through) => {
                c.names()?;
            }
            Token::Keyword(Keyword::Vs) => {
                c.entries()?;
            }
            Token::Keyword(Keyword::Quote) => c.expect(Token::String)?,
            Token::Keyword(Keyword::Cite) => {
                c.expect(Token::LParen)?;
                loop {
                    match c.peek()? {
                        Token::Number => c.at += 1,
                        _ => {
                            c.name()?;
                        }
                    }
                    match c.peek()? {
                        Token::Comma => c.at += 1,
                        Token::RParen => break,
                        _ => return None,
                    }
                }
                c.at += 1;
            }
            _ => return None,
        }
    }
    Some(Raw::Claim { subject, relation, objects, qualifiers: TokRange { start, end: c.at } })
}

struct Cursor<'t> {
    tokens: &'t [Token],
    at: u32,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.at as usize).copied()
    }

    fn expect(&mut self, token: Token) -> Option<()> {
        (self.peek()? == token).then(|| self.at += 1)
    }

    /// One name (a bare or quoted name, or any keyword): its token index.
    fn name(&mut self) -> Option<u32> {
        let at = self.at;
        self.peek()?.is_name().then(|| {
            self.at += 1;
            at
        })
    }

    /// Names separated by commas, at least one, no trailing comma.
    fn names(&mut self) -> Option<TokRange> {
        let start = self.at;
        self.name()?;
        while self.peek() == Some(Token::Comma) {
            self.at += 1;
            self.name()?;
        }
        Some(TokRange { start, end: self.at })
    }

    /// A name, or a combination of names joined by `+`.
    fn entry(&mut self) -> Option<()> {
        self.name()?;
        while self.peek() == Some(Token::Plus) {
            self.at += 1;
            self.name()?;
        }
        Some(())
    }

    /// Entries separated by commas, at least one, no trailing comma.
    fn entries(&mut self) -> Option<TokRange> {
        let start = self.at;
        self.entry()?;
        while self.peek() == Some(Token::Comma) {
            self.at += 1;
            self.entry()?;
        }
        Some(TokRange { start, end: self.at })
    }

    /// `HEAD[(ENTRIES)][ with NAMES]`.
    fn composition(&mut self) -> Option<RawComposition> {
        let start = self.at;
        let head = self.name()?;
        let payload = if self.peek() == Some(Token::LParen) {
            self.at += 1;
            let payload = self.entries()?;
            self.expect(Token::RParen)?;
            Some(payload)
        } else {
            None
        };
        let with = if self.peek() == Some(Token::Keyword(Keyword::With)) {
            self.at += 1;
            Some(self.names()?)
        } else {
            None
        };
        Some(RawComposition { head, payload, with, span: TokRange { start, end: self.at } })
    }
}

#[cfg(test)]
mod tests {
    use chumsky::Parser;
    use proptest::prelude::*;

    use super::*;
    use crate::syntax::parser::fast_grammar;

    /// The tokens that matter to a claim, and a few that end one.
    const ALPHABET: &[Token] = &[
        Token::Name,
        Token::QuotedName,
        Token::Number,
        Token::String,
        Token::LParen,
        Token::RParen,
        Token::Comma,
        Token::Percent,
        Token::Colon,
        Token::Keyword(Keyword::Carrier),
        Token::Keyword(Keyword::Drug),
        Token::Keyword(Keyword::With),
        Token::Keyword(Keyword::In),
        Token::Keyword(Keyword::Under),
        Token::Keyword(Keyword::Via),
        Token::Keyword(Keyword::By),
        Token::Keyword(Keyword::Quote),
        Token::Keyword(Keyword::Cite),
        Token::Keyword(Keyword::Ref),
        Token::Keyword(Keyword::Up),
        Token::Plus,
        Token::Signed,
        Token::Fold,
        Token::Range,
        Token::Less,
        Token::Keyword(Keyword::Vs),
        Token::Keyword(Keyword::Effect),
        Token::Keyword(Keyword::At),
        Token::Keyword(Keyword::N),
        Token::Keyword(Keyword::Ci),
        Token::Keyword(Keyword::P),
        Token::Keyword(Keyword::Through),
    ];

    /// When the fast path answers, the grammar gives the same answer.
    fn agrees(tokens: &[Token]) -> Result<(), String> {
        match claim(tokens) {
            None => Ok(()),
            Some(fast) => {
                let grammar = fast_grammar().parse(tokens).into_output();
                if grammar.as_ref() == Some(&fast) {
                    Ok(())
                } else {
                    Err(format!("{tokens:?}: fast path {fast:?}, grammar {grammar:?}"))
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_grammar_on_every_short_sequence() {
        // Every sequence of up to 5 tokens from the alphabet: 3.4 M sequences would be
        // slow, so the alphabet is cut to the tokens that change the fast path's course.
        let small: Vec<Token> = ALPHABET
            .iter()
            .copied()
            .filter(|t| {
                !matches!(
                    t,
                    Token::QuotedName
                        | Token::Colon
                        | Token::Keyword(Keyword::Up)
                        | Token::Plus
                        | Token::Signed
                        | Token::Fold
                        | Token::Range
                        | Token::Less
                        | Token::Keyword(
                            Keyword::Vs
                                | Keyword::Effect
                                | Keyword::At
                                | Keyword::N
                                | Keyword::Ci
                                | Keyword::P
                                | Keyword::Through
                        )
                )
            })
            .collect();
        let mut accepted = 0usize;
        let mut sequence = Vec::new();
        fn walk(small: &[Token], sequence: &mut Vec<Token>, depth: usize, accepted: &mut usize) {
            if let Err(e) = agrees(sequence) {
                panic!("{e}");
            }
            *accepted += usize::from(claim(sequence).is_some());
            if depth == 0 {
                return;
            }
            for &token in small {
                sequence.push(token);
                walk(small, sequence, depth - 1, accepted);
                sequence.pop();
            }
        }
        walk(&small, &mut sequence, 5, &mut accepted);
        assert!(accepted > 1000, "the fast path accepted only {accepted} sequences");
    }

    #[test]
    fn takes_the_claims_of_the_example_review() {
        let src = include_str!("../../examples/review/04-mechanisms.evn");
        let (mut claims, mut fast) = (0, 0);
        for line in src
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with(' '))
        {
            let tokens: Vec<Token> = crate::syntax::lexer::tokens(line, 0)
                .into_iter()
                .map(|(t, _)| t)
                .filter(|t| *t != Token::Comment)
                .collect();
            if fast_grammar()
                .parse(&tokens)
                .into_output()
                .is_some_and(|raw| matches!(raw, Raw::Claim { .. }))
            {
                claims += 1;
                fast += usize::from(claim(&tokens).is_some());
            }
        }
        assert!(claims > 10, "{claims} claims");
        assert_eq!(fast, claims, "the fast path should take every one-line claim of the review");
    }

    #[test]
    fn takes_the_claims_of_0_3() {
        for line in [
            "drug dabrafenib + trametinib prolongs OS in melanoma effect HR 0.71 ci 0.55-0.92 p < 0.011 cite(1)",
            "carrier SLN(paclitaxel + curcumin) inhibits ABCB1 by -2.5-fold at 5 mg/kg for 12 weeks cite(1)",
            "X inhibits Y by -0.45 points vs placebo, docetaxel + carboplatin n 600 level phase-3 trial COMBI-d through MEK1, ERK cite(1)",
            "X inhibits Y effect ORR 62.0% cite(1)",
            "X inhibits Y for 1 year cite(1)",
            "drug atropine reduces axial-elongation in myopia vs placebo at 0.01% for 24 months cite(1)",
        ] {
            let tokens: Vec<Token> =
                crate::syntax::lexer::tokens(line, 0).into_iter().map(|(t, _)| t).collect();
            let fast = claim(&tokens);
            assert!(fast.is_some(), "the fast path should take `{line}`");
            assert_eq!(fast, fast_grammar().parse(&tokens).into_output(), "{line}");
        }
    }

    /// Pieces of claims, to build long sequences that are often well formed.
    const PIECES: &[&[Token]] = &[
        &[Token::Name],
        &[Token::Comma, Token::Name],
        &[Token::Keyword(Keyword::In), Token::Name],
        &[Token::Keyword(Keyword::Via), Token::Name],
        &[Token::Keyword(Keyword::By), Token::Number, Token::Percent],
        &[Token::Keyword(Keyword::By), Token::Signed, Token::Name],
        &[Token::Keyword(Keyword::By), Token::Fold],
        &[Token::Keyword(Keyword::Effect), Token::Name, Token::Number],
        &[Token::Keyword(Keyword::Ci), Token::Range],
        &[Token::Keyword(Keyword::P), Token::Less, Token::Number],
        &[Token::Keyword(Keyword::At), Token::Number, Token::Name],
        &[Token::Keyword(Keyword::At), Token::Number, Token::Percent],
        &[Token::Keyword(Keyword::For), Token::Number, Token::Percent],
        &[Token::Keyword(Keyword::For), Token::Number, Token::Name],
        &[Token::Keyword(Keyword::Vs), Token::Name, Token::Plus, Token::Name],
        &[Token::Keyword(Keyword::N), Token::Number],
        &[Token::Keyword(Keyword::Level), Token::Name],
        &[Token::Keyword(Keyword::Through), Token::Name],
        &[Token::Plus, Token::Name],
        &[Token::Keyword(Keyword::Quote), Token::String],
        &[Token::Keyword(Keyword::Cite), Token::LParen, Token::Number, Token::RParen],
        &[
            Token::Keyword(Keyword::Cite),
            Token::LParen,
            Token::Name,
            Token::Comma,
            Token::Number,
            Token::RParen,
        ],
        &[Token::LParen, Token::Name, Token::RParen],
        &[Token::Keyword(Keyword::With), Token::Name],
        &[Token::Keyword(Keyword::Carrier)],
        &[Token::Comma],
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Long claim-like sequences: a subject, a relation, objects and qualifiers
        /// made of the alphabet, often well formed, often broken at one token.
        #[test]
        fn agrees_with_the_grammar_on_long_sequences(
            tokens in prop::collection::vec(prop::sample::select(ALPHABET), 0..24),
            claimlike in prop::collection::vec(prop::sample::select(PIECES), 0..12),
        ) {
            prop_assert!(agrees(&tokens).is_ok(), "{}", agrees(&tokens).unwrap_err());
            let mut built = vec![Token::Keyword(Keyword::Carrier), Token::Name];
            for piece in claimlike {
                built.extend_from_slice(piece);
            }
            prop_assert!(agrees(&built).is_ok(), "{}", agrees(&built).unwrap_err());
            built.remove(0);
            prop_assert!(agrees(&built).is_ok(), "{}", agrees(&built).unwrap_err());
        }
    }
}
