//! Hover: what a name stands for (canonical name, description, aliases, roles, classes,
//! layer), a cite key's full reference, a relation's polarity, and the documentation
//! of a rule named in `# evn: allow(...)`.

use super::{occurrence_at, symbol_of, Role, Symbol, World};
use crate::check::{relations, rules};
use crate::diagnostic::{FileId, Rule};
use crate::text::Span;
use crate::vocab::{Description, Entry, Resolved};

/// Markdown to show for the range `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

pub fn hover(world: &World<'_>, file: FileId, offset: u32) -> Option<Hover> {
    let ast = world.ast(file)?;
    let text = world.text(file);
    if let Some(hover) = allow_rule_at(text, &ast.comments, offset) {
        return Some(hover);
    }
    let occurrence = occurrence_at(ast, text, offset)?;
    let span = occurrence.name.span;
    let markdown = match occurrence.role {
        Role::Relation => relation_markdown(world, occurrence.name.text(text)),
        Role::Class => format!("class `{}`", occurrence.name.text(text)),
        _ => match symbol_of(world, file, &occurrence)? {
            Symbol::Key(key) => reference_markdown(world, &key)?,
            Symbol::Resolved(resolved) => resolved_markdown(world, resolved),
        },
    };
    Some(Hover { span, markdown })
}

/// The full reference of a key, as hover and completion documentation show it.
pub fn reference_markdown(world: &World<'_>, key: &str) -> Option<String> {
    let refs = &world.analysis.references;
    let def = refs.get(refs.find(key)?)?;
    let mut out = format!("**{}**", def.key);
    if let Some(author) = &def.author {
        out.push_str(&format!(" — {author}"));
    }
    out.push_str(&format!("\n\n{}", def.text));
    if let Some(year) = &def.year {
        out.push_str(&format!(" ({year})"));
    }
    Some(out)
}

/// What hover says of a resolved name.
pub fn resolved_markdown(world: &World<'_>, resolved: Resolved) -> String {
    let vocabulary = &world.analysis.vocabulary;
    match resolved {
        Resolved::Entry(id) => vocabulary.entry(id).map_or_else(String::new, entry_markdown),
        Resolved::Gene(..) | Resolved::Reference(..) => {
            reference_entry_markdown(&vocabulary.describe(resolved))
        }
        Resolved::Derived(id) => {
            let d = vocabulary.describe(resolved);
            let mut out = format!("**{}** — {} (derived name)", d.canonical, d.kind.as_str());
            if let Some((reading, _)) = &d.derived {
                out.push_str(&format!("\n\n{reading}"));
            }
            if !d.classes.is_empty() {
                out.push_str(&format!("\n\nis: {}", d.classes.join(", ")));
            }
            // Linked to its base: what the base is, as its own hover says.
            if let Some(base) = vocabulary.derived(id).map(|d| d.base) {
                out.push_str(&format!("\n\n---\n\nbase: {}", resolved_markdown(world, base)));
            }
            out
        }
    }
}

/// A gene, drug, cell line, disease or organism of a reference namespace: its canonical
/// name, kind and namespace, full name (genes) or description, aliases and classes.
pub fn reference_entry_markdown(d: &Description) -> String {
    let noun = d.noun.map_or(String::new(), |n| format!(", {n}"));
    let mut out = format!(
        "**{}** — {} ({} reference namespace{noun})",
        d.canonical,
        d.kind.as_str(),
        d.source
    );
    if let Some(full) = &d.full_name {
        out.push_str(&format!("\n\n{full}"));
    }
    if let Some(description) = &d.description {
        out.push_str(&format!("\n\n{description}"));
    }
    if d.written() != d.canonical {
        out.push_str(&format!("\n\nwritten {}", d.written()));
    }
    if !d.aliases.is_empty() {
        out.push_str(&format!("\n\naliases: {}", d.aliases.join(", ")));
    }
    if !d.classes.is_empty() {
        out.push_str(&format!("\n\nis: {}", d.classes.join(", ")));
    }
    out
}

pub fn entry_markdown(entry: &Entry) -> String {
    let layer = match entry.extends {
        Some(base) => format!("{}, extending the {}'s entry", entry.layer.as_str(), base.as_str()),
        None => entry.layer.as_str().to_string(),
    };
    let mut out = format!("**{}** — {} ({layer})", entry.name, entry.kind.as_str());
    if entry.kind == crate::syntax::ast::Kind::Target {
        if let Some(full) = crate::vocab::reference::gene_full_name(&entry.name) {
            out.push_str(&format!("\n\ngene: {full}"));
        }
    }
    if let Some(description) = &entry.description {
        out.push_str(&format!("\n\n{description}"));
    }
    if let Some(c) = &entry.composition {
        let mut comp = c.head.clone();
        if !c.payload.is_empty() {
            comp.push_str(&format!("({})", c.payload.join(", ")));
        }
        if !c.with.is_empty() {
            comp.push_str(&format!(" with {}", c.with.join(", ")));
        }
        out.push_str(&format!("\n\n= {comp}"));
    }
    if !entry.aliases.is_empty() {
        out.push_str(&format!("\n\naliases: {}", entry.aliases.join(", ")));
    }
    if !entry.roles.is_empty() {
        let roles: Vec<String> = entry.roles.iter().map(|r| entry.role_label(r)).collect();
        out.push_str(&format!("\n\nroles: {}", roles.join(", ")));
    }
    if !entry.classes.is_empty() {
        out.push_str(&format!("\n\nis: {}", entry.classes.join(", ")));
    }
    out
}

