//! The language of everything amendo writes for people: every label,
//! date, number, plural, outcome, stance and designation, in the bill's
//! language (French for a French bill, English otherwise), so one output
//! never mixes two languages. The command line, the site and `watch` all ask
//! this one module; what is about no bill (`bills`, `check`) is English.
//!
//! Labels are written in place by the renderers with [`Lang::pick`]
//! (`lang.pick("Stage", "Étape")`), so a reader of a renderer sees both
//! wordings side by side; the site's templates take theirs from
//! [`MESSAGES`] (a test keeps every message translated). This module holds
//! what has rules: dates, numbers, plurals, outcomes, stances, article
//! designations, text numbers and group names. Terminal text uses ordinary
//! spaces (the wrapper knows where French may not break); pages use the
//! no-break forms ([`date`], [`date_time`], [`number`], [`count`], [`effect`]).

mod reason;

use crate::date::LegalTime;
use crate::model::{
    Bill, LATIN_ADVERBS, Outcome, Position, StageKind, StageResult, Stance, Target,
};

/// The language of an output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English (also the language of any code but French).
    En,
    /// French.
    Fr,
}

/// The language of a language code, without its region or script (`fr-CA`,
/// `fr_CA` → `fr`).
pub fn primary_subtag(code: &str) -> &str {
    code.trim().split(['-', '_']).next().unwrap_or("")
}

impl Lang {
    /// The language of a bill (`language: fr`), English for any other.
    pub fn of(bill: &Bill) -> Lang {
        Lang::from_code(&bill.language)
    }

    /// The language for a code (`fr`, `fr-FR`, `fr_CA`), English for any
    /// other.
    pub fn from_code(code: &str) -> Lang {
        if primary_subtag(code).eq_ignore_ascii_case("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// A language's name, from its code (`it` → « Italian », « italien »),
    /// for the official languages of the European Union's parliaments;
    /// None for another code.
    pub fn language_name(self, code: &str) -> Option<&'static str> {
        const NAMES: [(&str, &str, &str); 24] = [
            ("bg", "Bulgarian", "bulgare"),
            ("cs", "Czech", "tchèque"),
            ("da", "Danish", "danois"),
            ("de", "German", "allemand"),
            ("el", "Greek", "grec"),
            ("en", "English", "anglais"),
            ("es", "Spanish", "espagnol"),
            ("et", "Estonian", "estonien"),
            ("fi", "Finnish", "finnois"),
            ("fr", "French", "français"),
            ("ga", "Irish", "irlandais"),
            ("hr", "Croatian", "croate"),
            ("hu", "Hungarian", "hongrois"),
            ("it", "Italian", "italien"),
            ("lt", "Lithuanian", "lituanien"),
            ("lv", "Latvian", "letton"),
            ("mt", "Maltese", "maltais"),
            ("nl", "Dutch", "néerlandais"),
            ("pl", "Polish", "polonais"),
            ("pt", "Portuguese", "portugais"),
            ("ro", "Romanian", "roumain"),
            ("sk", "Slovak", "slovaque"),
            ("sl", "Slovenian", "slovène"),
            ("sv", "Swedish", "suédois"),
        ];
        let primary = primary_subtag(code);
        NAMES
            .iter()
            .find(|(c, _, _)| c.eq_ignore_ascii_case(primary))
            .map(|(_, en, fr)| self.pick(en, fr))
    }

    /// The BCP 47 code, for a `lang` attribute.
    pub fn code(self) -> &'static str {
        self.pick("en", "fr")
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
        let mut out = String::with_capacity(digits.len() + 8);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A fraction with two decimals as the language writes it: 0.21,
    /// « 0,21 ».
    pub fn decimal(self, x: f64) -> String {
        let s = format!("{x:.2}");
        match self {
            Lang::En => s,
            Lang::Fr => s.replace('.', ","),
        }
    }

    /// A signed number: « −1 500 000 » (a minus sign, not a hyphen).
    pub fn signed(self, n: i64) -> String {
        let digits = self.number(n.unsigned_abs());
        if n < 0 {
            format!("−{digits}")
        } else {
            digits
        }
    }

    /// True when `n` takes the singular: French uses it for 0 and 1,
    /// English for 1 only.
    pub fn is_singular(self, n: i64) -> bool {
        match self {
            Lang::En => n == 1,
            Lang::Fr => n.abs() <= 1,
        }
    }

    /// A count with its noun, singular or plural as the language wants
    /// (French: 0 and 1 are singular): `count(2, Noun::Amendment)` is
    /// « 2 amendements ».
    pub fn count(self, n: usize, noun: Noun) -> String {
        format!("{} {}", self.number(n as u64), self.noun(n, noun))
    }

    /// The noun alone, in the number `n` asks for.
    pub fn noun(self, n: usize, noun: Noun) -> &'static str {
        let (en, en_pl, fr, fr_pl) = noun.forms();
        match (self, self.is_singular(n as i64)) {
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

    /// An outcome agreeing with a count in French (« 2 rejetés »,
    /// « 3 irrecevables »); English words do not change.
    pub fn outcome_agreeing(self, o: Outcome, n: usize) -> String {
        let word = self.outcome(o);
        match (self, o) {
            (Lang::Fr, Outcome::Pending) | (Lang::En, _) => word.to_owned(),
            (Lang::Fr, Outcome::NotMoved) if n > 1 => "non soutenus".to_owned(),
            (Lang::Fr, _) if n > 1 => format!("{word}s"),
            (Lang::Fr, _) => word.to_owned(),
        }
    }

    /// A ballot's result in words: its declared result, else the count's
    /// (adopted when more voted for than against).
    pub fn ballot_result(self, v: &crate::model::Vote) -> &'static str {
        match (self, v.adopted()) {
            (Lang::En, true) => "adopted",
            (Lang::En, false) => "not adopted",
            (Lang::Fr, true) => "adopté",
            (Lang::Fr, false) => "non adopté",
        }
    }

    /// A member's vote: « pour », « abstention », "for".
    pub fn stance(self, s: Stance) -> &'static str {
        match self {
            Lang::En => s.label(),
            Lang::Fr => match s {
                Stance::For => "pour",
                Stance::Against => "contre",
                Stance::Abstention => "abstention",
                Stance::NotVoting => "non-votant",
            },
        }
    }

