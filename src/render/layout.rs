//! Laying text out in a terminal's width: paragraphs wrapped with a hanging
//! indent under a label or number column, and tables.
//!
//! Every text renderer takes its width from [`Width`]: the `--width` asked
//! for, else the terminal's, else 100 when the output goes to a pipe or a
//! file; absurd widths are clamped to what a line can hold.

use unicode_width::UnicodeWidthStr;

use crate::render::style::{Mark, Painter};

/// The narrowest and widest text layouts.
pub const MIN_WIDTH: usize = 50;
/// See [`MIN_WIDTH`].
pub const MAX_WIDTH: usize = 400;
/// The width of text written to a pipe or a file.
pub const PIPE_WIDTH: usize = 100;

/// Clamps a width asked for to [`MIN_WIDTH`]..=[`MAX_WIDTH`].
pub fn clamp_width(w: usize) -> usize {
    w.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// The display width of a string without its ANSI escapes.
pub fn display_width(s: &str) -> usize {
    if !s.contains('\x1b') {
        return UnicodeWidthStr::width(s);
    }
    let mut w = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        w += UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
    }
    w
}

/// `text` wrapped to `width` columns: the first line starts with `first`,
/// the others with as many spaces as `first` is wide (a hanging indent).
/// Words wider than a line are cut. Returns lines ending in `\n`.
pub fn hang(first: &str, text: &str, width: usize) -> String {
    hang_runs(
        first,
        &[(Mark::Plain, text)],
        width,
        Painter { color: false },
    )
}

/// Like [`hang`], with a label column: `label` padded to `column` columns,
/// then the value wrapped under the value column.
pub fn field(label: &str, column: usize, value: &str, width: usize) -> String {
    let pad = column.saturating_sub(display_width(label)).max(1);
    hang(&format!("{label}{}", " ".repeat(pad)), value, width)
}

