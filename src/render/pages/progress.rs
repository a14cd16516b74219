//! Movement between rounds, for sites that record rounds or assessors:
//! which recommendations moved up or down a scale, and where assessors
//! disagree.

use super::{Kind, Page};
use crate::base::address;
use crate::model::{Site, history};
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Progress;

impl Kind for Progress {
    const TEMPLATE: &'static str = "progress.html";

    fn all(site: &Site) -> Vec<Progress> {
        site.has_history.then_some(Progress).into_iter().collect()
    }

    fn path(self, _site: &Site) -> String {
        address::PROGRESS.to_string()
    }

    fn showing(site: &Site, ri: usize) -> Vec<Progress> {
        history::has_history(site, ri)
            .then_some(Progress)
            .into_iter()
            .collect()
    }

    fn page(self, v: &Views<'_>) -> Page {
        Page::new(tr(v).get("progress"), ctx! { assessors => v.progress() })
    }
}
