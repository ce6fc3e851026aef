//! One function per kind of page: it asks the query layer, arranges the
//! answers with [`view`], and renders the page's template, its JSON twin
//! and its feed. Each page is rendered alone from the bill loaded once, so
//! a page can be rebuilt by itself.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::diff::{self, Status};
use crate::i18n::capital;
use crate::i18n::{self, Lang};
use crate::model::{Article, Line, Outcome, Position, Stance};
use crate::query::story::{Action, StoryEvent};
use crate::query::{ArticleHistory, BillQuery};
use crate::render::{Format, to_json};
use crate::site::feed;
use crate::site::urls::{self, SitePath};
use crate::site::view::{self, Card, DiffView, Link, VoteView};
use crate::site::{BillSite, File, Page, Site, SiteError};
use crate::store::Store;

/// What every page's template gets.
#[derive(Serialize)]
struct Ctx<T: Serialize> {
    lang: &'static str,
    /// The language of the bill's own words when it is not the labels'.
    text_lang: Option<String>,
    t: BTreeMap<&'static str, &'static str>,
    root: String,
    title: String,
    crumbs: Vec<Link>,
    feed: Option<String>,
    json: Option<String>,
    page: T,
}

struct Frame<'a> {
    path: SitePath,
    lang: Lang,
    text_lang: Option<String>,
    title: String,
    crumbs: Vec<Link>,
    feed: Option<SitePath>,
    json: Option<SitePath>,
    site: &'a Site,
}

impl Frame<'_> {
    fn render<T: Serialize>(self, template: &str, page: T) -> Result<File, SiteError> {
        let rel = |p: &Option<SitePath>| p.as_ref().map(|p| self.path.relative_to(p));
        let ctx = Ctx {
            lang: self.lang.code(),
            text_lang: self.text_lang,
            t: self.lang.messages(),
            root: self.path.root(),
            title: self.title.clone(),
            crumbs: self.crumbs,
            feed: rel(&self.feed),
            json: rel(&self.json),
            page,
        };
        let html = self.site.theme.render(template, &ctx)?;
        Ok((self.path, html.into_bytes()))
    }
}

/// The language of a bill's own words (its title, texts, instructions),
/// when it is not the language of the labels around them (an Italian bill
/// under English labels): the pages mark those words with it, so that a
/// screen reader speaks Italian as Italian, and the labels stay the page's.
fn text_lang(b: &BillSite) -> Option<String> {
    let code = b.bill.language.trim();
    let primary = crate::i18n::primary_subtag(code);
    (!primary.is_empty() && primary != "unknown" && !primary.eq_ignore_ascii_case(b.lang.code()))
        .then(|| code.to_owned())
}

fn crumb(from: &SitePath, label: &str, to: Option<&SitePath>) -> Link {
    Link {
        label: label.to_owned(),
        url: to.map(|t| from.relative_to(t)),
    }
}

fn bill_crumbs(b: &BillSite, from: &SitePath) -> Vec<Link> {
    vec![
        crumb(from, b.lang.tr("home"), Some(&urls::index())),
        crumb(from, short_title(b), Some(&urls::bill(b.slug()))),
    ]
}

fn short_title(b: &BillSite) -> &str {
    b.bill.short_title.as_deref().unwrap_or(&b.bill.title)
}

/// Renders one page with its JSON and feed.
pub fn render(site: &Site, store: &Store, page: &Page) -> Result<Vec<File>, SiteError> {
    match page {
        Page::Index => index(site),
        Page::Search => search(site),
        Page::Bill(b) => bill(site, &site.bills[*b]),
        Page::Unknown(b) => unknown(site, &site.bills[*b]),
        Page::StageAmendments(b, s) => stage_amendments(site, &site.bills[*b], *s),
        Page::Article(b, id) => article(site, store, &site.bills[*b], id),
        Page::Amendment(b, stage, number) => amendment(site, store, &site.bills[*b], stage, number),
        Page::Ballot(b, n) => ballot(site, &site.bills[*b], n),
    }
}

fn json_file(path: SitePath, value: &impl Serialize) -> File {
    (path, harden_json(&to_json(value)))
}

/// JSON with `<`, `>`, `&` and `'` written as `\u003c`, `\u003e`, `\u0026`,
/// `\u0027`:
/// the same JSON (those characters can only stand inside strings), which
/// stays inert even if a host serves it as HTML.
pub fn harden_json(json: &str) -> Vec<u8> {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            c => out.push(c),
        }
    }
    out.into_bytes()
}

// ---------------------------------------------------------------- index

#[derive(Serialize)]
struct IndexPage {
    bills: Vec<BillSummary>,
}

#[derive(Serialize)]
struct BillSummary {
    url: String,
    lang: &'static str,
    title: String,
    short_title: Option<String>,
    dates: String,
    current_stage: String,
    amendments: String,
    articles: String,
    stages: String,
}

/// The interface language of pages about several bills: theirs when they
/// all share one, else English.
fn common_lang(site: &Site) -> Lang {
    let mut langs = site.bills.iter().map(|b| b.lang);
    match langs.next() {
        Some(first) if langs.all(|l| l == first) => first,
        _ => Lang::En,
    }
}

fn search(site: &Site) -> Result<Vec<File>, SiteError> {
    let lang = common_lang(site);
    let path = urls::search();
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: None,
        title: lang.tr("search").to_owned(),
        crumbs: vec![
            crumb(&path, lang.tr("home"), Some(&urls::index())),
            crumb(&path, lang.tr("search"), None),
        ],
        feed: None,
        json: None,
        site,
    };
    let page = SearchPage {
        merge: site
            .search_shards
            .iter()
            .map(|k| format!("{}/{k}/", crate::search::DIR))
            .collect::<Vec<_>>()
            .join(" "),
    };
    Ok(vec![frame.render("search.html", page)?])
}

/// The search page: the shards of the index, besides the first, that it
/// merges (paths from the site's root, space-separated).
#[derive(Serialize)]
struct SearchPage {
    merge: String,
}

fn index(site: &Site) -> Result<Vec<File>, SiteError> {
    let lang = common_lang(site);
    let path = urls::index();
    let bills = site
        .bills
        .iter()
        .map(|b| {
            let stages = &b.bill.stages;
            let dates = match (stages.first(), stages.last()) {
                (Some(f), Some(l)) if f.date != l.date => format!(
                    "{} – {}",
                    i18n::date(b.lang, &f.date),
                    i18n::date(b.lang, &l.date)
                ),
                (Some(f), _) => i18n::date(b.lang, &f.date),
                _ => String::new(),
            };
            BillSummary {
                url: path.relative_to(&urls::bill(b.slug())),
                lang: b.lang.code(),
                title: b.bill.title.clone(),
                short_title: b.bill.short_title.clone(),
                dates,
                current_stage: stages.last().map(|s| s.label.clone()).unwrap_or_default(),
                amendments: i18n::count(b.lang, b.amendments().len() as i64, "amendment"),
                articles: i18n::count(b.lang, b.articles.len() as i64, "article"),
                stages: i18n::count(b.lang, stages.len() as i64, "stage"),
            }
        })
        .collect();
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: None,
        title: lang.tr("bills").to_owned(),
        crumbs: vec![crumb(&path, lang.tr("home"), None)],
        feed: None,
        json: Some(urls::index_json()),
        site,
    };
    let json: Vec<serde_json::Value> = site
        .bills
        .iter()
        .map(|b| {
            serde_json::json!({
                "slug": b.bill.slug,
                "title": b.bill.title,
                "short_title": b.bill.short_title,
                "language": b.bill.language,
                "stages": b.bill.stages.len(),
                "amendments": b.amendments().len(),
                "page": urls::bill(b.slug()).url(),
                "json": urls::bill(b.slug()).with_extension("json").url(),
                "feed": urls::bill_feed(b.slug()).url(),
            })
        })
        .collect();
    Ok(vec![
        frame.render("index.html", IndexPage { bills })?,
        json_file(urls::index_json(), &serde_json::json!({ "bills": json })),
    ])
}

