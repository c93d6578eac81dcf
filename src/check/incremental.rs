//! Re-checking an edit without re-checking the file: the server's path for typing in a
//! large document ([`super::reanalyze`]).
//!
//! The old and new texts of the one changed file are compared from both ends; the
//! lines between the last statement start before the first changed byte and the first
//! statement start after the last one are the *region*. A statement starts at a line
//! whose first byte is neither white space nor `#`, and that depends on that byte
//! alone, so both ends of the region are statement starts in the old and the new text,
//! and the statements outside it parse the same in both, only moved.
//!
//! The region is re-parsed ([`crate::syntax::parse_range`]) and re-checked with the
//! section's mechanism in force before it; the syntax tree and the per-file facts are
//! spliced (the statements after the region moved by the edit's length difference).
//! Everything that looks across claims (duplicates, contradictions, unused references)
//! and the vocabulary are rebuilt from the facts, which is cheap.
//!
//! An edit is taken this way only when the statements of the region that start with
//! `define`, `ref`, `section` or `review` are the same text before and after it (an
//! edit next to a `ref` leaves it alone; one inside it, or a continuation line added
//! to a `define`, does not): then the vocabulary, the references and every section's
//! mechanism are those of the previous analysis, which the kept facts of the other
//! statements rely on. Anything else is analysed whole. The result equals
//! [`super::analyze`] of the new texts: tested on random edits in
//! `tests/incremental.rs`.

use std::sync::Arc;

use super::claims::{self, FileFacts, FileState};
use super::references::References;
use super::resolve::Context;
use super::{Analysis, Counts, FileAnalysis, Source, SourceKind};
use crate::diagnostic::{Diagnostic, FileId};
use crate::syntax::ast::{Ast, Statement, StatementKind};
use crate::syntax::lines::{starts_statement, DECLARING_KEYWORDS};
use crate::syntax::splice::{split, Shift};
use crate::syntax::{self};
use crate::text::Span;

/// What to do with one file of the new document set.
pub(super) enum FilePlan {
    /// Its text did not change: keep its tree and facts.
    Same,
    /// Re-check the region of an edit.
    Splice(Region),
}

/// The lines an edit touched.
#[derive(Debug)]
pub(super) struct Region {
    /// In the old text: whole statements, and the comments and blank lines among them.
    /// A region that reaches the end of the file ends at `u32::MAX`, so that it holds
    /// what sits at the very end (the empty span of an error at the end of a last line
    /// without a line break).
    pub old: Span,
    /// New length minus old length.
    pub delta: i64,
    /// The new text's statements there, parsed ([`crate::syntax::parse_range`]).
    pub fresh: Ast,
}

/// How each file can re-use `previous`, or `None` to analyse everything again: the
/// file list and kinds must be the same, at most one `.evn` file's text changed, and
/// its edit must be one that leaves declarations and sections alone.
pub(super) fn plan(
    previous: &Analysis,
    old_texts: &[&str],
    sources: &[Source<'_>],
) -> Option<Vec<FilePlan>> {
    if previous.files.len() != sources.len() || old_texts.len() != sources.len() {
        return None;
    }
    let mut changed = 0;
    let mut plan = Vec::with_capacity(sources.len());
    for ((before, old), source) in previous.files.iter().zip(old_texts).zip(sources) {
        if before.kind != source.kind || (before.kind == SourceKind::Evn && before.facts.is_none())
        {
            return None;
        }
        if std::ptr::eq(*old, source.text) || *old == source.text {
            plan.push(FilePlan::Same);
            continue;
        }
        changed += 1;
        if changed > 1 || source.kind != SourceKind::Evn || !source.invalid_utf8.is_empty() {
            return None;
        }
        let tree = before.ast.as_ref();
        plan.push(FilePlan::Splice(region(old, source.text, tree)?));
    }
    Some(plan)
}

/// See [`super::statements_around`].
pub(super) fn statements_around(text: &[u8], offset: usize) -> std::ops::Range<usize> {
    let mut start = line_start(text, offset);
    while start > 0 && !starts_statement(&text[start..]) {
        start = line_start(text, start - 1);
    }
    let mut end = memchr::memchr(b'\n', &text[offset..]).map_or(text.len(), |i| offset + i + 1);
    while end < text.len() && !starts_statement(&text[end..]) {
        end = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i + 1);
    }
    start..end
}