/// A rule name inside an allow comment under the cursor.
fn allow_rule_at(text: &str, comments: &[Span], offset: u32) -> Option<Hover> {
    let comment = comments.iter().find(|c| c.touches(offset))?;
    let body = comment.text(text);
    crate::check::parse_allow(body)?;
    let open = body.find('(')?;
    let mut start = open + 1;
    for part in body.get(open + 1..)?.split([',', ')']) {
        let trimmed = part.trim();
        let lead = part.len() - part.trim_start().len();
        let span = Span::new(
            comment.start + (start + lead) as u32,
            comment.start + (start + lead + trimmed.len()) as u32,
        );
        if !trimmed.is_empty() && span.touches(offset) {
            let rule = Rule::from_name(trimmed)?;
            let doc = rules::doc(rule);
            return Some(Hover {
                span,
                markdown: format!(
                    "**{}** ({})\n\n{}\n\n{}",
                    rule.name(),
                    rule.default_severity(),
                    doc.summary,
                    doc.doc
                ),
            });
        }
        start += part.len() + 1;
    }
    None
}

/// A relation word: its polarity, and for a workspace's own word its description.
pub fn relation_markdown(world: &World<'_>, word: &str) -> String {
    if let Some(p) = relations::polarity(word) {
        let mut out = format!("**{word}**: relation, polarity *{}*", p.as_str());
        if p == relations::Polarity::Null {
            out.push_str(
                ": a finding of no effect, which conflicts with a claim that moves the same target (`conflicting-evidence`)",
            );
        }
        if relations::object_position(word) == crate::vocab::Position::Outcome {
            out.push_str(
                "

Its object may be a target, a process, a disease or a phenotype.",
            );
        }
        return out;
    }
    match world.analysis.vocabulary.relation(word) {
        Some(r) => {
            let mut out = format!(
                "**{word}**: relation, polarity *{}* (defined in the workspace)",
                r.polarity.as_str()
            );
            if let Some(description) = &r.description {
                out.push_str(&format!("\n\n{description}"));
            }
            out
        }
        None => format!("`{word}` is not a relation word"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::test_support::{analyse, cursor};

    fn hover_at(src: &str) -> Option<Hover> {
        let (text, at) = cursor(src);
        let analysis = analyse(&[&text]);
        let texts = [text.as_str()];
        hover(&World { analysis: &analysis, texts: &texts }, 0, at)
    }

    #[test]
    fn a_derived_name_says_how_it_was_read_and_what_its_base_is() {
        let h = hover_at("drug trametinib decreases p-A$0KT1 cite(1)\nref 1 \"x\"\n").unwrap();
        assert!(
            h.markdown.starts_with(
                "**p-AKT1** — target (derived name)\n\nphosphorylated AKT1 (derived: protein form + gene)"
            ),
            "{}",
            h.markdown
        );
        assert!(h.markdown.contains("base: **AKT1**"), "{}", h.markdown);
    }

    #[test]
    fn alias_shows_its_entry() {
        let h = hover_at(
            "carrier SLN(talazoparib) downregulates MD$0R1 in TNBC cite(79)\nref 79 \"x\"\n",
        )
        .unwrap();
        assert!(h.markdown.starts_with("**ABCB1** — target (prelude)"), "{}", h.markdown);
        assert!(h.markdown.contains("efflux:down"));
    }

    #[test]
    fn cite_key_shows_the_reference_and_relation_its_polarity() {
        let h = hover_at("carrier SLN(talazoparib) downregulates MDR1 cite(7$09)\nref 79 \"Guney 2019\" year 2019\n").unwrap();
        assert!(h.markdown.contains("Guney 2019 (2019)"), "{}", h.markdown);
        let h = hover_at("carrier SLN(talazoparib) down$0regulates MDR1 cite(79)\n").unwrap();
        assert!(h.markdown.contains("polarity *down*"));
        let h = hover_at("drug talazoparib does-not$0-affect MDR1 cite(79)\n").unwrap();
        assert!(h.markdown.contains("polarity *null*: a finding of no effect"), "{}", h.markdown);
        let h = hover_at("drug imatinib tre$0ats CML cite(79)\n").unwrap();
        assert!(h.markdown.contains("a disease or a phenotype"), "{}", h.markdown);
    }

    #[test]
    fn rule_in_allow_comment() {
        let h = hover_at(
            "carrier SLN(talazoparib) downregulates MDR1 # evn: allow(missing-cit$0ation)\n",
        )
        .unwrap();
        assert!(h.markdown.starts_with("**missing-citation**"), "{}", h.markdown);
    }
}
