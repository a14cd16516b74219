//! The files a published site has besides its pages: open data (JSON with
//! its schema, CSV), Atom feeds, the sitemap, the full-text search bundle,
//! and what GitHub Pages needs (`.nojekyll`, `CNAME`). All made in memory
//! from the model, like the pages.

use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::{Contents, OutputFile};
use crate::model::{Site, reference};
use crate::render::pages::PageSpec;
use serde::Serialize;
use std::collections::BTreeMap;

mod assessments;
mod search;
use assessments::AssessmentRecord;
pub use search::*;

/// One recommendation as open data.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    /// Its address on the site, which `data/assessments.csv` names it by.
    pub id: &'a str,
    pub country: &'a str,
    pub country_code: Option<&'a str>,
    pub treaty: &'a str,
    pub document: Option<&'a str>,
    pub paragraph: u32,
    pub reference: String,
    pub articles: Vec<u32>,
    pub grade: &'a str,
    pub grade_label: &'a str,
    pub recommendation: &'a str,
    pub summary: Option<&'a str>,
    /// ISO 8601 date of the assessment.
    pub assessed: Option<String>,
    pub url: String,
    pub sources: Vec<&'a str>,
    /// Sources cited without an address (an interview, a letter): their
    /// words, each once.
    pub unlinked_sources: Vec<&'a str>,
    /// Who publishes the assessment (`[publisher]`'s name), if the site says.
    pub publisher: Option<&'a str>,
    /// Every assessment, the site's current one included, by round.
    pub assessments: Vec<AssessmentRecord<'a>>,
}

/// Absolute address of a path of the site.
fn absolute(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_url)
}

pub fn records(site: &Site) -> Vec<Record<'_>> {
    site.recommendations
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let c = &site.countries[r.country].info;
            let p = &site.paragraphs[r.paragraph].info;
            let g = &site.config.grades[r.info.grade];
            let mut sources: Vec<&str> = Vec::new();
            let mut unlinked_sources: Vec<&str> = Vec::new();
            // Each source once, in the order cited: a set keeps a
            // recommendation of thousands of footnotes linear.
            let mut seen = std::collections::HashSet::new();
            for f in &r.info.footnotes {
                match f.url.as_deref() {
                    Some(u) if seen.insert((true, u)) => sources.push(u),
                    None if !f.text.is_empty() && seen.insert((false, f.text.as_str())) => {
                        unlinked_sources.push(&f.text)
                    }
                    _ => {}
                }
            }
            Record {
                id: assessments::id(site, ri),
                country: &c.name,
                country_code: c.code.as_deref(),
                treaty: &c.treaty,
                document: c.document.as_deref(),
                paragraph: p.number,
                reference: reference(p.number, r.position, r.info.reference.as_deref()),
                articles: p.articles.clone(),
                grade: &g.code,
                grade_label: &g.label,
                recommendation: &r.info.text,
                summary: r.info.summary.as_deref(),
                assessed: c.assessed.map(|d| d.iso()),
                url: absolute(site, &r.path),
                sources,
                unlinked_sources,
                publisher: site.config.publisher.as_ref().map(|p| p.name.as_str()),
                assessments: assessments::records(site, ri),
            }
        })
        .collect()
}

const CSV_HEADER: [&str; 16] = [
    "country",
    "country_code",
    "treaty",
    "document",
    "paragraph",
    "reference",
    "articles",
    "grade",
    "grade_label",
    "recommendation",
    "summary",
    "assessed",
    "url",
    "sources",
    "unlinked_sources",
    "publisher",
];

/// A CSV cell as spreadsheets may read it safely: a text that a spreadsheet
/// would take for a formula (starting with `=`, `+`, `@`, a tab, a carriage
/// return, or `-` not starting a number) gets a leading `'`, as OWASP
/// recommends against CSV injection: `=HYPERLINK(…)` in a summary must stay
/// text on a reader's computer.
pub fn cell(text: &str) -> std::borrow::Cow<'_, [u8]> {
    let formula = match text.as_bytes() {
        [b'=' | b'+' | b'@' | b'\t' | b'\r', ..] => true,
        [b'-', next, ..] => !(next.is_ascii_digit() || *next == b'.'),
        _ => false,
    };
    if formula {
        std::borrow::Cow::Owned(format!("'{text}").into_bytes())
    } else {
        std::borrow::Cow::Borrowed(text.as_bytes())
    }
}

/// A CSV writer as every data file uses: RFC 4180, CRLF, UTF-8.
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// Writes one row of [`cell`]s (writing to memory cannot fail).
pub(crate) fn csv_row<'a>(w: &mut csv::Writer<Vec<u8>>, cells: impl IntoIterator<Item = &'a str>) {
    let _ = w.write_record(cells.into_iter().map(cell));
}

