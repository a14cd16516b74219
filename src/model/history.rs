//! Follow-up over time, in the model: a recommendation's assessments in
//! order (the site's current one included), each assessor's trail of
//! grades, whether it moved between its first and latest round, and where
//! the site's grade and another assessor's for the same round are at
//! different levels. Pages, data and feeds all read history from here.

use crate::check::validate::Date;
use crate::input::config::Grade;
use crate::input::scales::Level;
use crate::model::Site;
use serde::Serialize;

/// One grade given to a recommendation, as readers see it.
#[derive(Debug, Clone)]
pub struct Graded<'a> {
    pub round: u32,
    /// A key of `[assessors]`; `None` for the site's own.
    pub by: Option<&'a str>,
    /// Positions in the assessor's scale, best first (equal for one grade).
    pub low: usize,
    pub high: usize,
    /// The scale it was read on: its key; `None` for the site's own.
    pub scale: Option<&'a str>,
    pub date: Option<Date>,
    pub document: Option<&'a str>,
    pub url: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// The site's assessment of the latest round: the recommendation's own
    /// `grade` and `summary`.
    pub current: bool,
}

impl Graded<'_> {
    pub fn is_range(&self) -> bool {
        self.low != self.high
    }
}

/// How a recommendation's grade moved between an assessor's first and
/// latest rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Movement {
    Improved,
    Unchanged,
    Worsened,
    /// Ranges that overlap, or a grade that says no information was
    /// available: neither better nor worse can be said.
    Unclear,
}

impl Movement {
    pub const ALL: [Movement; 4] = [
        Movement::Improved,
        Movement::Unchanged,
        Movement::Worsened,
        Movement::Unclear,
    ];

    /// Its name in the data and the theme's strings key.
    pub fn name(self) -> &'static str {
        match self {
            Movement::Improved => "improved",
            Movement::Unchanged => "unchanged",
            Movement::Worsened => "worsened",
            Movement::Unclear => "unclear",
        }
    }
}

/// Every assessment of recommendation `ri`, by round, the site's own first
/// in each round; the current one is the site's in the country's latest round.
pub fn assessments(site: &Site, ri: usize) -> Vec<Graded<'_>> {
    let r = &site.recommendations[ri];
    let country = &site.countries[r.country].info;
    let latest = country.rounds.last();
    let mut all: Vec<Graded> = r
        .info
        .assessments
        .iter()
        .map(|a| {
            let round = country.rounds.iter().find(|x| x.number == a.round);
            // Another assessor's grades of a round the Committee evaluated
            // take the evaluation's date, document and address when they
            // leave them out.
            let evaluation = round
                .filter(|_| a.by.is_some())
                .map(|x| &x.procedure.evaluation);
            // The site's own earlier rounds are dated by the round.
            let date = a.date.or_else(|| match evaluation {
                Some(e) => e.date,
                None => round.and_then(|x| x.date),
            });
            let assessor = a.by.as_deref().and_then(|k| site.config.assessors.get(k));
            // By period, the grade is on the scale in force at its date.
            let (low, high) = a.reading(assessor, date).unwrap_or((a.low, a.high));
            Graded {
                round: a.round,
                by: a.by.as_deref(),
                low,
                high,
                scale: assessor.map(|x| x.periods[x.period_of(low)].scale.as_str()),
                date,
                document: a
                    .document
                    .as_deref()
                    .or_else(|| evaluation.and_then(|e| e.document.as_deref())),
                url: a
                    .url
                    .as_deref()
                    .or_else(|| evaluation.and_then(|e| e.url.as_deref())),
                summary: a.summary.as_deref(),
                current: false,
            }
        })
        .collect();
    // With `headline`, a site need not grade every recommendation itself.
    let Some(own) = r.info.own_grade else {
        all.sort_by(|a, b| (a.round, a.by).cmp(&(b.round, b.by)));
        return all;
    };
    all.push(Graded {
        round: latest.map_or(1, |x| x.number),
        by: None,
        low: own,
        high: own,
        scale: None,
        date: latest.and_then(|x| x.date).or(country.assessed),
        document: None,
        url: None,
        summary: r.info.summary.as_deref(),
        current: true,
    });
    all.sort_by(|a, b| (a.round, a.by).cmp(&(b.round, b.by)));
    all
}

/// Whether recommendation `ri` records more than the site's current grade.
pub fn has_history(site: &Site, ri: usize) -> bool {
    !site.recommendations[ri].info.assessments.is_empty()
}

/// The scale `by` grades with (the site's own for `None`).
pub fn scale<'s>(site: &'s Site, by: Option<&str>) -> &'s [Grade] {
    site.config.scale_of(by).unwrap_or(&[])
}

/// A grade as readers read it: "C2", or a range as "C2–D1".
pub fn code(site: &Site, g: &Graded) -> String {
    span_code(site, g.by, g.low, g.high)
}

