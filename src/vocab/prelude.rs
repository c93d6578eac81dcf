//! The prelude: the standard vocabulary, an ordinary EVN file embedded in the binary
//! (`prelude.evn`), parsed once on first use.

use std::sync::OnceLock;

use super::{entry_from, Entry, Layer};
use crate::syntax::ast::{Ast, StatementKind};

/// The prelude's text, as shipped.
pub const SOURCE: &str = include_str!("prelude.evn");

/// The file name under which editors show the prelude.
pub const FILE_NAME: &str = "prelude.evn";

/// The prelude parsed.
pub fn ast() -> &'static Ast {
    static AST: OnceLock<Ast> = OnceLock::new();
    AST.get_or_init(|| crate::syntax::parse(SOURCE))
}

/// The prelude's entries, in file order.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let ast = ast();
        ast.statements
            .iter()
            .filter_map(|statement| match &statement.kind {
                StatementKind::Definition(def) => {
                    Some(entry_from(SOURCE, ast, def, Layer::Prelude, None, statement.span))
                }
                _ => None,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{DefinitionSource, Vocabulary};

    /// Every statement of the prelude parses (a statement with a syntax error would
    /// drop its entry silently), and no name is defined twice in one namespace.
    #[test]
    fn the_prelude_parses_and_defines_each_name_once() {
        assert!(ast().errors.is_empty(), "{:?}", ast().errors);
        let source = DefinitionSource { file: 0, src: SOURCE, ast: ast() };
        let (_, duplicates) = Vocabulary::build(false, &[], &[], &[source]);
        let messages: Vec<&str> = duplicates.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.is_empty(), "{messages:?}");
    }
}
