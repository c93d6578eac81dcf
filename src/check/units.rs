//! The words of the claim qualifiers of spec §11 L and M that are neither names nor
//! numbers: the UNIT of `by`, `effect` and `at`, the TIMEUNIT of `for`, the MEASURE of
//! `effect` and the LEVEL of `level`. Each has a check that says whether a word is one
//! and, when it is not, the closest known spelling (for `unknown-unit`,
//! `unknown-measure` and `unknown-level`), and a list with meanings for completion and
//! hover. Checking a correct word allocates nothing.
//!
//! ## Units
//!
//! No maintained crate reads units as reviews write them: the UCUM crates read UCUM
//! codes (`umol/L`, `mm[Hg]`, `[iU]/mL`, `mg/kg/d`), not `µM`, `mmHg`, `IU/mL` or
//! `mg/kg/day`, and none says "did you mean". So a unit is read by this grammar, one
//! token with no spaces, case sensitive (`mM` is millimolar, `MM` is nothing):
//!
//! ```text
//! unit    = term { "/" term } ;                  mg/kg/day, cells/µL, mL/min/1.73m2
//! term    = factor { ( "." | "·" ) factor } ;    ng.h/mL: a product, as UCUM writes it
//! factor  = word | [ prefix ] base [ power ] ;   one prefix at most
//! prefix  = "f" | "p" | "n" | "µ" | "μ" | "u" | "m" | "c" | "d" | "k" | "M" | "G" ;
//! power   = "2" | "3" | "²" | "³" ;              on metres only: m2, cm2, mm3, m²
//! ```
//!
//! Micro is `µ` (U+00B5, the micro sign), `μ` (U+03BC, Greek mu) or ASCII `u`. Each
//! base takes only the prefixes in use with it (the table `BASES`), so that a prefix
//! where none is used is an error rather than a new unit (`MM`, `kmol` and `mDa` are
//! errors; `mGy` and `kDa` are units):
//!
//! | base | meaning | prefixes |
//! |---|---|---|
//! | `g` | gram | f p n µ m k (`kg`) |
//! | `L`, `l` | litre | f p n µ m c d (`fL`, `dL`) |
//! | `M` | molar | f p n µ m (`µM`, `nM`) |
//! | `mol` | mole | f p n µ m |
//! | `Eq`, `eq` | equivalent | µ m (`mEq`) |
//! | `Osm`, `osm` | osmole | m |
//! | `IU`, `U` | international unit, enzyme unit | µ m k (`mIU`, `kU`) |
//! | `kat` | katal | n µ m |
//! | `Gy`, `Sv` | gray, sievert | c m µ; m µ |
//! | `Bq`, `Ci` | becquerel, curie | k M G; n µ m |
//! | `Hz`, `Pa` | hertz, pascal | k M; k M G |
//! | `Da` | dalton | k M (`kDa`) |
//! | `s` | second | n µ m (`ms`) |
//! | `m` | metre, with a power | p n µ m c k (`µm`, `cm2`) |
//! | `cal`, `J`, `W`, `V`, `A` | calorie, joule, watt, volt, ampere | k; k m µ; m k; m µ; p n µ m |
//!
//! A word takes no prefix and no power: every TIMEUNIT (`days`, `h`, `min`, `wk`, …),
//! `mcg`, `points`, `point`, `mmHg`, `cmH2O`, `bpm`, `beats`, `breaths`, `cells`,
//! `cell`, `copies`, `CFU`, `PFU`, `vg` (vector genomes), `AU` (arbitrary units), `ppm`,
//! `ppb`, `log`, `log10`, `dose`, `doses`, `cycle`, `cycles` and `1.73m2`/`1.73m²` (of
//! body surface, as eGFR is given). Not units: `%` and `-fold`, which are their own
//! forms of `by`; negative or other powers (`mg.kg-1`), `10^9/L`, parentheses and
//! spaces (`log10 copies/mL` is two tokens).
//!
//! ## Time units, measures and levels
//!
//! A TIMEUNIT is one of [`TIME_UNITS`]: exactly the spec's `hours days weeks months
//! years` and their singulars (spec 0.3 §11 L is precise here). Symbols and informal
//! abbreviations (`h`, `hrs`, `wk`, `mo`, `yr`, `yrs`) are errors with the word as
//! their suggestion: one spelling per duration keeps exports comparable. Minutes and
//! seconds are not durations of a treatment in the spec's sense; they get no
//! suggestion. A MEASURE is one of [`MEASURES`] and a LEVEL one of [`LEVELS`],
//! exactly as written there.
//!
//! ## Did you mean
//!
//! A suggestion is the single closest known spelling, tried in this order, the first
//! step that finds one deciding:
//!
//! 1. a fixed spelling for a known informal form: of a factor of a unit (`hr` → `h`,
//!    `cc` → `mL`, `units` → `U`, so `units/kg` → `U/kg`), of a time unit (`hrs` →
//!    `hours`) or of a level (`randomised` → `rct`);
//! 2. a spelling equal to what was written once case, micro signs and (for measures
//!    and levels) `-`, `_`, and roman phase numbers are set aside (`mmhg` → `mmHg`,
//!    `IC-50` → `IC50`, `Phase-III` → `phase-3`); when several are (`MM`: `mM` or
//!    `mm`), there is no telling which was meant and there is no suggestion;
//! 3. for a level, the one level that has what was written as a part between hyphens
//!    (`meta` → `meta-analysis`; `in` is in three, so none);
//! 4. the spelling at the smallest Damerau–Levenshtein distance, within one edit for
//!    three to five characters and two beyond, ties broken by the higher Jaro–Winkler
//!    similarity (`mgg` → `mg` rather than `mcg`); a tie that remains gives none. None
//!    for one or two characters, where one edit lands on too many spellings (`mg` is
//!    one from `mo`, `mL`, `mM`). Looser than names' one edit per four characters
//!    (`vocab::suggest`) because these lists are short and closed, so that one edit
//!    rarely lands on another real word;
//! 5. for a unit, steps 2 and 4 factor by factor, each wrong factor replaced by its
//!    suggestion among every base with its prefixes and every word (`mmol/kgg` →
//!    `mmol/kg`).
//!
//! Steps 2 and 4 compare a unit whole with [`UNITS`] and the words. A unit cut short at
//! either end (`/kg`, `mg/`) gets none, and so does a measure written with a `p` before
//! it (`pIC50` is the negative logarithm of an IC50, another number).

