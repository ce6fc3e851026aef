//! Git objects as an ingest makes them: encoded, hashed and kept in memory
//! until [`super::pack`] writes the new ones as one pack.
//!
//! An ingest builds every blob, tree and commit of a bill again from the
//! sources; most of them are already in the store. [`Objects`] hashes each
//! one (SHA-1, as git names objects) and keeps only those the store does not
//! hold yet ([`Known`]), so a build writes exactly the objects that are new.
//! Objects are encoded here byte for byte as git (and libgit2) encode them,
//! so the ids are those git gives the same content.
//!
//! A tree or blob made by changing one entry or one article of another
//! remembers that object as its *base*: the pack stores it as a delta
//! against it, found without searching.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository};
use sha1::{Digest, Sha1};

use crate::store::StoreError;

/// The mode of a file in a tree.
pub const FILE: u32 = 0o100644;
/// The mode of a folder in a tree.
pub const FOLDER: u32 = 0o040000;

/// The git id of an object of `kind` holding `data`.
pub fn hash(kind: ObjectType, data: &[u8]) -> Oid {
    let mut h = Sha1::new();
    h.update(kind.str().as_bytes());
    h.update(b" ");
    h.update(data.len().to_string().as_bytes());
    h.update([0]);
    h.update(data);
    Oid::from_bytes(&h.finalize()).unwrap_or(Oid::ZERO_SHA1)
}

/// One new object, as the pack needs it.
pub struct NewObject {
    /// Its id.
    pub id: Oid,
    /// Commit, tree or blob.
    pub kind: ObjectType,
    /// Its content.
    pub data: Arc<[u8]>,
    /// An object it was made from by a small change, to store it as a delta.
    pub base: Option<Oid>,
}

impl NewObject {
    /// An object holding `data`, its id computed; `base`, the object it
    /// was made from by a small change, if any.
    pub fn of(kind: ObjectType, data: &[u8], base: Option<Oid>) -> NewObject {
        NewObject {
            id: hash(kind, data),
            kind,
            data: Arc::from(data),
            base,
        }
    }
}

/// The objects the store already holds: the ids listed in its packs'
/// indexes, and its loose objects.
pub struct Known {
    /// The fan-out table and the sorted id table of every `.idx`
    /// (version 2), as read, the largest first.
    indexes: Vec<([u32; 256], Vec<u8>)>,
    loose: HashSet<Oid>,
    /// True when an index could not be read: ask libgit2 instead.
    fallback: bool,
}

impl Known {
    /// Lists the objects of the store at `path`.
    pub fn load(path: &Path) -> Result<Known, StoreError> {
        let mut known = Known {
            indexes: Vec::new(),
            loose: HashSet::new(),
            fallback: false,
        };
        let objects = path.join("objects");
        let io = |e: std::io::Error, p: &Path| {
            StoreError::Io(format!("cannot read {}: {e}", p.display()))
        };
        let pack = objects.join("pack");
        if let Ok(entries) = fs::read_dir(&pack) {
            for e in entries.flatten() {
                let p = e.path();
                let name = e.file_name();
                let name = name.to_string_lossy();
                if !(name.starts_with("pack-") && name.ends_with(".idx")) {
                    continue;
                }
                let bytes = fs::read(&p).map_err(|err| io(err, &p))?;
                match index_ids(&bytes) {
                    Some((fanout, ids)) => known.indexes.push((fanout, ids.to_vec())),
                    None => known.fallback = true,
                }
            }
        }
        if let Ok(dirs) = fs::read_dir(&objects) {
            for d in dirs.flatten() {
                let prefix = d.file_name().to_string_lossy().into_owned();
                if prefix.len() != 2 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
                    continue;
                }
                let Ok(files) = fs::read_dir(d.path()) else {
                    continue;
                };
                for f in files.flatten() {
                    let rest = f.file_name().to_string_lossy().into_owned();
                    if let Ok(id) = Oid::from_str(&format!("{prefix}{rest}")) {
                        known.loose.insert(id);
                    }
                }
            }
        }
        // The largest first: most ids asked for are in the pack of the
        // first build.
        known
            .indexes
            .sort_by_key(|(_, ids)| std::cmp::Reverse(ids.len()));
        Ok(known)
    }

    /// True when the store holds `id`.
    fn contains(&self, repo: &Repository, id: Oid) -> bool {
        if self.fallback {
            return repo.odb().is_ok_and(|odb| odb.exists(id));
        }
        let key = id.as_bytes();
        self.loose.contains(&id)
            || self.indexes.iter().any(|(fanout, ids)| {
                // The fan-out table gives the range of ids that start
                // with the same byte.
                let first = key[0] as usize;
                let mut lo = if first == 0 {
                    0
                } else {
                    fanout[first - 1] as usize
                };
                let mut hi = (fanout[first] as usize).min(ids.len() / 20);
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    match ids[mid * 20..mid * 20 + 20].cmp(key) {
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                        std::cmp::Ordering::Equal => return true,
                    }
                }
                false
            })
    }
}

