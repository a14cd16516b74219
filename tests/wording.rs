//! Every word the site writes around an author's text comes from the
//! strings table, in every output file: pages, feeds and the search
//! filters of a Russian site are in Russian.

use crate::common;
use common::*;

/// The sample dossier with `language = "ru"` (and so without its Russian
/// translations).
fn russian_sample() -> tempfile::TempDir {
    let site = copy_sample();
    without_translations(site.path());
    let path = site.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("language = \"ru\"\n{text}")).unwrap();
    site
}

#[test]
fn a_russian_sites_feeds_speak_russian() {
    let site = russian_sample();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path());
    for feed in ["feed.xml", "kazakhstan/feed.xml"] {
        let xml = std::fs::read_to_string(out.path().join(feed)).unwrap();
        let summaries: Vec<&str> = xml
            .split("<summary>")
            .skip(1)
            .map(|s| s.split("</summary>").next().unwrap())
            .collect();
        // One entry per recommendation, and the State's reply.
        assert_eq!(summaries.len(), 12, "{feed}");
        for s in &summaries[1..] {
            assert!(s.starts_with("Оценка "), "{feed}: {s}");
        }
        assert_eq!(
            summaries[0],
            "Раунд 1: Получен ответ (CCPR/C/KAZ/CO/1/Add.1)."
        );
        assert!(!xml.contains("Grade "), "{feed} has English words:\n{xml}");
    }
    // The feed is still well-formed Atom.
    let xml = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("feed.xml is not well-formed: {e}"),
        }
    }
}

#[test]
fn a_russian_sites_search_filters_name_articles_in_russian() {
    let site = russian_sample();
    let loaded = followup::input::load::load(site.path());
    let (model, _, _) = followup::prepare(&loaded, loaded.diagnostics(), None, |name| {
        followup::render::theme::Theme::load(site.path(), name)
    })
    .unwrap_or_else(|d| panic!("{d:?}"));
    let records = followup::publish::search_records(&model);
    assert_eq!(records.len(), 11);
    let articles: Vec<&String> = records
        .iter()
        .flat_map(|r| &r.filters()["article"])
        .collect();
    assert!(!articles.is_empty());
    for a in articles {
        assert!(a.contains(", ст. "), "an article filter in English: {a}");
        assert!(!a.contains("art."), "an article filter in English: {a}");
    }
}

#[test]
fn a_site_rewords_its_feed_with_its_own_template_and_strings() {
    // The sitemap counts the search pages too.
    let site = copy_sample_with_search();
    let path = site.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "{text}\n[strings]\nfeed_entry_summary = \"Rated {{code}} ({{label}}): {{summary}}\"\n"
        ),
    )
    .unwrap();
    write(
        site.path(),
        "themes/default/templates/sitemap.xml",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{% for url in urls %}<url><loc>{{ url }}</loc><priority>0.5</priority></url>{% endfor %}</urlset>",
    );
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path());
    let feed = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    assert!(feed.contains("<summary>Rated "), "{feed}");
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    // 34 pages in English and 34 in Russian (the follow-up page among them).
    assert_eq!(sitemap.matches("<priority>0.5</priority>").count(), 68);
    assert!(sitemap.ends_with("</urlset>\n"));
}