use std::sync::LazyLock;

/// Why a unit, measure, time unit or level was not accepted, with the closest known
/// spelling (see the module doc for how it is chosen).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// The closest known spelling, when one is plausibly what was meant. Owned because
    /// a unit's may be composed factor by factor (`mmol/kgg` → `mmol/kg`), so it is not
    /// always an entry of a list; it is always accepted by the check that returned it.
    pub suggestion: Option<String>,
}

/// Every MEASURE of `effect`, with what it means, in the spec's order.
pub const MEASURES: &[(&str, &str)] = &[
    ("HR", "hazard ratio"),
    ("OR", "odds ratio"),
    ("RR", "relative risk"),
    ("ARR", "absolute risk reduction"),
    ("RRR", "relative risk reduction"),
    ("MD", "mean difference"),
    ("SMD", "standardised mean difference"),
    ("AUC", "area under the curve"),
    ("IC50", "half-maximal inhibitory concentration"),
    ("EC50", "half-maximal effective concentration"),
    ("Kd", "dissociation constant"),
    ("Ki", "inhibition constant"),
    ("MIC", "minimum inhibitory concentration"),
    ("ORR", "objective response rate"),
    ("NNT", "number needed to treat"),
];

/// Every LEVEL of `level`, with what it means, from computation to people.
pub const LEVELS: &[(&str, &str)] = &[
    ("in-silico", "computational: modelling, docking, simulation or analysis of existing data"),
    ("in-vitro", "cells or molecules outside an organism: cell lines, primary cells, assays"),
    ("ex-vivo", "tissue or cells taken from an organism and studied outside it"),
    ("in-vivo", "a living organism other than people: usually an animal model"),
    ("clinical", "people: a clinical study whose design is not given"),
    ("phase-1", "phase 1 trial: safety, dose and pharmacokinetics in a few people"),
    ("phase-2", "phase 2 trial: activity and side effects in patients"),
    ("phase-3", "phase 3 trial: efficacy against the standard of care in many patients"),
    ("phase-4", "phase 4 study: use after approval"),
    ("rct", "randomised controlled trial"),
    ("meta-analysis", "meta-analysis: the results of several studies pooled"),
    ("cohort", "cohort study: people followed over time, grouped by exposure"),
    ("case-control", "case-control study: people with the outcome compared with people without"),
    ("case-report", "case report or case series: one or a few patients described"),
];

