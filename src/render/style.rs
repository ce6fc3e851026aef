//! Marking insertions and deletions in terminal text: colour for a terminal,
//! plain characters otherwise, so a piped diff still shows every change.
//!
//! Without colour, a deletion reads `[-old-]` and an insertion `{+new+}`
//! (the convention of `git diff --word-diff=plain`).

use unicode_width::UnicodeWidthStr;

/// How a run of text is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Ordinary text.
    Plain,
    /// Deleted text.
    Del,
    /// Inserted text.
    Ins,
    /// Secondary text (numbers, notes).
    Dim,
    /// A heading.
    Bold,
}

/// Writes marked text with or without ANSI colour.
#[derive(Clone, Copy, Debug)]
pub struct Painter {
    /// True to use ANSI colour and attributes.
    pub color: bool,
}

impl Painter {
    /// Text marked as `mark`.
    pub fn paint(&self, mark: Mark, text: &str) -> String {
        let mut out = String::new();
        self.paint_into(&mut out, mark, text);
        out
    }

    /// [`Painter::paint`], written at the end of `out`.
    pub fn paint_into(&self, out: &mut String, mark: Mark, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.color {
            let code = match mark {
                Mark::Plain => return out.push_str(text),
                Mark::Del => "9;31",
                Mark::Ins => "4;32",
                Mark::Dim => "2",
                Mark::Bold => "1",
            };
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(text);
            out.push_str("\x1b[0m");
        } else {
            let (open, close) = markers(false, mark);
            out.push_str(open);
            out.push_str(text);
            out.push_str(close);
        }
    }

    /// Marked runs wrapped to `width` columns, each line padded to `width`.
    /// Words longer than the width are cut.
    pub fn wrap<S: AsRef<str>>(&self, runs: &[(Mark, S)], width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        self.wrap_each(runs, width, &mut |line, pad| {
            let mut s = String::with_capacity(line.len() + pad);
            s.push_str(line);
            s.extend(std::iter::repeat_n(' ', pad));
            lines.push(s);
        });
        lines
    }

    /// [`Painter::wrap`] line by line, without building the lines: `emit`
    /// gets each line (painted, not padded) and the number of spaces that
    /// pad it to `width`.
    pub fn wrap_each<S: AsRef<str>>(
        &self,
        runs: &[(Mark, S)],
        width: usize,
        emit: &mut dyn FnMut(&str, usize),
    ) {
        let width = width.max(8);
        // Most alinéas fit on one line, or are plain text: the quick ways.
        if self.wrap_quick(runs, width, emit) || self.wrap_words_each(runs, width, emit) {
            return;
        }
        for line in self.wrap_cells(runs, width) {
            emit(&line, 0);
        }
    }

