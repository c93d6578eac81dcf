//! The open documents: their text in ropes, updated by incremental edits strictly in
//! the order received, with the version the client gave; the text as one string is made
//! at most once per version and shared by every snapshot and request that needs it. A
//! document not edited since it was opened has no rope yet, and one left unchanged for a
//! while gives its rope up once its string is made (`settle`): its text is held once, as
//! that string (a 50 MB document read, not typed in, costs 50 MB, not 100).

use std::sync::{Arc, OnceLock};

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::convert::{rope_char, Encoding};
use crate::syntax::lines;

pub struct Document {
    /// Made from the text at the first edit.
    rope: Option<Rope>,
    pub version: i32,
    /// The rope as one string, made on first use for this version.
    text: Arc<OnceLock<Arc<str>>>,
}

/// What a `didChange` may have changed beyond the claims it touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Every edit stayed on one line of a statement that is neither a `define` nor a
    /// `ref` before and after it: the vocabulary and the references are unchanged.
    Local,
    /// Anything else.
    Declarations,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document { rope: None, version, text: Arc::new(OnceLock::from(Arc::<str>::from(text))) }
    }

    /// Applies the changes of one `didChange`, in order, and says how far they reach.
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        encoding: Encoding,
    ) -> Reach {
        let mut reach = Reach::Local;
        for change in changes {
            match change.range {
                None => {
                    self.rope = Some(Rope::from_str(&change.text));
                    reach = Reach::Declarations;
                }
                Some(range) => {
                    // Without a rope, the string is the text (as opened, or settled).
                    let text = &self.text;
                    let rope = self
                        .rope
                        .get_or_insert_with(|| Rope::from_str(text.get().map_or("", |t| t)));
                    let a = rope_char(rope, range.start, encoding);
                    let b = rope_char(rope, range.end, encoding);
                    let (start, end) = (a.min(b), a.max(b));
                    let one_line = !has_line_break(rope.slice(start..end))
                        && !change.text.contains(['\n', '\r']);
                    if !one_line || declares(rope, start) {
                        reach = Reach::Declarations;
                    }
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                    if declares(rope, start) {
                        reach = Reach::Declarations;
                    }
                }
            }
        }
        self.version = version;
        self.text = Arc::default();
        reach
    }

    /// Gives up the rope when the text of this version is made already: the string is
    /// then the document's text, as for a document just opened, and the next edit makes
    /// the rope from it again. Returns the rope, to be freed off the state's lock.
    pub fn settle(&mut self) -> Option<Rope> {
        self.text.get().is_some().then(|| self.rope.take()).flatten()
    }

    /// The text of this version, shared.
    pub fn text(&self) -> Arc<str> {
        self.text.get_or_init(|| rope_text(self.rope.as_ref())).clone()
    }

    /// What [`Self::text`] needs, taken under a lock and turned into the text later,
    /// outside it: a rope clone is cheap, copying a large document is not.
    pub fn pending_text(&self) -> PendingText {
        PendingText { rope: self.rope.clone(), text: self.text.clone() }
    }
}

/// A document's text to be made (once) off the state's lock.
#[derive(Clone)]
pub struct PendingText {
    rope: Option<Rope>,
    text: Arc<OnceLock<Arc<str>>>,
}

impl PendingText {
    /// The document's rope at that version, if it was edited since it was opened.
    pub fn rope(&self) -> Option<&Rope> {
        self.rope.as_ref()
    }

    pub fn get(&self) -> Arc<str> {
        self.text.get_or_init(|| rope_text(self.rope.as_ref())).clone()
    }
}

/// A rope's text as one string (a document without a rope has its string made already).
fn rope_text(rope: Option<&Rope>) -> Arc<str> {
    rope.map_or_else(|| Arc::from(""), |rope| rope.to_string().into())
}

/// The rope's first line of the physical line that holds rope line `line`. The rope
/// ends lines at a lone `\r` too, as the protocol's positions count them; a statement
/// does not end there (`syntax::lines`), so statement logic walks physical lines.
pub fn physical_start(rope: &Rope, mut line: usize) -> usize {
    while line > 0 && ends_with_lone_cr(rope.line(line - 1)) {
        line -= 1;
    }
    line
}

/// The rope's last line of the physical line that holds rope line `line`.
pub fn physical_end(rope: &Rope, mut line: usize) -> usize {
    while line + 1 < rope.len_lines() && ends_with_lone_cr(rope.line(line)) {
        line += 1;
    }
    line
}

/// A rope line that ends in `\r` ends in a lone one (a `\r\n` line ends in `\n`).
fn ends_with_lone_cr(line: RopeSlice<'_>) -> bool {
    line.len_chars() > 0 && line.char(line.len_chars() - 1) == '\r'
}

fn has_line_break(slice: RopeSlice<'_>) -> bool {
    slice.chars().any(|c| c == '\n' || c == '\r')
}

