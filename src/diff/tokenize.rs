//! Splitting legal text into the units a word diff compares.
//!
//! A token is one of:
//!
//! - a run of white space (ordinary, non-breaking U+00A0 and narrow
//!   non-breaking U+202F spaces alike), so spacing changes stay visible;
//! - a word: letters and digits, with the hyphens that join them ("226-3",
//!   "vice-président", "L. 871‑1" with a non-breaking hyphen);
//! - a legal reference kept whole, so that changing "L. 871-1" into
//!   "L. 871-2" replaces the reference rather than one digit of it: a code
//!   article ("L. 871-1", "R. 12", "LO. 135"), an ordinal ("1°", "1er"), a
//!   numbered division with its Latin adverb ("8 ter", "15 bis A"), a list
//!   item ("a)", "ii)"), a number with grouped thousands ("1 500 000"), and in
//!   English a subsection path ("12(3)(a)");
//! - in French, an elided article or pronoun with its apostrophe ("l’",
//!   "qu’", "d'"), so "l’article" → "l’alinéa" changes only the noun; in
//!   English an apostrophe inside a word is part of it ("Secretary's");
//! - any other character on its own (punctuation, « », –, …).
//!
//! Concatenating the tokens gives back the input exactly.

use crate::model::LATIN_ADVERBS;

/// The language rules to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    /// French: elisions split, Latin adverbs ("bis", "ter") join numbers.
    #[default]
    French,
    /// English: apostrophes stay inside words; subsection paths join.
    English,
}

impl Language {
    /// From a bill's `language` field ("fr", "en", …); French otherwise.
    pub fn from_code(code: &str) -> Language {
        if code.eq_ignore_ascii_case("en") || code.to_ascii_lowercase().starts_with("en-") {
            Language::English
        } else {
            Language::French
        }
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// A letter or a digit (`char::is_alphanumeric`), with the Latin letters
/// of French and English (U+00C0 to U+024F but × and ÷) answered without
/// the general Unicode tables, which were a tenth of tokenizing.
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{c0}'..='\u{24f}').contains(&c) {
        return c != '\u{d7}' && c != '\u{f7}';
    }
    c.is_alphanumeric()
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// A cursor over a string, by characters, with byte offsets.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn peek_at(&self, at: usize) -> Option<char> {
        self.s.get(at..).and_then(|r| r.chars().next())
    }

    /// The end of the run of characters matching `f` starting at `at`.
    fn run_end(&self, at: usize, f: impl Fn(char) -> bool) -> usize {
        let rest = &self.s[at..];
        at + rest.find(|c: char| !f(c)).unwrap_or(rest.len())
    }

    /// `run_end(at, is_word)`, reading ASCII byte by byte (an ASCII byte
    /// is a whole character) and decoding only the other characters.
    fn letters_end(&self, at: usize) -> usize {
        let bytes = self.s.as_bytes();
        let mut i = at;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    return i;
                }
                i += 1;
            } else {
                match self.s[i..].chars().next() {
                    Some(c) if is_word(c) => i += c.len_utf8(),
                    _ => return i,
                }
            }
        }
        i
    }

    /// The end of a word starting at `at`: alphanumerics joined by single hyphens.
    fn word_end(&self, at: usize) -> usize {
        let mut end = self.letters_end(at);
        while let Some(h) = self.peek_at(end).filter(|&c| is_hyphen(c)) {
            let next = end + h.len_utf8();
            match self.peek_at(next) {
                Some(c) if is_word(c) => end = self.letters_end(next),
                _ => break,
            }
        }
        end
    }
}

/// Splits `s` into tokens; their concatenation is `s`.
pub fn tokenize(s: &str, language: Language) -> Vec<&str> {
    let mut out = Vec::with_capacity(s.len() / 4 + 1);
    let mut c = Cursor { s, pos: 0 };
    while let Some(ch) = c.peek() {
        let start = c.pos;
        let end = if is_space(ch) {
            c.run_end(start, is_space)
        } else if is_word(ch) {
            word_token_end(&c, start, language)
        } else {
            start + ch.len_utf8()
        };
        out.push(&s[start..end]);
        c.pos = end;
    }
    out
}

