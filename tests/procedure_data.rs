//! The follow-up procedure as open data, through the real binary: a site
//! of five dossiers (two replies in one round with a reminder and an
//! evaluation asking for more, one overdue, one closed, one awaiting its
//! first reply, one overdue after a meeting was asked for), built on a
//! fixed day (`SOURCE_DATE_EPOCH`): `data/rounds.csv`, `data/dossiers.json`
//! against its schema, the feed's entries for replies, evaluations and
//! decisions, and `data/deadlines.ics` read by a real iCalendar parser.

use crate::common;
use common::*;
use std::path::Path;
use std::process::Command;

const CONFIG: &str = r#"title = "Follow-up watch"
base_url = "https://example.org/"

[[grades]]
code = "A"
label = "Satisfactory"
[[grades]]
code = "B"
label = "Partly satisfactory"
"#;

/// 2025-01-01, the day the tests' builds speak for.
const JAN_1_2025: i64 = 20_089 * 86_400;

const BANGLADESH: &str = r#"+++
country = "Bangladesh"
document = "CCPR/C/BGD/CO/1"
adopted = 2017-03-29
reply_due = 2019-03-29

[[rounds]]
round = 1
replies = [
  { document = "CCPR/C/BGD/CO/1/Add.1", received = 2020-03-19, url = "https://un.example.org/bgd-add1" },
  { document = "CCPR/C/BGD/CO/1/Add.2", received = 2020-08-03 },
]
reminders = [2019-10-01]
submissions = [
  { by = "Odhikar", date = 2020-06-01, url = "https://ngo.example.org/odhikar", title = "Shadow report" },
]
evaluated = 2021-07-16
session = 132
evaluation = "CCPR/C/132/2/Add.1"
evaluation_url = "https://un.example.org/132-2-add1"
decision = "continue"
next_due = 2025-07-16
decision_note = "More on *torture*."
+++
Bangladesh.
"#;

/// A long name with a comma: escaped and folded in the calendar.
const ATLANTIS: &str = r#"+++
country = "Atlantis, Federated Republic of the Seven Islands"
document = "CCPR/C/ATL/CO/1"
adopted = 2022-07-26
reply_due = 2023-07-26

[[rounds]]
round = 1
reminders = [2024-01-15]
+++
Atlantis.
"#;

const LEMURIA: &str = r#"+++
country = "Lemuria"
document = "CCPR/C/LEM/CO/1"
adopted = 2015-03-30

[[rounds]]
round = 1
reply = "CCPR/C/LEM/CO/1/Add.1"
received = 2016-05-01
evaluated = 2017-03-30
session = 119
evaluation = "CCPR/C/119/3"
decision = "closed"
+++
Lemuria.
"#;

const MU: &str = r#"+++
country = "Mu"
adopted = 2024-07-01
reply_due = 2025-07-01
+++
Mu.
"#;

const HYPERBOREA: &str = r#"+++
country = "Hyperborea"
document = "CCPR/C/HYP/CO/1"
adopted = 2020-03-01

[[rounds]]
round = 1
reply = "CCPR/C/HYP/CO/1/Add.1"
received = 2021-01-10
evaluated = 2022-03-01
session = 134
decision = "meeting"
next_due = 2023-03-01
+++
Hyperborea.
"#;

