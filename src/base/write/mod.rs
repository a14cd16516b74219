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

use crate::base::output::Contents;
use cap_std::fs::{Dir, OpenOptions};
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
    /// A symbolic link where the build would write or remove: the output
    /// folder or one below it, and what the link says it points to.
    Link { path: PathBuf, target: PathBuf },
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

/// Ends the message of every [`WriteError::Unfinished`]: what to do.
pub const FINISH_AGAIN: &str = "fix the cause and build again to finish writing the site";

impl WriteError {
    /// Whether the output folder no longer is as it was: a
    /// [`WriteError::Unfinished`].
    pub fn left_unfinished(&self) -> bool {
        matches!(self, WriteError::Unfinished { .. })
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Unsafe(why) => write!(f, "{why}"),
            WriteError::Link { path, target } => write!(
                f,
                "{} is a symbolic link to {}: followup never writes or removes through a link in the output folder, since it can lead outside it, so nothing was written; remove the link (it is not a file of the build), or give the folder it points to with --output",
                path.display(),
                target.display()
            ),
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

/// A manifest path is trusted only if it stays inside the output folder.
fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn read_manifest(output: &Dir) -> BTreeSet<String> {
    output
        .read_to_string(MANIFEST)
        .map(|text| {
            text.lines()
                .filter(|l| safe_relative(l))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
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

/// What [`rewrite`] did besides writing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The file had this many other names (hard links), which keep the old
    /// text: a file replaced whole is a new file.
    pub other_names: u64,
}

/// Replaces an author's file (`check --fix`, settings an import adds to)
/// with `bytes`, whole, as [`write_atomic`] does, but as the file it was: a
/// symbolic link stays a link and its target is replaced (atomically,
/// beside the target), and the file keeps its permissions (a private
/// `0600` stays private).
pub fn rewrite(path: &Path, bytes: &[u8]) -> Result<Rewritten, WriteError> {
    let target = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::canonicalize(path).map_err(io(path))?
    } else {
        path.to_path_buf()
    };
    let old = std::fs::metadata(&target).ok();
    let tmp = temporary(&target);
    let tmp = Path::new(&tmp);
    let result = (|| {
        let mut f = std::fs::File::create(tmp)?;
        f.write_all(bytes)?;
        if let Some(old) = &old {
            f.set_permissions(old.permissions())?;
        }
        drop(f);
        std::fs::rename(tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    result.map_err(io(&target))?;
    Ok(Rewritten {
        other_names: old.map_or(0, |m| links(&m).saturating_sub(1)),
    })
}

#[cfg(unix)]
fn links(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Puts a build's files into the output folder as they are made, so a
/// large site never has to be held in memory whole, while still never
/// damaging the last good output: a file that replaces an older one is
/// written beside it and renamed into place only when the whole build has
/// succeeded ([`Writer::finish`]); a failed build ([`Writer::abort`])
/// removes the files it created and leaves the old ones as they were.
///
/// Every file is reached through a handle on the output folder (cap-std),
/// so nothing can be created, replaced or removed outside it whatever a
/// path holds; and a symbolic link where the build would write or remove
/// is refused by name ([`WriteError::Link`]), since the output folder of a
/// cloned site may carry links planted to lead elsewhere.
pub struct Writer {
    dir: PathBuf,
    handle: Dir,
    previous: BTreeSet<String>,
    /// Folders below the output folder found to be real folders, not links.
    checked: std::sync::Mutex<std::collections::HashSet<String>>,
    /// Files this build created where there was none (relative).
    created: std::sync::Mutex<Vec<String>>,
    /// Replacements waiting beside the files they replace.
    staged: std::sync::Mutex<Vec<Staged>>,
    /// Every path put, relative, for the manifest.
    paths: std::sync::Mutex<Vec<String>>,
    unchanged: std::sync::atomic::AtomicUsize,
}

/// A replacement written beside the file it replaces (paths relative).
struct Staged {
    rel: String,
    tmp: String,
}

impl Writer {
    /// Starts writing into `dir` (created if needed). The folder itself may
    /// not be a symbolic link: a site's `public/` could lead anywhere.
    pub fn begin(dir: &Path) -> Result<Writer, WriteError> {
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(WriteError::Link {
                path: dir.to_path_buf(),
                target: std::fs::read_link(dir).unwrap_or_default(),
            });
        }
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let handle = Dir::open_ambient_dir(dir, cap_std::ambient_authority()).map_err(io(dir))?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            previous: read_manifest(&handle),
            handle,
            checked: Default::default(),
            created: Default::default(),
            staged: Default::default(),
            paths: Default::default(),
            unchanged: Default::default(),
        })
    }

    fn io_at(&self, rel: &str) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        let path = self.dir.join(rel);
        move |error| WriteError::Io { path, error }
    }

    /// Refuses `rel` if a folder on its way, or `rel` itself when `whole`,
    /// is a symbolic link. What does not exist yet is no link.
    fn no_link(&self, rel: &str, whole: bool) -> Result<(), WriteError> {
        let ends: Vec<usize> = rel
            .match_indices('/')
            .map(|(i, _)| i)
            .chain(whole.then_some(rel.len()))
            .collect();
        for end in ends {
            let prefix = &rel[..end];
            if lock(&self.checked).contains(prefix) {
                continue;
            }
            match self.handle.symlink_metadata(prefix) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(WriteError::Link {
                        path: self.dir.join(prefix),
                        target: self.handle.read_link_contents(prefix).unwrap_or_default(),
                    });
                }
                Ok(m) if m.is_dir() => {
                    lock(&self.checked).insert(prefix.to_string());
                }
                // A file where a folder is wanted, or nothing yet: writing
                // says what is wrong, and nothing below can be a link.
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// Creates `rel`, which must not exist yet, and any folders above it.
    fn create_new(&self, rel: &str) -> std::io::Result<cap_std::fs::File> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        match self.handle.open_with(rel, &options) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some((parent, _)) = rel.rsplit_once('/') {
                    self.handle.create_dir_all(parent)?;
                }
                self.handle.open_with(rel, &options)
            }
            other => other,
        }
    }

    /// Puts one file (`rel` is `/`-separated, inside the output folder).
    /// Safe to call from several threads at once.
    pub fn put(&self, rel: &str, contents: &Contents) -> Result<(), WriteError> {
        let bytes = match contents {
            Contents::Bytes(b) => std::borrow::Cow::Borrowed(b.as_slice()),
            Contents::Copy(source) => {
                std::borrow::Cow::Owned(std::fs::read(source).map_err(io(source))?)
            }
        };
        self.no_link(rel, false)?;
        lock(&self.paths).push(rel.to_string());
        // A file the last build made is most likely still there and the
        // same: compared first, through one handle that follows no link.
        if self.previous.contains(rel) {
            match self.same_as_before(rel, &bytes) {
                Some(true) => {
                    self.unchanged
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(());
                }
                Some(false) => return self.stage(rel, &bytes),
                // Gone, or not a file: as for any other file.
                None => {}
            }
        }
        // Most files of a first build are new: one attempt to create the
        // file finds out whether it exists, where a look first would cost a
        // system call on every page.
        match self.create_new(rel) {
            Ok(mut f) => {
                lock(&self.created).push(rel.to_string());
                f.write_all(&bytes).map_err(self.io_at(rel))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                // Creating refuses a link as it refuses a file: tell them apart.
                self.no_link(rel, true)?;
                let same_size = self
                    .handle
                    .metadata(rel)
                    .is_ok_and(|m| m.len() == bytes.len() as u64);
                if same_size && self.handle.read(rel).is_ok_and(|old| old == *bytes) {
                    self.unchanged
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(());
                }
                self.stage(rel, &bytes)?;
            }
            Err(e) => return Err(self.io_at(rel)(e)),
        }
        Ok(())
    }

    /// Whether the file at `rel` holds `bytes`: `None` when there is no
    /// file there to compare (nothing, a folder, a link: opening it does
    /// not follow a link, and refuses it; a named pipe, which opening does
    /// not wait on).
    fn same_as_before(&self, rel: &str, bytes: &[u8]) -> Option<bool> {
        use cap_fs_ext::{FollowSymlinks, OpenOptionsFollowExt};
        use std::io::Read;
        let mut options = OpenOptions::new();
        options.read(true).follow(FollowSymlinks::No);
        #[cfg(unix)]
        cap_std::fs::OpenOptionsExt::custom_flags(
            &mut options,
            rustix::fs::OFlags::NONBLOCK.bits() as i32,
        );
        let mut file = self.handle.open_with(rel, &options).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() {
            return None;
        }
        if meta.len() != bytes.len() as u64 {
            return Some(false);
        }
        // Read to the length known (`read_to_end` would ask it again),
        // then once more, to see a file that grew meanwhile.
        let mut old = vec![0; bytes.len()];
        file.read_exact(&mut old).ok()?;
        Some(old == bytes && file.read(&mut [0]).ok()? == 0)
    }

    /// Writes the replacement of `rel` beside it, to be renamed into place
    /// when the build succeeds.
    fn stage(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let tmp = temporary(rel);
        lock(&self.staged).push(Staged {
            rel: rel.to_string(),
            tmp: tmp.clone(),
        });
        self.write_new(&tmp, bytes)
    }

    /// Writes `rel` afresh: whatever was there (a leftover, a link) is
    /// removed first, never written through.
    fn write_new(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let _ = self.handle.remove_file(rel);
        let mut f = self.create_new(rel).map_err(self.io_at(rel))?;
        f.write_all(bytes).map_err(self.io_at(rel))
    }

    /// The build failed: takes back everything it put.
    pub fn abort(self) {
        self.take_back();
    }

    fn take_back(&self) {
        for s in lock(&self.staged).iter() {
            let _ = self.handle.remove_file(&s.tmp);
        }
        self.remove_created();
    }

    fn remove_created(&self) {
        for rel in lock(&self.created).iter() {
            if self.handle.remove_file(rel).is_ok() {
                self.remove_empty_parents(rel);
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
        let current: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        let stale: Vec<&String> = self
            .previous
            .iter()
            .filter(|p| !current.contains(p.as_str()))
            .collect();
        // A stale entry reached through a link, or one that is a link now,
        // is not the build's to remove: refused before anything changes.
        if let Some(e) = stale.iter().find_map(|p| self.no_link(p, true).err()) {
            *lock(&self.staged) = staged;
            self.take_back();
            return Err(e);
        }
        self.replace(&staged, &paths)?;
        for stale in stale {
            match self.handle.remove_file(stale) {
                Ok(()) => {
                    report.removed += 1;
                    self.remove_empty_parents(stale);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => {
                    // Still listed, so the next build tries again.
                    let mut owned = current.clone();
                    owned.extend(self.previous.iter().map(String::as_str));
                    let _ = self.record(owned);
                    return Err(WriteError::Unfinished {
                        step: Step::RemoveStale,
                        path: self.dir.join(stale),
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
            let Err(error) = self.handle.rename(&s.tmp, &self.handle, &s.rel) else {
                continue;
            };
            let waiting = &staged[done..];
            for s in waiting {
                let _ = self.handle.remove_file(&s.tmp);
            }
            if done == 0 {
                self.remove_created();
                return Err(self.io_at(&s.rel)(error));
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
                path: self.dir.join(&s.rel),
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
        if self.handle.read_to_string(MANIFEST).ok().as_deref() != Some(manifest.as_str()) {
            let tmp = temporary(MANIFEST);
            self.write_new(&tmp, manifest.as_bytes())?;
            self.handle
                .rename(&tmp, &self.handle, MANIFEST)
                .map_err(|e| {
                    let _ = self.handle.remove_file(&tmp);
                    self.io_at(MANIFEST)(e)
                })?;
        }
        Ok(())
    }

    /// Removes the folders left empty by a removed page, up to the output folder.
    fn remove_empty_parents(&self, rel: &str) {
        let mut rel = rel;
        while let Some((parent, _)) = rel.rsplit_once('/') {
            if self.handle.remove_dir(parent).is_err() {
                break;
            }
            rel = parent;
        }
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Where a replacement waits: beside the file, hidden, named for it.
fn temporary<P: AsRef<Path> + ?Sized>(path: &P) -> String {
    let path = path.as_ref();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = format!(".{name}.followup-tmp");
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => format!("{}/{tmp}", parent.to_string_lossy()),
        None => tmp,
    }
}

#[cfg(test)]
mod tests;
