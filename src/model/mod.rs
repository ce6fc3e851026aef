//! The domain model: bills, stages, texts, articles, amendments, votes.
//!
//! These types are what the loader produces from the sources, what the store
//! keeps (as JSON) beside the texts, and what the renderers read. They carry no
//! source positions: those stay in the loader.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::LegalTime;

mod operation;

pub mod credits;
pub mod table;
pub use operation::{Alineas, End, Nth, Operation, Place, Side, Span, TablePlace, Words};

/// The text of a deleted article, as printed in French parliamentary texts.
pub const DELETED: &str = "(Supprimé)";

/// The Latin adverbs that number inserted divisions ("8 ter", "15 quinquies").
pub const LATIN_ADVERBS: [&str; 20] = [
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "nonies",
    "novies",
    "decies",
    "undecies",
    "duodecies",
    "terdecies",
    "quaterdecies",
    "quindecies",
    "sexdecies",
    "septdecies",
    "octodecies",
    "novodecies",
    "vicies",
];

/// A bill: its metadata and its procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    /// The slug (`[a-z0-9-]+`), also the folder name.
    pub slug: String,
    /// The full title.
    pub title: String,
    /// A short title for listings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    /// Jurisdiction code, e.g. `fr`.
    pub jurisdiction: String,
    /// Language of the texts, e.g. `fr`.
    pub language: String,
    /// Links to official pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// What the dataset covers and what it lacks, in prose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Political groups by the short name amendments use, with their full names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, String>,
    /// The stages, in procedural order.
    pub stages: Vec<Stage>,
}

impl Bill {
    /// The stage with this id.
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// The position of a stage in the procedure.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// `Full name (SHORT)` for a group's short name, or the short name alone.
    pub fn group_label(&self, short: &str) -> String {
        match self.groups.get(short) {
            Some(name) if name != short => format!("{name} ({short})"),
            _ => short.to_owned(),
        }
    }
}

/// A labelled link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// What the link points to.
    pub label: String,
    /// The address.
    pub url: String,
}

/// One step of the procedure that has a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// The slug, e.g. `an-1-commission`.
    pub id: String,
    /// A human label, e.g. `Assemblée nationale, commission des lois`.
    pub label: String,
    /// The chamber or body: `senat`, `assemblee`, `cmp`, `president`…
    pub chamber: String,
    /// What kind of step this is.
    pub kind: StageKind,
    /// The legal date of the text.
    pub date: LegalTime,
    /// The official text's file, relative to the bill's folder, when one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The official number of the text (e.g. `1043`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Where the text comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How the step ended when it did not end in an adopted text
    /// (rejected, failed, referred back to committee); said in words in
    /// the bill's language by the front ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<StageResult>,
    /// Anything a reader must know about this stage's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a step that adopted no text ended (La Fabrique's `echec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageResult {
    /// The text was rejected (« rejet »).
    Rejected,
    /// The step failed (« échec »: a joint committee that agreed on no text).
    Failed,
    /// The text was referred back to committee (« renvoi en commission »).
    ReferredToCommittee,
}

impl StageResult {
    /// The value written in `bill.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            StageResult::Rejected => "rejected",
            StageResult::Failed => "failed",
            StageResult::ReferredToCommittee => "referred-to-committee",
        }
    }
}

/// The kinds of procedural steps, in their usual order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageKind {
    /// The text as tabled.
    Introduced,
    /// The text adopted by a committee.
    Committee,
    /// The text adopted in plenary.
    Floor,
    /// The text of a joint committee (commission mixte paritaire).
    JointCommittee,
    /// The text finally adopted by Parliament.
    Final,
    /// The law as promulgated.
    Enacted,
}

impl StageKind {
    /// The kebab-case name used in sources.
    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Introduced => "introduced",
            StageKind::Committee => "committee",
            StageKind::Floor => "floor",
            StageKind::JointCommittee => "joint-committee",
            StageKind::Final => "final",
            StageKind::Enacted => "enacted",
        }
    }
}

/// A bill's text at one stage: divisions, articles and known gaps, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// The items in reading order.
    pub items: Vec<Item>,
}

