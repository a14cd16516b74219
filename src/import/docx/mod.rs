//! Reads a Word document (.docx) into a [`Document`]: the body's
//! paragraphs and tables in order, the footnotes cited in it, and the
//! place of each footnote's mark in the text.
//!
//! A .docx is a ZIP archive of XML parts (read with `zip` and `quick-xml`):
//! the main part (`word/document.xml`, found through `_rels/.rels`) holds
//! the body, `word/footnotes.xml` (and `word/endnotes.xml`, read the same
//! way) the notes, and each part's `_rels/….rels` the targets of its
//! hyperlinks. What is read:
//!
//! - Body paragraphs become [`Block::Para`], placed as
//!   [`Place::Paragraph`]`(n)`: the n-th paragraph of the body that is not
//!   blank (blank ones are left out, and not counted). Paragraphs in text
//!   boxes follow the paragraph that anchors them.
//! - Tables become [`Block::Table`]: rows of cells of paragraphs, placed as
//!   [`Place::Cell`] (table, row and cell counted from 1, tables in body
//!   order); blank paragraphs in a cell are left out. A table inside a cell
//!   is flattened into that cell's paragraphs. A merged cell keeps the
//!   number of grid columns it spans; a cell merged with the one above
//!   repeats its paragraphs.
//! - A footnote's mark is an [`Inline::Note`] where it stands in the text;
//!   footnotes are indexed in the order they are first cited, Word's
//!   separators left out; footnotes never cited follow, placed as
//!   [`Place::Uncited`], so that the import can name them. A footnote's text is
//!   its words with the field codes out (`w:instrText`, and `HYPERLINK "…"`
//!   typed as text) and its address out of the words; the address is the
//!   target of its first web or mail hyperlink, or else of a HYPERLINK
//!   field, or else the first http(s) address in its words
//!   ([`clean::footnote`]), or else the target of another hyperlink
//!   (`javascript:`), which the import keeps as words, saying so.
//! - Tabs and line breaks become spaces, soft hyphens and zero-width
//!   characters go, non-breaking spaces become spaces ([`clean::text`]);
//!   deleted text (tracked changes) and the fallback copies of drawings
//!   are skipped.
//!
//! Nothing here panics on a damaged or foreign file: it is an `Err`
//! saying what was wrong. Memory is bounded whatever the archive holds: a
//! part is read up to [`MAX_PART`] unpacked, and all parts together up to
//! [`MAX_ELEMENTS`] elements.

use super::clean;
use super::document::{Block, Cell, Document, Footnote, Inline, Para, Place, Text};
use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The WordprocessingML namespaces, transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The most one part may take unpacked: a long document's text is a few MB.
const MAX_PART: u64 = 32 << 20;
/// The most XML elements and attributes read from all parts together: a
/// long document has some 100,000; each takes about 200 bytes once read,
/// so memory stays well under 1 GiB whatever the archive holds.
const MAX_ELEMENTS: usize = 1_000_000;
/// The deepest nesting of XML elements read (Word's go about 20 deep).
const MAX_DEPTH: usize = 256;

/// Reads the .docx `bytes`.
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    let not_docx = |why: String| format!("the file is not a Word document (.docx): {why}");
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(not_docx(
            "it is an old Word document (.doc), or one protected by a password: open it in Word and save it as a .docx without a password".into(),
        ));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| not_docx(format!("it is not a ZIP archive ({e})")))?;
    let mut package = Package {
        zip,
        budget: std::cell::Cell::new(MAX_ELEMENTS),
    };

    // The main part, through the package's relationships.
    let main = package
        .part("_rels/.rels")?
        .map(|x| parse(&x, "_rels/.rels", &package.budget))
        .transpose()?
        .and_then(|rels| {
            relationships(&rels, "")
                .into_iter()
                .find(|r| r.kind == "officeDocument" && !r.external)
                .map(|r| r.target)
        })
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(body_xml) = package.part(&main)? else {
        return Err(not_docx(format!("it has no {main}")));
    };
    let body = parse(&body_xml, &main, &package.budget)?;
    drop(body_xml);
    let rels = package.rels_of(&main)?;

    // The notes, by kind and id, before the body cites them.
    let mut notes = HashMap::new();
    for kind in [NoteKind::Foot, NoteKind::End] {
        let Some(part) = rels
            .iter()
            .find(|r| r.kind == kind.rel_type() && !r.external)
            .map(|r| r.target.clone())
        else {
            continue;
        };
        let Some(xml) = package.part(&part)? else {
            continue;
        };
        let root = parse(&xml, &part, &package.budget)?;
        let links = package.rels_of(&part)?;
        read_notes(&root, kind, &links, &mut notes);
    }

    let numbering = match rels.iter().find(|r| r.kind == "numbering" && !r.external) {
        Some(r) => match package.part(&r.target)? {
            Some(xml) => Numbering::read(&parse(&xml, &r.target, &package.budget)?),
            None => Numbering::default(),
        },
        None => Numbering::default(),
    };
    let mut cx = Cx {
        notes,
        numbering,
        cited: Vec::new(),
        ids: HashMap::new(),
        place: Place::Paragraph(1),
        paragraphs: 0,
        tables: 0,
    };
    let mut blocks = Vec::new();
    match find(&body, "body") {
        Some(b) => body_blocks(b, &mut cx, &mut blocks),
        None => {
            return Err(not_docx(format!(
                "its main part, {main}, has no Word body (is it a spreadsheet or a presentation?)"
            )));
        }
    }
    // Notes the text cites nowhere are read too, so that the import can
    // say it leaves them out: in the order of their ids.
    let mut uncited: Vec<_> = cx.notes.into_iter().collect();
    uncited.sort_by_key(|((kind, id), _)| {
        (*kind == NoteKind::End, id.parse::<i64>().ok(), id.clone())
    });
    let mut footnotes = cx.cited;
    uncited.retain(|(_, raw)| !raw.text.is_empty() || raw.url.is_some());
    for (k, (_, raw)) in uncited.into_iter().enumerate() {
        footnotes.push(Footnote {
            text: raw.text,
            url: raw.url,
            place: Place::Uncited(k + 1),
        });
    }
    Ok(Document {
        blocks,
        footnotes,
        guessed: Vec::new(),
    })
}

