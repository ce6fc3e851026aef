//! The `amendo` binary: parses arguments, calls the library, maps errors to
//! exit codes (0 success, 1 changes found, 2 error).

mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::Parser;

use amendo::query::{self, BillQuery};
use amendo::render::diff::{DiffFormat, Doc, Settings};
use amendo::render::{self, Format};
use amendo::store;
use amendo::{EXIT_CHANGES, EXIT_ERROR, EXIT_OK, import, source};

use cli::{Cli, ColorArg, Command, FormatArg, Layout};

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

/// The format of a command that writes text or JSON only.
fn format(cli: &Cli) -> Result<Format> {
    match cli.format {
        FormatArg::Text => Ok(Format::Text),
        FormatArg::Json => Ok(Format::Json),
        other => {
            let name = clap::ValueEnum::to_possible_value(&other)
                .map(|v| v.get_name().to_owned())
                .unwrap_or_default();
            Err(anyhow!(
                "--format {name} is for `amendo diff` and `amendo show`; this command writes text or json"
            ))
        }
    }
}

/// Colour: `--color always|never`, or on a terminal unless NO_COLOR is set.
fn color(cli: &Cli) -> bool {
    use std::io::IsTerminal;
    match cli.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn diff_settings(cli: &Cli, layout: &Layout) -> Settings {
    let format = match cli.format {
        FormatArg::Text => DiffFormat::Text,
        FormatArg::Json => DiffFormat::Json,
        FormatArg::Unified => DiffFormat::Unified,
        FormatArg::SideBySide => DiffFormat::SideBySide,
        FormatArg::Markdown => DiffFormat::Markdown,
        FormatArg::Html => DiffFormat::Html,
    };
    let width = layout.width.unwrap_or_else(|| {
        terminal_size::terminal_size()
            .map(|(w, _)| usize::from(w.0))
            .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
            .unwrap_or(120)
            .clamp(20, 1000)
    });
    Settings {
        format,
        color: color(cli) && matches!(format, DiffFormat::Text | DiffFormat::SideBySide),
        width,
        context: layout.context,
    }
}

/// Opens the store and a bill in it.
fn with_bill<T>(
    cli: &Cli,
    bill: &str,
    f: impl FnOnce(&BillQuery) -> query::Result<T>,
) -> Result<T> {
    let store = query::open_store(&store_path(cli))?;
    let q = BillQuery::open(&store, bill)?;
    Ok(f(&q)?)
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
            let mut disagreements = Vec::new();
            for b in &project.bills {
                let h = amendo::history::compute(b);
                for d in amendo::history::disagreements(b, &h) {
                    disagreements.push((b.bill.slug.clone(), d));
                }
            }
            match format(cli)? {
                Format::Json => {
                    let list: Vec<serde_json::Value> = disagreements
                        .iter()
                        .map(|(bill, d)| {
                            let mut v = serde_json::to_value(d).unwrap_or_default();
                            v["bill"] = serde_json::Value::from(bill.as_str());
                            v
                        })
                        .collect();
                    emit(&render::to_json(&serde_json::json!({
                        "ok": true, "bills": project.bills.len(), "stages": stages,
                        "amendments": amendments, "disagreements": list
                    })))?;
                }
                Format::Text => {
                    let mut out = format!(
                        "ok: {} bill{}, {stages} stages, {amendments} amendments\n",
                        project.bills.len(),
                        if project.bills.len() == 1 { "" } else { "s" }
                    );
                    out.push_str(&render::check::disagreements(&disagreements));
                    emit(&out)?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::Build => {
            let project = load(cli)?;
            let path = store_path(cli);
            let started = std::time::Instant::now();
            let report = store::ingest(&project, &path)?;
            match format(cli)? {
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
            let history = with_bill(cli, bill, |q| q.history(article.as_deref()))?;
            emit(&render::log::render(&history, format(cli)?))?;
            Ok(EXIT_OK)
        }
        Command::Text { bill, article, at } => {
            let format = format(cli)?;
            let (view, stage) = with_bill(cli, bill, |q| {
                let v = q.text(article, at.as_deref())?;
                let stage = q.meta.stages[v.stage].id.clone();
                Ok((v, stage))
            })?;
            let a = &view.article;
            if a.is_partial() {
                eprintln!(
                    "amendo: article {} at stage `{stage}` is only partly known; gaps are marked […]",
                    a.number
                );
            }
            emit(&render::text::render(bill, &stage, a, format))?;
            Ok(EXIT_OK)
        }
        Command::Diff {
            bill,
            article,
            from,
            to,
            layout,
            exit_code,
        } => {
            let settings = diff_settings(cli, layout);
            let view = with_bill(cli, bill, |q| {
                q.diff(article.as_deref(), from.as_deref(), to.as_deref())
            })?;
            let doc = Doc {
                bill,
                from: view.from.clone(),
                to: view.to.clone(),
                diff: &view.diff,
                all: article.is_some(),
            };
            emit(&render::diff::render(&doc, &settings))?;
            if view.diff.cut_short() {
                eprintln!(
                    "amendo: some alinéas hit the word-diff time bound and are shown as coarser replacements"
                );
            }
            let changed = view.diff.changed().next().is_some();
            Ok(if *exit_code && changed {
                EXIT_CHANGES
            } else {
                EXIT_OK
            })
        }
        Command::Show {
            bill,
            amendment,
            layout,
        } => {
            let settings = diff_settings(cli, layout);
            let (meta, view) = with_bill(cli, bill, |q| Ok((q.meta.clone(), q.show(amendment)?)))?;
            let data = render::show::ShowData {
                bill: &meta,
                view: &view,
            };
            emit(&render::show::render(&data, &settings))?;
            Ok(EXIT_OK)
        }
        Command::Parse { file, additional } => parse(cli, file.as_deref(), *additional),
        Command::Import { what } => import(cli, what),
        Command::Export {
            what: cli::Export::Akn { bill, at },
        } => {
            let xml = with_bill(cli, bill, |q| {
                let si = q.stage_or_last(at.as_deref())?;
                let text = q.store.text_at(bill, &q.meta.stages[si].id)?;
                Ok(import::akn::export(&q.meta, si, &text))
            })?;
            emit(&xml)?;
            Ok(EXIT_OK)
        }
        Command::Blame { bill, article, at } => {
            let format = format(cli)?;
            let b = with_bill(cli, bill, |q| q.blame(article, at.as_deref()))?;
            emit(&render::blame::render(&b, format, color(cli)))?;
            Ok(EXIT_OK)
        }
    }
}

/// `amendo import …`: plan, report, then publish (unless refused or a dry run).
fn import(cli: &Cli, what: &cli::Import) -> Result<i32> {
    let started = std::time::Instant::now();
    let (cli::Import::An { safety, .. }
    | cli::Import::Lafabrique { safety, .. }
    | cli::Import::Senat { safety, .. }
    | cli::Import::Akn { safety, .. }) = what;
    // Held from before the project is read until the import is published.
    let (lock, _reading) = if safety.dry_run {
        (
            None,
            Some(import::journal::read_lock(&cli.root).map_err(|e| anyhow!(e))?),
        )
    } else {
        (Some(import::ProjectLock::acquire(&cli.root)?), None)
    };
    let report = match what {
        cli::Import::An { dir, bill, .. } => import::an::plan(&cli.root, dir, bill)?,
        cli::Import::Lafabrique { dir, .. } => import::lafabrique::plan(dir)?,
        cli::Import::Senat { file, bill, .. } => import::senat::plan(&cli.root, file, bill)?,
        cli::Import::Akn { file, bill, .. } => import::akn::plan(file, bill.as_deref())?,
    };
    let skipped = &report.skipped;
    for s in skipped {
        eprintln!("skipped {s}");
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if safety.strict && !skipped.is_empty() {
        eprintln!(
            "error: {} input file(s) skipped and --strict given: nothing was written",
            skipped.len()
        );
        return Ok(EXIT_ERROR);
    }
    let published = match &lock {
        Some(lock) => Some(import::publish(lock, &report.plan)?),
        None => None,
    };
    let elapsed = started.elapsed();
    match format(cli)? {
        Format::Json => emit(&render::to_json(&render::import::json(
            &report,
            published.as_ref(),
            elapsed,
        )))?,
        Format::Text => emit(&render::import::text(&report, published.as_ref(), elapsed))?,
    }
    Ok(EXIT_OK)
}

/// `amendo parse`: an instruction to operations.
fn parse(cli: &Cli, file: Option<&std::path::Path>, additional: bool) -> Result<i32> {
    let format = format(cli)?;
    let (name, input) = match file {
        None => ("<stdin>".to_owned(), read_stdin()?),
        Some(p) if p.as_os_str() == "-" => ("<stdin>".to_owned(), read_stdin()?),
        Some(p) => (
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
    };
    let is_yaml = file.is_some_and(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
    });
    // An amendment source: its instruction, where it starts in the file, and its target.
    let (instruction, origin, additional) = if is_yaml {
        #[derive(serde::Deserialize)]
        struct Source {
            article: String,
            instruction: String,
            #[serde(default)]
            parent: Option<String>,
        }
        let src: Source = amendo::yaml::from_str(&input)
            .map_err(|e| anyhow!("{name}:{}:{}: {}", e.pos.line, e.pos.column, e.message))?;
        let target = amendo::model::Target::parse(&src.article);
        // A sub-amendment amends its parent's text: never a new article.
        (
            src.instruction,
            instruction_origin(&input),
            additional || (target.position != amendo::model::Position::On && src.parent.is_none()),
        )
    } else {
        (input.clone(), Origin::default(), additional)
    };
    match amendo::engine::parse(&instruction, additional) {
        Ok(ops) => {
            match format {
                Format::Json => emit(&render::to_json(&serde_json::json!({ "operations": ops })))?,
                Format::Text => {
                    let mut out = String::new();
                    for (i, op) in ops.iter().enumerate() {
                        out.push_str(&format!("{}. {}\n", i + 1, op.summary()));
                    }
                    emit(&out)?;
                }
            }
            Ok(EXIT_OK)
        }
        Err(e) => {
            let (line, column) = e.line_column(&instruction);
            let pos = origin.locate(&input, line, column);
            let diagnostic = amendo::diagnostic::Diagnostic::at(&name, &input, pos, e.to_string());
            eprintln!("{diagnostic}");
            Ok(EXIT_ERROR)
        }
    }
}

/// Where an amendment source's instruction starts: the line of its key
/// (1-based; 0 for a bare instruction file) and whether it is a block scalar
/// (`instruction: |-`, its text on the lines below, indented).
#[derive(Clone, Copy, Debug, Default)]
struct Origin {
    key_line: usize,
    block: bool,
    /// For an instruction on the key's line: the column its text starts at.
    inline_column: usize,
}

fn instruction_origin(input: &str) -> Origin {
    let Some(i) = input.lines().position(|l| l.starts_with("instruction:")) else {
        return Origin::default();
    };
    let line = input.lines().nth(i).unwrap_or_default();
    let value = line["instruction:".len()..].trim_start();
    let start = line.len() - value.len();
    let quoted = value.starts_with(['"', '\'']);
    Origin {
        key_line: i + 1,
        block: value.starts_with(['|', '>']),
        inline_column: line[..start].chars().count() + usize::from(quoted),
    }
}

impl Origin {
    /// The position in the file of line `line`, column `column` of the instruction.
    fn locate(self, input: &str, line: usize, column: usize) -> amendo::diagnostic::Pos {
        use amendo::diagnostic::Pos;
        if self.key_line == 0 {
            return Pos::new(line, column);
        }
        if self.block {
            let at = self.key_line + line;
            let text = input.lines().nth(at - 1).unwrap_or_default();
            let indent = text.chars().count() - text.trim_start().chars().count();
            return Pos::new(at, column + indent);
        }
        // A one-line scalar: its text follows the key.
        Pos::new(self.key_line, column + self.inline_column)
    }
}

fn read_stdin() -> Result<String> {
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
        .context("cannot read standard input")?;
    Ok(s)
}
