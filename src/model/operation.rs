//! The operation vocabulary: what an amendment does to an article.
//!
//! [`Operation`]s at [`Place`]s (a division, alinéas, sentences, an end),
//! with [`Words`] for quoted words and [`Nth`] for "the second", "the last".
//! docs/operations.md lists the French phrasings each one stands for. The
//! engine (`crate::engine`) reads instructions into these and applies them;
//! an amendment's source may also give them explicitly.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The n-th of something, counted from the start or from the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Nth {
    /// 1-based, from the start ("la deuxième phrase": 2).
    Index(usize),
    /// 1-based, from the end ("la dernière": 1, "l’avant-dernière": 2).
    FromEnd {
        /// How far from the end.
        from_end: usize,
    },
}

impl Nth {
    /// The last one.
    pub const LAST: Nth = Nth::FromEnd { from_end: 1 };

    /// The 0-based index among `count`.
    pub fn index(self, count: usize) -> Option<usize> {
        match self {
            Nth::Index(n) => n.checked_sub(1).filter(|&i| i < count),
            Nth::FromEnd { from_end } => count.checked_sub(from_end),
        }
    }
}

impl fmt::Display for Nth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Nth::Index(n) => write!(f, "{n}"),
            Nth::FromEnd { from_end: 1 } => write!(f, "last"),
            Nth::FromEnd { from_end } => write!(f, "last but {}", from_end - 1),
        }
    }
}

/// Some alinéas, numbered as the text the amendment was tabled on numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Alineas {
    /// One alinéa ("l’alinéa 4", "le dernier alinéa").
    One(Nth),
    /// A range, both ends included ("les alinéas 7 à 12").
    Range([usize; 2]),
}

impl fmt::Display for Alineas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Alineas::One(n) => write!(f, "alinéa {n}"),
            Alineas::Range([a, b]) => write!(f, "alinéas {a} to {b}"),
        }
    }
}

/// Rows or columns of a table: one by its ordinal ("la trente-septième
/// ligne", "la dernière colonne"), a span ("les troisième à huitième
/// lignes", both ends included), or one named by its header cell ("la
/// ligne : « Comptes d’affectation spéciale »", "la colonne « 2025 »").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Span {
    /// One, by its ordinal.
    One(Nth),
    /// From the first to the second, both included.
    Range([Nth; 2]),
    /// The one whose header cell (a row's first cell, a column's first
    /// row) reads so.
    Header {
        /// The header's text, verbatim.
        header: String,
    },
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Span::One(n) => write!(f, "{n}"),
            Span::Range([a, b]) => write!(f, "{a} to {b}"),
            Span::Header { header } => write!(f, "« {header} »"),
        }
    }
}

/// A table within the place's alinéas, and rows, columns or cells of it
/// ("la trente-septième ligne de la dernière colonne du tableau de
/// l’alinéa 5"). Rows are counted as printed, the header row included;
/// no rows means every row, no columns every column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TablePlace {
    /// Which table of the alinéa ("le premier tableau"); none: its only one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Nth>,
    /// Rows; none named: the whole table (or the columns named).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Span>,
    /// Columns; none named: whole rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<Span>,
}

impl fmt::Display for TablePlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[Span]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.rows.is_empty() {
            write!(
                f,
                "row{} {} ",
                if self.rows.len() > 1 || matches!(self.rows[0], Span::Range(_)) {
                    "s"
                } else {
                    ""
                },
                list(&self.rows)
            )?;
        }
        if !self.columns.is_empty() {
            if !self.rows.is_empty() {
                write!(f, "× ")?;
            }
            write!(
                f,
                "column{} {} ",
                if self.columns.len() > 1 || matches!(self.columns[0], Span::Range(_)) {
                    "s"
                } else {
                    ""
                },
                list(&self.columns)
            )?;
        }
        if !self.rows.is_empty() || !self.columns.is_empty() {
            write!(f, "of ")?;
        }
        match self.table {
            Some(n) => write!(f, "table {n}"),
            None => write!(f, "the table"),
        }
    }
}

/// Which end of a place the words are at ("au début de", "à la fin de").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum End {
    /// "au début de".
    Start,
    /// "à la fin de".
    End,
}

