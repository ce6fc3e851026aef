//! Every kind of bad source gets a clear `path:line:column` error, exit code
//! 2, no panic, and leaves the store exactly as it was.

mod common;

use common::{MINI_AMENDMENT, MINI_BILL, MINI_DEPOT, MINI_REJECTED, Project};

/// Builds a good store, applies `breakage`, then checks that `check` and
/// `build` both fail with exit 2, print `expected` (a location and message
/// fragment), never panic, and leave the store untouched.
fn assert_rejected(breakage: impl FnOnce(&Project), expected: &[&str]) {
    let p = Project::mini();
    let built = p.run(&["build"]);
    assert_eq!(
        built.code, 0,
        "the mini project must build: {}",
        built.stderr
    );
    let before = p.store_state();
    breakage(&p);
    for cmd in ["check", "build"] {
        let r = p.run(&[cmd]);
        assert_eq!(r.code, 2, "{cmd} should fail:\n{}{}", r.stdout, r.stderr);
        assert!(
            !r.stderr.contains("panicked"),
            "{cmd} panicked:\n{}",
            r.stderr
        );
        for e in expected {
            assert!(
                r.stderr.contains(e),
                "{cmd}: expected `{e}` in:\n{}",
                r.stderr
            );
        }
        assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    }
    assert_eq!(p.store_state(), before, "the store changed");
    assert_eq!(p.run(&["log", "mini"]).code, 0, "the store is still usable");
}

#[test]
fn first_stage_without_a_text() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/bill.yaml",
                MINI_BILL.replacen("    text: depot.md\n", "", 1),
            );
            std::fs::remove_file(p.path().join("bills/mini/depot.md")).unwrap();
        },
        &["bills/mini/bill.yaml:8:9: the first stage, `depot`, needs a text (`text: FILE.md`"],
    );
}

#[test]
fn an_article_headed_in_another_form_is_not_taken_for_a_division() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/depot.md",
                MINI_DEPOT.replacen("## Article 2", "## Art. 2", 1),
            )
        },
        &[
            "bills/mini/depot.md:",
            "`Art.` starts a division's heading, not an article's: an article's heading reads `## Article 2`",
        ],
    );
}

#[test]
fn unknown_field_in_bill() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/bill.yaml",
                MINI_BILL.replace("language: fr\n", "language: fr\nlangage: fr\n"),
            )
        },
        &["bills/mini/bill.yaml:4:1: unknown field `langage`"],
    );
}

#[test]
fn unknown_field_in_amendment() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                format!("{MINI_AMENDMENT}sort: adopté\n"),
            )
        },
        &["amendments/mini/commission/CL1.yaml:10:1: unknown field `sort`"],
    );
}

#[test]
fn bad_bill_slug() {
    assert_rejected(
        |p| {
            p.write("bills/Mini_Bill/bill.yaml", MINI_BILL);
            p.write("bills/Mini_Bill/depot.md", MINI_DEPOT);
        },
        &["bills/Mini_Bill:1:1: bill folder `Mini_Bill` is not a slug"],
    );
}

#[test]
fn stage_id_with_dots_and_slash() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/bill.yaml",
                MINI_BILL.replace("id: commission", "id: ../commission"),
            )
        },
        &["bills/mini/bill.yaml:14:9: stage id `../commission` is not a slug"],
    );
}

#[test]
fn text_file_outside_the_bill() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/bill.yaml",
                MINI_BILL.replace("text: commission.md", "text: ../other/commission.md"),
            )
        },
        &["bills/mini/bill.yaml:19:11: text file `../other/commission.md` must be a file name"],
    );
}

#[test]
fn unknown_stage_folder() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/seance/1.yaml",
                MINI_AMENDMENT.replace("CL1", "1"),
            )
        },
        &["amendments/mini/seance:1:1: unknown stage `seance`: bill `mini` has depot, commission"],
    );
}

#[test]
fn unknown_article() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("article: \"2\"", "article: \"12 bis\""),
            )
        },
        &[
            "amendments/mini/commission/CL1.yaml:2:10: unknown article 12 bis: the text of stage `depot` has articles 1er, 2",
        ],
    );
}

