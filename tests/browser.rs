//! The preview in a real browser: headless Chromium, driven through
//! chromedriver, sees a page reload with an author's edit, keeps its scroll
//! position, swaps a stylesheet in place and shows build errors as an overlay.
//!
//! Needs Chromium and chromedriver (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs), found on PATH or named by
//! `FOLLOWUP_CHROMIUM` and `FOLLOWUP_CHROMEDRIVER`. Without them the tests
//! show as ignored, with the reason; with `FOLLOWUP_REQUIRE_ALL_TESTS=1` (as
//! in CI) they fail instead. The target runs without the standard harness
//! (`harness = false`): `main` lists its tests.

#[macro_use]
#[path = "common/chrome.rs"]
mod chrome;
mod common;
use chrome::*;
use common::*;
use serde_json::json;
use std::path::Path;

fn main() -> std::process::ExitCode {
    chrome::run(vec![
        trial!(async a_page_reloads_with_the_edit_keeps_its_place_and_shows_errors, needs BROWSER),
        trial!(async search_finds_a_recommendation_by_a_word_of_its_body_and_filters_by_grade, needs BROWSER),
        trial!(async each_language_searches_its_own_pages, needs BROWSER),
        trial!(async a_large_sites_search_merges_its_bundles, needs BROWSER),
    ])
}

const REC: &str =
    "content/kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges.md";
const REC_URL: &str =
    "kazakhstan/p21-independence-of-the-judiciary/01-independence-and-tenure-of-judges/";

fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

async fn a_page_reloads_with_the_edit_keeps_its_place_and_shows_errors() {
    let site = copy_sample_with_search();
    // The site has its own copy of the stylesheet, as a theme author would.
    let css = site.path().join("themes/default/static/style.css");
    let builtin =
        std::fs::read_to_string(sample_root().join("themes/default/static/style.css")).unwrap();
    write(
        site.path(),
        "themes/default/static/style.css",
        builtin.as_bytes(),
    );
    let preview = Preview::start(site.path());
    let (_driver, client) = browser().await;

    client
        .goto(&format!("{}{REC_URL}", preview.url))
        .await
        .unwrap();
    wait_for(
        &client,
        "return window.followupLastMessage !== undefined",
        "the live-reload connection",
    )
    .await;

    // Scroll, mark this document, then edit the file.
    js(
        &client,
        "window.scrollTo(0, 300); window.followupMarker = 'old page'; return null",
    )
    .await;
    replace_in(
        site.path(),
        REC,
        "Corruption is also present in Courts.",
        "Corruption remains present in the courts.",
    );
    wait_for(
        &client,
        "return document.body.innerText.includes('Corruption remains present in the courts.')",
        "the page to show the edit",
    )
    .await;
    assert_eq!(
        js(&client, "return window.followupMarker === undefined").await,
        json!(true),
        "the page reloaded"
    );
    wait_for(
        &client,
        "return Math.abs(window.scrollY - 300) < 2",
        "the scroll position to come back",
    )
    .await;

    // A stylesheet change is applied without reloading the page.
    wait_for(
        &client,
        "return window.followupLastMessage !== undefined",
        "reconnection",
    )
    .await;
    js(&client, "window.followupMarker = 'kept'; return null").await;
    std::fs::write(&css, format!("{builtin}\nh1 {{ color: rgb(1, 2, 3); }}\n")).unwrap();
    wait_for(
        &client,
        "return getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'",
        "the new stylesheet",
    )
    .await;
    assert_eq!(
        js(&client, "return window.followupMarker").await,
        json!("kept"),
        "no reload for CSS"
    );

    // A broken edit shows an overlay over the last good page; the fix clears it.
    replace_in(site.path(), REC, "grade = \"C\"", "grade = \"X9\"");
    wait_for(
        &client,
        "return !!document.getElementById('followup-errors')",
        "the error overlay",
    )
    .await;
    let overlay = js(
        &client,
        "return document.getElementById('followup-errors').innerText",
    )
    .await;
    let text = overlay.as_str().unwrap();
    assert!(
        text.contains(REC)
            && text.contains(":2:9")
            && text.contains("grade \"X9\" is not in the grade scale"),
        "{text}"
    );
    assert_eq!(
        js(
            &client,
            "return document.body.innerText.includes('Corruption remains present')"
        )
        .await,
        json!(true)
    );

    replace_in(site.path(), REC, "grade = \"X9\"", "grade = \"B1\"");
    wait_for(
        &client,
        "return !document.getElementById('followup-errors') && document.body.innerText.includes('need for additional information')",
        "the fixed page",
    )
    .await;

    client.close().await.unwrap();
    drop(preview);
}

