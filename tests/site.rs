//! The static site: built by `amendo build` from the store, read in a real
//! browser (headless Chromium, which `.ci/run` installs), byte-identical
//! across builds, safe with hostile data, written atomically.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::Project;

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn build(p: &Project, out: &Path) {
    let r = p.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("site "), "{}", r.stdout);
}

/// Serves `root` on 127.0.0.1 from a thread; returns the base URL. The
/// server answers GET requests for files under `root` and stops with the
/// test process.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                let rel = path.trim_start_matches('/');
                let rel = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_owned()
                };
                let file = root.join(&rel);
                let body = (!rel.split('/').any(|s| s == ".."))
                    .then(|| fs::read(&file).ok())
                    .flatten();
                let (status, body) = match body {
                    Some(b) => ("200 OK", b),
                    None => ("404 Not Found", b"not found".to_vec()),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("atom") => "application/atom+xml",
                    _ => "application/octet-stream",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://{addr}/")
}

/// The DOM of a page after the browser has run it (scripts included).
fn dom(url: &str) -> String {
    common::browser::dom_after(url, 3000)
}

/// The text of the element whose start tag contains `marker`, up to `end`.
fn section<'a>(html: &'a str, marker: &str, end: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in the page"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Text without tags, spaces normalised (no-break spaces included; no
/// space left by a tag before `,`, `)` or `.`, nor after `(`).
fn text(html: &str) -> String {
    let html = html.replace("&nbsp;", " ");
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            '\u{a0}' | '\u{202f}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&nbsp;", " ")
}

#[test]
fn a_reader_follows_8_ter_to_the_ballot_in_a_browser() {
    let p = Project::dataset();
    let out = p.path().join("public");
    build(&p, &out);
    let base = serve(out.clone());

    // The index reaches the bill, and the bill the article: two clicks.
    let index = dom(&base);
    assert!(
        index.contains("href=\"bills/narcotrafic/index.html\""),
        "{index}"
    );
    let bill = dom(&format!("{base}bills/narcotrafic/index.html"));
    assert!(bill.contains("href=\"articles/8-ter.html\""));
    assert!(bill.contains("lang=\"fr\""));
    // The sortable table got its buttons from the script.
    assert!(
        bill.contains("<button type=\"button\" class=\"sort\">"),
        "the sort script ran"
    );

    // The article: struck in committee, restoration rejected 24 to 119.
    let article = dom(&format!("{base}bills/narcotrafic/articles/8-ter.html"));
    let story = text(section(&article, "id=\"story\"", "</section>"));
    assert!(
        story.contains("commission des lois (7 mars 2025) : 6 amendements identiques"),
        "{story}"
    );
    assert!(
        story.contains("visant à supprimer l’article : adoptés"),
        "{story}"
    );
    assert!(
        story.contains("visant à rétablir l’article dans une nouvelle rédaction"),
        "{story}"
    );
    assert!(
        story.contains("scrutin public n° 1102 , 24 pour, 119 contre"),
        "{story}"
    );
    let committee = text(section(&article, "id=\"at-an-1-commission\"", "</section>"));
    assert!(committee.contains("L’article est supprimé."), "{committee}");
    let senat = section(&article, "id=\"at-senat-1\"", "</section>");
    assert!(
        senat.contains("id=\"senat-1-al-3\""),
        "an anchor per alinéa"
    );
    assert!(
        text(senat).contains("Non disponible"),
        "the Sénat's text is partial"
    );
    assert!(article.contains("<del>"), "the diff marks deletions");
    // The Sénat text's gap, on the deleted side of the committee's diff,
    // reads as a note: not struck through.
    let gap = section(&article, "<li class=\"deleted gap\">", "</li>");
    assert!(
        text(gap).contains("La copie disponible s’arrête ici"),
        "{gap}"
    );
    assert!(!gap.contains("<del>"), "{gap}");

    // Amendment 640: rejected, with the diff of what it would have done.
    let a640 = dom(&format!(
        "{base}bills/narcotrafic/amendments/an-1-seance/640.html"
    ));
    let head = text(section(&a640, "<h1", "</h1>"));
    assert_eq!(head, "Amendement 640 rejeté");
    let effect = section(&a640, "id=\"effect\"", "</section>");
    assert!(
        text(effect).contains("Ce qu’il aurait fait au texte"),
        "{effect}"
    );
    assert!(
        effect.contains("<ins>"),
        "a rejected amendment still shows its change"
    );
    assert!(text(effect).contains("[ajouté :]"), "insertions are spoken");
    let ballot = text(section(&a640, "id=\"ballot\"", "</section>"));
    assert!(
        ballot.contains("24 pour, 119 contre, 6 abstentions — non adopté"),
        "{ballot}"
    );

    // Ballot 1102: the per-group breakdown and each member's vote.
    let b1102 = dom(&format!("{base}bills/narcotrafic/ballots/1102.html"));
    let groups = section(&b1102, "id=\"groups\"", "</section>");
    let rows: Vec<String> = groups.split("<tr>").skip(2).map(text).collect();
    assert_eq!(rows[0], "RN 0 43 0 0", "{rows:?}");
    assert_eq!(rows[1], "EPR 9 8 1 1", "{rows:?}");
    assert_eq!(rows[4], "DR 7 0 0 0", "{rows:?}");
    assert_eq!(rows.len(), 12, "{rows:?}");
    let members = section(&b1102, "id=\"members\"", "</section>");
    assert_eq!(members.matches("<tr class=\"against\">").count(), 119);
    assert_eq!(members.matches("<tr class=\"for\">").count(), 24);
    assert!(text(members).contains("Franck Allisio RN contre"));
}