/// RFC 4180 CSV, UTF-8; lists are separated by "; " (articles), " "
/// (sources' addresses) and " | " (sources without one).
pub fn csv(records: &[&Record<'_>]) -> Vec<u8> {
    let mut w = csv_writer();
    csv_row(&mut w, CSV_HEADER);
    for r in records {
        let articles = r
            .articles
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        csv_row(
            &mut w,
            [
                r.country,
                r.country_code.unwrap_or(""),
                r.treaty,
                r.document.unwrap_or(""),
                &r.paragraph.to_string(),
                &r.reference,
                &articles,
                r.grade,
                r.grade_label,
                r.recommendation,
                r.summary.unwrap_or(""),
                r.assessed.as_deref().unwrap_or(""),
                &r.url,
                &r.sources.join(" "),
                &r.unlinked_sources.join(" | "),
                r.publisher.unwrap_or(""),
            ],
        );
    }
    w.into_inner().unwrap_or_default()
}

/// An XML document without the characters XML 1.0 forbids (the control
/// characters but tab and line breaks, U+FFFE, U+FFFF), which no escaping
/// can carry: one of them in a country's name would make every feed reader
/// refuse the whole feed.
fn xml_chars(xml: Vec<u8>) -> Vec<u8> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    match String::from_utf8(xml) {
        Ok(text) if text.chars().all(allowed) => text.into_bytes(),
        Ok(text) => text
            .chars()
            .filter(|&c| allowed(c))
            .collect::<String>()
            .into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The JSON Schema of `data/recommendations.json`.
pub const SCHEMA: &str = include_str!("recommendations.schema.json");

/// Shortens `s` to at most `n` characters, on a word boundary.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let at_word_end = s.chars().nth(n).is_some_and(char::is_whitespace);
    let cut = if at_word_end {
        cut.as_str()
    } else {
        cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a)
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Entries a feed carries: the newest assessments. Feed readers poll the
/// whole file, so a site of thousands of recommendations must not make them
/// download all of it each time.
pub const FEED_ENTRIES: usize = 100;

/// Renders a theme template (`feed.xml`, `sitemap.xml`) with a context:
/// given by the site assembly, which knows the theme.
pub type Render<'a> = dyn Fn(&str, minijinja::Value) -> Result<Vec<u8>, Diagnostic> + Sync + 'a;

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

/// An Atom feed (the theme's `feed.xml`) of the [`FEED_ENTRIES`] newest
/// assessments of the recommendations `recs` (indexes), newest first: one
/// entry per assessment, every round and assessor.
fn feed(
    site: &Site,
    render: &Render,
    title: &str,
    self_path: &str,
    page_path: &str,
    recs: &[usize],
) -> Result<OutputFile, Diagnostic> {
    // What is sorted: (date, recommendation, which of its assessments),
    // made without the assessments' texts; only the newest are made in full.
    let fallback = |ri: usize| {
        let c = &site.countries[site.recommendations[ri].country].info;
        c.adopted
    };
    let mut dated: Vec<(Option<crate::check::validate::Date>, usize, usize)> =
        Vec::with_capacity(recs.len());
    for &ri in recs {
        if crate::model::history::has_history(site, ri) {
            for (k, g) in crate::model::history::assessments(site, ri)
                .iter()
                .enumerate()
            {
                dated.push((g.date.or_else(|| fallback(ri)), ri, k));
            }
        } else {
            let c = &site.countries[site.recommendations[ri].country].info;
            let date = c
                .rounds
                .last()
                .and_then(|r| r.date)
                .or(c.assessed)
                .or(c.adopted);
            dated.push((date, ri, 0));
        }
    }
    // Stable: within a date, reading order.
    dated.sort_by_key(|&(date, _, _)| std::cmp::Reverse(date));
    dated.truncate(FEED_ENTRIES);
    let iso =
        |d: Option<crate::check::validate::Date>| d.map_or("1970-01-01".to_string(), |d| d.iso());
    let updated = iso(dated.first().and_then(|e| e.0));
    let entries: Vec<FeedEntry> = dated
        .into_iter()
        .map(|(date, ri, k)| {
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
            FeedEntry {
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
            }
        })
        .collect();
    let context = minijinja::context! {
        site => minijinja::context! {
            title => &site.config.title,
            publisher => minijinja::Value::from(minijinja::value::Serde(&site.config.publisher)),
        },
        feed => minijinja::context! {
            title => title,
            url => absolute(site, self_path),
            page_url => absolute(site, page_path),
            updated => updated,
        },
        entries => minijinja::Value::from(minijinja::value::Serde(&entries)),
    };
    Ok(bytes(self_path, xml_chars(render("feed.xml", context)?)))
}

/// The sitemap (the theme's `sitemap.xml`): every page but the one for
/// addresses that do not exist and the one for authors (translations), in
/// every language, each with its alternates in the others (the same path
/// under each language's prefix).
fn sitemap(site: &Site, render: &Render) -> Result<OutputFile, Diagnostic> {
    let paths: Vec<String> = PageSpec::all(site)
        .into_iter()
        .filter(PageSpec::in_sitemap)
        .map(|spec| spec.path(site))
        .collect();
    let mut urls: Vec<String> = paths.iter().map(|p| absolute(site, p)).collect();
    let mut all_paths = paths.clone();
    for t in &site.translations {
        urls.extend(paths.iter().map(|p| absolute(t, p)));
        all_paths.extend(paths.iter().cloned());
    }
    let languages: Vec<minijinja::Value> = if site.translations.is_empty() {
        Vec::new()
    } else {
        std::iter::once(site)
            .chain(&site.translations)
            .map(|s| minijinja::context! { code => &s.config.language, base_url => &s.config.base_url })
            .collect()
    };
    let context = minijinja::context! { urls => urls, paths => all_paths, languages => languages };
    Ok(bytes(
        address::SITEMAP,
        xml_chars(render("sitemap.xml", context)?),
    ))
}

fn bytes(path: impl Into<String>, b: Vec<u8>) -> OutputFile {
    OutputFile {
        path: path.into(),
        contents: Contents::Bytes(b),
    }
}

/// Every published file that is not a page, except the search bundle,
/// each handed to `sink` as soon as it is made, so that the data
/// files (a few hundred megabytes at 100,000 recommendations) are never
/// all held at once. The big ones (data, feeds) are made in parallel.
/// Returns what `sink` failed with.
pub fn files_each(
    site: &Site,
    cname: Option<&str>,
    render: &Render,
    sink: impl Fn(OutputFile) -> Result<(), Diagnostic> + Sync,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut failed = Vec::new();
    // Another language's site lives in a folder of the main one: the files
    // of the whole site's root are the main one's.
    let root = site.config.source_language.is_none();
    let mut small = Vec::new();
    if root {
        small.push(bytes(".nojekyll", Vec::new()));
    }
    if let Some(domain) = cname.filter(|_| root) {
        small.push(bytes("CNAME", format!("{domain}\n").into_bytes()));
    }
    small.push(bytes(
        address::data(address::RECORDS_SCHEMA),
        SCHEMA.as_bytes().to_vec(),
    ));
    failed.extend(small.into_iter().filter_map(|f| sink(f).err()));
    let records = records(site);
    let mut by_country: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for (r, entry) in records.iter().zip(&site.recommendations) {
        by_country
            .entry(site.countries[entry.country].path.as_str())
            .or_default()
            .push(r);
    }
    // One job per file, made in parallel and handed over as each is done.
    enum Job<'s, 'r> {
        Sitemap,
        Feed(Option<usize>),
        Json,
        Csv(Option<(&'s str, &'s [&'r Record<'r>])>),
        AssessmentsCsv,
    }
    let all: Vec<&Record> = records.iter().collect();
    let mut jobs = vec![
        Job::Json,
        Job::Csv(None),
        Job::AssessmentsCsv,
        Job::Feed(None),
    ];
    if root {
        jobs.push(Job::Sitemap);
    }
    jobs.extend((0..site.countries.len()).map(|ci| Job::Feed(Some(ci))));
    jobs.extend(
        by_country
            .iter()
            .map(|(slug, recs)| Job::Csv(Some((*slug, recs.as_slice())))),
    );
    let make = |job: &Job| -> Result<OutputFile, Diagnostic> {
        Ok(match job {
            Job::Sitemap => sitemap(site, render)?,
            Job::Json => bytes(
                address::data(address::RECORDS_JSON),
                serde_json::to_vec_pretty(&records).unwrap_or_default(),
            ),
            Job::Csv(None) => bytes(address::data(address::RECORDS_CSV), csv(&all)),
            Job::Csv(Some((slug, recs))) => bytes(address::country_csv(slug), csv(recs)),
            Job::AssessmentsCsv => bytes(
                address::data(address::ASSESSMENTS_CSV),
                assessments::csv(site),
            ),
            Job::Feed(None) => {
                let all: Vec<usize> = (0..site.recommendations.len()).collect();
                let title = &site.config.title;
                feed(site, render, title, address::FEED, address::HOME, &all)?
            }
            Job::Feed(Some(ci)) => {
                let c = &site.countries[*ci];
                let recs: Vec<usize> = c.recommendations.clone().collect();
                let title = site.config.strings.fmt(
                    "feed_country",
                    &[("site", &site.config.title), ("country", &c.info.name)],
                );
                let self_path = address::country_feed(&c.path);
                feed(site, render, &title, &self_path, &c.path, &recs)?
            }
        })
    };
    failed.par_extend(
        jobs.par_iter()
            .filter_map(|job| make(job).and_then(&sink).err()),
    );
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_shortened_on_a_word() {
        assert_eq!(
            shorten("The State party should act", 15),
            "The State party…"
        );
        assert_eq!(shorten("short", 15), "short");
    }

    #[test]
    fn formulas_are_kept_as_text_in_csv() {
        for (text, cell_text) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+7 495", "'+7 495"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("-x+1", "'-x+1"),
            ("-5", "-5"),
            ("-0.5", "-0.5"),
            ("-", "-"),
            ("Partly", "Partly"),
            ("", ""),
        ] {
            assert_eq!(cell(text).as_ref(), cell_text.as_bytes(), "{text:?}");
        }
    }

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(
            xml_chars("<a>Ka\u{FFFE}z\u{1}\u{FFFF}\tstan</a>".as_bytes().to_vec()),
            "<a>Kaz\tstan</a>".as_bytes()
        );
    }
}
