//! Writing an ingest's new objects as one pack and its index.
//!
//! The pack (format version 2) holds each object compressed with zlib; an
//! object made from a *base* by a small change (a tree with one entry
//! changed, an article with one alinéa changed) is stored as a delta
//! against it when the base is in the same pack and the delta is small: the
//! common beginning and end are copied, the middle is inserted. Nothing is
//! searched, so packing costs about what compressing costs; chains stop at
//! [`MAX_DEPTH`] so reading an object inflates at most that many deltas.
//! The index (version 2) is written beside it, so the objects are hashed
//! only once, when they are made.
//!
//! Files are written as `tmp_pack_*` and `tmp_idx_*`, then renamed to
//! `pack-<checksum>.pack` and `.idx`, the index last: git and libgit2 see
//! a pack only through its index. A build killed in between leaves
//! temporary files or a pack without an index, which the next build
//! removes under the lock.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{Compress, Compression, FlushCompress, Status};
use git2::{ObjectType, Oid};
use rayon::prelude::*;
use sha1::{Digest, Sha1};

use crate::store::StoreError;
use crate::store::objects::NewObject;

/// The longest chain of deltas an object is stored at the end of.
pub const MAX_DEPTH: usize = 50;

/// A pack and its index, ready to be stored.
pub struct Pack {
    /// The pack file's bytes.
    pub pack: Vec<u8>,
    /// The index file's bytes.
    pub index: Vec<u8>,
    /// The number of objects.
    pub count: u32,
    /// The pack's checksum, in hex: its name.
    pub name: String,
}

fn kind_number(kind: ObjectType) -> u8 {
    match kind {
        ObjectType::Commit => 1,
        ObjectType::Tree => 2,
        ObjectType::Blob => 3,
        _ => 4,
    }
}

/// A delta's size field: 7 bits a byte, least significant first.
fn delta_size(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Copies `len` bytes of the base from `offset`.
fn copy(out: &mut Vec<u8>, mut offset: usize, mut len: usize) {
    while len > 0 {
        let n = len.min(0xff_ffff);
        let mut op = 0x80u8;
        let at = out.len();
        out.push(0);
        for i in 0..4 {
            let b = ((offset >> (8 * i)) & 0xff) as u8;
            if b != 0 {
                op |= 1 << i;
                out.push(b);
            }
        }
        for i in 0..3 {
            let b = ((n >> (8 * i)) & 0xff) as u8;
            if b != 0 {
                op |= 0x10 << i;
                out.push(b);
            }
        }
        out[at] = op;
        offset += n;
        len -= n;
    }
}

/// A git delta turning `base` into `data`: the common beginning and end
/// copied, what lies between inserted. None when it would not be small.
pub fn delta(base: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let prefix = base.iter().zip(data).take_while(|(a, b)| a == b).count();
    let room = base.len().min(data.len()) - prefix;
    let suffix = base
        .iter()
        .rev()
        .zip(data.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let middle = &data[prefix..data.len() - suffix];
    if middle.len() + 32 > data.len() / 2 {
        return None;
    }
    let mut out = Vec::with_capacity(middle.len() + middle.len() / 127 + 32);
    delta_size(&mut out, base.len());
    delta_size(&mut out, data.len());
    copy(&mut out, 0, prefix);
    for chunk in middle.chunks(127) {
        out.push(chunk.len() as u8);
        out.extend_from_slice(chunk);
    }
    copy(&mut out, base.len() - suffix, suffix);
    Some(out)
}

/// How an object is stored: whole, or as a delta against the object at
/// an index of the list.
enum Stored {
    Whole,
    Delta(usize, Vec<u8>),
}

fn entry_header(out: &mut Vec<u8>, kind: u8, mut size: usize) {
    let mut b = (kind << 4) | (size & 0x0f) as u8;
    size >>= 4;
    while size != 0 {
        out.push(b | 0x80);
        b = (size & 0x7f) as u8;
        size >>= 7;
    }
    out.push(b);
}

/// `data` compressed with zlib. Each thread keeps one compressor: making
/// one costs more than compressing a small object. Level 2: with zlib-rs
/// (flate2's backend), level 1 is a quicker algorithm that made the
/// synthetic store 17 MiB; level 2 makes it 15 MiB, as fast.
fn deflate(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static Z: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(Compression::new(2), true));
    }
    Z.with(|z| {
        let mut z = z.borrow_mut();
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read = z.total_in() as usize;
            match z.compress_vec(&data[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
                // Compressing into a growing Vec does not fail.
                Err(_) => return out,
            }
        }
    })
}

