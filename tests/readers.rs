//! What readers get from the default theme: labels in the site's language,
//! charts with their numbers in words, tables that are whole without
//! JavaScript, and pages that pass axe-core (WCAG 2.1 AA) in headless
//! Chromium at 1280 and 360 px, light and dark, and the Nu Html Checker.
//!
//! The browser and validator tests need Chromium and chromedriver (on PATH,
//! or `FOLLOWUP_CHROMIUM` and `FOLLOWUP_CHROMEDRIVER`), Java (on PATH, or
//! `JAVA`), and `npm ci --prefix tests/browser --ignore-scripts` (axe-core
//! and vnu-jar); `.ci/run` installs them all. Without them these tests show
//! as ignored, with the reason; with `FOLLOWUP_REQUIRE_ALL_TESTS=1` (as in
//! CI) they fail instead. Screenshots of every page type (at 1280 px,
//! 360 px, 360 px dark and in print) are written to `target/screenshots/`.
//! The target runs without the standard harness (`harness = false`): `main`
//! lists its tests.

#[macro_use]
#[path = "common/chrome.rs"]
mod chrome;
#[path = "readers/citations.rs"]
mod citations;
mod common;
#[path = "readers/metadata.rs"]
mod metadata;
#[path = "readers/word.rs"]
mod word;
use chrome::*;
use citations::*;
use common::history_site;
use common::*;
use metadata::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use word::*;

const BASE: &str = "/dossiers/";

fn main() -> std::process::ExitCode {
    chrome::run(vec![
        trial!(a_russian_site_has_russian_labels_plurals_and_dates),
        trial!(a_strings_table_replaces_single_labels),
        trial!(an_unknown_language_or_label_is_an_error_naming_the_line),
        trial!(the_home_matrix_counts_each_country_by_grade),
        trial!(charts_are_named_images_drawn_to_scale_with_the_numbers_in_words),
        trial!(tables_are_whole_without_javascript_and_scroll_in_a_labelled_frame),
        trial!(
            every_page_type_is_valid_html,
            needs & [Tool::Java, Tool::Vnu]
        ),
        trial!(
            async every_page_type_passes_axe_at_1280_and_360_px_light_and_dark,
            needs &[Tool::Chromium, Tool::Chromedriver, Tool::Axe]
        ),
        trial!(async tables_sort_by_a_column_and_filter_by_words, needs BROWSER),
        trial!(
            the_calendar_of_deadlines_reads_in_a_calendar_library,
            needs & [Tool::Icalendar]
        ),
        trial!(
            the_data_package_is_valid_for_frictionless,
            needs & [Tool::Frictionless]
        ),
        trial!(
            metadata_reads_in_extruct_in_english_russian_and_arabic,
            needs & [Tool::Extruct]
        ),
        trial!(
            citations_read_in_citeproc_and_bibtexparser,
            needs & [Tool::Citations]
        ),
        trial!(link_preview_images_decode_in_pillow, needs & [Tool::Pillow]),
        trial!(
            the_word_export_reads_in_python_docx,
            needs & [Tool::PythonDocx]
        ),
        trial!(
            the_word_export_converts_to_pdf_in_libreoffice,
            needs & [Tool::LibreOffice]
        ),
        trial!(
            the_word_export_reads_in_pandoc_with_its_tables_and_footnotes,
            needs & [Tool::Pandoc]
        ),
    ])
}

/// The sample with `extra_top` added to the top of its settings and
/// `extra_end` at their end. A sample whose main language is changed
/// (`language = ...` in `extra_top`) leaves out its other languages.
fn with_settings(extra_top: &str, extra_end: &str) -> tempfile::TempDir {
    let site = copy_sample_with_search();
    let path = site.path().join("followup.toml");
    if extra_top.contains("language = ") {
        without_translations(site.path());
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "default_treaty = \"ICCPR\"\n",
        &format!("default_treaty = \"ICCPR\"\n{extra_top}"),
        1,
    );
    std::fs::write(&path, format!("{text}{extra_end}")).unwrap();
    site
}

fn russian_sample() -> tempfile::TempDir {
    with_settings("language = \"ru\"\n", "")
}

