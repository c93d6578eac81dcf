//! The cross-claim pass: `duplicate-claim`, `contradiction` and `conflicting-evidence`
//! (a finding of no effect against one that moves the same pair), over every claim of the
//! document set in order (files in path order, claims in file order). Its tables are
//! compact (a claim is a pair of `u32`s, earlier claims per subject and object a linked
//! list in one vector) so that a million claims stay within a few tens of megabytes.
//!
//! Both rules first sieve: a fingerprint per claim (or per subject and object) goes into
//! one vector, radix-sorted, and only the claims whose fingerprint
//! repeats (or whose pair went both ways) are walked with the exact tables. A hash table
//! of a million claims is a cache miss per lookup; the sieve reads and writes memory in
//! order, and a consistent review never reaches the exact walk. Fingerprints that
//! collide only send more claims to the exact walk, which decides with the full keys.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::claims::{ClaimFacts, FileFacts};
use super::keys::Key;
use super::relations::Polarity;
use super::resolve::Context;
use super::rules;
use crate::diagnostic::{Diagnostic, FileId, Rule};
use crate::text::Span;

/// The names that the per-file pass reported as not resolving (`unknown-*` of a
/// name, `wrong-kind`, `ambiguous-name`), as their start offsets per file, sorted. Such
/// a name takes part in no `duplicate-claim` and no `contradiction`: one mistake, one
/// diagnostic (issue 16). A name whose rule is `off` or suppressed was not reported,
/// and counts as written.
#[derive(Default)]
pub struct Unresolved(Vec<Vec<u32>>);

impl Unresolved {
    /// The rules that say a name did not resolve.
    pub fn is_name_rule(rule: Rule) -> bool {
        matches!(
            rule,
            Rule::UnknownTarget
                | Rule::UnknownDrug
                | Rule::UnknownCarrier
                | Rule::UnknownLigand
                | Rule::UnknownSubject
                | Rule::UnknownContext
                | Rule::UnknownStimulus
                | Rule::UnknownMechanism
                | Rule::WrongKind
                | Rule::AmbiguousName
        )
    }

    /// From the files' own diagnostics, those that `reported` keeps.
    pub fn new(files: &[Arc<FileFacts>], reported: impl Fn(&Diagnostic) -> bool) -> Unresolved {
        Unresolved(
            files
                .iter()
                .map(|facts| {
                    let mut starts: Vec<u32> = facts
                        .diagnostics
                        .iter()
                        .filter(|d| Self::is_name_rule(d.rule) && reported(d))
                        .map(|d| d.span.start)
                        .collect();
                    starts.sort_unstable();
                    starts
                })
                .collect(),
        )
    }

