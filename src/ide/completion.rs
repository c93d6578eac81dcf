//! Completion by position in the statement: statement keywords and claim snippets at
//! the start of a line, relation words after a subject, targets and processes after a
//! relation or a comma (curated entries first, then the gene namespace by prefix),
//! drugs inside `( )`, after a `+` of a combination and after `vs` (the comparators
//! first), carriers after `carrier`, contexts after `in`, mechanisms after `via`,
//! stimuli after `under`, targets and processes after `through`, reference keys inside
//! `cite(`, and the closed lists of spec 0.3 §11 L, M from `check::units`: measures
//! after `effect`, units after `at N`, `by N` and an effect's value, time units after
//! `for N`, levels after `level`.
//!
//! The qualifier keywords that take a value from a list (`effect`, `at`, `vs`, …)
//! insert the word alone: the space typed next is a trigger character, so the list of
//! what follows opens by itself.
//!
//! The order (`sort`, the protocol's `sortText`, which clients sort by): what the typed
//! word starts with in the same case first, then what it starts with in another case,
//! then what merely has its characters in order; within each, workspace definitions,
//! then curated entries, their aliases, and gene names last (symbols before aliases,
//! shorter before longer). So after `downregulates EG`, the gene `EGFR` comes before the
//! curated `aggregation`, whose letters only contain `e`, `g`.
use super::hover::{entry_markdown, reference_markdown, resolved_markdown};
use super::{written, World};
use crate::check::relations::{self, RELATIONS};
use crate::check::units::{LEVELS, MEASURES, TIME_UNITS, UNITS};
use crate::diagnostic::FileId;
use crate::syntax::ast::Kind;
use crate::syntax::lexer::{tokens, Keyword, Token};
use crate::syntax::lines;
use crate::text::Span;
use crate::vocab::table::NameTable;
use crate::vocab::{Layer, Position, Resolved, Species};

/// How many gene names one answer lists (the list is marked incomplete beyond).
const GENE_LIMIT: usize = 100;

/// How many items one answer lists: a longer list (a thousand references after
/// `cite(`) is cut, best first by sort key, and marked incomplete, so the client asks
/// again as the user types. Several hundred items cost more to send and parse than to
/// find (BENCHMARKS.md, "The language server").
const LIMIT: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Keyword,
    Snippet,
    Relation,
    Entry(Kind),
    Gene,
    Reference,
    /// A word of a closed list of spec 0.3 §11 L, M: a measure, a unit, a level.
    Word,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    pub detail: Option<String>,
    /// The text that replaces [`Completions::replace`]; a snippet when `snippet`.
    pub insert: String,
    pub snippet: bool,
    pub filter: Option<String>,
    pub sort: String,
    /// The item to select when the list opens: the first, when it starts with the typed
    /// word in the same case.
    pub preselect: bool,
    /// What [`documentation`] needs to describe the item later (completionItem/resolve).
    pub data: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    /// The span of the word being completed (empty at the cursor when none).
    pub replace: Span,
    pub items: Vec<CompletionItem>,
    /// More items exist than were listed (gene names): ask again as the user types.
    pub incomplete: bool,
}

/// What the cursor position asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    StatementStart,
    Kind,
    Relation,
    Qualifier,
    Name(Position),
    /// After `vs` or a `+` of its list: drugs, the comparators first.
    Comparator,
    /// A word of one of `check::units`' lists.
    Word(Words),
    /// After an effect's value: its unit while none is written, `ci` while none is,
    /// `p`, and the other qualifiers.
    EffectTail {
        unit: bool,
        ci: bool,
    },
    Cite,
    Nothing,
}

/// Which closed list a [`Slot::Word`] offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    /// After `effect`.
    Measure,
    /// After `at NUMBER`.
    Unit,
    /// After `by NUMBER`: `%` and the units.
    ByUnit,
    /// After `for NUMBER`.
    TimeUnit,
    /// After `level`.
    Level,
}

/// The qualifiers offered after a claim's objects: label, text inserted, and a line
/// saying what it means with an example. The ones whose value comes from a list insert
/// the word alone (see the module doc).
const QUALIFIERS: [(&str, &str, &str); 14] = [
    ("in", "in ", "contexts: in MCF-7, TNBC"),
    ("under", "under ", "stimuli: under hypoxia"),
    ("via", "via ", "the mechanism: via efflux"),
    ("by", "by ${1:50}%", "effect size: by 50%, by 2-fold, by -0.45 points"),
    ("effect", "effect", "effect measure: effect HR 0.62 ci 0.49-0.77 p 0.001"),
    ("at", "at", "dose: at 5 mg/kg"),
    ("for", "for", "duration: for 68 weeks"),
    ("vs", "vs", "comparator: vs placebo, vs docetaxel + trastuzumab"),
    ("n", "n", "sample size: n 120"),
    ("level", "level", "evidence level: level phase-3, level in-vitro"),
    ("trial", "trial", "the trial: trial NCT01584648, trial COMBI-d"),
    ("through", "through", "mediators: through MEK1, ERK"),
    ("quote", "quote \"$1\"", "evidence text: quote \"…\""),
    ("cite", "cite($1)", "citations: cite(smith2019)"),
];

pub fn completions(world: &World<'_>, file: FileId, offset: u32) -> Completions {
    completions_in(world, world.text(file), offset)
}

