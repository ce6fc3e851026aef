//! A bill's history: the order of events and the text each one produces.
//!
//! This is the single place that decides what the store records:
//!
//! - every stage has a text: its official text when the sources give one,
//!   otherwise the text derived from the previous stage and the stage's
//!   adopted amendments;
//! - every amendment, whatever its outcome, has a *base* (the text it was
//!   tabled on: the previous stage's text, or for a sub-amendment its parent
//!   amendment's text) and an *effect* (the new version of its article, or the
//!   reason it could not be applied);
//! - the *main line* is the sequence the bill's branch follows: for each stage
//!   after the first, its adopted amendments in discussion order (an
//!   amendment identical to one already applied is applied once, with the
//!   first), then the stage's text.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::engine::{self, Draft};
use crate::model::{Amendment, Article, BillData, Outcome, Position, Text, article_key};

/// The text of one stage.
#[derive(Clone, Debug)]
pub struct StageText {
    /// The text.
    pub text: Text,
    /// True when it is the official text from the sources.
    pub official: bool,
    /// Adopted amendments of this stage whose effect could not be computed,
    /// so a derived text lacks them.
    pub unapplied: Vec<String>,
    /// The text derived from the previous stage and this stage's adopted
    /// amendments, kept beside an official text so `check` can compare them
    /// (None for the first stage, or when `text` is itself derived).
    pub derived: Option<Text>,
}

/// What an amendment was tabled on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// The text of the stage at this index.
    Stage(usize),
    /// The text of the amendment at this index (for a sub-amendment).
    Amendment(usize),
}

/// What an amendment does, or would have done, to its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The article as the amendment leaves it.
    Article(Article),
    /// The effect is not known, and why.
    Unknown(Reason),
}

/// Why an amendment's effect on the text is not known, as structure. The
/// store records it beside its English wording (`Display`); `i18n` says it
/// in the bill's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "why", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Reason {
    /// The engine could not apply the operations.
    #[error("{error}")]
    Apply {
        /// What failed, and where.
        error: engine::ApplyError,
    },
    /// The engine could not read the instruction: from the words `found`
    /// on (none: it stops short), where it expected `expected`.
    #[error("{}", unreadable(found, expected))]
    Unreadable {
        /// The words not read, as printed; empty when the instruction
        /// stops short.
        found: String,
        /// What the grammar expected there (its own English).
        expected: String,
    },
    /// The instruction is drafted in the bill's language, `language`, and
    /// the engine reads the drafting of French bills only.
    #[error("{}", drafting(language))]
    Drafting {
        /// The bill's language code (`it`).
        language: String,
    },
    /// The amendment's data has no dispositif.
    #[error("its dispositif is not in the imported data")]
    NoDispositif,
    /// A credit transfer between `programmes` programmes of a budget bill.
    #[error(
        "a credit transfer between {programmes} programmes: it changes amounts in the budget's annex, not the text"
    )]
    CreditTransfer {
        /// How many programmes its table names.
        programmes: usize,
    },
    /// The stage it was tabled on has no text.
    #[error("no text to amend")]
    NoText,
    /// The article it targets is not in the part of the text the data
    /// holds.
    #[error("article {article} is not in the known text it was tabled on")]
    NotInKnownText {
        /// Its number.
        article: String,
    },
    /// The parent of sub-amendments is given as operations.
    #[error("amendment {number} is given as operations, which sub-amendments cannot amend")]
    GivenAsOperations {
        /// The parent's number.
        number: String,
    },
    /// A sub-amendment could not be applied to its parent's instruction.
    #[error("sub-amendment {number}: {reason}")]
    SubAmendment {
        /// The sub-amendment's number.
        number: String,
        /// Why.
        reason: Box<Reason>,
    },
    /// The instruction as its sub-amendments leave it could not be read or
    /// applied; `number` names the amendment when the page is another's.
    #[error("{}as sub-amended: {reason}", number.as_ref().map(|n| format!("amendment {n} ")).unwrap_or_default())]
    AsSubAmended {
        /// The amendment, when the reason is shown on another's page.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        /// Why.
        reason: Box<Reason>,
    },
}

impl From<engine::ApplyError> for Reason {
    fn from(error: engine::ApplyError) -> Reason {
        Reason::Apply { error }
    }
}

