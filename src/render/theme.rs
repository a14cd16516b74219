//! The theme: minijinja templates and static assets. The default theme is
//! compiled into the binary, so a site without a `themes/` folder builds; a
//! site's `themes/<name>/templates/x.html` replaces that one template and
//! `themes/<name>/static/` adds or replaces assets.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::output::Contents;
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
pub const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "home.html",
    "country.html",
    "paragraph.html",
    "report.html",
    "recommendation.html",
    "articles.html",
    "article.html",
    "grades.html",
    "grade.html",
    "assessor_grade.html",
    "progress.html",
    "follow_up.html",
    "translations.html",
    "sources.html",
    "search.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "og-image.svg",
);

/// The default theme's assets, published under `assets/`.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "tables.js",
        include_str!("../../themes/default/static/tables.js"),
    ),
    (
        FAVICON,
        include_str!("../../themes/default/static/favicon.svg"),
    ),
];

/// The theme's icon, for sites without one of their own.
pub const FAVICON: &str = "favicon.svg";

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
    let xml = matches!(state.auto_escape(), minijinja::AutoEscape::Custom(name) if name == "xml");
    let text = value.as_str().map(std::borrow::Cow::Borrowed);
    let text = text.unwrap_or_else(|| value.to_string().into());
    let written = if xml {
        out.write_str(&xml_escape(&text))
    } else {
        write_escaped(out, &text)
    };
    written.map_err(|e| {
        minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write").with_source(e)
    })
}

/// Writes `text` HTML-escaped for element content and quoted attribute
/// values. Every page passes all its text through here, so it copies the
/// runs between special characters whole instead of going char by char.
pub fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The special characters are ASCII, so `i` is on a char boundary.
        out.write_str(&text[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&text[from..])
}

/// `text` escaped for XML 1.0 element content and attribute values, with the
/// control characters XML does not allow dropped.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub struct Theme {
    /// Folder name under `themes/`.
    name: String,
    /// The site's templates that replace or add to the default ones: name → source.
    overrides: BTreeMap<String, String>,
    /// The site's assets: path under static/ → file.
    assets: BTreeMap<String, std::path::PathBuf>,
    /// The fonts of the link-preview images: the theme's `fonts/` folder
    /// (how a publisher pins them) and the system's.
    pub fonts: crate::render::image::Fonts,
}

impl Theme {
    /// The built-in theme alone.
    pub fn builtin() -> Theme {
        Theme {
            name: "default".into(),
            overrides: BTreeMap::new(),
            assets: BTreeMap::new(),
            fonts: crate::render::image::Fonts::new(Vec::new()),
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
        let inside = crate::input::load::Inside::new(root);
        let escapes = std::cell::RefCell::new(Vec::new());
        let mut overrides = BTreeMap::new();
        let templates = dir.join("templates");
        if templates.is_dir() {
            for entry in walkdir::WalkDir::new(&templates)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| keep(&inside, e, &escapes))
            {
                let Ok(entry) = entry else { continue };
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = crate::input::load::relative(&templates, entry.path());
                if crate::input::load::is_editor_leftover(&rel) || rel.starts_with('.') {
                    continue;
                }
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        overrides.insert(rel, crate::input::load::normalize_text(text));
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
            for entry in walkdir::WalkDir::new(&static_dir)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| keep(&inside, e, &escapes))
            {
                let Ok(entry) = entry else { continue };
                if entry.file_type().is_file() {
                    let rel = crate::input::load::relative(&static_dir, entry.path());
                    if !crate::input::load::is_editor_leftover(&rel) {
                        assets.insert(rel, entry.into_path());
                    }
                }
            }
        }
        let fonts = font_files(&dir.join("fonts"), &inside, &escapes);
        diags.0.extend(escapes.into_inner());
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theme {
            name: name.to_string(),
            overrides,
            assets,
            fonts: crate::render::image::Fonts::new(fonts),
        })
    }

    /// The theme compiled once; `base_path` is given to templates as `base_path`
    /// and used by the `asset()` function.
    pub fn environment(&self, base_path: &str) -> Result<Environment<'static>, Diagnostics> {
        let mut env = Environment::new();
        // Feeds and the sitemap are XML, whose escapes differ from HTML's.
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".xml") {
                minijinja::AutoEscape::Custom("xml".into())
            } else {
                minijinja::AutoEscape::Html
            }
        });
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
        env.add_function("asset", move |path: &str| {
            format!("{base}{}", crate::base::address::asset(path))
        });
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

/// The font files (TrueType, OpenType and their collections: what the
/// font database reads) of a theme's `fonts/` folder.
fn font_files(
    dir: &Path,
    inside: &crate::input::load::Inside,
    escapes: &std::cell::RefCell<Vec<Diagnostic>>,
) -> Vec<std::path::PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| keep(inside, e, escapes))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&&*e.to_ascii_lowercase()))
        })
        .collect()
}

/// Whether a theme's walk goes on into `entry`: a symbolic link is followed
/// only while it stays inside the site (an error otherwise).
fn keep(
    inside: &crate::input::load::Inside,
    entry: &walkdir::DirEntry,
    escapes: &std::cell::RefCell<Vec<Diagnostic>>,
) -> bool {
    if (entry.depth() == 0 || entry.path_is_symlink())
        && let Some(d) = inside.escape(entry.path())
    {
        escapes.borrow_mut().push(d);
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_but_not_slashes() {
        let mut out = String::new();
        super::write_escaped(&mut out, "a <b> & \"c\" 'd' https://x.org/é").unwrap();
        assert_eq!(
            out,
            "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; https://x.org/é"
        );
    }

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            super::xml_escape("a & <b> \"c\" 'd'\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
    }
}
