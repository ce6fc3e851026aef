//! `cargo bench --bench site`: the static site's build time, peak memory,
//! page count and size, for the repository's bills and for the 2025 budget
//! bill's 14,522 amendments (imported from ../shared/data/an-plf2025 into a
//! temporary folder, never into the repository; AMENDO_DATA to point
//! elsewhere). Each build is a new `amendo build` process timed on the wall
//! clock, with the peak memory from `/usr/bin/time` when it is there; the
//! site's own time is the one `amendo build` prints for it. The figures go
//! in `docs/benchmarks.md`.

mod common;
use common::copy_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs amendo; returns (seconds, peak KiB when known, stdout).
fn amendo(root: &Path, args: &[&str]) -> (f64, Option<u64>, String) {
    let exe = env!("CARGO_BIN_EXE_amendo");
    let timer = Path::new("/usr/bin/time");
    let mut cmd = if timer.exists() {
        let mut c = Command::new(timer);
        c.args(["-f", "peak-kib %M"]).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let start = Instant::now();
    let out = cmd
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run amendo");
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let peak = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak-kib ")?.trim().parse().ok());
    (
        secs,
        peak,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn mib(k: Option<u64>) -> String {
    k.map_or("n/a".to_owned(), |k| {
        format!("{:.0} MiB", k as f64 / 1024.0)
    })
}

fn site_line(out: &str) -> &str {
    out.lines()
        .find(|l| l.starts_with("site "))
        .unwrap_or("")
        .trim()
}

/// The first file under `dir` (by path, all the way down) that `accept`s.
fn first_file(dir: &Path, accept: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.into_iter().find_map(|p| {
        if p.is_dir() {
            first_file(&p, accept)
        } else {
            accept(&p).then_some(p)
        }
    })
}

/// Builds: cold (store and site), with nothing changed, after one
/// amendment's explanation was edited, three times (store and site again:
/// only the pages that show it are rendered, only its search shard
/// indexed; the median and every run reported), after
/// one stage text was edited, and the store alone (`--no-site`) for
/// comparison.
fn measure(name: &str, root: &Path) {
    let lines = |out: &str| -> String {
        out.lines()
            .filter(|l| l.starts_with("site ") || l.starts_with("search index"))
            .map(|l| format!("  {}", l.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (t, peak, out) = amendo(root, &["build"]);
    println!("{name} build, cold: {t:.2} s, peak {}", mib(peak));
    println!("{}", lines(&out));
    let (t, peak, out) = amendo(root, &["build"]);
    println!(
        "{name} build, nothing changed: {t:.2} s, peak {}",
        mib(peak)
    );
    println!("  {}", site_line(&out));
    let is = |p: &Path, ext: &str| p.extension().is_some_and(|x| x == ext);
    let file = first_file(&root.join("amendments"), &|p| is(p, "yaml")).expect("an amendment file");
    let text = fs::read_to_string(&file).unwrap();
    // One word added to the explanation (a block scalar's first line, or
    // the line itself), or an explanation added; three times, each build
    // after its own edit (one build is one sample of a noisy machine: the
    // median is reported, with every run).
    let mut runs = Vec::new();
    let mut last = String::new();
    for round in 1..=3 {
        let word = format!(" (modifié {round})");
        let mut edited: Vec<String> = text.lines().map(str::to_owned).collect();
        match edited.iter().position(|l| l.starts_with("explanation:")) {
            Some(i) if edited[i].ends_with('|') || edited[i].ends_with("|-") => {
                edited[i + 1].push_str(&word)
            }
            Some(i) => edited[i].push_str(&word),
            None => edited.push(format!("explanation: Exposé ajouté pour la mesure{word}.")),
        }
        fs::write(&file, edited.join("\n") + "\n").unwrap();
        let (t, peak, out) = amendo(root, &["build"]);
        runs.push((t, peak));
        last = out;
    }
    let mut times: Vec<f64> = runs.iter().map(|r| r.0).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{name} build, one amendment edited ({}): {:.2} s (median of 3: {}), peak {}",
        file.strip_prefix(root).unwrap_or(&file).display(),
        times[1],
        runs.iter()
            .map(|r| format!("{:.2}", r.0))
            .collect::<Vec<_>>()
            .join(", "),
        mib(runs.iter().filter_map(|r| r.1).max())
    );
    println!("{}", lines(&last));
    // One stage text edited: a word added to its first line that ends a
    // sentence (an alinéa, or a note on what the text lacks).
    let stage = first_file(&root.join("bills"), &|p| {
        is(p, "md") && fs::read_to_string(p).is_ok_and(|t| t.contains(".\n"))
    })
    .expect("a stage text");
    let text = fs::read_to_string(&stage).unwrap();
    let at = text.find(".\n").expect("a line ending in a full stop");
    fs::write(&stage, format!("{} Ajout.{}", &text[..at], &text[at..])).unwrap();
    let (t, peak, out) = amendo(root, &["build"]);
    println!(
        "{name} build, one stage text edited ({}): {t:.2} s, peak {}",
        stage.strip_prefix(root).unwrap_or(&stage).display(),
        mib(peak)
    );
    println!("{}", lines(&out));
    let (t, peak, _) = amendo(root, &["build", "--no-site"]);
    println!("{name} build --no-site: {t:.2} s, peak {}", mib(peak));
}
fn main() {
    let tmp = tempfile::tempdir().unwrap();

    // The repository's bills.
    let root = tmp.path().join("repository");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for top in ["bills", "amendments"] {
        copy_dir(&here.join(top), &root.join(top));
    }
    measure("repository (12 bills)", &root);

    // The 2025 budget bill.
    let (root, unpacked) = common::plf2025_project(tmp.path());
    let src = unpacked.display().to_string();
    let (t, _, _) = amendo(&root, &["import", "an", &src, "--bill", "plf2025"]);
    println!("plf2025 import: {t:.2} s");
    measure("plf2025 (14,522 amendments)", &root);
}
