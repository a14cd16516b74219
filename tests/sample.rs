//! The sample dossier (Kazakhstan, 2012) built by the real binary.

use crate::common;
use common::*;
use std::path::Path;

const REC_21_1: &str =
    "/kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges/";

fn built() -> &'static Path {
    built_sample()
}

#[test]
fn every_link_and_anchor_resolves_and_every_page_is_reachable() {
    let out = built();
    let (problems, reachable) = check_links(out, "/");
    assert!(problems.is_empty(), "{problems:#?}");
    let pages: Vec<String> = tree(out)
        .keys()
        .filter(|k| k.ends_with("index.html"))
        .map(|k| format!("/{}", k.strip_suffix("index.html").unwrap()))
        .collect();
    // 1 home + 1 country + 4 paragraphs + 11 recommendations + articles (1 + 4)
    // + grades (1 + 7) + sources + search + follow-up, in English and in
    // Russian, and the translations page.
    assert_eq!(pages.len(), 33 * 2 + 1, "{pages:#?}");
    for p in &pages {
        assert!(
            reachable.contains(p),
            "{p} is not reachable from the home page"
        );
    }
}

#[test]
fn grade_pages_list_exactly_their_recommendations() {
    let out = built();
    let grade = |slug: &str| listed_references(&page(out, "/", &format!("/grades/{slug}/")));
    assert_eq!(grade("b2"), ["7.1", "7.3"]);
    assert_eq!(grade("n-a"), ["7.2"]);
    assert_eq!(
        grade("c"),
        [
            "21.1", "21.2", "21.3", "25.1", "25.2", "25.3", "26.1", "26.2"
        ]
    );
    assert!(grade("a1").is_empty());
    let c = page(out, "/", "/grades/c/");
    assert!(
        c.shows("Grade C: No action taken by the State Party to implement the recommendation"),
        "{}",
        c.text
    );
    assert!(c.shows("8 recommendations with this grade"));
}

#[test]
fn article_pages_list_the_recommendations_of_their_paragraphs() {
    let out = built();
    let article = |n: u32| listed_references(&page(out, "/", &format!("/articles/iccpr/{n}/")));
    assert_eq!(article(2), ["7.1", "7.2", "7.3", "21.1", "21.2", "21.3"]);
    assert_eq!(article(14), ["21.1", "21.2", "21.3"]);
    assert_eq!(article(19), ["25.1", "25.2", "25.3"]);
    assert_eq!(article(21), ["26.1", "26.2"]);
    let a19 = page(out, "/", "/articles/iccpr/19/");
    assert!(a19.shows("ICCPR article 19: Freedom of opinion and expression"));
    let index = page(out, "/", "/articles/");
    let listed: Vec<String> = index
        .hrefs("main a")
        .into_iter()
        .filter(|h| h.starts_with("/articles/"))
        .collect();
    assert_eq!(
        listed,
        [
            "/articles/iccpr/2/",
            "/articles/iccpr/14/",
            "/articles/iccpr/19/",
            "/articles/iccpr/21/"
        ]
    );
}

#[test]
fn country_page_has_facts_summary_tables_and_grade_counts() {
    let out = built();
    let p = page(out, "/", "/kazakhstan/");
    assert_eq!(
        p.texts(".facts dt"),
        [
            "Treaty",
            "Concluding observations",
            "Adopted",
            "Rounds",
            "Recommendations"
        ]
    );
    assert_eq!(
        p.texts(".facts dd"),
        [
            "International Covenant on Civil and Political Rights (ICCPR)",
            "CCPR/C/KAZ/CO/1",
            "26 July 2011",
            "Round 1 (State's reply: CCPR/C/KAZ/CO/1/Add.1)",
            "11 in 4 paragraphs"
        ]
    );
    assert_eq!(
        p.texts("h2"),
        [
            "Follow-up procedure",
            "Paragraph 7: National human rights institution",
            "Paragraph 21: Independence of the judiciary",
            "Paragraph 25: Freedom of expression",
            "Paragraph 26: Freedom of assembly"
        ]
    );
    assert_eq!(p.select("table.recommendations").len(), 4);
    assert!(
        p.shows("B2 2 (18%)") && p.shows("C 8 (73%)") && p.shows("N/A 1 (9%)"),
        "{}",
        p.text
    );
    // The overview column carries the summary, as in the assessment's first table.
    assert!(p.shows("Not known"));
}

