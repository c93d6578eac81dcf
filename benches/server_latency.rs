//! The language server's latency as a client sees it (BENCHMARKS.md, "The language
//! server"): spawns the real `evn lsp` binary, opens one generated document of 10,000
//! and of 100,000 claims, types a new claim at its end one character at a time, pausing
//! after each keystroke until the diagnostics of that version arrive, and measures
//!
//! - diagnostics: from writing the `didChange` (the keystroke) to the arrival of the
//!   `publishDiagnostics` with that version;
//! - completion: from writing a `textDocument/completion` request, sent right after
//!   each keystroke as an editor does, to the arrival of its reply;
//!
//! and the server's memory (`VmHWM`, `VmRSS` of `/proc/PID/status`) after opening,
//! after typing and after closing the document. Run with
//! `cargo bench --bench server_latency` (`-- --claims N` for one size only).
//!
//! `-- --large MB` instead opens one document of about MB megabytes (the generated
//! claims of a 10,000-claim document repeated, so that every repeat is a
//! `duplicate-claim`: a document with as many findings as claims) and measures the time
//! from `didOpen` to the first diagnostics, their number and size, the peak and the
//! steady resident size against the text's size, hovers sent while an analysis runs,
//! and keystrokes at the end of the document.

// Tests and benchmarks may unwrap, expect and panic (the crate denies them in library code).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The claim typed at the end of the document, one character per keystroke.
const TYPED: &str =
    "carrier SLN(DOX) with FA downregulates P-gp, BCRP in TNBC, MCF-7 via efflux cite(7)";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = match args.iter().position(|a| a == "--claims") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).into_iter().collect(),
        None => vec![10_000, 100_000],
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("evn lsp latency, load average at start: {}", load.trim());
    if let Some(mb) = args
        .iter()
        .position(|a| a == "--large")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
    {
        large(mb);
        return;
    }
    for claims in sizes {
        run(claims);
    }
}

/// A message from the server, when it arrived and its size in bytes.
struct Arrival {
    at: Instant,
    message: Value,
    bytes: usize,
}

struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    incoming: Receiver<Arrival>,
    backlog: Vec<Arrival>,
    next_id: i64,
}

fn write_message(stdin: &Mutex<ChildStdin>, message: &Value) -> Instant {
    let body = message.to_string();
    let mut stdin = stdin.lock().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
    Instant::now()
}

impl Server {
    fn spawn() -> Server {
        // `EVN_BENCH_BINARY` measures another build (an earlier commit's) the same way.
        let program = std::env::var_os("EVN_BENCH_BINARY")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_evn").into());
        let mut child = Command::new(program)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("evn lsp starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        let answer = stdin.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let at = Instant::now();
                let Ok(message) = serde_json::from_slice::<Value>(&body) else { continue };
                // Answer the server's requests (registerCapability) at once.
                if message.get("method").is_some() {
                    if let Some(id) = message.get("id") {
                        write_message(
                            &answer,
                            &json!({"jsonrpc": "2.0", "id": id, "result": null}),
                        );
                    }
                }
                if tx.send(Arrival { at, message, bytes: length }).is_err() {
                    return;
                }
            }
        });
        Server { child, stdin, incoming, backlog: Vec::new(), next_id: 1 }
    }

    fn notify(&self, method: &str, params: Value) -> Instant {
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn send_request(&mut self, method: &str, params: Value) -> (i64, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        (
            id,
            write_message(
                &self.stdin,
                &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
            ),
        )
    }

    /// Waits for the first message that `accept` takes; the others are kept for a later
    /// wait (diagnostics may arrive before the reply to a request sent after the change).
    fn wait(&mut self, what: &str, accept: impl Fn(&Value) -> bool) -> Arrival {
        if let Some(i) = self.backlog.iter().position(|a| accept(&a.message)) {
            return self.backlog.remove(i);
        }
        loop {
            let arrival = self
                .incoming
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("no {what} in time"));
            if accept(&arrival.message) {
                return arrival;
            }
            if self.backlog.len() < 10_000 {
                self.backlog.push(arrival);
            }
        }
    }

    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }
}

