//! A site kept in memory between rebuilds, for the preview server.
//!
//! A change to a few files re-reads only those files, re-checks only the
//! recommendations whose text changed (the validation cache), and re-renders
//! only the pages whose contents can have changed, found by comparing the
//! new model with the previous one. Settings or theme changes re-render all.
//! A failed rebuild keeps the last good site and reports the problems.

use crate::diagnostics::Diagnostics;
use crate::load::{self, LoadedSite};
use crate::model::Site;
use crate::render::{Contents, PageSpec, Renderer};
use crate::theme::Theme;
use crate::validate;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
}

pub struct Session {
    root: PathBuf,
    base_url: String,
    loaded: LoadedSite,
    cache: validate::Cache,
    theme: Option<(Arc<Theme>, minijinja::Environment<'static>)>,
    site: Option<Site>,
    files: HashMap<String, Served>,
    /// Problems of the last rebuild; empty when it succeeded.
    errors: Diagnostics,
    warnings: Diagnostics,
    /// Counts successful and failed rebuilds, so clients can tell news.
    version: u64,
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
            site: None,
            files: HashMap::new(),
            errors: Diagnostics::default(),
            warnings: Diagnostics::default(),
            // Distinct across runs, so a page reconnecting to a restarted
            // preview can tell it has news.
            version: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
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

    /// Every file served, by path.
    pub fn files(&self) -> &HashMap<String, Served> {
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
        let result = self.compile(full);
        let (pages_rendered, errors) = match result {
            Ok(n) => (n, Diagnostics::default()),
            Err(d) => (0, d),
        };
        self.errors = errors.clone();
        Rebuild {
            changed,
            pages_rendered,
            elapsed: start.elapsed(),
            css_only: css_only && errors.0.is_empty(),
            errors,
        }
    }

    /// Brings the served files up to date; returns how many pages were rendered.
    fn compile(&mut self, full: bool) -> Result<usize, Diagnostics> {
        let mut diags = self.loaded.diagnostics();
        let (dossiers, found) = validate::validate_cached(&self.loaded, &mut self.cache);
        diags.extend(found.0);
        diags.sort();
        let Some(mut dossiers) = dossiers.filter(|_| !diags.has_errors()) else {
            return Err(diags);
        };
        self.warnings = diags;
        dossiers.config.base_url = crate::config::normalize_base_url(&self.base_url);

        let mut full = full || self.site.is_none();
        if self.theme.is_none() {
            let theme = Theme::load(&self.root, &dossiers.config.theme)?;
            let env = theme.environment(&dossiers.config.base_path())?;
            self.theme = Some((Arc::new(theme), env));
            full = true;
        }
        let Some((theme, env)) = &self.theme else {
            return Ok(0);
        };
        let site = Site::build(dossiers);

        let all = PageSpec::all(&site);
        let pages: Vec<PageSpec> = match (&self.site, full) {
            (Some(old), false) => {
                let mut pages = affected(old, &site);
                // Pages that did not exist before are rendered too.
                for spec in &all {
                    if !self.files.contains_key(&spec.file(&site)) {
                        pages.insert(*spec);
                    }
                }
                pages.into_iter().collect()
            }
            _ => all.clone(),
        };
        let rendered = Renderer::new(&site, theme, env).render(&pages)?;

        let mut files: HashMap<String, Served> = HashMap::with_capacity(all.len() + 16);
        for spec in &all {
            let file = spec.file(&site);
            if let Some(old) = self.files.remove(&file) {
                files.insert(file, old);
            }
        }
        let count = rendered.len();
        for f in rendered
            .into_iter()
            .chain(crate::render::other_files(&site, theme))
        {
            let served = match f.contents {
                Contents::Bytes(b) => Served::Bytes(b.into()),
                Contents::Copy(p) => Served::File(p),
            };
            files.insert(f.path, served);
        }
        self.files = files;
        self.site = Some(site);
        Ok(count)
    }
}

/// What other pages show of a recommendation: when it changes, every page
/// listing the recommendation must be rendered again.
#[derive(PartialEq)]
struct CardKey<'a> {
    position: usize,
    path: &'a str,
    grade: usize,
    text: &'a str,
    summary: Option<&'a str>,
    country: &'a str,
    paragraph: u32,
    paragraph_title: Option<&'a str>,
    paragraph_path: &'a str,
}

fn card_key(site: &Site, ri: usize) -> CardKey<'_> {
    let r = &site.recommendations[ri];
    let p = &site.paragraphs[r.paragraph];
    CardKey {
        position: r.position,
        path: &r.path,
        grade: r.info.grade,
        text: &r.info.text,
        summary: r.info.summary.as_deref(),
        country: &site.countries[r.country].info.name,
        paragraph: p.info.number,
        paragraph_title: p.info.title.as_deref(),
        paragraph_path: &p.path,
    }
}