// ---------------------------------------------------------------- bill

#[derive(Serialize)]
struct StageView {
    id: String,
    anchor: String,
    label: String,
    chamber: String,
    kind: String,
    date: String,
    number: Option<String>,
    text: String,
    partial: bool,
    note: Option<String>,
    amendments: Option<Link>,
    source: Option<Link>,
}

#[derive(Serialize)]
struct CountsView {
    outcomes: Vec<String>,
    rows: Vec<CountRow>,
    total: Vec<String>,
}

#[derive(Serialize)]
struct CountRow {
    stage: String,
    group: String,
    group_name: Option<String>,
    cells: Vec<(String, usize)>,
    total: (String, usize),
}

#[derive(Serialize)]
struct GridView {
    stages: Vec<GridHead>,
    rows: Vec<GridRow>,
    legend: Vec<GridCell>,
}

#[derive(Serialize)]
struct GridHead {
    label: String,
    short: String,
}

#[derive(Serialize)]
struct GridRow {
    number: String,
    url: String,
    cells: Vec<GridCell>,
}

#[derive(Serialize, Clone)]
struct GridCell {
    class: &'static str,
    symbol: String,
    label: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct BallotRow {
    number: String,
    url: String,
    date: String,
    amendments: Vec<Link>,
    /// What was put to the vote, as the chamber words it.
    question: Option<String>,
    vote: VoteView,
}

#[derive(Serialize)]
struct BillPage {
    title: String,
    /// A short list of the articles, when there are few, to reach one
    /// without scrolling to the grid.
    articles: Vec<Link>,
    short_title: Option<String>,
    summary: String,
    notes: Vec<String>,
    links: Vec<Link>,
    stages: Vec<StageView>,
    counts: CountsView,
    grid: GridView,
    ballots: Vec<BallotRow>,
    unknown: String,
}

/// The state of each article at each stage, from the diff of consecutive
/// texts: (status class, symbol, words).
fn grid_cell(
    lang: Lang,
    b: &BillSite,
    i: usize,
    id: &str,
    d: Option<&diff::ArticleDiff>,
) -> GridCell {
    let here = b.texts()[i].article(id);
    let (class, symbol, key) = match (i, here, d.map(|d| d.status)) {
        (_, None, _) if b.texts()[i].is_partial() => ("unknown", "?".to_owned(), "legend_unknown"),
        (_, None, _) => ("absent", String::new(), "legend_absent"),
        (_, Some(a), _)
            if a.is_deleted() && (i == 0 || d.is_some_and(|d| d.status != Status::Unchanged)) =>
        {
            ("struck", "×".to_owned(), "legend_struck")
        }
        (_, Some(a), _) if a.is_deleted() => ("deleted", "×".to_owned(), "legend_struck"),
        (0, Some(_), _) => ("present", "•".to_owned(), "legend_present"),
        (_, Some(_), Some(Status::Added)) => ("created", "+".to_owned(), "legend_created"),
        (_, Some(_), Some(Status::Restored)) => ("restored", "↺".to_owned(), "legend_restored"),
        (_, Some(_), Some(Status::Renumbered)) => {
            ("renumbered", "#".to_owned(), "legend_renumbered")
        }
        (_, Some(_), Some(Status::Changed)) => {
            let n = d.map_or(0, |d| d.entries.iter().filter(|e| e.is_change()).count());
            ("changed", format!("~{n}"), "legend_changed")
        }
        (_, Some(_), Some(Status::Unknown)) => ("unknown", "?".to_owned(), "legend_unknown"),
        (_, Some(_), _) => ("unchanged", "=".to_owned(), "legend_unchanged"),
    };
    let mut label = lang.tr(key).to_owned();
    if class == "changed" {
        let n = d.map_or(0, |d| d.entries.iter().filter(|e| e.is_change()).count());
        label = format!("{label} ({})", i18n::count(lang, n as i64, "alinea"));
    }
    GridCell {
        class,
        symbol,
        label,
        url: None,
    }
}

fn bill(site: &Site, b: &BillSite) -> Result<Vec<File>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let path = urls::bill(slug);
    let stages: Vec<StageView> = b
        .bill
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = b
                .amendments()
                .iter()
                .filter(|a| a.amendment.stage == s.id)
                .count();
            StageView {
                id: s.id.clone(),
                anchor: urls::stage_anchor(&s.id),
                label: s.label.clone(),
                chamber: s.chamber.clone(),
                kind: lang.stage_kind(s.kind).to_owned(),
                date: i18n::date(lang, &s.date),
                number: lang
                    .stage_text_number(&s.label, s.number.as_deref())
                    .map(|n| i18n::unbroken(&n)),
                text: lang
                    .tr(if b.official[i] { "official" } else { "derived" })
                    .to_owned(),
                partial: b.texts()[i].is_partial(),
                note: lang.stage_note(s),
                amendments: (n > 0).then(|| Link {
                    label: i18n::count(lang, n as i64, "amendment"),
                    url: Some(path.relative_to(&urls::stage_amendments(slug, &s.id))),
                }),
                source: s.source.as_deref().map(view::source_link),
            }
        })
        .collect();

    // Amendments by stage × group × outcome.
    let outcomes: Vec<Outcome> = {
        let set: BTreeSet<Outcome> = b.amendments().iter().map(|a| a.amendment.outcome).collect();
        set.into_iter().collect()
    };
    let mut table: BTreeMap<(usize, String), BTreeMap<Outcome, usize>> = BTreeMap::new();
    for a in b.amendments() {
        let si = b.bill.stage_index(&a.amendment.stage).unwrap_or(0);
        let g = a.amendment.group.clone().unwrap_or_else(|| "—".to_owned());
        *table
            .entry((si, g))
            .or_default()
            .entry(a.amendment.outcome)
            .or_default() += 1;
    }
    let num = |n: usize| (i18n::number(lang, n as i64), n);
    let rows = table
        .iter()
        .map(|((si, g), counts)| CountRow {
            stage: b.bill.stages[*si].label.clone(),
            group: lang.group(&b.bill, g),
            group_name: lang.group_name(&b.bill, g).map(str::to_owned),
            cells: outcomes
                .iter()
                .map(|o| num(counts.get(o).copied().unwrap_or(0)))
                .collect(),
            total: num(counts.values().sum()),
        })
        .collect();
    let total = outcomes
        .iter()
        .map(|o| {
            i18n::number(
                lang,
                b.amendments()
                    .iter()
                    .filter(|a| a.amendment.outcome == *o)
                    .count() as i64,
            )
        })
        .chain([i18n::number(lang, b.amendments().len() as i64)])
        .collect();
    let counts = CountsView {
        outcomes: outcomes.iter().map(|o| capital(lang.outcome(*o))).collect(),
        rows,
        total,
    };

    // Articles × stages.
    let options = diff_options(b);
    let diffs: Vec<BTreeMap<String, diff::ArticleDiff>> = (0..b.texts().len())
        .map(|i| {
            if i == 0 {
                return BTreeMap::new();
            }
            diff::diff_texts(&b.texts()[i - 1], &b.texts()[i], &options)
                .articles
                .into_iter()
                .map(|d| (d.id.clone(), d))
                .collect()
        })
        .collect();
    let grid_rows = b
        .articles
        .iter()
        .map(|id| {
            let url = path.relative_to(&urls::article(slug, id));
            let number = b
                .texts()
                .iter()
                .rev()
                .find_map(|t| t.article(id))
                .map_or_else(|| id.clone(), |a| article_label(lang, &a.number));
            let cells = (0..b.texts().len())
                .map(|i| {
                    let mut c = grid_cell(lang, b, i, id, diffs[i].get(id));
                    if b.texts()[i].article(id).is_some() {
                        c.url = Some(format!(
                            "{url}#{}",
                            urls::stage_anchor(&b.bill.stages[i].id)
                        ));
                    }
                    c
                })
                .collect();
            GridRow { number, url, cells }
        })
        .collect();
    let legend = [
        ("present", "•", "legend_present"),
        ("created", "+", "legend_created"),
        ("changed", "~n", "legend_changed"),
        ("unchanged", "=", "legend_unchanged"),
        ("struck", "×", "legend_struck"),
        ("restored", "↺", "legend_restored"),
        ("renumbered", "#", "legend_renumbered"),
        ("unknown", "?", "legend_unknown"),
    ]
    .into_iter()
    .map(|(class, symbol, key)| GridCell {
        class,
        symbol: symbol.to_owned(),
        label: lang.tr(key).to_owned(),
        url: None,
    })
    .collect();
    let grid = GridView {
        stages: b
            .bill
            .stages
            .iter()
            .map(|s| GridHead {
                label: s.label.clone(),
                short: s.label.clone(),
            })
            .collect(),
        rows: grid_rows,
        legend,
    };
    let ballots = b
        .ballots
        .iter()
        .map(|v| {
            let n = &v.vote.ballot;
            BallotRow {
                number: n.clone(),
                url: path.relative_to(&urls::ballot(slug, n)),
                date: i18n::date(lang, &v.vote.date),
                amendments: v
                    .amendments
                    .iter()
                    .map(|a| Link {
                        label: a.clone(),
                        url: Some(path.relative_to(&urls::amendment(slug, &v.stage, a))),
                    })
                    .collect(),
                question: v.vote.question.as_deref().map(capital),
                vote: view::vote_view(lang, &b.bill, &v.vote, &path),
            }
        })
        .collect();
    let summary = format!(
        "{}, {}, {}",
        i18n::count(lang, b.bill.stages.len() as i64, "stage"),
        i18n::count(lang, b.amendments().len() as i64, "amendment"),
        i18n::count(lang, b.ballots.len() as i64, "ballot"),
    );
    let page = BillPage {
        articles: if b.articles.len() <= 40 {
            b.articles
                .iter()
                .map(|id| Link {
                    label: b
                        .texts()
                        .iter()
                        .rev()
                        .find_map(|t| t.article(id))
                        .map_or_else(|| id.clone(), |a| article_label(lang, &a.number)),
                    url: Some(path.relative_to(&urls::article(slug, id))),
                })
                .collect()
        } else {
            Vec::new()
        },
        title: b.bill.title.clone(),
        short_title: b.bill.short_title.clone(),
        summary,
        notes: b.bill.notes.clone(),
        links: b
            .bill
            .links
            .iter()
            .map(|l| Link {
                label: l.label.clone(),
                url: view::safe_href(&l.url),
            })
            .collect(),
        stages,
        counts,
        grid,
        ballots,
        unknown: path.relative_to(&urls::unknown(slug)),
    };
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: text_lang(b),
        title: short_title(b).to_owned(),
        crumbs: vec![
            crumb(&path, lang.tr("home"), Some(&urls::index())),
            crumb(&path, short_title(b), None),
        ],
        feed: Some(urls::bill_feed(slug)),
        json: Some(path.with_extension("json")),
        site,
    };
    let json = serde_json::json!({
        "bill": &b.bill,
        "stages": b.bill.stages.iter().map(|s| serde_json::json!({
            "stage": s,
            "amendments": b
                .amendments()
                .iter()
                .filter(|a| a.amendment.stage == s.id)
                .map(|a| amendment_summary(b, a))
                .collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "articles": b.articles.iter().map(|id| serde_json::json!({
            "id": id,
            "page": urls::article(slug, id).url(),
            "json": urls::article(slug, id).with_extension("json").url(),
            "feed": urls::article_feed(slug, id).url(),
        })).collect::<Vec<_>>(),
    });
    Ok(vec![
        frame.render("bill.html", page)?,
        json_file(path.with_extension("json"), &json),
        (urls::bill_feed(slug), bill_feed(b)?),
    ])
}

/// An amendment in a JSON list: what identifies it and where its own
/// page and JSON are (the full record is in that JSON).
fn amendment_summary(b: &BillSite, a: &crate::store::read::StoredAmendment) -> serde_json::Value {
    let am = &a.amendment;
    let page = urls::amendment(b.slug(), &am.stage, &am.number);
    serde_json::json!({
        "number": am.number,
        "article": am.article,
        "group": am.group,
        "outcome": am.outcome,
        "decided": am.decided,
        "ballot": am.vote.as_ref().map(|v| &v.ballot),
        "effect": a.effect,
        "page": page.url(),
        "json": page.with_extension("json").url(),
    })
}

fn diff_options(b: &BillSite) -> diff::Options {
    diff::Options {
        language: diff::Language::from_code(&b.bill.language),
        ..diff::Options::default()
    }
}

fn bill_feed(b: &BillSite) -> Result<Vec<u8>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let from = urls::bill_feed(slug);
    let mut items = Vec::new();
    for s in &b.bill.stages {
        items.push(feed::Item {
            id: feed::stage_id(slug, &s.id),
            title: s.label.clone(),
            when: s.date,
            link: from.relative_to(&urls::bill(slug)) + "#" + &urls::stage_anchor(&s.id),
            summary: format!("{} — {}", s.label, i18n::date(lang, &s.date)),
            author: None,
        });
    }
    for a in b.amendments() {
        let am = &a.amendment;
        if am.outcome != Outcome::Adopted && am.vote.is_none() {
            continue;
        }
        items.push(amendment_item(b, a, &from));
    }
    items.extend(b.history.ballots.iter().map(|v| ballot_item(b, v, &from)));
    feed::write(
        feed::feed_id(slug, None),
        b.bill.title.clone(),
        from.relative_to(&from),
        from.relative_to(&urls::bill(slug)),
        lang.code(),
        items,
        200,
    )
}

/// A public ballot that decided no amendment, as a feed entry: titled as a
/// watch event titles it (« Scrutin public n° 1194 sur l'ensemble de la
/// proposition de loi … : 436 pour, 75 contre, 39 abstentions — adopté »),
/// summed up as the log lists it, with its date.
fn ballot_item(b: &BillSite, ballot: &crate::model::Ballot, from: &SitePath) -> feed::Item {
    let v = &ballot.vote;
    let line = crate::render::log::question_line(b.lang, v);
    let on = v
        .question
        .as_deref()
        .map(|q| q.trim().trim_end_matches('.'));
    feed::Item {
        id: feed::ballot_id(b.slug(), &ballot.stage, &v.ballot),
        title: crate::render::log::ballot_title(b.lang, v, on),
        when: v.date,
        link: from.relative_to(&urls::ballot(b.slug(), &v.ballot)),
        summary: line,
        author: None,
    }
}

fn amendment_item(
    b: &BillSite,
    a: &crate::store::read::StoredAmendment,
    from: &SitePath,
) -> feed::Item {
    let lang = b.lang;
    let am = &a.amendment;
    let vote = am
        .vote
        .as_ref()
        .map(|v| {
            format!(
                " — {} {} : {} {}, {} {}",
                lang.tr("ballot_n"),
                v.ballot,
                i18n::number(lang, i64::from(v.yes)),
                lang.stance(Stance::For),
                i18n::number(lang, i64::from(v.against)),
                lang.stance(Stance::Against)
            )
        })
        .unwrap_or_default();
    feed::Item {
        id: feed::amendment_id(&b.bill.slug, &am.stage, &am.number),
        title: format!(
            "{} {} ({}) : {}",
            lang.tr("amendment"),
            am.number,
            am.article,
            lang.outcome(am.outcome)
        ),
        when: am.when(),
        link: from.relative_to(&urls::amendment(&b.bill.slug, &am.stage, &am.number)),
        summary: format!("{}{vote}", view::condensed(&am.instruction, 400)),
        author: am.authors.first().cloned(),
    }
}

// ---------------------------------------------------------------- unknown

#[derive(Serialize)]
struct UnknownPage {
    missing: Vec<Link>,
    partial: Vec<PartialText>,
    effects: Vec<EffectRow>,
    effects_other: Option<String>,
    nothing: bool,
}

#[derive(Serialize)]
struct PartialText {
    stage: String,
    gaps: Vec<String>,
    articles: Vec<Link>,
}

#[derive(Serialize)]
struct EffectRow {
    number: String,
    url: String,
    article: String,
    reason: String,
}

fn unknown(site: &Site, b: &BillSite) -> Result<Vec<File>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let path = urls::unknown(slug);
    let missing: Vec<Link> = b
        .bill
        .stages
        .iter()
        .enumerate()
        .filter(|(i, _)| !b.official[*i])
        .map(|(_, s)| Link {
            label: format!("{} ({})", s.label, lang.tr("derived")),
            url: Some(path.relative_to(&urls::bill(slug)) + "#" + &urls::stage_anchor(&s.id)),
        })
        .collect();
    let partial: Vec<PartialText> = b
        .bill
        .stages
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            b.texts()[*i].is_partial() || b.texts()[*i].articles().any(Article::is_partial)
        })
        .map(|(i, s)| PartialText {
            stage: s.label.clone(),
            gaps: b.texts()[i]
                .items
                .iter()
                .filter_map(|it| match it {
                    crate::model::Item::Gap { note } => Some(note.clone()),
                    _ => None,
                })
                .collect(),
            articles: b.texts()[i]
                .articles()
                .filter(|a| a.is_partial())
                .map(|a| Link {
                    label: format!("{} {}", lang.tr("article"), a.number),
                    url: Some(
                        path.relative_to(&urls::article(slug, &a.id))
                            + "#"
                            + &urls::stage_anchor(&s.id),
                    ),
                })
                .collect(),
        })
        .collect();
    let mut effects = Vec::new();
    let mut other = 0usize;
    for a in b.amendments() {
        if !a.effect_unknown() {
            continue;
        }
        if a.amendment.outcome != Outcome::Adopted {
            other += 1;
            continue;
        }
        effects.push(EffectRow {
            number: a.amendment.number.clone(),
            url: path.relative_to(&urls::amendment(
                slug,
                &a.amendment.stage,
                &a.amendment.number,
            )),
            article: lang.target(&a.amendment.article),
            reason: i18n::effect(lang, a),
        });
    }
    // The amendments not adopted whose effect is not known: a count (each
    // one's page says why), none when there are none.
    let one = lang.is_singular(other as i64);
    let effects_other = (other > 0).then(|| match lang {
        Lang::Fr => format!(
            "{} {} dont l’effet n’a pas pu être calculé non plus : {} le dit.",
            i18n::count(lang, other as i64, "amendment"),
            if one { "non adopté" } else { "non adoptés" },
            if one { "sa page" } else { "leur page" }
        ),
        Lang::En => format!(
            "{} not adopted whose effect could not be derived either: {} says so.",
            i18n::count(lang, other as i64, "amendment"),
            if one { "its page" } else { "each one's page" }
        ),
    });
    let nothing = missing.is_empty() && partial.is_empty() && effects.is_empty() && other == 0;
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: text_lang(b),
        title: format!("{} — {}", lang.tr("unknown_title"), short_title(b)),
        crumbs: {
            let mut c = bill_crumbs(b, &path);
            c.push(crumb(&path, lang.tr("unknown_title"), None));
            c
        },
        feed: None,
        json: None,
        site,
    };
    Ok(vec![frame.render(
        "unknown.html",
        UnknownPage {
            missing,
            partial,
            effects,
            effects_other,
            nothing,
        },
    )?])
}

