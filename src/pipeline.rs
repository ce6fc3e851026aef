//! What `amendo build` does, as one library call: load and validate the
//! sources, ingest them into the store, then render the site from the
//! store. `amendo build` and `amendo serve` (after each change it sees) run
//! the same function, so the served site is the site a build writes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostics;
use crate::site::{self, SiteError, SiteReport};
use crate::source;
use crate::store::{self, IngestReport, StoreError};

/// Where a build reads and writes.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The project's root (holding `bills/` and `amendments/`).
    pub root: PathBuf,
    /// The store.
    pub store: PathBuf,
    /// The site's output folder and theme, or None to only ingest.
    pub site: Option<site::Options>,
}

impl BuildOptions {
    /// The site options a project implies: output `out` (default
    /// `<root>/public`), its own `site/` folder as the theme when it has one.
    pub fn site_for(root: &Path, out: Option<PathBuf>) -> site::Options {
        site::Options::new(
            out.unwrap_or_else(|| root.join("public")),
            Some(root.join("site")).filter(|d| d.is_dir()),
        )
    }
}

/// What a build did.
#[derive(Debug, serde::Serialize)]
pub struct BuildReport {
    /// The store's ingest.
    #[serde(flatten)]
    pub store: IngestReport,
    /// The site, when one was rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteReport>,
    /// Time spent loading and ingesting.
    #[serde(skip)]
    pub ingest_time: Duration,
    /// Time spent rendering the site.
    #[serde(skip)]
    pub site_time: Duration,
}

/// Why a build stopped. Whatever the reason, the store and the site are as
/// they were before it (both are replaced atomically), or, when only what
/// the store keeps for the next build could not be written (the record of
/// the sources read, the objects remembered), both are the new ones and the
/// next build does all the work again.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The sources have errors (every one of them, with positions).
    #[error("{0}")]
    Sources(Diagnostics),
    /// The store could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The site could not be rendered.
    #[error(transparent)]
    Site(#[from] SiteError),
}

/// Loads, validates and ingests the sources, then renders the site.
///
/// Both steps cost what changed. The sources are scanned first (a file is
/// read and hashed only when its size, time or inode moved since the last
/// build: [`store::sources`]); when they are the ones the store was built
/// from, nothing is loaded or written. The site renders again only the
/// bills whose refs moved and writes only the files whose content changed
/// ([`site::build`]).
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(options, None)
}

/// [`build`], for a process that builds the same project again and again
/// (`amendo serve`): the amendment files whose text has not changed since an
/// earlier build are taken from `parsed` instead of being parsed again
/// ([`source::Parsed`]; every check is still made).
pub fn build_with(
    options: &BuildOptions,
    parsed: Option<&source::Parsed>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    crate::timing::phase("build: start");
    // The site's first part (its theme, the previous site) reads nothing
    // the store's build writes: it is done meanwhile, on another thread.
    let (ingest, prepared) = std::thread::scope(|scope| {
        let early = options.site.as_ref().filter(|o| site::Prepared::early(o));
        let prepare = early.map(|o| {
            scope.spawn(move || {
                let start = Instant::now();
                let prepared = site::Prepared::new(o);
                crate::timing::beside("site: theme and the previous site", start);
                prepared
            })
        });
        let ingest = ingest(options, parsed);
        let prepared = prepare.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (ingest, prepared)
    });
    let (ingest, records, tail) = ingest?;
    let ingest_time = started.elapsed();
    // What the store's build keeps for the next one is written while the
    // site is built (which reads none of it), once the site leaves a core
    // to spare: when Pagefind starts on its search index. A site build that stops
    // before (nothing to render, an error) drops `spare`, and without a
    // site there is nothing to wait for.
    let site = std::thread::scope(|scope| {
        let (spare, when_spare) = std::sync::mpsc::channel::<()>();
        let tail = tail.map(|t| {
            scope.spawn(move || {
                // A message, or the site's build gone without one.
                let _ = when_spare.recv();
                t.finish()
            })
        });
        let site = match &options.site {
            Some(o) => (|| {
                let prepared = match prepared {
                    Some(p) => p?,
                    None => site::Prepared::new(o)?,
                };
                let spare = move || drop(spare);
                site::build_prepared(&options.store, o, prepared, records, spare).map(Some)
            })(),
            None => {
                drop(spare);
                Ok(None)
            }
        };
        let tail = tail.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        let site = site?;
        tail.transpose()?;
        Ok::<_, BuildError>(site)
    })?;
    Ok(BuildReport {
        store: ingest,
        site,
        ingest_time,
        site_time: started.elapsed() - ingest_time,
    })
}

