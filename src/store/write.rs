//! Ingest: from a validated [`Project`] to the store, atomically.
//!
//! 1. take the write lock;
//! 2. write every object into an in-memory pack (objects already in the
//!    store are not written again, so a re-run writes nothing and a new
//!    amendment writes only its own objects and the metadata it changes);
//! 3. write that pack into the repository in one piece;
//! 4. replace all refs in one rename of `packed-refs` (see [`refs`]).
//!
//! A process killed before step 4 leaves the previous refs, which only point
//! at objects that were already there: the previous state stays usable.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use git2::{ObjectType, Oid, Repository};
use serde::Serialize;

use crate::date::LegalTime;
use crate::history::{self, Base, Effect, History, MainStep};
use crate::model::{
    Amendment, Article, Ballot, BillData, Item, Position, Project, Stage, Target, Text, article_key,
};
use crate::store::memo::{self, Memo};
use crate::store::objects::{self, Objects};
use crate::store::read::{LogIndex, LogStage};
use crate::store::{
    StoreError, WriteLock, amendment_ref, branch_ref, meta_ref, pack, refs, stage_ref,
};

/// What an ingest did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Bills ingested.
    pub bills: usize,
    /// Stages ingested.
    pub stages: usize,
    /// Amendments ingested.
    pub amendments: usize,
    /// Objects written in this run's pack: those the store did not hold (0
    /// when nothing changed).
    pub new_objects: u32,
    /// Refs that moved, appeared or disappeared.
    pub refs_changed: usize,
    /// Source files read and hashed because they were new or changed since
    /// the last build (every file of a first build; 0 when nothing changed).
    pub sources_read: usize,
    /// True when the sources were those of the last build, so nothing was
    /// loaded nor written.
    pub up_to_date: bool,
}

/// The structure file of a text tree.
#[derive(Serialize)]
struct Structure<'a> {
    bill: &'a str,
    stage: Option<&'a str>,
    items: Vec<StructureItem<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum StructureItem<'a> {
    Division { level: u8, heading: &'a str },
    Article { id: &'a str, number: &'a str },
    Gap { note: &'a str },
}

/// Per-amendment metadata kept in the meta tree.
#[derive(Serialize)]
pub(crate) struct StoredAmendment<'a> {
    #[serde(flatten)]
    pub amendment: &'a Amendment,
    /// `stage <id>` or `amendment <number>`.
    pub tabled_on: String,
    /// `applied`, or the reason the effect is unknown, in English.
    pub effect: String,
    /// That reason as structure, which each language says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a crate::history::Reason>,
    /// Numbers of the sub-amendments tabled on it, in discussion order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sub_amendments: Vec<&'a str>,
}

/// A record's blob and what it holds besides its amendment, which
/// [`ingest_keeping`] then moves in.
struct RecordParts {
    blob: Oid,
    tabled_on: String,
    effect: String,
    reason: Option<crate::history::Reason>,
    sub_amendments: Vec<String>,
}

impl RecordParts {
    fn of(stored: &StoredAmendment<'_>, blob: Oid) -> RecordParts {
        RecordParts {
            blob,
            tabled_on: stored.tabled_on.clone(),
            effect: stored.effect.clone(),
            reason: stored.reason.cloned(),
            sub_amendments: stored
                .sub_amendments
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }

    /// The record as [`crate::store::read::StoredAmendment`] reads it back
    /// from its blob.
    fn with(self, amendment: Amendment) -> crate::store::read::StoredAmendment {
        crate::store::read::StoredAmendment {
            amendment,
            tabled_on: self.tabled_on,
            effect: self.effect,
            reason: self.reason,
            sub_amendments: self.sub_amendments,
            blob: Some(self.blob),
        }
    }
}

/// The committer of every commit amendo writes.
const COMMITTER: &str = "amendo";

struct Writer<'r> {
    objects: RefCell<Objects<'r>>,
    /// What each bill's records hold besides their amendments, parallel to
    /// its amendments, when the caller keeps the records
    /// ([`ingest_keeping`]).
    records: Option<RefCell<Vec<Vec<RecordParts>>>>,
    /// The objects earlier builds made: trees made by writing one article
    /// into a text, amendments' records and commits ([`memo`]).
    memo: Memo,
    /// Those this build made or found, for the next build.
    made: RefCell<Vec<(memo::Key, Oid)>>,
    /// The amendo writing, as part of the keys of what it writes
    /// (another may write records and commits otherwise).
    identity: memo::Key,
}

/// What each amendment's record and commit are made from besides the
/// amendment, digested once for a bill ([`memo`]).
struct Keys {
    /// The bill (its metadata, as `bill.json` holds it) and the amendo
    /// writing: a commit's message names the amendment's group by the
    /// label the bill gives it, and its author's chamber.
    bill: memo::Key,
    /// Each amendment's digest ([`memo::digest`]), parallel to the bill's
    /// amendments.
    amendments: Vec<memo::Key>,
}

