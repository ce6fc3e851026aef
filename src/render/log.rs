//! `amendo log`: a bill's stages and amendments, oldest first, told so that a
//! reader who does not know the procedure can follow it.
//!
//! For one article, each stage lists the amendments on it, grouped the way
//! they were debated: identical amendments together, sub-amendments under
//! the amendment they amend, with authors, groups, outcomes and ballots; then
//! what the article became. For a whole bill, each stage lists the amended
//! articles with counts by outcome.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::i18n::capital;
use crate::model::{Ballot, Bill, MemberVote, Outcome, Stage, Stance, Vote};
use crate::query::story::{Action, ArticleHistory, ArticleState, BillOverview, identical_blocks};
use crate::render::lang::{Lang, Noun};
use crate::render::layout::{Align, display_width, field_items, hang, table};
use crate::render::style::{Mark, Painter};
use crate::render::text::designation_at;
use crate::render::{Format, Term, to_json};
use crate::store::read::{Brief, StoredAmendment};

#[derive(Serialize)]
struct JsonLog<'a> {
    bill: &'a Bill,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<&'a str>,
    stages: Vec<JsonStage<'a>>,
}

#[derive(Serialize)]
struct JsonStage<'a> {
    stage: &'a Stage,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<ArticleState>,
    amendments: Vec<&'a StoredAmendment>,
    /// Public ballots at this stage that decided no amendment (on the
    /// article followed, or for a whole bill any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ballots: Vec<&'a Ballot>,
}

/// Renders the log of a bill, or of the article its history follows, up to
/// stage `until` (default: every stage).
pub fn render(data: &ArticleHistory, format: Format, term: &Term, until: Option<usize>) -> String {
    let article = data.article.as_ref().map(|a| a.asked.as_str());
    let last = until.unwrap_or(usize::MAX);
    match format {
        Format::Json => {
            let stages = data
                .bill
                .stages
                .iter()
                .enumerate()
                .take_while(|(i, _)| *i <= last)
                .map(|(i, s)| JsonStage {
                    stage: s,
                    article: article.map(|_| data.state(i)),
                    amendments: data.at_stage(i),
                    ballots: data.ballots_at(i),
                })
                .collect();
            to_json(&JsonLog {
                bill: &data.bill,
                article,
                stages,
            })
        }
        Format::Text => match article {
            Some(asked) => render_text(data, asked, term, last),
            None => render_overview(&data.overview(), term, until),
        },
    }
}

/// Renders the log of a whole bill, as text, from its overview, up to
/// stage `until` (default: every stage): per stage, its amendments counted
/// by article and outcome, and what its text holds.
pub fn render_overview(ov: &BillOverview, term: &Term, until: Option<usize>) -> String {
    let bill = &ov.bill;
    let lang = Lang::of(bill);
    let w = term.width;
    let p = Painter { color: term.color };
    let last = until.unwrap_or(usize::MAX);
    let mut out = hang("", &bill.title, w);
    bill_line(&mut out, bill, lang);
    for (i, (stage, st)) in bill.stages.iter().zip(&ov.stages).enumerate() {
        if i > last {
            break;
        }
        stage_heading(&mut out, stage, lang, w, &p);
        render_counts(&mut out, &st.amendments, lang, w);
        let ballots: Vec<_> = ov.ballots.iter().filter(|b| b.stage == stage.id).collect();
        if !ballots.is_empty() {
            out.push_str(&hang(
                "  ",
                lang.pick(
                    "public ballots on no amendment:",
                    "scrutins publics hors amendements :",
                ),
                w,
            ));
            for b in ballots {
                out.push_str(&hang("    – ", &question_line(lang, &b.vote), w));
            }
        }
        let line = match lang {
            Lang::En => format!(
                "{} in the text ({} deleted){}",
                lang.count(st.articles, Noun::Article),
                st.deleted,
                if st.partial {
                    "; the text is partial"
                } else {
                    ""
                }
            ),
            Lang::Fr => format!(
                "{} dans le texte (dont {} supprimé{}){}",
                lang.count(st.articles, Noun::Article),
                st.deleted,
                if st.deleted > 1 { "s" } else { "" },
                if st.partial {
                    " ; le texte est partiel"
                } else {
                    ""
                }
            ),
        };
        out.push_str(&hang("  → ", &line, w));
        stage_note(&mut out, stage, lang, w);
    }
    out
}

