//! "Cite this": each dossier and recommendation page shows how to cite it
//! and links to the same record as CSL-JSON and BibTeX beside the page.

use crate::common;
use common::*;
use std::path::Path;

/// What the page's block and its two files say, read from the built site.
struct Cited {
    block: String,
    json: serde_json::Value,
    bib: String,
}

/// The "Cite this" of the page at `url` (under `/`), its links followed to
/// the files they name.
fn cited(out: &Path, url: &str) -> Cited {
    let p = page(out, "/", url);
    let blocks = p.texts("details.cite");
    assert_eq!(blocks.len(), 1, "{url}: {blocks:?}");
    let links = p.hrefs("details.cite a");
    assert_eq!(links.len(), 2, "{url}: {links:?}");
    let file = |href: &str| {
        let rel = href.strip_prefix('/').unwrap();
        assert!(rel.starts_with(url.trim_start_matches('/')), "{href}");
        std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{href}: {e}"))
    };
    assert!(links[0].ends_with("/cite.json"), "{links:?}");
    assert!(links[1].ends_with("/cite.bib"), "{links:?}");
    Cited {
        block: blocks[0].clone(),
        json: serde_json::from_str(&file(&links[0])).unwrap(),
        bib: file(&links[1]),
    }
}

/// The one item of a CSL-JSON file, checked against the BibTeX made from
/// the same record and the page's block.
fn agree(c: &Cited, title_bib: &str) -> serde_json::Value {
    let items = c.json.as_array().unwrap();
    assert_eq!(items.len(), 1);
    let item = items[0].clone();
    assert_eq!(item["type"], "report");
    let title = item["title"].as_str().unwrap();
    let author = item["author"][0]["literal"].as_str().unwrap();
    let url = item["URL"].as_str().unwrap();
    assert!(c.block.contains(title), "{} / {title}", c.block);
    assert!(c.block.contains(author), "{}", c.block);
    assert!(c.block.contains(url), "{}", c.block);
    assert!(c.bib.starts_with("@misc{"), "{}", c.bib);
    assert!(
        c.bib.contains(&format!("  title = {{{title_bib}}},\n")),
        "{}",
        c.bib
    );
    assert!(
        c.bib.contains(&format!("  url = {{{url}}},\n")),
        "{}",
        c.bib
    );
    item
}

#[test]
fn the_sample_cites_its_dossier_and_recommendations_in_each_language() {
    let out = built_sample();
    let title = "Follow-up to the Human Rights Committee: NGO assessments";
    let c = cited(out, "/kazakhstan/");
    assert!(c.block.starts_with("Cite this"), "{}", c.block);
    assert!(c.block.contains("Accessed"), "{}", c.block);
    let item = agree(&c, "Kazakhstan");
    assert_eq!(item["URL"], "https://example.org/kazakhstan/");
    assert_eq!(item["author"][0]["literal"], title);
    assert_eq!(item["language"], "en");
    // The sample's dossier is not dated: neither is its citation.
    assert!(item.get("issued").is_none());
    assert!(!c.bib.contains("year"), "{}", c.bib);

    let rec = "/kazakhstan/p21-independence-of-the-judiciary/02-interference-and-corruption/";
    let c = cited(out, rec);
    let item = agree(&c, "Kazakhstan · Recommendation 21.2");
    assert_eq!(item["URL"], format!("https://example.org{rec}"));

    // Russian pages cite in Russian: their title, labels and address.
    let c = cited(out, &format!("/ru{rec}"));
    assert!(c.block.starts_with("Как цитировать"), "{}", c.block);
    let item = agree(&c, "Казахстан · Рекомендация 21.2");
    assert_eq!(item["language"], "ru");
    assert_eq!(item["URL"], format!("https://example.org/ru{rec}"));
    let c = cited(out, "/ru/kazakhstan/");
    agree(&c, "Казахстан");
}

/// The publisher is the author; the dossier's latest round dates it; a
/// title with BibTeX's special characters and Cyrillic is escaped, not
/// spelt out.
#[test]
fn a_dated_dossier_of_a_publisher_is_cited_with_its_date_and_escaped() {
    let root = atlantis(
        &format!("{FIXTURE_CONFIG}\n[publisher]\nname = \"Rights & Co\"\n"),
        &rec("A", "Atlantis should act.", "", "Body.\n"),
    );
    edit(
        root.path(),
        "content/atlantis/_index.md",
        "country = \"Atlantis\"",
        "country = \"Атлантида 50% & Co\"\nassessed = 2024-03-05",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let dossiers = "https://example.github.io/dossiers/";
    // Links in the site's pages start with its base path.
    let moved = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(moved.path().join("dossiers")).unwrap();
    for (rel, bytes) in tree(out.path()) {
        write(moved.path(), &format!("dossiers/{rel}"), &bytes);
    }
    let c = cited(moved.path(), "/dossiers/atlantis/");
    let item = agree(&c, "Атлантида 50\\% \\& Co");
    assert_eq!(item["title"], "Атлантида 50% & Co");
    assert_eq!(item["author"][0]["literal"], "Rights & Co");
    assert_eq!(item["publisher"], "Rights & Co");
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2024, 3, 5]])
    );
    assert_eq!(item["URL"], format!("{dossiers}atlantis/"));
    assert!(
        c.bib.contains("  author = {{Rights \\& Co}},\n"),
        "{}",
        c.bib
    );
    assert!(c.bib.contains("  date = {2024-03-05},\n"), "{}", c.bib);
    assert!(c.block.contains("5 March 2024"), "{}", c.block);

    let c = cited(moved.path(), "/dossiers/atlantis/p10/01-first/");
    let item = agree(&c, "Атлантида 50\\% \\& Co · Recommendation 10.1");
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2024, 3, 5]])
    );
}
