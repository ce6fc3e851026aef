//! Monitoring: watchlists, the events they match, and their delivery.
//!
//! A watchlist ([`list`], `watch/<name>.yaml`) says what to follow. The
//! events ([`event`]) are derived from the store ([`derive`], through the
//! query layer, plus [`returning`] provisions found by [`similar`]); each
//! has a stable id. [`select`] keeps those a watchlist matches, with the
//! watched words marked in what the change adds or removes ([`pattern`]).
//! [`run`] delivers the new ones, oldest first (printed in a [`render`]ed
//! format, or given to a command), recording each in the watchlist's
//! [`state`] ref as soon as it is delivered.

pub mod atom;
pub mod derive;
pub mod eval;
pub mod event;
pub mod list;
pub mod pattern;
pub mod render;
pub mod returning;
pub mod similar;
pub mod state;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::model::{Outcome, article_key};
use crate::query::QueryError;
use crate::store::{Store, StoreError};
use crate::watch::derive::BillView;
use crate::watch::event::{Event, ExcerptLine, Kind, Piece};
use crate::watch::list::{ArticleKey, Format, Watchlist};
use crate::watch::pattern::tokenize;

/// Why a watch run failed.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The watchlist is invalid (every problem, with its position).
    #[error("{0}")]
    Invalid(Diagnostics),
    /// The store could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
    /// A `--exec` command failed: the event stays new for the next run.
    #[error("{0}")]
    Exec(String),
}

/// Every event of the store's bills, oldest first within each bill, with
/// the returning provisions of the bills `report` accepts.
pub struct Derived {
    /// Each bill with its events (returning ones included), oldest first.
    pub bills: Vec<(BillView, Vec<Event>)>,
}

impl Derived {
    /// Derives the events of every bill in the store; returning provisions
    /// are looked for in the bills `report` accepts (sources in all).
    pub fn from_store(store: &Store, report: &dyn Fn(&str) -> bool) -> Result<Derived, QueryError> {
        let mut bills = Vec::new();
        for slug in store.bills()? {
            let view = BillView::read(store, &slug)?;
            let events = derive::bill_events(store, &view)?;
            bills.push((view, events));
        }
        let returning = {
            let pairs: Vec<(&BillView, &[Event])> =
                bills.iter().map(|(v, e)| (v, e.as_slice())).collect();
            returning::returning_events(&pairs, report)
        };
        let mut by_bill: HashMap<String, Vec<Event>> = HashMap::new();
        for e in returning {
            by_bill.entry(e.bill.clone()).or_default().push(e);
        }
        for (view, events) in &mut bills {
            if let Some(r) = by_bill.remove(view.slug()) {
                events.extend(r);
                derive::sort(events);
            }
        }
        Ok(Derived { bills })
    }
}

/// A watchlist resolved against the store: its article rules as stable ids.
struct Resolved<'w> {
    list: &'w Watchlist,
    /// (bill, stable id) followed.
    articles: HashSet<(String, String)>,
}

