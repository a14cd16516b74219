//! The preview's fast path: recommendations edited in ways that leave
//! them where they are, applied to the model in place. Only the pages
//! that show them ([`PageSpec::showing`]) are compared with what is
//! served, by their fingerprints, and rendered if they differ.

use super::{Rebuild, Session};
use crate::base::diagnostics::Diagnostics;
use crate::base::output::{Contents, OutputFile};
use crate::check::validate;
use crate::input::load;
use crate::model::Site;
use crate::preview::fingerprint::Fingerprints;
use crate::preview::plan;
use crate::preview::session::Served;
use crate::render::Renderer;
use crate::render::pages::{self, PageSpec};
use crate::render::theme::Theme;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

/// Puts the new readings `recs` of recommendations of `site` in place, and
/// renders the pages that show them and changed: the in-place edit of one
/// language's site, the main one's and each other's alike. `prints` are
/// the fingerprints of that language's pages, brought up to date.
fn in_place(
    site: &mut Site,
    compiled: (&Theme, &minijinja::Environment<'static>),
    prints: &mut Fingerprints,
    recs: Vec<(usize, Arc<validate::Recommendation>)>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let (theme, env) = compiled;
    let edited: Vec<usize> = recs.iter().map(|(ri, _)| *ri).collect();
    let mut candidates = BTreeSet::new();
    for &ri in &edited {
        candidates.extend(PageSpec::showing(site, ri));
    }
    let candidates: Vec<PageSpec> = candidates.into_iter().collect();
    let cited_before: Vec<_> = {
        let old = Renderer::new(site, theme, env);
        edited.iter().map(|&ri| old.views().cited(ri)).collect()
    };
    for (ri, rec) in recs {
        site.replace_recommendation(ri, rec);
    }
    let renderer = Renderer::new(site, theme, env);
    let mut pages = plan::changed(&renderer, prints, &candidates);
    let cited_after = edited.iter().map(|&ri| renderer.views().cited(ri));
    if !cited_before.into_iter().eq(cited_after) {
        pages.push(pages::Sources.into());
    }
    pages.sort();
    let (files, rendered) = plan::render(&renderer, &pages)?;
    prints.extend(rendered);
    Ok(files)
}

impl Session {
    /// The common case, fast at any size: one or more recommendations edited
    /// in ways that leave them in place (the body, footnotes, sources, the
    /// Committee's text, the overview). Their new readings replace the old
    /// ones in the model and only the pages showing them are rendered.
    /// Anything else (a new grade, order or file, an error) returns `None`,
    /// for a rebuild.
    pub(super) fn edit_in_place(&mut self, changed: &[String], start: Instant) -> Option<Rebuild> {
        if self.errors.has_errors() {
            return None;
        }
        let site = self.site.as_ref()?;
        if self.lang_envs.len() != site.translations.len() {
            return None;
        }
        let mut edits = Vec::new();
        for name in changed {
            let file = self.loaded.files.get(name)?;
            if !matches!(file.kind, load::FileKind::Recommendation { .. }) {
                return None;
            }
            let ri = site
                .recommendations
                .iter()
                .position(|r| &r.info.file == name)?;
            edits.push((ri, file));
        }
        let mut checked = Vec::new();
        for (ri, file) in edits {
            let (rec, diags) = self.cache.recheck(file)?;
            let rec = rec.filter(|_| !diags.iter().any(|d| d.is_error()))?;
            let old = &site.recommendations[ri].info;
            // Its grades over time are counted on the progress and grade
            // pages, beyond the pages that show it: a change there rebuilds.
            let same_place = rec.grade == old.grade
                && rec.order == old.order
                && rec.reference == old.reference
                && rec.slug == old.slug
                && rec.assessments == old.assessments;
            if !same_place {
                return None;
            }
            checked.push((ri, rec, diags));
        }

        self.version += 1;
        // While the background publisher holds the site, rebuild instead.
        let compiled = self.theme.clone()?;
        let (theme, env) = (&compiled.0, &compiled.1);
        let site = self.site.as_mut().and_then(Arc::get_mut)?;
        let edited: Vec<usize> = checked.iter().map(|(ri, _, _)| *ri).collect();
        let mut recs = Vec::with_capacity(checked.len());
        for (ri, rec, diags) in checked {
            // This file's warnings replace its old ones, but for what its
            // paragraph says of it, which an edit in place leaves as it was.
            self.warnings.0.retain(|d| {
                d.file != rec.file || d.kind == crate::base::diagnostics::Kind::MixedReference
            });
            self.warnings.extend(diags);
            recs.push((ri, rec));
        }
        self.warnings.sort();
        self.prints
            .resize_with(1 + self.lang_envs.len(), Default::default);
        let (main_prints, lang_prints) = self.prints.split_at_mut(1);
        let main_rendered = in_place(site, (theme, env), &mut main_prints[0], recs);
        let translated = {
            // Each other language shows the edited texts where they are not
            // translated: its copies of the recommendations are made again
            // and its pages that show them compared, as the main one's.
            let Site {
                translations,
                texts,
                recommendations,
                ..
            } = &mut *site;
            let mut files = Vec::new();
            let mut failed = None;
            let languages = translations.iter_mut().zip(&self.lang_envs);
            for ((t, env), prints) in languages.zip(lang_prints) {
                let recs = edited
                    .iter()
                    .map(|&ri| {
                        let own = texts.translate(&t.config.language, &recommendations[ri].info);
                        (ri, Arc::new(own))
                    })
                    .collect();
                let prefix = t.config.output_prefix();
                match in_place(t, (theme, env), prints, recs) {
                    Ok(made) => files.extend(
                        made.into_iter()
                            .map(|f| (format!("{prefix}{}", f.path), f.contents)),
                    ),
                    Err(e) => failed = Some(e),
                }
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(files),
            }
        };
        let rendered = match main_rendered.and_then(|r| translated.map(|t| (r, t))) {
            Ok((r, translated)) => {
                let mut r: Vec<(String, Contents)> =
                    r.into_iter().map(|f| (f.path, f.contents)).collect();
                r.extend(translated);
                r
            }
            Err(errors) => {
                self.errors = errors.clone();
                return Some(Rebuild {
                    changed: changed.to_vec(),
                    pages_rendered: 0,
                    elapsed: start.elapsed(),
                    css_only: false,
                    errors,
                    warnings: Diagnostics::default(),
                    stages: Vec::new(),
                    pages: None,
                });
            }
        };
        let count = rendered.len();
        for (path, contents) in rendered {
            if let Contents::Bytes(b) = contents {
                self.files.insert(path, Served::Bytes(b.into()));
            }
        }
        self.unseen.clear();
        Some(Rebuild {
            warnings: self.warnings_of(changed),
            changed: changed.to_vec(),
            pages_rendered: count,
            elapsed: start.elapsed(),
            css_only: false,
            errors: Diagnostics::default(),
            stages: vec![("in place", start.elapsed())],
            pages: None,
        })
    }
}
