//! The store: a bare git repository holding every bill's history.
//!
//! Layout (see `docs/store.md`):
//!
//! ```text
//! refs/heads/<bill>                          main line: stage texts and adopted amendments
//! refs/tags/<bill>/<stage>                   the text at each stage
//! refs/amendments/<bill>/<stage>/<number>    every amendment; parent = the text tabled on
//! refs/amendo/meta/<bill>                    bill.json + amendments/<stage>/<number>.json
//! ```
//!
//! A text commit's tree holds `bill.json` (the order of divisions, articles and
//! gaps) and `articles/<id>.txt` (one alinéa per line). Commits are a pure
//! function of the sources, so the same sources give the same ids anywhere.
//! [`write`] ingests a project; [`read`] answers queries.

mod lock;
pub mod memo;
pub mod objects;
pub mod pack;
pub mod packed;
pub mod read;
pub mod refs;
pub mod sources;
pub mod write;

use std::path::{Path, PathBuf};

pub use lock::WriteLock;
pub use read::{Records, Store};
pub use write::{IngestReport, ingest};

/// The store's default location under a project root.
pub fn default_path(root: &Path) -> PathBuf {
    root.join(".amendo").join("store.git")
}

/// Problems with the store (not with the sources).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process is writing.
    #[error(
        "another amendo process is writing to the store (lock held on {0}); wait for it to finish, then run again"
    )]
    Locked(PathBuf),
    /// There is no store yet.
    #[error("no store at {0}: run `amendo build` first")]
    Missing(PathBuf),
    /// The path exists but is not a store.
    #[error("{0} exists but is not an amendo store (a bare git repository)")]
    NotAStore(PathBuf),
    /// A git repository amendo did not create: it is never written to.
    #[error(
        "{0} is a git repository that amendo did not create ({1}): refusing to write to it. Give --store (or AMENDO_STORE) a new path, or the path of an amendo store"
    )]
    NotAmendoStore(PathBuf, String),
    /// Something the caller asked for is not in the store.
    #[error("{0}")]
    NotFound(String),
    /// A git error.
    #[error("git: {}", describe_git(.0))]
    Git(git2::Error),
    /// A file system error, with context.
    #[error("{0}")]
    Io(String),
    /// Stored data that does not parse.
    #[error("the store is damaged: {0} (delete it and run `amendo build`)")]
    Corrupt(String),
}

impl From<git2::Error> for StoreError {
    /// A damaged object (a pack that does not inflate, a bad header, an
    /// object its refs reach that no pack can give: a pack whose checksum no
    /// longer matches its index is not read) is reported as a damaged store,
    /// with what to do; other errors as git's.
    fn from(e: git2::Error) -> StoreError {
        let damaged = matches!(e.class(), git2::ErrorClass::Zlib)
            || (e.class() == git2::ErrorClass::Odb && e.code() == git2::ErrorCode::NotFound)
            || (matches!(e.class(), git2::ErrorClass::Odb | git2::ErrorClass::Object)
                && ["corrupt", "inflate", "invalid", "packfile", "truncated"]
                    .iter()
                    .any(|w| e.message().contains(w)));
        if damaged {
            StoreError::Corrupt(format!("an object cannot be read ({})", e.message()))
        } else {
            StoreError::Git(e)
        }
    }
}

/// git's message, or the system's when git has none ("no error" after a
/// failed write: a full disk, a file size limit).
fn describe_git(e: &git2::Error) -> String {
    let m = e.message().trim();
    if m.is_empty() || m == "no error" {
        let os = std::io::Error::last_os_error();
        format!("a write or read failed: {os} (is the disk full?)")
    } else {
        m.to_owned()
    }
}

/// The name of a bill's main-line branch.
pub fn branch_ref(bill: &str) -> String {
    format!("refs/heads/{bill}")
}

/// The tag of a stage.
pub fn stage_ref(bill: &str, stage: &str) -> String {
    format!("refs/tags/{bill}/{stage}")
}

/// The ref of an amendment.
pub fn amendment_ref(bill: &str, stage: &str, number: &str) -> String {
    format!("refs/amendments/{bill}/{stage}/{number}")
}

/// The ref of a bill's metadata snapshot.
pub fn meta_ref(bill: &str) -> String {
    format!("refs/amendo/meta/{bill}")
}
