//! Importers: parliaments' open data into ordinary source files.
//!
//! An importer reads its input, reports every file it cannot use (by name,
//! with the reason) and produces a [`Plan`]: the files it wants under
//! `bills/<bill>/` and `amendments/<bill>/`. [`publish`] then makes the
//! project's folders match the plan in one step that cannot leave a partial
//! import behind:
//!
//! 1. files whose content would not change are left alone (importing the same
//!    data twice changes nothing);
//! 2. the bill's folders are mirrored into `.amendo-import/new/` (hard links),
//!    the changed files written there, and that copy is loaded and validated
//!    like any project: an import that would give invalid sources is refused
//!    and the project is untouched;
//! 3. each changed folder is swapped in by two renames, recorded in a
//!    journal that makes every point of the swap recoverable ([`journal`]).
//!
//! The whole import runs under [`ProjectLock`], taken before the project is
//! read: an interrupted import is settled first, and builds wait.
//!
//! Files under the bill's folders that the plan does not mention (amendments
//! added by hand) are kept. In files it rewrites, [`merge`] keeps what people
//! added: fields no importer writes (`operations:`, a vote's `note:`, …) and
//! fields listed under `keep:`.

pub mod akn;
pub mod an;
pub mod html;
pub mod journal;
pub mod lafabrique;
pub mod merge;
pub mod names;
pub mod senat;
pub mod subject;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use journal::ProjectLock;

use crate::diagnostic::Diagnostics;
use crate::model::Outcome;
use crate::{fault, source};

/// The folder, under the project's root, where an import prepares its work.
pub const WORK_DIR: &str = ".amendo-import";

/// The largest input file an importer reads: 64 MiB (the largest file of
/// the real corpora is 1.5 MiB). Larger files, and anything that is not a
/// regular file, are skipped and named.
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// An input file an importer could not use, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file, as given (relative to the input folder).
    pub file: String,
    /// Why it was not used.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

/// What an import wants the project to hold.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Files by path relative to the project's root. Each lies under one of
    /// the bill folders below.
    pub files: BTreeMap<PathBuf, String>,
    /// `bills/<bill>` and `amendments/<bill>` for the bills imported.
    pub bills: BTreeSet<String>,
}

impl Plan {
    /// Adds a file (relative to the root). Names in the path that come from
    /// input data must have gone through [`names::file_name`].
    pub fn add(&mut self, path: impl Into<PathBuf>, content: String) {
        self.files.insert(path.into(), content);
    }

    /// Checks one planned path: plain safe names, under one of the plan's
    /// bill folders.
    fn check_one(&self, rel: &Path) -> Result<(), String> {
        names::check_path(rel)?;
        if bill_dir(rel, &self.bills).is_none() {
            return Err(format!(
                "{}: outside the imported bills' folders (bills/<bill>/, amendments/<bill>/)",
                rel.display()
            ));
        }
        Ok(())
    }

    /// Checks the whole plan: every bill a safe slug, every path safe and
    /// under its bill's folders. [`publish`] refuses a plan that fails.
    pub fn check(&self) -> Result<(), ImportError> {
        let mut errors = Vec::new();
        for b in &self.bills {
            if let Err(e) = names::file_name(names::Kind::Bill, b) {
                errors.push(e.to_string());
            }
        }
        for rel in self.files.keys() {
            if let Err(e) = self.check_one(rel) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ImportError::Input(format!(
                "{}\nthe import would write outside the project's bill folders; nothing was written",
                errors.join("\n")
            )))
        }
    }
}

