//! Articles by the number a reader types, followed by stable id across
//! renumbering; an article's text at a stage; diffs between stages.

use serde::Serialize;

use crate::diff::{self, TextDiff};
use crate::model::{Article, article_key};
use crate::query::suggest::{did_you_mean, nearest};
use crate::query::{BillQuery, QueryError, Result, Side};

/// An article as a reader designated it, resolved to its stable id, with
/// the number it carries at each stage.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ArticleRef {
    /// The designation the reader gave ("8 ter").
    pub asked: String,
    /// The stable id, when some stage's text holds the article; None for an
    /// article known only from the amendments tabled on it.
    pub id: Option<String>,
    /// The article's number at each stage, parallel to the bill's stages
    /// (None where that stage's text does not hold it).
    pub numbers: Vec<Option<String>>,
}

impl ArticleRef {
    /// True when the article carried another number at some stage.
    pub fn renumbered(&self) -> bool {
        let mut keys = self.numbers.iter().flatten().map(|n| article_key(n));
        let Some(first) = keys.next() else {
            return false;
        };
        keys.any(|k| k != first)
    }

    /// Every designation the article had, in stage order, without repeats
    /// (the one asked for included).
    pub fn designations(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in self.numbers.iter().flatten().chain([&self.asked]) {
            if !out.iter().any(|o| article_key(o) == article_key(n)) {
                out.push(n.clone());
            }
        }
        out
    }

    /// True when an amendment's target designation (as printed in the text
    /// it was tabled on, stage `base` — or its own stage `stage`) names
    /// this article.
    pub fn designated_by(&self, target: &str, base: Option<usize>, stage: usize) -> bool {
        let key = article_key(target);
        let at = |i: usize| {
            self.numbers
                .get(i)
                .and_then(|n| n.as_deref())
                .is_some_and(|n| article_key(n) == key)
        };
        match (&self.id, base) {
            // Known in the texts: the number it had where the amendment was tabled.
            (Some(_), Some(b)) if self.numbers.get(b).is_some_and(Option::is_some) => at(b),
            (Some(_), _) if self.numbers.get(stage).is_some_and(Option::is_some) => at(stage),
            _ => article_key(&self.asked) == key,
        }
    }
}

/// An article's text at a stage.
#[derive(Debug)]
pub struct TextView {
    /// The stage's position.
    pub stage: usize,
    /// The article, as that stage's text holds it.
    pub article: Article,
    /// The article resolved.
    pub article_ref: ArticleRef,
}

/// A diff between two stages, of one article or the whole bill.
#[derive(Debug)]
pub struct DiffView {
    /// The old stage.
    pub from: Side,
    /// The new stage.
    pub to: Side,
    /// The diff.
    pub diff: TextDiff,
    /// For one article: the article resolved (its number at each stage).
    pub article: Option<ArticleRef>,
}

