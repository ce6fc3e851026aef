//! Crash injection: `build`, `import an` and `import lafabrique` are stopped
//! (aborted, as `kill -9` would) at each of their file-system steps in turn
//! (`AMENDO_FAILPOINT=N`, see `src/fault.rs`), not at random. After each
//! stop, the next command must find the old or the new state, never a mix,
//! and no hand-curated field may be lost. The loop ends when a run gets
//! past its last step; each test checks that it stopped at several steps.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Project;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A fresh copy of a project folder.
fn clone(p: &Project) -> Project {
    let c = Project::empty();
    copy_dir(p.path(), c.path());
    c
}

/// The sources: every file under bills/ and amendments/, with its content.
fn sources(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    for top in ["bills", "amendments"] {
        walk(&root.join(top), root, &mut out);
    }
    out.sort();
    out
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The site's files, with their contents.
fn site(p: &Project) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&p.path().join("public"), &p.path().join("public"), &mut out);
    out.sort();
    out
}

/// Runs `args` on copies of `before`, stopped at step 1, 2, … until a run
/// completes; `check` looks at each stopped copy. Returns the steps tried.
fn at_every_step(before: &Project, args: &[&str], mut check: impl FnMut(usize, &Project)) -> usize {
    for n in 1.. {
        let p = clone(before);
        let r = p.run_env(args, "AMENDO_FAILPOINT", &n.to_string());
        if r.code != -1 {
            assert!(r.code == 0, "step {n}: {}", r.stderr);
            eprintln!(
                "amendo {}: stopped at each of its {} steps",
                args[..args.len().min(2)].join(" "),
                n - 1
            );
            return n - 1;
        }
        check(n, &p);
        assert!(n < 500, "runaway");
    }
    unreachable!()
}

