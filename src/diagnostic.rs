//! The one diagnostic type of the project: every rule, the CLI renderers and the
//! language server speak [`Diagnostic`], with a typed [`Rule`] and byte spans.

use std::fmt;
use std::str::FromStr;

use crate::text::Span;

/// Index of a file in the document set being analysed (see `workspace::DocumentSet`).
pub type FileId = u32;

/// A diagnostic's message: a fixed text is not copied into every diagnostic that says
/// it (a large document has hundreds of thousands of `duplicate-claim`s), and a clone
/// shares the text (the server keeps each claim's diagnostics with its facts and in the
/// analysis's list). Reads as a `str`.
#[derive(Clone)]
pub struct Message(Text);

#[derive(Clone)]
enum Text {
    Fixed(&'static str),
    Shared(std::sync::Arc<str>),
}

impl Message {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Text::Fixed(text) => text,
            Text::Shared(text) => text,
        }
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Message {}

impl std::ops::Deref for Message {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Message {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message(Text::Shared(text.into()))
    }
}

impl From<&'static str> for Message {
    fn from(text: &'static str) -> Message {
        Message(Text::Fixed(text))
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Message {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity as configured in `evn.toml`'s `[rules]`: a level, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        Ok(match s {
            "off" => Level::Off,
            "error" => Level::On(Severity::Error),
            "warning" => Level::On(Severity::Warning),
            "info" => Level::On(Severity::Info),
            "hint" => Level::On(Severity::Hint),
            other => {
                return Err(format!(
                    "unknown severity `{other}` (expected error, warning, info, hint or off)"
                ))
            }
        })
    }
}

macro_rules! rules {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        /// Every rule of spec §7, by its kebab-case name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $($variant),* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity),* }
            }
        }
    };
}

rules! {
    Syntax = "syntax", Error;
    UnknownTarget = "unknown-target", Error;
    UnknownDrug = "unknown-drug", Error;
    UnknownCarrier = "unknown-carrier", Error;
    UnknownLigand = "unknown-ligand", Error;
    UnknownContext = "unknown-context", Error;
    UnknownMechanism = "unknown-mechanism", Error;
    UnknownStimulus = "unknown-stimulus", Error;
    UnknownSubject = "unknown-subject", Error;
    UnknownRelation = "unknown-relation", Error;
    UnknownUnit = "unknown-unit", Error;
    UnknownMeasure = "unknown-measure", Error;
    UnknownLevel = "unknown-level", Error;
    WrongKind = "wrong-kind", Error;
    AmbiguousName = "ambiguous-name", Warning;
    MissingCitation = "missing-citation", Error;
    UnknownReference = "unknown-reference", Error;
    DuplicateReference = "duplicate-reference", Error;
    UnusedReference = "unused-reference", Warning;
    DuplicateDoi = "duplicate-doi", Warning;
    RetractedReference = "retracted-reference", Warning;
    InvalidIdentifier = "invalid-identifier", Error;
    DuplicateDefinition = "duplicate-definition", Error;
    DuplicateClaim = "duplicate-claim", Warning;
    Contradiction = "contradiction", Warning;
    ConflictingEvidence = "conflicting-evidence", Warning;
    MechanismMismatch = "mechanism-mismatch", Warning;
    DirectionMismatch = "direction-mismatch", Warning;
    LevelMismatch = "level-mismatch", Warning;
    NonCanonicalName = "non-canonical-name", Hint;
}

impl Rule {
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Another place that explains a diagnostic (the earlier claim of a contradiction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: FileId,
    pub span: Span,
    pub message: Message,
}

/// One replacement of the text under `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

/// Whether a fix may be applied without the user looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps the meaning (an alias replaced by its canonical name).
    Safe,
    /// A guess ("did you mean"): applied only on request.
    Unsafe,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub file: FileId,
    pub span: Span,
    pub message: Message,
    pub related: Vec<Related>,
    /// Behind a pointer: most diagnostics have none (a large document has a million
    /// diagnostics), and a clone shares it (see [`Message`]).
    pub fix: Option<std::sync::Arc<Fix>>,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity; configuration may change it later.
    pub fn new(rule: Rule, file: FileId, span: Span, message: impl Into<Message>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            file,
            span,
            message: message.into(),
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn with_related(mut self, related: Related) -> Diagnostic {
        self.related.push(related);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(std::sync::Arc::new(fix));
        self
    }
}
