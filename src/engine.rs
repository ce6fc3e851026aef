//! The amendment engine: what an amendment does to the text it targets.
//!
//! An amendment's instruction (dispositif) is French legal prose. This module
//! turns it into [`Operation`]s and applies them to an [`Article`]. It reads the
//! whole-article forms ("Supprimer cet article.", "Rédiger ainsi cet article :",
//! "Rétablir cet article dans la rédaction suivante :"); any other instruction
//! is reported as [`Reading::NotUnderstood`] and the amendment is shown
//! without an applied text, never with a guessed one. Sources may also give
//! explicit `operations`, which take precedence over the instruction.

use serde::{Deserialize, Serialize};

use crate::model::{Article, DELETED, Line, Position, Target};

/// One structured change to an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Operation {
    /// Strike the whole article: it then reads `(Supprimé)`.
    DeleteArticle,
    /// Replace the whole article (or restore a deleted one) with these alinéas.
    RewriteArticle {
        /// The new alinéas, verbatim, without the amendment's quotation marks.
        text: Vec<String>,
    },
    /// Add words at the end of an alinéa, before its final punctuation
    /// ("Compléter l'alinéa 4 par les mots : « … »").
    CompleteAlinea {
        /// The alinéa, numbered as the instruction numbers it.
        alinea: usize,
        /// The words, verbatim.
        words: String,
    },
    /// Strike words from an alinéa ("À l'alinéa 7, supprimer les mots : « … »"):
    /// every occurrence unless one is named.
    DeleteWords {
        /// The alinéa, numbered as the instruction numbers it.
        alinea: usize,
        /// The words, verbatim.
        words: String,
        /// The occurrence (1-based) when the instruction names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occurrence: Option<usize>,
    },
}

impl Operation {
    /// A short description for listings.
    pub fn summary(&self) -> String {
        match self {
            Operation::DeleteArticle => "delete the article".to_owned(),
            Operation::RewriteArticle { text } => {
                format!("rewrite the article ({} alinéas)", text.len())
            }
            Operation::CompleteAlinea { alinea, words } => {
                format!("complete alinéa {alinea} with « {words} »")
            }
            Operation::DeleteWords { alinea, words, .. } => {
                format!("strike « {words} » from alinéa {alinea}")
            }
        }
    }
}

/// What the engine made of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The operations the instruction stands for.
    Understood(Vec<Operation>),
    /// The engine does not read this form yet; the reason says which.
    NotUnderstood(String),
}

/// Reads an instruction. Paragraphs are separated by blank lines.
pub fn read_instruction(instruction: &str) -> Reading {
    let paragraphs: Vec<&str> = instruction
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let Some(first) = paragraphs.first() else {
        return Reading::NotUnderstood("the instruction is empty".to_owned());
    };
    let head = normalise(first);
    if matches!(
        head.as_str(),
        "supprimer cet article." | "supprimer cet article"
    ) && paragraphs.len() == 1
    {
        return Reading::Understood(vec![Operation::DeleteArticle]);
    }
    const REWRITE: [&str; 3] = [
        "rédiger ainsi cet article :",
        "rétablir cet article dans la rédaction suivante :",
        "rétablir cet article ainsi rédigé :",
    ];
    if REWRITE.contains(&head.as_str()) {
        return match unquote(&paragraphs[1..]) {
            Ok(text) => Reading::Understood(vec![Operation::RewriteArticle { text }]),
            Err(why) => Reading::NotUnderstood(why),
        };
    }
    read_parts(&paragraphs)
}

