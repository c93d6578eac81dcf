//! The quick table: for every curated name, its exact match in each position
//! ([`Vocabulary::quick`](super::Vocabulary::quick)), the lookup almost every name of
//! a claim takes. A name of at most 16 bytes is packed into two words, zero-padded,
//! that sit in its slot together with its nine answers, one cache line: a lookup
//! loads the name's 16 bytes from the text, masks them to its length, hashes two words
//! and compares them, with no pointer to follow, no `memcmp` and no branch on the
//! length. Longer names, rare, go to a hash map.

use rustc_hash::FxHashMap;

use super::lookup::Match;
use super::{EntryId, Resolved};

/// A name's exact curated match in each position, by [`Position::index`](super::Position::index).
pub(crate) type Row = [Option<(Resolved, Match)>; 9];

/// A [`Row`] in nine words: `0` for no match, else `(entry << 2 | match) + 1`.
type Cells = [u32; 9];

const EMPTY: u32 = u32::MAX;

/// One slot: a packed name, its length (`EMPTY` for an empty slot) and its answers.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    low: u64,
    high: u64,
    len: u32,
    cells: Cells,
}

const EMPTY_SLOT: Slot = Slot { low: 0, high: 0, len: EMPTY, cells: [0; 9] };

/// The bytes of a word that a name of `n` bytes fills: `MASK[n.min(8)]`.
const MASK: [u64; 9] = [
    0,
    0xFF,
    0xFFFF,
    0xFF_FFFF,
    0xFFFF_FFFF,
    0xFF_FFFF_FFFF,
    0xFFFF_FFFF_FFFF,
    0xFF_FFFF_FFFF_FFFF,
    u64::MAX,
];

/// Names of up to 16 bytes in an open-addressed table (linear probing, at most half
/// full); longer names in a hash map.
#[derive(Default)]
pub(crate) struct QuickTable {
    slots: Box<[Slot]>,
    /// `64 - log2(slots.len())`: a hash's top bits are its slot.
    shift: u32,
    long: FxHashMap<Box<str>, Cells>,
}

/// A name of at most 16 bytes as two little-endian words, zero-padded: with its
/// length, they are the name.
fn pack(bytes: &[u8]) -> Option<(u64, u64)> {
    let mut buffer = [0u8; 16];
    buffer.get_mut(..bytes.len())?.copy_from_slice(bytes);
    let (low, high) = buffer.split_at(8);
    Some((u64::from_le_bytes(low.try_into().ok()?), u64::from_le_bytes(high.try_into().ok()?)))
}

#[inline]
fn hash(low: u64, high: u64, len: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    (low.wrapping_mul(K).rotate_left(26) ^ high ^ len as u64).wrapping_mul(K)
}

fn encode(row: &Row) -> Option<Cells> {
    let mut cells = [0; 9];
    for (cell, answer) in cells.iter_mut().zip(row) {
        *cell = match *answer {
            None => 0,
            Some((Resolved::Entry(id), how)) if id < 1 << 29 => {
                let how = match how {
                    Match::Canonical => 0,
                    Match::Alias => 1,
                    Match::Case => 2,
                };
                (id << 2 | how) + 1
            }
            // Genes are never curated matches; an entry id this large, never in
            // practice. Either way the name is left to the full lookup.
            Some(_) => return None,
        };
    }
    Some(cells)
}

#[inline]
fn decode(cell: u32) -> Option<(Resolved, Match)> {
    let cell = cell.checked_sub(1)?;
    let how = match cell & 3 {
        0 => Match::Canonical,
        1 => Match::Alias,
        _ => Match::Case,
    };
    Some((Resolved::Entry((cell >> 2) as EntryId), how))
}

