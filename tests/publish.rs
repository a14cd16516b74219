//! The published site as GitHub Pages serves it: under a sub-path, with its
//! open data, feeds, sitemap and search bundle.

use crate::common;
use common::*;
use std::collections::{BTreeSet, VecDeque};

const BASE: &str = "/dossiers/";
const BASE_URL: &str = "https://example.github.io/dossiers/";

/// Links of an HTML page: (target without fragment, fragment).
fn links(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    doc.select(&sel)
        .filter_map(|e| {
            e.value()
                .attr("href")
                .or(e.value().attr("src"))
                .map(str::to_owned)
        })
        .collect()
}

fn ids(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[id]").unwrap();
    doc.select(&sel)
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect()
}

#[test]
fn crawling_from_the_home_page_under_the_sub_path_finds_no_broken_link() {
    let (_root, out) = built_fixture();
    let server = Pages::start(out.path(), BASE);
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([BASE.to_string()]);
    let mut problems = Vec::new();
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let (status, body) = server.get(&page);
        if status != 200 {
            problems.push(format!("{page}: {status}"));
            continue;
        }
        if !(page.ends_with('/') || page.ends_with(".html")) {
            continue;
        }
        for href in links(&body) {
            if href.starts_with("http://") || href.starts_with("https://") {
                continue;
            }
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (
                    if t.is_empty() {
                        page.clone()
                    } else {
                        t.to_string()
                    },
                    Some(f.to_string()),
                ),
                None => (href.clone(), None),
            };
            if !target.starts_with(BASE) {
                problems.push(format!("{page}: {href} escapes {BASE}"));
                continue;
            }
            if let Some(f) = fragment {
                let (s, b) = server.get(&target);
                if s != 200 || !ids(&b).contains(&f) {
                    problems.push(format!("{page}: broken anchor {href}"));
                }
            }
            queue.push_back(target);
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    for rec in FIXTURE_RECOMMENDATIONS {
        assert!(
            seen.contains(rec),
            "{rec} is not reachable from the home page"
        );
    }
    for download in [
        "/dossiers/data/recommendations.csv",
        "/dossiers/data/recommendations.json",
        "/dossiers/feed.xml",
    ] {
        assert!(seen.contains(download), "{download} is not linked");
    }

    // The 404 page, served for a deep missing address, links to real pages.
    let (status, body) = server.get("/dossiers/atlantis/p10-torture/gone/deeper/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    for href in links(&body).into_iter().filter(|h| !h.starts_with('#')) {
        let target = href.split('#').next().unwrap();
        assert!(target.starts_with(BASE), "{href}");
        assert_eq!(server.get(target).0, 200, "404 page link {href}");
    }
}

#[test]
fn github_pages_files_are_written() {
    let (root, out) = built_fixture();
    assert!(out.path().join(".nojekyll").exists());
    assert!(!out.path().join("CNAME").exists());
    let config = format!("cname = \"dossiers.example.org\"\n{FIXTURE_CONFIG}");
    write(root.path(), "followup.toml", config.as_bytes());
    build(root.path(), out.path());
    assert_eq!(
        std::fs::read_to_string(out.path().join("CNAME")).unwrap(),
        "dossiers.example.org\n"
    );
}

