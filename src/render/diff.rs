//! `amendo diff` (and the diff part of `amendo show`) in six formats:
//!
//! - `text`: for the terminal; colour on a terminal, `[-…-]`/`{+…+}` otherwise;
//! - `unified`: a git-compatible patch of the store's article files;
//! - `side-by-side`: two columns, old and new, like a comparative table;
//! - `markdown`: for issues, pull requests and notes;
//! - `html`: a fragment with `<del>`/`<ins>`, every text escaped;
//! - `json`: the schema documented in `docs/json.md`.

use std::fmt::Write;

use serde::Serialize;

use crate::diff::{ArticleDiff, Entry, EntryKind, Nuance, Slot, Span, SpanKind, Status, TextDiff};
use crate::i18n::capital;
use crate::model::Bill;
use crate::query::ArticleRef;
use crate::render::lang::{Lang, Noun};
use crate::render::layout::{hang, hang_runs_into};
use crate::render::style::{Mark, Painter, width};
use crate::render::text::designation_at;
use crate::render::to_json;

/// The formats of a diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    /// Terminal text.
    Text,
    /// git-compatible unified diff.
    Unified,
    /// Two columns.
    SideBySide,
    /// Markdown.
    Markdown,
    /// An HTML fragment.
    Html,
    /// JSON.
    Json,
}

/// How to lay out a diff.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// The format.
    pub format: DiffFormat,
    /// ANSI colour (text and side-by-side only).
    pub color: bool,
    /// Total width (side-by-side only).
    pub width: usize,
    /// Unchanged alinéas shown around each change (text, unified,
    /// side-by-side, markdown; html and json show every alinéa).
    pub context: usize,
}

pub use crate::query::Side;

/// A diff with what it compares.
pub struct Doc<'a> {
    /// The bill's slug.
    pub bill: &'a str,
    /// The old side.
    pub from: Side,
    /// The new side.
    pub to: Side,
    /// The diff.
    pub diff: &'a TextDiff,
    /// Show unchanged articles too (when one article was asked for).
    pub all: bool,
    /// The language of labels (the bill's).
    pub lang: Lang,
    /// For one article asked for: the bill and the article resolved, so the
    /// heading names its number at each stage.
    pub article: Option<(&'a Bill, &'a ArticleRef)>,
}

impl Doc<'_> {
    fn articles(&self) -> Vec<&ArticleDiff> {
        self.diff
            .articles
            .iter()
            .filter(|a| self.all || a.is_change())
            .collect()
    }

    fn unchanged(&self) -> usize {
        self.diff
            .articles
            .iter()
            .filter(|a| a.status == crate::diff::Status::Unchanged)
            .count()
    }
}

/// Renders a diff.
pub fn render(doc: &Doc<'_>, s: &Settings) -> String {
    let mut out = String::new();
    match s.format {
        DiffFormat::Json => return to_json(&json(doc)),
        DiffFormat::Html => {
            let _ = writeln!(
                out,
                "<section class=\"amendo-diff\" data-bill=\"{}\" data-from=\"{}\" data-to=\"{}\">",
                esc(doc.bill),
                esc(&doc.from.id),
                esc(&doc.to.id)
            );
            let _ = writeln!(
                out,
                "<p class=\"sides\"><span class=\"from\">{}</span> → <span class=\"to\">{}</span></p>",
                esc(&side_label(&doc.from, doc.lang)),
                esc(&side_label(&doc.to, doc.lang))
            );
            for part in each_article(&doc.articles(), |a| article_html_in(a, doc.lang)) {
                out.push_str(&part);
            }
            if doc.articles().is_empty() {
                let _ = writeln!(
                    out,
                    "<p class=\"no-change\">{}</p>",
                    doc.lang
                        .pick("No article changed.", "Aucun article modifié.")
                );
            }
            out.push_str("</section>\n");
            return out;
        }
        DiffFormat::Unified => {
            for part in each_article(&doc.articles(), |a| article_unified(a, s.context)) {
                out.push_str(&part);
            }
            return out;
        }
        DiffFormat::Text | DiffFormat::SideBySide | DiffFormat::Markdown => {}
    }
    let changed = doc.diff.changed().count();
    let lang = doc.lang;
    let unknown = doc.diff.unknown();
    let mut summary = match lang {
        Lang::En => format!(
            "{}: {} → {}: {} changed, {} unchanged",
            doc.bill,
            side_name(&doc.from, lang),
            side_name(&doc.to, lang),
            lang.count(changed, Noun::Article),
            doc.unchanged()
        ),
        Lang::Fr => format!(
            "{} : {} → {} : {} modifié{}, {} inchangé{}",
            doc.bill,
            side_name(&doc.from, lang),
            side_name(&doc.to, lang),
            lang.count(changed, Noun::Article),
            if changed > 1 { "s" } else { "" },
            doc.unchanged(),
            if doc.unchanged() > 1 { "s" } else { "" }
        ),
    };
    if unknown > 0 {
        let _ = match lang {
            Lang::En => write!(summary, ", {unknown} whose fate is not known"),
            Lang::Fr => write!(summary, ", {unknown} dont le sort n’est pas connu"),
        };
    }
    let p = Painter { color: s.color };
    if s.format == DiffFormat::Markdown {
        let _ = writeln!(
            out,
            "**{}** → **{}**\n",
            md(&side_label(&doc.from, doc.lang)),
            md(&side_label(&doc.to, doc.lang))
        );
    } else if !doc.all {
        let wrapped = hang("", &summary, s.width);
        let _ = writeln!(out, "{}\n", p.paint(Mark::Bold, wrapped.trim_end()));
    }
    if doc.diff.partial {
        let note = lang.pick(
            "Part of these texts is not available ([…]): the diff covers what is known.",
            "Une partie de ces textes n’est pas disponible ([…]) : la comparaison porte sur ce qui est connu.",
        );
        if s.format == DiffFormat::Markdown {
            let _ = writeln!(out, "> {}\n", md(note));
        } else {
            let wrapped = hang("", note, s.width);
            let _ = writeln!(out, "{}\n", p.paint(Mark::Dim, wrapped.trim_end()));
        }
    }
    let parts = each_article(&doc.articles(), |a| match s.format {
        DiffFormat::Markdown => article_markdown(a, doc, s.context),
        DiffFormat::SideBySide => article_side_by_side(a, doc, s),
        _ => article_text(a, doc, s),
    });
    for part in parts {
        out.push_str(&part);
        out.push('\n');
    }
    if doc.articles().is_empty() && s.format == DiffFormat::Markdown {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("No article changed.", "Aucun article modifié.")
        );
    }
    out
}

