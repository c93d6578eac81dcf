//! The parser: splits a file into statements (logical lines), lexes each, and parses
//! it with chumsky. Valid statements take a fast path with chumsky's zero-cost error
//! type; only a statement that fails is parsed again with `Rich` errors to say what
//! was expected. The grammar's output is a set of token indices and token ranges, and
//! `FileParser::build` turns them into the flat [`Ast`] without an allocation per claim.

use chumsky::error::{Rich, RichPattern};
use chumsky::prelude::*;
use chumsky::util::MaybeRef;

use super::ast::*;
use super::lexer::{lex_into, Keyword, Token};
use crate::text::Span;

/// Parses one file. Never fails and never panics: syntax errors are collected in
/// [`Ast::errors`] and the statement that has them becomes [`StatementKind::Error`].
pub fn parse(src: &str) -> Ast {
    let mut parser = FileParser::new(src, Mode::Whole);
    parser.run(0, src.len());
    parser.ast
}

/// Parses the lines of `src` in `range` only, with the file's spans: what [`parse`]
/// gives for those lines when `range.start` and `range.end` are each the start of a
/// statement's first line (or the file's end), and `seen_review` says whether a
/// `review` statement comes before them. The server re-parses an edited region with it
/// (see `check::incremental`).
pub fn parse_range(src: &str, range: std::ops::Range<usize>, seen_review: bool) -> Ast {
    let mut parser = FileParser::new(src.get(range.clone()).unwrap_or(""), Mode::Region);
    parser.src = src;
    parser.seen_review = seen_review;
    parser.run(range.start.min(src.len()), range.end.min(src.len()));
    parser.ast
}

/// Parses one file in chunks of statements, handing each chunk to `each` as an [`Ast`]
/// of its own (spans are the file's; names and keys index the chunk's arenas), so that
/// a caller that does not keep the syntax never holds more than one chunk of it.
/// `each` sees the statements, comments and errors in file order.
pub fn parse_chunks(src: &str, each: &mut dyn FnMut(&Ast)) {
    let mut parser = FileParser::new(src, Mode::Chunks(each));
    parser.run(0, src.len());
}

/// Parses only the statements that start with `define`, `ref`, `review` or `section`:
/// the declarations (and the titles, `vocab/titles.rs`) that the whole document set
/// needs before any claim can be checked. Much cheaper
/// than [`parse`] on a file of claims.
pub fn parse_declarations(src: &str) -> Ast {
    let mut parser = FileParser::new(src, Mode::Declarations);
    parser.run(0, src.len());
    parser.ast
}

/// What [`FileParser`] keeps.
enum Mode<'c> {
    Whole,
    /// [`parse_range`]: like `Whole`, over some lines.
    Region,
    Chunks(&'c mut dyn FnMut(&Ast)),
    Declarations,
}

/// Whether a statement's text starts with the keyword `define` or `ref`, or is the
/// `review` or a `section`, whose titles settle disease abbreviations
/// (`vocab/titles.rs`).
fn is_declaration(text: &[u8]) -> bool {
    let keyword = |word: &[u8]| {
        text.starts_with(word) && text.get(word.len()).is_none_or(|b| b.is_ascii_whitespace())
    };
    super::lines::DECLARING_KEYWORDS.iter().any(|word| keyword(word.as_bytes()))
}

/// For [`parse_declarations`]: finds the lines that start with one word, each once,
/// with `memmem`, so that the splitter jumps over the claims between declarations.
struct Jump {
    word: &'static [u8],
    /// `\n` and the word.
    finder: memchr::memmem::Finder<'static>,
    /// The last line found, and where the search for it started.
    found: Option<(usize, usize)>,
}

impl Jump {
    fn new(word: &'static [u8]) -> Jump {
        let mut pattern = vec![b'\n'];
        pattern.extend_from_slice(word);
        Jump { word, finder: memchr::memmem::Finder::new(&pattern).into_owned(), found: None }
    }

    /// The first line start at or after the line start `from` whose line starts with
    /// the word. Searches again only when `from` has passed the last line found.
    fn next(&mut self, bytes: &[u8], from: usize) -> Option<usize> {
        match self.found {
            Some((searched, usize::MAX)) if searched <= from => return None,
            Some((searched, found)) if searched <= from && found >= from => return Some(found),
            _ => {}
        }
        let found = if bytes.get(from..).is_some_and(|rest| rest.starts_with(self.word)) {
            Some(from)
        } else {
            bytes.get(from..).and_then(|rest| self.finder.find(rest)).map(|i| from + i + 1)
        };
        self.found = Some((from, found.unwrap_or(usize::MAX)));
        found
    }
}

/// A range of token indices in one statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TokRange {
    pub(super) start: u32,
    pub(super) end: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RawComposition {
    pub(super) head: u32,
    pub(super) payload: Option<TokRange>,
    pub(super) with: Option<TokRange>,
    pub(super) span: TokRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RawSubject {
    Carrier(RawComposition),
    /// The names of a drug or a combination of drugs (`A + B`).
    Drug(TokRange),
    Name(u32),
}

/// What the grammar recognised in one statement: token indices and token ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Raw {
    Review {
        title: u32,
        doi: Option<u32>,
    },
    Section {
        number: u32,
        title: u32,
        via: Option<u32>,
    },
    Reference {
        key: u32,
        text: u32,
        attrs: TokRange,
    },
    Definition {
        kind: u32,
        name: u32,
        composition: Option<RawComposition>,
        description: Option<u32>,
        attrs: TokRange,
    },
    Relation {
        word: u32,
        polarity: u32,
        description: Option<u32>,
    },
    Claim {
        subject: RawSubject,
        relation: u32,
        objects: TokRange,
        qualifiers: TokRange,
    },
}

