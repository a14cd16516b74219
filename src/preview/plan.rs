//! Stage 8, for the preview: the change planner. Given the renderer of a
//! new site and the fingerprints of the pages the preview serves, which
//! pages of the new site differ from what is served.
//!
//! A page differs when its template context differs: the planner compares
//! the very values the templates render (cards, full views, country facts,
//! list counts), made by the same code, so a field added to what a page
//! shows is compared the day it is added. The old side of each comparison
//! is the fingerprint kept from the rebuild that made the served page
//! ([`crate::preview::fingerprint`]), so only the new side is made. Pages
//! are matched by address, as a reader's browser matches them; a page with
//! a new address, or none kept, is rendered.

use crate::base::diagnostics::Diagnostics;
use crate::base::output::OutputFile;
use crate::model::Site;
use crate::preview::fingerprint::{self, Fingerprints};
use crate::render::Renderer;
use crate::render::pages::PageSpec;
use rayon::prelude::*;

/// Of `candidates` (pages of the site `new` renders), those whose contexts
/// differ from the served pages' fingerprints `was`. Their new
/// fingerprints are kept when they are rendered ([`render`]).
pub fn changed(new: &Renderer, was: &Fingerprints, candidates: &[PageSpec]) -> Vec<PageSpec> {
    let site = new.views().site;
    candidates
        .par_iter()
        .filter(|spec| {
            let (template, context) = new.context(**spec);
            was.get(&spec.file(site)) != Some(fingerprint::of(template, &context))
        })
        .copied()
        .collect()
}

/// The country folders (`content/kazakhstan`) holding the `changed` paths
/// (relative to the site's root), when each is inside a paragraph's folder
/// (a recommendation, a paragraph, their translations); `None` otherwise.
/// A country's pages show that country's recommendations and paragraphs
/// and the site's settings, nothing of another country: after such a
/// change only the pages of those countries and the site's own pages
/// (lists, counts, sources) can differ ([`candidates`]).
pub fn country_folders(changed: &[String]) -> Option<Vec<String>> {
    changed
        .iter()
        .map(|c| {
            let parts: Vec<&str> = c.split('/').collect();
            (parts.len() >= 4 && parts[0] == crate::input::load::CONTENT_DIR)
                .then(|| format!("{}/{}", parts[0], parts[1]))
        })
        .collect()
}

/// The pages of `all` (the pages of `site`) that can differ after a change
/// inside the country folders `folders` ([`country_folders`]): the pages
/// of those countries and the pages of no country. `None` when a folder
/// is no country of `site`, whose pages cannot be told.
pub fn candidates(site: &Site, all: &[PageSpec], folders: &[String]) -> Option<Vec<PageSpec>> {
    let folder_of = |file: &str| file.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let countries: Vec<String> = site
        .countries
        .iter()
        .map(|c| folder_of(&c.info.file))
        .collect();
    if !folders.iter().all(|f| countries.contains(f)) {
        return None;
    }
    let affected: Vec<bool> = countries.iter().map(|c| folders.contains(c)).collect();
    let pages = all
        .iter()
        .filter(|p| p.country(site).is_none_or(|ci| affected[ci]));
    Some(pages.copied().collect())
}

/// Pages rendered, and the fingerprint of each by its file.
pub type Rendered = (Vec<OutputFile>, Vec<(String, u64)>);

/// [`changed`] and [`render`] in one pass: each page of `candidates` whose
/// context differs from its fingerprint in `was` is rendered from the
/// context just compared, not one made again. The long pages (the sources)
/// are started first, so that the others run beside them.
pub fn render_changed(
    new: &Renderer,
    was: &Fingerprints,
    candidates: &[PageSpec],
) -> Result<Rendered, Diagnostics> {
    let site = new.views().site;
    let mut order = candidates.to_vec();
    order.sort_by_key(|p| !p.long());
    let made: Vec<_> = order
        .par_iter()
        .with_max_len(1)
        .filter_map(|spec| {
            let (template, context) = new.context(*spec);
            let file = spec.file(site);
            let print = fingerprint::of(template, &context);
            (was.get(&file) != Some(print))
                .then(|| new.page_from(*spec, template, &context).map(|f| (f, print)))
        })
        .collect();
    Ok(noted(crate::render::gather(made)?))
}

/// Renders `pages` of the site `renderer` renders, with their fingerprints.
pub fn render(renderer: &Renderer, pages: &[PageSpec]) -> Result<Rendered, Diagnostics> {
    Ok(noted(renderer.render_noting(pages, fingerprint::of)?))
}

/// Pages rendered with their fingerprints, the fingerprints by file.
fn noted(made: Vec<(OutputFile, u64)>) -> Rendered {
    made.into_iter()
        .map(|(f, print)| {
            let file = f.path.clone();
            (f, (file, print))
        })
        .unzip()
}
