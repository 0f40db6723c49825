//! Publish, withdraw and send: only approved final forms ship, with a
//! manifest of what shipped; publish is all-or-nothing even when killed;
//! approved email goes through a real SMTP server on loopback.

use crate::common::review::Review;
use crate::common::{git, tree, unisono};
use mail_parser::MimeHeaders;
use serde_json::Value;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MSG: &str = "content/messages/sample-welcome.md";

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    format!("sha256:{}", d.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Checks that `out` holds exactly what its manifest says, byte for byte.
fn assert_complete(out: &Path) -> Value {
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    // The manifest's files, the manifest, and the marker of unisono's output.
    let mut listed = vec![PathBuf::from("manifest.json"), PathBuf::from(".unisono-output")];
    for v in manifest["variants"].as_array().unwrap() {
        for f in v["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            let bytes = std::fs::read(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(sha256(&bytes), f["sha256"].as_str().unwrap(), "{path}");
            listed.push(PathBuf::from(path));
        }
    }
    let mut on_disk: Vec<PathBuf> = tree(out).into_keys().collect();
    on_disk.sort();
    listed.sort();
    assert_eq!(on_disk, listed, "the output holds exactly the manifest's files");
    manifest
}

#[test]
fn publish_from_a_fresh_clone_ships_only_approved_variants() {
    let r = Review::new();
    r.approve_all();
    // A second message nobody approved.
    assert_eq!(r.run(&["new", "sample-second", "--product", "sample", "--locale", "en-GB"]).code, 0);
    r.ws.edit("content/messages/sample-second.md", "job_code: TODO-JOB-CODE", "job_code: UK-SA-0002");
    r.ws.commit("Second message");
    let clone = r.ws.root.parent().unwrap().join("clone");
    git(r.ws.root.parent().unwrap(), &["clone", "-q", r.ws.root.to_str().unwrap(), clone.to_str().unwrap()]);
    let out = r.ws.root.parent().unwrap().join("site");
    let run = unisono(&clone, &["publish", "--out", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let manifest = assert_complete(&out);
    assert_eq!(manifest["tool"], format!("unisono {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(manifest["commit"].as_str().unwrap(), git(&clone, &["rev-parse", "HEAD"]).trim());
    let variants = manifest["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 4, "the four approved variants of sample-welcome");
    for v in variants {
        assert_eq!(v["id"], "sample-welcome");
        assert_eq!(v["job_code"], "UK-SA-0001");
        assert_eq!(v["claims"], serde_json::json!(["SA-EFF-01", "SA-DOS-01"]));
        assert_eq!(v["references"], serde_json::json!(["REF-SAMPLE-2025", "REF-SMPC"]));
        let roles: Vec<&str> = v["approvals"].as_array().unwrap().iter().map(|a| a["role"].as_str().unwrap()).collect();
        assert_eq!(roles.len(), 3, "{roles:?}");
        assert!(v["approvals"][0]["key"].as_str().unwrap().starts_with("SHA256:"));
        assert!(v["expires"].as_str().unwrap().len() == 10);
    }
    let status = r.status_of("email");
    let email = variants.iter().find(|v| v["channel"] == "email").unwrap();
    assert_eq!(email["fingerprint"], status["fingerprint"], "the manifest carries the signed fingerprint");
    let left: Vec<&str> = manifest["left_out"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(left, ["sample-second"; 4], "what was left out, and why");
    assert!(manifest["left_out"][0]["status"] == "draft");
    let page = std::fs::read_to_string(out.join("en-GB/sample-welcome/landing/index.html")).unwrap();
    assert!(!page.contains("DRAFT"));
    assert!(!out.join("en-GB/sample-second").exists());
}

#[test]
fn uncommitted_changes_never_reach_the_output() {
    let r = Review::new();
    r.approve_all();
    r.ws.edit(MSG, "once-daily oral treatment", "uncommitted wording");
    let out = r.ws.root.parent().unwrap().join("site");
    let run = r.run(&["publish", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    let manifest = assert_complete(&out);
    assert_eq!(manifest["variants"].as_array().unwrap().len(), 4);
    let page = std::fs::read_to_string(out.join("en-GB/sample-welcome/landing/index.html")).unwrap();
    assert!(page.contains("once-daily oral treatment") && !page.contains("uncommitted wording"));
}

#[test]
fn require_all_refuses_and_writes_nothing() {
    let r = Review::new();
    r.approve("ana", "medical");
    let out = r.ws.root.parent().unwrap().join("site");
    let run = r.run(&["publish", "--require-all", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("partially-approved"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn an_interrupted_publish_leaves_the_previous_output_intact() {
    let r = Review::new();
    r.approve_all();
    let out = r.ws.root.parent().unwrap().join("site");
    assert_eq!(r.run(&["publish", "--out", out.to_str().unwrap()]).code, 0);
    let before = tree(&out);
    // The next revision withdraws the piece: publishing it would empty the site.
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("mira"), "--reason", "Superseded"]);
    assert_eq!(run.code, 0, "{run:?}");
    // Killed at the worst moment: the new output is written, not yet swapped in.
    let killed = r
        .ws
        .run_with_env(&["publish", "--out", out.to_str().unwrap()], &[("UNISONO_INTERRUPT", "publish-before-swap")]);
    assert_ne!(killed.code, 0, "the process died");
    assert_eq!(before, tree(&out), "the previous output is untouched");
    // Killed at random moments by SIGKILL: always old-and-complete or new-and-complete.
    for delay in [5u64, 40, 120, 300] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_unisono"))
            .args(["publish", "--out", out.to_str().unwrap()])
            .current_dir(&r.ws.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let m = assert_complete(&out);
        let n = m["variants"].as_array().unwrap().len();
        assert!(n == 4 || n == 0, "old or new, never a mix: {n}");
    }
    // A finished publish cleans up and ships the new state.
    let last = r.run(&["publish", "--out", out.to_str().unwrap()]);
    assert_eq!(last.code, 0, "{last:?}");
    let m = assert_complete(&out);
    assert_eq!(m["variants"].as_array().unwrap().len(), 0);
    assert_eq!(m["left_out"][0]["status"], "withdrawn");
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("unisono-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn withdraw_lists_every_published_artifact() {
    let r = Review::new();
    r.approve_all();
    assert_eq!(r.run(&["publish"]).code, 0, "default output: published/");
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("tom"), "--reason", "Claim SA-EFF-01 superseded"]);
    assert_eq!(run.code, 0, "{run:?}");
    let out = &run.stdout;
    assert!(out.contains("Pull these published artifacts from every channel:"), "{out}");
    for needle in [
        "en-GB edetail [slides, job code UK-SA-0001] — Veeva CLM key messages sample-welcome-en-GB-01-title.zip",
        "en-GB email [email, job code UK-SA-0001]",
        "en-GB landing [page",
        "en-GB video [video",
        "en-GB/sample-welcome/email/veeva-approved-email.html",
        "en-GB/sample-welcome/landing/index.html",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
    assert!(r.statuses().iter().all(|s| s["status"] == "withdrawn"));
}

/// An aiosmtpd handler that stores each message exactly as it came over the
/// wire (a Maildir would rewrite line endings).
const RAW_HANDLER: &str = r#"
import os, itertools

class Raw:
    def __init__(self, directory):
        self.directory = directory
        self.count = itertools.count()
        os.makedirs(os.path.join(directory, "new"), exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(*args)

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.directory, "new", "%06d.eml" % next(self.count))
        with open(name, "wb") as f:
            f.write(envelope.original_content)
        return "250 Message accepted for delivery"
"#;

/// A real SMTP server (aiosmtpd) on a free loopback port.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    fn start(dir: &Path) -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let maildir = dir.join("maildir");
        std::fs::write(dir.join("rawhandler.py"), RAW_HANDLER).unwrap();
        let mut child = Command::new("python3")
            .env("PYTHONPATH", dir)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "rawhandler.Raw"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr);
                panic!(
                    "the SMTP server (python3 -m aiosmtpd) ended ({status}): {stderr}\nthis test needs aiosmtpd: python3 -m pip install aiosmtpd (scripts/test installs it)"
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the SMTP server did not start (is aiosmtpd installed?)"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer { child, port, maildir }
    }

    fn url(&self) -> String {
        format!("smtp+insecure://127.0.0.1:{}", self.port)
    }

    /// The messages received so far.
    fn received(&self) -> Vec<Vec<u8>> {
        let dir = self.maildir.join("new");
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
        files.sort();
        files.iter().map(|f| std::fs::read(f).unwrap()).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn send_delivers_only_approved_email_through_smtp() {
    let r = Review::new();
    identify(&r);
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    let send = |extra: &[&str]| {
        let mut args = vec!["send", "sample-welcome", "--smtp"];
        let url = server.url();
        args.push(&url);
        args.extend_from_slice(extra);
        r.run(&args)
    };
    // Not approved: refused, nothing sent.
    let run = send(&["--to", "hcp@example.org"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("is draft, not approved"), "{}", run.stderr);
    // A draft test goes to reviewers only, marked as such.
    assert_eq!(send(&["--draft", "--to", "hcp@example.org"]).code, 1);
    let run = send(&["--draft", "--to", "tom@example.com"]);
    assert_eq!(run.code, 0, "{run:?}");
    r.approve_all();
    let run = send(&["--to", "Dr Jane Roe <jane.roe@example.org>"]);
    assert_eq!(run.code, 0, "{run:?}");
    let received = server.received();
    assert_eq!(received.len(), 2, "one draft test, one approved send");
    let draft = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(draft.subject(), Some("[DRAFT] Introducing Samplera for your patients"));
    let logs = send_logs(&r);
    assert_eq!(logs.len(), 2, "the draft test and the send are both logged");
    assert_eq!(logs.iter().filter(|(_, l)| l["draft"] == true).count(), 1);

    let msg = mail_parser::MessageParser::default().parse(&received[1]).unwrap();
    assert_eq!(msg.subject(), Some("Introducing Samplera for your patients"));
    assert_eq!(msg.to().unwrap().first().unwrap().address(), Some("jane.roe@example.org"));
    let ct = msg.content_type().unwrap();
    assert_eq!((ct.ctype(), ct.subtype()), ("multipart", Some("alternative")));
    let header = |name: &str| msg.header_raw(name).map(|h| h.trim().to_string());
    assert_eq!(header("List-Unsubscribe").as_deref(), Some("<https://samplera.example/uk/unsubscribe>"));
    assert_eq!(header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    // The HTML part is the approved variant, byte for byte.
    assert_eq!(r.run(&["build"]).code, 0);
    let approved = std::fs::read(r.ws.root.join("dist/en-GB/sample-welcome/email/index.html")).unwrap();
    let html = msg.html_part(0).unwrap();
    assert_eq!(html.contents(), approved.as_slice(), "the HTML part is byte-identical to the approved variant");
    let text = std::fs::read(r.ws.root.join("dist/en-GB/sample-welcome/email/body.txt")).unwrap();
    assert_eq!(msg.text_part(0).unwrap().contents(), text.as_slice());
}

#[test]
fn without_smtp_mail_goes_to_the_outbox_and_plain_smtp_stays_local() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let run = r.run(&["send", "sample-welcome", "--to", "hcp@example.org"]);
    assert_eq!(run.code, 0, "{run:?}");
    let outbox: Vec<PathBuf> =
        std::fs::read_dir(r.ws.root.join("outbox")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(outbox.len(), 1);
    let eml = std::fs::read(&outbox[0]).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert_eq!(msg.to().unwrap().first().unwrap().address(), Some("hcp@example.org"));
    let log = &send_logs(&r)[0].1;
    assert_eq!(log["transport"], "outbox/");
    let listed = log["recipients"][0]["outbox_file"].as_str().unwrap();
    assert_eq!(r.ws.root.join(listed), outbox[0]);
    assert_eq!(log["recipients"][0]["message_id"].as_str().unwrap(), message_id(&eml));
    let run = r.run(&["send", "sample-welcome", "--to", "hcp@example.org", "--smtp", "smtp+insecure://192.0.2.1:25"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("only to a server on this machine"), "{}", run.stderr);
    let run =
        r.run(&["send", "sample-welcome", "--to", "hcp@example.org", "--smtp", "smtps://user:secret@mail.example.org"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("UNISONO_SMTP_PASSWORD") && !run.stderr.contains("secret"), "{}", run.stderr);
}

/// Gives the workspace's git a sender: the send log records who sent.
fn identify(r: &Review) {
    git(&r.ws.root, &["config", "user.name", "Sam Sender"]);
    git(&r.ws.root, &["config", "user.email", "sam.sender@example.com"]);
}

/// The send logs under `sent/`, by path, parsed.
fn send_logs(r: &Review) -> Vec<(PathBuf, Value)> {
    let dir = r.ws.root.join("sent");
    let mut logs: Vec<(PathBuf, Value)> =
        tree(&dir).into_iter().map(|(p, b)| (p, serde_json::from_slice(&b).expect("a send log is JSON"))).collect();
    logs.sort_by(|a, b| a.0.cmp(&b.0));
    logs
}

fn message_id(eml: &[u8]) -> String {
    let msg = mail_parser::MessageParser::default().parse(eml).unwrap();
    format!("<{}>", msg.message_id().unwrap())
}

/// `UNISONO_NOW` an hour from now: two sends in the same second.
fn an_hour_from_now() -> String {
    let out = Command::new("date").args(["-u", "-d", "+1 hour", "+%Y-%m-%dT%H:%M:%SZ"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn smtp_to_a_server_without_starttls_says_to_use_insecure_on_loopback() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    let head = git(&r.ws.root, &["rev-parse", "HEAD"]);
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let run = r.run(&["send", "sample-welcome", "--to", "hcp@example.org", "--smtp", &url]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!run.stderr.contains("internal client error"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("the SMTP server at {url} does not offer STARTTLS")), "{}", run.stderr);
    assert!(
        run.stderr.contains("= help: ") && run.stderr.contains(&format!("smtp+insecure://127.0.0.1:{}", server.port)),
        "{}",
        run.stderr
    );
    assert!(server.received().is_empty());
    assert!(!r.ws.root.join("sent").exists(), "nothing sent, nothing logged");
    assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]), head);
}

#[test]
fn every_send_is_logged_and_committed_and_no_log_is_overwritten() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    let now = an_hour_from_now();
    let send = |to: &[&str]| {
        let url = server.url();
        let mut args = vec!["send", "sample-welcome", "--smtp", &url];
        for t in to {
            args.extend_from_slice(&["--to", t]);
        }
        r.ws.run_with_env(&args, &[("UNISONO_NOW", &now)])
    };
    // A dry run sends nothing and writes nothing.
    let before = (r.ws.tree(), git(&r.ws.root, &["rev-parse", "HEAD"]));
    let run = r.ws.run_with_env(
        &["send", "sample-welcome", "--smtp", &server.url(), "--to", "a@example.org", "--dry-run"],
        &[("UNISONO_NOW", &now)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("would send to a@example.org"), "{}", run.stdout);
    assert!(run.stdout.contains("nothing sent, nothing written"), "{}", run.stdout);
    assert_eq!((r.ws.tree(), git(&r.ws.root, &["rev-parse", "HEAD"])), before);
    assert!(server.received().is_empty());

    let run = send(&["a@example.org", "Dr B <b@example.org>"]);
    assert_eq!(run.code, 0, "{run:?}");
    let logs = send_logs(&r);
    assert_eq!(logs.len(), 1, "{logs:?}");
    let (path, log) = &logs[0];
    let compact = now.replace(['-', ':'], "");
    assert_eq!(path, Path::new(&format!("sample-welcome/en-GB/email/{compact}.json")));
    assert!(
        run.stdout.contains(&format!("send log: sent/sample-welcome/en-GB/email/{compact}.json")),
        "{}",
        run.stdout
    );
    // Committed, by the sender, with trailers; the tree is clean.
    let commit = git(&r.ws.root, &["log", "-1", "--format=%an <%ae>%n%B", "--name-only"]);
    assert!(
        commit.starts_with("Sam Sender <sam.sender@example.com>\nSend sample-welcome (en-GB) email to 2 recipient(s)"),
        "{commit}"
    );
    assert!(commit.contains(&format!("Unisono-Log: sent/sample-welcome/en-GB/email/{compact}.json")), "{commit}");
    assert_eq!(git(&r.ws.root, &["status", "--porcelain"]), "");
    // What was sent to whom, when, by whom, through what.
    assert_eq!(log["piece"], "sample-welcome");
    assert_eq!((log["locale"].as_str(), log["channel"].as_str()), (Some("en-GB"), Some("email")));
    assert_eq!(log["draft"], false);
    assert_eq!(log["sent_by"], "Sam Sender <sam.sender@example.com>");
    assert_eq!(
        log["from"],
        r.ws.read("content/products/sample.yaml")
            .lines()
            .find(|l| l.trim_start().starts_with("sender:"))
            .unwrap()
            .split_once("sender:")
            .unwrap()
            .1
            .trim()
    );
    assert_eq!(log["transport"], server.url());
    assert_eq!(log["started"], now);
    assert_eq!(log["subject"], "Introducing Samplera for your patients");
    assert_eq!(log["tool"], format!("unisono {}", env!("CARGO_PKG_VERSION")));
    let sent_from = git(&r.ws.root, &["rev-parse", "HEAD~1"]);
    assert_eq!(log["commit"].as_str().unwrap(), sent_from.trim(), "rendered from the commit before the log");
    // The fingerprint is the one the reviewers signed.
    let record = std::fs::read_to_string(r.record("medical")).unwrap();
    let fingerprint = log["fingerprint"].as_str().unwrap();
    assert!(record.contains(&format!("variant: email {fingerprint}\n")), "{fingerprint} not in:\n{record}");
    let received = server.received();
    assert_eq!(received.len(), 2);
    let entries = log["recipients"].as_array().unwrap();
    let tos: Vec<&str> = entries.iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(tos, ["a@example.org", "Dr B <b@example.org>"]);
    for (e, eml) in entries.iter().zip(&received) {
        assert_eq!(e["message_id"].as_str().unwrap(), message_id(eml));
        assert_eq!(e["source"], "--to");
        assert_eq!(e["salutation"], Value::Null);
    }

    // The same second again, and a file of somebody else's where the next
    // log would go: neither log is overwritten.
    let mine = r.ws.root.join(format!("sent/sample-welcome/en-GB/email/{compact}-2.json"));
    std::fs::write(&mine, "hand-written\n").unwrap();
    let first = std::fs::read(r.ws.root.join("sent").join(path)).unwrap();
    let run = send(&["c@example.org"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(std::fs::read(r.ws.root.join("sent").join(path)).unwrap(), first);
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "hand-written\n");
    let third: Value = serde_json::from_slice(
        &std::fs::read(r.ws.root.join(format!("sent/sample-welcome/en-GB/email/{compact}-3.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(third["recipients"][0]["to"], "c@example.org");
}

/// The approved parts of the email variant.
fn approved_parts(r: &Review) -> (String, String) {
    assert_eq!(r.run(&["build"]).code, 0);
    let dir = r.ws.root.join("dist/en-GB/sample-welcome/email");
    (std::fs::read_to_string(dir.join("index.html")).unwrap(), std::fs::read_to_string(dir.join("body.txt")).unwrap())
}

#[test]
fn recipients_from_a_file_are_greeted_by_name_in_the_approved_slot_only() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    let csv = r.ws.root.parent().unwrap().join("recipients.csv");
    std::fs::write(
        &csv,
        "email,title,last_name\njane.roe@example.org,Dr,Roe\nnobody@example.org,,\n\"o.brien@example.org\",Prof,\"O'Brien <b>&\"\nsam@example.org,,Smith\n",
    )
    .unwrap();
    let run = r.run(&["send", "sample-welcome", "--smtp", &server.url(), "--to-file", csv.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("sent to jane.roe@example.org via") && run.stdout.contains("(\"Dear Dr Roe,\")"),
        "{}",
        run.stdout
    );
    let (html, text) = approved_parts(&r);
    let greeting = "Dear Healthcare Professional,";
    assert_eq!(html.matches(greeting).count(), 1);
    let received = server.received();
    assert_eq!(received.len(), 4);
    let parts = |eml: &[u8]| {
        let msg = mail_parser::MessageParser::default().parse(eml).unwrap();
        (
            String::from_utf8(msg.html_part(0).unwrap().contents().to_vec()).unwrap(),
            String::from_utf8(msg.text_part(0).unwrap().contents().to_vec()).unwrap(),
        )
    };
    // Every byte but the salutation is the approved variant's.
    for (eml, html_said, text_said) in [
        (&received[0], "Dear Dr Roe,", "Dear Dr Roe,"),
        (&received[1], greeting, greeting),
        (&received[2], "Dear Prof O&#39;Brien &lt;b&gt;&amp;,", "Dear Prof O'Brien <b>&,"),
        (&received[3], "Dear Smith,", "Dear Smith,"),
    ] {
        let (h, t) = parts(eml);
        assert_eq!(h, html.replacen(greeting, html_said, 1));
        assert_eq!(t, text.replacen(greeting, text_said, 1));
    }
    let log = &send_logs(&r)[0].1;
    let entries = log["recipients"].as_array().unwrap();
    assert_eq!(entries[0]["salutation"], "Dear Dr Roe,");
    assert_eq!(entries[0]["source"], format!("{}:2", csv.display()));
    assert_eq!(entries[1]["salutation"], Value::Null);
    assert_eq!(log["recipients_file"]["path"], csv.display().to_string());
    assert_eq!(log["recipients_file"]["sha256"], sha256(&std::fs::read(&csv).unwrap()));
}

#[test]
fn a_hostile_or_malformed_recipients_file_sends_nothing() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    let csv = r.ws.root.parent().unwrap().join("recipients.csv");
    let head = git(&r.ws.root, &["rev-parse", "HEAD"]);
    let header = "email,title,last_name,hcp\nok@example.org,Dr,Fine,H1\n";
    let file = csv.display().to_string();
    for (body, said) in [
        // A header injected through a name.
        (
            format!("{header}evil@example.org,Dr,\"Roe\r\nBcc: victim@example.org\",H2\n"),
            format!("{file}:3: the `last_name`"),
        ),
        (
            format!("{header}evil@example.org,Dr,\"Roe\nBcc: victim@example.org\",H2\n"),
            format!("{file}:3: the `last_name`"),
        ),
        // Header injection through the address.
        (
            format!("{header}\"evil@example.org\r\nBcc: victim@example.org\",Dr,Roe,H2\n"),
            format!("{file}:3: the address"),
        ),
        // CSV injection.
        (
            format!("{header}x@example.org,\"=HYPERLINK(\"\"http://evil\"\")\",Roe,H2\n"),
            "begins like a spreadsheet formula".into(),
        ),
        (
            format!("{header}x@example.org,Dr,@SUM(A1),H2\n"),
            format!("{file}:3: the `last_name` \"@SUM(A1)\" begins like a spreadsheet formula"),
        ),
        // Malformed rows.
        (format!("{header}x@example.org,Dr\n"), format!("{file}:3: the row has 2 field(s), the header 4")),
        (format!("{header}not-an-address,Dr,Roe,H2\n"), format!("{file}:3: `not-an-address` is not an address")),
        (format!("{header}\nx@example.org,Dr,Roe\u{202e},H3\n"), "invisible or direction-changing".into()),
        (format!("{header}OK@example.org,,,\n"), format!("{file}:3: ok@example.org is also named at {file}:2")),
        ("mail,title\nx@example.org,Dr\n".into(), format!("{file}:1: unknown column `mail`")),
        ("title,last_name\nDr,Roe\n".into(), format!("{file}:1: the header has no `email` column")),
        (format!("{header}x@example.org,Dr,{},H2\n", "R".repeat(101)), format!("{file}:3: the `last_name`")),
    ] {
        std::fs::write(&csv, &body).unwrap();
        let run = r.run(&["send", "sample-welcome", "--smtp", &server.url(), "--to-file", &file]);
        assert_eq!(run.code, 2, "{body:?}: {run:?}");
        assert!(run.stderr.contains(&said), "{body:?}: expected {said:?} in {}", run.stderr);
    }
    // Not UTF-8.
    std::fs::write(&csv, b"email,title,last_name\nx@example.org,Dr,R\xf6e\n").unwrap();
    let run = r.run(&["send", "sample-welcome", "--smtp", &server.url(), "--to-file", &file]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&format!("{file}:2: the row is not UTF-8")), "{}", run.stderr);
    // Huge: refused before it is parsed.
    let mut huge = String::from("email,title,last_name\n");
    while huge.len() <= 17 << 20 {
        huge.push_str("someone.with.a.long.address@example.org,Dr,Somebody-Longname\n");
    }
    std::fs::write(&csv, &huge).unwrap();
    let run = r.run(&["send", "sample-welcome", "--smtp", &server.url(), "--to-file", &file]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("over 16 MiB"), "{}", run.stderr);
    assert!(server.received().is_empty(), "nothing was sent");
    assert!(!r.ws.root.join("sent").exists() && !r.ws.root.join("outbox").exists());
    assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]), head);
}

#[test]
fn suppressed_and_unsubscribed_recipients_never_receive_mail() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    // Committed, and one more line added in the work tree only.
    r.ws.write("content/suppression.txt", "# asked not to be mailed\nGone@Example.org\n");
    r.ws.commit("Suppression list");
    r.ws.write("content/suppression.txt", "# asked not to be mailed\nGone@Example.org\nlate@example.org  # today\n");
    let (_, diags) = r.ws.check();
    assert!(!diags.iter().any(|d| d["file"] == "content/suppression.txt"), "{diags:#?}");
    let dir = r.ws.root.parent().unwrap();
    std::fs::write(
        dir.join("interactions.csv"),
        "time,hcp,locale,message,channel,event,key_messages\n2026-01-05T09:00:00Z,HCP-7,en-GB,sample-welcome,email,unsubscribed,\n2026-01-05T09:00:00Z,HCP-8,en-GB,sample-welcome,email,opened,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("recipients.csv"),
        "email,last_name,hcp\ngone@example.org,Gone,HCP-1\nkeep@example.org,Keep,HCP-8\nunsub@example.org,Unsub,HCP-7\n",
    )
    .unwrap();
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = ["send", "sample-welcome", "--smtp", &server.url(), "--to-file", "../recipients.csv"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(["--interactions", "../interactions.csv", "--to", "late@example.org"].map(String::from));
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let dry = r.run(&args(&["--dry-run"]).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(dry.stdout.contains("would send to keep@example.org (\"Dear Keep,\")"), "{}", dry.stdout);
    assert!(
        !dry.stdout.contains("gone@") && !dry.stdout.contains("unsub@") && !dry.stdout.contains("late@"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("1 email(s)") && dry.stdout.contains("3 skipped"), "{}", dry.stdout);
    assert!(server.received().is_empty());
    let run = r.run(&args(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("skipped 3 suppressed or unsubscribed recipient(s)"), "{}", run.stdout);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let msg = mail_parser::MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(msg.to().unwrap().first().unwrap().address(), Some("keep@example.org"));
    let log = &send_logs(&r)[0].1;
    assert_eq!(log["suppressed"], 3);
    assert_eq!(log["recipients"].as_array().unwrap().len(), 1);
    // Everyone suppressed: nothing sent, nothing logged.
    let head = git(&r.ws.root, &["rev-parse", "HEAD"]);
    let run = r.run(&["send", "sample-welcome", "--smtp", &server.url(), "--to", "gone@example.org"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("nothing sent"), "{}", run.stdout);
    assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]), head);
    assert_eq!(server.received().len(), 1);
}

#[test]
fn the_sender_is_whom_git_names_from_git_config_global_or_git_committer_variables() {
    let r = Review::new();
    r.approve_all();
    let home = tempfile::tempdir().unwrap();
    let global = home.path().join("gitconfig");
    std::fs::write(&global, "[user]\n\tname = Gail Global\n\temail = gail@example.com\n").unwrap();
    let home_dir = home.path().display().to_string();
    let global_file = global.display().to_string();
    let send = |env: &[(&str, &str)]| {
        let mut all = vec![("HOME", home_dir.as_str()), ("XDG_CONFIG_HOME", home_dir.as_str())];
        all.extend_from_slice(env);
        r.ws.run_with_env(&["send", "sample-welcome", "--to", "hcp@example.org"], &all)
    };
    // No identity anywhere: refused before anything is sent.
    let run = send(&[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("git does not know who you are"), "{}", run.stderr);
    // `GIT_CONFIG_GLOBAL`, which `git commit` reads (libgit2 alone does not).
    let run = send(&[("GIT_CONFIG_GLOBAL", &global_file)]);
    assert_eq!(run.code, 0, "{run:?}");
    let author = || git(&r.ws.root, &["log", "-1", "--format=%an <%ae>|%s"]);
    assert!(author().starts_with("Gail Global <gail@example.com>|Send sample-welcome"), "{}", author());
    // `GIT_COMMITTER_NAME` and `GIT_COMMITTER_EMAIL` come first, as for git.
    let run = send(&[
        ("GIT_CONFIG_GLOBAL", &global_file),
        ("GIT_COMMITTER_NAME", "Carl Committer"),
        ("GIT_COMMITTER_EMAIL", "carl@example.com"),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(author().starts_with("Carl Committer <carl@example.com>|Send sample-welcome"), "{}", author());
    let mut senders: Vec<String> =
        send_logs(&r).iter().map(|(_, log)| log["sent_by"].as_str().unwrap().to_string()).collect();
    senders.sort();
    assert_eq!(senders, ["Carl Committer <carl@example.com>", "Gail Global <gail@example.com>"]);
}

#[test]
fn a_send_log_that_cannot_be_written_sends_nothing() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    let server = SmtpServer::start(r.ws.root.parent().unwrap());
    let head = git(&r.ws.root, &["rev-parse", "HEAD"]);
    let elsewhere = r.ws.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let sent = r.ws.root.join("sent");
    // `sent` a file of the user's, a link out of the workspace, and a link
    // further down: the log could not be written, so nothing goes out
    // (mail sent without its record is what a regulator asks about).
    let cases: [(&str, &dyn Fn()); 3] = [
        ("a file", &|| std::fs::write(&sent, "my notes\n").unwrap()),
        ("a link", &|| std::os::unix::fs::symlink(&elsewhere, &sent).unwrap()),
        ("a link inside", &|| {
            std::fs::create_dir_all(sent.join("sample-welcome")).unwrap();
            std::os::unix::fs::symlink(&elsewhere, sent.join("sample-welcome/en-GB")).unwrap();
        }),
    ];
    for (what, make) in cases {
        make();
        let run = r.run(&["send", "sample-welcome", "--smtp", &server.url(), "--to", "hcp@example.org"]);
        assert_eq!(run.code, 2, "{what}: {run:?}");
        assert!(run.stderr.contains("nothing was sent"), "{what}: {}", run.stderr);
        assert!(server.received().is_empty(), "{what}: mail went out without its send log");
        assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]), head, "{what}");
        assert!(tree(&elsewhere).is_empty(), "{what}: written through a link");
        let _ = std::fs::remove_file(&sent);
        let _ = std::fs::remove_dir_all(&sent);
    }
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_suppressed_address_is_suppressed_however_its_domain_is_written() {
    let r = Review::new();
    identify(&r);
    r.approve_all();
    // An internationalised domain, listed in Unicode; the CRM exports it in
    // its ASCII (punycode) form, or upper-case, or in full-width letters —
    // one mailbox each time.
    r.ws.write("content/suppression.txt", "gone@bücher.example\nleft@example.org\n");
    r.ws.commit("Suppression list");
    for to in ["gone@xn--bcher-kva.example", "Gone@BÜCHER.example", "left@ｅｘａｍｐｌｅ.org", "LEFT@EXAMPLE.ORG"]
    {
        let run = r.run(&["send", "sample-welcome", "--to", to, "--dry-run"]);
        assert_eq!(run.code, 0, "{to}: {run:?}");
        assert!(!run.stdout.contains("would send to"), "{to} is suppressed: {}", run.stdout);
        assert!(run.stdout.contains("1 skipped") || run.stdout.contains("nothing sent"), "{to}: {}", run.stdout);
    }
    // Plus-addressing is another mailbox: not suppressed.
    let run = r.run(&["send", "sample-welcome", "--to", "left+news@example.org", "--dry-run"]);
    assert!(run.stdout.contains("would send to left+news@example.org"), "{}", run.stdout);
}
