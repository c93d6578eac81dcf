//! The byte streams around tower-lsp-server's transport: the input is filtered so that a
//! body that is not JSON never reaches it (it would stop), and the output merges its
//! messages with the server's own pre-serialised ones (diagnostics), whole frames at a
//! time.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message body accepted (a 50 MB document fits many times).
const MAX_BODY: usize = 1 << 30;

/// One frame read from a stream.
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`: skipped.
    Unusable,
}

/// Reads the next frame; `None` at the end of the stream.
async fn read_frame<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Frame> {
    let mut length: Option<usize> = None;
    let mut header_lines = 0;
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let line = line.trim_end();
        if line.is_empty() {
            if header_lines == 0 {
                continue;
            }
            break;
        }
        header_lines += 1;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length.filter(|&n| n <= MAX_BODY) else { return Some(Frame::Unusable) };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(Frame::Body(body))
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Copies framed messages from `input` to `output`, replacing a body that is not JSON
/// (malformed, or with a lone surrogate escape) by a notification the server ignores,
/// and skipping frames without a usable `Content-Length`; each is logged on stderr.
pub async fn filter_frames<I, O>(input: I, mut output: O)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    const REPLACEMENT: &[u8] = br#"{"jsonrpc":"2.0","method":"$/evn/malformedMessage"}"#;
    let mut reader = BufReader::new(input);
    while let Some(frame) = read_frame(&mut reader).await {
        let Frame::Body(body) = frame else {
            eprintln!("evn lsp: a message without a usable Content-Length was skipped");
            continue;
        };
        let body: &[u8] = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(_) => &body,
            Err(e) => {
                eprintln!("evn lsp: ignored a message that is not JSON ({e})");
                REPLACEMENT
            }
        };
        if output.write_all(&framed(body)).await.is_err() {
            return;
        }
    }
}

/// What the output writer receives: a message's JSON body (framed as it is written, so
/// that a large body is never copied behind its header), or the end of the transport's
/// output.
pub enum Out {
    Message(Vec<u8>),
    /// A body kept by its maker too (a document's diagnostics).
    Shared(std::sync::Arc<Vec<u8>>),
    End,
}

/// Forwards the transport's frames (read from `from_transport`) to `sink`, then `End`.
pub async fn forward_frames<R: AsyncRead + Unpin>(from_transport: R, sink: mpsc::UnboundedSender<Out>) {
    let mut reader = BufReader::new(from_transport);
    while let Some(frame) = read_frame(&mut reader).await {
        if let Frame::Body(body) = frame {
            if sink.send(Out::Message(body)).is_err() {
                return;
            }
        }
    }
    let _ = sink.send(Out::End);
}

async fn write_framed<O: AsyncWrite + Unpin>(output: &mut O, body: &[u8]) -> std::io::Result<()> {
    output.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    output.write_all(body).await
}

/// Writes every message received to `output` until `End` (or until the output fails).
pub async fn write_frames<O: AsyncWrite + Unpin>(mut frames: mpsc::UnboundedReceiver<Out>, mut output: O) {
    loop {
        let written = match frames.recv().await {
            Some(Out::Message(body)) => write_framed(&mut output, &body).await,
            Some(Out::Shared(body)) => write_framed(&mut output, &body).await,
            Some(Out::End) | None => break,
        };
        if written.is_err() {
            return;
        }
        // Flush when nothing else is waiting, so that bursts go out in one write.
        if frames.is_empty() && output.flush().await.is_err() {
            return;
        }
    }
    let _ = output.flush().await;
}