/// Strings as one part of a key, each with its length first.
fn key_list(items: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for s in items {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out
}

impl Writer<'_> {
    fn put(&self, kind: ObjectType, data: Vec<u8>, base: Option<Oid>) -> Oid {
        self.objects.borrow_mut().put(kind, data, base)
    }

    fn get(&self, id: Oid) -> Result<Arc<[u8]>, StoreError> {
        self.objects.borrow().get(id)
    }

    fn blob(&self, bytes: Vec<u8>) -> Oid {
        self.put(ObjectType::Blob, bytes, None)
    }

    /// An article's file; `base`, the file it replaces, if any.
    fn article_blob(&self, a: &Article, base: Option<Oid>) -> Oid {
        self.put(ObjectType::Blob, article_file(a), base)
    }

    /// Adds the objects of a batch made on other cores, in their order.
    fn put_batch(&self, batch: Batch) {
        let mut objects = self.objects.borrow_mut();
        for (id, kind, data, base) in batch.0 {
            objects.put_hashed(id, kind, data, base);
        }
    }

    /// The parts of text tree `id` an amended tree is made from.
    fn text_tree_parts(&self, id: Oid) -> Result<TextTree, StoreError> {
        let root = self.get(id)?;
        let articles_id = objects::lookup(&root, "articles")?
            .ok_or_else(|| StoreError::Corrupt("a text tree has no articles/".into()))?;
        Ok(TextTree {
            id,
            articles: self.get(articles_id)?,
            root,
            articles_id,
        })
    }

    fn structure_blob(
        &self,
        bill: &str,
        stage: Option<&str>,
        text: &Text,
    ) -> Result<Oid, StoreError> {
        let items = text
            .items
            .iter()
            .map(|i| match i {
                Item::Division { level, heading } => StructureItem::Division {
                    level: *level,
                    heading,
                },
                Item::Article(a) => StructureItem::Article {
                    id: &a.id,
                    number: &a.number,
                },
                Item::Gap { note } => StructureItem::Gap { note },
            })
            .collect();
        let json = serde_json::to_vec_pretty(&Structure { bill, stage, items })
            .map_err(|e| StoreError::Io(e.to_string()))?;
        Ok(self.blob(json))
    }

    /// A full text tree: `bill.json` and `articles/<id>.txt`.
    fn text_tree(&self, bill: &str, stage: Option<&str>, text: &Text) -> Result<Oid, StoreError> {
        let articles: Vec<(String, u32, Oid)> = text
            .articles()
            .map(|a| {
                (
                    format!("{}.txt", a.id),
                    objects::FILE,
                    self.article_blob(a, None),
                )
            })
            .collect();
        let articles = self.put(ObjectType::Tree, objects::tree(articles), None);
        let root = vec![
            (
                "bill.json".to_owned(),
                objects::FILE,
                self.structure_blob(bill, stage, text)?,
            ),
            ("articles".to_owned(), objects::FOLDER, articles),
        ];
        Ok(self.put(ObjectType::Tree, objects::tree(root), None))
    }

    /// `base` with `article` written in ([`article_tree`]).
    fn tree_with_article(
        &self,
        base: Oid,
        article: &Article,
        target: &Target,
    ) -> Result<Oid, StoreError> {
        let parts = self.text_tree_parts(base)?;
        let mut batch = Batch::default();
        let read = |id| self.get(id);
        let (id, made) = article_tree(&mut batch, &parts, &read, &self.memo, article, target)?;
        self.put_batch(batch);
        self.made.borrow_mut().extend(made);
        Ok(id)
    }

    /// Writes a commit. Git needs an e-mail for each signature: the author's
    /// is the chamber (`assemblee`, `senat`…), the committer's is `amendo`.
    #[allow(clippy::too_many_arguments)]
    fn commit(
        &self,
        author: &str,
        chamber: &str,
        authored: LegalTime,
        committed: LegalTime,
        message: &str,
        tree: Oid,
        parents: &[Oid],
    ) -> Result<Oid, StoreError> {
        let bytes = commit_bytes(
            (author, chamber),
            COMMITTER,
            (authored, committed),
            message,
            tree,
            parents,
        )?;
        Ok(self.put(ObjectType::Commit, bytes, None))
    }
}

/// A commit's content. Git needs an e-mail for each signature: the author's
/// is the chamber (`assemblee`, `senat`…), the committer's is `amendo`.
fn commit_bytes(
    (author, chamber): (&str, &str),
    committer: &str,
    (authored, committed): (LegalTime, LegalTime),
    message: &str,
    tree: Oid,
    parents: &[Oid],
) -> Result<Vec<u8>, StoreError> {
    let email = signature_name(chamber);
    let author = objects::Signature {
        name: author,
        email: &email,
        time: time(authored),
    };
    let committer = objects::Signature {
        name: committer,
        email: "amendo",
        time: time(committed),
    };
    objects::commit(tree, parents, &author, &committer, message)
}

/// An article's file: one line per alinéa or gap.
fn article_file(a: &Article) -> Vec<u8> {
    let mut s = String::new();
    for line in &a.lines {
        s.push_str(&line.to_store_line());
        s.push('\n');
    }
    s.into_bytes()
}

/// The parts of a text tree that an amended tree is made from.
struct TextTree {
    id: Oid,
    root: Arc<[u8]>,
    articles_id: Oid,
    articles: Arc<[u8]>,
}

/// Objects made on another core, each with its id: put into the store's
/// set afterwards, in order ([`Writer::put_batch`]).
#[derive(Default)]
struct Batch(Vec<(Oid, ObjectType, Vec<u8>, Option<Oid>)>);

impl Batch {
    fn put(&mut self, kind: ObjectType, data: Vec<u8>, base: Option<Oid>) -> Oid {
        let id = objects::hash(kind, &data);
        self.0.push((id, kind, data, base));
        id
    }
}

/// A tree's entry for the next build's memo, when it may have one.
type Remembered = Option<(memo::Key, Oid)>;

