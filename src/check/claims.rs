//! The per-file pass: resolves every name of every statement and runs the rules that
//! look at one claim at a time; records the facts the cross-claim rules need.

use super::keys::{self, Key};
use super::references::{Cited, References};
use super::relations::{self, Polarity};
use super::resolve::{composition_key, Context};
use super::rules;
use super::units;
use crate::diagnostic::{Diagnostic, FileId};
use crate::syntax::ast::{Ast, Claim, Kind, Name, Section, StatementKind, Subject};
use crate::text::Span;
use crate::vocab::{Position, Resolved};

/// What the cross-claim rules need of one claim.
#[derive(Clone, Copy, Debug)]
pub struct ClaimFacts {
    pub file: FileId,
    pub span: Span,
    pub relation: Span,
    pub subject: Key,
    pub polarity: Option<Polarity>,
    /// Range of [`FileFacts::objects`].
    pub objects: (u32, u32),
    /// Range of [`FileFacts::contexts`].
    pub contexts: (u32, u32),
    /// Equal for claims that repeat each other (`duplicate-claim`).
    pub duplicate_key: Key,
}

/// The per-file pass's output.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub claims: Vec<ClaimFacts>,
    /// Canonical object keys, with the object's name span (for messages).
    pub objects: Vec<(Key, Span)>,
    pub contexts: Vec<Key>,
    pub diagnostics: Vec<Diagnostic>,
    /// Indices of the references this file cites.
    pub cited: Vec<u32>,
}

impl FileFacts {
    pub fn objects_of(&self, claim: &ClaimFacts) -> &[(Key, Span)] {
        self.objects.get(claim.objects.0 as usize..claim.objects.1 as usize).unwrap_or(&[])
    }

    pub fn contexts_of(&self, claim: &ClaimFacts) -> &[Key] {
        self.contexts.get(claim.contexts.0 as usize..claim.contexts.1 as usize).unwrap_or(&[])
    }
}

/// The mechanism in force for a claim: resolved, unresolved (reported already), or none.
#[derive(Clone, Copy, PartialEq, Default)]
enum Mechanism {
    #[default]
    None,
    Unresolved(Key),
    Resolved(Resolved, Key),
}

impl Mechanism {
    fn key(self) -> Key {
        match self {
            Mechanism::None => 0,
            Mechanism::Unresolved(key) | Mechanism::Resolved(_, key) => key,
        }
    }
}

struct FilePass<'a> {
    context: &'a Context<'a>,
    references: &'a References,
    file: FileId,
    src: &'a str,
    ast: &'a Ast,
    facts: &'a mut FileFacts,
    cited_seen: &'a mut Vec<bool>,
    /// Scratch lists reused for every claim: no allocation per claim.
    scratch: Vec<Key>,
    scratch_with: Vec<Key>,
    scratch_objects: Vec<(Name, Resolved)>,
    scratch_stimuli: Vec<Key>,
    scratch_cited: Vec<Key>,
    scratch_set: Vec<Key>,
    scratch_settings: Vec<super::level::Setting>,
}

/// What the per-file pass carries from one chunk of statements to the next.
#[derive(Default)]
pub struct FileState {
    pub facts: FileFacts,
    cited_seen: Vec<bool>,
    /// The mechanism of the current section.
    section: Mechanism,
}

impl FileState {
    /// The state in force after `section` (a statement of `ast`): its mechanism, with
    /// no facts. The diagnostics of resolving its `via` are not kept (the section was
    /// checked already); the server starts re-checking an edited region with it.
    pub fn after_section(
        context: &Context<'_>,
        references: &References,
        file: FileId,
        src: &str,
        ast: &Ast,
        section: &Section,
    ) -> FileState {
        let mut facts = FileFacts::default();
        let mut cited_seen = Vec::new();
        let mut pass =
            FilePass::new(context, references, file, src, ast, &mut facts, &mut cited_seen);
        let section = match section.via {
            Some(via) => pass.mechanism(ast.name(via)),
            None => Mechanism::None,
        };
        FileState { section, ..FileState::default() }
    }
}

