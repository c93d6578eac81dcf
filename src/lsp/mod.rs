//! The language server (`evn lsp`): open documents in ropes ([`documents`]), the
//! protocol conversion in the negotiated position encoding ([`convert`], the only
//! UTF-16 code), the state and its analysed snapshots ([`state`]) and the handlers
//! ([`server`]), which only convert between the protocol and `ide`.

pub mod convert;
pub mod documents;
pub mod server;
pub mod state;

pub use server::{run_stdio, serve, service, Backend};
