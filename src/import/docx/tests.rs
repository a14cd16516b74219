//! The .docx reader, on the seed-shaped fixture and on small documents
//! made in memory.

use super::*;
use std::io::Write;

const FIXTURE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/kazakhstan.docx"
));

fn tables(doc: &Document) -> Vec<&Vec<Vec<Cell>>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(rows) => Some(rows),
            Block::Para(_) => None,
        })
        .collect()
}

fn cell_text(cell: &Cell) -> Vec<String> {
    cell.paras.iter().map(|p| p.text.to_plain()).collect()
}

#[test]
fn the_fixture_has_its_tables_and_rows() {
    let doc = read(FIXTURE).unwrap();
    let tables = tables(&doc);
    let rows: Vec<usize> = tables.iter().map(|t| t.len()).collect();
    // The summary table (four groups), then paragraphs 7, 21, 25, 26.
    assert_eq!(rows, [15, 4, 4, 4, 3]);
    for (k, t) in tables.iter().enumerate() {
        let columns = if k == 0 { 3 } else { 4 };
        assert!(t.iter().all(|r| r.len() == columns), "table {}", k + 1);
    }
    let header: Vec<Vec<String>> = tables[0][0].iter().map(cell_text).collect();
    assert_eq!(header, [["Recommendation 7"], ["Grade"], ["Overview"]]);
    let first: Vec<Vec<String>> = tables[0][1].iter().map(cell_text).collect();
    assert_eq!(
        first,
        [
            vec![
                "The State party should strengthen its efforts to ensure that the Commissioner for Human Rights enjoys full independence, and in this regard should provide it with adequate financial and human resources in line with the Paris principles (General Assembly resolution 48/134, annex)."
            ],
            vec!["B2"],
            vec![
                "Limited progress. A consolidation of the Commissioner for Human Rights’ legislation, financial and human resources is being considered by the authorities. However, despite the fact that the new draft law has passed the first reading in the lower house of parliament, the adoption process has been in standstill for several years now."
            ],
        ]
    );
    // A group's header row inside the summary table; its empty cells.
    let group: Vec<Vec<String>> = tables[0][4].iter().map(cell_text).collect();
    assert_eq!(group, [vec!["Recommendation 21"], vec![], vec![]]);
    assert_eq!(
        tables[0][4][0].place,
        Place::Cell {
            table: 1,
            row: 5,
            cell: 1
        }
    );
    // The look-alike grade is read as typed; the typed list number too.
    assert_eq!(cell_text(&tables[1][3][1]), ["В2"]);
    assert_eq!(cell_text(&tables[3][1][2]), ["1."]);
    // A cell of several paragraphs, blank ones left out.
    let comments = cell_text(&tables[3][3][3]);
    assert_eq!(comments.len(), 6);
    assert_eq!(comments[0], "Attacks on journalists remain frequent:");
    assert_eq!(
        comments[1],
        "1) In April 2012, Lukpan Akhmedyarov was attacked in the city of Uralsk."
    );
}

#[test]
fn body_paragraphs_are_counted_and_placed() {
    let doc = read(FIXTURE).unwrap();
    let paras: Vec<&Para> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect();
    // Four headings, four concerns, the two legends' 16 lines.
    assert_eq!(paras.len(), 24);
    assert_eq!(paras[0].text.to_plain(), "Paragraph 7");
    assert_eq!(paras[0].place, Place::Paragraph(1));
    assert!(
        paras[1]
            .text
            .to_plain()
            .starts_with("While noting the State party’s")
    );
    assert_eq!(paras[23].text.to_plain(), "N/A: no information available");
    assert_eq!(paras[23].place, Place::Paragraph(24));
    // The body's order: the summary table, then each paragraph's
    // heading, concern and table.
    assert!(matches!(doc.blocks[0], Block::Table(_)));
    assert!(matches!(doc.blocks[3], Block::Table(_)));
}

