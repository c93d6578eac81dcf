//! Completion by position in the statement: statement keywords and claim snippets at
//! the start of a line, relation words after a subject, targets and processes after a
//! relation or a comma (curated entries first, then the gene namespace by prefix),
//! drugs inside `( )`, carriers after `carrier`, contexts after `in`, mechanisms after
//! `via`, stimuli after `under`, and reference keys inside `cite(`.
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
    Cite,
    Nothing,
}

pub fn completions(world: &World<'_>, file: FileId, offset: u32) -> Completions {
    completions_in(world, world.text(file), offset)
}

/// Completion at `offset` of `text`, any text that holds the statement at the cursor
/// from its first line (the whole file, or only that statement): completion reads the
/// statement from it, and only the vocabulary and the references from `world`.
pub fn completions_in(world: &World<'_>, text: &str, offset: u32) -> Completions {
    let offset = floor_boundary(text, offset);
    let (slot, replace) = slot_at(text, offset);
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
        Slot::Qualifier => {
            for (label, insert, detail) in [
                ("in", "in ", "contexts"),
                ("under", "under ", "stimuli"),
                ("via", "via ", "the mechanism"),
                ("by", "by ${1:50}%", "effect size"),
                ("quote", "quote \"$1\"", "evidence text"),
                ("cite", "cite($1)", "citations"),
            ] {
                let mut item = simple(label, ItemKind::Keyword, Some(detail.to_string()));
                item.insert = insert.to_string();
                item.snippet = insert.contains('$');
                out.items.push(item);
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
    let start = statement_start(text, offset);
    let prefix = text.get(start as usize..offset as usize).unwrap_or("");
    let mut lexed = tokens(prefix, start);
    let mut replace = Span::empty(offset);
    match lexed.last() {
        Some((Token::Comment | Token::String | Token::UnterminatedString, _)) => {
            return (Slot::Nothing, replace)
        }
        Some((
            Token::Name
            | Token::Keyword(_)
            | Token::Number
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
        return (slot, replace);
    }
    let slot = match lexed.first().map(|t| t.0) {
        Some(Token::Keyword(Keyword::Define)) => definition_slot(&lexed, text),
        Some(Token::Keyword(Keyword::Section)) => match lexed.last() {
            Some((Token::Keyword(Keyword::Via), _)) if lexed.len() >= 3 => {
                Slot::Name(Position::Mechanism)
            }
            _ => Slot::Nothing,
        },
        Some(Token::Keyword(Keyword::Review | Keyword::Ref)) => Slot::Nothing,
        _ => claim_slot(&lexed, text),
    };
    (slot, replace)
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
fn claim_slot(lexed: &[(Token, Span)], text: &str) -> Slot {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        /// A name is expected in this position.
        Expect(Position),
        /// The subject is complete: a relation (or `(`/`with`) comes next.
        AfterSubject,
        /// A name of a list was just written: `,` or the next part comes next.
        AfterName(Position),
        ExpectRelation,
        CiteOpen,
        Cite,
        Other,
    }
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
        state = match (state, token) {
            (_, Token::Keyword(Keyword::Cite)) if !matches!(state, State::Expect(_)) => {
                State::CiteOpen
            }
            (State::CiteOpen, Token::LParen) => State::Cite,
            (State::Cite, Token::RParen) => State::AfterName(Position::Object),
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
            (State::AfterName(Position::Payload), Token::Comma) => State::Expect(Position::Payload),
            (State::Expect(Position::CarrierHead | Position::DrugSubject), _) if is_name => {
                State::AfterSubject
            }
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
            (State::AfterName(_), Token::Keyword(Keyword::In)) => State::Expect(Position::Context),
            (State::AfterName(_), Token::Keyword(Keyword::Under)) => {
                State::Expect(Position::Stimulus)
            }
            (State::AfterName(_), Token::Keyword(Keyword::Via)) => {
                State::Expect(Position::Mechanism)
            }
            (State::AfterName(_), Token::Percent | Token::String) => {
                State::AfterName(Position::Mechanism)
            }
            (State::AfterName(_), Token::Keyword(Keyword::By | Keyword::Quote))
            | (State::AfterName(_), Token::Number) => State::Other,
            (State::Other, Token::Percent | Token::String) => State::AfterName(Position::Mechanism),
            _ => State::Other,
        };
    }
    match state {
        State::Expect(position) => Slot::Name(position),
        State::AfterSubject | State::ExpectRelation | State::AfterName(Position::With) => {
            Slot::Relation
        }
        State::AfterName(Position::Payload) => Slot::Nothing,
        State::AfterName(_) => Slot::Qualifier,
        State::CiteOpen => Slot::Nothing,
        State::Cite => Slot::Cite,
        State::Other => Slot::Nothing,
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
