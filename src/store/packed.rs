//! Reading blobs straight from the store's packs, for the queries that read
//! many of them (a whole text's articles, a bill's amendment records).
//!
//! The packs (and their version 2 indexes) are mapped into memory, an
//! object is found by binary search in its pack's index, inflated with
//! zlib-rs (faster than the system zlib libgit2 links) and, when it is a delta (`OFS_DELTA` or `REF_DELTA`),
//! applied on its base, read the same way. The reader is shared by
//! threads; it opens no libgit2 handle.
//!
//! It only ever answers "here are the bytes" or "not here": an object in
//! no pack (a loose object, a pack written after the reader was opened),
//! an index of another version or anything malformed gives `None`, and the
//! caller reads the object through libgit2, which says what is wrong.

use std::path::Path;

use git2::Oid;

use crate::mapped::Mapped;

/// The deepest delta chain followed (the writer stops at
/// [`super::pack::MAX_DEPTH`]; git's own packs go to 50 by default).
const MAX_CHAIN: usize = 4096;

/// The packs of a store, mapped.
pub struct Packs {
    packs: Vec<PackFile>,
}

struct PackFile {
    index: Mapped,
    pack: Mapped,
    count: usize,
}

impl Packs {
    /// Maps every pack of the store at `store` that has a version 2
    /// index. Packs that cannot be read are left out (their objects are
    /// then read through libgit2).
    pub fn open(store: &Path) -> Packs {
        let mut packs = Vec::new();
        let Ok(dir) = std::fs::read_dir(store.join("objects").join("pack")) else {
            return Packs { packs };
        };
        let mut names: Vec<_> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "idx"))
            .collect();
        names.sort();
        for idx in names {
            let (Some(index), Some(pack)) = (
                Mapped::open(&idx),
                Mapped::open(&idx.with_extension("pack")),
            ) else {
                continue;
            };
            let i = index.bytes();
            // Header, fan-out, trailer; a pack starts with "PACK", version 2.
            if i.len() < 8 + 1024 + 40
                || i[..8] != [0xff, b't', b'O', b'c', 0, 0, 0, 2]
                || pack.bytes().len() < 32
                || &pack.bytes()[..4] != b"PACK"
            {
                continue;
            }
            let count = be32(&i[8 + 255 * 4..]) as usize;
            // Names, CRCs and offsets must fit.
            if i.len() < 8 + 1024 + count * 28 + 40 {
                continue;
            }
            packs.push(PackFile { index, pack, count });
        }
        Packs { packs }
    }

    /// The content of blob `id`, or None when it is not in a mapped pack,
    /// is not a blob, or cannot be read.
    pub fn blob(&self, id: Oid) -> Option<Vec<u8>> {
        for p in &self.packs {
            if let Some(offset) = p.find(id.as_bytes()) {
                let (kind, data) = self.read_at(p, offset, 0)?;
                return (kind == 3).then_some(data);
            }
        }
        None
    }

    /// The object of pack `p` at `offset`: its kind (1 commit, 2 tree,
    /// 3 blob, 4 tag) and content.
    fn read_at(&self, p: &PackFile, offset: usize, depth: usize) -> Option<(u8, Vec<u8>)> {
        if depth > MAX_CHAIN {
            return None;
        }
        let bytes = p.pack.bytes();
        // The pack's trailing checksum is not an entry.
        let end = bytes.len() - 20;
        let mut at = offset;
        let mut b = *bytes.get(at).filter(|_| at < end)?;
        at += 1;
        let kind = (b >> 4) & 7;
        let mut size = (b & 0x0f) as usize;
        let mut shift = 4;
        while b & 0x80 != 0 {
            b = *bytes.get(at).filter(|_| at < end)?;
            at += 1;
            if shift > 56 {
                return None;
            }
            size |= ((b & 0x7f) as usize) << shift;
            shift += 7;
        }
        match kind {
            1..=4 => Some((kind, inflate(&bytes[at..end], size)?)),
            6 => {
                // The distance back to the base, as git encodes it.
                let mut b = *bytes.get(at).filter(|_| at < end)?;
                at += 1;
                let mut distance = (b & 0x7f) as usize;
                while b & 0x80 != 0 {
                    b = *bytes.get(at).filter(|_| at < end)?;
                    at += 1;
                    distance = distance.checked_add(1)?.checked_mul(128)? | (b & 0x7f) as usize;
                }
                let base_at = offset.checked_sub(distance).filter(|&o| o >= 12)?;
                let (base_kind, base) = self.read_at(p, base_at, depth + 1)?;
                let delta = inflate(&bytes[at..end], size)?;
                Some((base_kind, apply(&base, &delta)?))
            }
            7 => {
                let base_id = bytes.get(at..at + 20).filter(|_| at + 20 <= end)?;
                at += 20;
                let (base_kind, base) = self
                    .packs
                    .iter()
                    .find_map(|q| q.find(base_id).map(|o| (q, o)))
                    .and_then(|(q, o)| self.read_at(q, o, depth + 1))?;
                let delta = inflate(&bytes[at..end], size)?;
                Some((base_kind, apply(&base, &delta)?))
            }
            _ => None,
        }
    }
}

