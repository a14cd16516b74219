//! The grade scales of `followup.toml`: the site's own `[[grades]]`, its
//! further `[scales]`, and the other assessors who grade with them.

use super::{Grade, find, slugify};
use crate::base::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::input::load::CONFIG_FILE;
use crate::input::scales::{self, Assessor, Level, Period};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

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
    #[serde(default)]
    pub(super) scale: Option<Spanned<String>>,
    /// Instead of `scale`: the scales it used, by period.
    #[serde(default)]
    pub(super) scales: Option<Spanned<Vec<RawPeriod>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPeriod {
    scale: Spanned<String>,
    #[serde(default)]
    until: Option<Spanned<toml::value::Datetime>>,
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
        let Some(written) = periods_of(&key, &a, text, diags) else {
            continue;
        };
        let mut periods = Vec::new();
        let mut offset = 0;
        for (scale, at, until) in written {
            if !known_scale(&key, &scale, at, &mut scales, text, diags) {
                continue;
            }
            let len = scales.get(&scale).map_or(0, Vec::len);
            periods.push(Period {
                scale,
                until,
                offset,
            });
            offset += len;
        }
        let Some(last) = periods.last() else {
            continue;
        };
        assessors.insert(
            key.clone(),
            Assessor {
                key,
                name: a.name,
                scale: last.scale.clone(),
                periods,
            },
        );
    }
    (assessors, scales)
}

