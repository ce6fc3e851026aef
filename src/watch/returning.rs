//! Returning provisions: a text struck (an article's last text, struck
//! alinéas) or proposed and turned down (a rejected or withdrawn amendment's
//! new text) that is proposed again later, anywhere in the store.
//!
//! Two signals. The structural one: an amendment that restores an article
//! struck in the text it was tabled on ("Rétablir cet article…", as 640
//! restores 8 ter), its source found by the article's stable id. The textual
//! one ([`crate::watch::similar`]): every later proposal (an amendment's new
//! text, an article a stage creates or restores) is looked up by its words
//! in an LSH index of every earlier struck or turned-down text, in every
//! bill; it never looks at article numbers or ids.

use std::collections::HashSet;

use crate::diff::{self, EntryKind};
use crate::i18n::{Lang, Noun, capital};
use crate::model::{Article, Line, Outcome};
use crate::watch::derive::{BillView, block_label};
use crate::watch::event::{
    ArticleRef, Event, ExcerptLine, Kind, Piece, Returning, SourceRef, page,
};
use crate::watch::similar::{self, Corpus, Doc, Index};

/// Something earlier a later text may resemble.
#[derive(Clone, Debug)]
pub struct Provision {
    /// Its alinéas.
    pub lines: Vec<String>,
    /// Where it comes from.
    pub source: SourceRef,
    /// The event that struck or turned it down (its id).
    pub event: String,
    /// Order: the epoch seconds, then the position among its bill's events.
    order: (i64, usize),
}

/// A later text that may be a provision coming back.
struct Proposal<'e> {
    event: &'e Event,
    order: (i64, usize),
    lines: Vec<String>,
}

/// The earlier provisions a bill's events make: struck articles, struck
/// alinéas, and the new text of rejected or withdrawn amendments.
pub fn provisions(events: &[Event]) -> Vec<Provision> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, e) in events.iter().enumerate() {
        let order = (e.when.epoch_seconds(), i);
        let amendments: Vec<String> = e.amendments.iter().map(|a| a.number.clone()).collect();
        let (kind, lines) = match (e.kind, e.outcome) {
            (Kind::Struck, _) => ("struck-article", e.removed.clone()),
            (Kind::Decided, Some(Outcome::Rejected)) => ("rejected-amendment", e.proposed.clone()),
            (Kind::Decided, Some(Outcome::Withdrawn)) => {
                ("withdrawn-amendment", e.proposed.clone())
            }
            (Kind::Decided | Kind::Restored | Kind::Created | Kind::Stage, _)
                if !e.struck.is_empty() =>
            {
                ("struck-alineas", e.struck.clone())
            }
            _ => continue,
        };
        if lines.is_empty() {
            continue;
        }
        // The same text struck twice (by an amendment, then seen again in
        // the stage's text) is one provision: the first.
        if !seen.insert(lines.join("\n")) {
            continue;
        }
        let page = match &e.article {
            Some(a) if e.amendments.is_empty() => page::article(&e.bill, &a.id),
            _ => e.page.clone(),
        };
        out.push(Provision {
            lines,
            source: SourceRef {
                kind,
                bill: e.bill.clone(),
                stage: e.stage.clone(),
                article: e.article.clone(),
                amendments,
                when: e.when,
                page,
            },
            event: e.id.clone(),
            order,
        });
    }
    out
}

/// A later text that may bring a provision back: an amendment's new text
/// when tabled, an article a stage's text creates or restores.
pub fn is_proposal(e: &Event) -> bool {
    !e.proposed.is_empty()
        && match e.kind {
            Kind::Tabled => true,
            Kind::Created | Kind::Restored => e.amendments.is_empty(),
            _ => false,
        }
}

