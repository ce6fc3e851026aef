//! `amendo show`: one amendment (who, what, outcome, vote, identical and
//! sub-amendments) and the diff of what it does, or would have done, to the
//! text it was tabled on, in the six diff formats.

use std::fmt::Write;

use crate::i18n::capital;
use crate::model::Stance;

use serde::Serialize;

use crate::diff::ArticleDiff;
use crate::model::Bill;
use crate::model::credits::{CreditTable, credit_table};
use crate::query::{AmendmentView, Side};
use crate::render::diff::{
    DiffFormat, Doc, Settings, article_html_in, article_unified, esc, md, status_words,
};
use crate::render::lang::{Lang, Noun};
use crate::render::layout::{Align, display_width, field, hang, table as layout_table};
use crate::render::log::{ballot_line, group_table, roll_by_group};
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

    fn lang(&self) -> Lang {
        Lang::of(self.bill)
    }

    fn stage_label(&self) -> String {
        let a = &self.a().amendment;
        self.bill
            .stage(&a.stage)
            .map_or_else(|| a.stage.clone(), |s| s.label.clone())
    }

    /// "Amendment 640 on article 8 ter" / « Amendement 640 sur l’article 8 ter ».
    fn title(&self) -> String {
        let a = &self.a().amendment;
        let lang = self.lang();
        let sub = a.parent.is_some();
        let target = lang.target(&a.article);
        match lang {
            Lang::En => format!(
                "{} {} on {target}",
                if sub { "Sub-amendment" } else { "Amendment" },
                a.number
            ),
            Lang::Fr => {
                let on = if target.starts_with("après") || target.starts_with("avant") {
                    target.clone()
                } else if target.starts_with(['a', 'e', 'é', 'i', 'o', 'u']) {
                    format!("sur l’{target}")
                } else {
                    format!("sur le {target}")
                };
                format!(
                    "{} {} {on}",
                    if sub { "Sous-amendement" } else { "Amendement" },
                    a.number
                )
            }
        }
    }

    fn group(&self, g: &Option<String>) -> String {
        g.as_ref()
            .map(|g| format!(" ({})", self.lang().group(self.bill, g)))
            .unwrap_or_default()
    }

    /// Every author up to twelve (« A, B, C et D (EcoS) »); past twelve, as
    /// the site shows them, the first ten and how many more (`--format
    /// json` lists them all).
    fn authors(&self, a: &StoredAmendment) -> String {
        const ALL_UP_TO: usize = 12;
        const FIRST: usize = 10;
        let lang = self.lang();
        let names = &a.amendment.authors;
        let and = lang.pick("and", "et");
        let shown = match names.len() {
            0 => lang.pick("unknown authors", "auteurs inconnus").to_owned(),
            1 => names[0].clone(),
            n if n <= ALL_UP_TO => {
                format!("{} {and} {}", names[..n - 1].join(", "), names[n - 1])
            }
            n => format!(
                "{} {and} {}",
                names[..FIRST].join(", "),
                lang.count(n - FIRST, Noun::Other)
            ),
        };
        format!("{shown}{}", self.group(&a.amendment.group))
    }

    fn outcome_line(&self, a: &StoredAmendment) -> String {
        let lang = self.lang();
        let am = &a.amendment;
        let mut s = lang.outcome(am.outcome).to_owned();
        if let Some(d) = am.decided {
            let _ = write!(s, " {}{}", lang.pick("on ", "le "), lang.date(&d));
        }
        if let Some(v) = &am.vote {
            let _ = match lang {
                Lang::En => write!(
                    s,
                    ", by public ballot n° {}: {} for, {} against, {}",
                    v.ballot,
                    v.yes,
                    v.against,
                    lang.count(v.abstentions as usize, Noun::Abstention)
                ),
                Lang::Fr => write!(
                    s,
                    ", par scrutin public n° {} : {} pour, {} contre, {}",
                    v.ballot,
                    v.yes,
                    v.against,
                    lang.count(v.abstentions as usize, Noun::Abstention)
                ),
            };
        }
        if let Some(av) = &self.view.as_voted {
            let subs = av.subs.join(lang.pick(" and ", " et "));
            let _ = match lang {
                Lang::En => write!(s, ", as sub-amended by {subs}"),
                Lang::Fr => write!(s, ", tel que sous-amendé par {subs}"),
            };
        }
        s
    }

    fn effect_title(&self) -> String {
        let a = &self.a().amendment;
        let lang = self.lang();
        let adopted = a.outcome == crate::model::Outcome::Adopted;
        let target = lang.target(&a.article);
        let b = &self.view.base;
        // The text it was tabled on: a stage's, named by its label and id,
        // or (for a sub-amendment) its parent amendment.
        let base = match (b.kind, lang) {
            ("stage", Lang::En) => format!("the text from “{}” ({})", b.label, b.id),
            ("stage", Lang::Fr) => format!("le texte issu de « {} » ({})", b.label, b.id),
            (_, Lang::En) => format!("amendment {}", b.id),
            (_, Lang::Fr) => format!("l’amendement {}", b.id),
        };
        match lang {
            Lang::En => format!(
                "{} to {target}, as tabled on {base}",
                if adopted {
                    "What it does"
                } else {
                    "What it would have done"
                }
            ),
            Lang::Fr => format!(
                "{} {}{target}, tel que déposé sur {base}",
                if adopted {
                    "Ce qu’il fait"
                } else {
                    "Ce qu’il aurait fait"
                },
                if target.starts_with("après") || target.starts_with("avant") {
                    ""
                } else if target.starts_with(['a', 'e', 'é', 'i', 'o', 'u']) {
                    "à l’"
                } else {
                    "au "
                }
            ),
        }
    }

    /// The heading of the as-voted section.
    fn as_voted_title(&self, subs: &[String]) -> String {
        let lang = self.lang();
        let a = &self.a().amendment;
        let list = subs.join(lang.pick(" and ", " et "));
        let ballot = a.vote.as_ref().map(|v| v.ballot.clone());
        match (lang, ballot) {
            (Lang::En, Some(b)) => format!(
                "As put to the vote, after sub-amendments {list} (public ballot n° {b} decided this text: {})",
                lang.outcome(a.outcome)
            ),
            (Lang::En, None) => format!(
                "As put to the vote, after sub-amendments {list} (this text was {})",
                lang.outcome(a.outcome)
            ),
            (Lang::Fr, Some(b)) => format!(
                "Tel que mis aux voix, après les sous-amendements {list} (le scrutin public n° {b} a porté sur ce texte : {})",
                lang.outcome(a.outcome)
            ),
            (Lang::Fr, None) => format!(
                "Tel que mis aux voix, après les sous-amendements {list} (ce texte a été {})",
                lang.outcome(a.outcome)
            ),
        }
    }

    /// Header lines: (label, value). With `lists`, the ballot's groups and
    /// roll too, one line each (the text layout prints them as a table and
    /// columns instead).
    fn facts(&self, lists: bool) -> Vec<(&'static str, String)> {
        let lang = self.lang();
        let a = self.a();
        let am = &a.amendment;
        let mut f = vec![
            (
                lang.pick("Stage", "Étape"),
                format!("{} ({})", self.stage_label(), am.stage),
            ),
            (lang.pick("Article", "Article"), lang.target(&am.article)),
            (lang.pick("Authors", "Auteurs"), self.authors(a)),
            (lang.pick("Filed", "Déposé le"), lang.date(&am.filed)),
            (lang.pick("Outcome", "Sort"), self.outcome_line(a)),
        ];
        if let Some(p) = &am.parent {
            f.push((
                lang.pick("Amends", "Modifie"),
                format!("{} {p}", lang.pick("amendment", "l’amendement")),
            ));
            if self.view.offset > 0 {
                let o = self.view.offset;
                f.push((
                    lang.pick("Numbering", "Numérotation"),
                    match lang {
                        Lang::En => format!(
                            "alinéas are counted in amendment {p} as printed, whose first {} the instruction; its alinéa n is alinéa n − {o} of the text below",
                            if o == 1 { "paragraph is".to_owned() } else { format!("{o} paragraphs are") },
                        ),
                        Lang::Fr => format!(
                            "les alinéas sont comptés dans l’amendement {p} tel qu’imprimé, dont {} le dispositif ; son alinéa n est l’alinéa n − {o} du texte ci-dessous",
                            if o == 1 { "le premier paragraphe est".to_owned() } else { format!("les {o} premiers paragraphes sont") },
                        ),
                    },
                ));
            }
        }
        if !self.view.identical.is_empty() {
            let list = self
                .view
                .identical
                .iter()
                .map(|i| {
                    let author = i.amendment.authors.first().map_or("", String::as_str);
                    match &i.amendment.group {
                        Some(g) => format!(
                            "{} ({author}, {})",
                            i.amendment.number,
                            self.lang().group(self.bill, g)
                        ),
                        None => format!("{} ({author})", i.amendment.number),
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            f.push((lang.pick("Identical", "Identiques"), list));
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
                        lang.outcome(s.amendment.outcome)
                    )
                })
                .collect::<Vec<_>>()
                .join(lang.pick("; ", " ; "));
            f.push((lang.pick("Sub-amendments", "Sous-amendements"), list));
        }
        if lists && let Some(v) = &am.vote {
            if !v.groups.is_empty() {
                let groups: Vec<String> = v
                    .groups
                    .iter()
                    .map(|g| match lang {
                        Lang::En => format!(
                            "{} {} for, {} against, {} abst.",
                            lang.group(self.bill, &g.group),
                            g.yes,
                            g.against,
                            g.abstentions
                        ),
                        Lang::Fr => format!(
                            "{} {} pour, {} contre, {} abst.",
                            lang.group(self.bill, &g.group),
                            g.yes,
                            g.against,
                            g.abstentions
                        ),
                    })
                    .collect();
                f.push((
                    lang.pick("By group", "Par groupe"),
                    groups.join(lang.pick("; ", " ; ")),
                ));
            }
            for stance in [
                Stance::For,
                Stance::Against,
                Stance::Abstention,
                Stance::NotVoting,
            ] {
                let names = roll_names(self, stance);
                if !names.is_empty() {
                    f.push((lang.stance_heading(stance), names.join(", ")));
                }
            }
        }
        if lists && let Some(note) = am.vote.as_ref().and_then(|v| v.note.as_ref()) {
            f.push((lang.pick("Ballot note", "Note du scrutin"), note.clone()));
        }
        if let Some(s) = &am.source {
            f.push((lang.pick("Source", "Source"), s.clone()));
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

/// "Name (GROUP)" for each member who voted `stance`.
fn roll_names(d: &ShowData<'_>, stance: Stance) -> Vec<String> {
    let lang = d.lang();
    d.a()
        .amendment
        .vote
        .iter()
        .flat_map(|v| v.roll.iter())
        .filter(|m| m.vote == stance)
        .map(|m| format!("{} ({})", m.name, lang.group(d.bill, &m.group)))
        .collect()
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
    let lang = d.lang();
    let w = s.width;
    let mut out = String::new();
    let _ = writeln!(out, "{}", p.paint(Mark::Bold, &d.title()));
    let facts = d.facts(false);
    let column = facts
        .iter()
        .map(|(k, _)| display_width(k))
        .max()
        .unwrap_or(0)
        + 2;
    for (k, v) in &facts {
        out.push_str(&field(k, column, v, w));
    }
    if let Some(t) = credit_table(&d.a().amendment.credits) {
        out.push('\n');
        out.push_str(&credits_text(&t, lang, p, w));
    }
    if let Some(v) = &d.a().amendment.vote {
        out.push('\n');
        let line = capital(&ballot_line(lang, v));
        out.push_str(&p.paint(Mark::Bold, hang("", &line, w).trim_end()));
        out.push('\n');
        if !v.groups.is_empty() {
            out.push_str(&group_table(d.bill, v, "  ", lang, w));
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
                "{} ({})",
                lang.stance_heading(stance),
                lang.number(n as u64)
            );
            out.push_str(&roll_by_group(d.bill, &v.roll, stance, "  ", lang, w));
        }
        if let Some(note) = &v.note {
            out.push_str(&field(lang.pick("Note", "Note"), column, note, w));
        }
    }
    let (paragraphs, more) = d.instruction();
    let credits = d.a().amendment.credits.len();
    // A credit transfer's dispositif is its table, shown above.
    if !paragraphs.is_empty() || credits == 0 {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(Mark::Bold, lang.pick("Instruction", "Dispositif"))
        );
    }
    for para in &paragraphs {
        out.push_str(&hang("    ", para, w));
    }
    let missing = paragraphs.is_empty() && credits == 0;
    if missing {
        out.push_str(&p.paint(Mark::Dim, &hang("    ", not_in_data(lang), w)));
    }
    if let Some(more) = more {
        let note = match lang {
            Lang::En => format!(
                "[… {more} more paragraphs: the new text, shown below as a diff; --format json has it whole]"
            ),
            Lang::Fr => format!(
                "[… {more} paragraphes de plus : le nouveau texte, montré ci-dessous en différences ; --format json le donne en entier]"
            ),
        };
        let _ = write!(out, "{}", p.paint(Mark::Dim, &hang("    ", &note, w)));
    }
    let _ = writeln!(
        out,
        "\n{}",
        p.paint(Mark::Bold, hang("", &d.effect_title(), w).trim_end())
    );
    match &d.view.diff {
        Some(diff) => out.push_str(&diff_block(d, diff, s, &d.view.result)),
        None => {
            let why = no_diff(d, lang.pick("not known:", "inconnu :"));
            out.push_str(&p.paint(Mark::Dim, &hang("    ", &why, w)));
        }
    }
    if let Some(av) = &d.view.as_voted {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(
                Mark::Bold,
                hang("", &d.as_voted_title(&av.subs), w).trim_end()
            )
        );
        match &av.diff {
            Ok(diff) => out.push_str(&diff_block(d, diff, s, &as_voted_side(d, &av.subs))),
            Err(why) => {
                let why = format!(
                    "{} {}",
                    lang.pick("not known:", "inconnu :"),
                    lang.reason(why)
                );
                out.push_str(&p.paint(Mark::Dim, &hang("    ", &why, w)));
            }
        }
    }
    out
}

