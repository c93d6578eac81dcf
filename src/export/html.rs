//! The HTML export: one self-contained page (inline CSS and JS, no network, no external
//! assets) for a reviewer: a carrier × mechanism matrix with counts, each target's and
//! process's claims by evidence level (spec 0.3 §11 M), the claims table with filters,
//! and the diagnostics. Rows are rendered here, so the page reads without JavaScript
//! too; the script only hides rows that do not match the filters.

use crate::text::plural;
use std::collections::{BTreeMap, BTreeSet};

use super::markdown::{arrow, design, effect, name_with_written, subject_label, subject_written};
use super::model::{
    carrier_label, composition, groups, keys_label, ClaimRecord, GroupBy, NameRef, TIERS,
};
use super::Export;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn list(names: &[NameRef]) -> String {
    names.iter().map(name_with_written).collect::<Vec<_>>().join(", ")
}

fn mechanism_label(claim: &ClaimRecord) -> String {
    groups(claim, GroupBy::Mechanism).into_iter().next().unwrap_or_default()
}

/// The subject's canonical name (a formulation with its composition), then what the
/// author wrote when it differs.
fn subject_html(claim: &ClaimRecord) -> String {
    let mut out = match (&claim.subject.formulation, &claim.subject.carrier) {
        (Some(f), Some(carrier)) => {
            let composition = composition(carrier, &claim.subject.payload, &claim.subject.with);
            format!("{} <span class=\"muted\">= {}</span>", escape(f), escape(&composition))
        }
        _ => escape(&claim.subject.canonical),
    };
    if let Some(written) = subject_written(claim) {
        out.push_str(&format!(" <span class=\"muted\">({})</span>", escape(written)));
    }
    out
}

/// A claim's level: `phase-3` when written, `in-vivo*` (in italics) when derived, with
/// a title saying which.
fn level_html(claim: &ClaimRecord) -> String {
    let level = &claim.level;
    if level.tier() == "unknown" {
        return "<span class=\"muted\" title=\"no level written, none derivable\">?</span>"
            .to_string();
    }
    let (class, how) = if level.is_derived() {
        ("lv derived", "derived from the contexts")
    } else {
        ("lv", "written")
    };
    format!("<span class=\"{class}\" title=\"{how}\">{}</span>", escape(&level.label()))
}

/// For each target and process among the claims' objects (by canonical name), its
/// claims in file order, each once.
fn by_object(claims: &[ClaimRecord]) -> BTreeMap<(String, String), Vec<&ClaimRecord>> {
    let mut out: BTreeMap<(String, String), Vec<&ClaimRecord>> = BTreeMap::new();
    for claim in claims {
        for object in &claim.objects {
            if !matches!(object.kind, Some("target" | "process")) {
                continue;
            }
            let name = object.display();
            let members = out.entry((name.to_lowercase(), name.to_string())).or_default();
            if !members.last().is_some_and(|last| std::ptr::eq(*last, claim)) {
                members.push(claim);
            }
        }
    }
    out
}

