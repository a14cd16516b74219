//! The layouts NGOs give their Word assessments, each a real .docx made by
//! pandoc and python-docx (tests/fixtures/import/layouts/make.py), imported
//! with the real binary: headings with a topic and articles, in four
//! languages; summary tables with and without a header row; detailed
//! tables with columns in another order, an unknown column, merged cells;
//! the title block's facts; and what cannot be placed, listed.

use super::{followup, root, site, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/layouts")
        .join(name)
}

/// Imports a fixture as the dossier `tj` of a new site.
fn import(name: &str, more: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = site();
    let file = fixture(name);
    let site = root(&dir);
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
        "--country",
        "tj",
    ];
    args.extend(more);
    let o = followup(&args);
    (dir, o)
}

fn read(dir: &tempfile::TempDir, path: &str) -> String {
    let p = root(dir).join("content/tj").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The folders of the dossier, sorted.
fn folders(dir: &tempfile::TempDir) -> Vec<String> {
    let mut f: Vec<String> = std::fs::read_dir(root(dir).join("content/tj"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    f.sort();
    f
}

fn passes(o: &Output) {
    assert!(o.status.success(), "{}{}", stdout(o), stderr(o));
    assert!(
        stdout(o).contains("It passes `followup check`."),
        "{}",
        stdout(o)
    );
}

#[test]
fn the_issues_document_loses_nothing() {
    let (dir, o) = import("issue.docx", &[]);
    passes(&o);
    // The report ends with the reconciliation.
    assert_eq!(
        stdout(&o).lines().last(),
        Some(
            "read 3 tables, 11 rows, 4 footnotes; wrote 2 paragraphs, 3 recommendations, 4 footnotes; left out nothing"
        ),
        "{}",
        stdout(&o)
    );
    // The heading's topic is the title and names the folder; its articles
    // are `articles`; the concern keeps its footnote.
    assert_eq!(
        folders(&dir),
        [
            "p18-torture-and-ill-treatment",
            "p22-freedom-of-association"
        ]
    );
    let p18 = read(&dir, "p18-torture-and-ill-treatment/_index.md");
    assert!(
        p18.starts_with(
            "+++\nparagraph = 18\ntitle = \"Torture and ill-treatment\"\narticles = [7, 14]\n+++\nThe Committee is concerned at reports that torture remains widespread in places of detention.[^1]\n"
        ),
        "{p18}"
    );
    assert!(p18.contains("[^1]: Report of the coalition against torture, 2020."));
    let p22 = read(&dir, "p22-freedom-of-association/_index.md");
    assert!(
        p22.contains("title = \"Freedom of association\"\narticles = [22]\n"),
        "{p22}"
    );
    // The summary table (header row, bold group rows) gives each summary.
    let rec = read(
        &dir,
        "p18-torture-and-ill-treatment/02-victims-obtain-redress.md",
    );
    assert!(
        rec.contains("summary = \"A compensation fund was proposed in 2020.\""),
        "{rec}"
    );
    assert!(rec.contains("[^1]: Draft law on compensation, <https://example.org/draft-law>"));
    assert!(rec.contains("The fund has not been adopted.[^2]"));
    // The title block: symbol and date written, the organisation offered.
    let country = read(&dir, "_index.md");
    assert!(
        country.contains("document = \"CCPR/C/TJK/CO/3\"\nassessed = 2021-03-15\n"),
        "{country}"
    );
    assert!(country.contains("This assessment covers the two paragraphs"));
    assert!(stdout(&o).contains(
        "The document is by Nota Bene: to name it as the site's assessor, add `assessor = \"Nota Bene\"` to followup.toml."
    ));
}

#[test]
fn a_summary_without_header_and_columns_in_another_order_in_french() {
    let (dir, o) = import("french.docx", &[]);
    passes(&o);
    assert_eq!(folders(&dir), ["p18-torture-et-mauvais-traitements"]);
    let p = read(&dir, "p18-torture-et-mauvais-traitements/_index.md");
    assert!(
        p.contains("title = \"Torture et mauvais traitements\"\narticles = [7]\n"),
        "{p}"
    );
    let rec = read(
        &dir,
        "p18-torture-et-mauvais-traitements/01-etat-partie-devrait-veiller.md",
    );
    // Note | Recommandation | Commentaires | Mesures prises | Sources.
    assert!(
        rec.contains("grade = \"C\"\nrecommendation = \"L’État partie devrait veiller"),
        "{rec}"
    );
    assert!(rec.contains("summary = \"Aucun organe indépendant n’a été créé.\""));
    assert!(rec.contains(
        "## Action taken by the State\n\nLe parquet mène les enquêtes.[^1]\n\n## Other comments\n\nAucun organe indépendant n’a été créé.\n\n## Sources\n\nEntretiens avec des avocats, 2020\n"
    ), "{rec}");
    let country = read(&dir, "_index.md");
    assert!(country.contains("assessed = 2021-03-15"), "{country}");
    assert!(stdout(&o).contains("add `assessor = \"Association Droits Devant\"`"));
}

#[test]
fn spanish_and_russian_headings_and_headers() {
    let (dir, o) = import("spanish.docx", &[]);
    passes(&o);
    assert_eq!(folders(&dir), ["p18-tortura-y-malos-tratos"]);
    let p = read(&dir, "p18-tortura-y-malos-tratos/_index.md");
    assert!(
        p.contains("title = \"Tortura y malos tratos\"\narticles = [7, 14]\n"),
        "{p}"
    );
    assert!(read(&dir, "_index.md").contains("assessed = 2021-03-15"));
    assert!(stdout(&o).contains("left out nothing"), "{}", stdout(&o));

    let (dir, o) = import("russian.docx", &[]);
    passes(&o);
    let folder = &folders(&dir)[0];
    assert!(folder.starts_with("p18-"), "{folder}");
    let p = read(&dir, &format!("{folder}/_index.md"));
    assert!(
        p.contains("title = \"Пытки и жестокое обращение\"\narticles = [7, 14]\n"),
        "{p}"
    );
    // "Оценка" holds grades: it is the grade column.
    let recs: Vec<_> = std::fs::read_dir(root(&dir).join("content/tj").join(folder))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "_index.md")
        .collect();
    let rec = std::fs::read_to_string(recs[0].path()).unwrap();
    assert!(rec.starts_with("+++\ngrade = \"C\"\n"), "{rec}");
    assert!(rec.contains("Прокуратура расследует заявления.[^1]"));
    let country = read(&dir, "_index.md");
    assert!(country.contains("document = \"CCPR/C/TJK/CO/3\"\nassessed = 2021-03-15\n"));
}

#[test]
fn headings_of_every_form_and_group_rows_in_a_table() {
    let (dir, o) = import("headings.docx", &[]);
    passes(&o);
    let f = folders(&dir);
    // "Para. 7" and "Paragraph 9 (arts. 2 and 26)" have no topic: the
    // concern names the folder.
    assert!(f[0].starts_with("p07-"), "{f:?}");
    assert!(f[1].starts_with("p09-"), "{f:?}");
    assert_eq!(f[2..], ["p12-death-penalty", "p14-pre-trial-detention"]);
    assert!(
        read(&dir, &format!("{}/_index.md", f[1])).contains("paragraph = 9\narticles = [2, 26]\n")
    );
    // A group row inside paragraph 12's table starts paragraph 14.
    let p14 = read(&dir, "p14-pre-trial-detention/_index.md");
    assert!(
        p14.contains("title = \"Pre-trial detention\"\narticles = [9]\n"),
        "{p14}"
    );
    // A row without recommendation or grade goes on from the one above.
    let rec = read(
        &dir,
        "p14-pre-trial-detention/02-judicial-review-detention.md",
    );
    assert!(
        rec.contains("None reported.\n\nCourts review detention monthly.\n"),
        "{rec}"
    );
    assert!(rec.contains("Merged row below.\n\nChecked by lawyers.\n"));
    assert!(stdout(&o).contains("wrote 4 paragraphs, 5 recommendations"));
    assert!(stdout(&o).contains("Human Rights Watchers"));
}

#[test]
fn merged_cells() {
    let (dir, o) = import("merged.docx", &[]);
    passes(&o);
    // A grade cell merged over two rows grades both.
    let second = read(
        &dir,
        "p30-freedom-of-expression/02-stop-blocking-websites.md",
    );
    assert!(second.starts_with("+++\ngrade = \"C\"\n"), "{second}");
    // A cell spanning the action and comments columns is the action.
    let third = read(&dir, "p30-freedom-of-expression/03-protect-journalists.md");
    assert!(
        third.contains("## Action taken by the State\n\nJournalists are still attacked; no one was prosecuted.\n"),
        "{third}"
    );
    assert!(stdout(&o).contains("read 1 table, 4 rows, 0 footnotes; wrote 1 paragraph, 3 recommendations, 0 footnotes; left out nothing"), "{}", stdout(&o));
}

#[test]
fn what_cannot_be_placed_stops_the_import_unless_keep_going() {
    let (dir, o) = import("left-out.docx", &[]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: 3 things of the document were left out:\n"),
        "{err}"
    );
    assert!(err.contains(
        "  table 1, row 1, cell 1: a table of recommendations before any \"Paragraph N\" heading: \"The State party should end arbitrary detention. C None reported. A table before …\"\n"
    ), "{err}");
    assert!(err.contains(
        "  paragraph 4 of the document: text after the table of paragraph 5: \"The NGO also asks the State party to publish detention statistics every year.\"\n"
    ), "{err}");
    assert!(err.contains(
        "  paragraph 4 of the document: footnote 1: \"Annual report of the NGO, 2020.\"\n"
    ));
    assert!(err.contains("  = help: nothing was written. Lay these out as the guide's \"Importing from Word\" describes, or import with --keep-going to write the rest and add them by hand"));
    assert!(err.contains("Import failed: nothing was written."));
    assert!(stdout(&o).contains(
        "read 2 tables, 4 rows, 1 footnote; would write 1 paragraph, 1 recommendation, 0 footnotes; left out 1 table, 1 paragraph of text, 1 footnote"
    ), "{}", stdout(&o));
    assert!(!stdout(&o).contains("passes"));
    assert!(!root(&dir).join("content/tj").exists());

    // --keep-going writes the rest and lists what it left out.
    let (dir, o) = import("left-out.docx", &["--keep-going"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("warning: 3 things of the document were left out:\n"));
    assert!(stderr(&o).contains(
        "  = help: written without them (--keep-going): add them to the dossier by hand"
    ));
    assert!(stdout(&o).contains(
        "read 2 tables, 4 rows, 1 footnote; wrote 1 paragraph, 1 recommendation, 0 footnotes; left out 1 table, 1 paragraph of text, 1 footnote"
    ), "{}", stdout(&o));
    assert!(!stdout(&o).contains("passes"), "{}", stdout(&o));
    assert!(
        stdout(&o)
            .contains("The dossier was written without what was left out above: add that by hand.")
    );
    assert!(
        root(&dir)
            .join("content/tj/p05-arbitrary-detention/_index.md")
            .exists()
    );

    // The same for tools.
    let (_dir, o) = import("left-out.docx", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["left_out"].as_array().unwrap().len(), 3);
    assert_eq!(report["left_out"][1]["kind"], "text");
    assert_eq!(report["written"], false);
}

#[test]
fn a_paragraph_column_and_headings_in_boxes() {
    let (dir, o) = import("boxes.docx", &[]);
    passes(&o);
    assert!(stdout(&o).contains(
        "read 6 tables, 10 rows, 0 footnotes; wrote 2 paragraphs, 2 recommendations, 0 footnotes; left out nothing"
    ), "{}", stdout(&o));
    // Headings and the concern in tables of one cell.
    assert_eq!(folders(&dir), ["p18-torture", "p22-freedom-of-association"]);
    let p18 = read(&dir, "p18-torture/_index.md");
    assert!(
        p18.ends_with(
            "articles = [7]\n+++\nThe Committee is concerned about torture in detention.\n"
        ),
        "{p18}"
    );
    // The summary's "Para." column says which paragraph each row is of,
    // and "22(a)" is the recommendation's own number;
    // "[C]" and "B2 (partially satisfactory)" are grades.
    let rec = read(
        &dir,
        "p22-freedom-of-association/01-register-associations-without-delay.md",
    );
    assert!(rec.contains("grade = \"B2\""), "{rec}");
    assert!(
        rec.contains("summary = \"Some were registered.\"\nreference = \"22(a)\"\n"),
        "{rec}"
    );
    // "State party's response" is the action taken.
    assert!(
        rec.contains("## Action taken by the State\n\nSome were registered.\n"),
        "{rec}"
    );
    assert!(!stderr(&o).contains("grades"), "{}", stderr(&o));
    assert!(read(&dir, "_index.md").contains("assessed = 2021-03-15"));
    // The legends, as the Committee writes them: a code, then its words.
    assert!(
        stdout(&o).contains("Added grades to followup.toml, from the document's legends: A, D"),
        "{}",
        stdout(&o)
    );
}

/// Every message of what was left out, and the lines around them, are in
/// the authoring guide's table, word for word.
#[test]
fn the_guide_lists_the_messages() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
            .unwrap();
    let (_dir, o) = import("left-out.docx", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for item in report["left_out"].as_array().unwrap() {
        let what = item["what"].as_str().unwrap();
        assert!(guide.contains(&format!("{what}: \"…\"")), "{what}");
    }
    let (_dir, o) = import("left-out.docx", &[]);
    let (_dir2, kept) = import("left-out.docx", &["--keep-going"]);
    let lines = [
        stderr(&o).lines().next().unwrap().to_string(),
        stderr(&o)
            .lines()
            .find(|l| l.contains("= help"))
            .unwrap()
            .to_string(),
        stderr(&kept).lines().next().unwrap().to_string(),
        stderr(&kept)
            .lines()
            .find(|l| l.contains("= help"))
            .unwrap()
            .to_string(),
    ];
    for line in lines {
        assert!(guide.contains(&line), "{line}");
    }
    let said = stdout(&kept);
    let written = said
        .lines()
        .find(|l| l.starts_with("The dossier was written without"))
        .unwrap();
    let (before, _) = written.split_once("--root").unwrap();
    assert!(guide.contains(&format!("{before}--root …")), "{written}");
    for fixed in [
        "a recommendation of paragraph 18 without a grade",
        "a row before any \"Paragraph N\" heading",
        "a row without a recommendation",
        "a row of the summary table that names no paragraph and matches no recommendation",
        "the footnotes, uncited note 1",
        "is cited in the recommendation's words or its grade, which cannot hold footnotes: it was put at the end of \"Action taken by the State\"",
        "The document is by Nota Bene: to name it as the site's assessor, add `assessor = \"Nota Bene\"` to followup.toml.",
        "read 5 tables, 30 rows, 14 footnotes; wrote 4 paragraphs, 11 recommendations, 14 footnotes; left out nothing",
        "left out 1 table, 1 paragraph of text, 1 footnote",
    ] {
        assert!(guide.contains(fixed), "{fixed}");
    }
}

#[test]
fn one_table_for_every_paragraph_with_a_header_of_two_rows() {
    let (dir, o) = import("grouped.docx", &[]);
    passes(&o);
    assert_eq!(
        folders(&dir),
        [
            "p18-torture-and-ill-treatment",
            "p22-freedom-of-association"
        ]
    );
    assert!(read(&dir, "p18-torture-and-ill-treatment/_index.md").contains("articles = [7, 14]"));
    // "Assessment" over "Grade" and "Comments"; "Sources" kept.
    let rec = read(
        &dir,
        "p18-torture-and-ill-treatment/01-investigate-allegations-torture.md",
    );
    assert!(
        rec.ends_with("+++\n## Other comments\n\nNo investigation was opened.\n\n## Sources\n\nInterviews with lawyers\n"),
        "{rec}"
    );
    assert!(rec.contains("grade = \"C\""));
    assert!(read(&dir, "_index.md").contains("assessed = 2021-03-15"));
    assert!(stdout(&o).contains("add `assessor = \"Open Society Watch\"`"));
    assert!(stdout(&o).contains("read 1 table, 7 rows, 0 footnotes; wrote 2 paragraphs, 3 recommendations, 0 footnotes; left out nothing"), "{}", stdout(&o));
}

#[test]
fn pandocs_title_block_and_a_table_without_header() {
    let (dir, o) = import("yaml.docx", &[]);
    passes(&o);
    // Title, author and date lines as pandoc writes them from YAML.
    let country = read(&dir, "_index.md");
    assert!(
        country.contains("document = \"CCPR/C/TJK/CO/3\"\nassessed = 2021-03-15\n"),
        "{country}"
    );
    assert!(stdout(&o).contains("add `assessor = \"Nota Bene\"`"));
    // "Paragraph 18 (arts. 7 and 14)": articles, no title.
    let folder = &folders(&dir)[0];
    let p = read(&dir, &format!("{folder}/_index.md"));
    assert!(
        p.starts_with("+++\nparagraph = 18\narticles = [7, 14]\n+++\n"),
        "{p}"
    );
    // Without a header row: recommendation, grade, action, comments.
    let rec = read(&dir, &format!("{folder}/02-provide-redress-victims.md"));
    assert!(rec.contains("grade = \"B2\""), "{rec}");
    assert!(rec.contains("## Action taken by the State\n\nA fund was proposed in 2020.\n\n## Other comments\n\nIt was not adopted.\n"), "{rec}");
}
