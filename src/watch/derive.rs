//! Events derived from the store: one bill at a time, oldest first.
//!
//! Amendments are taken in blocks of identical ones (one event for CL44,
//! CL176, CL205, CL282, CL312 and CL335); each block is tabled, then decided
//! (the decision of an adopted block that strikes, restores or creates an
//! article is told as such), with its ballot when there is one. Each stage
//! publishes a text; what that text changes beyond the amendments already
//! told (the main line's commit before it) gives article events. What a
//! change adds and removes comes from the store's diff of the amendment's
//! commit when its effect is known, else from the words its instruction
//! quotes.

use std::collections::HashMap;

use crate::date::LegalTime;
use crate::diff::{self, EntryKind, SpanKind, Status};
use crate::engine::Operation;
use crate::history;
use crate::i18n::capital;
use crate::i18n::{Lang, Noun, the};
use crate::model::{Amendment, Article, Bill, Outcome, Position, Text, article_key, number_order};
use crate::query::{BillQuery, QueryError, story};
use crate::store::read::StoredAmendment;
use crate::store::{Store, StoreError, branch_ref};
use crate::watch::event::{AmendmentRef, ArticleRef, BallotRef, Event, Kind, page};

/// Order of kinds among events at the same time.
fn rank(kind: Kind) -> u32 {
    match kind {
        Kind::Tabled => 0,
        Kind::Returning => 1,
        Kind::Ballot => 2,
        Kind::Decided | Kind::Struck | Kind::Restored | Kind::Created => 3,
        Kind::Stage => 4,
        Kind::Renumbered => 5,
    }
}

/// A bill as the watcher reads it from the store.
pub struct BillView {
    /// The bill.
    pub bill: Bill,
    /// The text at each stage, parallel to `bill.stages`.
    pub texts: Vec<Text>,
    /// Every amendment, in discussion order.
    pub amendments: Vec<StoredAmendment>,
    /// Blocks of identical amendments with the same outcome (indexes into
    /// `amendments`), in discussion order.
    pub blocks: Vec<Vec<usize>>,
}

impl BillView {
    /// Reads a bill through the query layer.
    pub fn read(store: &Store, slug: &str) -> Result<BillView, QueryError> {
        let q = BillQuery::open(store, slug)?;
        let texts = q.texts()?;
        let amendments = q.amendments()?;
        let blocks = identical_blocks(&amendments);
        Ok(BillView {
            bill: q.meta,
            texts,
            amendments,
            blocks,
        })
    }

    /// The slug.
    pub fn slug(&self) -> &str {
        &self.bill.slug
    }

    /// The text an amendment of stage `stage` was tabled on: the previous
    /// stage's text (or the stage's own, for the first).
    pub fn base_text(&self, stage: &str) -> &Text {
        let i = self.bill.stage_index(stage).unwrap_or(0);
        &self.texts[i.saturating_sub(1)]
    }

    /// The article an amendment targets, with its stable id: looked up by
    /// number in the text tabled on, then in the stage's own text; an
    /// additional article has the id the history gives it.
    pub fn target(&self, a: &Amendment) -> ArticleRef {
        if a.article.position != Position::On {
            return ArticleRef {
                id: history::additional_id(a),
                number: a.article.to_string(),
            };
        }
        let i = self.bill.stage_index(&a.stage).unwrap_or(0);
        let found = self.texts[i.saturating_sub(1)]
            .article_by_number(&a.article.article)
            .or_else(|| self.texts[i].article_by_number(&a.article.article))
            .or_else(|| {
                self.texts
                    .iter()
                    .find_map(|t| t.article_by_number(&a.article.article))
            });
        match found {
            Some(art) => ArticleRef {
                id: art.id.clone(),
                number: art.number.clone(),
            },
            None => ArticleRef {
                id: crate::model::default_article_id(&a.article.article),
                number: a.article.article.clone(),
            },
        }
    }
}

