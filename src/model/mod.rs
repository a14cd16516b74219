//! Stage 3: the site as readers navigate it. Flattens the dossiers into
//! countries, paragraphs and recommendations in reading order, gives each its
//! address, and builds the indexes by article, grade and source, once.

pub mod headline;
pub mod history;
pub mod procedure;

use crate::base::address;
use crate::check::validate::{Country, Dossiers, Paragraph, Recommendation};
use crate::input::config::Config;
use crate::input::load::Attachment;
use crate::input::markdown::Footnote;
use std::collections::BTreeMap;
use std::ops::Range;

/// Addresses (made by [`crate::base::address`]) are kept relative to the site
/// root (`kazakhstan/p07/`); the render stage prefixes the base path.
#[derive(Debug)]
pub struct CountryEntry {
    /// The country's facts; its paragraphs live in `Site::paragraphs`.
    pub info: Country,
    pub path: String,
    pub paragraphs: Range<usize>,
    pub recommendations: Range<usize>,
    /// Number of recommendations per grade, in scale order.
    pub grade_counts: Vec<usize>,
    /// Where its follow-up procedure stands on the day of the build.
    pub standing: Option<procedure::Standing>,
}

#[derive(Debug)]
pub struct ParagraphEntry {
    /// The paragraph's facts; its recommendations live in `Site::recommendations`.
    pub info: Paragraph,
    pub country: usize,
    pub path: String,
    pub recommendations: Range<usize>,
}

#[derive(Debug)]
pub struct RecommendationEntry {
    pub info: std::sync::Arc<Recommendation>,
    pub country: usize,
    pub paragraph: usize,
    /// Its number within its paragraph (1-based), drafts counted: the
    /// same in a build, which leaves the drafts out, as in the preview.
    pub position: usize,
    pub path: String,
    /// Neighbours within the same country's dossier.
    pub previous: Option<usize>,
    pub next: Option<usize>,
}

#[derive(Debug)]
pub struct ArticleEntry {
    /// Key of the treaty in the config.
    pub treaty: String,
    pub number: u32,
    pub title: Option<String>,
    pub path: String,
    pub recommendations: Vec<usize>,
}

#[derive(Debug)]
pub struct GradeEntry {
    /// Index in the config's scale.
    pub grade: usize,
    pub path: String,
    pub recommendations: Vec<usize>,
}

/// Another assessor's latest grades (`[assessors.<key>]`): what the pages
/// `grades/<assessor>/<code>/` list.
#[derive(Debug)]
pub struct AssessorEntry {
    pub key: String,
    /// `grades/<assessor>/`.
    pub path: String,
    /// One per grade of its scale that some latest grade is or spans: a
    /// range is listed under each grade it spans.
    pub grades: Vec<GradeEntry>,
    /// Each distinct grade or range (positions in its scale, best first)
    /// with how many recommendations have it: a range is counted once, as
    /// its own share, never under each grade it spans.
    pub spans: Vec<((usize, usize), usize)>,
}

/// A recommendation's footnote that cites a source.
#[derive(Debug, Clone)]
pub struct Citation {
    pub recommendation: usize,
    /// Anchor id of the footnote on the recommendation's page.
    pub anchor: String,
}

/// A distinct source: one URL (or, for a footnote without a link, one text).
#[derive(Debug)]
pub struct SourceEntry {
    pub url: Option<String>,
    pub title: String,
    pub anchor: String,
    pub citations: Vec<Citation>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub home_html: String,
    /// The home page's heading, when `content/_index.md` gives one.
    pub home_title: Option<String>,
    /// The files marked `draft = true`; a build leaves them out.
    pub drafts: Vec<String>,
    pub countries: Vec<CountryEntry>,
    pub paragraphs: Vec<ParagraphEntry>,
    /// In reading order: country, paragraph number, recommendation order.
    pub recommendations: Vec<RecommendationEntry>,
    /// By treaty key, then article number.
    pub articles: Vec<ArticleEntry>,
    /// In scale order, one per grade of the scale.
    pub grades: Vec<GradeEntry>,
    /// Made when first asked for: only the sources page needs them.
    sources: std::sync::OnceLock<Vec<SourceEntry>>,
    pub grade_counts: Vec<usize>,
    pub attachments: Vec<Attachment>,
    /// Other assessors with at least one grade recorded, by key.
    pub assessors: Vec<AssessorEntry>,
    /// Whether any recommendation records more than the site's current
    /// grade: earlier rounds or other assessors. A site without any has
    /// no progress page.
    pub has_history: bool,
    /// Whether any dossier records its follow-up procedure: the site then
    /// has its `/follow-up/` page and the procedure's columns.
    pub has_procedure: bool,
    /// The day the build speaks for ([`Date::today`]): what "overdue" and
    /// "due in N days" count from.
    pub today: crate::check::validate::Date,
    /// The same site in each other language, published under `/<code>/`.
    pub translations: Vec<Site>,
    /// How far each other language has come.
    pub status: Vec<crate::check::validate::Status>,
    /// The other languages' texts, to make a recommendation's copy in each
    /// again after an edit in place.
    pub texts: crate::check::validate::Translations,
}

