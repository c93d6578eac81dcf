//! Name lookup (spec §4, §10 B–C): layer by layer, and inside a layer through the
//! position's namespaces in order; exact matches through all layers before spelling
//! variants (case, `-`, `_`, spaces, Greek letters spelled out); a canonical name
//! before an alias; an alias of several entries is ambiguous, and so is a gene alias
//! that is also a variant of another gene's name.


use super::genes::{GeneId, GeneMatch, GeneTable};
use super::variants::GeneVariants;
use super::{Candidate, EntryId, Layer, Resolved, Vocabulary};
use crate::diagnostic::Rule;
use crate::syntax::ast::Kind;
use crate::text::Span;

/// The curated layers, highest precedence first.
const CURATED: &[Layer] = &[Layer::Workspace, Layer::Prelude];

/// The entries in order, each once.
fn dedup(entries: impl Iterator<Item = EntryId>) -> Vec<EntryId> {
    let mut out: Vec<EntryId> = Vec::new();
    for entry in entries {
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

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
    ///
    /// Exact matches first, through every layer; then spelling variants (spec §10 C:
    /// case, `-`, `_`, spaces, Greek letters spelled out), layer by layer again.
    pub fn find(&self, name: &str, position: Position) -> Option<Lookup> {
        if let Some((resolved, how)) = self.quick(name, position) {
            return Some(Lookup::Found(resolved, how));
        }
        let kinds = position.kinds();
        let genes = position.takes_genes();
        if let Some(found) = self.in_curated(self.exact.get(name).map(Vec::as_slice), kinds, false, CURATED) {
            return Some(found);
        }
        if genes {
            if let Some(found) = self.in_genes(name, false) {
                return Some(found);
            }
        }
        if let Some(found) = self.in_curated(self.curated_variants(name).as_deref(), kinds, true, CURATED) {
            return Some(found);
        }
        if genes {
            if let Some(found) = self.in_genes(name, true) {
                return Some(found);
            }
        }
        None
    }

    /// The curated candidates whose name is a spelling variant of `name`.
    fn curated_variants(&self, name: &str) -> Option<Vec<Candidate>> {
        let mut out: Vec<Candidate> = Vec::new();
        for key in super::variants::keys(name) {
            for &c in self.variants.get(&key).map_or(&[][..], Vec::as_slice) {
                if !out.iter().any(|o| o.entry == c.entry && o.alias == c.alias) {
                    out.push(c);
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// The first layer that knows the name decides; inside it, the first of the
    /// position's namespaces; inside that, a canonical name before an alias.
    fn in_curated(&self, candidates: Option<&[Candidate]>, kinds: &[Kind], case: bool, layers: &[Layer]) -> Option<Lookup> {
        let candidates = candidates?;
        for &layer in layers {
            for &kind in kinds {
                let matching = || candidates.iter().filter(move |c| c.layer == layer && c.kind == kind);
                let canonical: Vec<_> = dedup(matching().filter(|c| !c.alias).map(|c| c.entry));
                if let [one] = canonical.as_slice() {
                    let how = if case { Match::Case } else { Match::Canonical };
                    return Some(Lookup::Found(self.identity(Resolved::Entry(*one)), how));
                }
                // Exactly, a canonical name is unique in its kind and layer; through a
                // variant, two canonical names of one kind are ambiguous too.
                if canonical.len() > 1 && case {
                    return Some(Lookup::Ambiguous(canonical.into_iter().map(Resolved::Entry).collect()));
                }
                if let Some(&first) = canonical.first() {
                    return Some(Lookup::Found(self.identity(Resolved::Entry(first)), Match::Canonical));
                }
                let aliases: Vec<_> = dedup(matching().map(|c| c.entry));
                match aliases.as_slice() {
                    [] => {}
                    [one] => {
                        let how = if case { Match::Case } else { Match::Alias };
                        return Some(Lookup::Found(self.identity(Resolved::Entry(*one)), how));
                    }
                    _ => return Some(Lookup::Ambiguous(aliases.into_iter().map(Resolved::Entry).collect())),
                }
            }
        }
        None
    }

    /// The gene namespaces: exactly (`variant` false), a symbol wins, and an alias is
    /// ambiguous when it is also a spelling variant of another gene's name (spec §10
    /// B: `NRF2` is GABPA's alias and a variant of NFE2L2's `NRF-2`); through
    /// variants (`variant` true), a symbol matched case-insensitively wins, else the
    /// name must be a variant of exactly one gene's names.
    fn in_genes(&self, name: &str, variant: bool) -> Option<Lookup> {
        for &species in &self.genes {
            let table = GeneTable::get(species);
            let found = if variant { table.lookup_ignore_case(name) } else { table.lookup(name) };
            let how = |exact| if variant { Match::Case } else { exact };
            let genes: Vec<GeneId> = match found {
                GeneMatch::Symbol(gene) => {
                    return Some(Lookup::Found(self.identity(Resolved::Gene(species, gene)), how(Match::Canonical)));
                }
                GeneMatch::Alias(genes) if !variant => {
                    let mut all = genes.to_vec();
                    for gene in GeneVariants::get(species).genes(name) {
                        if !all.contains(&gene) {
                            all.push(gene);
                        }
                    }
                    all
                }
                GeneMatch::None if !variant => continue,
                _ => GeneVariants::get(species).genes(name),
            };
            match genes.as_slice() {
                [] => continue,
                [gene] => return Some(Lookup::Found(self.identity(Resolved::Gene(species, *gene)), how(Match::Alias))),
                _ => {
                    let mut resolved: Vec<Resolved> = Vec::new();
                    for &gene in &genes {
                        let r = self.identity(Resolved::Gene(species, gene));
                        if !resolved.contains(&r) {
                            resolved.push(r);
                        }
                    }
                    return Some(match resolved.as_slice() {
                        [one] => Lookup::Found(*one, how(Match::Alias)),
                        _ => Lookup::Ambiguous(resolved),
                    });
                }
            }
        }
        None
    }

    /// Whether `name` means one entry in every layer that knows it in `position`
    /// (spec §10 E): only then is replacing it by its canonical name a safe fix.
    pub fn unambiguous_everywhere(&self, name: &str, position: Position) -> bool {
        let kinds = position.kinds();
        let mut seen: Option<Resolved> = None;
        let mut agree = |lookup: Option<Lookup>| match lookup {
            None => true,
            Some(Lookup::Found(r, _)) => *seen.get_or_insert(r) == r,
            Some(_) => false,
        };
        let exact = self.exact.get(name).map(Vec::as_slice);
        let variants = self.curated_variants(name);
        for layer in CURATED {
            let layer = std::slice::from_ref(layer);
            let found = self.in_curated(exact, kinds, false, layer).or_else(|| self.in_curated(variants.as_deref(), kinds, true, layer));
            if !agree(found) {
                return false;
            }
        }
        !position.takes_genes() || agree(self.in_genes(name, false).or_else(|| self.in_genes(name, true)))
    }

    /// Precomputes, for every curated name and position, the exact curated match.
    pub(crate) fn precompute(&mut self) {
        let rows = self.exact.iter().map(|(name, candidates)| {
            let mut row = [None; 9];
            for position in Position::ALL {
                if let Some(Lookup::Found(resolved, how)) = self.in_curated(Some(candidates), position.kinds(), false, CURATED) {
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