/// The fan-out table (how many ids start with a byte up to each value)
/// and the sorted id table of a version 2 pack index, or None.
fn index_ids(bytes: &[u8]) -> Option<([u32; 256], &[u8])> {
    if bytes.len() < 8 + 256 * 4 || bytes[..8] != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
        return None;
    }
    let mut fanout = [0u32; 256];
    for (k, n) in fanout.iter_mut().enumerate() {
        let at = 8 + k * 4;
        *n = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    }
    // A table that decreases somewhere is not an index.
    if fanout.windows(2).any(|w| w[0] > w[1]) {
        return None;
    }
    let n = fanout[255] as usize;
    Some((fanout, bytes.get(8 + 256 * 4..8 + 256 * 4 + n * 20)?))
}

/// The objects an ingest made: the new ones in the order they were made
/// (a base before the objects made from it), and the trees it made that the
/// store already had, so that changing them does not read them back.
pub struct Objects<'r> {
    repo: &'r Repository,
    known: Known,
    new: Vec<NewObject>,
    index: HashMap<Oid, usize>,
    trees: HashMap<Oid, Arc<[u8]>>,
}

impl<'r> Objects<'r> {
    /// An empty set over the store `repo` (at `path`).
    pub fn new(repo: &'r Repository, path: &Path) -> Result<Objects<'r>, StoreError> {
        Ok(Objects {
            repo,
            known: Known::load(path)?,
            new: Vec::new(),
            index: HashMap::new(),
            trees: HashMap::new(),
        })
    }

    /// Adds an object; returns its id. An object already made, or already
    /// in the store, is not kept twice.
    pub fn put(&mut self, kind: ObjectType, data: Vec<u8>, base: Option<Oid>) -> Oid {
        let id = hash(kind, &data);
        self.put_hashed(id, kind, data, base);
        id
    }

    /// Adds an object whose id is already known (`hash(kind, &data)`,
    /// computed on another core).
    pub fn put_hashed(
        &mut self,
        id: Oid,
        kind: ObjectType,
        data: Vec<u8>,
        base: Option<Oid>,
    ) -> Oid {
        if self.index.contains_key(&id) || self.trees.contains_key(&id) {
            return id;
        }
        if self.known.contains(self.repo, id) {
            if kind == ObjectType::Tree {
                self.trees.insert(id, data.into());
            }
            return id;
        }
        let data: Arc<[u8]> = data.into();
        self.index.insert(id, self.new.len());
        self.new.push(NewObject {
            id,
            kind,
            data,
            base,
        });
        id
    }

    /// True when the object was made here or the store holds it.
    pub fn holds(&self, id: Oid) -> bool {
        self.index.contains_key(&id) || self.known.contains(self.repo, id)
    }

    /// The content of an object made here or held by the store.
    pub fn get(&self, id: Oid) -> Result<Arc<[u8]>, StoreError> {
        if let Some(&i) = self.index.get(&id) {
            return Ok(self.new[i].data.clone());
        }
        if let Some(t) = self.trees.get(&id) {
            return Ok(t.clone());
        }
        let odb = self.repo.odb()?;
        Ok(odb.read(id)?.data().into())
    }

    /// The new objects, in the order they were made.
    pub fn into_new(self) -> Vec<NewObject> {
        self.new
    }
}

/// One entry of a tree: its mode, name and id.
pub struct Entry<'a> {
    /// The mode, as octal digits (`100644`, `40000`).
    pub mode: &'a [u8],
    /// The name.
    pub name: &'a [u8],
    /// The id.
    pub id: Oid,
}