    /// The kind of a procedural step: « séance publique », "plenary".
    pub fn stage_kind(self, k: StageKind) -> &'static str {
        match k {
            StageKind::Introduced => self.pick("introduced", "texte déposé"),
            StageKind::Committee => self.pick("committee", "commission"),
            StageKind::Floor => self.pick("plenary", "séance publique"),
            StageKind::JointCommittee => self.pick("joint committee", "commission mixte paritaire"),
            StageKind::Final => self.pick("final text", "texte définitif"),
            StageKind::Enacted => self.pick("enacted", "loi promulguée"),
        }
    }

    /// How a step ended, as a sentence: « Cette étape s’est conclue par un
    /// rejet. » The one wording of a step's result, for every front end.
    pub fn stage_result(self, r: StageResult) -> &'static str {
        match r {
            StageResult::Rejected => self.pick(
                "This step ended in a rejection.",
                "Cette étape s’est conclue par un rejet.",
            ),
            StageResult::Failed => self.pick(
                "This step ended in failure.",
                "Cette étape s’est conclue par un échec.",
            ),
            StageResult::ReferredToCommittee => self.pick(
                "This step ended in a referral back to committee.",
                "Cette étape s’est conclue par un renvoi en commission.",
            ),
        }
    }

    /// What a reader must know about a stage: how it ended, in words, then
    /// its note.
    pub fn stage_note(self, stage: &crate::model::Stage) -> Option<String> {
        match (stage.result.map(|r| self.stage_result(r)), &stage.note) {
            (Some(r), Some(n)) => Some(format!("{r} {n}")),
            (Some(r), None) => Some(r.to_owned()),
            (None, n) => n.clone(),
        }
    }

    /// An interface message of [`MESSAGES`] by key; the key itself when it
    /// is unknown (a test keeps the table complete).
    pub fn tr(self, key: &str) -> &str {
        match MESSAGES.iter().find(|m| m.0 == key) {
            Some(&(_, en, fr)) => self.pick(en, fr),
            None => key,
        }
    }

    /// Every interface message in this language, by key (for templates).
    pub fn messages(self) -> std::collections::BTreeMap<&'static str, &'static str> {
        MESSAGES
            .iter()
            .map(|&(k, en, fr)| (k, self.pick(en, fr)))
            .collect()
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
            (Lang::Fr, Position::Before) => format!("avant {}", the(&d)),
            (Lang::Fr, Position::After) => format!("après {}", the(&d)),
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

    /// A stage's text as a reader names it, « texte n° 1043 », « texte
    /// adopté n° 249 », « texte n° 405 (2007-2008) » ([`Lang::text_number`]),
    /// or None when the label already says it: the budget bill's « Texte
    /// déposé (n° 324) » is not to read « Texte déposé (n° 324), texte
    /// n° 324 ». The command line and the site print this one wording.
    pub fn stage_text_number(self, label: &str, raw: Option<&str>) -> Option<String> {
        let shown = self.text_number(raw?)?;
        let shown = if shown.starts_with("n°") {
            format!("{} {shown}", self.pick("text", "texte"))
        } else {
            shown
        };
        // The number after « n° »: digits, and more after a hyphen (a law's
        // « 2025-532 »).
        let digits = |s: &str| -> String {
            let n: String = s
                .trim_start_matches(char::is_whitespace)
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            n.trim_end_matches('-').to_owned()
        };
        let number = shown.split_once("n°").map(|(_, n)| digits(n))?;
        let said = label
            .match_indices("n°")
            .any(|(i, _)| digits(&label[i + "n°".len()..]) == number);
        (!said).then_some(shown)
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

    /// A group as a page names it in full: « Droite Républicaine (DR) »,
    /// or « groupe sans nom (PO847173) » when the data does not name it.
    pub fn group_label(self, bill: &Bill, short: &str) -> String {
        match self.group_name(bill, short) {
            Some(name) if name != short => format!("{name} ({short})"),
            _ => self.group(bill, short),
        }
    }

    /// A group's full name, when the data names it.
    pub fn group_name<'b>(self, bill: &'b Bill, short: &str) -> Option<&'b str> {
        group_is_named(bill, short)
            .then(|| bill.groups.get(short).map(String::as_str))
            .flatten()
    }
}

