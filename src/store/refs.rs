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
