//! Akoma Ntoso (OASIS LegalDocML): `amendo export akn` and `amendo import akn`.
//!
//! Export writes a bill's text at one stage in the final AKN 3.0 namespace:
//! FRBR identification, the title in the preface, divisions as nested
//! `title`/`chapter`/`section`… (`hcontainer` otherwise), articles with one
//! unnumbered `paragraph` per alinéa, gaps as `hcontainer name="gap"`. `eId`s
//! follow the AKN naming convention (`art_8ter`, `art_8ter__para_2`,
//! `chp_2`); an article's stable id, when it is not its number's, is kept
//! in `wId`.
//!
//! Import reads any AKN 3.0 namespace (final or drafts such as `CSD02`) by
//! local names: `article` (or, in documents without articles, `section`) is
//! an article, containers (`part`, `title`, `chapter`…) are divisions, each
//! `p` (and `listIntroduction`) is an alinéa, prefixed by the `num` of the
//! numbered element it opens (`(1)`, `a)`). Headings of articles have no
//! place in amendo's model and are reported, not kept.

use std::collections::HashSet;
use std::fmt::Write;

use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::date::LegalTime;
use crate::model::{Article, Bill, Item, Line, Text, default_article_id};

pub mod amendment;

/// The final AKN 3.0 namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// `8 ter` → `8ter`, `1er` → `1er`: the number part of an eId.
fn eid_number(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// The element and eId prefix for a division heading.
fn container(heading: &str) -> (&'static str, &'static str) {
    let first = heading
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    match first.as_str() {
        "livre" | "book" => ("book", "book"),
        "partie" | "part" => ("part", "part"),
        "titre" | "title" => ("title", "title"),
        "sous-titre" | "subtitle" => ("subtitle", "subtitle"),
        "chapitre" | "chapter" => ("chapter", "chp"),
        "section" => ("section", "sec"),
        "sous-section" | "subsection" => ("subsection", "subsec"),
        _ => ("hcontainer", "hcontainer"),
    }
}

/// The heading level amendo gives each kind of division (`hcontainer`: by
/// its depth).
fn level_of(element: &str) -> Option<u8> {
    match element {
        "book" | "part" | "title" => Some(1),
        "subtitle" | "chapter" => Some(2),
        "subchapter" | "section" => Some(3),
        "subsection" => Some(4),
        _ => None,
    }
}

/// The bill's text at a stage as an AKN 3.0 document.
pub fn export(bill: &Bill, stage: usize, text: &Text) -> String {
    let st = &bill.stages[stage];
    let first = bill.stages.first().map_or(st.date, |s| s.date);
    let work = format!(
        "/akn/{}/bill/{}/{}",
        bill.jurisdiction,
        first.day_string(),
        bill.slug
    );
    let lang = match bill.language.as_str() {
        "fr" => "fra",
        "en" => "eng",
        "it" => "ita",
        other => other,
    };
    let expr = format!("{work}/{lang}@{}", st.date.day_string());
    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(out, "<akomaNtoso xmlns=\"{NAMESPACE}\">");
    let _ = writeln!(out, "  <bill name=\"{}\">", escape(bill.slug.as_str()));
    let _ = writeln!(out, "    <meta>");
    // An XML id for the chamber (« Senato della Repubblica » →
    // `senato-della-repubblica`).
    let chamber_id = default_article_id(&st.chamber);
    let _ = writeln!(out, "      <identification source=\"#amendo\">");
    for (level, this, date, name) in [
        ("FRBRWork", &work, first, "introduced"),
        ("FRBRExpression", &expr, st.date, st.id.as_str()),
        (
            "FRBRManifestation",
            &format!("{expr}/!main.xml"),
            st.date,
            "amendo",
        ),
    ] {
        let _ = writeln!(out, "        <{level}>");
        let _ = writeln!(
            out,
            "          <FRBRthis value=\"{}/!main\"/>",
            escape(this.as_str())
        );
        let _ = writeln!(
            out,
            "          <FRBRuri value=\"{}\"/>",
            escape(this.as_str())
        );
        let _ = writeln!(
            out,
            "          <FRBRdate date=\"{}\" name=\"{}\"/>",
            date.day_string(),
            escape(name)
        );
        let _ = writeln!(out, "          <FRBRauthor href=\"#{chamber_id}\"/>");
        match level {
            "FRBRWork" => {
                let _ = writeln!(
                    out,
                    "          <FRBRcountry value=\"{}\"/>",
                    escape(bill.jurisdiction.as_str())
                );
                if let Some(n) = &st.number {
                    let _ = writeln!(
                        out,
                        "          <FRBRnumber value=\"{}\"/>",
                        escape(n.as_str())
                    );
                }
            }
            "FRBRExpression" => {
                let _ = writeln!(out, "          <FRBRlanguage language=\"{lang}\"/>");
            }
            _ => {}
        }
        let _ = writeln!(out, "        </{level}>");
    }
    let _ = writeln!(out, "      </identification>");
    let _ = writeln!(out, "      <references source=\"#amendo\">");
    // The chamber that made the text, by its name: what an import reads as
    // the stage's chamber.
    let _ = writeln!(
        out,
        "        <TLCOrganization eId=\"{chamber_id}\" href=\"/ontology/organization/{chamber_id}\" showAs=\"{}\"/>",
        escape(crate::store::write::chamber_name(&st.chamber))
    );
    let _ = writeln!(
        out,
        "        <TLCOrganization eId=\"amendo\" href=\"/ontology/organization/amendo\" showAs=\"amendo\"/>"
    );
    let _ = writeln!(out, "      </references>");
    let _ = writeln!(out, "    </meta>");
    let _ = writeln!(out, "    <preface>");
    let _ = writeln!(
        out,
        "      <p><docTitle>{}</docTitle></p>",
        escape(bill.title.as_str())
    );
    let _ = writeln!(out, "    </preface>");
    let _ = writeln!(out, "    <body>");
    // Open divisions: (level, element).
    let mut open: Vec<(u8, &'static str)> = Vec::new();
    let mut counters: std::collections::HashMap<String, usize> = Default::default();
    let mut prefix: Vec<String> = Vec::new();
    let mut used = HashSet::new();
    for item in &text.items {
        match item {
            Item::Division { level, heading } => {
                while open.last().is_some_and(|(l, _)| l >= level) {
                    let (_, el) = open.pop().unwrap_or((0, "hcontainer"));
                    prefix.pop();
                    let _ = writeln!(out, "{}</{el}>", pad(open.len()));
                }
                let (mut el, mut short) = container(heading);
                if level_of(el) != Some(*level) {
                    (el, short) = ("hcontainer", "hcontainer");
                }
                let scope = prefix.join("__");
                let n = counters.entry(format!("{scope}/{short}")).or_default();
                *n += 1;
                let eid = join(&scope, &format!("{short}_{n}"));
                let name = if el == "hcontainer" {
                    " name=\"division\""
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "{}<{el} eId=\"{}\"{name}>",
                    pad(open.len()),
                    escape(eid.as_str())
                );
                let _ = writeln!(
                    out,
                    "{}  <heading>{}</heading>",
                    pad(open.len()),
                    escape(heading.as_str())
                );
                prefix.push(format!("{short}_{n}"));
                open.push((*level, el));
            }
            Item::Article(a) => {
                let mut eid = format!("art_{}", eid_number(&a.number));
                let mut k = 2;
                while !used.insert(eid.clone()) {
                    eid = format!("art_{}_{k}", eid_number(&a.number));
                    k += 1;
                }
                let ind = pad(open.len());
                let wid = if a.id == default_article_id(&a.number) {
                    String::new()
                } else {
                    format!(" wId=\"art_{}\"", escape(a.id.as_str()))
                };
                let _ = writeln!(out, "{ind}<article eId=\"{eid}\"{wid}>");
                let _ = writeln!(
                    out,
                    "{ind}  <num>Article {}</num>",
                    escape(a.number.as_str())
                );
                let (mut para, mut gap) = (0, 0);
                for line in &a.lines {
                    match line {
                        Line::Alinea(t) if crate::model::table::is_table(t) => {
                            para += 1;
                            let _ = writeln!(
                                out,
                                "{ind}  <paragraph eId=\"{eid}__para_{para}\"><content>{}</content></paragraph>",
                                table_xml(t, &format!("{eid}__para_{para}__table_1"))
                            );
                        }
                        Line::Alinea(t) => {
                            para += 1;
                            let _ = writeln!(
                                out,
                                "{ind}  <paragraph eId=\"{eid}__para_{para}\"><content><p>{}</p></content></paragraph>",
                                escape(t.as_str())
                            );
                        }
                        Line::Gap(note) => {
                            gap += 1;
                            let _ = writeln!(
                                out,
                                "{ind}  <hcontainer eId=\"{eid}__hcontainer_{gap}\" name=\"gap\"><content><p>{}</p></content></hcontainer>",
                                escape(note.as_str())
                            );
                        }
                    }
                }
                let _ = writeln!(out, "{ind}</article>");
            }
            Item::Gap { note } => {
                let scope = prefix.join("__");
                let n = counters.entry(format!("{scope}/gap")).or_default();
                *n += 1;
                let _ = writeln!(
                    out,
                    "{}<hcontainer eId=\"{}\" name=\"gap\"><content><p>{}</p></content></hcontainer>",
                    pad(open.len()),
                    escape(join(&scope, &format!("hcontainer_{n}")).as_str()),
                    escape(note.as_str())
                );
            }
        }
    }
    while let Some((_, el)) = open.pop() {
        let _ = writeln!(out, "{}</{el}>", pad(open.len()));
    }
    let _ = writeln!(out, "    </body>");
    let _ = writeln!(out, "  </bill>");
    let _ = writeln!(out, "</akomaNtoso>");
    out
}

/// A table alinéa (`model::table`) as an Akoma Ntoso `table`: the header
/// row's cells as `th`, the others as `td`, each holding a `p`.
fn table_xml(text: &str, eid: &str) -> String {
    let Some(table) = crate::model::table::Table::parse(text) else {
        return format!("<p>{}</p>", escape(text));
    };
    let mut out = format!("<table eId=\"{eid}\">");
    for (i, row) in table.rows.iter().enumerate() {
        out.push_str("<tr>");
        let cell = if i == 0 { "th" } else { "td" };
        for c in row {
            let _ = write!(out, "<{cell}><p>{}</p></{cell}>", escape(c.as_str()));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

fn pad(depth: usize) -> String {
    " ".repeat(6 + 2 * depth)
}

fn join(scope: &str, part: &str) -> String {
    if scope.is_empty() {
        part.to_owned()
    } else {
        format!("{scope}__{part}")
    }
}

/// What an AKN document holds for amendo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's kind (`bill`, `act`…), its root's child.
    pub kind: String,
    /// The title (`docTitle`, else the FRBR alias named `title`).
    pub title: Option<String>,
    /// The expression's date, else the work's.
    pub date: Option<LegalTime>,
    /// The expression's language (`FRBRlanguage`), as a two-letter code
    /// when it is one amendo knows (`fra` → `fr`), else as written.
    pub language: Option<String>,
    /// The namespace it was written in.
    pub namespace: String,
    /// The text.
    pub text: Text,
    /// Article headings met (not kept: amendo's articles have none).
    pub dropped_headings: usize,
}

/// A document that is not well-formed XML or not Akoma Ntoso.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AknError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

fn position(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// What an open element is to the reader.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    Division,
    Article,
    Gap,
}

/// One open element while reading.
struct Open {
    name: String,
    kind: Kind,
    /// For numbered elements inside an article: their `num`, until their
    /// first `p` takes it.
    num: Option<String>,
}

/// A division being read: its level and heading (num and heading), once known.
struct Div {
    level: Option<u8>,
    heading: Option<String>,
    emitted: bool,
}

const CONTAINERS: [&str; 9] = [
    "book",
    "part",
    "title",
    "subtitle",
    "chapter",
    "subchapter",
    "section",
    "subsection",
    "hcontainer",
];

/// Reads an AKN document (any 3.0 namespace).
pub fn parse(source: &str) -> Result<Document, AknError> {
    let mut reader = Reader::from_str(source);
    let err = |offset: usize, message: String| {
        let (line, column) = position(source, offset);
        AknError {
            line,
            column,
            message,
        }
    };
    let has_articles = source.contains("<article") || source.contains(":article");
    let is_article = |name: &str| name == "article" || (!has_articles && name == "section");
    let mut stack: Vec<Open> = Vec::new();
    let mut doc = Document {
        kind: String::new(),
        title: None,
        date: None,
        language: None,
        namespace: String::new(),
        text: Text::default(),
        dropped_headings: 0,
    };
    let mut buf = String::new();
    let mut collecting: Option<&'static str> = None;
    let mut article: Option<Article> = None;
    let mut divs: Vec<Div> = Vec::new();
    let mut in_body = false;
    let mut ids = HashSet::new();
    // A table in an article: its rows' cells, as read so far.
    let mut table: Option<Vec<Vec<String>>> = None;
    loop {
        let offset = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| err(offset, format!("not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                let attr = |k: &str| attribute(&e, k);
                if stack.is_empty() {
                    if name != "akomaNtoso" {
                        return Err(err(
                            offset,
                            format!("not Akoma Ntoso: the root is <{name}>, not <akomaNtoso>"),
                        ));
                    }
                    doc.namespace = e
                        .attributes()
                        .flatten()
                        .filter(|a| a.key.as_ref().starts_with("xmlns"))
                        .map(|a| a.value.to_string())
                        .find(|v| v.starts_with(NAMESPACE))
                        .ok_or_else(|| {
                            err(
                                offset,
                                format!(
                                    "not Akoma Ntoso 3.0: no namespace starting with {NAMESPACE}"
                                ),
                            )
                        })?;
                } else if stack.len() == 1 {
                    doc.kind = name.clone();
                }
                let mut kind = Kind::Other;
                match name.as_str() {
                    "body" | "mainBody" => in_body = true,
                    "docTitle" => {
                        collecting = Some("docTitle");
                        buf.clear();
                    }
                    n if in_body && article.is_none() && is_article(n) => {
                        emit(&mut divs, &mut doc.text);
                        kind = Kind::Article;
                        article = Some(Article {
                            id: attr("wId")
                                .and_then(|w| w.strip_prefix("art_").map(str::to_owned))
                                .unwrap_or_default(),
                            number: String::new(),
                            lines: Vec::new(),
                        });
                    }
                    "hcontainer" if in_body && attr("name").as_deref() == Some("gap") => {
                        if article.is_none() {
                            emit(&mut divs, &mut doc.text);
                        }
                        kind = Kind::Gap;
                    }
                    n if in_body && article.is_none() && CONTAINERS.contains(&n) => {
                        emit(&mut divs, &mut doc.text);
                        kind = Kind::Division;
                        divs.push(Div {
                            level: level_of(n),
                            heading: None,
                            emitted: false,
                        });
                    }
                    "num" | "heading" if in_body => {
                        collecting = Some(if name == "num" { "num" } else { "heading" });
                        buf.clear();
                    }
                    "p" | "listIntroduction" if in_body => {
                        collecting = Some("p");
                        buf.clear();
                    }
                    "table" if in_body && article.is_some() => table = Some(Vec::new()),
                    "tr" => {
                        if let Some(t) = &mut table {
                            t.push(Vec::new());
                        }
                    }
                    "th" | "td" => {
                        if let Some(row) = table.as_mut().and_then(|t| t.last_mut()) {
                            row.push(String::new());
                        }
                    }
                    _ => {}
                }
                stack.push(Open {
                    name,
                    kind,
                    num: None,
                });
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                let attr = |k: &str| attribute(&e, k);
                let in_expression = stack.iter().any(|o| o.name == "FRBRExpression");
                let in_work = stack.iter().any(|o| o.name == "FRBRWork");
                if name == "FRBRdate"
                    && (in_expression || (in_work && doc.date.is_none()))
                    && let Some(d) = attr("date").and_then(|d| LegalTime::parse(&d).ok())
                {
                    doc.date = Some(d);
                }
                if name == "FRBRlanguage"
                    && in_expression
                    && let Some(l) = attr("language").filter(|l| !l.trim().is_empty())
                {
                    doc.language = Some(two_letter(&l));
                }
                if name == "FRBRalias"
                    && attr("name").as_deref() == Some("title")
                    && doc.title.is_none()
                {
                    doc.title = attr("value");
                }
            }
            Event::Text(t) if collecting.is_some() => {
                buf.push_str(&t);
            }
            Event::GeneralRef(r) if collecting.is_some() => {
                let name = r.to_string();
                buf.push_str(
                    &resolve_ref(&name)
                        .ok_or_else(|| err(offset, format!("unknown entity &{name};")))?,
                );
            }
            Event::CData(t) if collecting.is_some() => {
                buf.push_str(&t);
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                let Some(open) = stack.pop() else {
                    return Err(err(offset, format!("</{name}> closes nothing")));
                };
                let flat = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                let parent = stack.last().map_or(Kind::Other, |o| o.kind);
                match (name.as_str(), collecting) {
                    ("docTitle", Some("docTitle")) => {
                        doc.title = Some(flat);
                        collecting = None;
                    }
                    ("num", Some("num")) => {
                        collecting = None;
                        match (parent, &mut article) {
                            (Kind::Article, Some(a)) => a.number = article_number(&flat),
                            (Kind::Division, _) => add_heading(&mut divs, flat),
                            (_, Some(_)) => {
                                if let Some(o) = stack.last_mut() {
                                    o.num = Some(flat);
                                }
                            }
                            _ => {}
                        }
                    }
                    ("heading", Some("heading")) => {
                        collecting = None;
                        match parent {
                            Kind::Division => add_heading(&mut divs, flat),
                            _ if article.is_some() => doc.dropped_headings += 1,
                            _ => {}
                        }
                    }
                    ("p" | "listIntroduction", Some("p")) if table.is_some() => {
                        collecting = None;
                        // A paragraph of a table's cell: the cell's text.
                        if let Some(cell) = table
                            .as_mut()
                            .and_then(|t| t.last_mut())
                            .and_then(|r| r.last_mut())
                        {
                            if !cell.is_empty() && !flat.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&flat);
                        }
                    }
                    ("table", _) if table.is_some() => {
                        let rows = table.take().unwrap_or_default();
                        if let Some(a) = &mut article
                            && !rows.is_empty()
                        {
                            let t = crate::model::table::Table { rows };
                            a.lines.push(Line::Alinea(t.to_text()));
                        }
                    }
                    ("p" | "listIntroduction", Some("p")) => {
                        collecting = None;
                        let mut line = flat;
                        if let Some(n) = stack.iter_mut().rev().find_map(|o| o.num.take()) {
                            line = format!("{n} {line}");
                        }
                        let in_gap = stack.iter().any(|o| o.kind == Kind::Gap);
                        match (&mut article, in_gap, line.is_empty()) {
                            (_, _, true) => {}
                            (Some(a), true, _) => a.lines.push(Line::Gap(line)),
                            (Some(a), false, _) => a.lines.push(Line::Alinea(line)),
                            (None, true, _) => doc.text.items.push(Item::Gap { note: line }),
                            (None, false, _) => {}
                        }
                    }
                    _ => {}
                }
                match open.kind {
                    Kind::Article => {
                        let Some(mut a) = article.take() else {
                            continue;
                        };
                        if a.number.is_empty() {
                            return Err(err(offset, "an article without a <num>".to_owned()));
                        }
                        if a.id.is_empty() {
                            a.id = default_article_id(&a.number);
                        }
                        if !ids.insert(a.id.clone()) {
                            return Err(err(offset, format!("article {} appears twice", a.number)));
                        }
                        if a.lines.is_empty() {
                            a.lines.push(Line::Gap(
                                "The document gives no text for this article.".to_owned(),
                            ));
                        }
                        doc.text.items.push(Item::Article(a));
                    }
                    Kind::Division => {
                        emit(&mut divs, &mut doc.text);
                        divs.pop();
                    }
                    _ => {}
                }
                if matches!(name.as_str(), "body" | "mainBody") {
                    in_body = false;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(o) = stack.last() {
        return Err(err(
            source.len(),
            format!("the document ends inside <{}>", o.name),
        ));
    }
    if doc.text.items.is_empty() {
        return Err(err(
            0,
            format!(
                "no article in the document's body (it is an Akoma Ntoso `<{}>` document): amendo imports a bill's structure of articles",
                doc.kind
            ),
        ));
    }
    Ok(doc)
}

/// A language code as amendo writes it: AKN's three letters (`fra`,
/// `ita`) as two (`fr`, `it`) for the languages amendo has met; any other
/// code as written.
fn two_letter(code: &str) -> String {
    match code.trim() {
        "fra" | "fre" => "fr",
        "eng" => "en",
        "ita" => "it",
        "deu" | "ger" => "de",
        "spa" => "es",
        "por" => "pt",
        "nld" | "dut" => "nl",
        other => other,
    }
    .to_owned()
}

/// What the reference `&name;` stands for: a character reference (`#233`,
/// `#xE9`) or one of XML's five predefined entities.
fn resolve_ref(name: &str) -> Option<String> {
    match name.strip_prefix('#') {
        Some(code) => {
            let n = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => code.parse().ok(),
            };
            n.and_then(char::from_u32).map(String::from)
        }
        None => quick_xml::escape::resolve_predefined_entity(name).map(str::to_owned),
    }
}

/// An attribute's value by local name (`wId`, `name`, `date`).
fn attribute(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| a.value.to_string())
}

fn add_heading(divs: &mut [Div], part: String) {
    if let Some(d) = divs.last_mut() {
        d.heading = Some(match d.heading.take() {
            Some(h) => format!("{h} {part}"),
            None => part,
        });
    }
}

/// Writes the headings of open divisions not written yet.
fn emit(divs: &mut [Div], text: &mut Text) {
    for (i, d) in divs.iter_mut().enumerate() {
        if !d.emitted
            && let Some(h) = &d.heading
        {
            text.items.push(Item::Division {
                level: d.level.unwrap_or(u8::try_from(i + 1).unwrap_or(6).min(6)),
                heading: h.clone(),
            });
            d.emitted = true;
        }
    }
}

/// Plans `amendo import akn`: one bill or act document as a new bill
/// ([`plan`]), or any number of `<amendment>` documents (files, or folders
/// of them) as amendments of bill `bill` ([`amendment::plan`]).
pub fn plan_import(
    root: &std::path::Path,
    inputs: &[std::path::PathBuf],
    bill: Option<&str>,
    stage: Option<&str>,
) -> Result<super::Report, super::ImportError> {
    use super::ImportError;
    let files = amendment::files_of(inputs)?;
    let mut sources = Vec::with_capacity(files.len());
    let mut kinds = Vec::with_capacity(files.len());
    for f in &files {
        let text = read_source(f)?;
        kinds.push(amendment::kind_of(&text));
        sources.push((f.clone(), text));
    }
    let amendments = kinds
        .iter()
        .filter(|k| k.as_deref() == Some("amendment"))
        .count();
    if amendments == 0 {
        let [file] = files.as_slice() else {
            return Err(ImportError::Input(format!(
                "{} files given and none is an Akoma Ntoso <amendment> document: import a bill from one file",
                files.len()
            )));
        };
        if stage.is_some() {
            return Err(ImportError::Input(
                "--stage is for amendment documents: a bill document makes a new bill with its own stage".to_owned(),
            ));
        }
        return plan(file, bill);
    }
    if let Some((f, k)) = files
        .iter()
        .zip(&kinds)
        .find(|(_, k)| k.as_deref() != Some("amendment"))
    {
        let what = k.as_deref().map_or_else(
            || "not an Akoma Ntoso document".to_owned(),
            |k| format!("an Akoma Ntoso <{k}> document"),
        );
        return Err(ImportError::Input(format!(
            "{}: {what}, among amendment documents: import a bill on its own, then its amendments",
            f.display()
        )));
    }
    let bill = bill.ok_or_else(|| {
        ImportError::Input(
            "amendment documents go into an existing bill: give --bill BILL (bills/BILL/bill.yaml must exist)".to_owned(),
        )
    })?;
    amendment::plan(root, &sources, bill, stage)
}

/// A file's text, read within the importers' size limit.
fn read_source(file: &std::path::Path) -> Result<String, super::ImportError> {
    crate::source::read_limited(file, super::MAX_INPUT_BYTES)
        .and_then(|b| {
            String::from_utf8(b).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, format!("not UTF-8: {e}"))
            })
        })
        .map_err(|e| super::ImportError::Input(format!("cannot read {}: {e}", file.display())))
}

/// Plans a bill from an AKN file: `bills/<slug>/bill.yaml` with one stage
/// (`introduced` for a bill, `enacted` for an act) and its text.
pub fn plan(
    file: &std::path::Path,
    slug: Option<&str>,
) -> Result<super::Report, super::ImportError> {
    use super::{ImportError, Report};
    let source = read_source(file)?;
    let doc = parse(&source).map_err(|e| {
        ImportError::Input(format!(
            "{}:{}:{}: {}",
            file.display(),
            e.line,
            e.column,
            e.message
        ))
    })?;
    let slug = match slug {
        Some(s) => s.to_owned(),
        None => default_article_id(
            &file
                .file_stem()
                .map(|s| s.to_string_lossy().replace(".akn", ""))
                .unwrap_or_default(),
        ),
    };
    if let Err(e) = super::names::file_name(super::names::Kind::Bill, &slug) {
        return Err(ImportError::Input(format!("{e}: give --bill")));
    }
    let date = doc.date.ok_or_else(|| {
        ImportError::Input(format!(
            "{}: no FRBRdate in the identification: the stage needs a date",
            file.display()
        ))
    })?;
    let (id, kind) = if doc.kind == "act" {
        ("enacted", crate::model::StageKind::Enacted)
    } else {
        ("introduced", crate::model::StageKind::Introduced)
    };
    let lang = if doc.namespace.ends_with("3.0") {
        "final"
    } else {
        "draft"
    };
    let language = doc.language.clone().unwrap_or_else(|| "unknown".to_owned());
    let who = amendment::identity(&source);
    // The stage's label: the document's type and number as its cover
    // prints them (« Disegno di legge N. 3 »), else its kind and date.
    let label = match (&who.doc_type, &who.doc_number) {
        (Some(t), n) => {
            let t = sentence_case(t);
            match n {
                Some(n) if !t.contains(n.as_str()) => format!("{t} {n}"),
                _ => t,
            }
        }
        (None, _) => format!("{} ({})", doc.kind, date.day_string()),
    };
    let bill = Bill {
        slug: slug.clone(),
        title: doc.title.clone().unwrap_or_else(|| slug.clone()),
        short_title: None,
        // Not in every AKN document: said so rather than guessed.
        jurisdiction: who.country.clone().unwrap_or_else(|| "unknown".to_owned()),
        language: language.clone(),
        links: Vec::new(),
        notes: vec![
            crate::i18n::Lang::from_code(&language).akn_source(
                &file
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
                &doc.namespace,
                lang == "draft",
            ),
        ],
        groups: Default::default(),
        stages: vec![crate::model::Stage {
            id: id.to_owned(),
            label,
            chamber: who.body.clone().unwrap_or_else(|| "unknown".to_owned()),
            kind,
            date,
            text: Some(format!("{id}.md")),
            // What amendments to this text name it by (« DDL 3 »).
            number: who.number.clone(),
            source: None,
            result: None,
            note: None,
        }],
    };
    let yaml = super::write_bill_yaml(&bill);
    let mut report = Report {
        files: 1,
        ..Report::default()
    };
    if doc.dropped_headings > 0 {
        report.warnings.push(format!(
            "{}: {} article headings are not kept (amendo's articles have none)",
            file.display(),
            doc.dropped_headings
        ));
    }
    let base = std::path::Path::new("bills").join(&slug);
    report.totals = vec![
        ("articles", doc.text.articles().count()),
        (
            "divisions",
            doc.text
                .items
                .iter()
                .filter(|i| matches!(i, Item::Division { .. }))
                .count(),
        ),
    ];
    report.plan.add(base.join("bill.yaml"), yaml);
    report.plan.add(
        base.join(format!("{id}.md")),
        crate::source::text::to_markdown(&doc.text),
    );
    report.plan.bills.insert(slug);
    report.finish();
    Ok(report)
}

/// A heading printed in capitals (« DISEGNO DI LEGGE ») in the case of a
/// sentence (« Disegno di legge »); any other as it is.
fn sentence_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_owned();
    }
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `Article 8 ter` → `8 ter`, `Art. 1.` → `1`, `2.` → `2`.
fn article_number(num: &str) -> String {
    let mut n = num.trim();
    for prefix in [
        "Article ",
        "Articolo ",
        "Art. ",
        "Art.",
        "Section ",
        "Sec. ",
    ] {
        if let Some(rest) = n.strip_prefix(prefix) {
            n = rest.trim();
            break;
        }
    }
    n.trim_end_matches('.').trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(article_number("Art. 1."), "1");
        assert_eq!(article_number("Article 8 ter"), "8 ter");
        assert_eq!(article_number("2."), "2");
        assert_eq!(eid_number("8 ter"), "8ter");
    }

    #[test]
    fn malformed_documents_say_where() {
        let e = parse("<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n<bill><body>\n<article><num>1</num></bill>").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = parse("<html></html>").unwrap_err();
        assert!(e.message.contains("not Akoma Ntoso"), "{e:?}");
    }
}
