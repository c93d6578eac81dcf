//! The resolved claims that every export format renders: each claim's subject
//! (carrier, payloads, `with` names, formulation), relation and polarity, objects,
//! contexts, stimuli, mechanism (own or the section's), effect size, quote and
//! citations with their reference text, resolved against an [`Analysis`]. Pure.

use serde::Serialize;

use crate::check::level::{self, Setting};
use crate::check::references::{self, References};
use crate::check::relations::{self, Polarity};
use crate::check::units::{self, Tier};
use crate::check::{Analysis, SourceKind};
use crate::syntax::ast::{
    number, Amount, Ast, Claim, Effect, IdRange, Name, NameId, StatementKind, Subject,
};
use crate::text::LineIndex;
use crate::text::Span;
use crate::vocab::{Lookup, Position, Resolved, Vocabulary};

/// A file as the export names it.
#[derive(Clone, Copy, Debug)]
pub struct ExportFile<'a> {
    /// The path as printed (relative to the current directory).
    pub path: &'a str,
    pub text: &'a str,
    /// Whether it is among the paths asked for: its diagnostics are exported, and its
    /// claims if it is an `.evn` file.
    pub included: bool,
}

/// A name as written and what it resolved to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NameRef {
    /// As the author wrote it (without backticks).
    pub written: String,
    /// The canonical name, or `None` when the name resolved to nothing.
    pub canonical: Option<String>,
    /// The kind of what it resolved to (`target`, `process`, `drug`…).
    pub kind: Option<&'static str>,
    /// For a derived name (spec §11 B, N): how it was read and its base, for grouping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<DerivedRef>,
}

/// How a derived name was read: "knock-down of BRAF (siRNA) (derived: si/sh + gene)",
/// and its base's canonical name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DerivedRef {
    pub reading: String,
    pub base: String,
}

impl NameRef {
    /// The canonical name, or what was written when it did not resolve.
    pub fn display(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.written)
    }
}

/// The subject of a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectRecord {
    /// The subject as written (`carrier SLN(talazoparib)`, `TPGS-Res-SLN`).
    pub written: String,
    /// `carrier`, `formulation`, `drug`, `target` or `unknown`.
    pub kind: &'static str,
    /// A canonical rendering: `SLN(talazoparib) with TPGS`, a drug or target name.
    pub canonical: String,
    /// The named formulation, when the subject is one.
    pub formulation: Option<String>,
    pub carrier: Option<NameRef>,
    pub payload: Vec<NameRef>,
    /// Ligands, coatings and excipients (after `with`).
    pub with: Vec<NameRef>,
}

/// The mechanism in force for a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MechanismRef {
    #[serde(flatten)]
    pub name: NameRef,
    /// True when the claim has no `via` and takes its section's.
    pub inherited: bool,
}

/// One cited key, with the reference it points to (ranges are expanded).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Citation {
    pub key: String,
    /// The reference text (the `ref` text or the BibTeX title); `None` if undefined.
    pub text: Option<String>,
    pub author: Option<String>,
    pub year: Option<String>,
}

/// One claim, resolved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimRecord {
    pub file: String,
    /// 1-based line of the claim's first token.
    pub line: u32,
    pub subject: SubjectRecord,
    pub relation: String,
    /// `up`, `down`, `none`, or `None` for an unknown relation word.
    pub polarity: Option<&'static str>,
    pub objects: Vec<NameRef>,
    pub contexts: Vec<NameRef>,
    pub stimuli: Vec<NameRef>,
    pub mechanism: Option<MechanismRef>,
    /// `by 94.1%`: the number (version 1's field, kept).
    pub effect_percent: Option<f64>,
    pub quote: Option<String>,
    pub citations: Vec<Citation>,
    /// The section the claim is in (`4.1`), if any.
    pub section: Option<String>,
    /// The measured effect (`by` or `effect`), spec 0.3 §11 L.
    pub effect: Option<EffectRecord>,
    /// `at 5 mg/kg`.
    pub dose: Option<AmountRecord>,
    /// `for 12 weeks`.
    pub duration: Option<AmountRecord>,
    /// `vs`: each entry a drug, or the parts of a combination.
    pub comparator: Vec<Vec<NameRef>>,
    /// `n 600`.
    pub n: Option<u64>,
    /// `trial COMBI-d`.
    pub trial: Option<String>,
    /// `through MEK1, ERK`.
    pub mediators: Vec<NameRef>,
    /// The evidence level, written or derived (spec 0.3 §11 M).
    pub level: LevelRecord,
}