/// What `show` says where an amendment's diff would be, in every format: a
/// credit transfer changes the budget's annex (its table, shown above), not
/// the text; otherwise its effect is not known (`not_known`, the format's
/// label), and why.
fn no_diff(d: &ShowData<'_>, not_known: &str) -> String {
    let lang = d.lang();
    let am = &d.a().amendment;
    let credits = am.credits.len();
    if credits > 0 {
        return match lang {
            Lang::En => format!(
                "A credit transfer between {credits} programmes: it changes amounts in the budget's annex (the table above), not the text."
            ),
            Lang::Fr => format!(
                "Un transfert de crédits entre {credits} programmes : il modifie des montants de l’annexe budgétaire (le tableau ci-dessus), pas le texte."
            ),
        };
    }
    let reason = if am.instruction.trim().is_empty() {
        not_in_data(lang)
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_owned()
    } else {
        lang.effect(d.a())
    };
    format!("{not_known} {reason}")
}

/// For an amendment whose instruction the data lacks (La Fabrique's
/// amendments come without theirs): it was published, but is not here.
fn not_in_data(lang: Lang) -> &'static str {
    lang.pick(
        "(the dispositif is not in the imported data)",
        "(le dispositif n’est pas dans les données importées)",
    )
}

/// The side a diff of the amendment as put to the vote ends on.
fn as_voted_side(d: &ShowData<'_>, subs: &[String]) -> Side {
    let n = &d.a().amendment.number;
    Side {
        kind: "amendment",
        id: format!("{n}+{}", subs.join("+")),
        label: format!("amendment {n} as put to the vote"),
    }
}

