//! Tables in every output that can hold one: a table alinéa's diff
//! (`diff::table`) as aligned columns in a terminal, a Markdown pipe table,
//! an HTML `<table>` with `<th scope>`, `<del>` and `<ins>`, two columns of
//! rows side by side; and each changed amount named by its row and column.

use std::fmt::Write as _;

use crate::diff::EntryKind;
use crate::diff::table::{CellChange, CellDiff, RowDiff, TableDiff};
use crate::render::diff::{esc, md};
use crate::render::lang::Lang;
use crate::render::layout::display_width;
use crate::render::style::{Mark, Painter};

/// The rows to show: changed rows with `context` rows around them, the
/// header row always; `Err(n)` stands for `n` unchanged rows not shown.
fn visible(td: &TableDiff, context: usize) -> Vec<Result<&RowDiff, usize>> {
    let n = td.rows.len();
    let mut keep = vec![false; n];
    if let Some(k) = keep.first_mut() {
        *k = true;
    }
    for (i, r) in td.rows.iter().enumerate() {
        if r.kind != EntryKind::Same {
            for k in keep
                .iter_mut()
                .take((i + context + 1).min(n))
                .skip(i.saturating_sub(context))
            {
                *k = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut hidden = 0;
    for (i, r) in td.rows.iter().enumerate() {
        if keep[i] {
            if hidden > 0 {
                out.push(Err(hidden));
                hidden = 0;
            }
            out.push(Ok(r));
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        out.push(Err(hidden));
    }
    out
}

/// A cell as shown in one line: its text, or old and new marked.
fn cell_runs(kind: EntryKind, c: &CellDiff) -> Vec<(Mark, String)> {
    match kind {
        EntryKind::Deleted | EntryKind::MovedFrom => vec![(Mark::Del, c.text().to_owned())],
        EntryKind::Inserted => vec![(Mark::Ins, c.text().to_owned())],
        _ if c.changed => {
            let mut v = Vec::new();
            if let Some(o) = c.old.as_deref().filter(|o| !o.is_empty()) {
                v.push((Mark::Del, o.to_owned()));
            }
            if let Some(n) = c.new.as_deref().filter(|n| !n.is_empty()) {
                if !v.is_empty() {
                    v.push((Mark::Plain, " ".to_owned()));
                }
                v.push((Mark::Ins, n.to_owned()));
            }
            v
        }
        _ => vec![(Mark::Plain, c.text().to_owned())],
    }
}

fn paint(p: Painter, runs: &[(Mark, String)]) -> String {
    runs.iter().map(|(m, t)| p.paint(*m, t)).collect()
}

fn cut(s: &str, room: usize) -> String {
    if display_width(s) <= room {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if display_width(&out) + 2 > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A table diff as aligned columns, each line starting with `indent`:
/// a marker (`~` changed, `-` deleted, `+` inserted) and the row's number,
/// then the cells, two spaces apart, amounts right-aligned; the first
/// column is cut (with « … ») when the table is wider than `width`. Then,
/// one line per changed cell: its row and column headers and the change
/// (« 2 027 → 2 527 (+500) »). Lines end in `\n`.
pub fn text(td: &TableDiff, p: Painter, indent: &str, width: usize, lang: Lang) -> String {
    let cols = td.width();
    let rows = visible(td, 1);
    // Widths from the plain rendering (markers count, colour does not).
    let plain = Painter { color: false };
    let mut widths = vec![0usize; cols];
    for r in rows.iter().flatten() {
        for (i, c) in r.cells.iter().enumerate() {
            let w = display_width(&paint(plain, &cell_runs(r.kind, c)));
            widths[i] = widths[i].max(w);
        }
    }
    let gutter = 6;
    let others: usize = widths.iter().skip(1).map(|w| w + 2).sum();
    if let Some(first) = widths.first_mut() {
        let room = width.saturating_sub(display_width(indent) + gutter + others);
        *first = (*first).min(room.max(12));
    }
    let numeric = |i: usize| {
        td.rows.iter().skip(1).all(|r| {
            r.cells.get(i).is_none_or(|c| {
                let t = c.text();
                t.is_empty() || crate::model::table::Amount::parse(t).is_some()
            })
        })
    };
    let right: Vec<bool> = (0..cols).map(|i| i > 0 && numeric(i)).collect();
    let mut out = String::new();
    for v in &rows {
        let r = match v {
            Ok(r) => r,
            Err(n) => {
                let line = format!(
                    "{indent}{:gutter$}⋮ {}",
                    "",
                    lang.pick(
                        &format!("{n} unchanged row{}", if *n == 1 { "" } else { "s" }),
                        &format!("{n} ligne{} inchangée{}", plural(*n), plural(*n)),
                    )
                );
                let _ = writeln!(out, "{}", p.paint(Mark::Dim, &line));
                continue;
            }
        };
        let mark = match r.kind {
            EntryKind::Changed => '~',
            EntryKind::Deleted | EntryKind::MovedFrom => '-',
            EntryKind::Inserted | EntryKind::MovedTo => '+',
            EntryKind::Same => ' ',
        };
        let number = r.new.or(r.old).map(|n| n.to_string()).unwrap_or_default();
        let mut line = format!("{indent}{mark} {number:>3}  ");
        for (i, w) in widths.iter().enumerate() {
            let c = r.cells.get(i);
            let runs = c.map(|c| cell_runs(r.kind, c)).unwrap_or_default();
            let shown_plain = paint(plain, &runs);
            let (shown, shown_w) = if i == 0 && display_width(&shown_plain) > *w {
                let t = cut(&shown_plain, *w);
                let wd = display_width(&t);
                (t, wd)
            } else {
                (paint(p, &runs), display_width(&shown_plain))
            };
            let pad = w.saturating_sub(shown_w);
            if right[i] {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(&shown);
            } else {
                line.push_str(&shown);
                if i + 1 < cols {
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            if i + 1 < cols {
                line.push_str("  ");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    for c in td.changes() {
        let note = change_note(lang, &c, |s| s.to_owned());
        let lead = format!("{indent}{:gutter$}", "");
        for l in crate::render::layout::hang(&lead, &note, width).lines() {
            let _ = writeln!(out, "{}", p.paint(Mark::Dim, l));
        }
    }
    out
}

/// One changed cell in words, its texts passed through `escape` for the
/// format: « ligne 3 « Crédits », colonne « 2025 » : 1 500 → 1 750 (+250) ».
fn change_note(lang: Lang, c: &CellChange, escape: impl Fn(&str) -> String) -> String {
    let what = c.amount.clone().unwrap_or_else(|| match lang {
        Lang::En => format!("“{}” → “{}”", c.old, c.new),
        Lang::Fr => format!("« {} » → « {} »", c.old, c.new),
    });
    match lang {
        Lang::En => format!(
            "row {} “{}”, column “{}”: {}",
            c.row,
            escape(&c.row_header),
            escape(&c.column_header),
            escape(&what)
        ),
        Lang::Fr => format!(
            "ligne {} « {} », colonne « {} » : {}",
            c.row,
            escape(&c.row_header),
            escape(&c.column_header),
            escape(&what)
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A table diff as a Markdown pipe table: deleted text struck (`~~`),
/// inserted text bold, a first column saying what happened to the row.
pub fn markdown(td: &TableDiff, lang: Lang) -> String {
    let cols = td.width();
    let mut out = String::new();
    let cell = |s: &str| md(s).replace('|', "\\|");
    let _ = write!(out, "| {} |", lang.pick("row", "ligne"));
    for h in 0..cols {
        let _ = write!(
            out,
            " {} |",
            cell(td.header.get(h).map_or("", String::as_str))
        );
    }
    out.push('\n');
    out.push_str(&format!("|---:|{}\n", "---|".repeat(cols)));
    for v in visible(td, 1) {
        let r = match v {
            Ok(r) => r,
            Err(_) => {
                let _ = writeln!(out, "| … |{}", " |".repeat(cols));
                continue;
            }
        };
        // The header row is the table's heading above.
        if r.kind == EntryKind::Same && r.new == Some(1) {
            continue;
        }
        let number = r.new.or(r.old).map(|n| n.to_string()).unwrap_or_default();
        let mark = match r.kind {
            EntryKind::Changed => " ~",
            EntryKind::Deleted | EntryKind::MovedFrom => " −",
            EntryKind::Inserted | EntryKind::MovedTo => " +",
            EntryKind::Same => "",
        };
        let _ = write!(out, "| {number}{mark} |");
        for i in 0..cols {
            let shown = r.cells.get(i).map_or(String::new(), |c| {
                cell_runs(r.kind, c)
                    .iter()
                    .map(|(m, t)| match m {
                        Mark::Del if !t.trim().is_empty() => format!("~~{}~~", cell(t.trim())),
                        Mark::Ins if !t.trim().is_empty() => format!("**{}**", cell(t.trim())),
                        _ => cell(t),
                    })
                    .collect()
            });
            let _ = write!(out, " {shown} |");
        }
        out.push('\n');
    }
    let changes = td.changes();
    if !changes.is_empty() {
        out.push('\n');
        for c in changes {
            let _ = writeln!(out, "- {}", change_note(lang, &c, md));
        }
    }
    out
}

/// A table diff as an HTML `<table>`: the header row in `<thead>` with
/// `<th scope="col">`, each row's first cell a `<th scope="row">`, rows
/// classed by what happened to them, changed cells with `<del>` and
/// `<ins>` and the amount's change as a title.
pub fn html(td: &TableDiff, lang: Lang) -> String {
    let mut out = String::from("<table class=\"amendo-table\">\n");
    let cell_html = |r: &RowDiff, c: &CellDiff| -> String {
        match r.kind {
            EntryKind::Deleted | EntryKind::MovedFrom => format!("<del>{}</del>", esc(c.text())),
            EntryKind::Inserted => format!("<ins>{}</ins>", esc(c.text())),
            _ if c.changed => {
                let mut s = String::new();
                if let Some(o) = c.old.as_deref().filter(|o| !o.is_empty()) {
                    let _ = write!(s, "<del>{}</del>", esc(o));
                }
                if let Some(n) = c.new.as_deref().filter(|n| !n.is_empty()) {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    let _ = write!(s, "<ins>{}</ins>", esc(n));
                }
                s
            }
            _ => esc(c.text()),
        }
    };
    let class = |k: EntryKind| match k {
        EntryKind::Same => "same",
        EntryKind::Changed => "changed",
        EntryKind::Deleted | EntryKind::MovedFrom => "deleted",
        EntryKind::Inserted | EntryKind::MovedTo => "inserted",
    };
    for (i, r) in td.rows.iter().enumerate() {
        if i == 0 {
            out.push_str("<thead>\n");
        }
        let _ = write!(out, "<tr class=\"{}\">", class(r.kind));
        for (j, c) in r.cells.iter().enumerate() {
            let title = c
                .amount
                .as_deref()
                .map(|a| format!(" title=\"{}\"", esc(a)))
                .unwrap_or_default();
            let (open, close) = match (i, j) {
                (0, _) => ("<th scope=\"col\"", "</th>"),
                (_, 0) => ("<th scope=\"row\"", "</th>"),
                _ => ("<td", "</td>"),
            };
            let _ = write!(out, "{open}{title}>{}{close}", cell_html(r, c));
        }
        out.push_str("</tr>\n");
        if i == 0 {
            out.push_str("</thead>\n<tbody>\n");
        }
    }
    if !td.rows.is_empty() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
    let changes = td.changes();
    if !changes.is_empty() {
        out.push_str("<ul class=\"cell-changes\">\n");
        for c in changes {
            let _ = writeln!(out, "<li>{}</li>", change_note(lang, &c, esc));
        }
        out.push_str("</ul>\n");
    }
    out
}

/// A table diff in two columns of `col` width: each row's old cells on the
/// left, new cells on the right, cells separated by « · », each side after
/// its row number. Returns lines ending in `\n`.
pub fn side_by_side(td: &TableDiff, p: Painter, col: usize) -> String {
    let mut out = String::new();
    for v in visible(td, 1) {
        let r = match v {
            Ok(r) => r,
            Err(n) => {
                let mark = format!("⋮ {n}");
                let pad = col.saturating_sub(display_width(&mark));
                let _ = writeln!(
                    out,
                    "    {}{} │",
                    p.paint(Mark::Dim, &mark),
                    " ".repeat(pad)
                );
                continue;
            }
        };
        let side = |new: bool| -> Vec<(Mark, String)> {
            let mut runs = Vec::new();
            for (i, c) in r.cells.iter().enumerate() {
                if i > 0 {
                    runs.push((Mark::Plain, " · ".to_owned()));
                }
                let t = if new {
                    c.new.as_deref()
                } else {
                    c.old.as_deref()
                };
                let m = if c.changed || matches!(r.kind, EntryKind::Inserted | EntryKind::Deleted) {
                    if new { Mark::Ins } else { Mark::Del }
                } else {
                    Mark::Plain
                };
                runs.push((m, t.unwrap_or("").to_owned()));
            }
            runs
        };
        let left = if r.old.is_some() {
            p.wrap(&side(false), col)
        } else {
            Vec::new()
        };
        let right = if r.new.is_some() {
            p.wrap(&side(true), col)
        } else {
            Vec::new()
        };
        for k in 0..left.len().max(right.len()) {
            let num = |n: Option<usize>, show: bool| {
                if k == 0 && show {
                    n.map(|n| n.to_string()).unwrap_or_default()
                } else {
                    String::new()
                }
            };
            let l = left.get(k).cloned().unwrap_or_else(|| " ".repeat(col));
            let rt = right.get(k).cloned().unwrap_or_default();
            let line = format!(
                "{:>3} {l} │ {:>3} {rt}",
                num(r.old, r.old.is_some()),
                num(r.new, r.new.is_some())
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}
