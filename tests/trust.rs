//! What unisono guarantees, tried as an adversary and a careless user would:
//! nothing a user wrote is lost, nothing outside the workspace is read or
//! written through a committed link, templates are pure, and no approval
//! counts that the policy — and the signed list of reviewers — did not
//! authorize.

use crate::common::review::{Review, keygen};
use crate::common::{TempWorkspace, assert_same_as_fresh, git, tree};
use std::path::Path;

const MSG: &str = "content/messages/sample-welcome.md";

/// A reviewed workspace with one approved piece, committed.
fn approved() -> Review {
    let r = Review::new();
    r.approve_all();
    r
}

fn files_under(dir: &Path) -> Vec<String> {
    tree(dir).keys().map(|p| p.display().to_string()).collect()
}

// ---------------------------------------------------------------------------
// Output folders never destroy what unisono did not write.

#[test]
fn publish_refuses_a_folder_of_someone_elses_files() {
    let r = approved();
    let dir = r.ws.root.parent().unwrap().join("their-site");
    std::fs::create_dir_all(dir.join("css")).unwrap();
    std::fs::write(dir.join("index.html"), "their page").unwrap();
    std::fs::write(dir.join("css/site.css"), "body{}").unwrap();
    let before = tree(&dir);
    for cmd in ["publish", "build"] {
        let run = r.run(&[cmd, "--out", dir.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{cmd}: {run:?}");
        assert!(run.stderr.contains("did not write"), "{cmd}: {}", run.stderr);
        assert!(run.stderr.contains("index.html"), "names what is there: {}", run.stderr);
        assert_eq!(tree(&dir), before, "{cmd} touched the folder");
    }
}

#[test]
fn output_folders_never_overlap_the_workspace_sources() {
    let r = approved();
    std::fs::write(r.ws.root.join("content/draft-notes.md.txt"), "uncommitted work").unwrap();
    let before = r.ws.tree();
    let git_dir = tree(&r.ws.root.join(".git")).len();
    for out in
        [".", "content", "content/messages", "templates", "approvals", ".git", ".git/objects", "..", "channels.yaml"]
    {
        for cmd in ["publish", "build"] {
            let run = r.run(&[cmd, "--out", out]);
            assert_eq!(run.code, 2, "{cmd} --out {out}: {run:?}");
            assert!(run.stderr.contains("refusing to write"), "{cmd} --out {out}: {}", run.stderr);
        }
        let abs = r.ws.root.join(out);
        let run = r.run(&["publish", "--out", abs.to_str().unwrap()]);
        assert_eq!(run.code, 2, "absolute {out}: {run:?}");
    }
    assert_eq!(r.ws.tree(), before, "sources or uncommitted work changed");
    assert!(tree(&r.ws.root.join(".git")).len() >= git_dir, ".git lost files");
    assert_eq!(r.ws.read("content/draft-notes.md.txt"), "uncommitted work");
}

#[test]
fn an_existing_file_is_never_an_output_folder() {
    let r = approved();
    let file = r.ws.root.parent().unwrap().join("report.pdf");
    std::fs::write(&file, "precious").unwrap();
    for cmd in ["publish", "build"] {
        let run = r.run(&[cmd, "--out", file.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{cmd}: {run:?}");
        assert!(run.stderr.contains("existing file"), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
    let names: Vec<String> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("unisono")), "nothing hidden or staged: {names:?}");
}

#[test]
fn a_republish_replaces_only_its_own_files_and_keeps_a_users_file() {
    let r = approved();
    let out = r.ws.root.parent().unwrap().join("site");
    let first = r.run(&["publish", "--out", out.to_str().unwrap()]);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(out.join("manifest.json").is_file() && out.join(".unisono-output").is_file());
    // Publishing again into the same folder works ...
    let again = r.run(&["publish", "--out", out.to_str().unwrap()]);
    assert_eq!(again.code, 0, "{again:?}");
    // ... but a file someone added there is never deleted.
    std::fs::write(out.join("robots.txt"), "User-agent: *").unwrap();
    let refused = r.run(&["publish", "--out", out.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("robots.txt"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(out.join("robots.txt")).unwrap(), "User-agent: *");
    assert!(out.join("manifest.json").is_file(), "the old output is still there");
}

#[test]
fn build_removes_only_the_files_it_wrote() {
    let ws = TempWorkspace::sample();
    ws.commit("Initial content");
    assert_eq!(ws.run(&["build"]).code, 0);
    let variant = ws.root.join("dist/en-GB/sample-welcome/landing");
    std::fs::write(variant.join("notes-for-me.txt"), "mine").unwrap();
    std::fs::write(ws.root.join("dist/todo.txt"), "mine too").unwrap();
    // The message leaves the landing channel, then goes away altogether.
    ws.edit(MSG, "prepared: 2026-01-20\n", "prepared: 2026-01-20\nchannels: [email]\n");
    let run = ws.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!variant.join("index.html").exists(), "its own stale file goes");
    assert_eq!(std::fs::read_to_string(variant.join("notes-for-me.txt")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(ws.root.join("dist/todo.txt")).unwrap(), "mine too");
}

#[test]
fn a_killed_build_never_leaves_a_truncated_file() {
    // The repository's own example content: enough files that a kill lands mid-write.
    let ws = TempWorkspace::sample();
    std::fs::remove_dir_all(ws.root.join("content")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "templates"] {
        for (rel, bytes) in tree(&repo.join(part)) {
            let path = ws.root.join(part).join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    std::fs::copy(repo.join("channels.yaml"), ws.root.join("channels.yaml")).unwrap();
    ws.commit("Initial content");
    // What a complete build writes.
    assert_eq!(ws.run(&["build", "--out", "../reference"]).code, 0);
    let reference = tree(&ws.root.parent().unwrap().join("reference"));
    let exe = env!("CARGO_BIN_EXE_unisono");
    let mut rng = 0x2545_f491_u64;
    for round in 0..20 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let _ = std::fs::remove_dir_all(ws.root.join("dist"));
        let mut child = std::process::Command::new(exe)
            .arg("build")
            .current_dir(&ws.root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(rng % 1_500_000));
        let _ = child.kill();
        let _ = child.wait();
        for (path, bytes) in tree(&ws.root.join("dist")) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".unisono-tmp") || path.starts_with(".unisono") || name == ".unisono-output" {
                continue;
            }
            let want =
                reference.get(&path).unwrap_or_else(|| panic!("round {round}: unexpected file {}", path.display()));
            if path != Path::new("index.html") {
                assert_eq!(&bytes, want, "round {round}: {} is truncated or wrong", path.display());
            }
        }
    }
    // The next build completes the output.
    assert_eq!(ws.run(&["build"]).code, 0);
    let done: Vec<_> =
        tree(&ws.root.join("dist")).into_keys().filter(|p| !p.to_string_lossy().contains("unisono")).collect();
    let want: Vec<_> = reference.into_keys().filter(|p| !p.to_string_lossy().contains("unisono")).collect();
    assert_eq!(done, want);
}

// ---------------------------------------------------------------------------
// Nothing is read or written through a committed symbolic link.

#[cfg(unix)]
#[test]
fn a_committed_templates_link_is_reported_and_never_read() {
    let ws = TempWorkspace::sample();
    let outside = ws.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY----- SECRET-KEY-BYTES").unwrap();
    let repo_templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for (name, text) in tree(&repo_templates) {
        std::fs::write(outside.join(&name), text).unwrap();
    }
    std::os::unix::fs::symlink(&outside, ws.root.join("templates")).unwrap();
    ws.edit(
        "channels.yaml",
        "  landing:\n    kind: page\n",
        "  landing:\n    kind: page\n    templates: { html: id_ed25519 }\n",
    );
    ws.commit("Templates live elsewhere");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = crate::common::only(&diags, "symlink");
    assert_eq!(d["file"], "templates");
    let build = ws.run(&["build"]);
    assert_ne!(build.code, 0);
    let dist = tree(&ws.root.join("dist"));
    assert!(dist.values().all(|b| !String::from_utf8_lossy(b).contains("SECRET-KEY-BYTES")), "the key leaked");
    // The same at a committed revision, where a link is a blob holding a path.
    let status = ws.run(&["status", "--rev", "HEAD"]);
    assert_eq!(status.code, 1, "{status:?}");
    assert!(status.stderr.contains("symlink") && status.stderr.contains("templates"), "{}", status.stderr);
    let publish = ws.run(&["publish"]);
    assert_ne!(publish.code, 0);
    assert!(!ws.root.join("published").exists());
}

#[cfg(unix)]
#[test]
fn a_link_inside_content_is_reported_at_its_path() {
    let ws = TempWorkspace::sample();
    let outside = ws.root.parent().unwrap().join("elsewhere.md");
    std::fs::write(&outside, "---\nid: elsewhere\n---\n# Secret\n").unwrap();
    std::os::unix::fs::symlink(&outside, ws.root.join("content/messages/elsewhere.md")).unwrap();
    ws.commit("A linked message");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_eq!(crate::common::only(&diags, "symlink")["file"], "content/messages/elsewhere.md");
    let at_rev = ws.run(&["status", "--rev", "HEAD"]);
    assert!(at_rev.stderr.contains("content/messages/elsewhere.md") && at_rev.stderr.contains("symlink"), "{at_rev:?}");
}

#[cfg(unix)]
#[test]
fn a_committed_dist_link_is_never_written_through() {
    let ws = TempWorkspace::sample();
    let outside = ws.root.parent().unwrap().join("srv");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("user-file.txt"), "keep me").unwrap();
    std::os::unix::fs::symlink(&outside, ws.root.join("dist")).unwrap();
    git(&ws.root, &["add", "-f", "dist"]);
    ws.commit("dist points elsewhere");
    let build = ws.run(&["build"]);
    assert_ne!(build.code, 0, "{build:?}");
    assert!(build.stderr.contains("symlink"), "{}", build.stderr);
    assert_eq!(files_under(&outside), vec!["user-file.txt".to_string()], "written outside the workspace");
    assert_eq!(std::fs::read_to_string(outside.join("user-file.txt")).unwrap(), "keep me");
    let (_, diags) = ws.check();
    assert_eq!(crate::common::only(&diags, "symlink")["file"], "dist");
    // --out given on the command line may point anywhere.
    std::fs::remove_file(ws.root.join("dist")).unwrap();
    git(&ws.root, &["rm", "-q", "--cached", "dist"]);
    ws.commit("No more link");
    let elsewhere = ws.root.parent().unwrap().join("preview");
    assert_eq!(ws.run(&["build", "--out", elsewhere.to_str().unwrap()]).code, 0);
    assert!(elsewhere.join("index.html").is_file());
}

// ---------------------------------------------------------------------------
// Templates are pure.

#[test]
fn templates_cannot_read_the_environment_the_clock_or_dice() {
    for (call, line) in [
        ("{{ get_env(name=\"UNISONO_SMTP_PASSWORD\") }}", 3),
        ("{% set t = now() %}{{ t }}", 3),
        ("{{ get_random(end=10) }}", 3),
    ] {
        let ws = TempWorkspace::sample();
        let page = ws.eject("page.html.tera").read("templates/page.html.tera");
        let mut lines: Vec<&str> = page.lines().collect();
        lines.insert(2, call);
        ws.write("templates/page.html.tera", lines.join("\n") + "\n");
        ws.commit("An impure template");
        let (code, diags) = ws.check();
        assert_eq!(code, 1, "{call}");
        let d = crate::common::only(&diags, "template-error");
        assert_eq!(d["file"], "templates/page.html.tera", "{call}");
        assert_eq!(d["line"], line, "{call}: {d:#}");
        let build = ws.run_with_env(&["build"], &[("UNISONO_SMTP_PASSWORD", "hunter2-secret")]);
        assert_ne!(build.code, 0, "{call}");
        let dist = tree(&ws.root.join("dist"));
        assert!(dist.values().all(|b| !String::from_utf8_lossy(b).contains("hunter2-secret")), "the secret leaked");
    }
}

// ---------------------------------------------------------------------------
// No approval the policy did not authorize.

/// Adds the writer's own key to reviewers.yaml, as a medical reviewer, and
/// lowers the policy to medical alone, in one commit.
fn self_register(r: &Review) -> String {
    keygen(&r.keys.join("writer"), "writer@example.com", "");
    let public = std::fs::read_to_string(r.keys.join("writer.pub")).unwrap();
    let text = r.ws.read("reviewers.yaml");
    let text = text.replacen("required_roles: [medical, legal, regulatory]", "required_roles: [medical]", 1)
        + &format!(
            "  - name: Sam Writer\n    email: sam@example.com\n    roles: [medical]\n    keys: [\"{}\"]\n",
            public.trim()
        );
    r.ws.write("reviewers.yaml", text);
    r.ws.commit("Add a reviewer");
    r.key("writer")
}

#[test]
fn a_writer_who_registers_their_own_key_approves_nothing() {
    let r = Review::new();
    let key = self_register(&r);
    let approve = r.run(&["approve", "sample-welcome", "--role", "medical", "--key", &key]);
    assert_eq!(approve.code, 1, "{approve:?}");
    // Listed by a change no owner signed: not in effect, and it says so.
    assert!(approve.stderr.contains("which is not in effect"), "{}", approve.stderr);
    // A record forged with that key anyway counts for nothing.
    r.approve("ana", "medical");
    let text = std::fs::read_to_string(r.record("medical"))
        .unwrap()
        .replace("reviewer-name: Ana", "reviewer-name: Sam Writer")
        .replace("reviewer-email: ana@example.com", "reviewer-email: sam@example.com")
        .replace(&r.fingerprint("ana"), &r.fingerprint("writer"));
    r.forge("20990101T000000Z-approved-medical-sam.txt", &text, "writer");
    assert!(r.statuses().iter().all(|s| s["status"] != "approved"), "{:#?}", r.statuses());
    let check = r.run(&["check"]);
    assert!(check.stdout.contains("reviewers-change-unsigned"), "{}", check.stdout);
    let out = r.ws.root.parent().unwrap().join("pub");
    let publish = r.run(&["publish", "--out", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(publish.code, 0, "{publish:?}");
    assert_eq!(publish.json()["variants"].as_array().unwrap().len(), 0, "shipped: {}", publish.stdout);
    let verify = r.run(&["verify"]);
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(verify.stdout.contains("reviewers-change-unsigned"), "{}", verify.stdout);
    assert!(verify.stdout.contains("FAIL") && verify.stdout.contains("sam@example.com"), "{}", verify.stdout);
}

#[test]
fn a_change_to_reviewers_takes_effect_once_enough_owners_sign_it() {
    let r = Review::with_roles(&[
        ("ana", "medical"),
        ("tom", "legal"),
        ("mira", "regulatory"),
        ("quinn", "qa"),
        ("olga", "qa"),
    ]);
    // The owners are named in a first signed change (any listed reviewer may sign while none are named).
    let text = r.ws.read("reviewers.yaml");
    r.ws.write("reviewers.yaml", text.replacen("policy:\n", "policy:\n  owners: [qa]\n  owner_approvals: 2\n", 1));
    r.ws.commit("QA owns the list of reviewers");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("ana")]).code, 0);
    assert_eq!(r.run(&["trust", "status"]).code, 0);
    // Now a new medical reviewer needs two QA signatures.
    let key = self_register(&r);
    let not_owner = r.run(&["trust", "sign", "--key", &r.key("ana")]);
    assert_eq!(not_owner.code, 1, "{not_owner:?}");
    assert!(not_owner.stderr.contains("owner"), "{}", not_owner.stderr);
    let own_key = r.run(&["trust", "sign", "--key", &key]);
    assert_eq!(own_key.code, 1, "a key added by the change cannot sign it: {own_key:?}");
    let one = r.run(&["trust", "sign", "--key", &r.key("quinn")]);
    assert_eq!(one.code, 0, "{one:?}");
    assert!(one.stdout.contains("1 of 2"), "{}", one.stdout);
    let again = r.run(&["trust", "sign", "--key", &r.key("quinn")]);
    assert_eq!(again.code, 1, "the same owner twice counts once: {again:?}");
    let pending = r.run(&["trust", "status"]);
    assert_eq!(pending.code, 1);
    assert!(pending.stdout.contains("NOT IN EFFECT"), "{}", pending.stdout);
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("olga")]).code, 0);
    let status = r.run(&["trust", "status", "--format", "json"]);
    assert_eq!(status.code, 0, "{status:?}");
    assert_eq!(status.json()["changes"].as_array().unwrap().len(), 2);
    // Sam is a reviewer now, and the policy asks for medical alone.
    let approve = r.run(&["approve", "sample-welcome", "--role", "medical", "--key", &key]);
    assert_eq!(approve.code, 0, "{approve:?}");
    assert_eq!(r.status_of("email")["status"], "approved");
    assert_eq!(r.run(&["verify"]).code, 0);
}

