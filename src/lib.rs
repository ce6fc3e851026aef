//! amendo: a legislative text diff and amendment tracker.
//!
//! Sources (`bills/`, `amendments/`) are loaded and validated by [`source`]
//! into the [`model`]; [`history`] orders a bill's stages and amendments and
//! computes the text each one produces, using the amendment [`engine`];
//! [`store`] writes that history into a deterministic bare git repository and
//! reads it back; [`query`] answers each question of the front ends once
//! (stages, articles followed by stable id, stories, amendments, diffs);
//! [`render`] turns those answers into text or JSON for the command line, with [`diff`] comparing two versions of a text;
//! [`site`] renders them as a static site, in the bill's language
//! ([`i18n`]); [`import`] turns parliaments' open data into sources. See
//! `ARCHITECTURE.md`.

#![warn(missing_docs)]

pub mod blame;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod fault;
pub mod history;
pub mod i18n;
pub mod import;
pub mod kept;
pub mod mapped;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod query;
pub mod readings;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod store;
pub mod synth;
pub mod watch;
pub mod yaml;

/// mimalloc instead of the system's allocator, for every program built on
/// the library (the binary, its tests and benchmarks, `amendo serve`
/// measured in process): queries make and drop many small strings and
/// vectors (tokens, spans, rendered lines), and malloc and free were a fifth
/// of a whole-bill diff's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process; the binary does it
/// before its runtime starts (whose first allocation would take a huge page
/// for mimalloc's first arena), the benchmarks that run amendo in process
/// first thing.
/// mimalloc asks the kernel for huge pages on its arenas, and every first
/// touch of one then clears 2 MB: a build that edits one amendment spent 0.5
/// to 1.3 s of system time clearing pages it barely used (0.3 to 0.4 s
/// without), and a whole-bill diff took twice as long in some runs. amendo's
/// runs are short and its working sets small: ordinary pages serve it better.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes
    // nothing but this process's huge-page policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc's option that delays, in milliseconds, returning freed memory
/// to the system; -1 never returns it (`mi_option_purge_delay` in the
/// `mi_option_e` list of mimalloc 3's `mimalloc.h`, which the `mimalloc`
/// crate builds; its Rust bindings do not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory this process frees for its own later allocations
/// instead of returning it to the system, for a command that runs once and
/// exits: mimalloc returns freed memory a second after (by default), each
/// time with a system call that flushes the address translations of every
/// core running the process, and the next allocation there takes the pages
/// again. A build that edits one of the budget bill's 14,521 amendments ran
/// in 0.90 – 0.93 s keeping the memory, against 0.96 – 1.20 s giving it back
/// (its peak memory the same, some 370 MB). `amendo serve`, which runs for
/// hours, leaves it as it is.
pub fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's options, a plain integer it reads when
    // it decides whether to return memory.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

/// Exit code: success, nothing to report.
pub const EXIT_OK: i32 = 0;
/// Exit code: changes found (`watch`, `diff --exit-code`).
pub const EXIT_CHANGES: i32 = 1;
/// Exit code: an error (bad sources, bad arguments, store problems).
pub const EXIT_ERROR: i32 = 2;
pub mod timing;

#[cfg(test)]
mod tests {
    /// The option [`super::keep_freed_memory`] sets is mimalloc's purge
    /// delay: its default (1000 ms) sits at that place of mimalloc's list.
    #[test]
    fn the_option_kept_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one of mimalloc's options.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
