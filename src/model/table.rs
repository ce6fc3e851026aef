//! Tables in texts, and amounts in them.
//!
//! A table is one alinéa, as the chambers count it. Its text is a Markdown
//! pipe table, one row per line, the first row its header, followed by a
//! delimiter row:
//!
//! ```text
//! | Désignation | Montant |
//! |---|---|
//! | Dotation globale de fonctionnement | 27 244 686 833 |
//! ```
//!
//! That text is what the store writes (one row per line, so `git diff` on
//! the store shows a changed row as a changed line) and what a stage's
//! Markdown source holds. Rows are counted as amendments count them: the
//! header row is the first; the delimiter row is not a row. A « | » inside
//! a cell is written `\|`.
//!
//! [`Amount`]s are numbers as printed in French (« 1 234 567 », with spaces,
//! no-break or narrow no-break spaces, « 43,6 », « + 6 955 », « 12 € »),
//! read so that a change of spacing alone is not a change of amount.

use std::fmt;

/// A table: rows of cells, the first row the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The rows, header first; each row's cells, verbatim and trimmed.
    pub rows: Vec<Vec<String>>,
}

/// True when an alinéa's text is a table (every line a pipe row).
pub fn is_table(text: &str) -> bool {
    !text.is_empty() && text.lines().all(is_pipe_row)
}

/// True for "| a | b |".
pub fn is_pipe_row(line: &str) -> bool {
    let l = line.trim();
    l.len() > 1 && l.starts_with('|') && l.ends_with('|')
}

/// True for a Markdown delimiter row ("|---|:---:|").
pub fn is_delimiter_row(line: &str) -> bool {
    is_pipe_row(line)
        && split_row(line)
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
}

