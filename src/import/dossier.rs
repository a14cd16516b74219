//! From a read [`Document`] to the dossier's files: the summary table's
//! rows (recommendation, grade, overview) matched with each paragraph's
//! detailed table (recommendation, grade, action taken by the State, other
//! comments), footnotes attached where the document cites them, the grade
//! legends read; with a warning for everything that had to be guessed.

use super::clean;
use super::document::{Block, Cell, Document, Inline, Para, Text};
use std::collections::BTreeMap;

/// Something uncertain, and where in the document it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    pub place: String,
    pub message: String,
}

/// One recommendation as the document gives it.
#[derive(Debug, Default)]
pub struct Rec {
    pub text: String,
    pub grade: String,
    pub summary: String,
    pub action: Vec<Text>,
    pub comments: Vec<Text>,
}

#[derive(Debug, Default)]
pub struct Section {
    pub number: u32,
    pub concern: String,
    pub recs: Vec<Rec>,
}

/// A grade of the legends: code, label, and the heading above it.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendGrade {
    pub code: String,
    pub label: String,
    pub description: Option<String>,
}

#[derive(Debug, Default)]
pub struct Dossier {
    pub paragraphs: Vec<Section>,
    pub legend: Vec<LegendGrade>,
    /// Each footnote's words and address, by index.
    pub footnotes: Vec<(String, Option<String>)>,
    pub warnings: Vec<Warning>,
}

