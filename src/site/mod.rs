//! The static site: every bill's history as pages any static host can serve.
//!
//! `amendo build` writes the store, then calls [`build`], which reads only
//! the store (never the sources): for each bill, its texts and amendments
//! are loaded once ([`BillSite`]); the list of pages is made ([`Page`]);
//! each page is rendered alone ([`Site::render`]) from values the
//! [`crate::query`] layer answers, shaped for the templates by [`view`] and
//! [`pages`], in parallel (rayon, one store handle per worker); every file
//! goes into a staging folder that replaces the output folder in one step
//! ([`output`]). File names come from one function that cannot leave the
//! output folder ([`urls::safe_name`]); every text is escaped by the
//! templates' autoescape; links to outside pages are kept only when they are
//! `http(s)` ([`view::safe_href`]). The same store gives byte-identical
//! sites. The URL scheme is in `docs/site.md`.

pub mod feed;
pub mod output;
pub mod pages;
pub mod theme;
pub mod urls;
pub mod view;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::i18n::Lang;
use crate::model::{Bill, Text};
use crate::query::{ArticleHistory, BillQuery};
use crate::store::read::StoredAmendment;
use crate::store::{Store, StoreError};
use urls::SitePath;

/// Why the site could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A query failed.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// A template failed to load or render (`name:line: message`).
    #[error("template {0}")]
    Template(String),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// The output folder may not be replaced.
    #[error("{0}")]
    Refused(String),
    /// A feed could not be written.
    #[error("feed: {0}")]
    Feed(String),
}

/// What to build and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The output folder (replaced whole).
    pub out: PathBuf,
    /// A project's own `site/` folder, whose files override the defaults.
    pub theme: Option<PathBuf>,
}

/// What a build wrote.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SiteReport {
    /// Bills.
    pub bills: usize,
    /// HTML pages.
    pub pages: usize,
    /// Files of every kind (pages, JSON, feeds, assets).
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
    /// Files written by this build (new or changed); the others were left
    /// untouched.
    pub written: usize,
    /// Files of the previous site removed.
    pub removed: usize,
}

impl SiteReport {
    /// The counts of a site from its manifest.
    fn of(manifest: &output::Manifest, bills: usize, written: usize, removed: usize) -> SiteReport {
        let files = &manifest.files;
        SiteReport {
            bills,
            pages: files
                .iter()
                .filter(|(p, e)| e.unit != output::SEARCH && p.ends_with(".html"))
                .count(),
            files: files.len(),
            bytes: files.values().map(|e| e.size).sum(),
            written,
            removed,
        }
    }
}

/// One page of the site (with the JSON and feed files that go beside it):
/// the unit a build renders, and that can be rendered alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    /// The list of bills.
    Index,
    /// The search page (its index is built with the site: [`crate::search`]).
    Search,
    /// A bill (index into [`Site::bills`]).
    Bill(usize),
    /// What is not known about a bill.
    Unknown(usize),
    /// Every amendment examined at one stage of a bill.
    StageAmendments(usize, usize),
    /// An article, by stable id.
    Article(usize, String),
    /// An amendment: stage id and number.
    Amendment(usize, String, String),
    /// A public ballot, by number.
    Ballot(usize, String),
}

/// One bill, loaded once from the store and shared by every page.
pub struct BillSite {
    /// The bill's metadata.
    pub bill: Bill,
    /// The interface language.
    pub lang: Lang,
    /// The bill's history as the query layer answers it: the text at each
    /// stage and every amendment in discussion order.
    pub history: ArticleHistory,
    /// Its amendments indexed by the article they designate.
    pub index: crate::query::by_id::AmendmentIndex,
    /// True for a stage whose text is official (not derived).
    pub official: Vec<bool>,
    /// Every article any stage holds, by stable id, in reading order.
    pub articles: Vec<String>,
    /// Every public ballot: its number and the amendments it decided (indices
    /// into `amendments`), in ballot order.
    pub ballots: Vec<(String, Vec<usize>)>,
}

