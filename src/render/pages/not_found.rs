//! The page for an address the site does not have (`404.html`, which
//! GitHub Pages serves for it).

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NotFound;

impl Kind for NotFound {
    const TEMPLATE: &'static str = "404.html";
    const IN_SITEMAP: bool = false;

    fn all(_site: &Site) -> Vec<NotFound> {
        vec![NotFound]
    }

    fn path(self, _site: &Site) -> String {
        address::NOT_FOUND.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        Page::new(tr(v).get("not_found"), minijinja::context! {}).alone()
    }
}
