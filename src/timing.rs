//! Phase timings for whoever measures amendo: with `AMENDO_TIMINGS=1` in
//! the environment, each [`phase`] prints to standard error how long the
//! phase that ends there took (since the previous one ended), as
//! `amendo: timing: site: search 110.4 ms (cpu 180.2 ms)`, the second figure
//! the processor time the whole process spent meanwhile (on every core: above
//! the first, the phase ran in parallel; below, it waited). Without it, a
//! phase costs one
//! check of a flag read once. The build marks its phases with it; the
//! benchmark report's per-phase figures come from it.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("AMENDO_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// Ends the phase named `name` (and starts the next one). The first phase
/// of a process starts at its first call, which prints nothing.
pub fn phase(name: &str) {
    if !on() {
        return;
    }
    static LAST: Mutex<Option<(Instant, f64)>> = Mutex::new(None);
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let now = (Instant::now(), cpu_ms());
    if let Some(before) = *last {
        eprintln!(
            "amendo: timing: {name} {:.1} ms (cpu {:.1} ms)",
            (now.0 - before.0).as_secs_f64() * 1e3,
            now.1 - before.1
        );
    }
    *last = Some(now);
}

/// The processor time the process has used so far, on every thread, in
/// milliseconds (0 where the platform does not say).
fn cpu_ms() -> f64 {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec for the call to fill.
        if unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0 {
            return t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6;
        }
    }
    0.0
}

/// Prints how long `name`, a task run beside the phases (on another
/// thread), took since `start`; the phases' own clock is left alone.
pub fn beside(name: &str, start: Instant) {
    if on() {
        eprintln!(
            "amendo: timing: {name} {:.1} ms (beside)",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
}
