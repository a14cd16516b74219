//! The dossiers put together: each paragraph's recommendations in order
//! (`order`, then file name), each country's paragraphs by number, the
//! countries by name; numbers and addresses checked for uniqueness, and
//! assessments against their country's rounds.

use super::recommendation::RecResult;
use super::{Country, Paragraph, assessment, check_unique, paragraph};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::load::LoadedSite;
use std::collections::{BTreeMap, HashMap};

/// The countries, in reading order, each holding its paragraphs and
/// their recommendations (`by_folder`, by paragraph folder).
pub(super) fn assemble(
    site: &LoadedSite,
    mut countries: BTreeMap<String, Country>,
    paragraphs: BTreeMap<String, (String, Paragraph)>,
    mut by_folder: HashMap<String, Vec<RecResult>>,
    config: &crate::input::config::Config,
    diags: &mut Diagnostics,
) -> Vec<Country> {
    for (folder, (country, mut paragraph)) in paragraphs {
        paragraph.recommendations = by_folder.remove(&folder).unwrap_or_default();
        // Stable: files without `order` keep file-name order, after those with one.
        paragraph
            .recommendations
            .sort_by_key(|r| (r.order.is_none(), r.order));
        paragraph.numbers = (1..=paragraph.recommendations.len()).collect();
        paragraph::check_recommendations(&paragraph, site, diags);
        check_unique(
            paragraph
                .recommendations
                .iter()
                .map(|r| (r.slug.as_str(), r.file.as_str())),
            "recommendation",
            diags,
        );
        if let Some(c) = countries.get_mut(&country) {
            for r in &paragraph.recommendations {
                if !r.assessments.is_empty() {
                    let text = site.files.get(&r.file).map_or("", |f| f.text.as_str());
                    assessment::check_against_country(
                        config,
                        &c.rounds,
                        &c.file,
                        &r.file,
                        text,
                        &r.assessments,
                        diags,
                    );
                }
            }
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
            diags,
        );
    }
    let mut countries: Vec<Country> = countries.into_values().collect();
    check_unique(
        countries.iter().map(|c| (c.slug.as_str(), c.file.as_str())),
        "country",
        diags,
    );
    // A State reviewed again has a dossier per review: they stand together
    // under its name, the newest review first.
    countries.sort_by(|a, b| {
        (a.name.to_lowercase(), std::cmp::Reverse(a.adopted), &a.slug).cmp(&(
            b.name.to_lowercase(),
            std::cmp::Reverse(b.adopted),
            &b.slug,
        ))
    });
    countries
}