/// Blocks of identical amendments with the same outcome, stage by stage
/// (the query layer's grouping), as indexes, in discussion order.
fn identical_blocks(all: &[StoredAmendment]) -> Vec<Vec<usize>> {
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut stages: Vec<&str> = Vec::new();
    for (i, a) in all.iter().enumerate() {
        index.insert((a.amendment.stage.as_str(), a.amendment.number.as_str()), i);
        if !stages.contains(&a.amendment.stage.as_str()) {
            stages.push(&a.amendment.stage);
        }
    }
    let mut out = Vec::new();
    for stage in stages {
        let here: Vec<&StoredAmendment> =
            all.iter().filter(|a| a.amendment.stage == stage).collect();
        for block in story::identical_blocks(&here) {
            let mut b: Vec<usize> = block
                .iter()
                .map(|a| index[&(stage, a.amendment.number.as_str())])
                .collect();
            b.sort_by(|&x, &y| number_order(&all[x].amendment.number, &all[y].amendment.number));
            out.push(b);
        }
    }
    out.sort_by_key(|b| b.iter().copied().min().unwrap_or(0));
    out
}

/// What a change adds and removes, line by line.
#[derive(Clone, Debug, Default)]
pub struct Change {
    /// `(change, text)` lines: `added`, `removed` (words), or `struck` (a
    /// whole alinéa).
    pub lines: Vec<(&'static str, String)>,
}

impl Change {
    /// The added texts.
    pub fn added(&self) -> Vec<String> {
        self.of("added")
    }

    /// The removed texts (struck alinéas included).
    pub fn removed(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|(c, _)| *c != "added")
            .map(|(_, t)| t.clone())
            .collect()
    }

    /// Whole alinéas struck.
    pub fn struck(&self) -> Vec<String> {
        self.of("struck")
    }

    fn of(&self, which: &str) -> Vec<String> {
        self.lines
            .iter()
            .filter(|(c, _)| *c == which)
            .map(|(_, t)| t.clone())
            .collect()
    }

    /// What an article diff adds and removes: whole lines for inserted and
    /// deleted alinéas, the changed words for edited ones.
    pub fn of_diff(d: &diff::ArticleDiff) -> Change {
        let mut lines = Vec::new();
        for e in &d.entries {
            let gap = e.old.is_some_and(|s| s.gap) || e.new.is_some_and(|s| s.gap);
            if gap {
                continue;
            }
            match e.kind {
                EntryKind::Same | EntryKind::MovedFrom => {}
                EntryKind::Deleted => lines.push(("struck", e.old_text())),
                EntryKind::Inserted => lines.push(("added", e.new_text())),
                EntryKind::Changed | EntryKind::MovedTo => {
                    let joined = |kind: SpanKind| {
                        e.spans
                            .iter()
                            .filter(|s| s.kind == kind)
                            .map(|s| s.text.trim())
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" … ")
                    };
                    let (del, ins) = (joined(SpanKind::Delete), joined(SpanKind::Insert));
                    if !del.is_empty() {
                        lines.push(("removed", del));
                    }
                    if !ins.is_empty() {
                        lines.push(("added", ins));
                    }
                }
            }
        }
        lines.retain(|(_, t)| t != crate::model::DELETED);
        Change { lines }
    }

    /// What operations quote: new texts as added, struck words as removed.
    pub fn of_operations(ops: &[Operation]) -> Change {
        let mut lines = Vec::new();
        for op in ops {
            match op {
                Operation::RewriteArticle { text }
                | Operation::InsertArticle { text, .. }
                | Operation::Rewrite { text, .. }
                | Operation::InsertAlineas { text, .. }
                | Operation::InsertRows { rows: text, .. } => {
                    lines.extend(text.iter().map(|t| ("added", t.clone())));
                }
                Operation::InsertSentences { text, .. }
                | Operation::RewriteStart { text, .. }
                | Operation::RewriteEnd { text, .. } => {
                    if !text.is_empty() {
                        lines.push(("added", text.clone()));
                    }
                }
                Operation::Complete { words, .. } | Operation::InsertWords { words, .. } => {
                    lines.push(("added", words.clone()))
                }
                Operation::ReplaceWords { old, new, .. } => {
                    lines.push(("removed", old.words.clone()));
                    lines.push(("added", new.clone()));
                }
                Operation::DeleteWords { old, .. } => lines.push(("removed", old.words.clone())),
                Operation::DeleteArticle | Operation::Delete { .. } | Operation::Note { .. } => {}
            }
        }
        Change { lines }
    }
}

