//! The output formats (open data, feeds, sitemap, GitHub Pages files,
//! search), each made alone from the sample in both its languages: every
//! format of the list makes files, no two claim the same path, and each
//! file is one the build publishes.

use crate::common;
use common::*;
use std::collections::BTreeMap;

#[test]
fn every_format_makes_files_of_its_own() {
    let root = sample_root();
    let loaded = followup::input::load::load(&root);
    let (site, theme, _) = followup::prepare(&loaded, loaded.diagnostics(), None, |name| {
        followup::render::theme::Theme::load(&root, name)
    })
    .unwrap_or_else(|d| panic!("{d:?}"));
    assert!(
        !site.translations.is_empty(),
        "the sample has a translation"
    );
    let built = built_sample();
    let mut owner: BTreeMap<String, &str> = BTreeMap::new();
    for format in followup::publish::FORMATS {
        let name = format.name();
        let mut made = Vec::new();
        for (lang, prefix) in site.languages() {
            let env = followup::render::environment(&lang.config, &theme).unwrap();
            let (problems, files) = followup::build::site::collect(|sink| {
                followup::build::site::formats_each(lang, &theme, &env, |f| f.name() == name, sink)
            });
            assert!(problems.is_empty(), "{name}: {problems:?}");
            made.extend(files.into_iter().map(|f| f.under(&prefix).path));
        }
        assert!(!made.is_empty(), "the format {name} made no file");
        for path in made {
            assert!(
                built.join(&path).is_file(),
                "{name} made {path}, which the build did not publish"
            );
            if let Some(other) = owner.insert(path.clone(), name) {
                panic!("{other} and {name} both make {path}");
            }
        }
    }
    // Every file of both kinds of scope is there: each language's data and
    // feeds, the root's sitemap and .nojekyll, once.
    for path in [
        "data/recommendations.json",
        "ru/data/recommendations.json",
        "data/dossiers.json",
        "ru/data/rounds.csv",
        "ru/data/deadlines.ics",
        "ru/feed.xml",
        "sitemap.xml",
        ".nojekyll",
        "ru/pagefind/pagefind-entry.json",
    ] {
        assert!(owner.contains_key(path), "no format made {path}");
    }
    assert!(!owner.contains_key("ru/sitemap.xml"));
    assert!(!owner.contains_key("ru/.nojekyll"));
}
