//! The one build driver: from a site folder (or one read into memory) to
//! the files a build makes, for every language, for readers (a build,
//! `check`, `compile`) or authors (the preview's [`index`]). `build`,
//! `check` and `compile` differ only in what they do with each file.

use super::site::{self, Parts};
use super::timings::stage;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load;
use crate::{base, model, publish, render};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A site compiled in memory, with the warnings met on the way.
pub struct Compiled {
    pub output: base::output::Output,
    pub warnings: Diagnostics,
}

/// Loads, validates, indexes and renders the site at `root` into memory,
/// writing nothing, with everything a build publishes but the search
/// bundle (see [`site::Parts`]). `base_url` replaces the one in
/// followup.toml when given.
pub fn compile(root: &Path, base_url: Option<&str>) -> Result<Compiled, Diagnostics> {
    let loaded = stage("load", || load::load(root));
    compile_loaded(&loaded, loaded.diagnostics(), base_url, |name| {
        render::theme::Theme::load(root, name)
    })
}

/// [`compile`] for a site already in memory: `diags` holds what loading it
/// found; `theme` finds the theme named in the settings.
pub fn compile_loaded(
    loaded: &load::LoadedSite,
    diags: Diagnostics,
    base_url: Option<&str>,
    theme: impl FnOnce(&str) -> Result<render::theme::Theme, Diagnostics>,
) -> Result<Compiled, Diagnostics> {
    let ready = ready(loaded, diags, base_url, theme)?;
    let (made, files) = site::collect(|sink| ready.make(Parts::ALL_BUT_SEARCH, sink));
    let made = made?;
    let mut warnings = ready.warnings;
    warnings.extend(made.warnings.0);
    Ok(Compiled {
        output: base::output::Output {
            files,
            pages: made.pages,
        },
        warnings,
    })
}

/// A site validated, indexed, and its templates compiled: what every
/// build makes its files from ([`Ready::make`]).
pub struct Ready {
    pub site: model::Site,
    pub theme: render::theme::Theme,
    pub env: minijinja::Environment<'static>,
    pub warnings: Diagnostics,
    /// The build cache across runs, for `build` ([`build`] sets it).
    pub cache: Option<base::cache::Cache>,
}

/// The one build driver, first step: validates and indexes the site read
/// into memory (`diags` holds what loading found; `base_url` replaces the
/// settings' one when given), finds its theme and compiles its templates.
/// The loaded files are let go before any page is made.
pub fn ready<L: std::borrow::Borrow<load::LoadedSite>>(
    loaded: L,
    diags: Diagnostics,
    base_url: Option<&str>,
    theme: impl FnOnce(&str) -> Result<render::theme::Theme, Diagnostics>,
) -> Result<Ready, Diagnostics> {
    let (site, theme, warnings) = prepare(loaded.borrow(), diags, base_url, theme)?;
    drop(loaded);
    let env = render::environment(&site.config, &theme)?;
    Ok(Ready {
        site,
        theme,
        env,
        warnings,
        cache: None,
    })
}

impl Ready {
    /// Makes the `parts` wanted of every language's site, handing each
    /// file to `sink` as it is made: `build` writes what it is handed,
    /// `check` drops it, `compile` keeps it.
    pub fn make(
        &self,
        parts: Parts,
        sink: impl Fn(base::output::OutputFile) -> Result<(), site::SinkError> + Sync,
    ) -> Result<site::Made, Diagnostics> {
        let cache = self.cache.as_ref();
        site::assemble(&self.site, &self.theme, &self.env, parts, cache, sink)
    }
}

/// What `check` found: how many pages the site has, and its warnings.
pub struct Checked {
    pub pages: usize,
    pub warnings: Diagnostics,
    /// How far each other language has come.
    pub translations: Vec<crate::check::validate::Status>,
    /// The files marked as drafts, which a build leaves out.
    pub drafts: Vec<String>,
}

/// Checks the site at `root` as a build would (every page and data file is
/// made, so a template error shows), keeping nothing and writing nothing.
/// Only the search bundle is left out: it takes minutes on a large site and
/// cannot fail on the content.
pub fn check(root: &Path) -> Result<Checked, Diagnostics> {
    check_loaded(stage("load", || load::load(root)))
}

/// [`check`] of a site read into memory (as `check --fix` left it).
pub fn check_loaded(loaded: load::LoadedSite) -> Result<Checked, Diagnostics> {
    let root = loaded.root.clone();
    let diags = loaded.diagnostics();
    let ready = ready(loaded, diags, None, |name| {
        render::theme::Theme::load(&root, name)
    })?;
    let made = ready.make(Parts::ALL_BUT_SEARCH, |f| {
        drop(f);
        Ok(())
    })?;
    let mut warnings = ready.warnings;
    warnings.extend(made.warnings.0);
    if ready.site.config.license.is_none() {
        warnings.push(crate::check::validate::no_licence());
    }
    Ok(Checked {
        pages: made.pages,
        warnings,
        translations: ready.site.status.clone(),
        drafts: ready.site.drafts.clone(),
    })
}

/// Validates and indexes a site read into memory, and finds its theme:
/// what every build and the profiling examples start from.
pub fn prepare(
    loaded: &load::LoadedSite,
    diags: Diagnostics,
    base_url: Option<&str>,
    theme: impl FnOnce(&str) -> Result<render::theme::Theme, Diagnostics>,
) -> Result<(model::Site, render::theme::Theme, Diagnostics), Diagnostics> {
    let (site, warnings) = index(
        loaded,
        diags,
        base_url,
        Audience::Readers,
        &mut crate::check::validate::Cache::default(),
    )?;
    let theme = theme(&site.config.theme)?;
    Ok((site, theme, warnings))
}

