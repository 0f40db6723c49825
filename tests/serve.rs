//! `unisono serve` against hostile requests: the real binary on loopback,
//! spoken to over real sockets, byte by byte where a client library would
//! tidy the request up. Each attack found against the old hand-written
//! server is a test here, next to the behaviour the review portal needs.

use crate::common::{TempWorkspace, assert_same_as_fresh};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `unisono serve --port 0` in a sample workspace, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    ws: TempWorkspace,
}

impl Server {
    fn start() -> Server {
        Server::start_with_fd_limit(None)
    }

    /// With `ulimit -n` lowered to `limit` (the usual 1,024 of a desktop
    /// session), so running out of file descriptors is part of the test.
    fn start_with_fd_limit(limit: Option<u32>) -> Server {
        let ws = TempWorkspace::sample();
        let bin = env!("CARGO_BIN_EXE_unisono");
        let mut command = match limit {
            Some(n) => {
                let mut c = Command::new("sh");
                c.args(["-c", &format!("ulimit -n {n} && exec \"$0\" serve --port 0"), bin]);
                c
            }
            None => {
                let mut c = Command::new(bin);
                c.args(["serve", "--port", "0"]);
                c
            }
        };
        let mut child = command
            .current_dir(&ws.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start unisono serve");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let addr = loop {
            let line = lines.next().expect("serve printed its address").expect("read stdout");
            if let Some(rest) = line.strip_prefix("serving the review portal on http://") {
                break rest.split('/').next().expect("address").parse().expect("a socket address");
            }
        };
        // Keep reading the server's output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr, ws }
    }

    /// A request as raw bytes; the response, or `None` when the server
    /// closed the connection without one.
    fn raw(&self, request: &[u8]) -> Option<Response> {
        let mut stream = self.connect();
        stream.write_all(request).ok()?;
        read_response(&mut stream)
    }

    /// `GET path` with this server's own Host and nothing else odd.
    fn get(&self, path: &str) -> Response {
        self.get_with(path, &format!("127.0.0.1:{}", self.addr.port()), "")
    }

    /// `GET path` with the given Host and extra header lines.
    fn get_with(&self, path: &str, host: &str, headers: &str) -> Response {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n");
        self.raw(request.as_bytes()).unwrap_or_else(|| panic!("no response to GET {path}"))
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("read timeout");
        stream.set_write_timeout(Some(Duration::from_secs(5))).expect("write timeout");
        stream
    }

    /// The server's resident memory in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("proc status");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number")
    }

    /// CPU time the server has used, in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).expect("proc stat");
        // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
        let after = &stat[stat.rfind(')').expect("comm") + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one response up to the end of the connection (requests here say
/// `Connection: close`); `None` if nothing came back.
fn read_response(stream: &mut TcpStream) -> Option<Response> {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            // A reset after the response (the server closed with our request unread) ends it too.
            Err(_) => break,
        }
    }
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some(Response { status, head, body: bytes[end + 4..].to_vec() })
}

#[test]
fn raw_bytes_in_the_request_target_are_refused_and_the_server_lives_on() {
    let server = Server::start();
    let host = format!("Host: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", server.addr.port());
    for target in [&b"/%a\xc3\xa9x"[..], b"/\xff\xfe", b"/%C3", b"/%ff%fe/index.html", b"/index.html%00.png", b"/%"] {
        let request = [b"GET ", target, b" HTTP/1.1\r\n", host.as_bytes()].concat();
        let response = server.raw(&request);
        let status = response.as_ref().map(|r| r.status);
        assert!(
            matches!(status, Some(400 | 404)),
            "GET {} got {response:?}, want 400 or 404",
            String::from_utf8_lossy(target)
        );
    }
    assert_eq!(server.get("/").status, 200, "the server stopped answering");
}

