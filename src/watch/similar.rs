//! The textual signal for returning provisions: word shingles, MinHash
//! signatures and an LSH index (gaoya's `MinHashIndex`, a maintained MinHash
//! LSH implementation), so finding the earlier texts a new one resembles costs
//! about the same whatever the number of texts indexed: nothing is compared
//! pairwise except the few candidates the bands propose.
//!
//! Texts are compared as folded words (see [`crate::watch::pattern`]):
//! neither article numbers nor ids take part, only words. Provisions come
//! back rewritten (« Est inséré, après l'article 34, un article ainsi
//! rédigé » becomes « Après l'article 34, il est inséré un article 34-1 »),
//! so the shingles are single *content words*: words rarer than
//! [`COMMON`] in the corpus (the texts of the store), which drops « le », « de »,
//! « article », « alinéa » and keeps « résolutions », « étiquetage »,
//! « déchiffrement ». Candidates the bands propose are then scored by the
//! cosine of their TF-IDF vectors (sublinear term frequency), which weighs
//! a shared rare word more than a shared common one; texts with fewer than
//! [`MIN_WORDS`] content words are not indexed (they say too little to be
//! recognised by their words alone).

use std::hash::{Hash, Hasher};

use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher32};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::watch::pattern::tokenize;

/// A word in more than this share of the corpus's texts is not a content word.
pub const COMMON: f64 = 0.15;
/// Fewest distinct content words a text needs to be indexed or looked up.
pub const MIN_WORDS: usize = 2;
/// LSH bands and rows per band: 100 × 2 hashes. A pair whose content-word
/// sets have Jaccard similarity 0.2 shares a band with probability 0.98; at
/// 0.05, 0.22.
const BANDS: usize = 100;
const ROWS: usize = 2;
/// The cosine similarity from which a text is reported as returning.
pub const THRESHOLD: f64 = 0.33;
/// A text with fewer content words than this is short: it must resemble
/// more ([`SHORT_THRESHOLD`]), as a few shared words prove less.
pub const SHORT: usize = 5;
/// The threshold when either text is short.
pub const SHORT_THRESHOLD: f64 = 0.5;

/// The similarity two texts need to be reported as the same provision.
pub fn required(a: &Doc, b: &Doc) -> f64 {
    if a.content_words().min(b.content_words()) < SHORT {
        SHORT_THRESHOLD
    } else {
        THRESHOLD
    }
}

/// The words of a text as the index compares them: folded, with a legal
/// reference's numbers kept together (`432-12`, `L. 2334-37` give `432-12`
/// and `2334-37`, rarer and more telling than `432` and `12`).
pub fn index_words(text: &str) -> Vec<String> {
    let tokens = tokenize(text).words;
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut prev_end = usize::MAX;
    for t in tokens {
        let joined = prev_end != usize::MAX
            && t.folded.bytes().all(|b| b.is_ascii_digit())
            && text[prev_end..t.range.start]
                .chars()
                .all(|c| matches!(c, '-' | '‑' | '–'))
            && t.range.start > prev_end
            && out
                .last()
                .is_some_and(|w| w.bytes().last().is_some_and(|b| b.is_ascii_digit()));
        if joined {
            if let Some(last) = out.last_mut() {
                last.push('-');
                last.push_str(&t.folded);
            }
        } else {
            out.push(t.folded);
        }
        prev_end = t.range.end;
    }
    out
}

fn word_hash(w: &str) -> u64 {
    let mut h = FxHasher::default();
    w.hash(&mut h);
    h.finish()
}

/// Document frequencies of words over a corpus of texts.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    df: FxHashMap<u64, u32>,
    texts: u32,
    seen: FxHashSet<u64>,
}

impl Corpus {
    /// Counts a text's words (a text already counted is counted once: an
    /// article unchanged through ten stages is one text).
    pub fn add(&mut self, text: &str) {
        if !self.seen.insert(word_hash(text)) {
            return;
        }
        let words: FxHashSet<u64> = index_words(text).iter().map(|w| word_hash(w)).collect();
        for w in words {
            *self.df.entry(w).or_insert(0) += 1;
        }
        self.texts += 1;
    }

    fn idf(&self, w: u64) -> f64 {
        let df = self.df.get(&w).copied().unwrap_or(0).max(1);
        (f64::from(self.texts.max(1)) / f64::from(df)).ln().max(0.0)
    }

    fn common(&self, w: u64) -> bool {
        let df = self.df.get(&w).copied().unwrap_or(0);
        f64::from(df) > COMMON * f64::from(self.texts.max(1)) && df > 2
    }
}

/// A text as the index sees it: its TF-IDF vector and its content words.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    weights: FxHashMap<u64, f64>,
    norm: f64,
    content: Vec<u64>,
}

impl Doc {
    /// Reads a text against a corpus.
    pub fn new(corpus: &Corpus, text: &str) -> Doc {
        let mut tf: FxHashMap<u64, f64> = FxHashMap::default();
        for w in index_words(text) {
            *tf.entry(word_hash(&w)).or_insert(0.0) += 1.0;
        }
        let mut content: Vec<u64> = tf.keys().copied().filter(|&w| !corpus.common(w)).collect();
        content.sort_unstable();
        let weights: FxHashMap<u64, f64> = tf
            .into_iter()
            .map(|(w, c)| (w, (1.0 + f64::ln(c)) * corpus.idf(w)))
            .filter(|&(_, x)| x > 0.0)
            .collect();
        let norm = weights.values().map(|x| x * x).sum::<f64>().sqrt();
        Doc {
            weights,
            norm,
            content,
        }
    }

