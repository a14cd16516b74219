//! Translations: `<name>.<language>.md` beside `<name>.md`. A translation
//! carries only text (a country's name, a paragraph's title, a
//! recommendation's text and summary, the body, its assessments'
//! summaries); everything language-neutral comes from the original, and a
//! translation that sets it is told where to set it instead. From the
//! originals and their translations, the dossiers in each language, with
//! what is not yet translated marked, and how far each language has come.

use super::front::{Parsed, parse_file, render_body};
use super::{Country, Dossiers, Paragraph, Recommendation};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Edit};
use crate::input::config::Config;
use crate::input::load::{ContentFile, FileKind, LoadedSite};
use crate::input::markdown::Footnote;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Which of a file's texts are shown in the main language because no
/// translation gives them: its main text (a country's name, a paragraph's
/// title, a recommendation's text), its summary, its body.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fallback {
    pub text: bool,
    pub summary: bool,
    pub body: bool,
}

impl Fallback {
    pub fn any(&self) -> bool {
        self.text || self.summary || self.body
    }
}

/// What one translation file gives.
#[derive(Debug, Clone, Default)]
struct Texts {
    /// A country's name, a paragraph's title, a recommendation's text.
    text: Option<String>,
    summary: Option<String>,
    body: Option<(String, Vec<Footnote>)>,
    /// Assessments' summaries, by round and assessor.
    summaries: Vec<((u32, Option<String>), String)>,
}

/// Every translation of a site, by language, then by original file.
#[derive(Debug, Clone, Default)]
pub struct Translations(BTreeMap<String, HashMap<String, Texts>>);

/// How far a language has come: what is translated, what is missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub language: String,
    pub translated: usize,
    pub total: usize,
    /// The originals not yet translated, in path order.
    pub missing: Vec<String>,
}

#[derive(Deserialize)]
struct TranslationFront {
    country: Option<String>,
    title: Option<String>,
    recommendation: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    assessments: Vec<AssessmentText>,
}

#[derive(Deserialize)]
struct AssessmentText {
    round: toml::Spanned<i64>,
    by: Option<String>,
    summary: Option<String>,
    // Language-neutral: read only to say where they belong.
    grade: Option<toml::Spanned<toml::Value>>,
    date: Option<toml::Spanned<toml::Value>>,
    document: Option<toml::Spanned<toml::Value>>,
    url: Option<toml::Spanned<toml::Value>>,
}

/// The text fields a translation of each kind of file may set, and the
/// fields it takes from its original.
fn fields(kind: &FileKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        FileKind::Home => (&["title"], &[]),
        FileKind::Country { .. } => (
            &["country"],
            &[
                "code",
                "treaty",
                "document",
                "adopted",
                "reply_due",
                "assessed",
                "rounds",
            ],
        ),
        FileKind::Paragraph { .. } => (&["title"], &["paragraph", "articles"]),
        _ => (
            &["recommendation", "summary", "assessments"],
            &["grade", "order"],
        ),
    }
}

