//! Nothing lost, nothing misreported (issue 16), through the binary: `evn fmt` and
//! `evn check --fix` on a full disk (a real 64 KiB tmpfs, when this process may mount
//! one) leave every file as it was and say so; writes go through symbolic links and
//! keep permissions; an `include` that reaches through a link, a FIFO named on the
//! command line, and a size too large are reported as what they are. And the
//! workspace of a path is found from the path (spec §10 F), run from another folder.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::evn;

fn text(output: &Output) -> (Option<i32>, String, String) {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, contents) in files {
        let full = dir.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, contents).unwrap();
    }
}

/// A tmpfs mounted for the life of the value, unmounted when dropped.
struct Tmpfs {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None`, with a message, where mounting is not permitted (not root, a container
    /// without the capability): the test then has nothing to run on.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Tmpfs { path, _dir: dir }),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    /// Fills the rest of the disk with one file.
    fn fill(&self) {
        use std::io::Write;
        let mut file = fs::File::create(self.path.join("filler")).unwrap();
        let block = [0u8; 4096];
        while file.write_all(&block).is_ok() {}
        let _ = file.write_all(&block[..1]);
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A review of `lines` copies of `line` after a header, about `size` bytes.
fn review(line: &str, size: usize) -> String {
    let mut text = "review \"x\"\nref 1 \"a\"\n".to_owned();
    while text.len() + line.len() < size {
        text.push_str(line);
    }
    text
}

#[test]
fn a_full_disk_leaves_every_file_as_it_was() {
    let Some(disk) = Tmpfs::mount("64k") else { return };
    let dir = &disk.path;
    // Formatting adds a space after each comma: the text grows past its 8th page.
    let messy = review(
        "carrier SLN(talazoparib) downregulates MDR1,BCRP,MRP1,ABCB1,ABCG2,ABCC1 in TNBC cite(1)\n",
        31_600,
    );
    fs::write(dir.join("r.evn"), &messy).unwrap();
    disk.fill();
    let (code, _, stderr) = text(&evn(dir, &["fmt", "r.evn"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "error: r.evn: not reformatted: no space left on device; the file is unchanged"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "0 files reformatted, 0 files left unchanged; 1 file could not be written (above)"
        ),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(dir.join("r.evn")).unwrap(), messy, "the original is untouched");
    assert_eq!(names(dir), ["filler", "r.evn"], "no temporary file is left");

    // `check --fix`: 2 aliases per claim become longer canonical names.
    fs::remove_file(dir.join("filler")).unwrap();
    fs::remove_file(dir.join("r.evn")).unwrap();
    let aliases =
        review("carrier SLN(talazoparib) downregulates MDR1, BCRP in TNBC cite(1)\n", 28_600);
    fs::write(dir.join("evn.toml"), "[rules]\nnon-canonical-name = \"warning\"\n").unwrap();
    fs::write(dir.join("fix.evn"), &aliases).unwrap();
    disk.fill();
    let (code, stdout, stderr) = text(&evn(dir, &["check", "--fix", "fix.evn"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "error: fix.evn: 433 fixes not applied: no space left on device; the file is unchanged"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("No fixes applied: 1 file could not be written (above)."), "{stderr}");
    assert!(!stderr.contains("Applied"), "{stderr}");
    // The report is of the file as it is on disk: the aliases are still there.
    assert!(stdout.contains("(433 fixable with --fix)"), "{stdout}");
    assert_eq!(fs::read_to_string(dir.join("fix.evn")).unwrap(), aliases);
    assert_eq!(names(dir), ["evn.toml", "filler", "fix.evn"]);
}

#[cfg(unix)]
#[test]
fn writes_go_through_links_and_keep_permissions() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        &[
            ("evn.toml", "[rules]\nnon-canonical-name = \"warning\"\n"),
            ("real/a.evn", "ref 1  \"a\"\n"),
            ("b.evn", "ref 2 \"b\"\ndrug doxorubicin inhibits BCRP cite(1, 2)\n"),
        ],
    );
    fs::set_permissions(root.join("real/a.evn"), fs::Permissions::from_mode(0o640)).unwrap();
    fs::set_permissions(root.join("b.evn"), fs::Permissions::from_mode(0o604)).unwrap();
    symlink("real/a.evn", root.join("link.evn")).unwrap();
    let (code, _, stderr) = text(&evn(root, &["fmt", "link.evn"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(fs::symlink_metadata(root.join("link.evn")).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(root.join("real/a.evn")).unwrap(), "ref 1 \"a\"\n");
    assert_eq!(fs::metadata(root.join("real/a.evn")).unwrap().permissions().mode() & 0o777, 0o640);
    let (code, _, stderr) = text(&evn(root, &["check", "--fix", "b.evn"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("Applied 1 fix in 1 file"), "{stderr}");
    assert!(fs::read_to_string(root.join("b.evn")).unwrap().contains("inhibits ABCG2"));
    assert_eq!(fs::metadata(root.join("b.evn")).unwrap().permissions().mode() & 0o777, 0o604);
    assert_eq!(names(root), ["b.evn", "evn.toml", "link.evn", "real"]);
}

#[cfg(unix)]
#[test]
fn an_include_through_a_link_is_a_configuration_error() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        &[
            ("ws/evn.toml", "include = [\"outside/**\"]\n"),
            ("elsewhere/e.evn", "carrier SLN(x) downregulates BCRQ cite(1)\n"),
            ("ws/real/r.evn", ""),
        ],
    );
    symlink(root.join("elsewhere"), root.join("ws/outside")).unwrap();
    let ws = root.join("ws");
    let (code, stdout, stderr) = text(&evn(&ws, &["check"]));
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("error: evn.toml: `include` pattern `outside/**` leaves the workspace folder through the symbolic link `outside`"), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    // A link that stays inside is no better: links to folders are not followed.
    symlink(ws.join("real"), ws.join("inside")).unwrap();
    fs::write(ws.join("evn.toml"), "include = [\"inside/*.evn\"]\n").unwrap();
    let (code, _, stderr) = text(&evn(&ws, &["check"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("`include` pattern `inside/*.evn` goes through the symbolic link `inside`, and links to folders are not followed; write the folder it leads to (`real`)"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_path_that_could_not_be_read_is_never_all_checks_passed() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        &[("evn.toml", ""), ("a.evn", "ref 1 \"a\"\ndrug doxorubicin inhibits ABCB1 cite(1)\n")],
    );
    let fifo = CString::new(root.join("pipe.evn").as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let (code, stdout, stderr) = text(&evn(root, &["check", "pipe.evn"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("pipe.evn: is not a regular file (a FIFO, socket or device); not read"),
        "{stderr}"
    );
    assert!(!stdout.contains("All checks passed"), "{stdout}");
    assert_eq!(
        stdout.trim(),
        "error: no problems in 0 files, 0 claims; 1 path could not be read (above)"
    );
    let (code, stdout, _) = text(&evn(root, &["check", "pipe.evn", "a.evn", "gone.evn"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        stdout.trim(),
        "error: no problems in 1 file, 1 claim; 2 paths could not be read (above)"
    );
    let (code, _, stderr) = text(&evn(root, &["fmt", "pipe.evn"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "0 files reformatted, 0 files left unchanged; 1 path could not be read (above)"
        ),
        "{stderr}"
    );
    fs::write(root.join("evn.toml"), "[limits]\nmax-file-size = \"99999999999999999999 GiB\"\n")
        .unwrap();
    let (code, _, stderr) = text(&evn(root, &["check"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`99999999999999999999 GiB` is too large (at most 2 GiB)"), "{stderr}");
}

/// A workspace whose `evn.toml` defines a name and excludes a folder: checked from a
/// folder outside it, the file sees its definitions and its `exclude`.
#[test]
fn the_workspace_is_found_from_each_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        &[
            ("review/evn.toml", "exclude = [\"drafts/**\"]\n"),
            ("review/defs.evn", "define target MYGENE1 \"a target of this review\"\nref 1 \"a\"\n"),
            ("review/claims.evn", "drug doxorubicin inhibits MYGENE1 cite(1)\n"),
            ("review/drafts/d.evn", "drug doxorubicin inhibits BCRQ cite(1)\n"),
            ("other/evn.toml", "[rules]\nmissing-citation = \"off\"\n"),
            ("other/o.evn", "drug doxorubicin inhibits ABCB1\n"),
            ("loose/l.evn", "drug doxorubicin inhibits ABCB1\n"),
            ("elsewhere/.keep", ""),
        ],
    );
    let from = root.join("elsewhere");
    let (code, stdout, stderr) = text(&evn(&from, &["check", "../review"]));
    assert_eq!((code, stderr.as_str()), (Some(0), ""), "{stdout}");
    assert_eq!(stdout.trim(), "All checks passed: 2 files, 1 claim");
    // Two workspaces and a file under none, each with its own configuration; one
    // report, paths relative to the current folder.
    let (code, stdout, _) = text(&evn(
        &from,
        &["check", "--format", "short", "../review/claims.evn", "../other", "../loose/l.evn"],
    ));
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(
        stdout.trim(),
        "../loose/l.evn:1:1: error[missing-citation]: this claim has no citation; add `cite(KEY)`\nerror: 1 error in 1 file"
    );
    // `fmt` and `export` find it the same way.
    fs::write(root.join("review/claims.evn"), "drug doxorubicin  inhibits MYGENE1 cite(1)\n")
        .unwrap();
    let (code, _, stderr) = text(&evn(&from, &["fmt", "../review"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("1 file reformatted, 1 file left unchanged"), "{stderr}");
    let (code, stdout, stderr) =
        text(&evn(&from, &["export", "--format", "csv", "../review/claims.evn"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("MYGENE1") && !stderr.contains("errors"), "{stdout}{stderr}");
}
