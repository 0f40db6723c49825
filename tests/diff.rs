//! `unisono diff`: every change that made a variant stale shows, as a
//! reviewer reads it; re-wrapping a paragraph is not a change.

use crate::common::review::Review;
use scraper::{Html, Selector};
use serde_json::Value;

const MSG: &str = "content/messages/sample-welcome.md";
const PRODUCT: &str = "content/products/sample.yaml";

/// The variant entries of `diff` since the last approval: (label, text).
fn diff(r: &Review) -> Vec<(String, String)> {
    let run = r.run(&["diff", "sample-welcome", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let d: Value = run.json();
    d["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v[0].as_str().unwrap().to_string(), v[1].as_str().unwrap().to_string()))
        .collect()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The email's changes on the review page, built from disk: the word diff
/// (`del`/`ins` as `[-…-]{+…+}`) or the changed files, and the current
/// rendering with its highlighted words.
fn page_changes(r: &Review) -> (String, String) {
    assert_eq!(r.run(&["build"]).code, 0);
    let dist = r.ws.root.join("dist");
    let doc = Html::parse_document(&r.ws.read("dist/_review/en-GB/sample-welcome.html"));
    let section = doc.select(&sel("#changes section.change[data-channel=email]")).next().expect("the email changed");
    let mut shown = String::new();
    for form in section.select(&sel("div.form")) {
        let forms = form.value().attr("data-forms").unwrap();
        if !forms.split('|').any(|f| f == "email") {
            continue;
        }
        for line in form.select(&sel(".word-diff p, p.files-changed")) {
            for node in line.children() {
                match node.value() {
                    scraper::Node::Text(t) => shown.push_str(t),
                    scraper::Node::Element(e) => {
                        let text: String = scraper::ElementRef::wrap(node).unwrap().text().collect();
                        match e.name() {
                            "del" => shown.push_str(&format!("[-{text}-]")),
                            "ins" => shown.push_str(&format!("{{+{text}+}}")),
                            _ => shown.push_str(&text),
                        }
                    }
                    _ => {}
                }
            }
            shown.push('\n');
        }
    }
    let frames: Vec<&str> = section.select(&sel("iframe")).map(|f| f.value().attr("src").unwrap()).collect();
    assert_eq!(frames.len(), 2, "approved and now side by side");
    let base = dist.join("_review/en-GB");
    for f in &frames {
        assert!(base.join(f).is_file(), "{f} does not resolve");
    }
    let now = Html::parse_document(&std::fs::read_to_string(base.join(frames[1])).unwrap());
    let marked: Vec<String> = now.select(&sel("mark.unisono-added")).map(|m| m.text().collect()).collect();
    (shown, marked.join(" "))
}

fn of<'a>(entries: &'a [(String, String)], label: &str) -> &'a str {
    entries
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {label} in {entries:#?}"))
}

#[test]
fn every_change_that_makes_a_variant_stale_shows_in_diff() {
    let r = Review::new();
    r.ws.eject("email.mjml.tera").commit("Eject the email template");
    r.approve_all();
    // Diffs are since the last approval: the layout-only change comes first.
    let edits: [(&str, &str, &str, &str, &str); 6] = [
        (
            "template",
            "templates/email.mjml.tera",
            "background-color=\"#f4f6f8\"",
            "background-color=\"#f5f6f8\"",
            "changed files",
        ),
        ("subject", MSG, "subject: Introducing Samplera", "subject: Meet Samplera", "{+Meet+}"),
        (
            "preheader",
            MSG,
            "preheader: One tablet once daily",
            "preheader: One tablet a day",
            "Preheader: One tablet [-once-]{+a+}",
        ),
        ("ISI", PRODUCT, "Monitor liver function before", "Monitor hepatic function before", "{+hepatic+}"),
        ("claim wording", "content/claims.yaml", "by 40% versus placebo", "by 40 % versus placebo", "{+40 %"),
        (
            "product data",
            PRODUCT,
            "https://samplera.example/uk/prescribing-information",
            "https://samplera.example/uk/pi",
            "pi",
        ),
    ];
    for (what, file, from, to, want) in edits {
        r.ws.edit(file, from, to);
        r.ws.commit(what);
        let entries = diff(&r);
        let email = of(&entries, "email");
        assert!(email.contains(want), "{what}: {email}");
        // The same on the review page, and highlighted in the rendering
        // when the words are in the email's body.
        let (shown, marked) = page_changes(&r);
        assert!(shown.contains(want), "{what} on the page: {shown}");
        if what == "ISI" {
            assert!(marked.contains("hepatic"), "{what} highlighted: {marked}");
        }
    }
}

#[test]
fn rewrapping_is_not_a_change() {
    let r = Review::new();
    r.approve_all();
    // A paragraph re-wrapped over two lines: the source changed, the words did not.
    r.ws.edit(
        MSG,
        "Samplera (exemplinib) is a once-daily oral treatment for adults.",
        "Samplera (exemplinib) is a once-daily\noral treatment for adults.",
    );
    r.ws.commit("Re-wrap");
    for (label, text) in diff(&r) {
        assert!(!text.contains("[-") && !text.contains("{+"), "{label} shows words changed: {text}");
    }
}

#[test]
fn the_review_page_highlights_changed_words_without_running_content() {
    let r = Review::new();
    r.approve_all();
    // A hostile edit (raw HTML is refused, escaped brackets are words):
    // markup in the writer's words stays text in both renderings.
    r.ws.edit(
        MSG,
        "Samplera (exemplinib) is a once-daily oral treatment for adults.",
        "Samplera (exemplinib) is a once-daily oral treatment for adults \\<script\\>alert(1)\\</script\\> \\<mark\\>x.",
    );
    r.ws.commit("Hostile");
    assert_eq!(r.run(&["build"]).code, 0);
    let dir = r.ws.root.join("dist/_review/en-GB/sample-welcome/changes");
    for channel in ["email", "landing"] {
        let now = std::fs::read_to_string(dir.join(channel).join("now/index.html")).unwrap();
        let doc = Html::parse_document(&now);
        let scripts: String = doc.select(&sel("script")).flat_map(|s| s.text()).collect();
        assert!(!scripts.contains("alert"), "{channel}: {now}");
        let marked: Vec<String> = doc.select(&sel("mark")).map(|m| m.text().collect()).collect();
        assert!(marked.iter().all(|m| !m.is_empty()), "{marked:?}");
        assert!(marked.concat().contains("<script>alert(1)</script>"), "{channel}: {marked:?}");
        assert!(marked.concat().contains("<mark>x"), "{channel}: {marked:?}");
        assert!(doc.select(&sel("mark.unisono-added")).count() >= 1);
    }
    // Approving again takes the changes (and their files) away, and the
    // approved piece gets its certificate.
    r.ws.edit(MSG, " \\<script\\>alert(1)\\</script\\> \\<mark\\>x.", ", as before.");
    r.ws.commit("Calmer");
    r.approve_all();
    assert_eq!(r.run(&["build"]).code, 0);
    assert!(!dir.exists(), "the old renderings are removed");
    let page = r.ws.read("dist/_review/en-GB/sample-welcome.html");
    let doc = Html::parse_document(&page);
    assert!(doc.select(&sel("#changes")).next().is_none());
    let cert = doc.select(&sel("a.certificate")).next().expect("a certificate link").value().attr("href").unwrap();
    let cert = r.ws.read(&format!("dist/_review/en-GB/{cert}"));
    let cert = Html::parse_document(&cert);
    assert_eq!(cert.select(&sel("section.signer")).count(), 3);
}

#[test]
fn the_changes_stay_until_every_role_has_seen_them_and_merges_are_followed() {
    use crate::common::git;
    let r = Review::new();
    r.approve_all();
    r.ws.edit(MSG, "Simple dosing.", "Easy dosing.");
    r.ws.commit("v1");
    // Medical approves v1 on a branch while the writer goes on.
    git(&r.ws.root, &["checkout", "-q", "-b", "review"]);
    assert_eq!(r.approve("ana", "medical").code, 0);
    git(&r.ws.root, &["checkout", "-q", "-"]);
    r.ws.edit(MSG, "Easy dosing.", "Effortless dosing.");
    r.ws.commit("v2");
    git(&r.ws.root, &["merge", "-q", "--no-edit", "review"]);
    // Since the newest approval of other bytes (medical's, of v1): v1 → v2.
    let email = of(&diff(&r), "email").to_string();
    assert!(email.contains("[-Easy-]{+Effortless+}"), "{email}");
    let (shown, _) = page_changes(&r);
    assert!(shown.contains("[-Easy-]{+Effortless+}"), "{shown}");
    // Medical approves v2: legal and regulatory still see what changed
    // since the bytes they approved.
    assert_eq!(r.approve("ana", "medical").code, 0);
    let (shown, _) = page_changes(&r);
    assert!(shown.contains("Effortless"), "{shown}");
    // A record copied under a new name (unsigned) is no approval to compare with.
    let record = r.record("approved-legal");
    let copy = record.with_file_name("29991231T000000Z-approved-legal-tom.txt");
    std::fs::copy(&record, &copy).unwrap();
    r.ws.commit("A copied record");
    let (shown, _) = page_changes(&r);
    assert!(shown.contains("Effortless"), "{shown}");
}

#[test]
fn a_state_file_edited_by_hand_neither_misleads_nor_deletes() {
    let r = Review::new();
    r.approve_all();
    assert_eq!(r.run(&["build"]).code, 0);
    let state_path = r.ws.root.join("dist/.unisono/state.json");
    let certificate = "dist/_review/en-GB/sample-welcome/certificate.html";
    let real = r.ws.read(certificate);
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut state: Value = serde_json::from_str(&std::fs::read_to_string(&state_path).unwrap()).unwrap();
        f(&mut state);
        std::fs::write(&state_path, state.to_string()).unwrap();
    };
    // The remembered approval commit replaced by one that does not exist,
    // then by the tip (which exists but added no record).
    let head = crate::common::git(&r.ws.root, &["rev-parse", "HEAD"]).trim().to_string();
    for forged in ["0123456789abcdef0123456789abcdef01234567", head.as_str()] {
        edit(&|s| s["approvals"]["commits"][0][1] = Value::from(forged));
        std::fs::remove_file(r.ws.root.join(certificate)).unwrap();
        assert_eq!(r.run(&["build"]).code, 0);
        assert_eq!(r.ws.read(certificate), real, "{forged}");
    }
    // A user's files listed as a page's are never removed.
    let page = "_review/en-GB/sample-welcome.html";
    edit(&|s| s["page_files"][page] = serde_json::json!(["notes.txt", "_review/en-GB/notes.txt"]));
    r.ws.write("dist/notes.txt", "mine");
    r.ws.write("dist/_review/en-GB/notes.txt", "mine too");
    r.ws.edit(MSG, "Simple dosing.", "Easy dosing.");
    r.ws.commit("An edit");
    assert_eq!(r.run(&["build"]).code, 0);
    assert_eq!(r.ws.read("dist/notes.txt"), "mine");
    assert_eq!(r.ws.read("dist/_review/en-GB/notes.txt"), "mine too");
}
