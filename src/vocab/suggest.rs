//! "Did you mean": close names of the same namespaces, by Damerau–Levenshtein
//! distance (strsim), written as the user would write them (an alias stays an alias),
//! curated entries before reference-namespace entries (genes, drugs, cell lines,
//! diseases, organisms) at equal distance.
//!
//! The bound (spec §10 E) is one edit per four characters of the name, rounded down:
//! a name of one to three characters gets no suggestion, four to seven characters at
//! most one edit, eight to eleven two, and so on. Short names are where a single edit
//! lands on an unrelated real name (`TfR` → `FFR`), so they get none. At equal
//! distance a candidate made of the same letters (a transposition: `MGTM` → `MGMT`)
//! comes first. The bound was chosen on the labelled set of `tests/suggestions.rs`
//! (see TESTING.md for its precision and recall).

use super::lookup::Position;
use super::Vocabulary;

/// A close name, best first in [`Vocabulary::suggest`]'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub text: String,
    pub distance: usize,
}

/// How far a suggestion may be: one edit per four characters (see the module doc).
pub fn max_distance(name: &str) -> usize {
    name.chars().count() / 4
}

/// Whether two names are made of the same letters (case aside), in any order.
fn same_letters(a: &[char], b: &str) -> bool {
    let mut a = a.to_vec();
    let mut b = lowercase_chars(b);
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

fn lowercase_chars(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// How many times each character occurs in a lowercased name, ASCII characters each
/// in a bucket of their own, every other character in one shared bucket.
struct Histogram {
    counts: [i32; 128],
    total: i32,
}

impl Histogram {
    fn of(text: &str) -> Histogram {
        let mut histogram = Histogram { counts: [0; 128], total: 0 };
        each_bucket(text, |bucket| {
            histogram.counts[bucket] += 1;
            histogram.total += 1;
        });
        histogram
    }

    /// A lower bound of the Damerau–Levenshtein distance between the lowercased
    /// name and `other`, lowercased: an insertion or deletion changes the counts by
    /// one, a substitution by two, a transposition not at all, and sharing a bucket
    /// only lowers the sum. A pass over `other` (and one to undo it), no allocation:
    /// so that a name far from every gene symbol is not compared with all 96,000 of
    /// them in full.
    fn lower_bound(&mut self, other: &str) -> usize {
        // The sum of |difference| over the buckets, kept as `other` is taken away.
        let mut sum = self.total;
        each_bucket(other, |bucket| {
            let before = self.counts[bucket];
            self.counts[bucket] = before - 1;
            sum += (before - 1).abs() - before.abs();
        });
        each_bucket(other, |bucket| self.counts[bucket] += 1);
        (sum as usize).div_ceil(2)
    }
}

/// The bucket of every character of `text`, lowercased as [`lowercase_chars`] does.
fn each_bucket(text: &str, mut f: impl FnMut(usize)) {
    if text.is_ascii() {
        for b in text.bytes() {
            f(usize::from(b.to_ascii_lowercase()) & 127);
        }
    } else {
        for c in text.chars().flat_map(char::to_lowercase) {
            f(if c.is_ascii() { c as usize } else { 127 });
        }
    }
}

impl Vocabulary {
    /// Close names for an unknown `name` in `position`, best first (at most `limit`).
    pub fn suggest(&self, name: &str, position: Position, limit: usize) -> Vec<Suggestion> {
        let target = lowercase_chars(name);
        let mut histogram = Histogram::of(name);
        let max = max_distance(name);
        if max == 0 {
            return Vec::new();
        }
        let kinds = position.kinds();
        let mut found: Vec<(usize, bool, u8, String)> = Vec::new();
        let mut consider = |candidate: &str, rank: u8, best: &mut usize| {
            if histogram.lower_bound(candidate) > max {
                return;
            }
            let len = candidate.chars().count();
            if len.abs_diff(target.len()) > max {
                return;
            }
            let distance =
                strsim::generic_damerau_levenshtein(&target, &lowercase_chars(candidate));
            if distance <= max && distance > 0 {
                *best = (*best).min(distance);
                found.push((
                    distance,
                    !same_letters(&target, candidate),
                    rank,
                    candidate.to_string(),
                ));
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
            for table in self.genes.iter().map(|&s| super::table::NameTable::get(s)) {
                for gene_name in table.names_near_length(name.len(), max + 2) {
                    consider(gene_name, 1, &mut best);
                }
            }
        }
        // So can the other reference namespaces of the position's kinds (spec §10 A);
        // a namespace is loaded here only when a name of its kind is unknown.
        if best > 1 {
            for reference in self.references.iter().filter(|r| position.searches(**r)) {
                for entry_name in reference.table().names_near_length(name.len(), max + 2) {
                    consider(entry_name, 1, &mut best);
                }
            }
        }
        found.sort_by(|a, b| (a.0, a.1, a.2, &a.3).cmp(&(b.0, b.1, b.2, &b.3)));
        found.dedup_by(|a, b| a.3 == b.3);
        found.truncate(limit);
        found.into_iter().map(|(distance, _, _, text)| Suggestion { text, distance }).collect()
    }
}

/// The candidate a "did you mean" fix may replace `written` with (spec §10 E, §11 E):
/// the single closest of `suggestions` (best first, as [`Vocabulary::suggest`] gives
/// them), and only when `written` is plausibly a typo of it ([`super::typo`]). A tie
/// would make the fix a coin toss; a name that is merely close may be another name.
pub fn fix<'s>(written: &str, suggestions: &'s [Suggestion]) -> Option<&'s Suggestion> {
    let only = match suggestions {
        [only] => only,
        [first, second, ..] if first.distance < second.distance => first,
        _ => return None,
    };
    (super::typo::plausible(written, &only.text) && !replaces_a_word(written, &only.text))
        .then_some(only)
}

/// Whether the written name changes, in a part that differs from the candidate's, a
/// word that the ontologies use (`glucose-tolerance` → `Glucose-intolerance`,
/// `B-cell-depletion` → `B-cell-deletion`): a slip of the hand makes a non-word, so a
/// written word is another name, not a typo (spec §11 E).
fn replaces_a_word(written: &str, candidate: &str) -> bool {
    let parts = |s: &str| s.split(['-', ' ']).map(str::to_lowercase).collect::<Vec<String>>();
    let (wp, cp) = (parts(written), parts(candidate));
    if wp.len() != cp.len() {
        return false;
    }
    wp.iter()
        .zip(&cp)
        .any(|(w, c)| w != c && w.chars().count() >= 4 && words().contains(w.as_str()))
}

/// The words of the ontologies' names (processes, phenotypes, diseases, anatomy, cell
/// types), lowercase, of four letters or more: built on the first fix considered.
fn words() -> &'static rustc_hash::FxHashSet<Box<str>> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<Box<str>>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        use super::Reference;
        let mut words = rustc_hash::FxHashSet::default();
        for reference in [
            Reference::Processes,
            Reference::Phenotypes,
            Reference::Diseases,
            Reference::Anatomy,
            Reference::CellTypes,
            Reference::Organisms,
        ] {
            for (name, _, _) in reference.table().names() {
                for word in name.split(|c: char| !c.is_alphanumeric()) {
                    if word.chars().count() >= 4 && word.chars().all(char::is_alphabetic) {
                        words.insert(word.to_lowercase().into_boxed_str());
                    }
                }
            }
        }
        words
    })
}

