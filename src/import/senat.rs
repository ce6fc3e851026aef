//! The Sénat's amendments (`amendo import senat FILE --bill BILL`).
//!
//! Two inputs, told apart by their first bytes:
//!
//! - the Sénat's own export, the "jeu complet" CSV: Windows-1252 (decoded by
//!   `encoding_rs`), a first line `sep=<TAB>`, then a header row and one row
//!   per amendment, tab-separated (read by `csv`, so a cell may hold line
//!   breaks inside quotes). The text it was tabled on is the number in the
//!   row's URL (`…/amendements/2013-2014/310/Amdt_COM-1.html`);
//! - La Fabrique de la Loi's Sénat JSON (`{"amendements": [{"amendement":
//!   {…}}]}`), whose `texteloi_id` (`20122013-614`) names the text.
//!
//! [`read`] turns either into [`Row`]s, naming every row it cannot use with
//! its line (CSV) or position (JSON) and the reason (a number that cannot
//! name a file, by `import::names`, among them); [`plan`] writes each row
//! as an ordinary amendment source at the stage after the one whose `number:`
//! is that text's, keeping hand-curated fields ([`super::merge`]), and
//! [`super::publish`] writes them all or none.
//!
//! The Sénat's data does not list identical amendments and the CSV gives no
//! decision date: the history infers identical amendments (same stage,
//! target and dispositif), and an amendment of the CSV is recorded without a
//! decision date (the history orders it by its filing date). A row without a
//! filing date is recorded as filed on the date of the stage that examined
//! it, which bounds it, and the note in its `source:` says so.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use super::names::{self, Kind};
use super::{ImportError, Report, Skipped, html};
use crate::model::{Bill, Outcome};

/// One amendment as the Sénat's data gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Where it is in the input: `file:line` (CSV) or `file: amendement N`
    /// (JSON, 1-based).
    pub at: String,
    /// The number used for the file name: the printed one without its
    /// rectification ("COM-1" for "COM-1 rect.").
    pub number: String,
    /// The number as printed.
    pub printed: String,
    /// The target as printed ("Article 1er", "art. add. après Article 2").
    pub subject: String,
    /// The target as amendo writes it ("1er", "après 2"); `None` when the
    /// data names none.
    pub article: Option<String>,
    /// The Sénat's outcome word, as printed.
    pub sort: String,
    /// What happened to it.
    pub outcome: Outcome,
    /// When it was tabled (`YYYY-MM-DD`), when known.
    pub filed: Option<String>,
    /// When it was decided, when the data says.
    pub decided: Option<String>,
    /// Authors as printed, first author first.
    pub authors: Vec<String>,
    /// On whose behalf ("Groupe UMP", "commission des lois"), when given.
    pub group: Option<String>,
    /// For a sub-amendment, its parent's number.
    pub parent: Option<String>,
    /// The dispositif as text (paragraphs separated by blank lines).
    pub dispositif: String,
    /// The objet (explanation) as text.
    pub explanation: Option<String>,
    /// The number of the text it was tabled on ("310").
    pub text: Option<String>,
    /// Where the amendment is published.
    pub url: Option<String>,
    /// Where it was examined: `Some(true)` in a committee (its page is under
    /// `/amendements/commissions/`, its number `COM-…`), `Some(false)` in the
    /// sitting, `None` when the data does not say.
    pub in_committee: Option<bool>,
}

/// What [`read`] found in a file.
#[derive(Debug, Default)]
pub struct Input {
    /// The usable rows, in file order.
    pub rows: Vec<Row>,
    /// Rows not used, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Reads a Sénat CSV export or a La Fabrique Sénat JSON file.
pub fn read(path: &Path) -> Result<Input, ImportError> {
    // A regular file of a bounded size only: a FIFO or /dev/zero is refused.
    let bytes = crate::source::read_limited(path, super::MAX_INPUT_BYTES)
        .map_err(|e| ImportError::Input(format!("cannot read {}: {e}", path.display())))?;
    let name = path.display().to_string();
    let head = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&bytes[..0], |i| &bytes[i..]);
    if head.starts_with(b"sep=") {
        read_csv(&name, &bytes)
    } else if head.starts_with(b"{") {
        read_json(&name, &bytes)
    } else {
        Err(ImportError::Input(format!(
            "{name}:1:1: neither the Sénat's CSV export (first line `sep=`) nor La Fabrique's Sénat JSON"
        )))
    }
}

/// The CSV's columns amendo reads, by their header (trimmed).
const COLUMNS: [&str; 10] = [
    "Numéro",
    "Subdivision",
    "Auteur",
    "Au nom de",
    "Date de dépôt",
    "Dispositif",
    "Objet",
    "Sort",
    "Url amendement",
    "Nature",
];

