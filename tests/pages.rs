//! The kinds of page: every kind's template is in the default theme, every
//! page lives where no country folder can take its place, and the pages
//! said to show a recommendation are the pages that do.

use crate::common::{fixture_site, history_site::history_site, sample_root};
use followup::base::{address, output::Contents};
use followup::render::pages::{PageSpec, TEMPLATES};
use std::collections::BTreeSet;
use std::path::Path;

/// The site at `root` as the build models it.
fn model(root: &Path) -> followup::model::Site {
    let loaded = followup::input::load::load(root);
    let diags = loaded.diagnostics();
    let (site, _, _) = followup::prepare(&loaded, diags, None, |name| {
        followup::render::theme::Theme::load(root, name)
    })
    .unwrap_or_else(|d| panic!("{d:?}"));
    site
}

#[test]
fn every_kind_of_page_has_its_template_in_the_default_theme() {
    let theme: Vec<&str> = followup::render::theme::TEMPLATES
        .iter()
        .map(|(name, _)| *name)
        .collect();
    for template in TEMPLATES {
        assert!(
            theme.contains(template),
            "{template} is not among the default theme's templates"
        );
        let file = sample_root()
            .join("themes/default/templates")
            .join(template);
        assert!(file.is_file(), "{} is missing", file.display());
    }
}

#[test]
fn every_page_is_in_a_country_folder_or_at_a_reserved_name() {
    let reserved = address::reserved();
    for dir in [fixture_site(), history_site()] {
        let site = model(dir.path());
        let folders: BTreeSet<&str> = site
            .countries
            .iter()
            .map(|c| c.path.trim_end_matches('/'))
            .collect();
        for spec in PageSpec::all(&site) {
            let path = spec.path(&site);
            let top = path.split('/').next().unwrap_or_default();
            let top = top.trim_end_matches(".html");
            assert!(
                top.is_empty() || folders.contains(top) || reserved.contains(&top),
                "{spec:?} at {path:?}: {top:?} is neither a country's folder nor reserved, so a \
                 country could take its address"
            );
        }
    }
}

/// For each recommendation of the site at `root`, the pages whose HTML
/// links to its page (the sources page aside) are the pages
/// [`PageSpec::showing`] names, its own page included.
fn showing_is_what_links(root: &Path) {
    let site = model(root);
    let compiled = followup::compile(root, None).unwrap_or_else(|d| panic!("{d:?}"));
    let base = site.config.base_path();
    let other_languages: Vec<String> = site
        .translations
        .iter()
        .map(|t| t.config.output_prefix())
        .collect();
    let pages: Vec<(&str, String)> = compiled
        .output
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter(|f| {
            !other_languages
                .iter()
                .any(|p| f.path.starts_with(p.as_str()))
        })
        .filter(|f| f.path != address::file_of(address::SOURCES.to_string()))
        .filter_map(|f| match &f.contents {
            Contents::Bytes(b) => Some((f.path.as_str(), String::from_utf8_lossy(b).into())),
            Contents::Copy(_) => None,
        })
        .collect();
    assert!(!pages.is_empty());
    for (ri, r) in site.recommendations.iter().enumerate() {
        let link = format!("href=\"{base}{}\"", r.path);
        let own = address::file_of(r.path.clone());
        let linking: BTreeSet<&str> = pages
            .iter()
            .filter(|(path, html)| *path == own || html.contains(&link))
            .map(|(path, _)| *path)
            .collect();
        let said: BTreeSet<String> = PageSpec::showing(&site, ri)
            .iter()
            .map(|p| p.file(&site))
            .collect();
        let said: BTreeSet<&str> = said.iter().map(String::as_str).collect();
        assert_eq!(linking, said, "{}: pages linking to it", r.path);
    }
}

#[test]
fn the_pages_said_to_show_a_recommendation_are_the_pages_that_link_to_it() {
    showing_is_what_links(&sample_root());
    showing_is_what_links(fixture_site().path());
    showing_is_what_links(history_site().path());
}