/// The sample with grade and article lists four to a page, so that the
/// page types include a second page of a list (`per_page`).
fn paged(language: &str) -> tempfile::TempDir {
    with_settings(&format!("language = \"{language}\"\nper_page = 4\n"), "")
}

fn a_russian_site_has_russian_labels_plurals_and_dates() {
    let site = russian_sample();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path());
    let home = page(out.path(), "/", "/");
    assert_eq!(home.select("html")[0].value().attr("lang"), Some("ru"));
    assert_eq!(
        home.texts(".site-header nav a"),
        ["Досье", "Статьи", "Оценки", "Источники", "Поиск"]
    );
    assert_eq!(home.texts(".skip"), ["Перейти к содержанию"]);
    assert!(home.shows("11 рекомендаций"), "{}", home.text);

    let country = page(out.path(), "/", "/kazakhstan/");
    assert_eq!(
        country.texts(".facts dd")[2..],
        [
            "26 июля 2011 г.",
            "Раунд 1 (Ответ государства: CCPR/C/KAZ/CO/1/Add.1)",
            "11 в 4 пунктах"
        ]
    );
    assert_eq!(
        country.texts("h2")[..2],
        [
            "Процедура последующей деятельности",
            "Пункт 7: National human rights institution"
        ]
    );

    let grade = page(out.path(), "/", "/grades/c/");
    assert!(
        grade.shows("8 рекомендаций с этой оценкой."),
        "{}",
        grade.text
    );
    let b2 = page(out.path(), "/", "/grades/b2/");
    assert!(b2.shows("2 рекомендации с этой оценкой."), "{}", b2.text);
    let na = page(out.path(), "/", "/grades/n-a/");
    assert!(na.shows("1 рекомендация с этой оценкой."), "{}", na.text);

    let rec = page(
        out.path(),
        "/",
        "/kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges/",
    );
    assert_eq!(
        rec.texts(".breadcrumbs li"),
        ["Главная", "Kazakhstan", "Пункт 21", "Рекомендация 21.1"]
    );
    assert_eq!(
        rec.texts("title"),
        [
            "Kazakhstan · Рекомендация 21.1 · Follow-up to the Human Rights Committee: NGO assessments"
        ]
    );
    let missing = page(out.path(), "/", "/404.html");
    assert_eq!(missing.texts("h1"), ["Страница не найдена"]);
}

fn a_strings_table_replaces_single_labels() {
    let site = with_settings(
        "",
        "\n[strings]\nhome = \"Start\"\nsources = \"Evidence \\\"cited\\\"\"\n",
    );
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path());
    let rec = page(
        out.path(),
        "/",
        "/kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges/",
    );
    assert_eq!(rec.texts(".breadcrumbs li")[0], "Start");
    assert!(
        rec.texts(".site-header nav a")
            .contains(&"Evidence \"cited\"".to_string())
    );
    // The footnotes' heading is drawn by the stylesheet from this label, as
    // a CSS string inside an HTML attribute.
    assert_eq!(
        rec.select("body")[0].value().attr("style"),
        Some(r#"--label-sources: "Evidence \"cited\"""#)
    );
    // The other labels stay English.
    assert_eq!(rec.texts(".facts dt")[0], "Country");
}

fn an_unknown_language_or_label_is_an_error_naming_the_line() {
    let site = with_settings("language = \"de\"\n", "\n[strings]\nhoem = \"Start\"\n");
    let out = tempfile::tempdir().unwrap();
    let o = try_build(site.path(), out.path());
    assert!(!o.status.success());
    let err = stderr(&o);
    let text = std::fs::read_to_string(site.path().join("followup.toml")).unwrap();
    let line = |prefix: &str| 1 + text.lines().position(|l| l.starts_with(prefix)).unwrap();
    assert!(
        err.contains(&format!(
            "error: followup.toml:{}:1: language \"de\" is not one the theme speaks",
            line("language")
        )),
        "{err}"
    );
    assert!(
        err.contains("help: use one of ar, en, es, fr, ru, zh"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: followup.toml:{}:1: [strings] has no label called \"hoem\"",
            line("hoem")
        )),
        "{err}"
    );
    assert!(err.contains("did you mean \"home\"?"), "{err}");
}

