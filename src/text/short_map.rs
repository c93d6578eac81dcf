//! [`ShortMap`]: a map from strings to small values for the lookups made for every name
//! and word of every claim (the vocabulary's quick table, cite keys, relation words).
//! A key of at most 16 bytes is packed into two words, zero-padded, that sit in its
//! slot beside its value: a lookup of a name inside a text loads 16 bytes from the
//! name's start, masks them to its length, hashes two words and compares them, with no
//! pointer to follow, no `memcmp` and no branch on the length. Longer keys, rare, go to
//! a hash map.

use rustc_hash::FxHashMap;

/// One slot: a packed key and its length (`EMPTY` for an empty slot), and the value.
#[derive(Clone, Copy)]
struct Slot<V> {
    low: u64,
    high: u64,
    len: u32,
    value: V,
}

const EMPTY: u32 = u32::MAX;

/// The bytes of a word that a key of `n` bytes fills: `MASK[n.min(8)]`.
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

/// Keys of up to 16 bytes in an open-addressed table (linear probing, at most half
/// full); longer keys in a hash map.
pub struct ShortMap<V> {
    slots: Box<[Slot<V>]>,
    /// `64 - log2(slots.len())`: a hash's top bits are its slot.
    shift: u32,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for ShortMap<V> {
    fn default() -> ShortMap<V> {
        ShortMap { slots: Box::default(), shift: 64, long: FxHashMap::default() }
    }
}

/// A key of at most 16 bytes as two little-endian words, zero-padded: with its length,
/// they are the key. Overlapping loads, shifted, rather than a copy into a buffer
/// (which costs a call to `memcpy`).
#[inline]
fn pack(bytes: &[u8]) -> Option<(u64, u64)> {
    let n = bytes.len();
    let word = |i: usize| {
        bytes.get(i..i + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes)
    };
    let half = |i: usize| {
        bytes.get(i..i + 4).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes) as u64
    };
    let byte = |i: usize| bytes.get(i).copied().unwrap_or(0) as u64;
    Some(match n {
        0 => (0, 0),
        // The first, middle and last bytes, each in its place (the same byte twice
        // when the key is shorter than three).
        1..=3 => (byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1)), 0),
        4..=8 => (half(0) | (half(n - 4) << (8 * (n - 4))), 0),
        9..=16 => (word(0), word(n - 8) >> (8 * (16 - n))),
        _ => return None,
    })
}

#[inline]
fn hash(low: u64, high: u64, len: usize) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    (low.wrapping_mul(K).rotate_left(26) ^ high ^ len as u64).wrapping_mul(K)
}

