//! Renderers: what the command line prints, as text for people or JSON for
//! programs. Each takes the query layer's values and returns a `String`.
//!
//! Text is laid out in the width of a [`Term`] (`layout`), in the bill's
//! language (`lang`), and goes to the terminal through `pager`.

pub mod blame;
pub mod build;
pub mod check;
pub mod diff;
pub mod discover;
pub mod import;
pub use crate::i18n as lang;
pub mod layout;
pub mod log;
pub mod pager;
pub mod show;
pub mod style;
pub mod table;
pub mod text;

/// Output formats shared by the commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people, in a terminal.
    Text,
    /// A stable, documented JSON document (see `docs/json.md`).
    Json,
}

/// How text output is laid out: its width in columns and whether it is
/// coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// Columns.
    pub width: usize,
    /// ANSI colour.
    pub color: bool,
}

impl Term {
    /// Plain text in `width` columns (tests, files).
    pub fn plain(width: usize) -> Term {
        Term {
            width,
            color: false,
        }
    }
}

/// Pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}
