//! The Graphviz export: the evidence graph, subjects → objects, one edge per (subject,
//! object, polarity, mechanism) with how many claims and which references back it;
//! green for up, red for down, grey for no direction.

use std::collections::BTreeMap;

use super::model::keys_label;
use super::Export;

/// A DOT string literal.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// (subject, object, polarity, mechanism): one edge of the graph.
type EdgeKey<'a> = (String, String, &'a str, String);

pub fn render(export: &Export<'_>) -> String {
    // Each edge with how many claims back it and their references.
    let mut edges: BTreeMap<EdgeKey<'_>, (usize, Vec<String>)> = BTreeMap::new();
    let mut subjects: BTreeMap<String, &str> = BTreeMap::new();
    let mut objects: BTreeMap<String, &str> = BTreeMap::new();
    for claim in export.claims {
        let subject = claim.subject.canonical.clone();
        subjects.insert(subject.clone(), claim.subject.kind);
        let mechanism =
            claim.mechanism.as_ref().map(|m| m.name.display().to_string()).unwrap_or_default();
        for object in &claim.objects {
            let name = object.display().to_string();
            objects.entry(name.clone()).or_insert(object.kind.unwrap_or("unknown"));
            let edge = edges
                .entry((
                    subject.clone(),
                    name,
                    claim.polarity.unwrap_or("unknown"),
                    mechanism.clone(),
                ))
                .or_default();
            edge.0 += 1;
            let keys = keys_label(claim);
            if !keys.is_empty() && !edge.1.contains(&keys) {
                edge.1.push(keys);
            }
        }
    }
    let mut out = String::from("digraph evidence {\n");
    out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", label=\"EVN evidence graph\"];\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n");
    for (name, kind) in &subjects {
        let fill = match *kind {
            "carrier" | "formulation" => "#dbe9f6",
            "drug" => "#fdebd0",
            _ => "#eeeeee",
        };
        out.push_str(&format!(
            "  {} [label={}, shape=box, style=\"rounded,filled\", fillcolor=\"{fill}\", tooltip={}];\n",
            quoted(&format!("s:{name}")),
            quoted(name),
            quoted(kind)
        ));
    }
    for (name, kind) in &objects {
        let shape = if *kind == "process" { "ellipse" } else { "oval" };
        let style = if *kind == "target" { "filled" } else { "solid" };
        out.push_str(&format!(
            "  {} [label={}, shape={shape}, style={style}, fillcolor=\"#f4f4f4\", tooltip={}];\n",
            quoted(&format!("o:{name}")),
            quoted(name),
            quoted(kind)
        ));
    }
    for ((subject, object, polarity, mechanism), (count, keys)) in &edges {
        let (color, arrow, style) = match *polarity {
            "up" => ("#2e7d32", "normal", ""),
            "down" => ("#c62828", "tee", ""),
            // A finding of no effect: dashed, no head.
            "null" => ("#757575", "none", ", style=dashed"),
            _ => ("#757575", "odot", ""),
        };
        let mut label = mechanism.clone();
        if *count > 1 {
            label.push_str(&format!(" ×{count}"));
        }
        out.push_str(&format!(
            "  {} -> {} [color=\"{color}\", arrowhead={arrow}{style}, label={}, tooltip={}];\n",
            quoted(&format!("s:{subject}")),
            quoted(&format!("o:{object}")),
            quoted(label.trim()),
            quoted(&format!("{polarity}; cite({})", keys.join("; ")))
        ));
    }
    out.push_str("}\n");
    out
}
