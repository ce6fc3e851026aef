//! The site's URL scheme, in one place (documented in `docs/site.md`).
//!
//! Every page, feed and JSON file has a path relative to the site's root,
//! built here from a bill's slug, a stage id, an article's stable id, an
//! amendment's number or a ballot's number, each passed through
//! [`safe_name`]. A path is the same whatever else the data holds, so links
//! from outside keep working when unrelated data changes; pages link to each
//! other with relative URLs ([`SitePath::relative_to`]), so the site works
//! from any folder, any host, and from `file://`.

use std::path::{Path, PathBuf};

/// Turns any string into one path segment that cannot leave its folder:
/// ASCII letters, digits, `-` and `_` are kept; every other byte is written
/// `~XX` (its hex value), so the mapping is one-to-one and the result never
/// holds `/`, `\`, `.` (hence never `.` or `..`), a NUL or a space. The empty
/// string is `~`. The result is also a valid URL path segment as it is.
pub fn safe_name(s: &str) -> String {
    if s.is_empty() {
        return "~".to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("~{b:02X}"));
        }
    }
    out
}

/// A file's place in the site: safe segments joined by `/`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SitePath {
    segments: Vec<String>,
}

impl SitePath {
    /// A path made of segments that are already safe (the fixed names of
    /// this module) and a file name built by [`safe_name`] plus an extension.
    fn new(dirs: &[&str], stem: &str, ext: &str) -> SitePath {
        let mut segments: Vec<String> = dirs.iter().map(|d| safe_name(d)).collect();
        segments.push(format!("{}.{ext}", safe_name(stem)));
        SitePath { segments }
    }

    /// The same path with another extension (a page's JSON twin).
    pub fn with_extension(&self, ext: &str) -> SitePath {
        let mut segments = self.segments.clone();
        if let Some(last) = segments.last_mut() {
            let stem = last.rsplit_once('.').map_or(last.as_str(), |(s, _)| s);
            *last = format!("{stem}.{ext}");
        }
        SitePath { segments }
    }

    /// The path as a URL from the site's root (`narcotrafic/index.html`).
    pub fn url(&self) -> String {
        self.segments.join("/")
    }

    /// How many folders deep the file is.
    pub fn depth(&self) -> usize {
        self.segments.len().saturating_sub(1)
    }

    /// The prefix that leads from this file to the site's root (`../../`).
    pub fn root(&self) -> String {
        "../".repeat(self.depth())
    }