    /// How many distinct content words it has.
    pub fn content_words(&self) -> usize {
        self.content.len()
    }
}

/// The cosine similarity of two texts' TF-IDF vectors (0 to 1).
pub fn score(a: &Doc, b: &Doc) -> f64 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    let (small, large) = if a.weights.len() <= b.weights.len() {
        (a, b)
    } else {
        (b, a)
    };
    let dot: f64 = small
        .weights
        .iter()
        .filter_map(|(w, x)| large.weights.get(w).map(|y| x * y))
        .sum();
    (dot / (a.norm * b.norm)).min(1.0)
}

/// An index of texts, numbered in insertion order.
pub struct Index {
    corpus: Corpus,
    hasher: MinHasher32<mix::Build>,
    lsh: MinHashIndex<u32, usize>,
    docs: Vec<Doc>,
    /// Each distinct text once: identical amendments filed by many authors
    /// are one entry, so a lookup scores each distinct text once.
    texts: FxHashMap<u64, usize>,
}

/// A deterministic hasher for gaoya's signatures (the words are already
/// hashed: this only spreads them).
mod mix {
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

impl Index {
    /// An empty index over a corpus (which gives the words' rarity).
    pub fn new(corpus: Corpus) -> Index {
        Index {
            corpus,
            hasher: MinHasher32::new_with_hasher_and_seed(BANDS * ROWS, mix::Build, 7),
            // Candidates are scored exactly; the index keeps every one.
            lsh: MinHashIndex::new(BANDS, ROWS, 0.0),
            docs: Vec::new(),
            texts: FxHashMap::default(),
        }
    }

    /// The corpus.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Adds a text; returns its number in the index (the number it already
    /// has when the same text was added before), or None when it has too few
    /// content words to be recognised.
    pub fn insert(&mut self, text: &str) -> Option<usize> {
        let key = word_hash(text);
        if let Some(&id) = self.texts.get(&key) {
            return Some(id);
        }
        let doc = Doc::new(&self.corpus, text);
        if doc.content.len() < MIN_WORDS {
            return None;
        }
        let id = self.docs.len();
        let sig = self.hasher.create_signature(doc.content.iter());
        self.lsh.insert(id, sig);
        self.docs.push(doc);
        self.texts.insert(key, id);
        Some(id)
    }

    /// How many distinct texts are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// An indexed text.
    pub fn doc(&self, id: usize) -> &Doc {
        &self.docs[id]
    }

    /// The indexed texts that `text` resembles enough ([`required`]), best
    /// first, with their scores.
    pub fn query(&self, text: &str) -> Vec<(usize, f64)> {
        let doc = Doc::new(&self.corpus, text);
        let mut found = self.query_doc(&doc, 0.0);
        found.retain(|&(id, s)| s >= required(&doc, &self.docs[id]));
        found
    }

    /// The indexed texts the bands propose for `doc` with a score of at
    /// least `min`, best first.
    pub fn query_doc(&self, doc: &Doc, min: f64) -> Vec<(usize, f64)> {
        if doc.content.len() < MIN_WORDS {
            return Vec::new();
        }
        let sig = self.hasher.create_signature(doc.content.iter());
        let mut out: Vec<(usize, f64)> = self
            .lsh
            .query(&sig)
            .into_iter()
            .map(|&id| (id, score(doc, &self.docs[id])))
            .filter(|&(_, s)| s >= min)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRUCK: &str = "Les fournisseurs de services de messagerie chiffrée sont tenus de mettre en œuvre les mesures techniques nécessaires afin de permettre l'accès au contenu intelligible des correspondances.";
    const OTHER: [&str; 4] = [
        "Le Gouvernement remet au Parlement un rapport sur l'application de la présente loi dans un délai de six mois.",
        "Le code de commerce est ainsi modifié : à l'article L. 123, les mots « quinze jours » sont remplacés par les mots « un mois ».",
        "Les sociétés sportives mentionnées à l'article L. 122-1 du code du sport déclarent les rémunérations de leurs joueurs.",
        "Un décret en Conseil d'État fixe les modalités d'application du présent article.",
    ];

    fn corpus(extra: &[&str]) -> Corpus {
        let mut c = Corpus::default();
        for t in OTHER.iter().chain(extra) {
            c.add(t);
        }
        c
    }

    #[test]
    fn a_rewritten_text_that_returns_is_found_and_an_unrelated_one_is_not() {
        let back = "Dans un délai de soixante-douze heures, les fournisseurs de services de messagerie chiffrée mettent en œuvre les mesures techniques permettant l’accès au contenu intelligible des correspondances.";
        let mut index = Index::new(corpus(&[STRUCK, back]));
        let a = index.insert(STRUCK).unwrap();
        for o in OTHER {
            index.insert(o);
        }
        let found = index.query(back);
        assert_eq!(found.first().map(|f| f.0), Some(a), "{found:?}");
        assert!(found[0].1 > THRESHOLD && found[0].1 < 1.0, "{found:?}");
        assert!(index.query(OTHER[2]).iter().all(|f| f.0 != a));
    }

    #[test]
    fn short_texts_are_not_indexed() {
        let mut index = Index::new(corpus(&["(Supprimé)"]));
        assert_eq!(index.insert("(Supprimé)"), None);
        assert!(index.is_empty());
    }

    #[test]
    fn case_accents_and_apostrophes_do_not_matter() {
        let c = corpus(&[STRUCK]);
        let a = Doc::new(&c, STRUCK);
        let b = Doc::new(&c, &STRUCK.to_uppercase().replace('\'', "’"));
        assert!((score(&a, &b) - 1.0).abs() < 1e-9);
    }
}
