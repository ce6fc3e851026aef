//! What a watchlist has already reported: one ref per watchlist,
//! `refs/amendo/watch/<name>`, moved with the store's own atomic ref update
//! ([`crate::store::refs`]) under the store's write lock.
//!
//! The ref points at a commit whose tree holds `seen` (every event id
//! reported, one per line, sorted) and, when the run that wrote it delivered
//! everything it found, `fingerprint` (a hash of the watchlist and of every
//! ref the events derive from): a later run with the same fingerprint has
//! nothing new and stops there. Each commit's parent is the previous state,
//! so `git log refs/amendo/watch/<name>` lists the runs.
//!
//! While a run delivers, each event is recorded the moment it is delivered
//! by appending its id to the watchlist's journal,
//! `<store>/amendo-watch/<name>.journal` (one `write` of one line; the data is
//! the kernel's as soon as the call returns, so killing the process loses
//! none of it). The run ends by folding the journal into a new state commit
//! and removing it; a run that was killed leaves its journal, which the next
//! run reads as part of the state and folds in first. So a run interrupted
//! at any point neither repeats a delivered event nor loses one, and the
//! state is one ref update per run, not one per event (a `packed-refs`
//! rewrite of a large store takes tens of milliseconds).

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature, Time};

use crate::store::{StoreError, WriteLock, refs};

/// How long a watch waits for a build to release the store when it writes
/// its state.
const STORE_LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(600);

/// The ref holding a watchlist's state.
pub fn state_ref(name: &str) -> String {
    format!("refs/amendo/watch/{name}")
}

/// A watchlist's state as read.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Event ids already reported.
    pub seen: BTreeSet<String>,
    /// The fingerprint of the last complete run, if the state ends with one.
    pub fingerprint: Option<String>,
    /// The state commit, if any.
    pub tip: Option<Oid>,
}

fn blob_text(
    repo: &Repository,
    tree: &git2::Tree,
    name: &str,
) -> Result<Option<String>, StoreError> {
    let Some(entry) = tree.get_name(name) else {
        return Ok(None);
    };
    let blob = repo.find_blob(entry.id())?;
    String::from_utf8(blob.content().to_vec())
        .map(Some)
        .map_err(|_| StoreError::Corrupt(format!("watch state `{name}` is not UTF-8")))
}

/// The journal of a run in progress (or interrupted).
fn journal_path(store: &Path, name: &str) -> PathBuf {
    store.join("amendo-watch").join(format!("{name}.journal"))
}

