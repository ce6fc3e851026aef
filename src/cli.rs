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
}
