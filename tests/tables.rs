//! Table operations of real budget amendments applied to tables built from
//! the rows the bill's own amendments quote in full (tests/fixtures/tables).

mod common;

use amendo::engine::{self, Draft};
use amendo::model::table::Table;
use amendo::model::{Article, Line};
use common::{Project, git};

fn dispositif(number: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/tables/{number}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("a fixture")
}

/// The rows an amendment quotes (its pipe-row paragraphs), as a table.
fn quoted_table(number: &str) -> Table {
    let rows: Vec<String> = dispositif(number)
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.starts_with('|'))
        .map(str::to_owned)
        .collect();
    Table::from_rows(&rows).expect("quoted rows")
}

/// An article whose alinéa 1 is the table.
fn article(number: &str, table: &Table) -> Article {
    Article {
        id: number.to_owned(),
        number: number.to_owned(),
        lines: vec![Line::Alinea(table.to_text())],
    }
}

/// No-break spaces as spaces, so that expectations read plainly (the data
/// prints amounts with both).
fn plain(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

fn apply(article: &Article, amendment: &str) -> Result<Table, String> {
    let ops = engine::parse(&dispositif(amendment), false).map_err(|e| e.to_string())?;
    let mut draft = Draft::new(article);
    draft.apply(&ops).map_err(|e| plain(&e.to_string()))?;
    let out = draft.article();
    let Line::Alinea(text) = &out.lines[0] else {
        panic!("an alinéa")
    };
    let mut t = Table::parse(text).expect("still a table");
    for row in &mut t.rows {
        for cell in row {
            *cell = plain(cell);
        }
    }
    Ok(t)
}

/// Article 47's table, as II-3713 quotes it (24 rows, header first).
fn article_47() -> Article {
    let t = quoted_table("II-3713");
    assert_eq!(t.rows.len(), 24);
    article("47", &t)
}

#[test]
fn cells_substituted_by_row_and_column() {
    // « À la dix-neuvième ligne de la seconde colonne du tableau, substituer
    // au nombre : « 2 027 » le nombre : « 2 527 ». II. – … à la vingtième
    // ligne de la même colonne du même tableau … »
    let t = apply(&article_47(), "II-1527").unwrap();
    assert_eq!(
        t.rows[18],
        [
            "Transition écologique, de l’énergie, du climat et de la prévention des risques",
            "2 527"
        ]
    );
    assert_eq!(t.rows[19], ["Travail et emploi", "12 258"]);
    // Nothing else moved.
    let before = quoted_table("II-3713");
    let changed: Vec<usize> = (0..24).filter(|&i| t.rows[i] != before.rows[i]).collect();
    assert_eq!(changed, [18, 19]);
}

#[test]
fn an_amount_matches_whatever_its_spacing() {
    // II-CE278 prints « 2027 » for the cell's « 2 027 »: the same number.
    let t = apply(&article_47(), "II-CE278").unwrap();
    assert_eq!(t.rows[18][1], "2527");
    assert_eq!(t.rows[19][1], "12 258");
}

#[test]
fn a_cell_holding_another_number_is_a_precise_error() {
    // Article 48's table as II-3714 quotes it has one row fewer than the
    // one II-2454 was tabled on: its row 75 holds another number.
    let t = quoted_table("II-3714");
    let err = apply(&article("48", &t), "II-2454").unwrap_err();
    assert_eq!(
        err,
        "row 75 × column 2 of the table of article 48 holds the number « 5 504 », not « 49 824 »"
    );
}

#[test]
fn a_row_that_does_not_exist_is_a_precise_error() {
    // Article 50's table (II-CF1726) has 10 rows; II-CF1874 was tabled on
    // another version of it.
    let t = quoted_table("II-CF1726");
    assert_eq!(t.rows.len(), 10);
    let err = apply(&article("50", &t), "II-CF1874").unwrap_err();
    assert_eq!(
        err,
        "row 8 × column 2 of the table in alinéa 1 of article 50 holds the number « 425 », not « 452 »"
    );
    // A row beyond the table.
    let err = apply(&article("50", &t), "I-2776").unwrap_err();
    assert_eq!(
        err,
        "row 19 does not exist: the table in alinéa 1 of article 50 has 10 rows"
    );
    // In French, from the same structure.
    let ops = engine::parse(&dispositif("I-2776"), false).unwrap();
    let Err(e) = Draft::new(&article("50", &t)).apply(&ops) else {
        panic!("I-2776 applies")
    };
    assert_eq!(
        plain(&amendo::i18n::Lang::Fr.reason(&e.into())),
        "la ligne 19 n’existe pas : le tableau de l’alinéa 1 de l’article 50 compte 10 lignes"
    );
}

#[test]
fn rows_inserted_rewritten_and_deleted() {
    // « Avant la dernière ligne du tableau de l’alinéa 1, insérer une ligne
    // suivante : | Plan de reconstruction Nouvelle-Calédonie | 840 000 000 | »
    let t = apply(&article_47(), "I-CF731");
    // II. of I-CF731 completes the article by an alinéa: applied too.
    let t = t.unwrap();
    assert_eq!(t.rows.len(), 25);
    assert_eq!(
        t.rows[23],
        ["Plan de reconstruction Nouvelle-Calédonie", "840 000 000"]
    );
    assert_eq!(t.rows[24][0], "Total général");

    // « Rédiger ainsi les troisième à dernière lignes … » of another width:
    // I-2776 rewrites row 19 with eight cells; article 47's table has two.
    let err = apply(&article_47(), "I-2776").unwrap_err();
    assert_eq!(
        err,
        "the table in alinéa 1 of article 47: a new row has 8 cells, the table 2 columns"
    );

    // « Supprimer la huitième ligne du tableau de l’alinéa 5. »: article 47
    // has no alinéa 5.
    let err = apply(&article_47(), "I-3780").unwrap_err();
    assert!(err.starts_with("alinéa 5 does not exist"), "{err}");
}

#[test]
fn table_operations_read_as_json() {
    let ops = engine::parse(&dispositif("II-1527"), false).unwrap();
    let json = serde_json::to_value(&ops[1]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "op": "replace-words",
            "at": {"table": {"rows": [20], "columns": [2]}},
            "old": {"words": "12 758"},
            "new": "12 258"
        })
    );
    let ops = engine::parse(&dispositif("I-3780"), false).unwrap();
    let json = serde_json::to_value(&ops[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"op": "delete", "at": {"alineas": [5], "table": {"rows": [8]}}})
    );
}

