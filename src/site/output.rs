//! Writing the site: only the files whose content changed, safely.
//!
//! The output folder holds a `.amendo-site` file, the marker that says amendo
//! wrote the folder (a build refuses a non-empty folder without it), which is
//! also the site's manifest: every file of the site with its content hash
//! (the git blob id of its bytes), its size and the unit that writes it (a
//! page, the pages common to every bill, a shard of the search index), and
//! the fingerprints of what was built from what: each bill's (its refs),
//! each page's (its inputs: `site::inputs`), each search shard's (its pages'
//! hashes). A build compares fingerprints to know which pages to render and
//! which shards to index again, and content hashes to know which files to
//! write: unchanged files are not touched (their times
//! stay), files of the previous site that the new one lacks are removed.
//!
//! The steps, for an output folder `public/`:
//!
//! 1. the changed files and the new manifest are written into
//!    `.public.amendo-new/` (a build stopped here leaves the previous site
//!    whole; the next build clears the folder);
//! 2. that folder is renamed `.public.amendo-apply/`: the commit point;
//! 3. every file of `public/` the new manifest does not list is removed,
//!    every file of the apply folder is renamed into `public/` (one rename
//!    each: a reader sees each page old or new, never half written), the
//!    manifest last, and the apply folder is removed.
//!
//! A build killed during step 3 leaves the apply folder: the next build (or
//! `amendo serve`) finishes the step before anything else, so after a crash
//! the next build finds the old site or the new one, never a mix. When the
//! output folder does not exist yet, step 3 is one rename of the folder.
//! One build at a time writes a site: a second one is refused at once
//! (an OS lock on `.public.amendo-lock`, beside the folder).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::site::SiteError;
use crate::site::urls::SitePath;

/// The marker file that says a folder is a site amendo wrote; it holds the
/// site's manifest.
pub const MARKER: &str = ".amendo-site";

const MARKER_TEXT: &str = "# This folder is written by `amendo build`: edit the sources, not these files. What follows\n# lists every file of the site (content hash, size, unit; for a page, the hash of what search reads) and what each unit was built from.\n";

/// The unit of the pages common to every bill (the list of bills, the
/// search page, the assets). Bill slugs never start with `-` or `+`.
pub const COMMON: &str = "-";
/// The units of the search index's shards: `+search/N`.
pub const SEARCH: &str = "+search";
/// The fingerprint of a search shard left to the next build: it matches no
/// listing's hash.
pub const PENDING: &str = "pending";
/// The prefix of a page's unit: `@` and the page's path.
pub const PAGE: &str = "@";

/// One file of a site as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The git blob id of its content, in hex.
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
    /// The unit that writes it: a page (`@` and its path), [`COMMON`], or a
    /// shard of the search index (`+search/N`).
    pub unit: String,
    /// For a page, the git blob id of what the search index reads of it
    /// ([`crate::search::document`]): its shard is indexed again only when
    /// this changes.
    pub search: Option<String>,
}

/// What a site holds and what it was built from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Each unit's fingerprint.
    pub units: BTreeMap<String, String>,
    /// Every file, by path from the site's root (`/`-separated).
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    fn to_text(&self) -> String {
        use std::fmt::Write;
        // Pieces pushed one by one: `writeln!` took twice as long on the
        // 46,000 files of a budget bill's site.
        let size: usize = self
            .files
            .iter()
            .map(|(p, e)| 2 * p.len() + e.unit.len() + 110)
            .sum::<usize>()
            + self
                .units
                .iter()
                .map(|(u, f)| u.len() + f.len() + 8)
                .sum::<usize>();
        let mut s = String::with_capacity(MARKER_TEXT.len() + size);
        s.push_str(MARKER_TEXT);
        for (unit, fp) in &self.units {
            for piece in ["unit ", fp, " ", unit, "\n"] {
                s.push_str(piece);
            }
        }
        for (path, e) in &self.files {
            for piece in ["file ", &e.hash, " "] {
                s.push_str(piece);
            }
            let _ = write!(s, "{}", e.size);
            for piece in [" ", &e.unit, " ", path, "\n"] {
                s.push_str(piece);
            }
            if let Some(search) = &e.search {
                for piece in ["search ", search, " ", path, "\n"] {
                    s.push_str(piece);
                }
            }
        }
        s
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut m = Manifest::default();
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        for line in &mut lines {
            let (kind, rest) = line.split_once(' ')?;
            match kind {
                "unit" => {
                    let (fp, unit) = rest.split_once(' ')?;
                    m.units.insert(unit.to_owned(), fp.to_owned());
                }
                "file" => {
                    let mut f = rest.splitn(4, ' ');
                    let (hash, size, unit, path) = (f.next()?, f.next()?, f.next()?, f.next()?);
                    m.files.insert(
                        path.to_owned(),
                        Entry {
                            hash: hash.to_owned(),
                            size: size.parse().ok()?,
                            unit: unit.to_owned(),
                            search: None,
                        },
                    );
                }
                "search" => {
                    let (hash, path) = rest.split_once(' ')?;
                    m.files.get_mut(path)?.search = Some(hash.to_owned());
                }
                _ => return None,
            }
        }
        Some(m)
    }

    /// Reads the manifest of the site in `dir`, if it has a readable one.
    pub fn read(dir: &Path) -> Option<Manifest> {
        Manifest::parse(&fs::read_to_string(dir.join(MARKER)).ok()?)
    }
}

