//! Applying operations to an article.
//!
//! A [`Draft`] is an article being amended. Each of its alinéas remembers
//! which alinéa of the text it started from (its *origin*), so the numbers
//! of an amendment, which count the text it was tabled on, still find their
//! alinéa after earlier amendments inserted or struck others. An alinéa
//! inserted by an earlier change has no origin; an alinéa struck by one is
//! reported as such.

use std::ops::Range;

use super::error::{ApplyError, Axis, Subject, Where};
use super::text::{
    before_final_punctuation, find_words, mark, new_start, normalise_mark, only_punctuation,
    sentences,
};
use super::{Alineas, End, Nth, Operation, Place, Side, Span, Words};
use crate::model::table::{Amount, Table};
use crate::model::{Article, DELETED, Line};

/// An alinéa of a draft and where it came from.
#[derive(Clone, Debug)]
struct Slot {
    line: Line,
    /// 0-based index among the original text's alinéas; None when inserted.
    origin: Option<usize>,
}

/// An article being amended; see the module documentation.
#[derive(Clone, Debug)]
pub struct Draft {
    id: String,
    number: String,
    subject: Subject,
    slots: Vec<Slot>,
    /// Alinéas in the original text.
    count: usize,
    /// Alinéas known before the first gap, when the text is partial.
    known: Option<usize>,
}

/// A span of one alinéa's text.
#[derive(Clone, Debug)]
struct Region {
    slot: usize,
    range: Range<usize>,
}

impl Draft {
    /// A draft of `article`, its alinéas numbered from 1.
    pub fn new(article: &Article) -> Draft {
        Draft::named(article, Subject::Article(article.number.clone()))
    }

    /// A draft whose errors call it `subject` (amendment 640's instruction).
    pub fn named(article: &Article, subject: Subject) -> Draft {
        let mut slots = Vec::with_capacity(article.lines.len());
        let mut n = 0;
        let mut known = None;
        if !article.is_deleted() {
            for line in &article.lines {
                match line {
                    Line::Alinea(_) if known.is_none() => {
                        slots.push(Slot {
                            line: line.clone(),
                            origin: Some(n),
                        });
                        n += 1;
                    }
                    Line::Gap(_) => {
                        known.get_or_insert(n);
                        slots.push(Slot {
                            line: line.clone(),
                            origin: None,
                        });
                    }
                    Line::Alinea(_) => slots.push(Slot {
                        line: line.clone(),
                        origin: None,
                    }),
                }
            }
        } else {
            slots = article
                .lines
                .iter()
                .map(|l| Slot {
                    line: l.clone(),
                    origin: None,
                })
                .collect();
        }
        Draft {
            id: article.id.clone(),
            number: article.number.clone(),
            subject,
            slots,
            count: n,
            known,
        }
    }

    /// The article as it now reads.
    pub fn article(&self) -> Article {
        Article {
            id: self.id.clone(),
            number: self.number.clone(),
            lines: self.slots.iter().map(|s| s.line.clone()).collect(),
        }
    }

    /// For each line, the 0-based original alinéa it came from.
    pub fn origins(&self) -> Vec<Option<usize>> {
        self.slots.iter().map(|s| s.origin).collect()
    }

    /// Applies `ops` in order, all or nothing.
    pub fn apply(&mut self, ops: &[Operation]) -> Result<(), ApplyError> {
        let mut next = self.clone();
        for op in ops {
            next.apply_one(op)?;
        }
        *self = next;
        Ok(())
    }

