//! `followup import`: an NGO's Word assessment becomes a dossier. The
//! document (a .docx, or its text copied out of Word) is read into a
//! [`document::Document`], its dossier is read out of that
//! ([`dossier::read`]), and the files are planned ([`files`]) and written
//! all at once or not at all.

pub mod clean;
pub mod document;
pub mod docx;
pub mod dossier;
pub mod files;
pub mod text;

use crate::diagnostics::Diagnostics;
use std::path::{Path, PathBuf};

pub struct ImportOptions {
    pub file: PathBuf,
    pub root: PathBuf,
    pub country: Option<String>,
    pub dry_run: bool,
}

/// What an import made, or would make.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    /// The dossier's folder, relative to the site.
    pub folder: String,
    /// Every file written, relative to the site, `followup.toml` included
    /// when grades were added to it.
    pub files: Vec<String>,
    pub paragraphs: usize,
    pub recommendations: usize,
    pub footnotes: usize,
    /// Grades of the document's legends added to `followup.toml`.
    pub grades_added: Vec<String>,
    pub warnings: Vec<dossier::Warning>,
    pub written: bool,
}

/// Reads `path` as a Word document (.docx) or text copied out of Word.
pub fn read_document(path: &Path) -> Result<document::Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => docx::read(&bytes).map_err(|e| format!("{}: {e}", path.display())),
        "txt" | "text" => {
            let s = String::from_utf8(bytes).map_err(|_| {
                format!(
                    "{} is not UTF-8 text: in Word, save it as \"Plain Text\" with the encoding \"Unicode (UTF-8)\", or import the .docx itself",
                    path.display()
                )
            })?;
            Ok(text::read(&s))
        }
        "doc" => Err(format!(
            "{} is an old Word document (.doc): open it in Word and save it as a .docx, then import that",
            path.display()
        )),
        _ => Err(format!(
            "{}: followup imports Word documents (.docx) and their text copied out of Word (.txt)",
            path.display()
        )),
    }
}

/// Imports `opts.file` into the site at `opts.root`.
pub fn run(opts: &ImportOptions) -> Result<Report, Diagnostics> {
    let fail = |m: String| {
        let mut d = Diagnostics::default();
        d.push(crate::diagnostics::Diagnostic::error(
            opts.file.display().to_string(),
            m,
        ));
        d
    };
    let config = opts.root.join(crate::load::CONFIG_FILE);
    if !config.exists() {
        return Err(fail(format!(
            "{} has no {}: import into a followup site (`followup init DIR` makes one), with --root DIR",
            opts.root.display(),
            crate::load::CONFIG_FILE
        )));
    }
    let doc = read_document(&opts.file).map_err(fail)?;
    let read = dossier::read(&doc);
    if read.paragraphs.is_empty() {
        return Err(fail(
            "no follow-up paragraph was found: the document should have a \"Paragraph N\" heading before each detailed table".to_string(),
        ));
    }
    let slug = match &opts.country {
        Some(c) => c.clone(),
        None => files::country_from_name(&opts.file),
    };
    let plan = files::plan(
        &read,
        &slug,
        &std::fs::read_to_string(&config).unwrap_or_default(),
    );
    let folder = format!("content/{slug}");
    if opts.root.join(&folder).exists() {
        return Err(fail(format!(
            "{folder} already exists: import never overwrites a dossier; give another --country, or move that folder away first"
        )));
    }
    let mut report = Report {
        folder: folder.clone(),
        files: plan.files.iter().map(|(p, _)| p.clone()).collect(),
        paragraphs: read.paragraphs.len(),
        recommendations: read.paragraphs.iter().map(|p| p.recs.len()).sum(),
        footnotes: read.footnotes.len(),
        grades_added: plan.grades_added.clone(),
        warnings: read.warnings.clone(),
        written: false,
    };
    report.warnings.extend(plan.warnings.clone());
    if opts.dry_run {
        return Ok(report);
    }
    files::write(&opts.root, &folder, &plan).map_err(fail)?;
    report.written = true;
    Ok(report)
}