/// A site being written over the previous one.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    apply: PathBuf,
    previous: Option<Manifest>,
    on_disk: BTreeSet<String>,
    done: bool,
    _lock: fs::File,
}

/// Takes the lock on `out`'s site (`.public.amendo-lock` beside it), or
/// fails at once when another build holds it. The system releases it when
/// the process ends, however it ends.
fn lock(out: &Path) -> Result<fs::File, SiteError> {
    let path = sibling(out, "lock")?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io("cannot open", &path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(SiteError::Refused(format!(
            "another amendo process is writing the site {} (lock held on {}); wait for it to finish, then run again",
            out.display(),
            path.display()
        ))),
        Err(fs::TryLockError::Error(e)) => Err(io("cannot lock", &path, e)),
    }
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

/// Every file under `dir`, by `/`-separated path from it.
fn files_under(dir: &Path) -> Result<BTreeSet<String>, SiteError> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeSet<String>) -> Result<(), SiteError> {
        for e in fs::read_dir(dir).map_err(|e| io("cannot read", dir, e))? {
            let e = e.map_err(|e| io("cannot read", dir, e))?;
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let kind = e
                .file_type()
                .map_err(|err| io("cannot read", &e.path(), err))?;
            if kind.is_dir() {
                walk(&e.path(), &rel, out)?;
            } else {
                out.insert(rel);
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    if dir.is_dir() {
        walk(dir, "", &mut out)?;
    }
    Ok(out)
}

impl Staging {
    /// True when no build of `out` was stopped half-way: [`Staging::begin`]
    /// then has nothing to finish or clear, and only reads.
    pub fn clean(out: &Path) -> bool {
        ["new", "apply", "old"]
            .iter()
            .all(|s| sibling(out, s).is_ok_and(|p| fs::symlink_metadata(p).is_err()))
    }

    /// Prepares a new site for `out`: finishes a build that was killed
    /// after its commit point, checks that `out` may be written, reads the
    /// previous site's manifest and lists its files, and starts an empty
    /// staging folder (clearing one a killed build left).
    pub fn begin(out: &Path) -> Result<Staging, SiteError> {
        let tmp = sibling(out, "new")?;
        let apply = sibling(out, "apply")?;
        let old = sibling(out, "old")?;
        if let Some(parent) = tmp.parent() {
            fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
        }
        let lock = lock(out)?;
        // A site parked by an amendo that swapped whole folders.
        if !out.exists() && old.join(MARKER).exists() {
            fs::rename(&old, out).map_err(|e| io("cannot restore the previous site to", out, e))?;
        }
        if apply.exists() {
            apply_into(&apply, out)?;
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
                crate::fault::step("site: remove a staging folder a killed build left");
                fs::remove_dir_all(stale).map_err(|e| io("cannot remove", stale, e))?;
            }
        }
        let previous = Manifest::read(out);
        let mut on_disk = files_under(out)?;
        on_disk.remove(MARKER);
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            apply,
            previous,
            on_disk,
            done: false,
            _lock: lock,
        })
    }

    /// The previous site's manifest, when there is a site with one.
    pub fn previous(&self) -> Option<&Manifest> {
        self.previous.as_ref()
    }

    /// True when the output folder holds exactly the files its manifest
    /// lists (none missing, none added by hand).
    pub fn intact(&self) -> bool {
        self.previous.as_ref().is_some_and(|m| {
            m.files.len() == self.on_disk.len() && m.files.keys().eq(self.on_disk.iter())
        })
    }

    /// True when the previous site lists `path` with this content hash and
    /// the file is there.
    pub fn unchanged(&self, path: &str, hash: &str) -> bool {
        self.previous
            .as_ref()
            .and_then(|m| m.files.get(path))
            .is_some_and(|e| e.hash == hash)
            && self.on_disk.contains(path)
    }

    /// The files of the previous site on disk (its manifest aside).
    pub fn on_disk(&self) -> impl Iterator<Item = &String> {
        self.on_disk.iter()
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The content of a file of the site being built: staged, or else as
    /// the previous site holds it.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, SiteError> {
        let staged = self.tmp.join(path);
        match fs::read(&staged) {
            Ok(b) => Ok(b),
            Err(_) => {
                let file = self.out.join(path);
                fs::read(&file).map_err(|e| io("cannot read", &file, e))
            }
        }
    }

    /// Writes one changed file of the new site. Safe to call from several
    /// threads.
    pub fn write(&self, path: &SitePath, bytes: &[u8]) -> Result<(), SiteError> {
        self.write_rel(&path.url(), bytes)
    }

    /// Writes one changed file, by its path from the site's root (checked
    /// to be plain names).
    pub fn write_rel(&self, rel: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let safe = !rel.is_empty()
            && rel
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != ".." && !c.contains('\\'));
        if !safe {
            return Err(SiteError::Refused(format!(
                "a file of the site would leave its folder: {rel}"
            )));
        }
        let file = self.tmp.join(rel);
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, e))?;
        }
        fs::write(&file, bytes).map_err(|e| io("cannot write", &file, e))
    }

    /// Puts the new site in place: its changed files, the removal of the
    /// files it no longer has, and `manifest`.
    pub fn finish(mut self, manifest: &Manifest) -> Result<(), SiteError> {
        fs::create_dir_all(&self.tmp).map_err(|e| io("cannot create", &self.tmp, e))?;
        crate::fault::step("site: write the manifest");
        fs::write(self.tmp.join(MARKER), manifest.to_text())
            .map_err(|e| io("cannot write", &self.tmp, e))?;
        failpoint("site-before-swap");
        let fresh =
            !self.out.exists() || fs::read_dir(&self.out).is_ok_and(|mut d| d.next().is_none());
        if fresh {
            crate::fault::step("site: move the new site in place");
            if self.out.exists() {
                fs::remove_dir(&self.out).map_err(|e| io("cannot replace", &self.out, e))?;
            }
            fs::rename(&self.tmp, &self.out)
                .map_err(|e| io("cannot move the site to", &self.out, e))?;
        } else {
            crate::fault::step("site: commit the new site");
            fs::rename(&self.tmp, &self.apply).map_err(|e| io("cannot rename", &self.tmp, e))?;
            // The files on disk were listed when the build began, under the
            // lock: no need to list them, or read the manifest, again.
            apply_known(&self.apply, &self.out, manifest, &self.on_disk)?;
        }
        self.done = true;
        // The previous site's manifest and listing are freed on another
        // thread (the lock is released here).
        let previous = (self.previous.take(), std::mem::take(&mut self.on_disk));
        std::thread::spawn(move || drop(previous));
        Ok(())
    }
}

