//! The search page, when the settings ask for search: it loads the search
//! bundle, and merges a large site's further bundles.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Search;

impl Kind for Search {
    const TEMPLATE: &'static str = "search.html";

    fn all(site: &Site) -> Vec<Search> {
        site.config.search.then_some(Search).into_iter().collect()
    }

    fn path(self, _site: &Site) -> String {
        address::SEARCH.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let site = v.site;
        let bundles = crate::input::config::search_bundles(
            site.recommendations.len(),
            site.config.search_bundle_size,
        );
        let values = ctx! {
            merge_bundles => (1..bundles)
                .map(|b| v.url(&address::search_bundle_dir(b)))
                .collect::<Vec<_>>(),
        };
        Page::new(tr(v).get("search"), values)
    }
}