#[test]
fn build_killed_at_every_step_leaves_the_old_or_the_new_store() {
    // A first build, killed at each step: no store, or a complete one.
    let fresh = Project::mini();
    let complete = clone(&fresh);
    assert_eq!(complete.run(&["build"]).code, 0);
    let built = complete.store_state();
    let packed = |p: &Project| fs::read_to_string(p.store().join("packed-refs")).ok();
    let built_refs = packed(&complete);
    let steps = at_every_step(&fresh, &["build"], |n, p| {
        let refs = packed(p);
        assert!(
            refs.is_none() || refs == built_refs,
            "step {n}: a partial store: {refs:?}"
        );
        let r = p.run(&["build"]);
        assert_eq!(r.code, 0, "step {n}: {}", r.stderr);
        assert_eq!(p.store_state(), built, "step {n}");
    });
    assert!(steps >= 10, "only {steps} steps");

    // A second build with a new amendment, killed at each step.
    let old = clone(&complete);
    old.write(
        "amendments/mini/commission/CL3.yaml",
        common::MINI_REJECTED
            .replace("CL2", "CL3")
            .replace("Nouvel", "Autre"),
    );
    let new = clone(&old);
    assert_eq!(new.run(&["build"]).code, 0);
    let after = new.store_state();
    let new_site = site(&new);
    assert_ne!(built, after);
    let steps = at_every_step(&old, &["build"], |n, p| {
        let state = p.store_state();
        assert!(state == built || state == after, "step {n}: {state}");
        let r = p.run(&["log", "mini"]);
        assert_eq!(r.code, 0, "step {n}: the store reads: {}", r.stderr);
        let fsck = common::git(&p.store(), &["fsck", "--connectivity-only"]);
        assert_eq!(fsck.code, 0, "step {n}: {}", fsck.stderr);
        let old_site = site(&old);
        let found = site(p);
        // Past its commit point, a build leaves the apply folder, which the
        // next build finishes first; before it, the output is untouched.
        let committed = p.path().join(".public.amendo-apply").exists();
        assert!(
            committed || found == old_site || found == new_site,
            "step {n}: the site is neither the old one nor the new one"
        );
        assert_eq!(p.run(&["build"]).code, 0, "step {n}");
        assert_eq!(p.store_state(), after, "step {n}");
        assert!(site(p) == new_site, "step {n}: the next build's site");
        let packs: Vec<String> = fs::read_dir(p.store().join("objects/pack"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("pack_git2_") || n.starts_with("tmp_"))
            .collect();
        assert!(
            packs.is_empty(),
            "step {n}: temporary packs left: {packs:?}"
        );
    });
    assert!(steps >= 6, "only {steps} steps");
}

/// The narcotrafic bill after a first AN import, with a curated note on a
/// vote and a hand-added amendment; and the input changed so that a second
/// import rewrites files.
fn an_before() -> (Project, String) {
    let p = Project::dataset();
    fs::remove_dir_all(p.path().join("amendments")).unwrap();
    let input = p.path().join("input");
    copy_dir(Path::new(&fixture("an-narcotrafic")), &input);
    let input = input.display().to_string();
    let r = p.run(&["import", "an", &input, "--bill", "narcotrafic"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Curate: a note on a vote, and an amendment added by hand.
    let voted = sources(p.path())
        .into_iter()
        .find(|(rel, c)| {
            rel.extension().is_some_and(|e| e == "yaml")
                && !rel.to_string_lossy().contains("ballots")
                && String::from_utf8_lossy(c).contains("\nvote:\n")
        })
        .unwrap()
        .0;
    let text = p.read(voted.to_str().unwrap());
    let text = text.replacen("\nvote:\n", "\nvote:\n  note: \"curated by hand\"\n", 1);
    p.write(voted.to_str().unwrap(), text);
    let hand = "amendments/narcotrafic/an-1-seance/HAND1.yaml";
    p.write(
        hand,
        "number: HAND1\narticle: \"1er\"\nauthors:\n  - Une Personne\nfiled: 2025-03-10\noutcome: withdrawn\ninstruction: Supprimer cet article.\n",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Newer data: every amendment's exposé changes.
    for e in walk_files(Path::new(&input).join("amendements").as_path()) {
        let t = fs::read_to_string(&e).unwrap();
        fs::write(
            &e,
            t.replace("exposeSommaire\": \"", "exposeSommaire\": \"Nouveau. "),
        )
        .unwrap();
    }
    (p, input)
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk_files(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn an_import_killed_at_every_step_loses_nothing() {
    let (before, input) = an_before();
    let args = ["import", "an", input.as_str(), "--bill", "narcotrafic"];
    let old = sources(before.path());
    let done = clone(&before);
    let r = done.run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let new = sources(done.path());
    assert_ne!(old, new, "the second import changes files");
    let curated = |p: &Project| {
        let all = sources(p.path());
        let note = all
            .iter()
            .any(|(_, c)| String::from_utf8_lossy(c).contains("note: \"curated by hand\""));
        let hand = all
            .iter()
            .any(|(r, _)| r.ends_with("an-1-seance/HAND1.yaml"));
        note && hand
    };
    assert!(curated(&done));
    let mut check_next = true;
    let mut recovery_stops = 0;
    let steps = at_every_step(&before, &args, |n, p| {
        // A kill during the recovery itself, at each of its steps.
        if p.path().join(".amendo-import/journal").exists() {
            for m in 1.. {
                let q = clone(p);
                let r = q.run_env(&["check"], "AMENDO_FAILPOINT", &m.to_string());
                if r.code != -1 {
                    break;
                }
                recovery_stops += 1;
                let r = q.run(&["check"]);
                assert_eq!(r.code, 0, "step {n}, recovery step {m}: {}", r.stderr);
                let now = sources(q.path());
                assert!(
                    now == old || now == new,
                    "step {n}, recovery step {m}: a mix"
                );
                assert!(
                    curated(&q),
                    "step {n}, recovery step {m}: a curated field was lost"
                );
            }
        }
        // Alternately, the next command is a check (which reads the
        // sources) or the import itself (which plans from them).
        if check_next {
            let r = p.run(&["check"]);
            assert_eq!(r.code, 0, "step {n}: {}", r.stderr);
            let now = sources(p.path());
            assert!(
                now == old || now == new,
                "step {n}: a mix of old and new sources"
            );
        }
        check_next = !check_next;
        let r = p.run(&args);
        assert_eq!(r.code, 0, "step {n}: {}", r.stderr);
        assert_eq!(sources(p.path()), new, "step {n}");
        assert!(curated(p), "step {n}: a curated field was lost");
        assert!(!p.path().join(".amendo-import/old").exists());
        assert!(!p.path().join(".amendo-import/journal").exists());
    });
    assert!(steps >= 10, "only {steps} steps");
    assert!(recovery_stops >= 5, "only {recovery_stops} recovery stops");
    eprintln!("amendo check: stopped {recovery_stops} times while recovering");
}

#[test]
fn lafabrique_import_killed_at_every_step_leaves_old_or_new() {
    let before = Project::empty();
    let input = before.path().join("input");
    copy_dir(Path::new(&fixture("lafabrique")), &input);
    let bill = input.join("pjl11-350");
    let bill = bill.to_str().unwrap();
    assert_eq!(before.run(&["import", "lafabrique", bill]).code, 0);
    let old = sources(before.path());
    // Newer data: one step's text changes.
    let text = input.join("pjl11-350/procedure/05_1erelecture_senat_hemicycle/texte/texte.json");
    let t = fs::read_to_string(&text).unwrap();
    let changed = t.replacen("\"001\": \"Est", "\"001\": \"Nouveau. Est", 1);
    assert_ne!(t, changed, "the fixture has alinéas");
    fs::write(&text, changed).unwrap();
    let done = clone(&before);
    assert_eq!(done.run(&["import", "lafabrique", bill]).code, 0);
    let new = sources(done.path());
    assert_ne!(old, new);
    let steps = at_every_step(&before, &["import", "lafabrique", bill], |n, p| {
        let r = p.run(&["check"]);
        assert_eq!(r.code, 0, "step {n}: {}", r.stderr);
        let now = sources(p.path());
        assert!(now == old || now == new, "step {n}: a mix");
        assert_eq!(p.run(&["import", "lafabrique", bill]).code, 0, "step {n}");
        assert_eq!(sources(p.path()), new, "step {n}");
    });
    assert!(steps >= 6, "only {steps} steps");
}
