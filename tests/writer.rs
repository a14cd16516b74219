//! The writer when the last step of a build, putting replacements in place,
//! fails: every file stays whole (old or new), no temporary file is left,
//! and the error, and the command line after it, say what is true.
//!
//! The failure is made the same way each time: a folder stands where a
//! changed file goes, so renaming the file's replacement over it fails.

use crate::common;
use common::*;
use followup::base::output::Contents;
use followup::base::write::{MANIFEST, Step, WriteError, WriteReport, Writer};
use std::collections::BTreeSet;
use std::path::Path;

/// Starts a build into `out` and puts `files` (path, text).
fn put(out: &Path, files: &[(&str, &str)]) -> Writer {
    let writer = Writer::begin(out).unwrap();
    for (path, text) in files {
        writer
            .put(path, &Contents::Bytes(text.as_bytes().to_vec()))
            .unwrap();
    }
    writer
}

fn write_all(out: &Path, files: &[(&str, &str)]) -> Result<WriteReport, WriteError> {
    put(out, files).finish()
}

/// Puts a folder with a file in it where the file `rel` is.
fn block(out: &Path, rel: &str) {
    let path = out.join(rel);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), "in the way").unwrap();
}

fn unblock(out: &Path, rel: &str) {
    std::fs::remove_dir_all(out.join(rel)).unwrap();
}

fn temporaries(out: &Path) -> Vec<String> {
    tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".followup-tmp"))
        .collect()
}

fn manifest(out: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(out.join(MANIFEST))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn text(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

const OLD: &[(&str, &str)] = &[
    ("a.html", "a old"),
    ("b.html", "b old"),
    ("c.html", "c old"),
    ("gone.html", "gone old"),
    ("index.html", "home old"),
];
const NEW: &[(&str, &str)] = &[
    ("a.html", "a new"),
    ("b.html", "b new"),
    ("c.html", "c new"),
    ("index.html", "home new"),
    ("new/page.html", "page new"),
];

#[test]
fn a_rename_that_fails_halfway_leaves_every_file_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_all(&out, OLD).unwrap();

    let writer = put(&out, NEW);
    // Replacements are renamed in path order: a.html goes in, b.html fails.
    block(&out, "b.html");
    let error = writer.finish().unwrap_err();
    match &error {
        WriteError::Unfinished {
            step: Step::Replace,
            path,
            replaced: 1,
            changed: 4,
            ..
        } => assert!(path.ends_with("b.html"), "{path:?}"),
        other => panic!("expected an unfinished replacement, got {other:?}"),
    }
    let message = error.to_string();
    for said in [
        "cannot replace ",
        "b.html: ",
        "(os error",
        "1 of the 4 changed files were replaced before this failure",
        "the output folder now mixes pages of this build with pages of the last one",
        "fix the cause and build again",
    ] {
        assert!(message.contains(said), "{said:?} not in: {message}");
    }
    assert!(error.left_unfinished());

    // Each file whole: new up to the failure, old after it; the new page
    // stays (a.html may link to it), the stale one is not yet removed.
    assert_eq!(text(&out, "a.html"), "a new");
    assert_eq!(text(&out, "b.html/keep"), "in the way");
    assert_eq!(text(&out, "c.html"), "c old");
    assert_eq!(text(&out, "index.html"), "home old");
    assert_eq!(text(&out, "new/page.html"), "page new");
    assert_eq!(text(&out, "gone.html"), "gone old");
    assert_eq!(temporaries(&out), Vec::<String>::new());
    // Everything followup wrote is recorded, so the next build can clean up.
    assert_eq!(
        manifest(&out),
        [
            "a.html",
            "b.html",
            "c.html",
            "gone.html",
            "index.html",
            "new/page.html"
        ]
        .map(String::from)
        .into()
    );

    // With the folder moved away, building again finishes the job.
    unblock(&out, "b.html");
    let report = write_all(&out, NEW).unwrap();
    assert_eq!(report.removed, 1);
    let expected: Vec<(String, Vec<u8>)> = NEW
        .iter()
        .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
        .collect();
    let mut after = tree(&out);
    after.remove(MANIFEST);
    assert_eq!(after.into_iter().collect::<Vec<_>>(), expected);
}

#[test]
fn a_rename_that_fails_first_takes_everything_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_all(&out, OLD).unwrap();
    // The first replacement in path order cannot go in.
    block(&out, "a.html");
    let before = tree(&out);

    let error = write_all(&out, NEW).unwrap_err();
    assert!(matches!(error, WriteError::Io { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("cannot write "), "{message}");
    assert!(!error.left_unfinished(), "{message}");
    assert!(tree(&out) == before, "the output folder changed");
    assert!(!out.join("new").exists(), "the new page's folder stayed");
}

/// Through the command line: the sample site built, then its title changed
/// (so every page changes) with a folder in the way of one page.
#[test]
fn the_command_line_says_the_output_was_partly_updated() {
    let root = copy_sample();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let before = tree(out.path());

    let settings = std::fs::read_to_string(root.path().join("followup.toml")).unwrap();
    let retitled = settings.replacen("title = \"", "title = \"Retitled: ", 1);
    assert_ne!(settings, retitled);
    std::fs::write(root.path().join("followup.toml"), retitled).unwrap();
    let clean = tempfile::tempdir().unwrap();
    build(root.path(), clean.path());
    let new = tree(clean.path());

    // Files the build replaces, in the order it renames them.
    let changed: Vec<&String> = new
        .iter()
        .filter(|(p, bytes)| *p != MANIFEST && before.get(*p).is_some_and(|b| b != *bytes))
        .map(|(p, _)| p)
        .collect();
    assert!(changed.len() > 10, "{changed:?}");
    let at = changed.len() / 2;
    let victim = changed[at].as_str();
    block(out.path(), victim);

    let o = try_build(root.path(), out.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for said in [
        format!("cannot replace {}", out.path().join(victim).display()),
        "(os error".to_string(),
        format!(
            "{at} of the {} changed files were replaced before this failure",
            changed.len()
        ),
        "fix the cause and build again to finish writing the site".to_string(),
        format!(
            "{} was partly updated before the failure",
            out.path().display()
        ),
    ] {
        assert!(err.contains(&said), "{said:?} not in:\n{err}");
    }
    assert!(!err.contains("Nothing was written"), "{err}");

    let after = tree(out.path());
    assert_eq!(temporaries(out.path()), Vec::<String>::new());
    for (i, p) in changed.iter().enumerate() {
        let want = match i {
            _ if i < at => &new[*p],
            _ if i == at => continue,
            _ => &before[*p],
        };
        assert!(after.get(*p) == Some(want), "{p} is not what it should be");
    }
    for (p, bytes) in &after {
        let whole = p == MANIFEST
            || p == &format!("{victim}/keep")
            || before.get(p) == Some(bytes)
            || new.get(p) == Some(bytes);
        assert!(whole, "{p} is neither the old file nor the new one");
    }
    let missing: Vec<&String> = new
        .keys()
        .chain(before.keys())
        .filter(|p| *p != victim && !after.contains_key(*p))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");

    unblock(out.path(), victim);
    build(root.path(), out.path());
    assert!(
        tree(out.path()) == new,
        "a second build did not finish the job"
    );
}
