//! The word diff of two alinéas: the one place that calls `similar`.

use serde::Serialize;
use similar::{Algorithm, DiffOp};
use unicode_normalization::UnicodeNormalization;

use super::Options;
use super::tokenize::{is_blank, tokenize};

/// What a span of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanKind {
    /// In both versions.
    Equal,
    /// Only in the old version.
    Delete,
    /// Only in the new version.
    Insert,
}

/// A change that is easy to miss: an inserted span that replaces the
/// deleted span just before it and differs from it only so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nuance {
    /// The same characters, encoded differently (Unicode normalisation:
    /// "à" as one character or as "a" and a combining accent).
    Encoding,
    /// Only letter case differs ("etat" → "Etat").
    Case,
    /// Only accents differ ("Etat" → "État").
    Accents,
    /// Only accents and letter case differ ("etat" → "État").
    AccentsAndCase,
    /// Only the kind or amount of white space between the same words
    /// differs (a space → a non-breaking space).
    Spacing,
    /// The same characters, with a space added between two words or taken
    /// out ("intellectuelleest" → "intellectuelle est"): the words differ.
    WordBreak,
    /// Only punctuation differs, between the same words ("l'État" →
    /// "l’État", "ministre," → "ministre ;").
    Punctuation,
}

impl Nuance {
    /// A short description.
    pub fn describe(self) -> &'static str {
        match self {
            Nuance::Encoding => "same characters, encoded differently",
            Nuance::Case => "case only",
            Nuance::Accents => "accents only",
            Nuance::AccentsAndCase => "accents and case only",
            Nuance::Spacing => "spacing only",
            Nuance::WordBreak => "a space between words added or removed",
            Nuance::Punctuation => "punctuation only",
        }
    }
}

/// A run of text with what happened to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Equal, deleted or inserted.
    pub kind: SpanKind,
    /// The text, verbatim.
    pub text: String,
    /// On an inserted span that replaces the span before it: the only
    /// kind of difference between them, when it is easy to miss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nuance: Option<Nuance>,
}

impl Span {
    /// A span without nuance.
    pub fn new(kind: SpanKind, text: &str) -> Span {
        Span {
            kind,
            text: text.to_owned(),
            nuance: None,
        }
    }
}

/// Diffs two alinéas word by word. Returns the spans (equal, then for each
/// change the deleted text before the inserted text) and whether the bound
/// tripped, in which case the spans are coarser than they could be.
pub fn diff(old: &str, new: &str, options: &Options) -> (Vec<Span>, bool) {
    if old == new {
        return (vec![Span::new(SpanKind::Equal, old)], false);
    }
    let a = tokenize(old, options.language);
    let b = tokenize(new, options.language);
    // Tokens as numbers, so the comparison compares integers, not strings.
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut ia = Vec::with_capacity(a.len());
    let mut ib = Vec::with_capacity(b.len());
    for (tokens, out) in [(&a, &mut ia), (&b, &mut ib)] {
        for w in tokens.iter() {
            let next = ids.len() as u32;
            out.push(*ids.entry(*w).or_insert(next));
        }
    }
    diff_tokens(
        Tokens {
            text: old,
            tokens: &a,
            ids: &ia,
        },
        Tokens {
            text: new,
            tokens: &b,
            ids: &ib,
        },
        options,
    )
}

/// One side of a word diff: the text, its tokens (slices of it, in order,
/// covering it) and each token's number (equal tokens, equal numbers).
#[derive(Clone, Copy)]
pub(crate) struct Tokens<'t, 'a> {
    /// The alinéa.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'t [&'a str],
    /// Their numbers.
    pub ids: &'t [u32],
}

impl<'a> Tokens<'_, 'a> {
    /// The text of tokens `range`: a slice of the alinéa, since tokens are
    /// its consecutive pieces.
    fn text_of(&self, range: std::ops::Range<usize>) -> &'a str {
        if range.is_empty() {
            return "";
        }
        let base = self.text.as_ptr() as usize;
        let first = self.tokens[range.start];
        let last = self.tokens[range.end - 1];
        let start = first.as_ptr() as usize - base;
        let end = last.as_ptr() as usize - base + last.len();
        &self.text[start..end]
    }
}

