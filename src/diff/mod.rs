//! The diff engine for legal text: structure first, then words.
//!
//! 1. Articles are aligned by their stable id, so a renumbered article is
//!    compared with itself ([`diff_texts`]).
//! 2. Inside an article, alinéas are aligned as whole lines; in a region where
//!    they differ, old and new alinéas are paired by likeness (shared words),
//!    keeping their order; an alinéa left unpaired on one side whose twin is
//!    left unpaired on the other is a move ([`diff_articles`]).
//! 3. Inside a changed pair, words are compared ([`words`]), with tokens that
//!    know legal references ([`tokenize`]).
//!
//! The word comparison runs under an explicit time [`Bound`]; when it trips,
//! the pair is shown as a coarser (still correct) replacement and the result
//! says so ([`ArticleDiff::cut_short`]).

pub mod table;
pub mod tokenize;
pub mod words;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffOp};

use crate::model::{Article, Line, Text};
pub use tokenize::Language;
pub use words::{Nuance, Span, SpanKind};

/// How long the word comparison of one pair of alinéas may take.
pub const DEFAULT_BOUND: Duration = Duration::from_secs(2);

/// Likeness (shared words, 0 to 1) from which two alinéas are the same alinéa edited.
const PAIR_LIKENESS: f64 = 0.4;
/// Likeness from which an alinéa removed here and added there is a move.
const MOVE_LIKENESS: f64 = 0.75;
/// The largest region (old × new alinéas) paired by likeness; beyond it,
/// alinéas are paired in order.
const MAX_PAIRING_CELLS: usize = 250_000;

/// The settings of one diff.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Tokenizer rules.
    pub language: Language,
    /// Time allowed to the word comparison of one pair of alinéas.
    pub bound: Bound,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            language: Language::French,
            bound: Bound::new(DEFAULT_BOUND),
        }
    }
}

/// The explicit bound on the word comparison of one pair of alinéas.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// Time allowed per pair.
    pub per_pair: Duration,
}

impl Bound {
    /// A bound of `per_pair` per pair of alinéas.
    pub fn new(per_pair: Duration) -> Bound {
        Bound { per_pair }
    }

    /// The bound as a deadline from now, for one pair.
    pub fn deadline(self) -> Option<Instant> {
        Instant::now().checked_add(self.per_pair)
    }
}

/// Where a line sits in one version of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Slot {
    /// 0-based index among the article's lines.
    #[serde(skip)]
    pub line: usize,
    /// Alinéa number (1-based), as amendments count them; absent for a gap
    /// and for the "(Supprimé)" line of a struck article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alinea: Option<usize>,
    /// True for a gap (a part of the text that is not available).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gap: bool,
}

/// What happened to one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// Unchanged.
    Same,
    /// Edited in place (the spans say how).
    Changed,
    /// Removed.
    Deleted,
    /// Added.
    Inserted,
    /// Moved away from here (its text appears at `new`).
    MovedFrom,
    /// Moved here from `old` (the spans show any edit on the way).
    MovedTo,
}

/// One line of an article diff, in reading order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// What happened.
    pub kind: EntryKind,
    /// The line in the old version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Slot>,
    /// The line in the new version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Slot>,
    /// The text: one span for unchanged, deleted and inserted lines and for
    /// the place a line moved away from (its old text, deleted); equal,
    /// deleted and inserted spans for changed lines and moved-in ones.
    pub spans: Vec<Span>,
    /// True when the word comparison of this pair hit the bound and the
    /// spans are coarser than they could be.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut_short: bool,
}

impl Entry {
    /// The kind of the spans that hold a gap's note rather than text, when
    /// one side of the entry is a gap and the other is not: the note says
    /// what is missing and is shown as a note, never struck through or
    /// underlined.
    pub fn gap_note(&self) -> Option<SpanKind> {
        match (
            self.old.is_some_and(|s| s.gap),
            self.new.is_some_and(|s| s.gap),
        ) {
            (true, false) => Some(SpanKind::Delete),
            (false, true) => Some(SpanKind::Insert),
            _ => None,
        }
    }

