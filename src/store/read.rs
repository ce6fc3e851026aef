//! Reading the store: bills, amendments and texts, as the queries need them.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};
use serde::Deserialize;

use crate::model::{Amendment, Article, Bill, Item, Line, Text};
use crate::store::{StoreError, meta_ref, stage_ref};

/// An open store, read-only.
pub struct Store {
    repo: Repository,
    path: PathBuf,
}

/// An amendment as stored, with what the history computed for it.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
pub struct StoredAmendment {
    /// The amendment.
    #[serde(flatten)]
    pub amendment: Amendment,
    /// `stage <id>` or `amendment <number>`.
    pub tabled_on: String,
    /// `applied`, or why its effect is not known.
    pub effect: String,
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
        let repo =
            Repository::open_bare(path).map_err(|_| StoreError::NotAStore(path.to_path_buf()))?;
        Ok(Store {
            repo,
            path: path.to_path_buf(),
        })
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
        let mut out = Vec::new();
        for r in self.repo.references_glob("refs/amendo/meta/*")? {
            if let Ok(name) = r?.name() {
                out.push(name.trim_start_matches("refs/amendo/meta/").to_owned());
            }
        }
        out.sort();
        Ok(out)
    }

    /// A bill's metadata.
    pub fn bill(&self, slug: &str) -> Result<Bill, StoreError> {
        let tree = self.meta_tree(slug)?;
        let bytes = self.blob_at(&tree, "bill.json")?;
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt(format!("bill.json: {e}")))
    }

    /// Every amendment of a bill, in discussion order (stage, then decision time).
    pub fn amendments(&self, slug: &str, bill: &Bill) -> Result<Vec<StoredAmendment>, StoreError> {
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
            let mut here = Vec::new();
            for e in stage_tree.iter() {
                if e.kind() != Some(ObjectType::Blob) {
                    continue;
                }
                let blob = self.repo.find_blob(e.id())?;
                let a: StoredAmendment = serde_json::from_slice(blob.content()).map_err(|err| {
                    StoreError::Corrupt(format!("{}: {err}", e.name().unwrap_or("?")))
                })?;
                here.push(a);
            }
            here.sort_by(|a, b| {
                a.amendment.when().cmp(&b.amendment.when()).then_with(|| {
                    crate::model::number_order(&a.amendment.number, &b.amendment.number)
                })
            });
            out.extend(here);
        }
        Ok(out)
    }

    /// The bill's text at a stage.
    pub fn text_at(&self, slug: &str, stage: &str) -> Result<Text, StoreError> {
        let id = self.ref_target(&stage_ref(slug, stage)).ok_or_else(|| {
            StoreError::NotFound(format!("no stage `{stage}` for bill `{slug}` in the store"))
        })?;
        self.text_of_commit(id)
    }

    /// The text held by any text commit (stage, amendment or main line).
    pub fn text_of_commit(&self, commit: Oid) -> Result<Text, StoreError> {
        let tree = self.repo.find_commit(commit)?.tree()?;
        let structure: Structure = serde_json::from_slice(&self.blob_at(&tree, "bill.json")?)
            .map_err(|e| StoreError::Corrupt(format!("bill.json: {e}")))?;
        let mut text = Text::default();
        for item in structure.items {
            text.items.push(match item {
                StructureItem::Division { level, heading } => Item::Division { level, heading },
                StructureItem::Gap { note } => Item::Gap { note },
                StructureItem::Article { id, number } => {
                    let bytes = self.blob_at(&tree, &format!("articles/{id}.txt"))?;
                    let body = String::from_utf8(bytes).map_err(|_| {
                        StoreError::Corrupt(format!("articles/{id}.txt is not UTF-8"))
                    })?;
                    Item::Article(Article {
                        id,
                        number,
                        lines: body.lines().map(Line::from_store_line).collect(),
                    })
                }
            });
        }
        Ok(text)
    }
}
