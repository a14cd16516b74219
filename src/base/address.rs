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
/// Where each dossier's follow-up procedure stands.
pub const FOLLOW_UP: &str = "follow-up/";
/// For authors of a site in several languages: what is translated.
pub const TRANSLATIONS: &str = "translations/";
pub const SEARCH: &str = "search/";
pub const NOT_FOUND: &str = "404.html";

/// The open data files under [`DATA_DIR`].
pub const RECORDS_CSV: &str = "recommendations.csv";
pub const RECORDS_JSON: &str = "recommendations.json";
pub const RECORDS_SCHEMA: &str = "recommendations.schema.json";
/// The follow-up procedure as open data: one row per dossier and round,
/// each dossier with its rounds (and the JSON Schema), and the calendar of
/// reply deadlines.
pub const ROUNDS_CSV: &str = "rounds.csv";
pub const DOSSIERS_JSON: &str = "dossiers.json";
pub const DOSSIERS_SCHEMA: &str = "dossiers.schema.json";
pub const DEADLINES_ICS: &str = "deadlines.ics";
/// What the data files are, their columns and licence: a Frictionless
/// Data Package.
pub const DATA_PACKAGE: &str = "datapackage.json";

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
        FOLLOW_UP,
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

/// A page's link-preview image, in its folder: `og.png`,
/// `kazakhstan/og.png` (the home and country pages have one).
pub fn og_image(page_path: &str) -> String {
    format!("{page_path}og.png")
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

/// The address a reader's browser shows for the page file `file`, from the
/// site's root (`kazakhstan/p07/index.html` is at `/kazakhstan/p07/`): the
/// other way round from [`file_of`].
pub fn of_file(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// The scheme of an address an author wrote, when a reader's browser
/// would do something other than open a page or write an e-mail with it
/// (`javascript:`, `vbscript:`, `data:`, `file:`, …): such an address is
/// never published. Read as browsers read it: spaces and control
/// characters around it and tabs and line breaks inside it are ignored, so
/// `java\tscript:` is refused too. Addresses with no scheme are the site's own.
pub fn refused_scheme(address: &str) -> Option<String> {
    let cleaned: String = address
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // A colon after a slash, `?` or `#`: a relative address.
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    (!matches!(scheme.as_str(), "http" | "https" | "mailto")).then_some(scheme)
}

/// The message for an address [`refused_scheme`] refuses, and its help.
pub fn refused_message(what: &str, address: &str, scheme: &str) -> (String, String) {
    (
        format!(
            "{what} `{address}` is a {scheme}: address, which a reader's browser would run or open from their own computer: followup publishes only http, https and mailto addresses and addresses within the site"
        ),
        "give the source's web address (https://…), an e-mail address (mailto:…) or a file of the site (files/report.pdf), or remove the link".to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The authoring guide names the reserved folder names, as the layout
    /// makes them.
    #[test]
    fn addresses_that_run_script_are_refused() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "C:\\Users\\x",
        ] {
            assert!(refused_scheme(bad).is_some(), "{bad:?}");
        }
        for good in [
            "https://example.org/a:b",
            "HTTP://x.org",
            "mailto:a@b.org",
            "files/report.pdf",
            "/kazakhstan/",
            "#fn-1",
            "?q=a:b",
            "//cdn.example.org/x",
            "2020/report:final.pdf",
        ] {
            assert!(refused_scheme(good).is_none(), "{good:?}");
        }
    }

    #[test]
    fn the_guide_lists_the_reserved_names() {
        let guide = include_str!("../../docs/authoring.md");
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
