//! `amendo log`: a bill's stages and amendments, oldest first, told so that a
//! reader who does not know the procedure can follow it.
//!
//! For one article, each stage lists the amendments on it, grouped the way
//! they were debated: identical amendments together, sub-amendments under
//! the amendment they amend, with authors, groups, outcomes and ballots; then
//! what the article became. For a whole bill, each stage lists the amended
//! articles with counts by outcome.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde::Serialize;

use crate::history;
use crate::model::Operation;
use crate::model::{Article, Bill, Outcome, Position, Stage, Text, Vote, article_key};
use crate::render::{Format, to_json};
use crate::store::read::StoredAmendment;

/// Everything `log` shows, read from the store.
pub struct LogData {
    /// The bill.
    pub bill: Bill,
    /// The text at each stage, parallel to `bill.stages`.
    pub texts: Vec<Text>,
    /// Every amendment in discussion order.
    pub amendments: Vec<StoredAmendment>,
}

/// The state of one article at one stage.
#[derive(Serialize, Debug)]
pub struct ArticleState {
    /// `present`, `deleted` or `absent`.
    pub state: &'static str,
    /// The designation at that stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Known alinéas.
    pub alineas: usize,
    /// True when part of the text is not available.
    pub partial: bool,
    /// What is missing, from the text's gap notes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<String>,
}

fn article_state(text: &Text, wanted: &str) -> ArticleState {
    match text.article_by_number(wanted) {
        Some(a) => state_of(a),
        None => ArticleState {
            state: "absent",
            number: None,
            alineas: 0,
            partial: text.is_partial(),
            gaps: Vec::new(),
        },
    }
}

fn state_of(a: &Article) -> ArticleState {
    ArticleState {
        state: if a.is_deleted() { "deleted" } else { "present" },
        number: Some(a.number.clone()),
        alineas: a.alinea_count(),
        partial: a.is_partial(),
        gaps: a
            .lines
            .iter()
            .filter_map(|l| match l {
                crate::model::Line::Gap(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
    }
}

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

/// Renders the log of a bill, or of one article when `article` is given.
pub fn render(data: &LogData, article: Option<&str>, format: Format) -> String {
    let wanted = article.map(article_key);
    let on_article = |a: &StoredAmendment| match &wanted {
        None => true,
        Some(k) => {
            a.amendment.article.position == Position::On
                && article_key(&a.amendment.article.article) == *k
        }
    };
    match format {
        Format::Json => {
            let stages = data
                .bill
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| JsonStage {
                    stage: s,
                    article: article.map(|n| article_state(&data.texts[i], n)),
                    amendments: data
                        .amendments
                        .iter()
                        .filter(|a| a.amendment.stage == s.id && on_article(a))
                        .collect(),
                })
                .collect();
            to_json(&JsonLog {
                bill: &data.bill,
                article,
                stages,
            })
        }
        Format::Text => render_text(data, article, &on_article),
    }
}

fn render_text(
    data: &LogData,
    article: Option<&str>,
    on_article: &dyn Fn(&StoredAmendment) -> bool,
) -> String {
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
    if let Some(n) = article {
        let lines = summary(data, n, on_article);
        if !lines.is_empty() {
            out.push('\n');
            for l in lines {
                let _ = writeln!(out, "  • {l}");
            }
        }
    }
    for (i, stage) in bill.stages.iter().enumerate() {
        let here: Vec<&StoredAmendment> = data
            .amendments
            .iter()
            .filter(|a| a.amendment.stage == stage.id && on_article(a))
            .collect();
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
            Some(n) => {
                let st = article_state(&data.texts[i], n);
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

/// Groups amendments that were identical and had the same outcome.
fn identical_blocks<'a>(items: &[&'a StoredAmendment]) -> Vec<Vec<&'a StoredAmendment>> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, a)| (a.amendment.number.as_str(), i))
        .collect();
    let mut root: Vec<usize> = (0..items.len()).collect();
    fn find(root: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while root[r] != r {
            r = root[r];
        }
        root[i] = r;
        r
    }
    for (i, a) in items.iter().enumerate() {
        for other in &a.amendment.identical {
            if let Some(&j) = index.get(other.as_str())
                && items[j].amendment.outcome == a.amendment.outcome
            {
                let (ri, rj) = (find(&mut root, i), find(&mut root, j));
                root[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut blocks: Vec<(usize, Vec<&StoredAmendment>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let r = find(&mut root, i);
        match blocks.iter_mut().find(|(k, _)| *k == r) {
            Some((_, b)) => b.push(*item),
            None => blocks.push((r, vec![*item])),
        }
    }
    blocks.into_iter().map(|(_, b)| b).collect()
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

/// What an amendment does, in a few words, when the engine reads it.
fn verb(a: &StoredAmendment, article_deleted_before: bool) -> &'static str {
    match history::operations(&a.amendment).as_deref() {
        Ok([Operation::DeleteArticle, ..]) => "strike the article",
        Ok([Operation::RewriteArticle { .. }, ..]) if article_deleted_before => {
            "restore the article in a rewritten form"
        }
        Ok([Operation::RewriteArticle { .. }, ..]) => "rewrite the article",
        Ok([Operation::InsertArticle { .. }, ..]) => "insert an additional article",
        _ => "amend the article",
    }
}

/// One line per decisive event of an article's history: adopted amendments
/// and amendments put to a public ballot, with the groups behind them.
fn summary(
    data: &LogData,
    wanted: &str,
    on_article: &dyn Fn(&StoredAmendment) -> bool,
) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, stage) in data.bill.stages.iter().enumerate() {
        let deleted_before = i > 0
            && data.texts[i - 1]
                .article_by_number(wanted)
                .is_some_and(|a| a.is_deleted());
        let top: Vec<&StoredAmendment> = data
            .amendments
            .iter()
            .filter(|a| {
                a.amendment.stage == stage.id && a.amendment.parent.is_none() && on_article(a)
            })
            .collect();
        for block in identical_blocks(&top) {
            let first = block[0];
            let a = &first.amendment;
            if a.outcome != Outcome::Adopted && a.vote.is_none() {
                continue;
            }
            let numbers: Vec<&str> = block.iter().map(|b| b.amendment.number.as_str()).collect();
            let mut groups: Vec<&str> = block
                .iter()
                .filter_map(|b| b.amendment.group.as_deref())
                .collect();
            groups.dedup();
            let who = if block.len() > 1 {
                format!(
                    "{} identical amendments ({}; {})",
                    block.len(),
                    numbers.join(", "),
                    groups.join(", ")
                )
            } else {
                format!("amendment {} ({})", numbers[0], groups.join(", "))
            };
            let subs: Vec<&StoredAmendment> = data
                .amendments
                .iter()
                .filter(|s| {
                    s.amendment
                        .parent
                        .as_deref()
                        .is_some_and(|p| numbers.contains(&p))
                })
                .collect();
            let sub_note = if subs.is_empty() {
                String::new()
            } else {
                let adopted = subs
                    .iter()
                    .filter(|s| s.amendment.outcome == Outcome::Adopted)
                    .count();
                format!(
                    ", sub-amended ({} sub-amendments, {adopted} adopted)",
                    subs.len()
                )
            };
            let ballot = a
                .vote
                .as_ref()
                .map(|v| {
                    format!(
                        " by public ballot n° {}, {} for, {} against",
                        v.ballot, v.yes, v.against
                    )
                })
                .unwrap_or_default();
            lines.push(format!(
                "{}: {who} to {}{sub_note}: {}{ballot}",
                stage.label,
                verb(first, deleted_before),
                a.outcome.label()
            ));
        }
    }
    lines
}