#[test]
fn an_old_owner_signature_cannot_be_replayed_when_the_same_bytes_come_back() {
    let r = Review::new();
    let a = r.ws.read("reviewers.yaml");
    let b = a.replacen("valid_for_months: 24", "valid_for_months: 120", 1);
    // A → B, signed; B → A, signed ...
    r.ws.write("reviewers.yaml", &b);
    r.ws.commit("Longer validity");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("tom")]).code, 0);
    r.ws.write("reviewers.yaml", &a);
    r.ws.commit("Back to 24 months");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("tom")]).code, 0);
    // ... then B's bytes again: the old A → B record must not count.
    r.ws.write("reviewers.yaml", &b);
    r.ws.commit("Longer validity, again");
    let status = r.run(&["trust", "status", "--format", "json"]);
    assert_eq!(status.code, 1, "{status:?}");
    assert!(!status.json()["pending"].is_null(), "{}", status.stdout);
}

/// A workspace whose first reviewers.yaml also lists Mallory (medical).
fn with_mallory() -> Review {
    Review::with_roles(&[("ana", "medical"), ("tom", "legal"), ("mira", "regulatory"), ("mallory", "medical")])
}

fn without_mallory(r: &Review) {
    let text = r.ws.read("reviewers.yaml");
    let start = text.find("  - name: Mallory").unwrap();
    let end = text[start + 1..].find("  - name:").map_or(text.len(), |i| start + 1 + i);
    r.ws.write("reviewers.yaml", format!("{}{}", &text[..start], &text[end..]));
    r.ws.commit("Mallory leaves");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("tom")]).code, 0);
}