    /// `wrap` character by character: the general way, which cuts words
    /// wider than a line.
    fn wrap_cells<S: AsRef<str>>(&self, runs: &[(Mark, S)], width: usize) -> Vec<String> {
        // Characters with their mark, plain markers included when no colour.
        let mut cells: Vec<(char, Mark)> = Vec::new();
        for (mark, text) in runs {
            let (open, close) = markers(self.color, *mark);
            cells.extend(open.chars().map(|c| (c, *mark)));
            cells.extend(
                text.as_ref()
                    .chars()
                    .map(|c| (if c == '\n' { ' ' } else { c }, *mark)),
            );
            cells.extend(close.chars().map(|c| (c, *mark)));
        }
        let mut lines: Vec<Vec<(char, Mark)>> = Vec::new();
        let mut line: Vec<(char, Mark)> = Vec::new();
        let mut line_w = 0;
        let mut i = 0;
        while i < cells.len() {
            // The next word with the spaces after it.
            let start = i;
            loop {
                let word_start = i;
                while i < cells.len() && !breaks(cells[i].0) {
                    i += 1;
                }
                let word_end = i;
                while i < cells.len() && breaks(cells[i].0) {
                    i += 1;
                }
                // A space the language does not break at: go on with the next word.
                let next_end = cells[i..]
                    .iter()
                    .position(|c| breaks(c.0))
                    .map_or(cells.len(), |n| i + n);
                if i == cells.len() || word_start == word_end {
                    break;
                }
                // The words as the other ways see them: one mark's piece each.
                let prev_mark = cells[word_end - 1].1;
                let prev: String = cells[word_start..word_end]
                    .iter()
                    .rev()
                    .take_while(|c| c.1 == prev_mark)
                    .map(|c| c.0)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let next: String = cells[i..next_end]
                    .iter()
                    .take_while(|c| c.1 == cells[i].1)
                    .map(|c| c.0)
                    .collect();
                if !glued(&prev, &next) {
                    break;
                }
            }
            let word = &cells[start..i];
            let w = cells_width(word);
            let trimmed_w = cells_width(trim_end(word));
            if line_w + trimmed_w > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if trimmed_w > width {
                // A word wider than a line: cut it.
                for &cell in word {
                    let cw = char_width(cell.0);
                    if line_w + cw > width {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0;
                    }
                    line.push(cell);
                    line_w += cw;
                }
            } else {
                line.extend_from_slice(word);
                line_w += w;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
            .into_iter()
            .map(|l| {
                let l = trim_end(&l);
                let pad = width.saturating_sub(cells_width(l));
                let mut s = self.paint_cells(l);
                s.extend(std::iter::repeat_n(' ', pad));
                s
            })
            .collect()
    }

    /// `wrap` for text that fits on one line: false when another way is
    /// needed.
    fn wrap_quick<S: AsRef<str>>(
        &self,
        runs: &[(Mark, S)],
        width: usize,
        emit: &mut dyn FnMut(&str, usize),
    ) -> bool {
        if runs.iter().any(|(_, t)| t.as_ref().contains('\n')) {
            return false;
        }
        let markers = |m: &Mark| match (self.color, m) {
            (false, Mark::Del | Mark::Ins) => 4,
            _ => 0,
        };
        let total: usize = runs
            .iter()
            .map(|(m, t)| width_of(t.as_ref()) + markers(m))
            .sum();
        if total > width {
            return false;
        }
        let mut s = String::with_capacity(total + 16);
        for (m, t) in runs {
            self.paint_into(&mut s, *m, t.as_ref());
        }
        let trimmed = s.trim_end_matches(char::is_whitespace).len();
        s.truncate(trimmed);
        let shown = display_width_plain(&s, self.color);
        emit(&s, width.saturating_sub(shown));
        true
    }

    /// `wrap` word by word, for text whose every word fits on a line
    /// (false, and nothing emitted, otherwise: the general way cuts long
    /// words).
    fn wrap_words_each<S: AsRef<str>>(
        &self,
        runs: &[(Mark, S)],
        width: usize,
        emit: &mut dyn FnMut(&str, usize),
    ) -> bool {
        // The runs as shown (plain markers around deletions and
        // insertions, line breaks as spaces), in one buffer.
        let size: usize = runs.iter().map(|(_, t)| t.as_ref().len() + 4).sum();
        let mut buf = String::with_capacity(size);
        let mut pieces: Vec<(Mark, usize, usize)> = Vec::with_capacity(runs.len());
        for (mark, text) in runs {
            let text = text.as_ref();
            let start = buf.len();
            let (open, close) = markers(self.color, *mark);
            buf.push_str(open);
            if text.contains('\n') {
                buf.extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
            } else {
                buf.push_str(text);
            }
            buf.push_str(close);
            pieces.push((*mark, start, buf.len()));
        }
        // Segments of the lines placed so far, one after the other, and
        // where each line ends among them.
        type Segs<'a> = Vec<(Mark, &'a str)>;
        let mut segs: Segs = Vec::with_capacity(pieces.len() * 8);
        let mut ends: Vec<usize> = Vec::new();
        let mut line_start = 0;
        let mut line_w = 0;
        // The word being read and the spaces after it.
        let mut word: Segs = Vec::new();
        let mut word_w = 0;
        let mut trail: Segs = Vec::new();
        let mut trail_w = 0;
        for &(mark, start, end) in &pieces {
            let mut rest = &buf[start..end];
            while !rest.is_empty() {
                let ws = rest.starts_with(breaks);
                let end = breaks_run_end(rest, ws);
                let (chunk, after) = rest.split_at(end);
                rest = after;
                if ws {
                    trail.push((mark, chunk));
                    trail_w += width_of(chunk);
                    continue;
                }
                let last = word.last().map_or("", |w| w.1);
                if !trail.is_empty() && glued(last, chunk) {
                    // A space the language does not break at (« n° 12 », « 1 500 000 »,
                    // before « : »): the word goes on.
                    word.append(&mut trail);
                    word_w += trail_w;
                    trail_w = 0;
                } else if !trail.is_empty() {
                    // A new word starts: place the one before it.
                    if word_w > width {
                        return false;
                    }
                    if line_w + word_w > width && segs.len() > line_start {
                        ends.push(segs.len());
                        line_start = segs.len();
                        line_w = 0;
                    }
                    segs.append(&mut word);
                    segs.append(&mut trail);
                    line_w += word_w + trail_w;
                    word_w = 0;
                    trail_w = 0;
                }
                word.push((mark, chunk));
                word_w += width_of(chunk);
            }
        }
        if word_w > width {
            return false;
        }
        if line_w + word_w > width && segs.len() > line_start {
            ends.push(segs.len());
        }
        segs.append(&mut word);
        segs.append(&mut trail);
        ends.push(segs.len());
        let mut out = String::with_capacity(width + 32);
        let mut text = String::new();
        let mut from = 0;
        for end in ends {
            let mut l = &mut segs[from..end];
            from = end;
            // Trailing white space is not shown.
            while let Some((_, t)) = l.last_mut() {
                let kept = t.trim_end_matches(char::is_whitespace);
                if kept.is_empty() {
                    let n = l.len() - 1;
                    l = &mut l[..n];
                } else {
                    *t = kept;
                    break;
                }
            }
            out.clear();
            let mut shown = 0;
            let mut i = 0;
            while i < l.len() {
                let mark = l[i].0;
                text.clear();
                while i < l.len() && l[i].0 == mark {
                    text.push_str(l[i].1);
                    i += 1;
                }
                shown += width_of(&text);
                if self.color {
                    self.paint_into(&mut out, mark, &text);
                } else {
                    out.push_str(&text);
                }
            }
            emit(&out, width.saturating_sub(shown));
        }
        true
    }

    /// [`Painter::wrap_words_each`] as padded lines (None when a word is
    /// wider than a line).
    #[cfg(test)]
    fn wrap_words<S: AsRef<str>>(&self, runs: &[(Mark, S)], width: usize) -> Option<Vec<String>> {
        let mut lines = Vec::new();
        let done = self.wrap_words_each(runs, width, &mut |line, pad| {
            lines.push(format!("{line}{}", " ".repeat(pad)));
        });
        done.then_some(lines)
    }

    fn paint_cells(&self, cells: &[(char, Mark)]) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < cells.len() {
            let mark = cells[i].1;
            let start = i;
            while i < cells.len() && cells[i].1 == mark {
                i += 1;
            }
            let text: String = cells[start..i].iter().map(|c| c.0).collect();
            if self.color {
                out.push_str(&self.paint(mark, &text));
            } else {
                out.push_str(&text);
            }
        }
        out
    }
}

