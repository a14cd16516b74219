//! Stage 2: check every file against the content contract and turn it into
//! typed dossiers (countries → paragraphs → recommendations), with Markdown
//! converted to HTML. Every problem in every file is collected, not just the first.
//!
//! The driver is here, in the order of its checks: the settings, the
//! folders and what sits where (`folders`), each file by kind (`country`,
//! `paragraph`, `recommendation`; `checked` takes what the [`Cache`] holds,
//! so the preview skips files it has checked before), the dossiers put in
//! order with their numbers and addresses unique (`order`), and the
//! translations (`translation`).

mod assessment;
mod cache;
mod checked;
mod country;
mod date;
mod folders;
mod front;
mod grade;
mod hyperlink;
mod order;
mod paragraph;
pub mod placeholder;
mod procedure;
mod recommendation;
mod translation;

pub use assessment::{Assessment, Round};
pub use cache::Cache;
pub use country::Country;
pub use date::Date;
pub use paragraph::Paragraph;
pub use procedure::{Decision, Evaluation, Procedure, Reply, Submission};
pub use recommendation::Recommendation;
pub use translation::{Fallback, Status, Translations};

use front::{parse_file, render_body};

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::config::{self, Config, slugify};
use crate::input::load::{Attachment, FileKind, LoadedSite};
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

    let files = folders::sort(site, &mut diags);
    folders::check(site, &config, &files, &mut diags);
    let allow_html = config.allow_html;
    let home = files.home;
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

    let settings = checked::Settings {
        config: &config,
        config_ok,
        allow_html,
    };
    let countries = checked::countries(&files.countries, cache, &settings, &mut diags);
    let paragraphs =
        checked::paragraphs(&files.paragraphs, &countries, cache, &settings, &mut diags);
    let by_folder = checked::recommendations(
        &files.recommendations,
        &paragraphs,
        cache,
        &settings,
        &mut diags,
    );
    let countries = order::assemble(site, countries, paragraphs, by_folder, &config, &mut diags);
    for c in &countries {
        note_paragraphs_without_articles(c, &mut diags);
    }

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

/// Said once per dossier, as information: its paragraphs that name no
/// article (older concluding observations state none), which no article
/// page lists.
fn note_paragraphs_without_articles(country: &Country, diags: &mut Diagnostics) {
    let without: Vec<String> = country
        .paragraphs
        .iter()
        .filter(|p| p.articles.is_empty())
        .map(|p| p.number.to_string())
        .collect();
    let (what, numbers, verb) = match without.as_slice() {
        [] => return,
        [one] => ("paragraph", one.clone(), "names"),
        [first @ .., last] => (
            "paragraphs",
            format!("{} and {last}", first.join(", ")),
            "name",
        ),
    };
    diags.push(
        Diagnostic::info(
            &country.file,
            format!("{what} {numbers} of this dossier {verb} no `articles`: no article page lists them"),
        )
        .help("when a paragraph's treaty articles are known, add them to its _index.md, like articles = [2, 14]"),
    );
}

/// Said once by `check` of a site without errors whose settings name no
/// `license`: open data that names no licence cannot be safely reused,
/// whatever its authors meant. Not while there are errors to fix, nor by
/// every build and preview: a reminder, not a problem.
pub fn no_licence() -> Diagnostic {
    Diagnostic::info(
        crate::input::load::CONFIG_FILE,
        "no `license`: reusers cannot know what they may do with the dossiers and the data",
    )
    .help("name the licence you publish under in followup.toml, like license = \"CC-BY-4.0\" (an SPDX identifier)")
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
