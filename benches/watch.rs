//! `cargo bench --bench watch`: `amendo watch` on the 2025 budget bill's
//! store (its 14,522 amendments imported from ../shared/data, AMENDO_DATA to
//! point elsewhere, into a temporary folder, never into the repository) with
//! five watchlists: the first run (every event derived, the returning-
//! provision index built over every amendment, everything delivered and
//! recorded), a run with nothing new, a run after the store changed, and the
//! returning-provision index alone; each with its peak memory when
//! `/usr/bin/time` is there. The figures go in `docs/benchmarks.md`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs amendo; returns (seconds, peak KiB when known, stdout, exit code).
fn amendo(root: &Path, args: &[&str]) -> (f64, Option<u64>, String, i32) {
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
    let code = out.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "{stderr}");
    let peak = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak-kib ")?.trim().parse().ok());
    (
        secs,
        peak,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        code,
    )
}

fn mib(k: Option<u64>) -> String {
    k.map_or("n/a".to_owned(), |k| {
        format!("{:.0} MiB", k as f64 / 1024.0)
    })
}

/// This process's peak resident memory (Linux), for in-process phases.
fn peak_self() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or("n/a".to_owned(), |k| mib(Some(k)))
}

fn data() -> PathBuf {
    std::env::var_os("AMENDO_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    )
}

/// The five watchlists.
const LISTS: [(&str, &str); 5] = [
    (
        "ecologie",
        "title: Transition écologique\nbills: [plf2025]\nwords: [transition écologique, biodiversité, \"carbone*\", rénovation énergétique]\n",
    ),
    (
        "groupe",
        "title: Amendements d'un groupe\nbills: [plf2025]\ngroups: [LFI-NFP]\noutcomes: [adopted, rejected]\n",
    ),
    (
        "adoptes",
        "title: Amendements adoptés\nbills: [plf2025]\noutcomes: [adopted]\nevents: [decided, ballot]\n",
    ),
    (
        "retour",
        "title: Dispositions qui reviennent\nbills: [plf2025]\nevents: [returning]\n",
    ),
    ("tout", "title: Tout le projet de loi\nbills: [plf2025]\n"),
];

fn main() {
    let data = data();
    let tmp = tempfile::tempdir().unwrap();
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
    amendo(&root, &["import", "an", &src, "--bill", "plf2025"]);
    let (t, _, _, _) = amendo(&root, &["build"]);
    println!("plf2025 import and build: build {t:.2} s");
    fs::create_dir_all(root.join("watch")).unwrap();
    for (name, body) in LISTS {
        fs::write(root.join(format!("watch/{name}.yaml")), body).unwrap();
    }
    let lists: Vec<String> = LISTS
        .iter()
        .map(|(n, _)| format!("watch/{n}.yaml"))
        .collect();
    let mut args: Vec<&str> = vec!["--format", "json", "watch"];
    args.extend(lists.iter().map(String::as_str));

    // The returning-provision index alone, in this process: every event
    // derived first (not timed), then the index built over every struck or
    // turned-down text and every proposal looked up in it.
    {
        use amendo::watch::{derive, returning};
        let store = amendo::store::Store::open(&root.join(".amendo/store.git")).unwrap();
        let start = Instant::now();
        let view = derive::BillView::read(&store, "plf2025").unwrap();
        let events = derive::bill_events(&store, &view).unwrap();
        let derived = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let found = returning::returning_events(&[(&view, &events)], &|_| true);
        let indexed = start.elapsed().as_secs_f64();
        let provisions = returning::provisions(&events).len();
        let proposals = events.iter().filter(|e| returning::is_proposal(e)).count();
        // The index at the scale of every amendment: the budget bill's
        // amendments mostly move credits and have no text to compare, so
        // here every amendment's text is indexed (its instruction, or its
        // exposé when it has none) and every one is looked up.
        let texts: Vec<String> = view
            .amendments
            .iter()
            .map(|a| {
                let am = &a.amendment;
                if am.instruction.trim().is_empty() {
                    am.explanation.clone().unwrap_or_default()
                } else {
                    am.instruction.clone()
                }
            })
            .collect();
        let start = Instant::now();
        let mut corpus = amendo::watch::similar::Corpus::default();
        for t in &texts {
            corpus.add(t);
        }
        let mut index = amendo::watch::similar::Index::new(corpus);
        let indexed_all = texts.iter().filter(|t| index.insert(t).is_some()).count();
        let built = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let mut pairs = 0;
        for t in &texts {
            pairs += index.query(t).len();
        }
        println!(
            "index at full scale: {indexed_all} of {} amendment texts indexed ({} distinct) in {built:.2} s, all {} looked up in {:.2} s ({pairs} resembling distinct texts found, themselves included); peak of this process so far {}",
            texts.len(),
            index.len(),
            texts.len(),
            start.elapsed().as_secs_f64(),
            peak_self()
        );
        println!(
            "events derived in-process: {derived:.2} s ({} events from {} amendments)",
            events.len(),
            view.amendments.len()
        );
        println!(
            "returning-provision index: {indexed:.2} s for {provisions} struck or turned-down texts indexed and {proposals} proposals looked up, {} returning; peak of this process so far {}",
            found.len(),
            peak_self()
        );
    }

    // The same end to end: derived over every amendment, nothing recorded,
    // only returning events selected.
    let (t, peak, out, _) = amendo(
        &root,
        &[
            "--format",
            "json",
            "watch",
            "--dry-run",
            "watch/retour.yaml",
        ],
    );
    println!(
        "returning-provision index over the whole store (dry run, 1 watchlist): {t:.2} s, peak {}, {} returning events",
        mib(peak),
        out.lines().count()
    );

    let (t, peak, out, code) = amendo(&root, &args);
    println!(
        "first run, 5 watchlists: {t:.2} s, peak {}, {} events delivered and recorded (exit {code})",
        mib(peak),
        out.lines().count()
    );
    let mut times = Vec::new();
    for _ in 0..5 {
        let (t, peak, out, code) = amendo(&root, &args);
        assert_eq!((code, out.as_str()), (0, ""));
        times.push((t, peak));
    }
    let best = times.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
    let worst = times.iter().map(|t| t.0).fold(0.0, f64::max);
    println!(
        "nothing new, 5 watchlists: {best:.3} s to {worst:.3} s over 5 runs, peak {}",
        mib(times[0].1)
    );
    // The store changed (an amendment's outcome edited and rebuilt): every
    // event derived again, nothing new to deliver for most lists.
    let edited = fs::read_dir(root.join("amendments/plf2025"))
        .unwrap()
        .flatten()
        .flat_map(|d| fs::read_dir(d.path()).unwrap().flatten())
        .map(|e| e.path())
        .find(|p| {
            fs::read_to_string(p)
                .is_ok_and(|t| t.contains("outcome: rejected") && !t.contains("vote:"))
        })
        .expect("a rejected amendment");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(
        &edited,
        text.replace("outcome: rejected", "outcome: withdrawn"),
    )
    .unwrap();
    amendo(&root, &["build"]);
    let (t, peak, out, code) = amendo(&root, &args);
    println!(
        "after a change to one amendment, 5 watchlists: {t:.2} s, peak {}, {} new events (exit {code})",
        mib(peak),
        out.lines().count()
    );
}