/// "bill `slug`, N stages".
fn bill_line(out: &mut String, bill: &Bill, lang: Lang) {
    let _ = writeln!(
        out,
        "{} {}, {}",
        lang.pick("bill", "texte"),
        bill.slug,
        lang.count(bill.stages.len(), Noun::Stage)
    );
}

/// A stage's heading: its date, label, id and text number.
fn stage_heading(out: &mut String, stage: &Stage, lang: Lang, w: usize, p: &Painter) {
    out.push('\n');
    let number = lang
        .stage_text_number(&stage.label, stage.number.as_deref())
        .map(|n| format!(", {n}"))
        .unwrap_or_default();
    let head = format!(
        "{} — {} [{}]{number}",
        lang.day(&stage.date),
        stage.label,
        stage.id
    );
    let wrapped = hang("● ", &head, w);
    out.push_str(&p.paint(Mark::Bold, wrapped.trim_end()));
    out.push('\n');
}

/// The stage's note, if any.
fn stage_note(out: &mut String, stage: &Stage, lang: Lang, w: usize) {
    if let Some(note) = lang.stage_note(stage) {
        out.push_str(&hang(
            &format!("    {} ", lang.pick("note:", "note :")),
            &note,
            w,
        ));
    }
}

fn render_text(data: &ArticleHistory, asked: &str, term: &Term, last: usize) -> String {
    let bill = &data.bill;
    let lang = Lang::of(bill);
    let w = term.width;
    let p = Painter { color: term.color };
    let mut out = String::new();
    let title = bill.short_title.as_deref().unwrap_or(&bill.title);
    if let Some(art) = &data.article {
        let at = bill.stages.len().saturating_sub(1).min(last);
        let heading = capital(&designation_at(lang, bill, art, at));
        let wrapped = hang("", &format!("{heading} — {title}"), w);
        out.push_str(&p.paint(Mark::Bold, wrapped.trim_end()));
        out.push('\n');
    }
    bill_line(&mut out, bill, lang);
    if let Some(art) = &data.article
        && art.renumbered()
    {
        let list = art
            .designations()
            .iter()
            .map(|d| lang.article(d))
            .collect::<Vec<_>>()
            .join(lang.pick(", then ", ", puis "));
        let line = match lang {
            Lang::En => format!(
                "followed by its stable id `{}` across renumbering: {list}",
                art.id.as_deref().unwrap_or("")
            ),
            Lang::Fr => format!(
                "suivi par son identifiant stable `{}` malgré la renumérotation : {list}",
                art.id.as_deref().unwrap_or("")
            ),
        };
        out.push_str(&hang("", &line, w));
    }
    let lines = summary(data, lang);
    if !lines.is_empty() {
        out.push('\n');
        for l in lines {
            out.push_str(&hang("  • ", &l, w));
        }
    }
    for (i, stage) in bill.stages.iter().enumerate() {
        if i > last {
            break;
        }
        let here = data.at_stage(i);
        stage_heading(&mut out, stage, lang, w, &p);
        render_groups(&mut out, bill, &here, lang, w);
        for b in data.ballots_at(i) {
            let on = lang.pick("vote on the article: ", "vote sur l’article : ");
            out.push_str(&hang(&format!("  {on}"), &ballot_line(lang, &b.vote), w));
            if let Some(q) = &b.vote.question {
                let label = lang.pick("question:", "objet :");
                out.push_str(&hang(&format!("    {label} "), q.trim(), w));
            }
            if !b.vote.groups.is_empty() {
                out.push_str(&group_table(bill, &b.vote, "    ", lang, w));
            }
        }
        let st = data.state(i);
        let n = lang.article(st.number.as_deref().unwrap_or(asked));
        let what = match (st.state, lang) {
            ("deleted", _) => format!("{n} (Supprimé)"),
            ("absent", Lang::En) if st.partial => {
                format!("{n}: not in the known part of the text")
            }
            ("absent", Lang::Fr) if st.partial => {
                format!("{n} : absent de la partie connue du texte")
            }
            ("absent", Lang::En) => format!("{n} is not in the text"),
            ("absent", Lang::Fr) => format!("{n} n’est pas dans le texte"),
            _ => {
                let known = if st.partial {
                    lang.pick(" known", " connus")
                } else {
                    ""
                };
                let colon = lang.pick(":", " :");
                let mut s = format!("{n}{colon} {}{known}", lang.count(st.alineas, Noun::Alinea));
                for g in &st.gaps {
                    let _ = write!(
                        s,
                        "\n{}{colon} {g}",
                        lang.pick("text partial", "texte partiel")
                    );
                }
                s
            }
        };
        for (k, line) in what.split('\n').enumerate() {
            let first = if k == 0 { "  → " } else { "    " };
            out.push_str(&hang(first, line, w));
        }
        stage_note(&mut out, stage, lang, w);
    }
    out
}

