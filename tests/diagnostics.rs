//! Every mistake an author can make gives a message naming the file, line
//! and column, what is wrong and how to fix it, and never costs the last
//! good site. Each case feeds one bad input to the real binary.

use crate::common;
use common::*;
use std::path::Path;

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"Good\"\n[[grades]]\ncode = \"B2\"\nlabel = \"Partial\"\n[[grades]]\ncode = \"C\"\nlabel = \"Bad\"\n[[grades]]\ncode = \"N/A\"\nlabel = \"None\"\n";
const REC: &str = ATLANTIS_REC;

/// A valid site: one country, one paragraph, one recommendation.
fn base() -> tempfile::TempDir {
    atlantis(
        CONFIG,
        "+++\ngrade = \"A\"\nrecommendation = \"\"\"Do it.\"\"\"\n+++\nDone[^1].\n\n[^1]: Report, <https://example.org/r>\n",
    )
}

struct Run {
    code: Option<i32>,
    stderr: String,
    stdout: String,
}

fn run(args: &[&str]) -> Run {
    let o = followup(args);
    Run {
        code: o.status.code(),
        stderr: stderr(&o),
        stdout: stdout(&o),
    }
}

fn check(root: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend(extra);
    run(&args)
}

/// Builds the good site, breaks it with `change`, and asserts that both
/// `build` and `check` fail with `expected` while the output stays as it was.
fn assert_rejected(change: impl FnOnce(&Path), expected: &[&str]) {
    let root = base();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    write(out.path(), "CNAME", b"publisher's own file");
    let before = tree(out.path());

    change(root.path());
    let b = run(&[
        "build",
        "--root",
        root.path().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(b.code, Some(1), "build should fail:\n{}", b.stderr);
    for e in expected {
        assert!(b.stderr.contains(e), "expected {e:?} in:\n{}", b.stderr);
    }
    assert!(b.stderr.contains("Nothing was written"), "{}", b.stderr);
    assert!(tree(out.path()) == before, "the previous output changed");

    let c = check(root.path(), &[]);
    assert_eq!(c.code, Some(1));
    for e in expected {
        assert!(
            c.stderr.contains(e),
            "check: expected {e:?} in:\n{}",
            c.stderr
        );
    }
}

/// Asserts a build succeeds with `expected` warnings, and `check --strict` fails.
fn assert_warned(change: impl FnOnce(&Path), expected: &[&str]) {
    let root = base();
    change(root.path());
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    let err = stderr(&o);
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert_eq!(check(root.path(), &[]).code, Some(0));
    assert_eq!(check(root.path(), &["--strict"]).code, Some(1));
}

fn put(path: &'static str, text: &'static str) -> impl FnOnce(&Path) {
    move |root| write(root, path, text.as_bytes())
}

#[test]
fn toml_syntax_error_points_into_the_file() {
    assert_rejected(
        put(REC, "+++\ngrade = A\nrecommendation = \"x\"\n+++\n"),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: invalid front matter: string values must be quoted",
            "2 | grade = A\n  |         ^",
            "help: put text in quotes, like grade = \"B2\"",
        ],
    );
}

#[test]
fn unclosed_string_is_located() {
    assert_rejected(
        put(REC, "+++\ngrade = \"A\"\nrecommendation = \"x\n+++\n"),
        &[
            "error: content/atlantis/p10/01-first.md:3:20: invalid front matter: invalid basic string",
            "for text over several lines use \"\"\"three quotes\"\"\"",
        ],
    );
}

#[test]
fn unclosed_front_matter() {
    assert_rejected(
        put(REC, "+++\ngrade = \"A\"\nrecommendation = \"x\"\n"),
        &[
            "error: content/atlantis/p10/01-first.md:1:1: front matter is not closed: no second +++ line",
            "help: add a line containing only +++",
        ],
    );
}

#[test]
fn missing_front_matter_and_yaml() {
    assert_rejected(
        put(REC, "Just text.\n"),
        &[
            "error: content/atlantis/p10/01-first.md:1:1: missing front matter: the first line must be +++",
        ],
    );
    assert_rejected(
        put(REC, "---\ngrade: A\n---\n"),
        &["help: followup reads TOML front matter between +++ lines, not YAML between --- lines"],
    );
}

#[test]
fn wrong_type() {
    assert_rejected(
        put(
            REC,
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\norder = \"first\"\n+++\n",
        ),
        &[
            "error: content/atlantis/p10/01-first.md:4:9: invalid front matter: invalid type: the text \"first\", expected a whole number",
        ],
    );
}

#[test]
fn missing_required_field() {
    assert_rejected(
        put(REC, "+++\nrecommendation = \"x\"\n+++\n"),
        &[
            "error: content/atlantis/p10/01-first.md:2:1: invalid front matter: missing field `grade`",
            "help: add grade = ... to the front matter",
        ],
    );
}

/// A name far from every field is the author's own note: warned about.
#[test]
fn a_field_unlike_any_is_a_warning() {
    assert_warned(
        put(
            REC,
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\nreviewer = \"Ana\"\n+++\n",
        ),
        &[
            "warning: content/atlantis/p10/01-first.md:4:1: unknown field `reviewer` is ignored",
            "help: the fields here are: grade, recommendation, summary, order, reference, draft, assessments",
        ],
    );
}

#[test]
fn grade_not_in_the_scale_lists_the_codes() {
    assert_rejected(
        put(REC, "+++\ngrade = \"B\"\nrecommendation = \"x\"\n+++\n"),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: grade \"B\" is not in the grade scale",
            "help: use one of the grades in followup.toml: A, B2, C, N/A",
        ],
    );
}

