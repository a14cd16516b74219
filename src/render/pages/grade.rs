//! A grade's list: the recommendations the site's own assessor gave a
//! grade, by country, a page of the list at a time.

use super::{Kind, Page, list, list_description, page_in};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

/// A page of a grade's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade {
    /// Index into `Site::grades`.
    pub grade: usize,
    /// Which page of its list (0 for the first).
    pub page: usize,
}

impl Kind for Grade {
    const TEMPLATE: &'static str = "grade.html";

    fn all(site: &Site) -> Vec<Grade> {
        let lists = site.grades.iter().enumerate();
        lists
            .flat_map(|(grade, g)| {
                list(g.recommendations.len(), site).map(move |page| Grade { grade, page })
            })
            .collect()
    }

    fn path(self, site: &Site) -> String {
        address::list_page(&site.grades[self.grade].path, self.page)
    }

    fn showing(site: &Site, ri: usize) -> Vec<Grade> {
        let grade = site.recommendations[ri].info.grade;
        let page = page_in(&site.grades[grade].recommendations, ri, site);
        vec![Grade { grade, page }]
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let entry = &site.grades[self.grade];
        let (shown, pagination) = paginate(v, &entry.path, &entry.recommendations, self.page);
        let list = v.grade_list(self.grade);
        let title = tr(v).fmt("grade_n", &[("code", &site.config.grades[self.grade].code)]);
        let values = ctx! {
            grade => v.grades[self.grade].clone(),
            total => entry.recommendations.len(),
            groups => v.by_country(shown),
            pagination => pagination,
            countries => list.countries,
        };
        let description = list_description(v, &title, entry.recommendations.len());
        Page::new(page_title(v, title, self.page), values)
            .describe(description)
            .under(vec![v.crumb(tr(v).get("grades"), address::GRADES)])
    }
}
