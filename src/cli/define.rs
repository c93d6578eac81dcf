//! `evn define --missing`: a `define` for every unknown name of the paths asked for
//! (spec §11 F), with its kind from its positions and the closest entries as a comment,
//! printed or appended to a file. Appended to the workspace, the defines make those
//! names known: the author then gives each a description.

use std::io::Write;
use std::path::Path;

use super::app::{DefineArgs, EXIT_OK, EXIT_USAGE};
use super::workspaces::{load_workspaces, options, unread};
use crate::check::{self, missing};
use crate::text::LineIndex;
use crate::workspace::write;

pub fn run(args: &DefineArgs) -> u8 {
    let workspaces = match load_workspaces(&args.paths) {
        Ok(workspaces) => workspaces,
        Err(code) => return code,
    };
    let (mut stubs, mut typos) = (Vec::new(), 0);
    for workspace in &workspaces {
        let analysis = check::analyze(&workspace.sources(), &options(workspace, false));
        let texts: Vec<&str> = workspace.documents.iter().map(|d| d.text.as_str()).collect();
        let reported: Vec<_> = analysis
            .diagnostics
            .into_iter()
            .filter(|d| {
                workspace
                    .documents
                    .get(d.file as usize)
                    .is_some_and(|doc| workspace.is_reported(&doc.path))
            })
            .collect();
        for name in missing::missing_names(&reported, &texts) {
            typos += usize::from(name.typo_of.is_some());
            let (file, span) = name.first;
            let place = workspace.documents.get(file as usize).map(|doc| {
                let at = LineIndex::new(&doc.text).line_col(&doc.text, span.start);
                format!("{}:{}:{}", doc.display, at.line, at.column)
            });
            stubs.push(missing::define_stub(&analysis.vocabulary, &name, place.as_deref()));
        }
    }
    let failed = unread(&workspaces) > 0;
    if stubs.is_empty() {
        eprintln!("No unknown names: nothing to define.");
        return if failed { EXIT_USAGE } else { EXIT_OK };
    }
    let mut count = crate::text::plural(stubs.len() - typos, "define");
    if typos > 0 {
        count.push_str(&format!(
            " ({typos} more commented out: they look like typos, which `--fix --unsafe-fixes` corrects)"
        ));
    }
    let written = match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(stubs.join("\n").as_bytes()).and_then(|()| out.flush()).map_err(|e| {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    None
                } else {
                    Some(format!("cannot write the defines: {e}"))
                }
            })
        }
        Some(path) => append(path, &stubs).map(|()| {
            eprintln!("Wrote {count} to {}: give each a description.", path.display());
        }),
    };
    match written {
        Ok(()) | Err(None) => {
            if failed {
                EXIT_USAGE
            } else {
                EXIT_OK
            }
        }
        Err(Some(error)) => {
            eprintln!("error: {error}");
            EXIT_USAGE
        }
    }
}

/// The first line of a file of defines that `evn define --missing -o` creates.
const HEADER: &str =
    "# Definitions of the names `evn check` did not know, written by `evn define --missing`.\n\
                      # Check the kind of each, give it a description, aliases and roles.\n";

/// Appends the stubs to `path` (after a blank line), or creates it with a header. An
/// existing file is rewritten through the one writer of `evn fmt` and `--fix`, which
/// never leaves it half-written.
fn append(path: &Path, stubs: &[String]) -> Result<(), Option<String>> {
    let body = stubs.join("\n");
    match std::fs::read_to_string(path) {
        Ok(original) => {
            let separator = match original.as_str() {
                "" => "",
                text if text.ends_with("\n\n") => "",
                text if text.ends_with('\n') => "\n",
                _ => "\n\n",
            };
            let text = format!("{original}{separator}{body}");
            write::rewrite(path, &original, &text)
                .map(|_| ())
                .map_err(|e| Some(format!("{}: not written: {e}", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::write(path, format!("{HEADER}\n{body}"))
                .map_err(|e| Some(format!("{}: cannot create it: {e}", path.display())))
        }
        Err(e) => Err(Some(format!("{}: cannot read it: {e}", path.display()))),
    }
}
