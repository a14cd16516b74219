//! Sites that track the Committee's own follow-up: older concluding
//! observations that name no article per paragraph, and the Committee's
//! change of scale in 2016, read on the scale in force at each date.

use crate::common;
use common::history_site::history_site;
use common::*;

/// A paragraph without `articles` is on no article page, and `check`
/// says so once per dossier, as information that fails nothing.
#[test]
fn a_paragraph_without_articles_is_on_no_article_page_and_check_says_so_once() {
    let root = history_site();
    edit(
        root.path(),
        "content/atlantis-2011/p10/_index.md",
        "articles = [19]\n",
        "",
    );
    // With a licence, so that the paragraph is all `check` informs of.
    edit(
        root.path(),
        "followup.toml",
        "search = false\n",
        "search = false\nlicense = \"CC-BY-4.0\"\n",
    );
    let r = root.path().to_str().unwrap();
    for args in [
        &["check", "--root", r][..],
        &["check", "--strict", "--root", r],
    ] {
        let o = followup(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert_eq!(
            err.matches("info: content/atlantis-2011/_index.md").count(),
            1,
            "{err}"
        );
        assert!(
            err.contains(
                "paragraph 10 of this dossier names no `articles`: no article page lists them"
            ),
            "{err}"
        );
        assert!(err.contains("0 errors, 0 warnings, 1 info."), "{err}");
        // The other dossier's paragraph names its article: nothing said of it.
        assert!(!err.contains("atlantis-2016/_index.md"), "{err}");
    }
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let article = std::fs::read_to_string(out.path().join("articles/iccpr/19/index.html")).unwrap();
    assert!(!article.contains("Atlantis should free the press."));
    assert!(article.contains("Atlantis should keep the press free."));
    let paragraph = page(out.path(), "/", "/atlantis-2011/p10/");
    assert!(paragraph.hrefs("a.article").is_empty());
    let rec = page(out.path(), "/", "/atlantis-2011/p10/01-improved/");
    assert!(!rec.texts("dt").iter().any(|t| t == "Articles"));
    let country = page(out.path(), "/", "/atlantis-2011/");
    assert!(country.select("p.articles-line").is_empty());
}

const ONE_SCALE: &str = "scale = \"hrc-2013\"\n";
const BY_PERIOD: &str =
    "scales = [\n  { scale = \"hrc-2013\", until = 2016-11-04 },\n  { scale = \"hrc-2016\" },\n]\n";

/// The history site, with the Committee's scales by period, round 2
/// evaluated after the change, and a recommendation graded C1 in 2013 and
/// A (of the 2016 scale, dated by round 2's evaluation) after it.
fn rescaled_site() -> tempfile::TempDir {
    let root = history_site();
    edit(root.path(), "followup.toml", ONE_SCALE, BY_PERIOD);
    edit(
        root.path(),
        "content/atlantis-2011/_index.md",
        "reply = \"CCPR/C/ATL/CO/1/Add.2\"\n",
        "reply = \"CCPR/C/ATL/CO/1/Add.2\"\nevaluated = 2017-07-20\nevaluation = \"CCPR/C/120/2\"\n",
    );
    write(
        root.path(),
        "content/atlantis-2011/p10/05-rescaled.md",
        b"+++\ngrade = \"B\"\nrecommendation = \"Atlantis should open the prisons to visits.\"\n\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C1\"\ndate = 2013-03-28\n\n[[assessments]]\nround = 2\nby = \"committee\"\ngrade = \"A\"\n+++\nBody.\n",
    );
    root
}

/// Each grade is read on the scale in force at its date; the Committee is
/// one assessor with one trail across the change, compared by level.
#[test]
fn each_grade_is_read_on_the_scale_in_force_at_its_date() {
    let root = rescaled_site();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let rec = page(out.path(), "/", "/atlantis-2011/p10/05-rescaled/");
    let rows = rec.texts("table.history tbody tr");
    assert!(rows.iter().any(|r| r.contains("C1")), "{rows:#?}");
    assert!(
        rows.iter().any(|r| r.contains("A") && r.contains("2017")),
        "{rows:#?}"
    );
    // C1 (not satisfactory) in 2013, then A (satisfactory) in 2017: improved.
    let progress = page(out.path(), "/", "/progress/");
    assert_eq!(
        progress.texts("main h2"),
        [
            "Movement by Atlantis Watch",
            "Movement by Human Rights Committee"
        ]
    );
    assert!(
        progress
            .texts("ul.moved li a")
            .contains(&"Atlantis 10.5".to_string()),
        "{:?}",
        progress.texts("ul.moved li a")
    );
    // One set of grade pages for the Committee, named by scale.
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/committee/a-hrc-2016/")),
        ["10.5"]
    );
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/committee/a-hrc-2013/")),
        ["10.2"]
    );
    let grades = page(out.path(), "/", "/grades/");
    assert_eq!(
        grades
            .select("section[aria-labelledby=grades-committee]")
            .len(),
        1
    );
    let (problems, _) = check_links(out.path(), "/");
    assert!(problems.is_empty(), "{problems:#?}");
    // The open data says which scale each grade was read on.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("data/recommendations.json")).unwrap(),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("data/recommendations.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json));
    let rescaled = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "atlantis-2011/p10/05-rescaled")
        .unwrap();
    let scales: Vec<&serde_json::Value> = rescaled["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["scale"])
        .collect();
    assert_eq!(
        scales,
        [
            &serde_json::json!("hrc-2013"),
            &serde_json::json!(null),
            &serde_json::json!("hrc-2016")
        ]
    );
    let csv = std::fs::read_to_string(out.path().join("data/assessments.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().next_back(), Some("scale"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        rows.iter().any(|r| &r[0] == "atlantis-2011/p10/05-rescaled"
            && &r[7] == "A"
            && &r[17] == "hrc-2016")
    );
}

