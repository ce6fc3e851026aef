//! HTML fragments of parliamentary open data as clean text.
//!
//! Paragraphs (`<p>`, `<br>`, list items, table rows) become paragraphs
//! separated by a blank line; table cells in a row are joined by ` | `;
//! every other tag is dropped; entities are decoded (named and numeric,
//! by `html-escape`); each paragraph is trimmed and empty ones are dropped.
//! Nothing else changes: spaces (non-breaking or not), dashes and quotation
//! marks stay as published.

/// The text of an HTML fragment, paragraphs separated by blank lines.
pub fn to_text(fragment: &str) -> String {
    let mut raw = String::with_capacity(fragment.len());
    let mut rest = fragment;
    while let Some(start) = rest.find('<') {
        push_chars(&mut raw, &rest[..start]);
        let opens_tag = rest[start + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !opens_tag {
            raw.push('<');
            rest = &rest[start + 1..];
            continue;
        }
        let Some(len) = rest[start..].find('>') else {
            // A lone `<` is text.
            push_chars(&mut raw, &rest[start..]);
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + len];
        raw.push_str(match tag_name(tag).as_str() {
            "/p" | "br" | "br/" | "/tr" | "/li" | "/div" | "/h1" | "/h2" | "/h3" | "/h4" => "\n",
            "/td" | "/th" => CELL,
            _ => "",
        });
        rest = &rest[start + len + 1..];
    }
    push_chars(&mut raw, rest);
    let decoded = html_escape::decode_html_entities(&raw);
    let mut out = String::with_capacity(decoded.len());
    for para in decoded.split('\n') {
        let para = para.trim().trim_end_matches(CELL.trim()).trim();
        if para.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(para);
    }
    out
}

/// What separates the cells of a table row.
const CELL: &str = " | ";

/// HTML source whitespace (line breaks, tabs) is a space.
fn push_chars(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| match c {
        '\n' | '\r' | '\t' => ' ',
        c => c,
    }));
}

/// `p` for `<p style="…">`, `/p` for `</p>`, `br/` for `<br/>`.
fn tag_name(tag: &str) -> String {
    let tag = tag.trim();
    let end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let mut name = tag[..end].to_ascii_lowercase();
    if tag.ends_with('/') && !name.ends_with('/') {
        name.push('/');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn paragraphs_entities_and_tags() {
        let html = "<p style=\"text-align: justify;\">R&#x00E9;tablir cet article&nbsp;:</p>\
                    <p>&#x00AB;&nbsp;<i>a)</i>&nbsp;Le titre I<sup>er</sup> &amp; &lt;x&gt;</p><p> </p>";
        assert_eq!(
            to_text(html),
            "Rétablir cet article\u{a0}:\n\n«\u{a0}a)\u{a0}Le titre Ier & <x>"
        );
    }

    #[test]
    fn line_breaks_rows_and_cells() {
        let html = "<table><tr><td>Programme</td><td>+</td></tr><tr><td>Culture</td><td>500</td></tr></table>un<br/>deux<BR>trois";
        assert_eq!(
            to_text(html),
            "Programme | +\n\nCulture | 500\n\nun\n\ndeux\n\ntrois"
        );
    }

    #[test]
    fn source_line_breaks_are_spaces_and_a_lone_angle_is_text() {
        assert_eq!(to_text("<p>a\nb < c</p>"), "a b < c");
    }
}
