//! The site's search index: every HTML page the site build wrote (articles,
//! amendments, ballots, bills) indexed by Pagefind into `pagefind/`, a
//! chunked index a browser loads piece by piece, so that searching a
//! 14,522-amendment bill downloads a few fragments, not the whole index.
//!
//! Pagefind reads what a page marks with `data-pagefind-body` (the site's
//! `<main>`), stems words for the page's `lang`, and ships the small script
//! and WebAssembly module that query the index in the browser
//! (`pagefind/pagefind-ui.js`). The site's search page loads it; opened from
//! `file://`, where a browser refuses to fetch the index, that page says so
//! and points to `amendo serve`. Nothing else on the site depends on search.
//!
//! Pages are added in the order of their paths, so the same site gives the
//! same index, byte for byte.

use std::path::{Path, PathBuf};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The folder, under the site's root, that holds the index.
pub const DIR: &str = "pagefind";

/// What indexing did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SearchReport {
    /// Pages indexed.
    pub pages: usize,
    /// Files of the index (fragments, chunks, filters, the script and module).
    pub files: usize,
    /// Their total size in bytes.
    pub bytes: u64,
}

/// Why the index could not be built.
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

impl SearchError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> SearchError {
        SearchError(message.into())
    }
}

/// Indexes the pages at `paths` (from the site's root, `/`-separated, in
/// the order given: sort them for a deterministic index), whose HTML `read`
/// gives, and returns the index's files by path from the site's root
/// (`pagefind/…`).
pub fn index_pages(
    paths: &[String],
    mut read: impl FnMut(&str) -> Result<String, SearchError>,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| SearchError(e.to_string()))?;
        for rel in paths {
            let html = read(rel)?;
            index
                .add_html_file(None, Some(format!("/{rel}")), html)
                .await
                .map_err(|e| SearchError(format!("{rel}: {e}")))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| SearchError(e.to_string()))?;
        let mut out = Vec::new();
        for f in files {
            let rel = f.filename.strip_prefix("/").unwrap_or(&f.filename);
            let rel = rel.strip_prefix(DIR).unwrap_or(rel);
            let mut name = String::from(DIR);
            for c in rel.components() {
                match c {
                    std::path::Component::Normal(c) => {
                        name.push('/');
                        name.push_str(&c.to_string_lossy());
                    }
                    _ => {
                        return Err(SearchError(format!(
                            "the index named a file outside its folder: {}",
                            f.filename.display()
                        )));
                    }
                }
            }
            out.push((name, f.contents));
        }
        Ok(out)
    })
}

/// The files of shard `k` of a site's index (paths from the site's root),
/// from what [`index_pages`] gave for that shard's pages. The first shard
/// (0) is Pagefind's whole bundle in `pagefind/`: its index and the script,
/// interface and WebAssembly module that search. Another shard keeps only
/// its index (the entry file, the metadata, index chunks, filters and
/// fragments), in `pagefind/N/`: the search page merges it into the first
/// shard's results, and the first's module reads it.
pub fn shard_files(k: usize, files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    if k == 0 {
        return files;
    }
    let prefix = format!("{DIR}/");
    files
        .into_iter()
        .filter_map(|(path, bytes)| {
            let rel = path.strip_prefix(&prefix)?;
            let data = rel == "pagefind-entry.json"
                || rel.ends_with(".pf_meta")
                || ["index/", "fragment/", "filter/"]
                    .iter()
                    .any(|d| rel.starts_with(d));
            data.then(|| (format!("{DIR}/{k}/{rel}"), bytes))
        })
        .collect()
}

/// Indexes every `.html` file under `site` (a site being built) and
/// writes the index into `site/pagefind/`.
pub fn index_site(site: &Path) -> Result<SearchReport, SearchError> {
    let mut pages = Vec::new();
    collect_html(site, site, &mut pages)?;
    pages.sort();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| SearchError(e.to_string()))?;
        let mut report = SearchReport::default();
        for rel in &pages {
            let html = std::fs::read_to_string(site.join(rel))
                .map_err(|e| SearchError(format!("cannot read {}: {e}", rel.display())))?;
            let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| SearchError(format!("{}: {e}", rel.display())))?;
            report.pages += 1;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| SearchError(e.to_string()))?;
        let dir = site.join(DIR);
        for f in files {
            let rel = f.filename.strip_prefix("/").unwrap_or(&f.filename);
            let rel = rel.strip_prefix(DIR).unwrap_or(rel);
            if rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(SearchError(format!(
                    "the index named a file outside its folder: {}",
                    f.filename.display()
                )));
            }
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| SearchError(format!("{}: {e}", parent.display())))?;
            }
            std::fs::write(&path, &f.contents)
                .map_err(|e| SearchError(format!("{}: {e}", path.display())))?;
            report.files += 1;
            report.bytes += f.contents.len() as u64;
        }
        Ok(report)
    })
}

fn collect_html(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), SearchError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| SearchError(format!("{}: {e}", dir.display())))?;
    for e in entries {
        let e = e.map_err(|e| SearchError(format!("{}: {e}", dir.display())))?;
        let kind = e
            .file_type()
            .map_err(|err| SearchError(format!("{}: {err}", e.path().display())))?;
        let path = e.path();
        if kind.is_dir() {
            if path != root.join(DIR) {
                collect_html(root, &path, out)?;
            }
        } else if kind.is_file()
            && path.extension().is_some_and(|x| x == "html")
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_path_buf());
        }
    }
    Ok(())
}
