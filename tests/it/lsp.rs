//! The language server driven through its protocol: JSON-RPC messages over in-memory
//! streams, as an editor would send them.

use crate::common;
use crate::lsp_support;

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

    // Completion after `in TN`: contexts (UTF-8 columns: κ is two bytes). The prelude's
    // contexts are more than one answer lists, so the user has typed a prefix.
    let line1 = text.lines().nth(1).unwrap();
    let col = line1.find("in ").unwrap() as u32 + 5;
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

/// What `evn check FILE` reports in `file` (run from its folder): 0-based line, rule,
/// protocol severity; hints left out.
fn cli_findings(file: &std::path::Path) -> std::collections::BTreeSet<(u64, String, u64)> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_evn"))
        .args(["check", "--format", "json"])
        .arg(file)
        .current_dir(file.parent().unwrap())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let severity = |s: &str| match s {
        "error" => 1,
        "warning" => 2,
        "info" => 3,
        _ => 4,
    };
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap() - 1,
                d["rule"].as_str().unwrap().to_string(),
                severity(d["severity"].as_str().unwrap()),
            )
        })
        .filter(|f| f.2 != 4)
        .collect()
}

/// The server's published diagnostics in the terms of [`cli_findings`].
fn lsp_findings(params: &Value) -> std::collections::BTreeSet<(u64, String, u64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_u64().unwrap(),
            )
        })
        .filter(|f| f.2 != 4)
        .collect()
}

const REVIEW: &str = "carrier SLN(talazoparib) downregulates MDR1 in TNBC cite(79)\n\
                      carrier SLN(talazoparib) downregulates BCRQ in TNBC cite(80)\n";
const REFS: &str = "ref 79 \"Smith 2020\"\nref 80 \"Jones 2021\"\nref 81 \"Unused 2022\"\n";

/// Writes a review (`a.evn`, `refs.evn`, `evn.toml` with `[rules]`) into `dir`.
fn write_review(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("evn.toml"), "[rules]\nunknown-target = \"warning\"\n").unwrap();
    std::fs::write(dir.join("a.evn"), REVIEW).unwrap();
    std::fs::write(dir.join("refs.evn"), REFS).unwrap();
}

/// A binary server started on these workspace folders (as paths).
async fn server_on(folders: &[&std::path::Path]) -> Client {
    server_on_uris(&folders.iter().map(|f| uri(f)).collect::<Vec<_>>()).await
}