#[test]
fn recommendation_page_shows_grade_text_body_footnotes_and_neighbours() {
    let out = built();
    let p = page(out, "/", REC_21_1);
    assert_eq!(
        p.texts(".breadcrumbs li"),
        ["Home", "Kazakhstan", "Paragraph 21", "Recommendation 21.1"]
    );
    assert_eq!(p.texts(".facts .grade"), ["C"]);
    assert!(p.shows("No action taken by the State Party to implement the recommendation"));
    assert!(p.shows("Response not satisfactory"));
    assert!(p.shows("The State party should take steps to safeguard, in law and practice"));
    assert_eq!(
        p.texts(".body h2"),
        ["Action taken by the State", "Other comments"]
    );
    // Five footnotes, each with a back-reference to its citation.
    assert_eq!(p.select(".footnotes li").len(), 5);
    assert_eq!(p.select(".footnotes a.footnote-backref").len(), 5);
    assert_eq!(p.select("sup.footnote-ref a").len(), 5);
    assert_eq!(
        p.hrefs(".facts a.article"),
        ["/articles/iccpr/2/", "/articles/iccpr/14/"]
    );
    assert_eq!(p.hrefs(".facts a.grade"), ["/grades/c/"]);
    assert_eq!(
        p.hrefs(".pager a"),
        [
            "/kazakhstan/p07-national-human-rights-institution/03-national-preventive-mechanism/",
            "/kazakhstan/p21-independence-of-the-judiciary/02-interference-and-corruption/"
        ]
    );
}

#[test]
fn paragraph_page_keeps_footnote_anchors_unique() {
    let out = built();
    let p = page(out, "/", "/kazakhstan/p25-freedom-of-expression/");
    assert_eq!(p.select("article.recommendation").len(), 3);
    let ids = p.ids();
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // Two recommendations on this page have a footnote [^1].
    let first_notes: Vec<_> = ids
        .iter()
        .filter(|i| i.starts_with("fn-") && i.ends_with("-1"))
        .collect();
    assert_eq!(first_notes.len(), 2, "{ids:?}");
    assert!(p.shows("The Committee's concern"));
    assert!(p.shows("Law on the Leader of the Nation"));
}

#[test]
fn sources_are_listed_once_with_every_citing_recommendation() {
    let out = built();
    let p = page(out, "/", "/sources/");
    let hrw = "http://www.hrw.org/news/2012/11/15/kazakhstan-ensure-fair-hearing-opposition-leader";
    assert_eq!(
        p.hrefs("a.source-url").iter().filter(|h| *h == hrw).count(),
        1
    );
    let item = p
        .select("ol.sources > li")
        .into_iter()
        .find(|li| {
            li.select(&scraper::Selector::parse("a.source-url").unwrap())
                .any(|a| a.value().attr("href") == Some(hrw))
        })
        .unwrap();
    let cited: Vec<String> = item
        .select(&scraper::Selector::parse(".cited-by a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(cited.len(), 2, "{cited:?}");
    assert!(cited[0].starts_with(REC_21_1) && cited[0].contains("#fn-"));
    assert!(
        cited[1]
            .starts_with("/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/#fn-")
    );
    // bureau.kz n_id=4939 backs two footnotes of one recommendation: listed once, citing it once.
    let bureau = "http://www.bureau.kz/data.php?page=1&n_id=4939&l=ru";
    assert_eq!(
        p.hrefs("a.source-url")
            .iter()
            .filter(|h| *h == bureau)
            .count(),
        1
    );
    // The seed's 14 footnotes cite 12 distinct addresses.
    assert_eq!(p.select("ol.sources > li").len(), 12);
}

#[test]
fn home_page_shows_dossiers_distribution_and_ways_in() {
    let out = built();
    let p = page(out, "/", "/");
    assert_eq!(
        p.hrefs("table.dossiers tbody td:first-child a"),
        ["/kazakhstan/"]
    );
    assert!(p.shows("11 recommendations"));
    assert!(p.hrefs("a").contains(&"/articles/iccpr/19/".to_string()));
    assert!(p.hrefs("a").contains(&"/grades/n-a/".to_string()));
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built();
    let b = tempfile::tempdir().unwrap();
    build(&sample_root(), b.path());
    let (ta, tb) = (tree(a), tree(b.path()));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{k} differs between two builds");
    }
}
