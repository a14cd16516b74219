//! The build cache across runs: what a build made that the next one can
//! reuse (the search bundles, keyed by a hash of their records), kept in a
//! folder beside followup.toml (`.followup-cache/`, or `--cache DIR`).
//!
//! Nothing in it is trusted: each entry carries the followup version that
//! wrote it and a checksum of what it holds, and one from another version,
//! cut short or changed is ignored, made again and replaced, and said once
//! ([`Cache::notice`]). Entries are written whole (beside, then renamed),
//! and every file is reached through a handle on the cache folder
//! (cap-std), since the folder may come with a stranger's clone: no planted
//! link can lead a read or a write outside it, and the folder itself may
//! not be a link.
//!
//! The API is general: an entry is bytes under a kind (a folder of the
//! cache, one per maker) and a [`Key`] the maker computes from all its
//! inputs with [`KeyMaker`], so any maker of slow files can keep them.

use crate::base::diagnostics::Diagnostic;
use crate::base::output::{Contents, OutputFile};
use cap_std::fs::{Dir, OpenOptions};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The folder's name beside followup.toml when no `--cache` is given.
pub const DEFAULT_DIR: &str = ".followup-cache";

/// What every entry starts with, then the version line, a newline, its
/// key (32 bytes: an entry copied under another name is not that entry),
/// the length of what it holds (8 bytes, little-endian), its BLAKE3
/// checksum (32 bytes), and what it holds.
const MAGIC: &[u8] = b"followup cache entry 1\n";

/// Who wrote an entry: followup's version and the commit it was built
/// from, so that a cache is never read by another followup's code.
pub const VERSION: &str = env!("FOLLOWUP_VERSION_LINE");

/// The key of an entry: a BLAKE3 hash of everything it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(blake3::Hash);

impl Key {
    fn name(&self) -> String {
        self.0.to_hex().to_string()
    }
}

/// Makes a [`Key`] from a maker's inputs, each written with its length so
/// that no two different lists of inputs give the same bytes: a hash whose
/// value is the same on every machine and Rust version, unlike
/// `std::hash::Hash` (whose encoding the standard library may change).
pub struct KeyMaker(blake3::Hasher);

impl KeyMaker {
    /// A new key for `domain` (what is made, so two makers' keys differ).
    pub fn new(domain: &str) -> KeyMaker {
        let mut k = KeyMaker(blake3::Hasher::new());
        k.str(domain);
        k
    }

    pub fn bytes(&mut self, b: &[u8]) -> &mut KeyMaker {
        self.0.update(&(b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }

    pub fn str(&mut self, s: &str) -> &mut KeyMaker {
        self.bytes(s.as_bytes())
    }

    /// Another key among the inputs (what a set of inputs was named by).
    pub fn of(&mut self, k: Key) -> &mut KeyMaker {
        self.0.update(k.0.as_bytes());
        self
    }

    pub fn number(&mut self, n: u64) -> &mut KeyMaker {
        self.0.update(&n.to_le_bytes());
        self
    }

    pub fn key(&self) -> Key {
        Key(self.0.finalize())
    }
}

/// The build cache of one build: read and written from several threads.
pub struct Cache {
    shown: PathBuf,
    dir: Dir,
    /// Entries read or written by this build, by kind: the others of those
    /// kinds are left over from older builds ([`Cache::sweep`]).
    used: Mutex<HashSet<(String, String)>>,
    other_version: AtomicUsize,
    damaged: AtomicUsize,
    unwritten: Mutex<Option<String>>,
    written: AtomicUsize,
    reused: AtomicUsize,
}

/// Why a cache folder cannot be used at all: said in one info line, and
/// the build goes on without a cache.
#[derive(Debug)]
pub struct Unusable(pub Diagnostic);

impl Cache {
    /// Opens the cache folder `dir`, creating it. A folder that is a
    /// symbolic link is refused: it could lead anywhere.
    pub fn open(dir: &Path) -> Result<Cache, Unusable> {
        let shown = dir.to_path_buf();
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Unusable(
                Diagnostic::info(
                    shown.display().to_string(),
                    "the build cache was not used: it is a symbolic link, which could lead outside the site's folder; this build made everything afresh",
                )
                .help("remove the link (followup makes the folder itself), or give a real folder with --cache DIR"),
            ));
        }
        let unusable = |e: std::io::Error| {
            Unusable(
                Diagnostic::info(
                    shown.display().to_string(),
                    format!("the build cache was not used: {e}; this build made everything afresh"),
                )
                .help("make the folder writable, give another with --cache DIR, or build with --no-cache"),
            )
        };
        std::fs::create_dir_all(dir).map_err(unusable)?;
        let handle = Dir::open_ambient_dir(dir, cap_std::ambient_authority()).map_err(unusable)?;
        // Backup tools that honour it leave the folder out (bford.info/cachedir).
        if handle.symlink_metadata(TAG).is_err() {
            let _ = write_whole(&handle, TAG, &[TAG_TEXT]);
        }
        Ok(Cache {
            shown,
            dir: handle,
            used: Mutex::default(),
            other_version: AtomicUsize::new(0),
            damaged: AtomicUsize::new(0),
            unwritten: Mutex::default(),
            written: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        })
    }

