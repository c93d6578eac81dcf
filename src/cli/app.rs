//! The command line: subcommands and options (clap), dispatch, exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use super::render::Format;
use crate::export::{ExportFormat, GroupBy};

/// Linter for Evidence Notation (EVN): the claims of a review, checked.
#[derive(Debug, Parser)]
#[command(name = "evn", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files or folders (default: the workspace, or the current folder).
    Check(CheckArgs),
    /// Format files in place in the canonical format (spec §8); `-` reads stdin.
    Fmt(FmtArgs),
    /// Export the claims, resolved: JSON, CSV, markdown tables, a Graphviz graph or HTML.
    Export(ExportArgs),
    /// Run the language server on standard input and output.
    Lsp(LspArgs),
    /// Explain what a name resolves to in each position, and from where.
    Explain(ExplainArgs),
    /// Write a `define` for every unknown name (`--missing`), to fill the workspace's vocabulary.
    Define(DefineArgs),
    /// List the rules, or explain one.
    Rules {
        /// A rule name, e.g. `contradiction`.
        rule: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to report on.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also print hints (such as `non-canonical-name`).
    #[arg(long)]
    pub show_hints: bool,
    /// Apply safe fixes in place (and unsafe ones with `--unsafe-fixes`), then report
    /// what remains.
    #[arg(long)]
    pub fix: bool,
    /// With `--fix`, also apply "did you mean" replacements where one candidate is closest.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
}

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or folders to format (default: the workspace, or the current folder); `-`
    /// formats stdin to stdout.
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 and name the files that would change.
    #[arg(long)]
    pub check: bool,
    /// Write nothing; print a unified diff of what would change (exit 1 if any).
    #[arg(long)]
    pub diff: bool,
}

/// `evn define --missing [PATHS] [-o FILE]` (spec §11 F).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each define gets the kind its positions take (after a relation, a process for a \
                  worded name such as `tau-clearance`, else a target) and a comment with the places \
                  it was found and the closest known names. Check each, then give it a description."
)]
pub struct DefineArgs {
    /// Write a `define` for each name that `evn check` reports as unknown in PATHS (the
    /// only mode, and required: `evn define` writes nothing else).
    #[arg(long, required = true)]
    pub missing: bool,
    /// Files or folders whose unknown names are defined (default: the workspace, or the
    /// current folder).
    pub paths: Vec<PathBuf>,
    /// Append the defines to this file (created when missing; a workspace's vocabulary
    /// file, such as the one named by `vocabulary` in `evn.toml`) instead of printing them.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The name, as written in a claim (`NSCLC`, `U87`, `` `non-small cell lung carcinoma` ``).
    pub name: String,
    /// The workspace whose defines and `evn.toml` count (default: the current folder's).
    pub path: Option<PathBuf>,
}

/// The transport flags that LSP client libraries append to the command
/// (`vscode-languageclient` adds `--stdio` and `--clientProcessId=N`). The server
/// speaks over stdio only: `--stdio` and `--clientProcessId` are accepted and change
/// nothing; `--socket`, `--pipe` and `--node-ipc` are refused with a message that says so.
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only transport; accepted for LSP clients).
    #[arg(long)]
    pub stdio: bool,
    /// The client's process id (accepted for LSP clients; not used).
    #[arg(long = "clientProcessId", value_name = "PID")]
    pub client_process_id: Option<String>,
    /// Not supported: refused (use stdio).
    #[arg(long, value_name = "PORT", hide = true)]
    pub socket: Option<String>,
    /// Not supported: refused (use stdio).
    #[arg(long, value_name = "NAME", hide = true)]
    pub pipe: Option<String>,
    /// Not supported: refused (use stdio).
    #[arg(long = "node-ipc", hide = true)]
    pub node_ipc: bool,
}

impl LspArgs {
    /// The transport asked for that the server does not offer, as the user wrote it.
    fn unsupported_transport(&self) -> Option<&'static str> {
        if self.socket.is_some() {
            Some("--socket")
        } else if self.pipe.is_some() {
            Some("--pipe")
        } else if self.node_ipc {
            Some("--node-ipc")
        } else {
            None
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Files or folders whose claims are exported (default: the whole document set).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Grouping of the markdown tables (default: mechanism).
    #[arg(long, value_enum, default_value_t = GroupBy::Mechanism)]
    pub group_by: GroupBy,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Exit status of spec §9.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line; the binary's `main` only calls this.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => super::check::run(&args),
        Command::Fmt(args) => super::fmt::run(&args),
        Command::Export(args) => super::export::run(&args),
        Command::Explain(args) => super::explain::run(&args),
        Command::Define(args) => super::define::run(&args),
        Command::Rules { rule } => super::rules::run(rule.as_deref()),
        Command::Lsp(args) => match args.unsupported_transport() {
            Some(flag) => {
                eprintln!(
                    "error: `evn lsp {flag}` is not supported: the language server talks over standard input and output only; configure the client's transport as stdio (`--stdio`)"
                );
                EXIT_USAGE
            }
            None => lsp(),
        },
    };
    ExitCode::from(code)
}

/// `evn lsp`: the server on stdio, on a small tokio runtime; status 1 after `exit` without `shutdown`.
fn lsp() -> u8 {
    crate::lsp::memory::limit_arenas();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
    match runtime {
        Ok(runtime) => {
            let status = runtime.block_on(crate::lsp::run_stdio());
            // The reader of stdin blocks a thread until input ends; after `exit` the
            // process must end without waiting for it.
            runtime.shutdown_background();
            status
        }
        Err(e) => {
            eprintln!("error: cannot start the language server: {e}");
            EXIT_USAGE
        }
    }
}