/// Encodes `objects` (bases before the objects made from them) as a pack
/// and its index.
pub fn encode(objects: &[NewObject]) -> Pack {
    let position: HashMap<Oid, usize> =
        objects.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    // Which objects are deltas, and on what: chains kept short.
    let mut depth = vec![0usize; objects.len()];
    let mut plan: Vec<Option<usize>> = vec![None; objects.len()];
    for (i, o) in objects.iter().enumerate() {
        if let Some(&b) = o.base.as_ref().and_then(|b| position.get(b))
            && b < i
            && depth[b] + 1 < MAX_DEPTH
        {
            plan[i] = Some(b);
            depth[i] = depth[b] + 1;
        }
    }
    // Deltas and compression, on every core.
    let entries: Vec<(Stored, Vec<u8>)> = objects
        .par_iter()
        .enumerate()
        .map(|(i, o)| {
            let stored = plan[i]
                .and_then(|b| delta(&objects[b].data, &o.data).map(|d| Stored::Delta(b, d)))
                .unwrap_or(Stored::Whole);
            let body = match &stored {
                Stored::Whole => deflate(&o.data),
                Stored::Delta(_, d) => deflate(&d[..]),
            };
            (stored, body)
        })
        .collect();
    let mut pack = Vec::with_capacity(entries.iter().map(|e| e.1.len() + 24).sum::<usize>() + 32);
    pack.extend_from_slice(b"PACK");
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(objects.len() as u32).to_be_bytes());
    let mut offsets = vec![0u64; objects.len()];
    let mut crcs = vec![0u32; objects.len()];
    for (i, (o, (stored, body))) in objects.iter().zip(&entries).enumerate() {
        let start = pack.len();
        offsets[i] = start as u64;
        match stored {
            Stored::Whole => entry_header(&mut pack, kind_number(o.kind), o.data.len()),
            &Stored::Delta(b, ref d) => {
                entry_header(&mut pack, 6, d.len());
                // The distance back to the base, as git encodes it.
                let mut distance = start as u64 - offsets[b];
                let mut bytes = vec![(distance & 0x7f) as u8];
                distance >>= 7;
                while distance != 0 {
                    distance -= 1;
                    bytes.push(0x80 | (distance & 0x7f) as u8);
                    distance >>= 7;
                }
                bytes.reverse();
                pack.extend_from_slice(&bytes);
            }
        }
        pack.extend_from_slice(body);
        crcs[i] = crc32fast::hash(&pack[start..]);
    }
    let checksum: [u8; 20] = Sha1::digest(&pack).into();
    pack.extend_from_slice(&checksum);

    // The index: ids sorted, with a fan-out table by first byte.
    let mut sorted: Vec<usize> = (0..objects.len()).collect();
    sorted.sort_by(|&a, &b| objects[a].id.as_bytes().cmp(objects[b].id.as_bytes()));
    let mut index = Vec::with_capacity(8 + 1024 + objects.len() * 28 + 40);
    index.extend_from_slice(&[0xff, b't', b'O', b'c', 0, 0, 0, 2]);
    let mut fanout = [0u32; 256];
    for o in objects {
        fanout[o.id.as_bytes()[0] as usize] += 1;
    }
    let mut total = 0;
    for f in fanout {
        total += f;
        index.extend_from_slice(&total.to_be_bytes());
    }
    for &i in &sorted {
        index.extend_from_slice(objects[i].id.as_bytes());
    }
    for &i in &sorted {
        index.extend_from_slice(&crcs[i].to_be_bytes());
    }
    let mut large = Vec::new();
    for &i in &sorted {
        let off = offsets[i];
        if off < 0x8000_0000 {
            index.extend_from_slice(&(off as u32).to_be_bytes());
        } else {
            index.extend_from_slice(&(0x8000_0000 | large.len() as u32).to_be_bytes());
            large.push(off);
        }
    }
    for off in large {
        index.extend_from_slice(&off.to_be_bytes());
    }
    index.extend_from_slice(&checksum);
    let index_sum: [u8; 20] = Sha1::digest(&index).into();
    index.extend_from_slice(&index_sum);
    Pack {
        count: objects.len() as u32,
        name: checksum.iter().map(|b| format!("{b:02x}")).collect(),
        pack,
        index,
    }
}

