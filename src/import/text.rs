//! Reads an assessment as its text comes out of Word (copied, or saved as
//! plain text): each table cell's first paragraph is a line that starts with
//! a tab, a cell's further paragraphs are lines without one, the footnotes
//! come last, each starting with U+FFFD where Word's number was, and the
//! footnote marks in the body are lost. A mark leaves a trace, though: the
//! words after it go on on a line of their own that starts with a space or
//! a full stop, or a line holding only spaces follows. Footnotes are placed
//! at those traces in order, and every place is reported as guessed.

use super::clean;
use super::document::{Block, Cell, Document, Footnote, Inline, Para, Place, Text};

struct Line<'a> {
    n: usize,
    /// The text after the tab, for a cell's first paragraph.
    cell: Option<&'a str>,
    text: &'a str,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

pub fn read(source: &str) -> Document {
    let lines: Vec<Line> = source
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let l = l.trim_end_matches('\r');
            let cell = l.trim_start_matches(' ').strip_prefix('\t');
            Line {
                n: i + 1,
                cell,
                text: l,
            }
        })
        .collect();
    let notes_start = lines
        .iter()
        .position(|l| l.text.trim_start().starts_with('\u{fffd}'))
        .unwrap_or(lines.len());
    let (footnotes, after) = read_footnotes(&lines[notes_start..]);
    let mut doc = Document {
        footnotes,
        ..Document::default()
    };
    read_body(&lines[..notes_start], &mut doc.blocks);
    // What follows the footnotes (the grade legends) is body text.
    for l in &lines[notes_start + after..] {
        if !l.blank() {
            doc.blocks.push(Block::Para(Para {
                text: Text::plain(clean::text(l.text).trim()),
                place: Place::Line(l.n),
                style: None,
            }));
        }
    }
    place_notes(&mut doc);
    doc
}

/// The footnotes, one per line that starts with U+FFFD (its further lines
/// joined to it, up to a blank line); and how many lines they took.
fn read_footnotes(lines: &[Line]) -> (Vec<Footnote>, usize) {
    let mut notes: Vec<Footnote> = Vec::new();
    let mut open = false;
    let mut used = 0;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if let Some(rest) = t.strip_prefix('\u{fffd}') {
            let (text, url) = clean::footnote(rest);
            notes.push(Footnote {
                text,
                url,
                place: Place::Line(l.n),
            });
            open = true;
            used = i + 1;
        } else if t.is_empty() {
            open = false;
        } else if open {
            if let Some(last) = notes.last_mut() {
                let (more, url) = clean::footnote(t);
                last.text = format!("{} {more}", last.text).trim().to_string();
                last.url = last.url.take().or(url);
            }
            used = i + 1;
        } else {
            break;
        }
    }
    (notes, used)
}

/// A grade as typed in a table, look-alike letters allowed: `B2`, `N/A`,
/// `C`, `C2-D1`.
pub fn looks_like_grade(s: &str) -> bool {
    let g = clean::grade(s.trim()).0;
    if g.eq_ignore_ascii_case("n/a") {
        return true;
    }
    let one = |p: &str| {
        let b = p.as_bytes();
        matches!(b.len(), 1 | 2)
            && (b'A'..=b'E').contains(&b[0].to_ascii_uppercase())
            && b.get(1).is_none_or(|d| d.is_ascii_digit())
    };
    let parts: Vec<&str> = g.split(['-', '–']).collect();
    (1..=2).contains(&parts.len()) && parts.iter().all(|p| one(p.trim()))
}

/// The header of one of the assessment's tables: the summary table's
/// "Recommendation 7" / "Grade" / "Overview", or a detailed table's
/// "Recommendations from the HR Committee" / "Grade" / "Action(s) taken by
/// the State" / "Other comments".
fn is_header(cell: &str) -> bool {
    let c = cell.trim().to_lowercase();
    c.split_whitespace().count() <= 6
        && !c.contains(" should ")
        && (super::layout::heading(&c, true).is_some_and(|h| h.title.is_empty())
            || super::layout::column(&c) == Some(super::layout::Column::Recommendation))
}

