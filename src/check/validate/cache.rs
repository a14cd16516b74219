//! What the preview keeps between rebuilds, so an edit re-checks only the
//! files it touched.

use super::country::Country;
use super::paragraph::Paragraph;
use super::recommendation::{RecResult, Recommendation, check_recommendation};
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::input::config::Config;
use crate::input::load::ContentFile;
use std::collections::HashMap;
use std::sync::Arc;

/// One recommendation file's result, as the driver reports it.
pub(super) struct CachedRecommendation {
    pub(super) rec: Option<RecResult>,
    pub(super) diags: Vec<Diagnostic>,
    /// The key its ids were made with, when not its slug.
    pub(super) key: Option<String>,
}

/// Results of checking recommendation files, kept between rebuilds of a
/// running preview: a file not read again since, checked with the same
/// settings, is not parsed and converted again, and keeps its identity (the same `Arc`), so
/// later stages can tell what changed.
#[derive(Default)]
pub struct Cache {
    /// The settings the entries were made with, and what they say.
    pub(super) config: Option<String>,
    pub(super) parsed: Option<Result<Config, Diagnostics>>,
    /// Recommendations by the revision of the file they were read from.
    pub(super) entries: HashMap<u64, CachedRecommendation>,
    pub(super) countries: HashMap<u64, (Option<Country>, Vec<Diagnostic>)>,
    pub(super) paragraphs: HashMap<String, CachedParagraph>,
    /// The recommendation files whose ids need a longer key than their
    /// slug, by path (see [`Recommendation::key`]).
    pub(super) keys: HashMap<String, String>,
}

/// One paragraph file's result, and the treaty it was checked against.
pub(super) struct CachedParagraph {
    pub(super) revision: u64,
    /// The country's treaty, against which the articles were checked.
    pub(super) treaty: Option<String>,
    pub(super) paragraph: Option<Paragraph>,
    pub(super) diags: Vec<Diagnostic>,
}

impl Cache {
    /// Checks one recommendation file read again, with the settings of the
    /// last [`validate_cached`](super::validate_cached) run; `None` if those settings were broken.
    pub fn recheck(
        &mut self,
        file: &ContentFile,
    ) -> Option<(Option<Arc<Recommendation>>, Vec<Diagnostic>)> {
        let Some(Ok(config)) = &self.parsed else {
            return None;
        };
        let key = self.keys.get(&file.path).cloned();
        let (rec, d) = check_recommendation(file, key.as_deref(), config, true, config.allow_html);
        self.entries.insert(
            file.revision,
            CachedRecommendation {
                rec: rec.clone(),
                diags: d.clone(),
                key,
            },
        );
        Some((rec, d))
    }
}
