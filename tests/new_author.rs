//! Mistakes a new author makes, told in words they can act on, through
//! the real binary: dates written as people write them, a setting put
//! under a table of followup.toml, Word's link codes in a footnote, a
//! translation made by copying its original.

mod common;
use common::*;
use std::path::Path;

const COUNTRY: &str = "content/atlantis/_index.md";

fn check(root: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend(extra);
    let o = followup(&args);
    (o.status.code(), stdout(&o), stderr(&o))
}

/// The lines of the authoring guide's tables.
fn table() -> Vec<String> {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
            .unwrap();
    guide
        .lines()
        .filter(|l| l.starts_with("| "))
        .map(str::to_owned)
        .collect()
}

#[track_caller]
fn assert_listed(message: &str) {
    assert!(
        table().iter().any(|row| row.contains(message)),
        "the guide's table lacks: {message}"
    );
}

fn small_site() -> tempfile::TempDir {
    atlantis(
        FIXTURE_CONFIG,
        &rec("A", "Atlantis should act.", "", "Body.\n"),
    )
}

#[test]
fn a_date_written_another_way_is_told_with_the_date_meant() {
    let message = "`adopted` is not a date followup can read";
    assert_listed(message);
    let cases = [
        ("26.03.2020", "write the date as 2020-03-26, without quotes"),
        (
            "\"26.03.2020\"",
            "write the date as 2020-03-26, without quotes",
        ),
        (
            "\"2020-03-26\"",
            "write the date as 2020-03-26, without quotes",
        ),
        ("26/03/2020", "write the date as 2020-03-26, without quotes"),
        ("03/26/2020", "write the date as 2020-03-26, without quotes"),
        (
            "26 March 2020",
            "write the date as 2020-03-26, without quotes",
        ),
        (
            "March 26, 2020",
            "write the date as 2020-03-26, without quotes",
        ),
        (
            "05/03/2020",
            "05/03/2020 could be 5 March or 3 May: write the date as year-month-day, without quotes, like 2020-03-26",
        ),
        (
            "last spring",
            "write the date as year-month-day, without quotes, like 2020-03-26",
        ),
    ];
    for (written, help) in cases {
        let root = small_site();
        let text = format!("+++\ncountry = \"Atlantis\"\nadopted = {written}\n+++\nIntro.\n");
        write(root.path(), COUNTRY, text.as_bytes());
        let (code, _, err) = check(root.path(), &[]);
        assert_eq!(code, Some(1), "{err}");
        let expected = format!(
            "error: {COUNTRY}:3:11: {message}\n  |\n3 | adopted = {written}\n  |           ^\nhelp: {help}\n"
        );
        assert!(
            err.contains(&expected),
            "{written}: expected\n{expected}\nin:\n{err}"
        );
        // A build says the same, and publishes nothing.
        let out = tempfile::tempdir().unwrap();
        let o = try_build(root.path(), out.path());
        assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
    }
    // A round's and an assessment's `date` too.
    let root = small_site();
    let text = "+++\ncountry = \"Atlantis\"\n[[rounds]]\nround = 1\ndate = 26.03.2020\n+++\n";
    write(root.path(), COUNTRY, text.as_bytes());
    let (_, _, err) = check(root.path(), &[]);
    assert!(
        err.contains(&format!(
            "error: {COUNTRY}:5:8: `date` is not a date followup can read"
        )) && err.contains("help: write the date as 2020-03-26, without quotes"),
        "{err}"
    );
}

#[test]
fn a_setting_written_under_a_table_is_said_to_belong_to_it() {
    let root = small_site();
    let settings = format!("{FIXTURE_CONFIG}assessor = \"Atlantis NGO Coalition\"\n");
    let line = settings.lines().count();
    // The fixture's last table lists CAT's articles: one more line would
    // be an article.
    write(root.path(), "followup.toml", settings.as_bytes());
    let (code, _, err) = check(root.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    let first = FIXTURE_CONFIG
        .lines()
        .position(|l| l == "[[grades]]")
        .unwrap()
        + 1;
    let expected = format!(
        "error: followup.toml:{line}:1: the setting `assessor` is read as part of [treaties.CAT.articles], the table above it"
    );
    assert!(err.contains(&expected), "{err}");
    let help = format!(
        "help: in TOML, every line after a [table] header belongs to that table: move `assessor = ...` up, above [[grades]] at line {first}, the first table header"
    );
    assert!(err.contains(&help), "{err}");
    assert!(!err.contains("is not a positive whole number"), "{err}");

    // Under a [[grades]] table, where serde lists the grade's fields.
    let settings = "title = \"T\"\nbase_url = \"https://x.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"Done\"\nassessor = \"NGO\"\n";
    write(root.path(), "followup.toml", settings.as_bytes());
    let (code, _, err) = check(root.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: followup.toml:6:1: the setting `assessor` is read as part of [[grades]], the table above it"),
        "{err}"
    );
    assert!(!err.contains("the settings here are"), "{err}");
    assert_listed("the setting `assessor` is read as part of [[grades]], the table above it");
}
