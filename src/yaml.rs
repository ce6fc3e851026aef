//! The one place that knows which YAML library amendo uses.
//!
//! Sources are read with `serde-saphyr` (maintained, never panics, reports
//! positions). The rest of the crate sees only [`from_str`], [`YamlError`] and
//! [`Located`], so the library can be swapped without touching the model.

use std::cell::Cell;

use serde::{Deserialize, Deserializer};

use crate::diagnostic::Pos;

/// A YAML or schema error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where the parser stopped (1-based), when known.
    pub pos: Pos,
    /// The parser's message, without the position.
    pub message: String,
}

/// Parses one YAML document into `T`; duplicate keys are errors.
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(|e| {
        let pos = e
            .location()
            .map(|l| Pos::new(l.line() as usize, l.column() as usize))
            .unwrap_or_default();
        let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
        let mut message = e.render_with_options(options);
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        YamlError {
            pos,
            message: plain(message.trim()),
        }
    })
}

/// The library's type names in its messages (« invalid u32 »), said in words.
fn plain(message: &str) -> String {
    let kind = message.strip_prefix("invalid ").unwrap_or("");
    let words = match kind {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            "invalid number: expected a whole number, 0 or more"
        }
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => {
            "invalid number: expected a whole number"
        }
        "f32" | "f64" | "float literal" => "invalid number: expected a number",
        _ => return message.to_owned(),
    };
    words.to_owned()
}

/// A value with the position of the YAML node it was read from, so that
/// checks made after parsing can still point at the right line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

impl<T> Located<T> {
    /// A value with no known position (made by a program, not read).
    pub fn unplaced(value: T) -> Located<T> {
        Located {
            value,
            pos: Pos::default(),
        }
    }
}

thread_local! {
    static WITH_POSITIONS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every [`Located`] value written and read with its
/// position, as `[value, line, column]`, in whatever format `f` uses: for
/// keeping what was parsed from YAML (a cache of parsed files), where the
/// position must come back with the value. Outside it, a `Located` is read
/// from YAML only and written as its value.
pub fn with_positions<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            WITH_POSITIONS.set(self.0);
        }
    }
    let _restore = Restore(WITH_POSITIONS.replace(true));
    f()
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if WITH_POSITIONS.get() {
            let (value, line, column) = <(T, usize, usize)>::deserialize(deserializer)?;
            return Ok(Located {
                value,
                pos: Pos::new(line, column),
            });
        }
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let l = spanned.referenced;
        Ok(Located {
            value: spanned.value,
            pos: Pos::new(l.line() as usize, l.column() as usize),
        })
    }
}

impl<T: serde::Serialize> serde::Serialize for Located<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if WITH_POSITIONS.get() {
            return (&self.value, self.pos.line, self.pos.column).serialize(serializer);
        }
        self.value.serialize(serializer)
    }
}

/// `s` as a YAML double-quoted scalar that reads back as exactly `s`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML does not accept raw, or reads as line breaks.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Appends `key: value` at `indent` spaces, the value as a literal block
/// (`|-`, one line per line) when it reads back exactly that way, and as a
/// double-quoted scalar otherwise (empty, or with characters or spacing a
/// block cannot hold).
pub fn write_text(out: &mut String, indent: usize, key: &str, value: &str) {
    let pad = " ".repeat(indent);
    let block_safe = !value.is_empty()
        && !value.starts_with([' ', '\t', '\n'])
        && !value.ends_with(['\n', ' ', '\t'])
        && !value.contains('\r')
        && !value.chars().any(|c| needs_escape(c) && c != '\n')
        && value
            .split('\n')
            .all(|l| l.is_empty() || !l.trim_matches([' ', '\t']).is_empty());
    if block_safe {
        out.push_str(&format!("{pad}{key}: |-\n"));
        for line in value.split('\n') {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("{pad}  {line}\n"));
            }
        }
    } else {
        out.push_str(&format!("{pad}{key}: {}\n", quoted(value)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: Located<String>,
    }

    #[derive(Deserialize, Debug)]
    struct Text {
        t: String,
    }

    #[test]
    fn written_text_reads_back_exactly() {
        for value in [
            "one line",
            "two\n\nparagraphs « cités »",
            " leading space\nsecond",
            "trailing newline\n",
            "a line of spaces\n   \nafter",
            "quote \" and backslash \\ and tab\t",
            "control \u{7} and separator \u{2028}",
            "",
            "key: value\n- dash\n# hash",
        ] {
            let mut out = String::new();
            write_text(&mut out, 0, "t", value);
            let back: Text = from_str(&out).unwrap_or_else(|e| panic!("{out}: {e:?}"));
            assert_eq!(back.t, value, "{out}");
        }
    }

    #[test]
    fn located_values_know_their_line() {
        let d: Doc = from_str("\nname: x\n").unwrap();
        assert_eq!(d.name.pos, Pos::new(2, 7));
    }

    #[test]
    fn errors_carry_position_and_clean_message() {
        let e = from_str::<Doc>("name: x\nnmae: y\n").unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(
            e.message.starts_with("unknown field `nmae`"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("at line"));
    }

    #[test]
    fn numbers_of_the_wrong_kind_are_said_in_words() {
        #[derive(Deserialize, Debug)]
        struct Count {
            #[serde(rename = "for")]
            _yes: u32,
        }
        for bad in ["-24", "vingt", "1.5"] {
            let e = from_str::<Count>(&format!("for: {bad}\n")).unwrap_err();
            assert_eq!(
                e.message, "invalid number: expected a whole number, 0 or more",
                "{bad}"
            );
            assert_eq!(e.pos.line, 1);
        }
    }
}
