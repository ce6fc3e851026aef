//! Reading the store: bills, amendments and texts, as the queries need them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};
use serde::Deserialize;

use crate::model::{Amendment, Article, Ballot, Bill, Item, Line, Outcome, Target, Text};
use crate::store::packed::Packs;
use crate::store::{StoreError, meta_ref, stage_ref};

/// An open store, read-only.
pub struct Store {
    repo: Repository,
    path: PathBuf,
    /// The store's packs, mapped when many blobs are first read.
    packs: std::sync::OnceLock<Packs>,
    /// Records the writer just made, taken instead of their blobs.
    records: std::sync::Mutex<Records>,
}

/// Amendments' records as the store's writer made them, by the id of the
/// blob it wrote each to ([`crate::store::write::ingest_keeping`]): a
/// [`Store`] given them ([`Store::with_records`]) takes a record from here
/// the first time it would read that blob, so a build that reads its bill
/// back right after writing it (the site) parses none of the records
/// again. What a record's blob holds is exactly what it serialises to, so
/// the two are the same (`tests/store.rs` compares them).
#[derive(Default)]
pub struct Records(HashMap<Oid, StoredAmendment>);

impl Records {
    pub(crate) fn with_capacity(n: usize) -> Records {
        Records(HashMap::with_capacity(n))
    }

    pub(crate) fn keep(&mut self, blob: Oid, record: StoredAmendment) {
        self.0.insert(blob, record);
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The record of blob `id`, as given.
    pub fn get(&self, id: Oid) -> Option<&StoredAmendment> {
        self.0.get(&id)
    }
}

/// An amendment as stored, with what the history computed for it.
///
/// Stored as one JSON object: the amendment's fields and the history's,
/// side by side. It is read through [`FlatRecord`], which names them all:
/// serde reads a `flatten`ed field by first copying the whole object into
/// generic values, which made reading a bill's records (the site loads
/// them all) half again as slow.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(from = "FlatRecord")]
pub struct StoredAmendment {
    /// The amendment.
    #[serde(flatten)]
    pub amendment: Amendment,
    /// `stage <id>` or `amendment <number>`.
    pub tabled_on: String,
    /// `applied`, or why its effect is not known, in English.
    pub effect: String,
    /// Why its effect is not known, as structure. None in a store an older
    /// amendo wrote, or when the reason is one this amendo does not know (a
    /// newer one wrote it): its English `effect` is then all there is.
    /// (Read through [`FlatRecord`], which gives the defaults.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::history::Reason>,
    /// Numbers of the sub-amendments tabled on it, in discussion order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sub_amendments: Vec<String>,
    /// The store's blob it was read from (its content hash), when it was
    /// read from the store: what the site signs the pages that show it
    /// with. Never part of the record itself.
    #[serde(skip)]
    pub blob: Option<Oid>,
}

/// A stored amendment's fields as one flat object ([`StoredAmendment`]),
/// each read as [`Amendment`] and [`StoredAmendment`] read their own.
#[derive(Deserialize)]
struct FlatRecord {
    number: String,
    stage: String,
    article: Target,
    authors: Vec<String>,
    #[serde(default)]
    group: Option<String>,
    filed: crate::date::LegalTime,
    outcome: Outcome,
    #[serde(default)]
    decided: Option<crate::date::LegalTime>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    identical: Vec<String>,
    instruction: String,
    #[serde(default)]
    operations: Option<Vec<crate::model::Operation>>,
    #[serde(default)]
    credits: Vec<crate::model::CreditLine>,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    vote: Option<crate::model::Vote>,
    #[serde(default)]
    source: Option<String>,
    tabled_on: String,
    effect: String,
    #[serde(default, deserialize_with = "known_reason")]
    reason: Option<crate::history::Reason>,
    #[serde(default)]
    sub_amendments: Vec<String>,
}

impl From<FlatRecord> for StoredAmendment {
    fn from(r: FlatRecord) -> StoredAmendment {
        StoredAmendment {
            amendment: Amendment {
                number: r.number,
                stage: r.stage,
                article: r.article,
                authors: r.authors,
                group: r.group,
                filed: r.filed,
                outcome: r.outcome,
                decided: r.decided,
                parent: r.parent,
                identical: r.identical,
                instruction: r.instruction,
                operations: r.operations,
                credits: r.credits,
                explanation: r.explanation,
                vote: r.vote,
                source: r.source,
            },
            tabled_on: r.tabled_on,
            effect: r.effect,
            reason: r.reason,
            sub_amendments: r.sub_amendments,
            blob: None,
        }
    }
}

/// A recorded reason this amendo can read, or None: a record is never
/// unreadable because of it.
fn known_reason<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::history::Reason>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

impl StoredAmendment {
    /// True when the store holds the text the amendment produces.
    pub fn applied(&self) -> bool {
        self.effect == "applied"
    }

