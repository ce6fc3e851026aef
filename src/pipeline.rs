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
        site::Options {
            out: out.unwrap_or_else(|| root.join("public")),
            theme: Some(root.join("site")).filter(|d| d.is_dir()),
        }
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
/// they were before it (both are replaced atomically).
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
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let project = source::load_project(&options.root).map_err(BuildError::Sources)?;
    let ingest = store::ingest(&project, &options.store)?;
    let ingest_time = started.elapsed();
    let site = match &options.site {
        Some(o) => Some(site::build(&options.store, o)?),
        None => None,
    };
    Ok(BuildReport {
        store: ingest,
        site,
        ingest_time,
        site_time: started.elapsed() - ingest_time,
    })
}