/// The indices of the references that the claims of `ast` cite, each once, in the
/// order [`check_chunk`] finds them.
pub fn cited(references: &References, src: &str, ast: &Ast) -> Vec<u32> {
    let mut seen = vec![false; references.len()];
    let mut out = Vec::new();
    let mut mark = |index: u32| {
        if let Some(slot) = seen.get_mut(index as usize) {
            if !*slot {
                *slot = true;
                out.push(index);
            }
        }
    };
    for (_, claim) in ast.claims() {
        for key in ast.keys_in(claim.cites) {
            match references.cited(src, *key) {
                Cited::One(index) => mark(index),
                Cited::Range(numbers) => {
                    numbers.iter().filter_map(|(_, found)| *found).for_each(&mut mark)
                }
                Cited::Unknown => {}
            }
        }
    }
    out
}

/// Checks one chunk of a file's statements (see `syntax::parse_chunks`); `state`
/// carries the section's mechanism and the facts from chunk to chunk.
pub fn check_chunk(
    context: &Context<'_>,
    references: &References,
    file: FileId,
    src: &str,
    ast: &Ast,
    state: &mut FileState,
) {
    if state.cited_seen.len() != references.len() {
        state.cited_seen = vec![false; references.len()];
    }
    let mut pass =
        FilePass::new(context, references, file, src, ast, &mut state.facts, &mut state.cited_seen);
    let mut section = state.section;
    for statement in &ast.statements {
        match &statement.kind {
            StatementKind::Section(s) => {
                section = match s.via {
                    Some(via) => pass.mechanism(ast.name(via)),
                    None => Mechanism::None,
                };
            }
            StatementKind::Definition(def) => {
                if let Some(c) = def.composition {
                    pass.resolve(ast.name(c.head), Position::CarrierHead);
                    pass.resolve_all(c.payload, Position::Payload);
                    pass.resolve_all(c.with, Position::With);
                }
                for role in &def.roles {
                    pass.resolve(ast.name(role.mechanism), Position::Mechanism);
                }
            }
            StatementKind::Relation(def) => {
                let word = ast.name(def.word);
                if let Some(builtin) = relations::polarity(word.text(src)) {
                    pass.facts.diagnostics.push(Diagnostic::new(
                        crate::diagnostic::Rule::DuplicateDefinition,
                        file,
                        word.span,
                        format!("`{}` is already a relation (polarity {}); a workspace cannot redefine it", word.text(src), builtin.as_str()),
                    ));
                }
            }
            StatementKind::Claim(claim) => pass.claim(statement.span, claim, section),
            StatementKind::Review(review) => {
                // A `ref`'s identifiers are checked with the references; a review's DOI
                // is checked here (spec §11 O).
                if let Some(doi) = review.doi {
                    let text = doi.value(src);
                    if let Err(why) = super::identifiers::doi(&text) {
                        pass.facts
                            .diagnostics
                            .push(rules::invalid_identifier::doi(file, doi.span, &text, why, true));
                    }
                }
            }
            StatementKind::Reference(_) | StatementKind::Error => {}
        }
    }
    state.section = section;
}