/// Element texts of an XML document by element name, in order.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == name => {
                inside = true;
                out.push(String::new());
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == name => inside = false,
            quick_xml::events::Event::Text(t) if inside => {
                out.last_mut().unwrap().push_str(&t.into_inner());
            }
            quick_xml::events::Event::GeneralRef(r) if inside => {
                let entity = r.into_inner().to_string();
                let c = match entity.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                out.last_mut().unwrap().push_str(c);
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn sitemap_lists_every_page_with_absolute_addresses() {
    let (_root, out) = built_fixture();
    let xml = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let locs = xml_texts(&xml, "loc");
    let pages: BTreeSet<String> = tree(out.path())
        .keys()
        .filter(|k| {
            (k.ends_with("index.html") || k.ends_with("/report.html"))
                && !k.starts_with("pagefind/")
        })
        .map(|k| format!("{BASE_URL}{}", k.strip_suffix("index.html").unwrap_or(k)))
        .collect();
    assert_eq!(locs.iter().cloned().collect::<BTreeSet<_>>(), pages);
    assert_eq!(locs.len(), pages.len());
}

#[test]
fn feeds_are_atom_with_every_recommendation_newest_first() {
    let (_root, out) = built_fixture();
    let xml = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    let ids = xml_texts(&xml, "id");
    assert_eq!(ids[0], format!("{BASE_URL}feed.xml"));
    assert_eq!(ids.len(), 1 + 4, "{xml}");
    // Atlantis was assessed (2021-03-04), Lemuria was not: Atlantis first.
    assert!(
        ids[1].starts_with(&format!("{BASE_URL}atlantis/")),
        "{ids:?}"
    );
    let updated = xml_texts(&xml, "updated");
    assert_eq!(updated[0], "2021-03-04T00:00:00Z");
    let lemuria = std::fs::read_to_string(out.path().join("lemuria/feed.xml")).unwrap();
    assert_eq!(xml_texts(&lemuria, "entry").len(), 2);
    assert!(xml_texts(&lemuria, "title")[0].ends_with("Lemuria"));
    // Linked from the pages' head.
    let country = page(out.path(), BASE, "/dossiers/lemuria/");
    let feeds = country.hrefs("link[rel=alternate][type='application/atom+xml']");
    assert_eq!(feeds, ["/dossiers/feed.xml", "/dossiers/lemuria/feed.xml"]);
}

#[test]
fn json_data_follows_its_schema() {
    let (_root, out) = built_fixture();
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("data/recommendations.schema.json")).unwrap(),
    )
    .unwrap();
    let data: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("data/recommendations.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let records = data.as_array().unwrap();
    assert_eq!(records.len(), 4);
    let custody = records.iter().find(|r| r["reference"] == "8.1").unwrap();
    assert_eq!(custody["country"], "Lemuria");
    assert_eq!(custody["treaty"], "CAT");
    assert_eq!(custody["grade"], "N/A");
    assert_eq!(custody["articles"], serde_json::json!([2]));
    assert_eq!(
        custody["sources"],
        serde_json::json!(["https://un.example.org/report-2020"])
    );
    assert_eq!(
        custody["url"],
        format!("{BASE_URL}lemuria/p8-safeguards/01-custody/")
    );
    // The schema rejects what is not a record.
    assert!(!validator.is_valid(&serde_json::json!([{"country": "X"}])));
}

#[test]
fn csv_round_trips_commas_quotes_and_newlines() {
    let root = fixture_site();
    let tricky = "Repeal \"Article 5\", amend Article 6;\nthen report.";
    write(
        root.path(),
        "content/atlantis/p10-torture/c-third.md",
        rec(
            "A",
            tricky,
            "summary = \"Done, \\\"fully\\\".\"\n",
            "Body.\n",
        )
        .as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let read = |p: &str| {
        let mut r = csv::Reader::from_path(out.path().join(p)).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    };
    let (header, rows) = read("data/recommendations.csv");
    assert_eq!(
        header,
        [
            "country",
            "country_code",
            "treaty",
            "document",
            "paragraph",
            "reference",
            "articles",
            "grade",
            "grade_label",
            "recommendation",
            "summary",
            "assessed",
            "url",
            "sources",
            "unlinked_sources",
            "publisher"
        ]
    );
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let third = rows.iter().find(|r| r[5] == "10.3").unwrap();
    assert_eq!(third[9], tricky);
    assert_eq!(third[10], "Done, \"fully\".");
    assert_eq!(third[6], "2; 7");
    let (_, atlantis) = read("data/atlantis.csv");
    assert_eq!(atlantis.len(), 3);
    assert!(atlantis.iter().all(|r| r[0] == "Atlantis"));
    // Linked from the home and country pages.
    assert!(
        page(out.path(), BASE, BASE)
            .hrefs("main a")
            .contains(&"/dossiers/data/recommendations.csv".to_string())
    );
    assert!(
        page(out.path(), BASE, "/dossiers/atlantis/")
            .hrefs("main a")
            .contains(&"/dossiers/data/atlantis.csv".to_string())
    );
}

#[test]
fn the_search_bundle_is_published_and_can_be_turned_off() {
    let (root, out) = built_fixture_with_search();
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-entry.json",
        "search/index.html",
    ] {
        assert!(out.path().join(f).exists(), "{f}");
    }
    let search = page(out.path(), BASE, "/dossiers/search/");
    assert!(
        search
            .select("script[src='/dossiers/pagefind/pagefind-ui.js']")
            .len()
            == 1
    );
    write(root.path(), "followup.toml", FIXTURE_CONFIG.as_bytes());
    build(root.path(), out.path());
    assert!(!out.path().join("pagefind").exists() && !out.path().join("search").exists());
    assert!(
        !page(out.path(), BASE, BASE)
            .hrefs("a")
            .iter()
            .any(|h| h.contains("search"))
    );
}

