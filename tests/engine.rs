//! The amendment engine on real amendments: every phrasing the corpus
//! report found, applied to real text (article 8 ter as amendment 640
//! restored it), the 8 ter story, precise errors, and property tests that
//! applying an operation and diffing gives back that operation's change.

mod common;

use std::path::Path;

use amendo::diff::{self, EntryKind, Options};
use amendo::engine::{self, Draft, Operation, Place, Side, Words};
use amendo::history::{self, Effect};
use amendo::model::{Article, BillData, Line, Position};
use common::Project;
use proptest::prelude::*;

fn narcotrafic() -> BillData {
    let project = amendo::source::load_project(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("the dataset loads");
    project
        .bills
        .into_iter()
        .find(|b| b.bill.slug == "narcotrafic")
        .expect("narcotrafic")
}

fn effect(data: &BillData, h: &history::History, stage: &str, number: &str) -> Effect {
    let i = data
        .amendments
        .iter()
        .position(|a| a.stage == stage && a.number == number)
        .unwrap_or_else(|| panic!("amendment {number}"));
    h.amendments[i].effect.clone()
}

fn lines(a: &Article) -> Vec<String> {
    a.lines.iter().map(Line::to_store_line).collect()
}

/// Non-breaking spaces as plain ones, for readable assertions.
fn flat(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

/// Article 8 ter as amendment 640 would have restored it: real text.
fn restored() -> Article {
    let data = narcotrafic();
    let h = history::compute(&data);
    match effect(&data, &h, "an-1-seance", "640") {
        Effect::Article(a) => a,
        Effect::Unknown(why) => panic!("640 does not apply: {why}"),
    }
}

fn summaries(instruction: &str) -> Vec<String> {
    engine::parse(instruction, false)
        .unwrap_or_else(|e| panic!("{instruction}\n→ {e}"))
        .iter()
        .map(Operation::summary)
        .collect()
}

fn apply(article: &Article, instruction: &str) -> Result<Article, String> {
    let ops = engine::parse(instruction, false).map_err(|e| e.to_string())?;
    let mut d = Draft::new(article);
    d.apply(&ops).map_err(|e| e.to_string())?;
    Ok(d.article())
}

// ---- the 8 ter story ----

#[test]
fn every_amendment_on_8_ter_parses() {
    let data = narcotrafic();
    let on_8_ter: Vec<_> = data
        .amendments
        .iter()
        .filter(|a| a.article.article == "8 ter" && a.article.position == Position::On)
        .collect();
    assert_eq!(on_8_ter.len(), 23);
    for a in on_8_ter {
        history::operations(a).unwrap_or_else(|e| panic!("{} does not parse: {e}", a.number));
    }
}

#[test]
fn committee_deletions_give_supprime() {
    let data = narcotrafic();
    let h = history::compute(&data);
    for n in [
        "CL44", "CL176", "CL205", "CL282", "CL312", "CL335", "CL160", "CL392", "CL484",
    ] {
        match effect(&data, &h, "an-1-commission", n) {
            Effect::Article(a) => assert_eq!(lines(&a), vec!["(Supprimé)"], "{n}"),
            Effect::Unknown(why) => panic!("{n}: {why}"),
        }
    }
    // CL485 and CL486 amend alinéa 11 of the Sénat's text, which is not available.
    for n in ["CL485", "CL486"] {
        let Effect::Unknown(why) = effect(&data, &h, "an-1-commission", n) else {
            panic!("{n} cannot apply to a text that is not available")
        };
        assert_eq!(
            why.to_string(),
            "alinéa 11 of article 8 ter is not in the known text (alinéas 1 to 8 are known)"
        );
    }
}

#[test]
fn restoration_640_is_its_quoted_text_exactly() {
    let a = restored();
    let l = lines(&a);
    assert_eq!(l.len(), 56);
    assert_eq!(
        flat(&l[0]),
        "I. – Le code de la sécurité intérieure est ainsi modifié :"
    );
    assert!(
        flat(&l[2])
            .starts_with("« I. – Les opérateurs et personnes mentionnés à l’article L. 851‑1")
    );
    // The last paragraph, « Art. L. 34‑22. – … Nouvelle-Calédonie. », loses
    // the amendment's opening and closing marks only.
    assert!(
        flat(&l[55]).starts_with("Art. L. 34‑22. – Les dispositions"),
        "{}",
        l[55]
    );
    assert!(l[55].ends_with("et en Nouvelle-Calédonie."), "{}", l[55]);
    // 655 and 846 are identical to it, byte for byte.
    let data = narcotrafic();
    let h = history::compute(&data);
    for n in ["655", "846"] {
        assert_eq!(
            effect(&data, &h, "an-1-seance", n),
            Effect::Article(a.clone())
        );
    }
}

#[test]
fn sub_amendments_change_640_where_they_say() {
    let data = narcotrafic();
    let h = history::compute(&data);
    let before = restored();
    let changed = |n: &str| -> Vec<(usize, String, String)> {
        let Effect::Article(after) = effect(&data, &h, "an-1-seance", n) else {
            panic!("{n} does not apply")
        };
        let (b, a) = (lines(&before), lines(&after));
        assert_eq!(b.len(), a.len(), "{n} keeps the number of alinéas");
        (0..b.len())
            .filter(|&i| b[i] != a[i])
            .map(|i| (i + 1, b[i].clone(), a[i].clone()))
            .collect()
    };
    // 997 and 1006 (identical, adopted): alinéa 4 of 640 as printed is the
    // third of its text; alinéa 7 the sixth.
    for n in ["997", "1006"] {
        let c = changed(n);
        assert_eq!(c.len(), 2, "{n}: {c:?}");
        assert_eq!(c[0].0, 3);
        assert!(c[0].2.ends_with(
            ", sauf si les fournisseurs susmentionnés démontrent qu’ils ne sont techniquement pas en mesure de satisfaire a\u{300} ces réquisitions."
        ));
        assert_eq!(c[1].0, 6);
        assert!(c[1].1.contains("contractuels ou techniques pour"));
        assert!(c[1].2.contains("contractuels pour"));
    }
    // 979: only the second part of 997.
    let c = changed("979");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].0, 6);
    // 983 and 984: the fine at the end of the first sentence of alinéa 25.
    for (n, fine) in [("983", "5 000"), ("984", "1 000")] {
        let c = changed(n);
        assert_eq!(c.len(), 1, "{n}");
        assert_eq!(c[0].0, 24);
        assert!(flat(&c[0].1).contains("amende de 1 500 000 euros"));
        assert!(
            flat(&c[0].2).contains(&format!("amende de {fine} euros")),
            "{}",
            c[0].2
        );
    }
    // 985 and 986: 50 000 becomes 1 000 in alinéa 49.
    for n in ["985", "986"] {
        let c = changed(n);
        assert_eq!(c.len(), 1, "{n}");
        assert_eq!(c[0].0, 48);
        assert!(flat(&c[0].2).contains("1 000") && !flat(&c[0].2).contains("50 000"));
    }
}

#[test]
fn sub_amendment_978_rewrites_alineas_4_to_8() {
    let data = narcotrafic();
    let h = history::compute(&data);
    let Effect::Article(after) = effect(&data, &h, "an-1-seance", "978") else {
        panic!("978 does not apply")
    };
    let b = lines(&restored());
    let a = lines(&after);
    // Five alinéas of the text (paragraphs 4 to 8 of 640) become four.
    assert_eq!(a.len(), b.len() - 1);
    assert_eq!(a[..2], b[..2]);
    assert!(
        a[2].starts_with("Les opérateurs et personnes mentionnés à l’article L."),
        "{}",
        a[2]
    );
    assert_eq!(a[6..], b[7..]);
}

