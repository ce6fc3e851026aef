//! Assemblée nationale open data (`amendo import an DIR --bill BILL`).
//!
//! The input folder is searched recursively for `*.json` files; each is an
//! amendment (`{"amendement": …}`), a ballot (`{"scrutin": …}`), a person
//! (`{"acteur": …}`) or a body (`{"organe": …}`), whatever the folders are
//! called. A file that is not JSON, or not one of these, or lacks a field
//! the import needs, is skipped and reported by name with the reason.
//!
//! Stages: an amendment is tabled on a text (`texteLegislatifRef`, e.g.
//! `PIONANR5L17BTC1043` is text n° 1043) and examined at the stage after the
//! one whose `number:` is that text's, in the bill's `bill.yaml`. A text no
//! stage carries is an error that names it: the user adds the stage.
//!
//! Groups: a group's short name is the one `bill.yaml` gives its full name
//! (or its uid) under `groups:`, else the AN's abbreviation (`libelleAbrev`).
//!
//! Ballots: a ballot whose subject names an amendment ("l'amendement n° 640
//! …", "le sous-amendement n° 978 …") decided that amendment, at the stage
//! where an amendment with that number was decided on the ballot's day with
//! the same result; its identical amendments share it. The roll (each
//! member's vote) goes to `<stage>/ballots/<number>.yaml`.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::names::{self, Kind};
use super::{Counts, ImportError, Report, Skipped, count, html, merge};
use crate::i18n::{AnRecord, Lang};
use crate::model::{Bill, Outcome, Stance, number_order};
use crate::yaml::{quoted, write_text};

/// Counts kept while importing, turned into the common [`Report`].
#[derive(Debug, Default)]
struct Tally {
    by_outcome: Counts,
    by_kind: Counts,
    by_stage: Counts,
    ballots_linked: usize,
    ballots_other: usize,
    ballots_kept: usize,
    warnings: Vec<String>,
    /// The people named by their ids, as `acteurs/` does not name them.
    unnamed: std::collections::BTreeSet<String>,
}

/// One amendment as read from the AN's JSON.
#[derive(Debug, Clone)]
struct Raw {
    file: String,
    uid: String,
    number: String,
    printed: String,
    text: String,
    parent: Option<String>,
    author_kind: String,
    author: Option<String>,
    author_label: String,
    group_ref: Option<String>,
    cosignatories: Vec<String>,
    division_kind: String,
    division: Option<String>,
    position: String,
    dispositif: Option<String>,
    credits: Vec<(String, i64, i64)>,
    /// The mission a credit transfer moves credits within.
    mission: Option<String>,
    explanation: Option<String>,
    filed: String,
    decided: Option<String>,
    sort: Option<String>,
    state: Option<String>,
    discussion: Option<String>,
    /// Where it was examined: `Some(true)` in a committee
    /// (`identification.prefixeOrganeExamen` `CION_LOIS`, `CION_FIN`…),
    /// `Some(false)` in the sitting (`AN`), `None` when the data does not say.
    in_committee: Option<bool>,
}

/// One ballot as read.
#[derive(Debug, Clone)]
struct Ballot {
    file: String,
    uid: String,
    number: String,
    date: String,
    adopted: bool,
    subject: String,
    /// The majority required, as the AN words it (`typeVote.typeMajorite`).
    majority: Option<String>,
    voting: Option<u32>,
    cast: Option<u32>,
    yes: u32,
    against: u32,
    abstentions: u32,
    groups: Vec<BallotGroup>,
}

#[derive(Debug, Clone)]
struct BallotGroup {
    organe: String,
    members: Option<u32>,
    yes: u32,
    against: u32,
    abstentions: u32,
    not_voting: u32,
    roll: Vec<(String, Stance)>,
}

/// Everything read from the input folder.
#[derive(Default)]
struct Input {
    amendments: Vec<Raw>,
    ballots: Vec<Ballot>,
    people: HashMap<String, String>,
    bodies: HashMap<String, (String, String)>,
    files: usize,
    skipped: Vec<Skipped>,
}

/// `Some(text)` for a JSON string, `None` for an XML nil (`{"@xsi:nil": …}`),
/// null or absence.
fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = v;
    for key in path {
        v = v.get(key)?;
    }
    v.as_str()
}

/// Like [`text`], but a value of another kind than expected (an object or a
/// list where text is due, text where an object is due) is an error naming
/// the field, never read as absent.
fn field<'a>(v: &'a Value, path: &[&str]) -> Result<Option<&'a str>, String> {
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    let mut v = v;
    for (i, key) in path.iter().enumerate() {
        v = match v {
            Value::Object(m) if m.contains_key("@xsi:nil") => return Ok(None),
            Value::Object(m) => match m.get(*key) {
                Some(x) => x,
                None => return Ok(None),
            },
            Value::Null => return Ok(None),
            other => {
                return Err(format!(
                    "field `{}`: expected an object, found {}",
                    path[..i].join("."),
                    kind(other)
                ));
            }
        };
    }
    match v {
        Value::String(s) => Ok(Some(s)),
        Value::Null => Ok(None),
        Value::Object(m) if m.contains_key("@xsi:nil") => Ok(None),
        other => Err(format!(
            "field `{}`: expected text, found {}",
            path.join("."),
            kind(other)
        )),
    }
}

fn required<'a>(v: &'a Value, path: &[&str]) -> Result<&'a str, String> {
    field(v, path)?.ok_or_else(|| format!("field `{}` is missing or empty", path.join(".")))
}

/// A count at `path`: absent is `None`; anything but a whole number, 0 or
/// more, is an error naming the field.
fn count_field(v: &Value, path: &[&str]) -> Result<Option<u32>, String> {
    match field(v, path)? {
        None => Ok(None),
        Some(t) => t.trim().parse().map(Some).map_err(|_| {
            format!(
                "field `{}`: `{t}` is not a count (a whole number, 0 or more)",
                path.join(".")
            )
        }),
    }
}

/// A value the AN writes as one object or a list of them.
fn one_or_many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        Some(v @ Value::String(_)) => vec![v],
        _ => Vec::new(),
    }
}