/// The returning-provision events of the bills in `views` (each with its
/// events, oldest first), looking for sources in all of them. Events are
/// made only for bills `report` accepts.
pub fn returning_events(
    views: &[(&BillView, &[Event])],
    report: &dyn Fn(&str) -> bool,
) -> Vec<Event> {
    let all: Vec<Provision> = views.iter().flat_map(|(_, e)| provisions(e)).collect();
    // The words' rarity: over every text that can be compared.
    let mut corpus = Corpus::default();
    for p in &all {
        corpus.add(&p.lines.join("\n"));
    }
    for (_, events) in views {
        for e in events.iter().filter(|e| is_proposal(e)) {
            corpus.add(&e.proposed.join("\n"));
        }
    }
    let mut index = Index::new(corpus);
    // The provisions behind each distinct text of the index.
    let mut owners: Vec<Vec<usize>> = Vec::new();
    for (n, p) in all.iter().enumerate() {
        if let Some(id) = index.insert(&p.lines.join("\n")) {
            if id == owners.len() {
                owners.push(Vec::new());
            }
            owners[id].push(n);
        }
    }
    let mut out = Vec::new();
    for (view, events) in views {
        if !report(view.slug()) {
            continue;
        }
        let proposals: Vec<Proposal> = events
            .iter()
            .enumerate()
            .filter(|(_, e)| is_proposal(e))
            .map(|(i, e)| Proposal {
                event: e,
                order: (e.when.epoch_seconds(), i),
                lines: e.proposed.clone(),
            })
            .filter(|p| !p.lines.is_empty())
            .collect();
        for p in proposals {
            let e = p.event;
            let before = |src: &Provision| {
                if src.source.bill == e.bill {
                    src.order < p.order
                } else {
                    src.order.0 < p.order.0
                }
            };
            let own = |src: &Provision| {
                src.source.bill == e.bill
                    && src.source.stage == e.stage
                    && e.amendments
                        .iter()
                        .any(|a| src.source.amendments.contains(&a.number))
            };
            // Structural: restoring a struck article; its source by id.
            let structural = if e.kind == Kind::Tabled && e.restores {
                let id = e.article.as_ref().map(|a| a.id.as_str());
                all.iter()
                    .filter(|s| {
                        s.source.kind == "struck-article"
                            && s.source.bill == e.bill
                            && s.source.article.as_ref().map(|a| a.id.as_str()) == id
                            && before(s)
                    })
                    .max_by_key(|s| s.order)
            } else {
                None
            };
            let text = p.lines.join("\n");
            let textual = index
                .query(&text)
                .into_iter()
                .flat_map(|(i, score)| {
                    let all = &all;
                    owners[i].iter().map(move |&n| (&all[n], score))
                })
                .find(|(s, _)| before(s) && !own(s));
            let (source, signal, similarity) = match (structural, textual) {
                (Some(s), Some((t, score))) if t.event == s.event => {
                    (s, "structural+textual", Some(score))
                }
                (Some(s), _) => {
                    let score = similar::score(
                        &Doc::new(index.corpus(), &text),
                        &Doc::new(index.corpus(), &s.lines.join("\n")),
                    );
                    (s, "structural", Some(score))
                }
                (None, Some((t, score))) => (t, "textual", Some(score)),
                (None, None) => continue,
            };
            out.push(event(e, source, signal, similarity, &p.lines));
        }
    }
    out
}

