//! The follow-up procedure as the Committee runs it, through the real
//! binary: each dossier's timeline and where it stands on the build's day
//! (fixed by SOURCE_DATE_EPOCH), the /follow-up/ page that lists who is
//! late, the home page's stage column, the same in Russian and Arabic, and
//! every mistake in a round named with its fix.

use crate::common::{page, site, stderr, tree};
use std::path::Path;
use std::process::{Command, Output};

/// 2024-01-01, 00:00 UTC.
const TODAY: &str = "1704067200";

const CONFIG: &str = r#"title = "Follow-up watch"
base_url = "https://example.org/"
search = false

[[grades]]
code = "A"
label = "Satisfactory"
[[grades]]
code = "B"
label = "Partly satisfactory"
[[grades]]
code = "C"
label = "Not satisfactory"

[assessors.committee]
name = "Human Rights Committee"
scale = "hrc-2016"

[languages.ru]
title = "Наблюдение"
[languages.ar]
title = "المتابعة"
"#;

/// A paragraph with one recommendation for the dossier in `folder`.
fn paragraph(folder: &str, extra: &str) -> Vec<(String, String)> {
    vec![
        (
            format!("content/{folder}/p10-torture/_index.md"),
            "+++\nparagraph = 10\ntitle = \"Torture\"\narticles = [7]\n+++\nConcern.\n".into(),
        ),
        (
            format!("content/{folder}/p10-torture/01-investigate.md"),
            format!("+++\ngrade = \"C\"\nrecommendation = \"Investigate.\"\n{extra}+++\nBody.\n"),
        ),
    ]
}

/// Four dossiers, each at another stage on 1 January 2024.
fn procedure_site() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![
        ("followup.toml".into(), CONFIG.into()),
        // Evaluated, more information asked for by a deadline now passed.
        (
            "content/atlantis/_index.md".into(),
            r#"+++
country = "Atlantis"
document = "CCPR/C/ATL/CO/1"
adopted = 2020-03-01
reply_due = 2021-03-01

[[rounds]]
round = 1
replies = [
  { document = "CCPR/C/ATL/CO/1/Add.1", received = 2021-03-19 },
  { document = "CCPR/C/ATL/CO/1/Add.2", received = 2021-08-03, url = "https://un.example.org/add2" },
]
reminders = [2021-04-01]
submissions = [{ by = "Atlantis Watch", date = 2021-05-01, url = "https://watch.example.org/report", title = "Shadow follow-up report" }]
evaluated = 2022-07-16
session = 135
evaluation = "CCPR/C/135/2/Add.1"
evaluation_url = "https://un.example.org/135"
decision = "continue"
next_due = 2023-07-16
decision_note = "The Committee asks for **data** on prosecutions."
+++
"#
            .into(),
        ),
        // Its first reply is due in sixty days.
        (
            "content/lemuria/_index.md".into(),
            "+++\ncountry = \"Lemuria\"\nadopted = 2023-03-01\nreply_due = 2024-03-01\n+++\n".into(),
        ),
        // Closed after its evaluation.
        (
            "content/mu/_index.md".into(),
            "+++\ncountry = \"Mu\"\nadopted = 2015-01-01\n\n[[rounds]]\nround = 1\nreply = \"CCPR/C/MU/CO/1/Add.1\"\nreceived = 2016-01-10\nevaluated = 2016-07-01\ndecision = \"closed\"\n+++\n".into(),
        ),
        // Never replied, reminded twice.
        (
            "content/oz/_index.md".into(),
            "+++\ncountry = \"Oz\"\nadopted = 2019-01-01\nreply_due = 2020-01-01\n\n[[rounds]]\nround = 1\nreminders = [2020-06-01, 2020-09-01]\n+++\n".into(),
        ),
    ];
    files.extend(paragraph(
        "atlantis",
        "[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"B\"\n",
    ));
    for folder in ["lemuria", "mu", "oz"] {
        files.extend(paragraph(folder, ""));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    site(&borrowed)
}

/// Runs followup with the build's day fixed at `epoch`.
fn followup_on(epoch: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("the followup binary runs")
}

