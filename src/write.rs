//! Stage 5: put the rendered site on disk without ever damaging what is there.
//!
//! Pages are put in place as they are rendered: a new file is written where
//! it goes, a file that replaces an older one is written beside it and
//! renamed into place only once the whole build has succeeded, and a failed
//! build takes back what it created. Files whose bytes did not change are
//! left alone. A manifest lists what followup wrote; only files in the
//! previous manifest that this build no longer produces are removed, so a
//! publisher's own files (a `.git` folder, a CNAME) are never touched.
//!
//! The renames at the end cannot all happen at once: if one fails, the files
//! renamed before it stay new and the rest stay old (every file whole), and
//! the error says so ([`WriteError::Unfinished`]).

use crate::output::Contents;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Name of the manifest in the output folder.
pub const MANIFEST: &str = ".followup-manifest";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or whose contents changed.
    pub written: usize,
    pub unchanged: usize,
    /// Files from an earlier build that this one no longer produces.
    pub removed: usize,
}

#[derive(Debug)]
pub enum WriteError {
    /// The output folder would overwrite or contain the sources.
    Unsafe(String),
    /// A file could not be written before anything was put in place: the
    /// output folder is as it was.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// [`Writer::finish`] failed after it had begun changing the output
    /// folder: `replaced` of the `changed` replacements are in place.
    Unfinished {
        step: Step,
        path: PathBuf,
        error: std::io::Error,
        replaced: usize,
        changed: usize,
    },
}

/// What [`Writer::finish`] was doing when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Renaming a replacement over the file it replaces.
    Replace,
    /// Removing a file of the last build that this one no longer makes.
    RemoveStale,
    /// Writing the manifest.
    Manifest,
}

/// Ends the message of every [`WriteError::Unfinished`]: what to do, and
/// the sign, once the error is only a message among a build's diagnostics,
/// that the output folder was changed (see [`left_unfinished`]).
pub const FINISH_AGAIN: &str = "fix the cause and build again to finish writing the site";

