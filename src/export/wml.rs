//! Markdown (comrak's tree, parsed with the site's own options) becomes
//! WordprocessingML: emphasis, strong and struck-through runs, hyperlinks
//! (external relationships), lists with Word's own numbering, tables with
//! real cells, quotations in the Quote style, and each footnote a real
//! Word footnote (`w:footnoteReference`, its text in footnotes.xml) whose
//! address is a live hyperlink. No Markdown character is left as text.

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, parse_document};
use quick_xml::escape::escape;
use std::collections::HashMap;
use std::fmt::Write;

/// What the whole document gathers besides its body: the footnotes (the
/// first is id 1), the hyperlinks' targets (relationship `rIdL<n>`), the
/// lists (one numbering instance each, `true` when ordered) and the
/// words written, for the count.
#[derive(Default)]
pub struct Parts {
    pub footnotes: Vec<String>,
    pub links: Vec<String>,
    pub lists: Vec<bool>,
    /// The words of everything written since [`Parts::take_words`].
    words: usize,
}

impl Parts {
    /// The words written since the last call.
    pub fn take_words(&mut self) -> usize {
        std::mem::take(&mut self.words)
    }

    fn link(&mut self, url: &str) -> String {
        let n = match self.links.iter().position(|l| l == url) {
            Some(n) => n,
            None => {
                self.links.push(url.to_string());
                self.links.len() - 1
            }
        };
        format!("rIdL{}", n + 1)
    }
}

/// How a run looks.
#[derive(Clone, Copy, Default)]
struct Look {
    bold: bool,
    italic: bool,
    strike: bool,
    link: bool,
}

/// A paragraph's properties: its style, and its list numbering.
#[derive(Clone, Default)]
pub struct ParaStyle {
    pub style: Option<&'static str>,
    /// The numbering instance and level.
    pub list: Option<(usize, usize)>,
}

/// A run of plain `text`, escaped, counted.
pub fn run(parts: &mut Parts, out: &mut String, text: &str) {
    write_run(parts, out, text, Look::default());
}

fn write_run(parts: &mut Parts, out: &mut String, text: &str, look: Look) {
    if text.is_empty() {
        return;
    }
    parts.words += text.split_whitespace().count();
    out.push_str("<w:r>");
    if look.bold || look.italic || look.strike || look.link {
        out.push_str("<w:rPr>");
        if look.link {
            out.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
        }
        if look.bold {
            out.push_str("<w:b/>");
        }
        if look.italic {
            out.push_str("<w:i/>");
        }
        if look.strike {
            out.push_str("<w:strike/>");
        }
        out.push_str("</w:rPr>");
    }
    let _ = write!(
        out,
        "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    );
}

/// A whole paragraph of plain `text` in `style`.
pub fn para(parts: &mut Parts, out: &mut String, style: Option<&'static str>, text: &str) {
    open_para(out, &ParaStyle { style, list: None });
    run(parts, out, text);
    out.push_str("</w:p>");
}

pub fn open_para(out: &mut String, s: &ParaStyle) {
    out.push_str("<w:p>");
    if s.style.is_some() || s.list.is_some() {
        out.push_str("<w:pPr>");
        if let Some(style) = s.style {
            let _ = write!(out, "<w:pStyle w:val=\"{style}\"/>");
        }
        if let Some((num, level)) = s.list {
            let _ = write!(
                out,
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{}\"/></w:numPr>",
                num + 1
            );
        }
        out.push_str("</w:pPr>");
    }
}

/// A table's start: its style, full width, and its columns' widths in
/// twentieths of a point (readers such as pandoc drop a table whose grid
/// has no widths).
pub fn open_table(out: &mut String, widths: &[u32]) {
    out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>");
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
}

/// A table's header row, repeated at the top of each page it runs over.
pub fn header_row(parts: &mut Parts, out: &mut String, header: &[&str]) {
    out.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for h in header {
        out.push_str("<w:tc><w:p>");
        run(parts, out, h);
        out.push_str("</w:p></w:tc>");
    }
    out.push_str("</w:tr>");
}

/// The width of the page between its margins, in twentieths of a point.
pub const TEXT_WIDTH: u32 = 9638;

/// The comrak options the site renders with.
/// Without typographic quotes: the document keeps the author's own
/// characters, as the dossier has them.
fn options() -> comrak::Options<'static> {
    let mut o = crate::input::markdown::options(false);
    o.parse.smart = false;
    o
}

