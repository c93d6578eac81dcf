//! Resolution in context: the vocabulary plus what every claim needs precomputed
//! (formulations as compositions, the `is` ancestry of contexts, roles by mechanism),
//! and the one function that resolves a name and reports `unknown-*`, `wrong-kind`,
//! `ambiguous-name` and `non-canonical-name`.

use rustc_hash::{FxHashMap, FxHashSet};

use super::keys::{self, Key};
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Rule};
use crate::syntax::ast::{Kind, Name, Sign};
use crate::syntax::lexer::Token;
use crate::text::Span;
use crate::vocab::{
    Derivation, EntryId, Layer, Lookup, Match, Position, Reference, Resolved, Vocabulary,
};

/// One role of an entry, resolved: its mechanism's key, its sign, and the layer that
/// declared it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    pub mechanism: Key,
    pub sign: Option<Sign>,
    pub layer: Layer,
}

/// The vocabulary of one analysis, with derived tables.
pub struct Context<'v> {
    pub vocabulary: &'v Vocabulary,
    /// A formulation defined `= composition` stands for that composition.
    formulation_subjects: FxHashMap<EntryId, Key>,
    /// For each context, every context it `is`, transitively.
    ancestors: FxHashMap<Key, Vec<Key>>,
    /// For each entry, by its id: its roles. A vector, not a map: two rules ask for the
    /// roles of every object of every therapy claim.
    roles: Vec<Vec<Role>>,
    /// Whether hints are wanted (they cost a message each).
    pub hints: bool,
    /// Whether `non-canonical-name` is on at all: its warning for a variant of a
    /// reference alias (spec §11 C) is reported even when hints are not wanted.
    pub non_canonical: bool,
}

