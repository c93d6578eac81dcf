//! The vocabulary: entries from three layers (the workspace's `define`s, the prelude,
//! the reference namespaces: genes, drugs, cell lines, diseases, organisms), name
//! lookup by position in spec §4's order (with §10 A, B), a workspace's `define`s
//! extending the prelude's entries (§11 D), and "did you mean" suggestions with the
//! fixes that may follow them (§11 E). Built from parsed files; no IO.

pub mod derived;
mod describe;
pub mod homonyms;
mod lookup;
pub mod prelude;
mod quick;
pub mod reference;
mod suggest;
pub mod table;
mod titles;
pub mod typo;
pub mod variants;

pub use derived::{Derivation, DerivedEntry, DerivedId};
pub use describe::{written, Description};
pub use lookup::{Lookup, Match, Position};
pub use reference::Reference;
pub use suggest::{closest, closest_keys, fix, max_distance, Suggestion};

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, FileId, Related, Rule};
use crate::syntax::ast::{Ast, Kind, Polarity, Sign, StatementKind};
use crate::text::Span;
use table::{NameId, NameTable};

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

/// Where an entry comes from, highest precedence first. `Reference` is the reference
/// layer (spec §10 A): the gene namespaces and the other [`Reference`] namespaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    Workspace,
    Prelude,
    Reference,
}

impl Layer {
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Workspace => "workspace",
            Layer::Prelude => "prelude",
            Layer::Reference => "reference namespace",
        }
    }
}

/// Index of an [`Entry`] in [`Vocabulary::entries`].
pub type EntryId = u32;

/// What a name resolved to: a curated entry, a gene, an entry of another reference
/// namespace (an index into its table, like a gene's), or a derived name read on one of
/// those (spec §11 B; an index into the vocabulary's derived entries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resolved {
    Entry(EntryId),
    Gene(Species, NameId),
    Reference(Reference, NameId),
    Derived(DerivedId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntryRole {
    pub mechanism: String,
    pub sign: Option<Sign>,
    /// The layer that declared the role: a workspace that extends a prelude entry
    /// (spec §11 D) adds roles of its own to the prelude's, and a prelude role counts
    /// only for a prelude mechanism (`check::resolve::Context::roles_for`).
    pub layer: Layer,
}

/// As written in a `define`'s `role`: `efflux:down`, or the mechanism alone.
impl std::fmt::Display for EntryRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.sign {
            Some(Sign::Up) => write!(f, "{}:up", self.mechanism),
            Some(Sign::Down) => write!(f, "{}:down", self.mechanism),
            None => f.write_str(&self.mechanism),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EntryComposition {
    pub head: String,
    pub payload: Vec<String>,
    pub with: Vec<String>,
}

/// Where a curated entry is defined: a workspace file, or the prelude (file `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: Option<FileId>,
    pub name: Span,
    pub statement: Span,
}

/// A curated entry: one `define` of the workspace or of the prelude.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub classes: Vec<String>,
    pub roles: Vec<EntryRole>,
    pub composition: Option<EntryComposition>,
    pub layer: Layer,
    /// For a workspace `define` of a prelude entry's canonical name, of the same kind:
    /// the layer of the entry it extends (spec §11 D). The prelude entry's aliases,
    /// roles and classes are this entry's too; it is one entry, defined where the
    /// workspace defines it.
    pub extends: Option<Layer>,
    pub origin: Origin,
}

impl Entry {
    /// A role as hover and `evn explain` show it: as written, with the layer that
    /// declared it when that is not the entry's (a workspace entry that extends the
    /// prelude's: `apoptosis:up (prelude)`), since such a role counts only under that
    /// layer's mechanisms (spec §11 D).
    pub fn role_label(&self, role: &EntryRole) -> String {
        if role.layer == self.layer {
            role.to_string()
        } else {
            format!("{role} ({})", role.layer.as_str())
        }
    }
}

/// A workspace's own relation word: `define relation WORD up|down|none "…"`.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationEntry {
    pub word: String,
    pub polarity: Polarity,
    pub description: Option<String>,
    pub origin: Origin,
}

/// One way a name can be read: as the canonical name or an alias of an entry.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    layer: Layer,
    kind: Kind,
    entry: EntryId,
    alias: bool,
}

