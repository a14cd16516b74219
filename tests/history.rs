//! Follow-up over time, from a dossier of the tests' own: two rounds, the
//! site's grades and the Committee's (with ranges, on its 2013 scale), a
//! disagreement, and a State with two dossiers, one per review. What a
//! reader sees: each recommendation's history, trails on the country page,
//! the progress page, the Committee's grade pages, the open data and feeds.

use crate::common;
use common::history_site;
use common::*;
use history_site::history_site;
use std::path::Path;

const BASE: &str = "/";

fn built() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = history_site();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    (root, out)
}

fn read(out: &Path, file: &str) -> String {
    std::fs::read_to_string(out.join(file)).unwrap()
}

#[test]
fn a_recommendation_page_shows_its_whole_history_and_the_disagreement() {
    let (_root, out) = built();
    let p = page(out.path(), BASE, "/atlantis-2011/p10/01-improved/");
    let rows = p.texts("table.history tbody tr");
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(rows[0].contains("State's reply: CCPR/C/ATL/CO/1/Add.1 10 December 2012 Atlantis Watch C Not satisfactory Then C."), "{}", rows[0]);
    assert!(
        rows[1].contains("Human Rights Committee C2–D1"),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains("28 March 2013") && rows[1].contains("CCPR/C/107/2"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains("1 June 2014 Atlantis Watch (this assessment) B"),
        "{}",
        rows[2]
    );
    assert!(rows[2].contains("Now B."), "{}", rows[2]);
    assert!(rows[3].contains("Human Rights Committee B2"), "{}", rows[3]);
    assert_eq!(p.hrefs("table.history a[href^='https://un']").len(), 2);
    // Round 1: C and C2–D1 share a level (not satisfactory); no disagreement.
    assert!(p.texts("p.disagreement").is_empty());

    let p = page(out.path(), BASE, "/atlantis-2011/p10/02-worsened/");
    assert_eq!(
        p.texts("p.disagreement"),
        [
            "≠ In round 2, Human Rights Committee graded A (Response largely satisfactory): a different level from C (Not satisfactory) here."
        ]
    );
}

#[test]
fn the_country_page_shows_trails_disagreements_and_what_moved() {
    let (_root, out) = built();
    let p = page(out.path(), BASE, "/atlantis-2011/");
    let trails = p.texts("table.recommendations .trail");
    assert_eq!(
        trails,
        [
            "C → B",
            "Human Rights Committee: C2–D1 → B2",
            "B → C",
            "Human Rights Committee: A",
            "Human Rights Committee: C1–C2 → C2–D1",
            "B → B",
        ]
    );
    assert_eq!(
        p.texts("table.recommendations .disagrees"),
        ["≠ Assessors disagree"]
    );
    assert_eq!(
        p.texts("p.progress-summary"),
        [
            "Since the first round: 1 improved, 1 unchanged, 1 worsened, 0 unclear (Atlantis Watch).",
            "Since the first round: 1 improved, 0 unchanged, 0 worsened, 1 unclear (Human Rights Committee).",
        ]
    );
    assert!(p.shows("Round 2: 1 June 2014 (State's reply: CCPR/C/ATL/CO/1/Add.2)"));
}

#[test]
fn the_progress_page_counts_movements_by_assessor_in_a_chart_and_a_table() {
    let (_root, out) = built();
    let home = page(out.path(), BASE, BASE);
    assert!(home.hrefs("main a").contains(&"/progress/".to_string()));
    let p = page(out.path(), BASE, "/progress/");
    assert_eq!(
        p.texts("main h2"),
        [
            "Movement by Atlantis Watch",
            "Movement by Human Rights Committee"
        ]
    );
    // The same numbers in the table's total row as in the chart's words.
    assert_eq!(
        p.texts("table.matrix tfoot td"),
        ["1", "1", "1", "0", "3", "1", "0", "0", "1", "2"]
    );
    let titles = p.texts("svg title");
    assert!(
        titles[0].contains("Improved 1, Unchanged 1, Worsened 1, Unclear 0"),
        "{}",
        titles[0]
    );
    // The page's JSON-LD is data, not a script that runs.
    let scripts = "script:not([type=\"application/ld+json\"])";
    assert!(p.select(scripts).iter().all(|s| {
        s.value()
            .attr("src")
            .is_some_and(|s| !s.contains("progress"))
    }));
    assert_eq!(
        p.texts("ul.moved li a"),
        [
            "Atlantis 10.1",
            "Atlantis 10.4",
            "Atlantis 10.2",
            "Atlantis 10.1",
            "Atlantis 10.3"
        ]
    );
}

#[test]
fn another_assessors_grades_have_pages_and_a_range_counts_once() {
    let (_root, out) = built();
    // 03's latest Committee grade is C2–D1: listed under C2 and under D1.
    for code in ["c2", "d1"] {
        let p = page(out.path(), BASE, &format!("/grades/committee/{code}/"));
        assert_eq!(listed_references(&p), ["10.3"], "{code}");
        // The range written once, in the Committee's column; the site's
        // own grades in a column headed with its assessor's name.
        assert_eq!(
            p.texts("table.recommendations thead th"),
            [
                "No.",
                "Country",
                "Recommendation",
                "Human Rights Committee",
                "Atlantis Watch"
            ]
        );
        let cells = p.texts("table.recommendations tbody td:nth-child(4)");
        assert_eq!(cells, ["C2–D1"], "{code}");
        assert!(!p.text.contains("(range"), "{}", p.text);
    }
    let b2 = page(out.path(), BASE, "/grades/committee/b2/");
    assert_eq!(listed_references(&b2), ["10.1"]);
    assert!(b2.shows("Grade B2 by Human Rights Committee: Initial action taken"));
    // The grades page counts the range once, as its own share: 3 in all.
    let grades = page(out.path(), BASE, "/grades/");
    let rows = grades.texts("section[aria-labelledby=grades-committee] tbody tr");
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert!(
        rows[0].starts_with("A ") && rows[0].ends_with("1 (33%)"),
        "{}",
        rows[0]
    );
    assert!(
        rows[2].starts_with("C2–D1 ") && !rows[2].contains("range"),
        "{}",
        rows[2]
    );
    // The site's own grade pages are its current grades only.
    assert_eq!(
        listed_references(&page(out.path(), BASE, "/grades/b/")),
        ["10.1", "10.4"]
    );
    let (problems, _) = check_links(out.path(), BASE);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_state_reviewed_twice_has_its_dossiers_together_newest_first() {
    let (_root, out) = built();
    let home = page(out.path(), BASE, BASE);
    assert_eq!(
        home.texts("table.dossiers tbody tr"),
        [
            "Atlantis ICCPR CCPR/C/ATL/CO/2 2 May 2018 1",
            "ICCPR CCPR/C/ATL/CO/1 4",
        ]
    );
    assert_eq!(
        home.hrefs("table.dossiers a"),
        ["/atlantis-2016/", "/atlantis-2011/"]
    );
    // Lists by country tell the two dossiers apart by their review.
    let article = page(out.path(), BASE, "/articles/iccpr/19/");
    assert_eq!(
        article.texts("main h2"),
        ["Atlantis · CCPR/C/ATL/CO/2", "Atlantis · CCPR/C/ATL/CO/1"]
    );
}

#[test]
fn the_open_data_and_feeds_carry_every_assessment() {
    let (_root, out) = built();
    let json: serde_json::Value =
        serde_json::from_str(&read(out.path(), "data/recommendations.json")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&read(out.path(), "data/recommendations.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let first = &json.as_array().unwrap()[1];
    assert_eq!(first["id"], "atlantis-2011/p10/01-improved");
    let a = first["assessments"].as_array().unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(a[1]["assessor"], "Human Rights Committee");
    assert_eq!(a[1]["by"], "committee");
    assert_eq!(a[1]["grade"], "C2–D1");
    assert_eq!(a[1]["grade_low"], "C2");
    assert_eq!(a[1]["grade_high"], "D1");
    assert_eq!(
        a[1]["level"],
        serde_json::Value::Null,
        "a range across two levels"
    );
    assert_eq!(a[1]["date"], "2013-03-28");
    assert_eq!(a[1]["document"], "CCPR/C/107/2");
    assert_eq!(a[2]["current"], true);
    assert_eq!(a[2]["level"], "partial");
    assert_eq!(a[2]["date"], "2014-06-01");

    let csv = read(out.path(), "data/assessments.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == 17));
    // Every row names a recommendation of the JSON by its id.
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rows.iter().all(|r| ids.contains(&&r[0])));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("recommendation_id,country,document,reference,round,assessor,by,grade,grade_low,grade_high,level,date"));
    // 1 (the later review) + 4 + 3 + 3 + 2 assessments.
    assert_eq!(lines.len() - 1, 13, "{csv}");
    assert!(csv.contains("atlantis-2011/p10/03-unclear,Atlantis,CCPR/C/ATL/CO/1,10.3,1,Human Rights Committee,committee,C1–C2,C1,C2,not-satisfactory,2013-03-28"), "{csv}");

    let feed = read(out.path(), "feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 13);
    assert!(
        feed.contains(
            "<id>https://example.org/atlantis-2011/p10/01-improved/#round-1-committee</id>"
        )
    );
    assert!(
        feed.contains("(C2–D1) · Human Rights Committee, Round 1</title>"),
        "{feed}"
    );
    // Newest first: the later review's 2018 grade, then the Committee's 2015 ones.
    let updated: Vec<&str> = feed
        .match_indices("<updated>")
        .map(|(i, _)| &feed[i + 9..i + 19])
        .collect();
    let mut sorted = updated[1..].to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(updated[1..], sorted[..]);
    assert_eq!(updated[1], "2018-05-02");
}

#[test]
fn each_mistake_in_rounds_and_assessments_is_named_with_its_fix() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"comittee\"\ngrade = \"C1\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:6:6: unknown assessor \"comittee\"",
                "help: did you mean \"committee\"? The assessors in followup.toml are: committee",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"B\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:7:9: grade \"B\" is not in the scale of \"committee\" (hrc-2013)",
                "help: use one of the grades of hrc-2013: A, B1, B2, C1, C2, D1, D2, E",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"D1-C2\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:7:9: the range \"D1-C2\" is reversed",
                "help: write the better grade first, as the scale orders them: \"C2-D1\"",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"B-C1\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:7:9: the range \"B-C1\" mixes two scales: \"B\" is not a grade of hrc-2013",
                "help: both ends of a range are grades of one scale; hrc-2013: A, B1, B2, C1, C2, D1, D2, E",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C1\"\ndate = 2013-03-28\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C2\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:10:9: round 1 by \"committee\" is assessed twice",
                "help: each assessor grades a round once",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 3\nby = \"committee\"\ngrade = \"C1\"\ndate = 2013-03-28\n+++\n",
            &[
                "04-unchanged.md:5:9: round 3 is not one of the country's rounds (1, 2)",
                "help: list it in content/atlantis-2011/_index.md as [[rounds]] with round = 3 and its date, or correct the round",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 2\ngrade = \"C\"\n+++\n",
            &[
                "04-unchanged.md:5:9: round 2 by the site's own assessor is assessed twice",
                "help: `grade` and `summary` are the site's assessment of the latest round, 2",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C1\"\n+++\n",
            &[
                "04-unchanged.md:5:9: the assessment by \"committee\" has no date",
                "help: add the day it was published, like date = 2013-03-28",
            ],
        ),
        (
            "content/atlantis-2011/_index.md",
            "+++\ncountry = \"Atlantis\"\n[[rounds]]\nround = 1\ndate = 2012-12-10\nadopted = 2011-07-26\n+++\n",
            &[
                "_index.md:6:1: invalid front matter: unknown field `adopted`, expected one of `round`, `date`, `due`, `reply`, `received`, `replies`, `reminders`, `submissions`, `evaluated`, `session`, `evaluation`, `evaluation_url`, `decision`, `next_due`, `decision_note`",
                "help: in TOML, every line after a [[table]] header belongs to that table: put [[rounds]] and [[assessments]] at the end of the front matter",
            ],
        ),
        (
            "content/atlantis-2011/_index.md",
            "+++\ncountry = \"Atlantis\"\n[[rounds]]\nround = 1\n[[rounds]]\nround = 1\n+++\n",
            &[
                "_index.md:6:9: round 1 is listed twice",
                "help: each [[rounds]] table has its own number",
            ],
        ),
        (
            "content/atlantis-2011/p10/04-unchanged.md",
            "+++\ngrade = \"B\"\nrecommendation = \"R.\"\n[[assessments]]\nround = 0\ngrade = \"C\"\n+++\n",
            &[
                "04-unchanged.md:5:9: round 0 cannot be used",
                "help: rounds are numbered from 1",
            ],
        ),
    ];
    let guide = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"),
    )
    .unwrap();
    for (file, text, expected) in cases {
        // Every message is in the authoring guide's table, with its fix.
        let message = expected[0].split_once(": ").unwrap().1;
        assert!(
            guide.contains(message),
            "the guide does not list {message:?}"
        );
        let root = history_site();
        write(root.path(), file, text.as_bytes());
        let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        for e in *expected {
            assert!(err.contains(e), "expected {e:?} in:\n{err}");
        }
    }
}

/// The preview's rebuilds cover the new fields: a change of rounds or
/// assessments shows on every page that counts it, as a full build would.
#[test]
fn an_edit_of_the_history_updates_the_progress_and_grade_pages() {
    let root = history_site();
    let preview = Preview::start(root.path());
    let (status, before) = preview.get("/progress/");
    assert_eq!(status, 200);
    assert!(
        before.contains(
            "Total</th><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"
        ),
        "{before}"
    );
    // 02 no longer worsened: its first round is now C, as its latest.
    let worsened = "content/atlantis-2011/p10/02-worsened.md";
    let text = std::fs::read_to_string(root.path().join(worsened)).unwrap();
    write(
        root.path(),
        worsened,
        text.replace("round = 1\ngrade = \"B\"", "round = 1\ngrade = \"C\"")
            .as_bytes(),
    );
    assert!(
        eventually(20, || {
            let (_, now) = preview.get("/progress/");
            now.contains("Total</th><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">0</td>")
        }),
        "{}",
        preview.output()
    );
    let (_, country) = preview.get("/atlantis-2011/");
    assert!(
        country.contains("1 improved, 2 unchanged, 0 worsened"),
        "{country}"
    );
}

/// In another language, the Committee's grade labels (its scale is not
/// translated) are shown in the main language, marked, with the notice;
/// the site's own grades take their translation.
#[test]
fn another_language_marks_the_committees_labels_as_not_translated() {
    let root = history_site();
    let path = root.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n[languages.fr]\ntitle = \"Suivi\"\n[languages.fr.grades.C]\nlabel = \"Pas satisfaisant\"\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let p = page(out.path(), BASE, "/fr/atlantis-2011/p10/02-worsened/");
    let marked: Vec<String> = p
        .select("table.history span[lang=en]")
        .iter()
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(marked, ["Response largely satisfactory"]);
    assert!(p.shows("Pas satisfaisant"), "{}", p.text);
    assert_eq!(p.select("section.history p.untranslated").len(), 1);
    let grade = page(out.path(), BASE, "/fr/grades/committee/b2/");
    assert_eq!(grade.select("h1 span[lang=en]").len(), 1);
    let (problems, _) = check_links(out.path(), BASE);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A language gives another assessor's name and the labels of its
/// (built-in) scale: they are shown in it, unmarked and without the notice.
#[test]
fn another_language_translates_the_committees_name_and_scale() {
    let root = history_site();
    let path = root.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "{text}\n[languages.fr]\ntitle = \"Suivi\"\n[languages.fr.assessors.committee]\nname = \"Comité des droits de l'homme\"\n[languages.fr.scales.hrc-2013.A]\nlabel = \"Réponse largement satisfaisante\"\n[languages.fr.scales.hrc-2013.B2]\nlabel = \"Premières mesures prises\"\n"
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let p = page(out.path(), BASE, "/fr/atlantis-2011/p10/02-worsened/");
    assert!(p.shows("Réponse largement satisfaisante"), "{}", p.text);
    assert!(p.shows("Comité des droits de l'homme"), "{}", p.text);
    assert!(!p.text.contains("Human Rights Committee"), "{}", p.text);
    assert!(p.select("table.history span[lang=en]").is_empty());
    assert!(p.select("section.history p.untranslated").is_empty());
    let grade = page(out.path(), BASE, "/fr/grades/committee/b2/");
    assert!(grade.select("h1 span[lang=en]").is_empty());
    assert!(grade.select("p.untranslated").is_empty());
    assert!(grade.shows("Premières mesures prises"), "{}", grade.text);
    assert!(
        grade.shows("Comité des droits de l'homme"),
        "{}",
        grade.text
    );
    // The English pages are as they were.
    let en = page(out.path(), BASE, "/grades/committee/b2/");
    assert!(en.shows("Grade B2 by Human Rights Committee: Initial action taken"));
    // A translation of what the site does not have is refused, with help.
    for (extra, message) in [
        (
            "[languages.fr.assessors.comittee]\nname = \"Comité\"\n",
            "[languages.fr.assessors] names \"comittee\", which is not an assessor",
        ),
        (
            "[languages.fr.scales.hrc-2031.A]\nlabel = \"A\"\n",
            "[languages.fr.scales] names \"hrc-2031\", which is not a scale",
        ),
        (
            "[languages.fr.scales.hrc-2016.B2]\nlabel = \"B2\"\n",
            "[languages.fr.scales.hrc-2016] names \"B2\", which is not a grade of hrc-2016",
        ),
    ] {
        let settings = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{settings}{extra}")).unwrap();
        let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
        std::fs::write(&path, settings).unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains(message),
            "{message:?} in {}",
            stderr(&o)
        );
        let guide = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"),
        )
        .unwrap();
        let listed = message.replace("fr", "ru");
        assert!(guide.contains(&listed), "the guide lists {listed:?}");
    }
}
