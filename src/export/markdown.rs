//! The markdown export: tables like the review's, one per group (mechanism, carrier or
//! target): subject, carrier, payload, formulation, effect, targets, context, mechanism
//! and references. A claim about biology (`NFE2L2 activates HMOX1`) has its subject
//! in the subject column and no carrier.

use super::model::{groups, keys_label, ClaimRecord, GroupBy, NameRef};
use super::Export;

/// The claims in groups, groups sorted by name with the `(…)` placeholders last, and
/// claims in file order inside each group.
pub fn grouped(claims: &[ClaimRecord], by: GroupBy) -> Vec<(String, Vec<&ClaimRecord>)> {
    let mut out: Vec<(String, Vec<&ClaimRecord>)> = Vec::new();
    for claim in claims {
        for group in groups(claim, by) {
            match out.iter_mut().find(|(name, _)| *name == group) {
                Some((_, members)) => members.push(claim),
                None => out.push((group, vec![claim])),
            }
        }
    }
    out.sort_by_key(|a| (a.0.starts_with('('), a.0.to_lowercase()));
    out
}

/// An arrow for the polarity, then the relation word.
pub fn effect(claim: &ClaimRecord) -> String {
    let arrow = match claim.polarity {
        Some("up") => "↑ ",
        Some("down") => "↓ ",
        Some("null") => "∅ ",
        _ => "",
    };
    format!("{arrow}{}", claim.relation)
}

/// A name, with what the author wrote when it differs: `ABCB1 (MDR1)`.
pub fn name_with_written(name: &NameRef) -> String {
    match &name.canonical {
        Some(canonical) if *canonical != name.written => format!("{canonical} ({})", name.written),
        _ => name.display().to_string(),
    }
}

/// The subject column: the formulation's name, else the canonical subject
/// (`SLN(talazoparib) with TPGS`, `doxorubicin`, `NFE2L2`).
fn subject_label(claim: &ClaimRecord) -> String {
    match &claim.subject.formulation {
        Some(name) => name.clone(),
        None => claim.subject.canonical.clone(),
    }
}

fn list(names: &[NameRef]) -> String {
    names.iter().map(name_with_written).collect::<Vec<_>>().join(", ")
}

fn cell(text: &str) -> String {
    let text = text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ");
    if text.is_empty() {
        "—".to_string()
    } else {
        text
    }
}

pub fn render(export: &Export<'_>) -> String {
    let by = match export.group_by {
        GroupBy::Mechanism => "mechanism",
        GroupBy::Carrier => "carrier",
        GroupBy::Target => "target",
    };
    let mut out = format!(
        "# Claims by {by}\n\n{} from {}.\n",
        crate::text::plural(export.claims.len(), "claim"),
        crate::text::plural(export.files, "file")
    );
    for (group, claims) in grouped(export.claims, export.group_by) {
        let noun = if claims.len() == 1 { "claim" } else { "claims" };
        out.push_str(&format!("\n## {} ({} {noun})\n\n", cell(&group), claims.len()));
        out.push_str("| Subject | Carrier | Payload | Formulation | Effect | Targets | Context | Mechanism | References |\n");
        out.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for claim in claims {
            let mut payload = list(&claim.subject.payload);
            if !claim.subject.with.is_empty() {
                let with = format!("with {}", list(&claim.subject.with));
                payload = if payload.is_empty() { with } else { format!("{payload} {with}") };
            }
            let mut context = list(&claim.contexts);
            if !claim.stimuli.is_empty() {
                let stimuli = format!("under {}", list(&claim.stimuli));
                context =
                    if context.is_empty() { stimuli } else { format!("{context}; {stimuli}") };
            }
            let mechanism = match &claim.mechanism {
                Some(m) if m.inherited => format!("{} (section)", m.name.display()),
                Some(m) => m.name.display().to_string(),
                None => String::new(),
            };
            // The subject as a whole (a composition, formulation, drug, or the target
            // or process of a claim about biology), then its parts: a biological
            // subject is no carrier.
            let row = [
                subject_label(claim),
                claim.subject.carrier.as_ref().map(|c| c.display().to_string()).unwrap_or_default(),
                payload,
                claim.subject.formulation.clone().unwrap_or_default(),
                effect(claim),
                list(&claim.objects),
                context,
                mechanism,
                keys_label(claim),
            ];
            out.push('|');
            for value in row {
                out.push(' ');
                out.push_str(&cell(&value));
                out.push_str(" |");
            }
            out.push('\n');
        }
    }
    out
}