/// One item of a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Item {
    /// A division heading (title, chapter, section), with its Markdown level.
    Division {
        /// Heading level, 1 for the highest.
        level: u8,
        /// The heading as printed.
        heading: String,
    },
    /// An article.
    Article(Article),
    /// A part of the text that is not available, with what is known of it.
    Gap {
        /// What is missing and why.
        note: String,
    },
}

impl Text {
    /// The articles, in order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.items.iter().filter_map(|i| match i {
            Item::Article(a) => Some(a),
            _ => None,
        })
    }

    /// The article with this stable id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles().find(|a| a.id == id)
    }

    /// The article designated by `number` as printed (`8 ter`), compared
    /// without regard to case or spacing.
    pub fn article_by_number(&self, number: &str) -> Option<&Article> {
        self.articles()
            .find(|a| same_article_key(&a.number, number))
    }

    /// Mutable access to the article with this id.
    pub fn article_mut(&mut self, id: &str) -> Option<&mut Article> {
        self.items.iter_mut().find_map(|i| match i {
            Item::Article(a) if a.id == id => Some(a),
            _ => None,
        })
    }

    /// True when the text says that parts of it are not available.
    pub fn is_partial(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::Gap { .. }))
    }
}

/// Normalises an article designation for lookups: `8 TER` and `8  ter` are `8 ter`.
pub fn article_key(number: &str) -> String {
    number
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when two designations have the same [`article_key`], compared
/// without building either key.
pub fn same_article_key(a: &str, b: &str) -> bool {
    fn key(s: &str) -> impl Iterator<Item = char> + '_ {
        let mut words = s.split_whitespace();
        let first = words.next().into_iter().flat_map(str::chars);
        let rest = words.flat_map(|w| std::iter::once(' ').chain(w.chars()));
        first.chain(rest).flat_map(char::to_lowercase)
    }
    a == b || key(a).eq(key(b))
}

/// The default stable id of an article: its designation as a slug (`8 ter` → `8-ter`).
pub fn default_article_id(number: &str) -> String {
    let mut id = String::new();
    for c in fold(number).chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

/// Folds text for matching: lower case, accents dropped (whatever the
/// encoding: "é" or "e" + U+0301), ’ and ‘ as ', º as °.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            '’' | '‘' | 'ʼ' => '\'',
            'º' => '°',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// An article: a stable id, its designation, its alinéas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id, independent of renumbering (`8-ter`).
    pub id: String,
    /// The designation as printed (`8 ter`, `1er`).
    pub number: String,
    /// The lines: alinéas, and gaps where the text is not available.
    pub lines: Vec<Line>,
}

impl Article {
    /// True when the article reads `(Supprimé)`.
    pub fn is_deleted(&self) -> bool {
        matches!(self.lines.as_slice(), [Line::Alinea(t)] if t == DELETED)
    }

    /// True when part of the article is not available.
    pub fn is_partial(&self) -> bool {
        self.lines.iter().any(|l| matches!(l, Line::Gap(_)))
    }

    /// The number of known alinéas.
    pub fn alinea_count(&self) -> usize {
        if self.is_deleted() {
            return 0;
        }
        self.lines
            .iter()
            .filter(|l| matches!(l, Line::Alinea(_)))
            .count()
    }

    /// A deleted article with this id and number.
    pub fn deleted(id: &str, number: &str) -> Article {
        Article {
            id: id.to_owned(),
            number: number.to_owned(),
            lines: vec![Line::Alinea(DELETED.to_owned())],
        }
    }
}

/// One line of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Line {
    /// An alinéa, verbatim.
    Alinea(String),
    /// A part that is not available, with a note saying what is missing.
    Gap(String),
}

/// The marker that starts a gap line in the store's article files.
pub const GAP_MARKER: &str = "[…]";

impl Line {
    /// The line as written in the store: an alinéa verbatim, a gap as `[…] note`.
    pub fn to_store_line(&self) -> String {
        match self {
            Line::Alinea(t) => t.clone(),
            Line::Gap(note) => format!("{GAP_MARKER} {note}"),
        }
    }

