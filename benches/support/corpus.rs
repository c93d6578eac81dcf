//! The benchmarks' inputs, built in memory and deterministically: claims drawn from
//! the prelude's vocabulary by the rules of `bench/generate.py` (same word lists, same
//! shape, a fixed seed), so the micro-benchmarks measure the same kind of text as the
//! end-to-end figures, and variants of them that fire one chosen rule.

#![allow(dead_code)]

use std::collections::HashSet;

use evn::diagnostic::Rule;

/// mechanism -> (objects whose signed role for it is "up", those whose role is "down");
/// copied from `bench/generate.py`.
const ROLES: &[(&str, &[&str], &[&str])] = &[
    (
        "efflux",
        &["drug-uptake"],
        &[
            "ABCB1",
            "MDR1",
            "P-gp",
            "ABCG2",
            "BCRP",
            "ABCC1",
            "MRP1",
            "drug-efflux",
            "multidrug-resistance",
        ],
    ),
    (
        "apoptosis",
        &["BAX", "CASP3", "caspase-3", "TP53", "p53", "CYCS", "TNF", "apoptosis"],
        &["BCL2", "Bcl-2", "mitochondrial-membrane-potential"],
    ),
    (
        "cell-cycle",
        &["CDKN1A", "p21", "CDKN1B", "p27", "G2/M-arrest", "G1-arrest", "G0/G1-arrest", "S-arrest"],
        &["CCND1", "cyclin-D1", "proliferation"],
    ),
    (
        "signaling",
        &["MIR34A", "miR-34a", "MAPK8", "JNK", "NFKBIA"],
        &["AKT1", "Akt", "NOTCH1", "NFKB1", "NF-κB", "STAT3", "HSPB1", "VEGFA", "VEGF"],
    ),
    (
        "emt",
        &["CDH1", "E-cadherin"],
        &[
            "VIM",
            "vimentin",
            "CDH2",
            "N-cadherin",
            "SNAI1",
            "Snail",
            "EMT",
            "migration",
            "invasion",
        ],
    ),
    ("stemness", &[], &["STAT3", "CD44"]),
    ("ferroptosis", &["ferroptosis"], &["HSPB1"]),
    ("dna-repair", &[], &["PARP1"]),
];
pub const UP: &[&str] =
    &["increases", "upregulates", "activates", "induces", "enhances", "promotes", "restores"];
pub const DOWN: &[&str] =
    &["decreases", "downregulates", "inhibits", "suppresses", "reduces", "blocks", "silences"];
pub const CARRIERS: &[&str] = &[
    "SLN",
    "liposome",
    "polymeric-NP",
    "PLGA-NP",
    "PLGA-PEG",
    "micelle",
    "nanogel",
    "MNP",
    "Fe3O4-MNP",
    "graphene-QD",
    "carbon-QD",
    "MSN",
    "exosome",
    "MoS2",
    "gold-NP",
    "niosome",
    "chitosan-NP",
    "albumin-NP",
    "nanoemulsion",
];
pub const DRUGS: &[&str] = &[
    "doxorubicin",
    "DOX",
    "paclitaxel",
    "PTX",
    "docetaxel",
    "talazoparib",
    "mitoxantrone",
    "resveratrol",
    "curcumin",
    "5-FU",
    "niclosamide",
    "pterostilbene",
    "methotrexate",
    "tamoxifen",
    "gemcitabine",
    "olaparib",
    "carboplatin",
    "lapatinib",
    "shikonin",
    "siAKT",
];
pub const LIGANDS: &[&str] =
    &["FA", "HA", "TPGS", "PEG", "DSPE-PEG-FA", "KLA", "chitosan", "PEI", "dextran"];
pub const CONTEXTS: &[&str] = &[
    "TNBC",
    "HER2+",
    "ER+",
    "MCF-7",
    "MCF-7/ADR",
    "MDA-MB-231",
    "4T1",
    "in-vitro",
    "in-vivo",
    "mouse",
];
pub const STIMULI: &[&str] =
    &["pH", "temperature", "NIR", "ultrasound", "hypoxia", "magnetic-field"];
