//! The preview server: `dist/` on 127.0.0.1, the review portal, each
//! variant, the diff since approval, and live reload by server-sent events.
//!
//! HTTP itself is hyper's (HTTP/1.1 only, on a one-thread tokio runtime):
//! parsing, keep-alive, the header-size limit (431) and the header-read
//! timeout are a kept library's, not ours. What this module adds is the
//! policy for a server that any web page in the writer's browser can reach:
//!
//! - only requests for this machine are answered: `Host` must be
//!   `localhost`, `127.0.0.1` or `[::1]` (DNS rebinding), and an `Origin`,
//!   when sent, must be this server's own (cross-site requests);
//! - bounded resources: at most [`MAX_CONNECTIONS`] connections (the oldest
//!   idle one makes way for a new one, so idle sockets cannot starve
//!   anyone), [`HEADER_TIMEOUT`] to send a request head (and to keep an idle
//!   connection), [`REQUEST_TIMEOUT`] from a request's first byte to its
//!   response's last, at most [`MAX_EVENT_STREAMS`] live-reload streams;
//! - request targets are decoded as bytes and never leave `dist/`.

use super::{Engine, Update};
use crate::Error;
use crate::render::text::escape_html;
use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::time::{Instant, Sleep};

/// The script every served HTML page gets: reload when the build changes.
/// Only the top page listens: a review page frames five variants, and a
/// stream each would take the browser's six connections to this host.
const LIVE_RELOAD: &str = "<script>(function(){if(window.top!==window.self)return;var s=new EventSource('/_unisono/events');s.onmessage=function(){location.reload();};})();</script>";

/// Open connections at most; a new one beyond this closes the oldest idle one.
pub const MAX_CONNECTIONS: usize = 256;
/// Live-reload streams at most (each holds a connection for as long as the page is open).
pub const MAX_EVENT_STREAMS: usize = 32;
/// Time to send a whole request head, and to keep an idle keep-alive connection.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Time from a request's first byte to its response's last (live reload excepted).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Time to build a response (a diff page reads git history).
const BUILD_TIMEOUT: Duration = Duration::from_secs(10);
/// A request head larger than this is answered 431.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How often a live-reload stream sends a comment, so a closed page is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Connections the kernel holds until they are accepted.
const BACKLOG: u32 = 1024;
/// How long a connection told to close may take to finish its response.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Subscribers to build events.
#[derive(Clone, Default)]
pub struct Hub {
    clients: Arc<Mutex<Vec<mpsc::Sender<String>>>>,
}

impl Hub {
    /// Tells every open page that the output changed.
    pub fn broadcast(&self, data: &str) {
        // A page that is behind already has a reload queued: dropping the
        // event for it loses nothing, and keeps the queue bounded.
        lock(&self.clients)
            .retain(|c| !matches!(c.try_send(data.to_string()), Err(mpsc::error::TrySendError::Closed(_))));
    }

