//! What GitHub Pages needs at the whole site's root: `.nojekyll` (so it
//! serves the files as they are, `_`-folders included) and, when the
//! settings name a domain, `CNAME`.

use super::{Format, Render, Scope, Sink, bytes};
use crate::base::diagnostics::Diagnostic;
use crate::model::Site;

/// `.nojekyll` and `CNAME`.
pub struct GithubPages;

impl Format for GithubPages {
    fn name(&self) -> &'static str {
        "GitHub Pages"
    }

    fn scope(&self) -> Scope {
        Scope::SiteRoot
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        let mut files = vec![bytes(".nojekyll", Vec::new())];
        if let Some(domain) = site.config.cname.as_deref() {
            files.push(bytes("CNAME", format!("{domain}\n").into_bytes()));
        }
        files.into_iter().filter_map(|f| sink(f).err()).collect()
    }
}
