//! The syntax tree of one file, stored flat: statements refer to ranges of shared
//! arenas of names and cite keys instead of owning vectors, so a claim costs no
//! allocation of its own (see `../shared/guide/performance.md`). Every name keeps its
//! byte span; keywords and punctuation are re-lexed on demand with
//! [`crate::syntax::lexer::tokens`].

use crate::text::Span;

/// A name as written: a bare NAME or a QNAME in backticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    /// The token, backticks included.
    pub span: Span,
}

impl Name {
    pub fn is_quoted(self, src: &str) -> bool {
        src.as_bytes().get(self.span.start as usize) == Some(&b'`')
    }

    /// The span of the name's text, without backticks.
    pub fn text_span(self, src: &str) -> Span {
        if self.is_quoted(src) && self.span.len() >= 2 {
            Span::new(self.span.start + 1, self.span.end - 1)
        } else {
            self.span
        }
    }

    /// The name's text: a QNAME and a NAME with the same text are the same name.
    pub fn text(self, src: &str) -> &str {
        self.text_span(src).text(src)
    }
}

/// A cite key or `ref` key: a NUMBER or a name (`70-72` is a range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CiteKey {
    pub name: Name,
}

impl CiteKey {
    pub fn text(self, src: &str) -> &str {
        self.name.text(src)
    }

    pub fn span(self) -> Span {
        self.name.span
    }
}

/// Index of a [`Name`] in [`Ast::names`].
pub type NameId = u32;

/// A range of [`Ast::names`] or [`Ast::keys`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IdRange {
    pub start: u32,
    pub end: u32,
}

impl IdRange {
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    pub fn iter(self) -> std::ops::Range<u32> {
        self.start..self.end
    }
}

/// A string literal; the text still holds its quotes and escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str {
    pub span: Span,
}

impl Str {
    /// The string's value, with escapes resolved.
    pub fn value(self, src: &str) -> String {
        let raw = self.span.text(src);
        let inner = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(raw);
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// One logical line.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// From the first token to the last (comments excluded).
    pub span: Span,
    pub kind: StatementKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    Review(Review),
    Section(Section),
    Reference(Reference),
    Definition(Box<Definition>),
    /// `define relation WORD up|down|none "description"` (spec §10 D).
    Relation(RelationDefinition),
    Claim(Claim),
    /// A statement with syntax errors: the other rules do not look at it.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub title: Str,
    pub doi: Option<Str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub number: Span,
    pub title: Str,
    pub via: Option<NameId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub key: CiteKey,
    pub text: Str,
    pub doi: Option<Str>,
    pub pmid: Option<Span>,
    pub year: Option<Span>,
}

/// What a `define` defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Target,
    Process,
    Drug,
    Carrier,
    Formulation,
    Ligand,
    Context,
    Mechanism,
    Stimulus,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Target,
        Kind::Process,
        Kind::Drug,
        Kind::Carrier,
        Kind::Formulation,
        Kind::Ligand,
        Kind::Context,
        Kind::Mechanism,
        Kind::Stimulus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Target => "target",
            Kind::Process => "process",
            Kind::Drug => "drug",
            Kind::Carrier => "carrier",
            Kind::Formulation => "formulation",
            Kind::Ligand => "ligand",
            Kind::Context => "context",
            Kind::Mechanism => "mechanism",
            Kind::Stimulus => "stimulus",
        }
    }

    /// "a target", "an entry of kind …": for messages.
    pub fn with_article(self) -> &'static str {
        match self {
            Kind::Target => "a target",
            Kind::Process => "a process",
            Kind::Drug => "a drug",
            Kind::Carrier => "a carrier",
            Kind::Formulation => "a formulation",
            Kind::Ligand => "a ligand",
            Kind::Context => "a context",
            Kind::Mechanism => "a mechanism",
            Kind::Stimulus => "a stimulus",
        }
    }
}

/// The direction a role or a relation points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sign {
    Up,
    Down,
}

impl Sign {
    pub fn opposite(self) -> Sign {
        match self {
            Sign::Up => Sign::Down,
            Sign::Down => Sign::Up,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sign::Up => "up",
            Sign::Down => "down",
        }
    }
}

/// Which way a relation moves its objects (spec §5), or that it found no effect
/// (`null`, spec 0.3 §11 G).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Polarity {
    Up,
    Down,
    None,
    /// A finding of no effect: `does-not-affect`.
    Null,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Up => "up",
            Polarity::Down => "down",
            Polarity::None => "none",
            Polarity::Null => "null",
        }
    }
}

/// `define relation WORD up|down|none "description"`: a workspace's own relation word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RelationDefinition {
    pub word: NameId,
    pub polarity: Polarity,
    /// The `up`, `down` or `none` token.
    pub polarity_span: Span,
    pub description: Option<Str>,
}

/// `mechanism[:up|:down]` in a `role` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Role {
    pub mechanism: NameId,
    pub sign: Option<Sign>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    pub kind: Kind,
    pub kind_span: Span,
    pub name: NameId,
    pub composition: Option<Composition>,
    pub description: Option<Str>,
    pub aliases: IdRange,
    pub classes: IdRange,
    pub roles: Vec<Role>,
}