/// Each article's part of the output, in order: rendered on the
/// machine's cores when there are many (each article alone, so the
/// output does not depend on the number of threads). Half the wall time
/// of a whole-bill diff's rendering on two cores.
fn each_article(
    articles: &[&ArticleDiff],
    render: impl Fn(&ArticleDiff) -> String + Sync,
) -> Vec<String> {
    crate::diff::in_parallel(articles, |a| render(a))
}

/// A side's short name in `lang`: the stage id, or « amendement 640 ».
pub fn side_name(side: &Side, lang: Lang) -> String {
    match (side.kind, lang) {
        ("amendment", Lang::Fr) => format!("amendement {}", side.id),
        _ => side.name(),
    }
}

/// A side's label in `lang`: a stage's label is the data's; an
/// amendment's is said in the output's language.
pub fn side_label(side: &Side, lang: Lang) -> String {
    if side.kind != "amendment" || lang == Lang::En {
        return side.label.clone();
    }
    let n = &side.id;
    if side.label.ends_with("as tabled") {
        format!("amendement {n} tel que déposé")
    } else if side.label.ends_with("as put to the vote") {
        let first = n.split('+').next().unwrap_or(n);
        format!("amendement {first} tel que mis aux voix")
    } else {
        format!("avec l’amendement {n}")
    }
}

/// What an article's status means, in English words (JSON's `status`).
pub fn status_words(a: &ArticleDiff) -> String {
    status_in(a, Lang::En)
}

/// What an article's status means, in words of `lang`.
pub fn status_in(a: &ArticleDiff, lang: Lang) -> String {
    if lang == Lang::Fr {
        let old = a.old_number.as_deref().unwrap_or("?");
        return match a.status {
            Status::Unchanged => "inchangé".to_owned(),
            Status::Renumbered => format!("renuméroté, ex-{old} (texte inchangé)"),
            Status::Changed if a.old_number != a.new_number => {
                format!("modifié, renuméroté, ex-{old}")
            }
            Status::Changed => "modifié".to_owned(),
            Status::Added => "ajouté".to_owned(),
            Status::Removed => "absent du nouveau texte".to_owned(),
            Status::Struck => "supprimé".to_owned(),
            Status::Restored => "rétabli".to_owned(),
            Status::Unknown if a.old_number.is_none() => {
                "absent de la partie connue de l’ancien texte".to_owned()
            }
            Status::Unknown => "absent de la partie connue du nouveau texte".to_owned(),
        };
    }
    match a.status {
        Status::Unchanged => "unchanged".to_owned(),
        Status::Renumbered => format!(
            "renumbered from {} (text unchanged)",
            a.old_number.as_deref().unwrap_or("?")
        ),
        Status::Changed => {
            let mut s = "changed".to_owned();
            if a.old_number != a.new_number {
                let _ = write!(
                    s,
                    ", renumbered from {}",
                    a.old_number.as_deref().unwrap_or("?")
                );
            }
            s
        }
        Status::Added => "added".to_owned(),
        Status::Removed => "not in the new text".to_owned(),
        Status::Struck => "struck: (Supprimé)".to_owned(),
        Status::Restored => "restored".to_owned(),
        Status::Unknown => match (&a.old_number, &a.new_number) {
            (None, _) => "not in the known part of the old text".to_owned(),
            _ => "not in the known part of the new text".to_owned(),
        },
    }
}

/// What a reader must know about a diff of a partly known article.
fn partial_article(lang: Lang) -> &'static str {
    lang.pick(
        "part of this article is not available ([…]): the diff covers what is known",
        "une partie de cet article n’est pas disponible ([…]) : la comparaison porte sur ce qui est connu",
    )
}

/// What the reader cannot know about an article missing from the known
/// part of one text (its diff marks no line).
pub fn unknown_fate(a: &ArticleDiff, lang: Lang) -> Option<&'static str> {
    (a.status == Status::Unknown).then(|| match a.old_number {
        None => lang.pick(
            "its earlier text is not known",
            "son texte précédent n’est pas connu",
        ),
        Some(_) => lang.pick(
            "what became of it is not known",
            "ce qu’il est devenu n’est pas connu",
        ),
    })
}

