//! Suppression comments: `# evn: allow(rule, rule)` at the end of any line of a
//! statement, or alone on the line before it, silences those rules for that statement.

use crate::diagnostic::Rule;
use crate::syntax::Ast;
use crate::text::{LineIndex, Span};

/// The allowed rules of one file, per statement.
#[derive(Default)]
pub struct Allows {
    /// (statement span, rules allowed as a bit set), in statement order.
    spans: Vec<(Span, u32)>,
    /// Statement spans in order, for finding a diagnostic's statement.
    statements: Vec<Span>,
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

impl Allows {
    pub fn new(src: &str, ast: &Ast) -> Allows {
        let comments: Vec<(Span, u32)> = ast
            .comments
            .iter()
            .filter_map(|c| {
                let rules = parse_allow(c.text(src))?;
                let mask = rules.iter().filter_map(|r| Rule::from_name(r)).fold(0, |m, r| m | bit(r));
                Some((*c, mask))
            })
            .collect();
        if comments.is_empty() {
            return Allows::default();
        }
        let lines = LineIndex::new(src);
        let statements: Vec<Span> = ast.statements.iter().map(|s| s.span).collect();
        let mut spans = Vec::new();
        for (comment, mask) in comments {
            let line = lines.line_of(comment.start);
            let line_start = lines.line_start(line).unwrap_or(0);
            let alone = src.get(line_start as usize..comment.start as usize).is_some_and(|s| s.trim().is_empty());
            let target = if alone {
                // Applies to the statement that starts on the next line.
                statements.iter().find(|s| lines.line_of(s.start) == line + 1)
            } else {
                let i = statements.partition_point(|s| s.start <= comment.start);
                i.checked_sub(1).and_then(|i| statements.get(i)).filter(|s| lines.line_of(s.end) >= line)
            };
            if let Some(&span) = target {
                spans.push((span, mask));
            }
        }
        Allows { spans, statements }
    }

    /// Whether `rule` is allowed for the statement holding `span`.
    pub fn allows(&self, rule: Rule, span: Span) -> bool {
        if self.spans.is_empty() {
            return false;
        }
        let i = self.statements.partition_point(|s| s.start <= span.start);
        let Some(statement) = i.checked_sub(1).and_then(|i| self.statements.get(i)) else { return false };
        if span.start > statement.end {
            return false;
        }
        self.spans.iter().any(|(s, mask)| s == statement && mask & bit(rule) != 0)
    }
}
