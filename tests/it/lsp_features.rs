//! The language server's features through its protocol: pull diagnostics, formatting,
//! code actions, inlay hints, semantic tokens of a range, workspace folders added and
//! removed, progress while the workspace is read and first checked.

use crate::lsp_support;

use lsp_support::{apply, pos, rules, uri, Client};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_diagnostics_with_result_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.evn"), "ref 79 \"x\"\n").unwrap();
    std::fs::write(root.join("b.evn"), "drug DOX inhibits BCRQ cite(79)\n").unwrap();
    let (a, b) = (uri(&root.join("a.evn")), uri(&root.join("b.evn")));
    let capabilities = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}},
                              "workspace": {"diagnostics": {"refreshSupport": true}}});
    let (mut client, init) =
        Client::started_with(capabilities, json!([{"uri": uri(root), "name": "ws"}])).await;
    let provider = &init["result"]["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true, "{init}");
    assert_eq!(provider["workspaceDiagnostics"], true, "{init}");

    let report =
        client.request("textDocument/diagnostic", json!({"textDocument": {"uri": b}})).await;
    assert_eq!(report["result"]["kind"], "full", "{report}");
    let codes: Vec<&str> = report["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"unknown-target"), "{report}");
    let id = report["result"]["resultId"].as_str().unwrap().to_string();

    // Asked again with the result id: unchanged.
    let again = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": b}, "previousResultId": id}),
        )
        .await;
    assert_eq!(again["result"]["kind"], "unchanged", "{again}");
    assert_eq!(again["result"]["resultId"], id.as_str());

    // The workspace: a is full (clean), b unchanged.
    let workspace = client
        .request("workspace/diagnostic", json!({"previousResultIds": [{"uri": b, "value": id}]}))
        .await;
    let items = workspace["result"]["items"].as_array().unwrap_or_else(|| panic!("{workspace}"));
    let item = |u: &str| {
        items.iter().find(|i| i["uri"] == u).unwrap_or_else(|| panic!("{u} in {workspace}"))
    };
    assert_eq!(item(&a)["kind"], "full");
    assert_eq!(item(&a)["items"], json!([]));
    assert_eq!(item(&b)["kind"], "unchanged");

    // Fixing the name in the editor: a new report, without the diagnostic.
    client.open(&b, "drug DOX inhibits BCRQ cite(79)\n").await;
    client.change(&b, 2, Some((pos(0, 18), pos(0, 22))), "BCRP").await;
    let fixed = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": b}, "previousResultId": id}),
        )
        .await;
    assert_eq!(fixed["result"]["kind"], "full", "{fixed}");
    assert_ne!(fixed["result"]["resultId"], id.as_str());
    let workspace = client.request("workspace/diagnostic", json!({"previousResultIds": []})).await;
    let b_item = workspace["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == b.as_str())
        .unwrap()
        .clone();
    assert_eq!(b_item["version"], 2, "{workspace}");
    assert!(
        b_item["items"].as_array().unwrap().iter().all(|d| d["code"] != "unknown-target"),
        "{workspace}"
    );
    // A client that pulls is not pushed to.
    assert!(
        client.backlog.iter().all(|m| m["method"] != "textDocument/publishDiagnostics"),
        "{:?}",
        client.backlog
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_whole_document_and_range() {
    let (mut client, init) = Client::started_with(json!({}), Value::Null).await;
    assert_eq!(init["result"]["capabilities"]["documentFormattingProvider"], true);
    assert_eq!(init["result"]["capabilities"]["documentRangeFormattingProvider"], true);
    let u = "file:///tmp/evn-lsp-test/format.evn";
    let text = "drug   DOX  inhibits ABCB1   cite(1)\ndrug DOX   inhibits    ABCG2 cite(1)\nref 1   \"x\"\n";
    let canonical = evn::format::format(text).unwrap();
    assert_ne!(canonical, text);
    client.open(u, text).await;

    let edits = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .await;
    assert!(!edits["result"].as_array().unwrap().is_empty(), "{edits}");
    assert_eq!(apply(text, &edits["result"]), canonical);

    // Only the second line.
    let range = json!({"start": pos(1, 0), "end": pos(1, 5)});
    let edits = client
        .request("textDocument/rangeFormatting", json!({"textDocument": {"uri": u}, "range": range, "options": {"tabSize": 4, "insertSpaces": true}}))
        .await;
    let formatted = apply(text, &edits["result"]);
    let lines: Vec<&str> = formatted.lines().collect();
    assert_eq!(lines[0], text.lines().next().unwrap(), "the first line is left alone");
    assert_eq!(lines[1], canonical.lines().nth(1).unwrap());
    assert_eq!(lines[2], text.lines().nth(2).unwrap());

    // A text with a syntax error is not formatted, and the user is told.
    client.change(u, 2, None, "drug   DOX inhibits (\n").await;
    let edits = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
        )
        .await;
    assert!(edits["result"].is_null(), "{edits}");
    let told = loop {
        if let Some(m) = client.backlog.iter().find(|m| m["method"] == "window/showMessage") {
            break m.clone();
        }
        let m = client.next().await;
        client.backlog.push(m);
    };
    assert!(told["params"]["message"].as_str().unwrap().contains("syntax error"), "{told}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_inlay_hints_and_semantic_tokens_of_a_range() {
    let mut client = Client::start().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-lsp-test/actions.evn";
    let text = "carrier SLN(paclitaxel) downregulates BCRP cite(1)\ndrug DOX inhibits BCRQ cite(1)\nref 1 \"x\"\n";
    client.open(u, text).await;
    let params = client.diagnostics(u, |p| p["version"] == 1).await;
    assert_eq!(rules(&params), ["unknown-target"]);

    // Quick fixes at the unknown name: the suggestion and the allow comment.
    let bcrq = pos(1, 18);
    let answer = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": bcrq, "end": bcrq},
            "context": {"diagnostics": []}}),
        )
        .await;
    let actions = answer["result"].as_array().unwrap_or_else(|| panic!("{answer}"));
    let replace = actions
        .iter()
        .find(|a| a["title"] == "replace with `BCRP`")
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(replace["kind"], "quickfix");
    assert_eq!(replace["diagnostics"][0]["code"], "unknown-target");
    let edits = &replace["edit"]["changes"][u];
    assert_eq!(apply(text, edits).lines().nth(1), Some("drug DOX inhibits BCRP cite(1)"));
    let allow = actions
        .iter()
        .find(|a| a["title"] == "allow `unknown-target` for this statement")
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(
        apply(text, &allow["edit"]["changes"][u]).lines().nth(1),
        Some("drug DOX inhibits BCRQ cite(1) # evn: allow(unknown-target)")
    );

    // Fix all: the safe fixes of the file (the canonical names), as one action.
    let answer = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(0, 0)},
            "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    let actions = answer["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{answer}");
    assert_eq!(actions[0]["kind"], "source.fixAll");
    let fixed = apply(text, &actions[0]["edit"]["changes"][u]);
    assert!(fixed.starts_with("carrier SLN(paclitaxel) downregulates ABCG2 cite(1)\n"), "{fixed}");

    // Applying the allow comment through an edit silences the diagnostic.
    let allowed = apply(text, &allow["edit"]["changes"][u]);
    client.change(u, 2, None, &allowed).await;
    let params = client.diagnostics(u, |p| p["version"] == 2).await;
    assert!(rules(&params).is_empty(), "{params}");

    // Inlay hints: the canonical name after the alias.
    let answer = client
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(3, 0)}}),
        )
        .await;
    let hints = answer["result"].as_array().unwrap_or_else(|| panic!("{answer}"));
    let abcg2 =
        hints.iter().find(|h| h["label"] == "→ ABCG2").unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(abcg2["position"], pos(0, 42), "right after `BCRP`");
    let answer = client
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(1, 0), "end": pos(2, 0)}}),
        )
        .await;
    assert!(
        answer["result"].as_array().unwrap().iter().all(|h| h["position"]["line"] == 1),
        "{answer}"
    );

    // Semantic tokens of the second line are those of the whole file on that line.
    let decode = |data: &Value| {
        let (mut line, mut start) = (0, 0);
        let mut out = Vec::new();
        for t in data.as_array().unwrap().chunks(5) {
            let (dl, ds) = (t[0].as_u64().unwrap(), t[1].as_u64().unwrap());
            start = if dl == 0 { start + ds } else { ds };
            line += dl;
            out.push((line, start, t[2].as_u64().unwrap(), t[3].as_u64().unwrap()));
        }
        out
    };
    let full = client
        .request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": u}}))
        .await;
    let range = client
        .request(
            "textDocument/semanticTokens/range",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(1, 0), "end": pos(2, 0)}}),
        )
        .await;
    let on_line: Vec<_> =
        decode(&full["result"]["data"]).into_iter().filter(|t| t.0 == 1).collect();
    assert!(on_line.len() >= 4, "{full}");
    assert_eq!(decode(&range["result"]["data"]), on_line);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_folders_added_and_removed() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(one.path().join("a.evn"), "drug DOX inhibits BCRQ\n").unwrap();
    std::fs::write(two.path().join("b.evn"), "drug DOX inhibits ABCGX\n").unwrap();
    let (a, b) = (uri(&one.path().join("a.evn")), uri(&two.path().join("b.evn")));
    let capabilities = json!({"workspace": {"workspaceFolders": true}});
    let (mut client, init) =
        Client::started_with(capabilities, json!([{"uri": uri(one.path()), "name": "one"}])).await;
    let folders = &init["result"]["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(folders["supported"], true, "{init}");
    assert_eq!(folders["changeNotifications"], true, "{init}");
    let params = client.diagnostics(&a, |_| true).await;
    assert!(rules(&params).contains(&"unknown-target".to_string()), "{params}");

    // Adding the second folder checks its files.
    client
        .notify(
            "workspace/didChangeWorkspaceFolders",
            json!({"event": {"added": [{"uri": uri(two.path()), "name": "two"}], "removed": []}}),
        )
        .await;
    let params = client.diagnostics(&b, |_| true).await;
    assert!(rules(&params).contains(&"unknown-target".to_string()), "{params}");

    // Removing the first clears its files' diagnostics.
    client
        .notify(
            "workspace/didChangeWorkspaceFolders",
            json!({"event": {"added": [], "removed": [{"uri": uri(one.path()), "name": "one"}]}}),
        )
        .await;
    let params = client.diagnostics(&a, |p| p["diagnostics"] == json!([])).await;
    assert!(params["version"].is_null());
    let symbols = client.request("workspace/symbol", json!({"query": ""})).await;
    assert!(
        symbols["result"].as_array().unwrap().iter().all(|s| s["location"]["uri"] != a.as_str()),
        "{symbols}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_while_reading_and_first_checking_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.evn"), "ref 79 \"x\"\n").unwrap();
    std::fs::write(root.join("b.evn"), "drug DOX inhibits BCRQ cite(79)\n").unwrap();
    let mut client = Client::start().await;
    let init = client
        .request(
            "initialize",
            json!({"capabilities": {"window": {"workDoneProgress": true}},
                   "workspaceFolders": [{"uri": uri(root), "name": "ws"}],
                   "workDoneToken": "init-7"}),
        )
        .await;
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    // Reading the folder was reported under the client's token, before the reply.
    let reading: Vec<&Value> = client
        .backlog
        .iter()
        .filter(|m| m["method"] == "$/progress" && m["params"]["token"] == "init-7")
        .collect();
    let kinds: Vec<&str> =
        reading.iter().map(|m| m["params"]["value"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["begin", "report", "end"], "{reading:?}");
    assert_eq!(reading[1]["params"]["value"]["percentage"], 100);
    assert!(
        reading[1]["params"]["value"]["message"].as_str().unwrap().ends_with(": 2 files"),
        "{reading:?}"
    );
    assert_eq!(reading[2]["params"]["value"]["message"], "read 2 files");

    // After `initialized`, the first check runs under a token the server creates.
    client.notify("initialized", json!({})).await;
    let mut created = false;
    let mut seen = Vec::new();
    loop {
        let message = client.next().await;
        if message["method"] == "window/workDoneProgress/create" {
            assert_eq!(message["params"]["token"], "evn/first-check");
            created = true;
        }
        if message["method"] == "$/progress" && message["params"]["token"] == "evn/first-check" {
            assert!(created, "progress before its token was created");
            let value = message["params"]["value"].clone();
            seen.push(value["kind"].as_str().unwrap().to_string());
            if value["kind"] == "end" {
                // b.evn has one unknown target.
                assert_eq!(value["message"], "1 error(s), 0 warning(s)", "{value}");
                break;
            }
        }
    }
    assert_eq!(seen, ["begin", "end"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_progress_without_a_token_or_the_client_capability() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.evn"), "drug DOX inhibits BCRQ\n").unwrap();
    let (mut client, _) =
        Client::started_with(json!({}), json!([{"uri": uri(dir.path()), "name": "ws"}])).await;
    let a = uri(&dir.path().join("a.evn"));
    // Requests keep every other message in the backlog: the first check is over once
    // its diagnostics have arrived, and every message it sent came before them.
    let hover = json!({"textDocument": {"uri": a}, "position": pos(0, 6)});
    assert!(client.request("textDocument/hover", hover.clone()).await.get("result").is_some());
    for _ in 0..500 {
        if client.backlog.iter().any(|m| m["method"] == "textDocument/publishDiagnostics") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        client.request("textDocument/hover", hover.clone()).await;
    }
    assert!(
        client.backlog.iter().any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{:?}",
        client.backlog
    );
    let progress = client
        .backlog
        .iter()
        .filter(|m| m["method"] == "$/progress" || m["method"] == "window/workDoneProgress/create");
    assert_eq!(progress.count(), 0, "{:?}", client.backlog);
}

/// "define `NAME` in the workspace vocabulary" (spec §11 F): the first one creates the
/// file `vocabulary` names in `evn.toml`, the next ones append to it; once the client has
/// applied the edit, the names are known.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_name_is_defined_in_the_workspace_vocabulary() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("evn.toml"), "vocabulary = \"names/vocabulary.evn\"\n").unwrap();
    std::fs::create_dir(root.join("names")).unwrap();
    let text = "drug XQ-917 reduces zqx-wobbling cite(1)\nref 1 \"r\"\n";
    std::fs::write(root.join("draft.evn"), text).unwrap();
    let (draft, names) = (uri(&root.join("draft.evn")), uri(&root.join("names/vocabulary.evn")));
    let mut client = Client::start().await;
    client.initialize(Some(root), false).await;
    let params = client.diagnostics(&draft, |p| !rules(p).is_empty()).await;
    assert_eq!(rules(&params), ["unknown-drug", "unknown-target"]);

    let define = |answer: &Value, name: &str| {
        let title = format!("define `{name}` in the workspace vocabulary");
        let actions = answer["result"].as_array().unwrap_or_else(|| panic!("{answer}"));
        actions.iter().find(|a| a["title"] == title).unwrap_or_else(|| panic!("{answer}")).clone()
    };
    let at = |line, character| {
        json!({"textDocument": {"uri": draft}, "range": {"start": pos(line, character), "end": pos(line, character)},
               "context": {"diagnostics": []}})
    };
    // The file does not exist: the edit creates it, then writes the define.
    let answer = client.request("textDocument/codeAction", at(0, 22)).await;
    let action = define(&answer, "zqx-wobbling");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["diagnostics"][0]["code"], "unknown-target");
    let changes =
        action["edit"]["documentChanges"].as_array().unwrap_or_else(|| panic!("{action}"));
    assert_eq!(changes[0]["kind"], "create", "{action}");
    assert_eq!(changes[0]["uri"], names.as_str());
    assert_eq!(changes[0]["options"]["ignoreIfExists"], true);
    assert_eq!(changes[1]["textDocument"]["uri"], names.as_str());
    let created = apply("", &changes[1]["edits"]);
    assert!(
        created.ends_with("# unknown target or process, once; or define it as target\ndefine process zqx-wobbling\n"),
        "{created}"
    );

    // The client applies it and saves; the watcher says so; the name is known.
    std::fs::write(root.join("names/vocabulary.evn"), &created).unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": names, "type": 1}]}))
        .await;
    let params = client.diagnostics(&draft, |p| rules(p).len() == 1).await;
    assert_eq!(rules(&params), ["unknown-drug"]);

    // The file exists: the next define is appended to it, after a blank line.
    let answer = client.request("textDocument/codeAction", at(0, 6)).await;
    let action = define(&answer, "XQ-917");
    let edits = &action["edit"]["changes"][&names];
    let appended = apply(&created, edits);
    assert_eq!(
        appended,
        format!("{created}\n# unknown drug, once\ndefine drug XQ-917\n"),
        "{action}"
    );
    std::fs::write(root.join("names/vocabulary.evn"), &appended).unwrap();
    client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": names, "type": 2}]}))
        .await;
    let params = client.diagnostics(&draft, |p| rules(p).is_empty()).await;
    assert!(rules(&params).is_empty(), "{params}");
}

