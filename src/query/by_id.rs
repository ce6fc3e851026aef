//! Articles by stable id, from a bill's history loaded once.
//!
//! A front end that shows every article (the static site) loads the bill's
//! history once ([`BillQuery::history`] with no article) and asks here for
//! each article's history by its stable id, without reading the store again
//! and without copying amendments that are not on the article.

use crate::query::{ArticleHistory, ArticleRef};

impl ArticleHistory {
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

    /// The history of the article with stable id `id`: the same texts, and
    /// only the amendments on it with their sub-amendments, so that
    /// [`ArticleHistory::story`] and [`ArticleHistory::at_stage`] answer as
    /// they would from the whole bill. None when no stage's text holds it.
    pub fn for_article(&self, id: &str) -> Option<ArticleHistory> {
        let mut h = ArticleHistory {
            bill: self.bill.clone(),
            texts: self.texts.clone(),
            amendments: Vec::new(),
            article: Some(self.article_ref(id)?),
        };
        let on: Vec<bool> = self.amendments.iter().map(|a| h.on_article(a)).collect();
        let parents: std::collections::HashSet<(&str, &str)> = self
            .amendments
            .iter()
            .zip(&on)
            .filter(|(_, on)| **on)
            .map(|(a, _)| (a.amendment.stage.as_str(), a.amendment.number.as_str()))
            .collect();
        h.amendments = self
            .amendments
            .iter()
            .zip(&on)
            .filter(|(a, on)| {
                **on || a
                    .amendment
                    .parent
                    .as_deref()
                    .is_some_and(|p| parents.contains(&(a.amendment.stage.as_str(), p)))
            })
            .map(|(a, _)| a.clone())
            .collect();
        Some(h)
    }
}
