//! The language of an output: every label, date, number, outcome and
//! designation a command prints about a bill is in the bill's language
//! (French for a French bill, English otherwise), so one output never mixes
//! two languages. Commands that are about no bill (`bills`, `check`) write
//! English.
//!
//! Labels are written in place by the renderers with [`Lang::pick`]
//! (`lang.pick("Stage", "Étape")`), so a reader of a renderer sees both
//! wordings side by side; this module holds what has rules: dates, numbers,
//! plurals, outcomes, stances, article designations and text numbers.

use crate::date::LegalTime;
use crate::model::{Bill, LATIN_ADVERBS, Outcome, Position, Stance, Target};

/// The language of an output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// The language of a bill (`language: fr`), English for any other.
    pub fn of(bill: &Bill) -> Lang {
        Lang::from_code(&bill.language)
    }

    /// The language for a code (`fr`, `fr-FR`), English for any other.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The English or the French wording.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }

    /// A calendar day: « 20 mars 2025 », « 1er avril 2025 », "20 March 2025".
    pub fn day(self, t: &LegalTime) -> String {
        const EN: [&str; 12] = [
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
        const FR: [&str; 12] = [
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
        let (y, m, d) = t.ymd;
        let m = (m.clamp(1, 12) - 1) as usize;
        match self {
            Lang::En => format!("{d} {} {y}", EN[m]),
            Lang::Fr if d == 1 => format!("1er {} {y}", FR[m]),
            Lang::Fr => format!("{d} {} {y}", FR[m]),
        }
    }

    /// A day with the time when it is known: « 20 mars 2025 à 23 h 52 »,
    /// "20 March 2025, 23:52".
    pub fn date(self, t: &LegalTime) -> String {
        let day = self.day(t);
        match (self, t.hms) {
            (_, None) => day,
            (Lang::En, Some((h, mi, _))) => format!("{day}, {h:02}:{mi:02}"),
            (Lang::Fr, Some((h, mi, _))) => format!("{day} à {h} h {mi:02}"),
        }
    }

    /// A whole number grouped by thousands: « 1 676 » (narrow no-break
    /// spaces), "1,676".
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = self.pick(",", "\u{202f}");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A count with its noun, singular or plural as the language wants
    /// (French: 0 and 1 are singular): `count(2, Noun::Amendment)` is
    /// « 2 amendements ».
    pub fn count(self, n: usize, noun: Noun) -> String {
        format!("{} {}", self.number(n as u64), self.noun(n, noun))
    }

    /// The noun alone, in the number `n` asks for.
    pub fn noun(self, n: usize, noun: Noun) -> &'static str {
        let singular = match self {
            Lang::En => n == 1,
            Lang::Fr => n <= 1,
        };
        let (en, en_pl, fr, fr_pl) = noun.forms();
        match (self, singular) {
            (Lang::En, true) => en,
            (Lang::En, false) => en_pl,
            (Lang::Fr, true) => fr,
            (Lang::Fr, false) => fr_pl,
        }
    }

    /// An outcome in words: « rejeté », "rejected".
    pub fn outcome(self, o: Outcome) -> &'static str {
        match self {
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

    /// The outcome a ballot's count gives: adopted when more voted for than
    /// against.
    pub fn ballot_result(self, yes: u32, against: u32) -> &'static str {
        match (self, yes > against) {
            (Lang::En, true) => "adopted",
            (Lang::En, false) => "not adopted",
            (Lang::Fr, true) => "adopté",
            (Lang::Fr, false) => "non adopté",
        }
    }

    /// How members voted, as a heading: « Pour », "Voted for".
    pub fn stance_heading(self, s: Stance) -> &'static str {
        match s {
            Stance::For => self.pick("Voted for", "Pour"),
            Stance::Against => self.pick("Voted against", "Contre"),
            Stance::Abstention => self.pick("Abstained", "Abstention"),
            Stance::NotVoting => self.pick("Did not vote", "Non-votants"),
        }
    }

    /// An article designation, normalised: « article 9 ter », « article 1er »,
    /// « article 15 bis A », « chapitre II », « article liminaire »,
    /// whatever the case and spacing of the source (`ARTICLE 9 TER`,
    /// `Chapitre II`, `9  ter`).
    pub fn article(self, raw: &str) -> String {
        designation(self, raw)
    }

    /// An amendment's target: « article 8 ter », « après l’article 8 ter »,
    /// "after article 8 ter".
    pub fn target(self, t: &Target) -> String {
        let d = designation(self, &t.article);
        match (self, t.position) {
            (_, Position::On) => d,
            (Lang::En, Position::Before) => format!("before {d}"),
            (Lang::En, Position::After) => format!("after {d}"),
            (Lang::Fr, Position::Before) if d.starts_with(['a', 'e', 'i', 'o', 'u']) => {
                format!("avant l’{d}")
            }
            (Lang::Fr, Position::After) if d.starts_with(['a', 'e', 'i', 'o', 'u']) => {
                format!("après l’{d}")
            }
            (Lang::Fr, Position::Before) => format!("avant le {d}"),
            (Lang::Fr, Position::After) => format!("après le {d}"),
        }
    }

    /// A text's number as the chambers print it, or None when the id is not
    /// a number a reader would know (a Légifrance id): `1043` « n° 1043 »,
    /// `TA249` « texte adopté n° 249 », the Sénat's `S07-l405` « n° 405
    /// (2007-2008) » and `S07-ta116` « texte adopté n° 116 (2007-2008) ».
    /// The raw id stays in JSON.
    pub fn text_number(self, raw: &str) -> Option<String> {
        let adopted = self.pick("adopted text", "texte adopté");
        let digits = |s: &str| -> Option<u64> {
            (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        if let Some(n) = digits(raw) {
            return Some(format!("n° {n}"));
        }
        if let Some(n) = raw.strip_prefix("TA").and_then(digits) {
            return Some(format!("{adopted} n° {n}"));
        }
        if raw.starts_with("JORFTEXT") {
            return None;
        }
        // The Sénat's `S<yy>-<kind><n>`: session yy–yy+1.
        if let Some((year, rest)) = raw.strip_prefix('S').and_then(|r| r.split_once('-'))
            && let Some(yy) = digits(year).filter(|_| year.len() == 2)
        {
            let start = 2000 + yy;
            let session = format!("({start}-{})", start + 1);
            let (kind, n) = match rest {
                r if r.starts_with("ta") => (Some(adopted), &r[2..]),
                r if r.starts_with('l') => (None, &r[1..]),
                r => (None, r),
            };
            if let Some(n) = digits(n) {
                return Some(match kind {
                    Some(k) => format!("{k} n° {n} {session}"),
                    None => format!("n° {n} {session}"),
                });
            }
        }
        Some(format!("n° {raw}"))
    }

    /// A group as a reader should see it: its short name when the data
    /// names it, « groupe sans nom (PO847173) » when the data gives only an
    /// id (no name, or a placeholder that repeats the id).
    pub fn group(self, bill: &Bill, short: &str) -> String {
        if group_is_named(bill, short) {
            short.to_owned()
        } else {
            format!(
                "{} ({short})",
                self.pick("unnamed group", "groupe sans nom")
            )
        }
    }

    /// A group's full name, when the data names it.
    pub fn group_name<'b>(self, bill: &'b Bill, short: &str) -> Option<&'b str> {
        group_is_named(bill, short)
            .then(|| bill.groups.get(short).map(String::as_str))
            .flatten()
    }
}

