//! Stage 7: the one place that assembles a whole site from its model: the
//! pages, the theme's assets, the content's attachments and the files of
//! every output format in [`publish::FORMATS`] (open data, feeds, sitemap,
//! search bundle…), with one error policy. `build`
//! streams what it makes to the writer, `check` makes and drops it, and the
//! preview keeps it in memory.

use crate::base::address;
use crate::base::cache::Cache;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::output::{Contents, OutputFile};
use crate::model::Site;
use crate::publish::{self, Deferred, Format, Scope, Sink};
use crate::render::Renderer;
use crate::render::pages::PageSpec;
use crate::render::theme::Theme;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Which parts of a site to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// Pages, the theme's assets and the attachments: what readers open.
    pub pages: bool,
    /// The quick output formats (open data, feeds, the sitemap, what
    /// GitHub Pages needs): made from the whole site, so the preview makes
    /// them in the background.
    pub published: bool,
    /// The slow output formats (the search bundle, when the settings ask
    /// for search), which `check` leaves out.
    pub search: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        pages: true,
        published: true,
        search: true,
    };

    /// All but the search bundle: what `check` and in-memory compiles make.
    pub const ALL_BUT_SEARCH: Parts = Parts {
        search: false,
        ..Parts::ALL
    };
}

/// Runs `make` with a sink that keeps every file, and returns what `make`
/// returned with the files, sorted by path.
pub fn collect<R>(
    make: impl FnOnce(&(dyn Fn(OutputFile) -> Result<(), SinkError> + Sync)) -> R,
) -> (R, Vec<OutputFile>) {
    let files = std::sync::Mutex::new(Vec::new());
    let made = make(&|f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (made, files)
}

/// How many files were made, and the warnings met making them (a
/// language whose link-preview images lack a font).
#[derive(Debug, Default)]
pub struct Made {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
}

/// What a file handed to the sink failed with, said against the output.
pub type SinkError = Diagnostic;

/// Makes the `parts` of `site` and hands each file to `sink` as soon as it
/// is made, so that no large site is ever held whole. Pages and the files
/// made from the whole site are made side by side. Every problem (a
/// template error, a file the sink refused, a search index that failed) is
/// returned, each said once.
/// With `cache`, the slow formats reuse what they made in an earlier build.
pub fn assemble(
    site: &Site,
    theme: &Theme,
    env: &minijinja::Environment<'static>,
    parts: Parts,
    cache: Option<&Cache>,
    sink: impl Fn(OutputFile) -> Result<(), SinkError> + Sync,
) -> Result<Made, Diagnostics> {
    let mut made = Made::default();
    // Each other language is a site of its own under `/<code>/`, made the
    // same way, with the theme's labels in that language.
    for (i, (lang, prefix)) in site.languages().enumerate() {
        let own;
        let env = if i == 0 {
            env
        } else {
            own = crate::render::environment(&lang.config, theme)?;
            &own
        };
        let m = assemble_one(lang, theme, env, parts, cache, &|f: OutputFile| {
            sink(f.under(&prefix))
        })?;
        made.pages += m.pages;
        made.files += m.files;
        made.warnings.extend(m.warnings.0);
    }
    Ok(made)
}

/// [`assemble`] for one language's site.
fn assemble_one(
    site: &Site,
    theme: &Theme,
    env: &minijinja::Environment<'static>,
    parts: Parts,
    cache: Option<&Cache>,
    sink: &Sink,
) -> Result<Made, Diagnostics> {
    let renderer = Renderer::new(site, theme, env);
    let pages = if parts.pages {
        let mut pages = PageSpec::all(site);
        // A long single page (the sources page takes a second at 100,000
        // recommendations) is made first: it runs beside the others rather
        // than after them, with one core idle.
        pages.sort_by_key(|p| !p.long());
        pages
    } else {
        Vec::new()
    };
    let made = AtomicUsize::new(0);
    let counted = |f: OutputFile| {
        made.fetch_add(1, Ordering::Relaxed);
        sink(f)
    };
    // The quick formats made from the whole site (open data, feeds, the
    // sitemap) go before the search bundles on one side, while the pages
    // are made on the other: started beside the bundles, they raise a first
    // build's peak memory (at 100,000: 2.2 -> 2.5 GiB). After a build that
    // kept its bundles, only those whose records changed are made again,
    // one likely the longest task: the search goes first, and the quick
    // formats after the pages (at 10,000, one file changed: 1.96 -> 1.73 s).
    let search_first = parts.search && cache.is_some_and(|c| c.holds(publish::SEARCH_CACHE));
    let quick_formats = || {
        crate::build::timings::stage("data, feeds, sitemap", || {
            formats_each(
                site,
                theme,
                env,
                |f| !f.slow() && !f.beside_pages(),
                &counted,
            )
        })
    };
    let (rendered, others) = rayon::join(
        || -> Result<Vec<Diagnostic>, Diagnostics> {
            crate::build::timings::stage("render and write pages", || {
                renderer.render_each(&pages, sink)
            })?;
            // The formats made beside the pages, once they are done; and,
            // after a build that kept its search bundles, the quick formats.
            let mut made = Vec::new();
            if parts.published {
                made.extend(crate::build::timings::stage("beside the pages", || {
                    formats_each_cached(site, theme, env, |f| f.beside_pages(), &counted, cache)
                }));
                if search_first {
                    made.extend(quick_formats());
                }
            }
            Ok(made)
        },
        || -> Result<Diagnostics, Diagnostics> {
            let mut diags = Diagnostics::default();
            if parts.pages {
                let failed: Vec<Diagnostic> = other_files(site, theme)
                    .into_par_iter()
                    .filter_map(|f| counted(f).err())
                    .collect();
                diags.extend(failed);
            }
            if parts.published && !search_first {
                diags.extend(quick_formats());
            }
            if parts.search {
                diags.extend(crate::build::timings::stage("search", || {
                    formats_each_cached(site, theme, env, |f| f.slow(), &counted, cache)
                }));
            }
            if diags.has_errors() {
                return Err(diags);
            }
            Ok(diags)
        },
    );
    let mut diags = Diagnostics::default();
    let rendered = rendered.map(|found| diags.extend(found));
    let others = others.map(|found| diags.extend(found.0));
    match (rendered, others) {
        (Ok(()), Ok(())) if !diags.has_errors() => Ok(Made {
            pages: pages.len(),
            files: pages.len() + made.into_inner(),
            warnings: diags,
        }),
        (rendered, others) => {
            for failed in [rendered.err(), others.err()].into_iter().flatten() {
                diags.extend(failed.0);
            }
            Err(diags)
        }
    }
}

/// The files that are not pages and come from the theme and the content as
/// they are: theme assets and content attachments.
pub fn other_files(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for (path, source) in theme.assets() {
        files.push(OutputFile {
            path: address::asset(&path),
            contents: source,
        });
    }
    for a in &site.attachments {
        files.push(OutputFile {
            path: a.rel.clone(),
            contents: Contents::Copy(a.source.clone()),
        });
    }
    files
}

/// Renders a theme template for the output formats. Templates lose their
/// last newline in minijinja; a text file ends with one.
fn template_render<'a>(
    theme: &'a Theme,
    env: &'a minijinja::Environment<'static>,
) -> impl Fn(&str, minijinja::Value) -> Result<Vec<u8>, Diagnostic> + Sync + 'a {
    move |name: &str, context: minijinja::Value| {
        env.get_template(name)
            .and_then(|t| t.render(context))
            .map(|text| (text + "\n").into_bytes())
            .map_err(|e| theme.template_error(&e))
    }
}