/// A nuance in words of `lang` (exactly what differs).
pub fn nuance_words(n: Nuance, lang: Lang) -> &'static str {
    match lang {
        Lang::En => n.describe(),
        Lang::Fr => match n {
            Nuance::Encoding => "mêmes caractères, codés autrement",
            Nuance::Case => "casse seulement",
            Nuance::Accents => "accents seulement",
            Nuance::AccentsAndCase => "accents et casse seulement",
            Nuance::Spacing => "espacement seulement",
            Nuance::WordBreak => "une espace entre deux mots ajoutée ou retirée",
            Nuance::Punctuation => "ponctuation seulement",
        },
    }
}

/// Which entries to show: every change with `context` unchanged entries
/// around it; `None` stands for a hidden run of that many unchanged entries.
fn visible(entries: &[Entry], context: usize) -> Vec<Result<&Entry, usize>> {
    let n = entries.len();
    let mut show = vec![false; n];
    for (i, e) in entries.iter().enumerate() {
        if e.is_change() {
            let lo = i.saturating_sub(context);
            let hi = (i + context + 1).min(n);
            show[lo..hi].iter_mut().for_each(|s| *s = true);
        }
    }
    let mut out = Vec::new();
    let mut hidden = 0;
    for (i, e) in entries.iter().enumerate() {
        if show[i] {
            if hidden > 0 {
                out.push(Err(hidden));
                hidden = 0;
            }
            out.push(Ok(e));
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        out.push(Err(hidden));
    }
    out
}

fn num(slot: Option<Slot>) -> String {
    match slot {
        Some(Slot { gap: true, .. }) => "…".to_owned(),
        Some(Slot {
            alinea: Some(n), ..
        }) => n.to_string(),
        _ => String::new(),
    }
}

fn marker(kind: EntryKind) -> char {
    match kind {
        EntryKind::Same => ' ',
        EntryKind::Changed => '~',
        EntryKind::Deleted => '-',
        EntryKind::Inserted => '+',
        EntryKind::MovedFrom => '<',
        EntryKind::MovedTo => '>',
    }
}

/// The text of an entry as marked runs, for one side or both (`None`).
fn runs(e: &Entry, side: Option<SpanKind>) -> Vec<(Mark, &str)> {
    let gap = e.old.is_some_and(|s| s.gap) || e.new.is_some_and(|s| s.gap);
    let mut out = Vec::with_capacity(e.spans.len() + 1);
    if gap {
        out.push((Mark::Dim, "[…] "));
    }
    let whole_line = matches!(e.kind, EntryKind::Deleted | EntryKind::Inserted);
    for s in &e.spans {
        if side.is_some_and(|k| s.kind != SpanKind::Equal && s.kind != k) {
            continue;
        }
        let mark = match s.kind {
            SpanKind::Equal => Mark::Plain,
            k if e.gap_note() == Some(k) => Mark::Plain,
            // A whole deleted or inserted line is marked by its line marker;
            // in colour it is still coloured.
            SpanKind::Delete if whole_line => Mark::Plain,
            SpanKind::Insert if whole_line => Mark::Plain,
            SpanKind::Delete => Mark::Del,
            SpanKind::Insert => Mark::Ins,
        };
        out.push((mark, s.text.as_str()));
    }
    out
}

/// Text for a note: white space is named, since it cannot be seen.
fn visible_text(s: &str) -> String {
    if !s.chars().all(char::is_whitespace) {
        return format!("« {s} »");
    }
    s.chars()
        .map(|c| match c {
            ' ' => "space",
            '\u{a0}' => "no-break space",
            '\u{202f}' => "narrow no-break space",
            '\t' => "tab",
            '\n' => "line break",
            _ => "other space",
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn notes(e: &Entry, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev_del: Option<&Span> = None;
    for s in &e.spans {
        if let (Some(n), Some(d)) = (s.nuance, prev_del) {
            out.push(format!(
                "{} → {}{} {}",
                visible_text(&d.text),
                visible_text(&s.text),
                lang.pick(":", " :"),
                nuance_words(n, lang)
            ));
        }
        prev_del = (s.kind == SpanKind::Delete).then_some(s);
    }
    // Amounts: by how much each changed; printed differently, the same
    // (an amount has digits).
    let digits = || {
        e.spans
            .iter()
            .any(|s| s.text.bytes().any(|b| b.is_ascii_digit()))
    };
    if e.kind == EntryKind::Changed && digits() {
        let (changed, same) = crate::model::table::amount_notes(&e.old_text(), &e.new_text());
        out.extend(changed);
        for s in same {
            out.push(format!(
                "{}{} {}",
                visible_text(&s),
                lang.pick(":", " :"),
                lang.pick(
                    "the same amount, printed differently",
                    "même montant, écrit autrement"
                )
            ));
        }
    }
    if e.cut_short {
        out.push(
            lang.pick(
                "the word comparison of this alinéa hit its time bound; it is shown as a coarser replacement",
                "la comparaison mot à mot de cet alinéa a atteint sa limite de temps ; il est montré comme un remplacement plus grossier",
            )
            .to_owned(),
        );
    }
    match e.kind {
        EntryKind::MovedFrom => out.push(moved(lang, true, &num(e.new))),
        EntryKind::MovedTo => out.push(moved(lang, false, &num(e.old))),
        _ => {}
    }
    out
}

/// "moved to alinéa 3" / « déplacé depuis l’alinéa 2 ».
fn moved(lang: Lang, to: bool, n: &str) -> String {
    match (lang, to) {
        (Lang::En, true) => format!("moved to alinéa {n}"),
        (Lang::En, false) => format!("moved from alinéa {n}"),
        (Lang::Fr, true) => format!("déplacé à l’alinéa {n}"),
        (Lang::Fr, false) => format!("déplacé depuis l’alinéa {n}"),
    }
}

/// "Article 1er (1er A at senat-1-depot) (changed, renumbered from 1er A)".
fn article_heading(a: &ArticleDiff, doc: &Doc<'_>) -> String {
    let lang = doc.lang;
    let name = match doc.article {
        Some((bill, r)) => {
            let at = bill
                .stage_index(&doc.to.id)
                .unwrap_or(bill.stages.len().saturating_sub(1));
            // Where the new text lacks it, its number in the old one.
            let at = if r.numbers.get(at).is_some_and(Option::is_some) {
                at
            } else {
                bill.stage_index(&doc.from.id).unwrap_or(at)
            };
            designation_at(lang, bill, r, at)
        }
        None => lang.article(a.number()),
    };
    format!("{} ({})", capital(&name), status_in(a, lang))
}

fn hidden_line(lang: Lang, hidden: usize) -> String {
    match lang {
        Lang::En => format!("⋮ {} unchanged", lang.count(hidden, Noun::Alinea)),
        Lang::Fr => format!(
            "⋮ {} inchangé{}",
            lang.count(hidden, Noun::Alinea),
            if hidden > 1 { "s" } else { "" }
        ),
    }
}

/// An article for the terminal: each alinéa behind its marker and numbers
/// (`~  3   3  `), wrapped with a hanging indent under the text column.
fn article_text(a: &ArticleDiff, doc: &Doc<'_>, s: &Settings) -> String {
    let p = Painter { color: s.color };
    let lang = doc.lang;
    let mut out = String::new();
    let heading = hang("", &article_heading(a, doc), s.width);
    let heading = heading.trim_end();
    let sides = format!(
        "{} → {}",
        side_name(&doc.from, lang),
        side_name(&doc.to, lang)
    );
    let last = heading.lines().last().unwrap_or("");
    // The sides after the heading, or under it when they do not fit.
    let sep = if width(last) + 1 + width(&sides) <= s.width {
        " "
    } else {
        "\n  "
    };
    let _ = writeln!(
        out,
        "{}{sep}{}",
        p.paint(Mark::Bold, heading),
        p.paint(Mark::Dim, &sides)
    );
    if a.partial && a.status != Status::Unknown {
        out.push_str(&p.paint(
            Mark::Dim,
            hang("  ", partial_article(lang), s.width).trim_end(),
        ));
        out.push('\n');
    }
    if !a.entries.iter().any(Entry::is_change) {
        let note = unknown_fate(a, lang).unwrap_or(lang.pick("no change", "aucune modification"));
        let _ = writeln!(out, "  {}", p.paint(Mark::Dim, note));
        return out;
    }
    const GUTTER: usize = 11;
    for v in visible(&a.entries, s.context) {
        let e = match v {
            Ok(e) => e,
            Err(hidden) => {
                let _ = writeln!(
                    out,
                    "{}",
                    p.paint(Mark::Dim, &format!("  {}", hidden_line(lang, hidden)))
                );
                continue;
            }
        };
        let line_mark = match e.kind {
            EntryKind::Deleted | EntryKind::MovedFrom => Mark::Del,
            EntryKind::Inserted => Mark::Ins,
            _ => Mark::Plain,
        };
        let gutter = format!("{} {:>3} {:>3}  ", marker(e.kind), num(e.old), num(e.new));
        if e.kind != EntryKind::MovedFrom
            && let Some(td) = crate::diff::table::of_entry(e)
        {
            // A table: its rows as aligned columns under the gutter.
            let _ = writeln!(
                out,
                "{}{}",
                gutter,
                p.paint(Mark::Dim, &table_label(&td, lang))
            );
            out.push_str(&crate::render::table::text(
                &td,
                p,
                &" ".repeat(GUTTER),
                s.width,
                lang,
            ));
            continue;
        }
        let moved_note;
        let body: Vec<(Mark, &str)> = if e.kind == EntryKind::MovedFrom {
            moved_note = format!("({})", moved(lang, true, &num(e.new)));
            vec![(Mark::Dim, moved_note.as_str())]
        } else {
            let mut body = runs(e, None);
            if s.color {
                for (m, _) in &mut body {
                    if *m == Mark::Plain {
                        *m = line_mark;
                    }
                }
            }
            body
        };
        let gutter = if s.color && e.kind != EntryKind::Same {
            p.paint(
                if line_mark == Mark::Plain {
                    Mark::Bold
                } else {
                    line_mark
                },
                &gutter,
            )
        } else {
            gutter
        };
        hang_runs_into(&mut out, &gutter, &body, s.width, p);
        if e.kind == EntryKind::MovedFrom {
            continue;
        }
        for n in notes(e, lang) {
            let note = hang(
                &format!("{:GUTTER$}{} ", "", lang.pick("note:", "note :")),
                &n,
                s.width,
            );
            for l in note.lines() {
                let _ = writeln!(out, "{}", p.paint(Mark::Dim, l));
            }
        }
    }
    out
}

/// "table, 24 rows × 2 columns" (the new version's size, else the old one's).
fn table_label(td: &crate::diff::table::TableDiff, lang: Lang) -> String {
    let rows = td.rows.iter().filter(|r| r.new.is_some()).count();
    let rows = if rows == 0 { td.rows.len() } else { rows };
    let cols = td.width();
    lang.pick(
        &format!("table, {rows} rows × {cols} columns"),
        &format!("tableau, {rows} lignes × {cols} colonnes"),
    )
    .to_owned()
}

/// An article as a git-compatible patch of `articles/<id>.txt`.
pub fn article_unified(a: &ArticleDiff, context: usize) -> String {
    let (old, new) = a.store_lines();
    if old == new {
        return String::new();
    }
    // Line ops in order: ' ', '-', '+'; changes grouped deletions first.
    let mut ops: Vec<(char, String)> = Vec::new();
    let mut dels: Vec<String> = Vec::new();
    let mut inss: Vec<String> = Vec::new();
    let flush = |ops: &mut Vec<(char, String)>, d: &mut Vec<String>, i: &mut Vec<String>| {
        ops.extend(d.drain(..).map(|l| ('-', l)));
        ops.extend(i.drain(..).map(|l| ('+', l)));
    };
    let line = |slot: Option<Slot>, text: String| -> String {
        if slot.is_some_and(|s| s.gap) {
            crate::model::Line::Gap(text).to_store_line()
        } else {
            text
        }
    };
    for e in &a.entries {
        match e.kind {
            EntryKind::Same => {
                flush(&mut ops, &mut dels, &mut inss);
                ops.push((' ', line(e.old, e.old_text())));
            }
            EntryKind::Changed => {
                dels.push(line(e.old, e.old_text()));
                inss.push(line(e.new, e.new_text()));
            }
            EntryKind::Deleted | EntryKind::MovedFrom => dels.push(line(e.old, e.old_text())),
            EntryKind::Inserted | EntryKind::MovedTo => inss.push(line(e.new, e.new_text())),
        }
    }
    flush(&mut ops, &mut dels, &mut inss);
    // A table alinéa is one row per line in the store: so in the patch.
    let ops: Vec<(char, String)> = split_rows(ops);

    let path = format!("articles/{}.txt", a.id);
    let mut out = String::new();
    let _ = writeln!(out, "diff --git a/{path} b/{path}");
    match a.status {
        Status::Added => {
            let _ = writeln!(out, "new file mode 100644\n--- /dev/null\n+++ b/{path}");
        }
        Status::Removed => {
            let _ = writeln!(out, "deleted file mode 100644\n--- a/{path}\n+++ /dev/null");
        }
        _ => {
            let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
        }
    }
    // Hunks: runs of changes with `context` lines around, merged when close.
    let n = ops.len();
    let mut i = 0;
    let (mut old_line, mut new_line) = (1usize, 1usize);
    let mut positions = Vec::with_capacity(n);
    for (tag, _) in &ops {
        positions.push((old_line, new_line));
        match tag {
            ' ' => {
                old_line += 1;
                new_line += 1;
            }
            '-' => old_line += 1,
            _ => new_line += 1,
        }
    }
    while i < n {
        if ops[i].0 == ' ' {
            i += 1;
            continue;
        }
        let start = i.saturating_sub(context);
        let mut end = i;
        // Extend while the next change is within 2 × context unchanged lines.
        loop {
            while end < n && ops[end].0 != ' ' {
                end += 1;
            }
            let mut next = end;
            while next < n && ops[next].0 == ' ' {
                next += 1;
            }
            if next < n && next - end <= 2 * context {
                end = next;
            } else {
                end = (end + context).min(n);
                break;
            }
        }
        let hunk = &ops[start..end];
        let old_count = hunk.iter().filter(|(t, _)| *t != '+').count();
        let new_count = hunk.iter().filter(|(t, _)| *t != '-').count();
        let (os, ns) = positions[start];
        let range = |s: usize, c: usize| match c {
            0 => format!("{},0", s - 1),
            1 => s.to_string(),
            _ => format!("{s},{c}"),
        };
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range(os, old_count),
            range(ns, new_count)
        );
        for (t, l) in hunk {
            let _ = writeln!(out, "{t}{l}");
        }
        i = end;
    }
    out
}

/// Lines holding a table (several store lines) split into their rows; an
/// unchanged row of a changed table stays unchanged.
fn split_rows(ops: Vec<(char, String)>) -> Vec<(char, String)> {
    if !ops.iter().any(|(_, l)| l.contains('\n')) {
        return ops;
    }
    let mut out = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        if ops[i].0 == ' ' {
            out.extend(ops[i].1.lines().map(|l| (' ', l.to_owned())));
            i += 1;
            continue;
        }
        // A run of changes: old lines, new lines, aligned line by line.
        let mut j = i;
        while j < ops.len() && ops[j].0 != ' ' {
            j += 1;
        }
        let old: Vec<&str> = ops[i..j]
            .iter()
            .filter(|(t, _)| *t == '-')
            .flat_map(|(_, l)| l.lines())
            .collect();
        let new: Vec<&str> = ops[i..j]
            .iter()
            .filter(|(t, _)| *t == '+')
            .flat_map(|(_, l)| l.lines())
            .collect();
        let mut dels = Vec::new();
        let mut inss = Vec::new();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
            for (tag, o, n) in op
                .iter_changes(&old, &new)
                .map(|c| (c.tag(), c.old_index(), c.new_index()))
            {
                match tag {
                    similar::ChangeTag::Equal => {
                        out.append(&mut dels);
                        out.append(&mut inss);
                        out.push((' ', old[o.unwrap_or(0)].to_owned()));
                    }
                    similar::ChangeTag::Delete => dels.push(('-', old[o.unwrap_or(0)].to_owned())),
                    similar::ChangeTag::Insert => inss.push(('+', new[n.unwrap_or(0)].to_owned())),
                }
            }
        }
        out.extend(dels);
        out.extend(inss);
        i = j;
    }
    out
}

/// An article in two columns.
fn article_side_by_side(a: &ArticleDiff, doc: &Doc<'_>, s: &Settings) -> String {
    let p = Painter { color: s.color };
    let mut out = String::new();
    // Layout: "nnn " + left + " │ " + "nnn " + right.
    let col = (s.width.saturating_sub(4 + 3 + 4) / 2).max(20);
    let lang = doc.lang;
    let _ = writeln!(out, "{}", p.paint(Mark::Bold, &article_heading(a, doc)));
    let head = |label: &str| -> String {
        let mut l: String = label.chars().take(col + 4).collect();
        let pad = (col + 4).saturating_sub(width(&l));
        l.extend(std::iter::repeat_n(' ', pad));
        l
    };
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            Mark::Dim,
            format!(
                "{} │ {}",
                head(&format!(
                    "{} ({})",
                    side_label(&doc.from, lang),
                    side_name(&doc.from, lang)
                )),
                head(&format!(
                    "{} ({})",
                    side_label(&doc.to, lang),
                    side_name(&doc.to, lang)
                ))
            )
            .trim_end()
        )
    );
    let rule = format!("{}┼{}", "─".repeat(col + 5), "─".repeat(col + 5));
    let _ = writeln!(out, "{}", p.paint(Mark::Dim, &rule));
    if a.partial && a.status != Status::Unknown {
        let _ = writeln!(out, "{}", p.paint(Mark::Dim, partial_article(lang)));
    }
    if let Some(note) = unknown_fate(a, lang) {
        let _ = writeln!(out, "{}", p.paint(Mark::Dim, note));
    }
    let blank = " ".repeat(col);
    for v in visible(&a.entries, s.context) {
        let e = match v {
            Ok(e) => e,
            Err(hidden) => {
                let t = hidden_line(lang, hidden);
                let _ = writeln!(out, "    {} │", p.paint(Mark::Dim, &t));
                continue;
            }
        };
        if e.kind != EntryKind::MovedFrom
            && let Some(td) = crate::diff::table::of_entry(e)
        {
            let label = format!("{} {}", num(e.new), table_label(&td, lang));
            let _ = writeln!(out, "    {}", p.paint(Mark::Dim, label.trim()));
            out.push_str(&crate::render::table::side_by_side(&td, p, col));
            continue;
        }
        let (left, right) = match e.kind {
            EntryKind::Same => {
                let r = runs(e, Some(SpanKind::Equal));
                (p.wrap(&r, col), p.wrap(&r, col))
            }
            EntryKind::Changed => (
                p.wrap(&runs(e, Some(SpanKind::Delete)), col),
                p.wrap(&runs(e, Some(SpanKind::Insert)), col),
            ),
            EntryKind::MovedTo => (
                p.wrap(
                    &[(Mark::Dim, format!("({})", moved(lang, false, &num(e.old))))],
                    col,
                ),
                p.wrap(&runs(e, Some(SpanKind::Insert)), col),
            ),
            EntryKind::MovedFrom => (
                p.wrap(&runs(e, Some(SpanKind::Delete)), col),
                p.wrap(
                    &[(Mark::Dim, format!("({})", moved(lang, true, &num(e.new))))],
                    col,
                ),
            ),
            EntryKind::Deleted => (p.wrap(&[(Mark::Del, e.old_text())], col), Vec::new()),
            EntryKind::Inserted => (Vec::new(), p.wrap(&[(Mark::Ins, e.new_text())], col)),
        };
        let rows = left.len().max(right.len());
        let show_old = !matches!(e.kind, EntryKind::Inserted);
        let show_new = !matches!(e.kind, EntryKind::Deleted);
        for r in 0..rows {
            let ln = if r == 0 && show_old {
                num(e.old)
            } else {
                String::new()
            };
            let rn = if r == 0 && show_new {
                num(e.new)
            } else {
                String::new()
            };
            let l = left.get(r).map_or(blank.as_str(), String::as_str);
            let rt = right.get(r).map_or("", String::as_str);
            let line = format!("{ln:>3} {l} │ {rn:>3} {rt}");
            let _ = writeln!(out, "{}", line.trim_end());
        }
        for n in notes(e, lang) {
            if matches!(e.kind, EntryKind::MovedFrom | EntryKind::MovedTo) {
                continue;
            }
            let note = hang(
                &format!("    {} ", lang.pick("note:", "note :")),
                &n,
                s.width,
            );
            for l in note.lines() {
                let _ = writeln!(out, "{}", p.paint(Mark::Dim, l));
            }
        }
    }
    out
}

