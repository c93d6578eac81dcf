//! Splicing a re-parsed region into a file's syntax tree: the statements before the
//! region are kept, the region's are replaced by a fresh parse of it, and those after
//! it are kept with their byte spans moved by the edit's length difference and their
//! name and key ids moved by the difference in arena sizes. The server uses it to
//! re-check only what an edit touched (see `check::incremental`); the result equals a
//! parse of the whole new text (tested in `tests/incremental.rs`).

use super::ast::*;
use crate::text::Span;

/// How the statements after a region move: bytes from `at` on (in the old text) by
/// `bytes`; name and key ids by `names` and `keys`.
#[derive(Clone, Copy, Debug)]
pub struct Shift {
    pub at: u32,
    pub bytes: i64,
    pub names: i64,
    pub keys: i64,
}

impl Shift {
    /// Moves a span of the old text that starts at or after the region's end.
    pub fn span(self, span: Span) -> Span {
        if span.start < self.at {
            return span;
        }
        Span::new(moved(span.start, self.bytes), moved(span.end, self.bytes))
    }

    fn name(self, id: NameId) -> NameId {
        moved(id, self.names)
    }

    /// A range of names; the empty default range (an absent `with` or payload) stays.
    fn names(self, range: IdRange) -> IdRange {
        if range == IdRange::default() {
            return range;
        }
        IdRange { start: moved(range.start, self.names), end: moved(range.end, self.names) }
    }

    fn keys(self, range: IdRange) -> IdRange {
        IdRange { start: moved(range.start, self.keys), end: moved(range.end, self.keys) }
    }

    fn str(self, s: Str) -> Str {
        Str { span: self.span(s.span) }
    }

    fn composition(self, c: Composition) -> Composition {
        Composition {
            head: self.name(c.head),
            payload: self.names(c.payload),
            with: self.names(c.with),
            span: self.span(c.span),
        }
    }

    /// A statement after the region, moved.
    fn statement(self, statement: &Statement) -> Statement {
        let kind = match &statement.kind {
            StatementKind::Review(r) => StatementKind::Review(Review {
                title: self.str(r.title),
                doi: r.doi.map(|d| self.str(d)),
            }),
            StatementKind::Section(s) => StatementKind::Section(Section {
                number: self.span(s.number),
                title: self.str(s.title),
                via: s.via.map(|v| self.name(v)),
            }),
            StatementKind::Reference(r) => StatementKind::Reference(Reference {
                key: CiteKey { name: Name { span: self.span(r.key.name.span) } },
                text: self.str(r.text),
                doi: r.doi.map(|d| self.str(d)),
                pmid: r.pmid.map(|p| self.span(p)),
                year: r.year.map(|y| self.span(y)),
            }),
            StatementKind::Definition(d) => StatementKind::Definition(Box::new(Definition {
                kind: d.kind,
                kind_span: self.span(d.kind_span),
                name: self.name(d.name),
                composition: d.composition.map(|c| self.composition(c)),
                description: d.description.map(|s| self.str(s)),
                aliases: self.names(d.aliases),
                classes: self.names(d.classes),
                roles: d
                    .roles
                    .iter()
                    .map(|r| Role { mechanism: self.name(r.mechanism), sign: r.sign })
                    .collect(),
            })),
            StatementKind::Relation(r) => StatementKind::Relation(RelationDefinition {
                word: self.name(r.word),
                polarity: r.polarity,
                polarity_span: self.span(r.polarity_span),
                description: r.description.map(|d| self.str(d)),
            }),
            StatementKind::Claim(c) => StatementKind::Claim(Claim {
                subject: match c.subject {
                    Subject::Carrier(comp) => Subject::Carrier(self.composition(comp)),
                    Subject::Drug(names) => Subject::Drug(self.names(names)),
                    Subject::Name(name) => Subject::Name(self.name(name)),
                },
                relation: self.name(c.relation),
                objects: self.names(c.objects),
                contexts: self.names(c.contexts),
                stimuli: self.names(c.stimuli),
                via: c.via.map(|v| self.name(v)),
                effect: c.effect.map(|e| Effect {
                    keyword: self.span(e.keyword),
                    measure: e.measure.map(|m| self.span(m)),
                    value: self.span(e.value),
                    unit: e.unit.map(|u| self.span(u)),
                    ci: e.ci.map(|c| self.span(c)),
                    p: e.p.map(|p| self.span(p)),
                    p_below: e.p_below,
                }),
                quote: c.quote.map(|q| self.str(q)),
                cites: self.keys(c.cites),
                design: c.design.as_ref().map(|d| {
                    let amount = |a: Amount| Amount {
                        keyword: self.span(a.keyword),
                        value: self.span(a.value),
                        unit: self.span(a.unit),
                    };
                    Box::new(Design {
                        dose: d.dose.map(amount),
                        duration: d.duration.map(amount),
                        comparators: self.names(d.comparators),
                        size: d.size.map(|s| self.span(s)),
                        level: d.level.map(|s| self.span(s)),
                        trial: d.trial.map(|s| self.span(s)),
                        mediators: self.names(d.mediators),
                    })
                }),
            }),
            StatementKind::Error => StatementKind::Error,
        };
        Statement { span: self.span(statement.span), kind }
    }
}

