//! Stage 6: render. Fills each page's template context from the views and
//! renders it with the theme's minijinja templates, in memory. Nothing is
//! written here.

pub mod theme;
pub mod views;

use crate::base::address;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::output::{Contents, OutputFile};
use crate::model::Site;
use crate::model::history;
use crate::model::pages::PageSpec;
use crate::render::theme::Theme;
use crate::render::views::*;
use rayon::prelude::*;

/// Renders pages of one site with one compiled theme.
pub struct Renderer<'a> {
    v: Views<'a>,
    env: &'a minijinja::Environment<'static>,
    theme: &'a Theme,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        env: &'a minijinja::Environment<'static>,
    ) -> Renderer<'a> {
        Renderer {
            v: Views::new(site),
            env,
            theme,
        }
    }

    /// A renderer of `site` that starts with the values `kept` from an
    /// earlier renderer of the same site (see [`Views::keep`]).
    pub fn with_kept(
        site: &'a Site,
        theme: &'a Theme,
        env: &'a minijinja::Environment<'static>,
        kept: Kept,
    ) -> Renderer<'a> {
        Renderer {
            v: Views::with_kept(site, kept),
            env,
            theme,
        }
    }

    /// The views the pages are made from.
    pub fn views(&self) -> &Views<'a> {
        &self.v
    }

    /// Shares the views of `old` where equal (see [`Views::adopt`]).
    pub fn adopt(&mut self, old: &Renderer<'_>) {
        self.v.adopt(&old.v);
    }

    /// Renders one page.
    pub fn page(&self, spec: PageSpec) -> Result<OutputFile, Diagnostic> {
        let (template, context) = self.context(spec);
        let html = self
            .env
            .get_template(template)
            .and_then(|t| t.render(&context))
            .map_err(|e| self.theme.template_error(&e))?;
        Ok(OutputFile {
            path: spec.file(self.v.site),
            contents: Contents::Bytes(html.into_bytes()),
        })
    }

    /// Renders `pages` in parallel; template errors are reported once each.
    pub fn render(&self, pages: &[PageSpec]) -> Result<Vec<OutputFile>, Diagnostics> {
        let rendered: Vec<Result<OutputFile, Diagnostic>> =
            pages.par_iter().map(|spec| self.page(*spec)).collect();
        let mut diags = Diagnostics::default();
        let mut files = Vec::with_capacity(rendered.len());
        for r in rendered {
            match r {
                Ok(f) => files.push(f),
                Err(d) => diags.push_once(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(files)
    }

    /// Renders `pages` in parallel and hands each to `sink` as soon as it is
    /// made, so no page is kept: how `build` writes a large site.
    pub fn render_each(
        &self,
        pages: &[PageSpec],
        sink: impl Fn(OutputFile) -> Result<(), Diagnostic> + Sync,
    ) -> Result<(), Diagnostics> {
        let failed: Vec<Diagnostic> = pages
            .par_iter()
            .filter_map(|spec| self.page(*spec).and_then(&sink).err())
            .collect();
        let mut diags = Diagnostics::default();
        for d in failed {
            diags.push_once(d);
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(())
    }
    /// The template and context of page `spec`. A site in several
    /// languages also gives each page its address from the site's root
    /// (`page_path`), the same in every language, for the language links.
    pub fn context(&self, spec: PageSpec) -> (&'static str, minijinja::Value) {
        let (template, context) = self.page_context(spec);
        // The translations page is the main language's alone.
        if self.v.site.config.languages.is_empty() || spec == PageSpec::Translations {
            return (template, context);
        }
        let path = spec.path(self.v.site);
        (template, ctx! { page_path => path, ..context })
    }

    // TODO: split into page kinds (being rewritten).
    #[allow(clippy::too_many_lines)]
    fn page_context(&self, spec: PageSpec) -> (&'static str, minijinja::Value) {
        let v = &self.v;
        let site = v.site;
        let site_view = &v.site_view;
        let page_url = v.url(&spec.path(site));
        match spec {
            PageSpec::Home => {
                let countries: Vec<_> = site
                    .countries
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        let row = country_row(
                            v,
                            c,
                            v.grade_counts(&c.grade_counts),
                            date_view(c.info.assessed, &site.config.strings),
                        );
                        match site.reviews(ci) {
                            Some(n) => ctx! { reviews => n, review => &c.info.document, ..row },
                            None => row,
                        }
                    })
                    .collect();
                (
                    "home.html",
                    ctx! {
                        site => site_view,
                        page_title => &site.config.title,
                        page_url => &page_url,
                        intro_html => &site.home_html,
                        heading => site.home_title.as_deref().unwrap_or(&site.config.title),
                        countries => &countries,
                        grade_counts => v.grade_counts(&site.grade_counts),
                        total => site.recommendations.len(),
                        treaties => treaty_articles(v),
                        progress_url => site.has_history.then(|| v.url(address::PROGRESS)),
                    },
                )
            }
            PageSpec::Country(ci) => {
                let c = &site.countries[ci];
                let paragraphs: Vec<_> = c
                    .paragraphs
                    .clone()
                    .map(|pi| {
                        let recs = site.paragraphs[pi].recommendations.clone();
                        ctx! {
                            recommendations => v.cards_of(recs),
                            ..paragraph_facts(v, pi)
                        }
                    })
                    .collect();
                (
                    "country.html",
                    ctx! {
                        site => site_view,
                        page_title => &c.info.name,
                        page_url => &page_url,
                        breadcrumbs => vec![v.home_crumb()],
                        country => v.country_value(ci),
                        paragraphs => &paragraphs,
                    },
                )
            }
            PageSpec::Report(ci) => {
                let c = &site.countries[ci];
                let paragraphs: Vec<_> = c
                    .paragraphs
                    .clone()
                    .map(|pi| {
                        let p = &site.paragraphs[pi];
                        ctx! {
                            concern_html => &p.info.concern_html,
                            recommendations => p.recommendations.clone().map(|ri| v.full(ri)).collect::<Vec<_>>(),
                            ..paragraph_facts(v, pi)
                        }
                    })
                    .collect();
                let title = format!("{}: {}", c.info.name, tr(v).get("full_report"));
                (
                    "report.html",
                    ctx! {
                        site => site_view,
                        page_title => title,
                        page_crumb => tr(v).get("full_report"),
                        page_url => &page_url,
                        breadcrumbs => vec![v.home_crumb(), Crumb { title: c.info.name.clone(), url: v.url(&c.path) }],
                        country => v.country_value(ci),
                        paragraphs => &paragraphs,
                    },
                )
            }
            PageSpec::Paragraph(pi) => {
                let p = &site.paragraphs[pi];
                let c = &site.countries[p.country];
                let recs: Vec<_> = p.recommendations.clone().map(|ri| v.full(ri)).collect();
                (
                    "paragraph.html",
                    ctx! {
                        site => site_view,
                        page_title => tr(v).fmt("country_paragraph_title", &[("country", &c.info.name), ("n", &p.info.number.to_string())]),
                        page_crumb => paragraph_n(v, p.info.number),
                        page_url => &page_url,
                        breadcrumbs => vec![v.home_crumb(), Crumb { title: c.info.name.clone(), url: v.url(&c.path) }],
                        country => v.country_brief(p.country),
                        paragraph => ctx! {
                            concern_html => &p.info.concern_html,
                            ..paragraph_facts(v, pi)
                        },
                        recommendations => recs,
                    },
                )
            }
            PageSpec::Recommendation(ri) => {
                let r = &site.recommendations[ri];
                let p = &site.paragraphs[r.paragraph];
                let c = &site.countries[r.country];
                let full = v.full(ri);
                let reference = &v.card_of(ri).reference;
                let grade = &site.config.grades[r.info.grade];
                (
                    "recommendation.html",
                    ctx! {
                        site => site_view,
                        page_title => tr(v).fmt("country_recommendation_title", &[("country", &c.info.name), ("ref", reference)]),
                        page_crumb => tr(v).fmt("recommendation_n", &[("ref", reference)]),
                        page_url => &page_url,
                        breadcrumbs => vec![
                            v.home_crumb(),
                            Crumb { title: c.info.name.clone(), url: v.url(&c.path) },
                            Crumb { title: paragraph_n(v, p.info.number), url: v.url(&p.path) },
                        ],
                        country => v.country_brief(r.country),
                        grade_description => &grade.description,
                        recommendation => full,
                        previous => r.previous.map(|i| v.card(i)),
                        next => r.next.map(|i| v.card(i)),
                    },
                )
            }
            PageSpec::Articles => (
                "articles.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("articles"),
                    page_url => &page_url,
                    breadcrumbs => vec![v.home_crumb()],
                    treaties => treaty_articles(v),
                },
            ),
            PageSpec::Article(ai, page) => {
                let a = &site.articles[ai];
                let (shown, pagination) = paginate(v, &a.path, &a.recommendations, page);
                let list = v.article_list(ai);
                let title = tr(v).fmt(
                    "treaty_article",
                    &[("treaty", &a.treaty), ("n", &a.number.to_string())],
                );
                (
                    "article.html",
                    ctx! {
                        site => site_view,
                        page_title => page_title(v, title, page),
                        page_url => &page_url,
                        breadcrumbs => vec![v.home_crumb(), Crumb { title: tr(v).get("articles").into(), url: v.url(address::ARTICLES) }],
                        article => ctx! {
                            treaty => &a.treaty,
                            treaty_name => site.treaty_name(&a.treaty),
                            number => a.number,
                            title => &a.title,
                        },
                        total => a.recommendations.len(),
                        grade_counts => list.grade_counts,
                        groups => v.by_country(shown),
                        pagination => pagination,
                        countries => list.countries,
                    },
                )
            }
            PageSpec::Grades => (
                "grades.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("grades"),
                    page_url => &page_url,
                    breadcrumbs => vec![v.home_crumb()],
                    grade_counts => v.grade_counts(&site.grade_counts),
                    total => site.recommendations.len(),
                    assessors => v.assessor_counts(),
                    labels_notice => v.labels_notice(site.assessors.iter().any(|a| {
                        a.spans.iter().any(|&((low, high), _)| v.assessor_untranslated(&a.key, low, high))
                    })),
                },
            ),
            PageSpec::Grade(g, page) => {
                let entry = &site.grades[g];
                let (shown, pagination) = paginate(v, &entry.path, &entry.recommendations, page);
                let list = v.grade_list(g);
                let title = tr(v).fmt("grade_n", &[("code", &site.config.grades[g].code)]);
                (
                    "grade.html",
                    ctx! {
                        site => site_view,
                        page_title => page_title(v, title, page),
                        page_url => &page_url,
                        breadcrumbs => vec![v.home_crumb(), Crumb { title: tr(v).get("grades").into(), url: v.url(address::GRADES) }],
                        grade => v.grades[g].clone(),
                        total => entry.recommendations.len(),
                        groups => v.by_country(shown),
                        pagination => pagination,
                        countries => list.countries,
                    },
                )
            }
            PageSpec::AssessorGrade(a, g, page) => {
                let assessor = &site.assessors[a];
                let entry = &assessor.grades[g];
                let (shown, pagination) = paginate(v, &entry.path, &entry.recommendations, page);
                let name = v.assessor_name(Some(&assessor.key));
                let grade = v.graded(Some(&assessor.key), entry.grade, entry.grade);
                let title = tr(v).fmt("grade_by", &[("code", &grade.code), ("assessor", name)]);
                (
                    "assessor_grade.html",
                    ctx! {
                        site => site_view,
                        page_title => page_title(v, title, page),
                        page_url => &page_url,
                        breadcrumbs => vec![v.home_crumb(), Crumb { title: tr(v).get("grades").into(), url: v.url(address::GRADES) }],
                        assessor => name,
                        own_assessor => v.assessor_name(None),
                        grade => grade,
                        description => history::scale(site, Some(&assessor.key))[entry.grade].description.as_str(),
                        total => entry.recommendations.len(),
                        recommendations => v.assessor_rows(&assessor.key, shown),
                        pagination => pagination,
                        labels_notice => v.labels_notice(v.assessor_untranslated(&assessor.key, entry.grade, entry.grade)),
                    },
                )
            }
            PageSpec::Progress => (
                "progress.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("progress"),
                    page_url => &page_url,
                    breadcrumbs => vec![v.home_crumb()],
                    assessors => v.progress(),
                },
            ),
            PageSpec::Translations => (
                "translations.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("translations"),
                    page_url => &page_url,
                    breadcrumbs => vec![v.home_crumb()],
                    languages => site.status.iter().map(|s| ctx! {
                        code => &s.language,
                        name => crate::input::strings::language_name(&s.language),
                        translated => s.translated,
                        total => s.total,
                        missing => &s.missing,
                    }).collect::<Vec<_>>(),
                },
            ),
            PageSpec::Sources => (
                "sources.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("sources"),
                    page_url => &page_url,
                    breadcrumbs => vec![v.home_crumb()],
                    sources => sources(v),
                },
            ),
            PageSpec::Search => (
                "search.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("search"),
                    page_url => &page_url,
                    breadcrumbs => vec![v.home_crumb()],
                    // A large site's further search bundles, which the page merges.
                    merge_bundles => (1..crate::publish::bundles(
                        site.recommendations.len(),
                        site.config.search_bundle_size,
                    ))
                        .map(|b| v.url(&address::search_bundle_dir(b)))
                        .collect::<Vec<_>>(),
                },
            ),
            PageSpec::NotFound => (
                "404.html",
                ctx! {
                    site => site_view,
                    page_title => tr(v).get("not_found"),
                    page_url => &page_url,
                },
            ),
        }
    }
}

/// The theme compiled for a site with settings `config`, with its labels.
pub fn environment(
    config: &crate::input::config::Config,
    theme: &Theme,
) -> Result<minijinja::Environment<'static>, Diagnostics> {
    let mut env = theme.environment(&config.base_path())?;
    crate::input::strings::install(&mut env, &config.strings);
    Ok(env)
}