// ---- phrasings, from real amendments of the corpus ----

#[test]
fn phrasings_read_as_operations() {
    let cases: &[(&str, &[&str])] = &[
        ("Supprimer cet article.", &["delete the article"]),
        ("Supprimer les alinéas 7 à 12.", &["delete alinéas 7 to 12"]),
        (
            "Supprimer les alinéas 37 et 38.",
            &["delete alinéa 37, alinéa 38"],
        ),
        ("Supprimer l’alinéa 5.", &["delete alinéa 5"]),
        ("Supprimer le dernier alinéa.", &["delete alinéa last"]),
        (
            "Supprimer la seconde phrase de l’alinéa 5.",
            &["delete sentence 2 of alinéa 5"],
        ),
        (
            "Supprimer les deux dernières phrases de l’alinéa 3.",
            &["delete sentences last but 1, last of alinéa 3"],
        ),
        (
            "Après l’alinéa 5, insérer l’alinéa suivant :\n\n« Texte. »",
            &["insert 1 alinéa after alinéa 5"],
        ),
        (
            "Après l’alinéa 18, insérer les deux alinéas suivants :\n\n« a ;\n\n« b. »",
            &["insert 2 alinéas after alinéa 18"],
        ),
        (
            "Compléter cet article par l’alinéa suivant :\n\n« Texte. »",
            &["insert 1 alinéa after the article"],
        ),
        // The article named « l’article », with nothing naming another
        // (budget 2025, I-3297, I-CF1611).
        (
            "Compléter l’article par l’alinéa suivant :\n\n« Texte. »",
            &["insert 1 alinéa after the article"],
        ),
        ("Supprimer l’article.", &["delete the article"]),
        (
            "Au début de l’article, insérer l’alinéa suivant :\n\n« Texte. »",
            &["insert 1 alinéa before alinéa 1"],
        ),
        // The article's two ends, named without an alinéa.
        (
            "Au début, ajouter les deux alinéas suivants :\n\n« a ;\n\n« b. »",
            &["insert 2 alinéas before alinéa 1"],
        ),
        (
            "Au début de cet article, insérer l’alinéa suivant :\n\n« Texte. »",
            &["insert 1 alinéa before alinéa 1"],
        ),
        (
            "À la fin de cet article, ajouter l’alinéa suivant :\n\n« Texte. »",
            &["insert 1 alinéa after the article"],
        ),
        // A comma where the chambers' style has none.
        (
            "Après l’alinéa 5, insérer un alinéa, ainsi rédigé :\n\n« Texte. »",
            &["insert 1 alinéa after alinéa 5"],
        ),
        (
            "Substituer aux alinéas 2 à 4, l’alinéa suivant :\n\n« Texte. »",
            &["rewrite alinéas 2 to 4 (1 paragraph)"],
        ),
        // « de » left out before a numbered alinéa (budget 2025, I-104).
        (
            "À la fin l’alinéa 9, supprimer les mots :\n\n« a b ».",
            &["strike « a b » at the end of alinéa 9"],
        ),
        // Alinéas and sentences named by ordinals, as the codes name
        // theirs: lists, ranges, the last ones.
        (
            "Supprimer les troisième à sixième alinéas.",
            &["delete alinéas 3 to 6"],
        ),
        (
            "Supprimer les troisième et quatrième alinéas.",
            &["delete alinéa 3, alinéa 4"],
        ),
        (
            "Supprimer les deux derniers alinéas.",
            &["delete alinéa last but 1, alinéa last"],
        ),
        (
            "Supprimer les deuxième à quatrième phrases de l’alinéa 3.",
            &["delete sentences 2, 3, 4 of alinéa 3"],
        ),
        (
            "Les troisième à sixième alinéas sont supprimés ;",
            &["delete alinéas 3 to 6"],
        ),
        // A verb mistyped (Sénat, 2013: COM-156, COM-164).
        (
            "Alinéas 6 et 7\n\nSuprimer ces alinéas.",
            &["delete alinéa 6, alinéa 7"],
        ),
        (
            "Suprrimer les alinéas 12 à 17",
            &["delete alinéas 12 to 17"],
        ),
        // A hyphen typed before a part's dash (budget 2025, I-CF1344).
        (
            "I. – À l’alinéa 2, supprimer le mot :\n\n« a ».\n\nII- – À l’alinéa 7, supprimer le mot :\n\n« b ».",
            &["strike « a » in alinéa 2", "strike « b » in alinéa 7"],
        ),
        // One alinéa for several, « unique » (budget 2025, I-992).
        (
            "Substituer aux alinéas 13 à 18 un alinéa unique :\n\n« La taxe est assise sur la valeur d’acquisition des actions ».",
            &["rewrite alinéas 13 to 18 (1 paragraph)"],
        ),
        (
            "Rédiger ainsi l’alinéa 46 :\n\n« 9° L’article 706‑75‑1 est abrogé ».",
            &["rewrite alinéa 46 (1 paragraph)"],
        ),
        (
            "Substituer aux alinéas 64 et 65 les quatre alinéas suivants :\n\n« a\n\n« b\n\n« c\n\n« d »",
            &["rewrite alinéa 64, alinéa 65 (4 paragraphs)"],
        ),
        (
            "Rédiger ainsi la seconde phrase de l’alinéa 63 :\n\n« Elle est susceptible de recours. »",
            &["rewrite sentence 2 of alinéa 63 (1 paragraph)"],
        ),
        (
            "À l’alinéa 9, substituer aux mots :\n\n« ramenée à vingt ans »\n\nles mots :\n\n« réduite de moitié ».",
            &["replace « ramenée à vingt ans » with « réduite de moitié » in alinéa 9"],
        ),
        (
            "À la fin de l’alinéa 1, substituer à l’année :\n\n« 2028 »\n\nl’année :\n\n« 2025 ».",
            &["replace « 2028 » with « 2025 » at the end of alinéa 1"],
        ),
        (
            "À l’alinéa 4, substituer à la quatrième occurrence du mot :\n\n« de »\n\nles mots :\n\n« n’excédant pas ».",
            &["replace « de » (occurrence 4) with « n’excédant pas » in alinéa 4"],
        ),
        (
            "À l’alinéa 25, supprimer les mots :\n\n« d’un an d’emprisonnement et ».",
            &["strike « d’un an d’emprisonnement et » in alinéa 25"],
        ),
        (
            "À l’alinéa 15, après le mot :\n\n« temps »\n\ninsérer les mots :\n\n« , usant du pouvoir d’intimidation ».",
            &["insert « , usant du pouvoir d’intimidation » after « temps » in alinéa 15"],
        ),
        (
            "Compléter l’alinéa 30 par les mots :\n\n« pour des montants supérieurs à 500 euros ».",
            &["complete alinéa 30 with « pour des montants supérieurs à 500 euros »"],
        ),
        (
            "Compléter l’alinéa 6 par la phrase suivante :\n\n« En cas de classement, le maire peut saisir le procureur. »",
            &["insert « En cas de classement, le maire peut saisir le procureur. » after alinéa 6"],
        ),
        (
            "Après le mot :\n\n« physique »,\n\nsupprimer la fin de l’alinéa 4.",
            &["strike the end of alinéa 4 after « physique »"],
        ),
        (
            // « la phrase »: the one the clause names (I-CF1210, budget 2025).
            "À la deuxième phrase de l’alinéa 14, après le mot :\n\n« électricité »,\n\nsupprimer la fin de la phrase.",
            &["strike the end of sentence 2 of alinéa 14 after « électricité »"],
        ),
        (
            "À la deuxième phrase de l’alinéa 14, après le mot :\n\n« électricité »,\n\nrédiger ainsi la fin de la phrase :\n\n« et du gaz. »",
            &["rewrite the end of sentence 2 of alinéa 14 after « électricité » as « et du gaz. »"],
        ),
        (
            // « l’alinéa » alone: the clause's (II-CD46, budget 2025).
            "À l’alinéa 3, après la seconde occurrence du mot :\n\n« plafond »\n\nsupprimer la fin de l’alinéa.",
            &["strike the end of alinéa 3 after « plafond » (occurrence 2)"],
        ),
        (
            // « à chacune de ses trois occurrences »: every occurrence
            // (the Sénat's COM-106, 2014).
            "Alinéa 20\n\nRemplacer, à chacune de ses trois occurrences, le mot :\n\nsimulation\n\npar le mot :\n\nestimation",
            &["replace « simulation » with « estimation » in alinéa 20"],
        ),
        (
            "À l’alinéa 20, substituer, à chacune de ses trois occurrences, au mot :\n\n« simulation »\n\nle mot :\n\n« estimation ».",
            &["replace « simulation » with « estimation » in alinéa 20"],
        ),
        (
            // Several words replaced, each by its own (I-CF1448, budget 2025).
            "À l’alinéa 14, substituer aux nombres :\n\n« 5 » et « 25 »,\n\nles nombres :\n\n« 0 » et « 7 ».",
            &[
                "replace « 5 » with « 0 » in alinéa 14",
                "replace « 25 » with « 7 » in alinéa 14",
            ],
        ),
        (
            "Rédiger ainsi le début de l’alinéa 27 :\n\n« L’auteur peut se voir exempter de peine si, ayant averti... (le reste sans changement) ».",
            &[
                "rewrite the start of alinéa 27 as « L’auteur peut se voir exempter de peine si, ayant averti »",
            ],
        ),
        (
            "En conséquence, à l’alinéa 6, rétablir le 3° dans la rédaction suivante :\n\n« 3° Texte ; »",
            &["rewrite alinéa 6 (1 paragraph)"],
        ),
        (
            "Au début de l’alinéa 5, insérer les mots :\n\n« Sauf urgence, ».",
            &["insert « Sauf urgence, » at the start of alinéa 5"],
        ),
        (
            "I. – À la fin de l’alinéa 11, supprimer les mots :\n\n« ou aux intérêts du bailleur ».\n\nII. – En conséquence, au même alinéa, substituer à la dernière occurrence du signe :\n\n« , »\n\nle mot :\n\n« ou ».",
            &[
                "strike « ou aux intérêts du bailleur » at the end of alinéa 11",
                "replace « , » (occurrence last) with « ou » in alinéa 11",
            ],
        ),
        (
            "I. – À l’alinéa 4, substituer au mot :\n\n« a »\n\nle mot :\n\n« b ».\n\nII. – En conséquence, procéder à la même substitution aux alinéas 7 et 9.",
            &[
                "replace « a » with « b » in alinéa 4",
                "replace « a » with « b » in alinéa 7, alinéa 9",
            ],
        ),
        (
            "À l’alinéa 3 et à la première phrase de l’alinéa 5, substituer à la référence :\n\n« L. 1 »\n\nla référence :\n\n« L. 2 ».",
            &[
                "replace « L. 1 » with « L. 2 » in alinéa 3",
                "replace « L. 1 » with « L. 2 » in sentence 1 of alinéa 5",
            ],
        ),
        (
            "À l’alinéa 14, substituer à chaque occurrence du mot :\n\n« collaborateur »\n\nles mots :\n\n« repenti ».",
            &["replace « collaborateur » with « repenti » in alinéa 14"],
        ),
        (
            "Au 2° du I, supprimer les mots :\n\n« ou techniques ».",
            &["strike « ou techniques » in 2° of I"],
        ),
        // The passive forms of articles that amend codes.
        (
            "Le mot : « remettre » est remplacé par le mot : « prendre » ;",
            &["replace « remettre » with « prendre » in the article"],
        ),
        (
            "La quatrième occurrence du mot : « de » est remplacée par les mots : « n’excédant pas » ;",
            &["replace « de » (occurrence 4) with « n’excédant pas » in the article"],
        ),
        (
            "Après les mots : « soixante-douze heures », sont insérés les mots : « les mesures » ;",
            &["insert « les mesures » after « soixante-douze heures » in the article"],
        ),
        (
            "Les mots : « , 226‑14 » sont supprimés ;",
            &["strike « , 226‑14 » in the article"],
        ),
    ];
    for (instruction, want) in cases {
        assert_eq!(&summaries(instruction), want, "{instruction}");
    }
}

