//! The query layer: every question the front ends ask of the store, answered
//! once.
//!
//! The command line (`src/main.rs` and [`crate::render`]), the static site
//! and `watch` are faces over these functions: they resolve names (stages,
//! articles, amendments) the same way, follow a renumbered article by its
//! stable id the same way, and tell an article's story the same way. Nothing
//! here formats for a reader; it returns values that renderers format.
//!
//! [`BillQuery`] is a bill opened in a store. From it:
//! - names: [`BillQuery::stage`], [`BillQuery::stage_or_last`],
//!   [`BillQuery::stage_pair`], [`BillQuery::article`] (an article by the
//!   number it carries at some stage, followed by stable id),
//!   [`BillQuery::find_amendment`];
//! - texts and diffs: [`BillQuery::text`], [`BillQuery::diff`];
//! - an article's history and story: [`story`];
//! - an amendment as tabled, with its diff: [`amendment`];
//! - blame: [`BillQuery::blame`].

pub mod amendment;
pub mod article;
pub mod by_id;
pub mod discover;
pub mod story;
pub mod suggest;

use std::path::Path;

use serde::Serialize;

use crate::diff::{self, Language};
use crate::model::{Bill, Text};
use crate::store::read::StoredAmendment;
use crate::store::{Store, StoreError};

pub use amendment::{AmendmentView, AsVoted};
pub use article::{ArticleRef, DiffView, TextView};
pub use discover::{AmendmentFilter, BallotView, BillSummary, StageSummary};
pub use story::{ArticleHistory, Block, StoryEvent};
use suggest::{did_you_mean, nearest};

/// Why a query could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// What was asked for does not exist; the message says what does.
    #[error("{0}")]
    NotFound(String),
}

/// The result of a query.
pub type Result<T> = std::result::Result<T, QueryError>;

/// One side of a comparison: a stage's text, or the text an amendment
/// was tabled on or produces.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Side {
    /// What it is: `stage` or `amendment`.
    pub kind: &'static str,
    /// The stage id or amendment number.
    pub id: String,
    /// A label for people.
    pub label: String,
}

impl Side {
    /// A short name: the stage id, or "amendment N".
    pub fn name(&self) -> String {
        match self.kind {
            "stage" => self.id.clone(),
            _ => format!("{} {}", self.kind, self.id),
        }
    }
}

/// The blame of an article at a stage, with the article resolved (its
/// number at each stage).
#[derive(Debug)]
pub struct BlameView {
    /// The blame.
    pub blame: crate::blame::Blame,
    /// The article resolved.
    pub article: ArticleRef,
    /// The stage's position.
    pub stage: usize,
}

/// A bill opened in a store: the handle every query starts from.
pub struct BillQuery<'s> {
    /// The store.
    pub store: &'s Store,
    /// The bill's metadata (stages in order, groups, links).
    pub meta: Bill,
}

/// Opens the store at `path` (an error when there is none, or it is not a store).
pub fn open_store(path: &Path) -> Result<Store> {
    Ok(Store::open(path)?)
}

