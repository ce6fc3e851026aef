//! The command line, declared in one place with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// amendo: follow a bill's text through Parliament, amendment by amendment.
#[derive(Parser, Debug)]
#[command(name = "amendo", version, about, long_about = None)]
pub struct Cli {
    /// The project folder (holding bills/ and amendments/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The store (default: <root>/.amendo/store.git).
    #[arg(long, global = true, env = "AMENDO_STORE", value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// The output format, given before the command (`amendo --format json
    /// log BILL`); each command's own `--format` lists what it writes.
    #[arg(long = "format", value_enum, hide = true, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// When to use colour (NO_COLOR also turns it off).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Width of text output in columns (default: the terminal's; 100 when
    /// writing to a pipe or a file). Clamped to 50..=400.
    #[arg(long, global = true, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Never page the output (by default, text longer than the screen of a
    /// terminal goes through AMENDO_PAGER, PAGER or `less -FRX`).
    #[arg(long, global = true)]
    pub no_pager: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The formats of `diff` and `show`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For people.
    Text,
    /// For programs (documented in docs/json.md).
    Json,
    /// git-compatible unified diff (diff, show).
    Unified,
    /// Two columns, old and new (diff, show).
    SideBySide,
    /// Markdown (diff, show).
    Markdown,
    /// An HTML fragment (diff, show).
    Html,
}

/// The formats of `watch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WatchFormat {
    /// For people.
    Text,
    /// One JSON object per event and per line (docs/watch.md).
    Json,
    /// A digest ready to send by mail.
    Markdown,
    /// An Atom feed document.
    Atom,
}