    /// Reads an article file of the store back: one line per alinéa, but a
    /// table's rows (a pipe row followed by a delimiter row, then pipe rows
    /// up to the next such header) make one alinéa (`model::table`).
    pub fn from_store_text(body: &str) -> Vec<Line> {
        let lines: Vec<&str> = body.lines().collect();
        let header_at = |k: usize| {
            lines.get(k).is_some_and(|l| table::is_pipe_row(l))
                && lines.get(k + 1).is_some_and(|l| table::is_delimiter_row(l))
        };
        let mut out = Vec::with_capacity(lines.len());
        let mut k = 0;
        while k < lines.len() {
            if header_at(k) {
                let mut end = k + 2;
                while end < lines.len() && table::is_pipe_row(lines[end]) && !header_at(end) {
                    end += 1;
                }
                out.push(Line::Alinea(lines[k..end].join("\n")));
                k = end;
            } else {
                out.push(Line::from_store_line(lines[k]));
                k += 1;
            }
        }
        out
    }

    /// Reads a store line back.
    pub fn from_store_line(s: &str) -> Line {
        match s.strip_prefix(GAP_MARKER) {
            Some(note) => Line::Gap(note.trim_start().to_owned()),
            None => Line::Alinea(s.to_owned()),
        }
    }
}

/// What happened to an amendment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Adopted.
    Adopted,
    /// Rejected.
    Rejected,
    /// Withdrawn by its authors.
    Withdrawn,
    /// Fell (became moot after another decision).
    Fallen,
    /// Not moved (nobody defended it).
    NotMoved,
    /// Declared inadmissible.
    Inadmissible,
    /// Not decided yet.
    Pending,
}

impl Outcome {
    /// The kebab-case name used in sources and trailers.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::Rejected => "rejected",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Fallen => "fallen",
            Outcome::NotMoved => "not-moved",
            Outcome::Inadmissible => "inadmissible",
            Outcome::Pending => "pending",
        }
    }

    /// Words for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::NotMoved => "not moved",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an amendment points: an article, or a place before or after one
/// (an additional article).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    /// The article's designation, as printed in the text tabled on.
    pub article: String,
    /// On the article itself, or before or after it.
    pub position: Position,
}

/// Where, relative to an article, an amendment applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// The article itself.
    On,
    /// An additional article before it.
    Before,
    /// An additional article after it.
    After,
}

impl Target {
    /// Reads `8 ter`, `après 8 ter` / `after 8 ter`, `avant 8 ter` / `before 8 ter`.
    pub fn parse(s: &str) -> Target {
        let s = s.trim();
        let lower = s.to_lowercase();
        for (prefix, position) in [
            ("après l'article ", Position::After),
            ("après l’article ", Position::After),
            ("après ", Position::After),
            ("after ", Position::After),
            ("avant l'article ", Position::Before),
            ("avant l’article ", Position::Before),
            ("avant ", Position::Before),
            ("before ", Position::Before),
        ] {
            if lower.starts_with(prefix) {
                return Target {
                    article: s[prefix.len()..].trim().to_owned(),
                    position,
                };
            }
        }
        let article = s
            .strip_prefix("Article ")
            .or_else(|| s.strip_prefix("article "))
            .unwrap_or(s);
        Target {
            article: article.to_owned(),
            position: Position::On,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Position::On => write!(f, "{}", self.article),
            Position::Before => write!(f, "before {}", self.article),
            Position::After => write!(f, "after {}", self.article),
        }
    }
}

/// Where a designation stands in the reading order of a French bill, as a
/// key to sort by, for lists of targets no text orders (the articles the
/// amendments of a stage designate). Inserted articles follow the chambers'
/// numbering: a capital letter comes before the article it is added to, a
/// Latin adverb after it (« 1er A », « 1er », « 1er bis A », « 1er bis »,
/// « 1er ter », « 2 »); an additional article goes just before or just after
/// the article it names. None for a designation that is not an article
/// number (« titre », « intitulé », « état B »): those keep their order,
/// after the others.
pub fn reading_order(target: &Target) -> Option<Vec<u32>> {
    // Letters sort before the end of a number, adverbs after it.
    const END: u32 = 100;
    let mut words = target.article.split_whitespace();
    let mut first = words.next()?.to_lowercase();
    if first == "article" || first == "art." {
        first = words.next()?.to_lowercase();
    }
    let number = if first == "liminaire" {
        0
    } else {
        let digits = first.strip_suffix("er").unwrap_or(&first);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse::<u32>().ok()?.checked_add(1)?
    };
    let mut key = vec![number];
    for w in words {
        let lower = w.to_lowercase();
        if let Some(i) = LATIN_ADVERBS.iter().position(|a| *a == lower) {
            // « nonies » and « novies » are the same rank.
            let rank = if i > 7 { i - 1 } else { i };
            key.push(END + 2 + rank as u32);
        } else if lower.len() == 1 && lower.as_bytes()[0].is_ascii_lowercase() {
            key.push(u32::from(lower.as_bytes()[0] - b'a') + 1);
        } else {
            return None;
        }
    }
    key.push(match target.position {
        Position::Before => END - 1,
        Position::On => END,
        Position::After => END + 1,
    });
    Some(key)
}