fn the_home_matrix_counts_each_country_by_grade() {
    let (_root, out) = built_fixture_with_search();
    let home = page(out.path(), BASE, BASE);
    assert_eq!(
        home.texts("table.matrix thead th"),
        ["Country", "A", "B2", "N/A", "Total"]
    );
    let rows: Vec<Vec<String>> = home
        .select("table.matrix tbody tr, table.matrix tfoot tr")
        .iter()
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            ["Atlantis", "1", "1", "0", "2"],
            ["Lemuria", "0", "1", "1", "2"],
            ["Total", "1", "2", "1", "4"],
        ]
    );
    // Countries and counts lead to their pages.
    assert_eq!(
        home.hrefs("table.matrix tbody a"),
        [
            "/dossiers/atlantis/",
            "/dossiers/grades/a/",
            "/dossiers/grades/b2/",
            "/dossiers/lemuria/",
            "/dossiers/grades/b2/",
            "/dossiers/grades/n-a/"
        ]
    );
}

/// The widths of a chart's bars, by grade code, in the order drawn.
fn segments(svg: &scraper::ElementRef<'_>) -> Vec<(String, String)> {
    let rect = scraper::Selector::parse("rect.seg").unwrap();
    let label = scraper::Selector::parse("text.seg-label").unwrap();
    let widths: Vec<String> = svg
        .select(&rect)
        .map(|r| r.value().attr("width").unwrap().to_string())
        .collect();
    let codes: Vec<String> = svg.select(&label).map(|t| t.text().collect()).collect();
    codes.into_iter().zip(widths).collect()
}

fn charts_are_named_images_drawn_to_scale_with_the_numbers_in_words() {
    let (_root, out) = built_fixture_with_search();
    let home = page(out.path(), BASE, BASE);
    let charts = home.select("svg.chart");
    assert_eq!(charts.len(), 2, "by country, and the whole site");
    let by_country = &charts[0];
    assert_eq!(by_country.value().attr("role"), Some("img"));
    let title_id = by_country.value().attr("aria-labelledby").unwrap();
    assert_eq!(
        home.texts(&format!("title#{title_id}")),
        [
            "Grades by country: Atlantis, 2 recommendations, A 1, B2 1; Lemuria, 2 recommendations, B2 1, N/A 1"
        ]
    );
    // Both countries have 2 of the longest bar's 2: each grade is half of it.
    assert_eq!(
        segments(by_country),
        [
            ("A".into(), "50.0%".into()),
            ("B2".into(), "50.0%".into()),
            ("B2".into(), "50.0%".into()),
            ("N/A".into(), "50.0%".into())
        ]
    );
    let whole = &charts[1];
    assert_eq!(
        whole.value().attr("aria-label"),
        Some("4 recommendations: A 1, B2 2, N/A 1")
    );
    assert_eq!(
        segments(whole),
        [
            ("A".into(), "25.0%".into()),
            ("B2".into(), "50.0%".into()),
            ("N/A".into(), "25.0%".into())
        ]
    );
    assert!(
        home.shows("A 1 (25%) B2 2 (50%) N/A 1 (25%)"),
        "{}",
        home.text
    );

    // The grade page draws its countries; its text says the same.
    let b2 = page(out.path(), BASE, "/dossiers/grades/b2/");
    assert_eq!(b2.select("svg.chart[role=img]").len(), 1);
    assert_eq!(b2.texts("ul.by-country li"), ["Atlantis 1", "Lemuria 1"]);

    // The articles page: bars and a table per treaty.
    let articles = page(out.path(), BASE, "/dossiers/articles/");
    assert_eq!(articles.select("svg.chart[role=img]").len(), 2);
    assert_eq!(articles.select("table.matrix").len(), 2);
    assert_eq!(
        articles.texts("table.matrix tbody th"),
        [
            "Article 2: Prevention of torture",
            "Article 2: Implementation at the national level and right to an effective remedy",
            "Article 7: Prohibition of torture and cruel, inhuman or degrading treatment"
        ]
    );

    // Every chart on every page is a named image.
    for (rel, _) in tree(out.path()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let url = format!("{BASE}{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        let p = page(out.path(), BASE, &url);
        for svg in p.select("svg") {
            assert_eq!(svg.value().attr("role"), Some("img"), "{url}");
            let named = svg
                .value()
                .attr("aria-label")
                .is_some_and(|l| !l.is_empty())
                || svg
                    .value()
                    .attr("aria-labelledby")
                    .is_some_and(|id| !p.texts(&format!("[id='{id}']")).concat().is_empty());
            assert!(named, "{url}: a chart without a name");
        }
    }
}

fn tables_are_whole_without_javascript_and_scroll_in_a_labelled_frame() {
    let out = tempfile::tempdir().unwrap();
    build(&sample_root(), out.path());
    let grade = page(out.path(), "/", "/grades/c/");
    assert_eq!(
        listed_references(&grade),
        [
            "21.1", "21.2", "21.3", "25.1", "25.2", "25.3", "26.1", "26.2"
        ]
    );
    assert!(grade.select("tr[hidden]").is_empty());
    assert_eq!(
        grade.select("table.recommendations[data-sortable]").len(),
        1
    );
    // The script that sorts and filters is deferred, and only enhances.
    assert_eq!(
        grade.select("script[src='/assets/tables.js'][defer]").len(),
        1
    );
    assert!(out.path().join("assets/tables.js").is_file());
    for (rel, _) in tree(out.path()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let p = page(
            out.path(),
            "/",
            &format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel)),
        );
        for wrap in p.select(".table-wrap") {
            let v = wrap.value();
            assert_eq!(v.attr("tabindex"), Some("0"), "{rel}");
            assert_eq!(v.attr("role"), Some("group"), "{rel}");
            assert!(v.attr("aria-label").is_some_and(|l| !l.is_empty()), "{rel}");
        }
    }
}