/// The plain markers around a run marked `mark`: `[-…-]` and `{+…+}`
/// without colour, none with it.
fn markers(color: bool, mark: Mark) -> (&'static str, &'static str) {
    match (color, mark) {
        (false, Mark::Del) => ("[-", "-]"),
        (false, Mark::Ins) => ("{+", "+}"),
        _ => ("", ""),
    }
}

/// The display width of text, as `UnicodeWidthStr::width` gives it, with
/// ASCII and the Latin letters of French and English (U+00A0 to U+02FF,
/// one column each and in no sequence the width rules join) counted
/// quickly: the general rules read the text backwards, character by
/// character, and took a sixth of a long diff's rendering.
fn width_of(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    let mut w = 0;
    for c in s.chars() {
        if c.is_ascii() || ('\u{a0}'..'\u{300}').contains(&c) && c != '\u{ad}' {
            w += 1;
        } else {
            return UnicodeWidthStr::width(s);
        }
    }
    w
}

/// The display width of painted text (escapes take none).
fn display_width_plain(s: &str, color: bool) -> usize {
    if color {
        crate::render::layout::display_width(s)
    } else {
        width_of(s)
    }
}

/// True for a space a line may break at: every white space but the
/// no-break ones, which the chambers' texts use inside numbers and before
/// French punctuation.
fn breaks(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// The end of the run at the start of `s` of characters that all break
/// (`ws`) or all do not: `s.find(|c| breaks(c) != ws)`, or `s.len()`.
/// Read byte by byte: an ASCII byte is its own character, and only
/// characters led by 0xC2, 0xE1, 0xE2 or 0xE3 (U+0080–U+00BF,
/// U+1000–U+3FFF) can be white space, so only those are decoded.
fn breaks_run_end(s: &str, ws: bool) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if (b == b' ' || (0x09..=0x0d).contains(&b)) != ws {
                return i;
            }
            i += 1;
        } else if matches!(b, 0xc2 | 0xe1..=0xe3) {
            // A character boundary: runs start at one and each step moves
            // over one whole character.
            let c = s[i..].chars().next().unwrap_or(' ');
            if breaks(c) != ws {
                return i;
            }
            i += c.len_utf8();
        } else {
            if ws {
                return i;
            }
            // A character that is not white space: skip it whole.
            i += match b {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
        }
    }
    bytes.len()
}

