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
    let mut sorted: Vec<([u8; 20], u32, u64)> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut id = [0u8; 20];
            id.copy_from_slice(o.id.as_bytes());
            (id, crcs[i], offsets[i])
        })
        .collect();
    sorted.sort_unstable_by_key(|o| o.0);
    let index = index_bytes(&sorted, &checksum);
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

/// How many packs a store may hold before a build merges them: each build
/// that writes objects adds one, and every read looks through them all (a
/// store re-imported every hour would otherwise gather thousands).
pub const MAX_PACKS: usize = 16;

/// One pack of the store, as merging reads it: its entries and, from its
/// index, each object's id, CRC and offset.
struct Source {
    idx: PathBuf,
    pack: PathBuf,
    /// The pack file's size.
    size: u64,
    objects: Vec<([u8; 20], u32, u64)>,
}

/// True when a pack's last 20 bytes are the SHA-1 of the others: a damaged
/// pack is never copied into a merge (which would give it a valid checksum)
/// nor trusted to hold another's objects.
fn intact(pack: &[u8]) -> bool {
    pack.len() >= 32 && Sha1::digest(&pack[..pack.len() - 20])[..] == pack[pack.len() - 20..]
}

/// Reads a pack's version 2 index, or None when it or its pack is not
/// what amendo and git write, or the index names another pack.
fn read_source(idx_path: &Path) -> Option<Source> {
    let pack_path = idx_path.with_extension("pack");
    let idx = fs::read(idx_path).ok()?;
    let size = fs::metadata(&pack_path).ok()?.len();
    if idx.len() < 8 + 1024 + 40 || idx[..8] != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
        return None;
    }
    let be32 = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    let n = be32(&idx, 8 + 255 * 4)? as usize;
    let ids = 8 + 1024;
    let crcs = ids + n * 20;
    let offsets = crcs + n * 4;
    let large = offsets + n * 4;
    if idx.len() < large + 40 || size < 32 {
        return None;
    }
    // The index names its pack by the pack's checksum, its last 20 bytes.
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut trailer = [0u8; 20];
        let mut f = fs::File::open(&pack_path).ok()?;
        f.seek(SeekFrom::End(-20)).ok()?;
        f.read_exact(&mut trailer).ok()?;
        if idx[idx.len() - 40..idx.len() - 20] != trailer {
            return None;
        }
    }
    let mut objects = Vec::with_capacity(n);
    for k in 0..n {
        let id: [u8; 20] = idx[ids + k * 20..ids + k * 20 + 20].try_into().ok()?;
        let crc = be32(&idx, crcs + k * 4)?;
        let small = be32(&idx, offsets + k * 4)?;
        let offset = if small & 0x8000_0000 == 0 {
            small as u64
        } else {
            let at = large + (small & 0x7fff_ffff) as usize * 8;
            u64::from_be_bytes(idx.get(at..at + 8)?.try_into().ok()?)
        };
        // Every entry lies between the header and the checksum.
        if offset < 12 || offset >= size - 20 {
            return None;
        }
        objects.push((id, crc, offset));
    }
    Some(Source {
        idx: idx_path.to_path_buf(),
        pack: pack_path,
        size,
        objects,
    })
}