/// How an adopted amendment changed its article, from the store.
struct Effect {
    change: Change,
    status: Option<Status>,
    article: Option<ArticleRef>,
}

fn effect(
    q: &BillQuery,
    view: &BillView,
    a: &StoredAmendment,
    ops: &Result<Vec<Operation>, history::Reason>,
) -> Result<Effect, QueryError> {
    let am = &a.amendment;
    let target = view.target(am);
    // Only an amendment whose effect is known has a diff to read.
    let shown = if a.applied() {
        Some(q.amendment(&am.stage, &am.number)?)
    } else {
        None
    };
    if let Some(d) = shown.as_ref().and_then(|s| s.diff.as_ref())
        && d.is_change()
    {
        return Ok(Effect {
            change: Change::of_diff(d),
            status: Some(d.status),
            article: Some(ArticleRef {
                id: d.id.clone(),
                number: d.number().to_owned(),
            }),
        });
    }
    // Effect not known: what the instruction quotes; a struck article loses
    // its text as tabled.
    let mut change = match ops {
        Ok(ops) => Change::of_operations(ops),
        Err(_) => Change::default(),
    };
    if ops
        .as_ref()
        .is_ok_and(|ops| ops.iter().any(|o| matches!(o, Operation::DeleteArticle)))
        && let Some(before) = view.base_text(&am.stage).article(&target.id)
    {
        change
            .lines
            .extend(alineas(before).into_iter().map(|t| ("removed", t)));
    }
    Ok(Effect {
        change,
        status: None,
        article: Some(target),
    })
}

/// An article's alinéas (none for a struck one).
pub fn alineas(a: &Article) -> Vec<String> {
    if a.is_deleted() {
        return Vec::new();
    }
    a.lines
        .iter()
        .filter_map(|l| match l {
            crate::model::Line::Alinea(t) => Some(t.clone()),
            crate::model::Line::Gap(_) => None,
        })
        .collect()
}

/// `CL44, CL176 (LFI-NFP, EcoS)`.
pub fn block_label(refs: &[AmendmentRef]) -> String {
    let numbers: Vec<&str> = refs.iter().map(|r| r.number.as_str()).collect();
    let mut groups: Vec<&str> = Vec::new();
    for r in refs {
        if let Some(g) = &r.group
            && !groups.contains(&g.as_str())
        {
            groups.push(g);
        }
    }
    if groups.is_empty() {
        numbers.join(", ")
    } else {
        format!("{} ({})", numbers.join(", "), groups.join(", "))
    }
}

fn amendment_ref(a: &Amendment) -> AmendmentRef {
    AmendmentRef {
        number: a.number.clone(),
        authors: a.authors.clone(),
        group: a.group.clone(),
        outcome: a.outcome,
        parent: a.parent.clone(),
    }
}