/// The grammar of spec §3, instantiated once per error type: the fast path uses
/// chumsky's `EmptyErr`, the slow path `Rich`. (A macro rather than a generic
/// function keeps chumsky's trait bounds out of sight; see performance.md.)
macro_rules! statement_grammar {
    ($fn_name:ident, $extra:ty) => {
        pub(super) fn $fn_name<'t>() -> impl Parser<'t, &'t [Token], Raw, $extra> {
            let at = |s: SimpleSpan| s.start as u32;
            let range = |s: SimpleSpan| TokRange { start: s.start as u32, end: s.end as u32 };
            let kw = |k: Keyword| just(Token::Keyword(k));
            let comma = just(Token::Comma);

            let name = any().filter(|t: &Token| t.is_name()).labelled("a name");
            let name_at = name.clone().to_span().map(at);
            let names = name.clone().separated_by(comma.clone()).at_least(1).to_span().map(range);
            let number = just(Token::Number).labelled("a number");
            let string = just(Token::String).labelled("a string");
            let string_at = string.clone().to_span().map(at);
            let key = just(Token::Number).or(name.clone()).labelled("a reference key");
            // Spec 0.3 §11 K: a drug, a payload entry or a comparator may be `A + B`.
            let entry = name.clone().separated_by(just(Token::Plus)).at_least(1);
            let entries =
                entry.clone().separated_by(comma.clone()).at_least(1).to_span().map(range);
            // Spec 0.3 §11 L.
            let signed = just(Token::Number).or(just(Token::Signed)).labelled("a number");
            // A unit where one must come may be a keyword's word (`for 1 year`); where
            // it is optional (after `effect`'s value) only a bare name is.
            let unit = any()
                .filter(|t: &Token| matches!(t, Token::Name | Token::Keyword(_)))
                .labelled("a unit");

            let composition = name_at
                .clone()
                .then(
                    entries.clone().delimited_by(just(Token::LParen), just(Token::RParen)).or_not(),
                )
                .then(kw(Keyword::With).ignore_then(names.clone()).or_not())
                .map_with(move |((head, payload), with), e| RawComposition {
                    head,
                    payload,
                    with,
                    span: range(e.span()),
                });

            let review = kw(Keyword::Review)
                .ignore_then(string_at.clone())
                .then(kw(Keyword::Doi).ignore_then(string_at.clone()).or_not())
                .map(|(title, doi)| Raw::Review { title, doi });

            let section = kw(Keyword::Section)
                .ignore_then(number.clone().to_span().map(at))
                .then(string_at.clone())
                .then(kw(Keyword::Via).ignore_then(name_at.clone()).or_not())
                .map(|((number, title), via)| Raw::Section { number, title, via });

            let reference_attr = choice((
                kw(Keyword::Doi).ignore_then(string.clone()),
                kw(Keyword::Pmid).ignore_then(number.clone()),
                kw(Keyword::Year).ignore_then(number.clone()),
            ));
            let reference = kw(Keyword::Ref)
                .ignore_then(key.clone().to_span().map(at))
                .then(string_at.clone())
                .then(reference_attr.repeated().to_span().map(range))
                .map(|((key, text), attrs)| Raw::Reference { key, text, attrs });

            let kind = any()
                .filter(|t: &Token| {
                    matches!(
                        t,
                        Token::Keyword(
                            Keyword::Target
                                | Keyword::Process
                                | Keyword::Drug
                                | Keyword::Carrier
                                | Keyword::Formulation
                                | Keyword::Ligand
                                | Keyword::Context
                                | Keyword::Mechanism
                                | Keyword::Stimulus
                        )
                    )
                })
                .labelled(KIND_LABEL);
            let role = name.clone().then(
                just(Token::Colon)
                    .then(kw(Keyword::Up).or(kw(Keyword::Down)).labelled("`up` or `down`"))
                    .or_not(),
            );
            let attribute = choice((
                kw(Keyword::Aka).then(names.clone()).ignored(),
                kw(Keyword::Role).then(role.separated_by(comma.clone()).at_least(1)).ignored(),
                kw(Keyword::Is).then(names.clone()).ignored(),
            ));
            // `define relation WORD up|down|none "description"` (spec §10 D).
            let polarity = choice((kw(Keyword::Up), kw(Keyword::Down), kw(Keyword::None)))
                .labelled("`up`, `down` or `none`");
            let relation_definition = kw(Keyword::Define)
                .ignore_then(kw(Keyword::Relation).labelled(KIND_LABEL))
                .ignore_then(name_at.clone().labelled("a relation word"))
                .then(polarity.to_span().map(at))
                .then(string_at.clone().or_not())
                .map(|((word, polarity), description)| Raw::Relation {
                    word,
                    polarity,
                    description,
                });
            let definition = kw(Keyword::Define)
                .ignore_then(kind.to_span().map(at))
                .then(name_at.clone())
                .then(just(Token::Equals).ignore_then(composition.clone()).or_not())
                .then(string_at.clone().or_not())
                .then(attribute.repeated().to_span().map(range))
                .map(|((((kind, name), composition), description), attrs)| Raw::Definition {
                    kind,
                    name,
                    composition,
                    description,
                    attrs,
                });

            let subject = choice((
                kw(Keyword::Carrier).ignore_then(composition.clone()).map(RawSubject::Carrier),
                kw(Keyword::Drug)
                    .ignore_then(entry.clone().to_span().map(range))
                    .map(RawSubject::Drug),
                name_at.clone().map(RawSubject::Name),
            ));
            let qualifier = choice((
                kw(Keyword::In).then(names.clone()).ignored(),
                kw(Keyword::Under).then(names.clone()).ignored(),
                kw(Keyword::Via).then(name.clone()).ignored(),
                kw(Keyword::By)
                    .then(choice((
                        just(Token::Fold).ignored(),
                        signed
                            .clone()
                            .then(just(Token::Percent).or(unit.clone()).labelled("`%` or a unit"))
                            .ignored(),
                    )))
                    .ignored(),
                kw(Keyword::Effect)
                    .then(just(Token::Name).labelled("a measure (HR, OR, RR, IC50, …)"))
                    .then(signed.clone())
                    .then(just(Token::Name).or(just(Token::Percent)).or_not())
                    .then(
                        kw(Keyword::Ci)
                            .then(just(Token::Range).labelled("a range like 0.49-0.77"))
                            .or_not(),
                    )
                    .then(
                        kw(Keyword::P)
                            .then(just(Token::Less).or_not())
                            .then(number.clone())
                            .or_not(),
                    )
                    .ignored(),
                // A concentration is a dose too (`at 0.01%`, atropine eye drops).
                kw(Keyword::At)
                    .then(number.clone())
                    .then(unit.clone().or(just(Token::Percent)).labelled("a unit or `%`"))
                    .ignored(),
                kw(Keyword::For)
                    .then(number.clone())
                    .then(unit.clone().labelled("a time unit (days, weeks, …)"))
                    .ignored(),
                kw(Keyword::Vs).then(entries.clone()).ignored(),
                kw(Keyword::N).then(number.clone()).ignored(),
                kw(Keyword::Level).then(name.clone().labelled("an evidence level")).ignored(),
                kw(Keyword::Trial).then(name.clone()).ignored(),
                kw(Keyword::Through).then(names.clone()).ignored(),
                kw(Keyword::Quote).then(string.clone()).ignored(),
                kw(Keyword::Cite)
                    .then(
                        key.clone()
                            .separated_by(comma.clone())
                            .at_least(1)
                            .delimited_by(just(Token::LParen), just(Token::RParen)),
                    )
                    .ignored(),
            ));
            let claim = subject
                .then(name.clone().labelled("a relation").to_span().map(at))
                .then(names.clone())
                .then(qualifier.repeated().to_span().map(range))
                .map(|(((subject, relation), objects), qualifiers)| Raw::Claim {
                    subject,
                    relation,
                    objects,
                    qualifiers,
                });

            choice((review, section, reference, relation_definition, definition, claim))
                .then_ignore(end().labelled("end of statement"))
        }
    };
}