// ---------------------------------------------------------------- stage amendments

#[derive(Serialize)]
struct StageAmendmentsPage {
    stage: String,
    rows: Vec<AmendmentRow>,
}

#[derive(Serialize)]
struct AmendmentRow {
    number: String,
    sort: String,
    url: String,
    article: String,
    article_url: Option<String>,
    group: String,
    authors: String,
    outcome: &'static str,
    outcome_label: String,
    ballot: Option<Link>,
}

fn stage_amendments(site: &Site, b: &BillSite, si: usize) -> Result<Vec<File>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let stage = &b.bill.stages[si];
    let path = urls::stage_amendments(slug, &stage.id);
    let here: Vec<&crate::store::read::StoredAmendment> = b
        .amendments()
        .iter()
        .filter(|a| a.amendment.stage == stage.id)
        .collect();
    let rows = here
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let am = &a.amendment;
            AmendmentRow {
                number: am.number.clone(),
                sort: format!("{i:06}"),
                url: path.relative_to(&urls::amendment(slug, &am.stage, &am.number)),
                article: lang.target(&am.article),
                article_url: b
                    .article_id_for(si, &am.article.article)
                    .filter(|_| am.article.position == Position::On)
                    .map(|id| path.relative_to(&urls::article(slug, &id))),
                group: am
                    .group
                    .as_ref()
                    .map(|g| lang.group(&b.bill, g))
                    .unwrap_or_default(),
                authors: view::authors_line(lang, &am.authors),
                outcome: view::outcome_class(am.outcome),
                outcome_label: lang.outcome(am.outcome).to_owned(),
                ballot: am.vote.as_ref().map(|v| Link {
                    label: v.ballot.clone(),
                    url: Some(path.relative_to(&urls::ballot(slug, &v.ballot))),
                }),
            }
        })
        .collect();
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: text_lang(b),
        title: format!("{} — {}", lang.tr("amendments"), stage.label),
        crumbs: {
            let mut c = bill_crumbs(b, &path);
            c.push(crumb(&path, &stage.label, None));
            c
        },
        feed: None,
        json: Some(path.with_extension("json")),
        site,
    };
    Ok(vec![
        frame.render(
            "stage.html",
            StageAmendmentsPage {
                stage: stage.label.clone(),
                rows,
            },
        )?,
        json_file(
            path.with_extension("json"),
            &serde_json::json!({
                "bill": slug,
                "stage": stage,
                "amendments": here.iter().map(|a| amendment_summary(b, a)).collect::<Vec<_>>(),
            }),
        ),
    ])
}

