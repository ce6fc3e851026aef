//! A bill's or an article's history: the text at each stage, the amendments
//! on it in discussion order, identical amendments as one block, and the
//! story in a few decisive events (what was adopted, what went to a ballot).

use std::collections::HashMap;

use serde::Serialize;

use crate::history;
use crate::model::Operation;
use crate::model::{Article, Ballot, Bill, Line, Outcome, Position, Text, Vote};
use crate::query::{ArticleRef, BillQuery, Result};
use crate::store::read::{LogStage, StoredAmendment};

/// A bill's history, or one article's: what `log` shows and the site's
/// bill and article pages tell.
pub struct ArticleHistory {
    /// The bill.
    pub bill: Bill,
    /// The text at each stage, parallel to `bill.stages`.
    pub texts: Vec<Text>,
    /// Every amendment of the bill, in discussion order.
    pub amendments: Vec<StoredAmendment>,
    /// The article followed, or None for the whole bill.
    pub article: Option<ArticleRef>,
    /// The public ballots that decided no amendment (on an article, the
    /// whole text, a motion), in ballot order; for one article, those on it.
    pub ballots: Vec<Ballot>,
}

/// A run of amendments debated together: identical amendments with the
/// same outcome (one amendment alone is a block of one).
pub type Block<'a> = Vec<&'a StoredAmendment>;

/// The state of one article at one stage.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct ArticleState {
    /// `present`, `deleted` or `absent`.
    pub state: &'static str,
    /// The designation at that stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Known alinéas.
    pub alineas: usize,
    /// True when part of the text is not available.
    pub partial: bool,
    /// What is missing, from the text's gap notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}

