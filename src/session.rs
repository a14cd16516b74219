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
use crate::output::Contents;
use crate::pages::{PageSpec, list_pages};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::validate;
use crate::validate::Recommendation;
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
    /// Time spent in each stage, for profiling (`FOLLOWUP_TIMINGS=1`).
    pub stages: Vec<(&'static str, Duration)>,
}

pub struct Session {
    root: PathBuf,
    base_url: String,
    loaded: LoadedSite,
    cache: validate::Cache,
    theme: Option<Arc<(Theme, minijinja::Environment<'static>)>>,
    site: Option<Arc<Site>>,
    /// Files made in the background from the site (data, feeds, search).
    published: std::collections::HashSet<String>,
    files: HashMap<String, Served>,
    /// The page files of the last good site, in order, to tell removed pages.
    page_files: Vec<String>,
    stages: Vec<(&'static str, Duration)>,
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
            published: std::collections::HashSet::new(),
            files: HashMap::new(),
            page_files: Vec::new(),
            stages: Vec::new(),
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

    /// The last good site, for work done in the background.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    /// Replaces the files made in the background (data, feeds, search).
    pub fn set_published(&mut self, files: Vec<crate::output::OutputFile>) {
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
        if !full && let Some(report) = self.edit_in_place(&changed, start) {
            return Some(report);
        }
        Some(self.rebuild(changed, full, css_only, start))
    }

    /// The common case, fast at any size: one or more recommendations edited
    /// in ways that leave them in place (the body, footnotes, sources, the
    /// Committee's text, the overview). Their new readings replace the old
    /// ones in the model and only the pages showing them are rendered.
    /// Anything else (a new grade, order or file, an error) returns `None`,
    /// for a rebuild.
    fn edit_in_place(&mut self, changed: &[String], start: Instant) -> Option<Rebuild> {
        if self.errors.has_errors() {
            return None;
        }
        let site = self.site.as_ref()?;
        let mut edits = Vec::new();
        for name in changed {
            let file = self.loaded.files.get(name)?;
            if !matches!(file.kind, load::FileKind::Recommendation { .. }) {
                return None;
            }
            let ri = site
                .recommendations
                .iter()
                .position(|r| &r.info.file == name)?;
            edits.push((ri, file));
        }
        let mut checked = Vec::new();
        for (ri, file) in edits {
            let (rec, diags) = self.cache.recheck(file)?;
            let rec = rec.filter(|_| !diags.iter().any(|d| d.is_error()))?;
            let old = &site.recommendations[ri].info;
            let same_place =
                rec.grade == old.grade && rec.order == old.order && rec.slug == old.slug;
            if !same_place {
                return None;
            }
            checked.push((ri, rec, diags));
        }

        self.version += 1;
        // While the background publisher holds the site, rebuild instead.
        let compiled = self.theme.clone()?;
        let site = self.site.as_mut().and_then(Arc::get_mut)?;
        let mut pages = BTreeSet::new();
        for (ri, rec, diags) in checked {
            let old = &site.recommendations[ri].info;
            if !same_citations(old, &rec) {
                pages.insert(PageSpec::Sources);
            }
            pages.insert(PageSpec::Recommendation(ri));
            pages.insert(PageSpec::Paragraph(site.recommendations[ri].paragraph));
            if rec.text != old.text || rec.summary != old.summary {
                // What lists show changed, not where: the pages listing it.
                pages.extend(listing_pages(site, ri));
            }
            site.replace_recommendation(ri, rec);
            // This file's warnings replace its old ones.
            self.warnings
                .0
                .retain(|d| d.file != site.recommendations[ri].info.file);
            self.warnings.extend(diags);
        }
        self.warnings.sort();
        with_reports(site, &mut pages);
        let pages: Vec<PageSpec> = pages.into_iter().collect();
        let rendered = match Renderer::new(site, &compiled.0, &compiled.1).render(&pages) {
            Ok(r) => r,
            Err(errors) => {
                self.errors = errors.clone();
                return Some(Rebuild {
                    changed: changed.to_vec(),
                    pages_rendered: 0,
                    elapsed: start.elapsed(),
                    css_only: false,
                    errors,
                    stages: Vec::new(),
                });
            }
        };
        let count = rendered.len();
        for f in rendered {
            if let Contents::Bytes(b) = f.contents {
                self.files.insert(f.path, Served::Bytes(b.into()));
            }
        }
        Some(Rebuild {
            changed: changed.to_vec(),
            pages_rendered: count,
            elapsed: start.elapsed(),
            css_only: false,
            errors: Diagnostics::default(),
            stages: vec![("in place", start.elapsed())],
        })
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
        let result = self.compile(full, start);
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
            stages: std::mem::take(&mut self.stages),
        }
    }

    fn stage(&mut self, name: &'static str, start: Instant) {
        self.stages.push((name, start.elapsed()));
    }

    /// Brings the served files up to date; returns how many pages were rendered.
    fn compile(&mut self, full: bool, start: Instant) -> Result<usize, Diagnostics> {
        let mut diags = self.loaded.diagnostics();
        let (dossiers, found) = validate::validate_cached(&self.loaded, &mut self.cache);
        diags.extend(found.0);
        diags.sort();
        self.stage("validate", start);
        let Some(mut dossiers) = dossiers.filter(|_| !diags.has_errors()) else {
            return Err(diags);
        };
        self.warnings = diags;
        dossiers.config.base_url = crate::config::normalize_base_url(&self.base_url);

        let mut full = full || self.site.is_none();
        if self.theme.is_none() {
            let theme = Theme::load(&self.root, &dossiers.config.theme)?;
            let env = crate::render::environment(&dossiers.config, &theme)?;
            self.theme = Some(Arc::new((theme, env)));
            full = true;
        }
        let Some(compiled) = self.theme.clone() else {
            return Ok(0);
        };
        let (theme, env) = (&compiled.0, &compiled.1);
        let site = Site::build(dossiers);
        self.stage("model", start);

        let all = PageSpec::all(&site);
        let page_files: Vec<String> = all.iter().map(|p| p.file(&site)).collect();
        let same_pages = page_files == self.page_files;
        let pages: Vec<PageSpec> = match (&self.site, full) {
            (Some(old), false) => {
                let mut pages = affected(old, &site);
                if !same_pages {
                    // Pages that did not exist before are rendered too.
                    for (spec, file) in all.iter().zip(&page_files) {
                        if !self.files.contains_key(file) {
                            pages.insert(*spec);
                        }
                    }
                }
                pages.into_iter().collect()
            }
            _ => all.clone(),
        };
        self.stage("plan", start);
        let rendered = Renderer::new(&site, theme, env).render(&pages)?;
        self.stage("render", start);

        if !same_pages {
            // Forget pages that no longer exist.
            let current: std::collections::HashSet<&str> =
                page_files.iter().map(String::as_str).collect();
            for gone in self
                .page_files
                .iter()
                .filter(|f| !current.contains(f.as_str()))
            {
                self.files.remove(gone);
            }
        }
        let count = rendered.len();
        for f in rendered
            .into_iter()
            .chain(crate::site::other_files(&site, theme))
        {
            let served = match f.contents {
                Contents::Bytes(b) => Served::Bytes(b.into()),
                Contents::Copy(p) => Served::File(p),
            };
            self.files.insert(f.path, served);
        }
        if !same_pages {
            // Attachments and assets that went away.
            let keep: std::collections::HashSet<String> = crate::site::other_files(&site, theme)
                .into_iter()
                .map(|f| f.path)
                .chain(page_files.iter().cloned())
                .chain(self.published.iter().cloned())
                .collect();
            self.files.retain(|k, _| keep.contains(k));
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

/// What other pages show of a recommendation beyond its own file's
/// contents: when it changes, every page listing it is rendered again.
#[derive(PartialEq)]
struct Placement<'a> {
    position: usize,
    path: &'a str,
    country: &'a str,
    paragraph: u32,
    paragraph_title: Option<&'a str>,
    paragraph_path: &'a str,
    /// Its article pages follow its paragraph's articles and country's treaty.
    articles: &'a [u32],
    treaty: &'a str,
}

fn placement(site: &Site, ri: usize) -> Placement<'_> {
    let r = &site.recommendations[ri];
    let p = &site.paragraphs[r.paragraph];
    let c = &site.countries[r.country];
    Placement {
        position: r.position,
        path: &r.path,
        country: &c.info.name,
        paragraph: p.info.number,
        paragraph_title: p.info.title.as_deref(),
        paragraph_path: &p.path,
        articles: &p.info.articles,
        treaty: &c.info.treaty,
    }
}

/// Whether two readings of a recommendation list the same way.
fn same_listing(a: &Recommendation, b: &Recommendation) -> bool {
    a.grade == b.grade && a.text == b.text && a.summary == b.summary
}

/// Whether the sources page shows the two readings' footnotes alike: the
/// same sources, linked to the same anchors (a footnote's line may move).
fn same_citations(a: &Recommendation, b: &Recommendation) -> bool {
    a.footnotes.len() == b.footnotes.len()
        && a.footnotes
            .iter()
            .zip(&b.footnotes)
            .all(|(x, y)| x.anchor == y.anchor && x.text == y.text && x.url == y.url)
}

fn ptr(r: &Arc<Recommendation>) -> usize {
    Arc::as_ptr(r) as usize
}

/// The pages that show recommendation `ri` of `site` as a card, when its
/// text or summary changes but not its place: its country, grade and
/// article pages, and its neighbours' pages (whose pager names it).
fn listing_pages(site: &Site, ri: usize) -> Vec<PageSpec> {
    let r = &site.recommendations[ri];
    let treaty = site.countries[r.country].info.treaty.as_str();
    let numbers = &site.paragraphs[r.paragraph].info.articles;
    // Lists are in reading order: the page that shows it is found by search.
    let page_of = |list: &[usize]| list.binary_search(&ri).unwrap_or(0) / site.config.per_page;
    let grade = r.info.grade;
    let mut pages = vec![
        PageSpec::Country(r.country),
        PageSpec::Grade(grade, page_of(&site.grades[grade].recommendations)),
    ];
    pages.extend(
        site.articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.treaty == treaty && numbers.contains(&a.number))
            .map(|(ai, a)| PageSpec::Article(ai, page_of(&a.recommendations))),
    );
    pages.extend(
        r.previous
            .into_iter()
            .chain(r.next)
            .map(PageSpec::Recommendation),
    );
    pages
}

/// The pages of `new` whose contents can differ from what `old` rendered.
/// Both sites were built with the same settings and theme. A recommendation
/// whose file was not read again keeps its `Arc`: comparing pointers finds
/// the few that changed without comparing texts.
fn affected(old: &Site, new: &Site) -> BTreeSet<PageSpec> {
    let mut pages: BTreeSet<PageSpec> = [PageSpec::Home, PageSpec::Articles, PageSpec::Grades]
        .into_iter()
        .collect();
    let old_by_ptr: HashMap<usize, usize> = old
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| (ptr(&r.info), i))
        .collect();
    let new_ptrs: std::collections::HashSet<usize> =
        new.recommendations.iter().map(|r| ptr(&r.info)).collect();
    // Recommendations read again (or gone), by file: there are few.
    let old_reread: HashMap<&str, usize> = old
        .recommendations
        .iter()
        .enumerate()
        .filter(|(_, r)| !new_ptrs.contains(&ptr(&r.info)))
        .map(|(i, r)| (r.info.file.as_str(), i))
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
    // `cited`: whether the sources page, which shows each citing
    // recommendation's reference, country and grade, changes too.
    let mark = |site: &Site, ri: usize, cited: bool, pages: &mut BTreeSet<PageSpec>| {
        let r = &site.recommendations[ri];
        let c = &site.countries[r.country];
        let p = &site.paragraphs[r.paragraph];
        // A recommendation that comes, goes or moves shifts the pages of its
        // lists after it, and may change how many there are: all of them,
        // as many as the new site has.
        let per_page = new.config.per_page;
        let g = r.info.grade;
        let n = list_pages(
            new.grades.get(g).map_or(0, |e| e.recommendations.len()),
            per_page,
        );
        pages.extend((0..n).map(|p| PageSpec::Grade(g, p)));
        for a in &p.info.articles {
            if let Some(&ai) = article_by_key.get(&(c.info.treaty.as_str(), *a)) {
                let n = list_pages(new.articles[ai].recommendations.len(), per_page);
                pages.extend((0..n).map(|p| PageSpec::Article(ai, p)));
            }
        }
        if let Some(&ci) = country_by_path.get(c.path.as_str()) {
            pages.insert(PageSpec::Country(ci));
        }
        if let Some(&pi) = paragraph_by_path.get(p.path.as_str()) {
            pages.insert(PageSpec::Paragraph(pi));
        }
        if cited && !r.info.footnotes.is_empty() {
            pages.insert(PageSpec::Sources);
        }
    };

