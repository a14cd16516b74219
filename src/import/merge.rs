//! The summary table's rows matched with the detailed tables'
//! recommendations (the same words first, then in order, by paragraph),
//! and the footnotes of the overviews and of the recommendations' words
//! put where a file can hold them.

use super::document::{Inline, Text};
use super::dossier::{Dossier, Kind, Rec, Warning, words};
use super::tables::SummaryRow;

/// The summary table's wording, grade and overview into each paragraph's
/// recommendations: the same words first, then in order; a different
/// wording is kept as the summary has it and reported with both. A
/// paragraph only the summary table has is made from it.
pub fn merge_summary(d: &mut Dossier) {
    let rows = std::mem::take(&mut d.summary);
    let groups = group_rows(d, rows);
    let mut warnings = Vec::new();
    for (number, rows) in groups {
        let place = rows.first().map(|r| r.place.clone()).unwrap_or_default();
        let i = d.section(number, &place);
        let section = &mut d.paragraphs[i];
        // A paragraph's heading wins over its group row in the summary.
        if let Some(h) = rows.iter().find_map(|r| r.heading.as_ref()) {
            if section.title.is_empty() {
                section.title = h.title.clone();
            }
            if section.articles.is_empty() {
                section.articles = h.articles.clone();
            }
        }
        if !section.recs.is_empty() && rows.len() != section.recs.len() {
            warnings.push(Warning {
                place: place.clone(),
                message: format!(
                    "paragraph {}: the summary table has {} recommendations and the detailed table {}; they were matched in order",
                    section.number,
                    rows.len(),
                    section.recs.len()
                ),
            });
        }
        // The same words first, then the rest in order.
        let mut pairs: Vec<Option<usize>> = vec![None; rows.len()];
        let mut taken = vec![false; section.recs.len()];
        for (k, r) in rows.iter().enumerate() {
            if let Some(j) = (0..section.recs.len())
                .find(|&j| !taken[j] && words(&section.recs[j].text) == words(&r.text))
            {
                pairs[k] = Some(j);
                taken[j] = true;
            }
        }
        for p in pairs.iter_mut().filter(|p| p.is_none()) {
            if let Some(j) = (0..taken.len()).find(|&j| !taken[j]) {
                *p = Some(j);
                taken[j] = true;
            }
        }
        for (row, pair) in rows.into_iter().zip(pairs) {
            let j = match pair {
                Some(j) => j,
                None => {
                    // Only the summary table has it.
                    section.recs.push(Rec {
                        text: row.text.clone(),
                        grade: row.grade.clone(),
                        place: row.place.clone(),
                        ..Rec::default()
                    });
                    section.recs.len() - 1
                }
            };
            let rec = &mut section.recs[j];
            if words(&rec.text) != words(&row.text) {
                warnings.push(Warning {
                    place: row.place.clone(),
                    message: format!(
                        "paragraph {}: the recommendation is worded differently in the summary table and in the detailed table; the summary table's wording was kept.\n    summary table:  {}\n    detailed table: {}",
                        section.number, row.text, rec.text
                    ),
                });
                rec.text = row.text.clone();
            }
            if rec.reference.is_empty() {
                rec.reference = row.reference.clone();
            }
            if rec.grade.is_empty() {
                rec.grade = row.grade.clone();
            } else if row.grade != rec.grade && !row.grade.is_empty() {
                warnings.push(Warning {
                    place: row.place.clone(),
                    message: format!(
                        "paragraph {}: the summary table grades \"{}\" {}, the detailed table {}; the detailed table's grade was kept",
                        section.number,
                        short(&row.text),
                        row.grade,
                        rec.grade
                    ),
                });
            }
            if !rec.overview.0.is_empty() {
                rec.overview.0.push(Inline::Str(" ".into()));
            }
            rec.overview.0.extend(row.overview.0);
            rec.extra.extend(row.extra);
            rec.stray_notes.extend(row.stray_notes);
        }
    }
    // Overviews into summaries; their footnotes, and those cited where
    // nothing can hold them, into the sections.
    for section in d.paragraphs.iter_mut() {
        for rec in section.recs.iter_mut() {
            place_notes(rec, &mut warnings);
        }
    }
    d.warnings.extend(warnings);
}

