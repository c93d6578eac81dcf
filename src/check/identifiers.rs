//! The identifiers of references (spec §11 O): which DOIs and PMIDs are well formed
//! (`invalid-identifier`), and the forms two of them are compared in (`duplicate-doi`,
//! `retracted-reference`).

/// Whether a `trial` name is a well-formed NCT number, when it claims to be one (starts
/// with `NCT`, any case): `NCT` and eight digits (spec §11 M). Other trial names pass.
pub fn nct(trial: &str) -> Result<(), &'static str> {
    let Some(head) = trial.get(..3).filter(|h| h.eq_ignore_ascii_case("NCT")) else {
        return Ok(());
    };
    let digits = &trial[3..];
    if head != "NCT" {
        return Err("it is written in capitals, `NCT`");
    }
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("`NCT` is followed by eight digits");
    }
    Ok(())
}

/// The prefixes a DOI may be written with, compared without case: a resolver's URL or
/// `doi:`. What follows must be the DOI itself.
const DOI_PREFIXES: [&str; 5] =
    ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"];

/// The DOI of `written` without its prefix (`10.1038/nature11729` of
/// `https://doi.org/10.1038/nature11729`), or why it is not one. A DOI is `10.`, 4 to 9
/// digits (the registrant), `/`, and at least one character (the item), with no white
/// space or control character anywhere.
pub fn doi(written: &str) -> Result<&str, &'static str> {
    let bare = DOI_PREFIXES
        .iter()
        .find_map(|prefix| {
            let head = written.get(..prefix.len())?;
            head.eq_ignore_ascii_case(prefix).then(|| &written[prefix.len()..])
        })
        .unwrap_or(written);
    if bare.is_empty() {
        return Err("it is empty");
    }
    if bare.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("a DOI has no spaces");
    }
    let Some(rest) = bare.strip_prefix("10.") else {
        return Err("a DOI starts with `10.`");
    };
    const REGISTRANT: &str = "`10.` is followed by 4 to 9 digits and `/`";
    let Some((registrant, item)) = rest.split_once('/') else { return Err(REGISTRANT) };
    if !(4..=9).contains(&registrant.len()) || !registrant.bytes().all(|b| b.is_ascii_digit()) {
        return Err(REGISTRANT);
    }
    if item.is_empty() {
        return Err("a DOI goes on after its `/`");
    }
    Ok(bare)
}

/// The DOI inside a malformed `written` (`10.5555/x` of `doi.org/10.5555/x` or of
/// `DOI 10.5555/x`): the rest of it from the first `10.` that follows a `/`, `:` or
/// space and starts a DOI that runs to the end.
pub fn embedded_doi(written: &str) -> Option<&str> {
    written
        .match_indices("10.")
        .filter(|&(at, _)| at > 0 && matches!(written.as_bytes()[at - 1], b'/' | b':' | b' '))
        .map(|(at, _)| &written[at..])
        .find(|rest| doi(rest).is_ok())
}

/// The form two DOIs are compared in: without prefix, lowercase (DOIs ignore case).
pub fn doi_key(bare: &str) -> String {
    bare.to_lowercase()
}

/// The PMID of `written`, or why it is not one: a whole number of at least 1, digits
/// only (leading zeros are read as a number would be), that fits in 64 bits.
pub fn pmid(written: &str) -> Result<u64, &'static str> {
    if written.is_empty() || !written.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a PMID is a whole number");
    }
    match written.parse::<u64>() {
        Ok(0) => Err("a PMID is at least 1"),
        Ok(pmid) => Ok(pmid),
        Err(_) => Err("it is too large for a PMID"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_with_and_without_prefixes() {
        assert_eq!(doi("10.1038/nature11729"), Ok("10.1038/nature11729"));
        assert_eq!(doi("https://doi.org/10.1056/NEJMoa1409077"), Ok("10.1056/NEJMoa1409077"));
        assert_eq!(
            doi("HTTP://DX.DOI.ORG/10.1016/j.cell.2015.01.049"),
            Ok("10.1016/j.cell.2015.01.049")
        );
        assert_eq!(doi("doi:10.1016/S1473-3099(15)00424-7"), Ok("10.1016/S1473-3099(15)00424-7"));
        assert_eq!(doi("10.123456789/x"), Ok("10.123456789/x"));
        assert!(doi("10.1002/(SICI)1097-4636(199706)35:4<481::AID-JBM8>3.0.CO;2-K").is_ok());
        assert_eq!(doi_key("10.1056/NEJMoa1409077"), doi_key("10.1056/nejmoa1409077"));
    }

    #[test]
    fn malformed_dois_say_why() {
        for (written, why) in [
            ("", "it is empty"),
            ("doi:", "it is empty"),
            ("nature11729", "a DOI starts with `10.`"),
            ("11.1038/x", "a DOI starts with `10.`"),
            ("www.doi.org/10.1038/x", "a DOI starts with `10.`"),
            ("10.1038/nature 11729", "a DOI has no spaces"),
            (" 10.1038/x", "a DOI has no spaces"),
            ("10.103/x", "`10.` is followed by 4 to 9 digits and `/`"),
            ("10.1234567890/x", "`10.` is followed by 4 to 9 digits and `/`"),
            ("10.10a8/x", "`10.` is followed by 4 to 9 digits and `/`"),
            ("10.1038", "`10.` is followed by 4 to 9 digits and `/`"),
            ("10.1038/", "a DOI goes on after its `/`"),
            ("10.", "`10.` is followed by 4 to 9 digits and `/`"),
        ] {
            assert_eq!(doi(written), Err(why), "{written:?}");
        }
    }

    #[test]
    fn a_doi_inside_other_text_is_found() {
        assert_eq!(embedded_doi("doi.org/10.5555/evn.1"), Some("10.5555/evn.1"));
        assert_eq!(embedded_doi("https://www.doi.org/10.5555/evn.1"), Some("10.5555/evn.1"));
        assert_eq!(embedded_doi("DOI: 10.5555/evn.1"), Some("10.5555/evn.1"));
        assert_eq!(embedded_doi("DOI 10.5555/10.1"), Some("10.5555/10.1"));
        assert_eq!(embedded_doi("110.5555/evn.1"), None);
        assert_eq!(embedded_doi("see 10.5555/evn.1 p. 3"), None);
        assert_eq!(embedded_doi("5555/evn.1"), None);
    }

    #[test]
    fn pmids_are_positive_whole_numbers() {
        assert_eq!(pmid("23254930"), Ok(23254930));
        assert_eq!(pmid("007"), Ok(7));
        assert_eq!(pmid("0"), Err("a PMID is at least 1"));
        assert_eq!(pmid("4.1"), Err("a PMID is a whole number"));
        assert_eq!(pmid("PMID:1"), Err("a PMID is a whole number"));
        assert_eq!(pmid(""), Err("a PMID is a whole number"));
        assert_eq!(pmid("99999999999999999999"), Err("it is too large for a PMID"));
    }
}