    // For each recommendation of the new site: its counterpart in the old.
    let counterpart: Vec<Option<usize>> = new
        .recommendations
        .iter()
        .map(|r| {
            old_by_ptr
                .get(&ptr(&r.info))
                .or_else(|| old_reread.get(r.info.file.as_str()))
                .copied()
        })
        .collect();
    let mut matched_old = vec![false; old.recommendations.len()];
    let mut dirty = vec![false; new.recommendations.len()];
    for (ri, r) in new.recommendations.iter().enumerate() {
        let Some(oi) = counterpart[ri] else {
            mark(new, ri, true, &mut pages);
            dirty[ri] = true;
            continue;
        };
        matched_old[oi] = true;
        let o = &old.recommendations[oi];
        let reread = !Arc::ptr_eq(&o.info, &r.info);
        let placed = placement(old, oi) != placement(new, ri);
        if (reread && !same_listing(&o.info, &r.info)) || placed {
            let cited =
                placed || o.info.grade != r.info.grade || o.info.footnotes != r.info.footnotes;
            mark(old, oi, cited, &mut pages);
            mark(new, ri, cited, &mut pages);
            dirty[ri] = true;
        } else if reread {
            pages.insert(PageSpec::Recommendation(ri));
            pages.insert(PageSpec::Paragraph(r.paragraph));
            if !same_citations(&o.info, &r.info) {
                pages.insert(PageSpec::Sources);
            }
        }
    }
    for (oi, matched) in matched_old.iter().enumerate() {
        if !matched {
            mark(old, oi, true, &mut pages);
        }
    }