    /// The old text (equal and deleted spans).
    pub fn old_text(&self) -> String {
        self.spans
            .iter()
            .filter(|s| s.kind != SpanKind::Insert)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// The new text (equal and inserted spans).
    pub fn new_text(&self) -> String {
        self.spans
            .iter()
            .filter(|s| s.kind != SpanKind::Delete)
            .map(|s| s.text.as_str())
            .collect()
    }

    /// True for anything but an unchanged line.
    pub fn is_change(&self) -> bool {
        self.kind != EntryKind::Same
    }
}

/// What happened to an article as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Same text and number.
    Unchanged,
    /// Same text, new number.
    Renumbered,
    /// Its text changed.
    Changed,
    /// It appears (an additional article).
    Added,
    /// It is no longer in the text at all.
    Removed,
    /// It now reads "(Supprimé)".
    Struck,
    /// It read "(Supprimé)" and has a text again.
    Restored,
    /// It is missing from one of the texts, and that text is only partly
    /// known: whether it was there is not known.
    Unknown,
}

/// The diff of one article.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleDiff {
    /// Stable id.
    pub id: String,
    /// Number in the old text, if there.
    pub old_number: Option<String>,
    /// Number in the new text, if there.
    pub new_number: Option<String>,
    /// What happened to it.
    pub status: Status,
    /// True when either version has a gap: the diff covers the known part.
    pub partial: bool,
    /// True when some pair of alinéas hit the bound.
    pub cut_short: bool,
    /// Every line, in reading order.
    pub entries: Vec<Entry>,
}

impl ArticleDiff {
    /// The number to show: the new one, else the old one.
    pub fn number(&self) -> &str {
        self.new_number
            .as_deref()
            .or(self.old_number.as_deref())
            .unwrap_or(&self.id)
    }

    /// True unless the article is unchanged.
    pub fn is_change(&self) -> bool {
        self.status != Status::Unchanged
    }

    /// True when the article is known to have changed: not unchanged, and
    /// not missing from a partly known text (whose fate is not known).
    pub fn is_known_change(&self) -> bool {
        !matches!(self.status, Status::Unchanged | Status::Unknown)
    }

    /// The old and new versions as store lines (for unified diffs).
    pub fn store_lines(&self) -> (Vec<String>, Vec<String>) {
        let mut old = Vec::new();
        let mut new = Vec::new();
        for e in &self.entries {
            match e.kind {
                EntryKind::Same | EntryKind::Changed => {
                    old.push(line_text(e.old, &e.old_text()));
                    new.push(line_text(e.new, &e.new_text()));
                }
                EntryKind::Deleted => old.push(line_text(e.old, &e.old_text())),
                EntryKind::Inserted => new.push(line_text(e.new, &e.new_text())),
                EntryKind::MovedFrom => old.push(line_text(e.old, &e.old_text())),
                EntryKind::MovedTo => new.push(line_text(e.new, &e.new_text())),
            }
        }
        (old, new)
    }
}

fn line_text(slot: Option<Slot>, text: &str) -> String {
    if slot.is_some_and(|s| s.gap) {
        Line::Gap(text.to_owned()).to_store_line()
    } else {
        text.to_owned()
    }
}

/// The diff of two texts of a bill.
#[derive(Clone, Debug, Serialize)]
pub struct TextDiff {
    /// Every article of either text, in the new text's order (articles only
    /// in the old text where they stood).
    pub articles: Vec<ArticleDiff>,
    /// True when either text has gaps.
    pub partial: bool,
}

impl TextDiff {
    /// The articles known to have changed (not those whose fate is not
    /// known: [`Status::Unknown`]).
    pub fn changed(&self) -> impl Iterator<Item = &ArticleDiff> {
        self.articles.iter().filter(|a| a.is_known_change())
    }

    /// The articles missing from a partly known text, whose fate is not
    /// known.
    pub fn unknown(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| a.status == Status::Unknown)
            .count()
    }

    /// True when some article hit the bound.
    pub fn cut_short(&self) -> bool {
        self.articles.iter().any(|a| a.cut_short)
    }
}

