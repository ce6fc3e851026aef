//! La Fabrique de la Loi corpus (`amendo import lafabrique DIR`).
//!
//! DIR is one bill's folder (with `viz/procedure.json`) or a folder of them.
//! Each bill becomes `bills/<id>/`: `bill.yaml` from the procedure, one stage
//! per step that has a text (`procedure/<step>/texte/texte.json`) or
//! amendments (`viz/amendements_<step>.json`), and each text as Markdown.
//!
//! - An article's number is its `titre`; a renumbered one (`newtitre`) keeps
//!   its old designation as stable id (`## Article 3 {#2-bis-a}`), so diffs
//!   follow it.
//! - `supprimé` articles read `(Supprimé)`; an article the corpus lists with
//!   no alinéa and no such status is kept with a gap note, never filled in.
//! - Divisions come from `sections`: `T1C2` is "Titre 1, Chapitre 2", with the
//!   section's title.
//! - Amendments carry the metadata the corpus has (number, author as
//!   printed, group, date, outcome) and no dispositif: it is not in the
//!   corpus, so their effect is shown as not known. `non-voté` (withdrawn,
//!   fallen or not moved: the corpus does not say which) is `not-moved`.
//! - Steps with neither text nor amendments are listed in the bill's notes.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::names::{self, Kind};
use super::{Counts, ImportError, Report, Skipped, count, write_bill_yaml};
use crate::i18n::capital;
use crate::model::{
    Article, Bill, DELETED, Item, Line, Link, Outcome, Stage, StageKind, StageResult, Text,
    default_article_id,
};
use crate::yaml::{quoted, write_text};

/// Reads `dir` (one bill or a folder of bills) and plans their files.
pub fn plan(dir: &Path) -> Result<Report, ImportError> {
    let mut bills = Vec::new();
    if dir.join("viz/procedure.json").is_file() {
        bills.push(dir.to_path_buf());
    } else {
        let entries = fs::read_dir(dir).map_err(|e| {
            ImportError::Input(format!(
                "cannot read the input folder {}: {e}",
                dir.display()
            ))
        })?;
        for e in entries.flatten() {
            if e.path().join("viz/procedure.json").is_file() {
                bills.push(e.path());
            }
        }
        bills.sort();
    }
    if bills.is_empty() {
        return Err(ImportError::Input(format!(
            "{}: no La Fabrique bill here (a bill folder holds viz/procedure.json)",
            dir.display()
        )));
    }
    let mut report = Report::default();
    let (mut stages, mut articles, mut amendments) = (0, 0, 0);
    let mut by_outcome = Counts::new();
    let mut by_status = Counts::new();
    for b in &bills {
        match bill(b, &mut report, &mut by_outcome, &mut by_status) {
            Ok((s, a, n)) => {
                stages += s;
                articles += a;
                amendments += n;
            }
            Err(reason) => report.skipped.push(Skipped {
                file: b.join("viz/procedure.json").display().to_string(),
                reason,
            }),
        }
    }
    report.totals = vec![
        ("bills", bills.len() - report.skipped.len()),
        ("stages", stages),
        ("article texts", articles),
        ("amendments", amendments),
    ];
    report.breakdowns = vec![
        ("articles by status", by_status),
        ("amendments by outcome", by_outcome),
    ];
    report.finish();
    Ok(report)
}

