//! `cargo bench --bench build`: times `amendo build` on the bundled data and
//! on a generated bill (300 articles, 15,000 amendments), cold and warm, and
//! prints the store's size; then, on the generated bill with its site, the
//! incremental builds: nothing changed, one amendment edited, one stage text
//! edited. The figures go in `docs/benchmarks.md`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn amendo(root: &Path, args: &[&str]) -> f64 {
    let exe = env!("CARGO_BIN_EXE_amendo");
    let start = Instant::now();
    let out = Command::new(exe)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run amendo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed().as_secs_f64()
}

fn size(dir: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        total += if p.is_dir() {
            size(&p)
        } else {
            e.metadata().map(|m| m.len()).unwrap_or(0)
        };
    }
    total
}

fn report(name: &str, root: &Path) {
    let cold = amendo(root, &["build"]);
    let warm = amendo(root, &["build"]);
    let log = amendo(
        root,
        &[
            "log",
            if name == "bundled" {
                "narcotrafic"
            } else {
                "synthetic"
            },
        ],
    );
    let store = size(&root.join(".amendo/store.git"));
    println!(
        "{name}: build cold {cold:.3} s, rebuild {warm:.3} s, log {log:.3} s, store {:.1} MiB",
        store as f64 / 1048576.0
    );
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = tempfile::tempdir().unwrap();
    for dir in ["bills", "amendments"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(repo.join(dir))
            .arg(bundled.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    report("bundled", bundled.path());
    let synth = tempfile::tempdir().unwrap();
    amendo::synth::generate(synth.path(), 300, 15_000, 42).unwrap();
    report("synthetic 300 articles / 15,000 amendments", synth.path());
    incremental();
}

/// Store and site together: a cold build, a build with nothing changed, one
/// amendment's explanation edited, another's outcome edited (which the
/// pages listing amendments show), one alinéa of a stage text edited.
fn incremental() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    amendo::synth::generate(root, 300, 15_000, 42).unwrap();
    let cold = amendo(root, &["build"]);
    let nothing = amendo(root, &["build"]);
    let amendment = root.join("amendments/synthetic/seance/1.yaml");
    let text = std::fs::read_to_string(&amendment).unwrap();
    let edited = text
        .lines()
        .map(|l| {
            if l.starts_with("explanation:") {
                "explanation: Exposé modifié."
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&amendment, edited + "\n").unwrap();
    let one_amendment = amendo(root, &["build"]);
    // An edit the pages listing amendments show: another amendment's
    // outcome (rejected, now withdrawn).
    let other = root.join("amendments/synthetic/seance/2.yaml");
    let text = std::fs::read_to_string(&other).unwrap();
    assert!(text.contains("\noutcome: rejected\n"), "{text}");
    std::fs::write(
        &other,
        text.replace("\noutcome: rejected\n", "\noutcome: withdrawn\n"),
    )
    .unwrap();
    let one_outcome = amendo(root, &["build"]);
    let stage = root.join("bills/synthetic/depot.md");
    let text = std::fs::read_to_string(&stage).unwrap();
    let at = text.find(".\n").expect("an alinéa");
    std::fs::write(&stage, format!("{} Ajout.{}", &text[..at], &text[at..])).unwrap();
    let one_stage = amendo(root, &["build"]);
    let again = amendo(root, &["build"]);
    println!(
        "store and site: cold {cold:.3} s, nothing changed {nothing:.3} s, one amendment's explanation edited {one_amendment:.3} s, another's outcome edited {one_outcome:.3} s, one stage text edited {one_stage:.3} s, nothing changed {again:.3} s"
    );
}