/// The table of each target's and process's claims by evidence level: one row per
/// object, one column per tier from computation to people, then the claims of no known
/// level.
fn levels_table(claims: &[ClaimRecord], out: &mut String) {
    out.push_str("<h2>Targets and processes by evidence level</h2>\n<p class=\"muted\">Each target's and process's claims, by the tier of their level; a level in italics with * is derived from the claim's contexts, the others are written with <code>level</code>.</p>\n");
    let objects = by_object(claims);
    if objects.is_empty() {
        out.push_str("<p class=\"muted\">No claim names a target or a process.</p>\n");
        return;
    }
    out.push_str("<table class=\"levels\">\n<thead><tr><th>target or process</th>");
    for tier in TIERS {
        out.push_str(&format!("<th>{tier}</th>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for ((_, name), members) in &objects {
        out.push_str(&format!("<tr><th>{}</th>", escape(name)));
        for tier in TIERS {
            let here: Vec<&&ClaimRecord> =
                members.iter().filter(|c| c.level.tier() == tier).collect();
            if here.is_empty() {
                out.push_str("<td class=\"z\">·</td>");
                continue;
            }
            out.push_str("<td><ul>");
            for claim in here {
                out.push_str(&format!(
                    "<li class=\"{}\" title=\"{}:{}\">{}{} {}</li>",
                    escape(claim.polarity.unwrap_or("unknown")),
                    escape(&claim.file),
                    claim.line,
                    escape(arrow(claim)),
                    escape(&subject_label(claim)),
                    level_html(claim),
                ));
            }
            out.push_str("</ul></td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

const STYLE: &str = r#"
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1.5em 2em; color: #1d1d1f; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.summary { color: #555; }
table { border-collapse: collapse; margin-top: .5em; }
th, td { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #f3f4f6; position: sticky; top: 0; }
table.matrix { font-size: 12px; }
table.matrix th { white-space: nowrap; }
table.matrix thead th { writing-mode: vertical-rl; transform: rotate(180deg); vertical-align: bottom; padding: 6px 3px; }
table.matrix thead th:first-child { writing-mode: horizontal-tb; transform: none; }
table.matrix td.n { text-align: right; cursor: pointer; }
table.matrix td.n:hover { outline: 2px solid #1f6feb; }
table.matrix td.z { color: #bbb; text-align: right; }
td.up, td.down, td.none, td.null { white-space: nowrap; }
.up { color: #1b7f3b; font-weight: 600; } .down { color: #b42318; font-weight: 600; } .none { color: #555; } .null { color: #555; font-style: italic; }
.filters { display: flex; gap: .8em; flex-wrap: wrap; align-items: center; margin: .6em 0; }
.filters input[type=search] { width: 22em; padding: 3px 6px; }
table.levels td { min-width: 9em; font-size: 12px; }
table.levels ul { margin: 0; padding-left: 1.1em; }
table.levels td.z { color: #bbb; text-align: center; min-width: 0; }
li.up, li.down { font-weight: normal; }
.lv { color: #555; font-size: 11px; } .lv.derived { font-style: italic; }
td.quote { min-width: 20em; max-width: 32em; font-style: italic; color: #444; }
td.where { white-space: nowrap; font-family: ui-monospace, monospace; font-size: 12px; }
.sev-error { color: #b42318; font-weight: 600; } .sev-warning { color: #9a6700; font-weight: 600; } .sev-info { color: #1f6feb; }
.muted { color: #888; }
"#;

const SCRIPT: &str = r#"
(function () {
  var q = document.getElementById('q'), mech = document.getElementById('mechanism'),
      carrier = document.getElementById('carrier'), pol = document.getElementById('polarity'),
      lv = document.getElementById('level'), shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#claims tbody tr'));
  function apply() {
    var text = q.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (row) {
      var ok = (!text || row.textContent.toLowerCase().indexOf(text) >= 0)
        && (!mech.value || row.dataset.mechanism === mech.value)
        && (!carrier.value || row.dataset.carrier === carrier.value)
        && (!pol.value || row.dataset.polarity === pol.value)
        && (!lv.value || row.dataset.level === lv.value);
      row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' claims';
  }
  [q, mech, carrier, pol, lv].forEach(function (el) { el.addEventListener('input', apply); });
  document.querySelectorAll('table.matrix td.n').forEach(function (td) {
    td.addEventListener('click', function () {
      carrier.value = td.dataset.carrier; mech.value = td.dataset.mechanism; q.value = ''; pol.value = ''; lv.value = '';
      apply(); document.getElementById('claims').scrollIntoView();
    });
  });
  // `page.html#q=ABCB1` opens the page filtered: links to a selection can be shared.
  var hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (hash.indexOf('q=') === 0) { q.value = hash.slice(2); }
  apply();
})();
"#;

pub fn render(export: &Export<'_>) -> String {
    let claims = export.claims;
    let mut matrix: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut carriers: BTreeSet<String> = BTreeSet::new();
    let mut mechanisms: BTreeSet<String> = BTreeSet::new();
    for claim in claims {
        let (c, m) = (carrier_label(claim), mechanism_label(claim));
        carriers.insert(c.clone());
        mechanisms.insert(m.clone());
        *matrix.entry((c, m)).or_default() += 1;
    }
    let placeholders_last = |set: BTreeSet<String>| {
        let mut v: Vec<String> = set.into_iter().collect();
        v.sort_by_key(|a| (a.starts_with('('), a.to_lowercase()));
        v
    };
    let carriers = placeholders_last(carriers);
    let mechanisms = placeholders_last(mechanisms);

    let mut out = String::with_capacity(4096 + claims.len() * 600);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>EVN claims</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>Evidence Notation: claims</h1>\n");
    let errors = export.diagnostics.iter().filter(|d| d.severity == "error").count();
    let warnings = export.diagnostics.iter().filter(|d| d.severity == "warning").count();
    out.push_str(&format!(
        "<p class=\"summary\">{} from {}; {}, {}.</p>\n",
        plural(claims.len(), "claim"),
        plural(export.files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    ));

    // The matrix.
    out.push_str("<h2>Carrier × mechanism</h2>\n<p class=\"muted\">Claims per carrier and mechanism (own or the section's); click a count to list its claims.</p>\n");
    out.push_str("<table class=\"matrix\">\n<thead><tr><th>carrier \\ mechanism</th>");
    for m in &mechanisms {
        out.push_str(&format!("<th>{}</th>", escape(m)));
    }
    out.push_str("<th>total</th></tr></thead>\n<tbody>\n");
    for c in &carriers {
        out.push_str(&format!("<tr><th>{}</th>", escape(c)));
        let mut total = 0;
        for m in &mechanisms {
            match matrix.get(&(c.clone(), m.clone())) {
                Some(n) => {
                    total += n;
                    out.push_str(&format!(
                        "<td class=\"n\" data-carrier=\"{}\" data-mechanism=\"{}\">{n}</td>",
                        escape(c),
                        escape(m)
                    ));
                }
                None => out.push_str("<td class=\"z\">·</td>"),
            }
        }
        out.push_str(&format!(
            "<td class=\"n\" data-carrier=\"{}\" data-mechanism=\"\">{total}</td></tr>\n",
            escape(c)
        ));
    }
    out.push_str("</tbody>\n</table>\n");

    levels_table(claims, &mut out);

    // The claims.
    out.push_str("<h2>Claims</h2>\n<div class=\"filters\">\n");
    out.push_str("<input type=\"search\" id=\"q\" placeholder=\"Filter: any text (target, drug, reference…)\">\n");
    let select = |id: &str, label: &str, values: &[String]| {
        let mut s = format!("<label>{label} <select id=\"{id}\"><option value=\"\">all</option>");
        for v in values {
            s.push_str(&format!("<option value=\"{0}\">{0}</option>", escape(v)));
        }
        s.push_str("</select></label>\n");
        s
    };
    out.push_str(&select("mechanism", "mechanism", &mechanisms));
    out.push_str(&select("carrier", "carrier", &carriers));
    out.push_str(&select(
        "polarity",
        "direction",
        &["up", "down", "none", "null"].map(String::from),
    ));
    out.push_str(&select("level", "level", &TIERS.map(String::from)));
    out.push_str("<span id=\"shown\" class=\"muted\"></span>\n</div>\n");
    out.push_str("<table id=\"claims\">\n<thead><tr><th>where</th><th>subject</th><th>effect</th><th>objects</th><th>context</th><th>mechanism</th><th>level</th><th>design</th><th>references</th><th>quote</th></tr></thead>\n<tbody>\n");
    for claim in claims {
        let polarity = claim.polarity.unwrap_or("unknown");
        let mut context = list(&claim.contexts);
        if !claim.stimuli.is_empty() {
            let stimuli = format!("under {}", list(&claim.stimuli));
            context = if context.is_empty() { stimuli } else { format!("{context}; {stimuli}") };
        }
        let mechanism = match &claim.mechanism {
            Some(m) if m.inherited => format!(
                "{} <span class=\"muted\">(section)</span>",
                escape(&name_with_written(&m.name))
            ),
            Some(m) => escape(&name_with_written(&m.name)),
            None => String::new(),
        };
        let references: Vec<String> = claim
            .citations
            .iter()
            .map(|c| match &c.text {
                Some(text) => format!("<abbr title=\"{}\">{}</abbr>", escape(text), escape(&c.key)),
                None => format!(
                    "<span class=\"sev-error\" title=\"undefined reference\">{}</span>",
                    escape(&c.key)
                ),
            })
            .collect();
        let subject = subject_html(claim);
        out.push_str(&format!(
            "<tr data-mechanism=\"{}\" data-carrier=\"{}\" data-polarity=\"{}\" data-level=\"{}\"><td class=\"where\" title=\"{}\">{}:{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td class=\"quote\">{}</td></tr>\n",
            escape(&mechanism_label(claim)),
            escape(&carrier_label(claim)),
            escape(polarity),
            claim.level.tier(),
            escape(&claim.file),
            escape(claim.file.rsplit('/').next().unwrap_or(&claim.file)),
            claim.line,
            subject,
            escape(polarity),
            escape(&effect(claim)),
            escape(&list(&claim.objects)),
            escape(&context),
            mechanism,
            level_html(claim),
            escape(&design(claim).join("; ")),
            escape(&keys_label(claim)),
            references.join(", "),
            escape(claim.quote.as_deref().unwrap_or("")),
        ));
    }
    out.push_str("</tbody>\n</table>\n");

    // The diagnostics.
    out.push_str("<h2>Diagnostics</h2>\n");
    if export.diagnostics.is_empty() {
        out.push_str("<p class=\"muted\">None: every check passed.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th>where</th><th>severity</th><th>rule</th><th>message</th></tr></thead>\n<tbody>\n");
        for d in export.diagnostics {
            out.push_str(&format!(
                "<tr><td class=\"where\">{}:{}:{}</td><td class=\"sev-{}\">{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&d.file),
                d.line,
                d.column,
                escape(d.severity),
                escape(d.severity),
                escape(d.rule),
                escape(&d.message)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}
