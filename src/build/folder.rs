//! The output folder a build may write to: never the site's own folder,
//! one holding its sources, or one inside its content; and where the build
//! cache may be kept: apart from both.

use crate::base::write::WriteError;
use crate::input::load::CONTENT_DIR;
use std::path::{Component, Path, PathBuf};

/// Refuses an output folder that is the site root, holds the content, or lies inside it.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let canon = resolve;
    let root = canon(root);
    let output = canon(output);
    let content = root.join(CONTENT_DIR);
    if output == root {
        return Err(WriteError::Unsafe(
            "the output folder is the site's own folder: building there would mix pages with the sources; choose another --output (the default is public/)".into(),
        ));
    }
    if content.starts_with(&output) || output.join(CONTENT_DIR).exists() {
        return Err(WriteError::Unsafe(format!(
            "the output folder {} contains a content/ folder: it looks like a site's sources, not a place to publish; choose another --output",
            output.display()
        )));
    }
    if output.starts_with(&content) {
        return Err(WriteError::Unsafe(
            "the output folder is inside content/: the next build would read its own pages; choose another --output".into(),
        ));
    }
    Ok(())
}

/// Why the build cache may not be kept at `cache`, if it may not: in the
/// output folder it would be published, in the content read as sources.
pub fn cache_conflict(root: &Path, output: &Path, cache: &Path) -> Option<String> {
    let cache = resolve(cache);
    let output = resolve(output);
    let content = resolve(root).join(CONTENT_DIR);
    if cache.starts_with(&output) || output.starts_with(&cache) {
        Some("it is, holds or lies inside the output folder, whose files are published".into())
    } else if cache.starts_with(&content) || content.starts_with(&cache) {
        Some("it is, holds or lies inside content/, which holds the sources".into())
    } else {
        None
    }
}

/// `path` made absolute as the file system would resolve it: the part that
/// exists through its links, the rest (not created yet) by its names, so
/// `site/nope/..` is `site` and `public/../content` is `content` even
/// before `public/` exists.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => {
                resolved.push(other);
                if exists {
                    match std::fs::canonicalize(&resolved) {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folder_may_not_hold_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(&root.join("."), root).is_err());
        assert!(check_output_dir(root, &root.join("content/x")).is_err());
        assert!(check_output_dir(&root.join("sub"), root).is_err());
    }
}
