//! What the server publishes and in which order, through the protocol: the cap on a
//! document's diagnostics (default, `maxDiagnostics` in the initialization options and
//! in the settings, the most severe kept, the last one saying how many were left out)
//! and the order of completion items as a client sorts them (`sortText`, then label).

use crate::lsp_support;

use lsp_support::{pos, Client};
use serde_json::{json, Value};

/// Five claims: three names written as aliases (hints) and two unknown targets (errors).
const MIXED: &str = "drug doxorubicin inhibits MDR1 cite(1)\n\
                     drug doxorubicin inhibits XQZA cite(1)\n\
                     drug doxorubicin inhibits BCRP cite(1)\n\
                     drug doxorubicin inhibits XQZB cite(1)\n\
                     drug doxorubicin inhibits MRP1 cite(1)\n\
                     ref 1 \"x\"\n";

fn lines_and_severities(params: &Value) -> Vec<(u64, u64)> {
    let all = params["diagnostics"].as_array().unwrap();
    all.iter()
        .map(|d| (d["range"]["start"]["line"].as_u64().unwrap(), d["severity"].as_u64().unwrap()))
        .collect()
}

fn last_message(params: &Value) -> String {
    params["diagnostics"].as_array().unwrap().last().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_most_severe_are_kept_and_the_last_says_how_many_were_left_out() {
    let mut client = Client::start().await;
    client
        .request(
            "initialize",
            json!({"capabilities": {}, "initializationOptions": {"maxDiagnostics": 3}}),
        )
        .await;
    client.notify("initialized", json!({})).await;
    let u = "file:///tmp/evn-publish-test/mixed.evn";
    client.open(u, MIXED).await;
    let params = client.diagnostics(u, |_| true).await;
    // Both errors (lines 1 and 3) and the first hint (line 0), in file order, then the
    // summary at the start of the document, as severe as what it left out (hints).
    assert_eq!(lines_and_severities(&params), [(0, 4), (1, 1), (3, 1), (0, 4)], "{params}");
    let summary = last_message(&params);
    assert!(
        summary.starts_with("2 more diagnostics in this document are not shown (2 hint)"),
        "{summary}"
    );
    assert!(summary.contains("at most 3") && summary.contains("maxDiagnostics"), "{summary}");

    // The settings change the cap: 0 shows everything, and a cap that fits adds nothing.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"evn": {"maxDiagnostics": 0}}}),
        )
        .await;
    let params = client.diagnostics(u, |p| p["diagnostics"].as_array().unwrap().len() != 4).await;
    assert_eq!(lines_and_severities(&params), [(0, 4), (1, 1), (2, 4), (3, 1), (4, 4)], "{params}");

    // Settings without the key keep the cap; one with a bad value is logged and ignored.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"evn": {"maxDiagnostics": 1}}}),
        )
        .await;
    let params = client.diagnostics(u, |p| p["diagnostics"].as_array().unwrap().len() == 2).await;
    assert_eq!(
        lines_and_severities(&params),
        [(1, 1), (0, 1)],
        "one error kept; the summary is an error: one was left out"
    );
    assert!(
        last_message(&params)
            .starts_with("4 more diagnostics in this document are not shown (1 error, 3 hint)"),
        "{params}"
    );
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"evn": {"maxDiagnostics": "many"}}}),
        )
        .await;
    let log = loop {
        let message = client.next().await;
        if message["method"] == "window/logMessage" {
            break message["params"]["message"].as_str().unwrap().to_string();
        }
    };
    assert!(log.contains("maxDiagnostics"), "{log:?}");
    // Nothing changed, so nothing is published again for this version; the next
    // version's list shows the cap.
    client.change(u, 2, None, MIXED).await;
    let params = client.diagnostics(u, |p| p["version"] == 2).await;
    assert_eq!(params["diagnostics"].as_array().unwrap().len(), 2, "the cap of 1 stays: {params}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_publishes_a_thousand_diagnostics_unless_told_otherwise() {
    let mut client = Client::start().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-publish-test/many.evn";
    let mut text: String =
        (0..1200).map(|i| format!("drug doxorubicin inhibits XQZ{i}Q cite(1)\n")).collect();
    text.push_str("ref 1 \"x\"\n");
    client.open(u, &text).await;
    let params = client.diagnostics(u, |_| true).await;
    let all = params["diagnostics"].as_array().unwrap();
    assert_eq!(all.len(), 1001, "1,000 and the summary");
    assert!(all[..1000].iter().all(|d| d["code"] == "unknown-target"));
    assert_eq!(all[999]["range"]["start"], pos(999, 26), "the first thousand, in file order");
    assert!(
        last_message(&params)
            .starts_with("200 more diagnostics in this document are not shown (200 error)"),
        "{params}"
    );

    // Pull diagnostics answer from the same capped list.
    let pulled =
        client.request("textDocument/diagnostic", json!({"textDocument": {"uri": u}})).await;
    assert_eq!(
        pulled["result"]["items"].as_array().unwrap().len(),
        1001,
        "{}",
        pulled["result"]["kind"]
    );
}

/// The labels of a completion answer in the order a client shows them: by `sortText`
/// (the label when there is none), then by label.
fn client_order(answer: &Value) -> Vec<String> {
    let mut items: Vec<&Value> = answer["result"]["items"].as_array().unwrap().iter().collect();
    let key = |i: &Value| {
        (
            i["sortText"].as_str().or(i["label"].as_str()).unwrap().to_string(),
            i["label"].as_str().unwrap().to_string(),
        )
    };
    items.sort_by_key(|i| key(i));
    items.iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_ranks_what_the_word_starts_with_first() {
    let mut client = Client::start().await;
    client.initialize(None, false).await;
    let u = "file:///tmp/evn-publish-test/rank.evn";
    // A workspace target that starts with `EG` (curated, same case), one that starts
    // with `eg` (other case), and the claim being typed.
    let text = "define target EGX-receptor \"x\"\ndefine process eg-signalling \"y\"\ndrug DOX downregulates EG\n";
    client.open(u, text).await;
    client.diagnostics(u, |_| true).await;
    let answer = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": pos(2, 25)}),
        )
        .await;
    let order = client_order(&answer);
    let at = |label: &str| {
        order.iter().position(|l| l == label).unwrap_or_else(|| panic!("no {label} in {order:?}"))
    };
    assert_eq!(order[0], "EGX-receptor", "curated and same case first: {order:?}");
    assert!(at("EGFR") < 10, "EGFR is near the top: {order:?}");
    // Same case, then other case, then the names that merely contain e…g.
    assert!(at("EGFR") < at("eg-signalling"), "{order:?}");
    assert!(
        at("eg-signalling") < at("aggregation") && at("eg-signalling") < at("heat-generation"),
        "{order:?}"
    );
    let starts = |l: &str| l.to_lowercase().starts_with("eg");
    let first_other = order.iter().position(|l| !starts(l)).unwrap();
    assert!(
        order[first_other..].iter().all(|l| !starts(l)),
        "every name that starts with the word comes first: {order:?}"
    );
    // The server sends them in that order, and preselects the first.
    let sent: Vec<&str> = answer["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(sent, order.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(answer["result"]["items"][0]["preselect"], true);
    assert!(answer["result"]["items"].as_array().unwrap()[1..]
        .iter()
        .all(|i| i.get("preselect").is_none()));
}