/// A binary server started on these workspace folders (as URIs).
async fn server_on_uris(folders: &[String]) -> Client {
    let mut client = Client::binary().await;
    let folders: Vec<Value> = folders.iter().map(|f| json!({"uri": f, "name": "ws"})).collect();
    client
        .request(
            "initialize",
            json!({"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
                   "workspaceFolders": folders}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    client
}

/// Issue 23, item 2: a file's workspace is found from its own path, as `evn check FILE`
/// finds it, in every layout: a review with its own `evn.toml` inside a folder with
/// another; a folder opened through a symbolic link and its file opened by its real
/// path (and the reverse).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_is_checked_in_its_own_workspace_as_evn_check_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    // Nested: `top/evn.toml` and `top/reviews/tnbc/evn.toml`.
    std::fs::write(top.join("evn.toml"), "").unwrap();
    std::fs::write(top.join("intro.evn"), "ref 1 \"x\"\n").unwrap();
    let tnbc = top.join("reviews/tnbc");
    write_review(&tnbc);
    let expected = cli_findings(&tnbc.join("a.evn"));
    assert!(expected.contains(&(1, "unknown-target".into(), 2)), "{expected:?}");
    assert!(!expected.iter().any(|f| f.1 == "unknown-reference"), "{expected:?}");
    let mut client = server_on(&[&top]).await;
    let a = uri(&tnbc.join("a.evn"));
    client.open(&a, REVIEW).await;
    let params = client.diagnostics(&a, |p| p["version"] == 1).await;
    assert_eq!(lsp_findings(&params), expected, "nested: {params}");

    // Linked: the folder opened through a link, the file by its real path; and the
    // folder by its real path, the file through the link.
    let real = top.join("real");
    write_review(&real);
    let link = top.join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let expected = cli_findings(&real.join("a.evn"));
    for (folder, file) in [(&link, &real), (&real, &link)] {
        let mut client = server_on(&[folder]).await;
        let a = uri(&file.join("a.evn"));
        client.open(&a, REVIEW).await;
        let params = client.diagnostics(&a, |p| p["version"] == 1).await;
        assert_eq!(lsp_findings(&params), expected, "folder {folder:?}, file {file:?}: {params}");
    }
}

/// Issue 23, item 2: an `evn.toml` that cannot be used is an error on `evn.toml` itself
/// (its files report nothing else, as `evn check` reports nothing else), and fixing it
/// is seen without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_evn_toml_is_shown_on_itself_and_its_fix_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    write_review(&top);
    std::fs::write(top.join("evn.toml"), "[rules]\nunknown-target = \"loud\"\n").unwrap();
    let check = common::evn(&top, &["check", "a.evn"]);
    assert_eq!(check.status.code(), Some(2));
    let mut client = server_on(&[&top]).await;
    let toml = uri(&top.join("evn.toml"));
    let a = uri(&top.join("a.evn"));
    client.open(&a, REVIEW).await;
    // Published in this order: the set's files, then evn.toml.
    let params = client.diagnostics(&a, |p| p["version"] == 1).await;
    assert!(lsp_findings(&params).is_empty(), "nothing but the configuration error: {params}");
    let params =
        client.diagnostics(&toml, |p| !p["diagnostics"].as_array().unwrap().is_empty()).await;
    let diagnostic = &params["diagnostics"][0];
    assert_eq!(diagnostic["severity"], 1, "{params}");
    assert!(diagnostic["message"].as_str().unwrap().contains("loud"), "{params}");
    assert_eq!(diagnostic["range"]["start"]["line"], 1, "{params}");

    // Fixed on disk: the file is checked in its workspace, evn.toml's error goes.
    std::fs::write(top.join("evn.toml"), "[rules]\nunknown-target = \"warning\"\n").unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": toml, "type": 2}]}))
        .await;
    let params = client.diagnostics(&a, |p| !lsp_findings(p).is_empty()).await;
    assert_eq!(lsp_findings(&params), cli_findings(&top.join("a.evn")), "{params}");
    let params =
        client.diagnostics(&toml, |p| p["diagnostics"].as_array().unwrap().is_empty()).await;
    assert!(params["diagnostics"].as_array().unwrap().is_empty());
}

/// Issue 23, item 2: with nested client folders (`root` and `root/sub`, only `sub`
/// with `evn.toml`), each version of a file is published once, with `evn check`'s list.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_client_folders_publish_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let sub = root.join("sub");
    write_review(&sub);
    std::fs::write(root.join("notes.evn"), "ref 9 \"x\"\n").unwrap();
    let expected = cli_findings(&sub.join("a.evn"));
    let mut client = server_on(&[&root, &sub]).await;
    let a = uri(&sub.join("a.evn"));
    let mut published: Vec<Value> = Vec::new();
    client.open(&a, REVIEW).await;
    for version in 2..=4 {
        // Read until this version's text is published: every list of the versions
        // before it has come by then.
        loop {
            let message = client.next().await;
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == a
            {
                published.push(message["params"].clone());
                if message["params"]["version"] == version - 1 {
                    break;
                }
            }
        }
        client.change(&a, version, None, REVIEW).await;
    }
    for version in 1..=2 {
        let lists: Vec<&Value> = published.iter().filter(|p| p["version"] == version).collect();
        assert_eq!(lists.len(), 1, "version {version} published {} times: {lists:?}", lists.len());
        assert_eq!(lsp_findings(lists[0]), expected);
    }
}

