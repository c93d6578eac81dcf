//! The markdown export: tables like the review's, one per group (mechanism, carrier or
//! target): subject, carrier, payload, formulation, effect (the relation and the
//! measured effect), targets, context, mechanism, level, design, references and quote.
//! A claim about biology (`NFE2L2 activates HMOX1`) has its subject in the subject
//! column and no carrier. Names show what the author wrote where it is not canonical.

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

/// An arrow for the polarity, the relation word, then the measured effect as written:
/// `↓ reduces by -14.9%`.
pub fn effect(claim: &ClaimRecord) -> String {
    let mut out = format!("{}{}", arrow(claim), claim.relation);
    if let Some(effect) = &claim.effect {
        out.push(' ');
        out.push_str(&effect.written);
    }
    out
}

/// `↑ `, `↓ `, `∅ ` for a null result, or nothing when the relation has no direction.
pub fn arrow(claim: &ClaimRecord) -> &'static str {
    match claim.polarity {
        Some("up") => "↑ ",
        Some("down") => "↓ ",
        Some("null") => "∅ ",
        _ => "",
    }
}

/// The design of a claim (spec 0.3 §11 L), each qualifier as its keyword and its value:
/// `at 5 mg/kg`, `for 12 weeks`, `vs placebo, docetaxel + carboplatin`, `n 600`,
/// `trial NCT01584648`, `through MAP2K1, MAPK1`.
pub fn design(claim: &ClaimRecord) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(dose) = &claim.dose {
        out.push(format!("at {}", dose.written));
    }
    if let Some(duration) = &claim.duration {
        out.push(format!("for {}", duration.written));
    }
    if !claim.comparator.is_empty() {
        let entries: Vec<String> = claim
            .comparator
            .iter()
            .map(|parts| parts.iter().map(name_with_written).collect::<Vec<_>>().join(" + "))
            .collect();
        out.push(format!("vs {}", entries.join(", ")));
    }
    if let Some(n) = claim.n {
        out.push(format!("n {n}"));
    }
    if let Some(trial) = &claim.trial {
        out.push(format!("trial {trial}"));
    }
    if !claim.mediators.is_empty() {
        out.push(format!("through {}", list(&claim.mediators)));
    }
    out
}

/// The subject as the author wrote it (less its `carrier` or `drug` keyword), when that
/// differs from its canonical rendering other than by spaces: `adriamycin` for
/// `doxorubicin`, `MDR1` for `ABCB1`.
pub fn subject_written(claim: &ClaimRecord) -> Option<&str> {
    let subject = &claim.subject;
    let written = subject.written.as_str();
    let written = written
        .strip_prefix("carrier ")
        .or_else(|| written.strip_prefix("drug "))
        .unwrap_or(written)
        .trim();
    let canonical = subject.formulation.as_deref().unwrap_or(&subject.canonical);
    let squeezed = |text: &str| text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    (squeezed(written) != squeezed(canonical)).then_some(written)
}

/// A name, with what the author wrote when it differs: `ABCB1 (MDR1)`.
pub fn name_with_written(name: &NameRef) -> String {
    match &name.canonical {
        Some(canonical) if *canonical != name.written => format!("{canonical} ({})", name.written),
        _ => name.display().to_string(),
    }
}

/// The subject column: the formulation's name, else the canonical subject
/// (`SLN(talazoparib) with TPGS`, `doxorubicin`, `NFE2L2`), then what was written when
/// it differs: `ABCB1 (MDR1)`.
pub fn subject_label(claim: &ClaimRecord) -> String {
    let canonical = match &claim.subject.formulation {
        Some(name) => name.clone(),
        None => claim.subject.canonical.clone(),
    };
    match subject_written(claim) {
        Some(written) => format!("{canonical} ({written})"),
        None => canonical,
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
        "# Claims by {by}\n\n{} from {}. A level marked * is derived from the claim's contexts (spec 0.3 §11 M).\n",
        crate::text::plural(export.claims.len(), "claim"),
        crate::text::plural(export.files, "file")
    );
    for (group, claims) in grouped(export.claims, export.group_by) {
        let noun = if claims.len() == 1 { "claim" } else { "claims" };
        out.push_str(&format!("\n## {} ({} {noun})\n\n", cell(&group), claims.len()));
        out.push_str("| Subject | Carrier | Payload | Formulation | Effect | Targets | Context | Mechanism | Level | Design | References | Quote |\n");
        out.push_str("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
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
                Some(m) if m.inherited => format!("{} (section)", name_with_written(&m.name)),
                Some(m) => name_with_written(&m.name),
                None => String::new(),
            };
            // The subject as a whole (a composition, formulation, drug, or the target
            // or process of a claim about biology), then its parts: a biological
            // subject is no carrier.
            let row = [
                subject_label(claim),
                claim.subject.carrier.as_ref().map(name_with_written).unwrap_or_default(),
                payload,
                claim.subject.formulation.clone().unwrap_or_default(),
                effect(claim),
                list(&claim.objects),
                context,
                mechanism,
                claim.level.label(),
                design(claim).join("; "),
                keys_label(claim),
                claim.quote.clone().unwrap_or_default(),
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