#[test]
fn footnotes_are_read_with_their_addresses_and_marks() {
    let doc = read(FIXTURE).unwrap();
    assert_eq!(doc.footnotes.len(), 14);
    let mut urls: Vec<&str> = doc
        .footnotes
        .iter()
        .filter_map(|f| f.url.as_deref())
        .collect();
    assert_eq!(urls.len(), 14);
    urls.sort();
    urls.dedup();
    assert_eq!(urls.len(), 12);
    assert!(doc.guessed.is_empty());

    // In the order they are cited: paragraph 7's first.
    let first = &doc.footnotes[0];
    assert!(
        first.text.starts_with("“Amendments and additions"),
        "{}",
        first.text
    );
    assert!(!first.text.contains("http"));
    assert_eq!(
        first.url.as_deref(),
        Some("http://adilet.minjust.kz/rus/docs/P1200000400")
    );
    assert_eq!(
        first.place,
        Place::Cell {
            table: 2,
            row: 4,
            cell: 3
        }
    );
    // An address typed, with a full stop after it.
    assert_eq!(doc.footnotes[1].text, "");
    assert_eq!(
        doc.footnotes[1].url.as_deref(),
        Some(
            "http://tengrinews.kz/kazakhstan_news/nablyudatelnyie-komissii-po-preduprejdeniyu-pyitok-profinansiruyut-iz-byudjeta-224628/"
        )
    );
    // A hyperlink: its target, and the words without it.
    assert_eq!(doc.footnotes[2].text, "See the draft law");
    assert_eq!(
        doc.footnotes[2].url.as_deref(),
        Some("http://www.pavlodar.com/zakon/?dok=00450&ogl=all")
    );
    let attacked = &doc.footnotes[9];
    assert!(attacked.text.starts_with("A number of unknown individuals"));
    assert!(
        attacked.text.ends_with("The attackers were not found."),
        "{}",
        attacked.text
    );
    assert_eq!(
        attacked.url.as_deref(),
        Some("http://www.bureau.kz/data.php?page=1&n_id=4369&l=ru")
    );

    // The marks, where the text has them.
    let tables = tables(&doc);
    let npm = &tables[1][3][2].paras[0].text.0;
    let Inline::Str(before) = &npm[0] else {
        panic!("{npm:?}")
    };
    assert!(before.ends_with("The draft NPM Law"), "{before}");
    assert_eq!(npm[1], Inline::Note(0));
    let Inline::Str(after) = &npm[2] else {
        panic!("{npm:?}")
    };
    assert!(after.starts_with(" includes additional Ombudsman’s branches"));
    assert!(after.ends_with("under the state social program."));
    assert_eq!(npm[3], Inline::Note(1));
    let uralsk = &tables[3][3][3].paras[1].text.0;
    assert_eq!(uralsk[1], Inline::Note(9));
    assert_eq!(uralsk[2], Inline::Str(".".into()));
    // Every note is cited once, in order.
    let mut cited = Vec::new();
    for t in &tables {
        for row in t.iter() {
            for cell in row {
                for p in &cell.paras {
                    for i in &p.text.0 {
                        if let Inline::Note(n) = i {
                            cited.push(*n);
                        }
                    }
                }
            }
        }
    }
    assert_eq!(cited, (0..14).collect::<Vec<_>>());
}

#[test]
fn what_is_not_a_docx_is_an_error() {
    for bytes in [
        &b""[..],
        &b"Paragraph 7\n\tRecommendation"[..],
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
        &FIXTURE[..FIXTURE.len() / 2],
    ] {
        let e = read(bytes).unwrap_err();
        assert!(e.contains("is not a Word document (.docx): "), "{e}");
    }
    let e = read(&package(&[("content.xml", "<office:document/>")])).unwrap_err();
    assert_eq!(
        e,
        "the file is not a Word document (.docx): it has no word/document.xml"
    );
    let e = read(&package(&[("word/document.xml", "<w:document><w:body>")])).unwrap_err();
    assert!(
        e.starts_with("the Word document is damaged: its word/document.xml"),
        "{e}"
    );
    // Damaged anywhere, it never panics.
    for k in (0..FIXTURE.len()).step_by(997) {
        let mut bytes = FIXTURE.to_vec();
        bytes[k] ^= 0x55;
        let _ = read(&bytes);
    }
}

/// A ZIP archive of `files`.
fn package(files: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in files {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx(body: &str, notes: &str, note_rels: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/main.xml"/></Relationships>"#;
    let doc_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="notes/foot.xml"/></Relationships>"#;
    let note_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{note_rels}</Relationships>"#
    );
    package(&[
        ("_rels/.rels", rels),
        ("word/main.xml", &document),
        ("word/_rels/main.xml.rels", doc_rels),
        ("word/notes/foot.xml", &footnotes),
        ("word/notes/_rels/foot.xml.rels", &note_rels),
    ])
}

#[test]
fn notes_are_numbered_as_cited_and_field_codes_go() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">One </w:t></w:r><w:r><w:footnoteReference w:id="5"/></w:r><w:r><w:t xml:space="preserve"> two</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:footnoteReference w:id="5"/></w:r><w:r><w:footnoteReference w:id="9"/></w:r></w:p>"#;
    let notes = r#"
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See the report </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.org/report?a=1&amp;b=2" \o "tip" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>http://example.org/report?a=1&amp;b=2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:footnote>
<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> The law, </w:t></w:r><w:hyperlink r:id="rId3"><w:r><w:t>on the site</w:t></w:r></w:hyperlink></w:p><w:p/><w:p/></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:t>Never cited, left out.</w:t></w:r></w:p></w:footnote>"#;
    let rels = r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/law" TargetMode="External"/>"#;
    let doc = read(&docx(body, notes, rels)).unwrap();
    let Block::Para(p) = &doc.blocks[0] else {
        panic!()
    };
    // Id 5 is cited first; a note cited again keeps its index; id 9,
    // which the footnotes lack, is no note.
    assert_eq!(
        p.text.0,
        [
            Inline::Str("One ".into()),
            Inline::Note(0),
            Inline::Str(" two".into()),
            Inline::Note(1),
            Inline::Note(0),
        ]
    );
    // The note never cited is read last, to be named as left out.
    assert_eq!(doc.footnotes.len(), 3);
    assert_eq!(doc.footnotes[2].text, "Never cited, left out.");
    assert_eq!(doc.footnotes[2].place, Place::Uncited(1));
    assert_eq!(doc.footnotes[0].text, "The law, on the site");
    assert_eq!(
        doc.footnotes[0].url.as_deref(),
        Some("https://example.org/law")
    );
    assert_eq!(doc.footnotes[0].place, Place::Paragraph(1));
    assert_eq!(doc.footnotes[1].text, "See the report");
    assert_eq!(
        doc.footnotes[1].url.as_deref(),
        Some("http://example.org/report?a=1&b=2")
    );
}

