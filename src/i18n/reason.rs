//! Why an amendment's effect is not known, said in the bill's language from
//! the structure the history records ([`Reason`], the engine's
//! [`ApplyError`] and its places), never from the English wording the store
//! keeps beside it. The grammar's finer diagnostics (which word it
//! expected) stay in the JSON and in `amendo parse`; in French the reader
//! gets what failed and where.

use super::Lang;
use crate::engine::{
    Alineas, ApplyError, Axis, End, Nth, Place, Side, Span, Subject, TablePlace, Where,
};
use crate::history::Reason;
use crate::store::read::StoredAmendment;

impl Lang {
    /// Why an amendment's effect is not known, in this language.
    pub fn reason(self, why: &Reason) -> String {
        match self {
            Lang::En => why.to_string(),
            Lang::Fr => reason(why),
        }
    }

    /// Why a stored amendment's effect is not known: its recorded reason in
    /// this language, or, in a store an older amendo wrote (no structure
    /// recorded), its English wording as it stands.
    pub fn effect(self, a: &StoredAmendment) -> String {
        match &a.reason {
            Some(why) => self.reason(why),
            None => a.effect.clone(),
        }
    }
}

fn reason(why: &Reason) -> String {
    match why {
        Reason::Apply { error } => apply(error),
        Reason::Unreadable { found, .. } if found.is_empty() => {
            "sa rédaction s’interrompt avant d’être complète".to_owned()
        }
        Reason::Unreadable { found, .. } => {
            format!("sa rédaction n’a pas pu être lue à partir de « {found} »")
        }
        Reason::NoDispositif => "son dispositif n’est pas dans les données importées".to_owned(),
        Reason::Drafting { language } => {
            let which = match Lang::Fr.language_name(language) {
                Some(name) => format!("ceux de ce texte sont en {name}"),
                None if matches!(language.trim(), "" | "unknown") => {
                    "la langue de ce texte n’est pas indiquée (`language:` de son bill.yaml)"
                        .to_owned()
                }
                None => format!("ceux de ce texte sont dans la langue « {language} »"),
            };
            format!("amendo ne lit que les dispositifs rédigés en français ; {which}")
        }
        Reason::CreditTransfer { programmes } => format!(
            "un transfert de crédits entre {programmes} programmes : il modifie des montants de l’annexe budgétaire, pas le texte"
        ),
        Reason::NoText => "il n’y a pas de texte à modifier".to_owned(),
        Reason::NotInKnownText { article } => format!(
            "{} n’est pas dans la partie connue du texte sur lequel il a été déposé",
            article_the(article)
        ),
        Reason::GivenAsOperations { number } => format!(
            "l’amendement {number} est donné sous forme d’opérations, que des sous-amendements ne peuvent pas modifier"
        ),
        Reason::SubAmendment { number, reason: r } => {
            format!("sous-amendement {number} : {}", reason(r))
        }
        Reason::AsSubAmended {
            number: Some(n),
            reason: r,
        } => format!("amendement {n} tel que sous-amendé : {}", reason(r)),
        Reason::AsSubAmended {
            number: None,
            reason: r,
        } => format!("tel que sous-amendé : {}", reason(r)),
    }
}

