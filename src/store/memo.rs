//! `amendo-made`: a file in the store that remembers, from one build to
//! the next, objects a build made from its inputs, by a digest of those
//! inputs, so that a build after an edit need not make them again.
//!
//! Every amendment tabled on a stage's text gets a commit whose tree is that
//! text with the article the amendment produces written in. Making that tree
//! means copying the text's `articles/` tree (one entry per article: 12 KB
//! for a 300-article bill) with one entry changed, then hashing it and the
//! root tree: for 15,000 amendments, 200 MB copied and hashed on every
//! build, though an edit changes a handful of them. Such a tree is a
//! function of three ids: the text's tree, the article's file name and the
//! article's blob; for an article new to the text (an additional article),
//! also of where it enters the text's structure (the article it follows or
//! precedes, and its own number), which a budget bill's thousands of
//! additional articles would otherwise each write again.
//!
//! Each amendment's record (its JSON file) and commit are, likewise,
//! functions of the amendment and of a few more values (the record: what
//! it was tabled on, its effect and sub-amendments; the commit: the bill,
//! the effect, its tree and parent), and of the amendo that writes them.
//! Making them again means serialising and hashing some 60 MB for a budget
//! bill. An amendment is digested through its `Hash` implementation
//! ([`digest`]: every field, each string ended by a byte UTF-8 never holds
//! and each list preceded by its length), about half the cost of writing it
//! as JSON, and the keys of its record and commit are derived from that
//! digest ([`derived_key`]).
//!
//! The file names the amendo that wrote it (its identity's digest: another
//! release may make its objects otherwise, and its file is not read), then
//! maps each key to the object made. An entry is used only when the store
//! holds the object it names, so a stale or damaged file can make a build
//! slower, never wrong, as long as each key covers every input of its
//! object: a tree's id is its content's hash, and the store holds what it
//! names. Each build writes the entries of its own objects, after they
//! are in the store.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use git2::Oid;
use sha1::{Digest, Sha1};

use crate::store::StoreError;

/// The file's name in the store.
pub const FILE: &str = "amendo-made";

/// The name of the file before it also remembered records and commits,
/// removed when the file is written.
const FORMER_FILE: &str = "amendo-trees";

/// The first bytes of the file: its format.
const MAGIC: &[u8] = b"amendo-made 1\n";

/// The writer of the tests' files.
#[cfg(test)]
const TEST_WRITER: Key = [7; 20];

/// An entry's key: for a tree, the digest of a text tree, an article's file
/// name, its blob and, for an additional article, its placement
/// ([`placed_key`]); for a record or a commit, [`derived_key`].
pub type Key = [u8; 20];

/// A SHA-1 that values are written into through their `Hash`
/// implementations ([`digest`]).
struct Digester(Sha1);

