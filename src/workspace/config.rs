//! `evn.toml`: parsing and validating the workspace configuration (spec §6). Pure: the
//! text comes in, a [`Config`] or a [`ConfigError`] with its line and column comes out.
//! Unknown keys, rules, severities and gene namespaces are errors, not warnings, so a
//! typo never silently turns a setting off.

use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder};
use toml_edit::{ImDocument, Item, TableLike};

use crate::check::{Limits, Options};
use crate::diagnostic::{Level, Rule, Severity};
use crate::text::{format_size, LineCol, LineIndex};
use crate::vocab::{Reference, Species};

/// The settings of one workspace; every key of `evn.toml` is optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Globs, relative to the workspace folder, that a `.evn` file must match.
    pub include: Vec<String>,
    /// Globs, relative to the workspace folder, of files and folders to leave out.
    pub exclude: Vec<String>,
    /// Whether the standard vocabulary is loaded.
    pub prelude: bool,
    /// Gene namespaces, in the order given, without repeats.
    pub genes: Vec<Species>,
    /// The other reference namespaces (spec §10 A), without repeats, in lookup order.
    pub references: Vec<Reference>,
    /// BibTeX files, relative to the workspace folder, in the order given.
    pub bibliography: Vec<String>,
    /// The workspace's own vocabulary file, relative to the workspace folder
    /// (`vocabulary = "vocabulary.evn"`, spec §11 F): where the server's "define `NAME`
    /// in the workspace vocabulary" appends, creating it when missing. `None`: the
    /// default, `vocabulary.evn` (`DEFAULT_VOCABULARY`).
    pub vocabulary: Option<String>,
    /// Severity overrides from `[rules]`, in file order.
    pub rules: Vec<(Rule, Level)>,
    /// The bounds of `[limits]`.
    pub limits: Limits,
    /// Whether names that resolve nowhere are read as derived names (spec §11 B).
    pub derived_names: bool,
}

const MIB: u64 = 1024 * 1024;

/// Reads a size of `[limits]`: a number of bytes, or a string of a whole number and a
/// unit (`"64 MiB"`, `"500kB"`; B, KiB, MiB, GiB in powers of 1024, kB, MB, GB in
/// powers of 1000; case ignored).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let too_large = || format!("`{text}` is too large (at most {})", format_size(Limits::CEILING));
    if number.is_empty() {
        return Err(format!("`{text}` does not start with a whole number"));
    }
    // Only digits: the one way the parse can fail is a number past `u64::MAX`.
    let number: u64 = number.parse().map_err(|_| too_large())?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" => 1024,
        "mib" => MIB,
        "gib" => 1024 * MIB,
        "kb" => 1000,
        "mb" => 1000 * 1000,
        "gb" => 1000 * 1000 * 1000,
        other => {
            return Err(format!("unknown unit `{other}` (expected B, KiB, MiB, GiB, kB, MB or GB)"))
        }
    };
    number.checked_mul(factor).ok_or_else(too_large)
}

impl Default for Config {
    fn default() -> Config {
        Config {
            include: vec![DEFAULT_INCLUDE.to_owned()],
            exclude: Vec::new(),
            prelude: true,
            genes: vec![Species::Human],
            references: Reference::ALL.to_vec(),
            bibliography: Vec::new(),
            vocabulary: None,
            rules: Vec::new(),
            limits: Limits::default(),
            derived_names: true,
        }
    }
}

pub(crate) const DEFAULT_INCLUDE: &str = "**/*.evn";

/// The workspace vocabulary file when `evn.toml` names none.
pub const DEFAULT_VOCABULARY: &str = "vocabulary.evn";

const KEYS: &[&str] = &[
    "include",
    "exclude",
    "prelude",
    "genes",
    "namespaces",
    "bibliography",
    "vocabulary",
    "rules",
    "limits",
    "derived-names",
];

const LIMIT_KEYS: &[&str] = &["max-file-size", "max-line-length"];

