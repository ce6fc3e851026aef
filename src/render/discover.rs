//! `amendo bills`, `amendo stages`, `amendo amendments` and `amendo ballot`:
//! what there is to ask about, as tables for people and JSON for programs.

use std::fmt::Write;

use serde::Serialize;

use crate::model::{Bill, Stance};
use crate::query::{BallotView, BillSummary, StageSummary};
use crate::render::lang::{Lang, Noun};
use crate::render::layout::{Align, display_width, hang, table};
use crate::render::log::{ballot_line, group_table, roll_by_group};
use crate::render::{Format, Term, to_json};
use crate::store::read::StoredAmendment;

/// The bills of a store (labels in English: the list is about no one bill).
pub fn bills(list: &[BillSummary], format: Format, term: &Term) -> String {
    if format == Format::Json {
        return to_json(&serde_json::json!({ "bills": list }));
    }
    if list.is_empty() {
        return "no bill in the store: run `amendo build`\n".to_owned();
    }
    // The bills' language when they share one, else English.
    let first = Lang::from_code(&list[0].language);
    let lang = if list.iter().all(|b| Lang::from_code(&b.language) == first) {
        first
    } else {
        Lang::En
    };
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|b| {
            vec![
                b.slug.clone(),
                lang.number(b.stages as u64),
                lang.number(b.amendments as u64),
                lang.number(b.ballots as u64),
                b.short_title.clone().unwrap_or_else(|| b.title.clone()),
            ]
        })
        .collect();
    table(
        &[
            lang.pick("bill", "texte"),
            lang.pick("stages", "étapes"),
            lang.pick("amendments", "amendements"),
            lang.pick("ballots", "scrutins"),
            lang.pick("title", "titre"),
        ],
        &rows,
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        "",
        term.width,
    )
}

/// A bill's stages: the ids to give `--at`, `--from` and `--to`.
pub fn stages(bill: &Bill, list: &[StageSummary], format: Format, term: &Term) -> String {
    if format == Format::Json {
        return to_json(&serde_json::json!({ "bill": bill.slug, "stages": list }));
    }
    let lang = Lang::of(bill);
    let w = term.width;
    let mut out = hang("", &bill.title, w);
    out.push('\n');
    // Two lines a stage: its id, date and label (wrapped); then its text
    // and amendments, under the label.
    let id_w = list
        .iter()
        .map(|s| display_width(&s.stage.id))
        .max()
        .unwrap_or(0);
    let days: Vec<String> = list.iter().map(|s| lang.day(&s.stage.date)).collect();
    let day_w = days.iter().map(|d| display_width(d)).max().unwrap_or(0);
    for (s, day) in list.iter().zip(&days) {
        let number = lang
            .stage_text_number(&s.stage.label, s.stage.number.as_deref())
            .map(|n| format!(", {n}"))
            .unwrap_or_default();
        let first = format!(
            "{}{}  {}{}  ",
            s.stage.id,
            " ".repeat(id_w - display_width(&s.stage.id)),
            day,
            " ".repeat(day_w - display_width(day))
        );
        out.push_str(&hang(&first, &format!("{}{number}", s.stage.label), w));
        let text = match (s.official, s.partial) {
            (true, false) => lang.pick("official text", "texte officiel"),
            (true, true) => lang.pick("official text, partial", "texte officiel, partiel"),
            (false, false) => lang.pick("derived text", "texte dérivé"),
            (false, true) => lang.pick("derived text, partial", "texte dérivé, partiel"),
        };
        let amendments = match lang {
            _ if s.amendments == 0 => lang.pick("no amendment", "aucun amendement").to_owned(),
            _ if s.adopted == 0 => format!(
                "{}, {}",
                lang.count(s.amendments, Noun::Amendment),
                lang.pick("none adopted", "aucun adopté")
            ),
            Lang::En => format!(
                "{}, {} adopted",
                lang.count(s.amendments, Noun::Amendment),
                lang.number(s.adopted as u64)
            ),
            Lang::Fr => format!(
                "{}, dont {} adopté{}",
                lang.count(s.amendments, Noun::Amendment),
                lang.number(s.adopted as u64),
                if s.adopted > 1 { "s" } else { "" }
            ),
        };
        let detail = format!(
            "{text}, {}{}{amendments}",
            lang.count(s.articles, Noun::Article),
            lang.pick("; ", " ; ")
        );
        out.push_str(&hang(&" ".repeat(display_width(&first)), &detail, w));
    }
    out
}

#[derive(Serialize)]
struct JsonAmendment<'a> {
    number: &'a str,
    stage: &'a str,
    article: String,
    group: Option<&'a str>,
    authors: &'a [String],
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ballot: Option<&'a str>,
}

