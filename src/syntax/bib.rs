//! BibTeX files named in `bibliography`: their entries in file order, with the byte
//! span of each key (for definition, references and rename), and a short title,
//! author list and year for hover and completion. Pure: the text comes in, entries and
//! syntax errors come out.
//!
//! The structure is read by `biblatex`'s [`RawBibliography`] (iterative, spans in
//! bytes). Its field resolution is not used: it rejects duplicate keys (which the
//! checker must see to report them) and recurses on nested commands and `@string`
//! abbreviations. Field values are turned into text here instead, in one linear pass,
//! with abbreviation expansion bounded in depth and size.

use std::collections::HashMap;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

use biblatex::{ParseError, ParseErrorKind, RawBibliography, RawChunk, Spanned};
use unicode_normalization::UnicodeNormalization;

use crate::text::Span;

/// One entry of a BibTeX file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BibEntry {
    /// The citation key, as written.
    pub key: String,
    /// Byte span of the key in the file's text.
    pub key_span: Span,
    /// The whole entry, from `@` to its closing brace.
    pub span: Span,
    /// The entry type in lowercase (`article`).
    pub kind: String,
    /// The title as plain text (braces and common LaTeX commands resolved).
    pub title: Option<String>,
    /// The authors as `Last F, Last F` (`et al.` for `and others`), or the raw field as
    /// plain text when it does not read as names.
    pub author: Option<String>,
    /// The `year` field, or the year of a BibLaTeX `date`.
    pub year: Option<String>,
    /// The `doi` field, as an identifier ([`BibField`]).
    pub doi: Option<BibField>,
    /// The `pmid` field, or a BibLaTeX `eprint` whose `eprinttype` is `pubmed`.
    pub pmid: Option<BibField>,
}

/// A field that holds an identifier: its text (abbreviations expanded, white space at
/// the ends, braces and the backslash of `\_`, `\%`, `\&`, `\#` removed: nothing else
/// of LaTeX applies to an identifier) and the byte span of its value in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BibField {
    pub text: String,
    pub span: Span,
}

/// Parses a BibTeX file. Never fails and never panics: entries are returned in file
/// order (duplicate keys kept), and each syntax error with its span. An entry whose
/// fields are malformed is still returned with its key when its head (`@type{key,`)
/// can be read, so that the key stays citable.
pub fn parse(text: &str) -> (Vec<BibEntry>, Vec<(Span, String)>) {
    let mut parsed = Parsed::default();
    match parse_raw(text) {
        Ok(raw) => parsed.add(text, raw, 0),
        Err(_) => {
            // Recovery: every `@` at the start of a line (after blanks) starts a piece
            // that is parsed on its own, so one broken entry costs only itself and the
            // work stays linear in the size of the file.
            let starts = piece_starts(text);
            let ends = starts.iter().skip(1).copied().chain(std::iter::once(text.len()));
            for (start, end) in starts.iter().copied().zip(ends) {
                let piece = text.get(start..end).unwrap_or("");
                match parse_raw(piece) {
                    Ok(raw) => parsed.add(text, raw, start),
                    Err(error) => parsed.fail(text, start..end, error),
                }
            }
        }
    }
    parsed.finish()
}

enum Failure {
    Syntax(ParseError),
    Panic,
}

fn parse_raw(src: &str) -> Result<RawBibliography<'_>, Failure> {
    // The parser is iterative and does not panic on any input we know of; this is a
    // second line of defence, as a panic here would take the language server down.
    match catch_unwind(AssertUnwindSafe(|| RawBibliography::parse(src))) {
        Ok(Ok(raw)) => Ok(raw),
        Ok(Err(error)) => Err(Failure::Syntax(error)),
        Err(_) => Err(Failure::Panic),
    }
}

/// A field value as the raw parser gives it: literal pieces and abbreviation names.
type RawField<'s> = Vec<Spanned<RawChunk<'s>>>;