/// What an importer read and wants to write.
#[derive(Debug, Default)]
pub struct Report {
    /// Input files read.
    pub files: usize,
    /// Totals, labelled ("amendments", "ballots"…).
    pub totals: Vec<(&'static str, usize)>,
    /// Counts by label ("by outcome", "by kind"…).
    pub breakdowns: Vec<(&'static str, Counts)>,
    /// Input files not used, with the reason.
    pub skipped: Vec<Skipped>,
    /// What the import could not resolve but worked around.
    pub warnings: Vec<String>,
    /// The files to write.
    pub plan: Plan,
}

impl Report {
    /// Sorts the lists and drops repeated warnings. A planned file whose
    /// path is not safe (see [`names`]) is taken out of the plan and listed
    /// as skipped, so `--dry-run` shows it and `--strict` refuses it.
    pub fn finish(&mut self) {
        let unsafe_paths: Vec<(PathBuf, String)> = self
            .plan
            .files
            .keys()
            .filter_map(|p| self.plan.check_one(p).err().map(|e| (p.clone(), e)))
            .collect();
        for (p, reason) in unsafe_paths {
            self.plan.files.remove(&p);
            self.skipped.push(Skipped {
                file: p.display().to_string(),
                reason,
            });
        }
        self.warnings.sort();
        self.warnings.dedup();
        self.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    }
}

/// What [`publish`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    /// Files written (new or changed), relative to the root.
    pub written: Vec<PathBuf>,
    /// Files of the plan already as planned.
    pub unchanged: usize,
    /// True when an interrupted import was rolled back first.
    pub recovered: bool,
    /// True for `--dry-run`: `written` lists what would be written, and
    /// nothing was.
    pub dry_run: bool,
}

/// Why an import did not publish anything.
#[derive(Debug)]
pub enum ImportError {
    /// The input cannot be imported at all.
    Input(String),
    /// A file could not be read or written.
    Io(String),
    /// Another import holds the project.
    Locked(PathBuf),
    /// The files the import would write are not valid sources.
    Invalid(Diagnostics),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Input(m) | ImportError::Io(m) => f.write_str(m),
            ImportError::Locked(p) => write!(
                f,
                "another import is running ({} is locked); nothing was written",
                p.display()
            ),
            ImportError::Invalid(d) => write!(
                f,
                "{d}\nthe imported files would not be valid sources; nothing was written"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

fn io(what: &str, path: &Path, e: std::io::Error) -> ImportError {
    ImportError::Io(format!("cannot {what} {}: {e}", path.display()))
}

/// Makes the project hold the plan's files, all or nothing. The caller took
/// `lock` before reading the project (see [`ProjectLock`]).
pub fn publish(lock: &ProjectLock, plan: &Plan) -> Result<Published, ImportError> {
    plan.check()?;
    let progress = crate::progress::Progress::new("import", None);
    progress.message("comparing with the project's files");
    let root = lock.root();
    let recovered = lock.recovered();
    let (written, unchanged, changed_dirs) = changes(root, plan)?;
    if written.is_empty() {
        return Ok(Published {
            written,
            unchanged,
            recovered,
            dry_run: false,
        });
    }
    progress.message(&format!("staging {} changed files", written.len()));
    let new = root.join(WORK_DIR).join("new");
    journal::remove_all(&new)?;
    let checked = stage(root, &new, plan, &written, &progress);
    if checked.is_err() {
        journal::remove_all(&new)?;
    }
    checked?;
    progress.message("putting the new files in place");
    let dirs: Vec<PathBuf> = changed_dirs.into_iter().collect();
    journal::swap(root, &dirs)?;
    Ok(Published {
        written,
        unchanged,
        recovered,
        dry_run: false,
    })
}

/// What [`publish`] would do, without writing into the project: the files
/// that would change are staged in a temporary folder, beside a copy of the
/// imported bills' sources, and validated there as `publish` validates
/// them, so a dry run fails exactly when the import would.
pub fn dry_run(root: &Path, plan: &Plan) -> Result<Published, ImportError> {
    plan.check()?;
    let (written, unchanged, _) = changes(root, plan)?;
    if !written.is_empty() {
        let progress = crate::progress::Progress::new("import", None);
        progress.message(&format!("staging {} changed files", written.len()));
        let tmp = tempfile::tempdir().map_err(|e| io("create", &std::env::temp_dir(), e))?;
        stage(root, tmp.path(), plan, &written, &progress)?;
    }
    Ok(Published {
        written,
        unchanged,
        recovered: false,
        dry_run: true,
    })
}

/// The plan's files that differ from the project's (in plan order), how many
/// are already as planned, and the bills' folders that hold a change.
fn changes(
    root: &Path,
    plan: &Plan,
) -> Result<(Vec<PathBuf>, usize, BTreeSet<PathBuf>), ImportError> {
    let mut changed_dirs = BTreeSet::new();
    let mut written = Vec::new();
    let mut unchanged = 0;
    for (rel, content) in &plan.files {
        let dir = bill_dir(rel, &plan.bills).ok_or_else(|| {
            ImportError::Io(format!(
                "internal: {} is outside the imported bills' folders",
                rel.display()
            ))
        })?;
        match source::read_limited(&root.join(rel), source::MAX_SOURCE_BYTES) {
            Ok(old) if old == content.as_bytes() => unchanged += 1,
            _ => {
                changed_dirs.insert(dir);
                written.push(rel.clone());
            }
        }
    }
    Ok((written, unchanged, changed_dirs))
}

/// Copies the imported bills' sources into `new` (hard links where it can),
/// writes the changed files there, and validates the result as a project.
fn stage(
    root: &Path,
    new: &Path,
    plan: &Plan,
    written: &[PathBuf],
    progress: &crate::progress::Progress,
) -> Result<(), ImportError> {
    for bill in &plan.bills {
        for top in ["bills", "amendments"] {
            let rel = Path::new(top).join(bill);
            if root.join(&rel).is_dir() {
                fault::step("import: mirror a folder into the staging copy");
                mirror(&root.join(&rel), &new.join(&rel))?;
            }
        }
    }
    for rel in written {
        let path = new.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
        }
        // The mirror holds hard links: replace the link, never write through it.
        fault::step("import: write a staged file");
        let _ = fs::remove_file(&path);
        fs::write(&path, &plan.files[rel]).map_err(|e| io("write", &path, e))?;
    }
    progress.message("checking the staged copy");
    source::load_sources(new).map_err(ImportError::Invalid)?;
    Ok(())
}

/// The stage that examined amendments tabled on the text of stage `at`: the
/// first stage after it whose kind is the examining body's (a committee's
/// amendments at a `committee` stage, the sitting's at a `floor` or `final`
/// one; any kind when the data does not say where), passing only stages that
/// carry no text of their own. A budget bill's committees adopt no text, so
/// its sitting examines the bill as tabled, after them. When no stage fits,
/// the end of the importer's error: what to add to `bill.yaml`.
pub fn examining_stage(
    stages: &[crate::model::Stage],
    at: usize,
    in_committee: Option<bool>,
) -> Result<&crate::model::Stage, String> {
    use crate::model::StageKind;
    let fits = |kind: StageKind| match in_committee {
        None => true,
        Some(true) => kind == StageKind::Committee,
        Some(false) => matches!(kind, StageKind::Floor | StageKind::Final),
    };
    for s in stages.get(at + 1..).unwrap_or_default() {
        if fits(s.kind) {
            return Ok(s);
        }
        if s.number.is_some() {
            break;
        }
    }
    let last = stages.get(at).map_or("", |s| s.id.as_str());
    Err(if at + 1 >= stages.len() {
        format!("the text of the last stage `{last}`: add the stage that examined them after it")
    } else {
        let kind = if in_committee == Some(true) {
            "committee"
        } else {
            "floor"
        };
        format!(
            "but no stage with kind: {kind} follows `{last}` before the next text: add one after `{last}`"
        )
    })
}

/// One amendment as an importer writes its file
/// (`amendments/<bill>/<stage>/<number>.yaml`), the fields in the documented
/// order.
pub struct AmendmentFile<'a> {
    /// The number, also the file's name.
    pub number: &'a str,
    /// The article, empty when the data does not say.
    pub article: &'a str,
    /// The authors; `(not given)` is written when there are none.
    pub authors: &'a [String],
    /// The political group.
    pub group: Option<&'a str>,
    /// The filing day (`2025-03-14`), when the data gives it.
    pub filed: Option<String>,
    /// The outcome.
    pub outcome: crate::model::Outcome,
    /// When it was decided, as the data gives it; written only for an
    /// adopted or rejected amendment.
    pub decided: Option<String>,
    /// A sub-amendment's parent.
    pub parent: Option<&'a str>,
    /// The dispositif.
    pub instruction: &'a str,
    /// The explanation.
    pub explanation: Option<&'a str>,
    /// Where it comes from.
    pub source: String,
}

impl AmendmentFile<'_> {
    /// The file's text. The filing date is required: when the data does not
    /// give it, the date of the stage that examined it (`stage_date`), which
    /// bounds it, and `source:` says so. A decision date the data does not
    /// give is left out, never guessed.
    pub fn render(&self, stage_date: crate::date::LegalTime) -> String {
        use crate::model::Outcome;
        use crate::yaml::{quoted, write_text};
        let mut out = String::with_capacity(2048);
        out.push_str(&format!("number: {}\n", quoted(self.number)));
        out.push_str(&format!("article: {}\n", quoted(self.article)));
        out.push_str("authors:\n");
        if self.authors.is_empty() {
            out.push_str("  - \"(not given)\"\n");
        }
        for a in self.authors {
            out.push_str(&format!("  - {}\n", quoted(a)));
        }
        if let Some(g) = self.group {
            out.push_str(&format!("group: {}\n", quoted(g)));
        }
        let mut source = self.source.clone();
        let filed = match &self.filed {
            Some(d) => d.clone(),
            None => {
                let day = stage_date.day_string();
                source.push_str(&format!(
                    "; filing date not in the data: the stage's ({day})"
                ));
                day
            }
        };
        out.push_str(&format!("filed: {filed}\n"));
        out.push_str(&format!("outcome: {}\n", self.outcome.as_str()));
        if let Some(d) = self
            .decided
            .as_ref()
            .filter(|_| matches!(self.outcome, Outcome::Adopted | Outcome::Rejected))
        {
            out.push_str(&format!("decided: {d}\n"));
        }
        if let Some(p) = self.parent {
            out.push_str(&format!("parent: {}\n", quoted(p)));
        }
        write_text(&mut out, 0, "instruction", self.instruction);
        if let Some(e) = self.explanation {
            write_text(&mut out, 0, "explanation", e);
        }
        out.push_str(&format!("source: {}\n", quoted(&source)));
        out
    }
}

