//! Name lookup (spec §4): layer by layer, and inside a layer through the position's
//! namespaces in order; exact matches through all layers before case-insensitive ones;
//! a canonical name before an alias; an alias of several entries is ambiguous.


use super::genes::{GeneMatch, GeneTable};
use super::{Candidate, Layer, Resolved, Vocabulary};
use crate::diagnostic::Rule;
use crate::syntax::ast::Kind;
use crate::text::Span;

/// Where a name stands in a statement; decides its namespaces and its `unknown-*` rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Position {
    /// Object of a relation.
    Object,
    /// Inside `( )` of a composition.
    Payload,
    /// Head of `carrier X(...)` or of a formulation's composition.
    CarrierHead,
    /// After `with`.
    With,
    /// A bare subject.
    Subject,
    /// The name after `drug` in a subject.
    DrugSubject,
    /// After `in`.
    Context,
    /// After `under`.
    Stimulus,
    /// After `via`, or a `role`'s mechanism.
    Mechanism,
}

impl Position {
    pub const ALL: [Position; 9] = [
        Position::Object,
        Position::Payload,
        Position::CarrierHead,
        Position::With,
        Position::Subject,
        Position::DrugSubject,
        Position::Context,
        Position::Stimulus,
        Position::Mechanism,
    ];

    /// This position's index in [`Position::ALL`].
    pub fn index(self) -> usize {
        match self {
            Position::Object => 0,
            Position::Payload => 1,
            Position::CarrierHead => 2,
            Position::With => 3,
            Position::Subject => 4,
            Position::DrugSubject => 5,
            Position::Context => 6,
            Position::Stimulus => 7,
            Position::Mechanism => 8,
        }
    }

    pub fn kinds(self) -> &'static [Kind] {
        match self {
            Position::Object => &[Kind::Target, Kind::Process],
            Position::Payload | Position::DrugSubject => &[Kind::Drug],
            Position::CarrierHead => &[Kind::Carrier],
            Position::With => &[Kind::Ligand, Kind::Drug, Kind::Target, Kind::Carrier],
            Position::Subject => &[Kind::Formulation, Kind::Drug, Kind::Carrier, Kind::Target],
            Position::Context => &[Kind::Context],
            Position::Stimulus => &[Kind::Stimulus],
            Position::Mechanism => &[Kind::Mechanism],
        }
    }

    /// The rule that reports a name found nowhere.
    pub fn unknown_rule(self) -> Rule {
        match self {
            Position::Object => Rule::UnknownTarget,
            Position::Payload | Position::DrugSubject => Rule::UnknownDrug,
            Position::CarrierHead => Rule::UnknownCarrier,
            Position::With => Rule::UnknownLigand,
            Position::Subject => Rule::UnknownSubject,
            Position::Context => Rule::UnknownContext,
            Position::Stimulus => Rule::UnknownStimulus,
            Position::Mechanism => Rule::UnknownMechanism,
        }
    }

    /// What a message calls a name in this position.
    pub fn noun(self) -> &'static str {
        match self {
            Position::Object => "target",
            Position::Payload | Position::DrugSubject => "drug",
            Position::CarrierHead => "carrier",
            Position::With => "ligand",
            Position::Subject => "subject",
            Position::Context => "context",
            Position::Stimulus => "stimulus",
            Position::Mechanism => "mechanism",
        }
    }

    /// "a target or process": what the position takes, for `wrong-kind`.
    pub fn expected(self) -> &'static str {
        match self {
            Position::Object => "a target or process",
            Position::Payload | Position::DrugSubject => "a drug",
            Position::CarrierHead => "a carrier",
            Position::With => "a ligand, drug, target or carrier",
            Position::Subject => "a formulation, drug, carrier or target",
            Position::Context => "a context",
            Position::Stimulus => "a stimulus",
            Position::Mechanism => "a mechanism",
        }
    }

    pub fn takes_genes(self) -> bool {
        self.kinds().contains(&Kind::Target)
    }
}

/// How a found name matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    Canonical,
    Alias,
    /// Only case-insensitively (canonical name or alias).
    Case,
}

/// The outcome of looking a name up in a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(Resolved, Match),
    /// An alias of several entries of the deciding layer.
    Ambiguous(Vec<Resolved>),
    /// Known, but only in namespaces this position does not take.
    WrongKind(Kind),
    Unknown,
}

impl Vocabulary {
    /// Resolves `name` in `position` (spec §4).
    pub fn lookup(&self, name: &str, position: Position) -> Lookup {
        self.find(name, position).unwrap_or_else(|| self.wrong_kind(name, &name.to_lowercase(), position))
    }

    /// The common case of [`Vocabulary::find`], precomputed: a curated name found
    /// exactly, in one hash lookup. `None` says only that the full lookup is needed.
    pub fn quick(&self, name: &str, position: Position) -> Option<(Resolved, Match)> {
        self.quick.get(name.as_bytes(), 0, name.len(), position.index())
    }

