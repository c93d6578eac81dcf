//! Derived names (spec §11 B): a name that resolves in no layer is read as one of a
//! closed list of forms built on a base that does resolve — `siBRAF` (knock-down of
//! BRAF), `anti-PD-1`, `p-AKT`, `BRAF-V600E`, `Pten-/-`, `HER2-low`,
//! `cisplatin-resistance`, `tau-aggregation`, `relapsed-AML`, `HCT116/5-FU` — in the
//! order of [`FORMS`]. Called from one place, [`Vocabulary::lookup`], only for a name
//! that every layer missed, so a name that resolves directly never reads as derived and
//! the common path does not pay for this module.
//!
//! A reading is its own identity (`p-EGFR` is not `EGFR`), interned per vocabulary in
//! an append-only arena (`Arena`) and named [`Resolved::Derived`]; its identity
//! ([`DerivedEntry::identity`]) is a hash of its content (form, affix, detail, base), so
//! it is the same in every analysis of the same vocabulary. Two guards keep a typo of a
//! real name from being read silently: a gene base reached only through a gene alias
//! (`siKARS`: KARS is KARS1's alias, and one edit from KRAS), or a base that is not
//! curated but lies within one edit of a curated entry's name, makes the name
//! `ambiguous-name` with every reading. A name of a distinctive form whose base resolves
//! nowhere is reported on the base (`siKRAZ`: unknown gene `KRAZ`, did you mean
//! `siKRAS`?), never with a fix.

use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use super::lookup::{Lookup, Match, Position};
use super::{Layer, Reference, Resolved, Vocabulary};
use crate::diagnostic::Rule;
use crate::syntax::ast::Kind;

/// The forms of spec §11 B, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `si`/`sh` + gene, gene + `-siRNA`/`-shRNA`/`-ASO`/`-sgRNA`: a drug.
    KnockDown,
    /// `anti-` + target: a drug (a ligand after `with`).
    Antibody,
    /// `p-`/`phospho-`/`cleaved-`/`total-` + gene: a target.
    ProteinForm,
    /// gene + `-` + protein change, exon or fusion partner: a target.
    Variant,
    /// gene + `-KO`, `-/-`, `+/-`, ...: a context.
    Genotype,
    /// gene + `-positive`, `+`, `-low`, ...: a context.
    Status,
    /// drug + `-resistance`, `-MIC`, ...: a process (`-resistant`: a context).
    DrugResponse,
    /// entry + `-` + a measure word: a process.
    Measure,
    /// qualifier + disease: a context that `is` the disease.
    Stage,
    /// cell line + `/` drug or code, `-` gene, `-luc`/`-GFP`: a context that `is` the line.
    CellLine,
}

/// Every form, in the order of spec §11 B, with how `evn rules` and hover name it.
pub const FORMS: [(Form, &str, &str); 10] = [
    (
        Form::KnockDown,
        "si/sh + gene, gene + -siRNA/-shRNA/-ASO/-sgRNA",
        "drug: knock-down of the gene",
    ),
    (Form::Antibody, "anti- + target", "drug (ligand after `with`): an antibody to the target"),
    (
        Form::ProteinForm,
        "p-/phospho-/cleaved-/total- + gene",
        "target: that form of the gene's protein",
    ),
    (
        Form::Variant,
        "gene + -protein change, -exon or -fusion partner",
        "target: that variant or fusion",
    ),
    (
        Form::Genotype,
        "gene + -KO/-knockout/-null/-deficient/-/-/+/-/+/+/-mutant/-WT",
        "context: that genotype",
    ),
    (
        Form::Status,
        "gene + -positive/-negative/+/-high/-low/-amplified/-methylated/-overexpressing",
        "context: that biomarker status",
    ),
    (
        Form::DrugResponse,
        "drug + -resistance/-resistant/-sensitivity/-susceptibility/-MIC/-uptake/-exposure",
        "process (context for -resistant)",
    ),
    (Form::Measure, "entry + - + a measure word", "process: that measure of the entry"),
    (Form::Stage, "qualifier + - + disease", "context: that disease (is the disease)"),
    (
        Form::CellLine,
        "cell line + /drug or code, -gene, -luc/-GFP",
        "context: that line (is the line)",
    ),
];

/// The measure words of [`Form::Measure`].
pub const MEASURE_WORDS: [&str; 40] = [
    "clearance",
    "accumulation",
    "production",
    "levels",
    "expression",
    "activity",
    "secretion",
    "release",
    "deposition",
    "aggregation",
    "phosphorylation",
    "signaling",
    "uptake",
    "permeability",
    "infiltration",
    "translocation",
    "loss",
    "degeneration",
    "death",
    "differentiation",
    "polarization",
    "proliferation",
    "migration",
    "risk",
    "decline",
    "toxicity",
    "burden",
    "function",
    "level",
    "secretion",
    "signalling",
    // Clinical measures of a disease or a scale (issue 21): `PTSD-symptoms`,
    // `CKD-progression`, `MADRS-score` (`MADRS-total-score` too: see `splits`).
    "symptoms",
    "severity",
    "progression",
    "incidence",
    "score",
    "scores",
    "activation",
    "dephosphorylation",
    "occupancy",
];

