//! End to end in a real browser: `unisono serve` on loopback, the review
//! portal in headless Chromium (driven by Playwright), an edit to a message
//! file, and the open page updating by itself. Needs Debian's `chromium` and
//! `npm install` in tests/e2e (`.ci/run` does both).

use crate::common::TempWorkspace;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

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
    let out = Command::new("node").arg(e2e.join("portal.mjs")).arg(&url).arg(&ws.root).current_dir(&e2e).output();
    let _ = server.kill();
    let _ = server.wait();
    let out = out.expect("node (install Node.js and run `npm install` in tests/e2e)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stdout.contains("e2e: ok"), "browser test failed:\n{stdout}\n{stderr}");
}
