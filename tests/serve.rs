//! `followup serve` started for real on a free port and used over HTTP and
//! WebSocket, as the author's browser would.

use crate::common;
use common::*;
use std::path::Path;

const REC: &str = "content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md";
const REC_URL: &str = "/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/";

/// Saves the way many editors do: write a temporary file, rename it over.
fn atomic_save(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

#[test]
fn an_edit_is_served_and_the_output_folder_is_never_touched() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let (status, page) = preview.get(REC_URL);
    assert_eq!(status, 200);
    assert!(
        page.contains("/__followup/live.js"),
        "pages carry the live-reload client"
    );

    edit(site.path(), REC, "No progress.", "Nothing has moved.");
    assert!(
        eventually(10, || preview.get(REC_URL).1.contains("Nothing has moved.")),
        "{}",
        preview.output()
    );
    // An editor's atomic save (temporary file renamed over the original).
    let text = std::fs::read_to_string(site.path().join(REC)).unwrap();
    atomic_save(
        site.path(),
        REC,
        &text.replace("Nothing has moved.", "Saved atomically."),
    );
    assert!(eventually(10, || preview
        .get(REC_URL)
        .1
        .contains("Saved atomically.")));
    assert!(
        preview.output().contains(
            "Rebuilt content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md"
        ),
        "{}",
        preview.output()
    );
    assert!(!site.path().join("public").exists(), "serve wrote public/");
}

#[test]
fn new_and_deleted_recommendations_come_and_go_on_their_grade_page() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let new = "content/kazakhstan/p25-freedom-of-expression/04-media-licensing.md";
    write(
        site.path(),
        new,
        b"+++\ngrade = \"A2\"\nrecommendation = \"\"\"The State party should reform media licensing.\"\"\"\n+++\nLicensing was reformed.\n",
    );
    let url = "/kazakhstan/p25-freedom-of-expression/04-media-licensing/";
    // Its own page is served first, the lists once the rebuild is done.
    assert!(
        eventually(10, || preview.get(url).0 == 200
            && preview.output().contains(&format!("Rebuilt {new}"))),
        "{}",
        preview.output()
    );
    assert!(preview.get(url).1.contains("Licensing was reformed."));
    assert!(preview.get("/grades/a2/").1.contains(url));
    assert!(
        preview
            .get("/kazakhstan/")
            .1
            .contains("The State party should reform media licensing.")
    );

    std::fs::remove_file(site.path().join(new)).unwrap();
    assert!(
        eventually(10, || preview.get(url).0 == 404),
        "{}",
        preview.output()
    );
    assert!(!preview.get("/grades/a2/").1.contains(url));
}

#[test]
fn a_bad_edit_keeps_the_last_good_page_and_tells_the_browser() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let (mut ws, _) =
        tungstenite::connect(format!("ws://127.0.0.1:{}/__followup/ws", preview.port)).unwrap();
    let hello: serde_json::Value =
        serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(hello["type"], "hello");

    edit(site.path(), REC, "grade = \"C\"", "grade = \"С\""); // Cyrillic Es
    let msg: serde_json::Value =
        serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(msg["type"], "errors", "{msg}");
    let d = &msg["diagnostics"][0];
    assert_eq!(d["file"], REC);
    assert_eq!(d["line"], 2);
    assert!(d["message"].as_str().unwrap().contains("U+0421"), "{d}");
    // Same wording as `followup check`, in the terminal too (read by
    // another thread, which may not have seen it yet).
    let wording = format!("error: {REC}:2:9: grade \"С\" contains the Cyrillic letter");
    assert!(
        eventually(5, || preview.output().contains(&wording)),
        "{}",
        preview.output()
    );

    // The last good page is still served; the status says what is wrong.
    let (status, page) = preview.get(REC_URL);
    assert_eq!(status, 200);
    assert!(page.contains("No action taken by the State Party"));
    let (_, status_json) = preview.get("/__followup/status");
    assert!(status_json.contains("U+0421"), "{status_json}");

    // A page opened now learns about the problem at once.
    let (mut late, _) =
        tungstenite::connect(format!("ws://127.0.0.1:{}/__followup/ws", preview.port)).unwrap();
    let first: serde_json::Value =
        serde_json::from_str(late.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(first["type"], "errors");

    edit(site.path(), REC, "grade = \"С\"", "grade = \"B3\"");
    let msg: serde_json::Value =
        serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(msg["type"], "reload", "{msg}");
    assert!(
        preview
            .get(REC_URL)
            .1
            .contains("initial action taken - implementation still pending")
    );
    assert!(
        preview
            .get("/__followup/status")
            .1
            .contains("\"errors\":[]")
    );
}

