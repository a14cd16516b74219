//! A recommendation's page: the recommendation in full, its grade's
//! meaning, and the recommendations before and after it.

use super::{Kind, Page};
use crate::model::Site;
use crate::render::cite;
use crate::render::views::*;

/// The page of a recommendation (index into `Site::recommendations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Recommendation(pub usize);

impl Kind for Recommendation {
    const TEMPLATE: &'static str = "recommendation.html";

    fn all(site: &Site) -> Vec<Recommendation> {
        (0..site.recommendations.len())
            .map(Recommendation)
            .collect()
    }

    fn path(self, site: &Site) -> String {
        site.recommendations[self.0].path.clone()
    }

    fn country(self, site: &Site) -> Option<usize> {
        Some(site.recommendations[self.0].country)
    }

    /// Its own page, and its neighbours', whose pager names it.
    fn showing(site: &Site, ri: usize) -> Vec<Recommendation> {
        let r = &site.recommendations[ri];
        std::iter::once(ri)
            .chain(r.previous)
            .chain(r.next)
            .map(Recommendation)
            .collect()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let r = &site.recommendations[self.0];
        let p = &site.paragraphs[r.paragraph];
        let c = &site.countries[r.country];
        let reference = &v.card_of(self.0).reference;
        let values = ctx! {
            country => v.country_brief(r.country),
            grade_description => &site.config.grades[r.info.grade].description,
            recommendation => v.full(self.0),
            previous => r.previous.map(|i| v.card(i)),
            next => r.next.map(|i| v.card(i)),
            cite => cite::of_recommendation(site, self.0).view(&v.url(&r.path), tr(v)),
        };
        let title = tr(v).fmt(
            "country_recommendation_title",
            &[("country", &c.info.name), ("ref", reference)],
        );
        let described = r.info.summary.as_deref().unwrap_or(&r.info.text);
        Page::new(title, values)
            .describe(crate::base::text::plain(described))
            .article()
            .crumb(tr(v).fmt("recommendation_n", &[("ref", reference)]))
            .under(vec![
                v.crumb(&c.info.name, &c.path),
                v.crumb(&paragraph_n(v, p.info.number), &p.path),
            ])
    }
}
