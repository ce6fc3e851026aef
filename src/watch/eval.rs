//! The evaluation of the textual signal (docs/watch.md): in bills whose
//! every stage text is known, the articles struck at one stage ("(Supprimé)")
//! and present again at a later one, found by their words alone.
//!
//! The ground truth comes from the stable ids and the texts: an article that
//! had a text, reads "(Supprimé)" at stage j, and has a text again at a later
//! stage k returns at k, unless that text shares less than [`SAME_PROVISION`]
//! of its words with the struck one (La Fabrique's ids follow the numbers, so
//! a number given to a new provision keeps the id: that is not a return). The detector sees none of that: it gets each struck text
//! (what the store's struck events carry) and, for each later stage, the
//! texts of its articles without ids or numbers; it reports, for each struck
//! text, the first later stage where some article resembles it
//! ([`similar::required`]), and which article. A report is right when that
//! article is the struck one (same id) at the ground truth's stage.

use crate::model::{BillData, Line};
use crate::watch::pattern::folded_words;
use crate::watch::similar::{self, Corpus, Doc, Index};

/// A struck article.
#[derive(Clone, Debug)]
pub struct Struck {
    /// Its bill.
    pub bill: String,
    /// Its stable id (the detector does not see it).
    pub id: String,
    /// Its number when struck.
    pub number: String,
    /// The stage (index) whose text strikes it.
    pub stage: usize,
    /// Its last text before.
    pub text: String,
    /// The first later stage where it has a text again (the ground truth).
    pub returns: Option<usize>,
    /// When it has a text again but not the same provision: the number was
    /// given to another one (the stage, and the two texts' word overlap).
    pub reused: Option<(usize, f64)>,
}

/// The share of words two texts have in common (Jaccard similarity of their
/// sets of folded words), for the ground truth only.
pub fn word_overlap(a: &str, b: &str) -> f64 {
    use std::collections::HashSet;
    let wa: HashSet<String> = folded_words(a).into_iter().collect();
    let wb: HashSet<String> = folded_words(b).into_iter().collect();
    let union = wa.union(&wb).count();
    if union == 0 {
        0.0
    } else {
        wa.intersection(&wb).count() as f64 / union as f64
    }
}

/// Below this word overlap, an article that has a text again under a struck
/// one's stable id is another provision (La Fabrique's ids follow numbers).
pub const SAME_PROVISION: f64 = 0.4;

/// What the detector reported for one struck text.
#[derive(Clone, Debug)]
pub struct Found {
    /// The stage where it comes back.
    pub stage: usize,
    /// The resembling article's id (only the evaluation looks at it).
    pub id: String,
    /// Its number there.
    pub number: String,
    /// The similarity score.
    pub score: f64,
}

/// One struck article with the truth and the detector's answer.
#[derive(Clone, Debug)]
pub struct Case {
    /// The struck article.
    pub struck: Struck,
    /// What the detector found.
    pub found: Option<Found>,
}

impl Case {
    /// True when the detector found the return the ids show.
    pub fn hit(&self) -> bool {
        matches!((&self.found, self.struck.returns), (Some(f), Some(k)) if f.stage == k && f.id == self.struck.id)
    }
}

/// Recall and precision over cases.
#[derive(Clone, Debug)]
pub struct Report {
    /// Every struck article.
    pub cases: Vec<Case>,
    /// Returns in the ground truth.
    pub truths: usize,
    /// Returns reported.
    pub reported: usize,
    /// Reported and right.
    pub hits: usize,
}

impl Report {
    /// Found returns over true returns.
    pub fn recall(&self) -> f64 {
        if self.truths == 0 {
            1.0
        } else {
            self.hits as f64 / self.truths as f64
        }
    }

    /// Right reports over reports.
    pub fn precision(&self) -> f64 {
        if self.reported == 0 {
            1.0
        } else {
            self.hits as f64 / self.reported as f64
        }
    }
}

fn text_of(lines: &[Line]) -> Option<String> {
    let alineas: Vec<&str> = lines
        .iter()
        .filter_map(|l| match l {
            Line::Alinea(t) => Some(t.as_str()),
            Line::Gap(_) => None,
        })
        .collect();
    (!alineas.is_empty()).then(|| alineas.join("\n"))
}

/// The stage texts of a bill, in order (stages without a text are skipped
/// by giving None).
fn stage_texts(b: &BillData) -> Vec<Option<&crate::model::Text>> {
    b.bill.stages.iter().map(|s| b.texts.get(&s.id)).collect()
}

/// The ground truth of one bill: every article struck at some stage after
/// having had a text, with the first later stage where it has one again.
pub fn ground_truth(b: &BillData) -> Vec<Struck> {
    let texts = stage_texts(b);
    let mut out = Vec::new();
    let mut last: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut struck_open: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, t) in texts.iter().enumerate() {
        let Some(t) = t else { continue };
        for a in t.articles() {
            if a.is_deleted() {
                if let Some(text) = last.get(a.id.as_str())
                    && !struck_open.contains_key(a.id.as_str())
                {
                    struck_open.insert(&a.id, out.len());
                    out.push(Struck {
                        bill: b.bill.slug.clone(),
                        id: a.id.clone(),
                        number: a.number.clone(),
                        stage: i,
                        text: text.clone(),
                        returns: None,
                        reused: None,
                    });
                }
            } else if let Some(text) = text_of(&a.lines) {
                if let Some(k) = struck_open.remove(a.id.as_str()) {
                    let overlap = word_overlap(&out[k].text, &text);
                    if overlap >= SAME_PROVISION {
                        out[k].returns = Some(i);
                    } else {
                        out[k].reused = Some((i, overlap));
                    }
                }
                last.insert(&a.id, text);
            }
        }
    }
    out
}

