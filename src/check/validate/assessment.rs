//! Follow-up over time, as dossiers write it: a country's `[[rounds]]` and
//! a recommendation's `[[assessments]]` (the site's earlier rounds and other
//! assessors' grades), each checked against the settings, and, once the
//! country is known, against the rounds it lists.

use super::date::{Date, read_date};
use super::front::{Parsed, checked_url, text};
use super::grade::{Scale, grade_error, read_grade};
use super::procedure::{Procedure, RawRound, check_procedure};
use crate::base::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::input::config::Config;
use crate::input::scales::Assessor;
use crate::input::scales::Period;
use serde::Deserialize;
use toml::Spanned;

/// One round of a country's follow-up: the procedure (the State's
/// replies, the Committee's evaluation) and this site's grading of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub number: u32,
    /// The site's own assessment of this round.
    pub date: Option<Date>,
    pub procedure: Procedure,
}

impl Round {
    /// The State's first reply of the round (a document symbol).
    pub fn reply(&self) -> Option<&str> {
        self.procedure.replies.first().map(|r| r.document.as_str())
    }
}

/// One grade given to a recommendation: by the site in an earlier round, or
/// by another assessor.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub round: u32,
    /// A key of `[assessors]`; `None` for the site's own assessor.
    pub by: Option<String>,
    /// Positions in the assessor's scale of the lowest and highest grade it
    /// spans, best first: equal for one grade, apart for a range ("C2–D1").
    pub low: usize,
    pub high: usize,
    pub date: Option<Date>,
    pub document: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    /// Where its `round` is written in the file, for the messages that can
    /// only be given once the country's rounds are known.
    pub round_at: usize,
    /// For an assessor that graded by period, an assessment dated only by
    /// its round's evaluation: the grade read on each period's scale
    /// (positions in the assessor's grade list), the one in force at the
    /// evaluation's date to be taken once the rounds are known. Empty
    /// otherwise: `low` and `high` are the grade.
    pub readings: Vec<Option<(usize, usize)>>,
    /// The grade as written, and where, for the messages about it.
    pub grade: String,
    pub grade_at: usize,
}