    fn subscribe(&self) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel(4);
        lock(&self.clients).push(tx);
        rx
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Serves `engine.out` on 127.0.0.1:`port` (0: any free port) and rebuilds
/// on every change, calling `on_update` after each build. Runs until the
/// process ends.
pub fn serve(
    mut engine: Engine,
    port: u16,
    on_listen: &mut dyn FnMut(std::net::SocketAddr),
    on_update: &mut dyn FnMut(&Update),
) -> Result<(), Error> {
    let first = engine.update(&[]);
    on_update(&first);
    let cannot = |e: std::io::Error| {
        Error::usage(format!("cannot listen on 127.0.0.1:{port}: {e}")).hint("choose another --port")
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(cannot)?;
    // A backlog larger than std's, so a burst of connections waits in the
    // kernel instead of being refused.
    let listener = {
        let _runtime = runtime.enter();
        let socket = tokio::net::TcpSocket::new_v4().map_err(cannot)?;
        socket.set_reuseaddr(true).map_err(cannot)?;
        socket.bind((std::net::Ipv4Addr::LOCALHOST, port).into()).map_err(cannot)?;
        socket.listen(BACKLOG).map_err(cannot)?
    };
    let addr = listener.local_addr().map_err(cannot)?;
    let hub = Hub::default();
    let site = Arc::new(Site {
        out: engine.out.clone(),
        root: engine.ws.root.clone(),
        port: addr.port(),
        token: session_token(),
        hub: hub.clone(),
        streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
    });
    std::thread::spawn(move || runtime.block_on(accept(listener, site)));
    // Announced once the watcher is in place: a save made after the
    // announcement is never missed.
    super::watch(&mut engine, &mut || on_listen(addr), &mut |u| {
        on_update(u);
        if u.ok {
            hub.broadcast(&serde_json::to_string(&u.rendered).unwrap_or_default());
        }
        true
    })
}

/// What every request may need: where the files are and who listens.
struct Site {
    out: PathBuf,
    root: PathBuf,
    port: u16,
    /// This session's secret: only pages this server served carry it, and
    /// a decision must present it (`X-Unisono-Token`).
    token: String,
    hub: Hub,
    streams: Arc<Semaphore>,
}

/// The open connections, oldest first, so a new one can close an idle one.
#[derive(Default)]
struct Connections {
    open: Mutex<BTreeMap<u64, Arc<Connection>>>,
    next: AtomicU64,
}

/// One connection's state, shared by its task, its socket and its requests.
#[derive(Default)]
struct Connection {
    /// Requests being answered (a live-reload stream counts while it lasts).
    busy: AtomicUsize,
    /// Requests received so far.
    requests: AtomicUsize,
    /// Told when the connection should make way for a new one.
    evict: Notify,
    /// When the current response must be written by (none: a live-reload stream).
    deadline: Mutex<Option<Instant>>,
    /// One of the [`MAX_CONNECTIONS`]; taken away when the connection is told to make way.
    slot: Mutex<Option<OwnedSemaphorePermit>>,
}

impl Connections {
    /// A new connection, holding one of the [`MAX_CONNECTIONS`] slots.
    fn add(self: &Arc<Self>, slot: OwnedSemaphorePermit) -> Registered {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Connection { slot: Mutex::new(Some(slot)), ..Connection::default() });
        lock(&self.open).insert(id, conn.clone());
        Registered { all: self.clone(), id, conn }
    }

    /// Tells the oldest connection that is not answering anything to close,
    /// and takes its slot for a newcomer.
    fn evict_idle(&self) -> Option<OwnedSemaphorePermit> {
        let mut open = lock(&self.open);
        let victim = open.iter().find(|(_, c)| c.busy.load(Ordering::SeqCst) == 0).map(|(id, _)| *id)?;
        let conn = open.remove(&victim)?;
        conn.evict.notify_one();
        lock(&conn.slot).take()
    }
}

/// A connection in [`Connections`], removed (and its slot freed) when its task ends.
struct Registered {
    all: Arc<Connections>,
    id: u64,
    conn: Arc<Connection>,
}

impl Drop for Registered {
    fn drop(&mut self) {
        lock(&self.all.open).remove(&self.id);
        lock(&self.conn.slot).take();
    }
}

/// Marks a connection busy while it lives.
struct Busy(Arc<Connection>);

impl Busy {
    fn new(conn: &Arc<Connection>) -> Busy {
        conn.busy.fetch_add(1, Ordering::SeqCst);
        Busy(conn.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn accept(listener: tokio::net::TcpListener, site: Arc<Site>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let connections = Arc::new(Connections::default());
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, say: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Full: the oldest idle connection hands its slot over; when every
        // one is busy answering, the newcomer is closed at once.
        let (slot, evicted) = match slots.clone().try_acquire_owned() {
            Ok(slot) => (slot, false),
            Err(_) => match connections.evict_idle() {
                Some(slot) => (slot, true),
                None => continue,
            },
        };
        // Registered here, not in the task, so that the very next newcomer
        // can already ask it to make way.
        tokio::spawn(connection(stream, site.clone(), connections.add(slot)));
        if evicted {
            // Let the evicted connection close its socket before the next accept.
            tokio::task::yield_now().await;
        }
    }
}

/// Serves one connection until it closes, times out or is told to make way.
async fn connection(stream: TcpStream, site: Arc<Site>, registered: Registered) {
    let conn = registered.conn.clone();
    let io = TokioIo::new(Timed { stream, conn: conn.clone(), sleep: Box::pin(tokio::time::sleep(Duration::ZERO)) });
    let service_conn = conn.clone();
    let service = hyper::service::service_fn(move |req| {
        let (site, conn) = (site.clone(), service_conn.clone());
        async move { Ok::<_, Infallible>(answer(req, &site, &conn).await) }
    });
    let http = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES)
        .serve_connection(io, service);
    tokio::pin!(http);
    tokio::select! {
        _ = http.as_mut() => {}
        _ = conn.evict.notified() => {
            if conn.requests.load(Ordering::SeqCst) > 0 {
                // Finish a response still being written; an idle keep-alive
                // connection closes at once.
                http.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(CLOSE_GRACE, http).await;
            }
        }
    }
}

/// The socket, with the deadline of the response being written: a client
/// that reads slowly (or not at all) cannot hold a connection forever.
struct Timed {
    stream: TcpStream,
    conn: Arc<Connection>,
    sleep: Pin<Box<Sleep>>,
}

impl Timed {
    /// Fails a write that is still pending when the deadline has passed.
    fn check<T>(&mut self, cx: &mut Context<'_>, poll: Poll<std::io::Result<T>>) -> Poll<std::io::Result<T>> {
        let Poll::Pending = poll else { return poll };
        let Some(deadline) = *lock(&self.conn.deadline) else { return Poll::Pending };
        self.sleep.as_mut().reset(deadline);
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::ErrorKind::TimedOut.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Timed {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before && self.conn.busy.load(Ordering::SeqCst) == 0 {
            // The first bytes of a request start its clock.
            *lock(&self.conn.deadline) = Some(Instant::now() + REQUEST_TIMEOUT);
        }
        poll
    }
}

impl AsyncWrite for Timed {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.check(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.check(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_flush(cx);
        self.check(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.stream).poll_shutdown(cx);
        self.check(cx, poll)
    }
}

type Reply = Response<Either<Full<Bytes>, Events>>;

/// A short answer with its status.
fn reply(status: StatusCode, kind: &'static str, body: impl Into<Bytes>) -> Reply {
    let mut res = Response::new(Either::Left(Full::new(body.into())));
    *res.status_mut() = status;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

fn refuse(status: StatusCode, why: &'static str) -> Reply {
    reply(status, "text/plain; charset=utf-8", why)
}

async fn answer(req: Request<Incoming>, site: &Site, conn: &Arc<Connection>) -> Reply {
    let busy = Busy::new(conn);
    conn.requests.fetch_add(1, Ordering::SeqCst);
    if let Err(refused) = check_origin(&req, site.port) {
        return refused;
    }
    if req.method() == Method::POST && req.uri().path() == "/_unisono/decide" {
        return decide(req, site).await;
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut res = refuse(StatusCode::METHOD_NOT_ALLOWED, "GET or HEAD only\n");
        res.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let Some(path) = decode_path(req.uri().path()) else {
        return refuse(StatusCode::BAD_REQUEST, "bad path\n");
    };
    if path == "/_unisono/events" {
        return events(site, busy);
    }
    let (out, root, token) = (site.out.clone(), site.root.clone(), site.token.clone());
    let page = tokio::task::spawn_blocking(move || {
        if let Some(rest) = path.strip_prefix("/_unisono/diff/") {
            diff_page(&root, rest)
        } else {
            file(&out, &path, &token)
        }
    });
    match tokio::time::timeout(BUILD_TIMEOUT, page).await {
        Ok(Ok((status, kind, body))) => reply(status, kind, body),
        _ => refuse(StatusCode::SERVICE_UNAVAILABLE, "the page took too long\n"),
    }
}

/// Answers only requests addressed to this machine (no DNS rebinding) and
/// not sent by another site's page.
fn check_origin(req: &Request<Incoming>, port: u16) -> Result<(), Reply> {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return Err(refuse(StatusCode::BAD_REQUEST, "one Host header required\n"));
    };
    let local = |v: &HeaderValue| v.to_str().is_ok_and(|v| local_authority(v, port, false));
    let target_ok = req.uri().authority().is_none_or(|a| local_authority(a.as_str(), port, false));
    if !local(host) || !target_ok {
        return Err(refuse(StatusCode::MISDIRECTED_REQUEST, "this server answers only localhost\n"));
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let same = origin.to_str().is_ok_and(|o| {
            o.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://")) && local_authority(&o[7..], port, port != 80)
        });
        if !same {
            return Err(refuse(StatusCode::FORBIDDEN, "cross-origin requests are refused\n"));
        }
    }
    Ok(())
}

/// `localhost`, `127.0.0.1` or `[::1]`, with this server's port or (unless
/// `port_required`) none.
fn local_authority(authority: &str, port: u16, port_required: bool) -> bool {
    let a = authority.to_ascii_lowercase();
    let split = if a.starts_with('[') { a.find(']').map(|i| i + 1) } else { a.find(':').or(Some(a.len())) };
    let Some((host, rest)) = split.map(|i| a.split_at(i)) else { return false };
    let port_ok = match rest.strip_prefix(':') {
        Some(p) => !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().ok() == Some(port),
        None => rest.is_empty() && !port_required,
    };
    port_ok && matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// A request path, percent-decoded as bytes; `None` when it is not UTF-8
/// or holds a NUL.
fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) =
                (bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b)))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

/// The live-reload stream: `: connected`, then one `data:` line per build
/// and a comment every [`KEEP_ALIVE`], so a closed page is noticed (the
/// write fails) and the stream ends.
fn events(site: &Site, busy: Busy) -> Reply {
    let Ok(slot) = site.streams.clone().try_acquire_owned() else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "too many live-reload streams\n");
    };
    // No deadline: the stream lasts as long as the page.
    *lock(&busy.0.deadline) = None;
    let stream = Events {
        rx: site.hub.subscribe(),
        tick: tokio::time::interval_at(Instant::now() + KEEP_ALIVE, KEEP_ALIVE),
        hello: false,
        _busy: busy,
        _slot: slot,
    };
    let mut res = Response::new(Either::Right(stream));
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The body of a live-reload stream.
struct Events {
    rx: mpsc::Receiver<String>,
    tick: tokio::time::Interval,
    hello: bool,
    _busy: Busy,
    _slot: OwnedSemaphorePermit,
}

impl Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let chunk = |s: String| Poll::Ready(Some(Ok(Frame::data(Bytes::from(s)))));
        if !self.hello {
            self.hello = true;
            return chunk(": connected\n\n".into());
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(data)) => return chunk(format!("data: {data}\n\n")),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match self.tick.poll_tick(cx) {
            Poll::Ready(_) => chunk(": keep-alive\n\n".into()),
            Poll::Pending => Poll::Pending,
        }
    }
}