#[test]
fn merging_an_old_branch_never_undoes_a_signed_change() {
    let r = with_mallory();
    let root = git(&r.ws.root, &["rev-parse", "HEAD"]).trim().to_string();
    without_mallory(&r);
    let branch = git(&r.ws.root, &["rev-parse", "--abbrev-ref", "HEAD"]).trim().to_string();
    git(&r.ws.root, &["checkout", "-q", "-b", "old", &root]);
    git(&r.ws.root, &["merge", "-q", "-s", "ours", "-m", "merge", &branch]);
    git(&r.ws.root, &["checkout", "-q", &branch]);
    git(&r.ws.root, &["merge", "-q", "--ff-only", "old"]);
    assert!(r.ws.read("reviewers.yaml").contains("Mallory"), "the merge brought her back in the file");
    let approve = r.run(&["approve", "sample-welcome", "--role", "medical", "--key", &r.key("mallory")]);
    assert_eq!(approve.code, 1, "{approve:?}");
    let verify = r.run(&["verify", "--trust-root", &root]);
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(verify.stdout.contains("NOT IN EFFECT"), "{}", verify.stdout);
}

#[test]
fn a_second_unrelated_root_of_trust_is_refused() {
    let r = Review::new();
    let branch = git(&r.ws.root, &["rev-parse", "--abbrev-ref", "HEAD"]).trim().to_string();
    git(&r.ws.root, &["checkout", "-q", "--orphan", "mine"]);
    keygen(&r.keys.join("mallory"), "mallory@example.com", "");
    let public = std::fs::read_to_string(r.keys.join("mallory.pub")).unwrap();
    let text = r.ws.read("reviewers.yaml");
    let policy = &text[..text.find("reviewers:\n").unwrap()];
    r.ws.write(
        "reviewers.yaml",
        format!(
            "{policy}reviewers:\n  - name: Mallory\n    email: mallory@example.com\n    roles: [medical, legal, regulatory]\n    keys: [\"{}\"]\n",
            public.trim()
        ),
    );
    r.ws.commit("My own root");
    git(&r.ws.root, &["merge", "-q", "--allow-unrelated-histories", "-X", "ours", "-m", "merge", &branch]);
    assert!(r.statuses().iter().all(|s| s["status"] != "approved"));
    let status = r.run(&["status"]);
    assert!(status.stderr.contains("unrelated histories"), "{}", status.stderr);
    let approve = r.run(&["approve", "sample-welcome", "--role", "medical", "--key", &r.key("mallory")]);
    assert_eq!(approve.code, 1, "{approve:?}");
    let verify = r.run(&["verify"]);
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(verify.stdout.contains("reviewers-untrusted"), "{}", verify.stdout);
}