    fn apply_one(&mut self, op: &Operation) -> Result<(), ApplyError> {
        if let Some(at) = op.place().filter(|at| at.table.is_some()) {
            return self.apply_table(op, at);
        }
        match op {
            Operation::Note { .. } => {}
            Operation::DeleteArticle => self.replace_all(vec![DELETED.to_owned()]),
            Operation::RewriteArticle { text } => self.replace_all(text.clone()),
            Operation::InsertArticle { text, .. } => {
                if self.slots.iter().any(|s| matches!(s.line, Line::Alinea(_))) {
                    return Err(ApplyError::IntoArticle {
                        subject: self.subject.clone(),
                    });
                }
                self.replace_all(text.clone());
            }
            Operation::Delete { at } if at.is_article() => {
                self.replace_all(vec![DELETED.to_owned()]);
            }
            Operation::Delete { at } => {
                let regions = self.regions(at)?;
                if at.sentences.is_empty() {
                    self.remove_slots(&regions);
                } else {
                    for r in regions.iter().rev() {
                        self.cut_sentence(r);
                    }
                }
            }
            Operation::Rewrite { at, text } if at.is_article() => self.replace_all(text.clone()),
            Operation::Rewrite { at, text } => {
                let regions = self.regions(at)?;
                if at.sentences.is_empty() {
                    let first = regions.iter().map(|r| r.slot).min().unwrap_or(0);
                    self.remove_slots(&regions);
                    let new = text.iter().map(|t| Slot {
                        line: Line::Alinea(t.clone()),
                        origin: None,
                    });
                    self.slots.splice(first..first, new);
                } else {
                    let (first, rest) = regions.split_first().ok_or_else(|| self.empty(at))?;
                    for r in rest.iter().rev() {
                        self.cut_sentence(r);
                    }
                    self.edit(first.slot, first.range.clone(), &text.join(" "));
                }
            }
            Operation::RewriteStart { at, text } => {
                let regions = self.regions(at)?;
                let r = regions.first().ok_or_else(|| self.empty(at))?;
                let new = new_start(text);
                let old = &self.text(r.slot)[r.range.clone()];
                let end =
                    start_end(old, new).ok_or_else(|| ApplyError::NewStart { at: self.at(at) })?;
                self.edit(r.slot, r.range.start..r.range.start + end, new);
            }
            Operation::InsertAlineas { side, at, text } => {
                let index = if at.is_article() {
                    match side {
                        Side::Before => 0,
                        Side::After => self.slots.len(),
                    }
                } else {
                    let regions = self.regions(at)?;
                    match side {
                        Side::Before => regions.iter().map(|r| r.slot).min().unwrap_or(0),
                        Side::After => regions.iter().map(|r| r.slot + 1).max().unwrap_or(0),
                    }
                };
                if self.is_deleted() {
                    self.slots.clear();
                }
                let index = index.min(self.slots.len());
                // The same alinéas already at that place are not inserted twice.
                let present = |range: std::ops::Range<usize>| {
                    self.slots.get(range).is_some_and(|slots| {
                        slots
                            .iter()
                            .zip(text)
                            .all(|(s, t)| matches!(&s.line, Line::Alinea(a) if a == t))
                    })
                };
                let before = index.checked_sub(text.len()).map(|start| start..index);
                if !text.is_empty()
                    && (present(index..index + text.len()) || before.is_some_and(present))
                {
                    return Err(ApplyError::AlineasThere {
                        count: text.len(),
                        side: *side,
                        at: self.at(at),
                    });
                }
                let new = text.iter().map(|t| Slot {
                    line: Line::Alinea(t.clone()),
                    origin: None,
                });
                self.slots.splice(index..index, new);
            }
            Operation::InsertRows { at, .. } => {
                return Err(ApplyError::NoTable { at: self.at(at) });
            }
            Operation::InsertSentences { side, at, text } => {
                let regions = self.regions(at)?;
                let r = match side {
                    Side::Before => regions.first(),
                    Side::After => regions.last(),
                }
                .ok_or_else(|| self.empty(at))?;
                let whole = self.text(r.slot);
                match side {
                    Side::Before => {
                        let at = r.range.start;
                        self.edit(r.slot, at..at, &format!("{text} "));
                    }
                    Side::After => {
                        let end = whole[..r.range.end].trim_end().len();
                        self.edit(r.slot, end..end, &format!(" {text}"));
                    }
                }
            }
            Operation::Complete { at, words } => {
                let place = at;
                let regions = self.regions(at)?;
                let regions = if at.is_article() {
                    regions.into_iter().last().into_iter().collect()
                } else {
                    regions
                };
                for r in regions.iter().rev() {
                    let text = &self.text(r.slot)[r.range.clone()];
                    let at = r.range.start + before_final_punctuation(text);
                    if text[..at - r.range.start]
                        .trim_end()
                        .ends_with(words.trim_end_matches(['.', ';']).trim())
                        && words.split_whitespace().count() > 1
                    {
                        return Err(ApplyError::EndsWith {
                            at: self.at(place),
                            words: words.clone(),
                        });
                    }
                    // Words that end with their own final punctuation take the
                    // place of the old one.
                    let end = if words.trim_end().ends_with(['.', ';']) {
                        r.range.start + text.trim_end().len()
                    } else {
                        at
                    };
                    self.edit(r.slot, at..end, &format!("{}{words}", separator(words)));
                }
            }
            Operation::ReplaceWords { at, old, new } => {
                let found = self.find(at, old)?;
                for (slot, range) in found.into_iter().rev() {
                    self.edit(slot, range, new);
                }
            }
            Operation::DeleteWords {
                at,
                old,
                after: None,
            } => {
                let found = self.find(at, old)?;
                for (slot, range) in found.into_iter().rev() {
                    self.strike(slot, range);
                }
            }
            Operation::DeleteWords {
                at,
                old,
                after: Some(anchor),
            } => {
                // The first occurrence of the words after each occurrence of
                // the anchor meant, in the same alinéa.
                let anchors = self.find(at, anchor)?;
                let mut found = Vec::new();
                for (slot, range) in anchors {
                    let text = self.text(slot);
                    let m = find_words(&text[range.end..], &old.words)
                        .into_iter()
                        .next()
                        .ok_or_else(|| ApplyError::WordsNotFound {
                            words: old.words.clone(),
                            at: self.at(at),
                        })?;
                    found.push((slot, range.end + m.start..range.end + m.end));
                }
                found.sort_by_key(|(slot, r)| (*slot, r.start));
                found.dedup();
                for (slot, range) in found.into_iter().rev() {
                    self.strike(slot, range);
                }
            }
            Operation::InsertWords {
                at,
                side,
                anchor,
                words,
            } => match anchor {
                Some(anchor) => {
                    let found = self.find(at, anchor)?;
                    for (slot, range) in found.into_iter().rev() {
                        match side {
                            Side::After => self.edit(
                                slot,
                                range.end..range.end,
                                &format!("{}{words}", separator(words)),
                            ),
                            Side::Before => self.edit(
                                slot,
                                range.start..range.start,
                                &format!("{words}{}", separator_after(words)),
                            ),
                        }
                    }
                }
                None => {
                    let regions = self.regions(at)?;
                    for r in regions.iter().rev() {
                        let s = r.range.start;
                        self.edit(r.slot, s..s, &format!("{words}{}", separator_after(words)));
                    }
                }
            },
            Operation::RewriteEnd { at, after, text } => {
                let regions = self.regions(at)?;
                let found = self.find_in(at, &regions, after)?;
                let (slot, range) = found.into_iter().next().ok_or_else(|| self.empty(at))?;
                let region = regions
                    .iter()
                    .find(|r| r.slot == slot && r.range.contains(&range.start))
                    .cloned()
                    .ok_or_else(|| self.empty(at))?;
                let old_end = &self.text(slot)[range.end..region.range.end];
                let new = if text.is_empty() {
                    // Striking the end keeps the final punctuation.
                    let t = old_end.trim_end();
                    t[before_final_punctuation(t)..].trim_start().to_owned()
                } else {
                    format!("{}{text}", separator(text))
                };
                self.edit(slot, range.end..region.range.end, &new);
            }
        }
        Ok(())
    }

