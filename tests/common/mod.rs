//! Helpers shared by the integration tests: run the real binary, write
//! fixture sites, and read the built pages as a reader's browser would.
#![allow(dead_code)]

pub mod history_site;

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn followup(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_followup"))
        .args(args)
        .output()
        .expect("the followup binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs `followup build` on the site at `root` into `out`, whatever the outcome.
pub fn try_build(root: &Path, out: &Path) -> Output {
    followup(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

/// Builds the site at `root` into `out`; panics with the messages on failure,
/// or when a built page repeats an `id` ([`assert_unique_ids`]).
#[track_caller]
pub fn build(root: &Path, out: &Path) -> Output {
    let o = try_build(root, out);
    assert!(
        o.status.success(),
        "build failed:\n{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert_unique_ids(out);
    o
}

/// The `id`s that more than one element of `html` has, with their counts.
pub fn duplicate_ids(html: &str) -> BTreeMap<String, usize> {
    let doc = Html::parse_document(html);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for el in doc.select(&Selector::parse("[id]").unwrap()) {
        *counts
            .entry(el.value().attr("id").unwrap().to_owned())
            .or_default() += 1;
    }
    counts.retain(|_, n| *n > 1);
    counts
}

/// Panics when any `.html` file under `out` has two elements with the same
/// `id`, naming each file, id and count: a link to a repeated id jumps to
/// its first element, whichever was meant. Every successful build of the
/// helpers here is checked.
#[track_caller]
pub fn assert_unique_ids(out: &Path) {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || !entry.file_name().to_string_lossy().ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let rel = entry.path().strip_prefix(out).unwrap().display();
        for (id, n) in duplicate_ids(&html) {
            problems.push(format!("{rel}: id {id:?} appears {n} times"));
        }
    }
    assert!(
        problems.is_empty(),
        "duplicate ids in the built site {}:\n  {}",
        out.display(),
        problems.join("\n  ")
    );
}

/// The repository's own sample site.
pub fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site built once per test run, for the tests that only read
/// the output. It lives under Cargo's temporary folder for tests, built
/// over the last run's output as any rebuild is (the writer replaces what
/// changed and removes what is gone).
pub fn built_sample() -> &'static Path {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sample-built");
        build(&sample_root(), &out);
        out
    })
}

/// A copy of the sample site (settings and content, no theme folder),
/// without its search bundle: building one costs time in every build, so
/// only the tests of search have it ([`copy_sample_with_search`]).
pub fn copy_sample() -> tempfile::TempDir {
    let dir = copy_sample_with_search();
    // Above `title`, so that the lines tests add under the first settings
    // stay above the tables.
    edit(
        dir.path(),
        "followup.toml",
        "\ntitle = ",
        "\nsearch = false\ntitle = ",
    );
    dir
}

/// A copy of the sample site (settings and content, no theme folder), as
/// it is: with its search bundle.
pub fn copy_sample_with_search() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = sample_root();
    for (rel, bytes) in tree(&src.join("content")) {
        write(dir.path(), &format!("content/{rel}"), &bytes);
    }
    std::fs::copy(src.join("followup.toml"), dir.path().join("followup.toml")).unwrap();
    dir
}

/// A copy of the sample with Arabic added to its languages (beside
/// Russian): a language written right to left.
pub fn sample_with_arabic() -> tempfile::TempDir {
    let root = copy_sample();
    let path = root.path().join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n[languages.ar]\ntitle = \"متابعة\"\n"),
    )
    .unwrap();
    root
}

/// Writes `files` (path → contents) under a new temporary site folder.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        write(dir.path(), path, contents.as_bytes());
    }
    dir
}

/// The recommendation of [`atlantis`]'s site.
pub const ATLANTIS_REC: &str = "content/atlantis/p10/01-first.md";

/// The smallest site: `config`, one country (Atlantis), one paragraph (10)
/// and one recommendation, [`ATLANTIS_REC`], of text `rec`.
pub fn atlantis(config: &str, rec: &str) -> tempfile::TempDir {
    site(&[
        ("followup.toml", config),
        (
            "content/atlantis/_index.md",
            "+++\ncountry = \"Atlantis\"\n+++\nIntro.\n",
        ),
        (
            "content/atlantis/p10/_index.md",
            "+++\nparagraph = 10\narticles = [7]\n+++\nConcern.\n",
        ),
        (ATLANTIS_REC, rec),
    ])
}

