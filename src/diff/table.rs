//! The table-aware diff: a table alinéa compared row by row and cell by cell.
//!
//! Beside the word diff, for an alinéa that is a table on either side
//! (`model::table`): rows are aligned by their header cell (the first), a
//! row whose header is kept is compared cell by cell, and a cell whose
//! amount is the same printed differently (« 1 234 567 » and « 1234567 € »)
//! is not a change. Each changed cell is named by its row's header and its
//! column's header, with the amount's change when both are amounts
//! (« 2 027 → 2 527 (+500) »). Renderers show the result as a table.

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::{Entry, EntryKind, SpanKind};
use crate::model::fold;
use crate::model::table::{Table, amount_change, same_amount};

/// A table compared with another version of itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableDiff {
    /// The columns' headers (the new table's first row, else the old one's).
    pub header: Vec<String>,
    /// Every row of either version, in reading order, the header row first.
    pub rows: Vec<RowDiff>,
}

/// One row of a table diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowDiff {
    /// Same, changed, deleted or inserted.
    pub kind: EntryKind,
    /// The row's number (1-based, the header row is 1) in the old table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<usize>,
    /// The row's number in the new table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<usize>,
    /// Its cells, column by column.
    pub cells: Vec<CellDiff>,
}

/// One cell: its old and new text (absent on the side without the row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellDiff {
    /// The old text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// True when the cell changed (a change of spacing in an amount is not
    /// a change).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub changed: bool,
    /// For a changed amount: « 1 500 000 → 1 750 000 (+250 000) ».
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

/// A changed cell, named as a reader names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellChange {
    /// The row's number in the new table (the old one for a deleted row).
    pub row: usize,
    /// The row's header (its first cell).
    pub row_header: String,
    /// The column's number (1-based).
    pub column: usize,
    /// The column's header (the header row's cell).
    pub column_header: String,
    /// The old text.
    pub old: String,
    /// The new text.
    pub new: String,
    /// The amount's change, when both are amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

impl CellDiff {
    fn of(old: Option<&String>, new: Option<&String>, both: bool) -> CellDiff {
        let (o, n) = (
            old.map(String::as_str).unwrap_or(""),
            new.map(String::as_str).unwrap_or(""),
        );
        let changed = both && o != n && !same_amount(o, n);
        CellDiff {
            old: old.cloned(),
            new: new.cloned(),
            changed,
            amount: if changed { amount_change(o, n) } else { None },
        }
    }

    /// The text to show for the side kept: the new one, else the old one.
    pub fn text(&self) -> &str {
        self.new.as_deref().or(self.old.as_deref()).unwrap_or("")
    }
}

impl TableDiff {
    /// True when some row or cell changed.
    pub fn is_change(&self) -> bool {
        self.rows.iter().any(|r| r.kind != EntryKind::Same)
    }

    /// How many columns.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
            .max(self.header.len())
    }

    /// Each changed cell of a row kept, with its row's and column's headers.
    pub fn changes(&self) -> Vec<CellChange> {
        let mut out = Vec::new();
        for r in &self.rows {
            if r.kind != EntryKind::Changed {
                continue;
            }
            let row_header = r
                .cells
                .first()
                .map(|c| c.text().to_owned())
                .unwrap_or_default();
            for (i, c) in r.cells.iter().enumerate() {
                if !c.changed {
                    continue;
                }
                out.push(CellChange {
                    row: r.new.or(r.old).unwrap_or(0),
                    row_header: row_header.clone(),
                    column: i + 1,
                    column_header: self.header.get(i).cloned().unwrap_or_default(),
                    old: c.old.clone().unwrap_or_default(),
                    new: c.new.clone().unwrap_or_default(),
                    amount: c.amount.clone(),
                });
            }
        }
        out
    }
}