/// Checks every translation file against its original and the settings.
/// `key_of` gives a recommendation's key (its footnotes' ids), so a
/// translated body's ids are the original's.
pub(super) fn check(
    site: &LoadedSite,
    config: &Config,
    config_ok: bool,
    key_of: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Translations {
    let mut out: BTreeMap<String, HashMap<String, Texts>> = BTreeMap::new();
    for file in site.files.values() {
        let FileKind::Translation { language, original } = &file.kind else {
            continue;
        };
        let mut d = Vec::new();
        if let Some(texts) = check_one(
            file, language, original, site, config, config_ok, key_of, &mut d,
        ) {
            out.entry(language.clone())
                .or_default()
                .insert(original.clone(), texts);
        }
        diags.extend(d);
    }
    Translations(out)
}

#[allow(clippy::too_many_arguments)]
fn check_one(
    file: &ContentFile,
    language: &str,
    original: &str,
    site: &LoadedSite,
    config: &Config,
    config_ok: bool,
    key_of: &HashMap<String, String>,
    d: &mut Vec<Diagnostic>,
) -> Option<Texts> {
    if config_ok && !config.languages.iter().any(|l| l.code == language) {
        let listed: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let help = if listed.is_empty() {
            format!(
                "add [languages.{language}] with its title to followup.toml, or rename the file if it is not a translation"
            )
        } else {
            format!(
                "the site's other languages are {}; add [languages.{language}] with its title to followup.toml",
                listed.join(", ")
            )
        };
        d.push(
            Diagnostic::error(
                &file.path,
                format!("a translation into {language:?}, which followup.toml does not list"),
            )
            .help(help),
        );
        return None;
    }
    let Some(orig) = site.files.get(original) else {
        d.push(
            Diagnostic::error(&file.path, format!("this translation has no original: {original} does not exist"))
                .help(format!("a translation is named after the file it translates, with the language before .md; create {original}, or rename this file")),
        );
        return None;
    };
    let (text_fields, neutral) = fields(&orig.kind);
    let known: Vec<&str> = text_fields.iter().chain(neutral).copied().collect();
    let p = parse_file::<TranslationFront>(file, &known, d)?;
    // A translation made by copying its original: the copied fields that
    // still equal the original's are taken out by `check --fix`.
    let copied = front_table(orig).unwrap_or_default();
    for (key, offset) in &p.keys {
        if neutral.contains(&key.as_str()) {
            let same = copied.get(key);
            d.push(neutral_field(&p, *offset, key, original, same));
        }
    }
    let f = &p.front;
    let text = match orig.kind {
        FileKind::Country { .. } => f.country.clone(),
        FileKind::Paragraph { .. } | FileKind::Home => f.title.clone(),
        _ => f.recommendation.clone(),
    }
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty());
    let prefix = match orig.kind {
        FileKind::Home => "home".to_string(),
        FileKind::Country { .. } => "intro".to_string(),
        FileKind::Paragraph { .. } => "concern".to_string(),
        _ => key_of.get(original).cloned().unwrap_or_default(),
    };
    let body = p.has_body().then(|| {
        let r = render_body(&p, &prefix, config.allow_html, d);
        (r.html, r.footnotes)
    });
    let mut summaries = Vec::new();
    let originals = copied.get("assessments").and_then(toml::Value::as_array);
    for a in &f.assessments {
        // The original's assessment of the same round, by the same assessor.
        let same = originals.into_iter().flatten().find(|o| {
            o.get("round").and_then(toml::Value::as_integer) == Some(*a.round.get_ref())
                && o.get("by").and_then(toml::Value::as_str) == a.by.as_deref()
        });
        for (name, value) in [
            ("grade", &a.grade),
            ("date", &a.date),
            ("document", &a.document),
            ("url", &a.url),
        ] {
            if let Some(v) = value {
                d.push(neutral_field(
                    &p,
                    p.offset_of(v.span().start),
                    name,
                    original,
                    same.and_then(|o| o.get(name)),
                ));
            }
        }
        let round = u32::try_from(*a.round.get_ref()).unwrap_or(0);
        if let Some(s) = a
            .summary
            .as_ref()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            summaries.push(((round, a.by.clone()), s.to_string()));
        }
    }
    Some(Texts {
        text,
        summary: f
            .summary
            .as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        body,
        summaries,
    })
}

/// A language-neutral field set in a translation, at `offset`; `same` is
/// the original's value of it. Copied unchanged, on a line of its own, it
/// has one right fix: the line taken out.
fn neutral_field<T>(
    p: &Parsed<'_, T>,
    offset: usize,
    field: &str,
    original: &str,
    same: Option<&toml::Value>,
) -> Diagnostic {
    let d = p.error_at_offset(
        offset,
        format!("`{field}` is the same in every language: a translation cannot set it"),
    );
    let removal = same.and_then(|v| line_setting(p.text(), offset, field, v));
    match removal {
        Some(edit) => d
            .help(format!(
                "it is as in the original, {original}: delete this line; {}",
                crate::input::pasted::FIX_HELP
            ))
            .fix(vec![edit]),
        None => d.help(format!(
            "set it in the original, {original}, and delete this line; a translation carries only text"
        )),
    }
}

/// The removal of the line of `text` at `offset`, when that line alone
/// sets `field` to `value`.
fn line_setting(text: &str, offset: usize, field: &str, value: &toml::Value) -> Option<Edit> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let len = text[start..].find('\n')?;
    let line: toml::Table = toml::from_str(&text[start..start + len]).ok()?;
    (line.len() == 1 && line.get(field) == Some(value)).then(|| Edit {
        start,
        end: start + len + 1,
        replacement: String::new(),
    })
}

/// A file's front matter as TOML, when it reads.
fn front_table(file: &ContentFile) -> Option<toml::Table> {
    let split = crate::input::frontmatter::split(&file.path, &file.text).ok()?;
    toml::from_str(split.front).ok()
}

impl Translations {
    /// Checks that each translated assessment summary has its assessment
    /// in the original, once the originals are read.
    pub(super) fn check_assessments(
        &self,
        dossiers_recs: &HashMap<String, Arc<Recommendation>>,
        site: &LoadedSite,
        diags: &mut Diagnostics,
    ) {
        for (language, files) in &self.0 {
            for (original, texts) in files {
                let Some(rec) = dossiers_recs.get(original) else {
                    continue;
                };
                for ((round, by), _) in &texts.summaries {
                    let found = rec
                        .assessments
                        .iter()
                        .any(|a| a.round == *round && a.by == *by);
                    if !found {
                        let path = format!("{}.{language}.md", original.trim_end_matches(".md"));
                        let text = site.files.get(&path).map_or("", |f| f.text.as_str());
                        let who = by
                            .as_deref()
                            .map_or("the site's own assessor".to_string(), |b| format!("{b:?}"));
                        diags.push(
                            Diagnostic::error(&path, format!("{original} has no assessment of round {round} by {who}"))
                                .at(text, text.find("[[assessments]]").unwrap_or(0))
                                .help("a translated [[assessments]] gives the summary of one in the original, matched by `round` and `by`"),
                        );
                    }
                }
            }
        }
    }

