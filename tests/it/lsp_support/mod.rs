//! A JSON-RPC client of the language server, for the protocol tests (`tests/lsp*.rs`):
//! over in-memory streams to `evn::lsp::serve` ([`Client::start`]), or over pipes to
//! the real `evn lsp` binary ([`Client::binary`]).
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

pub struct Client {
    pub write: Box<dyn AsyncWrite + Unpin + Send>,
    /// The server process, for [`Client::binary`].
    pub child: Option<tokio::process::Child>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read while waiting for something else.
    pub backlog: Vec<Value>,
    next_id: i64,
    /// How long to wait for the next message before the test fails. A hang is what
    /// this catches, not slowness: speed is measured by benchmarks (BENCHMARKS.md), so
    /// a test whose server has much to do may wait longer.
    pub patience: Duration,
}

async fn read_message(reader: &mut BufReader<impl AsyncRead + Unpin>) -> Option<Value> {
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).unwrap_or_else(
        |e| json!({"unreadable": format!("{e}: {}", String::from_utf8_lossy(&body))}),
    ))
}

impl Client {
    pub async fn start() -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 22);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(evn::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_side);
        Client::over(read, Box::new(write), None)
    }

    /// The real `evn lsp`, over its standard input and output (stderr is dropped).
    /// `EVN_TEST_BINARY` names another build to run instead (to see a test fail on the
    /// binary of an earlier commit).
    pub async fn binary() -> Client {
        Client::binary_with(&[], &[]).await
    }

    /// The real `evn lsp`, run through `wrapper` (a command and its arguments, before the
    /// binary's path) with these variables set in its environment.
    pub async fn binary_with(wrapper: &[&str], env: &[(&str, &std::path::Path)]) -> Client {
        let program: std::ffi::OsString =
            std::env::var_os("EVN_TEST_BINARY").unwrap_or_else(|| env!("CARGO_BIN_EXE_evn").into());
        let mut command = match wrapper.split_first() {
            Some((first, rest)) => {
                let mut command = tokio::process::Command::new(first);
                command.args(rest).arg(program);
                command
            }
            None => tokio::process::Command::new(program),
        };
        command.envs(env.iter().copied());
        let mut child = command
            .arg("lsp")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("run evn lsp");
        let write = child.stdin.take().unwrap();
        let read = child.stdout.take().unwrap();
        Client::over(read, Box::new(write), Some(child))
    }

    fn over(
        read: impl AsyncRead + Unpin + Send + 'static,
        write: Box<dyn AsyncWrite + Unpin + Send>,
        child: Option<tokio::process::Child>,
    ) -> Client {
        let (tx, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(read);
            while let Some(message) = read_message(&mut reader).await {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            write,
            child,
            incoming,
            backlog: Vec::new(),
            next_id: 1,
            patience: Duration::from_secs(20),
        }
    }

    /// Writes bytes as they are, in one write.
    pub async fn write_bytes(&mut self, bytes: &[u8]) {
        self.write.write_all(bytes).await.unwrap();
        self.write.flush().await.unwrap();
    }

    /// The next id [`Client::request`] would use, taken.
    pub fn take_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// The reply to request `id`, the messages read before it kept in the backlog.
    pub async fn reply(&mut self, id: &Value) -> Value {
        let matches = |m: &Value| m.get("id") == Some(id) && m.get("method").is_none();
        if let Some(i) = self.backlog.iter().position(matches) {
            return self.backlog.remove(i);
        }
        loop {
            let message = self.next().await;
            if matches(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The server's exit status, after its input is closed or `exit` was sent.
    pub async fn status(&mut self) -> std::process::ExitStatus {
        let child = self.child.as_mut().expect("a binary client");
        tokio::time::timeout(Duration::from_secs(20), child.wait())
            .await
            .expect("the server ends")
            .unwrap()
    }

    pub async fn send_raw(&mut self, body: &str) {
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write.write_all(framed.as_bytes()).await.unwrap();
        self.write.flush().await.unwrap();
    }

    pub async fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string()).await;
    }

    pub async fn next(&mut self) -> Value {
        let message = tokio::time::timeout(self.patience, self.incoming.recv())
            .await
            .unwrap_or_else(|_| panic!("no message in time; read before: {:?}", self.backlog))
            .unwrap_or_else(|| panic!("the server stopped; read before: {:?}", self.backlog));
        // Answer the server's requests (registerCapability) at once.
        if message.get("method").is_some() && message.get("id").is_some() {
            let id = message["id"].clone();
            self.send(json!({"jsonrpc": "2.0", "id": id, "result": null})).await;
        }
        message
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let message = self.next().await;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push(message);
        }
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// The next publishDiagnostics for `uri` that satisfies `accept`.
    pub async fn diagnostics(&mut self, uri: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && accept(&m["params"])
        };
        if let Some(i) = self.backlog.iter().position(matches) {
            return self.backlog.remove(i)["params"].clone();
        }
        loop {
            let message = self.next().await;
            if matches(&message) {
                return message["params"].clone();
            }
            // Another document's publication is kept for a later wait on it: the server
            // may publish `evn.toml` before the file a test waits for first, and it
            // publishes an unchanged list once only. (This one's, superseded, is not.)
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] != uri
            {
                self.backlog.push(message);
            }
        }
    }

    pub async fn initialize(&mut self, root: Option<&std::path::Path>, utf8: bool) -> Value {
        let folders = root.map(|r| json!([{"uri": uri(r), "name": "ws"}])).unwrap_or(Value::Null);
        let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
        let result = self
            .request(
                "initialize",
                json!({"capabilities": {"general": {"positionEncodings": encodings},
                        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
                       "workspaceFolders": folders}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "evn", "version": 1, "text": text}}),
        )
        .await;
    }
}

pub fn uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// The rules of the diagnostics, hints (severity 4, such as `non-canonical-name`) left out.
pub fn rules(params: &Value) -> Vec<String> {
    let all = params["diagnostics"].as_array().unwrap().iter();
    all.filter(|d| d["severity"] != 4).map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

/// Applies protocol text edits (positions in UTF-16 units on ASCII text) to `text`.
pub fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let (line, character) =
            (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + character
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

impl Client {
    /// A `didChange` of one edit (`range` `None`: the whole text).
    pub async fn change(
        &mut self,
        uri: &str,
        version: i64,
        range: Option<(Value, Value)>,
        text: &str,
    ) {
        let change = match range {
            Some((start, end)) => json!({"range": {"start": start, "end": end}, "text": text}),
            None => json!({"text": text}),
        };
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )
        .await;
    }

    /// Starts a server on in-memory streams and initializes it with these client
    /// capabilities and workspace folders.
    pub async fn started_with(capabilities: Value, folders: Value) -> (Client, Value) {
        let mut client = Client::start().await;
        let result = client
            .request(
                "initialize",
                json!({"capabilities": capabilities, "workspaceFolders": folders}),
            )
            .await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }
}
