//! Words and phrases a watchlist follows, and where they occur in a text.
//!
//! A pattern is one or more words (`contenu intelligible`); a word may end
//! with `*` to match every word it begins (`chiffr*`). Text and patterns are
//! compared as folded words: case, accents (precomposed or combining),
//! apostrophes (’ ' ʼ split words like spaces) and the ligatures œ and æ make
//! no difference, so `l'accès` matches « l’Accès ». Matches are whole words:
//! `chiffre` does not match « chiffrement ».

use std::fmt;
use std::ops::Range;

use crate::model::fold;

/// One word of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Word {
    /// The whole word, folded.
    Exact(String),
    /// Any word starting with this, folded.
    Prefix(String),
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Word::Exact(w) => w == token,
            Word::Prefix(p) => token.starts_with(p.as_str()),
        }
    }
}

/// A compiled word or phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// As written in the watchlist.
    pub source: String,
    words: Vec<Word>,
}

/// Why a pattern cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// Character offset in the pattern where the problem is.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Pattern {
    /// Compiles a pattern: words separated by spaces or apostrophes, each
    /// optionally ending with `*`.
    pub fn parse(source: &str) -> Result<Pattern, PatternError> {
        if source.trim().is_empty() {
            return Err(PatternError {
                column: 0,
                message: "empty word pattern".into(),
            });
        }
        // Split the raw pattern where the text tokenizer would, keeping `*`
        // attached to the word before it so misplaced ones can be reported.
        let mut words = Vec::new();
        let mut current = String::new();
        let mut star_at: Option<usize> = None;
        let chars: Vec<char> = source.chars().collect();
        let mut finish =
            |current: &mut String, star_at: &mut Option<usize>| -> Result<(), PatternError> {
                if current.is_empty() {
                    if let Some(at) = star_at.take() {
                        return Err(PatternError {
                            column: at,
                            message: "`*` must end a word (`chiffr*`), not stand alone".into(),
                        });
                    }
                    return Ok(());
                }
                let folded = fold_word(current);
                words.push(if star_at.take().is_some() {
                    Word::Prefix(folded)
                } else {
                    Word::Exact(folded)
                });
                current.clear();
                Ok(())
            };
        for (i, &c) in chars.iter().enumerate() {
            if c == '*' {
                if star_at.is_some() {
                    return Err(PatternError {
                        column: i,
                        message: "`*` may appear only once, at the end of a word".into(),
                    });
                }
                star_at = Some(i);
                continue;
            }
            let is_word = is_word_char(c);
            if is_word && star_at.is_some() {
                return Err(PatternError {
                    column: star_at.unwrap_or(i),
                    message: "`*` must end a word (`chiffr*`): it matches the end of words only"
                        .into(),
                });
            }
            if is_word {
                current.push(c);
            } else if is_joiner(c) {
                // A combining accent: part of the word.
                current.push(c);
            } else if c.is_whitespace() || is_apostrophe(c) || c == '-' {
                finish(&mut current, &mut star_at)?;
            } else {
                return Err(PatternError {
                    column: i,
                    message: format!(
                        "`{c}` cannot be matched: patterns are words (letters and digits) separated by spaces, apostrophes or dashes, with an optional `*` at the end of a word"
                    ),
                });
            }
        }
        finish(&mut current, &mut star_at)?;
        if words.is_empty() {
            return Err(PatternError {
                column: 0,
                message: "the pattern has no word to match".into(),
            });
        }
        Ok(Pattern {
            source: source.to_owned(),
            words,
        })
    }

    /// The byte ranges of `text` where the pattern occurs, in order.
    pub fn find(&self, tokens: &Tokens) -> Vec<Range<usize>> {
        let n = self.words.len();
        let mut out = Vec::new();
        if tokens.words.len() < n {
            return out;
        }
        for i in 0..=tokens.words.len() - n {
            if self
                .words
                .iter()
                .zip(&tokens.words[i..i + n])
                .all(|(w, t)| w.matches(&t.folded))
            {
                out.push(tokens.words[i].range.start..tokens.words[i + n - 1].range.end);
            }
        }
        out
    }
}

/// A word of a text: where it is and how it compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Folded form.
    pub folded: String,
}

/// A text cut into folded words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tokens {
    /// The words, in order.
    pub words: Vec<Token>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`')
}

/// Combining marks (accents written as a separate character).
fn is_joiner(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Folds one word: lower case, no accents, ligatures spelled out.
fn fold_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in fold(w).chars() {
        match c {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// Cuts `text` into folded words (see the module documentation).
pub fn tokenize(text: &str) -> Tokens {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut raw_is_ascii = true;
    let flush = |words: &mut Vec<Token>, start: usize, end: usize, ascii: bool| {
        let raw = &text[start..end];
        let folded = if ascii {
            raw.to_ascii_lowercase()
        } else {
            fold_word(raw)
        };
        words.push(Token {
            range: start..end,
            folded,
        });
    };
    for (i, c) in text.char_indices() {
        if is_word_char(c) || (is_joiner(c) && start.is_some()) {
            if start.is_none() {
                start = Some(i);
                raw_is_ascii = true;
            }
            raw_is_ascii &= c.is_ascii();
            end = i + c.len_utf8();
        } else if let Some(s) = start.take() {
            flush(&mut words, s, end, raw_is_ascii);
        }
    }
    if let Some(s) = start {
        flush(&mut words, s, end, raw_is_ascii);
    }
    Tokens { words }
}

/// The folded words of a text, for indexing.
pub fn folded_words(text: &str) -> Vec<String> {
    tokenize(text).words.into_iter().map(|t| t.folded).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(p: &str, text: &str) -> Vec<String> {
        let p = Pattern::parse(p).unwrap();
        p.find(&tokenize(text))
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    #[test]
    fn accents_case_and_apostrophes_do_not_matter() {
        assert_eq!(
            found("déchiffrement", "le DECHIFFREMENT des données"),
            ["DECHIFFREMENT"]
        );
        // Decomposed accents (e + U+0301) in the text.
        assert_eq!(
            found("dechiffrement", "le de\u{301}chiffrement"),
            ["de\u{301}chiffrement"]
        );
        assert_eq!(found("l'accès", "pour l’Accès aux"), ["l’Accès"]);
        assert_eq!(found("coeur", "au cœur"), ["cœur"]);
        assert_eq!(
            found("contenu intelligible", "un contenu\u{a0}intelligible."),
            ["contenu\u{a0}intelligible"]
        );
    }

    #[test]
    fn words_are_whole_unless_starred() {
        assert!(found("chiffre", "le chiffrement").is_empty());
        assert_eq!(
            found("chiffr*", "chiffre, chiffrement, déchiffrer"),
            ["chiffre", "chiffrement"]
        );
        assert!(found("contenu intelligible", "contenu rendu intelligible").is_empty());
    }

    #[test]
    fn bad_patterns_say_where() {
        let e = Pattern::parse("ch*ffre").unwrap_err();
        assert_eq!(e.column, 2);
        assert!(Pattern::parse("  ").is_err());
        assert!(Pattern::parse("*").is_err());
        assert!(Pattern::parse("a**").is_err());
        let e = Pattern::parse("messag(es)").unwrap_err();
        assert_eq!(e.column, 6);
        assert!(e.message.contains("`(`"), "{}", e.message);
        assert!(Pattern::parse("« chiffrement »").is_err());
    }
}
