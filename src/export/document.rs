//! One dossier laid out as an NGO's follow-up assessment, in the layout
//! `followup import` reads ([`crate::import::layout`]): the title block,
//! the summary table (a group row per paragraph), then per paragraph its
//! heading, the Committee's concern and the detailed table, and the legend
//! of the grades used. Every label comes from the language's strings.

use super::wml::{self, Parts};
use crate::model::{CountryEntry, Site};
use std::path::Path;

/// The words of one section of the document, for the count.
pub struct Section {
    pub name: String,
    pub words: usize,
}

/// What one dossier's document holds, besides its bytes.
pub struct Made {
    pub body: String,
    pub parts: Parts,
    pub sections: Vec<Section>,
    pub recommendations: usize,
    /// Recommendations with no grade recorded for the round asked for.
    pub ungraded: Vec<String>,
}

/// One recommendation as the round asked for shows it.
struct Row {
    text: String,
    grade: String,
    summary: String,
    body: String,
    /// "Not yet translated; shown in English.", as the site says it, when
    /// some of its texts are in the main language.
    notice: Option<String>,
}

/// The notice a text shown in the main language has on the site, in a
/// translated export.
fn notice(site: &Site, translated: bool, f: crate::check::validate::Fallback) -> Option<String> {
    let source = site.config.source_language.as_deref()?;
    (translated && f.any()).then(|| {
        let name = crate::input::strings::language_name(source);
        format!(
            "*{}*",
            site.config
                .strings
                .fmt("not_translated", &[("language", name)])
        )
    })
}

/// The committee that monitors the treaty `key`, in the site's language
/// (labels `committee_<key>`); the treaty's own name for a treaty of the
/// site's own.
fn committee<'a>(site: &'a Site, key: &'a str, label: &'a str) -> &'a str {
    let name = site.config.strings.get(label);
    if name != label {
        return name;
    }
    site.config
        .treaties
        .get(key)
        .map_or(key, |t| t.name.as_str())
}

/// The body of a content file in `language` (its translation when one is
/// shown), without its front matter.
fn body_of(root: &Path, file: &str, language: Option<&str>) -> String {
    let translated = language.map(|l| {
        let stem = file.strip_suffix(".md").unwrap_or(file);
        format!("{stem}.{l}.md")
    });
    let path = translated
        .filter(|t| root.join(t).is_file())
        .unwrap_or_else(|| file.to_string());
    let text = std::fs::read_to_string(root.join(&path))
        .unwrap_or_default()
        .replace("\r\n", "\n");
    crate::input::frontmatter::split(&path, &text)
        .map(|s| s.body.to_string())
        .unwrap_or_default()
}

/// "Paragraph 21: Independence of the judiciary (arts. 2, 14)".
fn heading(site: &Site, number: u32, title: Option<&str>, articles: &[u32]) -> String {
    let t = &site.config.strings;
    let mut h = t.fmt("export_paragraph", &[("n", &number.to_string())]);
    if let Some(title) = title.filter(|s| !s.is_empty()) {
        h.push_str(": ");
        h.push_str(title);
    }
    if !articles.is_empty() {
        let list: Vec<String> = articles.iter().map(u32::to_string).collect();
        let word = if articles.len() == 1 {
            "export_article"
        } else {
            "export_articles"
        };
        h.push_str(&format!(" ({} {})", t.get(word), list.join(", ")));
    }
    h
}