/// All entries of an analysis, indexed for lookup by exact and by lowercase name.
pub struct Vocabulary {
    pub entries: Vec<Entry>,
    exact: FxHashMap<String, Vec<Candidate>>,
    /// For every name of `exact`, its exact curated match in each position
    /// (`Position::index`), if it has one: one hash lookup for most names.
    quick: quick::QuickTable,
    lower: FxHashMap<String, Vec<Candidate>>,
    /// The enabled gene namespaces; each table is loaded on first use.
    genes: Vec<Species>,
    /// The enabled other reference namespaces, in lookup order; loaded on first use.
    references: Vec<Reference>,
    /// For every curated target, by canonical name: so that a gene symbol finds its
    /// curated entry (spec §4: a target is one identity whatever layer names it).
    curated_targets: FxHashMap<String, EntryId>,
    /// The same for curated drugs and contexts, so that `adriamycin` (a drug-namespace
    /// alias of `doxorubicin`) is the prelude's `doxorubicin`.
    curated_others: FxHashMap<(Kind, String), EntryId>,
    /// Every curated name and alias under its spelling-variant keys (spec §10 C).
    variants: FxHashMap<String, Vec<Candidate>>,
    /// The workspace's own relation words, first definition of each word only.
    relations: Vec<RelationEntry>,
    /// The derived names read so far (spec §11 B), made on first use.
    derived: derived::Arena,
    /// Whether names that resolve nowhere are read as derived names (`derived-names`).
    derived_names: bool,
    /// The words of the review's and the sections' titles, which settle a disease
    /// abbreviation of several diseases (`titles.rs`).
    titles: titles::TitleWords,
}

/// The names the workspace defines, by kind: its canonical names (each with its first
/// entry) and its aliases, so that the prelude is added under them (spec §11 D).
struct WorkspaceNames {
    canonical: FxHashMap<(Kind, String), EntryId>,
    aliases: rustc_hash::FxHashSet<(Kind, String)>,
}

impl WorkspaceNames {
    fn of(entries: &[Entry]) -> WorkspaceNames {
        let mut names = WorkspaceNames {
            canonical: FxHashMap::default(),
            aliases: rustc_hash::FxHashSet::default(),
        };
        for (id, entry) in entries.iter().enumerate() {
            names.canonical.entry((entry.kind, entry.name.clone())).or_insert(id as EntryId);
            for alias in &entry.aliases {
                names.aliases.insert((entry.kind, alias.clone()));
            }
        }
        names
    }

    fn canonical(&self, kind: Kind, name: &str) -> Option<EntryId> {
        self.canonical.get(&(kind, name.to_string())).copied()
    }

    fn defines(&self, kind: Kind, name: &str) -> bool {
        let key = (kind, name.to_string());
        self.canonical.contains_key(&key) || self.aliases.contains(&key)
    }
}

/// A workspace file's definitions, for [`Vocabulary::build`].
pub struct DefinitionSource<'a> {
    pub file: FileId,
    pub src: &'a str,
    pub ast: &'a Ast,
}