// ---------------------------------------------------------------- article

#[derive(Serialize)]
struct StoryLine {
    stage: String,
    parts: Vec<Link>,
}

#[derive(Serialize)]
struct AlineaView {
    id: String,
    num: String,
    text: String,
    gap: bool,
}

#[derive(Serialize)]
struct ArticleAtStage {
    label: String,
    anchor: String,
    date: String,
    number: Option<String>,
    /// The article as this stage's text designates it, normalised
    /// ([`Lang::article`]), when it has a number there.
    designation: Option<String>,
    state: &'static str,
    state_label: String,
    partial: bool,
    alineas: Vec<AlineaView>,
}

#[derive(Serialize)]
struct StageAmendments {
    stage: String,
    cards: Vec<Card>,
    /// The public ballots of the stage on the article itself.
    ballots: Vec<Link>,
}

#[derive(Serialize)]
struct BlameLineView {
    id: String,
    num: String,
    text: String,
    gap: bool,
    origin: Link,
    date: String,
}

#[derive(Serialize)]
struct ArticlePage {
    number: String,
    /// « Article 8 ter », « Article additionnel après l’article 10
    /// (amendement n° I-3668) »: the number as a designation, capitalised.
    heading: String,
    designations: Vec<String>,
    bill_title: String,
    story: Vec<StoryLine>,
    stages: Vec<ArticleAtStage>,
    diffs: Vec<DiffView>,
    first_to_last: Option<DiffView>,
    amendments: Vec<StageAmendments>,
    blame: Option<BlameView>,
}

