//! Work-done progress (`$/progress`) while the server reads the workspace and checks it
//! for the first time, so that an editor shows why the first diagnostics take a moment.
//!
//! Reading happens while `initialize` is answered, under the token the client put in
//! that request (`workDoneToken`); the protocol allows these notifications before the
//! reply, but tower-lsp-server holds back every notification until it has sent it, so
//! they are serialised here and go straight to the output. The first check runs after
//! `initialized`, under a token the server creates (`window/workDoneProgress/create`)
//! when the client says it can show progress.

use serde::Serialize;
use tower_lsp_server::ls_types::{
    ProgressParams, ProgressParamsValue, ProgressToken, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressEnd, WorkDoneProgressReport,
};

/// The token of the first check, created by the server.
pub const FIRST_CHECK: &str = "evn/first-check";

#[derive(Serialize)]
struct Notification {
    jsonrpc: &'static str,
    method: &'static str,
    params: ProgressParams,
}

/// The JSON of a `$/progress` notification.
pub fn message(token: &ProgressToken, value: WorkDoneProgress) -> Vec<u8> {
    let notification = Notification {
        jsonrpc: "2.0",
        method: "$/progress",
        params: ProgressParams {
            token: token.clone(),
            value: ProgressParamsValue::WorkDone(value),
        },
    };
    serde_json::to_vec(&notification).unwrap_or_default()
}

pub fn begin(title: &str, message: String) -> WorkDoneProgress {
    WorkDoneProgress::Begin(WorkDoneProgressBegin {
        title: title.into(),
        cancellable: Some(false),
        message: Some(message),
        percentage: Some(0),
    })
}

pub fn report(message: String, done: usize, total: usize) -> WorkDoneProgress {
    let percentage = (done * 100).checked_div(total).unwrap_or(100) as u32;
    WorkDoneProgress::Report(WorkDoneProgressReport {
        cancellable: Some(false),
        message: Some(message),
        percentage: Some(percentage),
    })
}

pub fn end(message: String) -> WorkDoneProgress {
    WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(message) })
}

/// "1 file", "2 files".
pub fn files(n: usize) -> String {
    crate::text::plural(n, "file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_a_progress_notification_with_a_percentage() {
        let token = ProgressToken::String("t".into());
        let json: serde_json::Value =
            serde_json::from_slice(&message(&token, report("a".into(), 1, 4))).unwrap();
        assert_eq!(json["method"], "$/progress");
        assert_eq!(json["params"]["token"], "t");
        assert_eq!(json["params"]["value"]["kind"], "report");
        assert_eq!(json["params"]["value"]["percentage"], 25);
        assert_eq!(files(1), "1 file");
        assert_eq!(files(0), "0 files");
    }
}
