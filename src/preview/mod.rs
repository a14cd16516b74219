//! `followup serve`: the authors' preview. Serves the site from memory (the
//! published output folder is never touched), rebuilds what a save changed,
//! and tells open pages over a WebSocket to reload, swap their stylesheet or
//! show the problems found. Only the author's own browser is answered, not
//! the websites it visits ([`guard`]).

use crate::base::diagnostics::Diagnostics;
use crate::preview::session::{Rebuild, Served, Session, Snapshot};
use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

mod connections;
pub mod fingerprint;
mod guard;
pub mod plan;
pub mod session;
pub mod snapshot;
mod watch;

/// Where the preview's own endpoints live, under the site's root.
pub const ENDPOINT: &str = "__followup";
const LIVE_JS: &str = include_str!("live.js");

pub struct ServeOptions {
    pub root: PathBuf,
    /// `None`: 1111, or the next free port if it is busy.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// More host names to serve, besides the loopback and `bind`
    /// (`--allowed-host`, for a phone on the local network).
    pub allowed_hosts: Vec<String>,
    pub open: bool,
}

pub const DEFAULT_PORT: u16 = 1111;

#[derive(Clone)]
struct AppState {
    /// What is served, swapped whole after each rebuild: a request never
    /// waits for one (the session itself is the watcher's and the
    /// background publisher's).
    live: Arc<ArcSwap<Snapshot>>,
    events: broadcast::Sender<String>,
    root: PathBuf,
}

/// Binds the port, saying plainly what happened when it is busy.
fn bind(opts: &ServeOptions) -> Result<TcpListener, String> {
    let busy = |port: u16| {
        format!(
            "port {port} on {} is already in use (is another followup serve running?)\nhelp: choose another port with --port {}",
            opts.bind,
            port.saturating_add(1)
        )
    };
    match opts.port {
        Some(port) => TcpListener::bind((opts.bind, port)).map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => busy(port),
            _ => format!("cannot listen on {}:{port}: {e}", opts.bind),
        }),
        None => {
            for port in DEFAULT_PORT..DEFAULT_PORT + 20 {
                match TcpListener::bind((opts.bind, port)) {
                    Ok(l) => {
                        if port != DEFAULT_PORT {
                            println!(
                                "Port {DEFAULT_PORT} is busy; serving on port {port} instead."
                            );
                        }
                        return Ok(l);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
                    Err(e) => return Err(format!("cannot listen on {}:{port}: {e}", opts.bind)),
                }
            }
            Err(busy(DEFAULT_PORT + 19))
        }
    }
}

