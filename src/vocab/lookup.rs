//! Name lookup (spec §4, §10 A–C, §11 C): layer by layer, and inside a layer through
//! the position's namespaces in order. Exact matches first: the curated layers, then
//! the reference layer; then spelling variants (case, `-`, `_`, spaces, Greek letters
//! spelled out or moved), the curated layers, then the reference layer. A canonical
//! name before an alias; an alias of several entries is ambiguous, and so is a gene
//! alias that is also a variant of another gene's name. In the reference layer every
//! namespace of the position's kinds is searched (genes, then [`Reference::ALL`] in
//! order): a canonical name, or a variant of one, wins, the first namespace's if
//! several have it; else the aliases of all of them count together, and an alias
//! found so resolves only when no other entry of any enabled namespace, of any kind,
//! carries it too (the homonym index, `vocab/homonyms.rs`): otherwise it is
//! ambiguous, listing them all. The curated layers settle the homonyms their authors
//! chose. A name is looked for in its position's kinds before any other kind is
//! considered (`wrong-kind`, which names what the name was found as).

use super::table::{NameId, NameMatch, NameTable};
use super::variants::NameVariants;
use super::{Candidate, EntryId, Layer, Reference, Resolved, Vocabulary};
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
    /// Object of a relation that may take a disease or phenotype as well (`treats`,
    /// `causes`, …: spec 0.3 §11 H).
    Outcome,
}