#[test]
fn a_stylesheet_change_is_swapped_not_reloaded() {
    let site = copy_sample();
    write(
        site.path(),
        "themes/default/static/style.css",
        b"body { color: black; }\n",
    );
    let preview = Preview::start(site.path());
    let (mut ws, _) =
        tungstenite::connect(format!("ws://127.0.0.1:{}/__followup/ws", preview.port)).unwrap();
    let _hello = ws.read().unwrap();
    write(
        site.path(),
        "themes/default/static/style.css",
        b"body { color: navy; }\n",
    );
    let msg: serde_json::Value =
        serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(msg["type"], "css", "{msg}");
    assert_eq!(
        preview.get("/assets/style.css").1,
        "body { color: navy; }\n"
    );
}

#[test]
fn nothing_outside_the_site_can_be_reached() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    // A link inside content/ that points outside the site: an error, as in
    // `check` and `build`, and never served.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            site.path().join("content/kazakhstan/secret.txt"),
        )
        .unwrap();
        assert!(
            eventually(10, || preview
                .get("/__followup/status")
                .1
                .contains("which is outside the site's folder")),
            "the preview does not report the link"
        );
    }
    for path in [
        "/../followup.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/followup.toml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/kazakhstan/%2e%2e/%2e%2e/followup.toml",
        "/kazakhstan%2f..%2f..%2ffollowup.toml",
        "/kazakhstan%5c..%5c..%5cfollowup.toml",
        "//etc/passwd",
        "/content/kazakhstan/_index.md",
        "/followup.toml",
        "/kazakhstan/secret.txt",
        "/missing/page/",
    ] {
        let (status, body) = preview.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("secret") && !body.contains("root:"),
            "{path}"
        );
    }
    // The 404 is the site's own page.
    assert!(preview.get("/missing/page/").1.contains("Page not found"));
    // And the real pages are there, with their content types.
    assert_eq!(preview.get("/assets/style.css").0, 200);
    assert_eq!(preview.get("/kazakhstan").0, 308);
}

#[test]
fn a_busy_port_names_the_flag_to_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = copy_sample();
    let o = followup(&[
        "serve",
        "--root",
        site.path().to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "error: port {port} on 127.0.0.1 is already in use"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: choose another port with --port"),
        "{err}"
    );
}

#[test]
fn the_preview_binds_loopback_by_default() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    assert!(
        preview.url.starts_with("http://127.0.0.1:"),
        "{}",
        preview.url
    );
}

#[test]
fn built_output_never_carries_the_live_reload_client() {
    let out = tempfile::tempdir().unwrap();
    build(&sample_root(), out.path());
    for (path, bytes) in tree(out.path()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__followup"),
            "{path}"
        );
    }
}

/// Ctrl-C as the terminal sends it: SIGINT.
#[cfg(unix)]
fn interrupt(child: &std::process::Child) {
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
}

/// On Windows a console sends Ctrl-Break to a process group of its own
/// (Ctrl-C would reach the test runner too).
#[cfg(windows)]
fn interrupt(child: &std::process::Child) {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GenerateConsoleCtrlEvent(event: u32, process_group: u32) -> i32;
    }
    const CTRL_BREAK_EVENT: u32 = 1;
    // SAFETY: a plain Win32 call with a process id this test started.
    let sent = unsafe { GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, child.id()) };
    assert_ne!(sent, 0, "GenerateConsoleCtrlEvent failed");
}

