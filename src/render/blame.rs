//! `amendo blame`: each alinéa with the stage or amendment that last changed it.

use std::fmt::Write;

use crate::blame::Blame;
use crate::render::style::{Mark, Painter, width};
use crate::render::{Format, to_json};

/// Renders a blame: in text, one line per alinéa, `origin  date  number  text`.
pub fn render(b: &Blame, format: Format, color: bool) -> String {
    if format == Format::Json {
        return to_json(b);
    }
    let p = Painter { color };
    let labels: Vec<String> = b
        .lines
        .iter()
        .map(|l| {
            let o = &l.origin;
            let who = o
                .group
                .as_ref()
                .map(|g| format!(" ({g})"))
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
                _ => format!("stage {}", o.id),
            }
        })
        .collect();
    let w = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            Mark::Bold,
            &format!("Article {} at stage {}", b.article, b.stage)
        )
    );
    for (l, label) in b.lines.iter().zip(&labels) {
        let pad = w.saturating_sub(width(label));
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
        let _ = writeln!(
            out,
            "{}{} {} {:>3}  {}",
            p.paint(Mark::Bold, label),
            " ".repeat(pad),
            p.paint(Mark::Dim, &l.origin.date),
            number,
            text
        );
    }
    out
}