/// Text tree `base` with `article` written in; an article new to the text
/// (an additional article) also enters the structure, next to its target
/// (`read` gives the structure file's content). The tree is taken from
/// `memo` when an earlier build made it (its key holds the placement of an
/// additional article: [`memo::placed_key`]); it is returned with its memo
/// entry, for the next build.
fn article_tree(
    out: &mut Batch,
    base: &TextTree,
    read: &dyn Fn(Oid) -> Result<Arc<[u8]>, StoreError>,
    memo: &Memo,
    article: &Article,
    target: &Target,
) -> Result<(Oid, Remembered), StoreError> {
    let file = format!("{}.txt", article.id);
    let old = objects::lookup(&base.articles, &file)?;
    let blob = out.put(ObjectType::Blob, article_file(article), old);
    let same_structure = old.is_some() || target.position == Position::On;
    let placement = (!same_structure).then(|| memo::Placement {
        target: &target.article,
        after: target.position != Position::Before,
        number: &article.number,
    });
    let key = memo::placed_key(base.id, &file, blob, placement.as_ref());
    if let Some(tree) = memo.get(&key) {
        return Ok((tree, Some((key, tree))));
    }
    let articles = objects::with_entry(&base.articles, &file, objects::FILE, blob)?;
    let articles = out.put(ObjectType::Tree, articles, Some(base.articles_id));
    let mut root = objects::with_entry(&base.root, "articles", objects::FOLDER, articles)?;
    if old.is_none() && target.position != Position::On {
        let id = objects::lookup(&base.root, "bill.json")?
            .ok_or_else(|| StoreError::Corrupt("a text tree has no bill.json".into()))?;
        let structure = structure_with(out, &read(id)?, id, article, target)?;
        root = objects::with_entry(&root, "bill.json", objects::FILE, structure)?;
    }
    let tree = out.put(ObjectType::Tree, root, Some(base.id));
    Ok((tree, Some((key, tree))))
}

/// Structure file `blob` (id `id`) with an additional article placed
/// before or after its target (at the end when the target is not in the
/// text).
fn structure_with(
    out: &mut Batch,
    blob: &[u8],
    id: Oid,
    article: &Article,
    target: &Target,
) -> Result<Oid, StoreError> {
    let mut json: serde_json::Value =
        serde_json::from_slice(blob).map_err(|e| StoreError::Corrupt(format!("bill.json: {e}")))?;
    let items = json
        .get_mut("items")
        .and_then(serde_json::Value::as_array_mut)
        .ok_or_else(|| StoreError::Corrupt("bill.json has no items".into()))?;
    let key = article_key(&target.article);
    let at = items.iter().position(|i| {
        i.get("number")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|n| article_key(n) == key)
    });
    let index = match (at, target.position) {
        (Some(k), Position::Before) => k,
        (Some(k), _) => k + 1,
        (None, _) => items.len(),
    };
    items.insert(
        index,
        serde_json::json!({ "type": "article", "id": article.id, "number": article.number }),
    );
    let bytes = serde_json::to_vec_pretty(&json).map_err(|e| StoreError::Io(e.to_string()))?;
    Ok(out.put(ObjectType::Blob, bytes, Some(id)))
}

impl Writer<'_> {
    /// The commit of amendment `i` ([`amendment_commit`]).
    #[allow(clippy::too_many_arguments)]
    fn amendment_commit(
        &self,
        keys: &Keys,
        data: &BillData,
        i: usize,
        effect: &Effect,
        identical: &[&str],
        tree: Oid,
        parent: Oid,
    ) -> Result<Oid, StoreError> {
        let mut batch = Batch::default();
        let made = (&self.memo, keys);
        let (id, remembered) =
            amendment_commit(&mut batch, made, data, i, effect, identical, (tree, parent))?;
        self.put_batch(batch);
        self.made.borrow_mut().push(remembered);
        Ok(id)
    }
}

/// The commit of amendment `i`: its author and chamber, legal dates,
/// message and trailers, with `tree` on top of `parent`. Taken from `memo`
/// when an earlier build made it; returned with its memo entry, for the
/// next build.
fn amendment_commit(
    out: &mut Batch,
    (memo, keys): (&Memo, &Keys),
    data: &BillData,
    i: usize,
    effect: &Effect,
    identical: &[&str],
    (tree, parent): (Oid, Oid),
) -> Result<(Oid, (memo::Key, Oid)), StoreError> {
    let a = &data.amendments[i];
    let applied = match effect {
        Effect::Article(_) => "applied".to_owned(),
        Effect::Unknown(why) => format!("not applied: {why}"),
    };
    let key = memo::derived_key(
        "commit",
        &[
            &keys.bill,
            &keys.amendments[i],
            applied.as_bytes(),
            &key_list(identical),
            tree.as_bytes(),
            parent.as_bytes(),
        ],
    );
    if let Some(id) = memo.get(&key) {
        return Ok((id, (key, id)));
    }
    let chamber = data.bill.stage(&a.stage).map_or("", |s| s.chamber.as_str());
    let msg = amendment_message(a, data, effect, identical);
    let bytes = commit_bytes(
        (&author_of(a), chamber),
        COMMITTER,
        (a.filed, a.when()),
        &msg,
        tree,
        &[parent],
    )?;
    let id = out.put(ObjectType::Commit, bytes, None);
    Ok((id, (key, id)))
}

fn time(t: LegalTime) -> (i64, i32) {
    (t.epoch_seconds(), t.offset_minutes)
}

/// A name git accepts in a signature: no angle brackets or newlines.
fn signature_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if matches!(c, '<' | '>' | '\n') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let t = cleaned.trim();
    if t.is_empty() {
        "unknown".to_owned()
    } else {
        t.to_owned()
    }
}

/// The chamber's name as an author.
pub fn chamber_name(chamber: &str) -> &str {
    match chamber {
        "senat" => "Sénat",
        "assemblee" => "Assemblée nationale",
        "cmp" => "Commission mixte paritaire",
        "parlement" => "Parlement",
        "president" => "Président de la République",
        other => other,
    }
}