/// A list of amendments: one row each, with stage, article, group, first
/// author, outcome and ballot.
pub fn amendments(bill: &Bill, list: &[StoredAmendment], format: Format, term: &Term) -> String {
    if format == Format::Json {
        let items: Vec<JsonAmendment> = list
            .iter()
            .map(|a| {
                let am = &a.amendment;
                JsonAmendment {
                    number: &am.number,
                    stage: &am.stage,
                    article: am.article.to_string(),
                    group: am.group.as_deref(),
                    authors: &am.authors,
                    outcome: am.outcome.as_str(),
                    parent: am.parent.as_deref(),
                    ballot: am.vote.as_ref().map(|v| v.ballot.as_str()),
                }
            })
            .collect();
        return to_json(&serde_json::json!({ "bill": bill.slug, "amendments": items }));
    }
    let lang = Lang::of(bill);
    if list.is_empty() {
        return format!(
            "{}\n",
            lang.pick("no amendment matches", "aucun amendement ne correspond")
        );
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            let am = &a.amendment;
            let number = match &am.parent {
                Some(p) => format!("{} → {p}", am.number),
                None => am.number.clone(),
            };
            let who = match (am.authors.first(), am.authors.len()) {
                (None, _) => String::new(),
                (Some(n), 1) => n.clone(),
                (Some(n), k) => format!("{n} +{}", k - 1),
            };
            vec![
                number,
                am.stage.clone(),
                lang.target(&am.article)
                    .trim_start_matches("article ")
                    .to_owned(),
                am.group.clone().unwrap_or_default(),
                lang.outcome(am.outcome).to_owned(),
                am.vote
                    .as_ref()
                    .map(|v| format!("n° {}", v.ballot))
                    .unwrap_or_default(),
                who,
            ]
        })
        .collect();
    let mut out = table(
        &[
            lang.pick("number", "numéro"),
            lang.pick("stage", "étape"),
            "article",
            lang.pick("group", "groupe"),
            lang.pick("outcome", "sort"),
            lang.pick("ballot", "scrutin"),
            lang.pick("authors", "auteurs"),
        ],
        &rows,
        &[
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
        ],
        "",
        term.width,
    );
    let _ = writeln!(out, "{}", lang.count(list.len(), Noun::Amendment));
    // Groups the data knows only by an id.
    let mut unnamed: Vec<&str> = list
        .iter()
        .filter_map(|a| a.amendment.group.as_deref())
        .filter(|g| lang.group_name(bill, g).is_none() && lang.group(bill, g) != *g)
        .collect();
    unnamed.sort_unstable();
    unnamed.dedup();
    for g in unnamed {
        let _ = writeln!(
            out,
            "{g}{} {}",
            lang.pick(":", " :"),
            lang.pick(
                "a group the data does not name",
                "groupe que les données ne nomment pas"
            )
        );
    }
    out
}

/// The amendments a ballot decided, with their articles: « 640, 655
/// (article 8 ter) »; `None` for a ballot that decided none.
fn decided(lang: Lang, b: &BallotView) -> Option<String> {
    if b.amendments.is_empty() {
        return None;
    }
    let articles: Vec<String> = b
        .articles
        .iter()
        .map(|a| lang.target(&crate::model::Target::parse(a)))
        .collect();
    let identical = if b.amendments.len() > 1 {
        lang.pick(" (identical)", " (identiques)")
    } else {
        ""
    };
    Some(format!(
        "{}{identical}, {}",
        b.amendments.join(", "),
        articles.join(", ")
    ))
}

/// What a ballot was about, for a list: the amendments it decided, else
/// its question as the chamber words it.
fn about(lang: Lang, b: &BallotView) -> String {
    match (&b.vote.question, decided(lang, b)) {
        (Some(q), None) => q.clone(),
        (_, Some(d)) => format!(
            "{} {d}",
            lang.pick(
                if b.amendments.len() > 1 {
                    "amendments"
                } else {
                    "amendment"
                },
                if b.amendments.len() > 1 {
                    "amendements"
                } else {
                    "amendement"
                }
            )
        ),
        (None, None) => lang
            .pick("(not in the data)", "(pas dans les données)")
            .to_owned(),
    }
}

