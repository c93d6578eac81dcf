//! Fuzz target: the formatter's promises (spec §8, ARCHITECTURE.md) on any text. It
//! never panics; a refusal for syntax errors names at least one; a formatted text
//! formats to itself, has the same tokens and comments (less trailing blanks) and the
//! same statements, and parses without errors.

#![no_main]

use evn::format::{format, FormatError};
use evn::syntax::lexer::{tokens, Token};
use evn::syntax::parse;
use libfuzzer_sys::fuzz_target;

fn token_texts(text: &str) -> Vec<(Token, String)> {
    tokens(text, 0)
        .into_iter()
        .map(|(t, s)| {
            let raw = s.text(text);
            let raw = if t == Token::Comment { raw.trim_end_matches([' ', '\t', '\x0c']) } else { raw };
            (t, raw.to_string())
        })
        .collect()
}

fn statements(text: &str) -> Vec<Vec<String>> {
    parse(text)
        .statements
        .iter()
        .map(|s| {
            let own = s.span.text(text);
            tokens(own, 0).into_iter().filter(|(t, _)| *t != Token::Comment).map(|(_, span)| span.text(own).to_string()).collect()
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = evn::workspace::decode(data);
    match format(&text) {
        Err(FormatError::Syntax(errors)) => assert!(!errors.is_empty(), "a syntax refusal without errors"),
        Err(FormatError::StrayCarriageReturn { offset }) => assert_eq!(text.as_bytes().get(offset as usize), Some(&b'\r')),
        Ok(formatted) => {
            let again = format(&formatted).unwrap_or_else(|e| panic!("the formatted text does not format: {e}\n{formatted:?}"));
            assert_eq!(again, formatted, "not idempotent");
            assert_eq!(token_texts(&text), token_texts(&formatted), "tokens changed");
            assert_eq!(statements(&text), statements(&formatted), "statements changed");
            assert!(parse(&formatted).errors.is_empty(), "formatting introduced syntax errors");
            assert!(evn::format::is_formatted(&formatted));
        }
    }
});