impl<'v> Context<'v> {
    pub fn new(vocabulary: &'v Vocabulary, hints: bool, non_canonical: bool) -> Context<'v> {
        let mut context = Context {
            vocabulary,
            formulation_subjects: FxHashMap::default(),
            ancestors: FxHashMap::default(),
            roles: Vec::with_capacity(vocabulary.entries.len()),
            hints,
            non_canonical,
        };
        let quiet = |name: &str, position| match vocabulary.find(name, position) {
            Some(Lookup::Found(resolved, _)) => keys::of_resolved(resolved),
            Some(_) => keys::of_text(name),
            // A derived name in a formulation's composition (`SLN(siBRAF)`).
            None => match vocabulary.lookup(name, position) {
                Lookup::Found(resolved, _) => keys::of(vocabulary, resolved),
                _ => keys::of_text(name),
            },
        };
        for (id, entry) in vocabulary.entries.iter().enumerate() {
            let id = id as EntryId;
            if let (Kind::Formulation, Some(c)) = (entry.kind, &entry.composition) {
                let head = quiet(&c.head, Position::CarrierHead);
                let mut payload: Vec<Key> =
                    c.payload.iter().map(|p| quiet(p, Position::Payload)).collect();
                let mut with: Vec<Key> = c.with.iter().map(|w| quiet(w, Position::With)).collect();
                context
                    .formulation_subjects
                    .insert(id, composition_key(head, &mut payload, &mut with));
            }
            context.roles.push(
                entry
                    .roles
                    .iter()
                    .map(|r| Role {
                        mechanism: quiet(&r.mechanism, Position::Mechanism),
                        sign: r.sign,
                        layer: r.layer,
                    })
                    .collect(),
            );
            if entry.kind == Kind::Context {
                let key = keys::of_resolved(Resolved::Entry(id));
                let mut seen: FxHashSet<Key> = FxHashSet::default();
                let mut stack: Vec<EntryId> = vec![id];
                while let Some(current) = stack.pop() {
                    let Some(entry) = vocabulary.entry(current) else { continue };
                    for class in &entry.classes {
                        // Only curated contexts have classes to follow: the reference
                        // namespaces are not loaded for this.
                        if let Some(Lookup::Found(Resolved::Entry(parent), _)) =
                            vocabulary.find_curated(class, Position::Context)
                        {
                            if seen.insert(keys::of_resolved(Resolved::Entry(parent))) {
                                stack.push(parent);
                            }
                        }
                    }
                }
                seen.remove(&key);
                context.ancestors.insert(key, seen.into_iter().collect());
            }
        }
        context
    }

    /// Whether two contexts overlap: the same, or one `is` the other (a derived context,
    /// `relapsed-AML`, `is` its base, spec §11 B).
    pub fn context_overlaps(&self, a: Key, b: Key) -> bool {
        a == b || self.is_within(a, b) || self.is_within(b, a)
    }

    /// Whether context `a` `is` context `b`, through its classes or its base.
    fn is_within(&self, a: Key, b: Key) -> bool {
        let through = |a: Key| self.ancestors.get(&a).is_some_and(|up| up.contains(&b));
        through(a) || keys::parent(a).is_some_and(|base| base == b || through(base))
    }

    /// The identity key of what a name resolved to (spec §4, §11 B).
    pub fn key_of(&self, resolved: Resolved) -> Key {
        keys::of(self.vocabulary, resolved)
    }

    /// Two claims' context lists overlap when some pair does, or either is empty.
    pub fn contexts_overlap(&self, a: &[Key], b: &[Key]) -> bool {
        a.is_empty()
            || b.is_empty()
            || a.iter().any(|&x| b.iter().any(|&y| self.context_overlaps(x, y)))
    }

    /// The roles of an entry that count for a claim filed under `mechanism` (spec
    /// §11 D; see [`Context::role_counts`]).
    pub fn roles_for(&self, object: Resolved, mechanism: Resolved) -> impl Iterator<Item = &Role> {
        let roles = match object {
            Resolved::Entry(id) => self.roles.get(id as usize).map_or(&[][..], Vec::as_slice),
            Resolved::Gene(..) | Resolved::Reference(..) | Resolved::Derived(..) => &[],
        };
        roles.iter().filter(move |role| self.role_counts(role.layer, mechanism))
    }

    /// Whether a role declared in `layer` counts for a claim filed under `mechanism`
    /// (spec §11 D): a role the workspace declared always does; another only when the
    /// mechanism comes from its layer. The prelude's roles, written for its own review
    /// (TNF `apoptosis:up`), never fault a claim filed under a workspace's own
    /// mechanism; they do count for a prelude mechanism the workspace extends.
    pub fn role_counts(&self, layer: Layer, mechanism: Resolved) -> bool {
        if layer == Layer::Workspace {
            return true;
        }
        match mechanism {
            Resolved::Entry(id) => self
                .vocabulary
                .entry(id)
                .is_some_and(|m| m.layer == layer || m.extends == Some(layer)),
            Resolved::Gene(..) | Resolved::Reference(..) | Resolved::Derived(..) => false,
        }
    }

    /// The subject key of a bare-name subject that resolved.
    pub fn subject_key(&self, resolved: Resolved) -> Key {
        match resolved {
            Resolved::Entry(id) => match self.vocabulary.entry(id).map(|e| e.kind) {
                Some(Kind::Formulation) => self
                    .formulation_subjects
                    .get(&id)
                    .copied()
                    .unwrap_or_else(|| keys::of_resolved(resolved)),
                Some(Kind::Carrier) => {
                    composition_key(keys::of_resolved(resolved), &mut [], &mut [])
                }
                _ => keys::of_resolved(resolved),
            },
            Resolved::Gene(..) | Resolved::Reference(..) | Resolved::Derived(..) => {
                self.key_of(resolved)
            }
        }
    }

    /// Resolves one name in a position, reporting what is wrong with it.
    #[inline]
    pub fn resolve(
        &self,
        src: &str,
        file: FileId,
        name: Name,
        position: Position,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Resolved> {
        // Most names are curated names found exactly: the answer `lookup` would give,
        // without building and matching a `Lookup`, inlined into the caller.
        if let Some((resolved, how)) = self.vocabulary.quick_in(src, name.text_span(src), position)
        {
            if how != Match::Canonical && self.hints {
                diagnostics.push(self.non_canonical(
                    file,
                    name,
                    name.text(src),
                    resolved,
                    how,
                    position,
                ));
            }
            return Some(resolved);
        }
        self.resolve_slowly(name.text(src), file, name, position, diagnostics)
    }

    /// [`Context::resolve`] of a name that is not a curated name found exactly: a
    /// function of its own, so that the common case does not pay for its frame.
    #[inline(never)]
    fn resolve_slowly(
        &self,
        text: &str,
        file: FileId,
        name: Name,
        position: Position,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Resolved> {
        match self.vocabulary.lookup(text, position) {
            Lookup::Found(resolved, how) => {
                let warned = how == Match::AliasCase && self.non_canonical;
                if how != Match::Canonical && (self.hints || warned) {
                    diagnostics.push(self.non_canonical(file, name, text, resolved, how, position));
                }
                Some(resolved)
            }
            Lookup::Ambiguous(candidates) => {
                let names: Vec<String> = candidates
                    .iter()
                    .map(|&c| {
                        format!(
                            "`{}` ({})",
                            self.vocabulary.canonical_name(c),
                            self.vocabulary.namespace_of(c)
                        )
                    })
                    .collect();
                let message =
                    self.vocabulary.derived_ambiguity(text, &candidates).unwrap_or_else(|| {
                        format!(
                            "`{text}` is ambiguous: it can mean {}; write the canonical name of the one you mean",
                            join_or(&names, "or")
                        )
                    });
                diagnostics.push(Diagnostic::new(Rule::AmbiguousName, file, name.span, message));
                None
            }
            Lookup::WrongKind(kind) => {
                let what = match self.vocabulary.found_as(text, position) {
                    Some((found, alias)) => {
                        let noun = self.vocabulary.noun_of(found);
                        let namespace = self.vocabulary.namespace_of(found);
                        if alias {
                            let canonical = self.vocabulary.canonical_name(found);
                            format!("an alias of the {noun} `{canonical}` ({namespace})")
                        } else {
                            format!("{} {noun} ({namespace})", crate::text::article(noun))
                        }
                    }
                    None => kind.with_article().to_string(),
                };
                diagnostics.push(Diagnostic::new(
                    Rule::WrongKind,
                    file,
                    name.span,
                    format!("`{text}` is {what}, but {} is expected here", position.expected()),
                ));
                None
            }
            Lookup::Unknown => {
                // A derived name whose base resolves nowhere: reported on the base, with
                // "did you mean" for it and no fix (spec §11 B).
                if let Derivation::UnknownBase(base) = self.vocabulary.derive(text, position) {
                    let start = name.span.start + (name.span.len() - text.len() as u32) / 2;
                    let span = Span {
                        start: start + base.base.start as u32,
                        end: start + base.base.end as u32,
                    };
                    diagnostics.push(Diagnostic::new(base.rule, file, span, base.message));
                    return None;
                }
                let suggestions = self.vocabulary.suggest(text, position, 3);
                let best: Vec<&str> = match suggestions.first() {
                    Some(first) => suggestions
                        .iter()
                        .filter(|s| s.distance == first.distance)
                        .map(|s| s.text.as_str())
                        .collect(),
                    None => Vec::new(),
                };
                let mut message = format!("unknown {} `{text}`", position.noun());
                if !best.is_empty() {
                    let names: Vec<String> = best.iter().map(|b| format!("`{b}`")).collect();
                    message.push_str(&format!("; did you mean {}?", join_or(&names, "or")));
                }
                let mut diagnostic =
                    Diagnostic::new(position.unknown_rule(), file, name.span, message);
                // A replacement only for the single closest candidate, and only when the
                // name looks like a typo of it (spec §10 E, §11 E): a name that is
                // merely close may be another correct name.
                if let Some(only) = crate::vocab::fix(text, &suggestions) {
                    diagnostic.fix = Some(std::sync::Arc::new(Fix {
                        title: format!("replace with `{}`", only.text),
                        edits: vec![Edit { file, span: name.span, text: as_written(&only.text) }],
                        applicability: Applicability::Unsafe,
                    }));
                }
                diagnostics.push(diagnostic);
                None
            }
        }
    }

    /// The `non-canonical-name` hint. Its fix is safe, and offered, only when the
    /// written name means this one entry in every layer that knows it (spec §10 E):
    /// `MDR1` is ABCB1 in the prelude but also TBC1D9's alias in the gene namespace,
    /// so rewriting it would decide for the author.
    #[cold]
    fn non_canonical(
        &self,
        file: FileId,
        name: Name,
        text: &str,
        resolved: Resolved,
        how: Match,
        position: Position,
    ) -> Diagnostic {
        let canonical = self.vocabulary.canonical_name(resolved);
        let mut message = match how {
            Match::Alias => format!("`{text}` is an alias of `{canonical}`"),
            Match::AliasCase => format!(
                "`{text}` is written like an alias of `{canonical}` ({}), but not as it is written there",
                self.vocabulary.namespace_of(resolved)
            ),
            _ => format!("`{text}` is written `{canonical}`"),
        };
        // A spelling variant of a reference namespace's alias is the weakest reading
        // there is (`KPC-2` is written like UBAC1's HGNC alias `KPC2`, and is a
        // carbapenemase that no namespace knows): unless it is the alias in another
        // case (`tau`, `Parkin`), it is reported, never rewritten, so no fix, safe or
        // unsafe, turns it into another entity (spec §11 C, E; docs/decisions.md).
        // Written with a capital after a small letter (`adRP`, `CagA`), a name's case is
        // its own convention, not a lowered or capitalised alias: `adRP` (autosomal
        // dominant retinitis pigmentosa) is no respelling of PLIN2's alias `ADRP`.
        let mixed_case = text
            .chars()
            .zip(text.chars().skip(1))
            .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
        let respelled = how == Match::AliasCase
            && (mixed_case
                || !self
                    .vocabulary
                    .names_of(resolved)
                    .iter()
                    .any(|n| n.to_lowercase() == text.to_lowercase()));
        // An ontology's or a drug source's synonym reads as its term (spec §11 C), but
        // rewriting it is another matter: Mondo's and MeSH's synonyms come without
        // scopes, HPO's "exact" ones are not always, and a drug source lists constructs
        // and peptides under an INN, so `neuropathic-pain` → `neuralgia` or `CTLA4-Ig` →
        // `abatacept` would put the source's name in place of the author's, and perhaps
        // a broader or narrower one (spec §11 E; docs/decisions.md). Only a symbol's
        // alias (genes, families, microRNAs), a line's (cell lines, models) and a curated
        // alias are rewritten; a variant of the canonical name itself always is.
        // The canonical name's own NAME form (`insulin-secretion` for `insulin
        // secretion`) is no synonym, and is better written as it is than in backticks
        // (`Bcl-2` is still rewritten `BCL2`).
        let key = |s: &str| -> String {
            s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
        };
        let name_form = how == Match::Alias
            && key(text) == key(canonical)
            && as_written(canonical).starts_with('`');
        let synonym = !name_form
            && matches!(how, Match::Alias | Match::AliasCase)
            && matches!(
                resolved,
                Resolved::Reference(
                    Reference::Drugs
                        | Reference::Diseases
                        | Reference::Organisms
                        | Reference::Processes
                        | Reference::Phenotypes
                        | Reference::CellTypes
                        | Reference::Anatomy,
                    _
                )
            );
        // Nor is a name rewritten into an inverted heading (MeSH's `T-Lymphocytes,
        // Regulatory`, which the prelude extends): nobody writes a claim so.
        let inverted = canonical.contains(", ");
        let elsewhere = !self.vocabulary.unambiguous_everywhere(text, position);
        let rewritable = !respelled && !synonym && !inverted && !name_form && !elsewhere;
        if respelled {
            message.push_str("; it is not rewritten: check that this is the entry you mean");
        } else if synonym {
            if how == Match::Alias {
                message.push_str(&format!(" ({})", self.vocabulary.namespace_of(resolved)));
            }
            message.push_str("; a source's synonym, not rewritten");
        } else if elsewhere {
            message.push_str(
                " here; it can mean something else in another layer, so it is not rewritten",
            );
        }
        let mut diagnostic = Diagnostic::new(Rule::NonCanonicalName, file, name.span, message);
        // A variant of a reference namespace's alias is never silent (spec §11 C).
        if how == Match::AliasCase {
            diagnostic.severity = crate::diagnostic::Severity::Warning;
        }
        if !rewritable {
            return diagnostic;
        }
        diagnostic.with_fix(Fix {
            title: format!("use the canonical name `{canonical}`"),
            edits: vec![Edit { file, span: name.span, text: as_written(canonical) }],
            applicability: Applicability::Safe,
        })
    }
}

/// The key of a composition: its head, and its payload and `with` names as sets.
pub fn composition_key(head: Key, payload: &mut [Key], with: &mut [Key]) -> Key {
    keys::hash(&("composition", head, keys::of_set(payload), keys::of_set(with)))
}

/// A name as it must be written: bare if it lexes as one NAME, else in backticks.
pub fn as_written(name: &str) -> String {
    let tokens = crate::syntax::lexer::tokens(name, 0);
    match tokens.as_slice() {
        [(Token::Name | Token::Keyword(_), span)] if span.len() as usize == name.len() => {
            name.to_string()
        }
        _ => format!("`{name}`"),
    }
}

pub use crate::text::join_or;
