//! Discovery: what there is to ask about. The bills of a store, a bill's
//! stages, its amendments filtered by article, stage, group, author,
//! outcome or ballot, and its public ballots.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{Outcome, Stage, Vote, fold, number_order};
use crate::query::story::BillOverview;
use crate::query::suggest::{did_you_mean, nearest};
use crate::query::{BillQuery, QueryError, Result};
use crate::store::Store;
use crate::store::read::StoredAmendment;

/// One bill of the store, for `amendo bills`.
#[derive(Clone, Debug, Serialize)]
pub struct BillSummary {
    /// The slug.
    pub slug: String,
    /// The full title.
    pub title: String,
    /// The short title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    /// The language of its texts.
    pub language: String,
    /// How many stages.
    pub stages: usize,
    /// How many amendments.
    pub amendments: usize,
    /// How many public ballots the data holds.
    pub ballots: usize,
}

/// Every bill of the store, by slug.
pub fn bills(store: &Store) -> Result<Vec<BillSummary>> {
    let mut out = Vec::new();
    for slug in store.bills()? {
        let q = BillQuery::open(store, &slug)?;
        let overview = q.overview()?;
        out.push(BillSummary {
            slug: slug.clone(),
            title: q.meta.title.clone(),
            short_title: q.meta.short_title.clone(),
            language: q.meta.language.clone(),
            stages: q.meta.stages.len(),
            amendments: overview.stages.iter().map(|s| s.amendments.len()).sum(),
            ballots: q.ballot_count(&overview)?,
        });
    }
    Ok(out)
}

/// One stage, for `amendo stages`.
#[derive(Clone, Debug, Serialize)]
pub struct StageSummary {
    /// The stage.
    #[serde(flatten)]
    pub stage: Stage,
    /// True when its text is the official one; false when derived from the
    /// previous stage and the adopted amendments.
    pub official: bool,
    /// Articles in its text.
    pub articles: usize,
    /// True when part of its text is not available.
    pub partial: bool,
    /// Amendments examined at this stage.
    pub amendments: usize,
    /// Of which adopted.
    pub adopted: usize,
}

/// What to keep of a bill's amendments (every field set must match).
#[derive(Clone, Debug, Default)]
pub struct AmendmentFilter {
    /// On this article (by the number it carries at some stage, followed
    /// by stable id); « après 8 ter » / « avant 8 ter » for the additional
    /// articles proposed after or before it.
    pub article: Option<String>,
    /// Examined at this stage.
    pub stage: Option<String>,
    /// Of this group (short or full name, any case).
    pub group: Option<String>,
    /// With an author whose name holds this (any case, any accents).
    pub author: Option<String>,
    /// With this outcome.
    pub outcome: Option<Outcome>,
    /// Decided by a public ballot.
    pub ballot: bool,
}

/// A public ballot, with the amendments it decided, if any.
#[derive(Clone, Debug, Serialize)]
pub struct BallotView {
    /// The stage at which it was held.
    pub stage: String,
    /// True when it adopted what was put to the vote.
    pub adopted: bool,
    /// The amendments it decided (identical amendments are decided
    /// together), in number order; none for a ballot on an article, on the
    /// whole text or on a motion (its `vote.question` says what it was).
    pub amendments: Vec<String>,
    /// The articles they are on, without repeats.
    pub articles: Vec<String>,
    /// The ballot: date, counts, groups, each member's vote.
    pub vote: Vote,
}

/// Reads an outcome as sources, JSON or a French reader write it
/// (`adopted`, `not-moved`, `adopté`, `non soutenu`).
pub fn parse_outcome(s: &str) -> Result<Outcome> {
    let f = fold(s).replace([' ', '_'], "-");
    let all = [
        Outcome::Adopted,
        Outcome::Rejected,
        Outcome::Withdrawn,
        Outcome::Fallen,
        Outcome::NotMoved,
        Outcome::Inadmissible,
        Outcome::Pending,
    ];
    let french = |o: Outcome| match o {
        Outcome::Adopted => "adopte",
        Outcome::Rejected => "rejete",
        Outcome::Withdrawn => "retire",
        Outcome::Fallen => "tombe",
        Outcome::NotMoved => "non-soutenu",
        Outcome::Inadmissible => "irrecevable",
        Outcome::Pending => "en-attente",
    };
    all.into_iter()
        .find(|o| o.as_str() == f || french(*o) == f)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|o| o.as_str()).collect();
            QueryError::NotFound(format!(
                "no outcome `{s}`{}: outcomes are {}",
                did_you_mean(&nearest(s, names.iter().copied())),
                names.join(", ")
            ))
        })
}