#[test]
fn ctrl_c_stops_the_preview_cleanly() {
    let site = copy_sample();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_followup"));
    #[cfg(windows)]
    {
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        std::os::windows::process::CommandExt::creation_flags(
            &mut command,
            CREATE_NEW_PROCESS_GROUP,
        );
    }
    let mut child = command
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            site.path().to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.starts_with("Serving "))
    );
    interrupt(&child);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(lines.map_while(Result::ok).any(|l| l.contains("Stopped.")));
}

#[test]
fn search_data_and_feeds_are_served_too_once_made_in_the_background() {
    let site = copy_sample_with_search();
    let preview = Preview::start(site.path());
    assert!(
        eventually(30, || preview.get("/pagefind/pagefind-entry.json").0 == 200),
        "{}",
        preview.output()
    );
    assert_eq!(preview.get("/search/").0, 200);
    assert_eq!(preview.get("/data/recommendations.json").0, 200);
    assert!(preview.get("/feed.xml").1.contains("http://127.0.0.1:"));
    // An edit still shows at once, and the data follows.
    edit(
        site.path(),
        REC,
        "summary = \"Limited progress.",
        "summary = \"Data follows.",
    );
    assert!(eventually(10, || preview
        .get(REC_URL)
        .1
        .contains("Data follows.")));
    assert!(eventually(30, || preview
        .get("/data/recommendations.csv")
        .1
        .contains("Data follows.")));
}

/// A preview's answer to [`request`].
struct Reply {
    status: u16,
    /// The status line and headers, as sent.
    head: String,
    body: String,
}