impl From<engine::ParseError> for Reason {
    fn from(e: engine::ParseError) -> Reason {
        Reason::Unreadable {
            found: e.found,
            expected: e.expected,
        }
    }
}

impl Reason {
    /// This reason for a bill in `language`: an instruction the French
    /// grammar could not read, in a bill that is not French, is not
    /// misread drafting but drafting the engine does not read at all.
    pub fn in_language(self, language: &str) -> Reason {
        if crate::i18n::Lang::from_code(language) == crate::i18n::Lang::Fr {
            return self;
        }
        match self {
            Reason::Unreadable { .. } => Reason::Drafting {
                language: language.to_owned(),
            },
            Reason::SubAmendment { number, reason } => Reason::SubAmendment {
                number,
                reason: Box::new(reason.in_language(language)),
            },
            Reason::AsSubAmended { number, reason } => Reason::AsSubAmended {
                number,
                reason: Box::new(reason.in_language(language)),
            },
            other => other,
        }
    }

    /// This reason for the instruction as sub-amended (of amendment
    /// `number` when given).
    fn once_sub_amended(self, number: Option<&str>) -> Reason {
        Reason::AsSubAmended {
            number: number.map(str::to_owned),
            reason: Box::new(self),
        }
    }
}

fn drafting(language: &str) -> String {
    let which = match crate::i18n::Lang::En.language_name(language) {
        Some(name) => format!("this bill's are in {name}"),
        None if matches!(language.trim(), "" | "unknown") => {
            "this bill's language is not given (`language:` in its bill.yaml)".to_owned()
        }
        None => format!("this bill's are in the language `{language}`"),
    };
    format!("amendo reads instructions drafted in French; {which}")
}

fn unreadable(found: &str, expected: &str) -> String {
    if found.is_empty() {
        format!("the instruction stops short: expected {expected}")
    } else {
        format!("cannot read « {found} »: expected {expected}")
    }
}

/// One amendment's place in the history.
#[derive(Clone, Debug)]
pub struct AmendmentStep {
    /// The text it was tabled on.
    pub base: Base,
    /// Its effect on that text.
    pub effect: Effect,
}

/// One step of the bill's main line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MainStep {
    /// An adopted amendment (index), with the identical adopted amendments it
    /// stands for, and the article it leaves when known.
    Amendment {
        /// Index in the bill's amendments.
        index: usize,
        /// Indexes of adopted amendments identical to it.
        identical: Vec<usize>,
        /// True when its effect was applied to the text.
        applied: bool,
    },
    /// A stage's text (index in the stages).
    Stage(usize),
}

/// The computed history of one bill.
#[derive(Clone, Debug)]
pub struct History {
    /// One per stage, in order.
    pub stages: Vec<StageText>,
    /// One per amendment, parallel to `BillData::amendments`.
    pub amendments: Vec<AmendmentStep>,
    /// The main line, oldest first.
    pub main_line: Vec<MainStep>,
    /// Running text after each main-line step that is an amendment, keyed by
    /// main-line index: the changed article.
    pub main_changes: HashMap<usize, Article>,
}

/// The operations an amendment stands for, or why they are not known.
pub fn operations(a: &Amendment) -> Result<Vec<engine::Operation>, Reason> {
    if let Some(ops) = &a.operations {
        return Ok(ops.clone());
    }
    if !a.credits.is_empty() {
        return Err(Reason::CreditTransfer {
            programmes: a.credits.len(),
        });
    }
    if a.instruction.trim().is_empty() {
        return Err(Reason::NoDispositif);
    }
    // A sub-amendment amends its parent's instruction, never adds an article
    // itself, whatever its parent's target.
    let additional = a.article.position != Position::On && a.parent.is_none();
    crate::readings::read(&a.instruction, additional)
}