/// Whether `site` (one language's) makes `format`'s files: a format of the
/// whole site's root is made with the main language only.
fn makes(site: &Site, format: &dyn Format) -> bool {
    format.scope() == Scope::EachLanguage || site.config.source_language.is_none()
}

/// Makes the output formats of [`publish::FORMATS`] that `wanted` picks,
/// for one language's site, side by side, each file handed to `sink` as it
/// is made; returns the problems met, each said once (a template error of
/// every country's feed once).
pub fn formats_each(
    site: &Site,
    theme: &Theme,
    env: &minijinja::Environment<'static>,
    wanted: impl Fn(&dyn Format) -> bool + Sync,
    sink: &Sink,
) -> Vec<Diagnostic> {
    formats_each_cached(site, theme, env, wanted, sink, None)
}

/// [`formats_each`], each format that keeps files in `cache` reusing them.
pub fn formats_each_cached(
    site: &Site,
    theme: &Theme,
    env: &minijinja::Environment<'static>,
    wanted: impl Fn(&dyn Format) -> bool + Sync,
    sink: &Sink,
    cache: Option<&Cache>,
) -> Vec<Diagnostic> {
    let templates = template_render(theme, env);
    let render = publish::Render {
        templates: &templates,
        fonts: &theme.fonts,
    };
    let failed: Vec<Vec<Diagnostic>> = publish::FORMATS
        .par_iter()
        .filter(|f| wanted(**f) && makes(site, **f))
        .map(|f| match cache {
            Some(cache) => f.make_each_cached(site, &render, sink, cache),
            None => f.make_each(site, &render, sink),
        })
        .collect();
    let mut problems = Diagnostics::default();
    for d in failed.into_iter().flatten() {
        problems.push_once(d);
    }
    problems.0
}

