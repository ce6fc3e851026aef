//! `amendo blame`: each alinéa with the stage or amendment that last changed it.

use std::fmt::Write;

use serde::Serialize;

use crate::blame::Blame;
use crate::date::LegalTime;
use crate::i18n::capital;
use crate::model::Bill;
use crate::query::BlameView;
use crate::render::lang::Lang;
use crate::render::layout::{display_width, hang};
use crate::render::style::{Mark, Painter};
use crate::render::text::{StageNumber, designation_at, stage_numbers};
use crate::render::{Format, Term, to_json};

#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    blame: &'a Blame,
    /// The article's number at each stage that holds it.
    numbers: Vec<StageNumber<'a>>,
}

/// Renders a blame: in text, a heading naming the article (with its other
/// numbers when it was renumbered), then one line per alinéa,
/// `origin  date  number  text`, the text wrapped under itself.
pub fn render(bill: &Bill, view: &BlameView, format: Format, term: &Term) -> String {
    let b = &view.blame;
    if format == Format::Json {
        return to_json(&Json {
            blame: b,
            numbers: stage_numbers(bill, &view.article),
        });
    }
    let lang = Lang::of(bill);
    let p = Painter { color: term.color };
    let labels: Vec<String> = b
        .lines
        .iter()
        .map(|l| {
            let o = &l.origin;
            let who = o
                .group
                .as_ref()
                .map(|g| format!(" ({})", lang.group(bill, g)))
                .unwrap_or_default();
            match o.kind {
                "amendment" => {
                    let more = if o.identical.is_empty() {
                        String::new()
                    } else {
                        format!(" +{}", o.identical.len())
                    };
                    format!("{}{more}{who}", o.id)
                }
                _ => format!("{} {}", lang.pick("stage", "étape"), o.id),
            }
        })
        .collect();
    let dates: Vec<String> = b
        .lines
        .iter()
        .map(|l| {
            LegalTime::parse(&l.origin.date)
                .map(|d| lang.day(&d))
                .unwrap_or_else(|_| l.origin.date.clone())
        })
        .collect();
    let w = labels.iter().map(|l| display_width(l)).max().unwrap_or(0);
    let dw = dates.iter().map(|d| display_width(d)).max().unwrap_or(0);
    let mut out = String::new();
    let heading = match lang {
        Lang::En => format!(
            "{} at stage {}",
            capital(&designation_at(lang, bill, &view.article, view.stage)),
            b.stage
        ),
        Lang::Fr => format!(
            "{} à l’étape {}",
            capital(&designation_at(lang, bill, &view.article, view.stage)),
            b.stage
        ),
    };
    let heading = hang("", &heading, term.width);
    let _ = writeln!(out, "{}", p.paint(Mark::Bold, heading.trim_end()));
    for ((l, label), date) in b.lines.iter().zip(&labels).zip(&dates) {
        let number = match (l.gap, l.alinea) {
            (true, _) => "…".to_owned(),
            (false, Some(n)) => n.to_string(),
            (false, None) => String::new(),
        };
        let text = if l.gap {
            format!("[…] {}", l.text)
        } else {
            l.text.clone()
        };
        let plain_prefix = format!("{label:<w$} {date:<dw$} {number:>3}  ");
        let prefix = if term.color {
            format!(
                "{}{} {}{} {number:>3}  ",
                p.paint(Mark::Bold, label),
                " ".repeat(w.saturating_sub(display_width(label))),
                p.paint(Mark::Dim, date),
                " ".repeat(dw.saturating_sub(display_width(date))),
            )
        } else {
            plain_prefix.clone()
        };
        let wrapped = hang(&plain_prefix, &text, term.width);
        out.push_str(&prefix);
        out.push_str(&wrapped[plain_prefix.len()..]);
    }
    out
}