#[test]
fn each_mistake_in_scales_by_period_is_named_with_its_fix() {
    let closed = "scales = [\n  { scale = \"hrc-2013\", until = 2016-11-04 },\n  { scale = \"hrc-2016\", until = 2018-12-31 },\n]\n";
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "followup.toml",
            ONE_SCALE,
            "scale = \"hrc-2013\"\nscales = [{ scale = \"hrc-2013\" }]\n",
            &[
                "followup.toml:27:10: assessor \"committee\" has both `scale` and `scales`",
                "help: keep `scales`",
            ],
        ),
        (
            "followup.toml",
            ONE_SCALE,
            "scales = [\n  { scale = \"hrc-2013\", until = 2016-11-04 },\n  { scale = \"hrc-2016\", until = 2014-01-01 },\n  { scale = \"hrc-2016\" },\n]\n",
            &[
                "followup.toml:28:33: the periods of assessor \"committee\" are out of order: `until = 2014-01-01` comes after `until = 2016-11-04`",
                "help: list the periods from the oldest to the latest",
            ],
        ),
        (
            "followup.toml",
            ONE_SCALE,
            "scales = [\n  { scale = \"hrc-2013\", until = 2016-11-04 },\n  { scale = \"hrc-2016\", until = 2016-11-04 },\n  { scale = \"hrc-2016\" },\n]\n",
            &[
                "followup.toml:28:33: `until = 2016-11-04` is repeated in the scales of assessor \"committee\"",
                "help: each period ends on its own day",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            closed,
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C\"\ndate = 2019-03-01\n+++\n",
            &[
                "04-unchanged.md:8:8: the assessment by \"committee\" is dated 2019-03-01, after the end of its last scale (hrc-2016, until 2018-12-31)",
                "help: correct the date, or add the scale",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            BY_PERIOD,
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"B\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:7:9: grade \"B\" is not in the scale of \"committee\" (hrc-2013)",
                "help: use one of the grades of hrc-2013: A, B1, B2, C1, C2, D1, D2, E",
            ],
        ),
    ];
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"),
    )
    .unwrap();
    for (file, scales, text, expected) in cases {
        // Every message is in the authoring guide's table, with its fix.
        let message = expected[0].split_once(": ").unwrap().1;
        assert!(
            guide.contains(message),
            "the guide does not list {message:?}"
        );
        let root = history_site();
        if *file == "followup.toml" {
            edit(root.path(), file, ONE_SCALE, text);
        } else {
            edit(root.path(), "followup.toml", ONE_SCALE, scales);
            write(root.path(), file, text.as_bytes());
        }
        let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        for e in *expected {
            assert!(err.contains(e), "expected {e:?} in:\n{err}");
        }
    }
}