/// A measured effect as written and as numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EffectRecord {
    /// As written: `by -14.9%`, `effect HR 0.62 ci 0.49-0.77 p 0.001`.
    pub written: String,
    /// `HR`, `OR`…, or `None` for `by`.
    pub measure: Option<String>,
    pub value: Option<f64>,
    /// `%`, `-fold`, a unit (`points`, `nM`), or `None`.
    pub unit: Option<String>,
    /// The confidence interval, `[low, high]`.
    pub ci: Option<[f64; 2]>,
    pub p: Option<f64>,
    /// Whether `p` is a bound (`p < 0.001`).
    pub p_below: bool,
}

/// A dose or a duration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AmountRecord {
    /// As written: `5 mg/kg`.
    pub written: String,
    pub value: Option<f64>,
    pub unit: String,
}

/// A claim's evidence level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelRecord {
    /// `in-vitro`, `phase-3`…, or `unknown` when neither written nor derivable.
    pub value: String,
    /// `written` or `derived`.
    pub source: &'static str,
}

/// The tiers of spec 0.3 §11 M from computation to people, then `unknown`: the order in
/// which the HTML export lists a target's or process's claims by level.
pub const TIERS: [&str; 6] = ["in-silico", "in-vitro", "ex-vivo", "in-vivo", "clinical", "unknown"];

impl LevelRecord {
    /// Whether the level was derived from the contexts rather than written.
    pub fn is_derived(&self) -> bool {
        self.source == "derived"
    }

    /// The tier of [`TIERS`] the level belongs to: every study of people is `clinical`.
    pub fn tier(&self) -> &'static str {
        match units::tier(&self.value) {
            Some(Tier::InSilico) => "in-silico",
            Some(Tier::InVitro) => "in-vitro",
            Some(Tier::ExVivo) => "ex-vivo",
            Some(Tier::InVivo) => "in-vivo",
            Some(Tier::Clinical) => "clinical",
            None => "unknown",
        }
    }

    /// As the tables show it: `phase-3` when written, `in-vivo*` when derived, and
    /// nothing when unknown.
    pub fn label(&self) -> String {
        match (self.tier(), self.is_derived()) {
            ("unknown", _) => String::new(),
            (_, true) => format!("{}*", self.value),
            (_, false) => self.value.clone(),
        }
    }
}

/// A diagnostic as the HTML export lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiagnosticRecord {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
}

