//! What the fuzz targets run, shared with the test that replays their corpus
//! (`tests/fuzz_corpus.rs`), so the two can never drift apart.
#![allow(dead_code)]

use followup::base::diagnostics::Diagnostics;
use followup::input::load::{ContentFile, LoadedSite, classify_path, normalize_text};

const CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/x/\"\n[[grades]]\ncode = \"A\"\nlabel = \"a\"\n[[grades]]\ncode = \"N/A\"\nlabel = \"n\"\n";
const COUNTRY: &str = "+++\ncountry = \"C\"\n+++\n";
const PARAGRAPH: &str = "+++\nparagraph = 1\narticles = [2]\n+++\n";
const RECOMMENDATION: &str =
    "+++\ngrade = \"A\"\nrecommendation = \"r\"\n+++\nx[^1]\n\n[^1]: <https://a.org>\n";

fn file(rel: &str, text: &str) -> ContentFile {
    ContentFile::new(
        format!("content/{rel}"),
        classify_path(rel),
        normalize_text(text.to_string()),
    )
}

fn compile(site: &LoadedSite) {
    let _ = followup::compile_loaded(site, Diagnostics::default(), None, |_| {
        Ok(followup::render::theme::Theme::builtin())
    });
}

/// One content file, tried as the country, the paragraph and the
/// recommendation of an otherwise valid site.
pub fn parse_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for slot in 0..3 {
        let pick = |i, default| if slot == i { text.as_ref() } else { default };
        let site = LoadedSite {
            config: Some(CONFIG.to_string()),
            files: [
                file("c/_index.md", pick(0, COUNTRY)),
                file("c/p/_index.md", pick(1, PARAGRAPH)),
                file("c/p/r.md", pick(2, RECOMMENDATION)),
            ]
            .into_iter()
            .map(|f| (f.path.clone(), f))
            .collect(),
            ..LoadedSite::default()
        };
        compile(&site);
    }
}

/// A whole small site: settings, then files separated by lines `=====`,
/// each starting with its path under content/ on the first line.
pub fn build_site(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split("\n=====\n");
    let config = parts.next().map(str::to_string);
    let files = parts
        .take(16)
        .filter_map(|part| {
            let (path, body) = part.split_once('\n')?;
            let rel = path.trim().trim_matches('/');
            (!rel.is_empty()).then(|| file(rel, body))
        })
        .map(|f| (f.path.clone(), f))
        .collect();
    compile(&LoadedSite {
        config,
        files,
        ..LoadedSite::default()
    });
}

/// An NGO's document as `followup import` reads it: a .docx when the
/// bytes are a ZIP archive, else text copied out of Word; then its dossier
/// and the files planned for it, all in memory.
pub fn import(data: &[u8]) {
    use followup::import::{docx, dossier, files, text};
    let doc = if data.starts_with(b"PK") {
        match docx::read(data) {
            Ok(doc) => doc,
            Err(_) => return,
        }
    } else {
        text::read(&String::from_utf8_lossy(data))
    };
    let read = dossier::read(&doc);
    let _ = files::plan(&read, "c", CONFIG);
}
