//! The quick table: for every curated name, its exact match in each position
//! ([`Vocabulary::quick`](super::Vocabulary::quick)), the lookup almost every name of
//! a claim takes: a [`ShortMap`] whose values are the answers of every position, one word
//! each, so that a lookup reads one slot and nothing else.

use super::lookup::Match;
use super::{EntryId, Resolved};
use crate::text::ShortMap;

/// How many positions a row answers for.
pub(crate) const POSITIONS: usize = super::Position::ALL.len();

/// A name's exact curated match in each position, by [`Position::index`](super::Position::index).
pub(crate) type Row = [Option<(Resolved, Match)>; POSITIONS];

/// A [`Row`] in one word per position: `0` for no match, else `(entry << 2 | match) + 1`.
type Cells = [u32; POSITIONS];

/// Every curated name's [`Row`], as [`Cells`].
#[derive(Default)]
pub(crate) struct QuickTable(ShortMap<Cells>);

fn encode(row: &Row) -> Option<Cells> {
    let mut cells = [0; POSITIONS];
    for (cell, answer) in cells.iter_mut().zip(row) {
        *cell = match *answer {
            None => 0,
            Some((Resolved::Entry(id), how)) if id < 1 << 29 => {
                let how = match how {
                    Match::Canonical => 0,
                    Match::Alias => 1,
                    Match::Case | Match::AliasCase => 2,
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
    pub(crate) fn new<'a>(names: impl Iterator<Item = (&'a str, Row)>) -> QuickTable {
        QuickTable(ShortMap::new(names.filter_map(|(name, row)| Some((name, encode(&row)?)))))
    }

    /// The exact curated match in position `index` of the name `text[start..start + len]`
    /// (`None` also when that is not a name of the table).
    #[inline]
    pub(crate) fn get(
        &self,
        text: &[u8],
        start: usize,
        len: usize,
        index: usize,
    ) -> Option<(Resolved, Match)> {
        decode(*self.0.get_in(text, start, len)?.get(index)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::table::NameId;
    use crate::vocab::Species;

    /// Every answer comes back as it went in, in its position and no other.
    #[test]
    fn answers_round_trip() {
        let hows = [Match::Canonical, Match::Alias, Match::Case];
        let ids: [EntryId; 5] = [0, 1, 354, 70_000, (1 << 29) - 1];
        let names: Vec<String> = (0..ids.len() * 3).map(|i| format!("name{i}")).collect();
        let rows: Vec<Row> = (0..names.len())
            .map(|i| {
                let mut row = [None; POSITIONS];
                row[i % POSITIONS] = Some((Resolved::Entry(ids[i / 3]), hows[i % 3]));
                row
            })
            .collect();
        let table = QuickTable::new(names.iter().map(String::as_str).zip(rows.iter().copied()));
        for (name, row) in names.iter().zip(&rows) {
            for (index, answer) in row.iter().enumerate() {
                assert_eq!(
                    table.get(name.as_bytes(), 0, name.len(), index),
                    *answer,
                    "{name} {index}"
                );
            }
            assert_eq!(table.get(name.as_bytes(), 0, name.len(), POSITIONS), None);
        }
    }

    /// A row the cells cannot hold is left out, for the full lookup to answer.
    #[test]
    fn rows_it_cannot_hold_are_left_out() {
        let mut gene = [None; POSITIONS];
        gene[0] = Some((Resolved::Gene(Species::Human, NameId(7)), Match::Canonical));
        let mut large = [None; POSITIONS];
        large[0] = Some((Resolved::Entry(1 << 29), Match::Canonical));
        let table = QuickTable::new([("TP53", gene), ("X", large)].into_iter());
        assert_eq!(table.get(b"TP53", 0, 4, 0), None);
        assert_eq!(table.get(b"X", 0, 1, 0), None);
    }
}