#[derive(Serialize)]
struct BlameView {
    stage: String,
    lines: Vec<BlameLineView>,
}

/// An article's number where a list of articles shows it: the number as
/// the text prints it (« 8 ter »), or, for an additional article no
/// official text has numbered yet, what it is in words (« Article
/// additionnel après l’article 10 (amendement n° I-3668) »).
fn article_label(lang: Lang, number: &str) -> String {
    match crate::model::parse_additional(number) {
        Some(_) => capital(&lang.article(number)),
        None => number.to_owned(),
    }
}

fn action_words(lang: Lang, a: Action) -> &'static str {
    match (lang, a) {
        (Lang::Fr, Action::Strike) => "supprimer l’article",
        (Lang::Fr, Action::Restore) => "rétablir l’article dans une nouvelle rédaction",
        (Lang::Fr, Action::Rewrite) => "réécrire l’article",
        (Lang::Fr, Action::InsertArticle) => "insérer un article additionnel",
        (Lang::Fr, Action::Amend) => "modifier l’article",
        (Lang::En, Action::Strike) => "strike the article",
        (Lang::En, Action::Restore) => "restore the article in a rewritten form",
        (Lang::En, Action::Rewrite) => "rewrite the article",
        (Lang::En, Action::InsertArticle) => "insert an additional article",
        (Lang::En, Action::Amend) => "amend the article",
    }
}

fn outcome_agreed(lang: Lang, o: Outcome, plural: bool) -> String {
    let w = lang.outcome(o);
    if lang == Lang::Fr && plural && o != Outcome::Pending {
        format!("{w}s")
    } else {
        w.to_owned()
    }
}

/// A story event in words, with links to the amendments and the ballot.
fn story_line(b: &BillSite, e: &StoryEvent, from: &SitePath) -> StoryLine {
    let lang = b.lang;
    let slug = b.slug();
    let stage = &b.bill.stages[e.stage];
    let text = |s: String| Link {
        label: s,
        url: None,
    };
    let mut parts = Vec::new();
    let plural = e.numbers.len() > 1;
    parts.push(text(match (lang, plural) {
        (Lang::Fr, true) => format!("{} amendements identiques (", e.numbers.len()),
        (Lang::En, true) => format!("{} identical amendments (", e.numbers.len()),
        (Lang::Fr, false) => "amendement ".to_owned(),
        (Lang::En, false) => "amendment ".to_owned(),
    }));
    for (i, n) in e.numbers.iter().enumerate() {
        if i > 0 {
            parts.push(text(", ".to_owned()));
        }
        parts.push(Link {
            label: n.clone(),
            url: Some(from.relative_to(&urls::amendment(slug, &stage.id, n))),
        });
    }
    let groups = e.groups.join(", ");
    parts.push(text(match (plural, groups.is_empty()) {
        (true, true) => ")".to_owned(),
        (true, false) if lang == Lang::Fr => format!(" ; {groups})"),
        (true, false) => format!("; {groups})"),
        (false, true) => String::new(),
        (false, false) => format!(" ({groups})"),
    }));
    let verb = match lang {
        Lang::Fr => " visant à ",
        Lang::En => " to ",
    };
    let mut tail = format!("{verb}{}", action_words(lang, e.action));
    if e.sub_amendments > 0 {
        tail.push_str(&match lang {
            Lang::Fr => format!(
                ", sous-amendé{} ({}, dont {} adopté{})",
                if plural { "s" } else { "" },
                i18n::count(lang, e.sub_amendments as i64, "sub-amendment"),
                e.sub_amendments_adopted,
                if e.sub_amendments_adopted > 1 {
                    "s"
                } else {
                    ""
                }
            ),
            Lang::En => format!(
                ", sub-amended ({}, {} adopted)",
                i18n::count(lang, e.sub_amendments as i64, "sub-amendment"),
                e.sub_amendments_adopted
            ),
        });
    }
    tail.push_str(" : ");
    if lang == Lang::En {
        tail = tail.replace(" : ", ": ");
    }
    tail.push_str(&outcome_agreed(lang, e.outcome, plural));
    parts.push(text(tail));
    if let Some(v) = &e.vote {
        parts.push(text(match lang {
            Lang::Fr => " par le ".to_owned(),
            Lang::En => " by ".to_owned(),
        }));
        parts.push(Link {
            label: format!(
                "{} {}",
                match lang {
                    Lang::Fr => "scrutin public n°",
                    Lang::En => "public ballot n°",
                },
                v.ballot
            ),
            url: Some(from.relative_to(&urls::ballot(slug, &v.ballot))),
        });
        parts.push(text(format!(
            ", {} {}, {} {}",
            i18n::number(lang, i64::from(v.yes)),
            lang.stance(Stance::For),
            i18n::number(lang, i64::from(v.against)),
            lang.stance(Stance::Against)
        )));
    }
    parts.push(text(".".to_owned()));
    StoryLine {
        stage: format!("{} ({})", stage.label, i18n::date(lang, &stage.date)),
        parts,
    }
}