fn apply(e: &ApplyError) -> String {
    match e {
        ApplyError::NoSuchArticle { article } => format!(
            "{} n’est pas dans le texte sur lequel l’amendement a été déposé",
            article_the(article)
        ),
        ApplyError::AlineasThere { count, side, at } => {
            let side = match side {
                Side::Before => "avant",
                Side::After => "après",
            };
            if *count == 1 {
                format!("déjà dans le texte : l’alinéa inséré {side} {}", place(at))
            } else {
                format!(
                    "déjà dans le texte : les {count} alinéas insérés {side} {}",
                    place(at)
                )
            }
        }
        ApplyError::RowsThere { count, at } => {
            if *count == 1 {
                format!("déjà dans le texte : la ligne insérée dans {}", place(at))
            } else {
                format!(
                    "déjà dans le texte : les {count} lignes insérées dans {}",
                    place(at)
                )
            }
        }
        ApplyError::EndsWith { at, words } => {
            format!(
                "déjà dans le texte : {} se termine par « {words} »",
                place(at)
            )
        }
        ApplyError::IntoArticle { subject: s } => format!(
            "un article additionnel se place à côté de {}, pas à l’intérieur",
            subject(s)
        ),
        ApplyError::Outside {
            subject: s,
            outside,
        } => format!(
            "la rédaction modifie une disposition extérieure à {} ({outside})",
            subject(s)
        ),
        ApplyError::NewStart { at } => format!(
            "le nouveau début {} ne se raccorde à aucun mot de l’ancien",
            of(&place(at))
        ),
        ApplyError::Empty { at } => format!("{} est vide", place(at)),
        ApplyError::NoSuchAlinea { alinea, at, count } => format!(
            "{} n’existe pas : {} compte {}",
            alinea_of(*alinea),
            place(at),
            plural(*count, "alinéa", "alinéas")
        ),
        ApplyError::NotKnown { alinea, at, known } => format!(
            "l’alinéa {alinea} {} n’est pas dans la partie connue du texte (seuls les alinéas 1 à {known} sont connus)",
            of(&place(at))
        ),
        ApplyError::Struck { alinea, at } => format!(
            "l’alinéa {alinea} {} a été supprimé par une modification précédente",
            of(&place(at))
        ),
        ApplyError::NoSuchDivision { division, at } => {
            format!("{} n’a pas de division « {division} »", place(at))
        }
        ApplyError::NoSuchSentence {
            sentence,
            at,
            count,
        } => format!(
            "{} n’existe pas : {} compte {}",
            feminine(*sentence, "phrase"),
            place(at),
            plural(*count, "phrase", "phrases")
        ),
        ApplyError::WordsNotFound { words, at } => {
            format!("« {words} » ne figure pas dans {}", place(at))
        }
        ApplyError::NoSuchOccurrence {
            words,
            occurrence,
            at,
            count,
        } => format!(
            "{} de « {words} » n’existe pas : {} n’en compte que {count}",
            feminine(*occurrence, "occurrence"),
            place(at)
        ),
        ApplyError::NoTable { at } => format!("{} ne contient aucun tableau", place(at)),
        ApplyError::WhichTable { at, count } => format!(
            "{} contient {count} tableaux et la rédaction ne dit pas lequel",
            place(at)
        ),
        ApplyError::NoSuchTable { table, at, count } => format!(
            "{} n’existe pas : {} en contient {count}",
            masculine(*table, "tableau"),
            place(at)
        ),
        ApplyError::NoSuchSpan { axis, n, at, count } => {
            let (one, many) = axis_nouns(*axis);
            format!(
                "{} n’existe pas : {} compte {}",
                feminine(*n, one),
                place(at),
                plural(*count, one, many)
            )
        }
        ApplyError::NoSuchHeader { axis, header, at } => format!(
            "{} n’a pas de {} « {header} »",
            place(at),
            axis_nouns(*axis).0
        ),
        ApplyError::NotRows { at } => format!(
            "les nouvelles lignes {} ne sont pas des lignes de tableau",
            of(&place(at))
        ),
        ApplyError::RowsApart { at } => {
            format!("{} : les lignes réécrites ne se suivent pas", place(at))
        }
        ApplyError::CellCount { at, cells, given } => format!(
            "{} : {} réécrites, le nouveau texte en donne {given}",
            place(at),
            plural(*cells, "cellule", "cellules")
        ),
        ApplyError::RowWidth { at, cells, columns } => format!(
            "{} : une nouvelle ligne a {}, le tableau {}",
            place(at),
            plural(*cells, "cellule", "cellules"),
            plural(*columns, "colonne", "colonnes")
        ),
        ApplyError::NotForTable { .. } => {
            "cette modification ne peut pas porter sur un tableau".to_owned()
        }
        ApplyError::EmptyCell { at, words } => {
            format!("{} est vide : « {words} » n’y figure pas", place(at))
        }
        ApplyError::NumberCell { at, number, words } => format!(
            "{} contient le nombre « {number} », et non « {words} »",
            place(at)
        ),
    }
}

/// « l’article 8 ter », « l’amendement 640 ».
fn subject(s: &Subject) -> String {
    match s {
        Subject::Article(n) => article_the(n),
        Subject::Amendment(n) => format!("l’amendement {n}"),
    }
}

fn article_the(number: &str) -> String {
    super::the(&Lang::Fr.article(number))
}

