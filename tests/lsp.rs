//! The language server driven through its protocol: JSON-RPC messages over in-memory
//! streams, as an editor would send them.

mod lsp_support;

use lsp_support::{pos, rules, uri, Client};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_change_and_diagnostics_in_utf16() {
    let mut client = Client::start().await;
    let init = client.initialize(None, false).await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    let u = "file:///tmp/evn-lsp-test/a.evn";
    client
        .open(u, "carrier SLN(talazoparib) downregulates BCRQ in TNBC cite(79)\nref 79 \"x\"\n")
        .await;
    let params = client.diagnostics(u, |_| true).await;
    assert_eq!(rules(&params), ["unknown-target"]);
    assert_eq!(params["version"], 1);
    let d = &params["diagnostics"][0];
    assert_eq!(d["source"], "evn");
    assert_eq!(d["range"]["start"], pos(0, 39));

    // An astral character before the name: UTF-16 counts two units for it.
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 2},
            "contentChanges": [{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "# 𝔸\r\n"}]}))
        .await;
    // Then fix the name on the (now second) line.
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 3},
            "contentChanges": [{"range": {"start": pos(1, 39), "end": pos(1, 43)}, "text": "BCRP"}]}))
        .await;
    let params = client.diagnostics(u, |p| p["version"] == 3).await;
    assert!(rules(&params).is_empty(), "{params}");

    // A stale version is ignored; an edit with an astral character on the claim line.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": 2},
            "contentChanges": [{"text": "garbage"}]}),
        )
        .await;
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": 4},
            "contentChanges": [{"range": {"start": pos(0, 2), "end": pos(0, 4)}, "text": "x"}]}),
        )
        .await;
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos(1, 40)}))
        .await;
    assert!(
        hover["result"]["contents"]["value"].as_str().unwrap().starts_with("**ABCG2**"),
        "{hover}"
    );
    let params = client.diagnostics(u, |p| p["version"] == 4).await;
    assert!(rules(&params).is_empty(), "{params}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_negotiated_and_features_answer() {
    let mut client = Client::start().await;
    let init = client.initialize(None, true).await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let u = "file:///tmp/evn-lsp-test/b.evn";
    let text = "define formulation κ-NP = SLN(paclitaxel)\nκ-NP downregulates MDR1 in TNBC cite(79)\nref 79 \"Guney G. Talazoparib SLN\"\n";
    client.open(u, text).await;

    // Completion after `in `: contexts (UTF-8 columns: κ is two bytes).
    let line1 = text.lines().nth(1).unwrap();
    let col = line1.find("in ").unwrap() as u32 + 3;
    let completion = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": pos(1, col)}),
        )
        .await;
    let items = completion["result"]["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["label"] == "TNBC"), "{completion}");
    assert!(items.iter().all(|i| i["kind"] == 9), "contexts only");

    // Hover on an alias shows the canonical entry.
    let col = line1.find("MDR1").unwrap() as u32 + 1;
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos(1, col)}))
        .await;
    assert!(
        hover["result"]["contents"]["value"].as_str().unwrap().starts_with("**ABCB1**"),
        "{hover}"
    );

    // Definition of a cite key, and of the formulation.
    let col = line1.find("79").unwrap() as u32;
    let def = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": u}, "position": pos(1, col)}),
        )
        .await;
    assert_eq!(def["result"]["range"]["start"], pos(2, 4), "{def}");
    let def = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": u}, "position": pos(1, 1)}),
        )
        .await;
    assert_eq!(def["result"]["range"]["start"], pos(0, 19), "{def}");

    // Rename of a ref key.
    let rename = client
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": u}, "position": pos(2, 4), "newName": "guney2019"}),
        )
        .await;
    let edits = rename["result"]["changes"][u].as_array().unwrap_or_else(|| panic!("{rename}"));
    assert_eq!(edits.len(), 2, "{rename}");
    assert!(edits.iter().all(|e| e["newText"] == "guney2019"));

    // Refused renames are errors with a reason.
    let col = line1.find("MDR1").unwrap() as u32;
    let refused = client
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": u}, "position": pos(1, col)}),
        )
        .await;
    assert!(refused["error"]["message"].as_str().unwrap().contains("prelude"), "{refused}");

    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let answer = client.request(method, json!({"textDocument": {"uri": u}})).await;
        assert!(answer["result"].is_array() || answer["result"].is_object(), "{method}: {answer}");
    }
    let answer = client.request("workspace/symbol", json!({"query": "NP"})).await;
    assert_eq!(answer["result"][0]["name"], "κ-NP");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_files_are_checked_together_and_watched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("evn.toml"), "[rules]\ncontradiction = \"error\"\n").unwrap();
    std::fs::write(root.join("a.evn"), "ref 79 \"x\"\ndefine formulation X-NP = SLN(paclitaxel)\n")
        .unwrap();
    std::fs::write(root.join("b.evn"), "X-NP downregulates MDR1 cite(79)\n").unwrap();
    let mut client = Client::start().await;
    client.initialize(Some(root), false).await;
    // Without opening anything, the workspace's files are published (clean).
    let a = uri(&root.join("a.evn"));
    let b = uri(&root.join("b.evn"));
    let params = client.diagnostics(&a, |_| true).await;
    assert!(rules(&params).is_empty(), "{params}");

    // Opening b and contradicting: the configured severity applies.
    client.open(&b, "X-NP downregulates MDR1 cite(79)\nX-NP upregulates P-gp cite(79)\n").await;
    let params = client.diagnostics(&b, |p| p["version"] == 1).await;
    assert_eq!(rules(&params), ["contradiction"]);
    let contradiction = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "contradiction")
        .unwrap();
    assert_eq!(contradiction["severity"], 1);
    assert!(contradiction["relatedInformation"].is_array());

    // The client's settings override evn.toml.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"evn": {"rules": {"contradiction": "off"}}}}),
        )
        .await;
    let params = client.diagnostics(&b, |p| rules(p).is_empty()).await;
    assert!(rules(&params).is_empty());

    // Deleting the file with the ref: b's cite becomes unknown; a's diagnostics clear.
    std::fs::remove_file(root.join("a.evn")).unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": a, "type": 3}]}))
        .await;
    let params = client.diagnostics(&b, |p| !rules(p).is_empty()).await;
    assert!(rules(&params).contains(&"unknown-reference".to_string()), "{params}");
    let params = client.diagnostics(&a, |_| true).await;
    assert!(rules(&params).is_empty());

    // Closing b: its text on disk is checked again (the ref is gone: unknown-reference).
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": b}})).await;
    let params = client.diagnostics(&b, |p| p["version"].is_null()).await;
    assert!(rules(&params).contains(&"unknown-reference".to_string()), "{params}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_never_kills_the_server() {
    let mut client = Client::start().await;
    // A request before initialize is refused.
    let early = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///x.evn"}, "position": pos(0, 0)}),
        )
        .await;
    assert!(early.get("error").is_some(), "{early}");
    client.initialize(None, false).await;
    client.send_raw("{not json").await;
    client.send_raw("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": \"textDocument/hover\", \"params\": {\"x\": \"\\ud800\"}}").await;
    let unknown = client.request("evn/nothing", json!({})).await;
    assert!(unknown.get("error").is_some());
    // Edits to a document that is not open, out-of-range positions.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": "file:///nope.evn", "version": 2},
            "contentChanges": [{"range": {"start": pos(5, 5), "end": pos(6, 0)}, "text": "x"}]}),
        )
        .await;
    let u = "file:///tmp/evn-lsp-test/c.evn";
    client.open(u, "drug DOX inhibits ABCB1 cite(1)\n").await;
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 2},
            "contentChanges": [{"range": {"start": pos(99, 99), "end": pos(0, 500)}, "text": "x"}]}))
        .await;
    for position in [pos(0, 9999), pos(9999, 0)] {
        let answer = client
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": u}, "position": position}),
            )
            .await;
        assert!(answer.get("result").is_some(), "{answer}");
        let answer = client
            .request(
                "textDocument/completion",
                json!({"textDocument": {"uri": u}, "position": position}),
            )
            .await;
        assert!(answer.get("result").is_some(), "{answer}");
    }
    let shutdown = client.request("shutdown", Value::Null).await;
    assert!(shutdown.get("result").is_some(), "{shutdown}");
}

