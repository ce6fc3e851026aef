//! Fault injection for crash tests.
//!
//! Every step that changes a file the user relies on (a rename, an unlink,
//! a write of the store or of the project's sources) calls [`step`] with a
//! name first. Steps are numbered from 1 in the order a run takes them.
//! With `AMENDO_FAILPOINT` set to a step's name or number, the process
//! aborts right there, as `kill -9` would stop it; with `AMENDO_FAULT_TRACE`
//! set, each step is printed on standard error (`fault step N: name`). The
//! crash tests (`tests/crash.rs`) run a command once per step, stopping it
//! at that step, and check what a later run finds. Without these variables
//! a step costs one atomic increment.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static STEPS: AtomicUsize = AtomicUsize::new(0);

struct Config {
    stop_at: Option<String>,
    trace: bool,
}

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config {
        stop_at: std::env::var("AMENDO_FAILPOINT").ok(),
        trace: std::env::var_os("AMENDO_FAULT_TRACE").is_some(),
    })
}

/// Marks a file-system step; aborts here when the crash tests ask for it.
pub fn step(name: &str) {
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    let c = config();
    if c.trace {
        eprintln!("fault step {n}: {name}");
    }
    if let Some(at) = &c.stop_at
        && (at == name || at.parse::<usize>() == Ok(n))
    {
        std::process::abort();
    }
}
