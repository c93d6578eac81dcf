//! Go to definition: a cite key to its `ref` or BibTeX entry; a name to its `define`
//! in the workspace or in the prelude.

use super::{occurrence_at, symbol_of, FileSpan, Place, Role, Symbol, World};
use crate::diagnostic::FileId;
use crate::vocab::Resolved;

pub fn definition(world: &World<'_>, file: FileId, offset: u32) -> Option<Place> {
    let occurrence = occurrence_at(world.ast(file)?, world.text(file), offset)?;
    if matches!(occurrence.role, Role::Relation | Role::Class) {
        return None;
    }
    match symbol_of(world, file, &occurrence)? {
        Symbol::CiteKey(key) => {
            let refs = &world.analysis.references;
            let def = refs.get(refs.find(&key)?)?;
            Some(Place::File(FileSpan { file: def.file, span: def.key_span }))
        }
        Symbol::Resolved(Resolved::Entry(id)) => {
            let entry = world.analysis.vocabulary.entry(id)?;
            Some(match entry.origin.file {
                Some(file) => Place::File(FileSpan { file, span: entry.origin.name }),
                None => Place::Prelude(entry.origin.name),
            })
        }
        // Reference-namespace entries have no definition in a file; a derived name's is
        // its base's (spec §11 B).
        Symbol::Resolved(Resolved::Gene(..) | Resolved::Reference(..)) => None,
        Symbol::Resolved(Resolved::Derived(id)) => {
            match world.analysis.vocabulary.derived(id)?.base {
                Resolved::Entry(id) => {
                    let entry = world.analysis.vocabulary.entry(id)?;
                    Some(match entry.origin.file {
                        Some(file) => Place::File(FileSpan { file, span: entry.origin.name }),
                        None => Place::Prelude(entry.origin.name),
                    })
                }
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{analyse, cursor};
    use crate::text::Span;

    #[test]
    fn cite_key_and_defined_name_and_prelude() {
        let (b, at) = cursor(
            "X-NP downregulates MDR1 cite(7$09)\ncarrier SLN(paclitaxel) inhibits EMT cite(79)\n",
        );
        let a = "define formulation X-NP = SLN(paclitaxel)\nref 79 \"x\"\n";
        let analysis = analyse(&[a, &b]);
        let texts = [a, b.as_str()];
        let world = World { analysis: &analysis, texts: &texts };
        let ref_at = a.find("79").unwrap() as u32;
        assert_eq!(
            definition(&world, 1, at),
            Some(Place::File(FileSpan { file: 0, span: Span::new(ref_at, ref_at + 2) }))
        );
        let x = a.find("X-NP").unwrap() as u32;
        assert_eq!(
            definition(&world, 1, 1),
            Some(Place::File(FileSpan { file: 0, span: Span::new(x, x + 4) }))
        );
        let sln = b.find("SLN").unwrap() as u32;
        let Some(Place::Prelude(span)) = definition(&world, 1, sln + 1) else { panic!() };
        assert_eq!(span.text(crate::vocab::prelude::SOURCE), "SLN");
    }
}
