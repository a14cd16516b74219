//! Small dossiers of the tests' own: two countries, two treaties, BOM and
//! CRLF files, explicit `order`, a source cited from two countries, a site
//! published under a sub-path.

use crate::common;
use common::*;

const BASE: &str = "/dossiers/";

fn fixture() -> tempfile::TempDir {
    fixture_site()
}

#[test]
fn every_link_stays_under_the_sub_path_and_resolves() {
    let (_root, out) = built_fixture();
    let (problems, reachable) = check_links(out.path(), BASE);
    assert!(problems.is_empty(), "{problems:#?}");
    for rec in FIXTURE_RECOMMENDATIONS {
        assert!(reachable.contains(rec), "{rec} not reachable");
    }
    let home = page(out.path(), BASE, BASE);
    assert_eq!(
        home.hrefs("link[rel=stylesheet]"),
        ["/dossiers/assets/style.css"]
    );
    // The 404 page links work from any depth: they are absolute under the base path.
    let missing = page(out.path(), BASE, "/dossiers/404.html");
    assert!(missing.hrefs("main a").iter().all(|h| h.starts_with(BASE)));
}

#[test]
fn same_article_number_of_two_treaties_has_two_pages() {
    let (_root, out) = built_fixture();
    let iccpr2 = page(out.path(), BASE, "/dossiers/articles/iccpr/2/");
    let cat2 = page(out.path(), BASE, "/dossiers/articles/cat/2/");
    assert_eq!(listed_references(&iccpr2), ["10.1", "10.2"]);
    assert_eq!(iccpr2.texts("main h2"), ["Atlantis"]);
    assert_eq!(listed_references(&cat2), ["8.1", "8.2"]);
    assert_eq!(cat2.texts("main h2"), ["Lemuria"]);
    assert!(cat2.shows("CAT article 2: Prevention of torture"));
    assert!(iccpr2.shows("ICCPR article 2"));
    // ICCPR article 7 comes from the built-in titles.
    let iccpr7 = page(out.path(), BASE, "/dossiers/articles/iccpr/7/");
    assert!(iccpr7.shows("Prohibition of torture"), "{}", iccpr7.text);
    assert!(
        !out.path().join("articles/cat/16").exists(),
        "articles without recommendations get no page"
    );
}

#[test]
fn order_field_wins_over_file_names() {
    let (_root, out) = built_fixture();
    let p = page(out.path(), BASE, "/dossiers/atlantis/p10-torture/");
    assert_eq!(
        p.texts("article.recommendation h2"),
        ["Recommendation 10.1", "Recommendation 10.2"]
    );
    assert!(p.texts("blockquote.committee")[0].contains("legislate"));
    let first = page(out.path(), BASE, "/dossiers/atlantis/p10-torture/z-first/");
    assert_eq!(
        first.hrefs(".pager a"),
        ["/dossiers/atlantis/p10-torture/a-second/"]
    );
}

#[test]
fn bom_and_crlf_files_build_like_any_other() {
    let (_root, out) = built_fixture();
    let p = page(
        out.path(),
        BASE,
        "/dossiers/lemuria/p8-safeguards/02-training/",
    );
    assert_eq!(p.texts(".facts .grade"), ["B2"]);
    assert_eq!(p.texts(".summary"), ["Training began."]);
    assert_eq!(p.texts(".body h2"), ["Action taken by the State"]);
    assert_eq!(
        p.hrefs(".footnotes a:not(.footnote-backref)"),
        ["https://gov.example.org/train"]
    );
}

#[test]
fn a_source_cited_by_two_countries_is_listed_once() {
    let (_root, out) = built_fixture();
    let p = page(out.path(), BASE, "/dossiers/sources/");
    let urls = p.hrefs("a.source-url");
    assert_eq!(
        urls,
        [
            "https://gov.example.org/train",
            "https://un.example.org/report-2020"
        ]
    );
    assert_eq!(
        p.texts(".cited-by")[1],
        "Cited by: Atlantis 10.2 (B2), Lemuria 8.1 (N/A)"
    );
    // A footnote without a link is still a source, listed without a link.
    assert!(
        p.texts(".source-note")
            .contains(&"Interview with a lawyer, 2021".to_string())
    );
    assert_eq!(p.select("ol.sources > li").len(), 3);
}

