//! The cross-claim pass: `duplicate-claim` and `contradiction`, over every claim of the
//! document set in order (files in path order, claims in file order). Its tables are
//! compact (a claim is a pair of `u32`s, earlier claims per subject and object a linked
//! list in one vector) so that a million claims stay within a few tens of megabytes.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::claims::{ClaimFacts, FileFacts};
use super::keys::Key;
use super::relations::Polarity;
use super::resolve::Context;
use super::rules;
use crate::diagnostic::Diagnostic;
use crate::text::Span;

/// A claim: (file index, claim index in that file's facts).
type ClaimRef = (u32, u32);

fn claim(files: &[Arc<FileFacts>], (file, index): ClaimRef) -> Option<(&FileFacts, &ClaimFacts)> {
    let facts: &FileFacts = files.get(file as usize)?;
    Some((facts, facts.claims.get(index as usize)?))
}

fn all_claims(files: &[Arc<FileFacts>]) -> impl Iterator<Item = (ClaimRef, &FileFacts, &ClaimFacts)> {
    files.iter().enumerate().flat_map(|(f, facts)| {
        let facts: &FileFacts = facts;
        facts.claims.iter().enumerate().map(move |(i, c)| ((f as u32, i as u32), facts, c))
    })
}

pub fn duplicate_claims(files: &[Arc<FileFacts>]) -> Vec<Diagnostic> {
    let total: usize = files.iter().map(|f| f.claims.len()).sum();
    let mut first: FxHashMap<Key, ClaimRef> = FxHashMap::default();
    first.reserve(total);
    let mut out = Vec::new();
    for (at, _, c) in all_claims(files) {
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

/// An earlier claim that the current one contradicts, for the message.
pub struct Contradicted<'f> {
    pub object: Span,
    pub earlier: &'f ClaimFacts,
}

pub fn contradictions(context: &Context<'_>, files: &[Arc<FileFacts>], texts: &[&str]) -> Vec<Diagnostic> {
    // (subject, object) -> the pair's list of earlier claims in `priors`.
    let mut heads: FxHashMap<(Key, Key), Pair> = FxHashMap::default();
    let mut priors: Vec<Prior> = Vec::new();
    let mut out = Vec::new();
    let mut found: Vec<Contradicted<'_>> = Vec::new();
    for (at, facts, c) in all_claims(files) {
        let polarity = match c.polarity {
            Some(p @ (Polarity::Up | Polarity::Down)) => p,
            _ => continue,
        };
        let contexts = facts.contexts_of(c);
        found.clear();
        for &(object, object_span) in facts.objects_of(c) {
            // One hash lookup per object: a pair seen for the first time always gets
            // its first claim below, so inserting the empty list here changes nothing.
            let pair = heads.entry((c.subject, object)).or_insert(Pair { head: u32::MAX, len: 0, up: false, down: false });
            // Walk the earlier claims only when one went the other way: in a consistent
            // review that never happens, and the pass costs one lookup per object.
            let opposite = match polarity {
                Polarity::Up => pair.down,
                _ => pair.up,
            };
            if opposite {
                let mut i = pair.head;
                while let Some(prior) = priors.get(i as usize) {
                    if prior.polarity != polarity {
                        if let Some((prior_facts, prior_claim)) = claim(files, prior.claim) {
                            if context.contexts_overlap(contexts, prior_facts.contexts_of(prior_claim)) {
                                found.push(Contradicted { object: object_span, earlier: prior_claim });
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
                let (up, down) = (pair.up || polarity == Polarity::Up, pair.down || polarity == Polarity::Down);
                *pair = Pair { head, len: pair.len + 1, up, down };
            }
        }
        if !found.is_empty() {
            let text = texts.get(c.file as usize).copied().unwrap_or("");
            out.push(rules::contradiction::diagnostic(text, c, &found));
        }
    }
    out
}

/// The earlier claims of one (subject, object): the head of their list, its length,
/// and which ways they went.
#[derive(Clone, Copy)]
struct Pair {
    head: u32,
    len: u32,
    up: bool,
    down: bool,
}
