//! Analysis: parse every file, build the vocabulary, resolve every name and run every
//! rule of spec §7. [`analyze`] is the one entry point of the CLI and the server; it
//! does no IO and never fails.

mod claims;
mod cross;
mod identifiers;
mod incremental;
mod keys;
pub mod level;
mod limits;
pub mod missing;
pub mod references;
pub mod relations;
mod resolve;
pub mod retractions;
pub mod rules;
mod suppress;
pub mod units;

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileId, Level, Rule, Severity};
use crate::syntax::bib::{self, BibEntry};
use crate::syntax::{self, Ast};
use crate::text::Span;
use crate::vocab::{DefinitionSource, Reference, Species, Vocabulary};
pub use limits::Limits;
pub use references::References;
pub use resolve::as_written;
pub use suppress::parse_allow;

/// One maximal invalid UTF-8 sequence of a file, replaced by U+FFFD in its decoded text
/// (spec §1: a `syntax` error each). `workspace::decode` records them; the loader, the
/// server and the tests hand them on as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Byte offset in the decoded text where the U+FFFD stands.
    pub offset: u32,
    /// Byte offset of the invalid sequence in the file (a byte-order mark counts).
    pub file_offset: usize,
}

/// What a file holds, which decides how it is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// An EVN source file.
    Evn,
    /// A BibTeX file named in `bibliography` (or given explicitly with a `.bib` name).
    Bib,
}

impl SourceKind {
    /// The kind of a file by its name (a path, or the path of a URI): BibTeX when its
    /// extension is `bib` in any case (`refs.BIB`), else EVN. The one place the loader,
    /// the server and the tests tell a BibTeX file by its name.
    pub fn of_path(path: &std::path::Path) -> SourceKind {
        match path.extension() {
            Some(extension) if extension.eq_ignore_ascii_case("bib") => SourceKind::Bib,
            _ => SourceKind::Evn,
        }
    }
}

/// One file of the document set, as text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub text: &'a str,
    pub kind: SourceKind,
    pub invalid_utf8: &'a [InvalidUtf8],
}

/// What an analysis takes from `evn.toml` (`workspace::Config::options`) and the front
/// end (the server's settings, `--show-hints`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub prelude: bool,
    pub genes: Vec<Species>,
    /// The reference namespaces besides the genes (`namespaces` in `evn.toml`).
    pub references: Vec<Reference>,
    pub severities: Vec<(Rule, Level)>,
    /// Whether to produce hints (`non-canonical-name` at its default severity); the
    /// server wants them, `evn check` only with `--show-hints`.
    pub hints: bool,
    /// Whether to keep every file's syntax tree in [`FileAnalysis::ast`] (the server
    /// and the exporters want it; `evn check` does not, and saves the memory).
    pub retain_syntax: bool,
    /// `[limits]`: a file over a bound is analysed as empty, with one error.
    pub limits: Limits,
    /// Whether names that resolve nowhere are read as derived names (spec §11 B;
    /// `derived-names` in `evn.toml`).
    pub derived_names: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            prelude: true,
            genes: vec![Species::Human],
            references: Reference::ALL.to_vec(),
            severities: Vec::new(),
            hints: true,
            retain_syntax: true,
            limits: Limits::default(),
            derived_names: true,
        }
    }
}

impl Options {
    /// The level a rule was given, if any.
    pub fn configured(&self, rule: Rule) -> Option<Level> {
        self.severities.iter().rev().find(|(r, _)| *r == rule).map(|(_, level)| *level)
    }

    /// The configured level of a rule (its default severity unless set).
    pub fn level(&self, rule: Rule) -> Level {
        self.configured(rule).unwrap_or(Level::On(rule.default_severity()))
    }
}

/// One analysed file.
#[derive(Debug)]
pub struct FileAnalysis {
    pub kind: SourceKind,
    /// The whole syntax tree with [`Options::retain_syntax`]; else empty. Shared with
    /// the next analysis when the file's text did not change (see [`reanalyze`]).
    pub ast: Arc<Ast>,
    /// The file's `define` and `ref` statements (always kept).
    pub declarations: Ast,
    /// The entries of a BibTeX file (empty for `.evn` files).
    pub bib: Vec<BibEntry>,
    pub counts: Counts,
    /// With [`Options::retain_syntax`], a `.evn` file's facts for the cross-claim
    /// rules and its per-claim diagnostics, for [`reanalyze`].
    pub(crate) facts: Option<Arc<claims::FileFacts>>,
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub statements: usize,
    pub claims: usize,
}

/// The result of analysing a document set.
pub struct Analysis {
    pub files: Vec<FileAnalysis>,
    pub vocabulary: Vocabulary,
    pub references: References,
    /// Every diagnostic after suppressions and configured severities (rules set to
    /// `off` removed), sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub counts: Counts,
    /// How much of a previous analysis [`reanalyze`] kept.
    pub reuse: Reuse,
}

