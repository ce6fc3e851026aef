//! Watch output as an Atom feed document, written with `atom_syndication`
//! (the maintained Atom crate). Entry ids are the events' stable ids as
//! `urn:amendo:` URNs, so a feed reader never shows an event twice.

use std::str::FromStr;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};

use crate::date::LegalTime;
use crate::watch::event::Event;
use crate::watch::list::Watchlist;

/// RFC 3339 for a legal time (a bare date is midnight UTC).
fn rfc3339(t: &LegalTime) -> FixedDateTime {
    let (y, m, d) = t.ymd;
    let (h, mi, s) = t.hms.unwrap_or((0, 0, 0));
    let off = t.offset_minutes;
    let sign = if off < 0 { '-' } else { '+' };
    let text = format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}{sign}{:02}:{:02}",
        off.abs() / 60,
        off.abs() % 60
    );
    FixedDateTime::from_str(&text).unwrap_or_default()
}

/// An id as a URN: characters outside the URN set percent-encoded.
pub fn urn(id: &str) -> String {
    let mut out = String::from("urn:amendo:");
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The events as one feed document, newest first as readers expect.
pub fn feed(list: &Watchlist, events: &[Event]) -> String {
    let mut feed = Feed::default();
    feed.set_title(Text::plain(list.title.clone()));
    feed.set_id(urn(&format!("watch/{}", list.name)));
    let updated = events
        .iter()
        .map(|e| e.when)
        .max_by_key(|t| t.epoch_seconds())
        .map(|t| rfc3339(&t))
        .unwrap_or_default();
    feed.set_updated(updated);
    let mut entries: Vec<Entry> = events.iter().map(entry).collect();
    entries.reverse();
    feed.set_entries(entries);
    let mut out = feed.to_string();
    out.push('\n');
    out
}

fn entry(e: &Event) -> Entry {
    let mut entry = Entry::default();
    entry.set_id(urn(&e.id));
    entry.set_title(Text::plain(e.title.clone()));
    entry.set_updated(rfc3339(&e.when));
    let mut link = Link::default();
    link.set_href(e.page.clone());
    link.set_rel("alternate");
    entry.set_links(vec![link]);
    let mut body = String::new();
    for line in &e.excerpt {
        let sign = match line.change {
            "added" => "+ ",
            "removed" => "- ",
            _ => "  ",
        };
        body.push_str(sign);
        body.push_str(&line.text());
        body.push('\n');
    }
    if !e.matched.is_empty() {
        body.push_str(&format!("matched: {}\n", e.matched.join(", ")));
    }
    let mut content = Content::default();
    content.set_content_type(Some("text".to_owned()));
    content.set_value(Some(body));
    entry.set_content(Some(content));
    entry
}