impl Reply {
    /// The value of a header, by its name in any case.
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends one raw HTTP/1.1 request to the preview on 127.0.0.1, with the
/// `Host` and other headers given exactly (none is added but
/// `Connection: close`).
fn request(port: u16, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut req = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        req.push_str(&format!("{name}: {value}\r\n"));
    }
    req.push_str("Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Reply {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// GET with only a `Host` header, as a browser at that address sends it.
fn get_as(port: u16, host: &str, path: &str) -> Reply {
    request(port, "GET", path, &[("Host", host)])
}

/// The preview of the sample, once its open data is made (so that a
/// refusal of /data/ is the guard's, not a missing file's).
fn preview_with_data(root: &Path, extra: &[&str]) -> Preview {
    let preview = Preview::start_with(root, &[&["--port", "0"], extra].concat());
    assert!(
        eventually(30, || preview.get("/data/recommendations.json").0 == 200),
        "{}",
        preview.output()
    );
    preview
}

#[test]
fn a_foreign_host_is_refused_with_the_flag_that_allows_it() {
    let site = copy_sample();
    let preview = preview_with_data(site.path(), &[]);
    let port = preview.port;
    let evil = format!("evil.example:{port}");
    for path in [
        "/",
        REC_URL,
        "/data/recommendations.json",
        "/__followup/status",
        "/__followup/live.js",
        "/missing/",
    ] {
        let r = get_as(port, &evil, path);
        assert_eq!(r.status, 403, "{path}: {}", r.head);
        assert_eq!(r.body.lines().count(), 1, "{path}: {}", r.body);
        assert!(
            r.body.contains("--allowed-host evil.example"),
            "{path}: {}",
            r.body
        );
        assert!(!r.body.contains("Kazakhstan"), "{path}: {}", r.body);
        assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
    }
    // Any case, and hosts that only look like the loopback.
    for host in [
        format!("EVIL.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("localhost.:{port}"),
        format!("0.0.0.0:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        assert_eq!(get_as(port, &host, "/").status, 403, "{host}");
    }
    // No host, several, or one that is not a host: refused, never a panic.
    let no_host = request(port, "GET", "/", &[]);
    assert_eq!(no_host.status, 403, "{}", no_host.head);
    assert!(no_host.body.contains("--allowed-host"), "{}", no_host.body);
    let loopback = format!("127.0.0.1:{port}");
    let two = request(port, "GET", "/", &[("Host", &loopback), ("Host", &evil)]);
    assert_eq!(two.status, 403);
    for bad in [
        "",
        "localhost:abc",
        "localhost:99999",
        "[::1",
        "::1",
        "user@localhost",
        "[fe80::1%25lo]:1",
    ] {
        assert_eq!(get_as(port, bad, "/").status, 403, "{bad:?}");
    }
    // An absolute target names the host servers go by.
    let absolute = request(
        port,
        "GET",
        &format!("http://{evil}/"),
        &[("Host", &loopback)],
    );
    assert_eq!(absolute.status, 403);
    // And the preview still serves its own.
    assert_eq!(get_as(port, &loopback, "/").status, 200);
}

#[test]
fn the_loopback_is_served_under_each_of_its_names() {
    let site = copy_sample();
    let preview = preview_with_data(site.path(), &[]);
    let port = preview.port;
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
    ] {
        for path in ["/", "/data/recommendations.json", "/__followup/status"] {
            let r = get_as(port, &host, path);
            assert_eq!(r.status, 200, "{host} {path}: {}", r.head);
        }
    }
}

#[test]
fn an_allowed_host_is_served() {
    let site = copy_sample();
    let plain = Preview::start(site.path());
    let phone = |port: u16| format!("my-laptop.local:{port}");
    assert_eq!(get_as(plain.port, &phone(plain.port), "/").status, 403);
    assert_eq!(get_as(plain.port, "192.168.1.20", "/").status, 403);
    drop(plain);

    let preview = Preview::start_with(
        site.path(),
        &[
            "--port",
            "0",
            "--allowed-host",
            "My-Laptop.local",
            "--allowed-host",
            "192.168.1.20",
        ],
    );
    let port = preview.port;
    let r = get_as(port, &phone(port), REC_URL);
    assert_eq!(r.status, 200, "{}", r.head);
    assert!(r.body.contains("/__followup/live.js"));
    assert_eq!(
        get_as(port, &format!("192.168.1.20:{port}"), "/").status,
        200
    );
    // Live reload from a page opened under that name.
    let status = request(
        port,
        "GET",
        "/__followup/status",
        &[
            ("Host", &phone(port)),
            ("Origin", &format!("http://{}", phone(port))),
        ],
    );
    assert_eq!(status.status, 200, "{}", status.head);
    // Only the names given.
    let other = get_as(port, &format!("evil.example:{port}"), "/");
    assert_eq!(other.status, 403);
    assert!(other.body.contains("my-laptop.local"), "{}", other.body);
}

#[test]
fn an_allowed_host_that_is_not_a_host_is_refused_at_start() {
    let site = copy_sample();
    for (value, help) in [
        ("http://phone.local/", "without http://"),
        ("phone.local:1111", "--allowed-host phone.local"),
    ] {
        let o = followup(&[
            "serve",
            "--port",
            "0",
            "--root",
            site.path().to_str().unwrap(),
            "--allowed-host",
            value,
        ]);
        assert_eq!(o.status.code(), Some(1), "{value}");
        let err = stderr(&o);
        assert!(err.contains("error: --allowed-host"), "{err}");
        assert!(err.contains(help), "{err}");
    }
}

/// A WebSocket handshake for the live reload, from a page of `origin`.
fn open_live_reload(
    port: u16,
    origin: &str,
) -> Result<tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>, u16> {
    use tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://127.0.0.1:{port}/__followup/ws")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("Origin", origin.parse().unwrap());
    match tungstenite::connect(req) {
        Ok((socket, response)) => {
            assert_eq!(response.status(), 101);
            Ok(socket)
        }
        Err(tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_live_reload_answers_only_the_previews_own_pages() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let port = preview.port;
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        format!("http://localhost:{port}"), // another origin than the Host
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port + 1),
        "null".to_string(),
    ] {
        assert_eq!(open_live_reload(port, &origin).err(), Some(403), "{origin}");
        let status = request(
            port,
            "GET",
            "/__followup/status",
            &[("Host", &format!("127.0.0.1:{port}")), ("Origin", &origin)],
        );
        assert_eq!(status.status, 403, "{origin}");
        assert!(!status.body.contains("version"), "{}", status.body);
    }
    // The preview's own page connects and is told the state.
    let mut own = open_live_reload(port, &format!("http://127.0.0.1:{port}")).unwrap();
    let hello: serde_json::Value =
        serde_json::from_str(own.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(hello["type"], "hello");
    // Pages themselves are not the preview's endpoints: a link from
    // elsewhere still opens them.
    let page = request(
        port,
        "GET",
        "/",
        &[
            ("Host", &format!("127.0.0.1:{port}")),
            ("Origin", "http://evil.example"),
        ],
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Access-Control-Allow-Origin"), None);
}

#[test]
fn only_get_and_head_are_answered() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let host = format!("127.0.0.1:{}", preview.port);
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for path in ["/", REC_URL, "/__followup/status", "/__followup/ws"] {
            let r = request(
                preview.port,
                method,
                path,
                &[
                    ("Host", &host),
                    ("Content-Length", "0"),
                    ("Access-Control-Request-Method", "GET"),
                ],
            );
            assert_eq!(r.status, 405, "{method} {path}: {}", r.head);
            assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method} {path}");
            assert!(
                !r.head.to_ascii_lowercase().contains("access-control-"),
                "{}",
                r.head
            );
        }
    }
    let head = request(preview.port, "HEAD", REC_URL, &[("Host", &host)]);
    assert_eq!(head.status, 200, "{}", head.head);
    assert!(head.body.is_empty());
}

#[test]
fn every_response_says_nosniff() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let host = format!("127.0.0.1:{}", preview.port);
    for (method, path, host, status) in [
        ("GET", "/", host.as_str(), 200),
        ("GET", "/assets/style.css", &host, 200),
        ("GET", "/__followup/live.js", &host, 200),
        ("GET", "/__followup/status", &host, 200),
        ("GET", "/kazakhstan", &host, 308),
        ("GET", "/missing/", &host, 404),
        ("GET", "/", "evil.example", 403),
        ("POST", "/", &host, 405),
    ] {
        let r = request(preview.port, method, path, &[("Host", host)]);
        assert_eq!(r.status, status, "{method} {path}: {}", r.head);
        assert_eq!(
            r.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{method} {path}"
        );
    }
}

#[test]
fn binding_beyond_the_loopback_warns_that_drafts_are_visible() {
    let site = copy_sample();
    // Bound to every address, but spoken to over the loopback only.
    let open = Preview::start_with(site.path(), &["--port", "0", "--bind", "0.0.0.0"]);
    let warning = "warning: --bind 0.0.0.0 makes the preview, drafts included, visible to every device on the networks this machine is on";
    assert!(
        eventually(5, || open.output().contains(warning)),
        "{}",
        open.output()
    );
    assert!(
        open.output()
            .contains("help: to keep drafts private, leave out --bind"),
        "{}",
        open.output()
    );
    assert!(
        open.output().contains("--allowed-host"),
        "{}",
        open.output()
    );
    assert_eq!(open.get("/").0, 200);

    let private = Preview::start(site.path());
    assert_eq!(private.get("/").0, 200);
    assert!(!private.output().contains("warning: --bind"));
}

/// A save that builds with warnings shows them, as `check` words them: in
/// the terminal, and in the panel of the pages open (told when they connect).
#[test]
fn warnings_of_a_rebuild_are_shown_in_the_terminal_and_the_page() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    edit(
        site.path(),
        REC,
        "grade = \"C\"",
        "grade = \"C\"\ncolour = \"red\"",
    );
    let wording = format!("warning: {REC}:3:1: unknown field `colour` is ignored");
    assert!(
        eventually(5, || {
            let out = preview.output();
            out.contains(&wording) && out.contains("(1 warning above)")
        }),
        "{}",
        preview.output()
    );
    let (mut ws, _) =
        tungstenite::connect(format!("ws://127.0.0.1:{}/__followup/ws", preview.port)).unwrap();
    let hello: serde_json::Value =
        serde_json::from_str(ws.read().unwrap().to_text().unwrap()).unwrap();
    assert_eq!(hello["type"], "hello", "{hello}");
    let w = &hello["warnings"][0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["file"], REC);
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `colour`"),
        "{w}"
    );
}

