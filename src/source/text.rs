//! Stage texts: `bills/<bill>/<stage>.md` to a [`Text`].
//!
//! The format: one heading per article (`## Article 8 ter`, optionally with a
//! stable id, `## Article 8 ter {#art-8-ter}`), other headings for divisions,
//! one paragraph per alinéa (never hard-wrapped), `(Supprimé)` for a deleted
//! article, and a block quote starting with `[!GAP]` where part of the text is
//! not available. Anything else (lists, code, HTML, tables, emphasis, links,
//! code spans, character references, link definitions) is an error with its
//! position, so a Markdown construct never silently changes the legal text:
//! to keep `*`, `` ` ``, `[` or `&` as characters, escape them with `\`
//! (as [`to_markdown`] does).

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::{Article, DELETED, Item, Line, Text, article_key, default_article_id};
use crate::source::is_slug;

/// The marker that opens a gap block quote.
pub const GAP_TAG: &str = "[!GAP]";

enum Block {
    None,
    Heading {
        level: u8,
        id: Option<String>,
        text: String,
        start: usize,
    },
    Paragraph {
        text: String,
        start: usize,
    },
    Quote {
        text: String,
        start: usize,
        depth: usize,
    },
}

/// Parses a stage text. `path` is only used in diagnostics.
pub fn parse_text(path: &Path, source: &str, diags: &mut Diagnostics) -> Text {
    let mut text = Text::default();
    let mut block = Block::None;
    let mut seen_ids: HashSet<String> = HashSet::new();
    let mut seen_numbers: HashSet<String> = HashSet::new();
    // Index in `text.items` of the current article, and where its heading is.
    let mut current: Option<(usize, usize)> = None;
    let error = |diags: &mut Diagnostics, offset: usize, msg: String| {
        diags.push(Diagnostic::at(
            path,
            source,
            Pos::of_offset(source, offset),
            msg,
        ));
    };
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES;
    let mut skip_depth = 0usize;
    let mut events = Parser::new_ext(source, options).into_offset_iter();
    // Link reference definitions (`[x]: url`, `[^1]: note`) make no event:
    // they would vanish from the text.
    let mut definitions: Vec<usize> = events
        .reference_definitions()
        .iter()
        .map(|(_, d)| d.span.start)
        .collect();
    definitions.sort_unstable();
    for start in definitions {
        error(
            diags,
            start,
            "a line `[label]: …` is a link definition in Markdown and would vanish from the \
             text: escape the bracket (`\\[`) to keep it"
                .to_owned(),
        );
    }
    for (event, range) in events.by_ref() {
        let Range { start, .. } = range.clone();
        if skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                block = Block::Heading {
                    level: level as u8,
                    id: id.map(|s| s.to_string()),
                    text: String::new(),
                    start,
                };
            }
            Event::Start(Tag::Paragraph) => {
                if let Block::Quote { .. } = block {
                    continue;
                }
                block = Block::Paragraph {
                    text: String::new(),
                    start,
                };
            }
            Event::Start(Tag::BlockQuote(_)) => match &mut block {
                Block::Quote { depth, .. } => *depth += 1,
                _ => {
                    block = Block::Quote {
                        text: String::new(),
                        start,
                        depth: 1,
                    }
                }
            },
            Event::Start(Tag::Emphasis | Tag::Strong) => error(
                diags,
                start,
                "`*` or `_` around words is emphasis in Markdown and would be dropped from the \
                 text: escape them (`\\*`, `\\_`) to keep them as characters"
                    .to_owned(),
            ),
            Event::Start(Tag::Link { .. }) => error(
                diags,
                start,
                "a Markdown link (`[text](url)` or `<url>`) would change the text: escape the \
                 bracket (`\\[`, `\\<`) to keep it as characters"
                    .to_owned(),
            ),
            Event::Code(_) => error(
                diags,
                start,
                "backticks make code in Markdown and would be dropped from the text: escape \
                 them (`\\``) to keep them as characters"
                    .to_owned(),
            ),
            Event::Text(t)
                if source[range.clone()].starts_with('&') && source[range.clone()] != *t =>
            {
                error(
                    diags,
                    start,
                    format!(
                        "the character reference `{}` would be replaced by `{t}`: write the \
                         character itself, or escape the `&` (`\\&`) to keep the reference as text",
                        &source[range]
                    ),
                )
            }
            Event::Start(Tag::Table(_)) => {
                // A table is one alinéa: its rows as pipe rows, one per line
                // (model::table).
                skip_depth = 1;
                let raw = source[range.clone()].trim_end();
                // Cells as text: Markdown's backslash escapes undone.
                let table =
                    crate::model::table::Table::parse(raw).map(|t| crate::model::table::Table {
                        rows: t
                            .rows
                            .into_iter()
                            .map(|r| r.into_iter().map(|c| unescape(&c)).collect())
                            .collect(),
                    });
                match (current, table) {
                    (Some((i, _)), Some(t)) => {
                        if let Item::Article(a) = &mut text.items[i] {
                            a.lines.push(Line::Alinea(t.to_text()));
                        }
                    }
                    (None, _) => error(
                        diags,
                        start,
                        "text outside an article: put it under an `## Article …` heading"
                            .to_owned(),
                    ),
                    (_, None) => error(
                        diags,
                        start,
                        "table: write each row between pipes (`| a | b |`), the header row \
                         followed by `|---|---|`"
                            .to_owned(),
                    ),
                }
            }
            Event::Start(tag) => {
                let what = match tag {
                    Tag::List(_) | Tag::Item => {
                        "Markdown list: each alinéa is a plain paragraph; escape a leading \
                         marker (`1\\.` or `\\-`) to keep it as text"
                    }
                    Tag::CodeBlock(_) => "code block: indent alinéas by less than four spaces",
                    Tag::HtmlBlock => "HTML: write the text itself",
                    _ => "Markdown that is not part of the text format",
                };
                error(diags, start, format!("unexpected {what}"));
                skip_depth = 1;
            }
            Event::Text(t) => match &mut block {
                Block::Heading { text, .. }
                | Block::Paragraph { text, .. }
                | Block::Quote { text, .. } => text.push_str(&t),
                Block::None => error(diags, start, "text outside any block".to_owned()),
            },
            Event::SoftBreak | Event::HardBreak => match &mut block {
                Block::Quote { text, .. } => text.push(' '),
                _ => error(
                    diags,
                    start,
                    "line break inside an alinéa: write each alinéa on one line \
                     (separate alinéas by a blank line)"
                        .to_owned(),
                ),
            },
            Event::Html(_) | Event::InlineHtml(_) => error(
                diags,
                start,
                "unexpected HTML: write the text itself".to_owned(),
            ),
            Event::Rule => error(
                diags,
                start,
                "unexpected thematic break (---): not part of the text format".to_owned(),
            ),
            Event::End(TagEnd::Heading(_)) => {
                let Block::Heading {
                    level,
                    id,
                    text: heading,
                    start,
                } = std::mem::replace(&mut block, Block::None)
                else {
                    continue;
                };
                finish_article(&text, current, path, source, diags);
                current = None;
                let heading = heading.trim().to_owned();
                match article_heading(&heading) {
                    Some((number, deleted)) => {
                        let id = id.unwrap_or_else(|| default_article_id(&number));
                        if !is_slug(&id) {
                            error(
                                diags,
                                start,
                                format!(
                                    "article id `{id}` must be lower-case letters, digits and dashes"
                                ),
                            );
                        }
                        if !seen_ids.insert(id.clone()) {
                            error(
                                diags,
                                start,
                                format!("article id `{id}` is used twice in this text"),
                            );
                        }
                        if !seen_numbers.insert(article_key(&number)) {
                            error(
                                diags,
                                start,
                                format!("article {number} appears twice in this text"),
                            );
                        }
                        let lines = if deleted {
                            vec![Line::Alinea(DELETED.to_owned())]
                        } else {
                            Vec::new()
                        };
                        text.items
                            .push(Item::Article(Article { id, number, lines }));
                        current = Some((text.items.len() - 1, start));
                    }
                    None => {
                        // « ## Articolo 1 », « ## Art. 2 »: an article meant,
                        // which would silently be a division.
                        if let Some(word) = article_in_another_form(&heading) {
                            error(
                                diags,
                                start,
                                format!(
                                    "`{word}` starts a division's heading, not an article's: an article's heading reads `## Article {}`",
                                    heading[word.len()..].trim()
                                ),
                            );
                        }
                        text.items.push(Item::Division { level, heading })
                    }
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Block::Quote { text, .. } = &mut block {
                    text.push(' ');
                    continue;
                }
                let Block::Paragraph { text: para, start } =
                    std::mem::replace(&mut block, Block::None)
                else {
                    continue;
                };
                let para = para.trim_matches([' ', '\t']).to_owned();
                match current {
                    Some((i, _)) => {
                        if let Item::Article(a) = &mut text.items[i] {
                            if a.is_deleted() && para != DELETED {
                                error(
                                    diags,
                                    start,
                                    format!(
                                        "article {} reads (Supprimé) and has text too",
                                        a.number
                                    ),
                                );
                            }
                            a.lines.push(Line::Alinea(para));
                        }
                    }
                    None => error(
                        diags,
                        start,
                        "text outside an article: put it under an `## Article …` heading"
                            .to_owned(),
                    ),
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let done = match &mut block {
                    Block::Quote { depth, .. } => {
                        *depth -= 1;
                        *depth == 0
                    }
                    _ => false,
                };
                if !done {
                    continue;
                }
                let Block::Quote {
                    text: quote, start, ..
                } = std::mem::replace(&mut block, Block::None)
                else {
                    continue;
                };
                let quote = quote.trim();
                let Some(note) = quote.strip_prefix(GAP_TAG) else {
                    error(
                        diags,
                        start,
                        format!(
                            "a block quote must start with {GAP_TAG} and say what is not available"
                        ),
                    );
                    continue;
                };
                let note = note.trim().to_owned();
                if note.is_empty() {
                    error(
                        diags,
                        start,
                        format!("{GAP_TAG} needs a note: say what is missing and why"),
                    );
                }
                match current {
                    Some((i, _)) => {
                        if let Item::Article(a) = &mut text.items[i] {
                            a.lines.push(Line::Gap(note));
                        }
                    }
                    None => text.items.push(Item::Gap { note }),
                }
            }
            Event::End(_) => {}
            other => error(diags, start, format!("unexpected Markdown: {other:?}")),
        }
    }
    finish_article(&text, current, path, source, diags);
    if text.articles().next().is_none() && !text.is_partial() {
        diags.push(Diagnostic::file(
            path,
            "no article in this text: each article needs a heading such as `## Article 1er` \
             (or a [!GAP] note saying what is missing)",
        ));
    }
    text
}

