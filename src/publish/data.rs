//! The open data format, under `data/`: every recommendation as JSON
//! (with its JSON Schema) and as CSV, one CSV per country
//! (`data/<country>.csv`), and `data/assessments.csv`, one row per
//! assessment. Made for each language's site; the big files are made side
//! by side.

use super::assessments::{self, AssessmentRecord};
use super::{Format, Render, Scope, Sink, absolute, bytes};
use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::OutputFile;
use crate::model::{Site, reference};
use serde::Serialize;
use std::collections::BTreeMap;

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

pub(super) const CSV_HEADER: [&str; 16] = [
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

/// The JSON Schema of `data/recommendations.json`.
pub const SCHEMA: &str = include_str!("recommendations.schema.json");

/// The open data: `data/recommendations.json` and its schema,
/// `data/recommendations.csv`, `data/assessments.csv` and each country's
/// `data/<country>.csv`.
pub struct Data;

impl Format for Data {
    fn name(&self) -> &'static str {
        "data"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        use rayon::prelude::*;
        let records = records(site);
        let mut by_country: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
        for (r, entry) in records.iter().zip(&site.recommendations) {
            by_country
                .entry(site.countries[entry.country].path.as_str())
                .or_default()
                .push(r);
        }
        // One job per file, made in parallel and handed over as each is done:
        // the data files of a large site are a few hundred megabytes, never
        // all held at once.
        enum Job<'s, 'r> {
            Schema,
            Json,
            Csv(Option<(&'s str, &'s [&'r Record<'r>])>),
            AssessmentsCsv,
        }
        let all: Vec<&Record> = records.iter().collect();
        let mut jobs = vec![Job::Schema, Job::Json, Job::Csv(None), Job::AssessmentsCsv];
        jobs.extend(
            by_country
                .iter()
                .map(|(slug, recs)| Job::Csv(Some((*slug, recs.as_slice())))),
        );
        let make = |job: &Job| -> OutputFile {
            match job {
                Job::Schema => bytes(
                    address::data(address::RECORDS_SCHEMA),
                    SCHEMA.as_bytes().to_vec(),
                ),
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
            }
        };
        jobs.par_iter()
            .filter_map(|job| sink(make(job)).err())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
