//! `evn fmt`, `evn check --fix` and `evn export` end to end: exit codes, files written
//! or left alone, and golden files (insta snapshots) of every export format on the
//! example review and on `tests/fixtures/export/design.evn` (spec 0.3's effects, design
//! and levels).

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::evn;

fn evn_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_evn"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run evn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const MESSY: &str = "carrier  SLN ( talazoparib ) downregulates MDR1 ,BCRP  cite( 79 )   # note  \n\n\n\t in TNBC\nref 79 \"x\"\n\n";
const TIDY: &str =
    "carrier SLN(talazoparib) downregulates MDR1, BCRP cite(79) # note\n\nref 79 \"x\"\n";

#[test]
fn fmt_writes_checks_and_diffs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.evn");
    let messy = "carrier  SLN ( talazoparib ) downregulates MDR1 ,BCRP  cite( 79 )   # note  \n\t in TNBC\n\n\n\nref 79 \"x\"\n\n";
    let tidy = "carrier SLN(talazoparib) downregulates MDR1, BCRP cite(79) # note\n    in TNBC\n\nref 79 \"x\"\n";
    std::fs::write(&file, messy).unwrap();
    std::fs::write(dir.path().join("b.evn"), "ref 1 \"y\"\n").unwrap();

    let check = evn(dir.path(), &["fmt", "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert_eq!(stdout(&check), "would reformat: a.evn\n");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), messy, "--check writes nothing");

    let diff = evn(dir.path(), &["fmt", "--diff", "a.evn"]);
    assert_eq!(diff.status.code(), Some(1));
    insta::assert_snapshot!("fmt_diff", stdout(&diff));

    let write = evn(dir.path(), &["fmt"]);
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    assert!(
        stderr(&write).contains("1 file reformatted, 1 file left unchanged"),
        "{}",
        stderr(&write)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), tidy);
    assert_eq!(evn(dir.path(), &["fmt", "--check"]).status.code(), Some(0));
}

#[test]
fn fmt_keeps_crlf_and_the_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crlf.evn");
    std::fs::write(&file, b"\xEF\xBB\xBFref 1  \"x\"  \r\nref 2 \"y\"").unwrap();
    assert_eq!(evn(dir.path(), &["fmt"]).status.code(), Some(0));
    assert_eq!(std::fs::read(&file).unwrap(), b"\xEF\xBB\xBFref 1 \"x\"\r\nref 2 \"y\"\r\n");
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_alone_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "carrier  SLN( downregulates   \nref 1 \"x\"\n";
    std::fs::write(dir.path().join("bad.evn"), bad).unwrap();
    let output = evn(dir.path(), &["fmt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad.evn:1:"), "{}", stderr(&output));
    assert!(stderr(&output).contains("left unchanged"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(dir.path().join("bad.evn")).unwrap(), bad);
}

#[test]
fn fmt_reads_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let output = evn_stdin(dir.path(), &["fmt", "-"], MESSY.replace("\t in TNBC\n", "").as_str());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), TIDY);
    let check = evn_stdin(dir.path(), &["fmt", "--check", "-"], TIDY);
    assert_eq!(check.status.code(), Some(0));
    // With errors the input comes back unchanged, so that an editor loses nothing.
    let bad = evn_stdin(dir.path(), &["fmt", "-"], "carrier SLN(\n");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(stdout(&bad), "carrier SLN(\n");
}