#[test]
fn duplicate_numbers() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL3.yaml",
                MINI_REJECTED
                    .replace("number: CL2", "number: CL3")
                    .replace("CL3", "CL2"),
            )
        },
        &[
            "amendments/mini/commission/CL3.yaml:1:9: number `CL2` does not match the file name `CL3.yaml`",
        ],
    );
}

#[test]
fn duplicate_numbers_in_one_stage() {
    // Two files claiming the same number: both the mismatch and the duplicate are named.
    assert_rejected(
        |p| p.write("amendments/mini/commission/CL2b.yaml", MINI_REJECTED),
        &["CL2b.yaml:1:9: number `CL2` does not match the file name `CL2b.yaml`"],
    );
}

#[test]
fn missing_parent() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL3.yaml",
                MINI_REJECTED
                    .replace("CL2", "CL3")
                    .replace("outcome: rejected", "parent: CL99\noutcome: rejected"),
            )
        },
        &[
            "amendments/mini/commission/CL3.yaml:7:9: parent amendment CL99 does not exist at stage `commission`",
        ],
    );
}

#[test]
fn missing_identical() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                format!("{MINI_AMENDMENT}identical: [CL7]\n"),
            )
        },
        &["CL1.yaml:10:13: identical amendment CL7 does not exist at stage `commission`"],
    );
}

#[test]
fn decided_before_filed() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("filed: 2025-02-01", "filed: 2025-02-07"),
            )
        },
        &["CL1.yaml:8:10: dates out of order: decided 2025-02-05 before it was filed 2025-02-07"],
    );
}

#[test]
fn stages_out_of_order() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/bill.yaml",
                MINI_BILL.replace("date: 2025-02-10", "date: 2024-12-10"),
            )
        },
        &[
            "bills/mini/bill.yaml:18:11: dates out of order: stage `commission` (2024-12-10) is dated before",
        ],
    );
}

#[test]
fn decided_after_the_stage() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("2025-02-05T10", "2025-03-05T10"),
            )
        },
        &[
            "CL1.yaml:8:10: dates out of order: decided 2025-03-05 after the text of stage `commission`",
        ],
    );
}

#[test]
fn invalid_utf8() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                b"number: CL1\narticle: \"2\"\nauthors:\n  - Jos\xe9\n".as_slice(),
            )
        },
        &["amendments/mini/commission/CL1.yaml:4:8: invalid UTF-8 (byte 0xe9"],
    );
}

#[test]
fn not_yaml_at_all() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                "%PDF-1.4 binary junk\n",
            )
        },
        &["amendments/mini/commission/CL1.yaml:2:1: not valid YAML"],
    );
}

#[test]
fn yaml_that_is_a_list() {
    assert_rejected(
        |p| p.write("amendments/mini/commission/CL1.yaml", "- number: CL1\n"),
        &["amendments/mini/commission/CL1.yaml:1:1: not an amendo YAML mapping"],
    );
}

#[test]
fn yaml_syntax_error() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("authors:\n  - Jeanne Martin", "authors: [Jeanne Martin"),
            )
        },
        &["amendments/mini/commission/CL1.yaml:"],
    );
}

#[test]
fn malformed_date() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("filed: 2025-02-01", "filed: 01/02/2025"),
            )
        },
        &["CL1.yaml:6:8: `01/02/2025` is not a date"],
    );
}

#[test]
fn unknown_outcome() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("outcome: adopted", "outcome: adopté"),
            )
        },
        &["amendments/mini/commission/CL1.yaml:7:"],
    );
}

