//! From a read [`Document`] to the dossier: the title block's facts, the
//! follow-up paragraphs (heading, the Committee's concern, tables), the
//! grade legends; with a warning for everything that had to be guessed
//! and, for everything of the document that is not used, a [`LeftOut`]
//! naming it. The tables themselves are read in [`super::tables`].

use super::clean;
use super::document::{Block, Cell, Document, Inline, Para, Text};
use super::layout;
use super::tables::{self, SummaryRow};
use super::title;

/// Something uncertain, and where in the document it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    pub place: String,
    pub message: String,
}

/// What of the document is not in the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Table,
    Row,
    Text,
    Footnote,
}

/// Something of the document left out of the dossier: where, why, and
/// its first 80 characters.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeftOut {
    pub kind: Kind,
    pub place: String,
    pub what: String,
    pub text: String,
}

/// The first 80 characters of `s`, spaces run together.
pub fn first_80(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// One recommendation as the document gives it.
#[derive(Debug, Default)]
pub struct Rec {
    pub text: String,
    pub grade: String,
    /// The recommendation's own number, "18(a)", if the document gives it.
    pub reference: String,
    pub summary: String,
    pub action: Vec<Text>,
    pub comments: Vec<Text>,
    /// Columns the importer does not know: their header, and the cell.
    pub extra: Vec<(String, Vec<Text>)>,
    /// The overview of a detailed table's own column, footnotes and all.
    pub overview: Text,
    /// Footnotes cited where the dossier cannot hold them (the
    /// recommendation's words, the grade).
    pub stray_notes: Vec<usize>,
    /// Where its row is, and its words, to name it if it is left out.
    pub place: String,
}

#[derive(Debug, Default)]
pub struct Section {
    pub number: u32,
    /// The topic of its heading.
    pub title: String,
    pub articles: Vec<u32>,
    /// The Committee's concern, paragraph by paragraph.
    pub concern: Vec<Text>,
    pub recs: Vec<Rec>,
    /// Whether a table of its recommendations has been read.
    pub has_table: bool,
    pub place: String,
}

/// A grade of the legends: code, label, and the heading above it.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendGrade {
    pub code: String,
    pub label: String,
    pub description: Option<String>,
}

/// The facts of the title block, and the text before the first paragraph.
#[derive(Debug, Default)]
pub struct Facts {
    /// The document symbol: "CCPR/C/TJK/CO/3".
    pub document: Option<String>,
    /// The date of the assessment, `YYYY-MM-DD`.
    pub assessed: Option<String>,
    /// The organisation that made the assessment.
    pub assessor: Option<String>,
    /// Text before the first follow-up paragraph: the introduction.
    pub intro: Vec<Text>,
}

#[derive(Debug, Default)]
pub struct Dossier {
    pub paragraphs: Vec<Section>,
    pub legend: Vec<LegendGrade>,
    /// Each footnote's words, address and place, by index.
    pub footnotes: Vec<(String, Option<String>, String)>,
    pub warnings: Vec<Warning>,
    pub left_out: Vec<LeftOut>,
    pub facts: Facts,
    /// Tables and rows (not blank) read.
    pub tables: usize,
    pub rows: usize,
    /// The summary table's rows, until they are merged.
    pub(super) summary: Vec<SummaryRow>,
    /// The section the tables being read belong to, by index.
    pub(super) current: Option<usize>,
}

