//! IDE features as pure functions over an [`Analysis`] and byte offsets: completion,
//! hover, definition, references, rename, symbols, semantic tokens, inlay hints,
//! folding and code actions. No IO and no LSP types: the server only converts.

pub mod code_actions;
pub mod completion;
pub mod definition;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;

use crate::check::{relations, Analysis};
use crate::diagnostic::FileId;
use crate::syntax::ast::{Ast, Composition, Kind, Name, StatementKind, Subject};
use crate::text::Span;
use crate::vocab::{EntryId, Lookup, Position, Resolved};

/// The texts of an analysed document set, by [`FileId`]: what every `ide` function
/// reads next to the [`Analysis`].
#[derive(Clone, Copy)]
pub struct World<'a> {
    pub analysis: &'a Analysis,
    pub texts: &'a [&'a str],
}

impl<'a> World<'a> {
    pub fn text(&self, file: FileId) -> &'a str {
        self.texts.get(file as usize).copied().unwrap_or("")
    }

    pub fn ast(&self, file: FileId) -> Option<&'a Ast> {
        self.analysis.files.get(file as usize).map(|f| &*f.ast)
    }

    /// What a name in a position resolves to (an ambiguous name to nothing).
    pub fn resolve(&self, text: &str, position: Position) -> Option<Resolved> {
        match self.analysis.vocabulary.lookup(text, position) {
            Lookup::Found(resolved, _) => Some(resolved),
            _ => None,
        }
    }
}

/// A place in the document set: a file and a byte span in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileSpan {
    pub file: FileId,
    pub span: Span,
}

/// A place in a file or in the prelude (which is no file of the document set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    File(FileSpan),
    /// A span of [`crate::vocab::prelude::SOURCE`].
    Prelude(Span),
}

/// What a name of a statement is, for the features that look at one name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A name that is looked up in a position (spec §4).
    Use(Position),
    /// The name defined by a `define` of this kind.
    Defined(Kind),
    /// An alias given by `aka` in a `define` of this kind.
    Alias(Kind),
    /// A class named by `is`.
    Class,
    /// The relation word of a claim.
    Relation,
    /// A key inside `cite(...)`.
    Cite,
    /// The key of a `ref`.
    RefKey,
}

/// One name of a statement, with its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub name: Name,
    pub role: Role,
    /// The index of the statement in its file's AST.
    pub statement: usize,
}

fn composition(ast: &Ast, c: &Composition, statement: usize, out: &mut Vec<Occurrence>) {
    out.push(Occurrence {
        name: ast.name(c.head),
        role: Role::Use(Position::CarrierHead),
        statement,
    });
    for &name in ast.names_in(c.payload) {
        out.push(Occurrence { name, role: Role::Use(Position::Payload), statement });
    }
    for &name in ast.names_in(c.with) {
        out.push(Occurrence { name, role: Role::Use(Position::With), statement });
    }
}

/// Every name of statement `index`, in no particular order.
pub fn occurrences_in(ast: &Ast, src: &str, index: usize, out: &mut Vec<Occurrence>) {
    let Some(statement) = ast.statements.get(index) else { return };
    let mut push = |name: Name, role: Role| out.push(Occurrence { name, role, statement: index });
    match &statement.kind {
        StatementKind::Section(s) => {
            if let Some(via) = s.via {
                push(ast.name(via), Role::Use(Position::Mechanism));
            }
        }
        StatementKind::Reference(r) => push(r.key.name, Role::RefKey),
        StatementKind::Definition(d) => {
            push(ast.name(d.name), Role::Defined(d.kind));
            for &alias in ast.names_in(d.aliases) {
                push(alias, Role::Alias(d.kind));
            }
            for &class in ast.names_in(d.classes) {
                // A context's class that is a context is looked up as one (spec §4).
                let role = if d.kind == Kind::Context {
                    Role::Use(Position::Context)
                } else {
                    Role::Class
                };
                push(class, role);
            }
            for role in &d.roles {
                push(ast.name(role.mechanism), Role::Use(Position::Mechanism));
            }
            if let Some(c) = &d.composition {
                composition(ast, c, index, out);
            }
        }
        StatementKind::Claim(c) => {
            match c.subject {
                Subject::Carrier(comp) => composition(ast, &comp, index, out),
                Subject::Drug(names) => {
                    for &name in ast.names_in(names) {
                        push(name, Role::Use(Position::DrugSubject));
                    }
                }
                Subject::Name(name) => push(ast.name(name), Role::Use(Position::Subject)),
            }
            let mut push =
                |name: Name, role: Role| out.push(Occurrence { name, role, statement: index });
            push(ast.name(c.relation), Role::Relation);
            let objects = relations::object_position(ast.name(c.relation).text(src));
            for &name in ast.names_in(c.objects) {
                push(name, Role::Use(objects));
            }
            for &name in ast.names_in(c.contexts) {
                push(name, Role::Use(Position::Context));
            }
            for &name in ast.names_in(c.stimuli) {
                push(name, Role::Use(Position::Stimulus));
            }
            if let Some(via) = c.via {
                push(ast.name(via), Role::Use(Position::Mechanism));
            }
            // `vs` names resolve as drugs, `through` names as targets or processes.
            for &name in ast.names_in(c.design().comparators) {
                push(name, Role::Use(Position::DrugSubject));
            }
            for &name in ast.names_in(c.design().mediators) {
                push(name, Role::Use(Position::Object));
            }
            for key in ast.keys_in(c.cites) {
                push(key.name, Role::Cite);
            }
        }
        StatementKind::Relation(r) => push(ast.name(r.word), Role::Relation),
        StatementKind::Review(_) | StatementKind::Error => {}
    }
}

