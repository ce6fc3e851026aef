//! The amendment engine: what an amendment does to the text it targets.
//!
//! An amendment's instruction (dispositif) is French legal prose: "À
//! l’alinéa 4, après le mot : « permettre », insérer les mots : « … »". The
//! engine has three parts:
//!
//! - [`Operation`] and [`Place`]: the documented vocabulary of what
//!   amendments do (docs/operations.md), defined in the domain model
//!   (`crate::model`) and re-exported here;
//! - [`parse`] (in `grammar`, over the tokens of `lex`): an instruction to
//!   operations, or a [`ParseError`] that points at the words it could not
//!   read, never a guess;
//! - [`Draft`] (in `apply`): an article being amended. Alinéa numbers and
//!   quoted words are resolved against the text the amendment was tabled on,
//!   mapped through every edit applied before; failures are precise
//!   [`ApplyError`]s.
//!
//! A sub-amendment amends its parent's instruction, not the bill: its alinéa
//! numbers count the parent's paragraphs as printed. [`amend_instruction`]
//! applies it there; the parent is then parsed again and applied.

mod apply;
mod error;
mod grammar;
mod lex;
mod text;

pub use crate::model::{Alineas, End, Nth, Operation, Place, Side, Span, TablePlace, Words};
pub use apply::Draft;
pub use error::{ApplyError, Axis, Subject, Where};
pub use grammar::{ParseError, parse};

use crate::model::{Article, Line};

/// How many paragraphs of an amendment's instruction come before the text it
/// quotes. A sub-amendment numbers alinéas by its parent's paragraphs, so
/// alinéa n of "Rétablir cet article… :" followed by the new text is alinéa
/// n − 1 of that text; `show` says so.
pub fn quoted_text_offset(instruction: &str) -> usize {
    instruction
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .take_while(|p| !p.starts_with('«'))
        .count()
}

/// Applies a sub-amendment's operations to its parent's instruction, whose
/// paragraphs are the alinéas it numbers ("Rétablir cet article…" is
/// alinéa 1). Quotation marks that open each quoted paragraph (and close the
/// last one) are set aside while the operations apply, and put back on every
/// quoted paragraph, new ones included. Returns the amended instruction.
pub fn amend_instruction(
    parent_number: &str,
    parent: &str,
    ops: &[Operation],
) -> Result<String, ApplyError> {
    let paragraphs: Vec<&str> = parent
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let quoted: Vec<bool> = paragraphs.iter().map(|p| p.starts_with('«')).collect();
    let last_quoted = quoted.iter().rposition(|&q| q);
    // The closing mark of the last quoted paragraph, and the instruction's
    // punctuation after it (« … . ».), stay outside the text amended.
    let mut closed: Option<String> = None;
    let lines = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if !quoted[i] {
                return Line::Alinea((*p).to_owned());
            }
            let mut t = p['«'.len_utf8()..].trim_start();
            let core =
                t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ','));
            if Some(i) == last_quoted
                && t.matches('»').count() > t.matches('«').count()
                && let Some(inner) = core.strip_suffix('»')
            {
                closed = Some(t[core.len()..].trim().to_owned());
                t = inner.trim_end();
            }
            Line::Alinea(t.to_owned())
        })
        .collect();
    let article = Article {
        id: "amendment".to_owned(),
        number: parent_number.to_owned(),
        lines,
    };
    let mut draft = Draft::named(&article, Subject::Amendment(parent_number.to_owned()));
    draft.apply(ops)?;
    let out = draft.article();
    let origins = draft.origins();
    let mut flags = Vec::with_capacity(out.lines.len());
    let mut previous = false;
    for origin in &origins {
        let q = origin.map_or(previous, |o| quoted[o]);
        flags.push(q);
        previous = q;
    }
    let last = flags.iter().rposition(|&q| q);
    let mut text = Vec::with_capacity(out.lines.len());
    for (i, line) in out.lines.iter().enumerate() {
        let (Line::Alinea(t) | Line::Gap(t)) = line;
        let mut p = if flags[i] {
            format!("« {t}")
        } else {
            t.clone()
        };
        if let Some(after) = &closed
            && Some(i) == last
        {
            p.push_str(" »");
            p.push_str(after);
        }
        text.push(p);
    }
    Ok(text.join("\n\n"))
}
