//! File names derived from input data.
//!
//! An importer names files after what it reads: a bill's slug, a stage id,
//! an amendment's or a ballot's number. Those come from files downloaded
//! from the internet, so every one goes through [`file_name`] before it is
//! joined to a path. It only ever returns a name that is one plain path
//! component: it cannot climb out of the folder it is joined to, cannot be
//! an absolute path, a device or a hidden file, and means the same file on
//! Linux, macOS and Windows. Anything else is refused with the reason, and
//! the importer skips the input that carried it (so `--dry-run` reports it
//! and `--strict` refuses the import).
//!
//! [`check_path`] applies the same rule to every component of a planned
//! path: [`super::publish`] checks the whole plan with it before it writes
//! anything, so an importer that forgot to call [`file_name`] still cannot
//! write outside the bill's folders.

use std::fmt;
use std::path::{Component, Path};

/// The longest name accepted, in bytes (file systems allow 255; the rest is
/// room for `.yaml` and for git's ref names).
pub const MAX_NAME: usize = 128;

/// What a name names, for the rules and the messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A bill's slug (`bills/<slug>/`): `[a-z0-9-]+`.
    Bill,
    /// A stage id (`<stage>.md`, `amendments/<bill>/<stage>/`): `[a-z0-9-]+`.
    Stage,
    /// An amendment number (`<number>.yaml`): letters, digits, `-_.`.
    Amendment,
    /// A ballot number (`ballots/<number>.yaml`): letters, digits, `-_.`.
    Ballot,
    /// Any other name (a person's or a file's): letters, digits, `-_.`.
    Other,
    /// A file or folder name an importer reads from its input folder and
    /// never writes (La Fabrique's step folders, `13_l.définitive_…`): any
    /// characters, as long as it is one component that stays in the folder.
    Input,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Bill => "bill slug",
            Kind::Stage => "stage id",
            Kind::Amendment => "amendment number",
            Kind::Ballot => "ballot number",
            Kind::Other => "name",
            Kind::Input => "input file name",
        }
    }
}

/// A name that cannot be used as a file name, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsafeName {
    /// What the name was for.
    pub kind: Kind,
    /// The name as read (control characters escaped, cut at 80 characters).
    pub name: String,
    /// Why it is refused.
    pub reason: &'static str,
}

impl fmt::Display for UnsafeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} `{}` cannot name a file: {}",
            self.kind.label(),
            self.name,
            self.reason
        )
    }
}

impl std::error::Error for UnsafeName {}

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `raw` when it is safe as one file name for `kind`, else why not.
///
/// Safe means: not empty, at most [`MAX_NAME`] bytes, no `/`, `\`, NUL or
/// other control character, not `.` or `..` and no `..` inside, not
/// starting with `.` (hidden, and ignored by the loader), not a Windows
/// device name (`CON`, `NUL`, `COM1`…), not ending in `.lock` (git's lock
/// files), and only the characters the kind allows.
pub fn file_name(kind: Kind, raw: &str) -> Result<&str, UnsafeName> {
    let refuse = |reason: &'static str| UnsafeName {
        kind,
        name: raw.chars().take(80).flat_map(char::escape_debug).collect(),
        reason,
    };
    if raw.is_empty() {
        return Err(refuse("it is empty"));
    }
    if raw.len() > MAX_NAME {
        return Err(refuse("it is longer than 128 bytes"));
    }
    if raw.contains('\0') {
        return Err(refuse("it contains a NUL character"));
    }
    if raw.contains(['/', '\\']) {
        return Err(refuse("it contains a path separator"));
    }
    if kind == Kind::Input {
        if raw == "." || raw == ".." {
            return Err(refuse("it is `.` or `..`"));
        }
        if raw.chars().any(char::is_control) {
            return Err(refuse("it contains a control character"));
        }
        return Ok(raw);
    }
    if raw == "." || raw == ".." || raw.contains("..") {
        return Err(refuse("it contains `..`"));
    }
    if raw.chars().any(char::is_control) {
        return Err(refuse("it contains a control character"));
    }
    if raw.starts_with('.') {
        return Err(refuse("it starts with `.`"));
    }
    let stem = raw.split('.').next().unwrap_or(raw).to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return Err(refuse("it is a device name on Windows"));
    }
    if raw.ends_with(".lock") {
        return Err(refuse("it ends in `.lock`, which git reserves"));
    }
    let allowed = match kind {
        Kind::Bill | Kind::Stage => {
            !raw.starts_with('-')
                && !raw.ends_with('-')
                && raw
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }
        Kind::Amendment | Kind::Ballot | Kind::Other | Kind::Input => raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')),
    };
    if !allowed {
        return Err(refuse(match kind {
            Kind::Bill | Kind::Stage => "use lower-case letters, digits and inner dashes",
            _ => "use letters, digits, `-`, `_` and `.`",
        }));
    }
    Ok(raw)
}

