//! Views of lists: what a list of recommendations says of itself (its
//! counts by grade and country, which page of it a reader is on), and the
//! rows of the home and articles pages.

use super::{DateView, GradeCount, Views, ctx, tr};
use crate::base::address;
use crate::render::pages::list_pages;
use serde::Serialize;
use std::collections::BTreeMap;

/// A list's counts by grade and by country, as template values.
pub struct ListSummary {
    pub grade_counts: minijinja::Value,
    pub countries: minijinja::Value,
}

impl ListSummary {
    pub(super) fn of(v: &Views<'_>, recs: &[usize]) -> ListSummary {
        ListSummary {
            grade_counts: minijinja::Value::from(minijinja::value::Serde(
                v.grade_counts(&v.counts_of(recs)),
            )),
            countries: minijinja::Value::from(country_counts(v, recs)),
        }
    }
}

/// Which page of a list a reader is on, and the way to the others.
#[derive(Serialize)]
pub struct Pagination {
    /// 1-based.
    number: usize,
    pages: usize,
    /// Positions (1-based) of the first and last recommendation shown.
    first: usize,
    last: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    /// Every page: its number and address.
    links: Vec<(usize, String)>,
}

/// The recommendations on page `page` of the list `recs` at `path`, and
/// the pagination the page shows.
pub fn paginate<'r>(
    v: &Views<'_>,
    path: &str,
    recs: &'r [usize],
    page: usize,
) -> (&'r [usize], Pagination) {
    let per_page = v.site.config.per_page.max(1);
    let pages = list_pages(recs.len(), per_page);
    let start = (page * per_page).min(recs.len());
    let end = (start + per_page).min(recs.len());
    let url = |p: usize| v.url(&address::list_page(path, p));
    let pagination = Pagination {
        number: page + 1,
        pages,
        first: start + 1,
        last: end,
        total: recs.len(),
        previous: page.checked_sub(1).map(url),
        next: (page + 1 < pages).then(|| url(page + 1)),
        links: (0..pages).map(|p| (p + 1, url(p))).collect(),
    };
    (&recs[start..end], pagination)
}

/// The title of page `page` of a list: "Grade B2", then "Grade B2 · Page 2".
pub fn page_title(v: &Views<'_>, title: String, page: usize) -> String {
    if page == 0 {
        title
    } else {
        let n = (page + 1).to_string();
        format!("{title} · {}", tr(v).fmt("page_n", &[("n", &n)]))
    }
}

/// Articles with recommendations, grouped by treaty.
pub fn treaty_articles<'a>(v: &Views<'a>) -> Vec<minijinja::Value> {
    let mut out = Vec::new();
    let mut current: Option<(&str, Vec<minijinja::Value>)> = None;
    for a in &v.site.articles {
        if current.as_ref().map(|c| c.0) != Some(a.treaty.as_str()) {
            if let Some((key, articles)) = current.take() {
                out.push(treaty_group(v, key, articles));
            }
            current = Some((&a.treaty, Vec::new()));
        }
        if let Some((_, articles)) = current.as_mut() {
            articles.push(ctx! {
                number => a.number,
                title => &a.title,
                url => v.url(&a.path),
                count => a.recommendations.len(),
                total => a.recommendations.len(),
                grade_counts => v.grade_counts(&v.counts_of(&a.recommendations)),
            });
        }
    }
    if let Some((key, articles)) = current {
        out.push(treaty_group(v, key, articles));
    }
    out
}

pub fn treaty_group(v: &Views<'_>, key: &str, articles: Vec<minijinja::Value>) -> minijinja::Value {
    ctx! {
        key => key,
        name => v.site.treaty_name(key),
        articles => articles,
    }
}

/// The home page's row for one country.
pub fn country_row(
    v: &Views<'_>,
    c: &crate::model::CountryEntry,
    grade_counts: Vec<GradeCount>,
    assessed: Option<DateView>,
) -> minijinja::Value {
    ctx! {
        name => &c.info.name,
        code => &c.info.code,
        url => v.url(&c.path),
        treaty => &c.info.treaty,
        document => &c.info.document,
        assessed => assessed,
        paragraphs => c.paragraphs.len(),
        total => c.recommendations.len(),
        grade_counts => grade_counts,
    }
}

/// Recommendations counted by country and grade, in site order: the rows of
/// a country × grade chart (the countries that have any of `recs`).
pub fn country_counts(v: &Views<'_>, recs: &[usize]) -> Vec<minijinja::Value> {
    let site = v.site;
    let mut counts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &ri in recs {
        let r = &site.recommendations[ri];
        counts
            .entry(r.country)
            .or_insert_with(|| vec![0; v.grades.len()])[r.info.grade] += 1;
    }
    counts
        .into_iter()
        .map(|(ci, c)| {
            let country = &site.countries[ci];
            ctx! {
                name => site.dossier_name(ci),
                url => v.url(&country.path),
                total => c.iter().sum::<usize>(),
                grade_counts => v.grade_counts(&c),
            }
        })
        .collect()
}
