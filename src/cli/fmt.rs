//! `evn fmt`: format files in place with [`crate::format`], or with `--check` / `--diff`
//! say what would change; `-` formats stdin to stdout. A file with syntax errors is
//! left unchanged and reported.

use std::io::{Read, Write};
use std::path::Path;

use super::app::{FmtArgs, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use super::check::load_workspace;
use crate::format::{self, FormatError};
use crate::text::LineIndex;
use crate::workspace::DocumentKind;

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    Failed,
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
    let workspace = match load_workspace(&args.paths) {
        Ok(workspace) => workspace,
        Err(code) => return code,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut changed, mut unchanged, mut failed, mut io_failed) = (0usize, 0usize, 0usize, false);
    for document in &workspace.documents {
        if document.kind != DocumentKind::Evn || !workspace.is_reported(&document.path) {
            continue;
        }
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
                } else if args.check {
                    let _ = writeln!(out, "would reformat: {}", document.display);
                } else if let Err(e) = write_text(&document.path, &formatted) {
                    eprintln!("error: {}: cannot write: {e}", document.display);
                    io_failed = true;
                }
                Outcome::Changed
            }
        };
        match outcome {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed += 1,
        }
    }
    let _ = out.flush();
    let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
    let mut summary = vec![if args.check || args.diff {
        format!("{} would be reformatted, {} already formatted", files(changed), files(unchanged))
    } else {
        format!("{} reformatted, {} left unchanged", files(changed), files(unchanged))
    }];
    if failed > 0 {
        summary.push(format!("{} with errors not formatted", files(failed)));
    }
    eprintln!("{}", summary.join("; "));
    if io_failed || !workspace.errors.is_empty() {
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
                (if changed { "would reformat: <stdin>\n".to_string() } else { String::new() }, u8::from(changed))
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
            eprintln!("{display}:{}:{}: error: a carriage return that does not end a line", at.line, at.column);
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

/// Whether the file starts with a UTF-8 byte-order mark (which decoding removed).
fn has_bom(path: &Path) -> bool {
    let mut head = [0u8; 3];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == [0xEF, 0xBB, 0xBF]
}

/// Writes a decoded text back, with the byte-order mark the file had.
pub(super) fn write_text(path: &Path, text: &str) -> std::io::Result<()> {
    if has_bom(path) {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(path, bytes)
    } else {
        std::fs::write(path, text)
    }
}
