//! Akoma Ntoso `<amendment>` documents into amendment sources
//! (`amendo import akn FILE… --bill BILL`).
//!
//! An AKN amendment document carries one amendment: its number
//! (`FRBRnumber`, else the preface's `docNumber`), its authors
//! (`docProponent`), the text it amends (`affectedDocument`, whose
//! `activeRef` names it), the dates and outcomes of its life (`workflow`
//! steps), its instruction (`amendmentContent`) and its explanation
//! (`amendmentJustification`). Each becomes
//! `amendments/<bill>/<stage>/<number>.yaml`, like the other importers'.
//!
//! The stage is the one given with `--stage`, else the stage that examined
//! amendments on the text the document amends: the stage after the one whose
//! `number:` is that text's number (« DDL 755 » → `number: "755"`).
//!
//! The article is not a field of the schema. It is read from the
//! `amendmentHeading` when the document has one (« Article 3 »), else, for
//! the Italian Parliament's documents (`FRBRcountry` `ita` or `it`), from
//! the number, by the chambers' own numbering: « 1.202 » is an amendment to
//! article 1, « 1.0.3 » one that adds an article after article 1, « 1.200/4 »
//! a sub-amendment to 1.200. Otherwise the article is left empty and the
//! import says so: nothing is guessed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::super::{ImportError, Report, Skipped, names};
use crate::date::LegalTime;
use crate::model::Outcome;

/// One element of a document: its local name, its attributes by local
/// name, its children and its text, in order.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Element(Node),
    Text(String),
}

impl Node {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Element(e) => Some(e),
            Child::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.elements().find(|e| e.name == name)
    }

    /// Every element named `name` under this one, in document order.
    fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Node>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            e.descendants(name, out);
        }
    }

    fn first(&self, name: &str) -> Option<&Node> {
        self.elements().find_map(|e| {
            if e.name == name {
                Some(e)
            } else {
                e.first(name)
            }
        })
    }

    /// The text of the element and its descendants, with runs of white space
    /// as one space. Inline elements (`i`, `b`, `ref`, `quotedText`…) join
    /// the text around them as written; a block or a line break is a space.
    fn text(&self) -> String {
        fn gather(n: &Node, out: &mut String) {
            for c in &n.children {
                match c {
                    Child::Text(t) => out.push_str(t),
                    Child::Element(e) => {
                        let breaks = BREAKING.contains(&e.name.as_str());
                        if breaks {
                            out.push(' ');
                        }
                        gather(e, out);
                        if breaks {
                            out.push(' ');
                        }
                    }
                }
            }
        }
        let mut raw = String::new();
        gather(self, &mut raw);
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The element's paragraphs: the text of each `p` that holds no
    /// other, each prefixed by the `num` before it in its numbered element
    /// (« a) » of a list's item) and by a `heading` it follows; text and
    /// inline elements outside any `p` are paragraphs of their own.
    fn paragraphs(&self) -> Vec<String> {
        fn walk(n: &Node, pending: &mut Vec<String>, loose: &mut String, out: &mut Vec<String>) {
            for c in &n.children {
                match c {
                    Child::Text(t) => loose.push_str(t),
                    Child::Element(e) if e.name == "num" || e.name == "heading" => {
                        flush(loose, out);
                        let t = e.text();
                        if !t.is_empty() {
                            pending.push(t);
                        }
                    }
                    Child::Element(e) if e.name == "p" && e.first("p").is_none() => {
                        flush(loose, out);
                        let mut parts = std::mem::take(pending);
                        parts.push(e.text());
                        let t = parts.join(" ").trim().to_owned();
                        if !t.is_empty() {
                            out.push(t);
                        }
                    }
                    Child::Element(e)
                        if BREAKING.contains(&e.name.as_str()) || e.first("p").is_some() =>
                    {
                        flush(loose, out);
                        walk(e, pending, loose, out);
                        flush(loose, out);
                    }
                    Child::Element(e) => {
                        loose.push_str(&e.text());
                    }
                }
            }
        }
        fn flush(loose: &mut String, out: &mut Vec<String>) {
            let t = loose.split_whitespace().collect::<Vec<_>>().join(" ");
            if !t.is_empty() {
                out.push(t);
            }
            loose.clear();
        }
        let (mut pending, mut loose, mut out) = (Vec::new(), String::new(), Vec::new());
        walk(self, &mut pending, &mut loose, &mut out);
        flush(&mut loose, &mut out);
        // A number or heading with nothing after it is kept, not lost.
        if !pending.is_empty() {
            out.push(pending.join(" "));
        }
        out
    }
}

