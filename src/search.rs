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
//! The index does not read a page whole but its [`document`]: the page's
//! language, its title and its `data-pagefind-body` element, without the
//! elements marked `data-pagefind-ignore` (in the site's theme, the
//! alinéas a diff shows unchanged, whose text the article's page holds),
//! a space after a block such as a definition list's term and between a
//! deletion and the insertion beside it (which Pagefind would read as one
//! word with what follows: [`words_apart`]), and without the tags Pagefind's reading does
//! not depend on ([`without_unread_markup`]: the same index, read sooner).
//! A shard is indexed again only when one of its pages' documents changed,
//! so an edit that changes only what search does not read (the unchanged
//! text around an amendment) indexes nothing again; and Pagefind parses
//! less. Pages are added in the order of their paths, so the same site
//! gives the same index, byte for byte.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The folder, under the site's root, that holds the index.
pub const DIR: &str = "pagefind";

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

/// Indexes `pages`, each a path from the site's root (`/`-separated) and
/// its [`document`], in the order given (sort them for a deterministic
/// index), calling `added` after each; returns the index's files by path
/// from the site's root (`pagefind/…`).
pub fn index_pages<'a>(
    pages: impl IntoIterator<Item = (&'a str, String)>,
    mut added: impl FnMut(),
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| SearchError(e.to_string()))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| SearchError(e.to_string()))?;
        for (rel, document) in pages {
            index
                .add_html_file(None, Some(format!("/{rel}")), document)
                .await
                .map_err(|e| SearchError(format!("{rel}: {e}")))?;
            added();
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

/// What the index reads of a page: its `<html>` start tag (the language
/// Pagefind stems for), its `<title>` and its `data-pagefind-body` element
/// with every element marked `data-pagefind-ignore` left out, in a
/// document of their own. A page without such a body element is read
/// whole. The document is a function of the page alone, so a clean build
/// and an incremental one index the same documents.
pub fn document(html: &str) -> String {
    let Some(body) = body_range(html) else {
        return html.to_owned();
    };
    let mut doc = String::with_capacity(body.len() + 256);
    match start_tag(html, "html") {
        Some(tag) => doc.push_str(tag),
        None => doc.push_str("<html>"),
    }
    doc.push_str("<head>");
    if let Some(start) = html.find("<title>")
        && let Some(len) = html[start..].find("</title>")
    {
        doc.push_str(&html[start..start + len + "</title>".len()]);
    }
    doc.push_str("</head><body>");
    let mut body_read = String::with_capacity(body.len());
    without_ignored(&html[body], &mut body_read);
    words_apart(&body_read, &mut doc);
    doc.push_str("</body></html>");
    without_unread_markup(&doc)
}

/// Elements a browser shows as blocks whose text Pagefind nevertheless
/// appends to what comes before it as it stands: « <dt>Sort</dt><dd>non
/// soutenu</dd> » would be read « Sortnon soutenu ».
const APART_TAGS: [&str; 16] = [
    "dt",
    "dd",
    "dl",
    "th",
    "tr",
    "ol",
    "table",
    "caption",
    "figure",
    "figcaption",
    "details",
    "summary",
    "blockquote",
    "pre",
    "aside",
    "address",
];

/// Copies `region` into `out` with a space after the end tag of each
/// element in [`APART_TAGS`], and between a deletion and the insertion
/// beside it (« <del>mots</del><ins>termes</ins> », read « motstermes »
/// otherwise), so that the words on either side are read apart.
fn words_apart(region: &str, out: &mut String) {
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = region[from..].find("</").map(|i| i + from) {
        let Some(end) = region[at..].find('>').map(|i| i + at + 1) else {
            break;
        };
        from = end;
        let name = &region[at + 2..end - 1];
        let next = &region[end..];
        let apart = APART_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name))
            || (name.eq_ignore_ascii_case("del") && next.starts_with("<ins"))
            || (name.eq_ignore_ascii_case("ins") && next.starts_with("<del"));
        if apart {
            out.push_str(&region[copied..end]);
            out.push(' ');
            copied = end;
        }
    }
    out.push_str(&region[copied..]);
}

/// The elements whose tags change what Pagefind reads of a page: a
/// sentence's bounds (a space before the element's text and one after,
/// with a full stop when it ends without punctuation), a heading's weight,
/// a line break's space, and the elements whose content it leaves out.
/// Any other element's text is added to its parent's as it stands, so its
/// tags can go (unless they carry an `id`, which makes an anchor, or a
/// `data-pagefind-…` attribute).
const READ_TAGS: [&str; 28] = [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section", "br",
    "img", "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav",
    "iframe", "template", "html", "title",
];