#[test]
fn additional_articles_are_their_text() {
    let ops = engine::parse(
        "Dans un délai de six mois à compter de la promulgation de la présente loi, le Gouvernement remet au Parlement un rapport.",
        true,
    )
    .unwrap();
    assert_eq!(
        ops,
        vec![Operation::InsertArticle {
            text: vec!["Dans un délai de six mois à compter de la promulgation de la présente loi, le Gouvernement remet au Parlement un rapport.".into()],
            header: None,
        }]
    );
}

#[test]
fn an_additional_article_keeps_every_quoted_alinea_it_adds() {
    // As amendment 11 of the narcotrafic bill's floor stage is written: the
    // article's first line, then two quoted alinéas, the second closing both.
    let src = "L’article 132‑36 du code pénal est complété par deux alinéas ainsi rédigés :\n\n« Premier alinéa ajouté.\n\n« Second alinéa ajouté. »";
    let ops = engine::parse(src, true).unwrap();
    let [Operation::InsertArticle { text, header: None }] = ops.as_slice() else {
        panic!("{ops:?}");
    };
    assert_eq!(
        text,
        &[
            "L’article 132‑36 du code pénal est complété par deux alinéas ainsi rédigés :",
            "« Premier alinéa ajouté.",
            "« Second alinéa ajouté. »",
        ],
        "{ops:?}"
    );
}

#[test]
fn what_is_not_understood_is_pointed_at() {
    let src = "À l’alinéa 4, tourner les mots :\n\n« a ».";
    let e = engine::parse(src, false).unwrap_err();
    assert_eq!(e.line_column(src), (1, 15));
    assert!(
        e.to_string()
            .starts_with("cannot read « tourner les mots : « a ». »: expected a verb"),
        "{e}"
    );
    let e = engine::parse("Supprimer", false).unwrap_err();
    assert!(
        e.to_string().contains("stops short") || e.to_string().contains("cannot read"),
        "{e}"
    );
    // Four alinéas announced, one quoted: the next lost its opening mark
    // (budget 2025, I-1705), and is not read as an instruction.
    let src = "I. – Substituer à l’alinéa 23 les quatre alinéas suivants :\n\n« 3° Le I est ainsi modifié :\n\na) Le taux : « 20 % » est remplacé par le taux : « 30 % » ;\n\nII. – Supprimer l’alinéa 25.";
    let e = engine::parse(src, false).unwrap_err();
    assert_eq!(e.line_column(src), (5, 1));
    assert!(
        e.to_string()
            .ends_with("expected as many alinéas as the instruction announces"),
        "{e}"
    );
    // The drafter's count wrong, the quotation whole (it ends at the next
    // part): the quoted text is taken.
    assert_eq!(
        summaries(
            "I. – Après l’alinéa 1, insérer les trois alinéas suivants :\n\n« a ;\n\n« b. »\n\nII. – Supprimer l’alinéa 5."
        ),
        ["insert 2 alinéas after alinéa 1", "delete alinéa 5"]
    );
}

