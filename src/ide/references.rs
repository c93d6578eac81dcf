//! Find references: every place in the document set where the entity under the cursor
//! stands (a name through any alias, or a reference key), definitions included on
//! request.

use super::{find_symbol, occurrence_at, symbol_of, FileSpan, Role, World};
use crate::diagnostic::FileId;

pub fn references(
    world: &World<'_>,
    file: FileId,
    offset: u32,
    include_declaration: bool,
) -> Vec<FileSpan> {
    let Some(occurrence) =
        world.ast(file).and_then(|ast| occurrence_at(ast, world.text(file), offset))
    else {
        return Vec::new();
    };
    let Some(symbol) = symbol_of(world, file, &occurrence) else { return Vec::new() };
    let mut out: Vec<FileSpan> = find_symbol(world, &symbol)
        .into_iter()
        .filter(|(_, o)| {
            include_declaration
                || !matches!(o.role, Role::RefKey | Role::Defined(_) | Role::Alias(_))
        })
        .map(|(place, _)| place)
        .collect();
    // BibTeX entries are no statements: add their keys as declarations.
    if include_declaration {
        if let super::Symbol::CiteKey(key) = &symbol {
            for def in world.analysis.references.defs.iter().filter(|d| d.bibtex && &d.key == key) {
                out.push(FileSpan { file: def.file, span: def.key_span });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{analyse, cursor};

    #[test]
    fn aliases_are_the_same_target() {
        let (text, at) = cursor("carrier SLN(paclitaxel) downregulates MD$0R1 cite(1)\ncarrier SLN(paclitaxel) inhibits P-gp, ABCB1 cite(1)\nref 1 \"x\"\n");
        let analysis = analyse(&[&text]);
        let texts = [text.as_str()];
        let found = references(&World { analysis: &analysis, texts: &texts }, 0, at, true);
        let words: Vec<&str> = found.iter().map(|f| f.span.text(&text)).collect();
        assert_eq!(words, ["MDR1", "P-gp", "ABCB1"]);
    }
}