    /// How far each of `languages` has come, over the files of `dossiers`.
    pub fn status(&self, dossiers: &Dossiers, languages: &[String]) -> Vec<Status> {
        let mut originals: Vec<&str> = dossiers.home_file.as_deref().into_iter().collect();
        for c in &dossiers.countries {
            originals.push(&c.file);
            for p in &c.paragraphs {
                originals.push(&p.file);
                originals.extend(p.recommendations.iter().map(|r| r.file.as_str()));
            }
        }
        originals.sort_unstable();
        languages
            .iter()
            .map(|l| {
                let done = self.0.get(l);
                let missing: Vec<String> = originals
                    .iter()
                    .filter(|o| !done.is_some_and(|d| d.contains_key(**o)))
                    .map(|o| o.to_string())
                    .collect();
                Status {
                    language: l.clone(),
                    translated: originals.len() - missing.len(),
                    total: originals.len(),
                    missing,
                }
            })
            .collect()
    }

    /// Recommendation `r` in `language`: its texts from its translation
    /// where there is one.
    pub fn translate(&self, language: &str, r: &Recommendation) -> Recommendation {
        translate_recommendation(r, self.0.get(language).and_then(|t| t.get(&r.file)))
    }

    /// The dossiers in `language`: each text from its translation where
    /// there is one, else the original's, marked as not yet translated.
    pub fn apply(&self, dossiers: &Dossiers, language: &str, config: Config) -> Dossiers {
        let empty = HashMap::new();
        let texts = self.0.get(language).unwrap_or(&empty);
        let countries = dossiers
            .countries
            .iter()
            .map(|c| translate_country(c, texts))
            .collect();
        Dossiers {
            config,
            home_html: dossiers
                .home_file
                .as_ref()
                .and_then(|f| texts.get(f))
                .and_then(|t| t.body.as_ref())
                .map_or_else(|| dossiers.home_html.clone(), |(html, _)| html.clone()),
            home_title: dossiers
                .home_file
                .as_ref()
                .and_then(|f| texts.get(f))
                .and_then(|t| t.text.clone())
                .or_else(|| dossiers.home_title.clone()),
            home_file: dossiers.home_file.clone(),
            countries,
            attachments: dossiers.attachments.clone(),
            translations: Translations::default(),
            status: Vec::new(),
        }
    }
}

fn translate_country(c: &Country, texts: &HashMap<String, Texts>) -> Country {
    let t = texts.get(&c.file);
    let mut c = Country {
        paragraphs: c
            .paragraphs
            .iter()
            .map(|p| translate_paragraph(p, texts))
            .collect(),
        ..c.clone()
    };
    c.fallback = Fallback {
        text: t.and_then(|t| t.text.as_ref()).is_none(),
        summary: false,
        body: t.and_then(|t| t.body.as_ref()).is_none() && !c.intro_html.is_empty(),
    };
    if let Some(t) = t {
        if let Some(name) = &t.text {
            c.name = name.clone();
        }
        if let Some((html, _)) = &t.body {
            c.intro_html = html.clone();
        }
    }
    c
}

fn translate_paragraph(p: &Paragraph, texts: &HashMap<String, Texts>) -> Paragraph {
    let t = texts.get(&p.file);
    let mut p = Paragraph {
        recommendations: p
            .recommendations
            .iter()
            .map(|r| Arc::new(translate_recommendation(r, texts.get(&r.file))))
            .collect(),
        ..p.clone()
    };
    p.fallback = Fallback {
        text: p.title.is_some() && t.and_then(|t| t.text.as_ref()).is_none(),
        summary: false,
        body: t.and_then(|t| t.body.as_ref()).is_none() && !p.concern_html.is_empty(),
    };
    if let Some(t) = t {
        if let Some(title) = &t.text {
            p.title = Some(title.clone());
        }
        if let Some((html, _)) = &t.body {
            p.concern_html = html.clone();
        }
    }
    p
}

fn translate_recommendation(r: &Recommendation, t: Option<&Texts>) -> Recommendation {
    let mut r = r.clone();
    r.fallback = Fallback {
        text: t.and_then(|t| t.text.as_ref()).is_none(),
        summary: r.summary.is_some() && t.and_then(|t| t.summary.as_ref()).is_none(),
        body: t.and_then(|t| t.body.as_ref()).is_none() && !r.body_html.trim().is_empty(),
    };
    if let Some(t) = t {
        if let Some(text) = &t.text {
            r.text = text.clone();
        }
        if let Some(summary) = &t.summary {
            r.summary = Some(summary.clone());
        }
        if let Some((html, footnotes)) = &t.body {
            r.body_html = html.as_str().into();
            r.footnotes = footnotes.clone();
        }
        for ((round, by), summary) in &t.summaries {
            if let Some(a) = r
                .assessments
                .iter_mut()
                .find(|a| a.round == *round && a.by == *by)
            {
                a.summary = Some(summary.clone());
            }
        }
    }
    r
}
