//! A site in several languages, from the sample (English, with Russian
//! translations of paragraph 7's texts): each language's pages under its
//! folder, the links between them, texts not yet translated shown in the
//! original with their `lang` and a notice, the translation status, and
//! every mistake a translation can make.

use crate::common;
use common::*;
use std::path::Path;

const P7: &str = "content/kazakhstan/p07-national-human-rights-institution";

fn built() -> &'static Path {
    built_sample()
}

#[test]
fn each_language_has_its_pages_under_its_folder_linked_both_ways() {
    let out = built();
    let path = "kazakhstan/p07-national-human-rights-institution/03-national-preventive-mechanism/";
    let en = page(out, "/", &format!("/{path}"));
    let ru = page(out, "/", &format!("/ru/{path}"));
    assert_eq!(en.select("html")[0].value().attr("lang"), Some("en"));
    assert_eq!(ru.select("html")[0].value().attr("lang"), Some("ru"));
    for p in [&en, &ru] {
        let alternates: Vec<(String, String)> = p
            .select("link[rel=alternate][hreflang]")
            .iter()
            .map(|l| {
                let a = l.value();
                (
                    a.attr("hreflang").unwrap().into(),
                    a.attr("href").unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            alternates,
            [
                ("en".into(), format!("https://example.org/{path}")),
                ("ru".into(), format!("https://example.org/ru/{path}")),
                ("x-default".into(), format!("https://example.org/{path}")),
            ]
        );
    }
    assert_eq!(ru.hrefs("nav.languages a"), [format!("/{path}")]);
    assert_eq!(en.hrefs("nav.languages a"), [format!("/ru/{path}")]);
    assert_eq!(ru.texts("nav.languages [aria-current]"), ["Русский"]);
    // The translation's texts, the original's grade, the theme in Russian.
    assert!(ru.shows("Законопроект о НПМ"), "{}", ru.text);
    assert!(ru.shows(
        "Выполнение частично удовлетворительное: есть прогресс, но нужны дополнительные меры"
    ));
    assert_eq!(ru.texts("dt")[0], "Страна");
    // Its own lists, data and feeds, under /ru/.
    for file in [
        "ru/grades/b2/index.html",
        "ru/sources/index.html",
        "ru/data/recommendations.json",
        "ru/feed.xml",
        "ru/kazakhstan/feed.xml",
        "ru/404.html",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let json = std::fs::read_to_string(out.join("ru/data/recommendations.json")).unwrap();
    assert!(
        json.contains("https://example.org/ru/kazakhstan/"),
        "the data link the Russian pages"
    );
    // One sitemap, at the root, with the alternates.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("<loc>https://example.org/ru/{path}</loc><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/{path}\"/>")), "{sitemap}");
    assert!(!out.join("ru/sitemap.xml").exists() && !out.join("ru/.nojekyll").exists());
    assert!(
        !sitemap.contains("translations/"),
        "the authors' page is not for search engines"
    );
    let (problems, reachable) = check_links(out, "/");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(reachable.contains(&format!("/ru/{path}")));
}

#[test]
fn untranslated_texts_are_shown_in_the_original_with_their_language_and_a_notice() {
    let out = built();
    let p = page(
        out,
        "/",
        "/ru/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/",
    );
    // A notice above each block shown in English.
    assert_eq!(
        blocks(&p, "article.recommendation"),
        ["notice", "committee", "notice", "summary", "notice", "body"]
    );
    assert_eq!(
        p.texts("p.untranslated")[0],
        "Ещё не переведено; показано на языке оригинала (English)."
    );
    for css in ["blockquote.committee", "p.summary", "div.body"] {
        assert_eq!(p.select(css)[0].value().attr("lang"), Some("en"), "{css}");
    }
    // A translated recommendation: its summary and body in Russian, its
    // text (the Committee's, not translated) in English.
    let p = page(
        out,
        "/",
        "/ru/kazakhstan/p07-national-human-rights-institution/01-independence-and-resources/",
    );
    assert_eq!(
        p.select("blockquote.committee")[0].value().attr("lang"),
        Some("en")
    );
    assert_eq!(p.select("p.summary")[0].value().attr("lang"), None);
    assert_eq!(p.select("div.body")[0].value().attr("lang"), None);
    assert_eq!(
        blocks(&p, "article.recommendation"),
        ["notice", "committee", "summary", "body"]
    );
    // Lists mark each untranslated cell.
    let country = page(out, "/", "/ru/kazakhstan/");
    assert_eq!(country.texts("h1"), ["Казахстан"]);
    let langs: Vec<Option<&str>> = country
        .select("table.recommendations tbody tr td:nth-child(4)")
        .iter()
        .map(|td| td.value().attr("lang"))
        .collect();
    assert_eq!(
        langs[..3],
        [None, None, None],
        "paragraph 7's summaries are translated"
    );
    assert!(langs[3..].iter().all(|l| *l == Some("en")));
    // The English pages have no notice and no language marks.
    let en = std::fs::read_to_string(out.join("kazakhstan/index.html")).unwrap();
    assert!(!en.contains("class=\"untranslated\"") && !en.contains(" lang=\"en\" dir"));
}

#[test]
fn authors_see_what_is_translated_on_a_page_and_from_check() {
    let out = built();
    let p = page(out, "/", "/translations/");
    assert!(p.shows("5 of 16 files translated"), "{}", p.text);
    assert!(
        p.texts("ul.missing code").contains(
            &"content/kazakhstan/p21-independence-of-the-judiciary/_index.md".to_string()
        )
    );
    let footer = page(out, "/", "/ru/").hrefs("footer a");
    assert!(footer.contains(&"/translations/".to_string()));
    let o = followup(&["check", "--root", sample_root().to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("info: ru: 5 of 16 files translated; not yet: content/kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges.md and 10 more"), "{}", stderr(&o));
}

#[test]
fn a_right_to_left_language_has_its_direction_and_plurals() {
    let root = sample_with_arabic();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let home = page(out.path(), "/", "/ar/");
    let html = home.select("html")[0].value().clone();
    assert_eq!(
        (html.attr("lang"), html.attr("dir")),
        (Some("ar"), Some("rtl"))
    );
    assert_eq!(
        home.texts("nav.languages li"),
        ["English", "العربية", "Русский"]
    );
    let country = page(out.path(), "/", "/ar/kazakhstan/");
    // Untranslated English in an Arabic page keeps its own direction.
    let intro = country.select("div.intro")[0].value().clone();
    assert_eq!(
        (intro.attr("lang"), intro.attr("dir")),
        (Some("en"), Some("auto"))
    );
    assert!(
        !out.path().join("zh").exists(),
        "only the languages the settings list"
    );
}

/// A site without translations gains nothing: no language links, no
/// alternates, no notices, no translations page, no folder per language.
#[test]
fn a_site_in_one_language_is_as_before() {
    let root = copy_sample();
    without_translations(root.path());
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    assert!(!out.path().join("ru").exists() && !out.path().join("translations").exists());
    for (file, bytes) in tree(out.path()) {
        let text = String::from_utf8_lossy(&bytes);
        for mark in [
            "hreflang",
            "class=\"languages\"",
            "class=\"untranslated\"",
            "xhtml:link",
        ] {
            assert!(!text.contains(mark), "{file} has {mark}");
        }
    }
}

/// The notices and the blocks of a recommendation under `within`, in the
/// page's order.
fn blocks(p: &Page, within: &str) -> Vec<&'static str> {
    let css = [
        "p.untranslated",
        "blockquote.committee",
        "p.summary",
        "div.body",
    ]
    .map(|c| format!("{within} {c}"))
    .join(", ");
    p.select(&css)
        .iter()
        .map(|e| match e.value().classes().next() {
            Some("untranslated") => "notice",
            Some("committee") => "committee",
            Some("summary") => "summary",
            _ => "body",
        })
        .collect()
}

/// A recommendation whose text is translated and whose overview and body
/// are not: the notice stands above the overview and the body, on its
/// page, its paragraph's and the report, and not above its text.
#[test]
fn the_notice_stands_above_each_block_shown_in_the_main_language_only() {
    let site = copy_sample();
    let path = site.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n[languages.zh]\ntitle = \"后续行动\"\n"),
    )
    .unwrap();
    write(
        site.path(),
        "content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.zh.md",
        "+++\nrecommendation = \"缔约国应当审查其诽谤立法。\"\n+++\n".as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path());
    let p = page(
        out.path(),
        "/",
        "/zh/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/",
    );
    let shown = ["committee", "notice", "summary", "notice", "body"];
    assert_eq!(blocks(&p, "article.recommendation"), shown);
    assert_eq!(
        p.texts("p.untranslated")[0],
        "尚未翻译；以原文（English）显示。"
    );
    for (url, within) in [
        (
            "/zh/kazakhstan/p25-freedom-of-expression/",
            "#rec-02-defamation-legislation",
        ),
        (
            "/zh/kazakhstan/report.html",
            "#rec-02-defamation-legislation",
        ),
    ] {
        let p = page(out.path(), "/", url);
        assert_eq!(blocks(&p, within), shown, "{url}");
    }
}

/// Checks that `change` makes `check` fail with each of `expected`, and
/// that the authoring guide's table lists the message (`listed`, its words
/// without the values of the case).
fn rejected(change: impl FnOnce(&Path), expected: &[&str], listed: &str) {
    let root = copy_sample();
    change(root.path());
    let o = followup(&["check", "--root", root.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md"))
            .unwrap();
    assert!(guide.contains(listed), "the guide does not list {listed:?}");
}

fn put(rel: &'static str, text: &'static str) -> impl FnOnce(&Path) {
    move |root| write(root, rel, text.as_bytes())
}

fn settings(extra: &'static str) -> impl FnOnce(&Path) {
    move |root| {
        let path = root.join("followup.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{extra}")).unwrap();
    }
}

#[test]
fn a_translation_that_sets_a_language_neutral_field_is_told_where_it_belongs() {
    rejected(
        put(
            "content/kazakhstan/p07-national-human-rights-institution/02-accreditation.ru.md",
            "+++\nsummary = \"Неизвестно\"\ngrade = \"C\"\n+++\nНет информации.\n",
        ),
        &[
            "02-accreditation.ru.md:3:1: `grade` is the same in every language: a translation cannot set it",
            &format!(
                "help: set it in the original, {P7}/02-accreditation.md, and delete this line"
            ),
        ],
        "is the same in every language: a translation cannot set it",
    );
    rejected(
        put(
            "content/kazakhstan/_index.ru.md",
            "+++\ncountry = \"Казахстан\"\nadopted = 2011-07-26\n+++\n",
        ),
        &["_index.ru.md:3:1: `adopted` is the same in every language: a translation cannot set it"],
        "is the same in every language: a translation cannot set it",
    );
}

#[test]
fn a_translation_without_original_or_language_is_named() {
    rejected(
        put(
            "content/kazakhstan/p07-national-human-rights-institution/09-missing.ru.md",
            "+++\nsummary = \"x\"\n+++\n",
        ),
        &[
            "09-missing.ru.md: this translation has no original: content/kazakhstan/p07-national-human-rights-institution/09-missing.md does not exist",
            "help: a translation is named after the file it translates",
        ],
        "this translation has no original:",
    );
    rejected(
        put(
            "content/kazakhstan/p07-national-human-rights-institution/02-accreditation.fr.md",
            "+++\nsummary = \"Inconnu\"\n+++\n",
        ),
        &[
            "02-accreditation.fr.md: a translation into \"fr\", which followup.toml does not list",
            "help: the site's other languages are ru; add [languages.fr] with its title to followup.toml",
        ],
        "which followup.toml does not list",
    );
    rejected(
        put(
            "content/kazakhstan/p07-national-human-rights-institution/02-accreditation.ru.md",
            "+++\nsummary = \"x\"\n[[assessments]]\nround = 2\nby = \"committee\"\nsummary = \"y\"\n+++\n",
        ),
        &[
            "02-accreditation.ru.md:3:1: content/kazakhstan/p07-national-human-rights-institution/02-accreditation.md has no assessment of round 2 by \"committee\"",
        ],
        "has no assessment of round",
    );
}

#[test]
fn languages_in_the_settings_are_checked() {
    rejected(
        settings("\n[languages.de]\ntitle = \"Folgemaßnahmen\"\n"),
        &[
            "followup.toml:",
            "the theme has no labels in \"de\"",
            "help: the theme speaks ar, en, es, fr, ru, zh",
        ],
        "the theme has no labels in",
    );
    rejected(
        settings("\n[languages.en]\ntitle = \"Follow-up\"\n"),
        &[
            "followup.toml:",
            "\"en\" is already the site's main language",
        ],
        "is already the site's main language",
    );
    rejected(
        settings("\n[languages.ru.grades.B9]\nlabel = \"x\"\n"),
        &[
            "followup.toml:",
            "[languages.ru.grades] names \"B9\", which is not a grade",
            "help: the grades are: A1, A2, B1, B2, B3, C, N/A",
        ],
        "which is not a grade",
    );
    rejected(
        |root: &Path| {
            std::fs::create_dir_all(root.join("content/ru")).unwrap();
            write(
                root,
                "content/ru/_index.md",
                b"+++\ncountry = \"Russia\"\n+++\n",
            );
        },
        &["content/ru: the folder name `ru` is where the site's pages in that language live"],
        "is where the site's pages in that language live",
    );
}
