//! What `watch` reports: events derived from the store, each with a stable id.
//!
//! An id is a path made of what the event is about, never of commit ids or
//! dates, so rebuilding the store, or re-importing the sources, gives the same
//! ids: `narcotrafic/an-1-seance/640/tabled`, `narcotrafic/ballot/1102`,
//! `narcotrafic/stage/an-1-commission`,
//! `narcotrafic/an-1-commission/article/8-ter/struck`. The JSON form of
//! [`Event`] is documented in `docs/watch.md` and is stable.

use serde::Serialize;

use crate::date::LegalTime;
use crate::i18n::Lang;
use crate::model::Outcome;

/// The kinds of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An amendment (or a block of identical ones) was tabled.
    Tabled,
    /// An amendment's outcome was decided (with its ballot, if any).
    Decided,
    /// A public ballot was held.
    Ballot,
    /// A stage's text was published.
    Stage,
    /// An article appeared.
    Created,
    /// An article was struck (it reads "(Supprimé)" or left the text).
    Struck,
    /// A struck article has a text again.
    Restored,
    /// An article changed its number.
    Renumbered,
    /// A provision struck or rejected earlier is proposed again.
    Returning,
}

impl Kind {
    /// Every kind, in documentation order.
    pub const ALL: [Kind; 9] = [
        Kind::Tabled,
        Kind::Decided,
        Kind::Ballot,
        Kind::Stage,
        Kind::Created,
        Kind::Struck,
        Kind::Restored,
        Kind::Renumbered,
        Kind::Returning,
    ];

    /// The name used in watchlists and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Tabled => "tabled",
            Kind::Decided => "decided",
            Kind::Ballot => "ballot",
            Kind::Stage => "stage",
            Kind::Created => "created",
            Kind::Struck => "struck",
            Kind::Restored => "restored",
            Kind::Renumbered => "renumbered",
            Kind::Returning => "returning",
        }
    }

    /// The kind as a reader says it, in the bill's language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Tabled => lang.pick("tabled", "dépôt"),
            Kind::Decided => lang.pick("decided", "décision"),
            Kind::Ballot => lang.pick("ballot", "scrutin"),
            Kind::Stage => lang.pick("new text", "nouveau texte"),
            Kind::Created => lang.pick("created", "création"),
            Kind::Struck => lang.pick("struck", "suppression"),
            Kind::Restored => lang.pick("restored", "rétablissement"),
            Kind::Renumbered => lang.pick("renumbered", "renumérotation"),
            Kind::Returning => lang.pick("returning", "retour"),
        }
    }

    /// Reads a kind's name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An article, as an event names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleRef {
    /// Stable id.
    pub id: String,
    /// Designation as printed at the event's stage.
    pub number: String,
}

/// One amendment of an event (identical amendments form one event).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AmendmentRef {
    /// Its number.
    pub number: String,
    /// Its authors, first author first.
    pub authors: Vec<String>,
    /// The first author's group (short name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Its outcome.
    pub outcome: Outcome,
    /// The amendment it amends, for a sub-amendment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A public ballot, as an event names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BallotRef {
    /// The ballot's number.
    pub number: String,
    /// Votes for.
    #[serde(rename = "for")]
    pub yes: u32,
    /// Votes against.
    pub against: u32,
    /// Abstentions.
    pub abstentions: u32,
    /// `adopted` or `rejected`.
    pub result: Outcome,
}

impl BallotRef {
    /// The ballot of `v`: its number, counts and result.
    pub fn of(v: &crate::model::Vote) -> BallotRef {
        BallotRef {
            number: v.ballot.clone(),
            yes: v.yes,
            against: v.against,
            abstentions: v.abstentions,
            result: if v.adopted() {
                Outcome::Adopted
            } else {
                Outcome::Rejected
            },
        }
    }
}

/// One line of an event's diff excerpt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExcerptLine {
    /// `added`, `removed` or `context`.
    pub change: &'static str,
    /// Pieces of the line; `matched` ones are the watched words.
    pub pieces: Vec<Piece>,
}

