//! Importers on trimmed real files (tests/fixtures/, copied byte for byte from
//! the shared data, plus two broken files): AN open data, Akoma Ntoso.

mod common;

use std::fs;
use std::path::Path;

use amendo::import::akn;
use amendo::model::{Item, Line};
use amendo::source;
use common::Project;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The narcotrafic bill (bill.yaml and texts), without amendments.
fn narcotrafic_bill() -> Project {
    let p = Project::dataset();
    fs::remove_dir_all(p.path().join("amendments")).unwrap();
    p
}

/// Every file under the project's sources, with its content.
fn snapshot(p: &Project) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    for top in ["bills", "amendments"] {
        walk(&p.path().join(top), p.path(), &mut out);
    }
    out.sort();
    out
}

#[test]
fn an_import_reads_amendments_ballots_people_and_reports_broken_files() {
    let p = narcotrafic_bill();
    let r = p.run(&[
        "import",
        "an",
        &fixture("an-narcotrafic"),
        "--bill",
        "narcotrafic",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Broken files are named, with the reason, and skipped.
    assert!(
        r.stderr
            .contains("truncated-979.json: not valid JSON: line 1, column"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("not-an-amendment.json: not AN open data"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("amendments: 8"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("by stage: an-1-commission 2, an-1-seance 6"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("ballots linked to amendments: 2"),
        "{}",
        r.stdout
    );
    let a640 = p.read("amendments/narcotrafic/an-1-seance/640.yaml");
    for fact in [
        "article: \"8 ter\"",
        "  - \"Olivier Marleix\"",
        "group: \"DR\"",
        "outcome: rejected",
        "decided: 2025-03-20T23:52:15+01:00",
        "identical: [\"655\", \"846\"]",
        "  Rétablir cet article dans la rédaction suivante\u{a0}:",
        "  ballot: \"1102\"",
        "  for: 24\n  against: 119\n  abstentions: 6",
        "{group: \"EcoS\", members: 38, for: 0, against: 14, abstentions: 0, not_voting: 0}",
        "  members: \"ballots/1102.yaml\"",
    ] {
        assert!(a640.contains(fact), "missing {fact:?} in\n{a640}");
    }
    // Sub-amendments know their parent; identical sub-amendments each other.
    let a997 = p.read("amendments/narcotrafic/an-1-seance/997.yaml");
    assert!(
        a997.contains("parent: \"640\"") && a997.contains("identical: [\"1006\"]"),
        "{a997}"
    );
    // The roll: every member's vote, names from acteurs/ where given.
    let roll = p.read("amendments/narcotrafic/an-1-seance/ballots/1102.yaml");
    assert_eq!(roll.matches("vote: for}").count(), 24);
    assert_eq!(roll.matches("vote: against}").count(), 119);
    assert!(
        roll.contains("{name: \"Olivier Marleix\", group: \"DR\", vote: for}"),
        "{roll}"
    );
    // The vote on the whole text decided no amendment: it is kept whole,
    // in the floor stage it was held in, with the Assemblée's wording.
    assert!(
        r.stdout.contains("ballots kept on their own: 1"),
        "{}",
        r.stdout
    );
    let whole = p.read("amendments/narcotrafic/an-1-seance/ballots/1194.yaml");
    for fact in [
        "ballot: \"1194\"\ndate: 2025-04-01\n",
        "question: \"l'ensemble de la proposition de loi visant à sortir la France du piège du narcotrafic (première lecture).\"",
        "majority: \"Majorité absolue des suffrages exprimés\"",
        "result: adopted",
        "voting: 550\ncast: 511\nfor: 436\nagainst: 75\nabstentions: 39\n",
        "  - {group: \"EcoS\", members: 38, for: 1, against: 3, abstentions: 28, not_voting: 0}",
        "source: \"Données ouvertes de l’Assemblée nationale, scrutin VTANR5L17V1194\"",
    ] {
        assert!(whole.contains(fact), "missing {fact:?} in\n{whole}");
    }
    assert_eq!(whole.matches("vote: for}").count(), 436);
    // The roll of a ballot on an amendment says what was put to the vote.
    assert!(
        roll.contains("question: \"l'amendement n° 640 de M. Marleix"),
        "{roll}"
    );
    // People not in the trimmed acteurs/ are named as the signatories label
    // names them, with a warning, once a person however many amendments
    // they sign.
    assert!(
        r.stderr.contains("is not in the input's acteurs"),
        "{}",
        r.stderr
    );
    let warned: Vec<&str> = r
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: person "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    let once: std::collections::BTreeSet<&&str> = warned.iter().collect();
    assert_eq!(once.len(), warned.len(), "{warned:?}");
    // What was written is valid and tells the 8 ter story.
    let check = p.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let show = p.run(&["build"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let s = p.run(&["show", "narcotrafic", "640"]).stdout;
    assert!(
        s.contains("Pour (24)") && s.contains("Olivier Marleix"),
        "{s}"
    );
}

#[test]
fn an_import_twice_changes_nothing_and_keeps_curated_fields() {
    let p = narcotrafic_bill();
    let dir = fixture("an-narcotrafic");
    let args = ["import", "an", dir.as_str(), "--bill", "narcotrafic"];
    assert_eq!(p.run(&args).code, 0);
    let first = snapshot(&p);
    let again = p.run(&args);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("Nothing to change"),
        "{}",
        again.stdout
    );
    assert_eq!(snapshot(&p), first);
    // A person adds a note to a ballot, explicit operations, and protects a
    // corrected author list; the re-import keeps all three.
    let path = "amendments/narcotrafic/an-1-seance/640.yaml";
    let edited = p
        .read(path)
        .replace(
            "  source: \"Données ouvertes de l’Assemblée nationale, scrutin VTANR5L17V1102\"",
            "  note: \"Roll call at the microphone.\"\n  source: \"Données ouvertes de l’Assemblée nationale, scrutin VTANR5L17V1102\"",
        )
        .replace("  - \"Olivier Marleix\"", "  - \"Olivier Marleix (corrected)\"")
        + "keep: [authors]\n";
    assert!(edited.contains("note: \"Roll call"), "the note was added");
    p.write(path, &edited);
    // And a note on a ballot kept on its own, with a comment above it.
    let whole = "amendments/narcotrafic/an-1-seance/ballots/1194.yaml";
    let noted = format!(
        "# checked on the official page\n{}",
        p.read(whole)
            .replace("\nsource: ", "\nnote: \"Vote solennel.\"\nsource: ")
    );
    assert!(
        noted.contains("note: \"Vote solennel.\""),
        "the note was added"
    );
    p.write(whole, &noted);
    let r = p.run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Nothing to change"), "{}", r.stdout);
    assert_eq!(p.read(path), edited);
    assert_eq!(p.read(whole), noted);
}

/// An existing amendment file the import cannot read as text is an error
/// naming it, and is left as it was, never replaced by the imported one
/// (it may hold hand-kept fields).
#[test]
fn an_import_never_replaces_a_file_it_cannot_read() {
    let p = narcotrafic_bill();
    let dir = fixture("an-narcotrafic");
    let args = ["import", "an", dir.as_str(), "--bill", "narcotrafic"];
    assert_eq!(p.run(&args).code, 0);
    let path = "amendments/narcotrafic/an-1-seance/640.yaml";
    let mut spoiled = p.read(path).into_bytes();
    spoiled.extend_from_slice(b"note: \xff\n");
    p.write(path, &spoiled);
    let before = snapshot(&p);
    let r = p.run(&args);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains(path) && r.stderr.contains("UTF-8"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&p), before, "nothing was written");
}

#[test]
fn an_import_refuses_whole_when_strict_or_when_stages_are_missing() {
    let p = narcotrafic_bill();
    let before = snapshot(&p);
    let r = p.run(&[
        "import",
        "an",
        &fixture("an-narcotrafic"),
        "--bill",
        "narcotrafic",
        "--strict",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--strict given: nothing was written"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&p), before);
    // A bill whose stages do not carry the amended texts' numbers.
    let yaml = p
        .read("bills/narcotrafic/bill.yaml")
        .replace("number: \"1043\"", "number: \"9999\"");
    p.write("bills/narcotrafic/bill.yaml", &yaml);
    let before = snapshot(&p);
    let r = p.run(&[
        "import",
        "an",
        &fixture("an-narcotrafic"),
        "--bill",
        "narcotrafic",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("6 amendments are tabled on text n° 1043 (PIONANR5L17BTC1043), but no stage of bills/narcotrafic/bill.yaml has `number: \"1043\"`"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&p), before);
}

#[test]
fn an_import_keeps_credit_transfers() {
    let p = Project::empty();
    p.write(
        "bills/plf2025/bill.yaml",
        "title: Projet de loi de finances pour 2025\njurisdiction: fr\nlanguage: fr\nstages:\n  - id: depot\n    label: Tabled\n    chamber: assemblee\n    kind: introduced\n    date: 2024-10-10\n    number: \"324\"\n    text: depot.md\n  - id: an-1\n    label: First reading\n    chamber: assemblee\n    kind: floor\n    date: 2024-11-12\n",
    );
    p.write(
        "bills/plf2025/depot.md",
        "> [!GAP] The text of the bill is not in this dataset.\n",
    );
    // The committees' amendments (I-CF516, II-AC1) and the sitting's
    // (II-3623) are all tabled on text n° 324: without a committee stage,
    // nothing is written rather than committee amendments shown as the
    // sitting's.
    let r = p.run(&["import", "an", &fixture("an-plf2025"), "--bill", "plf2025"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("2 amendments examined in committee are tabled on text n° 324 (PRJLANR5L17B0324), but no stage with kind: committee follows `depot` before the next text: add one after `depot`"),
        "{}",
        r.stderr
    );
    assert!(!p.path().join("amendments").exists());
    // The budget bill's committee adopts no text: its stage carries no
    // number, and the sitting examines text n° 324 after it.
    p.write(
        "bills/plf2025/bill.yaml",
        "title: Projet de loi de finances pour 2025\njurisdiction: fr\nlanguage: fr\nstages:\n  - id: depot\n    label: Tabled\n    chamber: assemblee\n    kind: introduced\n    date: 2024-10-10\n    number: \"324\"\n    text: depot.md\n  - id: an-1-commission\n    label: Committees\n    chamber: assemblee\n    kind: committee\n    date: 2024-10-25\n  - id: an-1\n    label: First reading\n    chamber: assemblee\n    kind: floor\n    date: 2024-11-12\n",
    );
    p.write(
        "bills/plf2025/depot.md",
        "> [!GAP] The text of the bill is not in this dataset.\n",
    );
    let r = p.run(&["import", "an", &fixture("an-plf2025"), "--bill", "plf2025"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("credit transfer 1"), "{}", r.stdout);
    assert!(
        p.path()
            .join("amendments/plf2025/an-1/II-3623.yaml")
            .exists()
    );
    assert!(
        p.path()
            .join("amendments/plf2025/an-1-commission/I-CF516.yaml")
            .exists()
    );
    let a = p.read("amendments/plf2025/an-1-commission/II-AC1.yaml");
    assert!(
        a.contains("  - {mission: \"Culture\", programme: \"Transmission des savoirs et démocratisation de la culture\", commitments: 500000, payments: 500000}"),
        "{a}"
    );
    assert!(a.contains("article: \"ÉTAT B\""), "{a}");
    assert_eq!(p.run(&["build"]).code, 0);
    let show = p.run(&["--width", "400", "show", "plf2025", "II-AC1"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    // The transfer as a table: mission, programme, « + » and « − » columns.
    assert!(
        show.stdout.lines().any(|l| l
            .trim_start()
            .starts_with("Culture  Transmission des savoirs et démocratisation de la culture")
            && l.contains("500\u{202f}000")),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains("Un transfert de crédits entre 4 programmes : il modifie des montants de l’annexe budgétaire (le tableau ci-dessus), pas le texte."),
        "{}",
        show.stdout
    );
    // Its dispositif is the table: no empty « Dispositif » heading, and its
    // effect is not called unknown.
    assert!(!show.stdout.contains("Dispositif"), "{}", show.stdout);
    assert!(!show.stdout.contains("inconnu"), "{}", show.stdout);
    // The same in every format of `show`.
    for format in ["markdown", "html", "unified"] {
        let r = p.run(&["show", "plf2025", "II-AC1", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout
                .contains("Un transfert de crédits entre 4 programmes")
                && !r.stdout.contains("nconnu"),
            "{format}: {}",
            r.stdout
        );
    }
    let page = p.read("public/bills/plf2025/amendments/an-1-commission/II-AC1.html");
    assert!(page.contains("Un transfert de crédits : il modifie des montants de l’annexe budgétaire (le tableau ci-dessous), pas le texte."), "{page}");
    assert!(!page.contains("id=\"instruction\""), "{page}");
    assert!(!page.contains("n’a pas pu être calculé"), "{page}");
    // The article's log says what it does, not that its effect is unknown,
    // and has no empty line where a dispositif would be.
    let log = p.run(&["--width", "100", "log", "plf2025", "ÉTAT B"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    assert!(
        log.stdout.contains(
            "(un transfert de crédits entre 4 programmes : il modifie des montants de l’annexe"
        ),
        "{}",
        log.stdout
    );
    assert!(!log.stdout.contains("n’est pas calculé"), "{}", log.stdout);
    assert!(
        !log.stdout
            .lines()
            .any(|l| !l.is_empty() && l.trim().is_empty()),
        "{}",
        log.stdout
    );
    // Nor is it listed among the amendments whose effect is not known.
    let unknown = p.read("public/bills/plf2025/unknown.html");
    assert!(!unknown.contains("II-AC1"), "{unknown}");
}

#[test]
fn akn_export_then_import_gives_the_same_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = source::load_project(root).unwrap();
    let mut stages = 0;
    for data in &project.bills {
        for (si, stage) in data.bill.stages.iter().enumerate() {
            let Some(text) = data.texts.get(&stage.id) else {
                continue;
            };
            let xml = akn::export(&data.bill, si, text);
            assert!(xml.contains(
                "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"
            ));
            let doc = akn::parse(&xml).unwrap_or_else(|e| {
                panic!(
                    "{} {}: {}:{}: {}",
                    data.bill.slug, stage.id, e.line, e.column, e.message
                )
            });
            assert_eq!(&doc.text, text, "{} at {}", data.bill.slug, stage.id);
            assert_eq!(doc.date, Some(stage.date));
            stages += 1;
        }
    }
    assert!(stages > 100, "{stages} stage texts round-tripped");
}

#[test]
fn akn_export_names_elements_by_convention() {
    let p = Project::dataset();
    assert_eq!(p.run(&["build"]).code, 0);
    let r = p.run(&["export", "akn", "narcotrafic", "--at", "senat-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for fact in [
        "<FRBRthis value=\"/akn/fr/bill/2025-02-04/narcotrafic/fra@2025-02-04/!main\"/>",
        "<article eId=\"art_8ter\">",
        "<num>Article 8 ter</num>",
        "<paragraph eId=\"art_8ter__para_1\"><content><p>",
        "name=\"gap\"",
    ] {
        assert!(r.stdout.contains(fact), "missing {fact} in\n{}", r.stdout);
    }
    // Imported back as a new bill, the text is the same.
    let xml = p.path().join("8ter.akn.xml");
    fs::write(&xml, &r.stdout).unwrap();
    let i = p.run(&["import", "akn", xml.to_str().unwrap(), "--bill", "back"]);
    assert_eq!(i.code, 0, "{}", i.stderr);
    assert_eq!(p.run(&["build"]).code, 0);
    let original = p
        .run(&["text", "narcotrafic", "8 ter", "--at", "senat-1"])
        .stdout;
    let back = p.run(&["text", "back", "8 ter"]).stdout;
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&back), body(&original));
    // The document says it is French (`FRBRlanguage language="fra"`): the
    // new bill is French, and so is the note the import leaves.
    let meta = p.read("bills/back/bill.yaml");
    assert!(meta.contains("language: \"fr\"\n"), "{meta}");
    assert!(
        meta.contains("Importé avec `amendo import akn` depuis 8ter.akn.xml (Akoma Ntoso 3.0, espace de noms définitif"),
        "{meta}"
    );
    assert!(!meta.contains("Imported with"), "{meta}");
}

#[test]
fn akn_samples_import_in_draft_and_final_namespaces() {
    let shared = |f: &str| fixture(&format!("akn/{f}"));
    let source = fs::read_to_string(shared("it-senato-leg17-ddl3-ddlpres.akn.xml")).unwrap();
    let doc = akn::parse(&source).unwrap();
    assert!(doc.namespace.ends_with("/CSD02"), "{}", doc.namespace);
    let articles: Vec<_> = doc.text.articles().collect();
    assert_eq!(articles.len(), 2);
    assert!(
        matches!(&articles[0].lines[0], Line::Alinea(t) if t.starts_with("1. L'articolo 1, comma 2"))
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Riforma della geografia giudiziaria")
    );
    let source = fs::read_to_string(shared("indigo-fixture-basic_in.akn.xml")).unwrap();
    let doc = akn::parse(&source).unwrap();
    assert_eq!(doc.kind, "act");
    assert!(doc.text.articles().count() >= 2);
    assert!(doc.text.items.iter().any(|i| matches!(i, Item::Article(a) if a.lines.iter().any(|l| matches!(l, Line::Alinea(t) if t == "(a) And subsec one has a para (a)")))));
    // An amendment document has no article body: a clear refusal.
    let source = fs::read_to_string(shared("it-senato-leg13-ddl755-emend-1.1.akn.xml")).unwrap();
    let e = akn::parse(&source).unwrap_err();
    assert!(
        e.message
            .contains("it is an Akoma Ntoso `<amendment>` document"),
        "{e:?}"
    );
    // Broken XML: the line is given, nothing is written.
    let p = Project::empty();
    p.write("broken.akn.xml", "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n<bill>\n<body>\n<article><num>1</num>\n</bill>\n");
    let r = p.run(&[
        "import",
        "akn",
        p.path().join("broken.akn.xml").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("broken.akn.xml:5:"), "{}", r.stderr);
    assert!(!p.path().join("bills/broken").exists());
}

/// A bill of the Italian Senate for the amendment samples: its text as
/// the Camera passed it is not in the data (a gap), and the Senate's
/// sitting examined the amendments.
const DDL10: &str = "title: Introduzione del delitto di tortura\njurisdiction: ita\nlanguage: it\nstages:\n  - id: camera\n    label: Testo della Camera\n    chamber: Camera dei Deputati\n    kind: introduced\n    date: 2016-06-01\n    number: \"10-362-388-395-849-874-B\"\n    text: camera.md\n  - id: assemblea\n    label: Senato, Assemblea\n    chamber: Senato della Repubblica\n    kind: floor\n    date: 2016-07-14\n";

#[test]
fn akn_amendment_documents_import_as_amendments_of_a_bill() {
    let shared = |f: &str| fixture(&format!("akn/{f}"));
    let p = Project::empty();
    p.write("bills/ddl10/bill.yaml", DDL10);
    p.write(
        "bills/ddl10/camera.md",
        "## Article 1\n\n> [!GAP] The text is not in this dataset.\n",
    );
    let one = shared("it-senato-leg17-ddl10-B-emend-1.202.akn.xml");
    let other = shared("it-senato-leg13-ddl755-emend-1.1.akn.xml");
    // Without --bill: refused, with what to give.
    let r = p.run(&["import", "akn", &one]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("give --bill BILL"), "{}", r.stderr);
    // An amendment to another text (DDL 755): no stage carries it, nothing
    // is written.
    let r = p.run(&["import", "akn", &one, &other, "--bill", "ddl10"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "it amends text 755, and no stage of bills/ddl10/bill.yaml has `number: \"755\"`"
        ),
        "{}",
        r.stderr
    );
    assert!(!p.path().join("amendments").exists());
    // A bill document among amendments: refused.
    let r = p.run(&[
        "import",
        "akn",
        &one,
        &shared("it-senato-leg17-ddl3-ddlpres.akn.xml"),
        "--bill",
        "ddl10",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("an Akoma Ntoso <bill> document, among amendment documents"),
        "{}",
        r.stderr
    );
    // The stage that examined amendments on text 10-…-B: the Senate's
    // sitting; the article from the Senate's numbering (1.202: article 1).
    let r = p.run(&["import", "akn", &one, "--bill", "ddl10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written =
        fs::read_to_string(p.path().join("amendments/ddl10/assemblea/1.202.yaml")).unwrap();
    for line in [
        "number: \"1.202\"\n",
        "article: \"1\"\n",
        "  - \"GASPARRI\"\n  - \"MALAN\"\n  - \"GIOVANARDI\"\n  - \"GALIMBERTI\"\n",
        "filed: 2016-07-14\n",
        "outcome: pending\n",
        "  Al comma 1, capoverso «Art. 613-bis», apportare le seguenti modificazioni:\n\n  a) al primo comma, dopo la parola: «Chiunque», inserire le seguenti: «, fuori dei casi preveduti dagli articoli precedenti del presente Titolo,»;\n",
        "source: \"Senato della Repubblica, Emendamento n. 1.202, http://dati.senato.it/17/Emend/S/10-362-388-395-849-874-B/A/1.202\"\n",
    ] {
        assert!(written.contains(line), "{line}\nnot in\n{written}");
    }
    // Twice: nothing changes.
    let r = p.run(&["import", "akn", &one, "--bill", "ddl10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Nothing to change: 1 file(s) already up to date."),
        "{}",
        r.stdout
    );
    // The instruction is Italian drafting, which the engine does not read:
    // said so, not reported as a misreading of French.
    assert_eq!(p.run(&["build", "--no-site"]).code, 0);
    let r = p.run(&["show", "ddl10", "1.202"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("amendo reads instructions drafted in French; this bill's are in Italian"),
        "{}",
        r.stdout
    );
    // On the site, the labels are English and the amendment's own words
    // are marked Italian, for screen readers.
    assert_eq!(p.run(&["build"]).code, 0);
    let page = fs::read_to_string(
        p.path()
            .join("public/bills/ddl10/amendments/assemblea/1~2E202.html"),
    )
    .unwrap();
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(
        page.contains("<div class=\"quote\" lang=\"it\"><p>Al comma 1, capoverso"),
        "{page}"
    );
    // A document whose article cannot be told (an order of the day, « G1.1 »)
    // is skipped with the reason; --strict refuses the import.
    let order = fs::read_to_string(&one).unwrap().replace("1.202", "G1.202");
    p.write("order.akn.xml", order);
    let order = p.path().join("order.akn.xml");
    let r = p.run(&[
        "import",
        "akn",
        order.to_str().unwrap(),
        "--bill",
        "ddl10",
        "--strict",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("amendment G1.202: the document does not say which article it is on"),
        "{}",
        r.stderr
    );
    assert!(
        !p.path()
            .join("amendments/ddl10/assemblea/G1.202.yaml")
            .exists()
    );
    // Given the stage, the other sample goes there too, and a decision in
    // its workflow is its outcome.
    let source = fs::read_to_string(&other).unwrap().replace(
        "outcome=\"presentazione\"/>",
        "outcome=\"presentazione\"/>\n<an:step actor=\"#senato\" date=\"2016-07-14\" id=\"step2\" outcome=\"respinto\"/>",
    );
    let source = source.replace("2006-05-05", "2016-07-14");
    p.write("respinto.akn.xml", source);
    let r = p.run(&[
        "import",
        "akn",
        p.path().join("respinto.akn.xml").to_str().unwrap(),
        "--bill",
        "ddl10",
        "--stage",
        "assemblea",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = fs::read_to_string(p.path().join("amendments/ddl10/assemblea/1.1.yaml")).unwrap();
    assert!(
        written.contains("outcome: rejected\ndecided: 2016-07-14\n"),
        "{written}"
    );
    assert!(
        written.contains("instruction: |-\n  Al comma 1, primo periodo, sopprimere le parole: «in tutti i suoi generi e manifestazioni».\n"),
        "{written}"
    );
}

#[test]
fn akn_bill_documents_say_who_made_them_and_their_number() {
    let p = Project::empty();
    let r = p.run(&[
        "import",
        "akn",
        &fixture("akn/it-senato-leg17-ddl3-ddlpres.akn.xml"),
        "--bill",
        "ddl3",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let meta = fs::read_to_string(p.path().join("bills/ddl3/bill.yaml")).unwrap();
    for line in [
        "jurisdiction: \"ita\"\n",
        "label: \"Disegno di legge N. 3\"\n",
        "chamber: \"Senato della Repubblica\"\n",
        "number: \"3\"\n",
    ] {
        assert!(meta.contains(line), "{line}\nnot in\n{meta}");
    }
}

#[test]
fn an_export_starting_with_a_byte_order_mark_is_read() {
    // Some tools save JSON with a UTF-8 byte order mark; the data is the same.
    let p = narcotrafic_bill();
    let data = p.path().join("an-data");
    copy_an_fixture(Path::new(&fixture("an-narcotrafic")), &data, true);
    let r = p.run(&[
        "import",
        "an",
        data.to_str().unwrap(),
        "--bill",
        "narcotrafic",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("not valid JSON"), "{}", r.stderr);
    let cl44 = p.read("amendments/narcotrafic/an-1-commission/CL44.yaml");
    assert!(cl44.contains("Supprimer cet article."), "{cl44}");
    // The label « Mme Regol, M. Amirshahi, Mme Balage El Mariky, M. Duplessy
    // et M. Iordanoff » names the co-signatories acteurs/ leaves out, in the
    // order of their ids; acteurs/ names the others in full.
    let cl176 = p.read("amendments/narcotrafic/an-1-commission/CL176.yaml");
    assert!(
        cl176.contains("  - \"Mme Balage El Mariky\"\n  - \"M. Duplessy\"\n  - \"M. Iordanoff\"\n"),
        "{cl176}"
    );
    assert!(!cl176.contains("PA7"), "{cl176}");
}

#[test]
fn an_import_without_people_and_groups_says_where_their_names_come_from() {
    // Only the amendements/ folder of the export: people and groups can be
    // named by their ids only, and the import says which folders name them.
    let p = narcotrafic_bill();
    let data = p.path().join("an-data/amendements/PIONANR5L17B0907");
    fs::create_dir_all(&data).unwrap();
    let from = Path::new(&fixture("an-narcotrafic")).join("amendements/PIONANR5L17B0907");
    for e in fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let before = snapshot(&p);
    let r = p.run(&[
        "import",
        "an",
        p.path().join("an-data").to_str().unwrap(),
        "--bill",
        "narcotrafic",
    ]);
    assert!(
        r.stderr.contains("people not in acteurs/, named as the amendments' signatories labels name them (« M. Dupont ») or else by their ids (PA…): the export's acteurs/ folder gives their full names; no organes/ folder"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("put them in the input folder and import again"),
        "{}",
        r.stderr
    );
    // The bill lists its groups: ids are not among them, nothing is written.
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(snapshot(&p), before);
}

#[test]
fn an_amendment_decided_without_a_date_is_imported_without_one() {
    // CL44 (adopted) with its `cycleDeVie.dateSort` taken out: imported,
    // with no `decided:`, and a warning naming the file.
    let p = narcotrafic_bill();
    let data = p.path().join("an-data");
    copy_an_fixture(Path::new(&fixture("an-narcotrafic")), &data, false);
    let cl44 = data.join("amendements/PIONANR5L17B0907/AMANR5L17PO59051B0907P0D1N000044.json");
    let json = fs::read_to_string(&cl44).unwrap();
    let without = json.replace(
        "\"dateSort\": \"2025-03-06T00:06:24+01:00\"",
        "\"dateSort\": null",
    );
    assert_ne!(json, without);
    fs::write(&cl44, without).unwrap();
    let r = p.run(&[
        "import",
        "an",
        data.to_str().unwrap(),
        "--bill",
        "narcotrafic",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("amendment CL44 is adopted but has no `cycleDeVie.dateSort`: recorded without a decision date"),
        "{}",
        r.stderr
    );
    let record = p.read("amendments/narcotrafic/an-1-commission/CL44.yaml");
    assert!(record.contains("outcome: adopted"), "{record}");
    assert!(!record.contains("decided:"), "{record}");
    assert_eq!(p.run(&["build", "--no-site"]).code, 0);
}

/// The AN fixture but its floor stage's folder (which holds two broken
/// files), copied to `to`; each file with a UTF-8 byte order mark when `bom`.
fn copy_an_fixture(from: &Path, to: &Path, bom: bool) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_name() == "PIONANR5L17BTC1043" {
            continue;
        }
        if e.file_type().unwrap().is_dir() {
            copy_an_fixture(&e.path(), &to.join(e.file_name()), bom);
        } else {
            let mut bytes = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(fs::read(e.path()).unwrap());
            fs::write(to.join(e.file_name()), bytes).unwrap();
        }
    }
}

#[test]
fn a_dry_run_validates_what_the_import_would_make() {
    let p = narcotrafic_bill();
    // A hand-written amendment the import keeps, whose parent does not exist:
    // the sources the import would make are not valid.
    let hand = "amendments/narcotrafic/an-1-seance/X1.yaml";
    p.write(
        hand,
        "number: \"X1\"\narticle: \"8 ter\"\nauthors: [\"M. X\"]\nfiled: 2025-03-17\noutcome: adopted\ninstruction: \"Supprimer cet article.\"\nparent: \"9999\"\n",
    );
    let before = snapshot(&p);
    let args = [
        "import",
        "an",
        &fixture("an-narcotrafic"),
        "--bill",
        "narcotrafic",
        "--dry-run",
    ];
    let r = p.run(&args);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("amendments/narcotrafic/an-1-seance/X1.yaml:7:9: parent amendment 9999 does not exist at stage `an-1-seance`"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&p), before);
    // Once the parent is fixed, the dry run says what would be written, and
    // still writes nothing.
    p.write(hand, p.read(hand).replace("parent: \"9999\"\n", ""));
    let before = snapshot(&p);
    let r = p.run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("file(s) would be written, 0 unchanged; the sources they would make are valid. Nothing was written."),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(&p), before);
    let json = p.run(&[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["dry_run"], true);
    assert!(!v["written"].as_array().unwrap().is_empty());
}