/// Markdown `md` as Word paragraphs (and tables) in `out`, its footnotes
/// added to `parts`; `style` for every paragraph not otherwise styled.
/// Returns how many blocks were written (a table cell needs one).
pub fn markdown(
    parts: &mut Parts,
    out: &mut String,
    md: &str,
    style: Option<&'static str>,
) -> usize {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    let mut cx = Cx::new(root);
    let before = out.len();
    let mut n = 0;
    for child in root.children() {
        if !matches!(child.data.borrow().value, NodeValue::FootnoteDefinition(_)) {
            n += cx.block(parts, out, child, &ParaStyle { style, list: None });
        }
    }
    debug_assert!(n == 0 || out.len() > before);
    n
}

/// Markdown `md`, whose top-level blocks are given to `each` one by one
/// (as their written XML), so that a body can be split at its headings.
pub fn markdown_sections(parts: &mut Parts, md: &str) -> Vec<(Option<String>, String, usize)> {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    let mut cx = Cx::new(root);
    let mut sections: Vec<(Option<String>, String, usize)> = vec![(None, String::new(), 0)];
    for child in root.children() {
        let value = child.data.borrow().value.clone();
        match value {
            NodeValue::FootnoteDefinition(_) => {}
            NodeValue::Heading(h) if h.level == 2 => {
                sections.push((Some(plain(child)), String::new(), 0));
            }
            _ => {
                let last = sections.last_mut().expect("one section at least");
                last.2 += cx.block(parts, &mut last.1, child, &ParaStyle::default());
            }
        }
    }
    sections
}

/// A node's words, without any markup.
fn plain<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data.borrow().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// One Markdown text's conversion: its footnotes' definitions by name,
/// and the Word footnote each has become once cited.
struct Cx<'a> {
    definitions: HashMap<String, &'a AstNode<'a>>,
    made: HashMap<String, usize>,
}

