//! The relation words of spec §5 (with §10 D's additions) and their polarity, and a
//! workspace's own words (`define relation WORD up|down|none`).

use std::sync::LazyLock;

use crate::text::ShortMap;

pub use crate::syntax::ast::Polarity;
use crate::vocab::Vocabulary;

/// Every relation word, with its polarity.
pub const RELATIONS: &[(&str, Polarity)] = &[
    ("increases", Polarity::Up),
    ("upregulates", Polarity::Up),
    ("activates", Polarity::Up),
    ("induces", Polarity::Up),
    ("enhances", Polarity::Up),
    ("promotes", Polarity::Up),
    ("restores", Polarity::Up),
    ("sensitizes", Polarity::Up),
    ("prolongs", Polarity::Up),
    ("decreases", Polarity::Down),
    ("downregulates", Polarity::Down),
    ("inhibits", Polarity::Down),
    ("suppresses", Polarity::Down),
    ("reduces", Polarity::Down),
    ("blocks", Polarity::Down),
    ("silences", Polarity::Down),
    ("reverses", Polarity::Down),
    ("overcomes", Polarity::Down),
    ("targets", Polarity::None),
    ("delivers", Polarity::None),
    ("bypasses", Polarity::None),
    ("modulates", Polarity::None),
    ("binds", Polarity::None),
    ("encodes", Polarity::None),
    ("crosses", Polarity::None),
];

/// The polarity of a relation word, or `None` for a word that is no relation.
pub fn polarity(word: &str) -> Option<Polarity> {
    // Asked of every claim.
    static TABLE: LazyLock<ShortMap<Polarity>> =
        LazyLock::new(|| ShortMap::new(RELATIONS.iter().copied()));
    TABLE.get(word).copied()
}

/// The words alone, for suggestions and completion.
pub fn words() -> impl Iterator<Item = &'static str> {
    RELATIONS.iter().map(|(w, _)| *w)
}

/// The polarity of a relation word in a workspace: a built-in word's, else the
/// workspace's own definition's, else `None`.
pub fn polarity_in(vocabulary: &Vocabulary, word: &str) -> Option<Polarity> {
    polarity(word).or_else(|| vocabulary.relation(word).map(|r| r.polarity))
}
