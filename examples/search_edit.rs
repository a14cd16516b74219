//! Benchmark: how much work the preview's search index takes after an
//! author edits one recommendation. Indexes a site as `followup serve` does
//! in the background, then edits one recommendation file and indexes again
//! with the bundles kept from the first time.
//!
//!     cargo run --release --example search_edit -- SITE_DIR
//!
//! Prints, for the whole index and for the index after the edit: the
//! bundles made, wall time and CPU time (user + system, whole process).
//! The site's file is put back as it was at the end.

use followup::publish::{BundleCache, PREVIEW_BUNDLE_SIZE, search_bundles_cached, search_records};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// CPU time of this process so far, in seconds (Linux).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn records(root: &Path) -> Vec<followup::publish::SearchRecord> {
    let loaded = followup::input::load::load(root);
    let (site, _, _) = followup::prepare(&loaded, loaded.diagnostics(), None, |name| {
        followup::render::theme::Theme::load(root, name)
    })
    .unwrap_or_else(|d| panic!("the site does not build: {d:?}"));
    search_records(&site)
}

fn index(label: &str, root: &Path, cache: &mut BundleCache) {
    let recs = records(root);
    let n = recs.len();
    let (wall, cpu0) = (Instant::now(), cpu());
    let (_, made) = search_bundles_cached(recs, PREVIEW_BUNDLE_SIZE, "en", "", cache)
        .expect("the index is made");
    println!(
        "{label}: {n} recommendations, {made} bundle(s) made, {:.2} s wall, {:.2} s CPU",
        wall.elapsed().as_secs_f64(),
        cpu() - cpu0
    );
}

fn main() {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: search_edit SITE_DIR"),
    );
    let file = walkdir::WalkDir::new(root.join("content"))
        .min_depth(3)
        .max_depth(3)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .expect("a recommendation file");
    let mut cache = BundleCache::default();
    index("whole index", &root, &mut cache);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nEdited for the benchmark.\n")).unwrap();
    index("after one edit", &root, &mut cache);
    std::fs::write(&file, text).unwrap();
}