/// The end of the token that starts with a letter or digit at `start`.
fn word_token_end(c: &Cursor<'_>, start: usize, language: Language) -> usize {
    let s = c.s;
    let end = c.word_end(start);
    let word = &s[start..end];
    let first = word.chars().next().unwrap_or(' ');
    let next = c.peek_at(end);

    // A code article: "L. 871-1", "R. 12", "LO. 135", "D. 4-2".
    if is_code_prefix(word) && next == Some('.') {
        let after_dot = end + 1;
        let space_end = c.run_end(after_dot, is_space);
        if space_end - after_dot <= 4 && c.peek_at(space_end).is_some_and(|d| d.is_ascii_digit()) {
            return c.word_end(space_end);
        }
    }
    if first.is_ascii_digit() && word.chars().all(|ch| ch.is_ascii_digit() || is_hyphen(ch)) {
        // An ordinal: "1°".
        if next == Some('°') {
            return end + '°'.len_utf8();
        }
        // Thousands: "1 500 000" (any space, groups of exactly three digits).
        let mut e = end;
        if word.len() <= 3 && word.chars().all(|ch| ch.is_ascii_digit()) {
            while let Some(sp) = c.peek_at(e).filter(|&ch| is_space(ch) && ch != '\n') {
                let g = e + sp.len_utf8();
                let g_end = c.run_end(g, |ch| ch.is_ascii_digit());
                let after = c.peek_at(g_end);
                if g_end - g == 3 && !after.is_some_and(is_word) {
                    e = g_end;
                } else {
                    break;
                }
            }
        }
        if e > end {
            return e;
        }
        // A division number with its adverb: "8 ter", "15 bis A".
        if language == Language::French
            && let Some(e) = adverb_end(c, end)
        {
            return e;
        }
        // An English subsection path: "12(3)(a)".
        if language == Language::English && next == Some('(') {
            return paren_path_end(c, end);
        }
        return end;
    }
    // A list item: "a)", "ii)", "2)" at most four characters before the parenthesis.
    if next == Some(')')
        && word.chars().count() <= 4
        && word
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())
        && !s[..start].ends_with(|ch: char| is_word(ch) || ch == '(')
    {
        return end + 1;
    }
    match language {
        // An elision: "l’", "qu’", "jusqu’", before a letter.
        Language::French => {
            if let Some(a) = next.filter(|&ch| is_apostrophe(ch)) {
                let after = end + a.len_utf8();
                if c.peek_at(after).is_some_and(char::is_alphabetic) {
                    if is_elision(word) {
                        return after;
                    }
                    // "aujourd’hui" is one word.
                    if word.eq_ignore_ascii_case("aujourd") && s[after..].starts_with("hui") {
                        return c.word_end(after);
                    }
                }
            }
            end
        }
        // "Secretary's", "don't": the apostrophe stays inside the word.
        Language::English => {
            let mut e = end;
            while let Some(a) = c.peek_at(e).filter(|&ch| is_apostrophe(ch)) {
                let after = e + a.len_utf8();
                if c.peek_at(after).is_some_and(char::is_alphabetic) {
                    e = c.word_end(after);
                } else {
                    break;
                }
            }
            e
        }
    }
}

/// "L", "R", "D", "A", "LO", "LP": the prefixes of French code articles.
fn is_code_prefix(word: &str) -> bool {
    matches!(word, "L" | "R" | "D" | "A" | "LO" | "LP" | "T")
}

/// French elided words that end with an apostrophe.
fn is_elision(word: &str) -> bool {
    let w = word.to_lowercase();
    matches!(
        w.as_str(),
        "l" | "d"
            | "j"
            | "m"
            | "n"
            | "s"
            | "t"
            | "c"
            | "qu"
            | "jusqu"
            | "lorsqu"
            | "puisqu"
            | "quoiqu"
            | "quelqu"
            | "presqu"
    )
}

/// After a number ending at `end`: " ter", " bis A" and the like.
fn adverb_end(c: &Cursor<'_>, end: usize) -> Option<usize> {
    let sp = c.peek_at(end).filter(|&ch| is_space(ch) && ch != '\n')?;
    let w_start = end + sp.len_utf8();
    let w_end = c.run_end(w_start, char::is_alphabetic);
    let adverb = &c.s[w_start..w_end];
    if !LATIN_ADVERBS.contains(&adverb) || c.peek_at(w_end).is_some_and(is_word) {
        return None;
    }
    // An optional capital letter: "15 bis A", not the start of a sentence.
    if let Some(sp2) = c.peek_at(w_end).filter(|&ch| ch == ' ' || ch == '\u{a0}') {
        let l = w_end + sp2.len_utf8();
        if let Some(letter) = c.peek_at(l).filter(|ch| ch.is_ascii_uppercase()) {
            let after = l + letter.len_utf8();
            let follows = c.peek_at(after);
            if follows.is_none()
                || follows.is_some_and(|ch| !is_word(ch) && !is_apostrophe(ch) && ch != '.')
            {
                return Some(after);
            }
        }
    }
    Some(w_end)
}

