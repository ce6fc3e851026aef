//! Moving every ref at once.
//!
//! amendo keeps its refs in `packed-refs` only and replaces that file in one
//! `rename`, using git's own lock protocol (`packed-refs.lock`). Readers, plain
//! git included, see either all the old refs or all the new ones: the commit
//! point of an ingest is that rename, made after every object is written.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use crate::store::StoreError;

/// The ref namespaces amendo owns; refs elsewhere are left as they are.
pub const OWNED: [&str; 4] = [
    "refs/heads/",
    "refs/tags/",
    "refs/amendments/",
    "refs/amendo/",
];

/// Refs that record what a watchlist reported (`amendo watch`): not derived
/// from the sources, so an ingest keeps them.
pub const WATCH: &str = "refs/amendo/watch/";

fn owned(name: &str) -> bool {
    OWNED.iter().any(|p| name.starts_with(p))
}

/// The last part of the name of every ref named `prefix` + one more part
/// (`refs/amendo/meta/` gives the bills' slugs), packed or loose, sorted,
/// without listing every ref as libgit2 does (a bill holds one ref an
/// amendment).
pub fn names_under(store: &Path, prefix: &str) -> Result<Vec<String>, StoreError> {
    let path = store.join("packed-refs");
    let mut out: Vec<String> = match fs::read(&path) {
        Ok(bytes) => {
            let needle = format!(" {prefix}");
            memchr::memmem::find_iter(&bytes, needle.as_bytes())
                .filter_map(|at| {
                    let start = at + needle.len();
                    let end =
                        memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
                    let name = std::str::from_utf8(&bytes[start..end])
                        .ok()?
                        .trim_end_matches('\r');
                    // A ref's line is the id, a space and the name: the
                    // match must start a line's name and name no deeper ref.
                    let line_start = bytes[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |n| n + 1);
                    let id = &bytes[line_start..at];
                    (!name.is_empty()
                        && !name.contains('/')
                        && !id.is_empty()
                        && id.iter().all(u8::is_ascii_hexdigit))
                    .then(|| name.to_owned())
                })
                .collect()
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    if let Ok(dir) = fs::read_dir(store.join(prefix)) {
        for e in dir.flatten() {
            // (A `.lock` file is git's, for a ref being written.)
            let name = e.file_name();
            if e.file_type().is_ok_and(|t| t.is_file())
                && !name.to_string_lossy().ends_with(".lock")
            {
                out.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Reads `packed-refs` into name → hex id (peeled lines are dropped).
pub fn read_packed(store: &Path) -> Result<BTreeMap<String, String>, StoreError> {
    let path = store.join("packed-refs");
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(StoreError::Io(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('^'))
        .filter_map(|l| l.split_once(' '))
        .map(|(id, name)| (name.to_owned(), id.to_owned()))
        .collect())
}

/// Replaces every ref in amendo's namespaces by `refs` in one atomic step,
/// keeping refs outside them and the watch states ([`WATCH`]) that `refs`
/// does not name. Returns how many refs changed.
pub fn replace_all(store: &Path, refs: &BTreeMap<String, String>) -> Result<usize, StoreError> {
    let old = read_packed(store)?;
    let mut all: BTreeMap<String, String> = old
        .iter()
        .filter(|(name, _)| !owned(name) || name.starts_with(WATCH))
        .map(|(n, i)| (n.clone(), i.clone()))
        .collect();
    all.extend(refs.iter().map(|(n, i)| (n.clone(), i.clone())));
    let changed = all.iter().filter(|(n, i)| old.get(*n) != Some(i)).count()
        + old.keys().filter(|n| !all.contains_key(*n)).count();
    remove_stray_loose_refs(store)?;
    if changed == 0 {
        return Ok(0);
    }
    let mut body = String::from("# pack-refs with: peeled fully-peeled sorted \n");
    for (name, id) in &all {
        body.push_str(id);
        body.push(' ');
        body.push_str(name);
        body.push('\n');
    }
    let lock = store.join("packed-refs.lock");
    // Under amendo's own write lock, a leftover packed-refs.lock can only come
    // from a run that was killed during this step: it is safe to replace.
    crate::fault::step("refs: remove a stale packed-refs.lock");
    let _ = fs::remove_file(&lock);
    crate::fault::step("refs: write packed-refs.lock");
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lock)
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", lock.display())))?;
    f.write_all(body.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", lock.display())))?;
    drop(f);
    crate::fault::step("refs: rename packed-refs.lock to packed-refs");
    fs::rename(&lock, store.join("packed-refs"))
        .map_err(|e| StoreError::Io(format!("cannot update packed-refs: {e}")))?;
    Ok(changed)
}

/// Loose refs in amendo's namespaces would hide the packed ones: they can only
/// come from outside amendo, and are removed (the folders stay).
fn remove_stray_loose_refs(store: &Path) -> Result<(), StoreError> {
    fn clear(dir: &Path) -> std::io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                clear(&path)?;
                crate::fault::step("refs: remove a loose ref folder");
                fs::remove_dir(&path)?;
            } else {
                crate::fault::step("refs: remove a loose ref");
                fs::remove_file(&path)?;
            }
        }
        Ok(())
    }
    for ns in OWNED {
        let dir = store.join(ns.trim_end_matches('/'));
        if dir.is_dir() {
            clear(&dir)
                .map_err(|e| StoreError::Io(format!("cannot clear {}: {e}", dir.display())))?;
        }
    }
    Ok(())
}

/// Points HEAD at `target` (a full ref name), atomically.
pub fn set_head(store: &Path, target: &str) -> Result<(), StoreError> {
    let want = format!("ref: {target}\n");
    let path = store.join("HEAD");
    if fs::read_to_string(&path).ok().as_deref() == Some(want.as_str()) {
        return Ok(());
    }
    let tmp = store.join("HEAD.amendo-tmp");
    crate::fault::step("refs: write HEAD.amendo-tmp");
    fs::write(&tmp, want)
        .and_then(|_| {
            crate::fault::step("refs: rename HEAD.amendo-tmp to HEAD");
            fs::rename(&tmp, &path)
        })
        .map_err(|e| StoreError::Io(format!("cannot update HEAD: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_under_a_prefix_from_packed_and_loose_refs() {
        let dir = tempfile::tempdir().unwrap();
        let id = "0123456789abcdef0123456789abcdef01234567";
        fs::write(
            dir.path().join("packed-refs"),
            format!(
                "# pack-refs with: peeled fully-peeled sorted \n\
                 {id} refs/amendments/b/s/1\n\
                 {id} refs/amendo/meta/b\n\
                 ^{id}\n\
                 {id} refs/amendo/meta/a\r\n\
                 {id} refs/amendo/meta/deeper/c\n\
                 {id} refs/amendo/metadata\n\
                 \x20refs/amendo/meta/without-id\n\
                 {id} refs/amendo/meta/z"
            ),
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("refs/amendo/meta")).unwrap();
        fs::write(dir.path().join("refs/amendo/meta/loose"), id).unwrap();
        fs::write(dir.path().join("refs/amendo/meta/b"), id).unwrap();
        fs::write(dir.path().join("refs/amendo/meta/c.lock"), id).unwrap();
        assert_eq!(
            names_under(dir.path(), "refs/amendo/meta/").unwrap(),
            ["a", "b", "loose", "z"]
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(
            names_under(empty.path(), "refs/amendo/meta/")
                .unwrap()
                .is_empty()
        );
    }
}