struct PendingEntry<'s> {
    key: &'s str,
    key_span: Span,
    span: Span,
    kind: &'s str,
    /// Each field's name, value and the span of its value in the file.
    fields: Vec<(&'s str, RawField<'s>, Span)>,
}

#[derive(Default)]
struct Parsed<'s> {
    entries: Vec<PendingEntry<'s>>,
    /// `@string` abbreviations by lowercase name (BibTeX ignores their case).
    abbreviations: HashMap<String, RawField<'s>>,
    errors: Vec<(Span, String)>,
}

impl<'s> Parsed<'s> {
    /// Takes the entries of a piece of `text` that starts at byte `offset`.
    fn add(&mut self, text: &'s str, raw: RawBibliography<'s>, offset: usize) {
        for pair in raw.abbreviations {
            self.abbreviations.insert(pair.key.v.to_lowercase(), pair.value.v);
        }
        for entry in raw.entries {
            let start = entry.span.start + offset;
            let end = after_closing(text, entry.span.end + offset);
            let key = entry.v.key;
            let key_span = Span::from_range(key.span.start + offset..key.span.end + offset);
            if key.v.is_empty() {
                self.error(widen(text, key_span.start as usize), "entry has no key".to_owned());
                continue;
            }
            self.entries.push(PendingEntry {
                key: key.v,
                key_span,
                span: Span::from_range(start..end),
                kind: entry.v.kind.v,
                fields: entry
                    .v
                    .fields
                    .into_iter()
                    .map(|pair| {
                        let span = value_span(&pair.value.v, offset);
                        (pair.key.v, pair.value.v, span)
                    })
                    .collect(),
            });
        }
    }

    /// Records the error of a piece that did not parse, and keeps its entry's key when
    /// the head of the entry can be read.
    fn fail(&mut self, text: &'s str, piece: Range<usize>, failure: Failure) {
        let (position, kind) = match failure {
            Failure::Syntax(error) => {
                ((piece.start + error.span.start).min(piece.end), Some(error.kind))
            }
            Failure::Panic => (piece.start, None),
        };
        let entry_start = text
            .get(piece.start..position)
            .and_then(|before| before.rfind('@'))
            .map_or(piece.start, |at| piece.start + at);
        // Running into the end of the piece means the entry was not closed (the parser
        // says "expected comma" or "unexpected end of file" depending on where).
        let at_end =
            position >= piece.start + text.get(piece.clone()).map_or(0, |p| p.trim_end().len());
        let unclosed = at_end || matches!(kind, Some(ParseErrorKind::UnexpectedEof));
        let (span, message) = match kind {
            Some(_) if unclosed => (
                head_span(text, entry_start),
                "this entry is not closed: a closing brace or quote is missing".to_owned(),
            ),
            Some(kind) => (widen(text, position), kind.to_string()),
            None => (head_span(text, entry_start), "this entry could not be read".to_owned()),
        };
        self.error(span, message);
        if let Some(entry) = salvage(text, entry_start, piece.end) {
            self.entries.push(entry);
        }
    }

    /// Records a syntax error; past [`MAX_ERRORS`], one last note instead, so that a
    /// file of garbage does not turn into millions of messages.
    fn error(&mut self, span: Span, message: String) {
        match self.errors.len() {
            n if n < MAX_ERRORS => self.errors.push((span, message)),
            n if n == MAX_ERRORS => self
                .errors
                .push((span, format!("{message} (and further errors in this file, not reported)"))),
            _ => {}
        }
    }

    fn finish(self) -> (Vec<BibEntry>, Vec<(Span, String)>) {
        let entries = self.entries.iter().map(|entry| self.entry(entry)).collect();
        (entries, self.errors)
    }