fn stage_message(stage: &Stage, st: &history::StageText) -> String {
    let mut m = format!("{}: text of stage {}\n\n", stage.label, stage.id);
    if let Some(n) = &stage.number {
        m.push_str(&format!("Text n° {n}.\n"));
    }
    if let Some(note) = &stage.note {
        m.push_str(note);
        m.push('\n');
    }
    if !st.official {
        m.push_str("No official text in the sources: derived from the previous stage and the adopted amendments.\n");
    }
    m.push('\n');
    m.push_str(&format!(
        "Stage: {}\nKind: {}\nDate: {}\n",
        stage.id,
        stage.kind.as_str(),
        stage.date
    ));
    m.push_str(&format!(
        "Text: {}\n",
        if st.official { "official" } else { "derived" }
    ));
    if !st.unapplied.is_empty() {
        m.push_str(&format!("Unapplied: {}\n", st.unapplied.join(", ")));
    }
    if let Some(s) = &stage.source {
        m.push_str(&format!("Source: {s}\n"));
    }
    m
}

fn amendment_message(
    a: &Amendment,
    data: &BillData,
    effect: &Effect,
    identical: &[&str],
) -> String {
    let by = match &a.group {
        Some(g) => format!("{} ({g})", a.authors.first().map_or("", String::as_str)),
        None => a.authors.first().cloned().unwrap_or_default(),
    };
    let kind = if a.parent.is_some() {
        "Sub-amendment"
    } else {
        "Amendment"
    };
    let mut m = format!(
        "{kind} {} on article {} by {by}: {}\n\n",
        a.number,
        a.article,
        a.outcome.label()
    );
    m.push_str(a.instruction.trim());
    m.push_str("\n\n");
    m.push_str(&format!(
        "Amendment: {}\nStage: {}\nArticle: {}\n",
        a.number, a.stage, a.article
    ));
    if let Some(g) = &a.group {
        m.push_str(&format!("Group: {}\n", data.bill.group_label(g)));
    }
    m.push_str(&format!("Authors: {}\n", a.authors.len()));
    m.push_str(&format!("Outcome: {}\n", a.outcome.as_str()));
    m.push_str(&format!("Filed: {}\n", a.filed));
    if let Some(d) = a.decided {
        m.push_str(&format!("Decided: {d}\n"));
    }
    if let Some(p) = &a.parent {
        m.push_str(&format!("Parent: {p}\n"));
    }
    let mut ident: Vec<&str> = a.identical.iter().map(String::as_str).collect();
    for i in identical {
        if !ident.contains(i) {
            ident.push(i);
        }
    }
    if !ident.is_empty() {
        m.push_str(&format!("Identical: {}\n", ident.join(", ")));
    }
    if let Some(v) = &a.vote {
        m.push_str(&format!(
            "Vote: n° {}, {} for, {} against, {} abstentions\n",
            v.ballot, v.yes, v.against, v.abstentions
        ));
    }
    match effect {
        Effect::Article(_) => m.push_str("Applied: yes\n"),
        Effect::Unknown(why) => m.push_str(&format!("Applied: no ({why})\n")),
    }
    if let Some(s) = &a.source {
        m.push_str(&format!("Source: {s}\n"));
    }
    m
}

/// Where the commits written so far are, for amendments to find their base.
struct AmendmentCommits<'a> {
    stage_commits: &'a [Oid],
    stage_trees: &'a [Oid],
    commits: &'a mut [Option<Oid>],
    trees: &'a mut [Option<Oid>],
}