impl ArticleState {
    fn of(a: &Article) -> ArticleState {
        ArticleState {
            state: if a.is_deleted() { "deleted" } else { "present" },
            number: Some(a.number.clone()),
            alineas: a.alinea_count(),
            partial: a.is_partial(),
            gaps: a
                .lines
                .iter()
                .filter_map(|l| match l {
                    Line::Gap(n) => Some(n.clone()),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// What a decisive amendment (or block of identical ones) set out to do.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Strike the article.
    Strike,
    /// Restore a struck article in a rewritten form.
    Restore,
    /// Rewrite the article.
    Rewrite,
    /// Insert an additional article.
    InsertArticle,
    /// Any other change to the article.
    Amend,
}

/// One decisive event of an article's story: an adopted amendment, or one
/// put to a public ballot, with the identical amendments debated with it.
#[derive(Serialize, Debug, Clone)]
pub struct StoryEvent {
    /// The stage's position.
    pub stage: usize,
    /// The amendments' numbers (identical ones together).
    pub numbers: Vec<String>,
    /// Their groups, without repeats, in order.
    pub groups: Vec<String>,
    /// What they set out to do.
    pub action: Action,
    /// Sub-amendments tabled on them.
    pub sub_amendments: usize,
    /// Of which adopted.
    pub sub_amendments_adopted: usize,
    /// The outcome.
    pub outcome: Outcome,
    /// The public ballot, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
}

/// A whole bill's history in brief: each stage's text and amendments in
/// brief, in order. What the whole bill's `log` shows; read from one index
/// blob of the store instead of every amendment's record.
pub struct BillOverview {
    /// The bill.
    pub bill: Bill,
    /// One per stage, in order.
    pub stages: Vec<LogStage>,
    /// The public ballots that decided no amendment (on an article, the
    /// whole text, a motion), in ballot order.
    pub ballots: Vec<crate::model::Ballot>,
}

impl ArticleHistory {
    /// The whole bill's overview (with the ballots on no amendment this
    /// history holds: for one article, those on it).
    pub fn overview(&self) -> BillOverview {
        BillOverview {
            ballots: self.ballots.clone(),
            bill: self.bill.clone(),
            stages: self
                .bill
                .stages
                .iter()
                .zip(&self.texts)
                .map(|(stage, text)| {
                    let here = self
                        .amendments
                        .iter()
                        .filter(|a| a.amendment.stage == stage.id)
                        .map(|a| &a.amendment);
                    LogStage::of(&stage.id, text, here)
                })
                .collect(),
        }
    }
}

impl BillQuery<'_> {
    /// The whole bill's history in brief (from the store's log index; a
    /// store written before the index existed is read in full).
    pub fn overview(&self) -> Result<BillOverview> {
        match self.store.log_index(self.slug())? {
            Some(index) => Ok(BillOverview {
                bill: self.meta.clone(),
                stages: index.stages,
                ballots: self.store.ballots(self.slug(), &self.meta)?,
            }),
            None => Ok(self.history(None)?.overview()),
        }
    }

    /// The bill's history, or that of the article designated `article`
    /// (followed by stable id).
    pub fn history(&self, article: Option<&str>) -> Result<ArticleHistory> {
        let texts = self.texts()?;
        let amendments = self.amendments()?;
        let article = match article {
            Some(n) => Some(self.article(n, None)?),
            None => None,
        };
        let mut history = ArticleHistory {
            bill: self.meta.clone(),
            texts,
            amendments,
            article,
            ballots: Vec::new(),
        };
        history.ballots = self
            .store
            .ballots(self.slug(), &self.meta)?
            .into_iter()
            .filter(|b| history.ballot_on_article(b))
            .collect();
        Ok(history)
    }
}

impl ArticleHistory {
    /// True when amendment `a` is on the article followed (every amendment
    /// is, for a whole bill): it targets the article by the number the
    /// article had in the text it was tabled on.
    pub fn on_article(&self, a: &StoredAmendment) -> bool {
        let Some(art) = &self.article else {
            return true;
        };
        if a.amendment.article.position != Position::On {
            return false;
        }
        let stage = self.bill.stage_index(&a.amendment.stage).unwrap_or(0);
        art.designated_by(&a.amendment.article.article, stage.checked_sub(1), stage)
    }

    /// True when ballot `b` (on no amendment) is on the article followed
    /// (every one is, for a whole bill): its question names the article by
    /// the number it had in the text under discussion or in the stage's own.
    pub fn ballot_on_article(&self, b: &Ballot) -> bool {
        let Some(art) = &self.article else {
            return true;
        };
        let Some(stage) = self.bill.stage_index(&b.stage) else {
            return false;
        };
        b.article()
            .is_some_and(|n| art.designated_by(&n, stage.checked_sub(1), stage))
    }

    /// The ballots on no amendment held at stage `i` that are on the
    /// article followed.
    pub fn ballots_at(&self, i: usize) -> Vec<&Ballot> {
        let id = &self.bill.stages[i].id;
        self.ballots
            .iter()
            .filter(|b| &b.stage == id && self.ballot_on_article(b))
            .collect()
    }

    /// The amendments examined at stage `i` that are on the article.
    pub fn at_stage(&self, i: usize) -> Vec<&StoredAmendment> {
        let id = &self.bill.stages[i].id;
        self.amendments
            .iter()
            .filter(|a| &a.amendment.stage == id && self.on_article(a))
            .collect()
    }

    /// The article followed, as the text of stage `i` holds it.
    pub fn article_at(&self, i: usize) -> Option<&Article> {
        let id = self.article.as_ref()?.id.as_deref()?;
        self.texts.get(i)?.article(id)
    }

    /// The state of the article followed at stage `i`.
    pub fn state(&self, i: usize) -> ArticleState {
        match self.article_at(i) {
            Some(a) => ArticleState::of(a),
            None => ArticleState {
                state: "absent",
                number: None,
                alineas: 0,
                partial: self.texts[i].is_partial(),
                gaps: Vec::new(),
            },
        }
    }

    /// The decisive events of the article's story, in order: adopted
    /// amendments and amendments put to a public ballot (sub-amendments are
    /// counted under their parent).
    pub fn story(&self) -> Vec<StoryEvent> {
        let mut events = Vec::new();
        for i in 0..self.bill.stages.len() {
            let deleted_before = i > 0 && self.article_at(i - 1).is_some_and(|a| a.is_deleted());
            let top: Vec<&StoredAmendment> = self
                .at_stage(i)
                .into_iter()
                .filter(|a| a.amendment.parent.is_none())
                .collect();
            for block in identical_blocks(&top) {
                let a = &block[0].amendment;
                if a.outcome != Outcome::Adopted && a.vote.is_none() {
                    continue;
                }
                let numbers: Vec<String> =
                    block.iter().map(|b| b.amendment.number.clone()).collect();
                let mut groups: Vec<String> = block
                    .iter()
                    .filter_map(|b| b.amendment.group.clone())
                    .collect();
                groups.dedup();
                let subs: Vec<&StoredAmendment> = self
                    .amendments
                    .iter()
                    .filter(|s| {
                        s.amendment.stage == a.stage
                            && s.amendment
                                .parent
                                .as_ref()
                                .is_some_and(|p| numbers.contains(p))
                    })
                    .collect();
                events.push(StoryEvent {
                    stage: i,
                    numbers,
                    groups,
                    action: action(block[0], deleted_before),
                    sub_amendments: subs.len(),
                    sub_amendments_adopted: subs
                        .iter()
                        .filter(|s| s.amendment.outcome == Outcome::Adopted)
                        .count(),
                    outcome: a.outcome,
                    vote: a.vote.clone(),
                });
            }
        }
        events
    }
}

/// What an amendment sets out to do, when the engine reads it.
pub fn action(a: &StoredAmendment, article_deleted_before: bool) -> Action {
    match history::operations(&a.amendment).as_deref() {
        Ok([Operation::DeleteArticle, ..]) => Action::Strike,
        Ok([Operation::RewriteArticle { .. }, ..]) if article_deleted_before => Action::Restore,
        Ok([Operation::RewriteArticle { .. }, ..]) => Action::Rewrite,
        Ok([Operation::InsertArticle { .. }, ..]) => Action::InsertArticle,
        _ => Action::Amend,
    }
}

/// Groups amendments that were identical and had the same outcome, in the
/// order of their first member.
pub fn identical_blocks<'a>(items: &[&'a StoredAmendment]) -> Vec<Block<'a>> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, a)| (a.amendment.number.as_str(), i))
        .collect();
    let mut root: Vec<usize> = (0..items.len()).collect();
    fn find(root: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while root[r] != r {
            r = root[r];
        }
        root[i] = r;
        r
    }
    for (i, a) in items.iter().enumerate() {
        for other in &a.amendment.identical {
            if let Some(&j) = index.get(other.as_str())
                && items[j].amendment.outcome == a.amendment.outcome
            {
                let (ri, rj) = (find(&mut root, i), find(&mut root, j));
                root[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut blocks: Vec<(usize, Block<'a>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let r = find(&mut root, i);
        match blocks.iter_mut().find(|(k, _)| *k == r) {
            Some((_, b)) => b.push(*item),
            None => blocks.push((r, vec![*item])),
        }
    }
    blocks.into_iter().map(|(_, b)| b).collect()
}