fn read_csv(name: &str, bytes: &[u8]) -> Result<Input, ImportError> {
    let (text, _, malformed) = encoding_rs::WINDOWS_1252.decode(bytes);
    if malformed {
        return Err(ImportError::Input(format!("{name}: not Windows-1252 text")));
    }
    // The first line is `sep=<c>`: the delimiter.
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let sep = first
        .trim_end_matches('\r')
        .strip_prefix("sep=")
        .and_then(|s| s.bytes().next())
        .unwrap_or(b'\t');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_reader(rest.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Input(format!("{name}:2: cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut index = HashMap::new();
    for c in COLUMNS {
        match headers.iter().position(|h| h == c) {
            Some(i) => {
                index.insert(c, i);
            }
            None => {
                return Err(ImportError::Input(format!(
                    "{name}:2: no column `{c}` in the header row (columns: {})",
                    headers.join(", ")
                )));
            }
        }
    }
    // The file's line of a record: its start in the data (past the line
    // break that ended the previous record), after the `sep=` line.
    let bytes = rest.as_bytes();
    let line_of = |p: &csv::Position| {
        let mut b = usize::try_from(p.byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while b < bytes.len() && matches!(bytes[b], b'\r' | b'\n') {
            b += 1;
        }
        2 + bytes[..b].iter().filter(|&&c| c == b'\n').count()
    };
    let mut input = Input::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, line_of);
                input.skipped.push(Skipped {
                    file: format!("{name}:{line}"),
                    reason: format!("not a CSV row: {e}"),
                });
                continue;
            }
        };
        // The data's line numbers start after the `sep=` line.
        let line = record.position().map_or(0, line_of);
        let at = format!("{name}:{line}");
        let record: Vec<String> = if record.len() == headers.len() {
            record.iter().map(str::to_owned).collect()
        } else {
            match html_cells_rejoined(&record, sep, headers.len()) {
                Some(cells) => cells,
                None => {
                    input.skipped.push(Skipped {
                        file: at,
                        reason: format!(
                            "{} cells where the header has {} (a tab or quote inside a cell?)",
                            record.len(),
                            headers.len()
                        ),
                    });
                    continue;
                }
            }
        };
        let cell = |c: &str| record.get(index[c]).map_or("", |s| s.trim());
        let printed = cell("Numéro").to_owned();
        let subject = clean(cell("Subdivision"));
        let url = Some(cell("Url amendement").to_owned()).filter(|u| !u.is_empty());
        let (authors, on_behalf) = signatories(cell("Auteur"));
        let sort = cell("Sort").to_owned();
        let row = Row {
            at,
            number: String::new(),
            article: None,
            outcome: outcome(&sort),
            filed: Some(cell("Date de dépôt").to_owned()).filter(|d| !d.is_empty()),
            decided: None,
            authors,
            group: Some(clean(cell("Au nom de")))
                .filter(|g| !g.is_empty())
                .or(on_behalf),
            parent: None,
            dispositif: html::to_text(body(cell("Dispositif"))),
            explanation: Some(html::to_text(body(cell("Objet")))).filter(|e| !e.is_empty()),
            text: url.as_deref().and_then(text_from_url),
            in_committee: examined_in_committee(url.as_deref(), &printed),
            url,
            printed,
            subject,
            sort,
        };
        push_row(&mut input, row, cell("Nature"));
    }
    Ok(input)
}

/// A row with more cells than the header, when the extra ones come from a
/// delimiter inside an HTML cell (the dispositif or the objet: `<body>…
/// </body>`, which the export does not quote): those pieces joined again with
/// the delimiter, if that gives the header's count.
fn html_cells_rejoined(record: &csv::StringRecord, sep: u8, want: usize) -> Option<Vec<String>> {
    let mut cells: Vec<String> = Vec::with_capacity(want);
    let mut open = false;
    for c in record {
        if open {
            let last = cells.last_mut()?;
            last.push(char::from(sep));
            last.push_str(c);
        } else {
            cells.push(c.to_owned());
        }
        let last = cells.last()?;
        open = last.trim_start().starts_with("<body>") && !last.contains("</body>");
    }
    (cells.len() == want && !open).then_some(cells)
}