#[test]
fn a_shallow_clone_cannot_pose_a_new_root_of_trust() {
    let r = Review::new();
    keygen(&r.keys.join("carol"), "carol@example.com", "");
    let public = std::fs::read_to_string(r.keys.join("carol.pub")).unwrap();
    let text = r.ws.read("reviewers.yaml")
        + &format!(
            "  - name: Carol\n    email: carol@example.com\n    roles: [medical]\n    keys: [\"{}\"]\n",
            public.trim()
        );
    r.ws.write("reviewers.yaml", text);
    r.ws.commit("Carol, unsigned");
    let clone = r.ws.root.parent().unwrap().join("shallow");
    let url = format!("file://{}", r.ws.root.display());
    git(r.ws.root.parent().unwrap(), &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()]);
    // Everything is a draft there (a preview still builds), and verify fails.
    let status = crate::common::unisono(&clone, &["status", "--format", "json"]);
    assert_eq!(status.code, 0, "{status:?}");
    let variants = status.json()["variants"].as_array().unwrap().clone();
    assert!(variants.iter().all(|v| v["status"] != "approved"), "{variants:#?}");
    assert!(crate::common::unisono(&clone, &["status"]).stderr.contains("shallow"));
    assert_eq!(crate::common::unisono(&clone, &["build"]).code, 0);
    let verify = crate::common::unisono(&clone, &["verify"]);
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(verify.stdout.contains("shallow"), "{}", verify.stdout);
}