/// Marks as identical the amendments the data does not mark so, by the
/// chambers' own rule: at a stage where no amendment lists identical ones
/// (the Sénat's data, older data), amendments with the same target, the
/// same parent and the same dispositif (whitespace and quotation marks
/// normalised) are identical. Lists already given are left alone.
pub fn infer_identical(amendments: &mut [Amendment]) {
    let mut listed: HashSet<String> = HashSet::new();
    for a in amendments.iter() {
        if !a.identical.is_empty() {
            listed.insert(a.stage.clone());
        }
    }
    let mut groups: HashMap<(String, String, Option<String>, String), Vec<usize>> = HashMap::new();
    for (i, a) in amendments.iter().enumerate() {
        if listed.contains(&a.stage)
            || a.operations.is_some()
            || !a.credits.is_empty()
            || a.instruction.trim().is_empty()
        {
            continue;
        }
        groups
            .entry((
                a.stage.clone(),
                a.article.to_string(),
                a.parent.clone(),
                normalised(&a.instruction),
            ))
            .or_default()
            .push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for g in groups {
        let numbers: Vec<String> = g.iter().map(|&i| amendments[i].number.clone()).collect();
        for &i in &g {
            let own = amendments[i].number.clone();
            amendments[i].identical = numbers.iter().filter(|n| **n != own).cloned().collect();
        }
    }
}

/// A dispositif with its whitespace collapsed and its quotation marks made
/// one kind, for comparing dispositifs.
fn normalised(instruction: &str) -> String {
    let mut out = String::with_capacity(instruction.len());
    let mut space = false;
    for c in instruction.trim().chars() {
        let c = match c {
            '«' | '»' | '“' | '”' | '"' | '„' => '"',
            '’' | '‘' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() && c != '"' && !out.ends_with('"') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The instruction of `parent` as its sub-amendments `subs` leave it, in
/// order (a sub-amendment identical to one already applied is applied once).
pub fn amended_instruction(parent: &Amendment, subs: &[&Amendment]) -> Result<String, Reason> {
    if parent.operations.is_some() {
        return Err(Reason::GivenAsOperations {
            number: parent.number.clone(),
        });
    }
    let mut instruction = parent.instruction.clone();
    let mut applied: Vec<&Amendment> = Vec::new();
    for sub in subs {
        if applied
            .iter()
            .any(|b| b.identical.contains(&sub.number) || sub.identical.contains(&b.number))
        {
            continue;
        }
        let in_sub = |why: Reason| Reason::SubAmendment {
            number: sub.number.clone(),
            reason: Box::new(why),
        };
        let ops = operations(sub).map_err(in_sub)?;
        instruction = engine::amend_instruction(&parent.number, &instruction, &ops)
            .map_err(|e| in_sub(e.into()))?;
        applied.push(sub);
    }
    Ok(instruction)
}

struct Index {
    by_number: HashMap<String, usize>,
}

impl Index {
    fn of(text: &Text) -> Index {
        let mut by_number = HashMap::new();
        for (i, item) in text.items.iter().enumerate() {
            if let crate::model::Item::Article(a) = item {
                by_number.entry(article_key(&a.number)).or_insert(i);
            }
        }
        Index { by_number }
    }

    fn article<'t>(&self, text: &'t Text, number: &str) -> Option<&'t Article> {
        match text.items.get(*self.by_number.get(&article_key(number))?) {
            Some(crate::model::Item::Article(a)) => Some(a),
            _ => None,
        }
    }
}

/// What `parent` does to `base` as its sub-amendments `subs` leave it: the
/// text put to the vote (the main line applies an adopted amendment so).
pub fn effect_as_sub_amended(
    parent: &Amendment,
    subs: &[&Amendment],
    base: Option<&Article>,
) -> Effect {
    let ops = amended_instruction(parent, subs).and_then(|instruction| {
        engine::parse(&instruction, parent.article.position != Position::On)
            .map_err(|e| Reason::from(e).once_sub_amended(None))
    });
    effect_of(parent, ops, base, None)
}

/// The stable id of an additional article: the stage and the amendment.
pub fn additional_id(a: &Amendment) -> String {
    format!("add-{}-{}", a.stage, article_key(&a.number))
}

/// The effect of operations on the article an amendment targets: through
/// `draft` (which maps alinéa numbers through earlier edits) when given,
/// else on `current` as tabled.
fn effect_of(
    a: &Amendment,
    ops: Result<Vec<engine::Operation>, Reason>,
    current: Option<&Article>,
    draft: Option<&mut Draft>,
) -> Effect {
    let ops = match ops {
        Ok(ops) => ops,
        Err(why) => return Effect::Unknown(why),
    };
    if a.article.position != Position::On {
        let new = Article {
            id: additional_id(a),
            number: crate::model::additional_designation(&a.article, &a.number),
            lines: Vec::new(),
        };
        let mut d = Draft::new(&new);
        return match d.apply(&ops) {
            Ok(()) => Effect::Article(d.article()),
            Err(e) => Effect::Unknown(e.into()),
        };
    }
    let result = match (draft, current) {
        (Some(d), _) => d.apply(&ops).map(|()| d.article()),
        (None, Some(current)) => {
            let mut d = Draft::new(current);
            d.apply(&ops).map(|()| d.article())
        }
        (None, None) => {
            return Effect::Unknown(Reason::NotInKnownText {
                article: a.article.article.clone(),
            });
        }
    };
    match result {
        Ok(article) => Effect::Article(article),
        Err(e) => Effect::Unknown(e.into()),
    }
}

/// Computes the history of a validated bill.
pub fn compute(data: &BillData) -> History {
    let bill = &data.bill;
    let amendments = &data.amendments;
    let mut stages: Vec<StageText> = Vec::with_capacity(bill.stages.len());
    let mut steps: Vec<Option<AmendmentStep>> = vec![None; amendments.len()];
    let mut main_line = Vec::new();
    let mut main_changes = HashMap::new();
    let number_index: HashMap<(&str, &str), usize> = amendments
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.stage.as_str(), a.number.as_str()), i))
        .collect();
    let mut by_stage: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in amendments.iter().enumerate() {
        by_stage.entry(a.stage.as_str()).or_default().push(i);
    }
    for (si, stage) in bill.stages.iter().enumerate() {
        let mut unapplied = Vec::new();
        let mut running = if si == 0 {
            Text::default()
        } else {
            stages[si - 1].text.clone()
        };
        if si > 0 {
            let base_text = &stages[si - 1].text;
            let base_index = Index::of(base_text);
            let here = by_stage.get(stage.id.as_str()).cloned().unwrap_or_default();
            // Each amendment on the text it was tabled on: independent of
            // one another, so computed on every core.
            let tabled: Vec<(usize, Option<AmendmentStep>)> =
                here.par_iter()
                    .map(|&i| {
                        let a = &amendments[i];
                        let base = base_index.article(base_text, &a.article.article);
                        let step =
                            match &a.parent {
                                None => Some(AmendmentStep {
                                    base: Base::Stage(si - 1),
                                    effect: effect_of(a, operations(a), base, None),
                                }),
                                Some(parent) => number_index
                                    .get(&(a.stage.as_str(), parent.as_str()))
                                    .map(|&pi| {
                                        let p = &amendments[pi];
                                        let ops =
                                            amended_instruction(p, &[a]).and_then(|instruction| {
                                                engine::parse(
                                                    &instruction,
                                                    p.article.position != Position::On,
                                                )
                                                .map_err(|e| {
                                                    Reason::from(e)
                                                        .once_sub_amended(Some(&p.number))
                                                })
                                            });
                                        let parent_base =
                                            base_index.article(base_text, &p.article.article);
                                        AmendmentStep {
                                            base: Base::Amendment(pi),
                                            effect: effect_of(p, ops, parent_base, None),
                                        }
                                    }),
                            };
                        (i, step)
                    })
                    .collect();
            for (i, step) in tabled {
                if step.is_some() {
                    steps[i] = step;
                }
            }
            // The adopted sub-amendments of each amendment, and the
            // amendments identical to each (either naming the other), both
            // in discussion order.
            let mut adopted_subs: HashMap<&str, Vec<&Amendment>> = HashMap::new();
            let mut same_as: HashMap<&str, Vec<usize>> = HashMap::new();
            for &j in &here {
                let b = &amendments[j];
                if let (Some(parent), Outcome::Adopted) = (&b.parent, b.outcome) {
                    adopted_subs.entry(parent).or_default().push(b);
                }
                for other in &b.identical {
                    if let Some(&k) = number_index.get(&(b.stage.as_str(), other.as_str())) {
                        same_as.entry(other).or_default().push(j);
                        same_as.entry(&b.number).or_default().push(k);
                    }
                }
            }
            let position: HashMap<usize, usize> =
                here.iter().enumerate().map(|(p, &i)| (i, p)).collect();
            for list in same_as.values_mut() {
                list.sort_by_key(|j| position.get(j).copied().unwrap_or(usize::MAX));
                list.dedup();
            }
            // The main line: adopted amendments in discussion order, identical
            // ones once, each with its adopted sub-amendments, through one
            // draft per article so numbers map through earlier edits.
            let mut drafts: HashMap<String, Draft> = HashMap::new();
            let mut applied_groups: HashSet<usize> = HashSet::new();
            let mut running_index = Index::of(&running);
            for &i in &here {
                let a = &amendments[i];
                if a.outcome != Outcome::Adopted || a.parent.is_some() {
                    continue;
                }
                let identical_to = same_as
                    .get(a.number.as_str())
                    .map_or(&[][..], Vec::as_slice);
                if identical_to.iter().any(|j| applied_groups.contains(j)) {
                    continue;
                }
                applied_groups.insert(i);
                let same: Vec<usize> = identical_to
                    .iter()
                    .copied()
                    .filter(|&j| j != i && amendments[j].outcome == Outcome::Adopted)
                    .collect();
                let subs = adopted_subs
                    .get(a.number.as_str())
                    .cloned()
                    .unwrap_or_default();
                let ops = if subs.is_empty() {
                    operations(a)
                } else {
                    amended_instruction(a, &subs).and_then(|instruction| {
                        engine::parse(&instruction, a.article.position != Position::On)
                            .map_err(|e| Reason::from(e).once_sub_amended(None))
                    })
                };
                let effect = if a.article.position == Position::On {
                    let key = article_key(&a.article.article);
                    match running_index.article(&running, &a.article.article) {
                        Some(current) => {
                            let draft = drafts.entry(key).or_insert_with(|| Draft::new(current));
                            effect_of(a, ops, Some(current), Some(draft))
                        }
                        None => effect_of(a, ops, None, None),
                    }
                } else {
                    effect_of(a, ops, None, None)
                };
                let applied = matches!(effect, Effect::Article(_));
                if let Effect::Article(article) = effect {
                    if place_article(&mut running, a, &article) {
                        running_index = Index::of(&running);
                    }
                    main_changes.insert(main_line.len(), article);
                } else {
                    unapplied.push(a.number.clone());
                }
                main_line.push(MainStep::Amendment {
                    index: i,
                    identical: same,
                    applied,
                });
            }
        }
        let stage_text = match data.texts.get(&stage.id) {
            Some(t) => StageText {
                text: t.clone(),
                official: true,
                unapplied,
                derived: (si > 0).then_some(running),
            },
            None => StageText {
                text: running,
                official: false,
                unapplied,
                derived: None,
            },
        };
        stages.push(stage_text);
        main_line.push(MainStep::Stage(si));
    }
    History {
        stages,
        amendments: steps
            .into_iter()
            .map(|s| {
                let mut s = s.unwrap_or(AmendmentStep {
                    base: Base::Stage(0),
                    effect: Effect::Unknown(Reason::NoText),
                });
                if let Effect::Unknown(why) = s.effect {
                    s.effect = Effect::Unknown(why.in_language(&bill.language));
                }
                s
            })
            .collect(),
        main_line,
        main_changes,
    }
}