impl PackFile {
    /// The offset of object `id` in the pack, by binary search in the
    /// index's sorted names (within the fan-out's range for its first byte).
    fn find(&self, id: &[u8]) -> Option<usize> {
        let i = self.index.bytes();
        let fan = |b: usize| be32(&i[8 + b * 4..]) as usize;
        let first = id[0] as usize;
        let (mut lo, mut hi) = (if first == 0 { 0 } else { fan(first - 1) }, fan(first));
        if hi > self.count || lo > hi {
            return None;
        }
        let names = 8 + 1024;
        while lo < hi {
            let mid = (lo + hi) / 2;
            let name = &i[names + mid * 20..names + mid * 20 + 20];
            match name.cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let offsets = names + self.count * 24;
                    let small = be32(&i[offsets + mid * 4..]);
                    if small & 0x8000_0000 == 0 {
                        return Some(small as usize);
                    }
                    let large = offsets + self.count * 4 + (small & 0x7fff_ffff) as usize * 8;
                    let hi = be32(i.get(large..large + 4)?) as u64;
                    let lo = be32(i.get(large + 4..large + 8)?) as u64;
                    return usize::try_from((hi << 32) | lo).ok();
                }
            }
        }
        None
    }
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Inflates the zlib stream at the start of `input`, which must give
/// exactly `size` bytes. Each thread keeps one inflater: making one
/// allocates and clears its state, which cost more than inflating a small
/// article.
fn inflate(input: &[u8], size: usize) -> Option<Vec<u8>> {
    // Deflate expands at most about 1,032 times: a size beyond that is a
    // damaged header, not a reason to ask for that much memory.
    if size > input.len().saturating_mul(1032).saturating_add(64) {
        return None;
    }
    thread_local! {
        static Z: std::cell::RefCell<zlib_rs::Inflate> =
            std::cell::RefCell::new(zlib_rs::Inflate::new(true, 15));
    }
    let mut out = vec![0u8; size];
    Z.with(|z| {
        let mut z = z.borrow_mut();
        z.reset(true);
        let done = z.decompress(input, &mut out, zlib_rs::InflateFlush::Finish);
        (done == Ok(zlib_rs::Status::StreamEnd) && z.total_out() == size as u64).then_some(())
    })?;
    Some(out)
}

/// A delta's size field: 7 bits a byte, least significant first.
fn delta_size(delta: &[u8], at: &mut usize) -> Option<usize> {
    let mut size = 0usize;
    let mut shift = 0;
    loop {
        let b = *delta.get(*at)?;
        *at += 1;
        if shift > 56 {
            return None;
        }
        size |= ((b & 0x7f) as usize) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return Some(size);
        }
    }
}

