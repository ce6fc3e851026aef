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
