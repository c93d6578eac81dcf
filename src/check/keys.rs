//! Identity keys: what two names, subjects or lists must share to be "the same" for the
//! cross-claim rules. A key is a `u64`: a resolved entry or gene by its index, an
//! unresolved name by a hash of its text (so it matches only itself as written).

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use crate::vocab::{Resolved, Species};

pub type Key = u64;

const ENTRY: u64 = 1 << 62;
const GENE: u64 = 2 << 62;
const TEXT: u64 = 3 << 62;

pub fn of_resolved(resolved: Resolved) -> Key {
    match resolved {
        Resolved::Entry(id) => ENTRY | id as u64,
        Resolved::Gene(species, gene) => {
            let species = match species {
                Species::Human => 0u64,
                Species::Mouse => 1u64,
            };
            GENE | (species << 32) | gene.0 as u64
        }
        Resolved::Reference(reference, id) => GENE | ((2 + reference as u64) << 32) | id.0 as u64,
    }
}

pub fn of_text(text: &str) -> Key {
    TEXT | (hash(&text) & (ENTRY - 1))
}

pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A key for a set: order and repetition do not matter.
pub fn of_set(keys: &mut [Key]) -> Key {
    keys.sort_unstable();
    let mut hasher = FxHasher::default();
    let mut last = None;
    for &key in keys.iter() {
        if last != Some(key) {
            key.hash(&mut hasher);
            last = Some(key);
        }
    }
    hasher.finish()
}