/// Issue 23, item 4: a double blank line elsewhere in the file does not turn Format
/// Selection into a rewrite of the whole document: the edits stay on the range's
/// lines; formatting the whole document drops the extra blank line with a small edit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn range_formatting_stays_in_its_range_beside_double_blank_lines() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-lsp-range-format/a.evn";
    let text = "ref 1   \"x\"\n\n\ndrug   DOX  inhibits ABCB1   cite(1)\ndrug DOX   inhibits    ABCG2 cite(1)\n\n\n# end   \n";
    let canonical = evn::format::format(text).unwrap();
    client.open(u, text).await;
    let options = json!({"tabSize": 4, "insertSpaces": true});
    let range = json!({"start": pos(3, 0), "end": pos(4, 0)});
    let edits = client
        .request(
            "textDocument/rangeFormatting",
            json!({"textDocument": {"uri": u}, "range": range, "options": options}),
        )
        .await;
    let list = edits["result"].as_array().unwrap();
    assert!(!list.is_empty(), "{edits}");
    for edit in list {
        assert_eq!(edit["range"]["start"]["line"], 3, "{edit}");
        assert!(edit["range"]["end"]["line"].as_u64().unwrap() <= 4, "{edit}");
    }
    let formatted = apply(text, &edits["result"]);
    let expected =
        text.replace("drug   DOX  inhibits ABCB1   cite(1)", "drug DOX inhibits ABCB1 cite(1)");
    assert_eq!(formatted, expected);

    // The whole document: the blank lines too, line by line.
    let edits = client
        .request("textDocument/formatting", json!({"textDocument": {"uri": u}, "options": options}))
        .await;
    assert_eq!(apply(text, &edits["result"]), canonical);
    assert!(edits["result"].as_array().unwrap().iter().all(|e| e["newText"] != canonical.as_str()));
}

