//! "Did you mean": close names of the same namespaces, by Damerau–Levenshtein
//! distance (strsim), written as the user would write them (an alias stays an alias),
//! curated entries before gene-namespace entries at equal distance.

use super::lookup::Position;
use super::Vocabulary;

/// A close name, best first in [`Vocabulary::suggest`]'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub text: String,
    pub distance: usize,
}

/// How far a suggestion may be: a third of the name's length, at least one edit
/// (the threshold rustc uses for its own "did you mean").
fn max_distance(name: &str) -> usize {
    name.chars().count().max(3) / 3
}

fn lowercase_chars(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Counts of the characters of a lowercased name, folded into 64 bins.
type Bag = [i16; 64];

fn bag(lowercase: impl Iterator<Item = char>) -> Bag {
    let mut bag = [0i16; 64];
    for c in lowercase {
        let slot = &mut bag[(c as usize) % 64];
        *slot = slot.saturating_add(1);
    }
    bag
}

/// A lower bound of the Damerau–Levenshtein distance, without allocating: an insertion
/// or deletion changes the character counts by one, a substitution by two, a
/// transposition not at all, so the distance is at least half their difference (folding
/// characters into bins only lowers the difference). Checking it first keeps "did you
/// mean" against the gene namespaces (some 100,000 names) from costing a second per
/// unknown name: the full distance is computed for the few candidates it lets through.
fn distance_at_least(target: &Bag, candidate: &str) -> usize {
    let other = bag(candidate.chars().flat_map(char::to_lowercase));
    let difference: usize = target.iter().zip(&other).map(|(a, b)| usize::from(a.abs_diff(*b))).sum();
    difference.div_ceil(2)
}

impl Vocabulary {
    /// Close names for an unknown `name` in `position`, best first (at most `limit`).
    pub fn suggest(&self, name: &str, position: Position, limit: usize) -> Vec<Suggestion> {
        let target = lowercase_chars(name);
        let target_bag = bag(target.iter().copied());
        let max = max_distance(name);
        let kinds = position.kinds();
        let mut found: Vec<(usize, u8, String)> = Vec::new();
        let mut consider = |candidate: &str, rank: u8, best: &mut usize| {
            let len = candidate.chars().count();
            if len.abs_diff(target.len()) > max || distance_at_least(&target_bag, candidate) > max {
                return;
            }
            let distance = strsim::generic_damerau_levenshtein(&target, &lowercase_chars(candidate));
            if distance <= max && distance > 0 {
                *best = (*best).min(distance);
                found.push((distance, rank, candidate.to_string()));
            }
        };
        let mut best = usize::MAX;
        for entry in self.entries.iter().filter(|e| kinds.contains(&e.kind)) {
            consider(&entry.name, 0, &mut best);
            for alias in &entry.aliases {
                consider(alias, 0, &mut best);
            }
        }
        // Gene names can only win with a strictly smaller distance than a curated one.
        if position.takes_genes() && best > 1 {
            for table in self.genes.iter().map(|&s| super::genes::GeneTable::get(s)) {
                for (gene_name, _, _) in table.names() {
                    if gene_name.len().abs_diff(name.len()) > max + 2 {
                        continue;
                    }
                    consider(gene_name, 1, &mut best);
                }
            }
        }
        found.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
        found.dedup_by(|a, b| a.2 == b.2);
        found.truncate(limit);
        found.into_iter().map(|(distance, _, text)| Suggestion { text, distance }).collect()
    }
}

/// The closest of a fixed list of words (relation words), within the same threshold.
pub fn closest<'w>(name: &str, words: &[&'w str]) -> Option<&'w str> {
    let target = lowercase_chars(name);
    let max = max_distance(name);
    words
        .iter()
        .map(|w| (strsim::generic_damerau_levenshtein(&target, &lowercase_chars(w)), *w))
        .filter(|(d, _)| *d <= max)
        .min()
        .map(|(_, w)| w)
}

/// Whether exactly one word of `words` is at the smallest distance within the
/// threshold (a fix is offered only then).
pub fn closest_is_unique(name: &str, words: &[&str]) -> bool {
    let target = lowercase_chars(name);
    let max = max_distance(name);
    let mut distances: Vec<usize> = words
        .iter()
        .map(|w| strsim::generic_damerau_levenshtein(&target, &lowercase_chars(w)))
        .filter(|d| *d <= max)
        .collect();
    distances.sort_unstable();
    match distances.as_slice() {
        [] => false,
        [_] => true,
        [first, second, ..] => first < second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cheap_bound_never_exceeds_the_distance() {
        let pairs = [
            ("BCRQ", "BCRP"),
            ("TAL-SLN", "ASLN"),
            ("abcb1", "ABCB1"),
            ("talazoparib", "TALAZOPARIB-X"),
            ("ab", "ba"),
            ("İstanbul", "istanbul"),
            ("x", "ÿ\u{1F600}q"),
            ("XQZ1-ABC", "XQZ1ABCD"),
            ("", "ABC"),
        ];
        for (a, b) in pairs {
            let target = lowercase_chars(a);
            let real = strsim::generic_damerau_levenshtein(&target, &lowercase_chars(b));
            let bound = distance_at_least(&bag(target.iter().copied()), b);
            assert!(bound <= real, "{a} {b}: bound {bound} > distance {real}");
        }
        // And it rejects what is far: no gene is compared in full for a long name.
        assert!(distance_at_least(&bag("xqz1-abc".chars()), "ABCB1") > 2);
    }
}
