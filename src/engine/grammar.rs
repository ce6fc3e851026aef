//! The grammar of amendment instructions: tokens to [`Operation`]s.
//!
//! An instruction is a list of parts ("I. – …", "II. – En conséquence, …"),
//! each one clause. A clause names a place ("À la première phrase de
//! l’alinéa 4") and a verb ("substituer", "supprimer", "insérer",
//! "compléter", "rédiger ainsi", "rétablir"), in the imperative of
//! amendments or in the passive of the articles that amend codes ("les mots :
//! « a » sont remplacés par les mots : « b »"). Each verb has one rule below,
//! in one function, named after it. "Même" and "procéder à la même …" refer
//! to the previous part.
//!
//! What the grammar does not read is an error pointing at the first word it
//! could not place, never a guess.

use std::fmt;

use super::lex::{Kind, Tok, paragraphs, tokens};
use super::text::new_start;
use super::{Alineas, End, Nth, Operation, Place, Side, Span, TablePlace, Words};
use crate::model::LATIN_ADVERBS;

/// An instruction the grammar could not read: where, and what it expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the first word not read.
    pub start: usize,
    /// Byte offset of the end of the words quoted in the message.
    pub end: usize,
    /// What was expected there.
    pub expected: String,
    /// The words not read, as printed.
    pub found: String,
}

impl ParseError {
    /// 1-based line and column (in characters) of the error in `src`.
    pub fn line_column(&self, src: &str) -> (usize, usize) {
        let before = &src[..self.start.min(src.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        (line, column)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.found.is_empty() {
            write!(f, "the instruction stops short: expected {}", self.expected)
        } else {
            write!(
                f,
                "cannot read « {} »: expected {}",
                self.found, self.expected
            )
        }
    }
}

impl std::error::Error for ParseError {}

/// Reads an instruction. `additional` is true when the amendment inserts an
/// additional article (its target is "avant" or "après" an article): the
/// AN prints such an instruction as the new article itself.
pub fn parse(instruction: &str, additional: bool) -> Result<Vec<Operation>, ParseError> {
    let toks = tokens(instruction);
    if toks.is_empty() {
        return Err(ParseError {
            start: 0,
            end: 0,
            expected: "an instruction".to_owned(),
            found: String::new(),
        });
    }
    let mut p = Parser {
        src: instruction,
        paras: paragraphs(instruction),
        toks,
        pos: 0,
        furthest: 0,
        expected: Vec::new(),
        context: Vec::new(),
        last: Vec::new(),
        header: Vec::new(),
        sub_header: Vec::new(),
        count: None,
    };
    if additional {
        return p.additional_article();
    }
    let mut ops = Vec::new();
    let mut notes = Vec::new();
    let mut pending_header: Option<usize> = None;
    while p.pos < p.toks.len() {
        let start = p.pos;
        match p.part() {
            Some(part) if part.is_empty() => pending_header = Some(start),
            Some(part) => {
                let (n, mut o): (Vec<Operation>, Vec<Operation>) = part
                    .into_iter()
                    .partition(|op| matches!(op, Operation::Note { .. }));
                notes.extend(n);
                if !o.is_empty() {
                    pending_header = None;
                    p.last.extend(o.iter().cloned());
                    ops.append(&mut o);
                }
            }
            None => return Err(p.error(start)),
        }
    }
    if let Some(start) = pending_header {
        // A place on its own line must be followed by what to do there.
        p.furthest = p.toks.len();
        p.expected = vec!["what to do at the place named (« Supprimer cet alinéa. »)"];
        return Err(p.error(start));
    }
    if ops.is_empty() {
        p.furthest = p.toks.len();
        p.expected = vec!["an instruction: only a note was found"];
        return Err(p.error(0));
    }
    // Notes set aside come after the operations they accompany.
    ops.extend(notes);
    Ok(ops)
}

/// The level of a part's number: "II. –" opens a part, "1°" or "a)" an item
/// within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Part,
    Item,
}

/// The imperative verbs that open an instruction (folded).
const VERBS: &[&str] = &[
    "supprimer",
    "substituer",
    "inserer",
    "completer",
    "rediger",
    "retablir",
    "remplacer",
    "modifier",
    "ajouter",
    "proceder",
];

/// One rule of the grammar: the operations of a clause, or None.
type Rule<'a> = fn(&mut Parser<'a>) -> Option<Vec<Operation>>;

struct Parser<'a> {
    src: &'a str,
    /// The instruction's paragraphs (byte ranges), as the tokens number them.
    paras: Vec<(usize, usize)>,
    toks: Vec<Tok>,
    pos: usize,
    /// The furthest token any rule reached, and what it expected there.
    furthest: usize,
    expected: Vec<&'static str>,
    /// The places of the previous part ("au même alinéa").
    context: Vec<Place>,
    /// The operations of the parts read so far ("procéder à la même
    /// substitution" repeats the latest substitution).
    last: Vec<Operation>,
    /// A place named on its own line ("Alinéa 4", "À l’alinéa 7 :"): where
    /// the clauses after it apply, until the next numbered part.
    header: Vec<Place>,
    /// The same within an item ("1° Première phrase").
    sub_header: Vec<Place>,
    /// How many alinéas the new text has, when the instruction says ("un
    /// alinéa ainsi rédigé"): for text printed without quotation marks.
    count: Option<usize>,
}

/// The nouns that name quoted words.
const NOUNS: &[&str] = &[
    "mot",
    "mots",
    "reference",
    "references",
    "annee",
    "nombre",
    "nombres",
    "montant",
    "montants",
    "date",
    "dates",
    "chiffre",
    "chiffres",
    "taux",
    "somme",
    "pourcentage",
    "signe",
    "signes",
    "mention",
    "mentions",
    "expression",
    "lettre",
    "lettres",
    "caractere",
    "caracteres",
    "terme",
    "termes",
    "numero",
    "duree",
    "ponctuation",
    "phrase",
    "phrases",
];