fn read_json(name: &str, bytes: &[u8]) -> Result<Input, ImportError> {
    let v: Value = serde_json::from_slice(super::without_bom(bytes)).map_err(|e| {
        ImportError::Input(format!(
            "{name}:{}:{}: not valid JSON: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let Some(list) = v.get("amendements").and_then(Value::as_array) else {
        return Err(ImportError::Input(format!(
            "{name}: no `amendements` list (La Fabrique's Sénat JSON is {{\"amendements\": [{{\"amendement\": {{…}}}}]}})"
        )));
    };
    let mut input = Input::default();
    for (i, item) in list.iter().enumerate() {
        let at = format!("{name}: amendement {}", i + 1);
        let Some(a) = item.get("amendement") else {
            input.skipped.push(Skipped {
                file: at,
                reason: "no `amendement` object".to_owned(),
            });
            continue;
        };
        let s = |k: &str| {
            a.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .unwrap_or("")
                .to_owned()
        };
        let rectif: u32 = s("rectif").parse().unwrap_or(0);
        let number = s("numero");
        let printed = match rectif {
            0 => number.clone(),
            1 => format!("{number} rect."),
            n => format!("{number} rect. ({n})"),
        };
        let date = Some(s("date")).filter(|d| !d.is_empty());
        let sort = s("sort");
        let outcome = outcome(&sort);
        let (authors, group) = signatories(&s("signataires"));
        let row = Row {
            at,
            number: String::new(),
            subject: clean(&s("sujet")),
            article: None,
            outcome,
            filed: date.clone(),
            decided: date.filter(|_| matches!(outcome, Outcome::Adopted | Outcome::Rejected)),
            authors,
            group,
            parent: Some(s("sous_amendement_de")).filter(|p| !p.is_empty() && p != "0"),
            dispositif: broken_words_rejoined(&html::to_text(&s("texte"))),
            explanation: Some(html::to_text(&s("expose"))).filter(|e| !e.is_empty()),
            text: s("texteloi_id")
                .rsplit('-')
                .next()
                .map(|n| n.trim_start_matches('0').to_owned())
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())),
            in_committee: examined_in_committee(Some(s("source").as_str()), &number),
            url: Some(s("source")).filter(|u| !u.is_empty()),
            printed,
            sort,
        };
        push_row(&mut input, row, "Amt");
    }
    Ok(input)
}

/// Checks a row's number and target, and keeps it or names why not.
fn push_row(input: &mut Input, mut row: Row, nature: &str) {
    let skip = |row: &Row, reason: String| Skipped {
        file: row.at.clone(),
        reason,
    };
    // Every name taken from the data goes through the one rule for file
    // names (import::names).
    let number = base_number(&row.printed);
    if let Err(e) = names::file_name(Kind::Amendment, &number) {
        let why = format!("number « {} »: {e}", row.printed);
        input.skipped.push(skip(&row, why));
        return;
    }
    row.number = number;
    if let Some(p) = &row.parent
        && let Err(e) = names::file_name(Kind::Amendment, p)
    {
        let why = format!("parent: {e}");
        input.skipped.push(skip(&row, why));
        return;
    }
    if nature.to_lowercase().starts_with("s") && row.parent.is_none() {
        let why = format!(
            "amendment {} is a sub-amendment ({nature}) but the data does not name its parent",
            row.printed
        );
        input.skipped.push(skip(&row, why));
        return;
    }
    if row.subject.is_empty() {
        let why = format!(
            "amendment {} names no target (empty subdivision; outcome « {} »)",
            row.printed, row.sort
        );
        input.skipped.push(skip(&row, why));
        return;
    }
    row.article = Some(super::subject::target(&row.subject));
    input.rows.push(row);
}

/// La Fabrique's Sénat JSON was extracted from the printed amendments line
/// by line, and the extraction broke words the print did not:
///
/// - a first word whose initial was set apart: its paragraphs read « S » and
///   « upprimer les mots : », « I » and « nsérer un alinéa »;
/// - a line that ends inside a word: « Réd » and « iger ainsi cette »,
///   « insér » and « er les mots : », « un alinéa a » and « insi rédigé »;
/// - a word underlined up to the next one: « Avantl’article 23 ».
///
/// A paragraph that is one capital letter is joined to the next when that
/// one starts with a small letter. A paragraph's last word and the next
/// one's first are joined when together they make a word of the drafting
/// vocabulary ([`DRAFTING_WORDS`]: « rédiger », « insérer », « ainsi »,
/// « troisième »…) and neither is one alone, or the second is an
/// agreement's ending (« rédigé » and « e : »). « Avant » or « Après » glued to
/// « l’ » is set apart. Nothing else is touched.
fn broken_words_rejoined(text: &str) -> String {
    let paragraphs: Vec<String> = text.split("\n\n").map(unglued).collect();
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        let joins = out.last().is_some_and(|prev: &String| {
            let initial = {
                let mut c = prev.chars();
                matches!((c.next(), c.next()), (Some(l), None) if l.is_uppercase())
            };
            let next_small = p.chars().next().is_some_and(char::is_lowercase);
            next_small && (initial || split_word(prev, &p))
        });
        match out.last_mut() {
            Some(prev) if joins => prev.push_str(&p),
            _ => out.push(p),
        }
    }
    out.join("\n\n")
}

/// The words of the Sénat's drafting a printed line may have broken, folded
/// (no accents, small letters).
const DRAFTING_WORDS: &[&str] = &[
    "supprimer",
    "rediger",
    "inserer",
    "remplacer",
    "completer",
    "substituer",
    "ajouter",
    "ainsi",
    "redige",
    "redigee",
    "rediges",
    "redigees",
    "suivant",
    "suivante",
    "suivants",
    "suivantes",
    "alinea",
    "alineas",
    "phrase",
    "phrases",
    "premier",
    "premiere",
    "second",
    "seconde",
    "deuxieme",
    "troisieme",
    "quatrieme",
    "cinquieme",
    "sixieme",
    "septieme",
    "huitieme",
    "neuvieme",
    "dixieme",
    "dernier",
    "derniere",
    "paragraphe",
    "article",
    "reference",
];

/// True when `prev` ends and `next` starts with the two halves of a
/// drafting word, neither of which is one alone.
fn split_word(prev: &str, next: &str) -> bool {
    let tail: String = {
        let rev: String = prev
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        rev.chars().rev().collect()
    };
    let head: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    if tail.is_empty() || head.is_empty() {
        return false;
    }
    let known = |w: &str| DRAFTING_WORDS.contains(&crate::model::fold(w).as_str());
    // An agreement ending alone on its line (« rédigé » then « e : »),
    // not the start of an elided word (« alinéa » then « s’il »).
    let ending =
        ["e", "s", "es"].contains(&head.as_str()) && !next[head.len()..].starts_with(['’', '\'']);
    known(&format!("{tail}{head}")) && (ending || !known(&tail)) && !known(&head)
}