/// A record of the Assemblée nationale's open data, named in a source file's
/// `source:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnRecord {
    /// An amendment (`AMANR…`).
    Amendment,
    /// A public ballot (`VTANR…`).
    Ballot,
}

impl Lang {
    /// Where an imported record comes from, as a source file says it:
    /// « Données ouvertes de l’Assemblée nationale, amendement AMANR… »,
    /// "Assemblée nationale open data, ballot VTANR…".
    pub fn an_source(self, record: AnRecord, uid: &str) -> String {
        let what = match record {
            AnRecord::Amendment => self.pick("amendment", "amendement"),
            AnRecord::Ballot => self.pick("ballot", "scrutin"),
        };
        format!(
            "{}, {what} {uid}",
            self.pick(
                "Assemblée nationale open data",
                "Données ouvertes de l’Assemblée nationale"
            )
        )
    }

    /// The note an Akoma Ntoso import leaves in `bill.yaml`: where the bill
    /// comes from.
    pub fn akn_source(self, file: &str, namespace: &str, draft: bool) -> String {
        match self {
            Lang::En => format!(
                "Imported with `amendo import akn` from {file} (Akoma Ntoso 3.0, {} namespace {namespace}).",
                if draft { "draft" } else { "final" }
            ),
            Lang::Fr => format!(
                "Importé avec `amendo import akn` depuis {file} (Akoma Ntoso 3.0, espace de noms {} {namespace}).",
                if draft { "provisoire" } else { "définitif" }
            ),
        }
    }
}

/// A French designation with its definite article: « l’article 8 ter »,
/// « le chapitre II ».
pub fn the(designation: &str) -> String {
    if elides(designation) {
        format!("l’{designation}")
    } else {
        format!("le {designation}")
    }
}

/// True when a French article before `word` elides: « l’alinéa »,
/// « l’occurrence », not « le tableau ».
pub fn elides(word: &str) -> bool {
    word.starts_with(['a', 'e', 'i', 'o', 'u', 'é'])
}

/// `s` with a capital first letter: a label that starts a sentence.
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A person's name as pages print it: a civility never ends a line
/// (« M.&nbsp;Descoeur », « Mme&nbsp;Frédérique Meunier »), as the
/// chambers' own pages print it.
pub fn person(name: &str) -> String {
    for civility in ["M. ", "Mme ", "MM. ", "Mmes ", "Mlle "] {
        if let Some(rest) = name.strip_prefix(civility) {
            return format!("{}\u{a0}{}", civility.trim_end(), rest.trim_start());
        }
    }
    name.to_owned()
}

/// The no-break forms, for pages: a date, a number or a count never splits
/// across lines there. « 20 mars 2025 », « 1er avril 2025 ».
pub fn date(lang: Lang, t: &LegalTime) -> String {
    unbroken(&lang.day(t))
}

/// A day with its time, unbroken: « 20 mars 2025 à 23 h 52 ».
pub fn date_time(lang: Lang, t: &LegalTime) -> String {
    unbroken(&lang.date(t))
}

/// A signed number for pages (see [`Lang::signed`]).
pub fn number(lang: Lang, n: i64) -> String {
    lang.signed(n)
}

