//! The open documents: their text in ropes, updated by incremental edits strictly in
//! the order received, with the version the client gave.

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::convert::{rope_char, Encoding};

pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document { rope: Rope::from_str(text), version }
    }

    /// Applies the changes of one `didChange`, in order.
    pub fn apply(&mut self, changes: &[TextDocumentContentChangeEvent], version: i32, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let a = rope_char(&self.rope, range.start, encoding);
                    let b = rope_char(&self.rope, range.end, encoding);
                    let (start, end) = (a.min(b), a.max(b));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        self.version = version;
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}
