//! Whether a written name is plausibly a typo of a close name (spec §11 E): the test a
//! "did you mean" candidate must pass before a fix may replace the name.
//!
//! Closeness alone is not enough. Reviews outside the prelude's field are full of
//! correct names the vocabulary does not know, and with 100,000 gene names nearly every
//! short one is one edit from some entry: `alum` from the gene `LUM`, `R848` from
//! `RP48`, `tau-clearance` from `CTC-clearance`. The message still names the close
//! entries; a fix is attached only when the edits between the two names look like
//! slips of the hand, not like another name:
//!
//! - at most [`MAX_FIX_EDITS`] edits (a transposition is one);
//! - no digit is added, dropped or changed, and no letter next to a digit is touched:
//!   digits and the letters around them are identifiers (`IL-17` is not `IL-7`,
//!   `SERCA2a` is not `SERCA2`, `INS-1E` not `INS-1`, `AS01B` not `ASF1B`);
//! - no edit touches a letter outside ASCII: a Greek letter is never a slip for
//!   another letter (`Aβ40` is not `AC40`);
//! - counted with case, the names are still within the bound of §10 E: a name written
//!   in another case throughout is another word (`alum` is not `LUM`, `PLpro` not
//!   `PTPRO`);
//! - no hyphen-separated part is replaced, added or dropped: each part changes by at
//!   most one edit per four characters, and at least one (`tau-clearance` is not
//!   `CTC-clearance`, `NO-bioavailability` not `bioavailability`);
//! - no part's first letter is replaced, added or dropped: slips fall inside words, and
//!   a new first letter makes another word (`remyelination` is not `Demyelination`,
//!   `tolerance` not `intolerance`);
//! - a final `s` alone is a plural, the same name, not a typo (`ZDF-rats`);
//! - in a short abbreviation (two to five capitals) no letter is added or dropped:
//!   that makes another abbreviation (`PBMC` is not `PBC`), nor in a part written as
//!   one (`SCD-mouse` is not `SCID-Mouse`);
//! - a strain's substrain, after its last `/`, is its own (`C3H/He` is not `C3H/HeJ`);
//! - and (`suggest::fix`) no part that differs is a word the ontologies use
//!   (`depletion` is not a slip for `deletion`).
//!
//! The figures behind these rules (typos fixed, correct names left alone) are in
//! TESTING.md, from `tests/suggestions.rs`.

use super::suggest::max_distance;

/// The most edits a fix may make. Slips come one at a time; a candidate three edits
/// away from a long name (`excitotoxicity`, `cytotoxicity`) is a different word.
pub const MAX_FIX_EDITS: usize = 2;

/// One step of an alignment of the written name with a candidate: indices are
/// character positions in the written name (`w`) and in the candidate (`c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Keep {
        w: usize,
        c: usize,
    },
    /// `written[w]` stands where the candidate has `candidate[c]`.
    Replace {
        w: usize,
        c: usize,
    },
    /// `written[w]` is extra.
    Extra {
        w: usize,
    },
    /// `candidate[c]` is missing from the written name.
    Missing {
        c: usize,
    },
    /// `written[w..w + 2]` is `candidate[c..c + 2]` swapped.
    Swap {
        w: usize,
        c: usize,
    },
}

/// Whether `written` is plausibly a typo of `candidate` (see the module doc).
pub fn plausible(written: &str, candidate: &str) -> bool {
    let w: Vec<char> = written.chars().collect();
    let c: Vec<char> = candidate.chars().collect();
    let lower = |s: &[char]| s.iter().flat_map(|c| c.to_lowercase()).collect::<Vec<char>>();
    let (wl, cl) = (lower(&w), lower(&c));
    // Lowercasing that changes the length (rare letters) makes positions disagree:
    // such names are never fixed.
    if wl.len() != w.len() || cl.len() != c.len() {
        return false;
    }
    let steps = align(&wl, &cl);
    let edits = steps.iter().filter(|s| !matches!(s, Step::Keep { .. })).count();
    if edits == 0 || edits > MAX_FIX_EDITS {
        return false;
    }
    let digit_near = |s: &[char], at: usize| {
        let get = |i: Option<usize>| i.and_then(|i| s.get(i)).is_some_and(char::is_ascii_digit);
        get(Some(at)) || get(at.checked_sub(1)) || get(Some(at + 1))
    };
    let foreign = |s: &[char], at: usize| s.get(at).is_some_and(|ch| !ch.is_ascii());
    let mut case_changes = 0;
    for step in &steps {
        let touches_identifier = match *step {
            Step::Keep { w: i, c: j } => {
                case_changes += usize::from(w.get(i) != c.get(j));
                false
            }
            Step::Replace { w: i, c: j } => {
                digit_near(&w, i) || digit_near(&c, j) || foreign(&w, i) || foreign(&c, j)
            }
            Step::Extra { w: i } => digit_near(&w, i) || foreign(&w, i),
            Step::Missing { c: j } => digit_near(&c, j) || foreign(&c, j),
            Step::Swap { w: i, c: j } => {
                digit_near(&w, i)
                    || digit_near(&w, i + 1)
                    || foreign(&w, i)
                    || foreign(&w, i + 1)
                    || foreign(&c, j)
            }
        };
        if touches_identifier {
            return false;
        }
    }
    if abbreviation_part_resized(written, candidate) || substrain_changed(written, candidate) {
        return false;
    }
    edits + case_changes <= max_distance(written)
        && parts_kept(&wl, &cl)
        && !first_letter_changed(&wl, &steps)
        && !plural_only(&wl, &cl)
        && !(abbreviation(&w)
            && steps.iter().any(|s| matches!(s, Step::Extra { .. } | Step::Missing { .. })))
}

