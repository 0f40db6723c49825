//! The README's tutorial, run as written: every ```sh block marked
//! `<!-- tutorial -->` is run, in order, in one bash (`set -euo pipefail`) in
//! an empty folder, with the real `unisono` on `PATH`, a git identity of its
//! own and no ssh-agent; the ```text block marked `<!-- tutorial output -->`
//! after a step holds lines its output must show, in order (`…` matches any
//! text, and lines may be left out). A README command that fails, or output
//! that drifts from what the README shows, fails the test.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STEP: &str = "<!-- tutorial -->";
const OUTPUT: &str = "<!-- tutorial output -->";
/// Printed by the test between steps, to split the output.
const END: &str = "@@unisono-tutorial-step-done@@";
/// The port the README's `serve` uses; the test runs it on a free one.
const PORT: &str = "4747";

/// One block of commands, where it starts in the README, and the lines its
/// output must show.
#[derive(Debug)]
struct Step {
    line: usize,
    script: String,
    expected: Vec<String>,
}

/// The fenced block that follows line `at` (after blank lines): its body
/// and the index of its closing fence. Panics naming the line when the
/// marker is not followed by a block opening with `fence`.
fn block(lines: &[&str], at: usize, fence: &str) -> (Vec<String>, usize) {
    let open = (at + 1..lines.len())
        .find(|&i| !lines[i].trim().is_empty())
        .filter(|&i| lines[i].trim_end() == fence)
        .unwrap_or_else(|| panic!("README.md:{}: `{}` is not followed by a {fence} block", at + 1, lines[at]));
    let close = (open + 1..lines.len())
        .find(|&i| lines[i].trim_end() == "```")
        .unwrap_or_else(|| panic!("README.md:{}: the block is never closed", open + 1));
    (lines[open + 1..close].iter().map(|l| l.to_string()).collect(), close)
}

/// The tutorial's steps, in README order.
fn steps(readme: &str) -> Vec<Step> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut steps: Vec<Step> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let marker = lines[i].trim_end();
        if marker == STEP {
            let (body, close) = block(&lines, i, "```sh");
            steps.push(Step { line: i + 1, script: body.join("\n"), expected: Vec::new() });
            i = close;
        } else if marker == OUTPUT {
            let (body, close) = block(&lines, i, "```text");
            let step = steps.last_mut().unwrap_or_else(|| panic!("README.md:{}: output before any step", i + 1));
            assert!(step.expected.is_empty(), "README.md:{}: a second output block for one step", i + 1);
            step.expected = body;
            i = close;
        }
        i += 1;
    }
    steps
}