/// The summary table's rows by paragraph: the one a row names, else the
/// one with the same words, else in order when the counts agree. A row
/// none of them places is left out.
fn group_rows(d: &mut Dossier, rows: Vec<SummaryRow>) -> Vec<(u32, Vec<SummaryRow>)> {
    let mut ungrouped = Vec::new();
    let mut groups: Vec<(u32, Vec<SummaryRow>)> = Vec::new();
    for r in rows {
        match r.group {
            Some(g) => match groups.iter_mut().find(|(n, _)| *n == g) {
                Some((_, v)) => v.push(r),
                None => groups.push((g, vec![r])),
            },
            None => ungrouped.push(r),
        }
    }
    // Rows that name no paragraph: matched by their words, or in order
    // when the counts agree.
    if !ungrouped.is_empty() {
        let total: usize = d.paragraphs.iter().map(|s| s.recs.len()).sum();
        for r in std::mem::take(&mut ungrouped) {
            let found = d.paragraphs.iter().find_map(|s| {
                s.recs
                    .iter()
                    .any(|x| words(&x.text) == words(&r.text))
                    .then_some(s.number)
            });
            match found {
                Some(n) => match groups.iter_mut().find(|(g, _)| *g == n) {
                    Some((_, v)) => v.push(r),
                    None => groups.push((n, vec![r])),
                },
                None => ungrouped.push(r),
            }
        }
        let matched: usize = groups.iter().map(|(_, v)| v.len()).sum();
        if ungrouped.len() + matched == total && !ungrouped.is_empty() {
            let mut order: Vec<u32> = Vec::new();
            for s in &d.paragraphs {
                let have = groups
                    .iter()
                    .find(|(g, _)| *g == s.number)
                    .map_or(0, |(_, v)| v.len());
                order.extend(std::iter::repeat_n(
                    s.number,
                    s.recs.len().saturating_sub(have),
                ));
            }
            for (r, n) in std::mem::take(&mut ungrouped).into_iter().zip(order) {
                match groups.iter_mut().find(|(g, _)| *g == n) {
                    Some((_, v)) => v.push(r),
                    None => groups.push((n, vec![r])),
                }
            }
        }
    }
    for r in ungrouped {
        d.leave_out(
            Kind::Row,
            &r.place,
            "a row of the summary table that names no paragraph and matches no recommendation",
            &r.text,
        );
    }
    groups
}

fn place_notes(rec: &mut Rec, warnings: &mut Vec<Warning>) {
    let overview = std::mem::take(&mut rec.overview);
    let plain = overview.to_plain();
    rec.summary = plain.split_whitespace().collect::<Vec<_>>().join(" ");
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
                put_at_end(rec, *n);
                warnings.push(Warning {
                    place: rec.place.clone(),
                    message: format!(
                        "footnote {} is cited in the summary table's overview, which cannot hold footnotes, and \"{tail}\" is not in the detailed table: it was put at the end of \"Action taken by the State\"",
                        n + 1
                    ),
                });
            }
        }
    }
    for n in std::mem::take(&mut rec.stray_notes) {
        put_at_end(rec, n);
        warnings.push(Warning {
            place: rec.place.clone(),
            message: format!(
                "footnote {} is cited in the recommendation's words or its grade, which cannot hold footnotes: it was put at the end of \"Action taken by the State\"",
                n + 1
            ),
        });
    }
}

fn put_at_end(rec: &mut Rec, n: usize) {
    match rec.action.last_mut() {
        Some(t) => t.0.push(Inline::Note(n)),
        None => rec.action.push(Text(vec![Inline::Note(n)])),
    }
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