impl<V: Copy> ShortMap<V> {
    /// The map of these entries; of two entries with the same key, the first wins.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, V)>) -> ShortMap<V> {
        let entries: Vec<(&str, V)> = entries.into_iter().collect();
        let capacity = (entries.len() * 2).next_power_of_two().max(16);
        let Some(&(_, filler)) = entries.first() else { return ShortMap::default() };
        let mut map = ShortMap {
            slots: vec![Slot { low: 0, high: 0, len: EMPTY, value: filler }; capacity]
                .into_boxed_slice(),
            shift: 64 - capacity.trailing_zeros(),
            long: FxHashMap::default(),
        };
        for (key, value) in entries {
            match pack(key.as_bytes()) {
                Some((low, high)) => {
                    if let Some(slot) =
                        map.probe(low, high, key.len()).and_then(|i| map.slots.get_mut(i))
                    {
                        if slot.len == EMPTY {
                            *slot = Slot { low, high, len: key.len() as u32, value };
                        }
                    }
                }
                None => {
                    map.long.entry(key.into()).or_insert(value);
                }
            }
        }
        map
    }

    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.get_in(key.as_bytes(), 0, key.len())
    }

    /// The value of the key `text[start..start + len]` (`None` also when that range
    /// is out of `text` or not UTF-8).
    #[inline]
    pub fn get_in(&self, text: &[u8], start: usize, len: usize) -> Option<&V> {
        match text.get(start..start.saturating_add(16)) {
            // The common case: 16 bytes of text from the key's start, masked.
            Some(window) if len <= 16 => {
                let (low, high) = window.split_at(8);
                let low = u64::from_le_bytes(low.try_into().ok()?) & MASK[len.min(8)];
                let high =
                    u64::from_le_bytes(high.try_into().ok()?) & MASK[len.saturating_sub(8).min(8)];
                self.find(low, high, len)
            }
            _ => {
                let key = text.get(start..start.checked_add(len)?)?;
                match pack(key) {
                    Some((low, high)) => self.find(low, high, len),
                    None => self.long.get(std::str::from_utf8(key).ok()?),
                }
            }
        }
    }

    #[inline]
    fn find(&self, low: u64, high: u64, len: usize) -> Option<&V> {
        let slot = self.slots.get(self.probe(low, high, len)?)?;
        (slot.len != EMPTY).then_some(&slot.value)
    }

    /// The index of the key's slot, or of the empty slot where it would go (`None` only
    /// for a map with no slots).
    #[inline]
    fn probe(&self, low: u64, high: u64, len: usize) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = (hash(low, high, len) >> self.shift) as usize;
        loop {
            let slot = self.slots.get(i)?;
            if slot.len == EMPTY
                || (slot.low == low && slot.high == high && slot.len as usize == len)
            {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks `key` up inside a longer text (the path of a name in a claim) and as a
    /// whole text (the path of a name near the end of its file): both must agree.
    fn get(map: &ShortMap<usize>, key: &str) -> Option<usize> {
        let padded = format!("x {key} carrier SLN(talazoparib) in TNBC");
        let inside = map.get_in(padded.as_bytes(), 2, key.len()).copied();
        assert_eq!(inside, map.get(key).copied(), "{key:?}");
        inside
    }

    /// Every key found with its own value, and no other string found at all: keys that
    /// share a prefix, differ in one byte or only in length, of every length from 0 to
    /// 40.
    #[test]
    fn finds_exactly_the_keys_it_holds() {
        let mut keys: Vec<String> = vec![String::new()];
        for len in 1..=40 {
            keys.push("a".repeat(len));
            keys.push(format!("{}b", "a".repeat(len - 1)));
            keys.push(format!("b{}", "a".repeat(len - 1)));
            keys.push((0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect());
        }
        keys.extend(
            ["MDR1", "ABCB1", "MDA-MB-231", "doxorubicin", "épithélial", "Bcl-2", "Bcl-xL"]
                .map(String::from),
        );
        keys.sort();
        keys.dedup();
        let map = ShortMap::new(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)));
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(get(&map, key), Some(i), "{key}");
        }
        for len in 1..=41 {
            for probe in [
                "c".repeat(len),
                format!("{}c", "a".repeat(len - 1)),
                format!("{}\0", "a".repeat(len - 1)),
            ] {
                assert!(!keys.contains(&probe), "{probe:?}");
                assert_eq!(get(&map, &probe), None, "{probe:?}");
            }
        }
        for prefix in ["MDR", "ABCB", "MDA-MB-23", "doxorubici", "Bcl-", "épith"] {
            assert_eq!(get(&map, prefix), None, "{prefix:?}");
        }
    }

    /// Packing is zero-padding, for every length (`get_in` masks a window to the same).
    #[test]
    fn packing_is_zero_padding() {
        let text: Vec<u8> = (1..=20).map(|b| b * 13).collect();
        for n in 0..=17 {
            let bytes = &text[..n];
            let expected = (n <= 16).then(|| {
                let mut buffer = [0u8; 16];
                buffer[..n].copy_from_slice(bytes);
                (
                    u64::from_le_bytes(buffer[..8].try_into().unwrap()),
                    u64::from_le_bytes(buffer[8..].try_into().unwrap()),
                )
            });
            assert_eq!(pack(bytes), expected, "{n}");
        }
    }

    #[test]
    fn the_first_of_two_equal_keys_wins() {
        let long = "a-name-longer-than-sixteen-bytes";
        let map = ShortMap::new([("MDR1", 1), ("MDR1", 2), (long, 3), (long, 4)]);
        assert_eq!(map.get("MDR1"), Some(&1));
        assert_eq!(map.get(long), Some(&3));
    }

    #[test]
    fn ranges_out_of_the_text_find_nothing() {
        let map = ShortMap::new([("SLN", 1)]);
        assert_eq!(map.get_in(b"SLN", 0, 3), Some(&1));
        assert_eq!(map.get_in(b"SLN", 1, 3), None);
        assert_eq!(map.get_in(b"SLN", usize::MAX, 3), None);
        assert_eq!(map.get_in(b"SLN", 0, usize::MAX), None);
        assert_eq!(ShortMap::<u32>::default().get("SLN"), None);
    }
}
