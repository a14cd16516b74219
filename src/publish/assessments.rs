//! Follow-up over time as open data: each recommendation's assessments in
//! `data/recommendations.json`, and `data/assessments.csv`, one row per
//! assessment, joined to the recommendations by id.

use crate::model::Site;
use crate::model::history::{self, Graded};
use serde::Serialize;

/// One assessment of a recommendation, as open data.
#[derive(Debug, Serialize)]
pub struct AssessmentRecord<'a> {
    pub round: u32,
    /// Who graded, by name.
    pub assessor: &'a str,
    /// The key of `[assessors]`; null for the site's own assessor.
    pub by: Option<&'a str>,
    /// One code, or a range as "C2–D1".
    pub grade: String,
    pub grade_low: &'a str,
    pub grade_high: &'a str,
    /// The key of the scale the grade was read on (the one in force at its
    /// date, for an assessor that changed scales); null for the site's own.
    pub scale: Option<&'a str>,
    /// The level the grade (every grade of a range) is at, when its scale says.
    pub level: Option<&'static str>,
    pub date: Option<String>,
    pub document: Option<&'a str>,
    pub url: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// Whether it is the site's assessment of the latest round.
    pub current: bool,
}

/// A recommendation's id in the open data: its address on the site,
/// without slashes at the ends (`kazakhstan/p07/01-independence`).
pub fn id(site: &Site, ri: usize) -> &str {
    site.recommendations[ri].path.trim_matches('/')
}

pub fn record<'a>(site: &'a Site, g: &Graded<'a>) -> AssessmentRecord<'a> {
    let scale = history::scale(site, g.by);
    let code = |i: usize| scale.get(i).map_or("", |x| x.code.as_str());
    let level_of = |i: usize| scale.get(i).and_then(|x| x.level);
    let level = level_of(g.low).filter(|l| (g.low..=g.high).all(|i| level_of(i) == Some(*l)));
    let assessor = match g.by {
        None => site.config.own_assessor(),
        Some(key) => site
            .config
            .assessors
            .get(key)
            .map_or(key, |a| a.name.as_str()),
    };
    AssessmentRecord {
        round: g.round,
        assessor,
        by: g.by,
        grade: history::code(site, g),
        grade_low: code(g.low),
        grade_high: code(g.high),
        scale: g.scale,
        level: level.map(|l| l.name()),
        date: g.date.map(|d| d.iso()),
        document: g.document,
        url: g.url,
        summary: g.summary,
        current: g.current,
    }
}

/// Every assessment of recommendation `ri`, as open data.
pub fn records(site: &Site, ri: usize) -> Vec<AssessmentRecord<'_>> {
    history::assessments(site, ri)
        .iter()
        .map(|g| record(site, g))
        .collect()
}

pub(super) const CSV_HEADER: [&str; 17] = [
    "recommendation_id",
    "country",
    "document",
    "reference",
    "round",
    "assessor",
    "by",
    "grade",
    "grade_low",
    "grade_high",
    "level",
    "date",
    "assessment_document",
    "assessment_url",
    "summary",
    "current",
    "url",
];

/// The columns of `data/assessments.csv`: `scale` last where an assessor
/// changed scales, so other sites' files keep their 17 columns.
pub(super) fn header(site: &Site) -> Vec<&'static str> {
    let scales = site.config.assessors.values().any(|a| a.by_period());
    let mut header = CSV_HEADER.to_vec();
    if scales {
        header.push("scale");
    }
    header
}

/// `data/assessments.csv`: one row per assessment of every recommendation,
/// RFC 4180, UTF-8.
pub fn csv(site: &Site) -> Vec<u8> {
    let mut w = super::data::csv_writer();
    // The scale each grade was read on, in a last column (see `header`).
    let header = header(site);
    let scales = header.len() > CSV_HEADER.len();
    super::data::csv_row(&mut w, header);
    for (ri, r) in site.recommendations.iter().enumerate() {
        let c = &site.countries[r.country].info;
        let p = &site.paragraphs[r.paragraph].info;
        let reference = crate::model::reference(p.number, r.position, r.info.reference.as_deref());
        let url = format!("{}{}", site.config.base_url, r.path);
        for a in records(site, ri) {
            let scale = scales.then_some(a.scale.unwrap_or(""));
            super::data::csv_row(
                &mut w,
                [
                    id(site, ri),
                    &c.name,
                    c.document.as_deref().unwrap_or(""),
                    &reference,
                    &a.round.to_string(),
                    a.assessor,
                    a.by.unwrap_or(""),
                    &a.grade,
                    a.grade_low,
                    a.grade_high,
                    a.level.unwrap_or(""),
                    a.date.as_deref().unwrap_or(""),
                    a.document.unwrap_or(""),
                    a.url.unwrap_or(""),
                    a.summary.unwrap_or(""),
                    if a.current { "true" } else { "false" },
                    &url,
                ]
                .into_iter()
                .chain(scale),
            );
        }
    }
    w.into_inner().unwrap_or_default()
}