/// The sample built as GitHub Pages publishes it, under `/dossiers/`.
fn sample_under_sub_path() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = followup(&[
        "build",
        "--root",
        sample_root().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
        "--base-url",
        "https://example.github.io/dossiers/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

async fn search_finds_a_recommendation_by_a_word_of_its_body_and_filters_by_grade() {
    let out = sample_under_sub_path();
    assert_unique_ids(out.path());
    let pages = Pages::start(out.path(), "/dossiers/");
    let (_driver, client) = browser().await;

    // "Zhumasheva" is named only in the body of recommendation 21.2.
    client
        .goto(&format!(
            "http://127.0.0.1:{}/dossiers/search/?q=Zhumasheva",
            pages.port
        ))
        .await
        .unwrap();
    wait_for(
        &client,
        "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).some(a => a.getAttribute('href') === '/dossiers/kazakhstan/p21-independence-of-the-judiciary/02-interference-and-corruption/')",
        "the recommendation among the search results",
    )
    .await;
    let titles = js(&client, "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a => a.innerText)").await;
    assert!(
        titles.to_string().contains("Kazakhstan 21.2 (C)"),
        "{titles}"
    );

    // The grade filter: offered by the page and applied by the index.
    wait_for(
        &client,
        "return document.body.innerText.includes('grade')",
        "the filters",
    )
    .await;
    let filtered = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             import('/dossiers/pagefind/pagefind.js').then(async (pf) => {
               await pf.options({ baseUrl: '/dossiers/' });
               const r = await pf.search('State party', { filters: { grade: 'B2: Implementation partially satisfactory: progress made, but additional action required' } });
               const data = await Promise.all(r.results.map((x) => x.data()));
               done(data.map((d) => d.url).sort());
             });",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        filtered,
        json!([
            "/dossiers/kazakhstan/p07-national-human-rights-institution/01-independence-and-resources/",
            "/dossiers/kazakhstan/p07-national-human-rights-institution/03-national-preventive-mechanism/"
        ])
    );
    client.close().await.unwrap();
}

/// One search index per language: a Russian word of the sample's Russian
/// translation is found by the Russian search page, in Russian pages only,
/// and not by the English one.
async fn each_language_searches_its_own_pages() {
    let out = sample_under_sub_path();
    let pages = Pages::start(out.path(), "/dossiers/");
    let (_driver, client) = browser().await;
    let search = |bundle: &'static str| {
        format!(
            "const done = arguments[arguments.length - 1];
             import('/dossiers/{bundle}pagefind/pagefind.js').then(async (pf) => {{
               await pf.options({{ baseUrl: '/dossiers/{bundle}' }});
               const r = await pf.search('Омбудсмена');
               const data = await Promise.all(r.results.map((x) => x.data()));
               done(data.map((d) => d.url).sort());
             }});"
        )
    };
    client
        .goto(&format!(
            "http://127.0.0.1:{}/dossiers/ru/search/",
            pages.port
        ))
        .await
        .unwrap();
    let russian = client.execute_async(&search("ru/"), vec![]).await.unwrap();
    let urls: Vec<&str> = russian
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert!(!urls.is_empty(), "the Russian index finds the Russian word");
    assert!(
        urls.iter().all(|u| u.starts_with("/dossiers/ru/")),
        "{urls:?}"
    );
    assert!(urls.contains(&"/dossiers/ru/kazakhstan/p07-national-human-rights-institution/03-national-preventive-mechanism/"), "{urls:?}");
    // The Russian search page's own interface finds it too.
    client
        .goto(&format!(
            "http://127.0.0.1:{}/dossiers/ru/search/?q=Омбудсмена",
            pages.port
        ))
        .await
        .unwrap();
    wait_for(
        &client,
        "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).some(a => a.getAttribute('href').startsWith('/dossiers/ru/kazakhstan/p07-'))",
        "a Russian page among the search results",
    )
    .await;
    client
        .goto(&format!("http://127.0.0.1:{}/dossiers/search/", pages.port))
        .await
        .unwrap();
    let english = client.execute_async(&search(""), vec![]).await.unwrap();
    assert_eq!(english, json!([]), "the English index has no Russian page");
    client.close().await.unwrap();
}