/// Whether a name is written as a short abbreviation: two to five capitals. A letter
/// added to or dropped from one makes another abbreviation (`PBMC`, `PBC`); only a
/// letter replaced or two swapped are slips there (`BCRQ` for `BCRP`).
fn abbreviation(name: &[char]) -> bool {
    (2..=5).contains(&name.len()) && name.iter().all(char::is_ascii_uppercase)
}

/// Whether a hyphen-separated part written as a short abbreviation gains or loses a
/// letter: `SCD-mouse` (sickle cell disease) is not `SCID-mouse`, as `PBMC` is not
/// `PBC` (the rule of [`abbreviation`], part by part).
fn abbreviation_part_resized(written: &str, candidate: &str) -> bool {
    let (wp, cp): (Vec<&str>, Vec<&str>) =
        (written.split('-').collect(), candidate.split('-').collect());
    wp.len() == cp.len()
        && wp.iter().zip(&cp).any(|(w, c)| {
            let chars: Vec<char> = w.chars().collect();
            abbreviation(&chars) && chars.len() != c.chars().count()
        })
}

/// Whether the two are one strain's name with another substrain: the same parts before
/// the last `/`, and another part after it. `C3H/He` is not `C3H/HeJ`, nor `C57BL/6J`
/// `C57BL/6N`: each is a strain of its own, with its own mutations (`C3H/HeJ` carries a
/// Tlr4 loss of function).
fn substrain_changed(written: &str, candidate: &str) -> bool {
    match (written.rsplit_once('/'), candidate.rsplit_once('/')) {
        (Some((w_strain, w_sub)), Some((c_strain, c_sub))) => {
            w_strain.eq_ignore_ascii_case(c_strain) && !w_sub.eq_ignore_ascii_case(c_sub)
        }
        _ => false,
    }
}

/// Whether an edit replaces, adds or drops the first letter of a hyphen-separated part:
/// slips fall inside words, and a word's first letter makes another word
/// (`remyelination`, `demyelination`; `tolerance`, `intolerance`).
fn first_letter_changed(written: &[char], steps: &[Step]) -> bool {
    let starts_part = |i: usize| i == 0 || written.get(i.wrapping_sub(1)) == Some(&'-');
    steps.iter().any(|step| match *step {
        Step::Replace { w, .. } => starts_part(w),
        // A doubled first letter (`MMEDI4736`) is a slip; another one is a new word.
        Step::Extra { w } => starts_part(w) && written.get(w) != written.get(w + 1),
        // A letter missing before written[w'] where the alignment reached a part start.
        Step::Missing { .. } | Step::Keep { .. } | Step::Swap { .. } => false,
    }) || missing_at_part_start(written, steps)
}

/// Whether a letter is missing right at the start of a written part.
fn missing_at_part_start(written: &[char], steps: &[Step]) -> bool {
    let mut next_w = 0usize;
    for step in steps {
        match *step {
            Step::Missing { .. } => {
                if next_w == 0 || written.get(next_w - 1) == Some(&'-') {
                    return true;
                }
            }
            Step::Keep { w, .. } | Step::Replace { w, .. } | Step::Extra { w } => next_w = w + 1,
            Step::Swap { w, .. } => next_w = w + 2,
        }
    }
    false
}

/// Whether the names differ only by a final `s` (`ZDF-rats`, `ZDF-rat`): a plural is the
/// same name, not a typo to fix.
fn plural_only(written: &[char], candidate: &[char]) -> bool {
    let strip = |s: &[char]| s.strip_suffix(&['s']).map(<[char]>::to_vec);
    strip(written).as_deref() == Some(candidate) || strip(candidate).as_deref() == Some(written)
}

