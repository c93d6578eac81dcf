//! The grammars under `grammar/` and the editor manifests against the real parser and
//! checker: every example written in `evn.ebnf` parses without a syntax error, every
//! `invalid:` one gives one, every production has an example; the TextMate grammar
//! knows the same keywords and relation words (by polarity) as the lexer and the
//! checker; the VS Code extension's `evn.rules` setting lists every rule.

use std::collections::{BTreeMap, BTreeSet};

use evn::check::relations::{Polarity, RELATIONS};
use evn::diagnostic::Rule;
use evn::syntax::lexer::{tokens, Token};
use evn::syntax::parse;

const EBNF: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/evn.ebnf"));
const TEXTMATE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/grammar/evn.tmLanguage.json"));
const VSCODE_MANIFEST: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/editors/vscode/package.json"));

/// One production of `evn.ebnf`: its name, its right-hand side (comments removed)
/// and the examples written after it.
#[derive(Default, Debug)]
struct Production {
    name: String,
    body: String,
    examples: Vec<String>,
    invalid: Vec<String>,
}

/// Comments of one line, `(* ... *)`, as (start, end, inner text).
fn comments(line: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = line[from..].find("(*").map(|i| from + i) {
        let Some(end) = line[start..].find("*)").map(|i| start + i + 2) else { break };
        out.push((start, end, line[start + 2..end - 2].trim()));
        from = end;
    }
    out
}

/// The productions, in file order. A production starts with a name at column 0 (the
/// `=` may be on the next line) and runs to the next one; comments that span lines
/// are skipped, one-line comments may hold `example:` and `invalid:` statements.
fn productions() -> Vec<Production> {
    let mut out: Vec<Production> = Vec::new();
    let mut in_block_comment = false;
    for line in EBNF.lines() {
        if in_block_comment {
            in_block_comment = !line.contains("*)");
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("(*") && !trimmed.contains("*)") {
            in_block_comment = true;
            continue;
        }
        let starts_production = line.starts_with(|c: char| c.is_ascii_alphabetic());
        if starts_production {
            let name = line.split(|c: char| c.is_whitespace() || c == '=').next().unwrap_or("");
            out.push(Production { name: name.to_string(), ..Production::default() });
        }
        let Some(current) = out.last_mut() else { continue };
        let mut code = line.to_string();
        for (start, end, text) in comments(line).into_iter().rev() {
            if let Some(example) = text.strip_prefix("example:") {
                current.examples.push(example.trim().to_string());
            } else if let Some(example) = text.strip_prefix("invalid:") {
                current.invalid.push(example.trim().to_string());
            }
            code.replace_range(start..end, " ");
        }
        // A comment that opens here and closes on a later line.
        if let Some(open) = code.find("(*") {
            code.truncate(open);
            in_block_comment = true;
        }
        let code = if starts_production {
            code.split_once('=').map_or("", |(_, body)| body).to_string()
        } else {
            code
        };
        current.body.push_str(&code);
        current.body.push('\n');
    }
    out
}

/// The nonterminals a right-hand side refers to: words outside quotes.
fn references(body: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut quote: Option<char> = None;
    let mut word = String::new();
    for c in body.chars().chain(std::iter::once(' ')) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_ascii_alphanumeric() || c == '-' => word.push(c),
            None => {
                if !word.is_empty() {
                    out.insert(std::mem::take(&mut word));
                }
            }
        }
    }
    out
}

fn syntax_errors(src: &str) -> Vec<String> {
    parse(src).errors.into_iter().map(|e| format!("{:?} {}", e.span.text(src), e.message)).collect()
}