/// The table diff of an entry whose text is a table on either side (all
/// rows inserted, deleted or the same when the other side has none); None
/// when neither side is a table.
pub fn of_entry(e: &Entry) -> Option<TableDiff> {
    // A table's text starts with a pipe: other texts are not put
    // together to be parsed.
    let may_be_table = |left_out: SpanKind| {
        e.spans
            .iter()
            .filter(|s| s.kind != left_out)
            .map(|s| s.text.trim_start())
            .find(|t| !t.is_empty())
            .is_some_and(|t| t.starts_with('|'))
    };
    let old = match e.kind {
        EntryKind::Inserted => None,
        _ if !may_be_table(SpanKind::Insert) => None,
        _ => Table::parse(&e.old_text()),
    };
    let new = match e.kind {
        EntryKind::Deleted | EntryKind::MovedFrom => None,
        _ if !may_be_table(SpanKind::Delete) => None,
        _ => Table::parse(&e.new_text()),
    };
    match (old, new) {
        (None, None) => None,
        (o, n) => Some(diff_tables(o.as_ref(), n.as_ref())),
    }
}

/// Two versions of a table (either may be absent: every row inserted or
/// deleted).
pub fn diff_tables(old: Option<&Table>, new: Option<&Table>) -> TableDiff {
    let empty = Table { rows: Vec::new() };
    let (a, b) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let header = b
        .rows
        .first()
        .or(a.rows.first())
        .cloned()
        .unwrap_or_default();
    let key = |row: &Vec<String>| {
        fold(row.first().map(String::as_str).unwrap_or(""))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let ka: Vec<String> = a.rows.iter().map(key).collect();
    let kb: Vec<String> = b.rows.iter().map(key).collect();
    let mut rows = Vec::new();
    let pair = |i: usize, j: usize| {
        let width = a.rows[i].len().max(b.rows[j].len());
        let cells: Vec<CellDiff> = (0..width)
            .map(|c| CellDiff::of(a.rows[i].get(c), b.rows[j].get(c), true))
            .collect();
        let kind = if cells.iter().any(|c| c.changed) {
            EntryKind::Changed
        } else {
            EntryKind::Same
        };
        RowDiff {
            kind,
            old: Some(i + 1),
            new: Some(j + 1),
            cells,
        }
    };
    let deleted = |i: usize| RowDiff {
        kind: EntryKind::Deleted,
        old: Some(i + 1),
        new: None,
        cells: a.rows[i]
            .iter()
            .map(|c| CellDiff::of(Some(c), None, false))
            .collect(),
    };
    let inserted = |j: usize| RowDiff {
        kind: EntryKind::Inserted,
        old: None,
        new: Some(j + 1),
        cells: b.rows[j]
            .iter()
            .map(|c| CellDiff::of(None, Some(c), false))
            .collect(),
    };
    for op in capture_diff_slices(Algorithm::Patience, &ka, &kb) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    rows.push(pair(old_index + k, new_index + k));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => rows.extend((old_index..old_index + old_len).map(deleted)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => rows.extend((new_index..new_index + new_len).map(inserted)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                // Rows whose header changed: deleted, then inserted.
                rows.extend((old_index..old_index + old_len).map(deleted));
                rows.extend((new_index..new_index + new_len).map(inserted));
            }
        }
    }
    TableDiff { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&str]) -> Table {
        Table::from_rows(&rows.iter().map(|r| (*r).to_owned()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn a_changed_amount_is_named_by_its_row_and_column() {
        let old = table(&[
            "| Désignation | Plafond |",
            "| Culture | 9 129 |",
            "| Transition écologique | 2 027 |",
            "| Budgets annexes | 11 006 |",
        ]);
        let new = table(&[
            "| Désignation | Plafond |",
            "| Culture | 9\u{a0}129 |",
            "| Transition écologique | 2 527 |",
            "| Plan de reconstruction | 840 000 000 |",
            "| Budgets annexes | 11 006 |",
        ]);
        let d = diff_tables(Some(&old), Some(&new));
        let kinds: Vec<EntryKind> = d.rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                EntryKind::Same,
                // A change of spacing alone is not a change of amount.
                EntryKind::Same,
                EntryKind::Changed,
                EntryKind::Inserted,
                EntryKind::Same
            ]
        );
        assert_eq!(
            d.changes(),
            [CellChange {
                row: 3,
                row_header: "Transition écologique".into(),
                column: 2,
                column_header: "Plafond".into(),
                old: "2 027".into(),
                new: "2 527".into(),
                amount: Some("2 027 → 2 527 (+500)".into()),
            }]
        );
    }
}