impl BillQuery<'_> {
    /// The bill's stages with what each holds, from the store's log index
    /// (one blob) rather than every amendment's record.
    pub fn stages(&self) -> Result<Vec<StageSummary>> {
        let overview = self.overview()?;
        let mut out = Vec::new();
        for s in &self.meta.stages {
            let Some(here) = overview.stages.iter().find(|l| l.stage == s.id) else {
                continue;
            };
            out.push(StageSummary {
                stage: s.clone(),
                official: s.text.is_some(),
                articles: here.articles,
                partial: here.partial,
                amendments: here.amendments.len(),
                adopted: here
                    .amendments
                    .iter()
                    .filter(|b| b.2 == Outcome::Adopted)
                    .count(),
            });
        }
        Ok(out)
    }

    /// How many public ballots the data holds: those that decided
    /// amendments and those kept on their own, each once. From the bill's
    /// `overview` when its log index lists each stage's ballots; else from
    /// every record.
    pub fn ballot_count(&self, overview: &BillOverview) -> Result<usize> {
        let mut seen: std::collections::BTreeSet<(&str, &str)> = Default::default();
        for l in &overview.stages {
            let Some(ballots) = &l.ballots else {
                return Ok(self.ballots()?.len());
            };
            seen.extend(ballots.iter().map(|b| (l.stage.as_str(), b.as_str())));
        }
        seen.extend(
            overview
                .ballots
                .iter()
                .map(|b| (b.stage.as_str(), b.vote.ballot.as_str())),
        );
        Ok(seen.len())
    }

    /// The bill's amendments that pass `filter`, in discussion order.
    pub fn amendment_list(&self, filter: &AmendmentFilter) -> Result<Vec<StoredAmendment>> {
        if let Some(s) = &filter.stage {
            self.stage(s)?;
        }
        // « 8 ter » asks for the amendments on article 8 ter; « après 8 ter »
        // (or "after 8 ter") for the additional articles placed after it.
        let article = match &filter.article {
            Some(n) => {
                let target = crate::model::Target::parse(n);
                Some((self.article(&target.article, None)?, target.position))
            }
            None => None,
        };
        let group = filter.group.as_deref().map(fold);
        if let Some(g) = &group {
            let all = self.amendments()?;
            let known = all.iter().any(|a| {
                a.amendment
                    .group
                    .as_deref()
                    .is_some_and(|x| self.group_matches(x, g))
            });
            if !known {
                let mut names: Vec<&str> = all
                    .iter()
                    .filter_map(|a| a.amendment.group.as_deref())
                    .collect();
                names.sort_unstable();
                names.dedup();
                return Err(QueryError::NotFound(format!(
                    "no amendment of group `{}` in bill `{}`{}: its groups are {}",
                    filter.group.as_deref().unwrap_or(""),
                    self.slug(),
                    did_you_mean(&nearest(
                        filter.group.as_deref().unwrap_or(""),
                        names.iter().copied()
                    )),
                    names.join(", ")
                )));
            }
        }
        let author = filter.author.as_deref().map(fold);
        // What an amendment's stage, outcome and target decide, which the
        // log index holds for every amendment.
        let briefly = |stage: &str, target: &crate::model::Target, outcome: Outcome| {
            filter.stage.as_deref().is_none_or(|s| stage == s)
                && filter.outcome.is_none_or(|o| outcome == o)
                && article.as_ref().is_none_or(|(r, position)| {
                    let si = self.meta.stage_index(stage).unwrap_or(0);
                    target.position == *position
                        && r.designated_by(&target.article, si.checked_sub(1), si)
                })
        };
        let candidates = if filter.stage.is_some() || filter.outcome.is_some() || article.is_some()
        {
            // Only those records are read: the index says which.
            let mut wanted: HashMap<String, HashSet<String>> = HashMap::new();
            for l in self.overview()?.stages {
                for b in l.amendments {
                    if briefly(&l.stage, &b.1, b.2) {
                        wanted.entry(l.stage.clone()).or_default().insert(b.0);
                    }
                }
            }
            self.store
                .amendments_where(self.slug(), &self.meta, |stage, number| {
                    wanted.get(stage).is_some_and(|n| n.contains(number))
                })?
        } else {
            self.amendments()?
        };
        Ok(candidates
            .into_iter()
            .filter(|a| {
                let am = &a.amendment;
                briefly(&am.stage, &am.article, am.outcome)
                    && (!filter.ballot || am.vote.is_some())
                    && group.as_ref().is_none_or(|g| {
                        am.group
                            .as_deref()
                            .is_some_and(|x| self.group_matches(x, g))
                    })
                    && author
                        .as_ref()
                        .is_none_or(|w| am.authors.iter().any(|n| fold(n).contains(w.as_str())))
            })
            .collect())
    }

    /// True when group short name `short` is the group `folded` names (its
    /// short or full name, folded).
    fn group_matches(&self, short: &str, folded: &str) -> bool {
        fold(short) == folded
            || self
                .meta
                .groups
                .get(short)
                .is_some_and(|full| fold(full) == folded)
    }

    /// Every public ballot the data holds, by number: those that decided
    /// amendments and those kept on their own.
    pub fn ballots(&self) -> Result<Vec<BallotView>> {
        let amendments = self.amendments()?;
        self.ballots_of(&amendments)
    }

    /// The public ballots held in `amendments`' votes and those the bill
    /// keeps on their own, by number.
    pub fn ballots_of(&self, amendments: &[StoredAmendment]) -> Result<Vec<BallotView>> {
        let mut by: BTreeMap<(String, String), BallotView> = BTreeMap::new();
        for a in amendments {
            let am = &a.amendment;
            let Some(v) = &am.vote else { continue };
            let entry = by
                .entry((am.stage.clone(), v.ballot.clone()))
                .or_insert_with(|| BallotView {
                    stage: am.stage.clone(),
                    adopted: v.adopted(),
                    amendments: Vec::new(),
                    articles: Vec::new(),
                    vote: v.clone(),
                });
            entry.amendments.push(am.number.clone());
            let art = am.article.to_string();
            if !entry.articles.contains(&art) {
                entry.articles.push(art);
            }
            // The roll may be on one of the identical amendments only.
            if entry.vote.roll.is_empty() && !v.roll.is_empty() {
                entry.vote.roll = v.roll.clone();
            }
            if entry.vote.question.is_none() && v.question.is_some() {
                entry.vote.question = v.question.clone();
            }
        }
        for b in self.store.ballots(self.slug(), &self.meta)? {
            by.entry((b.stage.clone(), b.vote.ballot.clone()))
                .or_insert_with(|| BallotView {
                    stage: b.stage,
                    adopted: b.vote.adopted(),
                    amendments: Vec::new(),
                    articles: Vec::new(),
                    vote: b.vote,
                });
        }
        let mut out: Vec<BallotView> = by.into_values().collect();
        for b in &mut out {
            b.amendments.sort_by(|x, y| number_order(x, y));
        }
        out.sort_by(|a, b| {
            number_order(&a.vote.ballot, &b.vote.ballot).then_with(|| a.stage.cmp(&b.stage))
        });
        Ok(out)
    }

    /// The public ballot numbered `number` (`STAGE/NUMBER` when numbers
    /// repeat across stages), or an error naming the nearest ones.
    pub fn ballot(&self, number: &str) -> Result<BallotView> {
        let (stage, n) = match number.split_once('/') {
            Some((s, n)) => (Some(s), n),
            None => (None, number),
        };
        let n = n.trim_start_matches("n°").trim();
        let all = self.ballots()?;
        let mut found: Vec<BallotView> = all
            .iter()
            .filter(|b| b.vote.ballot == n && stage.is_none_or(|s| b.stage == s))
            .cloned()
            .collect();
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => {
                let numbers: Vec<&str> = all.iter().map(|b| b.vote.ballot.as_str()).collect();
                Err(QueryError::NotFound(format!(
                    "no public ballot n° {n} in the data of bill `{}`{}: it holds {} ballots (`amendo ballots {}` lists them)",
                    self.slug(),
                    did_you_mean(&nearest(n, numbers.iter().copied())),
                    all.len(),
                    self.slug()
                )))
            }
            _ => Err(QueryError::NotFound(format!(
                "ballot n° {n} exists at several stages of bill `{}`: say which, as {}",
                self.slug(),
                found
                    .iter()
                    .map(|b| format!("{}/{n}", b.stage))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ))),
        }
    }
}
