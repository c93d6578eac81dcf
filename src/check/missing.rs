//! From unknown names to a vocabulary (spec §11 F): the names of an analysis that
//! resolved in no layer, grouped by name with the kinds their positions take, how often
//! and where first; and the `define` that makes one known. `evn check` lists them,
//! `evn define --missing` writes a `define` for each, and the server offers one as a
//! code action. Computed from the `unknown-*` diagnostics, so a name counts exactly
//! where one was reported (a suppressed or disabled rule leaves its names out).

use crate::diagnostic::{Diagnostic, FileId};
use crate::syntax::ast::Kind;
use crate::text::Span;
use crate::vocab::{Position, Vocabulary};

/// `evn check` lists the unknown names when there are more than this many.
pub const FEW: usize = 3;

/// One unknown name, with every place it was reported in positions of compatible
/// kinds. A name unknown in positions that share no kind (as a context and as a drug)
/// is two [`MissingName`]s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingName {
    /// The name as written, without backticks.
    pub name: String,
    /// The kinds every one of its positions takes, in the first position's order.
    pub kinds: Vec<Kind>,
    /// Its positions, each once, in the order first met.
    pub positions: Vec<Position>,
    pub count: usize,
    /// The first place it was reported: file and the name's span.
    pub first: (FileId, Span),
    /// The name it looks like a typo of, when its diagnostic carries a "did you mean"
    /// fix (spec §11 E): such a name is corrected, not defined.
    pub typo_of: Option<String>,
}

impl MissingName {
    /// The kind its `define` gets: the only one its positions allow, else the likeliest
    /// (see [`likely_kind`]).
    pub fn kind(&self) -> Kind {
        likely_kind(&self.name, &self.kinds)
    }

    /// What its positions take, for people: "target or process", "drug".
    pub fn wanted(&self) -> String {
        let names: Vec<&str> = self.kinds.iter().map(|k| k.as_str()).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        }
    }
}

/// The unknown names of `diagnostics` (whose files are `texts`), most frequent first,
/// then in the order first reported.
pub fn missing_names(diagnostics: &[Diagnostic], texts: &[&str]) -> Vec<MissingName> {
    let mut out: Vec<MissingName> = Vec::new();
    for d in diagnostics {
        let Some(position) = Position::of_unknown_rule(d.rule) else { continue };
        let Some(text) = texts.get(d.file as usize) else { continue };
        let Some(written) = text.get(d.span.start as usize..d.span.end as usize) else {
            continue;
        };
        let name = unquoted(written);
        if name.is_empty() {
            continue;
        }
        let kinds = position.kinds();
        let group =
            out.iter_mut().find(|m| m.name == name && m.kinds.iter().any(|k| kinds.contains(k)));
        match group {
            Some(m) => {
                m.kinds.retain(|k| kinds.contains(k));
                if !m.positions.contains(&position) {
                    m.positions.push(position);
                }
                m.count += 1;
            }
            None => out.push(MissingName {
                name: name.to_string(),
                kinds: kinds.to_vec(),
                positions: vec![position],
                count: 1,
                first: (d.file, d.span),
                typo_of: d.fix.as_ref().and_then(|f| f.edits.first()).map(|e| e.text.clone()),
            }),
        }
    }
    // Stable: equal counts stay in the order first reported (file, then position).
    out.sort_by_key(|m| std::cmp::Reverse(m.count));
    out
}

/// A name as a `define` takes it: without the backticks of a quoted name.
fn unquoted(written: &str) -> &str {
    written.strip_prefix('`').and_then(|w| w.strip_suffix('`')).unwrap_or(written).trim()
}

/// The kind a `define` of `name` gets among `kinds` (those all its positions take).
/// After a relation a name may be a target or a process: a name with a lowercase word
/// of four letters or more (`zqx-wobbling`, `neurogenesis`) reads as a process, a
/// symbol (`InhA`, `p-tau181`) as a target. After `with`, a ligand; as a bare subject,
/// a drug. The stub's comment names the other kinds, and every one of them makes the
/// name known.
pub fn likely_kind(name: &str, kinds: &[Kind]) -> Kind {
    if kinds.contains(&Kind::Target) && kinds.contains(&Kind::Process) {
        let worded = name
            .split(['-', ' ', '_'])
            .any(|part| part.len() >= 4 && part.chars().all(|c| c.is_ascii_lowercase()));
        return if worded { Kind::Process } else { Kind::Target };
    }
    for preferred in [Kind::Ligand, Kind::Drug] {
        if kinds.len() > 1 && kinds.contains(&preferred) {
            return preferred;
        }
    }
    kinds.first().copied().unwrap_or(Kind::Target)
}

