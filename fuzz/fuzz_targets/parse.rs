//! Fuzz target: `syntax::parse` on any bytes (decoded as the loader decodes a file).
//! Parsing never panics; every statement, comment and error lies inside the text, on
//! character boundaries; the chunked parse of `evn check` agrees with the whole parse.

#![no_main]

use evn::text::Span;
use libfuzzer_sys::fuzz_target;

fn inside(text: &str, span: Span) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end && end <= text.len(), "span {start}..{end} outside a text of {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "span {start}..{end} splits a character");
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = evn::workspace::decode(data);
    let ast = evn::syntax::parse(&text);
    for statement in &ast.statements {
        inside(&text, statement.span);
    }
    for name in &ast.names {
        inside(&text, name.span);
    }
    for &comment in &ast.comments {
        inside(&text, comment);
    }
    for error in &ast.errors {
        inside(&text, error.span);
    }
    let (mut statements, mut errors) = (Vec::new(), Vec::new());
    evn::syntax::parse_chunks(&text, &mut |chunk| {
        statements.extend(chunk.statements.iter().map(|s| s.span));
        errors.extend_from_slice(&chunk.errors);
    });
    assert_eq!(statements, ast.statements.iter().map(|s| s.span).collect::<Vec<_>>());
    assert_eq!(errors, ast.errors);
});