/// Every name of a file, in no particular order.
pub fn occurrences(ast: &Ast, src: &str) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for index in 0..ast.statements.len() {
        occurrences_in(ast, src, index, &mut out);
    }
    out
}

/// The index of the statement whose span touches `offset`, if any.
pub fn statement_at(ast: &Ast, offset: u32) -> Option<usize> {
    let i = ast.statements.partition_point(|s| s.span.start <= offset);
    let index = i.checked_sub(1)?;
    ast.statements.get(index).filter(|s| s.span.touches(offset)).map(|_| index)
}

/// The name under the cursor at `offset`.
pub fn occurrence_at(ast: &Ast, src: &str, offset: u32) -> Option<Occurrence> {
    let index = statement_at(ast, offset)?;
    let mut found = Vec::new();
    occurrences_in(ast, src, index, &mut found);
    // Prefer a name that contains the offset over one that ends at it.
    found
        .iter()
        .find(|o| o.name.span.contains(offset))
        .or_else(|| found.iter().find(|o| o.name.span.touches(offset)))
        .copied()
}

/// The entity a name stands for: what find-references, rename and definition follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    Resolved(Resolved),
    /// A cite key or `ref` key (the same key).
    CiteKey(String),
}

/// The entity of an occurrence, if it has one.
pub fn symbol_of(world: &World<'_>, file: FileId, occurrence: &Occurrence) -> Option<Symbol> {
    let text = occurrence.name.text(world.text(file));
    match occurrence.role {
        Role::Use(position) => world.resolve(text, position).map(Symbol::Resolved),
        Role::Defined(_) | Role::Alias(_) => {
            defined_entry(world, file, occurrence).map(|e| Symbol::Resolved(Resolved::Entry(e)))
        }
        Role::Cite | Role::RefKey => Some(Symbol::CiteKey(text.to_string())),
        Role::Class | Role::Relation => None,
    }
}

/// The workspace entry a `define` statement (name or alias) made.
pub fn defined_entry(world: &World<'_>, file: FileId, occurrence: &Occurrence) -> Option<EntryId> {
    let ast = world.ast(file)?;
    let statement = ast.statements.get(occurrence.statement)?;
    world
        .analysis
        .vocabulary
        .entries
        .iter()
        .position(|e| e.origin.file == Some(file) && e.origin.statement == statement.span)
        .map(|i| i as EntryId)
}

/// Every place where the entity stands, across the document set, with the role of each.
pub fn find_symbol(world: &World<'_>, symbol: &Symbol) -> Vec<(FileSpan, Occurrence)> {
    let mut out = Vec::new();
    for (file, analysed) in world.analysis.files.iter().enumerate() {
        let file = file as FileId;
        let text = world.text(file);
        for occurrence in occurrences(&analysed.ast, text) {
            let matches = match (symbol, occurrence.role) {
                (Symbol::CiteKey(key), Role::Cite | Role::RefKey) => {
                    occurrence.name.text(text) == key
                }
                (Symbol::Resolved(_), Role::Cite | Role::RefKey | Role::Class | Role::Relation) => {
                    false
                }
                (Symbol::CiteKey(_), _) => false,
                (Symbol::Resolved(_), _) => {
                    symbol_of(world, file, &occurrence).as_ref() == Some(symbol)
                }
            };
            if matches {
                out.push((FileSpan { file, span: occurrence.name.span }, occurrence));
            }
        }
    }
    out.sort_by_key(|(place, _)| *place);
    out
}

/// A short excerpt of a statement for labels: its first line, at most `max` chars.
pub fn excerpt(text: &str, span: Span, max: usize) -> String {
    let line = span.text(text).lines().next().unwrap_or("").trim();
    if line.chars().count() <= max {
        return line.to_string();
    }
    let mut out: String = line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A name as it must be written in EVN: bare when it lexes as one name, otherwise in
/// backticks.
pub fn written(name: &str) -> String {
    use crate::syntax::lexer::{tokens, Token};
    let lexed = tokens(name, 0);
    match lexed.as_slice() {
        [(Token::Name | Token::Number, span)] if span.len() as usize == name.len() => {
            name.to_string()
        }
        _ => format!("`{name}`"),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::check::{analyze, Analysis, Options, Source, SourceKind};

    /// Analyses sources (all `.evn`) with the default options.
    pub fn analyse(texts: &[&str]) -> Analysis {
        let sources: Vec<Source<'_>> = texts
            .iter()
            .map(|t| Source { text: t, kind: SourceKind::Evn, invalid_utf8: &[] })
            .collect();
        analyze(&sources, &Options::default())
    }

    /// Splits `$0` out of a text: the text and the cursor offset.
    pub fn cursor(text: &str) -> (String, u32) {
        let at = text.find("$0").expect("a $0 marker");
        (text.replacen("$0", "", 1), at as u32)
    }
}