/// Where in an article an operation applies. Every field narrows the one
/// before: the article, a division ("au 2° du I"), alinéas, sentences, one
/// end. Nothing given: the whole article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// A provision outside the amended text, as the instruction names it
    /// ("de l’article L. 34‑18 du code des postes…"): the forms that amend
    /// codes. The engine reads it but cannot apply it to a bill's article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside: Option<String>,
    /// Divisions of the article, outermost first: `["I", "2°", "a)"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub division: Vec<String>,
    /// Alinéas; several mean each of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alineas: Vec<Alineas>,
    /// Sentences of those alinéas; several mean each of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Nth>,
    /// A table in those alinéas, and rows, columns or cells of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<TablePlace>,
    /// One end of the place, when the instruction names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<End>,
}

impl Place {
    /// The whole article.
    pub fn article() -> Place {
        Place::default()
    }

    /// One alinéa.
    pub fn alinea(n: usize) -> Place {
        Place {
            alineas: vec![Alineas::One(Nth::Index(n))],
            ..Place::default()
        }
    }

    /// True for the whole article.
    pub fn is_article(&self) -> bool {
        self.outside.is_none()
            && self.division.is_empty()
            && self.alineas.is_empty()
            && self.sentences.is_empty()
            && self.table.is_none()
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(end) = self.end {
            parts.push(match end {
                End::Start => "the start of".to_owned(),
                End::End => "the end of".to_owned(),
            });
        }
        if !self.sentences.is_empty() {
            let s: Vec<String> = self.sentences.iter().map(ToString::to_string).collect();
            parts.push(format!(
                "sentence{} {} of",
                if s.len() > 1 { "s" } else { "" },
                s.join(", ")
            ));
        }
        if let Some(t) = &self.table {
            parts.push(t.to_string());
            if !self.alineas.is_empty() || !self.division.is_empty() {
                parts.push("in".to_owned());
            }
        }
        if !self.alineas.is_empty() {
            let s: Vec<String> = self.alineas.iter().map(ToString::to_string).collect();
            parts.push(s.join(", "));
        }
        for d in self.division.iter().rev() {
            if !self.alineas.is_empty() || parts.last().is_some_and(|p| !p.ends_with(" of")) {
                parts.push("of".to_owned());
            }
            parts.push(d.clone());
        }
        if let Some(o) = &self.outside {
            parts.push(o.clone());
        }
        if self.is_article() && self.outside.is_none() {
            parts.push("the article".to_owned());
        }
        write!(f, "{}", parts.join(" "))
    }
}

/// Quoted words, and which of their occurrences are meant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// The words, verbatim.
    pub words: String,
    /// The occurrences meant ("la deuxième occurrence"); none named means
    /// every occurrence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occurrence: Vec<Nth>,
}

impl Words {
    /// Every occurrence of these words.
    pub fn every(words: &str) -> Words {
        Words {
            words: words.to_owned(),
            occurrence: Vec::new(),
        }
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "« {} »", self.words)?;
        if !self.occurrence.is_empty() {
            let s: Vec<String> = self.occurrence.iter().map(ToString::to_string).collect();
            write!(f, " (occurrence {})", s.join(", "))?;
        }
        Ok(())
    }
}

/// Before or after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Before.
    Before,
    /// After.
    After,
}

