//! The full-text search format: each recommendation as Pagefind sees it,
//! and the Pagefind bundles made from them, in process, under each
//! language's `pagefind/`. The slow format: `check` leaves it out, and the
//! preview makes it last, again only for the bundles an edit changed.

use super::{Deferred, Format, Render, Scope, Sink, bytes};
use crate::base::address;
use crate::base::cache::{Cache, Key, KeyMaker};
use crate::base::diagnostics::Diagnostic;
use crate::base::output::OutputFile;
use crate::model::{Site, reference};
use std::collections::{BTreeMap, HashMap};

/// The search bundle, when the settings ask for search.
pub struct Search;

impl Format for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn scope(&self) -> Scope {
        Scope::EachLanguage
    }

    fn slow(&self) -> bool {
        true
    }

    fn make_each(&self, site: &Site, _render: &Render, sink: &Sink) -> Vec<Diagnostic> {
        make(site, sink, None)
    }

    fn make_each_cached(
        &self,
        site: &Site,
        _render: &Render,
        sink: &Sink,
        cache: &Cache,
    ) -> Vec<Diagnostic> {
        make(site, sink, Some(cache))
    }

    fn defer(&self, site: &Site) -> Option<Box<dyn Deferred>> {
        site.config.search.then(|| -> Box<dyn Deferred> {
            Box::new(Pending {
                records: search_records(site),
                bundle_size: site.config.search_bundle_size,
                language: site.config.language.clone(),
            })
        })
    }
}

/// The search bundles of `site`, each taken from `cache` when it holds one
/// made from the same records.
fn make(site: &Site, sink: &Sink, cache: Option<&Cache>) -> Vec<Diagnostic> {
    if !site.config.search {
        return Vec::new();
    }
    let records = search_records(site);
    let language = &site.config.language;
    let size = site.config.search_bundle_size;
    match search_bundles_each(records, size, language, sink, cache) {
        Ok(failed) => failed,
        Err(e) => vec![search_failed(e)],
    }
}

/// What one language's search index is made from, taken from its site.
struct Pending {
    records: Vec<SearchRecord>,
    bundle_size: usize,
    language: String,
}

impl Deferred for Pending {
    fn finish(
        self: Box<Self>,
        prefix: &str,
        cache: &mut BundleCache,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let made = search_bundles_cached(
            self.records,
            self.bundle_size,
            &self.language,
            prefix,
            cache,
        );
        match made {
            Ok((files, _)) => (files, Vec::new()),
            Err(e) => (Vec::new(), vec![search_failed(e)]),
        }
    }
}

/// The one message for a search index that could not be made, in `build`
/// and in the preview alike: the other files are still made.
pub fn search_failed(e: String) -> Diagnostic {
    Diagnostic::error(
        crate::input::load::CONFIG_FILE,
        format!("cannot build the search index: {e}"),
    )
    .help("set search = false in followup.toml to publish without search")
}

/// One recommendation as the search index sees it.
pub struct SearchRecord {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

impl SearchRecord {
    /// The address of the recommendation's page, as the index has it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The search page's filters (`country`, `grade`, `article`) and the
    /// values this recommendation has for each.
    pub fn filters(&self) -> &BTreeMap<String, Vec<String>> {
        &self.filters
    }

    /// Adds all that Pagefind is given of the record to `key`.
    fn key(&self, key: &mut KeyMaker) {
        key.str(&self.url).str(&self.content);
        key.number(self.meta.len() as u64);
        for (name, value) in &self.meta {
            key.str(name).str(value);
        }
        key.number(self.filters.len() as u64);
        for (name, values) in &self.filters {
            key.str(name).number(values.len() as u64);
            for v in values {
                key.str(v);
            }
        }
    }
}

/// The cache's folder for search bundles.
pub const SEARCH_CACHE: &str = "search";

/// What a bundle of `records` in `language` is made from, as a key: the
/// same records give the same Pagefind files (this followup's Pagefind,
/// which the cache's version line fixes).
fn bundle_key(language: &str, records: &[SearchRecord]) -> Key {
    let mut key = KeyMaker::new("pagefind bundle");
    key.str(language).number(records.len() as u64);
    for r in records {
        r.key(&mut key);
    }
    key.key()
}

/// What the search index needs of `site`, taken quickly so the site can be
/// let go before the (slow) indexing starts.
pub fn search_records(site: &Site) -> Vec<SearchRecord> {
    site.recommendations
        .iter()
        .map(|r| {
            let c = &site.countries[r.country].info;
            let p = &site.paragraphs[r.paragraph].info;
            let g = &site.config.grades[r.info.grade];
            let reference = reference(p.number, r.position, r.info.reference.as_deref());
            let treaty = site.config.treaties.get(&c.treaty);
            let articles: Vec<String> = p
                .articles
                .iter()
                .map(|a| {
                    let short = site.config.strings.fmt(
                        "treaty_article_short",
                        &[("treaty", &c.treaty), ("n", &a.to_string())],
                    );
                    match treaty.and_then(|t| t.article_title(*a)) {
                        Some(title) => format!("{short}: {title}"),
                        None => short,
                    }
                })
                .collect();
            let mut content = format!(
                "{}\n{}\n",
                r.info.text,
                r.info.summary.as_deref().unwrap_or("")
            );
            content.push_str(&html_text(&r.info.body_html));
            SearchRecord {
                url: format!("/{}", r.path),
                content,
                // The title only: the search page shows every other meta field.
                meta: BTreeMap::from([(
                    "title".to_string(),
                    format!("{} {reference} ({})", c.name, g.code),
                )]),
                filters: BTreeMap::from([
                    ("country".to_string(), vec![c.name.clone()]),
                    (
                        "grade".to_string(),
                        vec![format!("{}: {}", g.code, g.label)],
                    ),
                    ("article".to_string(), articles),
                ]),
            }
        })
        .collect()
}

/// Builds the full-text search bundle (Pagefind, in-process) from
/// `records`, with country, grade and article filters. Returns files to
/// publish under `pagefind/`.
pub fn search_bundle(
    records: Vec<SearchRecord>,
    language: &str,
) -> Result<Vec<OutputFile>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for r in records {
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    language.to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    None,
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                bytes(address::search_bundle_file(&name), f.contents)
            })
            .collect())
    })
}

