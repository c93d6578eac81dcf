//! A JSON-RPC client of the language server over in-memory streams, for the protocol
//! tests (`tests/lsp*.rs`).
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
use tokio::sync::mpsc;

pub struct Client {
    pub write: WriteHalf<DuplexStream>,
    incoming: mpsc::UnboundedReceiver<Value>,
    /// Messages read while waiting for something else.
    pub backlog: Vec<Value>,
    next_id: i64,
}

async fn read_message(reader: &mut BufReader<ReadHalf<DuplexStream>>) -> Option<Value> {
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
    Some(serde_json::from_slice(&body).unwrap_or_else(|e| json!({"unreadable": format!("{e}: {}", String::from_utf8_lossy(&body))})))
}

impl Client {
    pub async fn start() -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 22);
        let (server_read, server_write) = tokio::io::split(server_side);
        tokio::spawn(evn::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_side);
        let (tx, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(read);
            while let Some(message) = read_message(&mut reader).await {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Client { write, incoming, backlog: Vec::new(), next_id: 1 }
    }

    pub async fn send_raw(&mut self, body: &str) {
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write.write_all(framed.as_bytes()).await.unwrap();
    }

    pub async fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string()).await;
    }

    pub async fn next(&mut self) -> Value {
        let message = tokio::time::timeout(Duration::from_secs(20), self.incoming.recv())
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
        let matches = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && accept(&m["params"]);
        if let Some(i) = self.backlog.iter().position(matches) {
            return self.backlog.remove(i)["params"].clone();
        }
        loop {
            let message = self.next().await;
            if matches(&message) {
                return message["params"].clone();
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
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "evn", "version": 1, "text": text}})).await;
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

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

impl Client {
    /// A `didChange` of one edit (`range` `None`: the whole text).
    pub async fn change(&mut self, uri: &str, version: i64, range: Option<(Value, Value)>, text: &str) {
        let change = match range {
            Some((start, end)) => json!({"range": {"start": start, "end": end}, "text": text}),
            None => json!({"text": text}),
        };
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}))
            .await;
    }

    /// Starts a server on in-memory streams and initializes it with these client
    /// capabilities and workspace folders.
    pub async fn started_with(capabilities: Value, folders: Value) -> (Client, Value) {
        let mut client = Client::start().await;
        let result = client.request("initialize", json!({"capabilities": capabilities, "workspaceFolders": folders})).await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }
}