/// Every TIMEUNIT of `for`, with what it means: the words first, plural before
/// singular, then the symbols.
/// The time words a unit's factor may be (`mg/kg/day`, `ng.h/mL`, `mg/kg/d`): the
/// TIMEUNITs and the symbols and other words of time that units are written with.
const TIME_FACTORS: &[&str] = &[
    "hours", "days", "weeks", "months", "years", "hour", "day", "week", "month", "year", "minutes",
    "seconds", "minute", "second", "h", "d", "wk", "mo", "yr", "min", "s",
];

pub const TIME_UNITS: &[(&str, &str)] = &[
    ("hours", "hours"),
    ("days", "days"),
    ("weeks", "weeks"),
    ("months", "months"),
    ("years", "years"),
    ("hour", "one hour"),
    ("day", "one day"),
    ("week", "one week"),
    ("month", "one month"),
    ("year", "one year"),
];

/// The common units, with what they mean, for completion and hover: doses, then
/// concentrations, activity, volumes, radiation, physiology, counts, sizes and times.
/// The grammar of the module doc accepts many more.
pub const UNITS: &[(&str, &str)] = &[
    ("mg", "milligram"),
    ("mg/kg", "milligrams per kilogram of body weight"),
    ("mg/kg/day", "milligrams per kilogram of body weight per day"),
    ("mg/m2", "milligrams per square metre of body surface area"),
    ("mg/day", "milligrams per day"),
    ("g", "gram"),
    ("kg", "kilogram"),
    ("µg", "microgram"),
    ("mcg", "microgram, as clinical labels write it"),
    ("µg/kg", "micrograms per kilogram of body weight"),
    ("ng", "nanogram"),
    ("µM", "micromolar: micromoles per litre"),
    ("nM", "nanomolar: nanomoles per litre"),
    ("mM", "millimolar: millimoles per litre"),
    ("pM", "picomolar: picomoles per litre"),
    ("fM", "femtomolar: femtomoles per litre"),
    ("M", "molar: moles per litre"),
    ("mol/L", "moles per litre"),
    ("mmol/L", "millimoles per litre"),
    ("µmol/L", "micromoles per litre"),
    ("nmol/L", "nanomoles per litre"),
    ("mmol/mol", "millimoles per mole (HbA1c)"),
    ("mEq/L", "milliequivalents per litre"),
    ("mg/mL", "milligrams per millilitre"),
    ("µg/mL", "micrograms per millilitre"),
    ("ng/mL", "nanograms per millilitre"),
    ("pg/mL", "picograms per millilitre"),
    ("mg/L", "milligrams per litre"),
    ("mg/dL", "milligrams per decilitre"),
    ("g/dL", "grams per decilitre"),
    ("g/L", "grams per litre"),
    ("ng.h/mL", "nanogram-hours per millilitre (area under the curve)"),
    ("IU", "international unit"),
    ("IU/kg", "international units per kilogram of body weight"),
    ("IU/mL", "international units per millilitre"),
    ("U", "unit of enzyme activity"),
    ("U/kg", "units per kilogram of body weight"),
    ("U/mL", "units per millilitre"),
    ("U/L", "units per litre"),
    ("mL", "millilitre"),
    ("L", "litre"),
    ("µL", "microlitre"),
    ("mL/min", "millilitres per minute"),
    ("mL/min/1.73m2", "millilitres per minute per 1.73 m² of body surface (eGFR)"),
    ("Gy", "gray: absorbed radiation dose"),
    ("cGy", "centigray"),
    ("mSv", "millisievert: effective radiation dose"),
    ("MBq", "megabecquerel: radioactivity"),
    ("mmHg", "millimetres of mercury"),
    ("bpm", "beats per minute"),
    ("kg/m2", "kilograms per square metre (body-mass index)"),
    ("kcal", "kilocalorie"),
    ("kcal/day", "kilocalories per day"),
    ("points", "points on a score or scale"),
    ("letters", "letters read on a visual-acuity chart (ETDRS)"),
    ("logMAR", "logarithm of the minimum angle of resolution (visual acuity)"),
    ("dB", "decibels (visual-field sensitivity)"),
    ("diopters", "dioptres (refraction)"),
    ("cells/µL", "cells per microlitre"),
    ("cells/mL", "cells per millilitre"),
    ("copies/mL", "copies per millilitre (viral load)"),
    ("CFU/mL", "colony-forming units per millilitre"),
    ("log10", "tenfold steps (a log10 reduction)"),
    ("vg/kg", "vector genomes per kilogram of body weight"),
    ("mm", "millimetre"),
    ("cm", "centimetre"),
    ("µm", "micrometre"),
    ("nm", "nanometre"),
    ("mm3", "cubic millimetre (tumour volume)"),
    ("kDa", "kilodalton"),
    ("h", "hours"),
    ("days", "days"),
    ("weeks", "weeks"),
    ("months", "months"),
    ("years", "years"),
];

