//! The sitemap (the theme's `sitemap.xml`): one for the whole site, at its
//! root, listing every language's pages.

use super::{Format, Render, Scope, Sink, absolute, bytes, xml_chars};
use crate::base::address;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::OutputFile;
use crate::model::Site;
use crate::render::pages::PageSpec;

/// The sitemap (the theme's `sitemap.xml`): every page but the one for
/// addresses that do not exist and the one for authors (translations), in
/// every language, each with its alternates in the others (the same path
/// under each language's prefix).
fn sitemap(site: &Site, render: &Render) -> Result<OutputFile, Diagnostic> {
    let paths: Vec<String> = PageSpec::all(site)
        .into_iter()
        .filter(PageSpec::in_sitemap)
        .map(|spec| spec.path(site))
        .collect();
    let mut urls: Vec<String> = paths.iter().map(|p| absolute(site, p)).collect();
    let mut all_paths = paths.clone();
    for t in &site.translations {
        urls.extend(paths.iter().map(|p| absolute(t, p)));
        all_paths.extend(paths.iter().cloned());
    }
    let languages: Vec<minijinja::Value> = if site.translations.is_empty() {
        Vec::new()
    } else {
        std::iter::once(site)
            .chain(&site.translations)
            .map(|s| minijinja::context! { code => &s.config.language, base_url => &s.config.base_url })
            .collect()
    };
    let context = minijinja::context! { urls => urls, paths => all_paths, languages => languages };
    Ok(bytes(
        address::SITEMAP,
        xml_chars(render.template("sitemap.xml", context)?),
    ))
}

/// `sitemap.xml`, made with the main language's site, which knows the others.
pub struct Sitemap;

impl Format for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn scope(&self) -> Scope {
        Scope::SiteRoot
    }

    fn make_each(&self, site: &Site, render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        sitemap(site, render)
            .and_then(sink)
            .err()
            .into_iter()
            .collect()
    }
}