#[test]
fn the_projects_own_pages_workflow_builds_with_the_pages_base_url() {
    let workflow =
        std::fs::read_to_string(sample_root().join(".github/workflows/pages.yml")).unwrap();
    assert!(workflow.contains("branches: [main]"));
    // The project's own action, building followup from this commit's source.
    assert!(workflow.contains("- uses: ./ "));
    assert!(workflow.contains("version: source"));
    assert!(workflow.contains("base-url: ${{ steps.pages.outputs.base_url }}"));
    assert!(
        workflow.contains("actions/upload-pages-artifact")
            && workflow.contains("actions/deploy-pages")
    );
}

/// `content/_index.md` gives the home page its heading and introduction,
/// in each language; a mistyped field is named with its fix.
#[test]
fn the_home_page_takes_its_heading_from_content_index() {
    let site = copy_sample();
    write(
        site.path(),
        "content/_index.md",
        b"+++\ntitle = \"Follow-up dossiers of our network\"\n+++\nAssessments by member NGOs.\n",
    );
    write(
        site.path(),
        "content/_index.ru.md",
        b"+++\ntitle = \"\xd0\x94\xd0\xbe\xd1\x81\xd1\x8c\xd0\xb5 \xd1\x81\xd0\xb5\xd1\x82\xd0\xb8\"\n+++\n",
    );
    let out = tempfile::tempdir().unwrap();
    let o = build(site.path(), out.path());
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let home = page(out.path(), "/", "/");
    assert_eq!(home.texts("h1"), ["Follow-up dossiers of our network"]);
    assert!(home.shows("Assessments by member NGOs."));
    let ru = page(out.path(), "/", "/ru/");
    assert_eq!(ru.texts("h1"), ["Досье сети"]);
    // A mistyped field is an error: did you mean `title`?
    write(
        site.path(),
        "content/_index.md",
        b"+++\ntitel = \"Dossiers\"\n+++\n",
    );
    let o = followup(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(
        stderr(&o)
            .contains("error: content/_index.md:2:1: unknown field `titel`: did you mean `title`?"),
        "{}",
        stderr(&o)
    );
}

/// `reference = "25(a)"`: the Committee's own number, shown wherever the
/// recommendation's number is: its page, its paragraph, the data, the feed.
#[test]
fn a_recommendation_can_carry_the_committees_own_number() {
    let site = copy_sample();
    let rec = "content/kazakhstan/p25-freedom-of-expression/01-journalists-and-defenders.md";
    edit(
        site.path(),
        rec,
        "grade = \"C\"",
        "grade = \"C\"\nreference = \"25(a)\"",
    );
    let out = tempfile::tempdir().unwrap();
    let o = build(site.path(), out.path());
    // The paragraph's other recommendations have none: each is warned of.
    let err = stderr(&o);
    assert!(
        err.lines()
            .filter(|l| l.starts_with("warning"))
            .all(|l| l.ends_with("has no `reference`, while others of its paragraph have one")),
        "{err}"
    );
    assert!(
        err.contains("readers would see 25.2 beside \"25(a)\""),
        "{err}"
    );
    let page = page(
        out.path(),
        "/",
        "/kazakhstan/p25-freedom-of-expression/01-journalists-and-defenders/",
    );
    assert!(page.shows("Recommendation 25(a)"), "{:?}", page.texts("h1"));
    assert!(!page.shows("Recommendation 25.1"));
    let paragraph = std::fs::read_to_string(
        out.path()
            .join("kazakhstan/p25-freedom-of-expression/index.html"),
    )
    .unwrap();
    assert!(paragraph.contains("25(a)"));
    let records = records(out.path());
    let refs: Vec<&str> = records
        .iter()
        .filter_map(|r| r["reference"].as_str())
        .collect();
    assert!(
        refs.contains(&"25(a)") && refs.contains(&"25.2"),
        "{refs:?}"
    );
    let csv = std::fs::read_to_string(out.path().join("data/recommendations.csv")).unwrap();
    assert!(csv.contains(",25(a),"), "{}", &csv[..300]);
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(feed.contains("25(a)"));
}

/// `draft = true` on a recommendation, a paragraph or a country: a build
/// leaves it out of everything; `check` says how many there are.
#[test]
fn drafts_are_left_out_of_a_build() {
    let site = copy_sample_with_search();
    let rec = "content/kazakhstan/p25-freedom-of-expression/03-harassment-and-intimidation.md";
    edit(site.path(), rec, "+++\n", "+++\ndraft = true\n");
    let para = "content/kazakhstan/p26-freedom-of-assembly/_index.md";
    edit(site.path(), para, "+++\n", "+++\ndraft = true\n");
    let out = tempfile::tempdir().unwrap();
    let o = build(site.path(), out.path());
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    // 11 recommendations, less the draft and the draft paragraph's two.
    let records = records(out.path());
    assert_eq!(records.len(), 8);
    assert!(
        !out.path()
            .join("kazakhstan/p25-freedom-of-expression/03-harassment-and-intimidation")
            .exists()
    );
    assert!(
        !out.path()
            .join("kazakhstan/p26-freedom-of-assembly")
            .exists()
    );
    for file in [
        "feed.xml",
        "sitemap.xml",
        "data/recommendations.csv",
        "kazakhstan/index.html",
        "grades/c/index.html",
        "sources/index.html",
    ] {
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert!(
            !text.contains("harassment-and-intimidation")
                && !text.contains("p26-freedom-of-assembly"),
            "{file}"
        );
    }
    let entry: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("pagefind/pagefind-entry.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 8, "{entry}");
    let check = followup(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(check.status.success());
    assert!(
        stderr(&check).contains(&format!(
            "info: 2 drafts, which a build leaves out: {rec}, {para}"
        )),
        "{}",
        stderr(&check)
    );
}

/// A source without an address (an interview, a letter) is in the data
/// too, in its footnote's words.
#[test]
fn sources_without_an_address_are_in_the_data() {
    let site = copy_sample();
    let rec = "content/kazakhstan/p26-freedom-of-assembly/02-restrictions.md";
    edit(
        site.path(),
        rec,
        "brought to Court.\n",
        "brought to Court.[^interview]\n",
    );
    let text = std::fs::read_to_string(site.path().join(rec)).unwrap()
        + "\n[^interview]: Interview with a lawyer in Almaty, 12 February 2022 (name withheld)\n";
    write(site.path(), rec, text.as_bytes());
    let out = tempfile::tempdir().unwrap();
    let o = build(site.path(), out.path());
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let records = records(out.path());
    let record = records.iter().find(|r| r["reference"] == "26.2").unwrap();
    assert_eq!(
        record["unlinked_sources"],
        serde_json::json!(["Interview with a lawyer in Almaty, 12 February 2022 (name withheld)"])
    );
    let mut csv = csv::Reader::from_path(out.path().join("data/recommendations.csv")).unwrap();
    let last = csv
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "unlinked_sources")
        .unwrap();
    let row = csv
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[5] == "26.2")
        .unwrap();
    assert_eq!(
        &row[last],
        "Interview with a lawyer in Almaty, 12 February 2022 (name withheld)"
    );
}

/// `[publisher]` in followup.toml: its logo and name in the header, its
/// name, address and email in the footer, the feeds' author, the data.
#[test]
fn the_publisher_is_shown_in_the_pages_feeds_and_data() {
    let site = copy_sample();
    edit(
        site.path(),
        "followup.toml",
        "default_treaty = \"ICCPR\"\n",
        "default_treaty = \"ICCPR\"\n\n[publisher]\nname = \"Network of NGOs\"\nurl = \"https://ngo.example.org/\"\nemail = \"dossiers@ngo.example.org\"\nlogo = \"logo.svg\"\n",
    );
    // Without its image, the logo is refused with where to put it.
    let o = followup(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("error: followup.toml: the publisher's logo content/logo.svg does not exist"),
        "{}",
        stderr(&o)
    );
    write(
        site.path(),
        "content/logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"/>",
    );
    let out = tempfile::tempdir().unwrap();
    let o = build(site.path(), out.path());
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    assert!(out.path().join("logo.svg").exists());
    let home = page(out.path(), "/", "/kazakhstan/");
    assert!(
        home.select("header img[src=\"/logo.svg\"][alt=\"Network of NGOs\"]")
            .len()
            == 1
    );
    assert!(home.shows("Published by Network of NGOs"));
    assert!(
        home.hrefs("footer a")
            .contains(&"mailto:dossiers@ngo.example.org".to_string())
    );
    let ru = page(out.path(), "/", "/ru/kazakhstan/");
    assert!(ru.select("header img[src=\"/logo.svg\"]").len() == 1);
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(
        feed.contains("<author><name>Network of NGOs</name><uri>https://ngo.example.org/</uri><email>dossiers@ngo.example.org</email></author>"),
        "{feed}"
    );
    let records = records(out.path());
    assert!(records.iter().all(|r| r["publisher"] == "Network of NGOs"));
}
