//! A site kept in memory between rebuilds, for the preview server: the
//! files it serves, and the fingerprints of its pages' contexts.
//!
//! A change to a few files re-reads only those files, re-checks only the
//! recommendations whose text changed (the validation cache), indexes the
//! site as `build` does, and re-renders only the pages the change planner
//! ([`crate::preview::plan`]) finds different. An edit that leaves recommendations
//! where they are is applied to the model in place ([`edit`]), comparing only the
//! pages that show them. A rebuild after an edit inside countries serves
//! the edited recommendations' own pages first (`session::first`), then the rest.
//! Settings or theme changes re-render all. A failed rebuild keeps the last
//! good site and reports the problems.

mod edit;
mod first;

pub use first::FirstSwap;

use crate::base::diagnostics::Diagnostics;
use crate::base::output::Contents;
use crate::check::validate;
use crate::input::load::{self, LoadedSite};
use crate::model::Site;
use crate::preview::fingerprint::Fingerprints;
use crate::preview::plan;
use crate::preview::snapshot::ServedFiles;
pub use crate::preview::snapshot::Snapshot;
use crate::render::Renderer;
use crate::render::pages::PageSpec;
use crate::render::theme::Theme;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A theme and its templates compiled with the site's settings.
pub type Compiled = Arc<(Theme, minijinja::Environment<'static>)>;

/// A file the preview serves.
#[derive(Debug, Clone)]
pub enum Served {
    Bytes(Arc<[u8]>),
    /// Read from disk when asked for (attachments, theme assets of the site).
    File(PathBuf),
}

/// What a rebuild did, for the one line the server prints.
#[derive(Debug)]
pub struct Rebuild {
    /// The changed paths, relative to the site root.
    pub changed: Vec<String>,
    pub pages_rendered: usize,
    pub elapsed: Duration,
    /// Only stylesheets changed: pages can swap them without reloading.
    pub css_only: bool,
    /// Empty when the rebuild succeeded.
    pub errors: Diagnostics,
    /// The warnings of what changed (of the whole site when the settings
    /// or the theme did), for the terminal.
    pub warnings: Diagnostics,
    /// Time spent in each stage, for profiling (`FOLLOWUP_TIMINGS=1`).
    pub stages: Vec<(&'static str, Duration)>,
    /// After a first swap ([`Session::on_first_swap`]): the addresses of
    /// the pages changed since (`/kazakhstan/`), the only open pages that
    /// need to reload. `None`: every open page reloads.
    pub pages: Option<Vec<String>>,
}

pub struct Session {
    root: PathBuf,
    base_url: String,
    loaded: LoadedSite,
    cache: validate::Cache,
    theme: Option<Compiled>,
    /// The theme compiled with each other language's labels, in the order
    /// of the site's `translations`.
    lang_envs: Vec<Arc<minijinja::Environment<'static>>>,
    site: Option<Arc<Site>>,
    /// The fingerprints of each language's served pages (in the order of
    /// `Site::languages`), for the next plan.
    prints: Vec<Fingerprints>,
    /// Files made in the background from the site (data, feeds, search).
    published: std::collections::HashSet<String>,
    /// Shared with the last [`Snapshot`] taken: a change copies the folder
    /// it touches only while a snapshot holds it ([`ServedFiles`]).
    files: ServedFiles,
    /// The paths changed since the last good rebuild, which the served
    /// pages do not show yet: what the next plan looks at.
    unseen: Vec<String>,
    /// The page files of the last good site, in order, to tell removed pages.
    page_files: Vec<String>,
    stages: Vec<(&'static str, Duration)>,
    /// Problems of the last rebuild; empty when it succeeded.
    errors: Diagnostics,
    warnings: Diagnostics,
    /// Counts successful and failed rebuilds, so clients can tell news.
    version: u64,
    /// Told of the pages served first on the slow path, if anyone asks.
    first_swap: Option<FirstSwap>,
    /// The addresses of the pages a rebuild changed after its first swap.
    later: Option<Vec<String>>,
}

/// Which part of the site a path belongs to.
enum Part {
    Content,
    Config,
    Theme { css: bool },
    Other,
}

impl Session {
    /// Loads and builds the site at `root`, published at `base_url`.
    pub fn new(root: &Path, base_url: &str) -> (Session, Rebuild) {
        let mut s = Session {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            loaded: load::load(root),
            cache: validate::Cache::default(),
            theme: None,
            lang_envs: Vec::new(),
            site: None,
            prints: Vec::new(),
            unseen: Vec::new(),
            published: std::collections::HashSet::new(),
            files: ServedFiles::default(),
            page_files: Vec::new(),
            stages: Vec::new(),
            errors: Diagnostics::default(),
            warnings: Diagnostics::default(),
            // Distinct across runs, so a page reconnecting to a restarted
            // preview can tell it has news.
            version: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
            first_swap: None,
            later: None,
        };
        let report = s.rebuild(Vec::new(), true, false, Instant::now());
        (s, report)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn errors(&self) -> &Diagnostics {
        &self.errors
    }

    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// The last good site, for work done in the background.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    /// The last good site with its compiled theme, for work done in the
    /// background.
    pub fn site_and_theme(&self) -> Option<(Arc<Site>, Compiled)> {
        Some((self.site.clone()?, self.theme.clone()?))
    }

    /// Replaces the files made in the background (data, feeds, search).
    pub fn set_published(&mut self, files: Vec<crate::base::output::OutputFile>) {
        for old in self.published.drain() {
            self.files.remove(&old);
        }
        for f in files {
            if let Contents::Bytes(b) = f.contents {
                self.published.insert(f.path.clone());
                self.files.insert(f.path, Served::Bytes(b.into()));
            }
        }
    }

    /// Makes the files the preview otherwise makes in the background (data,
    /// feeds, sitemap, search) now, the same way: for tests and tools that
    /// need the whole site at once. Returns the problems met.
    pub fn publish_now(&mut self) -> Diagnostics {
        let Some((site, compiled)) = self.site_and_theme() else {
            return Diagnostics::default();
        };
        let pending = crate::build::site::published(&site, &compiled.0, &compiled.1);
        drop(site);
        let (files, problems) = pending.finish();
        self.set_published(files);
        problems
    }

    /// What is served now, for the server to swap in.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(
            self.version,
            self.errors.clone(),
            self.warnings.clone(),
            self.files.clone(),
        )
    }

    /// Every file served, by path.
    pub fn files(&self) -> &ServedFiles {
        &self.files
    }

    /// The file at `path` (relative to the site, like `kazakhstan/index.html`).
    pub fn get(&self, path: &str) -> Option<&Served> {
        self.files.get(path)
    }

    fn part(&self, path: &Path) -> Part {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return Part::Other;
        };
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        match parts.next().as_deref() {
            Some(load::CONTENT_DIR) => Part::Content,
            Some(load::CONFIG_FILE) => Part::Config,
            Some("themes") => {
                let name = rel
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                if load::is_editor_leftover(&name) || name.starts_with('.') {
                    return Part::Other;
                }
                let css =
                    rel.components().any(|c| c.as_os_str() == "static") && name.ends_with(".css");
                Part::Theme { css }
            }
            _ => Part::Other,
        }
    }

    /// Applies changes to the given paths (files or folders, created,
    /// changed or removed). Returns `None` when none of them is part of the site.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Rebuild> {
        let start = Instant::now();
        let mut changed = Vec::new();
        let mut full = false;
        let mut css_only = true;
        for path in paths {
            let name = path
                .strip_prefix(&self.root)
                .map(|r| load::relative(Path::new(""), r))
                .unwrap_or_default();
            match self.part(path) {
                Part::Content => {
                    let leftover = name
                        .split('/')
                        .any(|p| p.starts_with('.') || load::is_editor_leftover(p));
                    if leftover {
                        continue;
                    }
                    self.loaded.refresh(path);
                    css_only = false;
                }
                Part::Config => {
                    self.loaded.reload_config();
                    // The theme's labels come from the settings.
                    self.theme = None;
                    full = true;
                    css_only = false;
                }
                Part::Theme { css } => {
                    self.theme = None;
                    full = true;
                    css_only &= css;
                }
                Part::Other => continue,
            }
            if !changed.contains(&name) {
                changed.push(name);
            }
        }
        if changed.is_empty() {
            return None;
        }
        changed.sort();
        for c in &changed {
            if !self.unseen.contains(c) {
                self.unseen.push(c.clone());
            }
        }
        if !full && let Some(report) = self.edit_in_place(&changed, start) {
            return Some(report);
        }
        Some(self.rebuild(changed, full, css_only, start))
    }

    fn rebuild(
        &mut self,
        changed: Vec<String>,
        full: bool,
        css_only: bool,
        start: Instant,
    ) -> Rebuild {
        self.version += 1;
        self.stages.clear();
        let folders = plan::country_folders(&self.unseen).filter(|f| !f.is_empty());
        let result = self.compile(full, folders, start);
        if result.is_ok() {
            self.unseen.clear();
        }
        let (pages_rendered, errors) = match result {
            Ok(n) => (n, Diagnostics::default()),
            Err(d) => (0, d),
        };
        self.errors = errors.clone();
        let warnings = if errors.has_errors() {
            Diagnostics::default()
        } else {
            self.warnings_of(&changed)
        };
        Rebuild {
            warnings,
            changed,
            pages_rendered,
            elapsed: start.elapsed(),
            css_only: css_only && errors.0.is_empty(),
            errors,
            stages: std::mem::take(&mut self.stages),
            pages: self.later.take(),
        }
    }

    /// The warnings of the files in `changed`; all of them when a change
    /// is not to one file of the content (the settings, the theme).
    fn warnings_of(&self, changed: &[String]) -> Diagnostics {
        let whole = changed.iter().any(|c| !c.starts_with("content/"));
        Diagnostics(
            self.warnings
                .iter()
                .filter(|d| whole || changed.contains(&d.file))
                .cloned()
                .collect(),
        )
    }

    fn stage(&mut self, name: &'static str, start: Instant) {
        self.stages.push((name, start.elapsed()));
    }

    /// The theme compiled with each other language's labels, made again
    /// after new settings or theme, or when the languages changed.
    fn language_environments(
        &mut self,
        site: &Site,
        full: bool,
        theme: &Theme,
    ) -> Result<(), Diagnostics> {
        let same_languages = self.site.as_ref().is_some_and(|old| {
            old.translations
                .iter()
                .map(|t| &t.config.language)
                .eq(site.translations.iter().map(|t| &t.config.language))
        });
        if full || !same_languages || self.lang_envs.len() != site.translations.len() {
            self.lang_envs = site
                .translations
                .iter()
                .map(|t| crate::render::environment(&t.config, theme).map(Arc::new))
                .collect::<Result<_, _>>()?;
        }
        Ok(())
    }

    /// Brings the served files up to date; returns how many pages were
    /// rendered. Each language's site is planned and rendered the same
    /// way, under its folder: the pages that differ from the last good
    /// site's (all of them after new settings or theme), its assets and
    /// attachments.
    /// `folders`: the country folders that hold every changed path, if
    /// they do ([`plan::country_folders`]).
    fn compile(
        &mut self,
        full: bool,
        folders: Option<Vec<String>>,
        start: Instant,
    ) -> Result<usize, Diagnostics> {
        let (site, warnings) = crate::build::driver::index(
            &self.loaded,
            self.loaded.diagnostics(),
            Some(&self.base_url),
            crate::build::driver::Audience::Authors,
            &mut self.cache,
        )?;
        self.warnings = warnings;
        self.stage("validate and index", start);

        let mut full = full || self.site.is_none();
        if self.theme.is_none() {
            let mut theme = Theme::load(&self.root, &site.config.theme)?;
            // Edits redraw only the link-preview images they change.
            theme.fonts.remember();
            let env = crate::render::environment(&site.config, &theme)?;
            self.theme = Some(Arc::new((theme, env)));
            full = true;
        }
        let Some(compiled) = self.theme.clone() else {
            return Ok(0);
        };
        let theme = &compiled.0;
        self.language_environments(&site, full, theme)?;
        let lang_envs = self.lang_envs.clone();
        let envs: Vec<&minijinja::Environment<'static>> = std::iter::once(&compiled.1)
            .chain(lang_envs.iter().map(|e| &**e))
            .collect();

        let mut page_files = Vec::new();
        // Each language's page files, and the fingerprints to keep for it
        // once all went well (`true`: in place of the old ones).
        let mut lang_files = Vec::new();
        let mut printed = Vec::new();
        let mut made = Vec::new();
        let old_site = self.site.clone();
        let old_languages: Vec<&Site> = old_site
            .iter()
            .flat_map(|s| s.languages().map(|(l, _)| l))
            .collect();
        let same: Vec<bool> = site
            .languages()
            .enumerate()
            .map(|(i, (lang, _))| {
                old_languages
                    .get(i)
                    .is_some_and(|o| o.config.language == lang.config.language)
                    && !full
            })
            .collect();
        // The edited recommendations' own pages first, when the change is
        // within countries: the lists follow.
        let mut count = match &folders {
            Some(_) => {
                let edited = self.unseen.clone();
                self.first_swap(&site, &envs, &same, &edited)?
            }
            None => 0,
        };
        let swapped_first = count > 0;
        if swapped_first {
            self.stage("first swap", start);
        }
        for (i, (lang, prefix)) in site.languages().enumerate() {
            let env = envs[i];
            let all = PageSpec::all(lang);
            let files: Vec<String> = all.iter().map(|p| p.file(lang)).collect();
            page_files.extend(files.iter().map(|f| format!("{prefix}{f}")));
            lang_files.push(files);
            let same = same[i];
            let renderer = Renderer::new(lang, theme, env);
            let (rendered, prints) = match self.prints.get(i).filter(|_| same) {
                Some(was) => {
                    let scope = folders
                        .as_ref()
                        .and_then(|f| plan::candidates(lang, &all, f));
                    plan::render_changed(&renderer, was, scope.as_deref().unwrap_or(&all))?
                }
                None => plan::render(&renderer, &all)?,
            };
            printed.push((!same, prints));
            drop(renderer);
            self.stage("plan and render", start);
            count += rendered.len();
            let others = crate::build::site::other_files(lang, theme);
            made.extend(rendered.into_iter().chain(others).map(|f| f.under(&prefix)));
        }
        drop(old_languages);
        drop(old_site);
        let same_pages = page_files == self.page_files;
        self.prints.resize_with(envs.len(), Default::default);
        self.prints.truncate(envs.len());
        for ((fresh, prints), (kept, files)) in printed
            .into_iter()
            .zip(self.prints.iter_mut().zip(&lang_files))
        {
            if fresh {
                *kept = Fingerprints::default();
            }
            kept.extend(prints);
            if !same_pages {
                kept.retain(&files.iter().map(String::as_str).collect());
            }
        }
        let mut later = Vec::new();
        if !same_pages {
            // Forget pages that no longer exist.
            let current: std::collections::HashSet<&str> =
                page_files.iter().map(String::as_str).collect();
            for gone in self
                .page_files
                .iter()
                .filter(|f| !current.contains(f.as_str()))
            {
                later.push(crate::base::address::of_file(gone));
                self.files.remove(gone);
            }
        }
        if swapped_first {
            later.extend(
                made.iter()
                    .filter(|f| f.path.ends_with(".html"))
                    .map(|f| crate::base::address::of_file(&f.path)),
            );
            self.later = Some(later);
        }
        for f in made {
            let served = match f.contents {
                Contents::Bytes(b) => Served::Bytes(b.into()),
                Contents::Copy(p) => Served::File(p),
            };
            self.files.insert(f.path, served);
        }
        if !same_pages {
            // Attachments and assets that went away.
            let keep: std::collections::HashSet<String> = site
                .languages()
                .flat_map(|(lang, prefix)| {
                    crate::build::site::other_files(lang, theme)
                        .into_iter()
                        .map(move |f| f.under(&prefix).path)
                })
                .chain(page_files.iter().cloned())
                .chain(self.published.iter().cloned())
                .collect();
            self.files.retain(|k| keep.contains(k));
        }
        self.page_files = page_files;
        if let Some(old) = self.site.replace(Arc::new(site)) {
            // Freeing a large site takes milliseconds nobody needs to wait for.
            std::thread::spawn(move || drop(old));
        }
        self.stage("store", start);
        Ok(count)
    }
}