/// The body's paragraphs and tables; where a footnote mark left a trace,
/// an empty `Str` marks the place ([`place_notes`] puts the notes there).
fn read_body(lines: &[Line], blocks: &mut Vec<Block>) {
    let mut i = 0;
    let mut tables = 0;
    while i < lines.len() {
        let l = &lines[i];
        match l.cell {
            Some(c) if is_header(c) => {
                tables += 1;
                let (rows, next) = read_table(lines, i, tables);
                blocks.push(Block::Table(rows));
                i = next;
            }
            _ => {
                if !l.blank() {
                    blocks.push(Block::Para(Para {
                        text: Text::plain(clean::text(l.cell.unwrap_or(l.text)).trim()),
                        place: Place::Line(l.n),
                        style: None,
                    }));
                }
                i += 1;
            }
        }
    }
}

/// The next line at or after `i` that is not blank, nor an empty cell.
fn next_filled(lines: &[Line], mut i: usize) -> Option<usize> {
    while i < lines.len() {
        if !lines[i].blank() {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether a row starts at `i`: a cell line followed by a grade.
fn row_starts(lines: &[Line], i: usize) -> bool {
    let Some(c) = lines[i].cell.filter(|c| !c.trim().is_empty()) else {
        return false;
    };
    if looks_like_grade(c) {
        return false;
    }
    next_filled(lines, i + 1)
        .and_then(|j| lines[j].cell)
        .is_some_and(looks_like_grade)
}

/// A table from its header at `start` to the line where something else
/// begins (a body paragraph that is not a cell's further paragraph, or
/// another table's header): its rows, and that line.
fn read_table(lines: &[Line], start: usize, table: usize) -> (Vec<Vec<Cell>>, usize) {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let cell_place = |row: usize, cell: usize| Place::Cell { table, row, cell };
    // The header: its filled cells, up to the first row.
    let mut i = start;
    let mut header = Vec::new();
    while i < lines.len() && !row_starts(lines, i) {
        match lines[i].cell {
            Some(c) if !c.trim().is_empty() => header.push(c.trim().to_string()),
            Some(_) => {}
            None if lines[i].blank() => {}
            None => break,
        }
        i += 1;
    }
    let columns = header.len().max(3);
    let push_header = |rows: &mut Vec<Vec<Cell>>, header: &[String]| {
        let r = rows.len() + 1;
        rows.push(
            header
                .iter()
                .enumerate()
                .map(|(k, h)| Cell {
                    paras: vec![Para {
                        text: Text::plain(h),
                        place: cell_place(r, k + 1),
                        style: None,
                    }],
                    place: cell_place(r, k + 1),
                    span: 1,
                })
                .collect(),
        );
    };
    push_header(&mut rows, &header);
    while i < lines.len() {
        let Some(first) = next_filled(lines, i) else {
            i = lines.len();
            break;
        };
        // A group header inside the summary table ("Recommendation 21").
        if lines[first].cell.is_some_and(is_header) && !row_starts(lines, first) {
            let mut j = first;
            let mut group = Vec::new();
            while j < lines.len()
                && !row_starts(lines, j)
                && (lines[j].cell.is_some() || lines[j].blank())
            {
                if let Some(c) = lines[j].cell.filter(|c| !c.trim().is_empty()) {
                    group.push(c.trim().to_string());
                }
                j += 1;
            }
            push_header(&mut rows, &group);
            i = j;
            continue;
        }
        if !row_starts(lines, first) {
            i = first;
            break;
        }
        let r = rows.len() + 1;
        let mut cells: Vec<Cell> = vec![Cell {
            paras: vec![para(lines[first].cell.unwrap_or(""), lines[first].n)],
            place: cell_place(r, 1),
            span: 1,
        }];
        let g = next_filled(lines, first + 1).unwrap_or(first + 1);
        cells.push(Cell {
            paras: vec![para(lines[g].cell.unwrap_or(""), lines[g].n)],
            place: cell_place(r, 2),
            span: 1,
        });
        // The rest of the row: a cell line starts the next cell (the last
        // column takes all the rest); other lines go on the current one.
        let mut j = g + 1;
        let mut current: Option<Cell> = None;
        let mut blank_before = false;
        while j < lines.len() {
            let l = &lines[j];
            if row_starts(lines, j) || l.cell.is_some_and(is_header) {
                break;
            }
            if l.cell.is_none() && !l.blank() && blank_before && starts_body(l.text) {
                break;
            }
            match l.cell {
                Some(c) => {
                    let k = cells.len() + 1;
                    if k <= columns {
                        if let Some(done) = current.take() {
                            cells.push(done);
                        }
                        current = Some(Cell {
                            paras: Vec::new(),
                            place: cell_place(r, cells.len() + 1),
                            span: 1,
                        });
                    }
                    let cur = current.get_or_insert_with(|| Cell {
                        paras: Vec::new(),
                        place: cell_place(r, k),
                        span: 1,
                    });
                    if !c.trim().is_empty() {
                        cur.paras.push(para(c, l.n));
                    }
                }
                None if l.blank() => {
                    // A line of spaces right after a paragraph: perhaps a mark.
                    if !l.text.is_empty()
                        && !blank_before
                        && let Some(last) = current.as_mut().and_then(|c| c.paras.last_mut())
                    {
                        last.text.0.push(Inline::Str(String::new()));
                    }
                }
                None => {
                    let cur = current.get_or_insert_with(|| Cell {
                        paras: Vec::new(),
                        place: cell_place(r, cells.len() + 1),
                        span: 1,
                    });
                    let trimmed = l.text.trim_start();
                    let goes_on = !blank_before
                        && (l.text.starts_with(' ') || trimmed.starts_with(['.', ',', ';', ')']));
                    match cur.paras.last_mut() {
                        Some(last) if goes_on => {
                            last.text.0.push(Inline::Str(String::new()));
                            let joined = if trimmed.starts_with(['.', ',', ';', ')']) {
                                clean::text(trimmed).trim_end().to_string()
                            } else {
                                format!(" {}", clean::text(trimmed).trim_end())
                            };
                            last.text.0.push(Inline::Str(joined));
                        }
                        _ => {
                            cur.paras.push(para(l.text, l.n));
                        }
                    }
                }
            }
            blank_before = l.blank();
            j += 1;
        }
        if let Some(done) = current.take() {
            cells.push(done);
        }
        rows.push(cells);
        i = j;
    }
    (rows, i)
}

/// Whether a line outside any cell begins the body again rather than a
/// cell's further paragraph: a paragraph's heading.
fn starts_body(text: &str) -> bool {
    super::layout::heading(text, false).is_some()
}

fn para(text: &str, line: usize) -> Para {
    Para {
        text: Text::plain(clean::text(text).trim()),
        place: Place::Line(line),
        style: None,
    }
}

/// Puts the footnotes at the traces their marks left, in order: the empty
/// `Str` pushed at each trace is where a mark goes. Footnotes beyond the
/// traces go after the last one placed; every footnote of a text document
/// is listed as guessed.
fn place_notes(doc: &mut Document) {
    let n = doc.footnotes.len();
    let mut next = 0;
    for block in doc.blocks.iter_mut() {
        let Block::Table(rows) = block else { continue };
        for row in rows.iter_mut() {
            for cell in row.iter_mut() {
                for p in cell.paras.iter_mut() {
                    for inline in p.text.0.iter_mut() {
                        if matches!(inline, Inline::Str(s) if s.is_empty()) && next < n {
                            *inline = Inline::Note(next);
                            next += 1;
                        }
                    }
                    p.text
                        .0
                        .retain(|i| !matches!(i, Inline::Str(s) if s.is_empty()));
                }
            }
        }
    }
    // The rest, after the last mark placed, in the same paragraph.
    if next < n {
        let last = doc.blocks.iter_mut().rev().find_map(|b| match b {
            Block::Table(rows) => rows.iter_mut().rev().find_map(|row| {
                row.iter_mut().rev().find_map(|c| {
                    c.paras
                        .iter_mut()
                        .rev()
                        .find(|p| p.text.0.iter().any(|i| matches!(i, Inline::Note(_))))
                })
            }),
            _ => None,
        });
        if let Some(p) = last {
            p.text.0.extend((next..n).map(Inline::Note));
        }
    }
    doc.guessed = (0..n).collect();
}
