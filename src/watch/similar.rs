//! The textual signal for returning provisions: word shingles, MinHash
//! signatures and an LSH index (gaoya's `MinHashIndex`, a maintained MinHash
//! LSH implementation), so finding the earlier texts a new one resembles costs
//! about the same whatever the number of texts indexed: nothing is compared
//! pairwise except the few candidates the bands propose, which are then
//! verified on their exact shingle sets.
//!
//! Texts are compared as folded words (see [`crate::watch::pattern`]):
//! neither article numbers nor ids take part, only words. Shingles are
//! [`SHINGLE`] consecutive words; texts with fewer than [`MIN_SHINGLES`] are
//! not indexed (a one-line article such as « Les articles L. 1 et L. 2 sont
//! abrogés. » says too little to be recognised by its words alone).

use std::hash::{Hash, Hasher};

use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher32};
use rustc_hash::{FxHashSet, FxHasher};

use crate::watch::pattern::folded_words;

/// Words per shingle.
pub const SHINGLE: usize = 3;
/// Fewest shingles a text needs to be indexed or looked up.
pub const MIN_SHINGLES: usize = 8;
/// LSH bands and rows per band: 42 × 3 hashes. A pair with Jaccard
/// similarity 0.4 shares a band with probability 0.94; at 0.2, 0.29.
const BANDS: usize = 42;
const ROWS: usize = 3;
/// The similarity from which a text is reported as returning: the exact
/// Jaccard similarity of the shingle sets, or, for a text that takes up a
/// part of a longer one, the share of its shingles found in it.
pub const THRESHOLD: f64 = 0.5;
/// Fewest shingles for the containment rule to apply (shorter texts must
/// resemble as a whole).
const MIN_CONTAINED: usize = 20;

/// The shingles of a text, hashed.
pub fn shingles(text: &str) -> FxHashSet<u64> {
    let words = folded_words(text);
    let mut out = FxHashSet::default();
    if words.len() < SHINGLE {
        return out;
    }
    for w in words.windows(SHINGLE) {
        let mut h = FxHasher::default();
        w.hash(&mut h);
        out.insert(h.finish());
    }
    out
}

/// How alike two shingle sets are: Jaccard similarity, and the share of the
/// smaller set found in the larger.
pub fn likeness(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> (f64, f64) {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let common = small.iter().filter(|h| large.contains(h)).count();
    let union = a.len() + b.len() - common;
    let jaccard = if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    };
    let contained = if small.is_empty() {
        0.0
    } else {
        common as f64 / small.len() as f64
    };
    (jaccard, contained)
}

/// The score a match is judged by (see [`THRESHOLD`]).
pub fn score(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> f64 {
    let (jaccard, contained) = likeness(a, b);
    if a.len().min(b.len()) >= MIN_CONTAINED {
        // A long passage taken up whole inside a longer text counts as much
        // as a whole text, discounted so that equal texts still rank first.
        jaccard.max(contained * 0.9)
    } else {
        jaccard
    }
}

/// An index of texts, by any id.
pub struct Index {
    hasher: MinHasher32<fnv_like::Build>,
    lsh: MinHashIndex<u32, usize>,
    sets: Vec<FxHashSet<u64>>,
}

/// A deterministic hasher for gaoya's signatures (the shingles are already
/// hashed: this only spreads them).
mod fnv_like {
    use std::hash::{BuildHasher, Hasher};

    #[derive(Clone, Copy, Default)]
    pub struct Build;

    pub struct Mix(u64);

    impl Hasher for Mix {
        fn finish(&self) -> u64 {
            let mut x = self.0;
            x ^= x >> 33;
            x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
            x ^= x >> 33;
            x
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        fn write_u64(&mut self, i: u64) {
            self.0 ^= i;
        }
    }

    impl BuildHasher for Build {
        type Hasher = Mix;
        fn build_hasher(&self) -> Mix {
            Mix(0xcbf2_9ce4_8422_2325)
        }
    }
}

impl Default for Index {
    fn default() -> Self {
        Index::new()
    }
}

impl Index {
    /// An empty index.
    pub fn new() -> Index {
        Index {
            hasher: MinHasher32::new_with_hasher_and_seed(BANDS * ROWS, fnv_like::Build, 7),
            // Candidates are verified exactly; the index keeps anything that
            // could reach the threshold.
            lsh: MinHashIndex::new(BANDS, ROWS, 0.0),
            sets: Vec::new(),
        }
    }

    /// Adds a text; returns its number in the index, or None when it is too
    /// short to be recognised.
    pub fn insert(&mut self, text: &str) -> Option<usize> {
        let set = shingles(text);
        if set.len() < MIN_SHINGLES {
            return None;
        }
        let id = self.sets.len();
        let sig = self.hasher.create_signature(set.iter());
        self.lsh.insert(id, sig);
        self.sets.push(set);
        Some(id)
    }

    /// How many texts are indexed.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// The indexed texts that `text` resembles at least as much as
    /// [`THRESHOLD`], best first, with their scores.
    pub fn query(&self, text: &str) -> Vec<(usize, f64)> {
        let set = shingles(text);
        self.query_set(&set)
    }

    /// Like [`Index::query`], on shingles already computed.
    pub fn query_set(&self, set: &FxHashSet<u64>) -> Vec<(usize, f64)> {
        if set.len() < MIN_SHINGLES {
            return Vec::new();
        }
        let sig = self.hasher.create_signature(set.iter());
        let mut out: Vec<(usize, f64)> = self
            .lsh
            .query(&sig)
            .into_iter()
            .map(|&id| (id, score(set, &self.sets[id])))
            .filter(|&(_, s)| s >= THRESHOLD)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRUCK: &str = "Les fournisseurs de services de communications électroniques sont tenus de mettre en œuvre les mesures techniques nécessaires afin de permettre l'accès au contenu intelligible des correspondances.";

    #[test]
    fn a_text_that_returns_is_found_and_an_unrelated_one_is_not() {
        let mut index = Index::new();
        let a = index.insert(STRUCK).unwrap();
        index
            .insert("Le Gouvernement remet au Parlement un rapport sur l'application de la présente loi dans un délai de six mois.")
            .unwrap();
        let back = "Les fournisseurs de services de communications électroniques sont tenus de mettre en œuvre, dans un délai de soixante-douze heures, les mesures techniques nécessaires afin de permettre l’accès au contenu intelligible des correspondances.";
        let found = index.query(back);
        assert_eq!(found.first().map(|f| f.0), Some(a), "{found:?}");
        assert!(found[0].1 > 0.5 && found[0].1 < 1.0, "{found:?}");
        assert!(index.query("Le code de commerce est ainsi modifié : à l'article L. 123, les mots « quinze jours » sont remplacés par les mots « un mois ».").is_empty());
    }

    #[test]
    fn short_texts_are_not_indexed() {
        let mut index = Index::new();
        assert_eq!(index.insert("L'article 3 est abrogé."), None);
        assert!(index.is_empty());
    }

    #[test]
    fn numbers_do_not_make_texts_alike_but_words_do() {
        let a = shingles(STRUCK);
        let b = shingles(&STRUCK.replace("fournisseurs", "Fournisseurs"));
        assert_eq!(likeness(&a, &b).0, 1.0);
    }
}