/// How many references the corpus defines and cites (`ref 1` … `ref 1000`).
pub const REFS: usize = 1000;

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// `k` distinct items, in the order drawn.
    pub fn sample<'a>(&mut self, items: &[&'a str], k: usize) -> Vec<&'a str> {
        let mut pool = items.to_vec();
        (0..k.min(pool.len())).map(|_| pool.swap_remove(self.below(pool.len()))).collect()
    }
}

/// One claim, by its parts, so that a variant can change one part.
#[derive(Clone, Debug)]
pub struct Claim {
    pub carrier: String,
    pub payload: Vec<String>,
    pub ligand: Option<String>,
    /// The bare subject that replaces `carrier X(...)` when set.
    pub bare_subject: Option<String>,
    pub relation: String,
    /// Whether the relation goes up (the objects' sign for the mechanism).
    pub up: bool,
    pub objects: Vec<String>,
    pub contexts: Vec<String>,
    pub stimulus: Option<String>,
    pub mechanism: String,
    pub cite: Option<String>,
}

impl Claim {
    /// A random valid claim, as `bench/generate.py`'s `claim()` draws it.
    pub fn random(rng: &mut Rng) -> Claim {
        let (mechanism, ups, downs) = ROLES[rng.below(ROLES.len())];
        let up = !ups.is_empty() && (downs.is_empty() || rng.below(2) == 0);
        let pool = if up { ups } else { downs };
        let k = [1, 1, 2, 3][rng.below(4)];
        let objects = rng.sample(pool, k).into_iter().map(String::from).collect();
        let relation = rng.pick(if up { UP } else { DOWN }).to_string();
        let k = [1, 1, 2][rng.below(3)];
        let payload = rng.sample(DRUGS, k).into_iter().map(String::from).collect();
        let carrier = rng.pick(CARRIERS).to_string();
        let ligand = rng.chance(0.5).then(|| rng.pick(LIGANDS).to_string());
        let contexts = if rng.chance(0.7) {
            let k = [1, 2][rng.below(2)];
            rng.sample(CONTEXTS, k).into_iter().map(String::from).collect()
        } else {
            Vec::new()
        };
        let stimulus = rng.chance(0.15).then(|| rng.pick(STIMULI).to_string());
        let cite = Some((1 + rng.below(REFS)).to_string());
        Claim {
            carrier,
            payload,
            ligand,
            bare_subject: None,
            relation,
            up,
            objects,
            contexts,
            stimulus,
            mechanism: mechanism.to_string(),
            cite,
        }
    }

    pub fn render(&self) -> String {
        let mut out = match &self.bare_subject {
            Some(subject) => subject.clone(),
            None => format!("carrier {}({})", self.carrier, self.payload.join(", ")),
        };
        if let (None, Some(ligand)) = (&self.bare_subject, &self.ligand) {
            out.push_str(" with ");
            out.push_str(ligand);
        }
        out.push(' ');
        out.push_str(&self.relation);
        out.push(' ');
        out.push_str(&self.objects.join(", "));
        if !self.contexts.is_empty() {
            out.push_str(" in ");
            out.push_str(&self.contexts.join(", "));
        }
        if let Some(stimulus) = &self.stimulus {
            out.push_str(" under ");
            out.push_str(stimulus);
        }
        out.push_str(" via ");
        out.push_str(&self.mechanism);
        if let Some(cite) = &self.cite {
            out.push_str(" cite(");
            out.push_str(cite);
            out.push(')');
        }
        out
    }
}

/// `n` distinct valid claims (textual repeats skipped, as in `bench/generate.py`).
pub fn claims(n: usize) -> Vec<Claim> {
    let mut rng = Rng::new(20261128);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let claim = Claim::random(&mut rng);
        if seen.insert(claim.render()) {
            out.push(claim);
        }
    }
    out
}

