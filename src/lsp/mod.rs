//! The language server (`evn lsp`): open documents in ropes ([`documents`]), the
//! protocol conversion in the negotiated position encoding ([`convert`], the only
//! UTF-16 code), the state and its analysed snapshots ([`state`]), the diagnostics
//! converted once per change ([`publish`]), the byte streams ([`transport`]), giving
//! freed memory back ([`memory`]), when diagnostics are published ([`pace`]), work-done progress ([`progress`]) and the handlers
//! ([`server`]), which only convert between the protocol and `ide`.

pub mod convert;
pub mod documents;
pub mod memory;
pub mod pace;
pub mod progress;
pub mod publish;
pub mod server;
pub mod state;
pub mod transport;

pub use server::{run_stdio, serve, service, Backend};