/// Whether the statement holding char `at` may be a declaration: its line, or the line
/// its continuation lines hang from, starts with `define` or `ref`, or `review` or
/// `section`, whose titles settle abbreviations (conservatively, as a prefix).
fn declares(rope: &Rope, at: usize) -> bool {
    let starts = |line: RopeSlice<'_>, word: &str| line.chars().take(word.len()).eq(word.chars());
    let mut line = physical_start(rope, rope.char_to_line(at.min(rope.len_chars())));
    loop {
        let text = rope.line(line);
        if lines::DECLARING_KEYWORDS.iter().any(|word| starts(text, word)) {
            return true;
        }
        let indented = text.chars().next().is_some_and(lines::is_indent_char);
        if !indented || line == 0 {
            return false;
        }
        line = physical_start(rope, line - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(doc: &mut Document, line: u32, from: u32, to: u32, text: &str) -> Reach {
        let change = TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position { line, character: from },
                end: Position { line, character: to },
            }),
            range_length: None,
            text: text.into(),
        };
        let version = doc.version + 1;
        doc.apply(&[change], version, Encoding::Utf16)
    }

    #[test]
    fn edits_inside_a_claim_are_local_and_others_reach_declarations() {
        let mut doc = Document::new(
            "drug DOX inhibits ABCB1\n  in TNBC\nref 1 \"x\"\ndefine target T \"t\"\n  aka U\n",
            1,
        );
        assert_eq!(edit(&mut doc, 0, 17, 17, "x"), Reach::Local);
        assert_eq!(edit(&mut doc, 1, 4, 4, "y"), Reach::Local);
        assert_eq!(edit(&mut doc, 2, 4, 5, "2"), Reach::Declarations);
        assert_eq!(
            edit(&mut doc, 4, 6, 6, "V"),
            Reach::Declarations,
            "a continuation line of a define"
        );
        assert_eq!(edit(&mut doc, 0, 0, 0, "\n"), Reach::Declarations, "a line break");
        assert_eq!(doc.text().lines().next(), Some(""));
        // A claim turned into a `ref` by its first characters.
        let mut doc = Document::new("ef 1 \"x\"\n", 1);
        assert_eq!(edit(&mut doc, 0, 0, 0, "r"), Reach::Declarations);
        assert_eq!(&*doc.text(), "ref 1 \"x\"\n");
    }

    /// The statements that declare (`define`, `ref`), as texts: what a local edit keeps.
    fn declarations(text: &str) -> Vec<String> {
        let ast = crate::syntax::parse_declarations(text);
        ast.statements
            .iter()
            .map(|s| text[s.span.start as usize..s.span.end as usize].into())
            .collect()
    }

    #[test]
    fn an_edit_after_a_lone_carriage_return_in_a_define_reaches_declarations() {
        // The protocol's line 1 is `aka U`; to the parser it is still the define's line.
        let mut doc = Document::new("define target T \"t\"\raka U\ndrug DOX\rinhibits ABCB1\n", 1);
        assert_eq!(declarations(&doc.text()), ["define target T \"t\"\raka U"]);
        assert_eq!(edit(&mut doc, 1, 5, 5, "V"), Reach::Declarations);
        assert_eq!(edit(&mut doc, 3, 0, 0, "x"), Reach::Local);
        assert_eq!(&*doc.text(), "define target T \"t\"\raka UV\ndrug DOX\rxinhibits ABCB1\n");
    }

    #[test]
    fn an_edit_on_a_form_fed_continuation_of_a_define_reaches_declarations() {
        // The probe of issue 24 §1: a form feed indents, as the parser reads it.
        let mut doc = Document::new("define target T \"t\"\n\x0caka U\n", 1);
        assert_eq!(declarations(&doc.text()), ["define target T \"t\"\n\x0caka U"]);
        assert_eq!(edit(&mut doc, 1, 5, 5, "V"), Reach::Declarations);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 512,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(24),
            ..Default::default()
        })]
        /// Incremental analysis rests on this: an edit classified [`Reach::Local`] never
        /// changes a declaration, whatever indents the lines around it.
        #[test]
        fn a_local_edit_never_changes_a_declaration(
            lines in proptest::collection::vec(proptest::sample::select(vec![
                "define target T \"t\"", "ref 1 \"x\"", "drug DOX inhibits ABCB1",
                " aka U", "\taka U", "\x0caka U", "\x0c in TNBC", "  in TNBC", "# note", "",
                "  # indented note", "ef 2 \"y\"", "efine target W \"w\"", "\x0c",
                "define target V \"v\"\raka W", "drug DOX\rinhibits ABCB1", "\r in TNBC",
            ]), 1..8),
            line in 0usize..8,
            column in 0usize..24,
            insert in proptest::sample::select(vec!["", "r", "d", "x", " ", "\t", "\x0c", "#", "\""]),
            delete in 0usize..3,
        ) {
            let text = lines.join("\n") + "\n";
            let mut doc = Document::new(&text, 1);
            // Lines as the protocol counts them (a lone `\r` ends one).
            let index = crate::text::LineIndex::new(&text);
            let line = (line % (index.line_count() - 1)) as u32;
            let width = index.line_span(&text, line as usize).text(&text).chars().count();
            let from = (column % (width + 1)) as u32;
            let to = (from as usize + delete).min(width) as u32;
            let before = declarations(&text);
            if edit(&mut doc, line, from, to, insert) == Reach::Local {
                proptest::prop_assert_eq!(before, declarations(&doc.text()), "{:?}", text);
            }
        }
    }

    #[test]
    fn a_settled_document_gives_up_its_rope_only_once_its_text_is_made_and_edits_go_on() {
        let mut doc = Document::new("drug DOX inhibits ABCB1\n", 1);
        edit(&mut doc, 0, 23, 23, " in TNBC");
        assert!(
            doc.settle().is_none(),
            "the text of version 2 is not made yet: the rope is the text"
        );
        assert_eq!(&*doc.text(), "drug DOX inhibits ABCB1 in TNBC\n");
        assert!(doc.settle().is_some());
        assert!(doc.settle().is_none(), "nothing left to give up");
        assert_eq!(&*doc.text(), "drug DOX inhibits ABCB1 in TNBC\n");
        edit(&mut doc, 0, 5, 8, "doxorubicin");
        assert_eq!(&*doc.text(), "drug doxorubicin inhibits ABCB1 in TNBC\n");
    }
}
