//! Stage 4: views. What pages show of the model, as template values made
//! once and shared: a recommendation's card (what lists show) and its full
//! view, a country's facts, a paragraph's facts, a list's counts, the
//! sources. Each is one value that every page showing it shares, and the
//! change planner compares the same values, so nothing a page shows can
//! change without the preview noticing.

use crate::base::address;
use crate::check::validate::Date;
use crate::input::config::Grade;
use crate::model::{Site, reference};
use crate::render::pages::has_report;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod history;
mod languages;
mod lists;
mod procedure;
mod sources;
pub use languages::LanguageLink;
use languages::language_name;
pub use lists::*;
pub use procedure::stage_label_key;
pub use sources::sources;

/// A template context: a map whose values are anything serializable.
macro_rules! ctx {
    ($($key:ident => $value:expr),* , ..$base:expr) => {
        minijinja::context! { ..ctx!($($key => $value),*), ..$base }
    };
    ($($key:ident => $value:expr),* $(,)?) => {
        minijinja::Value::from_pairs([
            $((stringify!($key), minijinja::Value::from(minijinja::value::Serde(&$value)))),*
        ])
    };
}
pub(crate) use ctx;

#[derive(Serialize)]
pub struct DateView {
    iso: String,
    text: String,
}

pub fn date_view(d: Option<Date>, strings: &crate::input::strings::Strings) -> Option<DateView> {
    d.map(|d| DateView {
        iso: d.iso(),
        text: strings.date(d.day.into(), d.month.into(), d.year.into()),
    })
}

#[derive(Serialize, Clone)]
pub struct SiteView<'a> {
    title: &'a str,
    base_url: &'a str,
    base_path: String,
    search: bool,
    language: &'a str,
    /// The addresses of the site's fixed pages and files, for links.
    urls: BTreeMap<&'static str, String>,
    /// `rtl` for a language written right to left; none otherwise.
    dir: Option<&'static str>,
    /// Every language of a site that has several, the main one first; empty
    /// for a site of one language.
    languages: Vec<LanguageLink>,
    /// On another language's pages: the main language, which texts not yet
    /// translated are in, by code and by its own name.
    source_language: Option<&'a str>,
    source_language_name: Option<&'static str>,
    /// Who publishes the site, with its logo's address.
    publisher: Option<PublisherView<'a>>,
    /// The licence the words and data are under (`id`, `name`, `url`).
    license: Option<&'a crate::input::config::Licence>,
}

#[derive(Serialize, Clone)]
pub struct PublisherView<'a> {
    name: &'a str,
    url: Option<&'a str>,
    email: Option<&'a str>,
    logo: Option<String>,
}

#[derive(Serialize)]
pub struct GradeView<'a> {
    code: &'a str,
    label: &'a str,
    description: &'a str,
    slug: &'a str,
    /// A colour family for the theme: the grade's letter (a, b, c, d, e) or `none`.
    tone: &'static str,
    url: String,
}

fn tone(g: &Grade) -> &'static str {
    match g.slug.chars().next() {
        Some('a') => "a",
        Some('b') => "b",
        Some('c') => "c",
        Some('d') => "d",
        Some('e') => "e",
        _ => "none",
    }
}

#[derive(Serialize)]
pub struct GradeCount {
    grade: minijinja::Value,
    count: usize,
    /// Share of the total, in whole percent, for bar widths.
    percent: usize,
}

#[derive(Serialize)]
pub struct ArticleRef<'a> {
    treaty: &'a str,
    number: u32,
    title: Option<&'a str>,
    url: String,
}

/// A recommendation as listed on index pages.
#[derive(Serialize)]
pub struct Card<'a> {
    /// "7.2": paragraph 7, second recommendation.
    pub reference: String,
    pub url: String,
    text: &'a str,
    summary: Option<&'a str>,
    /// Shared by every card of the grade, not copied into each.
    grade: minijinja::Value,
    country: &'a str,
    country_url: String,
    paragraph: u32,
    paragraph_title: Option<&'a str>,
    paragraph_url: String,
    /// Each assessor's trail and whether they disagree; none without history.
    history: Option<minijinja::Value>,
    /// Which of its texts are shown in the main language; none when all
    /// are in the page's.
    untranslated: Option<minijinja::Value>,
    /// A draft (itself, its paragraph or its country), which only the
    /// preview shows; absent from a build's pages.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
}