/// Whether every hyphen-separated part of the written name is kept: the names have as
/// many parts, and each changes by at most one edit per four characters (at least one).
fn parts_kept(written: &[char], candidate: &[char]) -> bool {
    let parts = |s: &[char]| s.split(|&c| c == '-').map(<[char]>::to_vec).collect::<Vec<_>>();
    let (wp, cp) = (parts(written), parts(candidate));
    if wp.len() != cp.len() {
        // One slip can add or drop a hyphen (`efflux-inhibition`, `effluxinhibition`),
        // but not a whole part.
        return (wp.len().abs_diff(cp.len()) == 1)
            && !wp.iter().chain(&cp).any(|p| p.is_empty())
            && !removes_a_part(&wp, &cp)
            && !removes_a_part(&cp, &wp);
    }
    wp.iter().zip(&cp).all(|(a, b)| {
        let allowed = (a.len().max(b.len()) / 4).max(1);
        strsim::generic_damerau_levenshtein(a, b) <= allowed
    })
}

/// Whether `shorter` is `longer` less one whole part.
fn removes_a_part(longer: &[Vec<char>], shorter: &[Vec<char>]) -> bool {
    longer.len() == shorter.len() + 1
        && (0..longer.len()).any(|skip| {
            longer.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, p)| p).eq(shorter)
        })
}

/// An optimal alignment of two names (optimal string alignment: insertions, deletions,
/// substitutions and transpositions of neighbours, each one edit), in order.
fn align(w: &[char], c: &[char]) -> Vec<Step> {
    let (n, m) = (w.len(), c.len());
    let width = m + 1;
    let mut d = vec![0usize; (n + 1) * width];
    for i in 0..=n {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(w[i - 1] != c[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && w[i - 1] == c[j - 2] && w[i - 2] == c[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[i * width + j];
        if i > 0 && j > 0 && w[i - 1] == c[j - 1] && here == d[(i - 1) * width + j - 1] {
            steps.push(Step::Keep { w: i - 1, c: j - 1 });
            (i, j) = (i - 1, j - 1);
        } else if i > 1
            && j > 1
            && w[i - 1] == c[j - 2]
            && w[i - 2] == c[j - 1]
            && here == d[(i - 2) * width + j - 2] + 1
        {
            steps.push(Step::Swap { w: i - 2, c: j - 2 });
            (i, j) = (i - 2, j - 2);
        } else if i > 0 && j > 0 && here == d[(i - 1) * width + j - 1] + 1 {
            steps.push(Step::Replace { w: i - 1, c: j - 1 });
            (i, j) = (i - 1, j - 1);
        } else if i > 0 && here == d[(i - 1) * width + j] + 1 {
            steps.push(Step::Extra { w: i - 1 });
            i -= 1;
        } else {
            steps.push(Step::Missing { c: j - 1 });
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_the_hand_are_typos() {
        for (written, candidate) in [
            ("BCRQ", "BCRP"),
            ("talazopirib", "talazoparib"),
            ("eflux", "efflux"),
            ("MGTM", "MGMT"),
            ("oNtch1", "Notch1"),
            ("phoshpo-ERK", "phospho-ERK"),
            ("caancer-stem-cells", "cancer-stem-cells"),
            ("MMEDI4736", "MEDI4736"),
            ("Doxorubicn", "doxorubicin"),
            ("epithelial-mesenchymal-tranition", "epithelial-mesenchymal-transition"),
        ] {
            assert!(plausible(written, candidate), "{written} -> {candidate}");
        }
    }

    #[test]
    fn other_names_are_not() {
        for (written, candidate) in [
            ("PBMC", "PBC"),
            ("remyelination", "Demyelination"),
            ("ZDF-rats", "ZDF-rat"),
            ("tau-clearance", "CTC-clearance"),
            ("BDNF-signaling", "JNK-signaling"),
            ("NO-bioavailability", "bioavailability"),
            ("β-cell-proliferation", "cell-proliferation"),
            ("excitotoxicity", "cytotoxicity"),
            ("Aβ40", "AC40"),
            ("alum", "LUM"),
            ("PLpro", "PTPRO"),
            ("AS01B", "ASF1B"),
            ("R848", "RP48"),
            ("SERCA2a", "SERCA2"),
            ("INS-1E", "INS-1"),
            ("K252a", "K252C"),
            ("IL-17", "IL-7"),
            ("ABCB1", "ABCB1"),
            ("SCD-mouse", "SCID-Mouse"),
            ("C3H/He", "C3H/HeJ"),
            ("C57BL/6N", "C57BL/6J"),
        ] {
            assert!(!plausible(written, candidate), "{written} -> {candidate}");
        }
    }

    /// The alignment's edits are as many as the distance, on every pair of short names
    /// over a small alphabet (so that repeats and transpositions are common).
    #[test]
    fn the_alignment_is_optimal() {
        let alphabet = ['a', 'b', '1'];
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = names
                .iter()
                .filter(|n| n.len() == names.last().map_or(0, String::len))
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            names.extend(longer);
        }
        for a in &names {
            for b in &names {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let edits =
                    align(&ac, &bc).iter().filter(|s| !matches!(s, Step::Keep { .. })).count();
                assert_eq!(edits, strsim::osa_distance(a, b), "{a:?} {b:?}");
            }
        }
    }
}