/// Checks a watchlist's bills and articles against the store; resolves
/// article numbers to every stable id that carried them.
fn resolve<'w>(list: &'w Watchlist, derived: &Derived) -> Result<Resolved<'w>, WatchError> {
    let mut diags = Diagnostics::default();
    let known: Vec<&str> = derived.bills.iter().map(|(v, _)| v.slug()).collect();
    for b in &list.bills {
        if !known.contains(&b.value.as_str()) {
            diags.push(list.error_at(
                b.pos,
                format!(
                    "no bill `{}` in the store (it has {})",
                    b.value,
                    known.join(", ")
                ),
            ));
        }
    }
    let mut articles = HashSet::new();
    for rule in &list.articles {
        let bills: Vec<&str> = match &rule.bill {
            Some(b) => {
                if !known.contains(&b.value.as_str()) {
                    diags.push(list.error_at(b.pos, format!("no bill `{}` in the store", b.value)));
                    continue;
                }
                vec![b.value.as_str()]
            }
            None => list.bills.iter().map(|b| b.value.as_str()).collect(),
        };
        let mut found = false;
        for (view, events) in &derived.bills {
            if !bills.contains(&view.slug()) {
                continue;
            }
            let mut ids: Vec<String> = Vec::new();
            match &rule.article.value {
                ArticleKey::Id(id) => {
                    if view.texts.iter().any(|t| t.article(id).is_some())
                        || events
                            .iter()
                            .any(|e| e.article.as_ref().is_some_and(|a| &a.id == id))
                    {
                        ids.push(id.clone());
                    }
                }
                ArticleKey::Number(n) => {
                    let key = article_key(n);
                    for t in &view.texts {
                        for a in t.articles() {
                            if article_key(&a.number) == key && !ids.contains(&a.id) {
                                ids.push(a.id.clone());
                            }
                        }
                    }
                    for e in events {
                        if let Some(a) = &e.article
                            && article_key(&a.number) == key
                            && !ids.contains(&a.id)
                        {
                            ids.push(a.id.clone());
                        }
                    }
                }
            }
            found |= !ids.is_empty();
            for id in ids {
                articles.insert((view.slug().to_owned(), id));
            }
        }
        if !found {
            let (what, value) = match &rule.article.value {
                ArticleKey::Id(i) => ("stable id", i),
                ArticleKey::Number(n) => ("number", n),
            };
            diags.push(list.error_at(
                rule.article.pos,
                format!(
                    "no article with {what} `{value}` in {}",
                    if bills.len() == 1 {
                        format!("bill `{}`", bills[0])
                    } else {
                        "the followed bills".to_owned()
                    }
                ),
            ));
        }
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(WatchError::Invalid(diags));
    }
    Ok(Resolved { list, articles })
}

/// The events a watchlist matches, oldest first, each with its excerpt
/// (watched words marked) and the patterns it matched.
pub fn select(list: &Watchlist, derived: &Derived) -> Result<Vec<Event>, WatchError> {
    let r = resolve(list, derived)?;
    let mut out = Vec::new();
    for (_, events) in &derived.bills {
        for e in events {
            if let Some(m) = matches(&r, e) {
                out.push(m);
            }
        }
    }
    Ok(out)
}

/// The event as this watchlist reports it, or None when it does not match.
fn matches(r: &Resolved, e: &Event) -> Option<Event> {
    let list = r.list;
    if !list.bills.is_empty() && !list.bills.iter().any(|b| b.value == e.bill) {
        return None;
    }
    if !list.kinds.is_empty() && !list.kinds.contains(&e.kind) {
        return None;
    }
    if !list.outcomes.is_empty()
        && matches!(
            e.kind,
            Kind::Decided | Kind::Ballot | Kind::Struck | Kind::Restored | Kind::Created
        )
        && let Some(o) = e.outcome
        && !list.outcomes.contains(&o)
    {
        return None;
    }
    if let Some(since) = list.since
        && e.when.epoch_seconds() < since.epoch_seconds()
    {
        return None;
    }
    let (excerpt, matched) = excerpt(list, e);
    let subject = list.follows_everything()
        || e.article
            .as_ref()
            .is_some_and(|a| r.articles.contains(&(e.bill.clone(), a.id.clone())))
        || !matched.is_empty()
        || e.amendments.iter().any(|a| {
            a.authors
                .iter()
                .any(|n| list.authors.contains(&list::fold_name(n)))
                || a.group
                    .as_ref()
                    .is_some_and(|g| list.groups.contains(&g.to_lowercase()))
        });
    if !subject {
        return None;
    }
    let mut out = e.clone();
    out.excerpt = excerpt;
    out.matched = matched;
    Some(out)
}

/// Most excerpt lines shown per event.
const EXCERPT_LINES: usize = 8;
/// Longest excerpt line, in characters (cut around the first match).
const EXCERPT_CHARS: usize = 320;

