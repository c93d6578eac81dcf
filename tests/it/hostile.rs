//! Hostile workspaces, through the binary: configuration that points outside the
//! workspace (`..`, symbolic links), huge and deeply nested inputs, thousands of files,
//! and paths that are folders, FIFOs, devices or unreadable. Each run must end within a
//! time bound with a clear message, never read outside the workspace, and never crash.
//!
//! The largest cases (a 100 MB bibliography, 100,000 files) are `#[ignore]`d: run them
//! with `cargo test --release --test hostile -- --ignored --nocapture`, which prints
//! the time and peak memory that TESTING.md quotes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run of `evn` gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory of the process in KiB (Linux), when known.
    max_rss_kib: Option<u64>,
}

impl Run {
    fn describe(&self) -> String {
        format!("exit {:?}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }

    /// Exited by itself with a status of the contract (0, 1 or 2), not killed by a
    /// signal (a stack overflow aborts with SIGABRT) nor panicked (status 101).
    fn assert_clean_exit(&self) {
        assert!(matches!(self.code, Some(0..=2)), "not a clean exit: {}", self.describe());
        assert!(!self.stderr.contains("panicked"), "{}", self.describe());
    }
}

/// Runs `evn args` in `dir` and fails the test if it takes longer than `limit`.
fn evn(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let start = Instant::now();
    let out_dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_evn"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("run evn");
    let (code, max_rss_kib) = loop {
        if let Some(done) = reap(&mut child) {
            break done;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("evn {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code,
        stdout: fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
        elapsed: start.elapsed(),
        max_rss_kib,
    }
}

/// The exit status and peak memory of a child that has ended, without blocking.
#[cfg(target_os = "linux")]
fn reap(child: &mut std::process::Child) -> Option<(Option<i32>, Option<u64>)> {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills in; the pid is our child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid =
        unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, libc::WNOHANG, &mut usage) };
    if pid == 0 {
        return None;
    }
    assert!(pid > 0, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Some((code, Some(usage.ru_maxrss as u64)))
}

#[cfg(not(target_os = "linux"))]
fn reap(child: &mut std::process::Child) -> Option<(Option<i32>, Option<u64>)> {
    child.try_wait().ok().flatten().map(|status| (status.code(), None))
}

/// A temporary folder with files written from `(path, contents)` pairs.
fn tree(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let base = fs::canonicalize(dir.path()).unwrap();
    for (path, contents) in files {
        let full = base.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(&full, contents).unwrap();
    }
    (dir, base)
}

fn figure(label: &str, run: &Run) {
    let memory = run.max_rss_kib.map_or("unknown".to_owned(), |kib| format!("{} MiB", kib / 1024));
    eprintln!(
        "{label}: {:.2} s, peak memory {memory}, exit {:?}",
        run.elapsed.as_secs_f64(),
        run.code
    );
}

const SHORT: Duration = Duration::from_secs(30);

/// A name that `evn check` would report as unknown if it ever read the file holding it.
const SECRET: &str =
    "carrier SLN(talazoparib) downregulates SECRETGENEXYZ in TNBC cite(1)\nref 1 \"secret\"\n";

fn assert_not_read(run: &Run) {
    assert!(
        !run.stdout.contains("SECRETGENEXYZ") && !run.stderr.contains("SECRETGENEXYZ"),
        "read outside: {}",
        run.describe()
    );
}

#[test]
fn configuration_paths_that_leave_the_workspace_are_configuration_errors() {
    let (_dir, base) = tree(&[
        ("ws/a.evn", "ref 1 \"a\"\n"),
        ("secret.bib", "@misc{SECRETGENEXYZ, title={t}}"),
        ("secret.evn", SECRET),
    ]);
    let ws = base.join("ws");
    let cases = [
        (
            "bibliography = [\"../secret.bib\"]\n",
            "`bibliography` path `../secret.bib` leaves the workspace folder",
        ),
        ("bibliography = [\"sub/../../secret.bib\"]\n", "leaves the workspace folder"),
        ("bibliography = [\"/etc/passwd\"]\n", "`bibliography` path `/etc/passwd` is absolute"),
        ("include = [\"../*.evn\"]\n", "`include` pattern `../*.evn` leaves the workspace folder"),
        ("include = [\"/**/*.evn\"]\n", "`include` pattern `/**/*.evn` is absolute"),
    ];
    for (config, message) in cases {
        fs::write(ws.join("evn.toml"), config).unwrap();
        let run = evn(&ws, &["check"], SHORT);
        assert_eq!(run.code, Some(2), "{config}: {}", run.describe());
        assert!(run.stderr.contains(message), "{config}: {}", run.describe());
        assert!(run.stdout.is_empty(), "nothing is checked: {}", run.describe());
        assert_not_read(&run);
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_workspace_are_not_followed() {
    use std::os::unix::fs::symlink;
    let (_dir, base) = tree(&[
        ("ws/evn.toml", "bibliography = [\"refs.bib\"]\n"),
        ("ws/a.evn", "carrier SLN(talazoparib) downregulates ABCB1 in TNBC cite(k)\n"),
        ("outside/secret.bib", "@misc{SECRETGENEXYZ, title={t}}"),
        ("outside/secret.evn", SECRET),
    ]);
    let ws = base.join("ws");
    // The bibliography through a link to a file outside: a configuration error.
    symlink(base.join("outside/secret.bib"), ws.join("refs.bib")).unwrap();
    let run = evn(&ws, &["check"], SHORT);
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(
        run.stderr.contains(
            "`bibliography` path `refs.bib` leaves the workspace folder through a symbolic link"
        ),
        "{}",
        run.describe()
    );
    assert_not_read(&run);
    // Through a linked folder: the same.
    fs::remove_file(ws.join("refs.bib")).unwrap();
    symlink(base.join("outside"), ws.join("linked")).unwrap();
    fs::write(ws.join("evn.toml"), "bibliography = [\"linked/secret.bib\"]\n").unwrap();
    let run = evn(&ws, &["check"], SHORT);
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(
        run.stderr.contains("leaves the workspace folder through a symbolic link"),
        "{}",
        run.describe()
    );
    // Discovery: the linked folder is not walked; a linked file outside is refused
    // unread, with its name; the rest is checked.
    fs::write(ws.join("evn.toml"), "").unwrap();
    symlink(base.join("outside/secret.evn"), ws.join("b.evn")).unwrap();
    let run = evn(&ws, &["check"], SHORT);
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(
        run.stderr.contains("b.evn: is a symbolic link that leaves the workspace folder"),
        "{}",
        run.describe()
    );
    assert!(run.stdout.contains("unknown-reference"), "a.evn is still checked: {}", run.describe());
    assert_not_read(&run);
    // A file outside named on the command line belongs to the workspace its own path
    // leads to (spec §10 F): here none, so it is checked alone, by the user's choice.
    let run = evn(&ws, &["check", "--format", "short", "../outside/secret.evn"], SHORT);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    assert!(
        run.stdout.contains("../outside/secret.evn:1:40: error[unknown-target]"),
        "{}",
        run.describe()
    );
    // Through the link, the path is the workspace's by name but leads outside: an
    // error, not a read.
    for (path, message) in [
        (
            "linked/secret.evn",
            "linked/secret.evn: leads outside the workspace folder through a symbolic link",
        ),
        ("linked", "linked: leads outside the workspace folder through a symbolic link"),
    ] {
        let run = evn(&ws, &["check", path], SHORT);
        assert_eq!(run.code, Some(2), "{path}: {}", run.describe());
        assert!(run.stderr.contains(message), "{path}: {}", run.describe());
        assert_not_read(&run);
    }
}

#[test]
fn deeply_nested_braces_and_parentheses_do_not_overflow_the_stack() {
    const DEPTH: usize = 100_000;
    let nested = format!(
        "@misc{{deep, title = {}x{}}}\n@misc{{after, title={{t}}}}\n",
        "{".repeat(DEPTH),
        "}".repeat(DEPTH)
    );
    let unclosed =
        format!("@misc{{open, title = {}\n@misc{{later, title={{t}}}}\n", "{".repeat(DEPTH));
    let parens = format!(
        "carrier {}x{} inhibits ABCB1 cite(deep)\n",
        "SLN(".repeat(DEPTH),
        ")".repeat(DEPTH)
    );
    let (_dir, ws) = tree(&[
        ("evn.toml", "bibliography = [\"nested.bib\", \"unclosed.bib\"]\n"),
        ("nested.bib", &nested),
        ("unclosed.bib", &unclosed),
        ("parens.evn", &parens),
        ("cites.evn", "drug doxorubicin inhibits ABCB1 cite(after, later)\n"),
    ]);
    let run = evn(&ws, &["check", "--format", "short"], SHORT);
    run.assert_clean_exit();
    figure("100,000 nested braces and parentheses", &run);
    // The entries after the deep ones are still read: their keys are citable.
    assert!(!run.stdout.contains("cites.evn"), "{}", run.describe());
    assert!(
        run.stdout.contains("unclosed.bib"),
        "the unclosed entry is reported: {}",
        run.describe()
    );
    assert!(run.stdout.contains("parens.evn"), "the deep claim is reported: {}", run.describe());
    // A deeply nested evn.toml is a configuration error, not a crash.
    fs::write(ws.join("evn.toml"), format!("x = {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH)))
        .unwrap();
    let run = evn(&ws, &["check"], SHORT);
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(run.stderr.contains("evn.toml"), "{}", run.describe());
}

/// A bibliography of about `megabytes` MB: entries with authors, titles with LaTeX,
/// abbreviations, and a few broken ones.
fn big_bib(megabytes: usize) -> String {
    let mut out = String::from("@string{jbc = \"J. Biol. Chem.\"}\n");
    let mut i = 0;
    while out.len() < megabytes * 1_000_000 {
        if i % 1000 == 999 {
            out.push_str(&format!("@article{{broken{i}, title = {{unclosed\n"));
        } else {
            out.push_str(&format!(
                "@article{{key{i},\n  author = {{G{{\\\"u}}ney Eskiler, G. and Doe, Jane and others}},\n  title = {{Talazoparib-loaded {{SLN}} in \\emph{{TNBC}}: $\\alpha$ study {i}}},\n  journal = jbc,\n  year = {}\n}}\n",
                2000 + i % 25
            ));
        }
        i += 1;
    }
    out
}

fn check_big_bib(megabytes: usize, limit: Duration) -> Run {
    let (_dir, ws) = tree(&[
        ("evn.toml", "bibliography = [\"refs.bib\"]\n[rules]\nunused-reference = \"off\"\n"),
        ("refs.bib", &big_bib(megabytes)),
        ("a.evn", "drug doxorubicin inhibits ABCB1 cite(key0, key1, nokey)\n"),
    ]);
    let run = evn(&ws, &["check", "--format", "short"], limit);
    run.assert_clean_exit();
    assert_eq!(run.code, Some(1), "{}", run.describe());
    // One unknown key and the broken entries, each named.
    assert!(
        run.stdout.contains("a.evn:1:") && run.stdout.contains("`nokey`"),
        "{}",
        run.describe()
    );
    assert!(
        run.stdout.contains("refs.bib:") && run.stdout.contains("not closed"),
        "{}",
        run.describe()
    );
    run
}

#[test]
fn a_bibliography_of_10_mb_is_checked_in_bounded_time() {
    let run = check_big_bib(10, Duration::from_secs(60));
    figure("10 MB bibliography", &run);
}

#[test]
#[ignore = "about ten seconds and more than a GiB of memory; TESTING.md quotes its figures"]
fn a_bibliography_of_100_mb_is_checked_in_bounded_time() {
    let run = check_big_bib(100, Duration::from_secs(300));
    figure("100 MB bibliography", &run);
}

fn many_files(count: usize, limit: Duration) -> Run {
    let (dir, ws) = tree(&[("evn.toml", ""), ("refs.evn", "ref 1 \"one\"\n")]);
    for i in 0..count {
        let folder = ws.join(format!("d{}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&folder).unwrap();
        }
        let text = format!("define target T{i} \"target {i}\"\ncarrier SLN(talazoparib) downregulates T{i} in TNBC cite(1)\n");
        fs::write(folder.join(format!("f{i}.evn")), text).unwrap();
    }
    fs::write(ws.join("d0/bad.evn"), "carrier SLN(talazoparib) downregulates BCRQ cite(1)\n")
        .unwrap();
    let run = evn(&ws, &["check", "--format", "json"], limit);
    drop(dir);
    run.assert_clean_exit();
    assert_eq!(run.code, Some(1), "{}", run.describe());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["summary"]["files"], count + 2);
    assert_eq!(json["summary"]["claims"], count + 1);
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, vec![("d0/bad.evn", "unknown-target")]);
    run
}

#[test]
fn three_thousand_files_are_checked() {
    let run = many_files(3_000, Duration::from_secs(60));
    figure("3,000 files", &run);
}

#[test]
#[ignore = "creates 100,000 files; TESTING.md quotes its figures"]
fn a_hundred_thousand_files_are_checked() {
    let run = many_files(100_000, Duration::from_secs(600));
    figure("100,000 files", &run);
}

#[cfg(unix)]
#[test]
fn folders_fifos_devices_and_unreadable_files_are_clear_errors_without_blocking() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};
    let (_dir, ws) = tree(&[
        ("evn.toml", "bibliography = [\"pipe.bib\"]\n"),
        ("a.evn", "ref 1 \"a\"\ndrug doxorubicin inhibits ABCB1 cite(1)\n"),
        ("folder.evn/inner.evn", "ref 2 \"b\"\n"),
        ("locked.evn", "ref 3 \"locked\"\n"),
    ]);
    for fifo in ["pipe.evn", "pipe.bib"] {
        let path = CString::new(ws.join(fifo).as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    }
    symlink("/dev/zero", ws.join("zero.evn")).unwrap();
    fs::set_permissions(ws.join("locked.evn"), fs::Permissions::from_mode(0o000)).unwrap();
    // Nobody writes to the FIFOs: a blocking open or read would hang until the limit.
    let run = evn(
        &ws,
        &[
            "check",
            "--format",
            "short",
            "pipe.evn",
            "folder.evn",
            "a.evn",
            "zero.evn",
            "locked.evn",
        ],
        SHORT,
    );
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(
        run.stderr.contains("pipe.bib: is not a regular file (a FIFO, socket or device); not read"),
        "{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("pipe.evn: is not a regular file (a FIFO, socket or device); not read"),
        "{}",
        run.describe()
    );
    // A link to a device is outside the workspace: refused before its type matters.
    assert!(run.stderr.contains("zero.evn: leads outside the workspace folder through a symbolic link (to /dev/zero); not read"), "{}", run.describe());
    // A folder named `.evn` is walked as a folder, not read as a file.
    assert!(!run.stderr.contains("folder.evn:"), "{}", run.describe());
    // Permission bits do not stop root; as anyone else the file is an error by name.
    // SAFETY: no arguments, no side effects.
    if unsafe { libc::geteuid() } == 0 {
        assert!(!run.stderr.contains("locked.evn"), "{}", run.describe());
    } else {
        assert!(run.stderr.contains("locked.evn: permission denied"), "{}", run.describe());
    }
    // The rest is checked (`ref 2` in folder.evn/inner.evn is unused: it was read).
    assert!(
        run.stdout.contains("folder.evn/inner.evn:1:5: warning[unused-reference]"),
        "{}",
        run.describe()
    );
    // A FIFO as the configuration file itself does not make a workspace, and as a
    // named `.bib` it is refused like the others.
    fs::remove_file(ws.join("evn.toml")).unwrap();
    let path = CString::new(ws.join("evn.toml").as_os_str().as_bytes()).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    // Without a workspace, a device named by its path is refused from its metadata.
    let run = evn(&ws, &["check", "--format", "short", "a.evn", "pipe.bib", "/dev/zero"], SHORT);
    assert_eq!(run.code, Some(2), "{}", run.describe());
    assert!(run.stderr.contains("pipe.bib: is not a regular file"), "{}", run.describe());
    assert!(run.stderr.contains("dev/zero: is not a regular file"), "{}", run.describe());
}

/// Found by the `check` fuzz target (a slow unit, `tests/regressions/check/`): every
/// unknown name of eight characters or more was compared in full with each of the
/// 100,000 gene names for "did you mean", about a second per name. A cheap lower bound
/// now rejects almost all of them first.
#[test]
fn unknown_names_cost_little() {
    let mut text = String::from("ref 1 \"x\"\n");
    for i in 0..50 {
        text.push_str(&format!("XQZ{i}-SLN inhibits XQZ{i}-ABCB in TNBC-XQ{i} cite(1)\n"));
    }
    let (_dir, ws) = tree(&[("a.evn", &text)]);
    let run = evn(&ws, &["check", "--format", "short", "a.evn"], Duration::from_secs(60));
    run.assert_clean_exit();
    figure("150 unknown names", &run);
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains("error[unknown-")).count(),
        150,
        "{}",
        run.describe()
    );
    // Before the bound, 10 such names took 10 s. The limit leaves room for a loaded
    // machine.
    assert!(run.elapsed < Duration::from_secs(15), "{:?}", run.elapsed);
}