/// Issue 23, item 1: rule severities given at `initialize` survive every
/// `didChangeConfiguration` that says nothing of rules (Emacs eglot sends `{}`-like
/// settings on every connect); one that carries rules replaces them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_without_rules_keep_the_rules_given_at_initialize() {
    let mut client = Client::binary().await;
    client
        .request(
            "initialize",
            json!({"capabilities": {},
                   "initializationOptions": {"evn": {"rules": {"unknown-reference": "off"}}}}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    let u = "file:///tmp/evn-lsp-settings/a.evn";
    let text = "carrier SLN(talazoparib) downregulates MDR1 in TNBC cite(79)\n";
    client.open(u, text).await;
    let params = client.diagnostics(u, |p| p["version"] == 1).await;
    assert!(rules(&params).is_empty(), "{params}");
    let mut version = 1;
    for settings in [json!({}), Value::Null, json!({"rust-analyzer": {"checkOnSave": false}})] {
        client.notify("workspace/didChangeConfiguration", json!({"settings": settings})).await;
        version += 1;
        client.change(u, version, None, text).await;
        let params = client.diagnostics(u, |p| p["version"] == version).await;
        assert!(rules(&params).is_empty(), "after {settings}: {params}");
    }
    // Settings that carry rules replace them.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"evn": {"rules": {"unknown-reference": "warning"}}}}),
        )
        .await;
    let params = client.diagnostics(u, |p| !rules(p).is_empty()).await;
    assert_eq!(rules(&params), ["unknown-reference"]);
    let all = params["diagnostics"].as_array().unwrap();
    let found = all.iter().find(|d| d["code"] == "unknown-reference").unwrap();
    assert_eq!(found["severity"], 2, "{params}");
}
