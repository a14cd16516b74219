//! Stage 4: pages. Builds the view of each page from the model and renders it
//! with the theme's minijinja templates, all in memory. Nothing is written here.

use crate::config::Grade;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Site, reference};
use crate::theme::Theme;
use crate::validate::Date;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A template context: a map whose values are anything serializable.
macro_rules! ctx {
    ($($key:ident => $value:expr),* $(,)?) => {
        minijinja::Value::from_pairs([
            $((stringify!($key), minijinja::Value::from(minijinja::value::Serde(&$value)))),*
        ])
    };
}

/// What a file of the output holds.
#[derive(Debug, Clone)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file copied as is (attachments, theme assets).
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub contents: Contents,
}

/// Every file of the built site, sorted by path.
#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutputFile>,
    pub pages: usize,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Serialize)]
struct DateView {
    iso: String,
    text: String,
}

fn date_view(d: Option<Date>) -> Option<DateView> {
    d.map(|d| DateView {
        iso: d.iso(),
        text: format!(
            "{} {} {}",
            d.day,
            MONTHS[(d.month.clamp(1, 12) - 1) as usize],
            d.year
        ),
    })
}

#[derive(Serialize, Clone)]
struct SiteView<'a> {
    title: &'a str,
    base_url: &'a str,
    base_path: String,
    language: &'a str,
}

#[derive(Serialize, Clone)]
struct GradeView<'a> {
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
struct GradeCount<'a> {
    grade: GradeView<'a>,
    count: usize,
    /// Share of the total, in whole percent, for bar widths.
    percent: usize,
}

#[derive(Serialize, Clone)]
struct ArticleRef<'a> {
    treaty: &'a str,
    number: u32,
    title: Option<&'a str>,
    url: String,
}

/// A recommendation as listed on index pages.
#[derive(Serialize, Clone)]
struct Card<'a> {
    /// "7.2": paragraph 7, second recommendation.
    reference: String,
    url: String,
    text: &'a str,
    summary: Option<&'a str>,
    grade: GradeView<'a>,
    country: &'a str,
    country_url: String,
    paragraph: u32,
    paragraph_title: Option<&'a str>,
    paragraph_url: String,
}

#[derive(Serialize)]
struct FullRecommendation<'a> {
    #[serde(flatten)]
    card: Card<'a>,
    /// Anchor id on pages that show several recommendations.
    anchor: String,
    body_html: &'a str,
    articles: Vec<ArticleRef<'a>>,
    file: &'a str,
}

#[derive(Serialize)]
struct CountryGroup<'a> {
    country: &'a str,
    url: String,
    recommendations: Vec<Card<'a>>,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// Shared lookups built once for all pages.
struct Views<'a> {
    site: &'a Site,
    base: String,
    grades: Vec<GradeView<'a>>,
    cards: Vec<Card<'a>>,
    articles: BTreeMap<(&'a str, u32), ArticleRef<'a>>,
}

impl<'a> Views<'a> {
    fn new(site: &'a Site) -> Views<'a> {
        let base = site.config.base_path();
        let grades: Vec<GradeView> = site
            .config
            .grades
            .iter()
            .zip(&site.grades)
            .map(|(g, e)| GradeView {
                code: &g.code,
                label: &g.label,
                description: &g.description,
                slug: &g.slug,
                tone: tone(g),
                url: format!("{base}{}", e.path),
            })
            .collect();
        let cards = site
            .recommendations
            .iter()
            .map(|r| {
                let p = &site.paragraphs[r.paragraph];
                let c = &site.countries[r.country];
                Card {
                    reference: reference(p.info.number, r.position),
                    url: format!("{base}{}", r.path),
                    text: &r.info.text,
                    summary: r.info.summary.as_deref(),
                    grade: grades[r.info.grade].clone(),
                    country: &c.info.name,
                    country_url: format!("{base}{}", c.path),
                    paragraph: p.info.number,
                    paragraph_title: p.info.title.as_deref(),
                    paragraph_url: format!("{base}{}", p.path),
                }
            })
            .collect();
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
        Views {
            site,
            base,
            grades,
            cards,
            articles,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn site_view(&self) -> SiteView<'a> {
        SiteView {
            title: &self.site.config.title,
            base_url: &self.site.config.base_url,
            base_path: self.base.clone(),
            language: &self.site.config.language,
        }
    }

    fn grade_counts(&self, counts: &[usize]) -> Vec<GradeCount<'a>> {
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

    fn paragraph_articles(&self, country: usize, paragraph: usize) -> Vec<ArticleRef<'a>> {
        let treaty = self.site.countries[country].info.treaty.as_str();
        self.site.paragraphs[paragraph]
            .info
            .articles
            .iter()
            .filter_map(|n| self.articles.get(&(treaty, *n)).cloned())
            .collect()
    }

    fn full(&self, ri: usize) -> FullRecommendation<'a> {
        let r = &self.site.recommendations[ri];
        FullRecommendation {
            card: self.cards[ri].clone(),
            anchor: format!("rec-{}", r.info.slug),
            body_html: &r.info.body_html,
            articles: self.paragraph_articles(r.country, r.paragraph),
            file: &r.info.file,
        }
    }

