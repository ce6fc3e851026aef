//! Re-import without losing what people added to imported files.
//!
//! An imported amendment file is a YAML mapping whose top-level fields are
//! either *imported* ([`IMPORTED_FIELDS`]: the importer owns them and
//! rewrites them from the data) or *curated* (every other field, such as
//! `operations:` or `keep:`; the importer never writes them). On re-import:
//!
//! - curated fields are carried over verbatim, comments included;
//! - an imported field listed under `keep:` is carried over verbatim instead
//!   of being replaced (to fix a typo in an instruction, or an author's name);
//! - a vote's `note:` is curated: it is carried over into the new vote;
//! - comments before the first field are kept.
//!
//! The merge works on the file's text, field by field, so what it keeps is
//! byte for byte what the person wrote.

use serde::Deserialize;

use crate::source::IMPORTED_FIELDS;
use crate::yaml;

/// One top-level (or nested) field: its key and its lines, key line included.
#[derive(Debug)]
struct Field<'a> {
    key: &'a str,
    text: String,
}

/// Splits a mapping's text into the comment lines before its first field and
/// its fields, for keys written at `indent` spaces.
fn fields(text: &str, indent: usize) -> (String, Vec<Field<'_>>) {
    let mut preamble = String::new();
    let mut out: Vec<Field<'_>> = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.get(indent..).unwrap_or("");
        let starts_field = line.len() > indent
            && line[..indent].bytes().all(|b| b == b' ')
            && !body.starts_with([' ', '#', '-', '\n', '\r'])
            && body.contains(':');
        if starts_field {
            let key = body[..body.find(':').unwrap_or(0)].trim().trim_matches('"');
            out.push(Field {
                key,
                text: line.to_owned(),
            });
        } else if let Some(last) = out.last_mut() {
            last.text.push_str(line);
        } else {
            preamble.push_str(line);
        }
    }
    (preamble, out)
}

#[derive(Deserialize)]
struct Kept {
    #[serde(default)]
    keep: Vec<String>,
}

/// The file to write: the importer's `new` text, with what people added to
/// the `existing` file carried over. An existing file that is not valid
/// YAML is not merged: the caller reports it and writes nothing.
pub fn merge(existing: &str, new: &str) -> Result<String, String> {
    merge_keeping(existing, new, &[])
}

/// [`merge`], keeping also the imported fields in `also` as they are in
/// `existing` (as if listed under `keep:`), for what the importer cannot
/// know this time.
pub fn merge_keeping(existing: &str, new: &str, also: &[&str]) -> Result<String, String> {
    if existing == new {
        return Ok(new.to_owned());
    }
    let mut kept: Kept = yaml::from_str(existing).map_err(|e| {
        format!(
            "line {}: {} (fix it or delete the file, then import again)",
            e.pos.line, e.message
        )
    })?;
    kept.keep.extend(also.iter().map(|s| (*s).to_owned()));
    let (preamble, old) = fields(existing, 0);
    let (_, fresh) = fields(new, 0);
    let find = |key: &str| old.iter().find(|f| f.key == key);
    let mut out = preamble;
    for f in &fresh {
        if kept.keep.iter().any(|k| k == f.key)
            && let Some(o) = find(f.key)
        {
            out.push_str(&o.text);
        } else if f.key == "vote"
            && let Some(o) = find("vote")
        {
            out.push_str(&merge_vote(&o.text, &f.text));
        } else {
            out.push_str(&f.text);
        }
    }
    for o in &old {
        let imported = IMPORTED_FIELDS.contains(&o.key);
        let kept_absent =
            kept.keep.iter().any(|k| k == o.key) && !fresh.iter().any(|f| f.key == o.key);
        if !imported || kept_absent {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&o.text);
        }
    }
    Ok(out)
}