/// The disease qualifiers of [`Form::Stage`], longest first where one starts another.
pub const QUALIFIERS: [&str; 35] = [
    "mild-to-moderate",
    "moderate-to-severe",
    "newly-diagnosed",
    "treatment-resistant",
    "treatment-naive",
    "early-onset",
    "late-onset",
    "early",
    "mild",
    "moderate",
    "severe",
    "advanced",
    "metastatic",
    "recurrent",
    "relapsed",
    "refractory",
    "familial",
    "sporadic",
    "prodromal",
    "chronic",
    "acute",
    "active",
    "uncontrolled",
    "decompensated",
    "stage-IV",
    "stage-III",
    "stage-II",
    "stage-I",
    "grade-1",
    "grade-2",
    "grade-3",
    "grade-4",
    "stage-0",
    "grade-I",
    "grade-II",
];

/// One way a name splits into a form: the base's byte range in the name, the affix as
/// it is normalised for identity, and the rest (a variant, a qualifier, a measure word).
#[derive(Clone, Debug)]
struct Split {
    form: Form,
    base: std::ops::Range<usize>,
    /// The affix as identity sees it (`si` for `si` and `-siRNA`).
    affix: &'static str,
    detail: String,
    /// A second name the reading needs (a fusion partner, a transfected gene, the drug
    /// of `HCT116/5-FU`), looked up as `base_kind`'s kinds say.
    second: Option<(String, BaseKind)>,
    base_kind: BaseKind,
    kind: Kind,
    /// Whether the form is unmistakable (a base it cannot find is worth reporting).
    distinctive: bool,
}

/// What a base must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BaseKind {
    Gene,
    Drug,
    Disease,
    CellLine,
    /// Any entry: a target or process, a drug, a context (the measure words).
    Entry,
    /// A fusion partner, a transfected gene or a cell line's drug: found or not, but
    /// never a reason to report.
    Any,
}

impl BaseKind {
    /// The positions whose lookup finds such a base, in order.
    fn positions(self) -> &'static [Position] {
        match self {
            BaseKind::Gene => &[Position::Object],
            BaseKind::Drug => &[Position::Payload],
            BaseKind::Disease | BaseKind::CellLine => &[Position::Context],
            BaseKind::Entry => &[Position::Object, Position::Payload, Position::Context],
            BaseKind::Any => &[Position::Payload, Position::Object],
        }
    }

    fn accepts(self, kind: Kind) -> bool {
        match self {
            BaseKind::Gene => kind == Kind::Target,
            BaseKind::Drug => kind == Kind::Drug,
            BaseKind::Disease | BaseKind::CellLine => kind == Kind::Context,
            BaseKind::Entry | BaseKind::Any => true,
        }
    }

    /// What a message calls the base.
    fn noun(self) -> &'static str {
        match self {
            BaseKind::Gene => "gene",
            BaseKind::Drug => "drug",
            BaseKind::Disease => "disease",
            BaseKind::CellLine => "cell line",
            BaseKind::Entry | BaseKind::Any => "name",
        }
    }

    fn unknown_rule(self) -> Rule {
        match self {
            BaseKind::Gene | BaseKind::Entry | BaseKind::Any => Rule::UnknownTarget,
            BaseKind::Drug => Rule::UnknownDrug,
            BaseKind::Disease | BaseKind::CellLine => Rule::UnknownContext,
        }
    }
}

/// A derived reading: what hover, `evn explain` and the exports say of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivedEntry {
    /// The reading written with its base's canonical name: `siKRAS`, `p-AKT1`.
    pub name: String,
    pub form: Form,
    pub kind: Kind,
    /// The base as it resolved.
    pub base: Resolved,
    /// "knock-down of BRAF", "phosphorylated AKT1", "relapsed acute myeloid leukemia".
    pub reading: String,
    /// "si + gene": how the name was read.
    pub how: &'static str,
    /// Whether the reading `is` its base (a disease stage, a cell line's derivative):
    /// it then overlaps the base for `contradiction`.
    pub is_base: bool,
    /// Its identity: a hash of form, affix, detail and base; equal for `siBRAF` and
    /// `BRAF-siRNA`, different for `p-EGFR` and `EGFR`.
    pub identity: u64,
}

/// Index of a [`DerivedEntry`] in its vocabulary's arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DerivedId(pub u32);

