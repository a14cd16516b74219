//! Profiling aid: applies N body edits to one recommendation of a site
//! through an in-memory session and prints the stage times of the last.
//!
//!     cargo run --release --example profile_session -- SITE_DIR [EDITS]

use followup::preview::session::Session;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::fs::canonicalize(PathBuf::from(args.next().expect("SITE_DIR"))).unwrap();
    let edits: usize = args.next().map_or(50, |n| n.parse().unwrap());
    let (mut session, first) = Session::new(&root, "http://127.0.0.1:1111/");
    println!(
        "first build: {} pages in {:?}",
        first.pages_rendered, first.elapsed
    );
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .min_depth(3)
        .max_depth(3)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let file = files.remove(0);
    let original = std::fs::read_to_string(&file).unwrap();
    let body = original
        .match_indices("+++")
        .nth(1)
        .map_or(0, |(i, _)| i + 3);
    let mut times = Vec::new();
    let mut last = None;
    for i in 0..edits {
        let text = format!("{}\n\nedit {i}\n{}", &original[..body], &original[body..]);
        std::fs::write(&file, text).unwrap();
        let r = session.apply(std::slice::from_ref(&file)).unwrap();
        times.push(r.elapsed.as_secs_f64() * 1000.0);
        last = Some(r);
    }
    std::fs::write(&file, original).unwrap();
    times.sort_by(f64::total_cmp);
    let r = last.unwrap();
    println!(
        "{} edits: median {:.1} ms; last: {} pages, stages {:?}",
        edits,
        times[times.len() / 2],
        r.pages_rendered,
        r.stages
    );
}
