//! `evn`: the linter, formatter, exporter and language server of Evidence Notation.
//!
//! The layers, from the bottom: [`text`] (spans and line indexes), [`diagnostic`] (the
//! one diagnostic type), [`syntax`] (lexer and parser; parsing never fails), [`vocab`]
//! (prelude, gene namespace, name lookup), [`check`] (resolution and every rule), the
//! pure services on top of it ([`format`](mod@format), [`fix`], [`export`]), then the front ends
//! [`cli`] and `lsp`, which only convert. `workspace` is where files are read; nothing
//! below it does IO.

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod export;
pub mod fix;
pub mod format;
pub mod ide;
pub mod lsp;
pub mod syntax;
pub mod text;
pub mod vocab;
pub mod workspace;