// ---- applying, on real text ----

#[test]
fn word_and_sentence_operations_apply_to_real_text() {
    let a = restored();
    // Alinéa 6 of the text: "Les opérateurs … ne peuvent exciper d’arguments
    // contractuels ou techniques pour faire obstacle à cette obligation."
    let out = apply(&a, "À l’alinéa 6, substituer aux mots :\n\n« contractuels ou techniques »\n\nles mots :\n\n« contractuels ».").unwrap();
    assert!(lines(&out)[5].contains("d’arguments contractuels pour faire obstacle"));
    // Delete the second sentence of alinéa 5 (three sentences).
    let out = apply(&a, "Supprimer la deuxième phrase de l’alinéa 5.").unwrap();
    let l5 = &flat(&lines(&out)[4]);
    assert!(
        l5.contains("L. 801‑1. Ces dispositifs techniques ne peuvent"),
        "{l5}"
    );
    assert!(!l5.contains("Ils doivent exclure"));
    // Complete the first alinéa: before its final colon.
    let out = apply(
        &a,
        "Compléter l’alinéa 1 par les mots :\n\n« et le code pénal »",
    )
    .unwrap();
    assert_eq!(
        flat(&lines(&out)[0]),
        "I. – Le code de la sécurité intérieure est ainsi modifié et le code pénal :"
    );
    // A division: the a) of the 3°.
    let out = apply(
        &a,
        "Au a) du 3° du I, supprimer les mots :\n\n« de communications électroniques ».",
    )
    .unwrap();
    let l = lines(&out);
    assert!(
        flat(&l[9])
            .starts_with("a) Au premier alinéa, les mots : « mentionnés à l’article L. 34‑1"),
        "{}",
        l[9]
    );
}

#[test]
fn numbers_map_through_earlier_edits() {
    let a = restored();
    let mut d = Draft::new(&a);
    // Strike alinéa 2, then amend alinéa 6 as the tabled text numbers it.
    d.apply(&engine::parse("Supprimer l’alinéa 2.", false).unwrap())
        .unwrap();
    d.apply(
        &engine::parse(
            "Après l’alinéa 3, insérer l’alinéa suivant :\n\n« Nouveau. »",
            false,
        )
        .unwrap(),
    )
    .unwrap();
    d.apply(
        &engine::parse(
            "À l’alinéa 6, supprimer les mots :\n\n« ou techniques ».",
            false,
        )
        .unwrap(),
    )
    .unwrap();
    let l = lines(&d.article());
    assert_eq!(l.len(), 56);
    assert_eq!(l[2], "Nouveau.");
    assert!(
        l[5].contains("contractuels pour faire obstacle"),
        "{}",
        l[5]
    );
    // Alinéa 2 is gone: a later amendment on it fails, precisely.
    let err = d
        .apply(&engine::parse("Supprimer l’alinéa 2.", false).unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "alinéa 2 of article 8 ter was struck by an earlier change"
    );
}

#[test]
fn failures_are_precise() {
    let a = restored();
    let e = apply(&a, "Supprimer l’alinéa 57.").unwrap_err();
    assert_eq!(e, "alinéa 57 does not exist: article 8 ter has 56 alinéas");
    let fr = |e: &str| {
        let Err(e) = Draft::new(&a).apply(&engine::parse(e, false).unwrap()) else {
            panic!("{e} applies")
        };
        amendo::i18n::Lang::Fr.reason(&e.into())
    };
    assert_eq!(
        fr("Supprimer l’alinéa 57."),
        "l’alinéa 57 n’existe pas : l’article 8 ter compte 56 alinéas"
    );
    assert_eq!(
        fr("À l’alinéa 7, supprimer les mots :\n\n« ou techniques »."),
        "« ou techniques » ne figure pas dans l’alinéa 7 de l’article 8 ter"
    );
    let e = apply(
        &a,
        "À l’alinéa 7, supprimer les mots :\n\n« ou techniques ».",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "« ou techniques » not found in alinéa 7 of article 8 ter"
    );
    let e = apply(&a, "Supprimer la quatrième phrase de l’alinéa 1.").unwrap_err();
    assert_eq!(
        e,
        "sentence 4 does not exist: alinéa 1 of article 8 ter has 1 sentence"
    );
    let e = apply(&a, "Au 9° du I, supprimer les mots :\n\n« a ».").unwrap_err();
    assert_eq!(e, "article 8 ter has no division « 9° »");
    let e = apply(&a, "À l’alinéa 1, substituer à la troisième occurrence du mot :\n\n« code »\n\nle mot :\n\n« x ».").unwrap_err();
    assert_eq!(
        e,
        "occurrence 3 of « code » does not exist: alinéa 1 of article 8 ter has 1"
    );
    // Nothing is half applied: the draft is unchanged after a failure.
    let mut d = Draft::new(&a);
    let ops = engine::parse("Supprimer l’alinéa 1.\n\nSupprimer l’alinéa 99.", false).unwrap();
    assert!(d.apply(&ops).is_err());
    assert_eq!(d.article(), a);
}

// ---- the parse command ----

#[test]
fn parse_command_text_json_and_errors() {
    let p = Project::empty();
    p.write(
        "a.txt",
        "À l’alinéa 7, supprimer les mots :\n\n« ou techniques ».\n",
    );
    let r = p.run(&["parse", &p.path().join("a.txt").display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "1. strike « ou techniques » in alinéa 7\n");
    let r = p.run(&[
        "--format",
        "json",
        "parse",
        &p.path().join("a.txt").display().to_string(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["operations"][0]["op"], "delete-words");
    assert_eq!(v["operations"][0]["at"]["alineas"][0], 7);
    assert_eq!(v["operations"][0]["old"]["words"], "ou techniques");
    p.write(
        "b.txt",
        "Supprimer l’alinéa 3.\n\nII. – À l’alinéa 4, tourner les mots :\n\n« a ».\n",
    );
    let path = p.path().join("b.txt").display().to_string();
    let r = p.run(&["parse", &path]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with(&format!("{path}:3:21: cannot read « tourner les mots")),
        "{}",
        r.stderr
    );
    // An amendment source: the error points into the file, for a block
    // scalar and for a one-line instruction alike.
    p.write("c.yaml", "number: \"1\"\narticle: \"2\"\ninstruction: |-\n  Supprimer l’alinéa 3.\n\n  À l’alinéa 4, tourner les mots.\n");
    let path = p.path().join("c.yaml").display().to_string();
    let r = p.run(&["parse", &path]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with(&format!("{path}:6:17: cannot read « tourner")),
        "{}",
        r.stderr
    );
    p.write(
        "d.yaml",
        "number: \"1\"\narticle: \"2\"\ninstruction: \"À l’alinéa 4, tourner les mots.\"\n",
    );
    let path = p.path().join("d.yaml").display().to_string();
    let r = p.run(&["parse", &path]);
    assert!(
        r.stderr
            .starts_with(&format!("{path}:3:29: cannot read « tourner")),
        "{}",
        r.stderr
    );
    let r = p.run(&[
        "parse",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/amendments/narcotrafic/an-1-seance/997.yaml"
        ),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2);
}

// ---- properties: apply, diff, find the operation's change ----

/// Real words to build alinéas from (article 8 ter as 640 restored it).
const WORDS: &[&str] = &[
    "opérateurs",
    "personnes",
    "mentionnés",
    "prestations",
    "cryptologie",
    "confidentialité",
    "agents",
    "autorisés",
    "contenu",
    "intelligible",
    "informations",
    "documents",
    "données",
    "renseignements",
    "collecte",
    "autorisation",
    "techniques",
    "recueil",
    "dispositifs",
    "secret",
    "correspondances",
    "protection",
];

fn alinea() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 3..12)
        .prop_map(|w| format!("{}.", w.join(" ")))
}

fn text() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(alinea(), 1..12)
}

