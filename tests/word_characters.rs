//! Text pasted from Word: every character a message is about is named in
//! words and code point, and `followup check --fix` makes the fixes that
//! have exactly one right answer, changing nothing else. Each case feeds
//! the real binary a small site.

use crate::common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"Good\"\n[[grades]]\ncode = \"B2\"\nlabel = \"Partial\"\n[[grades]]\ncode = \"C\"\nlabel = \"Bad\"\n[[grades]]\ncode = \"D1\"\nlabel = \"Worse\"\n[[grades]]\ncode = \"N/A\"\nlabel = \"None\"\n[assessors.committee]\nname = \"Human Rights Committee\"\nscale = \"hrc-2013\"\n";
const REC: &str = ATLANTIS_REC;
const GOOD: &str = "+++\ngrade = \"A\"\nrecommendation = \"\"\"Do it.\"\"\"\n+++\nDone.\n";

/// A valid site: one country, one paragraph, one recommendation.
fn base() -> tempfile::TempDir {
    atlantis(CONFIG, GOOD)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn check(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend(extra);
    let o = followup(&args);
    Run {
        code: o.status.code(),
        stdout: stdout(&o),
        stderr: stderr(&o),
    }
}

/// A site whose file `path` holds `text`.
fn with(path: &str, text: &str) -> tempfile::TempDir {
    let root = base();
    write(root.path(), path, text.as_bytes());
    root
}

/// `check` fails with each of `expected` in its messages.
#[track_caller]
fn rejected(root: &Path, expected: &[&str]) {
    let c = check(root, &[]);
    assert_eq!(c.code, Some(1), "check should fail:\n{}", c.stderr);
    for e in expected {
        assert!(c.stderr.contains(e), "expected {e:?} in:\n{}", c.stderr);
    }
}

/// `check --fix --dry-run` prints `changes` and writes nothing; `check
/// --fix` prints them, leaves `path` as `fixed` and every other file as it
/// was, and the site then passes `check`.
#[track_caller]
fn fixed(root: &Path, path: &str, fixed: &[u8], changes: &[&str]) {
    let before = tree(root);
    let dry = check(root, &["--fix", "--dry-run"]);
    assert!(tree(root) == before, "--dry-run wrote:\n{}", dry.stdout);
    for c in changes {
        assert!(dry.stdout.contains(c), "expected {c:?} in:\n{}", dry.stdout);
    }
    assert!(
        dry.stdout.contains("(--dry-run: nothing written)"),
        "{}",
        dry.stdout
    );
    assert_eq!(dry.code, Some(0), "{}{}", dry.stdout, dry.stderr);

    let run = check(root, &["--fix"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let printed: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        printed[..printed.len() - 1],
        changes[..],
        "the changes printed:\n{}",
        run.stdout
    );
    let mut after = tree(root);
    assert_eq!(
        String::from_utf8_lossy(&after.remove(path).unwrap()),
        String::from_utf8_lossy(fixed)
    );
    let mut others: BTreeMap<String, Vec<u8>> = before;
    others.remove(path);
    assert!(after == others, "--fix changed another file");
    let c = check(root, &[]);
    assert_eq!(c.code, Some(0), "the fixed site fails check:\n{}", c.stderr);
}

/// `check --fix` fixes nothing in the site, and reports `expected` as
/// `check` does.
#[track_caller]
fn not_fixed(root: &Path, expected: &[&str]) {
    let before = tree(root);
    let run = check(root, &["--fix"]);
    assert_eq!(run.stdout.trim(), "Nothing to fix.", "{}", run.stdout);
    assert_eq!(run.code, Some(1));
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in:\n{}", run.stderr);
    }
    assert!(tree(root) == before, "--fix changed a file");
}

#[test]
fn curly_quotes_around_a_grade() {
    let root = with(REC, &GOOD.replace("\"A\"", "“D1”"));
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: the text of `grade` starts and ends with the curly quotation marks “ (U+201C) and ” (U+201D), which Word types\n  |\n2 | grade = “D1”\n  |         ^  ^\n",
            "help: type straight quotes instead: grade = \"D1\"; `followup check --fix` does this for you",
        ],
    );
    fixed(
        root.path(),
        REC,
        GOOD.replace("\"A\"", "\"D1\"").as_bytes(),
        &["content/atlantis/p10/01-first.md:2: grade = “D1” → grade = \"D1\""],
    );
}