/// Reads every JSON file under `dir`, two threads at a time.
fn read_input(dir: &Path) -> Result<Input, ImportError> {
    let mut paths = Vec::new();
    collect_json(dir, &mut paths)?;
    paths.sort();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = paths.len().div_ceil(threads).max(1);
    let progress = crate::progress::Progress::new("read", Some(paths.len() as u64));
    let parts: Vec<Input> = std::thread::scope(|s| {
        let progress = &progress;
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| s.spawn(move || read_files(dir, part, progress)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut input = Input::default();
    for p in parts {
        input.amendments.extend(p.amendments);
        input.ballots.extend(p.ballots);
        input.people.extend(p.people);
        input.bodies.extend(p.bodies);
        input.files += p.files;
        input.skipped.extend(p.skipped);
    }
    Ok(input)
}

/// Every `*.json` under `dir`. Folders are entered, links to folders are
/// not (a link loop cannot trap the import); a folder or an entry that
/// cannot be read is an error naming it. Files are read later, only when
/// they are regular files.
fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let cannot = |e: std::io::Error| {
        ImportError::Input(format!(
            "cannot read the input folder {}: {e}",
            dir.display()
        ))
    };
    for entry in fs::read_dir(dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        let path = entry.path();
        if entry.file_type().map_err(cannot)?.is_dir() {
            collect_json(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_files(dir: &Path, paths: &[PathBuf], progress: &crate::progress::Progress) -> Input {
    let mut input = Input::default();
    for path in paths {
        input.files += 1;
        progress.inc(1);
        let shown = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        let skip = |reason: String| Skipped {
            file: shown.clone(),
            reason,
        };
        let bytes = match crate::source::read_limited(path, super::MAX_INPUT_BYTES) {
            Ok(b) => b,
            Err(e) => {
                input.skipped.push(skip(format!("cannot read: {e}")));
                continue;
            }
        };
        let value: Value = match serde_json::from_slice(super::without_bom(&bytes)) {
            Ok(v) => v,
            Err(e) => {
                input.skipped.push(skip(format!(
                    "not valid JSON: line {}, column {}: {e}",
                    e.line(),
                    e.column()
                )));
                continue;
            }
        };
        let result = if let Some(a) = value.get("amendement") {
            read_amendment(&shown, a).map(|r| input.amendments.push(r))
        } else if let Some(s) = value.get("scrutin") {
            read_ballot(&shown, s).map(|b| input.ballots.push(b))
        } else if let Some(a) = value.get("acteur") {
            read_person(a).map(|(uid, name)| {
                input.people.insert(uid, name);
            })
        } else if let Some(o) = value.get("organe") {
            read_body(o).map(|(uid, abbrev, name)| {
                input.bodies.insert(uid, (abbrev, name));
            })
        } else {
            Err("not AN open data: expected `amendement`, `scrutin`, `acteur` or `organe` at the top".to_owned())
        };
        if let Err(reason) = result {
            input.skipped.push(skip(reason));
        }
    }
    input
}

fn read_person(a: &Value) -> Result<(String, String), String> {
    let uid = text(a, &["uid", "#text"])
        .or_else(|| text(a, &["uid"]))
        .ok_or("field `uid` is missing")?;
    let first = required(a, &["etatCivil", "ident", "prenom"])?;
    let last = required(a, &["etatCivil", "ident", "nom"])?;
    Ok((uid.to_owned(), format!("{first} {last}")))
}

fn read_body(o: &Value) -> Result<(String, String, String), String> {
    let uid = required(o, &["uid"])?;
    let name = required(o, &["libelle"])?;
    let abbrev = text(o, &["libelleAbrev"]).unwrap_or(name);
    Ok((uid.to_owned(), abbrev.to_owned(), name.to_owned()))
}

fn read_amendment(file: &str, a: &Value) -> Result<Raw, String> {
    let printed = required(a, &["identification", "numeroLong"])?
        .trim()
        .to_owned();
    let number = match deliberation(text(a, &["examenRef"]).unwrap_or("")) {
        Some(d) if d > 1 => format!("D{d}-{}", base_number(&printed)),
        _ => base_number(&printed),
    };
    names::file_name(Kind::Amendment, &number)
        .map_err(|e| format!("field `identification.numeroLong` (`{printed}`): {e}"))?;
    let content = &a["corps"]["contenuAuteur"];
    let credits =
        one_or_many(content["dispositifAmdtCreditPLF"]["listeProgrammes"].get("programme"))
            .into_iter()
            .map(|p| {
                let amount = |k: &str| -> Result<i64, String> {
                    let t = field(p, &[k])?.unwrap_or("0");
                    t.trim()
                        .parse()
                        .map_err(|_| format!("credit line: `{k}` is not an amount: `{t}`"))
                };
                Ok((
                    required(p, &["libelle"])?.to_owned(),
                    amount("autorisationEngagement")?,
                    amount("creditPaiement")?,
                ))
            })
            .collect::<Result<Vec<_>, String>>()?;
    let author = |k: &str| field(a, &["signataires", "auteur", k]);
    let division = |k: &str| field(a, &["pointeurFragmentTexte", "division", k]);
    let body = |k: &str| field(a, &["corps", "contenuAuteur", k]);
    let sort = field(a, &["cycleDeVie", "sort"])?.map(str::to_owned);
    if let Some(word) = &sort
        && outcome_word(word).is_none()
    {
        return Err(format!(
            "field `cycleDeVie.sort`: unknown outcome `{word}` (expected Adopté, Rejeté, Retiré, Tombé, Non soutenu or Irrecevable)"
        ));
    }
    Ok(Raw {
        file: file.to_owned(),
        uid: required(a, &["uid"])?.to_owned(),
        number,
        printed,
        text: required(a, &["texteLegislatifRef"])?.to_owned(),
        parent: field(a, &["amendementParentRef"])?.map(str::to_owned),
        author_kind: author("typeAuteur")?.unwrap_or("").to_owned(),
        author: author("acteurRef")?.map(str::to_owned),
        author_label: field(a, &["signataires", "libelle"])?
            .map(|l| html::to_text(l).replace('\u{a0}', " "))
            .unwrap_or_default(),
        group_ref: author("groupePolitiqueRef")?.map(str::to_owned),
        cosignatories: one_or_many(a["signataires"]["cosignataires"].get("acteurRef"))
            .into_iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    "field `signataires.cosignataires.acteurRef`: expected text".to_owned()
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
        division_kind: division("type")?.unwrap_or("ARTICLE").to_owned(),
        division: division("titre")?.map(str::to_owned),
        position: division("avant_A_Apres")?.unwrap_or("A").to_owned(),
        dispositif: body("dispositif")?.map(html::to_text),
        credits,
        mission: field(
            a,
            &["pointeurFragmentTexte", "missionVisee", "libelleMission"],
        )?
        .map(str::to_owned),
        explanation: body("exposeSommaire")?
            .map(html::to_text)
            .filter(|e| !e.is_empty()),
        filed: required(a, &["cycleDeVie", "dateDepot"])?.to_owned(),
        decided: field(a, &["cycleDeVie", "dateSort"])?.map(str::to_owned),
        sort,
        state: field(a, &["cycleDeVie", "etatDesTraitements", "etat", "libelle"])?
            .map(str::to_owned),
        discussion: field(a, &["discussionIdentique", "idDiscussion"])?.map(str::to_owned),
        in_committee: field(a, &["identification", "prefixeOrganeExamen"])?
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p != "AN"),
    })
}

/// The deliberation an examination belongs to: `…BTC1043P0D2` → 2. Numbers
/// restart in a second deliberation, so its amendments are numbered `D2-1`…
fn deliberation(examen: &str) -> Option<u32> {
    let at = examen.rfind('D')?;
    examen[at + 1..].parse().ok()
}

/// `I-123 (Rect)` → `I-123`: a rectified amendment keeps its number.
fn base_number(printed: &str) -> String {
    printed
        .split(" (")
        .next()
        .unwrap_or(printed)
        .trim()
        .to_owned()
}

fn read_ballot(file: &str, s: &Value) -> Result<Ballot, String> {
    let total = |k: &str| count_field(s, &["syntheseVote", "decompte", k]);
    let mut groups = Vec::new();
    for g in one_or_many(s["ventilationVotes"]["organe"]["groupes"].get("groupe")) {
        let organe = required(g, &["organeRef"])?;
        let count = |k: &str| {
            count_field(g, &["vote", "decompteVoix", k])
                .map(|n| n.unwrap_or(0))
                .map_err(|e| format!("group {organe}: {e}"))
        };
        let named = &g["vote"]["decompteNominatif"];
        let mut roll = Vec::new();
        for (key, stance) in [
            ("pours", Stance::For),
            ("contres", Stance::Against),
            ("abstentions", Stance::Abstention),
            ("nonVotants", Stance::NotVoting),
        ] {
            for v in one_or_many(named.get(key).and_then(|x| x.get("votant"))) {
                if let Some(r) = text(v, &["acteurRef"]) {
                    roll.push((r.to_owned(), stance));
                }
            }
        }
        groups.push(BallotGroup {
            organe: organe.to_owned(),
            members: count_field(g, &["nombreMembresGroupe"])
                .map_err(|e| format!("group {organe}: {e}"))?,
            yes: count("pour")?,
            against: count("contre")?,
            abstentions: count("abstentions")?,
            not_voting: count("nonVotants")?,
            roll,
        });
    }
    let code = required(s, &["sort", "code"])?;
    if !code.starts_with("adopt") && !code.starts_with("rejet") {
        return Err(format!(
            "field `sort.code`: unknown result `{code}` (expected adopté or rejeté)"
        ));
    }
    let number = required(s, &["numero"])?;
    names::file_name(Kind::Ballot, number).map_err(|e| format!("field `numero`: {e}"))?;
    Ok(Ballot {
        file: file.to_owned(),
        uid: required(s, &["uid"])?.to_owned(),
        number: number.to_owned(),
        date: required(s, &["dateScrutin"])?.to_owned(),
        adopted: code.starts_with("adopt"),
        subject: text(s, &["objet", "libelle"])
            .or_else(|| text(s, &["titre"]))
            .unwrap_or("")
            .to_owned(),
        majority: field(s, &["typeVote", "typeMajorite"])?
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|m| !m.is_empty()),
        voting: count_field(s, &["syntheseVote", "nombreVotants"])?,
        cast: count_field(s, &["syntheseVote", "suffragesExprimes"])?,
        yes: total("pour")?.unwrap_or(0),
        against: total("contre")?.unwrap_or(0),
        abstentions: total("abstentions")?.unwrap_or(0),
        groups,
    })
}

/// An imported amendment, ready to write.
#[derive(Debug, Clone)]
struct Record {
    raw: Raw,
    stage: String,
    article: String,
    authors: Vec<String>,
    group: Option<String>,
    outcome: Outcome,
    parent: Option<String>,
    identical: Vec<String>,
    vote: Option<usize>,
    kind: &'static str,
}

/// Reads `dir` and plans the files of bill `bill` under `root`.
pub fn plan(root: &Path, dir: &Path, bill: &str) -> Result<Report, ImportError> {
    names::file_name(Kind::Bill, bill).map_err(|e| ImportError::Input(format!("--bill: {e}")))?;
    let meta = crate::source::load_bill_meta(root, bill).map_err(|d| {
        ImportError::Input(format!(
            "{d}\nbills/{bill}/bill.yaml must be valid before importing into it"
        ))
    })?;
    let input = read_input(dir)?;
    let mut report = Report {
        files: input.files,
        skipped: input.skipped,
        ..Report::default()
    };
    let mut tally = Tally::default();
    let lang = Lang::of(&meta);
    let stage_of_text = stages_by_text(&meta, &input.amendments)?;
    let groups = GroupNames::new(&meta, &input.bodies);
    let mut records: Vec<Record> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for raw in input.amendments {
        let stage = stage_of_text[&(text_number(&raw.text), raw.in_committee)].clone();
        let people = People {
            names: &input.people,
            unnamed: &mut tally.unnamed,
        };
        match record(raw, stage, people, &groups, &mut tally.warnings) {
            Ok(r) => {
                let key = (r.stage.clone(), r.raw.number.clone());
                if let Some(&i) = seen.get(&key) {
                    report.skipped.push(Skipped {
                        file: r.raw.file.clone(),
                        reason: format!(
                            "amendment {} at stage {} is also in {}",
                            r.raw.number, r.stage, records[i].raw.file
                        ),
                    });
                    continue;
                }
                seen.insert(key, records.len());
                records.push(r);
            }
            Err(s) => report.skipped.push(s),
        }
    }
    link_family(&mut records, &mut tally.warnings);
    let ballots = input.ballots;
    link_ballots(&mut records, &ballots, &mut tally);
    for r in &records {
        count(&mut tally.by_outcome, r.outcome.as_str());
        count(&mut tally.by_kind, r.kind);
        count(&mut tally.by_stage, &r.stage);
    }
    report.plan.bills.insert(bill.to_owned());
    // A skipped input file may be the parent, an identical amendment or the
    // ballot of an amendment imported now: what the others say about it is
    // kept, not erased.
    let partial = !report.skipped.is_empty();
    let mut written_rolls = std::collections::HashSet::new();
    for r in &records {
        let rel = Path::new("amendments")
            .join(bill)
            .join(&r.stage)
            .join(format!("{}.yaml", r.raw.number));
        let new = render(r, r.vote.map(|i| &ballots[i]), &groups, lang);
        let content = match super::existing_file(root, &rel)? {
            Some(existing) => match merge::merge_keeping(&existing, &new, &{
                let keep = if partial {
                    unknown_relations(&existing, r)
                } else {
                    Vec::new()
                };
                for f in &keep {
                    tally.warnings.push(format!(
                        "{}: keeps its previous `{f}`, since {} input file(s) were skipped and what they say is not known",
                        rel.display(),
                        report.skipped.len()
                    ));
                }
                keep
            }) {
                Ok(m) => m,
                Err(why) => {
                    return Err(ImportError::Input(format!(
                        "{}: cannot keep what was added by hand: {why}",
                        rel.display()
                    )));
                }
            },
            None => new,
        };
        report.plan.add(rel, content);
        if let Some(i) = r.vote
            && written_rolls.insert((r.stage.clone(), i))
        {
            let b = &ballots[i];
            let rel = Path::new("amendments")
                .join(bill)
                .join(&r.stage)
                .join(crate::source::BALLOTS_DIR)
                .join(format!("{}.yaml", b.number));
            report.plan.add(
                rel,
                render_ballot(
                    b,
                    false,
                    lang,
                    People {
                        names: &input.people,
                        unnamed: &mut tally.unnamed,
                    },
                    &groups,
                    &mut tally.warnings,
                ),
            );
        }
    }
    // The ballots that decided no amendment, in the stage they were held.
    let linked: std::collections::HashSet<usize> = records.iter().filter_map(|r| r.vote).collect();
    for (i, b) in ballots.iter().enumerate() {
        if linked.contains(&i) {
            continue;
        }
        let Some(stage) = ballot_stage(&meta, &b.date) else {
            tally.warnings.push(format!(
                "{}: ballot n° {} of {} falls in no stage of the Assemblée in bills/{bill}/bill.yaml: not kept",
                b.file, b.number, b.date
            ));
            continue;
        };
        tally.ballots_kept += 1;
        let rel = Path::new("amendments")
            .join(bill)
            .join(stage)
            .join(crate::source::BALLOTS_DIR)
            .join(format!("{}.yaml", b.number));
        let people = People {
            names: &input.people,
            unnamed: &mut tally.unnamed,
        };
        let new = render_ballot(b, true, lang, people, &groups, &mut tally.warnings);
        let content = match super::existing_file(root, &rel)? {
            Some(existing) => merge::merge_ballot(&existing, &new),
            None => new,
        };
        report.plan.add(rel, content);
    }
    report.totals = vec![
        ("amendments", records.len()),
        ("ballots", ballots.len()),
        ("ballots linked to amendments", tally.ballots_linked),
        ("ballots on no amendment", tally.ballots_other),
        ("ballots kept on their own", tally.ballots_kept),
        ("people", input.people.len()),
        ("bodies", input.bodies.len()),
    ];
    report.breakdowns = vec![
        ("by stage", tally.by_stage),
        ("by outcome", tally.by_outcome),
        ("by kind", tally.by_kind),
    ];
    // Without the export's acteurs/ and organes/ folders, people and groups
    // can only be named by their ids: say where their names come from.
    let unnamed_people = tally.unnamed.len();
    if unnamed_people > 0 || input.bodies.is_empty() {
        let mut missing = Vec::new();
        if unnamed_people > 0 {
            missing.push(format!(
                "{unnamed_people} people not in acteurs/, named as the amendments' signatories labels name them (« M. Dupont ») or else by their ids (PA…): the export's acteurs/ folder gives their full names"
            ));
        }
        if input.bodies.is_empty() {
            missing.push(
                "no organes/ folder, so political groups are named by their ids (PO…)".to_owned(),
            );
        }
        tally.warnings.push(format!(
            "{}; the Assemblée's open data publishes acteurs/ and organes/ beside amendements/ (the AMO export of the same legislature): put them in the input folder and import again",
            missing.join("; ")
        ));
    }
    report.warnings = tally.warnings;
    report.finish();
    Ok(report)
}

/// The relations an existing amendment file has that the import would drop
/// (a parent, identical amendments, a vote): with skipped input files, they
/// may be what those files said.
fn unknown_relations(existing: &str, r: &Record) -> Vec<&'static str> {
    #[derive(serde::Deserialize)]
    struct Old {
        #[serde(default)]
        parent: Option<String>,
        #[serde(default)]
        identical: Vec<String>,
        #[serde(default)]
        vote: Option<serde::de::IgnoredAny>,
    }
    let Ok(old) = crate::yaml::from_str::<Old>(existing) else {
        return Vec::new();
    };
    let mut keep = Vec::new();
    if old.parent.is_some() && r.parent.is_none() {
        keep.push("parent");
    }
    if old.identical.iter().any(|n| !r.identical.contains(n)) {
        keep.push("identical");
    }
    if old.vote.is_some() && r.vote.is_none() {
        keep.push("vote");
    }
    keep
}

/// `PIONANR5L17BTC1043` → `1043`, `PIONANR5L17B0907` → `907`.
fn text_number(reference: &str) -> String {
    let digits = &reference[reference
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .len()..];
    match digits.trim_start_matches('0') {
        "" => digits.to_owned(),
        n => n.to_owned(),
    }
}

/// The stage at which amendments on each text are examined, by text number
/// and where they were examined ([`super::examining_stage`]: committee
/// amendments never land in the sitting's stage, nor the reverse). A text
/// no stage carries, or a body with no stage of its kind, is an error
/// naming the text and the body, and nothing is written.
fn stages_by_text(
    meta: &Bill,
    amendments: &[Raw],
) -> Result<HashMap<(String, Option<bool>), String>, ImportError> {
    let mut texts: BTreeMap<(String, Option<bool>), (usize, &str)> = BTreeMap::new();
    for a in amendments {
        let e = texts
            .entry((text_number(&a.text), a.in_committee))
            .or_insert((0, &a.text));
        e.0 += 1;
    }
    let mut map = HashMap::new();
    let mut missing = Vec::new();
    for ((number, in_committee), (n, reference)) in &texts {
        let at = meta
            .stages
            .iter()
            .position(|s| s.number.as_deref() == Some(number.as_str()));
        let Some(i) = at else {
            missing.push(format!(
                "{n} amendments are tabled on text n° {number} ({reference}), but no stage of bills/{}/bill.yaml has `number: \"{number}\"`",
                meta.slug
            ));
            continue;
        };
        match super::examining_stage(&meta.stages, i, *in_committee) {
            Ok(s) => {
                map.insert((number.clone(), *in_committee), s.id.clone());
            }
            Err(why) => missing.push(format!(
                "{n} amendments{} are tabled on text n° {number} ({reference}), {why}",
                super::examined_where(*in_committee)
            )),
        }
    }
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(ImportError::Input(format!(
            "{}\nan amendment is examined at the stage after the one whose text it amends (a committee's amendments at a committee stage, the sitting's at a floor stage); nothing was written",
            missing.join("\n")
        )))
    }
}

/// Group short names: as `bill.yaml` names them, else the AN's abbreviation.
struct GroupNames {
    by_uid: HashMap<String, String>,
}

impl GroupNames {
    fn new(meta: &Bill, bodies: &HashMap<String, (String, String)>) -> GroupNames {
        let mut by_uid = HashMap::new();
        for (uid, (abbrev, name)) in bodies {
            let curated = meta
                .groups
                .iter()
                .find(|(short, full)| full.as_str() == name || short.as_str() == abbrev)
                .map(|(short, _)| short.clone());
            by_uid.insert(uid.clone(), curated.unwrap_or_else(|| abbrev.clone()));
        }
        for short in meta.groups.keys() {
            by_uid.entry(short.clone()).or_insert_with(|| short.clone());
        }
        GroupNames { by_uid }
    }

    /// The short name, or the uid itself when the body is not in the data.
    fn of(&self, uid: &str) -> String {
        self.by_uid
            .get(uid)
            .cloned()
            .unwrap_or_else(|| uid.to_owned())
    }
}

fn record(
    raw: Raw,
    stage: String,
    mut people: People<'_>,
    groups: &GroupNames,
    warnings: &mut Vec<String>,
) -> Result<Record, Skipped> {
    let skip = |reason: String| Skipped {
        file: raw.file.clone(),
        reason,
    };
    let outcome = outcome(raw.sort.as_deref(), raw.state.as_deref());
    // A decision date the data does not give is left out, never guessed
    // (the history orders the amendment by its filing date).
    if matches!(outcome, Outcome::Adopted | Outcome::Rejected) && raw.decided.is_none() {
        warnings.push(format!(
            "{}: amendment {} is {} but has no `cycleDeVie.dateSort`: recorded without a decision date",
            raw.file,
            raw.number,
            outcome.label()
        ));
    }
    let Some(division) = raw.division.clone() else {
        return Err(skip(format!(
            "amendment {} names no division (`pointeurFragmentTexte.division.titre`)",
            raw.number
        )));
    };
    let designation = designation(&raw.division_kind, &division);
    let article = match raw.position.as_str() {
        "Avant" => format!("avant {designation}"),
        "Apres" | "Après" => format!("après {designation}"),
        _ => designation,
    };
    let mut authors = Vec::new();
    let government = raw.author_kind == "Gouvernement";
    // The label names the author first, then, when it names every
    // signatory, the co-signatories in the order of their ids (so in all
    // 1,609 amendments of the narcotrafic export that have acteurs/, 48,838
    // names out of 48,838): what names a person acteurs/ does not.
    let listed = signatories(&raw.author_label);
    let all_listed = listed.len() == 1 + raw.cosignatories.len();
    // « MM. Dupont et Durand »: the author is M. Dupont.
    let singular = listed.first().map(|n| {
        for (plural, one) in [("MM. ", "M. "), ("Mmes ", "Mme ")] {
            if let Some(rest) = n.strip_prefix(plural) {
                return format!("{one}{rest}");
            }
        }
        (*n).to_owned()
    });
    let first = singular
        .as_deref()
        .or(Some(raw.author_label.as_str()).filter(|l| !l.is_empty()));
    match (&raw.author, government) {
        (_, true) => authors.push("Gouvernement".to_owned()),
        (Some(r), false) => authors.push(person(r, &mut people, first, warnings)),
        (None, false) if !raw.author_label.is_empty() => authors.push(raw.author_label.clone()),
        (None, false) => {
            return Err(skip(format!("amendment {} names no author", raw.number)));
        }
    }
    for (i, c) in raw.cosignatories.iter().enumerate() {
        let named = all_listed.then(|| listed[i + 1]);
        authors.push(person(c, &mut people, named, warnings));
    }
    let group = if government {
        None
    } else {
        raw.group_ref.as_deref().map(|g| groups.of(g))
    };
    let kind = if !raw.credits.is_empty() {
        "credit transfer"
    } else if raw.parent.is_some() {
        "sub-amendment"
    } else if raw.division_kind == "ANNEXE" {
        "annex"
    } else if raw.division_kind != "ARTICLE" {
        "division"
    } else if raw.position == "A" {
        "article"
    } else {
        "additional article"
    };
    Ok(Record {
        raw,
        stage,
        article,
        authors,
        group,
        outcome,
        parent: None,
        identical: Vec::new(),
        vote: None,
        kind,
    })
}

/// People by id, and the ids met that they do not name.
struct People<'a> {
    names: &'a HashMap<String, String>,
    unnamed: &'a mut std::collections::BTreeSet<String>,
}

/// The people a signatories label (`signataires.libelle`) names, in its
/// order, each without what follows the name (« M. de Courson, rapporteur
/// général » gives « M. de Courson »): « M. Descoeur, Mme Meunier et
/// M. Bony » names three. A name starts with a civility (M., Mme, Mlle,
/// MM., Mmes) at the label's start or after a comma or « et »; the label's
/// other words (« et les membres du groupe … ») name no one. A plural
/// civility names several people (« MM. Dupont et Durand »): that piece is
/// one entry, its first name, so the count tells that the label does not
/// name everyone one by one.
fn signatories(label: &str) -> Vec<&str> {
    const CIVILITIES: [&str; 5] = ["M. ", "Mme ", "Mlle ", "MM. ", "Mmes "];
    let starts: Vec<usize> = label
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = label[..i].trim_end();
            CIVILITIES.iter().any(|c| label[i..].starts_with(c))
                && (before.is_empty()
                    || before.ends_with(',')
                    || before.ends_with(" et")
                    || before == "et")
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(label.len());
            // What follows a comma is a quality (« rapporteur général »),
            // what follows « et » another name or a group's members.
            let piece = &label[start..end];
            let cut = [",", " et "]
                .iter()
                .filter_map(|sep| piece.find(sep))
                .min()
                .unwrap_or(piece.len());
            piece[..cut].trim()
        })
        .collect()
}