impl<'a> Cx<'a> {
    fn new(root: &'a AstNode<'a>) -> Cx<'a> {
        let mut definitions = HashMap::new();
        for n in root.descendants() {
            if let NodeValue::FootnoteDefinition(d) = &n.data.borrow().value {
                definitions.insert(d.name.clone(), n);
            }
        }
        Cx {
            definitions,
            made: HashMap::new(),
        }
    }

    /// A block as Word paragraphs or a table; how many it wrote.
    fn block(
        &mut self,
        parts: &mut Parts,
        out: &mut String,
        node: &'a AstNode<'a>,
        s: &ParaStyle,
    ) -> usize {
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Paragraph => {
                open_para(out, s);
                self.inlines(parts, out, node, Look::default());
                out.push_str("</w:p>");
                1
            }
            NodeValue::Heading(_) => {
                open_para(out, s);
                self.inlines(
                    parts,
                    out,
                    node,
                    Look {
                        bold: true,
                        ..Look::default()
                    },
                );
                out.push_str("</w:p>");
                1
            }
            NodeValue::List(l) => {
                parts.lists.push(l.list_type == ListType::Ordered);
                let num = parts.lists.len() - 1;
                let level = s.list.map_or(0, |(_, l)| l + 1);
                let mut n = 0;
                for item in node.children() {
                    let mut first = true;
                    for b in item.children() {
                        // The item's first paragraph carries its number, and
                        // a list inside it the level below; the rest of the
                        // item is indented under it without a number.
                        let numbered = first || matches!(b.data.borrow().value, NodeValue::List(_));
                        let inner = ParaStyle {
                            style: Some("ListParagraph"),
                            list: numbered.then_some((num, level)),
                        };
                        n += self.block(parts, out, b, &inner);
                        first = false;
                    }
                }
                n
            }
            NodeValue::BlockQuote => {
                let mut n = 0;
                for b in node.children() {
                    n += self.block(
                        parts,
                        out,
                        b,
                        &ParaStyle {
                            style: Some("Quote"),
                            list: None,
                        },
                    );
                }
                n
            }
            NodeValue::Table(_) => {
                self.table(parts, out, node);
                1
            }
            NodeValue::CodeBlock(c) => {
                for line in c.literal.lines() {
                    para(parts, out, s.style, line);
                }
                c.literal.lines().count()
            }
            NodeValue::HtmlBlock(h) => {
                para(parts, out, s.style, h.literal.trim());
                1
            }
            NodeValue::FootnoteDefinition(_) | NodeValue::ThematicBreak => 0,
            _ => {
                let mut n = 0;
                for b in node.children() {
                    n += self.block(parts, out, b, s);
                }
                n
            }
        }
    }

    fn table(&mut self, parts: &mut Parts, out: &mut String, node: &'a AstNode<'a>) {
        let columns = node
            .first_child()
            .map_or(1, |r| r.children().count().max(1)) as u32;
        open_table(out, &vec![TEXT_WIDTH / columns; columns as usize]);
        for row in node.children() {
            let header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
            out.push_str("<w:tr>");
            if header {
                out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            }
            for cell in row.children() {
                out.push_str("<w:tc><w:p>");
                let look = Look {
                    bold: header,
                    ..Look::default()
                };
                self.inlines(parts, out, cell, look);
                out.push_str("</w:p></w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
    }

    fn inlines(&mut self, parts: &mut Parts, out: &mut String, node: &'a AstNode<'a>, look: Look) {
        for k in node.children() {
            let value = k.data.borrow().value.clone();
            match value {
                NodeValue::Text(t) => write_run(parts, out, &t, look),
                NodeValue::Code(c) => write_run(parts, out, &c.literal, look),
                NodeValue::HtmlInline(h) => write_run(parts, out, &h, look),
                NodeValue::SoftBreak => write_run(parts, out, " ", look),
                NodeValue::LineBreak => out.push_str("<w:r><w:br/></w:r>"),
                NodeValue::Emph => self.inlines(
                    parts,
                    out,
                    k,
                    Look {
                        italic: true,
                        ..look
                    },
                ),
                NodeValue::Strong => self.inlines(parts, out, k, Look { bold: true, ..look }),
                NodeValue::Strikethrough => self.inlines(
                    parts,
                    out,
                    k,
                    Look {
                        strike: true,
                        ..look
                    },
                ),
                NodeValue::Link(l) if crate::base::address::refused_scheme(&l.url).is_none() => {
                    let id = parts.link(&l.url);
                    let _ = write!(out, "<w:hyperlink r:id=\"{id}\">");
                    self.inlines(parts, out, k, Look { link: true, ..look });
                    out.push_str("</w:hyperlink>");
                }
                NodeValue::FootnoteReference(r) => self.reference(parts, out, &r.name),
                _ => self.inlines(parts, out, k, look),
            }
        }
    }

    /// A footnote's mark, its footnote made at its first citation.
    fn reference(&mut self, parts: &mut Parts, out: &mut String, name: &str) {
        let id = match self.made.get(name) {
            Some(id) => *id,
            None => {
                let Some(def) = self.definitions.get(name).copied() else {
                    return;
                };
                // Reserved before its text is written: a note's text may cite.
                parts.footnotes.push(String::new());
                let id = parts.footnotes.len();
                self.made.insert(name.to_string(), id);
                let mut text = String::new();
                let mut first = true;
                for b in def.children() {
                    if first && matches!(b.data.borrow().value, NodeValue::Paragraph) {
                        text.push_str("<w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr>");
                        text.push_str(
                            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
                        );
                        self.inlines(parts, &mut text, b, Look::default());
                        text.push_str("</w:p>");
                    } else {
                        self.block(
                            parts,
                            &mut text,
                            b,
                            &ParaStyle {
                                style: Some("FootnoteText"),
                                list: None,
                            },
                        );
                    }
                    first = false;
                }
                parts.footnotes[id - 1] = text;
                id
            }
        };
        let _ = write!(
            out,
            "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"
        );
    }
}
