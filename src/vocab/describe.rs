//! What is known of a resolved name, whatever layer it comes from, as plain data:
//! hover and `evn explain` render it.

use super::reference::gene_full_name;
use super::table::NameTable;
use super::{Reference, Resolved, Species, Vocabulary};
use crate::syntax::ast::Kind;

/// Everything hover and `evn explain` say of one resolved name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    pub canonical: String,
    pub kind: Kind,
    /// `workspace`, `prelude`, `genes:human`, `drugs`, ...
    pub source: String,
    /// What the namespace calls an entry (`cell line`), for reference entries.
    pub noun: Option<&'static str>,
    /// A gene's full name (HGNC), for a gene or a curated target that is one.
    pub full_name: Option<String>,
    pub description: Option<String>,
    pub aliases: Vec<String>,
    /// `efflux:down`, ...
    pub roles: Vec<String>,
    pub classes: Vec<String>,
    /// For a derived name (spec §11 B): how it was read, "knock-down of BRAF (derived:
    /// si/sh + gene)", and its base's canonical name.
    pub derived: Option<(String, String)>,
}

impl Vocabulary {
    pub fn describe(&self, resolved: Resolved) -> Description {
        match resolved {
            Resolved::Entry(id) => {
                let Some(entry) = self.entry(id) else {
                    return Description::empty(Kind::Target, String::new());
                };
                let source = match entry.layer {
                    super::Layer::Workspace => "workspace",
                    super::Layer::Prelude => "prelude",
                    super::Layer::Reference => "reference",
                };
                Description {
                    canonical: entry.name.clone(),
                    kind: entry.kind,
                    source: source.to_string(),
                    noun: None,
                    full_name: (entry.kind == Kind::Target)
                        .then(|| gene_full_name(&entry.name))
                        .flatten()
                        .map(String::from),
                    description: entry.description.clone(),
                    aliases: entry.aliases.clone(),
                    roles: entry.roles.iter().map(|r| entry.role_label(r)).collect(),
                    classes: entry.classes.clone(),
                    derived: None,
                }
            }
            Resolved::Gene(species, gene) => {
                let table = NameTable::get(species);
                let symbol = table.symbol(gene);
                let full_name = match species {
                    Species::Human => gene_full_name(symbol).map(String::from),
                    Species::Mouse => None,
                };
                Description {
                    full_name,
                    aliases: table.aliases(gene).map(String::from).collect(),
                    noun: Some("gene"),
                    ..Description::empty(Kind::Target, format!("genes:{}", species.name()))
                        .named(symbol)
                }
            }
            Resolved::Derived(id) => {
                let Some(d) = self.derived(id) else {
                    return Description::empty(Kind::Target, String::new());
                };
                Description {
                    classes: self.classes_of(resolved).into_iter().map(String::from).collect(),
                    noun: Some("derived name"),
                    derived: Some((
                        format!("{} (derived: {})", d.reading, d.how),
                        self.canonical_name(d.base).to_string(),
                    )),
                    ..Description::empty(d.kind, "derived".to_string()).named(&d.name)
                }
            }
            Resolved::Reference(reference, id) => {
                let table = reference.table();
                let info = reference.info(id);
                let classes: Vec<String> =
                    info.map_or_else(Vec::new, |i| i.classes().map(String::from).collect());
                // A cell line is called one in whichever namespace it is (the lines
                // curated in `models` as those of `cell-lines`).
                let noun = if classes.iter().any(|c| c == "cell-line") {
                    Reference::CellLines.noun()
                } else {
                    reference.noun()
                };
                Description {
                    description: info.map(|i| i.description.to_string()).filter(|d| !d.is_empty()),
                    classes,
                    aliases: table.aliases(id).map(String::from).collect(),
                    noun: Some(noun),
                    ..Description::empty(reference.kind(), reference.name().to_string())
                        .named(table.symbol(id))
                }
            }
        }
    }
}

impl Description {
    fn empty(kind: Kind, source: String) -> Description {
        Description {
            canonical: String::new(),
            kind,
            source,
            noun: None,
            full_name: None,
            description: None,
            aliases: Vec::new(),
            roles: Vec::new(),
            classes: Vec::new(),
            derived: None,
        }
    }

    fn named(self, canonical: &str) -> Description {
        Description { canonical: canonical.to_string(), ..self }
    }

    /// The canonical name as it is written in a claim: in backticks when it is not a
    /// NAME (`` `non-small cell lung carcinoma` ``).
    pub fn written(&self) -> String {
        written(&self.canonical)
    }
}

/// A name as it is written in a claim: as it is when it lexes as one NAME, else in
/// backticks.
pub fn written(name: &str) -> String {
    match crate::syntax::lexer::tokens(name, 0).as_slice() {
        [(crate::syntax::lexer::Token::Name, span)] if span.len() as usize == name.len() => {
            name.to_string()
        }
        _ => format!("`{name}`"),
    }
}