#[test]
fn a_decision_date_the_data_does_not_give_is_not_made_up() {
    // The Sénat's CSV gives no decision date: such an amendment builds, and
    // `show` says it was adopted without saying when.
    let p = Project::mini();
    p.write(
        "amendments/mini/commission/CL1.yaml",
        MINI_AMENDMENT.replace("decided: 2025-02-05T10:00:00+01:00\n", ""),
    );
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown = p.run(&["show", "mini", "CL1"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let outcome = shown
        .stdout
        .lines()
        .find(|l| l.contains("adopt"))
        .unwrap_or_else(|| panic!("{}", shown.stdout));
    assert!(!outcome.contains("5 "), "{}", shown.stdout);
    let dated = Project::mini();
    dated.run(&["build"]);
    let with_date = dated.run(&["show", "mini", "CL1"]).stdout;
    assert!(
        with_date
            .lines()
            .any(|l| l.contains("adopt") && l.contains("5 ")),
        "{with_date}"
    );
}

#[test]
fn vote_groups_do_not_add_up() {
    let vote = "vote:\n  ballot: \"12\"\n  date: 2025-02-05\n  for: 10\n  against: 3\n  abstentions: 0\n  groups:\n    - {group: A, for: 9, against: 0, abstentions: 0}\n    - {group: B, for: 0, against: 3, abstentions: 0}\n";
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                format!("{MINI_AMENDMENT}{vote}"),
            )
        },
        &[
            "CL1.yaml:13:8: ballot n° 12: the groups add up to 9 for, 3 against, 0 abstentions, not 10, 3, 0",
        ],
    );
}

#[test]
fn vote_contradicts_outcome() {
    let vote =
        "vote:\n  ballot: \"12\"\n  date: 2025-02-05\n  for: 3\n  against: 10\n  abstentions: 0\n";
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                format!("{MINI_AMENDMENT}{vote}"),
            )
        },
        &["CL1.yaml:13:8: the ballot (3 for, 10 against) contradicts the outcome `adopted`"],
    );
}

#[test]
fn unknown_group() {
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL1.yaml",
                MINI_AMENDMENT.replace("group: A", "group: Z"),
            )
        },
        &["CL1.yaml:5:8: unknown group `Z`: add it to `groups:` in bill.yaml"],
    );
}

#[test]
fn hard_wrapped_alinea() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/depot.md",
                MINI_DEPOT.replace("Premier alinéa.", "Premier\nalinéa."),
            )
        },
        &["bills/mini/depot.md:3:8: line break inside an alinéa"],
    );
}

#[test]
fn markdown_list_in_text() {
    assert_rejected(
        |p| {
            p.write(
                "bills/mini/depot.md",
                MINI_DEPOT.replace("Second alinéa.", "1. Second alinéa."),
            )
        },
        &["bills/mini/depot.md:5:1: unexpected Markdown list"],
    );
}

#[test]
fn amendments_for_an_unknown_bill() {
    assert_rejected(
        |p| p.write("amendments/maxi/commission/CL1.yaml", MINI_AMENDMENT),
        &["amendments/maxi:1:1: no bill `maxi` in bills/"],
    );
}

#[test]
fn missing_text_file() {
    assert_rejected(
        |p| p.remove("bills/mini/commission.md"),
        &["bills/mini/bill.yaml:19:11: text file `commission.md` does not exist"],
    );
}

#[test]
fn stray_text_file() {
    assert_rejected(
        |p| p.write("bills/mini/seance.md", MINI_DEPOT),
        &["bills/mini/seance.md:1:1: this text belongs to no stage"],
    );
}

#[test]
fn amendment_number_with_dots() {
    assert_rejected(
        |p| p.write("amendments/mini/commission/CL..1.yaml", MINI_AMENDMENT),
        &["amendments/mini/commission/CL..1.yaml:1:1: `CL..1` is not a valid amendment number"],
    );
}

#[test]
fn every_error_in_one_run() {
    let p = Project::mini();
    p.write(
        "amendments/mini/commission/CL1.yaml",
        MINI_AMENDMENT.replace("group: A", "group: Z"),
    );
    p.write(
        "amendments/mini/commission/CL2.yaml",
        MINI_REJECTED.replace("article: \"1er\"", "article: \"9\""),
    );
    p.write(
        "bills/mini/depot.md",
        MINI_DEPOT.replace("Premier alinéa.", "Premier\nalinéa."),
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("3 errors in the sources"), "{}", r.stderr);
    assert!(
        r.stderr.contains("  ^"),
        "a caret points at the column:\n{}",
        r.stderr
    );
    assert!(!p.store().exists(), "check writes nothing");
}