#[test]
fn a_grade_in_lower_case_with_a_non_breaking_space() {
    let root = with(REC, &GOOD.replace("\"A\"", "\"d1\u{a0}\""));
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: grade \"d1\u{a0}\" contains an invisible character, a non-breaking space (U+00A0)\n  |\n2 | grade = \"d1\u{a0}\"\n  |         ^  ^\n",
            "help: retype it as \"D1\"; `followup check --fix` does this for you",
        ],
    );
    let c = check(root.path(), &[]);
    assert!(!c.stderr.contains("\\u{a0}"), "{}", c.stderr);
    fixed(
        root.path(),
        REC,
        GOOD.replace("\"A\"", "\"D1\"").as_bytes(),
        &[
            "content/atlantis/p10/01-first.md:2: grade = \"d1⟨non-breaking space⟩\" → grade = \"D1\"",
        ],
    );
}

#[test]
fn a_zero_width_space_inside_a_grade_is_drawn() {
    let root = with(REC, &GOOD.replace("\"A\"", "\"D\u{200b}1\""));
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: grade \"D\u{200b}1\" contains an invisible character, a zero-width space (U+200B)\n  |\n2 | grade = \"D·1\"\n  |         ^ ^\n",
            "help: retype it as \"D1\"; `followup check --fix` does this for you",
        ],
    );
    fixed(
        root.path(),
        REC,
        GOOD.replace("\"A\"", "\"D1\"").as_bytes(),
        &["content/atlantis/p10/01-first.md:2: grade = \"D⟨zero-width space⟩1\" → grade = \"D1\""],
    );
}

#[test]
fn a_non_breaking_space_before_equals() {
    let root = with(REC, &GOOD.replace("grade =", "grade\u{a0}="));
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/01-first.md:2:6: a non-breaking space (U+00A0) between `grade` and `=`: only ordinary spaces can go there\n  |\n2 | grade\u{a0}= \"A\"\n  |      ^\n",
            "help: replace it with an ordinary space; `followup check --fix` does this for you",
        ],
    );
    fixed(
        root.path(),
        REC,
        GOOD.as_bytes(),
        &["content/atlantis/p10/01-first.md:2: grade⟨non-breaking space⟩= \"A\" → grade = \"A\""],
    );
}

#[test]
fn straight_quotes_inside_a_one_line_text() {
    let text = GOOD.replace(
        "+++\nDone",
        "summary = \"No reply to the \"urgent\" letter.\"\n+++\nDone",
    );
    let root = with(REC, &text);
    let expected = [
        "error: content/atlantis/p10/01-first.md:4:28: the straight quotation mark \" inside the text of `summary` ends the text too early\n  |\n4 | summary = \"No reply to the \"urgent\" letter.\"\n  |                            ^      ^\n",
        "help: to keep quotation marks in the text, put it in three quotes: summary = \"\"\"No reply to the \"urgent\" letter.\"\"\"; or type curly quotes “ ” inside it",
    ];
    rejected(root.path(), &expected);
    // Three quotes or curly ones: not one right answer.
    not_fixed(root.path(), &expected);
}

#[test]
fn an_unknown_setting_gets_a_did_you_mean() {
    let root = with("followup.toml", &CONFIG.replace("title =", "titel ="));
    let expected = [
        "error: followup.toml:1:1: unknown setting `titel`\n  |\n1 | titel = \"T\"\n  | ^\nhelp: did you mean `title`?",
    ];
    rejected(root.path(), &expected);
    let c = check(root.path(), &[]);
    assert!(!c.stderr.contains("quotes"), "{}", c.stderr);
    not_fixed(root.path(), &expected);
}

#[test]
fn word_characters_in_the_settings_are_fixed_too() {
    let root = with(
        "followup.toml",
        &CONFIG
            .replace("title = \"T\"", "title\u{a0}= “T”")
            .replace("code = \"C\"", "code = \"C\"\u{200b}"),
    );
    rejected(
        root.path(),
        &[
            "error: followup.toml:1:6: a non-breaking space (U+00A0) between `title` and `=`",
            "error: followup.toml:1:9: the text of `title` starts and ends with the curly quotation marks",
            "error: followup.toml:10:11: a zero-width space (U+200B) at the end of the line: only ordinary spaces can go there\n   |\n10 | code = \"C\"·\n   |           ^\nhelp: delete it; `followup check --fix` does this for you",
        ],
    );
    fixed(
        root.path(),
        "followup.toml",
        CONFIG.as_bytes(),
        &[
            "followup.toml:1: title⟨non-breaking space⟩= “T” → title = \"T\"",
            "followup.toml:10: code = \"C\"⟨zero-width space⟩ → code = \"C\"",
        ],
    );
}

