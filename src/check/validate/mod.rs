//! Stage 2: check every file against the content contract and turn it into
//! typed dossiers (countries → paragraphs → recommendations), with Markdown
//! converted to HTML. Every problem in every file is collected, not just the first.
//!
//! The driver is here; each kind of file is checked in its own module
//! (`country`, `paragraph`, `recommendation`), and the [`Cache`] lets the
//! preview skip files it has checked before.

mod assessment;
mod cache;
mod country;
mod date;
mod front;
mod grade;
mod hyperlink;
mod paragraph;
mod recommendation;
mod translation;

pub use assessment::{Assessment, Round};
pub use cache::Cache;
pub use country::Country;
pub use date::Date;
pub use paragraph::{MIXED_REFERENCE, Paragraph};
pub use recommendation::Recommendation;
pub use translation::{Fallback, Status, Translations};

use cache::{CachedParagraph, CachedRecommendation};
use country::check_country;
use front::{parse_file, render_body};
use paragraph::check_paragraph;
use recommendation::{RecResult, check_recommendation};

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::config::{self, Config, slugify};
use crate::input::load::{Attachment, FileKind, LoadedSite};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A whole site, valid and ready to be indexed.
#[derive(Debug, Clone)]
pub struct Dossiers {
    pub config: Config,
    pub home_html: String,
    /// The home page's heading, from `content/_index.md`'s `title`.
    pub home_title: Option<String>,
    /// `content/_index.md`, when there is one.
    pub home_file: Option<String>,
    /// By name.
    pub countries: Vec<Country>,
    pub attachments: Vec<Attachment>,
    /// The texts of the site's other languages.
    pub translations: Translations,
    /// How far each other language has come.
    pub status: Vec<Status>,
}

impl Dossiers {
    /// The files marked `draft = true` (a draft country or paragraph counts
    /// once, with all it holds).
    pub fn drafts(&self) -> Vec<String> {
        let mut files = Vec::new();
        for c in &self.countries {
            if c.draft {
                files.push(c.file.clone());
                continue;
            }
            for p in &c.paragraphs {
                if p.draft {
                    files.push(p.file.clone());
                    continue;
                }
                files.extend(
                    p.recommendations
                        .iter()
                        .filter(|r| r.draft)
                        .map(|r| r.file.clone()),
                );
            }
        }
        files
    }

    /// Takes the drafts out, for readers: no page, list, count, chart, data
    /// file, feed, sitemap entry or search record is made of them.
    pub fn remove_drafts(&mut self) {
        self.countries.retain(|c| !c.draft);
        for c in &mut self.countries {
            c.paragraphs.retain(|p| !p.draft);
            for p in &mut c.paragraphs {
                // Numbers were given with the drafts in place: they keep theirs.
                if p.numbers.len() != p.recommendations.len() {
                    p.numbers = (1..=p.recommendations.len()).collect();
                }
                let (recs, numbers) = std::mem::take(&mut p.recommendations)
                    .into_iter()
                    .zip(std::mem::take(&mut p.numbers))
                    .filter(|(r, _)| !r.draft)
                    .unzip();
                p.recommendations = recs;
                p.numbers = numbers;
            }
        }
    }
}

#[derive(Deserialize)]
struct HomeFront {
    /// The home page's heading, in place of the site's title.
    title: Option<String>,
}

/// The folder of a file: `content/kz/p7` for `content/kz/p7/01.md`.
fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Checks the loaded site and builds its dossiers. The dossiers come back
/// only when there is no error; warnings come back either way.
pub fn validate(site: &LoadedSite) -> (Option<Dossiers>, Diagnostics) {
    validate_cached(site, &mut Cache::default())
}

