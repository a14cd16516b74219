//! The Atom feeds (the theme's `feed.xml`): the site's newest assessments
//! and steps of the follow-up procedure (replies received, evaluations,
//! decisions) at `feed.xml`, and each country's at `<country>/feed.xml`. Made for each
//! language's site, side by side.

use super::{Format, Render, Scope, Sink, absolute, assessments, bytes, xml_chars};
use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::text::shorten;
use crate::check::validate::Date;
use crate::model::{Site, reference};
use serde::Serialize;

/// Entries a feed carries: the newest assessments. Feed readers poll the
/// whole file, so a site of thousands of recommendations must not make them
/// download all of it each time.
pub const FEED_ENTRIES: usize = 100;

#[derive(Serialize)]
struct FeedEntry<'a> {
    country: &'a str,
    reference: String,
    /// The Committee's text, shortened for a title.
    short_text: String,
    /// The entry's id: the recommendation's address for the site's current
    /// assessment, with the round and assessor after `#` for the others.
    id: String,
    url: String,
    /// ISO 8601 date of the assessment.
    updated: String,
    grade: GradeRef,
    /// The overview, or the Committee's text when there is none.
    summary: &'a str,
    /// For all but the site's current assessment: who graded, and the round.
    assessor: Option<&'a str>,
    round: u32,
}

#[derive(Serialize)]
struct GradeRef {
    code: String,
    label: String,
}

/// A step of a dossier's procedure a feed announces, dated by its own date.
#[derive(Clone, Copy)]
enum Event {
    /// Reply `reply` of round (index) `round` received.
    Reply { round: usize, reply: usize },
    /// The round's evaluation adopted.
    Evaluation { round: usize },
    /// The decision taken with it.
    Decision { round: usize },
}

/// What a feed entry is about.
#[derive(Clone, Copy)]
enum Item {
    /// Assessment `k` of recommendation `ri`.
    Assessment { ri: usize, k: usize },
    /// An event of dossier `ci`.
    Event { ci: usize, event: Event },
}

/// An entry of a procedure event: `event` says which ("reply",
/// "evaluation", "decision"), and the theme words it.
#[derive(Serialize)]
struct EventEntry<'a> {
    event: &'static str,
    country: &'a str,
    /// The dossier's concluding observations.
    dossier: Option<&'a str>,
    round: u32,
    id: String,
    url: String,
    /// ISO 8601 date of the event: the reply's receipt, the evaluation's
    /// adoption.
    updated: String,
    /// The reply's symbol, or the evaluation's document, with its address.
    document: Option<&'a str>,
    document_url: Option<&'a str>,
    session: Option<u32>,
    /// A reply's deadline and, when it came after it, how many days late.
    due: Option<String>,
    days_late: Option<i64>,
    /// A decision's word (continue, meeting, closed), and the next deadline.
    decision: Option<&'static str>,
    next_due: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Assessment(FeedEntry<'a>),
    Event(EventEntry<'a>),
}

/// Every dated event of the procedures of the dossiers `countries`.
fn events(site: &Site, countries: &[usize]) -> Vec<(Option<Date>, Item)> {
    let mut out = Vec::new();
    for &ci in countries {
        for (round, r) in site.countries[ci].info.rounds.iter().enumerate() {
            let p = &r.procedure;
            for (reply, x) in p.replies.iter().enumerate() {
                if x.received.is_some() {
                    let event = Event::Reply { round, reply };
                    out.push((x.received, Item::Event { ci, event }));
                }
            }
            if let Some(on) = p.evaluation.date {
                if !p.evaluation.is_empty() {
                    let event = Event::Evaluation { round };
                    out.push((Some(on), Item::Event { ci, event }));
                }
                if p.decision.is_some() {
                    let event = Event::Decision { round };
                    out.push((Some(on), Item::Event { ci, event }));
                }
            }
        }
    }
    out
}

/// The entry of `event` of dossier `ci`, which happened `on`.
fn event_entry(site: &Site, ci: usize, event: Event, on: Date) -> EventEntry<'_> {
    let c = &site.countries[ci];
    let url = absolute(site, &c.path);
    let round = match event {
        Event::Reply { round, .. } | Event::Evaluation { round } | Event::Decision { round } => {
            &c.info.rounds[round]
        }
    };
    let p = &round.procedure;
    let mut e = EventEntry {
        event: "",
        country: &c.info.name,
        dossier: c.info.document.as_deref(),
        round: round.number,
        id: String::new(),
        url: url.clone(),
        updated: on.iso(),
        document: None,
        document_url: None,
        session: None,
        due: None,
        days_late: None,
        decision: None,
        next_due: None,
    };
    match event {
        Event::Reply { reply, .. } => {
            let x = &p.replies[reply];
            e.event = "reply";
            e.id = format!("{url}#round-{}-reply-{}", round.number, reply + 1);
            e.document = Some(&x.document);
            e.document_url = x.url.as_deref();
            e.due = p.due.map(|d| d.iso());
            e.days_late = p
                .due
                .map(|due| on.days() - due.days())
                .filter(|&late| late > 0);
        }
        Event::Evaluation { .. } | Event::Decision { .. } => {
            e.document = p.evaluation.document.as_deref();
            e.document_url = p.evaluation.url.as_deref();
            e.session = p.evaluation.session;
            if matches!(event, Event::Decision { .. }) {
                e.event = "decision";
                e.id = format!("{url}#round-{}-decision", round.number);
                e.decision = p.decision.map(|d| d.word());
                e.next_due = p.next_due.map(|d| d.iso());
            } else {
                e.event = "evaluation";
                e.id = format!("{url}#round-{}-evaluation", round.number);
            }
        }
    }
    e
}