/// Puts an amended article into the running text: in its place, or for an
/// additional article next to the article it is placed before or after.
/// Returns true when the article is new to the text.
fn place_article(running: &mut Text, a: &Amendment, article: &Article) -> bool {
    if let Some(slot) = running.article_mut(&article.id) {
        *slot = article.clone();
        return false;
    }
    let key = article_key(&a.article.article);
    let at = running
        .items
        .iter()
        .position(|i| matches!(i, crate::model::Item::Article(x) if article_key(&x.number) == key));
    let index = match (at, a.article.position) {
        (Some(k), Position::Before) => k,
        (Some(k), _) => k + 1,
        (None, _) => running.items.len(),
    };
    running
        .items
        .insert(index, crate::model::Item::Article(article.clone()));
    true
}

/// Where a derived text and the official text of a stage disagree on one
/// article.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Disagreement {
    /// The stage.
    pub stage: String,
    /// The article, as the official text numbers it (or the derived one).
    pub article: String,
    /// The first alinéa (1-based) where they differ.
    pub alinea: usize,
    /// That alinéa as derived (None: the derived text has no such alinéa or article).
    pub derived: Option<String>,
    /// That alinéa as official (None: the official text has no such alinéa or article).
    pub official: Option<String>,
    /// Alinéas that differ in all.
    pub alineas: usize,
    /// The stage's adopted amendments the engine could not apply and whose
    /// place is not a plain article (an additional article, a division):
    /// they may be what the derived text lacks.
    pub unapplied: Vec<String>,
}

