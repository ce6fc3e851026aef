//! `amendo blame`: for each alinéa of an article at a stage, the stage or
//! amendment that last changed it, read from the store's main line.
//!
//! The main line is walked oldest first. Each commit whose version of the
//! article differs from the one before is compared with it by the diff
//! engine: unchanged alinéas keep their origin, an alinéa moved without
//! change keeps its origin, and edited, inserted or moved-and-edited
//! alinéas take the commit's. The article is followed by its stable id, so a
//! renumbering is not a change of text.

use serde::Serialize;

use crate::diff::{self, EntryKind, Options};
use crate::model::{Article, Line};
use crate::store::StoreError;
use crate::store::read::{MainCommit, Store};

/// Where an alinéa's current wording comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// `amendment` or `stage`.
    pub kind: &'static str,
    /// The amendment number or stage id.
    pub id: String,
    /// The stage (for an amendment, the stage it was examined at).
    pub stage: String,
    /// The amendment's political group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Adopted amendments identical to it, applied with it in one step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub identical: Vec<String>,
    /// The commit author: first author and group, or the chamber.
    pub author: String,
    /// The legal date, `YYYY-MM-DD`.
    pub date: String,
    /// The store commit.
    pub commit: String,
}

impl Origin {
    fn of(c: &MainCommit) -> Origin {
        let stage = c.trailer("Stage").unwrap_or("").to_owned();
        let (kind, id) = match c.trailer("Amendment") {
            Some(n) => ("amendment", n.to_owned()),
            None => ("stage", stage.clone()),
        };
        let identical = c
            .trailer("Identical")
            .map(|s| s.split(", ").map(str::to_owned).collect())
            .unwrap_or_default();
        Origin {
            kind,
            id,
            stage,
            group: None,
            identical,
            author: c.author.clone(),
            date: date_of(c.time),
            commit: c.id.to_string(),
        }
    }

    /// "amendment CL44 (+5 identical)" or "stage senat-1".
    pub fn name(&self) -> String {
        let mut s = format!("{} {}", self.kind, self.id);
        if !self.identical.is_empty() {
            s.push_str(&format!(" (+{} identical)", self.identical.len()));
        }
        s
    }
}

/// A commit's legal date from its author time.
fn date_of((seconds, offset_minutes): (i64, i32)) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let (y, m, d) = crate::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// One line of the blamed article.
#[derive(Clone, Debug, Serialize)]
pub struct BlameLine {
    /// Alinéa number, absent for a gap and for "(Supprimé)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alinea: Option<usize>,
    /// The text (a gap's note for a gap).
    pub text: String,
    /// True for a gap.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
    /// Where its wording comes from.
    pub origin: Origin,
}

/// The blame of one article at one stage.
#[derive(Clone, Debug, Serialize)]
pub struct Blame {
    /// The article's number at that stage.
    pub article: String,
    /// Its stable id.
    pub id: String,
    /// The stage.
    pub stage: String,
    /// Every line.
    pub lines: Vec<BlameLine>,
}

/// Blames the article numbered `number` in the text of `stage`.
pub fn blame(
    store: &Store,
    bill: &str,
    stage: &str,
    number: &str,
    options: &Options,
) -> Result<Option<Blame>, StoreError> {
    let tip = store.stage_commit(bill, stage)?;
    let Some(target) = store.article_in_commit(tip, number)? else {
        return Ok(None);
    };
    let mut current: Option<(git2::Oid, Article)> = None;
    let mut owners: Vec<Origin> = Vec::new();
    for c in store.main_line(tip)? {
        let blob = store.article_blob(c.id, &target.id)?;
        if blob == current.as_ref().map(|(b, _)| *b) {
            continue;
        }
        let Some((blob, article)) = store.article_with_id(c.id, &target.id)? else {
            current = None;
            owners.clear();
            continue;
        };
        let mut origin = Origin::of(&c);
        if origin.kind == "amendment" {
            origin.group = store
                .amendment(bill, &origin.stage, &origin.id)?
                .and_then(|a| a.amendment.group);
            // The trailer lists every identical amendment; keep the adopted ones.
            let mut adopted = Vec::new();
            for n in &origin.identical {
                if let Some(a) = store.amendment(bill, &origin.stage, n)?
                    && a.amendment.outcome == crate::model::Outcome::Adopted
                {
                    adopted.push(n.clone());
                }
            }
            origin.identical = adopted;
        }
        let d = diff::diff_articles(current.as_ref().map(|(_, a)| a), Some(&article), options);
        let mut next = Vec::with_capacity(article.lines.len());
        for e in &d.entries {
            let Some(new) = e.new else { continue };
            if e.kind == EntryKind::MovedFrom {
                continue;
            }
            let keep = match e.kind {
                EntryKind::Same => true,
                EntryKind::MovedTo => !e.spans.iter().any(|s| s.kind != diff::SpanKind::Equal),
                _ => false,
            };
            let owner = match (keep, e.old) {
                (true, Some(old)) => owners.get(old.line).cloned(),
                _ => None,
            };
            next.push((new.line, owner.unwrap_or_else(|| origin.clone())));
        }
        next.sort_by_key(|(line, _)| *line);
        owners = next.into_iter().map(|(_, o)| o).collect();
        current = Some((blob, article));
    }
    let article = current.map_or_else(|| target.clone(), |(_, a)| a);
    let deleted = article.is_deleted();
    let mut n = 0;
    let lines = article
        .lines
        .iter()
        .zip(owners)
        .map(|(l, origin)| match l {
            Line::Alinea(t) => {
                n += 1;
                BlameLine {
                    alinea: (!deleted).then_some(n),
                    text: t.clone(),
                    gap: false,
                    origin,
                }
            }
            Line::Gap(note) => BlameLine {
                alinea: None,
                text: note.clone(),
                gap: true,
                origin,
            },
        })
        .collect();
    Ok(Some(Blame {
        article: target.number.clone(),
        id: target.id.clone(),
        stage: stage.to_owned(),
        lines,
    }))
}