/// The elements that end a line of text: a block's text never runs into
/// the next block's.
const BREAKING: [&str; 15] = [
    "p",
    "br",
    "eol",
    "eop",
    "item",
    "li",
    "blockList",
    "listIntroduction",
    "listWrapUp",
    "num",
    "heading",
    "subheading",
    "td",
    "th",
    "tr",
];

/// How deep elements may nest: far past any real document (an amendment's
/// is some 15 deep), and shallow enough that reading and dropping the tree,
/// which recurse, stay within a thread's stack.
const MAX_DEPTH: usize = 1000;

/// Reads an XML document into a tree.
fn tree(source: &str) -> Result<Node, super::AknError> {
    let mut reader = Reader::from_str(source);
    let err = |offset: usize, message: String| {
        let (line, column) = super::position(source, offset);
        super::AknError {
            line,
            column,
            message,
        }
    };
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let offset = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| err(offset, format!("not well-formed XML: {e}")))?;
        let attributes = |e: &quick_xml::events::BytesStart<'_>| {
            e.attributes()
                .flatten()
                .map(|a| {
                    let key = a.key.local_name().as_ref().to_owned();
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
                    (key, value)
                })
                .collect()
        };
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(err(
                        offset,
                        format!("elements nested more than {MAX_DEPTH} deep"),
                    ));
                }
                stack.push(Node {
                    name: e.local_name().as_ref().to_owned(),
                    attributes: attributes(&e),
                    children: Vec::new(),
                })
            }
            Event::Empty(e) => {
                let node = Node {
                    name: e.local_name().as_ref().to_owned(),
                    attributes: attributes(&e),
                    children: Vec::new(),
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Element(node));
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                if stack.len() < 2 {
                    return Err(err(offset, format!("</{name}> closes nothing")));
                }
                let node = stack.pop().unwrap_or_default();
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Element(node));
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(t.to_string()));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(t.to_string()));
                }
            }
            Event::GeneralRef(r) => {
                let name = r.to_string();
                let resolved = super::resolve_ref(&name)
                    .ok_or_else(|| err(offset, format!("unknown entity &{name};")))?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Child::Text(resolved));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map_or("", |n| n.name.as_str());
        return Err(err(
            source.len(),
            format!("the document ends inside <{open}>"),
        ));
    }
    stack
        .pop()
        .and_then(|doc| {
            doc.children.into_iter().find_map(|c| match c {
                Child::Element(e) => Some(e),
                Child::Text(_) => None,
            })
        })
        .ok_or_else(|| err(0, "no root element".to_owned()))
}

/// An AKN amendment document, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentDoc {
    /// The number (`1.202`).
    pub number: String,
    /// The number as the preface prints it (« Emendamento n. 1.202 »).
    pub printed: Option<String>,
    /// The authors, in the order given.
    pub authors: Vec<String>,
    /// The date it was tabled (the work's date, or the first step's).
    pub filed: Option<LegalTime>,
    /// The steps of its life: date and outcome as written, in order.
    pub steps: Vec<(Option<LegalTime>, String)>,
    /// The text it amends: its name (« DDL 755 ») and address.
    pub affects: Option<(String, Option<String>)>,
    /// The amendment's heading, when the document has one (« Article 3 »).
    pub heading: Option<String>,
    /// The country (`FRBRcountry`, as written: `ita`).
    pub country: Option<String>,
    /// The language of the expression (`it`).
    pub language: Option<String>,
    /// The body that tabled it (the `TLCOrganization` its author or first
    /// step names: « Senato della Repubblica »).
    pub body: Option<String>,
    /// The work's address (`FRBRuri`).
    pub uri: Option<String>,
    /// The instruction's paragraphs.
    pub instruction: Vec<String>,
    /// The explanation's paragraphs.
    pub justification: Vec<String>,
}

/// What a document that is not an amendment is, when it is AKN.
pub const NOT_AN_AMENDMENT: &str = "not an Akoma Ntoso <amendment> document";