/// The designation the history gives an additional article until an
/// official text numbers it: `additional after 10 bis (11)`, from the place
/// the amendment names and its number. The store keeps it in this one form,
/// whatever the bill's language; [`parse_additional`] reads it back, and
/// readers see it in their language (« article additionnel après
/// l’article 10 bis (amendement n° 11) »).
pub fn additional_designation(target: &Target, amendment: &str) -> String {
    format!("additional {target} ({amendment})")
}

/// The place and the amendment number of a designation made by
/// [`additional_designation`]; None for any other designation.
pub fn parse_additional(designation: &str) -> Option<(Target, &str)> {
    let rest = designation.strip_prefix("additional ")?;
    let (target, number) = rest.rsplit_once(" (")?;
    let number = number.strip_suffix(')')?;
    let target = Target::parse(target);
    (target.position != Position::On && !number.is_empty()).then_some((target, number))
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Target::parse(&String::deserialize(d)?))
    }
}

/// An amendment, whatever its outcome.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amendment {
    /// The number as printed (`CL44`, `640`), unique within its stage.
    pub number: String,
    /// The stage at which it was examined (its folder).
    pub stage: String,
    /// The article it targets.
    pub article: Target,
    /// Authors, first author first.
    pub authors: Vec<String>,
    /// The first author's political group (short name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// When it was tabled.
    pub filed: LegalTime,
    /// What happened to it.
    pub outcome: Outcome,
    /// When it was decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<LegalTime>,
    /// For a sub-amendment, the number of the amendment it amends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Numbers of the amendments it is identical to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identical: Vec<String>,
    /// The dispositif, verbatim.
    pub instruction: String,
    /// Explicit structured operations, when given in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Vec<Operation>>,
    /// For a budget amendment that moves credits between programmes, its
    /// lines: such an amendment changes amounts in an annex, not the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<CreditLine>,
    /// The exposé sommaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// The public ballot that decided it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Amendment {
    /// When it was decided, or else when it was tabled: the discussion order key.
    pub fn when(&self) -> LegalTime {
        self.decided.unwrap_or(self.filed)
    }
}

/// `items` in discussion order of the amendment each holds: by `rank`
/// first (a stage's place, say), then the amendment's time
/// ([`Amendment::when`]), then its number ([`number_order`]). Each key is
/// made once and positions are sorted, not the items (amendments are
/// large, and comparing two times computes both instants).
pub fn in_discussion_order<T>(
    items: Vec<T>,
    amendment: impl Fn(&T) -> &Amendment,
    rank: impl Fn(&T) -> usize,
) -> Vec<T> {
    // (LegalTime's own order: the instant, then a bare date first.)
    let keys: Vec<(usize, i64, bool)> = items
        .iter()
        .map(|item| {
            let when = amendment(item).when();
            (rank(item), when.epoch_seconds(), when.hms.is_some())
        })
        .collect();
    let mut sorted: Vec<usize> = (0..items.len()).collect();
    sorted.sort_by(|&i, &j| {
        keys[i]
            .cmp(&keys[j])
            .then_with(|| number_order(&amendment(&items[i]).number, &amendment(&items[j]).number))
    });
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    sorted.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Orders amendment numbers as people do: `CL9` before `CL44`, `640` before `1006`.
pub fn number_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Borrowed parts: sorting a budget bill's 14,521 amendments compares
    // numbers some 200,000 times.
    fn split(s: &str) -> (&str, u64, &str) {
        let start = s.find(|c: char| c.is_ascii_digit()).unwrap_or(s.len());
        let end = s[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(s.len(), |i| start + i);
        (&s[..start], s[start..end].parse().unwrap_or(0), &s[end..])
    }
    split(a).cmp(&split(b))
}

/// One programme's line of a credit transfer, in euros (negative: taken away).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditLine {
    /// The mission the programme belongs to, when the data names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    /// The programme, as named in the budget.
    pub programme: String,
    /// Change to the commitment appropriations (autorisations d'engagement).
    pub commitments: i64,
    /// Change to the payment appropriations (crédits de paiement).
    pub payments: i64,
}

