//! `followup serve` started for real on a free port and used over HTTP and
//! WebSocket, as the author's browser would.

mod common;
use common::*;
use std::path::Path;

const REC: &str = "content/kazakhstan/p25-freedom-of-expression/02-defamation-legislation.md";
const REC_URL: &str = "/kazakhstan/p25-freedom-of-expression/02-defamation-legislation/";

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

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
    assert!(
        eventually(10, || preview.get(url).0 == 200),
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
    // A link inside content/ that points outside the site.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("content/kazakhstan/secret.txt"),
    )
    .unwrap();
    let preview = Preview::start(site.path());
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
    let site = copy_sample();
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
