//! Reliability and security (docs/reliability.md): each test reproduces one
//! way amendo used to write outside the project, damage a repository it did
//! not create, lose data, or accept a changed text, and checks it no longer
//! can.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Project;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

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

/// The narcotrafic bill without amendments, and a copy of the AN fixture
/// (in `input/`) that a test may change.
fn an_project() -> (Project, PathBuf) {
    let p = Project::dataset();
    fs::remove_dir_all(p.path().join("amendments")).unwrap();
    let input = p.path().join("input");
    copy_dir(&fixture("an-narcotrafic"), &input);
    (p, input)
}

/// Rewrites a JSON file through `change`.
fn edit_json(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    change(&mut v);
    fs::write(path, serde_json::to_vec(&v).unwrap()).unwrap();
}

/// Every file under `dir`, with its content.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), fs::read(&path).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

// 1. Names from input data never leave the project.

#[test]
fn a_ballot_number_cannot_write_outside_the_staging_folder() {
    let (p, input) = an_project();
    // A bill the import must not touch, and a file outside the project.
    p.write("bills/other/bill.yaml", "untouched\n");
    let outside = tempfile::tempdir().unwrap();
    let depth = p.path().components().count() + 4;
    let escape = format!("{}{}", "../".repeat(depth), outside.path().display());
    let ballot = input.join("scrutins/VTANR5L17V1102.json");
    for (numero, dry) in [
        ("../../../../../../bills/other/bill".to_owned(), false),
        (format!("{escape}/pwned"), false),
        ("../../../../../../bills/other/bill".to_owned(), true),
    ] {
        edit_json(&ballot, |v| {
            v["scrutin"]["numero"] = Value::from(numero.clone())
        });
        let mut args = vec![
            "import",
            "an",
            input.to_str().unwrap(),
            "--bill",
            "narcotrafic",
        ];
        if dry {
            args.push("--dry-run");
        }
        let r = p.run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stderr
                .contains("VTANR5L17V1102.json: field `numero`: ballot number")
                && r.stderr.contains("cannot name a file"),
            "the ballot is reported as skipped: {}",
            r.stderr
        );
        assert_eq!(p.read("bills/other/bill.yaml"), "untouched\n");
        assert!(tree(outside.path()).is_empty(), "wrote outside the project");
        assert!(!p.path().join(".amendo-import/new").exists());
        // --strict refuses it.
        let mut strict = args.clone();
        strict.push("--strict");
        assert_eq!(p.run(&strict).code, 2);
    }
    // The rest is imported.
    assert!(!tree(&p.path().join("amendments/narcotrafic")).is_empty());
}

#[test]
fn bill_slugs_and_amendment_numbers_from_input_are_checked() {
    let (p, input) = an_project();
    let r = p.run(&["import", "an", input.to_str().unwrap(), "--bill", "../x"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("--bill: bill slug `../x`"),
        "{}",
        r.stderr
    );
    let amendment = fs::read_dir(input.join("amendements/PIONANR5L17BTC1043"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "json")
                && fs::read_to_string(p).unwrap().contains("numeroLong")
        })
        .unwrap();
    edit_json(&amendment, |v| {
        v["amendement"]["identification"]["numeroLong"] = Value::from("../../../bills/x")
    });
    let r = p.run(&[
        "import",
        "an",
        input.to_str().unwrap(),
        "--bill",
        "narcotrafic",
        "--dry-run",
    ]);
    assert!(
        r.stderr.contains("field `identification.numeroLong`"),
        "{}",
        r.stderr
    );
}

// 2. amendo writes only to a store it created.

