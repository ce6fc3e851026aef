//! `cargo bench --bench import`: imports the real data of ../shared/data
//! (AMENDO_DATA to point elsewhere) into fresh projects and times each run,
//! with the peak memory when `/usr/bin/time` is there: the 2025 budget bill's
//! 14,522 amendments (unpacked from its tar.xz into a temporary folder, never
//! into the repository), then `amendo build` on them; the narcotrafic bill's
//! 1,676 amendments and 153 ballots; the La Fabrique corpus. The figures go
//! in `docs/benchmarks.md`.

mod common;

use std::fs;
use std::path::Path;
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

fn line<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find(|l| l.trim_start().starts_with(key))
        .unwrap_or("")
        .trim()
}

fn main() {
    let data = common::data();
    let tmp = tempfile::tempdir().unwrap();

    // The 2025 budget bill.
    let (root, unpacked) = common::plf2025_project(tmp.path());
    let src = unpacked.display().to_string();
    let (t, peak, out) = amendo(&root, &["import", "an", &src, "--bill", "plf2025"]);
    println!("plf2025 import: {t:.2} s, peak {}", mib(peak));
    for key in ["amendments:", "by outcome:", "by kind:", "by stage:"] {
        println!("  {}", line(&out, key));
    }
    let (t, peak, out) = amendo(&root, &["import", "an", &src, "--bill", "plf2025"]);
    println!(
        "plf2025 import again: {t:.2} s, peak {} ({})",
        mib(peak),
        line(&out, "Nothing to change")
    );
    let (t, peak, _) = amendo(&root, &["build"]);
    println!("plf2025 build: {t:.2} s, peak {}", mib(peak));

    // The narcotrafic bill, from its bill.yaml alone.
    let root = tmp.path().join("narcotrafic");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("bills/narcotrafic");
    fs::create_dir_all(root.join("bills/narcotrafic")).unwrap();
    for e in fs::read_dir(&from).unwrap().flatten() {
        fs::copy(e.path(), root.join("bills/narcotrafic").join(e.file_name())).unwrap();
    }
    let src = data.join("an-narcotrafic").display().to_string();
    let (t, peak, out) = amendo(&root, &["import", "an", &src, "--bill", "narcotrafic"]);
    println!("narcotrafic import: {t:.2} s, peak {}", mib(peak));
    for key in ["amendments:", "ballots linked", "by outcome:", "by kind:"] {
        println!("  {}", line(&out, key));
    }

    // La Fabrique de la Loi.
    let root = tmp.path().join("lafabrique");
    fs::create_dir_all(root.join("bills")).unwrap();
    let src = data.join("lafabrique").display().to_string();
    let (t, peak, out) = amendo(&root, &["import", "lafabrique", &src]);
    println!("lafabrique import: {t:.2} s, peak {}", mib(peak));
    for key in ["bills:", "stages:", "amendments:"] {
        println!("  {}", line(&out, key));
    }
}
