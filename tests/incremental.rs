//! The preview's incremental rebuilds must produce exactly what a full build
//! of the same content produces, whatever the edit.

use crate::common;
use common::*;
use followup::preview::session::{Served, Session};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// What the session serves, as bytes.
fn served(s: &Session) -> BTreeMap<String, Vec<u8>> {
    s.files()
        .iter()
        .map(|(k, v)| {
            let bytes = match v {
                Served::Bytes(b) => b.to_vec(),
                Served::File(p) => std::fs::read(p).unwrap(),
            };
            (k.clone(), bytes)
        })
        .collect()
}

/// Everything `followup build` writes for the site at `root`: the served
/// files must be the same, background ones (data, feeds, sitemap, search)
/// included. Built twice, with the build cache the earlier steps kept and
/// without any, which must give the same bytes.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let built = |cache: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let mut args = vec![
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.path().to_str().unwrap(),
            "--base-url",
            BASE_URL,
        ];
        args.extend(cache);
        let o = followup(&args);
        assert!(o.status.success(), "build failed: {}", stderr(&o));
        let mut files = tree(out.path());
        files.remove(followup::base::write::MANIFEST);
        files
    };
    let cached = built(&[]);
    assert!(
        cached == built(&["--no-cache"]),
        "a build with the build cache differs from one without"
    );
    cached
}

/// Brings the session's background files up to date, as the preview does
/// after a pause in editing, and compares everything it serves with a full
/// build.
fn assert_same(s: &mut Session, root: &Path, step: &str) {
    let problems = s.publish_now();
    assert!(problems.0.is_empty(), "{step}: {problems:?}");
    let (inc, full) = (served(s), full_build(root));
    let inc_keys: Vec<_> = inc.keys().collect();
    let full_keys: Vec<_> = full.keys().collect();
    assert_eq!(inc_keys, full_keys, "{step}: different files");
    for (k, v) in &full {
        assert!(inc[k] == *v, "{step}: {k} differs from a full build");
    }
}

const P7: &str = "content/kazakhstan/p07-national-human-rights-institution";
const P25: &str = "content/kazakhstan/p25-freedom-of-expression";

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    every_kind_of_edit(None);
}

/// The same edits with grade and article lists two to a page: a
/// recommendation that comes, goes or changes grade shifts the pages after
/// it, and can add or remove one.
#[test]
fn every_kind_of_edit_matches_a_full_build_with_lists_on_several_pages() {
    every_kind_of_edit(Some(2));
}

/// `text` with `tables` added at the end of its front matter, where TOML
/// tables go (after them, every line would belong to the last table).
fn at_end_of_front(text: &str, tables: &str) -> String {
    let end = text[4..].find("+++\n").map_or(0, |i| i + 4);
    format!("{}{tables}{}", &text[..end], &text[end..])
}