pub fn write(root: &Path, path: &str, bytes: &[u8]) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Replaces the first `from` in the file `rel` of the site at `root` with
/// `to`, as an author's save would.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The records of `data/recommendations.json` of a site built into `out`.
pub fn records(out: &Path) -> Vec<serde_json::Value> {
    let json = std::fs::read(out.join("data/recommendations.json")).unwrap();
    serde_json::from_slice::<serde_json::Value>(&json)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Every file under `dir`, relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A built page, parsed.
pub struct Page {
    pub path: String,
    pub html: Html,
    pub text: String,
}

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let sel = Selector::parse(css).unwrap();
        self.html.select(&sel).collect()
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn hrefs(&self, css: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .filter_map(|e| e.value().attr("href").map(str::to_owned))
            .collect()
    }

    pub fn ids(&self) -> Vec<String> {
        self.select("[id]")
            .iter()
            .map(|e| e.value().attr("id").unwrap().to_owned())
            .collect()
    }

    /// Whether the visible text contains `s` (whitespace collapsed).
    pub fn shows(&self, s: &str) -> bool {
        self.text.contains(s)
    }
}

/// Reads the page at URL path `url` (e.g. `/kazakhstan/`) of a site whose
/// base path is `base`, built into `out`.
pub fn page(out: &Path, base: &str, url: &str) -> Page {
    let rel = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not under {base}"));
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    let source = std::fs::read_to_string(out.join(&file))
        .unwrap_or_else(|e| panic!("page {url} ({file}) not found: {e}"));
    let html = Html::parse_document(&source);
    let text = html
        .root_element()
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Page {
        path: url.to_string(),
        html,
        text,
    }
}

/// Checks every link, stylesheet and anchor of every HTML file in `out`
/// against the files built, for a site served under `base`. Returns the
/// problems found and the set of pages reachable from the home page.
pub fn check_links(out: &Path, base: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let files = tree(out);
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let url = format!("{base}{}", rel.strip_suffix("index.html").unwrap_or(rel));
        let p = page(out, base, &url);
        let page_ids = p.ids();
        let unique: BTreeSet<String> = page_ids.iter().cloned().collect();
        if unique.len() != page_ids.len() {
            problems.push(format!("{url}: duplicate ids"));
        }
        ids.insert(url.clone(), unique);
        let _ = bytes;
        for el in p.select("a[href], link[href]") {
            links.push((url.clone(), el.value().attr("href").unwrap().to_string()));
        }
        for el in p.select("[src]") {
            links.push((url.clone(), el.value().attr("src").unwrap().to_string()));
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, href) in &links {
        if href.starts_with("http://")
            || href.starts_with("https://")
            || href.starts_with("mailto:")
        {
            continue;
        }
        let (path, anchor) = match href.split_once('#') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (href.clone(), None),
        };
        let target = if path.is_empty() { from.clone() } else { path };
        if !target.starts_with(base) {
            problems.push(format!("{from}: link {href} escapes {base}"));
            continue;
        }
        let rel = &target[base.len()..];
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        if !files.contains_key(&file) {
            problems.push(format!("{from}: broken link {href}"));
            continue;
        }
        if let Some(a) = anchor
            && !ids.get(&target).is_some_and(|set| set.contains(&a))
        {
            problems.push(format!("{from}: broken anchor {href}"));
        }
        graph.entry(from.clone()).or_default().insert(target);
    }
    let mut reachable = BTreeSet::new();
    let mut todo = vec![base.to_string()];
    while let Some(u) = todo.pop() {
        if reachable.insert(u.clone()) {
            todo.extend(graph.get(&u).into_iter().flatten().cloned());
        }
    }
    (problems, reachable)
}

/// The recommendation links (by their "7.2"-style reference text) in a page's tables.
pub fn listed_references(p: &Page) -> Vec<String> {
    p.texts("table.recommendations tbody td:first-child a")
}

