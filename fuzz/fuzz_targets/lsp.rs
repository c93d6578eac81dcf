//! Fuzz target: the language server's message handling (`evn::lsp::serve`) fed with a
//! byte stream over in-memory streams, as an editor would write to its stdin.
//!
//! The first byte chooses how the rest is read:
//! - even: the rest is the raw stream (headers, framing and bodies all fuzzed);
//! - odd: the server is first initialized (UTF-16 or, when bit 1 is set, UTF-8
//!   positions), then every line of the rest is sent as one message body, framed with
//!   its `Content-Length`, so that the fuzzer spends its time in the handlers.
//!
//! The server must neither panic (libFuzzer's panic hook aborts even inside the
//! server's `catch_unwind`) nor hang: once the input ends it must stop within the
//! timeout. Inputs that name workspace folders are skipped, so that the server never
//! walks the fuzzing machine's file system.

#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;

/// How long the server may take after the end of its input.
const TIMEOUT: Duration = Duration::from_secs(20);

fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

fn contains(data: &[u8], needle: &[u8]) -> bool {
    data.windows(needle.len()).any(|w| w == needle)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if [&b"orkspaceFolder"[..], b"rootUri", b"rootPath"].iter().any(|key| contains(rest, key)) {
        return;
    }
    let stream = if mode & 1 == 0 {
        rest.to_vec()
    } else {
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
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime");
    let served = runtime.block_on(async {
        tokio::time::timeout(TIMEOUT, evn::lsp::serve(std::io::Cursor::new(stream), tokio::io::sink())).await
    });
    assert!(served.is_ok(), "the server did not stop within {TIMEOUT:?} after its input ended");
    runtime.shutdown_timeout(TIMEOUT);
});