/// Writes the refs of the amendments examined at stage `si`, tabled on the
/// previous stage's text (or, for sub-amendments, on their parent's text).
fn write_amendments_of(
    w: &Writer,
    keys: &Keys,
    data: &BillData,
    h: &History,
    si: usize,
    at: AmendmentCommits,
    refs: &mut BTreeMap<String, String>,
) -> Result<(), StoreError> {
    let bill = &data.bill;
    let slug = bill.slug.as_str();
    let stage_id = &bill.stages[si].id;
    // Parents before sub-amendments: they are the sub-amendments' base.
    let mut order: Vec<usize> = (0..data.amendments.len())
        .filter(|&i| &data.amendments[i].stage == stage_id)
        .collect();
    order.sort_by_key(|&i| data.amendments[i].parent.is_some());
    // Amendments tabled on a stage's text are independent of one another:
    // their objects are made on every core, then added in order. The
    // others (sub-amendments, on their parent's text) follow, one by one.
    let on_stage: Vec<(usize, usize)> = order
        .iter()
        .filter_map(|&i| match h.amendments[i].base {
            Base::Stage(s) => Some((i, s)),
            Base::Amendment(_) => None,
        })
        .collect();
    let on_amendment = order
        .iter()
        .filter(|&&i| matches!(h.amendments[i].base, Base::Amendment(_)));
    let mut bases: BTreeMap<usize, (TextTree, Oid, Arc<[u8]>)> = BTreeMap::new();
    for &(_, s) in &on_stage {
        if let std::collections::btree_map::Entry::Vacant(slot) = bases.entry(s) {
            let parts = w.text_tree_parts(at.stage_trees[s])?;
            let structure = objects::lookup(&parts.root, "bill.json")?
                .ok_or_else(|| StoreError::Corrupt("a text tree has no bill.json".into()))?;
            let content = w.get(structure)?;
            slot.insert((parts, structure, content));
        }
    }
    let memo = &w.memo;
    let made: Vec<(usize, Batch, Oid, Oid, [Remembered; 2])> = on_stage
        .par_iter()
        .map(|&(i, s)| {
            let a = &data.amendments[i];
            let step = &h.amendments[i];
            let (base, structure, content) = &bases[&s];
            let read = |id: Oid| match id == *structure {
                true => Ok(content.clone()),
                false => Err(StoreError::Corrupt(format!(
                    "{id} is not the text's structure"
                ))),
            };
            let mut batch = Batch::default();
            let (tree, remembered) = match &step.effect {
                Effect::Article(article) => {
                    article_tree(&mut batch, base, &read, memo, article, &a.article)?
                }
                Effect::Unknown(_) => (base.id, None),
            };
            let parent = at.stage_commits[s];
            let (c, commit) = amendment_commit(
                &mut batch,
                (memo, keys),
                data,
                i,
                &step.effect,
                &[],
                (tree, parent),
            )?;
            Ok((i, batch, tree, c, [remembered, Some(commit)]))
        })
        .collect::<Result<_, StoreError>>()?;
    for (i, batch, tree, c, remembered) in made {
        w.put_batch(batch);
        w.made.borrow_mut().extend(remembered.into_iter().flatten());
        at.commits[i] = Some(c);
        at.trees[i] = Some(tree);
        let a = &data.amendments[i];
        refs.insert(amendment_ref(slug, &a.stage, &a.number), c.to_string());
    }
    for &i in on_amendment {
        let a = &data.amendments[i];
        let step = &h.amendments[i];
        let (parent_commit, parent_tree) = match step.base {
            Base::Stage(s) => (at.stage_commits[s], at.stage_trees[s]),
            Base::Amendment(p) => match (at.commits[p], at.trees[p]) {
                (Some(c), Some(t)) => (c, t),
                _ => continue,
            },
        };
        let tree = match &step.effect {
            Effect::Article(article) => w.tree_with_article(parent_tree, article, &a.article)?,
            Effect::Unknown(_) => parent_tree,
        };
        let c = w.amendment_commit(keys, data, i, &step.effect, &[], tree, parent_commit)?;
        at.commits[i] = Some(c);
        at.trees[i] = Some(tree);
        refs.insert(amendment_ref(slug, &a.stage, &a.number), c.to_string());
    }
    Ok(())
}

/// The commit author of an amendment: first author and group.
fn author_of(a: &Amendment) -> String {
    let author = signature_name(a.authors.first().map_or("unknown", String::as_str));
    match &a.group {
        Some(g) => format!("{author} ({g})"),
        None => author,
    }
}

