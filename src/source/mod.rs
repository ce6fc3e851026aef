//! The source loader: `bills/` and `amendments/` to a validated [`Project`].
//!
//! Layout (see `docs/formats.md`):
//!
//! ```text
//! bills/<bill>/bill.yaml                       metadata and stages
//! bills/<bill>/<stage>.md                      official text at a stage
//! amendments/<bill>/<stage>/<number>.yaml      one amendment
//! ```
//!
//! Loading never stops at the first problem: every file is read and checked,
//! and all problems come back together as [`Diagnostics`], each with a file,
//! line and column. Nothing here writes anything.

pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::date::LegalTime;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, relative};
use crate::model::Operation;
use crate::model::{
    Amendment, Ballot, Bill, BillData, CreditLine, GroupVote, Link, MemberVote, Outcome, Position,
    Project, Stage, StageKind, Stance, Target, Text, Vote,
};
use crate::yaml::{self, Located};

/// True for `[a-z0-9-]+` without leading or trailing dash.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True for an amendment number usable as a file and ref name: letters,
/// digits, `-`, `_`, `.`; no `..`, no `/`.
pub fn is_amendment_number(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('.')
        && !s.contains("..")
        && !s.ends_with(".lock")
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBill {
    title: String,
    #[serde(default)]
    short_title: Option<String>,
    jurisdiction: String,
    language: String,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    groups: BTreeMap<String, String>,
    stages: Vec<RawStage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    id: Located<String>,
    label: String,
    chamber: String,
    kind: StageKind,
    date: Located<String>,
    #[serde(default)]
    text: Option<Located<String>>,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    result: Option<crate::model::StageResult>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawAmendment {
    number: Located<String>,
    article: Located<String>,
    authors: Located<Vec<String>>,
    #[serde(default)]
    group: Option<Located<String>>,
    filed: Located<String>,
    outcome: Located<Outcome>,
    #[serde(default)]
    decided: Option<Located<String>>,
    #[serde(default)]
    parent: Option<Located<String>>,
    #[serde(default)]
    identical: Vec<Located<String>>,
    instruction: Located<String>,
    #[serde(default)]
    operations: Option<Vec<Operation>>,
    #[serde(default)]
    credits: Vec<CreditLine>,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    vote: Option<RawVote>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    keep: Vec<Located<String>>,
}

/// The fields an importer writes, which `keep:` may protect from it.
pub const IMPORTED_FIELDS: [&str; 14] = [
    "number",
    "article",
    "authors",
    "group",
    "filed",
    "outcome",
    "decided",
    "parent",
    "identical",
    "instruction",
    "credits",
    "explanation",
    "vote",
    "source",
];

/// The folder, inside a stage's amendments, that holds ballots' rolls.
pub const BALLOTS_DIR: &str = "ballots";

/// A ballot file (`<stage>/ballots/<number>.yaml`). Named by an amendment's
/// vote (`members:`), it is that ballot's roll, with what was put to the
/// vote; named by none, it is a ballot that decided no amendment (on an
/// article, on the whole text, on a motion), and carries the vote's own
/// fields: date, result and counts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBallotFile {
    ballot: Located<String>,
    #[serde(default)]
    date: Option<Located<String>>,
    #[serde(default)]
    question: Option<Located<String>>,
    #[serde(default)]
    majority: Option<String>,
    #[serde(default)]
    result: Option<Located<Outcome>>,
    #[serde(default)]
    voting: Option<Located<u32>>,
    #[serde(default)]
    cast: Option<Located<u32>>,
    #[serde(default, rename = "for")]
    yes: Option<Located<u32>>,
    #[serde(default)]
    against: Option<Located<u32>>,
    #[serde(default)]
    abstentions: Option<Located<u32>>,
    #[serde(default)]
    groups: Vec<RawGroupVote>,
    #[serde(default)]
    note: Option<Located<String>>,
    #[serde(default)]
    source: Option<Located<String>>,
    members: Vec<MemberVote>,
}

/// What a ballot file adds to the vote that names it.
#[derive(Clone)]
struct Roll {
    members: Vec<MemberVote>,
    question: Option<String>,
    majority: Option<String>,
    result: Option<Outcome>,
}

#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawVote {
    ballot: Located<String>,
    date: Located<String>,
    #[serde(default)]
    voting: Option<u32>,
    #[serde(default)]
    cast: Option<u32>,
    #[serde(rename = "for")]
    yes: Located<u32>,
    against: u32,
    abstentions: u32,
    #[serde(default)]
    groups: Vec<RawGroupVote>,
    #[serde(default)]
    members: Option<Located<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawGroupVote {
    group: Located<String>,
    #[serde(default)]
    members: Option<u32>,
    #[serde(rename = "for")]
    yes: u32,
    against: u32,
    abstentions: u32,
    #[serde(default)]
    not_voting: u32,
}

impl From<RawGroupVote> for GroupVote {
    fn from(g: RawGroupVote) -> GroupVote {
        GroupVote {
            group: g.group.value,
            members: g.members,
            yes: g.yes,
            against: g.against,
            abstentions: g.abstentions,
            not_voting: g.not_voting,
        }
    }
}

/// Reads a file as UTF-8, reporting where the first invalid byte is.
fn read_utf8(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let shown = relative(root, path);
    let bytes = match read_limited(path, MAX_SOURCE_BYTES) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::file(shown, format!("cannot read: {e}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let pos = Pos::of_offset(&prefix, prefix.len());
            diags.push(Diagnostic {
                path: shown,
                pos,
                message: format!(
                    "invalid UTF-8 (byte 0x{:02x} at offset {good}): save the file as UTF-8",
                    bytes[good]
                ),
                snippet: None,
            });
            None
        }
    }
}

/// Parses YAML, turning a parse error into a diagnostic. A schema error (an
/// unknown field, a value of the wrong type) does not hide the next ones:
/// the field at fault is set aside (its lines commented out, so positions
/// stay) and the file read again, up to [`MAX_ERRORS_PER_FILE`] errors.
fn parse_yaml<T: serde::de::DeserializeOwned>(
    shown: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let mut current = text.to_owned();
    let mut set_aside: Vec<String> = Vec::new();
    let mut found = 0;
    loop {
        let e = match yaml::from_str::<T>(&current) {
            Ok(v) if found == 0 => return Some(v),
            Ok(_) => return None,
            Err(e) => e,
        };
        let schema = ["field", "variant", "invalid", "duplicate"];
        let wrong_type = e.message.starts_with("expected ");
        let is_schema = !e.message.contains("expected mapping")
            && (wrong_type || schema.iter().any(|w| e.message.contains(w)));
        let message = if e.message.contains("expected mapping") {
            format!("not an amendo YAML mapping ({})", e.message)
        } else if wrong_type {
            format!("a value of the wrong type: {}", e.message)
        } else if is_schema {
            e.message.clone()
        } else {
            format!("not valid YAML: {}", e.message)
        };
        // A missing field has no line of its own: the file is named, once,
        // and reading stops there (setting another field aside would not
        // bring it back). A field set aside is not also "missing".
        if e.message.starts_with("missing field") {
            let set = set_aside
                .iter()
                .any(|k| e.message.contains(&format!("`{k}`")));
            if !set {
                diags.push(Diagnostic::file(shown, e.message.clone()));
            }
            return None;
        }
        diags.push(Diagnostic::at(shown, text, e.pos, message));
        found += 1;
        if !is_schema || found >= MAX_ERRORS_PER_FILE || e.pos.line == 0 {
            return None;
        }
        match set_field_aside(&current, e.pos.line) {
            Some((next, key)) => {
                set_aside.push(key);
                current = next;
            }
            None => return None,
        }
    }
}

/// The most errors reported for one file.
const MAX_ERRORS_PER_FILE: usize = 50;

/// `text` with the field on `line` (1-based) commented out, with the lines
/// below it that are indented more (its value); and the field's key. None
/// when the line is not a field or is already a comment.
fn set_field_aside(text: &str, line: usize) -> Option<(String, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = *lines.get(line - 1)?;
    let body = first.trim_start();
    if body.starts_with('#') || body.is_empty() {
        return None;
    }
    let indent = first.len() - body.len();
    let key = body
        .trim_start_matches("- ")
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"')
        .to_owned();
    let mut end = line;
    while let Some(next) = lines.get(end) {
        let b = next.trim_start();
        if b.is_empty() || next.len() - b.len() > indent || (b.starts_with('#')) {
            end += 1;
        } else {
            break;
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if i + 1 >= line && i < end {
            out.push_str(&" ".repeat(indent));
            out.push('#');
            out.push_str(if l.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(l);
        }
    }
    Some((out, key))
}

/// A folder's entries, sorted, without hidden ones (`.git`, `.DS_Store`).
/// An entry that cannot be read is an error, never skipped.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir)? {
        let p = e?.path();
        if !p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

/// The entries of a folder the sources need, or a diagnostic naming it
/// with the reason it cannot be read (not a folder, a broken link,
/// permissions…).
fn folder_entries(
    root: &Path,
    dir: &Path,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<PathBuf>> {
    let shown = relative(root, dir);
    match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            diags.push(Diagnostic::file(
                shown,
                format!("not a folder: expected {what}"),
            ));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::file(shown, format!("cannot read {what}: {e}")));
            return None;
        }
        Ok(_) => {}
    }
    match sorted_entries(dir) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(Diagnostic::file(shown, format!("cannot read {what}: {e}")));
            None
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Loads and validates every source under `root`, as one consistent
/// snapshot: it waits for a running import to finish, settles an
/// interrupted one first, and holds the project's lock shared while it
/// reads (see [`crate::import::journal`]).
pub fn load_project(root: &Path) -> Result<Project, Diagnostics> {
    load_project_with(root, Reuse::default())
}

/// [`load_project`], taking the amendment files whose text has not changed
/// since an earlier load from `reuse` rather than parsing them again.
pub fn load_project_with(root: &Path, reuse: Reuse<'_>) -> Result<Project, Diagnostics> {
    let _lock = crate::import::journal::read_lock(root).map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::file(crate::import::WORK_DIR, e));
        d
    })?;
    load_sources_with(root, reuse)
}

