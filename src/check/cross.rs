//! The cross-claim pass: `duplicate-claim` and `contradiction`, over every claim of the
//! document set in order (files in path order, claims in file order).

use rustc_hash::FxHashMap;

use super::claims::{ClaimFacts, FileFacts};
use super::keys::Key;
use super::relations::Polarity;
use super::resolve::Context;
use super::rules;
use crate::diagnostic::Diagnostic;

pub fn duplicate_claims(files: &[FileFacts]) -> Vec<Diagnostic> {
    let mut first: FxHashMap<Key, &ClaimFacts> = FxHashMap::default();
    let mut out = Vec::new();
    for claim in files.iter().flat_map(|f| &f.claims) {
        match first.get(&claim.duplicate_key) {
            Some(earlier) => out.push(rules::duplicate_claim::diagnostic(claim, earlier)),
            None => {
                first.insert(claim.duplicate_key, claim);
            }
        }
    }
    out
}

/// An earlier claim that moved (subject, object) one way in some contexts.
#[derive(Clone, Copy)]
pub struct Prior<'f> {
    pub claim: &'f ClaimFacts,
    pub facts: &'f FileFacts,
    pub polarity: Polarity,
}

/// Distinct earlier claims kept per (subject, object): beyond this many, later
/// claims are compared with the first ones only, which bounds the work on huge inputs.
const PRIORS_KEPT: usize = 64;

pub fn contradictions(context: &Context<'_>, files: &[FileFacts], texts: &[&str]) -> Vec<Diagnostic> {
    let mut priors: FxHashMap<(Key, Key), Vec<Prior<'_>>> = FxHashMap::default();
    let mut out = Vec::new();
    for facts in files {
        for claim in &facts.claims {
            let polarity = match claim.polarity {
                Some(p @ (Polarity::Up | Polarity::Down)) => p,
                _ => continue,
            };
            let contexts = facts.contexts_of(claim);
            // (object span, earlier claim) for every object this claim contradicts.
            let mut found: Vec<(crate::text::Span, Prior<'_>)> = Vec::new();
            for &(object, object_span) in facts.objects_of(claim) {
                let key = (claim.subject, object);
                if let Some(list) = priors.get(&key) {
                    for prior in list {
                        if prior.polarity != polarity
                            && context.contexts_overlap(contexts, prior.facts.contexts_of(prior.claim))
                        {
                            found.push((object_span, *prior));
                        }
                    }
                }
                let list = priors.entry(key).or_default();
                let same = |p: &Prior<'_>| {
                    p.polarity == polarity && p.facts.contexts_of(p.claim) == contexts
                };
                if list.len() < PRIORS_KEPT && !list.iter().any(same) {
                    list.push(Prior { claim, facts, polarity });
                }
            }
            if !found.is_empty() {
                let text = texts.get(claim.file as usize).copied().unwrap_or("");
                out.push(rules::contradiction::diagnostic(text, claim, &found));
            }
        }
    }
    out
}