/// Completion at `offset` of `text`, any text that holds the statement at the cursor
/// from its first line (the whole file, or only that statement): completion reads the
/// statement from it, and only the vocabulary and the references from `world`.
pub fn completions_in(world: &World<'_>, text: &str, offset: u32) -> Completions {
    let offset = floor_boundary(text, offset);
    let (slot, replace, written) = slot_written_at(text, offset);
    let partial = replace.text(text).trim_start_matches('`');
    let mut out = Completions { replace, ..Completions::default() };
    match slot {
        Slot::Nothing => {}
        Slot::StatementStart => {
            statement_starts(&mut out.items);
            entries(world, Position::Subject, &mut out.items);
        }
        Slot::Kind => {
            for kind in Kind::ALL {
                out.items.push(simple(kind.as_str(), ItemKind::Keyword, None));
            }
            out.items.push(simple(
                "relation",
                ItemKind::Keyword,
                Some("a relation word of the workspace's own".into()),
            ));
        }
        Slot::Relation => {
            for (word, polarity) in RELATIONS {
                let mut item = simple(
                    word,
                    ItemKind::Relation,
                    Some(format!("polarity {}", polarity.as_str())),
                );
                item.data = Some(format!("relation:{word}"));
                out.items.push(item);
            }
            // The workspace's own words (`define relation`).
            for relation in world.analysis.vocabulary.relations() {
                let detail = format!("polarity {} (defined)", relation.polarity.as_str());
                let mut item = simple(&relation.word, ItemKind::Relation, Some(detail));
                item.data = Some(format!("relation:{}", relation.word));
                out.items.push(item);
            }
        }
        Slot::Qualifier => qualifiers(&mut out.items, written),
        Slot::EffectTail { unit, ci } => {
            if unit {
                words(UNITS, "unit", &mut out.items);
            }
            for (word, detail, wanted) in [
                ("ci", "confidence interval: ci 0.49-0.77", ci),
                ("p", "p value: p 0.001, p < 0.001", true),
            ] {
                if wanted {
                    let mut item = simple(word, ItemKind::Keyword, Some(detail.to_string()));
                    item.sort = format!("1{word}");
                    out.items.push(item);
                }
            }
            let first = out.items.len();
            qualifiers(&mut out.items, written);
            for item in &mut out.items[first..] {
                item.sort.insert(0, '2');
            }
        }
        Slot::Word(list) => match list {
            Words::Measure => words(MEASURES, "measure", &mut out.items),
            Words::Unit => words(UNITS, "unit", &mut out.items),
            Words::ByUnit => {
                out.items.push(simple("%", ItemKind::Word, Some("percent: by 50%".into())));
                words(UNITS, "unit", &mut out.items);
            }
            Words::TimeUnit => words(TIME_UNITS, "time unit", &mut out.items),
            Words::Level => words(LEVELS, "evidence level", &mut out.items),
        },
        Slot::Comparator => {
            entries(world, Position::DrugSubject, &mut out.items);
            let vocabulary = &world.analysis.vocabulary;
            let comparators: rustc_hash::FxHashSet<&str> = vocabulary
                .entries_of(Kind::Drug)
                .filter(|(_, e)| e.classes.iter().any(|c| c == "comparator"))
                .map(|(_, e)| e.name.as_str())
                .collect();
            for item in &mut out.items {
                let first = comparators.contains(item.label.as_str());
                item.sort.insert(0, if first { '0' } else { '1' });
            }
        }
        Slot::Name(position) => {
            entries(world, position, &mut out.items);
            if position.takes_genes() && !partial.is_empty() {
                out.incomplete = genes(world, partial, &mut out.items);
            }
        }
        Slot::Cite => references(world, &mut out.items),
    }
    // Only what the word typed so far can still become. A client matches at most this
    // loosely (VS Code's fuzzy match and Neovim's prefix both need the typed
    // characters in order), so nothing it would show is dropped; the list is then
    // marked incomplete, so that deleting a character asks again.
    if !partial.is_empty() {
        let before = out.items.len();
        out.items.retain(|item| in_order(partial, item.filter.as_deref().unwrap_or(&item.label)));
        out.incomplete |= out.items.len() < before;
        for item in &mut out.items {
            item.sort.insert(0, char::from(b'0' + closeness(partial, &item.label)));
        }
    }
    // In the order the client shows them (by sort text, then label), so that the cut
    // keeps the best.
    out.items.sort_by(|a, b| a.sort.cmp(&b.sort).then_with(|| a.label.cmp(&b.label)));
    if out.items.len() > LIMIT {
        out.items.truncate(LIMIT);
        out.incomplete = true;
    }
    if let Some(first) = out.items.first_mut() {
        first.preselect = !partial.is_empty() && closeness(partial, &first.label) == 0;
    }
    out
}

/// How well a label matches the typed word: 0 when it starts with it in the same case,
/// 1 in another case, 2 otherwise.
fn closeness(typed: &str, label: &str) -> u8 {
    if label.starts_with(typed) {
        return 0;
    }
    let mut label = label.chars().flat_map(char::to_lowercase);
    if typed.chars().flat_map(char::to_lowercase).all(|c| label.next() == Some(c)) {
        1
    } else {
        2
    }
}

/// Whether the characters of `typed` occur in `text` in order, ignoring case.
fn in_order(typed: &str, text: &str) -> bool {
    let mut text = text.chars().flat_map(char::to_lowercase);
    typed.chars().flat_map(char::to_lowercase).all(|c| text.any(|t| t == c))
}

fn floor_boundary(text: &str, offset: u32) -> u32 {
    let mut offset = (offset as usize).min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset as u32
}

fn simple(label: &str, kind: ItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind,
        detail,
        insert: label.to_string(),
        snippet: false,
        filter: None,
        sort: format!("0{label}"),
        preselect: false,
        data: None,
    }
}

/// The qualifiers, but those the claim already has that it may have only once (spec
/// 0.3 §11 L: every qualifier but `in`, `under` and `cite`; `by` and `effect` are one
/// effect).
fn qualifiers(items: &mut Vec<CompletionItem>, written: Written) {
    for (label, insert, detail) in QUALIFIERS {
        if written.excludes(label) {
            continue;
        }
        let mut item = simple(label, ItemKind::Keyword, Some(detail.to_string()));
        item.insert = insert.to_string();
        item.snippet = insert.contains('$');
        items.push(item);
    }
}

/// The words of one of `check::units`' lists, in the list's order, each with its
/// meaning.
fn words(list: &[(&str, &str)], what: &str, items: &mut Vec<CompletionItem>) {
    for (rank, (word, meaning)) in list.iter().enumerate() {
        let mut item = simple(word, ItemKind::Word, Some(format!("{what}: {meaning}")));
        item.sort = format!("0{rank:03}");
        items.push(item);
    }
}