/// True when a line must not break between the word `prev` and the word
/// `next` that follows it after a space, by French typography: before a
/// high punctuation mark or a closing guillemet, after an opening one,
/// after « n° », a civility or a code's article prefix (« L. 851-1 »), and
/// between the digit groups of a number written with spaces (« 1 500 000 »)
/// or an article's number and its adverb (« 8 ter »).
fn glued(prev: &str, next: &str) -> bool {
    if next.starts_with([':', ';', '!', '?', '»', '€'])
        || prev.ends_with('«')
        || matches!(
            prev.trim_start_matches(['(', '[', '«', '“']),
            "n°" | "N°" | "M." | "Mme" | "MM." | "Mmes" | "L." | "R." | "D." | "LO" | "A."
        )
    {
        return true;
    }
    // What follows the first digit of `prev` (digits are ASCII, so the
    // first digit byte starts a character): most words have none.
    let Some(first_digit) = prev.bytes().position(|b| b.is_ascii_digit()) else {
        return false;
    };
    let lead = &prev[first_digit..];
    let digits =
        |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(lead, 6) {
        return false;
    }
    let adverb = next.trim_end_matches(|c: char| c.is_ascii_punctuation());
    let group = next.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '€');
    crate::model::LATIN_ADVERBS.contains(&adverb)
        || (digits(lead, 3) && group.len() == 3 && digits(group, 3))
}

fn trim_end(cells: &[(char, Mark)]) -> &[(char, Mark)] {
    let mut end = cells.len();
    while end > 0 && breaks(cells[end - 1].0) {
        end -= 1;
    }
    &cells[..end]
}

fn cells_width(cells: &[(char, Mark)]) -> usize {
    cells.iter().map(|(c, _)| char_width(*c)).sum()
}

fn char_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

