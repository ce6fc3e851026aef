//! The project lock and the journal that makes an import's folder swap
//! recoverable at every point.
//!
//! One import at a time holds [`ProjectLock`], an exclusive OS lock on
//! `.amendo-import/lock`, from before it reads the project until it has
//! published; the loader ([`crate::source::load_project`]) takes the same
//! lock shared ([`read_lock`]) for as long as it reads, so a build or a
//! check sees the sources before an import or after it, never a mix.
//!
//! The swap of a changed folder (`amendments/<bill>`, `bills/<bill>`) with
//! its validated copy in `.amendo-import/new/` goes:
//!
//! 1. the journal is written (`swapping`, and for each folder whether it
//!    existed), by writing `journal.tmp` and renaming it;
//! 2. for each folder: the live folder is renamed into `.amendo-import/old/`,
//!    then the new one renamed into place;
//! 3. the journal is rewritten as `committed`;
//! 4. `old/` and `new/` are removed, and the journal last.
//!
//! Whoever takes the lock next (an import, or the loader before it reads)
//! settles an interrupted swap first: a `swapping` journal is rolled back
//! (each folder saved in `old/` is put back, a folder that did not exist
//! before is removed), a `committed` one rolled forward (only the clean-up
//! is left). With no journal, `old/` and `new/` can only be leftovers of an
//! import that never started swapping, and are removed.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{ImportError, WORK_DIR, io, names};
use crate::fault;

const JOURNAL: &str = "journal";
const HEADER: &str = "amendo import journal";

/// An import's exclusive hold on the project, taken before it reads
/// anything; an interrupted import has been settled by then.
#[derive(Debug)]
pub struct ProjectLock {
    root: PathBuf,
    _file: File,
    recovered: bool,
}

impl ProjectLock {
    /// Takes the lock (or fails at once when another import holds it), then
    /// settles an interrupted import.
    pub fn acquire(root: &Path) -> Result<ProjectLock, ImportError> {
        let work = root.join(WORK_DIR);
        fs::create_dir_all(&work).map_err(|e| io("create", &work, e))?;
        let path = work.join("lock");
        let file = open_lock(&path).map_err(|e| io("open", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(ImportError::Locked(path)),
            Err(TryLockError::Error(e)) => return Err(io("lock", &path, e)),
        }
        let recovered = recover(root)?;
        Ok(ProjectLock {
            root: root.to_path_buf(),
            _file: file,
            recovered,
        })
    }

    /// The project's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// True when an interrupted import was settled on taking the lock.
    pub fn recovered(&self) -> bool {
        self.recovered
    }
}

fn open_lock(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

/// A reader's shared hold on the project (see [`read_lock`]).
#[derive(Debug)]
pub struct ReadLock {
    _file: Option<File>,
}

/// Waits until no import is running, settles an interrupted one, and holds
/// the project shared until dropped. A project where the lock file cannot
/// be created (a read-only checkout, which no import can change either) is
/// read without it.
pub fn read_lock(root: &Path) -> Result<ReadLock, String> {
    let work = root.join(WORK_DIR);
    if !root.join("bills").is_dir() {
        return Ok(ReadLock { _file: None });
    }
    let path = work.join("lock");
    let file = match fs::create_dir_all(&work).and_then(|()| open_lock(&path)) {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            return Ok(ReadLock { _file: None });
        }
        Err(e) => return Err(format!("cannot open {}: {e}", path.display())),
    };
    let lock_err = |e: std::io::Error| format!("cannot lock {}: {e}", path.display());
    loop {
        file.lock_shared().map_err(lock_err)?;
        if !work.join(JOURNAL).exists() {
            return Ok(ReadLock { _file: Some(file) });
        }
        // An interrupted import: settle it under the exclusive lock.
        file.unlock().map_err(lock_err)?;
        file.lock().map_err(lock_err)?;
        recover(root).map_err(|e| e.to_string())?;
        file.unlock().map_err(lock_err)?;
    }
}

/// One folder of a swap, relative to the root, and whether it existed.
type Entry = (PathBuf, bool);

/// Swaps each folder with its copy under `.amendo-import/new/`, journalled.
pub(super) fn swap(root: &Path, dirs: &[PathBuf]) -> Result<(), ImportError> {
    let work = root.join(WORK_DIR);
    let (new, old) = (work.join("new"), work.join("old"));
    let entries: Vec<Entry> = dirs
        .iter()
        .map(|d| (d.clone(), root.join(d).exists()))
        .collect();
    write_journal(&work, "swapping", &entries)?;
    for (dir, existed) in &entries {
        let (live, staged, saved) = (root.join(dir), new.join(dir), old.join(dir));
        if *existed {
            let parent = saved.parent().unwrap_or(&old);
            fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
            fault::step("import: move the live folder aside");
            fs::rename(&live, &saved).map_err(|e| io("move", &live, e))?;
        }
        if let Some(parent) = live.parent() {
            fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
        }
        fault::step("import: move the new folder in");
        fs::rename(&staged, &live).map_err(|e| io("move", &staged, e))?;
        if let Some(parent) = live.parent() {
            sync_dir(parent);
        }
    }
    write_journal(&work, "committed", &entries)?;
    clean(&work)
}

fn write_journal(work: &Path, state: &str, entries: &[Entry]) -> Result<(), ImportError> {
    let mut body = format!("{HEADER}\nstate {state}\n");
    for (dir, existed) in entries {
        body.push_str(&format!(
            "{} {}\n",
            if *existed { "existed" } else { "new" },
            dir.display()
        ));
    }
    let tmp = work.join("journal.tmp");
    fault::step("import: write the journal");
    File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(body.as_bytes())?;
            f.sync_all()
        })
        .map_err(|e| io("write", &tmp, e))?;
    let journal = work.join(JOURNAL);
    fault::step("import: commit the journal");
    fs::rename(&tmp, &journal).map_err(|e| io("write", &journal, e))?;
    sync_dir(work);
    Ok(())
}