impl Position {
    pub const ALL: [Position; 10] = [
        Position::Object,
        Position::Payload,
        Position::CarrierHead,
        Position::With,
        Position::Subject,
        Position::DrugSubject,
        Position::Context,
        Position::Stimulus,
        Position::Mechanism,
        Position::Outcome,
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
            Position::Outcome => 9,
        }
    }

    pub fn kinds(self) -> &'static [Kind] {
        match self {
            Position::Object => &[Kind::Target, Kind::Process],
            Position::Payload | Position::DrugSubject => &[Kind::Drug],
            Position::CarrierHead => &[Kind::Carrier],
            Position::With => &[Kind::Ligand, Kind::Drug, Kind::Target, Kind::Carrier],
            // After the 0.1 kinds, the agents of spec 0.3 §11 I: cell types, organisms
            // and models (contexts, see `searches`) and stimuli.
            Position::Subject => &[
                Kind::Formulation,
                Kind::Drug,
                Kind::Carrier,
                Kind::Target,
                Kind::Context,
                Kind::Stimulus,
            ],
            Position::Context => &[Kind::Context],
            Position::Stimulus => &[Kind::Stimulus],
            Position::Mechanism => &[Kind::Mechanism],
            Position::Outcome => &[Kind::Target, Kind::Process, Kind::Context],
        }
    }

    /// The rule that reports a name found nowhere.
    pub fn unknown_rule(self) -> Rule {
        match self {
            Position::Object | Position::Outcome => Rule::UnknownTarget,
            Position::Payload | Position::DrugSubject => Rule::UnknownDrug,
            Position::CarrierHead => Rule::UnknownCarrier,
            Position::With => Rule::UnknownLigand,
            Position::Subject => Rule::UnknownSubject,
            Position::Context => Rule::UnknownContext,
            Position::Stimulus => Rule::UnknownStimulus,
            Position::Mechanism => Rule::UnknownMechanism,
        }
    }

    /// A position whose names `rule` reports when they are found nowhere (the inverse
    /// of [`Position::unknown_rule`]; `unknown-drug` gives the payload, whose kinds are
    /// the drug subject's).
    pub fn of_unknown_rule(rule: Rule) -> Option<Position> {
        Some(match rule {
            Rule::UnknownTarget => Position::Object,
            Rule::UnknownDrug => Position::Payload,
            Rule::UnknownCarrier => Position::CarrierHead,
            Rule::UnknownLigand => Position::With,
            Rule::UnknownSubject => Position::Subject,
            Rule::UnknownContext => Position::Context,
            Rule::UnknownStimulus => Position::Stimulus,
            Rule::UnknownMechanism => Position::Mechanism,
            _ => return None,
        })
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
            Position::Outcome => "target or disease",
        }
    }

    /// "a target or process": what the position takes, for `wrong-kind`.
    pub fn expected(self) -> &'static str {
        match self {
            Position::Object => "a target or process",
            Position::Payload | Position::DrugSubject => "a drug",
            Position::CarrierHead => "a carrier",
            Position::With => "a ligand, drug, target or carrier",
            Position::Subject => {
                "a formulation, drug, carrier, target, cell type, organism, model or stimulus"
            }
            Position::Context => "a context",
            Position::Stimulus => "a stimulus",
            Position::Mechanism => "a mechanism",
            Position::Outcome => "a target, process, disease or phenotype",
        }
    }

    /// Whether this position searches a reference namespace: one of its kinds, and of
    /// the contexts only the diseases where a disease is an outcome (a cell line or an
    /// organ is not what a drug treats), and only the agents in a bare subject: cell
    /// types, organisms and models (spec 0.3 §11 I).
    pub fn searches(self, reference: Reference) -> bool {
        self.kinds().contains(&reference.kind())
            && (reference.kind() != Kind::Context
                || match self {
                    Position::Outcome => reference == Reference::Diseases,
                    Position::Subject => matches!(
                        reference,
                        Reference::CellTypes | Reference::Organisms | Reference::Models
                    ),
                    _ => true,
                })
    }

    /// Where `kind` stands in this position's kinds: the position's order of
    /// candidates; a kind it does not take comes after all of them.
    fn rank(self, kind: Kind) -> usize {
        let kinds = self.kinds();
        kinds.iter().position(|&k| k == kind).unwrap_or(kinds.len())
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
    /// Only case-insensitively or as a spelling variant (of a curated name, or of a
    /// reference namespace's canonical name).
    Case,
    /// As a spelling variant of a reference namespace's alias: never silent (spec
    /// §11 C), its `non-canonical-name` is a warning.
    AliasCase,
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
    /// Resolves `name` in `position` (spec §4); a name that no layer knows in any kind
    /// is then read as a derived name (spec §11 B, `vocab/derived.rs`).
    pub fn lookup(&self, name: &str, position: Position) -> Lookup {
        self.find(name, position).unwrap_or_else(|| match self.wrong_kind(name, position) {
            Lookup::Unknown => match self.derive(name, position) {
                super::Derivation::Read(lookup) => lookup,
                _ => Lookup::Unknown,
            },
            known => known,
        })
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
        self.find_unsettled(name, position).map(|found| self.settle_by_titles(found))
    }

    /// [`Vocabulary::find`] past the quick table, before the titles settle anything.
    pub(super) fn find_unsettled(&self, name: &str, position: Position) -> Option<Lookup> {
        let kinds = position.kinds();
        if let Some(found) =
            self.in_curated(self.exact.get(name).map(Vec::as_slice), kinds, false, CURATED)
        {
            return Some(found);
        }
        if let Some(found) = self.in_reference(name, position, false) {
            return Some(found);
        }
        if let Some(found) =
            self.in_curated(self.curated_variants(name).as_deref(), kinds, true, CURATED)
        {
            return Some(found);
        }
        self.in_reference(name, position, true)
    }

    /// [`Vocabulary::find`] in the curated layers only (workspace, prelude): loads no
    /// reference namespace.
    pub fn find_curated(&self, name: &str, position: Position) -> Option<Lookup> {
        if let Some((resolved, how)) = self.quick(name, position) {
            return Some(Lookup::Found(resolved, how));
        }
        let kinds = position.kinds();
        self.in_curated(self.exact.get(name).map(Vec::as_slice), kinds, false, CURATED).or_else(
            || self.in_curated(self.curated_variants(name).as_deref(), kinds, true, CURATED),
        )
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
    fn in_curated(
        &self,
        candidates: Option<&[Candidate]>,
        kinds: &[Kind],
        case: bool,
        layers: &[Layer],
    ) -> Option<Lookup> {
        let candidates = candidates?;
        for &layer in layers {
            for &kind in kinds {
                let matching =
                    || candidates.iter().filter(move |c| c.layer == layer && c.kind == kind);
                let canonical: Vec<_> = dedup(matching().filter(|c| !c.alias).map(|c| c.entry));
                if let [one] = canonical.as_slice() {
                    let how = if case { Match::Case } else { Match::Canonical };
                    return Some(Lookup::Found(self.identity(Resolved::Entry(*one)), how));
                }
                // Exactly, a canonical name is unique in its kind and layer; through a
                // variant, two canonical names of one kind are ambiguous too.
                if canonical.len() > 1 && case {
                    return Some(Lookup::Ambiguous(
                        canonical.into_iter().map(Resolved::Entry).collect(),
                    ));
                }
                if let Some(&first) = canonical.first() {
                    return Some(Lookup::Found(
                        self.identity(Resolved::Entry(first)),
                        Match::Canonical,
                    ));
                }
                let aliases: Vec<_> = dedup(matching().map(|c| c.entry));
                match aliases.as_slice() {
                    [] => {}
                    [one] => {
                        let how = if case { Match::Case } else { Match::Alias };
                        return Some(Lookup::Found(self.identity(Resolved::Entry(*one)), how));
                    }
                    _ => {
                        return Some(Lookup::Ambiguous(
                            aliases.into_iter().map(Resolved::Entry).collect(),
                        ))
                    }
                }
            }
        }
        None
    }

    /// The reference namespaces a position searches, in lookup order, each as a way to
    /// make a [`Resolved`] of its ids and its table (loaded here, on first use).
    pub(crate) fn reference_tables(
        &self,
        position: Position,
    ) -> impl Iterator<Item = (Namespace, &'static NameTable)> + '_ {
        let kinds = position.kinds();
        let genes = self
            .genes
            .iter()
            .filter(move |_| kinds.contains(&Kind::Target))
            .map(|&s| (Namespace::Genes(s), NameTable::get(s)));
        let others = self
            .references
            .iter()
            .filter(move |r| position.searches(**r))
            .map(|&r| (Namespace::Other(r), r.table()));
        genes.chain(others)
    }

    /// The reference layer: a canonical name in any of the position's namespaces wins
    /// (the first namespace's); else the aliases of all of them together decide, one
    /// entry found, several ambiguous (spec §10 B).
    ///
    /// Exactly (`variant` false), an alias counts together with every other entry
    /// that carries it, as a name or a spelling variant of one (`NRF2` is GABPA's alias
    /// and a variant of NFE2L2's `NRF-2`: ambiguous), through the homonym index.
    /// Through variants (`variant` true), a canonical name matched case-insensitively
    /// or as a spelling variant wins (`LN229` is the cell line `LN-229`), else the
    /// entries the name is a variant of count. The same in every namespace.
    fn in_reference(&self, name: &str, position: Position, variant: bool) -> Option<Lookup> {
        let mut aliases: Vec<Resolved> = Vec::new();
        // Through a variant, whether the name is an alias but for the case of its first
        // letter: ontologies write their labels in sentence case (MeSH's `Neuron`, HPO's
        // `Weight loss`), which an author's `neuron` is, not a misspelling.
        let mut sentence_case = false;
        // A canonical name in another case wins in any namespace, whatever the others
        // hold (spec §11 C): looked for first, so that a name found so (`hypertension`,
        // HPO's `Hypertension`) builds no namespace's spelling-variant index.
        if variant {
            for (namespace, table) in self.reference_tables(position) {
                if let NameMatch::Symbol(id) = table.lookup_ignore_case(name) {
                    return Some(Lookup::Found(self.identity(namespace.resolved(id)), Match::Case));
                }
            }
        }
        for (namespace, table) in self.reference_tables(position) {
            let found = if variant { table.lookup_ignore_case(name) } else { table.lookup(name) };
            let ids: Vec<NameId> = match found {
                // A canonical name, or a variant of one, resolves silently (spec §11 C):
                // the position decides between canonical names.
                NameMatch::Symbol(id) => {
                    let how = if variant { Match::Case } else { Match::Canonical };
                    return Some(Lookup::Found(self.identity(namespace.resolved(id)), how));
                }
                // The entries whose names the alias is a spelling variant of (`NRF2`,
                // GABPA's alias and a variant of NFE2L2's `NRF-2`) are in the homonym
                // index, which `settle` reads: no spelling-variant index is built here.
                NameMatch::Alias(ids) if !variant => ids.to_vec(),
                NameMatch::None if !variant => continue,
                _ => {
                    let ids = namespace.variants().genes(name);
                    // A spelling variant of a canonical name (`LN229`, the cell line
                    // `LN-229`) is that name, as a case variant is.
                    let canonical = ids
                        .iter()
                        .find(|&&id| super::variants::are_variants(table.symbol(id), name));
                    if let Some(&id) = canonical {
                        return Some(Lookup::Found(
                            self.identity(namespace.resolved(id)),
                            Match::Case,
                        ));
                    }
                    ids
                }
            };
            for id in ids {
                sentence_case = sentence_case
                    || (variant && table.aliases(id).any(|alias| same_but_first_case(alias, name)));
                let resolved = self.identity(namespace.resolved(id));
                if !aliases.contains(&resolved) {
                    aliases.push(resolved);
                }
            }
        }
        if aliases.is_empty() {
            return None;
        }
        let how = match (variant, sentence_case) {
            (false, _) => Match::Alias,
            (true, true) => Match::Case,
            (true, false) => Match::AliasCase,
        };
        Some(self.settle(name, position, aliases, how))
    }

    /// Of the entries that carry one name, those that are one substance named twice
    /// keep one reading: a microRNA and the gene that encodes it (`miR-21`, MIR21) are
    /// the microRNA; a protein that a drug source also lists (spec §11 C: `thrombin`,
    /// `IL-2`) is a target at target positions and a drug at drug positions (of target
    /// and drug carriers together, those of the kind the position ranks first stay).
    fn one_substance(&self, out: &mut Vec<Resolved>, position: Position) {
        // A microRNA and the gene that encodes it (`miR-21`, MIR21) are one name.
        if out.iter().any(|r| matches!(r, Resolved::Reference(Reference::Mirnas, _))) {
            out.retain(|&r| {
                !matches!(r, Resolved::Gene(..)) || {
                    let symbol = self.canonical_name(r).to_ascii_uppercase();
                    !(symbol.starts_with("MIR") || symbol.starts_with("LET7"))
                }
            });
        }
        // A family or complex and one of its members (`IL-23`: the complex IL23 and its
        // subunit IL23A's alias) are the family: a family name never means one member
        // (spec §11 C).
        let members: Vec<&str> = out
            .iter()
            .filter_map(|&r| match r {
                Resolved::Reference(Reference::Families, id) => Reference::Families.info(id),
                _ => None,
            })
            .flat_map(|info| family_members(info.description))
            .collect();
        if !members.is_empty() {
            out.retain(|&r| {
                !matches!(r, Resolved::Gene(..)) || !members.contains(&self.canonical_name(r))
            });
        }
        let rank = |kind: Kind| position.rank(kind);
        // A phenotype that HPO names as a disease names it (`Hypertension`, Mondo's
        // `hypertensive disorder` whose synonym it is): one concept in two ontologies,
        // a context after `in` and a process (an outcome) after a relation. Only when one
        // entry's canonical name is a name of the other: `ASD` is atrial septal defect in
        // HPO and autism spectrum disorder in Mondo, two concepts, still ambiguous.
        let phenotypes: Vec<Resolved> = out
            .iter()
            .copied()
            .filter(|r| matches!(r, Resolved::Reference(Reference::Phenotypes, _)))
            .collect();
        for phenotype in phenotypes {
            let same =
                |disease: Resolved| {
                    self.kind_of(disease) == Kind::Context
                        && (self.names_of(disease).iter().any(|n| {
                            super::variants::are_variants(n, self.canonical_name(phenotype))
                        }) || self.names_of(phenotype).iter().any(|n| {
                            super::variants::are_variants(n, self.canonical_name(disease))
                        }))
                };
            if let Some(&disease) = out.iter().find(|&&r| r != phenotype && same(r)) {
                let drop =
                    if rank(Kind::Process) < rank(Kind::Context) { disease } else { phenotype };
                out.retain(|&r| r != drop);
            }
        }
        let has = |kind: Kind| out.iter().any(|&r| self.kind_of(r) == kind);
        if has(Kind::Target) && has(Kind::Drug) {
            let drop =
                if rank(Kind::Drug) < rank(Kind::Target) { Kind::Target } else { Kind::Drug };
            out.retain(|&r| self.kind_of(r) != drop);
        }
    }

    /// Every name of an entry: its canonical name and aliases, and for a curated entry
    /// that is a reference entry (spec §4 identity), the reference entry's too.
    pub(crate) fn names_of(&self, resolved: Resolved) -> Vec<&str> {
        let of_table = |table: &'static NameTable, id: NameId| -> Vec<&'static str> {
            std::iter::once(table.symbol(id)).chain(table.aliases(id)).collect()
        };
        match resolved {
            Resolved::Gene(species, id) => of_table(NameTable::get(species), id),
            Resolved::Reference(reference, id) => of_table(reference.table(), id),
            Resolved::Entry(id) => {
                let Some(entry) = self.entry(id) else { return Vec::new() };
                let mut names: Vec<&str> = std::iter::once(entry.name.as_str())
                    .chain(entry.aliases.iter().map(String::as_str))
                    .collect();
                for &reference in self.references.iter().filter(|r| r.kind() == entry.kind) {
                    if let NameMatch::Symbol(id) = reference.table().lookup(&entry.name) {
                        names.extend(of_table(reference.table(), id));
                    }
                }
                names
            }
            Resolved::Derived(_) => vec![self.canonical_name(resolved)],
        }
    }

    /// A name found in the reference layer other than as a canonical name, exactly: it
    /// stays found only when no other entry of any enabled namespace, of any kind,
    /// carries it (spec §11 C); else it is ambiguous, the found entry first.
    ///
    /// The position decides between canonical names: an entry of the position's kinds
    /// whose canonical name the name is, in another case or spelling (`lung`, anatomy's
    /// `Lung`), wins over the alias (a neoplasm's synonym `lung`); and an entry of a
    /// kind the position does not take, whose canonical name the name is, makes no
    /// alias here ambiguous (`hypertension` after `in` is the disease that lists it,
    /// not HPO's `Hypertension`, which is a process).
    fn settle(&self, name: &str, position: Position, found: Vec<Resolved>, how: Match) -> Lookup {
        let mut others = self.homonyms(name, position);
        let named = |r: Resolved| super::variants::are_variants(self.canonical_name(r), name);
        if let Some(&canonical) =
            others.iter().find(|&&r| !found.contains(&r) && self.takes(position, r) && named(r))
        {
            return Lookup::Found(canonical, Match::Case);
        }
        // An alias that is the found entry's own canonical name in another case or
        // spelling (`Huh-7`, which EFO lists for the cell line `HuH-7`) is that name, as
        // `HUH7` is through a variant: a canonical name written otherwise resolves
        // whatever other entries carry it (`HUH7` is also an alias of the gene
        // MIR7-3HG, which is no context).
        if let Some(&own) = found.iter().find(|&&r| self.takes(position, r) && named(r)) {
            return Lookup::Found(
                own,
                if how == Match::Alias { Match::Alias } else { Match::Case },
            );
        }
        others.retain(|&r| self.takes(position, r) || !named(r));
        let mut all = found;
        for other in others {
            if !all.contains(&other) {
                all.push(other);
            }
        }
        self.one_substance(&mut all, position);
        match all.as_slice() {
            [one] => Lookup::Found(*one, how),
            _ => Lookup::Ambiguous(all),
        }
    }

    /// Every entry of the enabled reference namespaces that carries `name` (a key of
    /// it: as a canonical name, an alias or a spelling variant), from the homonym index
    /// (`vocab/homonyms.rs`), each once and as the curated entry it is, if any; the
    /// position's kinds first. A protein that a drug source also lists is one substance
    /// (spec §11 C: `thrombin`, `IL-2`): of target and drug carriers together, only
    /// those of the kind the position ranks first stay.
    pub(crate) fn homonyms(&self, name: &str, position: Position) -> Vec<Resolved> {
        let carriers = super::homonyms::Homonyms::get().of_name(name);
        if carriers.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Resolved> = Vec::new();
        for (namespace, canonical) in carriers {
            let namespace = match namespace.strip_prefix("genes:").map(super::Species::from_name) {
                Some(Some(species)) if self.genes.contains(&species) => Namespace::Genes(species),
                Some(_) => continue,
                None => match Reference::from_name(namespace) {
                    Some(reference) if self.references.contains(&reference) => {
                        Namespace::Other(reference)
                    }
                    _ => continue,
                },
            };
            let found = namespace
                .table()
                .lookup(canonical)
                .genes()
                .first()
                .map(|&id| namespace.resolved(id));
            if let Some(resolved) = found.map(|r| self.identity(r)) {
                if !out.contains(&resolved) {
                    out.push(resolved);
                }
            }
        }
        self.one_substance(&mut out, position);
        out.sort_by_key(|&r| position.rank(self.kind_of(r)));
        out
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
            let found = self
                .in_curated(exact, kinds, false, layer)
                .or_else(|| self.in_curated(variants.as_deref(), kinds, true, layer));
            if !agree(found) {
                return false;
            }
        }
        agree(
            self.in_reference(name, position, false)
                .or_else(|| self.in_reference(name, position, true)),
        )
    }

    /// Precomputes, for every curated name and position, the exact curated match.
    pub(crate) fn precompute(&mut self) {
        let rows = self.exact.iter().map(|(name, candidates)| {
            let mut row = [None; super::quick::POSITIONS];
            for position in Position::ALL {
                if let Some(Lookup::Found(resolved, how)) =
                    self.in_curated(Some(candidates), position.kinds(), false, CURATED)
                {
                    row[position.index()] = Some((resolved, how));
                }
            }
            (name.as_str(), row)
        });
        self.quick = super::quick::QuickTable::new(rows);
    }

    /// A gene whose symbol is a curated target is that target (spec §4); so is a drug
    /// or context of a reference namespace whose canonical name a curated entry of its
    /// kind has.
    pub(crate) fn identity(&self, resolved: Resolved) -> Resolved {
        match resolved {
            Resolved::Gene(..) => match self.curated_targets.get(self.canonical_name(resolved)) {
                Some(&entry) => Resolved::Entry(entry),
                None => resolved,
            },
            Resolved::Reference(reference, _) => {
                let key = (reference.kind(), self.canonical_name(resolved).to_string());
                match self.curated_others.get(&key) {
                    Some(&entry) => Resolved::Entry(entry),
                    None => resolved,
                }
            }
            entry => entry,
        }
    }

    /// What a name that is `wrong-kind` in `position` was found as, for its message
    /// (spec §11 C: "`X` is a gene alias (of Y) here, not a context"): the entry, and
    /// whether through an alias or a variant rather than its canonical name: the
    /// curated layers first, then the namespaces the position does not search (it found
    /// nothing in its own).
    pub fn found_as(&self, name: &str, position: Position) -> Option<(Resolved, bool)> {
        let lower = name.to_lowercase();
        let curated = self.exact.get(name).into_iter().chain(self.lower.get(&lower)).flatten();
        if let Some(c) = curated.min_by_key(|c| (c.layer, c.alias)) {
            return Some((Resolved::Entry(c.entry), c.alias));
        }
        let kinds = position.kinds();
        let first = |t: &NameTable| match t.lookup(name) {
            NameMatch::None => match t.lookup_ignore_case(name) {
                NameMatch::None => None,
                found => found.genes().first().map(|&id| (id, true)),
            },
            NameMatch::Symbol(id) => Some((id, false)),
            NameMatch::Alias(ids) => ids.first().map(|&id| (id, true)),
        };
        if !kinds.contains(&Kind::Target) {
            for &species in &self.genes {
                if let Some((id, alias)) = first(NameTable::get(species)) {
                    return Some((self.identity(Resolved::Gene(species, id)), alias));
                }
            }
        }
        for &reference in self.references.iter().filter(|r| !position.searches(**r)) {
            if let Some((id, alias)) = first(reference.table()) {
                return Some((self.identity(Resolved::Reference(reference, id)), alias));
            }
        }
        None
    }

    /// Whether `position` takes what a name resolved to: one of its kinds, and for a
    /// reference entry, a namespace it searches ([`Position::searches`]).
    pub fn takes(&self, position: Position, resolved: Resolved) -> bool {
        match resolved {
            Resolved::Reference(reference, _) => position.searches(reference),
            _ => position.kinds().contains(&self.kind_of(resolved)),
        }
    }

    fn wrong_kind(&self, name: &str, position: Position) -> Lookup {
        self.found_as(name, position)
            .map_or(Lookup::Unknown, |(found, _)| Lookup::WrongKind(self.kind_of(found)))
    }
}

/// A reference namespace: a gene namespace or another one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Namespace {
    Genes(super::Species),
    Other(Reference),
}