#[test]
fn every_example_parses_and_every_invalid_one_does_not() {
    let productions = productions();
    assert!(productions.len() > 20, "found only {} productions", productions.len());
    let mut checked = 0;
    for p in &productions {
        for example in &p.examples {
            let ast = parse(example);
            let errors = syntax_errors(example);
            assert!(
                errors.is_empty(),
                "example of `{}` does not parse: {example}\n{errors:#?}",
                p.name
            );
            assert_eq!(
                ast.statements.len(),
                1,
                "example of `{}` is not one statement: {example}",
                p.name
            );
            checked += 1;
        }
        for example in &p.invalid {
            assert!(
                !syntax_errors(example).is_empty(),
                "invalid example of `{}` parses: {example}",
                p.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} examples");
}

#[test]
fn every_production_has_an_example_and_the_grammar_is_closed() {
    let productions = productions();
    let defined: BTreeSet<&str> = productions.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(defined.len(), productions.len(), "a production is defined twice");
    for p in &productions {
        assert!(!p.examples.is_empty(), "production `{}` has no example", p.name);
    }
    // Nonterminals (lowercase) refer only to defined productions; the tokens (in
    // capitals) are described informally and not checked.
    let mut used = BTreeSet::new();
    for p in &productions {
        let nonterminal = p.name.chars().all(|c| !c.is_ascii_uppercase());
        for word in references(&p.body) {
            assert!(
                !nonterminal || defined.contains(word.as_str()),
                "`{}` refers to undefined `{word}`",
                p.name
            );
            // A production a token's informal body names (`genotype` in NAME) is used.
            used.insert(word);
        }
    }
    // `file` is the start; comments sit between tokens, outside every production.
    for p in &productions {
        let root = p.name == "file" || p.name == "COMMENT";
        assert!(root || used.contains(&p.name), "production `{}` is never used", p.name);
    }
    // Spec §3's productions are all here.
    for name in [
        "statement",
        "review",
        "section",
        "reference",
        "definition",
        "kind",
        "attribute",
        "role",
        "claim",
        "subject",
        "composition",
        "relation",
        "object",
        "qualifier",
        "key",
        "name",
    ] {
        assert!(defined.contains(name), "spec §3 production `{name}` missing");
    }
}

/// The words of the `keyword` production.
fn ebnf_keywords() -> BTreeSet<String> {
    let p =
        productions().into_iter().find(|p| p.name == "keyword").expect("a `keyword` production");
    p.body.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_keywords_are_the_lexers() {
    let keywords = ebnf_keywords();
    assert_eq!(keywords.len(), 30);
    for word in &keywords {
        let toks = tokens(word, 0);
        assert!(
            matches!(toks.as_slice(), [(Token::Keyword(k), _)] if k.as_str() == word),
            "`{word}` is not a keyword"
        );
    }
}

/// The alternatives of a TextMate `match` of the form `(?<!...)(?:a|b|c)(?!...)`.
fn words_of(pattern: &str) -> BTreeSet<String> {
    let inner = pattern.split("(?:").nth(1).and_then(|s| s.split(')').next()).unwrap_or("");
    inner.split('|').map(str::to_string).collect()
}

#[test]
fn the_textmate_grammar_knows_every_relation_word_and_keyword() {
    let grammar: serde_json::Value =
        serde_json::from_str(TEXTMATE).expect("evn.tmLanguage.json is JSON");
    assert_eq!(grammar["scopeName"], "source.evn");
    let repository = &grammar["repository"];

    // Relation words, one scope per polarity.
    let mut scoped: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for pattern in repository["relation"]["patterns"].as_array().expect("relation patterns") {
        let name = pattern["name"].as_str().unwrap_or("").to_string();
        scoped.insert(name, words_of(pattern["match"].as_str().unwrap_or("")));
    }
    for polarity in [Polarity::Up, Polarity::Down, Polarity::None] {
        let expected: BTreeSet<String> =
            RELATIONS.iter().filter(|(_, p)| *p == polarity).map(|(w, _)| w.to_string()).collect();
        let scope = format!("keyword.operator.relation.{}.evn", polarity.as_str());
        assert_eq!(scoped.get(&scope), Some(&expected), "relation words of `{scope}`");
    }

    // Every keyword of the grammar is an alternative of some pattern.
    let mut words = BTreeSet::new();
    collect_pattern_words(&grammar, &mut words);
    for word in ebnf_keywords() {
        assert!(words.contains(&word), "keyword `{word}` is not in the TextMate grammar");
    }
}

/// The lowercase words of every `match` and `begin` regex of the grammar.
fn collect_pattern_words(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    ("match" | "begin", Some(regex)) => out.extend(
                        regex
                            .split(|c: char| !c.is_ascii_lowercase())
                            .filter(|w| !w.is_empty())
                            .map(str::to_string),
                    ),
                    _ => collect_pattern_words(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_pattern_words(v, out)),
        _ => {}
    }
}

#[test]
fn the_vscode_rule_settings_are_the_rules() {
    let manifest: serde_json::Value =
        serde_json::from_str(VSCODE_MANIFEST).expect("package.json is JSON");
    let rules = &manifest["contributes"]["configuration"]["properties"]["evn.rules"]["properties"];
    let listed: BTreeSet<&str> =
        rules.as_object().expect("evn.rules has properties").keys().map(String::as_str).collect();
    let known: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(listed, known);
    for rule in Rule::ALL {
        let description = rules[rule.name()]["markdownDescription"].as_str().unwrap_or("");
        let default = format!("(default: {})", rule.default_severity().as_str());
        assert!(description.contains(&default), "`{}` should say {default}", rule.name());
    }
}

/// The Python generators of `data/` decide which names need backticks, and which NAME
/// forms to add, by their own copy of the lexer's NAME rule (`is_name` of
/// `tools/reference/generate.py`, which `models.py` uses too). It must be the lexer's:
/// on edge cases written here and on every canonical name and alias of the reference
/// data. The verdicts come from `python3`, which CI has (it builds the wheel).
#[test]
fn the_generators_name_rule_is_the_lexers() {
    let root = env!("CARGO_MANIFEST_DIR");
    let probes = [
        "BRCA1",
        "p-ERK",
        "NF-κB",
        "β-catenin",
        "MCF-7/ADR",
        "HCT116/5-FU",
        "A/",
        "MDR1.",
        "x.y",
        "x..y",
        "a b",
        "Pten-/-",
        "Ldlr−/−",
        "Trem2+/-",
        "Apoe+/+",
        "Pten-/+",
        "55-fold",
        "-2.5-fold",
        "0.49–0.77",
        "-0.9--0.2",
        "−3-fold",
        "0.49-0.77",
        "1-2",
        "12",
        "1.5",
        "-3",
        "+2",
        "in",
        "effect",
        "n",
        "p",
        "O'Brien",
        "IL-1β",
        "CD4+",
        "a@b",
        "_x",
        "-x",
        "x_",
        "Caco-2",
        "D. simulans",
        "ǅx",
        "x\u{301}",
        "日本",
        "x,y",
        "x(y)",
        "x`y",
        "α",
        "1α,25-dihydroxy",
        "25(OH)D",
        "x#y",
        "x=y",
    ];
    let script = r#"
import gzip, pathlib, sys
sys.path.insert(0, sys.argv[1] + "/tools/reference")
import generate
names = sys.stdin.read().split("\n")[:-1]
for path in sorted(pathlib.Path(sys.argv[1], "data").glob("*/*.tsv.gz")):
    if path.name == "info.tsv.gz":
        continue
    for line in gzip.open(path, "rt", encoding="utf-8"):
        names.extend(n for n in line.rstrip("\n").split("\t") if n)
for name in names:
    if "\n" not in name:
        print(("1" if generate.is_name(name) else "0") + name)
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script, root])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the data generators are Python)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{}\n", probes.join("\n")).as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0usize;
    let mut disagree = Vec::new();
    for line in text.lines() {
        let (verdict, name) = line.split_at(1);
        let lexed = tokens(name, 0);
        let lexer = matches!(&lexed[..], [(token, span)]
            if token.is_name() && *token != Token::QuotedName && span.end as usize == name.len());
        if lexer != (verdict == "1") {
            disagree.push(format!("{name:?}: python {verdict}, lexer {}", u8::from(lexer)));
        }
        checked += 1;
    }
    assert!(checked > 500_000, "only {checked} names checked");
    assert!(
        disagree.is_empty(),
        "{} of {checked} disagree: {:#?}",
        disagree.len(),
        &disagree[..disagree.len().min(40)]
    );
}