/// Whether a build error's message is that of a [`WriteError::Unfinished`]:
/// the output folder then no longer is as it was.
pub fn left_unfinished(message: &str) -> bool {
    message.contains(FINISH_AGAIN)
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Unsafe(why) => write!(f, "{why}"),
            WriteError::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
            WriteError::Unfinished {
                step,
                path,
                error,
                replaced,
                changed,
            } => {
                let path = path.display();
                match step {
                    Step::Replace => write!(
                        f,
                        "cannot replace {path}: {error}. {replaced} of the {changed} changed files were replaced before this failure, so the output folder now mixes pages of this build with pages of the last one (the other changed files are as they were, and files new in this build stay)"
                    )?,
                    Step::RemoveStale => write!(
                        f,
                        "cannot remove {path}, which this build no longer makes: {error}. All {changed} changed files were replaced, so every page is this build's, but files of the last build that it no longer makes may remain"
                    )?,
                    Step::Manifest => write!(
                        f,
                        "cannot write {path}: {error}. Every page of this build is in place, but the list of the files followup made is out of date, so a later build may leave behind files it no longer makes"
                    )?,
                }
                write!(f, "; {FINISH_AGAIN}")
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Refuses an output folder that is the site root, holds the content, or lies inside it.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let canon = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            // Not created yet: resolve its parent, which usually exists.
            match (p.parent(), p.file_name()) {
                (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
                    std::fs::canonicalize(parent)
                        .map(|c| c.join(name))
                        .unwrap_or_else(|_| p.to_path_buf())
                }
                _ => p.to_path_buf(),
            }
        })
    };
    let root = canon(root);
    let output = canon(output);
    let content = root.join(crate::load::CONTENT_DIR);
    if output == root {
        return Err(WriteError::Unsafe(
            "the output folder is the site's own folder: building there would mix pages with the sources; choose another --output (the default is public/)".into(),
        ));
    }
    if content.starts_with(&output) || output.join(crate::load::CONTENT_DIR).exists() {
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

/// A manifest path is trusted only if it stays inside the output folder.
fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn read_manifest(output: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(output.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| safe_relative(l))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Creates `path`, which must not exist yet, and any folders above it.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let open = || {
        std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            open()
        }
        other => other,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = temporary(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}

/// Puts a build's files into the output folder as they are made, so a
/// large site never has to be held in memory whole, while still never
/// damaging the last good output: a file that replaces an older one is
/// written beside it and renamed into place only when the whole build has
/// succeeded ([`Writer::finish`]); a failed build ([`Writer::abort`])
/// removes the files it created and leaves the old ones as they were.
pub struct Writer {
    dir: PathBuf,
    previous: BTreeSet<String>,
    /// Files this build created where there was none.
    created: std::sync::Mutex<Vec<PathBuf>>,
    /// Replacements waiting beside the files they replace.
    staged: std::sync::Mutex<Vec<Staged>>,
    /// Every path put, relative, for the manifest.
    paths: std::sync::Mutex<Vec<String>>,
    unchanged: std::sync::atomic::AtomicUsize,
}

/// A replacement written beside the file it replaces.
struct Staged {
    /// Relative, as in the manifest.
    rel: String,
    tmp: PathBuf,
    path: PathBuf,
}

impl Writer {
    /// Starts writing into `dir` (created if needed).
    pub fn begin(dir: &Path) -> Result<Writer, WriteError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            previous: read_manifest(dir),
            created: Default::default(),
            staged: Default::default(),
            paths: Default::default(),
            unchanged: Default::default(),
        })
    }

    /// Puts one file (`rel` is `/`-separated, inside the output folder).
    /// Safe to call from several threads at once.
    pub fn put(&self, rel: &str, contents: &Contents) -> Result<(), WriteError> {
        let path = self.dir.join(rel);
        let bytes = match contents {
            Contents::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Contents::Copy(source) => {
                std::borrow::Cow::Owned(std::fs::read(source).map_err(io(source))?)
            }
        };
        lock(&self.paths).push(rel.to_string());
        // Most files of a build are new: one attempt to create the file
        // finds out whether it exists, where a look first would cost a
        // system call on every page.
        match create_new(&path) {
            Ok(mut f) => {
                lock(&self.created).push(path.clone());
                f.write_all(&bytes).map_err(io(&path))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let same_size =
                    std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
                if same_size && std::fs::read(&path).is_ok_and(|old| old == *bytes) {
                    self.unchanged
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(());
                }
                let tmp = temporary(&path);
                lock(&self.staged).push(Staged {
                    rel: rel.to_string(),
                    tmp: tmp.clone(),
                    path,
                });
                std::fs::write(&tmp, &bytes).map_err(io(&tmp))?;
            }
            Err(e) => return Err(io(&path)(e)),
        }
        Ok(())
    }

    /// The build failed: takes back everything it put.
    pub fn abort(self) {
        for s in lock(&self.staged).iter() {
            let _ = std::fs::remove_file(&s.tmp);
        }
        self.remove_created();
    }

    fn remove_created(&self) {
        for path in lock(&self.created).iter() {
            if std::fs::remove_file(path).is_ok() {
                remove_empty_parents(&self.dir, path);
            }
        }
    }

    /// The build succeeded: puts replacements in place, removes what this
    /// build no longer makes, and records what it made.
    ///
    /// If a replacement cannot be put in place, the ones not yet renamed are
    /// removed, so each file is whole, old or new. When none had been
    /// renamed the new files go too and the output folder is as it was
    /// ([`WriteError::Io`]). Otherwise the new files stay, since the pages
    /// already replaced may link to them, and the manifest lists them with
    /// the last build's files, so the next build finishes the job and
    /// removes what it no longer makes ([`WriteError::Unfinished`]).
    pub fn finish(self) -> Result<WriteReport, WriteError> {
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        // In path order, so that a failure stops at the same place every time.
        staged.sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
        let mut paths = std::mem::take(&mut *lock(&self.paths));
        paths.sort();
        let created = lock(&self.created).len();
        let unchanged = self.unchanged.load(std::sync::atomic::Ordering::Relaxed);
        let changed = staged.len();
        let mut report = WriteReport {
            written: created + changed,
            unchanged,
            removed: 0,
        };
        self.replace(&staged, &paths)?;
        let current: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        for stale in self
            .previous
            .iter()
            .filter(|p| !current.contains(p.as_str()))
        {
            let path = self.dir.join(stale);
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    report.removed += 1;
                    remove_empty_parents(&self.dir, &path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    // Still listed, so the next build tries again.
                    let mut owned = current.clone();
                    owned.extend(self.previous.iter().map(String::as_str));
                    let _ = self.record(owned);
                    return Err(WriteError::Unfinished {
                        step: Step::RemoveStale,
                        path,
                        error,
                        replaced: changed,
                        changed,
                    });
                }
            }
        }
        self.record(paths.iter().map(String::as_str))
            .map_err(|e| match e {
                WriteError::Io { path, error } => WriteError::Unfinished {
                    step: Step::Manifest,
                    path,
                    error,
                    replaced: changed,
                    changed,
                },
                other => other,
            })?;
        Ok(report)
    }

    /// Renames every replacement into place; see [`Writer::finish`] for
    /// what a failure leaves.
    fn replace(&self, staged: &[Staged], paths: &[String]) -> Result<(), WriteError> {
        for (done, s) in staged.iter().enumerate() {
            let Err(error) = std::fs::rename(&s.tmp, &s.path) else {
                continue;
            };
            let waiting = &staged[done..];
            for s in waiting {
                let _ = std::fs::remove_file(&s.tmp);
            }
            if done == 0 {
                self.remove_created();
                return Err(io(&s.path)(error));
            }
            // The manifest lists the last build's files, none of which were
            // removed, and what this one put in place, which excludes the
            // files it failed to replace (they may be a publisher's own).
            let waiting: BTreeSet<&str> = waiting.iter().map(|s| s.rel.as_str()).collect();
            let mut owned: BTreeSet<&str> = self.previous.iter().map(String::as_str).collect();
            owned.extend(
                paths
                    .iter()
                    .map(String::as_str)
                    .filter(|p| !waiting.contains(p)),
            );
            // Best effort: the error to report is the rename's.
            let _ = self.record(owned);
            return Err(WriteError::Unfinished {
                step: Step::Replace,
                path: s.path.clone(),
                error,
                replaced: done,
                changed: staged.len(),
            });
        }
        Ok(())
    }

    /// Writes the manifest: `paths`, in order, one a line.
    fn record<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Result<(), WriteError> {
        let mut manifest = String::new();
        for p in paths {
            manifest.push_str(p);
            manifest.push('\n');
        }
        let path = self.dir.join(MANIFEST);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
            write_atomic(&path, manifest.as_bytes())?;
        }
        Ok(())
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Where a replacement waits: beside the file, hidden, named for it.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.followup-tmp"))
}

