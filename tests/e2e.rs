//! End to end in a real browser: `unisono serve` on loopback, the review
//! portal in headless Chromium (driven by Playwright), an edit to a message
//! file, and the open page updating by itself. Needs Debian's `chromium` and
//! `npm install` in tests/e2e (`.ci/run` does both).

use crate::common::TempWorkspace;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// `node`, once the tools of the browser tests are there; otherwise the
/// test fails saying what is missing (never passes without them).
fn node() -> Command {
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "the browser tests need Playwright's driver: run `npm ci` in tests/e2e (scripts/test does), and Debian's chromium"
    );
    Command::new("node")
}

#[test]
fn a_writer_sees_every_channel_update_in_the_browser() {
    let ws = TempWorkspace::sample();
    let mut server = Command::new(env!("CARGO_BIN_EXE_unisono"))
        .args(["serve", "--port", "0"])
        .current_dir(&ws.root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start unisono serve");
    let stdout = server.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving the review portal on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep reading the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let out = node().arg(e2e.join("portal.mjs")).arg(&url).arg(&ws.root).current_dir(&e2e).output();
    let _ = server.kill();
    let _ = server.wait();
    let out = out.expect("node (install Node.js and run `npm install` in tests/e2e)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stdout.contains("e2e: ok"), "browser test failed:\n{stdout}\n{stderr}");
}

/// Runs review.mjs against `url`; the commit it reports.
fn decide_in_browser(url: &str, args: &[&str]) -> String {
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let out = node().arg(e2e.join("review.mjs")).arg(url).args(args).current_dir(&e2e).output();
    let out = out.expect("node (install Node.js and run `npm install` in tests/e2e)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "browser test failed:\n{stdout}\n{stderr}");
    stdout.trim().strip_prefix("e2e: committed: ").unwrap_or_else(|| panic!("{stdout}")).to_string()
}

#[test]
fn a_reviewer_decides_in_the_browser_with_the_key_in_ssh_agent() {
    use crate::common::git;
    let r = crate::common::review::Review::new();
    let agent = Command::new("ssh-agent").arg("-s").output().expect("ssh-agent");
    let text = String::from_utf8_lossy(&agent.stdout).to_string();
    let var =
        |name: &str| text.split(&format!("{name}=")).nth(1).and_then(|r| r.split(';').next()).unwrap().to_string();
    let (sock, pid) = (var("SSH_AUTH_SOCK"), var("SSH_AGENT_PID"));
    struct Kill(String);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = Command::new("kill").arg(&self.0).status();
        }
    }
    let _agent = Kill(pid);
    for who in ["tom", "ana"] {
        let out = Command::new("ssh-add").arg(r.key(who)).env("SSH_AUTH_SOCK", &sock).output().unwrap();
        assert!(out.status.success());
    }
    let literal =
        |who: &str| format!("key::{}", std::fs::read_to_string(format!("{}.pub", r.key(who))).unwrap().trim());
    git(&r.ws.root, &["config", "user.signingkey", &literal("tom")]);
    let mut server = Command::new(env!("CARGO_BIN_EXE_unisono"))
        .args(["serve", "--port", "0"])
        .current_dir(&r.ws.root)
        .env("SSH_AUTH_SOCK", &sock)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start unisono serve");
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving the review portal on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let page = format!("{url}_review/en-GB/sample-welcome.html");
    // Legal requests changes, anchored at line 21: signed by the key in the agent.
    let commit = decide_in_browser(&page, &["legal", "reject", "Qualify once-daily here.", "21"]);
    assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]).trim(), commit);
    let status = r.run(&["status"]).stdout;
    assert!(status.contains("changes requested by Tom (legal)") && status.contains("at line 21"), "{status}");
    let check = r.run(&["check", "--format", "json"]).json();
    let note = check["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "review-comment").cloned();
    assert_eq!(note.map(|d| d["line"].clone()), Some(serde_json::json!(21)));
    // Medical approves, with Ana's key in the agent, commenting on a claim.
    git(&r.ws.root, &["config", "user.signingkey", &literal("ana")]);
    let commit = decide_in_browser(&page, &["medical", "approve", "Matches the CSR.", "SA-EFF-01"]);
    assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]).trim(), commit);
    let record = git(&r.ws.root, &["show", "--format=", "--name-only", "HEAD"]);
    let record = record.lines().find(|l| l.ends_with(".txt")).unwrap();
    assert!(r.ws.read(record).contains("\nanchor: claim SA-EFF-01\n"), "{}", r.ws.read(record));
    let s = r.status_of("email");
    assert_eq!(s["approvals"][0]["role"], "medical", "{s:#}");
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn every_example_slide_fits_its_canvas() {
    let ws = crate::build::example_built();
    let decks: Vec<std::path::PathBuf> = walkdir::WalkDir::new(ws.root.join("dist"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.ends_with("edetail/index.html"))
        .collect();
    assert!(decks.len() >= 8, "{decks:?}");
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let out = node().arg(e2e.join("slides.mjs")).args(&decks).current_dir(&e2e).output();
    let out = out.expect("node (install Node.js and run `npm install` in tests/e2e)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stdout.contains("e2e: ok"), "slides that do not fit:\n{stdout}\n{stderr}");
    let n: usize = stdout.trim().trim_start_matches("e2e: ok ").trim_end_matches(" slides").parse().unwrap();
    assert!(n >= 6 * decks.len(), "{n} slides in {} decks", decks.len());
}

#[test]
fn a_long_isi_runs_over_several_safety_slides_that_fit() {
    let ws = TempWorkspace::sample();
    let product = ws.read("content/products/sample.yaml");
    let isi_start = "    isi: |\n";
    let at = product.find(isi_start).unwrap() + isi_start.len();
    let para = "      Warnings and precautions. Samplera may cause dizziness; patients should not drive or use machines until they know how it affects them. Monitor renal function in elderly patients and in those with moderate impairment, and adjust the dose as the SmPC describes.\n\n";
    ws.write("content/products/sample.yaml", format!("{}{}{}", &product[..at], para.repeat(22), &product[at..]));
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let deck_path = ws.root.join("dist/en-GB/sample-welcome/edetail/index.html");
    let deck = scraper::Html::parse_document(&std::fs::read_to_string(&deck_path).unwrap());
    let safety: Vec<scraper::ElementRef> =
        deck.select(&scraper::Selector::parse("section.slide-safety").unwrap()).collect();
    assert!(safety.len() >= 2, "{} safety slide(s)", safety.len());
    let ae = scraper::Selector::parse("p.small").unwrap();
    assert_eq!(safety.last().unwrap().select(&ae).count(), 2, "PI link and AE statement on the last");
    assert_eq!(safety[0].select(&ae).count(), 0);
    // Nothing missing for check, and every slide fits.
    let (code, diags) = ws.check();
    assert!(diags.iter().all(|d| d["code"] != "missing-element"), "{diags:#?}");
    assert_ne!(code, 2);
    let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let out = node().arg(e2e.join("slides.mjs")).arg(&deck_path).current_dir(&e2e).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
}
