//! The preview's watcher: rebuilds the site on each batch of saved changes
//! in `followup.toml`, `content/` and `themes/`, and tells open pages.

use super::{event, report};
use crate::preview::session::{Rebuild, Session, Snapshot};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// How long a rebuild that failed after something was deleted waits for
/// the rest of the deletion: a folder deleted in a file manager goes as one
/// event per file, and the site between two of them is not what the author
/// meant (a country folder without its `_index.md`, say).
const SETTLE: Duration = Duration::from_millis(300);

type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

fn watch_if_exists(d: &mut Watcher, p: &Path, mode: RecursiveMode) -> Result<bool, String> {
    if !p.is_dir() && !p.is_file() {
        return Ok(false);
    }
    d.watch(p, mode)
        .map(|_| true)
        .map_err(|e| format!("cannot watch {}: {e}", p.display()))
}

/// Watches the settings, content and themes, and rebuilds on each debounced
/// batch of changes, in a thread of its own.
pub(super) fn watch(
    root: &Path,
    session: Arc<Mutex<Session>>,
    live: Arc<arc_swap::ArcSwap<Snapshot>>,
    events: broadcast::Sender<String>,
    publisher: std::sync::mpsc::Sender<()>,
) -> Result<(), String> {
    if let Ok(mut s) = session.lock() {
        // The edited pages are served, and their readers told, before the
        // lists that show them are made again.
        let (live, events) = (live.clone(), events.clone());
        s.on_first_swap(Box::new(move |snapshot, pages| {
            let version = snapshot.version();
            live.store(Arc::new(snapshot));
            let _ = events.send(super::reload_event(version, Some(&pages)));
        }));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    // Editors write a save as a burst of events within a millisecond or two
    // (temporary file, rename, attributes): one batch per save.
    let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(5), None, tx)
        .map_err(|e| format!("cannot watch for changes: {e}"))?;
    // The root itself only for followup.toml and new top-level folders:
    // watching it recursively would watch public/ and target/ too.
    watch_if_exists(&mut debouncer, root, RecursiveMode::NonRecursive)?;
    let (content, themes) = (root.join("content"), root.join("themes"));
    let mut watching_content = watch_if_exists(&mut debouncer, &content, RecursiveMode::Recursive)?;
    let mut watching_themes = watch_if_exists(&mut debouncer, &themes, RecursiveMode::Recursive)?;

    std::thread::spawn(move || {
        // A failed rebuild after a removal, held back while the deletion
        // may still be under way: its paths, what to tell pages, and it.
        let mut pending: Option<(Vec<PathBuf>, String, Rebuild)> = None;
        loop {
            let batch = if pending.is_some() {
                match rx.recv_timeout(SETTLE) {
                    Ok(b) => b,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        // Quiet since: the failure stands, and is reported.
                        if let Some((_, message, r)) = pending.take() {
                            report(&r);
                            let _ = events.send(message);
                        }
                        continue;
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(b) => b,
                    Err(_) => return,
                }
            };
            let Ok(batch) = batch else { continue };
            let mut paths = pending.take().map(|(p, _, _)| p).unwrap_or_default();
            let mut removed = false;
            // Reading a file is an event too (our own rebuild reads them):
            // only creations, changes and removals matter.
            for e in batch
                .iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            {
                removed |= matches!(e.event.kind, EventKind::Remove(_));
                for p in &e.event.paths {
                    if !paths.contains(p) {
                        paths.push(p.clone());
                    }
                }
            }
            // A content or themes folder created after the start is watched from then on.
            if !watching_content && content.is_dir() {
                watching_content =
                    watch_if_exists(&mut debouncer, &content, RecursiveMode::Recursive)
                        .unwrap_or(false);
            }
            if !watching_themes && themes.is_dir() {
                watching_themes =
                    watch_if_exists(&mut debouncer, &themes, RecursiveMode::Recursive)
                        .unwrap_or(false);
            }
            if paths.is_empty() {
                continue;
            }
            let rebuild = {
                let Ok(mut s) = session.lock() else { return };
                let rebuilt = s.apply(&paths).map(|r| (event(&r, s.version()), r));
                if rebuilt.is_some() {
                    live.store(Arc::new(s.snapshot()));
                }
                rebuilt
            };
            let Some((message, r)) = rebuild else {
                continue;
            };
            if r.errors.has_errors() && removed {
                // Perhaps half a deletion: say nothing yet.
                pending = Some((paths, message, r));
                continue;
            }
            report(&r);
            let _ = events.send(message);
            if !r.errors.has_errors() {
                let _ = publisher.send(());
            }
        }
    });
    Ok(())
}
