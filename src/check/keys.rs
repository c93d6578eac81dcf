//! Identity keys: what two names, subjects or lists must share to be "the same" for the
//! cross-claim rules. A key is a `u64`: a resolved entry or gene by its index, an
//! unresolved name by a hash of its text (so it matches only itself as written), a
//! derived name (spec §11 B) by its identity, a hash of its content ([`of`]).

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::vocab::{Resolved, Species, Vocabulary};

/// The identity of what a name stands for, as a hash (a cite key is
/// [`crate::syntax::ast::CiteKey`]).
pub type Key = u64;

const ENTRY: u64 = 1 << 62;
const GENE: u64 = 2 << 62;
const TEXT: u64 = 3 << 62;
/// The top two bits clear, the next one set: a derived name.
const DERIVED: u64 = 1 << 61;

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
        // An index, the same only within one vocabulary: the checks key derived names
        // with [`of`], by their identity.
        Resolved::Derived(id) => DERIVED | (1 << 60) | u64::from(id.0),
    }
}

/// The key of what a name resolved to, a derived name by its identity, which is the
/// same in every analysis (so that facts kept from an earlier analysis still compare).
/// A derived context that `is` its base (a disease stage, a line's derivative) is
/// recorded with its base's key for [`parent`].
#[inline]
pub fn of(vocabulary: &Vocabulary, resolved: Resolved) -> Key {
    match resolved {
        Resolved::Derived(_) => of_derived(vocabulary, resolved),
        _ => of_resolved(resolved),
    }
}

#[cold]
fn of_derived(vocabulary: &Vocabulary, resolved: Resolved) -> Key {
    let Resolved::Derived(id) = resolved else { return of_resolved(resolved) };
    let Some(derived) = vocabulary.derived(id) else { return of_resolved(resolved) };
    let key = DERIVED | (derived.identity & ((1 << 60) - 1));
    if derived.is_base {
        let base = of_resolved(derived.base);
        let mut parents = parents().lock().unwrap_or_else(|e| e.into_inner());
        parents.insert(key, base);
    }
    key
}

/// The base a derived context `is`, for the overlap of contexts: a function of the key
/// alone (the key hashes the base's), so one table serves every analysis.
pub fn parent(key: Key) -> Option<Key> {
    if key >> 60 != DERIVED >> 60 {
        return None;
    }
    parents().lock().unwrap_or_else(|e| e.into_inner()).get(&key).copied()
}

fn parents() -> &'static Mutex<FxHashMap<Key, Key>> {
    static PARENTS: OnceLock<Mutex<FxHashMap<Key, Key>>> = OnceLock::new();
    PARENTS.get_or_init(Mutex::default)
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