/// `html` without the tags Pagefind's reading does not depend on
/// ([`READ_TAGS`]), and without the attributes it does not read on the
/// tags kept (all but an `id` or a `data-pagefind-…` one, which keep the
/// tag whole, as do the language of `<html>` and the source and text of an
/// image). Pagefind's time goes with the number of elements, and half of
/// an amendment's page's are table rows and headers, definition lists,
/// links and spans. On pages of the default theme the index is the same,
/// byte for byte (a test compares on the pages of built sites); a theme's
/// own markup may shift a few words between a heading's anchor and its
/// section, or an attribute value holding a bare `>` be read as text.
pub fn without_unread_markup(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    only_what_search_reads(html, &mut out);
    out
}

fn only_what_search_reads(region: &str, out: &mut String) {
    // The elements open, by name: each kept or not (its end tag goes the
    // way its start tag went).
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(lt) = region[at..].find('<').map(|i| i + at) {
        let Some(gt) = region[lt..].find('>').map(|i| i + lt) else {
            break;
        };
        at = gt + 1;
        let tag = &region[lt..=gt];
        let (closing, rest) = match tag[1..].strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, &tag[1..]),
        };
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() {
            // A comment, a doctype or a stray `<`: kept as it is.
            continue;
        }
        let read = READ_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name));
        let marked = !closing && {
            let attrs = &rest[name_len..];
            attrs.contains("data-pagefind") || has_attribute(attrs, "id")
        };
        let keep = if closing {
            match open.iter().rposition(|(n, _)| n.eq_ignore_ascii_case(name)) {
                Some(i) => {
                    let kept = open[i].1;
                    open.truncate(i);
                    kept
                }
                None => read,
            }
        } else {
            let kept = read || marked;
            if !rest.trim_end_matches('>').ends_with('/') {
                open.push((name, kept));
            }
            kept
        };
        out.push_str(&region[copied..lt]);
        copied = gt + 1;
        if !keep {
            continue;
        }
        if closing || marked || ["img", "html"].iter().any(|t| t.eq_ignore_ascii_case(name)) {
            out.push_str(tag);
        } else {
            // Pagefind reads no other attribute of an element.
            out.push('<');
            out.push_str(name);
            out.push('>');
        }
    }
    out.push_str(&region[copied..]);
}

/// True when the attributes `attrs` (of a start tag, after its name)
/// include `name`.
fn has_attribute(attrs: &str, name: &str) -> bool {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return false;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(end);
        let after = after.trim_start();
        let next = match after.strip_prefix('=') {
            Some(v) => {
                let v = v.trim_start();
                let len = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => v[1..].find(q).map_or(v.len(), |i| i + 2),
                    _ => v
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(v.len()),
                };
                &v[len..]
            }
            None => after,
        };
        if key.eq_ignore_ascii_case(name) {
            return true;
        }
        if next.len() == rest.len() {
            return false;
        }
        rest = next;
    }
}

/// The first start tag `<name …>` of `html`.
fn start_tag<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = html[from..].find('<').map(|i| i + from) {
        if opens(&html[i..], name) {
            let end = html[i..].find('>')? + i;
            return Some(&html[i..=end]);
        }
        from = i + 1;
    }
    None
}

/// True when `s` starts with the start tag of element `name` (`<li>`,
/// `<li class=…>`, not `<link>`).
fn opens(s: &str, name: &str) -> bool {
    s.strip_prefix('<')
        .and_then(|s| s.strip_prefix(name))
        .is_some_and(|rest| rest.starts_with([' ', '>', '/', '\t', '\n', '\r']))
}

/// The byte range of the element whose start tag carries `data-pagefind-body`.
fn body_range(html: &str) -> Option<std::ops::Range<usize>> {
    let attr = html.find("data-pagefind-body")?;
    let start = element_start(html, attr)?;
    let end = element_end(html, start)?;
    Some(start..end)
}

/// The start of the tag an attribute at `attr` belongs to: the `<` before it,
/// with no `>` between them.
fn element_start(html: &str, attr: usize) -> Option<usize> {
    let lt = html[..attr].rfind('<')?;
    (!html[lt..attr].contains('>')).then_some(lt)
}

/// The end (past its end tag) of the element that starts at `start`,
/// counting the elements of the same name nested in it; past its start tag
/// for an element written without an end tag (`<br>`, `<img …/>`).
fn element_end(html: &str, start: usize) -> Option<usize> {
    let name_len = html[start + 1..].find([' ', '>', '/', '\t', '\n', '\r'])?;
    let name = &html[start + 1..start + 1 + name_len];
    let tag_end = html[start..].find('>')? + start + 1;
    const VOID: [&str; 8] = ["br", "hr", "img", "input", "meta", "link", "wbr", "source"];
    if VOID.contains(&name) || html[..tag_end].ends_with("/>") {
        return Some(tag_end);
    }
    let close = format!("</{name}>");
    let mut depth = 1;
    let mut at = tag_end;
    while let Some(i) = html[at..].find('<').map(|i| i + at) {
        if html[i..].starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return Some(i + close.len());
            }
        } else if opens(&html[i..], name) {
            depth += 1;
        }
        at = i + 1;
    }
    None
}