// ---------------------------------------------------------------------------
// In the browser, and through the validator.

/// The pages that only a site with rounds and other assessors has (the
/// history fixture, at `/`), and those that show more there: its home,
/// country, recommendation and grades pages.
const HISTORY_PAGES: [(&str, &str); 6] = [
    ("history-home", ""),
    ("history-country", "atlantis-2011/"),
    ("history-recommendation", "atlantis-2011/p10/02-worsened/"),
    ("history-grades", "grades/"),
    ("assessor-grade", "grades/committee/c2/"),
    ("progress", "progress/"),
];

/// Pages of the sample in its other languages (Russian, and Arabic, written
/// right to left, added by [`multilingual`]), at `/`: translated and not.
const LANGUAGE_PAGES: [(&str, &str); 10] = [
    ("ru-home", "ru/"),
    ("ru-country", "ru/kazakhstan/"),
    (
        "ru-translated",
        "ru/kazakhstan/p07-national-human-rights-institution/03-national-preventive-mechanism/",
    ),
    (
        "ru-untranslated",
        "ru/kazakhstan/p25-freedom-of-expression/",
    ),
    ("ar-home", "ar/"),
    (
        "ar-recommendation",
        "ar/kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges/",
    ),
    ("ar-grades", "ar/grades/"),
    ("ar-country", "ar/kazakhstan/"),
    ("ru-follow-up", "ru/follow-up/"),
    ("translations", "translations/"),
];

/// The sample in English, Russian and Arabic.
fn multilingual() -> tempfile::TempDir {
    with_settings(
        "",
        "\n[languages.ar]\ntitle = \"متابعة توصيات اللجنة المعنية بحقوق الإنسان\"\n",
    )
}

/// One page of each type of a built site: name → address under its base.
fn page_types(fixture: bool) -> Vec<(&'static str, &'static str)> {
    if fixture {
        vec![
            ("home", ""),
            ("country", "atlantis/"),
            ("report", "lemuria/report.html"),
            ("paragraph", "atlantis/p10-torture/"),
            ("recommendation", "lemuria/p8-safeguards/02-training/"),
            ("articles", "articles/"),
            ("article", "articles/cat/2/"),
            ("grades", "grades/"),
            ("grade", "grades/b2/"),
            ("sources", "sources/"),
            ("search", "search/"),
            ("404", "no/such/page/"),
        ]
    } else {
        vec![
            ("home", ""),
            ("country", "kazakhstan/"),
            ("report", "kazakhstan/report.html"),
            ("paragraph", "kazakhstan/p25-freedom-of-expression/"),
            (
                "recommendation",
                "kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges/",
            ),
            ("articles", "articles/"),
            ("article", "articles/iccpr/19/"),
            ("grades", "grades/"),
            ("grade", "grades/c/"),
            ("grade-page-2", "grades/c/page/2/"),
            ("sources", "sources/"),
            ("search", "search/"),
            ("follow-up", "follow-up/"),
            ("404", "no/such/page/"),
        ]
    }
}