/// The derived entries of one vocabulary: append-only, shared by the threads of an
/// analysis, each entry at a stable place so that `&Vocabulary` can lend it out.
/// Chunk `c` has `64 << c` slots; an entry is found by its identity.
#[derive(Default)]
pub(crate) struct Arena {
    index: Mutex<FxHashMap<u64, DerivedId>>,
    chunks: [OnceLock<Box<[OnceLock<DerivedEntry>]>>; 26],
}

/// The chunk and slot of an id.
fn place(id: u32) -> (usize, usize) {
    let n = u64::from(id) / 64 + 1;
    let chunk = 63 - n.leading_zeros() as usize;
    let before = 64 * ((1u64 << chunk) - 1);
    (chunk, (u64::from(id) - before) as usize)
}

impl Arena {
    fn get(&self, id: DerivedId) -> Option<&DerivedEntry> {
        let (chunk, slot) = place(id.0);
        self.chunks.get(chunk)?.get()?.get(slot)?.get()
    }

    /// The id of `entry`, interned under its identity (an entry's fields are a
    /// function of its identity, so which thread interns it first does not matter).
    fn intern(&self, entry: DerivedEntry) -> Option<DerivedId> {
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = index.get(&entry.identity) {
            return Some(id);
        }
        let id = u32::try_from(index.len()).ok()?;
        let (chunk, slot) = place(id);
        let chunk = self.chunks.get(chunk)?.get_or_init(|| {
            (0..64usize << chunk).map(|_| OnceLock::new()).collect::<Vec<_>>().into_boxed_slice()
        });
        let identity = entry.identity;
        chunk.get(slot)?.set(entry).ok()?;
        index.insert(identity, DerivedId(id));
        Some(DerivedId(id))
    }
}

/// What the reading of a name that resolves nowhere found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Derivation {
    /// Read as a derived entry (or, when it is not of the position's kinds, `WrongKind`).
    Read(Lookup),
    /// A distinctive form whose base resolves nowhere: its diagnostic, on the base.
    UnknownBase(UnknownBase),
    /// Not a derived name.
    None,
}

/// A base that does not resolve: the base's own `unknown-*` with "did you mean" for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownBase {
    pub rule: Rule,
    /// The base's byte range in the name.
    pub base: std::ops::Range<usize>,
    pub message: String,
}

/// `−` (U+2212) is read as `-` (spec §11 J).
fn normalise(name: &str) -> String {
    name.replace('\u{2212}', "-")
}