/// Validates a site read into memory (reusing and updating `cache`, which
/// the preview keeps between rebuilds) and indexes it: the model, with the
/// warnings met, or every problem when there is an error. `diags` holds
/// what loading found; `base_url` replaces the settings' one when given.
/// For readers (a build) drafts are left out; for the authors (the preview)
/// they are shown, and the search bundles are smaller.
pub fn index(
    loaded: &load::LoadedSite,
    mut diags: Diagnostics,
    base_url: Option<&str>,
    audience: Audience,
    cache: &mut crate::check::validate::Cache,
) -> Result<(model::Site, Diagnostics), Diagnostics> {
    let (dossiers, found) = stage("validate", || {
        crate::check::validate::validate_cached(loaded, cache)
    });
    diags.extend(found.0);
    diags.sort();
    let Some(mut dossiers) = dossiers.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    if let Some(url) = base_url {
        dossiers.config.base_url = crate::input::config::normalize_base_url(url);
        dossiers.config.home_base_url = dossiers.config.base_url.clone();
    }
    let drafts = dossiers.drafts();
    match audience {
        Audience::Readers => dossiers.remove_drafts(),
        Audience::Authors => dossiers.config.search_bundle_size = publish::PREVIEW_BUNDLE_SIZE,
    }
    let mut site = stage("model", || model::Site::build(dossiers));
    site.drafts = drafts;
    Ok((site, diags))
}

/// Whom a site is made for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Audience {
    /// A build: what is published, drafts left out.
    Readers,
    /// The preview: drafts shown, marked.
    Authors,
}

pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// The build cache's folder; defaults to `<root>/.followup-cache`.
    pub cache: Option<PathBuf>,
    /// Build without the cache: neither read nor written.
    pub no_cache: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// The build cache's folder, unless the build is without one.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        let default = || self.root.join(base::cache::DEFAULT_DIR);
        (!self.no_cache).then(|| self.cache.clone().unwrap_or_else(default))
    }
}

/// Opens the build cache the options ask for; one that cannot be used is
/// said in `notes` (one info line), and the build goes on without it.
fn open_cache(
    opts: &BuildOptions,
    output: &Path,
    notes: &mut Diagnostics,
) -> Option<base::cache::Cache> {
    let dir = opts.cache_dir()?;
    if let Some(why) = super::folder::cache_conflict(&opts.root, output, &dir) {
        notes.push(
            Diagnostic::info(dir.display().to_string(), format!("the build cache was not used: {why}; this build made everything afresh"))
                .help("give the cache a folder of its own with --cache DIR (the default is .followup-cache/ beside followup.toml)"),
        );
        return None;
    }
    match base::cache::Cache::open(&dir) {
        Ok(cache) => Some(cache),
        Err(base::cache::Unusable(said)) => {
            notes.push(said);
            None
        }
    }
}

/// Why a build failed, and whether the output folder was changed before
/// it did (only a failure while putting the finished build in place
/// changes it: [`base::write::WriteError::Unfinished`]).
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Diagnostics,
    pub output_changed: bool,
}

impl From<Diagnostics> for BuildFailure {
    fn from(diagnostics: Diagnostics) -> BuildFailure {
        BuildFailure {
            diagnostics,
            output_changed: false,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub write: base::write::WriteReport,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// How many entries of the build cache were reused and made, when
    /// the build had one.
    pub cache: Option<(usize, usize)>,
}

/// Builds the site into the output folder. Pages are written as they are
/// rendered, so a large site is never held in memory whole; a build that
/// fails before the replacements are renamed into place leaves the output
/// folder as it was, and one that fails while renaming leaves every file
/// whole, old or new, and says so (see [`base::write::Writer::finish`]).
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let start = Instant::now();
    let output_dir = opts.output_dir();
    let unsafe_output = |e: base::write::WriteError| {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(Diagnostic::error(
            output_dir.display().to_string(),
            e.to_string(),
        ));
        BuildFailure {
            diagnostics,
            output_changed: e.left_unfinished(),
        }
    };
    super::folder::check_output_dir(&opts.root, &output_dir).map_err(unsafe_output)?;
    let loaded = stage("load", || load::load(&opts.root));
    let diags = loaded.diagnostics();
    let mut ready = ready(loaded, diags, opts.base_url.as_deref(), |name| {
        render::theme::Theme::load(&opts.root, name)
    })?;
    ready.cache = open_cache(opts, &output_dir, &mut ready.warnings);
    let writer = base::write::Writer::begin(&output_dir).map_err(unsafe_output)?;
    let made = ready.make(Parts::ALL, |f| {
        writer
            .put(&f.path, &f.contents)
            .map_err(|e| Diagnostic::error(output_dir.display().to_string(), e.to_string()))
    });
    let made = match made {
        Ok(made) => made,
        Err(diags) => {
            writer.abort();
            return Err(diags.into());
        }
    };
    let report = stage("finish writing", || writer.finish()).map_err(unsafe_output)?;
    let mut warnings = ready.warnings;
    warnings.extend(made.warnings.0);
    if let Some(cache) = &ready.cache {
        cache.sweep();
        warnings.extend(cache.notice());
    }
    Ok(BuildReport {
        pages: made.pages,
        files: made.files,
        write: report,
        warnings,
        elapsed: start.elapsed(),
        cache: ready.cache.as_ref().map(base::cache::Cache::counts),
    })
}
