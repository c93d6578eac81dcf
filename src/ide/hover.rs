//! Hover: what a name stands for (canonical name, description, aliases, roles, classes,
//! layer), a cite key's full reference, a relation's polarity with the claim's evidence
//! level (written or derived, spec 0.3 §11 M), what each qualifier of spec 0.3 §11 L
//! says, the meaning of a measure, level or unit, and the documentation of a rule named
//! in `# evn: allow(...)`.

use super::{occurrence_at, statement_at, symbol_of, Role, Symbol, World};
use crate::check::level::{self, Setting};
use crate::check::units::{self, LEVELS, MEASURES, TIME_UNITS, UNITS};
use crate::check::{relations, rules};
use crate::diagnostic::{FileId, Rule};
use crate::syntax::ast::{Ast, Claim, StatementKind};
use crate::syntax::lexer::{tokens, Keyword, Token};
use crate::text::Span;
use crate::vocab::{Description, Entry, Position, Resolved};

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
    let Some(occurrence) = occurrence_at(ast, text, offset) else {
        return qualifier_at(world, ast, text, offset);
    };
    let span = occurrence.name.span;
    let markdown = match occurrence.role {
        Role::Relation => {
            let mut out = relation_markdown(world, occurrence.name.text(text));
            if let Some(claim) = claim_at(ast, occurrence.statement) {
                out.push_str("\n\n");
                out.push_str(&evidence_level(world, ast, text, claim));
            }
            out
        }
        Role::Class => format!("class `{}`", occurrence.name.text(text)),
        _ => match symbol_of(world, file, &occurrence)? {
            Symbol::CiteKey(key) => reference_markdown(world, &key)?,
            Symbol::Resolved(resolved) => {
                let mut out = resolved_markdown(world, resolved);
                if let Role::Use(position) = occurrence.role {
                    out.push_str(&settled_note(world, occurrence.name.text(text), position));
                }
                out
            }
        },
    };
    Some(Hover { span, markdown })
}

/// When the review's titles settled an ambiguous name (`vocab/titles.rs`): which word
/// did, and what else the name can mean.
fn settled_note(world: &World<'_>, name: &str, position: Position) -> String {
    let vocabulary = &world.analysis.vocabulary;
    let Some((word, others)) = vocabulary.settled_reading(name, position) else {
        return String::new();
    };
    let others: Vec<String> =
        others.iter().map(|&o| format!("`{}`", vocabulary.canonical_name(o))).collect();
    format!(
        "\n\n---\n\n`{name}` can also mean {}; the review's titles name *{word}*, so it is read so here",
        others.join(", ")
    )
}

fn claim_at(ast: &Ast, statement: usize) -> Option<&Claim> {
    match &ast.statements.get(statement)?.kind {
        StatementKind::Claim(claim) => Some(claim),
        _ => None,
    }
}

/// What a claim's evidence level is and where it comes from (spec 0.3 §11 M): written
/// with `level`, or derived from its contexts (and a `trial`) by `check::level`.
pub fn evidence_level(world: &World<'_>, ast: &Ast, text: &str, claim: &Claim) -> String {
    let vocabulary = &world.analysis.vocabulary;
    let contexts: Vec<(&str, Setting)> = ast
        .names_in(claim.contexts)
        .iter()
        .filter_map(|name| {
            let written = name.text(text);
            let resolved = world.resolve(written, Position::Context)?;
            Some((written, level::setting(vocabulary, resolved)))
        })
        .collect();
    let settings: Vec<Setting> = contexts.iter().map(|&(_, s)| s).collect();
    let design = claim.design();
    if let Some(level) = design.level {
        let written = level.text(text);
        let mut out = format!("Evidence level: {written} (written)");
        if let Some(meaning) = meaning(LEVELS, written) {
            out.push_str(&format!(" — {meaning}"));
        }
        if let Some(why) = level::mismatch(written, &settings) {
            out.push_str(&format!("\n\nIt contradicts the contexts: {why} (`level-mismatch`)."));
        }
        return out;
    }
    let Some(derived) = level::derive(&settings, design.trial.is_some()) else {
        return "Evidence level: unknown (no context says whether cells, animals or people were \
                studied; `level` says it)"
            .to_string();
    };
    let from: Vec<String> = match design.trial {
        Some(trial) => vec![format!("`trial {}`", trial.text(text))],
        None => {
            // The contexts without which the level would be another; when none is
            // needed alone (two cell lines), those that give the level by themselves.
            let without = |skip: usize| {
                let rest: Vec<Setting> =
                    (0..settings.len()).filter(|&i| i != skip).map(|i| settings[i]).collect();
                level::derive(&rest, false)
            };
            let needed: Vec<usize> =
                (0..contexts.len()).filter(|&i| without(i) != Some(derived)).collect();
            let chosen: Vec<usize> = if needed.is_empty() {
                (0..contexts.len())
                    .filter(|&i| level::derive(&settings[i..=i], false) == Some(derived))
                    .collect()
            } else {
                needed
            };
            let mut names: Vec<String> = Vec::new();
            for i in chosen {
                let name = format!("`{}`", contexts[i].0);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        }
    };
    format!("Evidence level: {} (derived from {})", derived.word, from.join(", "))
}

/// The meaning of `word` in one of `check::units`' lists.
fn meaning(list: &[(&'static str, &'static str)], word: &str) -> Option<&'static str> {
    list.iter().find(|&&(known, _)| known == word).map(|&(_, meaning)| meaning)
}