    /// What the entry of `kind` under `key` holds, if there is one that
    /// this followup wrote, whole and unchanged.
    pub fn get(&self, kind: &str, key: Key) -> Option<Vec<u8>> {
        let name = entry(kind, key);
        self.mark(kind, &name);
        // A link in the cache is no entry of followup's.
        match self.dir.symlink_metadata(&name) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
                return None;
            }
            Err(_) => return None,
        }
        let Ok(mut bytes) = self.dir.read(&name) else {
            self.damaged.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        match decode(&bytes, key) {
            Ok(start) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                bytes.drain(..start);
                Some(bytes)
            }
            Err(Bad::OtherVersion) => {
                self.other_version.fetch_add(1, Ordering::Relaxed);
                None
            }
            Err(Bad::Damaged) => {
                self.damaged.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keeps `bytes` as the entry of `kind` under `key`, whole: written
    /// beside and renamed into place. A failure is said once, at the end,
    /// and never fails the build.
    pub fn put(&self, kind: &str, key: Key, bytes: &[u8]) {
        let name = entry(kind, key);
        self.mark(kind, &name);
        let mut header = Vec::with_capacity(160);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(VERSION.as_bytes());
        header.push(b'\n');
        header.extend_from_slice(key.0.as_bytes());
        header.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        header.extend_from_slice(blake3::hash(bytes).as_bytes());
        let written = self
            .dir
            .create_dir_all(kind)
            .and_then(|()| write_whole(&self.dir, &name, &[&header, bytes]));
        match written {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                lock(&self.unwritten).get_or_insert_with(|| e.to_string());
            }
        }
    }

    /// [`Cache::get`] of files kept with [`Cache::put_files`].
    pub fn get_files(&self, kind: &str, key: Key) -> Option<Vec<OutputFile>> {
        let bytes = self.get(kind, key)?;
        let files = unpack(&bytes);
        if files.is_none() {
            // Whole and checked, yet not files: not written by this code.
            self.damaged.fetch_add(1, Ordering::Relaxed);
        }
        files
    }

    /// Keeps `files` (bytes only) as one entry: what a maker of several
    /// files (a search bundle) made from one set of inputs.
    pub fn put_files(&self, kind: &str, key: Key, files: &[OutputFile]) {
        let mut packed = Vec::new();
        packed.extend_from_slice(&(files.len() as u64).to_le_bytes());
        for f in files {
            let bytes: &[u8] = match &f.contents {
                Contents::Bytes(b) => b,
                // Not made, so nothing to keep: a maker keeps what it made.
                Contents::Copy(_) => return,
            };
            for part in [f.path.as_bytes(), bytes] {
                packed.extend_from_slice(&(part.len() as u64).to_le_bytes());
                packed.extend_from_slice(part);
            }
        }
        self.put(kind, key, &packed);
    }

    fn mark(&self, kind: &str, name: &str) {
        lock(&self.used).insert((kind.to_string(), name.to_string()));
    }

    /// Whether the folder holds any entry of an earlier build of `kind`:
    /// a build after another, most of whose slow work will be read back.
    pub fn holds(&self, kind: &str) -> bool {
        self.dir.read_dir(kind).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| is_entry_name(&e.file_name().to_string_lossy())))
        })
    }

    /// How many entries this build reused and wrote.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.reused.load(Ordering::Relaxed),
            self.written.load(Ordering::Relaxed),
        )
    }

    /// Removes the entries of the kinds this build used that it neither
    /// read nor wrote: left by older builds, they would only grow the
    /// folder. Only files named as entries are removed.
    pub fn sweep(&self) {
        let used = lock(&self.used);
        let kinds: HashSet<&str> = used.iter().map(|(k, _)| k.as_str()).collect();
        for kind in kinds {
            let Ok(entries) = self.dir.read_dir(kind) else {
                continue;
            };
            for e in entries.flatten() {
                let file = e.file_name().to_string_lossy().into_owned();
                let name = format!("{kind}/{file}");
                if is_entry_name(&file) && !used.contains(&(kind.to_string(), name.clone())) {
                    let _ = self.dir.remove_file(&name);
                }
            }
        }
    }

    /// The one info line for what was found unusable in the cache, if
    /// anything was.
    pub fn notice(&self) -> Option<Diagnostic> {
        let shown = self.shown.display().to_string();
        let other = self.other_version.load(Ordering::Relaxed);
        let damaged = self.damaged.load(Ordering::Relaxed);
        if other + damaged > 0 {
            return Some(
                Diagnostic::info(
                    shown,
                    format!(
                        "the build cache had entries it could not use ({other} from another followup version, {damaged} damaged: cut short or changed): what they held was made again, and they were replaced"
                    ),
                )
                .help("nothing to do: the output is the same as without them. If this is said on every build, something else writes into the folder: give another with --cache DIR"),
            );
        }
        lock(&self.unwritten).as_ref().map(|e| {
            Diagnostic::info(
                shown,
                format!("the build cache could not be written ({e}): the next build will make again what this one could not keep"),
            )
            .help("make the folder writable or free some disk space, give another folder with --cache DIR, or build with --no-cache")
        })
    }
}

