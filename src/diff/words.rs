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
    let deadline = options.bound.deadline();
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &ia, &ib, deadline);
    let tripped = deadline.is_some_and(|d| std::time::Instant::now() > d);

    // Token runs in order: (kind, text).
    let mut runs: Vec<(SpanKind, String)> = Vec::new();
    let mut push = |kind: SpanKind, tokens: &[&str]| {
        if tokens.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((k, t)) if *k == kind => t.extend(tokens.iter().copied()),
            _ => runs.push((kind, tokens.concat())),
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(SpanKind::Equal, &a[old_index..old_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(SpanKind::Delete, &a[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(SpanKind::Insert, &b[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(SpanKind::Delete, &a[old_index..old_index + old_len]);
                push(SpanKind::Insert, &b[new_index..new_index + new_len]);
            }
        }
    }
    (coalesce(runs), tripped)
}

/// Makes changes readable: white space alone between two changes joins
/// them, and each run of changes becomes one deleted span followed by one
/// inserted span ("[-le chat-]{+la souris+}", not "[-le-]{+la+} [-chat-]{+souris+}").
fn coalesce(runs: Vec<(SpanKind, String)>) -> Vec<Span> {
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
    for (i, (kind, text)) in runs.iter().enumerate() {
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