/// Writes one bill; returns its refs.
fn write_bill(
    w: &Writer,
    data: &BillData,
    refs: &mut BTreeMap<String, String>,
) -> Result<(), StoreError> {
    let bill = &data.bill;
    let slug = bill.slug.as_str();
    // The history and the amendments' digests, side by side (the history
    // is computed mostly on one core).
    let (h, digests): (History, Vec<memo::Key>) = rayon::join(
        || history::compute(data),
        || data.amendments.par_iter().map(memo::digest).collect(),
    );
    let bill_json = serde_json::to_vec_pretty(bill).map_err(|e| StoreError::Io(e.to_string()))?;
    let keys = Keys {
        bill: memo::derived_key("bill", &[&w.identity, &bill_json]),
        amendments: digests,
    };
    let mut stage_commits: Vec<Oid> = Vec::with_capacity(bill.stages.len());
    let mut stage_trees: Vec<Oid> = Vec::with_capacity(bill.stages.len());
    let mut amendment_commits: Vec<Option<Oid>> = vec![None; data.amendments.len()];
    let mut amendment_trees: Vec<Option<Oid>> = vec![None; data.amendments.len()];
    let mut head: Option<Oid> = None;
    let mut head_tree: Option<Oid> = None;

    for (mi, step) in h.main_line.iter().enumerate() {
        match step {
            MainStep::Stage(si) => {
                let stage = &bill.stages[*si];
                let st = &h.stages[*si];
                let tree = w.text_tree(slug, Some(&stage.id), &st.text)?;
                let parents: Vec<Oid> = head.into_iter().collect();
                let c = w.commit(
                    &signature_name(chamber_name(&stage.chamber)),
                    &stage.chamber,
                    stage.date,
                    stage.date,
                    &stage_message(stage, st),
                    tree,
                    &parents,
                )?;
                head = Some(c);
                head_tree = Some(tree);
                stage_commits.push(c);
                stage_trees.push(tree);
                refs.insert(stage_ref(slug, &stage.id), c.to_string());
                // Amendments examined at the next stage are tabled on this text.
                if *si + 1 < bill.stages.len() {
                    let written = AmendmentCommits {
                        stage_commits: &stage_commits,
                        stage_trees: &stage_trees,
                        commits: &mut amendment_commits,
                        trees: &mut amendment_trees,
                    };
                    write_amendments_of(w, &keys, data, &h, *si + 1, written, refs)?;
                }
            }
            MainStep::Amendment {
                index, identical, ..
            } => {
                let a = &data.amendments[*index];
                let (Some(parent), Some(parent_tree)) = (head, head_tree) else {
                    continue;
                };
                let effect = match h.main_changes.get(&mi) {
                    Some(article) => Effect::Article(article.clone()),
                    None => h.amendments[*index].effect.clone(),
                };
                let tree = match h.main_changes.get(&mi) {
                    Some(article) => w.tree_with_article(parent_tree, article, &a.article)?,
                    None => parent_tree,
                };
                let names: Vec<&str> = identical
                    .iter()
                    .map(|&j| data.amendments[j].number.as_str())
                    .collect();
                let c = w.amendment_commit(&keys, data, *index, &effect, &names, tree, parent)?;
                head = Some(c);
                head_tree = Some(tree);
            }
        }
    }
    if let Some(c) = head {
        refs.insert(branch_ref(slug), c.to_string());
    }

    // The metadata snapshot: everything `log` and `show` need, as JSON.
    let mut subs: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    let order = crate::model::in_discussion_order(data.amendments.iter().collect(), |a| a, |_| 0);
    for a in order {
        if let Some(p) = &a.parent {
            subs.entry((a.stage.as_str(), p.as_str()))
                .or_default()
                .push(a.number.as_str());
        }
    }
    // Each record's file, made on every core, or taken from the memo.
    let keep = w.records.is_some();
    let (memo, identity) = (&w.memo, &w.identity);
    let records: Vec<(Oid, Batch, memo::Key, Option<RecordParts>)> = data
        .amendments
        .par_iter()
        .zip(&h.amendments)
        .zip(&keys.amendments)
        .map(|((a, step), digest)| {
            let stored = StoredAmendment {
                amendment: a,
                tabled_on: match step.base {
                    Base::Stage(s) => format!("stage {}", bill.stages[s].id),
                    Base::Amendment(p) => format!("amendment {}", data.amendments[p].number),
                },
                effect: match &step.effect {
                    Effect::Article(_) => "applied".to_owned(),
                    Effect::Unknown(why) => why.to_string(),
                },
                reason: match &step.effect {
                    Effect::Article(_) => None,
                    Effect::Unknown(why) => Some(why),
                },
                sub_amendments: subs
                    .get(&(a.stage.as_str(), a.number.as_str()))
                    .cloned()
                    .unwrap_or_default(),
            };
            let io = |e: serde_json::Error| StoreError::Io(e.to_string());
            let rest = (
                &stored.tabled_on,
                &stored.effect,
                &stored.reason,
                &stored.sub_amendments,
            );
            let rest = serde_json::to_vec(&rest).map_err(io)?;
            let key = memo::derived_key("record", &[identity, digest, &rest]);
            let mut batch = Batch::default();
            let blob = match memo.get(&key) {
                Some(blob) => blob,
                None => {
                    let json = serde_json::to_vec_pretty(&stored).map_err(io)?;
                    batch.put(ObjectType::Blob, json, None)
                }
            };
            let kept = keep.then(|| RecordParts::of(&stored, blob));
            Ok((blob, batch, key, kept))
        })
        .collect::<Result<_, StoreError>>()?;
    let mut per_stage: BTreeMap<&str, Vec<(String, u32, Oid)>> = BTreeMap::new();
    let mut kept_parts = Vec::new();
    for (a, (blob, batch, key, kept)) in data.amendments.iter().zip(records) {
        w.put_batch(batch);
        w.made.borrow_mut().push((key, blob));
        kept_parts.extend(kept);
        per_stage.entry(a.stage.as_str()).or_default().push((
            format!("{}.json", a.number),
            objects::FILE,
            blob,
        ));
    }
    if let Some(records) = &w.records {
        records.borrow_mut().push(kept_parts);
    }
    let amendments_tree: Vec<(String, u32, Oid)> = per_stage
        .into_iter()
        .map(|(stage, files)| {
            let tree = w.put(ObjectType::Tree, objects::tree(files), None);
            (stage.to_owned(), objects::FOLDER, tree)
        })
        .collect();
    // Every stage's text and amendments in brief, for the whole bill's log.
    let mut by_stage: Vec<Vec<&Amendment>> = vec![Vec::new(); bill.stages.len()];
    for a in &data.amendments {
        if let Some(i) = bill.stage_index(&a.stage) {
            by_stage[i].push(a);
        }
    }
    let log = LogIndex {
        stages: bill
            .stages
            .iter()
            .zip(&h.stages)
            .zip(by_stage)
            .map(|((stage, text), here)| {
                let here = crate::model::in_discussion_order(here, |a| a, |_| 0);
                LogStage::of(&stage.id, &text.text, here)
            })
            .collect(),
    };
    let log_json = serde_json::to_vec(&log).map_err(|e| StoreError::Io(e.to_string()))?;
    let mut meta = vec![
        ("bill.json".to_owned(), objects::FILE, w.blob(bill_json)),
        ("log.json".to_owned(), objects::FILE, w.blob(log_json)),
        (
            "amendments".to_owned(),
            objects::FOLDER,
            w.put(ObjectType::Tree, objects::tree(amendments_tree), None),
        ),
    ];
    if !data.ballots.is_empty() {
        meta.push((
            "ballots".to_owned(),
            objects::FOLDER,
            ballots_tree(w, &data.ballots)?,
        ));
    }
    let meta_tree = w.put(ObjectType::Tree, objects::tree(meta), None);
    let latest = bill
        .stages
        .iter()
        .map(|s| s.date)
        .chain(data.amendments.iter().map(Amendment::when))
        .max()
        .unwrap_or_else(|| bill.stages[0].date);
    let meta_commit = w.commit(
        "amendo",
        "amendo",
        latest,
        latest,
        &format!(
            "Metadata of bill {slug}\n\nBill: {slug}\nAmendments: {}\n",
            data.amendments.len()
        ),
        meta_tree,
        &[],
    )?;
    refs.insert(meta_ref(slug), meta_commit.to_string());
    Ok(())
}