/// Spec 0.3 §11 K, L, M through `evn fmt`: the diff users read, and the same findings
/// before and after (only the columns move).
#[test]
fn fmt_spaces_effect_measures_doses_design_and_combinations() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("design.evn");
    let messy = "ref 1 \"A trial\"\n\
        drug  dabrafenib +trametinib prolongs overall-survival in melanoma effect HR 0.62  ci 0.49-0.77 p<0.001\n\
        \t vs placebo ,docetaxel +carboplatin n  600 level phase-3 trial COMBI-d cite( 1 )\n\
        carrier SLN( paclitaxel  +  curcumin ) downregulates ABCB1 by -14.9 %  at 5 mg/kg for 12  weeks through MAP2K1 ,MAPK1 cite(1)\n\
        drug imatinib inhibits ABL1 by 55-fold in K-562 cite(1)   # fold\n\
        drug metformin decreases HbA1c by \u{2212}0.45 points vs placebo cite(1)\n";
    std::fs::write(&file, messy).unwrap();
    let findings = |dir: &Path| -> Vec<String> {
        let output = evn(dir, &["check", "--format", "short", "--show-hints"]);
        stdout(&output)
            .lines()
            .map(|l| {
                // `path:line:col: rest` less the column.
                let mut parts = l.splitn(4, ':');
                let (path, line, _, rest) =
                    (parts.next(), parts.next(), parts.next(), parts.next());
                format!("{path:?}:{line:?}:{rest:?}")
            })
            .collect()
    };
    let before = findings(dir.path());

    let diff = evn(dir.path(), &["fmt", "--diff", "design.evn"]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    insta::assert_snapshot!("fmt_diff_design", stdout(&diff));

    let write = evn(dir.path(), &["fmt"]);
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    let tidy = std::fs::read_to_string(&file).unwrap();
    assert!(tidy.contains("drug dabrafenib + trametinib prolongs"), "{tidy}");
    assert!(tidy.contains("p < 0.001\n    vs placebo, docetaxel + carboplatin n 600"), "{tidy}");
    assert!(tidy.contains("SLN(paclitaxel + curcumin)"), "{tidy}");
    assert!(tidy.contains("by -14.9% at 5 mg/kg for 12 weeks"), "{tidy}");
    assert!(tidy.contains("by \u{2212}0.45 points"), "{tidy}");
    assert_eq!(evn(dir.path(), &["fmt", "--check"]).status.code(), Some(0));
    assert_eq!(findings(dir.path()), before, "formatting changed what `evn check` finds");
}

/// Spec §10 E: `MDR1` is ABCB1 in the prelude but also TBC1D9's alias in the gene
/// namespace, so `--fix` leaves it as written (the hint says why); `NRF2` is settled
/// by the prelude as NFE2L2, but is GABPA's alias in the gene namespace: no fix either.
#[test]
fn check_fix_never_rewrites_a_name_that_another_layer_reads_differently() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evn.toml"), "[rules]\nnon-canonical-name = \"warning\"\n")
        .unwrap();
    let file = dir.path().join("claims.evn");
    let text = "drug doxorubicin downregulates MDR1, NRF2 cite(79)\nref 79 \"x\"\n";
    std::fs::write(&file, text).unwrap();
    let run = evn(dir.path(), &["check", "--fix", "--format", "short"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    assert!(stderr(&run).contains("No fixes applied"), "{}", stderr(&run));
    assert!(stdout(&run).contains("`MDR1` is an alias of `ABCB1` here"), "{}", stdout(&run));
    assert!(stdout(&run).contains("`NRF2` is an alias of `NFE2L2` here"), "{}", stdout(&run));
}

/// Issue 21: `TEM-1` is written like CD248's HGNC alias `TEM1`, and in a review of
/// β-lactamases it is the enzyme; a spelling variant of a reference alias is reported,
/// never rewritten, not even with `--unsafe-fixes`. (`KPC-2`, the first such case, is
/// the prelude's carbapenemase since session 31.)
#[test]
fn check_fix_never_rewrites_a_spelling_variant_of_a_reference_alias() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.evn");
    let text = "drug avibactam inhibits TEM-1 cite(1)\nref 1 \"x\"\n";
    std::fs::write(&file, text).unwrap();
    let run = evn(dir.path(), &["check", "--fix", "--unsafe-fixes", "--format", "short"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    assert!(stderr(&run).contains("No fixes applied"), "{}", stderr(&run));
    assert!(stdout(&run).contains("warning[non-canonical-name]"), "{}", stdout(&run));
    assert!(stdout(&run).contains("it is not rewritten"), "{}", stdout(&run));
}

#[test]
fn check_fix_applies_safe_fixes_and_unsafe_ones_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evn.toml"), "[rules]\nnon-canonical-name = \"warning\"\n")
        .unwrap();
    let file = dir.path().join("claims.evn");
    std::fs::write(
        &file,
        "carrier SLN(talazoparib) downregulates Bcl-2, BCRQ in TNBC cite(79)\nref 79 \"x\"\n",
    )
    .unwrap();

    let safe = evn(dir.path(), &["check", "--fix", "--format", "short"]);
    assert_eq!(safe.status.code(), Some(1), "BCRQ is still unknown: {}", stdout(&safe));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "carrier SLN(talazoparib) downregulates BCL2, BCRQ in TNBC cite(79)\nref 79 \"x\"\n"
    );
    assert!(stderr(&safe).contains("Applied 1 fix in 1 file"), "{}", stderr(&safe));
    assert!(
        stderr(&safe)
            .contains("claims.evn:1:40: non-canonical-name: use the canonical name `BCL2`"),
        "{}",
        stderr(&safe)
    );
    // The report is of the fixed text: the alias is gone, the unknown target remains.
    assert!(!stdout(&safe).contains("non-canonical-name"), "{}", stdout(&safe));
    assert!(stdout(&safe).contains("unknown-target"), "{}", stdout(&safe));

    let unsafe_fixes = evn(dir.path(), &["check", "--fix", "--unsafe-fixes"]);
    assert_eq!(
        unsafe_fixes.status.code(),
        Some(0),
        "{}{}",
        stdout(&unsafe_fixes),
        stderr(&unsafe_fixes)
    );
    // `BCRP` is an alias: the next pass writes it canonically, and nothing is left.
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "carrier SLN(talazoparib) downregulates BCL2, ABCG2 in TNBC cite(79)\nref 79 \"x\"\n"
    );
    let again = evn(dir.path(), &["check", "--fix"]);
    assert!(stderr(&again).contains("No fixes applied"), "{}", stderr(&again));
    assert_eq!(
        evn(dir.path(), &["check", "--unsafe-fixes"]).status.code(),
        Some(2),
        "--unsafe-fixes needs --fix"
    );
}

