//! Document symbols (sections holding their claims, definitions and references) and
//! workspace symbols (definitions and reference keys of every file, by name).

use super::{excerpt, FileSpan, World};
use crate::diagnostic::FileId;
use crate::syntax::ast::{Kind, StatementKind, Subject};
use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Review,
    Section,
    Claim,
    Definition(Kind),
    /// `define relation WORD …`.
    Relation,
    Reference,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole statement (a section: up to its last statement).
    pub span: Span,
    /// The part to select: the name, key or relation.
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

pub fn document_symbols(world: &World<'_>, file: FileId) -> Vec<DocumentSymbol> {
    let Some(ast) = world.ast(file) else { return Vec::new() };
    let text = world.text(file);
    let mut top: Vec<DocumentSymbol> = Vec::new();
    let mut section: Option<DocumentSymbol> = None;
    for statement in &ast.statements {
        let span = statement.span;
        let symbol = match &statement.kind {
            StatementKind::Review(r) => DocumentSymbol {
                name: r.title.value(text),
                detail: Some("review".into()),
                kind: SymbolKind::Review,
                span,
                selection: r.title.span,
                children: Vec::new(),
            },
            StatementKind::Section(s) => {
                if let Some(done) = section.take() {
                    top.push(done);
                }
                let name = format!("{} {}", s.number.text(text), s.title.value(text));
                section = Some(DocumentSymbol {
                    name,
                    detail: Some("section".into()),
                    kind: SymbolKind::Section,
                    span,
                    selection: s.number,
                    children: Vec::new(),
                });
                continue;
            }
            StatementKind::Reference(r) => DocumentSymbol {
                name: r.key.text(text).to_string(),
                detail: Some(whole_excerpt(&r.text.value(text), 60)),
                kind: SymbolKind::Reference,
                span,
                selection: r.key.span(),
                children: Vec::new(),
            },
            StatementKind::Definition(d) => {
                let name = ast.name(d.name);
                DocumentSymbol {
                    name: name.text(text).to_string(),
                    detail: Some(format!("define {}", d.kind.as_str())),
                    kind: SymbolKind::Definition(d.kind),
                    span,
                    selection: name.span,
                    children: Vec::new(),
                }
            }
            StatementKind::Relation(r) => {
                let word = ast.name(r.word);
                DocumentSymbol {
                    name: word.text(text).to_string(),
                    detail: Some(format!("define relation ({})", r.polarity.as_str())),
                    kind: SymbolKind::Relation,
                    span,
                    selection: word.span,
                    children: Vec::new(),
                }
            }
            StatementKind::Claim(c) => {
                let subject = match c.subject {
                    Subject::Carrier(comp) => comp.span,
                    Subject::Drug(names) => {
                        let parts = ast.names_in(names);
                        match (parts.first(), parts.last()) {
                            (Some(a), Some(b)) => a.span.cover(b.span),
                            _ => Span::default(),
                        }
                    }
                    Subject::Name(n) => ast.name(n).span,
                };
                let relation = ast.name(c.relation).span;
                let objects = ast.names_in(c.objects);
                let end = objects.last().map_or(relation.end, |n| n.span.end);
                DocumentSymbol {
                    name: excerpt(text, Span::new(subject.start, end), 80),
                    detail: Some("claim".into()),
                    kind: SymbolKind::Claim,
                    span,
                    selection: relation,
                    children: Vec::new(),
                }
            }
            StatementKind::Error => continue,
        };
        match &mut section {
            Some(s) => {
                s.span = s.span.cover(span);
                s.children.push(symbol);
            }
            None => top.push(symbol),
        }
    }
    top.extend(section);
    // A BibTeX file's entries.
    for def in world.analysis.references.defs.iter().filter(|d| d.bibtex && d.file == file) {
        top.push(DocumentSymbol {
            name: def.key.clone(),
            detail: Some(whole_excerpt(&def.text, 60)),
            kind: SymbolKind::Reference,
            span: def.span,
            selection: def.key_span,
            children: Vec::new(),
        });
    }
    top
}

/// The first line of `text`, a string's value, at most `max` characters. (Its span in
/// the file, quotes included, is longer than the value: cut from the value with it, it
/// gave nothing.)
fn whole_excerpt(text: &str, max: usize) -> String {
    excerpt(text, Span::new(0, text.len() as u32), max)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub place: FileSpan,
}

/// Definitions and references whose name contains `query` (case-insensitively; every
/// one for an empty query), at most `limit`.
pub fn workspace_symbols(world: &World<'_>, query: &str, limit: usize) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    let matches = |name: &str| query.is_empty() || name.to_lowercase().contains(&query);
    let mut out = Vec::new();
    for entry in &world.analysis.vocabulary.entries {
        if let Some(file) = entry.origin.file {
            if matches(&entry.name) {
                out.push(WorkspaceSymbol {
                    name: entry.name.clone(),
                    kind: SymbolKind::Definition(entry.kind),
                    place: FileSpan { file, span: entry.origin.name },
                });
            }
        }
    }
    for def in &world.analysis.references.defs {
        if matches(&def.key) || matches(&def.text) {
            out.push(WorkspaceSymbol {
                name: def.key.clone(),
                kind: SymbolKind::Reference,
                place: FileSpan { file: def.file, span: def.key_span },
            });
        }
    }
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::analyse;

    #[test]
    fn sections_hold_their_statements() {
        let text = "review \"R\"\nsection 4.1 \"Efflux\" via efflux\ncarrier SLN(paclitaxel) inhibits MDR1 cite(1)\ndefine target X\nsection 5 \"Next\"\nref 1 \"x\"\n";
        let analysis = analyse(&[text]);
        let texts = [text];
        let symbols = document_symbols(&World { analysis: &analysis, texts: &texts }, 0);
        insta::assert_snapshot!(outline(&symbols, text), @r#"
        R (Review) review ["R"]
        4.1 Efflux (Section) section [4.1]
          SLN(paclitaxel) inhibits MDR1 (Claim) claim [inhibits]
          X (Definition(Target)) define target [X]
        5 Next (Section) section [5]
          1 (Reference) x [1]
        "#);
    }

    /// The outline as the editor shows it: name, kind and detail, children indented, and
    /// the text each selects.
    fn outline(symbols: &[DocumentSymbol], text: &str) -> String {
        fn walk(symbols: &[DocumentSymbol], text: &str, depth: usize, out: &mut String) {
            for s in symbols {
                let detail = s.detail.as_deref().unwrap_or("-");
                let selects = s.selection.text(text);
                let indent = "  ".repeat(depth);
                out.push_str(&format!("{indent}{} ({:?}) {detail} [{selects}]\n", s.name, s.kind));
                walk(&s.children, text, depth + 1, out);
            }
        }
        let mut out = String::new();
        walk(symbols, text, 0, &mut out);
        out
    }
}