/// Every article where a stage's derived text (the previous stage and the
/// stage's adopted amendments) and its official text differ. Articles that
/// are only partly known in either text are left out: their difference is
/// not known.
pub fn disagreements(data: &BillData, h: &History) -> Vec<Disagreement> {
    let mut out = Vec::new();
    for (si, st) in h.stages.iter().enumerate() {
        let Some(derived) = &st.derived else { continue };
        if !st.official {
            continue;
        }
        let official = &st.text;
        let partial_text = official
            .items
            .iter()
            .any(|i| matches!(i, crate::model::Item::Gap { .. }));
        // Where an adopted amendment's effect is not known (no dispositif, or
        // one the engine cannot read), the derived text cannot be judged.
        let stage_id = &data.bill.stages[si].id;
        let unknown: Vec<&Amendment> = data
            .amendments
            .iter()
            .zip(&h.amendments)
            .filter(|(a, step)| {
                a.stage == *stage_id
                    && a.outcome == crate::model::Outcome::Adopted
                    && matches!(step.effect, Effect::Unknown(_))
                    // A credit transfer changes the budget's annex, not
                    // the text: it explains no difference.
                    && a.credits.is_empty()
            })
            .map(|(a, _)| a)
            .collect();
        let unknown_on: Vec<String> = unknown
            .iter()
            .filter(|a| a.article.position == Position::On)
            .map(|a| crate::model::article_key(&a.article.article))
            .collect();
        // Those whose place is not a plain article (an additional article, a
        // division) may touch any article: they are named with each
        // difference (one on a plain article leaves that article out above).
        let unapplied_anywhere: Vec<String> = unknown
            .iter()
            .filter(|a| {
                a.article.position != Position::On
                    || !a.article.article.starts_with(|c: char| c.is_ascii_digit())
            })
            .map(|a| a.number.clone())
            .collect();
        let unknown_elsewhere = !unapplied_anywhere.is_empty();
        let mut ids: Vec<&str> = official.articles().map(|a| a.id.as_str()).collect();
        for a in derived.articles() {
            if !ids.contains(&a.id.as_str()) {
                ids.push(&a.id);
            }
        }
        for id in ids {
            let d = derived.articles().find(|a| a.id == id);
            let o = official.articles().find(|a| a.id == id);
            if d.is_some_and(Article::is_partial) || o.is_some_and(Article::is_partial) {
                continue;
            }
            // An article missing from a partial official text is not known.
            if o.is_none() && partial_text {
                continue;
            }
            let number = o.or(d).map(|a| crate::model::article_key(&a.number));
            if number.is_some_and(|n| unknown_on.contains(&n))
                || (unknown_elsewhere && (d.is_none() || o.is_none()))
            {
                continue;
            }
            let lines = |a: Option<&Article>| -> Vec<String> {
                a.map(|a| {
                    a.lines
                        .iter()
                        .map(|l| l.to_store_line())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
            };
            let (dl, ol) = (lines(d), lines(o));
            if d.is_some() == o.is_some() && dl == ol {
                continue;
            }
            let n = dl.len().max(ol.len());
            let differing: Vec<usize> = (0..n).filter(|&k| dl.get(k) != ol.get(k)).collect();
            let first = differing.first().copied().unwrap_or(0);
            out.push(Disagreement {
                stage: data.bill.stages[si].id.clone(),
                article: o.or(d).map(|a| a.number.clone()).unwrap_or_default(),
                alinea: first + 1,
                derived: d.and_then(|_| dl.get(first).cloned()),
                official: o.and_then(|_| ol.get(first).cloned()),
                alineas: differing.len().max(1),
                unapplied: unapplied_anywhere.clone(),
            });
        }
    }
    out
}