/// Reads an instruction made of word-level parts, each one or two paragraphs
/// ("I. – Compléter l'alinéa 4 par les mots :" then "« … »."), possibly
/// numbered "I. –", "II. –" and introduced by "En conséquence,".
fn read_parts(paragraphs: &[&str]) -> Reading {
    let mut ops = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        let head = strip_part_number(paragraphs[i]);
        let head = head
            .strip_prefix("En conséquence,")
            .map(str::trim_start)
            .unwrap_or(head);
        let lower = normalise(head);
        let quoted = paragraphs.get(i + 1).and_then(|p| quoted_words(p));
        if let Some(rest) = lower
            .strip_prefix("compléter l’alinéa ")
            .or_else(|| lower.strip_prefix("compléter l'alinéa "))
            && let (Some(n), Some(words)) =
                (leading_number(rest, " par les mots :"), quoted.clone())
        {
            ops.push(Operation::CompleteAlinea { alinea: n, words });
            i += 2;
            continue;
        }
        if let Some(rest) = lower
            .strip_prefix("à l’alinéa ")
            .or_else(|| lower.strip_prefix("à l'alinéa "))
            && let (Some(n), Some(words)) = (
                leading_number(rest, ", supprimer les mots :")
                    .or_else(|| leading_number(rest, ", supprimer le mot :")),
                quoted,
            )
        {
            ops.push(Operation::DeleteWords {
                alinea: n,
                words,
                occurrence: None,
            });
            i += 2;
            continue;
        }
        return Reading::NotUnderstood(format!(
            "the engine does not read « {} » yet",
            paragraphs[i].chars().take(80).collect::<String>()
        ));
    }
    Reading::Understood(ops)
}

/// "II. – text" → "text".
fn strip_part_number(p: &str) -> &str {
    let t = p.trim_start();
    let roman_end = t
        .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | 'L'))
        .unwrap_or(t.len());
    if roman_end == 0 {
        return t;
    }
    let rest = &t[roman_end..];
    let Some(rest) = rest.strip_prefix('.') else {
        return t;
    };
    let rest = rest.trim_start_matches(is_space);
    match rest.strip_prefix('–').or_else(|| rest.strip_prefix('-')) {
        Some(r) => r.trim_start_matches(is_space),
        None => t,
    }
}

/// "4 par les mots :" with `tail` " par les mots :" → 4.
fn leading_number(s: &str, tail: &str) -> Option<usize> {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = &s[digits.len()..];
    (normalise(rest) == normalise(tail)).then(|| digits.parse().ok())?
}

/// The words of a paragraph that is only a quotation, with an optional final
/// period: "« ou techniques »." → "ou techniques".
fn quoted_words(p: &str) -> Option<String> {
    let t = p.trim();
    let t = t.strip_suffix('.').unwrap_or(t).trim_end();
    let inner = t.strip_prefix('«')?.strip_suffix('»')?;
    let words = inner.trim_matches(is_space);
    (!words.is_empty() && !words.contains('«')).then(|| words.to_owned())
}

/// How many paragraphs of an amendment's instruction come before the text it
/// quotes: sub-amendments number alinéas by the amendment's paragraphs, so
/// alinéa n of "Rétablir cet article… :" followed by the new text is alinéa
/// n − 1 of that text.
pub fn quoted_text_offset(instruction: &str) -> usize {
    instruction
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .take_while(|p| !p.starts_with('«'))
        .count()
}