/// Which broad level a LEVEL belongs to, from computation to people (the order of
/// `Ord`): what `level-mismatch` compares with the level the contexts imply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    InSilico,
    InVitro,
    ExVivo,
    InVivo,
    Clinical,
}

/// The tier of a LEVEL as written in [`LEVELS`] (every study of people, trial or not,
/// is [`Tier::Clinical`]); `None` for anything else.
pub fn tier(level: &str) -> Option<Tier> {
    Some(match level {
        "in-silico" => Tier::InSilico,
        "in-vitro" => Tier::InVitro,
        "ex-vivo" => Tier::ExVivo,
        "in-vivo" => Tier::InVivo,
        "clinical" | "phase-1" | "phase-2" | "phase-3" | "phase-4" | "rct" | "meta-analysis"
        | "cohort" | "case-control" | "case-report" => Tier::Clinical,
        _ => return None,
    })
}

/// Whether `text` is a UNIT (of `by`, `effect` and `at`) by the grammar of the module
/// doc.
pub fn unit(text: &str) -> Result<(), Unknown> {
    if is_unit(text) {
        Ok(())
    } else {
        Err(Unknown { suggestion: suggest_unit(text) })
    }
}

/// Whether `text` is a TIMEUNIT (of `for`): one of [`TIME_UNITS`].
pub fn time_unit(text: &str) -> Result<(), Unknown> {
    if TIME_UNITS.iter().any(|&(known, _)| known == text) {
        return Ok(());
    }
    let suggestion = fixed(text, TIME_ALIASES).or_else(|| {
        let known = || TIME_UNITS.iter().map(|&(known, _)| known);
        match same_spelling(text, known(), lowercase) {
            Match::One(known) => Some(known),
            Match::Several => None,
            Match::Nothing => nearest(text, known(), |t| lowercase(t).chars().collect()),
        }
    });
    Err(Unknown { suggestion: suggestion.map(str::to_string) })
}

/// Whether `text` is a MEASURE (of `effect`): one of [`MEASURES`], case and all.
pub fn measure(text: &str) -> Result<(), Unknown> {
    if MEASURES.iter().any(|&(known, _)| known == text) {
        return Ok(());
    }
    let known = || MEASURES.iter().map(|&(known, _)| known);
    let logarithm = text
        .strip_prefix('p')
        .is_some_and(|rest| known().any(|measure| fold_measure(measure) == fold_measure(rest)));
    let suggestion = if logarithm {
        None
    } else {
        match same_spelling(text, known(), fold_measure) {
            Match::One(known) => Some(known),
            Match::Several => None,
            Match::Nothing => nearest(text, known(), |t| fold_measure(t).chars().collect()),
        }
    };
    Err(Unknown { suggestion: suggestion.map(str::to_string) })
}

/// Whether `text` is a LEVEL (of `level`): one of [`LEVELS`], as written there.
pub fn level(text: &str) -> Result<(), Unknown> {
    if LEVELS.iter().any(|&(known, _)| known == text) {
        return Ok(());
    }
    Err(Unknown { suggestion: suggest_level(text).map(str::to_string) })
}

/// A base of the unit grammar: its symbol, the prefixes it takes, and whether it takes
/// a power.
struct Base {
    symbol: &'static str,
    prefixes: &'static str,
    power: bool,
    /// Whether suggestions offer it; an alternative spelling of another base
    /// (`l` of `L`) is accepted but never suggested, so that `ML` has one suggestion.
    suggested: bool,
}

const fn base(symbol: &'static str, prefixes: &'static str) -> Base {
    Base { symbol, prefixes, power: false, suggested: true }
}

const fn alternative(symbol: &'static str, prefixes: &'static str) -> Base {
    Base { symbol, prefixes, power: false, suggested: false }
}

