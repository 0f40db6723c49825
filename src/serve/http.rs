//! The preview server: `dist/` on 127.0.0.1, the review portal, each
//! variant, the diff since approval, and live reload by server-sent events.
//!
//! A deliberately small HTTP/1.1 server on `std::net`: one thread per
//! connection, GET only, `Connection: close`, loopback only. Events stream
//! on a connection of their own, flushed as they happen.

use super::{Engine, Update};
use crate::Error;
use crate::render::text::escape_html;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The script every served HTML page gets: reload when the build changes.
const LIVE_RELOAD: &str = "<script>(function(){var s=new EventSource('/_unisono/events');s.onmessage=function(){location.reload();};})();</script>";

/// Subscribers to build events.
#[derive(Clone, Default)]
pub struct Hub {
    clients: Arc<Mutex<Vec<Sender<String>>>>,
}

impl Hub {
    /// Tells every open page that the output changed.
    pub fn broadcast(&self, data: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(data.to_string()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        rx
    }
}

/// Serves `engine.out` on 127.0.0.1:`port` (0: any free port) and rebuilds
/// on every change, calling `on_update` after each build. Runs until the
/// process ends.
pub fn serve(mut engine: Engine, port: u16, on_update: &mut dyn FnMut(&Update)) -> Result<(), Error> {
    let first = engine.update(&[]);
    on_update(&first);
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        Error::Usage(format!("cannot listen on 127.0.0.1:{port}: {e}\n  = help: choose another --port"))
    })?;
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    println!("serving the review portal on http://{addr}/ (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    let hub = Hub::default();
    let (out, root, http_hub) = (engine.out.clone(), engine.ws.root.clone(), hub.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (out, root, hub) = (out.clone(), root.clone(), http_hub.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &out, &root, &hub);
            });
        }
    });
    super::watch(&mut engine, &mut |u| {
        on_update(u);
        if u.ok {
            hub.broadcast(&serde_json::to_string(&u.rendered).unwrap_or_default());
        }
        true
    })
}

fn handle(mut stream: TcpStream, out: &Path, root: &Path, hub: &Hub) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are read and ignored.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" {
        return respond(&mut stream, 405, "text/plain; charset=utf-8", b"GET only");
    }
    let path = percent_decode(target.split('?').next().unwrap_or("/"));
    if path == "/_unisono/events" {
        return events(stream, hub);
    }
    let (status, kind, body) =
        if let Some(rest) = path.strip_prefix("/_unisono/diff/") { diff_page(root, rest) } else { file(out, &path) };
    respond(&mut stream, status, kind, &body)
}

fn respond(stream: &mut TcpStream, status: u16, kind: &str, body: &[u8]) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

/// A server-sent event stream: one `data:` line per build, comments as
/// keep-alives so a closed page is noticed and dropped.
fn events(mut stream: TcpStream, hub: &Hub) -> std::io::Result<()> {
    let rx = hub.subscribe();
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n")?;
    stream.flush()?;
    loop {
        let chunk = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(data) => format!("data: {data}\n\n"),
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(chunk.as_bytes())?;
        stream.flush()?;
    }
}

type Page = (u16, &'static str, Vec<u8>);

/// A file of the output; HTML gets the live-reload script.
fn file(out: &Path, path: &str) -> Page {
    let rel: PathBuf = path.trim_start_matches('/').into();
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let mut full = out.join(&rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    let Some(bytes) = safe.then(|| std::fs::read(&full).ok()).flatten() else {
        return (404, "text/plain; charset=utf-8", b"not found".to_vec());
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
    let body = if ext == "html" { inject(bytes) } else { bytes };
    (200, kind, body)
}

fn inject(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{LIVE_RELOAD}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{LIVE_RELOAD}").into_bytes(),
    }
}

/// `/_unisono/diff/<locale>/<id>`: what changed since the last approval.
fn diff_page(root: &Path, rest: &str) -> Page {
    let mut parts = rest.split('/');
    let (Some(locale), Some(id)) = (parts.next(), parts.next()) else {
        return (404, "text/plain; charset=utf-8", b"not found".to_vec());
    };
    let body =
        match crate::workspace::Workspace::open(root).and_then(|ws| crate::approval::timeline::diff(&ws, id, locale)) {
            Ok(c) => {
                let since = c
                    .since
                    .map(|s| format!("since the approved commit {}", &s[..12]))
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
    (200, "text/html; charset=utf-8", inject(doc.into_bytes()))
}

/// Word-diff markers as HTML `<del>`/`<ins>`.
fn mark(diff: &str) -> String {
    escape_html(diff).replace("[-", "<del>").replace("-]", "</del>").replace("{+", "<ins>").replace("+}", "</ins>")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
