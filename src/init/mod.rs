//! `followup init DIR`: a new dossier site that builds at once: settings
//! with a grade scale whose grades have levels and commented blocks for
//! what a site adds later (the Committee as an assessor, the publisher,
//! other languages), an empty home page, the GitHub Pages workflow and a
//! .gitignore. With `--example`, the sample's settings and one country,
//! paragraph and recommendation of it to copy from, instead.

pub mod new;

use std::path::Path;

/// The files of a new site: path → contents.
const FILES: &[(&str, &str)] = &[
    ("followup.toml", include_str!("scaffold/followup.toml")),
    ("content/_index.md", include_str!("scaffold/home.md")),
    (".gitignore", "/public\n/.followup-cache\n"),
];

/// The files of `init --example`: the sample dossier's own, so the example
/// stays true to the format.
const EXAMPLE: &[(&str, &str)] = &[
    ("followup.toml", include_str!("../../followup.toml")),
    (
        "content/kazakhstan/_index.md",
        include_str!("../../content/kazakhstan/_index.md"),
    ),
    (
        "content/kazakhstan/p25-freedom-of-expression/_index.md",
        include_str!("../../content/kazakhstan/p25-freedom-of-expression/_index.md"),
    ),
    (
        "content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md",
        include_str!(
            "../../content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md"
        ),
    ),
    (".gitignore", "/public\n/.followup-cache\n"),
];

/// Where the Pages workflow goes in a new site.
const WORKFLOW: &str = ".github/workflows/pages.yml";

/// The Pages workflow of a new site: it builds with this repository's
/// action and the followup release that wrote it, so the site builds the
/// same way until its author chooses to move on. The action is pinned to
/// the commit this followup was built from (a tag can be moved; a commit
/// cannot), or to the version's tag when that commit is not known.
pub fn pages_workflow() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let repository = repository_slug();
    let action = match env!("FOLLOWUP_COMMIT") {
        "" => format!("{repository}@v{version}"),
        commit => format!("{repository}@{commit} # v{version}"),
    };
    include_str!("scaffold/pages.yml")
        .replace("FOLLOWUP_ACTION", &action)
        .replace("FOLLOWUP_VERSION", version)
}

/// `owner/name` of the project's repository, from Cargo.toml's
/// `repository`.
pub fn repository_slug() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .trim_end_matches('/')
        .trim_start_matches("https://github.com/")
}

/// Creates the site in `dir`, which must not exist or be empty: an empty
/// site, or with `example` the sample's. Returns the files written,
/// relative to `dir`.
pub fn init(dir: &Path, example: bool) -> Result<Vec<String>, String> {
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
    let workflow = pages_workflow();
    let files = if example { EXAMPLE } else { FILES };
    let files = files.iter().copied().chain([(WORKFLOW, workflow.as_str())]);
    for (path, text) in files {
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
