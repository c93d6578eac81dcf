//! The language server (`evn lsp`): the byte streams ([`transport`]) and the order of
//! the protocol ([`dispatch`]: notifications in order, each request with the state it
//! was received at, [`receipt`]); open documents in ropes ([`documents`]); the
//! protocol conversion in the negotiated position encoding ([`convert`], the only
//! UTF-16 code); which document set each file belongs to, found from its own path as
//! the command line finds it ([`layout`]); the state and its analysed snapshots ([`state`]),
//! built by the analysis worker, which publishes their diagnostics ([`worker`]). The
//! state has one owner ([`server`], which holds the table of methods): the
//! notifications change it ([`sync`], [`lifecycle`]; and the server's own watcher,
//! [`watch`]); the request handlers are functions of the immutable view their receipt
//! gives, which only convert between the protocol and `ide` ([`navigation`],
//! [`editing`], [`highlighting`], [`diagnostics`]). Also the diagnostics converted once
//! per change ([`publish`]); giving freed memory back ([`memory`]); when diagnostics are
//! published ([`pace`]); work-done progress ([`progress`]).

pub mod convert;
pub mod diagnostics;
pub mod dispatch;
pub mod documents;
pub mod editing;
pub mod highlighting;
pub mod layout;
pub mod lifecycle;
pub mod memory;
pub mod navigation;
pub mod pace;
pub mod progress;
pub mod publish;
pub mod receipt;
pub mod server;
pub mod state;
pub mod sync;
pub mod transport;
pub mod watch;
pub mod worker;

pub use dispatch::{run_stdio, serve, Ending};
pub use server::{service, Backend};