    /// [`Vocabulary::quick`] of the name `span.text(src)`, reading the text in place
    /// (no character-boundary checks: a span that is not on boundaries finds nothing).
    #[inline]
    pub fn quick_in(&self, src: &str, span: Span, position: Position) -> Option<(Resolved, Match)> {
        self.quick.get(src.as_bytes(), span.start as usize, span.len() as usize, position.index())
    }

    /// Resolves `name` in `position` without telling a name of another kind from an
    /// unknown one (`None` for both): cheaper where that does not matter.
    pub fn find(&self, name: &str, position: Position) -> Option<Lookup> {
        if let Some((resolved, how)) = self.quick(name, position) {
            return Some(Lookup::Found(resolved, how));
        }
        let kinds = position.kinds();
        let genes = position.takes_genes();
        if let Some(found) = self.in_curated(self.exact.get(name).map(Vec::as_slice), kinds, false) {
            return Some(found);
        }
        if genes {
            if let Some(found) = self.in_genes(name, false) {
                return Some(found);
            }
        }
        let lower = name.to_lowercase();
        if let Some(found) = self.in_curated(self.lower.get(&lower).map(Vec::as_slice), kinds, true) {
            return Some(found);
        }
        if genes {
            if let Some(found) = self.in_genes(name, true) {
                return Some(found);
            }
        }
        None
    }

    /// The first layer that knows the name decides; inside it, the first of the
    /// position's namespaces; inside that, a canonical name before an alias.
    fn in_curated(&self, candidates: Option<&[Candidate]>, kinds: &[Kind], case: bool) -> Option<Lookup> {
        let candidates = candidates?;
        for layer in [Layer::Workspace, Layer::Prelude] {
            for &kind in kinds {
                let matching = || candidates.iter().filter(move |c| c.layer == layer && c.kind == kind);
                if let Some(c) = matching().find(|c| !c.alias) {
                    let how = if case { Match::Case } else { Match::Canonical };
                    return Some(Lookup::Found(self.identity(Resolved::Entry(c.entry)), how));
                }
                let mut aliases = matching().map(|c| c.entry);
                if let Some(first) = aliases.next() {
                    let rest: Vec<_> = aliases.filter(|&e| e != first).collect();
                    if rest.is_empty() {
                        let how = if case { Match::Case } else { Match::Alias };
                        return Some(Lookup::Found(self.identity(Resolved::Entry(first)), how));
                    }
                    let all = std::iter::once(first).chain(rest).map(Resolved::Entry).collect();
                    return Some(Lookup::Ambiguous(all));
                }
            }
        }
        None
    }

    fn in_genes(&self, name: &str, case: bool) -> Option<Lookup> {
        for &species in &self.genes {
            let table = GeneTable::get(species);
            let found = if case { table.lookup_ignore_case(name) } else { table.lookup(name) };
            match found {
                GeneMatch::None => continue,
                GeneMatch::Symbol(gene) => {
                    let how = if case { Match::Case } else { Match::Canonical };
                    return Some(Lookup::Found(self.identity(Resolved::Gene(species, gene)), how));
                }
                GeneMatch::Alias(genes) => {
                    let how = if case { Match::Case } else { Match::Alias };
                    return Some(match genes {
                        [gene] => Lookup::Found(self.identity(Resolved::Gene(species, *gene)), how),
                        _ => Lookup::Ambiguous(genes.iter().map(|&g| self.identity(Resolved::Gene(species, g))).collect()),
                    });
                }
            }
        }
        None
    }

    /// Precomputes, for every curated name and position, the exact curated match.
    pub(crate) fn precompute(&mut self) {
        let rows = self.exact.iter().map(|(name, candidates)| {
            let mut row = [None; 9];
            for position in Position::ALL {
                if let Some(Lookup::Found(resolved, how)) = self.in_curated(Some(candidates), position.kinds(), false) {
                    row[position.index()] = Some((resolved, how));
                }
            }
            (name.as_str(), row)
        });
        self.quick = super::quick::QuickTable::new(rows);
    }

    /// A gene whose symbol is a curated target is that target (spec §4).
    pub(crate) fn identity(&self, resolved: Resolved) -> Resolved {
        match resolved {
            Resolved::Gene(..) => match self.curated_targets.get(self.canonical_name(resolved)) {
                Some(&entry) => Resolved::Entry(entry),
                None => resolved,
            },
            entry => entry,
        }
    }

    fn wrong_kind(&self, name: &str, lower: &str, position: Position) -> Lookup {
        let curated = self.exact.get(name).into_iter().chain(self.lower.get(lower)).flatten();
        if let Some(c) = curated.min_by_key(|c| (c.layer, c.alias)) {
            return Lookup::WrongKind(c.kind);
        }
        if !position.takes_genes() {
            let known_gene = self.genes.iter().map(|&s| GeneTable::get(s)).any(|t| !t.lookup(name).is_none() || !t.lookup_ignore_case(name).is_none());
            if known_gene {
                return Lookup::WrongKind(Kind::Target);
            }
        }
        Lookup::Unknown
    }
}