/// A running `followup serve`, stopped when dropped.
pub struct Preview {
    child: std::process::Child,
    pub url: String,
    pub port: u16,
    output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Preview {
    pub fn start(root: &Path) -> Preview {
        Self::start_with(root, &["--port", "0"])
    }

    /// The preview's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn start_with(root: &Path, extra: &[&str]) -> Preview {
        let mut command = Command::new(env!("CARGO_BIN_EXE_followup"));
        command
            .args(["serve", "--root", root.to_str().unwrap()])
            .args(extra);
        Self::start_command(command)
    }

    /// The preview with at most `files` file descriptors (`ulimit -n`).
    #[cfg(unix)]
    pub fn start_limited(root: &Path, files: u32) -> Preview {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_followup"),
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--port",
            "0",
        ]);
        Self::start_command(command)
    }

    fn start_command(mut command: Command) -> Preview {
        use std::io::BufRead;
        let mut child = command
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let out = output.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(rest) = line.strip_prefix("Serving ")
                    && let Some((_, url)) = rest.split_once(" at ")
                {
                    let _ = tx.send(url.split(' ').next().unwrap_or("").to_string());
                }
                out.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let stderr = child.stderr.take().unwrap();
        let out = output.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                out.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let url = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("the preview did not start:\n{}", output.lock().unwrap()));
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Preview {
            child,
            url,
            port,
            output,
        }
    }

    /// Everything the preview printed so far.
    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// GET a raw request path, exactly as given; returns status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        http_get(self.port, path)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 GET that sends the path byte for byte (so tests can
/// send what browsers would normalise away).
pub fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `f` until it returns true, for at most `secs` seconds.
pub fn eventually(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    f()
}

/// The fixture's settings. Without the search bundle, which costs time in
/// every build: the tests of search put it back ([`fixture_site_with_search`]).
pub const FIXTURE_CONFIG: &str = r#"title = "Fixture follow-up"
base_url = "https://example.github.io/dossiers/"
default_treaty = "ICCPR"
search = false

[[grades]]
code = "A"
label = "Satisfactory"
description = "The State did what was asked."

[[grades]]
code = "B2"
label = "Partial"

[[grades]]
code = "N/A"
label = "No information"

[treaties.CAT]
name = "Convention against Torture"
[treaties.CAT.articles]
2 = "Prevention of torture"
16 = "Other ill-treatment"
"#;

pub fn rec(grade: &str, text: &str, extra: &str, body: &str) -> String {
    format!("+++\ngrade = \"{grade}\"\nrecommendation = \"\"\"{text}\"\"\"\n{extra}+++\n{body}")
}

/// Two countries under two treaties, published under `/dossiers/`: a BOM
/// and CRLF file, explicit `order`, a source cited from both countries.
pub fn fixture_site() -> tempfile::TempDir {
    let shared = "https://un.example.org/report-2020";
    let dir = site(&[
        ("followup.toml", FIXTURE_CONFIG),
        (
            "content/atlantis/_index.md",
            "+++\ncountry = \"Atlantis\"\ncode = \"AT\"\ndocument = \"CCPR/C/ATL/CO/2\"\nassessed = 2021-03-04\n+++\nAtlantis intro.\n",
        ),
        (
            "content/atlantis/p10-torture/_index.md",
            "+++\nparagraph = 10\ntitle = \"Torture\"\narticles = [2, 7]\n+++\nThe Committee is concerned about torture.\n",
        ),
        // `order` puts "z-first" before "a-second", against file-name order.
        (
            "content/atlantis/p10-torture/a-second.md",
            &rec(
                "B2",
                "Atlantis should investigate.",
                "order = 2\n",
                "Second body[^1].\n\n[^1]: Shared report, <https://un.example.org/report-2020>\n",
            ),
        ),
        (
            "content/atlantis/p10-torture/z-first.md",
            &rec(
                "A",
                "Atlantis should legislate.",
                "order = 1\nsummary = \"Law adopted.\"\n",
                "First body.\n",
            ),
        ),
        (
            "content/lemuria/_index.md",
            "+++\ncountry = \"Lemuria\"\ntreaty = \"CAT\"\ndocument = \"CAT/C/LEM/CO/1\"\n+++\nLemuria intro.\n",
        ),
        (
            "content/lemuria/p8-safeguards/_index.md",
            "+++\nparagraph = 8\ntitle = \"Safeguards\"\narticles = [2]\n+++\nConcern about safeguards.\n",
        ),
        (
            "content/lemuria/p8-safeguards/01-custody.md",
            &rec(
                "N/A",
                "Lemuria should register detainees.",
                "",
                &format!(
                    "Nothing known[^a][^b].\n\n[^a]: <{shared}>\n[^b]: Interview with a lawyer, 2021.\n"
                ),
            ),
        ),
    ]);
    // A file saved by Windows Notepad: BOM and CRLF line endings.
    let crlf = rec("B2", "Lemuria should train police.", "summary = \"Training began.\"\n", "## Action taken by the State\n\nCourses were held[^1].\n\n[^1]: Ministry statement, <https://gov.example.org/train>\n")
        .replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(crlf.as_bytes());
    write(
        dir.path(),
        "content/lemuria/p8-safeguards/02-training.md",
        &bytes,
    );
    dir
}

