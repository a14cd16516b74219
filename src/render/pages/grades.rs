//! The list of grades: how many recommendations have each, by the site's
//! own assessor and by every other.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grades;

impl Kind for Grades {
    const TEMPLATE: &'static str = "grades.html";

    fn all(_site: &Site) -> Vec<Grades> {
        vec![Grades]
    }

    fn path(self, _site: &Site) -> String {
        address::GRADES.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let untranslated = site.assessors.iter().any(|a| {
            a.spans
                .iter()
                .any(|&((low, high), _)| v.assessor_untranslated(&a.key, low, high))
        });
        let values = ctx! {
            grade_counts => v.grade_counts(&site.grade_counts),
            total => site.recommendations.len(),
            assessors => v.assessor_counts(),
            labels_notice => v.labels_notice(untranslated),
        };
        Page::new(tr(v).get("grades"), values)
    }
}
