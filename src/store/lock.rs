//! The writer's lock: one `amendo build` at a time per store.
//!
//! An advisory lock on `<store>/amendo.lock`, held for the whole ingest. The
//! operating system releases it when the process ends, however it ends, so a
//! killed build never leaves a lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::store::StoreError;

/// Held while writing; released on drop.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock, or fails at once if another process holds it.
    pub fn acquire(store: &Path) -> Result<WriteLock, StoreError> {
        Self::acquire_file(&store.join("amendo.lock"))
    }

    /// Takes the lock, waiting up to `patience` for another process to
    /// release it: for short writes (a watchlist's state) that may come
    /// while a build runs.
    pub fn acquire_waiting(store: &Path, patience: Duration) -> Result<WriteLock, StoreError> {
        let start = Instant::now();
        loop {
            match Self::acquire(store) {
                Err(StoreError::Locked(_)) if start.elapsed() < patience => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// An advisory lock on any file (created if need be), or fails at once
    /// if another process holds it.
    pub fn acquire_file(path: &Path) -> Result<WriteLock, StoreError> {
        let path = path.to_path_buf();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::Io(format!("cannot open {}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(WriteLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::Locked(path)),
            Err(TryLockError::Error(e)) => Err(StoreError::Io(format!(
                "cannot lock {}: {e}",
                path.display()
            ))),
        }
    }
}