/// A ballot file to write: the importer's `new` text (it owns every field
/// of a ballot file), with the comments before the first field and the
/// `note:` of the `existing` file carried over.
pub fn merge_ballot(existing: &str, new: &str) -> String {
    if existing == new {
        return new.to_owned();
    }
    let (preamble, old) = fields(existing, 0);
    let (_, fresh) = fields(new, 0);
    let mut out = preamble;
    let note = old
        .iter()
        .find(|f| f.key == "note")
        .filter(|_| !fresh.iter().any(|f| f.key == "note"));
    let mut placed = note.is_none();
    for f in &fresh {
        if (f.key == "source" || f.key == "members")
            && !placed
            && let Some(n) = note
        {
            out.push_str(&n.text);
            placed = true;
        }
        out.push_str(&f.text);
    }
    if let (false, Some(n)) = (placed, note) {
        out.push_str(&n.text);
    }
    out
}

/// The new vote, with the old vote's `note:` when the new one has none.
fn merge_vote(old: &str, new: &str) -> String {
    let body = |t: &str| {
        t.split_once('\n')
            .map_or((t.to_owned(), String::new()), |(h, b)| {
                (format!("{h}\n"), b.to_owned())
            })
    };
    let (_, old_body) = body(old);
    let (head, new_body) = body(new);
    let (_, old_fields) = fields(&old_body, 2);
    let (_, new_fields) = fields(&new_body, 2);
    let Some(note) = old_fields.iter().find(|f| f.key == "note") else {
        return new.to_owned();
    };
    if new_fields.iter().any(|f| f.key == "note") {
        return new.to_owned();
    }
    let mut out = head;
    let mut placed = false;
    for f in &new_fields {
        if f.key == "source" && !placed {
            out.push_str(&note.text);
            placed = true;
        }
        out.push_str(&f.text);
    }
    if !placed {
        out.push_str(&note.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::merge;

    const NEW: &str = "number: \"1\"\narticle: \"2\"\ninstruction: |-\n  Supprimer cet article.\nvote:\n  ballot: \"9\"\n  for: 1\n  source: \"AN\"\nsource: \"AN\"\n";

    #[test]
    fn curated_fields_notes_and_comments_survive() {
        let old = "# checked by hand\nnumber: \"1\"\narticle: \"3\"\ninstruction: old\noperations:\n  - op: delete-article  # explicit\nvote:\n  ballot: \"9\"\n  for: 0\n  note: \"roll call\"\nsource: \"AN\"\n";
        let merged = merge(old, NEW).unwrap();
        assert_eq!(
            merged,
            "# checked by hand\nnumber: \"1\"\narticle: \"2\"\ninstruction: |-\n  Supprimer cet article.\nvote:\n  ballot: \"9\"\n  for: 1\n  note: \"roll call\"\n  source: \"AN\"\nsource: \"AN\"\noperations:\n  - op: delete-article  # explicit\n"
        );
        assert_eq!(merge(&merged, NEW).unwrap(), merged, "merging is stable");
    }

    #[test]
    fn kept_fields_are_not_replaced() {
        let old = "number: \"1\"\narticle: \"8 ter\"\nkeep: [article]\n";
        let merged = merge(old, NEW).unwrap();
        assert!(merged.contains("article: \"8 ter\"\n"), "{merged}");
        assert!(merged.contains("keep: [article]\n"), "{merged}");
        assert!(merged.contains("Supprimer cet article."), "{merged}");
    }

    #[test]
    fn a_ballot_keeps_its_note_and_comments() {
        let new = "ballot: \"1194\"\nresult: adopted\nsource: \"AN\"\nmembers: []\n";
        let old = "# read on the official page\nballot: \"1194\"\nresult: rejected\nnote: >-\n  Vote solennel.\nsource: \"AN\"\nmembers: []\n";
        let merged = super::merge_ballot(old, new);
        assert_eq!(
            merged,
            "# read on the official page\nballot: \"1194\"\nresult: adopted\nnote: >-\n  Vote solennel.\nsource: \"AN\"\nmembers: []\n"
        );
        assert_eq!(super::merge_ballot(&merged, new), merged, "stable");
    }

    #[test]
    fn a_broken_file_is_not_merged() {
        let e = merge("number: [\n", NEW).unwrap_err();
        assert!(e.contains("line"), "{e}");
    }
}
