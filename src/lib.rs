//! `evn`: the linter, formatter, exporter and language server of Evidence Notation.
//!
//! The layers, from the bottom: [`text`] (spans and line indexes), [`diagnostic`] (the
//! one diagnostic type), [`syntax`] (lexer and parser, BibTeX entries; parsing never
//! fails), [`vocab`] (prelude, gene namespace, name lookup), [`check`] (resolution and
//! every rule), the pure services on top of it ([`format`](mod@format), [`fix`],
//! [`export`], [`ide`]); that is the core, which does no IO. Then [`workspace`], where
//! files are read, and the front ends [`cli`] and `lsp`, which only convert.

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