impl Site {
    /// The site in each of its languages, its own first, with the folder
    /// each is published under (`""`, then `"<code>/"`): another language
    /// is the same site under a prefix, said here once.
    pub fn languages(&self) -> impl Iterator<Item = (&Site, String)> {
        std::iter::once(self)
            .chain(&self.translations)
            .map(|s| (s, s.config.output_prefix()))
    }

    /// The site in its main language, with a site of its own for each other
    /// language (`translations`), made from the same dossiers.
    pub fn build(mut dossiers: Dossiers) -> Site {
        use rayon::prelude::*;
        let today = crate::check::validate::Date::today();
        let texts = std::mem::take(&mut dossiers.translations);
        let status = std::mem::take(&mut dossiers.status);
        let translations: Vec<Site> = dossiers
            .config
            .languages
            .par_iter()
            .filter_map(|l| {
                let config = dossiers.config.for_language(&l.code)?;
                Some(Site::build_one(
                    texts.apply(&dossiers, &l.code, config),
                    today,
                ))
            })
            .collect();
        let mut site = Site::build_one(dossiers, today);
        site.translations = translations;
        site.status = status;
        site.texts = texts;
        site
    }

    /// One language's site.
    fn build_one(mut dossiers: Dossiers, today: crate::check::validate::Date) -> Site {
        headline::lead(&mut dossiers);
        let Dossiers {
            config,
            home_html,
            home_title,
            countries: dossier_countries,
            attachments,
            ..
        } = dossiers;
        let grade_total = config.grades.len();
        let mut countries = Vec::new();
        let mut paragraphs = Vec::new();
        let mut recommendations: Vec<RecommendationEntry> = Vec::new();
        let mut by_article: BTreeMap<(String, u32), Vec<usize>> = BTreeMap::new();
        let mut by_grade = vec![Vec::new(); grade_total];
        let mut grade_counts = vec![0; grade_total];

        for mut country in dossier_countries {
            let ci = countries.len();
            let country_path = address::country(&country.slug);
            let first_paragraph = paragraphs.len();
            let first_rec = recommendations.len();
            let mut counts = vec![0; grade_total];
            for mut paragraph in std::mem::take(&mut country.paragraphs) {
                let pi = paragraphs.len();
                let paragraph_path = address::paragraph(&country_path, &paragraph.slug);
                let first = recommendations.len();
                let numbers = std::mem::take(&mut paragraph.numbers);
                for (i, rec) in std::mem::take(&mut paragraph.recommendations)
                    .into_iter()
                    .enumerate()
                {
                    let ri = recommendations.len();
                    counts[rec.grade] += 1;
                    grade_counts[rec.grade] += 1;
                    by_grade[rec.grade].push(ri);
                    for &a in &paragraph.articles {
                        by_article
                            .entry((country.treaty.clone(), a))
                            .or_default()
                            .push(ri);
                    }
                    let previous = (ri > first_rec).then(|| ri - 1);
                    recommendations.push(RecommendationEntry {
                        path: address::recommendation(&paragraph_path, &rec.slug),
                        info: rec,
                        country: ci,
                        paragraph: pi,
                        position: numbers.get(i).copied().unwrap_or(i + 1),
                        previous,
                        next: None,
                    });
                }
                paragraphs.push(ParagraphEntry {
                    info: paragraph,
                    country: ci,
                    path: paragraph_path,
                    recommendations: first..recommendations.len(),
                });
            }
            let recs = first_rec..recommendations.len();
            for ri in recs.clone().skip(1) {
                recommendations[ri - 1].next = Some(ri);
            }
            countries.push(CountryEntry {
                standing: procedure::standing(&country, today),
                info: country,
                path: country_path,
                paragraphs: first_paragraph..paragraphs.len(),
                recommendations: recs,
                grade_counts: counts,
            });
        }

        let articles = by_article
            .into_iter()
            .map(|((treaty, number), recs)| {
                let t = &config.treaties[&treaty];
                ArticleEntry {
                    path: address::article(&t.slug(), number),
                    title: t.article_title(number).map(str::to_owned),
                    treaty,
                    number,
                    recommendations: recs,
                }
            })
            .collect();

        let grades = by_grade
            .into_iter()
            .enumerate()
            .map(|(g, recs)| GradeEntry {
                grade: g,
                path: address::grade(&config.grades[g].slug),
                recommendations: recs,
            })
            .collect();

        let has_history = recommendations
            .iter()
            .any(|r| !r.info.assessments.is_empty());
        let has_procedure = countries.iter().any(|c| procedure::recorded(&c.info));
        let mut site = Site {
            config,
            home_html,
            home_title,
            drafts: Vec::new(),
            countries,
            paragraphs,
            recommendations,
            articles,
            grades,
            sources: std::sync::OnceLock::new(),
            grade_counts,
            attachments,
            assessors: Vec::new(),
            has_history,
            has_procedure,
            today,
            translations: Vec::new(),
            status: Vec::new(),
            texts: crate::check::validate::Translations::default(),
        };
        if has_history {
            site.assessors = index_assessors(&site);
        }
        site
    }