fn build_on(epoch: &str, root: &Path, out: &Path) {
    let o = followup_on(
        epoch,
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn each_dossier_shows_its_procedure_and_where_it_stands() {
    let root = procedure_site();
    let out = tempfile::tempdir().unwrap();
    build_on(TODAY, root.path(), out.path());
    let base = "/";

    let atlantis = page(out.path(), base, "/atlantis/");
    let events = atlantis.texts(".timeline li .what, .timeline li time");
    let events: Vec<String> = events.chunks(2).map(|p| p.join(" ")).collect();
    assert_eq!(
        events,
        [
            "1 March 2020 Concluding observations adopted, 1 paragraph chosen for follow-up (CCPR/C/ATL/CO/1)",
            "1 March 2021 Reply due (round 1)",
            "19 March 2021 Reply received 18 days after the deadline (CCPR/C/ATL/CO/1/Add.1)",
            "1 April 2021 Reminder sent to the State",
            "1 May 2021 Information submitted by Atlantis Watch (Shadow follow-up report)",
            "3 August 2021 Reply received 155 days after the deadline (CCPR/C/ATL/CO/1/Add.2)",
            "16 July 2022 Evaluation adopted by the Committee at its session 135. Grades given: Human Rights Committee: B 1 (CCPR/C/135/2/Add.1)",
            "16 July 2022 Decision: further information requested",
            "16 July 2023 Reply due (round 2)",
        ]
    );
    assert!(
        atlantis
            .hrefs(".timeline a")
            .contains(&"https://un.example.org/135".to_string())
    );
    assert_eq!(
        atlantis.texts(".timeline .note"),
        ["The Committee asks for data on prosecutions."]
    );
    assert_eq!(atlantis.select(".timeline .overdue").len(), 1);
    assert_eq!(
        atlantis.texts(".standing"),
        ["Reply overdue. The State's reply is 169 days overdue."]
    );
    // The Committee's grade takes its date and document from the round.
    let rec = page(out.path(), base, "/atlantis/p10-torture/01-investigate/");
    assert!(rec.text.contains("16 July 2022"), "{}", rec.text);
    assert!(rec.text.contains("CCPR/C/135/2/Add.1"), "{}", rec.text);

    // The printable dossier: the timeline, and every round's grades of
    // each recommendation, not only the latest.
    let report = page(out.path(), base, "/atlantis/report.html");
    assert_eq!(report.texts(".timeline li").len(), 9);
    assert_eq!(
        report.texts(".recommendation table.history tbody tr"),
        [
            "1Follow-up watchC Not satisfactory",
            "116 July 2022Human Rights CommitteeB Reply/action partially satisfactoryCCPR/C/135/2/Add.1",
        ]
    );
    let standing = |url: &str| page(out.path(), base, url).texts(".standing");
    assert_eq!(
        standing("/oz/"),
        ["Reply overdue. The State's reply is 1461 days overdue. 2 reminders sent."]
    );
    assert_eq!(
        standing("/lemuria/"),
        ["Awaiting reply. Awaiting the State's reply, due on 1 March 2024 (in 60 days)."]
    );
    assert_eq!(
        standing("/mu/"),
        ["Closed. The follow-up procedure is closed."]
    );

    // Who is late: overdue first, the oldest deadline first.
    let follow_up = page(out.path(), base, "/follow-up/");
    assert_eq!(
        follow_up.texts(".follow-up tbody th"),
        ["Oz", "Atlantis", "Lemuria", "Mu"]
    );
    assert_eq!(
        follow_up.texts(".stage-counts li"),
        [
            "Reply overdue: 2",
            "Awaiting reply: 1",
            "Awaiting evaluation: 0",
            "Evaluated: 0",
            "Closed: 1"
        ]
    );
    assert!(follow_up.text.contains("stands on 1 January 2024"));
    let home = page(out.path(), base, "/");
    assert!(home.hrefs("a").contains(&"/follow-up/".to_string()));
    assert_eq!(
        home.texts(".dossiers .stage"),
        ["Reply overdue", "Awaiting reply", "Closed", "Reply overdue"]
    );

    // In Russian and Arabic, with their plural forms.
    assert_eq!(
        page(out.path(), base, "/ru/oz/").texts(".standing"),
        ["Ответ просрочен. Ответ государства просрочен на 1461 день. Направлено 2 напоминания."]
    );
    assert_eq!(
        page(out.path(), base, "/ar/oz/").texts(".standing"),
        ["الرد متأخر. تأخر رد الدولة 1461 يومًا. أُرسل تذكيران."]
    );
    assert!(
        page(out.path(), base, "/ar/follow-up/")
            .text
            .contains("إجراءات المتابعة")
    );
}

#[test]
fn the_build_day_comes_from_source_date_epoch() {
    let root = procedure_site();
    let (a, b, later) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    build_on(TODAY, root.path(), a.path());
    build_on(TODAY, root.path(), b.path());
    assert!(
        tree(a.path()) == tree(b.path()),
        "two builds of one day differ"
    );
    // A day later, Oz is a day later still.
    build_on("1704153600", root.path(), later.path());
    assert_eq!(
        page(later.path(), "/", "/oz/").texts(".standing"),
        ["Reply overdue. The State's reply is 1462 days overdue. 2 reminders sent."]
    );
}

#[test]
fn a_site_without_procedure_has_no_follow_up_page() {
    let (_root, out) = crate::common::built_fixture();
    assert!(!out.path().join("follow-up").exists());
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(!home.contains("/follow-up/"), "{home}");
}

#[test]
fn each_mistake_in_the_procedure_is_named_with_its_fix() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
            .unwrap();
    let front = |rounds: &str| {
        format!(
            "+++\ncountry = \"Oz\"\nadopted = 2019-01-01\nreply_due = 2020-01-01\n\n[[rounds]]\nround = 1\n{rounds}+++\n"
        )
    };
    let cases: &[(String, &[&str])] = &[
        (
            front("received = 2018-05-02\nreply = \"X/Add.1\"\n"),
            &[
                "_index.md:8:12: `received` (2018-05-02) is before the concluding observations were adopted (2019-01-01)",
                "help: the follow-up procedure starts with the adoption",
            ],
        ),
        (
            "+++\ncountry = \"Oz\"\nadopted = 2019-01-01\nreply_due = 2018-01-01\n+++\n".into(),
            &[
                "_index.md:4:13: `reply_due` (2018-01-01) is before the concluding observations were adopted (2019-01-01)",
            ],
        ),
        (
            front("reply = \"X/Add.1\"\nreplies = [{ document = \"X/Add.2\" }]\n"),
            &[
                "_index.md:9:11: `replies` is given together with `reply`",
                "help: write one reply as reply = \"X/Add.1\"",
            ],
        ),
        (
            front("received = 2020-02-01\n"),
            &["_index.md:8:12: `received` is given without `reply`"],
        ),
        (
            front("decision = \"continued\"\n"),
            &[
                "_index.md:8:12: unknown decision \"continued\"",
                "help: did you mean \"continue\"?",
            ],
        ),
        (
            front("decision = \"closed\"\nnext_due = 2021-01-01\n"),
            &["_index.md:9:12: `next_due` is given without a decision to continue"],
        ),
        (
            front("evaluated = 2021-07-16\ndecision = \"continue\"\nnext_due = 2021-01-01\n"),
            &["_index.md:10:12: `next_due` (2021-01-01) is not after `evaluated` (2021-07-16)"],
        ),
        (
            front("session = 0\n"),
            &[
                "_index.md:8:11: session 0 cannot be used",
                "help: write the number of the Committee's session",
            ],
        ),
    ];
    for (text, expected) in cases {
        let message = expected[0].split_once(": ").unwrap().1;
        assert!(
            guide.contains(message),
            "the guide does not list {message:?}"
        );
        let root = procedure_site();
        crate::common::write(root.path(), "content/oz/_index.md", text.as_bytes());
        let o = followup_on(TODAY, &["check", "--root", root.path().to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        for e in *expected {
            assert!(err.contains(e), "expected {e:?} in:\n{err}");
        }
    }
}
