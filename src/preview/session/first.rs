//! The preview's first swap on the slow path: after an edit that moves
//! recommendations between lists (a new grade, order or file), the pages
//! the author is looking at (each edited recommendation's own page and its
//! paragraph's) are rendered and served as soon as the new model exists,
//! before the lists and counts are planned and rendered. The rest of the
//! rebuild then brings every page to what a full build gives.

use super::{Served, Session};
use crate::base::address;
use crate::base::diagnostics::Diagnostics;
use crate::base::output::Contents;
use crate::model::Site;
use crate::preview::plan;
use crate::render::Renderer;
use crate::render::pages::PageSpec;

/// Told the snapshot served after the first swap, and the addresses of the
/// pages it changed (`/kazakhstan/p07/`), so open pages showing them reload.
pub type FirstSwap = Box<dyn FnMut(super::Snapshot, Vec<String>) + Send>;

/// The cheap pages that show recommendation `ri` of `site` in full: its
/// own page and its paragraph's.
fn own_pages(site: &Site, ri: usize) -> impl Iterator<Item = PageSpec> {
    PageSpec::showing(site, ri)
        .into_iter()
        .filter(|p| matches!(p, PageSpec::Recommendation(_) | PageSpec::Paragraph(_)))
}

impl Session {
    /// Asks to be told of each first swap ([`FirstSwap`]); without it, a
    /// rebuild's pages are all served at once, when it ends.
    pub fn on_first_swap(&mut self, tell: FirstSwap) {
        self.first_swap = Some(tell);
    }

    /// Renders and serves the pages that show the recommendations in the
    /// files `edited` in full, in each language of the new `site` whose
    /// served pages have fingerprints (`same[i]`), and tells the listener
    /// ([`Session::on_first_swap`]). Returns how many pages were rendered.
    /// Their fingerprints are kept, so the plan that follows skips them.
    pub(super) fn first_swap(
        &mut self,
        site: &Site,
        envs: &[&minijinja::Environment<'static>],
        same: &[bool],
        edited: &[String],
    ) -> Result<usize, Diagnostics> {
        // Done even when nobody listens: the pages are the same as the
        // plan would render, so the tests of rebuilds check them too.
        if self.errors.has_errors() {
            return Ok(0);
        }
        let Some(compiled) = self.theme.clone() else {
            return Ok(0);
        };
        let mut made = Vec::new();
        for (i, (lang, prefix)) in site.languages().enumerate() {
            let Some(prints) = self.prints.get_mut(i).filter(|_| same[i]) else {
                continue;
            };
            let mut pages: Vec<PageSpec> = lang
                .recommendations
                .iter()
                .enumerate()
                .filter(|(_, r)| edited.contains(&r.info.file))
                .flat_map(|(ri, _)| own_pages(lang, ri))
                .collect();
            pages.sort();
            pages.dedup();
            let renderer = Renderer::new(lang, &compiled.0, envs[i]);
            let pages = plan::changed(&renderer, prints, &pages);
            let (rendered, fresh) = plan::render(&renderer, &pages)?;
            prints.extend(fresh);
            made.extend(rendered.into_iter().map(|f| f.under(&prefix)));
        }
        if made.is_empty() {
            return Ok(0);
        }
        let count = made.len();
        let mut addresses = Vec::with_capacity(count);
        for f in made {
            if let Contents::Bytes(b) = f.contents {
                addresses.push(address::of_file(&f.path));
                self.files.insert(f.path, Served::Bytes(b.into()));
            }
        }
        if self.first_swap.is_some() {
            let snapshot = self.snapshot();
            if let Some(tell) = self.first_swap.as_mut() {
                tell(snapshot, addresses);
            }
            // What follows is news to pages opened since.
            self.version += 1;
        }
        Ok(count)
    }
}