fn finish_article(
    text: &Text,
    current: Option<(usize, usize)>,
    path: &Path,
    source: &str,
    diags: &mut Diagnostics,
) {
    if let Some((i, start)) = current
        && let Item::Article(a) = &text.items[i]
        && a.lines.is_empty()
    {
        diags.push(Diagnostic::at(
            path,
            source,
            Pos::of_offset(source, start),
            format!(
                "article {} has no text: write its alinéas, `(Supprimé)`, or a [!GAP] note",
                a.number
            ),
        ));
    }
}

/// The word of a heading that names an article in another form than the
/// format's « Article » (« Articolo 1 », « Art. 2 », « ARTICLE 3 »), followed
/// by a number: what the writer meant as an article.
fn article_in_another_form(heading: &str) -> Option<&str> {
    const FORMS: [&str; 7] = [
        "Articolo",
        "Artikel",
        "Artículo",
        "Artigo",
        "Art.",
        "ARTICLE",
        "article",
    ];
    FORMS.iter().find_map(|w| {
        let rest = heading.strip_prefix(w)?;
        let rest = rest.trim_start_matches([' ', '\u{a0}']);
        (rest.len() < heading.len() - w.len() || w.ends_with('.'))
            .then_some(())
            .filter(|()| rest.starts_with(|c: char| c.is_ascii_digit()))
            .map(|()| &heading[..w.len()])
    })
}

