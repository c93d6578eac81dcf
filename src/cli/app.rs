//! The command line: subcommands and options (clap), dispatch, exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use super::render::Format;

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
    /// Run the language server on standard input and output.
    Lsp,
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
        Command::Rules { rule } => super::rules::run(rule.as_deref()),
        Command::Lsp => lsp(),
    };
    ExitCode::from(code)
}

/// `evn lsp`: the server on stdio, on a small tokio runtime.
fn lsp() -> u8 {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
    match runtime {
        Ok(runtime) => {
            runtime.block_on(crate::lsp::run_stdio());
            // The reader of stdin blocks a thread until input ends; after `exit` the
            // process must end without waiting for it.
            runtime.shutdown_background();
            EXIT_OK
        }
        Err(e) => {
            eprintln!("error: cannot start the language server: {e}");
            EXIT_USAGE
        }
    }
}
