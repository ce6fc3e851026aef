//! What the store was built from: `amendo-sources`, a file in the store's
//! folder (beside `packed-refs`, outside the object database, like git's
//! `index`), written by each build after its refs.
//!
//! It lists every file under `bills/` and `amendments/` with its size,
//! modification time, inode and content hash (the git blob id of its bytes),
//! the refs the build left (a hash of every ref in amendo's namespaces but the
//! watch states) and which amendo wrote them. A build first scans the
//! sources: a file whose size, time and inode are the recorded ones is not
//! read; any other is read and hashed. When every file's hash is the
//! recorded one, the refs are the recorded ones and the same amendo built
//! them, the store is up to date and the build stops there: no source is
//! parsed and no object hashed. A file changed less than two seconds before
//! a scan is recorded without its times, so the next build hashes it again
//! (a later change in the same clock tick cannot go unseen).
//!
//! The file is machine-local (times, inodes) and never part of the objects:
//! the same sources still give the same commits anywhere. Deleting it only
//! makes the next build a full one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::store::{StoreError, refs};

/// The file's name in the store's folder.
pub const FILE: &str = "amendo-sources";

const HEADER: &str = "amendo-sources 1";

/// The hash recorded for a file that could not be read: never a match.
const UNREADABLE: &str = "unreadable";

/// The source folders a build reads.
const ROOTS: [&str; 2] = ["bills", "amendments"];

/// One source file as last seen.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// Size, modification time (ns since the epoch) and inode; `None` for a
    /// file that must be hashed again.
    stat: Option<(u64, i128, u64)>,
    /// Git blob id of the content, in hex.
    hash: String,
}

/// The sources as a scan found them, with the counts of the build that used
/// them.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    files: BTreeMap<String, Entry>,
    /// How many files had to be read and hashed.
    pub hashed: usize,
    started: Option<SystemTime>,
}

/// What the store was last built from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    identity: String,
    refs: String,
    /// Counts of the build that wrote it (bills, stages, amendments).
    pub counts: (usize, usize, usize),
    files: BTreeMap<String, Entry>,
}

/// Which amendo this is: its version and its executable's size and time, so
/// a rebuilt amendo (whose engine or layout may differ) never trusts a
/// record another one wrote.
pub fn identity() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| fs::metadata(p).ok())
        .map(|m| format!("{} {}", m.len(), mtime_ns(&m)))
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

fn mtime_ns(m: &fs::Metadata) -> i128 {
    match m.modified() {
        Ok(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        },
        Err(_) => 0,
    }
}