impl Assessment {
    /// The grade on the scale in force at `date` (for a grade read by
    /// period, once its date is known): `None` if it is not a grade of
    /// that scale, or the date is after the last period.
    pub fn reading(
        &self,
        assessor: Option<&Assessor>,
        date: Option<Date>,
    ) -> Option<(usize, usize)> {
        if self.readings.is_empty() {
            return Some((self.low, self.high));
        }
        let period = assessor?.period_at(&date?.iso())?;
        self.readings.get(period).copied().flatten()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAssessment {
    round: Spanned<i64>,
    by: Option<Spanned<String>>,
    grade: Spanned<String>,
    date: Option<Spanned<toml::value::Datetime>>,
    document: Option<String>,
    url: Option<String>,
    summary: Option<String>,
}

/// A round number as written: a whole number of 1 or more.
fn round_number<T>(
    p: &Parsed<'_, T>,
    round: &Spanned<i64>,
    d: &mut Vec<Diagnostic>,
) -> Option<u32> {
    match u32::try_from(*round.get_ref()) {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            d.push(
                p.error_at(
                    round.span().start,
                    format!("round {} cannot be used", round.get_ref()),
                )
                .help("rounds are numbered from 1: round = 1 for the first reply, 2 for the next"),
            );
            None
        }
    }
}

/// A country's rounds, in order. Without `[[rounds]]`, a dossier has one
/// round, dated by `assessed`.
pub(super) fn check_rounds<T>(
    p: &Parsed<'_, T>,
    raw: &[RawRound],
    assessed: Option<Date>,
    adopted: Option<Date>,
    allow_html: bool,
    d: &mut Vec<Diagnostic>,
) -> Vec<Round> {
    if raw.is_empty() {
        return vec![Round {
            number: 1,
            date: assessed,
            procedure: Procedure::default(),
        }];
    }
    let mut rounds: Vec<Round> = Vec::new();
    for r in raw {
        let Some(number) = round_number(p, &r.round, d) else {
            continue;
        };
        if rounds.iter().any(|o| o.number == number) {
            d.push(
                p.error_at(
                    r.round.span().start,
                    format!("round {number} is listed twice"),
                )
                .help("each [[rounds]] table has its own number: delete one or renumber it"),
            );
            continue;
        }
        rounds.push(Round {
            number,
            date: read_date(p, "date", &r.date, d),
            procedure: check_procedure(p, r, adopted, allow_html, d),
        });
    }
    rounds.sort_by_key(|r| r.number);
    rounds
}

/// A recommendation's `[[assessments]]`, in order of round, the site's own
/// first in each round. With broken settings (`config_ok` false) the
/// assessors and scales are unknown, and nothing that needs them is said.
pub(super) fn check_assessments<'c, T>(
    p: &Parsed<'_, T>,
    raw: &[RawAssessment],
    config: &'c Config,
    config_ok: bool,
    d: &mut Vec<Diagnostic>,
) -> Vec<Assessment> {
    let mut out: Vec<Assessment> = Vec::new();
    for a in raw {
        let round = round_number(p, &a.round, d);
        let by = a.by.as_ref().map(|b| b.get_ref().trim().to_string());
        let date = read_date(p, "date", &a.date, d);
        let assessor = by.as_ref().and_then(|key| config.assessors.get(key));
        if let (Some(key), None) = (&by, assessor)
            && config_ok
        {
            let at = a.by.as_ref().map_or(0, |b| b.span().start);
            d.push(unknown_assessor(p, at, key, config));
        }
        let read = |scale: Scale<'_>, d: &mut Vec<Diagnostic>, offset: usize| match read_grade(
            a.grade.get_ref(),
            scale,
            config,
        ) {
            Ok((low, high)) => Some((low + offset, high + offset)),
            Err(problem) => {
                if config_ok {
                    d.push(grade_error(p, a.grade.span(), problem));
                }
                None
            }
        };
        let mut readings = Vec::new();
        let grade = match (&by, assessor) {
            (None, _) => read(
                Scale {
                    grades: &config.grades,
                    of: None,
                },
                d,
                0,
            ),
            (Some(_), None) => None,
            (Some(key), Some(assessor)) if assessor.by_period() => {
                let scale_of = |period: &'c Period| Scale {
                    grades: config.scales.get(&period.scale).map_or(&[], Vec::as_slice),
                    of: Some((key.as_str(), period.scale.as_str())),
                };
                match date {
                    // Dated: read on the scale in force that day.
                    Some(day) => match assessor.period_at(&day.iso()) {
                        Some(i) => {
                            let period = &assessor.periods[i];
                            read(scale_of(period), d, period.offset)
                        }
                        None => {
                            let at = a.date.as_ref().map_or(0, |x| x.span().start);
                            d.push(after_last_period(p.error_at(at, ""), key, assessor, day));
                            None
                        }
                    },
                    // Dated by its round's evaluation, known later: read on
                    // every scale, and said wrong now only if none reads it.
                    None => {
                        readings = assessor
                            .periods
                            .iter()
                            .map(|period| {
                                locate_quietly(a.grade.get_ref(), scale_of(period), config)
                                    .map(|(l, h)| (l + period.offset, h + period.offset))
                            })
                            .collect();
                        match readings.iter().flatten().next() {
                            Some(&first) => Some(first),
                            None => {
                                let last = assessor.periods.last().map(scale_of);
                                last.and_then(|scale| read(scale, d, 0))
                            }
                        }
                    }
                }
            }
            (Some(key), Some(assessor)) => config.scale_of(Some(key)).and_then(|grades| {
                read(
                    Scale {
                        grades,
                        of: Some((key.as_str(), assessor.scale.as_str())),
                    },
                    d,
                    0,
                )
            }),
        };
        let url = checked_url(p, "the url", &a.url, d);
        let (Some(round), Some((low, high))) = (round, grade) else {
            continue;
        };
        if out.iter().any(|o| o.round == round && o.by == by) {
            let who = by
                .as_deref()
                .map_or("the site's own assessor".to_string(), |k| format!("{k:?}"));
            d.push(
                p.error_at(a.round.span().start, format!("round {round} by {who} is assessed twice"))
                    .help("each assessor grades a round once: delete one of the two [[assessments]] or correct its round"),
            );
            continue;
        }
        out.push(Assessment {
            round,
            by,
            low,
            high,
            date,
            document: text(&a.document),
            url,
            summary: text(&a.summary),
            round_at: p.offset_of(a.round.span().start),
            readings,
            grade: a.grade.get_ref().clone(),
            grade_at: p.offset_of(a.grade.span().start),
        });
    }
    out.sort_by(|a, b| (a.round, &a.by).cmp(&(b.round, &b.by)));
    out
}

/// The grade `code` on `scale`, if it is one; nothing said if not.
fn locate_quietly(code: &str, scale: Scale<'_>, config: &Config) -> Option<(usize, usize)> {
    read_grade(code, scale, config).ok()
}