/// All of them in one file saved by Windows (byte order mark, CRLF), with
/// a body whose typography is the author's: one run names every problem
/// of the front matter; `--fix` makes every fix, in two rounds (the grade
/// in curly quotes can be read only once they are straight), and changes
/// no other byte.
#[test]
fn a_file_pasted_from_word_is_fixed_whole() {
    let front = "+++\ngrade\u{a0}= “В2”\nrecommendation = \"\"\"Do it.\"\"\"\nsumm\u{200b}ary = “Partly done.”\norder = 1\u{a0}\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"с1\"\ndate = 2013-03-28\n+++\n";
    let body = "Fines of 10\u{a0}000 tenge[^1]; the “urgent” letter was not answered.\n\n[^1]: Report, <https://example.org/r>\n";
    let windows = |s: &str| {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(s.replace('\n', "\r\n").as_bytes());
        b
    };
    let root = base();
    write(root.path(), REC, &windows(&format!("{front}{body}")));
    rejected(
        root.path(),
        &[
            "01-first.md:2:6: a non-breaking space (U+00A0) between `grade` and `=`",
            "01-first.md:2:9: the text of `grade` starts and ends with the curly quotation marks “ (U+201C) and ” (U+201D), which Word types",
            "01-first.md:4:5: the name `summary` contains an invisible character, a zero-width space (U+200B)\n  |\n4 | summ·ary = “Partly done.”\n  |     ^\nhelp: retype it as `summary`; `followup check --fix` does this for you",
            "01-first.md:4:12: the text of `summary` starts and ends with the curly quotation marks",
            "01-first.md:5:10: a non-breaking space (U+00A0) at the end of the line: only ordinary spaces can go there",
            "Check failed: 5 errors, 0 warnings.",
        ],
    );
    let good = "+++\ngrade = \"B2\"\nrecommendation = \"\"\"Do it.\"\"\"\nsummary = \"Partly done.\"\norder = 1\n[[assessments]]\nround = 1\nby = \"committee\"\ngrade = \"C1\"\ndate = 2013-03-28\n+++\n";
    fixed(
        root.path(),
        REC,
        &windows(&format!("{good}{body}")),
        &[
            "content/atlantis/p10/01-first.md:2: grade⟨non-breaking space⟩= “В2” → grade = \"B2\"",
            "content/atlantis/p10/01-first.md:4: summ⟨zero-width space⟩ary = “Partly done.” → summary = \"Partly done.\"",
            "content/atlantis/p10/01-first.md:5: order = 1⟨non-breaking space⟩ → order = 1",
            "content/atlantis/p10/01-first.md:9: grade = \"с1\" → grade = \"C1\"",
        ],
    );
}

/// What `--fix` can fix it fixes; what it cannot, it reports as `check`
/// does, and the exit status says so.
#[test]
fn what_fix_cannot_fix_is_reported() {
    let text = "+++\ngrade = “C”\nrecommendation = \"\"\"Do it.\"\"\"\nsummary = \"No reply to the \"urgent\" letter.\"\n+++\nDone.\n";
    let root = with(REC, text);
    let run = check(root.path(), &["--fix"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("content/atlantis/p10/01-first.md:2: grade = “C” → grade = \"C\"\nFixed 1 line in 1 file.\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("01-first.md:4:28: the straight quotation mark \" inside the text of `summary` ends the text too early"),
        "{}",
        run.stderr
    );
    let now = std::fs::read_to_string(root.path().join(REC)).unwrap();
    assert_eq!(now, text.replace("“C”", "\"C\""));
}

#[test]
fn a_misspelled_required_field_is_named_where_it_is() {
    let root = with(
        REC,
        "+++\ngrade = \"A\"\nrecomendation = \"\"\"Do it.\"\"\"\n+++\nDone.\n",
    );
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/01-first.md:3:1: `recomendation` is probably `recommendation`, which is required and missing\n  |\n3 | recomendation",
            "help: correct the name: recommendation = ...",
        ],
    );
    let c = check(root.path(), &[]);
    assert!(!c.stderr.contains("add recommendation"), "{}", c.stderr);
    let root = with(
        "content/atlantis/p10/_index.md",
        "+++\nparagraph = 10\narticle = [19]\n+++\nConcern.\n",
    );
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/_index.md:3:1: `article` is probably `articles`, which is required and missing",
        ],
    );
}