    /// An operation on a table: its rows, columns or cells (see
    /// `model::table` for the table's text).
    fn apply_table(&mut self, op: &Operation, at: &Place) -> Result<(), ApplyError> {
        let tp = at.table.clone().unwrap_or_default();
        let (slot, mut table, name) = self.table_at(at)?;
        let rows = spans(&tp.rows, table.rows.len(), &name, Axis::Row, |h| {
            table.rows.iter().position(|r| same_cell(r.first(), h))
        })?;
        let width = table.width();
        let cols = spans(&tp.columns, width, &name, Axis::Column, |h| {
            table
                .rows
                .first()
                .and_then(|r| r.iter().position(|c| same_cell(Some(c), h)))
        })?;
        let whole_rows = tp.columns.is_empty();
        let row_list: Vec<usize> = if tp.rows.is_empty() {
            (0..table.rows.len()).collect()
        } else {
            rows.clone()
        };
        let col_list: Vec<usize> = if whole_rows {
            (0..width).collect()
        } else {
            cols.clone()
        };
        let place = self.at(&Place {
            end: None,
            sentences: Vec::new(),
            ..at.clone()
        });
        match op {
            Operation::ReplaceWords { old, new, .. } => {
                self.edit_cells(
                    &mut table,
                    &row_list,
                    &col_list,
                    &place,
                    old,
                    |cell, range| {
                        cell.replace_range(range, new);
                    },
                )?;
            }
            Operation::DeleteWords {
                old, after: None, ..
            } => {
                self.edit_cells(
                    &mut table,
                    &row_list,
                    &col_list,
                    &place,
                    old,
                    |cell, range| {
                        cell.replace_range(range, "");
                        *cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                    },
                )?;
            }
            Operation::InsertWords {
                side,
                anchor: Some(anchor),
                words,
                ..
            } => {
                self.edit_cells(
                    &mut table,
                    &row_list,
                    &col_list,
                    &place,
                    anchor,
                    |cell, range| match side {
                        Side::After => cell.insert_str(range.end, &format!(" {words}")),
                        Side::Before => cell.insert_str(range.start, &format!("{words} ")),
                    },
                )?;
            }
            Operation::InsertWords {
                anchor: None,
                words,
                ..
            }
            | Operation::Complete { words, .. } => {
                let start = matches!(op, Operation::InsertWords { .. }) && at.end != Some(End::End);
                for &r in &row_list {
                    for &c in &col_list {
                        let cell = cell_mut(&mut table, r, c);
                        *cell = match (cell.is_empty(), start) {
                            (true, _) => words.clone(),
                            (false, true) => format!("{words} {cell}"),
                            (false, false) => format!("{cell} {words}"),
                        };
                    }
                }
            }
            Operation::Delete { .. } => {
                if tp.rows.is_empty() && tp.columns.is_empty() {
                    self.slots.remove(slot);
                    return Ok(());
                }
                if whole_rows {
                    for &r in rows.iter().rev() {
                        table.rows.remove(r);
                    }
                } else if tp.rows.is_empty() {
                    for row in &mut table.rows {
                        for &c in cols.iter().rev() {
                            if c < row.len() {
                                row.remove(c);
                            }
                        }
                    }
                } else {
                    for &r in &rows {
                        for &c in &cols {
                            cell_mut(&mut table, r, c).clear();
                        }
                    }
                }
            }
            Operation::Rewrite { text, .. } => {
                let new = Table::from_rows(text)
                    .ok_or_else(|| ApplyError::NotRows { at: place.clone() })?;
                if tp.rows.is_empty() && tp.columns.is_empty() {
                    table = new;
                } else if whole_rows {
                    if !contiguous(&rows) {
                        return Err(ApplyError::RowsApart { at: place });
                    }
                    check_width(&new, width, &name)?;
                    table.rows.splice(rows[0]..=rows[rows.len() - 1], new.rows);
                } else {
                    // Cells of rows: each new row gives the cells of one row.
                    if new.rows.len() != row_list.len()
                        || new.rows.iter().any(|r| r.len() != col_list.len())
                    {
                        return Err(ApplyError::CellCount {
                            at: place,
                            cells: row_list.len() * col_list.len(),
                            given: new.rows.iter().map(Vec::len).sum::<usize>(),
                        });
                    }
                    for (i, &r) in row_list.iter().enumerate() {
                        for (j, &c) in col_list.iter().enumerate() {
                            *cell_mut(&mut table, r, c) = new.rows[i][j].clone();
                        }
                    }
                }
            }
            Operation::InsertRows {
                side, rows: text, ..
            } => {
                let new = Table::from_rows(text)
                    .ok_or_else(|| ApplyError::NotRows { at: place.clone() })?;
                check_width(&new, width, &name)?;
                let index = match (side, rows.first(), rows.last()) {
                    (Side::Before, Some(&first), _) => first,
                    (Side::After, _, Some(&last)) => last + 1,
                    (Side::After, _, None) => table.rows.len(),
                    (Side::Before, None, _) => 1.min(table.rows.len()),
                };
                if table.rows.get(index..index + new.rows.len()) == Some(&new.rows[..]) {
                    return Err(ApplyError::RowsThere {
                        count: new.rows.len(),
                        at: name,
                    });
                }
                table.rows.splice(index..index, new.rows);
            }
            _ => {
                return Err(ApplyError::NotForTable {
                    operation: op.summary(),
                });
            }
        }
        let text = table.to_text();
        let len = self.text(slot).len();
        self.edit(slot, 0..len, &text);
        Ok(())
    }