/// What a load may take from earlier work instead of doing it again.
#[derive(Clone, Copy, Default)]
pub struct Reuse<'a> {
    /// The amendment files parsed before.
    pub parsed: Option<&'a Parsed>,
    /// The content hash ([`blob_id`]) of each source file as a scan found
    /// it just before this load (by path from the project's root, with
    /// `/`): a file whose parse `parsed` kept under that hash is not read.
    /// A file changed since the scan is then loaded as the scan saw it, and
    /// the next scan sees the change.
    pub hashes: Option<&'a HashMap<String, String>>,
}

/// The git blob id of `bytes`, in hex ([`crate::store::objects::hash`]):
/// the content hash under which sources are recorded (`amendo-sources`)
/// and their parses kept ([`Parsed`]).
pub fn blob_id(bytes: &[u8]) -> String {
    crate::store::objects::hash(git2::ObjectType::Blob, bytes).to_string()
}

/// Amendment files parsed before, so that a load need not parse them
/// again. Every check a load makes across files is made again. A file is
/// read, and its hash compared, unless the build's scan gave its hash
/// ([`Reuse::hashes`]): then a file kept under that hash is not read at
/// all, trusted as the scan trusts a file whose size, time and inode did
/// not move (`store::sources`), and its text is read only for a diagnostic
/// that quotes it.
///
/// Two kinds: in memory ([`Parsed::default`]), the files an earlier load in
/// this process parsed, by path, with the hash of the text each was parsed
/// from, for a process that loads the same project again and again
/// (`amendo serve`); and on disk ([`Parsed::read`], [`Parsed::write`]), a
/// file beside the store that keeps what the last build parsed, for the
/// next `amendo build` (a [`crate::kept`] file: each amendment file's path,
/// the hash of its bytes and what was parsed from it, as JSON, positions
/// included), a file with another hash being parsed again. Reading JSON
/// costs a fraction of parsing YAML: loading the 14,521 amendment files of
/// a budget bill took 0.29 s instead of 0.48 s, and 0.22 – 0.24 s once the
/// files the scan vouches for were no longer read.
pub struct Parsed(Kind);

/// [`Parsed`]'s two kinds.
enum Kind {
    /// By path: the hash of the text parsed, and what it gave.
    Memory(std::sync::Mutex<HashMap<PathBuf, (String, RawAmendment)>>),
    /// What the last build kept on disk.
    Disk(Disk),
}

impl Default for Parsed {
    /// An empty one in memory.
    fn default() -> Parsed {
        Parsed(Kind::Memory(Default::default()))
    }
}

/// What [`Parsed::read`] found on disk ([`crate::kept::Lines`]: by path as
/// shown from the project's root, the text's hash and its JSON), and what
/// this load used of it and parsed anew.
struct Disk {
    /// Read on another thread from [`Parsed::read`] on, while the loader
    /// lists the project's files; its first use waits for it.
    kept: Later<crate::kept::Lines>,
    used: std::sync::Mutex<Vec<String>>,
    /// Path, and hash and JSON as a kept value.
    fresh: std::sync::Mutex<Vec<(String, String)>>,
}

/// A value made on another thread, waited for when first used.
struct Later<T> {
    value: std::sync::OnceLock<T>,
    making: std::sync::Mutex<Option<std::thread::JoinHandle<T>>>,
}

impl<T: Default + Send + 'static> Later<T> {
    /// Starts making the value on another thread (when none can be
    /// started, the value is the default).
    fn spawn(make: impl FnOnce() -> T + Send + 'static) -> Later<T> {
        Later {
            value: std::sync::OnceLock::new(),
            making: std::sync::Mutex::new(std::thread::Builder::new().spawn(make).ok()),
        }
    }

    /// The value, once made. When making it failed (the thread panicked:
    /// the panic goes on here), a later call gives the default.
    fn get(&self) -> &T {
        self.value
            .get_or_init(|| match locked(&self.making).take() {
                Some(handle) => handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => T::default(),
            })
    }
}

/// The first line of a file of parsed amendments; the second is the
/// identity of the amendo that wrote it, so that another one (whose reading
/// may differ) parses everything again.
const PARSED_HEADER: &str = "amendo-parsed 2";