/// Lower case with every run of white space (including non-breaking) as one space.
fn normalise(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Strips the amendment's own quotation: each quoted paragraph opens with «,
/// and the last one closes with ». When the last paragraph is itself inside a
/// nested quotation (it opens with a second «), its final » closes that inner
/// quotation and is kept: the outer closing mark was merged with it.
fn unquote(paragraphs: &[&str]) -> Result<Vec<String>, String> {
    if paragraphs.is_empty() {
        return Err("the new text is missing after the colon".to_owned());
    }
    let mut out = Vec::with_capacity(paragraphs.len());
    for (i, p) in paragraphs.iter().enumerate() {
        let Some(rest) = p.strip_prefix('«') else {
            return Err(format!(
                "paragraph {} of the new text does not open with «",
                i + 1
            ));
        };
        let mut text = rest.trim_start_matches(is_space).to_owned();
        if i + 1 == paragraphs.len() && !text.starts_with('«') {
            let trimmed = text.trim_end_matches(is_space);
            if let Some(t) = trimmed.strip_suffix('»') {
                text = t.trim_end_matches(is_space).to_owned();
            }
        }
        out.push(text.trim_end_matches(is_space).to_owned());
    }
    Ok(out)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Why operations could not be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// The target article is not in the text.
    #[error("article {0} is not in the text the amendment was tabled on")]
    NoSuchArticle(String),
    /// The operation does not fit the target (e.g. deleting an additional article).
    #[error("{0}")]
    Unsupported(String),
    /// An alinéa number beyond the article.
    #[error("alinéa {alinea} does not exist: article {article} has {count} alinéas")]
    NoSuchAlinea {
        /// The number as the instruction gives it.
        alinea: usize,
        /// The article.
        article: String,
        /// How many it has.
        count: usize,
    },
    /// Quoted words that are not in the alinéa.
    #[error("« {words} » not found in alinéa {alinea}")]
    WordsNotFound {
        /// The words.
        words: String,
        /// The alinéa, as the instruction numbers it.
        alinea: usize,
    },
}

/// Applies `ops` to the article an amendment targets.
///
/// `current` is the article as it stands (None for an additional article that
/// does not exist yet); `id` is the stable id to give a new article.
///
/// `offset` is how many of the instruction's alinéa numbers come before the
/// article's first alinéa (see [`quoted_text_offset`]; 0 for an amendment
/// to a stage text).
pub fn apply(
    target: &Target,
    id: &str,
    current: Option<&Article>,
    ops: &[Operation],
    offset: usize,
) -> Result<Article, ApplyError> {
    let mut article = match (current, target.position) {
        (Some(a), Position::On) => a.clone(),
        (None, Position::On) => return Err(ApplyError::NoSuchArticle(target.article.clone())),
        (_, Position::Before | Position::After) => Article {
            id: id.to_owned(),
            number: format!("additional {target}"),
            lines: Vec::new(),
        },
    };
    for op in ops {
        match op {
            Operation::DeleteArticle => {
                if target.position != Position::On {
                    return Err(ApplyError::Unsupported(
                        "an additional article cannot be deleted".to_owned(),
                    ));
                }
                article.lines = vec![Line::Alinea(DELETED.to_owned())];
            }
            Operation::RewriteArticle { text } => {
                article.lines = text.iter().cloned().map(Line::Alinea).collect();
            }
            Operation::CompleteAlinea { alinea, words } => {
                let line = alinea_mut(&mut article, *alinea, offset)?;
                let cut = line
                    .trim_end()
                    .strip_suffix(['.', ';', ','])
                    .map_or(line.trim_end().len(), str::len);
                let tail = line[cut..].to_owned();
                let sep = if words.starts_with([',', '.', ';', ')']) {
                    ""
                } else {
                    " "
                };
                line.truncate(cut);
                line.push_str(sep);
                line.push_str(words);
                line.push_str(tail.trim_end());
            }
            Operation::DeleteWords {
                alinea,
                words,
                occurrence,
            } => {
                let line = alinea_mut(&mut article, *alinea, offset)?;
                let found: Vec<usize> = word_positions(line, words);
                let chosen: Vec<usize> = match occurrence {
                    Some(k) => found
                        .get(k.saturating_sub(1))
                        .copied()
                        .into_iter()
                        .collect(),
                    None => found,
                };
                if chosen.is_empty() {
                    return Err(ApplyError::WordsNotFound {
                        words: words.clone(),
                        alinea: *alinea,
                    });
                }
                for &at in chosen.iter().rev() {
                    let mut start = at;
                    let end = at + words.len();
                    // One space goes with the words.
                    if line[..start].ends_with(' ')
                        && (end == line.len() || line[end..].starts_with([' ', ',', '.', ';']))
                    {
                        start -= 1;
                    }
                    line.replace_range(start..end, "");
                }
            }
        }
    }
    Ok(article)
}

/// The text of alinéa `n` (numbered as the instruction numbers it).
fn alinea_mut(article: &mut Article, n: usize, offset: usize) -> Result<&mut String, ApplyError> {
    let count = article.alinea_count();
    let number = article.number.clone();
    let index = n.checked_sub(offset + 1);
    let line = index.and_then(|k| {
        article
            .lines
            .iter_mut()
            .filter_map(|l| match l {
                Line::Alinea(t) => Some(t),
                Line::Gap(_) => None,
            })
            .nth(k)
    });
    line.ok_or(ApplyError::NoSuchAlinea {
        alinea: n,
        article: number,
        count: count + offset,
    })
}

/// Byte positions of `words` in `line` as whole words.
fn word_positions(line: &str, words: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = line[from..].find(words) {
        let at = from + k;
        let end = at + words.len();
        let before_ok = !line[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after_ok = !line[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            out.push(at);
        }
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_deletion() {
        assert_eq!(
            read_instruction("Supprimer cet article."),
            Reading::Understood(vec![Operation::DeleteArticle])
        );
    }

    #[test]
    fn reads_restoration_and_strips_outer_quotes() {
        let i = "Rétablir cet article dans la rédaction suivante\u{a0}:\n\n« I.\u{a0}– Le code est ainsi modifié\u{a0}:\n\n« 1° Les mots : « a » sont supprimés.\u{a0}»";
        let Reading::Understood(ops) = read_instruction(i) else {
            panic!("not understood")
        };
        assert_eq!(
            ops,
            vec![Operation::RewriteArticle {
                text: vec![
                    "I.\u{a0}– Le code est ainsi modifié\u{a0}:".to_owned(),
                    "1° Les mots : « a » sont supprimés.".to_owned()
                ]
            }]
        );
    }

    #[test]
    fn keeps_inner_closing_quote_of_nested_last_paragraph() {
        let i = "Rédiger ainsi cet article :\n\n« Le code est modifié :\n\n« « Art. 1. – Texte. »";
        let Reading::Understood(ops) = read_instruction(i) else {
            panic!()
        };
        let Operation::RewriteArticle { text } = &ops[0] else {
            panic!()
        };
        assert_eq!(text[1], "« Art. 1. – Texte. »");
    }

    #[test]
    fn other_forms_are_not_guessed() {
        assert!(matches!(
            read_instruction("Après l’alinéa 11, insérer l’alinéa suivant :\n\n« Texte. »"),
            Reading::NotUnderstood(_)
        ));
    }

    #[test]
    fn deletion_applies() {
        let a = Article {
            id: "8-ter".into(),
            number: "8 ter".into(),
            lines: vec![Line::Alinea("x".into())],
        };
        let t = Target::parse("8 ter");
        let out = apply(&t, "8-ter", Some(&a), &[Operation::DeleteArticle], 0).unwrap();
        assert!(out.is_deleted());
    }

    #[test]
    fn reads_numbered_word_parts() {
        let i = "I. – Compléter l’alinéa 4 par les mots :\n\n« , sauf si impossible ».\n\nII. – En conséquence, à l’alinéa 7, supprimer les mots :\n\n« ou techniques ».";
        assert_eq!(
            read_instruction(i),
            Reading::Understood(vec![
                Operation::CompleteAlinea {
                    alinea: 4,
                    words: ", sauf si impossible".into()
                },
                Operation::DeleteWords {
                    alinea: 7,
                    words: "ou techniques".into(),
                    occurrence: None
                }
            ])
        );
    }

    #[test]
    fn word_operations_apply_with_the_amendment_offset() {
        let a = Article {
            id: "x".into(),
            number: "8 ter".into(),
            lines: vec![
                Line::Alinea("Ils agissent dans un délai de 72 heures.".into()),
                Line::Alinea("Sans arguments contractuels ou techniques pour cela.".into()),
            ],
        };
        let t = Target::parse("8 ter");
        let ops = [
            Operation::CompleteAlinea {
                alinea: 2,
                words: ", sauf impossibilité".into(),
            },
            Operation::DeleteWords {
                alinea: 3,
                words: "ou techniques".into(),
                occurrence: None,
            },
        ];
        let out = apply(&t, "x", Some(&a), &ops, 1).unwrap();
        assert_eq!(
            out.lines,
            vec![
                Line::Alinea("Ils agissent dans un délai de 72 heures, sauf impossibilité.".into()),
                Line::Alinea("Sans arguments contractuels pour cela.".into()),
            ]
        );
        let err = apply(
            &t,
            "x",
            Some(&a),
            &[Operation::DeleteWords {
                alinea: 4,
                words: "a".into(),
                occurrence: None,
            }],
            1,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "alinéa 4 does not exist: article 8 ter has 3 alinéas"
        );
        let err = apply(
            &t,
            "x",
            Some(&a),
            &[Operation::DeleteWords {
                alinea: 3,
                words: "ou bien".into(),
                occurrence: None,
            }],
            1,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "« ou bien » not found in alinéa 3");
    }
}
