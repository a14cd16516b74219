//! The assessment's tables: which column holds what (from the header row
//! when there is one, in any order and in four languages; else from the
//! cells), the summary table's rows (recommendation, grade, overview), and
//! each paragraph's detailed rows (recommendation, grade, action taken,
//! comments, and columns the importer does not know, kept under their
//! header); group rows ("Recommendation 18", "Paragraph 18") say which
//! paragraph the rows below belong to. [`super::merge`] then matches the
//! summary's rows with the detailed ones.

use super::document::{Cell, Inline, Text};
use super::dossier::{Dossier, Kind, Rec, cell_text, notes_in, place_of};
use super::layout::{self, Column};
use std::collections::HashMap;

pub use super::text::looks_like_grade;

/// A row of the summary table.
#[derive(Debug, Default)]
pub struct SummaryRow {
    pub group: Option<u32>,
    /// The recommendation's own number ("18(a)"), from a "Para." column.
    pub reference: String,
    /// The topic and articles of the group row above it, if it gave them.
    pub heading: Option<layout::Heading>,
    pub text: String,
    pub grade: String,
    pub overview: Text,
    pub extra: Vec<(String, Vec<Text>)>,
    pub stray_notes: Vec<usize>,
    pub place: String,
}

/// Each column's kind, by the grid column it starts at.
type Columns = Vec<(usize, Column)>;

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
fn header(row: &[Cell]) -> Option<(Columns, Option<u32>)> {
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
    // Cells left of the first named column are kept too, under no name.
    if cols.first().is_some_and(|(at, _)| *at > 0) {
        cols.insert(0, (0, Column::Other(String::new())));
    }
    (known >= 2
        && cols
            .iter()
            .any(|(_, k)| *k == Column::Recommendation || *k == Column::Grade))
    .then_some((cols, group))
}

