//! Why operations could not be applied, as structure: what failed, and the
//! place it names (a [`Where`]: a place in an article or in an amendment's
//! instruction). Its `Display` is the English the store records beside it;
//! `i18n` says the same in the bill's language from the structure, never from
//! the English.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Nth, Place, Side};

/// What a draft is: an article of the bill, or the instruction of an
/// amendment that sub-amendments amend (its paragraphs are its alinéas).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// Article `number` ("8 ter").
    Article(String),
    /// The instruction of amendment `number`.
    Amendment(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Article(n) => write!(f, "article {n}"),
            Subject::Amendment(n) => write!(f, "amendment {n}"),
        }
    }
}

/// A place in a draft: the whole of it when `place` names nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Where {
    /// The place ("alinéa 4", "sentence 2 of alinéa 4", "row 3 of the
    /// table in alinéa 5").
    #[serde(default)]
    pub place: Box<Place>,
    /// The draft it is in.
    pub subject: Subject,
}

impl Where {
    /// The whole of `subject`.
    pub fn whole(subject: &Subject) -> Where {
        Where {
            place: Box::new(Place::article()),
            subject: subject.clone(),
        }
    }

    /// `place` in `subject`.
    pub fn at(place: &Place, subject: &Subject) -> Where {
        Where {
            place: Box::new(place.clone()),
            subject: subject.clone(),
        }
    }
}

impl fmt::Display for Where {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_article() {
            write!(f, "{}", self.subject)
        } else {
            write!(f, "{} of {}", self.place, self.subject)
        }
    }
}

/// Rows or columns of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    /// Rows.
    Row,
    /// Columns.
    Column,
}

impl Axis {
    fn name(self) -> &'static str {
        match self {
            Axis::Row => "row",
            Axis::Column => "column",
        }
    }
}