#[test]
fn check_fix_leaves_hints_alone_unless_they_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.evn");
    let text = "carrier SLN(talazoparib) downregulates BCRP cite(79)\nref 79 \"x\"\n";
    std::fs::write(&file, text).unwrap();
    evn(dir.path(), &["check", "--fix"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    evn(dir.path(), &["check", "--fix", "--show-hints"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text.replace("BCRP", "ABCG2"));
}

fn export(format: &str, extra: &[&str]) -> String {
    export_of("examples/review", format, extra)
}

fn export_of(path: &str, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", path, "--format", format];
    args.extend_from_slice(extra);
    let output = evn(&root(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

/// The export parsed, after checking it against `schemas/export.schema.json`.
fn valid_json(text: &str) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/export.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    value
}

#[test]
fn export_json_matches_its_schema_and_the_golden_file() {
    let text = export("json", &[]);
    let value = valid_json(&text);
    assert_eq!(value["version"], 2);
    let claims = value["claims"].as_array().expect("claims");
    assert!(claims.len() > 150);
    // A claim with an inherited mechanism, an alias and a reference text.
    let talazoparib = claims
        .iter()
        .find(|c| c["subject"]["written"] == "talazoparib-SLN" && c["relation"] == "downregulates")
        .expect("the talazoparib claim");
    assert_eq!(talazoparib["subject"]["formulation"], "talazoparib-SLN");
    assert_eq!(talazoparib["subject"]["carrier"]["canonical"], "SLN");
    assert_eq!(talazoparib["subject"]["payload"][0]["canonical"], "talazoparib");
    assert_eq!(talazoparib["mechanism"]["canonical"], "efflux");
    assert_eq!(talazoparib["mechanism"]["inherited"], true);
    assert_eq!(talazoparib["objects"][0]["written"], "MDR1");
    assert_eq!(talazoparib["objects"][0]["canonical"], "ABCB1");
    assert!(talazoparib["citations"][0]["text"].as_str().is_some_and(|t| !t.is_empty()));
    insta::assert_snapshot!("export_json", text);
}

#[test]
fn export_csv_has_one_row_per_claim_and_object() {
    let text = export("csv", &[]);
    let json: serde_json::Value = serde_json::from_str(&export("json", &[])).unwrap();
    let objects: usize = json["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["objects"].as_array().unwrap().len())
        .sum();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV record")).collect();
    assert_eq!(rows.len(), objects);
    assert!(rows.iter().all(|r| r.len() == 34));
    insta::assert_snapshot!("export_csv", text);
}

#[test]
fn export_markdown_dot_and_html_golden_files() {
    insta::assert_snapshot!("export_markdown", export("markdown", &[]));
    insta::assert_snapshot!(
        "export_markdown_by_carrier",
        export("markdown", &["--group-by", "carrier"])
    );
    let dot = export("dot", &[]);
    assert!(dot.starts_with("digraph evidence {") && dot.trim_end().ends_with('}'));
    insta::assert_snapshot!("export_dot", dot);
    let html = export("html", &[]);
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(!html.contains(external), "the page must be self-contained: {external}");
    }
    insta::assert_snapshot!("export_html", html);
}

/// Issue 15 item 7: a claim about biology has its subject in the Subject column and
/// no carrier; the export's error count is `check`'s, a BibTeX file's error included.
#[test]
fn export_markdown_puts_a_biological_subject_in_no_carrier_column_and_counts_bibtex_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evn.toml"), "bibliography = [\"refs.bib\"]\n").unwrap();
    std::fs::write(
        dir.path().join("refs.bib"),
        "@article{a1, title = {One}, year = {2020}}\n@article{a1, title = {Again}, year = {2021}}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("claims.evn"), "NFE2L2 activates HMOX1 cite(a1)\n").unwrap();
    let check = evn(dir.path(), &["check", "--format", "short"]);
    assert!(stdout(&check).contains("duplicate-reference"), "{}", stdout(&check));
    assert!(stdout(&check).contains("1 error"), "{}", stdout(&check));
    let export = evn(dir.path(), &["export", "--format", "markdown"]);
    let markdown = stdout(&export);
    assert!(markdown.contains("| Subject | Carrier | Payload |"), "{markdown}");
    assert!(markdown.contains("| NFE2L2 | — | — |"), "{markdown}");
    assert!(stderr(&export).contains("has 1 errors"), "{}", stderr(&export));
}

/// Spec 0.3 §11 K, L, M in every export: a fixture with one of each form (a
/// combination, `by` a percentage and a fold change, `effect` with its interval and p,
/// dose, duration, comparators, `n`, `trial`, `through`, written and derived levels).
const DESIGN: &str = "tests/fixtures/export/design.evn";

#[test]
fn export_json_of_effects_design_and_levels() {
    let text = export_of(DESIGN, "json", &[]);
    let value = valid_json(&text);
    let claims = value["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 7);
    let combination = &claims[0];
    assert_eq!(combination["subject"]["canonical"], "dabrafenib + trametinib");
    assert_eq!(combination["subject"]["payload"].as_array().map(Vec::len), Some(2));
    assert_eq!(combination["effect"]["written"], "effect HR 0.62 ci 0.49-0.77 p < 0.001");
    assert_eq!(combination["effect"]["measure"], "HR");
    assert_eq!(combination["effect"]["ci"], serde_json::json!([0.49, 0.77]));
    assert_eq!(combination["effect"]["p_below"], true);
    assert_eq!(combination["comparator"][0][0]["canonical"], "placebo");
    assert_eq!(combination["comparator"][1][1]["canonical"], "carboplatin");
    assert_eq!(combination["n"], 600);
    assert_eq!(combination["trial"], "NCT01584648");
    assert_eq!(combination["level"], serde_json::json!({"value": "phase-3", "source": "written"}));
    assert_eq!(claims[1]["mediators"][1]["canonical"], "MAPK1");
    assert_eq!(claims[2]["level"], serde_json::json!({"value": "clinical", "source": "derived"}));
    let animals = &claims[3];
    assert_eq!(animals["subject"]["written"], "drug adriamycin");
    assert_eq!(animals["effect"]["value"], -14.9);
    assert_eq!(animals["effect_percent"], -14.9);
    assert_eq!(
        animals["dose"],
        serde_json::json!({"written": "5 mg/kg", "value": 5.0, "unit": "mg/kg"})
    );
    assert_eq!(animals["duration"]["unit"], "weeks");
    assert_eq!(animals["level"], serde_json::json!({"value": "in-vivo", "source": "derived"}));
    assert_eq!(claims[4]["effect"]["unit"], "-fold");
    insta::assert_snapshot!("export_design_json", text);
}

#[test]
fn export_csv_markdown_and_html_of_effects_design_and_levels() {
    let csv = export_of(DESIGN, "csv", &[]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV record")).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(&rows[0][column("comparator")], "placebo; docetaxel + carboplatin");
    assert_eq!(&rows[0][column("level_source")], "written");
    insta::assert_snapshot!("export_design_csv", csv);

    let markdown = export_of(DESIGN, "markdown", &[]);
    for shown in [
        "by -14.9%",
        "by 55-fold",
        "effect HR 0.62 ci 0.49-0.77 p < 0.001",
        "tumour volume fell by 14.9% against vehicle",
        "doxorubicin (adriamycin)",
        "ABCB1 (MDR1)",
        "in-vivo*",
        "vs placebo, docetaxel + carboplatin",
        "through MAP2K1, MAPK1",
    ] {
        assert!(markdown.contains(shown), "{shown} missing:\n{markdown}");
    }
    insta::assert_snapshot!("export_design_markdown", markdown);

    let html = export_of(DESIGN, "html", &[]);
    for external in ["http://", "https://", "src=", "<link"] {
        assert!(!html.contains(external), "the page must be self-contained: {external}");
    }
    assert!(html.contains("<h2>Targets and processes by evidence level</h2>"));
    assert!(html.contains("<select id=\"level\">"));
    insta::assert_snapshot!("export_design_html", html);
}