/// The files [`Cache::put_files`] packed, or `None` if `bytes` are not that.
fn unpack(bytes: &[u8]) -> Option<Vec<OutputFile>> {
    /// The next `n` bytes of `rest`.
    fn take<'a>(rest: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (part, after) = rest.split_at_checked(n)?;
        *rest = after;
        Some(part)
    }
    fn number(rest: &mut &[u8]) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(take(rest, 8)?.try_into().ok()?)).ok()
    }
    let mut rest = bytes;
    let count = number(&mut rest)?;
    let mut files = Vec::new();
    for _ in 0..count {
        let len = number(&mut rest)?;
        let path = String::from_utf8(take(&mut rest, len)?.to_vec()).ok()?;
        let len = number(&mut rest)?;
        files.push(OutputFile::bytes(path, take(&mut rest, len)?.to_vec()));
    }
    rest.is_empty().then_some(files)
}

/// Why an entry was not used.
enum Bad {
    OtherVersion,
    Damaged,
}

/// Where what an entry holds starts, once its header, version, key, length
/// and checksum are found right.
fn decode(bytes: &[u8], key: Key) -> Result<usize, Bad> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(Bad::Damaged)?;
    let end = rest.iter().position(|&b| b == b'\n').ok_or(Bad::Damaged)?;
    if &rest[..end] != VERSION.as_bytes() {
        return Err(Bad::OtherVersion);
    }
    let rest = &rest[end + 1..];
    if rest.len() < 72 {
        return Err(Bad::Damaged);
    }
    let (own, rest) = rest.split_at(32);
    if own != key.0.as_bytes() {
        return Err(Bad::Damaged);
    }
    let (len, rest) = rest.split_at(8);
    let (sum, held) = rest.split_at(32);
    let len = u64::from_le_bytes(len.try_into().map_err(|_| Bad::Damaged)?);
    if held.len() as u64 != len || blake3::hash(held).as_bytes() != sum {
        return Err(Bad::Damaged);
    }
    Ok(bytes.len() - held.len())
}

