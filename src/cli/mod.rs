//! The command-line front end: subcommands, exit codes, and the rendering of
//! diagnostics into what users read ([`render`]).

pub mod render;