fn cell_text(c: Option<&Cell>) -> String {
    c.map(|c| {
        c.paras
            .iter()
            .map(|p| p.text.to_plain().trim().to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    })
    .unwrap_or_default()
}

fn place_of(c: Option<&Cell>) -> String {
    c.map(|c| c.place.to_string()).unwrap_or_default()
}

/// "Recommendation 21" → 21.
fn group_number(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    t.strip_prefix("recommendation")?
        .trim()
        .trim_end_matches(':')
        .parse()
        .ok()
}

fn paragraph_number(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    t.strip_prefix("paragraph")?
        .trim()
        .trim_end_matches(':')
        .parse()
        .ok()
}

/// The words of a text without case, punctuation and spacing, to compare
/// two wordings.
fn words(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Dossier {
    fn warn(&mut self, place: impl ToString, message: impl Into<String>) {
        self.warnings.push(Warning {
            place: place.to_string(),
            message: message.into(),
        });
    }

    /// A grade cell's code, look-alike letters made Latin (each reported).
    fn grade(&mut self, cell: Option<&Cell>) -> String {
        let (latin, replaced) = clean::grade(&cell_text(cell));
        for (from, to) in replaced {
            self.warn(
                place_of(cell),
                format!(
                    "the grade \"{}\" was typed with the {} letter {from} (U+{:04X}), which looks like the Latin {to}: it became \"{latin}\"",
                    cell_text(cell).trim(),
                    clean::letter_name(from),
                    from as u32
                ),
            );
        }
        if latin.eq_ignore_ascii_case("n/a") {
            "N/A".to_string()
        } else {
            latin.to_uppercase()
        }
    }
}

/// Reads the dossier out of `doc`.
pub fn read(doc: &Document) -> Dossier {
    let mut d = Dossier {
        footnotes: doc
            .footnotes
            .iter()
            .map(|f| (f.text.clone(), f.url.clone()))
            .collect(),
        ..Dossier::default()
    };
    for &i in &doc.guessed {
        if let Some(f) = doc.footnotes.get(i) {
            d.warn(
                &f.place,
                format!(
                    "footnote {} ({}): its mark is lost in text copied out of Word, so its place was guessed; check it, or import the .docx",
                    i + 1,
                    f.url.as_deref().unwrap_or(&f.text)
                ),
            );
        }
    }
    // The summary table: overviews by paragraph, in order.
    let mut summary: BTreeMap<u32, Vec<(String, String, Text, String)>> = BTreeMap::new();
    let mut current: Option<Section> = None;
    for block in &doc.blocks {
        match block {
            Block::Table(rows) => {
                let header = cell_text(rows.first().and_then(|r| r.first()));
                if let Some(mut group) = group_number(&header) {
                    for row in &rows[1..] {
                        let first = cell_text(row.first());
                        if let Some(g) = group_number(&first) {
                            group = g;
                            continue;
                        }
                        if row.len() < 3 {
                            d.warn(place_of(row.first()), "a row of the summary table without recommendation, grade and overview was left out");
                            continue;
                        }
                        let grade = d.grade(row.get(1));
                        let overview = row[2].paras.iter().fold(Text::default(), |mut t, p| {
                            if !t.0.is_empty() {
                                t.0.push(Inline::Str(" ".into()));
                            }
                            t.0.extend(p.text.0.iter().cloned());
                            t
                        });
                        summary.entry(group).or_default().push((
                            first,
                            grade,
                            overview,
                            place_of(row.first()),
                        ));
                    }
                } else if let Some(section) = current.as_mut() {
                    read_detailed(&mut d, section, rows);
                } else {
                    d.warn(
                        place_of(rows.first().and_then(|r| r.first())),
                        "a table before any \"Paragraph N\" heading was left out",
                    );
                }
            }
            Block::Para(p) => {
                let t = p.text.to_plain();
                if let Some(n) = paragraph_number(&t) {
                    if let Some(done) = current.take() {
                        d.paragraphs.push(done);
                    }
                    current = Some(Section {
                        number: n,
                        ..Section::default()
                    });
                } else if let Some(code) = legend_line(&t) {
                    add_legend(&mut d, code);
                } else if let Some(section) = current.as_mut().filter(|s| s.recs.is_empty()) {
                    if !section.concern.is_empty() {
                        section.concern.push_str("\n\n");
                    }
                    section.concern.push_str(t.trim());
                }
            }
        }
    }
    if let Some(done) = current.take() {
        d.paragraphs.push(done);
    }
    merge_summary(&mut d, summary);
    d
}

/// A detailed table's rows into `section`.
fn read_detailed(d: &mut Dossier, section: &mut Section, rows: &[Vec<Cell>]) {
    for row in rows.iter().skip(1) {
        let text = cell_text(row.first());
        if text.is_empty() {
            continue;
        }
        if row.len() < 2 {
            d.warn(
                place_of(row.first()),
                "a row without a grade could not be read and was left out",
            );
            continue;
        }
        let grade = d.grade(row.get(1));
        let paras = |c: Option<&Cell>| -> Vec<Text> {
            c.map(|c| c.paras.iter().map(|p: &Para| p.text.clone()).collect())
                .unwrap_or_default()
        };
        let mut comments = paras(row.get(3));
        for extra in row.iter().skip(4) {
            comments.extend(paras(Some(extra)));
        }
        section.recs.push(Rec {
            text,
            grade,
            summary: String::new(),
            action: paras(row.get(2)),
            comments,
        });
    }
}

/// The summary table's wording, grade and overview into each paragraph's
/// recommendations, in order; a different wording is kept as the summary
/// has it and reported with both.
fn merge_summary(d: &mut Dossier, summary: BTreeMap<u32, Vec<(String, String, Text, String)>>) {
    let mut warnings = Vec::new();
    for section in d.paragraphs.iter_mut() {
        let Some(rows) = summary.get(&section.number) else {
            continue;
        };
        if rows.len() != section.recs.len() {
            warnings.push(Warning {
                place: rows.first().map(|r| r.3.clone()).unwrap_or_default(),
                message: format!(
                    "paragraph {}: the summary table has {} recommendations and the detailed table {}; they were matched in order",
                    section.number,
                    rows.len(),
                    section.recs.len()
                ),
            });
        }
        for (rec, (text, grade, overview, place)) in section.recs.iter_mut().zip(rows) {
            if words(&rec.text) != words(text) {
                warnings.push(Warning {
                    place: place.clone(),
                    message: format!(
                        "paragraph {}: the recommendation is worded differently in the summary table and in the detailed table; the summary table's wording was kept.\n    summary table:  {text}\n    detailed table: {}",
                        section.number, rec.text
                    ),
                });
                rec.text = text.clone();
            }
            if *grade != rec.grade && !grade.is_empty() {
                warnings.push(Warning {
                    place: place.clone(),
                    message: format!(
                        "paragraph {}: the summary table grades \"{}\" {grade}, the detailed table {}; the detailed table's grade was kept",
                        section.number,
                        short(text),
                        rec.grade
                    ),
                });
            }
            rec.summary = overview.to_plain().trim().to_string();
            // Footnotes cited in the overview go to the same words in the
            // sections, or else at the end of the action taken.
            for (i, inline) in overview.0.iter().enumerate() {
                if let Inline::Note(n) = inline {
                    let before: String = overview.0[..i]
                        .iter()
                        .filter_map(|x| match x {
                            Inline::Str(s) => Some(s.as_str()),
                            _ => None,
                        })
                        .collect();
                    let tail: Vec<&str> = before.split_whitespace().rev().take(3).collect();
                    let tail: Vec<&str> = tail.into_iter().rev().collect();
                    let tail = tail.join(" ");
                    if !attach_after(&mut rec.action, &tail, *n)
                        && !attach_after(&mut rec.comments, &tail, *n)
                    {
                        match rec.action.last_mut() {
                            Some(t) => t.0.push(Inline::Note(*n)),
                            None => rec.action.push(Text(vec![Inline::Note(*n)])),
                        }
                        warnings.push(Warning {
                            place: place.clone(),
                            message: format!(
                                "footnote {} is cited in the summary table's overview, which cannot hold footnotes, and \"{tail}\" is not in the detailed table: it was put at the end of \"Action taken by the State\"",
                                n + 1
                            ),
                        });
                    }
                }
            }
        }
    }
    d.warnings.extend(warnings);
}

/// Puts footnote `n` after the first place `words` appear in `paras`.
fn attach_after(paras: &mut [Text], words: &str, n: usize) -> bool {
    if words.trim().is_empty() {
        return false;
    }
    for t in paras.iter_mut() {
        for k in 0..t.0.len() {
            if let Inline::Str(s) = &t.0[k]
                && let Some(at) = s.find(words)
            {
                let end = at + words.len();
                let (a, b) = (s[..end].to_string(), s[end..].to_string());
                t.0.splice(k..=k, [Inline::Str(a), Inline::Note(n), Inline::Str(b)]);
                return true;
            }
        }
    }
    false
}

fn short(s: &str) -> String {
    let w: Vec<&str> = s.split_whitespace().take(8).collect();
    format!("{}…", w.join(" "))
}

/// A legend's line: "B2: Implementation partially satisfactory: …",
/// "A1 Response fully satisfactory", "Grade B: State response …".
fn legend_line(t: &str) -> Option<(String, String, bool)> {
    let t = t.trim();
    let (heading, rest) = match t.strip_prefix("Grade ") {
        Some(r) => (true, r),
        None => (false, t),
    };
    let end = rest.find([':', ' '])?;
    let code = clean::grade(&rest[..end]).0;
    let is_code = code == "N/A"
        || (code.len() <= 2
            && code.as_bytes()[0].is_ascii_uppercase()
            && code.as_bytes().get(1).is_none_or(u8::is_ascii_digit)
            && (b'A'..=b'E').contains(&code.as_bytes()[0]));
    if !is_code {
        return None;
    }
    let label = rest[end..]
        .trim_start_matches([':', ' '])
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_string();
    Some((code, label, heading))
}

fn add_legend(d: &mut Dossier, (code, label, heading): (String, String, bool)) {
    if heading {
        // "Grade B: Implementation partially satisfactory": the heading of
        // the grades below it, and the grade itself when it has no others.
        d.legend.push(LegendGrade {
            code: format!("#{code}"),
            label,
            description: None,
        });
        return;
    }
    let description = d
        .legend
        .iter()
        .rev()
        .find(|g| {
            g.code
                .strip_prefix('#')
                .is_some_and(|h| code.starts_with(h))
        })
        .map(|g| g.label.clone());
    // The first legend's words for a code, as the sample's settings do.
    if !d.legend.iter().any(|g| g.code == code) {
        d.legend.push(LegendGrade {
            code,
            label,
            description,
        });
    }
}

/// The grades of the legends, headings left out.
pub fn legend(d: &Dossier) -> Vec<LegendGrade> {
    d.legend
        .iter()
        .filter(|g| !g.code.starts_with('#'))
        .cloned()
        .collect()
}