impl BillSite {
    /// Loads a bill through the query layer.
    pub fn load(store: &Store, slug: &str) -> Result<BillSite, SiteError> {
        let q = BillQuery::open(store, slug)?;
        let history = q.history(None)?;
        let bill = q.meta;
        let official = bill.stages.iter().map(|s| s.text.is_some()).collect();
        let articles = view::articles_in_order(&history.texts);
        let ballots = view::ballots(&history.amendments);
        let index = history.index();
        Ok(BillSite {
            index,
            lang: Lang::from_code(&bill.language),
            bill,
            history,
            official,
            articles,
            ballots,
        })
    }

    /// The text at each stage, parallel to `bill.stages`.
    pub fn texts(&self) -> &[Text] {
        &self.history.texts
    }

    /// Every amendment, in discussion order.
    pub fn amendments(&self) -> &[StoredAmendment] {
        &self.history.amendments
    }

    /// The stable id of the article an amendment of stage `si` designates
    /// by `number`: as numbered in the text it was tabled on (the stage
    /// before), else in its own stage's text.
    pub fn article_id_for(&self, si: usize, number: &str) -> Option<String> {
        let texts = self.texts();
        si.checked_sub(1)
            .and_then(|b| texts.get(b)?.article_by_number(number))
            .or_else(|| texts.get(si)?.article_by_number(number))
            .map(|a| a.id.clone())
    }

    /// The bill's slug.
    pub fn slug(&self) -> &str {
        &self.bill.slug
    }
}

/// Everything a build needs: the theme and the bills.
pub struct Site {
    /// Templates and assets.
    pub theme: theme::Theme,
    /// The bills, by slug.
    pub bills: Vec<BillSite>,
    /// The store's path (each worker opens its own handle).
    pub store_path: PathBuf,
}

/// One file of the site.
pub type File = (SitePath, Vec<u8>);

impl Site {
    /// Loads the theme and every bill of the store.
    pub fn load(store_path: &Path, theme_dir: Option<&Path>) -> Result<Site, SiteError> {
        Site::load_with(theme::Theme::load(theme_dir)?, store_path)
    }

    /// Loads every bill of the store, with a theme already loaded.
    pub fn load_with(theme: theme::Theme, store_path: &Path) -> Result<Site, SiteError> {
        let store = Store::open(store_path)?;
        let bills = store
            .bills()?
            .iter()
            .map(|slug| BillSite::load(&store, slug))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Site {
            theme,
            bills,
            store_path: store_path.to_path_buf(),
        })
    }

    /// Every page, in a stable order.
    pub fn pages(&self) -> Vec<Page> {
        let mut out = vec![Page::Index, Page::Search];
        for (b, site) in self.bills.iter().enumerate() {
            out.push(Page::Bill(b));
            out.push(Page::Unknown(b));
            for s in 0..site.bill.stages.len() {
                if site
                    .amendments()
                    .iter()
                    .any(|a| a.amendment.stage == site.bill.stages[s].id)
                {
                    out.push(Page::StageAmendments(b, s));
                }
            }
            for id in &site.articles {
                out.push(Page::Article(b, id.clone()));
            }
            for a in site.amendments() {
                out.push(Page::Amendment(
                    b,
                    a.amendment.stage.clone(),
                    a.amendment.number.clone(),
                ));
            }
            for (n, _) in &site.ballots {
                out.push(Page::Ballot(b, n.clone()));
            }
        }
        out
    }

    /// Renders one page (and its JSON and feed).
    pub fn render(&self, store: &Store, page: &Page) -> Result<Vec<File>, SiteError> {
        pages::render(self, store, page)
    }

    /// The assets.
    pub fn assets(&self) -> Vec<File> {
        self.theme
            .assets
            .iter()
            .map(|(name, text)| {
                let path = match name.as_str() {
                    "style.css" => urls::stylesheet(),
                    "sort.js" => urls::script(),
                    other => urls::asset(other),
                };
                (path, text.as_bytes().to_vec())
            })
            .collect()
    }
}

/// The largest tree libgit2 keeps parsed in its object cache. Every
/// amendment page looks records up in its stage's metadata tree, which holds
/// one entry per amendment (14,522 for the 2025 budget bill, about 1 MB):
/// above libgit2's default limit (4 KiB), that tree would be inflated and
/// parsed again for every lookup.
const TREE_CACHE_LIMIT: usize = 16 << 20;