fn read_json(path: &Path, report: &mut Report) -> Result<Value, String> {
    report.files += 1;
    let bytes = crate::source::read_limited(path, super::MAX_INPUT_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_slice(super::without_bom(&bytes)).map_err(|e| {
        format!(
            "{}: not valid JSON: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// One bill: (stages, article texts, amendments).
fn bill(
    dir: &Path,
    report: &mut Report,
    by_outcome: &mut Counts,
    by_status: &mut Counts,
) -> Result<(usize, usize, usize), String> {
    let procedure = read_json(&dir.join("viz/procedure.json"), report)?;
    let slug = str_of(&procedure, "id")
        .map(str::to_owned)
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
        .to_lowercase();
    names::file_name(Kind::Bill, &slug).map_err(|e| format!("field `id` of the procedure: {e}"))?;
    let steps = procedure
        .get("steps")
        .and_then(Value::as_array)
        .ok_or("no `steps` in the procedure")?;
    let mut stages: Vec<Stage> = Vec::new();
    let mut texts: Vec<(String, Text)> = Vec::new();
    let mut amendment_files: Vec<(String, PathBuf)> = Vec::new();
    let mut missing_steps = Vec::new();
    let mut ids = HashSet::new();
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    let mut renamings: BTreeMap<&str, usize> = BTreeMap::new();
    for step in steps {
        let directory = str_of(step, "directory").unwrap_or("");
        if !directory.is_empty() {
            names::file_name(Kind::Input, directory)
                .map_err(|e| format!("field `directory` of a step: {e}"))?;
        }
        let text_path = dir
            .join("procedure")
            .join(directory)
            .join("texte/texte.json");
        let amendments = dir
            .join("viz")
            .join(format!("amendements_{directory}.json"));
        let has_text = !directory.is_empty() && text_path.is_file();
        let has_amendments = !directory.is_empty() && amendments.is_file();
        let date = str_of(step, "enddate")
            .or_else(|| str_of(step, "date"))
            .unwrap_or("");
        let echec = str_of(step, "echec");
        if !has_text && !has_amendments {
            missing_steps.push(format!(
                "{} ({}{})",
                step_label(step),
                crate::date::LegalTime::parse(date)
                    .map(|d| crate::i18n::Lang::Fr.day(&d))
                    .unwrap_or_else(|_| if date.is_empty() {
                        "sans date".to_owned()
                    } else {
                        date.to_owned()
                    }),
                echec.map(|e| format!(", {e}")).unwrap_or_default()
            ));
            continue;
        }
        let mut id = stage_id(step);
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{}-{n}", stage_id(step));
            n += 1;
        }
        names::file_name(Kind::Stage, &id).map_err(|e| format!("step {directory}: {e}"))?;
        let text_value = if has_text {
            Some(read_json(&text_path, report)?)
        } else {
            None
        };
        let mut note = Vec::new();
        let result = echec.and_then(|e| {
            let r = stage_result(e);
            if r.is_none() {
                report.warnings.push(format!(
                    "{}: step {directory}: field `echec`: unknown result `{e}` (expected rejet, échec or renvoi en commission); kept in the stage's note",
                    dir.join("viz/procedure.json").display()
                ));
                note.push(format!("Issue de l’étape selon le corpus : « {e} »."));
            }
            r
        });
        if !has_text {
            note.push(
                "Le corpus ne donne pas le texte de cette étape : il est déduit de l’étape précédente."
                    .to_owned(),
            );
        }
        stages.push(Stage {
            id: id.clone(),
            label: step_label(step),
            chamber: chamber(step),
            kind: kind(step),
            date: crate::date::LegalTime::parse(date)
                .map_err(|e| format!("step {directory}: {e}"))?,
            text: has_text.then(|| format!("{id}.md")),
            number: text_value
                .as_ref()
                .and_then(|t| str_of(t, "nosdeputes_id").or_else(|| str_of(t, "id")))
                .map(str::to_owned),
            source: str_of(step, "source_url").map(str::to_owned),
            result,
            note: (!note.is_empty()).then(|| note.join(" ")),
        });
        if let Some(t) = text_value {
            let mut t = text(&t, by_status);
            if t.articles().next().is_none() {
                // How the step ended is the stage's `result`, said once.
                t.items.push(Item::Gap {
                    note: "Le corpus ne donne aucun article pour cette étape.".to_owned(),
                });
            }
            texts.push((id.clone(), t));
        }
        if has_amendments {
            amendment_files.push((id, amendments));
        }
    }
    if stages.first().is_none_or(|s| s.text.is_none()) {
        return Err("the first step of the procedure has no text in the corpus".to_owned());
    }
    // Dates never go backwards in a bill: a step dated before the one before
    // it (the corpus dates some by their start) takes the later date.
    for i in 1..stages.len() {
        if stages[i].date < stages[i - 1].date {
            stages[i].date = stages[i - 1].date;
        }
    }
    let mut amendments = 0;
    let base = Path::new("bills").join(&slug);
    let amend_dir = Path::new("amendments").join(&slug);
    let stage_dates: BTreeMap<String, (crate::date::LegalTime, Option<crate::date::LegalTime>)> =
        stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let before = stages[..i]
                    .iter()
                    .rev()
                    .find(|p| p.text.is_some())
                    .map(|p| p.date);
                (s.id.clone(), (s.date, before))
            })
            .collect();
    for (stage, path) in &amendment_files {
        let v = read_json(path, report)?;
        if let Some(obj) = v.get("groupes").and_then(Value::as_object) {
            for (code, g) in obj {
                if let Some(name) = str_of(g, "nom") {
                    groups
                        .entry(code.clone())
                        .or_insert_with(|| name.to_owned());
                }
            }
        }
        let mut seen = HashSet::new();
        let Some(subjects) = v.get("sujets").and_then(Value::as_object) else {
            continue;
        };
        for (subject, s) in subjects {
            for a in s
                .get("amendements")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(printed) = str_of(a, "numero") else {
                    continue;
                };
                let number = printed
                    .split_whitespace()
                    .next()
                    .unwrap_or(printed)
                    .to_owned();
                if names::file_name(Kind::Amendment, &number).is_err()
                    || !seen.insert(number.clone())
                {
                    report.warnings.push(format!(
                        "{}: amendment `{printed}` at {subject}: {}",
                        path.display(),
                        if seen.contains(&number) {
                            "listed twice at this step; the first is kept"
                        } else {
                            "not usable as a file name; left out"
                        }
                    ));
                    continue;
                }
                let article = super::subject::target(subject);
                let designation = crate::model::Target::parse(&article).article;
                let base = meta_texts_before(&stages, &texts, stage);
                let own = texts.iter().find(|(id, _)| id == stage).map(|(_, t)| t);
                if !base.is_some_and(|b| crate::source::target_known(&designation, b, own)) {
                    report.warnings.push(format!(
                        "{}: amendment {number} targets article {designation}, which is in neither the text it was tabled on nor the step's text; left out (the loader would refuse it)",
                        path.display()
                    ));
                    continue;
                }
                let sort = match a.get("sort") {
                    None | Some(Value::Null) => "",
                    Some(Value::String(s)) => s.as_str(),
                    Some(_) => "(not text)",
                };
                if outcome_of(sort).is_none() {
                    report.warnings.push(format!(
                        "{}: amendment {number}: field `sort`: unknown outcome `{sort}` (expected adopté, rejeté, retiré, tombé, irrecevable, non-voté or en attente); left out",
                        path.display()
                    ));
                    continue;
                }
                let (stage_date, base_date) = stage_dates[stage];
                let yaml = amendment(a, &number, printed, subject, stage_date, base_date);
                if let Some(r) = str_of(a, "groupe")
                    .and_then(|g| renamed(g, amendment_date(a, stage_date, base_date)))
                {
                    groups.insert(r.code.to_owned(), r.name.to_owned());
                    *renamings.entry(r.old).or_insert(0) += 1;
                }
                let outcome = outcome(sort);
                count(by_outcome, outcome.as_str());
                report
                    .plan
                    .add(amend_dir.join(stage).join(format!("{number}.yaml")), yaml);
                amendments += 1;
            }
        }
    }
    let title = str_of(&procedure, "long_title").unwrap_or(&slug).to_owned();
    let mut links = Vec::new();
    if let Some(cid) = str_of(&procedure, "legifrance_cidTexte") {
        links.push(Link {
            label: format!(
                "{} sur Légifrance",
                str_of(&procedure, "law_name").unwrap_or("La loi")
            ),
            url: format!("https://www.legifrance.gouv.fr/jorf/id/{cid}/"),
        });
    }
    let mut notes = vec![format!(
        "Importé avec `amendo import lafabrique` du corpus de La Fabrique de la Loi \
         (regardscitoyens/the-law-factory-parser-test-cases) : le texte de chaque article à \
         chaque étape que le corpus contient, et les métadonnées des amendements (numéro, \
         auteur, groupe, date, sort). Le corpus ne contient pas le dispositif des \
         amendements : ce que chacun a fait n’est donc pas connu ici ; les textes des étapes \
         en montrent le résultat."
    )];
    if !missing_steps.is_empty() {
        notes.push(format!(
            "Étapes de la procédure sans texte ni amendement dans le corpus : {}.",
            missing_steps.join(" ; ")
        ));
    }
    for (old, n) in &renamings {
        if let Some(r) = RENAMED.iter().find(|r| r.old == *old) {
            notes.push(format!(
                "Le corpus donne le sigle {old} à {n} amendement{} datés de 2016 ou après ; \
                 ce groupe ayant pris le nom « {} » en 2015, amendo les attribue au groupe {}.",
                if *n > 1 { "s" } else { "" },
                r.name,
                r.code
            ));
        }
    }
    // A group no amendment names any more (its acronym was renamed) is not
    // listed.
    let named: HashSet<String> = report
        .plan
        .files
        .iter()
        .filter(|(path, _)| path.starts_with(&amend_dir))
        .filter_map(|(_, yaml)| {
            yaml.lines()
                .find_map(|l| l.strip_prefix("group: "))
                .map(|g| g.trim_matches('"').to_owned())
        })
        .collect();
    groups.retain(|code, _| named.contains(code) || !renamings.contains_key(code.as_str()));
    let articles: usize = texts.iter().map(|(_, t)| t.articles().count()).sum();
    let meta = Bill {
        slug: slug.clone(),
        title: capital(&title),
        short_title: str_of(&procedure, "short_title").map(str::to_owned),
        jurisdiction: "fr".to_owned(),
        language: "fr".to_owned(),
        links,
        notes,
        groups,
        stages,
    };
    let n_stages = meta.stages.len();
    report
        .plan
        .add(base.join("bill.yaml"), write_bill_yaml(&meta));
    for (id, t) in &texts {
        report.plan.add(
            base.join(format!("{id}.md")),
            crate::source::text::to_markdown(t),
        );
    }
    report.plan.bills.insert(slug);
    Ok((n_stages, articles, amendments))
}

/// A step's `echec` as a stage result; None for a word the corpus does
/// not use.
fn stage_result(echec: &str) -> Option<StageResult> {
    match echec.trim() {
        "rejet" => Some(StageResult::Rejected),
        "échec" => Some(StageResult::Failed),
        "renvoi en commission" => Some(StageResult::ReferredToCommittee),
        _ => None,
    }
}

/// The text an amendment examined at `stage` was tabled on: the nearest
/// earlier stage with a text.
fn meta_texts_before<'a>(
    stages: &[Stage],
    texts: &'a [(String, Text)],
    stage: &str,
) -> Option<&'a Text> {
    let at = stages.iter().position(|s| s.id == stage)?;
    stages[..at]
        .iter()
        .rev()
        .find_map(|s| texts.iter().find(|(id, _)| *id == s.id).map(|(_, t)| t))
}

