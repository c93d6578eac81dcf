//! Answers on the text they were asked about (issue 14 §2), through the real `evn lsp`
//! over pipes: changes and requests written together, many versions in one write, and
//! every answer checked against the text of the version it was sent after — hover,
//! `evn/documentText`, formatting, rename, completion and a quick fix.

use crate::lsp_support;

use lsp_support::{apply, pos, Client};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/evn-lsp-order/doc.evn";
const NAMES: [&str; 3] = ["BAX", "TP53", "VIM"];
const PREFIXES: [&str; 3] = ["AB", "ABC", "ABCB"];

/// The text of version `v`: each line differs from one version to the next, so that an
/// answer computed on another version does not fit this one.
fn text(v: i64) -> String {
    let k = (v % 3) as usize;
    let pad = " ".repeat(1 + k);
    format!(
        "drug DOX{pad}inhibits {name} cite(1)\ndrug DOX{pad}inhibits BCRQ cite(1)\ndefine target T{v} \"t\"\ndrug DOX inhibits T{v} cite(1)\nref 1 \"x\"\ndrug DOX inhibits {prefix}",
        name = NAMES[k],
        prefix = PREFIXES[k]
    )
}

fn frame(message: Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// The requests sent after the change to version `v`, with their ids.
struct Asked {
    v: i64,
    hover: i64,
    text: i64,
    format: i64,
    rename: i64,
    complete: i64,
    action: i64,
}

fn ask(client: &mut Client, v: i64, out: &mut Vec<u8>) -> Asked {
    let k = (v % 3) as u32;
    let doc = json!({"uri": URI});
    out.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": URI, "version": v}, "contentChanges": [{"text": text(v)}]}})));
    let mut request = |method: &str, params: Value| {
        let id = client.take_id();
        out.extend(frame(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})));
        id
    };
    let name_at = pos(0, 18 + k);
    let last = text(v).lines().nth(5).unwrap().len() as u32;
    Asked {
        v,
        hover: request("textDocument/hover", json!({"textDocument": doc, "position": name_at})),
        text: request("evn/documentText", json!({"uri": URI})),
        format: request(
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
        rename: request(
            "textDocument/rename",
            json!({"textDocument": doc, "position": pos(2, 15), "newName": format!("U{v}")}),
        ),
        complete: request(
            "textDocument/completion",
            json!({"textDocument": doc, "position": pos(5, last)}),
        ),
        action: request(
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": {"start": pos(1, 19 + k), "end": pos(1, 19 + k)},
            "context": {"diagnostics": []}}),
        ),
    }
}

/// Checks every answer to the requests sent after version `asked.v`; the number of
/// stale answers.
async fn check(client: &mut Client, asked: &Asked) -> Vec<String> {
    let v = asked.v;
    let k = (v % 3) as usize;
    let text = text(v);
    let mut stale = Vec::new();
    let mut expect = |ok: bool, what: &str, answer: &Value| {
        if !ok {
            stale.push(format!("version {v}, {what}: {answer}"));
        }
    };

    let hover = client.reply(&json!(asked.hover)).await;
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("");
    let start = &hover["result"]["range"]["start"];
    expect(shown.contains(NAMES[k]) && *start == pos(0, 18 + k as u32), "hover", &hover);

    let held = client.reply(&json!(asked.text)).await;
    expect(
        held["result"]["version"] == v && held["result"]["text"] == text.as_str(),
        "documentText",
        &held,
    );

    let formatted = client.reply(&json!(asked.format)).await;
    let expected = evn::format::format(&text).unwrap();
    expect(
        formatted["result"].is_array() && apply(&text, &formatted["result"]) == expected,
        "formatting",
        &formatted,
    );

    let renamed = client.reply(&json!(asked.rename)).await;
    let edits = &renamed["result"]["changes"][URI];
    let expected = text.replace(&format!("T{v}"), &format!("U{v}"));
    expect(edits.is_array() && apply(&text, edits) == expected, "rename", &renamed);

    let completed = client.reply(&json!(asked.complete)).await;
    let range = &completed["result"]["items"][0]["textEdit"]["range"];
    let replaced = json!([{"range": range, "newText": ""}]);
    let line = text.lines().nth(5).unwrap();
    let ok = range.is_object()
        && apply(&text, &replaced).lines().nth(5) == line.strip_suffix(PREFIXES[k]);
    expect(ok, "completion", &completed);

    let actions = client.reply(&json!(asked.action)).await;
    let replace = actions["result"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["title"] == "replace with `BCRP`"));
    let fixed = replace.map(|r| apply(&text, &r["edit"]["changes"][URI]));
    let wanted = text.lines().nth(1).unwrap().replace("BCRQ", "BCRP");
    expect(
        fixed.as_deref().and_then(|f| f.lines().nth(1)) == Some(wanted.as_str()),
        "code action",
        &actions,
    );
    stale
}