/// How much more a later article must resemble a struck text than any
/// article of the text that struck it did: what was already there when it
/// was struck (a neighbouring article on the same subject) is not a return.
pub const MARGIN: f64 = 0.05;

/// The detector: for each struck text (the stage that struck it, its
/// words), the first later stage of its bill where an article resembles it
/// (cosine at least [`similar::required`], and [`MARGIN`] above what the
/// striking stage's articles reached). It reads article texts only.
pub fn detect(b: &BillData, corpus: &Corpus, struck: &[(usize, &str)]) -> Vec<Option<Found>> {
    detect_with(b, corpus, struck, Thresholds::default())
}

/// The detector's thresholds (for the evaluation's sensitivity table).
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// The score a text needs ([`similar::THRESHOLD`]).
    pub long: f64,
    /// The score a short text needs ([`similar::SHORT_THRESHOLD`]).
    pub short: f64,
    /// The margin over the striking stage's articles ([`MARGIN`]).
    pub margin: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            long: similar::THRESHOLD,
            short: similar::SHORT_THRESHOLD,
            margin: MARGIN,
        }
    }
}

/// [`detect`] with other thresholds.
pub fn detect_with(
    b: &BillData,
    corpus: &Corpus,
    struck: &[(usize, &str)],
    th: Thresholds,
) -> Vec<Option<Found>> {
    let texts = stage_texts(b);
    let mut index = Index::new(corpus.clone());
    let mut owners: Vec<Vec<usize>> = Vec::new();
    for (n, (_, text)) in struck.iter().enumerate() {
        if let Some(id) = index.insert(text) {
            if id == owners.len() {
                owners.push(Vec::new());
            }
            owners[id].push(n);
        }
    }
    let mut baseline: Vec<f64> = vec![0.0; struck.len()];
    let mut found: Vec<Option<Found>> = vec![None; struck.len()];
    for (k, t) in texts.iter().enumerate() {
        let Some(t) = t else { continue };
        let mut best: Vec<Option<Found>> = vec![None; struck.len()];
        for a in t.articles() {
            if a.is_deleted() {
                continue;
            }
            let Some(text) = text_of(&a.lines) else {
                continue;
            };
            let doc = Doc::new(index.corpus(), &text);
            for (i, score) in index.query_doc(&doc, 0.0) {
                for &n in &owners[i] {
                    let j = struck[n].0;
                    if j == k {
                        baseline[n] = baseline[n].max(score);
                        continue;
                    }
                    if j > k || found[n].is_some() {
                        continue;
                    }
                    let short =
                        doc.content_words().min(index.doc(i).content_words()) < similar::SHORT;
                    let need = if short { th.short } else { th.long };
                    if score < need.max(baseline[n] + th.margin) {
                        continue;
                    }
                    if best[n].as_ref().is_none_or(|f| score > f.score) {
                        best[n] = Some(Found {
                            stage: k,
                            id: a.id.clone(),
                            number: a.number.clone(),
                            score,
                        });
                    }
                }
            }
        }
        for (n, b) in best.into_iter().enumerate() {
            if b.is_some() {
                found[n] = b;
            }
        }
    }
    found
}

/// The corpus of every article text of every stage of `bills` (for the
/// words' rarity).
pub fn corpus(bills: &[BillData]) -> Corpus {
    let mut c = Corpus::default();
    for b in bills {
        for t in b.texts.values() {
            for a in t.articles() {
                if let Some(text) = text_of(&a.lines) {
                    c.add(&text);
                }
            }
        }
    }
    c
}

/// Runs the evaluation over bills.
pub fn evaluate(bills: &[BillData]) -> Report {
    evaluate_with(bills, Thresholds::default())
}

/// Runs the evaluation with other thresholds.
pub fn evaluate_with(bills: &[BillData], th: Thresholds) -> Report {
    let mut cases = Vec::new();
    let corpus = corpus(bills);
    for b in bills {
        let truth = ground_truth(b);
        let inputs: Vec<(usize, &str)> = truth.iter().map(|s| (s.stage, s.text.as_str())).collect();
        let found = detect_with(b, &corpus, &inputs, th);
        for (s, f) in truth.iter().zip(found) {
            cases.push(Case {
                struck: s.clone(),
                found: f,
            });
        }
    }
    let truths = cases.iter().filter(|c| c.struck.returns.is_some()).count();
    let reported = cases.iter().filter(|c| c.found.is_some()).count();
    let hits = cases.iter().filter(|c| c.hit()).count();
    Report {
        cases,
        truths,
        reported,
        hits,
    }
}

/// The content words a text has (for reports on texts too short to index).
pub fn content_words(corpus: &Corpus, text: &str) -> usize {
    Doc::new(corpus, text).content_words()
}
