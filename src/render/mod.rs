//! Stage 6: render. Fills each page's template context from the views and
//! renders it with the theme's minijinja templates, in memory. Nothing is
//! written here.

pub mod cite;
pub mod image;
pub mod og;
pub mod pages;
pub mod structured;
pub mod theme;
pub mod views;

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::output::{Contents, OutputFile};
use crate::model::Site;
use crate::render::pages::PageSpec;
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

    /// The views the pages are made from.
    pub fn views(&self) -> &Views<'a> {
        &self.v
    }

    /// Renders one page.
    pub fn page(&self, spec: PageSpec) -> Result<OutputFile, Diagnostic> {
        self.page_noting(spec, |_, _| ()).map(|(f, ())| f)
    }

    /// Renders one page, and what `note` says of its template and context.
    fn page_noting<T>(
        &self,
        spec: PageSpec,
        note: impl Fn(&'static str, &minijinja::Value) -> T,
    ) -> Result<(OutputFile, T), Diagnostic> {
        let (template, context) = self.context(spec);
        let noted = note(template, &context);
        Ok((self.page_from(spec, template, &context)?, noted))
    }

    /// Renders page `spec` from its template and context, made already
    /// ([`Renderer::context`]): the preview makes them once to compare them
    /// and render.
    pub fn page_from(
        &self,
        spec: PageSpec,
        template: &'static str,
        context: &minijinja::Value,
    ) -> Result<OutputFile, Diagnostic> {
        let html = self
            .env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|e| self.theme.template_error(&e))?;
        Ok(OutputFile {
            path: spec.file(self.v.site),
            contents: Contents::Bytes(html.into_bytes()),
        })
    }

    /// Renders `pages` in parallel; template errors are reported once each.
    pub fn render(&self, pages: &[PageSpec]) -> Result<Vec<OutputFile>, Diagnostics> {
        let files = self.render_noting(pages, |_, _| ())?;
        Ok(files.into_iter().map(|(f, ())| f).collect())
    }

    /// Renders `pages` as [`Renderer::render`] does, each with what `note`
    /// says of its template and context (the preview's fingerprints).
    pub fn render_noting<T: Send>(
        &self,
        pages: &[PageSpec],
        note: impl Fn(&'static str, &minijinja::Value) -> T + Sync,
    ) -> Result<Vec<(OutputFile, T)>, Diagnostics> {
        let rendered: Vec<Result<(OutputFile, T), Diagnostic>> = pages
            .par_iter()
            .map(|spec| self.page_noting(*spec, &note))
            .collect();
        gather(rendered)
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
    /// The template and context of page `spec`: what every page is given
    /// (the site, the page's title, address and breadcrumbs) and what its
    /// kind adds. A site in several languages also gives each page its
    /// address from the site's root (`page_path`), the same in every
    /// language, for the language links.
    pub fn context(&self, spec: PageSpec) -> (&'static str, minijinja::Value) {
        let v = &self.v;
        let page = spec.page(v);
        let path = spec.path(v.site);
        let page_url = v.url(&path);
        let canonical = structured::absolute(v.site, &page_url);
        let description = page.description.as_deref().unwrap_or(&page.title);
        let (favicon, favicon_type) =
            structured::favicon(v, &v.url(&crate::base::address::asset(theme::FAVICON)));
        let mut data = page.data;
        let mut base = vec![
            ("site", v.site_view.clone()),
            ("page_url", minijinja::Value::from(page_url)),
            (
                "page_description",
                minijinja::Value::from(crate::base::text::description(description)),
            ),
            (
                "og_type",
                minijinja::Value::from(if page.article { "article" } else { "website" }),
            ),
            ("favicon", minijinja::Value::from(favicon)),
            ("favicon_type", minijinja::Value::from(favicon_type)),
        ];
        // The page for no address is served at any missing one: it has no
        // address of its own to name.
        if !matches!(spec, PageSpec::NotFound(_)) {
            base.push(("canonical_url", minijinja::Value::from(canonical.as_str())));
        }
        if let Some(crumb) = &page.crumb {
            base.push(("page_crumb", minijinja::Value::from(crumb.as_str())));
        }
        if let Some(trail) = page.trail {
            let crumbs: Vec<Crumb> = std::iter::once(v.home_crumb()).chain(trail).collect();
            let last = page.crumb.as_deref().unwrap_or(&page.title);
            data.push(structured::breadcrumbs(v.site, &crumbs, last, &canonical));
            base.push((
                "breadcrumbs",
                minijinja::Value::from(minijinja::value::Serde(&crumbs)),
            ));
        }
        if let Some(image) = og::page_value(v, spec) {
            base.push(("og_image", image));
        }
        if let Some(ld) = structured::json_ld(data) {
            base.push(("structured_data", minijinja::Value::from_safe_string(ld)));
        }
        base.push(("page_title", minijinja::Value::from(page.title)));
        if !v.site.config.languages.is_empty() && spec.in_every_language() {
            base.push(("page_path", minijinja::Value::from(path)));
        }
        let base = minijinja::Value::from_pairs(base);
        (
            spec.template(),
            minijinja::context! { ..base, ..page.values },
        )
    }
}

/// The pages rendered, or every template error met, each said once.
pub fn gather<T>(rendered: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut made = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(m) => made.push(m),
            Err(d) => diags.push_once(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(made)
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
