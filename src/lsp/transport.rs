//! The byte streams of the protocol: frames (`Content-Length` headers and their bodies)
//! read from the input, resynchronising at the next `Content-Length:` after a header
//! that gives no usable length; and the output, one writer of whole frames for every
//! message (replies, the client's requests and notifications, pre-serialised
//! diagnostics and progress).

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message body accepted (a 50 MB document fits many times).
const MAX_BODY: usize = 1 << 30;
/// The longest header line read as one: longer is not a header.
const MAX_HEADER_LINE: usize = 8 * 1024;
/// What a resynchronisation looks for, in lower case.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// One frame read from a stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length` (why): what follows them is skipped up
    /// to the next `Content-Length:`.
    Unusable(String),
}

/// Reads frames from a byte stream.
pub struct FrameReader<R> {
    reader: BufReader<R>,
    /// The previous frame had no usable length: skip to the next `Content-Length:`.
    resync: bool,
}

/// A header line, or why there is none.
enum Line {
    Text(Vec<u8>),
    TooLong,
    End,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> FrameReader<R> {
        FrameReader { reader: BufReader::with_capacity(1 << 16, input), resync: false }
    }

    /// The next frame; `None` at the end of the stream (or when it fails).
    pub async fn next(&mut self) -> Option<Frame> {
        let mut length: Option<Result<usize, String>> = None;
        let mut headers = 0;
        if std::mem::take(&mut self.resync) {
            self.skip_to_content_length().await?;
            length = Some(self.content_length_value().await?);
            headers = 1;
        }
        loop {
            let line = match self.line().await {
                Line::End => return None,
                Line::TooLong => {
                    self.resync = true;
                    return Some(Frame::Unusable("a header line longer than 8 KiB".into()));
                }
                Line::Text(line) => line,
            };
            let line = trim_line_end(&line);
            if line.is_empty() {
                if headers == 0 {
                    continue; // blank lines between messages
                }
                break;
            }
            headers += 1;
            match header(line) {
                Some((name, value)) if name.eq_ignore_ascii_case(b"content-length") => {
                    length = Some(parse_length(value))
                }
                Some(_) => {}
                // Not a header: a message's tail that overran its length, or noise. A
                // `Content-Length:` inside it starts the next message.
                None => {
                    if let Some(at) = find_content_length(line) {
                        length = Some(parse_length(&line[at + CONTENT_LENGTH.len()..]));
                    }
                }
            }
        }
        match length {
            Some(Ok(length)) => self.body(length).await.map(Frame::Body),
            Some(Err(why)) => {
                self.resync = true;
                Some(Frame::Unusable(why))
            }
            None => {
                self.resync = true;
                Some(Frame::Unusable("headers without a Content-Length".into()))
            }
        }
    }

    /// One line (with its line break), at most [`MAX_HEADER_LINE`] bytes long.
    async fn line(&mut self) -> Line {
        let mut line = Vec::new();
        loop {
            let available = match self.reader.fill_buf().await {
                Ok([]) | Err(_) => return Line::End,
                Ok(available) => available,
            };
            let room = MAX_HEADER_LINE - line.len();
            match memchr::memchr(b'\n', &available[..available.len().min(room)]) {
                Some(end) => {
                    line.extend_from_slice(&available[..=end]);
                    self.reader.consume(end + 1);
                    return Line::Text(line);
                }
                None if available.len() >= room => {
                    // Too long for a header: whatever it is, look for the next frame.
                    self.reader.consume(room);
                    return Line::TooLong;
                }
                None => {
                    let n = available.len();
                    line.extend_from_slice(available);
                    self.reader.consume(n);
                }
            }
        }
    }

    /// Skips every byte up to and including the next `Content-Length:` (any case),
    /// without holding what it skips; `None` at the end of the stream.
    async fn skip_to_content_length(&mut self) -> Option<()> {
        // The pattern has no prefix that is also its suffix, so a mismatch restarts
        // the match at the current byte.
        let mut matched = 0;
        loop {
            let available = self.reader.fill_buf().await.ok().filter(|a| !a.is_empty())?;
            let mut used = available.len();
            for (i, &byte) in available.iter().enumerate() {
                if byte.to_ascii_lowercase() == CONTENT_LENGTH[matched] {
                    matched += 1;
                    if matched == CONTENT_LENGTH.len() {
                        used = i + 1;
                        break;
                    }
                } else {
                    matched = usize::from(byte.to_ascii_lowercase() == CONTENT_LENGTH[0]);
                }
            }
            self.reader.consume(used);
            if matched == CONTENT_LENGTH.len() {
                return Some(());
            }
        }
    }