/// `Article 8 ter` → (`8 ter`, false); `Article 8 ter (Supprimé)` → (`8 ter`, true).
fn article_heading(heading: &str) -> Option<(String, bool)> {
    let rest = heading
        .strip_prefix("Article ")
        .or_else(|| heading.strip_prefix("Article\u{a0}"))?;
    let rest = rest.trim();
    let (number, deleted) = match rest.strip_suffix(DELETED) {
        Some(n) => (n.trim(), true),
        None => (rest, false),
    };
    (!number.is_empty()).then(|| (number.to_owned(), deleted))
}

/// Writes a text in the stage-text format, so that [`parse_text`] reads it
/// back exactly: Markdown punctuation is escaped, an article whose id is not
/// its default gets `{#id}`, gaps become `> [!GAP]` notes. Line breaks inside
/// an alinéa or heading become spaces and each is trimmed (the format has one
/// paragraph per alinéa, on one line).
pub fn to_markdown(text: &Text) -> String {
    let mut out = String::new();
    for item in &text.items {
        match item {
            Item::Division { level, heading } => {
                let level = usize::from((*level).clamp(1, 6));
                out.push_str(&format!(
                    "{} {}\n\n",
                    "#".repeat(level),
                    escape(heading, false)
                ));
            }
            Item::Article(a) => {
                out.push_str(&format!("## Article {}", escape(&a.number, false)));
                if a.id != default_article_id(&a.number) {
                    out.push_str(&format!(" {{#{}}}", a.id));
                }
                out.push_str("\n\n");
                for line in &a.lines {
                    match line {
                        Line::Alinea(t) if t == DELETED => out.push_str("(Supprimé)\n\n"),
                        Line::Alinea(t) if crate::model::table::is_table(t) => {
                            // A table: its rows, each cell escaped.
                            if let Some(table) = crate::model::table::Table::parse(t) {
                                let escaped = crate::model::table::Table {
                                    rows: table
                                        .rows
                                        .iter()
                                        .map(|r| r.iter().map(|c| escape(c, false)).collect())
                                        .collect(),
                                };
                                // Cells are escaped already: no second « \| ».
                                let text = escaped.to_text().replace("\\\\|", "\\|");
                                out.push_str(&text);
                                out.push_str("\n\n");
                            }
                        }
                        Line::Alinea(t) => {
                            let t = escape(t, true);
                            if !t.is_empty() {
                                out.push_str(&t);
                                out.push_str("\n\n");
                            }
                        }
                        Line::Gap(note) => {
                            out.push_str(&format!("> {GAP_TAG} {}\n\n", escape(note, false)));
                        }
                    }
                }
            }
            Item::Gap { note } => {
                out.push_str(&format!("> {GAP_TAG} {}\n\n", escape(note, false)));
            }
        }
    }
    out
}

