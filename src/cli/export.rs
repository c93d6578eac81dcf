//! `evn export`: analyse the document set, resolve the claims of the paths asked for
//! ([`crate::export::model`]) and print them in one format. Paths of different
//! workspaces are each analysed in their own, and exported together.

use std::io::Write;

use super::app::{ExportArgs, EXIT_OK, EXIT_USAGE};
use super::workspaces::{load_workspaces, options, unread};
use crate::check::{self, Options, SourceKind};
use crate::export::{self, model, Export, ExportFile};

pub fn run(args: &ExportArgs) -> u8 {
    let workspaces = match load_workspaces(&args.paths) {
        Ok(workspaces) => workspaces,
        Err(code) => return code,
    };
    // Each workspace is analysed on its own; their claims are exported together.
    let (mut claims, mut diagnostics, mut included) = (Vec::new(), Vec::new(), 0);
    for workspace in &workspaces {
        let sources = workspace.sources();
        let analysis =
            check::analyze(&sources, &Options { retain_syntax: true, ..options(workspace, false) });
        let files: Vec<ExportFile<'_>> = workspace
            .documents
            .iter()
            .map(|d| ExportFile {
                path: &d.display,
                text: &d.text,
                // BibTeX files too: their diagnostics count as `check` counts them; only
                // `.evn` files have claims.
                included: workspace.is_reported(&d.path),
            })
            .collect();
        claims.extend(model::claims(&analysis, &files));
        diagnostics.extend(model::diagnostics(&analysis, &files));
        included += files
            .iter()
            .zip(&sources)
            .filter(|(f, s)| f.included && s.kind == SourceKind::Evn)
            .count();
    }
    let export = Export {
        claims: &claims,
        diagnostics: &diagnostics,
        files: included,
        group_by: args.group_by,
    };
    let text = export::render(&export, args.format);
    let errors = diagnostics.iter().filter(|d| d.severity == "error").count();
    if errors > 0 {
        eprintln!("note: the document set has {errors} errors (`evn check` lists them); names that did not resolve are exported as written");
    }
    let written = match &args.output {
        Some(path) => std::fs::write(path, &text),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the export: {e}");
        return EXIT_USAGE;
    }
    if unread(&workspaces) == 0 {
        EXIT_OK
    } else {
        EXIT_USAGE
    }
}
