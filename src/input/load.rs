//! Stage 1: find and read the site's files.
//!
//! Reads `followup.toml` and every file under `content/`, classifies each by
//! where it sits (country, paragraph, recommendation, attachment), and
//! normalises text (UTF-8 BOM removed, CRLF turned into LF) so later stages
//! see one form. Nothing here interprets the contents.

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
    /// `<name>.<language>.md` beside `<name>.md`: the texts of that file
    /// in another language (`01-accreditation.ru.md`, `_index.ru.md`).
    Translation {
        language: String,
        /// The original's path, relative to the site root.
        original: String,
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
    /// Different for every reading of a file, so later stages can tell a
    /// file read again from one they have already checked.
    pub revision: u64,
}

impl ContentFile {
    pub fn new(path: String, kind: FileKind, text: String) -> ContentFile {
        static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        ContentFile {
            path,
            kind,
            text,
            revision: REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

/// A file that is not Markdown, copied to the output beside the pages.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    pub source: PathBuf,
}

#[derive(Debug, Default, Clone)]
pub struct LoadedSite {
    pub root: PathBuf,
    /// The text of followup.toml, if it could be read.
    pub config: Option<String>,
    /// Markdown files by path relative to the site root.
    pub files: BTreeMap<String, ContentFile>,
    /// Other files by path relative to `content/`.
    pub attachments: BTreeMap<String, Attachment>,
    /// Folders found under content/ (relative to content/, `/`-separated),
    /// so validation can tell a folder that lacks its `_index.md`.
    pub folders: BTreeSet<String>,
    /// Files that could not be read, by path relative to the site root.
    pub problems: BTreeMap<String, Diagnostic>,
}

impl LoadedSite {
    /// The problems met while reading, in path order.
    pub fn diagnostics(&self) -> Diagnostics {
        Diagnostics(self.problems.values().cloned().collect())
    }

    /// Re-reads followup.toml.
    pub fn reload_config(&mut self) {
        self.problems.remove(CONFIG_FILE);
        if let Some(d) = Inside::new(&self.root).escape(&self.root.join(CONFIG_FILE)) {
            self.config = None;
            self.problems.insert(CONFIG_FILE.to_string(), d);
            return;
        }
        match read_text(&self.root.join(CONFIG_FILE), CONFIG_FILE) {
            Ok(text) => self.config = Some(text),
            Err(d) => {
                self.config = None;
                self.problems.insert(CONFIG_FILE.to_string(), d.help(format!(
                    "a site needs {CONFIG_FILE} at its root; run followup in the site's folder or pass --root DIR"
                )));
            }
        }
    }

    /// Brings the site up to date with whatever is now at `path` (a file or
    /// folder under content/ that was created, changed, moved or deleted).
    pub fn refresh(&mut self, path: &Path) {
        let content = self.root.join(CONTENT_DIR);
        let Ok(rel) = path.strip_prefix(&content) else {
            return;
        };
        let rel = relative(&content, &content.join(rel));
        if rel.is_empty() {
            // content/ itself: read it all again.
            let root = self.root.clone();
            let config = self.config.take();
            let config_problem = self.problems.remove(CONFIG_FILE);
            *self = load(&root);
            self.config = config;
            if let Some(p) = config_problem {
                self.problems.insert(CONFIG_FILE.to_string(), p);
            }
            return;
        }
        if rel
            .split('/')
            .any(|part| part.starts_with('.') || is_editor_leftover(part))
        {
            return;
        }
        // Forget everything at or below the path, then read what is there now.
        let site_rel = format!("{CONTENT_DIR}/{rel}");
        let below =
            |key: &str, prefix: &str| key == prefix || key.starts_with(&format!("{prefix}/"));
        self.files.retain(|k, _| !below(k, &site_rel));
        self.problems.retain(|k, _| !below(k, &site_rel));
        self.attachments.retain(|k, _| !below(k, &rel));
        self.folders.retain(|k| !below(k, &rel));
        if path.exists() {
            let root = self.root.clone();
            scan(&root, path, self);
        }
    }
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
        // A folder an import was writing when it crashed: never content.
        || import_staging(name).is_some()
}

/// What follows a dossier's folder name in the name of the folder an import
/// stages it in: `<slug>.import-<process id>`.
pub const STAGING_MARK: &str = ".import-";

/// The process id in the name of an import's staging folder
/// (`<slug>.import-<digits>`), which is never content: the loader passes
/// it over, and the next import removes one whose process is gone.
pub fn import_staging(name: &str) -> Option<u32> {
    let (stem, pid) = name.rsplit_once(STAGING_MARK)?;
    (!stem.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
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

/// `"ru"` for `01-x.ru.md` or `_index.ru.md`: a language code (two or three
/// lower-case letters, maybe with a region or script, like `zh-hans`)
/// before `.md`; the name of the original file with it.
fn translation_of(name: &str) -> Option<(&str, String)> {
    let stem = name.strip_suffix(".md")?;
    let (original, language) = stem.rsplit_once('.')?;
    let (base, region) = language.split_once('-').unwrap_or((language, ""));
    let is_code = (2..=3).contains(&base.len())
        && base.bytes().all(|b| b.is_ascii_lowercase())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
        && !original.is_empty();
    is_code.then(|| (language, format!("{original}.md")))
}

fn classify(components: &[&str]) -> FileKind {
    let name = components[components.len() - 1];
    if (1..=3).contains(&components.len())
        && let Some((language, original)) = translation_of(name)
    {
        let mut path = vec![CONTENT_DIR];
        path.extend(&components[..components.len() - 1]);
        path.push(&original);
        // A translation lies where its original does: `_index` files at
        // any depth, other files only in a paragraph folder.
        if original == INDEX_FILE || components.len() == 3 {
            return FileKind::Translation {
                language: language.to_string(),
                original: path.join("/"),
            };
        }
    }
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

/// Reads the site at `root`. Problems reading files are kept in
/// `problems`; the site is returned with whatever could be read.
pub fn load(root: &Path) -> LoadedSite {
    let mut site = LoadedSite {
        root: root.to_path_buf(),
        ..LoadedSite::default()
    };
    site.reload_config();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        site.problems.insert(
            CONTENT_DIR.to_string(),
            Diagnostic::error(CONTENT_DIR, "the content folder is missing")
                .help("create content/<country>/_index.md for each country dossier"),
        );
        return site;
    }
    scan(root, &content, &mut site);
    site
}

/// Adds the files and folders at and below `start` (under content/) to `site`.
fn scan(root: &Path, start: &Path, site: &mut LoadedSite) {
    let content = root.join(CONTENT_DIR);
    let mut markdown = Vec::new();
    let inside = Inside::new(root);
    let escapes = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(start)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Hidden files and folders (.git, .DS_Store) and editor leftovers are skipped.
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            if e.depth() > 0 && (name.starts_with('.') || is_editor_leftover(&name)) {
                return false;
            }
            // A link is followed only while it stays inside the site.
            if (e.depth() == 0 || e.path_is_symlink())
                && let Some(d) = inside.escape(e.path())
            {
                escapes.borrow_mut().push(d);
                return false;
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                let d = if err.loop_ancestor().is_some() {
                    Diagnostic::warning(
                        &path,
                        "symbolic link loop: this link points to a folder that contains it, so it is skipped",
                    )
                    .help("remove the link, or point it at a folder outside content/")
                } else {
                    Diagnostic::error(&path, format!("cannot read: {}", io_reason(err.io_error())))
                };
                site.problems.insert(path, d);
                continue;
            }
        };
        let rel_content = relative(&content, entry.path());
        if rel_content.is_empty() {
            continue;
        }
        if entry.file_type().is_dir() {
            site.folders.insert(rel_content);
            continue;
        }
        let is_markdown = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_markdown {
            let kind = classify_path(&rel_content);
            markdown.push((entry.into_path(), kind));
        } else {
            site.attachments.insert(
                rel_content.clone(),
                Attachment {
                    rel: rel_content,
                    source: entry.into_path(),
                },
            );
        }
    }

    for d in escapes.into_inner() {
        site.problems.insert(d.file.clone(), d);
    }
    // Reading is the slow part on large sites: do it in parallel.
    let read: Vec<(String, Result<ContentFile, Diagnostic>)> = markdown
        .into_par_iter()
        .map(|(path, kind)| {
            let rel = relative(root, &path);
            let file = read_text(&path, &rel).map(|text| ContentFile::new(rel.clone(), kind, text));
            (rel, file)
        })
        .collect();
    for (rel, r) in read {
        match r {
            Ok(file) => {
                site.files.insert(rel, file);
            }
            Err(d) => {
                site.problems.insert(rel, d);
            }
        }
    }
}

/// A Markdown or settings file larger than this is not a dossier's text (a
/// pasted image, an export gone wrong): refusing it keeps builds quick.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a whole text file, naming the byte where invalid UTF-8 starts.
fn read_text(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    let cannot_read =
        |e: std::io::Error| Diagnostic::error(rel, format!("cannot read: {}", io_reason(Some(&e))));
    // One open for the size check and the reading: large sites read
    // thousands of files.
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_TEXT_BYTES {
        return Err(Diagnostic::error(
            rel,
            format!(
                "the file is {:.1} MB, larger than the {} MB a text file may have",
                len as f64 / 1_048_576.0,
                MAX_TEXT_BYTES / 1_048_576
            ),
        )
        .help("a recommendation is text; put large documents (PDF, images) beside it as attachments and link to them"));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalize_text(text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let ok = String::from_utf8_lossy(&bytes[..offset]);
            let pos = crate::base::diagnostics::Position::at(&ok, ok.len());
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

/// The site's folder as the file system resolves it, to tell whether a
/// symbolic link leads out of it: a cloned site may carry links planted to
/// publish what lies outside (`content/x.txt` → `/etc/passwd`).
pub struct Inside {
    root: PathBuf,
    real: Option<PathBuf>,
}

impl Inside {
    pub fn new(root: &Path) -> Inside {
        Inside {
            root: root.to_path_buf(),
            real: std::fs::canonicalize(root).ok(),
        }
    }

    /// An error at `path` if it resolves outside the site's folder (a link
    /// itself, or through a link above it); `None` if it stays inside or
    /// does not resolve at all (reading it then says why).
    pub fn escape(&self, path: &Path) -> Option<Diagnostic> {
        let real = std::fs::canonicalize(path).ok()?;
        if self
            .real
            .as_ref()
            .is_some_and(|root| real.starts_with(root))
        {
            return None;
        }
        let written = std::fs::read_link(path).unwrap_or_else(|_| real.clone());
        Some(
            Diagnostic::error(
                relative(&self.root, path),
                format!(
                    "a symbolic link to {}, which is outside the site's folder ({}): followup reads nothing outside the site",
                    written.display(),
                    real.display()
                ),
            )
            .help("copy what it points to into the site and remove the link, or point the link at a file inside the site"),
        )
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

    /// A content file's path, however the system separates its folders,
    /// becomes the same `/`-separated path and so the same address.
    #[test]
    fn paths_are_relative_with_slashes_on_every_system() {
        let base: PathBuf = ["site", "content"].iter().collect();
        let file = base.join("kazakhstan").join("p07-x").join("01-a.md");
        assert_eq!(relative(&base, &file), "kazakhstan/p07-x/01-a.md");
        assert_eq!(
            classify_path(&relative(&base, &file)),
            FileKind::Recommendation {
                country: "kazakhstan".into(),
                paragraph: "p07-x".into(),
                name: "01-a".into()
            }
        );
    }

    /// Windows's own spelling of a path: drive letter and backslashes.
    #[cfg(windows)]
    #[test]
    fn windows_paths_are_relative_with_slashes() {
        let base = Path::new(r"C:\Users\author\site\content");
        let file = Path::new(r"C:\Users\author\site\content\kazakhstan\_index.ru.md");
        assert_eq!(relative(base, file), "kazakhstan/_index.ru.md");
        let file = Path::new(r"C:/Users/author/site/content\kazakhstan/p07\01.md");
        assert_eq!(relative(base, file), "kazakhstan/p07/01.md");
    }
}
