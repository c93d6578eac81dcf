//! The references of the document set: every `ref` of the `.evn` files (in file order),
//! then every BibTeX entry (in `bibliography` order), with `duplicate-reference`.

use rustc_hash::FxHashMap;

use super::{FileAnalysis, Source, SourceKind};
use crate::diagnostic::{Diagnostic, FileId};
use crate::syntax::ast::{Key, StatementKind};
use crate::text::{ShortMap, Span};

/// One definition of a reference key.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceDef {
    pub key: String,
    pub file: FileId,
    pub key_span: Span,
    /// The `ref` statement or the BibTeX entry.
    pub span: Span,
    /// The `ref`'s text, or the BibTeX title.
    pub text: String,
    pub author: Option<String>,
    pub year: Option<String>,
    pub bibtex: bool,
}

/// Every reference definition, and the first one of each key.
#[derive(Default)]
pub struct References {
    pub defs: Vec<ReferenceDef>,
    /// The first definition of each key: looked up for every cite key of every claim.
    first: ShortMap<u32>,
}

impl References {
    pub fn build(sources: &[Source<'_>], files: &[FileAnalysis]) -> (References, Vec<Diagnostic>) {
        let mut references = References::default();
        let mut diagnostics = Vec::new();
        let mut first: FxHashMap<String, u32> = FxHashMap::default();
        let mut push = |def: ReferenceDef, references: &mut References| {
            let index = references.defs.len() as u32;
            match first.get(&def.key) {
                Some(&first) => {
                    if let Some(first) = references.defs.get(first as usize) {
                        diagnostics
                            .push(super::rules::duplicate_reference::diagnostic(&def, first));
                    }
                }
                None => {
                    first.insert(def.key.clone(), index);
                }
            }
            references.defs.push(def);
        };
        let evn =
            files.iter().zip(sources).enumerate().filter(|(_, (f, _))| f.kind == SourceKind::Evn);
        for (file, (analysis, source)) in evn {
            for statement in &analysis.declarations.statements {
                let StatementKind::Reference(r) = &statement.kind else { continue };
                let def = ReferenceDef {
                    key: r.key.text(source.text).to_string(),
                    file: file as FileId,
                    key_span: r.key.span(),
                    span: statement.span,
                    text: r.text.value(source.text),
                    author: None,
                    year: r.year.map(|y| y.text(source.text).to_string()),
                    bibtex: false,
                };
                push(def, &mut references);
            }
        }
        let bib = files.iter().enumerate().filter(|(_, f)| f.kind == SourceKind::Bib);
        for (file, analysis) in bib {
            for entry in &analysis.bib {
                let def = ReferenceDef {
                    key: entry.key.clone(),
                    file: file as FileId,
                    key_span: entry.key_span,
                    span: entry.span,
                    text: entry.title.clone().unwrap_or_default(),
                    author: entry.author.clone(),
                    year: entry.year.clone(),
                    bibtex: true,
                };
                push(def, &mut references);
            }
        }
        references.first = ShortMap::new(first.iter().map(|(key, &index)| (key.as_str(), index)));
        (references, diagnostics)
    }

    pub fn len(&self) -> usize {
        self.defs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The index of the first definition of `key`.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.first.get(key).copied()
    }

    pub fn get(&self, index: u32) -> Option<&ReferenceDef> {
        self.defs.get(index as usize)
    }

    /// What the cite key `key` of `src` names: the reference of that key, else, for a
    /// range key, each of its numbers with its reference if there is one.
    pub fn cited(&self, src: &str, key: Key) -> Cited {
        let span = key.name.text_span(src);
        if let Some(&index) =
            self.first.get_in(src.as_bytes(), span.start as usize, span.len() as usize)
        {
            return Cited::One(index);
        }
        match range(span.text(src)) {
            Some(numbers) => Cited::Range(
                numbers
                    .map(|number| {
                        let number = number.to_string();
                        let found = self.find(&number);
                        (number, found)
                    })
                    .collect(),
            ),
            None => Cited::Unknown,
        }
    }

    /// Whether the definition at `index` is the first of its key.
    pub fn is_first(&self, index: u32) -> bool {
        self.defs.get(index as usize).is_some_and(|d| self.first.get(&d.key) == Some(&index))
    }
}

/// What a cite key names ([`References::cited`]).
pub enum Cited {
    /// The reference at this index.
    One(u32),
    /// A range key `70-72`: each number, with its reference's index if it has one.
    Range(Vec<(String, Option<u32>)>),
    /// No reference, and not a range.
    Unknown,
}

/// The numbers of a range key `70-72`, if it is one (at most 1,000 numbers).
pub fn range(key: &str) -> Option<std::ops::RangeInclusive<u64>> {
    let (a, b) = key.split_once('-')?;
    if a.is_empty()
        || b.is_empty()
        || !a.bytes().all(|c| c.is_ascii_digit())
        || !b.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (a, b): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    (a <= b && b - a <= 1000).then_some(a..=b)
}
