//! The .docx package around the body [`super::wml`] made: the ZIP archive
//! (`zip`) of its XML parts — content types, relationships (hyperlinks as
//! external ones, for the body and the footnotes alike), the styles the
//! body names, the list numbering and the footnotes. Fixed dates, so that
//! the same dossier gives the same bytes.

use super::wml::Parts;
use quick_xml::escape::escape;
use std::fmt::Write as _;
use std::io::Write;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr></w:settings>"#;

/// The styles the body names: Word's own ids, so that Word, LibreOffice
/// and pandoc know them for what they are.
const STYLES: &[(&str, &str, &str, &str)] = &[
    // id, name, type, properties
    (
        "Normal",
        "Normal",
        "paragraph",
        "<w:pPr><w:spacing w:after=\"120\"/></w:pPr>",
    ),
    (
        "Title",
        "Title",
        "paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr>",
    ),
    (
        "Heading1",
        "heading 1",
        "paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr>",
    ),
    (
        "Heading2",
        "heading 2",
        "paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr>",
    ),
    (
        "Quote",
        "Quote",
        "paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:left=\"720\" w:right=\"720\"/></w:pPr><w:rPr><w:i/></w:rPr>",
    ),
    (
        "ListParagraph",
        "List Paragraph",
        "paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:left=\"720\"/></w:pPr>",
    ),
    (
        "FootnoteText",
        "footnote text",
        "paragraph",
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/></w:rPr>",
    ),
    (
        "FootnoteReference",
        "footnote reference",
        "character",
        "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr>",
    ),
    (
        "Hyperlink",
        "Hyperlink",
        "character",
        "<w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr>",
    ),
    (
        "TableGrid",
        "Table Grid",
        "table",
        "<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr>",
    ),
];

fn styles(language: &str, rtl: bool) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"22\"/><w:lang w:val=\"{}\" w:bidi=\"{}\"/>{}</w:rPr></w:rPrDefault></w:docDefaults>",
        escape(language),
        escape(language),
        if rtl { "<w:rtl/>" } else { "" }
    );
    for (id, name, kind, props) in STYLES {
        let default = if *id == "Normal" {
            " w:default=\"1\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<w:style w:type=\"{kind}\" w:styleId=\"{id}\"{default}><w:name w:val=\"{name}\"/>{props}</w:style>"
        );
    }
    s.push_str("</w:styles>");
    s
}

/// Two abstract lists, numbered and bulleted, and one instance of either
/// per list of the body, each numbered from 1.
fn numbering(lists: &[bool]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"{W}\">"
    );
    for (abs, ordered) in [(0, true), (1, false)] {
        let _ = write!(
            s,
            "<w:abstractNum w:abstractNumId=\"{abs}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
        );
        for level in 0..9 {
            let (fmt, text) = if ordered {
                ("decimal", format!("%{}.", level + 1))
            } else {
                (
                    "bullet",
                    ["\u{2022}", "\u{25e6}", "\u{25aa}"][level % 3].to_string(),
                )
            };
            let _ = write!(
                s,
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{}\" w:hanging=\"360\"/></w:pPr></w:lvl>",
                720 * (level + 1)
            );
        }
        s.push_str("</w:abstractNum>");
    }
    for (k, ordered) in lists.iter().enumerate() {
        let _ = write!(
            s,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{}\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>",
            k + 1,
            if *ordered { 0 } else { 1 }
        );
    }
    s.push_str("</w:numbering>");
    s
}

fn footnotes(notes: &[String]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for (k, text) in notes.iter().enumerate() {
        let _ = write!(s, "<w:footnote w:id=\"{}\">{text}</w:footnote>", k + 1);
    }
    s.push_str("</w:footnotes>");
    s
}

/// A part's relationships: `fixed` (id, type, target) and the hyperlinks.
fn rels(fixed: &[(&str, &str, &str)], links: &[String]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{REL}\">"
    );
    for (id, kind, target) in fixed {
        let _ = write!(
            s,
            "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}\" Target=\"{target}\"/>"
        );
    }
    for (k, url) in links.iter().enumerate() {
        let _ = write!(
            s,
            "<Relationship Id=\"rIdL{}\" Type=\"{HYPERLINK}\" Target=\"{}\" TargetMode=\"External\"/>",
            k + 1,
            escape(url.as_str())
        );
    }
    s.push_str("</Relationships>");
    s
}

/// The .docx of `body` (the body's XML) and what it gathered in `parts`.
pub fn docx(body: &str, parts: &Parts, language: &str, rtl: bool) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>{}</w:sectPr></w:body></w:document>",
        if rtl { "<w:bidi/>" } else { "" }
    );
    let document_rels = rels(
        &[
            ("rId1", "styles", "styles.xml"),
            ("rId2", "numbering", "numbering.xml"),
            ("rId3", "footnotes", "footnotes.xml"),
            ("rId4", "settings", "settings.xml"),
        ],
        &parts.links,
    );
    let files: [(&str, String); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles(language, rtl)),
        ("word/numbering.xml", numbering(&parts.lists)),
        ("word/footnotes.xml", footnotes(&parts.footnotes)),
        ("word/_rels/footnotes.xml.rels", rels(&[], &parts.links)),
        ("word/settings.xml", SETTINGS.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in files {
        // Writing to memory cannot fail.
        let _ = zip.start_file(name, options);
        let _ = zip.write_all(text.as_bytes());
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}