/// Issue 23, item 5: a rename writes text that parses (a name that is not bare is
/// quoted), and renaming a key onto another key is refused with a message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renames_never_break_the_file() {
    let mut client = Client::binary().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-lsp-rename/a.evn";
    let text = "define formulation X-NP = SLN(paclitaxel)\nX-NP inhibits MDR1 cite(1, 2)\nref 1 \"x\"\nref 2 \"y\"\n";
    client.open(u, text).await;
    let rename = |position: Value, name: &str| json!({"textDocument": {"uri": u}, "position": position, "newName": name});
    for name in ["42", "in", "my NP", "cite(3)"] {
        let answer = client.request("textDocument/rename", rename(pos(1, 1), name)).await;
        match answer["result"]["changes"][u].as_array() {
            Some(edits) => {
                let after = apply(text, &Value::Array(edits.clone()));
                let errors = evn::syntax::parse(&after).errors;
                assert!(errors.is_empty(), "renamed to {name}: {after}: {errors:?}");
            }
            None => assert!(answer["error"]["message"].is_string(), "{name}: {answer}"),
        }
    }
    let answer = client.request("textDocument/rename", rename(pos(1, 1), "42")).await;
    let after = apply(text, &answer["result"]["changes"][u]);
    assert!(after.starts_with("define formulation `42` = "), "{after}");

    let answer = client.request("textDocument/rename", rename(pos(2, 4), "2")).await;
    assert!(answer["result"].is_null(), "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("exists already"), "{message}");
}