/// The sentence with a capital first letter.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Escapes text for Markdown (inline).
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '#' | '`' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An article in Markdown: deletions `~~struck~~`, insertions `**bold**`.
fn article_markdown(a: &ArticleDiff, doc: &Doc<'_>, context: usize) -> String {
    let lang = doc.lang;
    let (from, to) = (&doc.from, &doc.to);
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", md(&article_heading(a, doc)));
    let _ = writeln!(
        out,
        "*{} → {}*\n",
        md(&side_name(from, lang)),
        md(&side_name(to, lang))
    );
    if a.partial && a.status != Status::Unknown {
        let _ = writeln!(out, "> {}.\n", md(&capitalised(partial_article(lang))));
    }
    if !a.entries.iter().any(Entry::is_change) {
        match unknown_fate(a, lang) {
            Some(note) => {
                let _ = writeln!(out, "{}.", md(&capitalised(note)));
            }
            None => {
                let _ = writeln!(out, "{}", lang.pick("No change.", "Aucune modification."));
            }
        }
        return out;
    }
    for v in visible(&a.entries, context) {
        let e = match v {
            Ok(e) => e,
            Err(hidden) => {
                let _ = writeln!(out, "- *{}*", hidden_line(lang, hidden).replace('⋮', "…"));
                continue;
            }
        };
        let (changed, deleted, inserted, moved_to, moved_from) = match lang {
            Lang::En => ("changed", "deleted", "inserted", "moved to", "moved from"),
            Lang::Fr => (
                "modifié",
                "supprimé",
                "inséré",
                "déplacé à l’",
                "déplacé depuis l’",
            ),
        };
        let label = match e.kind {
            EntryKind::Same => format!("al. {}", num(e.new)),
            EntryKind::Changed => format!("al. {} {changed}", num(e.new)),
            EntryKind::Deleted => format!("al. {} {deleted}", num(e.old)),
            EntryKind::Inserted => format!("al. {} {inserted}", num(e.new)),
            EntryKind::MovedFrom => format!("al. {} {moved_to} al. {}", num(e.old), num(e.new)),
            EntryKind::MovedTo => format!("al. {} {moved_from} al. {}", num(e.new), num(e.old)),
        };
        let label = label
            .replace("l’ al.", "l’al.")
            .replace("al. …", lang.pick("gap", "lacune"))
            .replace("al.  ", "");
        // « lacune » is feminine.
        let label = match label.strip_prefix("lacune ") {
            Some(rest) if lang == Lang::Fr && !rest.starts_with("déplacé") => {
                format!("lacune {}e", rest.trim_end())
            }
            _ => label,
        };
        if e.kind != EntryKind::MovedFrom
            && let Some(td) = crate::diff::table::of_entry(e)
        {
            let _ = writeln!(
                out,
                "- *{}*: {}
",
                label.trim(),
                table_label(&td, lang)
            );
            out.push_str(&crate::render::table::markdown(&td, lang));
            out.push('\n');
            continue;
        }
        let body: String = if e.kind == EntryKind::MovedFrom {
            String::new()
        } else {
            e.spans
                .iter()
                .map(|s| {
                    let t = md(s.text.trim_matches(' '));
                    let lead = if s.text.starts_with(' ') { " " } else { "" };
                    let trail = if s.text.ends_with(' ') && s.text.trim() != "" {
                        " "
                    } else {
                        ""
                    };
                    match s.kind {
                        SpanKind::Equal => md(&s.text),
                        _ if t.is_empty() => md(&s.text),
                        k if e.gap_note() == Some(k) => md(&s.text),
                        SpanKind::Delete => format!("{lead}~~{t}~~{trail}"),
                        SpanKind::Insert => format!("{lead}**{t}**{trail}"),
                    }
                })
                .collect()
        };
        let gap = if e.old.is_some_and(|s| s.gap) || e.new.is_some_and(|s| s.gap) {
            "\\[…\\] "
        } else {
            ""
        };
        let _ = writeln!(out, "- *{}*: {gap}{}", label.trim(), body);
        for n in notes(e, lang) {
            if matches!(e.kind, EntryKind::MovedFrom | EntryKind::MovedTo) {
                continue;
            }
            let _ = writeln!(out, "  - {} {}", lang.pick("note:", "note :"), md(&n));
        }
    }
    out
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn status_class(st: Status) -> &'static str {
    match st {
        Status::Unchanged => "unchanged",
        Status::Renumbered => "renumbered",
        Status::Changed => "changed",
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Struck => "struck",
        Status::Restored => "restored",
        Status::Unknown => "unknown",
    }
}