impl Namespace {
    pub(crate) fn resolved(self, id: NameId) -> Resolved {
        match self {
            Namespace::Genes(species) => Resolved::Gene(species, id),
            Namespace::Other(reference) => Resolved::Reference(reference, id),
        }
    }

    /// The namespace's table (loaded on first use).
    fn table(self) -> &'static NameTable {
        match self {
            Namespace::Genes(species) => NameTable::get(species),
            Namespace::Other(reference) => reference.table(),
        }
    }

    /// The namespace's names under their spelling-variant keys (built on first use).
    fn variants(self) -> &'static NameVariants {
        match self {
            Namespace::Genes(species) => NameVariants::get(species),
            Namespace::Other(reference) => NameVariants::of_reference(reference),
        }
    }
}

/// Whether two names are equal but for the case of their first letter.
fn same_but_first_case(a: &str, b: &str) -> bool {
    let mut a = a.chars();
    let mut b = b.chars();
    match (a.next(), b.next()) {
        (Some(x), Some(y)) => x.to_lowercase().eq(y.to_lowercase()) && a.as_str() == b.as_str(),
        _ => false,
    }
}

/// The member genes a family's description lists (`FamPlex:ERK; members MAPK1, MAPK3`,
/// `data/families/README.md`).
pub(crate) fn family_members(description: &str) -> impl Iterator<Item = &str> {
    description
        .split_once("members ")
        .map_or("", |(_, members)| members)
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
}
