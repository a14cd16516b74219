//! `followup init DIR`: a new dossier site that builds at once, with the
//! sample's settings, one country, one paragraph and one recommendation to
//! copy from, the GitHub Pages workflow and a .gitignore.

use std::path::Path;

/// The files of a new site: path → contents. The content is the sample
/// dossier's own, so the example stays true to the format.
const FILES: &[(&str, &str)] = &[
    ("followup.toml", include_str!("../followup.toml")),
    (
        "content/kazakhstan/_index.md",
        include_str!("../content/kazakhstan/_index.md"),
    ),
    (
        "content/kazakhstan/p25-freedom-of-expression/_index.md",
        include_str!("../content/kazakhstan/p25-freedom-of-expression/_index.md"),
    ),
    (
        "content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md",
        include_str!(
            "../content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md"
        ),
    ),
    (
        ".github/workflows/pages.yml",
        include_str!("scaffold/pages.yml"),
    ),
    (".gitignore", "/public\n"),
];

/// Creates the site in `dir`, which must not exist or be empty. Returns
/// the files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<String>, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty: followup init only fills a new or empty folder, so nothing of yours is overwritten",
                dir.display()
            ));
        }
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written.push(path.to_string());
    }
    Ok(written)
}