/// The code of the grades `low..=high` of `by`'s scale: "C2", or "C2–D1".
pub fn span_code(site: &Site, by: Option<&str>, low: usize, high: usize) -> String {
    let grades = scale(site, by);
    let at = |i: usize| grades.get(i).map_or("?", |x| x.code.as_str());
    if low == high {
        at(low).to_string()
    } else {
        format!("{}\u{2013}{}", at(low), at(high))
    }
}

/// The labels of the grades `low..=high` of `by`'s scale, joined by " / ".
pub fn span_label(site: &Site, by: Option<&str>, low: usize, high: usize) -> String {
    let grades = scale(site, by);
    (low..=high)
        .filter_map(|i| grades.get(i).map(|x| x.label.as_str()))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The levels a grade spans; `None` when one of its grades has no level.
fn levels(site: &Site, g: &Graded) -> Option<Vec<Level>> {
    let grades = scale(site, g.by);
    (g.low..=g.high)
        .map(|i| grades.get(i).and_then(|x| x.level))
        .collect()
}

/// Each assessor's assessments of `all` (as [`assessments`] gives them),
/// the site's own first, then the others by key; each in round order.
pub fn trails<'a, 'g>(all: &'g [Graded<'a>]) -> Vec<(Option<&'a str>, Vec<&'g Graded<'a>>)> {
    let mut by: Vec<Option<&str>> = all.iter().map(|g| g.by).collect();
    by.sort();
    by.dedup();
    by.into_iter()
        .map(|who| (who, all.iter().filter(|g| g.by == who).collect()))
        .collect()
}

/// How a trail moved from its first to its latest grade; `None` for a
/// trail of one round.
pub fn movement(site: &Site, trail: &[&Graded]) -> Option<Movement> {
    let (first, last) = (trail.first()?, trail.last()?);
    if trail.len() < 2 {
        return None;
    }
    let no_information =
        |g: &Graded| levels(site, g).is_some_and(|l| l.contains(&Level::NoInformation));
    Some(if no_information(first) || no_information(last) {
        Movement::Unclear
    } else if first.scale != last.scale {
        // Across a change of scale, positions mean nothing: levels do.
        by_level(levels(site, first), levels(site, last))
    } else if (first.low, first.high) == (last.low, last.high) {
        Movement::Unchanged
    } else if last.high < first.low {
        // Scales run from best to worst.
        Movement::Improved
    } else if last.low > first.high {
        Movement::Worsened
    } else {
        Movement::Unclear
    })
}

/// How grades at levels `first` and `last` moved (levels run from best to
/// worst); unclear if one has a grade without a level, or they overlap.
fn by_level(first: Option<Vec<Level>>, last: Option<Vec<Level>>) -> Movement {
    let (Some(first), Some(last)) = (first, last) else {
        return Movement::Unclear;
    };
    let span = |l: &[Level]| (l.iter().min().copied(), l.iter().max().copied());
    let ((first_best, first_worst), (last_best, last_worst)) = (span(&first), span(&last));
    if (first_best, first_worst) == (last_best, last_worst) && first_best == first_worst {
        Movement::Unchanged
    } else if last_worst < first_best {
        Movement::Improved
    } else if last_best > first_worst {
        Movement::Worsened
    } else {
        Movement::Unclear
    }
}

/// The rounds in which another assessor's grade is at different levels
/// from the site's own: (round, the other's assessment, the site's).
/// Grades without a level are not compared.
pub fn disagreements<'a, 'g>(
    site: &Site,
    all: &'g [Graded<'a>],
) -> Vec<(&'g Graded<'a>, &'g Graded<'a>)> {
    let mut out = Vec::new();
    for own in all.iter().filter(|g| g.by.is_none()) {
        let Some(own_levels) = levels(site, own) else {
            continue;
        };
        for other in all
            .iter()
            .filter(|g| g.by.is_some() && g.round == own.round)
        {
            if let Some(theirs) = levels(site, other)
                && !theirs.iter().any(|l| own_levels.contains(l))
            {
                out.push((other, own));
            }
        }
    }
    out
}

/// Each assessor's latest assessment of recommendation `ri`, other than the
/// site's own: what `/grades/<assessor>/<code>/` list.
pub fn latest_by_others(site: &Site, ri: usize) -> Vec<Graded<'_>> {
    let mut latest: Vec<Graded> = Vec::new();
    for g in assessments(site, ri).into_iter().filter(|g| g.by.is_some()) {
        match latest.iter_mut().find(|l| l.by == g.by) {
            Some(l) => *l = g,
            None => latest.push(g),
        }
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graded(low: usize, high: usize) -> Graded<'static> {
        Graded {
            round: 1,
            by: None,
            low,
            high,
            scale: None,
            date: None,
            document: None,
            url: None,
            summary: None,
            current: false,
        }
    }

    #[test]
    fn trails_group_by_assessor_own_first() {
        let mut a = graded(1, 1);
        a.by = Some("committee");
        let b = graded(2, 2);
        let all = [a, b];
        let t = trails(&all);
        assert_eq!(t[0].0, None);
        assert_eq!(t[1].0, Some("committee"));
    }
}