/// « Avantl’article 23 » → « Avant l’article 23 » (also « Après », and
/// a straight apostrophe): no French word is spelt so.
fn unglued(paragraph: &str) -> String {
    let mut out = paragraph.to_owned();
    for word in ["Avant", "Après", "avant", "après"] {
        for apostrophe in ["l’", "l'"] {
            out = out.replace(
                &format!("{word}{apostrophe}"),
                &format!("{word} {apostrophe}"),
            );
        }
    }
    out
}

/// The Sénat's list of signatories as authors, one name each, and on whose
/// behalf they tabled it, when the list says. The list is printed as the
/// Sénat prints it: « Mmes Bouchoux, Blandin, M. Gattolin, Mme Benbassa,
/// les membres du Groupe écologiste »: a plural civility (« MM. »,
/// « Mmes ») holds for the names that follow it until the next one, a role
/// (« rapporteure ») belongs to the name before it, and the last item may
/// be « les membres du groupe … » (whose name may hold a comma) or « au nom
/// de la commission … ». Each author is written with their own civility
/// (« Mme Blandin »); the rest is kept as printed.
fn signatories(list: &str) -> (Vec<String>, Option<String>) {
    let list = clean(list);
    let mut authors: Vec<String> = Vec::new();
    let mut group = None;
    // The civility that holds for names printed without one.
    let mut plural: Option<&str> = None;
    let mut rest = list.as_str();
    while !rest.is_empty() {
        let lower = rest.to_lowercase();
        if let Some(g) = ["les membres du ", "les membres de la ", "les membres de "]
            .iter()
            .find_map(|p| lower.starts_with(p).then(|| &rest[p.len()..]))
        {
            group = Some(g.trim().to_owned()).filter(|g| !g.is_empty());
            break;
        }
        if let Some(on) = lower
            .starts_with("au nom de ")
            .then(|| &rest["au nom de ".len()..])
        {
            let on = on.split(", ").next().unwrap_or(on).trim();
            group = Some(on.trim_start_matches("la ").to_owned());
            rest = rest.get("au nom de ".len() + on.len()..).unwrap_or("");
            rest = rest.trim_start_matches([',', ' ']);
            continue;
        }
        let (item, next) = rest.split_once(", ").unwrap_or((rest, ""));
        rest = next;
        let item = item.trim();
        let (civility, name) = match item.split_once(' ') {
            Some(("MM.", n)) => {
                plural = Some("M.");
                (Some("M."), n)
            }
            Some(("Mmes", n)) => {
                plural = Some("Mme");
                (Some("Mme"), n)
            }
            Some((c @ ("M." | "Mme" | "Mlle"), n)) => {
                plural = None;
                (Some(c), n)
            }
            _ => (None, item),
        };
        let role = civility.is_none()
            && crate::model::fold(name).starts_with("rapporteu")
            && !authors.is_empty();
        if role {
            if let Some(last) = authors.last_mut() {
                last.push_str(", ");
                last.push_str(name);
            }
            continue;
        }
        if name.is_empty() {
            continue;
        }
        match civility.or(plural) {
            Some(c) => authors.push(format!("{c} {name}")),
            None => authors.push(name.to_owned()),
        }
    }
    (authors, group)
}

/// Where an amendment was examined, from its page's address (the Sénat
/// publishes a committee's under `/amendements/commissions/`) or, without
/// one, its number (a committee's are `COM-…`).
fn examined_in_committee(url: Option<&str>, number: &str) -> Option<bool> {
    match url {
        Some(u) if u.contains("/amendements/") => Some(u.contains("/amendements/commissions/")),
        _ if number.trim_start().starts_with("COM-") => Some(true),
        _ => None,
    }
}

/// "COM-1 rect." → "COM-1"; "12 rect. bis" → "12".
fn base_number(printed: &str) -> String {
    let p = printed.trim();
    match p.find(" rect") {
        Some(i) => p[..i].trim().to_owned(),
        None => p.to_owned(),
    }
}

/// Non-breaking and repeated spaces as one space.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The inside of `<body>…</body>`, or the whole cell.
fn body(cell: &str) -> &str {
    let start = cell.find("<body>").map_or(0, |i| i + "<body>".len());
    let end = cell.rfind("</body>").unwrap_or(cell.len());
    cell.get(start..end.max(start)).unwrap_or(cell)
}

/// `//www.senat.fr/amendements/commissions/2013-2014/310/Amdt_COM-1.html`
/// → `310`: the path segment after the session (`YYYY-YYYY`).
fn text_from_url(url: &str) -> Option<String> {
    let parts: Vec<&str> = url.split('/').collect();
    let session = parts.iter().position(|p| {
        p.len() == 9
            && p.as_bytes()[4] == b'-'
            && p.chars().filter(char::is_ascii_digit).count() == 8
    })?;
    let n = parts.get(session + 1)?;
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then(|| (*n).to_owned())
}

/// The Sénat's outcome words as amendo's outcomes.
fn outcome(sort: &str) -> Outcome {
    let w = crate::model::fold(sort);
    if w.starts_with("adopt") {
        Outcome::Adopted
    } else if w.starts_with("rejet") {
        Outcome::Rejected
    } else if w.contains("retir") {
        Outcome::Withdrawn
    } else if w.starts_with("tomb") || w.starts_with("satisfait") || w.contains("sans objet") {
        Outcome::Fallen
    } else if w.starts_with("non soutenu") {
        Outcome::NotMoved
    } else if w.starts_with("irrecevable") {
        Outcome::Inadmissible
    } else {
        Outcome::Pending
    }
}