    /// Recommendations grouped by country, in site order.
    fn by_country(&self, recs: &[usize]) -> Vec<CountryGroup<'a>> {
        let mut groups: Vec<CountryGroup> = Vec::new();
        for &ri in recs {
            let ci = self.site.recommendations[ri].country;
            let c = &self.site.countries[ci];
            if groups.last().map(|g| g.url.as_str()) != Some(&self.url(&c.path)) {
                groups.push(CountryGroup {
                    country: &c.info.name,
                    url: self.url(&c.path),
                    recommendations: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.recommendations.push(self.cards[ri].clone());
            }
        }
        groups
    }

    fn counts_of(&self, recs: &[usize]) -> Vec<usize> {
        let mut counts = vec![0; self.grades.len()];
        for &ri in recs {
            counts[self.site.recommendations[ri].info.grade] += 1;
        }
        counts
    }

    fn home_crumb(&self) -> Crumb {
        Crumb {
            title: "Home".into(),
            url: self.url(""),
        }
    }
}

/// One page to render: where it goes, which template, what it shows.
struct Job {
    path: String,
    template: &'static str,
    context: minijinja::Value,
}

fn job(path: String, template: &'static str, context: impl Serialize) -> Job {
    Job {
        path,
        template,
        context: minijinja::Value::from(minijinja::value::Serde(&context)),
    }
}

/// Builds every page and asset of the site in memory.
pub fn render(site: &Site, theme: &Theme) -> Result<Output, Diagnostics> {
    let v = Views::new(site);
    let site_view = v.site_view();
    let mut jobs = Vec::new();

    // Home.
    let countries: Vec<_> = site
        .countries
        .iter()
        .map(|c| {
            country_row(
                &v,
                c,
                v.grade_counts(&c.grade_counts),
                date_view(c.info.assessed),
            )
        })
        .collect();
    let treaties = treaty_articles(&v);
    jobs.push(job(
        "index.html".into(),
        "home.html",
        ctx! {
            site => &site_view,
            page_title => &site.config.title,
            page_url => v.url(""),
            intro_html => &site.home_html,
            countries => &countries,
            grade_counts => v.grade_counts(&site.grade_counts),
            total => site.recommendations.len(),
            treaties => &treaties,
        },
    ));

    // Countries and their paragraphs.
    for (ci, c) in site.countries.iter().enumerate() {
        let paragraphs: Vec<_> = c
            .paragraphs
            .clone()
            .map(|pi| {
                let p = &site.paragraphs[pi];
                ctx! {
                    number => p.info.number,
                    title => &p.info.title,
                    url => v.url(&p.path),
                    articles => v.paragraph_articles(ci, pi),
                    recommendations => &v.cards[p.recommendations.clone()],
                }
            })
            .collect();
        let treaty = &site.config.treaties[&c.info.treaty];
        let country = ctx! {
            name => &c.info.name,
            code => &c.info.code,
            url => v.url(&c.path),
            treaty => ctx! { key => &treaty.key, name => &treaty.name },
            document => &c.info.document,
            adopted => date_view(c.info.adopted),
            assessed => date_view(c.info.assessed),
            intro_html => &c.info.intro_html,
            total => c.recommendations.len(),
            grade_counts => v.grade_counts(&c.grade_counts),
        };
        jobs.push(job(
            format!("{}index.html", c.path),
            "country.html",
            ctx! {
                site => &site_view,
                page_title => &c.info.name,
                page_url => v.url(&c.path),
                breadcrumbs => vec![v.home_crumb()],
                country => &country,
                paragraphs => &paragraphs,
            },
        ));

        for pi in c.paragraphs.clone() {
            let p = &site.paragraphs[pi];
            let recs: Vec<_> = p.recommendations.clone().map(|ri| v.full(ri)).collect();
            jobs.push(job(
                format!("{}index.html", p.path),
                "paragraph.html",
                ctx! {
                    site => &site_view,
                    page_title => format!("{} · Paragraph {}", c.info.name, p.info.number),
                    page_crumb => format!("Paragraph {}", p.info.number),
                    page_url => v.url(&p.path),
                    breadcrumbs => vec![v.home_crumb(), Crumb { title: c.info.name.clone(), url: v.url(&c.path) }],
                    country => &country,
                    paragraph => ctx! {
                        number => p.info.number,
                        title => &p.info.title,
                        url => v.url(&p.path),
                        concern_html => &p.info.concern_html,
                        articles => v.paragraph_articles(ci, pi),
                    },
                    recommendations => recs,
                },
            ));
        }

        for ri in c.recommendations.clone() {
            let r = &site.recommendations[ri];
            let p = &site.paragraphs[r.paragraph];
            let full = v.full(ri);
            let grade = &site.config.grades[r.info.grade];
            jobs.push(job(
                format!("{}index.html", r.path),
                "recommendation.html",
                ctx! {
                    site => &site_view,
                    page_title => format!("{} · Recommendation {}", c.info.name, full.card.reference),
                    page_crumb => format!("Recommendation {}", full.card.reference),
                    page_url => v.url(&r.path),
                    breadcrumbs => vec![
                        v.home_crumb(),
                        Crumb { title: c.info.name.clone(), url: v.url(&c.path) },
                        Crumb { title: format!("Paragraph {}", p.info.number), url: v.url(&p.path) },
                    ],
                    country => &country,
                    treaty => &treaty.name,
                    grade_description => &grade.description,
                    recommendation => full,
                    previous => r.previous.map(|i| &v.cards[i]),
                    next => r.next.map(|i| &v.cards[i]),
                },
            ));
        }
    }

    // Articles.
    jobs.push(job(
        "articles/index.html".into(),
        "articles.html",
        ctx! {
            site => &site_view,
            page_title => "Articles",
            page_url => v.url("articles/"),
            breadcrumbs => vec![v.home_crumb()],
            treaties => &treaties,
        },
    ));
    for a in &site.articles {
        jobs.push(job(
            format!("{}index.html", a.path),
            "article.html",
            ctx! {
                site => &site_view,
                page_title => format!("{} article {}", a.treaty, a.number),
                page_url => v.url(&a.path),
                breadcrumbs => vec![v.home_crumb(), Crumb { title: "Articles".into(), url: v.url("articles/") }],
                article => ctx! {
                    treaty => &a.treaty,
                    treaty_name => site.treaty_name(&a.treaty),
                    number => a.number,
                    title => &a.title,
                },
                total => a.recommendations.len(),
                grade_counts => v.grade_counts(&v.counts_of(&a.recommendations)),
                groups => v.by_country(&a.recommendations),
            },
        ));
    }

    // Grades.
    let grade_rows = v.grade_counts(&site.grade_counts);
    jobs.push(job(
        "grades/index.html".into(),
        "grades.html",
        ctx! {
            site => &site_view,
            page_title => "Grades",
            page_url => v.url("grades/"),
            breadcrumbs => vec![v.home_crumb()],
            grade_counts => &grade_rows,
            total => site.recommendations.len(),
        },
    ));
    for (g, entry) in site.grades.iter().enumerate() {
        jobs.push(job(
            format!("{}index.html", entry.path),
            "grade.html",
            ctx! {
                site => &site_view,
                page_title => format!("Grade {}", site.config.grades[g].code),
                page_url => v.url(&entry.path),
                breadcrumbs => vec![v.home_crumb(), Crumb { title: "Grades".into(), url: v.url("grades/") }],
                grade => &v.grades[g],
                total => entry.recommendations.len(),
                groups => v.by_country(&entry.recommendations),
            },
        ));
    }

    // Sources.
    let sources: Vec<_> = site
        .sources
        .iter()
        .map(|s| {
            let citations: Vec<_> = s
                .citations
                .iter()
                .map(|c| {
                    let card = &v.cards[c.recommendation];
                    ctx! {
                        reference => &card.reference,
                        country => card.country,
                        url => format!("{}#{}", card.url, c.anchor),
                        grade => &card.grade,
                    }
                })
                .collect();
            ctx! {
                title => &s.title,
                url => &s.url,
                anchor => &s.anchor,
                citations => citations,
            }
        })
        .collect();
    jobs.push(job(
        "sources/index.html".into(),
        "sources.html",
        ctx! {
            site => &site_view,
            page_title => "Sources",
            page_url => v.url("sources/"),
            breadcrumbs => vec![v.home_crumb()],
            sources => sources,
        },
    ));

    jobs.push(job(
        "404.html".into(),
        "404.html",
        ctx! {
            site => &site_view,
            page_title => "Page not found",
            page_url => v.url("404.html"),
        },
    ));

    let env = theme.environment(&v.base)?;
    let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|j| {
            let html = env
                .get_template(j.template)
                .and_then(|t| t.render(&j.context))
                .map_err(|e| theme.template_error(&e))?;
            Ok(OutputFile {
                path: j.path,
                contents: Contents::Bytes(html.into_bytes()),
            })
        })
        .collect();

