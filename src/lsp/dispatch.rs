//! The order of the protocol. Messages are read one at a time, in the order they
//! arrive ([`super::transport`]), and checked: a body that is not a JSON-RPC message
//! gets the error reply (`-32700` when it is not JSON, `-32600` when it is not a
//! request, notification or response; `id: null` when its id cannot be read) and the
//! server reads on. Then:
//!
//! - a notification (and `initialize`, `shutdown`) is handled to its end before the
//!   next message is read, so that every change applies in the order sent;
//! - a request is given its [`Receipt`] (the state as it is now, after the
//!   notifications before it) and runs on its own task with it, so that it is answered
//!   on the text it was sent for, however many changes follow it;
//! - `exit` ends the server: status 0 after `shutdown`, else 1.
//!
//! Handlers of notifications never wait for the client (that would wait for a message
//! this loop has not read yet).

use std::future::poll_fn;

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_service::Service;

use super::receipt::Receipt;
use super::server::{service_with, Inner};
use super::transport::{write_frames, Frame, FrameReader, Out};

/// How the server ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The `exit` notification, after a `shutdown` request or not.
    Exit { shutdown: bool },
    /// The input ended (the client is gone).
    InputClosed,
}

impl Ending {
    /// The process's exit status: the protocol asks for 1 on `exit` without `shutdown`.
    pub fn status(self) -> u8 {
        match self {
            Ending::Exit { shutdown: false } => 1,
            Ending::Exit { shutdown: true } | Ending::InputClosed => 0,
        }
    }
}

/// Runs the server on standard input and output until the client exits; the exit
/// status.
pub async fn run_stdio() -> u8 {
    serve(tokio::io::stdin(), tokio::io::stdout()).await.status()
}

/// Runs the server on a pair of streams until the client exits or the input ends.
pub async fn serve<I, O>(input: I, output: O) -> Ending
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (out, to_write) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write_frames(to_write, output));
    let (mut service, socket) = service_with(Some(out.clone()));
    let backend = service.inner().0.clone();
    // The server's own requests and notifications to the client.
    let (mut to_client, mut from_client) = socket.split();
    let forward = out.clone();
    let forwarder = tokio::spawn(async move {
        while let Some(message) = to_client.next().await {
            if let Ok(body) = serde_json::to_vec(&message) {
                if forward.send(Out::Message(body)).is_err() {
                    break;
                }
            }
        }
    });
    let reply = |response: Response| {
        if let Ok(body) = serde_json::to_vec(&response) {
            let _ = out.send(Out::Message(body));
        }
    };
    let mut frames = FrameReader::new(input);
    let mut requests = tokio::task::JoinSet::new();
    let mut shutdown = false;
    let ending = loop {
        let Some(frame) = frames.next().await else { break Ending::InputClosed };
        let body = match frame {
            Frame::Body(body) => body,
            Frame::Unusable(why) => {
                eprintln!("evn lsp: skipped a message: {why}");
                reply(Response::from_error(
                    Id::Null,
                    error(ErrorCode::ParseError, format!("skipped a message: {why}")),
                ));
                continue;
            }
        };
        let request = match message(&body) {
            Incoming::Request(request) => request,
            Incoming::Response(response) => {
                if from_client.send(response).await.is_err() {
                    eprintln!("evn lsp: a response to no request of the server");
                }
                continue;
            }
            Incoming::Invalid(response) => {
                if let (_, Err(e)) = response.clone().into_parts() {
                    eprintln!("evn lsp: {}", e.message);
                }
                reply(response);
                continue;
            }
            Incoming::Ignored(why) => {
                eprintln!("evn lsp: ignored a response: {why}");
                continue;
            }
        };
        if poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
            break Ending::Exit { shutdown };
        }
        let method = request.method();
        if let (true, Some(id)) = (method.starts_with("$/"), request.id()) {
            // The protocol lets a server ignore `$/` notifications, not requests: a
            // request the server does not know gets `-32601` (tower-lsp-server drops it).
            reply(Response::from_error(id.clone(), Error::method_not_found()));
            continue;
        }
        if request.id().is_none() {
            if let Some(why) = unreadable_document(&request) {
                backend.log(format!("evn: ignored `{method}`: {why}"));
            }
        }
        if method == "exit" {
            let _ = service.call(request).await;
            break Ending::Exit { shutdown };
        }
        if request.id().is_none() || method == "initialize" || method == "shutdown" {
            let is_shutdown = method == "shutdown";
            if let Ok(Some(response)) = service.call(request).await {
                shutdown |= is_shutdown && response.is_ok();
                reply(response);
            }
        } else {
            let receipt: Receipt = backend.receive();
            let answer = Inner::with_receipt(receipt, service.call(request));
            let out = out.clone();
            requests.spawn(async move {
                if let Ok(Some(response)) = answer.await {
                    if let Ok(body) = serde_json::to_vec(&response) {
                        let _ = out.send(Out::Message(body));
                    }
                }
            });
        }
        while requests.try_join_next().is_some() {}
    };
    match ending {
        // The requests read before the end are answered.
        Ending::InputClosed => while requests.join_next().await.is_some() {},
        // `exit` cancelled them.
        Ending::Exit { .. } => requests.abort_all(),
    }
    forwarder.abort();
    let _ = out.send(Out::End);
    // Whatever was written last (the reply to `shutdown`) goes out before we end.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), writer).await;
    ending
}