    fn of(&self, file: FileId) -> &[u32] {
        self.0.get(file as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether a name starting in `start..end` of `file` did not resolve.
    fn any_in(&self, file: FileId, start: u32, end: u32) -> bool {
        let starts = self.of(file);
        starts.get(starts.partition_point(|&s| s < start)).is_some_and(|&s| s < end)
    }

    fn at(&self, file: FileId, start: u32) -> bool {
        self.of(file).binary_search(&start).is_ok()
    }
}

/// A claim: (file index, claim index in that file's facts).
type ClaimRef = (u32, u32);

fn claim(files: &[Arc<FileFacts>], (file, index): ClaimRef) -> Option<(&FileFacts, &ClaimFacts)> {
    let facts: &FileFacts = files.get(file as usize)?;
    Some((facts, facts.claims.get(index as usize)?))
}

fn all_claims(
    files: &[Arc<FileFacts>],
) -> impl Iterator<Item = (ClaimRef, &FileFacts, &ClaimFacts)> {
    files.iter().enumerate().flat_map(|(f, facts)| {
        let facts: &FileFacts = facts;
        facts.claims.iter().enumerate().map(move |(i, c)| ((f as u32, i as u32), facts, c))
    })
}

/// Sorts `values` so that equal values are next to each other: an LSD radix sort
/// (`radsort`), in linear time, with every memory access in order, unlike a hash
/// table's, which is what makes it fast on millions of values.
fn sorted(mut values: Vec<Print>) -> Vec<Print> {
    radsort::sort(&mut values);
    values
}

/// A fingerprint: 32 bits are enough for a sieve (two million distinct values share a
/// few hundred fingerprints, which costs a few hundred exact comparisons) and halve
/// its memory.
type Print = u32;

/// A well-spread fingerprint of some keys: every bit depends on every bit of the keys
/// (the buckets above go by the top bits, `contradictions` uses the lowest).
fn fingerprint(keys: &[Key]) -> Print {
    // MurmurHash3's 64-bit finaliser, a bijection, after each key.
    fn mix(mut h: u64) -> u64 {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
    (keys.iter().fold(0, |h, &k| mix(h ^ k)) >> 32) as Print
}

/// The fingerprints of the duplicate keys that occur more than once.
fn repeated_keys(files: &[Arc<FileFacts>], unresolved: &Unresolved) -> FxHashSet<Print> {
    let keys: Vec<Print> = all_claims(files)
        .filter(|(_, _, c)| !unresolved.any_in(c.file, c.span.start, c.span.end))
        .map(|(_, _, c)| fingerprint(&[c.duplicate_key]))
        .collect();
    sorted(keys).windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect()
}

/// `duplicate-claim`, for the claims none of whose names was reported unresolved.
pub fn duplicate_claims(files: &[Arc<FileFacts>], unresolved: &Unresolved) -> Vec<Diagnostic> {
    let candidates = repeated_keys(files, unresolved);
    let mut first: FxHashMap<Key, ClaimRef> = FxHashMap::default();
    let mut out = Vec::new();
    if candidates.is_empty() {
        return out;
    }
    for (at, _, c) in all_claims(files) {
        if !candidates.contains(&fingerprint(&[c.duplicate_key]))
            || unresolved.any_in(c.file, c.span.start, c.span.end)
        {
            continue;
        }
        match first.get(&c.duplicate_key) {
            Some(&earlier) => {
                if let Some((_, earlier)) = claim(files, earlier) {
                    out.push(rules::duplicate_claim::diagnostic(c, earlier));
                }
            }
            None => {
                first.insert(c.duplicate_key, at);
            }
        }
    }
    out
}

/// An earlier claim that moved (subject, object) one way; `next` links the earlier
/// claims of the same pair (`u32::MAX` ends the list).
#[derive(Clone, Copy)]
struct Prior {
    claim: ClaimRef,
    polarity: Polarity,
    next: u32,
}

/// Distinct earlier claims kept per (subject, object): beyond this many, later claims
/// are compared with the first ones only, which bounds the work on huge inputs.
const PRIORS_KEPT: u32 = 64;

/// An earlier claim that the current one contradicts (or whose evidence conflicts with
/// it), for the message.
pub struct Contradicted<'f> {
    pub object: Span,
    pub earlier: &'f ClaimFacts,
}

impl<'f> Contradicted<'f> {
    /// The objects in question, as written (`` `P-gp` ``), each once in a row.
    pub fn objects(found: &[Contradicted<'_>], text: &str) -> Vec<String> {
        let mut objects: Vec<String> =
            found.iter().map(|c| format!("`{}`", c.object.text(text))).collect();
        objects.dedup();
        objects
    }

    /// The distinct earlier claims, earliest first (the lists are walked newest first),
    /// for the related locations.
    pub fn earlier(found: &[Contradicted<'f>]) -> Vec<&'f ClaimFacts> {
        let mut earlier: Vec<&ClaimFacts> = found.iter().map(|c| c.earlier).collect();
        earlier.sort_by_key(|c| (c.file, c.span.start));
        earlier.dedup_by_key(|c| (c.file, c.span.start));
        earlier
    }
}

/// What a claim says of its objects when it takes a side: moves them up, down, or
/// found no effect on them (spec 0.3 §11 G).
fn stance(c: &ClaimFacts) -> Option<Polarity> {
    match c.polarity {
        Some(p @ (Polarity::Up | Polarity::Down | Polarity::Null)) => Some(p),
        _ => None,
    }
}

/// A stance in the two lowest bits of a pair's fingerprint.
fn stance_bits(polarity: Polarity) -> Print {
    match polarity {
        Polarity::Up => 0,
        Polarity::Down => 1,
        _ => 2,
    }
}

/// The fingerprint of a (subject, object) pair, its two lowest bits cleared.
fn pair_print(subject: Key, object: Key) -> Print {
    fingerprint(&[subject, object]) & !3
}

/// The fingerprints of the (subject, object) pairs on which claims took two stances or
/// more: only they can hold a contradiction or conflicting evidence.
fn disputed(files: &[Arc<FileFacts>]) -> FxHashSet<Print> {
    let mut prints = Vec::new();
    for (_, facts, c) in all_claims(files) {
        let Some(polarity) = stance(c) else { continue };
        let bits = stance_bits(polarity);
        prints.extend(
            facts.objects_of(c).iter().map(|&(object, _)| pair_print(c.subject, object) | bits),
        );
    }
    let mut prints = sorted(prints);
    prints.dedup();
    // Sorted and unique: a pair with two stances is two neighbours differing in the
    // stance bits only.
    prints.windows(2).filter(|w| w[0] & !3 == w[1] & !3).map(|w| w[0] & !3).collect()
}

/// `contradiction` and `conflicting-evidence`, between claims whose subject resolved, on
/// the objects that resolved.
pub fn contradictions(
    context: &Context<'_>,
    files: &[Arc<FileFacts>],
    texts: &[&str],
    unresolved: &Unresolved,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let candidates = disputed(files);
    if candidates.is_empty() {
        return out;
    }
    // (subject, object) -> the pair's list of earlier claims in `priors`.
    let mut heads: FxHashMap<(Key, Key), Pair> = FxHashMap::default();
    let mut priors: Vec<Prior> = Vec::new();
    let mut found: Vec<Contradicted<'_>> = Vec::new();
    let mut conflicts: Vec<Contradicted<'_>> = Vec::new();
    for (at, facts, c) in all_claims(files) {
        let Some(polarity) = stance(c) else { continue };
        // The subject is the text before the relation word.
        if unresolved.any_in(c.file, c.span.start, c.relation.start) {
            continue;
        }
        let contexts = facts.contexts_of(c);
        found.clear();
        conflicts.clear();
        for &(object, object_span) in facts.objects_of(c) {
            // A pair that never went both ways cannot contradict, and its earlier
            // claims are never compared with: it needs no place in the tables.
            if !candidates.contains(&pair_print(c.subject, object))
                || unresolved.at(c.file, object_span.start)
            {
                continue;
            }
            // One hash lookup per object: a pair seen for the first time always gets
            // its first claim below, so inserting the empty list here changes nothing.
            let pair = heads.entry((c.subject, object)).or_insert(Pair {
                head: u32::MAX,
                len: 0,
                up: false,
                down: false,
                null: false,
            });
            // Walk the earlier claims only when one took another stance: in a consistent
            // review that never happens, and the pass costs one lookup per object.
            let other_stance = match polarity {
                Polarity::Up => pair.down || pair.null,
                Polarity::Down => pair.up || pair.null,
                _ => pair.up || pair.down,
            };
            if other_stance {
                let mut i = pair.head;
                while let Some(prior) = priors.get(i as usize) {
                    if prior.polarity != polarity {
                        if let Some((prior_facts, prior_claim)) = claim(files, prior.claim) {
                            if context
                                .contexts_overlap(contexts, prior_facts.contexts_of(prior_claim))
                            {
                                let earlier =
                                    Contradicted { object: object_span, earlier: prior_claim };
                                // Up against down contradicts; no effect against either
                                // is evidence that conflicts.
                                if prior.polarity == Polarity::Null || polarity == Polarity::Null {
                                    conflicts.push(earlier);
                                } else {
                                    found.push(earlier);
                                }
                            }
                        }
                    }
                    i = prior.next;
                }
            }
            // A claim that repeats the latest one of the pair (same way, same
            // contexts) adds nothing to compare with.
            let repeats_latest = priors.get(pair.head as usize).is_some_and(|latest| {
                latest.polarity == polarity
                    && claim(files, latest.claim).is_some_and(|(f, c)| f.contexts_of(c) == contexts)
            });
            if pair.len < PRIORS_KEPT && !repeats_latest {
                priors.push(Prior { claim: at, polarity, next: pair.head });
                let head = priors.len() as u32 - 1;
                *pair = Pair {
                    head,
                    len: pair.len + 1,
                    up: pair.up || polarity == Polarity::Up,
                    down: pair.down || polarity == Polarity::Down,
                    null: pair.null || polarity == Polarity::Null,
                };
            }
        }
        let text = texts.get(c.file as usize).copied().unwrap_or("");
        if !found.is_empty() {
            out.push(rules::contradiction::diagnostic(text, c, &found));
        }
        if !conflicts.is_empty() {
            out.push(rules::conflicting_evidence::diagnostic(text, c, &conflicts));
        }
    }
    out
}

/// The earlier claims of one (subject, object): the head of their list, its length,
/// and which stances they took.
#[derive(Clone, Copy)]
struct Pair {
    head: u32,
    len: u32,
    up: bool,
    down: bool,
    null: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_print_leaves_the_two_stance_bits_free() {
        let print = pair_print(7, 9);
        assert_eq!(print & 3, 0);
        assert_ne!(print, pair_print(9, 7));
        let stances = [Polarity::Up, Polarity::Down, Polarity::Null].map(stance_bits);
        assert_eq!(stances, [0, 1, 2]);
    }
}