/// The texts of the statements that may declare, or open a section or the review:
/// those that [`plan`] requires to be the same before and after an edit (a prefix
/// test, so that `sectionx` counts too: cautious, never wrong).
/// Each with its kind: the same text indented after a comment is an orphan, not a
/// section.
fn structure<'t>(
    src: &'t str,
    statements: &'t [Statement],
) -> impl Iterator<Item = (&'t str, std::mem::Discriminant<StatementKind>)> + 't {
    statements
        .iter()
        .map(move |s| {
            (s.span.text(src).trim_start_matches('\u{feff}'), std::mem::discriminant(&s.kind))
        })
        .filter(|(text, _)| DECLARING_KEYWORDS.iter().any(|word| text.starts_with(word)))
}

/// The region of the edit that turned `old` (parsed as `tree`) into `new`, if its
/// declarations, sections and review are the same text before and after.
fn region(old: &str, new: &str, tree: &Ast) -> Option<Region> {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = common(a.len().min(b.len()), |i, n| a[i..i + n] == b[i..i + n]);
    let room = a.len().min(b.len()) - prefix;
    let suffix =
        common(room, |i, n| a[a.len() - i - n..a.len() - i] == b[b.len() - i - n..b.len() - i]);
    let old_end = a.len() - suffix;

    // Back from the first changed byte to a statement's first line that starts
    // before it (so its first byte is unchanged), or the file's start.
    let mut start = line_start(a, prefix);
    while start > 0 && !(start < prefix && starts_statement(&a[start..])) {
        start = line_start(a, start - 1);
    }
    // On from the last changed byte to the first statement start after the line
    // break that follows it (both unchanged), or the file's end.
    let mut end = match memchr::memchr(b'\n', &a[old_end..]) {
        Some(i) => old_end + i + 1,
        None => a.len(),
    };
    while end < a.len() && !starts_statement(&a[end..]) {
        end = memchr::memchr(b'\n', &a[end..]).map_or(a.len(), |i| end + i + 1);
    }
    let delta = b.len() as i64 - a.len() as i64;
    let new_end = (end as i64 + delta) as usize;
    let old_region = Span::new(start as u32, if end == a.len() { u32::MAX } else { end as u32 });

    let (earlier, later) = split(&tree.statements, old_region, |s| s.span.start);
    let seen_review =
        tree.statements[..earlier].iter().any(|s| matches!(s.kind, StatementKind::Review(_)));
    let fresh = syntax::parse_range(new, start..new_end, seen_review);
    if !structure(old, &tree.statements[earlier..later]).eq(structure(new, &fresh.statements)) {
        return None;
    }
    Some(Region { old: old_region, delta, fresh })
}

/// The length of the longest common run, at most `max`, given `same(i, n)`: whether
/// the `n` bytes from `i` on (counted from the run's start) are the same. Compares in
/// blocks (`memcmp`), then narrows down to the byte.
fn common(max: usize, same: impl Fn(usize, usize) -> bool) -> usize {
    let mut at = 0;
    for block in [4096, 64, 1] {
        while at + block <= max && same(at, block) {
            at += block;
        }
    }
    at
}

/// The start of the line holding byte `at`.
fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at.min(text.len())]).map_or(0, |i| i + 1)
}

/// The tree, facts and counts of a changed file: the previous ones with the region
/// re-parsed and re-checked.
pub(super) fn splice(
    context: &Context<'_>,
    references: &References,
    file: FileId,
    src: &str,
    before: &FileAnalysis,
    region: &Region,
) -> (Arc<Ast>, FileFacts, Counts) {
    let old = &before.ast;
    let (kept, _) = split(&old.statements, region.old, |s| s.span.start);
    let earlier = old.statements.get(..kept).unwrap_or(&[]);
    let mut state = match earlier.iter().rev().find_map(|s| match &s.kind {
        StatementKind::Section(section) => Some(section),
        _ => None,
    }) {
        Some(section) => FileState::after_section(context, references, file, src, old, section),
        None => FileState::default(),
    };
    claims::check_chunk(context, references, file, src, &region.fresh, &mut state);
    let ast = old.splice(region.old, &region.fresh, region.delta);
    let facts = splice_facts(before.facts.as_deref(), state.facts, region, file);
    let facts = FileFacts { cited: claims::cited(references, src, &ast), ..facts };
    let counts = Counts { statements: ast.statements.len(), claims: ast.claims().count() };
    (Arc::new(ast), facts, counts)
}