#[cfg(unix)]
fn inode(m: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.ino()
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// A hash of the refs a build owns (every ref in amendo's namespaces but the
/// watch states, which `amendo watch` moves), from `packed-refs`.
pub fn refs_fingerprint(store: &Path) -> Result<String, StoreError> {
    let all = refs::read_packed(store)?;
    let mut text = String::new();
    for (name, id) in &all {
        if refs::OWNED.iter().any(|ns| name.starts_with(ns)) && !name.starts_with(refs::WATCH) {
            text.push_str(id);
            text.push(' ');
            text.push_str(name);
            text.push('\n');
        }
    }
    Ok(hash(text.as_bytes()))
}

/// The git blob id of `bytes`, in hex (the loader keeps its parses under
/// the same hash: [`crate::source::blob_id`]).
pub fn hash(bytes: &[u8]) -> String {
    crate::store::objects::hash(git2::ObjectType::Blob, bytes).to_string()
}

/// Reads the record in `store`, if there is a readable one.
pub fn read(store: &Path) -> Option<Record> {
    let text = fs::read_to_string(store.join(FILE)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let identity = lines.next()?.strip_prefix("identity ")?.to_owned();
    let refs = lines.next()?.strip_prefix("refs ")?.to_owned();
    let mut counts = lines.next()?.strip_prefix("counts ")?.split(' ');
    let mut count = || counts.next()?.parse::<usize>().ok();
    let counts = (count()?, count()?, count()?);
    let mut files = BTreeMap::new();
    for line in lines {
        let mut f = line.splitn(5, '\t');
        let (hash, size, time, ino, path) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
        let stat = if size == "-" {
            None
        } else {
            Some((size.parse().ok()?, time.parse().ok()?, ino.parse().ok()?))
        };
        files.insert(
            path.to_owned(),
            Entry {
                stat,
                hash: hash.to_owned(),
            },
        );
    }
    Some(Record {
        identity,
        refs,
        counts,
        files,
    })
}

/// Lists every file under the source folders of `root` (links followed as
/// the loader follows them), by path relative to `root` with `/`.
fn walk(root: &Path) -> Result<Vec<(String, PathBuf, fs::Metadata)>, StoreError> {
    fn go(
        dir: &Path,
        rel: &str,
        out: &mut Vec<(String, PathBuf, fs::Metadata)>,
    ) -> Result<(), StoreError> {
        let entries = fs::read_dir(dir)
            .map_err(|e| StoreError::Io(format!("cannot read {}: {e}", dir.display())))?;
        for e in entries {
            let e = e.map_err(|e| StoreError::Io(format!("cannot read {}: {e}", dir.display())))?;
            let path = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            // A broken link or a file that vanished is left to the loader,
            // which reports it; here it only makes the scan differ.
            let Ok(meta) = fs::metadata(&path) else {
                out.push((
                    rel,
                    path,
                    e.metadata().map_err(|e| StoreError::Io(e.to_string()))?,
                ));
                continue;
            };
            if meta.is_dir() {
                go(&path, &rel, out)?;
            } else {
                out.push((rel, path, meta));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for top in ROOTS {
        let dir = root.join(top);
        if dir.exists() {
            go(&dir, top, &mut out)?;
        }
    }
    Ok(out)
}

/// Scans the sources of `root`, reading and hashing only the files whose
/// size, time or inode differ from `previous`.
pub fn scan(root: &Path, previous: Option<&Record>) -> Result<Scan, StoreError> {
    let started = SystemTime::now();
    let mut scan = Scan {
        started: Some(started),
        ..Scan::default()
    };
    use rayon::prelude::*;
    let found: Vec<(String, Entry, bool)> = walk(root)?
        .into_par_iter()
        .map(|(rel, path, meta)| {
            let stat = (meta.len(), mtime_ns(&meta), inode(&meta));
            let known = previous
                .and_then(|r| r.files.get(&rel))
                .filter(|e| meta.is_file() && e.stat == Some(stat));
            let (hash, read) = match known {
                Some(e) => (e.hash.clone(), false),
                None => match meta.is_file().then(|| fs::read(&path)) {
                    Some(Ok(bytes)) => (hash(&bytes), true),
                    // Unreadable or not a file: never equal to a recorded hash.
                    _ => (UNREADABLE.to_owned(), true),
                },
            };
            let entry = Entry {
                stat: Some(stat),
                hash,
            };
            (rel, entry, read)
        })
        .collect();
    for (rel, entry, read) in found {
        scan.hashed += usize::from(read);
        scan.files.insert(rel, entry);
    }
    Ok(scan)
}

impl Scan {
    /// The content hash of every file found, by path from the project's
    /// root (`/`-separated): what the loader needs not read again
    /// ([`crate::source::Reuse`]).
    pub fn hashes(&self) -> std::collections::HashMap<String, String> {
        self.files
            .iter()
            .filter(|(_, e)| e.hash != UNREADABLE)
            .map(|(p, e)| (p.clone(), e.hash.clone()))
            .collect()
    }

    /// True when the scan found exactly the files `record` lists, with their
    /// contents, and `record` describes the store's current refs as written
    /// by this amendo.
    pub fn matches(&self, record: &Record, store: &Path) -> Result<bool, StoreError> {
        if record.identity != identity() || record.files.len() != self.files.len() {
            return Ok(false);
        }
        let same = record
            .files
            .iter()
            .zip(&self.files)
            .all(|((p, e), (q, f))| p == q && e.hash == f.hash && f.hash != UNREADABLE);
        Ok(same && record.refs == refs_fingerprint(store)?)
    }

    /// True when `record` holds this scan's times too (nothing to rewrite).
    pub fn same_times(&self, record: &Record) -> bool {
        self.recorded() == record.files
    }

    /// The entries as they are to be recorded: a file changed less than two
    /// seconds before the scan began is recorded without its times.
    fn recorded(&self) -> BTreeMap<String, Entry> {
        let racy = self
            .started
            .map(|t| t - Duration::from_secs(2))
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(i128::MAX, |d| d.as_nanos() as i128);
        self.files
            .iter()
            .map(|(p, e)| {
                let stat = e.stat.filter(|s| s.1 < racy);
                (
                    p.clone(),
                    Entry {
                        stat,
                        hash: e.hash.clone(),
                    },
                )
            })
            .collect()
    }

    /// Writes this scan as the record of the store's current refs, in one
    /// rename. Call it under the store's write lock, after the refs moved.
    pub fn record(&self, store: &Path, counts: (usize, usize, usize)) -> Result<(), StoreError> {
        let mut text = format!(
            "{HEADER}\nidentity {}\nrefs {}\ncounts {} {} {}\n",
            identity(),
            refs_fingerprint(store)?,
            counts.0,
            counts.1,
            counts.2
        );
        for (path, e) in self.recorded() {
            match e.stat {
                Some((size, time, ino)) => {
                    text.push_str(&format!("{}\t{size}\t{time}\t{ino}\t{path}\n", e.hash))
                }
                None => text.push_str(&format!("{}\t-\t-\t-\t{path}\n", e.hash)),
            }
        }
        let tmp = store.join(format!("{FILE}.tmp"));
        crate::fault::step("store: write amendo-sources.tmp");
        fs::write(&tmp, text)
            .map_err(|e| StoreError::Io(format!("cannot write {}: {e}", tmp.display())))?;
        crate::fault::step("store: rename amendo-sources.tmp to amendo-sources");
        fs::rename(&tmp, store.join(FILE)).map_err(|e| {
            StoreError::Io(format!("cannot write {}: {e}", store.join(FILE).display()))
        })
    }
}