/// A static file server like GitHub Pages: the site under its base path,
/// `index.html` for folders, and the site's `404.html` for anything missing.
pub struct Pages {
    pub port: u16,
}

impl Pages {
    /// Serves `dir` under the path `base` (like `/dossiers/`).
    pub fn start(dir: &Path, base: &str) -> Pages {
        let base = base.to_string();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dir: PathBuf = dir.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                use std::io::{BufRead, Write};
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                let mut reader = std::io::BufReader::new(&stream);
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                // Read the headers too: closing with them unread resets the connection.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let file = path.strip_prefix(base.as_str()).map(|rel| {
                    let rel = percent_decode(rel);
                    if rel.is_empty() || rel.ends_with('/') {
                        dir.join(format!("{rel}index.html"))
                    } else {
                        dir.join(rel)
                    }
                });
                let found = file.filter(|f| f.is_file() && !f.to_string_lossy().contains(".."));
                // Browsers load module scripts only with a JavaScript type.
                let kind = match found
                    .as_ref()
                    .and_then(|f| f.extension())
                    .and_then(|e| e.to_str())
                {
                    Some("js") => "text/javascript",
                    Some("css") => "text/css",
                    Some("json") => "application/json",
                    Some("xml") => "application/xml",
                    Some("csv") => "text/csv",
                    Some("html") | None => "text/html; charset=utf-8",
                    Some(_) => "application/octet-stream",
                };
                let (status, body) = match found {
                    Some(f) => ("200 OK", std::fs::read(f).unwrap()),
                    None => (
                        "404 Not Found",
                        std::fs::read(dir.join("404.html")).unwrap_or_default(),
                    ),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            }
        });
        Pages { port }
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (
            status,
            text.split_once("\r\n\r\n")
                .map(|(_, b)| b.to_string())
                .unwrap_or_default(),
        )
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The pages of the fixture's four recommendations, under `/dossiers/`.
pub const FIXTURE_RECOMMENDATIONS: [&str; 4] = [
    "/dossiers/atlantis/p10-torture/z-first/",
    "/dossiers/atlantis/p10-torture/a-second/",
    "/dossiers/lemuria/p8-safeguards/01-custody/",
    "/dossiers/lemuria/p8-safeguards/02-training/",
];

/// The fixture site and its build output.
#[track_caller]
pub fn built_fixture() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = fixture_site();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    (root, out)
}

/// [`fixture_site`] with its search bundle (the default of a site).
pub fn fixture_site_with_search() -> tempfile::TempDir {
    let root = fixture_site();
    edit(root.path(), "followup.toml", "search = false\n", "");
    root
}

/// [`fixture_site_with_search`] and its build output.
#[track_caller]
pub fn built_fixture_with_search() -> (tempfile::TempDir, tempfile::TempDir) {
    let root = fixture_site_with_search();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), out.path());
    (root, out)
}

/// Makes the copy of the sample at `root` a site of one language: its
/// settings without `[languages]`, its content without translations.
pub fn without_translations(root: &Path) {
    let path = root.join("followup.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = text
        .find("\n# The site in Russian")
        .expect("the sample's Russian settings");
    std::fs::write(&path, &text[..cut + 1]).unwrap();
    for f in walkdir::WalkDir::new(root.join("content")) {
        let f = f.unwrap();
        if f.file_name().to_string_lossy().ends_with(".ru.md") {
            std::fs::remove_file(f.path()).unwrap();
        }
    }
}
