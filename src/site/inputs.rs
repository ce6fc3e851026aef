//! What each page is rendered from, as one signature per page, so that a
//! build renders again only the pages whose inputs changed.
//!
//! A page is a function of its bill's metadata, the theme and amendo itself
//! (the bill's *core*), and of some of the bill's records and texts: an
//! amendment's page reads its own record, its parent's, its identical
//! amendments' and sub-amendments', and the article it designates in the
//! text it was tabled on and in its own stage's text (its diff is the
//! effect of its instruction on that article); an article's page reads the
//! article at every stage and the amendments that designate it; a list of a
//! stage's amendments reads that stage's records; a ballot's page reads the
//! ballot and the records of the amendments it decided; the bill's pages
//! read everything. An amendment's explanation (its exposé sommaire) is
//! shown on its own page and in its article's JSON only: the pages that list
//! amendments (the bill's, its stages', its ballots') read each record but
//! for it, so that correcting an explanation renders three pages, not the
//! bill's largest ones. A signature hashes exactly those inputs, each record
//! (by the id of the store's blob it was read from, the hash of its bytes;
//! as listed, through the amendment's `Hash` implementation) and each
//! article digested once per build (SipHash 1-3, 128 bits, fixed keys). A
//! page's signature also holds amendo's identity, so that what another
//! release writes or hashes otherwise is a new signature.
//!
//! Over-approximating is safe (a page rendered again for nothing is written
//! only if its bytes changed); missing an input is not, and
//! `tests/incremental.rs` compares every incremental build with a clean one.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::model::{Position, article_in_question, article_key, same_article_key};
use crate::site::{BillSite, Page};

/// A 128-bit digest.
type Digest = u128;

/// A hasher that serialised values are written into.
struct Sink(SipHasher13);