#[test]
fn the_pinned_root_of_trust_exposes_a_rewritten_history() {
    let r = approved();
    let root = git(&r.ws.root, &["rev-list", "--max-parents=0", "HEAD"]).trim().to_string();
    let verify = r.run(&["verify", "--trust-root", &root]);
    assert_eq!(verify.code, 0, "{verify:?}");
    assert!(verify.stdout.contains(&root), "verify prints the root: {}", verify.stdout);
    // History rewritten: the same files, committed anew on an orphan branch.
    git(&r.ws.root, &["checkout", "-q", "--orphan", "rewritten"]);
    r.ws.commit("Rewritten history");
    let rewritten = r.run(&["verify", "--trust-root", &root]);
    assert_eq!(rewritten.code, 1, "{rewritten:?}");
    assert!(rewritten.stdout.contains("root of trust"), "{}", rewritten.stdout);
    let publish = r.run(&["publish", "--trust-root", &root]);
    assert_eq!(publish.code, 1, "{publish:?}");
    assert!(!r.ws.root.join("published").exists());
}

#[test]
fn self_approval_is_matched_on_name_or_email_of_author_and_committer() {
    // Ana commits under another address: her name gives her away.
    let r = Review::new();
    r.ws.edit(MSG, "Read the Summary", "Please read the Summary");
    git(&r.ws.root, &["-c", "user.name=Ana", "-c", "user.email=ana.private@example.org", "commit", "-qam", "Edit"]);
    let run = r.approve("ana", "medical");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("no self-approval"), "{}", run.stderr);
    // Tom only committed someone else's edit: as committer he is an author too.
    let r = Review::new();
    r.ws.edit(MSG, "Read the Summary", "Please read the Summary");
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=Tom", "-c", "user.email=tom@example.com", "commit", "-qam", "Edit"])
        .env("GIT_AUTHOR_NAME", "Someone")
        .env("GIT_AUTHOR_EMAIL", "someone@example.com")
        .current_dir(&r.ws.root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let run = r.approve("tom", "legal");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("no self-approval"), "{}", run.stderr);
}

