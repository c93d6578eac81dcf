//! Every input that made a fuzz target fail, kept as a regression test: the files of
//! `tests/regressions/<target>/` are run through the same checks as the fuzz target of
//! that name (`fuzz/fuzz_targets/<target>.rs`), so that `cargo test` proves each fix
//! without a fuzzer. Adding a case is dropping the crash file into the folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use evn::check::{analyze, InvalidUtf8, Options, Source, SourceKind};
use evn::format::{format, FormatError};
use evn::text::Span;

use crate::common;
use common::token_texts;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.into_iter().map(|path| (path.clone(), std::fs::read(&path).unwrap())).collect()
}

fn inside(text: &str, span: Span, what: &Path) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{}: span {start}..{end} outside a text of {} bytes",
        what.display(),
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{}: span {start}..{end} splits a character",
        what.display()
    );
}

#[test]
fn parse() {
    for (path, data) in inputs("parse") {
        let (text, _) = evn::workspace::decode(&data);
        let ast = evn::syntax::parse(&text);
        for statement in &ast.statements {
            inside(&text, statement.span, &path);
        }
        for error in &ast.errors {
            inside(&text, error.span, &path);
        }
        let mut errors = Vec::new();
        evn::syntax::parse_chunks(&text, &mut |chunk| errors.extend_from_slice(&chunk.errors));
        assert_eq!(errors, ast.errors, "{}", path.display());
    }
}

#[test]
fn check() {
    for (path, data) in inputs("check") {
        let pieces: Vec<&[u8]> = data.splitn(4, |&b| b == 0).collect();
        let decoded: Vec<(String, Vec<InvalidUtf8>)> =
            pieces.iter().map(|piece| evn::workspace::decode(piece)).collect();
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
        let genes = if data.len() % 8 == 0 { vec![evn::vocab::Species::Human] } else { Vec::new() };
        let analysis = analyze(&sources, &Options { genes, ..Options::default() });
        for d in &analysis.diagnostics {
            let text = &decoded[d.file as usize].0;
            inside(text, d.span, &path);
            for edit in d.fix.iter().flat_map(|f| &f.edits) {
                inside(&decoded[edit.file as usize].0, edit.span, &path);
            }
        }
    }
}

#[test]
fn format_promises() {
    for (path, data) in inputs("format") {
        let (text, _) = evn::workspace::decode(&data);
        match format(&text) {
            Err(FormatError::Syntax(errors)) => assert!(!errors.is_empty(), "{}", path.display()),
            Err(FormatError::StrayCarriageReturn { .. }) => {}
            Ok(formatted) => {
                assert_eq!(
                    format(&formatted).as_deref(),
                    Ok(formatted.as_str()),
                    "{}: not idempotent",
                    path.display()
                );
                assert_eq!(
                    token_texts(&text),
                    token_texts(&formatted),
                    "{}: tokens changed",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn bib() {
    for (path, data) in inputs("bib") {
        let (text, _) = evn::workspace::decode(&data);
        let (entries, errors) = evn::syntax::bib::parse(&text);
        for entry in &entries {
            inside(&text, entry.key_span, &path);
            inside(&text, entry.span, &path);
            assert_eq!(entry.key_span.text(&text), entry.key, "{}", path.display());
        }
        for (span, _) in &errors {
            inside(&text, *span, &path);
        }
    }
}

/// The stream the `lsp` fuzz target builds from its input (see its documentation).
fn lsp_stream(data: &[u8]) -> Vec<u8> {
    let frame = |out: &mut Vec<u8>, body: &[u8]| {
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        out.extend_from_slice(body);
    };
    let Some((&mode, rest)) = data.split_first() else { return Vec::new() };
    if mode & 1 == 0 {
        return rest.to_vec();
    }
    let encodings = if mode & 2 == 0 { r#"["utf-16"]"# } else { r#"["utf-8","utf-16"]"# };
    let mut out = Vec::new();
    let init = format!(
        r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"capabilities":{{"general":{{"positionEncodings":{encodings}}}}}}}}}"#
    );
    frame(&mut out, init.as_bytes());
    frame(&mut out, br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    for line in rest.split(|&b| b == b'\n') {
        frame(&mut out, line);
    }
    out
}

/// Panics seen anywhere in this test binary: the server turns a panic in a handler
/// into an error reply, which must not hide it here (the fuzz target aborts on it).
static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[test]
fn lsp() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, std::sync::atomic::Ordering::SeqCst);
        previous(info);
    }));
    for (path, data) in inputs("lsp") {
        let stream = lsp_stream(&data);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let served = runtime.block_on(async {
            tokio::time::timeout(
                Duration::from_secs(20),
                evn::lsp::serve(std::io::Cursor::new(stream), tokio::io::sink()),
            )
            .await
        });
        assert!(
            served.is_ok(),
            "{}: the server did not stop after its input ended",
            path.display()
        );
        runtime.shutdown_timeout(Duration::from_secs(20));
        assert!(
            !PANICKED.load(std::sync::atomic::Ordering::SeqCst),
            "{}: a panic inside the server",
            path.display()
        );
    }
}
