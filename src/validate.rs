//! Stage 2: check every file against the content contract and turn it into
//! typed dossiers (countries → paragraphs → recommendations), with Markdown
//! converted to HTML. Every problem in every file is collected, not just the first.

use crate::config::{self, Config, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter;
use crate::load::{Attachment, ContentFile, FileKind, LoadedSite};
use crate::markdown::{self, Footnote};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use toml::Spanned;

/// A calendar date from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub slug: String,
    /// Index into the config's grade scale.
    pub grade: usize,
    pub text: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    /// Shared, not copied, by every page that shows it.
    pub body_html: std::sync::Arc<str>,
    pub footnotes: Vec<Footnote>,
    /// The file it came from, relative to the site root.
    pub file: String,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub slug: String,
    pub number: u32,
    pub title: Option<String>,
    pub articles: Vec<u32>,
    pub concern_html: String,
    pub file: String,
    /// In reading order: `order`, then file name.
    pub recommendations: Vec<Arc<Recommendation>>,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub slug: String,
    pub name: String,
    pub code: Option<String>,
    /// Key of the treaty in the config.
    pub treaty: String,
    pub document: Option<String>,
    pub adopted: Option<Date>,
    pub assessed: Option<Date>,
    pub intro_html: String,
    pub file: String,
    /// By paragraph number.
    pub paragraphs: Vec<Paragraph>,
}

/// A whole site, valid and ready to be indexed.
#[derive(Debug, Clone)]
pub struct Dossiers {
    pub config: Config,
    pub home_html: String,
    /// By name.
    pub countries: Vec<Country>,
    pub attachments: Vec<Attachment>,
}

#[derive(Deserialize)]
struct CountryFront {
    country: String,
    code: Option<String>,
    treaty: Option<Spanned<String>>,
    document: Option<String>,
    adopted: Option<Spanned<toml::value::Datetime>>,
    assessed: Option<Spanned<toml::value::Datetime>>,
}
const COUNTRY_FIELDS: &[&str] = &[
    "country", "code", "treaty", "document", "adopted", "assessed",
];

#[derive(Deserialize)]
struct ParagraphFront {
    paragraph: Spanned<i64>,
    title: Option<String>,
    articles: Spanned<Vec<Spanned<i64>>>,
}
const PARAGRAPH_FIELDS: &[&str] = &["paragraph", "title", "articles"];

#[derive(Deserialize)]
struct RecommendationFront {
    grade: Spanned<String>,
    recommendation: String,
    summary: Option<String>,
    order: Option<i64>,
}
const RECOMMENDATION_FIELDS: &[&str] = &["grade", "recommendation", "summary", "order"];

#[derive(Deserialize)]
struct HomeFront {}

/// A file's front matter and body, parsed; `text` kept for positions.
struct Parsed<'a, T> {
    file: &'a ContentFile,
    front: T,
    front_offset: usize,
    body: &'a str,
    body_line: usize,
}

impl<T> Parsed<'_, T> {
    fn error_at(&self, span_start: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file.path, message)
            .at(&self.file.text, self.front_offset + span_start)
    }
}

fn parse_file<'a, T: serde::de::DeserializeOwned>(
    file: &'a ContentFile,
    known: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<'a, T>> {
    let split = match frontmatter::split(&file.path, &file.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let parsed =
        match frontmatter::parse::<T>(&file.path, &file.text, split.front, split.front_offset) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
    for (key, offset) in &parsed.keys {
        if !known.contains(&key.as_str()) {
            let mut d =
                Diagnostic::warning(&file.path, format!("unknown field `{key}` is ignored"))
                    .at(&file.text, *offset);
            let closest = known
                .iter()
                .map(|k| (strsim::damerau_levenshtein(k, key), *k))
                .min();
            d = match closest {
                Some((dist, k)) if dist <= 3 => d.help(format!("did you mean `{k}`?")),
                _ => d.help(format!("the fields here are: {}", known.join(", "))),
            };
            diags.push(d);
        }
    }
    Some(Parsed {
        file,
        front: parsed.value,
        front_offset: split.front_offset,
        body: split.body,
        body_line: split.body_line,
    })
}

