//! The theme: minijinja templates and static assets. The default theme is
//! compiled into the binary, so a site without a `themes/` folder builds; a
//! site's `themes/<name>/templates/x.html` replaces that one template and
//! `themes/<name>/static/` adds or replaces assets.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Contents;
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
pub const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "home.html",
    "country.html",
    "paragraph.html",
    "recommendation.html",
    "articles.html",
    "article.html",
    "grades.html",
    "grade.html",
    "sources.html",
    "search.html",
    "404.html",
);

/// The default theme's assets, published under `assets/`.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../themes/default/static/style.css"),
    ),
    (
        "tables.js",
        include_str!("../themes/default/static/tables.js"),
    ),
];

/// Escapes what authors wrote (`& < > " '`) but leaves `/` alone, unlike
/// minijinja's default, so addresses in the HTML stay readable.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if value.is_safe() || matches!(state.auto_escape(), minijinja::AutoEscape::None) {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let text = match value.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(value.to_string()),
    };
    out.write_str(&escape_html(&text)).map_err(|e| {
        minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write").with_source(e)
    })
}

/// HTML-escapes text for element content and quoted attribute values.
pub fn escape_html(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

pub struct Theme {
    /// Folder name under `themes/`.
    name: String,
    /// The site's templates that replace or add to the default ones: name → source.
    overrides: BTreeMap<String, String>,
    /// The site's assets: path under static/ → file.
    assets: BTreeMap<String, std::path::PathBuf>,
}

impl Theme {
    /// The built-in theme alone.
    pub fn builtin() -> Theme {
        Theme {
            name: "default".into(),
            overrides: BTreeMap::new(),
            assets: BTreeMap::new(),
        }
    }

    /// Reads the site's theme folder, if it has one.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::default();
        let dir = root.join("themes").join(name);
        if name != "default" && !dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    "followup.toml",
                    format!("theme {name:?} not found: there is no themes/{name}/ folder"),
                )
                .help("remove the theme setting to use the built-in theme, or create the folder"),
            );
            return Err(diags);
        }
        let mut overrides = BTreeMap::new();
        let templates = dir.join("templates");
        if templates.is_dir() {
            for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = crate::load::relative(&templates, entry.path());
                if crate::load::is_editor_leftover(&rel) || rel.starts_with('.') {
                    continue;
                }
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        overrides.insert(rel, crate::load::normalize_text(text));
                    }
                    Err(e) => diags.push(Diagnostic::error(
                        format!("themes/{name}/templates/{rel}"),
                        format!("cannot read the template: {e}"),
                    )),
                }
            }
        }
        let mut assets = BTreeMap::new();
        let static_dir = dir.join("static");
        if static_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                if entry.file_type().is_file() {
                    let rel = crate::load::relative(&static_dir, entry.path());
                    if !crate::load::is_editor_leftover(&rel) {
                        assets.insert(rel, entry.into_path());
                    }
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theme {
            name: name.to_string(),
            overrides,
            assets,
        })
    }

    /// The theme compiled once; `base_path` is given to templates as `base_path`
    /// and used by the `asset()` function.
    pub fn environment(&self, base_path: &str) -> Result<Environment<'static>, Diagnostics> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_formatter(html_formatter);
        let mut diags = Diagnostics::default();
        let mut sources: BTreeMap<String, String> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        sources.extend(self.overrides.clone());
        for (name, source) in sources {
            if let Err(e) = env.add_template_owned(name, source) {
                diags.push(self.template_error(&e));
            }
        }
        let base = base_path.to_string();
        env.add_function("asset", move |path: &str| format!("{base}assets/{path}"));
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(env)
    }

    /// Where a template lives, as the author would find it.
    fn template_file(&self, name: &str) -> String {
        if self.overrides.contains_key(name) {
            format!("themes/{}/templates/{name}", self.name)
        } else {
            format!("built-in theme: templates/{name}")
        }
    }

    /// A template error, naming the template file and line.
    pub fn template_error(&self, e: &minijinja::Error) -> Diagnostic {
        let file = e
            .name()
            .map(|n| self.template_file(n))
            .unwrap_or_else(|| format!("themes/{}/templates", self.name));
        let message = match e.detail() {
            Some(detail) => format!("template error: {}: {detail}", e.kind()),
            None => format!("template error: {}", e.kind()),
        };
        let mut d = Diagnostic::error(file, message);
        if let Some(name) = e.name()
            && let Some(line) = e.line()
        {
            let source = self
                .overrides
                .get(name)
                .map(String::as_str)
                .or_else(|| TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s))
                .unwrap_or("");
            d = match e.range() {
                Some(range) if range.start <= source.len() => d.at(source, range.start),
                _ => d.at_line(source, line),
            };
        }
        d.help("fix the template, or delete it to fall back to the built-in one")
    }

    /// Assets to publish under `assets/`: the default ones, replaced or added to by the site's.
    pub fn assets(&self) -> Vec<(String, Contents)> {
        let mut out: BTreeMap<String, Contents> = ASSETS
            .iter()
            .map(|(n, s)| (n.to_string(), Contents::Bytes(s.as_bytes().to_vec())))
            .collect();
        for (rel, path) in &self.assets {
            out.insert(rel.clone(), Contents::Copy(path.clone()));
        }
        out.into_iter().collect()
    }
}
