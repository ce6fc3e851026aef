//! The command line as readers use it: layouts that fit the width (snapshots
//! at two widths), renumbered articles followed and said so, discovery
//! commands, "did you mean", clean designations and numbers, help, shell
//! completions and man pages. One test per point seen in issue 15.

mod common;

use std::sync::OnceLock;

use common::Project;

/// One built store with narcotrafic and pjl07-405 (renumbered articles).
fn built() -> &'static Project {
    static P: OnceLock<Project> = OnceLock::new();
    P.get_or_init(|| {
        let p = Project::bills(&["narcotrafic", "pjl07-405"]);
        let r = p.run(&["build"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        p
    })
}

fn ok(args: &[&str]) -> String {
    let r = built().run(args);
    assert_eq!(r.code, 0, "amendo {args:?}: {}", r.stderr);
    r.stdout
}

fn err(args: &[&str]) -> String {
    let r = built().run(args);
    assert_eq!(r.code, 2, "amendo {args:?} should fail: {}", r.stdout);
    r.stderr
}

/// The widest line, in terminal columns (combining accents take none).
fn widest(s: &str) -> usize {
    s.lines()
        .map(amendo::render::layout::display_width)
        .max()
        .unwrap_or(0)
}

#[test]
fn show_fits_the_width_at_two_widths() {
    for w in ["72", "120"] {
        let s = ok(&["--width", w, "show", "narcotrafic", "640"]);
        let width: usize = w.parse().unwrap();
        assert!(widest(&s) <= width, "a line is wider than {w}");
        insta::assert_snapshot!(format!("show_640_width_{w}"), s);
    }
}

#[test]
fn log_fits_the_width_at_two_widths() {
    for w in ["60", "100"] {
        let s = ok(&["--width", w, "log", "narcotrafic", "8 ter"]);
        let width: usize = w.parse().unwrap();
        // Words longer than the room are the only thing that may not fit.
        assert!(widest(&s) <= width, "a line is wider than {w}");
        insta::assert_snapshot!(format!("log_8ter_width_{w}"), s);
    }
}

#[test]
fn piped_output_is_100_columns_and_absurd_widths_are_clamped() {
    let piped = ok(&["show", "narcotrafic", "640"]);
    assert!(widest(&piped) <= 100);
    assert!(widest(&piped) > 90, "uses the width");
    let narrow = ok(&["--width", "3", "show", "narcotrafic", "640"]);
    assert!(widest(&narrow) <= 50);
    let wide = ok(&["--width", "100000", "show", "narcotrafic", "640"]);
    assert!(widest(&wide) <= 400);
}

#[test]
fn the_per_group_breakdown_is_a_table() {
    let s = ok(&["--width", "100", "show", "narcotrafic", "640"]);
    assert!(s.contains("groupe"));
    assert!(
        s.lines()
            .any(|l| l.trim_start().starts_with("DR") && l.contains("7       0      0")),
        "{s}"
    );
    // The roll: one row per group, names wrapped under each other.
    assert!(s.contains("Pour (24)"));
    assert!(s.contains("  DR (7)"));
}

#[test]
fn single_article_commands_follow_a_renumbered_article_and_say_so() {
    // « 1er A » became « 1er » in the final text.
    let log = ok(&["--width", "200", "log", "pjl07-405", "1er A"]);
    assert!(
        log.contains("suivi par son identifiant stable `1er-a`"),
        "{log}"
    );
    assert!(log.contains("article 1er A, puis article 1er"), "{log}");
    let diff = ok(&[
        "--width",
        "200",
        "diff",
        "pjl07-405",
        "1er",
        "--from",
        "an-1-seance",
        "--to",
        "cc",
    ]);
    assert!(
        diff.contains("Article 1er (1er A de an-1-seance à"),
        "{diff}"
    );
    let blame = ok(&[
        "--width",
        "200",
        "blame",
        "pjl07-405",
        "1er A",
        "--at",
        "cc",
    ]);
    assert!(
        blame.starts_with("Article 1er (1er A de an-1-seance"),
        "{blame}"
    );
    let text = built().run(&["text", "pjl07-405", "1er A", "--at", "cc"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stderr.contains("à l’étape `cc`: article 1er (1er A"),
        "{}",
        text.stderr
    );
    let json = ok(&[
        "text",
        "pjl07-405",
        "1er A",
        "--at",
        "cc",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["article"], "1er");
    assert_eq!(v["asked"], "1er A");
    assert!(
        v["numbers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["number"] == "1er A")
    );
}

#[test]
fn discovery_lists_bills_stages_amendments_and_ballots() {
    let bills = ok(&["bills"]);
    assert!(
        bills.contains("narcotrafic") && bills.contains("pjl07-405"),
        "{bills}"
    );
    // French bills, French headers and numbers.
    assert!(bills.starts_with("texte "), "{bills}");
    assert!(
        bills
            .lines()
            .any(|l| l.starts_with("narcotrafic") && l.contains("1\u{202f}676")),
        "{bills}"
    );
    let stages = ok(&["stages", "narcotrafic"]);
    for id in [
        "senat-1",
        "an-1-commission",
        "an-1-seance",
        "cmp",
        "an-cmp",
        "loi",
    ] {
        assert!(stages.contains(id), "{stages}");
    }
    assert!(
        stages.contains("texte officiel, partiel") && stages.contains("adoptés"),
        "{stages}"
    );
    assert!(widest(&stages) <= 100, "{stages}");
    let unnamed = ok(&["amendments", "narcotrafic", "--group", "po847173"]);
    assert!(
        unnamed.contains("PO847173 : groupe que les données ne nomment pas"),
        "{unnamed}"
    );
    let list = ok(&["amendments", "narcotrafic", "8 ter", "--outcome", "adopté"]);
    for n in ["CL44", "CL335", "997", "1006"] {
        assert!(list.contains(n), "{list}");
    }
    assert!(!list.lines().any(|l| l.starts_with("640 ")), "{list}");
    let ecos = ok(&[
        "amendments",
        "narcotrafic",
        "--group",
        "ecos",
        "--ballot",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&ecos).unwrap();
    let items = v["amendments"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|a| a["group"] == "EcoS" && a["ballot"].is_string())
    );
    let by = ok(&[
        "amendments",
        "narcotrafic",
        "--author",
        "marleix",
        "--stage",
        "an-1-seance",
    ]);
    assert!(by.contains("640"), "{by}");
    let ballot = ok(&["--width", "100", "ballot", "narcotrafic", "1102"]);
    assert!(ballot.contains("Scrutin public n° 1102"), "{ballot}");
    assert!(ballot.contains("640, 655, 846"), "{ballot}");
    assert!(ballot.contains("Contre (119)"), "{ballot}");
    let json = ok(&["ballot", "narcotrafic", "1102", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ballot"]["vote"]["against"], 119);
}

#[test]
fn every_ballot_is_reached_linked_or_not() {
    // The vote on the whole text decided no amendment: it was dropped by
    // the import before, and `amendo ballot` could not find it.
    let s = ok(&["--width", "100", "ballot", "narcotrafic", "1194"]);
    assert!(widest(&s) <= 100, "a line is wider than 100");
    insta::assert_snapshot!("ballot_1194_width_100", s);
    let json = ok(&["ballot", "narcotrafic", "1194", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let b = &v["ballot"];
    assert_eq!(b["stage"], "an-1-seance");
    assert_eq!(b["adopted"], true);
    assert_eq!(b["amendments"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        b["vote"]["question"],
        "l'ensemble de la proposition de loi visant à sortir la France du piège du narcotrafic (première lecture)."
    );
    assert_eq!(
        b["vote"]["majority"],
        "Majorité absolue des suffrages exprimés"
    );
    assert_eq!(
        (b["vote"]["for"].as_u64(), b["vote"]["against"].as_u64()),
        (Some(436), Some(75))
    );
    let roll = b["vote"]["roll"].as_array().unwrap();
    assert_eq!(roll.iter().filter(|m| m["vote"] == "for").count(), 436);
    // The motion to reject the joint committee's text, rejected, at the
    // last reading.
    let motion = ok(&["--width", "140", "ballot", "narcotrafic", "1471"]);
    assert!(motion.contains("la motion de rejet préalable"), "{motion}");
    assert!(motion.contains("— non adopté"), "{motion}");
    assert!(motion.contains("(an-cmp)"), "{motion}");
    // A linked ballot now also says what the Assemblée put to the vote.
    let linked = ok(&["--width", "140", "ballot", "narcotrafic", "1102"]);
    assert!(
        linked.contains("Objet : l'amendement n° 640 de M. Marleix"),
        "{linked}"
    );

    // All 153 are listed: 119 on amendments, 34 on articles, the whole
    // text or a motion.
    let list = ok(&["--width", "100", "ballots", "narcotrafic"]);
    assert!(list.ends_with("153 scrutins publics\n"), "{list}");
    assert!(
        list.lines().any(|l| l.starts_with("1194  an-1-seance")),
        "{list}"
    );
    let json = ok(&["ballots", "narcotrafic", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let all = v["ballots"].as_array().unwrap();
    assert_eq!(all.len(), 153);
    let lone = all
        .iter()
        .filter(|b| b["amendments"].as_array().is_some_and(Vec::is_empty))
        .count();
    assert_eq!(lone, 34);
    let bills = ok(&["bills", "--format", "json"]);
    assert!(bills.contains("\"ballots\": 153"), "{bills}");

    // The site gives it a page, and the bill's page lists it.
    let page = built().read("public/bills/narcotrafic/ballots/1194.html");
    assert!(
        page.contains("L&#x27;ensemble de la proposition de loi visant à sortir la France du piège du narcotrafic (première lecture)."),
        "{page}"
    );
    assert!(page.contains("Majorité requise"), "{page}");
    assert_eq!(page.matches("<tr class=\"for\">").count(), 436);
    let bill = built().read("public/bills/narcotrafic/index.html");
    assert!(
        bill.contains("href=\"ballots&#x2f;1194.html\""),
        "the bill lists it"
    );
    assert!(
        bill.contains("href=\"ballots&#x2f;1471.html\""),
        "the bill lists it"
    );
}

#[test]
fn near_misses_get_a_did_you_mean() {
    assert!(err(&["log", "narcotrafique"]).contains("did you mean `narcotrafic`?"));
    assert!(
        err(&["text", "narcotrafic", "8 ter", "--at", "an-1-comission"])
            .contains("did you mean `an-1-commission`?")
    );
    assert!(err(&["log", "narcotrafic", "8ter"]).contains("did you mean `8 ter`?"));
    assert!(err(&["log", "pjl07-405", "1"]).contains("did you mean `1er`"));
    let e = err(&["show", "narcotrafic", "CL4444"]);
    assert!(e.contains("did you mean"), "{e}");
    // The hint names the command that lists amendments.
    assert!(e.contains("`amendo amendments narcotrafic`"), "{e}");
    assert!(!e.contains("`amendo log narcotrafic` lists"), "{e}");
    let e = err(&["ballot", "narcotrafic", "11022"]);
    assert!(e.contains("did you mean"), "{e}");
    // Amendments are on article 1er, the texts known lack it: the number
    // asked is not suggested back.
    let e = err(&[
        "diff",
        "narcotrafic",
        "1er",
        "--from",
        "an-1-commission",
        "--to",
        "an-1-seance",
    ]);
    assert!(e.contains("in neither the text"), "{e}");
    assert!(!e.contains("did you mean `1er`"), "{e}");
}

#[test]
fn designations_numbers_and_groups_are_clean() {
    let log = ok(&["--width", "200", "log", "narcotrafic"]);
    assert!(!log.contains("article article"), "{log}");
    assert!(!log.contains("ARTICLE"), "{log}");
    assert!(log.contains("texte n° 1043"), "{log}");
    // « article Chapitre II » was printed for an amendment on a chapter.
    assert!(log.contains("chapitre II"), "{log}");
    assert!(!log.contains("article Chapitre"), "{log}");
    let log = ok(&["--width", "200", "log", "pjl07-405"]);
    // « article ARTICLE 9 TER » was printed for pjl07-405's amendment 219.
    assert!(log.contains("article 9 ter"), "{log}");
    assert!(!log.contains("ARTICLE 9 TER"), "{log}");
    assert!(!log.contains("S07-l405") && !log.contains("TA249"), "{log}");
    assert!(!log.contains("JORFTEXT"), "{log}");
    assert!(log.contains("texte n° 405 (2007-2008)"), "{log}");
    assert!(log.contains("texte adopté n° 249"), "{log}");
    // The raw ids stay in JSON.
    let json = ok(&["log", "pjl07-405", "--format", "json"]);
    assert!(json.contains("\"S07-l405\""));
    // A group the data knows only by its id is said to be unnamed.
    let s = ok(&["--width", "100", "show", "narcotrafic", "640"]);
    assert!(s.contains("groupe sans nom"), "{s}");
    assert!(
        s.contains("Brigitte Barèges") && s.contains("groupe sans nom (PO847173) (3)"),
        "{s}"
    );
    assert!(!s.contains("its name is not in the open-data dump"), "{s}");
}

#[test]
fn a_step_result_is_said_in_words_in_the_bills_language_once() {
    // pjl07-405's joint committee failed (La Fabrique: `"echec": "échec"`);
    // « This step ended in: échec. » was printed, in English, with the
    // corpus's raw word, in the stage note and again in the text's gap.
    let log = ok(&["--width", "200", "log", "pjl07-405"]);
    assert!(!log.contains("This step ended in"), "{log}");
    assert!(!log.contains("ended in: "), "{log}");
    assert_eq!(
        log.matches("Cette étape s’est conclue par un échec.")
            .count(),
        1,
        "{log}"
    );
    // JSON keeps the stable value.
    let json = ok(&["log", "pjl07-405", "--format", "json"]);
    assert!(json.contains("\"result\": \"failed\""), "{json}");
}

#[test]
fn an_amendment_without_its_dispositif_in_the_data_says_so() {
    let s = ok(&["--width", "100", "show", "pjl07-405", "an-1-seance/1"]);
    assert!(s.starts_with("Amendement 1 après l’article 10"), "{s}");
    assert!(
        s.contains("le dispositif n’est pas dans les données importées"),
        "{s}"
    );
    assert!(!s.contains("was published"), "{s}");
}

#[test]
fn plurals_agree() {
    let log = ok(&["--width", "200", "log", "narcotrafic", "8 ter"]);
    assert!(log.contains("8 alinéas connus"), "{log}");
    let mut c = built().command(&["parse", "-"]);
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Rédiger ainsi cet article :\n\n« Alinéa unique. »".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("(1 alinéa)"), "{s}");
}

#[test]
fn one_language_per_output() {
    let s = ok(&["--width", "100", "show", "narcotrafic", "640"]);
    for english in [
        "Voted for",
        "Outcome:",
        "rejected",
        " March ",
        " abstentions — not adopted",
    ] {
        assert!(!s.contains(english), "`{english}` in a French output:\n{s}");
    }
    assert!(s.contains("rejeté le 20 mars 2025 à 23 h 52"), "{s}");
    let blame = ok(&["blame", "narcotrafic", "8 ter", "--at", "senat-1"]);
    assert!(blame.contains("4 février 2025"), "{blame}");
    assert!(!blame.contains("2025-02-04"), "{blame}");
    // Plurals agree.
    let log = ok(&["--width", "200", "log", "narcotrafic"]);
    assert!(!log.contains("1 articles"), "{log}");
}

#[test]
fn show_presents_the_amendment_as_tabled_and_as_put_to_the_vote() {
    let s = ok(&["--width", "120", "show", "narcotrafic", "640"]);
    let tabled = s.find("Ce qu’il aurait fait").expect("as tabled");
    let voted = s
        .find("Tel que mis aux voix, après les sous-amendements 997 et 1006")
        .expect("as put to the vote");
    assert!(tabled < voted);
    assert!(
        s.contains("le scrutin public n° 1102 a porté sur ce texte"),
        "{s}"
    );
    // 997 added the proviso « sauf si les fournisseurs susmentionnés… »:
    // it is in the text put to the vote, not in the one tabled.
    let proviso = "sauf si les fournisseurs";
    assert!(!s[tabled..voted].contains(proviso));
    assert!(s[voted..].contains(proviso));
    let json = ok(&["show", "narcotrafic", "640", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["decided_text"], "as-voted");
    assert_eq!(v["as_voted"]["sub_amendments"][0], "997");
    // A sub-amendment has no as-voted text of its own.
    let json = ok(&["show", "narcotrafic", "997", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["decided_text"], "as-tabled");
}

#[test]
fn help_lists_only_the_formats_a_command_writes_with_examples() {
    let log = ok(&["log", "--help"]);
    assert!(log.contains("json"), "{log}");
    assert!(!log.contains("side-by-side"), "{log}");
    assert!(log.contains("Examples:"), "{log}");
    let diff = ok(&["diff", "--help"]);
    assert!(diff.contains("side-by-side"), "{diff}");
    // `log … --at` is an option of log, not a value to escape.
    let at = built().run(&["log", "narcotrafic", "8 ter", "--at", "an-1-commission"]);
    assert_eq!(at.code, 0, "{}", at.stderr);
    assert!(!at.stdout.contains("an-1-seance]"), "stops at the stage");
    // A format given before the command still works, and is checked.
    assert_eq!(
        built()
            .run(&["--format", "json", "log", "narcotrafic"])
            .code,
        0
    );
    let e = err(&["--format", "html", "log", "narcotrafic"]);
    assert!(e.contains("this command writes text or json"), "{e}");
}

#[test]
fn completions_and_man_pages_come_from_the_definitions() {
    let bash = ok(&["completions", "bash"]);
    assert!(bash.contains("amendments") && bash.contains("--no-pager"));
    let man = ok(&["man"]);
    assert!(man.contains(".TH amendo"), "{}", &man[..200.min(man.len())]);
    let dir = built().path().join("man");
    let r = built().run(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.join("amendo-show.1").exists());
}

#[test]
fn an_additional_article_shows_the_article_it_adds() {
    // Amendment 11 proposed a new article after article 10 bis: its diff is
    // that whole new article, not « no change » to article 10 bis.
    let s = ok(&["--width", "100", "show", "narcotrafic", "an-1-seance/11"]);
    assert!(
        s.contains("Article additionnel après l’article 10 bis (amendement n° 11) (ajouté)"),
        "{s}"
    );
    assert!(!s.contains("aucune modification"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.starts_with('+') && l.contains("du code pénal est complété")),
        "{s}"
    );
    let json = ok(&["show", "narcotrafic", "an-1-seance/11", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let diff = &v["diff"];
    assert_eq!(diff["status"], "added", "{diff}");
    assert_eq!(diff["id"], "add-an-1-seance-11", "{diff}");
    assert!(!diff["entries"].as_array().unwrap().is_empty(), "{diff}");
}

#[test]
fn an_article_and_the_additional_articles_after_it_are_asked_apart() {
    // On 8 ter itself: no amendment was inadmissible; after 8 ter, four were.
    let on = ok(&[
        "amendments",
        "narcotrafic",
        "8 ter",
        "--outcome",
        "inadmissible",
    ]);
    assert!(on.contains("aucun amendement ne correspond"), "{on}");
    let after = ok(&["amendments", "narcotrafic", "après 8 ter"]);
    let rows: Vec<&str> = after.lines().filter(|l| l.contains("an-1-")).collect();
    assert_eq!(rows.len(), 4, "{after}");
    assert!(
        rows.iter().all(|r| r.contains("après l’article 8 ter")),
        "{after}"
    );
    let on_8ter = ok(&["amendments", "narcotrafic", "8 ter"]);
    assert!(!on_8ter.contains("après l’article"), "{on_8ter}");
}

#[test]
fn an_article_of_unknown_fate_is_not_a_change() {
    // The joint committee's text → the law: article 8 ter is missing from
    // the part of the law the data holds, so its fate is not known.
    let r = built().run(&["diff", "narcotrafic", "--exit-code"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("narcotrafic : an-cmp → loi : 0 article modifié, 0 inchangé, 1 dont le sort n’est pas connu"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("ce qu’il est devenu n’est pas connu"),
        "{}",
        r.stdout
    );
    let json = ok(&["diff", "narcotrafic", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (v["changed"].as_u64(), v["unknown"].as_u64()),
        (Some(0), Some(1))
    );
    // A known change still exits 1.
    let r = built().run(&[
        "diff",
        "narcotrafic",
        "8 ter",
        "--from",
        "senat-1",
        "--to",
        "an-1-commission",
        "--exit-code",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}

#[test]
fn the_whole_bill_log_counts_articles_in_reading_order() {
    let s = ok(&["--width", "100", "log", "narcotrafic"]);
    let committee: Vec<&str> = s
        .split("\n\n")
        .find(|b| b.contains("[an-1-commission]"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("    ") && l.contains(" : "))
        .collect();
    let at = |t: &str| {
        committee
            .iter()
            .position(|l| l.trim_start().starts_with(t))
            .unwrap_or_else(|| panic!("{t} in {committee:#?}"))
    };
    assert!(at("avant l’article 1er :") < at("article 1er :"));
    assert!(at("article 1er :") < at("après l’article 1er :"));
    assert!(at("après l’article 1er :") < at("article 2 :"));
    assert!(at("article 4 bis A :") < at("article 4 bis :"));
    assert!(at("article 8 ter :") < at("après l’article 8 ter :"));
    assert!(at("après l’article 8 ter :") < at("article 9 :"));
    assert!(s.contains("texte narcotrafic, 6 étapes"), "{s}");
}

#[test]
fn the_amendments_table_keeps_every_column_within_the_width() {
    // Long designations (« article additionnel après … ») and group names
    // are cut with "…" rather than pushing the authors off the screen.
    for width in ["80", "100"] {
        for bill in ["narcotrafic", "pjl07-405"] {
            let s = ok(&["--width", width, "amendments", bill]);
            let w: usize = width.parse().unwrap();
            let head = s.lines().next().unwrap();
            assert!(head.ends_with("auteurs"), "{bill} at {width}: {head}");
            for l in s.lines() {
                assert!(l.chars().count() <= w, "{bill} at {width}: {l}");
            }
        }
    }
}

#[test]
fn why_an_effect_is_not_known_is_said_in_the_bill_s_language() {
    // The data holds the texts of article 8 ter only: CL268 amended
    // article 1er, whose text is not in it.
    let s = ok(&["show", "narcotrafic", "CL268"]);
    assert!(
        s.contains("inconnu : l’article 1er n’est pas dans la partie connue du texte sur lequel il a été déposé"),
        "{s}"
    );
    let json = ok(&["show", "narcotrafic", "CL268", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["effect_unknown"], "article 1er is not in the known text it was tabled on",
        "{json}"
    );
}

/// `show` names every author up to twelve; past that, the first ten and
/// how many more, as the site does.
#[test]
fn show_names_every_author_up_to_twelve() {
    let four = ok(&["--width", "100", "show", "narcotrafic", "an-1-seance/168"]);
    assert!(
        four.contains(
            "Charles Sitzenstuhl, Laure Miller, Anne-Sophie Ronceret et David Amiel (EPR)"
        ),
        "{four}"
    );
    let many = ok(&["--width", "200", "show", "narcotrafic", "an-1-seance/11"]);
    assert!(
        many.contains("Christophe Bentz et 113 autres (RN)"),
        "{many}"
    );
}

/// A long output fits in the pipe it is written to (widened to hold it):
/// amendo finishes writing and exits before anyone reads, where a pipe of
/// the default 64 KB would keep it waiting for the reader.
#[cfg(target_os = "linux")]
#[test]
fn a_long_output_is_written_to_a_pipe_in_one_go() {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let expected = ok(&["amendments", "narcotrafic"]);
    assert!(expected.len() > 128 * 1024, "{}", expected.len());
    let mut child = built()
        .command(&["amendments", "narcotrafic"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("amendo still waits for its reader after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let mut got = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut got)
        .unwrap();
    assert_eq!(got, expected);
}

/// `amendo-synth` reads its arguments as a command does: `--help` helps
/// (it once wrote a project into a folder named « --help »), a count that
/// is not a number is an error, not the default.
#[test]
fn the_synthetic_generator_reads_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let synth = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_amendo-synth"));
        c.current_dir(dir.path());
        c
    };
    let help = synth().arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("[ARTICLES]"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let bad = synth().args(["p", "many"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid value 'many'"));
    assert!(!dir.path().join("p").exists());
    let made = synth().args(["p", "3", "5", "7"]).output().unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(dir.path().join("p/bills").is_dir());
}
