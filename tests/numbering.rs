//! A recommendation's number ("10.2") is what readers cite: it is the same
//! in a build and in the preview, whichever recommendations are drafts, and
//! the files of a paragraph that would make it unclear are reported.

use crate::common;
use common::*;
use std::path::Path;

const P10: &str = "content/atlantis/p10";

/// Atlantis's paragraph 10 with three recommendations, the first a draft.
fn site_with_a_draft() -> tempfile::TempDir {
    let root = atlantis(
        FIXTURE_CONFIG,
        &rec(
            "A",
            "Atlantis should legislate.",
            "draft = true\n",
            "First.\n",
        ),
    );
    for (name, text) in [("02-second", "investigate"), ("03-third", "train")] {
        let body = rec("B2", &format!("Atlantis should {text}."), "", "Body.\n");
        write(root.path(), &format!("{P10}/{name}.md"), body.as_bytes());
    }
    root
}

/// The heading of a recommendation's page: "Recommendation 10.2".
fn heading(html: &str) -> String {
    let start = html.find("<h1>").expect("a heading") + 4;
    let end = start + html[start..].find("</h1>").unwrap();
    html[start..end].to_string()
}

#[test]
fn a_draft_keeps_its_place_in_the_count_in_build_and_preview() {
    let root = site_with_a_draft();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let built = |rel: &str| std::fs::read_to_string(out.path().join(rel)).unwrap();
    // The draft is left out, but the next one is still 10.2, not 10.1.
    assert!(!out.path().join("atlantis/p10/01-first").exists());
    let second = heading(&built("atlantis/p10/02-second/index.html"));
    let third = heading(&built("atlantis/p10/03-third/index.html"));
    assert_eq!(second, "Recommendation 10.2");
    assert_eq!(third, "Recommendation 10.3");
    let references: Vec<String> = records(out.path())
        .iter()
        .map(|r| r["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(references, ["10.2", "10.3"]);
    let listed = listed_references(&page(out.path(), "/", "/articles/iccpr/7/"));
    assert_eq!(listed, ["10.2", "10.3"]);

    // The preview shows the draft as 10.1 and the others as the build does.
    let preview = Preview::start(root.path());
    for (url, expected) in [
        (
            "/atlantis/p10/01-first/",
            "Recommendation 10.1 <span class=\"draft-mark\">Draft</span>",
        ),
        ("/atlantis/p10/02-second/", second.as_str()),
        ("/atlantis/p10/03-third/", third.as_str()),
    ] {
        let (status, html) = preview.get(url);
        assert_eq!(status, 200, "{url}");
        assert_eq!(heading(&html), expected, "{url}");
    }
    // Published, the draft takes the place it had: nothing is renumbered.
    edit(root.path(), ATLANTIS_REC, "draft = true\n", "");
    let again = tempfile::tempdir().unwrap();
    build(root.path(), again.path());
    let published = |rel: &str| heading(&std::fs::read_to_string(again.path().join(rel)).unwrap());
    assert_eq!(
        published("atlantis/p10/01-first/index.html"),
        "Recommendation 10.1"
    );
    assert_eq!(published("atlantis/p10/02-second/index.html"), second);
}

fn check(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend(extra);
    let o = followup(&args);
    (o.status.code(), stderr(&o))
}

fn guide() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
        .unwrap()
}

#[test]
fn two_recommendations_with_the_same_order_are_an_error_at_both() {
    let root = site_with_a_draft();
    edit(root.path(), ATLANTIS_REC, "draft = true\n", "order = 2\n");
    edit(
        root.path(),
        &format!("{P10}/03-third.md"),
        "+++\n",
        "+++\n# Second.\norder = 2\n",
    );
    let (code, err) = check(root.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    let first = format!(
        "error: {P10}/01-first.md:4:1: `order = 2` is also in {P10}/03-third.md: two recommendations cannot share a place"
    );
    let third = format!(
        "error: {P10}/03-third.md:3:1: `order = 2` is also in {P10}/01-first.md: two recommendations cannot share a place"
    );
    assert!(err.contains(&first), "{err}");
    assert!(err.contains(&third), "{err}");
    assert!(err.contains("4 | order = 2\n  | ^\n"), "{err}");
    assert!(
        guide().contains("two recommendations cannot share a place"),
        "the guide lacks the message"
    );
    // A build refuses it too.
    let out = tempfile::tempdir().unwrap();
    let o = try_build(root.path(), out.path());
    assert!(!o.status.success());
    // Different orders are fine.
    edit(
        root.path(),
        &format!("{P10}/03-third.md"),
        "order = 2",
        "order = 3",
    );
    let (code, err) = check(root.path(), &["--strict"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_paragraph_with_references_on_some_recommendations_only_is_warned() {
    let root = site_with_a_draft();
    edit(
        root.path(),
        ATLANTIS_REC,
        "draft = true\n",
        "reference = \"10(a)\"\n",
    );
    let (code, err) = check(root.path(), &[]);
    assert_eq!(code, Some(0), "{err}");
    let message = "this recommendation has no `reference`, while others of its paragraph have one";
    for name in ["02-second", "03-third"] {
        assert!(
            err.contains(&format!("warning: {P10}/{name}.md: {message}")),
            "{err}"
        );
    }
    assert!(
        err.contains(&format!(
            "help: readers would see 10.2 beside \"10(a)\" ({P10}/01-first.md): give each recommendation of the paragraph its `reference`, or none"
        )),
        "{err}"
    );
    assert!(!err.contains("01-first.md: this"), "{err}");
    assert!(guide().contains(message), "the guide lacks the message");
    let (code, _) = check(root.path(), &["--strict"]);
    assert_eq!(code, Some(1));
    // All with one, or none: nothing to say.
    for (name, r) in [("02-second", "10(b)"), ("03-third", "10(c)")] {
        let path = format!("{P10}/{name}.md");
        edit(
            root.path(),
            &path,
            "+++\n",
            &format!("+++\nreference = \"{r}\"\n"),
        );
    }
    let (code, err) = check(root.path(), &["--strict"]);
    assert_eq!(code, Some(0), "{err}");
}

/// The preview keeps saying it after an edit made in place, which checks
/// the edited file again but not its paragraph.
#[test]
fn the_preview_keeps_the_paragraphs_warning_after_an_edit_in_place() {
    let root = site_with_a_draft();
    edit(
        root.path(),
        ATLANTIS_REC,
        "draft = true\n",
        "reference = \"10(a)\"\n",
    );
    let preview = Preview::start(root.path());
    let second = format!("{P10}/02-second.md");
    edit(root.path(), &second, "Body.", "Body, edited.");
    assert!(
        eventually(10, || preview
            .get("/atlantis/p10/02-second/")
            .1
            .contains("Body, edited.")),
        "{}",
        preview.output()
    );
    let (mut ws, _) =
        tungstenite::connect(format!("ws://127.0.0.1:{}/__followup/ws", preview.port)).unwrap();
    let hello: serde_json::Value =
        serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap();
    let warned: Vec<&str> = hello["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["message"].as_str().unwrap().contains("no `reference`"))
        .map(|w| w["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        warned,
        [second.as_str(), &format!("{P10}/03-third.md")],
        "{hello}"
    );
}
