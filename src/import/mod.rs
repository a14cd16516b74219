//! `followup import`: an NGO's Word assessment becomes a dossier. The
//! document (a .docx, or its text copied out of Word) is read into a
//! [`document::Document`], its dossier is read out of that
//! ([`dossier::read`]), and the files are planned ([`files`]) and written
//! all at once or not at all. Everything the document holds is accounted
//! for: written, or listed as left out ([`dossier::LeftOut`]), which stops
//! the import unless `keep_going`; the report ends with a reconciliation
//! of what was read and what was written.

pub mod clean;
pub mod document;
pub mod docx;
pub mod dossier;
pub mod files;
pub mod layout;
pub mod merge;
pub mod staging;
pub mod tables;
pub mod text;
pub mod title;

use crate::base::diagnostics::Diagnostics;
use std::path::{Path, PathBuf};

pub struct ImportOptions {
    pub file: PathBuf,
    pub root: PathBuf,
    pub country: Option<String>,
    pub dry_run: bool,
    /// Write what could be read even when something is left out.
    pub keep_going: bool,
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
    /// What was read: tables and rows that are not blank, footnotes.
    pub tables_read: usize,
    pub rows_read: usize,
    pub footnotes_read: usize,
    /// Everything of the document that is not in the dossier.
    pub left_out: Vec<dossier::LeftOut>,
    /// "read 3 tables, 14 rows, 14 footnotes; wrote …; left out nothing".
    pub reconciliation: String,
    /// The title block's facts written into the country's `_index.md`.
    pub document: Option<String>,
    pub assessed: Option<String>,
    /// What the import did besides the dossier: a staging folder left by
    /// an import that did not finish removed, `followup.toml` with other
    /// names (hard links) rewritten.
    pub info: Vec<String>,
    /// The organisation the title block names: `assessor` is a setting of
    /// `followup.toml`, so it is offered, not written.
    pub assessor: Option<String>,
}

impl Report {
    /// Whether the import stops, writing nothing, for what it left out.
    pub fn refused(&self, keep_going: bool) -> bool {
        !self.left_out.is_empty() && !keep_going
    }
}

/// The list of what was left out, each with its place and its first 80
/// characters, and what to do: the import stops (`refused`) or went on.
pub fn left_out_list(report: &Report, refused: bool) -> String {
    let mut out = format!(
        "{}: {} of the document {} left out:",
        if refused { "error" } else { "warning" },
        count(report.left_out.len(), "thing", "things"),
        if report.left_out.len() == 1 {
            "was"
        } else {
            "were"
        }
    );
    for l in &report.left_out {
        out.push_str(&format!("\n  {}: {}: \"{}\"", l.place, l.what, l.text));
    }
    out.push_str(if refused {
        "\n  = help: nothing was written. Lay these out as the guide's \"Importing from Word\" describes, or import with --keep-going to write the rest and add them by hand"
    } else {
        "\n  = help: written without them (--keep-going): add them to the dossier by hand"
    });
    out
}

/// The organisation the title block names, offered as the site's
/// `assessor` when `followup.toml` does not already name one.
pub fn assessor_hint(report: &Report, root: &Path) -> Option<String> {
    let name = report.assessor.as_ref()?;
    let config =
        std::fs::read_to_string(root.join(crate::input::load::CONFIG_FILE)).unwrap_or_default();
    let has = toml::from_str::<toml::Table>(&config)
        .ok()
        .is_some_and(|t| t.contains_key("assessor"));
    (!has).then(|| {
        format!(
            "The document is by {name}: to name it as the site's assessor, add `assessor = {}` to followup.toml.",
            toml::Value::String(name.clone())
        )
    })
}

/// "1 row", "2 rows".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The largest .docx read: a long assessment with pictures is a few MB.
pub const MAX_DOCX: u64 = 64 << 20;
/// The largest text file read: a long assessment's text is under 1 MB, and
/// one of 300,000 footnotes some 25 MB.
pub const MAX_TEXT: u64 = 64 << 20;
/// The most lines of text read: each becomes a paragraph held in memory.
pub const MAX_LINES: usize = 1_500_000;

/// Reads `path` as a Word document (.docx) or text copied out of Word. Only
/// a regular file is opened (a FIFO would block, a device never end), and
/// its size is known before it is read; the messages do not repeat the
/// path, which the diagnostic names.
pub fn read_document(path: &Path) -> Result<document::Document, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "it is not a file but {}: import reads a Word document (.docx) or its text (.txt) saved as a file",
            if meta.is_dir() {
                "a folder"
            } else {
                "a device, a pipe or a socket"
            }
        ));
    }
    let max = match ext.as_str() {
        "docx" => MAX_DOCX,
        "txt" | "text" => MAX_TEXT,
        "doc" => {
            return Err(
                "it is an old Word document (.doc): open it in Word and save it as a .docx, then import that".into(),
            );
        }
        _ => {
            return Err(
                "followup imports Word documents (.docx) and their text copied out of Word (.txt)"
                    .into(),
            );
        }
    };
    let too_large = |size: u64| {
        format!(
            "it is too large to be an assessment ({} MB; import reads up to {} MB): is it the right file?",
            size.div_ceil(1 << 20),
            max >> 20
        )
    };
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?,
            max + 1,
        ),
        &mut bytes,
    )
    .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    if ext == "docx" {
        return docx::read(&bytes);
    }
    let s = String::from_utf8(bytes).map_err(|_| {
        "it is not UTF-8 text: in Word, save it as \"Plain Text\" with the encoding \"Unicode (UTF-8)\", or import the .docx itself".to_string()
    })?;
    let lines = s.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > MAX_LINES {
        return Err(format!(
            "it has {lines} lines of text, more than an assessment has (import reads up to {MAX_LINES}): is it the right file?"
        ));
    }
    Ok(text::read(&s))
}