/// A word of letters only that names `i`: `zq` and its four digits as
/// letters (Pagefind splits words at digits).
fn marker(i: usize) -> String {
    let digits: String = format!("{i:04}")
        .bytes()
        .map(|d| char::from(b'a' + d - b'0'))
        .collect();
    format!("zq{digits}")
}

/// A site of 2,600 recommendations: its index is made of two bundles
/// (`pagefind/` and `pagefind/1/`), side by side, and the search page
/// merges them: a word of one recommendation finds it first whichever
/// bundle holds it, and a word of all of them finds all 2,600; the grade
/// filter counts across both.
async fn a_large_sites_search_merges_its_bundles() {
    const N: usize = 2_600;
    let root = site(&[
        (
            "followup.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n[[grades]]\ncode = \"A\"\nlabel = \"Good\"\n[[grades]]\ncode = \"C\"\nlabel = \"Bad\"\n",
        ),
        (
            "content/atlantis/_index.md",
            "+++\ncountry = \"Atlantis\"\n+++\n",
        ),
    ]);
    for p in 0..N / 100 {
        write(
            root.path(),
            &format!("content/atlantis/p{p}/_index.md"),
            format!("+++\nparagraph = {}\narticles = [7]\n+++\n", p + 1).as_bytes(),
        );
        for r in 0..100 {
            let i = p * 100 + r;
            let grade = if i % 4 == 0 { "A" } else { "C" };
            write(
                root.path(),
                &format!("content/atlantis/p{p}/{r:03}.md"),
                format!("+++\ngrade = \"{grade}\"\nrecommendation = \"Common text.\"\n+++\nMarker {}.\n", marker(i)).as_bytes(),
            );
        }
    }
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    assert!(out.path().join("pagefind/1/pagefind-entry.json").is_file());
    assert!(!out.path().join("pagefind/2").exists());
    let pages = Pages::start(out.path(), "/");
    let (_driver, client) = browser().await;
    let count = |q: &'static str| {
        format!(
            "const done = arguments[arguments.length - 1];
             import('/pagefind/pagefind.js').then(async (pf) => {{
               await pf.options({{ baseUrl: '/' }});
               await pf.mergeIndex('/pagefind/1/', {{ baseUrl: '/' }});
               const all = await pf.search({q:?});
               const a = await pf.search({q:?}, {{ filters: {{ grade: 'A: Good' }} }});
               done([all.results.length, a.results.length]);
             }});"
        )
    };
    client
        .goto(&format!("http://127.0.0.1:{}/search/", pages.port))
        .await
        .unwrap();
    let common = client
        .execute_async(&count("common"), vec![])
        .await
        .unwrap();
    assert_eq!(common, json!([N, N / 4]));
    // Words of single recommendations, which the hash puts in either bundle.
    for i in [0, 1, 2, 3, 1234, 2599] {
        client
            .goto(&format!(
                "http://127.0.0.1:{}/search/?q={}",
                pages.port,
                marker(i)
            ))
            .await
            .unwrap();
        let reference = format!("Atlantis {}.{}", i / 100 + 1, i % 100 + 1);
        wait_for(
            &client,
            &format!("const a = document.querySelector('.pagefind-ui__result-link'); return !!a && a.innerText.startsWith({reference:?})"),
            "the recommendation first among the results",
        )
        .await;
    }
    client.close().await.unwrap();
}
