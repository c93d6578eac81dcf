//! The relation words of spec §5 (with §10 D's and §11 G–H's additions) and their
//! polarity, which relations take a disease or phenotype as their object (§11 H), and
//! a workspace's own words (`define relation WORD up|down|none`).

use std::sync::LazyLock;

use crate::text::ShortMap;

pub use crate::syntax::ast::Polarity;
use crate::vocab::{Position, Vocabulary};

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
    ("causes", Polarity::Up),
    ("increases-risk-of", Polarity::Up),
    ("decreases", Polarity::Down),
    ("downregulates", Polarity::Down),
    ("inhibits", Polarity::Down),
    ("suppresses", Polarity::Down),
    ("reduces", Polarity::Down),
    ("blocks", Polarity::Down),
    ("silences", Polarity::Down),
    ("reverses", Polarity::Down),
    ("overcomes", Polarity::Down),
    ("treats", Polarity::Down),
    ("prevents", Polarity::Down),
    ("reduces-risk-of", Polarity::Down),
    ("degrades", Polarity::Down),
    ("targets", Polarity::None),
    ("delivers", Polarity::None),
    ("bypasses", Polarity::None),
    ("modulates", Polarity::None),
    ("binds", Polarity::None),
    ("encodes", Polarity::None),
    ("crosses", Polarity::None),
    ("phosphorylates", Polarity::None),
    ("dephosphorylates", Polarity::None),
    ("cleaves", Polarity::None),
    ("ubiquitinates", Polarity::None),
    ("acetylates", Polarity::None),
    ("methylates", Polarity::None),
    ("is-associated-with", Polarity::None),
    ("predicts", Polarity::None),
    ("requires", Polarity::None),
    ("does-not-affect", Polarity::Null),
    ("does-not-change", Polarity::Null),
    ("has-no-effect-on", Polarity::Null),
];

/// The relations whose object may be a disease or a phenotype as well as a target or
/// process (spec 0.3 §11 H: `drug imatinib treats CML`), and, since issue 21, the
/// relations of a quantity that trials and models report of a disease, its incidence
/// (`drug finerenone reduces ESKD`, `TAC induces heart-failure`, `drug X has-no-effect-on
/// stroke`): docs/decisions.md, "Clinical outcomes and disease subtypes".
pub const OUTCOME_RELATIONS: &[&str] = &[
    "increases",
    "decreases",
    "reduces",
    "induces",
    "promotes",
    "does-not-affect",
    "does-not-change",
    "has-no-effect-on",
    "causes",
    "treats",
    "prevents",
    "increases-risk-of",
    "reduces-risk-of",
    "is-associated-with",
    "predicts",
];

/// The position of `word`'s objects: [`Position::Outcome`] for the relations whose
/// object may be a disease or phenotype, else [`Position::Object`].
pub fn object_position(word: &str) -> Position {
    if OUTCOME_RELATIONS.contains(&word) {
        Position::Outcome
    } else {
        Position::Object
    }
}

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