/// A place in a draft: « l’alinéa 4 de l’article 8 ter », « la deuxième
/// phrase du dernier alinéa du I de l’article 3 », « l’article 8 ter ».
fn place(w: &Where) -> String {
    let mut parts = place_parts(&w.place);
    parts.push(subject(&w.subject));
    let mut out = parts.remove(0);
    for p in parts {
        out.push(' ');
        out.push_str(&of(&p));
    }
    out
}

/// The parts of a place, the narrowest first, each with its article:
/// [« le début », « la deuxième phrase », « l’alinéa 4 », « le 2° », « le I »].
fn place_parts(p: &Place) -> Vec<String> {
    let mut parts = Vec::new();
    match p.end {
        Some(End::Start) => parts.push("le début".to_owned()),
        Some(End::End) => parts.push("la fin".to_owned()),
        None => {}
    }
    if !p.sentences.is_empty() {
        parts.push(list(p.sentences.iter().map(|n| feminine(*n, "phrase"))));
    }
    if let Some(t) = &p.table {
        parts.extend(table(t));
    }
    if !p.alineas.is_empty() {
        parts.push(list(p.alineas.iter().map(|a| match a {
            Alineas::One(n) => alinea_of(*n),
            Alineas::Range([a, b]) => format!("les alinéas {a} à {b}"),
        })));
    }
    for d in p.division.iter().rev() {
        parts.push(format!("le {d}"));
    }
    if let Some(o) = &p.outside {
        // The instruction's own words (« de l’article L. 34-18 du code… »).
        parts.push(o.trim_start_matches("de ").to_owned());
    }
    parts
}

/// A table's rows or columns, then the table: [« la troisième ligne »,
/// « le tableau »].
fn table(t: &TablePlace) -> Vec<String> {
    let spans = |v: &[Span], axis: Axis| {
        let (one, _) = axis_nouns(axis);
        list(v.iter().map(|s| match s {
            Span::One(n) => feminine(*n, one),
            Span::Range([a, b]) => format!(
                "les {} à {} {one}s",
                ordinal(*a, true).unwrap_or_else(|| a.to_string()),
                ordinal(*b, true).unwrap_or_else(|| b.to_string())
            ),
            Span::Header { header } => format!("la {one} « {header} »"),
        }))
    };
    let mut parts = Vec::new();
    match (t.rows.is_empty(), t.columns.is_empty()) {
        (true, true) => {}
        (false, true) => parts.push(spans(&t.rows, Axis::Row)),
        (true, false) => parts.push(spans(&t.columns, Axis::Column)),
        (false, false) => parts.push(format!(
            "{}, {}",
            spans(&t.rows, Axis::Row),
            spans(&t.columns, Axis::Column)
        )),
    }
    parts.push(match t.table {
        None => "le tableau".to_owned(),
        Some(n) => masculine(n, "tableau"),
    });
    parts
}

fn axis_nouns(axis: Axis) -> (&'static str, &'static str) {
    match axis {
        Axis::Row => ("ligne", "lignes"),
        Axis::Column => ("colonne", "colonnes"),
    }
}

/// « de » before a designation with its article: « du I », « des
/// alinéas 4 à 6 », « de l’alinéa 4 », « de la phrase 2 ».
fn of(designation: &str) -> String {
    if let Some(rest) = designation.strip_prefix("le ") {
        format!("du {rest}")
    } else if let Some(rest) = designation.strip_prefix("les ") {
        format!("des {rest}")
    } else {
        format!("de {designation}")
    }
}

/// « l’alinéa 4 », « le dernier alinéa », « l’avant-dernier alinéa ».
fn alinea_of(n: Nth) -> String {
    match n {
        Nth::Index(n) => format!("l’alinéa {n}"),
        Nth::FromEnd { from_end: 1 } => "le dernier alinéa".to_owned(),
        Nth::FromEnd { from_end: 2 } => "l’avant-dernier alinéa".to_owned(),
        Nth::FromEnd { from_end } => format!("l’alinéa situé {from_end}e en partant de la fin"),
    }
}

/// A feminine noun with its ordinal: « la deuxième phrase », « la dernière
/// ligne », « l’avant-dernière colonne », « la phrase 14 ».
fn feminine(n: Nth, noun: &str) -> String {
    match n {
        Nth::FromEnd { from_end: 1 } => format!("la dernière {noun}"),
        Nth::FromEnd { from_end: 2 } => format!("l’avant-dernière {noun}"),
        Nth::FromEnd { from_end } => format!("la {noun} située {from_end}e en partant de la fin"),
        Nth::Index(i) => match ordinal(n, true) {
            Some(o) => format!("la {o} {noun}"),
            None => elided(noun, &format!("{noun} {i}"), "la"),
        },
    }
}

