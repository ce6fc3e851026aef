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
}

impl Operation {
    /// A short description for listings.
    pub fn summary(&self) -> String {
        match self {
            Operation::DeleteArticle => "delete the article".to_owned(),
            Operation::RewriteArticle { text } => {
                format!("rewrite the article ({} alinéas)", text.len())
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
    Reading::NotUnderstood(format!(
        "the engine does not read « {} » yet",
        first.chars().take(80).collect::<String>()
    ))
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
}

/// Applies `ops` to the article an amendment targets.
///
/// `current` is the article as it stands (None for an additional article that
/// does not exist yet); `id` is the stable id to give a new article.
pub fn apply(
    target: &Target,
    id: &str,
    current: Option<&Article>,
    ops: &[Operation],
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
        }
    }
    Ok(article)
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
            read_instruction("À l’alinéa 11, supprimer les mots :\n\n« ou techniques »."),
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
        let out = apply(&t, "8-ter", Some(&a), &[Operation::DeleteArticle]).unwrap();
        assert!(out.is_deleted());
    }
}
