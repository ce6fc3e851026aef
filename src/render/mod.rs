//! Renderers: what the command line prints, as text for people or JSON for
//! programs. Each takes data read from the store and returns a `String`.

pub mod blame;
pub mod check;
pub mod diff;
pub mod import;
pub mod log;
pub mod show;
pub mod style;
pub mod text;

/// Output formats shared by the commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people, in a terminal.
    Text,
    /// A stable, documented JSON document (see `docs/json.md`).
    Json,
}

/// Pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}