    /// The rest of a `Content-Length:` line, as a length.
    async fn content_length_value(&mut self) -> Option<Result<usize, String>> {
        match self.line().await {
            Line::End => None,
            Line::TooLong => Some(Err("a Content-Length longer than 8 KiB".into())),
            Line::Text(line) => Some(parse_length(trim_line_end(&line))),
        }
    }

    /// A body of `length` bytes, read as it arrives (a large length allocates only what
    /// comes); `None` when the stream ends first.
    async fn body(&mut self, length: usize) -> Option<Vec<u8>> {
        let mut body = Vec::with_capacity(length.min(1 << 20));
        (&mut self.reader).take(length as u64).read_to_end(&mut body).await.ok()?;
        (body.len() == length).then_some(body)
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `Name: value`, when `Name` is a header name (letters, digits and `-`).
fn header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = memchr::memchr(b':', line)?;
    let name = &line[..colon];
    let is_name = !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    is_name.then(|| (name, &line[colon + 1..]))
}

fn find_content_length(line: &[u8]) -> Option<usize> {
    line.windows(CONTENT_LENGTH.len()).position(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
}

fn parse_length(value: &[u8]) -> Result<usize, String> {
    let text = String::from_utf8_lossy(value);
    let text = text.trim();
    match text.parse::<usize>() {
        Ok(n) if n <= MAX_BODY => Ok(n),
        Ok(n) => Err(format!("a Content-Length of {n} bytes, more than the {MAX_BODY} accepted")),
        Err(_) => Err(format!(
            "a Content-Length that is not a length: `{}`",
            text.chars().take(40).collect::<String>()
        )),
    }
}

/// What the output writer receives: a message's JSON body (framed as it is written, so
/// that a large body is never copied behind its header), or the end of the output.
pub enum Out {
    Message(Vec<u8>),
    /// A body kept by its maker too (a document's diagnostics).
    Shared(std::sync::Arc<Vec<u8>>),
    End,
}

async fn write_framed<O: AsyncWrite + Unpin>(output: &mut O, body: &[u8]) -> std::io::Result<()> {
    output.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    output.write_all(body).await
}

/// Writes every message received to `output` until `End` (or until the output fails).
pub async fn write_frames<O: AsyncWrite + Unpin>(
    mut frames: mpsc::UnboundedReceiver<Out>,
    mut output: O,
) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let mut reader = FrameReader::new(input);
            let mut out = Vec::new();
            while let Some(frame) = reader.next().await {
                out.push(frame);
            }
            out
        })
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    #[test]
    fn frames_are_read_with_any_header_case_and_blank_lines_between() {
        let input =
            b"Content-Length: 2\r\n\r\n{}\r\ncontent-length:3\r\nContent-Type: x\r\n\r\n[1]";
        assert_eq!(frames(input), [body("{}"), body("[1]")]);
    }

    #[test]
    fn an_unusable_length_resynchronises_at_the_next_content_length() {
        for bad in [
            "",
            "Content-Length: -5\r\n",
            "Content-Length: abc\r\n",
            "Content-Length: 99999999999999999999999999\r\n",
        ] {
            let input = format!("{bad}X-Other: 1\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":1}}Content-Length: 2\r\n\r\n{{}}");
            let read = frames(input.as_bytes());
            assert!(matches!(&read[0], Frame::Unusable(_)), "{bad:?}: {read:?}");
            assert_eq!(read[1..], [body("{}")], "{bad:?}");
        }
    }

    #[test]
    fn a_tail_beyond_the_length_does_not_hide_the_next_message() {
        // The first length is one short: `}` is left over, in front of the next header.
        let input = b"Content-Length: 1\r\n\r\n{}Content-Length: 2\r\n\r\n[]";
        assert_eq!(frames(input), [body("{"), body("[]")]);
    }

    #[test]
    fn a_long_line_without_a_break_is_skipped_without_losing_the_next_frame() {
        let mut input = vec![b'x'; 100_000];
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let read = frames(&input);
        assert!(matches!(&read[0], Frame::Unusable(_)), "{read:?}");
        assert_eq!(read[1..], [body("{}")]);
    }

    #[test]
    fn a_body_cut_short_ends_the_stream() {
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{}"), []);
    }
}
