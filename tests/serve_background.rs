//! The preview's background work (open data, the search index) never
//! holds up an author's edit. (Linux: it reads the threads' priority
//! from /proc.)

use crate::common::*;

/// The open data and the search index are made in the background by
/// threads of their own, at a lower priority than the preview's: an
/// author's edit is never queued behind the whole index of a large site.
#[test]
fn the_background_work_yields_the_cores_to_edits() {
    let site = copy_sample_with_search();
    let preview = Preview::start(site.path());
    assert!(eventually(30, || preview
        .get("/pagefind/pagefind-entry.json")
        .0
        == 200));
    let tasks = std::path::PathBuf::from(format!("/proc/{}/task", preview.pid()));
    let mut background = Vec::new();
    for task in std::fs::read_dir(&tasks).unwrap().flatten() {
        let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if name.starts_with("followup-publis") {
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap();
            // The 19th field, counted after the command's closing parenthesis.
            let after = stat.rsplit_once(')').unwrap().1;
            background.push(after.split_whitespace().nth(16).unwrap().to_string());
        }
    }
    assert!(!background.is_empty(), "no background threads found");
    assert!(background.iter().all(|nice| nice == "10"), "{background:?}");
}
