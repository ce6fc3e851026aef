//! `amendo-synth DIR [ARTICLES] [AMENDMENTS] [SEED]`: writes a synthetic
//! project for benchmarks (default: 300 articles, 15,000 amendments).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Writes a synthetic project (a bill of generated articles, three stages
/// and generated amendments) for benchmarks: the same arguments always
/// give the same project.
#[derive(Parser)]
#[command(name = "amendo-synth", version)]
struct Args {
    /// The folder to write the project into (it must not hold one).
    dir: PathBuf,
    /// How many articles the bill has.
    #[arg(default_value_t = 300)]
    articles: usize,
    /// How many amendments to write.
    #[arg(default_value_t = 15_000)]
    amendments: usize,
    /// The seed of the generator.
    #[arg(default_value_t = 42)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.dir.join("bills").exists() {
        eprintln!(
            "amendo-synth: {} already holds a project",
            args.dir.display()
        );
        return ExitCode::from(2);
    }
    match amendo::synth::generate(&args.dir, args.articles, args.amendments, args.seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("amendo-synth: {e}");
            ExitCode::from(2)
        }
    }
}