impl QuickTable {
    /// The table of these names (each once) and their rows.
    pub(crate) fn new<'a>(names: impl ExactSizeIterator<Item = (&'a str, Row)>) -> QuickTable {
        let capacity = (names.len() * 2).next_power_of_two().max(16);
        let mut table = QuickTable {
            slots: vec![EMPTY_SLOT; capacity].into_boxed_slice(),
            shift: 64 - capacity.trailing_zeros(),
            long: FxHashMap::default(),
        };
        for (name, row) in names {
            let Some(cells) = encode(&row) else { continue };
            match pack(name.as_bytes()) {
                Some((low, high)) => {
                    let mask = table.slots.len() - 1;
                    let mut i = (hash(low, high, name.len()) >> table.shift) as usize;
                    while table.slots[i].len != EMPTY {
                        i = (i + 1) & mask;
                    }
                    table.slots[i] = Slot { low, high, len: name.len() as u32, cells };
                }
                None => {
                    table.long.insert(name.into(), cells);
                }
            }
        }
        table
    }

    /// The exact curated match in position `index` of the name `text[start..start + len]`
    /// (`None` also when that is not a name of the table).
    #[inline]
    pub(crate) fn get(&self, text: &[u8], start: usize, len: usize, index: usize) -> Option<(Resolved, Match)> {
        let cells = match text.get(start..start + 16) {
            // The common case: 16 bytes of text from the name's start, masked.
            Some(window) if len <= 16 => {
                let (low, high) = window.split_at(8);
                let low = u64::from_le_bytes(low.try_into().ok()?) & MASK[len.min(8)];
                let high = u64::from_le_bytes(high.try_into().ok()?) & MASK[len.saturating_sub(8).min(8)];
                self.find(low, high, len)?
            }
            _ => {
                let name = text.get(start..start + len)?;
                match pack(name) {
                    Some((low, high)) => self.find(low, high, len)?,
                    None => self.long.get(std::str::from_utf8(name).ok()?)?,
                }
            }
        };
        decode(*cells.get(index)?)
    }

    #[inline]
    fn find(&self, low: u64, high: u64, len: usize) -> Option<&Cells> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = (hash(low, high, len) >> self.shift) as usize;
        loop {
            let slot = self.slots.get(i)?;
            if slot.low == low && slot.high == high && slot.len as usize == len {
                return Some(&slot.cells);
            }
            if slot.len == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: EntryId, how: Match) -> Row {
        let mut row = [None; 9];
        row[id as usize % 9] = Some((Resolved::Entry(id), how));
        row
    }

    /// Looks `name` up the way a claim does (inside a longer text, when `padded`) and
    /// as a whole text (the path for a name near the end of its file).
    fn get(table: &QuickTable, name: &str, index: usize) -> Option<(Resolved, Match)> {
        let padded = format!("x {name} carrier SLN(talazoparib) in TNBC");
        let inside = table.get(padded.as_bytes(), 2, name.len(), index);
        let alone = table.get(name.as_bytes(), 0, name.len(), index);
        assert_eq!(inside, alone, "{name:?}");
        inside
    }

    /// Every name found with its own answers, and no other string found at all: names
    /// that share a prefix, differ in one byte or only in length, of every length from
    /// 0 to 40.
    #[test]
    fn finds_exactly_the_names_it_holds() {
        let mut names: Vec<String> = vec![String::new()];
        for len in 1..=40 {
            names.push("a".repeat(len));
            names.push(format!("{}b", "a".repeat(len - 1)));
            names.push(format!("b{}", "a".repeat(len - 1)));
            names.push((0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect());
        }
        names.extend(["MDR1", "ABCB1", "MDA-MB-231", "doxorubicin", "épithélial", "Bcl-2", "Bcl-xL"].map(String::from));
        names.sort();
        names.dedup();
        let how = |i: usize| [Match::Canonical, Match::Alias, Match::Case][i % 3];
        let table = QuickTable::new(names.iter().enumerate().map(|(i, n)| (n.as_str(), row(i as EntryId, how(i)))));
        for (i, name) in names.iter().enumerate() {
            for index in 0..9 {
                assert_eq!(get(&table, name, index), row(i as EntryId, how(i))[index], "{name}");
            }
        }
        for len in 1..=41 {
            for probe in ["c".repeat(len), format!("{}c", "a".repeat(len - 1)), format!("{}\0", "a".repeat(len - 1))] {
                assert!(!names.contains(&probe), "{probe:?}");
                assert!((0..9).all(|index| get(&table, &probe, index).is_none()), "{probe:?}");
            }
        }
        for prefix in ["MDR", "ABCB", "MDA-MB-23", "doxorubici", "Bcl-", "épith"] {
            assert!((0..9).all(|index| get(&table, prefix, index).is_none()), "{prefix:?}");
        }
    }

    #[test]
    fn names_out_of_range_are_not_found() {
        let table = QuickTable::new([("SLN", row(1, Match::Canonical))].into_iter());
        assert_eq!(table.get(b"SLN", 0, 3, 1), Some((Resolved::Entry(1), Match::Canonical)));
        assert_eq!(table.get(b"SLN", 1, 3, 1), None);
        assert_eq!(table.get(b"SLN", 0, 3, 9), None);
        assert_eq!(QuickTable::default().get(b"SLN", 0, 3, 1), None);
    }
}
