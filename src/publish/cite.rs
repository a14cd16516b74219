//! "Cite this" files: beside each dossier's and recommendation's
//! `index.html`, `cite.json` (CSL-JSON) and `cite.bib` (BibTeX), both made
//! from the page's one record (`render::cite`), in each language's words.

use super::{Format, Render, Scope, Sink, bytes};
use crate::base::diagnostics::Diagnostic;
use crate::model::Site;
use crate::render::cite::{self, BIB, JSON};

/// `cite.json` and `cite.bib` of every dossier and recommendation page.
pub struct Cite;

impl Format for Cite {
    fn name(&self) -> &'static str {
        "cite"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (path, entry) in cite::all(site) {
            let json = bytes(format!("{path}{JSON}"), entry.csl_json().into_bytes());
            let bib = bytes(format!("{path}{BIB}"), entry.bibtex().into_bytes());
            problems.extend([json, bib].into_iter().filter_map(|f| sink(f).err()));
        }
        problems
    }
}
