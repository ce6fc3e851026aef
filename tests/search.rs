//! Search on the served site, in headless Chromium: « chiffrement » reaches
//! the amendments on article 8 ter, an author's name reaches their
//! amendments; opened from a file, the search page says it needs a server.

mod common;

use amendo::pipeline::BuildOptions;
use amendo::serve::{Event, Server};
use common::Project;
use common::browser::{dom_after, dom_when};

fn served(p: &Project) -> Server {
    // Shards of a hundred pages: the index of the bill's 1,900 pages is
    // split in 32, so the results below come through the search page
    // merging every shard into the first one's results.
    let options = BuildOptions {
        root: p.path().to_path_buf(),
        store: p.store(),
        site: Some(amendo::site::Options {
            search_shard_pages: 100,
            ..BuildOptions::site_for(p.path(), None)
        }),
    };
    Server::start(options, 0, |e: Event<'_>| {
        if let Event::Failed(e) = e {
            panic!("the narcotrafic data must build: {e}");
        }
    })
    .unwrap()
}

fn history_all(q: &amendo::query::BillQuery) -> Vec<amendo::store::read::StoredAmendment> {
    q.amendments().unwrap()
}

/// The titles of the results shown.
fn titles(dom: &str) -> Vec<String> {
    dom.split("pagefind-ui__result-link")
        .skip(1)
        .filter_map(|s| Some(s.split_once('>')?.1.split('<').next()?.to_owned()))
        .collect()
}

/// The page of a search once its results are shown: the first result
/// links there and no result shown is still loading its title (results
/// fill in one by one; under load, the page was once read with two of its
/// five, and the amendments looked for were in the three not yet there).
fn results(server: &Server, query: &str) -> String {
    let url = format!("http://{}/search.html?q={query}", server.addr());
    let ready = "document.querySelector('.pagefind-ui__result-link') !== null \
        && document.querySelector('.pagefind-ui__result-title.pagefind-ui__loading') === null";
    let dom = dom_when(&url, ready, 60);
    if dom.contains("pagefind-ui__result-link") {
        return dom;
    }
    // With both cores taken by other work (two busy loops beside this test),
    // about one run in four has shown the search stuck on « Recherche … en
    // cours »: the index chunks of one or two of the 33 shards were never
    // fetched or never answered (the page's resource list, printed below,
    // lacks them). It was not seen on an idle machine, and its cause
    // (Pagefind's interface, Chromium or the server's HTTP library) is not
    // found yet. A fresh browser gets a second chance; both attempts are
    // printed when both fail.
    eprintln!("no result on the first attempt for « {query} »:\n{dom}");
    dom_when(&url, ready, 60)
}

#[test]
fn searching_on_the_served_site_reaches_amendments_and_authors() {
    let p = Project::dataset();
    let server = served(&p);
    let shards = (1..64)
        .filter(|k| {
            p.path()
                .join(format!("public/pagefind/{k}/pagefind-entry.json"))
                .is_file()
        })
        .count();
    assert!(
        shards >= 16,
        "the index is split into shards ({shards} besides the first)"
    );

    let dom = results(&server, "chiffrement");
    assert!(
        dom.contains("pagefind-ui__result-link"),
        "no result for « chiffrement »:\n{dom}"
    );
    // Among the first results, amendments on article 8 ter, the provision on
    // encrypted messaging (the list read from the store, not written here).
    let store = amendo::store::Store::open(&p.store()).unwrap();
    let q = amendo::query::BillQuery::open(&store, "narcotrafic").unwrap();
    let history = q.history(Some("8 ter")).unwrap();
    let on_8_ter: Vec<String> = history
        .amendments
        .iter()
        .filter(|a| history.on_article(a))
        .map(|a| format!("Amendement {} ", a.amendment.number))
        .collect();
    assert!(on_8_ter.len() > 6);
    let shown = titles(&dom);
    assert!(
        shown
            .iter()
            .any(|t| on_8_ter.iter().any(|n| t.starts_with(n.as_str()))),
        "the floor amendments on 8 ter are not among the results: {:?}",
        titles(&dom)
    );
    assert!(dom.contains("<mark>"), "the matching words are not shown");

    // An author's name reaches the amendments they tabled (read from the store).
    let dom = results(&server, "Marleix");
    let by_him: Vec<String> = history_all(&q)
        .into_iter()
        .filter(|a| a.amendment.authors.iter().any(|n| n.contains("Marleix")))
        .map(|a| format!("Amendement {} ", a.amendment.number))
        .collect();
    assert!(!by_him.is_empty());
    let shown = titles(&dom);
    assert!(
        shown
            .iter()
            .any(|t| by_him.iter().any(|n| t.starts_with(n.as_str()))),
        "no amendment by Marleix among {shown:?}"
    );
    assert!(
        dom.contains("href=\"/bills/narcotrafic/"),
        "results link to the bill's pages"
    );
    server.stop();
}

#[test]
fn opened_from_a_file_the_search_page_points_to_serve() {
    let p = Project::dataset();
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = p.path().join("public/search.html");
    let dom = dom_after(&format!("file://{}", page.display()), 2_000);
    assert!(dom.contains("amendo serve"), "{dom}");
    assert!(!dom.contains("pagefind-ui__search-input"));
}

/// The pages of a built site under `dir`, by path from the site's root.
fn pages_under(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            pages_under(root, &path, out);
        } else if path.extension().is_some_and(|x| x == "html") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// Without the tags and attributes Pagefind's reading does not depend on
/// (`search::without_unread_markup`, which `search::document` applies), a
/// page gives the same index, byte for byte: one page in five of two bills'
/// sites (every kind of page), and two pages of the 2025 budget bill's site
/// (a table of credits, identical amendments' cards).
#[test]
fn without_the_markup_search_does_not_read_the_index_is_the_same() {
    let p = Project::bills(&["narcotrafic", "pjl16-581"]);
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = p.path().join("public");
    let mut pages = Vec::new();
    pages_under(&site, &site, &mut pages);
    pages.sort();
    let mut pages: Vec<(String, String)> = pages.into_iter().step_by(5).collect();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/search");
    for name in ["plf2025-II-AC1.html", "plf2025-I-899.html"] {
        let html = std::fs::read_to_string(format!("{fixtures}/{name}")).unwrap();
        pages.push((format!("budget/{name}"), html));
    }
    assert!(pages.len() > 300, "{} pages", pages.len());
    // (Pagefind gives its files in no fixed order: by name.)
    let index = |trim: bool| {
        let mut files = amendo::search::index_pages(
            pages.iter().map(|(path, html)| {
                let read = if trim {
                    amendo::search::without_unread_markup(html)
                } else {
                    html.clone()
                };
                (path.as_str(), read)
            }),
            || {},
        )
        .unwrap();
        files.sort();
        files
    };
    let (whole, trimmed) = (index(false), index(true));
    assert_eq!(whole.len(), trimmed.len());
    for ((name, a), (other, b)) in whole.iter().zip(&trimmed) {
        assert!(name == other && a == b, "{name} differs ({other})");
    }
    // The markup did go: the budget bill's table of credits is read as
    // cells (sentences), its rows and headers' tags left out.
    let credits = &pages[pages.len() - 2].1;
    let trimmed = amendo::search::without_unread_markup(credits);
    assert!(
        trimmed.len() < credits.len() * 3 / 4,
        "{} of {}",
        trimmed.len(),
        credits.len()
    );
    assert!(trimmed.contains("<td>500\u{202f}000</td>") && !trimmed.contains("<tr"));
}
