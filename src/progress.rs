//! Progress bars on a terminal (indicatif), for the steps of a build or an
//! import that can last: reading an import's input, staging and checking
//! its files, loading the sources, writing the store, rendering the site,
//! indexing it for search.
//!
//! Off unless the binary turns it on ([`enable`]: `amendo build` and
//! `amendo import` with text output and standard error a terminal), so a library call, a pipe or
//! `--format json` never sees one. A bar stays hidden for its first second:
//! a step that ends sooner prints nothing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// How long a step runs before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Turns progress bars on (or off) for this process.
pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// One step's bar: hidden until the step has lasted [`DELAY`], cleared when
/// dropped.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar counting `total` items (pages, files), or a spinner when
    /// `total` is None.
    pub fn new(label: &str, total: Option<u64>) -> Progress {
        let bar = ENABLED.load(Ordering::Relaxed).then(|| {
            let bar = match total {
                Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::hidden())
                    .with_style(
                        ProgressStyle::with_template(
                            "{prefix:>6} [{bar:30}] {pos}/{len} ({eta} left)",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                    ),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
                    .with_style(
                        ProgressStyle::with_template("{prefix:>6} {spinner} {msg} ({elapsed})")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    ),
            };
            bar.set_prefix(label.to_owned());
            bar
        });
        let p = Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        };
        if total.is_none()
            && let Some(b) = &p.bar
        {
            // A spinner moves on its own; it still shows only after DELAY.
            let bar = b.clone();
            std::thread::spawn(move || {
                std::thread::sleep(DELAY);
                if !bar.is_finished() {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        p
    }

    /// Says what the step is doing now (a spinner's message).
    pub fn message(&self, text: &str) {
        if let Some(b) = &self.bar {
            b.set_message(text.to_owned());
        }
    }

    /// Counts `n` more items done. Safe to call from several threads.
    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
            if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= DELAY {
                self.shown.store(true, Ordering::Relaxed);
                b.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_by_default_a_bar_draws_nothing() {
        let p = Progress::new("site", Some(10));
        assert!(p.bar.is_none());
        p.inc(3);
    }
}