/// The stage that examined amendments on text `number`, by where they were
/// examined: after the Sénat stage (else any stage) with that `number:`,
/// the first of the examining body's kind ([`super::examining_stage`]).
fn stage_for(
    meta: &Bill,
    number: &str,
    in_committee: Option<bool>,
) -> Result<(String, crate::date::LegalTime), String> {
    let with = |senat: bool| {
        meta.stages
            .iter()
            .position(|s| s.number.as_deref() == Some(number) && (!senat || s.chamber == "senat"))
    };
    let Some(i) = with(true).or_else(|| with(false)) else {
        return Err(format!(
            "no stage of bills/{}/bill.yaml has `number: \"{number}\"`",
            meta.slug
        ));
    };
    super::examining_stage(&meta.stages, i, in_committee)
        .map(|s| (s.id.clone(), s.date))
        .map_err(|why| {
            format!(
                "amendments{} are tabled on text n° {number}, {why}",
                super::examined_where(in_committee)
            )
        })
}

/// Reads `file` and plans the amendment files of bill `bill` under `root`.
pub fn plan(root: &Path, file: &Path, bill: &str) -> Result<Report, ImportError> {
    names::file_name(Kind::Bill, bill).map_err(|e| ImportError::Input(format!("--bill: {e}")))?;
    let meta = crate::source::load_bill_meta(root, bill).map_err(|d| {
        ImportError::Input(format!(
            "{d}\nbills/{bill}/bill.yaml must be valid before importing into it"
        ))
    })?;
    let input = read(file)?;
    let mut report = Report {
        files: 1,
        skipped: input.skipped,
        ..Report::default()
    };
    // Every text the rows were tabled on must have its stage: else nothing.
    let mut stages: BTreeMap<(String, Option<bool>), (String, crate::date::LegalTime)> =
        BTreeMap::new();
    let mut missing = Vec::new();
    for r in &input.rows {
        let Some(t) = &r.text else {
            report.skipped.push(Skipped {
                file: r.at.clone(),
                reason: format!(
                    "amendment {} does not say which text it was tabled on (no URL or text id)",
                    r.printed
                ),
            });
            continue;
        };
        if let std::collections::btree_map::Entry::Vacant(e) =
            stages.entry((t.clone(), r.in_committee))
        {
            match stage_for(&meta, t, r.in_committee) {
                Ok(s) => {
                    e.insert(s);
                }
                Err(why) if !missing.contains(&why) => missing.push(why),
                Err(_) => {}
            }
        }
    }
    if !missing.is_empty() {
        return Err(ImportError::Input(format!(
            "{}\nan amendment is examined at the stage after the one whose text it amends; nothing was written",
            missing.join("\n")
        )));
    }
    let mut planned = super::PlannedAmendments::default();
    report.plan.bills.insert(bill.to_owned());
    for r in &input.rows {
        let Some((stage, stage_date)) = r
            .text
            .as_ref()
            .and_then(|t| stages.get(&(t.clone(), r.in_committee)))
        else {
            continue;
        };
        if let Some(first) = planned.already(stage, &r.number, &r.at) {
            report.skipped.push(Skipped {
                file: r.at.clone(),
                reason: format!("amendment {} at stage {stage} is also at {first}", r.number),
            });
            continue;
        }
        let new = render(r, *stage_date);
        planned.plan(&mut report, root, bill, stage, &r.number, r.outcome, new)?;
    }
    planned.report(&mut report);
    Ok(report)
}

/// True when `text`, an amendment's dispositif as the Sénat gives it, is
/// only the notice the Sénat prints in its place when the amendment was
/// declared inadmissible before it was published (« Cet amendement a été
/// déclaré irrecevable par la commission des finances. »): the amendment's
/// text was never published, and this is no instruction to read.
pub fn inadmissibility_notice(text: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let text = text.trim().nfc().collect::<String>().to_lowercase();
    !text.contains('\n') && text.starts_with("cet amendement a été déclaré irrecevable")
}