    for (ri, r) in new.recommendations.iter().enumerate() {
        let Some(oi) = counterpart[ri] else {
            pages.insert(PageSpec::Recommendation(ri));
            continue;
        };
        let o = &old.recommendations[oi];
        let same_neighbour = |a: Option<usize>, b: Option<usize>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                Arc::ptr_eq(&old.recommendations[a].info, &new.recommendations[b].info) && !dirty[b]
            }
            _ => false,
        };
        let (oc, nc) = (
            &old.countries[o.country].info,
            &new.countries[r.country].info,
        );
        let country_changed = oc.name != nc.name
            || oc.document != nc.document
            || oc.code != nc.code
            || oc.treaty != nc.treaty
            || oc.adopted != nc.adopted
            || oc.assessed != nc.assessed;
        if dirty[ri]
            || !same_neighbour(o.previous, r.previous)
            || !same_neighbour(o.next, r.next)
            || country_changed
        {
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
    with_reports(new, &mut pages);
    pages
}

/// A country's full report shows its facts, paragraphs and recommendations
/// in full: it changes with any of their pages.
fn with_reports(site: &Site, pages: &mut BTreeSet<PageSpec>) {
    let countries: Vec<usize> = pages
        .iter()
        .filter_map(|p| match *p {
            PageSpec::Country(ci) => Some(ci),
            PageSpec::Paragraph(pi) => site.paragraphs.get(pi).map(|p| p.country),
            PageSpec::Recommendation(ri) => site.recommendations.get(ri).map(|r| r.country),
            _ => None,
        })
        .collect();
    pages.extend(
        countries
            .into_iter()
            .filter(|&ci| crate::pages::has_report(site, ci))
            .map(PageSpec::Report),
    );
}
