//! Atom feeds (RFC 4287), built as data with `atom_syndication` and written
//! by its XML writer, so every text is escaped by construction.
//!
//! Each entry's id is a URN made from the bill, the stage and the
//! amendment's number (or the stage alone for a stage's text), never from a
//! build time or a position: a feed reader that has seen an entry never
//! sees it again as new. Every date is a legal date from the data, so the
//! same store gives the same feed byte for byte.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};

use crate::date::LegalTime;
use crate::site::SiteError;
use crate::site::urls::safe_name;

/// One item of a feed.
#[derive(Clone, Debug)]
pub struct Item {
    /// The entry's stable id ([`stage_id`], [`amendment_id`], [`ballot_id`]).
    pub id: String,
    /// Its title.
    pub title: String,
    /// When it happened.
    pub when: LegalTime,
    /// A link relative to the feed's own URL.
    pub link: String,
    /// A plain-text summary.
    pub summary: String,
    /// Who (an amendment's first author), if anyone.
    pub author: Option<String>,
}

/// The id of a stage's entry.
pub fn stage_id(bill: &str, stage: &str) -> String {
    format!("urn:amendo:{}:stage:{}", safe_name(bill), safe_name(stage))
}

/// The id of an amendment's entry.
pub fn amendment_id(bill: &str, stage: &str, number: &str) -> String {
    format!(
        "urn:amendo:{}:amendment:{}:{}",
        safe_name(bill),
        safe_name(stage),
        safe_name(number)
    )
}

/// The id of the entry of a public ballot that decided no amendment.
pub fn ballot_id(bill: &str, stage: &str, number: &str) -> String {
    format!(
        "urn:amendo:{}:ballot:{}:{}",
        safe_name(bill),
        safe_name(stage),
        safe_name(number)
    )
}

/// The id of a bill's feed, or of an article's.
pub fn feed_id(bill: &str, article: Option<&str>) -> String {
    match article {
        None => format!("urn:amendo:{}", safe_name(bill)),
        Some(id) => format!("urn:amendo:{}:article:{}", safe_name(bill), safe_name(id)),
    }
}

fn rfc3339(t: &LegalTime) -> Result<FixedDateTime, SiteError> {
    let (y, m, d) = t.date();
    let (h, mi, s) = t.hms.unwrap_or((0, 0, 0));
    let off = t.offset_minutes;
    let sign = if off < 0 { '-' } else { '+' };
    let s = format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{sign}{:02}:{:02}",
        off.abs() / 60,
        off.abs() % 60
    );
    FixedDateTime::parse_from_rfc3339(&s).map_err(|e| SiteError::Feed(format!("{s}: {e}")))
}

/// Writes a feed: the newest `limit` items, newest first (ties by id, so
/// the order never depends on anything but the data).
pub fn write(
    id: String,
    title: String,
    self_link: String,
    page_link: String,
    lang: &str,
    mut items: Vec<Item>,
    limit: usize,
) -> Result<Vec<u8>, SiteError> {
    items.sort_by(|a, b| b.when.cmp(&a.when).then_with(|| a.id.cmp(&b.id)));
    items.truncate(limit);
    let mut entries = Vec::with_capacity(items.len());
    for it in &items {
        entries.push(Entry {
            id: it.id.clone(),
            title: Text::plain(it.title.clone()),
            updated: rfc3339(&it.when)?,
            links: vec![Link {
                href: it.link.clone(),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            }],
            summary: Some(Text::plain(it.summary.clone())),
            authors: it
                .author
                .iter()
                .map(|a| Person {
                    name: a.clone(),
                    ..Person::default()
                })
                .collect(),
            ..Entry::default()
        });
    }
    let updated = match items.first() {
        Some(it) => rfc3339(&it.when)?,
        None => rfc3339(&LegalTime::parse("1970-01-01").map_err(SiteError::Feed)?)?,
    };
    let feed = Feed {
        id,
        title: Text::plain(title),
        updated,
        lang: Some(lang.to_owned()),
        authors: vec![Person {
            name: "amendo".to_owned(),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: self_link,
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Link::default()
            },
            Link {
                href: page_link,
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            },
        ],
        entries,
        ..Feed::default()
    };
    let mut out = feed
        .write_to(Vec::new())
        .map_err(|e| SiteError::Feed(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_escapes_everything_and_keeps_its_ids() {
        let item = Item {
            id: amendment_id("b", "s", "<1>"),
            title: "<script>alert(1)</script> & \"x\"".to_owned(),
            when: LegalTime::parse("2025-03-20T23:52:15+01:00").unwrap(),
            link: "../amendments/s/1.html".to_owned(),
            summary: "]]></summary><script>".to_owned(),
            author: Some("A <b>".to_owned()),
        };
        let xml = write(
            feed_id("b", None),
            "T".to_owned(),
            "feed.atom".to_owned(),
            "index.html".to_owned(),
            "fr",
            vec![item],
            10,
        )
        .unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(xml.contains("urn:amendo:b:amendment:s:~3C1~3E"), "{xml}");
        assert!(xml.contains("2025-03-20T23:52:15+01:00"), "{xml}");
    }
}
