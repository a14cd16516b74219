//! The assessment's tables: which column holds what (from the header row
//! when there is one, in any order and in four languages; else from the
//! cells), the summary table's rows (recommendation, grade, overview), and
//! each paragraph's detailed rows (recommendation, grade, action taken,
//! comments, and columns the importer does not know, kept under their
//! header); group rows ("Recommendation 18", "Paragraph 18") say which
//! paragraph the rows below belong to. Then the summary's rows are matched
//! with the detailed ones.

use super::document::{Cell, Inline, Text};
use super::dossier::{Dossier, Kind, Rec, Warning, cell_text, notes_in, place_of, words};
use super::layout::{self, Column};

pub use super::text::looks_like_grade;

/// A row of the summary table.
#[derive(Debug, Default)]
pub struct SummaryRow {
    pub group: Option<u32>,
    pub text: String,
    pub grade: String,
    pub overview: Text,
    pub extra: Vec<(String, Vec<Text>)>,
    pub stray_notes: Vec<usize>,
    pub place: String,
}

/// A row's cells by grid column (merged cells at their first column).
fn grid(row: &[Cell]) -> Vec<(usize, &Cell)> {
    let mut at = 0;
    row.iter()
        .map(|c| {
            let here = at;
            at += c.span.max(1);
            (here, c)
        })
        .collect()
}

fn blank(c: &Cell) -> bool {
    c.paras.iter().all(|p| p.text.is_blank())
}

/// The columns a header row names, by grid column; `None` if the row is
/// not a header. Its first cell may also be a group ("Recommendation 7").
fn header(row: &[Cell]) -> Option<(Vec<(usize, Column)>, Option<u32>)> {
    let mut cols = Vec::new();
    let mut known = 0;
    let mut group = None;
    for (k, (at, c)) in grid(row).into_iter().enumerate() {
        let t = cell_text(Some(c));
        if t.is_empty() {
            continue;
        }
        if looks_like_grade(&t) {
            return None;
        }
        let kind = match layout::heading(&t, true) {
            Some(h) if k == 0 && h.title.is_empty() => {
                group = Some(h.number);
                Some(Column::Recommendation)
            }
            _ => layout::column(&t),
        };
        match kind {
            Some(kind) => {
                known += 1;
                cols.push((at, kind));
            }
            None if t.split_whitespace().count() <= 10 && !t.ends_with('.') => {
                cols.push((at, Column::Other(t)))
            }
            None => return None,
        }
    }
    (known >= 2
        && cols
            .iter()
            .any(|(_, k)| *k == Column::Recommendation || *k == Column::Grade))
    .then_some((cols, group))
}

/// A group row: one text, a paragraph's heading or "Recommendation 18".
fn group_row(row: &[Cell]) -> Option<layout::Heading> {
    let mut texts: Vec<String> = row
        .iter()
        .filter(|c| !blank(c))
        .map(|c| cell_text(Some(c)))
        .collect();
    texts.dedup();
    match texts.as_slice() {
        [t] => layout::heading(t, true),
        _ => None,
    }
}

/// Columns read from the cells, for a table without a header row: the
/// grade is the column whose cells are grades, the recommendation the one
/// before it, and the rest as the summary table or a detailed table has
/// them.
fn guess_columns(rows: &[&Vec<Cell>], summary: bool) -> Vec<(usize, Column)> {
    let width = rows
        .iter()
        .map(|r| grid(r).last().map_or(0, |(at, c)| at + c.span.max(1)))
        .max()
        .unwrap_or(0);
    let mut grades = vec![0; width];
    for r in rows {
        for (at, c) in grid(r) {
            if looks_like_grade(&cell_text(Some(c))) {
                grades[at] += 1;
            }
        }
    }
    let g = (0..width)
        .max_by_key(|&i| (grades[i], std::cmp::Reverse(i)))
        .unwrap_or(1);
    let g = if grades.get(g).copied().unwrap_or(0) == 0 {
        1
    } else {
        g
    };
    let mut cols = Vec::new();
    let after: &[Column] = if summary {
        &[Column::Overview]
    } else {
        &[Column::Action, Column::Comments]
    };
    for i in 0..width {
        let kind = if i + 1 == g {
            Column::Recommendation
        } else if i == g {
            Column::Grade
        } else if i > g {
            after.get(i - g - 1).cloned().unwrap_or(if summary {
                Column::Overview
            } else {
                Column::Comments
            })
        } else {
            Column::Other(String::new())
        };
        cols.push((i, kind));
    }
    cols
}

