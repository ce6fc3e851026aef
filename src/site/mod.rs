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
pub mod inputs;
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
use crate::store::{Records, Store, StoreError};
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
    /// About how many pages one shard of the search index holds (a change
    /// indexes again only the shards of the changed pages; a search asks
    /// every shard).
    pub search_shard_pages: usize,
    /// Leave the search shards whose pages changed to the next build, and
    /// serve their previous index meanwhile (`amendo serve` shows a changed
    /// page first, then indexes it). A shard never indexed is indexed now.
    pub defer_search: bool,
}

/// The default for [`Options::search_shard_pages`]: a shard is what an edit
/// of one page indexes again, and 250 pages take about 0.1 s; the 15,000
/// pages of a budget bill make 64 shards (the most), which a search asks
/// for a few KB each.
pub const SEARCH_SHARD_PAGES: usize = 250;

impl Options {
    /// Options for a site written to `out`, with a project's `site/` folder.
    pub fn new(out: PathBuf, theme: Option<PathBuf>) -> Options {
        Options {
            out,
            theme,
            search_shard_pages: SEARCH_SHARD_PAGES,
            defer_search: false,
        }
    }
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
    /// Pages rendered by this build (the others' inputs had not changed).
    pub rendered: usize,
    /// Files written by this build (new or changed); the others were left
    /// untouched.
    pub written: usize,
    /// Files of the previous site removed.
    pub removed: usize,
    /// Shards of the search index.
    pub search_shards: usize,
    /// Shards indexed again by this build (the others' pages had not
    /// changed).
    pub search_indexed: usize,
    /// The pages those shards hold.
    pub search_indexed_pages: usize,
    /// Shards whose pages changed but which were left to the next build
    /// ([`Options::defer_search`]).
    pub search_pending: usize,
    /// The time spent indexing.
    #[serde(skip)]
    pub search_time: std::time::Duration,
}