    /// The alinéa holding the table a place names, its table and where it
    /// is, for messages ("the table in alinéa 5 of article 33").
    fn table_at(&self, at: &Place) -> Result<(usize, Table, Where), ApplyError> {
        let tp = at.table.clone().unwrap_or_default();
        let base = Place {
            table: None,
            end: None,
            sentences: Vec::new(),
            ..at.clone()
        };
        let scope: Vec<usize> = if base.is_article() {
            (0..self.slots.len())
                .filter(|&i| matches!(self.slots[i].line, Line::Alinea(_)))
                .collect()
        } else {
            let mut v: Vec<usize> = self.regions(&base)?.iter().map(|r| r.slot).collect();
            v.dedup();
            v
        };
        let tables: Vec<usize> = scope
            .into_iter()
            .filter(|&i| crate::model::table::is_table(self.text(i)))
            .collect();
        let where_ = self.at(&base);
        let which = tp.table.unwrap_or(Nth::Index(1));
        if tables.len() > 1 && tp.table.is_none() {
            return Err(ApplyError::WhichTable {
                at: where_,
                count: tables.len(),
            });
        }
        let slot = which
            .index(tables.len())
            .map(|i| tables[i])
            .ok_or_else(|| {
                if tables.is_empty() {
                    ApplyError::NoTable { at: where_.clone() }
                } else {
                    ApplyError::NoSuchTable {
                        table: which,
                        at: where_.clone(),
                        count: tables.len(),
                    }
                }
            })?;
        let table = Table::parse(self.text(slot)).ok_or(ApplyError::NoTable { at: where_ })?;
        let whole = self.at(&Place {
            table: Some(crate::model::TablePlace {
                table: tp.table,
                ..Default::default()
            }),
            ..base
        });
        Ok((slot, table, whole))
    }