/// One structured change to an article. docs/operations.md lists the
/// phrasings each one stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Operation {
    /// Strike the whole article: it then reads `(Supprimé)`.
    DeleteArticle,
    /// Replace the whole article (or restore a deleted one) with these alinéas.
    RewriteArticle {
        /// The new alinéas, verbatim, without the amendment's quotation marks.
        text: Vec<String>,
    },
    /// An additional article, before or after the target ("Après l’article 8
    /// ter, insérer un article additionnel ainsi rédigé"); on the AN's
    /// amendments the instruction is the new article itself.
    InsertArticle {
        /// The new article's alinéas, verbatim.
        text: Vec<String>,
        /// The words read as the instruction's header, not as the article
        /// ("Après l’article 17, insérer un article additionnel ainsi
        /// rédigé :"); none when the instruction is the new article itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        header: Option<String>,
    },
    /// Strike alinéas, a division or sentences.
    Delete {
        /// What to strike.
        at: Place,
    },
    /// Rewrite (or restore) alinéas, a division or sentences.
    Rewrite {
        /// What to rewrite.
        at: Place,
        /// The new text: alinéas, or for sentences the new sentences.
        text: Vec<String>,
    },
    /// Insert alinéas before or after a place (after the whole article: at
    /// its end).
    InsertAlineas {
        /// Before or after.
        side: Side,
        /// Where.
        at: Place,
        /// The new alinéas, verbatim.
        text: Vec<String>,
    },
    /// Insert table rows before or after rows of a table (after the whole
    /// table: at its end), each row a Markdown pipe row ("| a | b |").
    InsertRows {
        /// Before or after.
        side: Side,
        /// Where: a place with a table.
        at: Place,
        /// The new rows, verbatim.
        rows: Vec<String>,
    },
    /// Insert sentences before or after a sentence, or at the end of an
    /// alinéa ("Compléter l’alinéa 8 par la phrase suivante").
    InsertSentences {
        /// Before or after.
        side: Side,
        /// Where.
        at: Place,
        /// The sentences, verbatim.
        text: String,
    },
    /// Add words at the end of a place, before its final punctuation
    /// ("Compléter l’alinéa 8 par les mots : « … »").
    Complete {
        /// Where.
        at: Place,
        /// The words, verbatim.
        words: String,
    },
    /// Replace words ("substituer aux mots : « a » les mots : « b »").
    ReplaceWords {
        /// Where.
        at: Place,
        /// The words replaced, and which occurrences.
        old: Words,
        /// The new words, verbatim.
        new: String,
    },
    /// Strike words; after given words, the first occurrence that follows
    /// them ("après le mot : « a », supprimer les mots : « b »").
    DeleteWords {
        /// Where.
        at: Place,
        /// The words struck, and which occurrences.
        old: Words,
        /// The words they follow, when the instruction names them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<Words>,
    },
    /// Insert words before or after given words, or at the start of a place
    /// when no words are given.
    InsertWords {
        /// Where.
        at: Place,
        /// Before or after the anchor.
        side: Side,
        /// The words the new ones go next to; none: the start of the place.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        anchor: Option<Words>,
        /// The new words, verbatim.
        words: String,
    },
    /// Rewrite the start of a place ("Rédiger ainsi le début de l’alinéa 27 :
    /// « … (le reste sans changement) »"): the new start, without the
    /// ellipsis and the note; the unchanged rest begins after the old words
    /// that end the new start.
    RewriteStart {
        /// Where.
        at: Place,
        /// The new start, verbatim.
        text: String,
    },
    /// Rewrite (or strike, with an empty text) the end of a place after
    /// given words ("Après le mot : « a », rédiger ainsi la fin de l’alinéa").
    RewriteEnd {
        /// Where.
        at: Place,
        /// The words after which the end starts.
        after: Words,
        /// The new end, verbatim; empty to strike it.
        text: String,
    },
    /// A sentence of the instruction that is not an instruction: a banner
    /// (under which article of the Règlement the amendment was filed), a
    /// note ("Amendement rédactionnel."). Kept and shown, never applied.
    Note {
        /// The sentence, verbatim.
        text: String,
    },
}

