//! Suppression comments: `# evn: allow(rule, rule)` at the end of any line of a
//! statement, or alone on the line before it, silences those rules for that statement.
//! Built chunk by chunk as the file is parsed (see `syntax::parse_chunks`).

use crate::diagnostic::Rule;
use crate::syntax::Ast;
use crate::text::Span;

/// The allowed rules of one file: (statement span, rules as a bit set), in file order,
/// for the statements that have an allow comment.
#[derive(Clone, Debug, Default)]
pub struct Allows {
    entries: Vec<(Span, u32)>,
    /// An allow comment alone on its line, waiting for the statement on the next line
    /// (which may come in the next chunk): (mask, end of the comment).
    pending: Option<(u32, u32)>,
}

/// The rules named by an allow comment (`# evn: allow(a, b)`), if it is one.
pub fn parse_allow(comment: &str) -> Option<Vec<&str>> {
    let rest = comment.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("evn:")?.trim_start();
    let rest = rest.strip_prefix("allow")?.trim_start();
    let inner = rest.strip_prefix('(')?;
    let inner = &inner[..inner.find(')')?];
    Some(inner.split(',').map(str::trim).filter(|s| !s.is_empty()).collect())
}

fn bit(rule: Rule) -> u32 {
    1 << (Rule::ALL.iter().position(|r| *r == rule).unwrap_or(31) as u32)
}

/// Whether `comment` is alone on its line (only white space before it).
fn alone_on_its_line(src: &str, comment: Span) -> bool {
    let before = src.get(..comment.start as usize).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].trim().is_empty()
}

/// Whether only one line break (and white space) separates `end` from `start`.
fn on_the_next_line(src: &str, end: u32, start: u32) -> bool {
    src.get(end as usize..start as usize).is_some_and(|gap| {
        gap.bytes().filter(|&b| b == b'\n').count() == 1 && gap.trim().is_empty()
    })
}

impl Allows {
    /// Adds the allow comments of one chunk of statements (chunks in file order).
    pub fn add(&mut self, src: &str, ast: &Ast) {
        let mut comments = ast
            .comments
            .iter()
            .filter_map(|c| {
                let rules = parse_allow(c.text(src))?;
                Some((
                    *c,
                    rules.iter().filter_map(|r| Rule::from_name(r)).fold(0, |m, r| m | bit(r)),
                ))
            })
            .peekable();
        if comments.peek().is_none() && self.pending.is_none() {
            return;
        }
        let mut comments: Vec<(Span, u32)> = comments.collect();
        comments.sort_by_key(|(c, _)| c.start);
        let mut next_comment = 0;
        for (i, statement) in ast.statements.iter().enumerate() {
            let next_start = ast.statements.get(i + 1).map_or(u32::MAX, |s| s.span.start);
            // A comment alone on its line before this statement waits for it.
            while let Some(&(comment, mask)) = comments.get(next_comment) {
                if comment.start >= statement.span.start {
                    break;
                }
                next_comment += 1;
                if alone_on_its_line(src, comment) {
                    self.pending = Some((mask, comment.end));
                }
            }
            if let Some((mask, end)) = self.pending.take() {
                if on_the_next_line(src, end, statement.span.start) {
                    self.entries.push((statement.span, mask));
                }
            }
            // Comments at the end of this statement's lines (a comment alone on its
            // line ends the statement, so the first one is left for the next).
            while let Some(&(comment, mask)) = comments.get(next_comment) {
                if comment.start >= next_start || alone_on_its_line(src, comment) {
                    break;
                }
                next_comment += 1;
                self.entries.push((statement.span, mask));
            }
        }
        // Comments after the chunk's last statement wait for the next chunk.
        for &(comment, mask) in comments.get(next_comment..).unwrap_or(&[]) {
            if alone_on_its_line(src, comment) {
                self.pending = Some((mask, comment.end));
            }
        }
    }

    /// Whether `rule` is allowed for the statement holding `span`.
    pub fn allows(&self, rule: Rule, span: Span) -> bool {
        let i = self.entries.partition_point(|(s, _)| s.start <= span.start);
        let Some(&(statement, _)) = i.checked_sub(1).and_then(|i| self.entries.get(i)) else {
            return false;
        };
        span.start <= statement.end
            && self.entries[..i]
                .iter()
                .rev()
                .take_while(|(s, _)| *s == statement)
                .any(|(_, mask)| mask & bit(rule) != 0)
    }
}