/// Where amendments were examined, as an importer's error says it:
/// « amendments examined in committee are tabled on … ».
pub fn examined_where(in_committee: Option<bool>) -> &'static str {
    match in_committee {
        Some(true) => " examined in committee",
        Some(false) => " examined in the sitting",
        None => "",
    }
}

/// `bills/<bill>` or `amendments/<bill>` holding `rel`, for a planned bill.
fn bill_dir(rel: &Path, bills: &BTreeSet<String>) -> Option<PathBuf> {
    let mut parts = rel.components();
    let top = parts.next()?.as_os_str().to_str()?;
    let bill = parts.next()?.as_os_str().to_str()?;
    (matches!(top, "bills" | "amendments") && bills.contains(bill) && parts.next().is_some())
        .then(|| Path::new(top).join(bill))
}

/// Copies a folder tree as hard links (or copies where links fail).
fn mirror(from: &Path, to: &Path) -> Result<(), ImportError> {
    fs::create_dir_all(to).map_err(|e| io("create", to, e))?;
    for entry in fs::read_dir(from).map_err(|e| io("read", from, e))? {
        let entry = entry.map_err(|e| io("read", from, e))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(|e| io("read", &src, e))?;
        if kind.is_dir() {
            mirror(&src, &dst)?;
        } else if fs::hard_link(&src, &dst).is_err() {
            fs::copy(&src, &dst).map_err(|e| io("copy", &src, e))?;
        }
    }
    Ok(())
}

