//! Stage 5: which pages a site has. Every page kind, its address (made by
//! [`crate::address`]), and how long lists are split into pages.

use crate::address;
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
