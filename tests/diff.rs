//! `unisono diff`: every change that made a variant stale shows, as a
//! reviewer reads it; re-wrapping a paragraph is not a change.

use crate::common::review::Review;
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