/// When the store holds more than [`MAX_PACKS`] packs, merges all but the
/// largest into one, and returns how many packs were merged (0 when none
/// were, even if redundant packs were removed). Call it under the write
/// lock.
///
/// Nothing is inflated or compressed again: each pack's entries are copied
/// whole, one pack after the other, so an entry stored as a delta keeps
/// its distance to its base, and its CRC; the index is the packs' indexes
/// with the offsets moved. The new pack and its index are written and
/// moved in as a build's are, then the merged packs are removed, each
/// index before its pack: a build stopped in between leaves objects in
/// two packs, which readers accept, and the next merge first removes a
/// pack whose every object another pack holds. When a pack cannot be
/// read, or two packs hold the same objects in part, nothing is merged.
pub fn consolidate(store: &Path) -> Result<usize, StoreError> {
    let dir = store.join("objects").join("pack");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut indexes: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "idx")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("pack-"))
        })
        .collect();
    if indexes.len() <= MAX_PACKS {
        return Ok(0);
    }
    indexes.sort();
    // A pack kept on purpose (a `.keep` file, as git marks one) is neither
    // merged nor removed.
    indexes.retain(|p| !p.with_extension("keep").exists());
    let mut sources: Vec<Source> = indexes.iter().filter_map(|p| read_source(p)).collect();
    let remove = |s: &Source| -> Result<(), StoreError> {
        for path in [&s.idx, &s.pack] {
            crate::fault::step("store: remove a merged pack");
            match fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(StoreError::Io(format!(
                        "cannot remove {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        Ok(())
    };
    // A pack whose every object another pack holds (a merge stopped before
    // it removed its sources) goes first.
    let mut owners: HashMap<[u8; 20], usize> = HashMap::new();
    for s in &sources {
        for (id, ..) in &s.objects {
            *owners.entry(*id).or_default() += 1;
        }
    }
    // Before a pack is removed for another holding its objects, every
    // pack's bytes are checked against its checksum.
    let mut checked = false;
    let mut k = 0;
    while k < sources.len() {
        let s = &sources[k];
        let redundant = !s.objects.is_empty()
            && s.objects.iter().all(|(id, ..)| owners[id] > 1)
            && sources.len() > 1;
        if redundant && !checked {
            if !sources
                .iter()
                .all(|s| fs::read(&s.pack).is_ok_and(|b| intact(&b)))
            {
                return Ok(0);
            }
            checked = true;
        }
        if redundant {
            for (id, ..) in &s.objects {
                if let Some(n) = owners.get_mut(id) {
                    *n -= 1;
                }
            }
            remove(s)?;
            sources.remove(k);
        } else {
            k += 1;
        }
    }
    if owners.values().any(|&n| n > 1) || sources.len() <= 1 {
        return Ok(0);
    }
    // The largest pack stays as it is.
    let largest = (0..sources.len())
        .max_by_key(|&i| (sources[i].size, std::cmp::Reverse(i)))
        .unwrap_or(0);
    sources.remove(largest);
    if sources.len() < 2 {
        return Ok(0);
    }
    let total: usize = sources.iter().map(|s| s.objects.len()).sum();
    let mut pack = Vec::with_capacity(sources.iter().map(|s| s.size as usize).sum::<usize>());
    pack.extend_from_slice(b"PACK");
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(total as u32).to_be_bytes());
    let mut objects: Vec<([u8; 20], u32, u64)> = Vec::with_capacity(total);
    for s in &sources {
        let Ok(bytes) = fs::read(&s.pack) else {
            return Ok(0);
        };
        let header_ok = bytes.len() as u64 == s.size
            && intact(&bytes)
            && &bytes[..4] == b"PACK"
            && bytes[4..8] == 2u32.to_be_bytes()
            && bytes[8..12] == (s.objects.len() as u32).to_be_bytes();
        if !header_ok {
            return Ok(0);
        }
        let shift = pack.len() as u64 - 12;
        pack.extend_from_slice(&bytes[12..bytes.len() - 20]);
        objects.extend(
            s.objects
                .iter()
                .map(|&(id, crc, off)| (id, crc, off + shift)),
        );
    }
    let checksum: [u8; 20] = Sha1::digest(&pack).into();
    pack.extend_from_slice(&checksum);
    objects.sort_unstable_by_key(|o| o.0);
    let index = index_bytes(&objects, &checksum);
    let merged = Pack {
        count: total as u32,
        name: checksum.iter().map(|b| format!("{b:02x}")).collect(),
        pack,
        index,
    };
    self::store(store, &merged)?;
    let name = format!("pack-{}.idx", merged.name);
    for s in &sources {
        // The merge of packs that were merged before may be named as one of them.
        if s.idx
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == name)
        {
            continue;
        }
        remove(s)?;
    }
    Ok(sources.len())
}

/// A version 2 pack index of `objects` (id, CRC, offset; sorted by id) for
/// the pack whose checksum is `checksum`.
fn index_bytes(objects: &[([u8; 20], u32, u64)], checksum: &[u8; 20]) -> Vec<u8> {
    let mut index = Vec::with_capacity(8 + 1024 + objects.len() * 28 + 40);
    index.extend_from_slice(&[0xff, b't', b'O', b'c', 0, 0, 0, 2]);
    let mut fanout = [0u32; 256];
    for (id, ..) in objects {
        fanout[id[0] as usize] += 1;
    }
    let mut total = 0;
    for f in fanout {
        total += f;
        index.extend_from_slice(&total.to_be_bytes());
    }
    for (id, ..) in objects {
        index.extend_from_slice(id);
    }
    for (_, crc, _) in objects {
        index.extend_from_slice(&crc.to_be_bytes());
    }
    let mut large = Vec::new();
    for &(_, _, off) in objects {
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
    index.extend_from_slice(checksum);
    let index_sum: [u8; 20] = Sha1::digest(&index).into();
    index.extend_from_slice(&index_sum);
    index
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
        git_fsck(dir.path());
    }

    /// The packs in a store's pack folder.
    fn packs(store: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(store.join("objects/pack"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".idx"))
            .collect();
        names.sort();
        names
    }

    /// A store of `n` packs, each of three blobs (a text, the same text
    /// changed and stored as a delta, a short one), the first pack the
    /// largest; returns the objects.
    fn store_of_packs(store: &Path, n: usize) -> Vec<NewObject> {
        git2::Repository::init_bare(store).unwrap();
        let mut all = Vec::new();
        for k in 0..n {
            let lines = if k == 0 { 2_000 } else { 300 };
            let text: String = (0..lines)
                .map(|i| format!("Pack {k}, alinéa {i}.\n"))
                .collect();
            let changed = text.replace(", alinéa 100.", ", alinéa cent.");
            let a = NewObject::of(ObjectType::Blob, text.as_bytes(), None);
            let b = NewObject::of(ObjectType::Blob, changed.as_bytes(), Some(a.id));
            let c = NewObject::of(ObjectType::Blob, format!("court {k}\n").as_bytes(), None);
            let objects = vec![a, b, c];
            super::store(store, &encode(&objects)).unwrap();
            all.extend(objects);
        }
        all
    }

    fn all_readable(store: &Path, objects: &[NewObject]) {
        let repo = git2::Repository::open_bare(store).unwrap();
        let ours = crate::store::packed::Packs::open(store);
        for o in objects {
            assert_eq!(repo.find_blob(o.id).unwrap().content(), &o.data[..]);
            assert_eq!(ours.blob(o.id).as_deref(), Some(&o.data[..]));
        }
        git_fsck(store);
    }

    /// `git fsck --full --strict` on the store, when git is installed.
    fn git_fsck(store: &Path) {
        if let Ok(out) = std::process::Command::new("git")
            .arg("--git-dir")
            .arg(store)
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

    #[test]
    fn many_packs_are_merged_but_the_largest_and_every_object_stays_readable() {
        let dir = tempfile::tempdir().unwrap();
        let objects = store_of_packs(dir.path(), MAX_PACKS);
        assert_eq!(consolidate(dir.path()).unwrap(), 0, "few enough packs");
        assert_eq!(packs(dir.path()).len(), MAX_PACKS);
        let more = store_of_packs_more(dir.path());
        let before = packs(dir.path());
        assert_eq!(consolidate(dir.path()).unwrap(), MAX_PACKS);
        let after = packs(dir.path());
        assert_eq!(after.len(), 2, "{after:?}");
        // The largest (the first pack written) is left as it was.
        let first = &before[before
            .iter()
            .position(|n| after.contains(n))
            .expect("a pack kept")];
        assert!(after.contains(first));
        let mut every = objects;
        every.extend(more);
        all_readable(dir.path(), &every);
        // Merging again finds nothing to do.
        assert_eq!(consolidate(dir.path()).unwrap(), 0);
    }

    /// One more pack, past the limit.
    fn store_of_packs_more(store: &Path) -> Vec<NewObject> {
        let o = vec![NewObject::of(ObjectType::Blob, b"encore\n", None)];
        super::store(store, &encode(&o)).unwrap();
        o
    }

    #[test]
    fn a_merge_stopped_before_removing_its_packs_is_finished_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut objects = store_of_packs(dir.path(), MAX_PACKS);
        objects.extend(store_of_packs_more(dir.path()));
        // Keep a copy of the packs a merge removes, then put them back: as
        // if the merge had stopped after writing its pack.
        let folder = dir.path().join("objects/pack");
        let saved: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| (e.path(), fs::read(e.path()).unwrap()))
            .collect();
        consolidate(dir.path()).unwrap();
        for (path, bytes) in &saved {
            if !path.exists() {
                fs::write(path, bytes).unwrap();
            }
        }
        assert_eq!(packs(dir.path()).len(), MAX_PACKS + 2);
        all_readable(dir.path(), &objects);
        // The next merge removes the packs the merged one holds whole.
        consolidate(dir.path()).unwrap();
        assert_eq!(packs(dir.path()).len(), 2);
        all_readable(dir.path(), &objects);
    }

    /// A damaged pack is never copied into a merge (which would give it a
    /// valid checksum) nor trusted to hold another's objects; a pack kept
    /// on purpose (`.keep`) is neither merged nor removed.
    #[test]
    fn damaged_and_kept_packs_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        store_of_packs(dir.path(), MAX_PACKS);
        store_of_packs_more(dir.path());
        let folder = dir.path().join("objects/pack");
        let mut pack_files: Vec<PathBuf> = fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "pack"))
            .collect();
        // The smallest first: the largest pack is never copied.
        pack_files.sort_by_key(|p| fs::metadata(p).unwrap().len());
        // One byte changed inside a pack: nothing is merged.
        let damaged = &pack_files[0];
        let mut bytes = fs::read(damaged).unwrap();
        bytes[20] ^= 0xff;
        fs::write(damaged, &bytes).unwrap();
        let before = packs(dir.path());
        assert_eq!(consolidate(dir.path()).unwrap(), 0);
        assert_eq!(packs(dir.path()), before);
        // Mended, but with two packs marked to keep: the others are merged.
        bytes[20] ^= 0xff;
        fs::write(damaged, &bytes).unwrap();
        for p in &pack_files[1..3] {
            fs::write(p.with_extension("keep"), "").unwrap();
        }
        assert_eq!(consolidate(dir.path()).unwrap(), MAX_PACKS - 2);
        for p in &pack_files[1..3] {
            assert!(p.exists() && p.with_extension("idx").exists());
        }
    }
}