/// A bill's public ballots, one row each: number, stage, date, result,
/// counts and what was put to the vote.
pub fn ballots(bill: &Bill, list: &[BallotView], format: Format, term: &Term) -> String {
    if format == Format::Json {
        #[derive(Serialize)]
        struct Row<'a> {
            ballot: &'a str,
            stage: &'a str,
            date: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            question: Option<&'a str>,
            adopted: bool,
            #[serde(rename = "for")]
            yes: u32,
            against: u32,
            abstentions: u32,
            amendments: &'a [String],
        }
        let rows: Vec<Row> = list
            .iter()
            .map(|b| Row {
                ballot: &b.vote.ballot,
                stage: &b.stage,
                date: b.vote.date.to_string(),
                question: b.vote.question.as_deref(),
                adopted: b.adopted,
                yes: b.vote.yes,
                against: b.vote.against,
                abstentions: b.vote.abstentions,
                amendments: &b.amendments,
            })
            .collect();
        return to_json(&serde_json::json!({ "bill": bill.slug, "ballots": rows }));
    }
    let lang = Lang::of(bill);
    if list.is_empty() {
        return format!(
            "{}\n",
            lang.pick(
                "no public ballot in the data",
                "aucun scrutin public dans les données"
            )
        );
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|b| {
            let v = &b.vote;
            vec![
                v.ballot.clone(),
                b.stage.clone(),
                lang.day(&v.date),
                lang.ballot_result(v).to_owned(),
                lang.number(v.yes.into()),
                lang.number(v.against.into()),
                lang.number(v.abstentions.into()),
                about(lang, b),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "n°",
            lang.pick("stage", "étape"),
            "date",
            lang.pick("result", "résultat"),
            lang.pick("for", "pour"),
            lang.pick("against", "contre"),
            lang.pick("abst.", "abst."),
            lang.pick("question", "objet"),
        ],
        &rows,
        &[
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        "",
        term.width,
    );
    let _ = writeln!(out, "{}", lang.count(list.len(), Noun::PublicBallot));
    out
}

/// A public ballot: what was put to the vote, the result, the groups as a
/// table, each member's vote in columns.
pub fn ballot(bill: &Bill, b: &BallotView, format: Format, term: &Term) -> String {
    if format == Format::Json {
        return to_json(&serde_json::json!({ "bill": bill.slug, "ballot": b }));
    }
    let lang = Lang::of(bill);
    let w = term.width;
    let v = &b.vote;
    let mut out = String::new();
    let stage = bill
        .stage(&b.stage)
        .map_or(b.stage.clone(), |s| format!("{} ({})", s.label, s.id));
    let line = ballot_line(lang, v);
    let mut c = line.chars();
    let line: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
    out.push_str(&hang("", &line, w));
    out.push_str(&hang(
        &format!("{} ", lang.pick("Stage:", "Étape :")),
        &stage,
        w,
    ));
    if let Some(q) = &v.question {
        out.push_str(&hang(
            &format!("{} ", lang.pick("Question:", "Objet :")),
            q,
            w,
        ));
    }
    if let Some(decided) = decided(lang, b) {
        out.push_str(&hang(
            &format!(
                "{} ",
                match (lang, b.amendments.len()) {
                    (Lang::En, 1) => "Amendment:",
                    (Lang::En, _) => "Amendments:",
                    (Lang::Fr, 1) => "Amendement :",
                    (Lang::Fr, _) => "Amendements :",
                }
            ),
            &decided,
            w,
        ));
    } else if v.question.is_none() {
        out.push_str(&hang(
            &format!("{} ", lang.pick("Question:", "Objet :")),
            lang.pick(
                "(what was put to the vote is not in the data)",
                "(ce qui a été mis aux voix n’est pas dans les données)",
            ),
            w,
        ));
    }
    if let Some(m) = &v.majority {
        out.push_str(&hang(
            &format!("{} ", lang.pick("Majority:", "Majorité :")),
            m,
            w,
        ));
    }
    if !v.groups.is_empty() {
        out.push('\n');
        out.push_str(&group_table(bill, v, "  ", lang, w));
    }
    for stance in [
        Stance::For,
        Stance::Against,
        Stance::Abstention,
        Stance::NotVoting,
    ] {
        let n = v.roll.iter().filter(|m| m.vote == stance).count();
        if n == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({})",
            lang.stance_heading(stance),
            lang.number(n as u64)
        );
        out.push_str(&roll_by_group(bill, &v.roll, stance, "  ", lang, w));
    }
    if v.roll.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            lang.pick(
                "(each member's vote is not in the data)",
                "(le vote de chaque député n’est pas dans les données)"
            )
        );
    }
    if let Some(note) = &v.note {
        out.push('\n');
        out.push_str(&hang(
            &format!("{} ", lang.pick("Note:", "Note :")),
            note,
            w,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_counts_are_grouped_by_thousands() {
        let bill: Bill = serde_json::from_value(serde_json::json!({
            "slug": "b", "title": "B", "jurisdiction": "fr", "language": "fr",
            "links": [], "notes": [], "groups": {},
            "stages": [{"id": "seance", "label": "Séance publique", "chamber": "assemblee",
                        "kind": "floor", "date": "2025-03-10"}]
        }))
        .unwrap();
        let list = [StageSummary {
            stage: bill.stages[0].clone(),
            official: false,
            articles: 300,
            partial: false,
            amendments: 9000,
            adopted: 1254,
        }];
        let out = stages(&bill, &list, Format::Text, &Term::plain(100));
        assert!(
            out.contains("9\u{202f}000 amendements, dont 1\u{202f}254 adoptés"),
            "{out}"
        );
        let none = [StageSummary {
            amendments: 23,
            adopted: 0,
            ..list[0].clone()
        }];
        let out = stages(&bill, &none, Format::Text, &Term::plain(100));
        assert!(out.contains("23 amendements, aucun adopté"), "{out}");
    }
}