/// The kind of an AKN document (`bill`, `act`, `amendment`…): its root's
/// first element, or None when the source is not XML with an `akomaNtoso`
/// root.
pub fn kind_of(source: &str) -> Option<String> {
    let mut reader = Reader::from_str(source);
    let mut depth = 0;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if depth == 0 && name != "akomaNtoso" {
                    return None;
                }
                if depth == 1 {
                    return Some(name);
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 1 => {
                return Some(e.local_name().as_ref().to_owned());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Reads an AKN `<amendment>` document (any 3.0 namespace).
pub fn parse(source: &str) -> Result<AmendmentDoc, super::AknError> {
    let root = tree(source)?;
    let fail = |message: String| super::AknError {
        line: 1,
        column: 1,
        message,
    };
    if root.name != "akomaNtoso" {
        return Err(fail(format!(
            "not Akoma Ntoso: the root is <{}>, not <akomaNtoso>",
            root.name
        )));
    }
    let Some(doc) = root.elements().next().filter(|d| d.name == "amendment") else {
        return Err(fail(NOT_AN_AMENDMENT.to_owned()));
    };
    let meta = doc.child("meta");
    let work = meta.and_then(|m| m.first("FRBRWork"));
    let expression = meta.and_then(|m| m.first("FRBRExpression"));
    let value = |n: Option<&Node>, name: &str, key: &str| {
        n.and_then(|n| n.child(name))
            .and_then(|e| e.attr(key))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let preface = doc.child("preface");
    let printed = preface
        .and_then(|p| p.first("docNumber"))
        .map(Node::text)
        .filter(|t| !t.is_empty());
    let number = value(work, "FRBRnumber", "value")
        .or_else(|| printed.as_deref().map(number_of))
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            fail("no FRBRnumber and no docNumber: the amendment has no number".into())
        })?;
    let mut authors = Vec::new();
    if let Some(p) = preface {
        let mut proponents = Vec::new();
        p.descendants("docProponent", &mut proponents);
        authors = proponents
            .into_iter()
            .map(Node::text)
            .filter(|t| !t.is_empty())
            .collect();
    }
    // The documents it refers to, by id.
    let mut documents: HashMap<String, (String, Option<String>)> = HashMap::new();
    if let Some(refs) = meta.and_then(|m| m.child("references")) {
        for r in refs.elements() {
            let (Some(id), Some(show)) = (r.attr("id").or(r.attr("eId")), r.attr("showAs")) else {
                continue;
            };
            if matches!(r.name.as_str(), "activeRef" | "passiveRef") {
                documents.insert(
                    id.to_owned(),
                    (show.to_owned(), r.attr("href").map(str::to_owned)),
                );
            }
        }
    }
    let mut steps = Vec::new();
    if let Some(w) = meta.and_then(|m| m.child("workflow")) {
        for s in w.elements().filter(|s| s.name == "step") {
            let date = s.attr("date").and_then(|d| LegalTime::parse(d).ok());
            steps.push((date, s.attr("outcome").unwrap_or("").trim().to_owned()));
        }
    }
    let body = body_of(meta, work);
    let affects = preface.and_then(|p| p.first("affectedDocument")).map(|a| {
        let named = a
            .attr("href")
            .and_then(|h| documents.get(h.trim_start_matches('#')).cloned());
        match named {
            Some((show, href)) => (show, href),
            None => (a.text(), a.attr("href").map(str::to_owned)),
        }
    });
    let dated = |n: Option<&Node>| {
        n.and_then(|n| n.child("FRBRdate"))
            .and_then(|d| d.attr("date"))
            .and_then(|d| LegalTime::parse(d).ok())
    };
    let filed = dated(work)
        .or_else(|| dated(expression))
        .or_else(|| steps.first().and_then(|s| s.0));
    let body_el = doc.child("amendmentBody");
    let part = |name: &str| {
        body_el
            .and_then(|b| b.first(name))
            .map(Node::paragraphs)
            .unwrap_or_default()
    };
    Ok(AmendmentDoc {
        number,
        printed,
        authors,
        filed,
        steps,
        affects,
        heading: body_el
            .and_then(|b| b.first("amendmentHeading"))
            .map(Node::text)
            .filter(|t| !t.is_empty()),
        country: value(work, "FRBRcountry", "value"),
        language: value(expression, "FRBRlanguage", "language"),
        body,
        uri: value(work, "FRBRuri", "value"),
        instruction: part("amendmentContent"),
        justification: part("amendmentJustification"),
    })
}

/// Who made a document and how it is numbered, as its metadata and cover
/// say, for any AKN document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `FRBRcountry`, as written (`ita`, `za`).
    pub country: Option<String>,
    /// `FRBRnumber` (`3`).
    pub number: Option<String>,
    /// The body that made it: the `TLCOrganization` the work's author, else
    /// its first workflow step's actor, names (« Senato della Repubblica »).
    pub body: Option<String>,
    /// The `docType` and `docNumber` as printed (« DISEGNO DI LEGGE »,
    /// « N. 3 »).
    pub doc_type: Option<String>,
    /// See `doc_type`.
    pub doc_number: Option<String>,
}

/// The [`Identity`] of an AKN document; empty when it cannot be read.
pub fn identity(source: &str) -> Identity {
    let Ok(root) = tree(source) else {
        return Identity::default();
    };
    let Some(doc) = root.elements().next() else {
        return Identity::default();
    };
    let meta = doc.child("meta");
    let work = meta.and_then(|m| m.first("FRBRWork"));
    let value = |name: &str| {
        work.and_then(|w| w.child(name))
            .and_then(|e| e.attr("value"))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let printed = |name: &str| doc.first(name).map(Node::text).filter(|t| !t.is_empty());
    Identity {
        country: value("FRBRcountry"),
        number: value("FRBRnumber"),
        body: body_of(meta, work),
        doc_type: printed("docType"),
        doc_number: printed("docNumber"),
    }
}

/// The organisation the work's author, else its first workflow step's
/// actor, refers to.
fn body_of(meta: Option<&Node>, work: Option<&Node>) -> Option<String> {
    let refs = meta.and_then(|m| m.child("references"))?;
    let named = |r: &str| {
        let id = r.trim_start_matches('#');
        refs.elements()
            .filter(|e| e.name == "TLCOrganization")
            .find(|e| e.attr("eId").or(e.attr("id")) == Some(id))
            .and_then(|e| e.attr("showAs"))
            .map(str::to_owned)
    };
    let author = work
        .and_then(|w| w.child("FRBRauthor"))
        .and_then(|a| a.attr("href"))
        .and_then(named);
    author.or_else(|| {
        meta.and_then(|m| m.child("workflow"))
            .and_then(|w| w.elements().find(|s| s.name == "step"))
            .and_then(|s| s.attr("actor"))
            .and_then(named)
    })
}

/// « Emendamento n. 1.202 » → `1.202`; « Amendment 12 » → `12`: the last
/// word.
fn number_of(printed: &str) -> String {
    printed
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches(['.', ','])
        .to_owned()
}

/// The article an amendment is on, as amendo writes it (`1`, `after 1`),
/// and whether it is a sub-amendment (its parent's number), from the
/// Italian chambers' numbering: « 1.202 », « 1-bis.3 », « 1.0.3 » (an
/// article added after article 1), « 1.200/4 » (a sub-amendment to 1.200);
/// « (testo 2) » after it is a new version of the same amendment.
pub fn italian_numbering(number: &str) -> Option<(String, Option<String>)> {
    let core = number.split(" (").next().unwrap_or(number).trim();
    let (own, parent) = match core.split_once('/') {
        Some((p, _)) => (p, Some(p.to_owned())),
        None => (core, None),
    };
    let mut parts = own.split('.');
    let article = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    let article_ok = {
        let (digits, suffix) = match article.split_once('-') {
            Some((d, s)) => (d, Some(s)),
            None => (article, None),
        };
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0')
            && suffix.is_none_or(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase()))
    };
    let numeric = |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !article_ok || rest.is_empty() || !rest.iter().all(numeric) || rest.len() > 2 {
        return None;
    }
    let target = match rest.as_slice() {
        [n] if *n != "0" => article.to_owned(),
        ["0", n] if *n != "0" => format!("after {article}"),
        _ => return None,
    };
    Some((target, parent))
}

/// The article named by a heading (« Article 3 », « Articolo 3 – comma 1 »,
/// « Art. 2-bis »).
fn article_of_heading(heading: &str) -> Option<String> {
    let h = heading.trim();
    let rest = ["Article ", "Articolo ", "Artikel ", "Artículo ", "Art. "]
        .iter()
        .find_map(|p| {
            h.get(..p.len())
                .filter(|s| s.eq_ignore_ascii_case(p))
                .map(|_| &h[p.len()..])
        })?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == ' '))
        .unwrap_or(rest.len());
    let mut words = rest[..end].split_whitespace();
    let first = words.next()?;
    if !first.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // « 8 ter », « 2 bis »: a Latin ordinal after the number belongs to it.
    let mut out = first.to_owned();
    if let Some(w) = words.next()
        && crate::model::LATIN_ADVERBS.contains(&w.to_lowercase().as_str())
    {
        out.push(' ');
        out.push_str(w);
    }
    Some(out)
}

