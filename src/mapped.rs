//! Files read by mapping them into memory rather than copying them: the
//! store's packs and their indexes, and the files a build keeps beside the
//! store for the next one ([`crate::kept`]). A file read whole is copied
//! into freshly allocated memory, each of whose pages the kernel first
//! clears; a mapping shares the pages the kernel already holds for the file
//! (reading the 52 MB of a budget bill's `amendo-parsed` cost some 12,000
//! such pages).
//!
//! Only files that are never rewritten in place are mapped: git and amendo
//! write a pack, its index or a kept file under a temporary name and rename
//! it, and add to a kept file only at its end, past the mapped bytes, under
//! the store's lock. (A file cut short under a live mapping by another
//! program would stop the process on its next read of the lost pages.)
//! An empty file is not mapped: [`Mapped::open`] gives none.

use std::path::Path;

/// A file mapped read-only into memory (read whole where mapping is not
/// available).
pub struct Mapped {
    #[cfg(unix)]
    ptr: *const u8,
    #[cfg(unix)]
    len: usize,
    #[cfg(not(unix))]
    data: Vec<u8>,
}

// The mapping is read-only and private: sharing it between threads is
// sharing a `&[u8]`.
#[cfg(unix)]
unsafe impl Send for Mapped {}
#[cfg(unix)]
unsafe impl Sync for Mapped {}

impl Mapped {
    /// `path` mapped whole; none when it cannot be opened or mapped, or is
    /// empty.
    #[cfg(unix)]
    pub fn open(path: &Path) -> Option<Mapped> {
        use std::os::fd::AsRawFd;
        let file = std::fs::File::open(path).ok()?;
        let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
        if len == 0 {
            return None;
        }
        // SAFETY: a private read-only mapping of a whole file, unmapped in
        // `drop`. The files mapped are never rewritten in place (see the
        // module's documentation).
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        Some(Mapped {
            ptr: ptr as *const u8,
            len,
        })
    }

    /// `path` read whole; none when it cannot be read or is empty.
    #[cfg(not(unix))]
    pub fn open(path: &Path) -> Option<Mapped> {
        let data = std::fs::read(path).ok()?;
        (!data.is_empty()).then_some(Mapped { data })
    }

    /// The file's bytes.
    #[cfg(unix)]
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` maps `len` readable bytes for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    /// The file's bytes.
    #[cfg(not(unix))]
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }
}

#[cfg(unix)]
impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly what `open` mapped, once.
        unsafe {
            libc::munmap(self.ptr as *mut libc::c_void, self.len);
        }
    }
}