fn event(
    e: &Event,
    source: &Provision,
    signal: &str,
    similarity: Option<f64>,
    lines: &[String],
) -> Event {
    let s = &source.source;
    let lang = e.lang;
    let fr = lang == Lang::Fr;
    let art = |a: Option<&ArticleRef>| lang.article(a.map_or("?", |a| a.number.as_str()));
    let by = if s.amendments.is_empty() {
        String::new()
    } else {
        format!(" {} {}", lang.pick("by", "par"), s.amendments.join(", "))
    };
    let what = match (s.kind, fr) {
        ("struck-article", false) => format!("{} struck{by}", art(s.article.as_ref())),
        ("struck-article", true) => format!("l’{} supprimé{by}", art(s.article.as_ref())),
        ("struck-alineas", false) => format!("alinéas struck from {}", art(s.article.as_ref())),
        ("struck-alineas", true) => {
            format!("des alinéas supprimés de l’{}", art(s.article.as_ref()))
        }
        ("rejected-amendment", false) => format!("rejected amendment {}", s.amendments.join(", ")),
        ("rejected-amendment", true) => {
            format!("l’amendement rejeté {}", s.amendments.join(", "))
        }
        (_, false) => format!("withdrawn amendment {}", s.amendments.join(", ")),
        (_, true) => format!("l’amendement retiré {}", s.amendments.join(", ")),
    };
    let place = if s.bill == e.bill {
        format!("{}, {}", s.stage, crate::i18n::date_time(lang, &s.when))
    } else {
        format!(
            "{} {}, {}, {}",
            lang.pick("bill", "texte"),
            s.bill,
            s.stage,
            crate::i18n::date_time(lang, &s.when)
        )
    };
    let n = e.amendments.len();
    let who = if e.amendments.is_empty() {
        format!(
            "{} {} {}",
            capital(&art(e.article.as_ref())),
            lang.pick("of", "de"),
            e.stage
        )
    } else {
        format!(
            "{} {}",
            capital(lang.noun(n, Noun::Amendment)),
            block_label(&e.amendments)
        )
    };
    let structural = signal.starts_with("structural");
    let verb = match (lang, structural, e.amendments.is_empty(), n > 1) {
        (Lang::En, true, true, _) => "restores",
        (Lang::En, false, true, _) => "brings back",
        (Lang::En, true, false, false) => "proposes to restore",
        (Lang::En, true, false, true) => "propose to restore",
        (Lang::En, false, false, false) => "proposes to bring back",
        (Lang::En, false, false, true) => "propose to bring back",
        (Lang::Fr, true, true, _) => "rétablit",
        (Lang::Fr, false, true, _) => "reprend",
        (Lang::Fr, true, false, false) => "propose de rétablir",
        (Lang::Fr, true, false, true) => "proposent de rétablir",
        (Lang::Fr, false, false, false) => "propose de reprendre",
        (Lang::Fr, false, false, true) => "proposent de reprendre",
    };
    let similar = similarity.map_or(String::new(), |x| {
        format!(
            ", {} {}",
            lang.pick("similarity", "similarité"),
            lang.decimal(x)
        )
    });
    let title = format!("{who} {verb} {what} ({place}){similar}");
    let base_id = e.id.strip_suffix("/tabled").unwrap_or(&e.id);
    let base_id = base_id
        .strip_suffix(&format!("/{}", e.kind.as_str()))
        .unwrap_or(base_id);
    Event {
        id: format!("{base_id}/returning"),
        kind: Kind::Returning,
        title,
        returning: Some(Returning {
            signal: signal.to_owned(),
            similarity: similarity.map(|x| (x * 100.0).round() / 100.0),
            source: s.clone(),
            diff: diff_lines(&source.lines, lines),
        }),
        ..e.clone()
    }
}

/// The diff from an earlier text to a later one, line by line.
pub fn diff_lines(old: &[String], new: &[String]) -> Vec<ExcerptLine> {
    let art = |lines: &[String]| Article {
        id: "x".into(),
        number: "x".into(),
        lines: lines.iter().map(|l| Line::Alinea(l.clone())).collect(),
    };
    let d = diff::diff_articles(Some(&art(old)), Some(&art(new)), &diff::Options::default());
    let mut out = Vec::new();
    let line = |change: &'static str, text: String| ExcerptLine {
        change,
        pieces: vec![Piece {
            text,
            matched: false,
        }],
    };
    for e in &d.entries {
        match e.kind {
            EntryKind::Same => out.push(line("context", e.old_text())),
            EntryKind::Deleted | EntryKind::MovedFrom => out.push(line("removed", e.old_text())),
            EntryKind::Inserted => out.push(line("added", e.new_text())),
            EntryKind::Changed | EntryKind::MovedTo => {
                out.push(line("removed", e.old_text()));
                out.push(line("added", e.new_text()));
            }
        }
    }
    out
}