/// The entries of a tree's content, in order.
pub fn entries(tree: &[u8]) -> Result<Vec<(usize, Entry<'_>)>, StoreError> {
    let bad = || StoreError::Corrupt("a tree does not parse".into());
    let mut out = Vec::new();
    let mut at = 0;
    while at < tree.len() {
        let start = at;
        let space = tree[at..].iter().position(|&b| b == b' ').ok_or_else(bad)? + at;
        let nul = tree[space..].iter().position(|&b| b == 0).ok_or_else(bad)? + space;
        let id = tree.get(nul + 1..nul + 21).ok_or_else(bad)?;
        out.push((
            start,
            Entry {
                mode: &tree[at..space],
                name: &tree[space + 1..nul],
                id: Oid::from_bytes(id).map_err(|_| bad())?,
            },
        ));
        at = nul + 21;
    }
    Ok(out)
}

/// The id of entry `name` of a tree's content.
pub fn lookup(tree: &[u8], name: &str) -> Result<Option<Oid>, StoreError> {
    let bad = || StoreError::Corrupt("a tree does not parse".into());
    let name = name.as_bytes();
    let mut at = 0;
    while at < tree.len() {
        let space = tree[at..].iter().position(|&b| b == b' ').ok_or_else(bad)? + at;
        let nul = tree[space..].iter().position(|&b| b == 0).ok_or_else(bad)? + space;
        let id = tree.get(nul + 1..nul + 21).ok_or_else(bad)?;
        if &tree[space + 1..nul] == name {
            return Ok(Some(Oid::from_bytes(id).map_err(|_| bad())?));
        }
        at = nul + 21;
    }
    Ok(None)
}

/// git's order of tree entries: by name, a folder's name compared as if
/// it ended with `/`.
fn order(a: &[u8], a_folder: bool, b: &[u8], b_folder: bool) -> std::cmp::Ordering {
    let slash = |folder: bool| if folder { Some(b'/') } else { None };
    let a = a.iter().copied().chain(slash(a_folder));
    let b = b.iter().copied().chain(slash(b_folder));
    a.cmp(b)
}

fn write_entry(out: &mut Vec<u8>, mode: u32, name: &[u8], id: Oid) {
    out.extend_from_slice(format!("{mode:o} ").as_bytes());
    out.extend_from_slice(name);
    out.push(0);
    out.extend_from_slice(id.as_bytes());
}

/// A tree's content from its entries (name, mode, id), in any order; of
/// two entries with the same name, the later one is kept (as libgit2's tree
/// builder keeps the last insertion).
pub fn tree(mut items: Vec<(String, u32, Oid)>) -> Vec<u8> {
    items.reverse();
    items.sort_by(|a, b| order(a.0.as_bytes(), a.1 == FOLDER, b.0.as_bytes(), b.1 == FOLDER));
    items.dedup_by(|later, first| later.0 == first.0);
    let mut out = Vec::with_capacity(items.len() * 40);
    for (name, mode, id) in items {
        write_entry(&mut out, mode, name.as_bytes(), id);
    }
    out
}

/// A tree's content with entry `name` set to `id` (replaced, or inserted
/// in its place).
pub fn with_entry(tree: &[u8], name: &str, mode: u32, id: Oid) -> Result<Vec<u8>, StoreError> {
    let folder = mode == FOLDER;
    let mut cut = (tree.len(), tree.len());
    for (start, e) in entries(tree)? {
        let end = start + e.mode.len() + 1 + e.name.len() + 21;
        if e.name == name.as_bytes() {
            cut = (start, end);
            break;
        }
        if order(e.name, e.mode == b"40000", name.as_bytes(), folder).is_gt() {
            cut = (start, start);
            break;
        }
    }
    let mut out = Vec::with_capacity(tree.len() + name.len() + 28);
    out.extend_from_slice(&tree[..cut.0]);
    write_entry(&mut out, mode, name.as_bytes(), id);
    out.extend_from_slice(&tree[cut.1..]);
    Ok(out)
}

/// A signature as git writes it: `name <email> seconds ±hhmm`.
fn signature(out: &mut Vec<u8>, header: &str, name: &str, email: &str, time: (i64, i32)) {
    let (seconds, offset) = time;
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs();
    // libgit2 writes the time as a 32-bit unsigned number.
    let line = format!(
        "{header}{name} <{email}> {} {sign}{:02}{:02}\n",
        seconds as u32,
        offset / 60,
        offset % 60
    );
    out.extend_from_slice(line.as_bytes());
}

