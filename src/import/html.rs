//! HTML fragments of parliamentary open data as clean text.
//!
//! Paragraphs (`<p>`, `<br>`, list items, table rows) become paragraphs
//! separated by a blank line; table cells in a row are joined by ` | `;
//! every other tag is dropped; entities are decoded (named and numeric,
//! by `html-escape`, and those the data escaped twice: « &amp;nbsp; »);
//! each paragraph is trimmed and empty ones are dropped.
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
    let once = unescaped_twice(&raw);
    let decoded = html_escape::decode_html_entities(&once);
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

/// `text` with its entities escaped twice escaped once: some open data
/// escapes the `&` of an entity again (the Assemblée's « I.&amp;nbsp;– »,
/// « R&amp;amp;D »), which one decoding would leave as « I.&nbsp;– » and
/// « R&amp;D ». An `&amp;` followed by an entity's name or number and `;` is
/// that entity's `&`; any other (« R&amp;D ») stays as it is.
fn unescaped_twice(text: &str) -> std::borrow::Cow<'_, str> {
    const AMP: &str = "&amp;";
    if !text.contains(AMP) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(AMP) {
        out.push_str(&rest[..at]);
        let after = &rest[at + AMP.len()..];
        let body = after.split(';').next().unwrap_or("");
        let entity = after.len() > body.len()
            && !body.is_empty()
            && (body.chars().all(|c| c.is_ascii_alphanumeric())
                || body.strip_prefix('#').is_some_and(|n| {
                    n.strip_prefix(['x', 'X']).map_or_else(
                        || !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
                        |h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()),
                    )
                }));
        out.push_str(if entity { "&" } else { AMP });
        rest = after;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
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
    fn entities_escaped_twice_are_decoded() {
        // As the Assemblée's open data has them (budget 2025, I-1093 and
        // explanations).
        assert_eq!(
            to_text("<p>I.&amp;nbsp;&#x2013;&amp;nbsp;Compl&#x00E9;ter</p>"),
            "I.\u{a0}–\u{a0}Compléter"
        );
        assert_eq!(
            to_text("<p>R&amp;amp;D, CD&amp;amp;R, &amp;gt; 3,5 t, &amp;#x00E9;</p>"),
            "R&D, CD&R, > 3,5 t, é"
        );
        // Escaped once, as it should be: unchanged.
        assert_eq!(
            to_text("<p>R&amp;D &amp; co ; AT&amp;T</p>"),
            "R&D & co ; AT&T"
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