/// A project whose introduced text holds article 47 as a table (the rows
/// II-3713 quotes) and whose floor text is derived by II-1527, adopted.
fn budget_project() -> Project {
    let p = Project::empty();
    p.write(
        "bills/plf/bill.yaml",
        "title: Projet de loi de finances pour 2025\nshort_title: PLF 2025\njurisdiction: fr\n\
         language: fr\ngroups:\n  NI: Non inscrit\nstages:\n  - id: an-1\n    label: Texte déposé\n\
         \x20   chamber: assemblee\n    kind: introduced\n    date: 2024-10-10\n    text: an-1.md\n\
         \x20 - id: an-2\n    label: Séance publique\n    chamber: assemblee\n    kind: floor\n\
         \x20   date: 2024-11-10\n",
    );
    let t = quoted_table("II-3713");
    p.write(
        "bills/plf/an-1.md",
        format!("## Article 47\n\n{}\n", t.to_text()),
    );
    p.write(
        "amendments/plf/an-2/II-1527.yaml",
        format!(
            "number: II-1527\narticle: \"47\"\nauthors:\n  - Auteur\ngroup: NI\nfiled: 2024-11-01\n\
             outcome: adopted\ndecided: 2024-11-05\ninstruction: {}\n",
            serde_json::to_string(dispositif("II-1527").trim()).unwrap()
        ),
    );
    // Two credit transfers of the same bill (AN open data; the programmes
    // they move credits between, the others of the mission left out): one
    // balanced (II-AC1, committee), one not (21, the Government's).
    p.write(
        "amendments/plf/an-2/II-AC1.yaml",
        "number: II-AC1\narticle: \"ÉTAT B\"\nauthors:\n  - Auteur\ngroup: NI\nfiled: 2024-10-15\n\
         outcome: adopted\ndecided: 2024-10-20\ninstruction: \"\"\ncredits:\n\
         \x20 - {mission: \"Culture\", programme: \"Transmission des savoirs et démocratisation de la culture\", commitments: 500000, payments: 500000}\n\
         \x20 - {mission: \"Culture\", programme: \"Soutien aux politiques du ministère de la culture\", commitments: -500000, payments: -500000}\n",
    );
    p.write(
        "amendments/plf/an-2/21.yaml",
        "number: \"21\"\narticle: \"ÉTAT B\"\nauthors:\n  - Gouvernement\nfiled: 2024-11-02\n\
         outcome: adopted\ndecided: 2024-11-06\ninstruction: \"\"\ncredits:\n\
         \x20 - {mission: \"Cohésion des territoires\", programme: \"Urbanisme, territoires et amélioration de l'habitat\", commitments: 20000000, payments: 20000000}\n",
    );
    p
}