/// A masculine noun with its ordinal: « le deuxième tableau ».
fn masculine(n: Nth, noun: &str) -> String {
    match n {
        Nth::FromEnd { from_end: 1 } => format!("le dernier {noun}"),
        Nth::FromEnd { from_end: 2 } => format!("l’avant-dernier {noun}"),
        Nth::FromEnd { from_end } => format!("le {noun} situé {from_end}e en partant de la fin"),
        Nth::Index(i) => match ordinal(n, false) {
            Some(o) => format!("le {o} {noun}"),
            None => elided(noun, &format!("{noun} {i}"), "le"),
        },
    }
}

fn elided(noun: &str, phrase: &str, article: &str) -> String {
    if super::elides(noun) {
        format!("l’{phrase}")
    } else {
        format!("{article} {phrase}")
    }
}

/// « première », « deuxième » … « dixième » (« premier » when masculine);
/// None past ten, where a number reads better.
fn ordinal(n: Nth, feminine: bool) -> Option<String> {
    const WORDS: [&str; 9] = [
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "sixième",
        "septième",
        "huitième",
        "neuvième",
        "dixième",
    ];
    match n {
        Nth::Index(1) => Some(if feminine { "première" } else { "premier" }.to_owned()),
        Nth::Index(i) if (2..=10).contains(&i) => Some(WORDS[i - 2].to_owned()),
        Nth::FromEnd { from_end: 1 } => {
            Some(if feminine { "dernière" } else { "dernier" }.to_owned())
        }
        _ => None,
    }
}