/// Applies a git delta to `base`.
fn apply(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut at = 0;
    if delta_size(delta, &mut at)? != base.len() {
        return None;
    }
    let size = delta_size(delta, &mut at)?;
    let mut out = Vec::with_capacity(size);
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            let mut offset = 0usize;
            for i in 0..4 {
                if op & (1 << i) != 0 {
                    offset |= (*delta.get(at)? as usize) << (8 * i);
                    at += 1;
                }
            }
            let mut len = 0usize;
            for i in 0..3 {
                if op & (0x10 << i) != 0 {
                    len |= (*delta.get(at)? as usize) << (8 * i);
                    at += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            out.extend_from_slice(base.get(offset..offset.checked_add(len)?)?);
        } else if op != 0 {
            let len = op as usize;
            out.extend_from_slice(delta.get(at..at + len)?);
            at += len;
        } else {
            return None;
        }
    }
    (out.len() == size).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::objects::NewObject;
    use crate::store::pack;
    use git2::ObjectType;

    #[test]
    fn reads_whole_objects_and_deltas_as_git_does() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init_bare(dir.path()).unwrap();
        let long: String = (0..200).map(|i| format!("alinéa {i} du texte\n")).collect();
        let edited = long.replace("alinéa 100 du", "alinéa cent du");
        let again = edited.replace("alinéa 7 du", "alinéa sept du");
        let a = NewObject::of(ObjectType::Blob, long.as_bytes(), None);
        let b = NewObject::of(ObjectType::Blob, edited.as_bytes(), Some(a.id));
        let c = NewObject::of(ObjectType::Blob, again.as_bytes(), Some(b.id));
        let small = NewObject::of(ObjectType::Blob, b"court\n", None);
        let ids = [a.id, b.id, c.id, small.id];
        let p = pack::encode(&[a, b, c, small]);
        pack::store(dir.path(), &p).unwrap();
        // Loose: not in a pack.
        let loose = repo.blob(b"ailleurs\n").unwrap();

        let packs = Packs::open(dir.path());
        for id in ids {
            let ours = packs.blob(id).expect("in the pack");
            assert_eq!(ours, repo.find_blob(id).unwrap().content(), "{id}");
        }
        assert_eq!(packs.blob(loose), None);
        let tree = {
            let mut t = repo.treebuilder(None).unwrap();
            t.insert("a.txt", ids[0], 0o100644).unwrap();
            t.write().unwrap()
        };
        assert_eq!(packs.blob(tree), None, "a loose tree is not found");
    }

    #[test]
    fn reads_packs_git_wrote() {
        // git's own packs: deltas found by git's search, chains as deep as
        // it likes, bases anywhere in the pack.
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init_bare(dir.path()).unwrap();
        let mut text: String = (0..300).map(|i| format!("Alinéa {i}.\n")).collect();
        let mut ids = Vec::new();
        for k in 0..40 {
            text = text.replace(&format!("Alinéa {}.", k * 7), &format!("Alinéa {k} bis."));
            ids.push(repo.blob(text.as_bytes()).unwrap());
        }
        let mut tb = repo.treebuilder(None).unwrap();
        for (k, id) in ids.iter().enumerate() {
            tb.insert(format!("{k}.txt"), *id, 0o100644).unwrap();
        }
        let tree = repo.find_tree(tb.write().unwrap()).unwrap();
        let sig = git2::Signature::new("t", "t@example.org", &git2::Time::new(0, 0)).unwrap();
        repo.commit(Some("refs/heads/main"), &sig, &sig, "m", &tree, &[])
            .unwrap();
        let Ok(out) = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(dir.path())
            .args(["repack", "-a", "-d", "-f", "-q", "--depth=50"])
            .output()
        else {
            return; // git is not installed
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let repo = git2::Repository::open_bare(dir.path()).unwrap();
        let packs = Packs::open(dir.path());
        for id in ids {
            let ours = packs.blob(id).expect("in the pack");
            assert_eq!(ours, repo.find_blob(id).unwrap().content(), "{id}");
        }
    }

    #[test]
    fn a_damaged_delta_is_not_read() {
        let base = b"0123456789abcdef".repeat(4);
        let mut delta = Vec::new();
        delta.push(base.len() as u8);
        delta.push(20);
        // Copy 20 bytes from offset 60: past the base's end.
        delta.extend_from_slice(&[0x80 | 0x01 | 0x10, 60, 20]);
        assert_eq!(apply(&base, &delta), None);
        // Copy 4 from 2, insert 2: a whole delta.
        let ok = [base.len() as u8, 6, 0x80 | 0x01 | 0x10, 2, 4, 2, b'x', b'y'];
        assert_eq!(apply(&base, &ok).unwrap(), b"2345xy");
        // A result of another size than announced.
        let short = [base.len() as u8, 7, 0x80 | 0x01 | 0x10, 2, 4];
        assert_eq!(apply(&base, &short), None);
    }

    #[test]
    fn a_size_no_stream_could_reach_is_refused_without_allocating_it() {
        let small = {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut z, b"alinea").unwrap();
            z.finish().unwrap()
        };
        assert_eq!(inflate(&small, 6).as_deref(), Some(&b"alinea"[..]));
        assert_eq!(inflate(&small, usize::MAX / 2), None);
    }
}