/// The paragraphs of the cells of a row in columns of `kind`.
fn paras_of(cells: &[(usize, &Cell)], cols: &[(usize, Column)], kind: &Column) -> Vec<Text> {
    cells
        .iter()
        .filter(|(at, _)| column_at(cols, *at) == Some(kind))
        .flat_map(|(_, c)| c.paras.iter().map(|p| p.text.clone()))
        .collect()
}

/// The column a cell starting at grid column `at` is in.
fn column_at(cols: &[(usize, Column)], at: usize) -> Option<&Column> {
    cols.iter().rev().find(|(c, _)| *c <= at).map(|(_, k)| k)
}

fn first_of<'a>(
    cells: &[(usize, &'a Cell)],
    cols: &[(usize, Column)],
    kind: &Column,
) -> Option<&'a Cell> {
    cells
        .iter()
        .find(|(at, _)| column_at(cols, *at) == Some(kind))
        .map(|(_, c)| *c)
}

fn joined(paras: Vec<Text>) -> Text {
    paras.into_iter().fold(Text::default(), |mut t, p| {
        if !t.0.is_empty() {
            t.0.push(Inline::Str(" ".into()));
        }
        t.0.extend(p.0);
        t
    })
}

/// Reads one table into `d`.
pub fn read(d: &mut Dossier, all: &[Vec<Cell>]) {
    let rows: Vec<&Vec<Cell>> = all.iter().filter(|r| !r.iter().all(blank)).collect();
    if rows.is_empty() {
        return;
    }
    d.tables += 1;
    d.rows += rows.len();
    let first = place_of(rows[0].first());
    let (mut cols, mut group, body) = match header(rows[0]) {
        Some((cols, group)) => (cols, group, &rows[1..]),
        None => (Vec::new(), None, &rows[..]),
    };
    let has = |cols: &[(usize, Column)], k: Column| cols.iter().any(|(_, c)| *c == k);
    if cols.is_empty() {
        let narrow = body.iter().all(|r| grid(r).len() <= 3);
        cols = guess_columns(body, d.current.is_none() && narrow);
    }
    // "Assessment": the grade when its cells are grades, else an overview.
    if let Some(i) = cols.iter().position(|(_, c)| *c == Column::Assessment) {
        let at = cols[i].0;
        let cells: Vec<String> = body
            .iter()
            .filter_map(|r| grid(r).into_iter().find(|(a, _)| *a == at))
            .map(|(_, c)| cell_text(Some(c)))
            .filter(|t| !t.is_empty())
            .collect();
        let graded = !cells.is_empty() && cells.iter().all(|t| looks_like_grade(t));
        cols[i].1 = if graded && !has(&cols, Column::Grade) {
            Column::Grade
        } else {
            Column::Overview
        };
    }
    let summary = has(&cols, Column::Overview)
        && !has(&cols, Column::Action)
        && !has(&cols, Column::Comments);
    let starts_with_group = body.first().is_some_and(|r| group_row(r).is_some());
    let by_paragraph = has(&cols, Column::Paragraph);
    if !summary && d.current.is_none() && group.is_none() && !starts_with_group && !by_paragraph {
        let text = body
            .first()
            .map(|r| {
                r.iter()
                    .map(|c| cell_text(Some(c)))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        d.leave_out(
            Kind::Table,
            first,
            "a table of recommendations before any \"Paragraph N\" heading",
            &text,
        );
        return;
    }
    if !summary && let Some(n) = group {
        d.current = Some(d.section(n, &first));
    }
    let mut last: Option<(usize, usize)> = None; // (section, rec) or summary row
    let mut last_summary: Option<usize> = None;
    for row in body {
        let cells = grid(row);
        let place = place_of(row.first());
        if let Some(h) = group_row(row) {
            if summary {
                group = Some(h.number);
            } else {
                let i = d.section(h.number, &place);
                d.current = Some(i);
                let s = &mut d.paragraphs[i];
                if s.title.is_empty() {
                    s.title = h.title;
                }
                if s.articles.is_empty() {
                    s.articles = h.articles;
                }
            }
            continue;
        }
        if header(row).is_some() {
            // The header again (on each page, or for each paragraph).
            continue;
        }
        let rec_cell = first_of(&cells, &cols, &Column::Recommendation);
        let grade_cell = first_of(&cells, &cols, &Column::Grade);
        let text = cell_text(rec_cell);
        let row_group = first_of(&cells, &cols, &Column::Paragraph)
            .map(|c| cell_text(Some(c)))
            .and_then(|t| {
                layout::heading(&t, true)
                    .map(|h| h.number)
                    .or_else(|| t.trim().trim_end_matches('.').parse().ok())
            });
        let all_text = || {
            row.iter()
                .map(|c| cell_text(Some(c)))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let extra: Vec<(String, Vec<Text>)> = cols
            .iter()
            .filter_map(|(_, k)| match k {
                Column::Other(h) => Some((h.clone(), paras_of(&cells, &cols, k))),
                _ => None,
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if text.is_empty() {
            // A row going on from the one above, without recommendation
            // or grade: its cells join that one's.
            let goes_on = cell_text(grade_cell).is_empty();
            match (goes_on, summary, last, last_summary) {
                (true, false, Some((s, r)), _) => {
                    let rec = &mut d.paragraphs[s].recs[r];
                    rec.action.extend(paras_of(&cells, &cols, &Column::Action));
                    rec.comments
                        .extend(paras_of(&cells, &cols, &Column::Comments));
                    rec.extra.extend(extra);
                    let o = joined(paras_of(&cells, &cols, &Column::Overview));
                    rec.overview.0.extend(o.0);
                }
                (true, true, _, Some(k)) => {
                    let o = joined(paras_of(&cells, &cols, &Column::Overview));
                    let row = &mut d.summary[k];
                    if !o.0.is_empty() {
                        row.overview.0.push(Inline::Str(" ".into()));
                        row.overview.0.extend(o.0);
                    }
                    row.extra.extend(extra);
                }
                _ => d.leave_out(
                    Kind::Row,
                    &place,
                    "a row without a recommendation",
                    &all_text(),
                ),
            }
            continue;
        }
        let grade = d.grade(grade_cell);
        let mut stray = notes_in(rec_cell);
        stray.extend(notes_in(grade_cell));
        if summary {
            d.summary.push(SummaryRow {
                group: row_group.or(group),
                text,
                grade,
                overview: joined(paras_of(&cells, &cols, &Column::Overview)),
                extra,
                stray_notes: stray,
                place,
            });
            last_summary = Some(d.summary.len() - 1);
            continue;
        }
        if let Some(n) = row_group {
            d.current = Some(d.section(n, &place));
        }
        let Some(s) = d.current else {
            d.leave_out(
                Kind::Row,
                &place,
                "a row before any \"Paragraph N\" heading",
                &all_text(),
            );
            continue;
        };
        let sec = &mut d.paragraphs[s];
        sec.has_table = true;
        sec.recs.push(Rec {
            text,
            grade,
            summary: String::new(),
            action: paras_of(&cells, &cols, &Column::Action),
            comments: paras_of(&cells, &cols, &Column::Comments),
            extra,
            overview: joined(paras_of(&cells, &cols, &Column::Overview)),
            stray_notes: stray,
            place,
        });
        last = Some((s, sec.recs.len() - 1));
    }
    if !summary && let Some(s) = d.current {
        d.paragraphs[s].has_table = true;
    }
}

/// The summary table's wording, grade and overview into each paragraph's
/// recommendations: the same words first, then in order; a different
/// wording is kept as the summary has it and reported with both. A
/// paragraph only the summary table has is made from it.
pub fn merge_summary(d: &mut Dossier) {
    let rows = std::mem::take(&mut d.summary);
    let mut warnings = Vec::new();
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
    for (number, rows) in groups {
        let place = rows.first().map(|r| r.place.clone()).unwrap_or_default();
        let i = d.section(number, &place);
        let section = &mut d.paragraphs[i];
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