/// `head(payload, …) with name, …`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Composition {
    pub head: NameId,
    pub payload: IdRange,
    pub with: IdRange,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// `carrier SLN(talazoparib) with TPGS`
    Carrier(Composition),
    /// `drug doxorubicin`, or a combination `drug dabrafenib + trametinib` (its parts,
    /// joined by [`Ast::plus`]).
    Drug(IdRange),
    /// A bare name: formulation, drug, carrier or target.
    Name(NameId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub subject: Subject,
    pub relation: NameId,
    pub objects: IdRange,
    /// The names of every `in`, in order.
    pub contexts: IdRange,
    /// The names of every `under`, in order.
    pub stimuli: IdRange,
    pub via: Option<NameId>,
    /// `by -14.9%`, `by 55-fold`, `by -0.45 points`, `effect HR 0.62 ci 0.49-0.77 p 0.001`.
    pub effect: Option<Effect>,
    pub quote: Option<Str>,
    /// Every key of every `cite(...)`, in order, in [`Ast::keys`].
    pub cites: IdRange,
    /// The design qualifiers of spec 0.3 §11 L and M, boxed: most claims have none.
    pub design: Option<Box<Design>>,
}

impl Claim {
    /// The design qualifiers, or none.
    pub fn design(&self) -> &Design {
        static NONE: Design = Design {
            dose: None,
            duration: None,
            comparators: IdRange { start: 0, end: 0 },
            size: None,
            level: None,
            trial: None,
            mediators: IdRange { start: 0, end: 0 },
        };
        self.design.as_deref().unwrap_or(&NONE)
    }
}

/// A measured effect (spec 0.3 §11 L): `by SIGNED (% | -fold | UNIT)` or `effect
/// MEASURE SIGNED [UNIT] [ci LOW-HIGH] [p [<] NUMBER]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effect {
    /// `by` or `effect`.
    pub keyword: Span,
    /// The MEASURE of `effect` (`HR`); none for `by`.
    pub measure: Option<Span>,
    /// The SIGNED value, without its unit (`-14.9`, `55` of `55-fold`).
    pub value: Span,
    /// `%`, the `-fold` of a fold change, or a UNIT.
    pub unit: Option<Span>,
    /// The `LOW-HIGH` of `ci`.
    pub ci: Option<Span>,
    /// The NUMBER of `p`.
    pub p: Option<Span>,
    /// Whether the p value is a bound: `p < 0.001`.
    pub p_below: bool,
}

impl Effect {
    /// What the unit says: `%`, `-fold`, a UNIT, or none.
    pub fn unit_text<'s>(&self, src: &'s str) -> Option<&'s str> {
        self.unit.map(|u| u.text(src))
    }

    /// The value as a number (`−` read as `-`).
    pub fn number(&self, src: &str) -> Option<f64> {
        crate::syntax::ast::number(self.value.text(src))
    }
}

/// A SIGNED or NUMBER's value: `−` (U+2212) is read as `-`, a leading `+` dropped.
pub fn number(text: &str) -> Option<f64> {
    let text = text.strip_prefix('+').unwrap_or(text);
    match text.strip_prefix('−') {
        Some(rest) => rest.parse::<f64>().ok().map(|v| -v),
        None => text.parse().ok(),
    }
}

/// `at NUMBER UNIT` or `for NUMBER TIMEUNIT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub keyword: Span,
    pub value: Span,
    pub unit: Span,
}

/// The qualifiers that say how a finding was made (spec 0.3 §11 L, M).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Design {
    /// `at 5 mg/kg`.
    pub dose: Option<Amount>,
    /// `for 68 weeks`.
    pub duration: Option<Amount>,
    /// The names of `vs`; a combination's parts are joined by [`Ast::plus`].
    pub comparators: IdRange,
    /// The NUMBER of `n`.
    pub size: Option<Span>,
    /// The LEVEL of `level`.
    pub level: Option<Span>,
    /// The name of `trial`.
    pub trial: Option<Span>,
    /// The names of `through`.
    pub mediators: IdRange,
}

/// A syntax error: where, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// The parse of one file. Parsing never fails: errors are values in [`Ast::errors`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ast {
    pub statements: Vec<Statement>,
    pub names: Vec<Name>,
    pub keys: Vec<CiteKey>,
    /// Every comment, in file order.
    pub comments: Vec<Span>,
    pub errors: Vec<SyntaxError>,
    /// Every `+` that joins the parts of a combination (spec 0.3 §11 K), in file order:
    /// two names of a list with a `+` between them are parts of one combination.
    pub plus: Vec<Span>,
}

impl Ast {
    pub fn name(&self, id: NameId) -> Name {
        self.names.get(id as usize).copied().unwrap_or(Name { span: Span::default() })
    }

    pub fn names_in(&self, range: IdRange) -> &[Name] {
        self.names.get(range.start as usize..range.end as usize).unwrap_or(&[])
    }

    pub fn keys_in(&self, range: IdRange) -> &[CiteKey] {
        self.keys.get(range.start as usize..range.end as usize).unwrap_or(&[])
    }

    /// Whether name `id` is joined to the next name by a `+`: both are parts of one
    /// combination.
    pub fn joined(&self, id: NameId) -> bool {
        if self.plus.is_empty() {
            return false;
        }
        let (Some(a), Some(b)) = (self.names.get(id as usize), self.names.get(id as usize + 1))
        else {
            return false;
        };
        let at = self.plus.partition_point(|p| p.start < a.span.end);
        self.plus.get(at).is_some_and(|p| p.end <= b.span.start)
    }

    /// The entries of a list of names, each a range: one name, or the parts of a
    /// combination (`A + B`).
    pub fn entries(&self, range: IdRange) -> impl Iterator<Item = IdRange> + '_ {
        let mut at = range.start;
        std::iter::from_fn(move || {
            if at >= range.end {
                return None;
            }
            let start = at;
            while at + 1 < range.end && self.joined(at) {
                at += 1;
            }
            at += 1;
            Some(IdRange { start, end: at })
        })
    }

    pub fn claims(&self) -> impl Iterator<Item = (&Statement, &Claim)> {
        self.statements.iter().filter_map(|s| match &s.kind {
            StatementKind::Claim(c) => Some((s, c)),
            _ => None,
        })
    }
}