/// An entry's path in the cache: `<kind>/<key in hex>`.
fn entry(kind: &str, key: Key) -> String {
    debug_assert!(
        !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
        "a kind is a plain folder name"
    );
    format!("{kind}/{}", key.name())
}

fn is_entry_name(file: &str) -> bool {
    file.len() == 64 && file.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Writes `name` whole: to a file of its own beside it, renamed into place,
/// so that a build stopped midway, or two at once, never leave half an
/// entry (a leftover temporary file is never read).
fn write_whole(dir: &Dir, name: &str, parts: &[&[u8]]) -> std::io::Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let tmp = format!(
        "{name}.tmp-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        let mut f = dir.open_with(&tmp, &options)?;
        for part in parts {
            f.write_all(part)?;
        }
        drop(f);
        dir.rename(&tmp, dir, name)
    })();
    if result.is_err() {
        let _ = dir.remove_file(&tmp);
    }
    result
}

const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &[u8] = b"Signature: 8a477f597d28d172789f06886806bc55\n# The build cache of followup: what `followup build` can reuse. Safe to delete.\n";

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        KeyMaker::new("test").str(s).key()
    }

    #[test]
    fn an_entry_is_read_back_only_whole_and_from_this_version() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get("search", key("a")), None);
        cache.put("search", key("a"), b"bundle");
        assert_eq!(
            cache.get("search", key("a")).as_deref(),
            Some(&b"bundle"[..])
        );
        assert!(cache.notice().is_none());
        let file = dir.path().join("search").join(key("a").name());
        let whole = std::fs::read(&file).unwrap();
        // Cut short.
        std::fs::write(&file, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(cache.get("search", key("a")), None);
        // Another entry's, copied under this one's name.
        cache.put("search", key("b"), b"bundle");
        let b = std::fs::read(dir.path().join("search").join(key("b").name())).unwrap();
        std::fs::write(&file, b).unwrap();
        assert_eq!(cache.get("search", key("a")), None);
        // Another version.
        let other = [MAGIC, b"0.0.1\n", &whole[MAGIC.len() + VERSION.len() + 1..]].concat();
        std::fs::write(&file, other).unwrap();
        assert_eq!(cache.get("search", key("a")), None);
        let said = cache.notice().unwrap().to_string();
        assert!(
            said.contains("(1 from another followup version, 2 damaged"),
            "{said}"
        );
    }

    #[test]
    fn keys_tell_their_inputs_apart() {
        assert_ne!(
            KeyMaker::new("d").str("ab").str("c").key(),
            KeyMaker::new("d").str("a").str("bc").key()
        );
        // The same on every machine and Rust version: BLAKE3 of a fixed encoding.
        assert_eq!(
            KeyMaker::new("d").key().name(),
            blake3::hash(&[1, 0, 0, 0, 0, 0, 0, 0, b'd'])
                .to_hex()
                .as_str()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_cache_folder_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let link = dir.path().join(DEFAULT_DIR);
        std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
        assert!(Cache::open(&link).is_err());
        // A link inside leads nowhere outside.
        let cache = Cache::open(&dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("real/search")).unwrap();
        cache.put("search", key("a"), b"x");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        assert!(cache.notice().is_some());
    }

    #[test]
    fn a_sweep_removes_what_this_build_did_not_use() {
        let dir = tempfile::tempdir().unwrap();
        let first = Cache::open(dir.path()).unwrap();
        first.put("search", key("old"), b"1");
        first.put("search", key("kept"), b"2");
        let second = Cache::open(dir.path()).unwrap();
        assert!(second.get("search", key("kept")).is_some());
        second.sweep();
        let left: Vec<_> = std::fs::read_dir(dir.path().join("search"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, [key("kept").name()]);
    }
}