/// The file of a page type's address in the output folder.
fn file_of(out: &Path, address: &str) -> PathBuf {
    if address.starts_with("no/") {
        out.join("404.html")
    } else if address.ends_with(".html") {
        out.join(address)
    } else {
        out.join(address).join("index.html")
    }
}

fn every_page_type_is_valid_html() {
    let java = Tool::Java.path();
    let sample = tempfile::tempdir().unwrap();
    let sample_site = paged("en");
    build(sample_site.path(), sample.path());
    let (_root, fixture) = built_fixture_with_search();
    let ru_site = paged("ru");
    let ru = tempfile::tempdir().unwrap();
    build(ru_site.path(), ru.path());
    let mut files = Vec::new();
    for (out, is_fixture) in [
        (sample.path(), false),
        (fixture.path(), true),
        (ru.path(), false),
    ] {
        for (_, address) in page_types(is_fixture) {
            files.push(file_of(out, address));
        }
    }
    let history = tempfile::tempdir().unwrap();
    let history_root = history_site::history_site();
    build(history_root.path(), history.path());
    for (_, address) in HISTORY_PAGES {
        files.push(file_of(history.path(), address));
    }
    let languages = tempfile::tempdir().unwrap();
    let languages_root = multilingual();
    build(languages_root.path(), languages.path());
    for (_, address) in LANGUAGE_PAGES {
        files.push(file_of(languages.path(), address));
    }
    let o = std::process::Command::new(java)
        .arg("-jar")
        .arg(Tool::Vnu.path())
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .unwrap();
    // The checker writes its report to standard error.
    let report: serde_json::Value = serde_json::from_slice(&o.stderr)
        .unwrap_or_else(|e| panic!("no report from vnu ({e}): {}", stderr(&o)));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}\n    {}",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors in {} pages:\n{}",
        errors.len(),
        files.len(),
        errors.join("\n")
    );
    // 14 page types of the sample (a list's second page, the full report
    // and the follow-up page among them), in English and Russian, 12 of
    // the fixture, 6 of the history fixture and 10 of the sample in three
    // languages.
    assert_eq!(files.len(), 14 + 14 + 12 + 6 + 10);
}

/// Where the screenshots go: `target/screenshots/` (or under CARGO_TARGET_DIR).
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| sample_root().join("target"));
    target.join("screenshots")
}

const AXE_RUN: &str = "const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
     targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.replace(/\\s+/g, ' ') : '')) }))))
  .catch(e => done([{ id: 'axe-error', help: String(e), targets: [] }]));";