fn render_counts(out: &mut String, here: &[Brief], lang: Lang, w: usize) {
    if here.is_empty() {
        return;
    }
    let mut per_article: BTreeMap<String, BTreeMap<Outcome, usize>> = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    for Brief(_, target, outcome) in here {
        let key = target.to_string();
        if !per_article.contains_key(&key) {
            order.push((key.clone(), lang.target(target)));
        }
        *per_article
            .entry(key)
            .or_default()
            .entry(*outcome)
            .or_default() += 1;
    }
    // In the bill's reading order; designations that are not article
    // numbers after, in discussion order.
    order.sort_by_cached_key(|(key, _)| {
        let o = crate::model::reading_order(&crate::model::Target::parse(key));
        (o.is_none(), o)
    });
    let _ = writeln!(out, "  {}", lang.count(here.len(), Noun::Amendment));
    for (key, shown) in order {
        let counts = &per_article[&key];
        let total: usize = counts.values().sum();
        let detail: Vec<String> = counts
            .iter()
            .map(|(o, n)| format!("{n} {}", lang.outcome_agreeing(*o, *n)))
            .collect();
        let colon = lang.pick(":", " :");
        out.push_str(&hang(
            "    ",
            &format!("{shown}{colon} {total} ({})", detail.join(", ")),
            w,
        ));
    }
}

fn render_groups(out: &mut String, bill: &Bill, here: &[&StoredAmendment], lang: Lang, w: usize) {
    let top: Vec<&StoredAmendment> = here
        .iter()
        .copied()
        .filter(|a| a.amendment.parent.is_none())
        .collect();
    let subs: Vec<&StoredAmendment> = here
        .iter()
        .copied()
        .filter(|a| a.amendment.parent.is_some())
        .collect();
    if here.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "no amendment on this article at this stage",
                "aucun amendement sur cet article à cette étape"
            )
        );
        return;
    }
    for block in identical_blocks(&top) {
        render_block(out, bill, &block, "  ", lang, w);
        let numbers: Vec<&str> = block.iter().map(|a| a.amendment.number.as_str()).collect();
        let children: Vec<&StoredAmendment> = subs
            .iter()
            .copied()
            .filter(|s| {
                s.amendment
                    .parent
                    .as_deref()
                    .is_some_and(|p| numbers.contains(&p))
            })
            .collect();
        if !children.is_empty() {
            let line = match lang {
                Lang::En => format!(
                    "{} to {}:",
                    lang.count(children.len(), Noun::SubAmendment),
                    numbers.join(", ")
                ),
                Lang::Fr => format!(
                    "{} à {} :",
                    lang.count(children.len(), Noun::SubAmendment),
                    numbers.join(", ")
                ),
            };
            out.push_str(&hang("             ", &line, w));
            for sub in identical_blocks(&children) {
                render_block(out, bill, &sub, "      ", lang, w);
            }
        }
    }
    // Sub-amendments whose parent is on another article or stage.
    let orphans: Vec<&StoredAmendment> = subs
        .iter()
        .copied()
        .filter(|s| {
            !top.iter()
                .any(|t| Some(t.amendment.number.as_str()) == s.amendment.parent.as_deref())
        })
        .collect();
    for block in identical_blocks(&orphans) {
        render_block(out, bill, &block, "  ", lang, w);
    }
}