/// [`validate`], reusing and updating `cache`.
pub fn validate_cached(site: &LoadedSite, cache: &mut Cache) -> (Option<Dossiers>, Diagnostics) {
    let mut diags = Diagnostics::default();
    // With broken settings the content is still checked, for all that does not
    // depend on them (grades, treaties), so one run reports every problem.
    // New settings empty the whole cache (recommendations, countries,
    // paragraphs): every result in it was made with the old ones.
    if cache.config != site.config {
        *cache = Cache {
            config: site.config.clone(),
            parsed: site.config.as_deref().map(config::parse),
            ..Cache::default()
        };
    }
    let parsed = cache.parsed.clone();
    let config_ok = matches!(parsed, Some(Ok(_)));
    let config = match parsed {
        Some(Ok(c)) => c,
        Some(Err(d)) => {
            diags.extend(d.0);
            Config::fallback()
        }
        None => Config::fallback(),
    };

    let mut home = None;
    let mut country_files = BTreeMap::new();
    let mut paragraph_files = BTreeMap::new();
    let mut rec_files = Vec::new();
    // What `followup new` left to fill in; errors, so never published.
    let placeholders: Vec<Diagnostic> = site
        .files
        .par_iter()
        .flat_map_iter(|(_, f)| crate::init::new::placeholders(&f.path, &f.text))
        .collect();
    diags.extend(placeholders);
    for file in site.files.values() {
        match &file.kind {
            FileKind::Home => home = Some(file),
            FileKind::Country { country } => {
                country_files.insert(country.clone(), file);
            }
            FileKind::Paragraph { country, paragraph } => {
                paragraph_files.insert((country.clone(), paragraph.clone()), file);
            }
            FileKind::Recommendation { .. } => rec_files.push(file),
            // Read once the originals are.
            FileKind::Translation { .. } => {}
            FileKind::Misplaced => {
                let depth = file.path.matches('/').count();
                let help = if depth == 2 {
                    "a recommendation belongs in a paragraph folder: content/<country>/<paragraph>/<name>.md; a country's own text goes in content/<country>/_index.md"
                } else {
                    "recommendations sit exactly two folders below content/: content/<country>/<paragraph>/<name>.md"
                };
                diags.push(
                    Diagnostic::error(
                        &file.path,
                        "this Markdown file is not where followup looks for content",
                    )
                    .help(help),
                );
            }
        }
    }

    // Folders must carry their _index.md; country folders may not take a reserved name.
    for folder in &site.folders {
        let parts: Vec<&str> = folder.split('/').collect();
        let path = format!("content/{folder}");
        match parts.as_slice() {
            [country] => {
                if crate::base::address::reserved().contains(&slugify(country).as_str()) {
                    diags.push(
                        Diagnostic::error(&path, format!("the folder name `{country}` is reserved for the site's {country} pages"))
                            .help(format!("rename the folder, for example to `{country}-dossier`; reserved names: {}", crate::base::address::reserved().join(", "))),
                    );
                }
                if config.languages.iter().any(|l| l.code == slugify(country)) {
                    diags.push(
                        Diagnostic::error(&path, format!("the folder name `{country}` is where the site's pages in that language live"))
                            .help(format!("rename the folder, for example to `{country}-dossier`")),
                    );
                }
                if slugify(country).is_empty() {
                    diags.push(
                        Diagnostic::error(
                            &path,
                            "this folder name has no letters or digits to make a web address from",
                        )
                        .help("rename it after the country, like `kazakhstan`"),
                    );
                }
                if !country_files.contains_key(*country) {
                    diags.push(
                        Diagnostic::error(&path, "the country folder has no _index.md")
                            .help(format!("create {path}/_index.md with at least country = \"Name\" in its front matter")),
                    );
                }
            }
            [country, paragraph]
                if !paragraph_files.contains_key(&(country.to_string(), paragraph.to_string())) =>
            {
                // A folder of pictures is fine; Markdown without _index.md would be lost.
                let has_md = rec_files.iter().any(|f| {
                    matches!(&f.kind, FileKind::Recommendation { country: c, paragraph: p, .. } if c == country && p == paragraph)
                });
                if has_md {
                    diags.push(
                        Diagnostic::error(&path, "the paragraph folder has no _index.md")
                            .help(format!("create {path}/_index.md with paragraph = <number> and articles = [...] in its front matter")),
                    );
                }
            }
            _ => {}
        }
    }

    // The publisher's logo is a file of the site, published beside the pages.
    if let Some(logo) = config.publisher.as_ref().and_then(|p| p.logo.as_deref())
        && !site.attachments.values().any(|a| a.rel == logo)
    {
        diags.push(
            Diagnostic::error(
                crate::input::load::CONFIG_FILE,
                format!("the publisher's logo content/{logo} does not exist"),
            )
            .help("put the image in content/ and give its path there, such as logo = \"logo.svg\" for content/logo.svg"),
        );
    }
    let allow_html = config.allow_html;
    let (home_html, home_title) = home
        .map(|f| {
            let mut d = Vec::new();
            let made = parse_file::<HomeFront>(f, &["title"], &mut d)
                .map(|p| {
                    let title = p
                        .front
                        .title
                        .as_deref()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(String::from);
                    (render_body(&p, "home", allow_html, &mut d).html, title)
                })
                .unwrap_or_default();
            diags.extend(d);
            made
        })
        .unwrap_or_default();

    // Countries.
    let mut countries: BTreeMap<String, Country> = BTreeMap::new();
    let mut fresh_countries = HashMap::new();
    for (dir, file) in &country_files {
        let (country, d) = match cache.countries.remove(&file.revision) {
            Some(hit) => hit,
            None => check_country(file, dir, &config, config_ok, allow_html),
        };
        if let Some(c) = &country {
            countries.insert(dir.clone(), c.clone());
        }
        diags.extend(d.iter().cloned());
        fresh_countries.insert(file.revision, (country, d));
    }
    cache.countries = fresh_countries;

    // Paragraphs (their check depends on the country's treaty, so a cached
    // one is reused only if that is unchanged; new settings emptied the cache above).
    // By folder path (`content/<country>/<paragraph>`), so a recommendation
    // finds its paragraph from its own path without allocating.
    let mut paragraphs: BTreeMap<String, (String, Paragraph)> = BTreeMap::new();
    let mut seen_paragraphs = Vec::with_capacity(paragraph_files.len());
    for ((country, dir), file) in &paragraph_files {
        let treaty = countries.get(country).map(|c| c.treaty.clone());
        seen_paragraphs.push(file.path.clone());
        let hit = cache
            .paragraphs
            .get(&file.path)
            .filter(|c| c.revision == file.revision && c.treaty == treaty);
        let (paragraph, d) = match hit {
            Some(c) => (c.paragraph.clone(), c.diags.clone()),
            None => {
                let (paragraph, d) =
                    check_paragraph(file, dir, treaty.as_deref(), &config, config_ok, allow_html);
                cache.paragraphs.insert(
                    file.path.clone(),
                    CachedParagraph {
                        revision: file.revision,
                        treaty,
                        paragraph: paragraph.clone(),
                        diags: d.clone(),
                    },
                );
                (paragraph, d)
            }
        };
        if let Some(p) = paragraph {
            paragraphs.insert(folder_of(&file.path).to_string(), (country.clone(), p));
        }
        diags.extend(d);
    }
    if cache.paragraphs.len() != seen_paragraphs.len() {
        let seen: std::collections::HashSet<&String> = seen_paragraphs.iter().collect();
        cache.paragraphs.retain(|k, _| seen.contains(k));
    }

    // Recommendations: the bulk of the work, in parallel, skipping files
    // checked before with the same text and settings.
    cache.keys = repeated_keys(&rec_files);
    let keys = &cache.keys;
    let cached = &cache.entries;
    let results: Vec<(Option<RecResult>, Vec<Diagnostic>, bool)> = rec_files
        .par_iter()
        .map(|file| {
            let key = keys.get(&file.path).map(String::as_str);
            if let Some(c) = cached.get(&file.revision)
                && c.key.as_deref() == key
            {
                return (c.rec.clone(), c.diags.clone(), false);
            }
            let (rec, d) = check_recommendation(file, key, &config, config_ok, allow_html);
            (rec, d, true)
        })
        .collect();

    // Paragraphs by folder, for one hash lookup per recommendation.
    let mut by_folder: HashMap<&str, Vec<RecResult>> = paragraphs
        .keys()
        .map(|k| (k.as_str(), Vec::new()))
        .collect();
    for (file, (rec, d, fresh)) in rec_files.iter().zip(results) {
        if let Some(r) = &rec
            && let Some(list) = by_folder.get_mut(folder_of(&file.path))
        {
            list.push(r.clone());
        }
        diags.extend(d.iter().cloned());
        if fresh {
            let key = cache.keys.get(&file.path).cloned();
            cache
                .entries
                .insert(file.revision, CachedRecommendation { rec, diags: d, key });
        }
    }
    if cache.entries.len() != rec_files.len() {
        let present: std::collections::HashSet<u64> =
            rec_files.iter().map(|f| f.revision).collect();
        cache.entries.retain(|k, _| present.contains(k));
    }

    let mut by_folder: HashMap<String, Vec<RecResult>> = by_folder
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();

    // Assemble, checking uniqueness of numbers and addresses.
    for (folder, (country, mut paragraph)) in paragraphs {
        paragraph.recommendations = by_folder.remove(&folder).unwrap_or_default();
        // Stable: files without `order` keep file-name order, after those with one.
        paragraph
            .recommendations
            .sort_by_key(|r| (r.order.is_none(), r.order));
        paragraph.numbers = (1..=paragraph.recommendations.len()).collect();
        paragraph::check_recommendations(&paragraph, site, &mut diags);
        check_unique(
            paragraph
                .recommendations
                .iter()
                .map(|r| (r.slug.as_str(), r.file.as_str())),
            "recommendation",
            &mut diags,
        );
        if let Some(c) = countries.get_mut(&country) {
            for r in &paragraph.recommendations {
                if !r.assessments.is_empty() {
                    let text = site.files.get(&r.file).map_or("", |f| f.text.as_str());
                    assessment::check_against_country(
                        &c.rounds,
                        &c.file,
                        &r.file,
                        text,
                        &r.assessments,
                        &mut diags,
                    );
                }
            }
            c.paragraphs.push(paragraph);
        }
    }
    for c in countries.values_mut() {
        c.paragraphs.sort_by_key(|p| p.number);
        for pair in c.paragraphs.windows(2) {
            if pair[0].number == pair[1].number {
                let file = &pair[1].file;
                let text = site.files.get(file).map_or("", |f| f.text.as_str());
                diags.push(
                    Diagnostic::error(file, format!("paragraph {} is already used by {}", pair[1].number, pair[0].file))
                        .at(text, text.find("paragraph").unwrap_or(0))
                        .help("each follow-up paragraph of a country has its own number; merge the two folders or correct the number"),
                );
            }
        }
        check_unique(
            c.paragraphs
                .iter()
                .map(|p| (p.slug.as_str(), p.file.as_str())),
            "paragraph",
            &mut diags,
        );
    }
    let mut countries: Vec<Country> = countries.into_values().collect();
    check_unique(
        countries.iter().map(|c| (c.slug.as_str(), c.file.as_str())),
        "country",
        &mut diags,
    );
    // A State reviewed again has a dossier per review: they stand together
    // under its name, the newest review first.
    countries.sort_by(|a, b| {
        (a.name.to_lowercase(), std::cmp::Reverse(a.adopted), &a.slug).cmp(&(
            b.name.to_lowercase(),
            std::cmp::Reverse(b.adopted),
            &b.slug,
        ))
    });

    // Translations, checked against their originals.
    let mut recs_by_file: HashMap<String, std::sync::Arc<Recommendation>> = HashMap::new();
    for c in &countries {
        for p in &c.paragraphs {
            for r in &p.recommendations {
                recs_by_file.insert(r.file.clone(), r.clone());
            }
        }
    }
    let key_of: HashMap<String, String> = recs_by_file
        .iter()
        .map(|(f, r)| (f.clone(), r.key.clone()))
        .collect();
    let translations = translation::check(site, &config, config_ok, &key_of, &mut diags);
    translations.check_assessments(&recs_by_file, site, &mut diags);

    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    let mut dossiers = Dossiers {
        config,
        home_html,
        home_title,
        home_file: home.map(|f| f.path.clone()),
        countries,
        attachments: site.attachments.values().cloned().collect(),
        translations: Translations::default(),
        status: Vec::new(),
    };
    let languages: Vec<String> = dossiers
        .config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    dossiers.status = translations.status(&dossiers, &languages);
    dossiers.translations = translations;
    (Some(dossiers), diags)
}