async fn every_page_type_passes_axe_at_1280_and_360_px_light_and_dark() {
    let started = std::time::Instant::now();
    let axe = std::fs::read_to_string(Tool::Axe.path()).unwrap();
    let sample = tempfile::tempdir().unwrap();
    let sample_site = paged("en");
    build(sample_site.path(), sample.path());
    let (_root, fixture) = built_fixture_with_search();
    let history = tempfile::tempdir().unwrap();
    let history_root = history_site::history_site();
    build(history_root.path(), history.path());
    let languages = tempfile::tempdir().unwrap();
    let languages_root = multilingual();
    build(languages_root.path(), languages.path());
    let shots = screenshot_dir();
    std::fs::create_dir_all(&shots).unwrap();

    let (_driver, client) = browser().await;
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, out, base, is_fixture) in [
        ("sample", sample.path(), "/", Some(false)),
        ("fixture", fixture.path(), BASE, Some(true)),
        ("history", history.path(), "/", None),
        ("languages", languages.path(), "/", None),
    ] {
        let pages = Pages::start(out, base);
        let views = [
            View {
                width: 1280,
                dark: false,
                print: false,
            },
            View {
                width: 360,
                dark: false,
                print: false,
            },
            View {
                width: 1280,
                dark: true,
                print: false,
            },
            View {
                width: 360,
                dark: true,
                print: false,
            },
            View {
                width: 800,
                dark: false,
                print: true,
            },
        ];
        for view in views {
            emulate(&client, view).await;
            let types = match (is_fixture, name) {
                (Some(fixture), _) => page_types(fixture),
                (None, "history") => HISTORY_PAGES.to_vec(),
                (None, _) => LANGUAGE_PAGES.to_vec(),
            };
            for (kind, address) in types {
                let url = format!("http://127.0.0.1:{}{base}{address}", pages.port);
                client.goto(&url).await.unwrap();
                if kind == "search" {
                    wait_for(
                        &client,
                        "return !!document.querySelector('.pagefind-ui__search-input')",
                        "the search box",
                    )
                    .await;
                }
                let at = format!("{name} {kind} ({url}) at {}", view.name());
                if view.dark {
                    assert_eq!(
                        js(
                            &client,
                            "return getComputedStyle(document.body).backgroundColor"
                        )
                        .await,
                        json!("rgb(23, 25, 27)"),
                        "{at}: the dark scheme is not applied"
                    );
                }
                if !view.print {
                    // The page itself never scrolls sideways; wide tables scroll in their frame.
                    let fits = js(
                        &client,
                        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                    )
                    .await;
                    if fits != json!(true) {
                        problems.push(format!("{at}: the page is wider than the window"));
                    }
                    client
                        .execute(&format!("{axe}\nreturn true;"), vec![])
                        .await
                        .unwrap();
                    let violations = client.execute_async(AXE_RUN, vec![]).await.unwrap();
                    checked += 1;
                    for v in violations.as_array().unwrap() {
                        problems.push(format!(
                            "{at}: {} ({}): {}\n      {}",
                            v["id"].as_str().unwrap_or(""),
                            v["impact"].as_str().unwrap_or(""),
                            v["help"].as_str().unwrap_or(""),
                            v["targets"]
                                .as_array()
                                .map(|t| t
                                    .iter()
                                    .map(|x| x.as_str().unwrap_or("").to_string())
                                    .collect::<Vec<_>>()
                                    .join("\n      "))
                                .unwrap_or_default()
                        ));
                    }
                }
                if name != "fixture" && (view.width != 1280 || !view.dark) {
                    screenshot(&client, &shots.join(format!("{kind}-{}.png", view.name()))).await;
                }
            }
        }
    }
    client.close().await.unwrap();
    eprintln!(
        "axe checked {checked} page views in {:.0?}; screenshots in {}",
        started.elapsed(),
        shots.display()
    );
    assert_eq!(checked, (14 + 12 + 6 + 10) * 4);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

async fn tables_sort_by_a_column_and_filter_by_words() {
    let out = tempfile::tempdir().unwrap();
    build(&sample_root(), out.path());
    let pages = Pages::start(out.path(), "/");
    let (_driver, client) = browser().await;
    client
        .goto(&format!("http://127.0.0.1:{}/grades/c/", pages.port))
        .await
        .unwrap();
    let refs = "return Array.from(document.querySelectorAll('table.recommendations tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].innerText)";
    assert_eq!(
        js(&client, refs).await,
        json!([
            "21.1", "21.2", "21.3", "25.1", "25.2", "25.3", "26.1", "26.2"
        ])
    );
    // Sorting by the number column, twice: descending, as numbers (26 after 7, not before).
    let button = "document.querySelector('table.recommendations thead th:first-child button.sort')";
    js(
        &client,
        &format!("{button}.click(); {button}.click(); return null"),
    )
    .await;
    assert_eq!(
        js(&client, refs).await,
        json!([
            "26.2", "26.1", "25.3", "25.2", "25.1", "21.3", "21.2", "21.1"
        ])
    );
    assert_eq!(
        js(&client, "return document.querySelector('table.recommendations thead th:first-child').getAttribute('aria-sort')").await,
        json!("descending")
    );
    // Filtering by words of the rows, with the count said.
    let input = client
        .find(fantoccini::Locator::Css(".table-filter input"))
        .await
        .unwrap();
    input.send_keys("journalists").await.unwrap();
    wait_for(
        &client,
        "return document.querySelector('.filter-status').innerText.includes('of 8 rows shown')",
        "the filter's count",
    )
    .await;
    let shown = js(&client, refs).await;
    assert!(
        !shown.as_array().unwrap().is_empty() && shown.as_array().unwrap().len() < 8,
        "{shown}"
    );
    assert!(
        shown.as_array().unwrap().contains(&json!("25.1")),
        "{shown}"
    );
    client.close().await.unwrap();
}