/// A country folder deleted file by file (as a file manager does) is not
/// reported as a broken site on the way.
#[test]
fn a_deletion_in_progress_is_not_reported_as_an_error() {
    let site = copy_sample();
    // A second dossier, to delete.
    let from = site.path().join("content/kazakhstan");
    let to = site.path().join("content/second");
    for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(&from).unwrap();
        let name = rel.to_string_lossy();
        if name.contains(".ru.") {
            continue;
        }
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), to.join(rel)).unwrap();
        }
    }
    std::fs::write(
        to.join("_index.md"),
        "+++\ncountry = \"Second\"\ntreaty = \"ICCPR\"\n+++\n",
    )
    .unwrap();
    let preview = Preview::start(site.path());
    assert!(eventually(5, || preview.get("/second/").0 == 200));
    // The country's own file first, then, a moment later, the rest.
    std::fs::remove_file(to.join("_index.md")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(60));
    std::fs::remove_dir_all(&to).unwrap();
    assert!(
        eventually(5, || preview.get("/second/").0 == 404),
        "{}",
        preview.output()
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    let out = preview.output();
    assert!(!out.contains("Rebuild failed"), "{out}");
    assert!(!out.contains("has no _index.md"), "{out}");
}

/// The preview shows a draft, marked as one, where a build leaves it out.
#[test]
fn the_preview_shows_drafts_marked() {
    let site = copy_sample();
    edit(site.path(), REC, "+++\n", "+++\ndraft = true\n");
    let preview = Preview::start(site.path());
    let (status, page) = preview.get(REC_URL);
    assert_eq!(status, 200);
    assert!(
        page.contains("<span class=\"draft-mark\">Draft</span>"),
        "{page}"
    );
    let (_, paragraph) = preview.get("/kazakhstan/p25-freedom-of-expression/");
    assert_eq!(paragraph.matches("class=\"draft-mark\"").count(), 1);
}