#[test]
fn cyrillic_lookalike_grades_are_named() {
    assert_rejected(
        put(REC, "+++\ngrade = \"В2\"\nrecommendation = \"x\"\n+++\n"),
        &[
            "error: content/atlantis/p10/01-first.md:2:9: grade \"В2\" contains the Cyrillic letter 'В' (U+0412), which looks like a Latin letter",
            "help: retype it as \"B2\" with Latin letters",
        ],
    );
    assert_rejected(
        put(REC, "+++\ngrade = \"С\"\nrecommendation = \"x\"\n+++\n"),
        &[
            "'С' (U+0421)",
            "help: retype it as \"C\" with Latin letters",
        ],
    );
}

#[test]
fn duplicate_paragraph_number() {
    assert_rejected(
        |root| {
            write(
                root,
                "content/atlantis/p10b/_index.md",
                b"+++\nparagraph = 10\narticles = [7]\n+++\n",
            );
            write(
                root,
                "content/atlantis/p10b/01.md",
                b"+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n",
            );
        },
        &[
            "error: content/atlantis/p10b/_index.md:2:1: paragraph 10 is already used by content/atlantis/p10/_index.md",
        ],
    );
}

#[test]
fn empty_and_unknown_articles() {
    assert_rejected(
        put(
            "content/atlantis/p10/_index.md",
            "+++\nparagraph = 10\narticles = []\n+++\n",
        ),
        &[
            "error: content/atlantis/p10/_index.md:3:12: `articles` is empty",
            "help: list the treaty articles the paragraph concerns",
        ],
    );
    assert_rejected(
        put(
            "content/atlantis/p10/_index.md",
            "+++\nparagraph = 10\narticles = [7, 28]\n+++\n",
        ),
        &[
            "error: content/atlantis/p10/_index.md:3:16: ICCPR has no article 28",
            "help: ICCPR has articles 1 to 27",
        ],
    );
}

#[test]
fn unknown_treaty() {
    assert_rejected(
        put(
            "content/atlantis/_index.md",
            "+++\ncountry = \"Atlantis\"\ntreaty = \"ICPPR\"\n+++\n",
        ),
        &[
            "error: content/atlantis/_index.md:3:10: unknown treaty \"ICPPR\"",
            "or describe it in followup.toml under [treaties.ICPPR]",
        ],
    );
}

#[test]
fn footnote_without_definition_is_an_error() {
    assert_rejected(
        put(
            REC,
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\nText[^1] and more[^2].\n\n[^1]: <https://a.org>\n",
        ),
        &[
            "error: content/atlantis/p10/01-first.md:5:18: footnote [^2] is referenced but never defined",
            "help: add a line `[^2]: Title of the source, <https://...>` at the end of the file",
        ],
    );
}

#[test]
fn unreferenced_footnote_is_a_warning() {
    assert_warned(
        put(
            REC,
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\nText[^1].\n\n[^1]: <https://a.org>\n[^old]: <https://b.org>\n",
        ),
        &[
            "warning: content/atlantis/p10/01-first.md:8:1: footnote [^old] is defined but never referenced",
        ],
    );
}

#[test]
fn footnote_without_url_is_listed_without_link() {
    let root = base();
    write(
        root.path(),
        REC,
        b"+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\nSaid[^1].\n\n[^1]: Interview with the Ombudsman, May 2012.\n",
    );
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let p = page(out.path(), "/", "/sources/");
    assert_eq!(
        p.texts(".source-note"),
        ["Interview with the Ombudsman, May 2012"]
    );
    assert!(p.hrefs("a.source-url").is_empty());
}

