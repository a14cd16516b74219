//! `followup export` with the real binary: the round trip (export, then
//! `followup import` of that .docx into an empty site, gives back the same
//! dossier, field by field) on the sample, a dossier with rounds and
//! another assessor, and the sample's Russian translation; every message.

use crate::common::history_site::history_site;
use crate::common::{followup, sample_root, stderr, stdout};
use std::collections::BTreeMap;
use std::path::Path;

fn export(root: &Path, country: &str, out: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "export",
        country,
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend(more);
    followup(&args)
}

/// A new empty site with `file` imported as `country`.
fn imported(file: &Path, country: &str) -> tempfile::TempDir {
    imported_with(file, country, &[])
}

/// [`imported`] with more options of `import`.
fn imported_with(file: &Path, country: &str, more: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    let o = followup(&["init", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(root.join("content/kazakhstan"));
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--country",
        country,
    ];
    args.extend(more);
    let o = followup(&args);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    dir
}

/// The section headings a body may have, in any language the tests
/// export in, as the column they name: import writes them in English.
fn section(line: &str) -> Option<&'static str> {
    let h = line.strip_prefix("## ")?.trim();
    match h {
        "Action taken by the State" | "Меры, принятые государством" => {
            Some("## action")
        }
        "Other comments" | "Другие комментарии" => Some("## comments"),
        _ => None,
    }
}

/// A body with its whitespace normalised and its section headings named
/// by their column; a body without any is the comments.
fn normal_body(body: &str) -> String {
    // The notice a translated export gives a text shown in the main
    // language, as the site does: the export's, not the dossier's.
    let kept: Vec<&str> = body
        .lines()
        .filter(|l| !l.trim().trim_matches('*').starts_with("Ещё не переведено"))
        .collect();
    let mut body = kept.join("\n");
    // A comments section the notice alone made.
    while body.trim_end().ends_with("## Other comments") {
        body = body
            .trim_end()
            .trim_end_matches("## Other comments")
            .to_string();
    }
    let body = body.as_str();
    let mut lines: Vec<String> = Vec::new();
    if !body.lines().any(|l| section(l).is_some()) && !body.trim().is_empty() {
        lines.push("## comments".into());
    }
    for l in body.lines() {
        lines.push(section(l).map_or_else(|| l.to_string(), str::to_string));
    }
    lines
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A content file's fields (front matter with the body as "body"), its
/// translation in `lang` laid over it when there is one.
fn fields(path: &Path, lang: Option<&str>) -> BTreeMap<String, String> {
    let read = |p: &Path| {
        let text = std::fs::read_to_string(p).unwrap();
        let mut parts = text.splitn(3, "+++\n");
        parts.next();
        let front: toml::Table = toml::from_str(parts.next().unwrap()).unwrap();
        (front, parts.next().unwrap_or("").to_string())
    };
    let (mut front, mut body) = read(path);
    if let Some(l) = lang {
        let t = path.with_extension(format!("{l}.md"));
        if t.exists() {
            let (tf, tb) = read(&t);
            front.extend(tf);
            if !tb.trim().is_empty() {
                body = tb;
            }
        }
    }
    let mut out = BTreeMap::new();
    for (k, v) in front {
        // The document carries one round of one assessor: the others, and
        // the order the file names give, are not in it.
        if matches!(k.as_str(), "assessments" | "order") {
            continue;
        }
        let v = match v {
            toml::Value::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
            v => v.to_string(),
        };
        out.insert(k, v);
    }
    out.insert("body".into(), normal_body(&body));
    out
}

/// The dossier's files: per paragraph folder (in number order) its
/// `_index.md` then its recommendations in order.
fn dossier(folder: &Path) -> Vec<Vec<std::path::PathBuf>> {
    let mut paragraphs: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    paragraphs.sort();
    paragraphs
        .into_iter()
        .map(|p| {
            let mut files: Vec<_> = std::fs::read_dir(&p)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|f| {
                    f.file_name()
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .matches('.')
                        .count()
                        == 1
                })
                .collect();
            files.sort_by_key(|f| (!f.ends_with("_index.md"), f.clone()));
            files
        })
        .collect()
}

