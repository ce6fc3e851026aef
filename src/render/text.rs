//! `amendo text`: an article's text at a stage, one alinéa per line.

use serde::Serialize;

use crate::model::{Article, Line};
use crate::render::{Format, to_json};

#[derive(Serialize)]
struct Json<'a> {
    bill: &'a str,
    stage: &'a str,
    article: &'a str,
    id: &'a str,
    deleted: bool,
    partial: bool,
    lines: Vec<JsonLine<'a>>,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    /// Alinéa number (1-based), absent for a gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    alinea: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gap: Option<&'a str>,
}

/// Renders an article. In text, alinéas are printed verbatim one per line and
/// a gap as `[…] note`; JSON numbers the alinéas.
pub fn render(bill: &str, stage: &str, article: &Article, format: Format) -> String {
    match format {
        Format::Text => {
            let mut s = String::new();
            for line in &article.lines {
                s.push_str(&line.to_store_line());
                s.push('\n');
            }
            s
        }
        Format::Json => {
            let mut n = 0;
            let lines = article
                .lines
                .iter()
                .map(|l| match l {
                    Line::Alinea(t) => {
                        n += 1;
                        JsonLine {
                            alinea: (!article.is_deleted()).then_some(n),
                            text: Some(t),
                            gap: None,
                        }
                    }
                    Line::Gap(note) => JsonLine {
                        alinea: None,
                        text: None,
                        gap: Some(note),
                    },
                })
                .collect();
            to_json(&Json {
                bill,
                stage,
                article: &article.number,
                id: &article.id,
                deleted: article.is_deleted(),
                partial: article.is_partial(),
                lines,
            })
        }
    }
}