/// A name or e-mail as git accepts it in a signature: trimmed, without
/// angle brackets, not empty.
pub fn signature_part(s: &str) -> Result<&str, StoreError> {
    let t = s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r'));
    if t.contains(['<', '>']) || t.is_empty() {
        return Err(StoreError::Io(format!(
            "`{s}` cannot be a commit author (empty, or with angle brackets)"
        )));
    }
    Ok(t)
}

/// Who and when, for a commit.
pub struct Signature<'a> {
    /// The name.
    pub name: &'a str,
    /// The e-mail.
    pub email: &'a str,
    /// Seconds since the epoch and offset in minutes.
    pub time: (i64, i32),
}

/// A commit's content.
pub fn commit(
    tree: Oid,
    parents: &[Oid],
    author: &Signature,
    committer: &Signature,
    message: &str,
) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::with_capacity(message.len() + 300);
    out.extend_from_slice(format!("tree {tree}\n").as_bytes());
    for p in parents {
        out.extend_from_slice(format!("parent {p}\n").as_bytes());
    }
    for (header, s) in [("author ", author), ("committer ", committer)] {
        signature(
            &mut out,
            header,
            signature_part(s.name)?,
            signature_part(s.email)?,
            s.time,
        );
    }
    out.push(b'\n');
    out.extend_from_slice(message.as_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        (dir, repo)
    }

    #[test]
    fn blobs_trees_and_commits_have_the_ids_libgit2_gives_them() {
        let (_d, repo) = repo();
        let blob = repo.blob(b"Alinea 1.\n").unwrap();
        assert_eq!(hash(ObjectType::Blob, b"Alinea 1.\n"), blob);
        let names = ["b.txt", "a", "a.txt", "a-b", "bill.json"];
        let mut tb = repo.treebuilder(None).unwrap();
        let mut items = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let mode = if i == 1 { FOLDER } else { FILE };
            let id = if mode == FOLDER {
                repo.treebuilder(None).unwrap().write().unwrap()
            } else {
                blob
            };
            tb.insert(n, id, mode as i32).unwrap();
            items.push((n.to_string(), mode, id));
        }
        let want = tb.write().unwrap();
        let ours = tree(items);
        assert_eq!(hash(ObjectType::Tree, &ours), want);
        // Changing one entry, and adding one in its place.
        let other = repo.blob(b"autre\n").unwrap();
        let mut tb = repo
            .treebuilder(Some(&repo.find_tree(want).unwrap()))
            .unwrap();
        tb.insert("a.txt", other, FILE as i32).unwrap();
        tb.insert("a.b", other, FILE as i32).unwrap();
        tb.insert("c", other, FILE as i32).unwrap();
        let want = tb.write().unwrap();
        let ours = with_entry(&ours, "a.txt", FILE, other).unwrap();
        let ours = with_entry(&ours, "a.b", FILE, other).unwrap();
        let ours = with_entry(&ours, "c", FILE, other).unwrap();
        assert_eq!(hash(ObjectType::Tree, &ours), want);
        assert_eq!(lookup(&ours, "a.b").unwrap(), Some(other));
        // A commit, with an offset west of Greenwich and one east.
        let tree_id = want;
        let parent = {
            let sig = git2::Signature::new("Sénat", "senat", &git2::Time::new(1_234_567_890, 60))
                .unwrap();
            repo.commit(
                None,
                &sig,
                &sig,
                "Texte\n",
                &repo.find_tree(tree_id).unwrap(),
                &[],
            )
            .unwrap()
        };
        let author = git2::Signature::new(
            "Léa Petit (GDR)",
            "assemblee",
            &git2::Time::new(1_742_460_000, -150),
        )
        .unwrap();
        let committer =
            git2::Signature::new("amendo", "amendo", &git2::Time::new(1_742_470_000, 0)).unwrap();
        let message = "Amendement 1\n\nAmendment: 1\n";
        let want = repo
            .commit(
                None,
                &author,
                &committer,
                message,
                &repo.find_tree(tree_id).unwrap(),
                &[&repo.find_commit(parent).unwrap()],
            )
            .unwrap();
        let ours = commit(
            tree_id,
            &[parent],
            &Signature {
                name: "Léa Petit (GDR)",
                email: "assemblee",
                time: (1_742_460_000, -150),
            },
            &Signature {
                name: "amendo",
                email: "amendo",
                time: (1_742_470_000, 0),
            },
            message,
        )
        .unwrap();
        assert_eq!(hash(ObjectType::Commit, &ours), want);
    }
}
