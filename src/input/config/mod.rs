//! `followup.toml`: the site's title and address, its grade scale and the
//! treaties its dossiers follow. ICCPR's article headings are built in.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load::CONFIG_FILE;
use crate::input::scales::{Assessor, Level};
use grades::{RawAssessor, RawGrade, RawScale, assessors_and_scales, scale_grades};

mod grades;
mod languages;
mod licence;
mod treaties;
pub use languages::Language;
pub use licence::Licence;
use serde::Deserialize;
use std::collections::BTreeMap;
pub use treaties::builtin_treaties;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    default_treaty: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default = "yes")]
    search: bool,
    #[serde(default = "per_page")]
    per_page: i64,
    /// Optional only with `headline` (said below, where that is known).
    grades: Option<Vec<RawGrade>>,
    #[serde(default)]
    treaties: BTreeMap<String, RawTreaty>,
    /// Replacements for single labels of the theme's strings table.
    #[serde(default)]
    strings: BTreeMap<String, String>,
    /// The site's own assessor's name, shown beside its grades.
    #[serde(default)]
    assessor: Option<String>,
    #[serde(default)]
    assessors: BTreeMap<String, RawAssessor>,
    #[serde(default)]
    scales: BTreeMap<String, RawScale>,
    #[serde(default)]
    languages: BTreeMap<String, languages::RawLanguage>,
    #[serde(default)]
    publisher: Option<Publisher>,
    /// The assessor whose latest grades lead the site, in place of its own.
    #[serde(default)]
    headline: Option<String>,
    /// The SPDX identifier of the licence the words and data are under.
    #[serde(default)]
    license: Option<String>,
    /// Whether to make the link-preview images (`og.png`).
    #[serde(default = "yes")]
    og_image: bool,
    /// At most how many recommendations go in one search bundle.
    #[serde(default = "bundle_size")]
    search_bundle_size: i64,
}

/// The settings of followup.toml's top level, as [`RawConfig`] reads them:
/// one of them inside a table was meant above it.
pub(crate) const SETTINGS: &[&str] = &[
    "title",
    "base_url",
    "default_treaty",
    "language",
    "theme",
    "allow_html",
    "cname",
    "search",
    "per_page",
    "grades",
    "treaties",
    "strings",
    "assessor",
    "assessors",
    "scales",
    "languages",
    "publisher",
    "headline",
    "license",
    "og_image",
    "search_bundle_size",
];

/// Who publishes the site (`[publisher]`): shown in the header and footer,
/// as the feeds' author, and in the data.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    pub url: Option<String>,
    pub email: Option<String>,
    /// An image file in `content/`, by its path there (`logo.svg`).
    pub logo: Option<String>,
}

fn yes() -> bool {
    true
}

/// How many recommendations a grade or article page lists by default.
pub const PER_PAGE: usize = 500;

fn per_page() -> i64 {
    PER_PAGE as i64
}

fn bundle_size() -> i64 {
    BUNDLE_SIZE as i64
}

/// The smallest search bundle a site may ask for: below it, a query would
/// fetch a part of the index from more bundles than it finds words in.
pub const MIN_BUNDLE_SIZE: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTreaty {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    articles: BTreeMap<String, String>,
}

/// A grade of the site's scale, in scale order.
#[derive(Debug, Clone)]
pub struct Grade {
    pub code: String,
    pub label: String,
    pub description: String,
    /// URL segment: `N/A` → `n-a`.
    pub slug: String,
    /// What it means on any scale, when said.
    pub level: Option<Level>,
}

#[derive(Debug, Clone)]
pub struct Treaty {
    /// The key used in front matter and followup.toml (`ICCPR`).
    pub key: String,
    pub name: String,
    /// Article titles by number; empty when the treaty's articles are not listed.
    pub articles: BTreeMap<u32, String>,
}

impl Treaty {
    /// URL segment: `ICCPR` → `iccpr`.
    pub fn slug(&self) -> String {
        slugify(&self.key)
    }

    pub fn article_title(&self, n: u32) -> Option<&str> {
        self.articles.get(&n).map(String::as_str)
    }
}

/// At most about this many recommendations go in one search bundle of a
/// build, unless followup.toml's `search_bundle_size` says otherwise.
/// Pagefind indexes a bundle on one core, in time and memory that grow
/// faster than the bundle: a large site's index is made of bundles of this
/// size, made side by side and merged by the search page. (Measured at
/// 10,000 recommendations on 2 cores: one bundle 15 s and 1.6 GB; four, 7 s
/// and 0.7 GB.) Each bundle adds to what a query fetches (at 10,000, bundles
/// of 1,000: 410 -> 539 KB for a first query, each new word's part of the
/// index fetched from every bundle), so not smaller by default, though a
/// rebuild after one change indexes again a smaller bundle (1.7 -> 1.1 s).
pub const BUNDLE_SIZE: usize = 2_500;

