//! Values shaped for the templates: diffs, votes, amendment cards, links.
//!
//! The query layer answers; this module only arranges its answers into
//! plain values (strings already worded in the bill's language, numbers
//! already formatted, URLs already relative), so templates hold no logic
//! beyond loops and conditions. Nothing here produces HTML: every string is
//! escaped by the templates.

use serde::Serialize;

use crate::diff::{ArticleDiff, EntryKind, SpanKind, Status};
use crate::i18n::{self, Lang};
use crate::model::{Bill, Outcome, Stance, Text, Vote};
use crate::site::urls::{self, SitePath};
use crate::store::read::StoredAmendment;

/// A link to an outside page, kept only when it is `http(s)` and holds no
/// space or control character (a `javascript:` or `data:` URL is never a link).
pub fn safe_href(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| url.to_owned())
}

/// A source as a link when it is a web address, as text otherwise
/// ("AN open data, scrutin VTANR5L17V1102").
pub fn source_link(source: &str) -> Link {
    Link {
        label: source.to_owned(),
        url: safe_href(source),
    }
}

/// Every article any stage's text holds, by stable id, in reading order:
/// the last text's order, with articles that left the text placed after
/// the article they followed.
pub fn articles_in_order(texts: &[Text]) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for text in texts.iter().rev() {
        let mut after: Option<usize> = None;
        for a in text.articles() {
            match order.iter().position(|o| *o == a.id) {
                Some(i) => after = Some(i),
                None => {
                    let at = after.map_or(0, |i| i + 1);
                    order.insert(at, a.id.clone());
                    after = Some(at);
                }
            }
        }
    }
    order
}

/// A link: text and relative URL.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// The text.
    pub label: String,
    /// The URL (relative), or None for plain text.
    pub url: Option<String>,
}

/// One run of a diff line.
#[derive(Clone, Debug, Serialize)]
pub struct SpanView {
    /// `eq`, `del` or `ins`.
    pub kind: &'static str,
    /// The text.
    pub text: String,
    /// A note on an insertion (what kind of edit it is), if any.
    pub title: Option<String>,
}

/// One line of a diff.
#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    /// `same`, `changed`, `deleted`, `inserted`, `moved-from`, `moved-to`.
    pub class: &'static str,
    /// The alinéa number shown.
    pub num: String,
    /// True for a gap (a part not available).
    pub gap: bool,
    /// The runs.
    pub spans: Vec<SpanView>,
    /// For a moved line: where it went or came from, in words.
    pub moved: Option<String>,
    /// True when the comparison hit its bound.
    pub cut_short: bool,
}

/// A diff of one article, ready for `partials/diff.html`.
#[derive(Clone, Debug, Serialize)]
pub struct DiffView {
    /// `from → to`, in words.
    pub caption: String,
    /// The article's status class (`changed`, `struck`…).
    pub status: &'static str,
    /// The status in words.
    pub status_label: String,
    /// True when a side is only partly known.
    pub partial: bool,
    /// True when nothing changed.
    pub unchanged: bool,
    /// When one version is not known, what the reader cannot know (no line
    /// is then marked).
    pub unknown: Option<String>,
    /// Every line.
    pub entries: Vec<EntryView>,
}

/// A status in words, in the bill's language.
pub fn status_label(lang: Lang, st: Status) -> String {
    let key = match st {
        Status::Unchanged => "legend_unchanged",
        Status::Renumbered => "legend_renumbered",
        Status::Changed => "legend_changed",
        Status::Added => "legend_created",
        Status::Removed => "legend_absent",
        Status::Struck => "legend_struck",
        Status::Restored => "legend_restored",
        Status::Unknown => "legend_unknown",
    };
    lang.tr(key).to_owned()
}

/// The CSS class of a status.
pub fn status_class(st: Status) -> &'static str {
    match st {
        Status::Unchanged => "unchanged",
        Status::Renumbered => "renumbered",
        Status::Changed => "changed",
        Status::Added => "created",
        Status::Removed => "absent",
        Status::Struck => "struck",
        Status::Restored => "restored",
        Status::Unknown => "unknown",
    }
}

fn slot_num(s: Option<crate::diff::Slot>) -> String {
    match s {
        Some(crate::diff::Slot {
            alinea: Some(n), ..
        }) => n.to_string(),
        _ => String::new(),
    }
}