/// The diagnostics of the included files, hints left out (as `evn check` prints them).
pub fn diagnostics(analysis: &Analysis, files: &[ExportFile<'_>]) -> Vec<DiagnosticRecord> {
    let mut lines: Vec<Option<LineIndex>> = vec![None; files.len()];
    let mut out = Vec::new();
    for d in &analysis.diagnostics {
        let Some(file) = files.get(d.file as usize).filter(|f| f.included) else { continue };
        if d.severity == crate::diagnostic::Severity::Hint {
            continue;
        }
        let Some(slot) = lines.get_mut(d.file as usize) else { continue };
        let index = slot.get_or_insert_with(|| LineIndex::new(file.text));
        let at = index.line_col(file.text, d.span.start);
        out.push(DiagnosticRecord {
            file: file.path.to_string(),
            line: at.line,
            column: at.column,
            severity: d.severity.as_str(),
            rule: d.rule.name(),
            message: d.message.to_string(),
        });
    }
    out
}

/// Every claim of the included files, in file order.
pub fn claims(analysis: &Analysis, files: &[ExportFile<'_>]) -> Vec<ClaimRecord> {
    let mut out = Vec::new();
    for (file, analysed) in files.iter().zip(&analysis.files) {
        if !file.included || analysed.kind != SourceKind::Evn {
            continue;
        }
        let walker = Walker {
            vocabulary: &analysis.vocabulary,
            references: &analysis.references,
            src: file.text,
            ast: &analysed.ast,
        };
        walker.file(file.path, &mut out);
    }
    out
}

struct Walker<'a> {
    vocabulary: &'a Vocabulary,
    references: &'a References,
    src: &'a str,
    ast: &'a Ast,
}

impl Walker<'_> {
    fn file(&self, path: &str, out: &mut Vec<ClaimRecord>) {
        let lines = LineIndex::new(self.src);
        let mut section: (Option<String>, Option<NameId>) = (None, None);
        for statement in &self.ast.statements {
            match &statement.kind {
                StatementKind::Section(s) => {
                    section = (Some(s.number.text(self.src).to_string()), s.via);
                }
                StatementKind::Claim(claim) => {
                    let line = lines.line_col(self.src, statement.span.start).line;
                    out.push(self.claim(path, line, claim, &section));
                }
                _ => {}
            }
        }
    }

    fn claim(
        &self,
        path: &str,
        line: u32,
        claim: &Claim,
        section: &(Option<String>, Option<NameId>),
    ) -> ClaimRecord {
        let relation = self.ast.name(claim.relation).text(self.src).to_string();
        let polarity = relations::polarity_in(self.vocabulary, &relation).map(Polarity::as_str);
        let objects = relations::object_position(&relation);
        let mechanism = match (claim.via, section.1) {
            (Some(via), _) => Some(MechanismRef {
                name: self.name(self.ast.name(via), Position::Mechanism),
                inherited: false,
            }),
            (None, Some(via)) => Some(MechanismRef {
                name: self.name(self.ast.name(via), Position::Mechanism),
                inherited: true,
            }),
            (None, None) => None,
        };
        ClaimRecord {
            file: path.to_string(),
            line,
            subject: self.subject(claim.subject),
            relation,
            polarity,
            objects: self.names(claim.objects, objects),
            contexts: self.names(claim.contexts, Position::Context),
            stimuli: self.names(claim.stimuli, Position::Stimulus),
            mechanism,
            effect_percent: claim
                .effect
                .filter(|e| e.measure.is_none() && e.unit_text(self.src) == Some("%"))
                .and_then(|e| e.number(self.src)),
            quote: claim.quote.map(|q| q.value(self.src)),
            citations: self.citations(claim.cites),
            section: section.0.clone(),
            effect: claim.effect.map(|e| self.effect(e)),
            dose: claim.design().dose.map(|a| self.amount(a)),
            duration: claim.design().duration.map(|a| self.amount(a)),
            comparator: self
                .ast
                .entries(claim.design().comparators)
                .map(|entry| self.names(entry, Position::DrugSubject))
                .collect(),
            n: claim.design().size.and_then(|n| n.text(self.src).parse().ok()),
            trial: claim.design().trial.map(|t| t.text(self.src).to_string()),
            mediators: self.names(claim.design().mediators, Position::Object),
            level: self.level(claim),
        }
    }

    fn effect(&self, e: Effect) -> EffectRecord {
        let end = [e.p, e.ci, e.unit, Some(e.value)].into_iter().flatten().map(|s| s.end).max();
        EffectRecord {
            written: Span::new(e.keyword.start, end.unwrap_or(e.keyword.end))
                .text(self.src)
                .to_string(),
            measure: e.measure.map(|m| m.text(self.src).to_string()),
            value: e.number(self.src),
            unit: e.unit_text(self.src).map(str::to_string),
            ci: e
                .ci
                .and_then(|c| crate::syntax::split_range(c.text(self.src)))
                .map(|(low, high)| [low, high]),
            p: e.p.and_then(|p| number(p.text(self.src))),
            p_below: e.p_below,
        }
    }

    fn amount(&self, a: Amount) -> AmountRecord {
        AmountRecord {
            written: a.value.cover(a.unit).text(self.src).to_string(),
            value: number(a.value.text(self.src)),
            unit: a.unit.text(self.src).to_string(),
        }
    }

    /// The written level, or the one the contexts and `trial` give (spec 0.3 §11 M).
    fn level(&self, claim: &Claim) -> LevelRecord {
        if let Some(level) = claim.design().level {
            return LevelRecord { value: level.text(self.src).to_string(), source: "written" };
        }
        let settings: Vec<Setting> = self
            .ast
            .names_in(claim.contexts)
            .iter()
            .filter_map(|n| self.resolve(n.text(self.src), Position::Context))
            .map(|r| level::setting(self.vocabulary, r))
            .collect();
        let derived = level::derive(&settings, claim.design().trial.is_some());
        LevelRecord { value: derived.map_or("unknown", |d| d.word).to_string(), source: "derived" }
    }

    fn resolve(&self, text: &str, position: Position) -> Option<Resolved> {
        match self.vocabulary.lookup(text, position) {
            Lookup::Found(resolved, _) => Some(resolved),
            _ => None,
        }
    }

    fn name(&self, name: Name, position: Position) -> NameRef {
        self.name_text(name.text(self.src), position)
    }

    fn name_text(&self, text: &str, position: Position) -> NameRef {
        let resolved = self.resolve(text, position);
        NameRef {
            written: text.to_string(),
            canonical: resolved.map(|r| self.vocabulary.canonical_name(r).to_string()),
            kind: resolved.map(|r| self.vocabulary.kind_of(r).as_str()),
            derived: resolved
                .filter(|r| matches!(r, Resolved::Derived(_)))
                .and_then(|r| self.vocabulary.describe(r).derived)
                .map(|(reading, base)| DerivedRef { reading, base }),
        }
    }

    fn names(&self, range: IdRange, position: Position) -> Vec<NameRef> {
        self.ast.names_in(range).iter().map(|&n| self.name(n, position)).collect()
    }

    fn subject(&self, subject: Subject) -> SubjectRecord {
        match subject {
            Subject::Carrier(c) => {
                let carrier = self.name(self.ast.name(c.head), Position::CarrierHead);
                let payload = self.names(c.payload, Position::Payload);
                let with = self.names(c.with, Position::With);
                SubjectRecord {
                    written: format!("carrier {}", c.span.text(self.src)),
                    kind: "carrier",
                    canonical: composition(&carrier, &payload, &with),
                    formulation: None,
                    carrier: Some(carrier),
                    payload,
                    with,
                }
            }
            Subject::Drug(parts) => {
                let drugs = self.names(parts, Position::DrugSubject);
                let written =
                    match (self.ast.names_in(parts).first(), self.ast.names_in(parts).last()) {
                        (Some(a), Some(b)) => a.span.cover(b.span).text(self.src),
                        _ => "",
                    };
                let canonical: Vec<&str> = drugs.iter().map(NameRef::display).collect();
                SubjectRecord {
                    written: format!("drug {written}"),
                    kind: "drug",
                    canonical: canonical.join(" + "),
                    formulation: None,
                    carrier: None,
                    payload: drugs,
                    with: Vec::new(),
                }
            }
            Subject::Name(n) => self.bare_subject(self.ast.name(n)),
        }
    }

    fn bare_subject(&self, name: Name) -> SubjectRecord {
        let written = name.span.text(self.src).to_string();
        let this = self.name(name, Position::Subject);
        let resolved = self.resolve(name.text(self.src), Position::Subject);
        let mut record = SubjectRecord {
            written,
            kind: this.kind.unwrap_or("unknown"),
            canonical: this.display().to_string(),
            formulation: None,
            carrier: None,
            payload: Vec::new(),
            with: Vec::new(),
        };
        match this.kind {
            Some("formulation") => {
                record.formulation = this.canonical.clone();
                let composition = match resolved {
                    Some(Resolved::Entry(id)) => {
                        self.vocabulary.entry(id).and_then(|e| e.composition.clone())
                    }
                    _ => None,
                };
                if let Some(c) = composition {
                    record.carrier = Some(self.name_text(&c.head, Position::CarrierHead));
                    record.payload =
                        c.payload.iter().map(|p| self.name_text(p, Position::Payload)).collect();
                    record.with =
                        c.with.iter().map(|w| self.name_text(w, Position::With)).collect();
                }
            }
            Some("carrier") => record.carrier = Some(this),
            Some("drug") => record.payload = vec![this],
            _ => {}
        }
        record
    }

    fn citations(&self, range: IdRange) -> Vec<Citation> {
        let mut out = Vec::new();
        for key in self.ast.keys_in(range) {
            let text = key.text(self.src);
            match (self.references.find(text), references::range(text)) {
                (None, Some(range)) => {
                    for number in range {
                        out.push(self.citation(&number.to_string()));
                    }
                }
                _ => out.push(self.citation(text)),
            }
        }
        out
    }

    fn citation(&self, key: &str) -> Citation {
        let def = self.references.find(key).and_then(|i| self.references.get(i));
        Citation {
            key: key.to_string(),
            text: def.map(|d| d.text.clone()),
            author: def.and_then(|d| d.author.clone()),
            year: def.and_then(|d| d.year.clone()),
        }
    }
}