fn run(claims: usize) {
    let document = generate(claims);
    let uri = "file:///tmp/evn-bench/one.evn";
    let mut server = Server::spawn();
    let (id, _) =
        server.send_request("initialize", json!({"capabilities": {}, "workspaceFolders": null}));
    server.wait("initialize reply", |m| m["id"] == id);
    server.notify("initialized", json!({}));
    let opened = server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "evn", "version": 1, "text": document}}),
    );
    let first = server.wait("first diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1
    });
    let open_ms = ms(first.at - opened);
    let (hwm_open, rss_open) = server.memory();

    let mut line = document.lines().count() as u32;
    let mut column = 0u32;
    let mut version = 1;
    let mut diagnostics = Vec::new();
    let mut completion = Vec::new();
    let mut hints = 0;
    // A new line first, then the claim a character at a time.
    for (i, c) in std::iter::once('\n').chain(TYPED.chars()).enumerate() {
        version += 1;
        let at = json!({"line": line, "character": column});
        let sent = server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": c.to_string()}]}),
        );
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if i > 0 {
            let (id, asked) = server.send_request(
                "textDocument/completion",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": column}}),
            );
            let reply =
                server.wait("completion reply", |m| m["id"] == id && m.get("method").is_none());
            completion.push(ms(reply.at - asked));
        }
        let published = server.wait("diagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        diagnostics.push(ms(published.at - sent));
        hints = published.message["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        std::thread::sleep(Duration::from_millis(20));
    }
    let (hwm_typed, rss_typed) = server.memory();

    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    server.wait("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });
    std::thread::sleep(Duration::from_millis(300));
    let (_, rss_closed) = server.memory();
    let (id, _) = server.send_request("shutdown", Value::Null);
    server.wait("shutdown reply", |m| m["id"] == id);
    server.notify("exit", Value::Null);
    let status = server.child.wait().expect("the server exits");

    println!();
    println!("{claims} claims ({:.1} MB, {} diagnostics in the final list), open → first diagnostics {open_ms:.0} ms", document.len() as f64 / 1e6, hints);
    println!(
        "  keystroke → diagnostics ({} edits): {}",
        diagnostics.len(),
        summary(&mut diagnostics)
    );
    println!(
        "  completion request → reply ({} requests):  {}",
        completion.len(),
        summary(&mut completion)
    );
    println!(
        "  server memory: peak {} MB after open, peak {} MB after typing; resident {} MB open, {} MB typed, {} MB after close; exit {status}",
        hwm_open / 1024,
        hwm_typed / 1024,
        rss_open / 1024,
        rss_typed / 1024,
        rss_closed / 1024
    );
}

/// The large-document run (see the module's documentation).
fn large(mb: usize) {
    let unit = generate(10_000);
    let (claims, refs): (Vec<&str>, Vec<&str>) = unit.lines().partition(|l| !l.starts_with("ref "));
    let claims = claims.join("\n") + "\n";
    let mut document = String::with_capacity(mb * 1_000_000 + unit.len());
    while document.len() < mb * 1_000_000 {
        document.push_str(&claims);
    }
    for r in &refs {
        document.push_str(r);
        document.push('\n');
    }
    let lines = document.lines().count() as u32;
    let size = document.len() as f64 / 1e6;
    let uri = "file:///tmp/evn-bench/large.evn";
    let mut server = Server::spawn();
    let (id, _) =
        server.send_request("initialize", json!({"capabilities": {}, "workspaceFolders": null}));
    server.wait("initialize reply", |m| m["id"] == id);
    server.notify("initialized", json!({}));
    let (_, rss_started) = server.memory();
    println!();
    println!("{size:.1} MB, {lines} lines (the claims of a 10,000-claim document repeated, then 1,000 references)");

    // Open, and hover at once, while the first analysis runs.
    let opened = server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "evn", "version": 1, "text": document}}),
    );
    drop(document);
    let hover = |server: &mut Server, line: u32| {
        server.send_request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 10}}),
        )
    };
    let (hover_id, hover_sent) = hover(&mut server, 0);
    let mut first = None;
    let mut hover_reply = None;
    while first.is_none() || hover_reply.is_none() {
        let arrival = server.wait("first diagnostics and the hover", |m| {
            m["id"] == hover_id
                || (m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1)
        });
        if arrival.message["id"] == hover_id {
            hover_reply = Some(arrival.at);
        } else {
            first = Some(arrival);
        }
    }
    let first = first.unwrap();
    let list = first.message["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
    let last = list.last().and_then(|d| d["message"].as_str()).unwrap_or("").to_string();
    println!(
        "  open → first diagnostics: {:.0} ms ({} diagnostics, {:.2} MB of JSON)",
        ms(first.at - opened),
        list.len(),
        first.bytes as f64 / 1e6
    );
    println!("  the last published: {last}");
    println!("  hover sent with didOpen → reply: {:.0} ms", ms(hover_reply.unwrap() - hover_sent));
    let (hwm_open, rss_open) = server.memory();
    std::thread::sleep(Duration::from_secs(3));
    let (_, rss_steady) = server.memory();

    // Keystrokes at the end (a new claim, typed), each with a hover at the start of
    // the document sent right after it, while that keystroke's analysis runs.
    let mut version = 1;
    let (mut line, mut column) = (lines, 0u32);
    let mut typed = Vec::new();
    let mut hovers = Vec::new();
    for c in std::iter::once('\n').chain(TYPED.chars().take(20)) {
        version += 1;
        let at = json!({"line": line, "character": column});
        let sent = server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": c.to_string()}]}),
        );
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        let (id, asked) = hover(&mut server, 0);
        let mut published = None;
        let mut replied = None;
        while published.is_none() || replied.is_none() {
            let arrival = server.wait("diagnostics and hover", |m| {
                m["id"] == id
                    || (m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["version"] == version)
            });
            if arrival.message["id"] == id {
                replied = Some(arrival.at);
            } else {
                published = Some(arrival.at);
            }
        }
        typed.push(ms(published.unwrap() - sent));
        hovers.push(ms(replied.unwrap() - asked));
        std::thread::sleep(Duration::from_millis(20));
    }
    let (hwm_typed, rss_typed) = server.memory();
    std::thread::sleep(Duration::from_secs(3));
    let (_, rss_typed_steady) = server.memory();
    println!("  keystroke → diagnostics ({} edits): {}", typed.len(), summary(&mut typed));
    println!(
        "  hover sent after a keystroke → reply ({} requests): {}",
        hovers.len(),
        summary(&mut hovers)
    );
    let times = |kb: u64| kb as f64 * 1024.0 / 1e6 / size;
    println!(
        "  server memory: peak {} MB after open ({:.1}× the text), resident {} MB after open, {} MB 3 s later ({:.1}×); peak {} MB after typing ({:.1}×), resident {} MB, {} MB 3 s later ({:.1}×)",
        hwm_open / 1024,
        times(hwm_open),
        rss_open / 1024,
        rss_steady / 1024,
        times(rss_steady),
        hwm_typed / 1024,
        times(hwm_typed),
        rss_typed / 1024,
        rss_typed_steady / 1024,
        times(rss_typed_steady),
    );
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    std::thread::sleep(Duration::from_secs(3));
    let (_, rss_closed) = server.memory();
    // What stays after the document closed is the process's own: the binary, the
    // prelude, and the reference namespaces the typed words made it load (for life).
    println!(
        "  resident {} MB started, {} MB 3 s after close; typed and settled, less what stays after close: {} MB ({:.1}× the text), with the process's start: {} MB ({:.1}×)",
        rss_started / 1024,
        rss_closed / 1024,
        rss_typed_steady.saturating_sub(rss_closed) / 1024,
        times(rss_typed_steady.saturating_sub(rss_closed)),
        (rss_typed_steady.saturating_sub(rss_closed) + rss_started) / 1024,
        times(rss_typed_steady.saturating_sub(rss_closed) + rss_started)
    );
    let (id, _) = server.send_request("shutdown", Value::Null);
    server.wait("shutdown reply", |m| m["id"] == id);
    server.notify("exit", Value::Null);
    let _ = server.child.wait();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn summary(values: &mut [f64]) -> String {
    values.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
    format!("p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms", at(0.5), at(0.95), at(1.0))
}

