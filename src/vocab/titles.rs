//! The review's own words settle a disease abbreviation that names several diseases
//! (`AD`: Alzheimer disease or atopic dermatitis), as a paper's first use of an
//! abbreviation does: when the titles of the workspace's `review` and `section`
//! statements name exactly one of the candidates by a word of its names that no other
//! candidate has (`Alzheimer` in "Mechanisms and therapies of Alzheimer's and
//! Parkinson's disease"), the name is that candidate. Only where every candidate is a
//! context: a gene alias is never settled so. Titles that name two candidates, or
//! none, settle nothing: the name stays `ambiguous-name`. Hover and `evn explain` say
//! which title word decided (`Vocabulary::settled_by_titles`).

use rustc_hash::FxHashSet;

use super::lookup::{Lookup, Position};
use super::{Resolved, Vocabulary};
use crate::syntax::ast::Kind;

/// Words that name no disease by themselves, shared by too many names to decide.
const GENERIC: &[&str] = &[
    "disease",
    "diseases",
    "disorder",
    "disorders",
    "syndrome",
    "syndromes",
    "type",
    "with",
    "from",
    "human",
    "patients",
    "therapy",
    "therapies",
    "treatment",
    "review",
    "chronic",
    "acute",
    "severe",
    "early",
    "late",
    "onset",
    "associated",
    "related",
    "primary",
    "secondary",
    "mechanisms",
    "susceptibility",
    "familial",
    "form",
    "forms",
];

/// The words of the titles, folded: lower case, `'s` dropped, at least four letters.
#[derive(Clone, Debug, Default)]
pub(crate) struct TitleWords {
    words: FxHashSet<String>,
}

/// The words of a text as [`TitleWords`] keeps them.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| {
            let w = w.trim_matches('\'');
            let w = w.strip_suffix("'s").unwrap_or(w);
            w.to_lowercase()
        })
        .filter(|w| w.chars().count() >= 4 && !GENERIC.contains(&w.as_str()))
}

impl TitleWords {
    pub(crate) fn add(&mut self, title: &str) {
        self.words.extend(words(title));
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Vocabulary {
    /// The one candidate the titles name, and the title word that names it: see the
    /// module's documentation.
    pub fn settled_by_titles(&self, candidates: &[Resolved]) -> Option<(Resolved, String)> {
        if self.titles.is_empty()
            || candidates.len() < 2
            || candidates.iter().any(|&c| self.kind_of(c) != Kind::Context)
        {
            return None;
        }
        let of: Vec<FxHashSet<String>> = candidates
            .iter()
            .map(|&c| self.names_of(c).iter().flat_map(|n| words(n)).collect())
            .collect();
        let mut named = None;
        for (i, own) in of.iter().enumerate() {
            let word = own
                .iter()
                .filter(|w| self.titles.words.contains(*w))
                .find(|w| of.iter().enumerate().all(|(j, other)| j == i || !other.contains(*w)));
            if let Some(word) = word {
                if named.is_some() {
                    return None;
                }
                named = Some((candidates[i], word.clone()));
            }
        }
        named
    }

    /// For hover: when the titles settled `name` in `position`, the title word that did
    /// and the other candidates it could have meant.
    pub fn settled_reading(
        &self,
        name: &str,
        position: Position,
    ) -> Option<(String, Vec<Resolved>)> {
        match self.find_unsettled(name, position)? {
            Lookup::Ambiguous(candidates) => {
                let (one, word) = self.settled_by_titles(&candidates)?;
                Some((word, candidates.into_iter().filter(|&c| c != one).collect()))
            }
            _ => None,
        }
    }

    /// `lookup`, with an ambiguity the titles settle settled.
    pub(super) fn settle_by_titles(&self, lookup: Lookup) -> Lookup {
        match lookup {
            Lookup::Ambiguous(candidates) => match self.settled_by_titles(&candidates) {
                Some((one, _)) => Lookup::Found(one, super::lookup::Match::Alias),
                None => Lookup::Ambiguous(candidates),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_words_are_folded() {
        let mut t = TitleWords::default();
        t.add("Mechanisms and therapies of Alzheimer's and Parkinson's disease");
        let mut got: Vec<&str> = t.words.iter().map(String::as_str).collect();
        got.sort_unstable();
        assert_eq!(got, ["alzheimer", "parkinson"]);
    }
}