/// Every base of the unit grammar, with its prefixes (the table of the module doc).
const BASES: &[Base] = &[
    base("g", "fpnµμumk"),
    base("L", "fpnµμumcd"),
    alternative("l", "fpnµμumcd"),
    base("M", "fpnµμum"),
    base("mol", "fpnµμum"),
    base("Eq", "µμum"),
    alternative("eq", "µμum"),
    base("Osm", "m"),
    alternative("osm", "m"),
    base("IU", "µμumk"),
    base("U", "µμumk"),
    base("kat", "nµμum"),
    base("Gy", "cmµμu"),
    base("Sv", "mµμu"),
    base("Bq", "kMG"),
    base("Ci", "nµμum"),
    base("Hz", "kM"),
    base("Pa", "kMG"),
    base("Da", "kM"),
    base("s", "nµμum"),
    Base { symbol: "m", prefixes: "pnµμumck", power: true, suggested: true },
    base("cal", "k"),
    base("J", "kmµμu"),
    base("W", "mk"),
    base("V", "mµμu"),
    base("A", "pnµμum"),
];

/// The units that are whole words: no prefix, no power. The time units are words too.
const WORDS: &[&str] = &[
    "mcg", "points", "point", "letters", "letter", "logMAR", "dB", "diopters", "diopter",
    "dioptres", "dioptre", "mmHg", "cmH2O", "bpm", "beats", "breaths", "cells", "cell", "copies",
    "CFU", "PFU", "vg", "AU", "ppm", "ppb", "log", "log10", "dose", "doses", "cycle", "cycles",
    "1.73m2", "1.73m²",
];

/// The product signs of a term (`ng.h/mL`).
const PRODUCT: [char; 2] = ['.', '·'];

/// Informal spellings of a factor of a unit, and the factor meant (step 1).
const FACTOR_ALIASES: &[(&str, &str)] = &[
    ("hr", "h"),
    ("hrs", "h"),
    ("sec", "s"),
    ("secs", "s"),
    ("cc", "mL"),
    ("gm", "g"),
    ("unit", "U"),
    ("units", "U"),
];

/// Informal spellings of a time unit, and the word meant (step 1).
const TIME_ALIASES: &[(&str, &str)] = &[
    ("h", "hours"),
    ("hr", "hours"),
    ("hrs", "hours"),
    ("d", "days"),
    ("wk", "weeks"),
    ("wks", "weeks"),
    ("mo", "months"),
    ("mos", "months"),
    ("yr", "years"),
    ("yrs", "years"),
];

/// Other names of a level, folded by [`fold_level`], and the level meant (step 1).
const LEVEL_ALIASES: &[(&str, &str)] = &[
    ("randomized", "rct"),
    ("randomised", "rct"),
    ("randomizedcontrolledtrial", "rct"),
    ("randomisedcontrolledtrial", "rct"),
];

impl Base {
    /// Whether `body` (a factor without its power) is this base with at most one of
    /// its prefixes.
    fn takes(&self, body: &str, power: bool) -> bool {
        if power && !self.power {
            return false;
        }
        match body.strip_suffix(self.symbol) {
            Some("") => true,
            Some(prefix) => {
                let mut chars = prefix.chars();
                matches!((chars.next(), chars.next()), (Some(p), None) if self.prefixes.contains(p))
            }
            None => false,
        }
    }
}

fn is_unit(text: &str) -> bool {
    text.split('/').all(is_term)
}

fn is_term(term: &str) -> bool {
    is_factor(term) || (term.contains(PRODUCT) && term.split(PRODUCT).all(is_factor))
}

fn is_factor(factor: &str) -> bool {
    if WORDS.contains(&factor) || TIME_FACTORS.contains(&factor) {
        return true;
    }
    let (body, power) = match factor.strip_suffix(['2', '3', '²', '³']) {
        Some(body) => (body, true),
        None => (factor, false),
    };
    BASES.iter().any(|base| base.takes(body, power))
}

/// Every factor a suggestion may put in a unit: each base (not the alternative
/// spellings) with each of its prefixes (micro as `µ` alone), metres with their powers,
/// and the words.
fn factors() -> &'static [String] {
    static FACTORS: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut factors = Vec::new();
        for base in BASES.iter().filter(|base| base.suggested) {
            let prefixes = std::iter::once(None)
                .chain(base.prefixes.chars().filter(|&p| p != 'μ' && p != 'u').map(Some));
            for prefix in prefixes {
                let factor: String = prefix.into_iter().chain(base.symbol.chars()).collect();
                if base.power {
                    factors.push(format!("{factor}2"));
                    factors.push(format!("{factor}3"));
                }
                factors.push(factor);
            }
        }
        factors.extend(WORDS.iter().map(|word| word.to_string()));
        factors.extend(TIME_FACTORS.iter().map(|word| word.to_string()));
        factors
    });
    &FACTORS
}