fn kind_class(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Same => "same",
        EntryKind::Changed => "changed",
        EntryKind::Deleted => "deleted",
        EntryKind::Inserted => "inserted",
        EntryKind::MovedFrom => "moved-from",
        EntryKind::MovedTo => "moved-to",
    }
}

/// An article as an HTML fragment: every alinéa, `<del>` and `<ins>`
/// (labels in English).
pub fn article_html(a: &ArticleDiff) -> String {
    article_html_in(a, Lang::En)
}

/// An article as an HTML fragment, labels in `lang`.
pub fn article_html_in(a: &ArticleDiff, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<article class=\"amendo-article {}\" data-id=\"{}\">",
        status_class(a.status),
        esc(&a.id)
    );
    let _ = writeln!(
        out,
        "<h3>{} <small class=\"status\">{}</small></h3>",
        esc(&capital(&lang.article(a.number()))),
        esc(&status_in(a, lang))
    );
    if a.partial && a.status != Status::Unknown {
        let _ = writeln!(
            out,
            "<p class=\"partial\">{}.</p>",
            esc(&capitalised(partial_article(lang)))
        );
    }
    if let Some(note) = unknown_fate(a, lang) {
        let _ = writeln!(out, "<p class=\"unknown\">{}.</p>", esc(&capitalised(note)));
    }
    out.push_str("<ol class=\"alineas\">\n");
    for e in &a.entries {
        let gap = e.old.is_some_and(|s| s.gap) || e.new.is_some_and(|s| s.gap);
        let mut attrs = format!(
            "class=\"{}{}\"",
            kind_class(e.kind),
            if gap { " gap" } else { "" }
        );
        if let Some(n) = e.old.and_then(|s| s.alinea) {
            let _ = write!(attrs, " data-old=\"{n}\"");
        }
        if let Some(n) = e.new.and_then(|s| s.alinea) {
            let _ = write!(attrs, " data-new=\"{n}\"");
        }
        let _ = write!(out, "<li {attrs}>");
        let number = match e.kind {
            EntryKind::Deleted | EntryKind::MovedFrom => num(e.old),
            _ => num(e.new),
        };
        let _ = write!(out, "<span class=\"num\">{}</span> ", esc(&number));
        if gap {
            out.push_str("<span class=\"gap-mark\">[…]</span> ");
        }
        let table = (e.kind != EntryKind::MovedFrom)
            .then(|| crate::diff::table::of_entry(e))
            .flatten();
        if e.kind == EntryKind::MovedFrom {
            let _ = write!(
                out,
                "<span class=\"moved\">{}</span>",
                esc(&moved(lang, true, &num(e.new)))
            );
        } else if let Some(td) = table {
            out.push('\n');
            out.push_str(&crate::render::table::html(&td, lang));
        } else {
            for s in &e.spans {
                match s.kind {
                    SpanKind::Equal => out.push_str(&esc(&s.text)),
                    k if e.gap_note() == Some(k) => out.push_str(&esc(&s.text)),
                    SpanKind::Delete => {
                        let _ = write!(out, "<del>{}</del>", esc(&s.text));
                    }
                    SpanKind::Insert => match s.nuance {
                        Some(n) => {
                            let _ = write!(
                                out,
                                "<ins title=\"{}\">{}</ins>",
                                nuance_words(n, lang),
                                esc(&s.text)
                            );
                        }
                        None => {
                            let _ = write!(out, "<ins>{}</ins>", esc(&s.text));
                        }
                    },
                }
            }
            if e.kind == EntryKind::MovedTo {
                let _ = write!(
                    out,
                    " <span class=\"moved\">{}</span>",
                    esc(&moved(lang, false, &num(e.old)))
                );
            }
        }
        if e.cut_short {
            let _ = write!(
                out,
                " <span class=\"cut-short\">{}</span>",
                lang.pick(
                    "(shown coarsely: the comparison hit its time bound)",
                    "(montré grossièrement : la comparaison a atteint sa limite de temps)"
                )
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</article>\n");
    out
}

#[derive(Serialize)]
struct Json<'a> {
    bill: &'a str,
    from: &'a Side,
    to: &'a Side,
    partial: bool,
    cut_short: bool,
    changed: usize,
    unchanged: usize,
    unknown: usize,
    articles: Vec<JsonArticle<'a>>,
}

/// An article diff, and the table diff of each entry that is a table.
#[derive(Serialize)]
pub struct JsonArticle<'a> {
    #[serde(flatten)]
    diff: &'a ArticleDiff,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tables: Vec<JsonTable>,
}

/// The table diff of one entry (`entry`: its index in `entries`), with
/// each changed cell named by its row and column.
#[derive(Serialize)]
struct JsonTable {
    entry: usize,
    #[serde(flatten)]
    table: crate::diff::table::TableDiff,
    changes: Vec<crate::diff::table::CellChange>,
}

impl<'a> JsonArticle<'a> {
    /// The article diff with its tables' diffs.
    pub fn of(diff: &'a ArticleDiff) -> JsonArticle<'a> {
        let tables = diff
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind != EntryKind::MovedFrom)
            .filter_map(|(i, e)| {
                crate::diff::table::of_entry(e).map(|table| JsonTable {
                    entry: i,
                    changes: table.changes(),
                    table,
                })
            })
            .collect();
        JsonArticle { diff, tables }
    }
}

fn json<'a>(doc: &'a Doc<'a>) -> Json<'a> {
    Json {
        bill: doc.bill,
        from: &doc.from,
        to: &doc.to,
        partial: doc.diff.partial,
        cut_short: doc.diff.cut_short(),
        changed: doc.diff.changed().count(),
        unchanged: doc.unchanged(),
        unknown: doc.diff.unknown(),
        articles: doc.articles().into_iter().map(JsonArticle::of).collect(),
    }
}
