//! What the engine read of each instruction, remembered by the instruction,
//! so that a build reads again only the instructions it has not read.
//!
//! Reading every instruction of a large bill again on each build was the
//! largest part of an edit's history (the synthetic project's 15,000
//! instructions: some 125 ms of CPU time of its 290 ms). The memo is
//! process-wide: `amendo serve` keeps it between builds; `amendo build`
//! loads it from the store's folder before it ingests and writes it back
//! after ([`load`], [`save`]: `amendo-readings`, one line an instruction,
//! its key and what it gave as JSON, after a header naming the amendo that
//! wrote it, since another amendo may read instructions otherwise). A
//! missing, damaged or foreign file only makes the build read every
//! instruction again; deleting it loses nothing.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::engine::{self, Operation};
use crate::history::Reason;

/// What reading an instruction gave.
pub type Reading = Result<Vec<Operation>, Reason>;

const HEADER: &str = "amendo-readings 1";

#[derive(Default)]
struct Memo {
    /// The amendo whose readings the file keeps (set by [`load`]).
    identity: Option<String>,
    /// The file as [`load`] read it, and where each key's JSON is in it.
    text: Arc<str>,
    on_disk: HashMap<u128, std::ops::Range<usize>>,
    lines: usize,
    /// Every reading this process made or took from the file.
    read: HashMap<u128, Reading>,
    /// The keys asked for since [`load`], and those read anew.
    used: HashSet<u128>,
    fresh: Vec<u128>,
}

fn memo() -> MutexGuard<'static, Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn key(instruction: &str, additional: bool) -> u128 {
    let mut h = SipHasher13::new();
    h.write_u8(u8::from(additional));
    h.write(instruction.as_bytes());
    h.finish128().as_u128()
}

/// The operations `instruction` stands for (`additional`: it adds an
/// article), as [`engine::parse`] reads them, or why they are not known:
/// from the memo when this instruction was read before.
pub fn read(instruction: &str, additional: bool) -> Reading {
    let k = key(instruction, additional);
    let kept = {
        let mut m = memo();
        m.used.insert(k);
        if let Some(r) = m.read.get(&k) {
            return r.clone();
        }
        m.on_disk
            .get(&k)
            .map(|range| (Arc::clone(&m.text), range.clone()))
    };
    if let Some((text, range)) = kept
        && let Ok(r) = serde_json::from_str::<Reading>(&text[range])
    {
        memo().read.insert(k, r.clone());
        return r;
    }
    let r = engine::parse(instruction, additional).map_err(Reason::from);
    let mut m = memo();
    if m.read.insert(k, r.clone()).is_none() {
        m.fresh.push(k);
    }
    r
}

/// Takes the readings kept in `file` by the amendo `identity` names, once
/// per process (a process that builds again and again keeps them in
/// memory). A missing, damaged or foreign file gives none.
pub fn load(file: &Path, identity: &str) {
    let mut m = memo();
    if m.identity.as_deref() == Some(identity) {
        m.used.clear();
        m.fresh.clear();
        return;
    }
    *m = Memo {
        identity: Some(identity.to_owned()),
        ..Memo::default()
    };
    let Ok(text) = std::fs::read_to_string(file) else {
        return;
    };
    let head = format!("{HEADER}\n{identity}\n");
    if !text.starts_with(&head) {
        return;
    }
    let mut at = head.len();
    for line in text[head.len()..].split_inclusive('\n') {
        let start = at;
        at += line.len();
        // A line cut short (a build stopped while adding it) is no entry.
        let Some(body) = line.strip_suffix('\n') else {
            continue;
        };
        let Some((hex, json)) = body.split_once('\t') else {
            continue;
        };
        let Ok(k) = u128::from_str_radix(hex, 16) else {
            continue;
        };
        let json_start = start + hex.len() + 1;
        m.on_disk.insert(k, json_start..json_start + json.len());
        m.lines += 1;
    }
    m.text = text.into();
}

/// Writes the readings back to `file` for the next build: the new ones are
/// added at its end; the file is written again whole, with only the
/// readings asked for since [`load`], when it was not there or holds half
/// again as many lines as those. Nothing when [`load`] was not called.
pub fn save(file: &Path) -> std::io::Result<()> {
    let m = memo();
    let Some(identity) = &m.identity else {
        return Ok(());
    };
    let row = |out: &mut String, k: u128, json: &str| {
        out.push_str(&format!("{k:032x}\t"));
        out.push_str(json);
        out.push('\n');
    };
    let json_of = |k: &u128| m.read.get(k).and_then(|r| serde_json::to_string(r).ok());
    let fresh: Vec<(u128, String)> = m
        .fresh
        .iter()
        .filter(|k| !m.on_disk.contains_key(k))
        .filter_map(|k| Some((*k, json_of(k)?)))
        .collect();
    let live = m.used.len();
    if !m.text.is_empty() && m.lines + fresh.len() <= live + live / 2 + 16 {
        if fresh.is_empty() {
            return Ok(());
        }
        let mut out = String::new();
        for (k, json) in &fresh {
            row(&mut out, *k, json);
        }
        crate::fault::step("store: add to the readings");
        let mut f = std::fs::OpenOptions::new().append(true).open(file)?;
        return std::io::Write::write_all(&mut f, out.as_bytes());
    }
    let mut keys: Vec<&u128> = m.used.iter().collect();
    keys.sort_unstable();
    let mut out = format!("{HEADER}\n{identity}\n");
    for k in keys {
        match m.on_disk.get(k) {
            Some(range) => row(&mut out, *k, &m.text[range.clone()]),
            None => {
                if let Some(json) = json_of(k) {
                    row(&mut out, *k, &json);
                }
            }
        }
    }
    let tmp = file.with_extension("tmp");
    crate::fault::step("store: write the readings");
    std::fs::write(&tmp, out)?;
    crate::fault::step("store: move the readings in");
    std::fs::rename(&tmp, file)
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
        assert_eq!(memo().on_disk.len(), cases.len());
        for c in &cases {
            assert_eq!(read(c.0, c.1), engine_reads(c), "from the file");
            assert!(!memo().fresh.contains(&key(c.0, c.1)), "not read again");
        }
        // Another amendo's file is not read.
        *memo() = Memo::default();
        load(&file, "amendo test 2");
        assert!(memo().on_disk.is_empty());
        // A line cut short is no entry.
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, &text[..text.len() - 5]).unwrap();
        *memo() = Memo::default();
        load(&file, "amendo test 1");
        assert_eq!(memo().on_disk.len(), cases.len() - 1);
        *memo() = Memo::default();
    }
}