/// The references every corpus ends with.
pub fn references() -> Vec<String> {
    (1..=REFS).map(|i| format!("ref {i} \"Generated reference {i}\"")).collect()
}

/// A whole file: `n` valid claims, then the references.
pub fn clean_text(n: usize) -> String {
    let mut lines: Vec<String> = claims(n).iter().map(Claim::render).collect();
    lines.extend(references());
    lines.join("\n") + "\n"
}

/// A name no vocabulary holds, one edit from `name` (its last character replaced), as
/// most typos are. A name two edits from every curated name of a position that takes
/// genes makes "did you mean" scan the whole gene namespace, about a thousand times
/// dearer: `resolve::suggest_misspelt` measures that case on its own.
fn typo(name: &str) -> String {
    let mut out: String = name.chars().take(name.chars().count() - 1).collect();
    out.push(if name.ends_with('q') { 'z' } else { 'q' });
    out
}

/// The opposite relation word: the same claim said the other way.
fn flipped(claim: &Claim) -> String {
    let (from, to) = if claim.up { (UP, DOWN) } else { (DOWN, UP) };
    let i = from.iter().position(|r| *r == claim.relation).unwrap_or(0);
    to[i % to.len()].to_string()
}

/// The statement that replaces the `k`-th chosen claim so that it fires `rule`;
/// `previous` is the claim before it (for the rules that compare two claims).
fn variant(rule: Rule, k: usize, claim: &Claim, previous: &Claim) -> String {
    let mut c = claim.clone();
    match rule {
        Rule::Syntax => {
            let text = c.render();
            return text[..text.len() - 1].to_string();
        }
        Rule::UnknownTarget => c.objects[0] = typo(&c.objects[0]),
        Rule::UnknownDrug => c.payload[0] = typo(&c.payload[0]),
        Rule::UnknownCarrier => c.carrier = typo(&c.carrier),
        Rule::UnknownLigand => c.ligand = Some(typo(c.ligand.as_deref().unwrap_or("TPGS"))),
        Rule::UnknownContext => {
            c.contexts = vec![typo(c.contexts.first().map_or("TNBC", String::as_str))]
        }
        Rule::UnknownMechanism => c.mechanism = typo(&c.mechanism),
        Rule::UnknownStimulus => c.stimulus = Some(typo(c.stimulus.as_deref().unwrap_or("NIR"))),
        Rule::UnknownSubject => c.bare_subject = Some(typo(&c.carrier)),
        Rule::UnknownRelation => c.relation = c.relation.trim_end_matches('s').to_string(),
        Rule::WrongKind => c.objects = vec![c.payload[0].clone()],
        Rule::AmbiguousName => c.objects = vec!["bench-shared-alias".to_string()],
        Rule::MissingCitation => c.cite = None,
        Rule::UnknownReference => c.cite = Some((REFS + 1 + k).to_string()),
        Rule::DuplicateReference => {
            return format!("ref {} \"Another paper under the key {}\"", 1 + k % REFS, 1 + k % REFS)
        }
        Rule::UnusedReference => return format!("ref {} \"A paper no claim cites\"", REFS + 1 + k),
        // The claim cites a reference of its own, with an identifier: the same DOI as
        // the one before it, a retracted PMID (each a different one), a malformed DOI.
        Rule::DuplicateDoi => {
            let key = REFS + 1 + k;
            c.cite = Some(key.to_string());
            return format!(
                "{}\nref {key} \"Paper {key}\" doi \"10.5555/bench.{}\"",
                c.render(),
                k / 2
            );
        }
        Rule::RetractedReference => {
            let key = REFS + 1 + k;
            let retracted = evn::check::retractions::pmids();
            let pmid = retracted[k % retracted.len()];
            c.cite = Some(key.to_string());
            return format!("{}\nref {key} \"Paper {key}\" pmid {pmid}", c.render());
        }
        Rule::InvalidIdentifier => {
            let key = REFS + 1 + k;
            c.cite = Some(key.to_string());
            return format!("{}\nref {key} \"Paper {key}\" doi \"bench/{k}\"", c.render());
        }
        Rule::DuplicateDefinition => {
            return format!("define ligand BENCH-LIGAND-{} \"definition {k}\"", k / 2)
        }
        Rule::DuplicateClaim => return previous.render(),
        Rule::Contradiction => {
            c = previous.clone();
            c.relation = flipped(&c);
        }
        Rule::ConflictingEvidence => {
            c = previous.clone();
            c.relation = "does-not-affect".to_string();
        }
        Rule::MechanismMismatch => {
            // Objects with a role for one mechanism, filed under another that names
            // them nowhere: apoptosis targets under efflux and the others under
            // apoptosis.
            c.mechanism = if c.mechanism == "efflux" { "apoptosis" } else { "efflux" }.to_string();
            if c.objects
                .iter()
                .any(|o| ROLES[0].1.contains(&o.as_str()) || ROLES[0].2.contains(&o.as_str()))
            {
                c.objects = vec!["ABCB1".to_string()];
            }
        }
        Rule::DirectionMismatch => c.relation = flipped(&c),
        // The qualifiers of spec 0.3 §11 L–M, appended to the claim before its cite.
        Rule::UnknownUnit | Rule::UnknownMeasure | Rule::UnknownLevel | Rule::LevelMismatch => {
            let qualifier = match rule {
                Rule::UnknownUnit => format!("at {} mgkg", 1 + k % 50),
                Rule::UnknownMeasure => format!("effect hr 0.{}", 1 + k % 9),
                Rule::UnknownLevel => "level invitro".to_string(),
                _ => "level clinical".to_string(),
            };
            if rule == Rule::LevelMismatch {
                c.contexts = vec!["MCF-7".to_string()];
            }
            let text = c.render();
            return match text.rfind(" cite(") {
                Some(at) => format!("{} {qualifier}{}", &text[..at], &text[at..]),
                None => format!("{text} {qualifier}"),
            };
        }
        Rule::NonCanonicalName => {
            c.mechanism = "efflux".to_string();
            c.relation = "downregulates".to_string();
            c.objects = vec!["MDR1".to_string()];
        }
    }
    c.render()
}

