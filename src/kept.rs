//! The files in which a build keeps, beside the store, what it computed
//! from its sources, so that the next build need not compute it again
//! (`amendo-parsed`: each amendment file's parse; `amendo-readings`: what
//! the engine read of each instruction).
//!
//! Such a file is a line naming its format, a line naming the amendo that
//! wrote it (another one may compute otherwise: its file is not read), then
//! one line an entry, `key<TAB>value`, a later line for a key winning. A
//! build adds the entries it computed anew at the end, and writes the file
//! again whole (through a temporary file renamed into place), with only the
//! entries it used, when the file holds half again as many lines as those.
//! A line cut short (a build stopped while adding it) is no entry. A
//! missing, damaged or foreign file only makes the next build compute
//! everything again; deleting it loses nothing.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::ops::Range;
use std::path::Path;

use crate::mapped::Mapped;

/// A file of kept entries as read.
#[derive(Default)]
pub struct Lines {
    format: String,
    identity: String,
    /// The file's bytes, mapped (none for a missing, empty or foreign
    /// file). A value is checked to be UTF-8 when it is asked for
    /// ([`Lines::get`]), so that reading the file costs one search for
    /// line ends and tabs, not a check of every character of values this
    /// build may never use.
    text: Option<Mapped>,
    /// By key, where its value is in `text`.
    entries: HashMap<String, Range<usize>>,
    /// How many entry lines `text` holds (a key may have several).
    lines: usize,
}

impl Lines {
    /// The entries `file` keeps, when its first line is `format` and its
    /// second `identity`; none otherwise (a missing, unreadable or foreign
    /// file).
    pub fn read(file: &Path, format: &str, identity: &str) -> Lines {
        let mut kept = Lines {
            format: format.to_owned(),
            identity: identity.to_owned(),
            ..Lines::default()
        };
        let Some(mapped) = Mapped::open(file) else {
            return kept;
        };
        let text = mapped.bytes();
        let head = format!("{format}\n{identity}\n");
        if !text.starts_with(head.as_bytes()) {
            return kept;
        }
        let mut start = head.len();
        // Only whole lines: one cut short (a build stopped while adding
        // it) has no line end.
        while let Some(len) = memchr::memchr(b'\n', &text[start..]) {
            let line = &text[start..start + len];
            if let Some(tab) = memchr::memchr(b'\t', line)
                && let Ok(key) = std::str::from_utf8(&line[..tab])
            {
                let value = start + tab + 1..start + len;
                kept.entries.insert(key.to_owned(), value);
                kept.lines += 1;
            }
            start += len + 1;
        }
        kept.text = Some(mapped);
        kept
    }

    fn bytes(&self) -> &[u8] {
        self.text.as_ref().map_or(&[], Mapped::bytes)
    }

