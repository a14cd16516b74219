//! The grade scales of `followup.toml`: the site's own `[[grades]]`, its
//! further `[scales]`, and the other assessors who grade with them.

use super::{Grade, find, slugify};
use crate::base::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::input::load::CONFIG_FILE;
use crate::input::scales::{self, Assessor, Level};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrade {
    pub(super) code: String,
    pub(super) label: String,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) level: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAssessor {
    pub(super) name: String,
    pub(super) scale: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub(super) grades: Vec<RawGrade>,
}

type Scales = BTreeMap<String, Vec<Grade>>;

/// The other assessors and the scales they grade with: the site's own
/// `[scales]`, and the built-in scales the assessors name.
pub(super) fn assessors_and_scales(
    raw_assessors: BTreeMap<String, RawAssessor>,
    raw_scales: BTreeMap<String, RawScale>,
    text: &str,
    diags: &mut Diagnostics,
) -> (BTreeMap<String, Assessor>, Scales) {
    let mut scales: Scales = raw_scales
        .into_iter()
        .map(|(key, s)| (key, scale_grades(s.grades, text, diags)))
        .collect();
    let mut assessors = BTreeMap::new();
    for (key, a) in raw_assessors {
        let scale = a.scale.trim().to_string();
        if !scales.contains_key(&scale) {
            match scales::builtin(&scale) {
                Some(rows) => {
                    let grades = rows
                        .iter()
                        .map(|g| Grade {
                            code: g.code.to_string(),
                            label: g.label.to_string(),
                            description: g.description.to_string(),
                            slug: slugify(g.code),
                            level: Some(g.level),
                        })
                        .collect();
                    scales.insert(scale.clone(), grades);
                }
                None => {
                    let known: Vec<&str> = scales::BUILTIN
                        .into_iter()
                        .chain(scales.keys().map(String::as_str))
                        .collect();
                    let close = closest(&scale, known.iter().copied());
                    let help = match close {
                        Some(c) => format!(
                            "did you mean \"{c}\"? Known scales: {}, or describe it under [scales.{scale}]",
                            known.join(", ")
                        ),
                        None => format!(
                            "use one of {}, or describe it under [scales.{scale}]",
                            known.join(", ")
                        ),
                    };
                    diags.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            format!("assessor {key:?} grades with an unknown scale {scale:?}"),
                        )
                        .at(text, find(text, &format!("{:?}", a.scale)))
                        .help(help),
                    );
                    continue;
                }
            }
        }
        assessors.insert(
            key.clone(),
            Assessor {
                key,
                name: a.name,
                scale,
            },
        );
    }
    (assessors, scales)
}

/// The grades of a scale (the site's `[[grades]]`, or a `[scales.x]`
/// table's), in order, with a message for each that cannot be used.
pub(super) fn scale_grades(raw: Vec<RawGrade>, text: &str, diags: &mut Diagnostics) -> Vec<Grade> {
    let mut grades: Vec<Grade> = Vec::new();
    for g in raw {
        let code = g.code.trim().to_string();
        let slug = slugify(&code);
        if code.is_empty() || slug.is_empty() {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("grade code {:?} cannot be used", g.code),
                )
                .at(text, find(text, &format!("{:?}", g.code)))
                .help("a grade code needs at least one letter or digit, like \"B2\" or \"N/A\""),
            );
            continue;
        }
        if let Some(other) = grades.iter().find(|o| o.slug == slug) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "grades {:?} and {:?} would share the page grades/{slug}/",
                        other.code, code
                    ),
                )
                .at(text, find(text, &format!("{:?}", g.code)))
                .help("give each grade a code that differs in its letters or digits"),
            );
            continue;
        }
        let level = g.level.as_deref().and_then(|name| {
            let level = Level::parse(name);
            if level.is_none() {
                let help = match closest(name, Level::ALL.map(Level::name)) {
                    Some(close) => format!(
                        "did you mean \"{close}\"? The levels are {}",
                        Level::names()
                    ),
                    None => format!("use one of {}", Level::names()),
                };
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("unknown level {name:?} for grade {code:?}"),
                    )
                    .at(text, find(text, &format!("{name:?}")))
                    .help(help),
                );
            }
            level
        });
        grades.push(Grade {
            code,
            label: g.label,
            description: g.description.unwrap_or_default(),
            slug,
            level,
        });
    }
    grades
}

/// Another assessor's grades live at grades/<assessor>/<code>/, beside the
/// site's own at grades/<code>/: the two must not meet.
pub(super) fn assessor_pages_apart(
    assessors: &BTreeMap<String, Assessor>,
    grades: &[Grade],
    text: &str,
    diags: &mut Diagnostics,
) {
    for key in assessors.keys() {
        if let Some(g) = grades.iter().find(|g| g.slug == slugify(key)) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "assessor {key:?} would share the page grades/{}/ with grade {:?}",
                        g.slug, g.code
                    ),
                )
                .at(text, find(text, &format!("[assessors.{key}]")))
                .help(format!(
                    "give the assessor a longer key, like [assessors.{key}-grades]"
                )),
            );
        }
    }
}