    /// Finds `words` in each cell named and edits them; an amount matches
    /// an amount of the same value whatever its spacing or « € ». None
    /// found: an error naming what the cell holds.
    fn edit_cells(
        &self,
        table: &mut Table,
        rows: &[usize],
        cols: &[usize],
        place: &Where,
        words: &Words,
        mut f: impl FnMut(&mut String, Range<usize>),
    ) -> Result<(), ApplyError> {
        let wanted = Amount::parse(&words.words);
        let mut found = 0;
        let mut seen = Vec::new();
        for &r in rows {
            for &c in cols {
                let Some(cell) = table.rows.get_mut(r).and_then(|row| row.get_mut(c)) else {
                    continue;
                };
                if wanted.is_some() && Amount::parse(cell) == wanted {
                    let len = cell.len();
                    f(cell, 0..len);
                    found += 1;
                    continue;
                }
                let hits = find_words(cell, &words.words);
                if let Some(h) = hits.into_iter().next_back() {
                    f(cell, h);
                    found += 1;
                } else {
                    seen.push(cell.clone());
                }
            }
        }
        if found == 0 {
            return Err(match seen.as_slice() {
                [one] if one.is_empty() => ApplyError::EmptyCell {
                    at: place.clone(),
                    words: words.words.clone(),
                },
                [one] if Amount::parse(one).is_some() => ApplyError::NumberCell {
                    at: place.clone(),
                    number: one.clone(),
                    words: words.words.clone(),
                },
                _ => ApplyError::WordsNotFound {
                    words: words.words.clone(),
                    at: place.clone(),
                },
            });
        }
        Ok(())
    }

    fn is_deleted(&self) -> bool {
        matches!(self.slots.as_slice(), [Slot { line: Line::Alinea(t), .. }] if t == DELETED)
    }

    fn replace_all(&mut self, text: Vec<String>) {
        self.slots = text
            .into_iter()
            .map(|t| Slot {
                line: Line::Alinea(t),
                origin: None,
            })
            .collect();
    }

    fn text(&self, slot: usize) -> &str {
        match &self.slots[slot].line {
            Line::Alinea(t) | Line::Gap(t) => t,
        }
    }

