//! Stage 5: which pages a site has. Every page kind, its address (made by
//! [`crate::base::address`]), and how long lists are split into pages.

use crate::base::address;
use crate::model::Site;

/// A page of the site. Pages are rendered one by one from the model, so a
/// rebuild can render just the pages a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageSpec {
    Home,
    Country(usize),
    /// A country's whole dossier on one page, for reading through or printing.
    Report(usize),
    Paragraph(usize),
    Recommendation(usize),
    Articles,
    /// An article, and which page of its list (0 for the first).
    Article(usize, usize),
    Grades,
    /// A grade, and which page of its list (0 for the first).
    Grade(usize, usize),
    /// Another assessor's grade (index into `Site::assessors`, then into its
    /// `grades`), and which page of its list.
    AssessorGrade(usize, usize, usize),
    /// Movement between rounds, for sites that record rounds or assessors.
    Progress,
    /// For authors of a site in several languages: what is translated.
    Translations,
    Sources,
    Search,
    NotFound,
}

impl PageSpec {
    /// Every page of the site.
    pub fn all(site: &Site) -> Vec<PageSpec> {
        let mut pages = vec![PageSpec::Home];
        for (ci, c) in site.countries.iter().enumerate() {
            pages.push(PageSpec::Country(ci));
            if has_report(site, ci) {
                pages.push(PageSpec::Report(ci));
            }
            pages.extend(c.paragraphs.clone().map(PageSpec::Paragraph));
            pages.extend(c.recommendations.clone().map(PageSpec::Recommendation));
        }
        let per_page = site.config.per_page;
        pages.push(PageSpec::Articles);
        for (ai, a) in site.articles.iter().enumerate() {
            let n = list_pages(a.recommendations.len(), per_page);
            pages.extend((0..n).map(|p| PageSpec::Article(ai, p)));
        }
        pages.push(PageSpec::Grades);
        for (g, entry) in site.grades.iter().enumerate() {
            let n = list_pages(entry.recommendations.len(), per_page);
            pages.extend((0..n).map(|p| PageSpec::Grade(g, p)));
        }
        for (ai, a) in site.assessors.iter().enumerate() {
            for (g, entry) in a.grades.iter().enumerate() {
                let n = list_pages(entry.recommendations.len(), per_page);
                pages.extend((0..n).map(|p| PageSpec::AssessorGrade(ai, g, p)));
            }
        }
        if site.has_history {
            pages.push(PageSpec::Progress);
        }
        if !site.status.is_empty() {
            pages.push(PageSpec::Translations);
        }
        pages.push(PageSpec::Sources);
        if site.config.search {
            pages.push(PageSpec::Search);
        }
        pages.push(PageSpec::NotFound);
        pages
    }

    /// The page's address relative to the site's root: a folder
    /// (`kazakhstan/p07/`, `grades/b2/page/2/`, `` for the home page) or a
    /// file (`kazakhstan/report.html`, `404.html`).
    pub fn path(&self, site: &Site) -> String {
        match *self {
            PageSpec::Home => address::HOME.to_string(),
            PageSpec::Country(i) => site.countries[i].path.clone(),
            PageSpec::Report(i) => address::report(&site.countries[i].path),
            PageSpec::Paragraph(i) => site.paragraphs[i].path.clone(),
            PageSpec::Recommendation(i) => site.recommendations[i].path.clone(),
            PageSpec::Articles => address::ARTICLES.to_string(),
            PageSpec::Article(i, page) => address::list_page(&site.articles[i].path, page),
            PageSpec::Grades => address::GRADES.to_string(),
            PageSpec::Grade(i, page) => address::list_page(&site.grades[i].path, page),
            PageSpec::AssessorGrade(a, g, page) => {
                address::list_page(&site.assessors[a].grades[g].path, page)
            }
            PageSpec::Progress => address::PROGRESS.to_string(),
            PageSpec::Translations => address::TRANSLATIONS.to_string(),
            PageSpec::Sources => address::SOURCES.to_string(),
            PageSpec::Search => address::SEARCH.to_string(),
            PageSpec::NotFound => address::NOT_FOUND.to_string(),
        }
    }

    /// The output file of the page, relative to the output folder.
    pub fn file(&self, site: &Site) -> String {
        address::file_of(self.path(site))
    }
}

/// Whether country `ci` has a full report: one whose recommendations fit
/// on one page of a list (`per_page`), as a dossier does; a collection of
/// thousands would make a page no one could open or print.
pub fn has_report(site: &Site, ci: usize) -> bool {
    site.countries[ci].recommendations.len() <= site.config.per_page
}

/// How many pages a list of `n` recommendations takes, `per_page` to a page.
pub fn list_pages(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

/// The page of its list (0 for the first) that shows the recommendation at
/// position `at` of a list.
pub fn page_of(at: usize, per_page: usize) -> usize {
    at / per_page.max(1)
}

/// The pages that show recommendation `ri`, in full or as a card, other
/// than the sources page: its own page, its paragraph's, its country's and
/// the country's full report, the page of each list that holds it (its
/// grade, its articles, other assessors' grades), the progress page when it
/// has a history, and its neighbours' pages, whose pager names it.
/// The one home of "which pages list a recommendation".
pub fn showing(site: &Site, ri: usize) -> Vec<PageSpec> {
    let r = &site.recommendations[ri];
    let treaty = site.countries[r.country].info.treaty.as_str();
    let numbers = &site.paragraphs[r.paragraph].info.articles;
    let per_page = site.config.per_page;
    // Lists are in reading order: the page that shows it is found by search.
    let page_in = |list: &[usize]| page_of(list.binary_search(&ri).unwrap_or(0), per_page);
    let grade = r.info.grade;
    let mut pages = vec![
        PageSpec::Recommendation(ri),
        PageSpec::Paragraph(r.paragraph),
        PageSpec::Country(r.country),
        PageSpec::Grade(grade, page_in(&site.grades[grade].recommendations)),
    ];
    if has_report(site, r.country) {
        pages.push(PageSpec::Report(r.country));
    }
    pages.extend(
        site.articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.treaty == treaty && numbers.contains(&a.number))
            .map(|(ai, a)| PageSpec::Article(ai, page_in(&a.recommendations))),
    );
    if crate::model::history::has_history(site, ri) {
        pages.push(PageSpec::Progress);
        for (ai, a) in site.assessors.iter().enumerate() {
            for (g, entry) in a.grades.iter().enumerate() {
                if let Ok(at) = entry.recommendations.binary_search(&ri) {
                    pages.push(PageSpec::AssessorGrade(ai, g, page_of(at, per_page)));
                }
            }
        }
    }
    pages.extend(
        r.previous
            .into_iter()
            .chain(r.next)
            .map(PageSpec::Recommendation),
    );
    pages
}