#[derive(Serialize)]
pub struct CountryGroup {
    country: String,
    url: String,
    recommendations: Vec<minijinja::Value>,
}

#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// Shared lookups built once for all pages.
pub struct Views<'a> {
    pub site: &'a Site,
    base: String,
    /// The grades as template values, made once: every card and citation
    /// of a grade shares its value.
    pub grades: Vec<minijinja::Value>,
    cards: Vec<OnceLock<Card<'a>>>,
    /// The cards as template values, made once and shared by every page
    /// that lists them (made on first use: a rebuild touches few).
    card_values: Vec<OnceLock<minijinja::Value>>,
    /// Recommendations in full, shared by their own page and their paragraph's.
    full_values: Vec<OnceLock<minijinja::Value>>,
    /// Each paragraph's articles, shared by the paragraph and its
    /// recommendations.
    paragraph_article_values: Vec<OnceLock<minijinja::Value>>,
    articles: BTreeMap<(&'a str, u32), ArticleRef<'a>>,
    /// What every page shows of the site.
    pub site_view: minijinja::Value,
    /// Each country's facts, made once for all its pages.
    country_briefs: Vec<OnceLock<minijinja::Value>>,
    /// What every page of a grade's or an article's list says of the whole
    /// list (its counts by grade and by country), made once per list.
    grade_lists: Vec<OnceLock<ListSummary>>,
    article_lists: Vec<OnceLock<ListSummary>>,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site) -> Views<'a> {
        let base = site.config.base_path();
        let grades = site
            .config
            .grades
            .iter()
            .zip(&site.grades)
            .map(|(g, e)| {
                minijinja::Value::from(minijinja::value::Serde(GradeView {
                    code: &g.code,
                    label: &g.label,
                    description: &g.description,
                    slug: &g.slug,
                    tone: tone(g),
                    url: format!("{base}{}", e.path),
                }))
            })
            .collect();
        let cards = (0..site.recommendations.len())
            .map(|_| OnceLock::new())
            .collect::<Vec<_>>();
        let articles = site
            .articles
            .iter()
            .map(|a| {
                (
                    (a.treaty.as_str(), a.number),
                    ArticleRef {
                        treaty: &a.treaty,
                        number: a.number,
                        title: a.title.as_deref(),
                        url: format!("{base}{}", a.path),
                    },
                )
            })
            .collect();
        let mut views = Views {
            site,
            base,
            grades,
            card_values: (0..cards.len()).map(|_| OnceLock::new()).collect(),
            full_values: (0..cards.len()).map(|_| OnceLock::new()).collect(),
            paragraph_article_values: (0..site.paragraphs.len())
                .map(|_| OnceLock::new())
                .collect(),
            cards,
            articles,
            site_view: minijinja::Value::UNDEFINED,
            country_briefs: site.countries.iter().map(|_| OnceLock::new()).collect(),
            grade_lists: site.grades.iter().map(|_| OnceLock::new()).collect(),
            article_lists: site.articles.iter().map(|_| OnceLock::new()).collect(),
        };
        views.site_view = minijinja::Value::from(minijinja::value::Serde(views.site_view()));
        views
    }

    /// What lists show of a recommendation, made on first use: a rebuild
    /// in the preview renders few pages and needs few cards.
    pub fn card_of(&self, ri: usize) -> &Card<'a> {
        self.cards[ri].get_or_init(|| {
            let site = self.site;
            let base = &self.base;
            let r = &site.recommendations[ri];
            let p = &site.paragraphs[r.paragraph];
            let c = &site.countries[r.country];
            Card {
                reference: reference(p.info.number, r.position, r.info.reference.as_deref()),
                url: format!("{base}{}", r.path),
                text: &r.info.text,
                summary: r.info.summary.as_deref(),
                grade: self.grades[r.info.grade].clone(),
                country: &c.info.name,
                country_url: format!("{base}{}", c.path),
                paragraph: p.info.number,
                paragraph_title: p.info.title.as_deref(),
                paragraph_url: format!("{base}{}", p.path),
                history: self.card_history(ri),
                untranslated: self.untranslated(r.info.fallback),
                draft: r.info.draft || p.info.draft || c.info.draft,
            }
        })
    }

    pub fn card(&self, ri: usize) -> minijinja::Value {
        self.card_values[ri]
            .get_or_init(|| self.make_card(ri))
            .clone()
    }

    fn make_card(&self, ri: usize) -> minijinja::Value {
        minijinja::Value::from(minijinja::value::Serde(self.card_of(ri)))
    }

    pub fn cards_of(&self, recs: impl Iterator<Item = usize>) -> Vec<minijinja::Value> {
        recs.map(|ri| self.card(ri)).collect()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn site_view(&self) -> SiteView<'a> {
        SiteView {
            title: &self.site.config.title,
            base_url: &self.site.config.base_url,
            base_path: self.base.clone(),
            search: self.site.config.search,
            language: &self.site.config.language,
            urls: [
                ("home", address::HOME.to_string()),
                ("articles", address::ARTICLES.to_string()),
                ("grades", address::GRADES.to_string()),
                ("sources", address::SOURCES.to_string()),
                ("search", address::SEARCH.to_string()),
                ("feed", address::FEED.to_string()),
                ("csv", address::data(address::RECORDS_CSV)),
                ("json", address::data(address::RECORDS_JSON)),
                ("schema", address::data(address::RECORDS_SCHEMA)),
                (
                    "search_js",
                    address::search_bundle_file(address::SEARCH_UI_JS),
                ),
                (
                    "search_css",
                    address::search_bundle_file(address::SEARCH_UI_CSS),
                ),
            ]
            .into_iter()
            .map(|(name, path)| (name, self.url(&path)))
            // The translations page is the main language's, whichever
            // language's pages link to it.
            .chain(
                (!self.site.config.languages.is_empty())
                    .then(|| ("translations", self.home_url(address::TRANSLATIONS))),
            )
            .collect(),
            dir: (self.site.config.strings.get("text_direction") == "rtl").then_some("rtl"),
            languages: self.language_links(),
            source_language: self.site.config.source_language.as_deref(),
            source_language_name: self
                .site
                .config
                .source_language
                .as_deref()
                .map(language_name),
            publisher: self.site.config.publisher.as_ref().map(|p| PublisherView {
                name: &p.name,
                url: p.url.as_deref(),
                email: p.email.as_deref(),
                // Attachments are published at the site's root path.
                logo: p.logo.as_ref().map(|l| self.home_url(l)),
            }),
            license: self.site.config.license.as_ref(),
        }
    }

    pub fn grade_counts(&self, counts: &[usize]) -> Vec<GradeCount> {
        let total: usize = counts.iter().sum();
        counts
            .iter()
            .enumerate()
            .map(|(g, &count)| GradeCount {
                grade: self.grades[g].clone(),
                count,
                percent: (count * 100 + total / 2).checked_div(total).unwrap_or(0),
            })
            .collect()
    }

    /// A paragraph's articles, made once and shared by the paragraph and
    /// its recommendations.
    pub fn articles_of(&self, paragraph: usize) -> minijinja::Value {
        self.paragraph_article_values[paragraph]
            .get_or_init(|| self.make_articles(paragraph))
            .clone()
    }

    fn make_articles(&self, paragraph: usize) -> minijinja::Value {
        let p = &self.site.paragraphs[paragraph];
        let treaty = self.site.countries[p.country].info.treaty.as_str();
        let articles: Vec<&ArticleRef> = p
            .info
            .articles
            .iter()
            .filter_map(|n| self.articles.get(&(treaty, *n)))
            .collect();
        minijinja::Value::from(minijinja::value::Serde(articles))
    }

    /// A recommendation in full: its card, and what only a full view shows.
    /// The card's value is shared, not copied.
    pub fn full(&self, ri: usize) -> minijinja::Value {
        self.full_values[ri]
            .get_or_init(|| self.make_full(ri))
            .clone()
    }

    fn make_full(&self, ri: usize) -> minijinja::Value {
        let r = &self.site.recommendations[ri];
        ctx! {
            // Anchor id on pages that show several recommendations.
            anchor => format!("rec-{}", r.info.key),
            body_html => minijinja::Value::from(r.info.body_html.clone()),
            articles => self.articles_of(r.paragraph),
            file => &r.info.file,
            history => self.full_history(ri),
            ..self.card(ri)
        }
    }

    /// Recommendations grouped by country, in site order.
    pub fn by_country(&self, recs: &[usize]) -> Vec<CountryGroup> {
        let mut groups: Vec<CountryGroup> = Vec::new();
        for &ri in recs {
            let ci = self.site.recommendations[ri].country;
            let c = &self.site.countries[ci];
            if groups.last().map(|g| g.url.as_str()) != Some(&self.url(&c.path)) {
                groups.push(CountryGroup {
                    country: self.site.dossier_name(ci),
                    url: self.url(&c.path),
                    recommendations: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.recommendations.push(self.card(ri));
            }
        }
        groups
    }

    pub fn counts_of(&self, recs: &[usize]) -> Vec<usize> {
        let mut counts = vec![0; self.grades.len()];
        for &ri in recs {
            counts[self.site.recommendations[ri].info.grade] += 1;
        }
        counts
    }

    /// A breadcrumb saying `title`, to the page at `path`.
    pub fn crumb(&self, title: &str, path: &str) -> Crumb {
        Crumb {
            title: title.to_string(),
            url: self.url(path),
        }
    }

    pub fn home_crumb(&self) -> Crumb {
        Crumb {
            title: self.site.config.strings.get("home").into(),
            url: self.url(""),
        }
    }

    /// A country as its own page shows it.
    pub fn country_value(&self, ci: usize) -> minijinja::Value {
        let v = self;
        let c = &v.site.countries[ci];
        ctx! {
            intro_html => &c.info.intro_html,
            report_url => has_report(v.site, ci).then(|| v.url(&address::report(&c.path))),
            total => c.recommendations.len(),
            grade_counts => v.grade_counts(&c.grade_counts),
            progress => v.country_progress(ci),
            ..v.country_brief(ci)
        }
    }

    /// A country as its paragraph and recommendation pages show it: its
    /// facts, not its contents (so editing one recommendation does not
    /// change every page of the country).
    pub fn country_brief(&self, ci: usize) -> minijinja::Value {
        self.country_briefs[ci]
            .get_or_init(|| self.make_country_brief(ci))
            .clone()
    }

    fn make_country_brief(&self, ci: usize) -> minijinja::Value {
        let v = self;
        let c = &v.site.countries[ci];
        let treaty = &v.site.config.treaties[&c.info.treaty];
        ctx! {
            name => &c.info.name,
            slug => &c.info.slug,
            code => &c.info.code,
            url => v.url(&c.path),
            feed_url => v.url(&address::country_feed(&c.path)),
            csv_url => v.url(&address::country_csv(&c.path)),
            treaty => ctx! { key => &treaty.key, name => &treaty.name },
            untranslated => v.untranslated(c.info.fallback),
            document => &c.info.document,
            adopted => date_view(c.info.adopted, &v.site.config.strings),
            assessed => date_view(c.info.assessed, &v.site.config.strings),
            standing => v.standing(ci),
            procedure => v.timeline(ci),
            rounds => c.info.rounds.iter().map(|r| ctx! {
                number => r.number,
                date => date_view(r.date, &v.site.config.strings),
                reply => r.reply(),
            }).collect::<Vec<_>>(),
        }
    }

    /// What every page of grade `g`'s list says of the whole list.
    pub fn grade_list(&self, g: usize) -> &ListSummary {
        self.grade_lists[g]
            .get_or_init(|| ListSummary::of(self, &self.site.grades[g].recommendations))
    }

    /// What every page of article `ai`'s list says of the whole list.
    pub fn article_list(&self, ai: usize) -> &ListSummary {
        self.article_lists[ai]
            .get_or_init(|| ListSummary::of(self, &self.site.articles[ai].recommendations))
    }
}

/// What every page showing a paragraph says of it: number, title, address
/// and articles.
pub fn paragraph_facts(v: &Views<'_>, pi: usize) -> minijinja::Value {
    let p = &v.site.paragraphs[pi];
    ctx! {
        number => p.info.number,
        title => &p.info.title,
        url => v.url(&p.path),
        articles => v.articles_of(pi),
        untranslated => v.untranslated(p.info.fallback),
    }
}

/// The site's labels (see `crate::input::strings`).
pub fn tr<'a>(v: &Views<'a>) -> &'a crate::input::strings::Strings {
    &v.site.config.strings
}

pub fn paragraph_n(v: &Views<'_>, number: u32) -> String {
    tr(v).fmt("paragraph_n", &[("n", &number.to_string())])
}
