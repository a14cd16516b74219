//! Headless Chromium driven through chromedriver, for the tests that look at
//! pages as a reader's browser shows them. Included by those tests only
//! (`#[path = "common/chrome.rs"] mod chrome;`).
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether `paths` all exist. Without them a test says so and stops, except
/// in CI (the `CI` variable is set), where it fails: `.ci/run` installs them.
pub fn tools_available(paths: &[&Path], install: &str) -> bool {
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run this test, but {} missing: {install}",
        missing.join(", ")
    );
    eprintln!("skipped: {} missing ({install})", missing.join(", "));
    false
}

pub fn browser_available() -> bool {
    tools_available(
        &[Path::new(CHROMIUM), Path::new(CHROMEDRIVER)],
        "apt-get install chromium chromium-driver",
    )
}

/// chromedriver and the browsers it started, ended when dropped.
pub struct Driver {
    process: std::process::Child,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver runs in a process group of its own: end the browsers
        // it started too, even when the test failed before closing them.
        let _ = std::process::Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.process.id())])
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
    use std::os::unix::process::CommandExt;
    let process = std::process::Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
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
