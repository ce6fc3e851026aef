//! The `amendo` binary: parses arguments, calls the library, maps errors to
//! exit codes (0 success, 1 changes found, 2 error).

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{CommandFactory, Parser};

use amendo::pipeline::{self, BuildError, BuildOptions};
use amendo::query::{self, BillQuery};
use amendo::render::diff::{DiffFormat, Doc, Settings};
use amendo::render::lang::Lang;
use amendo::render::{self, Format, Term};
use amendo::store;
use amendo::{EXIT_CHANGES, EXIT_ERROR, EXIT_OK, import, source};

use cli::{Cli, ColorArg, Command, FormatArg, Layout, TextOrJson};

/// A failure that has already been reported in full (diagnostics).
#[derive(Debug)]
struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("reported")
    }
}

impl std::error::Error for Reported {}

/// Huge pages turned off before anything is allocated: `main` comes after
/// the runtime's first allocation (the main thread's name), which makes
/// mimalloc reserve and touch its first arena, on a huge page if they are
/// still on (2 MB cleared: a tenth of a whole-bill diff's time).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static BEFORE_MAIN: extern "C" fn() = {
    extern "C" fn before_main() {
        amendo::no_huge_pages();
    }
    before_main
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        amendo::keep_freed_memory();
    }
    match run(&cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) if e.is::<Reported>() => ExitCode::from(EXIT_ERROR as u8),
        Err(e) => {
            eprintln!("amendo: {e:#}");
            ExitCode::from(EXIT_ERROR as u8)
        }
    }
}

/// Writes a command's output: through the pager on a terminal when it is
/// longer than the screen (unless `--no-pager`); a closed pipe is not an error.
fn emit_with(cli: &Cli, s: &str) -> Result<()> {
    render::pager::emit(s, !cli.no_pager).context("cannot write to standard output")
}

/// Writes without a pager (JSON, XML, generated files).
fn emit(s: &str) -> Result<()> {
    render::pager::emit(s, false).context("cannot write to standard output")
}

fn store_path(cli: &Cli) -> PathBuf {
    cli.store
        .clone()
        .unwrap_or_else(|| store::default_path(&cli.root))
}