fn alineas(stage: Option<&str>, a: &Article) -> Vec<AlineaView> {
    let mut n = 0;
    a.lines
        .iter()
        .map(|l| match l {
            Line::Alinea(t) => {
                n += 1;
                AlineaView {
                    id: urls::alinea_anchor(stage, n),
                    num: n.to_string(),
                    text: t.clone(),
                    gap: false,
                }
            }
            Line::Gap(note) => AlineaView {
                id: String::new(),
                num: String::new(),
                text: note.clone(),
                gap: true,
            },
        })
        .collect()
}

fn article(site: &Site, store: &Store, b: &BillSite, id: &str) -> Result<Vec<File>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let path = urls::article(slug, id);
    let Some(h) = b.history.for_article(&b.index, id) else {
        return Err(SiteError::Io(format!(
            "article {id} is in no text of bill {slug}"
        )));
    };
    let aref = h.article.clone().expect("an article's history follows it");
    let number = aref.asked.clone();
    let story = h.story().iter().map(|e| story_line(b, e, &path)).collect();
    let stages: Vec<ArticleAtStage> = b
        .bill
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let st = h.state(i);
            let a = h.article_at(i);
            let (state, key) = match (st.state, a) {
                ("deleted", _) => ("deleted", "deleted_article"),
                ("absent", _) if st.partial => ("unknown", "not_known"),
                ("absent", _) => ("absent", "absent"),
                _ => ("present", ""),
            };
            ArticleAtStage {
                label: s.label.clone(),
                anchor: urls::stage_anchor(&s.id),
                date: i18n::date(lang, &s.date),
                number: st.number.clone(),
                designation: st.number.as_deref().map(|n| lang.article(n)),
                state,
                state_label: if key.is_empty() && st.partial {
                    format!(
                        "{} · {}",
                        i18n::count(lang, st.alineas as i64, "alinea"),
                        lang.tr("partial_short")
                    )
                } else if key.is_empty() {
                    i18n::count(lang, st.alineas as i64, "alinea")
                } else {
                    lang.tr(key).to_owned()
                },
                partial: st.partial,
                alineas: match a {
                    Some(a) if !a.is_deleted() => alineas(Some(&s.id), a),
                    _ => Vec::new(),
                },
            }
        })
        .collect();
    // Diffs between consecutive stages where the article changed, and from
    // its first text to its last.
    let options = diff_options(b);
    let caption =
        |fi: usize, ti: usize| format!("{} → {}", b.bill.stages[fi].label, b.bill.stages[ti].label);
    let mut diffs = Vec::new();
    for ti in 1..b.texts().len() {
        let (old, new) = (h.article_at(ti - 1), h.article_at(ti));
        if old.is_none() && new.is_none() {
            continue;
        }
        let d = diff::diff_one_article(
            old,
            new,
            b.texts()[ti - 1].is_partial(),
            b.texts()[ti].is_partial(),
            &options,
        )
        .articles
        .remove(0);
        if d.is_change() {
            diffs.push(view::diff_view(lang, caption(ti - 1, ti), &d));
        }
    }
    let present: Vec<usize> = (0..b.texts().len())
        .filter(|&i| h.article_at(i).is_some())
        .collect();
    let first_to_last = match (present.first(), present.last()) {
        (Some(&f), Some(&l)) if l > f + 1 => {
            let d = diff::diff_one_article(
                h.article_at(f),
                h.article_at(l),
                b.texts()[f].is_partial(),
                b.texts()[l].is_partial(),
                &options,
            )
            .articles
            .remove(0);
            Some(view::diff_view(lang, caption(f, l), &d))
        }
        _ => None,
    };
    let amendments = (0..b.bill.stages.len())
        .filter_map(|i| {
            let here = h.at_stage(i);
            let subs: Vec<&crate::store::read::StoredAmendment> = h
                .amendments
                .iter()
                .filter(|a| {
                    a.amendment.stage == b.bill.stages[i].id && a.amendment.parent.is_some()
                })
                .filter(|a| !here.iter().any(|x| std::ptr::eq(*x, *a)))
                .collect();
            let mut cards: Vec<Card> = Vec::new();
            for a in &here {
                cards.push(view::card(lang, &b.bill, a, &path));
                if a.amendment.parent.is_none() {
                    for s in subs
                        .iter()
                        .filter(|s| s.amendment.parent.as_deref() == Some(&a.amendment.number))
                    {
                        cards.push(view::card(lang, &b.bill, s, &path));
                    }
                }
            }
            let ballots: Vec<Link> = h
                .ballots_at(i)
                .into_iter()
                .map(|ballot| Link {
                    label: crate::render::log::ballot_line(lang, &ballot.vote),
                    url: Some(path.relative_to(&urls::ballot(slug, &ballot.vote.ballot))),
                })
                .collect();
            (!cards.is_empty() || !ballots.is_empty()).then(|| StageAmendments {
                stage: b.bill.stages[i].label.clone(),
                cards,
                ballots,
            })
        })
        .collect();
    let blame = match present.last() {
        Some(&l) => {
            let q = BillQuery {
                store,
                meta: b.bill.clone(),
            };
            let stage = &b.bill.stages[l];
            let bl = q.blame(
                aref.numbers[l].as_deref().unwrap_or(&number),
                Some(&stage.id),
            )?;
            Some(BlameView {
                stage: stage.label.clone(),
                lines: bl
                    .blame
                    .lines
                    .iter()
                    .map(|line| {
                        let o = &line.origin;
                        let (label, url) = match o.kind {
                            "amendment" => (
                                format!("{} {}", lang.tr("amendment"), o.id),
                                Some(path.relative_to(&urls::amendment(slug, &o.stage, &o.id))),
                            ),
                            _ => (
                                b.bill
                                    .stage(&o.id)
                                    .map_or(o.id.clone(), |s| s.label.clone()),
                                Some(format!("#{}", urls::stage_anchor(&o.id))),
                            ),
                        };
                        BlameLineView {
                            id: line
                                .alinea
                                .map(|n| urls::alinea_anchor(None, n))
                                .unwrap_or_default(),
                            num: line.alinea.map(|n| n.to_string()).unwrap_or_default(),
                            text: line.text.clone(),
                            gap: line.gap,
                            origin: Link { label, url },
                            date: crate::date::LegalTime::parse(&o.date)
                                .map(|d| i18n::date(lang, &d))
                                .unwrap_or_else(|_| o.date.clone()),
                        }
                    })
                    .collect(),
            })
        }
        None => None,
    };
    let heading = i18n::capital(&lang.article(&number));
    let page = ArticlePage {
        number: number.clone(),
        heading: heading.clone(),
        designations: aref
            .designations()
            .iter()
            .map(|d| lang.article(d))
            .collect(),
        bill_title: b.bill.title.clone(),
        story,
        stages,
        diffs,
        first_to_last,
        amendments,
        blame,
    };
    let title = format!("{heading} — {}", short_title(b));
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: text_lang(b),
        title,
        crumbs: {
            let mut c = bill_crumbs(b, &path);
            c.push(crumb(&path, &heading, None));
            c
        },
        feed: Some(urls::article_feed(slug, id)),
        json: Some(path.with_extension("json")),
        site,
    };
    let json = crate::render::log::render(&h, Format::Json, &crate::render::Term::plain(100), None);
    let feed = article_feed(b, &h, id, &number)?;
    Ok(vec![
        frame.render("article.html", page)?,
        (path.with_extension("json"), harden_json(&json)),
        (urls::article_feed(slug, id), feed),
    ])
}

