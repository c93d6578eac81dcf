//! Fuzz target: the BibTeX loader (`syntax::bib::parse`) on any bytes. It never
//! panics (the `catch_unwind` around the `biblatex` parser does not hide a panic here:
//! libFuzzer's hook aborts first); every key, entry and error span lies inside the
//! text on character boundaries, and every key is the text under its span.

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
    let (entries, errors) = evn::syntax::bib::parse(&text);
    for entry in &entries {
        inside(&text, entry.key_span);
        inside(&text, entry.span);
        assert_eq!(entry.key_span.text(&text), entry.key, "the key is the text under its span");
    }
    for (span, message) in &errors {
        inside(&text, *span);
        assert!(!message.is_empty());
    }
});