/// Said of an assessment dated after the end of its assessor's last
/// period, when that period is closed (`diagnostic` says where).
fn after_last_period(
    diagnostic: Diagnostic,
    key: &str,
    assessor: &Assessor,
    day: Date,
) -> Diagnostic {
    let last = assessor.periods.last();
    let (scale, until) = last.map_or(("", ""), |p| {
        (p.scale.as_str(), p.until.as_deref().unwrap_or(""))
    });
    Diagnostic {
        message: format!(
            "the assessment by {key:?} is dated {}, after the end of its last scale ({scale}, until {until})",
            day.iso()
        ),
        ..diagnostic
    }
    .help(format!(
        "correct the date, or add the scale {key:?} used since to its `scales` in followup.toml, like {{ scale = \"hrc-2016\" }} (the last period may stay open)"
    ))
}

fn unknown_assessor<T>(p: &Parsed<'_, T>, at: usize, key: &str, config: &Config) -> Diagnostic {
    let known: Vec<&str> = config.assessors.keys().map(String::as_str).collect();
    let help = match closest(key, known.iter().copied()) {
        Some(close) => format!(
            "did you mean \"{close}\"? The assessors in followup.toml are: {}",
            known.join(", ")
        ),
        None if known.is_empty() => format!(
            "describe it in followup.toml under [assessors.{key}] (name and scale), or leave `by` out for the site's own grades"
        ),
        None => format!(
            "use one of {}, describe it under [assessors.{key}], or leave `by` out for the site's own grades",
            known.join(", ")
        ),
    };
    p.error_at(at, format!("unknown assessor {key:?}"))
        .help(help)
}

/// What can be checked only with the country at hand: that each
/// assessment's round is one the country lists, and that the site's own
/// earlier rounds are earlier than the one `grade` speaks for (its latest).
pub(super) fn check_against_country(
    config: &Config,
    rounds: &[Round],
    country_file: &str,
    rec_file: &str,
    rec_text: &str,
    assessments: &[Assessment],
    diags: &mut Diagnostics,
) {
    let latest = rounds.last().map_or(1, |r| r.number);
    let listed = rounds
        .iter()
        .map(|r| r.number.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    for a in assessments {
        if !rounds.iter().any(|r| r.number == a.round) {
            diags.push(
                Diagnostic::error(rec_file, format!("round {} is not one of the country's rounds ({listed})", a.round))
                    .at(rec_text, a.round_at)
                    .help(format!(
                        "list it in {country_file} as [[rounds]] with round = {} and its date, or correct the round",
                        a.round
                    )),
            );
        } else if let Some(key) = &a.by
            && a.date.is_none()
            && rounds
                .iter()
                .find(|r| r.number == a.round)
                .is_none_or(|r| r.procedure.evaluation.date.is_none())
        {
            // Another assessor's grades are dated by their own publication,
            // or by the evaluation the round records.
            diags.push(
                Diagnostic::error(rec_file, format!("the assessment by {key:?} has no date"))
                    .at(rec_text, a.round_at)
                    .help(format!(
                        "add the day it was published, like date = 2013-03-28, or give round {} its evaluation date in {country_file} (evaluated = …)",
                        a.round
                    )),
            );
        } else if !a.readings.is_empty()
            && let Some(key) = &a.by
            && let Some(assessor) = config.assessors.get(key)
            && let Some(day) = rounds
                .iter()
                .find(|r| r.number == a.round)
                .and_then(|r| r.procedure.evaluation.date)
            && a.reading(Some(assessor), Some(day)).is_none()
        {
            // Dated by its round's evaluation: read on the scale in force then.
            let at = Diagnostic::error(rec_file, "").at(rec_text, a.grade_at);
            diags.push(match assessor.period_at(&day.iso()) {
                None => after_last_period(at, key, assessor, day),
                Some(i) => {
                    let scale = &assessor.periods[i].scale;
                    let codes: Vec<&str> = config
                        .scales
                        .get(scale)
                        .into_iter()
                        .flatten()
                        .map(|g| g.code.as_str())
                        .collect();
                    Diagnostic {
                        message: format!(
                            "grade {:?} is not in the scale of {key:?} in force on {} ({scale})",
                            a.grade,
                            day.iso()
                        ),
                        ..at
                    }
                    .help(format!(
                        "round {} was evaluated on {}: use one of the grades of {scale}: {}",
                        a.round,
                        day.iso(),
                        codes.join(", ")
                    ))
                }
            });
        } else if a.by.is_none() && a.round == latest {
            diags.push(
                Diagnostic::error(rec_file, format!("round {} by the site's own assessor is assessed twice", a.round))
                    .at(rec_text, a.round_at)
                    .help(format!(
                        "`grade` and `summary` are the site's assessment of the latest round, {latest}; [[assessments]] without `by` are for earlier rounds"
                    )),
            );
        }
    }
}