/// A bill's `bill.yaml`, as documented in docs/formats.md.
pub fn write_bill_yaml(bill: &crate::model::Bill) -> String {
    use crate::yaml::quoted;
    let mut out = format!("title: {}\n", quoted(&bill.title));
    if let Some(s) = &bill.short_title {
        out.push_str(&format!("short_title: {}\n", quoted(s)));
    }
    out.push_str(&format!(
        "jurisdiction: {}\nlanguage: {}\n",
        quoted(&bill.jurisdiction),
        quoted(&bill.language)
    ));
    if !bill.links.is_empty() {
        out.push_str("links:\n");
        for l in &bill.links {
            out.push_str(&format!(
                "  - label: {}\n    url: {}\n",
                quoted(&l.label),
                quoted(&l.url)
            ));
        }
    }
    if !bill.notes.is_empty() {
        out.push_str("notes:\n");
        for n in &bill.notes {
            out.push_str(&format!("  - {}\n", quoted(n)));
        }
    }
    if !bill.groups.is_empty() {
        out.push_str("groups:\n");
        for (k, v) in &bill.groups {
            out.push_str(&format!("  {}: {}\n", quoted(k), quoted(v)));
        }
    }
    out.push_str("stages:\n");
    for s in &bill.stages {
        out.push_str(&format!(
            "  - id: {}\n    label: {}\n    chamber: {}\n    kind: {}\n    date: {}\n",
            s.id,
            quoted(&s.label),
            quoted(&s.chamber),
            s.kind.as_str(),
            s.date.day_string()
        ));
        for (key, value) in [
            ("text", &s.text),
            ("number", &s.number),
            ("source", &s.source),
        ] {
            if let Some(v) = value {
                out.push_str(&format!("    {key}: {}\n", quoted(v)));
            }
        }
        if let Some(r) = s.result {
            out.push_str(&format!("    result: {}\n", r.as_str()));
        }
        if let Some(v) = &s.note {
            out.push_str(&format!("    note: {}\n", quoted(v)));
        }
    }
    out
}