/// The rows of a table, each cell Markdown (or plain when `plain`).
fn table(parts: &mut Parts, out: &mut String, header: &[&str], rows: &[Vec<String>], groups: bool) {
    wml::open_table(out, &[3800, 1000, wml::TEXT_WIDTH - 4800]);
    wml::header_row(parts, out, header);
    for row in rows {
        out.push_str("<w:tr>");
        // A group row: its heading across the whole row.
        if groups && row.len() == 1 {
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:gridSpan w:val=\"{}\"/></w:tcPr>",
                header.len()
            ));
            wml::para(parts, out, None, &row[0]);
            out.push_str("</w:tc></w:tr>");
            continue;
        }
        for cell in row {
            out.push_str("<w:tc>");
            if wml::markdown(parts, out, cell, None) == 0 {
                out.push_str("<w:p/>");
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// The recommendation's body split into the detailed table's two cells:
/// the action taken by the State, and everything else.
fn action_and_comments(parts: &mut Parts, body: &str) -> (String, String) {
    let mut action = String::new();
    let mut comments = String::new();
    for (title, xml, _) in wml::markdown_sections(parts, body) {
        let is_action = title.as_deref().and_then(crate::import::layout::column)
            == Some(crate::import::layout::Column::Action);
        if is_action {
            action.push_str(&xml);
        } else {
            if let Some(t) = title.filter(|t| crate::import::layout::column(t).is_none()) {
                // A section of its own: its heading kept, in bold.
                let mut p = String::new();
                wml::markdown(parts, &mut p, &format!("**{t}**"), None);
                comments.push_str(&p);
            }
            comments.push_str(&xml);
        }
    }
    (action, comments)
}

/// A paragraph's detailed table: recommendation, grade, action taken by
/// the State, other comments.
fn detailed(site: &Site, parts: &mut Parts, out: &mut String, rows: &[Row]) {
    let t = &site.config.strings;
    let header = [
        t.get("export_recommendation"),
        t.get("export_grade"),
        t.get("export_action"),
        t.get("export_comments"),
    ];
    wml::open_table(out, &[2900, 900, 2919, 2919]);
    wml::header_row(parts, out, &header);
    for r in rows {
        out.push_str("<w:tr>");
        let (action, mut comments) = action_and_comments(parts, &r.body);
        if let Some(n) = &r.notice {
            wml::markdown(parts, &mut comments, n, None);
        }
        let mut text = String::new();
        if wml::markdown(parts, &mut text, &r.text, None) == 0 {
            text.push_str("<w:p/>");
        }
        let mut grade = String::new();
        wml::para(parts, &mut grade, None, &r.grade);
        for cell in [text, grade, action, comments] {
            let cell = if cell.is_empty() {
                "<w:p/>".to_string()
            } else {
                cell
            };
            out.push_str(&format!("<w:tc>{cell}</w:tc>"));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// A recommendation's grade and overview at `round` (`latest` when it is
/// the dossier's latest): the grades shown are marked `used`; one with no
/// grade of that round is listed in `ungraded`.
fn graded(
    rec: &crate::check::validate::Recommendation,
    latest: bool,
    round: u32,
    grades: &[crate::input::config::Grade],
    used: &mut [bool],
    ungraded: &mut Vec<String>,
) -> (String, Option<String>) {
    if latest {
        let g = rec.own_grade.unwrap_or(rec.grade);
        used[g] = true;
        return (grades[g].code.clone(), rec.summary.clone());
    }
    match rec
        .assessments
        .iter()
        .find(|a| a.by.is_none() && a.round == round)
    {
        Some(a) => {
            used[a.low] = true;
            used[a.high] = true;
            let code = if a.low == a.high {
                grades[a.low].code.clone()
            } else {
                format!("{}–{}", grades[a.low].code, grades[a.high].code)
            };
            (code, a.summary.clone())
        }
        None => {
            ungraded.push(rec.file.clone());
            (String::new(), None)
        }
    }
}

/// The dossier `country` of `site` (one language's), at `round`.
pub fn make(
    site: &Site,
    root: &Path,
    country: &CountryEntry,
    round: u32,
    translated: Option<&str>,
) -> Made {
    let t = &site.config.strings;
    let mut parts = Parts::default();
    let mut out = String::new();
    let mut sections = Vec::new();
    let mut ungraded = Vec::new();
    let info = &country.info;
    let latest = info.rounds.last().map_or(1, |r| r.number);

    // The title block.
    let label = format!("committee_{}", info.treaty.to_lowercase());
    let title = t.fmt(
        "export_title",
        &[
            ("committee", committee(site, &info.treaty, &label)),
            ("document", info.document.as_deref().unwrap_or(&info.name)),
        ],
    );
    wml::para(&mut parts, &mut out, Some("Title"), &title);
    if let Some(p) = &site.config.publisher {
        wml::para(
            &mut parts,
            &mut out,
            None,
            &t.fmt("export_submitted", &[("name", &p.name)]),
        );
    }
    let date = info
        .rounds
        .iter()
        .find(|r| r.number == round)
        .and_then(|r| r.date)
        .or(info.assessed);
    if let Some(d) = date {
        let d = t.date(d.day.into(), d.month.into(), d.year.into());
        wml::para(
            &mut parts,
            &mut out,
            None,
            &t.fmt("export_assessed", &[("date", &d)]),
        );
    }
    sections.push(Section {
        name: "title block".into(),
        words: parts.take_words(),
    });

    // Each recommendation as the round shows it.
    let grades = &site.config.grades;
    let mut used = vec![false; grades.len()];
    let mut paragraphs = Vec::new();
    for p in &site.paragraphs[country.paragraphs.clone()] {
        let mut rows = Vec::new();
        for r in &site.recommendations[p.recommendations.clone()] {
            let rec = &r.info;
            let (grade, summary) = graded(
                rec,
                round == latest,
                round,
                grades,
                &mut used,
                &mut ungraded,
            );
            let lang = translated.filter(|_| !rec.fallback.body);
            rows.push(Row {
                text: rec.text.clone(),
                grade,
                summary: summary.unwrap_or_default(),
                body: body_of(root, &rec.file, lang),
                notice: notice(site, translated.is_some(), rec.fallback),
            });
        }
        let lang = translated.filter(|_| !p.info.fallback.body);
        let concern = body_of(root, &p.info.file, lang);
        let h = heading(
            site,
            p.info.number,
            p.info.title.as_deref(),
            &p.info.articles,
        );
        let concern = match notice(site, translated.is_some(), p.info.fallback) {
            Some(n) => format!("{concern}\n\n{n}\n"),
            None => concern,
        };
        paragraphs.push((h, concern, rows));
    }

    // The summary table.
    let mut summary_rows = Vec::new();
    for (h, _, rows) in &paragraphs {
        summary_rows.push(vec![h.clone()]);
        for r in rows {
            summary_rows.push(vec![r.text.clone(), r.grade.clone(), r.summary.clone()]);
        }
    }
    let header = [
        t.get("export_recommendation"),
        t.get("export_grade"),
        t.get("export_overview"),
    ];
    table(&mut parts, &mut out, &header, &summary_rows, true);
    sections.push(Section {
        name: "summary table".into(),
        words: parts.take_words(),
    });

    // Each paragraph: heading, concern, detailed table.
    let recommendations = paragraphs.iter().map(|p| p.2.len()).sum();
    for (h, concern, rows) in &paragraphs {
        wml::para(&mut parts, &mut out, Some("Heading1"), h);
        wml::markdown(&mut parts, &mut out, concern, None);
        detailed(site, &mut parts, &mut out, rows);
        sections.push(Section {
            name: h.clone(),
            words: parts.take_words(),
        });
    }

    // The legend of the grades used, in the site's own words.
    wml::para(
        &mut parts,
        &mut out,
        Some("Heading1"),
        t.get("export_legend"),
    );
    for (g, _) in grades.iter().zip(&used).filter(|(_, u)| **u) {
        wml::para(
            &mut parts,
            &mut out,
            None,
            &format!("{}: {}", g.code, g.label),
        );
    }
    sections.push(Section {
        name: "grading scale".into(),
        words: parts.take_words(),
    });
    Made {
        body: out,
        parts,
        sections,
        recommendations,
        ungraded,
    }
}