/// Every difference between the dossier `original` (in `lang`, through
/// its translations, `keep` choosing the paragraphs compared) and the one
/// imported, each naming the file and the field.
fn differences(
    original: &Path,
    back: &Path,
    lang: Option<&str>,
    keep: &dyn Fn(&Path) -> bool,
) -> Vec<String> {
    let (a, b) = (dossier(original), dossier(back));
    let mut diffs = Vec::new();
    if a.len() != b.len() {
        diffs.push(format!("{} paragraphs became {}", a.len(), b.len()));
    }
    for (pa, pb) in a.iter().zip(&b) {
        if pa.len() != pb.len() {
            diffs.push(format!(
                "{}: {} files became {}",
                pa[0].display(),
                pa.len(),
                pb.len()
            ));
        }
        if !keep(&pa[0]) {
            continue;
        }
        for (fa, fb) in pa.iter().zip(pb) {
            let (x, y) = (fields(fa, lang), fields(fb, None));
            for k in x
                .keys()
                .chain(y.keys())
                .collect::<std::collections::BTreeSet<_>>()
            {
                if x.get(k) != y.get(k) {
                    diffs.push(format!(
                        "{}: field {k}: {:?} became {:?}",
                        fa.display(),
                        x.get(k),
                        y.get(k)
                    ));
                }
            }
        }
    }
    diffs
}