impl<'s> BillQuery<'s> {
    /// Opens bill `slug` in `store`; an error listing the bills when it is not there.
    pub fn open(store: &'s Store, slug: &str) -> Result<BillQuery<'s>> {
        let meta = match store.bill(slug) {
            Ok(m) => m,
            Err(StoreError::NotFound(msg)) => {
                let bills = store.bills().unwrap_or_default();
                let near = nearest(slug, bills.iter().map(String::as_str));
                return Err(QueryError::NotFound(format!(
                    "{msg}{}; `amendo bills` lists them",
                    did_you_mean(&near)
                )));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(BillQuery { store, meta })
    }

    /// The bill's slug.
    pub fn slug(&self) -> &str {
        &self.meta.slug
    }

    /// Diff options for this bill: its language's tokenizer, the default bound.
    pub fn diff_options(&self) -> diff::Options {
        diff::Options {
            language: Language::from_code(&self.meta.language),
            ..diff::Options::default()
        }
    }

    /// The position of stage `id`, or an error listing the stages.
    pub fn stage(&self, id: &str) -> Result<usize> {
        self.meta.stage_index(id).ok_or_else(|| {
            let ids: Vec<&str> = self.meta.stages.iter().map(|s| s.id.as_str()).collect();
            QueryError::NotFound(format!(
                "no stage `{id}` in bill `{}`{}: it has {}",
                self.slug(),
                did_you_mean(&nearest(id, ids.iter().copied())),
                ids.join(", ")
            ))
        })
    }

    /// The stage named, or the last one.
    pub fn stage_or_last(&self, id: Option<&str>) -> Result<usize> {
        match id {
            Some(id) => self.stage(id),
            None => self.meta.stages.len().checked_sub(1).ok_or_else(|| {
                QueryError::NotFound(format!("bill `{}` has no stage", self.slug()))
            }),
        }
    }

    /// The stages a diff compares: `to` (default the last), and `from`
    /// (default the stage before `to`).
    pub fn stage_pair(&self, from: Option<&str>, to: Option<&str>) -> Result<(usize, usize)> {
        let ti = self.stage_or_last(to)?;
        let fi = match from {
            Some(f) => self.stage(f)?,
            None if ti > 0 => ti - 1,
            None => {
                return Err(QueryError::NotFound(format!(
                    "stage `{}` is the first of bill `{}`: there is nothing before it to compare with (use --from)",
                    self.meta.stages[ti].id,
                    self.slug()
                )));
            }
        };
        Ok((fi, ti))
    }

    /// A stage as one side of a comparison.
    pub fn stage_side(&self, i: usize) -> Side {
        let s = &self.meta.stages[i];
        Side {
            kind: "stage",
            id: s.id.clone(),
            label: s.label.clone(),
        }
    }

    /// The text at every stage, parallel to `meta.stages`.
    pub fn texts(&self) -> Result<Vec<Text>> {
        Ok(self
            .meta
            .stages
            .iter()
            .map(|s| self.store.text_at(self.slug(), &s.id))
            .collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Every amendment, in discussion order.
    pub fn amendments(&self) -> Result<Vec<StoredAmendment>> {
        Ok(self.store.amendments(self.slug(), &self.meta)?)
    }

    /// One amendment's record.
    pub fn amendment_record(&self, stage: &str, number: &str) -> Result<StoredAmendment> {
        self.store
            .amendment(self.slug(), stage, number)?
            .ok_or_else(|| {
                QueryError::NotFound(format!("no amendment {number} at stage `{stage}`"))
            })
    }

    /// Finds an amendment by number (`CL44`, `cl44`) or `STAGE/NUMBER`:
    /// its stage and number as stored.
    pub fn find_amendment(&self, query: &str) -> Result<(String, String)> {
        let bill = self.slug();
        if let Some((stage, number)) = query.split_once('/') {
            self.stage(stage)?;
            let found = self.store.amendment_stages(bill, &self.meta, number)?;
            return found.into_iter().find(|(s, _)| s == stage).ok_or_else(|| {
                QueryError::NotFound(format!(
                    "no amendment {number} at stage `{stage}` of bill `{bill}`"
                ))
            });
        }
        let mut found = self.store.amendment_stages(bill, &self.meta, query)?;
        match found.len() {
            0 => {
                let all = self.store.amendment_numbers(bill, &self.meta)?;
                let mut numbers: Vec<&str> = all.iter().map(|(_, n)| n.as_str()).collect();
                numbers.sort_unstable();
                numbers.dedup();
                Err(QueryError::NotFound(format!(
                    "no amendment {query} in bill `{bill}`{} (`amendo amendments {bill}` lists them; `amendo amendments {bill} ARTICLE` those on one article)",
                    did_you_mean(&nearest(query, numbers))
                )))
            }
            1 => Ok(found.remove(0)),
            _ => Err(QueryError::NotFound(format!(
                "amendment {query} exists at several stages of bill `{bill}`: say which, as {}",
                found
                    .iter()
                    .map(|(s, n)| format!("{s}/{n}"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ))),
        }
    }

    /// Blames the article designated `number` (followed by stable id) in the
    /// text of stage `at` (default the last).
    pub fn blame(&self, number: &str, at: Option<&str>) -> Result<BlameView> {
        let si = self.stage_or_last(at)?;
        let stage = &self.meta.stages[si].id;
        let article = self.article(number, Some(si))?;
        let options = self.diff_options();
        let found = match article.numbers[si].as_deref() {
            Some(n) => crate::blame::blame(self.store, self.slug(), stage, n, &options)?,
            None => None,
        };
        let blame = found.ok_or_else(|| {
            QueryError::NotFound(format!(
                "article {number} is not in the text of bill `{}` at stage `{stage}`{}; use --at to pick another stage",
                self.slug(),
                self.partial_note(si)
            ))
        })?;
        Ok(BlameView {
            blame,
            article,
            stage: si,
        })
    }

    /// " (the text is only partly known)" when stage `i`'s text has gaps.
    fn partial_note(&self, i: usize) -> &'static str {
        let partial = self
            .store
            .stage_commit(self.slug(), &self.meta.stages[i].id)
            .and_then(|c| self.store.text_is_partial(c))
            .unwrap_or(false);
        if partial {
            " (the text is only partly known)"
        } else {
            ""
        }
    }
}
