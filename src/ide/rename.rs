//! Rename: reference keys (the `ref` or BibTeX entry and every cite of it) and names
//! defined in the workspace (the `define` and every use written the same way), across
//! the document set. Prelude and gene names cannot be renamed, nor a key cited through
//! a range (`cite(70-72)`): [`prepare_rename`] says why.

use super::{find_symbol, occurrence_at, symbol_of, FileSpan, Role, Symbol, World};
use crate::check::references::range;
use crate::diagnostic::FileId;
use crate::syntax::lexer::{tokens, Token};
use crate::text::Span;
use crate::vocab::{Layer, Resolved};

/// One replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameEdit {
    pub place: FileSpan,
    pub text: String,
}

/// What can be renamed at `offset`: the span of the name, or why not.
pub fn prepare_rename(world: &World<'_>, file: FileId, offset: u32) -> Result<Span, String> {
    let (span, _, _) = target(world, file, offset)?;
    Ok(span)
}

fn target(world: &World<'_>, file: FileId, offset: u32) -> Result<(Span, Symbol, String), String> {
    let ast = world.ast(file).ok_or("no such file")?;
    let occurrence =
        occurrence_at(ast, world.text(file), offset).ok_or("nothing to rename here")?;
    if matches!(occurrence.role, Role::Relation | Role::Class) {
        return Err("relation words and classes cannot be renamed".into());
    }
    let text = occurrence.name.text(world.text(file)).to_string();
    let symbol = symbol_of(world, file, &occurrence)
        .ok_or_else(|| format!("`{text}` resolves to nothing that can be renamed"))?;
    match &symbol {
        Symbol::CiteKey(key) => {
            if range(key).is_some() {
                return Err(format!("`{key}` is a range of keys; rename the keys one by one"));
            }
            if world.analysis.references.find(key).is_none() {
                return Err(format!("no reference defines the key `{key}`"));
            }
            if cited_through_range(world, key) {
                return Err(format!("`{key}` is cited through a range (such as `cite(70-72)`), which a rename cannot change"));
            }
        }
        Symbol::Resolved(Resolved::Gene(..)) => {
            return Err(format!("`{text}` is a gene-namespace name, which cannot be renamed"))
        }
        Symbol::Resolved(Resolved::Reference(reference, _)) => {
            return Err(format!(
                "`{text}` is a name of the {} reference namespace, which cannot be renamed",
                reference.name()
            ))
        }
        Symbol::Resolved(Resolved::Derived(_)) => {
            return Err(format!(
                "`{text}` is a derived name (read on its base), which cannot be renamed; rename its base"
            ))
        }
        Symbol::Resolved(Resolved::Entry(id)) => {
            let entry = world.analysis.vocabulary.entry(*id).ok_or("unknown entry")?;
            if entry.layer != Layer::Workspace {
                return Err(format!("`{text}` is defined in the prelude, which cannot be renamed"));
            }
        }
    }
    Ok((occurrence.name.text_span(world.text(file)), symbol, text))
}

fn cited_through_range(world: &World<'_>, key: &str) -> bool {
    let Ok(number) = key.parse::<u64>() else { return false };
    world.analysis.files.iter().enumerate().any(|(file, f)| {
        let text = world.text(file as FileId);
        f.ast.claims().any(|(_, claim)| {
            f.ast
                .keys_in(claim.cites)
                .iter()
                .any(|k| range(k.text(text)).is_some_and(|r| r.contains(&number)))
        })
    })
}

/// The edits renaming what is at `offset` to `new_name`, or why it cannot be.
pub fn rename(
    world: &World<'_>,
    file: FileId,
    offset: u32,
    new_name: &str,
) -> Result<Vec<RenameEdit>, String> {
    let (_, symbol, old) = target(world, file, offset)?;
    let is_key = matches!(symbol, Symbol::CiteKey(_));
    let written = written_form(new_name, is_key)?;
    if is_key && new_name != old && world.analysis.references.defs.iter().any(|d| d.key == new_name)
    {
        return Err(format!(
            "a reference with the key `{new_name}` exists already; renaming `{old}` to it would define the key twice"
        ));
    }
    let mut edits: Vec<RenameEdit> = find_symbol(world, &symbol)
        .into_iter()
        .filter(|(place, _)| place.span.text(world.text(place.file)).trim_matches('`') == old)
        .map(|(place, _)| RenameEdit { place, text: written.clone() })
        .collect();
    if let Symbol::CiteKey(key) = &symbol {
        for def in world.analysis.references.defs.iter().filter(|d| d.bibtex && &d.key == key) {
            edits.push(RenameEdit {
                place: FileSpan { file: def.file, span: def.key_span },
                text: new_name.to_string(),
            });
        }
    }
    parses_after(world, &edits, new_name)?;
    Ok(edits)
}

