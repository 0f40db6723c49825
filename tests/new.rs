//! `unisono new`: message skeletons and translations.

use crate::common::TempWorkspace;

#[test]
fn new_message_is_structurally_valid() {
    let ws = TempWorkspace::sample();
    let run = ws.run(&["new", "sample-dosing", "--product", "sample", "--locale", "en-GB"]);
    assert_eq!(run.code, 0, "{run:?}");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().any(|d| d["code"] == "todo" && d["file"] == "content/messages/sample-dosing.md"));
}

#[test]
fn new_refuses_existing_ids_and_unknown_products() {
    let ws = TempWorkspace::sample();
    let before = ws.tree();
    let run = ws.run(&["new", "sample-welcome", "--product", "sample", "--locale", "en-GB"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    let run = ws.run(&["new", "other", "--product", "nope", "--locale", "en-GB"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown product `nope`"), "{}", run.stderr);
    assert_eq!(before, ws.tree());
}

#[test]
fn translation_carries_the_master_fingerprint_and_goes_outdated() {
    let ws = TempWorkspace::sample();
    ws.add_locale("es-ES", "Samplera redujo.", "Samplera se toma.");
    let run = ws.run(&["new", "--translate", "sample-welcome", "--locale", "es-ES"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = ws.read("content/messages/sample-welcome.es-ES.md");
    let master = std::fs::read(ws.root.join("content/messages/sample-welcome.md")).unwrap();
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(&master).iter().map(|b| format!("{b:02x}")).collect();
    assert!(text.contains(&format!("source: sha256:{hex}\n")), "{text}");
    assert!(text.contains("locale: es-ES\n"));
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(!diags.iter().any(|d| d["code"] == "translation-outdated"));

    ws.edit("content/messages/sample-welcome.md", "Read the Summary", "Please read the Summary");
    let (_, diags) = ws.check();
    let d = crate::common::only(&diags, "translation-outdated");
    crate::common::assert_at(d, "content/messages/sample-welcome.es-ES.md", 5, "warning");
}

#[test]
fn init_says_what_comes_next_with_a_cd_the_shell_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let run = crate::common::unisono(&here, &["init", "."]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("Next: `unisono check && unisono build`, then commit"), "{}", run.stdout);
    let run = crate::common::unisono(tmp.path(), &["init", "my work"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("Next: `cd 'my work' && unisono check"), "{}", run.stdout);
    assert!(run.stdout.contains("reviewers.yaml"), "{}", run.stdout);
}
