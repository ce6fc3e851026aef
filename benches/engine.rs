//! `cargo bench --bench engine`: the amendment engine on the narcotrafic
//! corpus (1,434 real dispositifs): parsing them all, and the whole history
//! of the bundled bill (every amendment and sub-amendment applied). Medians
//! of 15 runs; the figures go in `docs/benchmarks.md`.

use std::path::Path;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let corpus = include_str!("../tests/corpus/narcotrafic-dispositifs.jsonl");
    let rows: Vec<(String, bool)> = corpus
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let d = v["dispositif"].as_str()?.to_owned();
            let additional = v["position"].as_str().is_some_and(|p| p != "A");
            (!d.is_empty()).then_some((d, additional))
        })
        .collect();
    let bytes: usize = rows.iter().map(|(d, _)| d.len()).sum();
    let mut times = Vec::new();
    let mut parsed = 0;
    for _ in 0..15 {
        let start = Instant::now();
        parsed = rows
            .iter()
            .filter(|(d, a)| amendo::engine::parse(d, *a).is_ok())
            .count();
        times.push(start.elapsed().as_secs_f64());
    }
    let t = median(times);
    println!(
        "parse: {} dispositifs ({:.2} MB), {parsed} parsed, {:.1} ms, {:.1} µs each, {:.1} MB/s",
        rows.len(),
        bytes as f64 / 1e6,
        t * 1e3,
        t * 1e6 / rows.len() as f64,
        bytes as f64 / 1e6 / t
    );
    let project = amendo::source::load_project(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("the dataset loads");
    let mut times = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        for b in &project.bills {
            std::hint::black_box(amendo::history::compute(b));
        }
        times.push(start.elapsed().as_secs_f64());
    }
    println!(
        "history of the bundled bill ({} amendments, parse and apply): {:.2} ms",
        project
            .bills
            .iter()
            .map(|b| b.amendments.len())
            .sum::<usize>(),
        median(times) * 1e3
    );
}
