//! Prints the evaluation of returning provisions (docs/watch.md) on the
//! La Fabrique bills of the repository: `cargo run --release --example watch_eval`.

use std::path::Path;

use amendo::source;
use amendo::watch::eval;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = match source::load_project(root) {
        Ok(p) => p,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(2);
        }
    };
    let bills: Vec<_> = project
        .bills
        .into_iter()
        .filter(|b| {
            b.bill
                .notes
                .iter()
                .any(|n| n.contains("amendo import lafabrique"))
        })
        .collect();
    let report = eval::evaluate(&bills);
    let corpus = eval::corpus(&bills);
    println!(
        "{} bills, {} struck articles, {} returns in the ground truth, {} reported, {} right: recall {:.1} %, precision {:.1} %\n",
        bills.len(),
        report.cases.len(),
        report.truths,
        report.reported,
        report.hits,
        100.0 * report.recall(),
        100.0 * report.precision()
    );
    println!("| bill | article | struck at | returns at (ids) | found at | score | |");
    println!("|---|---|---|---|---|---|---|");
    for c in &report.cases {
        if c.struck.returns.is_none() && c.found.is_none() && c.struck.reused.is_none() {
            continue;
        }
        let b = bills.iter().find(|b| b.bill.slug == c.struck.bill).unwrap();
        let stage = |i: usize| b.bill.stages[i].id.clone();
        let verdict = match (c.hit(), c.struck.returns, &c.found) {
            (true, _, _) => "found",
            (false, Some(_), None) => "MISSED",
            (false, None, None) => "not a return (number reused)",
            (false, None, Some(_)) => "FALSE POSITIVE",
            _ => "WRONG PLACE",
        };
        println!(
            "| {} | {} (`{}`) | {} | {} | {} | {} | {} ({} content words) |",
            c.struck.bill,
            c.struck.number,
            c.struck.id,
            stage(c.struck.stage),
            match (c.struck.returns, c.struck.reused) {
                (Some(k), _) => stage(k),
                (None, Some((k, o))) => format!(
                    "— ({} has another provision, word overlap {o:.2})",
                    stage(k)
                ),
                _ => "—".into(),
            },
            c.found.as_ref().map_or("—".into(), |f| format!(
                "{} (art. {}, `{}`)",
                stage(f.stage),
                f.number,
                f.id
            )),
            c.found
                .as_ref()
                .map_or("—".into(), |f| format!("{:.2}", f.score)),
            verdict,
            eval::content_words(&corpus, &c.struck.text)
        );
    }
    println!("\nSensitivity (score needed, for short texts, margin): recall, precision\n");
    println!("| threshold | short texts | margin | recall | precision |");
    println!("|---|---|---|---|---|");
    for (long, short, margin) in [
        (0.25, 0.5, 0.05),
        (0.3, 0.5, 0.05),
        (0.33, 0.5, 0.05),
        (0.4, 0.5, 0.05),
        (0.5, 0.5, 0.05),
        (0.33, 0.33, 0.05),
        (0.33, 0.5, 0.0),
        (0.33, 0.5, 0.1),
    ] {
        let r = eval::evaluate_with(
            &bills,
            eval::Thresholds {
                long,
                short,
                margin,
            },
        );
        println!(
            "| {long} | {short} | {margin} | {:.1} % ({}/{}) | {:.1} % ({}/{}) |",
            100.0 * r.recall(),
            r.hits,
            r.truths,
            100.0 * r.precision(),
            r.hits,
            r.reported
        );
    }
}
