//! What a watchlist has already reported: one ref per watchlist,
//! `refs/amendo/watch/<name>`, moved with the store's own atomic ref update
//! ([`crate::store::refs`]) under the store's write lock.
//!
//! The ref points at a commit. A *full* state commit's tree holds `seen` (every
//! event id reported, one per line, sorted) and, when the run that wrote it
//! delivered everything it found, `fingerprint` (a hash of the watchlist and
//! of every ref the events derive from): a later run with the same
//! fingerprint has nothing new and stops there. While a run delivers, each
//! event is recorded as it is delivered by a small commit holding only
//! `recorded` (its id), on top of the previous state; the run ends with a
//! full commit. Reading walks back from the ref to the last full commit. A
//! run killed at any point thus leaves every delivered event recorded and no
//! other: the next run neither repeats nor loses one.

use std::collections::BTreeSet;
use std::path::Path;

use git2::{Oid, Repository, Signature, Time};

use crate::store::{StoreError, WriteLock, refs};

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

/// Reads a watchlist's state (empty when it never ran).
pub fn read(repo: &Repository, name: &str) -> Result<State, StoreError> {
    let Ok(tip) = repo.refname_to_id(&state_ref(name)) else {
        return Ok(State::default());
    };
    let mut state = State {
        tip: Some(tip),
        ..State::default()
    };
    let mut next = Some(repo.find_commit(tip)?);
    let mut first = true;
    while let Some(c) = next {
        let tree = c.tree()?;
        if let Some(seen) = blob_text(repo, &tree, "seen")? {
            state.seen.extend(seen.lines().map(str::to_owned));
            if first {
                state.fingerprint = blob_text(repo, &tree, "fingerprint")?;
            }
            return Ok(state);
        }
        let recorded = blob_text(repo, &tree, "recorded")?.ok_or_else(|| {
            StoreError::Corrupt(format!("{} has a commit without events", state_ref(name)))
        })?;
        state.seen.extend(recorded.lines().map(str::to_owned));
        first = false;
        next = c.parents().next();
    }
    Ok(state)
}

/// Writes state commits for one watchlist, holding the store's write lock.
pub struct Recorder<'r> {
    repo: &'r Repository,
    path: &'r Path,
    name: String,
    tip: Option<Oid>,
    _lock: WriteLock,
}

impl<'r> Recorder<'r> {
    /// Takes the store's write lock (an error if a build or another watch
    /// holds it) and starts recording on top of `state`.
    pub fn start(
        repo: &'r Repository,
        path: &'r Path,
        name: &str,
        state: &State,
    ) -> Result<Recorder<'r>, StoreError> {
        let lock = WriteLock::acquire(path)?;
        // The state may have moved since it was read without the lock.
        let tip = repo.refname_to_id(&state_ref(name)).ok();
        if tip != state.tip {
            return Err(StoreError::Io(format!(
                "the state of watchlist `{name}` changed while this run read it (another `amendo watch` ran): run again"
            )));
        }
        Ok(Recorder {
            repo,
            path,
            name: name.to_owned(),
            tip,
            _lock: lock,
        })
    }

    fn commit(&mut self, files: &[(&str, &str)], message: &str) -> Result<(), StoreError> {
        let mut tb = self.repo.treebuilder(None)?;
        for (name, body) in files {
            let blob = self.repo.blob(body.as_bytes())?;
            tb.insert(name, blob, 0o100644)?;
        }
        let tree = self.repo.find_tree(tb.write()?)?;
        let sig = Signature::new("amendo", "amendo", &Time::new(0, 0))?;
        let parents: Vec<git2::Commit> = match self.tip {
            Some(t) => vec![self.repo.find_commit(t)?],
            None => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &parent_refs)?;
        let mut all = refs::read_packed(self.path)?;
        all.insert(state_ref(&self.name), id.to_string());
        refs::replace_all(self.path, &all)?;
        self.tip = Some(id);
        Ok(())
    }

    /// Records one delivered event.
    pub fn record(&mut self, id: &str) -> Result<(), StoreError> {
        self.commit(
            &[("recorded", &format!("{id}\n"))],
            &format!("watch {}: delivered {id}\n", self.name),
        )
    }

    /// Ends the run: the full state, with the fingerprint when everything
    /// found was delivered.
    pub fn finish(
        mut self,
        seen: &BTreeSet<String>,
        fingerprint: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut body = String::new();
        for id in seen {
            body.push_str(id);
            body.push('\n');
        }
        let mut files = vec![("seen", body.as_str())];
        if let Some(f) = fingerprint {
            files.push(("fingerprint", f));
        }
        self.commit(
            &files,
            &format!("watch {}: {} events seen\n", self.name, seen.len()),
        )
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