/// The diff of the amendment's article, in the format of `s`.
fn diff_block(d: &ShowData<'_>, diff: &ArticleDiff, s: &Settings, to: &Side) -> String {
    let text_diff = crate::diff::TextDiff {
        partial: diff.partial,
        articles: vec![diff.clone()],
    };
    let doc = Doc {
        bill: &d.bill.slug,
        from: d.view.base.clone(),
        to: to.clone(),
        diff: &text_diff,
        all: true,
        lang: d.lang(),
        article: None,
    };
    crate::render::diff::render(&doc, s)
}

fn unified(d: &ShowData<'_>, s: &Settings) -> String {
    // Like `git show`: a header, the message, then the patch.
    let a = &d.a().amendment;
    let mut out = format!("{}\n", d.title());
    for (k, v) in d.facts(true) {
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
            let why = no_diff(d, d.lang().pick("Effect not known:", "Effet inconnu :"));
            let _ = writeln!(out, "{why}");
        }
    }
    if let Some(Ok(diff)) = d.view.as_voted.as_ref().map(|av| &av.diff) {
        let _ = writeln!(
            out,
            "\n{}\n",
            d.as_voted_title(
                &d.view
                    .as_voted
                    .as_ref()
                    .map(|a| a.subs.clone())
                    .unwrap_or_default()
            )
        );
        out.push_str(&article_unified(diff, s.context));
    }
    out
}