#[test]
fn grade_pages_group_by_country() {
    let (_root, out) = built_fixture();
    let b2 = page(out.path(), BASE, "/dossiers/grades/b2/");
    assert_eq!(b2.texts("main h2"), ["Atlantis", "Lemuria"]);
    assert_eq!(listed_references(&b2), ["10.2", "8.2"]);
    let na = page(out.path(), BASE, "/dossiers/grades/n-a/");
    assert_eq!(listed_references(&na), ["8.1"]);
    let a = page(out.path(), BASE, "/dossiers/grades/a/");
    assert!(a.shows("The State did what was asked."));
}

#[test]
fn base_url_flag_moves_the_site() {
    let root = fixture();
    let out = tempfile::tempdir().unwrap();
    let o = followup(&[
        "build",
        "--root",
        root.path().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
        "--base-url",
        "https://org.github.io/other",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (problems, _) = check_links(out.path(), "/other/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn author_text_is_escaped_and_raw_html_dropped() {
    let root = fixture();
    write(
        root.path(),
        "content/atlantis/p10-torture/c-third.md",
        rec(
            "A",
            "Use <script>alert(1)</script> & \"quotes\"",
            "",
            "<script>alert(2)</script>\n\nText with <b>bold</b>.\n",
        )
        .as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let html = std::fs::read_to_string(out.path().join("atlantis/p10-torture/c-third/index.html"))
        .unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("Use &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
    assert!(!html.contains("<b>bold</b>"));
}

#[test]
fn rebuilds_remove_deleted_pages_and_keep_the_publishers_files() {
    let (root, out) = built_fixture();
    write(out.path(), "CNAME", b"dossiers.example.org");
    write(out.path(), ".git/HEAD", b"ref: refs/heads/gh-pages");
    let page_file = out.path().join("atlantis/p10-torture/a-second/index.html");
    assert!(page_file.exists());

    std::fs::remove_file(root.path().join("content/atlantis/p10-torture/a-second.md")).unwrap();
    let o = build(root.path(), out.path());
    assert!(!stdout(&o).contains(" 0 removed"), "{}", stdout(&o));
    assert!(!page_file.exists());
    assert!(!out.path().join("atlantis/p10-torture/a-second").exists());
    let b2 = page(out.path(), BASE, "/dossiers/grades/b2/");
    assert_eq!(listed_references(&b2), ["8.2"]);
    assert_eq!(
        std::fs::read(out.path().join("CNAME")).unwrap(),
        b"dossiers.example.org"
    );
    assert!(out.path().join(".git/HEAD").exists());
}

#[test]
fn a_failed_build_leaves_the_output_byte_for_byte() {
    let (root, out) = built_fixture();
    write(out.path(), "notes.txt", b"mine");
    let before = tree(out.path());

    write(
        root.path(),
        "content/atlantis/p10-torture/a-second.md",
        rec("Q", "x", "", "y\n").as_bytes(),
    );
    let o = try_build(root.path(), out.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error: content/atlantis/p10-torture/a-second.md:2:9: grade \"Q\" is not in the grade scale"), "{err}");
    assert!(
        err.contains("help: use one of the grades in followup.toml: A, B2, N/A"),
        "{err}"
    );
    assert!(err.contains("Nothing was written"), "{err}");
    assert!(tree(out.path()) == before, "the output changed");
}

#[test]
fn output_folder_that_holds_the_sources_is_refused() {
    let root = fixture();
    let before = tree(root.path());
    for output in [root.path().to_path_buf(), root.path().join("content/out")] {
        let o = followup(&[
            "build",
            "--root",
            root.path().to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{output:?}");
        assert!(
            stderr(&o).contains("choose another --output"),
            "{}",
            stderr(&o)
        );
    }
    assert!(
        tree(root.path()) == before,
        "nothing was written into the sources"
    );
}

#[test]
fn a_site_template_overrides_only_that_template() {
    let root = fixture();
    write(
        root.path(),
        "themes/default/templates/grade.html",
        b"{% extends \"base.html\" %}{% block main %}<h1>Custom grade page for {{ grade.code }}</h1>{% endblock %}",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let g = page(out.path(), BASE, "/dossiers/grades/a/");
    assert_eq!(g.texts("h1"), ["Custom grade page for A"]);
    // Other pages still use the built-in templates.
    let home = page(out.path(), BASE, BASE);
    assert_eq!(home.texts("h1"), ["Fixture follow-up"]);
}

#[test]
fn a_site_without_themes_folder_builds_with_the_embedded_theme() {
    let root = fixture();
    assert!(!root.path().join("themes").exists());
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let css = std::fs::read_to_string(out.path().join("assets/style.css")).unwrap();
    assert!(css.contains(".grade"));
}

#[test]
fn a_broken_site_template_is_named_with_its_line() {
    let root = fixture();
    write(
        root.path(),
        "themes/default/templates/grade.html",
        b"{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ grade.code | nofilter }}</h1>\n{% endblock %}\n",
    );
    let out = tempfile::tempdir().unwrap();
    let o = try_build(root.path(), out.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "error: themes/default/templates/grade.html:3:21: template error: unknown filter"
        ),
        "{err}"
    );
    assert!(tree(out.path()).is_empty(), "nothing is written");
}

/// Pages are written as they are rendered; a template that fails on one
/// page only, late in the build, must still leave the last good site whole:
/// no page replaced, no new page left behind, no stale page removed.
#[test]
fn a_template_failing_on_one_page_leaves_the_last_good_site_whole() {
    let root = fixture();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let before = tree(out.path());

    // Changes that replace pages, add pages and remove pages...
    write(
        root.path(),
        "content/atlantis/p10-torture/a-second.md",
        rec(
            "B2",
            "Atlantis should investigate at once.",
            "order = 2\n",
            "Changed.\n",
        )
        .as_bytes(),
    );
    write(
        root.path(),
        "content/atlantis/p10-torture/new-one.md",
        rec(
            "A",
            "Atlantis should publish data.",
            "order = 3\n",
            "New.\n",
        )
        .as_bytes(),
    );
    std::fs::remove_file(
        root.path()
            .join("content/lemuria/p8-safeguards/01-custody.md"),
    )
    .unwrap();
    // ...and a recommendation page that breaks for one recommendation only.
    let template = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/recommendation.html"),
    )
    .unwrap()
    .replace(
            "{% block main %}",
            "{% block main %}{% if recommendation.text is containing(\"publish data\") %}{{ 1 / 0 }}{% endif %}",
        );
    write(
        root.path(),
        "themes/default/templates/recommendation.html",
        template.as_bytes(),
    );
    let o = try_build(root.path(), out.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("templates/recommendation.html"),
        "{}",
        stderr(&o)
    );
    let after = tree(out.path());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "the same files, no temporary file left"
    );
    assert!(after == before, "every file byte for byte as it was");
}

/// A long grade or article list is cut into pages a phone can open: each
/// recommendation on exactly one of them, in order, every page linked from
/// the others, and a bad page size named in followup.toml.
#[test]
fn long_lists_go_on_several_linked_pages() {
    let root = fixture();
    let config = std::fs::read_to_string(root.path().join("followup.toml")).unwrap();
    write(
        root.path(),
        "followup.toml",
        format!("per_page = 1\n{config}").as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let (problems, _) = check_links(out.path(), BASE);
    assert!(problems.is_empty(), "{problems:#?}");

    // B2 has two recommendations: 10.2 (Atlantis) and 8.2 (Lemuria).
    let first = page(out.path(), BASE, "/dossiers/grades/b2/");
    let second = page(out.path(), BASE, "/dossiers/grades/b2/page/2/");
    assert_eq!(listed_references(&first), ["10.2"]);
    assert_eq!(listed_references(&second), ["8.2"]);
    assert!(first.shows("Recommendations 1–1 of 2"));
    assert!(second.shows("Recommendations 2–2 of 2"));
    assert_eq!(
        first.hrefs("nav.pagination a[rel=next]"),
        ["/dossiers/grades/b2/page/2/"]
    );
    assert_eq!(
        second.hrefs("nav.pagination a[rel=prev]"),
        ["/dossiers/grades/b2/"]
    );
    assert_eq!(second.texts("nav.pagination a[aria-current=page]"), ["2"]);
    assert!(!out.path().join("grades/b2/page/3").exists());
    // A country whose recommendations do not fit on one page has no full report.
    assert!(!out.path().join("lemuria/report.html").exists());
    let lemuria = page(out.path(), BASE, "/dossiers/lemuria/");
    assert!(lemuria.hrefs(".report-link a").is_empty());
    // The counts and charts still speak of the whole grade.
    assert!(
        second.shows("2 recommendations"),
        "{:?}",
        second.texts("main p")
    );

    write(
        root.path(),
        "followup.toml",
        format!("per_page = 0\n{config}").as_bytes(),
    );
    let o = try_build(root.path(), tempfile::tempdir().unwrap().path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error: followup.toml:1:1: per_page is 0"),
        "{}",
        stderr(&o)
    );
}

/// A country's whole dossier on one page, for reading through or printing:
/// every paragraph's concern and every recommendation in full, in order,
/// with its footnotes, linked from the country page.
#[test]
fn a_country_report_holds_the_whole_dossier_with_its_footnotes() {
    let (_root, out) = built_fixture();
    let country = page(out.path(), BASE, "/dossiers/lemuria/");
    assert!(
        country
            .hrefs(".report-link a")
            .contains(&"/dossiers/lemuria/report.html".to_string())
    );
    let report = page(out.path(), BASE, "/dossiers/lemuria/report.html");
    assert_eq!(
        report.texts("article.recommendation h3"),
        ["Recommendation 8.1", "Recommendation 8.2"]
    );
    assert!(report.shows("Concern about safeguards."));
    assert!(report.shows("Lemuria should register detainees."));
    assert!(report.shows("Courses were held"));
    // Footnotes of both recommendations, their anchors unique on the page.
    let ids = report.ids();
    let footnotes: Vec<&String> = ids.iter().filter(|i| i.starts_with("fn-")).collect();
    assert_eq!(footnotes.len(), 3, "{ids:?}");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
    assert!(
        !report.shows("Atlantis should"),
        "only this country's recommendations"
    );
}

/// Two paragraphs of one country may each have a recommendation file of
/// the same name: on the country's report, where both stand on one page,
/// every id is still unique, and each footnote link leads to that
/// recommendation's own footnote, and back to its own reference.
#[test]
fn a_report_keeps_ids_unique_when_two_paragraphs_have_a_file_of_the_same_name() {
    let root = fixture();
    for (folder, number, grade, footnote) in [
        ("p07-x", 7, "A", "Evidence for paragraph seven."),
        ("p21-y", 21, "B2", "Evidence for paragraph twenty-one."),
    ] {
        write(
            root.path(),
            &format!("content/atlantis/{folder}/_index.md"),
            format!("+++\nparagraph = {number}\ntitle = \"Paragraph {number}\"\narticles = [2]\n+++\nA concern.\n").as_bytes(),
        );
        write(
            root.path(),
            &format!("content/atlantis/{folder}/09-same.md"),
            rec(
                grade,
                &format!("Atlantis should act on paragraph {number}."),
                "",
                &format!("Something was done[^1].\n\n[^1]: {footnote}\n"),
            )
            .as_bytes(),
        );
    }
    let out = tempfile::tempdir().unwrap();
    let o = try_build(root.path(), out.path());
    assert!(o.status.success(), "{}", stderr(&o));

    let html = std::fs::read_to_string(out.path().join("atlantis/report.html")).unwrap();
    let repeated = duplicate_ids(&html);
    assert!(
        repeated.is_empty(),
        "atlantis/report.html repeats ids (id → count): {repeated:?}"
    );

    let report = page(out.path(), BASE, "/dossiers/atlantis/report.html");
    // The first element with an id, as a browser's link finds it.
    let target = |href: &str| {
        let id = href.strip_prefix('#').unwrap();
        report
            .select("[id]")
            .into_iter()
            .find(|e| e.value().attr("id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id:?}"))
    };
    let within = |el: scraper::ElementRef<'_>, article: &scraper::ElementRef<'_>| {
        el.ancestors().any(|a| a.id() == article.id())
    };
    let refs = scraper::Selector::parse(".body a[href^='#']:not(.footnote-backref)").unwrap();
    let backrefs = scraper::Selector::parse(".body a.footnote-backref[href^='#']").unwrap();
    let mut checked = Vec::new();
    for article in report.select("article.recommendation") {
        let text: String = article.text().collect();
        let own = if text.contains("act on paragraph 7.") {
            "Evidence for paragraph seven."
        } else if text.contains("act on paragraph 21.") {
            "Evidence for paragraph twenty-one."
        } else {
            continue;
        };
        let links: Vec<_> = article.select(&refs).collect();
        assert_eq!(
            links.len(),
            1,
            "one footnote reference in {own:?}'s recommendation"
        );
        for link in links {
            let href = link.value().attr("href").unwrap();
            let note = target(href);
            let note_text: String = note.text().collect();
            assert!(
                note_text.contains(own) && within(note, &article),
                "the footnote link {href} of the recommendation citing {own:?} leads to {:?}",
                note_text.trim()
            );
        }
        for back in article.select(&backrefs) {
            let href = back.value().attr("href").unwrap();
            assert!(
                within(target(href), &article),
                "the back link {href} of {own:?} leads out of its recommendation"
            );
        }
        checked.push(own);
    }
    assert_eq!(checked.len(), 2, "both recommendations are on the report");
}
