//! `amendo watch` on the repository's narcotrafic data: the article 8 ter
//! story on a first run, nothing on the second, and runs interrupted between
//! events that neither repeat nor lose one.

mod common;

use std::path::Path;

use common::Project;
use serde_json::Value;

const CHIFFREMENT: &str = include_str!("../watch/chiffrement.yaml");

fn built() -> Project {
    let p = Project::dataset();
    p.write("watch/chiffrement.yaml", CHIFFREMENT);
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    p
}

fn events(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn numbers(e: &Value) -> Vec<String> {
    e["amendments"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["number"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn ids(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A test on one event.
type Check = Box<dyn Fn(&Value) -> bool>;

/// The events the flagship run must report, in this order (others may be
/// between them): each a test on one event.
fn story() -> Vec<(&'static str, Check)> {
    vec![
        (
            "the committee strikes 8 ter (six identical amendments, one event)",
            Box::new(|e| {
                e["kind"] == "struck"
                    && numbers(e) == ["CL44", "CL176", "CL205", "CL282", "CL312", "CL335"]
                    && e["amendments"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| a["group"].as_str().unwrap())
                        .collect::<Vec<_>>()
                        == ["LFI-NFP", "EcoS", "SOC", "LIOT", "RN", "GDR"]
            }),
        ),
        (
            "640, 655, 846 restore the struck article",
            Box::new(|e| {
                e["kind"] == "returning"
                    && numbers(e) == ["640", "655", "846"]
                    && e["returning"]["signal"]
                        .as_str()
                        .unwrap()
                        .starts_with("structural")
                    && e["returning"]["source"]["kind"] == "struck-article"
                    && e["returning"]["source"]["article"]["id"] == "8-ter"
                    && e["returning"]["source"]["amendments"][0] == "CL44"
            }),
        ),
        (
            "sub-amendments 997 and 1006 adopted",
            Box::new(|e| {
                e["kind"] == "decided" && numbers(e) == ["997", "1006"] && e["outcome"] == "adopted"
            }),
        ),
        (
            "ballot n° 1102, 24 for, 119 against",
            Box::new(|e| {
                e["kind"] == "ballot"
                    && e["ballot"]["number"] == "1102"
                    && e["ballot"]["for"] == 24
                    && e["ballot"]["against"] == 119
            }),
        ),
        (
            "640, 655, 846 rejected by that ballot",
            Box::new(|e| {
                e["kind"] == "decided"
                    && numbers(e) == ["640", "655", "846"]
                    && e["outcome"] == "rejected"
                    && e["ballot"]["number"] == "1102"
            }),
        ),
    ]
}

/// Asserts that the story's events appear in order, and that every event
/// is about article 8 ter.
fn assert_story(list: &[Value]) {
    let mut at = 0;
    for (what, test) in story() {
        match list[at..].iter().position(&test) {
            Some(i) => at += i + 1,
            None => panic!(
                "missing, or out of order: {what}\nevents:\n{}",
                serde_json::to_string_pretty(list).unwrap()
            ),
        }
    }
    for e in list {
        assert_eq!(e["article"]["id"], "8-ter", "{e}");
        assert_eq!(e["bill"], "narcotrafic");
    }
}

#[test]
fn the_first_run_tells_the_8_ter_story_and_the_second_nothing() {
    let p = built();
    let r = p.run(&["--format", "json", "watch", "watch/chiffrement.yaml"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let first = events(&r.stdout);
    assert_story(&first);
    // Oldest first.
    let times: Vec<&str> = first.iter().map(|e| e["when"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort_by_key(|t| amendo::date::LegalTime::parse(t).unwrap());
    assert_eq!(times, sorted);
    // The watched words are marked in what the change adds or removes.
    let deletion = &first[0];
    assert_eq!(deletion["matched"][0], "déchiffrement");
    assert!(deletion["excerpt"].as_array().unwrap().iter().any(|l| {
        l["change"] == "removed"
            && l["pieces"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["matched"] == true && p["text"] == "déchiffrement")
    }));

    let again = p.run(&["watch", "watch/chiffrement.yaml"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, "");

    // --all replays everything and leaves the state alone.
    let all = p.run(&[
        "--format",
        "json",
        "watch",
        "--all",
        "watch/chiffrement.yaml",
    ]);
    assert_eq!(all.code, 1);
    assert_eq!(ids(&events(&all.stdout)), ids(&first));
    assert_eq!(p.run(&["watch", "watch/chiffrement.yaml"]).code, 0);
}

#[test]
fn the_text_format_reads_as_the_story() {
    let p = built();
    let r = p.run(&[
        "--color",
        "never",
        "--width",
        "400",
        "watch",
        "--dry-run",
        "watch/chiffrement.yaml",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // In the bill's language, as the rest of amendo speaks of it.
    for fact in [
        "6 mars 2025 à 0 h 06  suppression  Amendements CL44, CL176, CL205, CL282, CL312, CL335 (LFI-NFP, EcoS, SOC, LIOT, RN, GDR) sur l’article 8 ter : adoptés : l’article est supprimé",
        "le **déchiffrement** des données",
        "retour  Amendements 640, 655, 846 (DR, EPR) proposent de rétablir l’article 8 ter supprimé par CL44",
        "décision  Sous-amendements 997, 1006 (EcoS, SOC) à l’amendement 640 sur l’article 8 ter : adoptés",
        "scrutin  Scrutin public n° 1102 sur 640, 655, 846 (DR, EPR) : 24 pour, 119 contre",
        "décision  Amendements 640, 655, 846 (DR, EPR) sur l’article 8 ter : rejetés par scrutin public n° 1102 (24 pour, 119 contre)",
        "/bills/narcotrafic/ballots/1102.html",
    ] {
        assert!(
            r.stdout.contains(fact),
            "missing `{fact}` in:\n{}",
            r.stdout
        );
    }
    // --dry-run recorded nothing: the next run reports it all.
    let again = p.run(&["--width", "400", "watch", "watch/chiffrement.yaml"]);
    assert_eq!(again.code, 1);
    assert_eq!(again.stdout, r.stdout);
    // At a terminal's width, every line fits, wrapped under the title.
    let narrow = p.run(&[
        "--color",
        "never",
        "--width",
        "80",
        "watch",
        "--all",
        "--dry-run",
        "watch/chiffrement.yaml",
    ]);
    for line in narrow.stdout.lines() {
        // The page and id line is two identifiers that are never cut.
        if line.trim_start().starts_with('/') {
            continue;
        }
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
}

/// A command that counts its calls in `count`, appends the event to
/// `delivered.jsonl`, and kills the watch process (as `kill -9` would)
/// instead of delivering call number `k`.
fn killing_exec(dir: &Path, k: usize) -> String {
    format!(
        "cd '{d}'; n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; \
         if [ $n -eq {k} ]; then kill -9 $PPID; sleep 5; exit 1; fi; cat >> delivered.jsonl",
        d = dir.display()
    )
}

#[test]
fn a_run_killed_between_events_repeats_nothing_and_loses_nothing() {
    let p = built();
    let everything = events(
        &p.run(&[
            "--format",
            "json",
            "watch",
            "--all",
            "watch/chiffrement.yaml",
        ])
        .stdout,
    );
    assert!(everything.len() >= 5);
    // Killed while delivering the third event.
    let exec = killing_exec(p.path(), 3);
    let killed = p.run(&[
        "--format",
        "json",
        "watch",
        "--exec",
        &exec,
        "watch/chiffrement.yaml",
    ]);
    assert_ne!(killed.code, 0);
    assert_ne!(killed.code, 1);
    let delivered = events(&p.read("delivered.jsonl"));
    assert_eq!(ids(&delivered), ids(&everything[..2]));
    // The next run delivers the rest, once each.
    let exec = format!("cat >> '{}/delivered.jsonl'", p.path().display());
    let rest = p.run(&[
        "--format",
        "json",
        "watch",
        "--exec",
        &exec,
        "watch/chiffrement.yaml",
    ]);
    assert_eq!(rest.code, 1, "{}", rest.stderr);
    assert_eq!(ids(&events(&rest.stdout)), ids(&everything[2..]));
    assert_eq!(ids(&events(&p.read("delivered.jsonl"))), ids(&everything));
    assert_eq!(p.run(&["watch", "watch/chiffrement.yaml"]).code, 0);
}

#[test]
fn a_failed_command_keeps_its_event_for_the_next_run() {
    let p = built();
    let everything = ids(&events(
        &p.run(&[
            "--format",
            "json",
            "watch",
            "--all",
            "watch/chiffrement.yaml",
        ])
        .stdout,
    ));
    // A webhook that fails on its fourth call.
    let exec = format!(
        "cd '{d}'; n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; \
         [ $n -ne 4 ] || exit 7; cat >> delivered.jsonl",
        d = p.path().display()
    );
    let failed = p.run(&["watch", "--exec", &exec, "watch/chiffrement.yaml"]);
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert!(failed.stderr.contains("stays new"), "{}", failed.stderr);
    assert_eq!(ids(&events(&p.read("delivered.jsonl"))), everything[..3]);
    // Retried, and sent once.
    let retried = p.run(&["watch", "--exec", &exec, "watch/chiffrement.yaml"]);
    assert_eq!(retried.code, 1, "{}", retried.stderr);
    assert_eq!(ids(&events(&p.read("delivered.jsonl"))), everything);
}

#[test]
fn a_rebuild_keeps_what_was_reported() {
    let p = built();
    assert_eq!(p.run(&["watch", "watch/chiffrement.yaml"]).code, 1);
    // A change elsewhere in the sources: the store moves, the state stays,
    // and nothing about 8 ter is new.
    let path = "amendments/narcotrafic/an-1-seance/1019.yaml";
    let text = p.read(path);
    p.write(
        path,
        text.replace("outcome: rejected", "outcome: withdrawn"),
    );
    let b = p.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let r = p.run(&["watch", "watch/chiffrement.yaml"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn json_markdown_and_atom_carry_the_same_events() {
    let p = built();
    let json = events(
        &p.run(&[
            "--format",
            "json",
            "watch",
            "--all",
            "watch/chiffrement.yaml",
        ])
        .stdout,
    );
    let md = p.run(&[
        "--format",
        "markdown",
        "watch",
        "--all",
        "watch/chiffrement.yaml",
    ]);
    assert_eq!(md.code, 1);
    assert!(
        md.stdout.starts_with("# Chiffrement des messageries"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("le **déchiffrement** des données"));
    assert_eq!(md.stdout.matches("\n## ").count(), json.len());
    let atom = p.run(&[
        "watch",
        "--format",
        "atom",
        "--all",
        "watch/chiffrement.yaml",
    ]);
    assert_eq!(atom.code, 1);
    assert!(atom.stdout.starts_with("<?xml"), "{}", atom.stdout);
    assert_eq!(atom.stdout.matches("<entry>").count(), json.len());
    for e in &json {
        let id = format!("<id>urn:amendo:{}</id>", e["id"].as_str().unwrap());
        assert!(atom.stdout.contains(&id), "missing {id}");
    }
}

#[test]
fn bad_watchlists_are_errors_with_their_position() {
    let p = built();
    p.write(
        "watch/bad.yaml",
        "bills: [narcotrafic]\nwords: [\"chiffr(e)\"]\nevents: [struck, voted]\nsince: 2025-02-30\nwhat: x\n",
    );
    let r = p.run(&["watch", "watch/bad.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("watch/bad.yaml:5:1: unknown field `what`"),
        "{}",
        r.stderr
    );
    p.write(
        "watch/bad.yaml",
        "bills: [narcotrafic]\nwords: [\"chiffr(e)\"]\nevents: [struck, voted]\nsince: 2025-02-30\n",
    );
    let r = p.run(&["watch", "watch/bad.yaml"]);
    assert_eq!(r.code, 2);
    for e in [
        "watch/bad.yaml:2:16: bad word pattern `chiffr(e)`",
        "watch/bad.yaml:3:18: unknown event kind `voted`",
        "watch/bad.yaml:4:8: `2025-02-30` is not a date",
    ] {
        assert!(r.stderr.contains(e), "missing `{e}` in:\n{}", r.stderr);
    }
    // What the store does not have is named too.
    p.write(
        "watch/bad.yaml",
        "bills: [narcotrafic, budget]\narticles:\n  - number: 99 octies\n",
    );
    let r = p.run(&["watch", "watch/bad.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("watch/bad.yaml:1:22: no bill `budget` in the store"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("watch/bad.yaml:3:13: no article with number `99 octies`"),
        "{}",
        r.stderr
    );
    // Nothing was recorded for it.
    assert!(!p.store_state().contains("refs/amendo/watch/bad"));
}

#[test]
fn a_run_waits_for_a_build_and_refuses_a_second_run_of_its_watchlist() {
    let p = built();
    // Another run of the same watchlist is going on: this one stops at once,
    // having recorded nothing.
    let lock = p.store().join("amendo-watch").join("chiffrement.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    let other = amendo::store::WriteLock::acquire_file(&lock).unwrap();
    let r = p.run(&["watch", "watch/chiffrement.yaml"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("chiffrement.lock"), "{}", r.stderr);
    drop(other);

    // A build holds the store's lock while the watch delivers: the watch
    // waits for it to end before writing its state, and loses nothing.
    let held = amendo::store::WriteLock::acquire(&p.store()).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        drop(held);
    });
    let r = p.run(&["--format", "json", "watch", "watch/chiffrement.yaml"]);
    release.join().unwrap();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_story(&events(&r.stdout));
    let again = p.run(&["watch", "watch/chiffrement.yaml"]);
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (0, ""),
        "{}",
        again.stderr
    );
}

#[test]
fn the_ballots_on_no_amendment_are_reported_too() {
    let p = built();
    p.write(
        "watch/scrutins.yaml",
        "title: Scrutins publics du narcotrafic\nbills: [narcotrafic]\nevents: [ballot]\n",
    );
    let r = p.run(&[
        "watch",
        "watch/scrutins.yaml",
        "--format",
        "json",
        "--dry-run",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let list = events(&r.stdout);
    // Every public ballot of the data: the 119 that decided amendments and
    // the 34 on articles, the whole text and a motion (read from the store).
    let ballots = p.run(&["ballots", "narcotrafic", "--format", "json"]);
    let all: Value = serde_json::from_str(&ballots.stdout).unwrap();
    let expected = all["ballots"].as_array().unwrap().len();
    assert_eq!(list.len(), expected, "{:?}", ids(&list));
    // The vote on the whole text, 436 to 75.
    let whole = list
        .iter()
        .find(|e| e["ballot"]["number"] == "1194")
        .expect("the vote on the whole text");
    assert_eq!(whole["kind"], "ballot");
    assert_eq!(whole["outcome"], "adopted");
    assert_eq!(whole["ballot"]["for"], 436);
    assert_eq!(whole["ballot"]["against"], 75);
    assert!(
        whole["title"]
            .as_str()
            .unwrap()
            .starts_with("Scrutin public n° 1194 sur l'ensemble de la proposition de loi"),
        "{whole}"
    );
    assert!(whole["amendments"].is_null());
    assert_eq!(whole["page"], "/bills/narcotrafic/ballots/1194.html");
}

#[test]
fn a_reader_that_stops_reading_still_gets_the_changes_exit_code() {
    // `amendo watch … | head -1`: the pipe closes before the alerts are all
    // written; the run still found changes (exit 1), and what was not
    // written is not recorded as told, so the next run gives it again.
    let p = built();
    let (code, stderr) = p.run_into_closed_pipe(&["watch", "watch/chiffrement.yaml"]);
    assert_eq!(code, Some(1), "{stderr}");
    let again = p.run(&["--format", "json", "watch", "watch/chiffrement.yaml"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert_story(&events(&again.stdout));
}