fn git_in(dir: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A project's own repository: a branch, a tag, a commit.
fn own_repository(p: &Project) -> (PathBuf, String) {
    git_in(p.path(), &["init", "-q", "-b", "work"]);
    git_in(p.path(), &["add", "bills"]);
    git_in(p.path(), &["commit", "-qm", "sources"]);
    git_in(p.path(), &["tag", "v1"]);
    let state = git_in(p.path(), &["for-each-ref"]) + &git_in(p.path(), &["symbolic-ref", "HEAD"]);
    (p.path().join(".git"), state)
}

#[test]
fn build_refuses_a_repository_amendo_did_not_create() {
    let p = Project::mini();
    let (dot_git, before) = own_repository(&p);
    let r = p.run(&["build", "--store", dot_git.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("is a git repository that amendo did not create"),
        "{}",
        r.stderr
    );
    let r = p.run_env(&["build"], "AMENDO_STORE", dot_git.to_str().unwrap());
    assert_eq!(r.code, 2, "{}", r.stdout);
    let after = git_in(p.path(), &["for-each-ref"]) + &git_in(p.path(), &["symbolic-ref", "HEAD"]);
    assert_eq!(
        before, after,
        "the repository's refs and HEAD are untouched"
    );
    // A bare repository someone else made is refused too.
    let bare = p.path().join("other.git");
    git_in(p.path(), &["init", "-q", "--bare", bare.to_str().unwrap()]);
    let r = p.run(&["build", "--store", bare.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("did not create"), "{}", r.stderr);
}

#[test]
fn stores_are_created_only_where_asked_and_old_stores_are_recognised() {
    let p = Project::mini();
    // A missing store whose folder does not exist is not created.
    let far = p.path().join("no/such/folder/store.git");
    let r = p.run(&["build", "--store", far.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    assert!(!p.path().join("no").exists());
    // In an existing folder, or at the default place, it is.
    let near = p.path().join("store.git");
    assert_eq!(p.run(&["build", "--store", near.to_str().unwrap()]).code, 0);
    assert_eq!(p.run(&["build"]).code, 0);
    let config = fs::read_to_string(p.store().join("config")).unwrap();
    assert!(
        config.contains("[amendo]") && config.contains("store = true"),
        "{config}"
    );
    // A store built before the marker existed (no key) is recognised by its
    // description and refs, marked, and written to.
    let without: String = config
        .lines()
        .filter(|l| !l.contains("[amendo]") && !l.contains("store = true"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(p.store().join("config"), without).unwrap();
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        fs::read_to_string(p.store().join("config"))
            .unwrap()
            .contains("store = true")
    );
    // ...but not once it holds a ref amendo does not own.
    fs::write(
        p.store().join("config"),
        fs::read_to_string(p.store().join("config"))
            .unwrap()
            .replace("store = true", "store = false"),
    )
    .unwrap();
    common::git(
        &p.store(),
        &["update-ref", "refs/notes/x", "refs/heads/mini"],
    );
    let r = p.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("refs outside amendo's namespaces"),
        "{}",
        r.stderr
    );
}

// 3. An import interrupted between its two renames is rolled back before
// anything reads the sources.

#[test]
fn an_interrupted_swap_is_rolled_back_before_the_sources_are_read() {
    let p = Project::mini();
    let before = tree(&p.path().join("amendments"));
    // The state a kill between the two renames leaves: the live folder
    // moved aside, the new one not yet in place.
    let work = p.path().join(".amendo-import");
    fs::create_dir_all(work.join("old/amendments")).unwrap();
    fs::create_dir_all(work.join("new/amendments/mini/commission")).unwrap();
    fs::write(work.join("new/amendments/mini/commission/CL9.yaml"), "x").unwrap();
    fs::rename(
        p.path().join("amendments/mini"),
        work.join("old/amendments/mini"),
    )
    .unwrap();
    fs::write(
        work.join("journal"),
        "amendo import journal\nstate swapping\nexisted amendments/mini\n",
    )
    .unwrap();
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("2 amendments"), "{}", r.stdout);
    assert_eq!(tree(&p.path().join("amendments")), before);
    assert!(!work.join("journal").exists() && !work.join("old").exists());
    // A stale saved copy without a journal (the journal removed before the
    // clean-up) is never "recovered": the live folder stays as it is.
    p.write(
        "amendments/mini/commission/CL3.yaml",
        common::MINI_REJECTED.replace("CL2", "CL3"),
    );
    fs::create_dir_all(work.join("old/amendments/mini")).unwrap();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let la_fabrique = fixture("lafabrique/pjl11-350");
    let r = p.run(&["import", "lafabrique", la_fabrique.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        p.path()
            .join("amendments/mini/commission/CL3.yaml")
            .exists()
    );
    assert!(!work.join("old").exists());
}

// 9. A build waits for a running import and reads one snapshot.

#[test]
fn a_build_waits_while_an_import_holds_the_project() {
    let p = Project::mini();
    let work = p.path().join(".amendo-import");
    fs::create_dir_all(&work).unwrap();
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(work.join("lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut build = p
        .command(&["build"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        build.try_wait().unwrap().is_none(),
        "the build read the sources while an import held them"
    );
    // What the import publishes before releasing the lock is what the build sees.
    p.write(
        "amendments/mini/commission/CL3.yaml",
        common::MINI_REJECTED.replace("CL2", "CL3"),
    );
    lock.unlock().unwrap();
    let out = build.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3 amendments"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // An import meanwhile is refused at once, not mixed in.
    lock.lock().unwrap();
    let r = p.run(&[
        "import",
        "lafabrique",
        fixture("lafabrique/pjl11-350").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("another import is running"),
        "{}",
        r.stderr
    );
}

// 4. A source that cannot be read is an error naming it.

#[test]
fn folders_that_cannot_be_read_are_errors_not_skipped() {
    let p = Project::mini();
    // amendments/<bill> as a file.
    fs::remove_dir_all(p.path().join("amendments/mini")).unwrap();
    p.write("amendments/mini", "not a folder");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("amendments/mini:1:1: not a folder"),
        "{}",
        r.stderr
    );
    // A folder that cannot be read (a link to itself: permissions do not
    // stop the root user these tests may run as).
    fs::remove_file(p.path().join("amendments/mini")).unwrap();
    std::os::unix::fs::symlink("mini", p.path().join("amendments/mini")).unwrap();
    let r = p.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("amendments/mini:1:1: cannot read"),
        "{}",
        r.stderr
    );
    fs::remove_file(p.path().join("amendments/mini")).unwrap();
    fs::create_dir_all(p.path().join("amendments/mini")).unwrap();
    std::os::unix::fs::symlink("commission", p.path().join("amendments/mini/commission")).unwrap();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("amendments/mini/commission:1:1: cannot read"),
        "{}",
        r.stderr
    );
}

// 8. Errors point somewhere and do not hide each other.

#[test]
fn a_broken_bill_yaml_does_not_hide_its_amendments_errors() {
    let p = Project::mini();
    p.write("bills/mini/bill.yaml", "title: [\n");
    p.write(
        "amendments/mini/commission/CL1.yaml",
        "number: CL1\nnumbr: x\n",
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("no bill `mini`"), "{}", r.stderr);
    assert!(r.stderr.contains("bills/mini/bill.yaml:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("amendments/mini/commission/CL1.yaml:2:1"),
        "{}",
        r.stderr
    );
}

// 5. Markdown never silently changes legal text.

#[test]
fn markup_in_a_stage_text_is_refused_with_its_position() {
    let p = Project::mini();
    for (alinea, at) in [
        ("Texte de l’article *2*.", ":9:20:"),
        ("Texte de l’article **2**.", ":9:20:"),
        ("Texte de l’`article` 2.", ":9:12:"),
        ("Texte de l’[article](https://x) 2.", ":9:12:"),
        ("Texte de l&rsquo;article 2.", ":9:11:"),
    ] {
        p.write(
            "bills/mini/depot.md",
            common::MINI_DEPOT.replace("Texte de l’article 2.", alinea),
        );
        let r = p.run(&["build"]);
        assert_eq!(r.code, 2, "{alinea} was accepted: {}", r.stdout);
        assert!(
            r.stderr.contains(&format!("bills/mini/depot.md{at}")),
            "{alinea}: {}",
            r.stderr
        );
    }
    // Escaped, the characters are kept.
    p.write(
        "bills/mini/depot.md",
        common::MINI_DEPOT.replace("Texte de l’article 2.", "Texte \\*2\\* \\`x\\` \\&amp;"),
    );
    assert_eq!(p.run(&["build"]).code, 0);
    let r = p.run(&["text", "mini", "2", "--at", "depot"]);
    assert!(r.stdout.contains("Texte *2* `x` &amp;"), "{}", r.stdout);
}

// 6. Malformed importer fields are named; a skipped file changes nothing
// other files say.

fn amendment_json(input: &Path, uid: &str) -> PathBuf {
    fn walk(dir: &Path, name: &str) -> Option<PathBuf> {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if let Some(f) = walk(&p, name) {
                    return Some(f);
                }
            } else if p.file_name().is_some_and(|n| n == name) {
                return Some(p);
            }
        }
        None
    }
    walk(input, &format!("{uid}.json")).unwrap()
}

#[test]
fn a_skipped_amendment_file_changes_nothing_other_files_say() {
    let (p, input) = an_project();
    let args = [
        "import",
        "an",
        input.to_str().unwrap(),
        "--bill",
        "narcotrafic",
    ];
    assert_eq!(p.run(&args).code, 0);
    // The amendment the roll-call ballot decided, with a curated note.
    let (voted, text) = tree(&p.path().join("amendments"))
        .into_iter()
        .map(|(f, c)| (f, String::from_utf8(c).unwrap()))
        .find(|(_, c)| c.contains("members: \"ballots/1102.yaml\""))
        .unwrap();
    fs::write(
        &voted,
        text.replacen("\nvote:\n", "\nvote:\n  note: \"vu\"\n", 1),
    )
    .unwrap();
    assert_eq!(p.run(&args).code, 0, "the note takes its place");
    let before = tree(&p.path().join("amendments"));
    assert!(String::from_utf8_lossy(&fs::read(&voted).unwrap()).contains("note: \"vu\""));
    // Its identical amendments' files say who they are identical to; the
    // source file of one of them is truncated.
    let identical = tree(&p.path().join("amendments"))
        .into_iter()
        .map(|(f, c)| (f, String::from_utf8(c).unwrap()))
        .find(|(f, c)| *f != voted && c.contains("identical:") && c.contains("\nvote:"))
        .unwrap()
        .1;
    let uid = identical
        .lines()
        .find_map(|l| {
            l.strip_prefix("source: \"Données ouvertes de l’Assemblée nationale, amendement ")
        })
        .unwrap()
        .split(['"', ' '])
        .next()
        .unwrap()
        .to_owned();
    let file = amendment_json(&input, &uid);
    let json = fs::read(&file).unwrap();
    fs::write(&file, &json[..json.len() / 2]).unwrap();
    let r = p.run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{uid}.json: not valid JSON")),
        "{}",
        r.stderr
    );
    let after = tree(&p.path().join("amendments"));
    let changed: Vec<String> = after
        .iter()
        .filter(|f| !before.contains(f))
        .map(|(f, c)| {
            let old = before
                .iter()
                .find(|(g, _)| g == f)
                .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
                .unwrap_or_default();
            let new = String::from_utf8_lossy(c);
            let lines: Vec<&str> = new
                .lines()
                .filter(|l| !old.lines().any(|o| o == *l))
                .collect();
            let gone: Vec<&str> = old
                .lines()
                .filter(|l| !new.lines().any(|o| o == *l))
                .collect();
            format!("{}: +{lines:?} -{gone:?}", f.display())
        })
        .collect();
    assert!(
        changed.is_empty() && after.len() == before.len(),
        "files changed because another was skipped: {}\n{}",
        changed.join("\n"),
        r.stderr
    );
}

#[test]
fn malformed_an_fields_are_named_not_turned_into_other_data() {
    let (p, input) = an_project();
    let first = amendment_json(&input, "AMANR5L17PO59051B0907P0D1N000176");
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "unknown outcome",
            Box::new(|v| v["amendement"]["cycleDeVie"]["sort"] = Value::from("Bof")),
            "field `cycleDeVie.sort`: unknown outcome `Bof`",
        ),
        (
            "author as a list",
            Box::new(|v| {
                let a = v["amendement"]["signataires"]["auteur"].take();
                v["amendement"]["signataires"]["auteur"] = Value::Array(vec![a]);
            }),
            "field `signataires.auteur`: expected an object, found a list",
        ),
        (
            "dispositif as an object",
            Box::new(|v| {
                v["amendement"]["corps"]["contenuAuteur"]["dispositif"] =
                    serde_json::json!({"p": "x"})
            }),
            "field `corps.contenuAuteur.dispositif`: expected text, found an object",
        ),
    ];
    let original = fs::read(&first).unwrap();
    for (what, change, message) in cases {
        fs::write(&first, &original).unwrap();
        edit_json(&first, change);
        let r = p.run(&[
            "import",
            "an",
            input.to_str().unwrap(),
            "--bill",
            "narcotrafic",
            "--dry-run",
        ]);
        assert!(
            r.stderr.contains(&format!("N000176.json: {message}")),
            "{what}: {}",
            r.stderr
        );
    }
    fs::write(&first, &original).unwrap();
    let ballot = input.join("scrutins/VTANR5L17V1102.json");
    let original = fs::read(&ballot).unwrap();
    for total in ["abc", "-3", "1.5"] {
        fs::write(&ballot, &original).unwrap();
        edit_json(&ballot, |v| {
            v["scrutin"]["syntheseVote"]["decompte"]["pour"] = Value::from(total)
        });
        let r = p.run(&[
            "import",
            "an",
            input.to_str().unwrap(),
            "--bill",
            "narcotrafic",
            "--dry-run",
        ]);
        assert!(
            r.stderr.contains(&format!(
                "VTANR5L17V1102.json: field `syntheseVote.decompte.pour`: `{total}` is not a count"
            )),
            "{total}: {}",
            r.stderr
        );
    }
}

// 7. Only regular files are read, within limits; widths are bounded.

/// Runs a command, failing (instead of hanging the test suite) when it has
/// not finished after a minute.
fn run_bounded(p: &Project, args: &[&str]) -> (i32, String) {
    let mut child = p
        .command(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("amendo {args:?} hung");
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn fifos_and_devices_are_refused_not_read() {
    let p = Project::mini();
    mkfifo(&p.path().join("amendments/mini/commission/CL7.yaml"));
    std::os::unix::fs::symlink(
        "/dev/zero",
        p.path().join("amendments/mini/commission/CL8.yaml"),
    )
    .unwrap();
    for command in ["check", "build"] {
        let (code, err) = run_bounded(&p, &[command]);
        assert_eq!(code, 2, "{err}");
        for n in ["CL7", "CL8"] {
            assert!(
                err.contains(&format!(
                    "amendments/mini/commission/{n}.yaml:1:1: cannot read: not a regular file"
                )),
                "{err}"
            );
        }
    }
    // A stage text that is a FIFO.
    let q = Project::mini();
    fs::remove_file(q.path().join("bills/mini/commission.md")).unwrap();
    mkfifo(&q.path().join("bills/mini/commission.md"));
    let (code, err) = run_bounded(&q, &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("text file `commission.md` is not a regular file"),
        "{err}"
    );
    let (p, input) = an_project();
    mkfifo(&input.join("scrutins/fifo.json"));
    std::os::unix::fs::symlink("/dev/zero", input.join("scrutins/zero.json")).unwrap();
    std::os::unix::fs::symlink("..", input.join("scrutins/loop")).unwrap();
    let (code, err) = run_bounded(
        &p,
        &[
            "import",
            "an",
            input.to_str().unwrap(),
            "--bill",
            "narcotrafic",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("fifo.json: cannot read: not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("zero.json: cannot read: not a regular file"),
        "{err}"
    );
}

#[test]
fn the_senat_importer_refuses_a_fifo_and_a_device() {
    let p = Project::mini();
    let fifo = p.path().join("jeu.csv");
    mkfifo(&fifo);
    std::os::unix::fs::symlink("/dev/zero", p.path().join("zero.csv")).unwrap();
    for input in ["jeu.csv", "zero.csv"] {
        let path = p.path().join(input);
        let (code, err) = run_bounded(
            &p,
            &["import", "senat", path.to_str().unwrap(), "--bill", "mini"],
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let p = Project::mini();
    let big = p.path().join("amendments/mini/commission/CL9.yaml");
    let f = fs::File::create(&big).unwrap();
    f.set_len(amendo::source::MAX_SOURCE_BYTES + 1).unwrap();
    let (code, err) = run_bounded(&p, &["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("CL9.yaml:1:1: cannot read: larger than the 64 MiB limit"),
        "{err}"
    );
}

#[test]
fn diff_widths_and_contexts_are_bounded() {
    let p = Project::mini();
    assert_eq!(p.run(&["build"]).code, 0);
    // A context beyond any text is refused.
    let r = p.run(&[
        "diff",
        "mini",
        "--format",
        "side-by-side",
        "--context",
        "18446744073709551615",
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("is not in"), "{}", r.stderr);
    // An absurd width is clamped to what a line can hold (50 to 400 columns).
    for width in ["4294967295", "5"] {
        let r = p.run(&["diff", "mini", "--format", "side-by-side", "--width", width]);
        assert_eq!(r.code, 0, "--width {width}: {}", r.stderr);
        let widest = r
            .stdout
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        assert!((1..=400).contains(&widest), "--width {width}: {widest}");
    }
    let r = p.run_env(
        &["diff", "mini", "--format", "side-by-side"],
        "COLUMNS",
        "4294967295",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn every_schema_error_of_a_file_is_reported() {
    let p = Project::mini();
    p.write(
        "amendments/mini/commission/CL1.yaml",
        common::MINI_AMENDMENT
            .replace("group: A\n", "groupe: A\n")
            .replace("filed: 2025-02-01\n", "filed: [2025]\nnote: x\n"),
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2);
    for at in [
        ":5:1: unknown field `groupe`",
        ":6:",
        ":7:1: unknown field `note`",
    ] {
        assert!(
            r.stderr
                .contains(&format!("amendments/mini/commission/CL1.yaml{at}")),
            "{at}: {}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("missing field `filed`"), "{}", r.stderr);
    // A sub-amendment that names itself is said to.
    p.write(
        "amendments/mini/commission/CL1.yaml",
        common::MINI_AMENDMENT,
    );
    p.write(
        "amendments/mini/commission/CL2.yaml",
        common::MINI_REJECTED.replace("outcome:", "parent: CL2\noutcome:"),
    );
    let r = p.run(&["check"]);
    assert!(
        r.stderr
            .contains("amendment CL2 names itself as its parent"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_failed_write_and_a_damaged_pack_are_explained() {
    let p = Project::dataset();
    // A write that fails (a file size limit stands in for a full disk: both
    // make write(2) fail the same way for the pack).
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 64; exec '{}' --root '{}' build",
            env!("CARGO_BIN_EXE_amendo"),
            p.path().display()
        ))
        .env_remove("AMENDO_STORE")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the pack in"), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert!(!err.contains("no error"), "{err}");
    // A damaged pack.
    assert_eq!(p.run(&["build"]).code, 0);
    let pack = fs::read_dir(p.store().join("objects/pack"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|f| f.extension().is_some_and(|e| e == "pack"))
        .unwrap();
    let mut bytes = fs::read(&pack).unwrap();
    for i in (1000..bytes.len()).step_by(997) {
        bytes[i] ^= 0x5a;
    }
    let mut perms = fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&pack, perms).unwrap();
    fs::write(&pack, bytes).unwrap();
    let r = p.run(&["text", "narcotrafic", "8 ter"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the store is damaged") && r.stderr.contains("amendo build"),
        "{}",
        r.stderr
    );
}

#[test]
fn la_fabrique_step_folders_may_hold_any_character_but_stay_inside() {
    let p = Project::empty();
    let input = p.path().join("input");
    copy_dir(&fixture("lafabrique/pjl11-350"), &input);
    // The corpus names some steps `13_l.définitive_assemblee_depot`.
    let (old, new) = (
        "05_1erelecture_senat_hemicycle",
        "05_l.définitive_senat_hemicycle",
    );
    fs::rename(
        input.join("procedure").join(old),
        input.join("procedure").join(new),
    )
    .unwrap();
    let procedure = input.join("viz/procedure.json");
    let text = fs::read_to_string(&procedure).unwrap();
    fs::write(&procedure, text.replace(old, new)).unwrap();
    let r = p.run(&["import", "lafabrique", input.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("skipped"), "{}", r.stderr);
    // A step folder that climbs out of the bill's folder is refused.
    fs::write(&procedure, text.replace(old, "../../outside")).unwrap();
    let r = p.run(&["import", "lafabrique", input.to_str().unwrap(), "--dry-run"]);
    assert!(
        r.stderr.contains("field `directory` of a step"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_journal_from_an_older_amendo_is_rolled_back_too() {
    let p = Project::mini();
    let before = tree(&p.path().join("amendments"));
    let work = p.path().join(".amendo-import");
    fs::create_dir_all(work.join("old/amendments")).unwrap();
    fs::rename(
        p.path().join("amendments/mini"),
        work.join("old/amendments/mini"),
    )
    .unwrap();
    // The older format: the folders, one a line.
    fs::write(work.join("journal"), "amendments/mini").unwrap();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(tree(&p.path().join("amendments")), before);
    // A journal naming a path outside the bills' folders is not followed.
    fs::write(
        work.join("journal"),
        "amendo import journal\nstate swapping\nexisted ../../etc\n",
    )
    .unwrap();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not bills/<bill> or amendments/<bill>"),
        "{}",
        r.stderr
    );
}