/// The preview's bundles are smaller: an edit indexes again only its
/// bundle, and the bytes a query fetches do not matter on the author's own
/// machine. (Measured at 10,000: one edit 3.0 s of CPU with bundles of
/// 2,500; see `examples/search_edit.rs`.)
pub const PREVIEW_BUNDLE_SIZE: usize = 1_000;

/// How many bundles the search index of `n` recommendations has, with at
/// most about `size` in each: one up to `size`. The search page names the
/// bundles it merges, and the index is shared out among them.
pub fn search_bundles(n: usize, size: usize) -> usize {
    n.div_ceil(size.max(1)).max(1)
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub default_treaty: String,
    pub language: String,
    pub theme: String,
    pub allow_html: bool,
    /// Custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// Whether to build the full-text search bundle.
    pub search: bool,
    /// At most this many recommendations go in one search bundle
    /// ([`BUNDLE_SIZE`] in a build; fewer in the preview).
    pub search_bundle_size: usize,
    /// At most this many recommendations on one page of a grade or article
    /// list; more go on further pages (`page/2/`...).
    pub per_page: usize,
    pub grades: Vec<Grade>,
    pub treaties: BTreeMap<String, Treaty>,
    /// The theme's labels in the site's language, with its replacements.
    pub strings: crate::input::strings::Strings,
    /// The site's own assessor's name, when given.
    pub assessor: Option<String>,
    /// Other assessors whose grades dossiers record, by key.
    pub assessors: BTreeMap<String, Assessor>,
    /// The scales assessors use, by key: the site's `[scales]` and the
    /// built-in ones they name.
    pub scales: BTreeMap<String, Vec<Grade>>,
    /// The grades of each assessor that graded by period (`scales`):
    /// every period's scale one after the other.
    pub by_period: BTreeMap<String, Vec<Grade>>,
    /// `headline`: the key of the assessor whose latest grades lead the
    /// site (home page, tables, counts, /grades/, feeds, search).
    pub headline: Option<String>,
    /// With `headline`, once the site is modelled: the site's own scale,
    /// while `grades` holds the headline's (see `model::headline`).
    pub own_grades: Option<Vec<Grade>>,
    /// The site's other languages, by code: their pages live under `/<code>/`.
    pub languages: Vec<Language>,
    /// For the settings of another language's pages
    /// ([`Config::for_language`]): the main language, which texts not yet
    /// translated are shown in. `None` for the main language's.
    pub source_language: Option<String>,
    /// The main language's `base_url`: where every language's pages are
    /// published from.
    pub home_base_url: String,
    pub publisher: Option<Publisher>,
    /// `license`: what readers may do with the words and the data.
    pub license: Option<Licence>,
    /// `og_image`: whether the home and country pages have a link-preview
    /// image (`og.png`); on unless set to false.
    pub og_image: bool,
}

impl Config {
    /// The path part of base_url, beginning and ending with `/`:
    /// `https://org.github.io/repo/` → `/repo/`. Every internal link starts with it.
    pub fn base_path(&self) -> String {
        base_path(&self.base_url)
    }

    /// Stands in for a followup.toml that could not be read, so the content
    /// can still be checked for everything that does not depend on it.
    pub fn fallback() -> Config {
        Config {
            title: String::new(),
            base_url: "/".into(),
            default_treaty: "ICCPR".into(),
            language: "en".into(),
            theme: "default".into(),
            allow_html: false,
            cname: None,
            search: false,
            search_bundle_size: BUNDLE_SIZE,
            per_page: PER_PAGE,
            grades: Vec::new(),
            treaties: builtin_treaties(),
            strings: crate::input::strings::Strings::default(),
            assessor: None,
            assessors: BTreeMap::new(),
            scales: BTreeMap::new(),
            by_period: BTreeMap::new(),
            headline: None,
            own_grades: None,
            languages: Vec::new(),
            source_language: None,
            home_base_url: "/".into(),
            publisher: None,
            license: None,
            og_image: false,
        }
    }

    pub fn grade_index(&self, code: &str) -> Option<usize> {
        self.grades.iter().position(|g| g.code == code)
    }