/// An amendment's source file, fields in the documented order. A notice of
/// inadmissibility in the dispositif's place is kept in the source line;
/// the instruction is left empty (its text is not in the data).
fn render(r: &Row, stage_date: crate::date::LegalTime) -> String {
    let mut source = format!("Sénat, amendement n° {}", r.printed);
    if let Some(u) = &r.url {
        let u = if u.starts_with("//") {
            format!("https:{u}")
        } else {
            u.clone()
        };
        source.push_str(&format!(", {u}"));
    }
    if r.outcome != Outcome::Pending || !r.sort.is_empty() {
        source.push_str(&format!(" (sort : {})", r.sort));
    }
    let notice = inadmissibility_notice(&r.dispositif);
    if notice {
        source.push_str(&format!(
            " ; à la place du dispositif : « {} »",
            r.dispositif.trim()
        ));
    }
    super::AmendmentFile {
        number: &r.number,
        article: r.article.as_deref().unwrap_or(""),
        authors: &r.authors,
        group: r.group.as_deref(),
        filed: r.filed.clone(),
        outcome: r.outcome,
        decided: r.decided.clone(),
        parent: r.parent.as_deref(),
        instruction: if notice { "" } else { &r.dispositif },
        explanation: r.explanation.as_deref(),
        source,
    }
    .render(stage_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_initial_set_apart_is_joined_to_its_word() {
        assert_eq!(
            broken_words_rejoined("Alinéa 5\n\nS\n\nupprimer les mots :\n\n, dont le mandat"),
            "Alinéa 5\n\nSupprimer les mots :\n\n, dont le mandat"
        );
        assert_eq!(
            broken_words_rejoined("I\n\nl est ajouté un alinéa"),
            "Il est ajouté un alinéa"
        );
        // A numbered part (« I », then its text) stays apart.
        assert_eq!(
            broken_words_rejoined("I\n\nL’article 3 est abrogé."),
            "I\n\nL’article 3 est abrogé."
        );
        assert_eq!(broken_words_rejoined("A"), "A");
        // A line broken inside a drafting word (amendments 139, 149 and 7
        // of text n° 660, 2012-2013), and a word glued to the next (94).
        assert_eq!(
            broken_words_rejoined(
                "Alinéa 5, première phrase\n\nRéd\n\niger ainsi cette\n\nphrase :"
            ),
            "Alinéa 5, première phrase\n\nRédiger ainsi cette\n\nphrase :"
        );
        assert_eq!(
            broken_words_rejoined("public\n\ninsér\n\ner les mots :\n\nou privé"),
            "public\n\ninsérer les mots :\n\nou privé"
        );
        assert_eq!(
            broken_words_rejoined(
                "Après l’alinéa 3\n\nI\n\nnsérer\n\nun\n\nalinéa a\n\ninsi rédigé"
            ),
            "Après l’alinéa 3\n\nInsérer\n\nun\n\nalinéa ainsi rédigé"
        );
        assert_eq!(
            broken_words_rejoined("Avantl’article 23\n\nInsérer un article additionnel"),
            "Avant l’article 23\n\nInsérer un article additionnel"
        );
        // Two words that are words alone, or that make no drafting word,
        // stay apart: « alinéa » and « s », « les » and « mots ».
        assert_eq!(
            broken_words_rejoined("un alinéa\n\ns’il y a lieu"),
            "un alinéa\n\ns’il y a lieu"
        );
        assert_eq!(
            broken_words_rejoined("est ainsi\n\nrédigé\n\ne :"),
            "est ainsi\n\nrédigée :"
        );
        assert_eq!(
            broken_words_rejoined("Après les\n\nmots : « x »"),
            "Après les\n\nmots : « x »"
        );
    }

    #[test]
    fn signatories_one_author_each_with_their_civility() {
        let names = |list: &str| {
            let (authors, group) = signatories(list);
            (authors.join(" | "), group)
        };
        assert_eq!(
            names(
                "Mmes Bouchoux, Blandin, M. Gattolin, Mme Benbassa, les membres du Groupe écologiste"
            ),
            (
                "Mme Bouchoux | Mme Blandin | M. Gattolin | Mme Benbassa".to_owned(),
                Some("Groupe écologiste".to_owned())
            )
        );
        assert_eq!(
            names(
                "Mme Létard, M. J.L. Dupont, les membres du Groupe Union des Démocrates, Indépendants - Uc"
            ),
            (
                "Mme Létard | M. J.L. Dupont".to_owned(),
                Some("Groupe Union des Démocrates, Indépendants - Uc".to_owned())
            )
        );
        assert_eq!(
            names("Mme D. Gillot, au nom de la commission de la culture"),
            (
                "Mme D. Gillot".to_owned(),
                Some("commission de la culture".to_owned())
            )
        );
        assert_eq!(
            names("MM. Mézard, Alfonsi, Mme Laborde, MM. Mazars, Vall"),
            (
                "M. Mézard | M. Alfonsi | Mme Laborde | M. Mazars | M. Vall".to_owned(),
                None
            )
        );
        assert_eq!(
            names("Mme Gonthier-Maurin, rapporteure"),
            ("Mme Gonthier-Maurin, rapporteure".to_owned(), None)
        );
        assert_eq!(
            names("M. RAOUL, rapporteur"),
            ("M. RAOUL, rapporteur".to_owned(), None)
        );
        assert_eq!(
            names("Le Gouvernement"),
            ("Le Gouvernement".to_owned(), None)
        );
        assert_eq!(names(""), (String::new(), None));
    }

    #[test]
    fn numbers_targets_and_urls() {
        assert_eq!(base_number("COM-1 rect."), "COM-1");
        assert_eq!(base_number("I-2 rect. bis"), "I-2");
        assert_eq!(
            text_from_url("//www.senat.fr/amendements/commissions/2013-2014/310/Amdt_COM-1.html"),
            Some("310".to_owned())
        );
        assert_eq!(outcome("Satisfait ou sans objet"), Outcome::Fallen);
        assert_eq!(
            outcome("Cet amendement est retiré avant séance"),
            Outcome::Withdrawn
        );
        assert_eq!(
            outcome("En attente de recevabilité financière"),
            Outcome::Pending
        );
    }
}

#[cfg(test)]
mod fixture_tests {
    use super::*;
    use std::fs;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/senat");

    fn project(number: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let bill = dir.path().join("bills/b");
        fs::create_dir_all(&bill).unwrap();
        fs::write(
            bill.join("bill.yaml"),
            format!(
                "title: B\njurisdiction: fr\nlanguage: fr\nstages:\n  - id: senat-depot\n    label: Sénat, texte\n    chamber: senat\n    kind: introduced\n    date: 2013-01-01\n    number: \"{number}\"\n    text: depot.md\n  - id: senat-examen\n    label: Sénat, examen\n    chamber: senat\n    kind: committee\n    date: 2014-06-30\n"
            ),
        )
        .unwrap();
        fs::write(bill.join("depot.md"), "> [!GAP] Not available here.\n").unwrap();
        dir
    }

    #[test]
    fn reads_the_csv_export_and_names_bad_rows_by_line() {
        let path = Path::new(FIXTURES).join("jeu_complet_commission_310_trimmed.csv");
        let input = read(&path).unwrap();
        let numbers: Vec<(&str, &str, Option<&str>)> = input
            .rows
            .iter()
            .map(|r| (r.number.as_str(), r.printed.as_str(), r.article.as_deref()))
            .collect();
        assert_eq!(
            numbers,
            [
                // « Intitulé de la proposition de loi »: the bill's title.
                ("COM-1", "COM-1 rect.", Some("Titre")),
                ("COM-2", "COM-2 rect.", Some("1er")),
                ("COM-3", "COM-3", Some("1er")),
                ("COM-25", "COM-25", Some("4")),
            ]
        );
        // COM-25's objet holds a tab the export did not quote: its pieces
        // are one cell again.
        let objet = input.rows[3].explanation.as_deref().unwrap_or_default();
        assert!(
            objet.contains("La dénomination \"") && objet.contains("acc\u{e8}s sans fil"),
            "{objet}"
        );
        assert_eq!(input.rows[3].outcome, Outcome::Withdrawn);
        assert_eq!(input.rows[1].dispositif, "Supprimer les alinéas 2 et 3");
        assert_eq!(input.rows[1].outcome, Outcome::Fallen);
        assert_eq!(input.rows[0].text.as_deref(), Some("310"));
        let skipped: Vec<String> = input
            .skipped
            .iter()
            .map(|s| {
                let file = s.file.rsplit('/').next().unwrap_or_default().to_owned();
                format!("{file}: {}", s.reason)
            })
            .collect();
        assert_eq!(
            skipped,
            [
                "jeu_complet_commission_310_trimmed.csv:6: amendment COM-22 names no target (empty subdivision; outcome « Cet amendement est retiré avant séance »)",
            ]
        );
    }

    #[test]
    fn reads_la_fabrique_senat_json_with_sub_amendments() {
        let input =
            read(&Path::new(FIXTURES).join("lafabrique-esr-seance-660_trimmed.js")).unwrap();
        let rows: Vec<(&str, Option<&str>, Outcome, Option<&str>)> = input
            .rows
            .iter()
            .map(|r| {
                (
                    r.number.as_str(),
                    r.parent.as_deref(),
                    r.outcome,
                    r.decided.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("4", None, Outcome::Fallen, None),
                ("89", None, Outcome::NotMoved, None),
                ("381", Some("89"), Outcome::Adopted, Some("2013-06-20")),
            ]
        );
        assert!(input.skipped.is_empty());
        // One author each, with their own civility; the group apart.
        assert_eq!(
            input.rows[0].authors,
            ["Mme Bouchoux", "Mme Blandin", "M. Gattolin", "Mme Benbassa"]
        );
        assert_eq!(input.rows[0].group.as_deref(), Some("Groupe écologiste"));
        assert_eq!(
            input.rows[1].authors,
            [
                "M. Mézard",
                "M. Milon",
                "M. Vaugrenard",
                "Mme Génisson",
                "Mme Deroche",
                "Mme Dini",
                "Mme Kammermann"
            ]
        );
        assert_eq!(input.rows[2].authors, ["Le Gouvernement"]);
    }

    /// The notice the Sénat prints where an inadmissible amendment's text
    /// would be (its floor amendments of 2013) is no instruction: the file
    /// has none, and its source line keeps the notice.
    #[test]
    fn a_notice_of_inadmissibility_is_kept_as_the_source_not_the_instruction() {
        let input =
            read(&Path::new(FIXTURES).join("lafabrique-esr-seance-660_trimmed.js")).unwrap();
        let notice = "Cet amendement a été déclaré irrecevable par la commission des finances.";
        let row = Row {
            dispositif: notice.to_owned(),
            outcome: Outcome::Inadmissible,
            sort: "Irrecevable".to_owned(),
            ..input.rows[0].clone()
        };
        let date = crate::date::LegalTime::parse("2013-06-14").unwrap();
        let file = render(&row, date);
        assert!(file.contains("instruction: \"\"\n"), "{file}");
        assert!(
            file.contains(&format!("à la place du dispositif : « {notice} »")),
            "{file}"
        );
        // A real instruction that speaks of inadmissibility stays one.
        assert!(!inadmissibility_notice(
            "Alinéa 3\n\nCet amendement a été déclaré irrecevable : supprimer cet alinéa."
        ));
        assert!(inadmissibility_notice(&format!("  {notice}\n")));
        let kept = render(&input.rows[0], date);
        assert!(!kept.contains("à la place du dispositif"), "{kept}");
    }

    #[test]
    fn numbers_that_cannot_name_a_file_are_refused() {
        let input =
            read(&Path::new(FIXTURES).join("lafabrique-esr-seance-660_trimmed.js")).unwrap();
        let good = input.rows[0].clone();
        for bad in ["../4", "4/5", "..", "", ".4", "con"] {
            let mut out = Input::default();
            push_row(
                &mut out,
                Row {
                    printed: bad.to_owned(),
                    ..good.clone()
                },
                "Amt",
            );
            assert!(out.rows.is_empty(), "{bad}");
            assert!(
                out.skipped[0].reason.contains("cannot name a file"),
                "{bad}: {:?}",
                out.skipped
            );
        }
        let mut out = Input::default();
        push_row(
            &mut out,
            Row {
                printed: "4 rect. bis".to_owned(),
                ..good
            },
            "Amt",
        );
        assert_eq!(out.rows[0].number, "4");
    }

    #[test]
    fn import_is_all_or_nothing_idempotent_and_keeps_curated_fields() {
        let dir = project("310");
        let root = dir.path();
        let file = Path::new(FIXTURES).join("jeu_complet_commission_310_trimmed.csv");
        let report = plan(root, &file, "b").unwrap();
        assert_eq!(report.skipped.len(), 1);
        let lock = super::super::ProjectLock::acquire(root).unwrap();
        let published = super::super::publish(&lock, &report.plan).unwrap();
        assert_eq!(published.written.len(), 4);
        let com2 = root.join("amendments/b/senat-examen/COM-2.yaml");
        let text = fs::read_to_string(&com2).unwrap();
        assert!(text.contains("outcome: fallen\n"), "{text}");
        assert!(text.contains("Sénat, amendement n° COM-2 rect."), "{text}");
        // Again: nothing changes.
        let again = super::super::publish(&lock, &plan(root, &file, "b").unwrap().plan).unwrap();
        assert!(again.written.is_empty());
        assert_eq!(again.unchanged, 4);
        // A corrected instruction kept by hand survives a re-import.
        let curated = text.replace(
            "Supprimer les alinéas 2 et 3",
            "Supprimer les alinéas 2 et 3.",
        ) + "keep: [instruction]\n";
        fs::write(&com2, &curated).unwrap();
        super::super::publish(&lock, &plan(root, &file, "b").unwrap().plan).unwrap();
        let after = fs::read_to_string(&com2).unwrap();
        assert!(after.contains("Supprimer les alinéas 2 et 3.\n"), "{after}");
        assert!(after.contains("keep: [instruction]"), "{after}");
    }

    #[test]
    fn the_sitting_s_amendments_go_to_the_sitting_past_a_committee_without_a_text() {
        // The floor amendments of text n° 660, with a committee stage that
        // adopted no text between that text and the sitting.
        let dir = tempfile::tempdir().unwrap();
        let bill = dir.path().join("bills/b");
        fs::create_dir_all(&bill).unwrap();
        fs::write(
            bill.join("bill.yaml"),
            "title: B\njurisdiction: fr\nlanguage: fr\nstages:\n  - {id: senat-depot, label: Texte, chamber: senat, kind: introduced, date: 2013-01-01, number: \"660\", text: depot.md}\n  - {id: senat-commission, label: Commission, chamber: senat, kind: committee, date: 2013-06-01}\n  - {id: senat-seance, label: Séance, chamber: senat, kind: floor, date: 2013-06-30}\n",
        )
        .unwrap();
        fs::write(bill.join("depot.md"), "> [!GAP] Not available here.\n").unwrap();
        let file = Path::new(FIXTURES).join("lafabrique-esr-seance-660_trimmed.js");
        let report = plan(dir.path(), &file, "b").unwrap();
        let files: Vec<String> = report
            .plan
            .files
            .keys()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            files,
            [
                "amendments/b/senat-seance/381.yaml",
                "amendments/b/senat-seance/4.yaml",
                "amendments/b/senat-seance/89.yaml"
            ]
        );
        assert_eq!(examined_in_committee(None, "COM-3 rect."), Some(true));
        assert_eq!(examined_in_committee(None, "12"), None);
        assert_eq!(
            examined_in_committee(
                Some("//www.senat.fr/amendements/commissions/2013-2014/310/Amdt_COM-1.html"),
                "COM-1"
            ),
            Some(true)
        );
    }

    #[test]
    fn a_text_with_no_stage_writes_nothing() {
        let dir = project("999");
        let root = dir.path();
        let file = Path::new(FIXTURES).join("jeu_complet_commission_310_trimmed.csv");
        let e = plan(root, &file, "b").unwrap_err();
        assert!(
            e.to_string()
                .contains("no stage of bills/b/bill.yaml has `number: \"310\"`"),
            "{e}"
        );
        assert!(!root.join("amendments").exists());
    }

    #[test]
    fn a_file_of_another_kind_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        fs::write(&path, "Nature\tNuméro\n").unwrap();
        let e = read(&path).unwrap_err();
        assert!(
            e.to_string().ends_with(
                "neither the Sénat's CSV export (first line `sep=`) nor La Fabrique's Sénat JSON"
            ),
            "{e}"
        );
    }
}