impl Operation {
    /// A short description for listings.
    pub fn summary(&self) -> String {
        match self {
            Operation::DeleteArticle => "delete the article".to_owned(),
            Operation::RewriteArticle { text } => format!(
                "rewrite the article ({} alinéa{})",
                text.len(),
                if text.len() == 1 { "" } else { "s" }
            ),
            Operation::InsertArticle { text, header } => {
                let first: String = text
                    .first()
                    .map(|t| t.chars().take(40).collect())
                    .unwrap_or_default();
                let more = if text.first().is_some_and(|t| t.chars().count() > 40) {
                    "…"
                } else {
                    ""
                };
                let mut s = format!(
                    "insert an additional article ({} alinéa{}, from « {first}{more} »)",
                    text.len(),
                    if text.len() > 1 { "s" } else { "" }
                );
                if let Some(h) = header {
                    s.push_str(&format!(" after the header « {h} »"));
                }
                s
            }
            Operation::Delete { at } => format!("delete {at}"),
            Operation::Rewrite { at, text } if at.table.is_some() => {
                format!(
                    "rewrite {at} ({} row{})",
                    text.len(),
                    if text.len() == 1 { "" } else { "s" }
                )
            }
            Operation::Rewrite { at, text } => {
                format!(
                    "rewrite {at} ({} paragraph{})",
                    text.len(),
                    if text.len() == 1 { "" } else { "s" }
                )
            }
            Operation::InsertAlineas { side, at, text } => format!(
                "insert {} alinéa{} {} {at}",
                text.len(),
                if text.len() > 1 { "s" } else { "" },
                side_word(*side)
            ),
            Operation::InsertRows { side, at, rows } => format!(
                "insert {} row{} {} {at}",
                rows.len(),
                if rows.len() > 1 { "s" } else { "" },
                side_word(*side)
            ),
            Operation::InsertSentences { side, at, text } => {
                format!("insert « {text} » {} {at}", side_word(*side))
            }
            Operation::Complete { at, words } => format!("complete {at} with « {words} »"),
            Operation::ReplaceWords { at, old, new } => {
                format!("replace {old} with « {new} » {}", within(at))
            }
            Operation::DeleteWords {
                at,
                old,
                after: None,
            } => format!("strike {old} {}", within(at)),
            Operation::DeleteWords {
                at,
                old,
                after: Some(anchor),
            } => format!("strike {old} after {anchor} {}", within(at)),
            Operation::InsertWords {
                at,
                side,
                anchor,
                words,
            } => match anchor {
                Some(a) => format!("insert « {words} » {} {a} {}", side_word(*side), within(at)),
                None if at.end.is_some() => format!("insert « {words} » at {at}"),
                None => format!("insert « {words} » at the start of {at}"),
            },
            Operation::RewriteStart { at, text } => {
                format!("rewrite the start of {at} as « {text} »")
            }
            Operation::RewriteEnd { at, after, text } if text.is_empty() => {
                format!("strike the end of {at} after {after}")
            }
            Operation::RewriteEnd { at, after, text } => {
                format!("rewrite the end of {at} after {after} as « {text} »")
            }
            Operation::Note { text } => format!("set aside (not an instruction): « {text} »"),
        }
    }

    /// Where the operation applies (None for whole-article operations).
    pub fn place(&self) -> Option<&Place> {
        match self {
            Operation::DeleteArticle
            | Operation::RewriteArticle { .. }
            | Operation::InsertArticle { .. }
            | Operation::Note { .. } => None,
            Operation::Delete { at }
            | Operation::Rewrite { at, .. }
            | Operation::InsertAlineas { at, .. }
            | Operation::InsertRows { at, .. }
            | Operation::InsertSentences { at, .. }
            | Operation::Complete { at, .. }
            | Operation::ReplaceWords { at, .. }
            | Operation::DeleteWords { at, .. }
            | Operation::InsertWords { at, .. }
            | Operation::RewriteStart { at, .. }
            | Operation::RewriteEnd { at, .. } => Some(at),
        }
    }

    /// Where the operation applies, to change it.
    pub(crate) fn place_mut(&mut self) -> Option<&mut Place> {
        match self {
            Operation::DeleteArticle
            | Operation::RewriteArticle { .. }
            | Operation::InsertArticle { .. }
            | Operation::Note { .. } => None,
            Operation::Delete { at }
            | Operation::Rewrite { at, .. }
            | Operation::InsertAlineas { at, .. }
            | Operation::InsertRows { at, .. }
            | Operation::InsertSentences { at, .. }
            | Operation::Complete { at, .. }
            | Operation::ReplaceWords { at, .. }
            | Operation::DeleteWords { at, .. }
            | Operation::InsertWords { at, .. }
            | Operation::RewriteStart { at, .. }
            | Operation::RewriteEnd { at, .. } => Some(at),
        }
    }
}

/// "in alinéa 4", "at the end of alinéa 4".
fn within(at: &Place) -> String {
    if at.end.is_some() {
        format!("at {at}")
    } else {
        format!("in {at}")
    }
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Before => "before",
        Side::After => "after",
    }
}