/// Copies `region` into `out` without the elements marked
/// `data-pagefind-ignore` (each replaced by a space, so that the words on
/// either side stay apart). An element whose end cannot be found is kept.
fn without_ignored(region: &str, out: &mut String) {
    const IGNORE: &str = "data-pagefind-ignore";
    let mut copied = 0;
    let mut from = 0;
    while let Some(attr) = region[from..].find(IGNORE).map(|i| i + from) {
        from = attr + IGNORE.len();
        let Some(start) = element_start(region, attr).filter(|&s| s >= copied) else {
            continue;
        };
        let Some(end) = element_end(region, start) else {
            continue;
        };
        out.push_str(&region[copied..start]);
        out.push(' ');
        copied = end;
        from = end;
    }
    out.push_str(&region[copied..]);
}

#[cfg(test)]
mod tests {
    use super::document;

    #[test]
    fn a_document_is_the_language_the_title_and_the_body_without_what_is_ignored() {
        let page = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>Amendement 640 · amendo</title><link rel=\"stylesheet\" href=\"a.css\"></head>\n<body><header><nav>Accueil</nav></header>\n<main id=\"main\" data-pagefind-body>\n<h1>Amendement 640</h1><ol class=\"alineas\">\n<li class=\"same\" data-pagefind-ignore><span>1</span> Le texte <li>imbriqué</li> inchangé.</li>\n<li class=\"changed\"><span>2</span> Les <del>mots</del><ins>termes</ins> changés.</li>\n<li class=\"same\" data-pagefind-ignore>Fin inchangée.</li></ol><p>Un <br data-pagefind-ignore>saut.</p>\n<main>interne</main></main>\n<footer>Fait avec amendo</footer></body></html>";
        assert_eq!(
            document(page),
            "<html lang=\"fr\"><head><title>Amendement 640 · amendo</title></head><main id=\"main\" data-pagefind-body>\n<h1>Amendement 640</h1>\n \n<li>2 Les mots termes changés.</li>\n  <p>Un  saut.</p>\ninterne</main></html>"
        );
    }

    #[test]
    fn words_in_blocks_pagefind_would_join_are_read_apart() {
        let mut out = String::new();
        super::words_apart(
            "<dl><dt>Sort</dt><dd>non soutenu</dd></dl><p>Les <del>mots</del><ins>termes</ins> et <ins>un</ins> <del>deux</del></p>",
            &mut out,
        );
        assert_eq!(
            out,
            "<dl><dt>Sort</dt> <dd>non soutenu</dd> </dl> <p>Les <del>mots</del> <ins>termes</ins> et <ins>un</ins> <del>deux</del></p>"
        );
    }

    #[test]
    fn only_the_markup_pagefind_reads_is_kept() {
        // Sentence tags without their attributes; a tag with an `id` or a
        // `data-pagefind-…` attribute whole, with its end tag (not the end
        // tag of the plain element of the same name around it); other tags
        // gone, their text left as it stands.
        let html = "<section class=\"a\"><h2 id=\"x\" class=\"h\">Titre</h2><dl><dt>Auteur</dt><dd><span class=\"s\"><span id=\"k\">M.</span>&nbsp;Dupont</span></dd></dl><table><tr><th scope=\"row\">Culture</th><td class=\"num\">500</td></tr></table><p data-pagefind-weight=\"2\">Fin<br/>ici<!-- note --></p></section>";
        assert_eq!(
            super::without_unread_markup(html),
            "<section><h2 id=\"x\" class=\"h\">Titre</h2>Auteur<span id=\"k\">M.</span>&nbsp;DupontCulture<td>500</td><p data-pagefind-weight=\"2\">Fin<br>ici<!-- note --></p></section>"
        );
    }

    #[test]
    fn a_page_without_a_body_element_is_read_whole() {
        let page = "<html lang=\"en\"><body><p>All of it.</p></body></html>";
        assert_eq!(document(page), page);
        // An ignored element that never ends is kept.
        let page = "<html><main data-pagefind-body><p data-pagefind-ignore>open</main>";
        assert_eq!(
            document(page),
            "<html><head></head><main data-pagefind-body><p data-pagefind-ignore>open</main></html>"
        );
    }
}