    fn entry(&self, entry: &PendingEntry<'s>) -> BibEntry {
        let field = |name: &str| {
            entry
                .fields
                .iter()
                .find(|(key, _, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value, _)| self.expand(value))
        };
        let identifier = |name: &str| {
            entry.fields.iter().find(|(key, _, _)| key.eq_ignore_ascii_case(name)).map(
                |(_, value, span)| BibField {
                    text: identifier_text(&self.expand(value)),
                    span: *span,
                },
            )
        };
        let non_empty = |s: String| if s.is_empty() { None } else { Some(s) };
        let title = field("title").map(|raw| latex_to_text(&raw)).and_then(non_empty);
        let author = field("author").and_then(|raw| format_authors(&raw));
        let year = match field("year") {
            Some(raw) => non_empty(latex_to_text(&raw)),
            None => field("date").and_then(|raw| {
                let date = latex_to_text(&raw);
                non_empty(date.split(['-', '/']).next().unwrap_or("").trim().to_owned())
            }),
        };
        let pubmed_eprint = field("eprinttype")
            .is_some_and(|kind| identifier_text(&kind).eq_ignore_ascii_case("pubmed"));
        let pmid = identifier("pmid").or_else(|| identifier("eprint").filter(|_| pubmed_eprint));
        BibEntry {
            key: entry.key.to_owned(),
            key_span: entry.key_span,
            span: entry.span,
            kind: entry.kind.to_lowercase(),
            title,
            author,
            year,
            doi: identifier("doi"),
            pmid,
        }
    }

    /// The raw LaTeX of a field with `@string` abbreviations expanded. Expansion is
    /// bounded (depth, number of pieces, size), so self-referencing or exponentially
    /// growing abbreviations cost little.
    fn expand(&self, field: &[Spanned<RawChunk<'s>>]) -> String {
        let mut out = String::new();
        let mut budget = MAX_EXPANSION_PIECES;
        self.expand_into(field, 0, &mut out, &mut budget);
        out
    }

    fn expand_into(
        &self,
        field: &[Spanned<RawChunk<'s>>],
        depth: usize,
        out: &mut String,
        budget: &mut usize,
    ) {
        for piece in field {
            if *budget == 0 || out.len() >= MAX_EXPANDED_BYTES {
                return;
            }
            *budget -= 1;
            match piece.v {
                RawChunk::Normal(literal) => push_bounded(out, literal),
                RawChunk::Abbreviation(name) => {
                    match self.abbreviations.get(&name.to_lowercase()) {
                        Some(value) if depth < MAX_EXPANSION_DEPTH => {
                            self.expand_into(value, depth + 1, out, budget)
                        }
                        Some(_) => {}
                        None => push_bounded(out, month_name(name).unwrap_or(name)),
                    }
                }
            }
        }
    }
}

/// The span of a field's value in the file: from its first piece to its last, inside
/// the braces or quotes of a delimited value.
fn value_span(field: &[Spanned<RawChunk<'_>>], offset: usize) -> Span {
    match (field.first(), field.last()) {
        (Some(first), Some(last)) => {
            Span::from_range(first.span.start + offset..last.span.end + offset)
        }
        _ => Span::from_range(offset..offset),
    }
}

/// An identifier field's text: see [`BibField`].
fn identifier_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' => {}
            '\\' if matches!(chars.peek(), Some('_' | '%' | '&' | '#')) => {}
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

const MAX_ERRORS: usize = 1000;
const MAX_EXPANSION_DEPTH: usize = 16;
const MAX_EXPANSION_PIECES: usize = 4096;
const MAX_EXPANDED_BYTES: usize = 64 * 1024;

fn push_bounded(out: &mut String, piece: &str) {
    if out.len() >= MAX_EXPANDED_BYTES && !piece.is_empty() {
        return;
    }
    // A literal of the file itself is kept whole: its size is the file's.
    out.push_str(piece);
}

fn month_name(abbreviation: &str) -> Option<&'static str> {
    const MONTHS: [(&str, &str); 12] = [
        ("jan", "January"),
        ("feb", "February"),
        ("mar", "March"),
        ("apr", "April"),
        ("may", "May"),
        ("jun", "June"),
        ("jul", "July"),
        ("aug", "August"),
        ("sep", "September"),
        ("oct", "October"),
        ("nov", "November"),
        ("dec", "December"),
    ];
    MONTHS.iter().find(|(short, _)| abbreviation.eq_ignore_ascii_case(short)).map(|&(_, long)| long)
}

/// Byte offsets where a piece starts: 0 and every `@` that is the first non-blank
/// character of its line.
fn piece_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut line_start = true;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'@' if line_start => {
                if index > 0 {
                    starts.push(index);
                }
                line_start = false;
            }
            _ => line_start = false,
        }
    }
    starts
}