impl SiteReport {
    /// The counts of a site from its manifest.
    fn of(
        manifest: &output::Manifest,
        bills: usize,
        rendered: usize,
        written: usize,
        removed: usize,
    ) -> SiteReport {
        let files = &manifest.files;
        SiteReport {
            bills,
            pages: files
                .iter()
                .filter(|(p, e)| !e.unit.starts_with(output::SEARCH) && p.ends_with(".html"))
                .count(),
            files: files.len(),
            bytes: files.values().map(|e| e.size).sum(),
            rendered,
            written,
            removed,
            search_shards: manifest
                .units
                .keys()
                .filter(|u| u.starts_with(output::SEARCH))
                .count(),
            ..SiteReport::default()
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

impl Page {
    /// The bill the page is about (None for the pages common to every bill).
    pub fn bill(&self) -> Option<usize> {
        match self {
            Page::Index | Page::Search => None,
            Page::Bill(b)
            | Page::Unknown(b)
            | Page::StageAmendments(b, _)
            | Page::Article(b, _)
            | Page::Amendment(b, _, _)
            | Page::Ballot(b, _) => Some(*b),
        }
    }

    /// Where the page's HTML goes.
    pub fn path(&self, site: &Site) -> SitePath {
        let slug = |b: &usize| site.bills[*b].slug();
        match self {
            Page::Index => urls::index(),
            Page::Search => urls::search(),
            Page::Bill(b) => urls::bill(slug(b)),
            Page::Unknown(b) => urls::unknown(slug(b)),
            Page::StageAmendments(b, s) => {
                urls::stage_amendments(slug(b), &site.bills[*b].bill.stages[*s].id)
            }
            Page::Article(b, id) => urls::article(slug(b), id),
            Page::Amendment(b, stage, number) => urls::amendment(slug(b), stage, number),
            Page::Ballot(b, n) => urls::ballot(slug(b), n),
        }
    }
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
    /// Every public ballot, those that decided amendments and those on an
    /// article, the whole text or a motion, in ballot order.
    pub ballots: Vec<crate::query::BallotView>,
    /// For each stage's text, its articles' stable ids by the key of their
    /// numbers ([`crate::model::article_key`]).
    ids_by_key: Vec<std::collections::HashMap<String, String>>,
}

impl BillSite {
    /// Loads a bill through the query layer.
    pub fn load(store: &Store, slug: &str) -> Result<BillSite, SiteError> {
        let q = BillQuery::open(store, slug)?;
        let history = q.history(None)?;
        let ballots = q.ballots_of(&history.amendments)?;
        let bill = q.meta;
        let official = bill.stages.iter().map(|s| s.text.is_some()).collect();
        let articles = view::articles_in_order(&history.texts);
        let index = history.index();
        let ids_by_key = history
            .texts
            .iter()
            .map(|t| {
                let mut ids = std::collections::HashMap::new();
                for a in t.articles() {
                    // The first of two articles with one number, as a
                    // search through the text finds it.
                    ids.entry(crate::model::article_key(&a.number))
                        .or_insert_with(|| a.id.clone());
                }
                ids
            })
            .collect();
        Ok(BillSite {
            index,
            ids_by_key,
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
        let key = crate::model::article_key(number);
        let in_text = |t: usize| self.ids_by_key.get(t)?.get(&key);
        si.checked_sub(1)
            .and_then(in_text)
            .or_else(|| in_text(si))
            .cloned()
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
    /// The search index's shards besides the first (`pagefind/N/`), which
    /// the search page merges into the first's results.
    pub search_shards: Vec<usize>,
}

/// One file of the site.
pub type File = (SitePath, Vec<u8>);

impl Site {
    /// Loads the theme and every bill of the store.
    pub fn load(store_path: &Path, theme_dir: Option<&Path>) -> Result<Site, SiteError> {
        Site::load_with(
            theme::Theme::load(theme_dir)?,
            store_path,
            Records::default(),
        )
    }

    /// Loads every bill of the store, with a theme already loaded, taking
    /// the records in `records` instead of reading their blobs (those the
    /// store's writer just made: [`Records`]).
    pub fn load_with(
        theme: theme::Theme,
        store_path: &Path,
        records: Records,
    ) -> Result<Site, SiteError> {
        let store = Store::open(store_path)?.with_records(records);
        let bills = store
            .bills()?
            .iter()
            .map(|slug| BillSite::load(&store, slug))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Site {
            theme,
            bills,
            store_path: store_path.to_path_buf(),
            search_shards: Vec::new(),
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
            for v in &site.ballots {
                out.push(Page::Ballot(b, v.vote.ballot.clone()));
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
/// Each bill has a fingerprint, the hash of its refs (with the theme and
/// amendo's identity): when every bill's is the one the previous site
/// recorded and the site is intact, nothing is loaded. Otherwise the bills
/// are loaded and each page's signature (a hash of what it is rendered
/// from: [`inputs`]) is compared with the previous site's: only the pages
/// whose signature changed, or one of whose files is missing or altered,
/// are rendered again; the pages common to every bill (the list of bills,
/// the search page) and the assets always are. Rendered files are written
/// only when their content hash differs from the previous site's. The
/// search index is split into shards of about
/// [`Options::search_shard_pages`] pages ([`inputs::shard_of`]); only the
/// shards holding a changed page are indexed again.
///
/// The first call in a process raises libgit2's cache limit for trees (a
/// process-wide setting): call it before other threads use libgit2.
pub fn build(store_path: &Path, options: &Options) -> Result<SiteReport, SiteError> {
    build_prepared(
        store_path,
        options,
        Prepared::new(options)?,
        Records::default(),
        || {},
    )
}

/// The part of a site build that reads neither the store nor anything a
/// store build writes: the theme loaded, the previous site's manifest and
/// files read, the staging folder begun. `pipeline` makes it while the
/// store is being written ([`Prepared::early`]), then calls
/// [`build_prepared`].
pub struct Prepared {
    theme: theme::Theme,
    staging: output::Staging,
}

impl Prepared {
    /// Loads the theme and begins the output's staging
    /// ([`output::Staging::begin`]).
    pub fn new(options: &Options) -> Result<Prepared, SiteError> {
        Ok(Prepared {
            theme: theme::Theme::load(options.theme.as_deref())?,
            staging: output::Staging::begin(&options.out)?,
        })
    }

    /// True when [`Prepared::new`] would only read, so it may run beside
    /// the store's build: no earlier build of this output was stopped
    /// half-way, whose recovery writes (and numbers its steps for the crash
    /// tests, which must come in one order).
    pub fn early(options: &Options) -> bool {
        output::Staging::clean(&options.out)
    }
}

/// [`build`], with its first part done, and the records the store's
/// writer just made (by blob id: [`Records`]), which a bill loaded takes
/// instead of reading them again.
///
/// `spare` is called as Pagefind starts on the search index (the first
/// shard's documents made on every core, it reads them on one core, leaving
/// the other to spare), or when the index is done if no shard was indexed
/// again, for work the caller does beside it; a build that stops before
/// (nothing to render, an error) drops it uncalled.
pub fn build_prepared(
    store_path: &Path,
    options: &Options,
    prepared: Prepared,
    records: Records,
    spare: impl FnOnce() + Send,
) -> Result<SiteReport, SiteError> {
    use output::{COMMON, Entry, Manifest, PAGE, SEARCH};
    use std::collections::{BTreeMap, BTreeSet, HashMap};
    use std::sync::atomic::{AtomicUsize, Ordering};

    cache_large_trees();
    let Prepared { theme, staging } = prepared;
    let empty = Manifest::default();
    let previous = staging.previous().unwrap_or(&empty);
    // Units one of whose files is missing or was altered on disk.
    let broken_units = || -> BTreeSet<&str> {
        previous
            .files
            .iter()
            .filter(|(path, e)| !staging.unchanged(path, &e.hash))
            .map(|(_, e)| e.unit.as_str())
            .collect()
    };
    // With records the store's writer just made, its refs moved: the bills
    // are loaded while the fingerprints are made (without, most builds
    // find every bill as it was and load nothing).
    enum Bills {
        Loaded(Result<Site, SiteError>),
        Later(theme::Theme, Records),
    }
    let fingerprint = theme.fingerprint.clone();
    let (units, bills, broken) = if records.is_empty() {
        let units = unit_fingerprints(store_path, &fingerprint);
        (units, Bills::Later(theme, records), None)
    } else {
        let ((units, broken), site) = rayon::join(
            || (unit_fingerprints(store_path, &fingerprint), broken_units()),
            || Site::load_with(theme, store_path, records),
        );
        (units, Bills::Loaded(site), Some(broken))
    };
    let mut units = units?;
    crate::timing::phase("site: fingerprints");
    let bill_level = |u: &str| !u.starts_with(PAGE) && !u.starts_with(SEARCH);
    let same_bills = previous
        .units
        .iter()
        .filter(|(u, _)| bill_level(u))
        .eq(units.iter());
    let mut search_units = previous.units.iter().filter(|(u, _)| u.starts_with(SEARCH));
    let searched =
        search_units.clone().next().is_some() && search_units.all(|(_, fp)| fp != output::PENDING);
    if staging.intact() && same_bills && searched {
        return Ok(SiteReport::of(previous, units.len() - 1, 0, 0, 0));
    }
    let broken = broken.unwrap_or_else(broken_units);

    let mut site = match bills {
        Bills::Loaded(site) => site?,
        Bills::Later(theme, records) => Site::load_with(theme, store_path, records)?,
    };
    crate::timing::phase("site: load the store");
    let common = format!(
        "{}\n{}",
        crate::store::sources::identity(),
        site.theme.fingerprint
    );
    let inputs: Vec<inputs::Inputs> = site
        .bills
        .iter_mut()
        .map(|b| inputs::Inputs::of(b, &common))
        .collect();

    // Every page: its unit, its signature and its search shard.
    let all = site.pages();
    // The shards of articles' and amendments' pages, and one more for the
    // bills' other pages ([`inputs::shard_of`]).
    let shards = shard_count(all.len(), options.search_shard_pages) + 1;
    let planned: Vec<(Page, String, Option<String>, usize)> = all
        .into_par_iter()
        .map(|p| match p.bill() {
            None => (p, COMMON.to_owned(), None, 0),
            Some(b) => {
                let (bill, inp) = (&site.bills[b], &inputs[b]);
                let url = p.path(&site).url();
                let sig = inp.signature(bill, &p);
                let shard = inputs::shard_of(&p, &url, shards);
                let unit = format!("{PAGE}{url}");
                (p, unit, sig, shard)
            }
        })
        .collect();
    let mut shard_of_unit: HashMap<&str, usize> = HashMap::new();
    let mut to_render: Vec<(&Page, &str)> = Vec::new();
    let mut kept: BTreeSet<&str> = BTreeSet::new();
    for (page, unit, sig, shard) in &planned {
        shard_of_unit.insert(unit, *shard);
        let same = sig.is_some() && previous.units.get(unit) == sig.as_ref();
        if same && !broken.contains(unit.as_str()) {
            kept.insert(unit);
        } else {
            to_render.push((page, unit));
        }
        if let Some(sig) = sig {
            units.insert(unit.clone(), sig.clone());
        }
    }
    site.search_shards = (1..shards)
        .filter(|k| shard_of_unit.values().any(|s| s == k))
        .collect();

    let written = AtomicUsize::new(0);
    let entry = |path: &SitePath, bytes: &[u8], unit: &str| -> Result<(String, Entry), SiteError> {
        let url = path.url();
        let hash = crate::store::sources::hash(bytes);
        if !staging.unchanged(&url, &hash) {
            staging.write(path, bytes)?;
            written.fetch_add(1, Ordering::Relaxed);
        }
        let search = url.ends_with(".html").then(|| {
            let html = String::from_utf8_lossy(bytes);
            crate::store::sources::hash(crate::search::document(&html).as_bytes())
        });
        let e = Entry {
            hash,
            size: bytes.len() as u64,
            unit: unit.to_owned(),
            search,
        };
        Ok((url, e))
    };
    let mut files: BTreeMap<String, Entry> = previous
        .files
        .iter()
        .filter(|(_, e)| kept.contains(e.unit.as_str()))
        .map(|(p, e)| (p.clone(), e.clone()))
        .collect();
    for (path, bytes) in site.assets() {
        let (url, e) = entry(&path, &bytes, COMMON)?;
        files.insert(url, e);
    }
    crate::timing::phase("site: plan the pages");
    let progress = crate::progress::Progress::new("site", Some(to_render.len() as u64));
    let rendered: Vec<Vec<(String, Entry)>> = to_render
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
    crate::timing::phase("site: render");

    // The search index, shard by shard: a shard is indexed again when the
    // list of its pages or what search reads of one of them changed.
    let mut listing = vec![format!("{shards}\n"); shards];
    let mut shard_pages: Vec<Vec<String>> = vec![Vec::new(); shards];
    for (p, e) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let k = shard_of_unit.get(e.unit.as_str()).copied().unwrap_or(0);
        let read = e.search.as_ref().unwrap_or(&e.hash);
        for piece in [read.as_str(), " ", p, "\n"] {
            listing[k].push_str(piece);
        }
        shard_pages[k].push(p.clone());
    }
    let mut stale = Vec::new();
    let mut pending = 0;
    // The previous index's files, by shard (read once, not once a shard).
    let mut previous_index: HashMap<&str, Vec<(&String, &Entry)>> = HashMap::new();
    for (p, e) in &previous.files {
        if e.unit.starts_with(SEARCH) {
            previous_index
                .entry(e.unit.as_str())
                .or_default()
                .push((p, e));
        }
    }
    for (k, pages) in shard_pages.iter().enumerate() {
        if pages.is_empty() {
            continue;
        }
        let unit = format!("{SEARCH}/{k}");
        let fp = crate::store::sources::hash(listing[k].as_bytes());
        let intact = previous.units.contains_key(&unit) && !broken.contains(unit.as_str());
        let keep = |files: &mut BTreeMap<String, Entry>| {
            if let Some(kept) = previous_index.get(unit.as_str()) {
                files.extend(kept.iter().map(|(p, e)| ((*p).clone(), (*e).clone())));
            }
        };
        if intact && previous.units.get(&unit) == Some(&fp) {
            keep(&mut files);
            units.insert(unit, fp);
        } else if intact && options.defer_search {
            // The previous index of the shard is served meanwhile; the
            // next build indexes it (its fingerprint never matches).
            keep(&mut files);
            units.insert(unit, output::PENDING.to_owned());
            pending += 1;
        } else {
            stale.push(k);
            units.insert(unit, fp);
        }
    }
    let search_started = std::time::Instant::now();
    crate::timing::phase("site: plan the search index");
    // Called once the first shard's documents are made on every core, as
    // Pagefind starts reading them on one.
    let spare = std::sync::Mutex::new(Some(spare));
    let spare_now = || {
        let taken = spare
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(f) = taken {
            f();
        }
    };
    let total: usize = stale.iter().map(|&k| shard_pages[k].len()).sum();
    let progress = crate::progress::Progress::new("search", Some(total as u64));
    // Shards are indexed on plain threads, not rayon's: Pagefind runs its
    // own async runtime and uses rayon inside it, and a rayon worker that
    // stole another shard while inside that runtime would start a second
    // one on the same thread.
    // What search reads of each page is made on every core first (before
    // the shard's runtime starts); Pagefind then reads the pages one by one.
    let index_shard = |k: usize| -> Result<(usize, Vec<IndexFile>), SiteError> {
        let failed = |e: String| SiteError::Io(crate::search::SearchError::new(e).to_string());
        let documents = shard_pages[k]
            .par_iter()
            .map(|p| {
                let bytes = staging.read(p).map_err(|e| failed(e.to_string()))?;
                let html = String::from_utf8(bytes).map_err(|e| failed(format!("{p}: {e}")))?;
                Ok((p.as_str(), crate::search::document(&html)))
            })
            .collect::<Result<Vec<_>, SiteError>>()?;
        spare_now();
        let index = crate::search::index_pages(documents, || progress.inc(1))
            .map_err(|e| SiteError::Io(e.to_string()))?;
        Ok((k, crate::search::shard_files(k, index)))
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(stale.len())
        .max(1);
    let indexed: Vec<(usize, Vec<IndexFile>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mine: Vec<usize> = stale.iter().copied().skip(w).step_by(workers).collect();
                let index_shard = &index_shard;
                scope.spawn(move || mine.into_iter().map(index_shard).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<Result<Vec<_>, SiteError>>()
    })?;
    drop(progress);
    spare_now();
    for (k, index) in indexed {
        let unit = format!("{SEARCH}/{k}");
        for (rel, bytes) in index {
            let hash = crate::store::sources::hash(&bytes);
            if !staging.unchanged(&rel, &hash) {
                staging.write_rel(&rel, &bytes)?;
                written.fetch_add(1, Ordering::Relaxed);
            }
            let e = Entry {
                hash,
                size: bytes.len() as u64,
                unit: unit.clone(),
                search: None,
            };
            files.insert(rel, e);
        }
    }
    let search_time = search_started.elapsed();
    crate::timing::phase("site: search index");
    let manifest = Manifest { units, files };
    let removed = staging
        .on_disk()
        .filter(|p| !manifest.files.contains_key(*p))
        .count();
    let report = SiteReport {
        search_indexed: stale.len(),
        search_pending: pending,
        search_indexed_pages: total,
        search_time,
        ..SiteReport::of(
            &manifest,
            site.bills.len(),
            to_render.len(),
            written.load(Ordering::Relaxed),
            removed,
        )
    };
    staging.finish(&manifest)?;
    crate::timing::phase("site: put in place");
    // The bills loaded (every amendment's record) are freed on another
    // thread: the build is done.
    std::thread::spawn(move || drop((site, manifest)));
    Ok(report)
}

/// A file of the search index: its path from the site's root, its bytes.
type IndexFile = (String, Vec<u8>);

/// How many search shards a site of `pages` pages gets: a power of two, so
/// that the count (and with it where every page goes) changes only when the
/// site doubles or halves.
fn shard_count(pages: usize, per_shard: usize) -> usize {
    pages
        .div_ceil(per_shard.max(1))
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS)
}

/// The most search shards a site gets (a search asks every shard).
const MAX_SHARDS: usize = 64;

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