#[test]
fn invisible_characters_tracked_changes_and_nesting() {
    let body = "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
        <w:r><w:t>a\u{a0}b</w:t><w:tab/><w:t>c\u{ad}d\u{200b}e</w:t><w:br/><w:t>f</w:t></w:r>\
        <w:del><w:r><w:delText>gone</w:delText></w:r></w:del>\
        <w:ins><w:r><w:t xml:space=\"preserve\"> new</w:t></w:r></w:ins></w:p>\
        <w:p><w:r><w:t xml:space=\"preserve\">  </w:t></w:r></w:p>\
        <w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
        <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Anchor</w:t></w:r></w:p>\
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Outer</w:t></w:r></w:p>\
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Inner 1</w:t></w:r></w:p></w:tc><w:tc><w:p/><w:p><w:r><w:t>Inner 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
        <w:p/></w:tc><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>Wrapped</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr></w:tbl>";
    let doc = read(&docx(body, "", "")).unwrap();
    let paras: Vec<(String, Place)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some((p.text.to_plain(), p.place.clone())),
            Block::Table(_) => None,
        })
        .collect();
    assert_eq!(
        paras,
        [
            ("a b cde f new".to_string(), Place::Paragraph(1)),
            ("Anchor".to_string(), Place::Paragraph(2)),
            ("In a box".to_string(), Place::Paragraph(3)),
        ]
    );
    let Some(Block::Table(rows)) = doc.blocks.last() else {
        panic!()
    };
    assert_eq!(rows.len(), 1);
    let cells: Vec<Vec<String>> = rows[0].iter().map(cell_text).collect();
    assert_eq!(
        cells,
        [vec!["Outer", "Inner 1", "Inner 2"], vec!["Wrapped"]]
    );
    assert_eq!(
        rows[0][1].paras[0].place,
        Place::Cell {
            table: 1,
            row: 1,
            cell: 2
        }
    );
    assert!(doc.footnotes.is_empty());
}

#[test]
fn hyperlink_fields_give_web_addresses_only() {
    assert_eq!(field_url(r#" HYPERLINK \l "_Toc1" "#), None);
    assert_eq!(
        field_url(r#" HYPERLINK "https://a.org/x" \t "_blank" "#).as_deref(),
        Some("https://a.org/x")
    );
    assert_eq!(
        field_url(r#" PAGEREF _Ref1 \h  HYPERLINK \o "tip" http://b.org "#).as_deref(),
        Some("http://b.org")
    );
    assert_eq!(
        resolve("word", "../customXml/item1.xml"),
        "customXml/item1.xml"
    );
    assert_eq!(resolve("word", "/word/footnotes.xml"), "word/footnotes.xml");
}

#[test]
fn merged_cells_keep_their_grid_columns() {
    let cell = |props: &str, text: &str| {
        format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    };
    let empty = |props: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p/></w:tc>");
    let body = format!(
        "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}</w:tr></w:tbl>",
        cell("", "Rec one"),
        cell(r#"<w:vMerge w:val="restart"/>"#, "C"),
        cell(r#"<w:gridSpan w:val="2"/>"#, "Action and comments"),
        cell("", "Rec two"),
        empty("<w:vMerge/>"),
        cell("", "Late"),
    );
    let doc = read(&docx(&body, "", "")).unwrap();
    let rows = tables(&doc)[0];
    // The spanning cell spans two grid columns.
    assert_eq!(rows[0][2].span, 2);
    // The cell merged with the one above repeats its paragraphs.
    assert_eq!(cell_text(&rows[1][1]), ["C"]);
    // A row starting one grid column late starts with an empty cell.
    assert_eq!((rows[2][0].span, rows[2][0].paras.len()), (1, 0));
    assert_eq!(cell_text(&rows[2][1]), ["Late"]);
}

#[test]
fn word_list_numbers_are_given_back_and_bullets_are_not() {
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
    );
    let item = |num: u32, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [item(1, "a"), item(1, "b"), item(2, "c"), item(3, "d")].concat();
    let document = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
    let bytes = package(&[
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", &document),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#,
        ),
        ("word/numbering.xml", &numbering),
    ]);
    let doc = read(&bytes).unwrap();
    let texts: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.text.to_plain()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["1. a", "2. b", "4. c", "d"]);
}