/// A paragraph column's cell: "18", "Para. 18", "18(a)", "18 (a)"; the
/// paragraph, and the text as the recommendation's own number when it
/// says more than the paragraph.
fn number_of(t: &str) -> (Option<u32>, String) {
    let t = t.trim().trim_end_matches('.');
    if let Some(h) = layout::heading(t, true) {
        let more = h.title.trim().to_string();
        let reference = if more.is_empty() {
            String::new()
        } else {
            format!("{}{more}", h.number)
        };
        return (Some(h.number), reference);
    }
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match t[..digits].parse() {
        Ok(n) if digits == t.len() => (Some(n), String::new()),
        Ok(n) => (Some(n), t.to_string()),
        Err(_) => (None, t.to_string()),
    }
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

/// The column a cell starting at grid column `at` is in (`cols` are in
/// the order of their grid columns; searched, since a row may have many).
fn column_at(cols: &[(usize, Column)], at: usize) -> Option<&Column> {
    let after = cols.partition_point(|(c, _)| *c <= at);
    after.checked_sub(1).map(|i| &cols[i].1)
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

/// The columns of a table (`rows`, none blank), the paragraph its header
/// names, and its rows under the header. `before_paragraphs`: no
/// paragraph is read yet.
fn columns<'r>(
    rows: &'r [&'r Vec<Cell>],
    before_paragraphs: bool,
) -> (Columns, Option<u32>, &'r [&'r Vec<Cell>]) {
    // The header: the first row, or the first after the group rows
    // ("Paragraph 18: Topic" above the header); a second header row under
    // it names the columns of a merged one ("Assessment" over "Grade" and
    // "Comments").
    let at = rows
        .iter()
        .position(|r| group_row(r).is_none())
        .filter(|&i| header(rows[i]).is_some());
    let (mut cols, group, body) = match at.and_then(|i| header(rows[i]).map(|h| (i, h))) {
        Some((i, (mut cols, group))) => {
            let mut next = i + 1;
            while let Some((sub, _)) = rows.get(next).and_then(|r| header(r)) {
                for (start, kind) in sub {
                    match cols.iter_mut().find(|(c, _)| *c == start) {
                        Some(slot) => slot.1 = kind,
                        None => cols.push((start, kind)),
                    }
                }
                cols.sort_by_key(|(c, _)| *c);
                next += 1;
            }
            // Group rows above the header are read as the table's first
            // rows, and the header rows then skipped.
            if i == 0 {
                (cols, group, &rows[next..])
            } else {
                (cols, None, rows)
            }
        }
        None => (Vec::new(), None, rows),
    };
    // A header that names no recommendation column ("Text", "Texte"):
    // its first column the importer does not know holds them.
    if !has(&cols, Column::Recommendation)
        && let Some(slot) = cols.iter_mut().find(|(_, c)| matches!(c, Column::Other(_)))
    {
        slot.1 = Column::Recommendation;
    }
    if cols.is_empty() {
        let narrow = body.iter().all(|r| grid(r).len() <= 3);
        cols = guess_columns(body, before_paragraphs && narrow);
    }
    // "Assessment": the grade when its cells are grades, else an overview.
    if let Some(i) = cols.iter().position(|(_, c)| *c == Column::Assessment) {
        let at = cols[i].0;
        let cells: Vec<String> = body
            .iter()
            .filter(|r| header(r).is_none() && group_row(r).is_none())
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
    (cols, group, body)
}

/// Whether `cols` has a column of kind `k`.
fn has(cols: &[(usize, Column)], k: Column) -> bool {
    cols.iter().any(|(_, c)| *c == k)
}

/// The cells of the columns the importer does not know, by header, in one
/// pass over the cells: a row may have thousands.
fn other_columns(cells: &[(usize, &Cell)], cols: &[(usize, Column)]) -> Vec<(String, Vec<Text>)> {
    let mut other: HashMap<&str, Vec<Text>> = HashMap::new();
    for (at, c) in cells {
        if let Some(Column::Other(h)) = column_at(cols, *at) {
            let paras = other.entry(h.as_str()).or_default();
            paras.extend(c.paras.iter().map(|p| p.text.clone()));
        }
    }
    cols.iter()
        .filter_map(|(_, k)| match k {
            Column::Other(h) => Some((h.clone(), other.remove(h.as_str())?)),
            _ => None,
        })
        .filter(|(_, p)| !p.is_empty())
        .collect()
}

/// A row without a recommendation: one going on from the row above (the
/// recommendation `last.0`, or the summary row `last.1`), without grade,
/// joins its cells to that one's; another is left out.
fn go_on(
    d: &mut Dossier,
    row: &[Cell],
    cells: &[(usize, &Cell)],
    cols: &[(usize, Column)],
    extra: Vec<(String, Vec<Text>)>,
    summary: bool,
    last: (Option<(usize, usize)>, Option<usize>),
) {
    let (last, last_summary) = last;
    let goes_on = cell_text(first_of(cells, cols, &Column::Grade)).is_empty();
    let action = paras_of(cells, cols, &Column::Action);
    let comments = paras_of(cells, cols, &Column::Comments);
    let overview = joined(paras_of(cells, cols, &Column::Overview));
    // Nothing of it would be written (a paragraph's number alone):
    // it is named instead.
    let adds =
        !action.is_empty() || !comments.is_empty() || !overview.0.is_empty() || !extra.is_empty();
    match (goes_on && adds, summary, last, last_summary) {
        (true, false, Some((s, r)), _) => {
            let rec = &mut d.paragraphs[s].recs[r];
            rec.action.extend(action);
            rec.comments.extend(comments);
            rec.extra.extend(extra);
            if !overview.0.is_empty() && !rec.overview.0.is_empty() {
                rec.overview.0.push(Inline::Str(" ".into()));
            }
            rec.overview.0.extend(overview.0);
        }
        (true, true, _, Some(k)) if action.is_empty() && comments.is_empty() => {
            let above = &mut d.summary[k];
            if !overview.0.is_empty() {
                above.overview.0.push(Inline::Str(" ".into()));
                above.overview.0.extend(overview.0);
            }
            above.extra.extend(extra);
        }
        _ => d.leave_out(
            Kind::Row,
            place_of(row.first()),
            "a row without a recommendation",
            &row_text(row),
        ),
    }
}

/// A row's words, all its cells', for the report of what was left out.
fn row_text(row: &[Cell]) -> String {
    row.iter()
        .map(|c| cell_text(Some(c)))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
    let (cols, mut group, body) = columns(&rows, d.current.is_none());
    // The summary table: an overview and no action or comments; before
    // the first paragraph, any table without action or comments.
    let summary = (has(&cols, Column::Overview) || d.current.is_none())
        && !has(&cols, Column::Action)
        && !has(&cols, Column::Comments);
    let starts_with_group = body.first().is_some_and(|r| group_row(r).is_some());
    // Only group rows: the table is a box around headings.
    if body.iter().all(|r| group_row(r).is_some()) {
        for r in body {
            if let Some(h) = group_row(r) {
                d.enter(h, &place_of(r.first()));
            }
        }
        return;
    }
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
    let mut group_heading: Option<layout::Heading> = None;
    for row in body {
        let cells = grid(row);
        let place = place_of(row.first());
        if let Some(h) = group_row(row) {
            if summary {
                group = Some(h.number);
                group_heading = Some(h);
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
        // "18", "Para. 18", or "18(a)": the paragraph, and the
        // recommendation's own number when it is more than that.
        let (row_group, reference) = first_of(&cells, &cols, &Column::Paragraph)
            .map(|c| number_of(&cell_text(Some(c))))
            .unwrap_or_default();
        let extra = other_columns(&cells, &cols);
        if text.is_empty() {
            go_on(d, row, &cells, &cols, extra, summary, (last, last_summary));
            continue;
        }
        let grade = d.grade(grade_cell);
        let mut stray = notes_in(rec_cell);
        stray.extend(notes_in(grade_cell));
        if summary {
            d.summary.push(SummaryRow {
                reference: reference.clone(),
                group: row_group.or(group),
                heading: group_heading
                    .clone()
                    .filter(|h| Some(h.number) == row_group.or(group)),
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
                &row_text(row),
            );
            continue;
        };
        let sec = &mut d.paragraphs[s];
        sec.has_table = true;
        sec.recs.push(Rec {
            text,
            grade,
            reference,
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