/// Counts by label, for import reports.
pub type Counts = BTreeMap<String, usize>;

/// `bytes` without the UTF-8 byte order mark some exports begin with
/// (JSON forbids it, so a parser would stop at line 1, column 1).
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Adds one to a label's count.
pub fn count(counts: &mut Counts, label: &str) {
    *counts.entry(label.to_owned()).or_default() += 1;
}

/// The amendment files an importer plans (the Sénat's, Akoma Ntoso's), each
/// merged into the file already there, counted by stage and outcome for the
/// import's report.
#[derive(Default)]
pub(crate) struct PlannedAmendments {
    /// The input each amendment came from, by stage and number.
    seen: HashMap<(String, String), String>,
    by_stage: Counts,
    by_outcome: Counts,
    imported: usize,
}

impl PlannedAmendments {
    /// The input amendment `number` at `stage` already came from, when it
    /// did (the one from `input` is then skipped); else notes `input`.
    pub(crate) fn already(&mut self, stage: &str, number: &str, input: &str) -> Option<String> {
        self.seen
            .insert((stage.to_owned(), number.to_owned()), input.to_owned())
    }

    /// Plans `amendments/<bill>/<stage>/<number>.yaml` as `new`, keeping
    /// what was added by hand to the file there ([`merge`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn plan(
        &mut self,
        report: &mut Report,
        root: &Path,
        bill: &str,
        stage: &str,
        number: &str,
        outcome: Outcome,
        new: String,
    ) -> Result<(), ImportError> {
        let rel = Path::new("amendments")
            .join(bill)
            .join(stage)
            .join(format!("{number}.yaml"));
        let content = match existing_file(root, &rel)? {
            Some(existing) => merge::merge(&existing, &new).map_err(|why| {
                ImportError::Input(format!(
                    "{}: cannot keep what was added by hand: {why}",
                    rel.display()
                ))
            })?,
            None => new,
        };
        report.plan.add(rel, content);
        count(&mut self.by_outcome, outcome.as_str());
        count(&mut self.by_stage, stage);
        self.imported += 1;
        Ok(())
    }

    /// The counts in `report`, which is then finished ([`Report::finish`]).
    pub(crate) fn report(self, report: &mut Report) {
        report.totals = vec![("amendments", self.imported)];
        report.breakdowns = vec![("by stage", self.by_stage), ("by outcome", self.by_outcome)];
        report.finish();
    }
}