/// Diffs two texts, article by article (aligned by stable id). Articles are
/// diffed on as many threads as the machine has cores (each article alone,
/// so the result does not depend on the number of threads).
pub fn diff_texts(old: &Text, new: &Text, options: &Options) -> TextDiff {
    let old_articles: Vec<&Article> = old.articles().collect();
    let new_articles: Vec<&Article> = new.articles().collect();
    let old_by_id: HashMap<&str, usize> = old_articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let new_ids: std::collections::HashSet<&str> =
        new_articles.iter().map(|a| a.id.as_str()).collect();
    // The pairs to diff, in order: articles only in the old text come
    // before the first new article that followed them in the old text.
    let mut pairs: Vec<(Option<&Article>, Option<&Article>)> =
        Vec::with_capacity(new_articles.len());
    let mut next_old = 0;
    for a in &new_articles {
        let old_article = old_by_id.get(a.id.as_str()).map(|&i| {
            while next_old < i {
                let gone = old_articles[next_old];
                if !new_ids.contains(gone.id.as_str()) {
                    pairs.push((Some(gone), None));
                }
                next_old += 1;
            }
            old_articles[i]
        });
        pairs.push((old_article, Some(*a)));
    }
    for gone in &old_articles[next_old.min(old_articles.len())..] {
        if !new_ids.contains(gone.id.as_str()) {
            pairs.push((Some(*gone), None));
        }
    }
    let mut articles = in_parallel(&pairs, |(o, n)| diff_articles(*o, *n, options));
    for a in &mut articles {
        mark_unknown(a, old, new);
    }
    let partial = old.is_partial() || new.is_partial() || articles.iter().any(|a| a.partial);
    TextDiff { articles, partial }
}

/// `f` over `items`, in order, on the machine's cores (in this thread when
/// there are few items): rayon's pool hands the next few items to whichever
/// core is free, since articles differ much in size (halves fixed in advance
/// left a core idle for a third of a whole-bill diff).
pub(crate) fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() < 16 {
        return items.iter().map(&f).collect();
    }
    items.par_iter().with_min_len(4).map(f).collect()
}

/// An article missing from a text that is only partly known may well be in
/// its unknown part: neither added nor removed, but unknown.
fn mark_unknown(a: &mut ArticleDiff, old: &Text, new: &Text) {
    mark_unknown_by(a, old.is_partial(), new.is_partial());
}

/// Its lines are then not compared: none is marked deleted or inserted,
/// since one side is not known.
fn mark_unknown_by(a: &mut ArticleDiff, old_partial: bool, new_partial: bool) {
    if (a.status == Status::Added && old_partial) || (a.status == Status::Removed && new_partial) {
        a.status = Status::Unknown;
        a.partial = true;
        a.entries.clear();
    }
}

/// Diffs one article between two texts, given whether each text is only
/// partly known (it may be missing from one of them).
pub fn diff_one_article(
    old: Option<&Article>,
    new: Option<&Article>,
    old_partial: bool,
    new_partial: bool,
    options: &Options,
) -> TextDiff {
    let mut a = diff_articles(old, new, options);
    mark_unknown_by(&mut a, old_partial, new_partial);
    TextDiff {
        partial: a.partial || old_partial || new_partial,
        articles: vec![a],
    }
}

/// A version of an article, line by line, as the diff sees it.
struct Version<'a> {
    lines: Vec<std::borrow::Cow<'a, str>>,
    slots: Vec<Slot>,
    texts: Vec<&'a str>,
}