/// `an-1-commission`, `senat-nl-seance`, `cmp`, `cc`, `loi`…
fn stage_id(step: &Value) -> String {
    let stage = str_of(step, "stage").unwrap_or("");
    let reading = match stage {
        "1ère lecture" => "1",
        "2ème lecture" => "2",
        "3ème lecture" => "3",
        "nouv. lect." => "nl",
        "l. définitive" => "ld",
        "CMP" => "cmp",
        "constitutionnalité" => return "cc".to_owned(),
        "promulgation" => return "loi".to_owned(),
        "congrès" => return "congres".to_owned(),
        other => return slugify(other),
    };
    let chamber = match str_of(step, "institution").unwrap_or("") {
        "assemblee" => "an",
        "senat" => "senat",
        "CMP" => return "cmp".to_owned(),
        other => return slugify(&format!("{other}-{reading}")),
    };
    let step_name = match str_of(step, "step").unwrap_or("") {
        "depot" => "depot",
        "commission" => "commission",
        "hemicycle" => "seance",
        other => return slugify(&format!("{chamber}-{reading}-{other}")),
    };
    format!("{chamber}-{reading}-{step_name}")
}

fn slugify(s: &str) -> String {
    let id = default_article_id(s);
    if id.is_empty() { "step".to_owned() } else { id }
}

