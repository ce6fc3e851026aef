//! The store: deterministic, incremental, atomic, locked, readable by plain git.

mod common;

use std::fs::OpenOptions;
use std::time::Duration;

use common::{MINI_REJECTED, Project, git};

/// Every object in the store, as `id type`.
fn objects(p: &Project) -> Vec<String> {
    let r = git(
        &p.store(),
        &[
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname) %(objecttype)",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn two_builds_give_identical_commit_ids() {
    let a = Project::dataset();
    let b = Project::dataset();
    assert_eq!(a.run(&["build"]).code, 0);
    assert_eq!(b.run(&["build"]).code, 0);
    let (sa, sb) = (a.store_state(), b.store_state());
    assert!(sa.contains("refs/heads/narcotrafic"), "{sa}");
    assert!(sa.contains("refs/amendments/narcotrafic/an-1-seance/640"));
    assert_eq!(sa, sb, "same sources, same commit ids");
}

#[test]
fn a_rebuild_writes_nothing() {
    let p = Project::dataset();
    assert_eq!(p.run(&["build"]).code, 0);
    let state = p.store_state();
    let r = p.run(&["--format", "json", "build"]);
    assert_eq!(r.code, 0);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["new_objects"], 0, "{}", r.stdout);
    assert_eq!(report["refs_changed"], 0);
    assert_eq!(p.store_state(), state);
}