/// An Atom feed (the theme's `feed.xml`) of the [`FEED_ENTRIES`] newest
/// assessments of the recommendations `recs` (indexes) and events of the
/// procedures of the dossiers `countries`, newest first: one entry per
/// assessment, every round and assessor, and per reply received,
/// evaluation and decision.
fn feed(
    site: &Site,
    render: &Render,
    title: &str,
    self_path: &str,
    page_path: &str,
    recs: &[usize],
    countries: &[usize],
) -> Result<OutputFile, Diagnostic> {
    // What is sorted: (date, what), made without the assessments' texts;
    // only the newest are made in full. Events come first, so that within
    // a day they lead the grades they bring.
    let fallback = |ri: usize| {
        let c = &site.countries[site.recommendations[ri].country].info;
        c.adopted
    };
    let mut dated = events(site, countries);
    dated.reserve(recs.len());
    for &ri in recs {
        if crate::model::history::has_history(site, ri) {
            for (k, g) in crate::model::history::assessments(site, ri)
                .iter()
                .enumerate()
            {
                dated.push((g.date.or_else(|| fallback(ri)), Item::Assessment { ri, k }));
            }
        } else if site.recommendations[ri].info.own_grade.is_some() {
            // Graded by nobody yet (a site led by another assessor's
            // grades): nothing to announce.
            let c = &site.countries[site.recommendations[ri].country].info;
            let date = c
                .rounds
                .last()
                .and_then(|r| r.date)
                .or(c.assessed)
                .or(c.adopted);
            dated.push((date, Item::Assessment { ri, k: 0 }));
        }
    }
    // Stable: within a date, reading order.
    dated.sort_by_key(|&(date, _)| std::cmp::Reverse(date));
    dated.truncate(FEED_ENTRIES);
    let iso = |d: Option<Date>| d.map_or("1970-01-01".to_string(), |d| d.iso());
    let updated = iso(dated.first().and_then(|e| e.0));
    let entries: Vec<Entry> = dated
        .into_iter()
        .map(|(date, item)| match item {
            Item::Event { ci, event } => {
                // Events are only listed with their date.
                let on = date.unwrap_or(Date {
                    year: 1970,
                    month: 1,
                    day: 1,
                });
                Entry::Event(event_entry(site, ci, event, on))
            }
            Item::Assessment { ri, k } => {
                let r = &site.recommendations[ri];
                let c = &site.countries[r.country].info;
                let p = &site.paragraphs[r.paragraph].info;
                let url = absolute(site, &r.path);
                let all = crate::model::history::assessments(site, ri);
                let g = &all[k.min(all.len() - 1)];
                let a = assessments::record(site, g);
                let label = crate::model::history::span_label(site, g.by, g.low, g.high);
                let id = if g.current {
                    url.clone()
                } else {
                    format!("{url}#round-{}-{}", g.round, g.by.unwrap_or("own"))
                };
                Entry::Assessment(FeedEntry {
                    country: &c.name,
                    reference: reference(p.number, r.position, r.info.reference.as_deref()),
                    short_text: shorten(&r.info.text, 90),
                    id,
                    url,
                    updated: iso(date),
                    grade: GradeRef {
                        code: a.grade,
                        label,
                    },
                    summary: g.summary.unwrap_or(&r.info.text),
                    assessor: (!g.current).then_some(a.assessor),
                    round: g.round,
                })
            }
        })
        .collect();
    let context = minijinja::context! {
        site => minijinja::context! {
            title => &site.config.title,
            publisher => minijinja::Value::from(minijinja::value::Serde(&site.config.publisher)),
            license => minijinja::Value::from(minijinja::value::Serde(&site.config.license)),
        },
        feed => minijinja::context! {
            title => title,
            url => absolute(site, self_path),
            page_url => absolute(site, page_path),
            updated => updated,
        },
        entries => minijinja::Value::from(minijinja::value::Serde(&entries)),
    };
    Ok(bytes(
        self_path,
        xml_chars(render.template("feed.xml", context)?),
    ))
}

/// The feeds: the whole site's, then one per country.
pub struct Feeds;

impl Format for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn make_each(&self, site: &Site, render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        // `None` is the whole site's feed, `Some` a country's.
        let jobs: Vec<Option<usize>> = std::iter::once(None)
            .chain((0..site.countries.len()).map(Some))
            .collect();
        let make = |job: &Option<usize>| -> Result<OutputFile, Diagnostic> {
            match job {
                None => {
                    let all: Vec<usize> = (0..site.recommendations.len()).collect();
                    let title = &site.config.title;
                    let countries: Vec<usize> = (0..site.countries.len()).collect();
                    feed(
                        site,
                        render,
                        title,
                        address::FEED,
                        address::HOME,
                        &all,
                        &countries,
                    )
                }
                Some(ci) => {
                    let c = &site.countries[*ci];
                    let recs: Vec<usize> = c.recommendations.clone().collect();
                    let title = site.config.strings.fmt(
                        "feed_country",
                        &[("site", &site.config.title), ("country", &c.info.name)],
                    );
                    let self_path = address::country_feed(&c.path);
                    feed(site, render, &title, &self_path, &c.path, &recs, &[*ci])
                }
            }
        };
        jobs.par_iter()
            .filter_map(|job| make(job).and_then(sink).err())
            .collect()
    }
}