/// The closest words of a fixed list (relation words) within the same bound: every
/// word at the smallest distance, at most `limit`, in the list's order.
pub fn closest<'w>(name: &str, words: &[&'w str], limit: usize) -> Vec<&'w str> {
    let target = lowercase_chars(name);
    let max = max_distance(name).max(1);
    let scored: Vec<(usize, &'w str)> = words
        .iter()
        .map(|w| (strsim::generic_damerau_levenshtein(&target, &lowercase_chars(w)), *w))
        .filter(|(d, _)| *d <= max && *d > 0)
        .collect();
    let Some(best) = scored.iter().map(|(d, _)| *d).min() else { return Vec::new() };
    scored.into_iter().filter(|(d, _)| *d == best).map(|(_, w)| w).take(limit).collect()
}

/// The defined cite keys closest to an unknown `key` (spec §11 O: `smith2017` →
/// `smith2016`), best first, at most `limit`, within the bound of names: one edit per
/// four characters, counted without case, a transposition first at equal distance,
/// then the order of `keys` (definition order). A key that differs from a defined one
/// only in case is closest of all (distance 0): cite keys are compared exactly. A key
/// of digits (and `-`) alone gets none: a reference number is an edit or two from many
/// others, and none of them is more likely than the rest.
pub fn closest_keys<'k>(
    key: &str,
    keys: impl IntoIterator<Item = &'k str>,
    limit: usize,
) -> Vec<Suggestion> {
    let max = max_distance(key);
    if max == 0 || key.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Vec::new();
    }
    let target = lowercase_chars(key);
    let mut histogram = Histogram::of(key);
    let mut found: Vec<(usize, bool, usize, &'k str)> = Vec::new();
    for (order, candidate) in keys.into_iter().enumerate() {
        if candidate == key || histogram.lower_bound(candidate) > max {
            continue;
        }
        if candidate.chars().count().abs_diff(target.len()) > max {
            continue;
        }
        let distance = strsim::generic_damerau_levenshtein(&target, &lowercase_chars(candidate));
        if distance <= max {
            found.push((distance, !same_letters(&target, candidate), order, candidate));
        }
    }
    found.sort_unstable();
    found.truncate(limit);
    found
        .into_iter()
        .map(|(distance, _, _, text)| Suggestion { text: text.to_string(), distance })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The cheap bound never exceeds the distance it stands in for, so it never
        /// hides a suggestion.
        #[test]
        fn the_histogram_bound_is_a_lower_bound(a in "[a-dA-D0-9\\-β]{0,8}", b in "[a-dA-D0-9\\-βİ]{0,8}") {
            let mut histogram = Histogram::of(&a);
            let bound = histogram.lower_bound(&b);
            prop_assert_eq!(histogram.lower_bound(&b), bound, "the bound leaves the counts as they were");
            let distance = strsim::generic_damerau_levenshtein(&lowercase_chars(&a), &lowercase_chars(&b));
            prop_assert!(bound <= distance, "{a:?} {b:?}: bound {bound}, distance {distance}");
        }
    }

    #[test]
    fn cite_keys_suggest_the_closest_defined_key() {
        let keys = ["smith2016", "jones2016", "79", "Guney2019", "smith2061"];
        let texts = |key: &str| -> Vec<String> {
            closest_keys(key, keys, 3).into_iter().map(|s| s.text).collect()
        };
        assert_eq!(texts("smith2017"), ["smith2016", "smith2061"]);
        assert_eq!(closest_keys("smith2017", keys, 3)[0].distance, 1);
        // At equal distance a transposition first, then the definition order.
        let tied: Vec<String> =
            closest_keys("smith2016", ["smith2019", "smith2061", "smith2015"], 3)
                .into_iter()
                .map(|s| s.text)
                .collect();
        assert_eq!(tied, ["smith2061", "smith2019", "smith2015"]);
        // Case alone: closest of all.
        assert_eq!(closest_keys("guney2019", keys, 3)[0].distance, 0);
        assert_eq!(texts("guney2019"), ["Guney2019"]);
        // Reference numbers, short keys and far keys get nothing.
        assert!(texts("97").is_empty() && texts("1234").is_empty() && texts("80-81").is_empty());
        assert!(texts("abc").is_empty() && texts("brown2020").is_empty());
    }

    /// Pairs that once mattered: case, non-ASCII lowercasing that changes the length,
    /// transpositions, an empty name.
    #[test]
    fn the_bound_holds_on_known_pairs_and_rejects_what_is_far() {
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
            let real =
                strsim::generic_damerau_levenshtein(&lowercase_chars(a), &lowercase_chars(b));
            let bound = Histogram::of(a).lower_bound(b);
            assert!(bound <= real, "{a} {b}: bound {bound} > distance {real}");
        }
        assert!(Histogram::of("xqz1-abc").lower_bound("ABCB1") > 2);
    }
}