type Page = (StatusCode, &'static str, Vec<u8>);

fn not_found() -> Page {
    (StatusCode::NOT_FOUND, "text/plain; charset=utf-8", b"not found\n".to_vec())
}

/// A file of the output; HTML gets the live-reload script. Only plain names
/// are followed: `..`, `.` and anything else that could leave `dist/` is
/// refused.
fn file(out: &Path, path: &str, token: &str) -> Page {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let rel: PathBuf = segments.iter().collect();
    let plain = segments.iter().all(|s| *s != ".." && *s != "." && !s.contains('\\'))
        && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return (StatusCode::BAD_REQUEST, "text/plain; charset=utf-8", b"bad path\n".to_vec());
    }
    let mut full = out.join(&rel);
    if full.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        full = full.join("index.html");
    }
    // Only what unisono wrote is served: nothing through a link planted in
    // the output folder (a committed `dist/x -> ~/.ssh/id_ed25519`).
    let Some(bytes) = crate::writer::read_own(out, &full.strip_prefix(out).unwrap_or(&full).to_string_lossy()) else {
        return not_found();
    };
    let ext = full.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = match ext {
        "html" => "text/html; charset=utf-8",
        "txt" | "md" | "srt" | "eml" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    };
    let body = if ext == "html" { inject(bytes, token) } else { bytes };
    (StatusCode::OK, kind, body)
}