fn person(
    uid: &str,
    people: &mut People<'_>,
    label: Option<&str>,
    warnings: &mut Vec<String>,
) -> String {
    people.names.get(uid).cloned().unwrap_or_else(|| {
        // Said once a person, however many amendments they sign (the
        // budget bill's 14,521 gave 4,600 such lines for 578 people).
        if people.unnamed.insert(uid.to_owned()) {
            warnings.push(format!(
                "person {uid} is not in the input's acteurs: named {}",
                label.unwrap_or(uid)
            ));
        }
        label.unwrap_or(uid).to_owned()
    })
}

/// The AN's outcome words as amendo's outcomes: a `sort` (checked when
/// read) or, without one, the state, where any other word means pending.
fn outcome(sort: Option<&str>, state: Option<&str>) -> Outcome {
    sort.or(state)
        .and_then(outcome_word)
        .unwrap_or(Outcome::Pending)
}

/// One AN outcome word, if it is one.
fn outcome_word(word: &str) -> Option<Outcome> {
    let word = word.trim().to_lowercase();
    Some(if word.starts_with("adopt") {
        Outcome::Adopted
    } else if word.starts_with("rejet") {
        Outcome::Rejected
    } else if word.starts_with("retir") {
        Outcome::Withdrawn
    } else if word.starts_with("tomb") {
        Outcome::Fallen
    } else if word.starts_with("non soutenu") {
        Outcome::NotMoved
    } else if word.starts_with("irrecevable") {
        Outcome::Inadmissible
    } else {
        return None;
    })
}

