//! A site's further languages, `[languages.<code>]` of `followup.toml`: the
//! title, assessor, grade labels and theme labels in that language, and the
//! settings each language's pages are made with.

use super::{Config, find};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Kind, closest};
use crate::input::load::CONFIG_FILE;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    title: String,
    #[serde(default)]
    assessor: Option<String>,
    #[serde(default)]
    grades: BTreeMap<String, RawGradeText>,
    #[serde(default)]
    strings: BTreeMap<String, String>,
    /// Other assessors' names in this language, by key.
    #[serde(default)]
    assessors: BTreeMap<String, RawAssessorText>,
    /// The labels of other assessors' scales (built in or the site's), by
    /// scale and code.
    #[serde(default)]
    scales: BTreeMap<String, BTreeMap<String, RawGradeText>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssessorText {
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGradeText {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// A grade's label and description in a language, each when given.
pub type GradeText = (Option<String>, Option<String>);

/// Another language of the site: its pages live under `/<code>/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    pub title: String,
    pub assessor: Option<String>,
    /// A grade's label and description in this language, by code.
    pub grades: BTreeMap<String, GradeText>,
    /// The theme's labels in this language, with the site's rewordings.
    pub strings: crate::input::strings::Strings,
    /// Other assessors' names in this language, by key.
    pub assessors: BTreeMap<String, String>,
    /// Other scales' labels and descriptions in this language, by scale
    /// and code.
    pub scales: BTreeMap<String, BTreeMap<String, GradeText>>,
}

/// What `[languages]` is checked against: the main language, the grade
/// scale, the other assessors and their scales.
pub(super) struct Known<'a> {
    pub main: &'a str,
    pub grades: &'a [super::Grade],
    pub assessors: &'a BTreeMap<String, crate::input::scales::Assessor>,
    pub scales: &'a BTreeMap<String, Vec<super::Grade>>,
}

/// Checks `[languages]` against what the site has.
pub(super) fn parse(
    raw: BTreeMap<String, RawLanguage>,
    known: &Known,
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<Language> {
    let (main, grades) = (known.main, known.grades);
    let mut out = Vec::new();
    for (code, l) in raw {
        let at = find(text, &format!("[languages.{code}"));
        if code == main {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("{code:?} is already the site's main language"),
                )
                .at(text, at)
                .help("[languages] lists the other languages; the main one is `language`"),
            );
            continue;
        }
        let mut d = Diagnostics::default();
        let strings = crate::input::strings::parse(Some(&code), &l.strings, text, &mut d);
        // The theme's message about `language` would point at the main
        // one's line: say it of this table.
        for mut problem in d.0 {
            if problem.kind == Kind::UnknownLanguage {
                problem = Diagnostic::error(
                    CONFIG_FILE,
                    format!("the theme has no labels in {code:?}"),
                )
                .at(text, at)
                .help(format!(
                    "the theme speaks {}; name the table after one of them, like [languages.ru]",
                    crate::input::strings::LANGUAGES.join(", ")
                ));
            }
            diags.push(problem);
        }
        let mut texts = BTreeMap::new();
        for (g, t) in l.grades {
            if !grades.iter().any(|x| x.code == g) {
                let codes: Vec<&str> = grades.iter().map(|x| x.code.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("[languages.{code}.grades] names {g:?}, which is not a grade"),
                    )
                    .at(text, find(text, &format!("grades.{g}")))
                    .help(format!("the grades are: {}", codes.join(", "))),
                );
                continue;
            }
            texts.insert(g, (t.label, t.description));
        }
        let assessors = assessor_names(&code, l.assessors, known, text, diags);
        let scales = scale_texts(&code, l.scales, known, text, diags);
        out.push(Language {
            assessors,
            scales,
            code,
            title: l.title,
            assessor: l
                .assessor
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            grades: texts,
            strings,
        });
    }
    out
}

/// `[languages.<code>.assessors.<key>]`: the names of assessors the site has.
fn assessor_names(
    code: &str,
    raw: BTreeMap<String, RawAssessorText>,
    known: &Known,
    text: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (key, a) in raw {
        if !known.assessors.contains_key(&key) {
            let keys = known.assessors.keys().map(String::as_str);
            let help = match (closest(&key, keys.clone()), known.assessors.is_empty()) {
                (_, true) => "the site has no [assessors] yet: describe the assessor there first, with its name in the main language".to_string(),
                (Some(c), _) => format!("did you mean \"{c}\"? The assessors are: {}", keys.collect::<Vec<_>>().join(", ")),
                (None, _) => format!("the assessors are: {}", keys.collect::<Vec<_>>().join(", ")),
            };
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("[languages.{code}.assessors] names {key:?}, which is not an assessor"),
                )
                .at(text, find(text, &format!("assessors.{key}")))
                .help(help),
            );
            continue;
        }
        let name = a.name.trim();
        if !name.is_empty() {
            out.insert(key, name.to_string());
        }
    }
    out
}