/// An assessor's scales as written: `scale`, or `scales` by period (each
/// scale, where it is written, and its last day), checked for order.
fn periods_of(
    key: &str,
    a: &RawAssessor,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<(String, usize, Option<String>)>> {
    let table = find(text, &format!("[assessors.{key}]"));
    match (&a.scale, &a.scales) {
        (Some(_), Some(scales)) => {
            diags.push(
                Diagnostic::error(CONFIG_FILE, format!("assessor {key:?} has both `scale` and `scales`"))
                    .at(text, scales.span().start)
                    .help("keep `scales` (the scales it used, by period, like scales = [{ scale = \"hrc-2013\", until = 2016-11-04 }, { scale = \"hrc-2016\" }]) and delete `scale`, or keep only `scale`"),
            );
            None
        }
        (None, None) => {
            diags.push(
                Diagnostic::error(CONFIG_FILE, format!("assessor {key:?} has no `scale`"))
                    .at(text, table)
                    .help("add the scale it grades with, like scale = \"hrc-2016\", or the scales it used by period with `scales`"),
            );
            None
        }
        (Some(scale), None) => Some(vec![(
            scale.get_ref().trim().to_string(),
            scale.span().start,
            None,
        )]),
        (None, Some(scales)) => {
            let list = scales.get_ref();
            if list.is_empty() {
                diags.push(
                    Diagnostic::error(CONFIG_FILE, format!("the `scales` of assessor {key:?} are empty"))
                        .at(text, scales.span().start)
                        .help("list the scales it used by period, like scales = [{ scale = \"hrc-2013\", until = 2016-11-04 }, { scale = \"hrc-2016\" }]"),
                );
                return None;
            }
            let mut out = Vec::new();
            let mut ok = true;
            let mut previous: Option<String> = None;
            for (i, p) in list.iter().enumerate() {
                let until = match &p.until {
                    Some(u) => match (u.get_ref().date, u.get_ref().time) {
                        (Some(d), None) => Some((d.to_string(), u.span().start)),
                        _ => {
                            diags.push(
                                Diagnostic::error(CONFIG_FILE, format!("`until` of a period of assessor {key:?} is not a date"))
                                    .at(text, u.span().start)
                                    .help("write the period's last day as a bare date, like until = 2016-11-04"),
                            );
                            ok = false;
                            None
                        }
                    },
                    None if i + 1 < list.len() => {
                        diags.push(
                            Diagnostic::error(CONFIG_FILE, format!("a period of assessor {key:?} before its last has no `until`"))
                                .at(text, p.scale.span().start)
                                .help("give each period but the last its last day, like { scale = \"hrc-2013\", until = 2016-11-04 }: the last may stay open"),
                        );
                        ok = false;
                        None
                    }
                    None => None,
                };
                if let (Some((until, at)), Some(before)) = (&until, &previous) {
                    if until == before {
                        diags.push(
                            Diagnostic::error(CONFIG_FILE, format!("`until = {until}` is repeated in the scales of assessor {key:?}"))
                                .at(text, *at)
                                .help("each period ends on its own day: correct one of the two, or merge the periods if they used one scale"),
                        );
                        ok = false;
                    } else if until < before {
                        diags.push(
                            Diagnostic::error(CONFIG_FILE, format!("the periods of assessor {key:?} are out of order: `until = {until}` comes after `until = {before}`"))
                                .at(text, *at)
                                .help("list the periods from the oldest to the latest, each `until` after the one before"),
                        );
                        ok = false;
                    }
                }
                if let Some((until, _)) = &until {
                    previous = Some(until.clone());
                }
                out.push((
                    p.scale.get_ref().trim().to_string(),
                    p.scale.span().start,
                    until.map(|(u, _)| u),
                ));
            }
            ok.then_some(out)
        }
    }
}

/// Whether `scale` is one of the site's `[scales]` or built in (which is
/// then added to `scales`); else says so.
fn known_scale(
    key: &str,
    scale: &str,
    at: usize,
    scales: &mut Scales,
    text: &str,
    diags: &mut Diagnostics,
) -> bool {
    if scales.contains_key(scale) {
        return true;
    }
    if let Some(rows) = scales::builtin(scale) {
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
        scales.insert(scale.to_string(), grades);
        return true;
    }
    let known: Vec<&str> = scales::BUILTIN
        .into_iter()
        .chain(scales.keys().map(String::as_str))
        .collect();
    let help = match closest(scale, known.iter().copied()) {
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
        .at(text, at)
        .help(help),
    );
    false
}

/// The grades of each assessor that graded by period: every period's
/// scale one after the other, each grade's page named by its scale too
/// (`b1-hrc-2013`), so two scales' "A" keep apart.
pub(crate) fn by_period(
    assessors: &BTreeMap<String, Assessor>,
    scales: &Scales,
) -> BTreeMap<String, Vec<Grade>> {
    assessors
        .values()
        .filter(|a| a.by_period())
        .map(|a| {
            let grades = a
                .periods
                .iter()
                .flat_map(|p| {
                    scales.get(&p.scale).into_iter().flatten().map(|g| Grade {
                        // The code first: its first letter gives the grade's tone.
                        slug: format!("{}-{}", g.slug, slugify(&p.scale)),
                        ..g.clone()
                    })
                })
                .collect();
            (a.key.clone(), grades)
        })
        .collect()
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

/// Said of a `headline` that names no assessor of `[assessors]`.
pub(super) fn unknown_headline(
    key: &str,
    assessors: &BTreeMap<String, Assessor>,
    text: &str,
) -> Diagnostic {
    let known: Vec<&str> = assessors.keys().map(String::as_str).collect();
    let help = match closest(key, known.iter().copied()) {
        Some(close) => format!(
            "did you mean \"{close}\"? The assessors in followup.toml are: {}",
            known.join(", ")
        ),
        None if known.is_empty() => format!(
            "describe it under [assessors.{key}] (name and scale), or leave `headline` out to lead with the site's own grades"
        ),
        None => format!(
            "use one of {}, or leave `headline` out to lead with the site's own grades",
            known.join(", ")
        ),
    };
    let at = text
        .find("headline")
        .map_or(0, |h| h + text[h..].find('"').unwrap_or(0));
    Diagnostic::error(CONFIG_FILE, format!("unknown headline assessor {key:?}"))
        .at(text, at)
        .help(help)
}

#[cfg(test)]
mod tests {
    use crate::input::config::parse;

    const SITE: &str = "title = \"T\"\nbase_url = \"https://x.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"a\"\n[assessors.committee]\nname = \"Human Rights Committee\"\n";

    fn errors(assessor: &str) -> Vec<String> {
        match parse(&format!("{SITE}{assessor}")) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn scales_by_period_make_one_grade_list_named_by_scale() {
        let c = parse(&format!(
            "{SITE}scales = [{{ scale = \"hrc-2013\", until = 2016-11-04 }}, {{ scale = \"hrc-2016\" }}]\n"
        ))
        .unwrap();
        let a = &c.assessors["committee"];
        assert_eq!(a.scale, "hrc-2016");
        assert_eq!(a.periods.len(), 2);
        assert_eq!(a.periods[1].offset, 8);
        assert_eq!(a.period_at("2016-11-04"), Some(0));
        assert_eq!(a.period_at("2016-11-05"), Some(1));
        let grades = c.scale_of(Some("committee")).unwrap();
        assert_eq!(grades.len(), 13);
        assert_eq!(grades[0].slug, "a-hrc-2013");
        assert_eq!(grades[8].slug, "a-hrc-2016");
        assert_eq!(a.period_of(9), 1);
        // One scale, as before: the scale's own list and slugs.
        let one = parse(&format!("{SITE}scale = \"hrc-2013\"\n")).unwrap();
        assert!(!one.assessors["committee"].by_period());
        assert_eq!(one.scale_of(Some("committee")).unwrap()[0].slug, "a");
    }

    #[test]
    fn each_mistake_in_scales_by_period_is_named() {
        let both = errors("scale = \"hrc-2013\"\nscales = [{ scale = \"hrc-2016\" }]\n");
        assert!(
            both[0].contains(
                "followup.toml:9:10: assessor \"committee\" has both `scale` and `scales`"
            ),
            "{both:?}"
        );
        let order = errors(
            "scales = [{ scale = \"hrc-2013\", until = 2016-11-04 }, { scale = \"hrc-2016\", until = 2015-01-01 }]\n",
        );
        assert!(
            order[0].contains(
                "are out of order: `until = 2015-01-01` comes after `until = 2016-11-04`"
            ),
            "{order:?}"
        );
        let repeated = errors(
            "scales = [{ scale = \"hrc-2013\", until = 2016-11-04 }, { scale = \"hrc-2016\", until = 2016-11-04 }]\n",
        );
        assert!(
            repeated[0].contains("`until = 2016-11-04` is repeated"),
            "{repeated:?}"
        );
        let open = errors("scales = [{ scale = \"hrc-2013\" }, { scale = \"hrc-2016\" }]\n");
        assert!(
            open[0].contains("before its last has no `until`"),
            "{open:?}"
        );
        let unknown = errors("scales = [{ scale = \"hrc-2031\" }]\n");
        assert!(
            unknown[0].contains("grades with an unknown scale \"hrc-2031\""),
            "{unknown:?}"
        );
        let none = errors("");
        assert!(
            none[0].contains("assessor \"committee\" has no `scale`"),
            "{none:?}"
        );
    }
}