/// The lock's content, even after a thread panicked holding it.
fn locked<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Parsed {
    /// The parsed amendments kept in `file` by [`Parsed::write`] of the
    /// program `identity` names (its version and build: another one may read
    /// YAML otherwise): none when the file is missing, unreadable, malformed
    /// or written by another.
    /// The file is read on another thread, while the loader lists the
    /// project's files: the first amendment looked up waits for it.
    pub fn read(file: &Path, identity: &str) -> Parsed {
        let (file, identity) = (file.to_owned(), identity.to_owned());
        Parsed(Kind::Disk(Disk {
            kept: Later::spawn(move || crate::kept::Lines::read(&file, PARSED_HEADER, &identity)),
            used: Default::default(),
            fresh: Default::default(),
        }))
    }

    /// Keeps what the load made with it parsed in `file`, for
    /// [`Parsed::read`]: the files it parsed anew are added at the end of
    /// the file; the file is written again whole with only the files this
    /// load read when it holds half again as many lines as those
    /// ([`crate::kept::Lines::write`]). Nothing for an in-memory one.
    pub fn write(&self, file: &Path) -> std::io::Result<()> {
        let Kind::Disk(disk) = &self.0 else {
            return Ok(());
        };
        let used = locked(&disk.used);
        disk.kept.get().write(
            file,
            used.iter().map(String::as_str),
            &locked(&disk.fresh),
            "what was parsed",
        )
    }

    /// True when no file was parsed yet.
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Kind::Memory(map) => locked(map).is_empty(),
            Kind::Disk(disk) => disk.kept.get().is_empty(),
        }
    }

    /// The amendment an earlier load parsed at `path` (`shown` from the
    /// project's root) from a text whose [`blob_id`] is `hash`.
    fn get(&self, path: &Path, shown: &Path, hash: &str) -> Option<RawAmendment> {
        match &self.0 {
            Kind::Memory(map) => locked(map)
                .get(path)
                .filter(|(kept, _)| kept == hash)
                .map(|(_, raw)| raw.clone()),
            Kind::Disk(disk) => {
                let shown = shown.to_str()?;
                let (kept, json) = disk.kept.get().get(shown)?.split_once('\t')?;
                if kept != hash {
                    return None;
                }
                let raw: RawAmendment = yaml::with_positions(|| serde_json::from_str(json)).ok()?;
                locked(&disk.used).push(shown.to_owned());
                Some(raw)
            }
        }
    }

    fn put(&self, path: &Path, shown: &Path, hash: &str, raw: &RawAmendment) {
        match &self.0 {
            Kind::Memory(map) => {
                locked(map).insert(path.to_owned(), (hash.to_owned(), raw.clone()));
            }
            Kind::Disk(disk) => {
                // (A path that would break the file's lines is left out
                // when the file is written: `kept::Lines::keeps`.)
                let Some(shown) = shown.to_str() else {
                    return;
                };
                if let Ok(json) = yaml::with_positions(|| serde_json::to_string(raw)) {
                    locked(&disk.fresh).push((shown.to_owned(), format!("{hash}\t{json}")));
                }
            }
        }
    }
}

/// The largest source file amendo reads (a `bill.yaml`, a stage text, an
/// amendment, a roll): 64 MiB, some 40 times the largest real one.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// Reads a regular file of at most `limit` bytes. A folder, a device, a
/// pipe or a socket (directly or through a symbolic link) is refused
/// without being read, and so is a larger file, so a stray `/dev/zero` or a
/// FIFO named `*.yaml` can neither hang amendo nor exhaust its memory.
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let not_regular = || {
        Error::new(
            ErrorKind::InvalidInput,
            "not a regular file (a folder, a device, a pipe or a socket)",
        )
    };
    let too_large = || {
        Error::new(
            ErrorKind::InvalidInput,
            format!("larger than the {} MiB limit", limit >> 20),
        )
    };
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never block in open(): the file may be a FIFO.
        options.custom_flags(libc::O_NONBLOCK);
    }
    // Opened first and looked at through the open file (one system call
    // fewer per file than a look before opening; a project has thousands).
    let file = match options.open(path) {
        Ok(f) => f,
        // A socket cannot be opened: say what it is.
        Err(e) => match fs::metadata(path) {
            Ok(meta) if !meta.is_file() => return Err(not_regular()),
            _ => return Err(e),
        },
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(buf)
}

/// Loads and validates every source under `root`, without the project's
/// lock: for a copy nobody else writes (an import's staging folder).
pub fn load_sources(root: &Path) -> Result<Project, Diagnostics> {
    load_sources_with(root, Reuse::default())
}

fn load_sources_with(root: &Path, reuse: Reuse<'_>) -> Result<Project, Diagnostics> {
    let mut diags = Diagnostics::default();
    let bills_dir = root.join("bills");
    let mut project = Project::default();
    let entries = match sorted_entries(&bills_dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::file(
                "bills/",
                format!(
                    "cannot read the bills folder ({e}): is `{}` an amendo project? (--root)",
                    root.display()
                ),
            ));
            return Err(diags);
        }
    };
    // Bills whose folder is there but whose bill.yaml could not be read:
    // their amendments are still checked file by file.
    let mut unloaded = HashSet::new();
    for dir in entries {
        let shown = relative(root, &dir);
        if !dir.is_dir() {
            diags.push(Diagnostic::file(
                shown,
                "not a bill folder: bills/ holds one folder per bill",
            ));
            continue;
        }
        let slug = file_name(&dir);
        if !is_slug(&slug) {
            diags.push(Diagnostic::file(
                shown,
                format!(
                    "bill folder `{slug}` is not a slug: use lower-case letters, digits and dashes"
                ),
            ));
            continue;
        }
        match load_bill(root, &dir, &slug, &mut diags) {
            Some(bill) => project.bills.push(bill),
            None => {
                unloaded.insert(slug);
            }
        }
    }
    load_amendments(root, &mut project, &unloaded, reuse, &mut diags);
    if diags.is_empty() {
        Ok(project)
    } else {
        diags.sort();
        Err(diags)
    }
}

/// Loads and validates one bill's `bill.yaml` and stage texts, without its
/// amendments (what an importer needs to know about the bill it fills).
pub fn load_bill_meta(root: &Path, slug: &str) -> Result<Bill, Diagnostics> {
    let mut diags = Diagnostics::default();
    let dir = root.join("bills").join(slug);
    if !dir.is_dir() {
        diags.push(Diagnostic::file(
            relative(root, &dir),
            format!("no bill `{slug}`: create bills/{slug}/bill.yaml with its stages first"),
        ));
        return Err(diags);
    }
    match load_bill(root, &dir, slug, &mut diags) {
        Some(data) if diags.is_empty() => Ok(data.bill),
        _ => Err(diags),
    }
}