impl Vocabulary {
    /// Builds the vocabulary from the workspace's definitions (files in order), the
    /// prelude (when enabled) and the reference namespaces (gene namespaces, then the
    /// others; nothing of them is loaded here). Returns the `duplicate-definition`
    /// diagnostics of the workspace layer.
    pub fn build(
        prelude: bool,
        species: &[Species],
        references: &[Reference],
        workspace: &[DefinitionSource<'_>],
    ) -> (Vocabulary, Vec<Diagnostic>) {
        let mut vocabulary = Vocabulary {
            entries: Vec::new(),
            exact: FxHashMap::default(),
            quick: quick::QuickTable::default(),
            lower: FxHashMap::default(),
            genes: species.to_vec(),
            references: references.to_vec(),
            curated_targets: FxHashMap::default(),
            curated_others: FxHashMap::default(),
            variants: FxHashMap::default(),
            relations: Vec::new(),
            derived: derived::Arena::default(),
            derived_names: true,
            titles: titles::TitleWords::default(),
        };
        let mut diagnostics = Vec::new();
        // Where each (kind, name) was first defined in the workspace, for duplicates.
        let mut seen: FxHashMap<(Kind, String), (FileId, Span)> = FxHashMap::default();
        let mut seen_relations: FxHashMap<String, (FileId, Span)> = FxHashMap::default();
        for source in workspace {
            for statement in &source.ast.statements {
                if let StatementKind::Relation(def) = &statement.kind {
                    let word = source.ast.name(def.word);
                    let text = word.text(source.src).to_string();
                    if let Some(&(first_file, first_span)) = seen_relations.get(&text) {
                        diagnostics.push(
                            Diagnostic::new(
                                Rule::DuplicateDefinition,
                                source.file,
                                word.span,
                                format!("relation `{text}` is defined again"),
                            )
                            .with_related(Related {
                                file: first_file,
                                span: first_span,
                                message: "first defined here".into(),
                            }),
                        );
                        continue;
                    }
                    seen_relations.insert(text.clone(), (source.file, word.span));
                    vocabulary.relations.push(RelationEntry {
                        word: text,
                        polarity: def.polarity,
                        description: def.description.map(|d| d.value(source.src)),
                        origin: Origin {
                            file: Some(source.file),
                            name: word.span,
                            statement: statement.span,
                        },
                    });
                    continue;
                }
                let def = match &statement.kind {
                    StatementKind::Definition(def) => def,
                    StatementKind::Review(review) => {
                        vocabulary.titles.add(&review.title.value(source.src));
                        continue;
                    }
                    StatementKind::Section(section) => {
                        vocabulary.titles.add(&section.title.value(source.src));
                        continue;
                    }
                    _ => continue,
                };
                let entry = entry_from(
                    source.src,
                    source.ast,
                    def,
                    Layer::Workspace,
                    Some(source.file),
                    statement.span,
                );
                let name_spans = std::iter::once(source.ast.name(def.name))
                    .chain(source.ast.names_in(def.aliases).iter().copied())
                    .map(|n| (n.text(source.src).to_string(), n.span));
                for (text, span) in name_spans {
                    match seen.get(&(def.kind, text.clone())) {
                        Some(&(first_file, first_span)) => diagnostics.push(
                            Diagnostic::new(
                                Rule::DuplicateDefinition,
                                source.file,
                                span,
                                format!("{} `{text}` is defined again", def.kind.as_str()),
                            )
                            .with_related(Related {
                                file: first_file,
                                span: first_span,
                                message: "first defined here".into(),
                            }),
                        ),
                        None => {
                            seen.insert((def.kind, text), (source.file, span));
                        }
                    }
                }
                vocabulary.add(entry);
            }
        }
        if prelude {
            let workspace = WorkspaceNames::of(&vocabulary.entries);
            for entry in prelude::entries() {
                vocabulary.add_under(entry, &workspace);
            }
        }
        vocabulary.precompute();
        (vocabulary, diagnostics)
    }

    fn add(&mut self, entry: Entry) {
        let id = self.entries.len() as EntryId;
        let (layer, kind) = (entry.layer, entry.kind);
        let names = std::iter::once((entry.name.as_str(), false))
            .chain(entry.aliases.iter().map(|a| (a.as_str(), true)));
        for (name, alias) in names {
            self.index(name, Candidate { layer, kind, entry: id, alias });
        }
        if kind == Kind::Target {
            self.curated_targets.entry(entry.name.clone()).or_insert(id);
        } else if matches!(kind, Kind::Drug | Kind::Context) {
            self.curated_others.entry((kind, entry.name.clone())).or_insert(id);
        }
        self.entries.push(entry);
    }

    /// Indexes one name of an entry: exactly, in lowercase and under its spelling-variant
    /// keys.
    fn index(&mut self, name: &str, candidate: Candidate) {
        self.exact.entry(name.to_string()).or_default().push(candidate);
        self.lower.entry(name.to_lowercase()).or_default().push(candidate);
        for key in variants::keys(name) {
            let list = self.variants.entry(key).or_default();
            if !list.iter().any(|c| c.entry == candidate.entry) {
                list.push(candidate);
            }
        }
    }

    /// Adds a prelude entry under the workspace's definitions (spec §11 D): an alias
    /// the workspace defines (as a name or an alias of the same kind) is the
    /// workspace's, not the prelude entry's; and when the workspace defines the entry's
    /// canonical name, the entry is not added but merged into that definition, which
    /// extends it.
    fn add_under(&mut self, prelude: &Entry, workspace: &WorkspaceNames) {
        let mut entry = prelude.clone();
        entry.aliases.retain(|alias| !workspace.defines(entry.kind, alias));
        let Some(own) = workspace.canonical(entry.kind, &entry.name) else {
            self.add(entry);
            return;
        };
        for alias in entry.aliases {
            let Some(extended) = self.entries.get(own as usize) else { return };
            if extended.name == alias || extended.aliases.contains(&alias) {
                continue;
            }
            // The alias keeps its layer, so a workspace entry that takes it over still
            // wins (and one that also has it is no ambiguity at the prelude's layer).
            let candidate =
                Candidate { layer: entry.layer, kind: entry.kind, entry: own, alias: true };
            self.index(&alias, candidate);
            if let Some(extended) = self.entries.get_mut(own as usize) {
                extended.aliases.push(alias);
            }
        }
        let Some(extended) = self.entries.get_mut(own as usize) else { return };
        extended.extends = Some(entry.layer);
        extended.roles.extend(entry.roles);
        for class in entry.classes {
            if !extended.classes.contains(&class) {
                extended.classes.push(class);
            }
        }
        if extended.description.is_none() {
            extended.description = entry.description;
        }
        if extended.composition.is_none() {
            extended.composition = entry.composition;
        }
    }

    /// Turns the reading of derived names (spec §11 B) on or off (`derived-names` in
    /// `evn.toml`; on by default).
    pub fn set_derived_names(&mut self, on: bool) {
        self.derived_names = on;
    }

    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entries.get(id as usize)
    }