/// Pairs whose tokens number at most this many together are compared
/// without looking at the clock: Myers' algorithm cannot spend a
/// measurable part of the bound on them (at worst some millions of steps),
/// and reading the clock was a tenth of a whole-bill diff.
const UNTIMED_TOKENS: usize = 2_000;

/// The word diff of two tokenized alinéas (see [`diff`]).
pub(crate) fn diff_tokens(
    a: Tokens<'_, '_>,
    b: Tokens<'_, '_>,
    options: &Options,
) -> (Vec<Span>, bool) {
    if a.text == b.text {
        return (vec![Span::new(SpanKind::Equal, a.text)], false);
    }
    let timed = a.ids.len() + b.ids.len() > UNTIMED_TOKENS
        || options.bound.per_pair < std::time::Duration::from_millis(100);
    let deadline = if timed {
        options.bound.deadline()
    } else {
        None
    };
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, a.ids, b.ids, deadline);
    let tripped = deadline.is_some_and(|d| std::time::Instant::now() > d);

    // Token runs in order: (kind, text), neighbours of one kind joined.
    let mut runs: Vec<(SpanKind, &str)> = Vec::with_capacity(ops.len() + 1);
    let mut last: Option<(SpanKind, std::ops::Range<usize>)> = None;
    let mut push = |kind: SpanKind, range: std::ops::Range<usize>| {
        if range.is_empty() {
            return;
        }
        match &mut last {
            Some((k, r)) if *k == kind && r.end == range.start => r.end = range.end,
            _ => {
                if let Some((k, r)) = last.take() {
                    let side = if k == SpanKind::Insert { b } else { a };
                    runs.push((k, side.text_of(r)));
                }
                last = Some((kind, range));
            }
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(SpanKind::Equal, old_index..old_index + len)
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(SpanKind::Delete, old_index..old_index + old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(SpanKind::Insert, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(SpanKind::Delete, old_index..old_index + old_len);
                push(SpanKind::Insert, new_index..new_index + new_len);
            }
        }
    }
    if let Some((k, r)) = last {
        let side = if k == SpanKind::Insert { b } else { a };
        runs.push((k, side.text_of(r)));
    }
    (coalesce(&runs), tripped)
}

