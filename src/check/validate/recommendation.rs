//! A recommendation's file, `content/<country>/<paragraph>/<name>.md`: its
//! grade (checked against the scale), the Committee's text and the NGO's
//! assessment.

use super::assessment::{Assessment, RawAssessment, check_assessments};
use super::front::{parse_file, render_body};
use super::grade::{grade_error, own_grade_problem};
use crate::base::diagnostics::Diagnostic;
use crate::input::config::{Config, slugify};
use crate::input::load::{ContentFile, FileKind};
use crate::input::markdown::Footnote;
use serde::Deserialize;
use std::sync::Arc;
use toml::Spanned;

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub slug: String,
    /// What makes its ids unique on a page that shows its whole country
    /// (the full report): its slug, or, when a file of another paragraph of
    /// the country has the same slug, that paragraph's slug and its own. Its
    /// anchor is `rec-<key>`, its footnotes' ids `fn-<key>-<label>`.
    pub key: String,
    /// Index into the config's grade scale: the site's own grade; with
    /// `headline`, once the site is modelled, the headline assessor's latest
    /// (see `model::headline`).
    pub grade: usize,
    /// The site's own grade of the latest round: `None` only with
    /// `headline`, when the file has no `grade`.
    pub own_grade: Option<usize>,
    pub text: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    /// The Committee's own number for it ("13(a)"), shown in place of the
    /// paragraph and position ("13.1").
    pub reference: Option<String>,
    /// `draft = true`: shown in the preview only, marked as a draft.
    pub draft: bool,
    /// Shared, not copied, by every page that shows it.
    pub body_html: std::sync::Arc<str>,
    pub footnotes: Vec<Footnote>,
    /// The site's earlier rounds and other assessors' grades, by round;
    /// `grade` and `summary` are the site's assessment of the latest round.
    pub assessments: Vec<Assessment>,
    /// What is shown in the main language for want of a translation.
    pub fallback: super::Fallback,
    /// The file it came from, relative to the site root.
    pub file: String,
}

#[derive(Deserialize)]
struct RecommendationFront {
    /// Required, but with `headline`: said below, where that is known.
    grade: Option<Spanned<String>>,
    recommendation: String,
    summary: Option<String>,
    order: Option<i64>,
    reference: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    assessments: Vec<RawAssessment>,
}
const RECOMMENDATION_FIELDS: &[&str] = &[
    "grade",
    "recommendation",
    "summary",
    "order",
    "reference",
    "draft",
    "assessments",
];

pub(super) type RecResult = Arc<Recommendation>;

/// Checks one recommendation file and converts its Markdown; `key` names
/// its ids when its slug is not enough (see [`Recommendation::key`]).
pub(super) fn check_recommendation(
    file: &ContentFile,
    key: Option<&str>,
    config: &Config,
    config_ok: bool,
    allow_html: bool,
) -> (Option<RecResult>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let FileKind::Recommendation { name, .. } = &file.kind else {
        return (None, d);
    };
    let Some(p) = parse_file::<RecommendationFront>(file, RECOMMENDATION_FIELDS, &mut d) else {
        return (None, d);
    };
    let grade = match &p.front.grade {
        Some(written) => {
            let code = written.get_ref();
            let grade = config.grade_index(code.trim());
            if grade.is_none() && config_ok {
                let problem = own_grade_problem(code, config);
                d.push(grade_error(&p, written.span(), problem));
            }
            grade.map(Some)
        }
        // Led by another assessor's grades: the site's own may be left out.
        None if config.headline.is_some() => Some(None),
        None => {
            p.missing("grade", RECOMMENDATION_FIELDS, true, &mut d);
            None
        }
    };
    let assessments = check_assessments(&p, &p.front.assessments, config, config_ok, &mut d);
    let slug = slugify(name);
    if slug.is_empty() {
        d.push(
            Diagnostic::error(
                &file.path,
                "this file name has no letters or digits to make a web address from",
            )
            .help("rename it, like 01-independence.md"),
        );
    }
    let key = key.map_or_else(|| slug.clone(), str::to_string);
    let body = render_body(&p, &key, allow_html, &mut d);
    if p.front.recommendation.trim().is_empty() {
        d.push(
            p.error_at(0, "`recommendation` is empty")
                .help("paste the Committee's recommendation between the \"\"\" quotes"),
        );
    }
    let rec = grade.map(|grade| {
        Arc::new(Recommendation {
            slug,
            key,
            grade: grade.unwrap_or(0),
            own_grade: grade,
            text: p.front.recommendation.trim().to_string(),
            summary: p
                .front
                .summary
                .as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            order: p.front.order,
            reference: p
                .front
                .reference
                .as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            draft: p.front.draft,
            body_html: body.html.into(),
            footnotes: body.footnotes,
            assessments,
            fallback: super::Fallback::default(),
            file: file.path.clone(),
        })
    });
    (rec, d)
}
