//! The `amendo` binary: parses arguments, calls the library, maps errors to
//! exit codes (0 success, 1 changes found, 2 error).

mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::Parser;

use amendo::model::article_key;
use amendo::render::{self, Format};
use amendo::store::{self, Store};
use amendo::{EXIT_ERROR, EXIT_OK, source};

use cli::{Cli, Command, FormatArg};

/// A failure that has already been reported in full (diagnostics).
#[derive(Debug)]
struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("reported")
    }
}

impl std::error::Error for Reported {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if e.is::<Reported>() => ExitCode::from(EXIT_ERROR as u8),
        Err(e) => {
            eprintln!("amendo: {e:#}");
            ExitCode::from(EXIT_ERROR as u8)
        }
    }
}

/// Prints to stdout; a closed pipe (`amendo log | head`) is not an error.
fn emit(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

fn store_path(cli: &Cli) -> PathBuf {
    cli.store
        .clone()
        .unwrap_or_else(|| store::default_path(&cli.root))
}

fn format(cli: &Cli) -> Format {
    match cli.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
    }
}

fn load(cli: &Cli) -> Result<amendo::model::Project> {
    source::load_project(&cli.root).map_err(|diags| {
        eprintln!("{diags}");
        anyhow!(Reported)
    })
}

fn run(cli: &Cli) -> Result<i32> {
    match &cli.command {
        Command::Check => {
            let project = load(cli)?;
            let stages: usize = project.bills.iter().map(|b| b.bill.stages.len()).sum();
            let amendments: usize = project.bills.iter().map(|b| b.amendments.len()).sum();
            let summary = serde_json::json!({
                "ok": true, "bills": project.bills.len(), "stages": stages, "amendments": amendments
            });
            match format(cli) {
                Format::Json => emit(&render::to_json(&summary))?,
                Format::Text => emit(&format!(
                    "ok: {} bill{}, {stages} stages, {amendments} amendments\n",
                    project.bills.len(),
                    if project.bills.len() == 1 { "" } else { "s" }
                ))?,
            }
            Ok(EXIT_OK)
        }
        Command::Build => {
            let project = load(cli)?;
            let path = store_path(cli);
            let started = std::time::Instant::now();
            let report = store::ingest(&project, &path)?;
            match format(cli) {
                Format::Json => emit(&render::to_json(&report))?,
                Format::Text => emit(&format!(
                    "store {}: {} bill{}, {} stages, {} amendments; {} new objects, {} refs changed ({:.2} s)\n",
                    path.display(),
                    report.bills,
                    if report.bills == 1 { "" } else { "s" },
                    report.stages,
                    report.amendments,
                    report.new_objects,
                    report.refs_changed,
                    started.elapsed().as_secs_f64()
                ))?,
            }
            Ok(EXIT_OK)
        }
        Command::Log { bill, article } => {
            let store = Store::open(&store_path(cli))?;
            let meta = store.bill(bill)?;
            let texts = meta
                .stages
                .iter()
                .map(|s| store.text_at(bill, &s.id))
                .collect::<Result<Vec<_>, _>>()?;
            let amendments = store.amendments(bill, &meta)?;
            if let Some(n) = article {
                let known = texts.iter().any(|t| t.article_by_number(n).is_some())
                    || amendments
                        .iter()
                        .any(|a| article_key(&a.amendment.article.article) == article_key(n));
                if !known {
                    return Err(anyhow!(
                        "no article {n} in bill `{bill}` at any stage, and no amendment on it"
                    ));
                }
            }
            let data = render::log::LogData {
                bill: meta,
                texts,
                amendments,
            };
            emit(&render::log::render(&data, article.as_deref(), format(cli)))?;
            Ok(EXIT_OK)
        }
        Command::Text { bill, article, at } => {
            let store = Store::open(&store_path(cli))?;
            let meta = store.bill(bill)?;
            let stage = match at {
                Some(s) => meta.stage(s).ok_or_else(|| {
                    let ids: Vec<&str> = meta.stages.iter().map(|s| s.id.as_str()).collect();
                    anyhow!("no stage `{s}` in bill `{bill}`: it has {}", ids.join(", "))
                })?,
                None => meta
                    .stages
                    .last()
                    .ok_or_else(|| anyhow!("bill `{bill}` has no stage"))?,
            };
            let text = store.text_at(bill, &stage.id)?;
            let Some(a) = text.article_by_number(article) else {
                let partial = if text.is_partial() {
                    " (the text is only partly known)"
                } else {
                    ""
                };
                return Err(anyhow!(
                    "article {article} is not in the text of bill `{bill}` at stage `{}`{partial}",
                    stage.id
                ));
            };
            if a.is_partial() {
                eprintln!(
                    "amendo: article {} at stage `{}` is only partly known; gaps are marked […]",
                    a.number, stage.id
                );
            }
            emit(&render::text::render(bill, &stage.id, a, format(cli)))?;
            Ok(EXIT_OK)
        }
    }
}