fn statement_starts(items: &mut Vec<CompletionItem>) {
    let snippets = [
        ("carrier claim", "carrier ${1:SLN}(${2:drug}) ${3:downregulates} ${4:target} in ${5:context} cite(${6:key})"),
        ("drug claim", "drug ${1:drug} ${2:inhibits} ${3:target} in ${4:context} cite(${5:key})"),
        ("define", "define ${1:target} ${2:name} \"${3:description}\""),
        ("ref", "ref ${1:key} \"${2:authors. title}\" year ${3:2024}"),
        ("section", "section ${1:1} \"${2:title}\""),
        ("review", "review \"${1:title}\""),
    ];
    for (label, body) in snippets {
        let mut item = simple(label, ItemKind::Snippet, Some(body.replace(['$', '{', '}'], "")));
        item.insert = body.to_string();
        item.snippet = true;
        item.sort = format!("1{label}");
        items.push(item);
    }
    for keyword in Keyword::STATEMENT_STARTS {
        let mut item = simple(keyword.as_str(), ItemKind::Keyword, None);
        item.insert = format!("{} ", keyword.as_str());
        items.push(item);
    }
}

/// The curated entries a position takes: canonical names, then aliases.
fn entries(world: &World<'_>, position: Position, items: &mut Vec<CompletionItem>) {
    let vocabulary = &world.analysis.vocabulary;
    let mut seen = rustc_hash::FxHashSet::default();
    for (rank, &kind) in position.kinds().iter().enumerate() {
        for (_, entry) in vocabulary.entries_of(kind) {
            let layer = if entry.layer == Layer::Workspace { 0 } else { 1 };
            if seen.insert(entry.name.clone()) {
                items.push(CompletionItem {
                    label: entry.name.clone(),
                    kind: ItemKind::Entry(kind),
                    detail: Some(detail(kind, entry.layer, entry.description.as_deref())),
                    insert: written(&entry.name),
                    snippet: false,
                    filter: None,
                    sort: format!("{layer}{rank}{}", entry.name.to_lowercase()),
                    preselect: false,
                    data: Some(format!("entry:{}:{}", kind.as_str(), entry.name)),
                });
            }
            for alias in &entry.aliases {
                if seen.insert(alias.clone()) {
                    items.push(CompletionItem {
                        label: alias.clone(),
                        kind: ItemKind::Entry(kind),
                        detail: Some(format!("{} → {}", kind.as_str(), entry.name)),
                        insert: written(alias),
                        snippet: false,
                        filter: None,
                        sort: format!("2{rank}{}", alias.to_lowercase()),
                        preselect: false,
                        data: Some(format!("entry:{}:{}", kind.as_str(), entry.name)),
                    });
                }
            }
        }
    }
}

fn detail(kind: Kind, layer: Layer, description: Option<&str>) -> String {
    match description {
        Some(d) => format!("{} ({}): {d}", kind.as_str(), layer.as_str()),
        None => format!("{} ({})", kind.as_str(), layer.as_str()),
    }
}

/// Gene names starting with `prefix`; true when the list was cut.
fn genes(world: &World<'_>, prefix: &str, items: &mut Vec<CompletionItem>) -> bool {
    let seen: rustc_hash::FxHashSet<String> = items.iter().map(|i| i.label.clone()).collect();
    for species in [Species::Human, Species::Mouse] {
        let Some(table) = world.analysis.vocabulary.gene_table(species) else { continue };
        let mut count = 0;
        for (name, gene, is_symbol) in table.names_with_prefix(prefix) {
            if seen.contains(name) {
                continue;
            }
            if count == GENE_LIMIT {
                return true;
            }
            count += 1;
            let symbol = table.symbol(gene);
            let detail = if is_symbol {
                format!("gene ({})", species.name())
            } else {
                format!("gene alias → {symbol}")
            };
            items.push(CompletionItem {
                label: name.to_string(),
                kind: ItemKind::Gene,
                detail: Some(detail),
                insert: written(name),
                snippet: false,
                filter: None,
                // Symbols before aliases, then shorter first: the classic genes have
                // the short symbols (`EGFR` before `EGFLAM`).
                sort: format!(
                    "3{}{:03}{}",
                    if is_symbol { 0 } else { 1 },
                    name.len().min(999),
                    name.to_lowercase()
                ),
                preselect: false,
                data: Some(format!("gene:{}:{symbol}", species.name())),
            });
        }
    }
    false
}

fn references(world: &World<'_>, items: &mut Vec<CompletionItem>) {
    let refs = &world.analysis.references;
    for (index, def) in refs.defs.iter().enumerate() {
        if !refs.is_first(index as u32) {
            continue;
        }
        let mut detail = def.text.clone();
        if let Some(year) = &def.year {
            detail.push_str(&format!(" ({year})"));
        }
        items.push(CompletionItem {
            label: def.key.clone(),
            kind: ItemKind::Reference,
            detail: Some(detail),
            insert: def.key.clone(),
            snippet: false,
            filter: Some(format!(
                "{} {} {}",
                def.key,
                def.author.as_deref().unwrap_or(""),
                def.text
            )),
            // Numeric keys in numeric order.
            sort: format!("{:0>12}", def.key),
            preselect: false,
            data: Some(format!("ref:{}", def.key)),
        });
    }
}

/// The documentation of a completion item, from its `data` (completionItem/resolve).
pub fn documentation(world: &World<'_>, data: &str) -> Option<String> {
    let (tag, rest) = data.split_once(':')?;
    match tag {
        "entry" => {
            let (kind, name) = rest.split_once(':')?;
            let vocabulary = &world.analysis.vocabulary;
            let entry =
                vocabulary.entries.iter().find(|e| e.kind.as_str() == kind && e.name == name)?;
            Some(entry_markdown(entry))
        }
        "gene" => {
            let (species, symbol) = rest.split_once(':')?;
            let species = Species::from_name(species)?;
            let gene = NameTable::get(species).lookup(symbol).genes().first().copied()?;
            Some(resolved_markdown(world, Resolved::Gene(species, gene)))
        }
        "ref" => reference_markdown(world, rest),
        "relation" => Some(super::hover::relation_markdown(world, rest)),
        _ => None,
    }
}