/// `Article 8 ter` → `8 ter`, `Article PREMIER` → `1er`; other divisions
/// (`Chapitre II`, `ÉTAT B`) as printed.
fn designation(kind: &str, title: &str) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if kind != "ARTICLE" {
        return title;
    }
    let bare = title
        .strip_prefix("Article ")
        .or_else(|| title.strip_prefix("ARTICLE "))
        .unwrap_or(&title);
    match bare {
        "PREMIER" | "premier" | "Premier" | "1" => "1er".to_owned(),
        b => b
            .strip_prefix("PREMIER ")
            .map_or_else(|| b.to_owned(), |rest| format!("1er {rest}")),
    }
}

/// Parents (by uid, at the same stage) and identical amendments (same
/// discussion of identical amendments, at the same stage).
fn link_family(records: &mut [Record], warnings: &mut Vec<String>) {
    let by_uid: HashMap<String, (String, String)> = records
        .iter()
        .map(|r| (r.raw.uid.clone(), (r.stage.clone(), r.raw.number.clone())))
        .collect();
    let mut discussions: HashMap<(String, String), Vec<String>> = HashMap::new();
    for r in records.iter() {
        if let Some(d) = &r.raw.discussion {
            discussions
                .entry((r.stage.clone(), d.clone()))
                .or_default()
                .push(r.raw.number.clone());
        }
    }
    for r in records.iter_mut() {
        if let Some(p) = &r.raw.parent {
            match by_uid.get(p) {
                Some((stage, number)) if *stage == r.stage => r.parent = Some(number.clone()),
                _ => warnings.push(format!(
                    "{}: the parent amendment {p} is not in the input; imported without it",
                    r.raw.file
                )),
            }
        }
        if let Some(d) = &r.raw.discussion
            && let Some(all) = discussions.get(&(r.stage.clone(), d.clone()))
        {
            let mut others: Vec<String> = all
                .iter()
                .filter(|n| **n != r.raw.number)
                .cloned()
                .collect();
            others.sort_by(|a, b| number_order(a, b));
            r.identical = others;
        }
    }
}