    fn edit(&mut self, slot: usize, range: Range<usize>, new: &str) {
        if let Line::Alinea(t) = &mut self.slots[slot].line {
            t.replace_range(range, new);
        }
    }

    /// Strikes words, with one of the spaces around them.
    fn strike(&mut self, slot: usize, range: Range<usize>) {
        let Line::Alinea(t) = &mut self.slots[slot].line else {
            return;
        };
        let mut start = range.start;
        let mut end = range.end;
        let before_space = t[..start].ends_with(char::is_whitespace);
        let after = t[end..].chars().next();
        let opening = t[..start].trim_end().ends_with(['«', '(', '\'', '’']);
        if before_space && opening && after.is_some_and(char::is_whitespace) {
            end += after.map_or(0, char::len_utf8);
        } else if before_space && (after.is_none_or(|c| c.is_whitespace() || ",.;:)»".contains(c)))
        {
            start -= t[..start].chars().next_back().map_or(0, char::len_utf8);
        } else if start == 0 && after.is_some_and(char::is_whitespace) {
            end += after.map_or(0, char::len_utf8);
        }
        t.replace_range(start..end, "");
    }

    fn cut_sentence(&mut self, r: &Region) {
        let Line::Alinea(t) = &mut self.slots[r.slot].line else {
            return;
        };
        let mut start = r.range.start;
        let mut end = r.range.end;
        let trailing = t[end..].len() - t[end..].trim_start().len();
        if trailing > 0 && end + trailing < t.len() {
            end += trailing;
        } else {
            start = t[..start].trim_end().len();
        }
        t.replace_range(start..end, "");
    }

    fn remove_slots(&mut self, regions: &[Region]) {
        let mut slots: Vec<usize> = regions.iter().map(|r| r.slot).collect();
        slots.sort_unstable();
        slots.dedup();
        for s in slots.into_iter().rev() {
            self.slots.remove(s);
        }
    }

    /// `place` in this draft, for messages.
    fn at(&self, place: &Place) -> Where {
        Where::at(place, &self.subject)
    }

    fn empty(&self, at: &Place) -> ApplyError {
        ApplyError::Empty { at: self.at(at) }
    }

