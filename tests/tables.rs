//! Table operations of real budget amendments applied to tables built from
//! the rows the bill's own amendments quote in full (tests/fixtures/tables).

use amendo::engine::{self, Draft};
use amendo::model::table::Table;
use amendo::model::{Article, Line};

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
        "row 75 × column 2 in the table of article 48 holds the number « 5 504 », not « 49 824 »"
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
        "row 8 × column 2 in the table of alinéa 1 of article 50 holds the number « 425 », not « 452 »"
    );
    // A row beyond the table.
    let err = apply(&article("50", &t), "I-2776").unwrap_err();
    assert_eq!(
        err,
        "row 19 does not exist: the table of alinéa 1 of article 50 has 10 rows"
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
        "row 19 in the table of alinéa 1 of article 47: a new row has 8 cells, the table 2 columns"
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