/// Where the statement holding `offset` starts: the line start, moved up over
/// continuation lines ([`lines::is_continuation`]).
fn statement_start(text: &str, offset: u32) -> u32 {
    let bytes = text.as_bytes();
    let line_start =
        |at: usize| bytes.get(..at).and_then(|b| memchr::memrchr(b'\n', b)).map_or(0, |i| i + 1);
    let mut start = line_start(offset as usize);
    while start > 0 && lines::is_continuation(&bytes[start..]) {
        let previous = line_start(start - 1);
        let line = text.get(previous..start - 1).unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            break;
        }
        start = previous;
    }
    start as u32
}

/// What is asked for at `offset`, and the span of the word being typed.
pub fn slot_at(text: &str, offset: u32) -> (Slot, Span) {
    let (slot, replace, _) = slot_written_at(text, offset);
    (slot, replace)
}

/// The qualifier keywords a claim has before the cursor, as a set of [`QUALIFIERS`]'
/// indices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Written(u32);

impl Written {
    fn add(&mut self, keyword: Keyword) {
        // `by` and `effect` are one effect; `in`, `under` and `cite` may be repeated.
        let word = match keyword {
            Keyword::By => "effect",
            Keyword::In | Keyword::Under | Keyword::Cite => return,
            other => other.as_str(),
        };
        if let Some(i) = QUALIFIERS.iter().position(|(label, ..)| *label == word) {
            self.0 |= 1 << i;
        }
    }

    /// Whether the qualifier `label` is not offered again: it may be written once and
    /// is (`by` and `effect` count as one).
    fn excludes(self, label: &str) -> bool {
        let label = if label == "by" { "effect" } else { label };
        QUALIFIERS.iter().position(|(l, ..)| *l == label).is_some_and(|i| self.0 & (1 << i) != 0)
    }
}

/// [`slot_at`], with the qualifiers the claim already has.
fn slot_written_at(text: &str, offset: u32) -> (Slot, Span, Written) {
    let start = statement_start(text, offset);
    let prefix = text.get(start as usize..offset as usize).unwrap_or("");
    let mut lexed = tokens(prefix, start);
    let mut replace = Span::empty(offset);
    match lexed.last() {
        Some((Token::Comment | Token::String | Token::UnterminatedString, _)) => {
            return (Slot::Nothing, replace, Written::default())
        }
        Some((
            Token::Name
            | Token::Keyword(_)
            | Token::Number
            | Token::Signed
            | Token::Fold
            | Token::Range
            | Token::QuotedName
            | Token::UnterminatedQuotedName,
            span,
        )) if span.end == offset => {
            replace = *span;
            lexed.pop();
        }
        _ => {}
    }
    let indented =
        lines::is_continuation(text.as_bytes().get(start as usize..).unwrap_or_default());
    if lexed.is_empty() {
        let slot = if indented { Slot::Nothing } else { Slot::StatementStart };
        return (slot, replace, Written::default());
    }
    let mut written = Written::default();
    let slot = match lexed.first().map(|t| t.0) {
        Some(Token::Keyword(Keyword::Define)) => definition_slot(&lexed, text),
        Some(Token::Keyword(Keyword::Section)) => match lexed.last() {
            Some((Token::Keyword(Keyword::Via), _)) if lexed.len() >= 3 => {
                Slot::Name(Position::Mechanism)
            }
            _ => Slot::Nothing,
        },
        Some(Token::Keyword(Keyword::Review | Keyword::Ref)) => Slot::Nothing,
        _ => claim_slot(&lexed, text, &mut written),
    };
    (slot, replace, written)
}

fn definition_slot(lexed: &[(Token, Span)], text: &str) -> Slot {
    if lexed.len() == 1 {
        return Slot::Kind;
    }
    if lexed.len() == 2 {
        return Slot::Nothing; // the new name
    }
    let kind = lexed.get(1).map(|(_, s)| s.text(text));
    let mut in_payload = false;
    let mut slot = Slot::Nothing;
    for (token, _) in &lexed[2..] {
        slot = match token {
            Token::Equals => Slot::Name(Position::CarrierHead),
            Token::LParen => {
                in_payload = true;
                Slot::Name(Position::Payload)
            }
            Token::RParen => {
                in_payload = false;
                Slot::Nothing
            }
            Token::Keyword(Keyword::With) if !in_payload => Slot::Name(Position::With),
            Token::Keyword(Keyword::Role) => Slot::Name(Position::Mechanism),
            Token::Keyword(Keyword::Is) if kind == Some("context") => Slot::Name(Position::Context),
            Token::Keyword(Keyword::Is | Keyword::Aka) => Slot::Nothing,
            Token::Comma => slot,
            Token::Colon => Slot::Nothing,
            _ => match slot {
                Slot::Name(Position::Payload) if in_payload => slot,
                _ => Slot::Nothing,
            },
        };
    }
    match slot {
        Slot::Name(Position::Payload) if !in_payload => Slot::Nothing,
        other => other,
    }
}