/// Refuses edits after which a file of the set would have more syntax errors than
/// before: a rename never breaks the text it changes.
fn parses_after(world: &World<'_>, edits: &[RenameEdit], new_name: &str) -> Result<(), String> {
    let mut files: Vec<FileId> = edits.iter().map(|e| e.place.file).collect();
    files.sort_unstable();
    files.dedup();
    for file in files {
        let text = world.text(file);
        let mut here: Vec<&RenameEdit> = edits.iter().filter(|e| e.place.file == file).collect();
        here.sort_by_key(|e| std::cmp::Reverse(e.place.span.start));
        let mut after = text.to_string();
        for edit in here {
            after.replace_range(edit.place.span.range(), &edit.text);
        }
        if crate::syntax::parse(&after).errors.len() > crate::syntax::parse(text).errors.len() {
            return Err(format!("`{new_name}` cannot be written where the name is used"));
        }
    }
    Ok(())
}

/// How the new name is written: bare when it lexes as one name, else in backticks.
fn written_form(new_name: &str, is_key: bool) -> Result<String, String> {
    if new_name.is_empty() || new_name.contains(['`', '\n', '\r']) {
        return Err(format!("`{new_name}` is not a valid name"));
    }
    let lexed = tokens(new_name, 0);
    // A key may be a number (`cite(79)`); a name may not (`42` is not a name, `` `42` `` is).
    let bare = matches!(lexed.as_slice(), [(token, span)]
        if span.len() as usize == new_name.len()
            && (*token == Token::Name || (is_key && *token == Token::Number)));
    if is_key && (!bare || range(new_name).is_some()) {
        return Err(format!("`{new_name}` is not a valid reference key"));
    }
    Ok(if bare { new_name.to_string() } else { format!("`{new_name}`") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{analyse, cursor};

    fn world_rename(src: &str, new: &str) -> Result<String, String> {
        let (text, at) = cursor(src);
        let analysis = analyse(&[&text]);
        let texts = [text.as_str()];
        let mut edits = rename(&World { analysis: &analysis, texts: &texts }, 0, at, new)?;
        edits.sort_by_key(|e| std::cmp::Reverse(e.place.span.start));
        let mut out = text.clone();
        for e in edits {
            out.replace_range(e.place.span.range(), &e.text);
        }
        Ok(out)
    }

    #[test]
    fn renames_a_key_and_its_cites() {
        let out = world_rename(
            "carrier SLN(paclitaxel) inhibits MDR1 cite(7$09, 80)\nref 79 \"x\"\nref 80 \"y\"\n",
            "guney2019",
        )
        .unwrap();
        assert_eq!(out, "carrier SLN(paclitaxel) inhibits MDR1 cite(guney2019, 80)\nref guney2019 \"x\"\nref 80 \"y\"\n");
    }

    #[test]
    fn renames_a_defined_name_and_quotes_when_needed() {
        let out = world_rename("define formulation X$0-NP = SLN(paclitaxel)\nX-NP inhibits MDR1 cite(1)\nref 1 \"x\"\n", "my NP").unwrap();
        assert_eq!(out, "define formulation `my NP` = SLN(paclitaxel)\n`my NP` inhibits MDR1 cite(1)\nref 1 \"x\"\n");
    }

    #[test]
    fn refuses_prelude_genes_and_ranges() {
        let refused = |src: &str, new: &str| world_rename(src, new).unwrap_err();
        insta::assert_snapshot!(
            refused("carrier S$0LN(paclitaxel) inhibits MDR1 cite(1)\nref 1 \"x\"\n", "X"),
            @"`SLN` is defined in the prelude, which cannot be renamed"
        );
        insta::assert_snapshot!(
            refused("carrier SLN(paclitaxel) inhibits TO$0P2A cite(1)\nref 1 \"x\"\n", "X"),
            @"`TOP2A` is a gene-namespace name, which cannot be renamed"
        );
        insta::assert_snapshot!(
            refused(
                "carrier SLN(paclitaxel) inhibits MDR1 cite(7$09)\nref 79 \"x\"\nref 80 \"y\"\n",
                "80"
            ),
            @"a reference with the key `80` exists already; renaming `79` to it would define the key twice"
        );
        insta::assert_snapshot!(
            refused("carrier SLN(paclitaxel) inhibits MDR1 cite(1-2)\ncarrier SLN(paclitaxel) inhibits MDR1 cite($01)\nref 1 \"x\"\nref 2 \"x\"\n", "X"),
            @"`1` is cited through a range (such as `cite(70-72)`), which a rename cannot change"
        );
    }
}