/// Makes changes readable: white space alone between two changes joins
/// them, and each run of changes becomes one deleted span followed by one
/// inserted span ("[-le chat-]{+la souris+}", not "[-le-]{+la+} [-chat-]{+souris+}").
fn coalesce(runs: &[(SpanKind, &str)]) -> Vec<Span> {
    let n = runs.len();
    let mut out: Vec<Span> = Vec::with_capacity(n);
    let mut del = String::new();
    let mut ins = String::new();
    let flush = |out: &mut Vec<Span>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(Span::new(SpanKind::Delete, del));
        }
        if !ins.is_empty() {
            let nuance = if del.is_empty() {
                None
            } else {
                nuance(del, ins)
            };
            out.push(Span {
                kind: SpanKind::Insert,
                text: std::mem::take(ins),
                nuance,
            });
        }
        del.clear();
    };
    for (i, &(kind, text)) in runs.iter().enumerate() {
        match kind {
            SpanKind::Delete => del.push_str(text),
            SpanKind::Insert => ins.push_str(text),
            SpanKind::Equal => {
                let between_changes = i > 0 && i + 1 < n && is_blank(text);
                if between_changes && (!del.is_empty() || !ins.is_empty()) {
                    del.push_str(text);
                    ins.push_str(text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    out.push(Span::new(SpanKind::Equal, text));
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The nuance between a deleted text and the text replacing it, if any.
/// Each label is exact: "case only" means nothing but letter case differs,
/// "punctuation only" that the same words are there with other punctuation
/// between or around them; a word split by a new space is not punctuation.
fn nuance(old: &str, new: &str) -> Option<Nuance> {
    if surely_no_nuance(old, new) {
        return None;
    }
    full_nuance(old, new)
}

/// [`nuance`] by the full comparison.
fn full_nuance(old: &str, new: &str) -> Option<Nuance> {
    if old.nfc().eq(new.nfc()) {
        return Some(Nuance::Encoding);
    }
    let (old, new): (String, String) = (old.nfc().collect(), new.nfc().collect());
    if old.chars().count() == new.chars().count() && old.to_lowercase() == new.to_lowercase() {
        return Some(Nuance::Case);
    }
    let strip = |s: &str| -> String {
        s.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .collect()
    };
    if strip(&old) == strip(&new) {
        return Some(Nuance::Accents);
    }
    if strip(&old).to_lowercase() == strip(&new).to_lowercase() {
        return Some(Nuance::AccentsAndCase);
    }
    if old.split_whitespace().eq(new.split_whitespace()) {
        return Some(Nuance::Spacing);
    }
    let no_space = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    if no_space(&old) == no_space(&new) {
        return Some(Nuance::WordBreak);
    }
    // The same words (letters and digits, in the same runs), other
    // punctuation; white space around the punctuation may move with it
    // ("mot ," → "mot,").
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (wo, wn) = (words(&old), words(&new));
    let signs = |s: &str| {
        s.chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    };
    if wo == wn && (signs(&old) || signs(&new)) {
        // Every word boundary of the old text is a boundary of the new one:
        // no word was split or joined.
        return Some(Nuance::Punctuation);
    }
    None
}

/// The characters whose folding [`FOLD`] knows: Basic Latin, Latin-1 and
/// Latin Extended-A (all of French and English, and no combining mark).
const FOLDED: u32 = 0x180;

/// For each character below [`FOLDED`], what it leaves once lowercased,
/// decomposed and stripped of what is not a letter or a digit: "É" → "e",
/// "ß" → "ß", "," → "" (at most two characters; '\0' for none).
static FOLD: std::sync::LazyLock<[[char; 2]; FOLDED as usize]> = std::sync::LazyLock::new(|| {
    let mut table = [['\0'; 2]; FOLDED as usize];
    for (code, slot) in table.iter_mut().enumerate() {
        let Some(c) = char::from_u32(code as u32) else {
            continue;
        };
        let folded = c
            .to_lowercase()
            .collect::<String>()
            .nfd()
            .filter(|d| d.is_alphanumeric())
            .collect::<Vec<char>>();
        for (i, f) in folded.into_iter().take(2).enumerate() {
            slot[i] = f;
        }
    }
    table
});

/// True when two texts cannot differ only by a [`Nuance`]: every nuance
/// keeps the letters and digits, in order, once case and accents are set
/// aside, so texts whose folded letters differ have none. Decided only
/// for texts of characters below [`FOLDED`] (false otherwise: the full
/// comparison decides); it spares that comparison to nearly every change.
fn surely_no_nuance(old: &str, new: &str) -> bool {
    fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().flat_map(|c| {
            let f = FOLD.get(c as usize).copied().unwrap_or(['\0'; 2]);
            f.into_iter().filter(|&x| x != '\0')
        })
    }
    let in_table = |s: &str| s.chars().all(|c| (c as u32) < FOLDED);
    in_table(old) && in_table(new) && !folded(old).eq(folded(new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Bound, Options};
    use std::time::Duration;

    fn show(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s.kind {
                SpanKind::Equal => s.text.clone(),
                SpanKind::Delete => format!("[-{}-]", s.text),
                SpanKind::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    fn d(a: &str, b: &str) -> (String, Vec<Span>) {
        let (spans, tripped) = diff(a, b, &Options::default());
        assert!(!tripped);
        (show(&spans), spans)
    }

    #[test]
    fn neighbouring_changes_join() {
        assert_eq!(
            d(
                "sont tenus de remettre les conventions",
                "sont tenus de prendre des mesures"
            )
            .0,
            "sont tenus de [-remettre les conventions-]{+prendre des mesures+}"
        );
    }

    #[test]
    fn references_change_whole() {
        assert_eq!(
            d(
                "à l’article L. 871-1 du code",
                "à l’article L. 871-2 du code"
            )
            .0,
            "à l’article [-L. 871-1-]{+L. 871-2+} du code"
        );
        assert_eq!(
            d("l’article 8 ter", "l’article 8 quater").0,
            "l’article [-8 ter-]{+8 quater+}"
        );
    }

    #[test]
    fn case_and_accents_are_changes_with_a_nuance() {
        let (s, spans) = d("l’Etat garantit", "l’État garantit");
        assert_eq!(s, "l’[-Etat-]{+État+} garantit");
        assert_eq!(spans[2].nuance, Some(Nuance::Accents));
        let (s, spans) = d("le premier ministre", "le Premier ministre");
        assert_eq!(s, "le [-premier-]{+Premier+} ministre");
        assert_eq!(spans[2].nuance, Some(Nuance::Case));
        let (_, spans) = d("72 heures :", "72 heures\u{a0}:");
        assert_eq!(spans[2].nuance, Some(Nuance::Spacing));
        let (_, spans) = d("satisfaire à ces", "satisfaire a\u{300} ces");
        assert_eq!(spans[2].nuance, Some(Nuance::Encoding));
    }

    /// The nuance of the one change between two texts.
    fn only_nuance(a: &str, b: &str) -> Option<Nuance> {
        let (_, spans) = d(a, b);
        let ins: Vec<&Span> = spans
            .iter()
            .filter(|s| s.kind == SpanKind::Insert)
            .collect();
        assert_eq!(ins.len(), 1, "{spans:?}");
        ins[0].nuance
    }

    #[test]
    fn change_labels_are_exact() {
        // A missing space put back: the words change, so it is not
        // punctuation (it was labelled "punctuation only").
        assert_eq!(
            only_nuance(
                "la propriété intellectuelleest protégée",
                "la propriété intellectuelle est protégée"
            ),
            Some(Nuance::WordBreak)
        );
        // A typo fixed inside a word: a real change, no nuance.
        assert_eq!(
            only_nuance("les dispositons suivantes", "les dispositions suivantes"),
            None
        );
        // A real punctuation change between the same words.
        assert_eq!(
            only_nuance("le ministre, par arrêté", "le ministre ; par arrêté"),
            Some(Nuance::Punctuation)
        );
        assert_eq!(
            only_nuance("de l'Etat", "de l’Etat"),
            Some(Nuance::Punctuation)
        );
        // Case and accents together are said together.
        assert_eq!(
            only_nuance("de l’etat", "de l’État"),
            Some(Nuance::AccentsAndCase)
        );
        // Letters with punctuation changed too are not "punctuation only".
        assert_eq!(only_nuance("l’article 3,", "l’article 4 ;"), None);
    }

    #[test]
    fn the_quick_check_never_hides_a_nuance() {
        // Every pair of characters the table knows, alone and between
        // words: when the quick check says "no nuance", the full
        // comparison agrees.
        let chars: Vec<char> = (0..FOLDED).filter_map(char::from_u32).collect();
        for &a in &chars {
            for &b in &chars {
                let (x, y) = (a.to_string(), b.to_string());
                if surely_no_nuance(&x, &y) {
                    assert_eq!(full_nuance(&x, &y), None, "{a:?} {b:?}");
                }
            }
            for (x, y) in [
                (format!("l{a}Etat"), "l’État".to_owned()),
                (format!("d{a} mots"), "de mots".to_owned()),
                (
                    format!("intellectuelle{a}est"),
                    "intellectuelle est".to_owned(),
                ),
            ] {
                if surely_no_nuance(&x, &y) {
                    assert_eq!(full_nuance(&x, &y), None, "{x:?} {y:?}");
                }
            }
        }
        // And it does say so for ordinary replaced words.
        assert!(surely_no_nuance("procédure", "délai"));
        assert!(!surely_no_nuance("Etat", "État"));
    }

    #[test]
    fn a_tripped_bound_is_reported() {
        let a = "mot ".repeat(20_000);
        let b = "autre ".repeat(20_000);
        let options = Options {
            bound: Bound::new(Duration::ZERO),
            ..Options::default()
        };
        let (spans, tripped) = diff(&a, &b, &options);
        assert!(tripped);
        let old: String = spans
            .iter()
            .filter(|s| s.kind != SpanKind::Insert)
            .map(|s| s.text.as_str())
            .collect();
        let new: String = spans
            .iter()
            .filter(|s| s.kind != SpanKind::Delete)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!((old, new), (a, b));
    }
}