/// « 1 alinéa », « 12 alinéas », by the language's rule ([`Lang::is_singular`]).
fn plural(n: usize, one: &str, many: &str) -> String {
    if Lang::Fr.is_singular(n as i64) {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Items joined as French lists them: « a », « a et b », « a, b et c ».
fn list(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    match v.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Words;

    fn at(place: Place) -> Where {
        Where {
            place: Box::new(place),
            subject: Subject::Article("8 ter".to_owned()),
        }
    }

    #[test]
    fn history_reasons_read_in_french() {
        let fr = Lang::Fr;
        let known = Reason::NotInKnownText {
            article: "5 bis".to_owned(),
        };
        assert_eq!(
            fr.reason(&known),
            "l’article 5 bis n’est pas dans la partie connue du texte sur lequel il a été déposé"
        );
        assert_eq!(
            Lang::En.reason(&known),
            "article 5 bis is not in the known text it was tabled on"
        );
        assert_eq!(
            fr.reason(&Reason::NoDispositif),
            "son dispositif n’est pas dans les données importées"
        );
        let unread = Reason::Unreadable {
            found: "tourner les mots".to_owned(),
            expected: "a verb".to_owned(),
        };
        let voted = Reason::AsSubAmended {
            number: Some("640".to_owned()),
            reason: Box::new(unread.clone()),
        };
        assert_eq!(
            fr.reason(&voted),
            "amendement 640 tel que sous-amendé : sa rédaction n’a pas pu être lue à partir de « tourner les mots »"
        );
        assert_eq!(
            Lang::En.reason(&voted),
            "amendment 640 as sub-amended: cannot read « tourner les mots »: expected a verb"
        );
        let short = Reason::SubAmendment {
            number: "997".to_owned(),
            reason: Box::new(Reason::Unreadable {
                found: String::new(),
                expected: "a place".to_owned(),
            }),
        };
        assert_eq!(
            fr.reason(&short),
            "sous-amendement 997 : sa rédaction s’interrompt avant d’être complète"
        );
        assert_eq!(
            Lang::En.reason(&short),
            "sub-amendment 997: the instruction stops short: expected a place"
        );
        assert_eq!(
            fr.reason(&Reason::CreditTransfer { programmes: 4 }),
            "un transfert de crédits entre 4 programmes : il modifie des montants de l’annexe budgétaire, pas le texte"
        );
    }

    #[test]
    fn engine_errors_say_their_place_in_french() {
        let fr = |e: ApplyError| Lang::Fr.reason(&e.into());
        let en = |e: ApplyError| Lang::En.reason(&e.into());
        let words = ApplyError::WordsNotFound {
            words: "collaborateur ,".to_owned(),
            at: Where {
                place: Box::new(Place::alinea(5)),
                subject: Subject::Amendment("CL669".to_owned()),
            },
        };
        assert_eq!(
            fr(words.clone()),
            "« collaborateur , » ne figure pas dans l’alinéa 5 de l’amendement CL669"
        );
        assert_eq!(
            en(words),
            "« collaborateur , » not found in alinéa 5 of amendment CL669"
        );
        let known = ApplyError::NotKnown {
            alinea: 12,
            at: at(Place::article()),
            known: 10,
        };
        assert_eq!(
            fr(known.clone()),
            "l’alinéa 12 de l’article 8 ter n’est pas dans la partie connue du texte (seuls les alinéas 1 à 10 sont connus)"
        );
        assert_eq!(
            en(known),
            "alinéa 12 of article 8 ter is not in the known text (alinéas 1 to 10 are known)"
        );
        let start = ApplyError::NewStart {
            at: at(Place::alinea(3)),
        };
        assert_eq!(
            fr(start),
            "le nouveau début de l’alinéa 3 de l’article 8 ter ne se raccorde à aucun mot de l’ancien"
        );
        // Divisions, sentences and ends, narrowest first.
        let sentence = Place {
            division: vec!["I".to_owned(), "2°".to_owned()],
            alineas: vec![Alineas::One(Nth::LAST)],
            sentences: vec![Nth::Index(2)],
            end: Some(End::End),
            ..Place::default()
        };
        assert_eq!(
            fr(ApplyError::Empty { at: at(sentence) }),
            "la fin de la deuxième phrase du dernier alinéa du 2° du I de l’article 8 ter est vide"
        );
        let missing = ApplyError::NoSuchSentence {
            sentence: Nth::Index(3),
            at: at(Place::alinea(4)),
            count: 1,
        };
        assert_eq!(
            fr(missing),
            "la troisième phrase n’existe pas : l’alinéa 4 de l’article 8 ter compte 1 phrase"
        );
        let occurrence = ApplyError::NoSuchOccurrence {
            words: "services".to_owned(),
            occurrence: Nth::Index(2),
            at: at(Place {
                alineas: vec![Alineas::Range([4, 6])],
                ..Place::default()
            }),
            count: 1,
        };
        assert_eq!(
            fr(occurrence),
            "la deuxième occurrence de « services » n’existe pas : les alinéas 4 à 6 de l’article 8 ter n’en compte que 1"
        );
        let _ = Words {
            words: String::new(),
            occurrence: Vec::new(),
        };
    }

    #[test]
    fn tables_read_in_french() {
        let fr = |e: ApplyError| Lang::Fr.reason(&e.into());
        let cells = Place {
            alineas: vec![Alineas::One(Nth::Index(5))],
            table: Some(TablePlace {
                table: None,
                rows: vec![Span::One(Nth::Index(37))],
                columns: vec![Span::One(Nth::LAST)],
            }),
            ..Place::default()
        };
        assert_eq!(
            fr(ApplyError::NumberCell {
                at: at(cells),
                number: "1 200".to_owned(),
                words: "1 300".to_owned(),
            }),
            "la ligne 37, la dernière colonne du tableau de l’alinéa 5 de l’article 8 ter contient le nombre « 1 200 », et non « 1 300 »"
        );
        let header = ApplyError::NoSuchHeader {
            axis: Axis::Row,
            header: "Total".to_owned(),
            at: at(Place {
                table: Some(TablePlace::default()),
                ..Place::default()
            }),
        };
        assert_eq!(
            fr(header),
            "le tableau de l’article 8 ter n’a pas de ligne « Total »"
        );
    }

    #[test]
    fn every_reason_round_trips_through_the_store() {
        let r = Reason::SubAmendment {
            number: "1006".to_owned(),
            reason: Box::new(
                ApplyError::NoSuchAlinea {
                    alinea: Nth::LAST,
                    at: at(Place::article()),
                    count: 0,
                }
                .into(),
            ),
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Reason>(&json).unwrap(), r);
        assert_eq!(
            Lang::Fr.reason(&r),
            "sous-amendement 1006 : le dernier alinéa n’existe pas : l’article 8 ter compte 0 alinéa"
        );
    }
}