/// What a unit means: listed, `%` or `-fold`, or merely well-formed.
fn unit_meaning(unit: &str, time: bool) -> Option<String> {
    if time {
        return meaning(TIME_UNITS, unit).map(str::to_string);
    }
    match unit {
        "%" => Some("percent".to_string()),
        "-fold" => Some("fold change".to_string()),
        _ => match meaning(UNITS, unit) {
            Some(meaning) => Some(meaning.to_string()),
            None => units::unit(unit).is_ok().then(|| "a unit".to_string()),
        },
    }
}

/// A value with its unit and the unit's meaning: `5 mg/kg (milligrams per kilogram…)`.
fn amount(value: &str, unit: &str, time: bool) -> String {
    let joined = if unit == "%" || unit == "-fold" {
        format!("{value}{unit}")
    } else {
        format!("{value} {unit}")
    };
    match unit_meaning(unit, time) {
        Some(meaning) if meaning != "a unit" && meaning != unit => format!("{joined} ({meaning})"),
        _ => joined,
    }
}

/// Hover on what a claim's qualifiers of spec 0.3 §11 L, M hold that is no name: their
/// keywords, a measure, a unit, a level, a trial.
fn qualifier_at(world: &World<'_>, ast: &Ast, text: &str, offset: u32) -> Option<Hover> {
    let index = statement_at(ast, offset)?;
    let statement = ast.statements.get(index)?;
    let claim = claim_at(ast, index)?;
    let design = claim.design();
    let on = |span: Option<Span>| span.filter(|s| s.touches(offset));
    let hover = |span: Span, markdown: String| Some(Hover { span, markdown });
    if let Some(effect) = &claim.effect {
        if let Some(span) = on(effect.measure) {
            let word = span.text(text);
            let markdown = match meaning(MEASURES, word) {
                Some(meaning) => format!("**{word}**: {meaning} (an effect measure)"),
                None => format!("`{word}` is not an effect measure (`unknown-measure`)"),
            };
            return hover(span, markdown);
        }
        if let Some(span) = on(effect.unit) {
            let word = span.text(text);
            return hover(span, unit_markdown(word, false));
        }
    }
    for (amount, time) in [(design.dose, false), (design.duration, true)] {
        if let Some(span) = on(amount.map(|a| a.unit)) {
            return hover(span, unit_markdown(span.text(text), time));
        }
    }
    if let Some(span) = on(design.level) {
        let word = span.text(text);
        let markdown = match meaning(LEVELS, word) {
            Some(meaning) => format!("**{word}**: {meaning} (an evidence level)"),
            None => format!("`{word}` is not an evidence level (`unknown-level`)"),
        };
        return hover(span, format!("{markdown}\n\n{}", evidence_level(world, ast, text, claim)));
    }
    if let Some(span) = on(design.trial) {
        return hover(span, keyword_markdown(world, ast, text, claim, Keyword::Trial)?);
    }
    let lexed = tokens(statement.span.text(text), statement.span.start);
    let (keyword, span) = lexed
        .iter()
        .find(|(_, span)| span.contains(offset))
        .or_else(|| lexed.iter().find(|(_, span)| span.touches(offset)))
        .and_then(|&(token, span)| match token {
            Token::Keyword(keyword) => Some((keyword, span)),
            _ => None,
        })?;
    hover(span, keyword_markdown(world, ast, text, claim, keyword)?)
}

