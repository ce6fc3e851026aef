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

use crate::model::{Bill, Outcome, Stage, Vote};
use crate::query::story::{Action, ArticleHistory, ArticleState, identical_blocks};
use crate::render::{Format, to_json};
use crate::store::read::StoredAmendment;

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
}

/// Renders the log of a bill, or of the article its history follows.
pub fn render(data: &ArticleHistory, format: Format) -> String {
    let article = data.article.as_ref().map(|a| a.asked.as_str());
    match format {
        Format::Json => {
            let stages = data
                .bill
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| JsonStage {
                    stage: s,
                    article: article.map(|_| data.state(i)),
                    amendments: data.at_stage(i),
                })
                .collect();
            to_json(&JsonLog {
                bill: &data.bill,
                article,
                stages,
            })
        }
        Format::Text => render_text(data, article),
    }
}

fn render_text(data: &ArticleHistory, article: Option<&str>) -> String {
    let bill = &data.bill;
    let mut out = String::new();
    match article {
        Some(n) => {
            let _ = writeln!(
                out,
                "Article {n} — {}",
                bill.short_title.as_deref().unwrap_or(&bill.title)
            );
        }
        None => {
            let _ = writeln!(out, "{}", bill.title);
        }
    }
    let _ = writeln!(out, "bill `{}`, {} stages", bill.slug, bill.stages.len());
    if let Some(art) = &data.article
        && art.renumbered()
    {
        let _ = writeln!(
            out,
            "followed by its stable id `{}` across renumbering: article {}",
            art.id.as_deref().unwrap_or(""),
            art.designations().join(", then ")
        );
    }
    if article.is_some() {
        let lines = summary(data);
        if !lines.is_empty() {
            out.push('\n');
            for l in lines {
                let _ = writeln!(out, "  • {l}");
            }
        }
    }
    for (i, stage) in bill.stages.iter().enumerate() {
        let here = data.at_stage(i);
        out.push('\n');
        let number = stage
            .number
            .as_ref()
            .map(|n| format!(", text n° {n}"))
            .unwrap_or_default();
        let _ = writeln!(out, "● {} — {}{number}", stage.date.human(), stage.label);
        if article.is_some() {
            render_groups(&mut out, bill, &here);
        } else {
            render_counts(&mut out, &here);
        }
        match article {
            Some(asked) => {
                let st = data.state(i);
                let n = st.number.as_deref().unwrap_or(asked);
                let what = match st.state {
                    "deleted" => format!("article {n} (Supprimé)"),
                    "absent" if st.partial => {
                        format!("article {n}: not in the known part of the text")
                    }
                    "absent" => format!("article {n} is not in the text"),
                    _ => {
                        let known = if st.partial { " known" } else { "" };
                        let mut s = format!(
                            "article {n}: {} alinéa{}{known}",
                            st.alineas,
                            plural(st.alineas)
                        );
                        for g in &st.gaps {
                            let _ = write!(s, "\n    text partial: {g}");
                        }
                        s
                    }
                };
                let _ = writeln!(out, "  → {what}");
            }
            None => {
                let t = &data.texts[i];
                let count = t.articles().count();
                let deleted = t.articles().filter(|a| a.is_deleted()).count();
                let partial = if t.is_partial() {
                    "; the text is partial"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  → {count} articles in the text ({deleted} deleted){partial}"
                );
            }
        }
        if let Some(note) = &stage.note {
            let _ = writeln!(out, "    note: {note}");
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn render_counts(out: &mut String, here: &[&StoredAmendment]) {
    if here.is_empty() {
        return;
    }
    let mut per_article: BTreeMap<String, BTreeMap<Outcome, usize>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for a in here {
        let key = a.amendment.article.to_string();
        if !per_article.contains_key(&key) {
            order.push(key.clone());
        }
        *per_article
            .entry(key)
            .or_default()
            .entry(a.amendment.outcome)
            .or_default() += 1;
    }
    let _ = writeln!(out, "  {} amendment{}", here.len(), plural(here.len()));
    for key in order {
        let counts = &per_article[&key];
        let total: usize = counts.values().sum();
        let detail: Vec<String> = counts
            .iter()
            .map(|(o, n)| format!("{n} {}", o.label()))
            .collect();
        let _ = writeln!(out, "    article {key}: {total} ({})", detail.join(", "));
    }
}

fn render_groups(out: &mut String, bill: &Bill, here: &[&StoredAmendment]) {
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
        let _ = writeln!(out, "  no amendment on this article at this stage");
        return;
    }
    for block in identical_blocks(&top) {
        render_block(out, bill, &block, "  ");
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
            let _ = writeln!(
                out,
                "             {} sub-amendment{} to {}:",
                children.len(),
                plural(children.len()),
                numbers.join(", ")
            );
            for sub in identical_blocks(&children) {
                render_block(out, bill, &sub, "      ");
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
        render_block(out, bill, &block, "  ");
    }
}

fn render_block(out: &mut String, bill: &Bill, block: &[&StoredAmendment], indent: &str) {
    let first = &block[0].amendment;
    let numbers: Vec<&str> = block.iter().map(|a| a.amendment.number.as_str()).collect();
    let label = first.outcome.label().to_uppercase();
    let what = if block.len() > 1 {
        format!("{} ({} identical)", numbers.join(", "), block.len())
    } else {
        numbers[0].to_owned()
    };
    let pad = " ".repeat(13usize.saturating_sub(indent.len()).max(1));
    let _ = writeln!(out, "{indent}{label:<11}{what}");
    let inner = format!("{indent}{pad}");
    let inner = &inner[..inner.len().min(indent.len() + 11)];
    let _ = writeln!(out, "{inner}{}", condensed(&first.instruction, 110));
    let by: Vec<String> = block
        .iter()
        .map(|a| {
            let a = &a.amendment;
            let name = a.authors.first().cloned().unwrap_or_default();
            let others = a.authors.len().saturating_sub(1);
            let more = if others > 0 {
                format!(" and {others} other{}", plural(others))
            } else {
                String::new()
            };
            match &a.group {
                Some(g) => format!("{name}{more} ({g})"),
                None => format!("{name}{more}"),
            }
        })
        .collect();
    let _ = writeln!(out, "{inner}by {}", by.join("; "));
    if let Some(d) = first.decided {
        let _ = writeln!(out, "{inner}{} {}", first.outcome.label(), d.human());
    }
    // A ballot shared by identical amendments is shown once.
    if let Some(v) = block.iter().find_map(|a| a.amendment.vote.as_ref()) {
        render_vote(out, bill, v, inner);
    }
    if block[0].effect != "applied" && first.outcome == Outcome::Adopted {
        let _ = writeln!(
            out,
            "{inner}(its effect on the text is not computed: {})",
            block[0].effect
        );
    }
}

fn render_vote(out: &mut String, bill: &Bill, v: &Vote, inner: &str) {
    let result = if v.yes > v.against {
        "adopted"
    } else {
        "not adopted"
    };
    let voting = v
        .voting
        .map(|n| format!("{n} voting, "))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{inner}public ballot n° {} ({}): {voting}{} for, {} against, {} abstention{} — {result}",
        v.ballot,
        v.date.human(),
        v.yes,
        v.against,
        v.abstentions,
        plural(v.abstentions as usize)
    );
    for g in &v.groups {
        if g.yes + g.against + g.abstentions == 0 {
            continue;
        }
        let name = bill.groups.get(&g.group).map_or("", String::as_str);
        let _ = writeln!(
            out,
            "{inner}  {:<9}{:>4} for {:>4} against {:>4} abst.   {name}",
            g.group, g.yes, g.against, g.abstentions
        );
    }
    if let Some(note) = &v.note {
        let _ = writeln!(out, "{inner}note: {note}");
    }
}

/// The instruction on one line, cut at `max` characters.
fn condensed(instruction: &str, max: usize) -> String {
    let flat: String = instruction.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        flat
    }
}

/// What an amendment set out to do, in a few words.
fn verb(action: Action) -> &'static str {
    match action {
        Action::Strike => "strike the article",
        Action::Restore => "restore the article in a rewritten form",
        Action::Rewrite => "rewrite the article",
        Action::InsertArticle => "insert an additional article",
        Action::Amend => "amend the article",
    }
}

/// One line per decisive event of an article's story.
fn summary(data: &ArticleHistory) -> Vec<String> {
    data.story()
        .into_iter()
        .map(|e| {
            let who = if e.numbers.len() > 1 {
                format!(
                    "{} identical amendments ({}; {})",
                    e.numbers.len(),
                    e.numbers.join(", "),
                    e.groups.join(", ")
                )
            } else {
                format!("amendment {} ({})", e.numbers[0], e.groups.join(", "))
            };
            let sub_note = if e.sub_amendments == 0 {
                String::new()
            } else {
                format!(
                    ", sub-amended ({} sub-amendments, {} adopted)",
                    e.sub_amendments, e.sub_amendments_adopted
                )
            };
            let ballot = e
                .vote
                .as_ref()
                .map(|v| {
                    format!(
                        " by public ballot n° {}, {} for, {} against",
                        v.ballot, v.yes, v.against
                    )
                })
                .unwrap_or_default();
            format!(
                "{}: {who} to {}{sub_note}: {}{ballot}",
                data.bill.stages[e.stage].label,
                verb(e.action),
                e.outcome.label()
            )
        })
        .collect()
}
