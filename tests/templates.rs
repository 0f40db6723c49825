//! `unisono templates`: the built-ins stay in the binary (`init` writes
//! none), `list` shows them, `eject` copies one out for customisation and
//! records which built-in it copied, and `check` warns `template-outdated`
//! when that built-in has changed since.

use crate::common::{TempWorkspace, assert_at, only};
use serde_json::Value;
use std::path::Path;

/// The built-in template `name`, as this repository holds it.
fn builtin(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates").join(name)).unwrap()
}

fn list(ws: &TempWorkspace) -> Vec<Value> {
    let run = ws.run(&["templates", "list", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.json().as_array().unwrap().clone()
}

fn entry(ws: &TempWorkspace, name: &str) -> Value {
    list(ws).into_iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("no {name} in the list"))
}

const LANDING: &str = "dist/en-GB/sample-welcome/landing/index.html";

#[test]
fn init_writes_no_templates_and_list_shows_every_built_in() {
    let ws = TempWorkspace::sample();
    assert!(!ws.root.join("templates").exists(), "init wrote templates: {:?}", ws.tree().keys());
    let entries = list(&ws);
    let names: Vec<&str> = entries.iter().map(|e| e["name"].as_str().unwrap()).collect();
    for name in ["email.mjml.tera", "email.txt.tera", "page.html.tera", "slides.html.tera", "video.md.tera"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    for e in &entries {
        assert_eq!(e["built_in"], true, "{e}");
        assert_eq!(e["overridden"], false, "{e}");
        assert_eq!(e["origin"], "built-in", "{e}");
    }
    // The built-ins render: the workspace needs no template of its own.
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(ws.run(&["build"]).code, 0);
    assert!(ws.read(LANDING).contains("<html"));
}

#[test]
fn an_ejected_template_is_the_built_in_and_then_overrides_it() {
    let ws = TempWorkspace::sample();
    assert_eq!(ws.run(&["build"]).code, 0);
    let before = ws.read(LANDING);
    ws.eject("page.html.tera");
    assert_eq!(std::fs::read(ws.root.join("templates/page.html.tera")).unwrap(), builtin("page.html.tera"));
    let e = entry(&ws, "page.html.tera");
    assert_eq!((e["overridden"].as_bool(), e["origin"].as_str()), (Some(true), Some("same")), "{e}");
    // An unchanged copy renders the same bytes: nothing approved goes stale.
    assert_eq!(ws.run(&["build"]).code, 0);
    assert_eq!(ws.read(LANDING), before);
    // The workspace's copy is the one used.
    ws.edit("templates/page.html.tera", "<main", "<!-- ours --><main");
    assert_eq!(ws.run(&["build"]).code, 0);
    assert!(ws.read(LANDING).contains("<!-- ours -->"));
    assert_eq!(entry(&ws, "page.html.tera")["origin"], "customised");
    // A plain customisation is no finding.
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["code"] != "template-outdated"), "{diags:#?}");
    // Only one template was ejected; the others stay built-in.
    assert_eq!(entry(&ws, "email.mjml.tera")["origin"], "built-in");
}

#[test]
fn eject_never_replaces_a_file_and_refuses_unknown_names() {
    let ws = TempWorkspace::sample();
    ws.eject("email.txt.tera");
    ws.edit("templates/email.txt.tera", "{{ strings.for_hcps }}", "{{ strings.for_hcps }} (ours)");
    let before = ws.tree();
    let again = ws.run(&["templates", "eject", "email.txt.tera"]);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert!(again.stderr.contains("templates diff email.txt.tera"), "{}", again.stderr);
    let unknown = ws.run(&["templates", "eject", "page.html"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(unknown.stderr.contains("did you mean `page.html.tera`?"), "{}", unknown.stderr);
    let escape = ws.run(&["templates", "eject", "../channels.yaml"]);
    assert_eq!(escape.code, 2, "{escape:?}");
    assert_eq!(before, ws.tree(), "a refused eject wrote or changed something");
}

#[cfg(unix)]
#[test]
fn eject_writes_nothing_through_a_linked_templates_folder() {
    let ws = TempWorkspace::sample();
    let elsewhere = ws.root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, ws.root.join("templates")).unwrap();
    let run = ws.run(&["templates", "eject", "page.html.tera"]);
    assert_ne!(run.code, 0, "{run:?}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "written through the link");
}

#[test]
fn check_warns_when_the_built_in_changed_since_it_was_ejected() {
    let ws = TempWorkspace::sample();
    ws.eject("page.html.tera");
    ws.edit("templates/page.html.tera", "<main", "<!-- ours --><main");
    // As if ejected from an older unisono whose built-in was different.
    let records = ws.read("templates/ejected.yaml");
    let old = "sha256:".to_string() + &"0".repeat(64);
    let line = records.lines().find(|l| l.starts_with("page.html.tera: sha256:")).unwrap().to_string();
    ws.write("templates/ejected.yaml", records.replace(&line, &format!("page.html.tera: {old}")));
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "a warning, not an error: {diags:#?}");
    let d = only(&diags, "template-outdated");
    assert_at(d, "templates/page.html.tera", 1, "warning");
    assert!(d["hint"].as_str().unwrap().contains("unisono templates diff page.html.tera"), "{d}");
    assert_eq!(entry(&ws, "page.html.tera")["origin"], "outdated");
    // diff shows what differs from the current built-in.
    let diff = ws.run(&["templates", "diff", "page.html.tera"]);
    assert_eq!(diff.code, 0, "{diff:?}");
    assert!(diff.stdout.lines().any(|l| l.starts_with('+') && l.contains("<!-- ours -->")), "{}", diff.stdout);
    // Recording the current built-in as the origin keeps the customisation, without the warning.
    let run = ws.run(&["templates", "eject", "page.html.tera", "--record"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(ws.read("templates/page.html.tera").contains("<!-- ours -->"));
    let (_, diags) = ws.check();
    assert!(diags.iter().all(|d| d["code"] != "template-outdated"), "{diags:#?}");
}

#[test]
fn a_copy_with_no_record_warns_only_when_it_differs_from_the_built_in() {
    let ws = TempWorkspace::sample();
    // What an older `init` left: a copy of the built-in, no record.
    ws.write("templates/email.txt.tera", builtin("email.txt.tera"));
    let (_, diags) = ws.check();
    assert!(diags.iter().all(|d| d["code"] != "template-outdated"), "{diags:#?}");
    ws.edit("templates/email.txt.tera", "{{ strings.for_hcps }}", "{{ strings.for_hcps }}.");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    let d = only(&diags, "template-outdated");
    assert_at(d, "templates/email.txt.tera", 1, "warning");
    assert!(d["message"].as_str().unwrap().contains("no record"), "{d}");
    assert_eq!(entry(&ws, "email.txt.tera")["origin"], "unrecorded");
    // A template of the workspace's own has no built-in to compare with.
    ws.write("templates/microsite.html.tera", "<p>{{ message.id }}</p>\n");
    assert_eq!(entry(&ws, "microsite.html.tera")["origin"], "workspace");
    let (_, diags) = ws.check();
    assert_eq!(diags.iter().filter(|d| d["code"] == "template-outdated").count(), 1, "{diags:#?}");
}