impl<'a> Version<'a> {
    fn of(article: Option<&'a Article>) -> Version<'a> {
        let mut v = Version {
            lines: Vec::new(),
            slots: Vec::new(),
            texts: Vec::new(),
        };
        let Some(a) = article else { return v };
        let deleted = a.is_deleted();
        let mut n = 0;
        for (i, line) in a.lines.iter().enumerate() {
            v.lines.push(match line {
                Line::Alinea(t) => std::borrow::Cow::Borrowed(t.as_str()),
                gap => std::borrow::Cow::Owned(gap.to_store_line()),
            });
            let (alinea, gap, text) = match line {
                Line::Alinea(t) => {
                    n += 1;
                    ((!deleted).then_some(n), false, t.as_str())
                }
                Line::Gap(note) => (None, true, note.as_str()),
            };
            v.slots.push(Slot {
                line: i,
                alinea,
                gap,
            });
            v.texts.push(text);
        }
        v
    }
}

/// The tokens of an article's lines, each line tokenized once (for
/// likeness and for the word diff alike), every distinct token numbered
/// once for the article, so comparisons compare integers.
struct Lexicon<'a> {
    language: Language,
    numbers: rustc_hash::FxHashMap<&'a str, u32>,
    /// By token number: true when the token holds a letter or a digit.
    wordy: Vec<bool>,
    old: Vec<Option<LineTokens<'a>>>,
    new: Vec<Option<LineTokens<'a>>>,
}

/// One line's tokens and their numbers.
struct LineTokens<'a> {
    tokens: Vec<&'a str>,
    ids: Vec<u32>,
}

impl<'a> Lexicon<'a> {
    fn new(language: Language, old_lines: usize, new_lines: usize) -> Lexicon<'a> {
        Lexicon {
            language,
            numbers: rustc_hash::FxHashMap::default(),
            wordy: Vec::new(),
            old: (0..old_lines).map(|_| None).collect(),
            new: (0..new_lines).map(|_| None).collect(),
        }
    }

    /// Tokenizes line `i` of one side (`text`), once.
    fn ensure(&mut self, new_side: bool, i: usize, text: &'a str) {
        let cache = if new_side { &self.new } else { &self.old };
        if cache[i].is_some() {
            return;
        }
        let tokens = tokenize::tokenize(text, self.language);
        let mut ids = Vec::with_capacity(tokens.len());
        for t in &tokens {
            let next = self.numbers.len() as u32;
            let id = *self.numbers.entry(t).or_insert(next);
            if id == next {
                self.wordy.push(t.chars().any(tokenize::is_word));
            }
            ids.push(id);
        }
        let cache = if new_side {
            &mut self.new
        } else {
            &mut self.old
        };
        cache[i] = Some(LineTokens { tokens, ids });
    }

    fn line(&self, new_side: bool, i: usize) -> &LineTokens<'a> {
        let cache = if new_side { &self.new } else { &self.old };
        cache[i].as_ref().expect("line tokenized")
    }

    /// The words of a line (tokens with a letter or digit), by number,
    /// sorted: a bag of words for likeness.
    fn bag(&mut self, new_side: bool, i: usize, text: &'a str) -> Vec<u32> {
        self.ensure(new_side, i, text);
        let mut bag: Vec<u32> = self
            .line(new_side, i)
            .ids
            .iter()
            .copied()
            .filter(|&id| self.wordy[id as usize])
            .collect();
        bag.sort_unstable();
        bag
    }

    /// The word diff of old line `oi` and new line `ni`.
    fn word_diff(
        &mut self,
        o: &Version<'a>,
        oi: usize,
        n: &Version<'a>,
        ni: usize,
        options: &Options,
    ) -> (Vec<Span>, bool) {
        if o.texts[oi] == n.texts[ni] {
            return (vec![Span::new(SpanKind::Equal, o.texts[oi])], false);
        }
        self.ensure(false, oi, o.texts[oi]);
        self.ensure(true, ni, n.texts[ni]);
        let (a, b) = (self.line(false, oi), self.line(true, ni));
        words::diff_tokens(
            words::Tokens {
                text: o.texts[oi],
                tokens: &a.tokens,
                ids: &a.ids,
            },
            words::Tokens {
                text: n.texts[ni],
                tokens: &b.tokens,
                ids: &b.ids,
            },
            options,
        )
    }
}