fn markdown(d: &ShowData<'_>, s: &Settings) -> String {
    let a = &d.a().amendment;
    let mut out = format!("## {}\n\n", md(&d.title()));
    for (k, v) in d.facts(true) {
        let _ = writeln!(out, "- **{k}**: {}", md(&v));
    }
    if let Some(t) = credit_table(&a.credits) {
        out.push('\n');
        out.push_str(&credits_markdown(&t, d.lang()));
    }
    let (paragraphs, more) = d.instruction();
    if !paragraphs.is_empty() || a.credits.is_empty() {
        let _ = write!(
            out,
            "\n**{}**\n\n",
            d.lang().pick("Instruction", "Dispositif")
        );
    }
    for para in &paragraphs {
        let _ = writeln!(out, "> {}\n>", md(para));
    }
    if let Some(more) = more {
        let note = match d.lang() {
            Lang::En => format!("… {more} more paragraphs: the new text, shown below as a diff."),
            Lang::Fr => format!(
                "… {more} paragraphes de plus : le nouveau texte, montré ci-dessous en différences."
            ),
        };
        let _ = writeln!(out, "> *{note}*");
    }
    let _ = writeln!(out, "\n**{}**\n", md(&d.effect_title()));
    match &d.view.diff {
        Some(diff) => out.push_str(&diff_block(d, diff, s, &d.view.result)),
        None => {
            let why = no_diff(d, d.lang().pick("Not known:", "Inconnu :"));
            let _ = writeln!(out, "{}", md(&why));
        }
    }
    if let Some(av) = &d.view.as_voted
        && let Ok(diff) = &av.diff
    {
        let _ = writeln!(out, "\n**{}**\n", md(&d.as_voted_title(&av.subs)));
        out.push_str(&diff_block(d, diff, s, &as_voted_side(d, &av.subs)));
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
    let _ = writeln!(out, "<h2>{}</h2>\n<dl>", esc(&d.title()));
    for (k, v) in d.facts(true) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    out.push_str("</dl>\n");
    if let Some(t) = credit_table(&a.credits) {
        out.push_str(&credits_html(&t, d.lang()));
    }
    out.push_str("<div class=\"instruction\">\n");
    for para in a.instruction.split("\n\n") {
        let _ = writeln!(out, "<p>{}</p>", esc(para.trim()));
    }
    out.push_str("</div>\n");
    let _ = writeln!(out, "<h3>{}</h3>", esc(&d.effect_title()));
    match &d.view.diff {
        Some(diff) => out.push_str(&article_html_in(diff, d.lang())),
        None => {
            let why = no_diff(d, d.lang().pick("Not known:", "Inconnu :"));
            let _ = writeln!(out, "<p class=\"unknown\">{}</p>", esc(&why));
        }
    }
    if let Some(av) = &d.view.as_voted
        && let Ok(diff) = &av.diff
    {
        let _ = writeln!(
            out,
            "<h3 class=\"as-voted\">{}</h3>",
            esc(&d.as_voted_title(&av.subs))
        );
        out.push_str(&article_html_in(diff, d.lang()));
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
    /// When sub-amendments were adopted: the amendment as put to the vote.
    #[serde(skip_serializing_if = "Option::is_none")]
    as_voted: Option<JsonAsVoted<'a>>,
    /// What the outcome (and ballot) decided: `as-tabled` or `as-voted`.
    decided_text: &'static str,
    /// A credit transfer as a table: rows, totals, balance.
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_table: Option<CreditTable>,
}

#[derive(Serialize)]
struct JsonAsVoted<'a> {
    sub_amendments: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    instruction: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    diff: Option<&'a ArticleDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effect_unknown: Option<String>,
    /// Why, as structure (as the amendment's own `reason`).
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a crate::history::Reason>,
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
        as_voted: d.view.as_voted.as_ref().map(|av| JsonAsVoted {
            sub_amendments: &av.subs,
            instruction: av.instruction.as_deref().ok(),
            status: av.diff.as_ref().ok().map(status_words),
            diff: av.diff.as_ref().ok(),
            effect_unknown: av.diff.as_ref().err().map(ToString::to_string),
            reason: av.diff.as_ref().err(),
        }),
        decided_text: if d.view.as_voted.is_some() {
            "as-voted"
        } else {
            "as-tabled"
        },
        credit_table: credit_table(&d.view.amendment.amendment.credits),
    }
}

