//! The integration tests, as one test binary (as rust-analyzer and typst have theirs):
//! one link of the release build instead of one per file, which took most of a fresh
//! clone's `cargo test --release`. Each module is one area (TESTING.md lists them);
//! `common` runs the analysis and the binary the way the CLI does, `lsp_support` is the
//! JSON-RPC client of the server tests. The data the tests read (fixtures, regressions,
//! labelled suggestion sets) stays under `tests/`; snapshots are in `tests/it/snapshots/`.

// Tests and benchmarks may unwrap, expect and panic (the crate denies them in library code).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod lsp_support;

mod architecture;
mod cli;
mod cli_fmt_export;
mod drafts;
mod fixtures;
mod format;
mod grammar;
mod hostile;
mod incremental;
mod limits;
mod lsp;
mod lsp_features;
mod lsp_order;
mod lsp_publish;
mod lsp_stress;
mod lsp_transport;
mod outcomes;
mod properties;
mod regressions;
mod reviews;
mod rule_docs;
mod suggestions;