/// What a `define` expects after it, for messages.
const KIND_LABEL: &str = "a kind (target, process, drug, carrier, formulation, ligand, context, mechanism, stimulus or relation)";

statement_grammar!(fast_grammar, extra::Default);
statement_grammar!(rich_grammar, extra::Err<Rich<'t, Token>>);

/// The tokens of one statement: kinds and spans, indexed alike.
#[derive(Clone, Copy)]
struct Toks<'a> {
    tokens: &'a [Token],
    spans: &'a [Span],
}

impl Toks<'_> {
    fn token(&self, i: u32) -> Option<Token> {
        self.tokens.get(i as usize).copied()
    }

    fn span(&self, i: u32) -> Span {
        self.spans.get(i as usize).copied().unwrap_or_default()
    }
}

/// What the splitter found, in file order: a statement's byte range (and whether it
/// is an orphan: an indented line with no statement above it), or a comment-only line.
#[derive(Clone, Copy)]
enum Piece {
    Statement { start: usize, end: usize, orphan: bool },
    Comment(Span),
}

/// How many statements are lexed together before they are parsed: the grammar is
/// built once per chunk (building it costs about as much as parsing a short claim).
const CHUNK: usize = 256;

/// Parser state for one file.
struct FileParser<'s, 'c> {
    src: &'s str,
    mode: Mode<'c>,
    ast: Ast,
    seen_review: bool,
    /// Scratch lists, reused for every statement.
    scratch_a: Vec<Name>,
    scratch_b: Vec<Name>,
    scratch_keys: Vec<CiteKey>,
    scratch_c: Vec<Name>,
    scratch_d: Vec<Name>,
    pieces: Vec<Piece>,
    /// The tokens of the chunk being parsed, and each statement's token range.
    chunk_tokens: Vec<Token>,
    chunk_spans: Vec<Span>,
    /// Per statement: first and last token, orphan?, lexically suspect?
    chunk_bounds: Vec<(usize, usize, bool, bool)>,
}

impl<'s, 'c> FileParser<'s, 'c> {
    fn new(src: &'s str, mode: Mode<'c>) -> FileParser<'s, 'c> {
        let mut ast = Ast::default();
        if let Mode::Whole | Mode::Region = mode {
            // Reserving for one statement per line costs no memory that is not used.
            let lines = memchr::memchr_iter(b'\n', src.as_bytes()).count() + 1;
            ast.statements.reserve(lines);
        }
        FileParser {
            src,
            mode,
            ast,
            seen_review: false,
            scratch_a: Vec::new(),
            scratch_b: Vec::new(),
            scratch_keys: Vec::new(),
            scratch_c: Vec::new(),
            scratch_d: Vec::new(),
            pieces: Vec::with_capacity(CHUNK),
            chunk_tokens: Vec::with_capacity(CHUNK * 24),
            chunk_spans: Vec::with_capacity(CHUNK * 24),
            chunk_bounds: Vec::with_capacity(CHUNK),
        }
    }