fn suggest_unit(text: &str) -> Option<String> {
    if text.starts_with('/') || text.ends_with('/') {
        return None;
    }
    if let Some(unit) = compose(text, |factor| fixed(factor, FACTOR_ALIASES)) {
        return Some(unit);
    }
    let whole = || {
        UNITS
            .iter()
            .map(|&(unit, _)| unit)
            .chain(WORDS.iter().copied())
            .chain(TIME_FACTORS.iter().copied())
    };
    match same_spelling(text, whole(), fold_unit) {
        Match::One(unit) => return Some(unit.to_string()),
        Match::Several => return None,
        Match::Nothing => {}
    }
    if let Some(unit) = nearest(text, whole(), micro_chars) {
        return Some(unit.to_string());
    }
    // Step 5: factor by factor.
    compose(text, |factor| {
        let known = || factors().iter().map(String::as_str);
        fixed(factor, FACTOR_ALIASES).or_else(|| match same_spelling(factor, known(), fold_unit) {
            Match::One(known) => Some(known),
            Match::Several => None,
            Match::Nothing => nearest(factor, known(), micro_chars),
        })
    })
}

/// `text` with every term that is not a unit's replaced by what `fix` gives for it,
/// when it gives something for each and the result is a unit other than `text`.
fn compose(text: &str, fix: impl Fn(&str) -> Option<&'static str>) -> Option<String> {
    let mut composed = String::with_capacity(text.len());
    for (i, term) in text.split('/').enumerate() {
        if i > 0 {
            composed.push('/');
        }
        if is_term(term) {
            composed.push_str(term);
        } else {
            composed.push_str(fix(term)?);
        }
    }
    (composed != text && is_unit(&composed)).then_some(composed)
}

fn suggest_level(text: &str) -> Option<&'static str> {
    let folded = fold_level(text);
    if let Some(level) = fixed(&folded, LEVEL_ALIASES) {
        return Some(level);
    }
    let known = || LEVELS.iter().map(|&(known, _)| known);
    match same_spelling(text, known(), fold_level) {
        Match::One(level) => return Some(level),
        Match::Several => return None,
        Match::Nothing => {}
    }
    // Step 3: a part between hyphens of exactly one level.
    let mut with_part = known().filter(|level| {
        level.split('-').any(|part| part.chars().count() > 1 && fold_level(part) == folded)
    });
    if let (Some(level), None) = (with_part.next(), with_part.next()) {
        return Some(level);
    }
    nearest(text, known(), |t| fold_level(t).chars().collect())
}

/// The spelling an informal form stands for (step 1).
fn fixed(text: &str, aliases: &[(&str, &'static str)]) -> Option<&'static str> {
    aliases.iter().find(|&&(alias, _)| alias == text).map(|&(_, meant)| meant)
}

/// The candidates that are what was written, once folded (step 2).
enum Match<'c> {
    One(&'c str),
    Several,
    Nothing,
}

fn same_spelling<'c>(
    text: &str,
    candidates: impl Iterator<Item = &'c str>,
    fold: fn(&str) -> String,
) -> Match<'c> {
    let folded = fold(text);
    let mut found = None;
    for candidate in candidates.filter(|&candidate| fold(candidate) == folded) {
        match found {
            None => found = Some(candidate),
            Some(first) if first != candidate => return Match::Several,
            Some(_) => {}
        }
    }
    found.map_or(Match::Nothing, Match::One)
}

/// How many edits a suggestion may be from what was written (step 4).
fn bound(text: &str) -> usize {
    match text.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// The single nearest candidate within the bound, `chars` giving what the distance is
/// counted on (step 4).
fn nearest<'c>(
    text: &str,
    candidates: impl Iterator<Item = &'c str>,
    chars: fn(&str) -> Vec<char>,
) -> Option<&'c str> {
    let max = bound(text);
    if max == 0 {
        return None;
    }
    let target = chars(text);
    let mut found: Vec<(usize, f64, &'c str)> = Vec::new();
    for candidate in candidates {
        let distance = strsim::generic_damerau_levenshtein(&target, &chars(candidate));
        if distance <= max && found.iter().all(|&(_, _, seen)| seen != candidate) {
            found.push((distance, strsim::jaro_winkler(text, candidate), candidate));
        }
    }
    // Closest first, then most similar.
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    match found.as_slice() {
        [] => None,
        [(_, _, only)] => Some(*only),
        [(distance, similarity, best), (next_distance, next_similarity, _), ..] => {
            let tied = distance == next_distance && similarity - next_similarity < 1e-9;
            (!tied).then_some(*best)
        }
    }
}

/// Micro written `µ`, and case set aside: for comparing units (step 2).
fn fold_unit(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).map(micro).collect()
}

