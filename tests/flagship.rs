//! The article 8 ter story, from the repository's real data.

mod common;

use common::Project;

fn built() -> Project {
    let p = Project::dataset();
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    p
}

#[test]
fn the_log_tells_the_story() {
    let p = built();
    // Wide, so that each fact is on one line (the layouts at terminal
    // widths are snapshot tests in tests/cli.rs).
    let r = p.run(&["--width", "400", "log", "narcotrafic", "8 ter"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    for fact in [
        // Struck in committee, by whom.
        "Assemblée nationale, commission des lois : 6 amendements identiques (CL44, CL176, CL205, CL282, CL312, CL335 ; LFI-NFP, EcoS, SOC, LIOT, RN, GDR) visant à supprimer l’article : adoptés",
        "NON SOUTENU CL160, CL392 (2 identiques)",
        "RETIRÉ      CL484",
        "TOMBÉ       CL485",
        "TOMBÉ       CL486",
        // The restoring attempt, sub-amended, rejected 24 to 119.
        "3 amendements identiques (640, 655, 846 ; DR, EPR) visant à rétablir l’article dans une nouvelle rédaction, sous-amendés (9 sous-amendements, dont 2 adoptés) : rejetés par scrutin public n° 1102, 24 pour, 119 contre",
        "par Olivier Marleix (DR) ; Mathieu Lefèvre (EPR) ; Paul Midy (EPR)",
        "scrutin public n° 1102 (20 mars 2025) : 149 votants, 24 pour, 119 contre, 6 abstentions — non adopté",
        "DR           7       0      0            0  Droite Républicaine",
        "Le système de vote électronique étant en panne",
        "ADOPTÉ      997, 1006 (2 identiques)",
        "REJETÉ      978",
        "scrutin public n° 1101 (20 mars 2025) : 138 votants, 53 pour, 84 contre, 1 abstention",
        "RETIRÉ      983",
        "TOMBÉ       979",
        // The text at each stage, partial where it is.
        "→ article 8 ter : 8 alinéas connus",
        "texte partiel : La copie disponible s’arrête ici",
        "→ article 8 ter (Supprimé)",
        // Stage ids, to give --at, --from and --to.
        "[an-1-commission], texte n° 1043",
    ] {
        assert!(out.contains(fact), "missing `{fact}` in:\n{out}");
    }
    // Oldest first.
    let senat = out.find("Sénat, première lecture").unwrap();
    let committee = out.find("● 7 mars 2025").unwrap();
    let floor = out.find("● 1er avril 2025").unwrap();
    assert!(senat < committee && committee < floor);

    // The whole bill's log lists the ballots that decided no amendment,
    // under their stage: the article votes, the motion, the final votes.
    let r = p.run(&["--width", "400", "log", "narcotrafic"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    for fact in [
        "scrutins publics hors amendements :",
        "– n° 1053 (18 mars 2025) : l'article 2 de la proposition de loi visant à sortir la France du piège du narcotrafic (première lecture) — adopté (234 pour, 39 contre, 1 abstention)",
        "– n° 1194 (1er avril 2025) : l'ensemble de la proposition de loi visant à sortir la France du piège du narcotrafic (première lecture) — adopté (436 pour, 75 contre, 39 abstentions)",
        "– n° 1471 (29 avril 2025) : la motion de rejet préalable",
    ] {
        assert!(out.contains(fact), "missing `{fact}` in:\n{out}");
    }
    let at = |s: &str| out.find(s).unwrap();
    assert!(at("● 1er avril 2025") < at("n° 1194 (") && at("n° 1194 (") < at("● 29 avril 2025"));
    assert!(at("n° 1471 (") > at("● 29 avril 2025"));
    assert_eq!(out.matches("\n    – n° ").count(), 34, "{out}");

    // An article's log shows the vote on the article itself, with the groups.
    let r = p.run(&["--width", "400", "log", "narcotrafic", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    let vote = "  vote sur l’article : scrutin public n° 1053 (18 mars 2025) : 274 votants, 234 pour, 39 contre, 1 abstention — adopté";
    assert!(out.contains(vote), "missing `{vote}` in:\n{out}");
    let after = &out[out.find(vote).unwrap()..];
    assert!(
        after.contains("objet : l'article 2 de la proposition de loi"),
        "{after}"
    );
    assert!(
        after.contains("RN          77       0      0            0  Rassemblement National"),
        "{after}"
    );
    // Not on another article's log, and in the JSON of the stage.
    let r = p.run(&["--width", "400", "log", "narcotrafic", "3"]);
    assert!(!r.stdout.contains("n° 1053"), "{}", r.stdout);
    let r = p.run(&["--format", "json", "log", "narcotrafic", "2"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let floor = &v["stages"][2];
    assert_eq!(floor["stage"]["id"], "an-1-seance");
    assert_eq!(
        floor["ballots"].as_array().map(Vec::len),
        Some(1),
        "{floor}"
    );
    assert_eq!(floor["ballots"][0]["vote"]["ballot"], "1053");
}

#[test]
fn the_log_as_json_is_complete() {
    let p = built();
    let r = p.run(&["--format", "json", "log", "narcotrafic", "8 ter"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 6);
    assert_eq!(stages[0]["article"]["partial"], true);
    assert_eq!(stages[1]["article"]["state"], "deleted");
    assert_eq!(stages[1]["amendments"].as_array().unwrap().len(), 11);
    let floor = stages[2]["amendments"].as_array().unwrap();
    assert_eq!(floor.len(), 12);
    let a640 = floor.iter().find(|a| a["number"] == "640").unwrap();
    assert_eq!(a640["vote"]["for"], 24);
    assert_eq!(a640["vote"]["against"], 119);
    assert_eq!(a640["outcome"], "rejected");
    assert_eq!(a640["effect"], "applied");
    assert_eq!(stages[5]["article"]["state"], "absent");
}

#[test]
fn text_shows_each_stage_and_never_fills_gaps() {
    let p = built();
    let r = p.run(&["text", "narcotrafic", "8 ter", "--at", "senat-1"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 9, "8 alinéas and the gap");
    assert_eq!(
        lines[0],
        "I. – Le code de la sécurité intérieure est ainsi modifié"
    );
    assert!(lines[8].starts_with("[…] La copie disponible s’arrête ici"));
    assert!(
        r.stderr.contains("n’est connu qu’en partie"),
        "{}",
        r.stderr
    );
    let r = p.run(&["text", "narcotrafic", "8 ter", "--at", "an-1-commission"]);
    assert_eq!(r.stdout, "(Supprimé)\n");
    let r = p.run(&["text", "narcotrafic", "8 ter"]);
    assert_eq!(r.code, 2, "not in the law");
    assert!(
        r.stderr
            .contains("article 8 ter is not in the text of bill `narcotrafic` at stage `loi`"),
        "{}",
        r.stderr
    );
    let r = p.run(&[
        "--format",
        "json",
        "text",
        "narcotrafic",
        "8 ter",
        "--at",
        "senat-1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["partial"], true);
    assert_eq!(v["lines"][7]["alinea"], 8);
    assert!(v["lines"][8]["gap"].is_string());
}

#[test]
fn a_gap_in_a_diff_reads_as_a_note_not_as_struck_text() {
    // Senate text → committee: the article is struck; the Senate text's gap
    // (what is missing of it) is on the deleted side, but its note is a
    // note, not law struck through.
    let p = built();
    let args = |format: &'static str| {
        [
            "--format",
            format,
            "diff",
            "narcotrafic",
            "8 ter",
            "--from",
            "senat-1",
            "--to",
            "an-1-commission",
        ]
    };
    let html = p.run(&args("html")).stdout;
    let gap = html
        .lines()
        .find(|l| l.starts_with("<li class=\"deleted gap\">"))
        .unwrap_or_else(|| panic!("no gap entry in {html}"));
    assert!(
        gap.contains("</span> La copie disponible s’arrête ici"),
        "{gap}"
    );
    assert!(!gap.contains("<del>"), "{gap}");
    // The alinéas before it are deleted text.
    assert!(
        html.contains("<del>I. – Le code de la sécurité intérieure"),
        "{html}"
    );
    let md = p.run(&args("markdown")).stdout;
    let gap = md
        .lines()
        .find(|l| l.contains("La copie disponible"))
        .unwrap_or_else(|| panic!("no gap entry in {md}"));
    assert!(
        gap.starts_with("- *lacune supprimée*: \\[…\\] La copie"),
        "{gap}"
    );
    assert!(!gap.contains("~~"), "{gap}");
}

#[test]
fn restored_text_of_640_is_the_amendment_verbatim() {
    let p = built();
    let out = common::git(
        &p.store(),
        &[
            "show",
            "refs/amendments/narcotrafic/an-1-seance/640:articles/8-ter.txt",
        ],
    );
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "I.\u{a0}–\u{a0}Le code de la sécurité intérieure est ainsi modifié\u{a0}:"
    );
    // The amendment's own closing » is removed; nothing else is.
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Art.\u{a0}L.\u{a0}34‑22.\u{a0}–\u{a0}Les dispositions")
    );
    assert!(
        lines.last().unwrap().ends_with("et en Nouvelle-Calédonie."),
        "{:?}",
        lines.last()
    );
    // 655 and 846 are byte-identical.
    for n in ["655", "846"] {
        let other = common::git(
            &p.store(),
            &[
                "show",
                &format!("refs/amendments/narcotrafic/an-1-seance/{n}:articles/8-ter.txt"),
            ],
        );
        assert_eq!(other.stdout, out.stdout);
    }
}

#[test]
fn unknown_bill_and_article_are_clear_errors() {
    let p = built();
    let r = p.run(&["log", "nope"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no bill `nope` in the store: it has narcotrafic"),
        "{}",
        r.stderr
    );
    let r = p.run(&["log", "narcotrafic", "99"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no article 99"), "{}", r.stderr);
    let r = Project::empty().run(&["log", "narcotrafic"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("run `amendo build` first"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let p = built();
    let (code, stderr) = p.run_into_closed_pipe(&["log", "narcotrafic", "8 ter"]);
    assert_eq!(code, Some(0), "{stderr}");
}