/// The gene generator leaves out an HGNC approved name that shares a spelling-variant
/// key with another entry (`tools/genes/generate.py`, `variant_keys`), so its keys must
/// be the resolver's (`evn::vocab::variants::keys`): on edge cases written here and on
/// every name of the human genes, the families, the diseases, the processes and the
/// phenotypes. The keys come from `python3`, as above.
#[test]
fn the_gene_generators_keys_are_the_resolvers() {
    let root = env!("CARGO_MANIFEST_DIR");
    let probes = [
        "MMP-2",
        "TGF-β",
        "NF κB",
        "--",
        "α-tubulin",
        "Alpha-tubulin",
        "alpha tubulin",
        "tubulin alpha",
        "β-catenin",
        "p-ERK",
        "p-erk",
        "p-",
        "IL-1β",
        "Σ-x",
        "ς",
        "androgen receptor",
        "coagulation factor II, thrombin",
        "α",
        "alpha",
        "alpha-2-macroglobulin",
        "alpha-L-iduronidase",
        "beta_2 microglobulin",
        "x\u{2010}y\u{2011}z\u{2013}w",
        "İstanbul",
        "ǅx",
        "日本",
    ];
    let script = r#"
import gzip, importlib.util, pathlib, sys
spec = importlib.util.spec_from_file_location("genes_generate", sys.argv[1] + "/tools/genes/generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)
names = sys.stdin.read().split("\n")[:-1]
data = pathlib.Path(sys.argv[1], "data")
for line in open(data / "genes" / "human.tsv", encoding="utf-8"):
    names.extend(n for n in line.rstrip("\n").split("\t") if n)
for kind in ("families", "diseases", "processes", "phenotypes"):
    for line in gzip.open(data / kind / f"{kind}.tsv.gz", "rt", encoding="utf-8"):
        names.extend(n for n in line.rstrip("\n").split("\t") if n)
for name in names:
    print("\t".join([name, *generate.variant_keys(name)]))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script, root])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the data generators are Python)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{}\n", probes.join("\n")).as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0usize;
    let mut disagree = Vec::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let name = fields.next().unwrap_or("");
        let python: Vec<&str> = fields.collect();
        let rust = evn::vocab::variants::keys(name);
        if python != rust {
            disagree.push(format!("{name:?}: python {python:?}, rust {rust:?}"));
        }
        checked += 1;
    }
    assert!(checked > 500_000, "only {checked} names checked");
    assert!(
        disagree.is_empty(),
        "{} of {checked} disagree: {:#?}",
        disagree.len(),
        &disagree[..disagree.len().min(40)]
    );
}