/// Micro written `µ`, case kept: units as the distance sees them (step 4).
fn micro_chars(text: &str) -> Vec<char> {
    text.chars().map(micro).collect()
}

fn micro(c: char) -> char {
    match c {
        'μ' | 'u' => 'µ',
        c => c,
    }
}

fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// Case and separators set aside: `IC-50` is `IC50`.
fn fold_measure(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).flat_map(char::to_lowercase).collect()
}

/// Case, separators and roman phase numbers set aside: `Phase-III` is `phase-3`.
fn fold_level(text: &str) -> String {
    let folded = fold_measure(text).replace('.', "");
    match folded.strip_prefix("phase") {
        Some("i") => "phase1".to_string(),
        Some("ii") => "phase2".to_string(),
        Some("iii") => "phase3".to_string(),
        Some("iv") => "phase4".to_string(),
        _ => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion(result: Result<(), Unknown>) -> Option<String> {
        result.expect_err("should be rejected").suggestion
    }

    fn unit_suggestion(text: &str) -> Option<String> {
        suggestion(unit(text))
    }

    #[test]
    fn accepts_units_as_reviews_write_them() {
        let accepted = "mg mg/kg mg/kg/day mg/kg/d mg/m2 mg/m² mg/m2/cycle µg μg/mL ug/mL ng/mL \
            pg/mL g kg µM μM uM nM mM pM fM M mol/L mmol/L µmol/L IU IU/kg mIU/mL µIU/mL U U/mL \
            kU/L mL ml L dL fL µl mg/dL Gy cGy mSv MBq GBq mmHg cmH2O points point bpm beats/min \
            cells/µL copies/mL CFU/mL kcal kcal/day mEq/L mOsm/kg kDa kPa cm2 mm3 µm um µm2 nm \
            ms h min days weeks months years ng.h/mL µg·h/mL mL/min/1.73m2 kg/m2 log10 mcg/kg \
            vg/kg mV pA mg/kg/wk IU/kg/week";
        for text in accepted.split_whitespace() {
            assert_eq!(unit(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn every_listed_spelling_is_accepted() {
        for &(text, _) in UNITS.iter().chain(TIME_UNITS) {
            assert_eq!(unit(text), Ok(()), "unit {text}");
        }
        for &(text, _) in TIME_UNITS {
            assert_eq!(time_unit(text), Ok(()), "time unit {text}");
        }
        for &(text, _) in MEASURES {
            assert_eq!(measure(text), Ok(()), "measure {text}");
        }
        for &(text, _) in LEVELS {
            assert_eq!(level(text), Ok(()), "level {text}");
            assert!(tier(text).is_some(), "tier {text}");
        }
        for list in [MEASURES, LEVELS, TIME_UNITS, UNITS] {
            for (i, (text, meaning)) in list.iter().enumerate() {
                assert!(!meaning.is_empty(), "{text}");
                assert!(list[..i].iter().all(|(seen, _)| seen != text), "twice: {text}");
            }
        }
        assert_eq!(MEASURES.len(), 15);
        assert_eq!(LEVELS.len(), 14);
    }

    #[test]
    fn rejects_what_is_not_a_unit() {
        let rejected = "mgg kgg foo mg//kg /kg mg/ / MM Mg % -fold fold mg/kg/ mg2 mmHg2 kkg mµg \
            g. .g kmol mGy2 hrs units cc mmhg MG mDa nh 1.73 m4";
        for text in rejected.split_whitespace().chain(["", "mg kg"]) {
            assert!(unit(text).is_err(), "{text}");
        }
    }

    #[test]
    fn unit_case_matters() {
        assert_eq!(unit("mM"), Ok(()));
        assert_eq!(unit("mm"), Ok(()));
        // `MM` folds to both millimolar and millimetre: no telling which.
        assert_eq!(unit_suggestion("MM"), None);
    }

    #[test]
    fn unit_suggestions() {
        for (text, expected) in [
            ("mgkg", Some("mg/kg")),
            ("mmhg", Some("mmHg")),
            ("ponts", Some("points")),
            ("kgg", Some("kg")),
            ("mgg", Some("mg")),
            ("mg//kg", Some("mg/kg")),
            ("mg/kg/dya", Some("mg/kg/day")),
            ("MG/KG", Some("mg/kg")),
            ("iu/mL", Some("IU/mL")),
            ("ug/kgg", Some("µg/kg")),
            ("mmol/kgg", Some("mmol/kg")),
            ("units/kg", Some("U/kg")),
            ("mg/kg/hr", Some("mg/kg/h")),
            ("cc", Some("mL")),
            ("ML", Some("mL")),
            ("Nm", None),
            ("foo", None),
            ("/kg", None),
            ("mg/", None),
            ("%", None),
            ("q", None),
            ("UM", None),
            ("xyzzy/kg", None),
        ] {
            assert_eq!(unit_suggestion(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn every_suggestion_is_accepted() {
        for text in ["mgkg", "ponts", "kgg", "mgg", "mmol/kgg", "units/kg", "mg/kg/hr", "ug/kgg"] {
            let suggested = unit_suggestion(text).expect(text);
            assert_eq!(unit(&suggested), Ok(()), "{text} -> {suggested}");
        }
        for text in ["hrs", "Weeks", "weks"] {
            let suggested = suggestion(time_unit(text)).expect(text);
            assert_eq!(time_unit(&suggested), Ok(()), "{text} -> {suggested}");
        }
    }

    #[test]
    fn time_units() {
        for text in ["hours", "hour", "days", "day", "weeks", "months", "years", "year"] {
            assert_eq!(time_unit(text), Ok(()), "{text}");
        }
        for (text, expected) in [
            ("hrs", Some("hours")),
            ("hr", Some("hours")),
            ("Weeks", Some("weeks")),
            ("weks", Some("weeks")),
            ("mnths", Some("months")),
            ("yrs", Some("years")),
            ("h", Some("hours")),
            ("wk", Some("weeks")),
            ("minutes", None),
            ("fortnight", None),
            ("mg", None),
        ] {
            assert_eq!(suggestion(time_unit(text)).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn measures() {
        for (text, expected) in [
            ("hr", Some("HR")),
            ("Hr", Some("HR")),
            ("IC-50", Some("IC50")),
            ("ic50", Some("IC50")),
            ("KD", Some("Kd")),
            ("k_i", Some("Ki")),
            ("IC5O", Some("IC50")),
            ("ORs", Some("OR")),
            ("pIC50", None),
            ("pKd", None),
            ("XYZ", None),
            ("hazard", None),
        ] {
            assert_eq!(suggestion(measure(text)).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn levels() {
        for (text, expected) in [
            ("invitro", Some("in-vitro")),
            ("In-Vitro", Some("in-vitro")),
            ("phase3", Some("phase-3")),
            ("Phase-III", Some("phase-3")),
            ("phase-iv", Some("phase-4")),
            ("phase_II", Some("phase-2")),
            ("PhaseI", Some("phase-1")),
            ("RCT", Some("rct")),
            ("RCTs", Some("rct")),
            ("randomised", Some("rct")),
            ("meta", Some("meta-analysis")),
            ("meta-analyses", Some("meta-analysis")),
            ("vitro", Some("in-vitro")),
            ("cohorts", Some("cohort")),
            ("in", None),
            ("case", None),
            ("vivo", None),
            ("phase-5", None),
            ("preclinical", None),
        ] {
            assert_eq!(suggestion(level(text)).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn tiers() {
        assert_eq!(tier("in-silico"), Some(Tier::InSilico));
        assert_eq!(tier("in-vitro"), Some(Tier::InVitro));
        assert_eq!(tier("ex-vivo"), Some(Tier::ExVivo));
        assert_eq!(tier("in-vivo"), Some(Tier::InVivo));
        for level in ["clinical", "phase-1", "phase-4", "rct", "meta-analysis", "case-report"] {
            assert_eq!(tier(level), Some(Tier::Clinical), "{level}");
        }
        assert_eq!(tier("invitro"), None);
        assert_eq!(tier("RCT"), None);
        assert!(Tier::InVitro < Tier::InVivo && Tier::InVivo < Tier::Clinical);
    }
}