fn inject(html: Vec<u8>, token: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    // The session token, for the review page's decision form.
    let meta = format!("<meta name=\"unisono-token\" content=\"{token}\">");
    let text = match text.find("</head>") {
        Some(i) if !token.is_empty() => format!("{}{meta}{}", &text[..i], &text[i..]),
        _ => text.into_owned(),
    };
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVE_RELOAD}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVE_RELOAD}").into_bytes(),
    }
}

/// 32 random bytes from the system, as hex.
fn session_token() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        // No /dev/urandom: the clock and the process, hashed (never empty).
        let seed = format!("{:?}{}", std::time::SystemTime::now(), std::process::id());
        return crate::fingerprint::of_bytes(seed.as_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The largest decision request body.
const MAX_DECISION_BYTES: usize = 64 * 1024;

/// What the review page's form sends.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Decision {
    id: String,
    locale: String,
    role: String,
    /// `approve` or `reject`.
    decision: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    claim: Option<String>,
}

/// `POST /_unisono/decide`: a decision from the review page, signed on
/// this machine with git's `user.signingkey` (ssh-agent, a security key)
/// and committed exactly as `unisono approve` / `reject` commit it. Only
/// with this session's token.
async fn decide(req: Request<Incoming>, site: &Site) -> Reply {
    use http_body_util::BodyExt;
    let given = req.headers().get("x-unisono-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    let same = given.len() == site.token.len()
        && given.bytes().zip(site.token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if !same {
        return refuse(StatusCode::FORBIDDEN, "a decision needs this session's token (reload the page)\n");
    }
    let body = http_body_util::Limited::new(req.into_body(), MAX_DECISION_BYTES);
    let Ok(collected) = body.collect().await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "the decision is too large\n");
    };
    let Ok(d) = serde_json::from_slice::<Decision>(&collected.to_bytes()) else {
        return refuse(StatusCode::BAD_REQUEST, "the decision is not {id, locale, role, decision, comment}\n");
    };
    let root = site.root.clone();
    let done = tokio::task::spawn_blocking(move || {
        let decision = match d.decision.as_str() {
            "approve" => crate::approval::record::Decision::Approved,
            "reject" => crate::approval::record::Decision::ChangesRequested,
            _ => return Err(Error::usage("the decision is `approve` or `reject`")),
        };
        let anchor = match (d.line, &d.claim) {
            (Some(n), _) => format!("line {n}"),
            (_, Some(c)) => format!("claim {c}"),
            _ => String::new(),
        };
        let ws = crate::workspace::Workspace::open(&root)?;
        crate::approve::decide(
            &ws,
            &crate::approve::Decide {
                decision,
                id: &d.id,
                locale: Some(&d.locale),
                role: Some(&d.role),
                key: None,
                comment: &d.comment,
                anchor: &anchor,
                // No terminal here: the key signs through the agent or a
                // security key, never with a passphrase typed into a page.
                prompt: &|| None,
            },
        )
    });
    match tokio::time::timeout(BUILD_TIMEOUT, done).await {
        Ok(Ok(Ok((records, oid)))) => {
            let paths: Vec<String> = records.iter().map(|r| r.path()).collect();
            let body = serde_json::json!({"commit": oid.to_string(), "records": paths});
            reply(StatusCode::OK, "application/json", body.to_string())
        }
        Ok(Ok(Err(e))) => {
            let status = if e.exit_code() == 1 { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
            let hint = e.help().map(|h| format!("\nWhat to do: {h}")).unwrap_or_default();
            reply(status, "text/plain; charset=utf-8", format!("{e}{hint}\n"))
        }
        _ => refuse(StatusCode::SERVICE_UNAVAILABLE, "signing took too long\n"),
    }
}

/// `/_unisono/diff/<locale>/<id>`: what changed since the last approval.
fn diff_page(root: &Path, rest: &str) -> Page {
    let mut parts = rest.split('/');
    let (Some(locale), Some(id)) = (parts.next(), parts.next()) else { return not_found() };
    let body = match crate::workspace::Workspace::open(root).and_then(|ws| crate::timeline::diff(&ws, id, locale)) {
        Ok(c) => {
            let since = c
                .since
                .map(|s| format!("since the approved commit {}", s.get(..12).unwrap_or(&s)))
                .unwrap_or_else(|| "never approved".into());
            let mut html = format!(
                "<h1>{} ({})</h1><p>Changes {since}.</p><h2>Source</h2><pre>{}</pre>",
                escape_html(id),
                escape_html(locale),
                escape_html(&c.source)
            );
            for (channel, diff) in &c.variants {
                html.push_str(&format!("<h2>{}</h2><pre>{}</pre>", escape_html(channel), mark(diff)));
            }
            html
        }
        Err(e) => format!("<p>{}</p>", escape_html(&e.to_string())),
    };
    let doc = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>diff {}</title><style>body{{font:15px/1.5 Arial,sans-serif;margin:1rem}}pre{{white-space:pre-wrap;background:#f0f4f8;padding:.5rem}}del{{background:#fce8e8}}ins{{background:#e3f9e5;text-decoration:none}}</style></head><body><main>{body}</main></body></html>",
        escape_html(id)
    );
    (StatusCode::OK, "text/html; charset=utf-8", inject(doc.into_bytes(), ""))
}

/// Word-diff markers as HTML `<del>`/`<ins>`.
fn mark(diff: &str) -> String {
    escape_html(diff).replace("[-", "<del>").replace("-]", "</del>").replace("{+", "<ins>").replace("+}", "</ins>")
}