fn unit_markdown(unit: &str, time: bool) -> String {
    match unit_meaning(unit, time) {
        Some(meaning) => format!("**{unit}**: {meaning}"),
        None if time => format!("`{unit}` is not a time unit (`unknown-unit`)"),
        None => format!("`{unit}` is not a unit (`unknown-unit`)"),
    }
}

/// What a qualifier keyword of a claim says, with the claim's own values.
fn keyword_markdown(
    world: &World<'_>,
    ast: &Ast,
    text: &str,
    claim: &Claim,
    keyword: Keyword,
) -> Option<String> {
    let design = claim.design();
    let names = |range| {
        ast.entries(range)
            .map(|entry| {
                let parts: Vec<&str> = ast.names_in(entry).iter().map(|n| n.text(text)).collect();
                parts.join(" + ")
            })
            .collect::<Vec<String>>()
            .join(", ")
    };
    let effect = claim.effect.as_ref();
    let measured = effect.filter(|e| e.measure.is_some());
    Some(match keyword {
        Keyword::By => {
            let e = effect.filter(|e| e.measure.is_none())?;
            let value = e.value.text(text);
            let size = match e.unit_text(text) {
                Some(unit) => amount(value, unit, false),
                None => value.to_string(),
            };
            format!("**by**: the effect size, {size}")
        }
        Keyword::Effect => {
            let e = measured?;
            let measure = e.measure.map_or("", |m| m.text(text));
            let mut out = format!("**effect**: the measured effect\n\n- measure: `{measure}`");
            if let Some(meaning) = meaning(MEASURES, measure) {
                out.push_str(&format!(" ({meaning})"));
            }
            let value = e.value.text(text);
            let value = match e.unit_text(text) {
                Some(unit) => amount(value, unit, false),
                None => value.to_string(),
            };
            out.push_str(&format!("\n- value: {value}"));
            if let Some(ci) = e.ci {
                out.push_str(&format!("\n- confidence interval: {}", ci.text(text)));
            }
            if let Some(p) = e.p {
                let bound = if e.p_below { "< " } else { "" };
                out.push_str(&format!("\n- p value: {bound}{}", p.text(text)));
            }
            out
        }
        Keyword::Ci => {
            let ci = measured?.ci?;
            format!("**ci**: the confidence interval of the effect, {}", ci.text(text))
        }
        Keyword::P => {
            let e = measured?;
            let p = e.p?.text(text);
            if e.p_below {
                format!("**p**: the p value of the effect, below {p} (a bound)")
            } else {
                format!("**p**: the p value of the effect, {p}")
            }
        }
        Keyword::At => {
            let dose = design.dose?;
            format!(
                "**at**: the dose, {}",
                amount(dose.value.text(text), dose.unit.text(text), false)
            )
        }
        Keyword::For => {
            let duration = design.duration?;
            let value = duration.value.text(text);
            format!("**for**: the duration, {}", amount(value, duration.unit.text(text), true))
        }
        Keyword::Vs => {
            if design.comparators.start == design.comparators.end {
                return None;
            }
            format!("**vs**: what the subject was compared with, {}", names(design.comparators))
        }
        Keyword::N => format!("**n**: the sample size, {}", design.size?.text(text)),
        Keyword::Level => {
            design.level?;
            format!(
                "**level**: the evidence level, as written\n\n{}",
                evidence_level(world, ast, text, claim)
            )
        }
        Keyword::Trial => {
            let trial = design.trial?.text(text);
            let registry = if trial.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("NCT")) {
                " (a ClinicalTrials.gov number)"
            } else {
                ""
            };
            format!("**trial**: the trial the finding comes from, {trial}{registry}")
        }
        Keyword::Through => {
            if design.mediators.start == design.mediators.end {
                return None;
            }
            format!(
                "**through**: the mediators, {}: the subject acts on the objects through them",
                names(design.mediators)
            )
        }
        _ => return None,
    })
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
    fn a_name_the_titles_settled_says_so() {
        let src = "review \"Microglia in Alzheimer's disease\"\nTREM2 is-associated-with A$0D cite(1)\nref 1 \"x\"\n";
        let h = hover_at(src).unwrap();
        assert!(h.markdown.starts_with("**Alzheimer disease**"), "{}", h.markdown);
        assert!(
            h.markdown.ends_with(
                "`AD` can also mean `atopic eczema`; the review's titles name *alzheimer*, so it is read so here"
            ),
            "{}",
            h.markdown
        );
        // Where the titles settle nothing, hover adds nothing of them.
        let h = hover_at("TREM2 is-associated-with P$0D cite(1)\nref 1 \"x\"\n").unwrap();
        assert!(!h.markdown.contains("titles"), "{}", h.markdown);
    }

    #[test]
    fn a_derived_name_says_how_it_was_read_and_what_its_base_is() {
        // Asserted, not snapshot: an entry's text is the vocabulary's, which changes with
        // its data; these pin what the hover adds to it.
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
        insta::assert_snapshot!(h.markdown, @"
        **79**

        Guney 2019 (2019)
        ");
        let h = hover_at("carrier SLN(talazoparib) down$0regulates MDR1 cite(79)\n").unwrap();
        insta::assert_snapshot!(h.markdown, @"
        **downregulates**: relation, polarity *down*

        Evidence level: unknown (no context says whether cells, animals or people were studied; `level` says it)
        ");
        let h = hover_at("drug talazoparib does-not$0-affect MDR1 cite(79)\n").unwrap();
        insta::assert_snapshot!(h.markdown, @"
        **does-not-affect**: relation, polarity *null*: a finding of no effect, which conflicts with a claim that moves the same target (`conflicting-evidence`)

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: unknown (no context says whether cells, animals or people were studied; `level` says it)
        ");
        let h = hover_at("drug imatinib tre$0ats CML cite(79)\n").unwrap();
        insta::assert_snapshot!(h.markdown, @"
        **treats**: relation, polarity *down*

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: unknown (no context says whether cells, animals or people were studied; `level` says it)
        ");
    }

    #[test]
    fn the_relation_word_shows_the_evidence_level_written_or_derived() {
        let refs = "\nref 1 \"x\"\n";
        let at = |claim: &str| hover_at(&format!("{claim}{refs}")).expect("a hover").markdown;
        let h =
            at("drug trastuzumab red$0uces tumor-growth in breast-cancer level phase-3 cite(1)");
        insta::assert_snapshot!(h, @"
        **reduces**: relation, polarity *down*

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: phase-3 (written) — phase 3 trial: efficacy against the standard of care in many patients
        ");
        let h = at("drug tamoxifen red$0uces proliferation in MCF-7 cite(1)");
        insta::assert_snapshot!(h, @"
        **reduces**: relation, polarity *down*

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: in-vitro (derived from `MCF-7`)
        ");
        let h = at("drug tamoxifen red$0uces proliferation in MCF-7, mouse cite(1)");
        insta::assert_snapshot!(h, @"
        **reduces**: relation, polarity *down*

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: in-vivo (derived from `mouse`)
        ");
        let h = at("drug tamoxifen red$0uces proliferation in MCF-7 trial NCT01584648 cite(1)");
        insta::assert_snapshot!(h, @"
        **reduces**: relation, polarity *down*

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: clinical (derived from `trial NCT01584648`)
        ");
        let h = at("drug tamoxifen red$0uces proliferation in TNBC cite(1)");
        insta::assert_snapshot!(h, @"
        **reduces**: relation, polarity *down*

        Its object may be a target, a process, a disease or a phenotype.

        Evidence level: unknown (no context says whether cells, animals or people were studied; `level` says it)
        ");
        // The level word and the keyword say it too, and a contradiction.
        let h = at("drug tamoxifen reduces proliferation in MCF-7 level clin$0ical cite(1)");
        insta::assert_snapshot!(h, @"
        **clinical**: people: a clinical study whose design is not given (an evidence level)

        Evidence level: clinical (written) — people: a clinical study whose design is not given

        It contradicts the contexts: its contexts are cells, animals or laboratory models, with no `human` (`level-mismatch`).
        ");
        let h = at("drug tamoxifen reduces proliferation in MCF-7 lev$0el in-vitro cite(1)");
        insta::assert_snapshot!(h, @"
        **level**: the evidence level, as written

        Evidence level: in-vitro (written) — cells or molecules outside an organism: cell lines, primary cells, assays
        ");
    }

    #[test]
    fn each_qualifier_keyword_and_word_explains_itself() {
        let claim = "drug dabrafenib + trametinib reduces proliferation in melanoma";
        let at = |rest: &str| {
            hover_at(&format!("{claim} {rest} cite(1)\nref 1 \"x\"\n")).map(|h| h.markdown)
        };
        insta::assert_snapshot!(at("eff$0ect HR 0.62 ci 0.49-0.77 p < 0.001").unwrap(), @"
        **effect**: the measured effect

        - measure: `HR` (hazard ratio)
        - value: 0.62
        - confidence interval: 0.49-0.77
        - p value: < 0.001
        ");
        insta::assert_snapshot!(at("effect H$0R 0.62").unwrap(), @"**HR**: hazard ratio (an effect measure)");
        insta::assert_snapshot!(at("effect HR 0.62 c$0i 0.49-0.77").unwrap(), @"**ci**: the confidence interval of the effect, 0.49-0.77");
        insta::assert_snapshot!(at("effect HR 0.62 p$0 < 0.001").unwrap(), @"**p**: the p value of the effect, below 0.001 (a bound)");
        insta::assert_snapshot!(at("b$0y -14.9%").unwrap(), @"**by**: the effect size, -14.9% (percent)");
        insta::assert_snapshot!(at("a$0t 5 mg/kg").unwrap(), @"**at**: the dose, 5 mg/kg (milligrams per kilogram of body weight)");
        insta::assert_snapshot!(at("at 5 mg/k$0g").unwrap(), @"**mg/kg**: milligrams per kilogram of body weight");
        insta::assert_snapshot!(at("at 5 kgg$0").unwrap(), @"`kgg` is not a unit (`unknown-unit`)");
        insta::assert_snapshot!(at("fo$0r 68 weeks").unwrap(), @"**for**: the duration, 68 weeks");
        insta::assert_snapshot!(at("for 68 wee$0ks").unwrap(), @"**weeks**: weeks");
        insta::assert_snapshot!(at("v$0s placebo, docetaxel + trastuzumab").unwrap(), @"**vs**: what the subject was compared with, placebo, docetaxel + trastuzumab");
        insta::assert_snapshot!(at("n$0 120").unwrap(), @"**n**: the sample size, 120");
        insta::assert_snapshot!(at("tri$0al NCT01584648").unwrap(), @"**trial**: the trial the finding comes from, NCT01584648 (a ClinicalTrials.gov number)");
        insta::assert_snapshot!(at("trial COMBI-$0d").unwrap(), @"**trial**: the trial the finding comes from, COMBI-d");
        insta::assert_snapshot!(at("thro$0ugh MAP2K1, MAPK1").unwrap(), @"**through**: the mediators, MAP2K1, MAPK1: the subject acts on the objects through them");
        insta::assert_snapshot!(at("level in-vi$0tro").unwrap(), @"
        **in-vitro**: cells or molecules outside an organism: cell lines, primary cells, assays (an evidence level)

        Evidence level: in-vitro (written) — cells or molecules outside an organism: cell lines, primary cells, assays
        ");
        // A mediator is a name: its hover is its entry's (the vocabulary's text).
        assert!(at("through MAP2$0K1").unwrap().contains("MAP2K1"));
    }

    #[test]
    fn rule_in_allow_comment() {
        let h = hover_at(
            "carrier SLN(talazoparib) downregulates MDR1 # evn: allow(missing-cit$0ation)\n",
        )
        .unwrap();
        // Its documentation follows, as `evn rules` prints it (the rule module's text).
        let (head, doc) = h.markdown.split_once("## What it does").unwrap();
        insta::assert_snapshot!(head, @"
        **missing-citation** (error)

        a claim has no citation
        ");
        assert!(doc.contains("## Example"), "{doc}");
    }
}
