//! Stage 8, for the preview: the change planner. Given the renderers of an
//! old and a new site (same settings, same theme), which pages of the new
//! site differ from what the old one rendered.
//!
//! A page differs when its template context differs: the planner compares
//! the very values the templates render (cards, full views, country facts,
//! list counts), made by the same code, so a field added to what a page
//! shows is compared the day it is added. Pages are matched by address, as
//! a reader's browser matches them; a page with a new address is rendered.

use crate::render::Renderer;
use crate::render::pages::PageSpec;
use rayon::prelude::*;
use std::collections::HashMap;

/// The pages of `new` that differ from the page at the same address in
/// `old`, or that `old` did not have. `new` first takes over `old`'s equal
/// values, so each shared value is compared once, not on every page.
pub fn changed(old: &Renderer, new: &mut Renderer) -> Vec<PageSpec> {
    new.adopt(old);
    let new = &*new;
    let old_site = old.views().site;
    let by_file: HashMap<String, PageSpec> = PageSpec::all(old_site)
        .into_iter()
        .map(|spec| (spec.file(old_site), spec))
        .collect();
    let new_site = new.views().site;
    PageSpec::all(new_site)
        .into_par_iter()
        .filter(|spec| match by_file.get(&spec.file(new_site)) {
            Some(was) => old.context(*was) != new.context(*spec),
            None => true,
        })
        .collect()
}

/// Of `candidates` (pages of the site both renderers show, at the same
/// indexes), those whose contexts differ: the in-place edit's check,
/// which compares only the pages that can show the edited recommendation.
pub fn changed_among(
    old: &[(PageSpec, (&'static str, minijinja::Value))],
    new: &Renderer,
) -> Vec<PageSpec> {
    old.par_iter()
        .filter(|(spec, context)| new.context(*spec) != *context)
        .map(|(spec, _)| *spec)
        .collect()
}