fn site_url(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

fn print_problems(d: &Diagnostics) {
    for diag in d.iter() {
        eprintln!("{diag}\n");
    }
}

/// One line per rebuild: what changed, how long it took; and, when a
/// rebuild succeeds with warnings, the warnings, as `check` prints them.
fn report(r: &Rebuild) {
    let what = match r.changed.len() {
        0 => "the site".to_string(),
        1..=3 => r.changed.join(", "),
        n => format!("{}, … ({n} paths)", r.changed[..2].join(", ")),
    };
    if r.errors.has_errors() {
        print_problems(&r.errors);
        eprintln!(
            "Rebuild failed after {what} changed: {}. Still serving the last good site.",
            r.errors.summary()
        );
    } else {
        print_problems(&r.warnings);
        let warned = match r.warnings.0.len() {
            0 => String::new(),
            1 => " (1 warning above)".to_string(),
            n => format!(" ({n} warnings above)"),
        };
        println!(
            "Rebuilt {what}: {} pages in {} ms{warned}",
            r.pages_rendered,
            r.elapsed.as_millis()
        );
    }
    if std::env::var_os("FOLLOWUP_TIMINGS").is_some() {
        let stages: Vec<String> = r
            .stages
            .iter()
            .map(|(name, t)| format!("{name} {:.1}", t.as_secs_f64() * 1000.0))
            .collect();
        println!("  (ms since the change was seen: {})", stages.join(", "));
    }
}

/// The message sent to open pages after a rebuild.
fn event(r: &Rebuild, version: u64) -> String {
    if r.errors.has_errors() {
        errors_event(&r.errors, version)
    } else if r.css_only {
        serde_json::json!({ "type": "css", "version": version }).to_string()
    } else {
        reload_event(version, r.pages.as_deref())
    }
}

/// Tells open pages to reload: those at `pages` (addresses such as
/// `/kazakhstan/`) when given, all of them otherwise.
fn reload_event(version: u64, pages: Option<&[String]>) -> String {
    match pages {
        Some(pages) => {
            serde_json::json!({ "type": "reload", "version": version, "pages": pages }).to_string()
        }
        None => serde_json::json!({ "type": "reload", "version": version }).to_string(),
    }
}

/// What an open page is told when it connects: the errors of the last
/// rebuild, or else its version and warnings (shown in the page's panel).
fn hello_event(s: &Snapshot) -> String {
    if s.errors().has_errors() {
        errors_event(s.errors(), s.version())
    } else {
        serde_json::json!({ "type": "hello", "version": s.version(), "warnings": s.warnings().0 })
            .to_string()
    }
}

fn errors_event(d: &Diagnostics, version: u64) -> String {
    serde_json::json!({ "type": "errors", "version": version, "diagnostics": d.0 }).to_string()
}

/// Said when the preview is reachable from other machines: drafts are
/// private until published.
fn bind_warning(bind: IpAddr) -> Option<String> {
    if bind.to_canonical().is_loopback() {
        return None;
    }
    // On every address, the one a phone opens is not known: it must be named.
    let phone = if bind.is_unspecified() {
        "; a phone on your network also needs --allowed-host with the address it opens, e.g. --allowed-host 192.168.1.20"
    } else {
        ""
    };
    Some(format!(
        "warning: --bind {bind} makes the preview, drafts included, visible to every device on the networks this machine is on\nhelp: to keep drafts private, leave out --bind (the preview then listens on 127.0.0.1 only){phone}"
    ))
}

/// Runs the preview until Ctrl-C.
pub fn run(opts: ServeOptions) -> Result<(), String> {
    let allowed = opts
        .allowed_hosts
        .iter()
        .map(|h| guard::parse_allowed_host(h))
        .collect::<Result<Vec<_>, _>>()?;
    let listener = bind(&opts)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let url = site_url(addr);
    // Events name absolute paths: compare them with an absolute root.
    let root = std::fs::canonicalize(&opts.root)
        .map_err(|e| format!("cannot open the site folder {}: {e}", opts.root.display()))?;

    let (session, first) = Session::new(&root, &url);
    print_problems(session.warnings());
    report(&first);
    let live = Arc::new(ArcSwap::from_pointee(session.snapshot()));
    let session = Arc::new(Mutex::new(session));
    let (events, _) = broadcast::channel(64);

    let publisher = publish_in_background(session.clone(), live.clone());
    let _ = publisher.send(());
    watch::watch(&root, session, live.clone(), events.clone(), publisher)?;

    let state_root = root.clone();
    let state = AppState { live, events, root };
    let app = Router::new()
        .route(&format!("/{ENDPOINT}/ws"), get(websocket))
        .route(&format!("/{ENDPOINT}/live.js"), get(live_js))
        .route(&format!("/{ENDPOINT}/status"), get(status))
        .fallback(serve_file)
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(guard::Guard::new(opts.bind, allowed)),
            guard::check,
        ));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        // Listen for Ctrl-C before saying the preview is up, so that a
        // Ctrl-C right after the message stops it cleanly too.
        let stop = interrupted().map_err(|e| format!("cannot listen for Ctrl-C: {e}"))?;
        if let Some(warning) = bind_warning(opts.bind) {
            eprintln!("{warning}");
        }
        println!("Serving {} at {url} (Ctrl-C to stop)", state_root.display());
        if opts.open
            && let Err(e) = open::that_detached(&url)
        {
            eprintln!("Could not open a browser: {e}. Visit {url} yourself.");
        }
        connections::serve(listener, app, stop).await;
        println!("\nStopped.");
        Ok(())
    })
}