/// A count for pages: « 1 676 amendements » with a no-break space. `noun`
/// is a key of [`Noun::from_key`]; an unknown key is written as it is.
pub fn count(lang: Lang, n: i64, noun: &str) -> String {
    let word = match Noun::from_key(noun) {
        Some(k) => lang.noun(n.unsigned_abs() as usize, k),
        None => noun,
    };
    unbroken(&format!("{} {word}", lang.signed(n)))
}

/// `s` with its spaces made no-break.
pub fn unbroken(s: &str) -> String {
    s.replace(' ', "\u{a0}")
}

/// Why a stored amendment's effect is not known, for pages: [`Lang::effect`]
/// with its punctuation kept beside its words ([`punctuated`]).
pub fn effect(lang: Lang, a: &crate::store::read::StoredAmendment) -> String {
    punctuated(&lang.effect(a))
}

/// Prose for pages with its punctuation kept beside its words: the
/// ordinary space after « and before », :, ; , ? and ! made no-break, so
/// no line of a page ends with « or starts with » or a colon.
pub fn punctuated(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let keep =
            c == ' ' && (prev == Some('«') || matches!(next, Some('»' | ':' | ';' | '?' | '!')));
        out.push(if keep { '\u{a0}' } else { c });
        prev = Some(c);
    }
    out
}