/// The files made from the whole site, taken in two steps for the preview:
/// [`published`] makes the quick formats and takes what the slow ones need
/// of the site quickly, so the site can be let go (edits in place need it
/// alone), and [`Published::finish`] makes the slow search bundle
/// afterwards.
pub struct Published {
    files: Vec<OutputFile>,
    problems: Diagnostics,
    /// The slow formats' parts still to make, by language folder (`""` or
    /// `"<code>/"`).
    deferred: Vec<(String, Box<dyn Deferred>)>,
}

/// The quick formats' files of `site` (open data, feeds, sitemap…), and
/// what the slow ones (its search index) need.
pub fn published(site: &Site, theme: &Theme, env: &minijinja::Environment<'static>) -> Published {
    let mut files = Vec::new();
    let mut problems = Diagnostics::default();
    let mut deferred = Vec::new();
    for (i, (lang, prefix)) in site.languages().enumerate() {
        let own;
        let env = if i == 0 {
            env
        } else {
            match crate::render::environment(&lang.config, theme) {
                Ok(e) => {
                    own = e;
                    &own
                }
                Err(d) => {
                    problems.extend(d.0);
                    continue;
                }
            }
        };
        let (failed, made) = collect(|sink| {
            formats_each(lang, theme, env, |f| !f.slow(), &|f: OutputFile| {
                sink(f.under(&prefix))
            })
        });
        files.extend(made);
        problems.extend(failed);
        for format in publish::FORMATS {
            if format.slow() && makes(lang, *format) {
                deferred.extend(format.defer(lang).map(|d| (prefix.clone(), d)));
            }
        }
    }
    Published {
        files,
        problems,
        deferred,
    }
}

impl Published {
    /// Every file, with the search bundle, and the problems met: a search
    /// index that failed is said as `build` says it, and the other files
    /// are still made.
    pub fn finish(self) -> (Vec<OutputFile>, Diagnostics) {
        self.finish_with(&mut publish::BundleCache::default())
    }

    /// [`Published::finish`], making again only the search bundles whose
    /// records changed since they went into `cache`: how the preview keeps
    /// a large site's search current after an edit.
    pub fn finish_with(
        mut self,
        cache: &mut publish::BundleCache,
    ) -> (Vec<OutputFile>, Diagnostics) {
        for (prefix, slow) in self.deferred {
            let (files, problems) = slow.finish(&prefix, cache);
            self.files.extend(files);
            self.problems.extend(problems);
        }
        (self.files, self.problems)
    }
}