/// Like [`field`], for a list: `items` joined by `sep` and wrapped between
/// items, so that no item (a member's name, « 978 (RN) rejeté ») is split
/// across lines unless it is wider than a line by itself.
pub fn field_items(label: &str, column: usize, items: &[&str], sep: &str, width: usize) -> String {
    let pad = column.saturating_sub(display_width(label)).max(1);
    let first = format!("{label}{}", " ".repeat(pad));
    let indent = display_width(&first);
    let room = width.saturating_sub(indent).max(12);
    let sep_w = display_width(sep.trim_end());
    let gap = (sep.len() - sep.trim_end().len()).max(1);
    let mut lines: Vec<String> = vec![String::new()];
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let shown = if last {
            (*item).to_owned()
        } else {
            format!("{item}{}", sep.trim_end())
        };
        let w = display_width(item) + if last { 0 } else { sep_w };
        let line = lines.last_mut().expect("one line at least");
        let used = display_width(line);
        if !line.is_empty() && used + gap + w > room {
            lines.push(shown);
        } else {
            if !line.is_empty() {
                line.extend(std::iter::repeat_n(' ', gap));
            }
            line.push_str(&shown);
        }
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        // An item wider than a line is wrapped on its own.
        let head = if i == 0 {
            first.clone()
        } else {
            " ".repeat(indent)
        };
        if display_width(l) > room {
            out.push_str(&hang(&head, l, width));
        } else {
            out.push_str(&head);
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Marked runs wrapped like [`hang`], painted by `p`. `first` may hold
/// escapes; its display width sets the indent.
pub fn hang_runs<S: AsRef<str>>(
    first: &str,
    runs: &[(Mark, S)],
    width: usize,
    p: Painter,
) -> String {
    let mut out = String::new();
    hang_runs_into(&mut out, first, runs, width, p);
    out
}

/// [`hang_runs`], written at the end of `out`.
pub fn hang_runs_into<S: AsRef<str>>(
    out: &mut String,
    first: &str,
    runs: &[(Mark, S)],
    width: usize,
    p: Painter,
) {
    let indent = display_width(first);
    let room = width.saturating_sub(indent).max(12);
    let mut head = Some(first);
    p.wrap_each(runs, room, &mut |line, _pad| {
        match head.take() {
            Some(first) => out.push_str(first),
            None => out.extend(std::iter::repeat_n(' ', indent)),
        }
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    });
}

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// `cell` cut to `max` columns, ending in "…" when cut.
fn cut_to(cell: &str, max: usize) -> String {
    if display_width(cell) <= max {
        return cell.to_owned();
    }
    let mut out = String::new();
    for c in cell.chars() {
        if display_width(&out) + display_width(&c.to_string()) + 1 > max {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// A table: a header row and rows, columns two spaces apart, each line
/// starting with `indent`. The last column, when left-aligned, wraps under
/// itself to fit `width`. Returns lines ending in `\n`.
pub fn table(
    header: &[&str],
    rows: &[Vec<String>],
    align: &[Align],
    indent: &str,
    width: usize,
) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    // When the columns before the last leave it too little room, the
    // left-aligned ones give way, their cells cut with "…": first down to
    // what nine rows in ten need, or 12 (the rare long cell is cut), then down to
    // their header's width or 8, widest first, so every column stays on the
    // screen.
    let is_left = |i: usize| align.get(i).copied().unwrap_or(Align::Left) == Align::Left;
    if n > 1 {
        let last_wants = widths[n - 1].min(16);
        let most = |i: usize| {
            let mut w: Vec<usize> = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| display_width(c))
                .collect();
            w.sort_unstable();
            let p90 = w.get(w.len() * 9 / 10).copied().unwrap_or(0);
            p90.max(display_width(header[i])).max(12)
        };
        let typical: Vec<usize> = (0..n - 1).map(most).collect();
        let minimum: Vec<usize> = (0..n - 1)
            .map(|i| display_width(header[i]).max(8))
            .collect();
        for floor in [typical, minimum] {
            loop {
                let before: usize =
                    display_width(indent) + widths[..n - 1].iter().sum::<usize>() + 2 * (n - 1);
                if before + last_wants <= width {
                    break;
                }
                let Some(i) = (0..n - 1)
                    .filter(|&i| is_left(i) && widths[i] > floor[i])
                    .max_by_key(|&i| widths[i])
                else {
                    break;
                };
                widths[i] -= 1;
            }
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = indent.to_owned();
        for (i, cell) in cells.iter().enumerate().take(n) {
            let cut;
            let cell = if i + 1 < n && is_left(i) && display_width(cell) > widths[i] {
                cut = cut_to(cell, widths[i]);
                &cut
            } else {
                cell
            };
            let pad = widths[i].saturating_sub(display_width(cell));
            let last = i + 1 == n;
            match align.get(i).copied().unwrap_or(Align::Left) {
                Align::Right => {
                    s.extend(std::iter::repeat_n(' ', pad));
                    s.push_str(cell);
                }
                Align::Left if last => {
                    let here = display_width(&s);
                    let room = width.saturating_sub(here);
                    if display_width(cell) <= room {
                        s.push_str(cell);
                    } else if room >= 16 {
                        let wrapped = hang(&s, cell, width);
                        return wrapped.trim_end_matches('\n').to_owned();
                    } else if room >= 4 {
                        // No room to wrap under: cut, and say so with "…".
                        let mut cut = String::new();
                        for c in cell.chars() {
                            if display_width(&cut) + 2 > room {
                                break;
                            }
                            cut.push(c);
                        }
                        s.push_str(cut.trim_end());
                        s.push('…');
                    }
                }
                Align::Left => {
                    s.push_str(cell);
                    s.extend(std::iter::repeat_n(' ', pad));
                }
            }
            if !last {
                s.push_str("  ");
            }
        }
        s.trim_end().to_owned()
    };
    let mut out = String::new();
    let head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    out.push_str(&line(&head));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_indent_keeps_the_column() {
        let s = hang("  12  ", "un deux trois quatre cinq six sept huit", 24);
        assert_eq!(
            s,
            "  12  un deux trois\n      quatre cinq six\n      sept huit\n"
        );
        assert!(s.lines().all(|l| display_width(l) <= 24));
    }

    #[test]
    fn tables_align_numbers_right() {
        let rows = vec![
            vec!["RN".to_owned(), "0".to_owned(), "43".to_owned()],
            vec!["EPR".to_owned(), "9".to_owned(), "8".to_owned()],
        ];
        let t = table(
            &["group", "for", "against"],
            &rows,
            &[Align::Left, Align::Right, Align::Right],
            "",
            80,
        );
        assert_eq!(
            t,
            "group  for  against\nRN       0       43\nEPR      9        8\n"
        );
    }

    #[test]
    fn widths_are_clamped() {
        assert_eq!(clamp_width(3), MIN_WIDTH);
        assert_eq!(clamp_width(1_000_000), MAX_WIDTH);
        assert_eq!(clamp_width(100), 100);
    }

    #[test]
    fn list_items_are_never_split() {
        let names = [
            "Françoise Buffet",
            "Jean-Luc Fugit",
            "Joséphine Missoffe",
            "Nathalie Da Conceicao Carvalho",
            "Corentin Le Fur",
        ];
        // From 43 columns on, the longest name and its comma fit after the label.
        for width in 43..80 {
            let out = field_items("  EPR (5)", 12, &names, ", ", width);
            let flat: Vec<&str> = out.lines().map(|l| l[12.min(l.len())..].trim()).collect();
            assert_eq!(flat.join(" "), names.join(", "), "at {width}:\n{out}");
            for l in out.lines() {
                assert!(display_width(l) <= width, "{l:?} wider than {width}");
                let body = l[12..].trim().trim_end_matches(',');
                assert!(
                    body.split(", ").all(|n| names.contains(&n)),
                    "a name is split at {width}:\n{out}"
                );
            }
        }
    }
}
