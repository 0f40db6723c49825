//! The `.gitignore` that `init` writes covers every file unisono writes
//! that is not meant to be committed, and nothing that is.

use crate::common::git;
use crate::common::review::Review;
use std::process::Command;

/// Whether git ignores `rel` in the workspace (`git check-ignore`).
fn ignored(r: &Review, rel: &str) -> bool {
    let out = Command::new("git").args(["check-ignore", "-q", "--no-index", rel]).current_dir(&r.ws.root).output();
    out.expect("git check-ignore").status.success()
}

#[test]
fn after_a_day_of_work_git_status_shows_nothing_unisono_wrote_for_itself() {
    let r = Review::new();
    let ok = |args: &[&str]| {
        let run = r.run(args);
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        run
    };
    ok(&["check"]);
    ok(&["new", "sample-dosing", "--product", "sample", "--locale", "en-GB"]);
    ok(&["templates", "eject", "email.txt.tera"]);
    r.ws.commit("A new message and our own plain-text email");
    ok(&["build"]);
    ok(&["build", "--format", "json"]);
    r.approve_all();
    ok(&["status"]);
    ok(&["diff", "sample-welcome"]);
    ok(&["log", "sample-welcome"]);
    ok(&["claims", "list"]);
    ok(&["templates", "list"]);
    ok(&["verify", "--allowed-signers", "allowed_signers"]);
    ok(&["certificate", "sample-welcome", "--out", "certificates/sample-welcome.html"]);
    ok(&["publish"]);
    ok(&["send", "sample-welcome", "--to", "hcp@example.org"]);
    ok(&["build"]);
    // Everything was written where this test expects it…
    for path in ["dist/index.html", "allowed_signers", "certificates/sample-welcome.html", "published/manifest.json"] {
        assert!(r.ws.root.join(path).is_file(), "{path} was not written");
    }
    assert!(std::fs::read_dir(r.ws.root.join("outbox")).unwrap().count() > 0, "nothing in outbox/");
    // …and none of it shows as a change to commit.
    let status = git(&r.ws.root, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(status, "", "unisono left files git would offer to commit:\n{status}");
    // What a stopped command can leave behind is ignored too.
    for leftover in [".allowed_signers.unisono-tmp", "dist/.index.html.unisono-tmp", ".published.unisono-new/x"] {
        assert!(ignored(&r, leftover), "{leftover} is not ignored");
    }
    // What is meant to be committed is not ignored.
    for source in [
        "content/messages/sample-dosing.md",
        "templates/email.txt.tera",
        "templates/ejected.yaml",
        "approvals/sample-welcome/en-GB/x.txt",
        "reviewers.yaml",
        "channels.yaml",
        "journeys/welcome.yaml",
        "sent/x",
    ] {
        assert!(!ignored(&r, source), "{source} is ignored");
    }
}
