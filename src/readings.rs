//! What the engine read of each instruction, remembered by the instruction,
//! so that a build reads again only the instructions it has not read.
//!
//! Reading every instruction of a large bill again on each build was the
//! largest part of an edit's history (the synthetic project's 15,000
//! instructions: some 125 ms of CPU time of its 290 ms). The memo is
//! process-wide: `amendo serve` keeps it between builds; `amendo build`
//! loads it from the store's folder before it ingests and writes it back
//! after ([`load`], [`save`]: `amendo-readings`, a [`crate::kept`] file,
//! one line an instruction, its key and what it gave as JSON; another
//! amendo's file is not read, since it may read instructions otherwise).

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::engine::{self, Operation};
use crate::history::Reason;
use crate::kept::Lines;

/// What reading an instruction gave.
pub type Reading = Result<Vec<Operation>, Reason>;

const HEADER: &str = "amendo-readings 1";

#[derive(Default)]
struct Memo {
    /// The file [`load`] read, and the amendo whose readings it keeps.
    identity: Option<(std::path::PathBuf, String)>,
    /// The file as [`load`] read it: by key, the reading's JSON.
    kept: Arc<Lines>,
    /// Every reading this process made or took from the file.
    read: HashMap<String, Reading>,
    /// The keys asked for since [`load`], and those read anew.
    used: HashSet<String>,
    fresh: Vec<String>,
}

fn memo() -> MutexGuard<'static, Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn key(instruction: &str, additional: bool) -> String {
    let mut h = SipHasher13::new();
    h.write_u8(u8::from(additional));
    h.write(instruction.as_bytes());
    format!("{:032x}", h.finish128().as_u128())
}

/// The operations `instruction` stands for (`additional`: it adds an
/// article), as [`engine::parse`] reads them, or why they are not known:
/// from the memo when this instruction was read before.
pub fn read(instruction: &str, additional: bool) -> Reading {
    let k = key(instruction, additional);
    let kept = {
        let mut m = memo();
        m.used.insert(k.clone());
        if let Some(r) = m.read.get(&k) {
            return r.clone();
        }
        Arc::clone(&m.kept)
    };
    if let Some(json) = kept.get(&k)
        && let Ok(r) = serde_json::from_str::<Reading>(json)
    {
        memo().read.insert(k, r.clone());
        return r;
    }
    let r = engine::parse(instruction, additional).map_err(Reason::from);
    let mut m = memo();
    if m.read.insert(k.clone(), r.clone()).is_none() {
        m.fresh.push(k);
    }
    r
}

/// Takes the readings kept in `file` by the amendo `identity` names, once
/// per process and file (a process that builds the same store again and
/// again keeps them in memory). A missing, damaged or foreign file gives
/// none.
pub fn load(file: &Path, identity: &str) {
    let mut m = memo();
    if m.identity
        .as_ref()
        .is_some_and(|(f, i)| f == file && i == identity)
    {
        m.used.clear();
        m.fresh.clear();
        return;
    }
    *m = Memo {
        identity: Some((file.to_owned(), identity.to_owned())),
        kept: Arc::new(Lines::read(file, HEADER, identity)),
        ..Memo::default()
    };
}

/// Writes the readings back to `file` for the next build: the new ones are
/// added at its end; the file is written again whole, with only the
/// readings asked for since [`load`], when it holds half again as many
/// lines as those ([`Lines::write`]). Nothing when [`load`] was not called.
pub fn save(file: &Path) -> std::io::Result<()> {
    let m = memo();
    if m.identity.is_none() {
        return Ok(());
    }
    let fresh: Vec<(String, String)> = m
        .fresh
        .iter()
        .filter(|k| m.kept.get(k).is_none())
        .filter_map(|k| Some((k.clone(), serde_json::to_string(m.read.get(k)?).ok()?)))
        .collect();
    m.kept.write(
        file,
        m.used.iter().map(String::as_str),
        &fresh,
        "the readings",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the memo gives, fresh, from memory or from the file another
    /// process wrote, is what the engine reads; a file of another amendo
    /// or cut short is not trusted.
    #[test]
    fn a_remembered_reading_is_the_engine_s() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("amendo-readings");
        let cases = [
            ("Supprimer cet article.", false),
            (
                "À l’alinéa 2, substituer au mot :\n\n« titre »\n\nle mot :\n\n« intitulé ».",
                false,
            ),
            (
                "Après l’article 3, insérer un article additionnel ainsi rédigé :\n\n« Le présent article est nouveau. »",
                true,
            ),
            ("Ceci n’est pas une instruction.", false),
        ];
        let engine_reads = |(i, a): &(&str, bool)| engine::parse(i, *a).map_err(Reason::from);
        load(&file, "amendo test 1");
        for c in &cases {
            assert_eq!(read(c.0, c.1), engine_reads(c));
            assert_eq!(read(c.0, c.1), engine_reads(c), "from memory");
        }
        save(&file).unwrap();
        // As the next process finds it.
        *memo() = Memo::default();
        load(&file, "amendo test 1");
        assert_eq!(memo().kept.len(), cases.len());
        for c in &cases {
            assert_eq!(read(c.0, c.1), engine_reads(c), "from the file");
            assert!(!memo().fresh.contains(&key(c.0, c.1)), "not read again");
        }
        // Another amendo's file is not read.
        *memo() = Memo::default();
        load(&file, "amendo test 2");
        assert!(memo().kept.is_empty());
        // A line cut short is no entry.
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, &text[..text.len() - 5]).unwrap();
        *memo() = Memo::default();
        load(&file, "amendo test 1");
        assert_eq!(memo().kept.len(), cases.len() - 1);
        *memo() = Memo::default();
    }
}