fn load_bill(root: &Path, dir: &Path, slug: &str, diags: &mut Diagnostics) -> Option<BillData> {
    let path = dir.join("bill.yaml");
    let shown = relative(root, &path);
    if fs::metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        diags.push(Diagnostic::file(
            relative(root, dir),
            "missing bill.yaml: every bill folder needs one",
        ));
        return None;
    }
    let source = read_utf8(root, &path, diags)?;
    let raw: RawBill = parse_yaml(&shown, &source, diags)?;
    let at = |pos: Pos, msg: String| Diagnostic::at(&shown, &source, pos, msg);
    // Errors in the list of stages make the bill unusable for checking its
    // amendments (a stage left out would make each amendment of the next
    // stage an error of its own): they are reported, and the amendments are
    // then checked file by file.
    let before = diags.len();
    let mut text_errors = Diagnostics::default();
    let mut stages = Vec::new();
    let mut texts = BTreeMap::new();
    let mut ids = HashSet::new();
    let mut referenced_files = HashSet::new();
    let mut previous_date: Option<(LegalTime, String)> = None;
    if raw.stages.is_empty() {
        diags.push(Diagnostic::file(&shown, "a bill needs at least one stage"));
    }
    let first_pos = raw.stages.first().map(|s| s.id.pos).unwrap_or_default();
    for s in raw.stages {
        let id = s.id.value.clone();
        if !is_slug(&id) {
            diags.push(at(
                s.id.pos,
                format!("stage id `{id}` is not a slug: use lower-case letters, digits and dashes"),
            ));
        } else if !ids.insert(id.clone()) {
            diags.push(at(s.id.pos, format!("stage `{id}` is listed twice")));
        }
        let date = match LegalTime::parse(&s.date.value) {
            Ok(d) => d,
            Err(e) => {
                diags.push(at(s.date.pos, e));
                // Its text is still the stage's: not a text of no stage.
                if let Some(f) = &s.text {
                    referenced_files.insert(f.value.clone());
                }
                continue;
            }
        };
        if let Some((prev, prev_id)) = &previous_date
            && date.date() < prev.date()
        {
            diags.push(at(
                s.date.pos,
                format!(
                    "dates out of order: stage `{id}` ({}) is dated before the stage before it, `{prev_id}` ({})",
                    date.day_string(),
                    prev.day_string()
                ),
            ));
        }
        previous_date = Some((date, id.clone()));
        if let Some(file) = &s.text {
            let name = &file.value;
            if name.contains('/') || name.contains('\\') || name.contains("..") || name.is_empty() {
                diags.push(at(
                    file.pos,
                    format!("text file `{name}` must be a file name in the bill's folder (no `/`, no `..`)"),
                ));
            } else {
                referenced_files.insert(name.clone());
                let text_path = dir.join(name);
                let missing = match fs::metadata(&text_path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("does not exist"),
                    Ok(m) if !m.is_file() => Some("is not a regular file"),
                    _ => None,
                };
                if let Some(why) = missing {
                    diags.push(at(
                        file.pos,
                        format!(
                            "text file `{name}` {why} in {}",
                            relative(root, dir).display()
                        ),
                    ));
                } else if let Some(src) = read_utf8(root, &text_path, diags) {
                    // The text's own errors do not make the stage unusable.
                    let t: Text =
                        text::parse_text(&relative(root, &text_path), &src, &mut text_errors);
                    texts.insert(id.clone(), t);
                }
            }
        }
        stages.push(Stage {
            id,
            label: s.label,
            chamber: s.chamber,
            kind: s.kind,
            date,
            text: s.text.map(|t| t.value),
            number: s.number,
            source: s.source,
            result: s.result,
            note: s.note,
        });
    }
    if let Some(first) = stages.first()
        && first.text.is_none()
    {
        diags.push(at(
            first_pos,
            format!(
                "the first stage, `{}`, needs a text (`text: FILE.md`, its text as tabled): later stages are derived from it",
                first.id
            ),
        ));
    }
    if let Some(entries) = folder_entries(root, dir, "a bill folder", diags) {
        for p in entries {
            let name = file_name(&p);
            if name == "bill.yaml" {
                continue;
            }
            if name.ends_with(".md") && !referenced_files.contains(&name) {
                text_errors.push(Diagnostic::file(
                    relative(root, &p),
                    "this text belongs to no stage: name it in a stage's `text:` in bill.yaml",
                ));
            }
        }
    }
    let broken = diags.len() > before;
    diags.0.extend(text_errors.0);
    if broken {
        return None;
    }
    Some(BillData {
        bill: Bill {
            slug: slug.to_owned(),
            title: raw.title,
            short_title: raw.short_title,
            jurisdiction: raw.jurisdiction,
            language: raw.language,
            links: raw.links,
            notes: raw.notes,
            groups: raw.groups,
            stages,
        },
        texts,
        amendments: Vec::new(),
        ballots: Vec::new(),
    })
}

/// An amendment with the positions needed for cross-file checks.
struct Loaded {
    amendment: Amendment,
    path: PathBuf,
    source: SourceText,
    raw_pos: RawPositions,
}

struct RawPositions {
    number: Pos,
    article: Pos,
    parent: Option<Pos>,
    identical: Vec<Pos>,
    decided: Option<Pos>,
    group: Option<Pos>,
    vote_groups: Vec<Pos>,
}

fn load_amendments(
    root: &Path,
    project: &mut Project,
    unloaded: &HashSet<String>,
    reuse: Reuse<'_>,
    diags: &mut Diagnostics,
) {
    let dir = root.join("amendments");
    if fs::symlink_metadata(&dir).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return;
    }
    let Some(bill_dirs) = folder_entries(root, &dir, "the amendments folder", diags) else {
        return;
    };
    for bill_dir in bill_dirs {
        let slug = file_name(&bill_dir);
        let shown = relative(root, &bill_dir);
        let Some(bill_index) = project.bills.iter().position(|b| b.bill.slug == slug) else {
            if unloaded.contains(&slug) {
                // bills/<slug>/bill.yaml is broken (reported): check each
                // amendment file on its own, without the bill's stages.
                check_files_only(root, &bill_dir, diags);
                continue;
            }
            diags.push(Diagnostic::file(
                shown,
                format!("no bill `{slug}` in bills/: amendments/<bill>/ must name a bill"),
            ));
            continue;
        };
        let mut loaded = Vec::new();
        let mut rolls = HashMap::new();
        let mut ballot_dirs = Vec::new();
        let mut amendment_files = Vec::new();
        let what = "a bill's amendments folder: amendments/<bill>/<stage>/";
        let stage_dirs = folder_entries(root, &bill_dir, what, diags).unwrap_or_default();
        for stage_dir in stage_dirs {
            let stage = file_name(&stage_dir);
            let bill = &project.bills[bill_index].bill;
            let what = "a stage folder: amendments/<bill>/<stage>/<number>.yaml";
            let Some(files) = folder_entries(root, &stage_dir, what, diags) else {
                continue;
            };
            if bill.stage(&stage).is_none() {
                let known: Vec<&str> = bill.stages.iter().map(|s| s.id.as_str()).collect();
                diags.push(Diagnostic::file(
                    relative(root, &stage_dir),
                    format!(
                        "unknown stage `{stage}`: bill `{slug}` has {}",
                        known.join(", ")
                    ),
                ));
                continue;
            }
            for file in files {
                if file.file_name().is_some_and(|n| n == BALLOTS_DIR) && file.is_dir() {
                    ballot_dirs.push((file, stage.clone()));
                    continue;
                }
                amendment_files.push((file, stage.clone()));
            }
        }
        // Files are read and parsed on every core, then checked in order
        // (a roll is read once, by the first amendment naming it).
        use rayon::prelude::*;
        let parsed: Vec<(Option<ParsedAmendment>, Diagnostics)> = amendment_files
            .par_iter()
            .map(|(file, _)| {
                let mut found = Diagnostics::default();
                (parse_amendment(root, file, reuse, &mut found), found)
            })
            .collect();
        // The files that could not be read (their errors are reported): other
        // files naming them are not reported again.
        let mut unread = Unread::default();
        for ((file, stage), (p, found)) in amendment_files.iter().zip(parsed) {
            diags.0.extend(found.0);
            match p.and_then(|p| check_amendment(root, file, stage, p, &mut rolls, diags)) {
                Some(l) => loaded.push(l),
                None => unread.add(file, stage),
            }
        }
        // Ballot files no vote named, once every amendment is read.
        let mut ballots = Vec::new();
        for (dir, stage) in ballot_dirs {
            let data = &project.bills[bill_index];
            if let Some(stage) = data.bill.stage(&stage) {
                ballots.extend(load_ballots(
                    root, &dir, &data.bill, stage, &rolls, &unread, diags,
                ));
            }
        }
        check_bill_amendments(&project.bills[bill_index], &loaded, &unread, diags);
        check_ballot_numbers(&loaded, &ballots, diags);
        let data = &mut project.bills[bill_index];
        data.ballots = ballots.into_iter().map(|(_, b)| b).collect();
        let amendments: Vec<Amendment> = loaded.into_iter().map(|l| l.amendment).collect();
        // In discussion order: by stage, then time, then number.
        let order: HashMap<&str, usize> = data
            .bill
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut amendments =
            crate::model::in_discussion_order(amendments, |a| a, |a| order[a.stage.as_str()]);
        crate::history::infer_identical(&mut amendments);
        data.amendments = amendments;
    }
}

/// A bill's amendment files that could not be read: their numbers (from
/// their file names) and their text, so that a parent, an identical
/// amendment or a roll they name is not reported missing because of them.
#[derive(Default)]
struct Unread {
    numbers: HashSet<(String, String)>,
    texts: Vec<(String, String)>,
}

