//! The vocabulary: the prelude (standard entries written in EVN), the gene namespaces,
//! and name lookup with suggestions.

pub mod genes;

/// A gene namespace that can be enabled in `evn.toml` (`genes = ["human", "mouse"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Species {
    Human,
    Mouse,
}

impl Species {
    pub fn from_name(name: &str) -> Option<Species> {
        match name {
            "human" => Some(Species::Human),
            "mouse" => Some(Species::Mouse),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Species::Human => "human",
            Species::Mouse => "mouse",
        }
    }
}
