//! What search engines, link previews and data portals read of every page
//! (issue 31): one description of at most 160 characters, the page's own
//! absolute address as canonical, the Open Graph tags, an icon, and JSON-LD
//! that parses, with the open data as a `Dataset` whose files exist, each
//! dossier as a `Report` and the breadcrumbs as a `BreadcrumbList`. In
//! English, Russian and Arabic, and safe from an author's `</script>`.

use crate::common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Every page of a site built into `out`, by its address from the root.
fn pages(out: &Path) -> Vec<String> {
    tree(out)
        .into_keys()
        .filter(|rel| rel.ends_with(".html"))
        .filter(|rel| !rel.starts_with("pagefind/") && !rel.starts_with("assets/"))
        .map(|rel| format!("/{}", rel.trim_end_matches("index.html")))
        .collect()
}

fn attrs(p: &Page, css: &str, attr: &str) -> Vec<String> {
    p.select(css)
        .iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

fn one(p: &Page, css: &str, attr: &str) -> String {
    let all = attrs(p, css, attr);
    assert_eq!(all.len(), 1, "{}: {css} {all:?}", p.path);
    all[0].clone()
}

/// The schema.org items of a page's JSON-LD.
fn ld_items(p: &Page) -> Vec<Value> {
    let scripts: Vec<String> = p
        .select("script[type=\"application/ld+json\"]")
        .iter()
        .map(|s| s.inner_html())
        .collect();
    assert!(scripts.len() <= 1, "{}", p.path);
    scripts
        .iter()
        .flat_map(|s| {
            let json: Value = serde_json::from_str(s).unwrap_or_else(|e| panic!("{}: {e}", p.path));
            assert_eq!(json["@context"], "https://schema.org");
            json["@graph"].as_array().unwrap().clone()
        })
        .collect()
}

fn of_type<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|i| i["@type"] == kind).collect()
}

