//! `followup export`'s Word document as other programs read it:
//! python-docx reads every table and footnote (each footnote's address a
//! live hyperlink), LibreOffice converts it to PDF, and pandoc reads it to
//! the same tables and footnotes.

use super::chrome::Tool;
use super::common::*;
use std::path::{Path, PathBuf};

/// The sample exported into `dir`.
fn exported(dir: &Path) -> PathBuf {
    let out = dir.join("kazakhstan.docx");
    let o = followup(&[
        "export",
        "kazakhstan",
        "--root",
        sample_root().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// Prints each table's rows and columns, then each footnote's address
/// (the target of its hyperlink, through the footnotes' relationships).
const SCRIPT: &str = r#"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
for t in d.tables:
    print('table', len(t.rows), len(t.columns))
part = [r.target_part for r in d.part.rels.values() if r.reltype.endswith('/footnotes')][0]
from lxml import etree
root = etree.fromstring(part.blob)
for note in root.iter(qn('w:footnote')):
    if int(note.get(qn('w:id'))) < 1:
        continue
    links = [part.rels[h.get(qn('r:id'))].target_ref for h in note.iter(qn('w:hyperlink'))]
    print('footnote', links[0] if links else '-')
"#;

pub fn the_word_export_reads_in_python_docx() {
    let dir = tempfile::tempdir().unwrap();
    let file = exported(dir.path());
    let o = std::process::Command::new(Tool::PythonDocx.path())
        .args(["-c", SCRIPT, file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "python-docx refused: {}", stderr(&o));
    let out = stdout(&o);
    let tables: Vec<&str> = out.lines().filter(|l| l.starts_with("table")).collect();
    // The summary table (a header, a group row per paragraph, a row per
    // recommendation), then each paragraph's detailed table.
    assert_eq!(
        tables,
        [
            "table 16 3",
            "table 4 4",
            "table 4 4",
            "table 4 4",
            "table 3 4"
        ],
        "{out}"
    );
    let notes: Vec<&str> = out.lines().filter(|l| l.starts_with("footnote")).collect();
    assert_eq!(notes.len(), 14, "{out}");
    assert!(
        notes.iter().all(|n| n.starts_with("footnote http")),
        "a footnote without its address as a hyperlink: {out}"
    );
    assert!(out.contains("footnote http://www.icj.org/kazakhstan-disciplinary-action-against-judge-zhumasheva-is-an-attack-on-judicial-independence/"));
}

pub fn the_word_export_converts_to_pdf_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let file = exported(dir.path());
    // A profile of its own, so that a LibreOffice already open is no matter.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let o = std::process::Command::new(Tool::LibreOffice.path())
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "LibreOffice failed: {}", stderr(&o));
    let pdf = std::fs::read(dir.path().join("kazakhstan.pdf")).unwrap_or_default();
    assert!(
        pdf.starts_with(b"%PDF"),
        "no PDF: {}{}",
        stdout(&o),
        stderr(&o)
    );
}

/// How many blocks and inlines of pandoc's JSON are of kind `t`.
fn count(v: &serde_json::Value, t: &str) -> usize {
    match v {
        serde_json::Value::Object(m) => {
            usize::from(m.get("t").and_then(|x| x.as_str()) == Some(t))
                + m.values().map(|x| count(x, t)).sum::<usize>()
        }
        serde_json::Value::Array(a) => a.iter().map(|x| count(x, t)).sum(),
        _ => 0,
    }
}

pub fn the_word_export_reads_in_pandoc_with_its_tables_and_footnotes() {
    let dir = tempfile::tempdir().unwrap();
    let file = exported(dir.path());
    let o = std::process::Command::new(Tool::Pandoc.path())
        .args([file.to_str().unwrap(), "-t", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "pandoc refused: {}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(count(&doc, "Table"), 5);
    assert_eq!(count(&doc, "Note"), 14);
    // The numbered list of paragraph 25's third recommendation.
    assert_eq!(count(&doc, "OrderedList"), 1);
    let md = std::process::Command::new(Tool::Pandoc.path())
        .args([file.to_str().unwrap(), "-t", "markdown"])
        .output()
        .unwrap();
    let md = stdout(&md);
    assert!(
        md.contains("<http://www.icj.org/kazakhstan-disciplinary-action"),
        "{md}"
    );
}
