//! The list of articles: each treaty's articles that recommendations
//! concern, with how many there are.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Articles;

impl Kind for Articles {
    const TEMPLATE: &'static str = "articles.html";

    fn all(_site: &Site) -> Vec<Articles> {
        vec![Articles]
    }

    fn path(self, _site: &Site) -> String {
        address::ARTICLES.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        Page::new(
            tr(v).get("articles"),
            ctx! { treaties => treaty_articles(v) },
        )
    }
}
