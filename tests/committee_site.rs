//! Sites that track the Committee's own follow-up: older concluding
//! observations that name no article per paragraph, and the Committee's
//! change of scale in 2016, read on the scale in force at each date.

use crate::common;
use common::history_site::history_site;
use common::*;

/// A paragraph without `articles` is on no article page, and `check`
/// says so once per dossier, as information that fails nothing.
#[test]
fn a_paragraph_without_articles_is_on_no_article_page_and_check_says_so_once() {
    let root = history_site();
    edit(
        root.path(),
        "content/atlantis-2011/p10/_index.md",
        "articles = [19]\n",
        "",
    );
    let r = root.path().to_str().unwrap();
    for args in [
        &["check", "--root", r][..],
        &["check", "--strict", "--root", r],
    ] {
        let o = followup(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert_eq!(
            err.matches("info: content/atlantis-2011/_index.md").count(),
            1,
            "{err}"
        );
        assert!(
            err.contains(
                "paragraph 10 of this dossier name no `articles`: no article page lists them"
            ),
            "{err}"
        );
        assert!(err.contains("0 errors, 0 warnings, 1 info."), "{err}");
        // The other dossier's paragraph names its article: nothing said of it.
        assert!(!err.contains("atlantis-2016/_index.md"), "{err}");
    }
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    let article = std::fs::read_to_string(out.path().join("articles/iccpr/19/index.html")).unwrap();
    assert!(!article.contains("Atlantis should free the press."));
    assert!(article.contains("Atlantis should keep the press free."));
    let paragraph = page(out.path(), "/", "/atlantis-2011/p10/");
    assert!(paragraph.hrefs("a.article").is_empty());
    let rec = page(out.path(), "/", "/atlantis-2011/p10/01-improved/");
    assert!(!rec.texts("dt").iter().any(|t| t == "Articles"));
    let country = page(out.path(), "/", "/atlantis-2011/");
    assert!(country.select("p.articles-line").is_empty());
}