/// The raw parser's entry span stops before the closing delimiter; include it.
fn after_closing(text: &str, end: usize) -> usize {
    let rest = text.get(end..).unwrap_or("");
    let trimmed = rest.trim_start();
    match trimmed.as_bytes().first() {
        Some(b'}' | b')' | b'"') => end + (rest.len() - trimmed.len()) + 1,
        _ => end,
    }
}

/// The head of the entry starting at `at` (`@article{key`), for errors about the whole
/// entry: up to the first comma or line end, at most 80 bytes.
fn head_span(text: &str, at: usize) -> Span {
    let rest = text.get(at..).unwrap_or("");
    let mut end = rest.find([',', '\n', '\r']).unwrap_or(rest.len()).min(80);
    while end > 0 && !rest.is_char_boundary(end) {
        end -= 1;
    }
    Span::from_range(at..at + end)
}

/// A span of the one character at `offset` (empty at a line end or the end of text).
fn widen(text: &str, offset: usize) -> Span {
    let width = match text.get(offset..).and_then(|rest| rest.chars().next()) {
        Some('\n' | '\r') | None => 0,
        Some(c) => c.len_utf8(),
    };
    Span::from_range(offset..offset + width)
}

/// Reads `@type{key,` at `at` by hand, for an entry the parser gave up on.
fn salvage<'s>(text: &'s str, at: usize, end: usize) -> Option<PendingEntry<'s>> {
    let rest = text.get(at..end)?.strip_prefix('@')?;
    let kind_len =
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
    let kind = rest.get(..kind_len)?;
    if kind.is_empty()
        || ["string", "preamble", "comment"].iter().any(|k| kind.eq_ignore_ascii_case(k))
    {
        return None;
    }
    let after_kind = rest.get(kind_len..)?;
    let after_open = after_kind.trim_start().strip_prefix(['{', '('])?;
    let key_text = after_open.trim_start();
    let key_len = key_text
        .find(|c: char| matches!(c, ',' | '}' | ')') || c.is_whitespace() || c.is_control())
        .unwrap_or(key_text.len());
    let key = key_text.get(..key_len)?;
    let next = key_text.get(key_len..)?.trim_start_matches([' ', '\t']);
    if key.is_empty() || !(next.is_empty() || next.starts_with([',', '}', ')', '\n', '\r'])) {
        return None;
    }
    let key_start = at + 1 + kind_len + (after_kind.len() - key_text.len());
    let entry_end = at + text.get(at..end)?.trim_end().len();
    Some(PendingEntry {
        key,
        key_span: Span::from_range(key_start..key_start + key.len()),
        span: Span::from_range(at..entry_end),
        kind,
        fields: Vec::new(),
    })
}

/// Formats an `author` field as `Last F, Last F` (initials without dots, as the
/// review's references are written), with `et al.` for `and others`.
fn format_authors(raw: &str) -> Option<String> {
    let words = split_top_level(raw, char::is_whitespace);
    let mut names: Vec<Vec<&str>> = vec![Vec::new()];
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        if word.eq_ignore_ascii_case("and") {
            names.push(Vec::new());
        } else if let Some(current) = names.last_mut() {
            current.push(word);
        }
    }
    let mut formatted = Vec::new();
    let mut others = false;
    for name in names.iter().filter(|name| !name.is_empty()) {
        let name = name.join(" ");
        if name.eq_ignore_ascii_case("others") {
            others = true;
        } else if let Some(person) = format_person(&name) {
            formatted.push(person);
        }
    }
    if formatted.is_empty() {
        let plain = latex_to_text(raw);
        return if plain.is_empty() { None } else { Some(plain) };
    }
    let mut out = formatted.join(", ");
    if others {
        out.push_str(" et al.");
    }
    Some(out)
}

