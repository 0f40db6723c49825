//! Audiences are declared in `channels.yaml`; `check` holds every
//! message's `audience:` to them, and `new` fills them in.

use crate::common::{TempWorkspace, assert_at, only};

const MSG: &str = "content/messages/sample-welcome.md";

#[test]
fn an_undeclared_audience_is_an_error_at_its_value_with_the_nearest_name() {
    let ws = TempWorkspace::sample();
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    ws.edit(MSG, "audience: [primary-care]", "audience: [primary-care, cardiolgy]");
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = only(&diags, "unknown-audience");
    assert_at(d, MSG, 5, "error");
    assert_eq!(d["column"], 26, "{d:#}");
    let hint = d["hint"].as_str().unwrap();
    assert!(hint.contains("did you mean `cardiology`?") && hint.contains("primary-care, cardiology"), "{hint}");
    // A block list is read the same way, each value at its own line.
    ws.edit(MSG, "audience: [primary-care, cardiolgy]", "audience:\n  - primary-care\n  - pharmacy");
    let (_, diags) = ws.check();
    let d = only(&diags, "unknown-audience");
    assert_at(d, MSG, 7, "error");
    assert_eq!(d["column"], 5, "{d:#}");
}

#[test]
fn an_empty_or_missing_audience_is_an_error_that_says_what_to_write() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "audience: [primary-care]", "audience: []");
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = only(&diags, "no-audience");
    assert_at(d, MSG, 5, "error");
    assert!(d["hint"].as_str().unwrap().contains("`audience: [primary-care]`"), "{d:#}");
    ws.edit(MSG, "audience: []\n", "");
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    assert_eq!(only(&diags, "no-audience")["severity"], "error");
}

#[test]
fn declared_audiences_are_ids_each_listed_once() {
    let ws = TempWorkspace::sample();
    ws.edit("channels.yaml", "  - id: cardiology\n", "  - Primary Care\n  - cardiology\n  - id: cardiology\n");
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let line = |needle: &str| ws.read("channels.yaml").lines().position(|l| l == needle).unwrap() as u64 + 1;
    assert_at(only(&diags, "invalid-id"), "channels.yaml", line("  - Primary Care"), "error");
    assert_at(only(&diags, "duplicate-id"), "channels.yaml", line("  - id: cardiology"), "error");
}

#[test]
fn new_fills_in_the_declared_audiences() {
    let ws = TempWorkspace::sample();
    let run = ws.run(&["new", "sample-dosing", "--product", "sample", "--locale", "en-GB"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = ws.read("content/messages/sample-dosing.md");
    assert!(text.contains("\naudience: [primary-care]   # also declared: cardiology\n"), "{text}");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["code"] != "no-audience" && d["code"] != "unknown-audience"), "{diags:#?}");
}

#[test]
fn without_declared_audiences_check_warns_once_and_checks_no_values() {
    let ws = TempWorkspace::sample();
    let channels = ws.read("channels.yaml");
    let start = channels.find("audiences:").unwrap();
    ws.write("channels.yaml", &channels[..start]);
    ws.edit(MSG, "audience: [primary-care]", "audience: [oncology]");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "a warning, not an error: {diags:#?}");
    let d = only(&diags, "no-audience");
    assert_at(d, "channels.yaml", 1, "warning");
    assert!(d["hint"].as_str().unwrap().contains("audiences: [oncology]"), "{d:#}");
    assert!(diags.iter().all(|d| d["code"] != "unknown-audience"), "{diags:#?}");
    // The skeleton then says where to declare them.
    let run = ws.run(&["new", "sample-dosing", "--product", "sample", "--locale", "en-GB"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(ws.read("content/messages/sample-dosing.md").contains("audience: []   # who it is for"));
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert_at(
        diags.iter().find(|d| d["code"] == "no-audience" && d["file"] != "channels.yaml").unwrap(),
        "content/messages/sample-dosing.md",
        5,
        "warning",
    );
}