    /// True when its effect on the text is not known: not applied, and not
    /// a credit transfer (which changes amounts in the budget's annex, not
    /// the text, and whose table says what it does).
    pub fn effect_unknown(&self) -> bool {
        !self.applied() && self.amendment.credits.is_empty()
    }
}

/// `log.json` in a bill's metadata: each stage's text and amendments in
/// brief, all a whole-bill log needs, in one blob (a large bill's log then
/// reads it instead of every amendment's record).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct LogIndex {
    /// One per stage, in order.
    pub stages: Vec<LogStage>,
}

/// One stage in a [`LogIndex`].
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct LogStage {
    /// The stage's id.
    pub stage: String,
    /// Articles in its text.
    pub articles: usize,
    /// Of which deleted (`(Supprimé)`).
    pub deleted: usize,
    /// True when the text is only partly known.
    pub partial: bool,
    /// Its amendments, in discussion order (decision time, then number).
    pub amendments: Vec<Brief>,
    /// The public ballots that decided them, by number, each once (None in
    /// an index written before it said so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots: Option<Vec<String>>,
}

/// An amendment in brief: its number, target and outcome.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Brief(pub String, pub Target, pub Outcome);

impl LogStage {
    /// The entry of stage `stage`, whose text is `text`, for its amendments
    /// `amendments` (in discussion order).
    pub fn of<'a>(
        stage: &str,
        text: &Text,
        amendments: impl IntoIterator<Item = &'a Amendment>,
    ) -> LogStage {
        let mut briefs = Vec::new();
        let mut ballots: Vec<String> = Vec::new();
        for a in amendments {
            briefs.push(Brief(a.number.clone(), a.article.clone(), a.outcome));
            if let Some(v) = &a.vote
                && !ballots.contains(&v.ballot)
            {
                ballots.push(v.ballot.clone());
            }
        }
        ballots.sort_by(|x, y| crate::model::number_order(x, y));
        LogStage {
            stage: stage.to_owned(),
            articles: text.articles().count(),
            deleted: text.articles().filter(|a| a.is_deleted()).count(),
            partial: text.is_partial(),
            amendments: briefs,
            ballots: Some(ballots),
        }
    }
}

/// One commit of a bill's main line, as `blame` needs it.
#[derive(Clone, Debug)]
pub struct MainCommit {
    /// The commit.
    pub id: Oid,
    /// Its trailers (`Stage`, `Amendment`, `Identical`, …), in order.
    pub trailers: Vec<(String, String)>,
    /// The author's name.
    pub author: String,
    /// The committer date: when the text changed (the decision for an
    /// amendment, the stage's date for a stage text), as seconds since the
    /// epoch and offset in minutes.
    pub time: (i64, i32),
}

