//! The preview's connections, bounded: a page that never finishes sending
//! its request, or a connection left idle, cannot hold the preview's file
//! descriptors or memory, so a hostile page or a stuck client never stops
//! it answering the author's browser.
//!
//! Each connection is served by hyper directly (rather than through
//! `axum::serve`, which has no such limits): its request headers must
//! arrive within [`HEADERS`], it is closed after [`IDLE`] without a byte
//! either way, and when the open connections reach what the process may
//! hold ([`budget`]) the oldest of them makes room for the new.

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::oneshot;

/// How long a connection has to send its request's headers.
pub const HEADERS: Duration = Duration::from_secs(10);
/// How long a connection may stay silent both ways before it is closed.
pub const IDLE: Duration = Duration::from_secs(120);

/// Serves `app` on `listener` until `stop` ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    stop: impl std::future::Future<Output = ()>,
) {
    let budget = budget();
    let open: Arc<Mutex<Open>> = Arc::default();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of descriptors or a connection gone before it was
                // taken: make room, then take the next.
                Err(_) => {
                    if !lock(&open).evict_oldest() {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let (close, closed) = oneshot::channel();
        let id = {
            let mut open = lock(&open);
            while open.waiting.len() >= budget && open.evict_oldest() {}
            open.add(close)
        };
        let service = TowerToHyperService::new(app.clone());
        let open = open.clone();
        tokio::spawn(async move {
            let io = TokioIo::new(Idle::new(stream, IDLE));
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADERS);
            let connection = builder.serve_connection(io, service).with_upgrades();
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = closed => {}
            }
            lock(&open).remove(id);
        });
    }
}

/// The connections being served, oldest first, each with the means to close
/// it. A connection upgraded to a WebSocket leaves this list: the live
/// reload is bounded by its own limits (message size, pings).
#[derive(Default)]
struct Open {
    next: u64,
    waiting: BTreeMap<u64, oneshot::Sender<()>>,
}

impl Open {
    fn add(&mut self, close: oneshot::Sender<()>) -> u64 {
        self.next += 1;
        self.waiting.insert(self.next, close);
        self.next
    }

    fn remove(&mut self, id: u64) {
        self.waiting.remove(&id);
    }

    /// Closes the oldest connection; false if there is none.
    fn evict_oldest(&mut self) -> bool {
        match self.waiting.pop_first() {
            Some((_, close)) => {
                let _ = close.send(());
                true
            }
            None => false,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How many connections the preview keeps open at once: what its file
/// descriptors allow (raised to the system's hard limit where it can be),
/// less a reserve for the files a rebuild reads and the watcher.
fn budget() -> usize {
    const RESERVE: u64 = 64;
    const MOST: u64 = 4096;
    let limit = descriptors().unwrap_or(1024);
    limit.saturating_sub(RESERVE).clamp(16, MOST) as usize
}

#[cfg(unix)]
fn descriptors() -> Option<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        let raised = rustix::process::Rlimit {
            current: limit.maximum.map(|m| m.min(65536)),
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            limit = raised;
        }
    }
    limit.current
}

#[cfg(not(unix))]
fn descriptors() -> Option<u64> {
    None
}

/// A connection that fails once nothing has been read or written for a
/// while: the deadline moves with every byte either way.
struct Idle<S> {
    inner: S,
    after: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl<S> Idle<S> {
    fn new(inner: S, after: Duration) -> Idle<S> {
        Idle {
            inner,
            after,
            deadline: Box::pin(tokio::time::sleep(after)),
        }
    }

    fn moved(&mut self) {
        let at = tokio::time::Instant::now() + self.after;
        self.deadline.as_mut().reset(at);
    }

    /// After a `Pending`: an error if the deadline has passed.
    fn expired<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the connection was idle too long",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Idle<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                self.moved();
                Poll::Ready(r)
            }
            Poll::Pending => self.expired(cx),
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Idle<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Ready(r) => {
                self.moved();
                Poll::Ready(r)
            }
            Poll::Pending => self.expired(cx),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