/// `[languages.<code>.scales.<key>.<grade>]`: labels of the scales the
/// site's assessors grade with, or of a built-in one.
fn scale_texts(
    code: &str,
    raw: BTreeMap<String, BTreeMap<String, RawGradeText>>,
    known: &Known,
    text: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, GradeText>> {
    let mut out = BTreeMap::new();
    for (key, grades) in raw {
        let codes: Vec<String> = match known.scales.get(&key) {
            Some(scale) => scale.iter().map(|g| g.code.clone()).collect(),
            None => match crate::input::scales::builtin(&key) {
                Some(rows) => rows.iter().map(|g| g.code.to_string()).collect(),
                None => {
                    let names: Vec<&str> = crate::input::scales::BUILTIN
                        .into_iter()
                        .chain(known.scales.keys().map(String::as_str))
                        .collect();
                    diags.push(
                        Diagnostic::error(
                            CONFIG_FILE,
                            format!(
                                "[languages.{code}.scales] names {key:?}, which is not a scale"
                            ),
                        )
                        .at(text, find(text, &format!("scales.{key}")))
                        .help(format!("the scales are: {}", names.join(", "))),
                    );
                    continue;
                }
            },
        };
        let mut texts = BTreeMap::new();
        for (g, t) in grades {
            if !codes.contains(&g) {
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("[languages.{code}.scales.{key}] names {g:?}, which is not a grade of {key}"),
                    )
                    .at(text, find(text, &format!("scales.{key}.{g}")))
                    .help(format!("the grades of {key} are: {}", codes.join(", "))),
                );
                continue;
            }
            texts.insert(g, (t.label, t.description));
        }
        out.insert(key, texts);
    }
    out
}

impl Config {
    /// Whether the pages show assessor `key`'s name in their language:
    /// always in the main language, else when the language gives it.
    pub fn assessor_translated(&self, key: &str) -> bool {
        match self.source_language {
            None => true,
            Some(_) => self
                .language_settings()
                .is_some_and(|l| l.assessors.contains_key(key)),
        }
    }

    /// Whether the pages show grade `code` of scale `scale` in their
    /// language: its label given in it, and its description too when it
    /// has one.
    pub fn scale_label_translated(&self, scale: &str, code: &str) -> bool {
        if self.source_language.is_none() {
            return true;
        }
        let Some((label, description)) = self
            .language_settings()
            .and_then(|l| l.scales.get(scale))
            .and_then(|s| s.get(code))
        else {
            return false;
        };
        let has_description = self
            .scales
            .get(scale)
            .and_then(|s| s.iter().find(|g| g.code == code))
            .is_some_and(|g| !g.description.is_empty());
        label.is_some() && (description.is_some() || !has_description)
    }

    /// The `[languages.<code>]` these settings are for, on another
    /// language's pages.
    fn language_settings(&self) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == self.language)
    }

    /// The settings the pages of `language` are made with: its title,
    /// assessor, grade labels and theme labels, published under
    /// `/<code>/`. `None` if the site has no such language.
    pub fn for_language(&self, code: &str) -> Option<Config> {
        let l = self.languages.iter().find(|l| l.code == code)?;
        let mut c = self.clone();
        c.title = l.title.clone();
        if l.assessor.is_some() {
            c.assessor = l.assessor.clone();
        }
        for g in &mut c.grades {
            if let Some((label, description)) = l.grades.get(&g.code) {
                if let Some(label) = label {
                    g.label = label.clone();
                }
                if let Some(description) = description {
                    g.description = description.clone();
                }
            }
        }
        for (key, name) in &l.assessors {
            if let Some(a) = c.assessors.get_mut(key) {
                a.name = name.clone();
            }
        }
        for (key, texts) in &l.scales {
            for g in c.scales.get_mut(key).into_iter().flatten() {
                if let Some((label, description)) = texts.get(&g.code) {
                    if let Some(label) = label {
                        g.label = label.clone();
                    }
                    if let Some(description) = description {
                        g.description = description.clone();
                    }
                }
            }
        }
        // An assessor's grades by period, in this language's labels too.
        c.by_period = super::grades::by_period(&c.assessors, &c.scales);
        c.strings = l.strings.clone();
        c.source_language = Some(self.language.clone());
        c.language = code.to_string();
        c.base_url = format!("{}{code}/", self.base_url);
        c.cname = None;
        Some(c)
    }

    /// The prefix of this language's files in the output: `ru/`, or
    /// nothing for the main language.
    pub fn output_prefix(&self) -> String {
        match &self.source_language {
            Some(_) => format!("{}/", self.language),
            None => String::new(),
        }
    }
}