/// The source file an import would write at `rel` (from the project's
/// `root`), as it is now, to merge with (its hand-kept fields stay): None
/// when there is none. One that cannot be read, or is not UTF-8, is an
/// error naming it, never replaced.
pub(crate) fn existing_file(root: &Path, rel: &Path) -> Result<Option<String>, ImportError> {
    match crate::source::read_limited(&root.join(rel), crate::source::MAX_SOURCE_BYTES) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            ImportError::Input(format!(
                "{}: not UTF-8 (byte offset {}): save it as UTF-8 or remove it, then import again; nothing was written",
                rel.display(),
                e.utf8_error().valid_up_to()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ImportError::Io(format!(
            "{}: cannot read the existing file ({e}); nothing was written",
            rel.display()
        ))),
    }
}

#[cfg(test)]
mod examining_tests {
    use super::examining_stage;
    use crate::model::Stage;

    fn stages(yaml: &str) -> Vec<Stage> {
        serde_json::from_value(serde_json::from_str::<serde_json::Value>(yaml).unwrap()).unwrap()
    }

    #[test]
    fn each_body_examines_at_a_stage_of_its_kind() {
        // A budget bill: the committees adopt no text; the sitting examines
        // the bill as tabled after them.
        let budget = stages(
            r#"[{"id": "depot", "label": "", "chamber": "assemblee", "kind": "introduced", "date": "2024-10-10", "number": "324"},
                {"id": "commission", "label": "", "chamber": "assemblee", "kind": "committee", "date": "2024-10-25"},
                {"id": "seance", "label": "", "chamber": "assemblee", "kind": "floor", "date": "2024-11-12", "number": "873"}]"#,
        );
        let id = |c| examining_stage(&budget, 0, c).ok().map(|s| s.id.as_str());
        assert_eq!(id(Some(true)), Some("commission"));
        assert_eq!(id(Some(false)), Some("seance"));
        assert_eq!(id(None), Some("commission"));
        // A committee that adopts its text: the sitting examines that text,
        // not the one before it.
        let usual = stages(
            r#"[{"id": "depot", "label": "", "chamber": "senat", "kind": "introduced", "date": "2024-10-10", "number": "907"},
                {"id": "commission", "label": "", "chamber": "senat", "kind": "committee", "date": "2024-10-25", "number": "1043"},
                {"id": "seance", "label": "", "chamber": "senat", "kind": "floor", "date": "2024-11-12"}]"#,
        );
        assert_eq!(
            examining_stage(&usual, 0, Some(false))
                .ok()
                .map(|s| s.id.as_str()),
            None
        );
        assert_eq!(
            examining_stage(&usual, 1, Some(false))
                .ok()
                .map(|s| s.id.as_str()),
            Some("seance")
        );
        assert_eq!(
            examining_stage(&usual, 2, None).ok().map(|s| s.id.as_str()),
            None
        );
    }
}