/// The format of a command that writes text or JSON: its own `--format`,
/// else one given before the command, which must be one it writes.
fn format(cli: &Cli, own: Option<TextOrJson>) -> Result<Format> {
    match (own, cli.format) {
        (Some(TextOrJson::Text), _) | (None, None) | (None, Some(FormatArg::Text)) => {
            Ok(Format::Text)
        }
        (Some(TextOrJson::Json), _) | (None, Some(FormatArg::Json)) => Ok(Format::Json),
        (None, Some(other)) => {
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

/// The width of text output: `--width` (clamped), else the terminal's, else
/// 100 when writing to a pipe or a file.
fn width(cli: &Cli) -> usize {
    use render::layout::{PIPE_WIDTH, clamp_width};
    use std::io::IsTerminal;
    match cli.width {
        Some(w) => clamp_width(w),
        None if std::io::stdout().is_terminal() => terminal_size::terminal_size()
            .map_or(PIPE_WIDTH, |(w, _)| clamp_width(usize::from(w.0))),
        None => PIPE_WIDTH,
    }
}

fn term(cli: &Cli) -> Term {
    Term {
        width: width(cli),
        color: color(cli),
    }
}

fn diff_settings(cli: &Cli, layout: &Layout, own: Option<FormatArg>) -> Settings {
    let format = match own.or(cli.format).unwrap_or(FormatArg::Text) {
        FormatArg::Text => DiffFormat::Text,
        FormatArg::Json => DiffFormat::Json,
        FormatArg::Unified => DiffFormat::Unified,
        FormatArg::SideBySide => DiffFormat::SideBySide,
        FormatArg::Markdown => DiffFormat::Markdown,
        FormatArg::Html => DiffFormat::Html,
    };
    Settings {
        format,
        color: color(cli) && matches!(format, DiffFormat::Text | DiffFormat::SideBySide),
        width: width(cli),
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

/// Writes text through the pager, JSON straight.
fn output(cli: &Cli, format: Format, s: &str) -> Result<()> {
    match format {
        Format::Text => emit_with(cli, s),
        Format::Json => emit(s),
    }
}

fn run(cli: &Cli) -> Result<i32> {
    match &cli.command {
        Command::Check { format: own } => {
            let format = format(cli, *own)?;
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
            match format {
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
                    emit_with(cli, &out)?;
                }
            }
            Ok(EXIT_OK)
        }
        Command::Build {
            format: own,
            out,
            no_site,
        } => {
            let options = BuildOptions {
                root: cli.root.clone(),
                store: store_path(cli),
                site: (!*no_site).then(|| BuildOptions::site_for(&cli.root, out.clone())),
            };
            let format = format(cli, *own)?;
            amendo::progress::enable(
                format == Format::Text && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            );
            let report = match pipeline::build(&options) {
                Ok(r) => r,
                Err(BuildError::Sources(diags)) => {
                    eprintln!("{diags}");
                    return Err(anyhow!(Reported));
                }
                Err(e) => return Err(e.into()),
            };
            match format {
                Format::Json => emit(&render::to_json(&report))?,
                Format::Text => emit(&render::build::text(
                    &report,
                    &options.store,
                    options.site.as_ref().map(|s| s.out.as_path()),
                ))?,
            }
            Ok(EXIT_OK)
        }
        Command::Serve { port, out, open } => serve(cli, *port, out.clone(), *open),
        Command::Bills { format: own } => {
            let format = format(cli, *own)?;
            let store = query::open_store(&store_path(cli))?;
            let list = query::discover::bills(&store)?;
            output(
                cli,
                format,
                &render::discover::bills(&list, format, &term(cli)),
            )?;
            Ok(EXIT_OK)
        }
        Command::Stages { bill, format: own } => {
            let format = format(cli, *own)?;
            let (meta, list) = with_bill(cli, bill, |q| Ok((q.meta.clone(), q.stages()?)))?;
            output(
                cli,
                format,
                &render::discover::stages(&meta, &list, format, &term(cli)),
            )?;
            Ok(EXIT_OK)
        }
        Command::Amendments {
            bill,
            article,
            stage,
            group,
            author,
            outcome,
            ballot,
            format: own,
        } => {
            let format = format(cli, *own)?;
            let (meta, list) = with_bill(cli, bill, |q| {
                let filter = query::AmendmentFilter {
                    article: article.clone(),
                    stage: stage.clone(),
                    group: group.clone(),
                    author: author.clone(),
                    outcome: outcome
                        .as_deref()
                        .map(query::discover::parse_outcome)
                        .transpose()?,
                    ballot: *ballot,
                };
                Ok((q.meta.clone(), q.amendment_list(&filter)?))
            })?;
            output(
                cli,
                format,
                &render::discover::amendments(&meta, &list, format, &term(cli)),
            )?;
            Ok(EXIT_OK)
        }
        Command::Ballots { bill, format: own } => {
            let format = format(cli, *own)?;
            let (meta, list) = with_bill(cli, bill, |q| Ok((q.meta.clone(), q.ballots()?)))?;
            output(
                cli,
                format,
                &render::discover::ballots(&meta, &list, format, &term(cli)),
            )?;
            Ok(EXIT_OK)
        }
        Command::Ballot {
            bill,
            number,
            format: own,
        } => {
            let format = format(cli, *own)?;
            let (meta, view) = with_bill(cli, bill, |q| Ok((q.meta.clone(), q.ballot(number)?)))?;
            output(
                cli,
                format,
                &render::discover::ballot(&meta, &view, format, &term(cli)),
            )?;
            Ok(EXIT_OK)
        }
        Command::Log {
            bill,
            article,
            at,
            format: own,
        } => {
            let format = format(cli, *own)?;
            // A whole bill's log as text needs its overview only (counts),
            // not every amendment's record.
            let text = with_bill(cli, bill, |q| {
                let until = at.as_deref().map(|s| q.stage(s)).transpose()?;
                Ok(match (article, format) {
                    (None, Format::Text) => {
                        render::log::render_overview(&q.overview()?, &term(cli), until)
                    }
                    _ => render::log::render(
                        &q.history(article.as_deref())?,
                        format,
                        &term(cli),
                        until,
                    ),
                })
            })?;
            output(cli, format, &text)?;
            Ok(EXIT_OK)
        }
        Command::Text {
            bill,
            article,
            at,
            format: own,
        } => {
            let format = format(cli, *own)?;
            let (meta, view) = with_bill(cli, bill, |q| {
                let v = q.text(article, at.as_deref())?;
                Ok((q.meta.clone(), v))
            })?;
            for note in render::text::notes(&meta, &view) {
                eprintln!("amendo: {note}");
            }
            output(cli, format, &render::text::render(&meta, &view, format))?;
            Ok(EXIT_OK)
        }
        Command::Diff {
            bill,
            article,
            from,
            to,
            layout,
            exit_code,
            format: own,
        } => {
            amendo::timing::phase("diff: start");
            let settings = diff_settings(cli, layout, *own);
            let (meta, view) = with_bill(cli, bill, |q| {
                Ok((
                    q.meta.clone(),
                    q.diff(article.as_deref(), from.as_deref(), to.as_deref())?,
                ))
            })?;
            let doc = Doc {
                bill,
                from: view.from.clone(),
                to: view.to.clone(),
                diff: &view.diff,
                all: article.is_some(),
                lang: Lang::of(&meta),
                article: view.article.as_ref().map(|a| (&meta, a)),
            };
            amendo::timing::phase("diff: compare");
            let text = render::diff::render(&doc, &settings);
            amendo::timing::phase("diff: render");
            match settings.format {
                DiffFormat::Text | DiffFormat::SideBySide => emit_with(cli, &text)?,
                _ => emit(&text)?,
            }
            amendo::timing::phase("diff: write");
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
            format: own,
        } => {
            let settings = diff_settings(cli, layout, *own);
            let (meta, view) = with_bill(cli, bill, |q| Ok((q.meta.clone(), q.show(amendment)?)))?;
            let data = render::show::ShowData {
                bill: &meta,
                view: &view,
            };
            let text = render::show::render(&data, &settings);
            match settings.format {
                DiffFormat::Text | DiffFormat::SideBySide => emit_with(cli, &text)?,
                _ => emit(&text)?,
            }
            Ok(EXIT_OK)
        }
        Command::Parse {
            file,
            additional,
            format: own,
        } => parse(format(cli, *own)?, file.as_deref(), *additional),
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
        Command::Watch {
            watchlists,
            all,
            dry_run,
            exec,
            format: own,
        } => watch(cli, watchlists, *all, *dry_run, exec.as_deref(), *own),
        Command::Blame {
            bill,
            article,
            at,
            format: own,
        } => {
            let format = format(cli, *own)?;
            let (meta, b) = with_bill(cli, bill, |q| {
                Ok((q.meta.clone(), q.blame(article, at.as_deref())?))
            })?;
            output(
                cli,
                format,
                &render::blame::render(&meta, &b, format, &term(cli)),
            )?;
            Ok(EXIT_OK)
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "amendo", &mut out);
            emit(&String::from_utf8_lossy(&out))?;
            Ok(EXIT_OK)
        }
        Command::Man { dir } => {
            match dir {
                None => {
                    let mut out = Vec::new();
                    clap_mangen::Man::new(Cli::command())
                        .render(&mut out)
                        .context("cannot render the manual page")?;
                    emit(&String::from_utf8_lossy(&out))?;
                }
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    clap_mangen::generate_to(Cli::command(), dir).with_context(|| {
                        format!("cannot write the pages into {}", dir.display())
                    })?;
                }
            }
            Ok(EXIT_OK)
        }
    }
}

/// `amendo watch`: each watchlist's new events, delivered and recorded.
fn watch(
    cli: &Cli,
    paths: &[PathBuf],
    all: bool,
    dry_run: bool,
    exec: Option<&str>,
    own: Option<cli::WatchFormat>,
) -> Result<i32> {
    use amendo::watch::{self, WatchError, list::Format as WatchFormat};
    // Its own --format, else one given before the command, else the
    // watchlist's `deliver.format`.
    let format = match (own, cli.format) {
        (Some(f), _) => Some(match f {
            cli::WatchFormat::Text => WatchFormat::Text,
            cli::WatchFormat::Json => WatchFormat::Json,
            cli::WatchFormat::Markdown => WatchFormat::Markdown,
            cli::WatchFormat::Atom => WatchFormat::Atom,
        }),
        (None, Some(FormatArg::Text)) => Some(WatchFormat::Text),
        (None, Some(FormatArg::Json)) => Some(WatchFormat::Json),
        (None, Some(FormatArg::Markdown)) => Some(WatchFormat::Markdown),
        (None, Some(_)) => {
            return Err(anyhow!(
                "`amendo watch` writes text, json, markdown or atom (`amendo watch --format atom`)"
            ));
        }
        (None, None) => None,
    };
    let lists = watch::load_all(&cli.root, paths).map_err(|diags| {
        eprintln!("{diags}");
        anyhow!(Reported)
    })?;
    let options = watch::Options {
        all,
        dry_run,
        format,
        exec: exec.map(str::to_owned),
        color: color(cli),
        width: width(cli),
    };
    let store = query::open_store(&store_path(cli))?;
    let mut derived = None;
    let mut found = false;
    let mut out = std::io::stdout().lock();
    for list in &lists {
        match watch::run(&store, list, &options, &mut derived, &mut out) {
            Ok(report) => found |= report.delivered > 0,
            Err(WatchError::Invalid(diags)) => {
                eprintln!("{diags}");
                return Err(anyhow!(Reported));
            }
            // The reader stopped reading (`| head`): it was being given
            // changes, since only changes are written after the first.
            Err(WatchError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                return Ok(EXIT_CHANGES);
            }
            Err(e) => return Err(anyhow!("watchlist {}: {e}", list.path.display())),
        }
    }
    Ok(if found { EXIT_CHANGES } else { EXIT_OK })
}

/// `amendo serve`: build, serve, rebuild on change, until Ctrl-C.
fn serve(cli: &Cli, port: u16, out: Option<PathBuf>, open: bool) -> Result<i32> {
    let options = BuildOptions {
        root: cli.root.clone(),
        store: store_path(cli),
        site: Some(BuildOptions::site_for(&cli.root, out)),
    };
    let (store, site_out) = (
        options.store.clone(),
        options.site.as_ref().map(|s| s.out.clone()),
    );
    let server = amendo::serve::Server::start(options, port, move |event| match event {
        amendo::serve::Event::Built(report, took) => {
            eprint!(
                "{}",
                render::build::text(report, &store, site_out.as_deref())
            );
            eprintln!("built in {:.2} s", took.as_secs_f64());
        }
        amendo::serve::Event::Failed(BuildError::Sources(diags)) => {
            eprintln!("{diags}\nthe previous site is still served");
        }
        amendo::serve::Event::Failed(e) => {
            eprintln!("amendo: {e}\nthe previous site is still served");
        }
    })?;
    let url = format!("http://{}/", server.addr());
    eprintln!("serving {url} (Ctrl-C to stop); watching bills/, amendments/, site/, watch/");
    if open && let Err(e) = amendo::serve::open_browser(&url) {
        eprintln!("amendo: cannot open a browser ({e}); open {url} yourself");
    }
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .context("cannot catch Ctrl-C")?;
    let _ = rx.recv();
    eprintln!("stopping: letting a running build finish");
    server.stop();
    Ok(EXIT_OK)
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
    let format = format(cli, safety.format)?;
    amendo::progress::enable(
        format == Format::Text && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    // The AN importer counts the files it reads; the others, which read a
    // few files, show a spinner.
    let reading = (!matches!(what, cli::Import::An { .. }))
        .then(|| amendo::progress::Progress::new("read", None));
    let report = match what {
        cli::Import::An { dir, bill, .. } => import::an::plan(&cli.root, dir, bill)?,
        cli::Import::Lafabrique { dir, .. } => import::lafabrique::plan(dir)?,
        cli::Import::Senat { file, bill, .. } => import::senat::plan(&cli.root, file, bill)?,
        cli::Import::Akn {
            files, bill, stage, ..
        } => import::akn::plan_import(&cli.root, files, bill.as_deref(), stage.as_deref())?,
    };
    drop(reading);
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
        Some(lock) => import::publish(lock, &report.plan)?,
        None => import::dry_run(&cli.root, &report.plan)?,
    };
    let elapsed = started.elapsed();
    match format {
        Format::Json => emit(&render::to_json(&render::import::json(
            &report, &published, elapsed,
        )))?,
        Format::Text => emit(&render::import::text(&report, &published, elapsed))?,
    }
    Ok(EXIT_OK)
}

/// `amendo parse`: an instruction to operations.
fn parse(format: Format, file: Option<&std::path::Path>, additional: bool) -> Result<i32> {
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
