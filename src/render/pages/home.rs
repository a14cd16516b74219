//! The home page: the site's introduction, its countries with their
//! grades, and the articles of each treaty.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::structured;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Home;

impl Kind for Home {
    const TEMPLATE: &'static str = "home.html";

    fn all(_site: &Site) -> Vec<Home> {
        vec![Home]
    }

    fn path(self, _site: &Site) -> String {
        address::HOME.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let countries: Vec<_> = site
            .countries
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let row = country_row(
                    v,
                    c,
                    v.grade_counts(&c.grade_counts),
                    date_view(c.info.assessed, &site.config.strings),
                );
                let row = match site.reviews(ci) {
                    Some(n) => ctx! { reviews => n, review => &c.info.document, ..row },
                    None => row,
                };
                match site.has_procedure {
                    true => ctx! { standing => v.standing(ci), ..row },
                    false => row,
                }
            })
            .collect();
        let values = ctx! {
            intro_html => &site.home_html,
            heading => site.home_title.as_deref().unwrap_or(&site.config.title),
            countries => &countries,
            grade_counts => v.grade_counts(&site.grade_counts),
            total => site.recommendations.len(),
            treaties => treaty_articles(v),
            progress_url => site.has_history.then(|| v.url(address::PROGRESS)),
            follow_up_url => site.has_procedure.then(|| v.url(address::FOLLOW_UP)),
        };
        Page::new(&site.config.title, values)
            .describe(structured::home_description(v))
            .with_data(structured::dataset(v))
            .alone()
    }
}