    /// Splits the lines of `start..end` (`start` a line start) into statements and
    /// comments, and parses them: a line that starts at column 0 starts a statement,
    /// indented lines continue it, blank and comment-only lines end it.
    fn run(&mut self, start: usize, end: usize) {
        let bytes = self.src.as_bytes().get(..end).unwrap_or(&[]);
        let len = bytes.len();
        // The open statement: (start, end, orphan).
        let mut open: Option<(usize, usize, bool)> = None;
        let mut line_start = start;
        // Declarations only: no other statement is opened, and between statements the
        // splitter jumps to the next line that starts with `define`, `ref`, `review` or
        // `section`.
        let mut jump = matches!(self.mode, Mode::Declarations)
            .then(|| super::lines::DECLARING_KEYWORDS.map(|word| Jump::new(word.as_bytes())));
        while line_start < len {
            if let (Some(jump), None) = (jump.as_mut(), open) {
                match jump.iter_mut().filter_map(|j| j.next(bytes, line_start)).min() {
                    Some(next) => line_start = next,
                    None => break,
                }
            }
            let line_end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(len, |i| line_start + i);
            let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' {
                line_end - 1
            } else {
                line_end
            };
            let line = &bytes[line_start..content_end];
            let first = line.iter().position(|&b| !super::lines::is_indent(b));
            match first {
                None => {
                    // A blank line ends the statement.
                    if let Some((start, end, orphan)) = open.take() {
                        self.push(Piece::Statement { start, end, orphan });
                    }
                }
                Some(i) if line[i] == b'#' => {
                    if let Some((start, end, orphan)) = open.take() {
                        self.push(Piece::Statement { start, end, orphan });
                    }
                    self.push(Piece::Comment(Span::new(
                        (line_start + i) as u32,
                        content_end as u32,
                    )));
                }
                Some(0) => {
                    if let Some((start, end, orphan)) = open.take() {
                        self.push(Piece::Statement { start, end, orphan });
                    }
                    if jump.is_none() || is_declaration(line) {
                        open = Some((line_start, content_end, false));
                    }
                }
                Some(_) => match open.as_mut() {
                    Some((_, end, _)) => *end = content_end,
                    // An orphan is never a declaration: its text starts with a blank.
                    None if jump.is_some() => {}
                    None => open = Some((line_start, content_end, true)),
                },
            }
            line_start = line_end + 1;
        }
        if let Some((start, end, orphan)) = open.take() {
            self.push(Piece::Statement { start, end, orphan });
        }
        self.flush();
    }

    fn push(&mut self, piece: Piece) {
        // `run` opens only declarations in this mode; comments are not kept either.
        if let (Mode::Declarations, Piece::Comment(_)) = (&self.mode, piece) {
            return;
        }
        self.pieces.push(piece);
        if self.pieces.len() >= CHUNK {
            self.flush();
        }
    }

    /// Lexes the pending pieces (comments go to the AST in file order), then parses
    /// each statement with one instance of the grammar.
    fn flush(&mut self) {
        let mut tokens = std::mem::take(&mut self.chunk_tokens);
        let mut spans = std::mem::take(&mut self.chunk_spans);
        let mut bounds = std::mem::take(&mut self.chunk_bounds);
        tokens.clear();
        spans.clear();
        bounds.clear();
        for piece in self.pieces.drain(..) {
            match piece {
                Piece::Comment(span) => self.ast.comments.push(span),
                Piece::Statement { start, end, orphan } => {
                    let text = self.src.get(start..end).unwrap_or("");
                    let first = tokens.len();
                    let suspect = lex_into(
                        text,
                        start as u32,
                        &mut tokens,
                        &mut spans,
                        &mut self.ast.comments,
                    );
                    bounds.push((first, tokens.len(), orphan, suspect));
                }
            }
        }
        {
            let grammar = fast_grammar();
            for &(first, last, orphan, suspect) in &bounds {
                let t = Toks {
                    tokens: tokens.get(first..last).unwrap_or(&[]),
                    spans: spans.get(first..last).unwrap_or(&[]),
                };
                self.statement(t, orphan, suspect, &grammar);
            }
        }
        self.chunk_tokens = tokens;
        self.chunk_spans = spans;
        self.chunk_bounds = bounds;
        if let Mode::Chunks(each) = &mut self.mode {
            each(&self.ast);
            self.ast.statements.clear();
            self.ast.names.clear();
            self.ast.keys.clear();
            self.ast.comments.clear();
            self.ast.errors.clear();
            self.ast.plus.clear();
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.ast.errors.push(SyntaxError { span, message: message.into() });
    }

    fn statement<'t>(
        &mut self,
        t: Toks<'t>,
        orphan: bool,
        suspect: bool,
        grammar: &impl Parser<'t, &'t [Token], Raw>,
    ) {
        let (Some(first), Some(last)) = (t.spans.first().copied(), t.spans.last().copied()) else {
            return;
        };
        let span = first.cover(last);
        if orphan {
            self.error(
                span,
                "indented line with no statement above it: a continuation line must follow a statement (remove the indentation)",
            );
            self.ast.statements.push(Statement { span, kind: StatementKind::Error });
            return;
        }
        if suspect && self.lexical_errors(t) {
            self.ast.statements.push(Statement { span, kind: StatementKind::Error });
            return;
        }
        // Most statements are plain claims: the hand-written fast path recognises them
        // without chumsky, and yields to the grammar on anything else.
        let raw = super::fast::claim(t.tokens).or_else(|| grammar.parse(t.tokens).into_output());
        let kind = match raw {
            Some(raw) => self.build(t, raw),
            None => {
                self.rich_errors(t);
                StatementKind::Error
            }
        };
        self.ast.statements.push(Statement { span, kind });
    }

    /// Reports the tokens the lexer could not make sense of; true if there were any.
    /// A run of unknown characters that touches a name (`IFN-γ–induced`, `PD-L1;`) says
    /// how to write a name that has them: in backticks (spec §11 J).
    fn lexical_errors(&mut self, t: Toks<'_>) -> bool {
        let before = self.ast.errors.len();
        for i in 0..t.tokens.len() {
            let span = t.spans[i];
            match t.tokens[i] {
                Token::Unknown => {
                    // A run of unknown characters is one error, not one per character.
                    if i > 0
                        && t.tokens[i - 1] == Token::Unknown
                        && t.spans[i - 1].end == span.start
                    {
                        continue;
                    }
                    let mut end = i;
                    while t.tokens.get(end + 1) == Some(&Token::Unknown)
                        && t.spans.get(end + 1).is_some_and(|s| s.start == t.spans[end].end)
                    {
                        end += 1;
                    }
                    let run = span.cover(t.spans[end]);
                    let src = self.src;
                    let text: String = run
                        .text(src)
                        .chars()
                        .take(16)
                        .collect::<String>()
                        .escape_debug()
                        .to_string();
                    let mut message = if end == i {
                        format!("unexpected character `{text}`")
                    } else {
                        format!(
                            "unexpected characters `{text}`{}",
                            if run.text(src).chars().count() > 16 { "…" } else { "" }
                        )
                    };
                    if let Some(word) = word_around(t, i, end) {
                        // Spec §11 J: a name with such a character is written in backticks.
                        let word = word.text(src);
                        if !word.contains('`') && word.chars().count() <= 64 {
                            message.push_str(&format!(
                                "; if it is part of the name `{word}`, write the name in backticks: \
                                 `` `{word}` ``"
                            ));
                        }
                    }
                    self.error(run, message);
                }
                Token::UnterminatedString => self
                    .error(span, "unterminated string: the closing `\"` is missing on this line"),
                Token::UnterminatedQuotedName => self.error(
                    span,
                    "unterminated quoted name: the closing backtick is missing on this line",
                ),
                Token::QuotedName if span.len() <= 2 => self.error(span, "empty quoted name"),
                Token::String => {
                    let src = self.src;
                    self.check_escapes(src, span)
                }
                _ => {}
            }
        }
        self.ast.errors.len() > before
    }

    fn check_escapes(&mut self, src: &str, span: Span) {
        let text = span.text(src);
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            if c == '\\' {
                if let Some((j, escaped)) = chars.next() {
                    if escaped != '"' && escaped != '\\' {
                        let at = span.start + i as u32;
                        let escape_span =
                            Span::new(at, span.start + (j + escaped.len_utf8()) as u32);
                        self.error(
                            escape_span,
                            format!("unknown escape `\\{}` in string (only `\\\"` and `\\\\` are allowed)", escaped.escape_debug()),
                        );
                    }
                }
            }
        }
    }

    /// Parses the failing statement again with `Rich` errors and reports them.
    fn rich_errors(&mut self, t: Toks<'_>) {
        let src = self.src;
        let spans = &t.spans;
        let located: Vec<(Span, String)> = rich_grammar()
            .parse(t.tokens)
            .into_errors()
            .iter()
            .map(|error| {
                let span = match spans.get(error.span().start) {
                    Some(&span) => span,
                    None => Span::empty(spans.last().map_or(0, |s| s.end)),
                };
                (span, describe_error(error, src, span))
            })
            .collect();
        if located.is_empty() {
            // Cannot happen (the fast path failed), but never lose a statement silently.
            let span = t.spans.first().copied().unwrap_or_default();
            self.error(span, "this statement does not match the grammar");
        }
        for (span, message) in located {
            self.error(span, message);
        }
    }

    fn name(&mut self, t: Toks<'_>, token: u32) -> NameId {
        let id = self.ast.names.len() as NameId;
        let span = t.spans.get(token as usize).copied().unwrap_or_default();
        self.ast.names.push(Name { span });
        id
    }

    /// Pushes the names of a comma-separated list onto the arena.
    fn names(&mut self, t: Toks<'_>, range: TokRange) -> IdRange {
        let start = self.ast.names.len() as u32;
        for i in range.start..range.end {
            match t.tokens.get(i as usize) {
                Some(token) if token.is_name() => {
                    self.ast.names.push(Name { span: t.spans[i as usize] })
                }
                Some(Token::Plus) => self.ast.plus.push(t.spans[i as usize]),
                _ => {}
            }
        }
        IdRange { start, end: self.ast.names.len() as u32 }
    }

    fn string(&self, t: Toks<'_>, token: u32) -> Str {
        Str { span: t.spans.get(token as usize).copied().unwrap_or_default() }
    }

    fn composition(&mut self, t: Toks<'_>, raw: RawComposition) -> Composition {
        let head = self.name(t, raw.head);
        let payload = raw.payload.map_or(IdRange::default(), |r| self.names(t, r));
        let with = raw.with.map_or(IdRange::default(), |r| self.names(t, r));
        let span = t.span(raw.span.start).cover(t.span(raw.span.end.saturating_sub(1)));
        Composition { head, payload, with, span }
    }

    /// A name list starting at token `i` (names separated by commas); returns the
    /// index after it.
    fn walk_names(&self, t: Toks<'_>, mut i: u32, end: u32, into: &mut Vec<Name>) -> u32 {
        while i < end {
            into.push(Name { span: t.span(i) });
            i += 1;
            if i < end && t.token(i) == Some(Token::Comma) {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// A list of entries starting at token `i` (names or combinations `A + B`,
    /// separated by commas), recording each `+`; returns the index after it.
    fn walk_entries(&mut self, t: Toks<'_>, mut i: u32, end: u32, into: &mut Vec<Name>) -> u32 {
        while i < end {
            into.push(Name { span: t.span(i) });
            i += 1;
            match t.token(i) {
                Some(Token::Comma) if i < end => i += 1,
                Some(Token::Plus) if i < end => {
                    self.ast.plus.push(t.span(i));
                    i += 1;
                }
                _ => break,
            }
        }
        i
    }

    fn build(&mut self, t: Toks<'_>, raw: Raw) -> StatementKind {
        match raw {
            Raw::Review { title, doi } => {
                if self.seen_review {
                    self.error(t.span(0), "a second `review` statement: a file has at most one");
                    return StatementKind::Error;
                }
                self.seen_review = true;
                StatementKind::Review(Review {
                    title: self.string(t, title),
                    doi: doi.map(|d| self.string(t, d)),
                })
            }
            Raw::Section { number, title, via } => StatementKind::Section(Section {
                number: t.span(number),
                title: self.string(t, title),
                via: via.map(|v| self.name(t, v)),
            }),
            Raw::Reference { key, text, attrs } => {
                let key = CiteKey { name: Name { span: t.span(key) } };
                let mut reference = Reference {
                    key,
                    text: self.string(t, text),
                    doi: None,
                    pmid: None,
                    year: None,
                };
                let mut i = attrs.start;
                while i + 1 < attrs.end {
                    let value = t.span(i + 1);
                    let slot = match t.token(i) {
                        Some(Token::Keyword(Keyword::Doi)) => {
                            reference.doi.replace(Str { span: value }).map(|s| s.span)
                        }
                        Some(Token::Keyword(Keyword::Pmid)) => reference.pmid.replace(value),
                        _ => reference.year.replace(value),
                    };
                    if slot.is_some() {
                        let keyword = t.span(i);
                        let word = keyword.text(self.src).to_string();
                        self.error(keyword, format!("a second `{word}` in one reference"));
                        return StatementKind::Error;
                    }
                    i += 2;
                }
                StatementKind::Reference(reference)
            }
            Raw::Definition { kind, name, composition, description, attrs } => {
                let kind_span = t.span(kind);
                let kind = match t.token(kind) {
                    Some(Token::Keyword(Keyword::Target)) => Kind::Target,
                    Some(Token::Keyword(Keyword::Process)) => Kind::Process,
                    Some(Token::Keyword(Keyword::Drug)) => Kind::Drug,
                    Some(Token::Keyword(Keyword::Carrier)) => Kind::Carrier,
                    Some(Token::Keyword(Keyword::Formulation)) => Kind::Formulation,
                    Some(Token::Keyword(Keyword::Ligand)) => Kind::Ligand,
                    Some(Token::Keyword(Keyword::Context)) => Kind::Context,
                    Some(Token::Keyword(Keyword::Mechanism)) => Kind::Mechanism,
                    _ => Kind::Stimulus,
                };
                let name = self.name(t, name);
                let composition = composition.map(|c| self.composition(t, c));
                let description = description.map(|d| self.string(t, d));
                let mut aliases = std::mem::take(&mut self.scratch_a);
                let mut classes = std::mem::take(&mut self.scratch_b);
                aliases.clear();
                classes.clear();
                let mut roles_raw: Vec<(Name, Option<Sign>)> = Vec::new();
                let mut i = attrs.start;
                while i < attrs.end {
                    let keyword = t.token(i);
                    i += 1;
                    match keyword {
                        Some(Token::Keyword(Keyword::Aka)) => {
                            i = self.walk_names(t, i, attrs.end, &mut aliases)
                        }
                        Some(Token::Keyword(Keyword::Is)) => {
                            i = self.walk_names(t, i, attrs.end, &mut classes)
                        }
                        Some(Token::Keyword(Keyword::Role)) => loop {
                            let mechanism = Name { span: t.span(i) };
                            i += 1;
                            let mut sign = None;
                            if t.token(i) == Some(Token::Colon) {
                                sign = match t.token(i + 1) {
                                    Some(Token::Keyword(Keyword::Up)) => Some(Sign::Up),
                                    _ => Some(Sign::Down),
                                };
                                i += 2;
                            }
                            roles_raw.push((mechanism, sign));
                            if i < attrs.end && t.token(i) == Some(Token::Comma) {
                                i += 1;
                            } else {
                                break;
                            }
                        },
                        _ => {}
                    }
                }
                let start = self.ast.names.len() as u32;
                self.ast.names.extend_from_slice(&aliases);
                let aliases_range = IdRange { start, end: self.ast.names.len() as u32 };
                self.ast.names.extend_from_slice(&classes);
                let classes_range =
                    IdRange { start: aliases_range.end, end: self.ast.names.len() as u32 };
                let roles = roles_raw
                    .into_iter()
                    .map(|(mechanism, sign)| {
                        let id = self.ast.names.len() as NameId;
                        self.ast.names.push(mechanism);
                        Role { mechanism: id, sign }
                    })
                    .collect();
                self.scratch_a = aliases;
                self.scratch_b = classes;
                StatementKind::Definition(Box::new(Definition {
                    kind,
                    kind_span,
                    name,
                    composition,
                    description,
                    aliases: aliases_range,
                    classes: classes_range,
                    roles,
                }))
            }
            Raw::Relation { word, polarity, description } => {
                let polarity_span = t.span(polarity);
                let polarity = match t.token(polarity) {
                    Some(Token::Keyword(Keyword::Up)) => Polarity::Up,
                    Some(Token::Keyword(Keyword::Down)) => Polarity::Down,
                    _ => Polarity::None,
                };
                let word = self.name(t, word);
                let description = description.map(|d| self.string(t, d));
                StatementKind::Relation(RelationDefinition {
                    word,
                    polarity,
                    polarity_span,
                    description,
                })
            }
            Raw::Claim { subject, relation, objects, qualifiers } => {
                self.claim(t, subject, relation, objects, qualifiers)
            }
        }
    }

    fn claim(
        &mut self,
        t: Toks<'_>,
        subject: RawSubject,
        relation: u32,
        objects: TokRange,
        qualifiers: TokRange,
    ) -> StatementKind {
        let subject = match subject {
            RawSubject::Carrier(c) => Subject::Carrier(self.composition(t, c)),
            RawSubject::Drug(range) => Subject::Drug(self.names(t, range)),
            RawSubject::Name(n) => Subject::Name(self.name(t, n)),
        };
        let relation = self.name(t, relation);
        let objects = self.names(t, objects);
        let mut contexts = std::mem::take(&mut self.scratch_a);
        let mut stimuli = std::mem::take(&mut self.scratch_b);
        let mut keys = std::mem::take(&mut self.scratch_keys);
        let mut comparators = std::mem::take(&mut self.scratch_c);
        let mut mediators = std::mem::take(&mut self.scratch_d);
        contexts.clear();
        stimuli.clear();
        keys.clear();
        comparators.clear();
        mediators.clear();
        let (mut via, mut effect, mut quote) = (None, None, None);
        let mut design: Option<Box<Design>> = None;
        // The first qualifier written twice, and a value the grammar cannot judge.
        let mut duplicate: Option<Span> = None;
        let mut invalid: Option<(Span, String)> = None;
        let mut seen_vs = false;
        let mut seen_through = false;
        let mut i = qualifiers.start;
        let end = qualifiers.end;
        while i < end {
            let keyword = t.span(i);
            let token = t.token(i);
            i += 1;
            let mut once = |taken: bool| {
                if taken {
                    duplicate.get_or_insert(keyword);
                }
            };
            match token {
                Some(Token::Keyword(Keyword::In)) => i = self.walk_names(t, i, end, &mut contexts),
                Some(Token::Keyword(Keyword::Under)) => {
                    i = self.walk_names(t, i, end, &mut stimuli)
                }
                Some(Token::Keyword(Keyword::Via)) => {
                    once(via.replace(Name { span: t.span(i) }).is_some());
                    i += 1;
                }
                Some(Token::Keyword(Keyword::By)) => {
                    let first = t.span(i);
                    let by = if t.token(i) == Some(Token::Fold) {
                        // `55-fold`: the value, then the `-fold` of the same token.
                        let cut = first.end.saturating_sub(5).max(first.start);
                        i += 1;
                        Effect {
                            keyword,
                            measure: None,
                            value: Span::new(first.start, cut),
                            unit: Some(Span::new(cut, first.end)),
                            ci: None,
                            p: None,
                            p_below: false,
                        }
                    } else {
                        i += 2;
                        Effect {
                            keyword,
                            measure: None,
                            value: first,
                            unit: Some(t.span(i - 1)),
                            ci: None,
                            p: None,
                            p_below: false,
                        }
                    };
                    once(effect.replace(by).is_some());
                }
                Some(Token::Keyword(Keyword::Effect)) => {
                    let mut measured = Effect {
                        keyword,
                        measure: Some(t.span(i)),
                        value: t.span(i + 1),
                        unit: None,
                        ci: None,
                        p: None,
                        p_below: false,
                    };
                    i += 2;
                    if i < end && matches!(t.token(i), Some(Token::Name | Token::Percent)) {
                        measured.unit = Some(t.span(i));
                        i += 1;
                    }
                    if i < end && t.token(i) == Some(Token::Keyword(Keyword::Ci)) {
                        let ci = t.span(i + 1);
                        measured.ci = Some(ci);
                        i += 2;
                        if let Some(why) = check_range(ci.text(self.src)) {
                            invalid.get_or_insert((ci, why));
                        }
                    }
                    if i < end && t.token(i) == Some(Token::Keyword(Keyword::P)) {
                        i += 1;
                        if t.token(i) == Some(Token::Less) {
                            measured.p_below = true;
                            i += 1;
                        }
                        let p = t.span(i);
                        measured.p = Some(p);
                        i += 1;
                        if !number(p.text(self.src)).is_some_and(|v| v > 0.0 && v <= 1.0) {
                            invalid.get_or_insert((
                                p,
                                format!(
                                    "`{}` is not a p value: write a number above 0 and at most 1",
                                    p.text(self.src)
                                ),
                            ));
                        }
                    }
                    once(effect.replace(measured).is_some());
                }
                Some(Token::Keyword(Keyword::At | Keyword::For)) => {
                    let amount = Amount { keyword, value: t.span(i), unit: t.span(i + 1) };
                    i += 2;
                    let design = design.get_or_insert_with(Box::default);
                    let slot = if token == Some(Token::Keyword(Keyword::At)) {
                        &mut design.dose
                    } else {
                        &mut design.duration
                    };
                    once(slot.replace(amount).is_some());
                }
                Some(Token::Keyword(Keyword::Vs)) => {
                    once(std::mem::replace(&mut seen_vs, true));
                    i = self.walk_entries(t, i, end, &mut comparators);
                    design.get_or_insert_with(Box::default);
                }
                Some(Token::Keyword(Keyword::Through)) => {
                    once(std::mem::replace(&mut seen_through, true));
                    i = self.walk_names(t, i, end, &mut mediators);
                    design.get_or_insert_with(Box::default);
                }
                Some(Token::Keyword(Keyword::N)) => {
                    let size = t.span(i);
                    i += 1;
                    if !size.text(self.src).parse::<u64>().is_ok_and(|n| n > 0) {
                        invalid.get_or_insert((
                            size,
                            format!(
                                "`n {}`: the number of subjects is a positive whole number",
                                size.text(self.src)
                            ),
                        ));
                    }
                    once(design.get_or_insert_with(Box::default).size.replace(size).is_some());
                }
                Some(Token::Keyword(Keyword::Level)) => {
                    let level = t.span(i);
                    i += 1;
                    once(design.get_or_insert_with(Box::default).level.replace(level).is_some());
                }
                Some(Token::Keyword(Keyword::Trial)) => {
                    let trial = t.span(i);
                    i += 1;
                    once(design.get_or_insert_with(Box::default).trial.replace(trial).is_some());
                }
                Some(Token::Keyword(Keyword::Quote)) => {
                    once(quote.replace(Str { span: t.span(i) }).is_some());
                    i += 1;
                }
                Some(Token::Keyword(Keyword::Cite)) => {
                    i += 1; // `(`
                    while i < end {
                        keys.push(CiteKey { name: Name { span: t.span(i) } });
                        i += 1;
                        if t.token(i) == Some(Token::Comma) {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1; // `)`
                }
                _ => {}
            }
        }
        let kind = if let Some(keyword) = duplicate {
            let word = keyword.text(self.src).to_string();
            self.error(keyword, format!("a second `{word}` in one claim: a claim has at most one of each qualifier but `in`, `under` and `cite`"));
            StatementKind::Error
        } else if let Some((span, why)) = invalid {
            self.error(span, why);
            StatementKind::Error
        } else {
            let start = self.ast.names.len() as u32;
            self.ast.names.extend_from_slice(&contexts);
            let contexts_range = IdRange { start, end: self.ast.names.len() as u32 };
            self.ast.names.extend_from_slice(&stimuli);
            let stimuli_range =
                IdRange { start: contexts_range.end, end: self.ast.names.len() as u32 };
            let via = via.map(|name| {
                self.ast.names.push(name);
                self.ast.names.len() as u32 - 1
            });
            if let Some(design) = design.as_deref_mut() {
                let start = self.ast.names.len() as u32;
                self.ast.names.extend_from_slice(&comparators);
                design.comparators = IdRange { start, end: self.ast.names.len() as u32 };
                self.ast.names.extend_from_slice(&mediators);
                design.mediators =
                    IdRange { start: design.comparators.end, end: self.ast.names.len() as u32 };
            }
            let key_start = self.ast.keys.len() as u32;
            self.ast.keys.extend_from_slice(&keys);
            StatementKind::Claim(Claim {
                subject,
                relation,
                objects,
                contexts: contexts_range,
                stimuli: stimuli_range,
                via,
                effect,
                quote,
                cites: IdRange { start: key_start, end: self.ast.keys.len() as u32 },
                design,
            })
        };
        self.scratch_a = contexts;
        self.scratch_b = stimuli;
        self.scratch_keys = keys;
        self.scratch_c = comparators;
        self.scratch_d = mediators;
        kind
    }
}

/// Why the `LOW-HIGH` of a `ci` is not a range, if it is not: two numbers, the lower
/// first.
fn check_range(text: &str) -> Option<String> {
    match split_range(text) {
        Some((low, high)) if low <= high => None,
        Some(_) => Some(format!("`ci {text}`: the lower bound comes first")),
        None => Some(format!(
            "`ci {text}` is not a range: write two numbers joined by `-`, like `ci 0.49-0.77`"
        )),
    }
}

/// The two numbers of a `LOW-HIGH` range token (`0.49-0.77`, `-1.2-0.3`, `-0.9--0.2`).
pub fn split_range(text: &str) -> Option<(f64, f64)> {
    let text = text.replace(['−', '–'], "-");
    // The separator is the first `-` after the first digit.
    let first_digit = text.find(|c: char| c.is_ascii_digit())?;
    let cut = first_digit + text[first_digit..].find('-')?;
    Some((number(&text[..cut])?, number(&text[cut + 1..])?))
}

/// "expected a name or `(`, found `,`".
fn describe_error(error: &Rich<'_, Token>, src: &str, span: Span) -> String {
    let mut expected: Vec<String> = error
        .expected()
        .filter_map(|pattern| match pattern {
            RichPattern::Token(token) => Some(describe_token(token)),
            RichPattern::Label(label) => Some(label.to_string()),
            RichPattern::EndOfInput => Some("end of statement".to_string()),
            RichPattern::Identifier(word) => Some(format!("`{word}`")),
            RichPattern::Any => Some("something".to_string()),
            RichPattern::SomethingElse => None,
            _ => None,
        })
        .collect();
    expected.sort();
    expected.dedup();
    // Names and keywords are listed as "a name" once; keep statement keywords visible.
    let list = match expected.len() {
        0 => String::from("something else"),
        1 => expected[0].clone(),
        n => format!("{} or {}", expected[..n - 1].join(", "), expected[n - 1]),
    };
    let found = match error.found() {
        Some(_) => format!("`{}`", span.text(src)),
        None => "the end of the statement".to_string(),
    };
    format!("expected {list}, found {found}")
}

fn describe_token(token: &MaybeRef<'_, Token>) -> String {
    match **token {
        Token::Keyword(k) => format!("`{}`", k.as_str()),
        other => other.describe().to_string(),
    }
}

/// The word around the unknown tokens `first..=last`: the names and unknown characters
/// that touch them with no space between, when at least one of them is a name.
fn word_around(t: Toks<'_>, first: usize, last: usize) -> Option<Span> {
    let touches = |a: usize, b: usize| t.spans[a].end == t.spans[b].start;
    let part = |k: usize| matches!(t.tokens[k], Token::Name | Token::Keyword(_) | Token::Unknown);
    let (mut start, mut end) = (first, last);
    while start > 0 && part(start - 1) && touches(start - 1, start) {
        start -= 1;
    }
    while end + 1 < t.tokens.len() && part(end + 1) && touches(end, end + 1) {
        end += 1;
    }
    let has_name = (start..=end).any(|k| t.tokens[k] != Token::Unknown);
    has_name.then(|| t.spans[start].cover(t.spans[end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<(String, String)> {
        parse(src).errors.into_iter().map(|e| (e.span.text(src).to_string(), e.message)).collect()
    }

    #[test]
    fn parses_every_statement_kind() {
        let src = "review \"R\" doi \"10.1/x\"\nsection 4.1 \"Efflux\" via efflux\nref 79 \"Guney\" year 2019\n\
                   define formulation TPGS-Res-SLN = SLN(resveratrol) with TPGS \"d\" aka TRS is lipid role efflux:down, emt\n\
                   carrier SLN(talazoparib) downregulates MDR1, BCRP in TNBC, MCF-7 under pH via efflux by 94.1% quote \"q\" cite(79, 70-72)\n";
        let ast = parse(src);
        assert!(ast.errors.is_empty(), "{:?}", ast.errors);
        assert_eq!(ast.statements.len(), 5);
        let StatementKind::Definition(def) = &ast.statements[3].kind else { panic!() };
        assert_eq!(def.kind, Kind::Formulation);
        assert_eq!(ast.name(def.name).text(src), "TPGS-Res-SLN");
        assert_eq!(ast.names_in(def.aliases)[0].text(src), "TRS");
        assert_eq!(def.roles.len(), 2);
        assert_eq!(def.roles[0].sign, Some(Sign::Down));
        let (_, claim) = ast.claims().next().unwrap();
        let texts = |r| ast.names_in(r).iter().map(|n| n.text(src)).collect::<Vec<_>>();
        assert_eq!(texts(claim.objects), ["MDR1", "BCRP"]);
        assert_eq!(texts(claim.contexts), ["TNBC", "MCF-7"]);
        assert_eq!(texts(claim.stimuli), ["pH"]);
        assert_eq!(ast.name(claim.via.unwrap()).text(src), "efflux");
        assert_eq!(claim.effect.unwrap().value.text(src), "94.1");
        assert_eq!(claim.effect.unwrap().unit_text(src), Some("%"));
        assert!(claim.design.is_none(), "a 0.2 claim allocates no design");
        let keys: Vec<_> = ast.keys_in(claim.cites).iter().map(|k| k.text(src)).collect();
        assert_eq!(keys, ["79", "70-72"]);
    }

    #[test]
    fn parses_the_qualifiers_and_combinations_of_0_3() {
        let src = "drug dabrafenib + trametinib prolongs OS in melanoma effect HR 0.71 ci 0.55-0.92 p < 0.011 \
                   at 150 mg for 12 weeks vs placebo, docetaxel + carboplatin n 423 level phase-3 trial COMBI-d \
                   through MAP2K1, ERK cite(1)\n\
                   carrier SLN(paclitaxel + curcumin, TPGS) inhibits ABCB1 by -2.5-fold cite(1)\n\
                   X inhibits Y by −14.9 % cite(1)\n";
        let ast = parse(src);
        assert!(ast.errors.is_empty(), "{:?}", ast.errors);
        let claims: Vec<_> = ast.claims().map(|(_, c)| c).collect();
        let text = |s: Span| s.text(src);
        let texts = |r| ast.names_in(r).iter().map(|n| n.text(src)).collect::<Vec<_>>();
        let entries = |r| ast.entries(r).map(|e| texts(e).join(" + ")).collect::<Vec<_>>();
        let Subject::Drug(parts) = claims[0].subject else { panic!() };
        assert_eq!(entries(parts), ["dabrafenib + trametinib"]);
        let effect = claims[0].effect.unwrap();
        assert_eq!(
            (
                text(effect.measure.unwrap()),
                text(effect.value),
                effect.unit,
                text(effect.ci.unwrap())
            ),
            ("HR", "0.71", None, "0.55-0.92")
        );
        assert_eq!((text(effect.p.unwrap()), effect.p_below), ("0.011", true));
        let design = claims[0].design();
        assert_eq!(
            (text(design.dose.unwrap().value), text(design.dose.unwrap().unit)),
            ("150", "mg")
        );
        assert_eq!(text(design.duration.unwrap().unit), "weeks");
        assert_eq!(entries(design.comparators), ["placebo", "docetaxel + carboplatin"]);
        assert_eq!(texts(design.mediators), ["MAP2K1", "ERK"]);
        assert_eq!(
            (text(design.size.unwrap()), text(design.level.unwrap()), text(design.trial.unwrap())),
            ("423", "phase-3", "COMBI-d")
        );
        let Subject::Carrier(c) = claims[1].subject else { panic!() };
        assert_eq!(entries(c.payload), ["paclitaxel + curcumin", "TPGS"]);
        let fold = claims[1].effect.unwrap();
        assert_eq!((text(fold.value), fold.unit_text(src)), ("-2.5", Some("-fold")));
        assert_eq!(claims[2].effect.unwrap().number(src), Some(-14.9));
        // The spans stay right when a region is re-parsed and spliced in.
        assert_eq!(ast.plus.len(), 3);
    }

    #[test]
    fn the_new_words_are_names_outside_qualifier_position() {
        let src = "level inhibits n, at, p in for cite(1)\n";
        let ast = parse(src);
        assert!(ast.errors.is_empty(), "{:?}", ast.errors);
        let (_, claim) = ast.claims().next().unwrap();
        let texts = |r| ast.names_in(r).iter().map(|n| n.text(src)).collect::<Vec<_>>();
        assert_eq!(texts(claim.objects), ["n", "at", "p"]);
        assert_eq!(texts(claim.contexts), ["for"]);
    }

    #[test]
    fn continuation_lines_and_comments() {
        let src = "carrier SLN(x) increases drug-uptake # a\n    in breast-cancer cite(43)\n\n# alone\nX inhibits Y cite(1)\r\n";
        let ast = parse(src);
        assert!(ast.errors.is_empty(), "{:?}", ast.errors);
        assert_eq!(ast.statements.len(), 2);
        assert_eq!(
            ast.comments.iter().map(|c| c.text(src)).collect::<Vec<_>>(),
            ["# a", "# alone"]
        );
    }

    /// The errors as a user reads them: the text each points at, and the message.
    fn listed(src: &str) -> String {
        let line = |(at, message): (String, String)| format!("{at:?}: {message}");
        errors(src).into_iter().map(line).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn errors_say_what_was_expected_and_recover_at_the_next_line() {
        let src = "X downregulates ABCG2 cite(79\nY inhibits Z cite(1)\nsection 4 Efflux\n";
        insta::assert_snapshot!(listed(src), @r#"
        "": expected `)` or `,`, found the end of the statement
        "Efflux": expected a string, found `Efflux`
        "#);
    }

    #[test]
    fn lexical_and_structural_errors() {
        insta::assert_snapshot!(listed("  X inhibits Y cite(1)"), @r#""X inhibits Y cite(1)": indented line with no statement above it: a continuation line must follow a statement (remove the indentation)"#);
        insta::assert_snapshot!(listed("X inhibits Y quote \"a\\q\" cite(1)"), @r#""\\q": unknown escape `\q` in string (only `\"` and `\\` are allowed)"#);
        insta::assert_snapshot!(listed("X inhibits Y quote \"abc"), @r#""\"abc": unterminated string: the closing `"` is missing on this line"#);
        insta::assert_snapshot!(listed("X inhibits `Y cite(1)"), @r#""`Y cite(1)": unterminated quoted name: the closing backtick is missing on this line"#);
        insta::assert_snapshot!(listed("X inhibits Y via a via b cite(1)"), @r#""via": a second `via` in one claim: a claim has at most one of each qualifier but `in`, `under` and `cite`"#);
        insta::assert_snapshot!(listed("review \"a\"\nreview \"b\""), @r#""review": a second `review` statement: a file has at most one"#);
        insta::assert_snapshot!(listed("X inhibits Y cite()"), @r#"")": expected a reference key, found `)`"#);
        insta::assert_snapshot!(listed("X inhibits Y; cite(1)"), @r#"";": unexpected character `;`; if it is part of the name `Y;`, write the name in backticks: `` `Y;` ``"#);
        // A character no name may have, inside or next to a name: write it in backticks.
        insta::assert_snapshot!(listed("X induces IFN-γ–signaling cite(1)"), @r#""–": unexpected character `–`; if it is part of the name `IFN-γ–signaling`, write the name in backticks: `` `IFN-γ–signaling` ``"#);
        insta::assert_snapshot!(listed("X inhibits Y ; cite(1)"), @r#"";": unexpected character `;`"#);
    }

    #[test]
    fn keywords_are_names_outside_their_positions() {
        let src = "define context in \"a context called in\"\nX inhibits Y in in cite(1)";
        assert!(parse(src).errors.is_empty());
    }
}