/// Checks a planned path, relative to the project's root: every component a
/// plain, safe name (the last one with its extension), nothing absolute,
/// no `..`.
pub fn check_path(rel: &Path) -> Result<(), String> {
    let shown = rel.display();
    let mut n = 0;
    for c in rel.components() {
        n += 1;
        let Component::Normal(part) = c else {
            return Err(format!(
                "{shown}: not a plain relative path (`..`, `.` or a root)"
            ));
        };
        let Some(part) = part.to_str() else {
            return Err(format!("{shown}: not valid UTF-8"));
        };
        file_name(Kind::Other, part).map_err(|e| format!("{shown}: {e}"))?;
    }
    if n == 0 {
        return Err("an empty path".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass() {
        for (kind, name) in [
            (Kind::Amendment, "CL44"),
            (Kind::Amendment, "I-123"),
            (Kind::Amendment, "D2-1"),
            (Kind::Amendment, "1.2_a"),
            (Kind::Ballot, "1234"),
            (Kind::Stage, "an-1-commission"),
            (Kind::Bill, "narcotrafic"),
        ] {
            assert_eq!(file_name(kind, name), Ok(name));
        }
    }

    #[test]
    fn names_that_leave_the_folder_or_mean_something_else_are_refused() {
        for name in [
            "",
            ".",
            "..",
            "../bill",
            "../../../../../../bills/other/bill",
            "a/b",
            "a\\b",
            "/etc/passwd",
            "C:",
            "a\0b",
            "a\nb",
            ".hidden",
            "x..y",
            "CON",
            "nul.txt",
            "Com1",
            "x.lock",
            "é",
            "a b",
            &"9".repeat(129),
        ] {
            assert!(
                file_name(Kind::Ballot, name).is_err(),
                "`{}` was accepted",
                name.escape_debug()
            );
        }
        assert!(file_name(Kind::Stage, "An-1").is_err());
        // Names only read from the input may hold any character.
        for name in [
            "13_l.définitive_assemblee_depot",
            "09_constitutionnalité_x_",
        ] {
            assert_eq!(file_name(Kind::Input, name), Ok(name));
        }
        for name in ["..", ".", "a/b", "../x", "a\0b", ""] {
            assert!(file_name(Kind::Input, name).is_err(), "{name}");
        }
        assert!(file_name(Kind::Bill, "-x").is_err());
        let e = file_name(Kind::Ballot, "../x").unwrap_err().to_string();
        assert_eq!(
            e,
            "ballot number `../x` cannot name a file: it contains a path separator"
        );
    }

    #[test]
    fn planned_paths_stay_relative_and_plain() {
        assert!(check_path(Path::new("amendments/b/s/CL1.yaml")).is_ok());
        assert!(check_path(Path::new("amendments/b/s/../../x.yaml")).is_err());
        assert!(check_path(Path::new("/etc/x")).is_err());
        assert!(check_path(Path::new("")).is_err());
    }
}