#[test]
fn two_builds_are_byte_identical_and_a_rebuild_replaces_the_site() {
    let p = Project::dataset();
    let (a, b) = (p.path().join("a"), p.path().join("b"));
    build(&p, &a);
    build(&p, &b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 3000, "{} files", ta.len());
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{k} differs between two builds");
    }
    // A stale file of an earlier build does not survive the next one.
    fs::write(a.join("stale.html"), "old").unwrap();
    build(&p, &a);
    assert!(!a.join("stale.html").exists());
    assert_eq!(tree(&a), tb);
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let p = Project::mini();
    let out = p.path().join("public");
    build(&p, &out);
    let before = tree(&out);
    p.write(
        "bills/mini/bill.yaml",
        common::MINI_BILL.replace("Mini bill", "Mini bill, renamed"),
    );
    let r = p.run_env(
        &["build", "--out", out.to_str().unwrap()],
        "AMENDO_FAILPOINT",
        "site-before-swap",
    );
    assert_ne!(r.code, 0, "the build was killed");
    assert_eq!(tree(&out), before, "the previous site is whole");
    build(&p, &out);
    assert!(String::from_utf8_lossy(&tree(&out)["bills/mini/index.html"]).contains("renamed"));
}

#[test]
fn no_site_writes_no_site_and_a_foreign_folder_is_refused() {
    let p = Project::mini();
    let r = p.run(&["build", "--no-site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!p.path().join("public").exists());
    p.write("mine/notes.txt", "keep me");
    let r = p.run(&["build", "--out", p.path().join("mine").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not a site amendo built"),
        "{}",
        r.stderr
    );
    assert_eq!(p.read("mine/notes.txt"), "keep me");
}

#[test]
fn a_project_overrides_a_template_and_the_stylesheet() {
    let p = Project::mini();
    p.write(
        "site/templates/partials/amendment_card.html",
        "<p class=\"my-card\">{{ card.number }} {{ card.outcome_label }}</p>\n",
    );
    p.write("site/assets/style.css", "body { color: purple; }\n");
    build(&p, &p.path().join("public"));
    let page = p.read("public/bills/mini/articles/2.html");
    assert!(
        page.contains("<p class=\"my-card\">CL1 adopté</p>"),
        "{page}"
    );
    assert!(
        page.contains("<h1>Article 2</h1>"),
        "the other templates are the defaults"
    );
    assert_eq!(
        p.read("public/assets/style.css"),
        "body { color: purple; }\n"
    );
}

#[test]
fn a_small_bill_s_pages_as_snapshots() {
    let p = Project::mini();
    build(&p, &p.path().join("public"));
    for (name, file) in [
        ("site_mini_bill", "bills/mini/index.html"),
        ("site_mini_article_2", "bills/mini/articles/2.html"),
        (
            "site_mini_amendment_cl2",
            "bills/mini/amendments/commission/CL2.html",
        ),
        ("site_mini_feed", "bills/mini/feed.atom"),
    ] {
        insta::assert_snapshot!(name, p.read(&format!("public/{file}")));
    }
    // What search reads of CL2's page: what it changes, not the text around
    // the change nor the screen-reader marks (« supprimé », « fin de la
    // suppression » would match every deletion).
    let doc = amendo::search::document(&p.read("public/bills/mini/amendments/commission/CL2.html"));
    assert!(doc.contains("Second") && doc.contains("Nouvel"), "{doc}");
    assert!(doc.contains("Paul Durand"), "{doc}");
    assert!(
        !doc.contains("suppression") && !doc.contains("ajouté"),
        "{doc}"
    );
    assert!(!doc.contains("data-pagefind-ignore"), "{doc}");
}

#[test]
fn a_ballot_on_no_amendment_has_its_page() {
    let p = Project::mini();
    p.write(
        "amendments/mini/commission/ballots/9.yaml",
        "ballot: \"9\"\ndate: 2025-02-06\nquestion: \"l'ensemble du texte\"\nmajority: \"Majorité absolue des suffrages exprimés\"\nresult: adopted\nvoting: 3\ncast: 3\nfor: 2\nagainst: 1\nabstentions: 0\ngroups:\n  - {group: A, for: 2, against: 0, abstentions: 0}\n  - {group: B, for: 0, against: 1, abstentions: 0}\nmembers:\n  - {name: \"Jeanne Martin\", group: \"A\", vote: for}\n  - {name: \"Luc Petit\", group: \"A\", vote: for}\n  - {name: \"Paul Durand\", group: \"B\", vote: against}\n",
    );
    build(&p, &p.path().join("public"));
    insta::assert_snapshot!(
        "site_mini_ballot_9",
        p.read("public/bills/mini/ballots/9.html")
    );
    let bill = p.read("public/bills/mini/index.html");
    let list = section(&bill, "id=\"ballots\"", "</section>");
    assert!(text(list).contains("ensemble du texte"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&p.read("public/bills/mini/ballots/9.json")).unwrap();
    assert_eq!(json["stage"], "commission");
    assert_eq!(json["ballot"]["question"], "l'ensemble du texte");
    assert_eq!(json["amendments"].as_array().map(Vec::len), Some(0));
    // The bill's feed has an entry for it, with a stable id, linked to its
    // page.
    let feed = p.read("public/bills/mini/feed.atom");
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains("<id>urn:amendo:mini:ballot:commission:9</id>"))
        .unwrap_or_else(|| panic!("no entry for ballot 9 in {feed}"));
    assert!(
        entry.contains("<title>Scrutin public n° 9 sur l&apos;ensemble du texte : 2 pour, 1 contre, 0 abstention — adopté</title>"),
        "{entry}"
    );
    assert!(entry.contains("href=\"ballots/9.html\""), "{entry}");
}

#[test]
fn an_english_bill_speaks_english() {
    let p = Project::mini();
    p.write(
        "bills/mini/bill.yaml",
        common::MINI_BILL.replace("language: fr", "language: en"),
    );
    build(&p, &p.path().join("public"));
    let page = p.read("public/bills/mini/amendments/commission/CL1.html");
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Amendment CL1"), "{page}");
    assert!(page.contains("5\u{a0}February\u{a0}2025"), "{page}");
}

// ---------------------------------------------------------------- payloads

/// Payloads that break out of text, of an attribute, of a URL, of a script
/// or of a comment; each would set `data-pwned` on the document if it ran.
const PAYLOADS: [&str; 6] = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "\"><svg onload=\"document.documentElement.setAttribute('data-pwned','attr')\">",
    "' onmouseover='document.documentElement.setAttribute(\"data-pwned\",\"single\")' x='",
    "javascript:document.documentElement.setAttribute('data-pwned','url')",
    "--></p><!-- <style>*{display:none}</style> {{ 7*7 }} {% raw %}",
];

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A bill with a payload in every field a source can hold.
fn hostile() -> Project {
    let p = Project::empty();
    let y = |i: usize| yaml_str(PAYLOADS[i % PAYLOADS.len()]);
    let bill = format!(
        "title: {}\nshort_title: {}\njurisdiction: fr\nlanguage: fr\nlinks:\n  - label: {}\n    url: {}\nnotes:\n  - {}\ngroups:\n  G1: {}\nstages:\n  - id: depot\n    label: {}\n    chamber: assemblee\n    kind: introduced\n    date: 2025-01-10\n    text: depot.md\n    number: {}\n    note: {}\n    source: {}\n  - id: seance\n    label: {}\n    chamber: assemblee\n    kind: floor\n    date: 2025-02-10\n    note: {}\n",
        y(0),
        y(1),
        y(2),
        y(4),
        y(3),
        y(5),
        y(0),
        y(1),
        y(2),
        y(4),
        y(3),
        y(5)
    );
    p.write("bills/hostile/bill.yaml", bill);
    // Stage texts refuse raw HTML (`source::text`), so the payloads are
    // written as Markdown text: `\<` is a literal `<`.
    let md = |i: usize| {
        PAYLOADS[i]
            .replace('<', "\\<")
            .replace('*', "\\*")
            .replace('_', "\\_")
    };
    let text = format!(
        "# {}\n\n## Article 1er\n\n{}\n\n{}\n\n{}\n\n## Article 2\n\n{}\n\n{}\n\n{}\n",
        md(5),
        md(0),
        md(1),
        md(2),
        md(3),
        md(4),
        md(5)
    );
    p.write("bills/hostile/depot.md", text);
    let amendment = |n: &str, article: &str, instruction: &str, extra: &str| {
        format!(
            "number: {n}\narticle: \"{article}\"\nauthors:\n  - {}\n  - {}\ngroup: G1\nfiled: 2025-02-01\noutcome: {{OUTCOME}}\ndecided: 2025-02-05T10:00:00+01:00\ninstruction: {}\nexplanation: {}\nsource: {}\n{extra}",
            y(0),
            y(2),
            yaml_str(instruction),
            y(1),
            y(4)
        )
    };
    let vote = format!(
        "vote:\n  ballot: \"77\"\n  date: 2025-02-05\n  for: 1\n  against: 2\n  abstentions: 0\n  groups:\n    - {{group: \"G1\", for: 1, against: 2, abstentions: 0}}\n  members: \"ballots/77.yaml\"\n  note: {}\n  source: {}\n",
        y(3),
        y(4)
    );
    // An adopted amendment that rewrites an alinéa with a payload (its
    // diff shows the payload), and a rejected one that cannot be read.
    let rewrite = format!(
        "À l’alinéa 1, substituer aux mots : « {} » les mots : « {} ».",
        PAYLOADS[0], PAYLOADS[2]
    );
    p.write(
        "amendments/hostile/seance/1.yaml",
        amendment("\"1\"", "1er", &rewrite, "").replace("{OUTCOME}", "adopted"),
    );
    p.write(
        "amendments/hostile/seance/2.yaml",
        amendment("\"2\"", "2", PAYLOADS[1], &vote).replace("{OUTCOME}", "rejected"),
    );
    p.write(
        "amendments/hostile/seance/ballots/77.yaml",
        format!(
            "ballot: \"77\"\nmembers:\n  - {{name: {}, group: \"G1\", vote: for}}\n  - {{name: {}, group: \"G1\", vote: against}}\n  - {{name: {}, group: \"G1\", vote: against}}\n",
            y(0),
            y(1),
            y(2)
        ),
    );
    p
}

#[test]
fn hostile_data_never_runs_and_never_appears_unescaped() {
    let p = hostile();
    let out = p.path().join("public");
    build(&p, &out);
    let files = tree(&out);
    // Every page of every kind was written.
    for page in [
        "index.html",
        "bills/hostile/index.html",
        "bills/hostile/unknown.html",
        "bills/hostile/articles/1er.html",
        "bills/hostile/articles/2.html",
        "bills/hostile/amendments/seance.html",
        "bills/hostile/amendments/seance/1.html",
        "bills/hostile/amendments/seance/2.html",
        "bills/hostile/ballots/77.html",
    ] {
        assert!(
            files.contains_key(page),
            "{page} missing: {:?}",
            files.keys()
        );
    }
    let mut seen_payload = 0;
    for (name, bytes) in &files {
        // The search interface Pagefind ships is code, not data: its own
        // markup (`<img` for result images, …) is not a payload.
        if name.starts_with("pagefind/pagefind-") {
            continue;
        }
        let s = String::from_utf8_lossy(bytes);
        for needle in ["<script>document", "<img", "<svg", "<style>", "<!-- <style"] {
            assert!(!s.contains(needle), "{name} holds `{needle}` unescaped");
        }
        assert!(
            !s.contains("href=\"javascript:"),
            "{name} links to javascript:"
        );
        assert!(
            !s.contains("' onmouseover='"),
            "{name} breaks out of an attribute"
        );
        assert!(
            !s.contains("{{ 7*7 }}") || !s.contains("49"),
            "{name}: data is not a template"
        );
        if name.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes)
                .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            assert!(!s.contains('<'), "{name}: JSON writes < as \\u003c");
            seen_payload += usize::from(s.contains("data-pwned"));
        }
        if name.ends_with(".atom") {
            assert!(
                s.contains("&lt;script&gt;") || !s.contains("script"),
                "{name}"
            );
            seen_payload += usize::from(s.contains("data-pwned"));
        }
        if name.ends_with(".html") {
            seen_payload += usize::from(s.contains("data-pwned"));
            // Our own scripts (the search page has its own too), and nothing else.
            let ours = if name == "search.html" { 2 } else { 1 };
            assert_eq!(s.matches("<script").count(), ours, "{name}");
        }
    }
    assert!(
        seen_payload > 10,
        "the payloads did reach the pages ({seen_payload} files)"
    );

    // In a real browser, nothing ran.
    let base = serve(out.clone());
    for (name, _) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let d = dom(&format!("{base}{name}"));
        assert!(!d.contains("data-pwned="), "a payload ran in {name}");
        assert!(
            !d.contains("<img") && !d.contains("<svg"),
            "{name} grew an element"
        );
        // Every page shows the data as text, but the search page, which
        // shows none until a search is made.
        if name != "search.html" {
            assert!(d.contains("data-pwned"), "{name} shows the payload as text");
        }
    }
}

