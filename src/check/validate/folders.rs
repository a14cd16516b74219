//! The folders of `content/` and what sits where: each file sorted by kind
//! (a Markdown file where followup does not look is an error), the
//! `_index.md` each folder needs, the names no country folder may take, and
//! the publisher's logo.

use super::FileKind;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::config::{Config, slugify};
use crate::input::load::{ContentFile, LoadedSite};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The site's content files by kind (translations are read later, once
/// the originals are).
pub(super) struct Files<'a> {
    pub home: Option<&'a ContentFile>,
    /// By country folder.
    pub countries: BTreeMap<String, &'a ContentFile>,
    /// By country and paragraph folder.
    pub paragraphs: BTreeMap<(String, String), &'a ContentFile>,
    pub recommendations: Vec<&'a ContentFile>,
}

/// Sorts the files of `site` by kind, saying which are misplaced, and what
/// `followup new` left to fill in.
pub(super) fn sort<'a>(site: &'a LoadedSite, diags: &mut Diagnostics) -> Files<'a> {
    let mut home = None;
    let mut country_files = BTreeMap::new();
    let mut paragraph_files = BTreeMap::new();
    let mut rec_files = Vec::new();
    // What `followup new` left to fill in; errors, so never published.
    let placeholders: Vec<Diagnostic> = site
        .files
        .par_iter()
        .flat_map_iter(|(_, f)| super::placeholder::placeholders(&f.path, &f.text))
        .collect();
    diags.extend(placeholders);
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
            // Read once the originals are.
            FileKind::Translation { .. } => {}
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

    Files {
        home,
        countries: country_files,
        paragraphs: paragraph_files,
        recommendations: rec_files,
    }
}

/// Folders must carry their `_index.md`; country folders may not take a
/// reserved name.
pub(super) fn check(
    site: &LoadedSite,
    config: &Config,
    files: &Files<'_>,
    diags: &mut Diagnostics,
) {
    let (country_files, paragraph_files, rec_files) =
        (&files.countries, &files.paragraphs, &files.recommendations);
    for folder in &site.folders {
        let parts: Vec<&str> = folder.split('/').collect();
        let path = format!("content/{folder}");
        match parts.as_slice() {
            [country] => {
                if crate::base::address::reserved().contains(&slugify(country).as_str()) {
                    diags.push(
                        Diagnostic::error(&path, format!("the folder name `{country}` is reserved for the site's {country} pages"))
                            .help(format!("rename the folder, for example to `{country}-dossier`; reserved names: {}", crate::base::address::reserved().join(", "))),
                    );
                }
                if config.languages.iter().any(|l| l.code == slugify(country)) {
                    diags.push(
                        Diagnostic::error(&path, format!("the folder name `{country}` is where the site's pages in that language live"))
                            .help(format!("rename the folder, for example to `{country}-dossier`")),
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

    // The publisher's logo is a file of the site, published beside the pages.
    if let Some(logo) = config.publisher.as_ref().and_then(|p| p.logo.as_deref())
        && !site.attachments.values().any(|a| a.rel == logo)
    {
        diags.push(
            Diagnostic::error(
                crate::input::load::CONFIG_FILE,
                format!("the publisher's logo content/{logo} does not exist"),
            )
            .help("put the image in content/ and give its path there, such as logo = \"logo.svg\" for content/logo.svg"),
        );
    }
}
