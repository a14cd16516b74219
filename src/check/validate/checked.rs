//! Each country, paragraph and recommendation file checked, or its result
//! taken from the [`Cache`] when the file and what its check depends on
//! are unchanged (the preview's rebuilds).

use super::cache::{CachedParagraph, CachedRecommendation};
use super::country::check_country;
use super::paragraph::check_paragraph;
use super::recommendation::{RecResult, check_recommendation};
use super::{Cache, Country, Paragraph, folder_of, repeated_keys};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::config::Config;
use crate::input::load::ContentFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// What a check needs of the settings: them, whether they were read
/// without error, and whether authors may write raw HTML.
pub(super) struct Settings<'a> {
    pub config: &'a Config,
    pub config_ok: bool,
    pub allow_html: bool,
}

/// The countries, by folder.
pub(super) fn countries(
    country_files: &BTreeMap<String, &ContentFile>,
    cache: &mut Cache,
    s: &Settings<'_>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Country> {
    let (config, config_ok, allow_html) = (s.config, s.config_ok, s.allow_html);
    let mut countries: BTreeMap<String, Country> = BTreeMap::new();
    let mut fresh_countries = HashMap::new();
    for (dir, file) in country_files {
        let (country, d) = match cache.countries.remove(&file.revision) {
            Some(hit) => hit,
            None => check_country(file, dir, config, config_ok, allow_html),
        };
        if let Some(c) = &country {
            countries.insert(dir.clone(), c.clone());
        }
        diags.extend(d.iter().cloned());
        fresh_countries.insert(file.revision, (country, d));
    }
    cache.countries = fresh_countries;

    countries
}

/// The paragraphs, by folder path (`content/<country>/<paragraph>`), with
/// their country's folder.
pub(super) fn paragraphs(
    paragraph_files: &BTreeMap<(String, String), &ContentFile>,
    countries: &BTreeMap<String, Country>,
    cache: &mut Cache,
    s: &Settings<'_>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (String, Paragraph)> {
    let (config, config_ok, allow_html) = (s.config, s.config_ok, s.allow_html);
    // Paragraphs (their check depends on the country's treaty, so a cached
    // one is reused only if that is unchanged; new settings emptied the cache above).
    // By folder path (`content/<country>/<paragraph>`), so a recommendation
    // finds its paragraph from its own path without allocating.
    let mut paragraphs: BTreeMap<String, (String, Paragraph)> = BTreeMap::new();
    let mut seen_paragraphs = Vec::with_capacity(paragraph_files.len());
    for ((country, dir), file) in paragraph_files {
        let treaty = countries.get(country).map(|c| c.treaty.clone());
        seen_paragraphs.push(file.path.clone());
        let hit = cache
            .paragraphs
            .get(&file.path)
            .filter(|c| c.revision == file.revision && c.treaty == treaty);
        let (paragraph, d) = match hit {
            Some(c) => (c.paragraph.clone(), c.diags.clone()),
            None => {
                let (paragraph, d) =
                    check_paragraph(file, dir, treaty.as_deref(), config, config_ok, allow_html);
                cache.paragraphs.insert(
                    file.path.clone(),
                    CachedParagraph {
                        revision: file.revision,
                        treaty,
                        paragraph: paragraph.clone(),
                        diags: d.clone(),
                    },
                );
                (paragraph, d)
            }
        };
        if let Some(p) = paragraph {
            paragraphs.insert(folder_of(&file.path).to_string(), (country.clone(), p));
        }
        diags.extend(d);
    }
    if cache.paragraphs.len() != seen_paragraphs.len() {
        let seen: std::collections::HashSet<&String> = seen_paragraphs.iter().collect();
        cache.paragraphs.retain(|k, _| seen.contains(k));
    }

    paragraphs
}

/// The recommendations, by the folder of their paragraph.
pub(super) fn recommendations(
    rec_files: &[&ContentFile],
    paragraphs: &BTreeMap<String, (String, Paragraph)>,
    cache: &mut Cache,
    s: &Settings<'_>,
    diags: &mut Diagnostics,
) -> HashMap<String, Vec<RecResult>> {
    let (config, config_ok, allow_html) = (s.config, s.config_ok, s.allow_html);
    // Recommendations: the bulk of the work, in parallel, skipping files
    // checked before with the same text and settings.
    cache.keys = repeated_keys(rec_files);
    let keys = &cache.keys;
    let cached = &cache.entries;
    let results: Vec<(Option<RecResult>, Vec<Diagnostic>, bool)> = rec_files
        .par_iter()
        .map(|file| {
            let key = keys.get(&file.path).map(String::as_str);
            if let Some(c) = cached.get(&file.revision)
                && c.key.as_deref() == key
            {
                return (c.rec.clone(), c.diags.clone(), false);
            }
            let (rec, d) = check_recommendation(file, key, config, config_ok, allow_html);
            (rec, d, true)
        })
        .collect();

    // Paragraphs by folder, for one hash lookup per recommendation.
    let mut by_folder: HashMap<&str, Vec<RecResult>> = paragraphs
        .keys()
        .map(|k| (k.as_str(), Vec::new()))
        .collect();
    for (file, (rec, d, fresh)) in rec_files.iter().zip(results) {
        if let Some(r) = &rec
            && let Some(list) = by_folder.get_mut(folder_of(&file.path))
        {
            list.push(r.clone());
        }
        diags.extend(d.iter().cloned());
        if fresh {
            let key = cache.keys.get(&file.path).cloned();
            cache
                .entries
                .insert(file.revision, CachedRecommendation { rec, diags: d, key });
        }
    }
    if cache.entries.len() != rec_files.len() {
        let present: std::collections::HashSet<u64> =
            rec_files.iter().map(|f| f.revision).collect();
        cache.entries.retain(|k, _| present.contains(k));
    }

    by_folder
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}
