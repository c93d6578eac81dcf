//! Fuzz target: `check::analyze` on a workspace of up to four files. The input is cut
//! at NUL bytes: every piece but the last is a `.evn` file, the last (when there are
//! two pieces or more) is a `.bib` file; the human gene namespace is loaded when the
//! input's length is a multiple of 8. The analysis never panics, and every
//! diagnostic, related location and fix edit points into its own file, on character
//! boundaries.

#![no_main]

use evn::check::{analyze, InvalidUtf8, Options, Source, SourceKind};
use evn::text::Span;
use evn::vocab::Species;
use libfuzzer_sys::fuzz_target;

fn inside(texts: &[String], file: u32, span: Span) {
    let text = texts.get(file as usize).expect("a diagnostic names a file of the set");
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end && end <= text.len(), "span {start}..{end} outside file {file} of {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "span {start}..{end} splits a character");
}

fuzz_target!(|data: &[u8]| {
    let pieces: Vec<&[u8]> = data.splitn(4, |&b| b == 0).collect();
    let decoded: Vec<(String, Vec<InvalidUtf8>)> = pieces
        .iter()
        .map(|piece| evn::workspace::decode(piece))
        .collect();
    let last = decoded.len() - 1;
    let sources: Vec<Source<'_>> = decoded
        .iter()
        .enumerate()
        .map(|(i, (text, invalid))| Source {
            text,
            kind: if i == last && i > 0 { SourceKind::Bib } else { SourceKind::Evn },
            invalid_utf8: invalid,
        })
        .collect();
    // Building the vocabulary with the gene namespaces costs a quarter of a second, so
    // only one input in eight (by length) has them; the prelude is always there.
    let genes = if data.len() % 8 == 0 { vec![Species::Human] } else { Vec::new() };
    let analysis = analyze(&sources, &Options { genes, ..Options::default() });
    let texts: Vec<String> = decoded.into_iter().map(|(text, _)| text).collect();
    for d in &analysis.diagnostics {
        inside(&texts, d.file, d.span);
        for related in &d.related {
            inside(&texts, related.file, related.span);
        }
        for edit in d.fix.iter().flat_map(|fix| &fix.edits) {
            inside(&texts, edit.file, edit.span);
        }
    }
});