/// The display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `glued` as it was written first: every rule tried on every pair.
    fn glued_reference(prev: &str, next: &str) -> bool {
        let digits = |s: &str, max: usize| {
            (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        let lead = prev.trim_start_matches(|c: char| !c.is_ascii_digit());
        let group = next.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '€');
        let adverb = next.trim_end_matches(|c: char| c.is_ascii_punctuation());
        next.starts_with([':', ';', '!', '?', '»', '€'])
            || (digits(lead, 6) && crate::model::LATIN_ADVERBS.contains(&adverb))
            || prev.ends_with('«')
            || matches!(
                prev.trim_start_matches(['(', '[', '«', '“']),
                "n°" | "N°" | "M." | "Mme" | "MM." | "Mmes" | "L." | "R." | "D." | "LO" | "A."
            )
            || (digits(lead, 3) && group.len() == 3 && digits(group, 3))
    }

    #[test]
    fn glued_follows_every_rule() {
        let words: Vec<&str> =
            "1 12 123 1234 123456 1234567 a1 art.12 L. (n° n° N° « (« M. Mme MM. \
             Mmes R. D. LO A. [L. “M. mot été 000 000, 000. 500€ 500 ter ter, bis. quater \
             quinquies : ; ! ? » € », 12,5 1er 8 8ter x9 999 99 €uros décès 2024-1 n°12"
                .split_whitespace()
                .chain([""])
                .collect();
        for &p in &words {
            for &n in &words {
                assert_eq!(glued(p, n), glued_reference(p, n), "{p:?} {n:?}");
            }
        }
    }

    #[test]
    fn runs_of_breaks_end_where_the_char_by_char_search_ends() {
        let texts = [
            "mot  autre\tfin",
            "n°\u{a0}12 et «\u{202f}citation\u{202f}» puis\u{2003}cadratin",
            "   ",
            "",
            "é\u{85}è\u{3000}日本\u{2028}x\u{205f}y\u{1680}z\u{2007}1\u{200a}2",
            "€ ½ ° — – “x” ‘y’ …\n\r\u{b}\u{c}fin",
            "\u{1F600} emoji\u{2029}",
        ];
        for t in texts {
            let mut starts: Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
            starts.push(t.len());
            for &i in &starts {
                let rest = &t[i..];
                for ws in [false, true] {
                    let expected = rest.find(|c: char| breaks(c) != ws).unwrap_or(rest.len());
                    assert_eq!(breaks_run_end(rest, ws), expected, "{rest:?} {ws}");
                }
            }
        }
        // Every character of the first planes, alone and between words.
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            let t = format!("a{c}b {c}");
            for ws in [false, true] {
                for i in [0, 1] {
                    let rest = &t[i..];
                    let expected = rest.find(|c: char| breaks(c) != ws).unwrap_or(rest.len());
                    assert_eq!(breaks_run_end(rest, ws), expected, "{c:?} {ws}");
                }
            }
        }
    }

    #[test]
    fn quick_widths_are_the_unicode_widths() {
        // Each character of the quick range alone, and strings of them
        // mixed with ASCII (a fixed pseudo-random sequence).
        let quick: Vec<char> = ('\u{a0}'..'\u{300}').filter(|&c| c != '\u{ad}').collect();
        for &c in &quick {
            let s = format!("a{c}b");
            assert_eq!(width_of(&s), UnicodeWidthStr::width(s.as_str()), "{c:?}");
        }
        let pool: Vec<char> = quick
            .iter()
            .copied()
            .chain((0x20u8..0x7f).map(char::from))
            .chain([
                '\u{ad}', '\u{301}', '\u{200d}', '\u{fe0f}', '\u{644}', '\u{627}',
            ])
            .collect();
        let mut x: u64 = 42;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(x % 12) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(pool[(x >> 33) as usize % pool.len()]);
            }
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            assert_eq!(width_of(&s), UnicodeWidthStr::width(s.as_str()), "{s:?}");
        }
    }

    #[test]
    fn plain_wrap_keeps_markers_and_pads() {
        let p = Painter { color: false };
        let lines = p.wrap(
            &[
                (Mark::Plain, "Le mot ".to_owned()),
                (Mark::Del, "remettre".to_owned()),
                (Mark::Ins, "prendre".to_owned()),
                (Mark::Plain, " est remplacé".to_owned()),
            ],
            20,
        );
        assert_eq!(
            lines,
            [
                "Le mot              ",
                "[-remettre-]{+prendr",
                "e+} est remplacé    "
            ]
        );
        assert!(lines.iter().all(|l| width(l) == 20));
    }

    #[test]
    fn the_quick_ways_wrap_as_the_general_one() {
        let samples = [
            "Les opérateurs et personnes mentionnés au I ne peuvent exciper d’arguments",
            "  a  b   c ",
            "mot\nà\nmot, et  encore\u{a0}: « cité »",
            "le texte n° 907 ; 1 500 000 € : « M. Perrin » ! 12 345",
            "",
        ];
        for color in [false, true] {
            let p = Painter { color };
            for text in samples {
                for w in [8, 12, 20, 33, 80] {
                    let runs = vec![
                        (Mark::Plain, text.to_owned()),
                        (Mark::Del, "remettre les".to_owned()),
                        (Mark::Ins, "prendre des".to_owned()),
                        (Mark::Plain, format!(" {text} ")),
                    ];
                    let general = p.wrap_cells(&runs, w);
                    if let Some(words) = p.wrap_words(&runs, w) {
                        assert_eq!(words, general, "{text:?} at {w}, colour {color}");
                    }
                    assert_eq!(p.wrap(&runs, w).len(), general.len());
                }
            }
        }
    }

    #[test]
    fn lines_do_not_break_where_french_typography_forbids() {
        let p = Painter { color: false };
        let text = "Assemblée nationale, première lecture en séance publique : 3 amendements \
                    (M. Perrin et plusieurs de ses collègues), texte n° 907, article 8 ter, article L. 851-1, crédits de 1 500 000 € \
                    « ouverts » ; sans\u{a0}coupure";
        let forbidden = [
            ("publique", ":"),
            ("(M.", "Perrin"),
            ("L.", "851-1"),
            ("n°", "907,"),
            ("8", "ter,"),
            ("1", "500"),
            ("500", "000"),
            ("000", "€"),
            ("«", "ouverts"),
            ("ouverts", "»"),
            ("»", ";"),
            ("sans", "coupure"),
        ];
        // From 14 columns on, no glued group is wider than a line.
        for w in 14..60 {
            let runs = [(Mark::Plain, text.to_owned())];
            for lines in [p.wrap_cells(&runs, w), p.wrap_words(&runs, w).unwrap()] {
                for pair in lines.windows(2) {
                    let last = pair[0].split_whitespace().last().unwrap_or("");
                    let first = pair[1].split_whitespace().next().unwrap_or("");
                    assert!(
                        !forbidden.contains(&(last, first)),
                        "broke between {last:?} and {first:?} at width {w}: {lines:?}"
                    );
                }
            }
        }
    }
}
