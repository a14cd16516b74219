//! Another assessor's grade: the recommendations an assessor other than
//! the site's own (the Committee, say) gave a grade of its scale, a page of
//! the list at a time.

use super::{Kind, Page, list, list_description, page_of};
use crate::base::address;
use crate::model::{Site, history};
use crate::render::views::*;

/// A page of another assessor's grade list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AssessorGrade {
    /// Index into `Site::assessors`.
    pub assessor: usize,
    /// Index into that assessor's `grades`.
    pub grade: usize,
    /// Which page of its list (0 for the first).
    pub page: usize,
}

impl Kind for AssessorGrade {
    const TEMPLATE: &'static str = "assessor_grade.html";

    fn all(site: &Site) -> Vec<AssessorGrade> {
        let mut pages = Vec::new();
        for (assessor, a) in site.assessors.iter().enumerate() {
            for (grade, entry) in a.grades.iter().enumerate() {
                pages.extend(
                    list(entry.recommendations.len(), site).map(|page| AssessorGrade {
                        assessor,
                        grade,
                        page,
                    }),
                );
            }
        }
        pages
    }

    fn path(self, site: &Site) -> String {
        let entry = &site.assessors[self.assessor].grades[self.grade];
        address::list_page(&entry.path, self.page)
    }

    fn showing(site: &Site, ri: usize) -> Vec<AssessorGrade> {
        let mut pages = Vec::new();
        if !history::has_history(site, ri) {
            return pages;
        }
        for (assessor, a) in site.assessors.iter().enumerate() {
            for (grade, entry) in a.grades.iter().enumerate() {
                if let Ok(at) = entry.recommendations.binary_search(&ri) {
                    let page = page_of(at, site.config.per_page);
                    pages.push(AssessorGrade {
                        assessor,
                        grade,
                        page,
                    });
                }
            }
        }
        pages
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let assessor = &site.assessors[self.assessor];
        let entry = &assessor.grades[self.grade];
        let (shown, pagination) = paginate(v, &entry.path, &entry.recommendations, self.page);
        let name = v.assessor_name(Some(&assessor.key));
        let grade = v.graded(Some(&assessor.key), entry.grade, entry.grade);
        let title = tr(v).fmt("grade_by", &[("code", &grade.code), ("assessor", name)]);
        let scale = history::scale(site, Some(&assessor.key));
        let untranslated = v.assessor_untranslated(&assessor.key, entry.grade, entry.grade);
        let values = ctx! {
            assessor => name,
            own_assessor => v.assessor_name(None),
            grade => grade,
            description => scale[entry.grade].description.as_str(),
            total => entry.recommendations.len(),
            recommendations => v.assessor_rows(&assessor.key, shown),
            pagination => pagination,
            labels_notice => v.labels_notice(untranslated),
        };
        let description = list_description(v, &title, entry.recommendations.len());
        Page::new(page_title(v, title, self.page), values)
            .describe(description)
            .under(vec![v.crumb(tr(v).get("grades"), address::GRADES)])
    }
}
