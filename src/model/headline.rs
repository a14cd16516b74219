//! `headline = "<assessor>"`: a site led by another assessor's grades (the
//! Committee's, say) instead of its own. Once the dossiers are checked,
//! the site's grade scale becomes that assessor's (every scale it used,
//! one after the other) and one more entry, "not yet assessed"; each
//! recommendation's grade becomes the assessor's latest, or that entry.
//! So the home page, the tables, the counts and charts, /grades/, the
//! feeds and the search filter, which all read the site's grade, read the
//! headline's, and a recommendation it has not graded is counted as not
//! yet assessed, never as a grade. The site's own grades, where it has
//! them, stay its own (`Config::own_grades`), with their history.

use crate::check::validate::Dossiers;
use crate::input::config::Grade;
use std::sync::Arc;

/// The address segment of the "not yet assessed" entry: `/grades/not-yet-assessed/`.
pub const NOT_YET_ASSESSED: &str = "not-yet-assessed";

/// Puts the headline assessor's grades in the lead; a site without
/// `headline` is left as it is.
pub fn lead(dossiers: &mut Dossiers) {
    let config = &mut dossiers.config;
    let Some(key) = config.headline.clone() else {
        return;
    };
    let Some(assessor) = config.assessors.get(&key).cloned() else {
        return;
    };
    let mut grades: Vec<Grade> = config.scale_of(Some(&key)).unwrap_or(&[]).to_vec();
    let not_yet = grades.len();
    let label = config.strings.get("not_yet_assessed").to_string();
    grades.push(Grade {
        code: label.clone(),
        label,
        description: String::new(),
        slug: NOT_YET_ASSESSED.to_string(),
        level: None,
    });
    config.own_grades = Some(std::mem::replace(&mut config.grades, grades));
    for country in &mut dossiers.countries {
        let rounds = &country.rounds;
        for paragraph in &mut country.paragraphs {
            for rec in &mut paragraph.recommendations {
                let latest = rec
                    .assessments
                    .iter()
                    .filter(|a| a.by.as_deref() == Some(key.as_str()))
                    .max_by_key(|a| a.round);
                // Dated as the model dates it: its own date, or its round's
                // evaluation; a range counts under its worse end.
                let grade = latest
                    .and_then(|a| {
                        let evaluated = rounds
                            .iter()
                            .find(|r| r.number == a.round)
                            .and_then(|r| r.procedure.evaluation.date);
                        a.reading(Some(&assessor), a.date.or(evaluated))
                    })
                    .map_or(not_yet, |(_, worse)| worse);
                if rec.grade != grade {
                    Arc::make_mut(rec).grade = grade;
                }
            }
        }
    }
}