/// The ids a journal holds (a last line cut short by a kill is ignored: its
/// event's delivery was not recorded).
fn read_journal(store: &Path, name: &str) -> Result<Vec<String>, StoreError> {
    let path = journal_path(store, name);
    match fs::read_to_string(&path) {
        Ok(text) => {
            let complete = text.rfind('\n').map_or("", |i| &text[..i]);
            Ok(complete
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(StoreError::Io(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Reads a watchlist's state (empty when it never ran), with what an
/// interrupted run recorded in its journal.
pub fn read(repo: &Repository, store: &Path, name: &str) -> Result<State, StoreError> {
    let mut state = State::default();
    if let Ok(tip) = repo.refname_to_id(&state_ref(name)) {
        state.tip = Some(tip);
        let tree = repo.find_commit(tip)?.tree()?;
        let seen = blob_text(repo, &tree, "seen")?.ok_or_else(|| {
            StoreError::Corrupt(format!("{} has no list of events", state_ref(name)))
        })?;
        state.seen.extend(seen.lines().map(str::to_owned));
        state.fingerprint = blob_text(repo, &tree, "fingerprint")?;
    }
    let journal = read_journal(store, name)?;
    if !journal.is_empty() {
        // An interrupted run: whatever the fingerprint said is no longer whole.
        state.fingerprint = None;
        state.seen.extend(journal);
    }
    Ok(state)
}

/// Records delivered events for one watchlist, holding that watchlist's
/// lock (one run per watchlist at a time). The store's write lock is taken
/// only to write the state at the end, so a build may run meanwhile.
pub struct Recorder<'r> {
    repo: &'r Repository,
    path: &'r Path,
    name: String,
    tip: Option<Oid>,
    journal: fs::File,
    _lock: WriteLock,
}

impl<'r> Recorder<'r> {
    /// Takes the watchlist's lock (an error if another watch of the same
    /// watchlist runs) and starts recording on top of `state` (read before).
    pub fn start(
        repo: &'r Repository,
        path: &'r Path,
        name: &str,
        state: &State,
    ) -> Result<Recorder<'r>, StoreError> {
        let dir = path.join("amendo-watch");
        fs::create_dir_all(&dir)
            .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
        let lock = WriteLock::acquire_file(&dir.join(format!("{name}.lock")))?;
        // The state may have moved since it was read without the lock.
        let tip = repo.refname_to_id(&state_ref(name)).ok();
        let now = read(repo, path, name)?;
        if tip != state.tip || now.seen != state.seen {
            return Err(StoreError::Io(format!(
                "the state of watchlist `{name}` changed while this run read it (another `amendo watch` ran): run again"
            )));
        }
        let jpath = journal_path(path, name);
        let journal = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&jpath)
            .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", jpath.display())))?;
        Ok(Recorder {
            repo,
            path,
            name: name.to_owned(),
            tip,
            journal,
            _lock: lock,
        })
    }

    /// Records one delivered event.
    pub fn record(&mut self, id: &str) -> Result<(), StoreError> {
        let line = format!("{id}\n");
        self.journal.write_all(line.as_bytes()).map_err(|e| {
            StoreError::Io(format!(
                "cannot record event {id} in {}: {e}",
                journal_path(self.path, &self.name).display()
            ))
        })
    }

    /// Ends the run: the full state in a new commit, with the fingerprint
    /// when everything found was delivered; the journal is then removed.
    pub fn finish(
        self,
        seen: &BTreeSet<String>,
        fingerprint: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut body = String::new();
        for id in seen {
            body.push_str(id);
            body.push('\n');
        }
        let mut tb = self.repo.treebuilder(None)?;
        tb.insert("seen", self.repo.blob(body.as_bytes())?, 0o100644)?;
        if let Some(f) = fingerprint {
            tb.insert("fingerprint", self.repo.blob(f.as_bytes())?, 0o100644)?;
        }
        let tree = self.repo.find_tree(tb.write()?)?;
        let unchanged = self
            .tip
            .and_then(|t| self.repo.find_commit(t).ok())
            .is_some_and(|c| c.tree_id() == tree.id());
        if !unchanged {
            // The refs are rewritten whole: wait for a build that holds the
            // store's lock to finish (the journal keeps what was delivered
            // if this gives up).
            let _store_lock = WriteLock::acquire_waiting(self.path, STORE_LOCK_PATIENCE)?;
            let sig = Signature::new("amendo", "amendo", &Time::new(0, 0))?;
            let parents: Vec<git2::Commit> = match self.tip {
                Some(t) => vec![self.repo.find_commit(t)?],
                None => Vec::new(),
            };
            let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
            let message = format!("watch {}: {} events seen\n", self.name, seen.len());
            let id = self
                .repo
                .commit(None, &sig, &sig, &message, &tree, &parent_refs)?;
            let mut all = refs::read_packed(self.path)?;
            all.insert(state_ref(&self.name), id.to_string());
            refs::replace_all(self.path, &all)?;
        }
        let jpath = journal_path(self.path, &self.name);
        match fs::remove_file(&jpath) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Io(format!(
                "cannot remove {}: {e}",
                jpath.display()
            ))),
        }
    }
}

/// A fingerprint of what the events derive from: the watchlist's text and
/// every ref of the store outside the watch states.
pub fn fingerprint(path: &Path, watchlist_source: &str) -> Result<String, StoreError> {
    let mut text = String::from("amendo watch events v1\n");
    text.push_str(watchlist_source);
    text.push('\n');
    for (name, id) in refs::read_packed(path)? {
        if name.starts_with("refs/amendo/watch/") {
            continue;
        }
        text.push_str(&id);
        text.push(' ');
        text.push_str(&name);
        text.push('\n');
    }
    Ok(Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())?.to_string())
}
