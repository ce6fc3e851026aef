//! Incremental builds give what a clean build gives: 20 rounds of random
//! edits (amendment files added, changed and removed, stage texts,
//! `bill.yaml`), each followed by an incremental build of the store and the
//! site, compared with a clean build of the same sources into a new store
//! and a new folder: the same refs (so the same commits and trees) and the
//! same files, byte for byte. Files whose content did not change keep their
//! times, and a build with nothing changed reads and writes nothing.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use amendo::pipeline::{self, BuildOptions, BuildReport};
use common::Project;

/// A small seeded generator (xorshift64*), so a failing round can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn tree(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, (Vec<u8>, SystemTime)>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                let time = fs::metadata(&p).unwrap().modified().unwrap();
                out.insert(rel, (fs::read(&p).unwrap(), time));
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn contents(t: &BTreeMap<String, (Vec<u8>, SystemTime)>) -> BTreeMap<&str, &[u8]> {
    t.iter()
        .map(|(k, (b, _))| (k.as_str(), b.as_slice()))
        .collect()
}

fn build(root: &Path, store: PathBuf, out: PathBuf) -> BuildReport {
    build_with(root, store, out, false)
}

fn build_with(root: &Path, store: PathBuf, out: PathBuf, defer_search: bool) -> BuildReport {
    let options = BuildOptions {
        root: root.to_path_buf(),
        store,
        // Shards of three pages: the search index is split, and the count
        // of shards changes as pages come and go.
        site: Some(amendo::site::Options {
            search_shard_pages: 3,
            defer_search,
            ..amendo::site::Options::new(out, None)
        }),
    };
    match pipeline::build(&options) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

fn store_state(store: &Path) -> String {
    let packed = fs::read_to_string(store.join("packed-refs")).unwrap_or_default();
    let head = fs::read_to_string(store.join("HEAD")).unwrap_or_default();
    format!("{head}{packed}")
}

const BILLS: [&str; 2] = ["mini", "deux"];
const WORDS: [&str; 5] = ["Premier", "Second", "Troisième", "Nouveau", "Dernier"];

fn amendment(rng: &mut Rng, number: &str) -> String {
    let outcome = rng.pick(&["adopted", "rejected"]);
    // Some amendments amend CL1 (sub-amendments), some insert an additional
    // article after article 1er.
    let parent = number != "CL1" && rng.below(4) == 0;
    // CL1, which sub-amendments amend, stays on article 2.
    let article = if parent || number == "CL1" {
        "2"
    } else {
        rng.pick(&["1er", "2", "après 1er"])
    };
    let instruction = if parent {
        format!(
            "|-\n  Substituer au mot :\n\n  « {} »\n\n  le mot :\n\n  « {} ».",
            rng.pick(&WORDS),
            rng.pick(&WORDS)
        )
    } else if article == "après 1er" {
        format!(
            "|-\n  Après l’article 1er, insérer un article additionnel ainsi rédigé :\n\n  « {} article additionnel. »",
            rng.pick(&WORDS)
        )
    } else {
        match rng.below(3) {
            0 => "Supprimer cet article.".to_owned(),
            1 => format!(
                "|-\n  Rédiger ainsi cet article :\n\n  « {} alinéa unique. »",
                rng.pick(&WORDS)
            ),
            _ => format!(
                "|-\n  À l’alinéa 1, substituer au mot :\n\n  « {} »\n\n  le mot :\n\n  « {} ».",
                rng.pick(&WORDS),
                rng.pick(&WORDS)
            ),
        }
    };
    let explanation = rng.pick(&["Exposé court.", "Un autre exposé.", "Exposé sommaire."]);
    format!(
        "number: {number}\narticle: \"{article}\"\nauthors:\n  - {}\ngroup: {}\nfiled: 2025-02-0{}\n{}outcome: {outcome}\ndecided: 2025-02-05T1{}:00:00+01:00\ninstruction: {instruction}\nexplanation: {explanation}\n",
        rng.pick(&["Jeanne Martin", "Paul Durand", "Awa Diallo"]),
        rng.pick(&["A", "B"]),
        1 + rng.below(3),
        if parent { "parent: CL1\n" } else { "" },
        rng.below(10),
    )
}

fn stage_text(rng: &mut Rng, deleted: bool) -> String {
    let second = if deleted {
        "(Supprimé)".to_owned()
    } else {
        format!("Texte de l’article 2, {}.", rng.pick(&WORDS).to_lowercase())
    };
    let extra = if rng.below(2) == 0 {
        format!("\n\n{} alinéa ajouté.", rng.pick(&WORDS))
    } else {
        String::new()
    };
    // Sometimes an additional article, new at this stage.
    let inserted = if rng.below(3) == 0 {
        format!(
            "## Article 1er bis\n\n{} article additionnel.\n\n",
            rng.pick(&WORDS)
        )
    } else {
        String::new()
    };
    format!(
        "## Article 1er\n\n{} alinéa.\n\nSecond alinéa.{extra}\n\n{inserted}## Article 2\n\n{second}\n",
        rng.pick(&WORDS)
    )
}

/// One random edit of the sources; returns what it did.
fn edit(p: &Project, rng: &mut Rng) -> String {
    let bill = rng.pick(&BILLS);
    let folder = format!("amendments/{bill}/commission");
    let numbers: Vec<String> = fs::read_dir(p.path().join(&folder))
        .map(|d| {
            d.flatten()
                .map(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .trim_end_matches(".yaml")
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default();
    match rng.below(9) {
        0 | 1 => {
            // Rewrite an amendment (or add one).
            let number = format!("CL{}", 1 + rng.below(5));
            let text = amendment(rng, &number);
            p.write(&format!("{folder}/{number}.yaml"), text);
            format!("{bill}: amendment {number} written")
        }
        2 => {
            let extra: Vec<&String> = numbers
                .iter()
                .filter(|n| *n != "CL1" && *n != "ballots")
                .collect();
            if extra.is_empty() {
                return "nothing removed".into();
            }
            let n = extra[rng.below(extra.len())];
            p.remove(&format!("{folder}/{n}.yaml"));
            format!("{bill}: amendment {n} removed")
        }
        3 => {
            p.write(&format!("bills/{bill}/depot.md"), stage_text(rng, false));
            format!("{bill}: depot text")
        }
        4 => {
            let deleted = rng.below(2) == 0;
            p.write(
                &format!("bills/{bill}/commission.md"),
                stage_text(rng, deleted),
            );
            format!("{bill}: commission text")
        }
        5 => {
            let title = format!("{} bill", rng.pick(&WORDS));
            p.write(
                &format!("bills/{bill}/bill.yaml"),
                common::MINI_BILL.replace("Mini bill", &title),
            );
            format!("{bill}: title {title}")
        }
        6 => {
            // The same bytes again: new times, no new content.
            let rel = format!("bills/{bill}/depot.md");
            let same = p.read(&rel);
            p.write(&rel, same);
            format!("{bill}: depot rewritten unchanged")
        }
        7 => {
            // A ballot on no amendment (the whole text, or an article, whose
            // page then shows it), written or removed.
            let rel = format!("{folder}/ballots/9.yaml");
            if rng.below(3) == 0 {
                if !p.path().join(&rel).exists() {
                    return "no ballot to remove".into();
                }
                p.remove(&rel);
                return format!("{bill}: ballot 9 removed");
            }
            let (yes, against) = (rng.below(5) as u32, rng.below(5) as u32);
            p.write(
                &rel,
                format!(
                    "ballot: \"9\"\ndate: 2025-02-06\nquestion: \"{} du texte ({})\"\nresult: {}\nfor: {yes}\nagainst: {against}\nabstentions: 0\ngroups:\n  - {{group: A, for: {yes}, against: 0, abstentions: 0}}\n  - {{group: B, for: 0, against: {against}, abstentions: 0}}\nmembers: []\n",
                    rng.pick(&["l'ensemble", "l'article 1er", "l'article 2"]),
                    rng.pick(&WORDS),
                    if yes > against { "adopted" } else { "rejected" }
                ),
            );
            format!("{bill}: ballot 9 written ({yes} for, {against} against)")
        }
        _ => "no edit".into(),
    }
}

#[test]
fn incremental_builds_equal_clean_builds_through_random_edits() {
    let p = Project::mini();
    for (rel, text) in [
        ("bills/deux/bill.yaml", common::MINI_BILL.to_owned()),
        ("bills/deux/depot.md", common::MINI_DEPOT.to_owned()),
        (
            "bills/deux/commission.md",
            common::MINI_COMMISSION.to_owned(),
        ),
        (
            "amendments/deux/commission/CL1.yaml",
            common::MINI_AMENDMENT.to_owned(),
        ),
    ] {
        p.write(rel, text);
    }
    let store = p.store();
    let out = p.path().join("public");
    build(p.path(), store.clone(), out.clone());
    let clean = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5EED_2026_1203);
    for round in 0..60 {
        let edits: Vec<String> = (0..1 + rng.below(3)).map(|_| edit(&p, &mut rng)).collect();
        let before = tree(&out);
        let report = build(p.path(), store.clone(), out.clone());
        let after = tree(&out);

        let fresh_store = clean.path().join(format!("store-{round}.git"));
        let fresh_out = clean.path().join(format!("public-{round}"));
        build(p.path(), fresh_store.clone(), fresh_out.clone());
        assert_eq!(
            store_state(&store),
            store_state(&fresh_store),
            "round {round} ({edits:?}): the store's refs differ from a clean build's"
        );
        let expected = tree(&fresh_out);
        assert_eq!(
            contents(&after).keys().collect::<Vec<_>>(),
            contents(&expected).keys().collect::<Vec<_>>(),
            "round {round} ({edits:?}): the site's files differ from a clean build's"
        );
        for (path, bytes) in contents(&after) {
            assert!(
                contents(&expected)[path] == bytes,
                "round {round} ({edits:?}): {path} differs from a clean build's"
            );
        }
        // Files whose content did not change were not written.
        let mut unchanged = 0;
        for (path, (bytes, time)) in &before {
            if let Some((b, t)) = after.get(path)
                && b == bytes
                && path != ".amendo-site"
            {
                assert_eq!(t, time, "round {round} ({edits:?}): {path} was rewritten");
                unchanged += 1;
            }
        }
        let site = report.site.expect("a site");
        assert_eq!(
            site.written + unchanged,
            after.len() - 1,
            "round {round} ({edits:?}): every file but the manifest is written or kept"
        );
        fs::remove_dir_all(&fresh_store).unwrap();
        fs::remove_dir_all(&fresh_out).unwrap();
    }

    // Once the sources are older than the scan's two-second margin, a
    // build with nothing changed reads no source and writes nothing.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    build(p.path(), store.clone(), out.clone());
    let state = store_state(&store);
    let before = tree(&out);
    let report = build(p.path(), store.clone(), out.clone());
    assert!(report.store.up_to_date);
    assert_eq!(report.store.sources_read, 0);
    assert_eq!(report.site.as_ref().unwrap().written, 0);
    assert_eq!(store_state(&store), state);
    assert_eq!(tree(&out), before, "no file rewritten, no time changed");
}

#[test]
fn a_deleted_page_or_a_stray_file_is_put_right_by_the_next_build() {
    let p = Project::mini();
    let out = p.path().join("public");
    build(p.path(), p.store(), out.clone());
    let built = tree(&out);
    fs::remove_file(out.join("bills/mini/index.html")).unwrap();
    fs::write(out.join("stray.html"), "by hand").unwrap();
    let report = build(p.path(), p.store(), out.clone());
    assert!(report.store.up_to_date);
    assert_eq!(contents(&tree(&out)), contents(&built));
    assert_eq!(report.site.unwrap().removed, 1);
}

#[test]
fn an_amendment_edited_renders_only_the_pages_that_show_it() {
    let p = Project::mini();
    let out = p.path().join("public");
    let first = build(p.path(), p.store(), out.clone()).site.unwrap();
    assert_eq!(first.rendered, 9, "every page of a new site is rendered");
    let before = tree(&out);
    p.write(
        "amendments/mini/commission/CL2.yaml",
        format!("{}explanation: Un exposé ajouté.\n", common::MINI_REJECTED),
    );
    let site = build(p.path(), p.store(), out.clone()).site.unwrap();
    // The list of bills and the search page (always), article 1er's page
    // (its JSON holds CL2's record whole) and CL2's page; not article 2's
    // nor CL1's, and not the pages that list amendments (the bill's, its
    // page of what is not known, the stage's list), which do not show an
    // explanation.
    assert_eq!(site.pages, 9);
    assert_eq!(site.rendered, 4);
    let after = tree(&out);
    for page in [
        "bills/mini/articles/2.html",
        "bills/mini/amendments/commission/CL1.html",
        "bills/mini/index.html",
        "bills/mini/unknown.html",
        "bills/mini/amendments/commission.html",
    ] {
        assert_eq!(after[page], before[page], "{page} untouched");
    }
    assert_ne!(
        after["bills/mini/amendments/commission/CL2.html"].0,
        before["bills/mini/amendments/commission/CL2.html"].0
    );
}

#[test]
fn a_ballot_on_an_article_shows_on_its_page_and_renders_it_again() {
    let p = Project::mini();
    let out = p.path().join("public");
    build(p.path(), p.store(), out.clone());
    let before = tree(&out);
    p.write(
        "amendments/mini/commission/ballots/9.yaml",
        "ballot: \"9\"\ndate: 2025-02-06\nquestion: \"l'article 1er du texte de la commission.\"\nresult: adopted\nfor: 3\nagainst: 1\nabstentions: 0\nmembers: []\n",
    );
    build(p.path(), p.store(), out.clone());
    let after = tree(&out);
    let page = String::from_utf8(after["bills/mini/articles/1er.html"].0.clone()).unwrap();
    let line = page
        .lines()
        .find(|l| l.starts_with("<p class=\"vote-on-article\">Vote sur l’article"))
        .unwrap_or_else(|| panic!("no vote on the article in {page}"));
    assert!(line.contains("ballots&#x2f;9.html"), "{line}");
    assert!(
        line.contains(
            "scrutin public n° 9 (6 février 2025) : 3 pour, 1 contre, 0 abstention — adopté"
        ),
        "{line}"
    );
    assert_eq!(
        after["bills/mini/articles/2.html"], before["bills/mini/articles/2.html"],
        "article 2's page untouched"
    );
}

#[test]
fn a_search_index_left_for_later_is_finished_by_the_next_build() {
    let p = Project::mini();
    let out = p.path().join("public");
    build(p.path(), p.store(), out.clone());
    p.write(
        "amendments/mini/commission/CL2.yaml",
        format!("{}explanation: Un exposé ajouté.\n", common::MINI_REJECTED),
    );
    // As `amendo serve` does: the pages first, the index left for later.
    let first = build_with(p.path(), p.store(), out.clone(), true)
        .site
        .unwrap();
    assert_eq!(first.rendered, 4);
    assert_eq!(first.search_indexed, 0);
    assert!(first.search_pending > 0, "the changed page's shard waits");
    let page = fs::read_to_string(out.join("bills/mini/amendments/commission/CL2.html")).unwrap();
    assert!(
        page.contains("Un exposé ajouté."),
        "the page is already served new"
    );
    // The next build, with nothing else changed, indexes what waited.
    let second = build(p.path(), p.store(), out.clone()).site.unwrap();
    assert_eq!(
        second.rendered, 2,
        "only the list of bills and the search page"
    );
    assert_eq!(second.search_indexed, first.search_pending);
    assert_eq!(second.search_pending, 0);
    let clean = tempfile::tempdir().unwrap();
    build(
        p.path(),
        clean.path().join("store.git"),
        clean.path().join("public"),
    );
    assert_eq!(
        contents(&tree(&out)),
        contents(&tree(&clean.path().join("public"))),
        "then the site is a clean build's"
    );
}