#[test]
fn not_a_project() {
    let p = Project::empty();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read the bills folder"),
        "{}",
        r.stderr
    );
}

/// MINI_REJECTED with a ballot whose roll is in `ballots/7.yaml`.
fn with_roll(p: &Project, roll: Option<&str>, keep: &str) {
    let vote = "vote:\n  ballot: \"7\"\n  date: 2025-02-05\n  for: 1\n  against: 2\n  abstentions: 0\n  members: \"ballots/7.yaml\"\n";
    p.write(
        "amendments/mini/commission/CL2.yaml",
        format!("{MINI_REJECTED}{vote}{keep}"),
    );
    if let Some(roll) = roll {
        p.write("amendments/mini/commission/ballots/7.yaml", roll);
    }
}

#[test]
fn ballot_roll_missing_or_wrong() {
    assert_rejected(
        |p| with_roll(p, None, ""),
        &["amendments/mini/commission/CL2.yaml:19:12: `members: ballots/7.yaml`: no such file"],
    );
    assert_rejected(
        |p| {
            with_roll(
                p,
                Some(
                    "ballot: \"7\"\nmembers:\n  - {name: \"A\", group: \"A\", vote: for}\n  - {name: \"B\", group: \"B\", vote: for}\n",
                ),
                "",
            )
        },
        &[
            "amendments/mini/commission/ballots/7.yaml:1:9: the roll of ballot n° 7 has 2 for, 0 against, 0 abstentions, but the vote says 1, 2, 0",
        ],
    );
    assert_rejected(
        |p| with_roll(p, Some("ballot: \"7\"\nmembers: []\n"), "keep: [nothing]\n"),
        &["CL2.yaml:20:8: `keep: nothing` names no imported field"],
    );
}

/// A ballot no amendment's vote names (one on an article or the whole
/// text), in `commission/ballots/9.yaml`.
const LONE_BALLOT: &str = "ballot: \"9\"\ndate: 2025-02-06\nquestion: \"l'ensemble du texte\"\nresult: adopted\nvoting: 3\ncast: 3\nfor: 2\nagainst: 1\nabstentions: 0\ngroups:\n  - {group: A, for: 2, against: 0, abstentions: 0}\n  - {group: B, for: 0, against: 1, abstentions: 0}\nmembers:\n  - {name: \"Jeanne Martin\", group: \"A\", vote: for}\n  - {name: \"Luc Petit\", group: \"A\", vote: for}\n  - {name: \"Paul Durand\", group: \"B\", vote: against}\n";

fn lone_ballot(p: &Project, text: &str) {
    p.write("amendments/mini/commission/ballots/9.yaml", text);
}