/// Every event of one bill except returning provisions, oldest first.
pub fn bill_events(store: &Store, view: &BillView) -> Result<Vec<Event>, QueryError> {
    let slug = view.slug();
    let lang = Lang::of(&view.bill);
    let q = BillQuery::open(store, slug)?;
    let options = q.diff_options();
    let mut events = Vec::new();
    for block in &view.blocks {
        let first = &view.amendments[block[0]];
        let am = &first.amendment;
        let refs: Vec<AmendmentRef> = block
            .iter()
            .map(|&i| amendment_ref(&view.amendments[i].amendment))
            .collect();
        let label = block_label(&refs);
        let stage = &am.stage;
        let stage_label = view
            .bill
            .stage(stage)
            .map_or(stage.clone(), |s| s.label.clone());
        let n = block.len();
        let what = capital(lang.noun(
            n,
            if am.parent.is_some() {
                Noun::SubAmendment
            } else {
                Noun::Amendment
            },
        ));
        // Parsed once per block: the engine is the costly part.
        let ops = history::operations(am);
        let eff = effect(&q, view, first, &ops)?;
        let restores = am.parent.is_none()
            && ops.as_ref().is_ok_and(|o| {
                o.iter()
                    .any(|x| matches!(x, Operation::RewriteArticle { .. }))
            })
            && eff.article.as_ref().is_some_and(|art| {
                let deleted_before = view
                    .base_text(&am.stage)
                    .article(&art.id)
                    .is_some_and(Article::is_deleted);
                story::action(first, deleted_before) == story::Action::Restore
            });
        let article = eff.article.clone();
        let on = match (&am.parent, &article) {
            (Some(p), Some(a)) => match lang {
                Lang::En => format!("to amendment {p} on {}", lang.article(&a.number)),
                Lang::Fr => format!("à l’amendement {p} sur {}", the(&lang.article(&a.number))),
            },
            (None, Some(_)) if am.article.position != Position::On => lang
                .pick(
                    &format!("for an additional article {}", lang.target(&am.article)),
                    &format!("portant article additionnel {}", lang.target(&am.article)),
                )
                .to_owned(),
            (None, Some(a)) => lang
                .pick(
                    &format!("on {}", lang.article(&a.number)),
                    &format!("sur {}", the(&lang.article(&a.number))),
                )
                .to_owned(),
            (_, None) => String::new(),
        };
        // French participles agree with the number of amendments.
        let agree = |word: &str| match lang {
            Lang::Fr if n > 1 => format!("{word}s"),
            _ => word.to_owned(),
        };
        let filed = block
            .iter()
            .map(|&i| view.amendments[i].amendment.filed)
            .min()
            .unwrap_or(am.filed);
        let pg = page::amendment(slug, stage, &am.number);
        let base = Event {
            id: format!("{slug}/{stage}/{}/tabled", am.number),
            kind: Kind::Tabled,
            when: filed,
            title: format!(
                "{what} {label} {} {on} ({stage_label})",
                agree(lang.pick("tabled", "déposé"))
            ),
            lang,
            bill: slug.to_owned(),
            stage: stage.clone(),
            article: article.clone(),
            amendments: refs.clone(),
            outcome: None,
            ballot: None,
            excerpt: Vec::new(),
            matched: Vec::new(),
            returning: None,
            page: pg.clone(),
            added: eff.change.added(),
            removed: eff.change.removed(),
            proposed: {
                let added = eff.change.added();
                if added.is_empty() && ops.is_err() {
                    am.instruction
                        .split("\n\n")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(str::to_owned)
                        .collect()
                } else {
                    added
                }
            },
            restores,
            struck: if am.outcome == Outcome::Adopted && first.applied() {
                eff.change.struck()
            } else {
                Vec::new()
            },
            seq: 0,
        };
        events.push(base.clone());
        if am.outcome == Outcome::Pending {
            continue;
        }
        let decided = block
            .iter()
            .filter_map(|&i| view.amendments[i].amendment.decided)
            .max()
            .unwrap_or(filed);
        if let Some(v) = &am.vote {
            let result = if v.adopted() {
                Outcome::Adopted
            } else {
                Outcome::Rejected
            };
            let when = if v.date.ymd == decided.ymd {
                decided
            } else {
                v.date
            };
            events.push(Event {
                id: format!("{slug}/{stage}/ballot/{}", v.ballot),
                kind: Kind::Ballot,
                when,
                title: crate::render::log::ballot_title(lang, v, Some(&label)),
                outcome: Some(result),
                ballot: Some(BallotRef::of(v)),
                page: page::ballot(slug, &v.ballot),
                ..base.clone()
            });
        }
        let adopted = lang.outcome_agreeing(Outcome::Adopted, n);
        let (kind, verb) = match (am.outcome, eff.status) {
            (Outcome::Adopted, Some(Status::Struck | Status::Removed)) => (
                Kind::Struck,
                lang.pick(
                    &format!("{adopted}: the article is struck"),
                    &format!("{adopted} : l’article est supprimé"),
                )
                .to_owned(),
            ),
            (Outcome::Adopted, Some(Status::Restored)) => (
                Kind::Restored,
                lang.pick(
                    &format!("{adopted}: the article is restored"),
                    &format!("{adopted} : l’article est rétabli"),
                )
                .to_owned(),
            ),
            (Outcome::Adopted, Some(Status::Added)) => (
                Kind::Created,
                lang.pick(
                    &format!("{adopted}: the article is created"),
                    &format!("{adopted} : l’article est créé"),
                )
                .to_owned(),
            ),
            (o, _) => (Kind::Decided, lang.outcome_agreeing(o, n)),
        };
        let ballot = am.vote.as_ref().map(|v| match lang {
            Lang::En => format!(
                " by public ballot n° {} ({} for, {} against)",
                v.ballot, v.yes, v.against
            ),
            Lang::Fr => format!(
                " par scrutin public n° {} ({} pour, {} contre)",
                v.ballot, v.yes, v.against
            ),
        });
        let colon = lang.pick(":", " :");
        events.push(Event {
            id: format!(
                "{slug}/{stage}/{}/decided/{}",
                am.number,
                am.outcome.as_str()
            ),
            kind,
            when: decided,
            title: format!(
                "{what} {label} {on}{colon} {verb}{}",
                ballot.unwrap_or_default()
            ),
            outcome: Some(am.outcome),
            ballot: am.vote.as_ref().map(BallotRef::of),
            ..base
        });
    }
    ballot_events(&q, view, lang, &mut events)?;
    stage_events(store, view, &options, &mut events)?;
    sort(&mut events);
    Ok(events)
}