/// The outcome a step's outcome word gives (English or Italian), None when
/// it is not one (« presentazione », « tabled »).
fn outcome_of(word: &str) -> Option<Outcome> {
    let w = crate::model::fold(word);
    let w = w.trim();
    let starts = |ps: &[&str]| ps.iter().any(|p| w.starts_with(p));
    Some(if starts(&["approvat", "adopted", "accolt", "approved"]) {
        Outcome::Adopted
    } else if starts(&["respint", "rejected", "non approvat"]) {
        Outcome::Rejected
    } else if starts(&["ritirat", "withdrawn"]) {
        Outcome::Withdrawn
    } else if starts(&["decadut", "preclus", "assorbit", "fallen", "lapsed"]) {
        Outcome::Fallen
    } else if starts(&["inammissibil", "improponibil", "inadmissible"]) {
        Outcome::Inadmissible
    } else {
        return None;
    })
}

/// What a step's outcome says when it decides nothing: the amendment's
/// tabling (« presentazione », « tabled »), or its being set for a
/// sitting.
fn is_tabling(word: &str) -> bool {
    let w = crate::model::fold(word);
    let w = w.trim();
    w.is_empty()
        || [
            "presentazion",
            "present",
            "tabled",
            "deposit",
            "filed",
            "submitted",
        ]
        .iter()
        .any(|p| w.starts_with(p))
}