/// The pages of `new` whose contents can differ from what `old` rendered.
/// Both sites were built with the same settings and theme.
fn affected(old: &Site, new: &Site) -> BTreeSet<PageSpec> {
    let mut pages: BTreeSet<PageSpec> = [PageSpec::Home, PageSpec::Articles, PageSpec::Grades]
        .into_iter()
        .collect();
    let old_by_file: HashMap<&str, usize> = old
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| (r.info.file.as_str(), i))
        .collect();
    let new_files: BTreeSet<&str> = new
        .recommendations
        .iter()
        .map(|r| r.info.file.as_str())
        .collect();
    let country_by_path: HashMap<&str, usize> = new
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.path.as_str(), i))
        .collect();
    let paragraph_by_path: HashMap<&str, usize> = new
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    let article_by_key: HashMap<(&str, u32), usize> = new
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.treaty.as_str(), a.number), i))
        .collect();

    // A recommendation whose listing changed (or that came or went) touches
    // every page that lists it, in the old site and in the new.
    let mut dirty_files: BTreeSet<&str> = BTreeSet::new();
    let mark = |site: &Site, ri: usize, pages: &mut BTreeSet<PageSpec>| {
        let r = &site.recommendations[ri];
        let c = &site.countries[r.country];
        let p = &site.paragraphs[r.paragraph];
        pages.insert(PageSpec::Grade(r.info.grade));
        for a in &p.info.articles {
            if let Some(&ai) = article_by_key.get(&(c.info.treaty.as_str(), *a)) {
                pages.insert(PageSpec::Article(ai));
            }
        }
        if let Some(&ci) = country_by_path.get(c.path.as_str()) {
            pages.insert(PageSpec::Country(ci));
        }
        if let Some(&pi) = paragraph_by_path.get(p.path.as_str()) {
            pages.insert(PageSpec::Paragraph(pi));
        }
        if !r.info.footnotes.is_empty() {
            pages.insert(PageSpec::Sources);
        }
    };

    for (oi, r) in old.recommendations.iter().enumerate() {
        if !new_files.contains(r.info.file.as_str()) {
            mark(old, oi, &mut pages);
            dirty_files.insert(&r.info.file);
        }
    }
    for (ri, r) in new.recommendations.iter().enumerate() {
        let Some(&oi) = old_by_file.get(r.info.file.as_str()) else {
            mark(new, ri, &mut pages);
            dirty_files.insert(&r.info.file);
            continue;
        };
        let o = &old.recommendations[oi];
        // Its article pages follow its paragraph's articles and country's treaty.
        let moved = old.paragraphs[o.paragraph].info.articles
            != new.paragraphs[r.paragraph].info.articles
            || old.countries[o.country].info.treaty != new.countries[r.country].info.treaty;
        if moved || card_key(old, oi) != card_key(new, ri) {
            mark(old, oi, &mut pages);
            mark(new, ri, &mut pages);
            dirty_files.insert(&r.info.file);
        } else if !Arc::ptr_eq(&o.info, &r.info) {
            pages.insert(PageSpec::Recommendation(ri));
            pages.insert(PageSpec::Paragraph(r.paragraph));
            if o.info.footnotes != r.info.footnotes {
                pages.insert(PageSpec::Sources);
            }
        }
    }

    fn file_of(site: &Site, i: Option<usize>) -> Option<&str> {
        i.map(|i| site.recommendations[i].info.file.as_str())
    }
    for (ri, r) in new.recommendations.iter().enumerate() {
        let Some(&oi) = old_by_file.get(r.info.file.as_str()) else {
            pages.insert(PageSpec::Recommendation(ri));
            continue;
        };
        let o = &old.recommendations[oi];
        let (op, np) = (&old.paragraphs[o.paragraph], &new.paragraphs[r.paragraph]);
        let (oc, nc) = (
            &old.countries[o.country].info,
            &new.countries[r.country].info,
        );
        let neighbours_changed = file_of(old, o.previous) != file_of(new, r.previous)
            || file_of(old, o.next) != file_of(new, r.next)
            || [r.previous, r.next]
                .iter()
                .flatten()
                .any(|&i| dirty_files.contains(new.recommendations[i].info.file.as_str()));
        let context_changed = op.info.articles != np.info.articles
            || oc.name != nc.name
            || oc.document != nc.document
            || oc.code != nc.code
            || oc.treaty != nc.treaty
            || oc.adopted != nc.adopted
            || oc.assessed != nc.assessed;
        if dirty_files.contains(r.info.file.as_str()) || neighbours_changed || context_changed {
            pages.insert(PageSpec::Recommendation(ri));
        }
    }

    // Paragraph and country texts and facts.
    let old_paragraphs: HashMap<&str, usize> = old
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    for (pi, p) in new.paragraphs.iter().enumerate() {
        let same = old_paragraphs.get(p.path.as_str()).is_some_and(|&oi| {
            let o = &old.paragraphs[oi].info;
            o.number == p.info.number
                && o.title == p.info.title
                && o.concern_html == p.info.concern_html
                && o.articles == p.info.articles
        });
        if !same {
            pages.insert(PageSpec::Paragraph(pi));
            pages.insert(PageSpec::Country(p.country));
        }
    }
    let old_countries: HashMap<&str, usize> = old
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.path.as_str(), i))
        .collect();
    for (ci, c) in new.countries.iter().enumerate() {
        let Some(o) = old_countries
            .get(c.path.as_str())
            .map(|&oi| &old.countries[oi])
        else {
            pages.insert(PageSpec::Country(ci));
            pages.extend(c.paragraphs.clone().map(PageSpec::Paragraph));
            continue;
        };
        // What paragraph and recommendation pages show of their country.
        let brief_same = o.info.name == c.info.name
            && o.info.code == c.info.code
            && o.info.treaty == c.info.treaty
            && o.info.document == c.info.document
            && o.info.adopted == c.info.adopted
            && o.info.assessed == c.info.assessed;
        if !brief_same {
            pages.extend(c.paragraphs.clone().map(PageSpec::Paragraph));
        }
        if !brief_same
            || o.info.intro_html != c.info.intro_html
            || o.paragraphs.len() != c.paragraphs.len()
        {
            pages.insert(PageSpec::Country(ci));
        }
    }
    if old.home_html != new.home_html {
        pages.insert(PageSpec::Home);
    }
    pages
}
