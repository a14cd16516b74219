//! Views of follow-up over time: a recommendation's assessments as its page
//! shows them, the trails and disagreement mark its card shows, the
//! movement counts of a country and of the progress page, and other
//! assessors' grades. Every value here is read from [`crate::model::history`].

use super::{DateView, Views, ctx, date_view, tone, tr};
use crate::model::history::{self, Graded, Movement};
use serde::Serialize;
use std::collections::BTreeMap;

/// A grade as an assessment shows it: its code (a range as "C2–D1"), the
/// label of each grade it spans, and the page that lists it.
#[derive(Serialize)]
pub struct GradedView {
    pub code: String,
    label: String,
    tone: &'static str,
    url: Option<String>,
    range: bool,
    /// On another language's pages, the language of another assessor's
    /// grade labels (its scale is not translated): for a `lang` attribute.
    lang: Option<String>,
}

/// How many of a set of trails moved each way.
#[derive(Serialize, Default, Clone, Copy, PartialEq)]
pub struct MovementCounts {
    improved: usize,
    unchanged: usize,
    worsened: usize,
    unclear: usize,
    total: usize,
}

impl MovementCounts {
    fn add(&mut self, m: Movement) {
        match m {
            Movement::Improved => self.improved += 1,
            Movement::Unchanged => self.unchanged += 1,
            Movement::Worsened => self.worsened += 1,
            Movement::Unclear => self.unclear += 1,
        }
        self.total += 1;
    }
}

/// An assessor's movements: how many each way, and which recommendations.
type Moved = (MovementCounts, BTreeMap<Movement, Vec<usize>>);

/// One recommendation's trail on the progress page.
#[derive(Serialize)]
struct MovedRow {
    reference: String,
    url: String,
    country: String,
    text: String,
    trail: String,
}

