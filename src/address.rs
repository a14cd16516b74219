//! Where everything lives in the output: every address of the site is made
//! here, from slugs, and nowhere else. The model stores the addresses it
//! makes with these functions; pages, data files and feeds read them back.
//! Addresses are relative to the site's root (`kazakhstan/p07/`); the
//! render stage prefixes the base path.

/// Top-level folders of the output besides pages: open data, the theme's
/// assets and the search bundle.
pub const DATA_DIR: &str = "data/";
pub const ASSETS_DIR: &str = "assets/";
pub const SEARCH_BUNDLE_DIR: &str = "pagefind/";

/// The fixed pages at the top of the site.
pub const HOME: &str = "";
pub const ARTICLES: &str = "articles/";
pub const GRADES: &str = "grades/";
pub const SOURCES: &str = "sources/";
pub const PROGRESS: &str = "progress/";
/// For authors of a site in several languages: what is translated.
pub const TRANSLATIONS: &str = "translations/";
pub const SEARCH: &str = "search/";
pub const NOT_FOUND: &str = "404.html";

/// The open data files under [`DATA_DIR`].
pub const RECORDS_CSV: &str = "recommendations.csv";
pub const RECORDS_JSON: &str = "recommendations.json";
pub const RECORDS_SCHEMA: &str = "recommendations.schema.json";

/// The search page's script and stylesheet, in the search bundle.
pub const SEARCH_UI_JS: &str = "pagefind-ui.js";
pub const SEARCH_UI_CSS: &str = "pagefind-ui.css";

/// The site-wide feed and the sitemap; each country has a feed of its own
/// ([`country_feed`]).
pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";

/// Names a country folder may not take, because the site's own pages and
/// files live there: derived from the addresses above, so the two cannot
/// drift apart.
pub fn reserved() -> Vec<&'static str> {
    let mut names: Vec<&str> = [
        ARTICLES,
        GRADES,
        SOURCES,
        PROGRESS,
        TRANSLATIONS,
        SEARCH,
        NOT_FOUND,
        DATA_DIR,
        ASSETS_DIR,
        SEARCH_BUNDLE_DIR,
    ]
    .iter()
    .map(|a| a.trim_end_matches('/').trim_end_matches(".html"))
    .collect();
    names.sort_unstable();
    names
}

pub fn country(slug: &str) -> String {
    format!("{slug}/")
}

pub fn paragraph(country_path: &str, slug: &str) -> String {
    format!("{country_path}{slug}/")
}

pub fn recommendation(paragraph_path: &str, slug: &str) -> String {
    format!("{paragraph_path}{slug}/")
}

/// A country's whole dossier on one page: a file, not a folder, so no
/// paragraph folder can take its name.
pub fn report(country_path: &str) -> String {
    format!("{country_path}report.html")
}

pub fn article(treaty_slug: &str, number: u32) -> String {
    format!("{ARTICLES}{treaty_slug}/{number}/")
}

pub fn grade(slug: &str) -> String {
    format!("{GRADES}{slug}/")
}

/// Another assessor's grades, beside the site's own: `grades/committee/`.
pub fn assessor(slug: &str) -> String {
    format!("{GRADES}{slug}/")
}

/// One of another assessor's grades: `grades/committee/c2/`.
pub fn assessor_grade(assessor_path: &str, grade_slug: &str) -> String {
    format!("{assessor_path}{grade_slug}/")
}

/// Page `page` (0 for the first) of the list at `path`: `grades/b2/`, then
/// `grades/b2/page/2/`...
pub fn list_page(path: &str, page: usize) -> String {
    if page == 0 {
        path.to_string()
    } else {
        format!("{path}page/{}/", page + 1)
    }
}

pub fn country_feed(country_path: &str) -> String {
    format!("{country_path}{FEED}")
}

/// Every assessment of every recommendation, one row each.
pub const ASSESSMENTS_CSV: &str = "assessments.csv";

/// A country's recommendations as CSV: `data/kazakhstan.csv`.
pub fn country_csv(country_path: &str) -> String {
    format!("{DATA_DIR}{}.csv", country_path.trim_end_matches('/'))
}

pub fn data(name: &str) -> String {
    format!("{DATA_DIR}{name}")
}

pub fn asset(name: &str) -> String {
    format!("{ASSETS_DIR}{name}")
}

/// Where a file of search bundle `bundle` goes, given its path in bundle 0
/// (`pagefind/x`): bundle 0 is the search bundle itself, a large site's
/// further bundles are folders in it (`pagefind/2/x`).
pub fn search_bundle_part(bundle: usize, path: &str) -> String {
    match bundle {
        0 => path.to_string(),
        b => format!(
            "{SEARCH_BUNDLE_DIR}{b}/{}",
            path.trim_start_matches(SEARCH_BUNDLE_DIR)
        ),
    }
}

/// The folder of search bundle `bundle` (see [`search_bundle_part`]).
pub fn search_bundle_dir(bundle: usize) -> String {
    search_bundle_part(bundle, SEARCH_BUNDLE_DIR)
}

pub fn search_bundle_file(name: &str) -> String {
    format!("{SEARCH_BUNDLE_DIR}{}", name.trim_start_matches('/'))
}

/// The file that serves the address `path`: a folder's `index.html`.
pub fn file_of(mut path: String) -> String {
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The authoring guide names the reserved folder names, as the layout
    /// makes them.
    #[test]
    fn the_guide_lists_the_reserved_names() {
        let guide = include_str!("../docs/authoring.md");
        let names = reserved();
        let listed = match names.split_last() {
            Some((last, rest)) => {
                let rest: Vec<String> = rest.iter().map(|n| format!("`{n}`")).collect();
                format!("{} or `{last}`", rest.join(", "))
            }
            None => String::new(),
        };
        let guide = guide.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(guide.contains(&listed), "the guide should list {listed}");
    }

    #[test]
    fn folders_serve_their_index() {
        assert_eq!(file_of(country("kazakhstan")), "kazakhstan/index.html");
        assert_eq!(file_of(report("kazakhstan/")), "kazakhstan/report.html");
        assert_eq!(file_of(HOME.to_string()), "index.html");
        assert_eq!(list_page(&grade("b2"), 1), "grades/b2/page/2/");
    }
}