#[test]
fn grades_are_compared_without_capitals_spaces_or_punctuation() {
    let root = with(REC, &GOOD.replace("\"A\"", "\"NA\""));
    rejected(
        root.path(),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: grade \"NA\" is not in the grade scale",
            "help: did you mean \"N/A\"? the grades are: A, B2, C, D1, N/A",
        ],
    );
    // A guess, not the one right answer: --fix leaves it.
    not_fixed(root.path(), &["did you mean \"N/A\"?"]);
    let root = with(REC, &GOOD.replace("\"A\"", "\"c\""));
    rejected(
        root.path(),
        &[
            "help: did you mean \"C\"? `followup check --fix` does this for you; the grades are: A, B2, C, D1, N/A",
        ],
    );
}

#[test]
fn a_long_line_is_shown_around_the_caret() {
    let long = format!("summary = \"{}\" and more\n", "word ".repeat(120));
    let root = with(REC, &GOOD.replace("+++\nDone", &format!("{long}+++\nDone")));
    let c = check(root.path(), &[]);
    assert_eq!(c.code, Some(1));
    let lines: Vec<&str> = c.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("4 | "))
        .unwrap_or_else(|| panic!("{}", c.stderr));
    let (shown, caret) = (lines[at], lines[at + 1]);
    assert!(
        shown.starts_with("4 | …") && shown.chars().count() <= 90,
        "{shown}"
    );
    let column = caret.find('^').unwrap();
    assert!(
        column < 30,
        "the caret is {column} columns in:\n{}",
        c.stderr
    );
    assert_eq!(shown.chars().nth(column), Some('a'), "{shown}\n{caret}");
}

#[test]
fn the_body_is_the_authors_typography() {
    let text = "+++\ngrade = \"A\"\nrecommendation = \"\"\"Do it.\"\"\"\nsummary = \"A “quoted” word, 10\u{a0}000.\"\n+++\nFines of 10\u{a0}000 tenge; the “urgent” letter.\n";
    let root = with(REC, text);
    let c = check(root.path(), &["--strict"]);
    assert_eq!(c.code, Some(0), "{}", c.stderr);
    let run = check(root.path(), &["--fix"]);
    assert!(run.stdout.starts_with("Nothing to fix."), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(root.path().join(REC)).unwrap(),
        text
    );
}

/// The preview's panel shows the problems with the words `check` uses.
#[test]
fn the_preview_says_it_in_the_same_words() {
    let root = base();
    let preview = Preview::start(root.path());
    write(root.path(), REC, GOOD.replace("\"A\"", "“D1”").as_bytes());
    let words = "the text of `grade` starts and ends with the curly quotation marks “ (U+201C) and ” (U+201D), which Word types";
    assert!(
        eventually(10, || preview.get("/__followup/status").1.contains(words)),
        "{}",
        preview.get("/__followup/status").1
    );
    let status = preview.get("/__followup/status").1;
    assert!(
        status.contains("type straight quotes instead: grade = \\\"D1\\\"; `followup check --fix` does this for you"),
        "{status}"
    );
}

/// The authoring guide's messages table says what `check` prints: each of
/// the guide's examples of a pasted-text mistake, given to `check`, yields
/// a message the table has word for word.
#[test]
fn the_guides_table_has_the_messages_check_prints() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
            .unwrap();
    let table: Vec<&str> = guide.lines().filter(|l| l.starts_with("| ")).collect();
    let recs = [
        "+++\ngrade = “D1”\nrecommendation = \"\"\"Do it.\"\"\"\n+++\n",
        "+++\ngrade = \"A\"\nrecommendation = \"\"\"Do it.\"\"\"\nsummary = \"No reply to the \"urgent\" letter.\"\n+++\n",
        "+++\ngrade\u{a0}= \"D1\"\nrecommendation = \"\"\"Do it.\"\"\"\n+++\n",
        "+++\ngr\u{200b}ade = \"D1\"\nrecommendation = \"\"\"Do it.\"\"\"\n+++\n",
        "+++\ngrade = \"D1\"\nrecomendation = \"\"\"Do it.\"\"\"\n+++\n",
    ];
    let mut seen = 0;
    for (i, text) in recs.iter().enumerate() {
        let root = base();
        write(root.path(), REC, text.as_bytes());
        if i == 0 {
            let config = format!("titel = \"T\"\n{CONFIG}");
            write(root.path(), "followup.toml", config.as_bytes());
        }
        let run = check(root.path(), &[]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        for line in run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        {
            // "error: FILE:LINE:COL: message": the message, as the table writes it.
            let message = line.splitn(3, ": ").nth(2).unwrap_or_default();
            let message = message
                .split_once(": ")
                .filter(|(at, _)| at.chars().all(|c| c.is_ascii_digit() || c == ':'))
                .map_or(message, |(_, m)| m);
            assert!(
                table.iter().any(|row| row.contains(message)),
                "the guide's table lacks: {message}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 6, "{seen}");
}
