//! The instruction's words, punctuation and quotations, with their positions.
//!
//! Words are folded for matching (lower case, accents dropped, ’ as '), so the
//! grammar reads "À l’alinéa" and "A l'alinea" alike. Quotations keep their
//! text verbatim. A quotation is either inline (« … » inside a paragraph,
//! nesting balanced) or a block: paragraphs that each open with «, the last
//! closing with » (the way amendments quote new alinéas).

pub(super) use crate::model::fold;

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word, folded; `1°`, `a)` and `l'` are words.
    Word(String),
    /// A punctuation mark.
    Punct(char),
    /// A quotation: its paragraphs, verbatim, without the quotation marks.
    Quote(Vec<String>),
}

/// A token and where it is in the instruction (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// The paragraph (0-based) the token starts in.
    pub para: usize,
    /// For a quotation: true when its closing mark is missing.
    pub unclosed: bool,
}

fn is_word_char(c: char) -> bool {
    // Combining accents belong to their letter: the AN sometimes writes "à"
    // as "a" + U+0300.
    c.is_alphanumeric() || matches!(c, '°' | 'º') || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Splits an instruction into tokens.
pub(super) fn tokens(src: &str) -> Vec<Tok> {
    let paragraphs = paragraphs(src);
    let mut out = Vec::new();
    let mut p = 0;
    while p < paragraphs.len() {
        let (start, end) = paragraphs[p];
        let text = &src[start..end];
        let is_row = |k: usize| {
            paragraphs
                .get(k)
                .is_some_and(|&(a, _)| src[a..].starts_with('|'))
        };
        if text.trim_start_matches('«').trim().is_empty() && is_row(p + 1) {
            // A quoted table: « alone on its line, pipe rows ("| a | b |"),
            // then » on its own line (or the next table's «).
            let mut last = p + 1;
            while is_row(last + 1) {
                last += 1;
            }
            let rows: Vec<String> = (p + 1..=last)
                .map(|k| src[paragraphs[k].0..paragraphs[k].1].to_owned())
                .collect();
            let closing = paragraphs.get(last + 1).is_some_and(|&(a, b)| {
                let t = &src[a..b];
                t.starts_with('»')
                    && t.chars()
                        .all(|c| c.is_whitespace() || matches!(c, '»' | '.' | ';' | ','))
            });
            let end_para = if closing { last + 1 } else { last };
            out.push(Tok {
                kind: Kind::Quote(rows),
                start,
                end: paragraphs[end_para].1,
                para: p,
                unclosed: !closing,
            });
            p = end_para + 1;
            continue;
        }
        if text.starts_with('«') && closes_at_end(text) {
            // A block quotation: this paragraph and the following ones that
            // open with « too (a quoted alinéa may itself end a quotation of
            // its own, so closing marks do not end the block).
            let mut last = p;
            while last + 1 < paragraphs.len() && src[paragraphs[last + 1].0..].starts_with('«') {
                last += 1;
            }
            let paras: Vec<&str> = (p..=last)
                .map(|k| &src[paragraphs[k].0..paragraphs[k].1])
                .collect();
            let last_text = paras[paras.len() - 1];
            let unclosed = last_text.matches('»').count() < last_text.matches('«').count()
                || (paras.len() == 1 && matching_close(last_text, 0).is_none());
            out.push(Tok {
                kind: Kind::Quote(unquote_block(&paras)),
                start,
                end: paragraphs[last].1,
                para: p,
                unclosed,
            });
            p = last + 1;
            continue;
        }
        let first = out.len();
        words(src, start, end, &mut out);
        for t in &mut out[first..] {
            t.para = p;
        }
        p += 1;
    }
    out
}

/// Byte ranges of the paragraphs (separated by blank lines), trimmed.
pub(super) fn paragraphs(src: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for chunk in src.split("\n\n") {
        let lead = chunk.len() - chunk.trim_start().len();
        let t = chunk.trim();
        if !t.is_empty() {
            out.push((at + lead, at + lead + t.len()));
        }
        at += chunk.len() + 2;
    }
    out
}

/// True when the quotation opened by the paragraph's first « does not close
/// before the paragraph ends with more words after it (so the paragraph is
/// all quotation, maybe continued by the next paragraphs).
fn closes_at_end(text: &str) -> bool {
    match matching_close(text, 0) {
        None => true,
        Some(close) => text[close + '»'.len_utf8()..]
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '.' | ';' | ',')),
    }
}

/// The byte offset of the » that closes the « at `open`, nesting balanced.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '«' => depth += 1,
            '»' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The words and punctuation of `src[start..end]`, with inline quotations.