/// True when the data gives a group a name: a full name in the bill's
/// `groups` that is not a placeholder repeating its id, or a short name that
/// is itself a name rather than an open-data id (`PO847173`).
fn group_is_named(bill: &Bill, short: &str) -> bool {
    let id_like = short.len() > 2
        && short.starts_with("PO")
        && short[2..].chars().all(|c| c.is_ascii_digit());
    match bill.groups.get(short) {
        // Only an id (`PO847173`) can stand for a group the data does not
        // name: a label that repeats an id says it has no name; a short
        // name inside the full one (« Groupe A ») does not.
        Some(name) => !(id_like && name.contains(short)),
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
    /// public ballot / scrutin public.
    PublicBallot,
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
    /// The noun for a key (`amendment`, `sub-amendment`, `ballot` for a
    /// public ballot, `alinea`…), as pages name them.
    pub fn from_key(key: &str) -> Option<Noun> {
        Some(match key {
            "amendment" => Noun::Amendment,
            "sub-amendment" => Noun::SubAmendment,
            "article" => Noun::Article,
            "alinea" => Noun::Alinea,
            "stage" => Noun::Stage,
            "ballot" => Noun::PublicBallot,
            "abstention" => Noun::Abstention,
            "bill" => Noun::Bill,
            "vote" => Noun::Vote,
            "member" => Noun::Member,
            "other" => Noun::Other,
            _ => return None,
        })
    }

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
            Noun::PublicBallot => (
                "public ballot",
                "public ballots",
                "scrutin public",
                "scrutins publics",
            ),
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
    // An additional article not yet numbered by an official text.
    if let Some((place, amendment)) = crate::model::parse_additional(raw) {
        let place = lang.target(&place);
        return match lang {
            Lang::Fr => format!("article additionnel {place} (amendement n° {amendment})"),
            Lang::En => format!("additional article {place} (amendment {amendment})"),
        };
    }
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

/// Interface messages: key, English, French.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "site_title",
        "amendo: bills, amendment by amendment",
        "amendo : les textes, amendement par amendement",
    ),
    ("colon", ":", "\u{a0}:"),
    // No longer used by the default theme (a stage's `number` now says
    // « texte n° 1043 » itself); kept for themes that still print it.
    ("text_number", "text n°", "texte n°"),
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
    (
        "vote_on_article",
        "Vote on the article",
        "Vote sur l’article",
    ),
    ("stage", "Stage", "Étape"),
    ("stages", "Stages", "Étapes"),
    ("procedure", "The procedure", "La procédure"),
    ("current_stage", "Current stage", "Étape actuelle"),
    ("dates", "Dates", "Dates"),
    ("chamber", "Chamber", "Assemblée"),
    ("outcome", "Outcome", "Sort"),
    ("group", "Group", "Groupe"),
    ("groups", "Groups", "Groupes"),
    ("authors", "Authors", "Auteurs"),
    ("co_authors", "more co-authors", "autres cosignataires"),
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
    (
        "credit_effect",
        "A credit transfer: it changes amounts in the budget's annex (the table below), not the text.",
        "Un transfert de crédits : il modifie des montants de l’annexe budgétaire (le tableau ci-dessous), pas le texte.",
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
    ("mission", "Mission", "Mission"),
    ("added", "added (+)", "ouverts (+)"),
    ("taken", "taken away (−)", "annulés (−)"),
    ("totals", "Totals", "Totaux"),
    ("balance", "Balance", "Solde"),
    (
        "unbalanced",
        "This transfer does not balance: what it adds to a programme is not taken from another.",
        "Ce mouvement n’est pas équilibré : ce qu’il ouvre sur un programme n’est pas annulé sur un autre.",
    ),
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
        "wording",
        "As the chamber words it",
        "Libellé de l’assemblée",
    ),
    ("majority", "Majority required", "Majorité requise"),
    (
        "no_question",
        "The data does not say what was put to the vote.",
        "Les données ne disent pas ce qui a été mis aux voix.",
    ),
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
        "additional_article",
        "Additional article",
        "Article additionnel",
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

    #[test]
    fn pages_keep_french_punctuation_with_its_words() {
        assert_eq!(
            punctuated("sous-amendement 1 : « collaborateur , » ne figure pas"),
            "sous-amendement 1\u{a0}: «\u{a0}collaborateur ,\u{a0}» ne figure pas"
        );
        assert_eq!(punctuated("« x »"), "«\u{a0}x\u{a0}»");
    }

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
        // An additional article the history numbered from its amendment.
        let added = crate::model::additional_designation(&Target::parse("après 59"), "II-CE28");
        assert_eq!(added, "additional after 59 (II-CE28)");
        assert_eq!(
            fr.article(&added),
            "article additionnel après l’article 59 (amendement n° II-CE28)"
        );
        assert_eq!(
            Lang::En.article(&added),
            "additional article after article 59 (amendment II-CE28)"
        );
        let before = crate::model::additional_designation(&Target::parse("avant 1er"), "5");
        assert_eq!(
            fr.article(&before),
            "article additionnel avant l’article 1er (amendement n° 5)"
        );
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
    fn a_stage_s_number_is_not_said_twice() {
        let fr = Lang::Fr;
        assert_eq!(
            fr.stage_text_number("Texte déposé (n° 324)", Some("324")),
            None
        );
        assert_eq!(
            fr.stage_text_number("Première lecture (texte n°\u{a0}873)", Some("873")),
            None
        );
        assert_eq!(
            fr.stage_text_number("Commission des lois", Some("1043"))
                .as_deref(),
            Some("texte n° 1043")
        );
        // Another number in the label is not this one.
        assert_eq!(
            fr.stage_text_number("Lecture du texte n° 32", Some("324"))
                .as_deref(),
            Some("texte n° 324")
        );
        assert_eq!(
            fr.stage_text_number("Loi n° 2025-532 du 13 juin 2025", Some("2025-600"))
                .as_deref(),
            Some("texte n° 2025-600")
        );
        assert_eq!(
            fr.stage_text_number("Loi n° 2025-532 du 13 juin 2025", Some("2025-532")),
            None
        );
        assert_eq!(fr.stage_text_number("Texte déposé", None), None);
        assert_eq!(
            fr.stage_text_number("Sénat, première lecture", Some("S07-ta116"))
                .as_deref(),
            Some("texte adopté n° 116 (2007-2008)")
        );
        assert_eq!(
            fr.stage_text_number("Loi du 12 juin 2009", Some("JORFTEXT000020735432")),
            None
        );
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
        // A short name inside the full one is a name, not an id.
        bill.groups.insert("A".into(), "Groupe A".into());
        assert_eq!(Lang::Fr.group_name(&bill, "A"), Some("Groupe A"));
        assert_eq!(Lang::Fr.group_label(&bill, "A"), "Groupe A (A)");
        assert_eq!(
            Lang::Fr.group_label(&bill, "PO847173"),
            "groupe sans nom (PO847173)"
        );
        // An id the data names is named.
        bill.groups.insert("PO2".into(), "Union des droites".into());
        assert_eq!(Lang::Fr.group_name(&bill, "PO2"), Some("Union des droites"));
    }

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
            "20\u{a0}mars\u{a0}2025\u{a0}à\u{a0}23\u{a0}h\u{a0}52"
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
        assert_eq!(Lang::Fr.tr("for"), "Pour");
        assert_eq!(Lang::En.tr("no-such-key"), "no-such-key");
    }

    #[test]
    fn a_civility_never_ends_a_line() {
        assert_eq!(person("M. Descoeur"), "M.\u{a0}Descoeur");
        assert_eq!(
            person("Mme Frédérique Meunier"),
            "Mme\u{a0}Frédérique Meunier"
        );
        assert_eq!(person("Olivier Marleix"), "Olivier Marleix");
        assert_eq!(person("Gouvernement"), "Gouvernement");
        assert_eq!(person("Mmeline Dupont"), "Mmeline Dupont");
    }
}