/// Diffs two versions of an article (None: absent from that text).
pub fn diff_articles(
    old: Option<&Article>,
    new: Option<&Article>,
    options: &Options,
) -> ArticleDiff {
    let o = Version::of(old);
    let n = Version::of(new);
    // Lines as numbers (equal lines, equal numbers) for the alignment.
    let (old_ids, new_ids) = {
        let mut numbers: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let mut ids = [Vec::new(), Vec::new()];
        for (lines, out) in [&o.lines, &n.lines].into_iter().zip(ids.iter_mut()) {
            out.reserve(lines.len());
            for l in lines {
                let next = numbers.len() as u32;
                out.push(*numbers.entry(l.as_ref()).or_insert(next));
            }
        }
        let [old_ids, new_ids] = ids;
        (old_ids, new_ids)
    };
    let ops = similar::capture_diff_slices(Algorithm::Patience, &old_ids, &new_ids);
    let mut lex = Lexicon::new(options.language, o.lines.len(), n.lines.len());

    // First pass: line-level entries, with edited pairs found by likeness.
    let mut plan: Vec<Planned> = Vec::with_capacity(o.lines.len().max(n.lines.len()));
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => plan.extend((0..len).map(|k| Planned::Same(old_index + k, new_index + k))),
            DiffOp::Delete {
                old_index, old_len, ..
            } => plan.extend((old_index..old_index + old_len).map(Planned::Deleted)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => plan.extend((new_index..new_index + new_len).map(Planned::Inserted)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => pair_region(
                &o,
                &n,
                old_index..old_index + old_len,
                new_index..new_index + new_len,
                &mut lex,
                &mut plan,
            ),
        }
    }

    // Second pass: a deleted line whose twin was inserted elsewhere moved.
    let moves = find_moves(&o, &n, &plan, &mut lex);

    // Third pass: entries, with word spans for edited and moved lines.
    let mut entries = Vec::with_capacity(plan.len());
    let mut cut_short = false;
    let mut span_pair = |oi: usize, ni: usize| -> (Vec<Span>, bool) {
        let (spans, tripped) = lex.word_diff(&o, oi, &n, ni, options);
        cut_short |= tripped;
        (spans, tripped)
    };
    for p in &plan {
        let entry = match *p {
            Planned::Same(oi, ni) => Entry {
                kind: EntryKind::Same,
                old: Some(o.slots[oi]),
                new: Some(n.slots[ni]),
                spans: vec![Span::new(SpanKind::Equal, o.texts[oi])],
                cut_short: false,
            },
            Planned::Changed(oi, ni) => {
                let (spans, tripped) = if o.slots[oi].gap != n.slots[ni].gap {
                    (
                        vec![
                            Span::new(SpanKind::Delete, o.texts[oi]),
                            Span::new(SpanKind::Insert, n.texts[ni]),
                        ],
                        false,
                    )
                } else {
                    span_pair(oi, ni)
                };
                Entry {
                    kind: EntryKind::Changed,
                    old: Some(o.slots[oi]),
                    new: Some(n.slots[ni]),
                    spans,
                    cut_short: tripped,
                }
            }
            Planned::Deleted(oi) => match moves.get(&Side::Old(oi)) {
                Some(&ni) => Entry {
                    kind: EntryKind::MovedFrom,
                    old: Some(o.slots[oi]),
                    new: Some(n.slots[ni]),
                    spans: vec![Span::new(SpanKind::Delete, o.texts[oi])],
                    cut_short: false,
                },
                None => Entry {
                    kind: EntryKind::Deleted,
                    old: Some(o.slots[oi]),
                    new: None,
                    spans: vec![Span::new(SpanKind::Delete, o.texts[oi])],
                    cut_short: false,
                },
            },
            Planned::Inserted(ni) => match moves.get(&Side::New(ni)) {
                Some(&oi) => {
                    let (spans, tripped) = span_pair(oi, ni);
                    Entry {
                        kind: EntryKind::MovedTo,
                        old: Some(o.slots[oi]),
                        new: Some(n.slots[ni]),
                        spans,
                        cut_short: tripped,
                    }
                }
                None => Entry {
                    kind: EntryKind::Inserted,
                    old: None,
                    new: Some(n.slots[ni]),
                    spans: vec![Span::new(SpanKind::Insert, n.texts[ni])],
                    cut_short: false,
                },
            },
        };
        entries.push(entry);
    }

    let status = match (old, new) {
        (None, Some(_)) => Status::Added,
        (Some(_), None) => Status::Removed,
        (Some(a), Some(b)) if !a.is_deleted() && b.is_deleted() => Status::Struck,
        (Some(a), Some(b)) if a.is_deleted() && !b.is_deleted() => Status::Restored,
        (Some(a), Some(b)) if a.lines == b.lines && a.number != b.number => Status::Renumbered,
        (Some(a), Some(b)) if a.lines == b.lines => Status::Unchanged,
        _ => Status::Changed,
    };
    let any = old.or(new);
    ArticleDiff {
        id: any.map(|a| a.id.clone()).unwrap_or_default(),
        old_number: old.map(|a| a.number.clone()),
        new_number: new.map(|a| a.number.clone()),
        status,
        partial: old.is_some_and(Article::is_partial) || new.is_some_and(Article::is_partial),
        cut_short,
        entries,
    }
}