/// Renders a body, reporting footnote problems against the file's lines.
fn render_body<T>(
    p: &Parsed<'_, T>,
    prefix: &str,
    allow_html: bool,
    diags: &mut Vec<Diagnostic>,
) -> markdown::Rendered {
    let r = markdown::render(p.body, prefix, allow_html);
    let line = |l: usize| p.body_line + l - 1;
    for m in &r.missing {
        let mut d = Diagnostic::error(
            &p.file.path,
            format!("footnote [^{}] is referenced but never defined", m.label),
        )
        .at_line(&p.file.text, line(m.line))
        .help(format!(
            "add a line `[^{}]: Title of the source, <https://...>` at the end of the file",
            m.label
        ));
        d.column = Some(m.column);
        diags.push(d);
    }
    for (label, at) in &r.unreferenced {
        diags.push(
            Diagnostic::warning(
                &p.file.path,
                format!("footnote [^{label}] is defined but never referenced"),
            )
            .at_line(&p.file.text, line(*at))
            .help(format!(
                "cite it in the text with [^{label}] or delete the definition"
            )),
        );
    }
    r
}

fn date(
    p: &Parsed<'_, CountryFront>,
    field: &str,
    value: &Option<Spanned<toml::value::Datetime>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let v = value.as_ref()?;
    match v.get_ref().date {
        Some(d) => Some(Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        None => {
            diags.push(
                p.error_at(v.span().start, format!("`{field}` must be a date"))
                    .help(format!(
                        "write {field} = 2012-12-10 (year-month-day, no quotes)"
                    )),
            );
            None
        }
    }
}

/// Latin letters that other scripts' letters look exactly like.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'х' => 'x',
        _ => return None,
    })
}