/// `ballots/<stage>/<number>.json`: the ballots that decided no amendment.
fn ballots_tree(w: &Writer, ballots: &[Ballot]) -> Result<Oid, StoreError> {
    let mut per_stage: BTreeMap<&str, Vec<(String, u32, Oid)>> = BTreeMap::new();
    for b in ballots {
        let json = serde_json::to_vec_pretty(b).map_err(|e| StoreError::Io(e.to_string()))?;
        let blob = w.blob(json);
        per_stage.entry(b.stage.as_str()).or_default().push((
            format!("{}.json", b.vote.ballot),
            objects::FILE,
            blob,
        ));
    }
    let stages = per_stage
        .into_iter()
        .map(|(stage, files)| {
            let tree = w.put(ObjectType::Tree, objects::tree(files), None);
            (stage.to_owned(), objects::FOLDER, tree)
        })
        .collect();
    Ok(w.put(ObjectType::Tree, objects::tree(stages), None))
}

/// The description amendo writes in a store it creates. Stores made before
/// the [`MARKER`] key existed are recognised by it (see [`claim`]).
const DESCRIPTION: &str = "amendo store: generated from bills/ and amendments/\n";

/// The key amendo sets in the repository's own `config` when it creates a
/// store: it writes to no repository without it.
pub const MARKER: &str = "amendo.store";

/// Opens the store at `path` for writing, creating it if needed.
///
/// A missing store is created when its parent folder exists, or, for the
/// default location (`<root>/.amendo/store.git`), with its `.amendo`
/// folder; amendo never creates a chain of folders elsewhere. An existing
/// path must be a store amendo created (see [`claim`]) or an empty folder.
fn open_or_create(path: &Path) -> Result<Repository, StoreError> {
    let empty_dir = fs::read_dir(path).is_ok_and(|mut d| d.next().is_none());
    if path.exists() && !empty_dir {
        let repo =
            Repository::open_bare(path).map_err(|_| StoreError::NotAStore(path.to_path_buf()))?;
        claim(path)?;
        return Ok(repo);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        let default = path.ends_with(Path::new(".amendo").join("store.git"));
        if !default {
            return Err(StoreError::Io(format!(
                "cannot create the store {}: its folder {} does not exist (amendo creates a store only in an existing folder, or at the default .amendo/store.git)",
                path.display(),
                parent.display()
            )));
        }
        fs::create_dir(parent)
            .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", parent.display())))?;
    }
    // Create beside, then rename: a half-created store is never seen.
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("store"),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&tmp);
    crate::fault::step("store: create a repository beside");
    let repo = Repository::init_bare(&tmp)?;
    crate::fault::step("store: write the description");
    fs::write(tmp.join("description"), DESCRIPTION).map_err(|e| StoreError::Io(e.to_string()))?;
    crate::fault::step("store: write the marker");
    mark(&tmp)?;
    drop(repo);
    if empty_dir {
        let _ = fs::remove_dir(path);
    }
    crate::fault::step("store: move the new store in place");
    match fs::rename(&tmp, path) {
        Ok(()) => {}
        Err(_) if path.exists() => {
            let _ = fs::remove_dir_all(&tmp);
            claim(path)?;
        }
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot create {}: {e}",
                path.display()
            )));
        }
    }
    Ok(Repository::open_bare(path)?)
}

/// Writes the marker into the repository's own config file.
fn mark(path: &Path) -> Result<(), StoreError> {
    let mut config = git2::Config::open(&path.join("config"))?;
    config.set_bool(MARKER, true)?;
    Ok(())
}

/// Checks that the repository at `path` is a store amendo created: its own
/// `config` (not the user's or the system's) sets [`MARKER`]. A store made
/// by an amendo from before the marker is recognised and marked: a bare
/// repository whose description is amendo's and whose refs all lie in
/// amendo's namespaces. Anything else is refused.
pub fn claim(path: &Path) -> Result<(), StoreError> {
    let refuse = |why: &str| {
        Err(StoreError::NotAmendoStore(
            path.to_path_buf(),
            why.to_owned(),
        ))
    };
    let config = git2::Config::open(&path.join("config"))?;
    if config.get_bool(MARKER).unwrap_or(false) {
        return Ok(());
    }
    let repo =
        Repository::open_bare(path).map_err(|_| StoreError::NotAStore(path.to_path_buf()))?;
    if !repo.is_bare() {
        return refuse("it is not a bare repository");
    }
    if fs::read_to_string(path.join("description")).ok().as_deref() != Some(DESCRIPTION) {
        return refuse("its config has no `amendo.store` key and its description is not amendo's");
    }
    for r in repo.references()?.flatten() {
        let name = r.name().unwrap_or("");
        if !refs::OWNED.iter().any(|ns| name.starts_with(ns)) {
            return refuse("it holds refs outside amendo's namespaces");
        }
    }
    mark(path)
}

/// Removes the temporary pack files a killed build left (libgit2's
/// `pack_git2_*`, git's `tmp_pack_*` and `tmp_idx_*`). Under the write lock
/// no other writer can be using them.
fn remove_temporary_packs(path: &Path) -> Result<(), StoreError> {
    let dir = path.join("objects").join("pack");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if ["pack_git2_", "tmp_pack_", "tmp_idx_"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            crate::fault::step("store: remove a temporary pack");
            fs::remove_file(e.path()).map_err(|err| {
                StoreError::Io(format!("cannot remove {}: {err}", e.path().display()))
            })?;
        }
    }
    Ok(())
}

/// Ingests `project` into the store at `path`.
pub fn ingest(project: &Project, path: &Path) -> Result<IngestReport, StoreError> {
    ingest_recorded(project, path, None)
}