fn procedure_site() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![("followup.toml".into(), CONFIG.into())];
    for (slug, index) in [
        ("bangladesh", BANGLADESH),
        ("atlantis", ATLANTIS),
        ("lemuria", LEMURIA),
        ("mu", MU),
        ("hyperborea", HYPERBOREA),
    ] {
        files.push((format!("content/{slug}/_index.md"), index.into()));
        files.push((
            format!("content/{slug}/p10/_index.md"),
            "+++\nparagraph = 10\narticles = [7]\n+++\nConcern.\n".into(),
        ));
        files.push((
            format!("content/{slug}/p10/01-first.md"),
            "+++\ngrade = \"B\"\nrecommendation = \"Act.\"\n+++\nBody.\n".into(),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    site(&refs)
}

/// Builds the site at `root` into `out` as on the day `epoch` (seconds).
#[track_caller]
fn build_on(root: &Path, out: &Path, epoch: i64) {
    let o = Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(["build", "--root", root.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn rounds_csv_has_a_row_per_dossier_and_round_with_the_stage_on_the_current_one() {
    let root = procedure_site();
    let out = tempfile::tempdir().unwrap();
    build_on(root.path(), out.path(), JAN_1_2025);
    let csv = read(out.path(), "data/rounds.csv");
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    let expected = [
        "country,document,round,due,replies,replies_received,reminders,submissions,evaluated,session,evaluation,decision,next_due,stage,days_overdue,url",
        "\"Atlantis, Federated Republic of the Seven Islands\",CCPR/C/ATL/CO/1,1,2023-07-26,,,2024-01-15,0,,,,,,reply-overdue,525,https://example.org/atlantis/",
        "Bangladesh,CCPR/C/BGD/CO/1,1,2019-03-29,CCPR/C/BGD/CO/1/Add.1; CCPR/C/BGD/CO/1/Add.2,2020-03-19; 2020-08-03,2019-10-01,1,2021-07-16,132,CCPR/C/132/2/Add.1,continue,2025-07-16,evaluated,0,https://example.org/bangladesh/",
        // After a meeting asked for by a day now past: the next round's
        // reply is overdue, on a row of its own.
        "Hyperborea,CCPR/C/HYP/CO/1,1,,CCPR/C/HYP/CO/1/Add.1,2021-01-10,,0,2022-03-01,134,,meeting,2023-03-01,,,https://example.org/hyperborea/",
        "Hyperborea,CCPR/C/HYP/CO/1,2,2023-03-01,,,,0,,,,,,reply-overdue,672,https://example.org/hyperborea/",
        "Lemuria,CCPR/C/LEM/CO/1,1,,CCPR/C/LEM/CO/1/Add.1,2016-05-01,,0,2017-03-30,119,CCPR/C/119/3,closed,,closed,0,https://example.org/lemuria/",
        "Mu,,1,2025-07-01,,,,0,,,,,,awaiting-reply,0,https://example.org/mu/",
    ];
    assert_eq!(lines, expected, "{csv}");
}

#[test]
fn dossiers_json_follows_its_schema_and_carries_every_procedure_field() {
    let root = procedure_site();
    let out = tempfile::tempdir().unwrap();
    build_on(root.path(), out.path(), JAN_1_2025);
    let schema: serde_json::Value =
        serde_json::from_str(&read(out.path(), "data/dossiers.schema.json")).unwrap();
    let data: serde_json::Value =
        serde_json::from_str(&read(out.path(), "data/dossiers.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let all = data.as_array().unwrap();
    assert_eq!(all.len(), 5);
    let dossier = |id: &str| all.iter().find(|d| d["id"] == id).unwrap().clone();

    let bgd = dossier("bangladesh");
    assert_eq!(bgd["url"], "https://example.org/bangladesh/");
    assert_eq!(bgd["reply_due"], "2019-03-29");
    assert_eq!(bgd["stage"], "evaluated");
    assert_eq!(bgd["due"], "2025-07-16");
    assert_eq!(bgd["days"], 196);
    let round = &bgd["rounds"][0];
    assert_eq!(round["due"], "2019-03-29");
    assert_eq!(
        round["replies"],
        serde_json::json!([
            { "document": "CCPR/C/BGD/CO/1/Add.1", "received": "2020-03-19", "url": "https://un.example.org/bgd-add1" },
            { "document": "CCPR/C/BGD/CO/1/Add.2", "received": "2020-08-03", "url": null },
        ])
    );
    assert_eq!(round["reminders"], serde_json::json!(["2019-10-01"]));
    assert_eq!(
        round["submissions"],
        serde_json::json!([{ "by": "Odhikar", "date": "2020-06-01", "url": "https://ngo.example.org/odhikar", "title": "Shadow report" }])
    );
    assert_eq!(
        round["evaluation"],
        serde_json::json!({ "date": "2021-07-16", "session": 132, "document": "CCPR/C/132/2/Add.1", "url": "https://un.example.org/132-2-add1" })
    );
    assert_eq!(round["decision"], "continue");
    assert_eq!(round["next_due"], "2025-07-16");
    assert!(
        round["decision_note_html"]
            .as_str()
            .unwrap()
            .contains("<em>torture</em>"),
        "{round}"
    );

    let atl = dossier("atlantis");
    assert_eq!(
        (&atl["stage"], &atl["days"], &atl["reminders"]),
        (&"reply-overdue".into(), &525.into(), &1.into())
    );
    let hyp = dossier("hyperborea");
    assert_eq!(
        (&hyp["stage"], &hyp["current_round"]),
        (&"reply-overdue".into(), &2.into())
    );
    assert_eq!(dossier("lemuria")["stage"], "closed");
    assert_eq!(
        dossier("lemuria")["rounds"][0]["evaluation"]["url"],
        serde_json::Value::Null
    );
    let mu = dossier("mu");
    assert_eq!(
        (&mu["stage"], &mu["days"]),
        (&"awaiting-reply".into(), &181.into())
    );
}

/// The feed's entries, each as (id, updated, title).
fn entries(feed: &str) -> Vec<(String, String, String)> {
    let between = |s: &str, a: &str, b: &str| {
        let i = s.find(a).unwrap() + a.len();
        s[i..i + s[i..].find(b).unwrap()].to_string()
    };
    feed.split("<entry>")
        .skip(1)
        .map(|e| {
            (
                between(e, "<id>", "</id>"),
                between(e, "<updated>", "T00"),
                between(e, "<title>", "</title>"),
            )
        })
        .collect()
}

#[test]
fn feeds_announce_replies_evaluations_and_decisions_on_their_own_dates() {
    let root = procedure_site();
    let out = tempfile::tempdir().unwrap();
    build_on(root.path(), out.path(), JAN_1_2025);
    let feed = read(out.path(), "feed.xml");
    let all = entries(&feed);
    let find = |id: &str| {
        all.iter()
            .find(|e| e.0 == format!("https://example.org/{id}"))
            .unwrap_or_else(|| panic!("no entry {id} in {feed}"))
            .clone()
    };
    let (_, updated, title) = find("bangladesh/#round-1-reply-1");
    assert_eq!(updated, "2020-03-19");
    assert_eq!(
        title,
        "Bangladesh: Reply received 356 days after the deadline (CCPR/C/BGD/CO/1/Add.1)"
    );
    assert_eq!(find("bangladesh/#round-1-reply-2").1, "2020-08-03");
    let (_, updated, title) = find("bangladesh/#round-1-evaluation");
    assert_eq!(updated, "2021-07-16");
    assert_eq!(
        title,
        "Bangladesh: Evaluation adopted by the Committee at its session 132 (CCPR/C/132/2/Add.1)"
    );
    let (_, updated, title) = find("bangladesh/#round-1-decision");
    assert_eq!(updated, "2021-07-16");
    assert!(
        title.starts_with("Bangladesh: Decision: further information requested"),
        "{title}"
    );
    assert!(
        find("lemuria/#round-1-decision").2.contains(
            "Decision: the procedure ended; what remains goes to the next periodic report"
        )
    );
    assert_eq!(find("hyperborea/#round-1-reply-1").1, "2021-01-10");
    // A reply's lateness, and the reply's own address.
    assert!(feed.contains("<summary>Round 1: Reply received 356 days after the deadline (CCPR/C/BGD/CO/1/Add.1).</summary>"));
    assert!(feed.contains("<link rel=\"related\" href=\"https://un.example.org/bgd-add1\"/>"));
    // 5 recommendations, 2 + 1 + 1 replies, 3 evaluations, 3 decisions.
    assert_eq!(all.len(), 5 + 4 + 3 + 3, "{feed}");
    // The recommendations keep their entries.
    assert!(
        all.iter()
            .any(|e| e.0 == "https://example.org/mu/p10/01-first/")
    );
    // Newest first; the feed is as new as its newest entry.
    let dates: Vec<&str> = all.iter().map(|e| e.1.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    // A country's feed: its own events only.
    let country = entries(&read(out.path(), "lemuria/feed.xml"));
    let ids: Vec<&str> = country.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/lemuria/#round-1-evaluation",
            "https://example.org/lemuria/#round-1-decision",
            "https://example.org/lemuria/#round-1-reply-1",
            "https://example.org/lemuria/p10/01-first/",
        ]
    );
}

/// The events of a calendar as the Rust side reads it: each VEVENT's
/// unfolded properties, by name.
fn events(ics: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let unfolded = ics.replace("\r\n ", "");
    let mut all = Vec::new();
    let mut current = None;
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(std::collections::BTreeMap::new()),
            "END:VEVENT" => all.extend(current.take()),
            _ => {
                if let (Some(e), Some((name, value))) = (current.as_mut(), line.split_once(':')) {
                    e.insert(name.to_string(), value.to_string());
                }
            }
        }
    }
    all
}

#[test]
fn the_calendar_has_one_event_per_pending_deadline_with_stable_uids() {
    let root = procedure_site();
    let out = tempfile::tempdir().unwrap();
    build_on(root.path(), out.path(), JAN_1_2025);
    let ics = read(out.path(), "data/deadlines.ics");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
    }
    let all = events(&ics);
    let uids: Vec<&str> = all.iter().map(|e| e["UID"].as_str()).collect();
    // Earliest first: the overdue replies, then those still to come. The
    // closed dossier and nothing awaiting an evaluation has one.
    assert_eq!(
        uids,
        [
            "hyperborea-round-2@example.org",
            "atlantis-round-1@example.org",
            "mu-round-1@example.org",
            "bangladesh-round-2@example.org",
        ]
    );
    let bgd = &all[3];
    assert_eq!(bgd["DTSTART;VALUE=DATE"], "20250716");
    assert_eq!(bgd["DTEND;VALUE=DATE"], "20250717");
    assert_eq!(bgd["DTSTAMP"], "20250101T000000Z");
    assert_eq!(
        bgd["SUMMARY"],
        "Follow-up reply due: Bangladesh (CCPR/C/BGD/CO/1)"
    );
    assert_eq!(bgd["URL"], "https://example.org/bangladesh/");
    assert_eq!(
        all[1]["SUMMARY"],
        "Follow-up reply due: Atlantis\\, Federated Republic of the Seven Islands (CCPR/C/ATL/CO/1)"
    );
    assert_eq!(all[2]["SUMMARY"], "Follow-up reply due: Mu");

    // The same day, the same bytes.
    let again = tempfile::tempdir().unwrap();
    build_on(root.path(), again.path(), JAN_1_2025);
    assert_eq!(read(again.path(), "data/deadlines.ics"), ics);
    // Once Bangladesh's next reply is overdue (2025-08-01), its event keeps
    // its UID; Mu's passed deadline stays, overdue.
    let later = tempfile::tempdir().unwrap();
    build_on(root.path(), later.path(), (20_089 + 212) * 86_400);
    let later_ics = read(later.path(), "data/deadlines.ics");
    let later_uids: Vec<String> = events(&later_ics)
        .iter()
        .map(|e| e["UID"].clone())
        .collect();
    assert_eq!(later_uids, uids);
    assert!(later_ics.contains("DTSTAMP:20250801T000000Z"));

    // How a calendar program reads it: tests/readers.rs, with Python's icalendar.
}

#[test]
fn a_site_without_procedure_fields_lists_its_dossiers_and_an_empty_calendar() {
    let root = atlantis(
        CONFIG,
        "+++\ngrade = \"A\"\nrecommendation = \"Act.\"\n+++\nBody.\n",
    );
    let out = tempfile::tempdir().unwrap();
    build_on(root.path(), out.path(), JAN_1_2025);
    let ics = read(out.path(), "data/deadlines.ics");
    assert!(events(&ics).is_empty());
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    let data: serde_json::Value =
        serde_json::from_str(&read(out.path(), "data/dossiers.json")).unwrap();
    assert_eq!(data[0]["country"], "Atlantis");
    assert_eq!(data[0]["stage"], serde_json::Value::Null);
    let csv = read(out.path(), "data/rounds.csv");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(!read(out.path(), "feed.xml").contains("#round-"));
}