/// The cells of a pipe row, trimmed, `\|` unescaped.
pub fn split_row(line: &str) -> Vec<String> {
    let l = line.trim();
    let inner = l
        .strip_prefix('|')
        .and_then(|s| s.strip_suffix('|'))
        .unwrap_or(l);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

/// A row of cells as a pipe row, « | » escaped.
pub fn join_row(cells: &[String]) -> String {
    let mut s = String::from("|");
    for c in cells {
        s.push(' ');
        s.push_str(&c.replace('|', "\\|"));
        s.push_str(" |");
    }
    s
}

impl Table {
    /// Reads a table's text (see the module documentation); None when a
    /// line is not a pipe row. The delimiter row is optional (tables quoted
    /// in amendments have none) and skipped.
    pub fn parse(text: &str) -> Option<Table> {
        if !is_table(text) {
            return None;
        }
        let rows = text
            .lines()
            .filter(|l| !is_delimiter_row(l))
            .map(split_row)
            .collect();
        Some(Table { rows })
    }

    /// A table from pipe rows (as an amendment quotes them), header first.
    pub fn from_rows(rows: &[String]) -> Option<Table> {
        Table::parse(&rows.join("\n"))
    }

    /// How many columns: the widest row's cells.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The table's text: header row, delimiter row, the other rows.
    pub fn to_text(&self) -> String {
        let width = self.width().max(1);
        let mut lines = Vec::with_capacity(self.rows.len() + 1);
        for (i, row) in self.rows.iter().enumerate() {
            lines.push(join_row(row));
            if i == 0 {
                lines.push(format!("|{}", "---|".repeat(width)));
            }
        }
        lines.join("\n")
    }
}

/// An amount as printed, read as a number: millionths of a unit, so that
/// « 43,6 » and « 1 234 567 € » compare exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i128);

/// Decimal places an amount keeps.
const SCALE: i128 = 1_000_000;

impl Amount {
    /// Reads « 1 234 567 », « 1 234 567 € », « + 6 955 », « −700 », « 43,6 »,
    /// « 2,5 % » is not an amount (None), nor is any other text. Digit groups
    /// after the first must have three digits (« 2025 2026 » is two numbers,
    /// not one).
    pub fn parse(s: &str) -> Option<Amount> {
        let mut t = s.trim();
        t = t.strip_suffix('€').map_or(t, str::trim_end);
        t = t.strip_suffix("euros").map_or(t, str::trim_end);
        let (negative, rest) = match t.chars().next()? {
            '-' | '−' | '–' => (true, &t[t.chars().next()?.len_utf8()..]),
            '+' => (false, &t[1..]),
            _ => (false, t),
        };
        let rest = rest.trim_start();
        let (int, frac) = match rest.split_once(',') {
            Some((i, f)) => (i, Some(f)),
            None => (rest, None),
        };
        let groups: Vec<&str> = int
            .split([' ', '\u{a0}', '\u{202f}'])
            .filter(|g| !g.is_empty())
            .collect();
        let (first, others) = groups.split_first()?;
        if first.is_empty()
            || first.len() > 3 && !others.is_empty()
            || !first.chars().all(|c| c.is_ascii_digit())
            || others
                .iter()
                .any(|g| g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        // No space may sit between a sign and a group but spaces; nothing else.
        let digits: String = groups.concat();
        if digits.len() > 24 {
            return None;
        }
        let mut value: i128 = digits.parse().ok()?;
        value = value.checked_mul(SCALE)?;
        if let Some(f) = frac {
            if f.is_empty() || f.len() > 6 || !f.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let padded = format!("{f:0<6}");
            value += padded.parse::<i128>().ok()?;
        }
        Some(Amount(if negative { -value } else { value }))
    }

    /// The difference `self − other`.
    pub fn minus(self, other: Amount) -> Amount {
        Amount(self.0 - other.0)
    }

    /// The sum.
    pub fn plus(self, other: Amount) -> Amount {
        Amount(self.0 + other.0)
    }

    /// Zero.
    pub const ZERO: Amount = Amount(0);

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// An amount from whole units (euros).
    pub fn units(n: i64) -> Amount {
        Amount(i128::from(n) * SCALE)
    }

    /// With an explicit sign ("+250 000", "−1 500"), as a change is shown.
    pub fn signed(self) -> String {
        if self.0 >= 0 {
            format!("+{self}")
        } else {
            format!("−{}", Amount(-self.0))
        }
    }
}

impl fmt::Display for Amount {
    /// French grouping with spaces: « 1 500 000 », « 43,6 », « −700 ».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let negative = self.0 < 0;
        let v = self.0.unsigned_abs();
        let int = (v / SCALE as u128).to_string();
        let frac = v % SCALE as u128;
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        if negative {
            f.write_str("−")?;
        }
        f.write_str(&grouped)?;
        if frac > 0 {
            let s = format!("{frac:06}");
            write!(f, ",{}", s.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

/// How an amount changed, as a diff says it: « 1 500 000 → 1 750 000
/// (+250 000) »; None unless both texts are amounts that differ.
pub fn amount_change(old: &str, new: &str) -> Option<String> {
    let (a, b) = (Amount::parse(old)?, Amount::parse(new)?);
    (a != b).then(|| format!("{a} → {b} ({})", b.minus(a).signed()))
}

/// True when two texts are the same amount printed differently (« 1 234 567 »
/// and « 1234567 € »): not a change of amount.
pub fn same_amount(old: &str, new: &str) -> bool {
    matches!((Amount::parse(old), Amount::parse(new)), (Some(a), Some(b)) if a == b)
}

/// The amounts printed in a text, in order: digit groups separated by
/// spaces (any kind) where every group after the first has three digits,
/// an optional decimal part (a « € » after it is not part of it); numbers glued to letters,
/// hyphens or periods (« L. 312-48 », « 1° ») are not amounts.
pub fn amounts_in(text: &str) -> Vec<(String, Amount)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    let glue = |c: char| c.is_alphanumeric() || matches!(c, '-' | '‑' | '.' | '°' | '/');
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        if !c.is_ascii_digit() || (k > 0 && glue(chars[k - 1].1)) {
            k += 1;
            continue;
        }
        // The first group, then groups of three after one space.
        let mut end_k = k;
        while end_k < chars.len() && chars[end_k].1.is_ascii_digit() {
            end_k += 1;
        }
        let first_len = end_k - k;
        loop {
            let s = end_k;
            if first_len <= 3
                && s + 3 < chars.len() + 1
                && s < chars.len()
                && is_space(chars[s].1)
                && (s + 1..s + 4).all(|i| chars.get(i).is_some_and(|c| c.1.is_ascii_digit()))
                && chars.get(s + 4).is_none_or(|c| !c.1.is_ascii_digit())
            {
                end_k = s + 4;
            } else {
                break;
            }
        }
        // A decimal part.
        if chars.get(end_k).is_some_and(|c| c.1 == ',')
            && chars.get(end_k + 1).is_some_and(|c| c.1.is_ascii_digit())
        {
            end_k += 1;
            while end_k < chars.len() && chars[end_k].1.is_ascii_digit() {
                end_k += 1;
            }
        }
        if chars.get(end_k).is_some_and(|c| glue(c.1) && c.1 != '.') {
            // « 2e », « 12-3 »: not an amount; skip the word.
            while end_k < chars.len() && !is_space(chars[end_k].1) {
                end_k += 1;
            }
            k = end_k;
            continue;
        }
        let end = chars.get(end_k).map_or(text.len(), |c| c.0);
        let printed = &text[start..end];
        if let Some(a) = Amount::parse(printed) {
            out.push((printed.to_owned(), a));
        }
        k = end_k;
    }
    out
}

/// What a diff of an alinéa says of its amounts: when both versions print
/// as many amounts, each pair whose value changed (« 1 500 000 → 1 750 000
/// (+250 000) ») and each printed differently with the same value (the
/// second of the pair: not a change of amount).
pub fn amount_notes(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let (a, b) = (amounts_in(old), amounts_in(new));
    let mut changed = Vec::new();
    let mut same = Vec::new();
    if a.len() != b.len() {
        return (changed, same);
    }
    for ((pa, va), (pb, vb)) in a.iter().zip(&b) {
        if va != vb {
            changed.push(format!("{va} → {vb} ({})", vb.minus(*va).signed()));
        } else if pa != pb {
            same.push(pb.clone());
        }
    }
    (changed, same)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_french_spacing_and_euros() {
        let a = Amount::parse("1 234 567").unwrap();
        assert_eq!(Amount::parse("1\u{202f}234\u{a0}567 €"), Some(a));
        assert_eq!(Amount::parse("1234567"), Some(a));
        assert_eq!(Amount::parse("+ 6 955").unwrap().to_string(), "6 955");
        assert_eq!(Amount::parse("- 134 070").unwrap().to_string(), "−134 070");
        assert_eq!(Amount::parse("43,6").unwrap().to_string(), "43,6");
        assert_eq!(Amount::parse("2025 2026"), None);
        assert_eq!(Amount::parse("12 34"), None);
        assert_eq!(Amount::parse("Non chiffrable"), None);
        assert_eq!(Amount::parse("2,5 %"), None);
    }

    #[test]
    fn an_amount_change_says_by_how_much() {
        assert_eq!(
            amount_change("1 500 000", "1 750 000 €").as_deref(),
            Some("1 500 000 → 1 750 000 (+250 000)")
        );
        assert_eq!(amount_change("1 500 000", "1\u{a0}500\u{a0}000"), None);
        assert!(same_amount("44 188 897 951 €", "44 188 897 951"));
        assert_eq!(
            amount_change("205 117 000", "165 117 000").as_deref(),
            Some("205 117 000 → 165 117 000 (−40 000 000)")
        );
    }

    #[test]
    fn amounts_are_found_in_text_and_compared() {
        let old = "fixé à 44 188 897 951 € pour 2025, au titre de l’article L. 312-48";
        let new = "fixé à 44 358 897 951 € pour 2025, au titre de l’article L. 312-48";
        let found: Vec<String> = amounts_in(old).into_iter().map(|(p, _)| p).collect();
        assert_eq!(found, ["44 188 897 951", "2025"]);
        assert_eq!(
            amount_notes(old, new).0,
            ["44 188 897 951 → 44 358 897 951 (+170 000 000)"]
        );
        let spaced = "fixé à 44\u{202f}188\u{202f}897\u{202f}951 € pour 2025";
        let (changed, same) = amount_notes("fixé à 44 188 897 951 € pour 2025", spaced);
        assert!(changed.is_empty());
        assert_eq!(same.len(), 1);
    }

    #[test]
    fn a_table_reads_and_writes_one_row_per_line() {
        let t = Table::from_rows(&[
            "| Mission | Montant |".to_owned(),
            "| Défense | 1 000 |".to_owned(),
            "| a \\| b | 2 |".to_owned(),
        ])
        .unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2][0], "a | b");
        let text = t.to_text();
        assert_eq!(
            text,
            "| Mission | Montant |\n|---|---|\n| Défense | 1 000 |\n| a \\| b | 2 |"
        );
        assert_eq!(Table::parse(&text), Some(t));
        assert!(!is_table("Un alinéa | avec une barre"));
    }
}
