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
    /// route, dose or formulation + drug (`vaginal-progesterone`, `ruxolitinib-cream`): a
    /// drug.
    Dosage,
    /// drugs joined by `-`, `/` or `+` (`ceftazidime-avibactam`): a drug, their
    /// combination.
    Combination,
    /// organ, tissue or cell type (or its adjective) + process: that process there
    /// (`hepatic-gluconeogenesis`); + cell type: that cell type there (`lung-fibroblasts`).
    Site,
}

/// Every form, in the order of spec §11 B, with how `evn rules` and hover name it.
pub const FORMS: [(Form, &str, &str); 13] = [
    (
        Form::KnockDown,
        "si/sh + gene, gene + -siRNA/-shRNA/-ASO/-sgRNA",
        "drug: knock-down of the gene",
    ),
    (Form::Antibody, "anti- + target", "drug (ligand after `with`): an antibody to the target"),
    (
        Form::ProteinForm,
        "p-/phospho-/cleaved-/total-/soluble- + gene, s + gene (sFlt-1)",
        "target: that form of the gene's protein",
    ),
    (
        Form::Variant,
        "gene + -protein change, -exon, -dbSNP id or -fusion partner; HLA- + locus + allele group (HLA-B27)",
        "target: that variant or fusion (after `in`, a variant's carriers)",
    ),
    (
        Form::Genotype,
        "gene + -KO/-knockout/-null/-deficient/-/-/+/-/+/+/-mutant/-WT/-cKO/-mutations/-deletion/-heterozygotes…",
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
    (
        Form::Stage,
        "qualifier(s) + - + disease, end point or population; entry + -positive/-associated/-induced/-mediated… + - + disease (HBeAg-positive-chronic-hepatitis-B)",
        "context: that disease or population (is it); process: that end point",
    ),
    (
        Form::CellLine,
        "cell line + /drug or code, -gene, -luc/-GFP",
        "context: that line (is the line)",
    ),
    (
        Form::Dosage,
        "route or dose + - + drug (oral-, vaginal-, inhaled-, low-dose-…), drug + - + formulation (-cream, -patch, -infusion…)",
        "drug: that drug so given",
    ),
    (
        Form::Combination,
        "drug + -, / or + + drug (each part a drug)",
        "drug: the combination",
    ),
    (
        Form::Site,
        "organ, tissue or cell type (or its adjective: hepatic, renal, microglial) + process or cell type; organism + cell type (Xenopus-oocytes)",
        "process: that process there; context: that cell type there (is the cell type)",
    ),
];

/// The routes and doses of [`Form::Dosage`], written before the drug.
pub const ROUTES: &[&str] = &[
    "oral",
    "topical",
    "intravenous",
    "IV",
    "inhaled",
    "nebulized",
    "intranasal",
    "nasal",
    "vaginal",
    "rectal",
    "subcutaneous",
    "intramuscular",
    "intrathecal",
    "intravitreal",
    "intra-articular",
    "intralesional",
    "intraperitoneal",
    "transdermal",
    "sublingual",
    "antenatal",
    "prophylactic",
    "adjuvant",
    "neoadjuvant",
    "low-dose",
    "high-dose",
    "standard-dose",
    "once-daily",
    "twice-daily",
    "weekly",
    "long-acting",
    "extended-release",
    "sustained-release",
    "modified-release",
    "delayed-release",
    "dual-release",
    "immediate-release",
    "controlled-release",
];

/// The formulations of [`Form::Dosage`], written after the drug.
pub const FORMULATIONS: &[&str] = &[
    "cream",
    "ointment",
    "gel",
    "foam",
    "lotion",
    "patch",
    "spray",
    "inhaler",
    "eye-drops",
    "drops",
    "injection",
    "infusion",
    "tablets",
    "tablet",
    "capsules",
    "implant",
    "suppository",
    "monotherapy",
    "therapy",
    "treatment",
    "LAR",
    "depot",
    "prophylaxis",
];

/// The adjectives of organs, tissues and cells that names start with, and the noun each
/// is looked up as (spec §11 B's bases, as the drafts of session 31 wrote them):
/// `hepatic-gluconeogenesis`, `microglial-activation`, `renal-function`.
pub const SITE_ADJECTIVES: &[(&str, &str)] = &[
    ("hepatic", "liver"),
    ("renal", "kidney"),
    ("cardiac", "heart"),
    ("myocardial", "myocardium"),
    ("pulmonary", "lung"),
    ("bronchial", "bronchi"),
    ("alveolar", "pulmonary-alveoli"),
    ("cerebral", "brain"),
    ("cortical", "cerebral-cortex"),
    ("hippocampal", "hippocampus"),
    ("striatal", "corpus-striatum"),
    ("nigral", "substantia-nigra"),
    ("hypothalamic", "hypothalamus"),
    ("retinal", "retina"),
    ("neuronal", "neurons"),
    ("microglial", "microglia"),
    ("astrocytic", "astrocytes"),
    ("endothelial", "endothelial-cells"),
    ("epithelial", "epithelial-cells"),
    ("vascular", "blood-vessels"),
    ("intestinal", "intestines"),
    ("colonic", "colon"),
    ("gastric", "stomach"),
    ("pancreatic", "pancreas"),
    ("splenic", "spleen"),
    ("thymic", "thymus"),
    ("placental", "placenta"),
    ("uterine", "uterus"),
    ("ovarian", "ovary"),
    ("testicular", "testis"),
    ("cutaneous", "skin"),
    ("dermal", "dermis"),
    ("epidermal", "epidermis"),
    ("synaptic", "synapses"),
    ("mitochondrial", "mitochondria"),
    ("skeletal-muscle", "skeletal-muscle"),
    ("adipose", "adipose-tissue"),
    // Session 32 (blind drafts in ophthalmology, endocrinology, hepatology, hematology).
    ("ocular", "eye"),
    ("orbital", "orbit"),
    ("corneal", "cornea"),
    ("conjunctival", "conjunctiva"),
    ("choroidal", "choroid"),
    ("esophageal", "esophagus"),
    ("biliary", "biliary-tract"),
    ("thyroid", "thyroid-gland"),
    ("adrenal", "adrenal-glands"),
    ("pituitary", "pituitary-gland"),
    ("erythroid", "erythroid-cells"),
    ("gastrointestinal", "gastrointestinal-tract"),
];

/// The measure words of [`Form::Measure`].
pub const MEASURE_WORDS: &[&str] = &[
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
    // What the first drafts of other fields measured (session 31: pulmonology,
    // dermatology, obstetrics, infectious disease): the course of a disease, what
    // happens to a protein, a cell's movements, what happens to a tissue, amounts.
    "morbidity",
    "mortality",
    "survival",
    "remission",
    "relapse",
    "recurrence",
    "reactivation",
    "flare",
    "flares",
    "exacerbation",
    "exacerbations",
    "response",
    "resolution",
    "regression",
    "misfolding",
    "gating",
    "trafficking",
    "turnover",
    "stability",
    "degradation",
    "cleavage",
    "processing",
    "maturation",
    "transcription",
    "splicing",
    "methylation",
    "acetylation",
    "ubiquitination",
    "binding",
    "overexpression",
    "depletion",
    "deficiency",
    "induction",
    "recruitment",
    "mobilization",
    "formation",
    "growth",
    "efflux",
    "influx",
    "excretion",
    "reabsorption",
    "dysfunction",
    "injury",
    "damage",
    "inflammation",
    "fibrosis",
    "remodeling",
    "hypertrophy",
    "hypersecretion",
    "infection",
    "colonization",
    "replication",
    "transmission",
    "prevalence",
    "concentration",
    "concentrations",
    "content",
    "count",
    "counts",
    "density",
    "volume",
    "thickness",
    // Session 32, from blind first drafts in hematology, endocrinology, ophthalmology
    // and hepatology: rates and events of a disease or end point (`bleeding-rate`),
    // a virus's nucleic acid as its load (`HCV-RNA`, `HBV-DNA`), antibodies and
    // seroconversion of an antigen, what a treatment does to an amount.
    "rate",
    "rates",
    "events",
    "episodes",
    "attacks",
    "crises",
    "frequency",
    "duration",
    "requirement",
    "requirements",
    "dose",
    "RNA",
    "DNA",
    "mRNA",
    "load",
    "titer",
    "titers",
    "titre",
    "titres",
    "antibodies",
    "autoantibodies",
    "seroconversion",
    "eradication",
    "positivity",
    "normalization",
    "improvement",
    "reduction",
    "suppression",
    "strength",
    "mass",
    "size",
    "area",
    "length",
    "pressure",
    "flow",
    "perfusion",
    "leakage",
    "breakdown",
    "hospitalization",
    "hospitalizations",
];

/// Measures written as two words, tried before the last word alone:
/// `LRRK2-kinase-activity` is the kinase activity of LRRK2, not the activity of a
/// `LRRK2-kinase`.
pub const MEASURE_PHRASES: &[&str] = &[
    "kinase-activity",
    "channel-activity",
    "channel-function",
    "channel-gating",
    "enzyme-activity",
    "cell-death",
    "cell-count",
    "cell-counts",
];

/// The qualifiers of [`Form::Stage`], longest first where one starts another: of a
/// disease, of an end point (`severe-exacerbations`), of an organism or population
/// (`pregnant-rats`, `maternal-serum` is not one: serum is no organism). None negates
/// or moves its base (`non-`, `pre-`, `post-`), and none is an organ's adjective
/// (`pulmonary-hypertension` is not hypertension).
pub const QUALIFIERS: &[&str] = &[
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
    // Session 31, from first drafts in pulmonology, dermatology and obstetrics: the
    // course, the cause and the subtype of a disease, and who has it.
    "multidrug-resistant",
    "drug-resistant",
    "drug-susceptible",
    "drug-sensitive",
    "early-symptomatic",
    "asymptomatic",
    "symptomatic",
    "subclinical",
    "idiopathic",
    "primary",
    "secondary",
    "congenital",
    "hereditary",
    "inherited",
    "acquired",
    "latent",
    "persistent",
    "paroxysmal",
    "permanent",
    "stable",
    "unstable",
    "localized",
    "locally-advanced",
    "invasive",
    "generalized",
    "systemic",
    "allergic",
    "eosinophilic",
    "neutrophilic",
    "seropositive",
    "seronegative",
    "plaque",
    "incident",
    "spontaneous",
    "preterm",
    "gestational",
    "postpartum",
    "postoperative",
    "perioperative",
    "maternal",
    "fetal",
    "neonatal",
    "pediatric",
    "paediatric",
    "childhood",
    "juvenile",
    "adolescent",
    "adult-onset",
    "adult",
    "elderly",
    "pregnant",
    "aged",
    "male",
    "female",
    "obese",
    "diabetic",
    "germ-free",
    "ovariectomized",
    // Session 32 (blind drafts in hematology, endocrinology, ophthalmology, hepatology).
    "new",
    "morphometric",
    "clinical",
    "postmenopausal",
    "premenopausal",
    "compensated",
    "neovascular",
    "exudative",
    "proliferative",
    "non-proliferative",
    "nonproliferative",
    "transfusion-dependent",
    "non-transfusion-dependent",
    "glucocorticoid-induced",
    "drug-induced",
    "diet-induced",
    "autoimmune",
    "non-infectious",
    "infectious",
    "bilateral",
    "unilateral",
    // How an end point is assessed (`histologic-remission`, `biochemical-response`).
    "histologic",
    "histological",
    "biochemical",
    "virologic",
    "virological",
    "serologic",
    "serological",
    "endoscopic",
    "hematologic",
    "hematological",
    "cytogenetic",
    "radiographic",
    "combined",
    "overall",
    "partial",
    "complete",
    "sustained",
    "durable",
    // The species of cells or tissue (`primary-human-hepatocytes`).
    "human",
    "murine",
    "mouse",
    "rat",
];

/// The connectors of an entry that qualifies a disease, an end point or a population
/// ([`Form::Stage`]): `HBeAg-positive-`, `JIA-associated-`, `steroid-refractory-`.
pub const CONNECTORS: &[&str] = &[
    "positive",
    "negative",
    "mutant",
    "mutated",
    "associated",
    "related",
    "induced",
    "mediated",
    "dependent",
    "driven",
    "linked",
    "producing",
    "secreting",
    "deficient",
    "refractory",
    "resistant",
    "sensitive",
    "naive",
    "exposed",
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
    /// The base when it is not written as such: `HLA-C` in `HLA-Cw6`.
    base_text: Option<&'static str>,
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
    /// A process: an end point (`exacerbations`), a phenotype.
    Process,
    /// A cell type (the cell types namespace).
    CellType,
    /// An organ, tissue or cell type (anatomy, cell types), or its adjective.
    Site,
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
            BaseKind::Gene | BaseKind::Process => &[Position::Object],
            BaseKind::Drug => &[Position::Payload],
            BaseKind::Disease | BaseKind::CellLine | BaseKind::CellType | BaseKind::Site => {
                &[Position::Context]
            }
            BaseKind::Entry => &[Position::Object, Position::Payload, Position::Context],
            BaseKind::Any => &[Position::Payload, Position::Object],
        }
    }

    fn accepts(self, kind: Kind) -> bool {
        match self {
            BaseKind::Gene => kind == Kind::Target,
            BaseKind::Drug => kind == Kind::Drug,
            BaseKind::Process => kind == Kind::Process,
            BaseKind::Disease | BaseKind::CellLine | BaseKind::CellType | BaseKind::Site => {
                kind == Kind::Context
            }
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
            BaseKind::Process => "process",
            BaseKind::CellType => "cell type",
            BaseKind::Site => "organ, tissue or cell type",
            BaseKind::Entry | BaseKind::Any => "name",
        }
    }

    fn unknown_rule(self) -> Rule {
        match self {
            BaseKind::Gene | BaseKind::Process | BaseKind::Entry | BaseKind::Any => {
                Rule::UnknownTarget
            }
            BaseKind::Drug => Rule::UnknownDrug,
            BaseKind::Disease | BaseKind::CellLine | BaseKind::CellType | BaseKind::Site => {
                Rule::UnknownContext
            }
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
    // A dbSNP identifier: `MUC5B-rs35705950`.
    if let Some(digits) = lower.strip_prefix("rs") {
        if !digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(lower);
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
        base_text: None,
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
    // Soluble forms of a receptor or ligand: `sFlt-1`, `soluble-endoglin`, `sIL-6R`.
    if let Some(rest) = name.strip_prefix('s').filter(|r| r.chars().nth(1).is_some()) {
        if starts_upper_or_digit(rest) && !rest.starts_with("RNA") && !name.starts_with("sh") {
            let mut s = split(Form::ProteinForm, 1..len, "soluble", Kind::Target, BaseKind::Gene);
            s.distinctive = false;
            out.push(s);
        }
    }
    // Forms of a protein.
    for (prefix, affix) in [
        ("p-", "phospho"),
        ("phospho-", "phospho"),
        ("cleaved-", "cleaved"),
        ("total-", "total"),
        ("soluble-", "soluble"),
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            let mut s =
                split(Form::ProteinForm, prefix.len()..len, affix, Kind::Target, BaseKind::Gene);
            s.distinctive = prefix != "p-" || starts_upper_or_digit(rest);
            out.push(s);
        }
    }
    // HLA alleles and allele groups as clinicians write them: `HLA-B27`, `HLA-Cw6`,
    // `HLA-DR4`, `HLA-DQ2`, `HLA-DRB1-04` (a `*` or `:` needs backticks, spec §2).
    if let Some(rest) = name.strip_prefix("HLA-") {
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let locus = &rest[..letters];
        let locus_digits = rest[letters..].bytes().take_while(u8::is_ascii_digit).count().min(1);
        // A locus with its digit (`DRB1`) when a `-` or the allele follows it.
        let (gene, allele): (Option<&'static str>, &str) = match (locus, &rest[letters..]) {
            ("A", a) => (Some("HLA-A"), a),
            ("B", a) => (Some("HLA-B"), a),
            ("C" | "Cw", a) => (Some("HLA-C"), a),
            ("DR", a) => (Some("HLA-DRB1"), a),
            ("DQ", a) => (Some("HLA-DQB1"), a),
            ("DP", a) => (Some("HLA-DPB1"), a),
            ("DRB" | "DQB" | "DQA" | "DPB" | "DPA", a) if locus_digits == 1 => {
                let gene = match (locus, &a[..1]) {
                    ("DRB", "1") => Some("HLA-DRB1"),
                    ("DQB", "1") => Some("HLA-DQB1"),
                    ("DQA", "1") => Some("HLA-DQA1"),
                    ("DPB", "1") => Some("HLA-DPB1"),
                    ("DPA", "1") => Some("HLA-DPA1"),
                    _ => None,
                };
                (gene, a[1..].trim_start_matches('-'))
            }
            _ => (None, ""),
        };
        if let Some(gene) = gene {
            if !allele.is_empty()
                && allele.len() <= 6
                && allele.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                && allele.as_bytes()[0].is_ascii_digit()
            {
                // The allele group itself, and (after `in`) its carriers.
                for (form, affix, kind) in [
                    (Form::Variant, "allele", Kind::Target),
                    (Form::Genotype, "carrier", Kind::Context),
                ] {
                    let mut s = split(form, 0..len, affix, kind, BaseKind::Gene);
                    s.base_text = Some(gene);
                    s.detail = allele.replace('-', ":");
                    out.push(s);
                }
            }
        }
    }
    // Variants and fusions: at the last `-`.
    if let Some(dash) = name.rfind('-').filter(|&d| d > 0 && d + 1 < len) {
        let tail = &name[dash + 1..];
        if let Some(detail) = variant_detail(tail) {
            let mut s = split(Form::Variant, 0..dash, "variant", Kind::Target, BaseKind::Gene);
            s.detail = detail.clone();
            out.push(s);
            // After `in`, the people or the animals who carry it: `in CFTR-G551D`.
            let mut s = split(Form::Genotype, 0..dash, "carrier", Kind::Context, BaseKind::Gene);
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
        // Session 31: how the drafts of other fields wrote who carries a change.
        ("-null-mutations", "-null-mutations"),
        ("-loss-of-function", "-loss-of-function"),
        ("-LOF", "-loss-of-function"),
        ("-deletions", "-deletion"),
        ("-deletion", "-deletion"),
        ("-mutations", "-mutation"),
        ("-mutation", "-mutation"),
        ("-mutated", "-mutation"),
        ("-variants", "-variant"),
        ("-carriers", "-variant"),
        ("-heterozygotes", "+/-"),
        ("-heterozygous", "+/-"),
        ("-homozygotes", "-homozygous"),
        ("-homozygous", "-homozygous"),
        ("-cKO", "-cKO"),
        ("-transgenic", "-transgenic"),
        ("-Tg", "-transgenic"),
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
    // A drug as it is given: `vaginal-progesterone`, `ruxolitinib-cream`.
    for route in ROUTES {
        if let Some(at) = strip_prefix_ci(name, route) {
            if name[at..].starts_with('-') && at + 1 < len {
                let mut s = split(Form::Dosage, at + 1..len, "route", Kind::Drug, BaseKind::Drug);
                s.detail = route.to_string();
                s.distinctive = false;
                out.push(s);
            }
        }
    }
    for formulation in FORMULATIONS {
        if let Some(cut) = strip_suffix_ci(name, formulation) {
            if cut > 1 && name[..cut].ends_with('-') {
                let mut s =
                    split(Form::Dosage, 0..cut - 1, "formulation", Kind::Drug, BaseKind::Drug);
                s.detail = formulation.to_string();
                s.distinctive = false;
                out.push(s);
            }
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
    // Measures of an entry: a phrase (`-kinase-activity`), else the last word.
    let phrase = MEASURE_PHRASES.iter().find_map(|p| {
        let cut = strip_suffix_ci(name, p)?;
        (cut > 1 && name[..cut].ends_with('-')).then_some((cut - 1, *p))
    });
    // A ratio of two entries: `sFlt-1/PlGF-ratio`, `albumin-to-creatinine-ratio`.
    if let Some(cut) = strip_suffix_ci(name, "-ratio") {
        let body = &name[..cut];
        let parts = body.rfind('/').map(|i| (i, 1)).or_else(|| body.find("-to-").map(|i| (i, 4)));
        if let Some((at, width)) = parts.filter(|&(at, w)| at > 0 && at + w < cut) {
            let mut s = split(Form::Measure, 0..at, "ratio", Kind::Process, BaseKind::Entry);
            s.second = Some((body[at + width..].to_string(), BaseKind::Entry));
            s.detail = "ratio".to_string();
            s.distinctive = false;
            out.push(s);
        }
    }
    // A response threshold of a scale: `PASI-75`, `EASI-90`, `ACR20` is written alone.
    let last_word = name.rfind('-').filter(|&d| d > 0).and_then(|dash| {
        let word = &name[dash + 1..];
        MEASURE_WORDS
            .iter()
            .chain(&["50", "75", "90", "100"])
            .find(|w| w.eq_ignore_ascii_case(word))
            .map(|&w| (dash, w))
    });
    for (dash, measure) in phrase.into_iter().chain(last_word) {
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
        let mut s = split(Form::Measure, 0..base_end, "measure", Kind::Process, BaseKind::Entry);
        s.detail = measure.to_string();
        s.distinctive = false;
        out.push(s);
    }
    // Qualifiers of a disease, an end point or a population, one or more
    // (`severe-eosinophilic-asthma`): the longest base first.
    let mut at = 0;
    while let Some(qualifier) = QUALIFIERS
        .iter()
        .find(|q| strip_prefix_ci(&name[at..], q).is_some_and(|n| name[at + n..].starts_with('-')))
    {
        at += qualifier.len() + 1;
        if at >= len {
            break;
        }
        let detail = name[..at - 1].to_ascii_lowercase();
        for (kind, base_kind) in
            [(Kind::Context, BaseKind::Disease), (Kind::Process, BaseKind::Process)]
        {
            let mut s = split(Form::Stage, at..len, "qualifier", kind, base_kind);
            s.detail = detail.clone();
            s.distinctive = false;
            out.push(s);
        }
    }
    // A disease, end point or population qualified by an entry and a connector:
    // `HBeAg-positive-chronic-hepatitis-B`, `JIA-associated-uveitis`,
    // `glucocorticoid-induced-osteoporosis`, `RPE65-mediated-retinal-dystrophy`. The
    // entry must resolve (any kind), as the base must.
    let lower = name.to_ascii_lowercase();
    for connector in CONNECTORS {
        let Some(at) = lower.find(&format!("-{connector}-")).filter(|&at| at > 0) else {
            continue;
        };
        let start = at + connector.len() + 2;
        if start >= len {
            continue;
        }
        for (kind, base_kind) in
            [(Kind::Context, BaseKind::Disease), (Kind::Process, BaseKind::Process)]
        {
            let mut s = split(Form::Stage, start..len, "qualifier", kind, base_kind);
            s.detail = name[..start - 1].to_string();
            s.second = Some((name[..at].to_string(), BaseKind::Entry));
            s.distinctive = false;
            out.push(s);
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
    // A process or a cell type in an organ, tissue or cell: at the first or second `-`.
    for (i, dash) in name.match_indices('-').map(|(i, _)| i).take(2).enumerate() {
        if dash == 0 || dash + 1 >= len {
            continue;
        }
        let site = &name[..dash];
        // `skeletal-muscle` is one site; a second `-` splits after it only then.
        if i == 1 && !SITE_ADJECTIVES.iter().any(|(a, _)| a.eq_ignore_ascii_case(site)) {
            continue;
        }
        for (kind, base_kind) in
            [(Kind::Process, BaseKind::Process), (Kind::Context, BaseKind::CellType)]
        {
            let mut s = split(Form::Site, dash + 1..len, "site", kind, base_kind);
            s.second = Some((site.to_string(), BaseKind::Site));
            s.distinctive = false;
            out.push(s);
        }
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
        self.derive_at(name, position, 0)
    }

    /// [`Vocabulary::derive`] of a name that is `depth` derived bases deep (a base may
    /// itself be derived, two levels at most: see [`Vocabulary::base`]).
    fn derive_at(&self, name: &str, position: Position, depth: u8) -> Derivation {
        if !self.derived_names || name.is_empty() || name.len() > 200 {
            return Derivation::None;
        }
        let normal = normalise(name);
        let mut unknown: Option<UnknownBase> = None;
        let mut other_kind: Option<Kind> = None;
        for split in splits(&normal) {
            let base_text = split.base_text.unwrap_or(&normal[split.base.clone()]);
            // The form's other part (a fusion partner, a transfected gene, a line's drug)
            // must be what the form says, or the name is not of this form, even to
            // report its base: `pregnant-rats` is no cell line `pregnant` transfected
            // with a gene `rats`.
            let second = match &split.second {
                Some((text, kind)) => match self.base(text, *kind, depth) {
                    // A cell type's site may be its organism (`Xenopus-oocytes`).
                    Base::Found { resolved, .. }
                        if *kind != BaseKind::Site
                            || self.is_site(resolved)
                            || (split.base_kind == BaseKind::CellType
                                && self.classes_of(resolved).contains(&"organism")) =>
                    {
                        Some(resolved)
                    }
                    _ => continue,
                },
                None => None,
            };
            let (bases, guarded) = match self.base(base_text, split.base_kind, depth) {
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
            if split.base_kind == BaseKind::CellType
                && !matches!(first, Resolved::Reference(Reference::CellTypes, _))
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
        if let Some(id) = self.combination(&normal, position, depth) {
            return Derivation::Read(Lookup::Found(Resolved::Derived(id), Match::Canonical));
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
    fn base(&self, text: &str, kind: BaseKind, depth: u8) -> Base {
        if text.is_empty() {
            return Base::Unknown;
        }
        // An organ's or a cell's adjective is its noun (`hepatic` is `liver`).
        if let Some(&(_, noun)) = SITE_ADJECTIVES.iter().find(|(a, _)| a.eq_ignore_ascii_case(text))
        {
            if noun != text {
                return match self.base(noun, kind, depth) {
                    // The adjective is no alias of the noun: no typo guard applies.
                    Base::Found { resolved, .. } => {
                        Base::Found { resolved, curated: true, gene_alias: false }
                    }
                    other => other,
                };
            }
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
        // A base that is itself derived: `sFlt-1` in `sFlt-1/PlGF-ratio`, `BRAF-V600E` in
        // `BRAF-V600E-positive`. Its own guards have spoken: an ambiguous reading stays so.
        // Two levels at most (every base is shorter than its name; this bounds the work).
        if depth >= 2 {
            return Base::Unknown;
        }
        for &position in kind.positions() {
            match self.derive_at(text, position, depth + 1) {
                Derivation::Read(Lookup::Found(resolved, _))
                    if kind.accepts(self.kind_of(resolved)) =>
                {
                    return Base::Found { resolved, curated: true, gene_alias: false };
                }
                Derivation::Read(Lookup::Ambiguous(candidates)) => {
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
        // A name whose first letter's case differs is no slip of the hand: bacterial
        // genes are written `pncA`, human symbols `SNCA`.
        let lower_first = |name: &str| name.chars().next().is_some_and(char::is_lowercase);
        for (id, entry) in self.entries.iter().enumerate() {
            if entry.layer == Layer::Reference
                || !kind.accepts(entry.kind)
                || lower_first(&entry.name) != lower_first(base)
            {
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
            (Form::ProteinForm, "soluble") => format!("s{base_name}"),
            (Form::ProteinForm, affix) => format!("{affix}-{base_name}"),
            (Form::Variant | Form::Genotype, "allele" | "carrier") if split.base_text.is_some() => {
                format!("{base_name}*{detail}")
            }
            (Form::Genotype, "carrier") => format!("{base_name}-{detail}"),
            (Form::Measure, "ratio") => {
                format!("{base_name}/{}-ratio", second_name.clone().unwrap_or_default())
            }
            (Form::Variant | Form::Measure, _) => format!("{base_name}-{detail}"),
            (Form::Stage, _) => format!("{}-{base_name}", split.detail),
            (Form::CellLine, _) => format!("{base_name}{detail}"),
            (Form::Dosage, "route") => format!("{}-{base_name}", split.detail),
            (Form::Dosage, _) => format!("{base_name}-{}", split.detail),
            (Form::Combination, _) => split.detail.clone(),
            (Form::Site, _) => format!("{}-{base_name}", second_name.clone().unwrap_or_default()),
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
                "soluble" => format!("soluble {shown}"),
                _ => format!("total {shown}"),
            },
            Form::Variant if split.affix == "fusion" => {
                format!("the fusion of {shown} and {detail}")
            }
            Form::Variant if split.affix == "allele" => {
                format!("the {shown}*{detail} allele group")
            }
            Form::Variant => format!("the {detail} variant of {shown}"),
            Form::Genotype => match split.affix {
                "-KO" => format!("{shown} knockout"),
                "-/-" => format!("{shown} −/− (homozygous loss)"),
                "+/-" => format!("{shown} +/− (heterozygous)"),
                "+/+" => format!("{shown} +/+ (wild type)"),
                "-WT" => format!("wild-type {shown}"),
                "carrier" if split.base_text.is_some() => {
                    format!("carriers of {shown}*{detail}")
                }
                "carrier" => format!("carriers of the {detail} variant of {shown}"),
                "-mutation" => format!("mutations of {shown}"),
                "-deletion" => format!("deletion of {shown}"),
                "-null-mutations" => format!("null mutations of {shown}"),
                "-loss-of-function" => format!("loss of function of {shown}"),
                "-variant" => format!("variants of {shown}"),
                "-homozygous" => format!("{shown} homozygous"),
                "-cKO" => format!("{shown} conditional knockout"),
                "-transgenic" => format!("{shown} transgenic"),
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
            Form::Measure if split.affix == "ratio" => format!(
                "the ratio of {shown} to {}",
                second.map(|s| self.canonical_name(s)).unwrap_or_default()
            ),
            Form::Dosage => match split.affix {
                "route" => format!("{shown}, {}", split.detail.replace('-', " ")),
                _ => format!("{shown} ({})", split.detail.replace('-', " ")),
            },
            Form::Combination => format!("the combination {}", split.detail.replace('/', " + ")),
            Form::Measure if detail.bytes().all(|b| b.is_ascii_digit()) => {
                format!("a {detail}% improvement of {shown}")
            }
            Form::Measure => format!("{detail} of {shown}"),
            Form::Stage => format!("{} {shown}", split.detail.replace('-', " ")),
            Form::CellLine => format!("{shown} derivative {detail}"),
            Form::Site => {
                let site = second.map(|s| self.canonical_name(s)).unwrap_or_default();
                match split.kind {
                    Kind::Process => format!("{shown} in {site}"),
                    _ => format!("{shown} of {site}"),
                }
            }
        };
        let how = match split.form {
            Form::KnockDown if matches!(split.affix, "si" | "sh") => "si/sh + gene",
            Form::KnockDown => "gene + knock-down suffix",
            Form::Antibody => "anti- + target",
            Form::ProteinForm => "protein form + gene",
            Form::Variant if split.affix == "fusion" => "gene + fusion partner",
            Form::Variant if split.affix == "allele" => "HLA locus + allele",
            Form::Variant => "gene + variant",
            Form::Genotype => "gene + genotype",
            Form::Status => "gene + status",
            Form::DrugResponse => "drug + response",
            Form::Measure if split.affix == "ratio" => "entry / entry + -ratio",
            Form::Measure => "entry + measure word",
            Form::Stage if split.kind == Kind::Process => "qualifier + end point",
            Form::Stage => "qualifier + disease or population",
            Form::CellLine => "cell line + derivative",
            Form::Site => "site + process or cell type",
            Form::Dosage => "route or formulation + drug",
            Form::Combination => "drug + drug",
        };
        let identity_detail = match split.form {
            Form::Variant | Form::CellLine => detail.to_ascii_lowercase(),
            Form::Site => second_name.clone().unwrap_or_default().to_ascii_lowercase(),
            Form::Combination => {
                let mut parts: Vec<String> =
                    split.detail.split('/').map(str::to_ascii_lowercase).collect();
                parts.sort();
                parts.join("/")
            }
            Form::Measure if split.affix == "ratio" => {
                second_name.clone().unwrap_or_default().to_ascii_lowercase()
            }
            Form::Genotype if split.affix == "carrier" => detail.to_ascii_lowercase(),
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
            is_base: matches!(split.form, Form::Stage | Form::CellLine)
                || (split.form == Form::Site && split.kind == Kind::Context),
            identity,
        })
    }

    /// A combination of drugs joined by `-`, `/` or `+`, each part one drug
    /// (`ceftazidime-avibactam`, `elexacaftor-tezacaftor-ivacaftor`), where a drug may
    /// stand: the longest parts first.
    fn combination(&self, name: &str, position: Position, depth: u8) -> Option<DerivedId> {
        if !position.kinds().contains(&Kind::Drug) {
            return None;
        }
        let cuts: Vec<usize> =
            name.match_indices(['-', '/', '+']).map(|(i, _)| i).filter(|&i| i > 0).collect();
        if cuts.is_empty() || cuts.len() > 8 {
            return None;
        }
        let parts = self.drug_parts(name, 0, &cuts, depth)?;
        if parts.len() < 2 {
            return None;
        }
        let names: Vec<String> =
            parts.iter().map(|&p| self.canonical_name(p).replace(' ', "-")).collect();
        let base = *parts.iter().min_by_key(|&&p| self.canonical_name(p))?;
        let split = Split {
            form: Form::Combination,
            base: 0..name.len(),
            affix: "combination",
            detail: names.join("/"),
            second: None,
            base_kind: BaseKind::Drug,
            base_text: None,
            kind: Kind::Drug,
            distinctive: false,
        };
        self.reading(&split, base, None)
    }

    /// `name[from..]` as drugs separated at some of `cuts`, longest parts first.
    fn drug_parts(
        &self,
        name: &str,
        from: usize,
        cuts: &[usize],
        depth: u8,
    ) -> Option<Vec<Resolved>> {
        let ends = cuts.iter().copied().filter(|&c| c > from).chain([name.len()]);
        let ends: Vec<usize> = ends.collect();
        for &end in ends.iter().rev() {
            // The whole name is no part of itself.
            if from == 0 && end == name.len() {
                continue;
            }
            let piece = &name[from..end];
            if let Base::Found { resolved, gene_alias: false, .. } =
                self.base(piece, BaseKind::Drug, depth)
            {
                if end == name.len() {
                    return Some(vec![resolved]);
                }
                if let Some(mut rest) = self.drug_parts(name, end + 1, cuts, depth) {
                    rest.insert(0, resolved);
                    return Some(rest);
                }
            }
        }
        None
    }

    /// Whether `resolved` is an organ, a tissue, a body fluid or a cell type.
    fn is_site(&self, resolved: Resolved) -> bool {
        matches!(resolved, Resolved::Reference(Reference::Anatomy | Reference::CellTypes, _))
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