/// How much of a previous analysis an analysis kept (see [`reanalyze`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reuse {
    /// Nothing: every file was parsed and checked.
    Nothing,
    /// The files whose text did not change; no file changed.
    Files,
    /// Those, and every statement of the changed file outside the edited region.
    Region,
}

/// Analyses a document set: files in order (`.evn` files in path order, then the
/// BibTeX files in `bibliography` order).
///
/// Two passes over each file: the declarations (`define`, `ref`) first, since every
/// claim may use any of them; then every statement, parsed and checked one chunk at a
/// time, so that only the compact facts of each claim are kept (see ARCHITECTURE.md).
pub fn analyze(sources: &[Source<'_>], options: &Options) -> Analysis {
    run(sources, options, None)
}

/// [`analyze`] of a document set that `previous` analysed, with the same options and
/// [`Options::retain_syntax`], when its texts were `old_texts`: the files whose text is
/// the same keep their syntax and facts, and an edit of one file that leaves its
/// declarations and sections alone is re-checked statement by statement (see
/// `incremental`). The result is that of `analyze(sources, options)`; anything
/// else is analysed whole.
pub fn reanalyze(
    previous: &Analysis,
    old_texts: &[&str],
    sources: &[Source<'_>],
    options: &Options,
) -> Analysis {
    let plan =
        if options.retain_syntax { incremental::plan(previous, old_texts, sources) } else { None };
    run(sources, options, plan.as_deref().map(|plan| (previous, plan)))
}

/// The declarations of a document set, as [`analyze`] reads them, and none of its
/// claims checked: each file's declarations and BibTeX entries, the vocabulary and the
/// references, equal to those of `analyze(sources, options)` (the same code builds
/// them). With `focus`, that file's tree holds the statements of that byte range, which
/// must start and end at statement starts (see [`statements_around`]); every other
/// tree is empty, and there are no diagnostics. The server answers a request about a
/// name from it while the analysis of the same texts runs (`lsp/receipt.rs`).
pub fn declarations(
    sources: &[Source<'_>],
    options: &Options,
    focus: Option<(FileId, std::ops::Range<usize>)>,
) -> Analysis {
    let over: Vec<Diagnostic> = sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| limits::exceeded(i as FileId, s.text, &options.limits))
        .collect();
    let blanked = limits::blank(sources, &over);
    let sources = if over.is_empty() { sources } else { &blanked[..] };
    let (mut files, vocabulary, references, _) = declare(sources, options, &|_| None);
    if let Some((file, range)) = focus {
        let text = sources.get(file as usize).filter(|s| s.kind == SourceKind::Evn).map(|s| s.text);
        if let (Some(text), Some(analysed)) = (text, files.get_mut(file as usize)) {
            // Whether a `review` came before only decides whether a `review` in the
            // range is a second one (an error): either way it has no name to ask about.
            analysed.ast = Arc::new(syntax::parse_range(text, range, false));
        }
    }
    Analysis {
        files,
        vocabulary,
        references,
        diagnostics: Vec::new(),
        counts: Counts::default(),
        reuse: Reuse::Nothing,
    }
}

/// The byte range of the statements around `offset` of `text`: from the start of the
/// last statement starting at or before the line of `offset` (or the text's start) to
/// the start of the first statement after that line (or the text's end), with the
/// comments and blank lines between them.
pub fn statements_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    incremental::statements_around(text.as_bytes(), offset.min(text.len()))
}

/// What the per-file pass gives for one file.
struct Checked {
    facts: Arc<claims::FileFacts>,
    allows: suppress::Allows,
    counts: Counts,
    ast: Option<Arc<Ast>>,
    syntax: Vec<Diagnostic>,
}

fn run(
    sources: &[Source<'_>],
    options: &Options,
    reuse: Option<(&Analysis, &[incremental::FilePlan])>,
) -> Analysis {
    let over: Vec<Diagnostic> = sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| limits::exceeded(i as FileId, s.text, &options.limits))
        .collect();
    let blanked;
    let (sources, reuse) = if over.is_empty() {
        (sources, reuse)
    } else {
        blanked = limits::blank(sources, &over);
        (&blanked[..], None)
    };
    let previous =
        |i: usize| reuse.and_then(|(analysis, plan)| Some((analysis.files.get(i)?, plan.get(i)?)));
    let (mut files, vocabulary, references, mut diagnostics) = declare(sources, options, &previous);
    let hints = match options.level(Rule::NonCanonicalName) {
        Level::Off => false,
        Level::On(Severity::Hint) => options.hints,
        Level::On(_) => true,
    };
    let non_canonical = !matches!(options.level(Rule::NonCanonicalName), Level::Off);
    let context = resolve::Context::new(&vocabulary, hints, non_canonical);

    let per_file: Vec<Checked> = files
        .par_iter()
        .zip(sources.par_iter())
        .enumerate()
        .map(|(i, (file, source))| {
            let id = i as FileId;
            if file.kind == SourceKind::Bib {
                let syntax = syntax_diagnostics(id, &file.ast.errors, source);
                return Checked {
                    facts: Arc::default(),
                    allows: Default::default(),
                    counts: file.counts,
                    ast: None,
                    syntax,
                };
            }
            let (ast, facts, counts) = match previous(i) {
                Some((before, incremental::FilePlan::Same)) => {
                    (before.ast.clone(), before.facts.clone().unwrap_or_default(), before.counts)
                }
                Some((before, incremental::FilePlan::Splice(region))) => {
                    let (ast, facts, counts) =
                        incremental::splice(&context, &references, id, source.text, before, region);
                    (ast, Arc::new(facts), counts)
                }
                None => return check_file(&context, &references, id, source, options),
            };
            let mut allows = suppress::Allows::default();
            allows.add(source.text, &ast);
            let syntax = syntax_diagnostics(id, &ast.errors, source);
            Checked { facts, allows, counts, ast: Some(ast), syntax }
        })
        .collect();

    let mut facts = Vec::with_capacity(per_file.len());
    let mut allows = Vec::with_capacity(per_file.len());
    let mut syntax = Vec::new();
    for (checked, file) in per_file.into_iter().zip(files.iter_mut()) {
        file.counts = checked.counts;
        if let Some(ast) = checked.ast {
            file.ast = ast;
        }
        // A file over a limit was analysed blank: nothing of this analysis may stand
        // for its text later (`reanalyze` needs the facts of every `.evn` file).
        if options.retain_syntax && file.kind == SourceKind::Evn && over.is_empty() {
            file.facts = Some(checked.facts.clone());
        }
        facts.push(checked.facts);
        allows.push(checked.allows);
        syntax.extend(checked.syntax);
    }
    let mut cited = vec![false; references.len()];
    for file_facts in &facts {
        for &r in &file_facts.cited {
            if let Some(slot) = cited.get_mut(r as usize) {
                *slot = true;
            }
        }
    }
    // Names reported as not resolving (not `off`, not suppressed) take no part in the
    // cross-claim rules.
    let unresolved = cross::Unresolved::new(&facts, |d| {
        !matches!(options.level(d.rule), Level::Off)
            && !allows.get(d.file as usize).is_some_and(|a| a.allows(d.rule, d.span))
    });
    diagnostics.extend(cross::duplicate_claims(&facts, &unresolved));
    let texts: Vec<&str> = sources.iter().map(|s| s.text).collect();
    diagnostics.extend(cross::contradictions(&context, &facts, &texts, &unresolved));
    diagnostics.extend(rules::unused_reference::check(&references, &cited));
    for file_facts in facts {
        // Kept in the analysis too (the server's), or the last holder.
        match Arc::try_unwrap(file_facts) {
            Ok(file_facts) => diagnostics.extend(file_facts.diagnostics),
            Err(shared) => diagnostics.extend(shared.diagnostics.iter().cloned()),
        }
    }
    diagnostics.extend(syntax);
    let counts = files.iter().fold(Counts::default(), |total, f| Counts {
        statements: total.statements + f.counts.statements,
        claims: total.claims + f.counts.claims,
    });
    let mut diagnostics = finish(diagnostics, &allows, options);
    if !over.is_empty() {
        // After `finish`: neither a suppression nor `syntax = "off"` hides a limit.
        diagnostics.extend(over);
        sort(&mut diagnostics);
    }
    let reuse = match reuse {
        None => Reuse::Nothing,
        Some((_, plan)) if plan.iter().any(|p| matches!(p, incremental::FilePlan::Splice(_))) => {
            Reuse::Region
        }
        Some(_) => Reuse::Files,
    };
    Analysis { files, vocabulary, references, diagnostics, counts, reuse }
}

/// The previous analysis of file `i` and what to do with it, for [`declare`].
type Previous<'p> =
    dyn Fn(usize) -> Option<(&'p FileAnalysis, &'p incremental::FilePlan)> + Sync + 'p;

/// The first pass of [`run`]: each file's declarations (a BibTeX file's entries), then
/// the vocabulary and the references, with their diagnostics.
fn declare(
    sources: &[Source<'_>],
    options: &Options,
    previous: &Previous<'_>,
) -> (Vec<FileAnalysis>, Vocabulary, References, Vec<Diagnostic>) {
    let files: Vec<FileAnalysis> = sources
        .par_iter()
        .enumerate()
        .map(|(i, source)| match source.kind {
            SourceKind::Evn => FileAnalysis {
                kind: source.kind,
                ast: Arc::default(),
                declarations: syntax::parse_declarations(source.text),
                bib: Vec::new(),
                counts: Counts::default(),
                facts: None,
            },
            SourceKind::Bib => {
                if let Some((before, incremental::FilePlan::Same)) = previous(i) {
                    return FileAnalysis {
                        kind: source.kind,
                        ast: before.ast.clone(),
                        declarations: Ast::default(),
                        bib: before.bib.clone(),
                        counts: before.counts,
                        facts: None,
                    };
                }
                let (entries, errors) = bib::parse(source.text);
                let mut ast = Ast::default();
                ast.errors = errors
                    .into_iter()
                    .map(|(span, message)| syntax::ast::SyntaxError { span, message })
                    .collect();
                let counts = Counts { statements: entries.len(), claims: 0 };
                FileAnalysis {
                    kind: source.kind,
                    ast: Arc::new(ast),
                    declarations: Ast::default(),
                    bib: entries,
                    counts,
                    facts: None,
                }
            }
        })
        .collect();

    let definitions: Vec<DefinitionSource<'_>> = files
        .iter()
        .zip(sources)
        .enumerate()
        .filter(|(_, (f, _))| f.kind == SourceKind::Evn)
        .map(|(i, (f, s))| DefinitionSource {
            file: i as FileId,
            src: s.text,
            ast: &f.declarations,
        })
        .collect();
    let (mut vocabulary, mut diagnostics) =
        Vocabulary::build(options.prelude, &options.genes, &options.references, &definitions);
    vocabulary.set_derived_names(options.derived_names);
    let (references, reference_diagnostics) = References::build(sources, &files);
    diagnostics.extend(reference_diagnostics);
    (files, vocabulary, references, diagnostics)
}

/// The per-file pass over a whole `.evn` file: parsed and checked chunk by chunk, or
/// at once when the tree is kept.
fn check_file(
    context: &resolve::Context<'_>,
    references: &References,
    id: FileId,
    source: &Source<'_>,
    options: &Options,
) -> Checked {
    let mut state = claims::FileState::default();
    let mut allows = suppress::Allows::default();
    let mut counts = Counts::default();
    let mut ast = None;
    let mut errors = Vec::new();
    let mut each = |chunk: &Ast| {
        counts.statements += chunk.statements.len();
        counts.claims += chunk.claims().count();
        claims::check_chunk(context, references, id, source.text, chunk, &mut state);
        allows.add(source.text, chunk);
        errors.extend_from_slice(&chunk.errors);
    };
    if options.retain_syntax {
        // The whole tree is kept anyway: parse once and check it as one chunk.
        let whole = syntax::parse(source.text);
        each(&whole);
        ast = Some(Arc::new(whole));
    } else {
        syntax::parse_chunks(source.text, &mut each);
    }
    let syntax = syntax_diagnostics(id, &errors, source);
    Checked { facts: Arc::new(state.facts), allows, counts, ast, syntax }
}

/// `syntax` diagnostics: the parser's errors and the file's invalid UTF-8.
fn syntax_diagnostics(
    file: FileId,
    errors: &[syntax::ast::SyntaxError],
    source: &Source<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for invalid in source.invalid_utf8 {
        let span = Span::new(invalid.offset, invalid.offset + '\u{fffd}'.len_utf8() as u32);
        out.push(Diagnostic::new(
            Rule::Syntax,
            file,
            span,
            format!("invalid UTF-8 at byte {} of the file (read as U+FFFD)", invalid.file_offset),
        ));
    }
    for error in errors {
        // The lexer's "unexpected character" at a U+FFFD is the invalid byte again.
        let at_invalid = source.invalid_utf8.iter().any(|i| i.offset == error.span.start);
        if !at_invalid {
            out.push(Diagnostic::new(Rule::Syntax, file, error.span, error.message.clone()));
        }
    }
    out
}

/// Applies suppression comments and configured severities, then sorts.
fn finish(
    diagnostics: Vec<Diagnostic>,
    allows: &[suppress::Allows],
    options: &Options,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| !allows.get(d.file as usize).is_some_and(|a| a.allows(d.rule, d.span)))
        .filter_map(|mut d| match options.configured(d.rule) {
            Some(Level::Off) => None,
            Some(Level::On(severity)) => {
                d.severity = severity;
                Some(d)
            }
            // Unconfigured, a diagnostic keeps the severity it was made with: the
            // rule's default, or what the check chose (spec §11 C's warning).
            None => Some(d),
        })
        .collect();
    sort(&mut out);
    out
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.file, d.span.start, d.span.end, d.rule));
}

impl Analysis {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}
