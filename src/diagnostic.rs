//! Diagnostics: user errors in sources, reported as `path:line:column: message`
//! with the offending line underneath.
//!
//! The loader never stops at the first problem: it collects every
//! [`Diagnostic`] in a [`Diagnostics`] list, and the command line prints them all
//! and exits with code 2. Nothing is written to the store while any remain.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a source file, 1-based, counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, starting at 1 (shown as 1 when 0: the problem concerns the
    /// whole file).
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

impl Pos {
    /// A position at `line`, `column`.
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos::new(line, before[line_start..].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem in one source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the project root when possible.
    pub path: PathBuf,
    /// Where in the file.
    pub pos: Pos,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The offending source line, when there is one.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file or folder: it points at its start,
    /// `1:1`, so every message reads `path:line:column: message`.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            pos: Pos::new(1, 1),
            message: message.into(),
            snippet: None,
        }
    }

    /// A diagnostic at `pos` in `source`, quoting the line.
    pub fn at(
        path: impl Into<PathBuf>,
        source: &str,
        pos: Pos,
        message: impl Into<String>,
    ) -> Diagnostic {
        let snippet = (pos.line > 0)
            .then(|| source.lines().nth(pos.line - 1))
            .flatten()
            .map(str::to_owned);
        Diagnostic {
            path: path.into(),
            pos,
            message: message.into(),
            snippet,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        write!(
            f,
            "{path}:{}:{}: {}",
            self.pos.line.max(1),
            self.pos.column.max(1),
            self.message
        )?;
        if let Some(snippet) = &self.snippet {
            let shown: String = snippet.chars().take(160).collect();
            let ellipsis = if shown.len() < snippet.len() {
                "…"
            } else {
                ""
            };
            write!(f, "\n  {:>5} | {shown}{ellipsis}", self.pos.line)?;
            if self.pos.column > 0 && self.pos.column <= 160 {
                write!(f, "\n        | {}^", " ".repeat(self.pos.column - 1))?;
            }
        }
        Ok(())
    }
}

/// Every problem found in one run, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorts by file then position, so output is stable.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.path, a.pos, &a.message).cmp(&(&b.path, b.pos, &b.message)));
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} in the sources; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// `path` relative to `root` when it is below it, for shorter messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "ab\n« cd »\nx";
        let off = text.find("cd").unwrap();
        assert_eq!(Pos::of_offset(text, off), Pos::new(2, 3));
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
    }

    #[test]
    fn display_shows_line_and_caret() {
        let d = Diagnostic::at("a.yaml", "x: 1\ny: 2\n", Pos::new(2, 4), "bad");
        let s = d.to_string();
        assert!(s.starts_with("a.yaml:2:4: bad"), "{s}");
        assert!(s.contains("| y: 2"), "{s}");
        assert!(s.contains("|    ^"), "{s}");
    }
}