fn words(src: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    let text = &src[start..end];
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c == '«' {
            let close = matching_close(text, i);
            let inner_end = close.unwrap_or(text.len());
            let inner = text[i + '«'.len_utf8()..inner_end].trim_matches(char::is_whitespace);
            let tok_end = close.map_or(text.len(), |c| c + '»'.len_utf8());
            out.push(Tok {
                kind: Kind::Quote(vec![inner.to_owned()]),
                start: start + i,
                end: start + tok_end,
                para: 0,
                unclosed: close.is_none(),
            });
            while it.peek().is_some_and(|&(j, _)| j < tok_end) {
                it.next();
            }
            continue;
        }
        // Straight or curly quotation marks, as some amendments print them:
        // "…" or “…” within the paragraph.
        if let Some(close) = straight_close(text, i, c) {
            let inner = text[i + c.len_utf8()..close].trim_matches(char::is_whitespace);
            let tok_end = close + text[close..].chars().next().map_or(1, char::len_utf8);
            out.push(Tok {
                kind: Kind::Quote(vec![inner.to_owned()]),
                start: start + i,
                end: start + tok_end,
                para: 0,
                unclosed: false,
            });
            while it.peek().is_some_and(|&(j, _)| j < tok_end) {
                it.next();
            }
            continue;
        }
        if is_word_char(c) {
            let mut j = i + c.len_utf8();
            loop {
                let rest = &text[j..];
                let mut chars = rest.chars();
                match chars.next() {
                    Some(d) if is_word_char(d) => j += d.len_utf8(),
                    Some(h) if is_hyphen(h) && chars.next().is_some_and(is_word_char) => {
                        j += h.len_utf8();
                    }
                    _ => break,
                }
            }
            // Elision: l’, d’, qu’ are words of their own.
            let mut word_end = j;
            if let Some(a) = text[j..].chars().next()
                && matches!(a, '\'' | '’')
            {
                word_end = j + a.len_utf8();
            }
            // A list letter: "a)", "aa)".
            let w = &text[i..j];
            if word_end == j
                && text[j..].starts_with(')')
                && w.len() <= 3
                && w.chars().all(|c| c.is_ascii_lowercase())
            {
                word_end = j + 1;
            }
            let folded = usual_spelling(fold(&text[i..word_end]));
            // A superscript ordinal that lost its space ("4<sup>ème</sup>phrase"
            // printed as "4èmephrase"): the ordinal, then the word.
            if let Some(split) = glued_ordinal(&folded)
                && let Some((cut, _)) = text[i..word_end].char_indices().nth(split)
            {
                out.push(Tok {
                    kind: Kind::Word(folded[..split].to_owned()),
                    start: start + i,
                    end: start + i + cut,
                    para: 0,
                    unclosed: false,
                });
                out.push(Tok {
                    kind: Kind::Word(folded[split..].to_owned()),
                    start: start + i + cut,
                    end: start + word_end,
                    para: 0,
                    unclosed: false,
                });
            } else {
                out.push(Tok {
                    kind: Kind::Word(folded),
                    start: start + i,
                    end: start + word_end,
                    para: 0,
                    unclosed: false,
                });
            }
            while it.peek().is_some_and(|&(k, _)| k < word_end) {
                it.next();
            }
            continue;
        }
        out.push(Tok {
            kind: Kind::Punct(match c {
                '—' | '−' => '–',
                c if is_hyphen(c) => '–',
                c => c,
            }),
            start: start + i,
            end: start + i + c.len_utf8(),
            para: 0,
            unclosed: false,
        });
    }
}

/// A drafting word as the grammar spells it, from a misspelling common
/// enough in the chambers' amendments to be a spelling of it (« occurence »
/// for « occurrence », « aliéna » for « alinéa », « Suprimer » for
/// « Supprimer »: Sénat, 2013): the word is the same, nothing is guessed.
/// The one place such spellings are read.
fn usual_spelling(folded: String) -> String {
    match folded.as_str() {
        "occurence" => "occurrence".to_owned(),
        "occurences" => "occurrences".to_owned(),
        "aliena" => "alinea".to_owned(),
        "alinas" => "alineas".to_owned(),
        "suprimer" | "suprrimer" => "supprimer".to_owned(),
        "susbtituer" | "susbstituer" => "substituer".to_owned(),
        _ => folded,
    }
}

/// In a folded word like "4emephrase" or "1erealinea", the length (in
/// characters, all ASCII) of the ordinal before the word glued to it.
fn glued_ordinal(w: &str) -> Option<usize> {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || !w.is_ascii() {
        return None;
    }
    let rest = &w[digits..];
    ["eme", "ere", "er", "re", "e"].iter().find_map(|suffix| {
        let after = rest.strip_prefix(suffix)?;
        ["phrase", "alinea", "occurrence"]
            .iter()
            .any(|noun| after.starts_with(noun))
            .then_some(digits + suffix.len())
    })
}

