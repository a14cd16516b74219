//! A paragraph's page: the Committee's concern and its recommendations in
//! full.

use super::{Kind, Page};
use crate::model::Site;
use crate::render::views::*;

/// The page of a follow-up paragraph (index into `Site::paragraphs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Paragraph(pub usize);

impl Kind for Paragraph {
    const TEMPLATE: &'static str = "paragraph.html";

    fn all(site: &Site) -> Vec<Paragraph> {
        (0..site.paragraphs.len()).map(Paragraph).collect()
    }

    fn path(self, site: &Site) -> String {
        site.paragraphs[self.0].path.clone()
    }

    fn country(self, site: &Site) -> Option<usize> {
        Some(site.paragraphs[self.0].country)
    }

    fn showing(site: &Site, ri: usize) -> Vec<Paragraph> {
        vec![Paragraph(site.recommendations[ri].paragraph)]
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let p = &site.paragraphs[self.0];
        let c = &site.countries[p.country];
        let recs: Vec<_> = p.recommendations.clone().map(|ri| v.full(ri)).collect();
        let values = ctx! {
            country => v.country_brief(p.country),
            paragraph => ctx! {
                concern_html => &p.info.concern_html,
                ..paragraph_facts(v, self.0)
            },
            recommendations => recs,
        };
        let number = p.info.number.to_string();
        let title = tr(v).fmt(
            "country_paragraph_title",
            &[("country", &c.info.name), ("n", &number)],
        );
        Page::new(title, values)
            .crumb(paragraph_n(v, p.info.number))
            .under(vec![v.crumb(&c.info.name, &c.path)])
    }
}
