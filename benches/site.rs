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

fn data() -> PathBuf {
    std::env::var_os("AMENDO_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    )
}

/// The first amendment file of the project (by path), to edit.
fn first_amendment(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.into_iter().find_map(|p| {
        if p.is_dir() {
            first_amendment(&p)
        } else {
            p.extension().is_some_and(|x| x == "yaml").then_some(p)
        }
    })
}

/// Builds four times: cold (store and site), with nothing changed, after
/// one amendment's explanation was edited (store and site again: only the
/// pages that show it are rendered, only its search shard indexed), and
/// the store alone (`--no-site`) for comparison.
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
    let file = first_amendment(&root.join("amendments")).expect("an amendment file");
    let text = fs::read_to_string(&file).unwrap();
    // One word added to the explanation (a block scalar's first line, or
    // the line itself), or an explanation added.
    let mut edited: Vec<String> = text.lines().map(str::to_owned).collect();
    match edited.iter().position(|l| l.starts_with("explanation:")) {
        Some(i) if edited[i].ends_with('|') || edited[i].ends_with("|-") => {
            edited[i + 1].push_str(" (modifié)")
        }
        Some(i) => edited[i].push_str(" (modifié)"),
        None => edited.push("explanation: Exposé ajouté pour la mesure.".to_owned()),
    }
    fs::write(&file, edited.join("\n") + "\n").unwrap();
    let (t, peak, out) = amendo(root, &["build"]);
    println!(
        "{name} build, one amendment edited ({}): {t:.2} s, peak {}",
        file.strip_prefix(root).unwrap_or(&file).display(),
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
    let data = data();
    let unpacked = tmp.path().join("plf2025-data");
    fs::create_dir_all(&unpacked).unwrap();
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(data.join("an-plf2025/amendements.tar.xz"))
        .arg("-C")
        .arg(&unpacked)
        .status()
        .expect("tar with xz");
    assert!(status.success());
    let root = tmp.path().join("plf2025");
    fs::create_dir_all(root.join("bills/plf2025")).unwrap();
    fs::write(
        root.join("bills/plf2025/bill.yaml"),
        "title: Projet de loi de finances pour 2025\njurisdiction: fr\nlanguage: fr\nstages:\n  - id: depot\n    label: Texte déposé (n° 324)\n    chamber: assemblee\n    kind: introduced\n    date: 2024-10-10\n    number: \"324\"\n    text: depot.md\n  - id: an-1\n    label: Assemblée nationale, première lecture (texte n° 873)\n    chamber: assemblee\n    kind: floor\n    date: 2025-01-31\n    number: \"873\"\n  - id: an-1-suite\n    label: Assemblée nationale, suite de la première lecture\n    chamber: assemblee\n    kind: floor\n    date: 2025-12-31\n",
    )
    .unwrap();
    fs::write(
        root.join("bills/plf2025/depot.md"),
        "> [!GAP] The text of the bill is not in this dataset: amendments are shown, not applied.\n",
    )
    .unwrap();
    let src = unpacked.display().to_string();
    let (t, _, _) = amendo(&root, &["import", "an", &src, "--bill", "plf2025"]);
    println!("plf2025 import: {t:.2} s");
    measure("plf2025 (14,522 amendments)", &root);
}