fn article_of(t: &[String]) -> Article {
    Article {
        id: "x".into(),
        number: "1er".into(),
        lines: t.iter().cloned().map(Line::Alinea).collect(),
    }
}

fn changes(old: &Article, new: &Article) -> Vec<(EntryKind, Option<usize>, Option<usize>)> {
    diff::diff_articles(Some(old), Some(new), &Options::default())
        .entries
        .into_iter()
        .filter(|e| e.kind != EntryKind::Same)
        .map(|e| {
            (
                e.kind,
                e.old.and_then(|s| s.alinea),
                e.new.and_then(|s| s.alinea),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn replacing_a_word_changes_that_alinea_only(t in text(), k in 0usize..12, w in 0usize..22) {
        let k = k % t.len();
        let words: Vec<&str> = t[k].trim_end_matches('.').split(' ').collect();
        let old = words[w % words.len()];
        let a = article_of(&t);
        let op = Operation::ReplaceWords {
            at: Place::alinea(k + 1),
            old: Words { words: old.into(), occurrence: vec![engine::Nth::Index(1)] },
            new: "nouveauté".into(),
        };
        let mut d = Draft::new(&a);
        d.apply(std::slice::from_ref(&op)).unwrap();
        let out = d.article();
        prop_assert_eq!(changes(&a, &out), vec![(EntryKind::Changed, Some(k + 1), Some(k + 1))]);
        // And the instruction that says it parses back to the same operation.
        let instruction = format!(
            "À l’alinéa {}, substituer à la première occurrence du mot :\n\n« {old} »\n\nle mot :\n\n« nouveauté ».",
            k + 1
        );
        prop_assert_eq!(engine::parse(&instruction, false).unwrap(), vec![op]);
    }

    #[test]
    fn deleting_an_alinea_deletes_that_alinea(t in text(), k in 0usize..12) {
        let k = k % t.len();
        let a = article_of(&t);
        // Skip texts where the same alinéa is repeated: the diff may pick either.
        prop_assume!(t.iter().filter(|x| **x == t[k]).count() == 1);
        let ops = engine::parse(&format!("Supprimer l’alinéa {}.", k + 1), false).unwrap();
        let mut d = Draft::new(&a);
        d.apply(&ops).unwrap();
        let out = d.article();
        if t.len() == 1 {
            prop_assert!(out.lines.is_empty());
        } else {
            prop_assert_eq!(changes(&a, &out), vec![(EntryKind::Deleted, Some(k + 1), None)]);
        }
    }

    #[test]
    fn inserting_alineas_inserts_them_there(t in text(), k in 0usize..12, new in prop::collection::vec(alinea(), 1..4)) {
        let k = k % t.len();
        let a = article_of(&t);
        prop_assume!(new.iter().all(|n| !t.contains(n)));
        let op = Operation::InsertAlineas { side: Side::After, at: Place::alinea(k + 1), text: new.clone() };
        let mut d = Draft::new(&a);
        d.apply(std::slice::from_ref(&op)).unwrap();
        let out = d.article();
        let want: Vec<_> = (0..new.len()).map(|i| (EntryKind::Inserted, None, Some(k + 2 + i))).collect();
        prop_assert_eq!(changes(&a, &out), want);
        let quoted: Vec<String> = new.iter().map(|n| format!("« {n}")).collect();
        let instruction = format!(
            "Après l’alinéa {}, insérer les {} alinéas suivants :\n\n{} »",
            k + 1, new.len(), quoted.join("\n\n")
        );
        prop_assert_eq!(engine::parse(&instruction, false).unwrap(), vec![op]);
    }

    #[test]
    fn completing_adds_words_before_the_final_point(t in text(), k in 0usize..12) {
        let k = k % t.len();
        let a = article_of(&t);
        let ops = engine::parse(&format!("Compléter l’alinéa {} par les mots :\n\n« sans délai ».", k + 1), false).unwrap();
        let mut d = Draft::new(&a);
        d.apply(&ops).unwrap();
        let out = d.article();
        prop_assert_eq!(changes(&a, &out), vec![(EntryKind::Changed, Some(k + 1), Some(k + 1))]);
        prop_assert_eq!(lines(&out)[k].clone(), format!("{} sans délai.", t[k].trim_end_matches('.')));
    }
}

// ---- derived texts, check, additional articles in the store ----

const BILL: &str = "title: Mini bill\njurisdiction: fr\nlanguage: fr\ngroups:\n  A: Groupe A\nstages:\n  - id: depot\n    label: Texte déposé\n    chamber: assemblee\n    kind: introduced\n    date: 2025-01-10\n    text: depot.md\n  - id: commission\n    label: Commission\n    chamber: assemblee\n    kind: committee\n    date: 2025-02-10\n    text: commission.md\n";

fn amendment(number: &str, article: &str, instruction: &str) -> String {
    let body: String = instruction.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "number: {number}\narticle: \"{article}\"\nauthors:\n  - Jeanne Martin\ngroup: A\nfiled: 2025-02-01\noutcome: adopted\ndecided: 2025-02-05T10:00:00+01:00\ninstruction: |-\n{body}"
    )
}

#[test]
fn check_reports_where_derived_and_official_texts_differ() {
    let p = Project::empty();
    p.write("bills/mini/bill.yaml", BILL);
    p.write(
        "bills/mini/depot.md",
        "## Article 1er\n\nLe délai est de trois mois.\n\nIl court à compter de la notification.\n",
    );
    // The committee's official text, and two adopted amendments: the first
    // is in the official text, the second is not.
    p.write(
        "bills/mini/commission.md",
        "## Article 1er\n\nLe délai est de six mois.\n\nIl court à compter de la notification.\n",
    );
    p.write(
        "amendments/mini/commission/CL1.yaml",
        amendment(
            "CL1",
            "1er",
            "À l’alinéa 1, substituer au mot :\n\n« trois »\n\nle mot :\n\n« six ».",
        ),
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "ok: 1 bill, 2 stages, 1 amendments\n");
    p.write(
        "amendments/mini/commission/CL2.yaml",
        amendment("CL2", "1er", "Supprimer l’alinéa 2."),
    );
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "ok: 1 bill, 2 stages, 2 amendments\n\
         1 article where the derived text and the official text differ:\n  \
         mini commission article 1er: 1 alinéa differs, first alinéa 2\n    \
         derived:  (none)\n    \
         official: « Il court à compter de la notification. »\n"
    );
    let r = p.run(&["--format", "json", "check"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["disagreements"][0]["article"], "1er");
    assert_eq!(v["disagreements"][0]["alinea"], 2);
}

#[test]
fn derived_stage_and_additional_article_in_the_store() {
    let p = Project::empty();
    // No official committee text: it is derived.
    p.write(
        "bills/mini/bill.yaml",
        BILL.replace("    text: commission.md\n", ""),
    );
    p.write(
        "bills/mini/depot.md",
        "## Article 1er\n\nLe délai est de trois mois.\n\n## Article 2\n\nTexte de l’article 2.\n",
    );
    p.write(
        "amendments/mini/commission/CL1.yaml",
        amendment(
            "CL1",
            "1er",
            "Compléter l’alinéa 1 par les mots :\n\n« , renouvelable une fois ».",
        ),
    );
    p.write(
        "amendments/mini/commission/CL2.yaml",
        amendment(
            "CL2",
            "après 1er",
            "Le Gouvernement remet un rapport au Parlement.",
        ),
    );
    let r = p.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = p.run(&["text", "mini", "1er", "--at", "commission"]);
    assert_eq!(
        r.stdout.trim_end(),
        "Le délai est de trois mois, renouvelable une fois."
    );
    // The additional article sits between 1er and 2 in the derived text.
    let r = p.run(&[
        "--format",
        "json",
        "diff",
        "mini",
        "--from",
        "depot",
        "--to",
        "commission",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["1er", "add-commission-cl2"], "{}", r.stdout);
    let structure =
        common::git(&p.store(), &["show", "refs/tags/mini/commission:bill.json"]).stdout;
    let first = structure.find("\"1er\"").unwrap();
    let added = structure.find("add-commission-cl2").unwrap();
    let second = structure.find("\"2\"").unwrap();
    assert!(first < added && added < second, "{structure}");
    let r = p.run(&["show", "mini", "CL2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Le Gouvernement remet un rapport au Parlement."),
        "{}",
        r.stdout
    );
}

// ---- both chambers' drafting (issue: the Sénat's style, older amendments) ----

#[test]
fn senat_style_reads_place_lines_and_unquoted_words() {
    // Sénat floor amendment A-3 (2013), as La Fabrique gives it.
    assert_eq!(
        summaries(
            "I.- Alinéa 20\n\nRemplacer les mots :\n\npeuvent associer\n\npar les mots :\n\nassocient\n\n\
             II.- Alinéa 49\n\nAprès les mots :\n\narticle L. 719-1,\n\nla fin de cet alinéa est ainsi rédigée :\n\n\
             au moins 75% des établissements devant être représentés dans chaque liste"
        ),
        [
            "replace « peuvent associer » with « associent » in alinéa 20",
            "rewrite the end of alinéa 49 after « article L. 719-1, » as « au moins 75% des établissements devant être représentés dans chaque liste »",
        ]
    );
    // Numbered items under one place (Sénat amendment 4, 2013).
    assert_eq!(
        summaries(
            "Alinéa 60\n\n1° Première phrase\n\nRemplacer le mot :\n\nauxquels\n\npar les mots :\n\navec lesquels\n\n\
             2° Deuxième phrase\n\nSupprimer les mots :\n\nl’établissement public et\n\net le mot :\n\nlui"
        ),
        [
            "replace « auxquels » with « avec lesquels » in sentence 1 of alinéa 60",
            "strike « l’établissement public et » in sentence 2 of alinéa 60",
            "strike « lui » in sentence 2 of alinéa 60",
        ]
    );
    // Straight quotes (the Sénat's CSV, 2014), a place then its deletion.
    assert_eq!(
        summaries("Alinéas 6 et 7\n\nSupprimer ces alinéas."),
        ["delete alinéa 6, alinéa 7"]
    );
    assert_eq!(
        summaries(
            "Alinéa 4\n\nAprès le mot :\n\n\"télésurveillance\"\n\ninsérer les mots :\n\n\"et de suivi\""
        ),
        ["insert « et de suivi » after « télésurveillance » in alinéa 4"]
    );
    assert_eq!(
        summaries(
            "Après l'alinéa 86\n\nInsérer un alinéa ainsi rédigé :\n\n« – soit l’essence ; »"
        ),
        ["insert 1 alinéa after alinéa 86"]
    );
    assert_eq!(
        summaries("Les alinéas 1 et 2 sont supprimés."),
        ["delete alinéa 1, alinéa 2"]
    );
    assert_eq!(
        summaries(
            "Alinéa 32, première phrase\n\nCompléter cette phrase par les mots :\n\net de suivi"
        ),
        ["complete sentence 1 of alinéa 32 with « et de suivi »"]
    );
    // A header ends with its line (COM-163, 2013): the next line's place is
    // its own.
    assert_eq!(
        summaries(
            "Alinéa 8\n\nÀ la deuxième phrase de cet alinéa, substituer aux mots :\n\n« deux sièges »\n\nles mots :\n\n« un siège »."
        ),
        ["replace « deux sièges » with « un siège » in sentence 2 of alinéa 8"]
    );
}

#[test]
fn compensation_clauses_and_placeholder_numbers() {
    // The Sénat's gage: "... –" stands for the number the services assign.
    assert_eq!(
        summaries(
            "I. – Alinéa 3\n\nSupprimer cet alinéa.\n\n\
             II. – Pour compenser la perte de recettes résultant du I, compléter cet article par un paragraphe ainsi rédigé :\n\n\
             ... – La perte de recettes résultant pour l’État du I est compensée, à due concurrence, par la création d’une taxe additionnelle."
        ),
        ["delete alinéa 3", "insert 1 alinéa after the article",]
    );
    // The Assemblée's: the new paragraph itself.
    let ops = engine::parse(
        "I. – Supprimer l’alinéa 3.\n\nII. – La perte de recettes pour l’État est compensée à due concurrence par la création d’une taxe additionnelle.",
        false,
    )
    .unwrap();
    assert_eq!(
        ops[1],
        Operation::InsertAlineas {
            side: Side::After,
            at: Place::article(),
            text: vec!["II. – La perte de recettes pour l’État est compensée à due concurrence par la création d’une taxe additionnelle.".into()],
        }
    );
}

#[test]
fn notes_and_banners_are_set_aside_never_applied() {
    let ops = engine::parse(
        "Amendement déposé en application de l’article 98 du Règlement.\n\nSupprimer l’alinéa 3.\n\nAmendement rédactionnel.",
        false,
    )
    .unwrap();
    assert_eq!(ops.len(), 3);
    assert_eq!(ops[0].summary(), "delete alinéa 3");
    assert!(matches!(&ops[1], Operation::Note { text } if text.contains("Règlement")));
    assert!(matches!(&ops[2], Operation::Note { text } if text == "Amendement rédactionnel."));
    // A note is never applied: the article changes only by the deletion.
    let article = Article {
        id: "x".into(),
        number: "1".into(),
        lines: vec![
            Line::Alinea("Un.".into()),
            Line::Alinea("Deux.".into()),
            Line::Alinea("Trois.".into()),
        ],
    };
    let mut d = Draft::new(&article);
    d.apply(&ops).unwrap();
    assert_eq!(lines(&d.article()), ["Un.", "Deux."]);
    // A note alone is not an instruction.
    assert!(engine::parse("Amendement de précision.", false).is_err());
    // A new text citing a règlement is text, not a banner.
    assert_eq!(
        summaries(
            "Rédiger ainsi cet article :\n\nLe règlement intérieur est fixé par décret.\n\nIl est publié."
        ),
        ["rewrite the article (2 alinéas)"]
    );
}

#[test]
fn an_instruction_is_read_completely_or_not_at_all() {
    // Every word is placed, or the error points at the first that is not.
    let src = "Alinéa 4\n\nSupprimer cet alinéa et tourner la page.";
    let e = engine::parse(src, false).unwrap_err();
    let (line, column) = e.line_column(src);
    assert_eq!((line, column), (3, 25), "{e}");
    assert!(
        e.to_string()
            .starts_with("cannot read « tourner la page. »"),
        "{e}"
    );
    // A place on its own line with nothing to do there.
    assert!(engine::parse("Alinéa 4", false).is_err());
    // « À la fin » under a header is the end of the header's place, never
    // the article's: alinéas cannot be added at the end of an alinéa.
    assert!(
        engine::parse(
            "Alinéa 5\n\nÀ la fin, insérer l’alinéa suivant :\n\n« Texte. »",
            false
        )
        .is_err()
    );
}

#[test]
fn additional_article_header_is_read_apart_from_the_new_text() {
    // The Sénat's header on two lines, then the new article unquoted
    // (amendment I-744, 2019, trimmed).
    let ops = engine::parse(
        "Après l’article 2 quinquies\n\nInsérer un article additionnel ainsi rédigé :\n\n\
         I. – Le code général des impôts est ainsi modifié :\n\n1° Le chapitre I bis est rétabli.",
        true,
    )
    .unwrap();
    assert_eq!(
        ops,
        vec![Operation::InsertArticle {
            text: vec![
                "I. – Le code général des impôts est ainsi modifié :".into(),
                "1° Le chapitre I bis est rétabli.".into()
            ],
            header: Some(
                "Après l’article 2 quinquies Insérer un article additionnel ainsi rédigé :".into()
            ),
        }]
    );
    // A one-line header and an unquoted body: the body is the article.
    let ops = engine::parse(
        "Après l’article 17, insérer un article additionnel ainsi rédigé :\n\nLe Gouvernement remet un rapport.",
        true,
    )
    .unwrap();
    assert!(
        matches!(&ops[0], Operation::InsertArticle { text, .. } if text == &["Le Gouvernement remet un rapport."])
    );
    // A banner is set aside, not article text.
    let ops = engine::parse(
        "Amendement déposé en application de l’article 98 du Règlement.\n\n« Le Gouvernement remet un rapport. »",
        true,
    )
    .unwrap();
    assert!(
        matches!(&ops[0], Operation::InsertArticle { text, header: None } if text == &["Le Gouvernement remet un rapport."])
    );
    assert!(matches!(&ops[1], Operation::Note { .. }));
    // A header with no text, or an instruction that amends, is refused.
    assert!(
        engine::parse(
            "Après l’article 17, insérer un article additionnel ainsi rédigé :",
            true
        )
        .is_err()
    );
    assert!(engine::parse("Compléter l’alinéa 3 par les mots : « et ».", true).is_err());
}

#[test]
fn sub_amendments_of_an_additional_article_amend_its_text() {
    use amendo::model::{Amendment, Outcome, Target};
    let date = amendo::date::LegalTime::parse("2025-03-20").unwrap();
    let sub = Amendment {
        number: "2".into(),
        stage: "s".into(),
        article: Target::parse("après 17"),
        authors: vec!["X".into()],
        group: None,
        filed: date,
        outcome: Outcome::Adopted,
        decided: Some(date),
        parent: Some("1".into()),
        identical: Vec::new(),
        instruction: "À l’alinéa 2, substituer au mot :\n\n« rapport »\n\nle mot :\n\n« bilan »."
            .into(),
        operations: None,
        credits: Vec::new(),
        explanation: None,
        vote: None,
        source: None,
    };
    let ops = history::operations(&sub).unwrap();
    assert_eq!(ops.len(), 1);
    assert!(matches!(&ops[0], Operation::ReplaceWords { .. }), "{ops:?}");
    // Real: CL651, on the additional article CL471 (narcotrafic, after
    // 23 quater), was read as a new article of four alinéas.
    let data = narcotrafic();
    let cl651 = data
        .amendments
        .iter()
        .find(|a| a.stage == "an-1-commission" && a.number == "CL651")
        .unwrap();
    assert_eq!(cl651.article.position, Position::After);
    assert_eq!(
        history::operations(cl651)
            .unwrap()
            .iter()
            .map(Operation::summary)
            .collect::<Vec<_>>(),
        ["replace « ans » with « mois » in sentence 1 of alinéa 15"]
    );
}

#[test]
fn the_same_substitution_repeats_only_a_substitution() {
    // After a deletion, "the same substitution" has nothing to repeat.
    assert!(
        engine::parse(
            "I. – Supprimer l’alinéa 3.\n\nII. – En conséquence, procéder à la même substitution à l’alinéa 5.",
            false
        )
        .is_err()
    );
    // It repeats the latest substitution, not the deletion after it.
    assert_eq!(
        summaries(
            "I. – À l’alinéa 3, substituer au mot :\n\n« trois »\n\nle mot :\n\n« cinq ».\n\n\
             II. – Supprimer l’alinéa 4.\n\nIII. – En conséquence, procéder à la même substitution à l’alinéa 5."
        ),
        [
            "replace « trois » with « cinq » in alinéa 3",
            "delete alinéa 4",
            "replace « trois » with « cinq » in alinéa 5",
        ]
    );
    // Real: CL95 repeats a suppression as a suppression.
    assert_eq!(
        summaries(
            "I. – À l’alinéa 13, supprimer les mots :\n\n« , à défaut, ».\n\n\
             II. – En conséquence, procéder à la même suppression à l’alinéa 18."
        ),
        [
            "strike « , à défaut, » in alinéa 13",
            "strike « , à défaut, » in alinéa 18"
        ]
    );
}

#[test]
fn a_place_inside_a_place_is_one_place_or_an_error() {
    // A sentence of the alinéa before: one place.
    assert_eq!(
        summaries(
            "À l’alinéa 4, à la première phrase, substituer au mot :\n\n« a »\n\nle mot :\n\n« b »."
        ),
        ["replace « a » with « b » in sentence 1 of alinéa 4"]
    );
    // A division inside an alinéa is not two places.
    let e = engine::parse(
        "À l’alinéa 4, au 2°, substituer au mot :\n\n« a »\n\nle mot :\n\n« b ».",
        false,
    )
    .unwrap_err();
    assert!(e.to_string().contains("au 2°"), "{e}");
}

#[test]
fn a_sub_amendment_completing_a_quoted_alinea_stays_inside_the_quotation() {
    // Floor amendment 247 (narcotrafic, article 3) and its sub-amendment 1012.
    let parent = "Après l’alinéa\u{a0}6, insérer l’alinéa\u{a0}suivant\u{a0}:\n\n«\u{a0}Le maire est informé par le procureur de la République des jugements devenus définitifs.\u{a0}»";
    let sub = engine::parse("Compléter l’alinéa\u{a0}2 par les mots\u{a0}:\n\n«\u{a0}commises sur le territoire de sa commune\u{a0}».", false).unwrap();
    let amended = engine::amend_instruction("amendment 247", parent, &sub).unwrap();
    assert!(
        flat(&amended).ends_with(
            "des jugements devenus définitifs commises sur le territoire de sa commune. »"
        ),
        "{amended}"
    );
    // The same with the instruction's period after the closing mark.
    let parent = format!("{parent}.");
    let amended = engine::amend_instruction("amendment 247", &parent, &sub).unwrap();
    assert!(
        flat(&amended).ends_with("définitifs commises sur le territoire de sa commune. »."),
        "{amended}"
    );
    let reparsed = engine::parse(&amended, false).unwrap();
    assert!(
        matches!(&reparsed[0], Operation::InsertAlineas { text, .. } if flat(&text[0]).ends_with("de sa commune."))
    );
}

#[test]
fn identical_amendments_are_inferred_and_applied_once() {
    // The Sénat's data lists no identical amendments: two adopted amendments
    // with the same target and dispositif (up to spacing and quotation
    // marks) are identical, shown so, and applied once.
    let p = Project::empty();
    p.write(
        "bills/mini/bill.yaml",
        BILL.replace("    text: commission.md\n", "")
            .replace("chamber: assemblee", "chamber: senat"),
    );
    p.write("bills/mini/depot.md", "## Article 1er\n\nUn.\n\nDeux.\n");
    p.write(
        "amendments/mini/commission/COM-1.yaml",
        amendment(
            "COM-1",
            "1er",
            "Après l’alinéa 1, insérer l’alinéa suivant :\n\n« Un bis. »",
        ),
    );
    p.write(
        "amendments/mini/commission/COM-2.yaml",
        amendment(
            "COM-2",
            "1er",
            "Après l’alinéa 1,  insérer l’alinéa suivant :\n\n«\u{a0}Un bis.\u{a0}»",
        ),
    );
    let project = amendo::source::load_project(p.path()).expect("valid");
    let data = &project.bills[0];
    let identical: Vec<(&str, &[String])> = data
        .amendments
        .iter()
        .map(|a| (a.number.as_str(), a.identical.as_slice()))
        .collect();
    assert_eq!(
        identical,
        [
            ("COM-1", &["COM-2".to_owned()][..]),
            ("COM-2", &["COM-1".to_owned()][..])
        ]
    );
    let h = history::compute(data);
    let text = h.stages[1].text.articles().next().unwrap();
    assert_eq!(lines(text), ["Un.", "Un bis.", "Deux."]);
    // A stage whose data lists identical amendments is taken as it is.
    p.write(
        "amendments/mini/commission/COM-3.yaml",
        amendment("COM-3", "1er", "Supprimer l’alinéa 2.")
            .replace("instruction:", "identical: [\"COM-4\"]\ninstruction:"),
    );
    p.write(
        "amendments/mini/commission/COM-4.yaml",
        amendment("COM-4", "1er", "Supprimer l’alinéa 2.")
            .replace("instruction:", "identical: [\"COM-3\"]\ninstruction:"),
    );
    let project = amendo::source::load_project(p.path()).expect("valid");
    assert!(
        project.bills[0]
            .amendments
            .iter()
            .find(|a| a.number == "COM-1")
            .unwrap()
            .identical
            .is_empty()
    );
}

#[test]
fn an_insertion_already_in_the_text_is_reported_not_duplicated() {
    let article = Article {
        id: "x".into(),
        number: "1".into(),
        lines: vec![Line::Alinea("Un.".into()), Line::Alinea("Deux.".into())],
    };
    let mut d = Draft::new(&article);
    let ins = engine::parse(
        "Après l’alinéa 1, insérer l’alinéa suivant :\n\n« Un bis. »",
        false,
    )
    .unwrap();
    d.apply(&ins).unwrap();
    let e = d.apply(&ins).unwrap_err();
    assert!(e.to_string().starts_with("already in the text"), "{e}");
    assert_eq!(lines(&d.article()), ["Un.", "Un bis.", "Deux."]);
}

#[test]
fn parse_command_reads_additional_articles_and_their_sub_amendments() {
    let p = Project::empty();
    // The Sénat's header on two lines: `parse` says what it took as the
    // header and where the new article starts.
    p.write(
        "add.yaml",
        "number: \"12\"\narticle: \"après 17\"\ninstruction: |-\n  Après l’article 17\n\n  Insérer un article additionnel ainsi rédigé :\n\n  Le Gouvernement remet un rapport au Parlement.\n",
    );
    let r = p.run(&["parse", &p.path().join("add.yaml").display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "1. insert an additional article (1 alinéa, from « Le Gouvernement remet un rapport au Parl… ») after the header « Après l’article 17 Insérer un article additionnel ainsi rédigé : »\n"
    );
    // Its sub-amendment amends that text: an instruction, not an article.
    p.write(
        "sub.yaml",
        "number: \"13\"\narticle: \"après 17\"\nparent: \"12\"\ninstruction: |-\n  À l’alinéa 1, substituer au mot :\n\n  « rapport »\n\n  le mot :\n\n  « bilan ».\n",
    );
    let r = p.run(&["parse", &p.path().join("sub.yaml").display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "1. replace « rapport » with « bilan » in alinéa 1\n"
    );
}

#[test]
fn words_struck_after_others_are_the_first_after_them() {
    // « Après le mot : « produisent », supprimer les mots : « ou les
    // atteintes » » (amendment 825 on narcotrafic, the Sénat's COM-107 too):
    // the words before the anchor stay.
    let article = Article {
        id: "a".into(),
        number: "1".into(),
        lines: vec![Line::Alinea(
            "Les faits ou les atteintes qui produisent ou les atteintes graves.".into(),
        )],
    };
    let ops = engine::parse(
        "À l’alinéa 1, après le mot :\n\n« produisent »,\n\nsupprimer les mots :\n\n« ou les atteintes ».",
        false,
    )
    .unwrap();
    assert_eq!(
        ops.iter().map(Operation::summary).collect::<Vec<_>>(),
        ["strike « ou les atteintes » after « produisent » in alinéa 1"]
    );
    let mut d = Draft::new(&article);
    d.apply(&ops).unwrap();
    assert_eq!(
        lines(&d.article()),
        ["Les faits ou les atteintes qui produisent graves."]
    );
    // None after the anchor: a precise error, nothing struck.
    let ops = engine::parse(
        "À l’alinéa 1, après le mot :\n\n« graves »,\n\nsupprimer les mots :\n\n« ou les atteintes ».",
        false,
    )
    .unwrap();
    let mut d = Draft::new(&article);
    assert_eq!(
        d.apply(&ops).unwrap_err().to_string(),
        "« ou les atteintes » not found in alinéa 1 of article 1"
    );
    assert_eq!(d.article(), article);
}

#[test]
fn words_replaced_each_by_its_own_need_as_many_new_words() {
    // « aux nombres : « 5 » et « 25 », le nombre : « 0 » »: which replaces
    // which is not said; the error points at the new words.
    let src =
        "À l’alinéa 14, substituer aux nombres :\n\n« 5 » et « 25 »,\n\nle nombre :\n\n« 0 ».";
    let e = engine::parse(src, false).unwrap_err();
    assert_eq!(e.line_column(src), (5, 1));
    assert_eq!(e.expected, "as many new words as words replaced");
}

#[test]
fn another_article_is_never_the_amended_one() {
    // « l’article » alone is the amended article; followed by what names
    // another, it is that other one.
    for src in [
        "Supprimer l’article 12.",
        "Supprimer l’article L. 221-1.",
        "Supprimer l’article premier.",
        "Supprimer l’article additionnel.",
        "Supprimer l’article du code des douanes.",
    ] {
        let read = engine::parse(src, false);
        assert!(
            !read
                .as_ref()
                .is_ok_and(|ops| ops.iter().any(|o| matches!(o, Operation::DeleteArticle))),
            "{src}: {read:?}"
        );
    }
}