/// Euros as a credit table shows them: grouped, no sign, blank for zero.
fn cell_euros(n: i64) -> String {
    if n == 0 {
        return String::new();
    }
    euros(n.abs())
        .trim_end_matches(" €")
        .trim_start_matches('+')
        .to_owned()
}

/// The headers of a credit table.
fn credit_headers(lang: Lang, missions: bool) -> Vec<&'static str> {
    let mut h = Vec::new();
    if missions {
        h.push(lang.pick("Mission", "Mission"));
    }
    h.extend([
        lang.pick("Programme", "Programme"),
        lang.pick("AE +", "AE +"),
        lang.pick("AE −", "AE −"),
        lang.pick("CP +", "CP +"),
        lang.pick("CP −", "CP −"),
    ]);
    h
}

/// The rows of a credit table as cells, the totals and balance last.
fn credit_cells(t: &CreditTable, lang: Lang) -> (bool, Vec<Vec<String>>) {
    let missions = t.rows.iter().any(|r| r.mission.is_some());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in &t.rows {
        let mut row = Vec::new();
        if missions {
            row.push(r.mission.clone().unwrap_or_default());
        }
        row.extend([
            r.programme.clone(),
            cell_euros(r.commitments_plus),
            cell_euros(r.commitments_minus),
            cell_euros(r.payments_plus),
            cell_euros(r.payments_minus),
        ]);
        rows.push(row);
    }
    let x = &t.totals;
    let mut total = Vec::new();
    let mut balance = Vec::new();
    if missions {
        total.push(String::new());
        balance.push(String::new());
    }
    total.extend([
        lang.pick("Totals", "Totaux").to_owned(),
        cell_euros(x.commitments_plus),
        cell_euros(x.commitments_minus),
        cell_euros(x.payments_plus),
        cell_euros(x.payments_minus),
    ]);
    let signed = |n: i64| {
        if n == 0 {
            "0".to_owned()
        } else {
            euros(n).trim_end_matches(" €").to_owned()
        }
    };
    balance.extend([
        lang.pick("Balance", "Solde").to_owned(),
        signed(x.commitments_balance),
        String::new(),
        signed(x.payments_balance),
        String::new(),
    ]);
    rows.push(total);
    rows.push(balance);
    (missions, rows)
}