#[test]
fn a_piece_never_approved_cannot_be_withdrawn() {
    let r = Review::new();
    let before = git(&r.ws.root, &["rev-parse", "HEAD"]);
    let run = r.run(&["withdraw", "sample-welcome", "--reason", "expired", "--key", &r.key("ana")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("never approved"), "{}", run.stderr);
    assert_eq!(git(&r.ws.root, &["rev-parse", "HEAD"]), before, "nothing committed");
    assert!(!r.ws.root.join("approvals/sample-welcome").exists());
    r.approve_all();
    let ok = r.run(&["withdraw", "sample-welcome", "--reason", "expired", "--key", &r.key("ana")]);
    assert_eq!(ok.code, 0, "{ok:?}");
}

// ---------------------------------------------------------------------------
// Links planted inside an output folder.

#[cfg(unix)]
#[test]
fn links_planted_in_an_output_folder_are_never_written_through() {
    let ws = TempWorkspace::sample();
    ws.commit("Initial content");
    let victim = ws.root.parent().unwrap().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let dist = ws.root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join(".unisono-output"), "").unwrap();
    std::os::unix::fs::symlink(&victim, dist.join(".index.html.unisono-tmp")).unwrap();
    std::os::unix::fs::symlink(ws.root.join("templates"), dist.join(".unisono")).unwrap();
    let build = ws.run(&["build"]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious", "{build:?}");
    assert!(!ws.root.join("templates/state.json").exists(), "state written through a link: {build:?}");
    // `..` after a link is resolved the way the file system resolves it.
    let outside = ws.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(ws.root.join("content/messages"), outside.join("lnk")).unwrap();
    let out = outside.join("lnk/../evil");
    let run = ws.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!ws.root.join("content/evil").exists());
    // A link anywhere on the way to an output folder in the workspace.
    let elsewhere = ws.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, ws.root.join("published")).unwrap();
    let run = ws.run(&["publish", "--out", "published/x"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn new_never_writes_through_a_link() {
    let ws = TempWorkspace::sample();
    let outside = ws.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::rename(ws.root.join("content/messages"), outside.join("messages")).unwrap();
    std::os::unix::fs::symlink(outside.join("messages"), ws.root.join("content/messages")).unwrap();
    let run = ws.run(&["new", "fresh-topic", "--product", "sample", "--locale", "en-GB"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(!outside.join("messages/fresh-topic.md").exists());
}

const BODY: &str = "Read the Summary of Product Characteristics before prescribing.";

#[test]
fn a_build_killed_before_its_state_then_undone_leaves_no_stale_review_page() {
    let ws = TempWorkspace::sample();
    ws.commit("Initial content");
    assert_eq!(ws.run(&["build"]).code, 0);
    // Killed after writing every page of the edit, before its state.
    ws.edit(MSG, BODY, "Read the SmPC first. An edit that is undone.");
    let killed = ws.run_with_env(&["build"], &[("UNISONO_INTERRUPT", "build-before-state")]);
    assert_ne!(killed.code, 0, "the process died");
    // The edit is undone: the inputs are those of the last complete build.
    ws.edit(MSG, "Read the SmPC first. An edit that is undone.", BODY);
    assert_eq!(ws.run(&["build"]).code, 0);
    assert_same_as_fresh(&ws, "after the undo");
}

#[test]
fn a_second_interrupted_build_keeps_the_first_ones_unfinished_folders() {
    let ws = TempWorkspace::sample();
    ws.commit("Initial content");
    assert_eq!(ws.run(&["build"]).code, 0);
    let original = ws.read(MSG);
    // Killed after rewriting every variant folder of the edit.
    ws.edit(MSG, BODY, "Read the SmPC first. An edit that is undone.");
    let killed = ws.run_with_env(&["build"], &[("UNISONO_INTERRUPT", "build-after-variants")]);
    assert_ne!(killed.code, 0, "the process died");
    // The message leaves the landing channel; that build is killed too.
    ws.edit(MSG, "prepared: 2026-01-20\n", "prepared: 2026-01-20\nchannels: [email]\n");
    let killed = ws.run_with_env(&["build"], &[("UNISONO_INTERRUPT", "build-after-variants")]);
    assert_ne!(killed.code, 0, "the process died");
    // Back to what the last complete build had: the landing page the first
    // killed build rewrote is not current.
    ws.write(MSG, original);
    assert_eq!(ws.run(&["build"]).code, 0);
    assert_same_as_fresh(&ws, "after both interruptions");
}