fn step_label(step: &Value) -> String {
    let institution = match str_of(step, "institution").unwrap_or("") {
        "assemblee" => "Assemblée nationale",
        "senat" => "Sénat",
        "CMP" => "Commission mixte paritaire",
        "conseil constitutionnel" => "Conseil constitutionnel",
        "gouvernement" => "Promulgation",
        "congrès" => "Congrès",
        other => other,
    };
    let stage = str_of(step, "stage").unwrap_or("");
    let step_name = match str_of(step, "step") {
        Some("depot") => ", dépôt",
        Some("commission") if stage != "CMP" => ", commission",
        Some("hemicycle") => ", séance publique",
        _ => "",
    };
    if matches!(stage, "CMP" | "constitutionnalité" | "promulgation") || stage.is_empty() {
        format!("{institution}{step_name}")
    } else {
        format!("{institution}, {stage}{step_name}")
    }
}

fn chamber(step: &Value) -> String {
    match str_of(step, "institution").unwrap_or("") {
        "assemblee" => "assemblee".to_owned(),
        "senat" => "senat".to_owned(),
        "CMP" => "cmp".to_owned(),
        "gouvernement" => "president".to_owned(),
        other => slugify(other),
    }
}

fn kind(step: &Value) -> StageKind {
    match (
        str_of(step, "stage").unwrap_or(""),
        str_of(step, "step").unwrap_or(""),
    ) {
        ("promulgation", _) => StageKind::Enacted,
        ("constitutionnalité" | "congrès" | "l. définitive", "hemicycle" | "") => {
            StageKind::Final
        }
        ("CMP", "commission") => StageKind::JointCommittee,
        (_, "depot") => StageKind::Introduced,
        (_, "commission") => StageKind::Committee,
        _ => StageKind::Floor,
    }
}