#[test]
fn a_long_list_of_co_authors_folds_under_the_first_ten() {
    // Fifteen authors: ten shown, the five others behind « + 5 autres
    // cosignataires », still in the page (for search and for print).
    let p = Project::mini();
    let names: Vec<String> = (1..=15).map(|k| format!("Député Numéro{k}")).collect();
    let authors: String = names.iter().map(|n| format!("  - {n}\n")).collect();
    p.write(
        "amendments/mini/commission/CL1.yaml",
        common::MINI_AMENDMENT.replace("  - Jeanne Martin\n", &authors),
    );
    build(&p, &p.path().join("public"));
    let page = p.read("public/bills/mini/amendments/commission/CL1.html");
    let facts = section(&page, "class=\"facts-list\"", "</dl>");
    let (shown, folded) = facts
        .split_once("<details class=\"co-authors\">")
        .unwrap_or_else(|| panic!("{facts}"));
    assert!(shown.ends_with("Député Numéro10"), "{facts}");
    assert!(!shown.contains("Numéro11"), "{facts}");
    assert!(
        text(folded).contains("+ 5 autres cosignataires"),
        "{folded}"
    );
    assert!(folded.contains("Député Numéro15"), "{folded}");
    // Twelve or fewer are listed whole.
    let short = p.read("public/bills/mini/amendments/commission/CL2.html");
    assert!(!short.contains("co-authors"), "{short}");
}

/// The stage's list of amendments names each target in the bill's
/// language: « après l’article 2 », never the sources' `after 2`.
#[test]
fn a_stage_list_names_additional_articles_in_the_bill_s_language() {
    let p = Project::mini();
    p.write(
        "amendments/mini/commission/CL3.yaml",
        "number: CL3\narticle: \"après 2\"\nauthors:\n  - Paul Durand\ngroup: B\nfiled: 2025-02-01\noutcome: rejected\ndecided: 2025-02-05T11:30:00+01:00\ninstruction: |-\n  Après l’article 2, insérer un article additionnel ainsi rédigé :\n\n  « Texte nouveau. »\n",
    );
    build(&p, &p.path().join("public"));
    let list = text(&p.read("public/bills/mini/amendments/commission.html"));
    assert!(list.contains("après l’article 2"), "{list}");
    assert!(!list.contains("after 2"), "{list}");
}