/// An article diff for the templates.
pub fn diff_view(lang: Lang, caption: String, d: &ArticleDiff) -> DiffView {
    let entries = d
        .entries
        .iter()
        .map(|e| {
            let gap = e.old.is_some_and(|s| s.gap) || e.new.is_some_and(|s| s.gap);
            let num = match e.kind {
                EntryKind::Deleted | EntryKind::MovedFrom => slot_num(e.old),
                _ => slot_num(e.new),
            };
            let (spans, moved) = if e.kind == EntryKind::MovedFrom {
                (
                    Vec::new(),
                    Some(format!("{} {}", lang.tr("moved_to"), slot_num(e.new))),
                )
            } else {
                let spans = e
                    .spans
                    .iter()
                    .map(|s| SpanView {
                        kind: match s.kind {
                            SpanKind::Equal => "eq",
                            k if e.gap_note() == Some(k) => "eq",
                            SpanKind::Delete => "del",
                            SpanKind::Insert => "ins",
                        },
                        text: s.text.clone(),
                        title: s.nuance.map(|n| n.describe().to_owned()),
                    })
                    .collect();
                let moved = (e.kind == EntryKind::MovedTo)
                    .then(|| format!("{} {}", lang.tr("moved_from"), slot_num(e.old)));
                (spans, moved)
            };
            EntryView {
                class: match e.kind {
                    EntryKind::Same => "same",
                    EntryKind::Changed => "changed",
                    EntryKind::Deleted => "deleted",
                    EntryKind::Inserted => "inserted",
                    EntryKind::MovedFrom => "moved-from",
                    EntryKind::MovedTo => "moved-to",
                },
                num,
                gap,
                spans,
                moved,
                cut_short: e.cut_short,
            }
        })
        .collect();
    DiffView {
        caption,
        status: status_class(d.status),
        status_label: status_label(lang, d.status),
        partial: d.partial,
        unchanged: !d.is_change(),
        unknown: crate::render::diff::unknown_fate(d, lang).map(crate::i18n::capital),
        entries,
    }
}

/// One segment of a vote bar.
#[derive(Clone, Debug, Serialize)]
pub struct Segment {
    /// `for`, `against` or `abstention`.
    pub class: &'static str,
    /// Its share of the bar, in percent, as written in the page.
    pub width: String,
    /// The count, in words (« 24 pour »).
    pub label: String,
}

/// A ballot's result, ready for `partials/vote_bar.html`.
#[derive(Clone, Debug, Serialize)]
pub struct VoteView {
    /// The ballot's number.
    pub ballot: String,
    /// Its page.
    pub url: String,
    /// Its date.
    pub date: String,
    /// « 24 pour, 119 contre, 0 abstention ».
    pub summary: String,
    /// « adopté » or « non adopté ».
    pub result: String,
    /// True when adopted.
    pub adopted: bool,
    /// The bar.
    pub segments: Vec<Segment>,
    /// Counts as formatted numbers.
    pub yes: String,
    /// Against.
    pub against: String,
    /// Abstentions.
    pub abstentions: String,
    /// The hand-written note, if any.
    pub note: Option<String>,
}

/// The segments of a bar for these counts.
pub fn segments(lang: Lang, yes: u32, against: u32, abstentions: u32) -> Vec<Segment> {
    let total = f64::from(yes + against + abstentions).max(1.0);
    [
        ("for", yes, Stance::For),
        ("against", against, Stance::Against),
        ("abstention", abstentions, Stance::Abstention),
    ]
    .into_iter()
    .filter(|(_, n, _)| *n > 0)
    .map(|(class, n, stance)| Segment {
        class,
        width: format!("{:.1}", f64::from(n) * 100.0 / total),
        label: match stance {
            // « 39 abstentions »: a noun, with its plural.
            Stance::Abstention => i18n::count(lang, i64::from(n), "abstention"),
            _ => format!(
                "{} {}",
                i18n::number(lang, i64::from(n)),
                lang.stance(stance)
            ),
        },
    })
    .collect()
}

/// True when a ballot adopted what it was asked.
pub fn vote_adopted(v: &Vote) -> bool {
    v.adopted()
}

/// A ballot's result for the templates; `from` is the page that links to it.
pub fn vote_view(lang: Lang, bill: &Bill, v: &Vote, from: &SitePath) -> VoteView {
    let adopted = vote_adopted(v);
    let n = |x: u32| i18n::number(lang, i64::from(x));
    VoteView {
        ballot: v.ballot.clone(),
        url: from.relative_to(&urls::ballot(&bill.slug, &v.ballot)),
        date: i18n::date_time(lang, &v.date),
        summary: format!(
            "{} {}, {} {}, {}",
            n(v.yes),
            lang.stance(Stance::For),
            n(v.against),
            lang.stance(Stance::Against),
            i18n::count(lang, i64::from(v.abstentions), "abstention")
        ),
        result: lang
            .tr(if adopted {
                "vote_adopted"
            } else {
                "vote_not_adopted"
            })
            .to_owned(),
        adopted,
        segments: segments(lang, v.yes, v.against, v.abstentions),
        yes: n(v.yes),
        against: n(v.against),
        abstentions: n(v.abstentions),
        note: v.note.clone(),
    }
}