/// Issue 23, item 6: a URI spelt otherwise (`localhost` authority, lowercase
/// percent-escapes) names the same file as the server's own spelling: the open text
/// replaces the file's, it is not checked beside it (which made every claim a
/// `duplicate-claim` of itself).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_uri_spelt_otherwise_names_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap().join("revue é");
    write_review(&top);
    let expected = cli_findings(&top.join("a.evn"));
    let escaped = |path: &std::path::Path| uri(path).replace('é', "%C3%A9").replace(' ', "%20");
    let proper = escaped(&top.join("a.evn"));
    let spellings =
        [proper.replace("file://", "file://localhost"), proper.replace("%C3%A9", "%c3%a9")];
    for spelt in spellings {
        let mut client = server_on_uris(&[escaped(&top)]).await;
        client.open(&spelt, REVIEW).await;
        let params = client.diagnostics(&spelt, |p| p["version"] == 1).await;
        assert_eq!(lsp_findings(&params), expected, "{spelt}: {params}");
    }
}

/// Issue 23, item 6: a byte-order mark at the start of an opened text is not text, as
/// on disk; a `didOpen` whose URI cannot be read is logged, not dropped in silence; a
/// `$/` request with an id is answered `-32601`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_corners_are_answered() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-lsp-corners/bom.evn";
    client
        .open(
            u,
            "\u{FEFF}carrier SLN(talazoparib) downregulates MDR1 in TNBC cite(79)\nref 79 \"x\"\n",
        )
        .await;
    let params = client.diagnostics(u, |p| p["version"] == 1).await;
    assert!(rules(&params).is_empty(), "{params}");

    client.open("file:///tmp/evn lsp corners/a b.evn", "ref 1 \"x\"\n").await;
    let logged = loop {
        let message = client.next().await;
        let said = message["params"]["message"].as_str().unwrap_or_default();
        if message["method"] == "window/logMessage" && said.contains("didOpen") {
            break message;
        }
    };
    let text = logged["params"]["message"].as_str().unwrap();
    assert!(text.contains("textDocument/didOpen") && text.contains("a b.evn"), "{text}");

    let answer = client.request("$/evn/unknown", json!({})).await;
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
}

/// Issue 23, item 3: a client that does not watch files (Neovim on Linux by default)
/// is not asked to, and a change on disk (a `git checkout` of the references) is seen
/// all the same: the server watches the workspace itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_changed_on_disk_are_seen_when_the_client_does_not_watch() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    write_review(&top);
    std::fs::write(top.join("refs.evn"), "ref 79 \"Smith 2020\"\n").unwrap();
    let mut client = Client::binary().await;
    client
        .request(
            "initialize",
            json!({"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": false}}},
                   "workspaceFolders": [{"uri": uri(&top), "name": "ws"}]}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    let a = uri(&top.join("a.evn"));
    client.open(&a, REVIEW).await;
    let mut seen: Vec<Value> = Vec::new();
    let missing = |p: &Value| rules(p).contains(&"unknown-reference".to_string());
    loop {
        let message = client.next().await;
        seen.push(message.clone());
        let params = &message["params"];
        if message["method"] == "textDocument/publishDiagnostics"
            && params["uri"] == a
            && missing(params)
        {
            break;
        }
    }
    // As `git checkout` would: the file is replaced, the editor says nothing.
    std::fs::write(top.join("refs.evn.tmp"), REFS).unwrap();
    std::fs::rename(top.join("refs.evn.tmp"), top.join("refs.evn")).unwrap();
    loop {
        let message = client.next().await;
        seen.push(message.clone());
        let params = &message["params"];
        if message["method"] == "textDocument/publishDiagnostics"
            && params["uri"] == a
            && !missing(params)
        {
            assert_eq!(lsp_findings(params), cli_findings(&top.join("a.evn")));
            break;
        }
    }
    let registered = seen.iter().any(|m| m["method"] == "client/registerCapability");
    assert!(!registered, "a capability the client did not offer was registered: {seen:?}");
}