/// One BibTeX name (`First von Last`, `von Last, First` or `von Last, Jr, First`) as
/// `von Last F`.
fn format_person(name: &str) -> Option<String> {
    let parts: Vec<&str> = split_top_level(name, |c| c == ',').into_iter().map(str::trim).collect();
    let words = |part: &str| -> Vec<String> {
        split_top_level(part, char::is_whitespace)
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (first, last): (Vec<String>, Vec<String>) = match parts.as_slice() {
        [] => return None,
        [only] => {
            let all = words(only);
            let last_index = all.len().saturating_sub(1);
            // The surname starts at the first lowercase word ("von"), else it is the
            // last word.
            let von =
                all.iter().take(last_index).position(|w| starts_lowercase(w)).unwrap_or(last_index);
            let (first, last) = all.split_at(von.min(all.len()));
            (first.to_vec(), last.to_vec())
        }
        [last, first] => (words(first), words(last)),
        [last, .., first] => (words(first), words(last)),
    };
    let surname = latex_to_text(&last.join(" "));
    if surname.is_empty() {
        return None;
    }
    let initials: String = first
        .iter()
        .flat_map(|word| word.split('-'))
        .filter_map(|part| latex_to_text(part).chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect();
    Some(if initials.is_empty() { surname } else { format!("{surname} {initials}") })
}

fn starts_lowercase(word: &str) -> bool {
    !word.starts_with('{') && latex_to_text(word).chars().next().is_some_and(char::is_lowercase)
}

/// Splits at the characters `is_separator` accepts outside braces.
fn split_top_level(text: &str, is_separator: impl Fn(char) -> bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 && is_separator(c) => {
                pieces.push(text.get(start..index).unwrap_or(""));
                start = index + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(text.get(start..).unwrap_or(""));
    pieces
}

/// Turns a BibTeX field value into plain text in one pass: braces and `$` dropped,
/// accents and common symbols resolved (`{\"o}` → `ö`, `\ss` → `ß`, `$\alpha$` → `α`),
/// `--`/`---` as dashes, `~` and runs of white space as one space; other commands are
/// dropped and their arguments kept (`\emph{x}` → `x`).
fn latex_to_text(text: &str) -> String {
    let mut out = Out { text: String::with_capacity(text.len()), space: false, accent: None };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' | '}' | '$' => {}
            '\\' => match chars.peek().copied() {
                None => {}
                Some(next) if next.is_ascii_alphabetic() => {
                    let mut name = String::new();
                    while let Some(letter) = chars.next_if(char::is_ascii_alphabetic) {
                        name.push(letter);
                    }
                    // A control word swallows the blanks after it.
                    while chars.next_if(|c| c.is_whitespace()).is_some() {}
                    match command(&name) {
                        Command::Accent(mark) => out.accent = Some(mark),
                        Command::Text(symbol) => {
                            // An accent on a dotless i or j is an accent on i or j.
                            let symbol = match (symbol, out.accent.is_some()) {
                                ("ı", true) => "i",
                                ("ȷ", true) => "j",
                                _ => symbol,
                            };
                            out.push_str(symbol);
                        }
                        Command::Space => out.space = true,
                        Command::Drop => {}
                    }
                }
                Some(next) => {
                    chars.next();
                    match next {
                        '\'' | '`' | '^' | '"' | '~' | '=' | '.' => out.accent = accent_mark(next),
                        '\\' | ',' | ';' | ':' | ' ' | '\n' | '\t' | '\r' => out.space = true,
                        '-' | '/' | '!' => {}
                        other => out.push(other),
                    }
                }
            },
            '~' => out.space = true,
            '-' => {
                let mut run = 1;
                while chars.next_if_eq(&'-').is_some() {
                    run += 1;
                }
                match run {
                    1 => out.push('-'),
                    2 => out.push('–'),
                    3 => out.push('—'),
                    _ => out.push_str(&"-".repeat(run)),
                }
            }
            c if c.is_whitespace() => out.space = true,
            c => out.push(c),
        }
    }
    if out.text.is_ascii() {
        out.text
    } else {
        out.text.nfc().collect()
    }
}