#[test]
fn the_sample_comes_back_from_word_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kazakhstan.docx");
    let o = export(&sample_root(), "kazakhstan", &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("4 paragraphs, 11 recommendations, 14 footnotes"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(" words"));
    let back = imported(&out, "kazakhstan");
    let diffs = differences(
        &sample_root().join("content/kazakhstan"),
        &back.path().join("s/content/kazakhstan"),
        None,
        &|_| true,
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn the_russian_export_gives_back_the_translated_parts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kazakhstan.ru.docx");
    let o = export(&sample_root(), "kazakhstan", &out, &["--lang", "ru"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("language ru"));
    // What is shown in English is marked as the site marks it.
    let (words, _) = part(&out, "word/document.xml");
    assert!(words.contains("Ещё не переведено; показано на языке оригинала (English)."));
    let back = imported(&out, "kazakhstan");
    // Paragraph 7 is the one translated.
    let diffs = differences(
        &sample_root().join("content/kazakhstan"),
        &back.path().join("s/content/kazakhstan"),
        Some("ru"),
        &|p| p.to_str().unwrap().contains("/p07-"),
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn a_dossier_with_rounds_and_another_assessor_comes_back() {
    let site = history_site();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("atlantis.docx");
    let o = export(site.path(), "atlantis-2011", &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("round 2"), "{}", stdout(&o));
    let back = imported(&out, "atlantis-2011");
    let diffs = differences(
        &site.path().join("content/atlantis-2011"),
        &back.path().join("s/content/atlantis-2011"),
        None,
        &|_| true,
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));

    // Round 1: the site's own grades and overviews of that round; one
    // recommendation the site did not grade then is said, and left blank.
    let first = dir.path().join("round1.docx");
    let o = export(site.path(), "atlantis-2011", &first, &["--round", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("warning: 1 recommendation(s) record no grade for round 1"),
        "{}",
        stdout(&o)
    );
    let back = imported_with(&first, "atlantis-2011", &["--keep-going"]);
    let improved = back.path().join("s/content/atlantis-2011");
    let files = dossier(&improved);
    let f = fields(&files[0][1], None);
    assert_eq!(f["grade"], "C");
    assert_eq!(f["summary"], "Then C.");
}

#[test]
fn each_mistake_is_said_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k.docx");
    let root = sample_root();
    let o = export(&root, "kazakstan", &out, &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("there is no dossier \"kazakstan\""),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("did you mean \"kazakhstan\"?"),
        "{}",
        stderr(&o)
    );

    let o = export(&root, "kazakhstan", &out, &["--lang", "de"]);
    assert!(
        stderr(&o).contains("the site has no language \"de\": its languages are en, ru"),
        "{}",
        stderr(&o)
    );

    let o = export(&root, "kazakhstan", &out, &["--round", "3"]);
    assert!(
        stderr(&o).contains("records no round 3: its rounds are 1"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("help: give one of them to --round"));

    let o = export(&root, "kazakhstan", &out, &["--dry-run"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("Would write"), "{}", stdout(&o));
    assert!(!out.exists());

    std::fs::write(&out, "mine").unwrap();
    let o = export(&root, "kazakhstan", &out, &[]);
    assert!(
        stderr(&o).contains("already exists: export never overwrites a file"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("add --force to replace it"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let o = export(&root, "kazakhstan", &out, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
}

/// The words of a part of the .docx `file` (its `w:t` texts) and its XML.
fn part(file: &Path, name: &str) -> (String, String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    let words = xml
        .split("<w:t xml:space=\"preserve\">")
        .skip(1)
        .map(|s| s.split("</w:t>").next().unwrap())
        .collect::<Vec<_>>()
        .join("|");
    (words, xml)
}

#[test]
fn markdown_becomes_word_and_no_markdown_character_is_left() {
    let body = "## Action taken by the State\n\nThe *new* law is **not** in force, see [the text](https://example.org/law).[^1]\n\n- first point\n- second point\n\n1. one\n2. two\n\n> The State said so.\n\n| Year | Cases |\n|---|---|\n| 2012 | 3 |\n\n[^1]: The law, <https://example.org/law>\n";
    let site = crate::common::atlantis(
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"C\"\nlabel = \"Not satisfactory\"\n",
        &crate::common::rec("C", "Atlantis should act.", "", body),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.docx");
    let o = export(site.path(), "atlantis", &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (words, xml) = part(&out, "word/document.xml");
    for raw in ["*", "](", "[^", "> ", "|---", "## "] {
        assert!(!words.contains(raw), "{raw:?} left in {words}");
    }
    assert!(xml.contains("<w:i/></w:rPr><w:t xml:space=\"preserve\">new</w:t>"));
    assert!(xml.contains("<w:b/></w:rPr><w:t xml:space=\"preserve\">not</w:t>"));
    assert!(xml.contains("<w:hyperlink r:id="));
    assert!(xml.contains("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr>"));
    assert!(xml.contains("<w:pStyle w:val=\"Quote\"/>"));
    assert!(xml.contains("<w:footnoteReference w:id=\"1\"/>"));
    // The table in the cell: a table of its own, cell by cell.
    assert!(words.contains("Year|Cases|2012|3"), "{words}");
    let (notes, notes_xml) = part(&out, "word/footnotes.xml");
    assert!(
        notes.contains("The law, |https://example.org/law"),
        "{notes}"
    );
    assert!(notes_xml.contains("<w:hyperlink r:id=\"rIdL1\">"));
    let (_, rels) = part(&out, "word/_rels/footnotes.xml.rels");
    assert!(rels.contains("Target=\"https://example.org/law\" TargetMode=\"External\""));
    let (_, numbering) = part(&out, "word/numbering.xml");
    assert!(numbering.contains("<w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/>"));
    assert!(numbering.contains("<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/>"));
}

#[test]
fn over_the_word_limit_the_longest_sections_are_named() {
    let long = "word ".repeat(10_050);
    let site = crate::common::atlantis(
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"C\"\nlabel = \"Not satisfactory\"\n",
        &crate::common::rec(
            "C",
            "Atlantis should act.",
            "",
            &format!("## Other comments\n\n{long}\n"),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let o = export(
        site.path(),
        "atlantis",
        &dir.path().join("a.docx"),
        &["--dry-run"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("over the Committee's limit of 10000 for a written submission; the longest sections: Paragraph 10 (art. 7) (10"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for_and_the_output_says_so() {
    let site = crate::common::copy_sample();
    crate::common::edit(
        site.path(),
        "content/kazakhstan/p21-independence-of-the-judiciary/03-powers-of-the-procurator.md",
        "grade = ",
        "draft = true\ngrade = ",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("k.docx");
    let o = export(site.path(), "kazakhstan", &out, &["--dry-run"]);
    assert!(stdout(&o).contains("10 recommendations"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Left out 1 draft file(s) (add --drafts to put them in)"));
    let o = export(site.path(), "kazakhstan", &out, &["--dry-run", "--drafts"]);
    assert!(stdout(&o).contains("11 recommendations"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Put in 1 draft file(s)"));
}

#[test]
fn headings_and_table_headers_are_in_the_language_asked_for() {
    let site = crate::common::sample_with_arabic();
    let dir = tempfile::tempdir().unwrap();
    for (lang, header) in [
        ("en", "Action taken by the State"),
        ("ru", "Меры, принятые государством"),
        ("ar", "الإجراءات التي اتخذتها الدولة"),
    ] {
        let out = dir.path().join(format!("{lang}.docx"));
        let o = export(site.path(), "kazakhstan", &out, &["--lang", lang]);
        assert!(o.status.success(), "{}", stderr(&o));
        let (words, xml) = part(&out, "word/document.xml");
        assert!(words.contains(header), "{lang}: {words}");
        assert_eq!(xml.contains("<w:bidi/>"), lang == "ar");
    }
}