/// A future that ends at Ctrl-C, listening from the moment it is made.
#[cfg(unix)]
fn interrupted() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let mut signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        signal.recv().await;
    })
}

/// On Windows: Ctrl-C, or Ctrl-Break, the one a console can send to a
/// program started in a process group of its own (as the tests do).
#[cfg(windows)]
fn interrupted() -> std::io::Result<impl std::future::Future<Output = ()>> {
    let mut c = tokio::signal::windows::ctrl_c()?;
    let mut brk = tokio::signal::windows::ctrl_break()?;
    Ok(async move {
        tokio::select! {
            _ = c.recv() => {}
            _ = brk.recv() => {}
        }
    })
}

#[cfg(not(any(unix, windows)))]
fn interrupted() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Makes the open data, feeds, sitemap and search bundle of the last good
/// site in a thread of its own, once edits pause, so they never delay the
/// next page reload.
fn publish_in_background(
    session: Arc<Mutex<Session>>,
    live: Arc<ArcSwap<Snapshot>>,
) -> std::sync::mpsc::Sender<()> {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        // Threads of its own, at a lower priority: on the shared pool, an
        // edit's pages waited behind every bundle of the search index (at
        // 100,000, an edit made just after the preview started was served
        // after 49 s); the system now gives the edit the cores first.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads())
            .thread_name(|i| format!("followup-publish-{i}"))
            .start_handler(|_| lower_priority())
            .build();
        // The search bundles made so far: an edit makes again only the one
        // that holds what it changed.
        let mut bundles = crate::publish::BundleCache::default();
        while rx.recv().is_ok() {
            // Wait for a pause in the edits: indexing a large site takes a
            // while, and an author saving often needs it only now and then.
            while rx.recv_timeout(Duration::from_millis(1500)).is_ok() {}
            let Some((site, compiled)) = session.lock().ok().and_then(|s| s.site_and_theme())
            else {
                continue;
            };
            let pool = pool.as_ref().ok();
            let pending = in_pool(pool, || {
                crate::build::site::published(&site, &compiled.0, &compiled.1)
            });
            // Let the site go before indexing: edits in place need it alone.
            drop(site);
            let (files, problems) = in_pool(pool, || pending.finish_with(&mut bundles));
            print_problems(&problems);
            if let Ok(mut s) = session.lock() {
                s.set_published(files);
                live.store(Arc::new(s.snapshot()));
            }
        }
    });
    tx
}

/// Runs `work` on `pool`, or where it is called without one.
fn in_pool<T: Send>(pool: Option<&rayon::ThreadPool>, work: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Lowers the calling thread's priority, for work done in the background
/// (on Linux a thread's nice value is its own).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 10);
}

async fn live_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
}

/// The state of the last rebuild, as the live-reload client receives it.
async fn status(State(state): State<AppState>) -> impl IntoResponse {
    let s = state.live.load();
    let body = serde_json::json!({
        "version": s.version(),
        "errors": s.errors().0,
    })
    .to_string();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

/// The page's script sends nothing: a message of more than this closes the
/// socket, so no page can make the preview hold what it sends.
const MESSAGE_LIMIT: usize = 4096;
/// An open page is pinged this often: a page gone without a word is found
/// out, and a quiet socket is not taken for an idle connection.
const PING: Duration = Duration::from_secs(30);

async fn websocket(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    ws.max_message_size(MESSAGE_LIMIT)
        .max_frame_size(MESSAGE_LIMIT)
        .on_upgrade(move |socket| client(socket, state))
}

/// One open page: told the current state, then every rebuild.
async fn client(mut socket: WebSocket, state: AppState) {
    let mut rx = state.events.subscribe();
    let hello = hello_event(&state.live.load());
    if socket.send(Message::Text(hello.into())).await.is_err() {
        return;
    }
    let mut ping = tokio::time::interval(PING);
    ping.tick().await;
    loop {
        tokio::select! {
            _ = ping.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    return;
                }
            }
            msg = rx.recv() => match msg {
                Ok(text) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Pong(_) | Message::Ping(_))) => continue,
                // The page's script sends nothing else.
                _ => return,
            },
        }
    }
}

