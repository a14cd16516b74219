//! The files a published site has besides its pages, each kind made by
//! one output format ([`Format`]) of the one list [`FORMATS`]: open data,
//! the follow-up procedure's open data and calendar, the data package
//! describing them, "cite this" files (CSL-JSON, BibTeX), Atom feeds, the
//! sitemap, what GitHub Pages needs, the link-preview images and the
//! full-text search bundle. All made in memory from the model, like the
//! pages, and handed over file by file. The build makes them through the
//! list alone, so a new kind of file (a Word export) is one more
//! implementation and one more line in the list.

use crate::base::cache::Cache;
use crate::base::diagnostics::Diagnostic;
use crate::base::output::{Contents, OutputFile};
use crate::model::Site;

mod assessments;
mod calendar;
mod cite;
mod data;
mod datapackage;
mod feeds;
mod github_pages;
mod og_image;
mod procedure_data;
mod search;
mod sitemap;
pub use calendar::{Calendar, Deadline, deadlines};
pub use cite::Cite;
pub use data::{Data, Record, SCHEMA, cell, csv, records};
pub use datapackage::{DataPackage, citation};
pub use feeds::{FEED_ENTRIES, Feeds};
pub use github_pages::GithubPages;
pub use og_image::OgImage;
pub use procedure_data::{DOSSIERS_SCHEMA, ProcedureData};
pub use search::*;
pub use sitemap::Sitemap;

/// Every output format, in the order their problems are said. Adding one
/// is adding its line here.
pub static FORMATS: &[&dyn Format] = &[
    &Data,
    &ProcedureData,
    &Calendar,
    &DataPackage,
    &Cite,
    &Feeds,
    &Sitemap,
    &GithubPages,
    &OgImage,
    &Search,
];

/// A kind of file the build makes beside the pages, from the whole site.
pub trait Format: Sync {
    /// What it is called, as tests and timings say it.
    fn name(&self) -> &'static str;

    /// Whether each language's site has its own or the whole site one.
    fn scope(&self) -> Scope;

    /// Whether it is slow enough (minutes on a large site) that `check`
    /// leaves it out and the preview makes it after the others, from what
    /// [`Format::defer`] took.
    fn slow(&self) -> bool {
        false
    }

    /// Whether the build makes it beside the pages, once they are made,
    /// rather than with the other formats before the search bundle: work
    /// long enough (drawing the link-preview images) that the search
    /// bundle, the longest part of a build, would start that much later.
    /// Never a slow format.
    fn beside_pages(&self) -> bool {
        false
    }

    /// Makes its files of `site` (paths relative to that language's
    /// folder), handing each to `sink` as soon as it is made, so that a
    /// large site's files are never all held at once; `render` renders the
    /// theme's templates. Returns every problem met, what `sink` failed
    /// with included.
    fn make_each(&self, site: &Site, render: &Render, sink: &Sink) -> Vec<Diagnostic>;

    /// [`Format::make_each`] for a build that keeps a cache across runs
    /// ([`Cache`]): a slow format takes from it what it made before from
    /// the same inputs, and keeps there what it makes. The others need not.
    fn make_each_cached(
        &self,
        site: &Site,
        render: &Render,
        sink: &Sink,
        _cache: &Cache,
    ) -> Vec<Diagnostic> {
        self.make_each(site, render, sink)
    }

    /// For a slow format: what it needs of `site`, taken quickly so that
    /// the preview can let the site go before the slow part; `None` when it
    /// makes nothing for this site.
    fn defer(&self, _site: &Site) -> Option<Box<dyn Deferred>> {
        None
    }
}

/// Where a format's files go in a site of several languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Each language's site makes its own, under its folder (`ru/…`).
    EachLanguage,
    /// Only the main language's site makes them, at the whole site's root:
    /// they speak for every language (the sitemap) or for the host.
    SiteRoot,
}

/// The slow part of a format, taken from a site by [`Format::defer`].
pub trait Deferred: Send {
    /// Its files, under `prefix` (the language's folder), made again only
    /// where `cache` does not hold them already; and the problems met.
    fn finish(
        self: Box<Self>,
        prefix: &str,
        cache: &mut BundleCache,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>);
}

/// The theme as the formats use it, given by the site assembly, which
/// knows the theme: its templates (`feed.xml`, `sitemap.xml`), rendered
/// with a context, and the fonts of the link-preview images.
pub struct Render<'a> {
    pub templates: &'a TemplateFn<'a>,
    pub fonts: &'a crate::render::image::Fonts,
}

/// Renders a theme template with a context.
pub type TemplateFn<'a> = dyn Fn(&str, minijinja::Value) -> Result<Vec<u8>, Diagnostic> + Sync + 'a;

impl Render<'_> {
    /// The theme's template `name` rendered with `context`.
    pub fn template(&self, name: &str, context: minijinja::Value) -> Result<Vec<u8>, Diagnostic> {
        (self.templates)(name, context)
    }
}

/// Takes each file as it is made: the build writes it, `check` drops it,
/// the preview keeps it. What it fails with is said against the output.
pub type Sink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// Absolute address of a path of the site.
fn absolute(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_url)
}

/// An XML document without the characters XML 1.0 forbids (the control
/// characters but tab and line breaks, U+FFFE, U+FFFF), which no escaping
/// can carry: one of them in a country's name would make every feed reader
/// refuse the whole feed.
fn xml_chars(xml: Vec<u8>) -> Vec<u8> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    match String::from_utf8(xml) {
        Ok(text) if text.chars().all(allowed) => text.into_bytes(),
        Ok(text) => text
            .chars()
            .filter(|&c| allowed(c))
            .collect::<String>()
            .into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

fn bytes(path: impl Into<String>, b: Vec<u8>) -> OutputFile {
    OutputFile {
        path: path.into(),
        contents: Contents::Bytes(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(
            xml_chars("<a>Ka\u{FFFE}z\u{1}\u{FFFF}\tstan</a>".as_bytes().to_vec()),
            "<a>Kaz\tstan</a>".as_bytes()
        );
    }
}
