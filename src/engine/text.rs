//! What the applier needs to know about an alinéa's text: its sentences, its
//! division mark, where its final punctuation is, where quoted words are.

use std::ops::Range;

use super::lex::fold;
use crate::model::LATIN_ADVERBS;

/// The byte ranges of an alinéa's sentences. A sentence ends at ".", "?" or
/// "!" (with any closing marks) followed by a space and a capital or «,
/// except after an abbreviation ("L.", "art.", "M.").
pub(super) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = text.len() - text.trim_start().len();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if matches!(c, '.' | '?' | '!' | '…') && !abbreviation(&text[..i]) {
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '»' | ')' | '"') {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let mut n = j;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
            }
            if n > j && n < chars.len() && (chars[n].1.is_uppercase() || chars[n].1 == '«') {
                out.push(start..end);
                start = chars[n].0;
                k = n;
                continue;
            }
        }
        k += 1;
    }
    let end = text.trim_end().len();
    if start < end {
        out.push(start..end);
    }
    out
}

/// True when the word before a period is an abbreviation.
fn abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // "L. 34‑18" needs no rule: a sentence never starts with a digit.
    matches!(
        word.as_str(),
        "art" | "Art" | "M" | "MM" | "Mme" | "Mmes" | "cf" | "al" | "req"
    )
}

/// The level of a division mark: "I. –" (0), "1°" (1), "a)" (2).
pub(super) fn mark(line: &str) -> Option<(u8, String)> {
    let t = line.trim_start();
    let first: String = t
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '°')
        .collect();
    if first.is_empty() {
        return None;
    }
    let rest = &t[first.len()..];
    let latin = latin_suffix(rest);
    let after = rest[latin.len()..].trim_start();
    let name = |m: &str| normalise_mark(&format!("{m}{latin}"));
    if first
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
        && (after.starts_with('.') || after.starts_with('–') || after.starts_with('-'))
    {
        return Some((0, name(&first)));
    }
    if first.ends_with('°')
        && first[..first.len() - '°'.len_utf8()]
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return Some((1, name(&first)));
    }
    if first.len() <= 3 && first.chars().all(|c| c.is_ascii_lowercase()) && rest.starts_with(')') {
        return Some((2, name(&format!("{first})"))));
    }
    None
}

/// " bis", " ter A" after a mark.
fn latin_suffix(rest: &str) -> &str {
    let mut end = 0;
    loop {
        let r = &rest[end..];
        let lead = r.len() - r.trim_start_matches([' ', '\u{a0}']).len();
        let word: &str = r[lead..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default();
        if lead > 0 && LATIN_ADVERBS.contains(&word) {
            end += lead + word.len();
        } else {
            return &rest[..end];
        }
    }
}

/// A division mark for comparison: folded, no spaces.
pub(super) fn normalise_mark(m: &str) -> String {
    fold(m).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where words completing a text go: before its final punctuation (and any
/// space before it).
pub(super) fn before_final_punctuation(text: &str) -> usize {
    let t = text.trim_end();
    match t.strip_suffix(['.', ';', ',', ':']) {
        Some(s) => s.trim_end().len(),
        None => t.len(),
    }
}

/// True when only punctuation and spaces follow.
pub(super) fn only_punctuation(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || matches!(c, '.' | ';' | ',' | ':' | '»' | ')'))
}

/// The byte ranges of `needle` in `hay` as whole words. Any run of spaces
/// matches any run of spaces (non-breaking ones included), ’ matches ', and
/// hyphens match each other, because instructions and texts print them
/// differently.
pub(super) fn find_words(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let needle = needle.trim_matches(char::is_whitespace);
    let pattern: Vec<char> = needle.chars().collect();
    if pattern.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while from < hay.len() {
        let Some(end) = match_at(&hay[from..], &pattern) else {
            from += hay[from..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let end = from + end;
        let before_ok = !pattern[0].is_alphanumeric()
            || !hay[..from]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = !pattern[pattern.len() - 1].is_alphanumeric()
            || !hay[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            out.push(from..end);
            from = end;
        } else {
            from += hay[from..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

fn match_at(hay: &str, pattern: &[char]) -> Option<usize> {
    let mut it = hay.char_indices().peekable();
    let mut p = 0;
    while p < pattern.len() {
        let want = pattern[p];
        if want.is_whitespace() {
            while p < pattern.len() && pattern[p].is_whitespace() {
                p += 1;
            }
            let mut any = false;
            while it.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                it.next();
                any = true;
            }
            if !any {
                return None;
            }
            continue;
        }
        let (_, got) = it.next()?;
        if !same_char(want, got) {
            return None;
        }
        p += 1;
    }
    Some(it.peek().map_or(hay.len(), |&(i, _)| i))
}

fn same_char(a: char, b: char) -> bool {
    let class = |c: char| match c {
        '’' | '\'' | 'ʼ' => '\'',
        '-' | '\u{2010}' | '\u{2011}' => '-',
        c => c,
    };
    class(a) == class(b)
}

/// The new start without "… (le reste sans changement)".
pub(super) fn new_start(text: &str) -> &str {
    let t = text.trim_end();
    let t = match t.rfind('(') {
        Some(i) if t[i..].to_lowercase().contains("sans changement") => &t[..i],
        _ => t,
    };
    t.trim_end().trim_end_matches(['.', '…']).trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_skip_abbreviations_and_marks() {
        let t = "I. – Le code est modifié. L’article L. 34‑18 est abrogé. Il entre en vigueur.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            vec![
                "I. – Le code est modifié.",
                "L’article L. 34‑18 est abrogé.",
                "Il entre en vigueur."
            ]
        );
    }

    #[test]
    fn marks() {
        assert_eq!(mark("I. – Le code"), Some((0, "i".into())));
        assert_eq!(mark("II bis. – Le code"), Some((0, "iibis".into())));
        assert_eq!(mark("3° bis Le mot"), Some((1, "3°bis".into())));
        assert_eq!(mark("a) Au premier alinéa"), Some((2, "a)".into())));
        assert_eq!(mark("Le code"), None);
        assert_eq!(mark("Il est"), None);
    }

    #[test]
    fn words_match_across_space_kinds() {
        let hay = "de l’article\u{a0}706‑73 et de l'article 706-73";
        assert_eq!(find_words(hay, "l'article 706‑73").len(), 2);
        assert_eq!(find_words("dedans de", "de").len(), 1);
    }

    #[test]
    fn final_punctuation() {
        assert_eq!(before_final_punctuation("a b."), 3);
        assert_eq!(before_final_punctuation("a b ;"), 3);
        assert_eq!(before_final_punctuation("a b"), 3);
    }
}