// The sizes of a bundle are settings (`Config::search_bundle_size`).
pub use crate::input::config::{BUNDLE_SIZE, PREVIEW_BUNDLE_SIZE, search_bundles as bundles};

/// The bundle a recommendation's record goes to, of `k`: by a stable hash
/// of its address, so that it stays in the same bundle from build to
/// build while the site keeps its number of bundles.
fn bundle_of(url: &str, k: usize) -> usize {
    // FNV-1a: stable across builds and machines, unlike the standard hasher.
    let hash = url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % k as u64) as usize
}

/// The search bundles made before, kept by the preview so that an edit
/// indexes again only the bundle that holds what it changed: by language
/// folder and bundle, the number of bundles, what the bundle's records
/// hashed to, and its files.
#[derive(Default)]
pub struct BundleCache(HashMap<(String, usize), (usize, Key, Vec<OutputFile>)>);

/// [`search_bundles_each`] for the preview, in memory: the bundles of
/// `records` (files under `prefix`), each made again only if its records
/// differ from those it was made from last time; with how many were made.
pub fn search_bundles_cached(
    records: Vec<SearchRecord>,
    bundle_size: usize,
    language: &str,
    prefix: &str,
    cache: &mut BundleCache,
) -> Result<(Vec<OutputFile>, usize), String> {
    use rayon::prelude::*;
    let parts = share_out(records, bundle_size);
    let k = parts.len();
    let hashed: Vec<(usize, Key, Vec<SearchRecord>)> = parts
        .into_par_iter()
        .enumerate()
        .map(|(b, part)| (b, bundle_key(language, &part), part))
        .collect();
    let fresh: Vec<(usize, Key, Result<Vec<OutputFile>, String>)> = hashed
        .into_par_iter()
        .filter(|(b, hash, _)| {
            !matches!(cache.0.get(&(prefix.to_string(), *b)), Some((n, h, _)) if *n == k && h == hash)
        })
        .map(|(b, hash, part)| {
            let files = search_bundle(part, language).map(|files| {
                files
                    .into_iter()
                    .map(|mut f| {
                        f.path = format!("{prefix}{}", address::search_bundle_part(b, &f.path));
                        f
                    })
                    .collect()
            });
            (b, hash, files)
        })
        .collect();
    let made = fresh.len();
    for (b, hash, files) in fresh {
        cache.0.insert((prefix.to_string(), b), (k, hash, files?));
    }
    cache
        .0
        .retain(|(p, b), (n, _, _)| p != prefix || (*b < k && *n == k));
    let mut files = Vec::new();
    for b in 0..k {
        if let Some((_, _, made)) = cache.0.get(&(prefix.to_string(), b)) {
            files.extend(made.iter().cloned());
        }
    }
    Ok((files, made))
}

/// `records` shared out among their bundles of about `size`, in order.
fn share_out(records: Vec<SearchRecord>, size: usize) -> Vec<Vec<SearchRecord>> {
    let k = bundles(records.len(), size);
    let mut parts: Vec<Vec<SearchRecord>> = (0..k).map(|_| Vec::new()).collect();
    for r in records {
        let b = bundle_of(&r.url, k);
        parts[b].push(r);
    }
    parts
}

