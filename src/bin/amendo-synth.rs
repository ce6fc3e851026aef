//! `amendo-synth DIR [ARTICLES] [AMENDMENTS] [SEED]`: writes a synthetic
//! project for benchmarks (default: 300 articles, 15,000 amendments).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: amendo-synth DIR [ARTICLES] [AMENDMENTS] [SEED]");
        return ExitCode::from(2);
    };
    let num = |i: usize, default: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    if dir.join("bills").exists() {
        eprintln!("amendo-synth: {} already holds a project", dir.display());
        return ExitCode::from(2);
    }
    match amendo::synth::generate(
        &dir,
        num(1, 300) as usize,
        num(2, 15_000) as usize,
        num(3, 42),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("amendo-synth: {e}");
            ExitCode::from(2)
        }
    }
}
