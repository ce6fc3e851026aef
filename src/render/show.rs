//! `amendo show`: one amendment (who, what, outcome, vote, identical and
//! sub-amendments) and the diff of what it does, or would have done, to the
//! text it was tabled on, in the six diff formats.

use std::fmt::Write;

use crate::model::Stance;

use serde::Serialize;

use crate::diff::ArticleDiff;
use crate::model::Bill;
use crate::query::{AmendmentView, Side};
use crate::render::diff::{
    DiffFormat, Doc, Settings, article_html, article_unified, esc, md, status_words,
};
use crate::render::style::{Mark, Painter};
use crate::render::to_json;
use crate::store::read::StoredAmendment;

/// Instructions longer than this many paragraphs are shortened in the
/// human formats when the diff shows their effect (JSON has them whole).
const LONG_INSTRUCTION: usize = 12;

/// Everything `show` prints: the amendment as the query layer answers it,
/// and the bill for its labels.
pub struct ShowData<'a> {
    /// The bill.
    pub bill: &'a Bill,
    /// The amendment, its identical and sub-amendments, and its diff.
    pub view: &'a AmendmentView,
}

impl ShowData<'_> {
    fn a(&self) -> &StoredAmendment {
        &self.view.amendment
    }

    fn stage_label(&self) -> String {
        let a = &self.a().amendment;
        self.bill
            .stage(&a.stage)
            .map_or_else(|| a.stage.clone(), |s| s.label.clone())
    }

    fn kind(&self) -> &'static str {
        if self.a().amendment.parent.is_some() {
            "Sub-amendment"
        } else {
            "Amendment"
        }
    }

    fn group(&self, g: &Option<String>) -> String {
        g.as_ref().map(|g| format!(" ({})", g)).unwrap_or_default()
    }

    /// "by A, B and 34 others (EcoS)".
    fn authors(&self, a: &StoredAmendment) -> String {
        let names = &a.amendment.authors;
        let shown = match names.len() {
            0 => "unknown authors".to_owned(),
            1 => names[0].clone(),
            2 => format!("{} and {}", names[0], names[1]),
            n => format!("{}, {} and {} others", names[0], names[1], n - 2),
        };
        format!("{shown}{}", self.group(&a.amendment.group))
    }

    fn outcome_line(&self, a: &StoredAmendment) -> String {
        let am = &a.amendment;
        let mut s = am.outcome.label().to_owned();
        if let Some(d) = am.decided {
            let _ = write!(s, " on {}", d.human());
        }
        if let Some(v) = &am.vote {
            let _ = write!(
                s,
                ", by public ballot n° {}: {} for, {} against, {} abstention{}",
                v.ballot,
                v.yes,
                v.against,
                v.abstentions,
                if v.abstentions == 1 { "" } else { "s" }
            );
        }
        s
    }

    fn effect_title(&self) -> String {
        let a = &self.a().amendment;
        let verb = if a.outcome == crate::model::Outcome::Adopted {
            "What it does"
        } else {
            "What it would have done"
        };
        format!(
            "{verb} to article {}, as tabled on {}",
            a.article,
            self.view.base.name()
        )
    }

    /// Header lines: (label, value).
    fn facts(&self) -> Vec<(&'static str, String)> {
        let a = self.a();
        let am = &a.amendment;
        let mut f = vec![
            ("Stage", format!("{} ({})", self.stage_label(), am.stage)),
            ("Article", am.article.to_string()),
            ("Authors", self.authors(a)),
            ("Filed", am.filed.human()),
            ("Outcome", self.outcome_line(a)),
        ];
        if let Some(p) = &am.parent {
            f.push(("Amends", format!("amendment {p}")));
            if self.view.offset > 0 {
                f.push((
                    "Numbering",
                    format!(
                        "alinéas are counted in amendment {p} as printed, whose first {} the instruction; its alinéa n is alinéa n − {} of the text below",
                        if self.view.offset == 1 { "paragraph is".to_owned() } else { format!("{} paragraphs are", self.view.offset) },
                        self.view.offset
                    ),
                ));
            }
        }
        if !self.view.identical.is_empty() {
            let list = self
                .view
                .identical
                .iter()
                .map(|i| {
                    format!(
                        "{} ({}{})",
                        i.amendment.number,
                        i.amendment.authors.first().map_or("", String::as_str),
                        self.group(&i.amendment.group)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            f.push(("Identical", list));
        }
        if !self.view.subs.is_empty() {
            let list = self
                .view
                .subs
                .iter()
                .map(|s| {
                    format!(
                        "{}{} {}",
                        s.amendment.number,
                        self.group(&s.amendment.group),
                        s.amendment.outcome.label()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            f.push(("Sub-amendments", list));
        }
        if !am.credits.is_empty() {
            let lines: Vec<String> = am
                .credits
                .iter()
                .map(|c| {
                    format!(
                        "{}: commitments {}, payments {}",
                        c.programme,
                        euros(c.commitments),
                        euros(c.payments)
                    )
                })
                .collect();
            f.push(("Credits", lines.join("; ")));
        }
        if let Some(v) = &am.vote {
            if !v.groups.is_empty() {
                let groups: Vec<String> = v
                    .groups
                    .iter()
                    .map(|g| {
                        format!(
                            "{} {} for, {} against, {} abst.",
                            g.group, g.yes, g.against, g.abstentions
                        )
                    })
                    .collect();
                f.push(("By group", groups.join("; ")));
            }
            for (label, stance) in [
                ("Voted for", Stance::For),
                ("Voted against", Stance::Against),
                ("Abstained", Stance::Abstention),
                ("Did not vote", Stance::NotVoting),
            ] {
                let names: Vec<String> = v
                    .roll
                    .iter()
                    .filter(|m| m.vote == stance)
                    .map(|m| format!("{} ({})", m.name, m.group))
                    .collect();
                if !names.is_empty() {
                    f.push((label, names.join(", ")));
                }
            }
        }
        if let Some(note) = am.vote.as_ref().and_then(|v| v.note.as_ref()) {
            f.push(("Ballot note", note.clone()));
        }
        if let Some(s) = &am.source {
            f.push(("Source", s.clone()));
        }
        f
    }

    /// The instruction's paragraphs, shortened when long and shown as a diff.
    fn instruction(&self) -> (Vec<String>, Option<usize>) {
        let paragraphs: Vec<String> = self
            .a()
            .amendment
            .instruction
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if self.view.diff.is_some() && paragraphs.len() > LONG_INSTRUCTION {
            let more = paragraphs.len() - 3;
            (paragraphs.into_iter().take(3).collect(), Some(more))
        } else {
            (paragraphs, None)
        }
    }
}

/// "+500 000 €", "−1 200 €": signed, with thin groups as in French budgets.
fn euros(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    let sign = match n.signum() {
        1 => "+",
        -1 => "−",
        _ => "",
    };
    format!("{sign}{grouped} €")
}

/// Renders `show`.
pub fn render(d: &ShowData<'_>, s: &Settings) -> String {
    match s.format {
        DiffFormat::Json => to_json(&json(d)),
        DiffFormat::Html => html(d),
        DiffFormat::Markdown => markdown(d, s),
        DiffFormat::Unified => unified(d, s),
        DiffFormat::Text | DiffFormat::SideBySide => text(d, s),
    }
}

fn text(d: &ShowData<'_>, s: &Settings) -> String {
    let p = Painter { color: s.color };
    let a = &d.a().amendment;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            Mark::Bold,
            &format!("{} {} on article {}", d.kind(), a.number, a.article)
        )
    );
    for (k, v) in d.facts() {
        let _ = writeln!(out, "{:<16}{v}", format!("{k}:"));
    }
    let (paragraphs, more) = d.instruction();
    let _ = writeln!(out, "\n{}", p.paint(Mark::Bold, "Instruction"));
    for para in &paragraphs {
        let _ = writeln!(out, "    {para}");
    }
    if let Some(more) = more {
        let _ = writeln!(
            out,
            "    {}",
            p.paint(
                Mark::Dim,
                &format!("[… {more} more paragraphs: the new text, shown below as a diff; --format json has it whole]")
            )
        );
    }
    let _ = writeln!(out, "\n{}", p.paint(Mark::Bold, &d.effect_title()));
    match &d.view.diff {
        Some(diff) => out.push_str(&diff_block(d, diff, s)),
        None => {
            let _ = writeln!(
                out,
                "    {}",
                p.paint(Mark::Dim, &format!("not known: {}", d.a().effect))
            );
        }
    }
    out
}

/// The diff of the amendment's article, in the format of `s`.
fn diff_block(d: &ShowData<'_>, diff: &ArticleDiff, s: &Settings) -> String {
    let text_diff = crate::diff::TextDiff {
        partial: diff.partial,
        articles: vec![diff.clone()],
    };
    let doc = Doc {
        bill: &d.bill.slug,
        from: d.view.base.clone(),
        to: d.view.result.clone(),
        diff: &text_diff,
        all: true,
    };
    crate::render::diff::render(&doc, s)
}

fn unified(d: &ShowData<'_>, s: &Settings) -> String {
    // Like `git show`: a header, the message, then the patch.
    let a = &d.a().amendment;
    let mut out = format!("{} {} on article {}\n", d.kind(), a.number, a.article);
    for (k, v) in d.facts() {
        let _ = writeln!(out, "{k}: {v}");
    }
    out.push('\n');
    for para in a.instruction.split("\n\n") {
        let _ = writeln!(out, "    {}", para.trim());
    }
    out.push('\n');
    match &d.view.diff {
        Some(diff) => out.push_str(&article_unified(diff, s.context)),
        None => {
            let _ = writeln!(out, "Effect not known: {}", d.a().effect);
        }
    }
    out
}

fn markdown(d: &ShowData<'_>, s: &Settings) -> String {
    let a = &d.a().amendment;
    let mut out = format!(
        "## {} {} on article {}\n\n",
        d.kind(),
        md(&a.number),
        md(&a.article.to_string())
    );
    for (k, v) in d.facts() {
        let _ = writeln!(out, "- **{k}**: {}", md(&v));
    }
    let (paragraphs, more) = d.instruction();
    out.push_str("\n**Instruction**\n\n");
    for para in &paragraphs {
        let _ = writeln!(out, "> {}\n>", md(para));
    }
    if let Some(more) = more {
        let _ = writeln!(
            out,
            "> *… {more} more paragraphs: the new text, shown below as a diff.*"
        );
    }
    let _ = writeln!(out, "\n**{}**\n", md(&d.effect_title()));
    match &d.view.diff {
        Some(diff) => out.push_str(&diff_block(d, diff, s)),
        None => {
            let _ = writeln!(out, "Not known: {}", md(&d.a().effect));
        }
    }
    out
}

fn html(d: &ShowData<'_>) -> String {
    let a = &d.a().amendment;
    let mut out = format!(
        "<section class=\"amendo-amendment outcome-{}\" data-bill=\"{}\" data-stage=\"{}\" data-number=\"{}\">\n",
        a.outcome.as_str(),
        esc(&d.bill.slug),
        esc(&a.stage),
        esc(&a.number)
    );
    let _ = writeln!(
        out,
        "<h2>{} {} on article {}</h2>\n<dl>",
        d.kind(),
        esc(&a.number),
        esc(&a.article.to_string())
    );
    for (k, v) in d.facts() {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    out.push_str("</dl>\n<div class=\"instruction\">\n");
    for para in a.instruction.split("\n\n") {
        let _ = writeln!(out, "<p>{}</p>", esc(para.trim()));
    }
    out.push_str("</div>\n");
    let _ = writeln!(out, "<h3>{}</h3>", esc(&d.effect_title()));
    match &d.view.diff {
        Some(diff) => out.push_str(&article_html(diff)),
        None => {
            let _ = writeln!(
                out,
                "<p class=\"unknown\">Not known: {}</p>",
                esc(&d.a().effect)
            );
        }
    }
    out.push_str("</section>\n");
    out
}

#[derive(Serialize)]
struct Json<'a> {
    bill: &'a str,
    amendment: &'a StoredAmendment,
    identical: Vec<Brief<'a>>,
    sub_amendments: Vec<Brief<'a>>,
    base: &'a Side,
    result: &'a Side,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    diff: Option<&'a ArticleDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effect_unknown: Option<&'a str>,
}

#[derive(Serialize)]
struct Brief<'a> {
    number: &'a str,
    group: Option<&'a str>,
    authors: &'a [String],
    outcome: &'static str,
}

fn brief(a: &StoredAmendment) -> Brief<'_> {
    Brief {
        number: &a.amendment.number,
        group: a.amendment.group.as_deref(),
        authors: &a.amendment.authors,
        outcome: a.amendment.outcome.as_str(),
    }
}

fn json<'a>(d: &'a ShowData<'a>) -> Json<'a> {
    Json {
        bill: &d.bill.slug,
        amendment: &d.view.amendment,
        identical: d.view.identical.iter().map(brief).collect(),
        sub_amendments: d.view.subs.iter().map(brief).collect(),
        base: &d.view.base,
        result: &d.view.result,
        status: d.view.diff.as_ref().map(status_words),
        diff: d.view.diff.as_ref(),
        effect_unknown: (!d.view.amendment.applied()).then_some(d.view.amendment.effect.as_str()),
    }
}