/// The files under `inputs` (a folder gives its `.xml` files, all the way
/// down), sorted, each with its path as given.
pub fn files_of(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for e in entries {
            let t = e.file_type()?;
            let p = e.path();
            if t.is_dir() {
                walk(&p, out)?;
            } else if t.is_file()
                && p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("xml") || x.eq_ignore_ascii_case("akn"))
            {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for i in inputs {
        if i.is_dir() {
            walk(i, &mut out).map_err(|e| {
                ImportError::Input(format!("cannot read the folder {}: {e}", i.display()))
            })?;
        } else {
            out.push(i.clone());
        }
    }
    Ok(out)
}

/// Plans the amendment files of bill `bill` under `root` from AKN amendment
/// documents (`sources`: each file with its content), at stage `stage`
/// when given.
pub fn plan(
    root: &Path,
    sources: &[(PathBuf, String)],
    bill: &str,
    stage: Option<&str>,
) -> Result<Report, ImportError> {
    names::file_name(names::Kind::Bill, bill)
        .map_err(|e| ImportError::Input(format!("--bill: {e}")))?;
    let meta = crate::source::load_bill_meta(root, bill).map_err(|d| {
        ImportError::Input(format!(
            "{d}\nbills/{bill}/bill.yaml must be valid before importing into it"
        ))
    })?;
    if let Some(s) = stage
        && !meta.stages.iter().any(|st| st.id == s)
    {
        let ids: Vec<&str> = meta.stages.iter().map(|s| s.id.as_str()).collect();
        return Err(ImportError::Input(format!(
            "--stage {s}: bills/{bill}/bill.yaml has no such stage (its stages: {})",
            ids.join(", ")
        )));
    }
    let mut report = Report {
        files: sources.len(),
        ..Report::default()
    };
    let mut docs = Vec::new();
    for (path, text) in sources {
        match parse(text) {
            Ok(d) => docs.push((path, d)),
            Err(e) => report.skipped.push(Skipped {
                file: path.display().to_string(),
                reason: format!("{}:{}: {}", e.line, e.column, e.message),
            }),
        }
    }
    // Each text amended must have its stage: else nothing is written.
    let mut stage_of: HashMap<String, (String, LegalTime)> = HashMap::new();
    let mut missing = Vec::new();
    for (path, d) in &docs {
        let key = affected_number(d);
        if stage_of.contains_key(&key) {
            continue;
        }
        match stage_for(&meta, stage, &key) {
            Ok(s) => {
                stage_of.insert(key, s);
            }
            Err(why) => {
                let why = format!("{}: {why}", path.display());
                if !missing.contains(&why) {
                    missing.push(why);
                }
            }
        }
    }
    if !missing.is_empty() {
        return Err(ImportError::Input(format!(
            "{}\nnothing was written",
            missing.join("\n")
        )));
    }
    let mut planned = super::super::PlannedAmendments::default();
    report.plan.bills.insert(bill.to_owned());
    for (path, d) in &docs {
        let file = path.display().to_string();
        let Some((stage, stage_date)) = stage_of.get(&affected_number(d)) else {
            continue;
        };
        if let Err(e) = names::file_name(names::Kind::Amendment, &d.number) {
            report.skipped.push(Skipped {
                file,
                reason: e.to_string(),
            });
            continue;
        }
        if let Some(first) = planned.already(stage, &d.number, &file) {
            report.skipped.push(Skipped {
                file,
                reason: format!("amendment {} at stage {stage} is also in {first}", d.number),
            });
            continue;
        }
        let (article, parent) = target_of(d);
        if article.is_empty() {
            report.skipped.push(Skipped {
                file,
                reason: format!(
                    "amendment {}: the document does not say which article it is on (no amendmentHeading, and not the Italian chambers' numbering of amendments to articles)",
                    d.number
                ),
            });
            continue;
        }
        if let Some(f) = d.filed.filter(|f| f.day_string() > stage_date.day_string()) {
            report.warnings.push(format!(
                "{file}: amendment {} was tabled on {}, after stage `{stage}` ({}): check that stage is the one that examined it (--stage)",
                d.number,
                f.day_string(),
                stage_date.day_string()
            ));
        }
        let (outcome, decided) = decision(d, &mut report.warnings, &file);
        let new = render(
            d,
            &article,
            parent.as_deref(),
            outcome,
            decided,
            *stage_date,
        );
        if let Some(l) = &d.language
            && !super::two_letter(l).eq_ignore_ascii_case(&meta.language)
        {
            // Once for the import: the warnings are deduplicated.
            report.warnings.push(format!(
                "amendments in language `{l}`, into a bill whose language is `{}`",
                meta.language
            ));
        }
        planned.plan(&mut report, root, bill, stage, &d.number, outcome, new)?;
    }
    planned.report(&mut report);
    Ok(report)
}

/// The number of the text an amendment amends: « DDL 755 » → `755`, else
/// its address's last part; empty when the document does not say.
fn affected_number(d: &AmendmentDoc) -> String {
    let Some((name, href)) = &d.affects else {
        return String::new();
    };
    let last_word = name.split_whitespace().last().unwrap_or("");
    if last_word.chars().any(|c| c.is_ascii_digit()) {
        return last_word.trim_end_matches(['.', ',']).to_owned();
    }
    href.as_deref()
        .and_then(|h| h.trim_end_matches('/').rsplit('/').next())
        .unwrap_or("")
        .to_owned()
}

/// The stage that examined amendments on text `number` (or `given`).
fn stage_for(
    meta: &crate::model::Bill,
    given: Option<&str>,
    number: &str,
) -> Result<(String, LegalTime), String> {
    if let Some(g) = given
        && let Some(s) = meta.stages.iter().find(|s| s.id == g)
    {
        return Ok((s.id.clone(), s.date));
    }
    if number.is_empty() {
        return Err(
            "the document does not say which text it amends (no affectedDocument): give --stage"
                .to_owned(),
        );
    }
    let Some(i) = meta
        .stages
        .iter()
        .position(|s| s.number.as_deref() == Some(number))
    else {
        return Err(format!(
            "it amends text {number}, and no stage of bills/{}/bill.yaml has `number: \"{number}\"`: add it to the stage whose text it is, or give --stage",
            meta.slug
        ));
    };
    super::super::examining_stage(&meta.stages, i, None)
        .map(|s| (s.id.clone(), s.date))
        .map_err(|why| format!("it amends text {number}, {why}"))
}

/// The article and the parent of an amendment.
fn target_of(d: &AmendmentDoc) -> (String, Option<String>) {
    if let Some(a) = d.heading.as_deref().and_then(article_of_heading) {
        return (a, None);
    }
    let italian = d
        .country
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("ita") || c.eq_ignore_ascii_case("it"));
    if italian && let Some((a, parent)) = italian_numbering(&d.number) {
        return (a, parent);
    }
    (String::new(), None)
}