/// Step 3: makes `out` the site `apply` describes (its manifest) and holds
/// (the changed files), then removes `apply`. Every action is idempotent, so
/// a run stopped anywhere can be run again.
fn apply_into(apply: &Path, out: &Path) -> Result<(), SiteError> {
    match Manifest::read(apply) {
        Some(new) => {
            let mut on_disk = files_under(out)?;
            on_disk.remove(MARKER);
            apply_known(apply, out, &new, &on_disk)
        }
        None => {
            crate::fault::step("site: remove the apply folder");
            fs::remove_dir_all(apply).map_err(|e| io("cannot remove", apply, e))
        }
    }
}

/// [`apply_into`] when the new site's manifest (`new`, the one `apply`
/// holds) and the files of `out` (`on_disk`, its manifest aside) are known.
fn apply_known(
    apply: &Path,
    out: &Path,
    new: &Manifest,
    on_disk: &BTreeSet<String>,
) -> Result<(), SiteError> {
    let staged_marker = apply.join(MARKER);
    crate::fault::step("site: remove the files the new site lacks");
    for path in on_disk {
        if path != MARKER && !new.files.contains_key(path) {
            let file = out.join(path);
            match fs::remove_file(&file) {
                Ok(()) => remove_empty_parents(&file, out),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("cannot remove", &file, e)),
            }
        }
    }
    crate::fault::step("site: move the changed files in");
    for path in files_under(apply)? {
        if path == MARKER {
            continue;
        }
        let (from, to) = (apply.join(&path), out.join(&path));
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, e))?;
        }
        fs::rename(&from, &to).map_err(|e| io("cannot move in", &to, e))?;
    }
    crate::fault::step("site: move the manifest in");
    fs::rename(&staged_marker, out.join(MARKER))
        .map_err(|e| io("cannot move in", &out.join(MARKER), e))?;
    crate::fault::step("site: remove the apply folder");
    fs::remove_dir_all(apply).map_err(|e| io("cannot remove", apply, e))
}