/// `n` statements of which every tenth (1 in 10, from the tenth) fires `rule`, then the
/// references: the workload of the per-rule benchmarks.
pub fn seeded_text(n: usize, rule: Rule) -> String {
    let claims = claims(n);
    let mut lines = Vec::with_capacity(n + REFS + 2);
    if rule == Rule::AmbiguousName {
        lines.push("define target BENCH-ALPHA \"first\" aka bench-shared-alias".to_string());
        lines.push("define target BENCH-BETA \"second\" aka bench-shared-alias".to_string());
    }
    for (i, claim) in claims.iter().enumerate() {
        if i % 10 == 9 {
            lines.push(variant(rule, i / 10, claim, &claims[i - 1]));
        } else {
            lines.push(claim.render());
        }
    }
    lines.extend(references());
    lines.join("\n") + "\n"
}

/// Every name of `n` claims with the position it stands in, for the lookup benchmark.
pub fn names(n: usize) -> Vec<(String, evn::vocab::Position)> {
    use evn::vocab::Position;
    let mut out = Vec::new();
    for c in claims(n) {
        out.push((c.carrier.clone(), Position::CarrierHead));
        out.extend(c.payload.iter().map(|p| (p.clone(), Position::Payload)));
        out.extend(c.ligand.iter().map(|l| (l.clone(), Position::With)));
        out.extend(c.objects.iter().map(|o| (o.clone(), Position::Object)));
        out.extend(c.contexts.iter().map(|x| (x.clone(), Position::Context)));
        out.extend(c.stimulus.iter().map(|s| (s.clone(), Position::Stimulus)));
        out.push((c.mechanism.clone(), Position::Mechanism));
    }
    out
}
