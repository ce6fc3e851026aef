//! `amendo diff`, `show` and `blame` on the real 8 ter data, in every
//! format, as insta snapshots; plus the properties a reader relies on.

mod common;

use std::sync::OnceLock;

use common::{Project, git};

/// One built store for the whole file (commands only read it).
fn built() -> &'static Project {
    static P: OnceLock<Project> = OnceLock::new();
    P.get_or_init(|| {
        let p = Project::dataset();
        let r = p.run(&["build"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        p
    })
}

fn out(args: &[&str]) -> String {
    let r = built().run(args);
    assert_eq!(r.code, 0, "amendo {args:?}: {}", r.stderr);
    r.stdout
}

const FORMATS: [&str; 6] = [
    "text",
    "unified",
    "side-by-side",
    "markdown",
    "html",
    "json",
];

#[test]
fn committee_strikes_8_ter_in_every_format() {
    for f in FORMATS {
        let s = out(&[
            "--format",
            f,
            "diff",
            "narcotrafic",
            "8 ter",
            "--from",
            "senat-1",
            "--to",
            "an-1-commission",
            "--width",
            "120",
        ]);
        insta::assert_snapshot!(format!("diff_8ter_struck_{f}"), s);
    }
}

#[test]
fn restoring_amendment_640_in_every_format() {
    for f in FORMATS {
        let s = out(&[
            "--format",
            f,
            "show",
            "narcotrafic",
            "640",
            "--width",
            "120",
        ]);
        insta::assert_snapshot!(format!("show_640_{f}"), s);
    }
}

#[test]
fn sub_amendment_997_in_every_format() {
    for f in FORMATS {
        let s = out(&[
            "--format",
            f,
            "show",
            "narcotrafic",
            "997",
            "--width",
            "120",
            "--context",
            "1",
        ]);
        insta::assert_snapshot!(format!("show_997_{f}"), s);
    }
}

#[test]
fn sub_amendments_997_and_1006_change_640_where_they_say() {
    // The two identical sub-amendments do the same thing to 640's text.
    let a = out(&["--format", "json", "show", "narcotrafic", "997"]);
    let b = out(&["--format", "json", "show", "narcotrafic", "1006"]);
    let va: serde_json::Value = serde_json::from_str(&a).unwrap();
    let vb: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert_eq!(va["diff"], vb["diff"]);
    assert_eq!(va["base"]["kind"], "amendment");
    assert_eq!(va["base"]["id"], "640");
    // (The AN's text writes "à" as "a" and a combining grave accent.)
    // Exactly two alinéas change: the 3rd and 6th of the text (the AN's 4
    // and 7, which count the amendment's own first paragraph).
    let changed: Vec<(u64, String)> = va["diff"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "changed")
        .map(|e| {
            let spans: String = e["spans"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["kind"] != "equal")
                .map(|s| {
                    format!(
                        "{}:{}|",
                        s["kind"].as_str().unwrap(),
                        s["text"].as_str().unwrap()
                    )
                })
                .collect();
            (e["new"]["alinea"].as_u64().unwrap(), spans)
        })
        .collect();
    assert_eq!(changed, vec![
        (3, "insert:, sauf si les fournisseurs susmentionnés démontrent qu’ils ne sont techniquement pas en mesure de satisfaire a\u{300} ces réquisitions|".to_owned()),
        (6, "delete:ou techniques |".to_owned()),
    ]);
}

#[test]
fn unified_output_applies_with_git_and_matches_the_store() {
    let p = built();
    let patch = out(&["--format", "unified", "show", "narcotrafic", "997"]);
    // The base: amendment 640's text, from the store.
    let base = git(
        &p.store(),
        &[
            "show",
            "refs/amendments/narcotrafic/an-1-seance/640:articles/8-ter.txt",
        ],
    );
    let want = git(
        &p.store(),
        &[
            "show",
            "refs/amendments/narcotrafic/an-1-seance/997:articles/8-ter.txt",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("articles/8-ter.txt"), &base.stdout).unwrap();
    std::fs::write(dir.path().join("p.diff"), &patch).unwrap();
    let st = std::process::Command::new("git")
        .args(["apply", "--unsafe-paths", "p.diff"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let got = std::fs::read_to_string(dir.path().join("articles/8-ter.txt")).unwrap();
    assert_eq!(got, want.stdout);

    // The struck article: every line of the stage diff applies too.
    let patch = out(&[
        "--format",
        "unified",
        "diff",
        "narcotrafic",
        "8 ter",
        "--from",
        "senat-1",
        "--to",
        "an-1-commission",
    ]);
    let base = git(
        &p.store(),
        &["show", "refs/tags/narcotrafic/senat-1:articles/8-ter.txt"],
    );
    std::fs::write(dir.path().join("articles/8-ter.txt"), &base.stdout).unwrap();
    std::fs::write(dir.path().join("p.diff"), &patch).unwrap();
    let st = std::process::Command::new("git")
        .args(["apply", "p.diff"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("articles/8-ter.txt")).unwrap(),
        "(Supprimé)\n"
    );
}

#[test]
fn deletions_show_the_whole_article_struck() {
    let s = out(&["show", "narcotrafic", "CL44"]);
    insta::assert_snapshot!("show_CL44_text", s);
    // Every known alinéa of the Sénat's text is struck, then "(Supprimé)".
    let v: serde_json::Value =
        serde_json::from_str(&out(&["--format", "json", "show", "narcotrafic", "CL44"])).unwrap();
    let kinds: Vec<&str> = v["diff"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["deleted"; 9]
            .iter()
            .copied()
            .chain(["inserted"])
            .collect::<Vec<_>>()
    );
    assert_eq!(v["diff"]["status"], "struck");
    assert_eq!(v["diff"]["partial"], true);
}

#[test]
fn blame_names_the_amendments_that_struck_the_article() {
    insta::assert_snapshot!(
        "blame_8ter_cmp_text",
        out(&["blame", "narcotrafic", "8 ter", "--at", "cmp"])
    );
    insta::assert_snapshot!(
        "blame_8ter_senat_json",
        out(&[
            "--format",
            "json",
            "blame",
            "narcotrafic",
            "8 ter",
            "--at",
            "senat-1"
        ])
    );
}

#[test]
fn colour_on_demand_plain_markers_otherwise() {
    let coloured = out(&["--color", "always", "show", "narcotrafic", "997"]);
    assert!(coloured.contains("\x1b[4;32m"), "insertions are coloured");
    assert!(coloured.contains("\x1b[9;31m"), "deletions are coloured");
    assert!(!coloured.contains("{+"));
    // A pipe (the test's stdout) and NO_COLOR: plain markers, no escapes.
    let r = built().run_env(&["show", "narcotrafic", "997"], "NO_COLOR", "1");
    assert!(!r.stdout.contains('\x1b'));
    assert!(r.stdout.contains("{+, sauf si les fournisseurs"));
    assert!(r.stdout.contains("[-ou techniques -]"));
    // Even --color always is only for text and side-by-side.
    let html = out(&[
        "--color",
        "always",
        "--format",
        "html",
        "show",
        "narcotrafic",
        "997",
    ]);
    assert!(!html.contains('\x1b'));
}

#[test]
fn whole_bill_diff_and_exit_code() {
    let p = built();
    let r = p.run(&[
        "diff",
        "narcotrafic",
        "--from",
        "senat-1",
        "--to",
        "an-1-commission",
        "--exit-code",
    ]);
    assert_eq!(r.code, 1, "changes found: {}", r.stderr);
    assert!(
        r.stdout
            .starts_with("narcotrafic : senat-1 → an-1-commission : 1 article modifié, 0 inchangé"),
        "{}",
        r.stdout
    );
    let r = p.run(&[
        "diff",
        "narcotrafic",
        "8 ter",
        "--from",
        "an-1-commission",
        "--to",
        "an-1-seance",
        "--exit-code",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Article 8 ter (inchangé)"),
        "{}",
        r.stdout
    );
    // The default: the stage before the last one, to the last one; the law's
    // text is not available here, so 8 ter's fate there is unknown.
    let r = p.run(&["--format", "json", "diff", "narcotrafic", "8 ter"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["from"]["id"], "an-cmp");
    assert_eq!(v["to"]["id"], "loi");
    assert_eq!(v["articles"][0]["status"], "unknown");
    // Nothing is marked deleted or inserted when one side is not known.
    assert_eq!(
        v["articles"][0]["entries"].as_array().map(Vec::len),
        Some(0)
    );
    let r = p.run(&["--width", "100", "diff", "narcotrafic", "8 ter"]);
    assert!(
        r.stdout
            .contains("Article 8 ter (absent de la partie connue du nouveau texte) an-cmp → loi\n  ce qu’il est devenu n’est pas connu\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("(Supprimé)"), "{}", r.stdout);
}

#[test]
fn clear_errors() {
    let p = built();
    for (args, msg) in [
        (
            &["show", "narcotrafic", "9999"][..],
            "no amendment 9999 in bill `narcotrafic`",
        ),
        (
            &["show", "narcotrafic", "cmp/640"][..],
            "no amendment 640 at stage `cmp`",
        ),
        (
            &["diff", "narcotrafic", "99"][..],
            "article 99 is in neither the text of `an-cmp` nor that of `loi`",
        ),
        (
            &["diff", "narcotrafic", "--to", "nowhere"][..],
            "no stage `nowhere` in bill `narcotrafic`: it has senat-1, an-1-commission",
        ),
        (
            &["diff", "narcotrafic", "--to", "senat-1"][..],
            "stage `senat-1` is the first of bill `narcotrafic`",
        ),
        (
            &["--format", "unified", "log", "narcotrafic"][..],
            "--format unified is for `amendo diff` and `amendo show`",
        ),
        (
            &["blame", "narcotrafic", "8 ter"][..],
            "article 8 ter is not in the text of bill `narcotrafic` at stage `loi` (the text is only partly known)",
        ),
    ] {
        let r = p.run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(msg), "{args:?}: {}", r.stderr);
    }
    // Case does not matter in amendment numbers; STAGE/NUMBER works.
    assert_eq!(
        out(&["show", "narcotrafic", "cl44"]),
        out(&["show", "narcotrafic", "an-1-commission/CL44"])
    );
}