#[test]
fn only_requests_for_this_machine_are_answered() {
    let server = Server::start();
    let port = server.addr.port();
    for host in ["evil.example", &format!("evil.example:{port}"), "localhost:1", "127.0.0.1.evil.example", "10.0.0.1"] {
        let r = server.get_with("/", host, "");
        assert!(matches!(r.status, 421 | 403), "Host: {host} got {}", r.status);
        assert!(!r.text().contains("<html"), "Host: {host} got the portal");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}"), "LocalHost".into()]
    {
        assert_eq!(server.get_with("/", &host, "").status, 200, "Host: {host}");
    }
    // HTTP/1.0 without Host, and an absolute target naming another host.
    let r = server.raw(b"GET / HTTP/1.0\r\n\r\n").expect("a response");
    assert_eq!(r.status, 400, "{r:?}");
    let absolute = format!("GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert!(matches!(server.raw(absolute.as_bytes()).map(|r| r.status), Some(421 | 403 | 400)));
}

#[test]
fn other_sites_pages_are_refused() {
    let server = Server::start();
    let port = server.addr.port();
    let local = format!("127.0.0.1:{port}");
    for origin in ["http://evil.example", "null", &format!("http://localhost:{}", port ^ 1), "https://127.0.0.1"] {
        let r = server.get_with("/", &local, &format!("Origin: {origin}\r\n"));
        assert_eq!(r.status, 403, "Origin: {origin}");
    }
    for origin in [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")] {
        let r = server.get_with("/", &local, &format!("Origin: {origin}\r\n"));
        assert_eq!(r.status, 200, "Origin: {origin}");
    }
}

#[test]
fn an_oversized_request_head_is_431() {
    let server = Server::start();
    let big = "a".repeat(20 * 1024);
    let r = server.get_with("/", &format!("127.0.0.1:{}", server.addr.port()), &format!("X-Big: {big}\r\n"));
    assert_eq!(r.status, 431, "{r:?}");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn an_endless_header_costs_no_memory() {
    let server = Server::start();
    assert_eq!(server.get("/").status, 200);
    let before = server.rss_kib();
    let mut stream = server.connect();
    let mut sent = 0usize;
    let chunk = vec![b'a'; 256 * 1024];
    let started = Instant::now();
    let _ = stream.write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Big: ", server.addr.port()).as_bytes());
    // Up to 64 MB, until the server stops taking it.
    while sent < 64 << 20 && started.elapsed() < Duration::from_secs(10) {
        if stream.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let response = read_response(&mut stream);
    if let Some(r) = &response {
        assert_eq!(r.status, 431, "{r:?}");
    }
    let grown = server.rss_kib().saturating_sub(before);
    assert!(grown < 16 * 1024, "the server grew by {grown} KiB reading a {sent}-byte header");
    assert!(sent < 32 << 20, "the server read {sent} bytes of one header");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn idle_connections_do_not_starve_a_request() {
    // The adversary's 1,100 idle sockets, against a server with the usual
    // 1,024 file descriptors.
    let server = Server::start_with_fd_limit(Some(1024));
    let mut idle = Vec::new();
    let opening = Instant::now();
    while idle.len() < 1100 && opening.elapsed() < Duration::from_secs(15) {
        match TcpStream::connect_timeout(&server.addr, Duration::from_secs(5)) {
            Ok(s) => idle.push(s),
            Err(_) => break,
        }
    }
    assert!(idle.len() > 1024, "opened only {} connections", idle.len());
    let cpu = server.cpu_ticks();
    let started = Instant::now();
    let r = server.get("/");
    assert_eq!(r.status, 200);
    assert!(started.elapsed() < Duration::from_secs(3), "answered after {:?}", started.elapsed());
    // Nothing to do now: the server must not spin.
    std::thread::sleep(Duration::from_millis(500));
    let ticks_per_second = 100; // USER_HZ on Linux
    let used = server.cpu_ticks() - cpu;
    assert!(used < ticks_per_second / 4, "the server used {used} ticks of CPU while idle");
    drop(idle);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn silent_and_idle_connections_are_closed_after_a_few_seconds() {
    let server = Server::start();
    // One that never sends a request, one left open after a response (keep-alive).
    let silent = server.connect();
    let mut kept = server.connect();
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.addr.port());
    kept.write_all(request.as_bytes()).expect("send");
    let started = Instant::now();
    for (name, mut stream) in [("silent", silent), ("kept-alive", kept)] {
        stream.set_read_timeout(Some(Duration::from_secs(9))).expect("read timeout");
        let mut buf = [0u8; 16 * 1024];
        // Read the response (if any) until the server closes.
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
        let after = started.elapsed();
        assert!(after < Duration::from_secs(8), "the {name} connection was still open after {after:?}");
    }
}

#[test]
fn paths_never_leave_dist() {
    let server = Server::start();
    server.ws.write("secret.txt", "not for the browser");
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/en-GB/../../secret.txt",
        "/en-GB/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/./index.html",
    ] {
        let r = server.get(target);
        assert!(matches!(r.status, 400 | 404), "GET {target} got {}", r.status);
        assert!(!r.text().contains("not for the browser") && !r.text().contains("root:"), "GET {target} leaked");
    }
}

#[cfg(unix)]
#[test]
fn nothing_is_served_through_a_link_planted_in_dist() {
    let server = Server::start();
    server.ws.write("secret.txt", "not for the browser");
    let dist = server.ws.root.join("dist");
    std::os::unix::fs::symlink(server.ws.root.join("secret.txt"), dist.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(server.ws.root.join("content"), dist.join("src")).unwrap();
    for target in ["/leak.txt", "/src/claims.yaml"] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "GET {target}");
        assert!(!r.text().contains("not for the browser") && !r.text().contains("claims:"), "GET {target} leaked");
    }
    assert_eq!(server.get("/").status, 200, "the portal itself is served");
}

#[test]
fn only_get_and_head() {
    let server = Server::start();
    let port = server.addr.port();
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE"] {
        let request =
            format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let r = server.raw(request.as_bytes()).expect("a response");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let head = format!("HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let r = server.raw(head.as_bytes()).expect("a response");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty(), "HEAD got a body");
    let length: usize = r.header("content-length").and_then(|l| l.parse().ok()).expect("a length");
    assert_eq!(length, server.get("/").body.len());
}

#[test]
fn the_portal_variants_and_diffs_are_served_as_before() {
    let server = Server::start();
    let portal = server.get("/");
    assert_eq!(portal.status, 200);
    assert_eq!(portal.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(portal.header("cache-control"), Some("no-store"));
    let html = portal.text();
    assert!(html.contains("<script>") && html.contains("/_unisono/events"), "no live-reload script");
    assert!(html.find("/_unisono/events") < html.rfind("</body>"), "the script is not inside the body");
    // A folder is its index.html.
    let landing = server.get("/en-GB/sample-welcome/landing/");
    assert_eq!(landing.status, 200);
    assert!(landing.text().contains("/_unisono/events"));
    for (path, kind) in [
        ("/en-GB/sample-welcome/email/body.txt", "text/plain; charset=utf-8"),
        ("/en-GB/sample-welcome/video/captions.vtt", "text/vtt; charset=utf-8"),
        ("/en-GB/sample-welcome/edetail/clm/sample-welcome-en-GB-01-title.zip", "application/zip"),
    ] {
        let r = server.get(path);
        assert_eq!((r.status, r.header("content-type")), (200, Some(kind)), "{path}");
        assert!(!r.text().contains("/_unisono/events"), "{path} got the script");
        assert_eq!(r.body, std::fs::read(server.ws.root.join("dist").join(&path[1..])).expect("the file"), "{path}");
    }
    // Percent-encoded names are decoded.
    assert_eq!(server.get("/en-GB/sample-welcome/email/body%2Etxt").status, 200);
    assert_eq!(server.get("/nothing-here.html").status, 404);
    let diff = server.get("/_unisono/diff/en-GB/sample-welcome");
    assert_eq!(diff.status, 200);
    assert!(diff.text().contains("never approved"), "{}", diff.text());
}

#[test]
fn live_reload_streams_builds_and_ends_with_the_page() {
    let server = Server::start();
    let port = server.addr.port();
    let open = || {
        let mut stream = server.connect();
        let request = format!("GET /_unisono/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut seen = String::new();
        let mut buf = [0u8; 4096];
        while !seen.contains(": connected") {
            let n = stream.read(&mut buf).expect("the stream");
            assert!(n > 0, "the stream ended: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
        assert!(seen.to_ascii_lowercase().contains("content-type: text/event-stream"), "{seen}");
        stream
    };
    // Pages that were closed free their stream: more than the cap, one after another.
    for _ in 0..40 {
        drop(open());
    }
    let mut stream = open();
    server.ws.edit(
        "content/messages/sample-welcome.md",
        "once-daily oral treatment",
        "once-daily oral tablet treatment",
    );
    let started = Instant::now();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("data: ") && started.elapsed() < Duration::from_secs(15) {
        match stream.read(&mut buf) {
            Ok(0) => panic!("the stream ended: {seen}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(_) => {}
        }
    }
    assert!(seen.contains("data: ") && seen.contains("sample-welcome"), "no build event: {seen}");
}

#[test]
fn saving_a_hostile_file_never_kills_the_server() {
    let mut server = Server::start();
    let message = "content/messages/sample-welcome.md";
    let good = server.ws.read(message);
    // Markdown nested 4,000 deep (once a stack overflow), then a NUL byte,
    // then a year-9999 launch date (once an endless loop).
    let hostile = [format!("{good}\n{}deep\n", "> ".repeat(4000)), good.replacen("# ", "# \0", 1), good.clone()];
    server.ws.edit("content/products/sample.yaml", "launched: ", "launched: 9999-01-01\n#");
    for text in &hostile {
        server.ws.write(message, text);
        std::thread::sleep(Duration::from_millis(400));
        assert!(server.child.try_wait().expect("poll").is_none(), "serve died");
        assert_eq!(server.get("/").status, 200);
    }
}

/// `unisono watch` in a sample workspace, stdout and stderr in one pipe (in
/// the order written), its lines arriving on a channel; killed when dropped.
struct Watch {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
    ws: TempWorkspace,
}

impl Watch {
    fn start() -> Watch {
        let ws = TempWorkspace::sample();
        let mut child = Command::new("sh")
            .args(["-c", "exec \"$0\" watch 2>&1", env!("CARGO_BIN_EXE_unisono")])
            .current_dir(&ws.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start unisono watch");
        let (tx, lines) = std::sync::mpsc::channel();
        let out = BufReader::new(child.stdout.take().expect("stdout"));
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let w = Watch { child, lines, ws };
        w.until(|l| l.starts_with("watching "), Duration::from_secs(60));
        w
    }

    /// The lines up to and including the first that `stop` accepts.
    fn until(&self, stop: impl Fn(&str) -> bool, limit: Duration) -> Vec<String> {
        let started = Instant::now();
        let mut seen = Vec::new();
        loop {
            let left = limit.checked_sub(started.elapsed()).unwrap_or_else(|| panic!("waited {limit:?}: {seen:#?}"));
            let line = self.lines.recv_timeout(left).unwrap_or_else(|_| panic!("waited {limit:?}: {seen:#?}"));
            let done = stop(&line);
            seen.push(line);
            if done {
                return seen;
            }
        }
    }

    /// The lines of one rebuild: up to its result, and the variants listed after it.
    fn rebuild(&self) -> Vec<String> {
        let mut lines =
            self.until(|l| l.contains("variant(s) rendered") || l.contains("not rendered"), Duration::from_secs(30));
        lines.extend(self.drain(Duration::from_millis(300)));
        lines
    }

    /// Every line printed within `quiet`.
    fn drain(&self, quiet: Duration) -> Vec<String> {
        let mut seen = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(quiet) {
            seen.push(line);
        }
        seen
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_ignores_editor_temp_files_and_groups_each_save_under_its_name() {
    let w = Watch::start();
    w.drain(Duration::from_millis(500));
    // What editors and tools write beside a file: none of it is read.
    for scratch in [
        "content/messages/sedw1RelO",
        "content/messages/4913",
        "content/messages/.sample-welcome.md.swp",
        "content/messages/.sample-welcome.md.swx",
        "content/messages/sample-welcome.md~",
        "content/messages/#sample-welcome.md#",
        "content/messages/.#sample-welcome.md",
        "content/messages/sample-welcome.md.tmp",
        "content/messages/sample-welcome.md___jb_tmp___",
        "content/messages/.sample-welcome.md.kate-swp",
        "content/messages/notes.txt",
        "content/products/sample.yaml.bak",
        "templates/4913",
        "templates/.email.mjml.tera.swp",
        "templates/email.mjml.tera~",
        "journeys/draft.yaml.orig",
    ] {
        w.ws.write(scratch, "scratch\n");
    }
    let quiet = w.drain(Duration::from_millis(1500));
    assert!(quiet.is_empty(), "temp files started a rebuild: {quiet:#?}");

    // A real `sed -i` (a temp file `sedXXXXXX`, renamed over the message):
    // one rebuild, under the message's name only.
    let sed = Command::new("sed")
        .args([
            "-i",
            "s/once-daily oral treatment/once-daily oral tablet treatment/",
            "content/messages/sample-welcome.md",
        ])
        .current_dir(&w.ws.root)
        .status()
        .expect("sed");
    assert!(sed.success());
    let first = w.rebuild();
    let header = first.iter().find(|l| l.starts_with("── ")).unwrap_or_else(|| panic!("no header: {first:#?}"));
    assert!(header.starts_with("── content/messages/sample-welcome.md saved ("), "{header}");
    assert!(header.ends_with(" UTC) ──") && !header.contains("sed"), "{header}");
    assert!(first.iter().any(|l| l.trim() == "en-GB/sample-welcome/email"), "{first:#?}");

    // A save with a finding: the finding sits under that save's header,
    // before its result; the next save has its own header and none.
    w.ws.edit("content/messages/sample-welcome.md", "is a once-daily", "is a guaranteed once-daily");
    let second = w.rebuild();
    let at = |needle: &str| second.iter().position(|l| l.contains(needle));
    let head = at("── content/messages/sample-welcome.md saved (").unwrap_or_else(|| panic!("{second:#?}"));
    let finding = at("error[absolute-claim]").unwrap_or_else(|| panic!("no finding: {second:#?}"));
    let location = at("--> content/messages/sample-welcome.md:").unwrap_or_else(|| panic!("{second:#?}"));
    let result = at("variant(s) rendered").unwrap();
    assert!(head < finding && finding < location && location < result, "{second:#?}");
    w.ws.edit("content/claims.yaml", "Samplera reduced", "Samplera  reduced");
    let third = w.rebuild();
    assert!(third[0].starts_with("── content/claims.yaml saved ("), "{third:#?}");
    assert!(!third.iter().any(|l| l.contains("absolute-claim")), "{third:#?}");
    // Removing a message is a change too, named as such.
    // Messages filed in folders named by year or number are messages: the
    // scratch names are file names, never folder names.
    std::fs::create_dir_all(w.ws.root.join("content/messages/2026")).unwrap();
    w.drain(Duration::from_millis(500));
    let moved = w.ws.root.join("content/messages/2026/sample-welcome.md");
    std::fs::rename(w.ws.root.join("content/messages/sample-welcome.md"), &moved).unwrap();
    let fourth = w.rebuild();
    assert!(fourth.iter().any(|l| l.contains("content/messages/2026/sample-welcome.md saved")), "{fourth:#?}");
    std::fs::write(&moved, std::fs::read_to_string(&moved).unwrap().replace("oral tablet", "oral")).unwrap();
    let fifth = w.rebuild();
    assert!(fifth[0].starts_with("── content/messages/2026/sample-welcome.md saved ("), "{fifth:#?}");
    std::fs::write(w.ws.root.join("content/messages/2026/4913"), "scratch\n").unwrap();
    let quiet = w.drain(Duration::from_millis(1500));
    assert!(quiet.is_empty(), "a temp file in a dated folder started a rebuild: {quiet:#?}");
    std::fs::remove_file(&moved).unwrap();
    let sixth = w.rebuild();
    assert!(sixth.iter().any(|l| l.starts_with("── content/messages/2026/sample-welcome.md removed (")), "{sixth:#?}");
}

#[test]
fn watch_output_equals_a_fresh_build_after_every_kind_of_save() {
    let w = Watch::start();
    let ws = &w.ws;
    // The folder a message moves into later (its own event is not a save).
    std::fs::create_dir_all(ws.root.join("content/messages/2026")).unwrap();
    w.drain(Duration::from_millis(1500));
    let msg = "content/messages/sample-welcome.md";
    let original = ws.read(msg);
    let rebuilt = |step: &str| {
        let lines = w.rebuild();
        assert!(lines.iter().any(|l| l.contains("variant(s) rendered")), "{step}: {lines:#?}");
        w.drain(Duration::from_millis(300));
        assert_same_as_fresh(ws, step);
    };
    ws.edit(msg, "for adults.", "for adults with a first edit.");
    rebuilt("an edit");
    // A save that does not parse, then the fix with another edit.
    ws.write(msg, original.replacen("---\n", "---\nid: [broken\n", 1));
    let refused = w.rebuild();
    assert!(refused.iter().any(|l| l.contains("not rendered")), "{refused:#?}");
    ws.write(msg, original.replace("for adults.", "for adults, fixed."));
    rebuilt("the fix");
    // Back to the very bytes the cache holds from the first load.
    ws.write(msg, &original);
    rebuilt("the original again");
    // A second message, moved into a folder, then deleted.
    let other = "content/messages/sample-second.md";
    let second = original.replace("id: sample-welcome", "id: sample-second").replace("for adults.", "for adults (2).");
    ws.write(other, &second);
    rebuilt("a second message");
    std::fs::rename(ws.root.join(other), ws.root.join("content/messages/2026/sample-second.md")).unwrap();
    rebuilt("a move into a folder");
    std::fs::remove_file(ws.root.join("content/messages/2026/sample-second.md")).unwrap();
    rebuilt("a delete");
    // The shared inputs: the product's ISI, the claims, the glossary.
    ws.edit("content/products/sample.yaml", "contraindicated in patients with", "contraindicated in all patients with");
    rebuilt("the product");
    ws.edit("content/claims.yaml", "with or without food.", "with or without a meal.");
    rebuilt("a claim");
    // A glossary term the message now uses: its review page shows the finding.
    ws.edit("content/glossary.yaml", "banned: [game-changer, miracle]", "banned: [game-changer, miracle, adults]");
    rebuilt("the glossary");
    // A template: ejected, edited, broken, mended (watch keeps compiled
    // templates between saves that touch none).
    let template = "templates/email.txt.tera";
    ws.eject("email.txt.tera");
    rebuilt("an ejected template");
    let text = ws.read(template);
    ws.write(template, format!("Edited template line.\n{text}"));
    rebuilt("a template edit");
    ws.write(template, format!("{{% if %}}\n{text}"));
    let broken = w.rebuild();
    assert!(broken.iter().any(|l| l.contains("not rendered")), "{broken:#?}");
    ws.edit(msg, "for adults", "for adults while the template is broken");
    let still = w.rebuild();
    assert!(still.iter().any(|l| l.contains("not rendered")), "a message save keeps the template's error: {still:#?}");
    ws.write(template, format!("Mended template line.\n{text}"));
    rebuilt("the template mended");
    let body = ws.read("dist/en-GB/sample-welcome/email/body.txt");
    assert!(body.contains("Mended template line."), "{body}");
}