/// "(3)(a)(ii)" after a section number.
fn paren_path_end(c: &Cursor<'_>, mut end: usize) -> usize {
    while c.peek_at(end) == Some('(') {
        let inner_end = c.run_end(end + 1, |ch| ch.is_ascii_alphanumeric());
        if inner_end > end + 1 && c.peek_at(inner_end) == Some(')') {
            end = inner_end + 1;
        } else {
            break;
        }
    }
    end
}

/// True for tokens that are only white space.
pub fn is_blank(token: &str) -> bool {
    token.chars().all(is_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_end_where_the_character_search_ends() {
        let mut text =
            String::from("l’État, 1er, n° 12 ; vice-président Straße 日本語 ½ ×÷ \u{1F600}x ");
        text.extend((0u32..0x3100).filter_map(char::from_u32));
        let c = Cursor { s: &text, pos: 0 };
        for (at, _) in text.char_indices() {
            assert_eq!(c.letters_end(at), c.run_end(at, is_word), "at {at}");
        }
        assert_eq!(c.letters_end(text.len()), text.len());
    }

    #[test]
    fn the_quick_word_test_is_unicodes() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_word(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn fr(s: &str) -> Vec<&str> {
        let t = tokenize(s, Language::French);
        assert_eq!(t.concat(), s);
        t.into_iter().filter(|t| !is_blank(t)).collect()
    }

    fn en(s: &str) -> Vec<&str> {
        let t = tokenize(s, Language::English);
        assert_eq!(t.concat(), s);
        t.into_iter().filter(|t| !is_blank(t)).collect()
    }

    #[test]
    fn references_stay_whole() {
        assert_eq!(
            fr("de l’article L. 871‑1 du code"),
            ["de", "l’", "article", "L. 871‑1", "du", "code"]
        );
        assert_eq!(
            fr("aux articles L.\u{a0}851-1, L. 851-2"),
            ["aux", "articles", "L.\u{a0}851-1", ",", "L. 851-2"]
        );
        assert_eq!(
            fr("du 1° de l'article 226‑3"),
            ["du", "1°", "de", "l'", "article", "226‑3"]
        );
        assert_eq!(
            fr("L’article 8 ter est supprimé"),
            ["L’", "article", "8 ter", "est", "supprimé"]
        );
        assert_eq!(
            fr("article 15 bis A, et"),
            ["article", "15 bis A", ",", "et"]
        );
        assert_eq!(fr("article 2 bis Le"), ["article", "2 bis", "Le"]);
        assert_eq!(
            fr("a) Au premier alinéa"),
            ["a)", "Au", "premier", "alinéa"]
        );
        assert_eq!(fr("au a) du 1°"), ["au", "a)", "du", "1°"]);
        assert_eq!(fr("(a)"), ["(", "a", ")"]);
        assert_eq!(fr("1er janvier"), ["1er", "janvier"]);
    }

    #[test]
    fn numbers_with_grouped_thousands() {
        assert_eq!(
            fr("amende de 1 500 000 euros"),
            ["amende", "de", "1 500 000", "euros"]
        );
        assert_eq!(fr("de 1\u{a0}500 euros"), ["de", "1\u{a0}500", "euros"]);
        assert_eq!(fr("aux 1 et 2 du I"), ["aux", "1", "et", "2", "du", "I"]);
        assert_eq!(fr("les 3 500ème"), ["les", "3", "500ème"]);
    }

    #[test]
    fn quotes_and_punctuation_are_tokens() {
        assert_eq!(
            fr("les mots : « ou techniques »."),
            ["les", "mots", ":", "«", "ou", "techniques", "»", "."]
        );
        assert_eq!(fr("aujourd’hui"), ["aujourd’hui"]);
        assert_eq!(fr("jusqu’au"), ["jusqu’", "au"]);
    }

    #[test]
    fn english_rules() {
        assert_eq!(
            en("the Secretary's power under section 12(3)(a)"),
            [
                "the",
                "Secretary's",
                "power",
                "under",
                "section",
                "12(3)(a)"
            ]
        );
        assert_eq!(en("l’article"), ["l’article"]);
    }

    #[test]
    fn spaces_are_kept_as_they_are() {
        let t = tokenize("a\u{a0}: b  c", Language::French);
        assert_eq!(t, ["a", "\u{a0}", ":", " ", "b", "  ", "c"]);
    }
}