fn article_feed(
    b: &BillSite,
    h: &ArticleHistory,
    id: &str,
    number: &str,
) -> Result<Vec<u8>, SiteError> {
    let slug = b.slug();
    let from = urls::article_feed(slug, id);
    let page = urls::article(slug, id);
    let mut items = Vec::new();
    for (i, s) in b.bill.stages.iter().enumerate() {
        let st = h.state(i);
        items.push(feed::Item {
            id: format!(
                "{}:article:{}",
                feed::stage_id(slug, &s.id),
                urls::safe_name(id)
            ),
            title: format!("{} {} — {}", b.lang.tr("article"), number, s.label),
            when: s.date,
            link: from.relative_to(&page) + "#" + &urls::stage_anchor(&s.id),
            summary: format!("{} ({})", s.label, st.state),
            author: None,
        });
    }
    for a in &h.amendments {
        items.push(amendment_item(b, a, &from));
    }
    items.extend(h.ballots.iter().map(|v| ballot_item(b, v, &from)));
    feed::write(
        feed::feed_id(slug, Some(id)),
        format!("{} {} — {}", b.lang.tr("article"), number, short_title(b)),
        from.relative_to(&from),
        from.relative_to(&page),
        b.lang.code(),
        items,
        500,
    )
}

// ---------------------------------------------------------------- amendment

#[derive(Serialize)]
struct CreditRow {
    mission: String,
    programme: String,
    commitments_plus: String,
    commitments_minus: String,
    payments_plus: String,
    payments_minus: String,
}

/// A credit transfer as the page shows it: rows, totals, balance, and
/// whether it balances.
#[derive(Serialize)]
struct CreditView {
    missions: bool,
    rows: Vec<CreditRow>,
    totals: CreditRow,
    balance_commitments: String,
    balance_payments: String,
    balanced: bool,
}

fn credit_view(lang: Lang, lines: &[crate::model::CreditLine]) -> Option<CreditView> {
    let t = crate::model::credits::credit_table(lines)?;
    let n = |v: i64| {
        if v == 0 {
            String::new()
        } else {
            i18n::number(lang, v)
        }
    };
    let signed = |v: i64| match v {
        0 => "0".to_owned(),
        v if v > 0 => format!("+{}", i18n::number(lang, v)),
        v => i18n::number(lang, v),
    };
    let x = &t.totals;
    Some(CreditView {
        missions: t.rows.iter().any(|r| r.mission.is_some()),
        rows: t
            .rows
            .iter()
            .map(|r| CreditRow {
                mission: r.mission.clone().unwrap_or_default(),
                programme: r.programme.clone(),
                commitments_plus: n(r.commitments_plus),
                commitments_minus: n(r.commitments_minus),
                payments_plus: n(r.payments_plus),
                payments_minus: n(r.payments_minus),
            })
            .collect(),
        totals: CreditRow {
            mission: String::new(),
            programme: String::new(),
            commitments_plus: n(x.commitments_plus),
            commitments_minus: n(x.commitments_minus),
            payments_plus: n(x.payments_plus),
            payments_minus: n(x.payments_minus),
        },
        balance_commitments: signed(x.commitments_balance),
        balance_payments: signed(x.payments_balance),
        balanced: x.balanced,
    })
}

#[derive(Serialize)]
struct AmendmentPage {
    number: String,
    kind: String,
    stage: Link,
    article: Link,
    authors: Vec<String>,
    group: Option<String>,
    filed: String,
    decided: Option<String>,
    outcome: &'static str,
    outcome_label: String,
    instruction: Vec<String>,
    explanation: Vec<String>,
    effect_title: String,
    effect_unknown: Option<String>,
    diff: Option<DiffView>,
    identical: Vec<Card>,
    parent: Option<Card>,
    subs: Vec<Card>,
    credits: Option<CreditView>,
    vote: Option<VoteView>,
    source: Option<Link>,
}