/// A piece of an excerpt line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// The text, verbatim.
    pub text: String,
    /// True for a watched word or phrase.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub matched: bool,
}

impl ExcerptLine {
    /// The line's text without marks.
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// Where a returning provision comes from, and how alike it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Returning {
    /// `structural` (an amendment restoring a struck article), `textual`
    /// (shingle similarity), or `structural+textual`.
    pub signal: String,
    /// Estimated Jaccard similarity of the word shingles (0 to 1), when the
    /// textual signal found it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// What it resembles: a struck article's last text, struck alinéas, or
    /// a rejected or withdrawn amendment.
    pub source: SourceRef,
    /// The diff from the earlier text to the returning one.
    pub diff: Vec<ExcerptLine>,
}

/// The earlier provision a returning one resembles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// `struck-article`, `struck-alineas`, `rejected-amendment`, `withdrawn-amendment`.
    pub kind: &'static str,
    /// Its bill.
    pub bill: String,
    /// The stage at which it was struck or rejected.
    pub stage: String,
    /// The article (stable id and number), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleRef>,
    /// The amendment(s) that struck it, or that were rejected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<String>,
    /// When it was struck or rejected.
    pub when: LegalTime,
    /// Its site page.
    pub page: String,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Stable id (see the module documentation).
    pub id: String,
    /// What happened.
    pub kind: Kind,
    /// When it happened (the legal date).
    pub when: LegalTime,
    /// The language of the bill, which the title and every label of the
    /// event's text and Markdown forms are in.
    #[serde(skip)]
    pub lang: Lang,
    /// A one-line summary, in the bill's language.
    pub title: String,
    /// The bill.
    pub bill: String,
    /// The stage.
    pub stage: String,
    /// The article, when the event concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleRef>,
    /// The amendments (a block of identical ones, or one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentRef>,
    /// The outcome, for a decision or a ballot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The ballot, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot: Option<BallotRef>,
    /// What the change adds and removes, with the watched words marked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excerpt: Vec<ExcerptLine>,
    /// The watched words and phrases it matched (as written in the watchlist).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<String>,
    /// For a returning provision: what it resembles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returning: Option<Returning>,
    /// The path of its page on the site.
    pub page: String,
    /// What the change adds, verbatim (for matching; not serialized).
    #[serde(skip)]
    pub added: Vec<String>,
    /// What the change removes, verbatim (for matching; not serialized).
    #[serde(skip)]
    pub removed: Vec<String>,
    /// What an amendment proposes, as the returning-provision signal reads
    /// it: what it adds, or its whole instruction when the engine cannot
    /// read it (not serialized).
    #[serde(skip)]
    pub proposed: Vec<String>,
    /// True for an amendment that restores an article struck in the text it
    /// was tabled on (the query layer's `Restore` action; not serialized).
    #[serde(skip)]
    pub restores: bool,
    /// Whole alinéas an adopted change struck (not serialized).
    #[serde(skip)]
    pub struck: Vec<String>,
    /// Order among events at the same time (not serialized).
    #[serde(skip)]
    pub seq: u32,
}

/// The path of a page on the site, from the site's own URL scheme
/// (`crate::site::urls`, docs/site.md), rooted at the site's folder.
pub mod page {
    use crate::site::urls;

    /// A bill's page.
    pub fn bill(bill: &str) -> String {
        format!("/{}", urls::bill(bill).url())
    }
    /// A stage: its place on the bill's timeline.
    pub fn stage(bill: &str, stage: &str) -> String {
        format!("{}#{}", self::bill(bill), urls::stage_anchor(stage))
    }
    /// An article's page, by stable id.
    pub fn article(bill: &str, id: &str) -> String {
        format!("/{}", urls::article(bill, id).url())
    }
    /// An amendment's page.
    pub fn amendment(bill: &str, stage: &str, number: &str) -> String {
        format!("/{}", urls::amendment(bill, stage, number).url())
    }
    /// A ballot's page.
    pub fn ballot(bill: &str, number: &str) -> String {
        format!("/{}", urls::ballot(bill, number).url())
    }
}