impl Parser<'_> {
    // ---- tokens ----

    fn word_at(&self, k: usize) -> Option<&str> {
        match self.toks.get(self.pos + k).map(|t| &t.kind) {
            Some(Kind::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn punct_at(&self, k: usize) -> Option<char> {
        match self.toks.get(self.pos + k).map(|t| &t.kind) {
            Some(Kind::Punct(c)) => Some(*c),
            _ => None,
        }
    }

    fn done(&self) -> bool {
        self.pos >= self.toks.len()
    }

    /// Notes that `what` was expected here, for the error message.
    fn expect(&mut self, what: &'static str) {
        if self.pos > self.furthest {
            self.furthest = self.pos;
            self.expected.clear();
        }
        if self.pos == self.furthest && !self.expected.contains(&what) {
            self.expected.push(what);
        }
    }

    /// Eats a sequence of words and punctuation marks ("les mots :"); all or
    /// nothing.
    fn eat(&mut self, seq: &'static str) -> bool {
        let save = self.pos;
        for item in seq.split(' ') {
            let ok = match self.toks.get(self.pos).map(|t| &t.kind) {
                Some(Kind::Word(w)) => w == item,
                Some(Kind::Punct(c)) => item.chars().eq([*c]),
                _ => false,
            };
            if !ok {
                self.pos = save;
                return false;
            }
            self.pos += 1;
        }
        true
    }

    fn eat_any(&mut self, seqs: &[&'static str]) -> bool {
        seqs.iter().any(|s| self.eat(s))
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.punct_at(0) == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// The amended article itself: « cet article », « le présent
    /// article », or « l’article » with nothing after it that names another
    /// (« l’article 12 », « l’article L. 221‑1 », « l’article premier »,
    /// « l’article du code… », « l’article additionnel »): « Compléter
    /// l’article par l’alinéa suivant : ».
    fn this_article(&mut self) -> bool {
        if self.eat_any(&["cet article", "le present article"]) {
            return true;
        }
        let save = self.pos;
        if !self.eat("l' article") {
            return false;
        }
        let names_another = self.word_at(0).is_some_and(|w| {
            w.starts_with(|c: char| c.is_ascii_digit())
                || w.chars().count() == 1
                || matches!(
                    w,
                    "premier"
                        | "liminaire"
                        | "unique"
                        | "additionnel"
                        | "lo"
                        | "de"
                        | "du"
                        | "des"
                        | "d'"
                        | "precite"
                        | "susmentionne"
                        | "susvise"
                )
        });
        if names_another {
            self.pos = save;
            return false;
        }
        true
    }

    /// A quotation: « … » (or "…"), or, after a colon that ends its line,
    /// the next paragraph as printed (the Sénat prints words to change on
    /// their own line, without quotation marks).
    fn quote(&mut self) -> Option<Vec<String>> {
        if let Some(Tok {
            kind: Kind::Quote(q),
            ..
        }) = self.toks.get(self.pos)
        {
            let q = q.clone();
            self.pos += 1;
            Some(q)
        } else if self.after_colon_line() {
            Some(vec![self.take_paragraph()])
        } else {
            self.expect("a quotation « … »");
            None
        }
    }

    /// True when the next token opens a paragraph and the previous one is
    /// the colon that ends the line before.
    fn after_colon_line(&self) -> bool {
        self.pos > 0
            && self.pos < self.toks.len()
            && self.toks[self.pos].para > self.toks[self.pos - 1].para
            && self.toks[self.pos - 1].kind == Kind::Punct(':')
    }

    /// True when the next token opens a paragraph (or there is none).
    fn at_paragraph_start(&self) -> bool {
        self.pos == 0
            || self.pos >= self.toks.len()
            || self.toks[self.pos].para > self.toks[self.pos - 1].para
    }

    /// The rest of the current paragraph, verbatim; moves past it.
    fn take_paragraph(&mut self) -> String {
        let t = &self.toks[self.pos];
        let para = t.para;
        let end = self.paras.get(para).map_or(self.src.len(), |p| p.1);
        let text = self.src[t.start..end.max(t.start)].trim().to_owned();
        while self.toks.get(self.pos).is_some_and(|t| t.para == para) {
            self.pos += 1;
        }
        text
    }

    /// The rest of the current paragraph and, when its last token is a
    /// quotation running on over the next paragraphs, each of those too,
    /// verbatim and one per paragraph; moves past them.
    fn take_paragraphs(&mut self) -> Vec<String> {
        let t = &self.toks[self.pos];
        let (para, start) = (t.para, t.start);
        let mut reach = t.end;
        while let Some(t) = self.toks.get(self.pos).filter(|t| t.para == para) {
            reach = reach.max(t.end);
            self.pos += 1;
        }
        let mut out = Vec::new();
        let mut k = para;
        loop {
            let Some(&(a, b)) = self.paras.get(k) else {
                out.push(self.src[start..].trim().to_owned());
                break;
            };
            let a = if k == para { start } else { a };
            out.push(self.src[a..b.max(a)].trim().to_owned());
            k += 1;
            if self.paras.get(k).is_none_or(|&(a, _)| a >= reach) {
                break;
            }
        }
        out
    }

    /// True when the paragraph at the cursor opens an instruction of its own
    /// (after any part number): an imperative verb, "En conséquence", "Pour
    /// compenser", a place alone on its line. Text printed without quotation
    /// marks ends before such a paragraph.
    fn opens_instruction(&mut self) -> bool {
        let save = self.pos;
        let mut p = Parser {
            src: self.src,
            paras: Vec::new(),
            toks: Vec::new(),
            pos: 0,
            furthest: 0,
            expected: Vec::new(),
            context: Vec::new(),
            last: Vec::new(),
            header: Vec::new(),
            sub_header: Vec::new(),
            count: None,
        };
        std::mem::swap(&mut p.toks, &mut self.toks);
        std::mem::swap(&mut p.paras, &mut self.paras);
        p.pos = save;
        p.part_number();
        let verb = p.word_at(0).is_some_and(|w| VERBS.contains(&w))
            || p.eat("en consequence")
            || p.eat("par consequent")
            || p.eat("pour compenser")
            || p.note_here();
        let header = !verb && {
            let mark = p.pos;
            let h = p.header_place(false).is_some();
            p.pos = mark;
            h
        };
        std::mem::swap(&mut p.toks, &mut self.toks);
        std::mem::swap(&mut p.paras, &mut self.paras);
        self.pos = save;
        verb || header
    }

    /// A quotation of words on one line ("« ou techniques »"); words on their
    /// own line lose the final period or semicolon of the instruction.
    fn quoted_words(&mut self) -> Option<String> {
        let save = self.pos;
        // Words on their own line, or in a quotation whose closing mark is
        // missing: the instruction's final period is not theirs.
        let bare = self
            .toks
            .get(self.pos)
            .is_none_or(|t| !matches!(t.kind, Kind::Quote(_)) || t.unclosed);
        let q = self.quote()?;
        if q.len() == 1 {
            let w = q.into_iter().next().unwrap_or_default();
            Some(if bare { strip_final(&w) } else { w })
        } else {
            self.pos = save;
            self.expect("quoted words on one line");
            None
        }
    }

    /// The quotations that follow one already read, joined by « et »
    /// (« « 5 » et « 25 » »: « 25 »).
    fn more_quoted(&mut self) -> Vec<String> {
        let mut more = Vec::new();
        loop {
            let mark = self.pos;
            if self.eat("et")
                && matches!(
                    self.toks.get(self.pos).map(|t| &t.kind),
                    Some(Kind::Quote(_))
                )
                && let Some(words) = self.quoted_words()
            {
                more.push(words);
                continue;
            }
            self.pos = mark;
            if !more.is_empty() {
                // As after one quotation: « « 5 » et « 25 », les nombres ».
                self.eat_punct(',');
            }
            return more;
        }
    }

    fn number(&mut self) -> Option<usize> {
        let n = self.word_at(0)?.parse().ok()?;
        self.pos += 1;
        Some(n)
    }

    /// "premier", "deuxième", "1er", "dernier", "avant-dernière".
    fn ordinal(&mut self) -> Option<Nth> {
        let w = self.word_at(0)?;
        // "trente et unième", "quarante et unième" (three words).
        if matches!(
            w,
            "vingt" | "trente" | "quarante" | "cinquante" | "soixante" | "soixante-dix"
        ) && self.word_at(1) == Some("et")
            && let Some(last) = self.word_at(2)
            && let Some(n) = ordinal_number(&format!("{w}-et-{last}"))
        {
            self.pos += 3;
            return Some(Nth::Index(n));
        }
        // "l’avant dernière ligne", without its hyphen.
        if w == "avant" && matches!(self.word_at(1), Some("dernier" | "derniere")) {
            self.pos += 2;
            return Some(Nth::FromEnd { from_end: 2 });
        }
        let n = match w {
            "premier" | "premiere" | "1er" | "1re" | "1ere" | "1ier" => Nth::Index(1),
            "dernier" | "derniere" | "derniers" | "dernieres" => Nth::LAST,
            "avant-dernier" | "avant-derniere" => Nth::FromEnd { from_end: 2 },
            _ => Nth::Index(ordinal_number(w)?),
        };
        self.pos += 1;
        Some(n)
    }

    /// "deux", "trois", "12", "un".
    fn cardinal(&mut self) -> Option<usize> {
        let w = self.word_at(0)?;
        let n = cardinal_number(w)?;
        self.pos += 1;
        Some(n)
    }

    fn error(&self, start: usize) -> ParseError {
        let at = self.furthest.max(start).min(self.toks.len());
        let (from, found) = if at < self.toks.len() {
            let first = &self.toks[at];
            let last = &self.toks[(at + 6).min(self.toks.len()) - 1];
            let mut found: String = self.src[first.start..last.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if found.chars().count() > 60 {
                found = found.chars().take(59).collect::<String>() + "…";
            }
            (first.start, (found, last.end))
        } else {
            (self.src.len(), (String::new(), self.src.len()))
        };
        let mut expected: Vec<&str> = self.expected.clone();
        if expected.is_empty() || (at == start && self.furthest < start) {
            expected = vec!["an instruction such as « Supprimer l’alinéa 3. »"];
        }
        expected.truncate(4);
        ParseError {
            start: from,
            end: found.1,
            expected: expected.join(", or "),
            found: found.0,
        }
    }

    // ---- parts ----

    /// One part: an optional number ("II. –", "1°"), then a note set aside,
    /// a place on its own line (a header for the clauses that follow), or
    /// one clause (after an optional "En conséquence," or "Pour compenser
    /// …,"), ending with "." or ";" or the next part.
    fn part(&mut self) -> Option<Vec<Operation>> {
        let number = self.part_number();
        match number {
            Some(Level::Part) => {
                self.header.clear();
                self.sub_header.clear();
            }
            Some(Level::Item) => self.sub_header.clear(),
            None => {}
        }
        if let Some(note) = self.note() {
            return Some(vec![note]);
        }
        if let Some(ops) = self.compensation_text() {
            return Some(ops);
        }
        if !self.sub_header.is_empty() {
            self.context = self.sub_header.clone();
        } else if !self.header.is_empty() {
            self.context = self.header.clone();
        }
        // "En conséquence,", "Par coordination,", "Et": how this part relates
        // to the one before.
        let linked = if self.eat_any(&["en consequence", "par consequent", "par coordination"]) {
            self.eat_punct(',');
            true
        } else {
            self.eat("et")
        };
        if self.header_line(number.is_some() || linked) {
            return Some(Vec::new());
        }
        self.purpose();
        let ops = self.clause()?;
        while matches!(self.punct_at(0), Some('.' | ';' | ',')) {
            self.pos += 1;
        }
        Some(ops)
    }

    /// A part's number at the start of a paragraph: "I. –", "II –", "II.",
    /// "A. –", "... –" (a number the services will assign), or an item:
    /// "1°", "2° bis", "a)", "...°".
    fn part_number(&mut self) -> Option<Level> {
        let save = self.pos;
        let t = self.toks.get(self.pos).cloned()?;
        if !self.at_paragraph_start() {
            // "I. –" may also open the instruction's first line mid-way only
            // when written with its dash (kept from the former grammar).
            return self.dashed_roman();
        }
        let raw = &self.src[t.start..t.end];
        // "...", "…", "... –", "...°".
        if matches!(t.kind, Kind::Punct('.' | '…')) {
            while matches!(self.punct_at(0), Some('.' | '…')) {
                self.pos += 1;
            }
            if self.word_at(0) == Some("°") {
                self.pos += 1;
                return Some(Level::Item);
            }
            if self.eat_punct('–') || self.eat_punct(')') {
                return Some(Level::Part);
            }
            self.pos = save;
            return None;
        }
        let Kind::Word(w) = &t.kind else {
            return None;
        };
        // "1. Après le mot :": an item numbered with a period.
        if is_number(w)
            && self.punct_at(1) == Some('.')
            && self.toks.get(self.pos + 2).is_some_and(|n| {
                n.para == t.para && self.src[n.start..].starts_with(|c: char| c.is_uppercase())
            })
        {
            self.pos += 2;
            return Some(Level::Item);
        }
        let roman = raw.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
            || (raw.len() == 1 && raw.chars().all(|c| c.is_ascii_uppercase()));
        let item = (w.ends_with('°')
            && w[..w.len() - '°'.len_utf8()]
                .chars()
                .all(|c| c.is_ascii_digit()))
            || (w.ends_with(')')
                && w.len() <= 4
                && w[..w.len() - 1].chars().all(|c| c.is_ascii_lowercase()));
        if !(roman || item) {
            return None;
        }
        self.pos += 1;
        while self.word_at(0).is_some_and(|w| LATIN_ADVERBS.contains(&w)) {
            self.pos += 1;
        }
        if item {
            self.eat_punct('–');
            if self.done()
                || self.word_at(0).is_none()
                    && !matches!(
                        self.toks.get(self.pos).map(|t| &t.kind),
                        Some(Kind::Quote(_))
                    )
            {
                self.pos = save;
                return None;
            }
            return Some(Level::Item);
        }
        let dotted = self.eat_punct('.');
        while self.eat_punct('.') {}
        let dashed = self.eat_punct('–');
        // "II- –" (budget 2025, I-CF1344): a hyphen typed before the dash.
        if dashed {
            self.eat_punct('–');
        }
        let alone = self.at_paragraph_start() && !self.done();
        // A capital letter alone is a part only when marked ("A. –", "A –",
        // "A." then a capitalised word, or "A" alone on its line).
        let capital_next = self
            .toks
            .get(self.pos)
            .is_some_and(|n| self.src[n.start..].starts_with(|c: char| c.is_uppercase()));
        if dashed || alone || (dotted && capital_next) {
            Some(Level::Part)
        } else {
            self.pos = save;
            None
        }
    }

    /// True when, past the punctuation that closes a clause, the
    /// instruction ends or a new part opens ("II. –"). Eats nothing.
    fn at_part_or_end(&mut self) -> bool {
        let save = self.pos;
        while matches!(self.punct_at(0), Some('.' | ';' | ',')) {
            self.pos += 1;
        }
        let boundary =
            self.done() || (self.at_paragraph_start() && self.part_number() == Some(Level::Part));
        self.pos = save;
        boundary
    }

    /// "I. –" with its dash, not at a paragraph's start.
    fn dashed_roman(&mut self) -> Option<Level> {
        let save = self.pos;
        let t = self.toks.get(self.pos).cloned()?;
        let raw = &self.src[t.start..t.end];
        if raw.is_empty() || !raw.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')) {
            return None;
        }
        self.pos += 1;
        self.eat_punct('.');
        if self.eat_punct('–') {
            Some(Level::Part)
        } else {
            self.pos = save;
            None
        }
    }

    /// A paragraph that says something about the amendment instead of
    /// instructing: a banner (the article of the Règlement it was filed
    /// under), a note ("Amendement rédactionnel.", "Cet amendement est un
    /// amendement de coordination."). Recognised by its subject, the
    /// amendment itself, or by naming the Règlement; set aside.
    fn note(&mut self) -> Option<Operation> {
        if !self.at_paragraph_start() || !self.note_here() {
            return None;
        }
        Some(Operation::Note {
            text: self.take_paragraph(),
        })
    }

    fn note_here(&mut self) -> bool {
        let save = self.pos;
        self.eat_punct('(');
        self.eat_punct('[');
        // "Amendement n° 89 rectifié, alinéa 3" names a place (in the
        // amendment a sub-amendment amends), not the amendment itself.
        if self.amendment_reference() {
            self.pos = save;
            return false;
        }
        let subject = self.eat_any(&[
            "amendement",
            "sous-amendement",
            "cet amendement",
            "ce sous-amendement",
            "le present amendement",
            "le present sous-amendement",
            "amendement de repli",
            "amendement d'appel",
        ]);
        let mut reglement = false;
        if !subject && let Some(t) = self.toks.get(self.pos) {
            let para = t.para;
            let words: Vec<&str> = self.toks[self.pos..]
                .iter()
                .take_while(|t| t.para == para)
                .filter_map(|t| match &t.kind {
                    Kind::Word(w) => Some(w.as_str()),
                    _ => None,
                })
                .collect();
            // A banner speaks of the amendment and names the Règlement (a new
            // article may well cite a "règlement": not a banner).
            reglement = words.contains(&"reglement")
                && words
                    .iter()
                    .any(|w| matches!(*w, "amendement" | "sous-amendement"));
            // It quotes nothing and instructs nothing.
            reglement = reglement
                && !self.toks[self.pos..]
                    .iter()
                    .take_while(|t| t.para == para)
                    .any(|t| {
                        matches!(t.kind, Kind::Quote(_))
                            || matches!(&t.kind, Kind::Word(w) if VERBS.contains(&w.as_str()))
                    });
        }
        self.pos = save;
        subject || reglement
    }

    /// "Amendement n° 89 rectifié bis" (then, for a header, a comma).
    fn amendment_reference(&mut self) -> bool {
        let save = self.pos;
        if self.eat("amendement") && self.eat_any(&["n°", "no", "n"]) {
            self.eat_punct('°');
            if self
                .word_at(0)
                .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()))
            {
                self.pos += 1;
                self.eat_any(&["rectifie", "rect"]);
                self.eat_punct('.');
                while self.word_at(0).is_some_and(|w| LATIN_ADVERBS.contains(&w)) {
                    self.pos += 1;
                }
                return true;
            }
        }
        self.pos = save;
        false
    }

    /// "Pour compenser la perte de recettes résultant du I," before a clause:
    /// the purpose of the clause, read and set aside.
    fn purpose(&mut self) {
        let save = self.pos;
        if !self.eat("pour compenser") {
            return;
        }
        while let Some(t) = self.toks.get(self.pos) {
            if t.kind == Kind::Punct(',') {
                self.pos += 1;
                return;
            }
            if matches!(t.kind, Kind::Quote(_) | Kind::Punct(':' | '.')) {
                break;
            }
            self.pos += 1;
        }
        self.pos = save;
    }

    /// A revenue-compensation clause printed as the text it adds ("II. – La
    /// perte de recettes pour l’État est compensée à due concurrence par…"):
    /// a numbered paragraph that adds itself at the end of the article.
    fn compensation_text(&mut self) -> Option<Vec<Operation>> {
        let start = self.pos;
        if start == 0 || !matches!(self.toks[start - 1].kind, Kind::Punct('–' | '.')) {
            return None;
        }
        let t = self.toks.get(start)?;
        let para = t.para;
        let words: Vec<&str> = self.toks[start..]
            .iter()
            .take_while(|t| t.para == para)
            .filter_map(|t| match &t.kind {
                Kind::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let subject = words.starts_with(&["la", "perte"])
            || words.starts_with(&["les", "pertes"])
            || words.starts_with(&["la", "charge"])
            || words.starts_with(&["l'augmentation", "de", "charge"]);
        let compensated = words.iter().any(|w| w.starts_with("compense"));
        if !(subject && compensated) {
            return None;
        }
        // The paragraph with its number, as printed.
        let number_start = (0..start)
            .rev()
            .take_while(|&k| self.toks[k].para == para)
            .last()
            .map_or(t.start, |k| self.toks[k].start);
        let end = self.paras[para].1;
        let text = self.src[number_start..end].trim().to_owned();
        while self.toks.get(self.pos).is_some_and(|t| t.para == para) {
            self.pos += 1;
        }
        Some(vec![Operation::InsertAlineas {
            side: Side::After,
            at: Place::article(),
            text: vec![text],
        }])
    }

    /// A place alone on its line: "Alinéa 4", "Alinéas 6 et 7", "Alinéa 32,
    /// première phrase", "À l’alinéa 7 :", "Modifier ainsi l’alinéa 14 :",
    /// and within an item "Première phrase". The clauses after it apply
    /// there.
    fn header_line(&mut self, numbered: bool) -> bool {
        if !(numbered || self.at_paragraph_start()) {
            return false;
        }
        let save = self.pos;
        let Some(places) = self.header_place(true) else {
            self.pos = save;
            return false;
        };
        if self.done() {
            self.pos = save;
            return false;
        }
        let item = save > 0 && {
            // After an item number ("1° Première phrase"): narrows the header.
            let prev = &self.toks[save - 1];
            prev.para == self.toks[save].para
                && matches!(&prev.kind, Kind::Word(w) if w.ends_with('°') || w.ends_with(')'))
        };
        if item && !self.header.is_empty() {
            self.sub_header = places.clone();
        } else {
            self.header = places.clone();
            self.sub_header.clear();
        }
        self.context = places;
        true
    }

    /// The place of a header line, up to the end of its paragraph.
    fn header_place(&mut self, passive: bool) -> Option<Vec<Place>> {
        let para = self.toks.get(self.pos)?.para;
        // "Amendement n° 89 rectifié, alinéa 3": a sub-amendment's place in
        // the amendment it amends, which is its text.
        if self.amendment_reference() {
            self.eat_punct(',');
        }
        let modify =
            self.eat("modifier ainsi") || self.eat("modifier comme suit") || self.eat("modifier");
        let mut places = if modify {
            vec![self.place()?]
        } else if let Some(p) = self.places() {
            p
        } else {
            let mut out = vec![self.place()?];
            while self.eat("et") {
                out.push(self.place()?);
            }
            out
        };
        // "L’alinéa 3 est ainsi modifié :" (in the instruction's own words;
        // new text says the same of the text it amends).
        if passive {
            self.eat_any(&[
                "est ainsi modifie",
                "est ainsi modifiee",
                "sont ainsi modifies",
                "sont ainsi modifiees",
            ]);
        }
        // "Alinéa 32, première phrase", "Alinéa 3 deuxième phrase", and lists
        // of them ("alinéa 3, première phrase, alinéa 7, deuxième phrase et
        // alinéa 9"), on the same line.
        let mut groups: Vec<Vec<Place>> = vec![places];
        loop {
            if self.toks.get(self.pos).is_none_or(|t| t.para != para) {
                break;
            }
            let mark = self.pos;
            self.eat_punct(',');
            self.eat("et");
            self.determiner();
            let sentences = self.ordinals();
            if !sentences.is_empty() && self.eat_any(&["phrase", "phrases"]) {
                for p in groups.last_mut().into_iter().flatten() {
                    p.sentences = sentences.clone();
                }
                // "(deux fois)": in each of them, which is what several mean.
                let m = self.pos;
                if !(self.eat_punct('(')
                    && self.cardinal().is_some()
                    && self.eat("fois")
                    && self.eat_punct(')'))
                {
                    self.pos = m;
                }
                continue;
            }
            self.pos = mark;
            if !(self.eat_punct(',') || self.eat("et")) {
                break;
            }
            self.eat("et");
            // A try: what it expected is not what the clause expects.
            let (furthest, expected) = (self.furthest, self.expected.clone());
            let place = self.place();
            (self.furthest, self.expected) = (furthest, expected);
            match place {
                Some(p) if p.outside.is_none() && !p.alineas.is_empty() => groups.push(vec![p]),
                _ => {
                    self.pos = mark;
                    break;
                }
            }
        }
        places = groups.concat();
        self.eat_punct(':');
        self.eat_punct(',');
        let ends = self.toks.get(self.pos).is_none_or(|t| t.para > para);
        // A header names a place of the article, never of another text.
        (ends && places.iter().all(|p| p.outside.is_none())).then_some(places)
    }

    fn clause(&mut self) -> Option<Vec<Operation>> {
        let save = self.pos;
        let rules: [Rule<'_>; 13] = [
            Self::supprimer,
            Self::rediger,
            Self::retablir,
            Self::substituer,
            Self::completer,
            Self::inserer_relative,
            Self::inserer_at_either_end,
            Self::remplacer,
            Self::proceder,
            Self::heading,
            Self::placed,
            Self::passive,
            Self::suppression,
        ];
        for rule in rules {
            self.pos = save;
            if let Some(ops) = rule(self) {
                return Some(ops);
            }
        }
        self.pos = save;
        None
    }

    // ---- places ----

    /// One place, after its preposition: "la fin de la première phrase de
    /// l’alinéa 4", "les alinéas 7 à 12", "le 2° du I", "cet article".
    fn place(&mut self) -> Option<Place> {
        let save = self.pos;
        let mut place = Place::default();
        if let Some(p) = self.demonstrative() {
            return Some(p);
        }
        self.determiner();
        if self.eat_any(&["fin", "debut"]) {
            let w = &self.toks[self.pos - 1].kind;
            place.end = Some(if *w == Kind::Word("fin".into()) {
                End::End
            } else {
                End::Start
            });
            if !self.of() && !self.elided_of() {
                // "supprimer la fin." after an anchor: the context's place.
                place.alineas = self.context_alineas();
                place.sentences = self.context_sentences();
                return Some(place);
            }
            if let Some(p) = self.demonstrative() {
                return Some(Place {
                    end: place.end,
                    ..p
                });
            }
            // "la fin de la phrase": the sentence the context names ("de
            // la" may be read already).
            let mark = self.pos;
            if (self.eat("la phrase") || self.eat("phrase"))
                && !self.word_at(0).is_some_and(is_number)
                && let Some(c) = self
                    .context
                    .last()
                    .filter(|c| !c.alineas.is_empty() && !c.sentences.is_empty())
            {
                return Some(Place {
                    end: place.end,
                    ..c.clone()
                });
            }
            self.pos = mark;
            // "la fin de l’alinéa": the alinéa the context names.
            if (self.eat("l' alinea") || self.eat("alinea"))
                && !self.word_at(0).is_some_and(is_number)
                && let Some(c) = self.context.last().filter(|c| !c.alineas.is_empty())
            {
                return Some(Place {
                    end: place.end,
                    sentences: Vec::new(),
                    ..c.clone()
                });
            }
            self.pos = mark;
            self.determiner();
        }
        // A table, its rows, columns or cells.
        if let Some(p) = self.table_place() {
            return Some(Place {
                end: place.end,
                ..p
            });
        }
        // Sentences.
        let before_sentences = self.pos;
        let same = self.eat("meme");
        let mut sentences = self.ordinals();
        if same && sentences.is_empty() {
            sentences = self.context_sentences();
        }
        if self.eat_any(&["phrase", "phrases"]) {
            if sentences.is_empty() {
                self.pos = save;
                return None;
            }
            place.sentences = sentences;
            if !self.of() {
                // "à la deuxième phrase": of the context's alinéa.
                place.alineas = self.context_alineas();
                place.division = self.context_division();
                return Some(place);
            }
            self.determiner();
        } else {
            self.pos = before_sentences;
        }
        // Alinéas.
        if let Some(alineas) = self.alineas() {
            place.alineas = alineas;
        } else if (self.this_article() || self.eat("cet amendement"))
            && place.end.is_none()
            && place.sentences.is_empty()
        {
            return Some(place);
        }
        // Divisions: "le 2° du I", "du même I".
        let mut divisions = Vec::new();
        loop {
            let mark = self.pos;
            if !divisions.is_empty() || !place.alineas.is_empty() {
                if !self.of() {
                    break;
                }
                self.determiner();
            }
            self.eat("meme");
            match self.division() {
                Some(d) => divisions.push(d),
                None => {
                    self.pos = mark;
                    break;
                }
            }
        }
        divisions.reverse();
        place.division = divisions;
        // A provision outside the article: "de l’article L. 34‑18 du code…".
        let mark = self.pos;
        if self.of() && self.eat_any(&["article", "code", "loi", "ordonnance"]) {
            self.pos = mark;
            self.of();
            place.outside = Some(self.rest_of_place());
        } else {
            self.pos = mark;
        }
        if place.alineas.is_empty()
            && place.division.is_empty()
            && place.sentences.is_empty()
            && place.outside.is_none()
        {
            self.pos = save;
            self.expect(
                "a place (« l’alinéa 4 », « la première phrase de l’alinéa 4 », « le 2° du I »)",
            );
            return None;
        }
        Some(place)
    }

    /// A table and rows, columns or cells of it: "la trente-septième ligne
    /// de la dernière colonne du tableau de l’alinéa 5", "la seconde colonne
    /// de la dix-neuvième ligne du tableau unique", "les troisième à
    /// huitième lignes du tableau de l’alinéa 17", "la ligne : « … »", "le
    /// même tableau", "le premier tableau du même alinéa". Rows or columns
    /// without a table name the table of the context ("Au tableau de
    /// l’alinéa 1, après la trentième ligne").
    fn table_place(&mut self) -> Option<Place> {
        let save = self.pos;
        let mut t = TablePlace::default();
        let mut table: Option<Place> = None;
        let mut first = true;
        loop {
            let mark = self.pos;
            if !first {
                // "de la", "du"; "et à la" ("à la seizième ligne et à la
                // troisième colonne").
                let and_at = {
                    let m = self.pos;
                    let ok = self.eat("et") && self.preposition();
                    if !ok {
                        self.pos = m;
                    }
                    ok
                };
                if !(and_at || self.of()) {
                    break;
                }
                self.determiner();
            }
            // "la même colonne", and "ladite colonne", "dudit tableau".
            let same = self.eat("meme") || self.after_aforesaid();
            let spans = self.spans();
            if self.eat_any(&["ligne", "lignes"]) {
                if !t.rows.is_empty() {
                    self.pos = mark;
                    break;
                }
                t.rows = self.span_or_header(same, spans, true)?;
            } else if self.eat_any(&["colonne", "colonnes"]) {
                if !t.columns.is_empty() {
                    self.pos = mark;
                    break;
                }
                t.columns = self.span_or_header(same, spans, false)?;
            } else if self.eat("tableau") {
                let which = match spans.as_slice() {
                    [] => None,
                    [Span::One(n)] => Some(*n),
                    _ => {
                        self.pos = save;
                        return None;
                    }
                };
                self.eat("unique");
                let mut at = self.table_location(same)?;
                let mut tp = at.table.take().unwrap_or_default();
                if which.is_some() {
                    tp.table = which;
                }
                at.table = Some(tp);
                table = Some(at);
                break;
            } else {
                self.pos = mark;
                break;
            }
            first = false;
        }
        if first && table.is_none() {
            self.pos = save;
            return None;
        }
        let mut at = match table {
            Some(at) => at,
            // Rows or columns of an alinéa named ("de la troisième colonne
            // de l’alinéa 5"): its table.
            None if self.names_alinea() => self.table_location(false)?,
            // Rows or columns alone: of the context's table, else of the
            // table of the context's alinéas ("À l’alinéa 2, à la onzième
            // ligne de la quatrième colonne"), else of the article's.
            None => match self.context.last() {
                Some(c) if c.table.is_some() => Place {
                    end: None,
                    sentences: Vec::new(),
                    ..c.clone()
                },
                Some(c) if c.outside.is_none() => Place {
                    division: c.division.clone(),
                    alineas: c.alineas.clone(),
                    table: Some(TablePlace::default()),
                    ..Place::default()
                },
                _ => Place {
                    table: Some(TablePlace::default()),
                    ..Place::default()
                },
            },
        };
        let tp = at.table.get_or_insert_with(TablePlace::default);
        if !t.rows.is_empty() {
            tp.rows = t.rows;
        }
        if !t.columns.is_empty() {
            tp.columns = t.columns;
        }
        // A table of another text ("du tableau du second alinéa de
        // l’article 1001 du code général des impôts") is not the article's.
        let mark = self.pos;
        if self.of() && self.eat_any(&["article", "code", "loi", "ordonnance", "annexe"]) {
            self.pos = save;
            self.expect("a table of the article (not of another text)");
            return None;
        }
        self.pos = mark;
        Some(at)
    }

    /// True when the word before the cursor is « ledit », « ladite »,
    /// « dudit »…: the thing named before, like « même ».
    fn after_aforesaid(&self) -> bool {
        self.pos > 0
            && matches!(
                &self.toks[self.pos - 1].kind,
                Kind::Word(w) if matches!(
                    w.as_str(),
                    "ledit" | "ladite" | "lesdits" | "lesdites" | "dudit" | "desdits" | "desdites"
                        | "audit" | "auxdits" | "auxdites"
                )
            )
    }

    /// True when what follows names an alinéa ("de l’alinéa 5", "du même
    /// alinéa", "du deuxième alinéa", "dudit alinéa"); the cursor stays.
    fn names_alinea(&mut self) -> bool {
        let m = self.pos;
        let ok = (self.eat_any(&["dudit", "audit"]) || self.of() || self.preposition()) && {
            self.determiner();
            self.eat("meme");
            self.ordinal();
            self.word_at(0)
                .is_some_and(|w| matches!(w, "alinea" | "alineas"))
        };
        self.pos = m;
        ok
    }

    /// Ordinals, each alone or a range, in a list (before « lignes »,
    /// « colonnes », « alinéas », « phrases », « occurrences »):
    /// "trente-septième", "troisième à huitième", "troisième à dernière",
    /// "deuxième et troisième", "deuxième, quatrième à sixième", and "les
    /// deux dernières", "les trois premiers". The one reader of such lists.
    fn spans(&mut self) -> Vec<Span> {
        let save = self.pos;
        if let Some(n) = self.cardinal() {
            // "les deux dernières": the last two.
            if self.eat_any(&["dernieres", "derniers"]) {
                return (1..=n)
                    .rev()
                    .map(|k| Span::One(Nth::FromEnd { from_end: k }))
                    .collect();
            }
            if self.eat_any(&["premieres", "premiers"]) {
                return (1..=n).map(|k| Span::One(Nth::Index(k))).collect();
            }
            self.pos = save;
        }
        let mut out = Vec::new();
        while let Some(a) = self.ordinal() {
            let mark = self.pos;
            match (self.eat("a"), self.ordinal()) {
                (true, Some(b)) => out.push(Span::Range([a, b])),
                _ => {
                    self.pos = mark;
                    out.push(Span::One(a));
                }
            }
            let mark = self.pos;
            if !(self.eat_punct(',') || self.eat("et"))
                || self.word_at(0).and_then(ordinal_word).is_none()
            {
                self.pos = mark;
                break;
            }
        }
        out
    }

    /// After « ligne » or « colonne »: the spans read before it, the
    /// context's ("la même colonne"), or a header ("la ligne : « … »").
    fn span_or_header(&mut self, same: bool, spans: Vec<Span>, rows: bool) -> Option<Vec<Span>> {
        if !spans.is_empty() {
            return Some(spans);
        }
        if same {
            let c = self.context.last().and_then(|c| c.table.clone());
            let v = c
                .map(|t| if rows { t.rows } else { t.columns })
                .unwrap_or_default();
            if v.is_empty() {
                self.expect("a row or column named before (« la même colonne »)");
                return None;
            }
            return Some(v);
        }
        let mark = self.pos;
        self.eat_punct(':');
        if matches!(
            self.toks.get(self.pos).map(|t| &t.kind),
            Some(Kind::Quote(_))
        ) {
            let header = self.quoted_words()?;
            self.eat_punct(',');
            return Some(vec![Span::Header { header }]);
        }
        self.pos = mark;
        self.expect("which row or column (« la troisième ligne », « la ligne : « … » »)");
        None
    }

    /// Where a table is, after « tableau »: "de l’alinéa 5", "à l’alinéa
    /// 2", "du deuxième alinéa", "du même alinéa", "dudit alinéa", "figurant
    /// à l’alinéa 2"; nothing: the context's table ("le même tableau", "le
    /// tableau" after a place with one), or the article's.
    fn table_location(&mut self, same: bool) -> Option<Place> {
        let mark = self.pos;
        let same_alinea = if self.eat_any(&["dudit", "audit"]) {
            true
        } else {
            self.eat_any(&["figurant", "mentionne", "prevu"]);
            if self.of() || self.preposition() {
                self.determiner();
                self.eat("meme")
            } else {
                false
            }
        };
        let after_of = self.pos;
        if let Some(alineas) = self.alineas() {
            // "de l’alinéa 5 du II": the alinéa of a division.
            let mut division = Vec::new();
            loop {
                let m = self.pos;
                if self.of() {
                    self.determiner();
                    if let Some(d) = self.division() {
                        division.push(d);
                        continue;
                    }
                }
                self.pos = m;
                break;
            }
            division.reverse();
            return Some(Place {
                alineas,
                division,
                table: Some(TablePlace::default()),
                ..Place::default()
            });
        }
        self.pos = after_of;
        if same_alinea && self.eat("alinea") {
            return Some(Place {
                alineas: self.context_alineas(),
                division: self.context_division(),
                table: Some(TablePlace::default()),
                ..Place::default()
            });
        }
        self.pos = mark;
        // The context's table when it names one (or "le même tableau").
        if let Some(c) = self.context.last().filter(|c| same || c.table.is_some()) {
            return Some(Place {
                outside: None,
                division: c.division.clone(),
                alineas: c.alineas.clone(),
                sentences: Vec::new(),
                table: Some(TablePlace {
                    table: c.table.as_ref().and_then(|t| t.table),
                    ..TablePlace::default()
                }),
                end: None,
            });
        }
        if same {
            self.expect("a table named before (« le même tableau »)");
            return None;
        }
        Some(Place {
            table: Some(TablePlace::default()),
            ..Place::default()
        })
    }

    /// "Cette phrase", "ces phrases", "ladite phrase (dudit alinéa)", "ces
    /// alinéas": the context's place (a header's, or the previous clause's).
    fn demonstrative(&mut self) -> Option<Place> {
        let save = self.pos;
        if self.eat_any(&[
            "cette phrase",
            "ces phrases",
            "ces deux phrases",
            "ces trois phrases",
            "ladite phrase",
            "lesdites phrases",
        ]) {
            // « ladite phrase dudit alinéa »: the alinéa is the context's too.
            self.eat_any(&["dudit alinea", "de cet alinea", "du meme alinea"]);
            if let Some(c) = self.context.last().filter(|c| !c.sentences.is_empty()) {
                return Some(Place {
                    end: None,
                    ..c.clone()
                });
            }
            self.pos = save;
            return None;
        }
        if self.eat_any(&[
            "ces alineas",
            "ces deux alineas",
            "ces trois alineas",
            "ces quatre alineas",
            "ces paragraphes",
        ]) {
            if let Some(c) = self.context.last().filter(|c| !c.alineas.is_empty()) {
                return Some(Place {
                    end: None,
                    sentences: Vec::new(),
                    ..c.clone()
                });
            }
            self.pos = save;
            return None;
        }
        None
    }

    /// The words of an outside reference, up to the next comma.
    fn rest_of_place(&mut self) -> String {
        let start = self.toks[self.pos].start;
        let mut end = start;
        while let Some(t) = self.toks.get(self.pos) {
            if matches!(t.kind, Kind::Punct(',' | ':' | ';') | Kind::Quote(_)) {
                break;
            }
            end = t.end;
            self.pos += 1;
        }
        self.src[start..end].to_owned()
    }

    fn determiner(&mut self) {
        while self.eat_any(&[
            "le", "la", "les", "l'", "du", "des", "de", "ce", "cette", "au", "aux", "ledit",
            "ladite", "lesdits", "lesdites", "dudit", "desdits", "desdites",
        ]) {}
    }

    /// "de", "du", "des", "de la", "de l’".
    fn of(&mut self) -> bool {
        if self.eat_any(&["du", "des", "dudit", "desdits", "desdites"]) {
            return true;
        }
        if self.eat("de") {
            self.eat_any(&["la", "l'"]);
            return true;
        }
        false
    }

    /// « à la fin l’alinéa 9 », « au début l’alinéa 23 »: the « de » of
    /// [`Self::of`] left out before a numbered alinéa, which can be read
    /// only one way. Eats the « l’ », as `of` would.
    fn elided_of(&mut self) -> bool {
        let mark = self.pos;
        if self.eat("l'")
            && self.word_at(0) == Some("alinea")
            && self.word_at(1).is_some_and(is_number)
        {
            return true;
        }
        self.pos = mark;
        false
    }

    /// Ordinals, one by one: "la deuxième", "les deuxième et troisième",
    /// "les deux dernières", "les deuxième à quatrième" (each one between);
    /// none for a range that ends from the end ("deuxième à dernière": how
    /// many is not known here), or where there is none.
    fn ordinals(&mut self) -> Vec<Nth> {
        let save = self.pos;
        let mut out = Vec::new();
        for span in self.spans() {
            match span {
                Span::One(n) => out.push(n),
                Span::Range([Nth::Index(a), Nth::Index(b)]) if a < b => {
                    out.extend((a..=b).map(Nth::Index));
                }
                _ => {
                    self.pos = save;
                    return Vec::new();
                }
            }
        }
        out
    }

    /// "l’alinéa 4", "les alinéas 7 à 12 et 15", "le dernier alinéa", "le même
    /// alinéa", "cet alinéa", "le deuxième alinéa", "les troisième et
    /// quatrième alinéas", "les troisième à sixième alinéas" (as the codes
    /// name theirs). Numbers resolve against the text tabled on; the context
    /// answers "même".
    fn alineas(&mut self) -> Option<Vec<Alineas>> {
        let save = self.pos;
        let same = self.eat("meme");
        if self.eat_any(&["cet alinea", "cet aliena"]) {
            return Some(self.context_alineas());
        }
        let first = self.pos;
        if let Some(n) = self.ordinal() {
            if self.eat("alinea") {
                return Some(vec![Alineas::One(n)]);
            }
            self.pos = first;
        }
        // "les troisième et quatrième alinéas", "les troisième à sixième
        // alinéas", "les deux derniers alinéas".
        let spans = self.spans();
        if !spans.is_empty() {
            let several = spans.len() > 1 || matches!(spans[0], Span::Range(_));
            let alineas: Option<Vec<Alineas>> = spans
                .into_iter()
                .map(|span| match span {
                    Span::One(n) => Some(Alineas::One(n)),
                    Span::Range([Nth::Index(a), Nth::Index(b)]) if a < b => {
                        Some(Alineas::Range([a, b]))
                    }
                    _ => None,
                })
                .collect();
            if several
                && let Some(alineas) = alineas
                && self.eat("alineas")
            {
                return Some(alineas);
            }
            self.pos = save;
            return None;
        }
        if self.eat_any(&["alinea", "alineas"]) {
            let mut out = Vec::new();
            while let Some(a) = self.number() {
                let mark = self.pos;
                if self.eat("a")
                    && let Some(b) = self.number()
                {
                    out.push(Alineas::Range([a, b]));
                } else {
                    self.pos = mark;
                    out.push(Alineas::One(Nth::Index(a)));
                }
                let mark = self.pos;
                if (self.eat_punct(',') || self.eat("et")) && self.word_at(0).is_some_and(is_number)
                {
                    continue;
                }
                self.pos = mark;
                break;
            }
            if out.is_empty() {
                if same {
                    return Some(self.context_alineas());
                }
                self.pos = save;
                self.expect("an alinéa number");
                return None;
            }
            return Some(out);
        }
        self.pos = save;
        None
    }

    /// A division mark: "I", "II bis", "2°", "3° bis", "a)", "A".
    fn division(&mut self) -> Option<String> {
        let t = self.toks.get(self.pos)?;
        let raw = &self.src[t.start..t.end];
        let Kind::Word(w) = &t.kind else { return None };
        let is_roman = raw
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
        let is_item = w.ends_with('°')
            && w[..w.len() - '°'.len_utf8()]
                .chars()
                .all(|c| c.is_ascii_digit());
        let is_letter = w.ends_with(')') && w.len() <= 4;
        if !(is_roman || is_item || is_letter) {
            return None;
        }
        self.pos += 1;
        let mut mark = raw.to_owned();
        // "bis", "ter", "A".
        while let Some(w) = self.word_at(0) {
            if LATIN_ADVERBS.contains(&w) {
                mark.push(' ');
                mark.push_str(w);
                self.pos += 1;
            } else {
                break;
            }
        }
        Some(mark)
    }

    fn context_alineas(&self) -> Vec<Alineas> {
        self.context
            .last()
            .map(|p| p.alineas.clone())
            .unwrap_or_default()
    }

    fn context_sentences(&self) -> Vec<Nth> {
        self.context
            .last()
            .map(|p| p.sentences.clone())
            .unwrap_or_default()
    }

    fn context_division(&self) -> Vec<String> {
        self.context
            .last()
            .map(|p| p.division.clone())
            .unwrap_or_default()
    }

    /// Places introduced by prepositions, joined by "," and "et": "à
    /// l’alinéa 4, à la première phrase de l’alinéa 6 et aux alinéas 8 et 9".
    fn places(&mut self) -> Option<Vec<Place>> {
        let mut out: Vec<Place> = Vec::new();
        loop {
            let mark = self.pos;
            if !self.preposition() {
                self.pos = mark;
                break;
            }
            // After a comma, a place without alinéas of its own narrows the
            // one before ("à l’alinéa 4, à la première phrase,").
            let narrows =
                self.toks[mark.saturating_sub(1)].kind == Kind::Punct(',') && !out.is_empty();
            let context = if narrows {
                std::mem::replace(&mut self.context, vec![Place::default()])
            } else {
                Vec::new()
            };
            let place = self.place();
            if narrows {
                self.context = context;
            }
            match place {
                Some(p) if narrows && p.alineas.is_empty() && p.outside.is_none() => {
                    let Some(prev) = out.last_mut() else { break };
                    if !p.division.is_empty() && !prev.alineas.is_empty() {
                        // "À l’alinéa 4, au 2°": a division inside an alinéa
                        // is not a place the grammar can name.
                        self.pos = mark;
                        self.furthest = mark;
                        self.expected.clear();
                        self.expect(
                            "one place: « au 2° » inside « l’alinéa 4 » cannot be read as two",
                        );
                        return None;
                    }
                    if !p.sentences.is_empty() {
                        prev.sentences = p.sentences;
                    }
                    if p.end.is_some() {
                        prev.end = p.end;
                    }
                    if p.table.is_some() {
                        prev.table = p.table;
                    }
                    if !p.division.is_empty() {
                        prev.division.extend(p.division);
                    }
                }
                Some(p) => out.push(p),
                None => {
                    self.pos = mark;
                    break;
                }
            }
            let mark = self.pos;
            if self.eat_punct(',') || self.eat("et") {
                // Another place follows only if a preposition does.
                let next = self.pos;
                if self.preposition() {
                    self.pos = next;
                    continue;
                }
            }
            self.pos = mark;
            break;
        }
        (!out.is_empty()).then_some(out)
    }

    fn preposition(&mut self) -> bool {
        self.eat_any(&["a", "au", "aux", "dans", "audit", "auxdits", "auxdites"])
    }

    /// Remembers the places of this part, for "même" and "procéder à la
    /// même …" in the next one.
    fn set_context(&mut self, places: &[Place]) {
        self.context = places.to_vec();
    }

    // ---- quoted words ----

    /// "le mot", "les mots", "la référence", "le mot et le signe".
    fn noun(&mut self) -> bool {
        let save = self.pos;
        let mut any = false;
        loop {
            let mark = self.pos;
            self.eat_any(&["le", "la", "les", "l'", "du", "des", "de"]);
            self.cardinal();
            match self.word_at(0) {
                Some(w) if NOUNS.contains(&w) => {
                    self.pos += 1;
                    any = true;
                }
                _ => {
                    self.pos = mark;
                    break;
                }
            }
            let mark = self.pos;
            if !self.eat("et") {
                break;
            }
            if !self
                .word_at(0)
                .is_some_and(|w| NOUNS.contains(&w) || matches!(w, "le" | "la" | "les" | "l'"))
            {
                self.pos = mark;
                break;
            }
        }
        if !any {
            self.pos = save;
            self.expect("« le mot », « les mots » or « la référence »");
        }
        any
    }

    /// Quoted words with the occurrences meant: "le mot : « de »", "la
    /// deuxième occurrence du mot : « de »", "les deux dernières occurrences
    /// des mots : « … »".
    fn words(&mut self) -> Option<Words> {
        let save = self.pos;
        // Every occurrence: "chaque occurrence", "toutes les occurrences",
        // "chacune des occurrences", "les deux occurrences" (both).
        if self.eat_any(&[
            "chaque occurrence",
            "toutes les occurrences",
            "chacune des occurrences",
            "chacune de ses occurrences",
            "les deux occurrences",
            "deux occurrences",
        ]) {
            self.of();
        }
        let after_every = self.pos;
        self.eat_any(&["la", "les", "l'"]);
        let occurrence = self.ordinals();
        if !occurrence.is_empty() {
            if !self.eat_any(&["occurrence", "occurrences"]) {
                self.pos = save;
                return None;
            }
        } else {
            self.pos = after_every;
        }
        if !self.noun() {
            self.pos = save;
            return None;
        }
        self.eat_any(&["suivant", "suivants", "suivante", "suivantes"]);
        // "(deux fois)": every occurrence, which is what no number means.
        let mark = self.pos;
        if !(self.eat_punct('(')
            && self.cardinal().is_some()
            && self.eat("fois")
            && self.eat_punct(')'))
        {
            self.pos = mark;
        }
        self.eat_punct(':');
        let words = self.quoted_words()?;
        self.eat_punct(',');
        Some(Words { words, occurrence })
    }

    /// The words of the new text: "les mots : « … »", "le mot : « … »", "les
    /// deux phrases suivantes : « … »", "les mots et la phrase suivante".
    fn new_words(&mut self) -> Option<String> {
        let save = self.pos;
        self.eat_any(&["les", "la", "le", "l'"]);
        self.cardinal();
        if !self.noun() {
            self.pos = save;
            return None;
        }
        self.eat_any(&["suivant", "suivants", "suivante", "suivantes"]);
        self.eat_punct(':');
        let sentences = self.toks[save..self.pos]
            .iter()
            .any(|t| matches!(&t.kind, Kind::Word(w) if w.starts_with("phrase")));
        let unclosed = self.toks.get(self.pos).is_some_and(|t| t.unclosed);
        let q = self.quote()?;
        let words = q.join(" ");
        // Words (not sentences) in a quotation left open lose the
        // instruction's final period.
        Some(if unclosed && !sentences {
            strip_final(&words)
        } else {
            words
        })
    }

    /// How many alinéas or sentences follow: "l’alinéa suivant", "les deux
    /// alinéas suivants", "un alinéa ainsi rédigé", "la phrase suivante".
    /// Returns true for sentences.
    fn following(&mut self) -> Option<bool> {
        let save = self.pos;
        // « Substituer aux alinéas 2 à 4, l’alinéa suivant » (a comma after
        // the place).
        self.eat_punct(',');
        let one = self.eat_any(&["un", "une"]);
        self.eat_any(&["l'", "le", "la", "les"]);
        let n = self.cardinal().or(one.then_some(1));
        self.eat_any(&["nouvel", "nouveau", "nouvelle", "nouveaux", "nouvelles"]);
        // A paragraph (I, II…) may hold several alinéas: no count.
        let n = if self.eat_any(&["paragraphe", "paragraphes"]) {
            self.pos -= 1;
            None
        } else {
            n
        };
        let sentences = if self.eat_any(&["alinea", "alineas", "paragraphe", "paragraphes"]) {
            false
        } else if n == Some(1) && self.division().is_some() {
            // "un III ainsi rédigé", "un 5° bis ainsi rédigé": a division,
            // which may hold several alinéas.
            self.count = None;
            self.eat_punct('.');
            self.eat_punct(',');
            let ok = self.eat_any(&["ainsi redige", "ainsi redigee", "redige comme suit"]);
            if !ok {
                self.pos = save;
                self.expect("« ainsi rédigé »");
                return None;
            }
            self.eat_punct(':');
            return Some(false);
        } else if self.eat_any(&["phrase", "phrases"]) {
            true
        } else if self.word_at(0).is_some_and(|w| w.starts_with("suivant")) {
            false
        } else {
            self.pos = save;
            self.expect("« l’alinéa suivant » or « la phrase suivante »");
            return None;
        };
        self.eat_any(&[
            "additionnel",
            "additionnels",
            "additionnelle",
            "additionnelles",
        ]);
        // « insérer un alinéa, ainsi rédigé : »
        self.eat_punct(',');
        // « substituer aux alinéas 13 à 18 un alinéa unique : » (budget
        // 2025, I-992): one alinéa, which may still be announced as
        // « ainsi rédigé ».
        let unique = n == Some(1) && self.eat("unique");
        if unique {
            self.eat_punct(',');
        }
        if !(self.eat_any(&["suivant", "suivants", "suivante", "suivantes"])
            || self.eat_any(&[
                "redige comme suit",
                "rediges comme suit",
                "redigee comme suit",
                "redigees comme suit",
                "redige ainsi",
                "ainsi redige",
                "ainsi rediges",
                "ainsi redigee",
                "ainsi redigees",
            ])
            || unique)
        {
            self.pos = save;
            self.expect("« suivant » or « ainsi rédigé »");
            return None;
        }
        self.eat("dans la redaction suivante");
        if !self.eat_punct(':') {
            self.expect("« : »");
        }
        // Sentences printed without quotation marks are one paragraph.
        self.count = if sentences { Some(1) } else { n };
        Some(sentences)
    }

    /// How many table rows follow: "la ligne suivante", "une ligne ainsi
    /// rédigée", "les deux lignes suivantes", "les lignes suivantes".
    fn following_rows(&mut self) -> Option<Option<usize>> {
        let save = self.pos;
        let one = self.eat_any(&["un", "une"]);
        self.eat_any(&["l'", "le", "la", "les"]);
        let n = self.cardinal().or(one.then_some(1));
        self.eat_any(&["nouvelle", "nouvelles"]);
        let n = if self.eat("ligne") {
            Some(n.unwrap_or(1))
        } else if self.eat("lignes") {
            n
        } else {
            self.pos = save;
            self.expect("« la ligne suivante »");
            return None;
        };
        if !self.eat_any(&[
            "suivante",
            "suivantes",
            "ainsi redigee",
            "ainsi redigees",
            "redigee comme suit",
            "redigees comme suit",
            "redigee ainsi",
        ]) {
            self.pos = save;
            self.expect("« suivante » or « ainsi rédigée »");
            return None;
        }
        // "insérer la ligne suivante : :" (a colon printed twice).
        while self.eat_punct(':') {}
        Some(n)
    }

    /// Table rows, as a quotation or printed after the line announcing
    /// them: each a Markdown pipe row ("| a | b |"), as many as announced.
    fn new_rows(&mut self, count: Option<usize>) -> Option<Vec<String>> {
        let rows = match self.toks.get(self.pos).map(|t| &t.kind) {
            Some(Kind::Quote(q)) if !q.is_empty() && q.iter().all(|r| is_row(r)) => {
                let q = q.clone();
                self.pos += 1;
                q
            }
            _ if self.at_paragraph_start()
                && self
                    .toks
                    .get(self.pos)
                    .is_some_and(|t| self.src[t.start..].starts_with('|')) =>
            {
                let mut rows = Vec::new();
                while self
                    .toks
                    .get(self.pos)
                    .is_some_and(|t| self.src[t.start..].starts_with('|'))
                {
                    rows.push(self.take_paragraph());
                }
                rows
            }
            _ => {
                self.expect("table rows (« | a | b | »)");
                return None;
            }
        };
        if count.is_some_and(|n| n != rows.len()) {
            self.expect("as many rows as the instruction announces");
            return None;
        }
        Some(rows)
    }

    /// The new text after a colon: one quotation or several in a row; or,
    /// printed without quotation marks, the paragraphs after the colon's
    /// line: as many as the instruction says, else up to the next
    /// instruction.
    fn new_text(&mut self) -> Option<Vec<String>> {
        let count = self.count.take();
        if !matches!(
            self.toks.get(self.pos).map(|t| &t.kind),
            Some(Kind::Quote(_))
        ) {
            // The text on the lines after the one announcing it (its colon
            // is sometimes missing: "Rédiger ainsi cet alinéa ¶ …").
            let announced = self.after_colon_line()
                || (self.at_paragraph_start()
                    && self.pos > 0
                    && self.pos < self.toks.len()
                    && matches!(self.toks[self.pos - 1].kind, Kind::Word(_)));
            if !announced {
                self.expect("a quotation « … »");
                return None;
            }
            let mut text = vec![self.take_paragraph()];
            while !self.done() && count.is_none_or(|n| text.len() < n) {
                if count.is_none() && self.opens_instruction() {
                    break;
                }
                match self.toks.get(self.pos).map(|t| t.kind.clone()) {
                    Some(Kind::Quote(q))
                        if self.toks[self.pos].start == self.paras[self.toks[self.pos].para].0 =>
                    {
                        // A quoted paragraph within unquoted text keeps its marks.
                        let t = &self.toks[self.pos];
                        let _ = q;
                        let raw = self.src[t.start..t.end].to_owned();
                        self.pos += 1;
                        text.extend(raw.split("\n\n").map(|p| p.trim().to_owned()));
                    }
                    _ => text.extend(self.take_paragraphs()),
                }
            }
            if let Some(n) = count
                && text.len() != n
            {
                self.expect("as many alinéas as the instruction announces");
                return None;
            }
            return Some(text);
        }
        let mut text = self.quote()?;
        while let Some(Tok {
            kind: Kind::Quote(more),
            ..
        }) = self.toks.get(self.pos)
        {
            text.extend(more.iter().cloned());
            self.pos += 1;
        }
        // Fewer quoted alinéas than announced: the others lost their
        // opening mark (« … : » then « a) Le taux … » unquoted), and would
        // be read as instructions of the amendment's own.
        // (A count the drafter got wrong, the quotation whole, ends at the
        // next part or at the end: that is kept.)
        if let Some(n) = count
            && text.len() < n
            && !self.at_part_or_end()
        {
            self.expect("as many alinéas as the instruction announces");
            return None;
        }
        Some(text)
    }

    // ---- rules, one per verb ----

    /// "Supprimer cet article." "Supprimer l’alinéa 4." "Supprimer les
    /// alinéas 7 à 12." "Supprimer la seconde phrase de l’alinéa 5."
    /// "Supprimer les mots : « … »." (at the context's place).
    fn supprimer(&mut self) -> Option<Vec<Operation>> {
        if !self.eat("supprimer") {
            self.expect(
                "a verb (« supprimer », « substituer », « insérer », « compléter », « rédiger »)",
            );
            return None;
        }
        if self.this_article() {
            return Some(vec![Operation::DeleteArticle]);
        }
        if let Some(old) = self.words() {
            let mut olds = vec![old];
            loop {
                let mark = self.pos;
                if self.eat("et")
                    && let Some(more) = self.words()
                {
                    olds.push(more);
                    continue;
                }
                self.pos = mark;
                break;
            }
            let places = self.places().unwrap_or_else(|| self.context_or_article());
            let mut ops = Vec::new();
            for old in olds {
                ops.extend(self.each(&places, |at| Operation::DeleteWords {
                    at,
                    old: old.clone(),
                    after: None,
                }));
            }
            return Some(ops);
        }
        let mut places = Vec::new();
        while let Some(p) = self.place() {
            places.push(p);
            if !(self.eat_punct(',') || self.eat("et")) {
                break;
            }
        }
        if places.is_empty() {
            return None;
        }
        self.set_context(&places);
        Some(
            places
                .into_iter()
                .map(|at| {
                    if at.is_article() {
                        Operation::DeleteArticle
                    } else {
                        Operation::Delete { at }
                    }
                })
                .collect(),
        )
    }

    /// "Suppression des alinéas 4 à 6."
    fn suppression(&mut self) -> Option<Vec<Operation>> {
        if !self.eat("suppression") {
            return None;
        }
        self.of();
        let at = self.place()?;
        self.set_context(std::slice::from_ref(&at));
        Some(vec![Operation::Delete { at }])
    }

    /// "Rédiger ainsi cet article :", "Rédiger ainsi l’alinéa 4 :", "Rédiger
    /// ainsi la première phrase de l’alinéa 4 :", "Rédiger ainsi le début de
    /// l’alinéa 27 : « … (le reste sans changement) »", "… la fin de l’alinéa".
    fn rediger(&mut self) -> Option<Vec<Operation>> {
        if !(self.eat("rediger ainsi") || self.eat("rediger comme suit") || self.eat("rediger")) {
            return None;
        }
        if self.this_article() {
            self.eat_any(&["ainsi", "comme suit"]);
            self.eat_punct(':');
            let text = self.new_text()?;
            return Some(vec![Operation::RewriteArticle { text }]);
        }
        let at = self.place()?;
        self.eat_any(&["ainsi", "comme suit"]);
        if !self.eat_punct(':') && !self.at_paragraph_start() {
            self.expect("« : »");
            return None;
        }
        let text = if at.table.is_some() && at.end.is_none() {
            self.new_rows(None)?
        } else {
            self.new_text()?
        };
        self.set_context(std::slice::from_ref(&at));
        Some(vec![rewrite(at, text)?])
    }

    /// "Rétablir cet article dans la rédaction suivante :", "Rétablir
    /// l’alinéa 4 dans la rédaction suivante :", "À l’alinéa 6, rétablir le 3°
    /// dans la rédaction suivante :".
    fn retablir(&mut self) -> Option<Vec<Operation>> {
        if !self.eat("retablir") {
            return None;
        }
        if self.this_article() {
            self.restored_text_intro();
            let text = self.new_text()?;
            return Some(vec![Operation::RewriteArticle { text }]);
        }
        let mut at = self.place()?;
        // "À l’alinéa 6, rétablir le 3°": the alinéa is the 3° itself.
        let context = self.context_alineas();
        if at.alineas.is_empty() && !context.is_empty() {
            at = Place {
                alineas: context,
                ..Place::default()
            };
        }
        self.restored_text_intro();
        let text = self.new_text()?;
        self.set_context(std::slice::from_ref(&at));
        Some(vec![Operation::Rewrite { at, text }])
    }

    fn restored_text_intro(&mut self) {
        self.eat_any(&[
            "dans la redaction suivante",
            "dans sa redaction suivante",
            "dans la redaction",
            "ainsi redige",
            "ainsi redigee",
            "ainsi rediges",
            "ainsi redigees",
        ]);
        self.eat_punct(':');
    }

    /// "Substituer à l’alinéa 4 les deux alinéas suivants :" (alinéas), or
    /// at a place "substituer aux mots : « a » les mots : « b »" (words).
    fn substituer(&mut self) -> Option<Vec<Operation>> {
        if !self.eat("substituer") {
            return None;
        }
        self.each_occurrence_aside();
        let save = self.pos;
        // Words: "substituer au mot : « a » le mot : « b »"; several, each
        // by its own ("aux nombres : « 5 » et « 25 », les nombres : « 0 » et
        // « 7 »").
        self.eat_any(&["a", "au", "aux"]);
        if let Some(old) = self.words() {
            let mut olds = vec![old];
            olds.extend(self.more_quoted().into_iter().map(|words| Words {
                words,
                occurrence: Vec::new(),
            }));
            let new_at = self.pos;
            let mut news = vec![self.new_words()?];
            news.extend(self.more_quoted());
            if olds.len() != news.len() {
                // The error points at the new words, not past them.
                self.pos = new_at;
                self.expect("as many new words as words replaced");
                return None;
            }
            let places = self.context_or_article();
            let mut ops = Vec::new();
            for (old, new) in olds.iter().zip(&news) {
                ops.extend(self.each(&places, |at| Operation::ReplaceWords {
                    at,
                    old: old.clone(),
                    new: new.clone(),
                }));
            }
            return Some(ops);
        }
        self.pos = save;
        self.preposition();
        let at = self.place()?;
        self.following()?;
        let text = self.new_text()?;
        self.set_context(std::slice::from_ref(&at));
        Some(vec![rewrite(at, text)?])
    }

    /// ", deux fois,", ", à chacune de ses trois occurrences," or ", à
    /// chaque occurrence," between a verb and its words ("substituer, deux
    /// fois, à la référence", "Remplacer, à chacune de ses trois
    /// occurrences, le mot"): every occurrence, which is what words without
    /// an occurrence mean.
    fn each_occurrence_aside(&mut self) {
        let mark = self.pos;
        let aside = self.eat_punct(',')
            && ((self.cardinal().is_some() && self.eat("fois"))
                || (self.eat("a")
                    && (self.eat("chaque occurrence")
                        || (self.eat_any(&["chacune de ses", "chacune des"]) && {
                            self.cardinal();
                            self.eat("occurrences")
                        }))))
            && self.eat_punct(',');
        if !aside {
            self.pos = mark;
        }
    }

    /// "Remplacer les mots : « a » par les mots : « b »."
    fn remplacer(&mut self) -> Option<Vec<Operation>> {
        if !self.eat("remplacer") {
            return None;
        }
        self.each_occurrence_aside();
        let save = self.pos;
        if self.words().is_none() {
            // "Remplacer ces alinéas par deux alinéas ainsi rédigés :", and
            // under a header "Remplacer par …".
            self.pos = save;
            let at = match self.place() {
                Some(p) => p,
                None if self.word_at(0) == Some("par") && !self.context.is_empty() => {
                    let c = self.context.last().cloned().unwrap_or_default();
                    Place { end: None, ..c }
                }
                None => return None,
            };
            if !self.eat("par") {
                self.expect("« par »");
                return None;
            }
            self.following()?;
            let text = self.new_text()?;
            self.set_context(std::slice::from_ref(&at));
            return Some(vec![rewrite(at, text)?]);
        }
        self.pos = save;
        // "Remplacer le mot : a par le mot : b et le mot : c par les mots : d".
        let mut pairs = Vec::new();
        loop {
            let old = self.words()?;
            if !self.eat("par") {
                self.expect("« par »");
                return None;
            }
            let new = self.new_words()?;
            pairs.push((old, new));
            let mark = self.pos;
            self.eat_punct(',');
            if self.eat("et") && self.words().is_some() {
                self.pos = mark;
                self.eat_punct(',');
                self.eat("et");
                continue;
            }
            self.pos = mark;
            break;
        }
        let places = self.places().unwrap_or_else(|| self.context_or_article());
        let mut ops = Vec::new();
        for (old, new) in pairs {
            ops.extend(self.each(&places, |at| Operation::ReplaceWords {
                at,
                old: old.clone(),
                new: new.clone(),
            }));
        }
        Some(ops)
    }

    /// "Compléter l’alinéa 8 par les mots : « … »", "… par la phrase suivante
    /// :", "Compléter cet article par l’alinéa suivant :".
    fn completer(&mut self) -> Option<Vec<Operation>> {
        if !self.eat("completer") {
            return None;
        }
        let at = if self.this_article() || self.eat("cet amendement") {
            Place::article()
        } else if self.eat("le meme alinea") || self.eat("ce meme alinea") {
            let mut p = Place {
                alineas: self.context_alineas(),
                division: self.context_division(),
                ..Place::default()
            };
            if let Some(n) = self.number() {
                p.alineas = vec![Alineas::One(Nth::Index(n))];
            }
            p
        } else {
            self.place()?
        };
        self.eat_punct(',');
        if !self.eat("par") {
            self.expect("« par »");
            return None;
        }
        self.completed_by(at)
    }

    /// What completes a place: "par les mots : « … »", "par la phrase
    /// suivante : « … »", "par un alinéa ainsi rédigé : « … »".
    fn completed_by(&mut self, at: Place) -> Option<Vec<Operation>> {
        self.set_context(std::slice::from_ref(&at));
        let save = self.pos;
        if at.table.is_some() && at.end.is_none() {
            if let Some(count) = self.following_rows() {
                let rows = self.new_rows(count)?;
                return Some(vec![Operation::InsertRows {
                    side: Side::After,
                    at,
                    rows,
                }]);
            }
            self.pos = save;
        }
        if let Some(words) = self.new_words() {
            // "par la phrase suivante" adds sentences; "par les mots (et la
            // phrase suivante)" continues the last one.
            let first_noun = self.toks[save..self.pos]
                .iter()
                .find_map(|t| match &t.kind {
                    Kind::Word(w) if NOUNS.contains(&w.as_str()) => Some(w.as_str()),
                    _ => None,
                });
            if first_noun.is_some_and(|w| w.starts_with("phrase")) {
                return Some(vec![Operation::InsertSentences {
                    side: Side::After,
                    at,
                    text: words,
                }]);
            }
            return Some(vec![Operation::Complete { at, words }]);
        }
        self.pos = save;
        let sentences = self.following()?;
        let text = self.new_text()?;
        Some(vec![if sentences {
            Operation::InsertSentences {
                side: Side::After,
                at,
                text: text.join(" "),
            }
        } else {
            Operation::InsertAlineas {
                side: Side::After,
                at,
                text,
            }
        }])
    }

    /// "Après l’alinéa 4, insérer l’alinéa suivant :", "Avant la première
    /// phrase de l’alinéa 3, insérer la phrase suivante :", and the words
    /// forms "Après le mot : « a », insérer les mots : « b »" / "… rédiger
    /// ainsi la fin de l’alinéa 4 : « … »" / "… supprimer la fin de
    /// l’alinéa 4".
    fn inserer_relative(&mut self) -> Option<Vec<Operation>> {
        let side = if self.eat("apres") {
            Side::After
        } else if self.eat("avant") {
            Side::Before
        } else {
            return None;
        };
        let save = self.pos;
        if let Some(anchor) = self.words() {
            let places = self.context_or_article();
            return self.after_words(places, side, anchor);
        }
        self.pos = save;
        let at = self.place()?;
        self.eat_punct(',');
        if !self.eat_any(&[
            "inserer",
            "ajouter",
            "sont inseres",
            "sont inserees",
            "est insere",
            "est inseree",
            "il est insere",
            "il est inseree",
            "sont ajoutes",
            "est ajoute",
            "il est ajoute",
        ]) {
            self.expect("« insérer »");
            return None;
        }
        if at.table.is_some() {
            let count = self.following_rows()?;
            let rows = self.new_rows(count)?;
            self.set_context(std::slice::from_ref(&at));
            return Some(vec![Operation::InsertRows { side, at, rows }]);
        }
        let sentences = self.following()?;
        let text = self.new_text()?;
        self.set_context(std::slice::from_ref(&at));
        Some(vec![if sentences {
            Operation::InsertSentences {
                side,
                at,
                text: text.join(" "),
            }
        } else {
            Operation::InsertAlineas { side, at, text }
        }])
    }

    /// « Au début de cet article, insérer l’alinéa suivant : », « Au début,
    /// ajouter les six alinéas suivants : », « À la fin de l’article,
    /// insérer … »: alinéas before the article's first, or after its last.
    /// A place after « au début de » that is not the article (« au début
    /// de l’alinéa 3 ») is another rule's.
    fn inserer_at_either_end(&mut self) -> Option<Vec<Operation>> {
        let side = if self.eat("au debut") {
            Side::Before
        } else if self.eat("a la fin") {
            Side::After
        } else {
            return None;
        };
        let named = self.eat_any(&["de", "du"]);
        if named && !(self.this_article() || self.eat_any(&["article", "dispositif"])) {
            return None;
        }
        // A bare « Au début » under a header or after a clause that names
        // a place (« Alinéa 5 ¶ À la fin, insérer … ») is that place's
        // start or end, not the article's: not this rule.
        if !named && self.context.last().is_some_and(|c| *c != Place::default()) {
            return None;
        }
        self.eat_punct(',');
        if !self.eat_any(&["inserer", "ajouter"]) {
            return None;
        }
        if self.following()? {
            // Sentences before an article's first alinéa: not a form the
            // chambers use; read no further.
            self.expect("« l’alinéa suivant »");
            return None;
        }
        let text = self.new_text()?;
        let at = match side {
            Side::Before => Place {
                alineas: vec![Alineas::One(Nth::Index(1))],
                ..Place::default()
            },
            Side::After => Place::default(),
        };
        Some(vec![Operation::InsertAlineas { side, at, text }])
    }

    /// What follows "après le mot : « a »,": "insérer les mots : « b »",
    /// "rédiger ainsi la fin de l’alinéa 4 : « … »", "supprimer la fin".
    fn after_words(
        &mut self,
        places: Vec<Place>,
        side: Side,
        anchor: Words,
    ) -> Option<Vec<Operation>> {
        if self.eat_any(&[
            "inserer",
            "ajouter",
            "sont inseres",
            "est insere",
            "est inseree",
            "sont inserees",
            "sont ajoutes",
            "est ajoute",
        ]) {
            let words = self.new_words()?;
            return Some(self.each(&places, |at| Operation::InsertWords {
                at,
                side,
                anchor: Some(anchor.clone()),
                words: words.clone(),
            }));
        }
        if side == Side::After {
            // "supprimer les mots : « b »": the first « b » after the anchor.
            let mark = self.pos;
            if self.eat("supprimer")
                && let Some(old) = self.words()
            {
                return Some(self.each(&places, |at| Operation::DeleteWords {
                    at,
                    old: old.clone(),
                    after: Some(anchor.clone()),
                }));
            }
            self.pos = mark;
            // "la fin de cet alinéa est ainsi rédigée :".
            if let Some(at) = self.place().filter(|p| p.end == Some(End::End))
                && self.eat_any(&["est ainsi redigee", "est redigee ainsi", "est supprimee"])
            {
                let strike = self.toks[self.pos - 1].kind == Kind::Word("supprimee".into());
                let text = if strike {
                    String::new()
                } else {
                    self.eat_punct(':');
                    self.new_text()?.join(" ")
                };
                let at = Place { end: None, ..at };
                self.set_context(std::slice::from_ref(&at));
                return Some(vec![Operation::RewriteEnd {
                    at,
                    after: anchor,
                    text,
                }]);
            }
            self.pos = mark;
            let rewrite_end =
                self.eat("rediger ainsi") || self.eat("rediger comme suit") || self.eat("rediger");
            let strike_end = !rewrite_end && self.eat("supprimer");
            if rewrite_end || strike_end {
                // "la fin de l’alinéa 4", "la fin de la première phrase, la
                // deuxième et la dernière phrase de l’alinéa 18", "la fin".
                let at = self.place()?;
                let mut ops = Vec::new();
                let mut extra = Vec::new();
                while self.eat_punct(',') || self.eat("et") {
                    self.determiner();
                    extra.extend(self.ordinals());
                    self.eat_any(&["phrase", "phrases"]);
                }
                let mut at = at;
                if !extra.is_empty() && self.of() {
                    self.determiner();
                    if let Some(a) = self.alineas() {
                        at.alineas = a;
                    }
                }
                at.end = None;
                let text = if rewrite_end {
                    self.eat_any(&["ainsi", "comme suit"]);
                    if !self.eat_punct(':') {
                        self.expect("« : »");
                        return None;
                    }
                    self.new_text()?.join(" ")
                } else {
                    String::new()
                };
                ops.push(Operation::RewriteEnd {
                    at: at.clone(),
                    after: anchor,
                    text,
                });
                for s in extra {
                    ops.push(Operation::Delete {
                        at: Place {
                            sentences: vec![s],
                            ..at.clone()
                        },
                    });
                }
                self.set_context(std::slice::from_ref(&at));
                return Some(ops);
            }
        }
        self.expect("« insérer les mots : »");
        None
    }

    /// "Procéder à la même substitution aux alinéas 8 et 9": the previous
    /// part's operation at other places.
    fn proceder(&mut self) -> Option<Vec<Operation>> {
        let before = self.places();
        if before.is_some() {
            self.eat_punct(',');
        }
        let verb_at = self.pos;
        if !self.eat("proceder a la meme") {
            return None;
        }
        let kind = self.word_at(0).unwrap_or_default().to_owned();
        if !self.eat_any(&[
            "substitution",
            "suppression",
            "insertion",
            "modification",
            "correction",
        ]) {
            self.expect("« substitution », « suppression » or « insertion »");
            return None;
        }
        let places = match (before, self.places()) {
            (Some(p), _) | (None, Some(p)) => p,
            (None, None) => {
                self.expect("the places where to do the same");
                return None;
            }
        };
        // The same substitution repeats a substitution, never another verb.
        let Some(last) = self
            .last
            .iter()
            .rev()
            .find(|op| same_kind(&kind, op))
            .cloned()
        else {
            self.furthest = verb_at;
            self.expected.clear();
            self.pos = verb_at;
            self.expect("a previous operation of the kind named (no earlier one to repeat)");
            return None;
        };
        let mut ops = Vec::new();
        for at in &places {
            let mut op = last.clone();
            *op.place_mut()? = at.clone();
            ops.push(op);
        }
        self.set_context(&places);
        Some(ops)
    }

    /// "Alinéa 5" on a line of its own, then the clause for it.
    fn heading(&mut self) -> Option<Vec<Operation>> {
        let alineas = self.alineas()?;
        if !matches!(
            self.toks.get(self.pos).map(|t| &t.kind),
            Some(Kind::Word(_))
        ) {
            return None;
        }
        self.set_context(&[Place {
            alineas,
            ..Place::default()
        }]);
        self.clause()
    }

    /// Clauses that open with their places: "À l’alinéa 4, substituer …",
    /// "Au début de l’alinéa 3, insérer les mots : …".
    fn placed(&mut self) -> Option<Vec<Operation>> {
        let places = match self.places() {
            Some(p) => p,
            None => {
                // "Alinéa 34, après la première occurrence du mot : …".
                let save = self.pos;
                let bare = self
                    .place()
                    .filter(|p| p.outside.is_none() && !p.alineas.is_empty());
                match bare {
                    Some(p) if self.punct_at(0) == Some(',') => vec![p],
                    _ => {
                        self.pos = save;
                        return None;
                    }
                }
            }
        };
        self.eat_punct(',');
        self.set_context(&places);
        let save = self.pos;
        let verbs: [Rule<'_>; 10] = [
            Self::supprimer,
            Self::substituer,
            Self::inserer_relative,
            Self::inserer_at_end,
            Self::retablir,
            Self::rediger,
            Self::proceder,
            Self::remplacer,
            Self::completer,
            Self::passive,
        ];
        for verb in verbs {
            self.pos = save;
            if let Some(ops) = verb(self) {
                return Some(ops);
            }
        }
        None
    }

    /// "Au début de l’alinéa 3, insérer les mots : « … »"; at the end, the
    /// same as completing.
    fn inserer_at_end(&mut self) -> Option<Vec<Operation>> {
        if !self.eat_any(&[
            "inserer",
            "ajouter",
            "est inseree",
            "est insere",
            "sont inseres",
            "est ajoute",
        ]) {
            return None;
        }
        let words = self.new_words()?;
        let places = self.context_or_article();
        let mut ops = Vec::new();
        for at in places {
            ops.push(match at.end {
                Some(End::End) => Operation::Complete {
                    at,
                    words: words.clone(),
                },
                _ => Operation::InsertWords {
                    at,
                    side: Side::Before,
                    anchor: None,
                    words: words.clone(),
                },
            });
        }
        Some(ops)
    }

    /// The passive forms of articles that amend codes: "les mots : « a » sont
    /// remplacés par les mots : « b »", "le mot : « a » est supprimé", "après
    /// le mot : « a », sont insérés les mots : « b »", "le 2° est abrogé".
    fn passive(&mut self) -> Option<Vec<Operation>> {
        let save = self.pos;
        // "Les alinéas 1 et 2 sont supprimés.", "Cet alinéa est ainsi rédigé :",
        // "Cet article est complété par deux alinéas ainsi rédigés :".
        let whole = self.this_article();
        let mut subjects = Vec::new();
        if !whole {
            while let Some(p) = self.place().filter(|p| p.outside.is_none()) {
                subjects.push(p);
                if !(self.eat_punct(',') || self.eat("et")) {
                    break;
                }
            }
        }
        if whole || !subjects.is_empty() {
            if self.eat_any(&[
                "est supprime",
                "est supprimee",
                "sont supprimes",
                "sont supprimees",
            ]) {
                self.set_context(&subjects);
                if whole {
                    return Some(vec![Operation::DeleteArticle]);
                }
                return Some(
                    subjects
                        .into_iter()
                        .map(|at| Operation::Delete { at })
                        .collect(),
                );
            }
            if self.eat_any(&[
                "est ainsi redige",
                "est ainsi redigee",
                "sont ainsi rediges",
                "sont ainsi redigees",
            ]) {
                self.eat_punct(':');
                let text = self.new_text()?;
                if whole {
                    return Some(vec![Operation::RewriteArticle { text }]);
                }
                if subjects.len() != 1 {
                    self.expect("one place to rewrite");
                    return None;
                }
                let at = subjects.remove(0);
                self.set_context(std::slice::from_ref(&at));
                return Some(vec![rewrite(at, text)?]);
            }
            if self.eat_any(&[
                "est remplace par",
                "est remplacee par",
                "sont remplaces par",
                "sont remplacees par",
            ]) {
                if whole || subjects.len() != 1 {
                    return None;
                }
                self.following()?;
                let text = self.new_text()?;
                let at = subjects.remove(0);
                self.set_context(std::slice::from_ref(&at));
                return Some(vec![rewrite(at, text)?]);
            }
            if self.eat_any(&[
                "est complete par",
                "est completee par",
                "sont completes par",
            ]) {
                let at = if whole {
                    Place::article()
                } else if subjects.len() == 1 {
                    subjects.remove(0)
                } else {
                    return None;
                };
                return self.completed_by(at);
            }
        }
        self.pos = save;
        let places = self.context_or_article();
        if let Some(old) = self.words() {
            if self.eat_any(&[
                "est remplace par",
                "est remplacee par",
                "sont remplaces par",
                "sont remplacees par",
            ]) {
                let new = self.new_words()?;
                return Some(self.each(&places, |at| Operation::ReplaceWords {
                    at,
                    old: old.clone(),
                    new: new.clone(),
                }));
            }
            if self.eat_any(&[
                "est supprime",
                "est supprimee",
                "sont supprimes",
                "sont supprimees",
            ]) {
                return Some(self.each(&places, |at| Operation::DeleteWords {
                    at,
                    old: old.clone(),
                    after: None,
                }));
            }
            self.expect("« sont remplacés par » or « sont supprimés »");
            return None;
        }
        self.pos = save;
        if self.eat("apres") {
            let anchor = self.words()?;
            return self.after_words(places, Side::After, anchor);
        }
        if self.eat("avant") {
            let anchor = self.words()?;
            return self.after_words(places, Side::Before, anchor);
        }
        None
    }

    /// An additional article. Notes (banners) are set aside; a header
    /// ("Après l’article 17, insérer un article additionnel ainsi rédigé :",
    /// on one line or two) is read as such, and the new article is what
    /// follows it, quoted or not; without a header the instruction is the new
    /// article itself, as the Assemblée prints it. An instruction that
    /// amends instead of adding ("Compléter l’alinéa 3 …"), or a header with
    /// no text after it, is an error.
    fn additional_article(&mut self) -> Result<Vec<Operation>, ParseError> {
        let mut notes = Vec::new();
        while let Some(n) = self.note() {
            notes.push(n);
        }
        if self.done() {
            self.expect("the new article's text");
            return Err(self.error(self.pos));
        }
        let first = self.pos;
        let header = if self.article_header() {
            let start = self.toks[first].start;
            let end = self.toks[self.pos - 1].end;
            Some(
                self.src[start..end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        } else {
            self.pos = first;
            if self.opens_instruction() || self.mentions_additional_article() {
                self.furthest = first;
                self.expected = vec![
                    "the new article's text, or a header « Après l’article N, insérer un article additionnel ainsi rédigé : »",
                ];
                return Err(self.error(first));
            }
            None
        };
        let mut text: Vec<String> = Vec::new();
        // Quoted as the Assemblée quotes a new article, or printed as it
        // reads, its own quotations kept (the Sénat).
        let quoted = matches!(
            self.toks.get(self.pos).map(|t| &t.kind),
            Some(Kind::Quote(_))
        );
        while !self.done() {
            if let Some(n) = self.note() {
                notes.push(n);
                continue;
            }
            match self.toks.get(self.pos).map(|t| t.kind.clone()) {
                Some(Kind::Quote(q)) if quoted && self.at_paragraph_start() => {
                    text.extend(q);
                    self.pos += 1;
                    // Punctuation after the closing mark is the instruction's.
                    while matches!(self.punct_at(0), Some('.' | ';' | ','))
                        && !self.at_paragraph_start()
                    {
                        self.pos += 1;
                    }
                }
                _ => {
                    if !self.at_paragraph_start() {
                        self.expect("the end of the header's line");
                        return Err(self.error(self.pos));
                    }
                    text.extend(self.take_paragraphs());
                }
            }
        }
        if text.is_empty() {
            self.furthest = self.toks.len();
            self.expected = vec!["the new article's text after the header"];
            return Err(self.error(first));
        }
        let mut ops = vec![Operation::InsertArticle { text, header }];
        ops.extend(notes);
        Ok(ops)
    }

    /// "Après l’article 17, insérer un article additionnel ainsi rédigé :",
    /// "Après l’article 17 ¶ Insérer un article additionnel ainsi rédigé :",
    /// "Insérer l’article suivant :", up to its colon.
    fn article_header(&mut self) -> bool {
        self.part_number();
        if self.eat_any(&["apres", "avant"]) {
            self.determiner();
            if !self.eat("article") {
                return false;
            }
            // The article's designation: words up to the comma or the line's end.
            let para = self.toks.get(self.pos).map_or(0, |t| t.para);
            let mut any = false;
            while let Some(t) = self.toks.get(self.pos) {
                if t.para != para || matches!(t.kind, Kind::Punct(',') | Kind::Quote(_)) {
                    break;
                }
                if matches!(&t.kind, Kind::Word(w) if VERBS.contains(&w.as_str())) {
                    break;
                }
                any = true;
                self.pos += 1;
            }
            if !any {
                return false;
            }
            self.eat_punct(',');
        }
        if !self.eat_any(&["inserer", "ajouter", "il est insere", "est insere"]) {
            return false;
        }
        self.eat_any(&["un", "l'", "le"]);
        if !self.eat("article") {
            return false;
        }
        self.eat_any(&["additionnel", "nouveau"]);
        self.eat_any(&[
            "ainsi redige",
            "redige comme suit",
            "redige ainsi",
            "suivant",
            "dans la redaction suivante",
        ]);
        self.eat_punct(':')
    }

    /// True when the text names an additional article (a header the grammar
    /// could not read).
    fn mentions_additional_article(&self) -> bool {
        let para = self.toks.get(self.pos).map_or(0, |t| t.para);
        let words: Vec<&str> = self.toks[self.pos..]
            .iter()
            .take_while(|t| t.para <= para + 1)
            .filter_map(|t| match &t.kind {
                Kind::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        words.windows(2).any(|w| w == ["article", "additionnel"])
    }

    // ---- helpers ----

    fn context_or_article(&self) -> Vec<Place> {
        if self.context.is_empty() {
            vec![Place::article()]
        } else {
            self.context.clone()
        }
    }

    fn each(&self, places: &[Place], f: impl Fn(Place) -> Operation) -> Vec<Operation> {
        places.iter().cloned().map(f).collect()
    }
}

/// True when `op` is what "procéder à la même `noun`" repeats.
fn same_kind(noun: &str, op: &Operation) -> bool {
    match noun {
        "substitution" => {
            matches!(
                op,
                Operation::ReplaceWords { .. }
                    | Operation::Rewrite { .. }
                    | Operation::RewriteStart { .. }
            ) || matches!(op, Operation::RewriteEnd { text, .. } if !text.is_empty())
        }
        "suppression" => {
            matches!(op, Operation::Delete { .. } | Operation::DeleteWords { .. })
                || matches!(op, Operation::RewriteEnd { text, .. } if text.is_empty())
        }
        "insertion" => matches!(
            op,
            Operation::InsertWords { .. }
                | Operation::InsertAlineas { .. }
                | Operation::InsertSentences { .. }
                | Operation::Complete { .. }
        ),
        _ => !matches!(op, Operation::Note { .. }),
    }
}

/// "Rédiger ainsi X : « … »" as an operation: the start, the end (needs
/// given words) or the whole of a place.
fn rewrite(at: Place, text: Vec<String>) -> Option<Operation> {
    match at.end {
        Some(End::Start) => {
            let joined = text.join(" ");
            Some(Operation::RewriteStart {
                at: Place { end: None, ..at },
                text: new_start(&joined).to_owned(),
            })
        }
        Some(End::End) => None,
        None if at.is_article() => Some(Operation::RewriteArticle { text }),
        None => Some(Operation::Rewrite { at, text }),
    }
}

/// Words printed on their own line without quotation marks, without the
/// period or semicolon that ends the instruction.
fn strip_final(w: &str) -> String {
    let t = w.trim_end();
    t.strip_suffix(['.', ';'])
        .map_or(t, str::trim_end)
        .to_owned()
}

/// A Markdown pipe row: "| a | b |".
fn is_row(p: &str) -> bool {
    let p = p.trim();
    p.len() > 1 && p.starts_with('|') && p.ends_with('|')
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
}

fn ordinal_word(w: &str) -> Option<Nth> {
    match w {
        "premier" | "premiere" | "1er" | "1re" => Some(Nth::Index(1)),
        "dernier" | "derniere" => Some(Nth::LAST),
        _ => ordinal_number(w).map(Nth::Index),
    }
}

fn ordinal_number(w: &str) -> Option<usize> {
    // "2e", "2eme", "3ème" (folded).
    for suffix in ["eme", "e"] {
        if let Some(n) = w.strip_suffix(suffix)
            && is_number(n)
        {
            return n.parse().ok().filter(|&n: &usize| n > 1);
        }
    }
    if matches!(w, "second" | "seconde") {
        return Some(2);
    }
    // "deuxième", "dix-neuvième", "trente-septième", "quarante-et-unième",
    // "quatre-vingt-dix-neuvième", "cent-vingt-cinquième".
    let parts: Vec<&str> = w.split('-').collect();
    let (last, rest) = parts.split_last()?;
    let stem = last.strip_suffix("ieme")?;
    let unit = match stem {
        "un" => "un",
        "deux" => "deux",
        "trois" => "trois",
        "quatr" => "quatre",
        "cinqu" => "cinq",
        "six" => "six",
        "sept" => "sept",
        "huit" => "huit",
        "neuv" => "neuf",
        "dix" => "dix",
        "onz" => "onze",
        "douz" => "douze",
        "treiz" => "treize",
        "quatorz" => "quatorze",
        "quinz" => "quinze",
        "seiz" => "seize",
        "vingt" => "vingt",
        "trent" => "trente",
        "quarant" => "quarante",
        "cinquant" => "cinquante",
        "soixant" => "soixante",
        "cent" => "cent",
        _ => return None,
    };
    // "unième" only ends a compound ("vingt et unième").
    if unit == "un" && rest.is_empty() {
        return None;
    }
    let mut words: Vec<&str> = rest.to_vec();
    words.push(unit);
    compound_number(&words).filter(|&n| n > 1)
}

/// A French number below a thousand written in words ("quatre", "vingt",
/// "dix", "neuf": 99), "et" allowed between them; None for anything else.
fn compound_number(words: &[&str]) -> Option<usize> {
    let mut total = 0usize;
    let mut prev: Option<&str> = None;
    for &w in words {
        if w == "et" {
            continue;
        }
        match w {
            "cent" | "cents" => total = if total == 0 { 100 } else { total * 100 },
            "vingt" | "vingts" if prev == Some("quatre") => total += 76,
            "trente" => total += 30,
            "quarante" => total += 40,
            "cinquante" => total += 50,
            "soixante" => total += 60,
            _ => total += cardinal_number(w).filter(|_| !is_number(w))?,
        }
        prev = Some(w);
    }
    (total > 0).then_some(total)
}

fn cardinal_number(w: &str) -> Option<usize> {
    if is_number(w) {
        return w.parse().ok();
    }
    Some(match w {
        "un" | "une" => 1,
        "deux" => 2,
        "trois" => 3,
        "quatre" => 4,
        "cinq" => 5,
        "six" => 6,
        "sept" => 7,
        "huit" => 8,
        "neuf" => 9,
        "dix" => 10,
        "onze" => 11,
        "douze" => 12,
        "treize" => 13,
        "quatorze" => 14,
        "quinze" => 15,
        "seize" => 16,
        "vingt" => 20,
        _ => return None,
    })
}