struct Out {
    text: String,
    /// A space is due before the next character (never at the start or the end).
    space: bool,
    /// A combining mark due after the next character.
    accent: Option<char>,
}

impl Out {
    fn push(&mut self, c: char) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push(c);
        if let Some(mark) = self.accent.take() {
            self.text.push(mark);
        }
    }

    fn push_str(&mut self, s: &str) {
        let mut chars = s.chars();
        if let Some(first) = chars.next() {
            self.push(first);
            self.text.extend(chars);
        }
    }
}

enum Command {
    Accent(char),
    Text(&'static str),
    Space,
    Drop,
}

fn accent_mark(symbol: char) -> Option<char> {
    Some(match symbol {
        '`' => '\u{300}',
        '\'' => '\u{301}',
        '^' => '\u{302}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        '"' => '\u{308}',
        _ => return None,
    })
}

fn command(name: &str) -> Command {
    use Command::*;
    match name {
        "c" => Accent('\u{327}'),
        "v" => Accent('\u{30C}'),
        "u" => Accent('\u{306}'),
        "H" => Accent('\u{30B}'),
        "k" => Accent('\u{328}'),
        "r" => Accent('\u{30A}'),
        "d" => Accent('\u{323}'),
        "b" => Accent('\u{331}'),
        "quad" | "qquad" | "newline" | "linebreak" | "par" | "enspace" | "thinspace" => Space,
        _ => match symbol(name) {
            Some(text) => Text(text),
            None => Drop,
        },
    }
}

fn symbol(name: &str) -> Option<&'static str> {
    #[rustfmt::skip]
    const SYMBOLS: &[(&str, &str)] = &[
        ("ss", "ß"), ("ae", "æ"), ("AE", "Æ"), ("oe", "œ"), ("OE", "Œ"), ("o", "ø"), ("O", "Ø"),
        ("l", "ł"), ("L", "Ł"), ("aa", "å"), ("AA", "Å"), ("i", "ı"), ("j", "ȷ"), ("dh", "ð"),
        ("DH", "Ð"), ("th", "þ"), ("TH", "Þ"), ("ng", "ŋ"), ("NG", "Ŋ"),
        ("textendash", "–"), ("textemdash", "—"), ("ldots", "…"), ("dots", "…"),
        ("textellipsis", "…"), ("textquoteright", "’"), ("textquoteleft", "‘"),
        ("textquotedblleft", "“"), ("textquotedblright", "”"), ("textregistered", "®"),
        ("texttrademark", "™"), ("textcopyright", "©"), ("copyright", "©"), ("S", "§"),
        ("P", "¶"), ("pounds", "£"), ("euro", "€"), ("textdegree", "°"), ("degree", "°"),
        ("textmu", "µ"), ("textpm", "±"), ("pm", "±"), ("times", "×"), ("textasciitilde", "~"),
        ("textbackslash", "\\"), ("textunderscore", "_"), ("textbar", "|"), ("textless", "<"),
        ("textgreater", ">"), ("leq", "≤"), ("le", "≤"), ("geq", "≥"), ("ge", "≥"),
        ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"), ("infty", "∞"), ("circ", "∘"),
        ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ε"),
        ("varepsilon", "ε"), ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("iota", "ι"),
        ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("pi", "π"),
        ("rho", "ρ"), ("sigma", "σ"), ("tau", "τ"), ("upsilon", "υ"), ("phi", "φ"),
        ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"), ("Gamma", "Γ"),
        ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
        ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
    ];
    SYMBOLS.iter().find(|(n, _)| *n == name).map(|&(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn entries_with_key_spans_and_fields() {
        let text = "% refs\n@article{guney2019,\n  title = {Talazoparib-loaded {SLN} in {TNBC}},\n  author = {Guney Eskiler, G{\\\"o}khan and Cecener, G. and others},\n  year = 2019,\n}\n\n@Book{smith-20, author=\"John von Smith and M{\\\"u}ller, Hans-Peter\", title=\"A \\emph{Book} -- 2nd ed.\", date={2020-05-01}}\n";
        let (entries, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(entries.len(), 2);
        let first = &entries[0];
        assert_eq!(first.key, "guney2019");
        assert_eq!(first.key_span.text(text), "guney2019");
        assert!(first.span.text(text).starts_with("@article{"));
        assert!(first.span.text(text).ends_with("year = 2019,\n}"));
        assert_eq!(first.kind, "article");
        assert_eq!(first.title.as_deref(), Some("Talazoparib-loaded SLN in TNBC"));
        assert_eq!(first.author.as_deref(), Some("Guney Eskiler G, Cecener G et al."));
        assert_eq!(first.year.as_deref(), Some("2019"));
        let second = &entries[1];
        assert_eq!(second.key_span.text(text), "smith-20");
        assert_eq!(second.kind, "book");
        assert_eq!(second.author.as_deref(), Some("von Smith J, Müller HP"));
        assert_eq!(second.title.as_deref(), Some("A Book – 2nd ed."));
        assert_eq!(second.year.as_deref(), Some("2020"));
        assert!(second.span.text(text).ends_with("}}"));
    }

    #[test]
    fn duplicates_are_kept_and_strings_expand() {
        let text = "@string{j = \"J. Chem\"}\n@string{self = self # \"x\"}\n@misc{a, title = j # \" Rev\", year = self}\n@misc{a, title = {Again}, note = {\\url{x}}}\n";
        let (entries, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(entries.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), vec!["a", "a"]);
        assert_eq!(entries[0].title.as_deref(), Some("J. Chem Rev"));
        // A self-referencing abbreviation expands a bounded number of times.
        assert!(entries[0].year.as_deref().is_some_and(|y| y.len() <= 64));
        assert_eq!(entries[1].key_span.text(text), "a");
        assert_eq!(entries[1].key_span.start as usize, text.rfind("{a,").unwrap() + 1);
    }

    #[test]
    fn identifiers_with_the_spans_of_their_values() {
        let text = "@article{a, doi = {10.1038/nature\\_11729 }, PMID = 23254930}\n@article{b, eprinttype = {PubMed}, eprint = {123}, doi = \"https://doi.org/10.1/x\"}\n@article{c, eprint = {2101.00001}}\n";
        let (entries, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let doi = entries[0].doi.as_ref().unwrap();
        assert_eq!(doi.text, "10.1038/nature_11729");
        assert_eq!(doi.span.text(text), "10.1038/nature\\_11729 ");
        let pmid = entries[0].pmid.as_ref().unwrap();
        assert_eq!((pmid.text.as_str(), pmid.span.text(text)), ("23254930", "23254930"));
        let pmid = entries[1].pmid.as_ref().unwrap();
        assert_eq!((pmid.text.as_str(), pmid.span.text(text)), ("123", "123"));
        let doi = entries[1].doi.as_ref().unwrap();
        assert_eq!(doi.span.text(text), "https://doi.org/10.1/x");
        // An eprint of another archive is not a PMID.
        assert_eq!(entries[2].pmid, None);
        assert_eq!(entries[2].doi, None);
    }

    #[test]
    fn latex_to_plain_text() {
        assert_eq!(
            latex_to_text("Caf{\\'e} {\\c c}a na{\\\"\\i}ve \\ss{} $\\alpha$-helix"),
            "Café ça naïve ß α-helix"
        );
        assert_eq!(latex_to_text("  a~b \\& c---d 50\\%  "), "a b & c—d 50%");
        assert_eq!(latex_to_text("\\textbf{Bold}\\"), "Bold");
    }

    #[test]
    fn malformed_entries_are_errors_and_keep_what_they_can() {
        let text = "@article{good1, title={One}}\n@article{broken, title={Two}, year 2020}\n@article{open, title={never closed}\n@misc{good2, title={Three}}\n@article{nokey title={x}}\n";
        let (entries, errors) = parse(text);
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["good1", "broken", "open", "good2"]);
        assert_eq!(entries[1].key_span.text(text), "broken");
        assert_eq!(entries[2].key_span.text(text), "open");
        assert_eq!(entries[3].title.as_deref(), Some("Three"));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(errors[0].1, "expected equals");
        assert_eq!(errors[0].0.text(text), "2");
        assert_eq!(errors[1].0.text(text), "@article{open");
        assert!(errors[1].1.contains("not closed"));
        for (span, _) in &errors {
            assert!(span.end as usize <= text.len());
        }
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "@",
            "@@@",
            "@{",
            "@article",
            "@article{",
            "@article{,}",
            "@article{k,",
            "@article{k, t=",
            "@article{k, t={",
            "@article{k, t=\"",
            "@string{",
            "@preamble{",
            "@comment{",
            "\\",
            "}}}{{{",
            "@article{k, t = a # }",
            "@article{k, t = 1.2.3}",
            "@misc(k, t={x})",
            "@article{k,\n@article{j, t={x}}",
            "@article{k, author={and and , , {} and}}",
            "@article{k, author={,,,}, title={\\}}",
            "\u{FFFD}@a{\u{FFFD},t={\u{FFFD}}}",
        ] {
            let (entries, errors) = parse(text);
            for entry in &entries {
                assert!(
                    entry.span.end as usize <= text.len()
                        && entry.key_span.end as usize <= text.len(),
                    "{text:?}"
                );
                assert_eq!(entry.key_span.text(text), entry.key, "{text:?}");
            }
            for (span, _) in &errors {
                assert!(span.end as usize <= text.len(), "{text:?}");
            }
        }
    }

    #[test]
    fn deeply_nested_braces_are_bounded() {
        let depth = 100_000;
        let text =
            format!("@article{{deep, title = {{{}x{}}}}}\n", "{".repeat(depth), "}".repeat(depth));
        let start = Instant::now();
        let (entries, errors) = parse(&text);
        assert!(errors.is_empty());
        assert_eq!(entries[0].title.as_deref(), Some("x"));
        let unclosed = format!(
            "@article{{deep, title = {}\n@misc{{after, title={{ok}}}}\n",
            "{".repeat(depth)
        );
        let (entries, errors) = parse(&unclosed);
        assert_eq!(
            entries.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            vec!["deep", "after"]
        );
        assert_eq!(errors.len(), 1);
        let commands = format!(
            "@article{{deep, title = {{{}x{}}}}}\n",
            "\\emph{".repeat(depth),
            "}".repeat(depth)
        );
        let (entries, _) = parse(&commands);
        assert_eq!(entries[0].title.as_deref(), Some("x"));
        assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
    }

    #[test]
    fn ten_megabytes_in_reasonable_time() {
        let entry = "@article{key{i},\n  title = {A {study} of \\emph{things} number {i}},\n  author = {Doe, John and Roe, Richard and M{\\\"u}ller, Anna},\n  journal = {Journal},\n  year = {2020},\n}\n\n";
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 10 * 1024 * 1024 {
            text.push_str(&entry.replace("{i}", &i.to_string()));
            i += 1;
        }
        let start = Instant::now();
        let (entries, errors) = parse(&text);
        assert!(errors.is_empty());
        assert_eq!(entries.len(), i);
        // Every entry malformed: the recovery path, also linear.
        let broken = text.replace("journal =", "journal");
        let (entries, errors) = parse(&broken);
        assert_eq!(entries.len(), i);
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        assert!(errors[MAX_ERRORS].1.ends_with("(and further errors in this file, not reported)"));
        assert!(start.elapsed() < Duration::from_secs(60), "{:?}", start.elapsed());
    }
}
