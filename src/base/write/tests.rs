//! The writer's own tests: stale files go, a publisher's files stay, the
//! manifest cannot lead outside the output folder, no link is followed.

use super::*;
use crate::base::output::{Output, OutputFile};
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

/// A file of the last build is compared where it is, but never through a
/// link planted in its place, even one to the very same bytes; a file
/// changed by hand, to the same length, is put back.
#[cfg(unix)]
#[test]
fn a_file_of_the_last_build_is_compared_but_never_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let site = output(&[("index.html", "same"), ("a/page.html", "page")]);
    write(&out, &site).unwrap();

    std::fs::write(out.join("a/page.html"), "PAGE").unwrap();
    let r = write(&out, &site).unwrap();
    assert_eq!((r.written, r.unchanged), (1, 1));
    assert_eq!(
        std::fs::read_to_string(out.join("a/page.html")).unwrap(),
        "page"
    );

    // A publisher's file inside the folder, which a link there may reach.
    let victim = out.join("kept.html");
    std::fs::write(&victim, "same").unwrap();
    std::fs::remove_file(out.join("index.html")).unwrap();
    std::os::unix::fs::symlink("kept.html", out.join("index.html")).unwrap();
    match write(&out, &site) {
        Err(WriteError::Link { path, .. }) => assert!(path.ends_with("index.html"), "{path:?}"),
        other => panic!("a planted link was not refused: {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "same");
    assert!(
        std::fs::symlink_metadata(out.join("index.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// A named pipe planted where the last build made a file does not hold the
/// build up: it is replaced by the file.
#[cfg(unix)]
#[test]
fn a_pipe_in_place_of_a_file_of_the_last_build_is_replaced_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let site = output(&[("a/page.html", "page")]);
    write(&out, &site).unwrap();
    std::fs::remove_file(out.join("a/page.html")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(out.join("a/page.html"))
        .status()
        .expect("mkfifo, which every Unix has");
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    let at = out.clone();
    std::thread::spawn(move || tx.send(write(&at, &site).map(|r| r.written)));
    let written = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the build waited on the pipe");
    assert_eq!(written.unwrap(), 1);
    assert_eq!(
        std::fs::read_to_string(out.join("a/page.html")).unwrap(),
        "page"
    );
}
