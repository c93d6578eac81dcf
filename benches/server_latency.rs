//! The language server's latency as a client sees it (BENCHMARKS.md, "The language
//! server"): spawns the real `evn lsp` binary, opens one generated document of 10,000
//! and of 100,000 claims, types a new claim at its end one character at a time, pausing
//! after each keystroke until the diagnostics of that version arrive, and measures
//!
//! - diagnostics: from the end of the debounce (the time the `didChange` was written
//!   plus [`evn::lsp::server::DEBOUNCE`]) to the arrival of the `publishDiagnostics`
//!   with that version;
//! - completion: from writing a `textDocument/completion` request, sent right after
//!   each keystroke as an editor does, to the arrival of its reply;
//!
//! and the server's memory (`VmHWM`, `VmRSS` of `/proc/PID/status`) after opening,
//! after typing and after closing the document. Run with
//! `cargo bench --bench server_latency` (`-- --claims N` for one size only).

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The claim typed at the end of the document, one character per keystroke.
const TYPED: &str = "carrier SLN(DOX) with FA downregulates P-gp, BCRP in TNBC, MCF-7 via efflux cite(7)";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = match args.iter().position(|a| a == "--claims") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).into_iter().collect(),
        None => vec![10_000, 100_000],
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("evn lsp latency, debounce {} ms, load average at start: {}", evn::lsp::server::DEBOUNCE.as_millis(), load.trim());
    for claims in sizes {
        run(claims);
    }
}

/// A message from the server and when it arrived.
struct Arrival {
    at: Instant,
    message: Value,
}

struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    incoming: Receiver<Arrival>,
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
        let mut child = Command::new(env!("CARGO_BIN_EXE_evn"))
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
                        write_message(&answer, &json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    }
                }
                if tx.send(Arrival { at, message }).is_err() {
                    return;
                }
            }
        });
        Server { child, stdin, incoming, next_id: 1 }
    }

    fn notify(&self, method: &str, params: Value) -> Instant {
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn send_request(&mut self, method: &str, params: Value) -> (i64, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        (id, write_message(&self.stdin, &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})))
    }

    /// Waits for the first message that `accept` takes; the others are dropped.
    fn wait(&self, what: &str, accept: impl Fn(&Value) -> bool) -> Arrival {
        loop {
            let arrival = self.incoming.recv_timeout(Duration::from_secs(120)).unwrap_or_else(|_| panic!("no {what} in time"));
            if accept(&arrival.message) {
                return arrival;
            }
        }
    }

    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
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
    let (id, _) = server.send_request("initialize", json!({"capabilities": {}, "workspaceFolders": null}));
    server.wait("initialize reply", |m| m["id"] == id);
    server.notify("initialized", json!({}));
    let opened = server.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "evn", "version": 1, "text": document}}));
    let first = server.wait("first diagnostics", |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1);
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
            let reply = server.wait("completion reply", |m| m["id"] == id && m.get("method").is_none());
            completion.push(ms(reply.at - asked));
        }
        let published = server.wait("diagnostics", |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version);
        let debounce_end = sent + evn::lsp::server::DEBOUNCE;
        diagnostics.push(ms(published.at.saturating_duration_since(debounce_end)) - ms(debounce_end.saturating_duration_since(published.at)));
        hints = published.message["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        std::thread::sleep(Duration::from_millis(20));
    }
    let (hwm_typed, rss_typed) = server.memory();

    server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    server.wait("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["diagnostics"].as_array().is_some_and(Vec::is_empty)
    });
    std::thread::sleep(Duration::from_millis(300));
    let (_, rss_closed) = server.memory();
    let (id, _) = server.send_request("shutdown", Value::Null);
    server.wait("shutdown reply", |m| m["id"] == id);
    server.notify("exit", Value::Null);
    let status = server.child.wait().expect("the server exits");

    println!();
    println!("{claims} claims ({:.1} MB, {} diagnostics in the final list), open → first diagnostics {open_ms:.0} ms", document.len() as f64 / 1e6, hints);
    println!("  diagnostics after the debounce ({} edits): {}", diagnostics.len(), summary(&mut diagnostics));
    println!("  completion request → reply ({} requests):  {}", completion.len(), summary(&mut completion));
    println!(
        "  server memory: peak {} MB after open, peak {} MB after typing; resident {} MB open, {} MB typed, {} MB after close; exit {status}",
        hwm_open / 1024,
        hwm_typed / 1024,
        rss_open / 1024,
        rss_typed / 1024,
        rss_closed / 1024
    );
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
        ("efflux", &["drug-uptake"], &["ABCB1", "MDR1", "P-gp", "ABCG2", "BCRP", "ABCC1", "MRP1", "drug-efflux", "multidrug-resistance"]),
        ("apoptosis", &["BAX", "CASP3", "caspase-3", "TP53", "p53", "CYCS", "TNF", "apoptosis"], &["BCL2", "Bcl-2", "mitochondrial-membrane-potential"]),
        ("cell-cycle", &["CDKN1A", "p21", "CDKN1B", "p27", "G2/M-arrest", "G1-arrest", "G0/G1-arrest", "S-arrest"], &["CCND1", "cyclin-D1", "proliferation"]),
        ("signaling", &["MIR34A", "miR-34a", "MAPK8", "JNK", "NFKBIA"], &["AKT1", "Akt", "NOTCH1", "NFKB1", "NF-κB", "STAT3", "HSPB1", "VEGFA", "VEGF"]),
        ("emt", &["CDH1", "E-cadherin"], &["VIM", "vimentin", "CDH2", "N-cadherin", "SNAI1", "Snail", "EMT", "migration", "invasion"]),
        ("stemness", &[], &["STAT3", "CD44"]),
        ("ferroptosis", &["ferroptosis"], &["HSPB1"]),
        ("dna-repair", &[], &["PARP1"]),
    ];
    const UP: &[&str] = &["increases", "upregulates", "activates", "induces", "enhances", "promotes", "restores"];
    const DOWN: &[&str] = &["decreases", "downregulates", "inhibits", "suppresses", "reduces", "blocks", "silences"];
    const CARRIERS: &[&str] = &[
        "SLN", "liposome", "polymeric-NP", "PLGA-NP", "PLGA-PEG", "micelle", "nanogel", "MNP", "Fe3O4-MNP", "graphene-QD",
        "carbon-QD", "MSN", "exosome", "MoS2", "gold-NP", "niosome", "chitosan-NP", "albumin-NP", "nanoemulsion",
    ];
    const DRUGS: &[&str] = &[
        "doxorubicin", "DOX", "paclitaxel", "PTX", "docetaxel", "talazoparib", "mitoxantrone", "resveratrol", "curcumin", "5-FU",
        "niclosamide", "pterostilbene", "methotrexate", "tamoxifen", "gemcitabine", "olaparib", "carboplatin", "lapatinib",
        "shikonin", "siAKT",
    ];
    const LIGANDS: &[&str] = &["FA", "HA", "TPGS", "PEG", "DSPE-PEG-FA", "KLA", "chitosan", "PEI", "dextran"];
    const CONTEXTS: &[&str] = &["TNBC", "HER2+", "ER+", "MCF-7", "MCF-7/ADR", "MDA-MB-231", "4T1", "in-vitro", "in-vivo", "mouse"];
    const STIMULI: &[&str] = &["pH", "temperature", "NIR", "ultrasound", "hypoxia", "magnetic-field"];
    const REFS: usize = 1000;

    let mut state = 0x2026_1128_u64;
    let mut next = move |bound: usize| {
        // xorshift64*: deterministic and good enough to pick words.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % bound
    };
    fn sample<'a>(words: &[&'a str], k: usize, next: &mut dyn FnMut(usize) -> usize) -> Vec<&'a str> {
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
        let mut claim = format!("carrier {}({})", CARRIERS[next(CARRIERS.len())], payload.join(", "));
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