/// True when the data gives a group a name: a full name in the bill's
/// `groups` that is not a placeholder repeating its id, or a short name that
/// is itself a name rather than an open-data id (`PO847173`).
fn group_is_named(bill: &Bill, short: &str) -> bool {
    let id_like = short.len() > 2
        && short.starts_with("PO")
        && short[2..].chars().all(|c| c.is_ascii_digit());
    match bill.groups.get(short) {
        Some(name) => !name.contains(short) || name == short && !id_like,
        None => !id_like,
    }
}

/// Nouns that are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noun {
    /// amendment / amendement.
    Amendment,
    /// sub-amendment / sous-amendement.
    SubAmendment,
    /// article.
    Article,
    /// alinéa.
    Alinea,
    /// stage / étape.
    Stage,
    /// ballot / scrutin.
    Ballot,
    /// abstention.
    Abstention,
    /// bill / texte.
    Bill,
    /// vote / voix.
    Vote,
    /// other / autre.
    Other,
    /// member / membre.
    Member,
}

impl Noun {
    fn forms(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Noun::Amendment => ("amendment", "amendments", "amendement", "amendements"),
            Noun::SubAmendment => (
                "sub-amendment",
                "sub-amendments",
                "sous-amendement",
                "sous-amendements",
            ),
            Noun::Article => ("article", "articles", "article", "articles"),
            Noun::Alinea => ("alinéa", "alinéas", "alinéa", "alinéas"),
            Noun::Stage => ("stage", "stages", "étape", "étapes"),
            Noun::Ballot => ("ballot", "ballots", "scrutin", "scrutins"),
            Noun::Abstention => ("abstention", "abstentions", "abstention", "abstentions"),
            Noun::Bill => ("bill", "bills", "texte", "textes"),
            Noun::Vote => ("vote", "votes", "voix", "voix"),
            Noun::Other => ("other", "others", "autre", "autres"),
            Noun::Member => ("member", "members", "membre", "membres"),
        }
    }
}

/// Division words that are not articles (« chapitre II », « titre Ier »).
const DIVISIONS: [&str; 10] = [
    "état",
    "chapitre",
    "titre",
    "section",
    "sous-section",
    "livre",
    "partie",
    "annexe",
    "paragraphe",
    "tome",
];