    let mut diags = Diagnostics::default();
    let mut files = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => {
                // One broken template fails every page that uses it: say it once.
                if !diags.0.contains(&d) {
                    diags.push(d);
                }
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let pages = files.len();
    for (path, source) in theme.assets() {
        files.push(OutputFile {
            path: format!("assets/{path}"),
            contents: source,
        });
    }
    for a in &site.attachments {
        files.push(OutputFile {
            path: a.rel.clone(),
            contents: Contents::Copy(a.source.clone()),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, pages })
}

/// Articles with recommendations, grouped by treaty.
fn treaty_articles<'a>(v: &Views<'a>) -> Vec<minijinja::Value> {
    let mut out = Vec::new();
    let mut current: Option<(&str, Vec<minijinja::Value>)> = None;
    for a in &v.site.articles {
        if current.as_ref().map(|c| c.0) != Some(a.treaty.as_str()) {
            if let Some((key, articles)) = current.take() {
                out.push(treaty_group(v, key, articles));
            }
            current = Some((&a.treaty, Vec::new()));
        }
        if let Some((_, articles)) = current.as_mut() {
            articles.push(ctx! {
                number => a.number,
                title => &a.title,
                url => v.url(&a.path),
                count => a.recommendations.len(),
                grade_counts => v.grade_counts(&v.counts_of(&a.recommendations)),
            });
        }
    }
    if let Some((key, articles)) = current {
        out.push(treaty_group(v, key, articles));
    }
    out
}

fn treaty_group(v: &Views<'_>, key: &str, articles: Vec<minijinja::Value>) -> minijinja::Value {
    ctx! {
        key => key,
        name => v.site.treaty_name(key),
        articles => articles,
    }
}

/// The home page's row for one country.
fn country_row(
    v: &Views<'_>,
    c: &crate::model::CountryEntry,
    grade_counts: Vec<GradeCount<'_>>,
    assessed: Option<DateView>,
) -> minijinja::Value {
    ctx! {
        name => &c.info.name,
        code => &c.info.code,
        url => v.url(&c.path),
        treaty => &c.info.treaty,
        document => &c.info.document,
        assessed => assessed,
        paragraphs => c.paragraphs.len(),
        total => c.recommendations.len(),
        grade_counts => grade_counts,
    }
}
