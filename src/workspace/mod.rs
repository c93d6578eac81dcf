//! The workspace: `evn.toml`, the discovery of the document set, and reading files.
//! This module, `cli` and `lsp` are the only places that touch the file system; what
//! they hand on is decoded text ([`Document`]) and a parsed [`Config`]. [`write`](mod@write) is the
//! one way the tools write a file back.
//!
//! **Architecture Invariant:** reading never hangs and never panics: a file is
//! checked with `metadata` before it is opened (FIFOs, devices and folders are refused),
//! opened non-blocking, and read up to the configured `max-file-size`
//! ([`Limits`](crate::check::Limits)); a file that cannot be read is a [`LoadError`] and
//! the rest of the set is still checked.

mod config;
mod discover;
pub mod write;

use std::path::PathBuf;

use crate::check::{InvalidUtf8, Source, SourceKind};

pub use config::{parse_config, Config, ConfigError};
pub use discover::{
    find_root, load, load_each, read_document, relative_display, LoadError, Workspace,
};

/// An I/O error as users read it: lowercase, without the OS error number (`no space left
/// on device`, `permission denied`), and the same words for a missing file everywhere.
pub(crate) fn io_message(error: &std::io::Error) -> String {
    if error.kind() == std::io::ErrorKind::NotFound {
        return "no such file or directory".to_owned();
    }
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(end) => text.get(..end).unwrap_or(&text).to_owned(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// The name of the file that marks a workspace folder.
pub const CONFIG_FILE: &str = "evn.toml";

/// A file of the document set, read and decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Absolute, lexically normalised (no `.` or `..`; symbolic links not resolved).
    pub path: PathBuf,
    /// The path relative to the current directory, with forward slashes: what the CLI
    /// prints.
    pub display: String,
    pub kind: SourceKind,
    /// The decoded text: no byte-order mark, line endings as in the file.
    pub text: String,
    /// Where invalid UTF-8 was replaced by U+FFFD (spec §1: a `syntax` error each).
    pub invalid_utf8: Vec<InvalidUtf8>,
}

impl Document {
    /// The document as the analysis takes it.
    pub fn source(&self) -> Source<'_> {
        Source { text: &self.text, kind: self.kind, invalid_utf8: &self.invalid_utf8 }
    }
}

impl Workspace {
    /// The documents as the analysis takes them, in order: the one conversion of the
    /// CLI, the server's folders and the tests.
    pub fn sources(&self) -> Vec<Source<'_>> {
        self.documents.iter().map(Document::source).collect()
    }
}

/// Decodes a file's bytes: strips a UTF-8 byte-order mark and replaces each maximal
/// invalid sequence with U+FFFD exactly as [`String::from_utf8_lossy`] does, recording
/// where. Valid input (the common case) is copied once without further work.
pub fn decode(bytes: &[u8]) -> (String, Vec<InvalidUtf8>) {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let (body, base) = match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (bytes, 0),
    };
    if let Ok(text) = std::str::from_utf8(body) {
        return (text.to_owned(), Vec::new());
    }
    let mut text = String::with_capacity(body.len() + 16);
    let mut invalid = Vec::new();
    let mut file_offset = base;
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        file_offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid.push(InvalidUtf8 { offset: text.len() as u32, file_offset });
            text.push(char::REPLACEMENT_CHARACTER);
            file_offset += chunk.invalid().len();
        }
    }
    (text, invalid)
}

/// [`decode`] for bytes the caller owns: valid UTF-8 without a byte-order mark (the
/// common case) becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> (String, Vec<InvalidUtf8>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(error) => decode(error.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_keeps_crlf() {
        let (text, invalid) = decode(b"\xEF\xBB\xBFreview \"x\"\r\nref 1 \"a\"\r\n");
        assert_eq!(text, "review \"x\"\r\nref 1 \"a\"\r\n");
        assert!(invalid.is_empty());
        // Only a leading mark is a BOM.
        let (text, _) = decode(b"a\xEF\xBB\xBF");
        assert_eq!(text, "a\u{FEFF}");
    }

    #[test]
    fn decode_owned_is_decode() {
        for bytes in [&b"\xEF\xBB\xBFref 1 \"a\""[..], b"ab\xFFc", b"plain", b""] {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes));
        }
    }

    #[test]
    fn decode_records_each_invalid_sequence_like_from_utf8_lossy() {
        let bytes: &[u8] = b"\xEF\xBB\xBFab\xFFc\xE2\x82d\xF0\x9F\x98\xFF\xFF";
        let (text, invalid) = decode(bytes);
        assert_eq!(text, String::from_utf8_lossy(&bytes[3..]));
        assert_eq!(text, "ab\u{FFFD}c\u{FFFD}d\u{FFFD}\u{FFFD}\u{FFFD}");
        let offsets: Vec<(u32, usize)> =
            invalid.iter().map(|i| (i.offset, i.file_offset)).collect();
        // Decoded offsets move by 3 per U+FFFD; file offsets count the BOM and the
        // length of each invalid sequence (`E2 82` and `F0 9F 98` are one sequence each).
        assert_eq!(offsets, vec![(2, 5), (6, 7), (10, 10), (13, 13), (16, 14)]);
        for record in &invalid {
            assert_eq!(&text[record.offset as usize..record.offset as usize + 3], "\u{FFFD}");
        }
    }
}
