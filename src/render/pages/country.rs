//! A country's page: its dossier's paragraphs, each with the cards of its
//! recommendations.

use super::{Kind, Page};
use crate::model::Site;
use crate::render::cite;
use crate::render::views::*;

/// The page of a country (index into `Site::countries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country(pub usize);

impl Kind for Country {
    const TEMPLATE: &'static str = "country.html";

    fn all(site: &Site) -> Vec<Country> {
        (0..site.countries.len()).map(Country).collect()
    }

    fn path(self, site: &Site) -> String {
        site.countries[self.0].path.clone()
    }

    fn country(self, _site: &Site) -> Option<usize> {
        Some(self.0)
    }

    fn showing(site: &Site, ri: usize) -> Vec<Country> {
        vec![Country(site.recommendations[ri].country)]
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let c = &site.countries[self.0];
        let paragraphs: Vec<_> = c
            .paragraphs
            .clone()
            .map(|pi| {
                let recs = site.paragraphs[pi].recommendations.clone();
                ctx! {
                    recommendations => v.cards_of(recs),
                    ..paragraph_facts(v, pi)
                }
            })
            .collect();
        let values = ctx! {
            country => v.country_value(self.0),
            paragraphs => &paragraphs,
            cite => cite::of_country(site, self.0).view(&v.url(&c.path), tr(v)),
        };
        let intro = crate::base::text::plain(&c.info.intro_html);
        let description = match intro.is_empty() {
            true => super::list_description(v, &c.info.name, c.recommendations.len()),
            false => intro,
        };
        let report = crate::render::structured::report(v, self.0, &description);
        Page::new(&c.info.name, values)
            .describe(description)
            .article()
            .with_data(report)
    }
}