/// The public ballots that decided no amendment (on an article, on the
/// whole text, on a motion), one event each, about the article the question
/// names when a text of the ballot's stage (or the one before) holds it.
fn ballot_events(
    q: &BillQuery,
    view: &BillView,
    lang: Lang,
    events: &mut Vec<Event>,
) -> Result<(), QueryError> {
    let slug = view.slug();
    for b in q.store.ballots(slug, &view.bill)? {
        let v = &b.vote;
        let result = if v.adopted() {
            Outcome::Adopted
        } else {
            Outcome::Rejected
        };
        let si = view.bill.stage_index(&b.stage);
        let article = b
            .article()
            .and_then(|n| {
                [si, si.and_then(|i| i.checked_sub(1))]
                    .into_iter()
                    .flatten()
                    .find_map(|i| view.texts.get(i)?.article_by_number(&n))
            })
            .map(|a| ArticleRef {
                id: a.id.clone(),
                number: a.number.clone(),
            });
        let on = v.question.as_deref().map(|q| q.trim_end_matches('.'));
        let title = crate::render::log::ballot_title(lang, v, on);
        events.push(Event {
            id: format!("{slug}/{}/ballot/{}", b.stage, v.ballot),
            kind: Kind::Ballot,
            when: v.date,
            lang,
            title,
            bill: slug.to_owned(),
            stage: b.stage.clone(),
            article,
            amendments: Vec::new(),
            outcome: Some(result),
            ballot: Some(BallotRef::of(v)),
            excerpt: Vec::new(),
            matched: Vec::new(),
            returning: None,
            page: page::ballot(slug, &v.ballot),
            added: Vec::new(),
            removed: Vec::new(),
            proposed: Vec::new(),
            restores: false,
            struck: Vec::new(),
            seq: 0,
        });
    }
    Ok(())
}

/// Sorts events oldest first, kinds in a fixed order at the same time.
pub fn sort(events: &mut [Event]) {
    events.sort_by(|a, b| {
        (a.when.epoch_seconds(), rank(a.kind), a.seq).cmp(&(
            b.when.epoch_seconds(),
            rank(b.kind),
            b.seq,
        ))
    });
}