fn every_kind_of_edit(per_page: Option<usize>) {
    let dir = copy_sample_with_search();
    let root = dir.path();
    if let Some(n) = per_page {
        let config = std::fs::read_to_string(root.join("followup.toml")).unwrap();
        std::fs::write(
            root.join("followup.toml"),
            format!("per_page = {n}\n{config}"),
        )
        .unwrap();
    }
    let (mut s, first) = Session::new(root, BASE_URL);
    assert!(first.errors.0.is_empty(), "{:?}", first.errors);
    assert_same(&mut s, root, "initial");

    let edit = |s: &mut Session,
                rel: &str,
                f: &dyn Fn(String) -> String|
     -> followup::preview::session::Rebuild {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = f(text.clone());
        assert_ne!(edited, text, "the edit of {rel} matched nothing");
        std::fs::write(&path, edited).unwrap();
        s.apply(&[path]).expect("a content change rebuilds")
    };
    let rec = format!("{P25}/02-defamation-legislation.md");

    // A body edit renders few pages.
    let r = edit(&mut s, &rec, &|t| {
        t.replace("No progress.", "Still no progress.")
    });
    assert!(r.errors.0.is_empty());
    assert!(
        r.pages_rendered < 12,
        "a body edit rendered {} pages",
        r.pages_rendered
    );
    assert_same(&mut s, root, "body edit");

    // A grade change moves it between grade pages.
    edit(&mut s, &rec, &|t| {
        t.replace("grade = \"C\"", "grade = \"B3\"")
    });
    assert_same(&mut s, root, "grade change");

    // Summary, recommendation text, footnotes.
    edit(&mut s, &rec, &|t| {
        t.replace("summary = \"", "summary = \"Changed. ")
    });
    assert_same(&mut s, root, "summary change");
    // The Committee's text shows on every list of recommendations; the
    // preview updates them in place, as the summary.
    let r = edit(&mut s, &rec, &|t| {
        t.replacen(
            "recommendation = \"\"\"",
            "recommendation = \"\"\"Amended: ",
            1,
        )
    });
    assert!(
        r.stages
            .first()
            .is_some_and(|(name, _)| *name == "in place"),
        "a text edit is applied in place: {:?}",
        r.stages
    );
    assert_same(&mut s, root, "recommendation text change");
    edit(&mut s, &rec, &|t| {
        format!("{t}\nAlso[^new].\n\n[^new]: New source, <https://new.example.org/x>\n")
    });
    assert_same(&mut s, root, "new footnote");
    // Relabelling a footnote moves its anchor, which the sources page links to.
    edit(&mut s, &rec, &|t| t.replace("[^new]", "[^renamed]"));
    assert_same(&mut s, root, "relabelled footnote");

    // Order: the last recommendation of paragraph 7 moves first.
    edit(
        &mut s,
        &format!("{P7}/03-national-preventive-mechanism.md"),
        &|t| t.replacen("+++\n", "+++\norder = 0\n", 1),
    );
    assert_same(&mut s, root, "reorder");

    // A new recommendation, then its deletion.
    let new = root.join(format!("{P7}/04-new.md"));
    std::fs::write(
        &new,
        "+++\ngrade = \"A1\"\nrecommendation = \"\"\"New one.\"\"\"\n+++\nBody.\n",
    )
    .unwrap();
    s.apply(std::slice::from_ref(&new)).unwrap();
    assert_same(&mut s, root, "added");
    std::fs::remove_file(&new).unwrap();
    s.apply(std::slice::from_ref(&new)).unwrap();
    assert_same(&mut s, root, "deleted");

    // Paragraph articles and title; country facts and introduction.
    edit(&mut s, &format!("{P25}/_index.md"), &|t| {
        t.replace("articles = [19]", "articles = [19, 2]")
    });
    assert_same(&mut s, root, "paragraph articles");
    edit(&mut s, &format!("{P25}/_index.md"), &|t| {
        t.replace("title = \"", "title = \"The ")
    });
    assert_same(&mut s, root, "paragraph title");
    edit(&mut s, "content/kazakhstan/_index.md", &|t| {
        t.replace("adopted = 2011-07-26", "adopted = 2011-07-27")
    });
    assert_same(&mut s, root, "country date");
    edit(&mut s, "content/kazakhstan/_index.md", &|t| {
        t.replace(
            "country = \"Kazakhstan\"",
            "country = \"Republic of Kazakhstan\"",
        )
    });
    assert_same(&mut s, root, "country name");

    // Translations: the sample is in Russian too. An original's grade shows
    // on every language's pages; an untranslated body is shown in the
    // original on them, and is updated in place there too; a translation
    // edited, added and deleted.
    let translated = format!("{P7}/01-independence-and-resources.md");
    edit(&mut s, &translated, &|t| {
        t.replace("grade = \"B2\"", "grade = \"B1\"")
    });
    assert_same(&mut s, root, "a translated recommendation's grade");
    let country_page = |s: &Session| match s.get("kazakhstan/index.html") {
        Some(Served::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => panic!("the country page is served"),
    };
    let ru_page = |s: &Session| match s
        .get("ru/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/index.html")
    {
        Some(Served::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => panic!("the Russian page is served"),
    };
    let r = edit(&mut s, &rec, &|t| {
        t.replace("Still no progress.", "Still no progress at all.")
    });
    assert_eq!(r.stages.first().map(|s| s.0), Some("in place"));
    assert!(ru_page(&s).contains("Still no progress at all."));
    assert_same(&mut s, root, "an untranslated body, in place");
    edit(
        &mut s,
        &format!("{P7}/01-independence-and-resources.ru.md"),
        &|t| t.replace("Ограниченный прогресс.", "Прогресс ограничен."),
    );
    assert_same(&mut s, root, "a translation's summary");
    let new_translation = root.join(format!("{P25}/02-defamation-legislation.ru.md"));
    std::fs::write(
        &new_translation,
        "+++\nsummary = \"Прогресса нет.\"\n+++\nПрогресса нет.\n",
    )
    .unwrap();
    s.apply(std::slice::from_ref(&new_translation)).unwrap();
    assert!(ru_page(&s).contains("Прогресса нет."));
    assert_same(&mut s, root, "a translation added");
    std::fs::remove_file(&new_translation).unwrap();
    s.apply(std::slice::from_ref(&new_translation)).unwrap();
    assert!(ru_page(&s).contains("Still no progress at all."));
    assert_same(&mut s, root, "a translation deleted");

    // Follow-up over time: rounds, then the site's earlier grade (which
    // makes the progress page), another assessor and its grade as a range,
    // each change of them, and the round's date.
    // The sample's dossier lists round 1 (the State's reply): it gets a
    // date, and a second round follows.
    edit(&mut s, "content/kazakhstan/_index.md", &|t| {
        at_end_of_front(
            &t.replace("round = 1\n", "round = 1\ndate = 2012-12-10\n"),
            "[[rounds]]\nround = 2\ndate = 2014-01-20\n",
        )
    });
    assert_same(&mut s, root, "rounds");
    // The procedure of a round: the Committee's evaluation and decision,
    // then a deadline passed, change the timeline and where it stands.
    edit(&mut s, "content/kazakhstan/_index.md", &|t| {
        t.replace(
            "received = 2012-07-27\n",
            "received = 2012-07-27\nevaluated = 2013-03-28\nsession = 107\ndecision = \"continue\"\nnext_due = 2013-09-30\n",
        )
    });
    assert!(country_page(&s).contains("Decision: further information requested"));
    assert_same(&mut s, root, "an evaluation and its decision");
    edit(&mut s, "content/kazakhstan/_index.md", &|t| {
        t.replace(
            "round = 2\ndate = 2014-01-20\n",
            "round = 2\ndate = 2014-01-20\ndue = 2013-09-30\nreminders = [2013-11-04]\n",
        )
    });
    assert!(country_page(&s).contains("reply-overdue"));
    assert_same(&mut s, root, "an overdue reply");
    edit(&mut s, &rec, &|t| {
        at_end_of_front(
            &t,
            "[[assessments]]\nround = 1\ngrade = \"C\"\nsummary = \"Then.\"\n",
        )
    });
    assert_same(&mut s, root, "an earlier round");
    edit(&mut s, &rec, &|t| {
        t.replace("summary = \"Then.\"", "summary = \"Then, nothing.\"")
    });
    assert_same(&mut s, root, "an earlier round's summary");
    let config = root.join("followup.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[assessors.committee]\nname = \"Human Rights Committee\"\nscale = \"hrc-2013\"\n"),
    )
    .unwrap();
    s.apply(&[config]).unwrap();
    assert_same(&mut s, root, "an assessor");
    edit(&mut s, &rec, &|t| {
        at_end_of_front(
            &t,
            "[[assessments]]\nround = 2\nby = \"committee\"\ngrade = \"C2-D1\"\ndate = 2015-04-01\n",
        )
    });
    assert_same(&mut s, root, "another assessor's range");
    edit(&mut s, &rec, &|t| {
        t.replace("grade = \"C2-D1\"", "grade = \"B2\"")
    });
    assert_same(&mut s, root, "another assessor's grade");
    edit(&mut s, "content/kazakhstan/_index.md", &|t| {
        t.replace("date = 2014-01-20", "date = 2014-01-21")
    });
    assert_same(&mut s, root, "a round's date");

    // A broken edit keeps the last good site; fixing it recovers.
    let before = served(&s);
    let r = edit(&mut s, &rec, &|t| {
        t.replace("grade = \"B3\"", "grade = \"Z\"")
    });
    assert_eq!(r.errors.errors(), 1);
    assert!(r.errors.0[0].message.contains("grade \"Z\""));
    assert!(served(&s) == before, "the last good site is still served");
    edit(&mut s, &rec, &|t| {
        t.replace("grade = \"Z\"", "grade = \"A2\"")
    });
    assert!(s.errors().0.is_empty());
    assert_same(&mut s, root, "fixed");

    // A whole folder moved in, then renamed away.
    let outside = tempfile::tempdir().unwrap();
    let moved = outside.path().join("p30-torture");
    std::fs::create_dir_all(&moved).unwrap();
    std::fs::write(
        moved.join("_index.md"),
        "+++\nparagraph = 30\narticles = [7]\n+++\nConcern.\n",
    )
    .unwrap();
    std::fs::write(
        moved.join("01.md"),
        "+++\ngrade = \"C\"\nrecommendation = \"x\"\n+++\nB[^1].\n\n[^1]: <https://x.org>\n",
    )
    .unwrap();
    let target: PathBuf = root.join("content/kazakhstan/p30-torture");
    std::fs::rename(&moved, &target).unwrap();
    s.apply(std::slice::from_ref(&target)).unwrap();
    assert_same(&mut s, root, "folder moved in");
    let renamed = root.join("content/kazakhstan/p31-torture");
    std::fs::rename(&target, &renamed).unwrap();
    s.apply(&[target, renamed]).unwrap();
    assert_same(&mut s, root, "folder renamed");

    // Settings: a grade's label.
    let config = root.join("followup.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let relabelled = text.replace(
        "description = \"Response not satisfactory\"",
        "description = \"Unsatisfactory\"",
    );
    assert_ne!(relabelled, text, "the settings edit matched nothing");
    std::fs::write(&config, relabelled).unwrap();
    s.apply(&[config]).unwrap();
    assert_same(&mut s, root, "settings");

    // Editor leftovers and unrelated paths do not rebuild.
    let swap = root.join(format!("{P7}/.01-independence-and-resources.md.swp"));
    std::fs::write(&swap, "x").unwrap();
    assert!(s.apply(&[swap, root.join("public/index.html")]).is_none());
}

/// A second country, Lemuria, with one follow-up paragraph and no
/// recommendation yet.
fn new_country(root: &Path) {
    write(
        root,
        "content/lemuria/_index.md",
        b"+++\ncountry = \"Lemuria\"\n+++\n",
    );
    write(
        root,
        "content/lemuria/p1/_index.md",
        b"+++\nparagraph = 1\narticles = [9]\n+++\n",
    );
}

#[test]
fn a_new_country_appears_everywhere() {
    let dir = copy_sample_with_search();
    let root = dir.path();
    let (mut s, _) = Session::new(root, BASE_URL);
    new_country(root);
    write(
        root,
        "content/lemuria/p1/01.md",
        b"+++\ngrade = \"B1\"\nrecommendation = \"x\"\n+++\n",
    );
    s.apply(&[root.join("content/lemuria")]).unwrap();
    assert_same(&mut s, root, "new country");
    assert!(s.get("lemuria/p1/01/index.html").is_some());
}

/// Two paragraphs of one country with files of the same name: their ids on
/// the country's full report are told apart by the paragraph, in a full
/// build and after an edit in place alike.
#[test]
fn files_of_the_same_name_in_two_paragraphs_keep_their_own_ids() {
    let dir = copy_sample_with_search();
    let root = dir.path();
    for (paragraph, source) in [(P7, "Report A"), (P25, "Report B")] {
        write(
            root,
            &format!("{paragraph}/09-same.md"),
            format!(
                "+++\ngrade = \"C\"\nrecommendation = \"x\"\n+++\nSee[^1].\n\n[^1]: {source}, <https://example.org/{}>\n",
                source.to_lowercase().replace(' ', "-")
            )
            .as_bytes(),
        );
    }
    let (mut s, first) = Session::new(root, BASE_URL);
    assert!(first.errors.0.is_empty(), "{:?}", first.errors);
    assert_same(&mut s, root, "two files of the same name");
    let path = root.join(format!("{P25}/09-same.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("See[^1].", "See now[^1].")).unwrap();
    let r = s.apply(&[path]).unwrap();
    assert_eq!(r.stages.first().map(|s| s.0), Some("in place"));
    assert_same(&mut s, root, "an edit in place of one of them");
    let Some(Served::Bytes(report)) = s.get("kazakhstan/report.html") else {
        panic!("the report is served");
    };
    let report = String::from_utf8_lossy(report);
    for id in [
        "rec-p07-national-human-rights-institution-09-same",
        "rec-p25-freedom-of-expression-09-same",
        "fn-p25-freedom-of-expression-09-same-1",
    ] {
        assert_eq!(
            report.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id} once on the report"
        );
    }
}

/// Edits made while the site does not build show once it builds again,
/// in every country they touched: the preview compares the pages of each
/// country changed since the last good rebuild, not only the last one's.
/// A file renamed moves its recommendation between lists and addresses.
#[test]
fn edits_made_while_broken_show_once_fixed() {
    let dir = copy_sample_with_search();
    let root = dir.path();
    let (mut s, _) = Session::new(root, BASE_URL);
    new_country(root);
    for (name, grade) in [("01.md", "B1"), ("02.md", "C")] {
        let text = format!("+++\ngrade = \"{grade}\"\nrecommendation = \"{name}\"\n+++\n");
        write(root, &format!("content/lemuria/p1/{name}"), text.as_bytes());
    }
    s.apply(&[root.join("content/lemuria")]).unwrap();
    assert_same(&mut s, root, "a second country");

    let rec = root.join(format!("{P7}/01-independence-and-resources.md"));
    let good = std::fs::read_to_string(&rec).unwrap();
    let broken = good.replacen("grade = \"", "grade = \"Z", 1);
    std::fs::write(&rec, &broken).unwrap();
    let r = s.apply(std::slice::from_ref(&rec)).unwrap();
    assert!(r.errors.has_errors(), "an unknown grade fails the rebuild");
    let lemuria = root.join("content/lemuria/p1/01.md");
    let text = std::fs::read_to_string(&lemuria).unwrap();
    std::fs::write(&lemuria, text.replace("grade = \"B1\"", "grade = \"A1\"")).unwrap();
    let r = s.apply(std::slice::from_ref(&lemuria)).unwrap();
    assert!(r.errors.has_errors(), "still broken");
    std::fs::write(&rec, &good).unwrap();
    s.apply(std::slice::from_ref(&rec)).unwrap();
    assert_same(&mut s, root, "fixed, with the other country's grade change");

    // A renamed file: another address, and another place in its lists.
    let renamed = root.join("content/lemuria/p1/00-first.md");
    std::fs::rename(&lemuria, &renamed).unwrap();
    s.apply(&[lemuria, renamed]).unwrap();
    assert_same(&mut s, root, "a file renamed");
}

/// After a grade change, the edited recommendation's pages are served
/// first, before the lists that show it; once the rebuild ends, every page
/// is what a full build makes.
#[test]
fn a_grade_change_serves_the_edited_page_first() {
    let dir = copy_sample_with_search();
    let root = dir.path();
    let (mut s, _) = Session::new(root, BASE_URL);
    let first = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let told = first.clone();
    s.on_first_swap(Box::new(move |snapshot, pages| {
        told.lock().unwrap().push((snapshot, pages));
    }));
    let page = |s: &followup::preview::session::Snapshot, file: &str| match s.get(file) {
        Some(Served::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => panic!("{file} is served"),
    };
    let rec = root.join(format!("{P25}/02-defamation-legislation.md"));
    let text = std::fs::read_to_string(&rec).unwrap();
    let edited = text.replace("grade = \"C\"", "grade = \"B3\"").replacen(
        "recommendation = \"\"\"",
        "recommendation = \"\"\"Moved. ",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&rec, edited).unwrap();
    let r = s.apply(std::slice::from_ref(&rec)).unwrap();
    assert!(r.errors.0.is_empty(), "{:?}", r.errors);

    let own = "kazakhstan/p25-freedom-of-expression/02-defamation-legislation/index.html";
    let swaps = first.lock().unwrap();
    assert_eq!(swaps.len(), 1, "one first swap");
    let (snapshot, pages) = &swaps[0];
    assert!(
        pages.contains(
            &"/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/".to_string()
        ),
        "{pages:?}"
    );
    assert!(
        page(snapshot, own).contains("Moved. "),
        "the edited page is served first"
    );
    assert!(
        !page(snapshot, "kazakhstan/index.html").contains("Moved. "),
        "the lists come later"
    );
    let later = r
        .pages
        .as_ref()
        .expect("the pages changed after the first swap");
    assert!(later.contains(&"/kazakhstan/".to_string()), "{later:?}");
    assert!(
        !later.iter().any(|p| pages.contains(p)),
        "no page reloads twice: {later:?}"
    );
    drop(swaps);
    assert_same(&mut s, root, "a grade change, once settled");
}