/// Where the straight (") or curly (“) quotation opened at `open` closes in
/// `text`: only when it opens at the start of a word and closes at its end.
fn straight_close(text: &str, open: usize, c: char) -> Option<usize> {
    let closing = match c {
        '"' => '"',
        '“' => '”',
        _ => return None,
    };
    let before = text[..open].chars().next_back();
    if before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let after = open + c.len_utf8();
    let close = after + text[after..].find(closing)?;
    let next = text[close + closing.len_utf8()..].chars().next();
    if next.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(close)
}

/// The text of a block quotation: each paragraph without its opening «; the
/// last also without the closing » (and any punctuation after it), unless
/// that » closes a quotation opened inside the paragraph.
fn unquote_block(paras: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(paras.len());
    for (i, p) in paras.iter().enumerate() {
        let mut text = p
            .strip_prefix('«')
            .unwrap_or(p)
            .trim_start_matches(char::is_whitespace);
        if i + 1 == paras.len() {
            let trimmed = text.trim_end_matches(|c: char| c.is_whitespace());
            let before_punct = trimmed
                .trim_end_matches(|c: char| matches!(c, '.' | ';' | ',') || c.is_whitespace());
            if before_punct.ends_with('»') {
                let opens = text.matches('«').count();
                let closes = text.matches('»').count();
                if closes > opens {
                    text = before_punct
                        .strip_suffix('»')
                        .unwrap_or(before_punct)
                        .trim_end_matches(char::is_whitespace);
                }
            }
        }
        out.push(text.trim_end_matches(char::is_whitespace).to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Kind> {
        tokens(s).into_iter().map(|t| t.kind).collect()
    }

    fn w(s: &str) -> Kind {
        Kind::Word(s.to_owned())
    }

    #[test]
    fn a_common_misspelling_is_the_word() {
        assert_eq!(
            kinds("chaque occurence, deux Occurences"),
            vec![
                w("chaque"),
                w("occurrence"),
                Kind::Punct(','),
                w("deux"),
                w("occurrences")
            ]
        );
        assert_eq!(
            kinds("Suprimer, susbtituer"),
            vec![w("supprimer"), Kind::Punct(','), w("substituer")]
        );
    }

    #[test]
    fn folds_words_and_splits_elisions() {
        assert_eq!(
            kinds("À l’alinéa\u{a0}4,"),
            vec![w("a"), w("l'"), w("alinea"), w("4"), Kind::Punct(',')]
        );
        assert_eq!(
            kinds("au a) du 2° bis"),
            vec![w("au"), w("a)"), w("du"), w("2°"), w("bis")]
        );
        assert_eq!(
            kinds("L. 34‑18"),
            vec![w("l"), Kind::Punct('.'), w("34‑18")]
        );
    }

    #[test]
    fn inline_quotations_nest() {
        assert_eq!(
            kinds("les mots : « a « b » c », insérer"),
            vec![
                w("les"),
                w("mots"),
                Kind::Punct(':'),
                Kind::Quote(vec!["a « b » c".into()]),
                Kind::Punct(','),
                w("inserer")
            ]
        );
    }

    #[test]
    fn block_quotations_span_paragraphs() {
        let src = "Après l’alinéa 3, insérer les deux alinéas suivants :\n\n« Un ;\n\n« deux. »";
        let toks = tokens(src);
        assert_eq!(
            toks.last().unwrap().kind,
            Kind::Quote(vec!["Un ;".into(), "deux.".into()])
        );
        // A quoted paragraph followed by words is inline.
        let src = "« a » les mots : « b ».";
        assert_eq!(kinds(src)[0], Kind::Quote(vec!["a".into()]));
        // Punctuation after the closing mark is not text.
        let src = "supprimer les mots :\n\n« ou techniques ».";
        assert_eq!(
            tokens(src).last().unwrap().kind,
            Kind::Quote(vec!["ou techniques".into()])
        );
    }

    #[test]
    fn nested_last_paragraph_keeps_its_inner_close() {
        let src = "x :\n\n« Le code est modifié :\n\n« « Art. 1. – Texte. »";
        assert_eq!(
            tokens(src).last().unwrap().kind,
            Kind::Quote(vec![
                "Le code est modifié :".into(),
                "« Art. 1. – Texte. »".into()
            ])
        );
        let src = "x :\n\n« « Art. 1. – Texte. » »";
        assert_eq!(
            tokens(src).last().unwrap().kind,
            Kind::Quote(vec!["« Art. 1. – Texte. »".into()])
        );
    }
}