#[test]
fn a_credit_transfer_shows_as_a_table_balanced_or_flagged() {
    let p = budget_project();
    let out = p.path().join("public");
    let r = p.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let show = |n: &str, format: &str| {
        let r = p.run(&["show", "plf", n, "--color", "never", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.replace(['\u{202f}', '\u{a0}'], " ")
    };
    let t = show("II-AC1", "text");
    assert!(t.contains("Mouvements de crédits (euros)"), "{t}");
    assert!(t.contains("Mission  Programme"), "{t}");
    assert!(
        t.lines().any(|l| l.contains("Transmission des savoirs")
            && l.trim_end().ends_with("500 000           500 000")),
        "{t}"
    );
    assert!(
        t.lines()
            .any(|l| l.trim_start().starts_with("Solde") && l.trim_end().ends_with('0')),
        "{t}"
    );
    assert!(!t.contains("Non équilibré"), "{t}");
    let t = show("21", "text");
    assert!(
        t.contains("Non équilibré : AE +20 000 000 €, CP +20 000 000 €"),
        "{t}"
    );
    let j: serde_json::Value = serde_json::from_str(&show("21", "json")).unwrap();
    assert_eq!(j["credit_table"]["totals"]["balanced"], false);
    assert_eq!(
        j["credit_table"]["totals"]["commitments_balance"],
        20_000_000
    );
    let j: serde_json::Value = serde_json::from_str(&show("II-AC1", "json")).unwrap();
    assert_eq!(j["credit_table"]["totals"]["balanced"], true);
    assert_eq!(j["credit_table"]["rows"][1]["payments_minus"], 500_000);
    let m = show("II-AC1", "markdown");
    assert!(
        m.contains("| Mission | Programme | AE + | AE − | CP + | CP − |"),
        "{m}"
    );
    let h = show("21", "html");
    assert!(h.contains("<table class=\"credits unbalanced\">"), "{h}");
    // The site's page.
    let page = std::fs::read_to_string(out.join("bills/plf/amendments/an-2/21.html"))
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ");
    assert!(
        page.contains("<table class=\"credits unbalanced\">"),
        "{page}"
    );
    assert!(
        page.contains(
            "<th scope=\"row\">Solde</th><td class=\"num\" colspan=\"2\">+20 000 000</td>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"unbalanced\" role=\"note\">"),
        "{page}"
    );
    let page = std::fs::read_to_string(out.join("bills/plf/amendments/an-2/II-AC1.html")).unwrap();
    assert!(page.contains("<table class=\"credits\">"), "{page}");
    assert!(!page.contains("class=\"unbalanced\""), "{page}");
}

#[test]
fn a_table_in_a_stage_text_is_stored_diffed_and_rendered() {
    let p = budget_project();
    let out = p.path().join("public");
    let r = p.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Stored one row per line: the store's own diff shows the two rows.
    let g = git(
        &p.store(),
        &["diff", "plf/an-1", "plf/an-2", "--", "articles/47.txt"],
    );
    let minus: Vec<&str> = g.stdout.lines().filter(|l| l.starts_with("-|")).collect();
    let plus: Vec<&str> = g.stdout.lines().filter(|l| l.starts_with("+|")).collect();
    assert_eq!(minus.len(), 2, "{}", g.stdout);
    assert_eq!(plus.len(), 2, "{}", g.stdout);
    assert!(
        plus[1].starts_with("+| Travail et emploi | 12"),
        "{}",
        plus[1]
    );
    let shown = git(&p.store(), &["show", "plf/an-1:articles/47.txt"]).stdout;
    assert_eq!(shown.lines().count(), 25, "header, delimiter, 23 rows");
    assert_eq!(shown.lines().nth(1), Some("|---|---|"));

    // Read back as one alinéa.
    let text = p.run(&["text", "plf", "47", "--at", "an-2"]).stdout;
    assert!(text.contains("| Travail et emploi | 12"), "{text}");

    let diff = |format: &str| {
        let r = p.run(&[
            "diff", "plf", "47", "--from", "an-1", "--to", "an-2", "--color", "never", "--format",
            format,
        ]);
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        r.stdout.replace('\u{a0}', " ")
    };
    // Text: aligned columns, the changed cells marked, the amounts named.
    let t = diff("text");
    assert!(t.contains("tableau, 24 lignes × 2 colonnes"), "{t}");
    assert!(t.contains("~  20  Travail et emploi"), "{t}");
    assert!(t.contains("[-12 758-] {+12 258+}"), "{t}");
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("ligne 20 « Travail et emploi », colonne « Plafond exprimé en ETPT » : 12 758 → 12 258 (−500)"),
        "{t}"
    );
    // Unchanged rows are not all shown.
    assert!(t.contains("⋮ 16 lignes inchangées"), "{t}");
    // Markdown: a pipe table.
    let m = diff("markdown");
    assert!(
        m.contains("| 20 ~ | Travail et emploi | ~~12 758~~ **12 258** |"),
        "{m}"
    );
    // HTML: a table with headers and <del>/<ins>.
    let h = diff("html");
    assert!(h.contains("<table class=\"amendo-table\">"), "{h}");
    assert!(
        h.contains("<th scope=\"col\">Plafond exprimé en ETPT</th>"),
        "{h}"
    );
    assert!(
        h.contains("<th scope=\"row\">Travail et emploi</th><td title=\"12 758 → 12 258 (−500)\"><del>12 758</del> <ins>12 258</ins></td>"),
        "{h}"
    );
    // Side by side: old row left, new row right.
    let s = diff("side-by-side");
    assert!(
        s.lines()
            .any(|l| l.contains("20 Travail et emploi · [-12 758-]")
                && l.contains("20 Travail et emploi · {+12 258+}")),
        "{s}"
    );
    // Unified: rows as lines, like the store.
    let u = diff("unified");
    assert!(u.contains("\n-| Travail et emploi | 12 758 |\n"), "{u}");
    assert!(u.contains("\n+| Travail et emploi | 12 258 |\n"), "{u}");
    assert!(u.contains("\n | Budgets annexes | 11 006 |\n"), "{u}");
    // JSON: each changed cell named.
    let j: serde_json::Value = serde_json::from_str(&diff("json")).unwrap();
    let changes = &j["articles"][0]["tables"][0]["changes"];
    assert_eq!(changes[1]["row"], 20);
    assert_eq!(changes[1]["row_header"], "Travail et emploi");
    assert_eq!(changes[1]["column_header"], "Plafond exprimé en ETPT");
    assert_eq!(changes[1]["amount"], "12 758 → 12 258 (−500)");
}

#[test]
fn a_table_round_trips_through_akoma_ntoso_as_a_table() {
    let p = budget_project();
    let out = p.path().join("public");
    let r = p.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let xml = p.run(&["export", "akn", "plf"]).stdout;
    assert!(
        xml.contains("<paragraph eId=\"art_47__para_1\"><content><table eId=\"art_47__para_1__table_1\"><tr><th><p>Désignation du ministère ou du budget annexe</p></th><th><p>Plafond exprimé en ETPT</p></th></tr><tr><td><p>Budget général</p></td>"),
        "{xml}"
    );
    assert_eq!(xml.matches("<tr>").count(), 24);
    let q = Project::empty();
    q.write("plf.akn.xml", &xml);
    let file = q.path().join("plf.akn.xml");
    let r = q.run(&["import", "akn", file.to_str().unwrap(), "--bill", "retour"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The stage text holds the table as a Markdown table.
    let md = q.read("bills/retour/introduced.md");
    assert!(md.contains("\n| Désignation du ministère ou du budget annexe | Plafond exprimé en ETPT |\n|---|---|\n| Budget général | 1"), "{md}");
    let out = q.path().join("public");
    assert_eq!(q.run(&["build", "--out", out.to_str().unwrap()]).code, 0);
    let back = q.run(&["text", "retour", "47"]).stdout;
    let there = p.run(&["text", "plf", "47", "--at", "an-2"]).stdout;
    // The same rows (the import reads no-break spaces as spaces, as for
    // every paragraph).
    assert_eq!(plain(&back), plain(&there));
    assert_eq!(back.lines().count(), 25);
}

#[test]
fn a_row_named_by_its_header_is_struck() {
    // Article 41's table, from the rows amendments quote in full: the
    // first ten as I-CF1667 (II) prints them, then the row of the special
    // accounts as I-2120 prints it.
    let mut rows: Vec<String> = dispositif("I-CF1667")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.starts_with('|'))
        .take(10)
        .map(str::to_owned)
        .collect();
    rows.extend(
        dispositif("I-2120")
            .split("\n\n")
            .map(str::trim)
            .filter(|p| p.starts_with("| Comptes"))
            .map(str::to_owned),
    );
    let table = Table::from_rows(&rows).unwrap();
    assert_eq!(table.rows.len(), 11);
    // I-CF1667's first part, verbatim (its second part, « modifier ainsi le
    // début du tableau : » followed by rows, is not read: refused whole).
    let text = dispositif("I-CF1667");
    let first = text.split("\n\nII.").next().unwrap();
    assert!(engine::parse(&text, false).is_err());
    let ops = engine::parse(first, false).unwrap();
    assert_eq!(
        serde_json::to_value(&ops[0]).unwrap(),
        serde_json::json!({"op": "delete", "at": {"alineas": [1], "table": {"rows": [{"header": "Comptes d’affectation spéciale"}]}}})
    );
    let mut draft = Draft::new(&article("41", &table));
    draft.apply(&ops).unwrap();
    let Line::Alinea(out) = &draft.article().lines[0] else {
        panic!("an alinéa")
    };
    let after = Table::parse(out).unwrap();
    assert_eq!(after.rows.len(), 10);
    assert!(!after.rows.iter().any(|r| r[0].starts_with("Comptes")));
    // On a table without that row: said so.
    let mut draft = Draft::new(&article_47());
    let err = draft.apply(&ops).unwrap_err().to_string();
    assert_eq!(
        err,
        "the table in alinéa 1 of article 47 has no row « Comptes d’affectation spéciale »"
    );
}
