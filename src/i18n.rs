//! Words, dates and numbers in a bill's language.
//!
//! Every front end that speaks to people (the site, and the command line where
//! it chooses to) asks this module how to write a date, a number, a count or
//! an interface word in the language of the bill it shows: « 20 mars 2025 »,
//! « 1 676 amendements », "1,676 amendments". French and English are known;
//! any other language code falls back to English, so nothing is ever left
//! untranslated by a missing entry (a test checks that every message has both).

use crate::date::LegalTime;
use crate::model::{Outcome, StageKind, Stance};

/// A language the interface speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// French.
    Fr,
    /// English (also the fallback for any other code).
    En,
}

impl Lang {
    /// The language for a bill's `language` code (`fr`, `fr-FR`, `en`…).
    pub fn from_code(code: &str) -> Lang {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The BCP 47 code for a `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar day: « 1er avril 2025 », « 20 mars 2025 », "20 March 2025".
/// The spaces are no-break spaces, so a date never splits across lines.
pub fn date(lang: Lang, t: &LegalTime) -> String {
    let (y, m, d) = t.date();
    let m = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Fr if d == 1 => format!("1er\u{a0}{}\u{a0}{y}", MONTHS_FR[m]),
        Lang::Fr => format!("{d}\u{a0}{}\u{a0}{y}", MONTHS_FR[m]),
        Lang::En => format!("{d}\u{a0}{}\u{a0}{y}", MONTHS_EN[m]),
    }
}

/// A day with its time when known: « 20 mars 2025 à 23 h 52 »,
/// "20 March 2025, 23:52".
pub fn date_time(lang: Lang, t: &LegalTime) -> String {
    let day = date(lang, t);
    match (t.hms, lang) {
        (Some((h, mi, _)), Lang::Fr) => format!("{day} à {h}\u{a0}h\u{a0}{mi:02}"),
        (Some((h, mi, _)), Lang::En) => format!("{day}, {h:02}:{mi:02}"),
        (None, _) => day,
    }
}

/// An integer with the language's digit grouping: « 1 676 » (a narrow
/// no-break space), "1,676"; « 14 522 » and "14,522". Numbers below ten
/// thousand are grouped too, as both typographies allow for counts.
pub fn number(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::Fr => "\u{202f}",
        Lang::En => ",",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// True when `n` takes the singular: French uses it for 0 and 1, English
/// for 1 only.
pub fn is_singular(lang: Lang, n: i64) -> bool {
    match lang {
        Lang::Fr => n.abs() <= 1,
        Lang::En => n == 1,
    }
}

/// A count with its noun: « 1 676 amendements », "1 amendment". `noun` is a
/// key of [`COUNTED`]; an unknown key is written as it is.
pub fn count(lang: Lang, n: i64, noun: &str) -> String {
    let forms = COUNTED.iter().find(|c| c.0 == noun);
    let word = match forms {
        Some(&(_, en1, en2, fr1, fr2)) => match (lang, is_singular(lang, n)) {
            (Lang::En, true) => en1,
            (Lang::En, false) => en2,
            (Lang::Fr, true) => fr1,
            (Lang::Fr, false) => fr2,
        },
        None => noun,
    };
    format!("{}\u{a0}{word}", number(lang, n))
}

/// Nouns [`count`] knows: key, English singular and plural, French singular
/// and plural.
pub const COUNTED: &[(&str, &str, &str, &str, &str)] = &[
    (
        "amendment",
        "amendment",
        "amendments",
        "amendement",
        "amendements",
    ),
    ("article", "article", "articles", "article", "articles"),
    ("stage", "stage", "stages", "étape", "étapes"),
    (
        "ballot",
        "public ballot",
        "public ballots",
        "scrutin public",
        "scrutins publics",
    ),
    ("alinea", "alinéa", "alinéas", "alinéa", "alinéas"),
    ("vote", "vote", "votes", "voix", "voix"),
    ("member", "member", "members", "député", "députés"),
    (
        "abstention",
        "abstention",
        "abstentions",
        "abstention",
        "abstentions",
    ),
    (
        "sub-amendment",
        "sub-amendment",
        "sub-amendments",
        "sous-amendement",
        "sous-amendements",
    ),
    ("bill", "bill", "bills", "texte", "textes"),
];

/// An amendment's outcome, as a reader says it.
pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    match lang {
        Lang::En => o.label(),
        Lang::Fr => match o {
            Outcome::Adopted => "adopté",
            Outcome::Rejected => "rejeté",
            Outcome::Withdrawn => "retiré",
            Outcome::Fallen => "tombé",
            Outcome::NotMoved => "non soutenu",
            Outcome::Inadmissible => "irrecevable",
            Outcome::Pending => "en attente",
        },
    }
}

/// A member's vote.
pub fn stance(lang: Lang, s: Stance) -> &'static str {
    match lang {
        Lang::En => s.label(),
        Lang::Fr => match s {
            Stance::For => "pour",
            Stance::Against => "contre",
            Stance::Abstention => "abstention",
            Stance::NotVoting => "non-votant",
        },
    }
}

/// The kind of a procedural step.
pub fn stage_kind(lang: Lang, k: StageKind) -> &'static str {
    match (lang, k) {
        (Lang::En, StageKind::Introduced) => "introduced",
        (Lang::En, StageKind::Committee) => "committee",
        (Lang::En, StageKind::Floor) => "plenary",
        (Lang::En, StageKind::JointCommittee) => "joint committee",
        (Lang::En, StageKind::Final) => "final text",
        (Lang::En, StageKind::Enacted) => "enacted",
        (Lang::Fr, StageKind::Introduced) => "texte déposé",
        (Lang::Fr, StageKind::Committee) => "commission",
        (Lang::Fr, StageKind::Floor) => "séance publique",
        (Lang::Fr, StageKind::JointCommittee) => "commission mixte paritaire",
        (Lang::Fr, StageKind::Final) => "texte définitif",
        (Lang::Fr, StageKind::Enacted) => "loi promulguée",
    }
}

/// An interface message by key; the key itself when it is unknown (a test
/// keeps the table complete).
pub fn tr(lang: Lang, key: &str) -> &str {
    match MESSAGES.iter().find(|m| m.0 == key) {
        Some(&(_, en, fr)) => match lang {
            Lang::En => en,
            Lang::Fr => fr,
        },
        None => key,
    }
}

/// Every interface message in one language, by key (for templates).
pub fn messages(lang: Lang) -> std::collections::BTreeMap<&'static str, &'static str> {
    MESSAGES
        .iter()
        .map(|&(k, en, fr)| {
            (
                k,
                match lang {
                    Lang::En => en,
                    Lang::Fr => fr,
                },
            )
        })
        .collect()
}

/// Interface messages: key, English, French.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "site_title",
        "amendo: bills, amendment by amendment",
        "amendo : les textes, amendement par amendement",
    ),
    ("colon", ":", "\u{a0}:"),
    ("skip", "Skip to content", "Aller au contenu"),
    ("home", "All bills", "Tous les textes"),
    ("search", "Search", "Rechercher"),
    (
        "search_label",
        "Search articles, amendments, authors, groups and ballots",
        "Rechercher dans les articles, amendements, auteurs, groupes et scrutins",
    ),
    (
        "search_file",
        "Search needs the site to be served over HTTP: a browser does not load the search index from a file opened on disk. Run `amendo serve` and open the address it prints, or publish the site on any static host. Every other page works as it is.",
        "La recherche demande que le site soit servi en HTTP : un navigateur ne charge pas l’index de recherche depuis un fichier ouvert sur le disque. Lancez `amendo serve` et ouvrez l’adresse qu’il affiche, ou publiez le site sur n’importe quel hébergement statique. Toutes les autres pages fonctionnent telles quelles.",
    ),
    (
        "search_noscript",
        "Search runs in the browser and needs JavaScript; every page of the site can be read without it, from the list of bills.",
        "La recherche s’exécute dans le navigateur et demande JavaScript ; toutes les pages du site se lisent sans, depuis la liste des textes.",
    ),
    ("bills", "Bills", "Textes"),
    ("bill", "Bill", "Texte"),
    ("article", "Article", "Article"),
    ("articles", "Articles", "Articles"),
    ("amendment", "Amendment", "Amendement"),
    ("amendments", "Amendments", "Amendements"),
    ("sub_amendment", "Sub-amendment", "Sous-amendement"),
    ("ballot", "Public ballot", "Scrutin public"),
    ("ballot_n", "Public ballot n°", "Scrutin public n°"),
    ("stage", "Stage", "Étape"),
    ("stages", "Stages", "Étapes"),
    ("procedure", "The procedure", "La procédure"),
    ("current_stage", "Current stage", "Étape actuelle"),
    ("dates", "Dates", "Dates"),
    ("text_number", "text n°", "texte n°"),
    ("chamber", "Chamber", "Assemblée"),
    ("outcome", "Outcome", "Sort"),
    ("group", "Group", "Groupe"),
    ("groups", "Groups", "Groupes"),
    ("authors", "Authors", "Auteurs"),
    ("filed", "Tabled", "Déposé"),
    ("decided", "Decided", "Examiné"),
    ("instruction", "What it says (dispositif)", "Dispositif"),
    (
        "explanation",
        "Explanation (exposé sommaire)",
        "Exposé sommaire",
    ),
    (
        "effect",
        "What it did to the text",
        "Ce qu’il a fait au texte",
    ),
    (
        "would_effect",
        "What it would have done to the text",
        "Ce qu’il aurait fait au texte",
    ),
    (
        "effect_unknown",
        "Its effect on the text could not be derived",
        "Son effet sur le texte n’a pas pu être calculé",
    ),
    ("tabled_on", "Tabled on", "Déposé sur"),
    (
        "identical",
        "Identical amendments",
        "Amendements identiques",
    ),
    (
        "parent",
        "Amends amendment",
        "Sous-amendement à l’amendement",
    ),
    ("subs", "Sub-amendments", "Sous-amendements"),
    ("credits", "Credit transfers", "Mouvements de crédits"),
    ("programme", "Programme", "Programme"),
    (
        "commitments",
        "Commitment appropriations (€)",
        "Autorisations d’engagement (€)",
    ),
    (
        "payments",
        "Payment appropriations (€)",
        "Crédits de paiement (€)",
    ),
    ("for", "For", "Pour"),
    ("against", "Against", "Contre"),
    ("abstentions", "Abstentions", "Abstentions"),
    ("not_voting", "Not voting", "Non-votants"),
    ("voting", "Voting", "Votants"),
    ("cast", "Votes cast", "Suffrages exprimés"),
    ("result", "Result", "Résultat"),
    ("vote_adopted", "adopted", "adopté"),
    ("vote_not_adopted", "not adopted", "non adopté"),
    ("by_group", "By group", "Par groupe"),
    (
        "members",
        "How each member voted",
        "Le vote de chaque député",
    ),
    ("member", "Member", "Député"),
    ("vote", "Vote", "Vote"),
    ("question", "The question", "La question"),
    (
        "question_text",
        "Adoption of amendment",
        "Adoption de l’amendement",
    ),
    (
        "question_text_many",
        "Adoption of the identical amendments",
        "Adoption des amendements identiques",
    ),
    ("partial_short", "known only in part", "connu en partie"),
    ("note", "Note", "Note"),
    ("source", "Source", "Source"),
    ("sources", "Sources", "Sources"),
    ("story", "The story", "L’histoire"),
    (
        "text_at",
        "The text at each stage",
        "Le texte à chaque étape",
    ),
    (
        "changes",
        "Changes between stages",
        "Les changements d’une étape à l’autre",
    ),
    (
        "first_to_last",
        "From first to last",
        "Du premier au dernier texte",
    ),
    (
        "blame",
        "Where each alinéa comes from",
        "D’où vient chaque alinéa",
    ),
    (
        "last_changed_by",
        "Last changed by",
        "Modifié en dernier par",
    ),
    ("alinea", "Alinéa", "Alinéa"),
    (
        "no_amendment",
        "No amendment on this article.",
        "Aucun amendement sur cet article.",
    ),
    (
        "deleted_article",
        "The article is struck out (Supprimé).",
        "L’article est supprimé.",
    ),
    ("absent", "not in the text", "absent du texte"),
    (
        "not_known",
        "not in the known part of the text",
        "absent de la partie connue du texte",
    ),
    (
        "partial",
        "Only part of this text is known; the missing parts are marked.",
        "Ce texte n’est connu qu’en partie ; les parties manquantes sont signalées.",
    ),
    ("gap", "Not available:", "Non disponible :"),
    ("ins_sr", "inserted:", "ajouté :"),
    ("del_sr", "deleted:", "supprimé :"),
    ("ins_end_sr", "end of insertion", "fin de l’ajout"),
    ("del_end_sr", "end of deletion", "fin de la suppression"),
    ("no_change", "No change.", "Aucun changement."),
    (
        "counts",
        "Amendments by stage, outcome and group",
        "Amendements par étape, sort et groupe",
    ),
    (
        "grid",
        "Articles at each stage",
        "Les articles à chaque étape",
    ),
    (
        "grid_help",
        "Each cell links to the article at that stage. Legend:",
        "Chaque case mène à l’article à cette étape. Légende :",
    ),
    ("total", "Total", "Total"),
    ("feed", "Atom feed", "Flux Atom"),
    ("json", "JSON", "JSON"),
    (
        "unknown_title",
        "What is not known",
        "Ce qui n’est pas connu",
    ),
    (
        "unknown_intro",
        "amendo never shows a guessed text. This page lists what the data does not say.",
        "amendo ne montre jamais un texte deviné. Cette page dit ce que les données ne disent pas.",
    ),
    (
        "missing_texts",
        "Stages without an official text",
        "Étapes sans texte officiel",
    ),
    (
        "partial_texts",
        "Texts known only in part",
        "Textes connus en partie",
    ),
    (
        "unknown_effects",
        "Adopted amendments whose effect could not be derived",
        "Amendements adoptés dont l’effet n’a pas pu être calculé",
    ),
    ("nothing_unknown", "Nothing is missing.", "Rien ne manque."),
    (
        "derived",
        "derived from the previous text and the adopted amendments",
        "déduit du texte précédent et des amendements adoptés",
    ),
    ("official", "official text", "texte officiel"),
    (
        "sort_hint",
        "Column headers sort the table.",
        "Les en-têtes de colonne trient le tableau.",
    ),
    (
        "made_with",
        "Made with amendo from public data.",
        "Réalisé avec amendo à partir de données publiques.",
    ),
    ("notes", "About the data", "À propos des données"),
    ("links", "Links", "Liens"),
    ("all_amendments", "Every amendment", "Tous les amendements"),
    ("legend_present", "in the text", "dans le texte"),
    ("legend_created", "created", "créé"),
    ("legend_changed", "changed", "modifié"),
    ("legend_unchanged", "unchanged", "inchangé"),
    ("legend_struck", "struck", "supprimé"),
    ("legend_restored", "restored", "rétabli"),
    ("legend_renumbered", "renumbered", "renuméroté"),
    ("legend_absent", "not in the text", "absent"),
    ("legend_unknown", "not known", "inconnu"),
    ("stage_text", "Text", "Texte"),
    ("number", "Number", "Numéro"),
    ("on_article", "On article", "Sur l’article"),
    (
        "additional_before",
        "Additional article before article",
        "Article additionnel avant l’article",
    ),
    (
        "additional_after",
        "Additional article after article",
        "Article additionnel après l’article",
    ),
    ("breadcrumb", "Breadcrumb", "Fil d’Ariane"),
    (
        "amendments_here",
        "Amendments on this article, in discussion order",
        "Les amendements sur cet article, dans l’ordre de la discussion",
    ),
    (
        "cut_short",
        "shown coarsely: the comparison hit its time bound",
        "montré grossièrement : la comparaison a atteint sa limite de temps",
    ),
    ("moved_to", "moved to alinéa", "déplacé à l’alinéa"),
    ("moved_from", "moved from alinéa", "déplacé depuis l’alinéa"),
    ("and_more", "and", "et"),
    ("others", "others", "autres"),
    ("ballots", "Public ballots", "Scrutins publics"),
    (
        "stage_amendments",
        "Amendments examined at this stage",
        "Amendements examinés à cette étape",
    ),
    (
        "what_unknown",
        "What is not known about this bill",
        "Ce qui n’est pas connu de ce texte",
    ),
    (
        "see_ballot",
        "Details of the ballot",
        "Le détail du scrutin",
    ),
    ("status", "Status", "État"),
    (
        "no_roll",
        "The data does not say how each member voted.",
        "Les données ne disent pas comment chaque député a voté.",
    ),
    (
        "no_groups",
        "The data has no per-group breakdown for this ballot.",
        "Les données ne donnent pas le détail par groupe pour ce scrutin.",
    ),
    ("amendment_n", "Amendment", "Amendement"),
    (
        "stage_amendments_n",
        "amendments at this stage",
        "amendements à cette étape",
    ),
    ("article_id", "Stable id", "Identifiant stable"),
    ("formerly", "Also numbered", "Également numéroté"),
    ("blame_at", "The text at", "Le texte à l’étape"),
    (
        "unchanged_between",
        "Unchanged between the other stages.",
        "Inchangé entre les autres étapes.",
    ),
    (
        "effect_other",
        "Not adopted, and not derived either",
        "Non adoptés, et non calculés non plus",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> LegalTime {
        LegalTime::parse(s).unwrap()
    }

    #[test]
    fn french_dates_and_counts() {
        assert_eq!(date(Lang::Fr, &day("2025-03-20")), "20\u{a0}mars\u{a0}2025");
        assert_eq!(
            date(Lang::Fr, &day("2025-04-01")),
            "1er\u{a0}avril\u{a0}2025"
        );
        assert_eq!(
            date_time(Lang::Fr, &day("2025-03-20T23:52:15+01:00")),
            "20\u{a0}mars\u{a0}2025 à 23\u{a0}h\u{a0}52"
        );
        assert_eq!(
            count(Lang::Fr, 1676, "amendment"),
            "1\u{202f}676\u{a0}amendements"
        );
        assert_eq!(count(Lang::Fr, 1, "amendment"), "1\u{a0}amendement");
        assert_eq!(count(Lang::Fr, 0, "amendment"), "0\u{a0}amendement");
        assert_eq!(number(Lang::Fr, 14522), "14\u{202f}522");
        assert_eq!(number(Lang::Fr, -1_500_000), "−1\u{202f}500\u{202f}000");
    }

    #[test]
    fn english_dates_and_counts() {
        assert_eq!(
            date(Lang::En, &day("2025-03-20")),
            "20\u{a0}March\u{a0}2025"
        );
        assert_eq!(count(Lang::En, 1676, "amendment"), "1,676\u{a0}amendments");
        assert_eq!(count(Lang::En, 0, "amendment"), "0\u{a0}amendments");
        assert_eq!(number(Lang::En, 999), "999");
        assert_eq!(number(Lang::En, 1000), "1,000");
    }

    #[test]
    fn languages_from_codes() {
        assert_eq!(Lang::from_code("fr"), Lang::Fr);
        assert_eq!(Lang::from_code("fr-FR"), Lang::Fr);
        assert_eq!(Lang::from_code("en"), Lang::En);
        assert_eq!(Lang::from_code("de"), Lang::En);
    }

    #[test]
    fn every_message_is_translated_once() {
        let mut keys = std::collections::HashSet::new();
        for (k, en, fr) in MESSAGES {
            assert!(keys.insert(k), "message {k} is defined twice");
            assert!(
                !en.is_empty() && !fr.is_empty(),
                "message {k} lacks a translation"
            );
        }
        assert_eq!(tr(Lang::Fr, "for"), "Pour");
        assert_eq!(tr(Lang::En, "no-such-key"), "no-such-key");
    }
}
