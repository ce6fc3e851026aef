//! The watchlist format (`watch/<name>.yaml`), read and validated like every
//! other source: every problem is a [`Diagnostic`] at `path:line:column`,
//! all of them in one run. The format is documented in `docs/watch.md`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::LegalTime;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::Outcome;
use crate::source::is_slug;
use crate::watch::event::Kind;
use crate::watch::pattern::Pattern;
use crate::yaml::{self, Located};

/// How events are delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// One JSON object per line (docs/watch.md).
    Json,
    /// An Atom feed document.
    Atom,
    /// A Markdown digest, ready to send by mail.
    Markdown,
}

impl Format {
    /// Reads a format name.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "atom" => Format::Atom,
            "markdown" => Format::Markdown,
            _ => return None,
        })
    }
}

/// An article followed by a watchlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleRule {
    /// The bill; None: every followed bill.
    pub bill: Option<Located<String>>,
    /// The designation as printed at any stage (`8 ter`), or the stable id.
    pub article: Located<ArticleKey>,
}

/// How an article is named in a watchlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleKey {
    /// Its number at any stage; every stable id it had is followed.
    Number(String),
    /// Its stable id.
    Id(String),
}

/// A validated watchlist.
#[derive(Clone, Debug)]
pub struct Watchlist {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its text, for later diagnostics.
    pub source: String,
    /// The name of its state ref (`refs/amendo/watch/<name>`).
    pub name: String,
    /// A title for digests and feeds.
    pub title: String,
    /// Bills followed (empty: every bill).
    pub bills: Vec<Located<String>>,
    /// Articles followed.
    pub articles: Vec<ArticleRule>,
    /// Words and phrases followed in what changes add or remove.
    pub words: Vec<Pattern>,
    /// Authors followed (folded names).
    pub authors: Vec<String>,
    /// Groups followed (short names, as amendments give them).
    pub groups: Vec<String>,
    /// Outcomes of interest for decisions and ballots (empty: all).
    pub outcomes: Vec<Outcome>,
    /// Event kinds of interest (empty: all).
    pub kinds: Vec<Kind>,
    /// Events before this are ignored.
    pub since: Option<LegalTime>,
    /// The delivery format, unless the command line says otherwise.
    pub format: Option<Format>,
    /// A command run once per event, unless the command line says otherwise.
    pub exec: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: Option<Located<String>>,
    title: Option<Located<String>>,
    #[serde(default)]
    bills: Vec<Located<String>>,
    #[serde(default)]
    articles: Vec<RawArticle>,
    #[serde(default)]
    words: Vec<Located<String>>,
    #[serde(default)]
    authors: Vec<Located<String>>,
    #[serde(default)]
    groups: Vec<Located<String>>,
    #[serde(default)]
    outcomes: Vec<Located<String>>,
    #[serde(default)]
    events: Vec<Located<String>>,
    since: Option<Located<String>>,
    deliver: Option<RawDeliver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    bill: Option<Located<String>>,
    number: Option<Located<Scalar>>,
    id: Option<Located<String>>,
}

/// A YAML scalar read as text (`number: 12` and `number: "12"` alike).
#[derive(Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Int(i) => i.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeliver {
    format: Option<Located<String>>,
    exec: Option<Located<String>>,
}

/// True for a name git accepts as one ref component and a reader can type.
pub fn is_ref_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['.', '-'])
        && !s.ends_with(".lock")
        && !s.contains("..")
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Reads and validates a watchlist file.
pub fn load(path: &Path) -> Result<Watchlist, Diagnostics> {
    load_from(path, path)
}

/// Reads the watchlist at `file`, naming it `shown` in diagnostics.
pub fn load_from(file: &Path, shown: &Path) -> Result<Watchlist, Diagnostics> {
    let mut diags = Diagnostics::default();
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::file(shown, format!("cannot read: {e}")));
            return Err(diags);
        }
    };
    parse(shown, &source)
}

