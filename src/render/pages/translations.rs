//! For authors of a site in several languages: how far each other
//! language has come, and what is left to translate. The main language's
//! page alone, kept out of the sitemap.

use super::{Kind, Page};
use crate::base::address;
use crate::model::Site;
use crate::render::views::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Translations;

impl Kind for Translations {
    const TEMPLATE: &'static str = "translations.html";
    const IN_SITEMAP: bool = false;
    const IN_EVERY_LANGUAGE: bool = false;

    fn all(site: &Site) -> Vec<Translations> {
        (!site.status.is_empty())
            .then_some(Translations)
            .into_iter()
            .collect()
    }

    fn path(self, _site: &Site) -> String {
        address::TRANSLATIONS.to_string()
    }

    fn page(self, v: &Views<'_>) -> Page {
        let languages: Vec<_> = v
            .site
            .status
            .iter()
            .map(|s| {
                ctx! {
                    code => &s.language,
                    name => crate::input::strings::language_name(&s.language),
                    translated => s.translated,
                    total => s.total,
                    missing => &s.missing,
                }
            })
            .collect();
        Page::new(tr(v).get("translations"), ctx! { languages => languages })
    }
}
