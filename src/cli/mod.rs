//! The command line: argument parsing ([`app`]), the subcommands (`check`, `fmt`,
//! `export`, `explain`, `define`, `rules`, `lsp`), and the renderers
//! that turn diagnostics into what users read ([`render`]). Converts only: the
//! analysis is `crate::check`'s.

pub mod app;
mod check;
mod define;
mod explain;
mod export;
mod fmt;
pub mod render;
mod rules;
mod workspaces;

pub use app::run;