impl std::hash::Hasher for Digester {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The first eight bytes of the digest so far (only [`digest`]'s whole
    /// digest is used).
    fn finish(&self) -> u64 {
        let d: Key = self.0.clone().finalize().into();
        u64::from_le_bytes(d[..8].try_into().unwrap_or_default())
    }
}

/// The SHA-1 of what `value`'s `Hash` implementation writes. The derived
/// implementations write every field; a string ends with 0xFF, a byte that
/// UTF-8 never holds, and a list starts with its length: two values that
/// differ write different bytes.
pub fn digest<T: std::hash::Hash + ?Sized>(value: &T) -> Key {
    let mut d = Digester(Sha1::new());
    value.hash(&mut d);
    d.0.finalize().into()
}

/// The key of an object of `kind` made from `parts` (each written with its
/// length first, so that no two lists of parts read alike).
pub fn derived_key(kind: &str, parts: &[&[u8]]) -> Key {
    let mut h = Sha1::new();
    h.update(b"amendo made\0");
    for part in std::iter::once(kind.as_bytes()).chain(parts.iter().copied()) {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().into()
}

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

/// The objects earlier builds made, those the store holds.
#[derive(Default)]
pub struct Memo {
    made: HashMap<Key, Oid>,
}

impl Memo {
    /// Reads the store's file, keeping the entries whose object `holds` says
    /// the store has, when the amendo that wrote it is `writer` (a digest of
    /// its identity: another may make its objects otherwise). A missing,
    /// unreadable, malformed or foreign file gives an empty memo: the
    /// objects are then made again.
    pub fn load(store: &Path, writer: &Key, holds: impl Fn(Oid) -> bool) -> Memo {
        let Ok(bytes) = fs::read(store.join(FILE)) else {
            return Memo::default();
        };
        let Some(records) = bytes
            .strip_prefix(MAGIC)
            .and_then(|rest| rest.strip_prefix(writer.as_slice()))
        else {
            return Memo::default();
        };
        if records.len() % 40 != 0 {
            return Memo::default();
        }
        let made = records
            .chunks_exact(40)
            .filter_map(|r| {
                let key: Key = r[..20].try_into().ok()?;
                let id = Oid::from_bytes(&r[20..]).ok()?;
                holds(id).then_some((key, id))
            })
            .collect();
        Memo { made }
    }

    /// The object remembered for `key`.
    pub fn get(&self, key: &Key) -> Option<Oid> {
        self.made.get(key).copied()
    }
}

/// Replaces the store's file with `entries` (sorted, so the same build
/// writes the same bytes), made by `writer` ([`Memo::load`]), through a
/// temporary file renamed into place.
pub fn save(store: &Path, writer: &Key, mut entries: Vec<(Key, Oid)>) -> Result<(), StoreError> {
    entries.sort_unstable_by_key(|e| e.0);
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut bytes = Vec::with_capacity(MAGIC.len() + 20 + entries.len() * 40);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(writer);
    for (key, id) in &entries {
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(id.as_bytes());
    }
    let tmp = store.join(format!("{FILE}.tmp"));
    let io =
        |e: std::io::Error, p: &Path| StoreError::Io(format!("cannot write {}: {e}", p.display()));
    fs::write(&tmp, &bytes).map_err(|e| io(e, &tmp))?;
    let file = store.join(FILE);
    fs::rename(&tmp, &file).map_err(|e| io(e, &file))?;
    // What an earlier amendo remembered under the former name.
    let _ = fs::remove_file(store.join(FORMER_FILE));
    Ok(())
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
        save(dir.path(), &TEST_WRITER, vec![(b, oid(4)), (a, oid(3))]).unwrap();
        let memo = Memo::load(dir.path(), &TEST_WRITER, |t| t == oid(3));
        assert_eq!(memo.get(&a), Some(oid(3)));
        assert_eq!(memo.get(&b), None, "a tree the store lacks is not trusted");
        let foreign = Memo::load(dir.path(), &[8; 20], |_| true);
        assert_eq!(foreign.get(&a), None, "another amendo's file is not read");
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

    /// The keys of records and commits: an amendment's digest changes with
    /// any of its fields, and no two lists of parts (or strings) read alike.
    #[test]
    fn keys_tell_apart_every_field_and_where_each_part_ends() {
        let amendment = |changes: serde_json::Value| -> crate::model::Amendment {
            let mut v = serde_json::json!({
                "number": "CL12", "stage": "an-1-commission",
                "article": "8 ter",
                "authors": ["Mme A"], "filed": "2025-03-01", "outcome": "adopted",
                "instruction": "Supprimer cet article.", "explanation": "Parce que."
            });
            for (k, x) in changes.as_object().unwrap() {
                v[k] = x.clone();
            }
            serde_json::from_value(v).unwrap()
        };
        let base = digest(&amendment(serde_json::json!({})));
        assert_eq!(base, digest(&amendment(serde_json::json!({}))));
        for change in [
            serde_json::json!({"number": "CL13"}),
            serde_json::json!({"explanation": "Parce que"}),
            serde_json::json!({"explanation": null}),
            serde_json::json!({"authors": ["Mme A", ""]}),
            serde_json::json!({"authors": ["Mme", "A"]}),
            serde_json::json!({"outcome": "rejected"}),
            serde_json::json!({"group": "LFI"}),
            serde_json::json!({"decided": "2025-03-02"}),
        ] {
            assert_ne!(base, digest(&amendment(change.clone())), "{change}");
        }
        assert_ne!(digest(&("ab", "c")), digest(&("a", "bc")));
        let key = |kind, parts: &[&[u8]]| derived_key(kind, parts);
        assert_ne!(key("record", &[b"ab", b"c"]), key("record", &[b"a", b"bc"]));
        assert_ne!(key("record", &[b"x"]), key("commit", &[b"x"]));
        assert_ne!(key("record", &[b""]), key("record", &[]));
    }

    #[test]
    fn a_damaged_file_is_an_empty_memo() {
        let dir = tempfile::tempdir().unwrap();
        let k = key(oid(1), "1er.txt", oid(2));
        save(dir.path(), &TEST_WRITER, vec![(k, oid(3))]).unwrap();
        let path = dir.path().join(FILE);
        let mut bytes = fs::read(&path).unwrap();
        bytes.pop();
        fs::write(&path, &bytes).unwrap();
        assert_eq!(Memo::load(dir.path(), &TEST_WRITER, |_| true).get(&k), None);
        fs::write(&path, b"something else").unwrap();
        assert_eq!(Memo::load(dir.path(), &TEST_WRITER, |_| true).get(&k), None);
    }
}
