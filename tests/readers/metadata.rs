//! The pages' metadata as others read it: Python's `extruct` (what data
//! portals and crawlers use) takes the JSON-LD and Open Graph of the home,
//! a country and a recommendation page of the sample in English, Russian
//! and Arabic, and every property issue 31 requires is there; Pillow
//! decodes every link-preview image the pages name, at 1200×630.

use crate::chrome::Tool;
use crate::common::*;

const SCRIPT: &str = r#"
import json, sys, extruct
with open(sys.argv[1], encoding='utf-8') as f:
    html = f.read()
data = extruct.extract(html, base_url=sys.argv[2], syntaxes=['json-ld', 'opengraph', 'microdata'], uniform=True)
print(json.dumps(data))
"#;

/// What `extruct` reads of the page at `url` (from the root) of the site
/// built into `out`.
fn extract(out: &std::path::Path, url: &str) -> serde_json::Value {
    let file = out.join(url.trim_start_matches('/')).join("index.html");
    let o = std::process::Command::new(Tool::Extruct.path())
        .args(["-c", SCRIPT])
        .arg(&file)
        .arg(format!("https://example.org{url}"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "extruct failed on {url}: {}",
        stderr(&o)
    );
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The schema.org items of `data` of type `kind`.
fn typed<'a>(data: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    data["json-ld"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|doc| match doc["@graph"].as_array() {
            Some(graph) => graph.iter().collect(),
            None => vec![doc],
        })
        .filter(|i| i["@type"] == kind)
        .collect()
}

pub fn metadata_reads_in_extruct_in_english_russian_and_arabic() {
    let root = sample_with_arabic();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let rec = "kazakhstan/p07-national-human-rights-institution/01-independence-and-resources/";
    for (lang, folder) in [("en", ""), ("ru", "ru/"), ("ar", "ar/")] {
        for (page, og_type) in [
            ("", "website"),
            ("kazakhstan/", "article"),
            (rec, "article"),
        ] {
            let url = format!("/{folder}{page}");
            let data = extract(out.path(), &url);
            let og = &data["opengraph"][0];
            for property in ["og:title", "og:description", "og:site_name", "og:locale"] {
                assert!(
                    og[property].as_str().is_some_and(|s| !s.is_empty()),
                    "{url}: {property} in {og}"
                );
            }
            assert_eq!(og["og:url"], format!("https://example.org{url}"), "{og}");
            // `uniform` gives `og:type` as the item's type.
            assert_eq!(og["@type"], og_type, "{url}: {og}");
            assert_eq!(og["og:locale"], lang, "{url}");
            if page.is_empty() {
                let dataset = typed(&data, "Dataset");
                assert_eq!(dataset.len(), 1, "{url}: {data}");
                for property in [
                    "name",
                    "description",
                    "publisher",
                    "dateModified",
                    "distribution",
                    "inLanguage",
                ] {
                    if property == "publisher" && dataset[0].get(property).is_none() {
                        continue; // the sample names no publisher
                    }
                    assert!(dataset[0].get(property).is_some(), "{url}: {property}");
                }
                for file in dataset[0]["distribution"].as_array().unwrap() {
                    assert!(
                        file["contentUrl"]
                            .as_str()
                            .unwrap()
                            .starts_with("https://example.org/")
                    );
                    assert!(file["encodingFormat"].is_string());
                }
            } else {
                let crumbs = typed(&data, "BreadcrumbList");
                assert_eq!(crumbs.len(), 1, "{url}: {data}");
                let items = crumbs[0]["itemListElement"].as_array().unwrap();
                assert_eq!(
                    items.last().unwrap()["item"],
                    format!("https://example.org{url}")
                );
            }
            if page == "kazakhstan/" {
                let report = typed(&data, "Report");
                assert_eq!(report.len(), 1, "{url}: {data}");
                for property in ["name", "inLanguage", "datePublished", "about", "url"] {
                    assert!(report[0].get(property).is_some(), "{url}: {property}");
                }
                assert_eq!(report[0]["inLanguage"], lang);
                assert_eq!(report[0]["about"]["@type"], "Country");
            }
        }
    }
}

const PILLOW: &str = r#"
import sys
from PIL import Image
for path in sys.argv[1:]:
    with Image.open(path) as image:
        image.load()
        print(image.format, image.size[0], image.size[1], image.mode)
"#;

pub fn link_preview_images_decode_in_pillow() {
    let root = sample_with_arabic();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    // Every image the home, a country and a recommendation page name.
    let rec = "kazakhstan/p07-national-human-rights-institution/01-independence-and-resources/";
    let mut images = std::collections::BTreeSet::new();
    for folder in ["", "ru/", "ar/"] {
        for page in ["", "kazakhstan/", rec] {
            let p = page_of(out.path(), &format!("/{folder}{page}"));
            let sel = scraper::Selector::parse("meta[property=\"og:image\"]").unwrap();
            let url = p
                .select(&sel)
                .next()
                .unwrap()
                .value()
                .attr("content")
                .unwrap()
                .to_string();
            let rel = url
                .strip_prefix("https://example.org/")
                .unwrap()
                .to_string();
            assert!(out.path().join(&rel).is_file(), "{url}");
            images.insert(rel);
        }
    }
    assert_eq!(images.len(), 6, "{images:?}");
    let o = std::process::Command::new(Tool::Pillow.path())
        .args(["-c", PILLOW])
        .args(images.iter().map(|rel| out.path().join(rel)))
        .output()
        .unwrap();
    assert!(o.status.success(), "Pillow failed: {}", stderr(&o));
    let said = stdout(&o);
    assert_eq!(said.lines().count(), 6, "{said}");
    for line in said.lines() {
        assert_eq!(line, "PNG 1200 630 RGB");
    }
}

/// The built page at `url`, parsed.
fn page_of(out: &std::path::Path, url: &str) -> scraper::Html {
    let file = out.join(url.trim_start_matches('/')).join("index.html");
    scraper::Html::parse_document(&std::fs::read_to_string(file).unwrap())
}
