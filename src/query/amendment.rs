//! One amendment as tabled: its record, the amendments identical to it, its
//! sub-amendments, and the diff of what it does or would have done to the
//! text it was tabled on.

use crate::diff::{self, ArticleDiff};
use crate::history;
use crate::model::{Article, Outcome, Position};
use crate::query::{BillQuery, QueryError, Result, Side};
use crate::store::read::StoredAmendment;

/// Everything known of one amendment.
#[derive(Debug)]
pub struct AmendmentView {
    /// The amendment.
    pub amendment: StoredAmendment,
    /// The amendments identical to it, as stored.
    pub identical: Vec<StoredAmendment>,
    /// Its sub-amendments, as stored, in discussion order.
    pub subs: Vec<StoredAmendment>,
    /// Its parent, for a sub-amendment.
    pub parent: Option<StoredAmendment>,
    /// The text it was tabled on.
    pub base: Side,
    /// The text it produces.
    pub result: Side,
    /// The diff of its article, when its effect is known.
    pub diff: Option<ArticleDiff>,
    /// For a sub-amendment: how many paragraphs of its parent's instruction
    /// precede the quoted text, which its alinéa numbers count.
    pub offset: usize,
    /// When sub-amendments to it were adopted: the amendment as put to the
    /// vote (its text after them), which its outcome and ballot decided.
    pub as_voted: Option<AsVoted>,
}

/// An amendment as put to the vote: its instruction after its adopted
/// sub-amendments, and what that does to the text it was tabled on.
#[derive(Debug)]
pub struct AsVoted {
    /// The adopted sub-amendments, in discussion order.
    pub subs: Vec<String>,
    /// The instruction as sub-amended, or why it is not known.
    pub instruction: std::result::Result<String, crate::history::Reason>,
    /// The diff of the article, or why it is not known.
    pub diff: std::result::Result<ArticleDiff, crate::history::Reason>,
}

impl BillQuery<'_> {
    /// The amendment designated `query` (a number, or `STAGE/NUMBER`).
    pub fn show(&self, query: &str) -> Result<AmendmentView> {
        let (stage, number) = self.find_amendment(query)?;
        self.amendment(&stage, &number)
    }

    /// The amendment `number` of stage `stage`, as stored.
    pub fn amendment(&self, stage: &str, number: &str) -> Result<AmendmentView> {
        let bill = self.slug();
        let record = self.amendment_record(stage, number)?;
        let commit = self.store.amendment_commit(bill, stage, number)?;
        let base_commit = commit.parent_id(0).map_err(|_| {
            QueryError::NotFound(format!(
                "the store's ref for amendment {number} has no parent: run `amendo build`"
            ))
        })?;
        let target = &record.amendment.article;
        // An additional article is new: nothing before it, and after it the
        // article its effect added (its id names the amendment). Another
        // amendment changes the article it designates.
        let additional = target.position != Position::On;
        let before_in = |commit| -> Result<Option<Article>> {
            if additional {
                return Ok(None);
            }
            Ok(self.store.article_in_commit(commit, &target.article)?)
        };
        let diff = if record.applied() {
            let before = before_in(base_commit)?;
            let after = match &before {
                Some(b) => self
                    .store
                    .article_with_id(commit.id(), &b.id)?
                    .map(|(_, a)| a),
                None if additional => self
                    .store
                    .article_with_id(commit.id(), &history::additional_id(&record.amendment))?
                    .map(|(_, a)| a),
                None => self.store.article_in_commit(commit.id(), &target.article)?,
            };
            Some(diff::diff_articles(
                before.as_ref(),
                after.as_ref(),
                &self.diff_options(),
            ))
        } else {
            None
        };
        let siblings = |numbers: &[String]| -> Result<Vec<StoredAmendment>> {
            let mut out = Vec::new();
            for n in numbers {
                if let Some(a) = self.store.amendment(bill, stage, n)? {
                    out.push(a);
                }
            }
            Ok(out)
        };
        let identical = siblings(&record.amendment.identical)?;
        let subs = siblings(&record.sub_amendments)?;
        let base = match record.tabled_on.split_once(' ') {
            Some(("amendment", n)) => Side {
                kind: "amendment",
                id: n.to_owned(),
                label: format!("amendment {n} as tabled"),
            },
            _ => {
                let i = self.meta.stage_index(stage).unwrap_or(1).saturating_sub(1);
                self.stage_side(i)
            }
        };
        let result = Side {
            kind: "amendment",
            id: number.to_owned(),
            label: format!("with amendment {number}"),
        };
        let parent = match &record.amendment.parent {
            Some(p) => self.store.amendment(bill, stage, p)?,
            None => None,
        };
        let offset = parent.as_ref().map_or(0, |p| {
            crate::engine::quoted_text_offset(&p.amendment.instruction)
        });
        let adopted: Vec<&StoredAmendment> = subs
            .iter()
            .filter(|s| s.amendment.outcome == Outcome::Adopted)
            .collect();
        let as_voted = if adopted.is_empty() || record.amendment.parent.is_some() {
            None
        } else {
            let list: Vec<&crate::model::Amendment> =
                adopted.iter().map(|s| &s.amendment).collect();
            let before = before_in(base_commit)?;
            let instruction = history::amended_instruction(&record.amendment, &list);
            let diff =
                match history::effect_as_sub_amended(&record.amendment, &list, before.as_ref()) {
                    history::Effect::Article(after) => Ok(diff::diff_articles(
                        before.as_ref(),
                        Some(&after),
                        &self.diff_options(),
                    )),
                    history::Effect::Unknown(why) => Err(why.in_language(&self.meta.language)),
                };
            Some(AsVoted {
                subs: list.iter().map(|a| a.number.clone()).collect(),
                instruction,
                diff,
            })
        };
        Ok(AmendmentView {
            amendment: record,
            identical,
            subs,
            parent,
            base,
            result,
            diff,
            offset,
            as_voted,
        })
    }
}