/// A step's text: divisions from `sections`, then articles in order.
fn text(t: &Value, by_status: &mut Counts) -> Text {
    let sections: Vec<&Value> = t
        .get("sections")
        .and_then(Value::as_array)
        .map(|s| s.iter().collect())
        .unwrap_or_default();
    let mut next_section = 0;
    let mut out = Text::default();
    let mut ids = HashSet::new();
    for a in t
        .get("articles")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(sec) = str_of(a, "section")
            && let Some(at) = sections[next_section..]
                .iter()
                .position(|s| str_of(s, "id") == Some(sec))
        {
            for s in &sections[next_section..=next_section + at] {
                out.items.push(division(s));
            }
            next_section += at + 1;
        }
        let Some(titre) = str_of(a, "titre") else {
            continue;
        };
        let number = str_of(a, "newtitre").unwrap_or(titre);
        let mut id = default_article_id(titre);
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{}-{n}", default_article_id(titre));
            n += 1;
        }
        let status = str_of(a, "statut").unwrap_or("none");
        count(by_status, status);
        let alineas: Vec<String> = match a.get("alineas") {
            Some(Value::Object(m)) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                keys.iter()
                    .filter_map(|k| m[*k].as_str().map(str::to_owned))
                    .collect()
            }
            Some(Value::Array(v)) => v
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        let alineas: Vec<String> = alineas
            .into_iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
            .collect();
        let lines = if status.starts_with("supprim") {
            vec![Line::Alinea(DELETED.to_owned())]
        } else if alineas.is_empty() {
            vec![Line::Gap(format!(
                "Le corpus ne donne pas le texte de cet article à cette étape (statut : {status})."
            ))]
        } else {
            alineas.into_iter().map(Line::Alinea).collect()
        };
        out.items.push(Item::Article(Article {
            id,
            number: number.to_owned(),
            lines,
        }));
    }
    out
}

