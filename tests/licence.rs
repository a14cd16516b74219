//! The licence of a site's words and data (`license` in followup.toml):
//! in every page's footer, in the feeds, in `data/datapackage.json` beside
//! the data files it describes; and, without one, `check`'s one reminder.

use crate::common::*;
use std::path::Path;

const CC_BY: &str = "https://creativecommons.org/licenses/by/4.0/";

/// A copy of the sample whose settings name a licence: the sample itself
/// names none, as its publisher never said one.
fn licensed_sample(license: &str) -> tempfile::TempDir {
    let root = copy_sample();
    edit(
        root.path(),
        "followup.toml",
        "\nsearch = false\n",
        &format!("\nsearch = false\nlicense = \"{license}\"\n"),
    );
    root
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn data_package(out: &Path, language: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, &format!("{language}data/datapackage.json"))).unwrap()
}

#[test]
fn a_licence_is_in_every_footer_the_feeds_and_the_data_package() {
    let root = licensed_sample("cc-by-4.0");
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let footer = format!(
        "<a rel=\"license\" href=\"{CC_BY}\">Creative Commons Attribution 4.0 International</a>"
    );
    let pages: Vec<String> = tree(out.path())
        .into_keys()
        .filter(|p| p.ends_with(".html") && !p.starts_with("pagefind"))
        .collect();
    assert!(pages.len() > 50, "{pages:?}");
    for p in &pages {
        let html = read(out.path(), p);
        assert_eq!(html.matches(&footer).count(), 1, "{p}");
    }
    assert!(read(out.path(), "index.html").contains(&format!("Licence: {footer}")));
    assert!(read(out.path(), "ru/index.html").contains(&format!("Лицензия: {footer}")));
    // The home page's Dataset (JSON-LD) names it too.
    assert!(
        read(out.path(), "index.html").contains(&format!("\"license\":\"{CC_BY}\"")),
        "the Dataset has no license"
    );
    for feed in ["feed.xml", "kazakhstan/feed.xml", "ru/feed.xml"] {
        assert!(
            read(out.path(), feed).contains(&format!(
                "<rights>Creative Commons Attribution 4.0 International (CC-BY-4.0): {CC_BY}</rights>"
            )),
            "{feed}"
        );
    }
    for language in ["", "ru/"] {
        let package = data_package(out.path(), language);
        assert_eq!(
            package["licenses"],
            serde_json::json!([{
                "name": "CC-BY-4.0",
                "path": CC_BY,
                "title": "Creative Commons Attribution 4.0 International",
            }])
        );
        // How to cite the data set: its title and its address.
        let citation = package["citation"].as_str().unwrap();
        let title = package["title"].as_str().unwrap();
        assert_eq!(
            package["homepage"],
            format!("https://example.org/{language}")
        );
        assert!(
            citation.starts_with(title)
                && citation.ends_with(&format!("[Data set]. https://example.org/{language}data/")),
            "{citation}"
        );
    }
}

/// Every data file the build makes is a resource of the package, and each
/// CSV's columns are those of its header, in order.
#[test]
fn the_data_package_lists_every_data_file_with_its_columns() {
    let out = built_sample();
    for language in ["", "ru/"] {
        let package = data_package(out, language);
        let dir = out.join(format!("{language}data"));
        let mut listed: Vec<String> = Vec::new();
        for r in package["resources"].as_array().unwrap() {
            let path = r["path"].as_str().unwrap();
            listed.push(path.to_string());
            let text = read(&dir, path);
            match r["format"].as_str().unwrap() {
                "csv" => {
                    assert_eq!(r["mediatype"], "text/csv");
                    let header = text.lines().next().unwrap();
                    let columns: Vec<&str> = r["schema"]["fields"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| f["name"].as_str().unwrap())
                        .collect();
                    assert_eq!(header.split(',').collect::<Vec<_>>(), columns, "{path}");
                }
                "json" => {
                    assert_eq!(r["mediatype"], "application/json");
                    serde_json::from_str::<serde_json::Value>(&text).unwrap();
                }
                other => panic!("{path}: format {other}"),
            }
        }
        let mut data: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|f| {
                (f.ends_with(".csv") || f.ends_with(".json"))
                    && !f.ends_with(".schema.json")
                    && f != "datapackage.json"
            })
            .collect();
        data.sort();
        listed.sort();
        assert_eq!(listed, data, "{language}");
        assert!(listed.contains(&"kazakhstan.csv".to_string()));
    }
}

#[test]
fn without_a_licence_check_says_so_once_and_the_site_builds() {
    let root = copy_sample();
    let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        err.matches("info: followup.toml: no `license`: reusers cannot know what they may do with the dossiers and the data").count(),
        1,
        "{err}"
    );
    assert!(err.contains("license = \"CC-BY-4.0\""), "{err}");
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    assert!(!read(out.path(), "index.html").contains("rel=\"license\""));
    assert!(!read(out.path(), "feed.xml").contains("<rights>"));
    let package = data_package(out.path(), "");
    assert!(package.get("licenses").is_none(), "{package}");
    assert!(package["resources"].as_array().unwrap().len() >= 5);
}

#[test]
fn a_misspelled_licence_is_an_error_at_its_line_with_the_one_meant() {
    let root = licensed_sample("CC-BY-40");
    let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line = read(root.path(), "followup.toml")
        .lines()
        .position(|l| l.starts_with("license = "))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "error: followup.toml:{line}:12: unknown licence \"CC-BY-40\""
        )),
        "{err}"
    );
    assert!(err.contains("did you mean \"CC-BY-4.0\"?"), "{err}");
    assert!(!err.contains("no `license`"), "{err}");
}

/// Another SPDX identifier is taken as it is, with SPDX's page.
#[test]
fn another_spdx_licence_links_to_its_spdx_page() {
    let root = licensed_sample("OGL-Canada-2.0");
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    assert!(read(out.path(), "index.html").contains(
        "<a rel=\"license\" href=\"https://spdx.org/licenses/OGL-Canada-2.0.html\">OGL-Canada-2.0</a>"
    ));
}
