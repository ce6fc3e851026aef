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

use std::collections::HashMap;

use crate::engine::{self, Reading};
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
    Unknown(String),
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
pub fn operations(a: &Amendment) -> Result<Vec<engine::Operation>, String> {
    if let Some(ops) = &a.operations {
        return Ok(ops.clone());
    }
    match engine::read_instruction(&a.instruction) {
        Reading::Understood(ops) => Ok(ops),
        Reading::NotUnderstood(why) => Err(why),
    }
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

/// The effect of `a` on `current`; `offset` maps the instruction's alinéa
/// numbers (see [`engine::quoted_text_offset`]).
fn effect_on(a: &Amendment, current: Option<&Article>, offset: usize) -> Effect {
    if a.article.position != Position::On {
        return Effect::Unknown("additional articles are not placed in the text yet".to_owned());
    }
    let ops = match operations(a) {
        Ok(ops) => ops,
        Err(why) => return Effect::Unknown(why),
    };
    let Some(current) = current else {
        return Effect::Unknown(format!(
            "article {} is not in the known text it was tabled on",
            a.article.article
        ));
    };
    match engine::apply(&a.article, &current.id, Some(current), &ops, offset) {
        Ok(article) => Effect::Article(article),
        Err(e) => Effect::Unknown(e.to_string()),
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
            // Amendments first, then sub-amendments (they need their parent's effect).
            for &i in here.iter().filter(|&&i| amendments[i].parent.is_none()) {
                let a = &amendments[i];
                let effect = effect_on(a, base_index.article(base_text, &a.article.article), 0);
                steps[i] = Some(AmendmentStep {
                    base: Base::Stage(si - 1),
                    effect,
                });
            }
            for &i in here.iter().filter(|&&i| amendments[i].parent.is_some()) {
                let a = &amendments[i];
                let parent = a.parent.as_deref().unwrap_or_default();
                let Some(&pi) = number_index.get(&(a.stage.as_str(), parent)) else {
                    continue;
                };
                let offset = engine::quoted_text_offset(&amendments[pi].instruction);
                let effect = match steps[pi].as_ref().map(|s| &s.effect) {
                    Some(Effect::Article(parent_article)) => {
                        effect_on(a, Some(parent_article), offset)
                    }
                    _ => Effect::Unknown("the parent amendment's text is not known".to_owned()),
                };
                steps[i] = Some(AmendmentStep {
                    base: Base::Amendment(pi),
                    effect,
                });
            }
            // The main line: adopted amendments in discussion order, identical ones once.
            let mut applied_groups: Vec<usize> = Vec::new();
            let running_index = Index::of(&running);
            for &i in &here {
                let a = &amendments[i];
                if a.outcome != Outcome::Adopted || a.parent.is_some() {
                    continue;
                }
                let is_identical_to_applied = applied_groups.iter().any(|&g| {
                    let b = &amendments[g];
                    b.identical.contains(&a.number) || a.identical.contains(&b.number)
                });
                if is_identical_to_applied {
                    continue;
                }
                applied_groups.push(i);
                let identical: Vec<usize> = here
                    .iter()
                    .copied()
                    .filter(|&j| {
                        j != i
                            && amendments[j].outcome == Outcome::Adopted
                            && (amendments[j].identical.contains(&a.number)
                                || a.identical.contains(&amendments[j].number))
                    })
                    .collect();
                // Apply to the running text, then the adopted sub-amendments.
                let current = running_index.article(&running, &a.article.article).cloned();
                let mut effect = effect_on(a, current.as_ref(), 0);
                let offset = engine::quoted_text_offset(&a.instruction);
                for &j in &here {
                    let s = &amendments[j];
                    if s.parent.as_deref() == Some(a.number.as_str())
                        && s.outcome == Outcome::Adopted
                    {
                        effect = match effect {
                            Effect::Article(art) => effect_on(s, Some(&art), offset),
                            unknown => unknown,
                        };
                    }
                }
                let applied = matches!(effect, Effect::Article(_));
                if let Effect::Article(article) = effect {
                    if let Some(slot) = running.article_mut(&article.id) {
                        *slot = article.clone();
                    }
                    main_changes.insert(main_line.len(), article);
                } else {
                    unapplied.push(a.number.clone());
                }
                main_line.push(MainStep::Amendment {
                    index: i,
                    identical,
                    applied,
                });
            }
        }
        let stage_text = match data.texts.get(&stage.id) {
            Some(t) => StageText {
                text: t.clone(),
                official: true,
                unapplied,
            },
            None => StageText {
                text: running,
                official: false,
                unapplied,
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
                s.unwrap_or(AmendmentStep {
                    base: Base::Stage(0),
                    effect: Effect::Unknown("no text to amend".to_owned()),
                })
            })
            .collect(),
        main_line,
        main_changes,
    }
}