impl MainCommit {
    /// The value of a trailer.
    pub fn trailer(&self, key: &str) -> Option<&str> {
        self.trailers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The trailers of a commit message: `Key: value` lines of its last paragraph.
pub fn trailers(message: &str) -> Vec<(String, String)> {
    let last = message.trim_end().rsplit("\n\n").next().unwrap_or("");
    last.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(": ")?;
            (!k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .then(|| (k.to_owned(), v.to_owned()))
        })
        .collect()
}

#[derive(Deserialize)]
struct Structure {
    items: Vec<StructureItem>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
enum StructureItem {
    Division { level: u8, heading: String },
    Article { id: String, number: String },
    Gap { note: String },
}

impl Store {
    /// Opens the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        // Queries trust the objects amendo itself wrote (`git fsck` checks
        // them): not hashing every object read again halves the time of a
        // whole-bill diff.
        git2::opts::strict_hash_verification(false);
        let repo =
            Repository::open_bare(path).map_err(|_| StoreError::NotAStore(path.to_path_buf()))?;
        Ok(Store {
            repo,
            path: path.to_path_buf(),
            packs: std::sync::OnceLock::new(),
            records: Default::default(),
        })
    }

    /// This store, taking the records the writer made ([`Records`]) instead
    /// of reading their blobs, each the first time it is read.
    pub fn with_records(self, records: Records) -> Store {
        Store {
            records: std::sync::Mutex::new(records),
            ..self
        }
    }

    /// Where the store is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying repository.
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    fn ref_target(&self, name: &str) -> Option<Oid> {
        self.repo.refname_to_id(name).ok()
    }

    fn blob_at(&self, tree: &git2::Tree, path: &str) -> Result<Vec<u8>, StoreError> {
        let entry = tree
            .get_path(Path::new(path))
            .map_err(|_| StoreError::Corrupt(format!("{path} is missing")))?;
        let obj = entry.to_object(&self.repo)?;
        let blob = obj
            .as_blob()
            .ok_or_else(|| StoreError::Corrupt(format!("{path} is not a file")))?;
        Ok(blob.content().to_vec())
    }

    /// The `bill.json` of a text tree: the order of its divisions, articles and gaps.
    fn structure(&self, tree: &git2::Tree) -> Result<Structure, StoreError> {
        serde_json::from_slice(&self.blob_at(tree, "bill.json")?)
            .map_err(|e| StoreError::Corrupt(format!("bill.json: {e}")))
    }

    fn meta_tree(&self, bill: &str) -> Result<git2::Tree<'_>, StoreError> {
        let id = self.ref_target(&meta_ref(bill)).ok_or_else(|| {
            StoreError::NotFound(format!(
                "no bill `{bill}` in the store{}",
                self.bill_list_hint()
            ))
        })?;
        Ok(self.repo.find_commit(id)?.tree()?)
    }

    fn bill_list_hint(&self) -> String {
        let bills = self.bills().unwrap_or_default();
        if bills.is_empty() {
            " (it is empty: run `amendo build`)".to_owned()
        } else {
            format!(": it has {}", bills.join(", "))
        }
    }

    /// The slugs of the bills in the store.
    pub fn bills(&self) -> Result<Vec<String>, StoreError> {
        crate::store::refs::names_under(&self.path, "refs/amendo/meta/")
    }