/// A line's fate before moves and word spans are worked out.
#[derive(Clone, Copy, Debug)]
enum Planned {
    Same(usize, usize),
    Changed(usize, usize),
    Deleted(usize),
    Inserted(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Side {
    Old(usize),
    New(usize),
}

/// Dice likeness of two bags of words (sorted word numbers): 1 when they
/// hold the same words.
fn likeness(a: &[u32], b: &[u32]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f64 / total as f64
}

/// Pairs the old and new lines of a replaced region by likeness, in order
/// (the pairing with the greatest total likeness, each pair above
/// [`PAIR_LIKENESS`]); unpaired lines are deleted or inserted.
fn pair_region<'a>(
    o: &Version<'a>,
    n: &Version<'a>,
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
    lex: &mut Lexicon<'a>,
    plan: &mut Vec<Planned>,
) {
    let (m, k) = (old.len(), new.len());
    // One line for one: an edit, however large (unless a gap meets text).
    if m == 1 && k == 1 {
        if o.slots[old.start].gap == n.slots[new.start].gap {
            plan.push(Planned::Changed(old.start, new.start));
        } else {
            plan.push(Planned::Deleted(old.start));
            plan.push(Planned::Inserted(new.start));
        }
        return;
    }
    let old_bags: Vec<Vec<u32>> = old.clone().map(|i| lex.bag(false, i, o.texts[i])).collect();
    let new_bags: Vec<Vec<u32>> = new.clone().map(|j| lex.bag(true, j, n.texts[j])).collect();
    let pairs: Vec<(usize, usize)> = if m * k <= MAX_PAIRING_CELLS {
        best_pairing(&old_bags, &new_bags)
    } else {
        (0..m.min(k))
            .filter(|&i| likeness(&old_bags[i], &new_bags[i]) >= PAIR_LIKENESS)
            .map(|i| (i, i))
            .collect()
    };
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs {
        plan.extend((i..pi).map(|x| Planned::Deleted(old.start + x)));
        plan.extend((j..pj).map(|y| Planned::Inserted(new.start + y)));
        plan.push(Planned::Changed(old.start + pi, new.start + pj));
        i = pi + 1;
        j = pj + 1;
    }
    plan.extend((i..m).map(|x| Planned::Deleted(old.start + x)));
    plan.extend((j..k).map(|y| Planned::Inserted(new.start + y)));
}

/// The order-keeping pairing with the greatest total likeness.
fn best_pairing(old: &[Vec<u32>], new: &[Vec<u32>]) -> Vec<(usize, usize)> {
    let (m, k) = (old.len(), new.len());
    let w = k + 1;
    let mut score = vec![0.0f64; (m + 1) * w];
    let mut like = vec![0.0f64; m * k];
    for i in 0..m {
        for j in 0..k {
            like[i * k + j] = likeness(&old[i], &new[j]);
        }
    }
    for i in 1..=m {
        for j in 1..=k {
            let l = like[(i - 1) * k + (j - 1)];
            let diag = if l >= PAIR_LIKENESS {
                score[(i - 1) * w + (j - 1)] + l
            } else {
                f64::MIN
            };
            score[i * w + j] = diag.max(score[(i - 1) * w + j]).max(score[i * w + (j - 1)]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (m, k);
    while i > 0 && j > 0 {
        let l = like[(i - 1) * k + (j - 1)];
        if l >= PAIR_LIKENESS && score[i * w + j] == score[(i - 1) * w + (j - 1)] + l {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if score[i * w + j] == score[(i - 1) * w + j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Deleted and inserted lines that are the same line moved: identical text
/// first, then the most alike above [`MOVE_LIKENESS`]. Gaps never move.
fn find_moves<'a>(
    o: &Version<'a>,
    n: &Version<'a>,
    plan: &[Planned],
    lex: &mut Lexicon<'a>,
) -> HashMap<Side, usize> {
    let deleted: Vec<usize> = plan
        .iter()
        .filter_map(|p| match p {
            Planned::Deleted(i) if !o.slots[*i].gap && o.slots[*i].alinea.is_some() => Some(*i),
            _ => None,
        })
        .collect();
    let inserted: Vec<usize> = plan
        .iter()
        .filter_map(|p| match p {
            Planned::Inserted(j) if !n.slots[*j].gap && n.slots[*j].alinea.is_some() => Some(*j),
            _ => None,
        })
        .collect();
    let mut moves = HashMap::new();
    if deleted.is_empty() || inserted.is_empty() {
        return moves;
    }
    let mut free: HashMap<&str, Vec<usize>> = HashMap::new();
    for &j in inserted.iter().rev() {
        free.entry(n.texts[j]).or_default().push(j);
    }
    let mut left_old = Vec::new();
    for &i in &deleted {
        match free.get_mut(o.texts[i]).and_then(Vec::pop) {
            Some(j) => {
                moves.insert(Side::Old(i), j);
                moves.insert(Side::New(j), i);
            }
            None => left_old.push(i),
        }
    }
    let left_new: Vec<usize> = inserted
        .iter()
        .copied()
        .filter(|j| !moves.contains_key(&Side::New(*j)))
        .collect();
    if left_old.len() * left_new.len() > MAX_PAIRING_CELLS {
        return moves;
    }
    let new_bags: Vec<Vec<u32>> = left_new
        .iter()
        .map(|&j| lex.bag(true, j, n.texts[j]))
        .collect();
    let mut taken = vec![false; left_new.len()];
    for i in left_old {
        let bag = lex.bag(false, i, o.texts[i]);
        let best = new_bags
            .iter()
            .enumerate()
            .filter(|(x, _)| !taken[*x])
            .map(|(x, b)| (x, likeness(&bag, b)))
            .filter(|&(_, l)| l >= MOVE_LIKENESS)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((x, _)) = best {
            taken[x] = true;
            moves.insert(Side::Old(i), left_new[x]);
            moves.insert(Side::New(left_new[x]), i);
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;

    fn art(lines: &[&str]) -> Article {
        Article {
            id: "a".into(),
            number: "1".into(),
            lines: lines
                .iter()
                .map(|l| Line::Alinea((*l).to_owned()))
                .collect(),
        }
    }

    fn kinds(d: &ArticleDiff) -> Vec<EntryKind> {
        d.entries.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn identical_articles_are_unchanged() {
        let a = art(&["Un.", "Deux."]);
        let d = diff_articles(Some(&a), Some(&a), &Options::default());
        assert_eq!(d.status, Status::Unchanged);
        assert!(d.entries.iter().all(|e| !e.is_change()));
    }

    #[test]
    fn edited_alinea_is_paired_and_word_diffed() {
        let a = art(&["Le maire est élu.", "Il siège au conseil municipal."]);
        let b = art(&["Le maire est désigné.", "Il siège au conseil municipal."]);
        let d = diff_articles(Some(&a), Some(&b), &Options::default());
        assert_eq!(kinds(&d), [EntryKind::Changed, EntryKind::Same]);
        let spans: Vec<(SpanKind, &str)> = d.entries[0]
            .spans
            .iter()
            .map(|s| (s.kind, s.text.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                (SpanKind::Equal, "Le maire est "),
                (SpanKind::Delete, "élu"),
                (SpanKind::Insert, "désigné"),
                (SpanKind::Equal, ".")
            ]
        );
    }

    #[test]
    fn unrelated_alineas_are_deleted_and_inserted() {
        let a = art(&["Le maire est élu.", "Alpha bêta gamma."]);
        let b = art(&["Le maire est élu.", "Sans rapport aucun."]);
        let d = diff_articles(Some(&a), Some(&b), &Options::default());
        assert_eq!(kinds(&d), [EntryKind::Same, EntryKind::Changed]);
        let c = art(&["Le maire est élu.", "Alpha bêta gamma.", "Delta."]);
        let e = art(&[
            "Le maire est élu.",
            "Sans rapport aucun.",
            "Autre chose ici.",
        ]);
        let d = diff_articles(Some(&c), Some(&e), &Options::default());
        assert_eq!(
            kinds(&d),
            [
                EntryKind::Same,
                EntryKind::Deleted,
                EntryKind::Deleted,
                EntryKind::Inserted,
                EntryKind::Inserted
            ]
        );
    }

    #[test]
    fn moved_alinea_is_a_move() {
        let a = art(&[
            "Premier alinéa.",
            "Deuxième alinéa.",
            "Troisième alinéa ici.",
        ]);
        let b = art(&[
            "Troisième alinéa ici.",
            "Premier alinéa.",
            "Deuxième alinéa.",
        ]);
        let d = diff_articles(Some(&a), Some(&b), &Options::default());
        assert_eq!(
            kinds(&d),
            [
                EntryKind::MovedTo,
                EntryKind::Same,
                EntryKind::Same,
                EntryKind::MovedFrom
            ]
        );
        assert_eq!(d.entries[0].old.unwrap().alinea, Some(3));
        assert_eq!(d.entries[0].new.unwrap().alinea, Some(1));
    }

    #[test]
    fn struck_and_restored() {
        let a = art(&["Un.", "Deux."]);
        let s = Article::deleted("a", "1");
        let d = diff_articles(Some(&a), Some(&s), &Options::default());
        assert_eq!(d.status, Status::Struck);
        assert_eq!(
            kinds(&d),
            [EntryKind::Deleted, EntryKind::Deleted, EntryKind::Inserted]
        );
        assert_eq!(d.entries[2].new.unwrap().alinea, None);
        let r = diff_articles(Some(&s), Some(&a), &Options::default());
        assert_eq!(r.status, Status::Restored);
        assert_eq!(
            kinds(&r),
            [EntryKind::Deleted, EntryKind::Inserted, EntryKind::Inserted]
        );
    }

    #[test]
    fn renumbered_articles_are_matched_by_id() {
        let mut old = Text::default();
        let mut new = Text::default();
        let mut a = art(&["Texte."]);
        a.id = "x".into();
        old.items.push(Item::Article(a.clone()));
        a.number = "2".into();
        new.items.push(Item::Article(a));
        let d = diff_texts(&old, &new, &Options::default());
        assert_eq!(d.articles.len(), 1);
        assert_eq!(d.articles[0].status, Status::Renumbered);
    }

    #[test]
    fn store_lines_give_back_both_versions() {
        let a = art(&["A b c.", "Deux.", "Trois mots ici.", "Quatre."]);
        let b = art(&["Trois mots ici.", "A b d.", "Cinq.", "Quatre."]);
        let d = diff_articles(Some(&a), Some(&b), &Options::default());
        let (o, n) = d.store_lines();
        let old: Vec<String> = a.lines.iter().map(Line::to_store_line).collect();
        let new: Vec<String> = b.lines.iter().map(Line::to_store_line).collect();
        assert_eq!((o, n), (old, new));
    }
}