/// Why operations could not be applied. Every place is structure, so each
/// language can say it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ApplyError {
    /// The target article is not in the text.
    #[error("article {article} is not in the text the amendment was tabled on")]
    NoSuchArticle {
        /// Its number.
        article: String,
    },
    /// Alinéas to insert are already there (an identical or overlapping
    /// amendment put them there): nothing is duplicated.
    #[error("already in the text: {} inserted {} {at}", the_count(*count, "alinéa"), side_word(*side))]
    AlineasThere {
        /// How many.
        count: usize,
        /// Before or after the place.
        side: Side,
        /// The place.
        at: Where,
    },
    /// Rows to insert are already in the table.
    #[error("already in the text: {} inserted in {at}", the_count(*count, "row"))]
    RowsThere {
        /// How many.
        count: usize,
        /// The table.
        at: Where,
    },
    /// Words to add at the end are already the place's last words.
    #[error("already in the text: {at} ends with « {words} »")]
    EndsWith {
        /// The place.
        at: Where,
        /// The words.
        words: String,
    },
    /// An additional article inserted into an article.
    #[error("an additional article goes next to {subject}, not into it")]
    IntoArticle {
        /// The article.
        subject: Subject,
    },
    /// The place is outside the amended text (a code's article).
    #[error("the instruction amends a provision outside {subject} ({outside})")]
    Outside {
        /// The draft.
        subject: Subject,
        /// The provision, as the instruction names it.
        outside: String,
    },
    /// A new start that does not join the old text.
    #[error("the new start of {at} does not end with words of the old one")]
    NewStart {
        /// The place.
        at: Where,
    },
    /// An empty place.
    #[error("{at} is empty")]
    Empty {
        /// The place.
        at: Where,
    },
    /// An alinéa number beyond the text.
    #[error("{} does not exist: {at} has {}", alinea_name(*alinea), plural(*count, "alinéa"))]
    NoSuchAlinea {
        /// The alinéa as the instruction names it.
        alinea: Nth,
        /// Where it was looked for.
        at: Where,
        /// How many there are.
        count: usize,
    },
    /// An alinéa beyond a gap in a partly known text.
    #[error("alinéa {alinea} of {at} is not in the known text (alinéas 1 to {known} are known)")]
    NotKnown {
        /// The number.
        alinea: usize,
        /// The draft.
        at: Where,
        /// How many are known.
        known: usize,
    },
    /// An alinéa an earlier change struck.
    #[error("alinéa {alinea} of {at} was struck by an earlier change")]
    Struck {
        /// The number.
        alinea: usize,
        /// The draft.
        at: Where,
    },
    /// A division mark not in the text.
    #[error("{at} has no division « {division} »")]
    NoSuchDivision {
        /// The mark.
        division: String,
        /// Where it was looked for.
        at: Where,
    },
    /// A sentence beyond the alinéa.
    #[error("sentence {sentence} does not exist: {at} has {}", plural(*count, "sentence"))]
    NoSuchSentence {
        /// The sentence.
        sentence: Nth,
        /// The alinéas.
        at: Where,
        /// How many it has.
        count: usize,
    },
    /// Quoted words that are not in the place.
    #[error("« {words} » not found in {at}")]
    WordsNotFound {
        /// The words.
        words: String,
        /// Where they were looked for.
        at: Where,
    },
    /// An occurrence beyond those in the place.
    #[error("occurrence {occurrence} of « {words} » does not exist: {at} has {count}")]
    NoSuchOccurrence {
        /// The words.
        words: String,
        /// The occurrence named.
        occurrence: Nth,
        /// Where.
        at: Where,
        /// How many there are.
        count: usize,
    },
    /// A place with no table.
    #[error("{at} holds no table")]
    NoTable {
        /// The place.
        at: Where,
    },
    /// Several tables, and the instruction does not say which.
    #[error("{at} holds {count} tables: the instruction does not say which")]
    WhichTable {
        /// The place.
        at: Where,
        /// How many tables.
        count: usize,
    },
    /// A table beyond those of the place.
    #[error("table {table} does not exist: {at} holds {count}")]
    NoSuchTable {
        /// The table named.
        table: Nth,
        /// The place.
        at: Where,
        /// How many tables it holds.
        count: usize,
    },
    /// A row or column beyond the table.
    #[error("{} {n} does not exist: {at} has {}", axis.name(), plural(*count, axis.name()))]
    NoSuchSpan {
        /// Rows or columns.
        axis: Axis,
        /// The one named.
        n: Nth,
        /// The table.
        at: Where,
        /// How many it has.
        count: usize,
    },
    /// A row or column header not in the table.
    #[error("{at} has no {} « {header} »", axis.name())]
    NoSuchHeader {
        /// Rows or columns.
        axis: Axis,
        /// The header named.
        header: String,
        /// The table.
        at: Where,
    },
    /// New rows that are not rows of a table.
    #[error("the new rows for {at} are not table rows")]
    NotRows {
        /// The table.
        at: Where,
    },
    /// Rows rewritten together that are not next to each other.
    #[error("{at}: the rows rewritten are not next to each other")]
    RowsApart {
        /// The table.
        at: Where,
    },
    /// Cells rewritten and cells given differ in number.
    #[error("{at}: {cells} cells are rewritten, the new text gives {given}")]
    CellCount {
        /// The table.
        at: Where,
        /// Cells rewritten.
        cells: usize,
        /// Cells given.
        given: usize,
    },
    /// A new row as wide as the table is not.
    #[error("{at}: a new row has {}, the table {columns} columns", plural(*cells, "cell"))]
    RowWidth {
        /// The table.
        at: Where,
        /// The new row's cells.
        cells: usize,
        /// The table's columns.
        columns: usize,
    },
    /// An operation that has no meaning on a table.
    #[error("« {operation} » cannot apply to a table")]
    NotForTable {
        /// The operation, as `Operation::summary` says it.
        operation: String,
    },
    /// An empty cell where words were looked for.
    #[error("{at} is empty, not « {words} »")]
    EmptyCell {
        /// The cells.
        at: Where,
        /// The words.
        words: String,
    },
    /// A cell holding an amount, not the words looked for.
    #[error("{at} holds the number « {number} », not « {words} »")]
    NumberCell {
        /// The cells.
        at: Where,
        /// What the cell holds.
        number: String,
        /// The words.
        words: String,
    },
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "the alinéa", "the 2 alinéas".
fn the_count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("the {noun}")
    } else {
        format!("the {n} {noun}s")
    }
}

fn alinea_name(n: Nth) -> String {
    match n {
        Nth::Index(n) => format!("alinéa {n}"),
        n => format!("the {n} alinéa"),
    }
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Before => "before",
        Side::After => "after",
    }
}