    /// The scale an assessor grades with: the site's own `[[grades]]` for
    /// `None` (the site's own assessor), else that of `[assessors.<key>]`.
    pub fn scale_of(&self, by: Option<&str>) -> Option<&[Grade]> {
        match by {
            None => Some(self.own_grades.as_deref().unwrap_or(&self.grades)),
            Some(key) => {
                let a = self.assessors.get(key)?;
                self.by_period
                    .get(key)
                    .or_else(|| self.scales.get(&a.scale))
                    .map(Vec::as_slice)
            }
        }
    }

    /// Who the site's own grades are by, for readers: its `assessor`, or
    /// the site's title.
    pub fn own_assessor(&self) -> &str {
        self.assessor.as_deref().unwrap_or(&self.title)
    }
}

/// Lowercase, runs of anything but a–z and 0–9 become one `-`, trimmed.
pub fn slugify(s: &str) -> String {
    slug::slugify(s)
}

/// The path component of a URL, normalised to start and end with `/`.
pub fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = match after_scheme.find('/') {
        Some(i) if url.contains("://") => &after_scheme[i..],
        Some(_) => after_scheme,
        None if url.contains("://") => "/",
        None => after_scheme,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Normalises a base URL to end with exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

/// Parses followup.toml. Problems are reported against the file with positions.
pub fn parse(text: &str) -> Result<Config, Diagnostics> {
    let mut diags = Diagnostics::default();
    let what = crate::input::frontmatter::Toml::Settings {
        top_level: SETTINGS,
    };
    let raw = match crate::input::frontmatter::parse::<RawConfig>(CONFIG_FILE, text, text, 0, what)
    {
        Ok(p) => p.value,
        Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };

    if raw.grades.is_none() && raw.headline.is_none() {
        diags.push(
            Diagnostic::error(CONFIG_FILE, "invalid settings: missing field `grades`")
                .at(text, 0)
                .help("add grades = ... to followup.toml"),
        );
    }
    let grades = scale_grades(raw.grades.unwrap_or_default(), text, &mut diags);
    // A site led by another assessor's grades may have none of its own.
    if grades.is_empty() && raw.headline.is_none() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(CONFIG_FILE, "the grade scale is empty")
                .help("add one [[grades]] table per grade, each with code and label"),
        );
    }

    let treaties = treaties::site_treaties(raw.treaties, text, &mut diags);

    let default_treaty = raw.default_treaty.unwrap_or_else(|| "ICCPR".to_string());
    if !treaties.contains_key(&default_treaty) {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("default_treaty {default_treaty:?} is not a known treaty"),
            )
            .at(text, find(text, "default_treaty"))
            .help(format!(
                "use one of {} or add a [treaties.{default_treaty}] table with its name",
                treaties.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
        );
    }

    if let Some(url) = raw.publisher.as_ref().and_then(|p| p.url.as_deref())
        && let Some(scheme) = crate::base::address::refused_scheme(url)
    {
        let (message, help) =
            crate::base::address::refused_message("[publisher] url", url, &scheme);
        diags.push(
            Diagnostic::error(CONFIG_FILE, message)
                .at(text, find(text, url))
                .help(help),
        );
    }

    let base_url = normalize_base_url(&raw.base_url);
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        diags.push(
            Diagnostic::error(CONFIG_FILE, format!("base_url {:?} is not a web address", raw.base_url))
                .at(text, find(text, "base_url"))
                .help("write the address the site will be published at, like \"https://org.github.io/repo/\""),
        );
    }

    let strings =
        crate::input::strings::parse(raw.language.as_deref(), &raw.strings, text, &mut diags);

    // Whole numbers with a least value, each said with its fix.
    let counts = [
        (
            "per_page",
            raw.per_page,
            1,
            "a page must list at least one recommendation".to_string(),
            PER_PAGE,
        ),
        (
            "search_bundle_size",
            raw.search_bundle_size,
            MIN_BUNDLE_SIZE,
            format!("a search bundle holds at least {MIN_BUNDLE_SIZE} recommendations"),
            BUNDLE_SIZE,
        ),
    ];
    for (setting, value, least, why, default) in counts {
        if value < least as i64 {
            diags.push(
                Diagnostic::error(CONFIG_FILE, format!("{setting} is {value}: {why}"))
                    .at(text, find(text, setting))
                    .help(format!(
                        "write a whole number of {least} or more, or leave {setting} out for {default}"
                    )),
            );
        }
    }

    let (assessors, scales) = assessors_and_scales(raw.assessors, raw.scales, text, &mut diags);
    grades::assessor_pages_apart(&assessors, &grades, text, &mut diags);
    let headline = raw.headline.as_deref().map(str::trim).map(String::from);
    if let Some(key) = &headline
        && !assessors.contains_key(key)
        && !diags.has_errors()
    {
        diags.push(grades::unknown_headline(key, &assessors, text));
    }

    let main_language = raw.language.clone().unwrap_or_else(|| "en".to_string());
    let known = languages::Known {
        main: &main_language,
        grades: &grades,
        assessors: &assessors,
        scales: &scales,
    };
    let languages = languages::parse(raw.languages, &known, text, &mut diags);
    let license = raw
        .license
        .as_deref()
        .and_then(|l| licence::parse(l, text, &mut diags));

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        languages,
        source_language: None,
        home_base_url: base_url.clone(),
        license,
        publisher: raw.publisher.clone().map(|mut p| {
            p.name = p.name.trim().to_string();
            p.logo = p.logo.map(|l| l.trim().trim_start_matches('/').to_string());
            p
        }),
        title: raw.title,
        base_url,
        default_treaty,
        language: raw.language.unwrap_or_else(|| "en".to_string()),
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        allow_html: raw.allow_html,
        cname: raw
            .cname
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        search: raw.search,
        og_image: raw.og_image,
        search_bundle_size: raw.search_bundle_size.max(1) as usize,
        per_page: raw.per_page.max(1) as usize,
        grades,
        treaties,
        strings,
        assessor: raw
            .assessor
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty()),
        by_period: grades::by_period(&assessors, &scales),
        headline,
        own_grades: None,
        assessors,
        scales,
    })
}