impl Unread {
    fn add(&mut self, file: &Path, stage: &str) {
        if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
            self.numbers.insert((stage.to_owned(), stem.to_owned()));
        }
        // A regular file of a bounded size only (as every source is read).
        if let Ok(bytes) = read_limited(file, MAX_SOURCE_BYTES) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.texts.push((stage.to_owned(), text));
        }
    }

    /// True when amendment `number` of `stage` is a file that could not be read.
    fn has(&self, stage: &str, number: &str) -> bool {
        self.numbers
            .contains(&(stage.to_owned(), number.to_owned()))
    }

    /// True when a file of `stage` that could not be read names `ballots/<name>`.
    fn names_roll(&self, stage: &str, name: &str) -> bool {
        let roll = format!("{BALLOTS_DIR}/{name}");
        self.texts
            .iter()
            .any(|(s, text)| s == stage && text.contains(&roll))
    }
}

/// Checks the amendment files of a bill whose `bill.yaml` is broken, file by
/// file, so their errors are not hidden behind the bill's.
fn check_files_only(root: &Path, bill_dir: &Path, diags: &mut Diagnostics) {
    let what = "a bill's amendments folder: amendments/<bill>/<stage>/";
    let mut rolls = HashMap::new();
    for stage_dir in folder_entries(root, bill_dir, what, diags).unwrap_or_default() {
        let stage = file_name(&stage_dir);
        let what = "a stage folder: amendments/<bill>/<stage>/<number>.yaml";
        for file in folder_entries(root, &stage_dir, what, diags).unwrap_or_default() {
            if file.file_name().is_some_and(|n| n == BALLOTS_DIR) && file.is_dir() {
                continue;
            }
            load_amendment(root, &file, &stage, &mut rolls, diags);
        }
    }
}

/// Rolls already read, by path: identical amendments share their ballot.
type Rolls = HashMap<PathBuf, Option<Roll>>;

/// The number a file of `kind` (« an amendment », « a ballot ») is named
/// by: `<number>.yaml`, the number made of letters, digits, `-`, `_` or
/// `.` (never `..`). Otherwise an error naming the file, and None.
fn numbered_stem<'n>(
    shown: &Path,
    name: &'n str,
    kind: &str,
    diags: &mut Diagnostics,
) -> Option<&'n str> {
    let what = kind.split_once(' ').map_or(kind, |(_, w)| w);
    let Some(stem) = name.strip_suffix(".yaml") else {
        diags.push(Diagnostic::file(
            shown,
            format!("not {kind} file: {what} files are named <number>.yaml"),
        ));
        return None;
    };
    if !is_amendment_number(stem) {
        diags.push(Diagnostic::file(
            shown,
            format!(
                "`{stem}` is not a valid {what} number: letters, digits, `-`, `_` or `.`, no `..`"
            ),
        ));
        return None;
    }
    Some(stem)
}

fn load_amendment(
    root: &Path,
    path: &Path,
    stage: &str,
    rolls: &mut Rolls,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let parsed = parse_amendment(root, path, Reuse::default(), diags)?;
    check_amendment(root, path, stage, parsed, rolls, diags)
}

/// An amendment file as read and parsed, before its checks.
struct ParsedAmendment {
    shown: PathBuf,
    name: String,
    stem: String,
    source: SourceText,
    raw: RawAmendment,
}

/// A source file's text, for the diagnostics that quote it: read with the
/// file, or, when what was parsed of the file was reused without reading it
/// ([`Parsed`] and the scan's hashes), read again only if a diagnostic
/// quotes a line of it.
struct SourceText {
    path: PathBuf,
    /// For a text not read yet, the hash ([`blob_id`]) of the one parsed.
    hash: Option<String>,
    text: std::sync::OnceLock<String>,
}

impl SourceText {
    fn read(path: &Path, text: String) -> SourceText {
        SourceText {
            path: path.to_owned(),
            hash: None,
            text: text.into(),
        }
    }

    fn unread(path: &Path, hash: &str) -> SourceText {
        SourceText {
            path: path.to_owned(),
            hash: Some(hash.to_owned()),
            text: std::sync::OnceLock::new(),
        }
    }

    /// The text (empty when the file can no longer be read, or changed
    /// since it was parsed: the diagnostic then quotes no line, rather
    /// than another text's).
    fn get(&self) -> &str {
        self.text.get_or_init(|| {
            read_limited(&self.path, MAX_SOURCE_BYTES)
                .ok()
                .filter(|b| self.hash.as_deref().is_none_or(|h| blob_id(b) == h))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        })
    }
}

/// Reads and parses an amendment file: the part of loading it that needs
/// no other file, so files are parsed on every core. A file whose content
/// hash the scan gave (`hashes`, by path from the project's root) and whose
/// parse `parsed` kept under that hash is not read at all.
fn parse_amendment(
    root: &Path,
    path: &Path,
    reuse: Reuse<'_>,
    diags: &mut Diagnostics,
) -> Option<ParsedAmendment> {
    let shown = relative(root, path);
    let name = file_name(path);
    let stem = numbered_stem(&shown, &name, "an amendment", diags)?.to_owned();
    let scanned = reuse
        .hashes
        .zip(shown.to_str())
        .and_then(|(hashes, shown)| hashes.get(shown));
    if let (Some(parsed), Some(hash)) = (reuse.parsed, scanned)
        && let Some(raw) = parsed.get(path, &shown, hash)
    {
        return Some(ParsedAmendment {
            source: SourceText::unread(path, hash),
            shown,
            name,
            stem,
            raw,
        });
    }
    let source = read_utf8(root, path, diags)?;
    let hash = blob_id(source.as_bytes());
    let raw: RawAmendment = match reuse.parsed.and_then(|p| p.get(path, &shown, &hash)) {
        Some(raw) => raw,
        None => {
            let raw: RawAmendment = parse_yaml(&shown, &source, diags)?;
            if let Some(p) = reuse.parsed {
                p.put(path, &shown, &hash, &raw);
            }
            raw
        }
    };
    Some(ParsedAmendment {
        source: SourceText::read(path, source),
        shown,
        name,
        stem,
        raw,
    })
}