/// The flag of a transfer that does not balance.
fn unbalanced(t: &CreditTable, lang: Lang) -> Option<String> {
    let x = &t.totals;
    (!x.balanced).then(|| match lang {
        Lang::En => format!(
            "Does not balance: AE {}, CP {} (a transfer between programmes must take what it adds from another)",
            euros(x.commitments_balance),
            euros(x.payments_balance)
        ),
        Lang::Fr => format!(
            "Non équilibré : AE {}, CP {} (un transfert entre programmes doit gager ce qu’il ajoute sur un autre)",
            euros(x.commitments_balance),
            euros(x.payments_balance)
        ),
    })
}

/// A credit transfer in a terminal: the table, amounts right-aligned in
/// euros, then the flag when it does not balance.
fn credits_text(t: &CreditTable, lang: Lang, p: Painter, w: usize) -> String {
    let (missions, rows) = credit_cells(t, lang);
    let headers = credit_headers(lang, missions);
    let mut align = Vec::new();
    if missions {
        align.push(Align::Left);
    }
    align.extend([
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
    ]);
    let mut out = format!(
        "{} ({})\n",
        p.paint(
            Mark::Bold,
            lang.pick("Credit transfer", "Mouvements de crédits")
        ),
        lang.pick("euros", "euros")
    );
    out.push_str(&layout_table(&headers, &rows, &align, "  ", w));
    if let Some(flag) = unbalanced(t, lang) {
        out.push_str(&p.paint(Mark::Bold, hang("  ", &flag, w).trim_end()));
        out.push('\n');
    }
    out
}