/// The archive, read part by part.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// The XML elements that may still be read ([`MAX_ELEMENTS`]).
    budget: std::cell::Cell<usize>,
}

impl Package<'_> {
    /// The part named `name` (names are case-insensitive in a package) as
    /// text, or `None` if the archive has none.
    fn part(&mut self, name: &str) -> Result<Option<String>, String> {
        let name = name.trim_start_matches('/');
        let Some(index) = self
            .zip
            .file_names_raw()
            .position(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Ok(None);
        };
        let damaged = |e: String| format!("the Word document is damaged: cannot read {name} ({e})");
        let file = self
            .zip
            .by_index(index)
            .map_err(|e| damaged(e.to_string()))?;
        if file.size() > MAX_PART {
            return Err(format!(
                "the Word document's {name} is too large to read ({} MB unpacked)",
                file.size() >> 20
            ));
        }
        let mut raw = Vec::new();
        file.take(MAX_PART + 1)
            .read_to_end(&mut raw)
            .map_err(|e| damaged(e.to_string()))?;
        if raw.len() as u64 > MAX_PART {
            return Err(format!("the Word document's {name} is too large to read"));
        }
        decode(raw)
            .map(Some)
            .ok_or_else(|| damaged("its XML is neither UTF-8 nor UTF-16".into()))
    }

    /// The relationships of the part `name` (from `dir/_rels/file.rels`).
    fn rels_of(&mut self, name: &str) -> Result<Vec<Rel>, String> {
        let name = name.trim_start_matches('/');
        let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        Ok(match self.part(&rels)? {
            Some(xml) => relationships(&parse(&xml, &rels, &self.budget)?, dir),
            None => Vec::new(),
        })
    }
}

/// A part's bytes as text: UTF-8, or UTF-16 with its byte order mark.
fn decode(raw: Vec<u8>) -> Option<String> {
    let utf16 = |be: bool| {
        let units: Vec<u16> = raw[2..]
            .chunks_exact(2)
            .map(|c| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).ok()
    };
    match raw.get(..2) {
        Some([0xFF, 0xFE]) => utf16(false),
        Some([0xFE, 0xFF]) => utf16(true),
        _ => {
            let s = String::from_utf8(raw).ok()?;
            Some(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s))
        }
    }
}

/// The reading's state.
struct Cx {
    /// The notes not yet cited, by kind and id.
    notes: HashMap<(NoteKind, String), RawNote>,
    /// The notes cited, in the order of their first citation.
    cited: Vec<Footnote>,
    /// The index of each note cited, by kind and id.
    ids: HashMap<(NoteKind, String), usize>,
    /// Where the text being read is, for the notes cited in it.
    place: Place,
    /// The body's paragraphs that are not blank, so far.
    paragraphs: usize,
    /// The body's tables, so far.
    tables: usize,
    /// Word's list numbering, and how far each list has counted.
    numbering: Numbering,
}

impl Cx {
    /// The index of a note cited here: a new one at its first citation.
    fn cite(&mut self, kind: NoteKind, id: &str) -> Option<usize> {
        let key = (kind, id.to_string());
        if let Some(k) = self.ids.get(&key) {
            return Some(*k);
        }
        let raw = self.notes.remove(&key)?;
        self.cited.push(Footnote {
            text: raw.text,
            url: raw.url,
            place: self.place.clone(),
        });
        self.ids.insert(key, self.cited.len() - 1);
        Some(self.cited.len() - 1)
    }
}

