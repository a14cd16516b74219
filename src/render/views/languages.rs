//! Views of a site in several languages: the links to each language's
//! pages, and which texts are shown in the main language for want of a
//! translation.

use super::{Views, ctx, tr};
use serde::Serialize;

/// A language of the site, for the switcher and the alternates.
#[derive(Serialize, Clone)]
pub struct LanguageLink {
    code: String,
    /// Its own name ("Русский").
    name: &'static str,
    /// Where its pages start: a path (`/dossiers/ru/`) and an address.
    base_path: String,
    base_url: String,
    current: bool,
}

/// A language's name in that language, from the theme's table.
pub(super) fn language_name(code: &str) -> &'static str {
    crate::input::strings::language_name(code)
}

impl Views<'_> {
    /// Which texts of a file are shown in the main language, with that
    /// language's code (for `lang`) and the notice that says so; none when
    /// every text is in the page's language.
    pub fn untranslated(&self, f: crate::check::validate::Fallback) -> Option<minijinja::Value> {
        let source = self.site.config.source_language.as_deref()?;
        f.any().then(|| {
            ctx! {
                text => f.text,
                summary => f.summary,
                body => f.body,
                lang => source,
                notice => tr(self).fmt("not_translated", &[("language", language_name(source))]),
            }
        })
    }

    /// The address of `path` on the main language's site.
    pub(super) fn home_url(&self, path: &str) -> String {
        format!(
            "{}{path}",
            crate::input::config::base_path(&self.site.config.home_base_url)
        )
    }

    /// Every language of the site, the main one first.
    pub(super) fn language_links(&self) -> Vec<LanguageLink> {
        let config = &self.site.config;
        if config.languages.is_empty() {
            return Vec::new();
        }
        let main = config
            .source_language
            .as_deref()
            .unwrap_or(&config.language);
        std::iter::once(main)
            .chain(config.languages.iter().map(|l| l.code.as_str()))
            .map(|code| {
                let base_url = if code == main {
                    config.home_base_url.clone()
                } else {
                    format!("{}{code}/", config.home_base_url)
                };
                LanguageLink {
                    code: code.to_string(),
                    name: language_name(code),
                    base_path: crate::input::config::base_path(&base_url),
                    base_url,
                    current: code == config.language,
                }
            })
            .collect()
    }
}