/// `T1C2` + "Dispositions…" → `Chapitre 2 : Dispositions…` at level 2.
fn division(s: &Value) -> Item {
    let id = str_of(s, "newid").or_else(|| str_of(s, "id")).unwrap_or("");
    let kind = str_of(s, "type_section").unwrap_or("section");
    let level = match kind {
        "titre" => 1,
        "chapitre" => 2,
        _ => 3,
    };
    // The last component of the id: `T1C2 bis` → `2 bis`.
    let bytes = id.as_bytes();
    let last = (0..bytes.len())
        .rev()
        .find(|&i| {
            bytes[i].is_ascii_uppercase() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        })
        .map_or(id, |i| &id[i + 1..])
        .trim();
    let name = capital(kind);
    let title = str_of(s, "titre").unwrap_or("").trim();
    let heading = match (last.is_empty(), title.is_empty()) {
        (false, false) => format!("{name} {last} : {title}"),
        (false, true) => format!("{name} {last}"),
        (true, false) => format!("{name} : {title}"),
        (true, true) => name,
    };
    Item::Division { level, heading }
}

fn outcome(sort: &str) -> Outcome {
    outcome_of(sort).unwrap_or(Outcome::Pending)
}

/// The corpus's outcome words; `None` for any other (the amendment is then
/// left out with a warning, never given a guessed outcome).
fn outcome_of(sort: &str) -> Option<Outcome> {
    Some(match sort {
        "adopté" => Outcome::Adopted,
        "rejeté" => Outcome::Rejected,
        "retiré" => Outcome::Withdrawn,
        "tombé" => Outcome::Fallen,
        "irrecevable" => Outcome::Inadmissible,
        "en attente" | "" => Outcome::Pending,
        "non-voté" => Outcome::NotMoved,
        _ => return None,
    })
}

/// A parliamentary group that changed its name while the corpus kept the
/// old acronym for later amendments.
struct Renamed {
    /// The acronym the corpus keeps.
    old: &'static str,
    /// The group's acronym and name under its new name.
    code: &'static str,
    name: &'static str,
    /// The first day the old name is certainly wrong.
    since: &'static str,
}

/// The renamings amendo knows. The UMP groups of the Assemblée and the
/// Sénat took the name « Les Républicains » with the party in 2015 (the
/// party renamed itself on 30 May 2015); the day each group's name changed
/// is not in amendo's sources, so an amendment is given the new name from
/// 1 January 2016 only, when the old one is certainly wrong. La Fabrique's
/// corpus (from NosDéputés and NosSénateurs) still says « UMP » for the
/// Sénat's amendments of July 2017 (pjl16-581).
const RENAMED: &[Renamed] = &[Renamed {
    old: "UMP",
    code: "LR",
    name: "Les Républicains",
    since: "2016-01-01",
}];

/// The group's new name when `code` was renamed before `date`.
fn renamed(code: &str, date: crate::date::LegalTime) -> Option<&'static Renamed> {
    RENAMED.iter().find(|r| {
        r.old == code && crate::date::LegalTime::parse(r.since).is_ok_and(|since| date >= since)
    })
}

/// An amendment's date: the corpus gives one (the sitting's), kept within
/// its stage.
fn amendment_date(
    a: &Value,
    stage_date: crate::date::LegalTime,
    base_date: Option<crate::date::LegalTime>,
) -> crate::date::LegalTime {
    let mut date = str_of(a, "date")
        .and_then(|d| crate::date::LegalTime::parse(d).ok())
        .unwrap_or(stage_date);
    if let Some(b) = base_date
        && date < b
    {
        date = b;
    }
    date.min(stage_date)
}