fn render_block(
    out: &mut String,
    bill: &Bill,
    block: &[&StoredAmendment],
    indent: &str,
    lang: Lang,
    w: usize,
) {
    let first = &block[0].amendment;
    let numbers: Vec<&str> = block.iter().map(|a| a.amendment.number.as_str()).collect();
    let label = lang.outcome(first.outcome).to_uppercase();
    let what = if block.len() > 1 {
        format!(
            "{} ({} {})",
            numbers.join(", "),
            block.len(),
            lang.pick("identical", "identiques")
        )
    } else {
        numbers[0].to_owned()
    };
    let label_w = 12usize;
    out.push_str(&hang(&format!("{indent}{label:<label_w$}"), &what, w));
    let inner = " ".repeat(indent.len() + label_w);
    let room = w.saturating_sub(inner.len()).max(20);
    // An amendment without a dispositif in the data (a credit transfer,
    // La Fabrique's metadata) has no line of it.
    if !first.instruction.trim().is_empty() {
        let _ = writeln!(out, "{inner}{}", condensed(&first.instruction, room));
    }
    let by: Vec<String> = block
        .iter()
        .map(|a| {
            let a = &a.amendment;
            let name = a.authors.first().cloned().unwrap_or_default();
            let others = a.authors.len().saturating_sub(1);
            let more = if others > 0 {
                format!(
                    " {} {}",
                    lang.pick("and", "et"),
                    lang.count(others, Noun::Other)
                )
            } else {
                String::new()
            };
            match &a.group {
                Some(g) => format!("{name}{more} ({})", lang.group(bill, g)),
                None => format!("{name}{more}"),
            }
        })
        .collect();
    out.push_str(&hang(
        &format!("{inner}{} ", lang.pick("by", "par")),
        &by.join(lang.pick("; ", " ; ")),
        w,
    ));
    if let Some(d) = first.decided {
        let line = match lang {
            Lang::En => format!("{} {}", lang.outcome(first.outcome), lang.date(&d)),
            Lang::Fr => format!("{} le {}", lang.outcome(first.outcome), lang.date(&d)),
        };
        out.push_str(&hang(&inner, &line, w));
    }
    // A ballot shared by identical amendments is shown once.
    if let Some(v) = block.iter().find_map(|a| a.amendment.vote.as_ref()) {
        render_vote(out, bill, v, &inner, lang, w);
    }
    if !first.credits.is_empty() {
        // What a credit transfer does: amounts in the budget's annex.
        let line = format!("({})", lang.effect(block[0]));
        out.push_str(&hang(&inner, &line, w));
    } else if block[0].effect_unknown() && first.outcome == Outcome::Adopted {
        let line = format!(
            "({} {})",
            lang.pick(
                "its effect on the text is not computed:",
                "son effet sur le texte n’est pas calculé :"
            ),
            lang.effect(block[0])
        );
        out.push_str(&hang(&inner, &line, w));
    }
}

/// A public ballot: the count, then a table by group (as `show` prints it).
pub fn render_vote(out: &mut String, bill: &Bill, v: &Vote, inner: &str, lang: Lang, w: usize) {
    out.push_str(&hang(inner, &ballot_line(lang, v), w));
    if !v.groups.is_empty() {
        // Deep in a block, the table starts further left when the width is
        // short.
        let indent = if inner.len() + 2 + 64 <= w {
            format!("{inner}  ")
        } else {
            "    ".to_owned()
        };
        out.push_str(&group_table(bill, v, &indent, lang, w));
    }
    if let Some(note) = &v.note {
        out.push_str(&hang(
            &format!("{inner}{} ", lang.pick("note:", "note :")),
            note,
            w,
        ));
    }
}

/// « scrutin public n° 1102 (20 mars 2025 à 23 h 52) : 149 votants,
/// 24 pour, 119 contre, 6 abstentions — non adopté ».
pub fn ballot_line(lang: Lang, v: &Vote) -> String {
    let voting = v
        .voting
        .map(|n| match lang {
            Lang::En => format!("{} voting, ", lang.number(n.into())),
            Lang::Fr => format!("{} votants, ", lang.number(n.into())),
        })
        .unwrap_or_default();
    let counts = match lang {
        Lang::En => format!(
            "{voting}{} for, {} against, {}",
            v.yes,
            v.against,
            lang.count(v.abstentions as usize, Noun::Abstention)
        ),
        Lang::Fr => format!(
            "{voting}{} pour, {} contre, {}",
            v.yes,
            v.against,
            lang.count(v.abstentions as usize, Noun::Abstention)
        ),
    };
    format!(
        "{} n° {} ({}){} {counts} — {}",
        lang.pick("public ballot", "scrutin public"),
        v.ballot,
        lang.date(&v.date),
        lang.pick(":", " :"),
        lang.ballot_result(v)
    )
}