    /// A relative URL from this file to `to`: up to the folder they
    /// share, then down.
    pub fn relative_to(&self, to: &SitePath) -> String {
        let from_dirs = &self.segments[..self.depth()];
        let to_dirs = &to.segments[..to.depth()];
        let shared = from_dirs
            .iter()
            .zip(to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        format!(
            "{}{}",
            "../".repeat(from_dirs.len() - shared),
            to.segments[shared..].join("/")
        )
    }

    /// The file under the output folder `out`. Every segment is safe, so the
    /// result is always inside `out`.
    pub fn under(&self, out: &Path) -> PathBuf {
        let mut p = out.to_path_buf();
        for s in &self.segments {
            debug_assert!(!s.is_empty() && s != "." && s != ".." && !s.contains(['/', '\\']));
            p.push(s);
        }
        p
    }
}

/// The list of bills.
pub fn index() -> SitePath {
    SitePath::new(&[], "index", "html")
}

/// The search page.
pub fn search() -> SitePath {
    SitePath::new(&[], "search", "html")
}

/// The site's stylesheet.
pub fn stylesheet() -> SitePath {
    SitePath::new(&["assets"], "style", "css")
}

/// The progressive-enhancement script (sortable tables).
pub fn script() -> SitePath {
    SitePath::new(&["assets"], "sort", "js")
}

/// Another asset of a theme (`assets/NAME`; the name's last dot kept).
pub fn asset(name: &str) -> SitePath {
    match name.rsplit_once('.') {
        Some((stem, ext)) => SitePath::new(&["assets"], stem, &safe_name(ext)),
        None => SitePath::new(&["assets"], name, "txt"),
    }
}

/// The JSON list of bills.
pub fn index_json() -> SitePath {
    SitePath::new(&[], "index", "json")
}

/// A bill's page.
pub fn bill(slug: &str) -> SitePath {
    SitePath::new(&["bills", slug], "index", "html")
}

/// A bill's Atom feed.
pub fn bill_feed(slug: &str) -> SitePath {
    SitePath::new(&["bills", slug], "feed", "atom")
}

/// The page listing what is not known about a bill.
pub fn unknown(slug: &str) -> SitePath {
    SitePath::new(&["bills", slug], "unknown", "html")
}

/// An article's page, by its stable id (its number may change).
pub fn article(slug: &str, id: &str) -> SitePath {
    SitePath::new(&["bills", slug, "articles"], id, "html")
}

/// An article's Atom feed.
pub fn article_feed(slug: &str, id: &str) -> SitePath {
    SitePath::new(&["bills", slug, "articles"], id, "atom")
}

/// The list of every amendment examined at one stage.
pub fn stage_amendments(slug: &str, stage: &str) -> SitePath {
    SitePath::new(&["bills", slug, "amendments"], stage, "html")
}

/// An amendment's page (numbers restart at each reading: the stage is part
/// of the path).
pub fn amendment(slug: &str, stage: &str, number: &str) -> SitePath {
    SitePath::new(&["bills", slug, "amendments", stage], number, "html")
}

/// A ballot's page.
pub fn ballot(slug: &str, number: &str) -> SitePath {
    SitePath::new(&["bills", slug, "ballots"], number, "html")
}

/// The anchor of an alinéa on an article page: `al-3` in the article's
/// current text (the blame view, which a reader cites), `STAGE-al-3` in the
/// text at an earlier stage.
pub fn alinea_anchor(stage: Option<&str>, n: usize) -> String {
    match stage {
        None => format!("al-{n}"),
        Some(s) => format!("{}-al-{n}", safe_name(s)),
    }
}

/// The anchor of a stage's section on an article page.
pub fn stage_anchor(stage: &str) -> String {
    format!("at-{}", safe_name(stage))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_cannot_leave_their_folder() {
        for evil in [
            "..", ".", "../x", "a/b", "a\\b", "", "x\0y", " ", "~", "é", "<script>",
        ] {
            let s = safe_name(evil);
            assert!(!s.is_empty() && s != "." && s != "..", "{evil:?} → {s:?}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_~".contains(&b)),
                "{evil:?} → {s:?}"
            );
        }
        assert_eq!(safe_name("CL44"), "CL44");
        assert_eq!(safe_name("8-ter"), "8-ter");
        assert_eq!(safe_name("../x"), "~2E~2E~2Fx");
        let p = amendment("narcotrafic", "../../etc", "../passwd");
        let out = Path::new("/tmp/site");
        assert!(p.under(out).starts_with(out));
        assert_eq!(
            p.under(out).components().count(),
            out.components().count() + 5
        );
    }

    #[test]
    fn names_are_one_to_one() {
        let names = ["a.b", "a~2Eb", "a b", "a~20b", "A", "a"];
        let mapped: std::collections::HashSet<String> =
            names.iter().map(|n| safe_name(n)).collect();
        assert_eq!(mapped.len(), names.len());
    }

    #[test]
    fn relative_links() {
        let from = amendment("narcotrafic", "an-1-seance", "640");
        assert_eq!(
            from.url(),
            "bills/narcotrafic/amendments/an-1-seance/640.html"
        );
        assert_eq!(
            from.relative_to(&article("narcotrafic", "8-ter")),
            "../../articles/8-ter.html"
        );
        assert_eq!(index().relative_to(&bill("x")), "bills/x/index.html");
        assert_eq!(bill("x").relative_to(&index()), "../../index.html");
        assert_eq!(bill("x").relative_to(&article("x", "1")), "articles/1.html");
        assert_eq!(from.relative_to(&from), "640.html");
        assert_eq!(
            from.with_extension("json").url(),
            "bills/narcotrafic/amendments/an-1-seance/640.json"
        );
    }
}
