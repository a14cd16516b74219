//! A site's further languages, `[languages.<code>]` of `followup.toml`: the
//! title, assessor, grade labels and theme labels in that language, and the
//! settings each language's pages are made with.

use super::{Config, find};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::CONFIG_FILE;
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGradeText {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// Another language of the site: its pages live under `/<code>/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    pub title: String,
    pub assessor: Option<String>,
    /// A grade's label and description in this language, by code.
    pub grades: BTreeMap<String, (Option<String>, Option<String>)>,
    /// The theme's labels in this language, with the site's rewordings.
    pub strings: crate::strings::Strings,
}

/// Checks `[languages]` against the main language and the grade scale.
pub(super) fn parse(
    raw: BTreeMap<String, RawLanguage>,
    main: &str,
    grades: &[super::Grade],
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<Language> {
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
        let strings = crate::strings::parse(Some(&code), &l.strings, text, &mut d);
        // The theme's message about `language` would point at the main
        // one's line: say it of this table.
        for mut problem in d.0 {
            if problem.message.starts_with("language ") {
                problem = Diagnostic::error(
                    CONFIG_FILE,
                    format!("the theme has no labels in {code:?}"),
                )
                .at(text, at)
                .help(format!(
                    "the theme speaks {}; name the table after one of them, like [languages.ru]",
                    crate::strings::LANGUAGES.join(", ")
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
        out.push(Language {
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

impl Config {
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
