//! The calendar of follow-up reply deadlines, `data/deadlines.ics`
//! (iCalendar, RFC 5545): one all-day event per deadline a dossier's
//! procedure waits on (a reply awaited or overdue, the next reply the
//! Committee asked for), so that an NGO subscribes to it in its calendar.
//! Made for each language's site, always (a calendar without events when
//! no deadline is pending). Written here rather than with a crate: the
//! format is a few lines, and the output must be the same for the same
//! sources and day (no clock, no random UID).

use super::{Format, Render, Scope, Sink, absolute, bytes};
use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::check::validate::Date;
use crate::model::Site;
use crate::model::procedure::Stage;

/// One reply deadline of one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Index of the dossier in `site.countries`.
    pub country: usize,
    /// The round whose reply is due.
    pub round: u32,
    pub due: Date,
}

/// The deadlines the site's procedures wait on, earliest first: each
/// dossier's awaited or overdue reply, and the next reply an evaluation
/// asked for while its deadline is still to come.
pub fn deadlines(site: &Site) -> Vec<Deadline> {
    let mut all: Vec<Deadline> = site
        .countries
        .iter()
        .enumerate()
        .filter_map(|(ci, c)| {
            let s = c.standing.as_ref()?;
            let due = s.due?;
            let round = match s.stage {
                Stage::Overdue | Stage::AwaitingReply => s.round,
                // The evaluated round's next reply is the next round's.
                Stage::Evaluated if due >= site.today => s.round + 1,
                _ => return None,
            };
            Some(Deadline {
                country: ci,
                round,
                due,
            })
        })
        .collect();
    all.sort_by_key(|d| (d.due, d.country));
    all
}

/// The host of `base_url` (`example.org` of `https://example.org/x/`), which
/// makes the events' UIDs unique to the site.
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() { "followup" } else { host }
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line
/// breaks escaped; the other control characters, which no escaping can
/// carry, left out.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded (§3.1): no line longer than 75 octets,
/// each continuation starting with a space, never inside a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn basic(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The calendar of `site`'s deadlines. Stamped with the build's day, so two
/// builds of one day give the same bytes.
pub fn ics(site: &Site) -> String {
    let mut out = String::new();
    let host = host(&site.config.base_url);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        "PRODID:-//followup//follow-up reply deadlines//EN",
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    // The name calendar applications show for a subscription.
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", text(&site.config.title)),
    );
    let stamp = format!("{}T000000Z", basic(site.today));
    for d in deadlines(site) {
        let c = &site.countries[d.country];
        let slug = c.path.trim_matches('/').replace('/', "-");
        let strings = &site.config.strings;
        let summary = match c.info.document.as_deref() {
            Some(doc) => strings.fmt(
                "calendar_reply_due",
                &[("country", &c.info.name), ("document", doc)],
            ),
            None => strings.fmt(
                "calendar_reply_due_undocumented",
                &[("country", &c.info.name)],
            ),
        };
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:{}", text(&format!("{slug}-round-{}@{host}", d.round))),
        );
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", basic(d.due)));
        let next = Date::from_days(d.due.days() + 1);
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", basic(next)));
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        line(&mut out, &format!("URL:{}", absolute(site, &c.path)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// `data/deadlines.ics`.
pub struct Calendar;

impl Format for Calendar {
    fn name(&self) -> &'static str {
        "calendar"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        let file = bytes(
            address::data(address::DEADLINES_ICS),
            ics(site).into_bytes(),
        );
        sink(file).err().into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_folded_at_75_octets() {
        assert_eq!(text("a\\b;c,d\ne\u{1}f"), "a\\\\b\\;c\\,d\\nef");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        // Unfolding (dropping each CRLF and the space after it) gives the
        // line back.
        assert_eq!(out.trim_end().replace("\r\n ", ""), long);
        let mut short = String::new();
        line(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn the_host_is_read_from_the_base_url() {
        assert_eq!(host("https://example.org/"), "example.org");
        assert_eq!(host("https://user@example.org:8080/sub/"), "example.org");
        assert_eq!(host("/"), "followup");
        assert_eq!(host("http://localhost:1111"), "localhost");
    }
}