impl<'a> FilePass<'a> {
    fn new(
        context: &'a Context<'a>,
        references: &'a References,
        file: FileId,
        src: &'a str,
        ast: &'a Ast,
        facts: &'a mut FileFacts,
        cited_seen: &'a mut Vec<bool>,
    ) -> FilePass<'a> {
        FilePass {
            context,
            references,
            file,
            src,
            ast,
            facts,
            cited_seen,
            scratch: Vec::new(),
            scratch_with: Vec::new(),
            scratch_objects: Vec::new(),
            scratch_stimuli: Vec::new(),
            scratch_cited: Vec::new(),
            scratch_set: Vec::new(),
            scratch_settings: Vec::new(),
        }
    }

    fn resolve(&mut self, name: Name, position: Position) -> Option<Resolved> {
        self.context.resolve(self.src, self.file, name, position, &mut self.facts.diagnostics)
    }

    fn resolve_all(&mut self, range: crate::syntax::ast::IdRange, position: Position) {
        for &name in self.ast.names_in(range) {
            self.resolve(name, position);
        }
    }

    fn key(&mut self, name: Name, position: Position) -> (Key, Option<Resolved>) {
        match self.resolve(name, position) {
            Some(resolved) => (self.context.key_of(resolved), Some(resolved)),
            None => (keys::of_text(name.text(self.src)), None),
        }
    }

    fn mechanism(&mut self, name: Name) -> Mechanism {
        match self.key(name, Position::Mechanism) {
            (key, Some(resolved)) => Mechanism::Resolved(resolved, key),
            (key, None) => Mechanism::Unresolved(key),
        }
    }

    /// The subject's key, and whether the claim is about a therapy.
    fn subject(&mut self, subject: Subject) -> (Key, bool) {
        match subject {
            Subject::Carrier(c) => {
                let (head, _) = self.key(self.ast.name(c.head), Position::CarrierHead);
                let mut payload = std::mem::take(&mut self.scratch);
                let mut with = std::mem::take(&mut self.scratch_with);
                payload.clear();
                with.clear();
                for &name in self.ast.names_in(c.payload) {
                    payload.push(self.key(name, Position::Payload).0);
                }
                for &name in self.ast.names_in(c.with) {
                    with.push(self.key(name, Position::With).0);
                }
                let key = composition_key(head, &mut payload, &mut with);
                self.scratch = payload;
                self.scratch_with = with;
                (key, true)
            }
            Subject::Drug(parts) if parts.len() == 1 => {
                (self.key(self.ast.name(parts.start), Position::DrugSubject).0, true)
            }
            // A combination is the set of its parts (spec 0.3 §11 K).
            Subject::Drug(parts) => {
                let mut set = std::mem::take(&mut self.scratch);
                set.clear();
                for &name in self.ast.names_in(parts) {
                    set.push(self.key(name, Position::DrugSubject).0);
                }
                let key = keys::hash(&("combination", keys::of_set(&mut set)));
                self.scratch = set;
                (key, true)
            }
            Subject::Name(name) => match self.resolve(self.ast.name(name), Position::Subject) {
                Some(resolved) => {
                    let therapy = matches!(
                        self.context.vocabulary.kind_of(resolved),
                        Kind::Formulation | Kind::Drug | Kind::Carrier
                    );
                    (self.context.subject_key(resolved), therapy)
                }
                None => (keys::of_text(self.ast.name(name).text(self.src)), false),
            },
        }
    }

    /// A relation word the workspace defined: off the common path of built-in words.
    #[cold]
    fn defined_polarity(&self, word: &str) -> Option<Polarity> {
        self.context.vocabulary.relation(word).map(|r| r.polarity)
    }

    fn claim(&mut self, span: Span, claim: &Claim, section: Mechanism) {
        let ast = self.ast;
        let (subject, therapy) = self.subject(claim.subject);
        let relation_name = ast.name(claim.relation);
        let relation_word = relation_name.text(self.src);
        let polarity =
            relations::polarity(relation_word).or_else(|| self.defined_polarity(relation_word));
        if polarity.is_none() {
            let vocabulary = self.context.vocabulary;
            self.facts.diagnostics.push(rules::unknown_relation::diagnostic(
                self.file,
                relation_name,
                relation_word,
                vocabulary,
            ));
        }

        let objects_start = self.facts.objects.len() as u32;
        let mut resolved_objects = std::mem::take(&mut self.scratch_objects);
        resolved_objects.clear();
        let object_position = relations::object_position(relation_word);
        for &name in ast.names_in(claim.objects) {
            let (key, resolved) = self.key(name, object_position);
            self.facts.objects.push((key, name.span));
            if let Some(resolved) = resolved {
                resolved_objects.push((name, resolved));
            }
        }
        let objects_end = self.facts.objects.len() as u32;

        let contexts_start = self.facts.contexts.len() as u32;
        let mut settings = std::mem::take(&mut self.scratch_settings);
        settings.clear();
        // What the evidence rests on matters only to a written `level`.
        let level_written = claim.design().level.is_some();
        for &name in ast.names_in(claim.contexts) {
            let (key, resolved) = self.key(name, Position::Context);
            self.facts.contexts.push(key);
            if let (Some(resolved), true) = (resolved, level_written) {
                settings.push(super::level::setting(self.context.vocabulary, resolved));
            }
        }
        let contexts_end = self.facts.contexts.len() as u32;

        let mut stimuli = std::mem::take(&mut self.scratch_stimuli);
        stimuli.clear();
        for &name in ast.names_in(claim.stimuli) {
            stimuli.push(self.key(name, Position::Stimulus).0);
        }
        let mechanism = match claim.via {
            Some(via) => self.mechanism(ast.name(via)),
            None => section,
        };
        let design = self.design(claim, &settings);
        self.scratch_settings = settings;

        // Citations.
        let keys_written = ast.keys_in(claim.cites);
        if keys_written.is_empty() {
            self.facts.diagnostics.push(rules::missing_citation::diagnostic(self.file, span));
        }
        let mut cited = std::mem::take(&mut self.scratch_cited);
        cited.clear();
        for key in keys_written {
            let text = key.text(self.src);
            match self.references.cited(self.src, *key) {
                Cited::One(index) => {
                    self.mark_cited(index);
                    cited.push(keys::of_text(text));
                }
                Cited::Range(numbers) => {
                    let mut missing = Vec::new();
                    for (number, found) in numbers {
                        cited.push(keys::of_text(&number));
                        match found {
                            Some(index) => self.mark_cited(index),
                            None => missing.push(number),
                        }
                    }
                    if !missing.is_empty() {
                        self.facts.diagnostics.push(rules::unknown_reference::range_diagnostic(
                            self.file, *key, text, &missing,
                        ));
                    }
                }
                Cited::Unknown => {
                    cited.push(keys::of_text(text));
                    self.facts.diagnostics.push(rules::unknown_reference::diagnostic(
                        self.file,
                        *key,
                        text,
                        self.references,
                    ));
                }
            }
        }

        // Mechanism rules: therapy claims with a resolved mechanism.
        if let (true, Mechanism::Resolved(mechanism_entry, mechanism_key)) = (therapy, mechanism) {
            for &(name, resolved) in &resolved_objects {
                if let Some(d) = rules::mechanism_mismatch::check(
                    self.context,
                    self.file,
                    self.src,
                    name,
                    resolved,
                    mechanism_entry,
                    mechanism_key,
                ) {
                    self.facts.diagnostics.push(d);
                }
            }
            if let Some(polarity) = polarity {
                if let Some(d) = rules::direction_mismatch::check(
                    self.context,
                    self.file,
                    self.src,
                    relation_name,
                    polarity,
                    &resolved_objects,
                    mechanism_entry,
                    mechanism_key,
                ) {
                    self.facts.diagnostics.push(d);
                }
            }
        }

        let mut set = std::mem::take(&mut self.scratch_set);
        set.clear();
        set.extend(
            self.facts.objects.get(objects_start as usize..).unwrap_or(&[]).iter().map(|(k, _)| *k),
        );
        let objects_key = keys::of_set(&mut set);
        set.clear();
        set.extend_from_slice(self.facts.contexts.get(contexts_start as usize..).unwrap_or(&[]));
        let contexts_key = keys::of_set(&mut set);
        let duplicate_key = keys::hash(&(
            subject,
            relation_word,
            objects_key,
            contexts_key,
            mechanism.key(),
            keys::of_set(&mut stimuli),
            keys::of_set(&mut cited),
            design,
        ));
        self.scratch_set = set;
        self.scratch_objects = resolved_objects;
        self.scratch_stimuli = stimuli;
        self.scratch_cited = cited;
        self.facts.claims.push(ClaimFacts {
            file: self.file,
            span,
            relation: relation_name.span,
            subject,
            polarity,
            objects: (objects_start, objects_end),
            contexts: (contexts_start, contexts_end),
            duplicate_key,
        });
    }

    /// Checks the measured effect and the design qualifiers (spec 0.3 §11 K–M): units,
    /// measure, level and trial, the names of `vs` and `through`, and whether a written
    /// level agrees with the contexts (whose `settings` the caller gathered).
    /// Returns what `duplicate-claim` compares of them: dose, duration, comparators,
    /// trial and level.
    fn design(&mut self, claim: &Claim, settings: &[super::level::Setting]) -> Key {
        let src = self.src;
        if let Some(effect) = claim.effect {
            if let Some(measure) = effect.measure {
                if let Err(unknown) = units::measure(measure.text(src)) {
                    self.facts.diagnostics.push(rules::unknown_measure::diagnostic(
                        self.file,
                        measure,
                        measure.text(src),
                        unknown,
                    ));
                }
            }
            if let Some(unit) = effect.unit {
                let text = unit.text(src);
                if text != "%" && text != "-fold" {
                    self.unit(unit, false);
                }
            }
        }
        let Some(design) = claim.design.as_deref() else { return 0 };
        if let Some(dose) = design.dose.filter(|dose| dose.unit.text(src) != "%") {
            self.unit(dose.unit, false);
        }
        if let Some(duration) = design.duration {
            self.unit(duration.unit, true);
        }
        let ast = self.ast;
        let mut comparators = std::mem::take(&mut self.scratch_set);
        comparators.clear();
        for entry in ast.entries(design.comparators) {
            let mut parts: Vec<Key> = ast
                .names_in(entry)
                .iter()
                .map(|&name| self.key(name, Position::DrugSubject).0)
                .collect();
            comparators.push(keys::of_set(&mut parts));
        }
        let comparators_key = keys::of_set(&mut comparators);
        self.scratch_set = comparators;
        for &name in ast.names_in(design.mediators) {
            self.resolve(name, Position::Object);
        }
        if let Some(trial) = design.trial {
            let text = trial.text(src);
            if let Err(why) = super::identifiers::nct(text) {
                self.facts
                    .diagnostics
                    .push(rules::invalid_identifier::nct(self.file, trial, text, why));
            }
        }
        if let Some(level) = design.level {
            let written = level.text(src);
            match units::level(written) {
                Err(unknown) => self
                    .facts
                    .diagnostics
                    .push(rules::unknown_level::diagnostic(self.file, level, written, unknown)),
                Ok(()) => {
                    if let Some(why) = super::level::mismatch(written, settings) {
                        self.facts.diagnostics.push(rules::level_mismatch::diagnostic(
                            self.file, level, written, why,
                        ));
                    }
                }
            }
        }
        let text = |span: Option<crate::text::Span>| span.map(|s| s.text(src));
        let amount = |a: Option<crate::syntax::ast::Amount>| {
            a.map(|a| (a.value.text(src), a.unit.text(src)))
        };
        keys::hash(&(
            amount(design.dose),
            amount(design.duration),
            comparators_key,
            text(design.trial),
            text(design.level),
        ))
    }

    /// Reports a unit (a time unit when `time`) that `check::units` does not read.
    fn unit(&mut self, unit: Span, time: bool) {
        let text = unit.text(self.src);
        let checked = if time { units::time_unit(text) } else { units::unit(text) };
        if let Err(unknown) = checked {
            let what = if time { "time unit" } else { "unit" };
            self.facts
                .diagnostics
                .push(rules::unknown_unit::diagnostic(self.file, unit, text, what, unknown));
        }
    }

    fn mark_cited(&mut self, index: u32) {
        if let Some(seen) = self.cited_seen.get_mut(index as usize) {
            if !*seen {
                *seen = true;
                self.facts.cited.push(index);
            }
        }
    }
}
