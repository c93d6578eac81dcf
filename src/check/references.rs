//! The references of the document set: every `ref` of the `.evn` files (in file order),
//! then every BibTeX entry (in `bibliography` order), with the rules about them:
//! `duplicate-reference`, `invalid-identifier`, `duplicate-doi` and
//! `retracted-reference`.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::rules::duplicate_doi::Shared;
use super::{identifiers, retractions, rules, FileAnalysis, Source, SourceKind};
use crate::diagnostic::{Diagnostic, FileId};
use crate::syntax::ast::{CiteKey, StatementKind};
use crate::text::{ShortMap, Span};
use crate::vocab::Suggestion;

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
    /// The `doi`, as written (a `ref`'s string value, a BibTeX field's text).
    pub doi: Option<Identifier>,
    /// The `pmid`, as written.
    pub pmid: Option<Identifier>,
    pub bibtex: bool,
}

/// A reference's DOI or PMID as written, with the span of its value (a `ref`'s string or
/// number, a BibTeX field's value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identifier {
    pub text: String,
    pub span: Span,
}

/// Every reference definition, and the first one of each key.
#[derive(Default)]
pub struct References {
    pub defs: Vec<ReferenceDef>,
    /// The first definition of each key: looked up for every cite key of every claim.
    first: ShortMap<u32>,
    /// The index of the first definition of each key, in definition order: the keys
    /// "did you mean" offers.
    firsts: Vec<u32>,
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
                    doi: r.doi.map(|d| Identifier { text: d.value(source.text), span: d.span }),
                    pmid: r
                        .pmid
                        .map(|p| Identifier { text: p.text(source.text).to_string(), span: p }),
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
                    doi: entry
                        .doi
                        .as_ref()
                        .map(|f| Identifier { text: f.text.clone(), span: f.span }),
                    pmid: entry
                        .pmid
                        .as_ref()
                        .map(|f| Identifier { text: f.text.clone(), span: f.span }),
                    bibtex: true,
                };
                push(def, &mut references);
            }
        }
        references.first = ShortMap::new(first.iter().map(|(key, &index)| (key.as_str(), index)));
        references.firsts = first.values().copied().collect();
        references.firsts.sort_unstable();
        diagnostics.extend(references.identifiers());
        (references, diagnostics)
    }

    /// `invalid-identifier` on every definition, then `duplicate-doi` and
    /// `retracted-reference` on the first definition of each key (the one its cites
    /// mean), with the identifiers that are well formed: one mistake, one diagnostic.
    fn identifiers(&self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut by_doi: FxHashMap<String, u32> = FxHashMap::default();
        let mut by_pmid: FxHashMap<u64, u32> = FxHashMap::default();
        for (index, def) in self.defs.iter().enumerate() {
            let index = index as u32;
            let doi = def.doi.as_ref().and_then(|doi| match identifiers::doi(&doi.text) {
                Ok(bare) => Some(identifiers::doi_key(bare)),
                Err(why) => {
                    diagnostics.push(rules::invalid_identifier::doi(
                        def.file,
                        doi.span,
                        &doi.text,
                        why,
                        !def.bibtex,
                    ));
                    None
                }
            });
            let pmid = def.pmid.as_ref().and_then(|pmid| match identifiers::pmid(&pmid.text) {
                Ok(number) => Some(number),
                Err(why) => {
                    diagnostics.push(rules::invalid_identifier::pmid(def.file, pmid, why));
                    None
                }
            });
            if !self.is_first(index) {
                continue;
            }
            let mut earlier: Vec<(u32, Shared)> = Vec::new();
            if let Some(doi) = doi {
                match by_doi.entry(doi) {
                    Entry::Occupied(first) => earlier.push((*first.get(), Shared::Doi)),
                    Entry::Vacant(slot) => {
                        slot.insert(index);
                    }
                }
            }
            if let Some(pmid) = pmid {
                match by_pmid.entry(pmid) {
                    Entry::Occupied(first) => match earlier.first_mut() {
                        Some((same, shared)) if *same == *first.get() => *shared = Shared::Both,
                        _ => earlier.push((*first.get(), Shared::Pmid)),
                    },
                    Entry::Vacant(slot) => {
                        slot.insert(index);
                        // Reported once per PMID, on its first reference (a repeat is
                        // `duplicate-doi`'s). The list is read here, for the first valid
                        // PMID of the workspace, and only then.
                        if retractions::is_retracted(pmid) {
                            diagnostics.push(rules::retracted_reference::diagnostic(def, pmid));
                        }
                    }
                }
            }
            let earlier: Vec<(&ReferenceDef, Shared)> = earlier
                .into_iter()
                .filter_map(|(first, shared)| Some((self.get(first)?, shared)))
                .collect();
            if !earlier.is_empty() {
                diagnostics.push(rules::duplicate_doi::diagnostic(def, &earlier));
            }
        }
        diagnostics
    }

    /// The defined keys closest to the unknown cite key `key`, best first (spec §11 O:
    /// `smith2017` → `smith2016`; [`crate::vocab::closest_keys`]).
    pub fn suggest(&self, key: &str, limit: usize) -> Vec<Suggestion> {
        let keys = self.firsts.iter().filter_map(|&i| self.get(i)).map(|d| d.key.as_str());
        crate::vocab::closest_keys(key, keys, limit)
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
    pub fn cited(&self, src: &str, key: CiteKey) -> Cited {
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

#[cfg(test)]
mod tests {
    use crate::check::{analyze, Options, Source, SourceKind};
    use crate::diagnostic::{Diagnostic, Rule};

    /// The diagnostics of a `.evn` text and a BibTeX text, without the namespaces.
    fn check(evn: &str, bib: &str) -> Vec<Diagnostic> {
        let sources = [
            Source { text: evn, kind: SourceKind::Evn, invalid_utf8: &[] },
            Source { text: bib, kind: SourceKind::Bib, invalid_utf8: &[] },
        ];
        let options = Options { references: Vec::new(), ..Options::default() };
        analyze(&sources, &options).diagnostics
    }

    fn of(diagnostics: &[Diagnostic], rule: Rule) -> Vec<String> {
        diagnostics.iter().filter(|d| d.rule == rule).map(|d| d.message.to_string()).collect()
    }

    #[test]
    fn the_same_doi_or_pmid_under_two_keys_across_ref_and_bibtex() {
        let evn = "carrier SLN(talazoparib) downregulates ABCB1 cite(a, b, c)\n\
                   ref a \"A\" doi \"10.5555/X.1\" pmid 1000001\n\
                   ref b \"B\" doi \"10.5555/evn.2\"\n";
        let bib = "@article{c, doi = {https://doi.org/10.5555/x.1}}\n\
                   @article{d, pmid = {1000001}}\n\
                   @article{e, doi = {10.5555/EVN.2}, pmid = {1000001}}\n";
        let found = check(evn, bib);
        assert_eq!(
            of(&found, Rule::DuplicateDoi),
            [
                "reference `c` has the same DOI as `a` (`https://doi.org/10.5555/x.1`)",
                "reference `d` has the same PMID as `a` (1000001)",
                "reference `e` has the same DOI as `b` (`10.5555/EVN.2`) and the same PMID as `a` (1000001)",
            ]
        );
        // On the later key, in the BibTeX file, with each earlier key as related.
        let e = found
            .iter()
            .find(|d| d.rule == Rule::DuplicateDoi && d.message.to_string().contains("`e`"))
            .unwrap();
        assert_eq!((e.file, e.span.text(bib)), (1, "e"));
        let related: Vec<&str> = e.related.iter().map(|r| r.span.text(evn)).collect();
        assert_eq!(related, ["b", "a"]);
    }

    #[test]
    fn a_retracted_pmid_is_reported_once_on_its_first_key() {
        let evn = "carrier SLN(talazoparib) downregulates ABCB1 cite(w, x, y)\n\
                   ref w \"Wakefield 1998\" pmid 9500320\n\
                   ref x \"Not retracted\" pmid 9500321\n";
        let bib = "@article{y, eprinttype = {pubmed}, eprint = {9500320}}\n";
        let found = check(evn, bib);
        let retracted: Vec<&Diagnostic> =
            found.iter().filter(|d| d.rule == Rule::RetractedReference).collect();
        assert_eq!(retracted.len(), 1, "{found:?}");
        assert_eq!(retracted[0].span.text(evn), "w");
        assert_eq!(
            of(&found, Rule::DuplicateDoi),
            ["reference `y` has the same PMID as `w` (9500320)"]
        );
    }

    #[test]
    fn malformed_identifiers_are_errors_on_the_value_and_take_no_part() {
        let evn = "review \"R\" doi \"doi.org/10.5555/r\"\n\
                   carrier SLN(talazoparib) downregulates ABCB1 cite(a, b, c)\n\
                   ref a \"A\" doi \"5555/a\" pmid 4.1\n\
                   ref b \"B\" doi \"5555/a\" pmid 0\n\
                   ref c \"C\" pmid 0012\n";
        let found = check(evn, "@article{d, doi = {DOI 10.5555/d}}\n");
        let invalid: Vec<&Diagnostic> =
            found.iter().filter(|d| d.rule == Rule::InvalidIdentifier).collect();
        let spans: Vec<&str> =
            invalid.iter().filter(|d| d.file == 0).map(|d| d.span.text(evn)).collect();
        assert_eq!(spans, ["\"doi.org/10.5555/r\"", "\"5555/a\"", "4.1", "\"5555/a\"", "0"]);
        // The same malformed DOI twice is not a duplicate.
        assert!(of(&found, Rule::DuplicateDoi).is_empty(), "{found:?}");
        // A DOI inside the text is named; a `.evn` string gets a fix, a BibTeX field not.
        let review = invalid[0];
        assert!(review.message.to_string().ends_with("did you mean `10.5555/r`?"), "{review:?}");
        assert_eq!(review.fix.as_ref().unwrap().edits[0].text, "\"10.5555/r\"");
        let bib = invalid.iter().find(|d| d.file == 1).unwrap();
        assert!(bib.message.to_string().ends_with("did you mean `10.5555/d`?"));
        assert!(bib.fix.is_none());
    }

    #[test]
    fn an_unknown_key_names_the_closest_and_fixes_only_a_slip() {
        let evn = "carrier SLN(talazoparib) downregulates ABCB1 cite(smith2016, jones2020)\n\
                   carrier SLN(talazoparib) downregulates ABCG2 cite(smith2017)\n\
                   carrier SLN(talazoparib) downregulates ABCC1 cite(smtih2016)\n\
                   carrier SLN(talazoparib) downregulates BCL2 cite(Jones2020)\n\
                   carrier SLN(talazoparib) downregulates MCL1 cite(97)\n\
                   ref smith2016 \"S\"\n\
                   ref jones2020 \"J\"\n";
        let found = check(evn, "");
        let unknown: Vec<(&str, Option<String>)> = found
            .iter()
            .filter(|d| d.rule == Rule::UnknownReference)
            .map(|d| (d.message.as_str(), d.fix.as_ref().map(|f| f.edits[0].text.clone())))
            .collect();
        assert_eq!(
            unknown,
            [
                ("unknown reference `smith2017`; did you mean `smith2016`?", None),
                (
                    "unknown reference `smtih2016`; did you mean `smith2016`?",
                    Some("smith2016".into())
                ),
                (
                    "unknown reference `Jones2020`; did you mean `jones2020`?",
                    Some("jones2020".into())
                ),
                ("unknown reference `97`", None),
            ]
        );
    }
}