/// Checks a parsed amendment and reads the roll its vote names.
fn check_amendment(
    root: &Path,
    path: &Path,
    stage: &str,
    parsed: ParsedAmendment,
    rolls: &mut Rolls,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let ParsedAmendment {
        shown,
        name,
        stem,
        source,
        raw,
    } = parsed;
    let at = |pos: Pos, msg: String| Diagnostic::at(&shown, source.get(), pos, msg);
    let mut ok = true;
    if raw.number.value != stem {
        diags.push(at(
            raw.number.pos,
            format!(
                "number `{}` does not match the file name `{name}`",
                raw.number.value
            ),
        ));
        ok = false;
    }
    let mut time = |v: &Located<String>| match LegalTime::parse(&v.value) {
        Ok(t) => Some(t),
        Err(e) => {
            diags.push(at(v.pos, e));
            None
        }
    };
    let filed = time(&raw.filed);
    let decided = raw.decided.as_ref().map(&mut time);
    let vote_date = raw.vote.as_ref().map(|v| time(&v.date));
    let (Some(filed), Some(decided), Some(vote_date)) = (
        filed,
        decided.map_or(Some(None), |d| d.map(Some)),
        vote_date.map_or(Some(None), |d| d.map(Some)),
    ) else {
        return None;
    };
    if raw.authors.value.is_empty() {
        diags.push(at(
            raw.authors.pos,
            "an amendment needs at least one author".to_owned(),
        ));
        ok = false;
    }
    for k in &raw.keep {
        if !IMPORTED_FIELDS.contains(&k.value.as_str()) {
            diags.push(at(
                k.pos,
                format!(
                    "`keep: {}` names no imported field: it may name {}",
                    k.value,
                    IMPORTED_FIELDS.join(", ")
                ),
            ));
            ok = false;
        }
    }
    if raw.article.value.trim().is_empty() {
        diags.push(at(raw.article.pos, "the article is empty".to_owned()));
        ok = false;
    }
    if let Some(d) = decided
        && d.date() < filed.date()
    {
        diags.push(at(
            raw.decided.as_ref().map_or(Pos::default(), |d| d.pos),
            format!(
                "dates out of order: decided {} before it was filed {}",
                d.day_string(),
                filed.day_string()
            ),
        ));
        ok = false;
    }
    // A decision date the data does not give stays absent (the Sénat's CSV
    // gives none): the history then orders the amendment by its filing date.
    let outcome = raw.outcome.value;
    let vote_group_pos: Vec<Pos> = raw
        .vote
        .as_ref()
        .map(|v| v.groups.iter().map(|g| g.group.pos).collect())
        .unwrap_or_default();
    let vote = match (raw.vote, vote_date) {
        (Some(v), Some(date)) => {
            if !check_vote(&v, outcome, filed, date, &at, diags) {
                ok = false;
            }
            let roll = match &v.members {
                Some(file) => match load_roll(root, path, file, &v, rolls, diags, &at) {
                    Some(roll) => Some(roll),
                    None => {
                        ok = false;
                        None
                    }
                },
                None => None,
            };
            let (roll, question, majority, result) = match roll {
                Some(r) => (r.members, r.question, r.majority, r.result),
                None => (Vec::new(), None, None, None),
            };
            Some(Vote {
                ballot: v.ballot.value,
                date,
                question,
                majority,
                result,
                voting: v.voting,
                cast: v.cast,
                yes: v.yes.value,
                against: v.against,
                abstentions: v.abstentions,
                groups: v.groups.into_iter().map(GroupVote::from).collect(),
                members: v.members.map(|m| m.value),
                roll,
                note: v.note,
                source: v.source,
            })
        }
        _ => None,
    };
    if !ok {
        return None;
    }
    let raw_pos = RawPositions {
        number: raw.number.pos,
        article: raw.article.pos,
        parent: raw.parent.as_ref().map(|p| p.pos),
        identical: raw.identical.iter().map(|i| i.pos).collect(),
        decided: raw.decided.as_ref().map(|d| d.pos),
        group: raw.group.as_ref().map(|g| g.pos),
        vote_groups: vote_group_pos,
    };
    Some(Loaded {
        amendment: Amendment {
            number: raw.number.value,
            stage: stage.to_owned(),
            article: Target::parse(&raw.article.value),
            authors: raw.authors.value,
            group: raw.group.map(|g| g.value),
            filed,
            outcome,
            decided,
            parent: raw.parent.map(|p| p.value),
            identical: raw.identical.into_iter().map(|i| i.value).collect(),
            instruction: raw.instruction.value,
            operations: raw.operations,
            credits: raw.credits,
            explanation: raw.explanation,
            vote,
            source: raw.source,
        },
        path: shown,
        source,
        raw_pos,
    })
}

/// Reads the roll a vote's `members:` names (a file under the amendment's
/// folder), once per file, and checks it against the vote's totals.
/// `at` makes a diagnostic in the amendment's file (for `members:` itself).
fn load_roll(
    root: &Path,
    amendment: &Path,
    file: &Located<String>,
    v: &RawVote,
    rolls: &mut Rolls,
    diags: &mut Diagnostics,
    at: &dyn Fn(Pos, String) -> Diagnostic,
) -> Option<Roll> {
    let name = &file.value;
    if name.is_empty() || name.starts_with('/') || name.split('/').any(|p| p == "..") {
        diags.push(at(
            file.pos,
            format!("`members: {name}` must be a path inside the amendment's folder (no `..`)"),
        ));
        return None;
    }
    let path = amendment.parent().unwrap_or(root).join(name);
    if let Some(cached) = rolls.get(&path) {
        return cached.clone();
    }
    if !path.is_file() {
        diags.push(at(file.pos, format!("`members: {name}`: no such file")));
        rolls.insert(path, None);
        return None;
    }
    let roll = read_roll(root, &path, v, diags);
    rolls.insert(path, roll.clone());
    roll
}

fn read_roll(root: &Path, path: &Path, v: &RawVote, diags: &mut Diagnostics) -> Option<Roll> {
    let shown = relative(root, path);
    let source = read_utf8(root, path, diags)?;
    let raw: RawBallotFile = parse_yaml(&shown, &source, diags)?;
    let at = |pos: Pos, msg: String| Diagnostic::at(&shown, &source, pos, msg);
    if raw.ballot.value != v.ballot.value {
        diags.push(at(
            raw.ballot.pos,
            format!(
                "this roll is of ballot n° {}, but the vote that names it is ballot n° {}",
                raw.ballot.value, v.ballot.value
            ),
        ));
        return None;
    }
    // The counts are the vote's, in the amendment: written twice, they
    // could disagree.
    let misplaced = [
        raw.date.as_ref().map(|d| ("date", d.pos)),
        raw.voting.as_ref().map(|d| ("voting", d.pos)),
        raw.cast.as_ref().map(|d| ("cast", d.pos)),
        raw.yes.as_ref().map(|d| ("for", d.pos)),
        raw.against.as_ref().map(|d| ("against", d.pos)),
        raw.abstentions.as_ref().map(|d| ("abstentions", d.pos)),
        raw.groups.first().map(|g| ("groups", g.group.pos)),
        raw.note.as_ref().map(|d| ("note", d.pos)),
        raw.source.as_ref().map(|d| ("source", d.pos)),
    ];
    let mut ok = true;
    for (field, pos) in misplaced.into_iter().flatten() {
        diags.push(at(
            pos,
            format!(
                "`{field}:` of ballot n° {} belongs in the vote of the amendment that names this roll, not here",
                v.ballot.value
            ),
        ));
        ok = false;
    }
    if !check_result(&raw.result, v.yes.value, v.against, &at, diags) {
        ok = false;
    }
    let count = |s: Stance| raw.members.iter().filter(|m| m.vote == s).count() as u32;
    let (yes, against, abst) = (
        count(Stance::For),
        count(Stance::Against),
        count(Stance::Abstention),
    );
    if (yes, against, abst) != (v.yes.value, v.against, v.abstentions) {
        diags.push(at(
            raw.ballot.pos,
            format!(
                "the roll of ballot n° {} has {yes} for, {against} against, {abst} abstentions, but the vote says {}, {}, {}",
                v.ballot.value, v.yes.value, v.against, v.abstentions
            ),
        ));
        return None;
    }
    ok.then(|| Roll {
        members: raw.members,
        question: raw.question.map(|q| q.value),
        majority: raw.majority,
        result: raw.result.map(|r| r.value),
    })
}

/// Checks a ballot's declared result: adopted or rejected, and never
/// adopted with no more votes for than against (a qualified majority may
/// reject with more for than against, so that is not an error).
fn check_result(
    result: &Option<Located<Outcome>>,
    yes: u32,
    against: u32,
    at: &dyn Fn(Pos, String) -> Diagnostic,
    diags: &mut Diagnostics,
) -> bool {
    match result {
        None => true,
        Some(r) if !matches!(r.value, Outcome::Adopted | Outcome::Rejected) => {
            diags.push(at(
                r.pos,
                format!(
                    "a ballot's result is `adopted` or `rejected`, not `{}`",
                    r.value.as_str()
                ),
            ));
            false
        }
        Some(r) if r.value == Outcome::Adopted && yes <= against => {
            diags.push(at(
                r.pos,
                format!("the ballot is said adopted with {yes} for and {against} against"),
            ));
            false
        }
        Some(_) => true,
    }
}