/// Reads `s` until the preview closes it; false if it is still open after
/// `secs` seconds.
fn closed_within(s: &mut std::net::TcpStream, secs: u64) -> bool {
    use std::io::Read;
    s.set_read_timeout(Some(std::time::Duration::from_secs(secs)))
        .unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn a_connection_that_never_sends_its_headers_is_closed() {
    use std::io::Write;
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let mut silent = std::net::TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    let mut partial = std::net::TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    partial
        .write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", preview.port).as_bytes())
        .unwrap();
    // Closed after 10 s without headers: well within 30.
    assert!(
        closed_within(&mut silent, 30),
        "a silent connection stays open"
    );
    assert!(
        closed_within(&mut partial, 30),
        "unfinished headers keep it open"
    );
    assert_eq!(preview.get("/").0, 200);
}

#[test]
fn the_live_reload_closes_on_a_message_larger_than_its_limit() {
    let site = copy_sample();
    let preview = Preview::start(site.path());
    let mut ws =
        open_live_reload(preview.port, &format!("http://127.0.0.1:{}", preview.port)).unwrap();
    let _hello = ws.read().unwrap();
    // A small message is no reason to close… but the client sends none, so
    // any is; a large one must not be held.
    let _ = ws.send(tungstenite::Message::text("x".repeat(5000)));
    let closed = (0..5).any(|_| match ws.read() {
        Ok(tungstenite::Message::Close(_)) | Err(_) => true,
        Ok(_) => false,
    });
    assert!(closed, "the socket stayed open after a 5,000-byte message");
    assert_eq!(preview.get("/").0, 200);
}

#[cfg(unix)]
#[test]
fn many_slow_connections_do_not_stop_the_preview_answering() {
    use std::io::Write;
    let site = copy_sample();
    // 256 descriptors, as under `ulimit -n 256`; 2,000 connections that
    // never finish their request.
    let preview = Preview::start_limited(site.path(), 256);
    let mut slow = Vec::new();
    for _ in 0..2000 {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", preview.port)) else {
            continue;
        };
        let _ = s.write_all(b"GET / HTTP/1.1\r\n");
        slow.push(s);
    }
    let port = preview.port;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(http_get(port, "/"));
    });
    let answer = rx.recv_timeout(std::time::Duration::from_secs(20));
    assert_eq!(
        answer.map(|(status, _)| status).ok(),
        Some(200),
        "no answer while 2,000 slow connections were open:\n{}",
        preview.output()
    );
    drop(slow);
}