fn stage_events(
    store: &Store,
    view: &BillView,
    options: &diff::Options,
    events: &mut Vec<Event>,
) -> Result<(), StoreError> {
    let slug = view.slug();
    let lang = Lang::of(&view.bill);
    let tip = match store.repo().refname_to_id(&branch_ref(slug)) {
        Ok(t) => t,
        Err(_) => return Ok(()),
    };
    let line = store.main_line(tip)?;
    for (i, stage) in view.bill.stages.iter().enumerate() {
        let text = &view.texts[i];
        let (added, removed, struck, changed) = if i == 0 {
            let added: Vec<String> = text.articles().flat_map(alineas).collect();
            (added, Vec::new(), Vec::new(), text.articles().count())
        } else {
            let d = diff::diff_texts(&view.texts[i - 1], text, options);
            let (mut added, mut removed, mut struck) = (Vec::new(), Vec::new(), Vec::new());
            let mut changed = 0;
            for a in d.changed() {
                changed += 1;
                let c = Change::of_diff(a);
                added.extend(c.added());
                removed.extend(c.removed());
                if !matches!(a.status, Status::Struck | Status::Removed) {
                    struck.extend(c.struck());
                }
            }
            (added, removed, struck, changed)
        };
        let articles = lang.count(changed, Noun::Article);
        let title = match (lang, i) {
            (Lang::En, 0) => format!("{}: first text, {articles}", stage.label),
            (Lang::Fr, 0) => format!("{} : premier texte, {articles}", stage.label),
            (Lang::En, _) => format!(
                "{}: new text, {articles} changed since {}",
                stage.label,
                view.bill.stages[i - 1].label
            ),
            (Lang::Fr, _) => format!(
                "{} : nouveau texte, {articles} {} depuis {}",
                stage.label,
                if lang.is_singular(changed as i64) {
                    "modifié"
                } else {
                    "modifiés"
                },
                view.bill.stages[i - 1].label
            ),
        };
        let base = Event {
            id: format!("{slug}/stage/{}", stage.id),
            kind: Kind::Stage,
            when: stage.date,
            title,
            lang,
            bill: slug.to_owned(),
            stage: stage.id.clone(),
            article: None,
            amendments: Vec::new(),
            outcome: None,
            ballot: None,
            excerpt: Vec::new(),
            matched: Vec::new(),
            returning: None,
            page: page::stage(slug, &stage.id),
            added,
            removed,
            proposed: Vec::new(),
            restores: false,
            struck,
            seq: i as u32,
        };
        events.push(base.clone());
        // What the stage's text changes beyond the amendments told before it.
        let Some(pos) = line.iter().position(|c| {
            c.trailer("Stage") == Some(&stage.id) && c.trailer("Amendment").is_none()
        }) else {
            continue;
        };
        if pos == 0 {
            continue;
        }
        let before = store.text_of_commit(line[pos - 1].id)?;
        let d = diff::diff_texts(&before, text, options);
        for (k, a) in d.changed().enumerate() {
            let (kind, verb) = match a.status {
                Status::Added => (Kind::Created, lang.pick("created", "créé")),
                Status::Struck | Status::Removed => (Kind::Struck, lang.pick("struck", "supprimé")),
                Status::Restored => (Kind::Restored, lang.pick("restored", "rétabli")),
                Status::Renumbered => (Kind::Renumbered, ""),
                _ => continue,
            };
            let number = a.number().to_owned();
            let title = match (a.status, &a.old_number, &a.new_number, lang) {
                (Status::Renumbered, Some(o), Some(n), Lang::En) => format!(
                    "{} renumbered {n} in {}",
                    capital(&lang.article(o)),
                    stage.label
                ),
                (Status::Renumbered, Some(o), Some(n), Lang::Fr) => format!(
                    "{} devient {} ({})",
                    capital(&the(&lang.article(o))),
                    the(&lang.article(n)),
                    stage.label
                ),
                (_, _, _, Lang::En) => format!(
                    "{} {verb} in {}",
                    capital(&lang.article(&number)),
                    stage.label
                ),
                (_, _, _, Lang::Fr) => format!(
                    "{} {verb} ({})",
                    capital(&lang.article(&number)),
                    stage.label
                ),
            };
            let c = Change::of_diff(a);
            events.push(Event {
                id: format!("{slug}/{}/article/{}/{}", stage.id, a.id, kind.as_str()),
                kind,
                title,
                article: Some(ArticleRef {
                    id: a.id.clone(),
                    number,
                }),
                page: page::article(slug, &a.id),
                proposed: c.added(),
                added: c.added(),
                removed: c.removed(),
                struck: c.struck(),
                seq: (i * 100_000 + k) as u32,
                ..base.clone()
            });
        }
    }
    Ok(())
}

/// The time of a stage, for sources struck by a stage's text.
pub fn stage_time(bill: &Bill, stage: &str) -> Option<LegalTime> {
    bill.stage(stage).map(|s| s.date)
}

/// The article numbers key, re-exported for matching rules.
pub fn key(number: &str) -> String {
    article_key(number)
}