fn amendment(
    a: &Value,
    number: &str,
    printed: &str,
    subject: &str,
    stage_date: crate::date::LegalTime,
    base_date: Option<crate::date::LegalTime>,
) -> String {
    let outcome = outcome(str_of(a, "sort").unwrap_or(""));
    let date = amendment_date(a, stage_date, base_date);
    let mut out = String::new();
    out.push_str(&format!("number: {}\n", quoted(number)));
    out.push_str(&format!(
        "article: {}\n",
        quoted(&super::subject::target(subject))
    ));
    out.push_str(&format!(
        "authors:\n  - {}\n",
        quoted(str_of(a, "aut").unwrap_or("(not given)"))
    ));
    if let Some(g) = str_of(a, "groupe") {
        let g = renamed(g, date).map_or(g, |r| r.code);
        out.push_str(&format!("group: {}\n", quoted(g)));
    }
    out.push_str(&format!("filed: {}\n", date.day_string()));
    out.push_str(&format!("outcome: {}\n", outcome.as_str()));
    if matches!(outcome, Outcome::Adopted | Outcome::Rejected) {
        out.push_str(&format!("decided: {}\n", date.day_string()));
    }
    write_text(&mut out, 0, "instruction", "");
    let mut source = "La Fabrique de la Loi".to_owned();
    if let Some(id) = str_of(a, "id_api") {
        source.push_str(&format!(", amendement id {id}"));
    }
    if printed != number {
        source.push_str(&format!(" (n° {printed})"));
    }
    out.push_str(&format!("source: {}\n", quoted(&source)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_renamed_before_an_amendment_is_given_its_new_name() {
        let day = |d: &str| crate::date::LegalTime::parse(d).unwrap();
        // pjl16-581: the corpus says UMP for the Sénat's amendments of July 2017.
        let r = renamed("UMP", day("2017-07-10")).expect("UMP was renamed in 2015");
        assert_eq!((r.code, r.name), ("LR", "Les Républicains"));
        // Before the rename (pjl12-688, 2013), and while its day is not known.
        assert!(renamed("UMP", day("2013-06-17")).is_none());
        assert!(renamed("UMP", day("2015-09-01")).is_none());
        assert!(renamed("SOC", day("2017-07-10")).is_none());
    }

    #[test]
    fn outcomes_are_the_corpus_words_only() {
        assert_eq!(outcome_of("non-voté"), Some(Outcome::NotMoved));
        assert_eq!(outcome_of("adopté"), Some(Outcome::Adopted));
        assert_eq!(outcome_of(""), Some(Outcome::Pending));
        assert_eq!(outcome_of("bof"), None, "an unknown word is not guessed");
    }

    #[test]
    fn step_results_are_the_corpus_words_only() {
        assert_eq!(stage_result("rejet"), Some(StageResult::Rejected));
        assert_eq!(stage_result("échec"), Some(StageResult::Failed));
        assert_eq!(
            stage_result("renvoi en commission"),
            Some(StageResult::ReferredToCommittee)
        );
        assert_eq!(stage_result("bof"), None, "an unknown word is not guessed");
    }

    #[test]
    fn stage_ids_and_kinds() {
        let step = serde_json::json!({"stage": "1ère lecture", "institution": "assemblee", "step": "hemicycle"});
        assert_eq!(stage_id(&step), "an-1-seance");
        let cmp = serde_json::json!({"stage": "CMP", "institution": "CMP", "step": "commission"});
        assert_eq!(stage_id(&cmp), "cmp");
        assert_eq!(kind(&cmp), StageKind::JointCommittee);
    }

    #[test]
    fn divisions_are_named_from_their_ids() {
        let a = serde_json::json!({"id": "T2C1 A", "titre": "X", "type_section": "chapitre"});
        assert!(
            matches!(division(&a), Item::Division { heading, .. } if heading == "Chapitre 1 A : X")
        );
        let s = serde_json::json!({"id": "T1C2 bis", "titre": "Dispositions diverses", "type_section": "chapitre"});
        assert_eq!(
            division(&s),
            Item::Division {
                level: 2,
                heading: "Chapitre 2 bis : Dispositions diverses".to_owned()
            }
        );
    }
}