/// What the store's build still writes once its refs moved, for the next
/// build alone ([`store::write::Remembering`]), and what the load parsed
/// (`amendo-parsed`, `amendo-readings`), all under the store's write lock.
struct Tail {
    remembering: Option<store::write::Remembering>,
    scan: store::sources::Scan,
    kept: Option<source::Parsed>,
    store: PathBuf,
}

impl Tail {
    fn finish(self) -> Result<(), StoreError> {
        let lock = match self.remembering {
            Some(r) => Some(r.finish(Some(&self.scan))?),
            None => store::WriteLock::acquire(&self.store).ok(),
        };
        // When another writer holds the lock, or the files cannot be
        // written, the next build only parses every amendment again.
        if let (Some(kept), Some(_lock)) = (self.kept, lock) {
            let started = Instant::now();
            let _ = kept.write(&self.store.join(PARSED_FILE));
            let _ = crate::readings::save(&self.store.join(READINGS_FILE));
            crate::timing::beside("store: keep what was parsed", started);
        }
        Ok(())
    }
}

/// The store's part of a build: nothing when the sources are those the store
/// was built from, else a full load and ingest (which writes only new
/// objects). With the amendments' records, as written, when a site is
/// built next, and what is left to write for the next build alone
/// ([`Tail`]: among it, the record of the sources read).
fn ingest(
    options: &BuildOptions,
    parsed: Option<&source::Parsed>,
) -> Result<(IngestReport, store::Records, Option<Tail>), BuildError> {
    let sources_error = |e: String| {
        let mut d = Diagnostics::default();
        d.push(crate::diagnostic::Diagnostic::file(
            crate::import::WORK_DIR,
            e,
        ));
        BuildError::Sources(d)
    };
    // Held shared while the sources are scanned and loaded: an import
    // waits, and an interrupted one is settled first.
    let _project = crate::import::journal::read_lock(&options.root).map_err(sources_error)?;
    let record = store::sources::read(&options.store);
    let scan = match &record {
        None => store::sources::scan(&options.root, None)?,
        Some(record) => {
            // Only a store amendo created is written to, even by this path.
            store::write::claim(&options.store)?;
            let _lock = store::WriteLock::acquire(&options.store)?;
            let scan = store::sources::scan(&options.root, Some(record))?;
            if scan.matches(record, &options.store)? {
                if !scan.same_times(record) {
                    scan.record(&options.store, record.counts)?;
                }
                crate::timing::phase("store: sources unchanged");
                let (bills, stages, amendments) = record.counts;
                let report = IngestReport {
                    bills,
                    stages,
                    amendments,
                    sources_read: scan.hashed,
                    up_to_date: true,
                    ..IngestReport::default()
                };
                return Ok((report, store::Records::default(), None));
            }
            scan
        }
    };
    crate::timing::phase("store: scan the sources");
    let progress = crate::progress::Progress::new("store", None);
    progress.message("loading the sources");
    // A process that builds once keeps what it parsed on disk, for the next
    // build; one that builds again and again keeps it in memory.
    let kept = parsed.is_none().then(|| {
        source::Parsed::read(
            &options.store.join(PARSED_FILE),
            &store::sources::identity(),
        )
    });
    let hashes = scan.hashes();
    let reuse = source::Reuse {
        parsed: parsed.or(kept.as_ref()),
        hashes: Some(&hashes),
    };
    let project = std::thread::scope(|scope| {
        // What the engine read of each instruction, read meanwhile: the
        // store's history needs it, the loader does not.
        if kept.is_some() {
            scope.spawn(|| {
                crate::readings::load(
                    &options.store.join(READINGS_FILE),
                    &store::sources::identity(),
                )
            });
        }
        source::load_project_with(&options.root, reuse)
    })
    .map_err(BuildError::Sources)?;
    crate::timing::phase("store: load the sources");
    progress.message("writing the store");
    // With a site to build, the amendments move into the records it takes;
    // without, the project is freed on another thread.
    let (report, records, remembering) = if options.site.is_some() {
        let (report, records, remembering) =
            store::write::ingest_keeping(project, &options.store, Some(&scan))?;
        (report, records, Some(remembering))
    } else {
        let report = store::write::ingest_recorded(&project, &options.store, Some(&scan))?;
        std::thread::spawn(move || drop(project));
        (report, store::Records::default(), None)
    };
    let tail = Tail {
        remembering,
        scan,
        kept,
        store: options.store.clone(),
    };
    Ok((report, records, Some(tail)))
}

/// The file, in the store's folder, that keeps the amendment files the last
/// build parsed ([`source::Parsed::read`]); deleting it loses nothing.
pub const PARSED_FILE: &str = "amendo-parsed";

/// The file, in the store's folder, that keeps what the engine read of each
/// instruction ([`crate::readings`]); deleting it loses nothing.
pub const READINGS_FILE: &str = "amendo-readings";
