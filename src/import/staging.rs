//! The folder an import writes its dossier into before renaming it into
//! place, `content/<slug>.import-<process id>`: removed when the import is
//! interrupted (Ctrl-C), skipped by the loader, and, when a crash left one
//! behind, removed by the next import.

use crate::input::load::{STAGING_MARK, import_staging};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The staging folder being written, for the interrupt handler. Held while
/// a file is written into it, so that the handler removes it only between
/// two writes and then ends the process before the next one.
static CURRENT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The staging folder of `folder` (`content/<slug>`) for this process.
pub fn path(root: &Path, folder: &str) -> PathBuf {
    root.join(format!("{folder}{STAGING_MARK}{}", std::process::id()))
}

/// Runs one step of writing into the staging folder: `f` gets the
/// folder an interrupt would remove (set it to `Some` when the folder is
/// made, `None` once it is renamed into place), and an interrupt waits for
/// the step to end. The handler is set up on first use.
pub fn step<T>(f: impl FnOnce(&mut Option<PathBuf>) -> T) -> T {
    handle_interrupt();
    let mut current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut current)
}

/// On Ctrl-C, removes the staging folder (if one is being written) and
/// ends the process as an interrupted one does.
fn handle_interrupt() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
        else {
            return;
        };
        // Registered before returning, so no interrupt is missed.
        let Some(signal) = register(&rt) else {
            return;
        };
        std::thread::spawn(move || {
            rt.block_on(signal);
            let current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(dir) = current.as_ref() {
                let _ = std::fs::remove_dir_all(dir);
                eprintln!("Import interrupted: nothing was written.");
            }
            std::process::exit(130);
        });
    });
}

#[cfg(unix)]
fn register(rt: &tokio::runtime::Runtime) -> Option<impl std::future::Future<Output = ()> + use<>> {
    use tokio::signal::unix::{SignalKind, signal};
    let _in = rt.enter();
    let mut interrupt = signal(SignalKind::interrupt()).ok()?;
    let mut terminate = signal(SignalKind::terminate()).ok()?;
    Some(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn register(rt: &tokio::runtime::Runtime) -> Option<impl std::future::Future<Output = ()> + use<>> {
    let _in = rt.enter();
    let mut c = tokio::signal::windows::ctrl_c().ok()?;
    Some(async move {
        let _ = c.recv().await;
    })
}

/// Removes the staging folders under `content/` that an import which no
/// longer runs left behind (a crash, a killed process), and says which.
pub fn remove_stale(root: &Path) -> Vec<String> {
    let content = root.join(crate::input::load::CONTENT_DIR);
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(&content) else {
        return removed;
    };
    let mut names: Vec<_> = entries.flatten().collect();
    names.sort_by_key(|e| e.file_name());
    for e in names {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = import_staging(&name) else {
            continue;
        };
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || pid == std::process::id() || running(pid) {
            continue;
        }
        if std::fs::remove_dir_all(e.path()).is_ok() {
            removed.push(format!(
                "removed {}/{name}, left behind by an import that did not finish",
                crate::input::load::CONTENT_DIR
            ));
        }
    }
    removed
}

/// Whether a process `pid` runs (then its staging folder is its own).
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    rustix::process::Pid::from_raw(pid)
        .is_some_and(|p| rustix::process::test_kill_process(p).is_ok())
}

#[cfg(not(unix))]
fn running(_: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn staging_names() {
        assert_eq!(super::import_staging("kz.import-123"), Some(123));
        assert_eq!(super::import_staging("kz.import-"), None);
        assert_eq!(super::import_staging("kz.import-12a"), None);
        assert_eq!(super::import_staging("kz"), None);
    }
}