#[test]
fn a_ballot_on_no_amendment_is_checked() {
    // The good one builds and is answered.
    let p = Project::mini();
    lone_ballot(&p, LONE_BALLOT);
    let r = p.run(&["build", "--no-site"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = p.run(&["ballot", "mini", "9"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Objet : l'ensemble du texte"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("— adopté"), "{}", r.stdout);

    let path = "amendments/mini/commission/ballots/9.yaml";
    assert_rejected(
        |p| lone_ballot(p, "ballot: \"9\"\nmembers: []\n"),
        &[&format!(
            "{path}:1:9: no amendment's vote names this ballot, so it needs its own `date:`, `result:`, `for:`, `against:`, `abstentions:`"
        )],
    );
    assert_rejected(
        |p| lone_ballot(p, &LONE_BALLOT.replace("ballot: \"9\"", "ballot: \"10\"")),
        &[&format!(
            "{path}:1:9: ballot `10` does not match the file name `9.yaml`"
        )],
    );
    assert_rejected(
        |p| {
            lone_ballot(
                p,
                &LONE_BALLOT
                    .replace("result: adopted", "result: rejected")
                    .replace("for: 2\nagainst: 1", "for: 1\nagainst: 2")
                    .replace("result: rejected", "result: adopted"),
            )
        },
        &[&format!(
            "{path}:4:9: the ballot is said adopted with 1 for and 2 against"
        )],
    );
    assert_rejected(
        |p| {
            lone_ballot(
                p,
                &LONE_BALLOT.replace("result: adopted", "result: withdrawn"),
            )
        },
        &[&format!(
            "{path}:4:9: a ballot's result is `adopted` or `rejected`, not `withdrawn`"
        )],
    );
    assert_rejected(
        |p| {
            lone_ballot(
                p,
                &LONE_BALLOT.replace("{group: A, for: 2", "{group: A, for: 1"),
            )
        },
        &[&format!(
            "{path}:7:6: ballot n° 9: the groups add up to 1 for, 1 against, 0 abstentions, not 2, 1, 0"
        )],
    );
    assert_rejected(
        |p| lone_ballot(p, &LONE_BALLOT.replace("{group: B,", "{group: C,")),
        &[&format!(
            "{path}:12:13: unknown group `C` in ballot n° 9: add it to `groups:` in bill.yaml"
        )],
    );
    assert_rejected(
        |p| {
            lone_ballot(
                p,
                &LONE_BALLOT.replace("group: \"B\", vote: against", "group: \"B\", vote: for"),
            )
        },
        &[&format!(
            "{path}:1:9: the roll of ballot n° 9 has 3 for, 0 against, 0 abstentions, but the ballot says 2, 1, 0"
        )],
    );
    assert_rejected(
        |p| {
            lone_ballot(
                p,
                &LONE_BALLOT.replace("date: 2025-02-06", "date: 2025-03-06"),
            )
        },
        &[&format!(
            "{path}:2:7: dates out of order: ballot on 2025-03-06 after the text of stage `commission` (2025-02-10)"
        )],
    );
}

#[test]
fn a_roll_holds_no_counts_and_a_ballot_is_recorded_once() {
    // A roll named by a vote: its counts are the vote's, in the amendment.
    assert_rejected(
        |p| {
            with_roll(
                p,
                Some(
                    "ballot: \"7\"\nfor: 1\nmembers:\n  - {name: \"A\", group: \"A\", vote: for}\n  - {name: \"B\", group: \"B\", vote: against}\n  - {name: \"C\", group: \"B\", vote: against}\n",
                ),
                "",
            )
        },
        &[
            "amendments/mini/commission/ballots/7.yaml:2:6: `for:` of ballot n° 7 belongs in the vote of the amendment that names this roll, not here",
        ],
    );
    // The same ballot as an amendment's vote and as a ballot of its own.
    assert_rejected(
        |p| {
            p.write(
                "amendments/mini/commission/CL2.yaml",
                format!("{MINI_REJECTED}vote:\n  ballot: \"9\"\n  date: 2025-02-05\n  for: 1\n  against: 2\n  abstentions: 0\n"),
            );
            lone_ballot(
                p,
                &LONE_BALLOT
                    .replace("result: adopted", "result: rejected")
                    .replace("for: 2\nagainst: 1", "for: 1\nagainst: 2")
                    .replace(
                        "{group: A, for: 2, against: 0",
                        "{group: A, for: 1, against: 1",
                    )
                    .replace(
                        "\"Luc Petit\", group: \"A\", vote: for",
                        "\"Luc Petit\", group: \"A\", vote: against",
                    ),
            );
        },
        &[
            "amendments/mini/commission/ballots/9.yaml:1:1: ballot n° 9 is also the vote of amendment CL2 (amendments/mini/commission/CL2.yaml)",
        ],
    );
}

/// One mistake gives one error: what another file names through the file
/// at fault, or the stages after a bad date, are not reported again.
#[test]
fn one_mistake_one_error() {
    let p = Project::dataset();
    let bill = "bills/narcotrafic/bill.yaml";
    let amendment = "amendments/narcotrafic/an-1-seance/640.yaml";
    let (bill_yaml, a640) = (p.read(bill), p.read(amendment));
    let cases: [(&str, String, &str, &str); 4] = [
        (
            // 640's parent of 978, identical to 655 and 846, names a roll.
            amendment,
            a640.replace("\noutcome: rejected\n", "\noutcome: rejetee\n"),
            "an-1-seance/640.yaml:7:10: unknown variant `rejetee`",
            "1 error in the sources",
        ),
        (
            amendment,
            a640.replace("\noutcome: rejected\n", "\n"),
            "an-1-seance/640.yaml:1:1: missing field `outcome`",
            "1 error in the sources",
        ),
        (
            amendment,
            a640.replace("\n  for: 24\n", "\n  for: -24\n"),
            "an-1-seance/640.yaml:179:8: invalid number: expected a whole number, 0 or more",
            "1 error in the sources",
        ),
        (
            bill,
            bill_yaml.replacen("    date: 2025-02-04\n", "    date: 2025-13-45\n", 1),
            "bill.yaml:38:11: `2025-13-45` is not a date",
            "1 error in the sources",
        ),
    ];
    for (file, broken, error, count) in cases {
        assert_ne!(&broken, if file == bill { &bill_yaml } else { &a640 });
        p.write(file, &broken);
        let r = p.run(&["check"]);
        assert_eq!(r.code, 2, "{}", r.stdout);
        assert!(r.stderr.contains(error), "{error}:\n{}", r.stderr);
        assert!(r.stderr.contains(count), "{error}:\n{}", r.stderr);
        p.write(bill, &bill_yaml);
        p.write(amendment, &a640);
    }
    assert_eq!(p.run(&["check"]).code, 0);
}

/// `amendo serve` keeps the amendment files it parsed between builds: a load
/// that takes them from there gives what a fresh load gives, a changed file
/// is read as changed, and an error is still reported where it is.
#[test]
fn a_load_reusing_parsed_files_gives_what_a_fresh_load_gives() {
    use amendo::source::{Parsed, Reuse, load_project, load_project_with};
    let p = Project::mini();
    let parsed = Parsed::default();
    let reuse = || Reuse {
        parsed: Some(&parsed),
        hashes: None,
    };
    let first = load_project_with(p.path(), reuse()).unwrap();
    assert!(!parsed.is_empty());
    assert_eq!(first, load_project(p.path()).unwrap());
    p.write(
        "amendments/mini/commission/CL2.yaml",
        MINI_REJECTED.replace("Paul Durand", "Paul Dupont"),
    );
    let again = load_project_with(p.path(), reuse()).unwrap();
    assert_eq!(again, load_project(p.path()).unwrap());
    assert_ne!(again, first);
    p.write(
        "amendments/mini/commission/CL1.yaml",
        MINI_AMENDMENT.replace("outcome: adopted", "outcome: adoptd"),
    );
    let reused = load_project_with(p.path(), reuse()).unwrap_err();
    let fresh = load_project(p.path()).unwrap_err();
    assert_eq!(reused.to_string(), fresh.to_string());
    assert!(
        reused
            .to_string()
            .contains("amendments/mini/commission/CL1.yaml:7:"),
        "{reused}"
    );
}

/// What one build parsed, kept on disk for the next (`Parsed::read`,
/// `Parsed::write`), gives what parsing again gives: a file whose text
/// changed is parsed again, an error found after parsing points at the
/// line the kept positions say, and a file cut short or written by another
/// amendo is only parsed again.
#[test]
fn a_load_reusing_what_the_last_build_kept_gives_what_a_fresh_load_gives() {
    use amendo::source::{Parsed, Reuse, load_project, load_project_with};
    let p = Project::mini();
    let kept = p.path().join("parsed");
    // As a build loads: with what the last one kept, and the content hash
    // of each file as its scan found them (a file whose parse was kept
    // under that hash is not read).
    let load_kept = || {
        let parsed = Parsed::read(&kept, "amendo 1");
        let hashes = amendo::store::sources::scan(p.path(), None)
            .unwrap()
            .hashes();
        let reuse = Reuse {
            parsed: Some(&parsed),
            hashes: Some(&hashes),
        };
        let loaded = load_project_with(p.path(), reuse);
        parsed.write(&kept).unwrap();
        (loaded, parsed)
    };
    let (first, parsed) = load_kept();
    assert_eq!(first.unwrap(), load_project(p.path()).unwrap());
    assert!(parsed.is_empty(), "nothing was kept yet");
    let (again, parsed) = load_kept();
    assert!(!parsed.is_empty(), "what the first load parsed was kept");
    assert_eq!(again.unwrap(), load_project(p.path()).unwrap());
    // A changed file is parsed again.
    p.write(
        "amendments/mini/commission/CL2.yaml",
        MINI_REJECTED.replace("Paul Durand", "Paul Dupont"),
    );
    let (changed, _) = load_kept();
    let changed = changed.unwrap();
    assert_eq!(changed, load_project(p.path()).unwrap());
    assert!(format!("{changed:?}").contains("Paul Dupont"));
    // A file edited again and again adds a line each time, and the file
    // is written again whole before it holds many more lines than files.
    for k in 0..40 {
        p.write(
            "amendments/mini/commission/CL2.yaml",
            MINI_REJECTED.replace("Paul Durand", &format!("Paul Dupont {k}")),
        );
        let (loaded, _) = load_kept();
        assert_eq!(loaded.unwrap(), load_project(p.path()).unwrap());
        let lines = std::fs::read_to_string(&kept).unwrap().lines().count();
        assert!(lines <= 2 + 2 + 1 + 16 + 1, "{lines} lines after {k} edits");
    }
    // An error a check finds after parsing (an identical amendment that
    // does not exist) is reported at the line the kept position gives.
    p.write(
        "amendments/mini/commission/CL1.yaml",
        format!("{MINI_AMENDMENT}identical:\n  - CL99\n"),
    );
    let (_, _) = load_kept();
    let (reused, parsed) = load_kept();
    assert!(!parsed.is_empty());
    let fresh = load_project(p.path()).unwrap_err();
    let reused = reused.unwrap_err();
    assert_eq!(reused.to_string(), fresh.to_string());
    assert!(
        reused
            .to_string()
            .contains("amendments/mini/commission/CL1.yaml:11:"),
        "{reused}"
    );
    // A file whose parse was kept under the hash the scan gives is not
    // read at all: with the hashes of a scan made before it was spoiled,
    // the load takes what was kept (the next scan sees the change).
    p.write("amendments/mini/commission/CL1.yaml", MINI_AMENDMENT);
    let (clean, _) = load_kept();
    let clean = clean.unwrap();
    let hashes = amendo::store::sources::scan(p.path(), None)
        .unwrap()
        .hashes();
    p.write("amendments/mini/commission/CL1.yaml", "number: [spoiled\n");
    let parsed = Parsed::read(&kept, "amendo 1");
    let reuse = Reuse {
        parsed: Some(&parsed),
        hashes: Some(&hashes),
    };
    assert_eq!(load_project_with(p.path(), reuse).unwrap(), clean);
    assert!(load_kept().0.is_err(), "the next scan sees the change");
    p.write(
        "amendments/mini/commission/CL1.yaml",
        format!("{MINI_AMENDMENT}identical:\n  - CL99\n"),
    );
    let (_, _) = load_kept();
    // A file cut in the middle of a line, or written by another amendo.
    let text = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(&kept, &text[..text.len() - 30]).unwrap();
    let (cut, _) = load_kept();
    assert_eq!(cut.unwrap_err().to_string(), fresh.to_string());
    let text = std::fs::read_to_string(&kept).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1] = "another amendo";
    std::fs::write(&kept, lines.join("\n") + "\n").unwrap();
    let parsed = Parsed::read(&kept, "amendo 1");
    assert!(parsed.is_empty(), "another amendo's file is not read");
    let reuse = Reuse {
        parsed: Some(&parsed),
        hashes: None,
    };
    assert_eq!(
        load_project_with(p.path(), reuse).unwrap_err().to_string(),
        fresh.to_string()
    );
}