impl Config {
    /// The analysis options this configuration asks for: the one mapping from `evn.toml`
    /// to [`Options`], for the CLI, the server and the tests. What is no setting of the
    /// file is [`Options::default`]'s (`hints`, `retain_syntax`): each front end sets it.
    pub fn options(&self) -> Options {
        Options {
            prelude: self.prelude,
            genes: self.genes.clone(),
            references: self.references.clone(),
            severities: self.rules.clone(),
            limits: self.limits,
            derived_names: self.derived_names,
            ..Options::default()
        }
    }

    /// The configured level of `rule`, if `[rules]` names it.
    pub fn level(&self, rule: Rule) -> Option<Level> {
        self.rules.iter().rev().find(|(r, _)| *r == rule).map(|&(_, level)| level)
    }

    /// The workspace vocabulary file, relative to the workspace folder.
    pub fn vocabulary_file(&self) -> &str {
        self.vocabulary.as_deref().unwrap_or(DEFAULT_VOCABULARY)
    }

    /// The severity `rule` reports with: configured, else its default; `None` when off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        match self.level(rule) {
            Some(Level::Off) => None,
            Some(Level::On(severity)) => Some(severity),
            None => Some(rule.default_severity()),
        }
    }
}

/// Compiles a glob of `include`/`exclude` as the discovery matches it: `*` and `?`
/// stay inside one path component, `**` crosses folders (`**/*.evn` also matches
/// `a.evn` at the top).
pub(crate) fn compile_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

/// A configuration that cannot be used: exit status 2, nothing is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The configuration file, when the error came from reading one.
    pub path: Option<PathBuf>,
    /// How the file is named in the message (relative to the current directory).
    pub display: String,
    /// Where in the file, when known.
    pub position: Option<LineCol>,
    pub message: String,
}