/// The claim's grammar as a small state machine over the tokens before the cursor.
fn claim_slot(lexed: &[(Token, Span)], text: &str, written: &mut Written) -> Slot {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        /// A name is expected in this position.
        Expect(Position),
        /// The subject is complete: a relation (or `(`/`with`, or the `+` of a drug
        /// combination) comes next.
        AfterSubject,
        /// A name of a list was just written: `,` or the next part comes next.
        AfterName(Position),
        ExpectRelation,
        /// A qualifier is complete: another one comes next.
        Qualified,
        /// After `vs`, or a `,` or `+` of its list: a drug.
        ExpectComparator,
        AfterComparator,
        /// After `by`: a number or a fold change; then `%` or a unit.
        ByValue,
        ByUnit,
        /// After `effect`: the measure, then its value, then what may follow it.
        Measure,
        EffectValue,
        EffectTail {
            unit: bool,
            ci: bool,
        },
        /// After `ci`: its range.
        CiRange,
        /// After `p` (and `<`): its number.
        PValue,
        /// After `at` or `for` (`time`): the number, then the unit.
        AmountValue {
            time: bool,
        },
        AmountUnit {
            time: bool,
        },
        /// After `level`.
        Level,
        /// After `n`, `trial` or `quote`: a value no list holds.
        Value,
        CiteOpen,
        Cite,
        Other,
    }
    /// Whether a qualifier may start here.
    fn qualifying(state: State) -> bool {
        match state {
            State::AfterName(position) => !matches!(position, Position::Payload | Position::With),
            State::Qualified | State::AfterComparator | State::EffectTail { .. } => true,
            _ => false,
        }
    }
    let drug = matches!(lexed.first().map(|t| t.0), Some(Token::Keyword(Keyword::Drug)));
    let mut state = match lexed.first().map(|t| t.0) {
        Some(Token::Keyword(Keyword::Carrier)) => State::Expect(Position::CarrierHead),
        Some(Token::Keyword(Keyword::Drug)) => State::Expect(Position::DrugSubject),
        Some(_) => State::AfterSubject,
        None => return Slot::StatementStart,
    };
    let mut in_payload = false;
    for (token, span) in &lexed[1..] {
        let word = span.text(text);
        let is_name = token.is_name() || *token == Token::Number;
        let wants_value = matches!(
            state,
            State::Expect(_) | State::ExpectComparator | State::Level | State::Value
        );
        state = match (state, token) {
            (_, Token::Keyword(Keyword::Cite)) if !wants_value => State::CiteOpen,
            (State::CiteOpen, Token::LParen) => State::Cite,
            (State::Cite, Token::RParen) => State::Qualified,
            (State::Cite, _) => State::Cite,
            (_, Token::LParen) => {
                in_payload = true;
                State::Expect(Position::Payload)
            }
            (_, Token::RParen) if in_payload => {
                in_payload = false;
                State::AfterSubject
            }
            (State::Expect(Position::Payload), _) if is_name => State::AfterName(Position::Payload),
            (State::AfterName(Position::Payload), Token::Comma | Token::Plus) => {
                State::Expect(Position::Payload)
            }
            (State::Expect(Position::CarrierHead | Position::DrugSubject), _) if is_name => {
                State::AfterSubject
            }
            (State::AfterSubject, Token::Plus) if drug => State::Expect(Position::DrugSubject),
            (
                State::AfterSubject | State::AfterName(Position::With),
                Token::Keyword(Keyword::With),
            ) => State::Expect(Position::With),
            (State::AfterSubject | State::AfterName(Position::With), _)
                if relations::polarity(word).is_some() =>
            {
                State::Expect(relations::object_position(word))
            }
            (State::AfterSubject, _) => State::Other,
            (State::Expect(Position::With), _) if is_name => State::AfterName(Position::With),
            (State::AfterName(Position::With), Token::Comma) => State::Expect(Position::With),
            (State::AfterName(Position::With), _) => State::ExpectRelation,
            (State::Expect(p), _) if is_name => State::AfterName(p),
            (State::AfterName(p), Token::Comma) if p != Position::Mechanism => State::Expect(p),
            (State::ExpectComparator, _) if is_name => State::AfterComparator,
            (State::AfterComparator, Token::Comma | Token::Plus) => State::ExpectComparator,
            (State::ByValue, Token::Fold) => State::Qualified,
            (State::ByValue, Token::Number | Token::Signed) => State::ByUnit,
            (State::ByUnit, Token::Percent | Token::Name) => State::Qualified,
            (State::Measure, Token::Name) => State::EffectValue,
            (State::EffectValue, Token::Number | Token::Signed) => {
                State::EffectTail { unit: true, ci: true }
            }
            (State::EffectTail { unit: true, ci }, Token::Name) => {
                State::EffectTail { unit: false, ci }
            }
            (State::EffectTail { ci: true, .. }, Token::Keyword(Keyword::Ci)) => State::CiRange,
            (State::CiRange, Token::Range) => State::EffectTail { unit: false, ci: false },
            (State::EffectTail { .. }, Token::Keyword(Keyword::P)) => State::PValue,
            (State::PValue, Token::Less) => State::PValue,
            (State::PValue, Token::Number) => State::Qualified,
            (State::AmountValue { time }, Token::Number) => State::AmountUnit { time },
            (State::AmountUnit { .. }, Token::Name) => State::Qualified,
            (State::Level, _) if is_name => State::Qualified,
            (State::Value, _) if is_name || *token == Token::String => State::Qualified,
            (state, Token::Keyword(keyword)) if qualifying(state) => {
                written.add(*keyword);
                match keyword {
                    Keyword::In => State::Expect(Position::Context),
                    Keyword::Under => State::Expect(Position::Stimulus),
                    Keyword::Via => State::Expect(Position::Mechanism),
                    // `through` names resolve as objects do (targets and processes).
                    Keyword::Through => State::Expect(Position::Object),
                    Keyword::Vs => State::ExpectComparator,
                    Keyword::By => State::ByValue,
                    Keyword::Effect => State::Measure,
                    Keyword::At => State::AmountValue { time: false },
                    Keyword::For => State::AmountValue { time: true },
                    Keyword::Level => State::Level,
                    Keyword::N | Keyword::Trial | Keyword::Quote => State::Value,
                    _ => State::Other,
                }
            }
            _ => State::Other,
        };
    }
    match state {
        State::Expect(position) => Slot::Name(position),
        State::AfterSubject | State::ExpectRelation | State::AfterName(Position::With) => {
            Slot::Relation
        }
        State::AfterName(Position::Payload) => Slot::Nothing,
        State::AfterName(_) | State::Qualified | State::AfterComparator => Slot::Qualifier,
        State::ExpectComparator => Slot::Comparator,
        State::ByUnit => Slot::Word(Words::ByUnit),
        State::Measure => Slot::Word(Words::Measure),
        State::EffectTail { unit, ci } => Slot::EffectTail { unit, ci },
        State::AmountUnit { time: false } => Slot::Word(Words::Unit),
        State::AmountUnit { time: true } => Slot::Word(Words::TimeUnit),
        State::Level => Slot::Word(Words::Level),
        State::Cite => Slot::Cite,
        State::ByValue
        | State::EffectValue
        | State::CiRange
        | State::PValue
        | State::AmountValue { .. }
        | State::Value
        | State::CiteOpen
        | State::Other => Slot::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{analyse, cursor};

    /// The completions at `at` in a one-file workspace of `text`.
    fn complete(text: &str, at: u32) -> Completions {
        let analysis = analyse(&[text]);
        let texts = [text];
        completions(&World { analysis: &analysis, texts: &texts }, 0, at)
    }

    /// A list as the editor shows it: label, kind and detail, one item a line.
    fn listed(found: &Completions) -> String {
        let line = |i: &CompletionItem| {
            format!("{} ({:?}) {}", i.label, i.kind, i.detail.as_deref().unwrap_or("-"))
        };
        found.items.iter().map(line).collect::<Vec<_>>().join("\n")
    }

    fn slot(src: &str) -> Slot {
        let (text, at) = cursor(src);
        slot_at(&text, at).0
    }

    #[test]
    fn slots_by_position() {
        assert_eq!(slot("$0"), Slot::StatementStart);
        assert_eq!(slot("car$0"), Slot::StatementStart);
        assert_eq!(slot("carrier $0"), Slot::Name(Position::CarrierHead));
        assert_eq!(slot("carrier SLN($0"), Slot::Name(Position::Payload));
        assert_eq!(slot("carrier SLN(DOX, P$0"), Slot::Name(Position::Payload));
        assert_eq!(slot("carrier SLN(DOX) $0"), Slot::Relation);
        assert_eq!(slot("carrier SLN(DOX) with $0"), Slot::Name(Position::With));
        assert_eq!(slot("carrier SLN(DOX) with TPGS inh$0"), Slot::Relation);
        assert_eq!(slot("X-NP $0"), Slot::Relation);
        assert_eq!(slot("drug DOX inhibits $0"), Slot::Name(Position::Object));
        assert_eq!(slot("drug DOX inhibits ABCB1, AB$0"), Slot::Name(Position::Object));
        // The object of `treats` may be a disease (spec 0.3 §11 H).
        assert_eq!(slot("drug imatinib treats $0"), Slot::Name(Position::Outcome));
        assert_eq!(slot("drug imatinib treats CML, T$0"), Slot::Name(Position::Outcome));
        assert_eq!(slot("drug DOX inhibits ABCB1 $0"), Slot::Qualifier);
        assert_eq!(slot("drug DOX inhibits ABCB1 in $0"), Slot::Name(Position::Context));
        assert_eq!(slot("drug DOX inhibits ABCB1 in TNBC, $0"), Slot::Name(Position::Context));
        assert_eq!(slot("drug DOX inhibits ABCB1 via $0"), Slot::Name(Position::Mechanism));
        assert_eq!(slot("drug DOX inhibits ABCB1 under $0"), Slot::Name(Position::Stimulus));
        assert_eq!(slot("drug DOX inhibits ABCB1 cite($0"), Slot::Cite);
        assert_eq!(slot("drug DOX inhibits ABCB1 cite(1, $0"), Slot::Cite);
        assert_eq!(slot("drug DOX inhibits ABCB1\n    in $0"), Slot::Name(Position::Context));
        assert_eq!(slot("drug DOX inhibits ABCB1 quote \"in $0"), Slot::Nothing);
        assert_eq!(slot("define $0"), Slot::Kind);
        assert_eq!(slot("define target X role $0"), Slot::Name(Position::Mechanism));
        assert_eq!(slot("section 1 \"x\" via $0"), Slot::Name(Position::Mechanism));
        assert_eq!(slot("drug DOX inhibits ABCB1 # in $0"), Slot::Nothing);
    }

    #[test]
    fn slots_of_the_qualifiers_of_spec_0_3() {
        let claim = "drug DOX inhibits ABCB1";
        let at = |rest: &str| slot(&format!("{claim} {rest}"));
        assert_eq!(at("effect $0"), Slot::Word(Words::Measure));
        assert_eq!(at("effect H$0"), Slot::Word(Words::Measure));
        assert_eq!(at("effect HR $0"), Slot::Nothing, "a number, which no list holds");
        assert_eq!(at("effect HR 0.62 $0"), Slot::EffectTail { unit: true, ci: true });
        assert_eq!(at("effect MD -0.45 points $0"), Slot::EffectTail { unit: false, ci: true });
        assert_eq!(
            at("effect HR 0.62 ci 0.49-0.77 $0"),
            Slot::EffectTail { unit: false, ci: false }
        );
        assert_eq!(at("effect HR 0.62 ci 0.49-0.77 p < 0.001 $0"), Slot::Qualifier);
        assert_eq!(at("by 50 $0"), Slot::Word(Words::ByUnit));
        assert_eq!(at("by -14.9 $0"), Slot::Word(Words::ByUnit));
        assert_eq!(at("by -14.9$0"), Slot::Nothing, "the number is still being typed");
        assert_eq!(at("by 55-fold $0"), Slot::Qualifier);
        assert_eq!(at("by 50% $0"), Slot::Qualifier);
        assert_eq!(at("at 5 $0"), Slot::Word(Words::Unit));
        assert_eq!(at("at 5 mg$0"), Slot::Word(Words::Unit));
        assert_eq!(at("at 5 mg/kg $0"), Slot::Qualifier);
        assert_eq!(at("for 68 $0"), Slot::Word(Words::TimeUnit));
        assert_eq!(at("for 68 weeks $0"), Slot::Qualifier);
        assert_eq!(at("level $0"), Slot::Word(Words::Level));
        assert_eq!(at("level in$0"), Slot::Word(Words::Level));
        assert_eq!(at("level phase-3 $0"), Slot::Qualifier);
        assert_eq!(at("vs $0"), Slot::Comparator);
        assert_eq!(at("vs docetaxel + $0"), Slot::Comparator);
        assert_eq!(at("vs placebo, $0"), Slot::Comparator);
        assert_eq!(at("vs placebo $0"), Slot::Qualifier);
        assert_eq!(at("through $0"), Slot::Name(Position::Object));
        assert_eq!(at("through MEK1, $0"), Slot::Name(Position::Object));
        assert_eq!(at("n $0"), Slot::Nothing);
        assert_eq!(at("n 120 trial COMBI-d $0"), Slot::Qualifier);
        assert_eq!(at("quote \"x\" cite(1) $0"), Slot::Qualifier);
        assert_eq!(slot("drug imatinib treats CML through $0"), Slot::Name(Position::Object));
        // The `+` of a combination: drugs.
        assert_eq!(slot("drug dabrafenib + $0"), Slot::Name(Position::DrugSubject));
        assert_eq!(slot("drug dabrafenib + trametinib $0"), Slot::Relation);
        assert_eq!(slot("carrier SLN(DOX + $0"), Slot::Name(Position::Payload));
        assert_eq!(slot("X-NP + $0"), Slot::Nothing, "only a drug subject is a combination");
        // A keyword where a name is wanted is a name (spec 0.3 §11 L).
        assert_eq!(slot("drug DOX inhibits n $0"), Slot::Qualifier);
    }

    #[test]
    fn the_qualifier_effect_then_the_measures() {
        let (text, at) = cursor("drug tamoxifen reduces proliferation in MCF-7 eff$0\n");
        let found = complete(&text, at);
        assert_eq!(found.replace.text(&text), "eff");
        let effect = found.items.iter().find(|i| i.label == "effect").expect("`effect` offered");
        assert_eq!(effect.insert, "effect", "the space typed next opens the measures");
        assert!(effect.detail.as_deref().unwrap_or("").contains("effect HR 0.62"), "{effect:?}");
        assert!(effect.preselect);

        // Every measure, in the spec's order.
        let (text, at) = cursor("drug tamoxifen reduces proliferation in MCF-7 effect $0\n");
        let found = complete(&text, at);
        assert_eq!(found.items.len(), MEASURES.len());
        insta::assert_snapshot!(listed(&found), @"
        HR (Word) measure: hazard ratio
        OR (Word) measure: odds ratio
        RR (Word) measure: relative risk
        ARR (Word) measure: absolute risk reduction
        RRR (Word) measure: relative risk reduction
        MD (Word) measure: mean difference
        SMD (Word) measure: standardised mean difference
        AUC (Word) measure: area under the curve
        IC50 (Word) measure: half-maximal inhibitory concentration
        EC50 (Word) measure: half-maximal effective concentration
        Kd (Word) measure: dissociation constant
        Ki (Word) measure: inhibition constant
        MIC (Word) measure: minimum inhibitory concentration
        ORR (Word) measure: objective response rate
        NNT (Word) measure: number needed to treat
        ");
    }

    #[test]
    fn a_qualifier_written_once_is_not_offered_again() {
        let labels = |src: &str| -> Vec<String> {
            let (text, at) = cursor(src);
            complete(&text, at).items.into_iter().map(|i| i.label).collect()
        };
        let claim = "drug DOX inhibits ABCB1 in MCF-7 at 5 mg/kg vs placebo level in-vitro";
        let offered = labels(&format!("{claim} $0\n"));
        for gone in ["at", "vs", "level"] {
            assert!(!offered.iter().any(|l| l == gone), "`{gone}` again in {offered:?}");
        }
        // `in`, `under` and `cite` may be written again; the others once.
        for kept in ["in", "under", "cite", "for", "n", "trial", "effect", "by", "via"] {
            assert!(offered.iter().any(|l| l == kept), "`{kept}` missing from {offered:?}");
        }
        // `by` and `effect` are one effect: after either, neither.
        let after_by = labels("drug DOX inhibits ABCB1 by 50% $0\n");
        assert!(!after_by.iter().any(|l| l == "by" || l == "effect"), "{after_by:?}");
        let tail = labels("drug DOX inhibits ABCB1 effect HR 0.62 $0\n");
        assert!(tail.iter().any(|l| l == "ci") && !tail.iter().any(|l| l == "effect"), "{tail:?}");
        // A word that is a qualifier's only where a qualifier may start: `n` as an object.
        let named = labels("drug DOX inhibits n $0\n");
        assert!(named.iter().any(|l| l == "n"), "{named:?}");
    }

    #[test]
    fn every_qualifier_with_a_detail_and_the_lists_after_them() {
        let labels = |src: &str| -> Vec<String> {
            let (text, at) = cursor(src);
            complete(&text, at).items.into_iter().map(|i| i.label).collect()
        };
        let claim = "drug DOX inhibits ABCB1";
        let (text, at) = cursor(&format!("{claim} in MCF-7 $0\n"));
        insta::assert_snapshot!(listed(&complete(&text, at)), @r#"
        at (Keyword) dose: at 5 mg/kg
        by (Keyword) effect size: by 50%, by 2-fold, by -0.45 points
        cite (Keyword) citations: cite(smith2019)
        effect (Keyword) effect measure: effect HR 0.62 ci 0.49-0.77 p 0.001
        for (Keyword) duration: for 68 weeks
        in (Keyword) contexts: in MCF-7, TNBC
        level (Keyword) evidence level: level phase-3, level in-vitro
        n (Keyword) sample size: n 120
        quote (Keyword) evidence text: quote "…"
        through (Keyword) mediators: through MEK1, ERK
        trial (Keyword) the trial: trial NCT01584648, trial COMBI-d
        under (Keyword) stimuli: under hypoxia
        via (Keyword) the mechanism: via efflux
        vs (Keyword) comparator: vs placebo, vs docetaxel + trastuzumab
        "#);

        assert!(labels(&format!("{claim} at 5 $0\n")).contains(&"mg/kg".to_string()));
        assert!(labels(&format!("{claim} at 10 µ$0\n")).contains(&"µM".to_string()));
        // The units are an open list (`check::units`): asserted, not snapshot.
        let by = labels(&format!("{claim} by 2 $0\n"));
        assert_eq!(by.first().map(String::as_str), Some("%"));
        assert!(by.contains(&"points".to_string()));
        let (text, at) = cursor(&format!("{claim} level $0\n"));
        let levels = complete(&text, at);
        assert_eq!(levels.items.len(), LEVELS.len());
        insta::assert_snapshot!(listed(&levels), @"
        in-silico (Word) evidence level: computational: modelling, docking, simulation or analysis of existing data
        in-vitro (Word) evidence level: cells or molecules outside an organism: cell lines, primary cells, assays
        ex-vivo (Word) evidence level: tissue or cells taken from an organism and studied outside it
        in-vivo (Word) evidence level: a living organism other than people: usually an animal model
        clinical (Word) evidence level: people: a clinical study whose design is not given
        phase-1 (Word) evidence level: phase 1 trial: safety, dose and pharmacokinetics in a few people
        phase-2 (Word) evidence level: phase 2 trial: activity and side effects in patients
        phase-3 (Word) evidence level: phase 3 trial: efficacy against the standard of care in many patients
        phase-4 (Word) evidence level: phase 4 study: use after approval
        rct (Word) evidence level: randomised controlled trial
        meta-analysis (Word) evidence level: meta-analysis: the results of several studies pooled
        cohort (Word) evidence level: cohort study: people followed over time, grouped by exposure
        case-control (Word) evidence level: case-control study: people with the outcome compared with people without
        case-report (Word) evidence level: case report or case series: one or a few patients described
        ");

        // After `vs`: drugs, the comparators of the prelude first.
        let comparators = labels(&format!("{claim} vs $0\n"));
        let mut first: Vec<&str> = comparators.iter().take(8).map(String::as_str).collect();
        first.sort_unstable();
        assert_eq!(
            first,
            [
                "best-supportive-care",
                "control",
                "delayed-treatment",
                "observation",
                "placebo",
                "sham",
                "standard-of-care",
                "vehicle"
            ]
        );
        assert!(comparators.contains(&"docetaxel".to_string()));
        // After a `+`: drugs; after `through`: targets and processes.
        let (text, at) = cursor("drug dabrafenib + $0\n");
        let found = complete(&text, at);
        assert!(found.items.iter().any(|i| i.label == "doxorubicin"));
        assert!(found.items.iter().all(|i| i.kind == ItemKind::Entry(Kind::Drug)));
        let (text, at) = cursor(&format!("{claim} vs docetaxel + $0\n"));
        assert!(complete(&text, at).items.iter().any(|i| i.label == "doxorubicin"));
        let (text, at) = cursor(&format!("{claim} through $0\n"));
        let found = complete(&text, at);
        assert!(!found.items.is_empty());
        assert!(found
            .items
            .iter()
            .all(|i| matches!(i.kind, ItemKind::Entry(Kind::Target | Kind::Process))));
    }

    #[test]
    fn contexts_after_in_and_genes_by_prefix_and_references() {
        let (text, at) =
            cursor("drug DOX inhibits ABCB1 in $0\nref 79 \"Guney G. Talazoparib SLN\"\n");
        let found = complete(&text, at);
        assert!(found.items.iter().all(|i| i.kind == ItemKind::Entry(Kind::Context)));
        // The prelude's contexts are more than one answer lists: a prefix narrows them.
        let (text, at) = cursor("drug DOX inhibits ABCB1 in TN$0\n");
        let found = complete(&text, at);
        assert!(found.items.iter().any(|i| i.label == "TNBC"));

        let (text, at) = cursor("drug DOX inhibits TOP2$0\n");
        let found = complete(&text, at);
        assert!(found.items.iter().any(|i| i.label == "TOP2A" && i.kind == ItemKind::Gene));
        assert_eq!(found.replace.text(&text), "TOP2");

        let (text, at) =
            cursor("drug DOX inhibits ABCB1 cite($0)\nref 79 \"Guney G. Talazoparib SLN\"\n");
        let analysis = analyse(&[&text]);
        let texts = [text.as_str()];
        let world = World { analysis: &analysis, texts: &texts };
        let found = completions(&world, 0, at);
        let item = found.items.iter().find(|i| i.label == "79").unwrap();
        assert!(item.filter.as_deref().unwrap().contains("Talazoparib"));
        assert!(documentation(&world, item.data.as_deref().unwrap()).unwrap().contains("Guney"));
    }

    #[test]
    fn long_lists_are_cut_and_the_typed_word_narrows_them() {
        let mut text = String::from("drug DOX inhibits ABCB1 cite($0)\n");
        for i in 1..=300 {
            let author = if i % 100 == 7 { "Smith" } else { "Jones" };
            text.push_str(&format!("ref {i} \"{author} A. Paper {i}\"\n"));
        }
        let (text, at) = cursor(&text);
        let found = complete(&text, at);
        assert_eq!(found.items.len(), LIMIT);
        assert!(found.incomplete);
        assert_eq!(
            found.items.first().map(|i| i.label.as_str()),
            Some("1"),
            "best first: numeric keys in order"
        );

        // `cite(smi`: the references whose key, author or text has s, m, i in order.
        let narrowed = text.replacen("cite()", "cite(smi)", 1);
        let found = complete(&narrowed, at + 3);
        let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["7", "107", "207"]);
        assert!(found.incomplete, "narrowed: deleting a character must ask again");

        // The word narrows names too.
        let (text, at) = cursor("drug DOX inhibits ABCB1 in TNB$0\n");
        let found = complete(&text, at);
        assert!(found.items.iter().any(|i| i.label == "TNBC"));
        assert!(found.items.iter().all(|i| in_order("tnb", &i.label)));
    }
}
