//! `evn check`: load the workspace, analyse it, report the diagnostics of the paths
//! asked for, and exit 0, 1 or 2 (spec §9).

use std::io::{IsTerminal, Write};

use super::app::{CheckArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use super::render::{self, Format, Report, SourceRef, Summary};
use super::workspaces::{load_workspaces, note_links, options, unread};
use crate::check::{self, rules, SourceKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{self, FixMode};
use crate::text::{plural, LineIndex};
use crate::workspace::{write, Workspace};

/// A diagnostic of a workspace whose files come after `base` others in a merged list.
fn rebase(mut d: Diagnostic, base: u32) -> Diagnostic {
    d.file += base;
    for related in &mut d.related {
        related.file += base;
    }
    if let Some(fix) = d.fix.as_mut() {
        for edit in &mut std::sync::Arc::make_mut(fix).edits {
            edit.file += base;
        }
    }
    d
}

pub fn run(args: &CheckArgs) -> u8 {
    let mut workspaces = match load_workspaces(&args.paths) {
        Ok(workspaces) => workspaces,
        Err(code) => return code,
    };
    let fixed = if args.fix { apply_fixes(&mut workspaces, args) } else { true };
    let code = report(&workspaces, args);
    if unread(&workspaces) > 0 || !fixed {
        EXIT_USAGE
    } else {
        code
    }
}

/// How many times fixes are applied and the files checked again: a fix can reveal
/// another (ruff stops at 100; EVN's fixes are single names, so few passes suffice).
const MAX_FIX_PASSES: usize = 10;

/// `--fix`: applies the fixes of the diagnostics this run reports (only in files with
/// no invalid UTF-8), checking again after each pass, until none is left; then writes
/// the files that changed ([`workspace::write`]) and says what was written. A file that
/// could not be written keeps its text, on disk and for the report that follows.
/// Returns false if a write failed.
fn apply_fixes(workspaces: &mut [Workspace], args: &CheckArgs) -> bool {
    let (mut done, mut files, mut lost, mut failed) = (Vec::new(), 0usize, 0usize, 0usize);
    let mut skipped = 0;
    for workspace in workspaces.iter_mut() {
        let fixed = fix_workspace(workspace, args);
        skipped += fixed.skipped;
        for (doc, lines) in fixed.changed {
            let Some(document) = workspace.documents.get_mut(doc) else { continue };
            let original = fixed.originals.get(doc).cloned().unwrap_or_default();
            match write::rewrite(&document.path, &original, &document.text) {
                Ok(written) => {
                    files += 1;
                    done.extend(lines);
                    note_links(&document.display, written);
                }
                Err(error) => {
                    eprintln!(
                        "error: {}: {} fixes not applied: {error}",
                        document.display,
                        lines.len()
                    );
                    lost += lines.len();
                    failed += 1;
                    document.text = original;
                }
            }
        }
    }
    if done.is_empty() && failed == 0 {
        let hint = if args.unsafe_fixes {
            ""
        } else {
            " (`--unsafe-fixes` also applies \"did you mean\" replacements)"
        };
        eprintln!("No fixes applied{hint}.");
    } else if done.is_empty() {
        eprintln!("No fixes applied: {} could not be written (above).", plural(failed, "file"));
    } else {
        eprintln!("Applied {} in {}:", plural(done.len(), "fix"), plural(files, "file"));
        for line in &done {
            eprintln!("{line}");
        }
        if failed > 0 {
            eprintln!(
                "{lost} more fixes were not applied: {} could not be written (above).",
                plural(failed, "file")
            );
        }
    }
    if skipped > 0 {
        eprintln!("{skipped} fixes overlapped others and were not applied.");
    }
    failed == 0
}

/// The fixes of one workspace, applied in memory.
struct Fixed {
    /// The texts the documents had when they were read.
    originals: Vec<String>,
    /// The documents that changed, each with the lines saying what was done to it.
    changed: Vec<(usize, Vec<String>)>,
    skipped: usize,
}

fn fix_workspace(workspace: &mut Workspace, args: &CheckArgs) -> Fixed {
    let mode = FixMode { unsafe_fixes: args.unsafe_fixes };
    let originals: Vec<String> = workspace.documents.iter().map(|d| d.text.clone()).collect();
    let mut done: Vec<Vec<String>> = vec![Vec::new(); workspace.documents.len()];
    let mut skipped = 0;
    for _ in 0..MAX_FIX_PASSES {
        let analysis = check::analyze(&workspace.sources(), &options(workspace, args.show_hints));
        let eligible: Vec<Diagnostic> = analysis
            .diagnostics
            .into_iter()
            .filter(|d| args.show_hints || d.severity != Severity::Hint)
            .filter(|d| {
                workspace.documents.get(d.file as usize).is_some_and(|doc| {
                    doc.kind == SourceKind::Evn
                        && doc.invalid_utf8.is_empty()
                        && workspace.is_reported(&doc.path)
                })
            })
            .collect();
        let texts: Vec<&str> = workspace.documents.iter().map(|d| d.text.as_str()).collect();
        let result = fix::apply(&texts, &eligible, mode);
        skipped = result.skipped;
        if result.applied.is_empty() {
            break;
        }
        for applied in &result.applied {
            if let (Some(doc), Some(lines)) = (
                workspace.documents.get(applied.file as usize),
                done.get_mut(applied.file as usize),
            ) {
                let at = LineIndex::new(&doc.text).line_col(&doc.text, applied.span.start);
                lines.push(format!(
                    "  {}:{}:{}: {}: {}",
                    doc.display, at.line, at.column, applied.rule, applied.title
                ));
            }
        }
        for (file, text) in result.texts {
            if let Some(doc) = workspace.documents.get_mut(file as usize) {
                doc.text = text;
            }
        }
    }
    let changed = done
        .into_iter()
        .enumerate()
        .filter(|(i, lines)| {
            !lines.is_empty()
                && workspace.documents.get(*i).is_some_and(|d| Some(&d.text) != originals.get(*i))
        })
        .collect();
    Fixed { originals, changed, skipped }
}

fn report(workspaces: &[Workspace], args: &CheckArgs) -> u8 {
    // Each workspace is analysed on its own; the diagnostics are merged into one list
    // whose file numbers run over the documents of every workspace, in order.
    let mut documents = Vec::new();
    let mut reported: Vec<bool> = Vec::new();
    let mut diagnostics = Vec::new();
    let (mut statements, mut claims) = (0, 0);
    for workspace in workspaces {
        let analysis = check::analyze(&workspace.sources(), &options(workspace, args.show_hints));
        let base = documents.len() as u32;
        let here: Vec<bool> =
            workspace.documents.iter().map(|d| workspace.is_reported(&d.path)).collect();
        for (file, reported) in analysis.files.iter().zip(&here) {
            if *reported {
                statements += file.counts.statements;
                claims += file.counts.claims;
            }
        }
        diagnostics.extend(
            analysis
                .diagnostics
                .into_iter()
                .filter(|d| here.get(d.file as usize).copied().unwrap_or(false))
                .filter(|d| args.show_hints || d.severity != Severity::Hint)
                .map(|d| rebase(d, base)),
        );
        documents.extend(&workspace.documents);
        reported.extend(here);
    }

    // Line indexes only for the files a diagnostic points into: on a clean run over a
    // large corpus, indexing every line would cost more than printing nothing.
    let mut needed = vec![false; documents.len()];
    for d in &diagnostics {
        let files = std::iter::once(d.file)
            .chain(d.related.iter().map(|r| r.file))
            .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.file)));
        for file in files {
            if let Some(slot) = needed.get_mut(file as usize) {
                *slot = true;
            }
        }
    }
    let lines: Vec<LineIndex> = documents
        .iter()
        .zip(&needed)
        .map(|(d, needed)| LineIndex::new(if *needed { &d.text } else { "" }))
        .collect();
    let files: Vec<SourceRef<'_>> = documents
        .iter()
        .zip(&lines)
        .map(|(d, lines)| SourceRef { path: &d.display, text: &d.text, lines })
        .collect();
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let reported_files = reported.iter().filter(|r| **r).count();
    let rule_docs = rules::all();
    let summary = Summary { files: reported_files, statements, claims, errors, warnings };
    let report = Report {
        files: &files,
        diagnostics: &diagnostics,
        summary,
        rules: &rule_docs,
        unread: unread(workspaces),
    };

    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = render::render(&mut out, &report, args.format, color).and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return EXIT_USAGE;
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
