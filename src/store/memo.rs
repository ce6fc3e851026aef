//! `amendo-trees`: a file in the store that remembers, from one build to
//! the next, the text trees made by writing one article into a stage's
//! text, so that a build need not make them again.
//!
//! Every amendment tabled on a stage's text gets a commit whose tree is that
//! text with the article the amendment produces written in. Making that tree
//! means copying the text's `articles/` tree (one entry per article: 12 KB
//! for a 300-article bill) with one entry changed, then hashing it and the
//! root tree: for 15,000 amendments, 200 MB copied and hashed on every
//! build, though an edit changes a handful of them.
//!
//! Such a tree is a function of three ids: the text's tree, the article's
//! file name and the article's blob; for an article new to the text (an
//! additional article), also of where it enters the text's structure (the
//! article it follows or precedes, and its own number), which a budget
//! bill's thousands of additional articles would otherwise each write
//! again. The file maps a digest of these to the tree made. An entry is used only when the store holds the tree it
//! names, so a stale or foreign file can make a build slower, never wrong:
//! a tree's id is its content's hash, and the store holds what it names.
//! Each build writes the entries of its own trees, after their objects are
//! in the store.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use git2::Oid;
use sha1::{Digest, Sha1};

use crate::store::StoreError;

/// The file's name in the store.
pub const FILE: &str = "amendo-trees";

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"amendo-trees 1\n";

/// An entry's key: the digest of a text tree, an article's file name, its
/// blob and, for an additional article, its placement ([`placed_key`]).
pub type Key = [u8; 20];

/// The key of the tree made by writing blob `blob` as `file` into the text
/// tree `text`.
pub fn key(text: Oid, file: &str, blob: Oid) -> Key {
    placed_key(text, file, blob, None)
}

/// Where an article new to a text enters its structure: before or after
/// (`after`) the article numbered `target`, itself numbered `number`.
pub struct Placement<'a> {
    /// The number of the article it is placed next to.
    pub target: &'a str,
    /// True for after it, false for before.
    pub after: bool,
    /// Its own number, which the structure records.
    pub number: &'a str,
}

/// [`key`] for a tree that also places a new article in the text's
/// structure: the structure made is a function of the text's (in `text`)
/// and of the placement, so the placement is part of the key.
pub fn placed_key(text: Oid, file: &str, blob: Oid, placement: Option<&Placement>) -> Key {
    let mut h = Sha1::new();
    h.update(text.as_bytes());
    h.update(blob.as_bytes());
    h.update(file.as_bytes());
    if let Some(p) = placement {
        // A file name never holds a NUL: the placement cannot be mistaken
        // for part of it; each number comes with its length, so no two
        // placements read alike.
        h.update(if p.after { b"\0after\0" } else { b"\0befor\0" });
        for s in [p.target, p.number] {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
    }
    h.finalize().into()
}

/// The trees earlier builds made, those the store holds.
#[derive(Default)]
pub struct TreeMemo {
    trees: HashMap<Key, Oid>,
}

impl TreeMemo {
    /// Reads the store's file, keeping the entries whose tree `holds` says
    /// the store has. A missing, unreadable or malformed file gives an empty
    /// memo: the trees are then made again.
    pub fn load(store: &Path, holds: impl Fn(Oid) -> bool) -> TreeMemo {
        let Ok(bytes) = fs::read(store.join(FILE)) else {
            return TreeMemo::default();
        };
        let Some(records) = bytes.strip_prefix(MAGIC) else {
            return TreeMemo::default();
        };
        if records.len() % 40 != 0 {
            return TreeMemo::default();
        }
        let trees = records
            .chunks_exact(40)
            .filter_map(|r| {
                let key: Key = r[..20].try_into().ok()?;
                let tree = Oid::from_bytes(&r[20..]).ok()?;
                holds(tree).then_some((key, tree))
            })
            .collect();
        TreeMemo { trees }
    }

    /// The tree remembered for `key`.
    pub fn get(&self, key: &Key) -> Option<Oid> {
        self.trees.get(key).copied()
    }
}

/// Replaces the store's file with `entries` (sorted, so the same build
/// writes the same bytes), through a temporary file renamed into place.
pub fn save(store: &Path, mut entries: Vec<(Key, Oid)>) -> Result<(), StoreError> {
    entries.sort_unstable_by_key(|e| e.0);
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut bytes = Vec::with_capacity(MAGIC.len() + entries.len() * 40);
    bytes.extend_from_slice(MAGIC);
    for (key, tree) in &entries {
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(tree.as_bytes());
    }
    let tmp = store.join(format!("{FILE}.tmp"));
    let io =
        |e: std::io::Error, p: &Path| StoreError::Io(format!("cannot write {}: {e}", p.display()));
    fs::write(&tmp, &bytes).map_err(|e| io(e, &tmp))?;
    let file = store.join(FILE);
    fs::rename(&tmp, &file).map_err(|e| io(e, &file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(b: u8) -> Oid {
        Oid::from_bytes(&[b; 20]).unwrap()
    }

    #[test]
    fn entries_come_back_only_for_trees_the_store_holds() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (key(oid(1), "1er.txt", oid(2)), key(oid(1), "2.txt", oid(2)));
        assert_ne!(a, b, "the file name is part of the key");
        save(dir.path(), vec![(b, oid(4)), (a, oid(3))]).unwrap();
        let memo = TreeMemo::load(dir.path(), |t| t == oid(3));
        assert_eq!(memo.get(&a), Some(oid(3)));
        assert_eq!(memo.get(&b), None, "a tree the store lacks is not trusted");
    }

    #[test]
    fn a_placement_is_part_of_the_key() {
        let plain = key(oid(1), "a1.txt", oid(2));
        let place = |target, after, number| {
            placed_key(
                oid(1),
                "a1.txt",
                oid(2),
                Some(&Placement {
                    target,
                    after,
                    number,
                }),
            )
        };
        let after_3 = place("3", true, "3 bis");
        assert_ne!(plain, after_3);
        assert_ne!(after_3, place("3", false, "3 bis"), "before is not after");
        assert_ne!(after_3, place("4", true, "3 bis"), "another target");
        assert_ne!(after_3, place("3", true, "3 ter"), "another number");
        assert_ne!(place("3", true, "1\0"), place("3\x001", true, ""));
        assert_eq!(after_3, place("3", true, "3 bis"));
    }

    #[test]
    fn a_damaged_file_is_an_empty_memo() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(oid(1), "1er.txt", oid(2));
        save(dir.path(), vec![(k, oid(3))]).unwrap();
        let path = dir.path().join(FILE);
        let mut bytes = fs::read(&path).unwrap();
        bytes.pop();
        fs::write(&path, &bytes).unwrap();
        assert_eq!(TreeMemo::load(dir.path(), |_| true).get(&k), None);
        fs::write(&path, b"something else").unwrap();
        assert_eq!(TreeMemo::load(dir.path(), |_| true).get(&k), None);
    }
}