/// Checks every page of the site built into `out`, whose languages'
/// folders are `languages` (`""` for the main one).
fn check_site(out: &Path, languages: &[(&str, &str)]) {
    let all = pages(out);
    assert!(all.len() > 30, "{all:?}");
    for url in &all {
        let p = page(out, "/", url);
        let lang = p.select("html")[0]
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        let description = one(&p, "meta[name=description]", "content");
        assert!(!description.is_empty(), "{url}");
        assert!(description.chars().count() <= 160, "{url}: {description}");
        assert_eq!(
            one(&p, "meta[property=\"og:description\"]", "content"),
            description
        );
        let canonical = format!("https://example.org{url}");
        if url.ends_with("404.html") {
            // Served at any missing address, it names none as its own.
            assert!(attrs(&p, "link[rel=canonical]", "href").is_empty());
        } else {
            assert_eq!(one(&p, "link[rel=canonical]", "href"), canonical);
            assert_eq!(one(&p, "meta[property=\"og:url\"]", "content"), canonical);
        }
        let og_type = one(&p, "meta[property=\"og:type\"]", "content");
        // A dossier's page or a recommendation's: one text, not a way in.
        let folder = languages
            .iter()
            .map(|(_, f)| *f)
            .filter(|f| url[1..].starts_with(f));
        let within = &url[1 + folder.map(str::len).max().unwrap_or(0)..];
        let segments = within.trim_end_matches('/').split('/').count();
        let article = within.starts_with("kazakhstan/") && [1, 3].contains(&segments);
        assert_eq!(
            og_type,
            if article { "article" } else { "website" },
            "{url}"
        );
        assert!(!one(&p, "meta[property=\"og:title\"]", "content").is_empty());
        assert!(!one(&p, "meta[property=\"og:site_name\"]", "content").is_empty());
        assert_eq!(one(&p, "meta[property=\"og:locale\"]", "content"), lang);
        let mut alternates = attrs(&p, "meta[property=\"og:locale:alternate\"]", "content");
        alternates.sort();
        let mut others: Vec<String> = languages
            .iter()
            .map(|(code, _)| code.to_string())
            .filter(|c| *c != lang)
            .collect();
        others.sort();
        assert_eq!(alternates, others, "{url}");
        // Every page names a link-preview image (its own, its country's or
        // the home page's): tests/og_image.rs.
        assert_eq!(
            one(&p, "meta[name=\"twitter:card\"]", "content"),
            "summary_large_image"
        );
        let icon = one(&p, "link[rel=icon]", "href");
        assert!(
            out.join(icon.trim_start_matches('/')).is_file(),
            "{url}: {icon}"
        );

        let items = ld_items(&p);
        // The breadcrumbs as the page shows them, then the page itself.
        let shown: Vec<(String, String)> = p
            .select("nav.breadcrumbs li")
            .iter()
            .map(|li| {
                let text = li.text().collect::<String>().trim().to_string();
                let link = li
                    .select(&scraper::Selector::parse("a").unwrap())
                    .next()
                    .map(|a| format!("https://example.org{}", a.value().attr("href").unwrap()))
                    .unwrap_or_else(|| canonical.clone());
                (text, link)
            })
            .collect();
        let lists = of_type(&items, "BreadcrumbList");
        assert_eq!(lists.len(), usize::from(!shown.is_empty()), "{url}");
        if let Some(list) = lists.first() {
            let listed: Vec<(String, String)> = list["itemListElement"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    assert_eq!(item["position"], i + 1);
                    (
                        item["name"].as_str().unwrap().to_string(),
                        item["item"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            assert_eq!(listed, shown, "{url}");
        }
    }
    for (code, folder) in languages {
        let home = page(out, "/", &format!("/{folder}"));
        let items = ld_items(&home);
        let dataset = of_type(&items, "Dataset");
        assert_eq!(dataset.len(), 1, "{code}");
        let d = dataset[0];
        assert!(!d["name"].as_str().unwrap().is_empty());
        assert!(!d["description"].as_str().unwrap().is_empty());
        assert_eq!(d["inLanguage"], *code);
        assert!(d["dateModified"].as_str().unwrap().len() == 10);
        let files = d["distribution"].as_array().unwrap();
        assert!(files.len() >= 3);
        for f in files {
            let url = f["contentUrl"].as_str().unwrap();
            let rel = url.strip_prefix("https://example.org/").unwrap();
            assert!(out.join(rel).is_file(), "{url}");
            assert!(
                ["text/csv", "application/json"].contains(&f["encodingFormat"].as_str().unwrap())
            );
        }
        let country = page(out, "/", &format!("/{folder}kazakhstan/"));
        let items = ld_items(&country);
        let report = of_type(&items, "Report");
        assert_eq!(report.len(), 1, "{code}");
        let r = report[0];
        assert_eq!(r["inLanguage"], *code);
        assert_eq!(r["about"]["@type"], "Country");
        assert_eq!(r["about"]["name"], country.texts("h1")[0]);
        assert_eq!(r["datePublished"], "2011-07-26");
        assert_eq!(r["reportNumber"], "CCPR/C/KAZ/CO/1");
    }
}

#[test]
fn every_page_of_the_sample_describes_itself_in_english_and_russian() {
    let out = built_sample();
    check_site(out, &[("en", ""), ("ru", "ru/")]);
    let ru = page(out, "/", "/ru/kazakhstan/");
    let description = one(&ru, "meta[name=description]", "content");
    assert!(description.starts_with("Это оценка НПО"), "{description}");
    assert!(description.ends_with('…'));
    let grade = page(out, "/", "/ru/grades/b2/");
    let description = one(&grade, "meta[name=description]", "content");
    assert!(description.contains("рекомендаци"), "{description}");
}

#[test]
fn an_arabic_site_describes_itself_too() {
    let root = sample_with_arabic();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    check_site(out.path(), &[("en", ""), ("ar", "ar/"), ("ru", "ru/")]);
}

#[test]
fn an_authors_script_end_does_not_break_out_of_the_json_ld() {
    let root = copy_sample();
    edit(
        root.path(),
        "content/kazakhstan/_index.md",
        "This is an NGO assessment",
        "</script><script>alert(1)</script><!-- This is an NGO & assessment",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let country = page(out.path(), "/", "/kazakhstan/");
    let html = std::fs::read_to_string(out.path().join("kazakhstan/index.html")).unwrap();
    assert!(!html.contains("<script>alert(1)"));
    let items = ld_items(&country);
    let report = of_type(&items, "Report")[0];
    assert!(
        report["description"]
            .as_str()
            .unwrap()
            .contains("This is an NGO & assessment"),
        "{report}"
    );
}

#[test]
fn a_sites_own_icon_replaces_the_themes() {
    let root = copy_sample();
    write(root.path(), "content/favicon.png", b"\x89PNG\r\n\x1a\n");
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    for url in ["/", "/kazakhstan/", "/ru/grades/"] {
        let p = page(out.path(), "/", url);
        assert_eq!(one(&p, "link[rel=icon]", "href"), "/favicon.png");
        assert_eq!(one(&p, "link[rel=icon]", "type"), "image/png");
    }
    assert!(out.path().join("favicon.png").is_file());
}

#[test]
fn the_publishers_logo_is_the_icon_and_publishes_the_data() {
    let root = copy_sample();
    edit(
        root.path(),
        "followup.toml",
        "default_treaty = \"ICCPR\"\n",
        "default_treaty = \"ICCPR\"\n\n[publisher]\nname = \"Network of NGOs\"\nurl = \"https://ngo.example.org/\"\nlogo = \"logo.svg\"\n",
    );
    write(
        root.path(),
        "content/logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"/>",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let home = page(out.path(), "/", "/");
    assert_eq!(one(&home, "link[rel=icon]", "href"), "/logo.svg");
    assert_eq!(one(&home, "link[rel=icon]", "type"), "image/svg+xml");
    let items = ld_items(&home);
    let publisher = &of_type(&items, "Dataset")[0]["publisher"];
    assert_eq!(publisher["@type"], "Organization");
    assert_eq!(publisher["name"], "Network of NGOs");
    assert_eq!(publisher["url"], "https://ngo.example.org/");
    let country = page(out.path(), "/", "/ru/kazakhstan/");
    let items = ld_items(&country);
    assert_eq!(
        of_type(&items, "Report")[0]["publisher"]["name"],
        "Network of NGOs"
    );
}