/// The one normalisation of designations (see [`Lang::article`]).
fn designation(lang: Lang, raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let mut words = words.as_slice();
    // A leading « article » / "art." is the kind, not the number.
    if let Some(first) = words.first() {
        let f = first.to_lowercase();
        if f == "article" || f == "art." || f == "art" {
            words = &words[1..];
        }
    }
    let Some(first) = words.first() else {
        return lang.pick("article", "article").to_owned();
    };
    let first_lower = first.to_lowercase();
    if DIVISIONS.contains(&first_lower.as_str()) {
        let rest: Vec<String> = words[1..].iter().map(|w| number_word(w)).collect();
        return format!("{first_lower} {}", rest.join(" "))
            .trim()
            .to_owned();
    }
    let number: Vec<String> = words.iter().map(|w| number_word(w)).collect();
    format!("article {}", number.join(" "))
}

/// One word of a designation's number, in the case the chambers print it:
/// digits with `er` (« 1er »), Latin adverbs lower case (« ter »), capital
/// letters (« A »), Roman numerals upper case (« II », « Ier »), other
/// words (« liminaire », « unique ») lower case.
fn number_word(w: &str) -> String {
    let lower = w.to_lowercase();
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return lower;
    }
    if LATIN_ADVERBS.contains(&lower.as_str()) {
        return lower;
    }
    if w.chars().count() == 1 {
        return w.to_uppercase();
    }
    if lower == "ier" {
        return "Ier".to_owned();
    }
    if lower
        .chars()
        .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c'))
    {
        return w.to_uppercase();
    }
    lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn designations_are_normalised_by_one_function() {
        let fr = Lang::Fr;
        assert_eq!(fr.article("ARTICLE 9 TER"), "article 9 ter");
        assert_eq!(fr.article("9 TER"), "article 9 ter");
        assert_eq!(fr.article("8  ter"), "article 8 ter");
        assert_eq!(fr.article("Chapitre II"), "chapitre II");
        assert_eq!(fr.article("1ER"), "article 1er");
        assert_eq!(fr.article("15 bis a"), "article 15 bis A");
        assert_eq!(fr.article("Liminaire"), "article liminaire");
        assert_eq!(fr.article("titre ier"), "titre Ier");
        let t = Target::parse("après l’article 8 TER");
        assert_eq!(fr.target(&t), "après l’article 8 ter");
        assert_eq!(Lang::En.target(&t), "after article 8 ter");
    }

    #[test]
    fn dates_and_numbers_follow_the_language() {
        let t = LegalTime::parse("2025-03-20T23:52:15+01:00").unwrap();
        assert_eq!(Lang::Fr.date(&t), "20 mars 2025 à 23 h 52");
        assert_eq!(Lang::En.date(&t), "20 March 2025, 23:52");
        let first = LegalTime::parse("2025-04-01").unwrap();
        assert_eq!(Lang::Fr.day(&first), "1er avril 2025");
        assert_eq!(Lang::Fr.number(1676), "1\u{202f}676");
        assert_eq!(Lang::En.number(1676), "1,676");
        assert_eq!(Lang::Fr.count(1, Noun::Article), "1 article");
        assert_eq!(Lang::En.count(1, Noun::Alinea), "1 alinéa");
        assert_eq!(Lang::En.count(2, Noun::Alinea), "2 alinéas");
        assert_eq!(Lang::Fr.count(0, Noun::Amendment), "0 amendement");
    }

    #[test]
    fn text_numbers_read_as_printed() {
        let fr = Lang::Fr;
        assert_eq!(fr.text_number("1043").as_deref(), Some("n° 1043"));
        assert_eq!(
            fr.text_number("TA249").as_deref(),
            Some("texte adopté n° 249")
        );
        assert_eq!(
            fr.text_number("S07-l405").as_deref(),
            Some("n° 405 (2007-2008)")
        );
        assert_eq!(
            fr.text_number("S07-ta116").as_deref(),
            Some("texte adopté n° 116 (2007-2008)")
        );
        assert_eq!(fr.text_number("JORFTEXT000020735432"), None);
    }

    #[test]
    fn a_group_known_only_by_its_id_is_unnamed() {
        let mut bill: Bill = serde_json::from_str(
            r#"{"slug":"b","title":"t","jurisdiction":"fr","language":"fr","stages":[]}"#,
        )
        .unwrap();
        bill.groups
            .insert("RN".into(), "Rassemblement National".into());
        bill.groups.insert(
            "PO847173".into(),
            "group PO847173 (its name is not in the open-data dump)".into(),
        );
        assert_eq!(Lang::Fr.group(&bill, "RN"), "RN");
        assert_eq!(
            Lang::Fr.group(&bill, "PO847173"),
            "groupe sans nom (PO847173)"
        );
        assert_eq!(Lang::Fr.group_name(&bill, "PO847173"), None);
        assert_eq!(Lang::En.group(&bill, "PO1"), "unnamed group (PO1)");
    }
}
