//! Edge cases of the diff engine and its renderers, as snapshots: an empty
//! article, a struck one, a restored one, identical texts, a 1 MB article.

use amendo::diff::{self, ArticleDiff, EntryKind, Options, TextDiff};
use amendo::model::{Article, Line};
use amendo::render::diff::{DiffFormat, Doc, Settings, Side, render};
use amendo::render::lang::Lang;

fn article(lines: &[&str]) -> Article {
    Article {
        id: "1".into(),
        number: "1er".into(),
        lines: lines
            .iter()
            .map(|l| Line::Alinea((*l).to_owned()))
            .collect(),
    }
}

fn side(id: &str) -> Side {
    Side {
        kind: "stage",
        id: id.into(),
        label: format!("stage {id}"),
    }
}

fn all_formats(d: ArticleDiff) -> String {
    let td = TextDiff {
        partial: d.partial,
        articles: vec![d],
    };
    let doc = Doc {
        bill: "b",
        from: side("a"),
        to: side("b"),
        diff: &td,
        all: true,
        lang: Lang::En,
        article: None,
    };
    let mut out = String::new();
    for format in [
        DiffFormat::Text,
        DiffFormat::Unified,
        DiffFormat::SideBySide,
        DiffFormat::Markdown,
        DiffFormat::Html,
        DiffFormat::Json,
    ] {
        let s = Settings {
            format,
            color: false,
            width: 80,
            context: 3,
        };
        out.push_str(&format!("==== {format:?}\n"));
        out.push_str(&render(&doc, &s));
    }
    out
}

const TEXT: [&str; 3] = [
    "I. – Le code de la sécurité intérieure est ainsi modifié :",
    "1° À l’article L. 871‑1, le mot : « remettre » est remplacé par le mot : « prendre » ;",
    "2° L’article L. 871‑3 est abrogé.",
];

#[test]
fn empty_article() {
    let o = Options::default();
    let empty = article(&[]);
    insta::assert_snapshot!(all_formats(diff::diff_articles(
        Some(&empty),
        Some(&article(&TEXT)),
        &o
    )));
    insta::assert_snapshot!(
        "empty_both",
        all_formats(diff::diff_articles(Some(&empty), Some(&empty), &o))
    );
}

#[test]
fn struck_article() {
    let o = Options::default();
    let struck = Article::deleted("1", "1er");
    insta::assert_snapshot!(all_formats(diff::diff_articles(
        Some(&article(&TEXT)),
        Some(&struck),
        &o
    )));
}

#[test]
fn restored_article() {
    let o = Options::default();
    let struck = Article::deleted("1", "1er");
    insta::assert_snapshot!(all_formats(diff::diff_articles(
        Some(&struck),
        Some(&article(&TEXT)),
        &o
    )));
}

#[test]
fn identical_texts() {
    let o = Options::default();
    let d = diff::diff_articles(Some(&article(&TEXT)), Some(&article(&TEXT)), &o);
    assert!(d.entries.iter().all(|e| e.kind == EntryKind::Same));
    insta::assert_snapshot!(all_formats(d));
}

#[test]
fn case_accent_and_encoding_changes_are_shown() {
    let o = Options::default();
    let old = article(&["L’Etat et le premier ministre y pourvoient à 72 heures :"]);
    let new = article(&["L’État et le Premier ministre y pourvoient a\u{300} 72 heures\u{a0}:"]);
    insta::assert_snapshot!(all_formats(diff::diff_articles(Some(&old), Some(&new), &o)));
}

/// A 1 MB article: 4,000 alinéas of real-looking legal prose, of which a
/// few are edited, one is moved, one deleted and one inserted.
#[test]
fn one_megabyte_article() {
    let base = [
        "Les opérateurs et personnes mentionnés à l’article L. 851‑1 qui fournissent des prestations de cryptologie sont tenus de permettre, dans un délai n’excédant pas 72 heures, l’accès au contenu intelligible des données dont la collecte a été autorisée",
        "Les dispositifs techniques des opérateurs et personnes mentionnés au I sont autorisés par le Premier ministre, préalablement à leur mise en œuvre, dans les conditions définies pour l’application du 1° de l’article 226‑3 du code pénal",
    ];
    let old: Vec<String> = (0..4000)
        .map(|i| format!("{i}° {} (alinéa {i}).", base[i % 2]))
        .collect();
    assert!(old.iter().map(String::len).sum::<usize>() > 1_000_000);
    let mut new = old.clone();
    new[10] = new[10].replace("72 heures", "quarante-huit heures");
    new[2000] = new[2000].replace("Premier ministre", "ministre de l’intérieur");
    new[3999] = new[3999].replace("L. 851‑1", "L. 851‑2");
    let moved = new.remove(500);
    new.insert(3000, moved);
    new.remove(1500);
    new.insert(100, "Un alinéa entièrement nouveau.".to_owned());
    let a = Article {
        id: "1".into(),
        number: "1er".into(),
        lines: old.iter().cloned().map(Line::Alinea).collect(),
    };
    let b = Article {
        id: "1".into(),
        number: "1er".into(),
        lines: new.iter().cloned().map(Line::Alinea).collect(),
    };
    let d = diff::diff_articles(Some(&a), Some(&b), &Options::default());
    assert!(!d.cut_short);
    let (o, n) = d.store_lines();
    assert_eq!((o, n), (old, new));
    let td = TextDiff {
        partial: false,
        articles: vec![d],
    };
    let doc = Doc {
        bill: "b",
        from: side("a"),
        to: side("b"),
        diff: &td,
        all: true,
        lang: Lang::En,
        article: None,
    };
    let s = Settings {
        format: DiffFormat::Text,
        color: false,
        width: 80,
        context: 0,
    };
    insta::assert_snapshot!(render(&doc, &s));
}
