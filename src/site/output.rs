//! Writing the site atomically.
//!
//! A build writes every file into a sibling folder (`.public.amendo-new` for
//! `public/`), then swaps it with the output folder in one step: on Linux a
//! `renameat2(RENAME_EXCHANGE)`, elsewhere two renames with the previous
//! site parked beside (`.public.amendo-old`) and put back by the next build
//! if the process died between them. A build killed at any point before the
//! swap leaves the previous site whole, and readers never see half a site.
//!
//! The output folder is replaced whole, so a folder that amendo did not write
//! is never touched: a site holds a `.amendo-site` marker, and a build refuses
//! to replace a non-empty folder without one.

use std::fs;
use std::path::{Path, PathBuf};

use crate::site::SiteError;
use crate::site::urls::SitePath;

/// The marker file that says a folder is a site amendo wrote.
pub const MARKER: &str = ".amendo-site";

const MARKER_TEXT: &str = "This folder is written by `amendo build` and replaced whole at each build: edit the sources, not these files.\n";

/// A site being written beside its output folder.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    done: bool,
}

fn io(what: &str, path: &Path, e: std::io::Error) -> SiteError {
    SiteError::Io(format!("{what} {}: {e}", path.display()))
}

fn sibling(out: &Path, suffix: &str) -> Result<PathBuf, SiteError> {
    let name = out
        .file_name()
        .ok_or_else(|| SiteError::Refused(format!("{} names no folder", out.display())))?;
    let parent = out.parent().unwrap_or(Path::new("."));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Ok(parent.join(format!(".{}.amendo-{suffix}", name.to_string_lossy())))
}

impl Staging {
    /// Prepares a new site for `out`: checks that `out` may be replaced,
    /// restores a site left parked by a build that died mid-swap, and starts
    /// an empty staging folder (clearing one a killed build left).
    pub fn begin(out: &Path) -> Result<Staging, SiteError> {
        let tmp = sibling(out, "new")?;
        let old = sibling(out, "old")?;
        if let Some(parent) = tmp.parent() {
            fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
        }
        if !out.exists() && old.join(MARKER).exists() {
            fs::rename(&old, out).map_err(|e| io("cannot restore the previous site to", out, e))?;
        }
        if out.exists() {
            if !out.is_dir() {
                return Err(SiteError::Refused(format!(
                    "{} exists and is not a folder: choose another --out",
                    out.display()
                )));
            }
            let empty = fs::read_dir(out)
                .map_err(|e| io("cannot read", out, e))?
                .next()
                .is_none();
            if !empty && !out.join(MARKER).exists() {
                return Err(SiteError::Refused(format!(
                    "{} is not a site amendo built (it has no {MARKER} file) and a build replaces its output folder whole: remove it or choose another --out",
                    out.display()
                )));
            }
        }
        for stale in [&tmp, &old] {
            if stale.exists() {
                fs::remove_dir_all(stale).map_err(|e| io("cannot remove", stale, e))?;
            }
        }
        fs::create_dir_all(&tmp).map_err(|e| io("cannot create", &tmp, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            done: false,
        })
    }

    /// The staging folder (for tests).
    pub fn staging_dir(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file of the new site. Safe to call from several threads.
    pub fn write(&self, path: &SitePath, bytes: &[u8]) -> Result<(), SiteError> {
        let file = path.under(&self.tmp);
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, e))?;
        }
        fs::write(&file, bytes).map_err(|e| io("cannot write", &file, e))
    }

    /// Swaps the new site in.
    pub fn finish(mut self) -> Result<(), SiteError> {
        fs::write(self.tmp.join(MARKER), MARKER_TEXT)
            .map_err(|e| io("cannot write", &self.tmp, e))?;
        failpoint("site-before-swap");
        if !self.out.exists() {
            fs::rename(&self.tmp, &self.out)
                .map_err(|e| io("cannot move the site to", &self.out, e))?;
        } else if exchange(&self.tmp, &self.out).is_ok() {
            // The previous site is now in the staging folder.
            remove_site(&self.tmp)?;
        } else {
            fs::rename(&self.out, &self.old).map_err(|e| io("cannot move aside", &self.out, e))?;
            fs::rename(&self.tmp, &self.out)
                .map_err(|e| io("cannot move the site to", &self.out, e))?;
            remove_site(&self.old)?;
        }
        self.done = true;
        Ok(())
    }
}

/// Removes a previous site: its files in parallel (unlinking tens of
/// thousands of files is most of the time of a rebuild on some file
/// systems), then its folders.
fn remove_site(dir: &Path) -> Result<(), SiteError> {
    use rayon::prelude::*;
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        if let Ok(entries) = fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    walk(&p, files);
                } else {
                    files.push(p);
                }
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    fs::remove_dir_all(dir).map_err(|e| io("cannot remove", dir, e))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// For crash tests: when `AMENDO_FAILPOINT` names this point, the process
/// aborts here, as a `kill -9` would stop it.
fn failpoint(name: &str) {
    if std::env::var("AMENDO_FAILPOINT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
}

/// Exchanges two folders in one atomic step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them
    // relative to the working directory as rename(2) does.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange here"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::urls;

    #[test]
    fn a_build_replaces_the_site_whole_and_an_abandoned_one_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"one").unwrap();
        s.write(&urls::bill("a"), b"bill a").unwrap();
        s.finish().unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        // A build that stops before the swap (an error, a kill) changes nothing.
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        assert!(out.join("bills/a/index.html").exists());

        // A killed build's staging folder is cleared by the next one.
        let stale = sibling(&out, "new").unwrap();
        fs::create_dir_all(stale.join("junk")).unwrap();
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"three").unwrap();
        s.finish().unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"three");
        assert!(
            !out.join("bills").exists(),
            "files of the previous site are gone"
        );
        assert!(!stale.exists());
    }

    #[test]
    fn a_folder_amendo_did_not_write_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("src");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("main.rs"), "fn main() {}").unwrap();
        let err = Staging::begin(&out).err().unwrap();
        assert!(err.to_string().contains("not a site amendo built"), "{err}");
        assert!(out.join("main.rs").exists());
    }

    #[test]
    fn a_site_parked_by_a_build_killed_mid_swap_is_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"one").unwrap();
        s.finish().unwrap();
        fs::rename(&out, sibling(&out, "old").unwrap()).unwrap();
        let s = Staging::begin(&out).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        drop(s);
    }
}