#[test]
fn adding_one_amendment_adds_only_its_objects() {
    let p = Project::mini();
    assert_eq!(p.run(&["build"]).code, 0);
    let before = p.store_state();
    let before_objects = objects(&p);
    let branch = |s: &str| {
        s.lines()
            .find(|l| l.ends_with(" refs/heads/mini"))
            .unwrap()
            .to_owned()
    };
    p.write(
        "amendments/mini/commission/CL3.yaml",
        MINI_REJECTED
            .replace("CL2", "CL3")
            .replace("Paul Durand", "Léa Petit"),
    );
    let r = p.run(&["--format", "json", "build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    // Its commit (its text is the same as CL2's), its metadata blob, the
    // log index that lists it in brief, and the metadata trees and commit
    // that list it; and, since CL3's dispositif is CL2's on the same article
    // at the same stage, the two are identical by the chambers' rule: CL2's
    // record and commit now name CL3. Nothing else, and nothing twice.
    let after_objects = objects(&p);
    let added: Vec<&String> = after_objects
        .iter()
        .filter(|o| !before_objects.contains(o))
        .collect();
    assert_eq!(added.len(), 9, "new objects: {added:?}");
    assert_eq!(report["new_objects"], 9, "{}", r.stdout);
    assert_eq!(objects_in_packs(&p), after_objects.len());
    assert_eq!(
        report["refs_changed"], 3,
        "its ref, CL2's ref and the metadata ref"
    );
    let after = p.store_state();
    assert_eq!(
        branch(&before),
        branch(&after),
        "a rejected amendment leaves the main line"
    );
    assert!(after.contains("refs/amendments/mini/commission/CL3"));
    // The rewritten text it would have made is one git diff away.
    let d = git(
        &p.store(),
        &[
            "diff",
            "refs/tags/mini/depot",
            "refs/amendments/mini/commission/CL3",
        ],
    );
    assert!(d.stdout.contains("+Nouvel alinéa unique."), "{}", d.stdout);
}

/// Objects stored in the store's packs, counting an object held by two
/// packs twice.
fn objects_in_packs(p: &Project) -> usize {
    let r = git(&p.store(), &["count-objects", "-v"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .find_map(|l| l.strip_prefix("in-pack: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn editing_one_explanation_writes_only_the_objects_that_changed() {
    let p = Project::dataset();
    assert_eq!(p.run(&["build", "--no-site"]).code, 0);
    let before = objects(&p);
    assert_eq!(objects_in_packs(&p), before.len());
    let file = "amendments/narcotrafic/an-1-seance/640.yaml";
    let text = p.read(file);
    let at = text.find("\nexplanation: |-\n").unwrap() + "\nexplanation: |-\n".len();
    p.write(
        file,
        format!("{}  Un exposé réécrit.\n{}", &text[..at], &text[at..]),
    );
    let r = p.run(&["--format", "json", "build", "--no-site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let after = objects(&p);
    let added: Vec<&String> = after.iter().filter(|o| !before.contains(o)).collect();
    // The amendment's record, its stage's folder of records, the folder of
    // stages, the metadata's root and its commit: the explanation is in no
    // text nor commit message.
    assert_eq!(added.len(), 5, "new objects: {added:?}");
    assert_eq!(report["new_objects"], 5, "{}", r.stdout);
    assert_eq!(report["refs_changed"], 1, "the metadata ref");
    // No object is stored twice: the records the store had are not
    // written again.
    assert_eq!(objects_in_packs(&p), after.len());
}

#[test]
fn a_build_killed_before_its_refs_move_leaves_the_previous_state() {
    let p = Project::mini();
    assert_eq!(p.run(&["build"]).code, 0);
    let before = p.store_state();
    p.write(
        "amendments/mini/commission/CL3.yaml",
        MINI_REJECTED.replace("CL2", "CL3"),
    );
    for point in ["before-pack", "before-refs"] {
        let r = p.run_env(&["build"], "AMENDO_FAILPOINT", point);
        assert_ne!(r.code, 0, "the failpoint {point} aborts");
        assert_eq!(
            p.store_state(),
            before,
            "refs unchanged after abort at {point}"
        );
        let log = p.run(&["log", "mini", "2"]);
        assert_eq!(
            log.code, 0,
            "store usable after abort at {point}: {}",
            log.stderr
        );
        assert!(!log.stdout.contains("CL3"));
        let fsck = git(&p.store(), &["fsck", "--no-dangling"]);
        assert_eq!(fsck.code, 0, "fsck after {point}: {}", fsck.stderr);
    }
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "the next build completes: {}", r.stderr);
    assert!(
        p.store_state()
            .contains("refs/amendments/mini/commission/CL3")
    );
}

#[test]
fn kill_dash_nine_at_any_moment_leaves_a_usable_store() {
    let p = Project::empty();
    amendo::synth::generate(p.path(), 60, 1500, 7).unwrap();
    assert_eq!(p.run(&["build"]).code, 0);
    let good = p.store_state();
    // Change every amendment's outcome date so the next build rewrites much.
    amendo::synth::generate(&p.path().join("v2"), 60, 1500, 8).unwrap();
    std::fs::remove_dir_all(p.path().join("amendments")).unwrap();
    std::fs::rename(p.path().join("v2/amendments"), p.path().join("amendments")).unwrap();
    std::fs::remove_dir_all(p.path().join("bills")).unwrap();
    std::fs::rename(p.path().join("v2/bills"), p.path().join("bills")).unwrap();
    for delay_ms in [5u64, 20, 40, 80, 120, 200] {
        let mut child = p.command(&["build"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let state = p.store_state();
        let log = p.run(&["log", "synthetic"]);
        assert_eq!(
            log.code, 0,
            "usable after a kill at {delay_ms} ms: {}",
            log.stderr
        );
        let fsck = git(&p.store(), &["fsck", "--no-dangling"]);
        assert_eq!(
            fsck.code, 0,
            "fsck after a kill at {delay_ms} ms: {}",
            fsck.stderr
        );
        if state != good {
            // The kill came after the commit point: the new state is whole.
            let again = p.run(&["--format", "json", "build"]);
            assert!(
                again.stdout.contains("\"refs_changed\": 0"),
                "{}",
                again.stdout
            );
            break;
        }
    }
}

#[test]
fn a_concurrent_build_is_refused_cleanly() {
    let p = Project::mini();
    assert_eq!(p.run(&["build"]).code, 0);
    let before = p.store_state();
    let lock = OpenOptions::new()
        .write(true)
        .open(p.store().join("amendo.lock"))
        .unwrap();
    lock.lock().unwrap();
    p.write(
        "amendments/mini/commission/CL3.yaml",
        MINI_REJECTED.replace("CL2", "CL3"),
    );
    let r = p.run(&["build"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("another amendo process is writing to the store"),
        "{}",
        r.stderr
    );
    assert_eq!(p.store_state(), before);
    lock.unlock().unwrap();
    assert_eq!(p.run(&["build"]).code, 0);
}

#[test]
fn plain_git_tells_the_same_story() {
    let p = Project::dataset();
    assert_eq!(p.run(&["build"]).code, 0);
    let log = git(&p.store(), &["log", "--all", "--format=%an|%s"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    for line in [
        "Antoine Léaument (LFI-NFP)|Amendment CL44 on article 8 ter by Antoine Léaument (LFI-NFP): adopted",
        "Olivier Marleix (DR)|Amendment 640 on article 8 ter by Olivier Marleix (DR): rejected",
        "Pouria Amirshahi (EcoS)|Sub-amendment 997 on article 8 ter by Pouria Amirshahi (EcoS): adopted",
        "Assemblée nationale|Assemblée nationale, commission des lois: text of stage an-1-commission",
    ] {
        assert!(
            log.stdout.contains(line),
            "missing `{line}` in:\n{}",
            log.stdout
        );
    }
    let show = git(
        &p.store(),
        &[
            "show",
            "-s",
            "--format=%B",
            "refs/amendments/narcotrafic/an-1-seance/640",
        ],
    );
    assert!(
        show.stdout
            .contains("Vote: n° 1102, 24 for, 119 against, 6 abstentions"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("Outcome: rejected"));
    // The committee struck the article: the main line's diff says so.
    let d = git(
        &p.store(),
        &[
            "diff",
            "refs/tags/narcotrafic/senat-1",
            "refs/tags/narcotrafic/an-1-commission",
            "--",
            "articles/8-ter.txt",
        ],
    );
    assert!(d.stdout.contains("+(Supprimé)"), "{}", d.stdout);
    assert!(
        d.stdout
            .contains("-I. – Le code de la sécurité intérieure est ainsi modifié")
    );
    // Amendment 640 restores the article against "(Supprimé)".
    let d = git(
        &p.store(),
        &[
            "diff",
            "refs/tags/narcotrafic/an-1-commission",
            "refs/amendments/narcotrafic/an-1-seance/640",
        ],
    );
    assert!(d.stdout.contains("-(Supprimé)"), "{}", d.stdout);
    assert!(
        d.stdout.contains(
            "Les opérateurs et personnes mentionnés à l’article L.\u{a0}851‑1 qui fournissent"
        ),
        "{}",
        d.stdout
    );
    let blame = git(
        &p.store(),
        &[
            "blame",
            "refs/tags/narcotrafic/cmp",
            "--",
            "articles/8-ter.txt",
        ],
    );
    assert_eq!(blame.code, 0, "{}", blame.stderr);
}

#[test]
fn the_log_index_holds_what_the_records_say() {
    let p = Project::bills(&["narcotrafic", "pjl07-405"]);
    assert_eq!(p.run(&["build", "--no-site"]).code, 0);
    let store = amendo::query::open_store(&p.store()).unwrap();
    for slug in ["narcotrafic", "pjl07-405"] {
        let index = store.log_index(slug).unwrap().expect("a log index");
        let q = amendo::query::BillQuery::open(&store, slug).unwrap();
        // The overview as read from every record and every stage's text.
        let full = q.history(None).unwrap().overview();
        assert_eq!(index.stages, full.stages, "{slug}");
        assert_eq!(q.overview().unwrap().stages, full.stages, "{slug}");
        let briefs: usize = index.stages.iter().map(|s| s.amendments.len()).sum();
        assert_eq!(briefs, q.amendments().unwrap().len(), "{slug}");
    }
}

/// The records the writer hands to the site it builds next (so the site
/// need not parse them again) are exactly what a reader parses from their
/// blobs, on every bill of the repository.
#[test]
fn the_records_the_writer_gives_are_those_its_blobs_hold() {
    let slugs: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/bills"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let slugs: Vec<&str> = slugs.iter().map(String::as_str).collect();
    let p = Project::bills(&slugs);
    let project = amendo::source::load_project(p.path()).unwrap();
    let (_, records, remembering) = amendo::store::write::ingest_keeping(
        amendo::source::load_project(p.path()).unwrap(),
        &p.store(),
        None,
    )
    .unwrap();
    remembering.finish(None).unwrap();
    let store = amendo::store::Store::open(&p.store()).unwrap();
    let mut read = 0;
    for data in &project.bills {
        for a in store.amendments(&data.bill.slug, &data.bill).unwrap() {
            let blob = a.blob.expect("read from a blob");
            let given = records.get(blob).expect("a record for each blob");
            assert_eq!(given.amendment, a.amendment, "{}", a.amendment.number);
            assert_eq!(given.reason, a.reason);
            assert_eq!(
                serde_json::to_value(given).unwrap(),
                serde_json::to_value(&a).unwrap()
            );
            read += 1;
        }
    }
    assert!(read > 1_000, "{read} records");
    assert_eq!(read, records.len());
    // A store given them reads the same records, taking them.
    let given = amendo::store::Store::open(&p.store())
        .unwrap()
        .with_records(records);
    for data in &project.bills {
        let from_blobs = store.amendments(&data.bill.slug, &data.bill).unwrap();
        let taken = given.amendments(&data.bill.slug, &data.bill).unwrap();
        assert_eq!(
            serde_json::to_value(&taken).unwrap(),
            serde_json::to_value(&from_blobs).unwrap()
        );
    }
}