/// Why a document notification will be dropped by the service: its document's URI is
/// not one (tower-lsp-server drops a notification whose parameters it cannot read,
/// saying nothing to the client).
fn unreadable_document(request: &Request) -> Option<String> {
    if !request.method().starts_with("textDocument/did") {
        return None;
    }
    let uri = request.params()?.get("textDocument")?.get("uri")?;
    let text = match uri.as_str() {
        Some(text) => text,
        None => return Some(format!("the document's URI is not a string: {uri}")),
    };
    match text.parse::<tower_lsp_server::ls_types::Uri>() {
        Ok(_) => None,
        Err(e) => Some(format!("the document's URI `{text}` cannot be read: {e}")),
    }
}

/// A message read.
enum Incoming {
    Request(Request),
    Response(Response),
    /// Not a message: the error reply.
    Invalid(Response),
    /// A response that cannot be matched to a request.
    Ignored(String),
}

fn error(code: ErrorCode, message: String) -> Error {
    Error { code, message: message.into(), data: None }
}

fn invalid(code: ErrorCode, id: Id, message: impl Into<String>) -> Incoming {
    Incoming::Invalid(Response::from_error(id, error(code, message.into())))
}

/// What a JSON value is, in words.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number with a fraction or out of range",
        Value::Number(_) => "an integer out of range",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a body as a JSON-RPC 2.0 message (one object; LSP has no batches).
fn message(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return invalid(
                ErrorCode::ParseError,
                Id::Null,
                format!("the message is not JSON: {e}"),
            )
        }
    };
    let object = match value {
        Value::Object(object) => object,
        Value::Array(_) => {
            return invalid(
                ErrorCode::InvalidRequest,
                Id::Null,
                "a batch (a JSON array) is not a message of the Language Server Protocol",
            )
        }
        other => {
            return invalid(
                ErrorCode::InvalidRequest,
                Id::Null,
                format!("a message is a JSON object, not {}", describe(&other)),
            )
        }
    };
    let is_request = object.contains_key("method");
    let id = match object.get("id") {
        None => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64().map(Id::Number),
        Some(Value::String(s)) => Some(Id::String(s.clone())),
        // The error reply to a message whose id could not be read.
        Some(Value::Null) if !is_request => Some(Id::Null),
        Some(other) => {
            return invalid(
                ErrorCode::InvalidRequest,
                Id::Null,
                format!("an id is an integer or a string, not {}", describe(other)),
            )
        }
    };
    let reply_id = id.clone().unwrap_or(Id::Null);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(
            ErrorCode::InvalidRequest,
            reply_id,
            "a message has `\"jsonrpc\": \"2.0\"`",
        );
    }
    match object.get("method") {
        Some(Value::String(_)) => {
            if let Some(params) = object.get("params") {
                if !matches!(params, Value::Object(_) | Value::Array(_) | Value::Null) {
                    return invalid(
                        ErrorCode::InvalidRequest,
                        reply_id,
                        format!("`params` is an object or an array, not {}", describe(params)),
                    );
                }
            }
            match serde_json::from_value::<Request>(Value::Object(object)) {
                Ok(request) => Incoming::Request(request),
                Err(e) => invalid(ErrorCode::InvalidRequest, reply_id, e.to_string()),
            }
        }
        Some(other) => invalid(
            ErrorCode::InvalidRequest,
            reply_id,
            format!("`method` is a string, not {}", describe(other)),
        ),
        None if object.contains_key("result") || object.contains_key("error") => {
            if id.is_none() {
                return Incoming::Ignored("a response without an id".into());
            }
            match serde_json::from_value::<Response>(Value::Object(object)) {
                Ok(response) => Incoming::Response(response),
                Err(e) => Incoming::Ignored(e.to_string()),
            }
        }
        None => invalid(
            ErrorCode::InvalidRequest,
            reply_id,
            "a message is a request (`method`) or a response (`result` or `error`)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> Option<(i64, Value)> {
        match message(body.as_bytes()) {
            Incoming::Invalid(response) => {
                let json = serde_json::to_value(&response).unwrap();
                Some((json["error"]["code"].as_i64().unwrap(), json["id"].clone()))
            }
            _ => None,
        }
    }

    #[test]
    fn what_is_not_a_message_gets_its_error_code_and_id() {
        let null = Value::Null;
        assert_eq!(code("{"), Some((-32700, null.clone())));
        assert_eq!(
            code(&format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
            Some((-32700, null.clone()))
        );
        for body in
            ["[]", "[{\"jsonrpc\":\"2.0\",\"method\":\"x\"}]", "{}", "42", "\"abc\"", "null"]
        {
            assert_eq!(code(body), Some((-32600, null.clone())), "{body}");
        }
        for id in ["1.5", "{}", "true", "123456789012345678901234567890", "null"] {
            let body =
                format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"textDocument/hover\"}}");
            assert_eq!(code(&body), Some((-32600, null.clone())), "{body}");
        }
        assert_eq!(
            code("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"x\"}"),
            Some((-32600, Value::from(7)))
        );
        assert_eq!(
            code("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"x\",\"params\":5}"),
            Some((-32600, Value::from("a")))
        );
        assert!(matches!(
            message(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}"),
            Incoming::Request(_)
        ));
        assert!(matches!(
            message(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":null}"),
            Incoming::Request(_)
        ));
        assert!(matches!(
            message(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}"),
            Incoming::Response(_)
        ));
        assert!(matches!(message(b"{\"jsonrpc\":\"2.0\",\"result\":null}"), Incoming::Ignored(_)));
    }
}
