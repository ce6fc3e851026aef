//! Watch output for people and programs: `text` (a terminal), `json` (one
//! object per line, documented in `docs/watch.md`) and `markdown` (a digest
//! ready to mail). The Atom feed is in [`crate::watch::atom`].

use crate::i18n::Lang;
use crate::render::layout::hang_runs;
use crate::render::style::{Mark, Painter};
use crate::watch::event::{Event, ExcerptLine};
use crate::watch::list::{Format, Watchlist};

/// The language of a run's output: the events' own when they all share one
/// (a watchlist on French bills reads in French), English otherwise.
pub fn language(events: &[Event]) -> Lang {
    match events.first() {
        Some(e) if events.iter().all(|x| x.lang == e.lang) => e.lang,
        _ => Lang::En,
    }
}

/// The event as one line of JSON (the `json` format, and `--exec`'s input).
pub fn json_line(e: &Event) -> String {
    let mut s = serde_json::to_string(e).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"));
    s.push('\n');
    s
}

/// What comes before the first event.
pub fn header(list: &Watchlist, format: Format, count: usize, lang: Lang) -> String {
    let new = match (lang, lang.is_singular(count as i64)) {
        (Lang::En, _) => "new",
        (Lang::Fr, true) => "nouvel",
        (Lang::Fr, false) => "nouveaux",
    };
    let events = lang.pick(
        if count == 1 { "event" } else { "events" },
        if lang.is_singular(count as i64) {
            "événement"
        } else {
            "événements"
        },
    );
    match format {
        Format::Markdown => format!(
            "# {}\n\n{} {new} {events} (`amendo watch {}`).\n\n",
            md_escape(&list.title),
            lang.number(count as u64),
            list.path.display()
        ),
        _ => String::new(),
    }
}

/// One event in `format` (text, json or markdown).
pub fn event(e: &Event, format: Format, color: bool, width: usize) -> String {
    match format {
        Format::Json => json_line(e),
        Format::Markdown => markdown(e),
        Format::Text | Format::Atom => text(e, color, width),
    }
}

fn text(e: &Event, color: bool, width: usize) -> String {
    let p = Painter { color };
    let lang = e.lang;
    let colon = lang.pick(":", "\u{a0}:");
    let mut out = hang_runs(
        &format!(
            "{}  {}  ",
            p.paint(Mark::Dim, &lang.date(&e.when)),
            p.paint(Mark::Bold, e.kind.label(lang)),
        ),
        &[(Mark::Plain, e.title.clone())],
        width,
        p,
    );
    if let Some(r) = &e.returning {
        let similarity = r.similarity.map_or(String::new(), |s| {
            format!(
                ", {} {}",
                lang.pick("similarity", "similarité"),
                lang.decimal(s)
            )
        });
        out.push_str(&hang_runs(
            &format!("    {}{colon} ", lang.pick("resembles", "ressemble à")),
            &[(
                Mark::Plain,
                format!(
                    "{} ({}{similarity})",
                    r.source.page,
                    signal(lang, &r.signal)
                ),
            )],
            width,
            p,
        ));
    }
    for line in &e.excerpt {
        out.push_str(&hang_runs(
            &format!("    {} ", sign(line)),
            &runs(line, &p),
            width,
            p,
        ));
    }
    if !e.matched.is_empty() {
        out.push_str(&hang_runs(
            &format!("    {}{colon} ", lang.pick("matched", "mots suivis")),
            &[(Mark::Plain, e.matched.join(", "))],
            width,
            p,
        ));
    }
    out.push_str(&format!(
        "    {}  {}\n\n",
        p.paint(Mark::Dim, &e.page),
        p.paint(Mark::Dim, &e.id)
    ));
    out
}

/// How a returning provision was found, in words: `structural` (it
/// restores a struck article), `textual` (its words resemble), or both.
fn signal(lang: Lang, code: &str) -> String {
    code.split('+')
        .map(|s| match s {
            "structural" => lang.pick("structural", "structurel"),
            "textual" => lang.pick("textual", "textuel"),
            other => other,
        })
        .collect::<Vec<_>>()
        .join(lang.pick(" and ", " et "))
}

fn sign(line: &ExcerptLine) -> &'static str {
    match line.change {
        "added" => "+",
        "removed" => "-",
        _ => " ",
    }
}

/// The line's pieces with watched words marked: bold in colour, `**…**`
/// otherwise.
fn runs(line: &ExcerptLine, p: &Painter) -> Vec<(Mark, String)> {
    line.pieces
        .iter()
        .map(|piece| match (piece.matched, p.color) {
            (true, true) => (Mark::Bold, piece.text.clone()),
            (true, false) => (Mark::Plain, format!("**{}**", piece.text)),
            (false, _) => (Mark::Plain, piece.text.clone()),
        })
        .collect()
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(e: &Event) -> String {
    let lang = e.lang;
    let colon = lang.pick(":", "\u{a0}:");
    let mut out = format!(
        "## {} — {}\n\n{}\n\n",
        lang.date(&e.when),
        e.kind.label(lang),
        md_escape(&e.title)
    );
    if let Some(r) = &e.returning {
        out.push_str(&format!(
            "{} [{}]({}) ({}{}).\n\n",
            lang.pick("Resembles", "Ressemble à"),
            md_escape(&format!(
                "{} {}",
                r.source.kind,
                r.source.amendments.join(", ")
            )),
            r.source.page,
            signal(lang, &r.signal),
            r.similarity.map_or(String::new(), |s| format!(
                ", {} {}",
                lang.pick("similarity", "similarité"),
                lang.decimal(s)
            ))
        ));
    }
    for line in &e.excerpt {
        let body: String = line
            .pieces
            .iter()
            .map(|piece| {
                if piece.matched {
                    format!("**{}**", md_escape(&piece.text))
                } else {
                    md_escape(&piece.text)
                }
            })
            .collect();
        let tag = match line.change {
            "added" => lang.pick("added", "ajouté"),
            "removed" => lang.pick("removed", "supprimé"),
            _ => lang.pick("unchanged", "inchangé"),
        };
        out.push_str(&format!("> *{tag}{colon}* {body}\n>\n"));
    }
    if !e.excerpt.is_empty() {
        out.push('\n');
    }
    if !e.matched.is_empty() {
        out.push_str(&format!(
            "{}{colon} {}.\n\n",
            lang.pick("Matched", "Mots suivis"),
            md_escape(&e.matched.join(", "))
        ));
    }
    out.push_str(&format!("[Page]({}) · `{}`\n\n", e.page, e.id));
    out
}