/// A grade dated by its round's evaluation is read on the scale in force
/// that day, and said wrong against it.
#[test]
fn a_grade_dated_by_its_rounds_evaluation_is_read_on_that_days_scale() {
    let root = rescaled_site();
    edit(
        root.path(),
        "content/atlantis-2011/p10/05-rescaled.md",
        "grade = \"A\"\n+++",
        "grade = \"B1\"\n+++",
    );
    let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let expected = "05-rescaled.md:14:9: grade \"B1\" is not in the scale of \"committee\" in force on 2017-07-20 (hrc-2016)";
    assert!(err.contains(expected), "{err}");
    assert!(
        err.contains("help: round 2 was evaluated on 2017-07-20: use one of the grades of hrc-2016: A, B, C, D, E"),
        "{err}"
    );
}

/// A site that tracks only the Committee: `headline = "committee"`, no
/// grades of its own, the Committee's change of scale in 2016, and
/// concluding observations that name no article.
fn committee_site() -> tempfile::TempDir {
    let config = format!(
        "title = \"Committee watch\"\nbase_url = \"https://example.org/\"\nsearch = false\nheadline = \"committee\"\n\n[assessors.committee]\nname = \"Human Rights Committee\"\n{BY_PERIOD}"
    );
    let committee = |round: u32, grade: &str| {
        format!("\n[[assessments]]\nround = {round}\nby = \"committee\"\ngrade = \"{grade}\"\n")
    };
    let rec = |text: &str, assessments: &str| {
        format!("+++\nrecommendation = \"{text}\"\n{assessments}+++\nBody.\n")
    };
    site(&[
        ("followup.toml", &config),
        (
            "content/atlantis/_index.md",
            "+++\ncountry = \"Atlantis\"\ndocument = \"CCPR/C/ATL/CO/1\"\nadopted = 2011-07-26\nreply_due = 2012-07-26\n\n[[rounds]]\nround = 1\nreplies = [\n  { document = \"CCPR/C/ATL/CO/1/Add.1\", received = 2012-11-02 },\n  { document = \"CCPR/C/ATL/CO/1/Add.2\", received = 2013-05-14 },\n]\nreminders = [2012-10-01]\nevaluated = 2014-03-28\nevaluation = \"CCPR/C/110/2\"\ndecision = \"continue\"\nnext_due = 2015-03-28\n\n[[rounds]]\nround = 2\nevaluated = 2018-07-20\nevaluation = \"CCPR/C/123/2\"\ndecision = \"closed\"\n+++\nAtlantis.\n",
        ),
        // Its first reply long overdue.
        (
            "content/lemuria/_index.md",
            "+++\ncountry = \"Lemuria\"\ndocument = \"CCPR/C/LEM/CO/1\"\nadopted = 2020-03-01\nreply_due = 2021-03-01\n+++\n",
        ),
        (
            "content/lemuria/p5/_index.md",
            "+++\nparagraph = 5\n+++\nConcern.\n",
        ),
        (
            "content/lemuria/p5/01-custody.md",
            &rec("Lemuria should end custody abuse.", ""),
        ),
        (
            "content/atlantis/p10/_index.md",
            "+++\nparagraph = 10\n+++\nConcern.\n",
        ),
        (
            "content/atlantis/p10/01-press.md",
            &rec(
                "Atlantis should free the press.",
                &format!("{}{}", committee(1, "C1"), committee(2, "B")),
            ),
        ),
        (
            "content/atlantis/p10/02-courts.md",
            &rec("Atlantis should reform the courts.", &committee(1, "B2")),
        ),
        (
            "content/atlantis/p10/03-prisons.md",
            &rec("Atlantis should open the prisons.", ""),
        ),
    ])
}

