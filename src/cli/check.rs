//! `evn check`: load the workspace, analyse it, report the diagnostics of the paths
//! asked for, and exit 0, 1 or 2 (spec §9).

use std::io::{IsTerminal, Write};

use super::app::{CheckArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use super::render::{self, Format, Report, RuleInfo, SourceRef, Summary};
use crate::check::{self, rules, InvalidUtf8, Options, Source, SourceKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{self, FixMode};
use crate::text::LineIndex;
use crate::workspace::{self, DocumentKind, Workspace};

/// Loads the workspace for a command (spec §6): a configuration error is reported and
/// gives exit status 2; files that cannot be read are reported and left out (the
/// caller exits 2 after doing what it can with the rest).
pub(super) fn load_workspace(paths: &[std::path::PathBuf]) -> Result<Workspace, u8> {
    let cwd = std::env::current_dir().map_err(|e| {
        eprintln!("error: cannot read the current directory: {e}");
        EXIT_USAGE
    })?;
    let workspace = workspace::load(&cwd, paths).map_err(|error| {
        eprintln!("error: {error}");
        EXIT_USAGE
    })?;
    for error in &workspace.errors {
        eprintln!("error: {error}");
    }
    Ok(workspace)
}

pub fn run(args: &CheckArgs) -> u8 {
    let mut workspace = match load_workspace(&args.paths) {
        Ok(workspace) => workspace,
        Err(code) => return code,
    };
    let fixed = if args.fix { apply_fixes(&mut workspace, args) } else { true };
    let code = report(&workspace, args);
    if !workspace.errors.is_empty() || !fixed {
        EXIT_USAGE
    } else {
        code
    }
}

/// The analysis options a workspace's `evn.toml` asks for.
pub fn options(workspace: &Workspace, show_hints: bool) -> Options {
    Options {
        prelude: workspace.config.prelude,
        genes: workspace.config.genes.clone(),
        references: workspace.config.references.clone(),
        severities: workspace.config.rules.clone(),
        hints: show_hints,
        retain_syntax: false,
        limits: workspace.config.limits,
    }
}

/// The workspace's documents as the analysis takes them.
pub fn sources<'w>(workspace: &'w Workspace, invalid: &'w [Vec<InvalidUtf8>]) -> Vec<Source<'w>> {
    workspace
        .documents
        .iter()
        .zip(invalid)
        .map(|(d, invalid)| Source {
            text: &d.text,
            kind: match d.kind {
                DocumentKind::Evn => SourceKind::Evn,
                DocumentKind::Bib => SourceKind::Bib,
            },
            invalid_utf8: invalid,
        })
        .collect()
}

/// How many times fixes are applied and the files checked again: a fix can reveal
/// another (ruff stops at 100; EVN's fixes are single names, so few passes suffice).
const MAX_FIX_PASSES: usize = 10;

/// `--fix`: applies the fixes of the diagnostics this run reports (only in files with
/// no invalid UTF-8), checking again after each pass, until none is left; then writes
/// the files that changed and says what was done. Returns false if a write failed.
fn apply_fixes(workspace: &mut Workspace, args: &CheckArgs) -> bool {
    let mode = FixMode { unsafe_fixes: args.unsafe_fixes };
    let mut changed = vec![false; workspace.documents.len()];
    let mut done: Vec<String> = Vec::new();
    let mut skipped = 0;
    for _ in 0..MAX_FIX_PASSES {
        let invalid = invalid_utf8(workspace);
        let sources = sources(workspace, &invalid);
        let analysis = check::analyze(&sources, &options(workspace, args.show_hints));
        let eligible: Vec<Diagnostic> = analysis
            .diagnostics
            .into_iter()
            .filter(|d| args.show_hints || d.severity != Severity::Hint)
            .filter(|d| {
                workspace.documents.get(d.file as usize).is_some_and(|doc| {
                    doc.kind == DocumentKind::Evn && doc.invalid_utf8.is_empty() && workspace.is_reported(&doc.path)
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
            if let Some(doc) = workspace.documents.get(applied.file as usize) {
                let at = LineIndex::new(&doc.text).line_col(&doc.text, applied.span.start);
                done.push(format!("  {}:{}:{}: {}: {}", doc.display, at.line, at.column, applied.rule, applied.title));
            }
        }
        for (file, text) in result.texts {
            if let Some(doc) = workspace.documents.get_mut(file as usize) {
                doc.text = text;
                changed[file as usize] = true;
            }
        }
    }
    let mut ok = true;
    for (doc, changed) in workspace.documents.iter().zip(&changed) {
        if *changed {
            if let Err(e) = super::fmt::write_text(&doc.path, &doc.text) {
                eprintln!("error: {}: cannot write the fixes: {e}", doc.display);
                ok = false;
            }
        }
    }
    let files = changed.iter().filter(|c| **c).count();
    if done.is_empty() {
        let hint = if args.unsafe_fixes { "" } else { " (`--unsafe-fixes` also applies \"did you mean\" replacements)" };
        eprintln!("No fixes applied{hint}.");
    } else {
        let (n, s) = (done.len(), if done.len() == 1 { "" } else { "es" });
        let f = if files == 1 { "1 file".to_string() } else { format!("{files} files") };
        eprintln!("Applied {n} fix{s} in {f}:");
        for line in &done {
            eprintln!("{line}");
        }
    }
    if skipped > 0 {
        eprintln!("{skipped} fixes overlapped others and were not applied.");
    }
    ok
}

pub(super) fn invalid_utf8(workspace: &Workspace) -> Vec<Vec<InvalidUtf8>> {
    workspace
        .documents
        .iter()
        .map(|d| d.invalid_utf8.iter().map(|i| InvalidUtf8 { offset: i.offset, file_offset: i.file_offset }).collect())
        .collect()
}

fn report(workspace: &Workspace, args: &CheckArgs) -> u8 {
    let invalid = invalid_utf8(workspace);
    let sources = sources(workspace, &invalid);
    let analysis = check::analyze(&sources, &options(workspace, args.show_hints));

    let reported: Vec<bool> = workspace.documents.iter().map(|d| workspace.is_reported(&d.path)).collect();
    let diagnostics: Vec<_> = analysis
        .diagnostics
        .into_iter()
        .filter(|d| reported.get(d.file as usize).copied().unwrap_or(false))
        .filter(|d| args.show_hints || d.severity != Severity::Hint)
        .collect();

    // Line indexes only for the files a diagnostic points into: on a clean run over a
    // large corpus, indexing every line would cost more than printing nothing.
    let mut needed = vec![false; workspace.documents.len()];
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
    let lines: Vec<LineIndex> = workspace
        .documents
        .iter()
        .zip(&needed)
        .map(|(d, needed)| LineIndex::new(if *needed { &d.text } else { "" }))
        .collect();
    let files: Vec<SourceRef<'_>> = workspace
        .documents
        .iter()
        .zip(&lines)
        .map(|(d, lines)| SourceRef { path: &d.display, text: &d.text, lines })
        .collect();
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let reported_files = reported.iter().filter(|r| **r).count();
    let (mut statements, mut claims) = (0, 0);
    for (i, file) in analysis.files.iter().enumerate() {
        if reported[i] {
            statements += file.counts.statements;
            claims += file.counts.claims;
        }
    }
    let rule_infos: Vec<RuleInfo> =
        rules::all().into_iter().map(|d| RuleInfo { rule: d.rule, summary: d.summary, doc: d.doc }).collect();
    let summary = Summary { files: reported_files, statements, claims, errors, warnings };
    let report = Report { files: &files, diagnostics: &diagnostics, summary, rules: &rule_infos };

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