/// Reads the journal: its state and folders. A journal that does not parse
/// (or names a path outside the bills' folders) is an error, never guessed.
fn read_journal(path: &Path) -> Result<Option<(String, Vec<Entry>)>, ImportError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io("read", path, e)),
    };
    let broken = |why: &str| {
        ImportError::Io(format!(
            "{}: {why}: the journal of an interrupted import cannot be read; compare amendments/ and bills/ with {} and remove the journal by hand",
            path.display(),
            path.parent().unwrap_or(path).join("old").display()
        ))
    };
    let mut lines = text.lines().peekable();
    // A journal from before the header (a plain list of folders, written
    // before the swap) is read as `swapping`, every folder as existing:
    // what the amendo that wrote it would have done.
    let legacy = lines.peek() != Some(&HEADER);
    let state = if legacy {
        "swapping".to_owned()
    } else {
        lines.next();
        match lines.next().and_then(|l| l.strip_prefix("state ")) {
            Some(s @ ("swapping" | "committed")) => s.to_owned(),
            _ => return Err(broken("no state")),
        }
    };
    let mut entries = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (existed, dir) = match line.split_once(' ') {
            _ if legacy => (true, line),
            Some(("existed", d)) => (true, d),
            Some(("new", d)) => (false, d),
            _ => return Err(broken("a line is neither `existed DIR` nor `new DIR`")),
        };
        let dir = PathBuf::from(dir);
        let top = dir.components().next().map(|c| c.as_os_str().to_owned());
        if names::check_path(&dir).is_err()
            || dir.components().count() != 2
            || !top.is_some_and(|t| t == "bills" || t == "amendments")
        {
            return Err(broken("a folder is not bills/<bill> or amendments/<bill>"));
        }
        entries.push((dir, existed));
    }
    Ok(Some((state, entries)))
}

/// Settles an interrupted import (see the module's documentation). True
/// when there was one to settle. The caller holds the exclusive lock.
fn recover(root: &Path) -> Result<bool, ImportError> {
    let work = root.join(WORK_DIR);
    let Some((state, entries)) = read_journal(&work.join(JOURNAL))? else {
        clean(&work)?;
        return Ok(false);
    };
    if state == "swapping" {
        for (dir, existed) in &entries {
            let (live, saved) = (root.join(dir), work.join("old").join(dir));
            if saved.exists() {
                fault::step("recover: remove the half-swapped folder");
                remove_all(&live)?;
                fault::step("recover: put the saved folder back");
                fs::rename(&saved, &live).map_err(|e| io("restore", &live, e))?;
            } else if !existed && live.exists() {
                fault::step("recover: remove a folder the import added");
                remove_all(&live)?;
            }
        }
        if let Some(first) = entries.first() {
            sync_dir(root.join(&first.0).parent().unwrap_or(root));
        }
    }
    clean(&work)?;
    Ok(true)
}

/// Removes `old/`, `new/` and the journal (last).
fn clean(work: &Path) -> Result<(), ImportError> {
    for name in ["old", "new"] {
        let p = work.join(name);
        if p.exists() {
            fault::step("import: remove a work folder");
            remove_all(&p)?;
        }
    }
    sync_dir(work);
    let journal = work.join(JOURNAL);
    if journal.exists() {
        fault::step("import: remove the journal");
        fs::remove_file(&journal).map_err(|e| io("remove", &journal, e))?;
        sync_dir(work);
    }
    let _ = fs::remove_file(work.join("journal.tmp"));
    Ok(())
}

pub(super) fn remove_all(path: &Path) -> Result<(), ImportError> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io("remove", path, e)),
    }
}

/// Flushes a folder's entries (renames, the journal) where the platform can.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}