/// The acceptance test, for what the headline and the scales by
/// period make: no "NA", the Committee's grades counted, and the
/// recommendation graded before and after the change on /progress/.
#[test]
fn a_site_that_tracks_only_the_committee_counts_its_grades() {
    let root = committee_site();
    let o = followup(&["check", "--strict", "--root", root.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    for url in [
        "/",
        "/atlantis/",
        "/grades/",
        "/progress/",
        "/atlantis/p10/01-press/",
    ] {
        let p = page(out.path(), "/", url);
        assert!(!p.text.contains("NA"), "{url}: {}", p.text);
        assert!(!p.text.contains("N/A"), "{url}");
    }
    // The Committee's latest grades, each once; the one it has not graded
    // counted as not yet assessed.
    let grades = page(out.path(), "/", "/grades/");
    assert!(grades.shows("Not yet assessed"), "{}", grades.text);
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/b-hrc-2016/")),
        ["10.1"]
    );
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/b2-hrc-2013/")),
        ["10.2"]
    );
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/not-yet-assessed/")),
        ["10.3", "5.1"]
    );
    // Two replies in one round, a reminder, a closed procedure, and the
    // overdue dossier first on /follow-up/.
    let atlantis = page(out.path(), "/", "/atlantis/");
    assert_eq!(atlantis.texts(".timeline .event-reply").len(), 2);
    assert_eq!(atlantis.texts(".timeline .event-reminder").len(), 1);
    assert_eq!(
        atlantis.texts(".standing"),
        ["Closed. The follow-up procedure is closed."]
    );
    let follow_up = page(out.path(), "/", "/follow-up/");
    assert_eq!(
        follow_up.texts(".follow-up tbody th"),
        ["Lemuria", "Atlantis"]
    );
    assert_eq!(
        follow_up.texts(".follow-up tbody tr .stage, .follow-up tbody td strong"),
        ["Reply overdue", "Closed"]
    );
    let country = page(out.path(), "/", "/atlantis/");
    let cells = country.texts("table.recommendations tbody tr");
    assert!(
        cells.iter().any(|c| c.contains("Not yet assessed")),
        "{cells:#?}"
    );
    // Graded C1 on the 2013 scale, then B on the 2016 scale: improved.
    let progress = page(out.path(), "/", "/progress/");
    assert_eq!(
        progress.texts("main h2"),
        ["Movement by Human Rights Committee"]
    );
    assert_eq!(progress.texts("ul.moved li a"), ["Atlantis 10.1"]);
    let (problems, _) = check_links(out.path(), "/");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// An unknown `headline` is named with the assessor meant.
#[test]
fn an_unknown_headline_is_named_with_the_assessor_meant() {
    let root = committee_site();
    edit(
        root.path(),
        "followup.toml",
        "headline = \"committee\"",
        "headline = \"comittee\"",
    );
    let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("followup.toml:4:12: unknown headline assessor \"comittee\""),
        "{err}"
    );
    assert!(
        err.contains(
            "help: did you mean \"committee\"? The assessors in followup.toml are: committee"
        ),
        "{err}"
    );
}

/// A site with grades of its own, led by the Committee's: its own grades
/// keep their history, the lists and counts are the Committee's.
#[test]
fn a_site_led_by_the_committee_keeps_its_own_grades_history() {
    let root = history_site();
    edit(
        root.path(),
        "followup.toml",
        "assessor = \"Atlantis Watch\"\n",
        "assessor = \"Atlantis Watch\"\nheadline = \"committee\"\n",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    // 10.1's latest Committee grade is B2; 10.4 the Committee never graded.
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/b2/")),
        ["10.1"]
    );
    assert_eq!(
        listed_references(&page(out.path(), "/", "/grades/not-yet-assessed/")),
        ["9.1", "10.4"]
    );
    // The site's own trail, C then B, is on the recommendation's page still.
    let rec = page(out.path(), "/", "/atlantis-2011/p10/01-improved/");
    let rows = rec.texts("table.history tbody tr");
    assert!(
        rows.iter().any(|r| r.contains("Atlantis Watch")),
        "{rows:#?}"
    );
    let (problems, _) = check_links(out.path(), "/");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The committee-only site in Russian and Arabic: "not yet assessed" in
/// the page's language, and the Committee's grades of both scales.
#[test]
fn a_committee_site_in_russian_and_arabic_says_not_yet_assessed_in_its_language() {
    let root = committee_site();
    let path = root.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "{text}\n[languages.ru]\ntitle = \"Наблюдение\"\n[languages.ar]\ntitle = \"متابعة\"\n"
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    for (lang, label) in [("ru", "Ещё не оценена"), ("ar", "لم تُقيَّم بعد")]
    {
        let grades = page(out.path(), "/", &format!("/{lang}/grades/"));
        assert!(grades.shows(label), "{lang}: {}", grades.text);
        assert_eq!(
            listed_references(&page(
                out.path(),
                "/",
                &format!("/{lang}/grades/not-yet-assessed/")
            )),
            ["10.3", "5.1"],
            "{lang}"
        );
        // Where each procedure stands, in the page's language.
        let follow_up = page(out.path(), "/", &format!("/{lang}/follow-up/"));
        assert_eq!(follow_up.texts(".follow-up tbody th").len(), 2, "{lang}");
        let progress = page(out.path(), "/", &format!("/{lang}/progress/"));
        assert_eq!(progress.select("ul.moved li a").len(), 1, "{lang}");
    }
    let (problems, _) = check_links(out.path(), "/");
    assert!(problems.is_empty(), "{problems:#?}");
}