/// Elements whose whole content is skipped: deleted text (tracked
/// changes), properties, and the fallback copy of a drawing or text box
/// whose first copy is read.
fn skipped(el: &El) -> bool {
    match el.ns {
        Ns::W => matches!(
            el.name.as_str(),
            "del"
                | "moveFrom"
                | "delText"
                | "delInstrText"
                | "pPr"
                | "rPr"
                | "tblPr"
                | "tblGrid"
                | "trPr"
                | "tcPr"
                | "sectPr"
                | "sdtPr"
                | "sdtEndPr"
        ),
        Ns::Mc => el.name == "Fallback",
        Ns::Other => false,
    }
}

/// The body's blocks: its paragraphs and tables, through the wrappers
/// (content controls, custom XML) around them.
fn body_blocks(el: &El, cx: &mut Cx, blocks: &mut Vec<Block>) {
    for k in el.els() {
        if skipped(k) {
            continue;
        }
        if k.is("p") {
            cx.place = Place::Paragraph(cx.paragraphs + 1);
            let mut extra = Extra::default();
            let first = paragraph(k, cx, &mut extra);
            // The style names an author or a date line of a title block.
            let style = k
                .els()
                .find(|e| e.is("pPr"))
                .and_then(|p| p.els().find(|e| e.is("pStyle")))
                .and_then(|s| s.attr("val"))
                .filter(|v| matches!(*v, "Author" | "Date"))
                .map(str::to_string);
            for (i, text) in std::iter::once(first).chain(extra.paras).enumerate() {
                if !text.is_blank() {
                    cx.paragraphs += 1;
                    blocks.push(Block::Para(Para {
                        text,
                        place: Place::Paragraph(cx.paragraphs),
                        style: if i == 0 { style.clone() } else { None },
                    }));
                }
            }
        } else if k.is("tbl") {
            cx.tables += 1;
            let rows = table(k, cx);
            blocks.push(Block::Table(rows));
        } else {
            body_blocks(k, cx, blocks);
        }
    }
}

/// The elements named `name` among `el`'s children, through wrappers.
fn children<'a>(el: &'a El, name: &str, out: &mut Vec<&'a El>) {
    for k in el.els() {
        if k.is(name) {
            out.push(k);
        } else if !skipped(k) && !k.is("tbl") && !k.is("p") {
            children(k, name, out);
        }
    }
}

fn table(tbl: &El, cx: &mut Cx) -> Vec<Vec<Cell>> {
    let table = cx.tables;
    let mut trs = Vec::new();
    children(tbl, "tr", &mut trs);
    let mut rows = Vec::new();
    // The paragraphs of the cell that starts a vertical merge, by grid
    // column: the cells it covers below repeat them.
    let mut above: HashMap<usize, Vec<Para>> = HashMap::new();
    for (r, tr) in trs.into_iter().enumerate() {
        let mut tcs = Vec::new();
        children(tr, "tc", &mut tcs);
        let mut cells = Vec::new();
        let mut grid = 0;
        // Grid columns a row leaves empty before its first cell.
        let before = tr
            .els()
            .find(|e| e.is("trPr"))
            .and_then(|p| p.els().find(|e| e.is("gridBefore")))
            .and_then(|g| g.attr("val"))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
            .min(64);
        if before > 0 {
            cells.push(Cell {
                paras: Vec::new(),
                place: Place::Cell {
                    table,
                    row: r + 1,
                    cell: 0,
                },
                span: before,
            });
            grid = before;
        }
        for (c, tc) in tcs.into_iter().enumerate() {
            let place = Place::Cell {
                table,
                row: r + 1,
                cell: c + 1,
            };
            let props = tc.els().find(|e| e.is("tcPr"));
            let span = props
                .and_then(|p| p.els().find(|e| e.is("gridSpan")))
                .and_then(|g| g.attr("val"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 64);
            let merge = props
                .and_then(|p| p.els().find(|e| e.is("vMerge")))
                .map(|m| m.attr("val").unwrap_or("continue").to_string());
            cx.place = place.clone();
            let mut texts = Vec::new();
            let mut extra = Extra::default();
            flat_paras(tc, cx, &mut texts, &mut extra);
            let mut paras: Vec<Para> = texts
                .into_iter()
                .filter(|t| !t.is_blank())
                .map(|text| Para {
                    text,
                    place: place.clone(),
                    style: None,
                })
                .collect();
            match merge.as_deref() {
                Some("continue") if paras.is_empty() => {
                    paras = above.get(&grid).cloned().unwrap_or_default();
                }
                Some(_) => {
                    above.insert(grid, paras.clone());
                }
                None => {
                    above.remove(&grid);
                }
            }
            cells.push(Cell { paras, place, span });
            grid += span;
        }
        rows.push(cells);
    }
    rows
}

/// Every paragraph under `el`, tables flattened, text boxes after the
/// paragraph that holds them.
fn flat_paras(el: &El, cx: &mut Cx, out: &mut Vec<Text>, extra: &mut Extra) {
    for k in el.els() {
        if skipped(k) {
            continue;
        }
        if k.is("p") {
            let mut inner = Extra::default();
            out.push(paragraph(k, cx, &mut inner));
            out.append(&mut inner.paras);
            extra.links.append(&mut inner.links);
            extra.instr.push_str(&inner.instr);
        } else {
            flat_paras(k, cx, out, extra);
        }
    }
}

/// What a paragraph holds besides its text: the paragraphs of its text
/// boxes, its hyperlinks' relationship ids, its field instructions.
#[derive(Default)]
struct Extra {
    paras: Vec<Text>,
    links: Vec<String>,
    instr: String,
}

/// A paragraph's text being gathered.
#[derive(Default)]
struct Words {
    items: Vec<Inline>,
    buf: String,
}

impl Words {
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.items.push(Inline::Str(std::mem::take(&mut self.buf)));
        }
    }

    fn finish(mut self) -> Text {
        self.flush();
        let mut items: Vec<Inline> = self
            .items
            .into_iter()
            .map(|i| match i {
                Inline::Str(s) => Inline::Str(clean::text(&s)),
                n => n,
            })
            .collect();
        if let Some(Inline::Str(s)) = items.first_mut() {
            *s = s.trim_start().to_string();
        }
        if let Some(Inline::Str(s)) = items.last_mut() {
            *s = s.trim_end().to_string();
        }
        items.retain(|i| !matches!(i, Inline::Str(s) if s.is_empty()));
        Text(items)
    }
}