/// Makes the search bundles of `records` side by side and hands each file
/// to `sink` as its bundle is done (bundle 0 under `pagefind/`, bundle `b`
/// under `pagefind/<b>/`): taken from `cache` when it holds the bundle of
/// the same records, and kept there when made. Returns what `sink` failed
/// with, or Pagefind's error.
pub fn search_bundles_each(
    records: Vec<SearchRecord>,
    bundle_size: usize,
    language: &str,
    sink: &Sink,
    cache: Option<&Cache>,
) -> Result<Vec<Diagnostic>, String> {
    use rayon::prelude::*;
    let parts = share_out(records, bundle_size);
    let made: Vec<Result<Vec<Diagnostic>, String>> = parts
        .into_par_iter()
        .enumerate()
        .map(|(b, part)| {
            let key = cache.map(|_| bundle_key(language, &part));
            let kept = cache
                .zip(key)
                .and_then(|(c, key)| c.get_files(SEARCH_CACHE, key));
            let files = match kept {
                Some(files) => files,
                None => {
                    let files = search_bundle(part, language)?;
                    if let Some((c, key)) = cache.zip(key) {
                        c.put_files(SEARCH_CACHE, key, &files);
                    }
                    files
                }
            };
            Ok(files
                .into_iter()
                .filter_map(|mut f| {
                    f.path = address::search_bundle_part(b, &f.path);
                    sink(f).err()
                })
                .collect())
        })
        .collect();
    let mut failed = Vec::new();
    for m in made {
        failed.extend(m?);
    }
    Ok(failed)
}

/// The text of an HTML fragment, tags removed, for the search index.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            '&' if !in_tag => match entity(rest) {
                Some((decoded, len)) => {
                    out.push(decoded);
                    rest = &rest[len..];
                }
                None => out.push('&'),
            },
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The character an entity stands for, read once (so `&amp;lt;` is the text
/// `&lt;`, not `<`), and the length of its name with the `;`, from just
/// after its `&`: the names comrak writes, and numeric references, which
/// raw HTML (`allow_html`) may carry.
fn entity(after: &str) -> Option<(char, usize)> {
    let end = after.get(..12).unwrap_or(after).find(';')?;
    let name = &after[..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(i: usize, text: &str) -> SearchRecord {
        SearchRecord {
            url: format!("/c/p{}/{i}/", i / 100),
            content: format!("{text} {i}"),
            meta: BTreeMap::from([("title".to_string(), format!("R {i}"))]),
            filters: BTreeMap::new(),
        }
    }

    /// The preview indexes again only the bundle an edit changed.
    #[test]
    fn an_edit_makes_only_its_bundle_again() {
        let records = |changed: Option<usize>| -> Vec<SearchRecord> {
            (0..BUNDLE_SIZE + 100)
                .map(|i| record(i, if Some(i) == changed { "edited" } else { "text" }))
                .collect()
        };
        let mut cache = BundleCache::default();
        let (files, made) =
            search_bundles_cached(records(None), BUNDLE_SIZE, "en", "", &mut cache).unwrap();
        assert_eq!(made, 2);
        assert!(
            files
                .iter()
                .any(|f| f.path == "pagefind/1/pagefind-entry.json")
        );
        let (_, made) =
            search_bundles_cached(records(None), BUNDLE_SIZE, "en", "", &mut cache).unwrap();
        assert_eq!(made, 0, "nothing changed");
        let (again, made) =
            search_bundles_cached(records(Some(7)), BUNDLE_SIZE, "en", "", &mut cache).unwrap();
        assert_eq!(made, 1, "one record of one bundle changed");
        assert_eq!(again.len(), files.len());
        // Another language's bundles are kept apart.
        let (ru, made) =
            search_bundles_cached(records(None), BUNDLE_SIZE, "ru", "ru/", &mut cache).unwrap();
        assert_eq!(made, 2);
        assert!(ru.iter().all(|f| f.path.starts_with("ru/pagefind/")));
    }

    #[test]
    fn a_large_index_is_shared_out_stably_among_bundles() {
        assert_eq!(bundles(0, BUNDLE_SIZE), 1);
        assert_eq!(bundles(BUNDLE_SIZE, BUNDLE_SIZE), 1);
        assert_eq!(bundles(BUNDLE_SIZE + 1, BUNDLE_SIZE), 2);
        assert_eq!(bundles(100_000, BUNDLE_SIZE), 40);
        assert_eq!(bundles(10_000, PREVIEW_BUNDLE_SIZE), 10);
        // The same address goes to the same bundle on every build and machine.
        assert_eq!(
            bundle_of("/kazakhstan/p07/01/", 4),
            bundle_of("/kazakhstan/p07/01/", 4)
        );
        assert_eq!(bundle_of("/kazakhstan/p07/01/", 1), 0);
        let mut seen = vec![0; 4];
        for i in 0..4_000 {
            seen[bundle_of(&format!("/c/p{}/{i}/", i % 7), 4)] += 1;
        }
        assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
        assert_eq!(
            address::search_bundle_part(2, "pagefind/index/x.pf"),
            "pagefind/2/index/x.pf"
        );
        assert_eq!(
            address::search_bundle_part(0, "pagefind/index/x.pf"),
            "pagefind/index/x.pf"
        );
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_text("<p>A &amp; B<sup>1</sup></p>").trim(), "A & B 1");
        // An author's `&lt;` is text: decoded once, it stays `&lt;`.
        assert_eq!(html_text("<p>&amp;lt;b&amp;gt;</p>").trim(), "&lt;b&gt;");
        // Numeric references (raw HTML may carry them), and a lone `&`.
        assert_eq!(html_text("&#60;&#x3E;&#39; R&D &#xZZ;"), "<>' R&D &#xZZ;");
    }
}