impl Views<'_> {
    /// Who graded: the site's own assessor for `None`.
    pub fn assessor_name<'s>(&'s self, by: Option<&'s str>) -> &'s str {
        let config = &self.site.config;
        match by {
            None => config.own_assessor(),
            Some(key) => config.assessors.get(key).map_or(key, |a| a.name.as_str()),
        }
    }

    /// The page that lists grade position `g` of `by`'s scale, if any.
    fn graded_url(&self, by: Option<&str>, g: usize) -> Option<String> {
        let path = match by {
            // With `headline`, the grade pages are the headline's: the
            // site's own grades have none.
            None if self.site.config.own_grades.is_some() => None,
            None => self.site.grades.get(g).map(|e| e.path.as_str()),
            Some(key) => self
                .site
                .assessors
                .iter()
                .find(|a| a.key == key)
                .and_then(|a| a.grades.iter().find(|e| e.grade == g))
                .map(|e| e.path.as_str()),
        };
        path.map(|p| self.url(p))
    }

    /// A grade or range of `by`'s scale.
    pub fn graded(&self, by: Option<&str>, low: usize, high: usize) -> GradedView {
        let scale = history::scale(self.site, by);
        GradedView {
            code: history::span_code(self.site, by, low, high),
            label: history::span_label(self.site, by, low, high),
            tone: scale.get(low).map_or("none", tone),
            url: self.graded_url(by, low),
            range: low != high,
            lang: by
                .filter(|&key| !self.labels_translated(key, low, high))
                .and(self.site.config.source_language.clone()),
        }
    }

    /// Whether the labels of grades `low..=high` of assessor `key`'s scale
    /// are in the pages' language (always, on the main language's).
    fn labels_translated(&self, key: &str, low: usize, high: usize) -> bool {
        let config = &self.site.config;
        let Some(assessor) = config.assessors.get(key) else {
            return true;
        };
        let grades = history::scale(self.site, Some(key));
        (low..=high).all(|g| {
            // By period, each grade's labels are those of its own scale.
            let scale = &assessor.periods[assessor.period_of(g)].scale;
            grades
                .get(g)
                .is_none_or(|grade| config.scale_label_translated(scale, &grade.code))
        })
    }

    /// Whether assessor `key`'s name, or its grade `low..=high`, is shown
    /// in the main language for want of a translation.
    pub fn assessor_untranslated(&self, key: &str, low: usize, high: usize) -> bool {
        !self.site.config.assessor_translated(key) || !self.labels_translated(key, low, high)
    }

    /// Each assessor's grades as a trail, "C → B2", with how it moved.
    fn trail_text(&self, trail: &[&Graded]) -> String {
        trail
            .iter()
            .map(|g| history::code(self.site, g))
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// What a card shows of a recommendation's history: each assessor's
    /// trail, and whether another assessor graded a round at a different
    /// level. `None` for a recommendation with no history, whose card is
    /// as it always was.
    pub(super) fn card_history(&self, ri: usize) -> Option<minijinja::Value> {
        if !history::has_history(self.site, ri) {
            return None;
        }
        let all = history::assessments(self.site, ri);
        let trails: Vec<minijinja::Value> = history::trails(&all)
            .into_iter()
            .map(|(by, trail)| {
                ctx! {
                    assessor => self.assessor_name(by),
                    own => by.is_none(),
                    text => self.trail_text(&trail),
                    movement => history::movement(self.site, &trail).map(Movement::name),
                }
            })
            .collect();
        Some(ctx! {
            trails => trails,
            disagrees => !history::disagreements(self.site, &all).is_empty(),
        })
    }

    /// All that a recommendation's page shows of its history: every
    /// assessment, and each disagreement in words.
    pub(super) fn full_history(&self, ri: usize) -> Option<minijinja::Value> {
        if !history::has_history(self.site, ri) {
            return None;
        }
        let strings = tr(self);
        let all = history::assessments(self.site, ri);
        let country = &self.site.countries[self.site.recommendations[ri].country].info;
        let rows: Vec<minijinja::Value> = all
            .iter()
            .map(|g| {
                let date: Option<DateView> = date_view(g.date, strings);
                ctx! {
                    round => g.round,
                    reply => country.rounds.iter().find(|r| r.number == g.round).and_then(|r| r.reply()),
                    assessor => self.assessor_name(g.by),
                    own => g.by.is_none(),
                    current => g.current,
                    grade => self.graded(g.by, g.low, g.high),
                    date => date,
                    document => g.document,
                    url => g.url,
                    summary => g.summary,
                }
            })
            .collect();
        let disagreements: Vec<String> = history::disagreements(self.site, &all)
            .into_iter()
            .map(|(theirs, own)| {
                let (t, o) = (
                    self.graded(theirs.by, theirs.low, theirs.high),
                    self.graded(None, own.low, own.high),
                );
                strings.fmt(
                    "disagreement",
                    &[
                        ("round", &theirs.round.to_string()),
                        ("assessor", self.assessor_name(theirs.by)),
                        ("theirs", &t.code),
                        ("theirs_label", &t.label),
                        ("own", &o.code),
                        ("own_label", &o.label),
                    ],
                )
            })
            .collect();
        // Other assessors' names and labels shown in the main language:
        // said once.
        let untranslated = all.iter().any(|g| {
            g.by.is_some_and(|key| self.assessor_untranslated(key, g.low, g.high))
        });
        Some(ctx! {
            assessments => rows,
            disagreements => disagreements,
            labels_notice => self.labels_notice(untranslated),
        })
    }

    /// The movements of the recommendations `recs`, by assessor (the
    /// site's own first): `(assessor, counts, rows by movement)`.
    fn movements(&self, recs: impl Iterator<Item = usize>) -> BTreeMap<Option<&str>, Moved> {
        let mut out: BTreeMap<Option<&str>, Moved> = BTreeMap::new();
        for ri in recs.filter(|&ri| history::has_history(self.site, ri)) {
            let all = history::assessments(self.site, ri);
            for (by, trail) in history::trails(&all) {
                if let Some(m) = history::movement(self.site, &trail) {
                    let entry = out.entry(by).or_default();
                    entry.0.add(m);
                    entry.1.entry(m).or_default().push(ri);
                }
            }
        }
        out
    }

    /// What a country's page sums up: for each assessor, how many of its
    /// recommendations improved, stayed, worsened. Empty without history.
    pub(super) fn country_progress(&self, ci: usize) -> Vec<minijinja::Value> {
        let recs = self.site.countries[ci].recommendations.clone();
        self.movements(recs)
            .into_iter()
            .map(|(by, (counts, _))| {
                let mut args: Vec<(&str, String)> = Movement::ALL
                    .iter()
                    .map(|m| (m.name(), count_of(&counts, *m).to_string()))
                    .collect();
                args.push(("assessor", self.assessor_name(by).to_string()));
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                ctx! {
                    assessor => self.assessor_name(by),
                    counts => counts,
                    text => tr(self).fmt("progress_summary", &args),
                }
            })
            .collect()
    }

    /// The progress page: for each assessor, its counts, the same by
    /// country, and the recommendations that moved each way.
    pub fn progress(&self) -> Vec<minijinja::Value> {
        let site = self.site;
        let all = self.movements(0..site.recommendations.len());
        all.into_iter()
            .map(|(by, (counts, rows))| {
                let mut countries: Vec<(usize, MovementCounts)> = Vec::new();
                for (m, recs) in &rows {
                    for &ri in recs {
                        let ci = site.recommendations[ri].country;
                        match countries.iter_mut().find(|(c, _)| *c == ci) {
                            Some((_, counts)) => counts.add(*m),
                            None => {
                                let mut counts = MovementCounts::default();
                                counts.add(*m);
                                countries.push((ci, counts));
                            }
                        }
                    }
                }
                countries.sort_by_key(|(ci, _)| *ci);
                let countries: Vec<minijinja::Value> = countries
                    .into_iter()
                    .map(|(ci, counts)| {
                        let c = &site.countries[ci];
                        ctx! { name => &c.info.name, url => self.url(&c.path), counts => counts }
                    })
                    .collect();
                let groups: Vec<minijinja::Value> = rows
                    .into_iter()
                    .map(|(m, mut recs)| {
                        recs.sort_unstable();
                        let moved: Vec<MovedRow> =
                            recs.into_iter().map(|ri| self.moved_row(ri, by)).collect();
                        ctx! { movement => m.name(), label => tr(self).get(m.name()), recommendations => moved }
                    })
                    .collect();
                ctx! {
                    assessor => self.assessor_name(by),
                    slug => by.map_or("own".to_string(), crate::input::config::slugify),
                    counts => counts,
                    countries => countries,
                    groups => groups,
                }
            })
            .collect()
    }

    fn moved_row(&self, ri: usize, by: Option<&str>) -> MovedRow {
        let card = self.card_of(ri);
        let all = history::assessments(self.site, ri);
        let trail: Vec<&Graded> = all.iter().filter(|g| g.by == by).collect();
        MovedRow {
            reference: card.reference.clone(),
            url: card.url.clone(),
            country: card.country.to_string(),
            text: card.text.to_string(),
            trail: self.trail_text(&trail),
        }
    }

    /// The recommendations on one page of another assessor's grade list,
    /// each with that assessor's latest grade (a range marked as such).
    pub fn assessor_rows(&self, key: &str, recs: &[usize]) -> Vec<minijinja::Value> {
        recs.iter()
            .map(|&ri| {
                let latest = history::latest_by_others(self.site, ri);
                let theirs = latest
                    .iter()
                    .find(|g| g.by == Some(key))
                    .map(|g| self.graded(g.by, g.low, g.high));
                ctx! { theirs => theirs, ..self.card(ri) }
            })
            .collect()
    }

    /// On another language's pages, the notice that other assessors' grade
    /// labels are shown in the main language, when `shown`.
    pub fn labels_notice(&self, shown: bool) -> Option<String> {
        let source = self.site.config.source_language.as_deref()?;
        shown.then(|| {
            tr(self).fmt(
                "not_translated",
                &[("language", super::language_name(source))],
            )
        })
    }

    /// Each other assessor's latest grades, a range counted once as its
    /// own share: what the grades page shows beside the site's own.
    pub fn assessor_counts(&self) -> Vec<minijinja::Value> {
        self.site
            .assessors
            .iter()
            .map(|a| {
                let total: usize = a.spans.iter().map(|(_, n)| n).sum();
                let spans: Vec<minijinja::Value> = a
                    .spans
                    .iter()
                    .map(|&((low, high), count)| {
                        ctx! {
                            grade => self.graded(Some(&a.key), low, high),
                            count => count,
                            percent => (count * 100 + total / 2).checked_div(total).unwrap_or(0),
                        }
                    })
                    .collect();
                ctx! {
                    assessor => self.assessor_name(Some(&a.key)),
                    key => &a.key,
                    total => total,
                    spans => spans,
                }
            })
            .collect()
    }
}

fn count_of(c: &MovementCounts, m: Movement) -> usize {
    match m {
        Movement::Improved => c.improved,
        Movement::Unchanged => c.unchanged,
        Movement::Worsened => c.worsened,
        Movement::Unclear => c.unclear,
    }
}