fn paragraph(p: &El, cx: &mut Cx, extra: &mut Extra) -> Text {
    let mut words = Words::default();
    if let Some(n) = cx.numbering.number(p) {
        words.buf.push_str(&n);
    }
    inline(p, cx, &mut words, extra);
    words.finish()
}

fn inline(el: &El, cx: &mut Cx, words: &mut Words, extra: &mut Extra) {
    for k in el.els() {
        if skipped(k) {
            continue;
        }
        match (k.ns, k.name.as_str()) {
            (Ns::W, "t") => words.buf.push_str(&k.text()),
            (Ns::W, "instrText") => {
                extra.instr.push_str(&k.text());
                extra.instr.push(' ');
            }
            (Ns::W, "tab" | "br" | "cr" | "ptab") => words.buf.push(' '),
            (Ns::W, "noBreakHyphen") => words.buf.push('-'),
            (Ns::W, "footnoteReference" | "endnoteReference") => reference(k, cx, words),
            (Ns::W, "r") if custom_mark(k) => {
                // A mark of the author's own ("*") follows the reference:
                // the reference is the mark, its characters are not words.
                for r in k.els() {
                    if r.is("footnoteReference") || r.is("endnoteReference") {
                        reference(r, cx, words);
                    }
                }
            }
            (Ns::W, "hyperlink") => {
                if let Some(id) = k.attr("id") {
                    extra.links.push(id.to_string());
                }
                inline(k, cx, words, extra);
            }
            (Ns::W, "p") => {
                // A text box's paragraph, inside this one.
                let mut inner = Extra::default();
                let text = paragraph(k, cx, &mut inner);
                extra.paras.push(text);
                extra.paras.append(&mut inner.paras);
                extra.links.append(&mut inner.links);
                extra.instr.push_str(&inner.instr);
            }
            (Ns::W, "tbl") => {
                // A table in a text box: its paragraphs.
                let mut inner = Extra::default();
                let mut texts = Vec::new();
                flat_paras(k, cx, &mut texts, &mut inner);
                extra.paras.append(&mut texts);
                extra.links.append(&mut inner.links);
                extra.instr.push_str(&inner.instr);
            }
            _ => inline(k, cx, words, extra),
        }
    }
}

/// A note's mark: the note cited here, if the document has it.
fn reference(k: &El, cx: &mut Cx, words: &mut Words) {
    let kind = if k.name == "footnoteReference" {
        NoteKind::Foot
    } else {
        NoteKind::End
    };
    if let Some(n) = k.attr("id").and_then(|id| cx.cite(kind, id)) {
        words.flush();
        words.items.push(Inline::Note(n));
    }
}

/// Whether a run holds a note's reference followed by the author's own
/// mark for it.
fn custom_mark(r: &El) -> bool {
    r.els().any(|k| {
        (k.is("footnoteReference") || k.is("endnoteReference")) && k.on("customMarkFollows")
    })
}

mod notes;
mod numbering;
#[cfg(test)]
mod tests;
mod xml;

use notes::*;
use numbering::Numbering;
use xml::*;
