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
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// When to use colour (NO_COLOR also turns it off).
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
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
    Check,
    /// Ingest the sources into the store (incremental, atomic, locked).
    Build,
    /// Stages and amendments with outcomes and votes, oldest first.
    Log {
        /// The bill's slug.
        bill: String,
        /// One article, as printed ("8 ter").
        article: Option<String>,
    },
    /// An article's text at a stage, one alinéa per line.
    Text {
        /// The bill's slug.
        bill: String,
        /// The article, as printed ("8 ter").
        article: String,
        /// The stage (default: the last one).
        #[arg(long, value_name = "STAGE")]
        at: Option<String>,
    },
    /// Word-level diff of an article, or the whole bill, between two stages.
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
        /// Exit with 1 when the texts differ, 0 when they do not.
        #[arg(long)]
        exit_code: bool,
    },
    /// An amendment and the diff of what it does, or would have done.
    Show {
        /// The bill's slug.
        bill: String,
        /// The amendment's number ("CL44", "640"), or STAGE/NUMBER when the
        /// number exists at several stages.
        amendment: String,
        #[command(flatten)]
        layout: Layout,
    },
    /// An amendment's instruction (dispositif) as structured operations, or
    /// an error pointing at the words that could not be read.
    Parse {
        /// A file holding the instruction, blank lines between paragraphs, or
        /// an amendment source (`.yaml`); `-` or nothing for standard input.
        file: Option<PathBuf>,
        /// The instruction inserts an additional article (its target is
        /// "avant" or "après" an article); an amendment source says so itself.
        #[arg(long)]
        additional: bool,
    },
    /// Export a bill's text from the store.
    Export {
        /// The format.
        #[command(subcommand)]
        what: Export,
    },
    /// Import parliamentary open data into source files (bills/, amendments/).
    Import {
        /// What to import.
        #[command(subcommand)]
        what: Import,
    },
    /// Each alinéa of an article with the stage or amendment that last changed it.
    Blame {
        /// The bill's slug.
        bill: String,
        /// The article, as printed ("8 ter").
        article: String,
        /// The stage (default: the last one).
        #[arg(long, value_name = "STAGE")]
        at: Option<String>,
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
    /// An Akoma Ntoso 3.0 document (final or draft namespace) as a new bill
    /// with one stage.
    Akn {
        /// The AKN XML file.
        file: PathBuf,
        /// The new bill's slug (default: from the file name).
        #[arg(long)]
        bill: Option<String>,
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
}

/// How a diff is laid out.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct Layout {
    /// Unchanged alinéas shown around each change (text, unified,
    /// side-by-side, markdown), at most 100000.
    #[arg(long, default_value_t = 3, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=100_000))]
    pub context: usize,
    /// Total width for side-by-side, 20 to 1000 (default: the terminal's,
    /// else 120).
    #[arg(long, value_name = "COLUMNS",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(20..=1000))]
    pub width: Option<usize>,
}
