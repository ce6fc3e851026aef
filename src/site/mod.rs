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
        let theme = theme::Theme::load(theme_dir)?;
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

/// Builds the whole site from the store at `store_path` into `options.out`,
/// atomically. The first call in a process raises libgit2's cache limit for
/// trees (a process-wide setting): call it before other threads use libgit2.
pub fn build(store_path: &Path, options: &Options) -> Result<SiteReport, SiteError> {
    cache_large_trees();
    let site = Site::load(store_path, options.theme.as_deref())?;
    let staging = output::Staging::begin(&options.out)?;
    let pages = site.pages();
    let mut report = SiteReport {
        bills: site.bills.len(),
        ..SiteReport::default()
    };
    for (path, bytes) in site.assets() {
        staging.write(&path, &bytes)?;
        report.files += 1;
        report.bytes += bytes.len() as u64;
    }
    let written: Vec<(usize, usize, u64)> = pages
        .par_iter()
        .map_init(
            || Store::open(store_path),
            |store, page| -> Result<(usize, usize, u64), SiteError> {
                let store = store.as_ref().map_err(|e| SiteError::Io(e.to_string()))?;
                let files = site.render(store, page)?;
                let mut n = (0, 0, 0);
                for (path, bytes) in &files {
                    staging.write(path, bytes)?;
                    n.1 += 1;
                    n.2 += bytes.len() as u64;
                    if path.url().ends_with(".html") {
                        n.0 += 1;
                    }
                }
                Ok(n)
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    for (p, f, b) in written {
        report.pages += p;
        report.files += f;
        report.bytes += b;
    }
    let search = crate::search::index_site(staging.staging_dir())
        .map_err(|e| SiteError::Io(e.to_string()))?;
    report.files += search.files;
    report.bytes += search.bytes;
    staging.finish()?;
    Ok(report)
}