/// The `define` of a missing name, after a comment saying where it was found (`place`,
/// as the caller prints places, when it has one), which other kinds it could have, and
/// the closest entries: the author checks that none of them was meant before giving it
/// a description. A name that looks like a typo gets its `define` commented out, so
/// that appending the stubs never makes a typo a name of the workspace.
pub fn define_stub(vocabulary: &Vocabulary, missing: &MissingName, place: Option<&str>) -> String {
    let kind = missing.kind();
    let times =
        if missing.count == 1 { "once".to_string() } else { format!("{} times", missing.count) };
    let mut comment = format!("# unknown {}, {times}", missing.wanted());
    if let Some(place) = place {
        comment.push_str(&format!(", first at {place}"));
    }
    let closest: Vec<String> = missing
        .positions
        .first()
        .map(|&position| vocabulary.suggest(&missing.name, position, 3))
        .unwrap_or_default()
        .into_iter()
        .map(|s| format!("`{}`", s.text))
        .collect();
    if !closest.is_empty() {
        comment.push_str(&format!("; closest: {}", closest.join(", ")));
    }
    let others: Vec<&str> =
        missing.kinds.iter().filter(|&&k| k != kind).map(|k| k.as_str()).collect();
    if !others.is_empty() {
        comment.push_str(&format!("; or define it as {}", others.join(", ")));
    }
    let define = format!("define {} {}", kind.as_str(), super::resolve::as_written(&missing.name));
    match &missing.typo_of {
        Some(typo) => format!(
            "{comment}\n# it looks like a typo of {typo} (`evn check --fix --unsafe-fixes` corrects it); if it is not:\n# {define}\n"
        ),
        None => format!("{comment}\n{define}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{analyze, Options, Source, SourceKind};

    fn missing(text: &str) -> Vec<MissingName> {
        let source = Source { text, kind: SourceKind::Evn, invalid_utf8: &[] };
        let options = Options { references: Vec::new(), ..Options::default() };
        let analysis = analyze(&[source], &options);
        missing_names(&analysis.diagnostics, &[text])
    }

    #[test]
    fn names_are_grouped_with_the_kinds_all_their_positions_take() {
        let found = missing(
            "drug XQ-1 inhibits zqx-wobbling cite(1)\n\
             XQ-1 reduces zqx-wobbling in ZZ-model cite(1)\n\
             carrier SLN(XQ-1) reduces NqZ7 in ZZ-model cite(1)\n\
             ref 1 \"r\"\n",
        );
        let rows: Vec<(&str, Vec<Kind>, usize)> =
            found.iter().map(|m| (m.name.as_str(), m.kinds.clone(), m.count)).collect();
        assert_eq!(
            rows,
            vec![
                ("XQ-1", vec![Kind::Drug], 3),
                ("zqx-wobbling", vec![Kind::Target, Kind::Process], 2),
                ("ZZ-model", vec![Kind::Context], 2),
                ("NqZ7", vec![Kind::Target, Kind::Process], 1),
            ]
        );
        assert_eq!(found[1].kind(), Kind::Process);
        assert_eq!(found[3].kind(), Kind::Target);
    }

    #[test]
    fn a_name_in_positions_of_no_common_kind_is_two_names() {
        let found = missing("drug XQ-1 inhibits ABCB1 in XQ-1 cite(1)\nref 1 \"r\"\n");
        let kinds: Vec<Kind> = found.iter().map(MissingName::kind).collect();
        assert_eq!(kinds, vec![Kind::Drug, Kind::Context]);
    }

    #[test]
    fn the_stub_is_a_define_with_a_comment() {
        let found =
            missing("carrier SLN(XQ-1) with `odd name` inhibits ABCB1 cite(1)\nref 1 \"r\"\n");
        let (vocabulary, _) = Vocabulary::build(true, &[], &[], &[]);
        let stubs: Vec<String> =
            found.iter().map(|m| define_stub(&vocabulary, m, Some("a.evn:1:13"))).collect();
        assert_eq!(stubs[0], "# unknown drug, once, first at a.evn:1:13\ndefine drug XQ-1\n");
        assert_eq!(
            stubs[1],
            "# unknown ligand, drug, target or carrier, once, first at a.evn:1:13; or define it as drug, target, carrier\n\
             define ligand `odd name`\n"
        );
    }
}