/// Raises libgit2's cache limit for trees, once per process.
fn cache_large_trees() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a process-wide libgit2 setting written once, before this
        // build starts its worker threads; amendo starts no other thread
        // that uses libgit2. A concurrent reader elsewhere would read either
        // the old or the new limit, both valid.
        let _ =
            unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, TREE_CACHE_LIMIT) };
    });
}

/// Builds the site from the store at `store_path` into `options.out`,
/// rendering again only what changed (see [`output`] for how files are
/// written and a killed build recovered).
///
/// Each bill is a unit whose fingerprint is the hash of its refs (with the
/// theme and amendo's identity); the pages common to every bill (the list
/// of bills, the search page, the assets) form another, which changes
/// whenever any bill does. A unit whose fingerprint is the one the previous
/// site recorded, and whose files are all there, is not rendered again.
/// Rendered files are written only when their content hash differs from the
/// previous site's; the search index is rebuilt when any page changed. When
/// nothing changed, nothing is loaded from the store.
///
/// The first call in a process raises libgit2's cache limit for trees (a
/// process-wide setting): call it before other threads use libgit2.
pub fn build(store_path: &Path, options: &Options) -> Result<SiteReport, SiteError> {
    use output::{COMMON, Entry, Manifest, SEARCH};
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::atomic::{AtomicUsize, Ordering};

    cache_large_trees();
    let theme = theme::Theme::load(options.theme.as_deref())?;
    let mut units = unit_fingerprints(store_path, &theme.fingerprint)?;
    let staging = output::Staging::begin(&options.out)?;
    let empty = Manifest::default();
    let previous = staging.previous().unwrap_or(&empty);
    let same_units = |a: &BTreeMap<String, String>| {
        a.iter()
            .filter(|(u, _)| u.as_str() != SEARCH)
            .eq(units.iter())
    };
    if staging.intact() && same_units(&previous.units) && previous.units.contains_key(SEARCH) {
        return Ok(SiteReport::of(previous, units.len() - 1, 0, 0));
    }

    // Units to render: new or changed, or missing a file on disk.
    let mut dirty: BTreeSet<String> = units
        .iter()
        .filter(|(u, fp)| previous.units.get(*u) != Some(*fp))
        .map(|(u, _)| u.clone())
        .collect();
    for (path, e) in &previous.files {
        if !staging.unchanged(path, &e.hash) {
            dirty.insert(e.unit.clone());
        }
    }
    dirty.insert(COMMON.to_owned());

    let site = Site::load_with(theme, store_path)?;
    let written = AtomicUsize::new(0);
    let entry = |path: &SitePath, bytes: &[u8], unit: &str| -> Result<(String, Entry), SiteError> {
        let url = path.url();
        let hash = crate::store::sources::hash(bytes);
        if !staging.unchanged(&url, &hash) {
            staging.write(path, bytes)?;
            written.fetch_add(1, Ordering::Relaxed);
        }
        let e = Entry {
            hash,
            size: bytes.len() as u64,
            unit: unit.to_owned(),
        };
        Ok((url, e))
    };
    let mut files: BTreeMap<String, Entry> = previous
        .files
        .iter()
        .filter(|(_, e)| {
            e.unit != SEARCH && units.contains_key(&e.unit) && !dirty.contains(&e.unit)
        })
        .map(|(p, e)| (p.clone(), e.clone()))
        .collect();
    for (path, bytes) in site.assets() {
        let (url, e) = entry(&path, &bytes, COMMON)?;
        files.insert(url, e);
    }
    let pages: Vec<(Page, &str)> = site
        .pages()
        .into_iter()
        .map(|p| {
            let unit = match &p {
                Page::Index | Page::Search => COMMON,
                Page::Bill(b)
                | Page::Unknown(b)
                | Page::StageAmendments(b, _)
                | Page::Article(b, _)
                | Page::Amendment(b, _, _)
                | Page::Ballot(b, _) => site.bills[*b].slug(),
            };
            (p, unit)
        })
        .filter(|(_, unit)| dirty.contains(*unit))
        .collect();
    let progress = crate::progress::Progress::new("site", Some(pages.len() as u64));
    let rendered: Vec<Vec<(String, Entry)>> = pages
        .par_iter()
        .map_init(
            || Store::open(store_path),
            |store, (page, unit)| -> Result<Vec<(String, Entry)>, SiteError> {
                let store = store.as_ref().map_err(|e| SiteError::Io(e.to_string()))?;
                let files = site
                    .render(store, page)?
                    .iter()
                    .map(|(path, bytes)| entry(path, bytes, unit))
                    .collect();
                progress.inc(1);
                files
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    drop(progress);
    files.extend(rendered.into_iter().flatten());

    // The search index, from every page, when any page changed.
    let html: Vec<(&String, &Entry)> = files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    let mut listing = String::new();
    for (p, e) in &html {
        listing.push_str(&format!("{} {p}\n", e.hash));
    }
    let search_fp = crate::store::sources::hash(listing.as_bytes());
    if previous.units.get(SEARCH) == Some(&search_fp) && !dirty.contains(SEARCH) {
        files.extend(
            previous
                .files
                .iter()
                .filter(|(_, e)| e.unit == SEARCH)
                .map(|(p, e)| (p.clone(), e.clone())),
        );
    } else {
        let paths: Vec<String> = html.iter().map(|(p, _)| (*p).clone()).collect();
        let progress = crate::progress::Progress::new("search", Some(paths.len() as u64));
        let index = crate::search::index_pages(&paths, |p| {
            progress.inc(1);
            let bytes = staging
                .read(p)
                .map_err(|e| crate::search::SearchError::new(e.to_string()))?;
            String::from_utf8(bytes)
                .map_err(|e| crate::search::SearchError::new(format!("{p}: {e}")))
        })
        .map_err(|e| SiteError::Io(e.to_string()))?;
        for (rel, bytes) in index {
            let hash = crate::store::sources::hash(&bytes);
            if !staging.unchanged(&rel, &hash) {
                staging.write_rel(&rel, &bytes)?;
                written.fetch_add(1, Ordering::Relaxed);
            }
            let e = Entry {
                hash,
                size: bytes.len() as u64,
                unit: SEARCH.to_owned(),
            };
            files.insert(rel, e);
        }
    }
    units.insert(SEARCH.to_owned(), search_fp);
    let manifest = Manifest { units, files };
    let removed = staging
        .on_disk()
        .filter(|p| !manifest.files.contains_key(*p))
        .count();
    let report = SiteReport::of(
        &manifest,
        site.bills.len(),
        written.load(Ordering::Relaxed),
        removed,
    );
    staging.finish(&manifest)?;
    Ok(report)
}

/// Each unit's fingerprint: for a bill, a hash of its refs in the store; for
/// the common pages, a hash of every bill's. Both include the theme and
/// amendo's identity, so a new theme or a new amendo renders everything.
fn unit_fingerprints(
    store_path: &Path,
    theme: &str,
) -> Result<std::collections::BTreeMap<String, String>, SiteError> {
    use std::collections::BTreeMap;
    let store = Store::open(store_path)?;
    let bills = store.bills()?;
    let refs = crate::store::refs::read_packed(store_path)?;
    let identity = crate::store::sources::identity();
    let mut text: BTreeMap<String, String> = bills
        .iter()
        .map(|b| (b.clone(), format!("{identity}\n{theme}\n")))
        .collect();
    for (name, id) in &refs {
        let slug = if let Some(rest) = name.strip_prefix("refs/heads/") {
            rest
        } else if let Some(rest) = name.strip_prefix("refs/amendo/meta/") {
            rest
        } else if let Some(rest) = name
            .strip_prefix("refs/tags/")
            .or_else(|| name.strip_prefix("refs/amendments/"))
        {
            rest.split('/').next().unwrap_or(rest)
        } else {
            continue;
        };
        if let Some(t) = text.get_mut(slug) {
            t.push_str(id);
            t.push(' ');
            t.push_str(name);
            t.push('\n');
        }
    }
    let mut units: BTreeMap<String, String> = text
        .iter()
        .map(|(b, t)| (b.clone(), crate::store::sources::hash(t.as_bytes())))
        .collect();
    let mut common = format!("{identity}\n{theme}\n");
    for (b, fp) in &units {
        common.push_str(&format!("{fp} {b}\n"));
    }
    units.insert(
        output::COMMON.to_owned(),
        crate::store::sources::hash(common.as_bytes()),
    );
    Ok(units)
}