/// Ingests `project`, read from the sources `scan` found, and records that
/// scan as what the store was built from (`amendo-sources`, see
/// [`super::sources`]) once the refs moved, under the write lock.
pub fn ingest_recorded(
    project: &Project,
    path: &Path,
    scan: Option<&super::sources::Scan>,
) -> Result<IngestReport, StoreError> {
    let (report, _, remembering) = ingest_with(project, path, scan, false)?;
    remembering.finish(scan)?;
    Ok(report)
}

/// [`ingest_recorded`], also giving every amendment's record as a reader
/// reads it back from the store, by blob id: a site built next from the
/// store takes them from there ([`crate::store::Store::with_records`])
/// instead of reading and parsing every record's blob again.
/// The project is consumed: its amendments are moved into the records.
///
/// What the build remembers for the next one is left to write
/// ([`Remembering`]): the caller finishes it, for instance while it builds
/// a site from the store, which does not read it.
pub fn ingest_keeping(
    project: Project,
    path: &Path,
    scan: Option<&super::sources::Scan>,
) -> Result<(IngestReport, crate::store::read::Records, Remembering), StoreError> {
    let (report, parts, remembering) = ingest_with(&project, path, scan, true)?;
    let mut records = crate::store::read::Records::with_capacity(parts.iter().map(Vec::len).sum());
    let mut rest = Vec::with_capacity(project.bills.len());
    for (mut data, parts) in project.bills.into_iter().zip(parts) {
        for (a, p) in std::mem::take(&mut data.amendments).into_iter().zip(parts) {
            records.keep(p.blob, p.with(a));
        }
        rest.push(data);
    }
    // The texts and the rest are freed on another thread.
    std::thread::spawn(move || drop(rest));
    Ok((report, records, remembering))
}

/// What a store's build writes once its refs moved, for the next build
/// alone: the objects it made by key (`amendo-made`, [`memo`]) and the
/// record of the sources it read (`amendo-sources`). Queries and a site
/// built from the store read neither, so a build may write them meanwhile,
/// on another thread ([`Remembering::finish`]). It holds the store's write
/// lock until then; dropped unfinished, it writes nothing, and the next
/// build does more work, nothing worse.
#[must_use = "finish it, or the next build does all the work again"]
pub struct Remembering {
    path: std::path::PathBuf,
    identity: memo::Key,
    made: Vec<(memo::Key, Oid)>,
    counts: (usize, usize, usize),
    lock: WriteLock,
}

impl Remembering {
    /// Writes what the build made and, when the sources were scanned, the
    /// record of that scan (which must be the one the build read) as what
    /// the store's refs were built from. Gives back the store's write lock,
    /// still held, for whatever else the caller keeps beside the store.
    pub fn finish(self, scan: Option<&super::sources::Scan>) -> Result<WriteLock, StoreError> {
        let started = std::time::Instant::now();
        memo::save(&self.path, &self.identity, self.made)?;
        if let Some(scan) = scan {
            scan.record(&self.path, self.counts)?;
        }
        crate::timing::beside("store: remember what was made, record the sources", started);
        Ok(self.lock)
    }
}

fn ingest_with(
    project: &Project,
    path: &Path,
    scan: Option<&super::sources::Scan>,
    keep: bool,
) -> Result<(IngestReport, Vec<Vec<RecordParts>>, Remembering), StoreError> {
    let repo = open_or_create(path)?;
    let lock = WriteLock::acquire(path)?;
    remove_temporary_packs(path)?;
    crate::timing::phase("store: open");
    pack::remove_unindexed(path)?;
    // Queries trust the objects amendo wrote; the few this build reads back
    // from the store need not be hashed again either.
    git2::opts::strict_hash_verification(false);
    let objects = Objects::new(&repo, path)?;
    let identity = memo::derived_key("amendo", &[super::sources::identity().as_bytes()]);
    let w = Writer {
        memo: Memo::load(path, &identity, |id| objects.holds(id)),
        identity,
        objects: RefCell::new(objects),
        records: keep.then(Default::default),
        made: RefCell::new(Vec::new()),
    };
    let mut new_refs = BTreeMap::new();
    let mut report = IngestReport::default();
    for data in &project.bills {
        write_bill(&w, data, &mut new_refs)?;
        report.bills += 1;
        report.stages += data.bill.stages.len();
        report.amendments += data.amendments.len();
    }
    crate::timing::phase("store: history and objects");
    // Everything new is in memory: write it as one pack.
    let Writer {
        objects,
        made,
        records,
        ..
    } = w;
    let new = objects.into_inner().into_new();
    report.new_objects = new.len() as u32;
    crate::fault::step("before-pack");
    if !new.is_empty() {
        let pack = pack::encode(&new);
        drop(new);
        pack::store(path, &pack)?;
        // Merging packs only makes reading quicker: one that cannot be
        // made (a full disk) or finished (a pack that cannot be removed)
        // leaves the packs readable, and the next build tries again.
        let _ = pack::consolidate(path);
    }
    crate::timing::phase("store: write the pack");
    crate::fault::step("before-refs");
    report.refs_changed = refs::replace_all(path, &new_refs)?;
    if let Some(first) = project.bills.first() {
        refs::set_head(path, &branch_ref(&first.bill.slug))?;
    }
    crate::timing::phase("store: refs");
    if let Some(scan) = scan {
        report.sources_read = scan.hashed;
    }
    // The objects the memo names are in the store now, and the refs the
    // record of the sources names.
    let remembering = Remembering {
        path: path.to_path_buf(),
        identity,
        made: made.into_inner(),
        counts: (report.bills, report.stages, report.amendments),
        lock,
    };
    Ok((
        report,
        records.map(RefCell::into_inner).unwrap_or_default(),
        remembering,
    ))
}