/// Issue 23, item 6: a lone `\r` ends a line for positions, as the LSP says (and as
/// `evn check` now counts lines): a diagnostic after one is on the next line, an edit
/// there lands where the editor put it, and the statement is not cut (the `\r` is
/// white space to the parser, spec §1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lone_carriage_return_ends_a_line_for_positions() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    let text = "ref 79 \"Smith 2020\"\n\
                carrier SLN(talazoparib) downregulates MDR1 in TNBC\r  cite(80)\n";
    std::fs::write(top.join("a.evn"), text).unwrap();
    let a = uri(&top.join("a.evn"));
    let mut client = server_on(&[&top]).await;
    client.open(&a, text).await;
    let params = client.diagnostics(&a, |p| p["version"] == 1).await;
    let unknown: Vec<&Value> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-reference")
        .collect();
    assert_eq!(unknown.len(), 1, "{params}");
    assert_eq!(unknown[0]["range"]["start"], pos(2, 7), "{params}");
    assert_eq!(lsp_findings(&params), cli_findings(&top.join("a.evn")));

    // The editor's line 2, characters 7..9: the key, not a place on the claim's line.
    client.change(&a, 2, Some((pos(2, 7), pos(2, 9))), "79").await;
    let params = client.diagnostics(&a, |p| p["version"] == 2).await;
    assert!(!rules(&params).contains(&"unknown-reference".to_string()), "{params}");
    let answer = client.request("evn/documentText", json!({"uri": a})).await;
    assert_eq!(
        answer["result"]["text"],
        "ref 79 \"Smith 2020\"\ncarrier SLN(talazoparib) downregulates MDR1 in TNBC\r  cite(79)\n",
        "{answer}"
    );
}

/// Issue 23, item 6: the prelude file that go-to-definition names is found when the
/// cache holds a stale, read-only copy at its path (an older build's, or a damaged one)
/// and the server cannot write over read-only files: as root, the server runs without
/// the capability that lets root ignore permissions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_prelude_file_is_found_beside_read_only_copies() {
    use std::os::unix::fs::PermissionsExt;
    let cache = tempfile::tempdir().unwrap();
    let cache = std::fs::canonicalize(cache.path()).unwrap();
    let as_user: &[&str] = if is_root() {
        &["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    } else {
        &[]
    };
    let text = "carrier SLN(talazoparib) downregulates MDR1 in TNBC\n";
    let column = text.find("MDR1").unwrap() as u32;
    let at = json!({"textDocument": {"uri": "file:///tmp/evn-lsp-prelude/a.evn"},
                    "position": pos(0, column)});
    let u = "file:///tmp/evn-lsp-prelude/a.evn";
    // The first server writes the prelude file; it is then made stale and read-only,
    // with another build's read-only copy beside it.
    let first = {
        let mut client = Client::binary_with(as_user, &[("XDG_CACHE_HOME", &cache)]).await;
        client.initialize(None, false).await;
        client.open(u, text).await;
        client.request("textDocument/definition", at.clone()).await
    };
    let path = first["result"]["uri"].as_str().unwrap_or_else(|| panic!("{first}"));
    let path = std::path::PathBuf::from(path.strip_prefix("file://").unwrap());
    assert!(path.starts_with(&cache), "{first}");
    let prelude = std::fs::read_to_string(&path).unwrap();
    let stale = prelude.replace("MDR1", "MDRX");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&path, &stale).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let other = path.with_file_name("prelude-0.0.1-0123456789abcdef.evn");
    std::fs::write(&other, "old\n").unwrap();
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o444)).unwrap();

    let mut client = Client::binary_with(as_user, &[("XDG_CACHE_HOME", &cache)]).await;
    client.initialize(None, false).await;
    client.open(u, text).await;
    let second = client.request("textDocument/definition", at.clone()).await;
    let found = second["result"]["uri"].as_str().unwrap_or_else(|| panic!("{second}"));
    let found = std::path::PathBuf::from(found.strip_prefix("file://").unwrap());
    // The same place in a file that holds the prelude (`MDR1` is an alias of `ABCB1`).
    assert_eq!(second["result"]["range"], first["result"]["range"], "{second}");
    assert!(std::fs::read_to_string(&found).unwrap() == prelude, "{found:?} is stale");
    let line =
        prelude.lines().nth(first["result"]["range"]["start"]["line"].as_u64().unwrap() as usize);
    assert!(line.unwrap().starts_with("define target ABCB1"), "{line:?}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "old\n", "another build's copy");
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