/// A credit transfer as a Markdown table.
fn credits_markdown(t: &CreditTable, lang: Lang) -> String {
    let (missions, rows) = credit_cells(t, lang);
    let headers = credit_headers(lang, missions);
    let mut out = format!(
        "**{}** ({})\n\n| {} |\n|{}\n",
        lang.pick("Credit transfer", "Mouvements de crédits"),
        lang.pick("euros", "euros"),
        headers.join(" | "),
        headers
            .iter()
            .enumerate()
            .map(|(i, _)| if i + 4 >= headers.len() {
                "---:|"
            } else {
                "---|"
            })
            .collect::<String>()
    );
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| md(c).replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if let Some(flag) = unbalanced(t, lang) {
        let _ = writeln!(out, "\n**{}**", md(&flag));
    }
    out
}

/// A credit transfer as an HTML table (`th scope`, totals in `tfoot`).
fn credits_html(t: &CreditTable, lang: Lang) -> String {
    let (missions, rows) = credit_cells(t, lang);
    let headers = credit_headers(lang, missions);
    let first_num = headers.len() - 4;
    let mut out = format!(
        "<table class=\"credits{}\"><caption>{} ({})</caption>\n<thead><tr>",
        if t.totals.balanced { "" } else { " unbalanced" },
        esc(lang.pick("Credit transfer", "Mouvements de crédits")),
        esc(lang.pick("euros", "euros"))
    );
    for (i, h) in headers.iter().enumerate() {
        let class = if i >= first_num { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let n = rows.len();
    for (k, r) in rows.iter().enumerate() {
        if k + 2 == n {
            out.push_str("</tbody>\n<tfoot>\n");
        }
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            if i == first_num - 1 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", esc(c));
            } else if i >= first_num {
                let _ = write!(out, "<td class=\"num\">{}</td>", esc(c));
            } else {
                let _ = write!(out, "<td>{}</td>", esc(c));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tfoot>\n</table>\n");
    if let Some(flag) = unbalanced(t, lang) {
        let _ = writeln!(out, "<p class=\"unbalanced\">{}</p>", esc(&flag));
    }
    out
}
