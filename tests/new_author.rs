//! Mistakes a new author makes, told in words they can act on, through
//! the real binary: dates written as people write them, a setting put
//! under a table of followup.toml, Word's link codes in a footnote, a
//! translation made by copying its original.

use crate::common;
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

/// The Sources page's entries, as readers see them.
fn sources(out: &Path) -> Vec<String> {
    page(out, "/", "/sources/").texts("main li")
}

#[test]
fn words_link_codes_in_a_footnote_are_warned_of_and_fixed() {
    let body = "Decree[^1] and law[^2].\n\n[^1]: Presidential Decree No. PF-6012, HYPERLINK “”\n[^2]: Law on media, HYPERLINK \"https://adilet.zan.kz/rus/docs/Z990000451_\" https://adilet.zan.kz/rus/docs/Z990000451_\n";
    let root = atlantis(FIXTURE_CONFIG, &rec("A", "Atlantis should act.", "", body));
    // As pasted, the Sources page shows the code.
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    let err = stderr(&o);
    let message = "footnote [^1] holds Word's link code `HYPERLINK \"…\"`";
    assert_listed("holds Word's link code `HYPERLINK \"…\"`");
    assert!(
        err.contains(&format!(
            "warning: {ATLANTIS_REC}:7:40: {message}\n  |\n7 | [^1]: Presidential Decree No. PF-6012, HYPERLINK “”\n  |                                        ^\nhelp: it is what is left of a link copied out of Word, and readers would see it: delete it; `followup check --fix` does this for you\n"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: it is what is left of a link copied out of Word, and readers would see it: delete it, keeping the address as <https://adilet.zan.kz/rus/docs/Z990000451_>;"),
        "{err}"
    );
    assert!(sources(out.path()).iter().any(|s| s.contains("HYPERLINK")));
    assert_eq!(check(root.path(), &["--strict"]).0, Some(1));

    let (code, printed, err) = check(root.path(), &["--fix"]);
    assert_eq!(code, Some(0), "{printed}{err}");
    assert!(
        printed.contains(&format!(
            "{ATLANTIS_REC}:7: [^1]: Presidential Decree No. PF-6012, HYPERLINK “” → [^1]: Presidential Decree No. PF-6012,\n"
        )),
        "{printed}"
    );
    let text = std::fs::read_to_string(root.path().join(ATLANTIS_REC)).unwrap();
    assert!(
        text.ends_with("[^1]: Presidential Decree No. PF-6012,\n[^2]: Law on media, <https://adilet.zan.kz/rus/docs/Z990000451_>\n"),
        "{text}"
    );
    let (code, _, err) = check(root.path(), &["--strict"]);
    assert_eq!(code, Some(0), "{err}");
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let listed = sources(out.path());
    assert!(
        listed.iter().all(|s| !s.contains("HYPERLINK")),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|s| s.starts_with("Presidential Decree No. PF-6012")),
        "{listed:?}"
    );
    let links = page(out.path(), "/", "/sources/").hrefs("main a");
    assert!(
        links.contains(&"https://adilet.zan.kz/rus/docs/Z990000451_".to_string()),
        "{links:?}"
    );
}

const TRANSLATION: &str = "content/atlantis/p10/01-first.ru.md";

#[test]
fn a_translation_made_by_copying_loses_the_copied_fields_with_fix() {
    let settings = format!("{FIXTURE_CONFIG}\n[languages.ru]\ntitle = \"Последующие меры\"\n");
    let original = rec(
        "B2",
        "Atlantis should act.",
        "order = 1\n\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C1\"\ndate = 2020-03-26\n",
        "Body.\n",
    );
    let root = atlantis(&settings, &original);
    // `by = "committee"` needs the assessor.
    let settings = format!(
        "{settings}\n[assessors.committee]\nname = \"Human Rights Committee\"\nscale = \"hrc-2013\"\n"
    );
    write(root.path(), "followup.toml", settings.as_bytes());
    assert_eq!(
        check(root.path(), &[]).0,
        Some(0),
        "{}",
        check(root.path(), &[]).2
    );
    // Copied, then the texts translated; the order changed by mistake.
    let copy = "+++\r\ngrade = \"B2\"\r\nrecommendation = \"\"\"Атлантиде следует действовать.\"\"\"\r\norder = 2\r\n\r\n[[assessments]]\r\nround = 1\r\nby = \"committee\"\r\ngrade = \"C1\"\r\ndate = 2020-03-26\r\nsummary = \"Нет ответа.\"\r\n+++\r\nТекст.\r\n";
    write(root.path(), TRANSLATION, copy.as_bytes());
    let (code, _, err) = check(root.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    let same = "is the same in every language: a translation cannot set it";
    assert_eq!(err.matches(same).count(), 4, "{err}");
    let fixable = format!(
        "help: it is as in the original, {ATLANTIS_REC}: delete this line; `followup check --fix` does this for you"
    );
    assert_listed(&fixable["help: ".len()..].replace(ATLANTIS_REC, "content/…/01-first.md"));
    assert_eq!(err.matches(&fixable).count(), 3, "{err}");

    let (code, printed, err) = check(root.path(), &["--fix"]);
    assert_eq!(code, Some(1), "{printed}{err}");
    for (line, text) in [
        (2, "grade = \"B2\""),
        (9, "grade = \"C1\""),
        (10, "date = 2020-03-26"),
    ] {
        assert!(
            printed.contains(&format!("{TRANSLATION}:{line}: {text} → (line removed)\n")),
            "{printed}"
        );
    }
    assert!(printed.contains("Fixed 3 lines in 1 file."), "{printed}");
    // The order that differs is the author's to settle: still an error.
    assert!(
        err.contains(&format!("error: {TRANSLATION}:3:1: `order` {same}")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "help: set it in the original, {ATLANTIS_REC}, and delete this line"
        )),
        "{err}"
    );
    let fixed = std::fs::read_to_string(root.path().join(TRANSLATION)).unwrap();
    assert_eq!(
        fixed,
        "+++\r\nrecommendation = \"\"\"Атлантиде следует действовать.\"\"\"\r\norder = 2\r\n\r\n[[assessments]]\r\nround = 1\r\nby = \"committee\"\r\nsummary = \"Нет ответа.\"\r\n+++\r\nТекст.\r\n"
    );
    edit(root.path(), TRANSLATION, "order = 2\r\n", "");
    let (code, _, err) = check(root.path(), &["--strict"]);
    assert_eq!(code, Some(0), "{err}");
}

/// A misspelled field would be lost (an overview published empty): it
/// stops the build, with the field meant. A name unlike any field's is
/// the author's own note, warned of (tests/diagnostics.rs).
#[test]
fn a_misspelled_field_is_an_error_with_did_you_mean() {
    let message = "unknown field `sumary`: did you mean `summary`?";
    assert_listed(message);
    let root = atlantis(
        FIXTURE_CONFIG,
        &rec(
            "A",
            "Atlantis should act.",
            "sumary = \"Law adopted.\"\n",
            "",
        ),
    );
    let expected = format!(
        "error: {ATLANTIS_REC}:4:1: {message}\n  |\n4 | sumary = \"Law adopted.\"\n  | ^\nhelp: correct the name to `summary`; as it is written, the line is not read\n"
    );
    let out = tempfile::tempdir().unwrap();
    let o = try_build(root.path(), out.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
    assert!(!out.path().join("index.html").exists());
    edit(root.path(), ATLANTIS_REC, "sumary", "refrence");
    let (code, _, err) = check(root.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: {ATLANTIS_REC}:4:1: unknown field `refrence`: did you mean `reference`?"
        )),
        "{err}"
    );
}
