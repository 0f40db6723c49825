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
    r.approve_all();
    let run = r.run(&["send", "sample-welcome", "--to", "hcp@example.org"]);
    assert_eq!(run.code, 0, "{run:?}");
    let outbox: Vec<PathBuf> =
        std::fs::read_dir(r.ws.root.join("outbox")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(outbox.len(), 1);
    let eml = std::fs::read(&outbox[0]).unwrap();
    let msg = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert_eq!(msg.to().unwrap().first().unwrap().address(), Some("hcp@example.org"));
    let run = r.run(&["send", "sample-welcome", "--to", "hcp@example.org", "--smtp", "smtp+insecure://192.0.2.1:25"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("only to a server on this machine"), "{}", run.stderr);
    let run =
        r.run(&["send", "sample-welcome", "--to", "hcp@example.org", "--smtp", "smtps://user:secret@mail.example.org"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("UNISONO_SMTP_PASSWORD") && !run.stderr.contains("secret"), "{}", run.stderr);
}