pub(super) fn cell_text(c: Option<&Cell>) -> String {
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

pub(super) fn place_of(c: Option<&Cell>) -> String {
    c.map(|c| c.place.to_string()).unwrap_or_default()
}

/// The footnotes cited in a cell.
pub(super) fn notes_in(c: Option<&Cell>) -> Vec<usize> {
    c.map(|c| {
        c.paras
            .iter()
            .flat_map(|p| p.text.0.iter())
            .filter_map(|i| match i {
                Inline::Note(n) => Some(*n),
                Inline::Str(_) => None,
            })
            .collect()
    })
    .unwrap_or_default()
}

/// The words of a text without case, punctuation and spacing, to compare
/// two wordings.
pub(super) fn words(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Dossier {
    pub(super) fn warn(&mut self, place: impl ToString, message: impl Into<String>) {
        self.warnings.push(Warning {
            place: place.to_string(),
            message: message.into(),
        });
    }

    pub(super) fn leave_out(
        &mut self,
        kind: Kind,
        place: impl ToString,
        what: impl Into<String>,
        text: &str,
    ) {
        self.left_out.push(LeftOut {
            kind,
            place: place.to_string(),
            what: what.into(),
            text: first_80(text),
        });
    }

    /// The section numbered `number`, made if there is none yet.
    pub(super) fn section(&mut self, number: u32, place: &str) -> usize {
        if let Some(i) = self.paragraphs.iter().position(|s| s.number == number) {
            return i;
        }
        self.paragraphs.push(Section {
            number,
            place: place.to_string(),
            ..Section::default()
        });
        self.paragraphs.len() - 1
    }

    /// Enters the paragraph a heading (or a table's group row) names: it
    /// becomes the current one, and takes the heading's topic and articles
    /// where it gives them (the last heading wins: a table of contents
    /// comes first). Returns its index.
    pub(super) fn enter(&mut self, h: crate::import::layout::Heading, place: &str) -> usize {
        let i = self.section(h.number, place);
        self.current = Some(i);
        let s = &mut self.paragraphs[i];
        if !h.title.is_empty() {
            s.title = h.title;
        }
        if !h.articles.is_empty() {
            s.articles = h.articles;
        }
        i
    }

    /// A grade cell's code, look-alike letters made Latin (each reported);
    /// the grade's words after its code ("B2 – partially satisfactory")
    /// are the scale's, and dropped.
    pub(super) fn grade(&mut self, cell: Option<&Cell>) -> String {
        let typed = cell_text(cell);
        let code = if tables::looks_like_grade(&typed) {
            typed.clone()
        } else {
            typed
                .split(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | ','))
                .next()
                .filter(|w| tables::looks_like_grade(w))
                .unwrap_or(&typed)
                .to_string()
        };
        let (latin, replaced) = clean::grade(&code);
        for (from, to) in replaced {
            self.warn(
                place_of(cell),
                format!(
                    "the grade \"{}\" was typed with the {} letter {from} (U+{:04X}), which looks like the Latin {to}: it became \"{latin}\"",
                    code.trim(),
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
            .map(|f| (f.text.clone(), f.url.clone(), f.place.to_string()))
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
    let mut state = State::default();
    for (k, block) in doc.blocks.iter().enumerate() {
        let legend_next = || next_is_legend(&doc.blocks[k + 1..]);
        match block {
            Block::Table(rows) => {
                state.in_legend = false;
                // A table of one cell is a box around text (a heading, a
                // concern): its paragraphs are read as the body's.
                let filled: Vec<&Cell> = rows
                    .iter()
                    .flatten()
                    .filter(|c| !c.paras.is_empty())
                    .collect();
                if let [cell] = filled.as_slice() {
                    d.tables += 1;
                    d.rows += 1;
                    for p in &cell.paras {
                        paragraph(&mut d, p, &mut state, legend_next());
                    }
                } else {
                    tables::read(&mut d, rows);
                }
                state.seen_table = true;
            }
            Block::Para(p) => paragraph(&mut d, p, &mut state, legend_next()),
        }
    }
    super::merge::merge_summary(&mut d);
    // A recommendation still without a grade cannot be written.
    for s in d.paragraphs.iter_mut() {
        let (graded, ungraded): (Vec<Rec>, Vec<Rec>) = std::mem::take(&mut s.recs)
            .into_iter()
            .partition(|r| !r.grade.is_empty());
        s.recs = graded;
        for r in ungraded {
            d.left_out.push(LeftOut {
                kind: Kind::Row,
                place: r.place.clone(),
                what: format!("a recommendation of paragraph {} without a grade", s.number),
                text: first_80(&r.text),
            });
        }
    }
    d
}

/// Where the reading of the body is.
#[derive(Default)]
struct State {
    /// Among the grade legends: "A Reply/action…" is a legend's line.
    in_legend: bool,
    /// The last line of the legends has its explanation already: one
    /// paragraph after each line is the grade's explanation, no more.
    explained: bool,
    /// Past the first table: the title block is over.
    seen_table: bool,
}

/// One paragraph of the body: a heading, a legend's line, or text.
fn paragraph(d: &mut Dossier, p: &Para, state: &mut State, legend_next: bool) {
    let t = p.text.to_plain();
    let t = t.trim();
    if let Some(h) = layout::heading(t, true) {
        state.in_legend = false;
        let i = d.enter(h, &p.place.to_string());
        let s = &mut d.paragraphs[i];
        // Footnotes of the heading go with the concern.
        let notes: Vec<Inline> = p
            .text
            .0
            .iter()
            .filter(|i| matches!(i, Inline::Note(_)))
            .cloned()
            .collect();
        if !notes.is_empty() {
            s.concern.push(Text(notes));
        }
    } else if let Some(code) = legend_line(t, state.in_legend || after_tables(d)) {
        state.in_legend = true;
        state.explained = false;
        add_legend(d, code);
    } else if layout::legend_heading(t) && legend_next {
        state.in_legend = true;
        state.explained = true;
    } else if state.in_legend && !state.explained && t.split_whitespace().count() <= 60 {
        // A grade's explanation, under its line of the legend.
        state.explained = true;
    } else {
        state.in_legend = false;
        body_text(d, p, t, state.seen_table);
    }
}

/// Whether the reading is past the current paragraph's table, where
/// only the grade legends are expected.
fn after_tables(d: &Dossier) -> bool {
    d.current.is_some_and(|i| d.paragraphs[i].has_table)
}

/// Whether the next paragraph of text is a line of a grade legend.
fn next_is_legend(rest: &[Block]) -> bool {
    match rest.first() {
        Some(Block::Para(p)) => legend_line(p.text.to_plain().trim(), true).is_some(),
        _ => false,
    }
}

/// A paragraph of text that is neither a heading nor a legend: the title
/// block's facts or the introduction before the first follow-up
/// paragraph, the concern after a heading; after a paragraph's table it
/// has no place in the dossier.
fn body_text(d: &mut Dossier, p: &Para, t: &str, seen_table: bool) {
    match d.current {
        None => {
            // "Date of assessment: 15 March 2021", or a date alone in the
            // title block (pandoc's "Date" line).
            let bare = (!seen_table && t.split_whitespace().count() <= 5)
                .then(|| title::date(t))
                .flatten();
            if let Some(date) = title::assessment_date(t).or(bare) {
                d.facts.assessed.get_or_insert(date);
                return;
            }
            // pandoc's "Author" line: the organisation.
            let cites = p.text.0.iter().any(|i| matches!(i, Inline::Note(_)));
            if p.style.as_deref() == Some("Author") && !cites && t.split_whitespace().count() <= 12
            {
                d.facts.assessor.get_or_insert(t.to_string());
                return;
            }
            // A title, not a sentence of the introduction.
            let n = t.split_whitespace().count();
            let short = n <= 6 || n <= 30 && !t.ends_with('.');
            let symbol = title::symbol(t);
            let org = (!seen_table && short)
                .then(|| title::organisation(t))
                .flatten();
            if symbol.is_some() && d.facts.document.is_none() {
                d.facts.document = symbol.clone();
            }
            if org.is_some() && d.facts.assessor.is_none() {
                d.facts.assessor = org.clone();
            }
            // A line of the title block whose facts were taken is used;
            // any other text, or one citing a footnote, is the introduction.
            let notes = p.text.0.iter().any(|i| matches!(i, Inline::Note(_)));
            if notes || !(short && !seen_table && (symbol.is_some() || org.is_some())) {
                d.facts.intro.push(p.text.clone());
            }
        }
        Some(i) if !d.paragraphs[i].has_table => d.paragraphs[i].concern.push(p.text.clone()),
        Some(i) => {
            let n = d.paragraphs[i].number;
            d.leave_out(
                Kind::Text,
                &p.place,
                format!("text after the table of paragraph {n}"),
                t,
            );
        }
    }
}

/// A legend's line: "B2: Implementation partially satisfactory: …",
/// "A1 Response fully satisfactory", "Grade B: State response …".
/// `loose` (among the legends already) also takes "A Reply/action largely
/// satisfactory", the code followed by a capital.
pub(super) fn legend_line(t: &str, loose: bool) -> Option<(String, String, bool)> {
    let t = t.trim();
    let (heading, rest) = match t.strip_prefix("Grade ") {
        Some(r) => (true, r),
        None => (false, t),
    };
    let end = rest.find([':', ' '])?;
    let code = clean::grade(&rest[..end]).0;
    let is_code = code == "N/A"
        || (!code.is_empty()
            && code.len() <= 2
            && code.as_bytes()[0].is_ascii_uppercase()
            && code.as_bytes().get(1).is_none_or(u8::is_ascii_digit)
            && (b'A'..=b'E').contains(&code.as_bytes()[0]));
    if !is_code {
        return None;
    }
    let sep = rest[end..].trim_start();
    // "A1 Response…", "B2: …", "A – Reply…", "Grade B: …"; not "A new law".
    let separated = heading
        || sep.starts_with([':', '-', '–', '—'])
        || code.len() > 1
        || loose
            && sep.starts_with(|c: char| c.is_uppercase())
            && t.split_whitespace().count() <= 25;
    if !separated {
        return None;
    }
    let label = rest[end..]
        .trim_start_matches([':', ' ', '-', '–', '—'])
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
