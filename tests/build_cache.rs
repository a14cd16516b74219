//! The build cache across runs (`.followup-cache/`, `--cache`,
//! `--no-cache`): a build's output is byte-identical whatever the cache
//! holds (nothing, what the last build kept, another version's entries,
//! damaged ones), and what could not be used is said in one info line.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Builds the site at `root` into a new folder with `extra` options; the
/// output and what the build printed.
fn build_into(
    root: &Path,
    extra: &[&str],
) -> (std::collections::BTreeMap<String, Vec<u8>>, Output) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ];
    args.extend(extra);
    let o = followup(&args);
    assert!(
        o.status.success(),
        "build failed: {}{}",
        stdout(&o),
        stderr(&o)
    );
    (tree(out.path()), o)
}

/// The cache's entries: search bundles and link-preview images.
fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ["og-image", "search"]
        .iter()
        .flat_map(|kind| std::fs::read_dir(cache.join(kind)).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    found.sort();
    found
}

#[test]
fn the_output_is_the_same_whatever_the_cache_holds() {
    let site = copy_sample_with_search();
    let root = site.path();
    let cache = root.join(".followup-cache");
    let (expected, o) = build_into(root, &["--no-cache"]);
    assert!(!cache.exists(), "--no-cache writes no cache");
    assert!(!stdout(&o).contains("build cache"), "{}", stdout(&o));
    assert!(expected.keys().any(|k| k.starts_with("ru/pagefind/")));

    // None yet: made, kept, and nothing to say.
    let (fresh, o) = build_into(root, &[]);
    assert!(fresh == expected, "a build with a fresh cache differs");
    assert!(
        stdout(&o).contains("build cache: 0 reused, 6 made"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(cache.join("CACHEDIR.TAG").exists());
    let kept = entries(&cache);
    assert_eq!(
        kept.len(),
        6,
        "for each language, one search bundle and the images of the home page and Kazakhstan"
    );

    // What the last build kept.
    let (warm, o) = build_into(root, &[]);
    assert!(warm == expected, "a build with a warm cache differs");
    assert!(
        stdout(&o).contains("build cache: 6 reused, 0 made"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));

    // Another followup version's: each entry's second line names it.
    for e in &kept {
        let bytes = std::fs::read(e).unwrap();
        let first = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
        let second = first + bytes[first..].iter().position(|&b| b == b'\n').unwrap();
        std::fs::write(
            e,
            [&bytes[..first], b"0.0.1 (another)", &bytes[second..]].concat(),
        )
        .unwrap();
    }
    let (other, o) = build_into(root, &[]);
    assert!(
        other == expected,
        "a build with another version's cache differs"
    );
    assert!(
        stdout(&o).contains("build cache: 0 reused, 6 made"),
        "{}",
        stdout(&o)
    );
    let said = stderr(&o);
    assert_eq!(said.matches("info:").count(), 1, "{said}");
    assert!(
        said.contains("the build cache had entries it could not use (6 from another followup version, 0 damaged: cut short or changed): what they held was made again, and they were replaced"),
        "{said}"
    );

    // Cut short.
    let bytes = std::fs::read(&kept[0]).unwrap();
    std::fs::write(&kept[0], &bytes[..bytes.len() / 2]).unwrap();
    let (cut, o) = build_into(root, &[]);
    assert!(
        cut == expected,
        "a build with a truncated cache entry differs"
    );
    assert!(
        stdout(&o).contains("build cache: 5 reused, 1 made"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("(0 from another followup version, 1 damaged"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("help: nothing to do"), "{}", stderr(&o));

    // Whole, but another entry's (each image under the other's name).
    let (a, b) = (
        std::fs::read(&kept[0]).unwrap(),
        std::fs::read(&kept[1]).unwrap(),
    );
    std::fs::write(&kept[0], b).unwrap();
    std::fs::write(&kept[1], a).unwrap();
    let (swapped, o) = build_into(root, &[]);
    assert!(
        swapped == expected,
        "a build with swapped cache entries differs"
    );
    assert!(
        stderr(&o).contains("(0 from another followup version, 2 damaged"),
        "{}",
        stderr(&o)
    );

    // A bad header: not an entry at all.
    std::fs::write(&kept[1], b"not a cache entry").unwrap();
    let (bad, o) = build_into(root, &[]);
    assert!(bad == expected, "a build with a bad cache header differs");
    assert!(stderr(&o).contains("1 damaged"), "{}", stderr(&o));
    // Repaired by then: nothing more to say.
    let (_, o) = build_into(root, &[]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn the_cache_goes_where_it_is_told_and_never_through_a_link() {
    let site = copy_sample_with_search();
    let root = site.path();
    let (expected, _) = build_into(root, &["--no-cache"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().join("kept");
    let (out, o) = build_into(root, &["--cache", dir.to_str().unwrap()]);
    assert!(out == expected);
    assert!(
        stdout(&o).contains("build cache: 0 reused, 6 made"),
        "{}",
        stdout(&o)
    );
    assert_eq!(entries(&dir).len(), 6);
    assert!(!root.join(".followup-cache").exists());

    // A cache folder planted as a link (a stranger's clone) is not used.
    #[cfg(unix)]
    {
        let target = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(target.path(), root.join(".followup-cache")).unwrap();
        let (out, o) = build_into(root, &[]);
        assert!(out == expected);
        assert!(
            stderr(&o).contains("the build cache was not used: it is a symbolic link, which could lead outside the site's folder"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0);
    }

    // Nor one in the output folder, which is published.
    let out = tempfile::tempdir().unwrap();
    let o = followup(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
        "--cache",
        out.path().join("cache").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("lies inside the output folder"),
        "{}",
        stderr(&o)
    );
    assert!(!out.path().join("cache").exists());
}

#[test]
fn a_new_site_leaves_its_cache_out_of_git() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let o = followup(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(
        ignored.lines().any(|l| l == "/.followup-cache"),
        "{ignored}"
    );
    let workflow = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("build cache"), "{workflow}");
}

/// Each message of the build cache has its row in the authoring guide,
/// with its cause and fix, in the words the build prints.
#[test]
fn the_guide_explains_every_message_of_the_cache() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
            .unwrap();
    for said in [
        "the build cache had entries it could not use (",
        "from another followup version, ",
        " damaged: cut short or changed): what they held was made again, and they were replaced",
        "the build cache was not used: it is a symbolic link, which could lead outside the site's folder; this build made everything afresh",
        "the build cache was not used: it is, holds or lies inside the output folder, whose files are published",
        "inside content/, which holds the sources",
        "the build cache could not be written (",
        "): the next build will make again what this one could not keep",
        "build cache: 3 reused, 1 made",
    ] {
        assert!(guide.contains(said), "the guide lacks {said:?}");
    }
}

/// `search_bundle_size` shares the index out among more, smaller bundles,
/// which the search page merges; after one recommendation's body changes,
/// the next build indexes again only the one bundle that holds it. A size
/// below the least is refused, naming the line and the fix.
#[test]
fn a_smaller_search_bundle_is_all_a_change_indexes_again() {
    let mut files = vec![
        (
            "followup.toml".to_string(),
            "search_bundle_size = 100\nog_image = false\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"Good\"\n".to_string(),
        ),
        (
            "content/atlantis/_index.md".to_string(),
            "+++\ncountry = \"Atlantis\"\n+++\n".to_string(),
        ),
        (
            "content/atlantis/p1/_index.md".to_string(),
            "+++\nparagraph = 1\narticles = [7]\n+++\n".to_string(),
        ),
    ];
    for r in 0..250 {
        files.push((
            format!("content/atlantis/p1/{r:03}.md"),
            format!("+++\ngrade = \"A\"\nrecommendation = \"Text {r}.\"\n+++\nBody {r}.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let root = site(&files);
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    assert!(
        stdout(&o).contains("build cache: 0 reused, 3 made"),
        "{}",
        stdout(&o)
    );
    for bundle in ["pagefind", "pagefind/1", "pagefind/2"] {
        assert!(
            out.path()
                .join(bundle)
                .join("pagefind-entry.json")
                .is_file(),
            "{bundle}"
        );
    }
    assert!(!out.path().join("pagefind/3").exists());
    let search = std::fs::read_to_string(out.path().join("search/index.html")).unwrap();
    assert!(
        search.contains("\"/pagefind/1/\"") && search.contains("\"/pagefind/2/\""),
        "{search}"
    );

    edit(
        root.path(),
        "content/atlantis/p1/007.md",
        "Body 7.",
        "Body seven.",
    );
    let o = build(root.path(), out.path());
    assert!(
        stdout(&o).contains("build cache: 2 reused, 1 made"),
        "{}",
        stdout(&o)
    );
    let again = tempfile::tempdir().unwrap();
    build_into_no_cache_equals(root.path(), out.path(), again.path());

    edit(
        root.path(),
        "followup.toml",
        "search_bundle_size = 100",
        "search_bundle_size = 50",
    );
    let o = try_build(root.path(), tempfile::tempdir().unwrap().path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: followup.toml:1:1: search_bundle_size is 50: a search bundle holds at least 100 recommendations")
            && err.contains("leave search_bundle_size out for 2500"),
        "{err}"
    );
}

/// The site at `root` built with no cache into `fresh` is the same, file
/// for file, as the output `out` a build with the cache made.
fn build_into_no_cache_equals(root: &Path, out: &Path, fresh: &Path) {
    let o = followup(&[
        "build",
        "--no-cache",
        "--root",
        root.to_str().unwrap(),
        "--output",
        fresh.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut with_cache = tree(out);
    with_cache.remove(".followup-manifest");
    let mut without = tree(fresh);
    without.remove(".followup-manifest");
    assert!(
        with_cache == without,
        "the output differs with and without the cache"
    );
}