fn starts_upper_or_digit(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// `suffix` at the end of `name`, ASCII case aside: the base's length.
fn strip_suffix_ci(name: &str, suffix: &str) -> Option<usize> {
    let cut = name.len().checked_sub(suffix.len())?;
    (cut > 0 && name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(suffix))
        .then_some(cut)
}

fn strip_prefix_ci(name: &str, prefix: &str) -> Option<usize> {
    (name.len() > prefix.len()
        && name.is_char_boundary(prefix.len())
        && name[..prefix.len()].eq_ignore_ascii_case(prefix))
    .then_some(prefix.len())
}

/// A protein change (`V600E`, `p.G12C`, `Q61K`, `R175H`, `E746_A750del`, `Q111`) or an
/// exon (`ex20ins`, `exon19del`), normalised; `None` for anything else.
fn variant_detail(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    for exon in ["exon", "ex"] {
        if let Some(rest) = lower.strip_prefix(exon) {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let tail = &rest[digits..];
            if digits > 0 && ["", "del", "ins", "dup", "skip", "skipping", "mut"].contains(&tail) {
                return Some(format!("ex{}{tail}", &rest[..digits]));
            }
        }
    }
    let text = text.strip_prefix("p.").unwrap_or(text);
    const AMINO: &[u8] = b"ACDEFGHIKLMNPQRSTVWY";
    let change = |t: &str| -> Option<usize> {
        let b = t.as_bytes();
        if b.first().is_some_and(|c| AMINO.contains(c)) {
            let digits = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            (1..=5).contains(&digits).then_some(1 + digits)
        } else {
            None
        }
    };
    let head = change(text)?;
    let rest = &text[head..];
    let rest = match rest.strip_prefix('_') {
        Some(range) => &range[change(range)?..],
        None => rest,
    };
    let ok = rest.is_empty()
        || (rest.len() == 1 && (AMINO.contains(&rest.as_bytes()[0]) || rest == "*" || rest == "X"))
        || ["del", "dup", "fs"].contains(&rest)
        || rest.starts_with("fs*")
        || rest
            .strip_prefix("delins")
            .or_else(|| rest.strip_prefix("ins"))
            .is_some_and(|r| r.bytes().all(|c| AMINO.contains(&c)));
    ok.then(|| text.to_string())
}

/// Every way `name` (normalised) splits into a form, in the order of spec §11 B.
fn splits(name: &str) -> Vec<Split> {
    let mut out = Vec::new();
    let split = |form, base: std::ops::Range<usize>, affix, kind, base_kind| Split {
        form,
        base,
        affix,
        detail: String::new(),
        second: None,
        base_kind,
        kind,
        distinctive: true,
    };
    let len = name.len();
    // Knock-downs.
    for prefix in ["si", "sh"] {
        if let Some(rest) = name.strip_prefix(prefix) {
            if starts_upper_or_digit(rest) && rest != "RNA" && !rest.starts_with("RNA-") {
                let affix = if prefix == "si" { "si" } else { "sh" };
                out.push(split(Form::KnockDown, 2..len, affix, Kind::Drug, BaseKind::Gene));
            }
        }
    }
    for (suffix, affix) in
        [("-siRNA", "si"), ("-shRNA", "sh"), ("-ASO", "-ASO"), ("-sgRNA", "-sgRNA")]
    {
        if let Some(cut) = strip_suffix_ci(name, suffix) {
            out.push(split(Form::KnockDown, 0..cut, affix, Kind::Drug, BaseKind::Gene));
        }
    }
    // Antibodies.
    if let Some(at) = strip_prefix_ci(name, "anti-") {
        let mut s = split(Form::Antibody, at..len, "anti-", Kind::Drug, BaseKind::Gene);
        s.distinctive = starts_upper_or_digit(&name[at..]);
        out.push(s);
    }
    // Forms of a protein.
    for (prefix, affix) in
        [("p-", "phospho"), ("phospho-", "phospho"), ("cleaved-", "cleaved"), ("total-", "total")]
    {
        if let Some(rest) = name.strip_prefix(prefix) {
            let mut s =
                split(Form::ProteinForm, prefix.len()..len, affix, Kind::Target, BaseKind::Gene);
            s.distinctive = prefix != "p-" || starts_upper_or_digit(rest);
            out.push(s);
        }
    }
    // Variants and fusions: at the last `-`.
    if let Some(dash) = name.rfind('-').filter(|&d| d > 0 && d + 1 < len) {
        let tail = &name[dash + 1..];
        if let Some(detail) = variant_detail(tail) {
            let mut s = split(Form::Variant, 0..dash, "variant", Kind::Target, BaseKind::Gene);
            s.detail = detail;
            out.push(s);
        } else if starts_upper_or_digit(tail) {
            let mut s = split(Form::Variant, 0..dash, "fusion", Kind::Target, BaseKind::Gene);
            s.second = Some((tail.to_string(), BaseKind::Gene));
            s.detail = tail.to_string();
            s.distinctive = false;
            out.push(s);
        }
    }
    // Genotypes.
    for (suffix, affix) in [
        ("-KO", "-KO"),
        ("-knockout", "-KO"),
        ("-null", "-null"),
        ("-deficient", "-deficient"),
        ("-/-", "-/-"),
        ("+/-", "+/-"),
        ("+/+", "+/+"),
        ("-mutant", "-mutant"),
        ("-WT", "-WT"),
    ] {
        if let Some(cut) = strip_suffix_ci(name, suffix) {
            out.push(split(Form::Genotype, 0..cut, affix, Kind::Context, BaseKind::Gene));
        }
    }
    // Biomarker status.
    for (suffix, affix) in [
        ("-positive", "-positive"),
        ("-negative", "-negative"),
        ("+", "-positive"),
        ("-high", "-high"),
        ("-low", "-low"),
        ("-amplified", "-amplified"),
        ("-methylated", "-methylated"),
        ("-overexpressing", "-overexpressing"),
    ] {
        if let Some(cut) = strip_suffix_ci(name, suffix) {
            let mut s = split(Form::Status, 0..cut, affix, Kind::Context, BaseKind::Gene);
            s.distinctive = suffix.len() > 5 || starts_upper_or_digit(name);
            out.push(s);
        }
    }
    // A drug's resistance, sensitivity, exposure.
    for suffix in [
        "-resistance",
        "-resistant",
        "-sensitivity",
        "-susceptibility",
        "-MIC",
        "-uptake",
        "-exposure",
    ] {
        if let Some(cut) = strip_suffix_ci(name, suffix) {
            let kind = if suffix == "-resistant" { Kind::Context } else { Kind::Process };
            let mut s =
                split(Form::DrugResponse, 0..cut, suffix_affix(suffix), kind, BaseKind::Drug);
            s.distinctive = false;
            out.push(s);
        }
    }
    // Measures of an entry.
    if let Some(dash) = name.rfind('-').filter(|&d| d > 0) {
        let word = &name[dash + 1..];
        if let Some(&measure) = MEASURE_WORDS.iter().find(|w| w.eq_ignore_ascii_case(word)) {
            let measure = match measure {
                "level" => "levels",
                "signalling" => "signaling",
                other => other,
            };
            // A scale's total score is its score: `HAM-D-total-score` measures `HAM-D`.
            let base_end = match strip_suffix_ci(&name[..dash], "-total") {
                Some(cut) if measure.starts_with("score") && cut > 0 => cut,
                _ => dash,
            };
            let mut s =
                split(Form::Measure, 0..base_end, "measure", Kind::Process, BaseKind::Entry);
            s.detail = measure.to_string();
            s.distinctive = false;
            out.push(s);
        }
    }
    // Disease stages and qualifiers.
    for qualifier in QUALIFIERS {
        if let Some(at) = strip_prefix_ci(name, qualifier) {
            if name[at..].starts_with('-') && at + 1 < len {
                let mut s =
                    split(Form::Stage, at + 1..len, "qualifier", Kind::Context, BaseKind::Disease);
                s.detail = qualifier.to_ascii_lowercase();
                s.distinctive = false;
                out.push(s);
                break;
            }
        }
    }
    // Cell lines: `/drug-or-code`, `-gene`, `-luc`, `-GFP`.
    if let Some(slash) = name.rfind('/').filter(|&s| s > 0 && s + 1 < len) {
        let mut s = split(Form::CellLine, 0..slash, "derived", Kind::Context, BaseKind::CellLine);
        s.detail = format!("/{}", &name[slash + 1..]);
        s.distinctive = false;
        out.push(s);
    }
    if let Some(dash) = name.rfind('-').filter(|&d| d > 0 && d + 1 < len) {
        let tail = &name[dash + 1..];
        let mut s = split(Form::CellLine, 0..dash, "derived", Kind::Context, BaseKind::CellLine);
        s.distinctive = false;
        if ["luc", "luc2", "GFP", "Luc"].iter().any(|m| tail.eq_ignore_ascii_case(m)) {
            s.detail = format!("-{}", tail.to_ascii_lowercase());
        } else {
            s.detail = format!("-{tail}");
            s.second = Some((tail.to_string(), BaseKind::Gene));
        }
        out.push(s);
    }
    out
}

/// Whether `a` and `b` differ in one character only, and those two are neighbouring
/// keys of a QWERTY keyboard (case aside).
fn neighbouring_key(a: &str, b: &str) -> bool {
    const ROWS: [&str; 4] = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let position = |c: char| {
        let c = c.to_ascii_lowercase();
        ROWS.iter().enumerate().find_map(|(r, row)| row.find(c).map(|i| (r as i32, i as i32)))
    };
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<(char, char)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| !x.eq_ignore_ascii_case(y))
        .map(|(x, y)| (*x, *y))
        .collect();
    match differ.as_slice() {
        [(x, y)] => match (position(*x), position(*y)) {
            // Keys of a row are staggered: a key touches two of the row below.
            (Some((r1, c1)), Some((r2, c2))) => match r2 - r1 {
                0 => (c1 - c2).abs() == 1,
                1 => c2 == c1 || c2 == c1 - 1,
                -1 => c1 == c2 || c1 == c2 - 1,
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}

fn suffix_affix(suffix: &str) -> &'static str {
    match suffix {
        "-resistance" => "-resistance",
        "-resistant" => "-resistant",
        "-sensitivity" => "-sensitivity",
        "-susceptibility" => "-susceptibility",
        "-MIC" => "-MIC",
        "-uptake" => "-uptake",
        _ => "-exposure",
    }
}

impl Split {
    /// Whether a name read this way may stand in `position`: of one of its kinds, and a
    /// derived cell line or disease only where the position searches that namespace
    /// ([`Position::searches`]: not a cell line after `treats`, neither in a subject).
    fn fits(&self, position: Position) -> bool {
        position.kinds().contains(&self.kind)
            && match self.base_kind {
                BaseKind::CellLine => position.searches(Reference::CellLines),
                BaseKind::Disease => position.searches(Reference::Diseases),
                _ => true,
            }
    }
}

/// How a base resolved.
enum Base {
    Found { resolved: Resolved, curated: bool, gene_alias: bool },
    Ambiguous(Vec<Resolved>),
    Unknown,
}

impl Vocabulary {
    /// The derived entry `id` names, if this vocabulary made it.
    pub fn derived(&self, id: DerivedId) -> Option<&DerivedEntry> {
        self.derived.get(id)
    }

    /// Reads `name`, which every layer missed, as a derived name in `position`: the
    /// first form whose base resolves, of the position's kinds (else `WrongKind`), and
    /// `Ambiguous` with every reading when the base is (or may be a typo, spec §11 B).
    pub fn derive(&self, name: &str, position: Position) -> Derivation {
        if !self.derived_names || name.is_empty() || name.len() > 200 {
            return Derivation::None;
        }
        let normal = normalise(name);
        let mut unknown: Option<UnknownBase> = None;
        let mut other_kind: Option<Kind> = None;
        for split in splits(&normal) {
            let base_text = &normal[split.base.clone()];
            // The form's other part (a fusion partner, a transfected gene, a line's drug)
            // must be what the form says, or the name is not of this form, even to
            // report its base: `pregnant-rats` is no cell line `pregnant` transfected
            // with a gene `rats`.
            let second = match &split.second {
                Some((text, kind)) => match self.base(text, *kind) {
                    Base::Found { resolved, .. } => Some(resolved),
                    _ => continue,
                },
                None => None,
            };
            let (bases, guarded) = match self.base(base_text, split.base_kind) {
                Base::Found { resolved, curated, gene_alias } => {
                    let mut bases = vec![resolved];
                    bases.extend(self.neighbours(
                        base_text,
                        split.base_kind,
                        resolved,
                        curated,
                        gene_alias,
                    ));
                    // The typo guard is for symbol-like aliases (`KARS`, one edit from
                    // `KRAS`), or any alias a second reading is one edit from; a
                    // protein's name as papers write it (`α-synuclein`, `insulin`) with
                    // no such neighbour reads as itself.
                    let guarded = gene_alias && (bases.len() > 1 || symbol_like(base_text));
                    (bases, guarded)
                }
                Base::Ambiguous(candidates) => (candidates, true),
                Base::Unknown => {
                    if unknown.is_none() && split.base_kind != BaseKind::Any && split.fits(position)
                    {
                        unknown = self.unknown_base(&normal, &split, base_text);
                    }
                    continue;
                }
            };
            let first = bases[0];
            if split.base_kind == BaseKind::CellLine
                && !self.classes_of(first).contains(&"cell-line")
            {
                continue;
            }
            if split.base_kind == BaseKind::Disease && self.classes_of(first).contains(&"cell-line")
            {
                continue;
            }
            if !split.fits(position) {
                other_kind.get_or_insert(split.kind);
                continue;
            }
            let mut readings: Vec<Resolved> = Vec::new();
            for base in bases {
                if let Some(id) = self.reading(&split, base, second) {
                    if !readings.contains(&Resolved::Derived(id)) {
                        readings.push(Resolved::Derived(id));
                    }
                }
            }
            return Derivation::Read(match readings.as_slice() {
                [] => continue,
                [one] if !guarded => Lookup::Found(*one, Match::Canonical),
                _ => Lookup::Ambiguous(readings),
            });
        }
        if let Some(kind) = other_kind {
            return Derivation::Read(Lookup::WrongKind(kind));
        }
        match unknown {
            // Spans point into the name as written: only when `−` did not move them.
            Some(u) if normal.len() == name.len() => Derivation::UnknownBase(u),
            _ => Derivation::None,
        }
    }

    /// The `ambiguous-name` message of a derived name, when every candidate is a
    /// derived reading: each reading with its name as written on the canonical base.
    pub fn derived_ambiguity(&self, name: &str, candidates: &[Resolved]) -> Option<String> {
        let readings = candidates
            .iter()
            .map(|&c| match c {
                Resolved::Derived(id) => self.derived(id),
                _ => None,
            })
            .collect::<Option<Vec<&DerivedEntry>>>()?;
        let shown = |d: &DerivedEntry| {
            format!("{} (`{}`)", d.reading, super::describe::written(&d.name).trim_matches('`'))
        };
        match readings.as_slice() {
            [] => None,
            [one] => Some(format!(
                "`{name}` reads as {} only through an alias of `{}` in a reference namespace, \
                 which a typo can reach too; write `{}`, or define `{name}` in the workspace",
                shown(one),
                self.canonical_name(one.base),
                one.name,
            )),
            [rest @ .., last] => {
                let rest: Vec<String> = rest.iter().map(|d| shown(d)).collect();
                Some(format!(
                    "`{name}` is ambiguous: it can be read as {} or {}; write the one you mean, \
                     or define `{name}` in the workspace",
                    rest.join(", "),
                    shown(last)
                ))
            }
        }
    }

    /// How a base resolves, with what the guards need to know of it.
    fn base(&self, text: &str, kind: BaseKind) -> Base {
        if text.is_empty() {
            return Base::Unknown;
        }
        for &position in kind.positions() {
            match self.find(text, position) {
                Some(Lookup::Found(resolved, how)) if kind.accepts(self.kind_of(resolved)) => {
                    let curated = self.find_curated(text, position).is_some();
                    let canonical = self.canonical_name(resolved);
                    let gene_alias = !curated
                        && how != Match::Canonical
                        && matches!(resolved, Resolved::Gene(..))
                        && !super::variants::are_variants(text, canonical)
                        && !text.eq_ignore_ascii_case(canonical);
                    return Base::Found { resolved, curated, gene_alias };
                }
                Some(Lookup::Ambiguous(candidates)) => {
                    let fitting: Vec<Resolved> =
                        candidates.into_iter().filter(|&c| kind.accepts(self.kind_of(c))).collect();
                    if !fitting.is_empty() {
                        return Base::Ambiguous(fitting);
                    }
                }
                _ => {}
            }
        }
        Base::Unknown
    }

    /// Other entries the written base is one edit from (spec §11 B): curated entries
    /// of its kinds when the base is not curated, and, for a gene base reached through
    /// an alias, any gene whose symbol is one edit away.
    fn neighbours(
        &self,
        base: &str,
        kind: BaseKind,
        own: Resolved,
        curated: bool,
        gene_alias: bool,
    ) -> Vec<Resolved> {
        if curated || base.chars().count() < 4 {
            return Vec::new();
        }
        let lower: Vec<char> = base.chars().flat_map(char::to_lowercase).collect();
        let close = |name: &str| {
            let other: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
            other.len().abs_diff(lower.len()) <= 1
                && strsim::generic_damerau_levenshtein(&lower, &other) == 1
        };
        let mut out = Vec::new();
        let mut add = |resolved: Resolved| {
            if resolved != own && !out.contains(&resolved) {
                out.push(resolved);
            }
        };
        for (id, entry) in self.entries.iter().enumerate() {
            if entry.layer == Layer::Reference || !kind.accepts(entry.kind) {
                continue;
            }
            // Canonical names only: `EGFR` is one edit from MET's alias `HGFR`, which no
            // one mistypes for it.
            if close(&entry.name) {
                add(self.identity(Resolved::Entry(id as u32)));
            }
        }
        if gene_alias {
            for suggestion in self.suggest(base, Position::Object, 5) {
                if suggestion.distance != 1 {
                    continue;
                }
                if let Some(Lookup::Found(resolved, Match::Canonical)) =
                    self.find(&suggestion.text, Position::Object)
                {
                    if self.kind_of(resolved) == Kind::Target {
                        add(resolved);
                    }
                }
            }
        }
        out
    }

    /// Interns the reading of `split` on `base`.
    fn reading(
        &self,
        split: &Split,
        base: Resolved,
        second: Option<Resolved>,
    ) -> Option<DerivedId> {
        // A canonical name with spaces is written with `-` (spec §10 A's rule).
        let base_name = self.canonical_name(base).replace(' ', "-");
        let shown = self.canonical_name(base);
        let second_name = second.map(|s| self.canonical_name(s).replace(' ', "-"));
        let detail = match (&second_name, split.form) {
            (Some(partner), Form::Variant) => partner.clone(),
            (Some(gene), Form::CellLine) => format!("-{gene}"),
            _ => split.detail.clone(),
        };
        // Written from the identity's parts only: `siBRAF` and `BRAF-siRNA` are one
        // entry, named `siBRAF` whichever was read first.
        let name = match (split.form, split.affix) {
            (Form::KnockDown, "si" | "sh") => format!("{}{base_name}", split.affix),
            (Form::Antibody, _) => format!("anti-{base_name}"),
            (Form::ProteinForm, "phospho") => format!("p-{base_name}"),
            (Form::ProteinForm, affix) => format!("{affix}-{base_name}"),
            (Form::Variant | Form::Measure, _) => format!("{base_name}-{detail}"),
            (Form::Stage, _) => format!("{}-{base_name}", split.detail),
            (Form::CellLine, _) => format!("{base_name}{detail}"),
            (_, affix) => format!("{base_name}{affix}"),
        };
        let reading = match split.form {
            Form::KnockDown => match split.affix {
                "si" => format!("knock-down of {shown} (siRNA)"),
                "sh" => format!("knock-down of {shown} (shRNA)"),
                "-ASO" => format!("knock-down of {shown} (antisense oligonucleotide)"),
                _ => format!("knock-out of {shown} (sgRNA)"),
            },
            Form::Antibody => format!("an antibody to {shown}"),
            Form::ProteinForm => match split.affix {
                "phospho" => format!("phosphorylated {shown}"),
                "cleaved" => format!("cleaved {shown}"),
                _ => format!("total {shown}"),
            },
            Form::Variant if split.affix == "fusion" => {
                format!("the fusion of {shown} and {detail}")
            }
            Form::Variant => format!("the {detail} variant of {shown}"),
            Form::Genotype => match split.affix {
                "-KO" => format!("{shown} knockout"),
                "-/-" => format!("{shown} −/− (homozygous loss)"),
                "+/-" => format!("{shown} +/− (heterozygous)"),
                "+/+" => format!("{shown} +/+ (wild type)"),
                "-WT" => format!("wild-type {shown}"),
                other => format!("{shown}{other}"),
            },
            Form::Status => format!("{shown}{} status", split.affix),
            Form::DrugResponse => match split.affix {
                "-resistance" => format!("resistance to {shown}"),
                "-resistant" => format!("resistant to {shown}"),
                "-sensitivity" => format!("sensitivity to {shown}"),
                "-susceptibility" => format!("susceptibility to {shown}"),
                "-MIC" => format!("minimal inhibitory concentration of {shown}"),
                "-uptake" => format!("uptake of {shown}"),
                _ => format!("exposure to {shown}"),
            },
            Form::Measure => format!("{detail} of {shown}"),
            Form::Stage => format!("{} {shown}", split.detail.replace('-', " ")),
            Form::CellLine => format!("{shown} derivative {detail}"),
        };
        let how = match split.form {
            Form::KnockDown if matches!(split.affix, "si" | "sh") => "si/sh + gene",
            Form::KnockDown => "gene + knock-down suffix",
            Form::Antibody => "anti- + target",
            Form::ProteinForm => "protein form + gene",
            Form::Variant if split.affix == "fusion" => "gene + fusion partner",
            Form::Variant => "gene + variant",
            Form::Genotype => "gene + genotype",
            Form::Status => "gene + status",
            Form::DrugResponse => "drug + response",
            Form::Measure => "entry + measure word",
            Form::Stage => "qualifier + disease",
            Form::CellLine => "cell line + derivative",
        };
        let identity_detail = match split.form {
            Form::Variant | Form::CellLine => detail.to_ascii_lowercase(),
            _ => split.detail.clone(),
        };
        let identity = {
            use std::hash::{Hash, Hasher};
            let mut hasher = rustc_hash::FxHasher::default();
            (split.form, split.affix, identity_detail, base).hash(&mut hasher);
            hasher.finish()
        };
        self.derived.intern(DerivedEntry {
            name,
            form: split.form,
            kind: split.kind,
            base,
            reading,
            how,
            is_base: matches!(split.form, Form::Stage | Form::CellLine),
            identity,
        })
    }

    /// The base's own diagnostic, when the form is distinctive or the base has a close
    /// name: "unknown gene `KRAZ` in `siKRAZ`; did you mean `siKRAS`?".
    fn unknown_base(&self, name: &str, split: &Split, base: &str) -> Option<UnknownBase> {
        let position = split.base_kind.positions()[0];
        let mut suggestions = self.suggest(base, position, 5);
        if let Some(first) = suggestions.first().map(|s| s.distance) {
            suggestions.retain(|s| s.distance == first);
        }
        // Of names equally close, a slip to a neighbouring key (`KRAZ` → `KRAS`).
        let slips: Vec<_> =
            suggestions.iter().filter(|s| neighbouring_key(base, &s.text)).cloned().collect();
        if slips.len() == 1 {
            suggestions = slips;
        }
        suggestions.truncate(3);
        let best: Vec<String> = match suggestions.first() {
            Some(first) => suggestions
                .iter()
                .filter(|s| s.distance == first.distance)
                .map(|s| {
                    let written = format!(
                        "{}{}{}",
                        &name[..split.base.start],
                        s.text,
                        &name[split.base.end..]
                    );
                    format!("`{}`", super::describe::written(&written))
                })
                .collect(),
            None => Vec::new(),
        };
        if best.is_empty() && !(split.distinctive && starts_upper_or_digit(base)) {
            return None;
        }
        let mut message = format!("unknown {} `{base}` in `{name}`", split.base_kind.noun());
        if !best.is_empty() {
            let names = match best.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => best.concat(),
            };
            message.push_str(&format!("; did you mean {names}?"));
        }
        Some(UnknownBase {
            rule: split.base_kind.unknown_rule(),
            base: split.base.clone(),
            message,
        })
    }
}

/// Whether a name is written like a gene symbol: capitals, digits and `-` only, at most
/// six characters (`KARS`, `HER2`), as opposed to a word (`insulin`, `α-synuclein`).
fn symbol_like(name: &str) -> bool {
    name.chars().count() <= 6
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arena_places_ids_in_growing_chunks() {
        assert_eq!(place(0), (0, 0));
        assert_eq!(place(63), (0, 63));
        assert_eq!(place(64), (1, 0));
        assert_eq!(place(64 + 127), (1, 127));
        assert_eq!(place(64 + 128), (2, 0));
    }

    #[test]
    fn neighbouring_keys() {
        assert!(neighbouring_key("KRAZ", "KRAS"));
        assert!(!neighbouring_key("KRAZ", "KRAG"));
        assert!(!neighbouring_key("KRAZ", "KRAP"));
        assert!(neighbouring_key("BRAG", "BRAF"));
        assert!(!neighbouring_key("BRAF", "BRAF1"));
    }

    #[test]
    fn variants_exons_and_not_variants() {
        for (text, normal) in [
            ("V600E", "V600E"),
            ("p.G12C", "G12C"),
            ("Q111", "Q111"),
            ("E746_A750del", "E746_A750del"),
            ("ex20ins", "ex20ins"),
            ("exon19del", "ex19del"),
            ("R882fs", "R882fs"),
        ] {
            assert_eq!(variant_detail(text).as_deref(), Some(normal), "{text}");
        }
        for text in ["KO", "low", "ALK", "V", "siRNA", "B27x1"] {
            assert_eq!(variant_detail(text), None, "{text}");
        }
    }
}
