//! `amendo text`: an article's text at a stage, one alinéa per line.

use serde::Serialize;

use crate::model::{Bill, Line, article_key};
use crate::query::{ArticleRef, TextView};
use crate::render::lang::Lang;
use crate::render::{Format, to_json};

#[derive(Serialize)]
struct Json<'a> {
    bill: &'a str,
    stage: &'a str,
    article: &'a str,
    id: &'a str,
    /// The designation asked for, when it is not the number at this stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    asked: Option<&'a str>,
    /// The article's number at each stage that holds it.
    numbers: Vec<StageNumber<'a>>,
    deleted: bool,
    partial: bool,
    lines: Vec<JsonLine<'a>>,
}

/// The number an article carries at one stage.
#[derive(Serialize)]
pub struct StageNumber<'a> {
    /// The stage id.
    pub stage: &'a str,
    /// The designation there.
    pub number: &'a str,
}

/// The article's number at each stage that holds it.
pub fn stage_numbers<'a>(bill: &'a Bill, r: &'a ArticleRef) -> Vec<StageNumber<'a>> {
    bill.stages
        .iter()
        .zip(&r.numbers)
        .filter_map(|(s, n)| {
            n.as_deref().map(|number| StageNumber {
                stage: &s.id,
                number,
            })
        })
        .collect()
}

/// « article 1er (1er A at senat-1-depot, senat-1-seance) »: the article by
/// its number at stage `at`, with the other numbers it carried and where.
/// Just « article 8 ter » for an article never renumbered.
pub fn designation_at(lang: Lang, bill: &Bill, r: &ArticleRef, at: usize) -> String {
    let here = r
        .numbers
        .get(at)
        .and_then(|n| n.as_deref())
        .unwrap_or(&r.asked);
    // Each other number with the runs of consecutive stages that gave it.
    let mut others: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    for (i, n) in r.numbers.iter().enumerate() {
        let Some(n) = n.as_deref() else { continue };
        if article_key(n) == article_key(here) {
            continue;
        }
        match others
            .iter_mut()
            .find(|(o, _)| article_key(o) == article_key(n))
        {
            Some((_, runs)) => match runs.last_mut() {
                Some((_, end)) if *end + 1 == i => *end = i,
                _ => runs.push((i, i)),
            },
            None => others.push((n.to_owned(), vec![(i, i)])),
        }
    }
    let id = |i: usize| bill.stages.get(i).map_or("?", |s| s.id.as_str());
    let mut out = lang.article(here);
    if !others.is_empty() {
        let parts: Vec<String> = others
            .iter()
            .map(|(n, runs)| {
                let n = lang.article(n);
                let n = n.strip_prefix("article ").unwrap_or(&n).to_owned();
                let runs: Vec<String> = runs
                    .iter()
                    .map(|&(a, b)| match (lang, a == b) {
                        (Lang::En, true) => format!("at {}", id(a)),
                        (Lang::En, false) => format!("from {} to {}", id(a), id(b)),
                        (Lang::Fr, true) => format!("à l’étape {}", id(a)),
                        (Lang::Fr, false) => format!("de {} à {}", id(a), id(b)),
                    })
                    .collect();
                format!("{n} {}", runs.join(lang.pick(" and ", " et ")))
            })
            .collect();
        out.push_str(&format!(" ({})", parts.join(lang.pick("; ", " ; "))));
    }
    out
}

/// What a reader must be told beside the text (on standard error, so the
/// text stays one alinéa per line): that the article was followed across
/// renumbering, that it is only partly known.
pub fn notes(bill: &Bill, view: &TextView) -> Vec<String> {
    let lang = Lang::of(bill);
    let stage = &bill.stages[view.stage].id;
    let mut out = Vec::new();
    let r = &view.article_ref;
    if r.renumbered() || article_key(&r.asked) != article_key(&view.article.number) {
        out.push(format!(
            "{} `{stage}`: {}",
            lang.pick(
                "followed by its stable id across renumbering; at",
                "suivi par son identifiant stable malgré la renumérotation ; à l’étape"
            ),
            designation_at(lang, bill, r, view.stage)
        ));
    }
    if view.article.is_partial() {
        let a = lang.article(&view.article.number);
        out.push(match lang {
            Lang::En => {
                format!("{a} is only partly known at stage `{stage}`; gaps are marked […]")
            }
            Lang::Fr => format!(
                "{a} n’est connu qu’en partie à l’étape `{stage}` ; les lacunes sont marquées […]"
            ),
        });
    }
    out
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
/// a gap as `[…] note`; JSON numbers the alinéas and gives the article's
/// number at each stage.
pub fn render(meta: &Bill, view: &TextView, format: Format) -> String {
    let article = &view.article;
    let stage = &meta.stages[view.stage].id;
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
            let asked = &view.article_ref.asked;
            to_json(&Json {
                bill: &meta.slug,
                stage,
                article: &article.number,
                id: &article.id,
                asked: (article_key(asked) != article_key(&article.number))
                    .then_some(asked.as_str()),
                numbers: stage_numbers(meta, &view.article_ref),
                deleted: article.is_deleted(),
                partial: article.is_partial(),
                lines,
            })
        }
    }
}