/// The formats of the commands that write text or JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// For people.
    Text,
    /// For programs (documented in docs/json.md).
    Json,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate every source; exit 0, or 2 with every error.
    #[command(
        after_help = "Examples:\n  amendo check\n  amendo check --root ../my-project --format json"
    )]
    Check {
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// Ingest the sources into the store (incremental, atomic, locked), then
    /// render the static site from the store.
    #[command(
        after_help = "Examples:\n  amendo build\n  amendo build --out /srv/www\n  amendo build --no-site\n  AMENDO_STORE=/tmp/store.git amendo build"
    )]
    Build {
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
        /// Where to write the site (a folder amendo owns: files it did not write
        /// are removed; default: <root>/public).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Only ingest: do not render the site.
        #[arg(long)]
        no_site: bool,
    },
    /// Build, serve the site on 127.0.0.1, and rebuild it when a source
    /// changes (pages open in a browser reload themselves).
    #[command(after_help = "Examples:\n  amendo serve\n  amendo serve --port 8080 --open")]
    Serve {
        /// The port (0: any free port).
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// Where to write the site (default: <root>/public).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// The bills in the store, with their stages, amendments and ballots.
    #[command(after_help = "Examples:\n  amendo bills\n  amendo bills --format json")]
    Bills {
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// A bill's stages: ids (for --at, --from, --to), dates, texts, amendments.
    #[command(
        after_help = "Examples:\n  amendo stages narcotrafic\n  amendo stages pjl07-405 --format json"
    )]
    Stages {
        /// The bill's slug.
        bill: String,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// A bill's amendments, filtered by article, stage, group, author,
    /// outcome or ballot.
    #[command(
        after_help = "Examples:\n  amendo amendments narcotrafic \"8 ter\" --outcome adopted\n  amendo amendments narcotrafic \"après 8 ter\"\n  amendo amendments narcotrafic --group EcoS --ballot"
    )]
    Amendments {
        /// The bill's slug.
        bill: String,
        /// Only those on this article, as printed ("8 ter"), followed across
        /// renumbering; "après 8 ter" or "avant 8 ter" ("after", "before")
        /// for the additional articles proposed after or before it.
        article: Option<String>,
        /// Only those examined at this stage.
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// Only those of this group (short or full name, any case).
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        /// Only those with an author whose name holds this (any case or accents).
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        /// Only those with this outcome: adopted, rejected, withdrawn, fallen,
        /// not-moved, inadmissible, pending (or in French: adopté, rejeté…).
        #[arg(long, value_name = "OUTCOME")]
        outcome: Option<String>,
        /// Only those decided by a public ballot.
        #[arg(long)]
        ballot: bool,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// A bill's public ballots: number, stage, date, result, counts and what
    /// was put to the vote (an amendment, an article, the whole text…).
    #[command(
        after_help = "Examples:\n  amendo ballots narcotrafic\n  amendo ballots narcotrafic --format json"
    )]
    Ballots {
        /// The bill's slug.
        bill: String,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// A public ballot: its question, result, groups and each member's vote.
    #[command(
        after_help = "Examples:\n  amendo ballot narcotrafic 1102\n  amendo ballot narcotrafic 1194 --format json"
    )]
    Ballot {
        /// The bill's slug.
        bill: String,
        /// The ballot's number ("1102"), or STAGE/NUMBER.
        number: String,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// Stages and amendments with outcomes and votes, oldest first.
    #[command(
        after_help = "Examples:\n  amendo log narcotrafic \"8 ter\"\n  amendo log pjl07-405 \"1er A\" --at senat-1-seance"
    )]
    Log {
        /// The bill's slug.
        bill: String,
        /// One article, as printed at any stage ("8 ter"), followed across
        /// renumbering.
        article: Option<String>,
        /// Stop at this stage (default: tell every stage).
        #[arg(long, value_name = "STAGE")]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// An article's text at a stage, one alinéa per line.
    #[command(
        after_help = "Examples:\n  amendo text narcotrafic \"8 ter\" --at an-1-commission\n  amendo text pjl07-405 \"1er A\" --at cc --format json"
    )]
    Text {
        /// The bill's slug.
        bill: String,
        /// The article, as printed at any stage ("8 ter"), followed across
        /// renumbering.
        article: String,
        /// The stage (default: the last one).
        #[arg(long, value_name = "STAGE")]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// Word-level diff of an article, or the whole bill, between two stages.
    #[command(
        after_help = "Examples:\n  amendo diff narcotrafic \"8 ter\" --from senat-1 --to an-1-commission\n  amendo diff pjl07-405 --from senat-1-depot --to cc --format unified"
    )]
    Diff {
        /// The bill's slug.
        bill: String,
        /// One article, as printed ("8 ter"); the whole bill when absent.
        article: Option<String>,
        /// The old stage (default: the stage before --to).
        #[arg(long, value_name = "STAGE")]
        from: Option<String>,
        /// The new stage (default: the last stage).
        #[arg(long, value_name = "STAGE")]
        to: Option<String>,
        #[command(flatten)]
        layout: Layout,
        /// Exit with 1 when an article is known to have changed, 0 when none is.
        #[arg(long)]
        exit_code: bool,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<FormatArg>,
    },
    /// An amendment and the diff of what it does, or would have done: as
    /// tabled, and as put to the vote when sub-amendments were adopted.
    #[command(
        after_help = "Examples:\n  amendo show narcotrafic 640\n  amendo show narcotrafic an-1-seance/997 --format markdown"
    )]
    Show {
        /// The bill's slug.
        bill: String,
        /// The amendment's number ("CL44", "640"), or STAGE/NUMBER when the
        /// number exists at several stages.
        amendment: String,
        #[command(flatten)]
        layout: Layout,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<FormatArg>,
    },
    /// An amendment's instruction (dispositif) as structured operations, or
    /// an error pointing at the words that could not be read.
    #[command(
        after_help = "Examples:\n  amendo parse amendments/narcotrafic/an-1-seance/997.yaml\n  echo 'Supprimer cet article.' | amendo parse --format json"
    )]
    Parse {
        /// A file holding the instruction, blank lines between paragraphs, or
        /// an amendment source (`.yaml`); `-` or nothing for standard input.
        file: Option<PathBuf>,
        /// The instruction inserts an additional article (its target is
        /// "avant" or "après" an article); an amendment source says so itself.
        #[arg(long)]
        additional: bool,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// Export a bill's text from the store.
    #[command(
        after_help = "Examples:\n  amendo export akn narcotrafic\n  amendo export akn pjl07-405 --at senat-1-depot > depot.xml"
    )]
    Export {
        /// The format.
        #[command(subcommand)]
        what: Export,
    },
    /// Import parliamentary open data into source files (bills/, amendments/).
    #[command(
        after_help = "Examples:\n  amendo import an ../shared/data/an-narcotrafic --bill narcotrafic --dry-run\n  amendo import lafabrique ../shared/data/lafabrique"
    )]
    Import {
        /// What to import.
        #[command(subcommand)]
        what: Import,
    },
    /// What changed since the last run that matches each watchlist, oldest
    /// first; exit 1 when something new matched, 0 when nothing did.
    Watch {
        /// Watchlist files (relative to --root); default: every
        /// watch/*.yaml of the project.
        watchlists: Vec<PathBuf>,
        /// Every matching event from the beginning, without touching the state.
        #[arg(long)]
        all: bool,
        /// Report the new events without recording them.
        #[arg(long)]
        dry_run: bool,
        /// Run CMD (through sh) once per event with its JSON on standard
        /// input; the event is recorded only when CMD succeeds.
        #[arg(long, value_name = "CMD")]
        exec: Option<String>,
        /// Output format (default: the watchlist's `deliver.format`, else text).
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<WatchFormat>,
    },
    /// Each alinéa of an article with the stage or amendment that last changed it.
    #[command(
        after_help = "Examples:\n  amendo blame narcotrafic \"8 ter\" --at senat-1\n  amendo blame pjl07-405 \"1er\" --format json"
    )]
    Blame {
        /// The bill's slug.
        bill: String,
        /// The article, as printed at any stage ("8 ter"), followed across
        /// renumbering.
        article: String,
        /// The stage (default: the last one).
        #[arg(long, value_name = "STAGE")]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<TextOrJson>,
    },
    /// Shell completions, generated from these definitions, on standard output.
    #[command(
        after_help = "Examples:\n  amendo completions bash > ~/.local/share/bash-completion/completions/amendo\n  amendo completions zsh > ~/.zfunc/_amendo"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Manual pages (roff), generated from these definitions: amendo(1) on
    /// standard output, or one page per command into a folder.
    #[command(after_help = "Examples:\n  amendo man | man -l -\n  amendo man --dir target/man")]
    Man {
        /// Write amendo.1 and amendo-COMMAND.1 into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The importers.
#[derive(Subcommand, Debug)]
pub enum Import {
    /// Assemblée nationale open data: amendments, ballots (scrutins), people
    /// (acteurs) and bodies (organes), found anywhere under DIR.
    An {
        /// The folder holding the AN's JSON files.
        dir: PathBuf,
        /// The bill to import into (bills/BILL/bill.yaml must exist, with
        /// each amended text's `number:` on its stage).
        #[arg(long)]
        bill: String,
        #[command(flatten)]
        safety: ImportSafety,
    },
    /// Akoma Ntoso 3.0 (final or draft namespace): a bill or act document as
    /// a new bill with one stage, or amendment documents as amendments of an
    /// existing bill.
    #[command(
        after_help = "Examples:\n  amendo import akn ddl3.akn.xml --bill ddl3\n  amendo import akn emendamenti/ --bill ddl3 --stage senato-assemblea"
    )]
    Akn {
        /// The AKN XML file; for amendments, any number of files or folders
        /// (their .xml and .akn files).
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// For a bill document, the new bill's slug (default: from the file
        /// name); for amendments, the bill they amend.
        #[arg(long)]
        bill: Option<String>,
        /// For amendments: the stage that examined them (default: the stage
        /// after the one whose `number:` is the text they amend).
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        #[command(flatten)]
        safety: ImportSafety,
    },
    /// La Fabrique de la Loi corpus: one bill's folder (with
    /// viz/procedure.json) or a folder of them; every step's text and the
    /// amendments' metadata.
    Lafabrique {
        /// The bill folder, or a folder of bill folders.
        dir: PathBuf,
        #[command(flatten)]
        safety: ImportSafety,
    },
    /// The Sénat's amendments: its "jeu complet" CSV export (Windows-1252,
    /// tab-separated, `sep=` first line) or La Fabrique's Sénat JSON.
    Senat {
        /// The CSV or JSON file.
        file: PathBuf,
        /// The bill to import into (bills/BILL/bill.yaml must exist, with
        /// the amended Sénat text's `number:` on its stage).
        #[arg(long)]
        bill: String,
        #[command(flatten)]
        safety: ImportSafety,
    },
}

/// The exporters.
#[derive(Subcommand, Debug)]
pub enum Export {
    /// Akoma Ntoso 3.0 XML (final namespace), on standard output.
    Akn {
        /// The bill's slug.
        bill: String,
        /// The stage (default: the last one).
        #[arg(long, value_name = "STAGE")]
        at: Option<String>,
    },
}

/// What an import may do.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct ImportSafety {
    /// Refuse the whole import (write nothing) when any input file is
    /// skipped; by default skipped files are reported and the rest imported.
    #[arg(long)]
    pub strict: bool,
    /// Report what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
}

/// How a diff is laid out.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct Layout {
    /// Unchanged alinéas shown around each change (text, unified,
    /// side-by-side, markdown), at most 100000.
    #[arg(long, default_value_t = 3, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=100_000))]
    pub context: usize,
}