    /// A bill's metadata.
    pub fn bill(&self, slug: &str) -> Result<Bill, StoreError> {
        let tree = self.meta_tree(slug)?;
        let bytes = self.blob_at(&tree, "bill.json")?;
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt(format!("bill.json: {e}")))
    }

    /// A bill's [`LogIndex`]; None for a store written before it existed.
    pub fn log_index(&self, slug: &str) -> Result<Option<LogIndex>, StoreError> {
        let tree = self.meta_tree(slug)?;
        if tree.get_name("log.json").is_none() {
            return Ok(None);
        }
        let bytes = self.blob_at(&tree, "log.json")?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("log.json: {e}")))
    }

    /// Every amendment of a bill, in discussion order (stage, then decision time).
    pub fn amendments(&self, slug: &str, bill: &Bill) -> Result<Vec<StoredAmendment>, StoreError> {
        self.amendments_where(slug, bill, |_, _| true)
    }

    /// The records of the amendments that `keep(stage, number)` keeps, in
    /// the same order as [`Store::amendments`]; the others are not read.
    pub fn amendments_where(
        &self,
        slug: &str,
        bill: &Bill,
        keep: impl Fn(&str, &str) -> bool,
    ) -> Result<Vec<StoredAmendment>, StoreError> {
        let tree = self.meta_tree(slug)?;
        let Some(entry) = tree.get_name("amendments") else {
            return Ok(Vec::new());
        };
        let amendments = self.repo.find_tree(entry.id())?;
        let mut out = Vec::new();
        for stage in &bill.stages {
            let Some(stage_entry) = amendments.get_name(&stage.id) else {
                continue;
            };
            let stage_tree = self.repo.find_tree(stage_entry.id())?;
            let files: Vec<(Oid, String)> = stage_tree
                .iter()
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| (e.id(), e.name().unwrap_or("?").to_owned()))
                .filter(|(_, name)| keep(&stage.id, name.strip_suffix(".json").unwrap_or(name)))
                .collect();
            // The records the writer gave, then the others read from
            // their blobs, in the tree's order.
            let given: Vec<Option<StoredAmendment>> = {
                let mut records = self
                    .records
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if records.is_empty() {
                    vec![None; files.len()]
                } else {
                    files.iter().map(|(id, _)| records.0.remove(id)).collect()
                }
            };
            let missing: Vec<(Oid, String)> = files
                .iter()
                .zip(&given)
                .filter(|(_, g)| g.is_none())
                .map(|(f, _)| f.clone())
                .collect();
            let read = self.read_blobs(&missing, |name, bytes| {
                serde_json::from_slice::<StoredAmendment>(bytes)
                    .map_err(|err| StoreError::Corrupt(format!("{name}: {err}")))
            })?;
            let mut read = read.into_iter().zip(missing.iter().map(|(id, _)| *id));
            let mut here = Vec::with_capacity(files.len());
            for g in given {
                let a = match g {
                    Some(a) => a,
                    None => match read.next() {
                        Some((mut a, id)) => {
                            a.blob = Some(id);
                            a
                        }
                        None => {
                            return Err(StoreError::Corrupt(format!(
                                "amendments/{}: fewer records read than listed",
                                stage.id
                            )));
                        }
                    },
                };
                here.push(a);
            }
            out.extend(crate::model::in_discussion_order(
                here,
                |a| &a.amendment,
                |_| 0,
            ));
        }
        Ok(out)
    }

    /// The public ballots of a bill that decided no amendment (kept in
    /// `ballots/<stage>/<number>.json` of its metadata), by stage order.
    pub fn ballots(&self, slug: &str, bill: &Bill) -> Result<Vec<Ballot>, StoreError> {
        let tree = self.meta_tree(slug)?;
        let Some(entry) = tree.get_name("ballots") else {
            return Ok(Vec::new());
        };
        let ballots = self.repo.find_tree(entry.id())?;
        let mut out = Vec::new();
        for stage in &bill.stages {
            let Some(stage_entry) = ballots.get_name(&stage.id) else {
                continue;
            };
            let stage_tree = self.repo.find_tree(stage_entry.id())?;
            for e in stage_tree.iter() {
                let name = e.name().unwrap_or("?").to_owned();
                let blob = self.repo.find_blob(e.id())?;
                out.push(
                    serde_json::from_slice::<Ballot>(blob.content())
                        .map_err(|err| StoreError::Corrupt(format!("ballots/{name}: {err}")))?,
                );
            }
        }
        Ok(out)
    }

    /// Reads blobs and parses each with `parse` (given the blob's name for
    /// errors), in order. Blobs are read from the store's packs directly
    /// ([`Packs`]); one that is not there is read through libgit2. Many
    /// blobs are read on every core (each task opens its own libgit2 handle
    /// only if it needs one: they are not shared between threads).
    fn read_blobs<T: Send>(
        &self,
        files: &[(Oid, String)],
        parse: impl Fn(&str, &[u8]) -> Result<T, StoreError> + Sync,
    ) -> Result<Vec<T>, StoreError> {
        let packs = self.packs.get_or_init(|| Packs::open(&self.path));
        let path = &self.path;
        let read =
            |own: Option<&Repository>, opened: &mut Option<Repository>, part: &[(Oid, String)]| {
                let mut out = Vec::with_capacity(part.len());
                for (id, name) in part {
                    if let Some(bytes) = packs.blob(*id) {
                        out.push(parse(name, &bytes)?);
                        continue;
                    }
                    let repo = match own {
                        Some(r) => r,
                        None => match opened {
                            Some(r) => &*r,
                            None => &*opened.insert(
                                Repository::open_bare(path)
                                    .map_err(|_| StoreError::NotAStore(path.to_path_buf()))?,
                            ),
                        },
                    };
                    out.push(parse(name, repo.find_blob(*id)?.content())?);
                }
                Ok::<_, StoreError>(out)
            };
        if files.len() < 256 {
            return read(Some(&self.repo), &mut None, files);
        }
        // On rayon's pool, in some eight tasks a core, each to whichever
        // core is free (the pool a whole-bill diff then compares on is
        // started here: 1.4 – 1.6 ms less for the synthetic bill's than
        // threads of its own); a libgit2 handle is opened, if one is needed,
        // once per task.
        use rayon::prelude::*;
        let tasks = 8 * rayon::current_num_threads();
        let parts: Vec<Result<Vec<T>, StoreError>> = files
            .par_chunks(files.len().div_ceil(tasks).max(16))
            .map_init(|| None, |opened, part| read(None, opened, part))
            .collect();
        let mut out = Vec::with_capacity(files.len());
        for p in parts {
            out.extend(p?);
        }
        Ok(out)
    }

    /// One amendment's stored record, by stage and number.
    pub fn amendment(
        &self,
        slug: &str,
        stage: &str,
        number: &str,
    ) -> Result<Option<StoredAmendment>, StoreError> {
        let tree = self.meta_tree(slug)?;
        let path = format!("amendments/{stage}/{number}.json");
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            return Ok(None);
        };
        let blob = self.repo.find_blob(entry.id())?;
        serde_json::from_slice(blob.content())
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("{path}: {e}")))
    }

    /// The stages at which an amendment numbered `number` exists (numbers
    /// are compared without regard to case).
    pub fn amendment_stages(
        &self,
        slug: &str,
        bill: &Bill,
        number: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let tree = self.meta_tree(slug)?;
        let mut out = Vec::new();
        let Some(entry) = tree.get_name("amendments") else {
            return Ok(out);
        };
        let amendments = self.repo.find_tree(entry.id())?;
        let wanted = format!("{number}.json");
        for stage in &bill.stages {
            let Some(stage_entry) = amendments.get_name(&stage.id) else {
                continue;
            };
            let stage_tree = self.repo.find_tree(stage_entry.id())?;
            if let Some(e) = stage_tree.get_name(&wanted) {
                out.push((
                    stage.id.clone(),
                    e.name()
                        .unwrap_or(&wanted)
                        .trim_end_matches(".json")
                        .to_owned(),
                ));
                continue;
            }
            for e in stage_tree.iter() {
                if e.name().is_ok_and(|n| n.eq_ignore_ascii_case(&wanted)) {
                    out.push((
                        stage.id.clone(),
                        e.name().unwrap_or("").trim_end_matches(".json").to_owned(),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The commit of an amendment's ref: its parent is the text it was tabled
    /// on; its tree, the text it produces (or that text unchanged when its
    /// effect is not known).
    pub fn amendment_commit(
        &self,
        slug: &str,
        stage: &str,
        number: &str,
    ) -> Result<git2::Commit<'_>, StoreError> {
        let name = crate::store::amendment_ref(slug, stage, number);
        let id = self.ref_target(&name).ok_or_else(|| {
            StoreError::NotFound(format!("no ref {name} in the store: run `amendo build`"))
        })?;
        Ok(self.repo.find_commit(id)?)
    }

    /// One article of the text held by a commit, by number; None when the
    /// text has no such article.
    pub fn article_in_commit(
        &self,
        commit: Oid,
        number: &str,
    ) -> Result<Option<Article>, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let structure = self.structure(&tree)?;
        let key = crate::model::article_key(number);
        for item in structure.items {
            if let StructureItem::Article { id, number } = item
                && crate::model::article_key(&number) == key
            {
                return self.article_by_id(&tree, id, number).map(Some);
            }
        }
        Ok(None)
    }

    /// The stable ids and numbers of the articles of the text held by a
    /// commit, in order (without reading the articles).
    pub fn article_numbers(&self, commit: Oid) -> Result<Vec<(String, String)>, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let structure = self.structure(&tree)?;
        Ok(structure
            .items
            .into_iter()
            .filter_map(|i| match i {
                StructureItem::Article { id, number } => Some((id, number)),
                _ => None,
            })
            .collect())
    }

    /// Every amendment's stage and number, in stage order (without reading
    /// the records).
    pub fn amendment_numbers(
        &self,
        slug: &str,
        bill: &Bill,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let tree = self.meta_tree(slug)?;
        let mut out = Vec::new();
        let Some(entry) = tree.get_name("amendments") else {
            return Ok(out);
        };
        let amendments = self.repo.find_tree(entry.id())?;
        for stage in &bill.stages {
            let Some(stage_entry) = amendments.get_name(&stage.id) else {
                continue;
            };
            let stage_tree = self.repo.find_tree(stage_entry.id())?;
            for e in stage_tree.iter() {
                if let Some(n) = e.name().ok().and_then(|n| n.strip_suffix(".json")) {
                    out.push((stage.id.clone(), n.to_owned()));
                }
            }
        }
        Ok(out)
    }

    /// True when the text held by a commit has gaps between its articles
    /// (it is only partly known).
    pub fn text_is_partial(&self, commit: Oid) -> Result<bool, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let structure = self.structure(&tree)?;
        Ok(structure
            .items
            .iter()
            .any(|i| matches!(i, StructureItem::Gap { .. })))
    }

    /// One article of the text held by a commit, by stable id, with its
    /// blob id; None when the text has no such article.
    pub fn article_with_id(
        &self,
        commit: Oid,
        id: &str,
    ) -> Result<Option<(Oid, Article)>, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let Ok(entry) = tree.get_path(Path::new(&format!("articles/{id}.txt"))) else {
            return Ok(None);
        };
        let blob_id = entry.id();
        let structure = self.structure(&tree)?;
        let number = structure
            .items
            .into_iter()
            .find_map(|i| match i {
                StructureItem::Article { id: i, number } if i == id => Some(number),
                _ => None,
            })
            .unwrap_or_else(|| id.to_owned());
        Ok(Some((
            blob_id,
            self.article_by_id(&tree, id.to_owned(), number)?,
        )))
    }

    fn article_by_id(
        &self,
        tree: &git2::Tree,
        id: String,
        number: String,
    ) -> Result<Article, StoreError> {
        let bytes = self.blob_at(tree, &format!("articles/{id}.txt"))?;
        let body = String::from_utf8(bytes)
            .map_err(|_| StoreError::Corrupt(format!("articles/{id}.txt is not UTF-8")))?;
        Ok(Article {
            id,
            number,
            lines: Line::from_store_text(&body),
        })
    }

    /// The blob id of an article file in a commit, if the text has it.
    pub fn article_blob(&self, commit: Oid, id: &str) -> Result<Option<Oid>, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        Ok(tree
            .get_path(Path::new(&format!("articles/{id}.txt")))
            .ok()
            .map(|e| e.id()))
    }

    /// The commit of a stage's text.
    pub fn stage_commit(&self, slug: &str, stage: &str) -> Result<Oid, StoreError> {
        self.ref_target(&stage_ref(slug, stage)).ok_or_else(|| {
            StoreError::NotFound(format!("no stage `{stage}` for bill `{slug}` in the store"))
        })
    }

    /// The bill's main line up to `tip`, oldest first (first parents).
    pub fn main_line(&self, tip: Oid) -> Result<Vec<MainCommit>, StoreError> {
        let mut out = Vec::new();
        let mut next = Some(self.repo.find_commit(tip)?);
        while let Some(c) = next {
            let author = c.author();
            let when = c.committer().when();
            out.push(MainCommit {
                id: c.id(),
                trailers: trailers(c.message().unwrap_or("")),
                author: author.name().unwrap_or("").to_owned(),
                time: (when.seconds(), when.offset_minutes()),
            });
            next = c.parents().next();
        }
        out.reverse();
        Ok(out)
    }

    /// The bill's text at a stage.
    pub fn text_at(&self, slug: &str, stage: &str) -> Result<Text, StoreError> {
        self.text_of_commit(self.stage_commit(slug, stage)?)
    }

    /// The text held by any text commit (stage, amendment or main line).
    pub fn text_of_commit(&self, commit: Oid) -> Result<Text, StoreError> {
        let mut texts = self.texts_of_commits(&[commit])?;
        Ok(texts.pop().unwrap_or_default())
    }

    /// The texts of several commits, their articles' files read together
    /// (on every core for large texts): a diff of two whole texts reads
    /// both in one pass.
    pub fn texts_of_commits(&self, commits: &[Oid]) -> Result<Vec<Text>, StoreError> {
        let mut structures = Vec::with_capacity(commits.len());
        let mut files = Vec::new();
        for &commit in commits {
            let tree = self.repo.find_commit(commit)?.tree()?;
            let structure = self.structure(&tree)?;
            // Their folder is looked up once: a path lookup per article
            // would read the folder's tree again each time (libgit2 does
            // not cache trees that large).
            let folder = match tree.get_name("articles") {
                Some(e) => Some(self.repo.find_tree(e.id())?),
                None => None,
            };
            for item in &structure.items {
                if let StructureItem::Article { id, .. } = item {
                    let name = format!("{id}.txt");
                    let entry =
                        folder
                            .as_ref()
                            .and_then(|f| f.get_name(&name))
                            .ok_or_else(|| {
                                StoreError::Corrupt(format!("articles/{name} is missing"))
                            })?;
                    files.push((entry.id(), format!("articles/{name}")));
                }
            }
            structures.push(structure);
        }
        // An article the texts share (the same blob) is read once.
        let mut unique: Vec<(Oid, String)> = Vec::with_capacity(files.len());
        let mut slot: std::collections::HashMap<Oid, usize> =
            std::collections::HashMap::with_capacity(files.len());
        let order: Vec<usize> = files
            .into_iter()
            .map(|(id, name)| {
                *slot.entry(id).or_insert_with(|| {
                    unique.push((id, name));
                    unique.len() - 1
                })
            })
            .collect();
        let read = self.read_blobs(&unique, |path, bytes| {
            // simdutf8: a tenth of the time of the standard check on
            // French text (accents take the standard check's slow path).
            let body = simdutf8::basic::from_utf8(bytes)
                .map_err(|_| StoreError::Corrupt(format!("{path} is not UTF-8")))?;
            Ok(Line::from_store_text(body))
        })?;
        // Each body moved on its last use, copied before (a shared one).
        let mut uses = vec![0usize; read.len()];
        for &k in &order {
            uses[k] += 1;
        }
        let mut read: Vec<Option<Vec<Line>>> = read.into_iter().map(Some).collect();
        let mut bodies = order.into_iter().map(|k| {
            uses[k] -= 1;
            if uses[k] == 0 {
                read[k].take()
            } else {
                read[k].clone()
            }
            .unwrap_or_default()
        });
        let mut texts = Vec::with_capacity(structures.len());
        for structure in structures {
            let mut text = Text::default();
            for item in structure.items {
                text.items.push(match item {
                    StructureItem::Division { level, heading } => Item::Division { level, heading },
                    StructureItem::Gap { note } => Item::Gap { note },
                    StructureItem::Article { id, number } => Item::Article(Article {
                        id,
                        number,
                        lines: bodies.next().unwrap_or_default(),
                    }),
                });
            }
            texts.push(text);
        }
        Ok(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Record {
        #[serde(default, deserialize_with = "known_reason")]
        reason: Option<crate::history::Reason>,
    }

    #[test]
    fn a_log_index_written_before_it_listed_ballots_says_it_does_not_know() {
        let old = r#"{"stages": [{"stage": "s", "articles": 2, "deleted": 0,
            "partial": false, "amendments": [["1", "2", "adopted"]]}]}"#;
        let index: LogIndex = serde_json::from_str(old).unwrap();
        assert_eq!(index.stages[0].ballots, None);
        let new = serde_json::to_string(&index).unwrap();
        assert!(!new.contains("ballots"), "{new}");
    }

    #[test]
    fn a_reason_this_amendo_does_not_know_leaves_the_record_readable() {
        let read = |json: &str| serde_json::from_str::<Record>(json).unwrap().reason;
        assert_eq!(
            read(r#"{"reason": {"why": "no-dispositif"}}"#),
            Some(crate::history::Reason::NoDispositif)
        );
        assert_eq!(read(r#"{"reason": {"why": "a-reason-from-later"}}"#), None);
        assert_eq!(read("{}"), None);
    }

    /// A record with every field an amendment and its history can have is
    /// read back whole through [`FlatRecord`], and one with only the
    /// required fields gets the defaults.
    #[test]
    fn a_stored_amendment_reads_back_every_field() {
        let mut amendment = Amendment {
            number: "640".to_owned(),
            stage: "an-1-seance".to_owned(),
            article: Target::parse("après 8 ter"),
            authors: vec!["Olivier Marleix".to_owned(), "Autre".to_owned()],
            group: Some("DR".to_owned()),
            filed: crate::date::LegalTime::parse("2025-03-14").unwrap(),
            outcome: Outcome::Rejected,
            decided: Some(crate::date::LegalTime::parse("2025-03-20T23:52:15+01:00").unwrap()),
            parent: Some("12".to_owned()),
            identical: vec!["655".to_owned()],
            instruction: "Supprimer cet article.".to_owned(),
            operations: Some(vec![crate::model::Operation::DeleteArticle]),
            credits: vec![crate::model::CreditLine {
                mission: Some("Sécurités".to_owned()),
                programme: "Police nationale".to_owned(),
                commitments: -5,
                payments: 5,
            }],
            explanation: Some("Exposé.".to_owned()),
            vote: None,
            source: Some("Données ouvertes".to_owned()),
        };
        amendment.vote = serde_json::from_str(
            r#"{"ballot": "1102", "date": "2025-03-20", "result": "rejected",
                "for": 24, "against": 119, "abstentions": 6}"#,
        )
        .unwrap();
        assert!(amendment.vote.is_some());
        let stored = StoredAmendment {
            amendment,
            tabled_on: "stage an-1-commission".to_owned(),
            effect: "not known".to_owned(),
            reason: Some(crate::history::Reason::NoDispositif),
            sub_amendments: vec!["983".to_owned()],
            blob: None,
        };
        let json = serde_json::to_value(&stored).unwrap();
        let back: StoredAmendment = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.amendment, stored.amendment);
        assert_eq!(serde_json::to_value(&back).unwrap(), json);

        let least = r#"{"number": "1", "stage": "s", "article": "1", "authors": [],
            "filed": "2025-03-14", "outcome": "adopted", "instruction": "",
            "tabled_on": "stage s", "effect": "applied", "a-later-field": 1}"#;
        let back: StoredAmendment = serde_json::from_str(least).unwrap();
        assert_eq!(back.amendment.group, None);
        assert!(back.amendment.identical.is_empty() && back.sub_amendments.is_empty());
        assert_eq!(back.reason, None);
    }
}