impl BillQuery<'_> {
    /// Resolves the article designated `number`: looked for first in the
    /// text of stage `context` (default the last), then in the stages
    /// before it, nearest first, then after it; followed by stable id from
    /// there. An article no text holds but that amendments target resolves
    /// with no id. Otherwise an error.
    pub fn article(&self, number: &str, context: Option<usize>) -> Result<ArticleRef> {
        let n = self.meta.stages.len();
        let start = context
            .unwrap_or(n.saturating_sub(1))
            .min(n.saturating_sub(1));
        let order = (0..=start).rev().chain(start + 1..n);
        let mut id = None;
        let mut commits = Vec::with_capacity(n);
        for s in &self.meta.stages {
            commits.push(self.store.stage_commit(self.slug(), &s.id)?);
        }
        for i in order {
            if n == 0 {
                break;
            }
            if let Some(a) = self.store.article_in_commit(commits[i], number)? {
                id = Some(a.id);
                break;
            }
        }
        let numbers = match &id {
            Some(id) => commits
                .iter()
                .map(|c| Ok(self.store.article_with_id(*c, id)?.map(|(_, a)| a.number)))
                .collect::<Result<Vec<_>>>()?,
            None => vec![None; n],
        };
        let found = ArticleRef {
            asked: number.to_owned(),
            id,
            numbers,
        };
        if found.id.is_none() {
            let key = article_key(number);
            let targeted = self
                .amended_articles()?
                .iter()
                .any(|n| article_key(n) == key);
            if !targeted {
                return Err(QueryError::NotFound(format!(
                    "no article {number} in bill `{}` at any stage, and no amendment on it{}",
                    self.slug(),
                    did_you_mean(&self.nearest_articles(number, &commits)?)
                )));
            }
        }
        Ok(found)
    }

    /// The article numbers nearest to `number`, from every stage's text and
    /// every amendment's target.
    fn nearest_articles(&self, number: &str, commits: &[git2::Oid]) -> Result<Vec<String>> {
        let mut known: Vec<String> = Vec::new();
        for c in commits {
            for (_, n) in self.store.article_numbers(*c)? {
                if !known.contains(&n) {
                    known.push(n);
                }
            }
        }
        for n in self.amended_articles()? {
            if !known.contains(&n) {
                known.push(n);
            }
        }
        // The number asked is no suggestion (« article 18 is in neither
        // text (did you mean `18`?) »: amendments are on it, the texts
        // known lack it).
        let asked = article_key(number);
        Ok(nearest(
            number,
            known
                .iter()
                .map(String::as_str)
                .filter(|n| article_key(n) != asked),
        ))
    }

    /// The articles the bill's amendments are on, each once, in the order
    /// first met: from the store's log index (one blob), not every record.
    fn amended_articles(&self) -> Result<Vec<String>> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for stage in self.overview()?.stages {
            for brief in stage.amendments {
                let n = brief.1.article;
                if seen.insert(n.clone()) {
                    out.push(n);
                }
            }
        }
        Ok(out)
    }

    /// The article's text at stage `at` (default the last), followed by
    /// stable id when `number` designates it at another stage.
    pub fn text(&self, number: &str, at: Option<&str>) -> Result<TextView> {
        let si = self.stage_or_last(at)?;
        let stage = &self.meta.stages[si].id;
        let not_here = || {
            QueryError::NotFound(format!(
                "article {number} is not in the text of bill `{}` at stage `{stage}`{}",
                self.slug(),
                self.partial_note(si)
            ))
        };
        let article_ref = match self.article(number, Some(si)) {
            Ok(r) => r,
            Err(QueryError::NotFound(msg)) if msg.contains("did you mean") => {
                return Err(QueryError::NotFound(msg));
            }
            Err(QueryError::NotFound(_)) => return Err(not_here()),
            Err(e) => return Err(e),
        };
        let commit = self.store.stage_commit(self.slug(), stage)?;
        let article = match &article_ref.id {
            Some(id) => self.store.article_with_id(commit, id)?.map(|(_, a)| a),
            None => None,
        };
        let article = article.ok_or_else(not_here)?;
        Ok(TextView {
            stage: si,
            article,
            article_ref,
        })
    }

    /// The diff between stages `from` and `to` (defaults: the last stage and
    /// the one before), of one article followed by stable id, or of the
    /// whole bill.
    pub fn diff(
        &self,
        article: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<DiffView> {
        let (fi, ti) = self.stage_pair(from, to)?;
        let options = self.diff_options();
        let (from_id, to_id) = (&self.meta.stages[fi].id, &self.meta.stages[ti].id);
        let old_commit = self.store.stage_commit(self.slug(), from_id)?;
        let new_commit = self.store.stage_commit(self.slug(), to_id)?;
        let (diff, article) = match article {
            Some(n) => {
                let art = self.article(n, Some(ti));
                let art = match art {
                    Ok(a) if a.id.is_some() => a,
                    // The number at `from` when `to` never had it.
                    _ => self.article(n, Some(fi)).unwrap_or(ArticleRef {
                        asked: n.to_owned(),
                        id: None,
                        numbers: vec![None; self.meta.stages.len()],
                    }),
                };
                let read = |c| -> Result<Option<Article>> {
                    Ok(match &art.id {
                        Some(id) => self.store.article_with_id(c, id)?.map(|(_, a)| a),
                        None => None,
                    })
                };
                let (old, new) = (read(old_commit)?, read(new_commit)?);
                let (old_partial, new_partial) = (
                    self.store.text_is_partial(old_commit)?,
                    self.store.text_is_partial(new_commit)?,
                );
                if old.is_none() && new.is_none() {
                    let partial = if old_partial || new_partial {
                        " (part of these texts is not available)"
                    } else {
                        ""
                    };
                    let mut commits = Vec::new();
                    for s in &self.meta.stages {
                        commits.push(self.store.stage_commit(self.slug(), &s.id)?);
                    }
                    let near = if art.id.is_none() {
                        did_you_mean(&self.nearest_articles(n, &commits)?)
                    } else {
                        String::new()
                    };
                    return Err(QueryError::NotFound(format!(
                        "article {n} is in neither the text of `{from_id}` nor that of `{to_id}`{partial}{near}"
                    )));
                }
                let d = diff::diff_one_article(
                    old.as_ref(),
                    new.as_ref(),
                    old_partial,
                    new_partial,
                    &options,
                );
                (d, Some(art))
            }
            None => {
                let mut texts = self.store.texts_of_commits(&[old_commit, new_commit])?;
                crate::timing::phase("diff: read the texts");
                let new = texts.pop().unwrap_or_default();
                let old = texts.pop().unwrap_or_default();
                (diff::diff_texts(&old, &new, &options), None)
            }
        };
        Ok(DiffView {
            from: self.stage_side(fi),
            to: self.stage_side(ti),
            diff,
            article,
        })
    }
}