impl Sink {
    fn new() -> Sink {
        Sink(SipHasher13::new())
    }
    fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> &mut Sink {
        // Serialising into a hasher cannot fail for the model's types.
        let _ = serde_json::to_writer(&mut *self, v);
        self.0.write_u8(0xff);
        self
    }
    fn digest(&mut self, d: Digest) -> &mut Sink {
        self.0.write_u128(d);
        self
    }
    fn bytes(&mut self, b: &[u8]) -> &mut Sink {
        self.0.write(b);
        self
    }
    fn text(&mut self, s: &str) -> &mut Sink {
        self.0.write(s.as_bytes());
        self.0.write_u8(0xff);
        self
    }
    fn finish(&self) -> Digest {
        self.0.finish128().as_u128()
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn digest_of<T: Serialize + ?Sized>(v: &T) -> Digest {
    Sink::new().value(v).finish()
}

/// One bill's inputs, digested once per build.
pub struct Inputs {
    /// The bill's metadata, the theme and amendo's identity.
    core: Digest,
    /// Every stage's text.
    texts: Digest,
    /// Every record as listed, and every ballot, in discussion order.
    all: Digest,
    /// Each amendment's record, parallel to the bill's amendments.
    records: Vec<Digest>,
    /// Each record as the pages that list amendments read it (all of it
    /// but the explanation), parallel to the bill's amendments.
    listed: Vec<Digest>,
    /// Each ballot as the query layer answers it, parallel to the bill's
    /// ballots.
    ballots: Vec<Digest>,
    /// An amendment's index by stage id and number.
    by_number: HashMap<(String, String), usize>,
    /// For each stage, each article's digest by the key of its number
    /// (`article_key`), and by its stable id.
    by_key: Vec<HashMap<String, Digest>>,
    by_id: Vec<HashMap<String, Digest>>,
}

impl Inputs {
    /// Digests the bill's records and texts; `common` names the theme and
    /// amendo's identity.
    pub fn of(b: &mut BillSite, common: &str) -> Inputs {
        let (records, listed): (Vec<Digest>, Vec<Digest>) = b
            .history
            .amendments
            .par_iter_mut()
            .map(|a| {
                // The explanation set aside while the rest is digested
                // (rather than the whole record copied without it): the
                // amendment through its `Hash` implementation (every field,
                // without serialising its long texts as JSON), the rest of
                // the record as JSON.
                let explanation = a.amendment.explanation.take();
                let mut listed = Sink::new();
                a.amendment.hash(&mut listed.0);
                let rest = (&a.tabled_on, &a.effect, &a.reason, &a.sub_amendments);
                let listed = listed.value(&rest).finish();
                a.amendment.explanation = explanation;
                let a = &*a;
                // A record read from the store is signed by its blob id,
                // the hash of its bytes, instead of by serialising it again.
                let record = match a.blob {
                    Some(id) => Sink::new().text("blob").bytes(id.as_bytes()).finish(),
                    None => digest_of(a),
                };
                (record, listed)
            })
            .unzip();
        let mut all = Sink::new();
        for d in &listed {
            all.digest(*d);
        }
        // The ballots, those kept on their own among them (the bill's
        // page lists every ballot).
        let ballots: Vec<Digest> = b.ballots.par_iter().map(digest_of).collect();
        for d in &ballots {
            all.digest(*d);
        }
        let mut by_key = Vec::new();
        let mut by_id = Vec::new();
        let mut texts = Sink::new();
        for t in b.texts() {
            let mut keys = HashMap::new();
            let mut ids = HashMap::new();
            for a in t.articles() {
                let d = digest_of(a);
                keys.insert(article_key(&a.number), d);
                ids.insert(a.id.clone(), d);
            }
            texts.digest(digest_of(t));
            by_key.push(keys);
            by_id.push(ids);
        }
        let by_number = b
            .amendments()
            .iter()
            .enumerate()
            .map(|(i, a)| ((a.amendment.stage.clone(), a.amendment.number.clone()), i))
            .collect();
        Inputs {
            core: Sink::new().text(common).value(&b.bill).finish(),
            texts: texts.finish(),
            all: all.finish(),
            records,
            listed,
            ballots,
            by_number,
            by_key,
            by_id,
        }
    }

    /// The signature of `page` of bill `b` (None for the pages common to
    /// every bill, which are always rendered).
    pub fn signature(&self, b: &BillSite, page: &Page) -> Option<String> {
        let mut s = Sink::new();
        s.digest(self.core);
        match page {
            Page::Index | Page::Search => return None,
            Page::Bill(_) => s.text("bill").digest(self.all).digest(self.texts),
            Page::Unknown(_) => s.text("unknown").digest(self.all).digest(self.texts),
            Page::StageAmendments(_, si) => {
                s.text("stage").value(si).digest(self.texts);
                let id = &b.bill.stages[*si].id;
                for (a, d) in b.amendments().iter().zip(&self.listed) {
                    if &a.amendment.stage == id {
                        s.digest(*d);
                    }
                }
                &mut s
            }
            Page::Ballot(_, n) => {
                s.text("ballot").text(n).digest(self.texts);
                for (v, d) in b.ballots.iter().zip(&self.ballots) {
                    if &v.vote.ballot == n {
                        s.digest(*d);
                        // The amendments it decided: their records.
                        for a in &v.amendments {
                            match self.by_number.get(&(v.stage.clone(), a.clone())) {
                                Some(&i) => s.digest(self.listed[i]),
                                None => s.text("-"),
                            };
                        }
                    }
                }
                &mut s
            }
            Page::Article(_, id) => {
                s.text("article").text(id);
                for (i, t) in b.texts().iter().enumerate() {
                    s.value(&t.is_partial());
                    match self.by_id[i].get(id) {
                        Some(d) => s.digest(*d),
                        None => s.text("-"),
                    };
                    // An article new at this stage may come from an
                    // additional article's amendment, whose adoption its
                    // blame names: those amendments' records are inputs.
                    let new_here = i == 0 || !self.by_id[i - 1].contains_key(id.as_str());
                    if new_here && self.by_id[i].contains_key(id.as_str()) {
                        let stage = &b.bill.stages[i].id;
                        for (a, d) in b.amendments().iter().zip(&self.records) {
                            if &a.amendment.stage == stage
                                && a.amendment.article.position != Position::On
                            {
                                s.digest(*d);
                            }
                        }
                    }
                }
                for i in b.history.near_article(&b.index, id) {
                    s.digest(self.records[i]);
                }
                // The ballots on no amendment whose question names one of
                // the article's numbers (its history lists those on it).
                let numbers: Vec<&str> = b
                    .texts()
                    .iter()
                    .filter_map(|t| Some(t.article(id)?.number.as_str()))
                    .collect();
                for (v, d) in b.ballots.iter().zip(&self.ballots) {
                    let named = v.amendments.is_empty()
                        && v.vote
                            .question
                            .as_deref()
                            .and_then(article_in_question)
                            .is_some_and(|n| numbers.iter().any(|m| same_article_key(m, &n)));
                    if named {
                        s.digest(*d);
                    }
                }
                &mut s
            }
            Page::Amendment(_, stage, number) => {
                s.text("amendment").text(stage).text(number);
                let Some(&i) = self.by_number.get(&(stage.clone(), number.clone())) else {
                    return Some(hex(s.text("absent").finish()));
                };
                let a = &b.amendments()[i];
                s.digest(self.records[i]);
                let mut related: Vec<&String> = a.amendment.identical.iter().collect();
                related.extend(&a.sub_amendments);
                related.extend(&a.amendment.parent);
                for n in related {
                    match self.by_number.get(&(stage.clone(), n.clone())) {
                        Some(&j) => s.digest(self.records[j]),
                        None => s.text("-"),
                    };
                }
                // The article it designates, in the text it was tabled on
                // and in its own stage's text.
                let key = article_key(&a.amendment.article.article);
                let si = b.bill.stage_index(stage).unwrap_or(0);
                for t in [si.checked_sub(1), Some(si)] {
                    match t.and_then(|t| self.by_key.get(t)?.get(&key)) {
                        Some(d) => s.digest(*d),
                        None => s.text("-"),
                    };
                }
                &mut s
            }
        };
        Some(hex(s.finish()))
    }
}

/// The search shard of a page whose HTML is at `path`, in
/// `0..shards`, the same on every machine. An article's or an amendment's
/// page goes where the hash of its path sends it among the first
/// `shards - 1`, so every shard holds a fair sample of the site and ranks
/// its results (by word frequencies within the shard) as one index would.
/// The bills' other pages (their own, their stage lists, their ballots),
/// which change with almost any edit of an amendment, have the last shard
/// to themselves: an edit they show indexes again that small shard, not a
/// thousand pages more.
pub fn shard_of(page: &Page, path: &str, shards: usize) -> usize {
    let hashed = shards.saturating_sub(1).max(1);
    match page {
        Page::Article(..) | Page::Amendment(..) => {
            (Sink::new().text(path).finish() % hashed as u128) as usize
        }
        _ => hashed,
    }
}

fn hex(d: Digest) -> String {
    format!("{d:032x}")
}
