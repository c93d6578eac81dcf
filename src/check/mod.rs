//! Analysis: parse every file, build the vocabulary, resolve every name and run every
//! rule of spec §7. [`analyze`] is the one entry point of the CLI and the server; it
//! does no IO and never fails.

mod claims;
mod cross;
mod keys;
pub mod references;
pub mod relations;
mod resolve;
pub mod rules;
mod suppress;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileId, Level, Rule, Severity};
use crate::syntax::{self, Ast};
use crate::text::Span;
use crate::vocab::{DefinitionSource, Species, Vocabulary};
use crate::workspace::bib::{self, BibEntry};
pub use references::References;
pub use suppress::parse_allow;

/// A place where the file had bytes that are not UTF-8 (decoded as U+FFFD).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidUtf8 {
    /// Byte offset of the U+FFFD in the decoded text.
    pub offset: u32,
    /// Byte offset of the invalid bytes in the file.
    pub file_offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Evn,
    Bib,
}

/// One file of the document set, as text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub text: &'a str,
    pub kind: SourceKind,
    pub invalid_utf8: &'a [InvalidUtf8],
}

/// What an analysis takes from `evn.toml` (or the server's settings).
#[derive(Clone, Debug)]
pub struct Options {
    pub prelude: bool,
    pub genes: Vec<Species>,
    pub severities: Vec<(Rule, Level)>,
    /// Whether to produce hints (`non-canonical-name` at its default severity); the
    /// server wants them, `evn check` only with `--show-hints`.
    pub hints: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { prelude: true, genes: vec![Species::Human], severities: Vec::new(), hints: true }
    }
}

impl Options {
    /// The configured level of a rule (its default severity unless set).
    pub fn level(&self, rule: Rule) -> Level {
        self.severities
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map_or(Level::On(rule.default_severity()), |(_, level)| *level)
    }
}

/// One analysed file.
#[derive(Debug)]
pub struct FileAnalysis {
    pub kind: SourceKind,
    pub ast: Ast,
    /// The entries of a BibTeX file (empty for `.evn` files).
    pub bib: Vec<BibEntry>,
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
}

/// Analyses a document set: files in order (`.evn` files in path order, then the
/// BibTeX files in `bibliography` order).
pub fn analyze(sources: &[Source<'_>], options: &Options) -> Analysis {
    let files: Vec<FileAnalysis> = sources
        .par_iter()
        .map(|source| match source.kind {
            SourceKind::Evn => FileAnalysis { kind: source.kind, ast: syntax::parse(source.text), bib: Vec::new() },
            SourceKind::Bib => {
                let (entries, errors) = bib::parse(source.text);
                let mut ast = Ast::default();
                ast.errors = errors.into_iter().map(|(span, message)| syntax::ast::SyntaxError { span, message }).collect();
                FileAnalysis { kind: source.kind, ast, bib: entries }
            }
        })
        .collect();

    let definitions: Vec<DefinitionSource<'_>> = files
        .iter()
        .zip(sources)
        .enumerate()
        .filter(|(_, (f, _))| f.kind == SourceKind::Evn)
        .map(|(i, (f, s))| DefinitionSource { file: i as FileId, src: s.text, ast: &f.ast })
        .collect();
    let (vocabulary, mut diagnostics) = Vocabulary::build(options.prelude, &options.genes, &definitions);
    let (references, reference_diagnostics) = References::build(sources, &files);
    diagnostics.extend(reference_diagnostics);
    let hints = match options.level(Rule::NonCanonicalName) {
        Level::Off => false,
        Level::On(Severity::Hint) => options.hints,
        Level::On(_) => true,
    };
    let context = resolve::Context::new(&vocabulary, hints);

    let per_file: Vec<claims::FileFacts> = files
        .par_iter()
        .zip(sources.par_iter())
        .enumerate()
        .map(|(i, (file, source))| {
            let mut facts = claims::FileFacts::default();
            if file.kind == SourceKind::Evn {
                claims::check_file(&context, &references, i as FileId, source.text, &file.ast, &mut facts);
            }
            facts.diagnostics.extend(syntax_diagnostics(i as FileId, file, source));
            facts
        })
        .collect();

    let mut cited = vec![false; references.len()];
    for facts in &per_file {
        for &r in &facts.cited {
            if let Some(slot) = cited.get_mut(r as usize) {
                *slot = true;
            }
        }
    }
    diagnostics.extend(cross::duplicate_claims(&per_file));
    let texts: Vec<&str> = sources.iter().map(|s| s.text).collect();
    diagnostics.extend(cross::contradictions(&context, &per_file, &texts));
    diagnostics.extend(rules::unused_reference::check(&references, &cited));
    let mut counts = Counts::default();
    for facts in per_file {
        counts.claims += facts.claims.len();
        diagnostics.extend(facts.diagnostics);
    }
    counts.statements = files.iter().map(|f| f.ast.statements.len() + f.bib.len()).sum();

    let diagnostics = finish(diagnostics, &files, sources, options);
    Analysis { files, vocabulary, references, diagnostics, counts }
}

/// `syntax` diagnostics: the parser's errors and the file's invalid UTF-8.
fn syntax_diagnostics(file: FileId, analysis: &FileAnalysis, source: &Source<'_>) -> Vec<Diagnostic> {
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
    for error in &analysis.ast.errors {
        // The lexer's "unexpected character" at a U+FFFD is the invalid byte again.
        let at_invalid = source.invalid_utf8.iter().any(|i| i.offset == error.span.start);
        if !at_invalid {
            out.push(Diagnostic::new(Rule::Syntax, file, error.span, error.message.clone()));
        }
    }
    out
}

/// Applies suppression comments and configured severities, then sorts.
fn finish(diagnostics: Vec<Diagnostic>, files: &[FileAnalysis], sources: &[Source<'_>], options: &Options) -> Vec<Diagnostic> {
    let allows: Vec<suppress::Allows> =
        files.iter().zip(sources).map(|(f, s)| suppress::Allows::new(s.text, &f.ast)).collect();
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| !allows.get(d.file as usize).is_some_and(|a| a.allows(d.rule, d.span)))
        .filter_map(|mut d| match options.level(d.rule) {
            Level::Off => None,
            Level::On(severity) => {
                d.severity = severity;
                Some(d)
            }
        })
        .collect();
    out.sort_by(|a, b| (a.file, a.span.start, a.span.end, a.rule).cmp(&(b.file, b.span.start, b.span.end, b.rule)));
    out
}

impl Analysis {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}
