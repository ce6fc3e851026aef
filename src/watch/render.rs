//! Watch output for people and programs: `text` (a terminal), `json` (one
//! object per line, documented in `docs/watch.md`) and `markdown` (a digest
//! ready to mail). The Atom feed is in [`crate::watch::atom`].

use crate::render::style::{Mark, Painter};
use crate::watch::event::{Event, ExcerptLine};
use crate::watch::list::{Format, Watchlist};

/// The event as one line of JSON (the `json` format, and `--exec`'s input).
pub fn json_line(e: &Event) -> String {
    let mut s = serde_json::to_string(e).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"));
    s.push('\n');
    s
}

/// What comes before the first event.
pub fn header(list: &Watchlist, format: Format, count: usize) -> String {
    match format {
        Format::Markdown => format!(
            "# {}\n\n{} new event{} (`amendo watch {}`).\n\n",
            md_escape(&list.title),
            count,
            if count == 1 { "" } else { "s" },
            list.path.display()
        ),
        _ => String::new(),
    }
}

/// One event in `format` (text, json or markdown).
pub fn event(e: &Event, format: Format, color: bool) -> String {
    match format {
        Format::Json => json_line(e),
        Format::Markdown => markdown(e),
        Format::Text | Format::Atom => text(e, color),
    }
}

fn text(e: &Event, color: bool) -> String {
    let p = Painter { color };
    let mut out = format!(
        "{}  {}  {}\n",
        p.paint(Mark::Dim, &e.when.human()),
        p.paint(Mark::Bold, e.kind.as_str()),
        e.title
    );
    if let Some(r) = &e.returning {
        out.push_str(&format!(
            "    resembles: {} ({}){}\n",
            r.source.page,
            r.signal,
            r.similarity
                .map_or(String::new(), |s| format!(", similarity {s:.2}"))
        ));
    }
    for line in &e.excerpt {
        out.push_str(&format!("    {} {}\n", sign(line), marked(line, &p)));
    }
    if !e.matched.is_empty() {
        out.push_str(&format!("    matched: {}\n", e.matched.join(", ")));
    }
    out.push_str(&format!(
        "    {}  {}\n\n",
        p.paint(Mark::Dim, &e.page),
        p.paint(Mark::Dim, &e.id)
    ));
    out
}

fn sign(line: &ExcerptLine) -> &'static str {
    match line.change {
        "added" => "+",
        "removed" => "-",
        _ => " ",
    }
}

/// The line with watched words marked: bold in colour, `**…**` otherwise.
fn marked(line: &ExcerptLine, p: &Painter) -> String {
    line.pieces
        .iter()
        .map(|piece| {
            if piece.matched {
                if p.color {
                    p.paint(Mark::Bold, &piece.text)
                } else {
                    format!("**{}**", piece.text)
                }
            } else {
                piece.text.clone()
            }
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
    let mut out = format!(
        "## {} — {}\n\n{}\n\n",
        e.when.human(),
        e.kind.as_str(),
        md_escape(&e.title)
    );
    if let Some(r) = &e.returning {
        out.push_str(&format!(
            "Resembles [{}]({}) ({}{}).\n\n",
            md_escape(&format!(
                "{} {}",
                r.source.kind,
                r.source.amendments.join(", ")
            )),
            r.source.page,
            r.signal,
            r.similarity
                .map_or(String::new(), |s| format!(", similarity {s:.2}"))
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
            "added" => "added",
            "removed" => "removed",
            _ => "unchanged",
        };
        out.push_str(&format!("> *{tag}:* {body}\n>\n"));
    }
    if !e.excerpt.is_empty() {
        out.push('\n');
    }
    if !e.matched.is_empty() {
        out.push_str(&format!(
            "Matched: {}.\n\n",
            md_escape(&e.matched.join(", "))
        ));
    }
    out.push_str(&format!("[Page]({}) · `{}`\n\n", e.page, e.id));
    out
}