/// The excerpt of what an event adds and removes, watched words marked, and
/// the watched patterns found there.
fn excerpt(list: &Watchlist, e: &Event) -> (Vec<ExcerptLine>, Vec<String>) {
    let mut lines = Vec::new();
    let mut matched: Vec<String> = Vec::new();
    let texts = e
        .removed
        .iter()
        .map(|t| ("removed", t))
        .chain(e.added.iter().map(|t| ("added", t)));
    for (change, text) in texts {
        let mut ranges = Vec::new();
        if !list.words.is_empty() {
            let tokens = tokenize(text);
            for p in &list.words {
                let found = p.find(&tokens);
                if !found.is_empty() && !matched.contains(&p.source) {
                    matched.push(p.source.clone());
                }
                ranges.extend(found);
            }
        }
        ranges.sort_by_key(|r| r.start);
        lines.push((change, text.as_str(), ranges));
    }
    // Lines with matches first when there are too many to show.
    if lines.len() > EXCERPT_LINES {
        let keep: BTreeSet<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.2.is_empty())
            .map(|(i, _)| i)
            .chain(0..lines.len())
            .take(EXCERPT_LINES)
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        lines = lines
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.contains(i))
            .map(|(_, l)| l)
            .collect();
    }
    let shown = lines
        .into_iter()
        .map(|(change, text, ranges)| ExcerptLine {
            change,
            pieces: pieces(text, &ranges),
        })
        .collect();
    (shown, matched)
}

/// Cuts a line into plain and matched pieces, shortened around the first
/// match when it is long.
fn pieces(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<Piece> {
    let chars = text.chars().count();
    let (mut from, mut to) = (0, text.len());
    if chars > EXCERPT_CHARS {
        let anchor = ranges.first().map_or(0, |r| r.start);
        let before = text[..anchor].chars().count();
        let start_char = before.saturating_sub(EXCERPT_CHARS / 4);
        from = text.char_indices().nth(start_char).map_or(0, |(i, _)| i);
        to = text[from..]
            .char_indices()
            .nth(EXCERPT_CHARS)
            .map_or(text.len(), |(i, _)| from + i);
    }
    let mut out = Vec::new();
    if from > 0 {
        out.push(Piece {
            text: "…".into(),
            matched: false,
        });
    }
    let mut at = from;
    for r in ranges {
        if r.start < at || r.end > to {
            continue;
        }
        if r.start > at {
            out.push(Piece {
                text: text[at..r.start].to_owned(),
                matched: false,
            });
        }
        out.push(Piece {
            text: text[r.clone()].to_owned(),
            matched: true,
        });
        at = r.end;
    }
    if at < to {
        out.push(Piece {
            text: text[at..to].to_owned(),
            matched: false,
        });
    }
    if to < text.len() {
        out.push(Piece {
            text: "…".into(),
            matched: false,
        });
    }
    out
}

/// How a run delivers.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Every matching event from the beginning, state untouched.
    pub all: bool,
    /// Report without recording.
    pub dry_run: bool,
    /// The format, overriding the watchlist's.
    pub format: Option<Format>,
    /// A command per event, overriding the watchlist's.
    pub exec: Option<String>,
    /// Colour for the text format.
    pub color: bool,
    /// The width the text format wraps to.
    pub width: usize,
}

/// What one watchlist's run did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Events delivered (new, or all with `--all`).
    pub delivered: usize,
    /// True when the fingerprint showed nothing could be new.
    pub unchanged: bool,
}