/// The outcome and, for a decision, its date: the last step that decides.
fn decision(
    d: &AmendmentDoc,
    warnings: &mut Vec<String>,
    file: &str,
) -> (Outcome, Option<LegalTime>) {
    let mut found = (Outcome::Pending, None);
    for (date, word) in &d.steps {
        match outcome_of(word) {
            Some(o) => found = (o, *date),
            None if is_tabling(word) => {}
            None => warnings.push(format!(
                "{file}: amendment {}: step outcome « {word} » is not one amendo knows; the amendment is written as pending",
                d.number
            )),
        }
    }
    found
}

/// An amendment's source file.
fn render(
    d: &AmendmentDoc,
    article: &str,
    parent: Option<&str>,
    outcome: Outcome,
    decided: Option<LegalTime>,
    stage_date: LegalTime,
) -> String {
    let mut source: Vec<String> = Vec::new();
    source.extend(d.body.clone());
    source.push(d.printed.clone().unwrap_or_else(|| d.number.clone()));
    source.extend(d.uri.clone());
    let instruction = d.instruction.join("\n\n");
    let explanation = d.justification.join("\n\n");
    super::super::AmendmentFile {
        number: &d.number,
        article,
        authors: &d.authors,
        group: None,
        filed: d.filed.map(|f| f.day_string()),
        outcome,
        decided: decided.map(|t| t.day_string()),
        parent,
        instruction: &instruction,
        explanation: (!explanation.is_empty()).then_some(explanation.as_str()),
        source: source.join(", "),
    }
    .render(stage_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_italian_chambers_numbering() {
        assert_eq!(italian_numbering("1.202"), Some(("1".into(), None)));
        assert_eq!(italian_numbering("12.3"), Some(("12".into(), None)));
        assert_eq!(italian_numbering("1-bis.3"), Some(("1-bis".into(), None)));
        assert_eq!(italian_numbering("1.0.3"), Some(("after 1".into(), None)));
        assert_eq!(
            italian_numbering("1.200/4"),
            Some(("1".into(), Some("1.200".into())))
        );
        assert_eq!(
            italian_numbering("1.200 (testo 2)"),
            Some(("1".into(), None))
        );
        // Not of that numbering: nothing is read from it.
        for n in [
            "TIT1", "01", "G1.1", "x1.20", "1", "1.", "1.0", "0.1", "1.2.3.4", "S1.1",
        ] {
            assert_eq!(italian_numbering(n), None, "{n}");
        }
    }

    #[test]
    fn list_items_keep_their_numbers_and_loose_text_is_kept() {
        let root = tree(
            "<c><p>Al comma 1:</p><blockList><item><num>a)</num><p>prima;</p></item><item><num>b)</num><p>seconda.</p></item></blockList></c>",
        )
        .unwrap();
        assert_eq!(
            root.paragraphs(),
            ["Al comma 1:", "a) prima;", "b) seconda."]
        );
        let root = tree("<c>testo <i>libero</i><p>poi</p></c>").unwrap();
        assert_eq!(root.paragraphs(), ["testo libero", "poi"]);
    }

    #[test]
    fn elements_nested_too_deep_are_an_error_not_a_crash() {
        let deep = format!("{}{}", "<i>".repeat(5000), "</i>".repeat(5000));
        let e = tree(&deep).unwrap_err();
        assert!(e.message.contains("nested more than 1000 deep"), "{e:?}");
    }

    #[test]
    fn headings_name_articles() {
        assert_eq!(article_of_heading("Article 3"), Some("3".into()));
        assert_eq!(article_of_heading("Article 8 ter"), Some("8 ter".into()));
        assert_eq!(
            article_of_heading("Article 3 – paragraph 1 – point a"),
            Some("3".into())
        );
        assert_eq!(
            article_of_heading("Articolo 2-bis, comma 1"),
            Some("2-bis".into())
        );
        assert_eq!(article_of_heading("Recital 4"), None);
        assert_eq!(article_of_heading("Article"), None);
    }

    #[test]
    fn inline_markup_joins_the_text_around_it_and_blocks_break_it() {
        let root = tree(
            "<a><p><i>dopo la parola:</i>\n «Chiunque», <i>inserire</i></p><p>x<br/>y</p></a>",
        )
        .unwrap();
        assert_eq!(
            root.paragraphs(),
            ["dopo la parola: «Chiunque», inserire", "x y"]
        );
        // French spacing is kept as written.
        let root = tree("<p>les mots : « <i>texte</i> » ;</p>").unwrap();
        assert_eq!(root.text(), "les mots : « texte » ;");
    }
}
