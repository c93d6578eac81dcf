//! What the subcommands share about their workspaces: loading them from the paths given,
//! counting the files that could not be read, the options of their analysis, and the
//! note on a file written back that had other names.

use super::app::EXIT_USAGE;
use crate::check::Options;
use crate::workspace::{self, write, Workspace};

/// Loads the workspaces of a command (spec §6, §10 F): each path's own, found from the
/// path; the current folder's without paths. A configuration error is reported and
/// gives exit status 2 (nothing is checked); files that cannot be read are reported and
/// left out (the caller exits 2 after doing what it can with the rest).
pub(super) fn load_workspaces(paths: &[std::path::PathBuf]) -> Result<Vec<Workspace>, u8> {
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current directory: {e}");
        EXIT_USAGE
    })?;
    let workspaces = workspace::load_each(&cwd, paths).map_err(|errors| {
        for error in errors {
            eprintln!("error: {error}");
        }
        EXIT_USAGE
    })?;
    for error in workspaces.iter().flat_map(|w| &w.errors) {
        eprintln!("error: {error}");
    }
    Ok(workspaces)
}

/// How many paths or files of the workspaces could not be read (named on stderr).
pub(super) fn unread(workspaces: &[Workspace]) -> usize {
    workspaces.iter().map(|w| w.errors.len()).sum()
}

/// The analysis options a workspace's `evn.toml` asks for (`Config::options`), with
/// hints only on request (`--show-hints`) and no syntax trees kept (`export` asks for them).
pub(super) fn options(workspace: &Workspace, show_hints: bool) -> Options {
    Options { hints: show_hints, retain_syntax: false, ..workspace.config.options() }
}

/// `evn fmt` and `--fix` say when a file stopped sharing its text with other names.
pub(super) fn note_links(display: &str, written: write::Written) {
    if let write::Written::LinkBroken { links } = written {
        eprintln!("note: {display} had {links} hard links; it is now a file of its own (the other names keep the old text)");
    }
}
