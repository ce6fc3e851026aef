//! `cargo bench --bench cli`: the command line's speed targets, measured
//! side by side with git in one run, on the synthetic project
//! (`amendo-synth`: 300 articles, 15,000 amendments, seed 42):
//!
//! (1) the whole-bill diff between two stages, `amendo diff synthetic
//!     --from depot --to seance`, against `git diff --word-diff=porcelain`
//!     between the same two tags of amendo's own store;
//! (2) `amendo log synthetic`, the whole bill's log (15,000 amendments);
//! (3) the cold store build, `amendo build --no-site` into an empty store.
//!
//! Every figure is a whole process (as a reader runs it), median of 7 runs
//! (3 for the build; 15 for the diff, amendo's and git's alternating),
//! output to a pipe. `AMENDO_BENCH=diff|log|build` runs
//! one part (for profiling).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The CPU time (user + system) of this process's finished children, from
/// /proc (Linux; None elsewhere), in milliseconds (10 ms ticks).
fn children_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    // After the command name: state is field 3; cutime, cstime are 16, 17.
    let cutime: f64 = fields.get(13)?.parse().ok()?;
    let cstime: f64 = fields.get(14)?.parse().ok()?;
    Some((cutime + cstime) * 10.0)
}

/// CPU milliseconds per run of `cmd`, over `runs` runs (so the load of
/// other processes on the machine does not count).
fn cpu_per_run(runs: usize, mut cmd: impl FnMut() -> Command) -> Option<f64> {
    let before = children_cpu_ms()?;
    for _ in 0..runs {
        time(&mut cmd());
    }
    Some((children_cpu_ms()? - before) / runs as f64)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Runs a command to completion, its output to a pipe; its wall time.
fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let t = start.elapsed();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty() || cmd.get_args().any(|a| a == "build"));
    t
}

fn amendo(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_amendo"));
    c.arg("--root").arg(root);
    c
}

fn git(store: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("--git-dir").arg(store);
    c
}

fn main() {
    let only = std::env::var("AMENDO_BENCH").unwrap_or_default();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    amendo::synth::generate(root, 300, 15_000, 42).unwrap();
    let store = root.join(".amendo/store.git");

    if only.is_empty() || only == "build" {
        let runs: Vec<Duration> = (0..3)
            .map(|_| {
                let _ = std::fs::remove_dir_all(&store);
                time(amendo(root).args(["build", "--no-site"]))
            })
            .collect();
        println!(
            "(3) cold store build, 15,000 amendments: amendo build --no-site {:.0} ms (median of 3; runs {:?} ms)",
            ms(median(runs.clone())),
            runs.iter().map(|d| ms(*d).round()).collect::<Vec<_>>()
        );
    }
    if !store.exists() {
        time(amendo(root).args(["build", "--no-site"]));
    }

    if only.is_empty() || only == "diff" {
        let text_bytes: u64 = std::fs::read(root.join("bills/synthetic/depot.md"))
            .map(|b| b.len() as u64)
            .unwrap_or(0);
        let seance_bytes = git(&store)
            .args([
                "archive",
                "--format=tar",
                "refs/tags/synthetic/seance",
                "articles",
            ])
            .output()
            .map(|o| o.stdout.len())
            .unwrap_or(0);
        // Alternating, after one run of each to warm the caches: the
        // machine's speed drifts over a run, and both should see the same.
        let ours_cmd = || {
            let mut c = amendo(root);
            c.args(["diff", "synthetic", "--from", "depot", "--to", "seance"])
                .args(["--color", "never"]);
            c
        };
        let theirs_cmd = || {
            let mut c = git(&store);
            c.args([
                "diff",
                "--word-diff=porcelain",
                "refs/tags/synthetic/depot",
                "refs/tags/synthetic/seance",
                "--",
                "articles",
            ]);
            c
        };
        time(&mut ours_cmd());
        time(&mut theirs_cmd());
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..15 {
            ours.push(time(&mut ours_cmd()));
            theirs.push(time(&mut theirs_cmd()));
        }
        let (o, g) = (median(ours), median(theirs));
        if let (Some(oc), Some(gc)) = (cpu_per_run(20, ours_cmd), cpu_per_run(20, theirs_cmd)) {
            println!(
                "(1) CPU time per run (mean of 20): amendo {oc:.1} ms, git {gc:.1} ms, ratio {:.2}",
                oc / gc
            );
        }
        println!(
            "(1) whole-bill diff, 300 articles ({:.2} MB of text at depot; {:.2} MB tar of seance's articles): amendo {:.1} ms, git diff --word-diff=porcelain {:.1} ms, ratio {:.2} (medians of 15, alternating)",
            text_bytes as f64 / 1e6,
            seance_bytes as f64 / 1e6,
            ms(o),
            ms(g),
            o.as_secs_f64() / g.as_secs_f64()
        );
    }

    if only.is_empty() || only == "log" {
        let runs: Vec<Duration> = (0..7)
            .map(|_| time(amendo(root).args(["log", "synthetic"])))
            .collect();
        let json: Vec<Duration> = (0..7)
            .map(|_| time(amendo(root).args(["log", "synthetic", "--format", "json"])))
            .collect();
        let git_log: Vec<Duration> = (0..7)
            .map(|_| time(git(&store).args(["log", "--oneline", "refs/heads/synthetic"])))
            .collect();
        if let Some(c) = cpu_per_run(10, || {
            let mut c = amendo(root);
            c.args(["log", "synthetic"]);
            c
        }) {
            println!("(2) CPU time of amendo log per run (mean of 10): {c:.1} ms");
        }
        println!(
            "(2) log of the whole bill (15,000 amendments): amendo log {:.1} ms, --format json {:.1} ms; git log --oneline of its main line {:.1} ms",
            ms(median(runs)),
            ms(median(json)),
            ms(median(git_log))
        );
    }
}
