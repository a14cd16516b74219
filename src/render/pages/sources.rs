//! The sources page: every source the footnotes cite, with the
//! recommendations that cite it.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sources;

impl Kind for Sources {
    const TEMPLATE: &'static str = "sources.html";
    /// The longest single page (a second at 100,000 recommendations).
    const LONG: bool = true;

    fn all(_site: &Site) -> Vec<Sources> {
        vec![Sources]
    }

    fn path(self, _site: &Site) -> String {
        address::SOURCES.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        Page::new(tr(v).get("sources"), ctx! { sources => sources(v) })
    }
}
