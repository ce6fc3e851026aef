//! `cargo bench --bench diff`: the figures of `docs/benchmarks.md` for diffs.
//!
//! (a) Two 1 MB bill texts (one alinéa per line, real legal prose from the
//!     repository's article 8 ter data, numbered so that every line is
//!     distinct), with 5% and with 30% of their alinéas edited (one to three
//!     word edits each: replace, insert or delete, scattered). amendo's diff
//!     (alinéa alignment, then words) against
//!     `git diff --no-index --word-diff=porcelain` on the same two files, in
//!     one run; the ratio is amendo's median time over git's.
//! (b) `amendo diff` and `amendo show` as whole commands, cold (a new process
//!     each time), on a store with 300 articles and 15,000 amendments.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use amendo::diff::{self, Options};
use amendo::model::{Article, Line};

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Real alinéas: the paragraphs of amendment 640's new text.
fn real_paragraphs(repo: &Path) -> Vec<String> {
    let y =
        std::fs::read_to_string(repo.join("amendments/narcotrafic/an-1-seance/640.yaml")).unwrap();
    y.lines()
        .map(|l| l.trim().trim_start_matches('«').trim())
        .filter(|l| l.len() > 40 && !l.contains(':') || l.len() > 120)
        .map(str::to_owned)
        .collect()
}

fn bill_text(paragraphs: &[String], bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < bytes {
        let l = format!("{}° {}", i + 1, paragraphs[i % paragraphs.len()]);
        total += l.len() + 1;
        out.push(l);
        i += 1;
    }
    out
}

fn edit(lines: &[String], percent: usize, rng: &mut Rng) -> Vec<String> {
    const WORDS: [&str; 8] = [
        "notamment",
        "le cas échéant",
        "préfet",
        "ministre",
        "trois",
        "dix",
        "délai",
        "L. 851‑4",
    ];
    lines
        .iter()
        .map(|l| {
            if rng.below(100) >= percent {
                return l.clone();
            }
            let mut words: Vec<String> = l.split(' ').map(str::to_owned).collect();
            for _ in 0..1 + rng.below(3) {
                let at = 1 + rng.below(words.len() - 1);
                let w = WORDS[rng.below(WORDS.len())].to_owned();
                match rng.below(3) {
                    0 => words[at] = w,
                    1 => words.insert(at, w),
                    _ if words.len() > 3 => {
                        words.remove(at);
                    }
                    _ => words[at] = w,
                }
            }
            words.join(" ")
        })
        .collect()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn article(lines: &str) -> Article {
    Article {
        id: "bill".into(),
        number: "1".into(),
        lines: lines.lines().map(|l| Line::Alinea(l.to_owned())).collect(),
    }
}

fn word_diff(repo: &Path, dir: &Path, percent: usize) {
    let paragraphs = real_paragraphs(repo);
    let old = bill_text(&paragraphs, 1 << 20);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ percent as u64);
    let new = edit(&old, percent, &mut rng);
    let a = dir.join("old.txt");
    let b = dir.join("new.txt");
    std::fs::write(&a, old.join("\n") + "\n").unwrap();
    std::fs::write(&b, new.join("\n") + "\n").unwrap();
    let runs = 7;
    let mut ours = Vec::new();
    let mut changed = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (x, y) = (
            std::fs::read_to_string(&a).unwrap(),
            std::fs::read_to_string(&b).unwrap(),
        );
        let d = diff::diff_articles(Some(&article(&x)), Some(&article(&y)), &Options::default());
        changed = d.entries.iter().filter(|e| e.is_change()).count();
        assert!(!d.cut_short);
        ours.push(start.elapsed());
    }
    let mut git = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let out = Command::new("git")
            .args(["diff", "--no-index", "--word-diff=porcelain"])
            .arg(&a)
            .arg(&b)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "git found differences");
        git.push(start.elapsed());
    }
    let (o, g) = (median(ours), median(git));
    println!(
        "(a) {percent}% of alinéas edited ({} alinéas, {:.2} MB, {changed} changed entries): amendo {:.1} ms, git word-diff {:.1} ms, ratio {:.2}",
        old.len(),
        std::fs::metadata(&a).unwrap().len() as f64 / 1e6,
        o.as_secs_f64() * 1e3,
        g.as_secs_f64() * 1e3,
        o.as_secs_f64() / g.as_secs_f64()
    );
}

fn command(root: &Path, args: &[&str]) -> Duration {
    let exe = env!("CARGO_BIN_EXE_amendo");
    let start = Instant::now();
    let out = Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    let t = start.elapsed();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    t
}

fn commands() {
    let dir = tempfile::tempdir().unwrap();
    amendo::synth::generate(dir.path(), 300, 15_000, 42).unwrap();
    command(dir.path(), &["build"]);
    for args in [
        &[
            "diff",
            "synthetic",
            "1er",
            "--from",
            "depot",
            "--to",
            "seance",
        ][..],
        &["diff", "synthetic", "--from", "depot", "--to", "seance"][..],
        &[
            "--format",
            "json",
            "diff",
            "synthetic",
            "--from",
            "depot",
            "--to",
            "seance",
        ][..],
        &["show", "synthetic", "CL7"][..],
        &["show", "synthetic", "9000"][..],
        &["--format", "html", "show", "synthetic", "2"][..],
    ] {
        let times: Vec<Duration> = (0..7).map(|_| command(dir.path(), args)).collect();
        let first = times[0];
        println!(
            "(b) amendo {}: first run {:.1} ms, median of 7 {:.1} ms",
            args.join(" "),
            first.as_secs_f64() * 1e3,
            median(times).as_secs_f64() * 1e3
        );
    }
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    // AMENDO_BENCH=a or b runs one part (for profiling).
    let only = std::env::var("AMENDO_BENCH").unwrap_or_default();
    if only != "b" {
        for percent in [5, 30] {
            word_diff(repo, dir.path(), percent);
        }
    }
    if only != "a" {
        commands();
    }
}