impl ConfigError {
    fn at(text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> ConfigError {
        let position = span.map(|span| {
            let offset = span.start.min(text.len()) as u32;
            LineIndex::new(text).line_col(text, offset)
        });
        ConfigError {
            path: None,
            display: super::CONFIG_FILE.to_owned(),
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(LineCol { line, column }) => {
                write!(f, "{}:{line}:{column}: {}", self.display, self.message)
            }
            None => write!(f, "{}: {}", self.display, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Parses the text of an `evn.toml`. The first problem found is the error; its
/// `display` is `evn.toml` (the loader replaces it with the real path).
pub fn parse_config(text: &str) -> Result<Config, ConfigError> {
    let document = ImDocument::parse(text).map_err(|error| {
        let message = error.message().trim().replace('\n', "; ");
        ConfigError::at(text, error.span(), format!("invalid TOML: {message}"))
    })?;
    let table = document.as_table();
    let mut config = Config::default();
    // `genes = [...]` (version 0.1) decides the gene namespaces even next to `namespaces`.
    let mut genes_key = None;
    for (key, item) in table.iter() {
        let key_span = table.get_key_value(key).and_then(|(k, _)| k.span());
        let span = item.span().or(key_span.clone());
        match key {
            "include" => config.include = globs(text, key, item, span)?,
            "exclude" => config.exclude = globs(text, key, item, span)?,
            "prelude" => {
                config.prelude = item.as_bool().ok_or_else(|| {
                    ConfigError::at(text, span, "`prelude` must be `true` or `false`")
                })?;
            }
            "derived-names" => {
                config.derived_names = item.as_bool().ok_or_else(|| {
                    ConfigError::at(text, span, "`derived-names` must be `true` or `false`")
                })?;
            }
            "genes" => {
                let mut genes = Vec::new();
                for (name, span) in strings(text, key, item, span)? {
                    let species = Species::from_name(&name).ok_or_else(|| {
                        ConfigError::at(
                            text,
                            span,
                            format!("unknown gene namespace `{name}` in `genes` (expected `human` or `mouse`)"),
                        )
                    })?;
                    if !genes.contains(&species) {
                        genes.push(species);
                    }
                }
                genes_key = Some(genes);
            }
            "namespaces" => {
                config.genes.clear();
                config.references.clear();
                for (name, span) in strings(text, key, item, span)? {
                    let species = match name.as_str() {
                        "genes" => Some(Species::Human),
                        _ => name.strip_prefix("genes:").and_then(Species::from_name),
                    };
                    if let Some(species) = species {
                        if !config.genes.contains(&species) {
                            config.genes.push(species);
                        }
                    } else if let Some(reference) = Reference::from_name(&name) {
                        if !config.references.contains(&reference) {
                            config.references.push(reference);
                        }
                    } else {
                        return Err(ConfigError::at(
                            text,
                            span,
                            format!(
                                "unknown namespace `{name}` in `namespaces` (expected {})",
                                namespace_names()
                            ),
                        ));
                    }
                }
                // Searched in the spec's order whatever the order written.
                config.references.sort_unstable();
            }
            "bibliography" => {
                config.bibliography = Vec::new();
                for (path, span) in strings(text, key, item, span)? {
                    check_relative_path(&path).map_err(|why| {
                        ConfigError::at(text, span, format!("`bibliography` path `{path}` {why}"))
                    })?;
                    config.bibliography.push(path);
                }
            }
            "vocabulary" => {
                let path = item.as_str().ok_or_else(|| {
                    ConfigError::at(
                        text,
                        span.clone(),
                        "`vocabulary` must be a path, like `vocabulary = \"vocabulary.evn\"`",
                    )
                })?;
                check_relative_path(path).map_err(|why| {
                    ConfigError::at(text, span.clone(), format!("`vocabulary` path `{path}` {why}"))
                })?;
                if !path.ends_with(".evn") {
                    return Err(ConfigError::at(
                        text,
                        span,
                        format!("`vocabulary` path `{path}` must name a `.evn` file, so that its defines are read"),
                    ));
                }
                config.vocabulary = Some(path.to_string());
            }
            "rules" => {
                let rules = item.as_table_like().ok_or_else(|| {
                    ConfigError::at(
                        text,
                        span,
                        "`rules` must be a table of rule names and severities, like `[rules]` then `contradiction = \"error\"`",
                    )
                })?;
                config.rules = rules_table(text, rules)?;
            }
            "limits" => {
                let limits = item.as_table_like().ok_or_else(|| {
                    ConfigError::at(
                        text,
                        span,
                        "`limits` must be a table, like `[limits]` then `max-file-size = \"64 MiB\"`",
                    )
                })?;
                config.limits = limits_table(text, limits)?;
            }
            unknown => {
                return Err(ConfigError::at(
                    text,
                    key_span,
                    format!(
                        "unknown key `{unknown}`{} (expected one of {})",
                        did_you_mean(unknown, KEYS.iter().copied()),
                        quoted_list(KEYS)
                    ),
                ));
            }
        }
    }
    if let Some(genes) = genes_key {
        config.genes = genes;
    }
    Ok(config)
}

fn rules_table(text: &str, rules: &dyn TableLike) -> Result<Vec<(Rule, Level)>, ConfigError> {
    let mut out = Vec::new();
    for (name, item) in rules.iter() {
        let key_span = rules.get_key_value(name).and_then(|(k, _)| k.span());
        let rule = Rule::from_name(name).ok_or_else(|| {
            ConfigError::at(
                text,
                key_span.clone(),
                format!(
                    "unknown rule `{name}` in `[rules]`{} (`evn rules` lists them)",
                    did_you_mean(name, Rule::ALL.iter().map(|r| r.name()))
                ),
            )
        })?;
        let span = item.span().or(key_span);
        let value = item.as_str().ok_or_else(|| {
            ConfigError::at(
                text,
                span.clone(),
                format!("`rules.{name}` must be a string: error, warning, info, hint or off"),
            )
        })?;
        let level = value
            .parse::<Level>()
            .map_err(|message| ConfigError::at(text, span, format!("`rules.{name}`: {message}")))?;
        out.push((rule, level));
    }
    Ok(out)
}

fn limits_table(text: &str, table: &dyn TableLike) -> Result<Limits, ConfigError> {
    let mut limits = Limits::default();
    for (name, item) in table.iter() {
        let key_span = table.get_key_value(name).and_then(|(k, _)| k.span());
        let slot = match name {
            "max-file-size" => &mut limits.max_file_size,
            "max-line-length" => &mut limits.max_line_length,
            unknown => {
                return Err(ConfigError::at(
                    text,
                    key_span,
                    format!(
                        "unknown key `{unknown}` in `[limits]`{} (expected one of {})",
                        did_you_mean(unknown, LIMIT_KEYS.iter().copied()),
                        quoted_list(LIMIT_KEYS)
                    ),
                ))
            }
        };
        let span = item.span().or(key_span);
        let value = match (item.as_integer(), item.as_str()) {
            (Some(n), _) => u64::try_from(n).map_err(|_| format!("{n} is negative")),
            (None, Some(s)) => parse_size(s),
            (None, None) => {
                Err("must be a number of bytes or a string such as \"64 MiB\"".to_owned())
            }
        };
        let value = value.map_err(|why| {
            ConfigError::at(text, span.clone(), format!("`limits.{name}`: {why}"))
        })?;
        if value == 0 || value > Limits::CEILING {
            return Err(ConfigError::at(
                text,
                span,
                format!(
                    "`limits.{name}` must be between 1 byte and {}",
                    format_size(Limits::CEILING)
                ),
            ));
        }
        *slot = value;
    }
    Ok(limits)
}

/// A string of the file and where it stands.
type Located = (String, Option<Range<usize>>);

/// An array of strings, each with its span.
fn strings(
    text: &str,
    key: &str,
    item: &Item,
    span: Option<Range<usize>>,
) -> Result<Vec<Located>, ConfigError> {
    let expected =
        || ConfigError::at(text, span.clone(), format!("`{key}` must be an array of strings"));
    let array = item.as_array().ok_or_else(expected)?;
    array
        .iter()
        .map(|value| {
            let span = value.span().or(span.clone());
            match value.as_str() {
                Some(s) => Ok((s.to_owned(), span)),
                None => {
                    Err(ConfigError::at(text, span, format!("`{key}` must be an array of strings")))
                }
            }
        })
        .collect()
}

/// An array of globs that stay inside the workspace folder and compile.
fn globs(
    text: &str,
    key: &str,
    item: &Item,
    span: Option<Range<usize>>,
) -> Result<Vec<String>, ConfigError> {
    let mut out = Vec::new();
    for (pattern, span) in strings(text, key, item, span)? {
        if pattern.starts_with('/')
            || pattern.starts_with('\\')
            || Path::new(&pattern).is_absolute()
        {
            return Err(ConfigError::at(
                text,
                span,
                format!("`{key}` pattern `{pattern}` is absolute; patterns are relative to the workspace folder"),
            ));
        }
        if pattern.split(['/', '\\']).any(|part| part == "..") {
            return Err(ConfigError::at(
                text,
                span,
                format!(
                    "`{key}` pattern `{pattern}` leaves the workspace folder (`..` is not allowed)"
                ),
            ));
        }
        if let Err(error) = compile_glob(&pattern) {
            return Err(ConfigError::at(
                text,
                span,
                format!("`{key}` pattern `{pattern}` is not a valid glob: {}", error.kind()),
            ));
        }
        out.push(pattern);
    }
    Ok(out)
}

/// Checks, without touching the file system, that a path of `evn.toml` is relative and
/// stays inside the workspace folder. Symbolic links are checked by the loader.
pub(crate) fn check_relative_path(path: &str) -> Result<(), &'static str> {
    let as_path = Path::new(path);
    if path.starts_with('/')
        || path.starts_with('\\')
        || as_path.is_absolute()
        || as_path.has_root()
    {
        return Err("is absolute; paths are relative to the workspace folder");
    }
    let mut depth: usize = 0;
    let mut named = false;
    for component in as_path.components() {
        match component {
            Component::Normal(_) => {
                depth += 1;
                named = true;
            }
            Component::CurDir => {}
            Component::ParentDir => {
                depth = depth.checked_sub(1).ok_or("leaves the workspace folder")?;
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("is absolute; paths are relative to the workspace folder")
            }
        }
    }
    if !named || depth == 0 {
        return Err("does not name a file");
    }
    Ok(())
}

fn quoted_list(items: &[&str]) -> String {
    items.iter().map(|item| format!("`{item}`")).collect::<Vec<_>>().join(", ")
}

/// "; did you mean `x`?" for the closest candidate, or "" when none is close.
fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let best = candidates
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|&(distance, candidate)| {
            distance <= 2.max(candidate.len() / 4) && distance < candidate.len()
        })
        .min_by_key(|&(distance, _)| distance);
    match best {
        Some((_, candidate)) => format!("; did you mean `{candidate}`?"),
        None => String::new(),
    }
}

/// Every name `namespaces` accepts, for its error message: "`genes:human`, ... or
/// `mirnas`".
fn namespace_names() -> String {
    let names: Vec<String> = ["genes:human", "genes:mouse"]
        .into_iter()
        .chain(Reference::ALL.iter().map(|r| r.name()))
        .map(|name| format!("`{name}`"))
        .collect();
    crate::text::join_or(&names, "or")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_reaches_the_options() {
        assert_eq!(Config::default().options(), Options::default());
        let config = parse_config(
            "prelude = false\ngenes = [\"mouse\"]\nnamespaces = [\"drugs\"]\n\
             derived-names = false\n[rules]\ncontradiction = \"off\"\n\
             [limits]\nmax-line-length = 100\n",
        )
        .unwrap();
        assert_eq!(
            config.options(),
            Options {
                prelude: false,
                genes: vec![Species::Mouse],
                references: vec![Reference::Drugs],
                severities: vec![(Rule::Contradiction, Level::Off)],
                limits: Limits { max_line_length: 100, ..Limits::default() },
                derived_names: false,
                ..Options::default()
            }
        );
    }

    fn error(text: &str) -> String {
        match parse_config(text) {
            Ok(config) => panic!("expected an error, got {config:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn namespaces_choose_the_reference_layer() {
        let all = Reference::ALL.to_vec();
        assert_eq!(Config::default().references, all);
        let config = parse_config("namespaces = [\"organisms\", \"genes:mouse\", \"drugs\", \"genes:human\", \"drugs\"]\n").unwrap();
        assert_eq!(config.genes, vec![Species::Mouse, Species::Human]);
        assert_eq!(config.references, vec![Reference::Drugs, Reference::Organisms]);
        let config = parse_config("namespaces = []\n").unwrap();
        assert!(config.genes.is_empty() && config.references.is_empty());
        // The 0.1 key still decides the genes, before or after `namespaces`.
        for text in [
            "genes = [\"mouse\"]\nnamespaces = [\"genes:human\", \"drugs\"]\n",
            "namespaces = [\"genes:human\", \"drugs\"]\ngenes = [\"mouse\"]\n",
        ] {
            let config = parse_config(text).unwrap();
            assert_eq!(config.genes, vec![Species::Mouse], "{text}");
            assert_eq!(config.references, vec![Reference::Drugs], "{text}");
        }
        // The list is every namespace's name, from the one table of them.
        let message = error("namespaces = [\"drugs\", \"genes:rat\"]\n");
        assert!(
            message.starts_with(
                "evn.toml:1:24: unknown namespace `genes:rat` in `namespaces` (expected `genes:human`, `genes:mouse`, `drugs`, `cell-lines`, `diseases`, `organisms`, `families`"
            ),
            "{message}"
        );
        assert!(message.ends_with(" or `mirnas`)"), "{message}");
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse_config("").unwrap(), Config::default());
        assert_eq!(Config::default().genes, vec![Species::Human]);
        assert_eq!(Config::default().include, vec!["**/*.evn".to_owned()]);
    }

    #[test]
    fn every_key() {
        let config = parse_config(
            "include = [\"review/**/*.evn\"]\nexclude = [\"drafts/**\"]\nprelude = false\n\
             genes = [\"mouse\", \"human\", \"mouse\"]\nbibliography = [\"refs.bib\", \"sub/../more.bib\"]\n\
             vocabulary = \"names/vocabulary.evn\"\n\
             [rules]\ncontradiction = \"error\"\nnon-canonical-name = \"off\"\n",
        )
        .unwrap();
        assert_eq!(config.include, vec!["review/**/*.evn"]);
        assert_eq!(config.exclude, vec!["drafts/**"]);
        assert!(!config.prelude);
        assert!(parse_config("").unwrap().derived_names);
        assert!(!parse_config("derived-names = false\n").unwrap().derived_names);
        assert!(error("derived-names = 0\n").contains("`derived-names` must be `true` or `false`"));
        assert_eq!(config.genes, vec![Species::Mouse, Species::Human]);
        assert_eq!(config.bibliography, vec!["refs.bib", "sub/../more.bib"]);
        assert_eq!(config.vocabulary_file(), "names/vocabulary.evn");
        assert_eq!(Config::default().vocabulary_file(), "vocabulary.evn");
        for (bad, why) in [
            ("vocabulary = 1", "must be a path"),
            ("vocabulary = \"../v.evn\"", "leaves the workspace folder"),
            ("vocabulary = \"v.txt\"", "must name a `.evn` file"),
        ] {
            let error = parse_config(bad).unwrap_err().to_string();
            assert!(error.contains(why), "{bad}: {error}");
        }
        assert_eq!(
            config.rules,
            vec![
                (Rule::Contradiction, Level::On(Severity::Error)),
                (Rule::NonCanonicalName, Level::Off)
            ]
        );
        assert_eq!(config.severity(Rule::Contradiction), Some(Severity::Error));
        assert_eq!(config.severity(Rule::NonCanonicalName), None);
        assert_eq!(config.severity(Rule::Syntax), Some(Severity::Error));
        // Inline and dotted tables work too; `genes = []` turns genes off.
        let config = parse_config("rules = { syntax = \"warning\" }\n").unwrap();
        assert_eq!(config.rules, vec![(Rule::Syntax, Level::On(Severity::Warning))]);
        let config = parse_config("genes = []\nrules.syntax = \"warning\"\n").unwrap();
        assert!(config.genes.is_empty());
        assert_eq!(config.rules, vec![(Rule::Syntax, Level::On(Severity::Warning))]);
    }

    #[test]
    fn unknown_key_names_it_and_the_expected_ones() {
        assert_eq!(
            error("prelude = true\ninlcude = [\"a\"]\n"),
            "evn.toml:2:1: unknown key `inlcude`; did you mean `include`? (expected one of `include`, `exclude`, `prelude`, `genes`, `namespaces`, `bibliography`, `vocabulary`, `rules`, `limits`, `derived-names`)"
        );
        assert!(error("[server]\nport = 1\n")
            .starts_with("evn.toml:1:2: unknown key `server` (expected"));
    }

    #[test]
    fn unknown_rule_and_bad_severity() {
        assert_eq!(
            error("[rules]\ncontradicton = \"error\"\n"),
            "evn.toml:2:1: unknown rule `contradicton` in `[rules]`; did you mean `contradiction`? (`evn rules` lists them)"
        );
        assert_eq!(
            error("[rules]\nsyntax = \"fatal\"\n"),
            "evn.toml:2:10: `rules.syntax`: unknown severity `fatal` (expected error, warning, info, hint or off)"
        );
        assert!(error("[rules]\nsyntax = 2\n").contains("`rules.syntax` must be a string"));
        assert!(error("rules = 3\n").contains("`rules` must be a table"));
    }

    #[test]
    fn wrong_types_and_unknown_species() {
        assert_eq!(
            error("genes = [\"human\", \"rat\"]\n"),
            "evn.toml:1:19: unknown gene namespace `rat` in `genes` (expected `human` or `mouse`)"
        );
        assert!(error("prelude = \"yes\"\n").contains("`prelude` must be `true` or `false`"));
        assert!(error("include = \"*.evn\"\n").contains("`include` must be an array of strings"));
        assert!(
            error("bibliography = [1]\n").contains("`bibliography` must be an array of strings")
        );
    }

    #[test]
    fn toml_syntax_error_has_line_and_column() {
        let message = error("prelude = true\ninclude = [\"a\" \"b\"]\nexclude = []\n");
        assert!(message.starts_with("evn.toml:2:"), "{message}");
        assert!(message.contains("invalid TOML"), "{message}");
        let message = error("prelude = true\nprelude = false\n");
        assert!(message.starts_with("evn.toml:2:1: invalid TOML"), "{message}");
    }

    #[test]
    fn limits_take_bytes_or_sizes_with_units() {
        assert_eq!(Config::default().limits, Limits::default());
        let config =
            parse_config("[limits]\nmax-file-size = \"64 MiB\"\nmax-line-length = 4096\n").unwrap();
        assert_eq!(
            config.limits,
            Limits { max_file_size: 64 * 1024 * 1024, max_line_length: 4096 }
        );
        let config =
            parse_config("limits = { max-line-length = \"2kB\", max-file-size = \"1gib\" }")
                .unwrap();
        assert_eq!(config.limits, Limits { max_file_size: 1 << 30, max_line_length: 2000 });
        assert_eq!(
            parse_config("limits.max-file-size = \"10 B\"").unwrap().limits.max_file_size,
            10
        );
        assert_eq!(
            error("[limits]\nmax-file-sise = 1\n"),
            "evn.toml:2:1: unknown key `max-file-sise` in `[limits]`; did you mean `max-file-size`? (expected one of `max-file-size`, `max-line-length`)"
        );
        assert_eq!(
            error("[limits]\nmax-file-size = \"64 MeB\"\n"),
            "evn.toml:2:17: `limits.max-file-size`: unknown unit `meb` (expected B, KiB, MiB, GiB, kB, MB or GB)"
        );
        assert!(
            error("[limits]\nmax-line-length = 0\n").contains("must be between 1 byte and 2 GiB")
        );
        assert!(error("[limits]\nmax-line-length = \"3 GiB\"\n")
            .contains("must be between 1 byte and 2 GiB"));
        assert!(error("[limits]\nmax-line-length = -5\n").contains("-5 is negative"));
        assert!(error("[limits]\nmax-line-length = true\n").contains("must be a number of bytes"));
        assert!(error("[limits]\nmax-line-length = \"MiB\"\n")
            .contains("does not start with a whole number"));
        assert_eq!(
            error("[limits]\nmax-file-size = \"99999999999999999999 GiB\"\n"),
            "evn.toml:2:17: `limits.max-file-size`: `99999999999999999999 GiB` is too large (at most 2 GiB)"
        );
        assert!(error("[limits]\nmax-file-size = \"9999999999999 GiB\"\n")
            .contains("is too large (at most 2 GiB)"));
        assert!(error("[limits]\nmax-file-size = \"-5 MiB\"\n")
            .contains("does not start with a whole number"));
        assert!(error("limits = 3\n").contains("`limits` must be a table"));
    }

    #[test]
    fn paths_may_not_leave_the_workspace() {
        assert_eq!(
            error("bibliography = [\"../x.bib\"]\n"),
            "evn.toml:1:17: `bibliography` path `../x.bib` leaves the workspace folder"
        );
        assert!(error("bibliography = [\"a/../../x.bib\"]").contains("leaves the workspace folder"));
        assert!(error("bibliography = [\"/etc/refs.bib\"]").contains("is absolute"));
        assert!(error("bibliography = [\".\"]").contains("does not name a file"));
        assert!(error("exclude = [\"../**\"]")
            .contains("`exclude` pattern `../**` leaves the workspace folder"));
        assert!(error("include = [\"a/../../**/*.evn\"]").contains("leaves the workspace folder"));
        assert!(error("include = [\"/abs/*.evn\"]").contains("is absolute"));
        assert!(error("exclude = [\"a/[b\"]").contains("is not a valid glob"));
    }
}