/// Validates a watchlist's text (`path` names it in diagnostics).
pub fn parse(path: &Path, source: &str) -> Result<Watchlist, Diagnostics> {
    let mut diags = Diagnostics::default();
    let at = |pos: Pos, message: String| Diagnostic::at(path, source, pos, message);
    let raw: Raw = match yaml::from_str(source) {
        Ok(r) => r,
        Err(e) => {
            diags.push(at(e.pos, e.message));
            return Err(diags);
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_owned();
    let name = match &raw.name {
        Some(n) => {
            if !is_ref_name(&n.value) {
                diags.push(at(
                    n.pos,
                    format!(
                        "`{}` cannot name the watchlist's state: use letters, digits, `-`, `_` and `.`",
                        n.value
                    ),
                ));
            }
            n.value.clone()
        }
        None => {
            if !is_ref_name(&stem) {
                diags.push(Diagnostic::file(
                    path,
                    format!(
                        "the file name `{stem}` cannot name the watchlist's state: rename the file or give a `name:` (letters, digits, `-`, `_`, `.`)"
                    ),
                ));
            }
            stem.clone()
        }
    };
    for b in &raw.bills {
        if !is_slug(&b.value) {
            diags.push(at(
                b.pos,
                format!(
                    "`{}` is not a bill slug (lower-case letters, digits and dashes)",
                    b.value
                ),
            ));
        }
    }
    let mut articles = Vec::new();
    for a in &raw.articles {
        if let Some(b) = &a.bill
            && !is_slug(&b.value)
        {
            diags.push(at(b.pos, format!("`{}` is not a bill slug", b.value)));
        }
        let key = match (&a.number, &a.id) {
            (Some(n), None) => Located {
                value: ArticleKey::Number(n.value.text()),
                pos: n.pos,
            },
            (None, Some(i)) => Located {
                value: ArticleKey::Id(i.value.clone()),
                pos: i.pos,
            },
            (Some(n), Some(_)) => {
                diags.push(at(
                    n.pos,
                    "give the article's `number` or its stable `id`, not both".into(),
                ));
                continue;
            }
            (None, None) => {
                let pos = a.bill.as_ref().map(|b| b.pos).unwrap_or_default();
                diags.push(at(
                    pos,
                    "an article needs its `number` (as printed, `8 ter`) or its stable `id`".into(),
                ));
                continue;
            }
        };
        if matches!(&key.value, ArticleKey::Number(n) | ArticleKey::Id(n) if n.trim().is_empty()) {
            diags.push(at(key.pos, "empty article".into()));
            continue;
        }
        if a.bill.is_none() && raw.bills.is_empty() {
            diags.push(at(
                key.pos,
                "say which bill this article is in (`bill:`), or list the followed bills in `bills:`"
                    .into(),
            ));
        }
        articles.push(ArticleRule {
            bill: a.bill.clone(),
            article: key,
        });
    }
    let mut words = Vec::new();
    for w in &raw.words {
        match Pattern::parse(&w.value) {
            Ok(p) => words.push(p),
            Err(e) => {
                // Point into the value (a quoted scalar starts one column later).
                let line = source
                    .lines()
                    .nth(w.pos.line.saturating_sub(1))
                    .unwrap_or("");
                let col0: usize = w.pos.column.saturating_sub(1);
                let quoted = line
                    .chars()
                    .nth(col0)
                    .is_some_and(|c| c == '"' || c == '\'');
                let pos = Pos::new(w.pos.line, w.pos.column + usize::from(quoted) + e.column);
                diags.push(at(
                    pos,
                    format!("bad word pattern `{}`: {}", w.value, e.message),
                ));
            }
        }
    }
    for a in &raw.authors {
        if a.value.trim().is_empty() {
            diags.push(at(a.pos, "empty author name".into()));
        }
    }
    for g in &raw.groups {
        if g.value.trim().is_empty() {
            diags.push(at(g.pos, "empty group name".into()));
        }
    }
    let mut outcomes = Vec::new();
    for o in &raw.outcomes {
        match parse_outcome(&o.value) {
            Some(x) => outcomes.push(x),
            None => diags.push(at(
                o.pos,
                format!(
                    "unknown outcome `{}`: use adopted, rejected, withdrawn, fallen, not-moved, inadmissible or pending",
                    o.value
                ),
            )),
        }
    }
    let mut kinds = Vec::new();
    for k in &raw.events {
        match Kind::parse(&k.value) {
            Some(x) => kinds.push(x),
            None => diags.push(at(
                k.pos,
                format!(
                    "unknown event kind `{}`: use {}",
                    k.value,
                    Kind::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    let since = match &raw.since {
        Some(s) => match LegalTime::parse(&s.value) {
            Ok(t) => Some(t),
            Err(e) => {
                diags.push(at(s.pos, e));
                None
            }
        },
        None => None,
    };
    let mut format = None;
    let mut exec = None;
    if let Some(d) = &raw.deliver {
        if let Some(f) = &d.format {
            match Format::parse(&f.value) {
                Some(x) => format = Some(x),
                None => diags.push(at(
                    f.pos,
                    format!(
                        "unknown format `{}`: use text, json, atom or markdown",
                        f.value
                    ),
                )),
            }
        }
        if let Some(e) = &d.exec {
            if e.value.trim().is_empty() {
                diags.push(at(e.pos, "empty command".into()));
            } else {
                exec = Some(e.value.clone());
            }
        }
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(diags);
    }
    Ok(Watchlist {
        path: path.to_path_buf(),
        source: source.to_owned(),
        title: raw
            .title
            .map(|t| t.value)
            .unwrap_or_else(|| format!("Watchlist {name}")),
        name,
        bills: raw.bills,
        articles,
        words,
        authors: raw.authors.iter().map(|a| fold_name(&a.value)).collect(),
        groups: raw.groups.iter().map(|g| g.value.to_lowercase()).collect(),
        outcomes,
        kinds,
        since,
        format,
        exec,
    })
}

fn parse_outcome(s: &str) -> Option<Outcome> {
    [
        Outcome::Adopted,
        Outcome::Rejected,
        Outcome::Withdrawn,
        Outcome::Fallen,
        Outcome::NotMoved,
        Outcome::Inadmissible,
        Outcome::Pending,
    ]
    .into_iter()
    .find(|o| o.as_str() == s)
}

/// A person's name as compared: folded, single spaces.
pub fn fold_name(s: &str) -> String {
    crate::watch::pattern::folded_words(s).join(" ")
}

impl Watchlist {
    /// A diagnostic at `pos` in the watchlist file.
    pub fn error_at(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, &self.source, pos, message)
    }

    /// True when the watchlist names no subject (articles, words, authors,
    /// groups): everything in its bills is followed.
    pub fn follows_everything(&self) -> bool {
        self.articles.is_empty()
            && self.words.is_empty()
            && self.authors.is_empty()
            && self.groups.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse(Path::new("watch/x.yaml"), text) {
            Ok(_) => Vec::new(),
            Err(d) => d.0.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn a_full_watchlist_reads() {
        let w = parse(
            Path::new("watch/chiffrement.yaml"),
            "title: Chiffrement\nbills: [narcotrafic]\narticles:\n  - number: 8 ter\n  - bill: narcotrafic\n    id: 8-ter\nwords: [chiffrement, \"contenu intelligible\"]\noutcomes: [adopted, not-moved]\nevents: [struck, ballot]\nsince: 2025-03-01\ndeliver:\n  format: markdown\n",
        )
        .unwrap();
        assert_eq!(w.name, "chiffrement");
        assert_eq!(w.articles.len(), 2);
        assert_eq!(w.words.len(), 2);
        assert_eq!(w.outcomes, [Outcome::Adopted, Outcome::NotMoved]);
        assert_eq!(w.kinds, [Kind::Struck, Kind::Ballot]);
        assert_eq!(w.format, Some(Format::Markdown));
    }

    #[test]
    fn every_error_is_reported_with_its_position() {
        let e = errors(
            "bills: [Narco]\nwords: [\"ch*ffrement\"]\noutcomes: [adopted, lost]\nevents: [tabled, voted]\nsince: 2025-13-01\n",
        );
        assert_eq!(e.len(), 5, "{e:#?}");
        assert!(
            e[0].starts_with("watch/x.yaml:1:9: `Narco` is not a bill slug"),
            "{}",
            e[0]
        );
        assert!(
            e[1].starts_with("watch/x.yaml:2:12: bad word pattern"),
            "{}",
            e[1]
        );
        assert!(
            e[2].starts_with("watch/x.yaml:3:21: unknown outcome `lost`"),
            "{}",
            e[2]
        );
        assert!(
            e[3].starts_with("watch/x.yaml:4:18: unknown event kind `voted`"),
            "{}",
            e[3]
        );
        assert!(
            e[4].starts_with("watch/x.yaml:5:8: `2025-13-01` is not a date"),
            "{}",
            e[4]
        );
    }

    #[test]
    fn unknown_fields_are_errors() {
        let e = errors("bills: [a]\nword: [x]\n");
        assert!(
            e[0].starts_with("watch/x.yaml:2:1: unknown field `word`"),
            "{e:?}"
        );
    }

    #[test]
    fn an_article_needs_a_bill_and_one_key() {
        let e = errors("articles:\n  - number: 8 ter\n");
        assert!(e[0].contains("say which bill"), "{e:?}");
        let e = errors("bills: [a]\narticles:\n  - number: 1\n    id: art-1\n");
        assert!(e[0].contains("not both"), "{e:?}");
        assert!(errors("bills: [a]\narticles:\n  - number: 12\n").is_empty());
    }
}