    /// The value kept for `key` (none when it is not UTF-8).
    pub fn get(&self, key: &str) -> Option<&str> {
        let range = self.entries.get(key)?.clone();
        simdutf8::basic::from_utf8(&self.bytes()[range]).ok()
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when `file` is still the file read, whole (ending with a full
    /// line), so that lines may be added to it: not when it was missing,
    /// foreign, cut short, or written since by another build (of another
    /// amendo, maybe: its header would then vouch for this one's lines).
    fn unchanged_on_disk(&self, file: &Path) -> bool {
        use std::io::Read;
        let text = self.bytes();
        if text.is_empty() || !text.ends_with(b"\n") {
            return false;
        }
        let head = format!("{}\n{}\n", self.format, self.identity);
        let mut start = vec![0; head.len()];
        fs::File::open(file).is_ok_and(|mut f| {
            f.metadata().is_ok_and(|m| m.len() == text.len() as u64)
                && f.read_exact(&mut start).is_ok()
                && start == head.as_bytes()
        })
    }

    /// True when `key` and `value` can be kept on one line (no tab in the
    /// key, no line break in either).
    pub fn keeps(key: &str, value: &str) -> bool {
        !key.contains(['\t', '\n', '\r']) && !value.contains(['\n', '\r'])
    }

    /// Writes `file` for the next build: the `fresh` entries (key, value:
    /// see [`Lines::keeps`]) added at its end, or, when the file was not
    /// there or would hold half again as many lines as the entries in use
    /// (the keys of `used` that it holds, and the fresh ones), the file
    /// written again whole with those only. `what` names the file in the
    /// crash tests' steps.
    pub fn write<'a>(
        &self,
        file: &Path,
        used: impl IntoIterator<Item = &'a str>,
        fresh: &[(String, String)],
        what: &str,
    ) -> std::io::Result<()> {
        let row = |out: &mut String, key: &str, value: &str| {
            out.push_str(key);
            out.push('\t');
            out.push_str(value);
            out.push('\n');
        };
        let fresh: Vec<&(String, String)> =
            fresh.iter().filter(|(k, v)| Lines::keeps(k, v)).collect();
        let mut live: HashSet<&str> = used
            .into_iter()
            .filter(|k| self.entries.contains_key(*k))
            .collect();
        live.extend(fresh.iter().map(|(k, _)| k.as_str()));
        if self.unchanged_on_disk(file)
            && self.lines + fresh.len() <= live.len() + live.len() / 2 + 16
        {
            if fresh.is_empty() {
                return Ok(());
            }
            let mut out = String::new();
            for (k, v) in &fresh {
                row(&mut out, k, v);
            }
            crate::fault::step(&format!("store: add to {what}"));
            let mut f = fs::OpenOptions::new().append(true).open(file)?;
            return std::io::Write::write_all(&mut f, out.as_bytes());
        }
        // The fresh value of a key wins over the kept one.
        let mut rows: HashMap<&str, &str> = live
            .iter()
            .filter_map(|k| Some((*k, self.get(k)?)))
            .collect();
        for (k, v) in &fresh {
            rows.insert(k, v);
        }
        let mut rows: Vec<(&str, &str)> = rows.into_iter().collect();
        rows.sort_unstable();
        let mut out = String::with_capacity(rows.iter().map(|r| r.0.len() + r.1.len() + 2).sum());
        out.push_str(&self.format);
        out.push('\n');
        out.push_str(&self.identity);
        out.push('\n');
        for (k, v) in rows {
            row(&mut out, k, v);
        }
        let tmp = file.with_extension("tmp");
        crate::fault::step(&format!("store: write {what}"));
        fs::write(&tmp, out)?;
        crate::fault::step(&format!("store: move {what} in"));
        fs::rename(&tmp, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries are added, read back (a later line winning), compacted to
    /// those in use, and a file of another format or amendo, or a line cut
    /// short, is not read.
    #[test]
    fn kept_lines_are_added_read_and_compacted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kept");
        let read = || Lines::read(&file, "kept 1", "amendo 1");
        let fresh = |n: usize, v: &str| -> Vec<(String, String)> {
            (0..n)
                .map(|i| (format!("k{i}"), format!("{v}{i}")))
                .collect()
        };
        read().write(&file, [], &fresh(3, "a"), "kept").unwrap();
        assert_eq!(read().get("k1"), Some("a1"));
        // Added at the end: the later line wins.
        let kept = read();
        kept.write(&file, ["k0", "k2"], &fresh(2, "b"), "kept")
            .unwrap();
        let kept = read();
        assert_eq!((kept.get("k1"), kept.get("k2")), (Some("b1"), Some("a2")));
        assert_eq!(fs::read_to_string(&file).unwrap().lines().count(), 2 + 5);
        // Many lines for few keys: written again whole, with those used.
        for round in 0..20 {
            read()
                .write(&file, ["k0"], &fresh(1, &format!("r{round}-")), "kept")
                .unwrap();
        }
        let kept = read();
        assert!(kept.lines <= 2 + 16 + 1, "{} lines", kept.lines);
        assert_eq!(kept.get("k0"), Some("r19-0"));
        // A file another build wrote since it was read is written again
        // whole, not added to.
        let kept = read();
        fs::write(&file, "kept 1\namendo 2\nk0\tforeign\n").unwrap();
        kept.write(&file, ["k0"], &fresh(1, "c"), "kept").unwrap();
        assert!(
            fs::read_to_string(&file)
                .unwrap()
                .starts_with("kept 1\namendo 1\n")
        );
        assert_eq!(read().get("k0"), Some("c0"));
        // A value with a line break is not kept.
        let bad = vec![("k9".to_owned(), "x\ny".to_owned())];
        read().write(&file, ["k0"], &bad, "kept").unwrap();
        assert_eq!(read().get("k9"), None);
        // Another amendo's file, another format, a line cut short.
        assert!(Lines::read(&file, "kept 1", "amendo 2").is_empty());
        assert!(Lines::read(&file, "kept 2", "amendo 1").is_empty());
        fs::write(&file, "kept 1\namendo 1\nk0\tv\nk1\tw").unwrap();
        assert_eq!((read().get("k0"), read().get("k1")), (Some("v"), None));
    }
}