/// Removes the folders above `file` that are left empty, up to `root`.
fn remove_empty_parents(file: &Path, root: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::urls;
    use crate::store::sources::hash;

    fn manifest(files: &[(&SitePath, &[u8])]) -> Manifest {
        let mut m = Manifest::default();
        m.units.insert(COMMON.into(), "x".into());
        for (p, b) in files {
            m.files.insert(
                p.url(),
                Entry {
                    hash: hash(b),
                    size: b.len() as u64,
                    unit: COMMON.into(),
                    search: None,
                },
            );
        }
        m
    }

    #[test]
    fn a_build_writes_changed_files_removes_old_ones_and_an_abandoned_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        assert!(s.previous().is_none());
        s.write(&urls::index(), b"one").unwrap();
        s.write(&urls::bill("a"), b"bill a").unwrap();
        s.finish(&manifest(&[
            (&urls::index(), b"one"),
            (&urls::bill("a"), b"bill a"),
        ]))
        .unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        // A build that stops before the commit point (an error, a kill)
        // changes nothing.
        let s = Staging::begin(&out).unwrap();
        assert!(s.intact());
        assert!(s.unchanged(&urls::index().url(), &hash(b"one")));
        s.write(&urls::index(), b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        // A killed build's staging folder is cleared by the next one; files
        // the new site lacks go, with their emptied folders.
        let stale = sibling(&out, "new").unwrap();
        fs::create_dir_all(stale.join("junk")).unwrap();
        fs::write(out.join("stray.html"), "by hand").unwrap();
        let s = Staging::begin(&out).unwrap();
        assert!(!s.intact(), "a file added by hand is seen");
        s.write(&urls::index(), b"three").unwrap();
        s.finish(&manifest(&[(&urls::index(), b"three")])).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"three");
        assert!(!out.join("bills").exists(), "emptied folders are removed");
        assert!(!out.join("stray.html").exists());
        assert!(!stale.exists());
        assert_eq!(
            Manifest::read(&out).unwrap(),
            manifest(&[(&urls::index(), b"three")])
        );
    }

    #[test]
    fn unchanged_files_keep_their_times() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"one").unwrap();
        s.write(&urls::bill("a"), b"bill a").unwrap();
        let m = manifest(&[(&urls::index(), b"one"), (&urls::bill("a"), b"bill a")]);
        s.finish(&m).unwrap();
        let time = |p: &str| fs::metadata(out.join(p)).unwrap().modified().unwrap();
        let before = time("bills/a/index.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"two").unwrap();
        s.finish(&manifest(&[
            (&urls::index(), b"two"),
            (&urls::bill("a"), b"bill a"),
        ]))
        .unwrap();
        assert_eq!(time("bills/a/index.html"), before);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
    }

    #[test]
    fn a_build_killed_after_its_commit_point_is_finished_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write(&urls::index(), b"one").unwrap();
        s.write(&urls::bill("a"), b"bill a").unwrap();
        s.finish(&manifest(&[
            (&urls::index(), b"one"),
            (&urls::bill("a"), b"bill a"),
        ]))
        .unwrap();
        // As if killed right after the commit rename.
        let apply = sibling(&out, "apply").unwrap();
        fs::create_dir_all(&apply).unwrap();
        fs::write(apply.join("index.html"), b"two").unwrap();
        fs::write(
            apply.join(MARKER),
            manifest(&[(&urls::index(), b"two")]).to_text(),
        )
        .unwrap();
        let s = Staging::begin(&out).unwrap();
        assert!(!apply.exists());
        assert!(s.intact());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
        assert!(!out.join("bills").exists());
    }

    #[test]
    fn one_build_at_a_time_writes_a_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out).unwrap();
        let err = Staging::begin(&out).err().unwrap().to_string();
        assert!(err.contains("another amendo process"), "{err}");
        drop(first);
        assert!(Staging::begin(&out).is_ok());
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
        s.finish(&manifest(&[(&urls::index(), b"one")])).unwrap();
        fs::rename(&out, sibling(&out, "old").unwrap()).unwrap();
        let s = Staging::begin(&out).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        drop(s);
    }
}