#[test]
fn recommendation_in_the_wrong_folder() {
    assert_rejected(
        put(
            "content/atlantis/stray.md",
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n",
        ),
        &[
            "error: content/atlantis/stray.md: this Markdown file is not where followup looks for content",
            "help: a recommendation belongs in a paragraph folder",
        ],
    );
    assert_rejected(
        put(
            "content/atlantis/p10/extra/deep.md",
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n",
        ),
        &[
            "error: content/atlantis/p10/extra/deep.md: this Markdown file is not where followup looks for content",
            "recommendations sit exactly two folders below content/",
        ],
    );
}

#[test]
fn folders_without_index() {
    assert_rejected(
        put(
            "content/lemuria/p1/01.md",
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n",
        ),
        &[
            "error: content/lemuria: the country folder has no _index.md",
            "error: content/lemuria/p1: the paragraph folder has no _index.md",
        ],
    );
}

#[test]
fn reserved_country_folder_names() {
    for name in ["grades", "articles", "sources", "data"] {
        let index = format!("content/{name}/_index.md");
        assert_rejected(
            |root| write(root, &index, b"+++\ncountry = \"X\"\n+++\n"),
            &[&format!(
                "error: content/{name}: the folder name `{name}` is reserved"
            )],
        );
    }
}

#[test]
fn two_files_with_the_same_address() {
    assert_rejected(
        put(
            "content/atlantis/p10/01 First.md",
            "+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n",
        ),
        &["would have the same address (`01-first`) as"],
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    assert_rejected(
        |root| {
            let mut bytes = b"+++\ngrade = \"A\"\nrecommendation = \"caf".to_vec();
            bytes.push(0xE9); // Latin-1 é
            bytes.extend(b"\"\n+++\n");
            write(root, REC, &bytes);
        },
        &[
            "error: content/atlantis/p10/01-first.md:3:22: not valid UTF-8 text (byte offset 37)",
            "help: save the file as UTF-8",
        ],
    );
}

#[test]
fn empty_file() {
    assert_rejected(
        put(REC, ""),
        &["error: content/atlantis/p10/01-first.md: the file is empty"],
    );
}

#[test]
fn a_50_mb_file_is_refused_quickly() {
    assert_rejected(
        |root| {
            let mut text = b"+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n".to_vec();
            text.resize(50 * 1024 * 1024, b'a');
            write(root, REC, &text);
        },
        &[
            "error: content/atlantis/p10/01-first.md: the file is 50.0 MB, larger than the 10 MB a text file may have",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_skipped_not_followed_forever() {
    let root = base();
    std::os::unix::fs::symlink("..", root.path().join("content/atlantis/p10/loop")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    assert!(
        stderr(&o).contains("warning: content/atlantis/p10/loop: symbolic link loop"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn editor_leftovers_are_ignored_and_attachments_copied() {
    let root = base();
    for leftover in [
        "content/atlantis/p10/.01-first.md.swp",
        "content/atlantis/p10/01-first.md~",
        "content/atlantis/p10/.#01-first.md",
        "content/atlantis/p10/#01-first.md#",
    ] {
        write(root.path(), leftover, b"\x00garbage");
    }
    write(
        root.path(),
        "content/atlantis/p10/report.pdf",
        b"%PDF-1.4 fake",
    );
    let out = tempfile::tempdir().unwrap();
    let o = build(root.path(), out.path());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.path().join("atlantis/p10/report.pdf")).unwrap(),
        b"%PDF-1.4 fake"
    );
    let files: Vec<String> = tree(out.path()).into_keys().collect();
    assert!(
        files
            .iter()
            .all(|f| !f.contains('~') && !f.contains(".swp")),
        "{files:?}"
    );
}

#[test]
fn raw_html_needs_allow_html() {
    let root = base();
    write(
        root.path(),
        REC,
        b"+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\n<span class=\"x\">kept?</span> <script>alert(1)</script>\n",
    );
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let html =
        std::fs::read_to_string(out.path().join("atlantis/p10/01-first/index.html")).unwrap();
    assert!(
        !html.contains("<span class=\"x\">") && !html.contains("<script>alert"),
        "{html}"
    );

    let config = format!("allow_html = true\n{CONFIG}");
    write(root.path(), "followup.toml", config.as_bytes());
    build(root.path(), out.path());
    let html =
        std::fs::read_to_string(out.path().join("atlantis/p10/01-first/index.html")).unwrap();
    assert!(html.contains("<span class=\"x\">kept?</span>"), "{html}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    assert_rejected(
        |root| {
            write(
                root,
                "followup.toml",
                b"title = \"T\"\nbase_url = 5\n[[grades]]\ncode = \"A\"\nlabel = \"a\"\n",
            );
            write(
                root,
                REC,
                b"+++\ngrade = \"A\"\nrecommendation = \"x\"\n+++\nText[^1].\n",
            );
            write(root, "content/atlantis/p10/02.md", b"+++\ngrade = A\n+++\n");
        },
        &[
            "error: followup.toml:2:12: invalid settings: invalid type: the number `5`, expected text in quotes",
            "error: content/atlantis/p10/01-first.md:5:5: footnote [^1] is referenced but never defined",
            "error: content/atlantis/p10/02.md:2:9: invalid front matter",
            "failed: 3 errors, 0 warnings.",
        ],
    );
}

#[test]
fn json_format_prints_one_object_per_problem() {
    let root = base();
    write(
        root.path(),
        REC,
        b"+++\ngrade = \"X\"\nrecommendation = \"x\"\nreviewer = \"\"\n+++\n",
    );
    let c = check(root.path(), &["--format", "json"]);
    assert_eq!(c.code, Some(1));
    let lines: Vec<serde_json::Value> = c
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", c.stdout);
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["file"], "content/atlantis/p10/01-first.md");
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[0]["column"], 9);
    assert_eq!(lines[0]["message"], "grade \"X\" is not in the grade scale");
    assert_eq!(lines[1]["severity"], "warning");
    assert_eq!(lines[1]["message"], "unknown field `reviewer` is ignored");
}

#[test]
fn missing_settings_file_is_named() {
    assert_rejected(
        |root| std::fs::remove_file(root.join("followup.toml")).unwrap(),
        &[
            "error: followup.toml: cannot read: file not found",
            "help: a site needs followup.toml at its root",
        ],
    );
}

/// The settings with `extra` appended: further tables of followup.toml.
fn with_settings(extra: &'static str) -> impl FnOnce(&Path) {
    move |root| write(root, "followup.toml", format!("{CONFIG}{extra}").as_bytes())
}

#[test]
fn an_unknown_level_is_named_with_the_levels() {
    assert_rejected(
        with_settings(
            "[scales.mine]\n[[scales.mine.grades]]\ncode = \"B\"\nlabel = \"Partly\"\nlevel = \"partal\"\n",
        ),
        &[
            "error: followup.toml:19:9: unknown level \"partal\" for grade \"B\"",
            "help: did you mean \"partial\"? The levels are satisfactory, partial, not-satisfactory, no-cooperation, contrary, no-information",
        ],
    );
}

#[test]
fn an_assessor_with_an_unknown_scale_gets_a_did_you_mean() {
    assert_rejected(
        with_settings(
            "[assessors.committee]\nname = \"Human Rights Committee\"\nscale = \"hrc-2031\"\n",
        ),
        &[
            "error: followup.toml:17:9: assessor \"committee\" grades with an unknown scale \"hrc-2031\"",
            "did you mean \"hrc-2013\"? Known scales: hrc-2013, hrc-2016, or describe it under [scales.hrc-2031]",
        ],
    );
}

#[test]
fn an_assessor_may_not_take_the_address_of_a_grade() {
    assert_rejected(
        with_settings("[assessors.a]\nname = \"Another NGO\"\nscale = \"hrc-2016\"\n"),
        &[
            "error: followup.toml:15:1: assessor \"a\" would share the page grades/a/ with grade \"A\"",
            "help: give the assessor a longer key, like [assessors.a-grades]",
        ],
    );
}

/// Assessors, their scales and levels are settings a site may add without
/// changing a page: a site that has them builds exactly as before.
#[test]
fn assessors_and_scales_leave_the_site_as_it_was() {
    let plain = base();
    let before = tempfile::tempdir().unwrap();
    build(plain.path(), before.path());
    let with = base();
    write(
        with.path(),
        "followup.toml",
        format!("assessor = \"Atlantis Watch\"\n{CONFIG}{}", "[assessors.committee]\nname = \"Human Rights Committee\"\nscale = \"hrc-2013\"\n[assessors.ngo]\nname = \"Another NGO\"\nscale = \"mine\"\n[scales.mine]\n[[scales.mine.grades]]\ncode = \"B\"\nlabel = \"Partly\"\nlevel = \"partial\"\n").as_bytes(),
    );
    let c = check(with.path(), &["--strict"]);
    assert_eq!(c.code, Some(0), "{}", c.stderr);
    let after = tempfile::tempdir().unwrap();
    build(with.path(), after.path());
    // Every page and feed is as it was; only the open data names the
    // site's own assessor, beside its grades.
    let pages = |dir: &Path| {
        let mut t = tree(dir);
        t.retain(|path, _| !path.starts_with("data/") && path != ".followup-manifest");
        t
    };
    assert!(pages(before.path()) == pages(after.path()));
    let data = std::fs::read_to_string(after.path().join("data/assessments.csv")).unwrap();
    assert!(data.contains(",Atlantis Watch,"), "{data}");
    let data = std::fs::read_to_string(before.path().join("data/assessments.csv")).unwrap();
    assert!(
        data.contains(",T,"),
        "the site's title stands for its assessor: {data}"
    );
}
