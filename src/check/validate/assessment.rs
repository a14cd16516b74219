//! Follow-up over time, as dossiers write it: a country's `[[rounds]]` and
//! a recommendation's `[[assessments]]` (the site's earlier rounds and other
//! assessors' grades), each checked against the settings, and, once the
//! country is known, against the rounds it lists.

use super::date::{Date, read_date};
use super::front::Parsed;
use super::grade::{Scale, grade_error, read_grade};
use super::procedure::{Procedure, RawRound, check_procedure};
use crate::base::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::input::config::Config;
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
pub(super) fn check_assessments<T>(
    p: &Parsed<'_, T>,
    raw: &[RawAssessment],
    config: &Config,
    config_ok: bool,
    d: &mut Vec<Diagnostic>,
) -> Vec<Assessment> {
    let mut out: Vec<Assessment> = Vec::new();
    for a in raw {
        let round = round_number(p, &a.round, d);
        let by = a.by.as_ref().map(|b| b.get_ref().trim().to_string());
        let scale = match &by {
            None => Some(Scale {
                grades: &config.grades,
                of: None,
            }),
            Some(key) => match config.assessors.get(key) {
                Some(assessor) => config.scale_of(Some(key)).map(|grades| Scale {
                    grades,
                    of: Some((key.as_str(), assessor.scale.as_str())),
                }),
                None => {
                    if config_ok {
                        let at = a.by.as_ref().map_or(0, |b| b.span().start);
                        d.push(unknown_assessor(p, at, key, config));
                    }
                    None
                }
            },
        };
        let grade = scale.and_then(|scale| match read_grade(a.grade.get_ref(), scale, config) {
            Ok(span) => Some(span),
            Err(problem) => {
                if config_ok {
                    d.push(grade_error(p, a.grade.span(), problem));
                }
                None
            }
        });
        let date = read_date(p, "date", &a.date, d);
        if let Some(url) = &a.url
            && let Some(scheme) = crate::base::address::refused_scheme(url)
        {
            let (message, help) = crate::base::address::refused_message("the url", url, &scheme);
            let at = p.text().find(url.as_str()).unwrap_or(0);
            d.push(p.error_at_offset(at, message).help(help));
        }
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
        let text = |s: &Option<String>| {
            s.as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        out.push(Assessment {
            round,
            by,
            low,
            high,
            date,
            document: text(&a.document),
            url: text(&a.url).filter(|u| crate::base::address::refused_scheme(u).is_none()),
            summary: text(&a.summary),
            round_at: p.offset_of(a.round.span().start),
        });
    }
    out.sort_by(|a, b| (a.round, &a.by).cmp(&(b.round, &b.by)));
    out
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