/// Undoes Markdown's backslash escapes (« \\( » is « ( »).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Escapes what Markdown would read as markup: ASCII punctuation inline and,
/// for a paragraph, the markers that open a block at the start of a line.
fn escape(s: &str, paragraph: bool) -> String {
    let flat: String = s
        .trim_matches([' ', '\n', '\r', '\t'])
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(flat.len() + 8);
    for c in flat.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '#'
                | '~'
                | '|'
                | '{'
                | '}'
                | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    if paragraph {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        let after = out[digits..].chars().next();
        if out.starts_with(['-', '+', '=']) {
            out.insert(0, '\\');
        } else if digits > 0 && matches!(after, Some('.' | ')')) {
            out.insert(digits, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_texts_read_back_exactly() {
        let tricky = [
            "1. Une liste qui n'en est pas une",
            "2) non plus",
            "- ni un tiret",
            "+ ni un plus",
            "# ni un titre",
            "> ni une citation",
            "=== ni un soulignement",
            "Des *étoiles*, des _soulignés_, `code`, [lien](x), <b>, &amp; et \\ barre",
            "I. – Le code\u{a0}: « 1° » {accolades} ~tilde~ | barre !",
            "    quatre espaces devant",
        ];
        let mut text = Text::default();
        text.items.push(Item::Gap {
            note: "Articles 1 à 2 : non disponibles".to_owned(),
        });
        text.items.push(Item::Division {
            level: 1,
            heading: "Titre 1 : *Dispositions* générales".to_owned(),
        });
        text.items.push(Item::Article(Article {
            id: "2-bis-a".to_owned(),
            number: "3".to_owned(),
            lines: tricky
                .iter()
                .map(|t| Line::Alinea(t.trim().to_owned()))
                .collect(),
        }));
        text.items.push(Item::Article(Article::deleted("4", "4")));
        let md = to_markdown(&text);
        let (back, d) = parse(&md);
        assert!(d.is_empty(), "{d}\n{md}");
        assert_eq!(back, text, "{md}");
    }

    fn parse(s: &str) -> (Text, Diagnostics) {
        let mut d = Diagnostics::default();
        let t = parse_text(Path::new("t.md"), s, &mut d);
        (t, d)
    }

    #[test]
    fn articles_alineas_and_gaps() {
        let (t, d) = parse(
            "# Titre Ier\n\n> [!GAP] Articles 1 to 7 are not available.\n\n## Article 8 ter\n\nI. – Le code\u{a0}:\n\n1° Texte.\n\n> [!GAP] The rest is not available.\n\n## Article 9 {#neuf}\n\n(Supprimé)\n",
        );
        assert!(d.is_empty(), "{d}");
        assert_eq!(t.items.len(), 4);
        let a = t.article("8-ter").unwrap();
        assert_eq!(a.alinea_count(), 2);
        assert!(a.is_partial());
        assert!(t.article("neuf").unwrap().is_deleted());
        assert!(t.is_partial());
    }

    #[test]
    fn hard_wrapped_alinea_is_an_error() {
        let (_, d) = parse("## Article 1er\n\nUne phrase\ncoupée.\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d.0[0].pos.line, 3);
        assert!(d.0[0].message.contains("line break"));
    }

    #[test]
    fn lists_and_stray_text_are_errors() {
        let (_, d) = parse("Préambule.\n\n## Article 1er\n\n1. Premier.\n");
        assert_eq!(d.len(), 3, "{d}");
        assert!(d.0[1].message.contains("list"));
    }

    #[test]
    fn markup_that_would_change_the_text_is_an_error_with_its_position() {
        for (alinea, column) in [
            ("Le *mot* reste.", 4),
            ("Le _mot_ reste.", 4),
            ("Le **gras** reste.", 4),
            ("Le `code` reste.", 4),
            ("Le [lien](https://x) reste.", 4),
            ("Le <https://x> reste.", 4),
            ("Le caract&egrave;re reste.", 10),
            ("Le num&#233;ro reste.", 7),
        ] {
            let (_, d) = parse(&format!("## Article 1er\n\n{alinea}\n"));
            assert_eq!(d.len(), 1, "{alinea}: {d}");
            assert_eq!(d.0[0].pos, Pos::new(3, column), "{alinea}: {d}");
        }
        let (_, d) = parse("## Article 1er\n\nTexte.\n\n[note]: https://example.org\n");
        assert_eq!(d.len(), 1, "{d}");
        assert_eq!(d.0[0].pos, Pos::new(5, 1), "{d}");
        let (_, d) = parse("## Article 1er\n\nTexte[^1].\n\n[^1]: https://example.org\n");
        assert_eq!(d.len(), 2, "the footnote and its definition: {d}");
        // Escaped, each is kept as it is.
        let (t, d) =
            parse("## Article 1er\n\nLe \\*mot\\*, \\`x\\`, \\[l\\](u), \\&amp; et [^1].\n");
        assert!(d.is_empty(), "{d}");
        assert_eq!(
            t.article("1er").unwrap().lines,
            vec![Line::Alinea(
                "Le *mot*, `x`, [l](u), &amp; et [^1].".to_owned()
            )]
        );
    }

    #[test]
    fn empty_article_and_duplicate_are_errors() {
        let (_, d) = parse("## Article 1er\n\n## Article 1er\n\nTexte.\n");
        assert_eq!(d.len(), 3, "{d}");
    }
}
