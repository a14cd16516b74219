//! Replays the fuzzers' committed corpus (fuzz/corpus/) through the same
//! harness, so inputs that once crashed followup stay fixed.

#[path = "../fuzz/harness.rs"]
mod harness;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no corpus in {}", dir.display());
    for input in inputs {
        let data = std::fs::read(&input).unwrap();
        run(&data);
    }
}

#[test]
fn parse_file_corpus_replays_without_panic() {
    replay("parse_file", harness::parse_file);
}

#[test]
fn build_site_corpus_replays_without_panic() {
    replay("build_site", harness::build_site);
}

#[test]
fn import_corpus_replays_without_panic() {
    replay("import", harness::import);
}
