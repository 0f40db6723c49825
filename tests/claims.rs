//! `unisono claims`: the library, and where a claim is used.

use crate::common::TempWorkspace;

const MSG: &str = "content/messages/sample-welcome.md";

#[test]
fn where_used_lists_the_variants_that_show_a_claim() {
    let ws = TempWorkspace::sample();
    // A claim used only in the body shows on the landing page only.
    ws.edit(MSG, "Read the Summary", "[[SA-EFF-01]] Read the Summary");
    ws.edit(MSG, "- **Efficacy.** [[SA-EFF-01]]\n", "");
    let run = ws.run(&["claims", "where-used", "SA-EFF-01", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let rows = run.json();
    let channels: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["channel"].as_str().unwrap()).collect();
    assert_eq!(channels, ["landing"]);
    assert_eq!(rows[0]["lines"], serde_json::json!([29]));

    let run = ws.run(&["claims", "where-used", "SA-DOS-01", "--format", "json"]);
    assert_eq!(run.json().as_array().unwrap().len(), 4, "a key message shows everywhere");

    let run = ws.run(&["claims", "where-used", "SA-EFF-1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `SA-EFF-01`?"), "{}", run.stderr);
}

#[test]
fn list_shows_every_claim_and_its_users() {
    let ws = TempWorkspace::sample();
    let rows = ws.run(&["claims", "list", "--format", "json"]).json();
    let ids: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["SA-DOS-01", "SA-EFF-01"]);
    assert_eq!(rows[0]["used_by"], serde_json::json!(["sample-welcome (en-GB)"]));
    assert_eq!(rows[0]["kind"], "dosing");
}