    /// Puts a new reading of recommendation `ri` in place, for an edit that
    /// changes nothing other pages show of it (its grade, texts and place).
    pub fn replace_recommendation(&mut self, ri: usize, info: std::sync::Arc<Recommendation>) {
        self.recommendations[ri].info = info;
        // Its footnotes may cite other sources: index them again when asked.
        self.sources = std::sync::OnceLock::new();
    }

    /// Every distinct source, by URL; sources without a link last, by text.
    pub fn sources(&self) -> &[SourceEntry] {
        self.sources
            .get_or_init(|| index_sources(&self.recommendations))
    }

    /// For a country whose State has several dossiers (one per review): how
    /// many rows its name spans, on the first of them, and 0 on the others;
    /// `None` for a State with one dossier.
    pub fn reviews(&self, ci: usize) -> Option<usize> {
        let site = self;
        let name = |i: usize| site.countries[i].info.name.to_lowercase();
        let same = |i: usize| i < site.countries.len() && name(i) == name(ci);
        let first = (ci > 0 && same(ci - 1)).then_some(0);
        let n = (ci..).take_while(|&i| same(i)).count();
        match first {
            Some(_) => Some(0),
            None if n > 1 => Some(n),
            None => None,
        }
    }

    /// How lists name country `ci`'s dossier: the State's name, and the
    /// review's document when the State has several dossiers.
    pub fn dossier_name(&self, ci: usize) -> String {
        let c = &self.countries[ci].info;
        match (self.reviews(ci), &c.document) {
            (Some(_), Some(document)) => format!("{} · {document}", c.name),
            _ => c.name.clone(),
        }
    }

    pub fn treaty_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.config
            .treaties
            .get(key)
            .map_or(key, |t| t.name.as_str())
    }
}

/// Each other assessor's latest grades, for its grade pages.
fn index_assessors(site: &Site) -> Vec<AssessorEntry> {
    let mut out = Vec::new();
    for key in site.config.assessors.keys() {
        let scale = crate::model::history::scale(site, Some(key));
        let mut by_grade: Vec<Vec<usize>> = vec![Vec::new(); scale.len()];
        let mut spans: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for ri in 0..site.recommendations.len() {
            if !crate::model::history::has_history(site, ri) {
                continue;
            }
            let latest = crate::model::history::latest_by_others(site, ri);
            if let Some(g) = latest.iter().find(|g| g.by == Some(key.as_str())) {
                *spans.entry((g.low, g.high)).or_default() += 1;
                for list in &mut by_grade[g.low..=g.high.min(scale.len().saturating_sub(1))] {
                    list.push(ri);
                }
            }
        }
        if spans.is_empty() {
            continue;
        }
        let path = address::assessor(&crate::input::config::slugify(key));
        let grades = by_grade
            .into_iter()
            .enumerate()
            .filter(|(_, recs)| !recs.is_empty())
            .map(|(g, recs)| GradeEntry {
                grade: g,
                path: address::assessor_grade(&path, &scale[g].slug),
                recommendations: recs,
            })
            .collect();
        out.push(AssessorEntry {
            key: key.clone(),
            path,
            grades,
            spans: spans.into_iter().collect(),
        });
    }
    out
}

/// One entry per distinct URL (or per distinct text for footnotes without a
/// link), each listing the recommendations that cite it once.
fn index_sources(recs: &[RecommendationEntry]) -> Vec<SourceEntry> {
    let mut by_key: BTreeMap<String, SourceEntry> = BTreeMap::new();
    for (ri, rec) in recs.iter().enumerate() {
        for Footnote {
            text, url, anchor, ..
        } in &rec.info.footnotes
        {
            let key = match url {
                Some(u) => u.clone(),
                None if !text.is_empty() => format!("\u{0}{text}"),
                None => continue,
            };
            let entry = by_key.entry(key).or_insert_with(|| SourceEntry {
                url: url.clone(),
                title: String::new(),
                anchor: String::new(),
                citations: Vec::new(),
            });
            if entry.title.is_empty() && !text.is_empty() {
                entry.title = text.clone();
            }
            if entry.citations.last().map(|c| c.recommendation) != Some(ri) {
                entry.citations.push(Citation {
                    recommendation: ri,
                    anchor: anchor.clone(),
                });
            }
        }
    }
    let mut sources: Vec<SourceEntry> = by_key
        .into_values()
        .map(|mut s| {
            if s.title.is_empty() {
                s.title = s.url.clone().unwrap_or_default();
            }
            s
        })
        .collect();
    // Linked sources by address, then those without a link by their text.
    sources.sort_by(|a, b| {
        (a.url.is_none(), &a.url, &a.title).cmp(&(b.url.is_none(), &b.url, &b.title))
    });
    for (i, s) in sources.iter_mut().enumerate() {
        s.anchor = format!("source-{}", i + 1);
    }
    sources
}

/// A recommendation's short reference: its own (`reference = "13(a)"`),
/// or else "7.2" (paragraph 7, second recommendation).
pub fn reference(paragraph: u32, position: usize, own: Option<&str>) -> String {
    match own {
        Some(r) => r.to_string(),
        None => format!("{paragraph}.{position}"),
    }
}