    pub fn gene_table(&self, species: Species) -> Option<&'static NameTable> {
        self.genes.contains(&species).then(|| NameTable::get(species))
    }

    /// The enabled gene namespaces, in lookup order.
    pub fn gene_namespaces(&self) -> &[Species] {
        &self.genes
    }

    /// The enabled reference namespaces other than the genes, in lookup order.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// The canonical name of what a name resolved to.
    pub fn canonical_name(&self, resolved: Resolved) -> &str {
        match resolved {
            Resolved::Entry(id) => self.entry(id).map_or("", |e| e.name.as_str()),
            Resolved::Gene(species, gene) => NameTable::get(species).symbol(gene),
            Resolved::Reference(reference, id) => reference.table().symbol(id),
            Resolved::Derived(id) => self.derived(id).map_or("", |d| d.name.as_str()),
        }
    }

    /// Where a resolved name comes from, as messages name it: `workspace`, `prelude`,
    /// `genes:human`, `diseases`, ... (`derived` for a derived name).
    pub fn namespace_of(&self, resolved: Resolved) -> String {
        match resolved {
            Resolved::Entry(id) => {
                self.entry(id).map_or("workspace", |e| e.layer.as_str()).to_string()
            }
            Resolved::Gene(species, _) => format!("genes:{}", species.name()),
            Resolved::Reference(reference, _) => reference.name().to_string(),
            Resolved::Derived(_) => "derived".to_string(),
        }
    }

    /// What one entry like this is called in messages: `gene`, `disease`, `cell line`;
    /// a curated entry's kind (`target`).
    pub fn noun_of(&self, resolved: Resolved) -> &'static str {
        match resolved {
            Resolved::Gene(..) => "gene",
            Resolved::Reference(reference, _) => reference.noun(),
            other => self.kind_of(other).as_str(),
        }
    }

    /// The kind of what a name resolved to (genes are targets).
    pub fn kind_of(&self, resolved: Resolved) -> Kind {
        match resolved {
            Resolved::Entry(id) => self.entry(id).map_or(Kind::Target, |e| e.kind),
            Resolved::Gene(..) => Kind::Target,
            Resolved::Reference(reference, _) => reference.kind(),
            Resolved::Derived(id) => self.derived(id).map_or(Kind::Target, |d| d.kind),
        }
    }

    /// The classes (`is`) of what a name resolved to: a curated entry's, or those its
    /// reference namespace records (a cell line's species and disease).
    pub fn classes_of(&self, resolved: Resolved) -> Vec<&str> {
        match resolved {
            Resolved::Entry(id) => self
                .entry(id)
                .map_or_else(Vec::new, |e| e.classes.iter().map(String::as_str).collect()),
            Resolved::Gene(..) => Vec::new(),
            Resolved::Reference(reference, id) => {
                reference.info(id).map_or_else(Vec::new, |i| i.classes().collect())
            }
            // A disease stage `is` its disease, a line's derivative its line: by name.
            Resolved::Derived(id) => match self.derived(id) {
                Some(d) if d.is_base => vec![self.canonical_name(d.base)],
                _ => Vec::new(),
            },
        }
    }

    /// A relation word the workspace defined (`define relation`), if `word` is one.
    pub fn relation(&self, word: &str) -> Option<&RelationEntry> {
        self.relations.iter().find(|r| r.word == word)
    }

    /// The workspace's own relation words, in definition order.
    pub fn relations(&self) -> &[RelationEntry] {
        &self.relations
    }

    /// The curated entries of one kind, for completion and suggestions.
    pub fn entries_of(&self, kind: Kind) -> impl Iterator<Item = (EntryId, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind == kind)
            .map(|(i, e)| (i as EntryId, e))
    }
}

/// Turns one parsed `define` into an [`Entry`].
pub(crate) fn entry_from(
    src: &str,
    ast: &Ast,
    def: &crate::syntax::ast::Definition,
    layer: Layer,
    file: Option<FileId>,
    statement: Span,
) -> Entry {
    let text =
        |range| ast.names_in(range).iter().map(|n| n.text(src).to_string()).collect::<Vec<_>>();
    let name = ast.name(def.name);
    Entry {
        kind: def.kind,
        name: name.text(src).to_string(),
        aliases: text(def.aliases),
        description: def.description.map(|d| d.value(src)),
        classes: text(def.classes),
        roles: def
            .roles
            .iter()
            .map(|r| EntryRole {
                mechanism: ast.name(r.mechanism).text(src).to_string(),
                sign: r.sign,
                layer,
            })
            .collect(),
        composition: def.composition.map(|c| EntryComposition {
            head: ast.name(c.head).text(src).to_string(),
            payload: text(c.payload),
            with: text(c.with),
        }),
        layer,
        extends: None,
        origin: Origin { file, name: name.span, statement },
    }
}