/// Runs one watchlist: derives (unless the store has not changed since its
/// last complete run), selects the new events, delivers and records them.
pub fn run(
    store: &Store,
    list: &Watchlist,
    options: &Options,
    derived: &mut Option<Derived>,
    out: &mut dyn Write,
) -> Result<Report, WatchError> {
    let repo = store.repo();
    let path = store.path();
    let saved = if options.all {
        state::State::default()
    } else {
        state::read(repo, path, &list.name)?
    };
    let fingerprint = state::fingerprint(path, &list.source)?;
    if !options.all && saved.fingerprint.as_deref() == Some(fingerprint.as_str()) {
        return Ok(Report {
            delivered: 0,
            unchanged: true,
        });
    }
    if derived.is_none() {
        *derived = Some(Derived::from_store(store, &|_| true)?);
    }
    let Some(d) = derived.as_ref() else {
        unreachable!("derived just above");
    };
    let matched = select(list, d)?;
    let new: Vec<Event> = matched
        .into_iter()
        .filter(|e| options.all || !saved.seen.contains(&e.id))
        .collect();
    let record = !options.all && !options.dry_run;
    let mut recorder = if record {
        Some(state::Recorder::start(repo, path, &list.name, &saved)?)
    } else {
        None
    };
    let format = options.format.or(list.format).unwrap_or(Format::Text);
    let exec = options.exec.clone().or_else(|| list.exec.clone());
    let mut seen = saved.seen.clone();
    let mut delivered = 0;
    match format {
        Format::Atom => {
            // With a command, each event is delivered (and recorded) by it;
            // the feed document then lists what was delivered.
            if let Some(cmd) = &exec {
                for e in &new {
                    run_exec(cmd, e)?;
                    if let Some(r) = recorder.as_mut() {
                        r.record(&e.id)?;
                    }
                }
            }
            let doc = atom::feed(list, &new);
            out.write_all(doc.as_bytes())
                .and_then(|_| out.flush())
                .map_err(WatchError::Output)?;
            for e in &new {
                seen.insert(e.id.clone());
                delivered += 1;
            }
        }
        _ => {
            let mut header_done = false;
            for e in &new {
                if let Some(cmd) = &exec {
                    run_exec(cmd, e)?;
                }
                let mut text = String::new();
                if !header_done {
                    let lang = render::language(&new);
                    text.push_str(&render::header(list, format, new.len(), lang));
                    header_done = true;
                }
                text.push_str(&render::event(e, format, options.color, options.width));
                out.write_all(text.as_bytes())
                    .and_then(|_| out.flush())
                    .map_err(WatchError::Output)?;
                if let Some(r) = recorder.as_mut() {
                    r.record(&e.id)?;
                }
                seen.insert(e.id.clone());
                delivered += 1;
            }
        }
    }
    if let Some(r) = recorder {
        r.finish(&seen, Some(&fingerprint))?;
    }
    Ok(Report {
        delivered,
        unchanged: false,
    })
}

/// Runs `cmd` through the shell with the event's JSON on standard input.
fn run_exec(cmd: &str, e: &Event) -> Result<(), WatchError> {
    use std::process::{Command, Stdio};
    let json = render::json_line(e);
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("AMENDO_EVENT_ID", &e.id)
        .env("AMENDO_EVENT_KIND", e.kind.as_str())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|err| WatchError::Exec(format!("cannot run `{cmd}`: {err}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input is not an error.
        let _ = stdin.write_all(json.as_bytes());
    }
    let status = child
        .wait()
        .map_err(|err| WatchError::Exec(format!("`{cmd}` did not finish: {err}")))?;
    if !status.success() {
        return Err(WatchError::Exec(format!(
            "`{cmd}` failed ({status}) on event {}: it stays new and will be delivered again on the next run",
            e.id
        )));
    }
    Ok(())
}

/// Loads watchlists (paths relative to `root`; none: every `watch/*.yaml`
/// of the project), every problem in every file reported.
pub fn load_all(root: &Path, paths: &[PathBuf]) -> Result<Vec<Watchlist>, Diagnostics> {
    let mut all = Diagnostics::default();
    let mut paths: Vec<PathBuf> = paths.to_vec();
    if paths.is_empty() {
        let dir = root.join("watch");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
            .collect();
        found.sort();
        if found.is_empty() {
            all.push(crate::diagnostic::Diagnostic::file(
                dir,
                "no watchlist given and none in watch/: name one (`amendo watch FILE`)",
            ));
            return Err(all);
        }
        paths = found;
    }
    let mut out = Vec::new();
    for p in &paths {
        match list::load_from(&root.join(p), p) {
            Ok(w) => out.push(w),
            Err(d) => all.0.extend(d.0),
        }
    }
    let mut names: HashMap<&str, &Path> = HashMap::new();
    for w in &out {
        if let Some(other) = names.insert(&w.name, &w.path) {
            all.push(crate::diagnostic::Diagnostic::file(
                &w.path,
                format!(
                    "watchlist name `{}` is also the name of {}: each watchlist needs its own state",
                    w.name,
                    other.display()
                ),
            ));
        }
    }
    if all.is_empty() { Ok(out) } else { Err(all) }
}

/// True when the outcome counts as turned down (for returning provisions).
pub fn turned_down(o: Outcome) -> bool {
    matches!(o, Outcome::Rejected | Outcome::Withdrawn)
}