/// Two files whose names make the same web address cannot both be published.
/// The recommendation files whose slug another paragraph of the same
/// country shares, with the key their ids take instead: the paragraph
/// folder's slug and their own, so a country's full report, which shows
/// them all, repeats no id.
fn repeated_keys(rec_files: &[&crate::input::load::ContentFile]) -> HashMap<String, String> {
    let mut by_slug: HashMap<(&str, String), Vec<(&str, &str)>> = HashMap::new();
    for file in rec_files {
        if let FileKind::Recommendation {
            country,
            paragraph,
            name,
        } = &file.kind
        {
            by_slug
                .entry((country.as_str(), slugify(name.as_str())))
                .or_default()
                .push((file.path.as_str(), paragraph.as_str()));
        }
    }
    let mut keys = HashMap::new();
    for ((_, slug), files) in by_slug {
        if files.len() > 1 {
            for (path, paragraph) in files {
                keys.insert(path.to_string(), format!("{}-{slug}", slugify(paragraph)));
            }
        }
    }
    keys
}

fn check_unique<'a>(
    items: impl Iterator<Item = (&'a str, &'a str)>,
    what: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (slug, file) in items {
        if let Some(first) = seen.insert(slug, file) {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("this {what} would have the same address (`{slug}`) as {first}"),
                )
                .help("rename one of them so their names differ in letters or digits"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::load::ContentFile;

    /// A site of one country (under `treaty`) with one paragraph on `article`.
    fn site(settings: &str, treaty: &str, article: u32) -> LoadedSite {
        let mut site = LoadedSite {
            config: Some(settings.to_string()),
            ..LoadedSite::default()
        };
        for (rel, text) in [
            (
                "lemuria/_index.md",
                format!("+++\ncountry = \"Lemuria\"\ntreaty = \"{treaty}\"\n+++\n"),
            ),
            (
                "lemuria/p1/_index.md",
                format!("+++\nparagraph = 1\narticles = [{article}]\n+++\n"),
            ),
        ] {
            let path = format!("content/{rel}");
            let file = ContentFile::new(path.clone(), crate::input::load::classify_path(rel), text);
            site.files.insert(path, file);
        }
        site.folders = ["lemuria", "lemuria/p1"].map(String::from).into();
        site
    }

    #[test]
    fn new_settings_check_cached_paragraphs_again() {
        let settings = "title = \"T\"\nbase_url = \"https://x.org/\"\n[[grades]]\ncode = \"C\"\nlabel = \"c\"\n[treaties.CAT.articles]\n2 = \"Prevention\"\n";
        let mut loaded = site(settings, "CAT", 3);
        let mut cache = Cache::default();
        let (dossiers, diags) = validate_cached(&loaded, &mut cache);
        assert!(dossiers.is_none());
        assert!(
            diags.iter().any(|d| d.message == "CAT has no article 3"),
            "{diags:?}"
        );
        // The same files (same revisions), settings that list article 3: the
        // paragraph cached with the old article list must not be reused.
        loaded.config = Some(format!("{settings}3 = \"Cruel treatment\"\n"));
        let (dossiers, diags) = validate_cached(&loaded, &mut cache);
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!(dossiers.unwrap().countries[0].paragraphs[0].articles, [3]);
    }
}
