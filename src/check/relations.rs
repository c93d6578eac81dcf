//! The relation words of spec §5 and their polarity.

use std::sync::LazyLock;

use crate::text::ShortMap;

/// Which way a relation moves its objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Polarity {
    Up,
    Down,
    None,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Up => "up",
            Polarity::Down => "down",
            Polarity::None => "none",
        }
    }
}

/// Every relation word, with its polarity.
pub const RELATIONS: &[(&str, Polarity)] = &[
    ("increases", Polarity::Up),
    ("upregulates", Polarity::Up),
    ("activates", Polarity::Up),
    ("induces", Polarity::Up),
    ("enhances", Polarity::Up),
    ("promotes", Polarity::Up),
    ("restores", Polarity::Up),
    ("decreases", Polarity::Down),
    ("downregulates", Polarity::Down),
    ("inhibits", Polarity::Down),
    ("suppresses", Polarity::Down),
    ("reduces", Polarity::Down),
    ("blocks", Polarity::Down),
    ("silences", Polarity::Down),
    ("reverses", Polarity::Down),
    ("targets", Polarity::None),
    ("delivers", Polarity::None),
    ("bypasses", Polarity::None),
    ("modulates", Polarity::None),
    ("binds", Polarity::None),
];

/// The polarity of a relation word, or `None` for a word that is no relation.
pub fn polarity(word: &str) -> Option<Polarity> {
    // Asked of every claim.
    static TABLE: LazyLock<ShortMap<Polarity>> = LazyLock::new(|| ShortMap::new(RELATIONS.iter().copied()));
    TABLE.get(word).copied()
}

/// The words alone, for suggestions and completion.
pub fn words() -> impl Iterator<Item = &'static str> {
    RELATIONS.iter().map(|(w, _)| *w)
}