/// Whether `line` is what `pattern` shows: equal, with each `…` standing
/// for any text (trailing spaces ignored).
fn line_matches(pattern: &str, line: &str) -> bool {
    let (pattern, line) = (pattern.trim_end(), line.trim_end());
    let parts: Vec<&str> = pattern.split('…').collect();
    if parts.len() == 1 {
        return pattern == line;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || line.len() < first.len() + last.len() || !line.ends_with(last) {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The first expected line that `output` does not show, in order (blank
/// lines and lines of just `…` stand for lines left out).
fn first_missing<'a>(expected: &'a [String], output: &str) -> Option<&'a str> {
    let mut lines = output.lines();
    expected
        .iter()
        .map(|l| l.as_str())
        .filter(|l| !l.trim().is_empty() && l.trim() != "…")
        .find(|pattern| !lines.any(|line| line_matches(pattern, line)))
}

#[test]
fn expected_output_lines_match_in_order_with_ellipses_for_what_differs() {
    let shown: Vec<String> = ["build: 8 variant(s) in …/dist", "…", "committed …"].map(String::from).to_vec();
    let real = "warning\nbuild: 8 variant(s) in /tmp/x/dist\nnoise\ncommitted 4c29a94b6716\n";
    assert_eq!(first_missing(&shown, real), None);
    // A line that drifted, a line out of order, a line missing: each fails.
    assert_eq!(first_missing(&shown, &real.replace("8 variant", "9 variant")), Some(shown[0].as_str()));
    assert_eq!(first_missing(&shown, "committed 1\nbuild: 8 variant(s) in /d/dist\n"), Some("committed …"));
    assert!(
        line_matches("a … c … e", "a b c d e") && !line_matches("a … c … e", "a b e") && !line_matches("ab…ba", "aba")
    );
    assert!(line_matches("draft  ", "draft") && !line_matches("draft", "draft x"));
}

/// A port nobody listens on now.
fn free_port() -> String {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string()
}

#[test]
fn the_readme_tutorial_runs_as_written_and_prints_what_it_shows() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let steps = steps(&readme);
    let all: String = steps.iter().map(|s| s.script.as_str()).collect::<Vec<_>>().join("\n");
    for command in ["unisono init", "unisono new", "unisono check", "unisono build", "unisono serve", "ssh-keygen"] {
        assert!(all.contains(command), "the tutorial has no `{command}`");
    }
    for command in ["unisono approve", "unisono status", "unisono publish", "unisono send", "--dry-run"] {
        assert!(all.contains(command), "the tutorial has no `{command}`");
    }
    assert!(all.contains(&format!("--port {PORT}")), "the tutorial's serve is not on port {PORT}");

    let tmp = tempfile::tempdir().unwrap();
    let (home, dir) = (tmp.path().join("home"), tmp.path().join("tutorial"));
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let gitconfig = tmp.path().join("gitconfig");
    std::fs::write(
        &gitconfig,
        "[user]\n\tname = Wendy Writer\n\temail = wendy@example.com\n[commit]\n\tgpgsign = false\n",
    )
    .unwrap();
    // The port is the only thing changed: parallel tests must not collide.
    let port = free_port();
    let mut script = String::from(
        "set -euo pipefail\nexec 2>&1\n# A server a failed step left running.\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n",
    );
    for step in &steps {
        script.push_str(&step.script.replace(PORT, &port));
        script.push_str(&format!("\necho '{END}'\n"));
    }
    std::fs::write(tmp.path().join("tutorial.sh"), &script).unwrap();
    let out_path = tmp.path().join("output");
    let bin = Path::new(env!("CARGO_BIN_EXE_unisono")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.arg(tmp.path().join("tutorial.sh"))
        .current_dir(&dir)
        .env("PATH", path)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_GLOBAL", &gitconfig)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8");
    for var in [
        "SSH_AUTH_SOCK",
        "SSH_AGENT_PID",
        "UNISONO_NOW",
        "UNISONO_KEY_PASSPHRASE",
        "UNISONO_SMTP_URL",
        "UNISONO_SMTP_USERNAME",
        "UNISONO_SMTP_PASSWORD",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
    ] {
        cmd.env_remove(var);
    }
    // Output to a file (a server in the background keeps it open), in a
    // process group of its own, killed whatever happens.
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("run bash");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
    let _ = child.wait();
    let mut output = String::new();
    std::fs::File::open(&out_path).unwrap().read_to_string(&mut output).unwrap();

    let parts: Vec<&str> = output.split(&format!("{END}\n")).collect();
    let done = parts.len() - 1;
    let Some(status) = status else {
        panic!(
            "the tutorial did not end within 120 s, in the step at README.md:{}:\n{output}",
            steps[done.min(steps.len() - 1)].line
        );
    };
    if done < steps.len() {
        panic!(
            "the tutorial's step at README.md:{} failed ({status}):\n{}\n--- its output:\n{}",
            steps[done].line, steps[done].script, parts[done]
        );
    }
    assert!(status.success(), "the tutorial ended with {status}:\n{output}");
    for (i, step) in steps.iter().enumerate() {
        let expected: Vec<String> = step.expected.iter().map(|l| l.replace(PORT, &port)).collect();
        if let Some(line) = first_missing(&expected, parts[i]) {
            panic!(
                "the output of the step at README.md:{} does not show, in order, the line\n  {line}\n--- the step:\n{}\n--- its output:\n{}",
                step.line, step.script, parts[i]
            );
        }
    }
    // Where the tutorial ends: an approved email sent, and a clean tree.
    let demo = dir.join("demo");
    assert!(std::fs::read_dir(demo.join("outbox")).unwrap().count() >= 2, "no email in outbox/");
    let status = crate::common::git(&demo, &["status", "--porcelain"]);
    assert_eq!(status, "", "the tutorial leaves changes to commit:\n{status}");
}
