//! Stage 1: find and read the site's files.
//!
//! Reads `followup.toml` and every file under `content/`, classifies each by
//! where it sits (country, paragraph, recommendation, attachment), and
//! normalises text (UTF-8 BOM removed, CRLF turned into LF) so later stages
//! see one form. Nothing here interprets the contents.

use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "followup.toml";
pub const CONTENT_DIR: &str = "content";
pub const INDEX_FILE: &str = "_index.md";

/// What a file under `content/` is, by its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// `content/_index.md`: the home page introduction.
    Home,
    /// `content/<country>/_index.md`
    Country { country: String },
    /// `content/<country>/<paragraph>/_index.md`
    Paragraph { country: String, paragraph: String },
    /// `content/<country>/<paragraph>/<name>.md`
    Recommendation {
        country: String,
        paragraph: String,
        name: String,
    },
    /// A Markdown file somewhere followup does not expect one.
    Misplaced,
}

/// A Markdown file, read and normalised.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Path relative to the site root, `/`-separated: used in every message.
    pub path: String,
    pub kind: FileKind,
    pub text: String,
}

/// A file that is not Markdown, copied to the output beside the pages.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    pub source: PathBuf,
}

#[derive(Debug, Default)]
pub struct LoadedSite {
    pub root: PathBuf,
    /// The text of followup.toml, if it could be read.
    pub config: Option<String>,
    pub files: Vec<ContentFile>,
    pub attachments: Vec<Attachment>,
    /// Folders found under content/ (relative to content/, `/`-separated),
    /// so validation can tell a folder that lacks its `_index.md`.
    pub folders: Vec<String>,
}

/// Editor leftovers: swap, backup and lock files are never content.
pub fn is_editor_leftover(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == ".DS_Store"
        || name == "Thumbs.db"
}

/// Removes a leading UTF-8 byte order mark and turns CRLF (and lone CR) line
/// endings into LF, keeping line numbers unchanged.
pub fn normalize_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// What a file is, from its path relative to `content/` (`kz/p7/01.md`).
pub fn classify_path(rel: &str) -> FileKind {
    classify(&rel.split('/').collect::<Vec<_>>())
}

fn classify(components: &[&str]) -> FileKind {
    let name = components[components.len() - 1];
    match components {
        [INDEX_FILE] => FileKind::Home,
        [country, INDEX_FILE] => FileKind::Country {
            country: country.to_string(),
        },
        [country, paragraph, INDEX_FILE] => FileKind::Paragraph {
            country: country.to_string(),
            paragraph: paragraph.to_string(),
        },
        [country, paragraph, _] => FileKind::Recommendation {
            country: country.to_string(),
            paragraph: paragraph.to_string(),
            name: name.strip_suffix(".md").unwrap_or(name).to_string(),
        },
        _ => FileKind::Misplaced,
    }
}

/// Reads the site at `root`. Problems reading files become diagnostics;
/// the site is still returned with whatever could be read.
pub fn load(root: &Path) -> (LoadedSite, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut site = LoadedSite {
        root: root.to_path_buf(),
        ..LoadedSite::default()
    };

    match read_text(&root.join(CONFIG_FILE), CONFIG_FILE) {
        Ok(text) => site.config = Some(text),
        Err(d) => diags.push(d.help(format!(
            "a site needs {CONFIG_FILE} at its root; run followup in the site's folder or pass --root DIR"
        ))),
    }

    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, "the content folder is missing")
                .help("create content/<country>/_index.md for each country dossier"),
        );
        return (site, diags);
    }

    let mut markdown = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Hidden files and folders (.git, .DS_Store) and editor leftovers are skipped.
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || is_editor_leftover(&name))
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                if err.loop_ancestor().is_some() {
                    diags.push(
                        Diagnostic::warning(
                            path,
                            "symbolic link loop: this link points to a folder that contains it, so it is skipped",
                        )
                        .help("remove the link, or point it at a folder outside content/"),
                    );
                } else {
                    diags.push(Diagnostic::error(
                        path,
                        format!("cannot read: {}", io_reason(err.io_error())),
                    ));
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel_content = relative(&content, entry.path());
        if entry.file_type().is_dir() {
            site.folders.push(rel_content);
            continue;
        }
        let is_markdown = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_markdown {
            let components: Vec<&str> = rel_content.split('/').collect();
            let kind = classify(&components);
            markdown.push((entry.into_path(), kind));
        } else {
            site.attachments.push(Attachment {
                rel: rel_content,
                source: entry.into_path(),
            });
        }
    }

    // Reading is the slow part on large sites: do it in parallel, keep order.
    let read: Vec<Result<ContentFile, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, kind)| {
            let rel = relative(root, &path);
            read_text(&path, &rel).map(|text| ContentFile {
                path: rel,
                kind,
                text,
            })
        })
        .collect();
    for r in read {
        match r {
            Ok(file) => site.files.push(file),
            Err(d) => diags.push(d),
        }
    }
    (site, diags)
}

/// A Markdown or settings file larger than this is not a dossier's text (a
/// pasted image, an export gone wrong): refusing it keeps builds quick.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a whole text file, naming the byte where invalid UTF-8 starts.
fn read_text(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_TEXT_BYTES
    {
        return Err(Diagnostic::error(
            rel,
            format!(
                "the file is {:.1} MB, larger than the {} MB a text file may have",
                meta.len() as f64 / 1_048_576.0,
                MAX_TEXT_BYTES / 1_048_576
            ),
        )
        .help("a recommendation is text; put large documents (PDF, images) beside it as attachments and link to them"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(rel, format!("cannot read: {}", io_reason(Some(&e)))))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalize_text(text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let ok = String::from_utf8_lossy(&bytes[..offset]);
            let pos = crate::diagnostics::Position::at(&ok, ok.len());
            Err(Diagnostic {
                line: Some(pos.line),
                column: Some(pos.column),
                ..Diagnostic::error(rel, format!("not valid UTF-8 text (byte offset {offset})"))
            }
            .help("save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")"))
        }
    }
}

fn io_reason(e: Option<&std::io::Error>) -> String {
    match e {
        Some(e) if e.kind() == std::io::ErrorKind::NotFound => "file not found".into(),
        Some(e) if e.kind() == std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        Some(e) => e.to_string(),
        None => "unknown error".into(),
    }
}

/// `path` relative to `base`, with `/` separators whatever the platform.
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = normalize_text("\u{feff}+++\r\na = 1\r\n+++\r\nbody\r".to_string());
        assert_eq!(t, "+++\na = 1\n+++\nbody\n");
    }

    #[test]
    fn files_are_classified_by_depth() {
        assert_eq!(
            classify(&["kz", "_index.md"]),
            FileKind::Country {
                country: "kz".into()
            }
        );
        assert_eq!(
            classify(&["kz", "p7", "01-a.md"]),
            FileKind::Recommendation {
                country: "kz".into(),
                paragraph: "p7".into(),
                name: "01-a".into()
            }
        );
        assert_eq!(classify(&["kz", "stray.md"]), FileKind::Misplaced);
        assert_eq!(classify(&["kz", "p", "x", "deep.md"]), FileKind::Misplaced);
    }

    #[test]
    fn editor_leftovers_are_recognised() {
        for name in [".#a.md", "a.md~", ".a.md.swp", "#a.md#"] {
            assert!(is_editor_leftover(name), "{name}");
        }
        assert!(!is_editor_leftover("a.md"));
    }
}
