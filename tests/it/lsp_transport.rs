//! A transport that never dies and never goes deaf (issue 14 §3), through the real
//! `evn lsp` over pipes: bodies that are not messages get the JSON-RPC error reply and
//! the server reads on; a header without a usable `Content-Length` loses only its own
//! message; `exit` without `shutdown` ends with status 1; `$/cancelRequest` cancels
//! long requests.

use crate::lsp_support;

use lsp_support::{pos, Client};
use serde_json::{json, Value};

fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The server is alive: a request sent now is answered.
async fn answers(client: &mut Client) {
    let reply = client
        .request("evn/documentText", json!({"uri": "file:///tmp/evn-lsp-transport/none.evn"}))
        .await;
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
}

/// The next error reply with `id: null`, its code.
async fn null_id_error(client: &mut Client) -> i64 {
    loop {
        let message = client.next().await;
        if message.get("error").is_some() && message["id"].is_null() {
            return message["error"]["code"].as_i64().unwrap();
        }
        client.backlog.push(message);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_that_are_not_messages_get_an_error_reply_and_the_server_reads_on() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let hover = |id: &str| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"textDocument":{{"uri":"file:///x.evn"}},"position":{{"line":0,"character":0}}}}}}"#
        )
    };
    let cases: Vec<(String, i64)> = vec![
        (r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#.into(), -32600),
        ("{}".into(), -32600),
        ("42".into(), -32600),
        (r#""abc""#.into(), -32600),
        ("null".into(), -32600),
        (hover("1.5"), -32600),
        (hover("{}"), -32600),
        (hover("true"), -32600),
        (hover("123456789012345678901234567890"), -32600),
        ("{not json".into(), -32700),
        (deep, -32700),
        (
            r#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"x":"\ud800"}}"#
                .into(),
            -32700,
        ),
    ];
    for (body, code) in &cases {
        client.write_bytes(&framed(body)).await;
        assert_eq!(null_id_error(&mut client).await, *code, "{}", &body[..body.len().min(80)]);
        answers(&mut client).await;
    }
    // All at once, in one write: one reply each, in order, and still alive.
    let all: Vec<u8> = cases.iter().flat_map(|(body, _)| framed(body)).collect();
    client.write_bytes(&all).await;
    for (body, code) in &cases {
        assert_eq!(null_id_error(&mut client).await, *code, "{}", &body[..body.len().min(80)]);
    }
    answers(&mut client).await;
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
    assert_eq!(client.status().await.code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_without_a_usable_length_loses_only_its_own_message() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    for header in [
        "Content-Type: application/vscode-jsonrpc; charset=utf-8",
        "Content-Length: -5",
        "Content-Length: abc",
        "Content-Length: 99999999999999999999999999",
    ] {
        // The body has no line break: the next message's header follows it at once.
        let mut bytes =
            format!("{header}\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":1000,\"method\":\"shutdown\"}}")
                .into_bytes();
        let id = client.take_id();
        bytes.extend(framed(&json!({"jsonrpc": "2.0", "id": id, "method": "evn/documentText", "params": {"uri": "file:///n.evn"}}).to_string()));
        client.write_bytes(&bytes).await;
        assert_eq!(null_id_error(&mut client).await, -32700, "{header}");
        let reply = client.reply(&json!(id)).await;
        assert_eq!(reply["error"]["code"], -32602, "{header}: {reply}");
        answers(&mut client).await;
    }
    assert!(
        !client.backlog.iter().any(|m| m["id"] == 1000),
        "the skipped body was read as a message: {:?}",
        client.backlog
    );
    // Not shut down (the skipped `shutdown` never ran): `exit` ends with status 1.
    client.notify("exit", Value::Null).await;
    assert_eq!(client.status().await.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_without_shutdown_ends_with_status_one_and_after_it_with_zero() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    client.notify("exit", Value::Null).await;
    assert_eq!(client.status().await.code(), Some(1));

    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let shutdown = client.request("shutdown", Value::Null).await;
    assert!(shutdown["result"].is_null() && shutdown.get("error").is_none(), "{shutdown}");
    client.notify("exit", Value::Null).await;
    assert_eq!(client.status().await.code(), Some(0));
}

/// Formatting, document symbols and hover of a 10 MB document, each cancelled right
/// after it is sent: each answered `-32800` (not after the seconds the work takes), and
/// the server answers on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_request_cancels_long_requests() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-lsp-transport/big.evn";
    let line = "carrier SLN(DOX)  downregulates MDR1 in TNBC, MCF-7 via efflux cite(1)\n";
    let text: String = line.repeat(10_000_000 / line.len()) + "ref 1 \"x\"\n";
    client.open(u, &text).await;
    let doc = json!({"uri": u});
    let requests = [
        (
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/hover", json!({"textDocument": doc, "position": pos(100_000, 20)})),
    ];
    let mut bytes = Vec::new();
    let mut ids = Vec::new();
    for (method, params) in requests {
        let id = client.take_id();
        ids.push(id);
        bytes.extend(framed(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string(),
        ));
        bytes.extend(framed(
            &json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": id}})
                .to_string(),
        ));
    }
    client.write_bytes(&bytes).await;
    for id in ids {
        let reply = client.reply(&json!(id)).await;
        assert_eq!(reply["error"]["code"], -32800, "{reply}");
    }
    let held = client.request("evn/documentText", json!({"uri": u})).await;
    assert_eq!(held["result"]["version"], 1);
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
    assert_eq!(client.status().await.code(), Some(0));
}
