//! followup compiles human-rights follow-up dossiers (Markdown files with TOML
//! front matter, one per recommendation) into a linked static site.
//!
//! The pipeline runs one way: [`load`] → [`validate`] → [`model`] →
//! [`render`] → [`write`]. Everything up to rendering happens in memory, so a
//! build with any error leaves the previous output untouched.

// A Diagnostic is a few strings; errors are the cold path, so returning one
// by value costs nothing that matters and keeps signatures plain.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod publish;
pub mod render;
pub mod serve;
pub mod session;
pub mod strings;
pub mod theme;
pub mod validate;
pub mod write;

use diagnostics::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A site compiled in memory, with the warnings met on the way.
pub struct Compiled {
    pub output: render::Output,
    pub warnings: Diagnostics,
}

/// Loads, validates, indexes and renders the site at `root`, writing nothing.
/// `base_url` replaces the one in followup.toml when given.
pub fn compile(root: &Path, base_url: Option<&str>) -> Result<Compiled, Diagnostics> {
    compile_with(root, base_url, false)
}

/// [`compile`], with the search bundle too when `search` is set and the
/// settings ask for it.
fn compile_with(
    root: &Path,
    base_url: Option<&str>,
    search: bool,
) -> Result<Compiled, Diagnostics> {
    let loaded = load::load(root);
    compile_loaded_with(&loaded, loaded.diagnostics(), base_url, search, |name| {
        theme::Theme::load(root, name)
    })
}

/// Validates, indexes and renders a site already in memory: `diags` holds
/// what loading it found; `theme` finds the theme named in the settings.
pub fn compile_loaded(
    loaded: &load::LoadedSite,
    diags: Diagnostics,
    base_url: Option<&str>,
    theme: impl FnOnce(&str) -> Result<theme::Theme, Diagnostics>,
) -> Result<Compiled, Diagnostics> {
    compile_loaded_with(loaded, diags, base_url, false, theme)
}

fn compile_loaded_with(
    loaded: &load::LoadedSite,
    mut diags: Diagnostics,
    base_url: Option<&str>,
    search: bool,
    theme: impl FnOnce(&str) -> Result<theme::Theme, Diagnostics>,
) -> Result<Compiled, Diagnostics> {
    let (dossiers, found) = validate::validate(loaded);
    diags.extend(found.0);
    diags.sort();
    let Some(mut dossiers) = dossiers.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    if let Some(url) = base_url {
        dossiers.config.base_url = config::normalize_base_url(url);
    }
    let theme = theme(&dossiers.config.theme)?;
    let site = model::Site::build(dossiers);
    let mut output = render::render(&site, &theme)?;
    if search && site.config.search {
        let bundle = publish::search_index(&site).map_err(|e| {
            let mut d = Diagnostics::default();
            d.push(
                Diagnostic::error(
                    load::CONFIG_FILE,
                    format!("cannot build the search index: {e}"),
                )
                .help("set search = false in followup.toml to publish without search"),
            );
            d
        })?;
        output.files.extend(bundle);
        output.files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(Compiled {
        output,
        warnings: diags,
    })
}

pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub write: write::WriteReport,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// Compiles the site and, only if it has no error, writes it.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let output_dir = opts.output_dir();
    let unsafe_output = |e: write::WriteError| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error(
            output_dir.display().to_string(),
            e.to_string(),
        ));
        d
    };
    write::check_output_dir(&opts.root, &output_dir).map_err(unsafe_output)?;
    let compiled = compile_with(&opts.root, opts.base_url.as_deref(), true)?;
    let report = write::write(&output_dir, &compiled.output).map_err(unsafe_output)?;
    Ok(BuildReport {
        pages: compiled.output.pages,
        files: compiled.output.files.len(),
        write: report,
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
    })
}
