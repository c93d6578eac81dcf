//! `evn fmt`: format files in place with [`crate::format`], or with `--check` / `--diff`
//! say what would change; `-` formats stdin to stdout. A file with syntax errors is
//! left unchanged and reported. Files are written with [`crate::workspace::write`],
//! the writer `evn check --fix` uses too: a file that cannot be written is left as it
//! was, named with the reason, and not counted as reformatted (exit status 2).

use std::io::{Read, Write};

use super::app::{FmtArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use super::workspaces::{load_workspaces, note_links, unread};
use crate::check::SourceKind;
use crate::format::{self, FormatError};
use crate::text::LineIndex;
use crate::workspace::write;

/// What happened to one file.
enum Outcome {
    Unchanged,
    /// Reformatted (or, with `--check` / `--diff`, would be).
    Changed,
    /// Not formatted: syntax errors.
    Failed,
    /// Formatted, but the file could not be written; it is unchanged.
    NotWritten,
}

pub fn run(args: &FmtArgs) -> u8 {
    if let [only] = args.paths.as_slice() {
        if only.as_os_str() == "-" {
            return stdin(args);
        }
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: `-` (stdin) cannot be combined with other paths");
        return EXIT_USAGE;
    }
    let workspaces = match load_workspaces(&args.paths) {
        Ok(workspaces) => workspaces,
        Err(code) => return code,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut changed, mut unchanged, mut failed, mut not_written) =
        (0usize, 0usize, 0usize, 0usize);
    let documents = workspaces.iter().flat_map(|w| {
        w.documents.iter().filter(move |d| d.kind == SourceKind::Evn && w.is_reported(&d.path))
    });
    for document in documents {
        if !document.invalid_utf8.is_empty() {
            eprintln!("error: {}: not valid UTF-8; left unchanged", document.display);
            failed += 1;
            continue;
        }
        let outcome = match format::format(&document.text) {
            Err(error) => {
                report_error(&document.display, &document.text, &error);
                Outcome::Failed
            }
            Ok(formatted) if formatted == document.text => Outcome::Unchanged,
            Ok(formatted) => {
                if args.diff {
                    let _ = write!(out, "{}", diff(&document.display, &document.text, &formatted));
                    Outcome::Changed
                } else if args.check {
                    let _ = writeln!(out, "would reformat: {}", document.display);
                    Outcome::Changed
                } else {
                    match write::rewrite(&document.path, &document.text, &formatted) {
                        Ok(written) => {
                            note_links(&document.display, written);
                            Outcome::Changed
                        }
                        Err(error) => {
                            eprintln!("error: {}: not reformatted: {error}", document.display);
                            Outcome::NotWritten
                        }
                    }
                }
            }
        };
        match outcome {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed += 1,
            Outcome::NotWritten => not_written += 1,
        }
    }
    let _ = out.flush();
    let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
    let mut summary = vec![if args.check || args.diff {
        format!("{} would be reformatted, {} already formatted", files(changed), files(unchanged))
    } else {
        format!("{} reformatted, {} left unchanged", files(changed), files(unchanged))
    }];
    if not_written > 0 {
        summary.push(format!("{} could not be written (above)", files(not_written)));
    }
    if failed > 0 {
        summary.push(format!("{} with errors not formatted", files(failed)));
    }
    match unread(&workspaces) {
        0 => {}
        1 => summary.push("1 path could not be read (above)".to_owned()),
        n => summary.push(format!("{n} paths could not be read (above)")),
    }
    eprintln!("{}", summary.join("; "));
    if not_written > 0 || unread(&workspaces) > 0 {
        EXIT_USAGE
    } else if failed > 0 || ((args.check || args.diff) && changed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `evn fmt -`: stdin to stdout. With errors, the input is echoed unchanged.
fn stdin(args: &FmtArgs) -> u8 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        eprintln!("error: cannot read stdin: {e}");
        return EXIT_USAGE;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: <stdin>: not valid UTF-8");
        return EXIT_USAGE;
    };
    let mut out = std::io::stdout().lock();
    let (output, code) = match format::format(&text) {
        Ok(formatted) => {
            let changed = formatted != text;
            if args.diff {
                (diff("<stdin>", &text, &formatted), u8::from(changed))
            } else if args.check {
                (
                    if changed { "would reformat: <stdin>\n".to_string() } else { String::new() },
                    u8::from(changed),
                )
            } else {
                (formatted, EXIT_OK)
            }
        }
        Err(error) => {
            report_error("<stdin>", &text, &error);
            (if args.check || args.diff { String::new() } else { text.clone() }, EXIT_FINDINGS)
        }
    };
    match out.write_all(output.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write: {e}");
            EXIT_USAGE
        }
        _ => code,
    }
}

fn report_error(display: &str, text: &str, error: &FormatError) {
    let lines = LineIndex::new(text);
    match error {
        FormatError::Syntax(errors) => {
            for e in errors {
                let at = lines.line_col(text, e.span.start);
                eprintln!("{display}:{}:{}: error[syntax]: {}", at.line, at.column, e.message);
            }
        }
        FormatError::StrayCarriageReturn { offset } => {
            let at = lines.line_col(text, *offset);
            eprintln!(
                "{display}:{}:{}: error: a carriage return that does not end a line",
                at.line, at.column
            );
        }
    }
    eprintln!("{display}: {error}");
}

/// A unified diff, `a/` and `b/` headers as git writes them.
fn diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}