    /// The spans a place stands for.
    fn regions(&self, at: &Place) -> Result<Vec<Region>, ApplyError> {
        if let Some(outside) = &at.outside {
            return Err(ApplyError::Outside {
                subject: self.subject.clone(),
                outside: outside.clone(),
            });
        }
        let mut scope: Vec<usize> = (0..self.slots.len())
            .filter(|&i| matches!(self.slots[i].line, Line::Alinea(_)))
            .collect();
        if self.is_deleted() {
            scope.clear();
        }
        for division in &at.division {
            scope = self.division(&scope, division)?;
        }
        let slots: Vec<usize> = if at.alineas.is_empty() {
            scope
        } else {
            let mut out = Vec::new();
            for a in &at.alineas {
                let found = if at.division.is_empty() {
                    self.absolute(*a)?
                } else {
                    self.relative(&scope, *a, at)?
                };
                out.extend(found);
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        let mut regions = Vec::new();
        for slot in slots {
            let text = self.text(slot);
            if at.sentences.is_empty() {
                regions.push(Region {
                    slot,
                    range: 0..text.len(),
                });
                continue;
            }
            let all = sentences(text);
            for s in &at.sentences {
                let i = s
                    .index(all.len())
                    .ok_or_else(|| ApplyError::NoSuchSentence {
                        sentence: *s,
                        at: self.at(&Place {
                            sentences: Vec::new(),
                            end: None,
                            ..at.clone()
                        }),
                        count: all.len(),
                    })?;
                regions.push(Region {
                    slot,
                    range: all[i].clone(),
                });
            }
        }
        regions.sort_by_key(|r| (r.slot, r.range.start));
        Ok(regions)
    }

    /// The slots of a division within `scope`: its first alinéa and those up
    /// to the next mark of the same or a higher level.
    fn division(&self, scope: &[usize], division: &str) -> Result<Vec<usize>, ApplyError> {
        let want = normalise_mark(division);
        let start = scope
            .iter()
            .position(|&s| mark(self.text(s)).is_some_and(|(_, m)| m == want));
        let Some(start) = start else {
            return Err(ApplyError::NoSuchDivision {
                division: division.to_owned(),
                at: Where::whole(&self.subject),
            });
        };
        let level = mark(self.text(scope[start])).map_or(0, |(l, _)| l);
        let mut out = vec![scope[start]];
        for &s in &scope[start + 1..] {
            if mark(self.text(s)).is_some_and(|(l, _)| l <= level) {
                break;
            }
            out.push(s);
        }
        Ok(out)
    }

    /// Alinéas numbered as the original text numbers them.
    fn absolute(&self, a: Alineas) -> Result<Vec<usize>, ApplyError> {
        match a {
            Alineas::One(Nth::Index(n)) => Ok(vec![self.origin(n)?]),
            Alineas::One(nth @ Nth::FromEnd { .. }) => {
                let alineas: Vec<usize> = (0..self.slots.len())
                    .filter(|&i| matches!(self.slots[i].line, Line::Alinea(_)))
                    .collect();
                let i = nth
                    .index(alineas.len())
                    .ok_or_else(|| ApplyError::NoSuchAlinea {
                        alinea: nth,
                        at: Where::whole(&self.subject),
                        count: alineas.len(),
                    })?;
                Ok(vec![alineas[i]])
            }
            Alineas::Range([from, to]) => {
                let first = self.origin(from)?;
                let last = self.origin(to)?;
                Ok((first.min(last)..=last.max(first))
                    .filter(|&i| matches!(self.slots[i].line, Line::Alinea(_)))
                    .collect())
            }
        }
    }

    /// The slot of original alinéa `n` (1-based).
    fn origin(&self, n: usize) -> Result<usize, ApplyError> {
        if let Some(i) = self
            .slots
            .iter()
            .position(|s| s.origin == Some(n.wrapping_sub(1)))
        {
            return Ok(i);
        }
        if n >= 1 && n <= self.count {
            return Err(ApplyError::Struck {
                alinea: n,
                at: Where::whole(&self.subject),
            });
        }
        if let Some(known) = self.known {
            return Err(ApplyError::NotKnown {
                alinea: n,
                at: Where::whole(&self.subject),
                known,
            });
        }
        Err(ApplyError::NoSuchAlinea {
            alinea: Nth::Index(n),
            at: Where::whole(&self.subject),
            count: self.count,
        })
    }

    /// Alinéas numbered within a division ("au deuxième alinéa du I").
    fn relative(&self, scope: &[usize], a: Alineas, at: &Place) -> Result<Vec<usize>, ApplyError> {
        let place = || {
            self.at(&Place {
                alineas: Vec::new(),
                sentences: Vec::new(),
                table: None,
                end: None,
                ..at.clone()
            })
        };
        let pick = |nth: Nth| {
            nth.index(scope.len())
                .map(|i| scope[i])
                .ok_or_else(|| ApplyError::NoSuchAlinea {
                    alinea: nth,
                    at: place(),
                    count: scope.len(),
                })
        };
        match a {
            Alineas::One(nth) => Ok(vec![pick(nth)?]),
            Alineas::Range([from, to]) => {
                let a = pick(Nth::Index(from))?;
                let b = pick(Nth::Index(to))?;
                Ok(scope
                    .iter()
                    .copied()
                    .filter(|&s| s >= a && s <= b)
                    .collect())
            }
        }
    }

    /// The occurrences of `words` a place and an occurrence list mean.
    fn find(&self, at: &Place, words: &Words) -> Result<Vec<(usize, Range<usize>)>, ApplyError> {
        let regions = self.regions(at)?;
        self.find_in(at, &regions, words)
    }

    fn find_in(
        &self,
        at: &Place,
        regions: &[Region],
        words: &Words,
    ) -> Result<Vec<(usize, Range<usize>)>, ApplyError> {
        let mut all = Vec::new();
        for r in regions {
            let text = &self.text(r.slot)[r.range.clone()];
            for m in find_words(text, &words.words) {
                all.push((
                    r.slot,
                    r.range.start + m.start..r.range.start + m.end,
                    r.range.end,
                ));
            }
        }
        if all.is_empty() {
            return Err(ApplyError::WordsNotFound {
                words: words.words.clone(),
                at: self.at(at),
            });
        }
        let chosen: Vec<(usize, Range<usize>)> = if words.occurrence.is_empty() {
            match at.end {
                // "À la fin de l’alinéa": the words that end it.
                Some(End::End) => {
                    let at_end: Vec<_> = all
                        .iter()
                        .filter(|(s, m, end)| only_punctuation(&self.text(*s)[m.end..*end]))
                        .cloned()
                        .collect();
                    let pick = if at_end.is_empty() {
                        all.last().cloned()
                    } else {
                        at_end.last().cloned()
                    };
                    pick.into_iter().map(|(s, m, _)| (s, m)).collect()
                }
                Some(End::Start) => all
                    .first()
                    .cloned()
                    .into_iter()
                    .map(|(s, m, _)| (s, m))
                    .collect(),
                None => all.into_iter().map(|(s, m, _)| (s, m)).collect(),
            }
        } else {
            let mut out = Vec::new();
            for nth in &words.occurrence {
                let i = nth
                    .index(all.len())
                    .ok_or_else(|| ApplyError::NoSuchOccurrence {
                        words: words.words.clone(),
                        occurrence: *nth,
                        at: self.at(at),
                        count: all.len(),
                    })?;
                out.push((all[i].0, all[i].1.clone()));
            }
            out.sort_by_key(|(s, m)| (*s, m.start));
            out.dedup();
            out
        };
        Ok(chosen)
    }
}

/// The space that goes after words inserted before others, unless they end
/// with an elision or an opening parenthesis.
/// Row or column indices (0-based, in order) for spans; a header is looked
/// up by `by_header`.
fn spans(
    spans: &[Span],
    count: usize,
    table: &Where,
    axis: Axis,
    by_header: impl Fn(&str) -> Option<usize>,
) -> Result<Vec<usize>, ApplyError> {
    let missing = |n: Nth| ApplyError::NoSuchSpan {
        axis,
        n,
        at: table.clone(),
        count,
    };
    let mut out = Vec::new();
    for s in spans {
        match s {
            Span::One(n) => out.push(n.index(count).ok_or_else(|| missing(*n))?),
            Span::Range([a, b]) => {
                let a_i = a.index(count).ok_or_else(|| missing(*a))?;
                let b_i = b.index(count).ok_or_else(|| missing(*b))?;
                out.extend(a_i..=b_i);
            }
            Span::Header { header } => {
                out.push(by_header(header).ok_or_else(|| ApplyError::NoSuchHeader {
                    axis,
                    header: header.clone(),
                    at: table.clone(),
                })?)
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// A header cell matches a name: same words, whatever the spaces, case,
/// apostrophes.
fn same_cell(cell: Option<&String>, name: &str) -> bool {
    let norm = |s: &str| {
        crate::model::fold(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    cell.is_some_and(|c| norm(c) == norm(name))
}

/// A cell, the row padded with empty cells if it is short.
fn cell_mut(table: &mut Table, r: usize, c: usize) -> &mut String {
    let row = &mut table.rows[r];
    if row.len() <= c {
        row.resize(c + 1, String::new());
    }
    &mut row[c]
}

fn contiguous(v: &[usize]) -> bool {
    v.windows(2).all(|w| w[1] == w[0] + 1)
}

/// New rows must have as many cells as the table has columns.
fn check_width(new: &Table, width: usize, table: &Where) -> Result<(), ApplyError> {
    match new.rows.iter().find(|r| r.len() != width) {
        Some(r) => Err(ApplyError::RowWidth {
            at: table.clone(),
            cells: r.len(),
            columns: width,
        }),
        None => Ok(()),
    }
}

fn separator_after(words: &str) -> &'static str {
    if words.ends_with(['\'', '’', '(']) {
        ""
    } else {
        " "
    }
}

/// The space that goes before added words, unless they open with punctuation.
fn separator(words: &str) -> &'static str {
    if words.starts_with([',', '.', ';', ':', ')']) {
        ""
    } else {
        " "
    }
}

/// Where the old start ends: after the last words of the new start, as
/// found in the old text (the longest such ending, at least one word).
fn start_end(old: &str, new: &str) -> Option<usize> {
    let words: Vec<&str> = new.split_whitespace().collect();
    for k in (1..=words.len().min(8)).rev() {
        let tail = words[words.len() - k..].join(" ");
        if let Some(m) = find_words(old, &tail).into_iter().next() {
            return Some(m.end);
        }
    }
    None
}