/// Removes the folders left empty by a removed page, up to the output folder.
fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Output, OutputFile};
    use rayon::prelude::*;

    /// A whole site made in memory, put through a [`Writer`] as `build` does.
    fn write(output_dir: &Path, output: &Output) -> Result<WriteReport, WriteError> {
        let writer = Writer::begin(output_dir)?;
        let results: Vec<Result<(), WriteError>> = output
            .files
            .par_iter()
            .map(|f| writer.put(&f.path, &f.contents))
            .collect();
        if let Some(e) = results.into_iter().find_map(Result::err) {
            writer.abort();
            return Err(e);
        }
        writer.finish()
    }

    fn output(files: &[(&str, &str)]) -> Output {
        Output {
            files: files
                .iter()
                .map(|(p, c)| OutputFile {
                    path: p.to_string(),
                    contents: Contents::Bytes(c.as_bytes().to_vec()),
                })
                .collect(),
            pages: files.len(),
        }
    }

    #[test]
    fn stale_files_go_and_foreign_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(out.join("CNAME"), "x.org").unwrap();

        let r = write(
            &out,
            &output(&[("index.html", "a"), ("a/b/index.html", "b")]),
        )
        .unwrap();
        assert_eq!(
            r,
            WriteReport {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );

        let r = write(&out, &output(&[("index.html", "a2")])).unwrap();
        assert_eq!(
            r,
            WriteReport {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "emptied folders are removed");
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "x.org");
        assert!(out.join(".git/HEAD").exists());

        let r = write(&out, &output(&[("index.html", "a2")])).unwrap();
        assert_eq!(
            r,
            WriteReport {
                written: 0,
                unchanged: 1,
                removed: 0
            }
        );
    }

    #[test]
    fn manifest_cannot_point_outside() {
        assert!(safe_relative("a/b.html"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative("a/../../x"));
    }

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