pub(crate) fn find(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or(0)
}

/// The offset of the last line of `text` that sets `key` (`key = …`).
fn key_line(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        let (name, _) = line.split_once('=').unwrap_or_default();
        if name.trim().trim_matches('"') == key {
            found = Some(offset + line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The top-level settings listed for messages are those read.
    #[test]
    fn the_settings_listed_are_those_read() {
        let e = toml::from_str::<RawConfig>("zzz = 1").unwrap_err();
        let (_, expected) = e.message().split_once("expected one of ").unwrap();
        let read: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        assert_eq!(read, SETTINGS);
    }

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://org.github.io/repo\"\n[[grades]]\ncode = \"N/A\"\nlabel = \"No information\"\n";

    #[test]
    fn base_path_is_taken_from_base_url() {
        assert_eq!(base_path("https://org.github.io/repo/"), "/repo/");
        assert_eq!(base_path("https://org.github.io/repo"), "/repo/");
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("http://127.0.0.1:1111/"), "/");
        assert_eq!(base_path("https://a.org/x/y/?q=1"), "/x/y/");
    }

    #[test]
    fn grade_slugs_follow_the_contract() {
        assert_eq!(slugify("N/A"), "n-a");
        assert_eq!(slugify("B2"), "b2");
        assert_eq!(slugify(" A+ (partial) "), "a-partial");
    }

    #[test]
    fn minimal_config_gets_defaults_and_builtin_iccpr() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://org.github.io/repo/");
        assert_eq!(c.base_path(), "/repo/");
        assert_eq!(c.default_treaty, "ICCPR");
        assert_eq!(c.grades[0].slug, "n-a");
        let iccpr = &c.treaties["ICCPR"];
        assert_eq!(iccpr.articles.len(), 27);
        assert_eq!(
            iccpr.article_title(19),
            Some("Freedom of opinion and expression")
        );
    }

    #[test]
    fn site_article_titles_override_builtins() {
        let text = format!(
            "{MINIMAL}[treaties.ICCPR.articles]\n19 = \"Expression\"\n[treaties.CAT]\nname = \"Torture\"\n[treaties.CAT.articles]\n2 = \"Prevention\"\n"
        );
        let c = parse(&text).unwrap();
        assert_eq!(c.treaties["ICCPR"].article_title(19), Some("Expression"));
        assert_eq!(
            c.treaties["ICCPR"].article_title(21),
            Some("Right of peaceful assembly")
        );
        assert_eq!(c.treaties["CAT"].name, "Torture");
        assert_eq!(c.treaties["CAT"].article_title(2), Some("Prevention"));
    }

    #[test]
    fn errors_name_the_line() {
        let text = "title = \"T\"\nbase_url = 3\n[[grades]]\ncode = \"A\"\nlabel = \"a\"\n";
        let d = parse(text).unwrap_err();
        assert_eq!(d.0[0].file, "followup.toml");
        assert_eq!(d.0[0].line, Some(2), "{}", d.0[0]);
    }
}