/// Reads the ballot files of one stage that no amendment's vote named: the
/// ballots that decided no amendment. Each needs a date, a result and the
/// counts, which must add up as an amendment's vote's do.
fn load_ballots(
    root: &Path,
    dir: &Path,
    bill: &Bill,
    stage: &Stage,
    rolls: &Rolls,
    unread: &Unread,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Ballot)> {
    let what = "a ballots folder: <stage>/ballots/<number>.yaml";
    let mut out = Vec::new();
    for path in folder_entries(root, dir, what, diags).unwrap_or_default() {
        // The roll of an amendment whose file could not be read.
        if rolls.contains_key(&path) || unread.names_roll(&stage.id, &file_name(&path)) {
            continue;
        }
        if let Some(b) = load_ballot(root, &path, bill, stage, diags) {
            out.push((relative(root, &path), b));
        }
    }
    out
}

fn load_ballot(
    root: &Path,
    path: &Path,
    bill: &Bill,
    stage: &Stage,
    diags: &mut Diagnostics,
) -> Option<Ballot> {
    let shown = relative(root, path);
    let name = file_name(path);
    let stem = numbered_stem(&shown, &name, "a ballot", diags)?;
    let source = read_utf8(root, path, diags)?;
    let raw: RawBallotFile = parse_yaml(&shown, &source, diags)?;
    let at = |pos: Pos, msg: String| Diagnostic::at(&shown, &source, pos, msg);
    let before = diags.len();
    if raw.ballot.value != stem {
        diags.push(at(
            raw.ballot.pos,
            format!(
                "ballot `{}` does not match the file name `{name}`",
                raw.ballot.value
            ),
        ));
    }
    let missing: Vec<&str> = [
        ("date", raw.date.is_none()),
        ("result", raw.result.is_none()),
        ("for", raw.yes.is_none()),
        ("against", raw.against.is_none()),
        ("abstentions", raw.abstentions.is_none()),
    ]
    .into_iter()
    .filter_map(|(f, m)| m.then_some(f))
    .collect();
    if !missing.is_empty() {
        diags.push(at(
            raw.ballot.pos,
            format!(
                "no amendment's vote names this ballot, so it needs its own {}",
                missing
                    .iter()
                    .map(|f| format!("`{f}:`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        return None;
    }
    let (Some(date), Some(result), Some(yes), Some(against), Some(abstentions)) =
        (raw.date, raw.result, raw.yes, raw.against, raw.abstentions)
    else {
        return None;
    };
    let when = match LegalTime::parse(&date.value) {
        Ok(t) => t,
        Err(e) => {
            diags.push(at(date.pos, e));
            return None;
        }
    };
    if when.date() > stage.date.date() {
        diags.push(at(
            date.pos,
            format!(
                "dates out of order: ballot on {} after the text of stage `{}` ({})",
                when.day_string(),
                stage.id,
                stage.date.day_string()
            ),
        ));
    }
    if raw
        .question
        .as_ref()
        .is_some_and(|q| q.value.trim().is_empty())
    {
        diags.push(at(
            raw.question.as_ref().map_or(raw.ballot.pos, |q| q.pos),
            "the question is empty: leave `question:` out when the data does not give it"
                .to_owned(),
        ));
    }
    check_result(&Some(result.clone()), yes.value, against.value, &at, diags);
    if !bill.groups.is_empty() {
        for g in &raw.groups {
            if !bill.groups.contains_key(&g.group.value) {
                diags.push(at(
                    g.group.pos,
                    format!(
                        "unknown group `{}` in ballot n° {}: add it to `groups:` in bill.yaml",
                        g.group.value, raw.ballot.value
                    ),
                ));
            }
        }
    }
    let vote = RawVote {
        ballot: raw.ballot,
        date,
        voting: raw.voting.map(|v| v.value),
        cast: raw.cast.map(|v| v.value),
        yes,
        against: against.value,
        abstentions: abstentions.value,
        groups: raw.groups,
        members: None,
        note: raw.note.map(|v| v.value),
        source: raw.source.map(|v| v.value),
    };
    // The arithmetic of an amendment's vote; the outcome is checked above.
    check_vote(&vote, Outcome::Pending, when, when, &at, diags);
    let count = |s: Stance| raw.members.iter().filter(|m| m.vote == s).count() as u32;
    let counted = (
        count(Stance::For),
        count(Stance::Against),
        count(Stance::Abstention),
    );
    if !raw.members.is_empty() && counted != (vote.yes.value, vote.against, vote.abstentions) {
        diags.push(at(
            vote.ballot.pos,
            format!(
                "the roll of ballot n° {} has {} for, {} against, {} abstentions, but the ballot says {}, {}, {}",
                vote.ballot.value,
                counted.0,
                counted.1,
                counted.2,
                vote.yes.value,
                vote.against,
                vote.abstentions
            ),
        ));
    }
    if diags.len() > before {
        return None;
    }
    Some(Ballot {
        stage: stage.id.clone(),
        vote: Vote {
            ballot: vote.ballot.value,
            date: when,
            question: raw.question.map(|q| q.value),
            majority: raw.majority,
            result: Some(result.value),
            voting: vote.voting,
            cast: vote.cast,
            yes: vote.yes.value,
            against: vote.against,
            abstentions: vote.abstentions,
            groups: vote.groups.into_iter().map(GroupVote::from).collect(),
            members: None,
            roll: raw.members,
            note: vote.note,
            source: vote.source,
        },
    })
}

/// Checks a ballot's own arithmetic and its agreement with the outcome.
fn check_vote(
    v: &RawVote,
    outcome: Outcome,
    filed: LegalTime,
    date: LegalTime,
    at: &dyn Fn(Pos, String) -> Diagnostic,
    diags: &mut Diagnostics,
) -> bool {
    let before = diags.len();
    let (yes, against, abst) = (v.yes.value, v.against, v.abstentions);
    if date.date() < filed.date() {
        diags.push(at(
            v.date.pos,
            format!(
                "dates out of order: ballot on {} before the amendment was filed",
                date.day_string()
            ),
        ));
    }
    if let Some(cast) = v.cast
        && cast != yes + against
    {
        diags.push(at(
            v.yes.pos,
            format!(
                "ballot n° {}: {yes} for + {against} against ≠ {cast} cast",
                v.ballot.value
            ),
        ));
    }
    if let Some(voting) = v.voting
        && voting < yes + against + abst
    {
        diags.push(at(
            v.yes.pos,
            format!(
                "ballot n° {}: more votes than the {voting} members voting",
                v.ballot.value
            ),
        ));
    }
    if !v.groups.is_empty() {
        let sum = |f: fn(&RawGroupVote) -> u32| v.groups.iter().map(f).sum::<u32>();
        let (gy, ga, gb) = (sum(|g| g.yes), sum(|g| g.against), sum(|g| g.abstentions));
        if (gy, ga, gb) != (yes, against, abst) {
            diags.push(at(
                v.yes.pos,
                format!(
                    "ballot n° {}: the groups add up to {gy} for, {ga} against, {gb} abstentions, not {yes}, {against}, {abst}",
                    v.ballot.value
                ),
            ));
        }
    }
    let adopted_by_vote = yes > against;
    if (outcome == Outcome::Adopted && !adopted_by_vote)
        || (outcome == Outcome::Rejected && adopted_by_vote)
    {
        diags.push(at(
            v.yes.pos,
            format!(
                "the ballot ({yes} for, {against} against) contradicts the outcome `{}`",
                outcome.as_str()
            ),
        ));
    }
    diags.len() == before
}

/// A ballot kept on its own must not share its number with the ballot of
/// an amendment at the same stage: they would be two records of one ballot.
fn check_ballot_numbers(loaded: &[Loaded], ballots: &[(PathBuf, Ballot)], diags: &mut Diagnostics) {
    for (path, b) in ballots {
        if let Some(l) = loaded.iter().find(|l| {
            l.amendment.stage == b.stage
                && l.amendment
                    .vote
                    .as_ref()
                    .is_some_and(|v| v.ballot == b.vote.ballot)
        }) {
            diags.push(Diagnostic::file(
                path,
                format!(
                    "ballot n° {} is also the vote of amendment {} ({}): name this file in its `members:` instead",
                    b.vote.ballot,
                    l.amendment.number,
                    l.path.display()
                ),
            ));
        }
    }
}

/// True when an amendment may target the article designated `article`,
/// tabled on `base`, at a stage whose own text is `own`: the article is in
/// `base` (or `base` is partial), or was created at this stage (it is in
/// `own`), or the target is not an article number at all (a title, a
/// chapter, an annex), which is not checked.
pub fn target_known(article: &str, base: &Text, own: Option<&Text>) -> bool {
    base.is_partial()
        || base.article_by_number(article).is_some()
        || own.is_some_and(|t| t.article_by_number(article).is_some())
        || !article.starts_with(|c: char| c.is_ascii_digit())
}

/// Checks that need every amendment of a bill: numbers, parents, identical
/// amendments, targets, groups and dates against the stages.
fn check_bill_amendments(
    data: &BillData,
    loaded: &[Loaded],
    unread: &Unread,
    diags: &mut Diagnostics,
) {
    let bill = &data.bill;
    let mut by_key: HashMap<(&str, &str), &Loaded> = HashMap::new();
    for l in loaded {
        let a = &l.amendment;
        if let Some(first) = by_key.insert((a.stage.as_str(), a.number.as_str()), l) {
            diags.push(Diagnostic::at(
                &l.path,
                l.source.get(),
                l.raw_pos.number,
                format!(
                    "duplicate number {} at stage `{}`: also in {}",
                    a.number,
                    a.stage,
                    first.path.display()
                ),
            ));
        }
    }
    let mut known_targets: HashMap<(&str, &str, &str), bool> = HashMap::new();
    for l in loaded {
        let a = &l.amendment;
        let at = |pos: Pos, msg: String| Diagnostic::at(&l.path, l.source.get(), pos, msg);
        let stage_index = bill.stage_index(&a.stage).unwrap_or(0);
        let stage = &bill.stages[stage_index];
        if let Some(parent) = &a.parent {
            let pos = l.raw_pos.parent.unwrap_or_default();
            match by_key.get(&(a.stage.as_str(), parent.as_str())) {
                _ if *parent == a.number => diags.push(at(
                    pos,
                    format!(
                        "amendment {parent} names itself as its parent: `parent:` names the amendment it amends"
                    ),
                )),
                None if unread.has(&a.stage, parent) => {}
                None => diags.push(at(
                    pos,
                    format!("parent amendment {parent} does not exist at stage `{}`", a.stage),
                )),
                Some(p) if p.amendment.parent.is_some() => diags.push(at(
                    pos,
                    format!("{parent} is itself a sub-amendment: a sub-amendment must amend an amendment"),
                )),
                Some(p) if p.amendment.article != a.article => diags.push(at(
                    l.raw_pos.article,
                    format!(
                        "a sub-amendment targets its parent's article: {parent} is on article {}",
                        p.amendment.article
                    ),
                )),
                Some(_) if parent == &a.number => {
                    diags.push(at(pos, "an amendment cannot be its own parent".to_owned()))
                }
                Some(_) => {}
            }
        }
        for (other, pos) in a.identical.iter().zip(&l.raw_pos.identical) {
            if other == &a.number {
                diags.push(at(
                    *pos,
                    "an amendment is not identical to itself".to_owned(),
                ));
            } else if !by_key.contains_key(&(a.stage.as_str(), other.as_str()))
                && !unread.has(&a.stage, other)
            {
                diags.push(at(
                    *pos,
                    format!(
                        "identical amendment {other} does not exist at stage `{}`",
                        a.stage
                    ),
                ));
            }
        }
        if let (Some(group), false) = (&a.group, bill.groups.is_empty())
            && !bill.groups.contains_key(group)
        {
            diags.push(at(
                l.raw_pos.group.unwrap_or_default(),
                format!("unknown group `{group}`: add it to `groups:` in bill.yaml"),
            ));
        }
        if let Some(v) = &a.vote
            && !bill.groups.is_empty()
        {
            for (i, g) in v.groups.iter().enumerate() {
                if !bill.groups.contains_key(&g.group) {
                    let pos = l
                        .raw_pos
                        .vote_groups
                        .get(i)
                        .copied()
                        .unwrap_or(l.raw_pos.number);
                    diags.push(at(
                        pos,
                        format!(
                            "unknown group `{}` in ballot n° {}: add it to `groups:` in bill.yaml",
                            g.group, v.ballot
                        ),
                    ));
                }
            }
        }
        // The text it was tabled on: the nearest earlier stage with an official text.
        if stage_index == 0 {
            diags.push(at(
                l.raw_pos.number,
                format!(
                    "stage `{}` is the first stage: there is no text to amend before it",
                    a.stage
                ),
            ));
            continue;
        }
        let base = bill.stages[..stage_index]
            .iter()
            .rev()
            .find_map(|s| data.texts.get(&s.id).map(|t| (s, t)));
        if let Some((base_stage, base_text)) = base {
            if a.filed.date() < base_stage.date.date() {
                diags.push(at(
                    l.raw_pos.number,
                    format!(
                        "dates out of order: filed {} before the text it amends (stage `{}`, {})",
                        a.filed.day_string(),
                        base_stage.id,
                        base_stage.date.day_string()
                    ),
                ));
            }
            // Amendments share targets: each is looked up once per text.
            let key = (
                base_stage.id.as_str(),
                a.stage.as_str(),
                a.article.article.as_str(),
            );
            let known = *known_targets.entry(key).or_insert_with(|| {
                target_known(&a.article.article, base_text, data.texts.get(&a.stage))
            });
            if !known && a.parent.is_none() {
                let what = match a.article.position {
                    Position::On => "unknown article",
                    _ => "unknown reference article",
                };
                diags.push(at(
                    l.raw_pos.article,
                    format!(
                        "{what} {}: the text of stage `{}` has {}",
                        a.article.article,
                        base_stage.id,
                        list_articles(base_text)
                    ),
                ));
            }
        }
        if let Some(d) = a.decided
            && d.date() > stage.date.date()
        {
            diags.push(at(
                l.raw_pos.decided.unwrap_or_default(),
                format!(
                    "dates out of order: decided {} after the text of stage `{}` ({})",
                    d.day_string(),
                    stage.id,
                    stage.date.day_string()
                ),
            ));
        }
    }
}

fn list_articles(text: &Text) -> String {
    let numbers: Vec<String> = text.articles().map(|a| a.number.clone()).collect();
    match numbers.len() {
        0 => "no article".to_owned(),
        n if n <= 12 => format!("articles {}", numbers.join(", ")),
        n => format!("{n} articles ({} … {})", numbers[0], numbers[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("narcotrafic"));
        assert!(is_slug("an-1-commission"));
        for bad in ["", "A", "a/b", "..", "a..b", "-a", "a b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert!(is_amendment_number("CL44"));
        assert!(!is_amendment_number("../x"));
        assert!(!is_amendment_number("a/b"));
    }
}