/// Writes a new file completely, flushes it to the disk and makes it
/// read-only.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    // Read-only, as git leaves its packs.
    let mut perms = f.metadata()?.permissions();
    perms.set_readonly(true);
    f.set_permissions(perms)
}

/// Stores `pack` in the store at `store`: both files beside, then moved in,
/// the index last.
pub fn store(store: &Path, pack: &Pack) -> Result<(), StoreError> {
    let dir = store.join("objects").join("pack");
    fs::create_dir_all(&dir)
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
    let id = std::process::id();
    let tmp_pack = dir.join(format!("tmp_pack_amendo_{id}"));
    let tmp_index = dir.join(format!("tmp_idx_amendo_{id}"));
    let cannot = |what: &str, e: std::io::Error| {
        StoreError::Io(format!(
            "cannot {what} in {}: {e}; the store was left as it was",
            store.display()
        ))
    };
    crate::fault::step("store: write the pack");
    write_synced(&tmp_pack, &pack.pack).map_err(|e| {
        let _ = fs::remove_file(&tmp_pack);
        cannot("write the pack", e)
    })?;
    crate::fault::step("store: write the pack's index");
    write_synced(&tmp_index, &pack.index).map_err(|e| {
        let _ = fs::remove_file(&tmp_pack);
        let _ = fs::remove_file(&tmp_index);
        cannot("write the pack's index", e)
    })?;
    let target = |ext: &str| -> PathBuf { dir.join(format!("pack-{}.{ext}", pack.name)) };
    crate::fault::step("store: move the pack in");
    fs::rename(&tmp_pack, target("pack")).map_err(|e| cannot("store the pack", e))?;
    crate::fault::step("store: move the pack's index in");
    fs::rename(&tmp_index, target("idx")).map_err(|e| cannot("store the pack", e))?;
    Ok(())
}

/// Removes packs without an index (a build killed between its two renames
/// leaves one; nothing can read it). Call it under the write lock.
pub fn remove_unindexed(store: &Path) -> Result<(), StoreError> {
    let dir = store.join("objects").join("pack");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("pack-")
            && name.ends_with(".pack")
            && !path.with_extension("idx").exists()
        {
            crate::fault::step("store: remove a pack without an index");
            fs::remove_file(&path).map_err(|err| {
                StoreError::Io(format!("cannot remove {}: {err}", path.display()))
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_reads_the_pack_deltas_included() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init_bare(dir.path()).unwrap();
        let long: String = (0..400)
            .map(|i| format!("Alinéa {i} du texte.\n"))
            .collect();
        let changed = long.replace("Alinéa 200 du", "Alinéa deux cents du");
        let a = NewObject::of(ObjectType::Blob, long.as_bytes(), None);
        let b = NewObject::of(ObjectType::Blob, changed.as_bytes(), Some(a.id));
        let c = NewObject::of(ObjectType::Blob, b"court\n", Some(a.id));
        let big: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let d = NewObject::of(ObjectType::Blob, &big, None);
        let mut big2 = big.clone();
        big2[70_000] ^= 1;
        let e = NewObject::of(ObjectType::Blob, &big2, Some(d.id));
        assert!(delta(&a.data, &b.data).is_some());
        let objects = vec![a, b, c, d, e];
        let pack = encode(&objects);
        store(dir.path(), &pack).unwrap();
        let repo2 = git2::Repository::open_bare(dir.path()).unwrap();
        for o in &objects {
            let blob = repo2.find_blob(o.id).unwrap();
            assert_eq!(blob.content(), &o.data[..]);
        }
        drop(repo);
        // And git itself agrees, when it is installed.
        if let Ok(out) = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(dir.path())
            .args(["fsck", "--full", "--strict"])
            .output()
        {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
