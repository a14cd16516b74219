//! What the preview serves at one moment, read by every request without
//! waiting: the session takes one after each rebuild.

use crate::base::diagnostics::Diagnostics;
use crate::preview::session::Served;
use std::collections::HashMap;
use std::sync::Arc;

/// Every file the preview serves, by path, shared by the session and the
/// snapshots it hands out, and copied on change. Kept by the path's first
/// folder, so that a change copies the small map of folders and the one
/// folder it touches, not every path of the site (at 100,000
/// recommendations, 400,000 of them: about 100 ms on each edit).
#[derive(Debug, Clone, Default)]
pub struct ServedFiles(Arc<HashMap<String, Arc<HashMap<String, Served>>>>);

/// The folder a path is kept under: its first, or none for a file at the top.
fn folder(path: &str) -> &str {
    path.split_once('/').map_or("", |(first, _)| first)
}

impl ServedFiles {
    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&Served> {
        self.0.get(folder(path))?.get(path)
    }

    /// Serves `served` at `path`, in place of what was there.
    pub fn insert(&mut self, path: String, served: Served) {
        let folders = Arc::make_mut(&mut self.0);
        let files = folders.entry(folder(&path).to_string()).or_default();
        Arc::make_mut(files).insert(path, served);
    }

    /// Serves nothing at `path` any more.
    pub fn remove(&mut self, path: &str) {
        if self.get(path).is_none() {
            return;
        }
        if let Some(files) = Arc::make_mut(&mut self.0).get_mut(folder(path)) {
            Arc::make_mut(files).remove(path);
        }
    }

    /// Keeps only the paths `keep` says to, copying only the folders that
    /// lose one.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        if self.iter().all(|(path, _)| keep(path)) {
            return;
        }
        for files in Arc::make_mut(&mut self.0).values_mut() {
            if files.keys().any(|path| !keep(path)) {
                Arc::make_mut(files).retain(|path, _| keep(path));
            }
        }
    }

    /// Every path and its file, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Served)> {
        self.0.values().flat_map(|files| files.iter())
    }
}

/// What the preview serves at one moment: taken after each rebuild and
/// swapped in whole ([`crate::preview`]), so that a reader never waits for
/// a rebuild. The files are shared with the session, which copies them
/// only when it next changes one.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    version: u64,
    errors: Diagnostics,
    warnings: Diagnostics,
    files: ServedFiles,
}

impl Snapshot {
    pub(super) fn new(
        version: u64,
        errors: Diagnostics,
        warnings: Diagnostics,
        files: ServedFiles,
    ) -> Snapshot {
        Snapshot {
            version,
            errors,
            warnings,
            files,
        }
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn errors(&self) -> &Diagnostics {
        &self.errors
    }

    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }

    /// The file at `path` (relative to the site, like `kazakhstan/index.html`).
    pub fn get(&self, path: &str) -> Option<&Served> {
        self.files.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(s: &str) -> Served {
        Served::Bytes(s.as_bytes().into())
    }

    fn text(files: &ServedFiles, path: &str) -> Option<String> {
        match files.get(path)? {
            Served::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            Served::File(p) => Some(p.display().to_string()),
        }
    }

    /// A snapshot keeps serving what it was taken with while the session
    /// changes its own copy, folder by folder.
    #[test]
    fn a_snapshot_keeps_its_files_while_the_session_changes_them() {
        let mut files = ServedFiles::default();
        files.insert("index.html".into(), bytes("home"));
        files.insert("atlantis/index.html".into(), bytes("a"));
        files.insert("atlantis/p1/index.html".into(), bytes("p1"));
        files.insert("utopia/index.html".into(), bytes("u"));
        let taken = files.clone();

        files.insert("atlantis/index.html".into(), bytes("a2"));
        files.remove("atlantis/p1/index.html");
        files.remove("nowhere/index.html");
        files.retain(|p| p != "utopia/index.html");

        assert_eq!(text(&files, "atlantis/index.html").as_deref(), Some("a2"));
        assert_eq!(text(&files, "atlantis/p1/index.html"), None);
        assert_eq!(text(&files, "utopia/index.html"), None);
        assert_eq!(text(&files, "index.html").as_deref(), Some("home"));
        assert_eq!(files.iter().count(), 2);

        assert_eq!(text(&taken, "atlantis/index.html").as_deref(), Some("a"));
        assert_eq!(
            text(&taken, "atlantis/p1/index.html").as_deref(),
            Some("p1")
        );
        assert_eq!(text(&taken, "utopia/index.html").as_deref(), Some("u"));
        assert_eq!(taken.iter().count(), 4);
        // The folders no change touched are still shared.
        assert!(Arc::ptr_eq(&files.0[""], &taken.0[""]));
    }
}