/// The previous facts of a file with those of the region's claims replaced by `fresh`.
fn splice_facts(
    old: Option<&FileFacts>,
    fresh: FileFacts,
    region: &Region,
    file: FileId,
) -> FileFacts {
    let Some(old) = old else { return fresh };
    let shift = Shift { at: region.old.end, bytes: region.delta, names: 0, keys: 0 };
    let (ca, cb) = split(&old.claims, region.old, |c| c.span.start);
    let first_object =
        |i: usize| old.claims.get(i).map_or(old.objects.len() as u32, |c| c.objects.0);
    let first_context =
        |i: usize| old.claims.get(i).map_or(old.contexts.len() as u32, |c| c.contexts.0);
    let (oa, ob) = (first_object(ca), first_object(cb));
    let (xa, xb) = (first_context(ca), first_context(cb));
    let fresh_objects = (oa, fresh.objects.len() as i64 + i64::from(oa) - i64::from(ob));
    let fresh_contexts = (xa, fresh.contexts.len() as i64 + i64::from(xa) - i64::from(xb));

    let mut claims = Vec::with_capacity(old.claims.len() - (cb - ca) + fresh.claims.len());
    claims.extend_from_slice(&old.claims[..ca]);
    claims.extend(fresh.claims.iter().map(|c| claims::ClaimFacts {
        objects: (c.objects.0 + fresh_objects.0, c.objects.1 + fresh_objects.0),
        contexts: (c.contexts.0 + fresh_contexts.0, c.contexts.1 + fresh_contexts.0),
        ..*c
    }));
    let by = |range: (u32, u32), d: i64| {
        ((i64::from(range.0) + d) as u32, (i64::from(range.1) + d) as u32)
    };
    claims.extend(old.claims[cb..].iter().map(|c| claims::ClaimFacts {
        span: shift.span(c.span),
        relation: shift.span(c.relation),
        objects: by(c.objects, fresh_objects.1),
        contexts: by(c.contexts, fresh_contexts.1),
        ..*c
    }));

    let mut objects = Vec::with_capacity(old.objects.len() + fresh.objects.len());
    objects.extend_from_slice(&old.objects[..oa as usize]);
    objects.extend_from_slice(&fresh.objects);
    objects.extend(old.objects[ob as usize..].iter().map(|&(key, span)| (key, shift.span(span))));

    let mut contexts = Vec::with_capacity(old.contexts.len() + fresh.contexts.len());
    contexts.extend_from_slice(&old.contexts[..xa as usize]);
    contexts.extend_from_slice(&fresh.contexts);
    contexts.extend_from_slice(&old.contexts[xb as usize..]);

    let (da, db) = split(&old.diagnostics, region.old, |d| d.span.start);
    let mut diagnostics =
        Vec::with_capacity(old.diagnostics.len() - (db - da) + fresh.diagnostics.len());
    diagnostics.extend_from_slice(&old.diagnostics[..da]);
    diagnostics.extend(fresh.diagnostics);
    diagnostics.extend(old.diagnostics[db..].iter().map(|d| moved(d, file, shift)));

    FileFacts { claims, objects, contexts, diagnostics, cited: Vec::new() }
}

/// A diagnostic of the changed file after the region, moved with it.
fn moved(d: &Diagnostic, file: FileId, shift: Shift) -> Diagnostic {
    let mut d = d.clone();
    d.span = shift.span(d.span);
    for related in d.related.iter_mut().filter(|r| r.file == file) {
        related.span = shift.span(related.span);
    }
    if let Some(fix) = d.fix.as_mut().filter(|f| f.edits.iter().any(|e| e.file == file)) {
        for edit in Arc::make_mut(fix).edits.iter_mut().filter(|e| e.file == file) {
            edit.span = shift.span(edit.span);
        }
    }
    d
}