/// A ballot on no amendment, for a list: « n° 1194 (1er avril 2025 à
/// 17 h 02) : l'ensemble de la proposition de loi … — adopté (436 pour,
/// 75 contre, 39 abstentions) ».
pub fn question_line(lang: Lang, v: &Vote) -> String {
    let question = v.question.as_deref().map_or_else(
        || {
            lang.pick("(question not in the data)", "(objet absent des données)")
                .to_owned()
        },
        |q| q.trim().trim_end_matches('.').to_owned(),
    );
    let counts = match lang {
        Lang::En => format!("{} for, {} against", v.yes, v.against),
        Lang::Fr => format!("{} pour, {} contre", v.yes, v.against),
    };
    format!(
        "n° {} ({}){} {question} — {} ({counts}, {})",
        v.ballot,
        lang.date(&v.date),
        lang.pick(":", " :"),
        lang.ballot_result(v),
        lang.count(v.abstentions as usize, Noun::Abstention)
    )
}

/// A ballot's title, as a watch event and a feed entry give it: « Scrutin public n° 1194 sur l'ensemble … : 436
/// pour, 75 contre, 39 abstentions — adopté », on what was put to the vote
/// (amendments, or the question as the chamber words it) when it is known.
pub fn ballot_title(lang: Lang, v: &Vote, on: Option<&str>) -> String {
    let abstentions = lang.count(v.abstentions as usize, Noun::Abstention);
    let result = lang.ballot_result(v);
    let (n, y, a) = (&v.ballot, v.yes, v.against);
    match (lang, on) {
        (Lang::En, Some(on)) => {
            format!("Public ballot n° {n} on {on}: {y} for, {a} against, {abstentions} — {result}")
        }
        (Lang::En, None) => {
            format!("Public ballot n° {n}: {y} for, {a} against, {abstentions} — {result}")
        }
        (Lang::Fr, Some(on)) => format!(
            "Scrutin public n° {n} sur {on} : {y} pour, {a} contre, {abstentions} — {result}"
        ),
        (Lang::Fr, None) => {
            format!("Scrutin public n° {n} : {y} pour, {a} contre, {abstentions} — {result}")
        }
    }
}

/// The groups' votes as a table: group, for, against, abstentions, not
/// voting (when any), the group's name. Groups that cast no vote are left
/// out.
pub fn group_table(bill: &Bill, v: &Vote, indent: &str, lang: Lang, w: usize) -> String {
    let any_not_voting = v.groups.iter().any(|g| g.not_voting > 0);
    let mut header = vec![
        lang.pick("group", "groupe"),
        lang.pick("for", "pour"),
        lang.pick("against", "contre"),
        lang.pick("abst.", "abst."),
    ];
    let mut align = vec![Align::Left, Align::Right, Align::Right, Align::Right];
    if any_not_voting {
        header.push(lang.pick("not voting", "non-votants"));
        align.push(Align::Right);
    }
    header.push("");
    align.push(Align::Left);
    let rows: Vec<Vec<String>> = v
        .groups
        .iter()
        .filter(|g| g.yes + g.against + g.abstentions + g.not_voting > 0)
        .map(|g| {
            let mut r = vec![
                g.group.clone(),
                g.yes.to_string(),
                g.against.to_string(),
                g.abstentions.to_string(),
            ];
            if any_not_voting {
                r.push(g.not_voting.to_string());
            }
            r.push(
                lang.group_name(bill, &g.group)
                    .unwrap_or(lang.pick("unnamed group", "groupe sans nom"))
                    .to_owned(),
            );
            r
        })
        .collect();
    table(&header, &rows, &align, indent, w)
}