/// Maps a request path to a file of the site, or `None` for anything that
/// tries to leave it: `..` or `.` segments (plain or percent-encoded),
/// encoded slashes or backslashes, empty segments, NUL bytes.
pub fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let mut parts = Vec::new();
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i == segments.len() - 1;
        if seg.is_empty() {
            if last {
                break;
            }
            return None;
        }
        let lower = seg.to_ascii_lowercase();
        if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
            return None;
        }
        let decoded = percent_encoding::percent_decode_str(seg)
            .decode_utf8()
            .ok()?;
        if decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']) {
            return None;
        }
        parts.push(decoded.into_owned());
    }
    let mut path = parts.join("/");
    if !path.is_empty() && raw.ends_with('/') {
        path.push('/');
    }
    Some(crate::base::address::file_of(path))
}

fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let value = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "javascript" => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

/// Adds the live-reload client to a page (only in the preview).
fn with_live_reload(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"/{ENDPOINT}/live.js\" defer></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Reads a file served from disk, refusing one that resolves outside the
/// site's folder (a symbolic link pointing elsewhere).
fn read_inside(root: &Path, path: &Path) -> Option<Vec<u8>> {
    let root = std::fs::canonicalize(root).ok()?;
    let real = std::fs::canonicalize(path).ok()?;
    if !real.starts_with(&root) {
        return None;
    }
    std::fs::read(real).ok()
}

async fn serve_file(State(state): State<AppState>, uri: Uri) -> Response {
    let found = site_path(uri.path()).map(|path| {
        // Held while a file is read from disk: a snapshot of its own.
        let s = state.live.load_full();
        let bytes = match s.get(&path) {
            Some(Served::Bytes(b)) => Some(b.to_vec()),
            Some(Served::File(p)) => read_inside(&state.root, p),
            None => None,
        };
        let redirect = bytes.is_none()
            && !uri.path().ends_with('/')
            && s.get(&format!("{path}/index.html")).is_some();
        (path, bytes, redirect)
    });
    match found {
        Some((path, Some(bytes), _)) => {
            let body = if path.ends_with(".html") {
                with_live_reload(&bytes)
            } else {
                bytes
            };
            Response::builder()
                .header(header::CONTENT_TYPE, content_type(&path))
                .header(header::CACHE_CONTROL, "no-store")
                .body(Body::from(body))
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Some((_, None, true)) => Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, format!("{}/", uri.path()))
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        _ => not_found(&state),
    }
}

fn not_found(state: &AppState) -> Response {
    let page = match state.live.load().get("404.html") {
        Some(Served::Bytes(b)) => Some(with_live_reload(b)),
        _ => None,
    };
    Response::builder()
        .status(StatusCode::NOT_FOUND)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(page.unwrap_or_else(|| b"Not found".to_vec())))
        .unwrap_or_else(|_| StatusCode::NOT_FOUND.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/kz/").as_deref(), Some("kz/index.html"));
        assert_eq!(
            site_path("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(site_path("/a%20b/").as_deref(), Some("a b/index.html"));
        assert_eq!(site_path("/kz").as_deref(), Some("kz"));
    }

    #[test]
    fn only_a_bind_beyond_the_loopback_warns() {
        for quiet in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"] {
            assert_eq!(bind_warning(quiet.parse().unwrap()), None, "{quiet}");
        }
        let lan = bind_warning("192.168.1.20".parse().unwrap()).unwrap();
        assert!(lan.starts_with(
            "warning: --bind 192.168.1.20 makes the preview, drafts included, visible"
        ));
        assert!(!lan.contains("--allowed-host"), "{lan}");
        let every = bind_warning("::".parse().unwrap()).unwrap();
        assert!(every.contains("\nhelp: to keep drafts private, leave out --bind"));
        assert!(every.contains("--allowed-host"), "{every}");
    }

    #[test]
    fn traversal_attempts_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/kz/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/kz%2f..%2f..%2fetc/passwd",
            "/kz%5c..%5cetc",
            "//etc/passwd",
            "/./index.html",
            "/a%00b",
            "etc/passwd",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