/// Explains why `code` is not in the scale, suggesting the code meant.
fn grade_problem(code: &str, config: &Config) -> (String, String) {
    let valid = config
        .grades
        .iter()
        .map(|g| g.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let lookalikes: Vec<char> = code
        .chars()
        .filter(|c| latin_lookalike(*c).is_some())
        .collect();
    if !lookalikes.is_empty() {
        let latin: String = code
            .chars()
            .map(|c| latin_lookalike(c).unwrap_or(c))
            .collect();
        let named = lookalikes
            .iter()
            .map(|c| format!("'{c}' (U+{:04X})", *c as u32))
            .collect::<Vec<_>>()
            .join(", ");
        let script = if lookalikes
            .iter()
            .any(|c| ('\u{370}'..='\u{3ff}').contains(c))
        {
            "Greek"
        } else {
            "Cyrillic"
        };
        let help = if config.grade_index(&latin).is_some() {
            format!("retype it as \"{latin}\" with Latin letters")
        } else {
            format!("use Latin letters; the grades are: {valid}")
        };
        return (
            format!(
                "grade {code:?} contains the {script} letter {named}, which looks like a Latin letter"
            ),
            help,
        );
    }
    let message = format!("grade {code:?} is not in the grade scale");
    let close = config
        .grades
        .iter()
        .find(|g| g.code.eq_ignore_ascii_case(code.trim()))
        .map(|g| g.code.clone());
    let help = match close {
        Some(c) => format!("did you mean \"{c}\"? the grades are: {valid}"),
        None => format!("use one of the grades in followup.toml: {valid}"),
    };
    (message, help)
}

type RecResult = Arc<Recommendation>;

/// The folder of a file: `content/kz/p7` for `content/kz/p7/01.md`.
fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

struct CachedRecommendation {
    rec: Option<RecResult>,
    diags: Vec<Diagnostic>,
}

/// Results of checking recommendation files, kept between rebuilds of a
/// running preview: a file not read again since, checked with the same
/// settings, is not parsed and converted again, and keeps its identity (the same `Arc`), so
/// later stages can tell what changed.
#[derive(Default)]
pub struct Cache {
    /// The settings the entries were made with, and what they say.
    config: Option<String>,
    parsed: Option<Result<Config, Diagnostics>>,
    /// Recommendations by the revision of the file they were read from.
    entries: HashMap<u64, CachedRecommendation>,
    countries: HashMap<u64, (Option<Country>, Vec<Diagnostic>)>,
    paragraphs: HashMap<String, CachedParagraph>,
}

struct CachedParagraph {
    revision: u64,
    /// The country's treaty, against which the articles were checked.
    treaty: Option<String>,
    paragraph: Option<Paragraph>,
    diags: Vec<Diagnostic>,
}

impl Cache {
    /// Checks one recommendation file read again, with the settings of the
    /// last [`validate_cached`] run; `None` if those settings were broken.
    pub fn recheck(
        &mut self,
        file: &ContentFile,
    ) -> Option<(Option<Arc<Recommendation>>, Vec<Diagnostic>)> {
        let Some(Ok(config)) = &self.parsed else {
            return None;
        };
        let (rec, d) = check_recommendation(file, config, true, config.allow_html);
        self.entries.insert(
            file.revision,
            CachedRecommendation {
                rec: rec.clone(),
                diags: d.clone(),
            },
        );
        Some((rec, d))
    }
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
                if crate::address::reserved().contains(&slugify(country).as_str()) {
                    diags.push(
                        Diagnostic::error(&path, format!("the folder name `{country}` is reserved for the site's {country} pages"))
                            .help(format!("rename the folder, for example to `{country}-dossier`; reserved names: {}", crate::address::reserved().join(", "))),
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

    let allow_html = config.allow_html;
    let home_html = home
        .map(|f| {
            let mut d = Vec::new();
            let html = parse_file::<HomeFront>(f, &[], &mut d)
                .map(|p| render_body(&p, "home", allow_html, &mut d).html)
                .unwrap_or_default();
            diags.extend(d);
            html
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
    let cached = &cache.entries;
    let results: Vec<(Option<RecResult>, Vec<Diagnostic>, bool)> = rec_files
        .par_iter()
        .map(|file| {
            if let Some(c) = cached.get(&file.revision) {
                return (c.rec.clone(), c.diags.clone(), false);
            }
            let (rec, d) = check_recommendation(file, &config, config_ok, allow_html);
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
            cache
                .entries
                .insert(file.revision, CachedRecommendation { rec, diags: d });
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
        check_unique(
            paragraph
                .recommendations
                .iter()
                .map(|r| (r.slug.as_str(), r.file.as_str())),
            "recommendation",
            &mut diags,
        );
        if let Some(c) = countries.get_mut(&country) {
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
    countries
        .sort_by(|a, b| (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug)));

    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    let dossiers = Dossiers {
        config,
        home_html,
        countries,
        attachments: site.attachments.values().cloned().collect(),
    };
    (Some(dossiers), diags)
}

/// Checks one country file and converts its Markdown.
fn check_country(
    file: &ContentFile,
    dir: &str,
    config: &Config,
    config_ok: bool,
    allow_html: bool,
) -> (Option<Country>, Vec<Diagnostic>) {
    let mut country = None;
    let mut d = Vec::new();
    if let Some(p) = parse_file::<CountryFront>(file, COUNTRY_FIELDS, &mut d) {
        let treaty = match &p.front.treaty {
            // With broken settings the treaty list is unknown: say nothing.
            Some(t) if !config.treaties.contains_key(t.get_ref()) => {
                if config_ok {
                    d.push(
                        p.error_at(t.span().start, format!("unknown treaty {:?}", t.get_ref()))
                            .help(format!(
                                "use one of {} or describe it in followup.toml under [treaties.{}]",
                                config
                                    .treaties
                                    .keys()
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                t.get_ref()
                            )),
                    );
                }
                None
            }
            Some(t) => Some(t.get_ref().clone()),
            None => Some(config.default_treaty.clone()),
        };
        let adopted = date(&p, "adopted", &p.front.adopted, &mut d);
        let assessed = date(&p, "assessed", &p.front.assessed, &mut d);
        let intro = render_body(&p, "intro", allow_html, &mut d);
        if let Some(treaty) = treaty {
            country = Some(Country {
                slug: slugify(dir),
                name: p.front.country.trim().to_string(),
                code: p.front.code.clone(),
                treaty,
                document: p.front.document.clone(),
                adopted,
                assessed,
                intro_html: intro.html,
                file: file.path.clone(),
                paragraphs: Vec::new(),
            });
        }
    }
    (country, d)
}

/// Checks one paragraph file (`treaty`: its country's) and converts its Markdown.
fn check_paragraph(
    file: &ContentFile,
    dir: &str,
    treaty: Option<&str>,
    config: &Config,
    config_ok: bool,
    allow_html: bool,
) -> (Option<Paragraph>, Vec<Diagnostic>) {
    let mut paragraph = None;
    let mut d = Vec::new();
    if let Some(p) = parse_file::<ParagraphFront>(file, PARAGRAPH_FIELDS, &mut d) {
        let number = *p.front.paragraph.get_ref();
        let number = match u32::try_from(number) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                d.push(
                    p.error_at(p.front.paragraph.span().start, format!("paragraph number {number} is not a positive whole number"))
                        .help("write the paragraph's number in the concluding observations, like paragraph = 7"),
                );
                None
            }
        };
        let articles_span = p.front.articles.span().start;
        let mut articles = Vec::new();
        if p.front.articles.get_ref().is_empty() {
            d.push(
                p.error_at(articles_span, "`articles` is empty").help(
                    "list the treaty articles the paragraph concerns, like articles = [2, 14]",
                ),
            );
        }
        let treaty = treaty
            .and_then(|t| config.treaties.get(t))
            .filter(|_| config_ok);
        for a in p.front.articles.get_ref() {
            let n = *a.get_ref();
            match u32::try_from(n) {
                Ok(n) if n > 0 => {
                    if let Some(t) = treaty
                        && !t.articles.is_empty()
                        && !t.articles.contains_key(&n)
                    {
                        let last = t.articles.keys().next_back().copied().unwrap_or(0);
                        d.push(
                            p.error_at(a.span().start, format!("{} has no article {n}", t.key))
                                .help(format!("{} has articles 1 to {last}; check the number in the Committee's text", t.key)),
                        );
                    } else if !articles.contains(&n) {
                        articles.push(n);
                    }
                }
                _ => d.push(
                    p.error_at(
                        a.span().start,
                        format!("article {n} is not a positive whole number"),
                    )
                    .help("write article numbers without quotes, like articles = [19]"),
                ),
            }
        }
        let concern = render_body(&p, "concern", allow_html, &mut d);
        if let Some(number) = number {
            paragraph = Some(Paragraph {
                slug: slugify(dir),
                number,
                title: p.front.title.clone(),
                articles,
                concern_html: concern.html,
                file: file.path.clone(),
                recommendations: Vec::new(),
            });
        }
    }
    (paragraph, d)
}

/// Checks one recommendation file and converts its Markdown.
fn check_recommendation(
    file: &ContentFile,
    config: &Config,
    config_ok: bool,
    allow_html: bool,
) -> (Option<RecResult>, Vec<Diagnostic>) {
    let mut d = Vec::new();
    let FileKind::Recommendation { name, .. } = &file.kind else {
        return (None, d);
    };
    let Some(p) = parse_file::<RecommendationFront>(file, RECOMMENDATION_FIELDS, &mut d) else {
        return (None, d);
    };
    let code = p.front.grade.get_ref();
    let grade = config.grade_index(code.trim());
    if grade.is_none() && config_ok {
        let (message, help) = grade_problem(code, config);
        d.push(p.error_at(p.front.grade.span().start, message).help(help));
    }
    let slug = slugify(name);
    if slug.is_empty() {
        d.push(
            Diagnostic::error(
                &file.path,
                "this file name has no letters or digits to make a web address from",
            )
            .help("rename it, like 01-independence.md"),
        );
    }
    let body = render_body(&p, &slug, allow_html, &mut d);
    if p.front.recommendation.trim().is_empty() {
        d.push(
            p.error_at(0, "`recommendation` is empty")
                .help("paste the Committee's recommendation between the \"\"\" quotes"),
        );
    }
    let rec = grade.map(|grade| {
        Arc::new(Recommendation {
            slug,
            grade,
            text: p.front.recommendation.trim().to_string(),
            summary: p
                .front
                .summary
                .as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            order: p.front.order,
            body_html: body.html.into(),
            footnotes: body.footnotes,
            file: file.path.clone(),
        })
    });
    (rec, d)
}

/// Two files whose names make the same web address cannot both be published.
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

    fn config() -> Config {
        config::parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[[grades]]\ncode = \"B2\"\nlabel = \"b\"\n[[grades]]\ncode = \"C\"\nlabel = \"c\"\n").unwrap()
    }

    #[test]
    fn cyrillic_grades_are_named_with_code_point() {
        let (message, help) = grade_problem("В2", &config());
        assert!(message.contains("U+0412"), "{message}");
        assert!(message.contains("Cyrillic"), "{message}");
        assert_eq!(help, "retype it as \"B2\" with Latin letters");
    }

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
            let file = ContentFile::new(path.clone(), crate::load::classify_path(rel), text);
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

    #[test]
    fn unknown_grades_list_the_scale() {
        let (message, help) = grade_problem("b2", &config());
        assert_eq!(message, "grade \"b2\" is not in the grade scale");
        assert!(
            help.contains("did you mean \"B2\"") && help.contains("B2, C"),
            "{help}"
        );
    }
}