/// `data/deadlines.ics` as a calendar program reads it: one all-day event
/// per pending deadline (Python's `icalendar` package, run on the file).
fn the_calendar_of_deadlines_reads_in_a_calendar_library() {
    let dossier = |name: &str, due: &str| {
        format!(
            "+++\ncountry = \"{name}\"\ndocument = \"CCPR/C/X/CO/1\"\nadopted = 2020-01-01\nreply_due = {due}\n+++\n"
        )
    };
    let oz = dossier("Oz, Land of", "2021-01-01");
    let mu = dossier("Mu", "2024-06-30");
    let root = site(&[
        ("followup.toml", FIXTURE_CONFIG),
        ("content/oz/_index.md", &oz),
        (
            "content/oz/p1/_index.md",
            "+++\nparagraph = 1\narticles = [2]\n+++\n",
        ),
        ("content/oz/p1/01-a.md", &rec("A", "Act.", "", "")),
        ("content/mu/_index.md", &mu),
        (
            "content/mu/p1/_index.md",
            "+++\nparagraph = 1\narticles = [2]\n+++\n",
        ),
        ("content/mu/p1/01-a.md", &rec("A", "Act.", "", "")),
    ]);
    let out = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(["build", "--root", root.path().to_str().unwrap(), "--output"])
        .arg(out.path())
        .env("SOURCE_DATE_EPOCH", "1704067200")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    const SCRIPT: &str = r#"
import sys, icalendar
with open(sys.argv[1], 'rb') as f:
    cal = icalendar.Calendar.from_ical(f.read())
for e in cal.walk('VEVENT'):
    assert not e.errors, e.errors
    print('|'.join([str(e['UID']), e.decoded('DTSTART').isoformat(), e.decoded('DTEND').isoformat(), str(e['SUMMARY']), str(e['URL'])]))
"#;
    let o = std::process::Command::new(Tool::Icalendar.path())
        .args(["-c", SCRIPT])
        .arg(out.path().join("data/deadlines.ics"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "icalendar refused the calendar: {}",
        stderr(&o)
    );
    assert_eq!(
        stdout(&o).lines().collect::<Vec<_>>(),
        [
            "oz-round-1@example.github.io|2021-01-01|2021-01-02|Follow-up reply due: Oz, Land of (CCPR/C/X/CO/1)|https://example.github.io/dossiers/oz/",
            "mu-round-1@example.github.io|2024-06-30|2024-07-01|Follow-up reply due: Mu (CCPR/C/X/CO/1)|https://example.github.io/dossiers/mu/",
        ]
    );
}

/// `frictionless validate data/datapackage.json` finds the package and
/// every data file it lists valid, its licence and each CSV's columns
/// included, in each language's data.
fn the_data_package_is_valid_for_frictionless() {
    let root = copy_sample();
    edit(
        root.path(),
        "followup.toml",
        "\nsearch = false\n",
        "\nsearch = false\nlicense = \"CC-BY-4.0\"\n",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    for package in ["data/datapackage.json", "ru/data/datapackage.json"] {
        let o = std::process::Command::new(Tool::Frictionless.path())
            .args(["-m", "frictionless", "validate", "--json"])
            .arg(out.path().join(package))
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{package}: {e}: {}{}", stdout(&o), stderr(&o)));
        assert_eq!(report["valid"], true, "{package}: {report:#}");
        assert!(o.status.success(), "{package}: {}", stderr(&o));
        // Every resource was read, not only the package's own fields.
        assert!(report["tasks"].as_array().unwrap().len() >= 6, "{report:#}");
    }
}