/// A public ballot (scrutin public).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Vote {
    /// The ballot's number.
    pub ballot: String,
    /// When it was held.
    pub date: LegalTime,
    /// What was put to the vote, as the chamber words it (« l'ensemble de
    /// la proposition de loi… »), when the data gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The majority required, as the chamber words it (« Majorité absolue
    /// des suffrages exprimés »), when the data gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub majority: Option<String>,
    /// The result the chamber declared (adopted or rejected), when the data
    /// gives it; else it is read from the counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Outcome>,
    /// Members who took part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting: Option<u32>,
    /// Votes cast (for + against).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cast: Option<u32>,
    /// Votes for.
    #[serde(rename = "for")]
    pub yes: u32,
    /// Votes against.
    pub against: u32,
    /// Abstentions.
    pub abstentions: u32,
    /// Per-group breakdown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupVote>,
    /// A file (relative to the amendment's folder) with each member's vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<String>,
    /// Each member's vote, read from `members`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roll: Vec<MemberVote>,
    /// Anything notable about the ballot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Vote {
    /// True when the ballot adopted what was put to the vote: the result the
    /// chamber declared, else more votes for than against.
    pub fn adopted(&self) -> bool {
        match self.result {
            Some(r) => r == Outcome::Adopted,
            None => self.yes > self.against,
        }
    }
}

/// A public ballot that decided no amendment (on an article, on the whole
/// text, on a motion), kept on its own: its stage and its vote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// The stage during which it was held (its folder).
    pub stage: String,
    /// The ballot: number, date, question, result, counts, groups, roll.
    pub vote: Vote,
}

impl Ballot {
    /// The article the question is on, as the Assemblée words it:
    /// « l'article 8 bis (examen prioritaire) de la proposition de loi … »
    /// → `8 bis`; None for any other question (the whole text, a motion).
    pub fn article(&self) -> Option<String> {
        article_in_question(self.vote.question.as_deref()?)
    }
}

/// The article a ballot's question names ([`Ballot::article`]).
pub fn article_in_question(question: &str) -> Option<String> {
    let question = question.trim();
    let rest = question
        .strip_prefix("l'article ")
        .or_else(|| question.strip_prefix("l’article "))?;
    let end = [" (", " de la ", " du ", " de l", ",", "."]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    let n = rest[..end].trim();
    (!n.is_empty()).then(|| n.to_owned())
}

/// How one member voted in a public ballot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberVote {
    /// The member's name.
    pub name: String,
    /// The member's group (short name) at the time of the ballot.
    pub group: String,
    /// The member's vote.
    pub vote: Stance,
}

/// A member's position in a ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    /// Voted for.
    For,
    /// Voted against.
    Against,
    /// Abstained.
    Abstention,
    /// Present, did not vote.
    NotVoting,
}

impl Stance {
    /// The kebab-case name used in sources (`not-voting`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Abstention => "abstention",
            Stance::NotVoting => "not-voting",
        }
    }

    /// Words for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Abstention => "abstention",
            Stance::NotVoting => "not voting",
        }
    }
}

/// One group's votes in a ballot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupVote {
    /// The group's short name.
    pub group: String,
    /// Seats the group held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<u32>,
    /// Votes for.
    #[serde(rename = "for")]
    pub yes: u32,
    /// Votes against.
    pub against: u32,
    /// Abstentions.
    pub abstentions: u32,
    /// Members present who did not vote.
    #[serde(default)]
    pub not_voting: u32,
}