/// The amendment number a ballot's subject names, if it is about one.
fn ballot_amendment(subject: &str) -> Option<String> {
    let lower = subject.to_lowercase();
    let at = lower.find("amendement")?;
    if !(lower.starts_with("l'amendement")
        || lower.starts_with("l’amendement")
        || lower.starts_with("le sous-amendement"))
    {
        return None;
    }
    let rest = &subject[at..];
    let n = rest.find("n°")?;
    let number: String = rest[n + "n°".len()..]
        .trim_start_matches([' ', '\u{a0}'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    (!number.is_empty()).then_some(number)
}

/// True when an amendment decided at `decided` may have been decided by a
/// ballot held on `day`: the same day, or the night after (sittings run
/// past midnight, and the AN dates ballots by their sitting).
fn decided_at_sitting(decided: &str, day: &str) -> bool {
    use crate::date::LegalTime;
    match (LegalTime::parse(decided), LegalTime::parse(day)) {
        (Ok(d), Ok(b)) => {
            let hours = (d.epoch_seconds() - b.epoch_seconds()) / 3600;
            (0..36).contains(&hours)
        }
        _ => false,
    }
}

fn link_ballots(records: &mut [Record], ballots: &[Ballot], report: &mut Tally) {
    let mut by_number: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        by_number.entry(r.raw.number.as_str()).or_default().push(i);
        // A second deliberation's `D2-1` is "n° 1" in ballots' subjects.
        if let Some((_, n)) = r
            .raw
            .number
            .split_once('-')
            .filter(|(d, _)| d.starts_with('D'))
        {
            by_number.entry(n).or_default().push(i);
        }
    }
    let mut links: Vec<(usize, usize)> = Vec::new();
    for (bi, b) in ballots.iter().enumerate() {
        let Some(number) = ballot_amendment(&b.subject) else {
            report.ballots_other += 1;
            continue;
        };
        let wanted = if b.adopted {
            Outcome::Adopted
        } else {
            Outcome::Rejected
        };
        let candidates: Vec<usize> = by_number
            .get(number.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| {
                let r = &records[i];
                r.outcome == wanted
                    && r.raw
                        .decided
                        .as_deref()
                        .is_some_and(|d| decided_at_sitting(d, &b.date))
            })
            .collect();
        match candidates.as_slice() {
            [i] => {
                report.ballots_linked += 1;
                links.push((*i, bi));
                let (stage, identical) = (records[*i].stage.clone(), records[*i].identical.clone());
                for (j, r) in records.iter().enumerate() {
                    if r.stage == stage && identical.contains(&r.raw.number) && r.outcome == wanted
                    {
                        links.push((j, bi));
                    }
                }
            }
            [] => report.warnings.push(format!(
                "{}: ballot n° {} is on amendment n° {number}, but no amendment with that number was {} on {}: not linked",
                b.file,
                b.number,
                wanted.label(),
                b.date
            )),
            _ => report.warnings.push(format!(
                "{}: ballot n° {} is on amendment n° {number}, which names several amendments decided that day: not linked",
                b.file, b.number
            )),
        }
    }
    for (i, bi) in links {
        records[i].vote = Some(bi);
    }
}

/// An amendment's source file, fields in the documented order.
fn render(r: &Record, ballot: Option<&Ballot>, groups: &GroupNames, lang: Lang) -> String {
    let mut out = String::with_capacity(4096);
    let raw = &r.raw;
    out.push_str(&format!("number: {}\n", quoted(&raw.number)));
    out.push_str(&format!("article: {}\n", quoted(&r.article)));
    out.push_str("authors:\n");
    for a in &r.authors {
        out.push_str(&format!("  - {}\n", quoted(a)));
    }
    if let Some(g) = &r.group {
        out.push_str(&format!("group: {}\n", quoted(g)));
    }
    out.push_str(&format!("filed: {}\n", raw.filed));
    out.push_str(&format!("outcome: {}\n", r.outcome.as_str()));
    if let Some(d) = &raw.decided {
        out.push_str(&format!("decided: {d}\n"));
    }
    if let Some(p) = &r.parent {
        out.push_str(&format!("parent: {}\n", quoted(p)));
    }
    if !r.identical.is_empty() {
        let list: Vec<String> = r.identical.iter().map(|n| quoted(n)).collect();
        out.push_str(&format!("identical: [{}]\n", list.join(", ")));
    }
    write_text(
        &mut out,
        0,
        "instruction",
        raw.dispositif.as_deref().unwrap_or(""),
    );
    if !raw.credits.is_empty() {
        out.push_str("credits:\n");
        let mission = raw
            .mission
            .as_deref()
            .map(|m| format!("mission: {}, ", quoted(m)))
            .unwrap_or_default();
        for (programme, commitments, payments) in &raw.credits {
            out.push_str(&format!(
                "  - {{{mission}programme: {}, commitments: {commitments}, payments: {payments}}}\n",
                quoted(programme)
            ));
        }
    }
    if let Some(e) = &raw.explanation {
        write_text(&mut out, 0, "explanation", e);
    }
    if let Some(b) = ballot {
        out.push_str("vote:\n");
        out.push_str(&format!("  ballot: {}\n", quoted(&b.number)));
        out.push_str(&format!("  date: {}\n", b.date));
        write_counts(&mut out, "  ", b, groups);
        if b.groups.iter().any(|g| !g.roll.is_empty()) {
            out.push_str(&format!(
                "  members: {}\n",
                quoted(&format!("{}/{}.yaml", crate::source::BALLOTS_DIR, b.number))
            ));
        }
        out.push_str(&format!(
            "  source: {}\n",
            quoted(&lang.an_source(AnRecord::Ballot, &b.uid))
        ));
    }
    let mut source = lang.an_source(AnRecord::Amendment, &raw.uid);
    if raw.printed != raw.number {
        source.push_str(&format!(" (n° {})", raw.printed));
    }
    out.push_str(&format!("source: {}\n", quoted(&source)));
    out
}

/// The stage during which a ballot of `day` was held: the first stage of
/// the Assemblée (not a committee: public ballots are held in the
/// chamber) dated on or after that day.
/// A ballot's counts as a source file writes them (voting, cast, for,
/// against, abstentions, then one line per group), each line indented by
/// `indent`: inside an amendment's `vote:`, or at the top of a ballot file.
fn write_counts(out: &mut String, indent: &str, b: &Ballot, groups: &GroupNames) {
    if let Some(v) = b.voting {
        out.push_str(&format!("{indent}voting: {v}\n"));
    }
    if let Some(c) = b.cast {
        out.push_str(&format!("{indent}cast: {c}\n"));
    }
    out.push_str(&format!(
        "{indent}for: {}\n{indent}against: {}\n{indent}abstentions: {}\n",
        b.yes, b.against, b.abstentions
    ));
    if !b.groups.is_empty() {
        out.push_str(&format!("{indent}groups:\n"));
        for g in &b.groups {
            let members = g
                .members
                .map(|m| format!(" members: {m},"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{indent}  - {{group: {},{members} for: {}, against: {}, abstentions: {}, not_voting: {}}}\n",
                quoted(&groups.of(&g.organe)),
                g.yes,
                g.against,
                g.abstentions,
                g.not_voting
            ));
        }
    }
}

fn ballot_stage<'m>(meta: &'m Bill, day: &str) -> Option<&'m str> {
    let day = crate::date::LegalTime::parse(day).ok()?.date();
    meta.stages
        .iter()
        .find(|s| {
            s.chamber == "assemblee"
                && s.kind != crate::model::StageKind::Committee
                && s.date.date() >= day
        })
        .map(|s| s.id.as_str())
}

