//! The preview server: `dist/` on 127.0.0.1, the review portal, each
//! variant, the diff since approval, and live reload by server-sent events.

use super::{Engine, Update};
use crate::Error;
use crate::render::text::escape_html;
use std::io::Read;
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

/// A server-sent event stream: one `data:` line per build, comments as
/// keep-alives so dead connections are noticed.
struct EventStream {
    rx: Receiver<String>,
    pending: Vec<u8>,
}

impl Read for EventStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pending.is_empty() {
            match self.rx.recv_timeout(Duration::from_secs(15)) {
                Ok(data) => self.pending = format!("data: {data}\n\n").into_bytes(),
                Err(mpsc::RecvTimeoutError::Timeout) => self.pending = b": keep-alive\n\n".to_vec(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

/// Serves `engine.out` on 127.0.0.1:`port` and rebuilds on every change,
/// calling `on_update` after each build. Runs until the process ends.
pub fn serve(mut engine: Engine, port: u16, on_update: &mut dyn FnMut(&Update)) -> Result<(), Error> {
    let first = engine.update(&[]);
    on_update(&first);
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        Error::Usage(format!("cannot listen on 127.0.0.1:{port}: {e}\n  = help: choose another --port"))
    })?;
    let addr = server.server_addr().to_ip().map(|a| a.to_string()).unwrap_or_default();
    println!("serving the review portal on http://{addr}/ (Ctrl-C to stop)");
    let hub = Hub::default();
    let out = engine.out.clone();
    let root = engine.ws.root.clone();
    let http_hub = hub.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (out, root, hub) = (out.clone(), root.clone(), http_hub.clone());
            std::thread::spawn(move || handle(request, &out, &root, &hub));
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

fn handle(request: tiny_http::Request, out: &Path, root: &Path, hub: &Hub) {
    let url = request.url().split('?').next().unwrap_or("/").to_string();
    let path = percent_decode(&url);
    let response = if path == "/_unisono/events" {
        let stream = EventStream { rx: hub.subscribe(), pending: b": connected\n\n".to_vec() };
        let headers = vec![header("Content-Type", "text/event-stream"), header("Cache-Control", "no-cache")];
        let _ = request.respond(tiny_http::Response::new(200.into(), headers, stream, None, None));
        return;
    } else if let Some(rest) = path.strip_prefix("/_unisono/diff/") {
        diff_page(root, rest)
    } else {
        file(out, &path)
    };
    let _ = request.respond(response);
}

fn header(k: &str, v: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("a valid header")
}

type Page = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn page(status: u16, content_type: &str, body: Vec<u8>) -> Page {
    tiny_http::Response::from_data(body).with_status_code(status).with_header(header("Content-Type", content_type))
}

/// A file of the output; HTML gets the live-reload script.
fn file(out: &Path, path: &str) -> Page {
    let rel: PathBuf = path.trim_start_matches('/').into();
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let mut full = out.join(&rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    let Some(bytes) = safe.then(|| std::fs::read(&full).ok()).flatten() else {
        return page(404, "text/plain; charset=utf-8", b"not found".to_vec());
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
    page(200, kind, body)
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
        return page(404, "text/plain; charset=utf-8", b"not found".to_vec());
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
    page(200, "text/html; charset=utf-8", inject(doc.into_bytes()))
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