/// The case and its generalisation: three versions in one write, each followed
/// by its requests, 200 writes in a row without waiting for any answer; then every
/// answer is checked against its own version's text. 600 versions, 3,600 requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_changes_and_requests_are_answered_on_their_own_version() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    client.open(URI, &text(1)).await;
    let mut asked = Vec::new();
    let mut v = 1;
    for _ in 0..200 {
        let mut write = Vec::new();
        for _ in 0..3 {
            v += 1;
            asked.push(ask(&mut client, v, &mut write));
        }
        client.write_bytes(&write).await;
    }
    let mut stale = Vec::new();
    for asked in &asked {
        stale.extend(check(&mut client, asked).await);
    }
    assert!(
        stale.is_empty(),
        "{} stale answers of {}; the first: {:#?}",
        stale.len(),
        asked.len() * 6,
        &stale[..stale.len().min(5)]
    );
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
    assert!(client.status().await.success());
}

/// A large document: `claims` copies of one claim between a first claim on `FOO1` and
/// the `define` of `FOO1` described as `description`, `extra` more claims before it.
fn large(claims: usize, extra: usize, description: &str) -> String {
    let mut text = String::from("drug DOX inhibits FOO1 cite(1)\n");
    text.push_str(&"drug DOX inhibits ABCB1 in TNBC cite(1)\n".repeat(claims + extra));
    text.push_str(&format!("define target FOO1 \"{description}\"\nref 1 \"x\"\n"));
    text
}

/// Issue 14 §4: a request about a name is answered while the analysis of its text runs,
/// on that text. A 300,000-claim document is opened and a pull of its diagnostics asked
/// (it waits for the analysis of version 1); then a change to version 2 (the `define`
/// re-described and one line lower), and a hover and a definition on the name. They
/// are answered before the pull: they cannot have waited for the analysis of version 2,
/// which only starts after that of version 1 ends, one analysis at a time (they did,
/// before: then the pull came first, always). And they are right for version 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hover_is_answered_on_its_text_while_the_analysis_runs() {
    const N: usize = 300_000;
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let v2 = large(N, 1, "two");
    let doc = json!({"uri": URI});
    let mut write = frame(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": URI, "languageId": "evn", "version": 1, "text": large(N, 0, "one")}}}));
    let mut request = |method: &str, params: Value, write: &mut Vec<u8>| {
        let id = client.take_id();
        write
            .extend(frame(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})));
        id
    };
    let pull = request("textDocument/diagnostic", json!({"textDocument": doc}), &mut write);
    write.extend(frame(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": v2}]}})));
    let hover = request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": pos(0, 19)}),
        &mut write,
    );
    let definition = request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": pos(0, 19)}),
        &mut write,
    );
    client.write_bytes(&write).await;

    let mut order = Vec::new();
    let (mut hovered, mut defined) = (Value::Null, Value::Null);
    while order.len() < 3 {
        let message = client.next().await;
        let id = message["id"].as_i64();
        if message.get("method").is_some() || id.is_none() {
            continue;
        }
        order.push(id.unwrap());
        if id == Some(hover) {
            hovered = message["result"].clone();
        } else if id == Some(definition) {
            defined = message["result"].clone();
        }
    }
    assert_eq!(
        order.last(),
        Some(&pull),
        "the hover and the definition waited for an analysis: replies in the order {order:?}"
    );
    let shown = hovered["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("FOO1") && shown.contains("two") && !shown.contains("one"), "{hovered}");
    assert_eq!(hovered["range"], json!({"start": pos(0, 18), "end": pos(0, 22)}));
    let line = (N + 2) as u32;
    assert_eq!(
        defined,
        json!({"uri": URI, "range": {"start": pos(line, 14), "end": pos(line, 18)}})
    );
    client.request("shutdown", Value::Null).await;
    client.notify("exit", Value::Null).await;
    assert!(client.status().await.success());
}