/// A ballot file. For a ballot an amendment's vote names (`whole: false`):
/// what was put to the vote, the result and each member's vote, the counts
/// being in the amendment. For a ballot that decided no amendment
/// (`whole: true`): the whole ballot, counts and groups included.
fn render_ballot(
    b: &Ballot,
    whole: bool,
    lang: Lang,
    mut people: People<'_>,
    groups: &GroupNames,
    warnings: &mut Vec<String>,
) -> String {
    let mut out = format!("ballot: {}\n", quoted(&b.number));
    if whole {
        out.push_str(&format!("date: {}\n", b.date));
    }
    if !b.subject.trim().is_empty() {
        out.push_str(&format!("question: {}\n", quoted(b.subject.trim())));
    }
    if let Some(m) = &b.majority {
        out.push_str(&format!("majority: {}\n", quoted(m)));
    }
    out.push_str(&format!(
        "result: {}\n",
        if b.adopted { "adopted" } else { "rejected" }
    ));
    if whole {
        write_counts(&mut out, "", b, groups);
        out.push_str(&format!(
            "source: {}\n",
            quoted(&lang.an_source(AnRecord::Ballot, &b.uid))
        ));
    }
    out.push_str("members:\n");
    let mut any = false;
    for g in &b.groups {
        let group = groups.of(&g.organe);
        for (who, stance) in &g.roll {
            any = true;
            let name = person(who, &mut people, None, warnings);
            out.push_str(&format!(
                "  - {{name: {}, group: {}, vote: {}}}\n",
                quoted(&name),
                quoted(&group),
                stance.as_str()
            ));
        }
    }
    if !any {
        out.truncate(out.len() - "members:\n".len());
        out.push_str("members: []\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signatories_label_names_each_signatory() {
        assert_eq!(
            signatories("M. Descoeur,  Mme Frédérique Meunier, M. Bony et M. Ceccoli"),
            [
                "M. Descoeur",
                "Mme Frédérique Meunier",
                "M. Bony",
                "M. Ceccoli"
            ]
        );
        assert_eq!(
            signatories("M. Habib et M. Mattei"),
            ["M. Habib", "M. Mattei"]
        );
        // A quality after the name, with commas and « et » of its own.
        assert_eq!(
            signatories(
                "M. Cormier-Bouligeon, rapporteur pour avis au nom de la commission de la défense nationale et des forces armées,  M. Limongi et Mme Lelouis"
            ),
            ["M. Cormier-Bouligeon", "M. Limongi", "Mme Lelouis"]
        );
        assert_eq!(
            signatories("M. de Courson, rapporteur général"),
            ["M. de Courson"]
        );
        // The members of a group are not named.
        assert_eq!(
            signatories("M. Ciotti et les membres du groupe UDR"),
            ["M. Ciotti"]
        );
        // A word that only ends like a civility is no name's start.
        assert_eq!(
            signatories("Mme Dupont-M. Durand"),
            ["Mme Dupont-M. Durand"]
        );
        assert_eq!(
            signatories("Mlle Dupont et M. Durand"),
            ["Mlle Dupont", "M. Durand"]
        );
        assert_eq!(
            signatories("MM. Dupont et Durand, Mme Martin"),
            ["MM. Dupont", "Mme Martin"]
        );
        assert!(signatories("Commission des finances").is_empty());
        assert!(signatories("").is_empty());
    }

    #[test]
    fn numbers_designations_and_ballot_subjects() {
        assert_eq!(base_number("I-123 (Rect)"), "I-123");
        assert_eq!(base_number("CL44"), "CL44");
        assert_eq!(deliberation("EXANR5L17PO838901BTC1043P0D2"), Some(2));
        assert!(decided_at_sitting(
            "2025-03-25T00:02:01+01:00",
            "2025-03-24"
        ));
        assert!(!decided_at_sitting(
            "2025-03-23T23:00:00+01:00",
            "2025-03-24"
        ));
        assert_eq!(text_number("PIONANR5L17BTC1043"), "1043");
        assert_eq!(text_number("PIONANR5L17B0907"), "907");
        assert_eq!(designation("ARTICLE", "Article 8 ter"), "8 ter");
        assert_eq!(designation("ARTICLE", "Article PREMIER"), "1er");
        assert_eq!(designation("CHAPITRE", "Chapitre  II"), "Chapitre II");
        assert_eq!(
            ballot_amendment("l'amendement n° 640 de M. Marleix et les amendements identiques"),
            Some("640".to_owned())
        );
        assert_eq!(
            ballot_amendment("le sous-amendement n° 978 de M. Lopez-Liguori à l'amendement n° 640"),
            Some("978".to_owned())
        );
        assert_eq!(
            ballot_amendment("l'amendement de suppression n° 272 de M. Bernalicis"),
            Some("272".to_owned())
        );
        assert_eq!(
            ballot_amendment("l'article 2 de la proposition de loi"),
            None
        );
        assert_eq!(outcome(None, Some("Irrecevable 40")), Outcome::Inadmissible);
        assert_eq!(outcome(Some("Non soutenu"), None), Outcome::NotMoved);
        assert_eq!(outcome(None, Some("En traitement")), Outcome::Pending);
    }
}