/// Everything loaded for one bill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillData {
    /// The bill.
    pub bill: Bill,
    /// Official texts by stage id.
    pub texts: BTreeMap<String, Text>,
    /// All amendments, in discussion order within each stage.
    pub amendments: Vec<Amendment>,
    /// The public ballots that decided no amendment, by stage and number.
    pub ballots: Vec<Ballot>,
}

impl BillData {
    /// The amendment with this number at this stage.
    pub fn amendment(&self, stage: &str, number: &str) -> Option<&Amendment> {
        self.amendments
            .iter()
            .find(|a| a.stage == stage && a.number == number)
    }
}

/// Everything loaded from a project's sources.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    /// The bills, by slug order.
    pub bills: Vec<BillData>,
}

impl Project {
    /// The bill with this slug.
    pub fn bill(&self, slug: &str) -> Option<&BillData> {
        self.bills.iter().find(|b| b.bill.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_a_ballot_is_on_is_read_from_its_question() {
        let on = |question: &str| {
            let vote: Vote = serde_json::from_value(serde_json::json!({
                "ballot": "1", "date": "2025-03-18", "question": question,
                "for": 1, "against": 0, "abstentions": 0
            }))
            .unwrap();
            let stage = "an-1-seance".to_owned();
            Ballot { stage, vote }.article()
        };
        let tail = " de la proposition de loi visant à sortir la France du piège du narcotrafic (première lecture).";
        assert_eq!(on(&format!("l'article 2{tail}")).as_deref(), Some("2"));
        assert_eq!(
            on(&format!("l'article 8 bis (examen prioritaire){tail}")).as_deref(),
            Some("8 bis")
        );
        assert_eq!(
            on(&format!("l’article 4 bis C{tail}")).as_deref(),
            Some("4 bis C")
        );
        assert_eq!(on(&format!("l'ensemble{tail}")), None);
        assert_eq!(
            on(
                "la motion de rejet préalable, déposée par Mme Mathilde Panot, de la proposition de loi."
            ),
            None
        );
    }

    #[test]
    fn designations_sort_in_reading_order() {
        let order = [
            "avant liminaire",
            "liminaire",
            "1er A",
            "avant 1er",
            "1er",
            "après 1er",
            "1er bis A",
            "1er bis",
            "1er ter",
            "1er nonies",
            "1er decies",
            "2",
            "après 2",
            "8 ter",
            "après 8 ter",
            "10",
        ];
        let keys: Vec<Vec<u32>> = order
            .iter()
            .map(|d| reading_order(&Target::parse(d)).unwrap())
            .collect();
        for (i, pair) in keys.windows(2).enumerate() {
            assert!(pair[0] < pair[1], "{} before {}", order[i], order[i + 1]);
        }
        let novies = reading_order(&Target::parse("1er novies"));
        assert_eq!(novies, reading_order(&Target::parse("1er nonies")));
        for other in ["titre", "intitulé", "état B", "chapitre II", "unique", ""] {
            assert_eq!(reading_order(&Target::parse(other)), None, "{other}");
        }
    }

    #[test]
    fn article_keys_compare_as_built() {
        let names = [
            "8 ter",
            "8  TER",
            " 8 ter ",
            "8\tter",
            "8ter",
            "1er",
            "1ER A",
            "1 er",
            "",
            " ",
            "É 2",
            "é 2",
            "Liminaire",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    same_article_key(a, b),
                    article_key(a) == article_key(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn article_ids_are_slugs() {
        assert_eq!(default_article_id("8 ter"), "8-ter");
        assert_eq!(default_article_id("15 bis A"), "15-bis-a");
        assert_eq!(default_article_id("1er"), "1er");
        assert_eq!(default_article_id("Liminaire"), "liminaire");
    }

    #[test]
    fn targets_read_french_and_english() {
        assert_eq!(Target::parse("8 ter").position, Position::On);
        let t = Target::parse("après l’article 8 ter");
        assert_eq!((t.article.as_str(), t.position), ("8 ter", Position::After));
        assert_eq!(Target::parse("before 2").to_string(), "before 2");
    }

    #[test]
    fn numbers_sort_naturally() {
        let mut v = vec!["CL44", "CL9", "1006", "640", "CL176"];
        v.sort_by(|a, b| number_order(a, b));
        assert_eq!(v, ["640", "1006", "CL9", "CL44", "CL176"]);
    }
}