/// An amendment in a list: what a reader needs to decide to open it.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    /// The number.
    pub number: String,
    /// Its page.
    pub url: String,
    /// The outcome's CSS class (`adopted`…).
    pub outcome: &'static str,
    /// The outcome in words.
    pub outcome_label: String,
    /// First author, « et 3 autres ».
    pub authors: String,
    /// The group's short name.
    pub group: Option<String>,
    /// The group's full name.
    pub group_name: Option<String>,
    /// When decided (or tabled).
    pub date: String,
    /// The instruction, condensed to one line.
    pub summary: String,
    /// Its ballot, if any.
    pub vote: Option<VoteView>,
    /// True for a sub-amendment.
    pub sub: bool,
    /// Numbers identical to it, with links.
    pub identical: Vec<Link>,
    /// Why its effect on the text is not known, when it is not.
    pub effect_unknown: Option<String>,
}

/// First author and how many others.
pub fn authors_line(lang: Lang, authors: &[String]) -> String {
    let first = authors
        .first()
        .map_or_else(String::new, |n| i18n::person(n));
    match authors.len() {
        0 | 1 => first,
        n => format!(
            "{first} {} {} {}",
            lang.tr("and_more"),
            i18n::number(lang, (n - 1) as i64),
            lang.tr("others")
        ),
    }
}

/// The instruction on one line, cut at `max` characters.
pub fn condensed(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        flat
    }
}

/// The CSS class of an outcome.
pub fn outcome_class(o: Outcome) -> &'static str {
    o.as_str()
}

/// A card for amendment `a`, linked from page `from`.
pub fn card(lang: Lang, bill: &Bill, a: &StoredAmendment, from: &SitePath) -> Card {
    let am = &a.amendment;
    Card {
        number: am.number.clone(),
        url: from.relative_to(&urls::amendment(&bill.slug, &am.stage, &am.number)),
        outcome: outcome_class(am.outcome),
        outcome_label: lang.outcome(am.outcome).to_owned(),
        authors: authors_line(lang, &am.authors),
        group: am.group.as_ref().map(|g| lang.group(bill, g)),
        group_name: am
            .group
            .as_ref()
            .and_then(|g| lang.group_name(bill, g))
            .map(str::to_owned),
        date: i18n::date(lang, &am.when()),
        summary: condensed(&am.instruction, 220),
        vote: am.vote.as_ref().map(|v| vote_view(lang, bill, v, from)),
        sub: am.parent.is_some(),
        identical: am
            .identical
            .iter()
            .map(|n| Link {
                label: n.clone(),
                url: Some(from.relative_to(&urls::amendment(&bill.slug, &am.stage, n))),
            })
            .collect(),
        effect_unknown: (a.effect_unknown() && am.outcome == Outcome::Adopted)
            .then(|| crate::i18n::effect(lang, a)),
    }
}

/// Paragraphs of a text (an instruction, an explanation): split on line
/// breaks, empty ones dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_links() {
        assert!(safe_href("https://www.assemblee-nationale.fr/").is_some());
        assert!(safe_href("javascript:alert(1)").is_none());
        assert!(safe_href(" JAVASCRIPT:alert(1)").is_none());
        assert!(safe_href("data:text/html,<script>").is_none());
        assert!(
            safe_href("https://x/\"onmouseover=alert(1)").is_some(),
            "escaped by the template"
        );
        assert!(safe_href("https://x y").is_none());
    }

    #[test]
    fn articles_keep_reading_order_across_stages() {
        use crate::model::{Article, Item};
        let text = |ids: &[&str]| Text {
            items: ids
                .iter()
                .map(|i| Item::Article(Article::deleted(i, i)))
                .collect(),
        };
        let texts = vec![
            text(&["1", "2", "3"]),
            text(&["1", "2 bis", "3"]),
            text(&["1", "3", "4"]),
        ];
        assert_eq!(articles_in_order(&texts), ["1", "2", "2 bis", "3", "4"]);
    }
}