/// Who voted `stance`, one row per group (in the order of the roll): the
/// group, then its members' names wrapped under the names column. Empty when
/// nobody did.
pub fn roll_by_group(
    bill: &Bill,
    roll: &[MemberVote],
    stance: Stance,
    indent: &str,
    lang: Lang,
    w: usize,
) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for m in roll.iter().filter(|m| m.vote == stance) {
        match groups.iter_mut().find(|(g, _)| *g == m.group) {
            Some((_, names)) => names.push(&m.name),
            None => groups.push((&m.group, vec![&m.name])),
        }
    }
    let labels: Vec<String> = groups
        .iter()
        .map(|(g, names)| format!("{} ({})", lang.group(bill, g), names.len()))
        .collect();
    let column = labels.iter().map(|l| display_width(l)).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for ((_, names), label) in groups.iter().zip(&labels) {
        out.push_str(&field_items(
            &format!("{indent}{label}"),
            column + indent.len(),
            names,
            ", ",
            w,
        ));
    }
    out
}

/// The instruction on one line, cut at `max` columns.
fn condensed(instruction: &str, max: usize) -> String {
    let flat: String = instruction.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let mut cut = String::new();
        for c in flat.chars() {
            if cut.chars().count() + 2 > max {
                break;
            }
            cut.push(c);
        }
        format!("{}…", cut.trim_end())
    } else {
        flat
    }
}

/// What an amendment set out to do, in a few words.
fn verb(action: Action, lang: Lang) -> &'static str {
    match action {
        Action::Strike => lang.pick("strike the article", "supprimer l’article"),
        Action::Restore => lang.pick(
            "restore the article in a rewritten form",
            "rétablir l’article dans une nouvelle rédaction",
        ),
        Action::Rewrite => lang.pick("rewrite the article", "réécrire l’article"),
        Action::InsertArticle => lang.pick(
            "insert an additional article",
            "insérer un article additionnel",
        ),
        Action::Amend => lang.pick("amend the article", "modifier l’article"),
    }
}

/// One line per decisive event of an article's story.
fn summary(data: &ArticleHistory, lang: Lang) -> Vec<String> {
    data.story()
        .into_iter()
        .map(|e| {
            let groups: Vec<String> = e.groups.iter().map(|g| lang.group(&data.bill, g)).collect();
            let who = if e.numbers.len() > 1 {
                format!(
                    "{} {} ({}{}{})",
                    e.numbers.len(),
                    lang.pick("identical amendments", "amendements identiques"),
                    e.numbers.join(", "),
                    lang.pick("; ", " ; "),
                    groups.join(", ")
                )
            } else {
                format!(
                    "{} {} ({})",
                    lang.pick("amendment", "l’amendement"),
                    e.numbers[0],
                    groups.join(", ")
                )
            };
            let sub_note = if e.sub_amendments == 0 {
                String::new()
            } else {
                match lang {
                    Lang::En => format!(
                        ", sub-amended ({}, {} adopted)",
                        lang.count(e.sub_amendments, Noun::SubAmendment),
                        e.sub_amendments_adopted
                    ),
                    Lang::Fr => format!(
                        ", sous-amendé{} ({}, dont {} adopté{})",
                        if e.numbers.len() > 1 { "s" } else { "" },
                        lang.count(e.sub_amendments, Noun::SubAmendment),
                        e.sub_amendments_adopted,
                        if e.sub_amendments_adopted > 1 {
                            "s"
                        } else {
                            ""
                        }
                    ),
                }
            };
            let ballot = e
                .vote
                .as_ref()
                .map(|v| match lang {
                    Lang::En => format!(
                        " by public ballot n° {}, {} for, {} against",
                        v.ballot, v.yes, v.against
                    ),
                    Lang::Fr => format!(
                        " par scrutin public n° {}, {} pour, {} contre",
                        v.ballot, v.yes, v.against
                    ),
                })
                .unwrap_or_default();
            let plural = e.numbers.len() > 1;
            let outcome = lang.outcome_agreeing(e.outcome, if plural { 2 } else { 1 });
            match lang {
                Lang::En => format!(
                    "{}: {who} to {}{sub_note}: {outcome}{ballot}",
                    data.bill.stages[e.stage].label,
                    verb(e.action, lang),
                ),
                Lang::Fr => format!(
                    "{} : {who} visant à {}{sub_note} : {outcome}{ballot}",
                    data.bill.stages[e.stage].label,
                    verb(e.action, lang),
                ),
            }
        })
        .collect()
}
