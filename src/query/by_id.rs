//! Articles by stable id, from a bill's history loaded once.
//!
//! A front end that shows every article (the static site) loads the bill's
//! history once ([`BillQuery::history`](crate::query::BillQuery::history)
//! with no article), indexes its amendments by the article they designate
//! ([`ArticleHistory::index`]), and asks here for each article's history by
//! its stable id, without reading the store again and without looking at
//! amendments that are not on the article.

use std::collections::HashMap;

use crate::model::article_key;
use crate::query::{ArticleHistory, ArticleRef};
use crate::store::read::StoredAmendment;

/// A bill's amendments indexed by the article they designate and by the
/// amendment they amend, so that an article's amendments are found without
/// scanning them all.
pub struct AmendmentIndex {
    by_target: HashMap<String, Vec<usize>>,
    by_parent: HashMap<(String, String), Vec<usize>>,
}

impl ArticleHistory {
    /// Indexes the amendments of this (whole-bill) history.
    pub fn index(&self) -> AmendmentIndex {
        let mut by_target: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_parent: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, a) in self.amendments.iter().enumerate() {
            let am = &a.amendment;
            by_target
                .entry(article_key(&am.article.article))
                .or_default()
                .push(i);
            if let Some(p) = &am.parent {
                by_parent
                    .entry((am.stage.clone(), p.clone()))
                    .or_default()
                    .push(i);
            }
        }
        AmendmentIndex {
            by_target,
            by_parent,
        }
    }

    /// The article with stable id `id`, with the number it carries at each
    /// stage; None when no stage's text holds it.
    pub fn article_ref(&self, id: &str) -> Option<ArticleRef> {
        let numbers: Vec<Option<String>> = self
            .texts
            .iter()
            .map(|t| t.article(id).map(|a| a.number.clone()))
            .collect();
        let asked = numbers.iter().rev().flatten().next()?.clone();
        Some(ArticleRef {
            asked,
            id: Some(id.to_owned()),
            numbers,
        })
    }

    /// Every amendment that could be on the article with stable id `id`
    /// (indices into `amendments`, in order): those whose target is one of
    /// its designations, whether or not [`ArticleHistory::on_article`] keeps
    /// them, with their sub-amendments. A superset of what
    /// [`ArticleHistory::for_article`] keeps, found without cloning the
    /// history: what an article's page may read.
    pub fn near_article(&self, index: &AmendmentIndex, id: &str) -> Vec<usize> {
        match self.article_ref(id) {
            Some(art) => self.designating(index, &art, |_| true),
            None => Vec::new(),
        }
    }

    /// The amendments whose target is one of `art`'s designations and that
    /// `keep` keeps, with their sub-amendments: indices into `amendments`,
    /// in order.
    fn designating(
        &self,
        index: &AmendmentIndex,
        art: &ArticleRef,
        keep: impl Fn(&StoredAmendment) -> bool,
    ) -> Vec<usize> {
        let mut keys: Vec<String> = art.designations().iter().map(|d| article_key(d)).collect();
        keys.sort();
        keys.dedup();
        let mut out: Vec<usize> = keys
            .iter()
            .filter_map(|k| index.by_target.get(k))
            .flatten()
            .copied()
            .filter(|&i| keep(&self.amendments[i]))
            .collect();
        let subs: Vec<usize> = out
            .iter()
            .filter_map(|&i| {
                let a = &self.amendments[i].amendment;
                index.by_parent.get(&(a.stage.clone(), a.number.clone()))
            })
            .flatten()
            .copied()
            .collect();
        out.extend(subs);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The history of the article with stable id `id`: the same texts, and
    /// only the amendments on it with their sub-amendments (in discussion
    /// order), so that [`ArticleHistory::story`] and
    /// [`ArticleHistory::at_stage`] answer as they would from the whole
    /// bill. `index` is this history's [`ArticleHistory::index`]. None when
    /// no stage's text holds the article.
    pub fn for_article(&self, index: &AmendmentIndex, id: &str) -> Option<ArticleHistory> {
        let mut h = ArticleHistory {
            bill: self.bill.clone(),
            texts: self.texts.clone(),
            amendments: Vec::new(),
            article: Some(self.article_ref(id)?),
            ballots: Vec::new(),
        };
        let art = h.article.as_ref()?;
        // An amendment is on the article only if its target is one of the
        // article's designations; `on_article` decides among those.
        let on = self.designating(index, art, |a| h.on_article(a));
        h.amendments = on.into_iter().map(|i| self.amendments[i].clone()).collect();
        h.ballots = self
            .ballots
            .iter()
            .filter(|b| h.ballot_on_article(b))
            .cloned()
            .collect();
        Some(h)
    }
}