/// A document of `n` valid, distinct claims and 1,000 references, drawn as
/// `bench/generate.py` draws them (a fixed seed; not the same claims).
fn generate(n: usize) -> String {
    const ROLES: &[(&str, &[&str], &[&str])] = &[
        (
            "efflux",
            &["drug-uptake"],
            &[
                "ABCB1",
                "MDR1",
                "P-gp",
                "ABCG2",
                "BCRP",
                "ABCC1",
                "MRP1",
                "drug-efflux",
                "multidrug-resistance",
            ],
        ),
        (
            "apoptosis",
            &["BAX", "CASP3", "caspase-3", "TP53", "p53", "CYCS", "TNF", "apoptosis"],
            &["BCL2", "Bcl-2", "mitochondrial-membrane-potential"],
        ),
        (
            "cell-cycle",
            &[
                "CDKN1A",
                "p21",
                "CDKN1B",
                "p27",
                "G2/M-arrest",
                "G1-arrest",
                "G0/G1-arrest",
                "S-arrest",
            ],
            &["CCND1", "cyclin-D1", "proliferation"],
        ),
        (
            "signaling",
            &["MIR34A", "miR-34a", "MAPK8", "JNK", "NFKBIA"],
            &["AKT1", "Akt", "NOTCH1", "NFKB1", "NF-κB", "STAT3", "HSPB1", "VEGFA", "VEGF"],
        ),
        (
            "emt",
            &["CDH1", "E-cadherin"],
            &[
                "VIM",
                "vimentin",
                "CDH2",
                "N-cadherin",
                "SNAI1",
                "Snail",
                "EMT",
                "migration",
                "invasion",
            ],
        ),
        ("stemness", &[], &["STAT3", "CD44"]),
        ("ferroptosis", &["ferroptosis"], &["HSPB1"]),
        ("dna-repair", &[], &["PARP1"]),
    ];
    const UP: &[&str] =
        &["increases", "upregulates", "activates", "induces", "enhances", "promotes", "restores"];
    const DOWN: &[&str] =
        &["decreases", "downregulates", "inhibits", "suppresses", "reduces", "blocks", "silences"];
    const CARRIERS: &[&str] = &[
        "SLN",
        "liposome",
        "polymeric-NP",
        "PLGA-NP",
        "PLGA-PEG",
        "micelle",
        "nanogel",
        "MNP",
        "Fe3O4-MNP",
        "graphene-QD",
        "carbon-QD",
        "MSN",
        "exosome",
        "MoS2",
        "gold-NP",
        "niosome",
        "chitosan-NP",
        "albumin-NP",
        "nanoemulsion",
    ];
    const DRUGS: &[&str] = &[
        "doxorubicin",
        "DOX",
        "paclitaxel",
        "PTX",
        "docetaxel",
        "talazoparib",
        "mitoxantrone",
        "resveratrol",
        "curcumin",
        "5-FU",
        "niclosamide",
        "pterostilbene",
        "methotrexate",
        "tamoxifen",
        "gemcitabine",
        "olaparib",
        "carboplatin",
        "lapatinib",
        "shikonin",
        "siAKT",
    ];
    const LIGANDS: &[&str] =
        &["FA", "HA", "TPGS", "PEG", "DSPE-PEG-FA", "KLA", "chitosan", "PEI", "dextran"];
    const CONTEXTS: &[&str] = &[
        "TNBC",
        "HER2+",
        "ER+",
        "MCF-7",
        "MCF-7/ADR",
        "MDA-MB-231",
        "4T1",
        "in-vitro",
        "in-vivo",
        "mouse",
    ];
    const STIMULI: &[&str] =
        &["pH", "temperature", "NIR", "ultrasound", "hypoxia", "magnetic-field"];
    const REFS: usize = 1000;

    let mut state = 0x2026_1128_u64;
    let mut next = move |bound: usize| {
        // xorshift64*: deterministic and good enough to pick words.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % bound
    };
    fn sample<'a>(
        words: &[&'a str],
        k: usize,
        next: &mut dyn FnMut(usize) -> usize,
    ) -> Vec<&'a str> {
        let mut pool = words.to_vec();
        let mut out = Vec::new();
        while out.len() < k.min(words.len()) {
            out.push(pool.swap_remove(next(pool.len())));
        }
        out
    }
    let mut seen = HashSet::new();
    let mut out = String::new();
    while seen.len() < n {
        let (mechanism, up, down) = ROLES[next(ROLES.len())];
        let (objects, relations) = match (up.is_empty(), next(2)) {
            (false, 0) => (up, UP),
            _ => (down, DOWN),
        };
        let objects = sample(objects, [1, 1, 2, 3][next(4)], &mut next);
        let payload = sample(DRUGS, [1, 1, 2][next(3)], &mut next);
        let mut claim =
            format!("carrier {}({})", CARRIERS[next(CARRIERS.len())], payload.join(", "));
        if next(2) == 0 {
            claim += &format!(" with {}", LIGANDS[next(LIGANDS.len())]);
        }
        claim += &format!(" {} {}", relations[next(relations.len())], objects.join(", "));
        if next(10) < 7 {
            claim += &format!(" in {}", sample(CONTEXTS, [1, 2][next(2)], &mut next).join(", "));
        }
        if next(100) < 15 {
            claim += &format!(" under {}", STIMULI[next(STIMULI.len())]);
        }
        claim += &format!(" via {mechanism} cite({})", next(REFS) + 1);
        if seen.insert(claim.clone()) {
            out.push_str(&claim);
            out.push('\n');
        }
    }
    for i in 1..=REFS {
        out.push_str(&format!("ref {i} \"Generated reference {i}\"\n"));
    }
    out
}