/// Where `followup.toml` leads when it is a symbolic link to a file
/// outside the site.
fn outside(root: &Path) -> Option<PathBuf> {
    let config = root.join(crate::input::load::CONFIG_FILE);
    if !std::fs::symlink_metadata(&config).is_ok_and(|m| m.file_type().is_symlink()) {
        return None;
    }
    let target = std::fs::canonicalize(&config).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    (!target.starts_with(&root)).then_some(target)
}

/// Whether `country` is a slug: lowercase letters, digits and hyphens.
fn is_slug(country: &str) -> bool {
    !country.is_empty()
        && country
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Imports `opts.file` into the site at `opts.root`.
pub fn run(opts: &ImportOptions) -> Result<Report, Diagnostics> {
    let fail = |m: String| {
        let mut d = Diagnostics::default();
        d.push(crate::base::diagnostics::Diagnostic::error(
            opts.file.display().to_string(),
            m,
        ));
        d
    };
    let config = opts.root.join(crate::input::load::CONFIG_FILE);
    if !config.exists() {
        return Err(fail(format!(
            "{} has no {}: import into a followup site (`followup init DIR` makes one), with --root DIR",
            opts.root.display(),
            crate::input::load::CONFIG_FILE
        )));
    }
    if let Some(c) = &opts.country
        && !is_slug(c)
    {
        let suggest = crate::input::config::slugify(c);
        return Err(fail(format!(
            "--country {} is not a folder name: it takes a slug, lowercase letters, digits and hyphens (the dossier goes into content/<slug>/){}",
            toml::Value::String(c.clone()),
            if suggest.is_empty() {
                ", such as `kazakhstan`".to_string()
            } else {
                format!(": give --country {suggest}")
            }
        )));
    }
    let doc = read_document(&opts.file).map_err(fail)?;
    let mut read = dossier::read(&doc);
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
    // Every footnote read is in a file written, or left out.
    for (n, (text, url, place)) in read.footnotes.iter().enumerate() {
        if !plan.notes_written.contains(&n) {
            let words = match url {
                Some(u) if text.is_empty() => u.clone(),
                Some(u) => format!("{text} <{u}>"),
                None => text.clone(),
            };
            read.left_out.push(dossier::LeftOut {
                kind: dossier::Kind::Footnote,
                place: place.clone(),
                what: format!("footnote {}", n + 1),
                text: dossier::first_80(&words),
            });
        }
    }
    let recommendations: usize = read.paragraphs.iter().map(|p| p.recs.len()).sum();
    let left = |k: dossier::Kind| read.left_out.iter().filter(|l| l.kind == k).count();
    let mut lost = Vec::new();
    for (k, one, many) in [
        (dossier::Kind::Table, "table", "tables"),
        (dossier::Kind::Row, "row", "rows"),
        (
            dossier::Kind::Text,
            "paragraph of text",
            "paragraphs of text",
        ),
        (dossier::Kind::Footnote, "footnote", "footnotes"),
    ] {
        if left(k) > 0 {
            lost.push(count(left(k), one, many));
        }
    }
    let refused = !read.left_out.is_empty() && !opts.keep_going;
    let reconciliation = format!(
        "read {}, {}, {}; {} {}, {}, {}; left out {}",
        count(read.tables, "table", "tables"),
        count(read.rows, "row", "rows"),
        count(read.footnotes.len(), "footnote", "footnotes"),
        if opts.dry_run || refused {
            "would write"
        } else {
            "wrote"
        },
        count(read.paragraphs.len(), "paragraph", "paragraphs"),
        count(recommendations, "recommendation", "recommendations"),
        count(plan.notes_written.len(), "footnote", "footnotes"),
        if lost.is_empty() {
            "nothing".to_string()
        } else {
            lost.join(", ")
        }
    );
    let mut report = Report {
        folder: folder.clone(),
        files: plan.files.iter().map(|(p, _)| p.clone()).collect(),
        paragraphs: read.paragraphs.len(),
        recommendations,
        footnotes: plan.notes_written.len(),
        grades_added: plan.grades_added.clone(),
        warnings: read.warnings.clone(),
        written: false,
        tables_read: read.tables,
        rows_read: read.rows,
        footnotes_read: read.footnotes.len(),
        left_out: read.left_out.clone(),
        reconciliation,
        document: read.facts.document.clone(),
        assessed: read.facts.assessed.clone(),
        assessor: read.facts.assessor.clone(),
        info: Vec::new(),
    };
    report.warnings.extend(plan.warnings.clone());
    if opts.dry_run || refused {
        return Ok(report);
    }
    if plan.config.is_some()
        && let Some(target) = outside(&opts.root)
    {
        return Err(fail(format!(
            "{} is a symbolic link to {}, outside the site's folder: import adds the document's grades to it, and writes nothing outside the site; nothing was written",
            crate::input::load::CONFIG_FILE,
            target.display()
        )));
    }
    report.info = staging::remove_stale(&opts.root);
    let said = files::write(&opts.root, &folder, &plan).map_err(fail)?;
    report.info.extend(said);
    report.written = true;
    Ok(report)
}
