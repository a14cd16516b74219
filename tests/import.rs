//! `followup import` with the real binary: the seed's text (an NGO's
//! assessment as it comes out of Word) and a Word document laid out like
//! it become a dossier that passes `check`; every warning and refusal.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "import/layouts.rs"]
mod layouts;

fn followup(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/kazakhstan.txt")
}

fn docx() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/kazakhstan.docx")
}

/// A new site (`followup init`) without its example dossier.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = followup(&["init", dir.path().join("s").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // `init` may or may not write the example dossier.
    let example = dir.path().join("s/content/kazakhstan");
    if example.exists() {
        std::fs::remove_dir_all(example).unwrap();
    }
    dir
}

fn root(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("s")
}

fn import(root: &Path, file: &Path, more: &[&str]) -> Output {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--country",
        "kazakhstan",
    ];
    args.extend(more);
    followup(&args)
}

/// Every recommendation file of the dossier, in order.
fn recommendations(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/kazakhstan"))
        .min_depth(2)
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn grade(text: &str) -> String {
    let line = text.lines().find(|l| l.starts_with("grade = ")).unwrap();
    line.trim_start_matches("grade = ")
        .trim_matches('"')
        .to_string()
}

/// What both imports must give: the seed's 4 paragraphs and 11
/// recommendations, with its grades, its 14 footnotes and their 12
/// addresses; and a dossier that passes `check`.
fn assert_seed_dossier(root: &Path, o: &Output) {
    assert!(o.status.success(), "{}{}", stdout(o), stderr(o));
    assert!(
        stdout(o).contains("4 paragraphs, 11 recommendations and 14 footnotes"),
        "{}",
        stdout(o)
    );
    assert!(stdout(o).contains("It passes `followup check`. Preview it: followup serve --root"));
    // Everything read is accounted for: the summary table and the four
    // detailed tables, their rows (headers and group rows included).
    assert!(
        stdout(o).contains(
            "read 5 tables, 30 rows, 14 footnotes; wrote 4 paragraphs, 11 recommendations, 14 footnotes; left out nothing"
        ),
        "{}",
        stdout(o)
    );
    let recs = recommendations(root);
    let grades: Vec<String> = recs.iter().map(|(_, t)| grade(t)).collect();
    assert_eq!(
        grades,
        ["B2", "N/A", "B2", "C", "C", "C", "C", "C", "C", "C", "C"]
    );
    let folders: Vec<String> = std::fs::read_dir(root.join("content/kazakhstan"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut numbers: Vec<&str> = folders.iter().map(|f| &f[..3]).collect();
    numbers.sort();
    assert_eq!(numbers, ["p07", "p21", "p25", "p26"]);
    // Footnotes: 14 definitions, 12 distinct addresses.
    let defs: Vec<&str> = recs
        .iter()
        .flat_map(|(_, t)| t.lines().filter(|l| l.starts_with("[^")))
        .collect();
    assert_eq!(defs.len(), 14, "{defs:#?}");
    let mut addresses: Vec<&str> = defs
        .iter()
        .filter_map(|d| d.rsplit_once('<').map(|(_, a)| a.trim_end_matches('>')))
        .collect();
    addresses.sort();
    addresses.dedup();
    assert_eq!(addresses.len(), 12, "{addresses:#?}");
    // The sample's wording: the summary table's, and the sections.
    let (_, first) = &recs[0];
    assert!(first.contains("recommendation = \"The State party should strengthen its efforts"));
    assert!(first.contains("summary = \"Limited progress. A consolidation"));
    assert!(first.contains("## Action taken by the State\n\nA consolidation of the Ombudsman"));
    // Paragraph 21's articles, from "(arts. 2 and 14)".
    let p21 = folders.iter().find(|f| f.starts_with("p21")).unwrap();
    let index =
        std::fs::read_to_string(root.join("content/kazakhstan").join(p21).join("_index.md"))
            .unwrap();
    assert!(
        index.contains("paragraph = 21\narticles = [2, 14]\n"),
        "{index}"
    );
    let check = followup(&["check", "--root", root.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn the_seeds_text_becomes_the_dossier() {
    let dir = site();
    let o = import(&root(&dir), &seed(), &[]);
    assert_seed_dossier(&root(&dir), &o);
    let err = stderr(&o);
    // The look-alike grades, each reported with where it was.
    assert!(err.contains(
        "warning: table 2, row 4, cell 2: the grade \"В2\" was typed with the Cyrillic letter В (U+0412), which looks like the Latin B: it became \"B2\""
    ), "{err}");
    assert!(err.contains("the grade \"С\" was typed with the Cyrillic letter С (U+0421)"));
    // Footnote marks are lost in text: every place is a guess, said so.
    assert_eq!(err.matches("so its place was guessed").count(), 14, "{err}");
    // A recommendation worded differently in the two tables: both shown.
    assert!(err.contains(
        "paragraph 21: the recommendation is worded differently in the summary table and in the detailed table; the summary table's wording was kept.\n    summary table:  The State party should review the powers of the Office of the Procurator General"
    ), "{err}");
    assert!(err.contains(
        "    detailed table: The state party should review the powers of the Prosecutor's Office"
    ));
    // Word's list numbering: a list of three as a Markdown list.
    let recs = recommendations(&root(&dir));
    let attacks = &recs[8].1;
    assert!(
        attacks.contains("Attacks on journalists remain frequent:\n\n1. In April 2012"),
        "{attacks}"
    );
    assert!(attacks.contains("[^1].\n2. In August 2012"), "{attacks}");
    // A lone number left by Word is left out, and said.
    assert!(err.contains(
        "a lone list number \"2.\" left by Word at the start of a paragraph was left out"
    ));
    // Field codes are gone from the footnotes.
    assert!(
        recs.iter()
            .all(|(_, t)| !t.contains("HYPERLINK") && !t.contains('\u{fffd}'))
    );
}

#[test]
fn a_word_document_becomes_the_dossier() {
    if !docx().exists() {
        panic!(
            "{} is missing: make it with tests/fixtures/import/make_docx.py",
            docx().display()
        );
    }
    let dir = site();
    let o = import(&root(&dir), &docx(), &[]);
    assert_seed_dossier(&root(&dir), &o);
    // In a .docx the footnotes' places are known: none is guessed.
    assert!(!stderr(&o).contains("guessed"), "{}", stderr(&o));
}

#[test]
fn a_dry_run_prints_the_plan_and_writes_nothing() {
    let dir = site();
    let before = std::fs::read_to_string(root(&dir).join("followup.toml")).unwrap();
    let o = import(&root(&dir), &seed(), &["--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(
        "Would write 4 paragraphs, 11 recommendations and 14 footnotes into content/kazakhstan:"
    ));
    assert!(stdout(&o).contains("content/kazakhstan/_index.md"));
    assert!(!root(&dir).join("content/kazakhstan").exists());
    assert_eq!(
        std::fs::read_to_string(root(&dir).join("followup.toml")).unwrap(),
        before
    );
    // The same as JSON, for tools.
    let o = import(&root(&dir), &seed(), &["--dry-run", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["recommendations"], 11);
    assert_eq!(report["written"], false);
    assert!(report["warnings"].as_array().unwrap().len() >= 14);
}

#[test]
fn an_existing_dossier_is_never_overwritten() {
    let dir = site();
    let folder = root(&dir).join("content/kazakhstan");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("_index.md"), "mine").unwrap();
    let o = import(&root(&dir), &seed(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(
        "content/kazakhstan already exists: import never overwrites a dossier; give another --country, or move that folder away first"
    ), "{}", stderr(&o));
    assert!(stderr(&o).contains("Import failed: nothing was written."));
    assert_eq!(
        std::fs::read_to_string(folder.join("_index.md")).unwrap(),
        "mine"
    );
}

#[test]
fn what_cannot_be_imported_is_refused_with_the_fix() {
    let dir = site();
    let tmp = tempfile::tempdir().unwrap();
    // Not a site.
    let o = import(tmp.path(), &seed(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("has no followup.toml: import into a followup site (`followup init DIR` makes one), with --root DIR"), "{}", stderr(&o));
    // An old Word document, a PDF, a .docx that is not one.
    for (name, bytes, says) in [
        (
            "a.doc",
            &b"\xd0\xcf\x11\xe0"[..],
            "is an old Word document (.doc): open it in Word and save it as a .docx",
        ),
        (
            "a.pdf",
            &b"%PDF-1.4"[..],
            "followup imports Word documents (.docx) and their text copied out of Word (.txt)",
        ),
        (
            "a.docx",
            &b"not a zip"[..],
            "is not a Word document (.docx)",
        ),
        ("a.txt", &b"\xff\xfe\x00"[..], "is not UTF-8 text"),
        (
            "b.txt",
            &b"Just a letter.\n"[..],
            "no follow-up paragraph was found",
        ),
    ] {
        let file = tmp.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let o = import(&root(&dir), &file, &[]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
    }
    assert!(!root(&dir).join("content/kazakhstan").exists());
}

#[test]
fn grades_the_settings_lack_come_from_the_documents_legend() {
    let dir = site();
    let config = root(&dir).join("followup.toml");
    // Settings with one grade only, and none for N/A or B2.
    std::fs::write(
        &config,
        "title = \"T\"\nbase_url = \"https://example.org/\"\n\n[[grades]]\ncode = \"C\"\nlabel = \"No action\"\n",
    )
    .unwrap();
    let o = import(&root(&dir), &seed(), &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(
            "Added grades to followup.toml, from the document's legends: A1, A2, B1, B2, B3, N/A"
        ),
        "{}",
        stdout(&o)
    );
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(written.contains("code = \"B2\"\nlabel = \"Implementation partially satisfactory: progress made, but additional action required\"\ndescription = \"Implementation partially satisfactory\""), "{written}");
    assert!(
        written.contains("code = \"N/A\"\nlabel = \"no information available\""),
        "{written}"
    );
    // What was there is kept as it was.
    assert!(written.starts_with("title = \"T\"\nbase_url = \"https://example.org/\"\n\n[[grades]]\ncode = \"C\"\nlabel = \"No action\"\n"));
}

#[test]
fn a_grade_in_no_legend_is_added_with_a_warning() {
    let dir = site();
    let tmp = tempfile::tempdir().unwrap();
    // The seed with paragraph 7's first grade (in both tables) as D1,
    // which neither legend has.
    let text = std::fs::read_to_string(seed())
        .unwrap()
        .replace("\tB2\n", "\tD1\n");
    let file = tmp.path().join("kz.txt");
    std::fs::write(&file, text).unwrap();
    let o = import(&root(&dir), &file, &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains(
        "warning: followup.toml: the grade D1 is in no legend of the document: it was added to followup.toml with its code as its label; give it the assessment's words"
    ), "{}", stderr(&o));
}

/// The seed's text with `edit` applied, imported into a new site.
fn import_edited(edit: impl Fn(String) -> String) -> (tempfile::TempDir, Output) {
    let dir = site();
    let file = dir.path().join("kz.txt");
    std::fs::write(&file, edit(std::fs::read_to_string(seed()).unwrap())).unwrap();
    let o = import(&root(&dir), &file, &[]);
    (dir, o)
}

#[test]
fn the_two_tables_disagreeing_is_reported() {
    // The summary table grades paragraph 7's first recommendation C; the
    // detailed table, B2.
    let (_dir, o) = import_edited(|t| t.replacen("\tB2\n", "\tC\n", 1));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("paragraph 7: the summary table grades \"The State party should strengthen its efforts to…\" C, the detailed table B2; the detailed table's grade was kept"),
        "{}",
        stderr(&o)
    );
    // A row missing from the summary table: matched in order, and said.
    let (_dir, o) = import_edited(|t| {
        let start = t
            .find("\tThe Commissioner for Human Rights should apply")
            .unwrap();
        let end = start + t[start..].find("\tNot known\n").unwrap() + "\tNot known\n".len();
        format!("{}{}", &t[..start], &t[end..])
    });
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("paragraph 7: the summary table has 2 recommendations and the detailed table 3; they were matched in order"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_footnote_of_an_overview_without_its_words_in_the_sections_is_reported() {
    // The overview cites a footnote after "made in 2011"; the detailed
    // table words it otherwise.
    let (dir, o) =
        import_edited(|t| t.replacen("Judges\"; made in 2011,", "Judges\"; adopted that year,", 1));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("footnote 1 is cited in the summary table's overview, which cannot hold footnotes, and \"made in 2011\" is not in the detailed table: it was put at the end of \"Action taken by the State\""),
        "{}",
        stderr(&o)
    );
    let recs = recommendations(&root(&dir));
    assert!(recs[3].1.contains("(OSCE)[^1].[^2]"), "{}", recs[3].1);
}

#[test]
fn a_group_cell_followed_by_a_grade_is_read_as_a_row() {
    // "Recommendation 2" then a grade, as a row's two cells: once read
    // as a group row again and again, without end.
    let (_dir, o) = import_edited(|t| t.replacen("\tB2\n", "\tB2\n\tRecommendation 2\n\tB2\n", 1));
    assert!(
        stdout(&o).contains("read 5 tables"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
}