fn moved(value: u32, by: i64) -> u32 {
    u32::try_from(i64::from(value) + by).unwrap_or(0)
}

/// Where a list in file order splits around `region`, by each item's start offset: the
/// items before `.0` lie before the region, those from `.1` on at or after its end.
pub fn split<T>(items: &[T], region: Span, at: impl Fn(&T) -> u32) -> (usize, usize) {
    let a = items.partition_point(|item| at(item) < region.start);
    let b = a + items.get(a..).unwrap_or(&[]).partition_point(|item| at(item) < region.end);
    (a, b)
}

impl Ast {
    /// This tree with the old text's `region` (whole statements and the comments
    /// between them) replaced by `fresh`, a parse of the new text's lines there (with
    /// the new text's spans and its own arenas); everything after the region moves by
    /// `delta` bytes.
    pub fn splice(&self, region: Span, fresh: &Ast, delta: i64) -> Ast {
        let (sa, sb) = split(&self.statements, region, |s| s.span.start);
        let (na, nb) = split(&self.names, region, |n| n.span.start);
        let (ka, kb) = split(&self.keys, region, |k| k.name.span.start);
        let (ca, cb) = split(&self.comments, region, |c| c.start);
        let (ea, eb) = split(&self.errors, region, |e| e.span.start);
        let (pa, pb) = split(&self.plus, region, |p| p.start);
        // The fresh statements' spans are the new text's already; only their ids move.
        let inner = Shift { at: u32::MAX, bytes: 0, names: na as i64, keys: ka as i64 };
        let after = Shift {
            at: region.end,
            bytes: delta,
            names: (na + fresh.names.len()) as i64 - nb as i64,
            keys: (ka + fresh.keys.len()) as i64 - kb as i64,
        };

        let mut statements =
            Vec::with_capacity(self.statements.len() - (sb - sa) + fresh.statements.len());
        statements.extend_from_slice(&self.statements[..sa]);
        statements.extend(fresh.statements.iter().map(|s| inner.statement(s)));
        statements.extend(self.statements[sb..].iter().map(|s| after.statement(s)));

        let mut names = Vec::with_capacity(na + fresh.names.len() + self.names.len() - nb);
        names.extend_from_slice(&self.names[..na]);
        names.extend_from_slice(&fresh.names);
        names.extend(self.names[nb..].iter().map(|n| Name { span: after.span(n.span) }));

        let mut keys = Vec::with_capacity(ka + fresh.keys.len() + self.keys.len() - kb);
        keys.extend_from_slice(&self.keys[..ka]);
        keys.extend_from_slice(&fresh.keys);
        keys.extend(
            self.keys[kb..]
                .iter()
                .map(|k| CiteKey { name: Name { span: after.span(k.name.span) } }),
        );

        let mut comments = Vec::with_capacity(ca + fresh.comments.len() + self.comments.len() - cb);
        comments.extend_from_slice(&self.comments[..ca]);
        comments.extend_from_slice(&fresh.comments);
        comments.extend(self.comments[cb..].iter().map(|&c| after.span(c)));

        let mut errors = Vec::with_capacity(ea + fresh.errors.len() + self.errors.len() - eb);
        errors.extend_from_slice(&self.errors[..ea]);
        errors.extend_from_slice(&fresh.errors);
        errors.extend(
            self.errors[eb..]
                .iter()
                .map(|e| SyntaxError { span: after.span(e.span), message: e.message.clone() }),
        );

        let mut plus = Vec::with_capacity(pa + fresh.plus.len() + self.plus.len() - pb);
        plus.extend_from_slice(&self.plus[..pa]);
        plus.extend_from_slice(&fresh.plus);
        plus.extend(self.plus[pb..].iter().map(|&p| after.span(p)));

        Ast { statements, names, keys, comments, errors, plus }
    }
}