fn amendment(
    site: &Site,
    store: &Store,
    b: &BillSite,
    stage: &str,
    number: &str,
) -> Result<Vec<File>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let path = urls::amendment(slug, stage, number);
    let q = BillQuery {
        store,
        meta: b.bill.clone(),
    };
    let v = q.amendment(stage, number)?;
    let a = &v.amendment.amendment;
    let si = b.bill.stage_index(stage).unwrap_or(0);
    let stage_label = b.bill.stages[si].label.clone();
    // The article its diff shows when the site has a page for it (an
    // additional article has one once adopted), else the article it names.
    let target_id = v
        .diff
        .as_ref()
        .map(|d| d.id.clone())
        .filter(|id| b.articles.contains(id))
        .or_else(|| b.article_id_for(si, &a.article.article));
    let article_label = match a.article.position {
        Position::On => capital(&lang.target(&a.article)),
        Position::Before | Position::After => format!(
            "{} {}",
            lang.tr("additional_article"),
            lang.target(&a.article)
        ),
    };
    let base = match v.base.kind {
        "amendment" => format!(
            "{} {} ({})",
            lang.tr("amendment"),
            v.base.id,
            match lang {
                Lang::Fr => "tel que déposé",
                Lang::En => "as tabled",
            }
        ),
        _ => b
            .bill
            .stage(&v.base.id)
            .map_or(v.base.id.clone(), |s| s.label.clone()),
    };
    let result = match lang {
        Lang::Fr => format!("avec l’amendement {number}"),
        Lang::En => format!("with amendment {number}"),
    };
    let would = a.outcome != Outcome::Adopted;
    let diff = v
        .diff
        .as_ref()
        .map(|d| view::diff_view(lang, format!("{base} → {result}"), d));
    let page = AmendmentPage {
        number: a.number.clone(),
        kind: lang
            .tr(if a.parent.is_some() {
                "sub_amendment"
            } else {
                "amendment"
            })
            .to_owned(),
        stage: Link {
            label: stage_label.clone(),
            url: Some(path.relative_to(&urls::stage_amendments(slug, stage))),
        },
        article: Link {
            label: article_label,
            url: target_id.map(|id| path.relative_to(&urls::article(slug, &id))),
        },
        authors: a.authors.iter().map(|n| i18n::person(n)).collect(),
        group: a.group.as_ref().map(|g| lang.group_label(&b.bill, g)),
        filed: i18n::date(lang, &a.filed),
        decided: a.decided.as_ref().map(|d| i18n::date_time(lang, d)),
        outcome: view::outcome_class(a.outcome),
        outcome_label: lang.outcome(a.outcome).to_owned(),
        instruction: view::paragraphs(&a.instruction),
        explanation: a
            .explanation
            .as_deref()
            .map(view::paragraphs)
            .unwrap_or_default(),
        effect_title: lang
            .tr(if would { "would_effect" } else { "effect" })
            .to_owned(),
        effect_unknown: (!v.amendment.applied()).then(|| i18n::effect(lang, &v.amendment)),
        diff,
        identical: v
            .identical
            .iter()
            .map(|x| view::card(lang, &b.bill, x, &path))
            .collect(),
        parent: v
            .parent
            .as_ref()
            .map(|x| view::card(lang, &b.bill, x, &path)),
        subs: v
            .subs
            .iter()
            .map(|x| view::card(lang, &b.bill, x, &path))
            .collect(),
        credits: credit_view(lang, &a.credits),
        vote: a
            .vote
            .as_ref()
            .map(|vt| view::vote_view(lang, &b.bill, vt, &path)),
        source: a.source.as_deref().map(view::source_link),
    };
    let title = format!("{} {} — {}", page.kind, a.number, short_title(b));
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: text_lang(b),
        title,
        crumbs: {
            let mut c = bill_crumbs(b, &path);
            c.push(crumb(
                &path,
                &stage_label,
                Some(&urls::stage_amendments(slug, stage)),
            ));
            c.push(crumb(
                &path,
                &format!("{} {}", lang.tr("amendment"), a.number),
                None,
            ));
            c
        },
        feed: None,
        json: Some(path.with_extension("json")),
        site,
    };
    let settings = crate::render::diff::Settings {
        format: crate::render::diff::DiffFormat::Json,
        color: false,
        width: 120,
        context: 3,
    };
    let json = crate::render::show::render(
        &crate::render::show::ShowData {
            bill: &b.bill,
            view: &v,
        },
        &settings,
    );
    Ok(vec![
        frame.render("amendment.html", page)?,
        (path.with_extension("json"), harden_json(&json)),
    ])
}

// ---------------------------------------------------------------- ballot

#[derive(Serialize)]
struct GroupRow {
    group: String,
    name: Option<String>,
    yes: String,
    against: String,
    abstentions: String,
    not_voting: String,
    segments: Vec<view::Segment>,
}

#[derive(Serialize)]
struct MemberRow {
    name: String,
    group: String,
    vote: &'static str,
    vote_label: String,
}

#[derive(Serialize)]
struct BallotPage {
    number: String,
    date: String,
    /// Empty when the data does not say what was put to the vote.
    question: Vec<Link>,
    /// The chamber's wording, beside the linked amendments.
    wording: Option<String>,
    majority: Option<String>,
    vote: VoteView,
    voting: Option<String>,
    cast: Option<String>,
    groups: Vec<GroupRow>,
    members: Vec<MemberRow>,
    source: Option<Link>,
}

fn ballot(site: &Site, b: &BillSite, number: &str) -> Result<Vec<File>, SiteError> {
    let lang = b.lang;
    let slug = b.slug();
    let path = urls::ballot(slug, number);
    let Some(view) = b.ballots.iter().find(|v| v.vote.ballot == number) else {
        return Err(SiteError::Io(format!("no ballot {number} in bill {slug}")));
    };
    let v = &view.vote;
    let n = |x: u32| i18n::number(lang, i64::from(x));
    // What was put to the vote: the amendments it decided, linked, and the
    // chamber's own wording; for a ballot on no amendment, that wording.
    let mut question = Vec::new();
    if !view.amendments.is_empty() {
        question.push(Link {
            label: format!(
                "{} ",
                lang.tr(if view.amendments.len() > 1 {
                    "question_text_many"
                } else {
                    "question_text"
                })
            ),
            url: None,
        });
        for (k, a) in view.amendments.iter().enumerate() {
            if k > 0 {
                question.push(Link {
                    label: ", ".to_owned(),
                    url: None,
                });
            }
            question.push(Link {
                label: a.clone(),
                url: Some(path.relative_to(&urls::amendment(slug, &view.stage, a))),
            });
        }
        let articles: Vec<String> = view
            .articles
            .iter()
            .map(|a| lang.target(&crate::model::Target::parse(a)))
            .collect();
        question.push(Link {
            label: format!(" ({})", articles.join(", ")),
            url: None,
        });
    } else if let Some(q) = &v.question {
        // The Assemblée words it as what follows « Scrutin public sur … »:
        // a paragraph of its own starts with a capital.
        question.push(Link {
            label: capital(q),
            url: None,
        });
    }
    let wording = v
        .question
        .as_deref()
        .map(capital)
        .filter(|_| !view.amendments.is_empty());
    let page = BallotPage {
        number: number.to_owned(),
        date: i18n::date_time(lang, &v.date),
        question,
        wording,
        majority: v.majority.clone(),
        vote: view::vote_view(lang, &b.bill, v, &path),
        voting: v.voting.map(n),
        cast: v.cast.map(n),
        groups: v
            .groups
            .iter()
            .map(|g| GroupRow {
                group: lang.group(&b.bill, &g.group),
                name: lang.group_name(&b.bill, &g.group).map(str::to_owned),
                yes: n(g.yes),
                against: n(g.against),
                abstentions: n(g.abstentions),
                not_voting: n(g.not_voting),
                segments: view::segments(lang, g.yes, g.against, g.abstentions),
            })
            .collect(),
        members: v
            .roll
            .iter()
            .map(|m| MemberRow {
                name: m.name.clone(),
                group: lang.group(&b.bill, &m.group),
                vote: m.vote.as_str(),
                vote_label: lang.stance(m.vote).to_owned(),
            })
            .collect(),
        source: v.source.as_deref().map(view::source_link),
    };
    let frame = Frame {
        path: path.clone(),
        lang,
        text_lang: text_lang(b),
        title: format!("{} {} — {}", lang.tr("ballot_n"), number, short_title(b)),
        crumbs: {
            let mut c = bill_crumbs(b, &path);
            c.push(crumb(
                &path,
                &format!("{} {}", lang.tr("ballot_n"), number),
                None,
            ));
            c
        },
        feed: None,
        json: Some(path.with_extension("json")),
        site,
    };
    let json = serde_json::json!({
        "bill": slug,
        "stage": view.stage,
        "adopted": view.adopted,
        "ballot": v,
        "amendments": view.amendments.iter().map(|a| {
            let article = b
                .amendments()
                .iter()
                .find(|s| s.amendment.stage == view.stage && &s.amendment.number == a)
                .map(|s| s.amendment.article.to_string());
            serde_json::json!({ "stage": view.stage, "number": a, "article": article })
        }).collect::<Vec<_>>(),
    });
    Ok(vec![
        frame.render("ballot.html", page)?,
        json_file(path.with_extension("json"), &json),
    ])
}