/// `SLN(talazoparib, DOX) with TPGS`, from canonical names where they resolved.
pub fn composition(carrier: &NameRef, payload: &[NameRef], with: &[NameRef]) -> String {
    let mut out = carrier.display().to_string();
    if !payload.is_empty() {
        let names: Vec<&str> = payload.iter().map(NameRef::display).collect();
        out.push_str(&format!("({})", names.join(", ")));
    }
    if !with.is_empty() {
        let names: Vec<&str> = with.iter().map(NameRef::display).collect();
        out.push_str(&format!(" with {}", names.join(", ")));
    }
    out
}

/// How claims are grouped in the markdown and HTML exports (`--group-by`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Mechanism,
    Carrier,
    Target,
}

/// The group(s) a claim belongs to: one per object when grouping by target.
pub fn groups(claim: &ClaimRecord, by: GroupBy) -> Vec<String> {
    match by {
        GroupBy::Mechanism => {
            vec![claim
                .mechanism
                .as_ref()
                .map_or("(no mechanism)".to_string(), |m| m.name.display().to_string())]
        }
        GroupBy::Carrier => vec![carrier_label(claim)],
        GroupBy::Target => {
            let mut names: Vec<String> =
                claim.objects.iter().map(|o| o.display().to_string()).collect();
            names.dedup();
            names
        }
    }
}

/// The carrier of a claim's subject, or what stands in for it.
pub fn carrier_label(claim: &ClaimRecord) -> String {
    match &claim.subject.carrier {
        Some(carrier) => carrier.display().to_string(),
        None => match claim.subject.kind {
            "drug" => "(free drug)".to_string(),
            "target" | "process" => "(biology)".to_string(),
            _ => "(no carrier)".to_string(),
        },
    }
}

/// The cited keys of a claim as written compactly: `70-72, 79`.
pub fn keys_label(claim: &ClaimRecord) -> String {
    let numbers: Vec<Option<u64>> = claim.citations.iter().map(|c| c.key.parse().ok()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < claim.citations.len() {
        let mut j = i;
        if let Some(Some(start)) = numbers.get(i).copied() {
            while let Some(Some(next)) = numbers.get(j + 1).copied() {
                if next != start + (j + 1 - i) as u64 {
                    break;
                }
                j += 1;
            }
            if j >= i + 2 {
                out.push(format!("{start}-{}", start + (j - i) as u64));
                i = j + 1;
                continue;
            }
        }
        out.push(claim.citations.get(i).map(|c| c.key.clone()).unwrap_or_default());
        i += 1;
    }
    out.join(", ")
}
