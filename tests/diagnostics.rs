//! Snapshots of the whole terminal output of `unisono check` (run as a real
//! binary, with `NO_COLOR`) for one error of every rule family, so a change to
//! the wording or the rendering of a diagnostic shows up as a reviewed diff.
//!
//! The snapshots live in `tests/snapshots/`. A test fails when the output
//! differs from its snapshot; to accept a deliberate change, run
//! `cargo insta review` (cargo-insta) or
//! `INSTA_UPDATE=always cargo test --test diagnostics` and commit the `.snap`
//! files.

use crate::common::TempWorkspace;

const MSG: &str = "content/messages/sample-welcome.md";
const PRODUCT: &str = "content/products/sample.yaml";

/// Runs `check` in `ws` and returns everything it printed, stdout then
/// stderr, with the temporary directory replaced by `[TMP]`.
fn check_output(ws: &TempWorkspace) -> String {
    let run = ws.run(&["check"]);
    let mut out = format!("exit code: {}\n--- stdout\n{}", run.code, run.stdout);
    if !run.stderr.is_empty() {
        out.push_str("--- stderr\n");
        out.push_str(&run.stderr);
    }
    assert!(!out.contains('\x1b'), "NO_COLOR output has escape codes:\n{out}");
    let tmp = ws.root.parent().unwrap();
    for dir in [tmp.canonicalize().unwrap(), tmp.to_path_buf()] {
        out = out.replace(&dir.display().to_string(), "[TMP]");
    }
    out
}

fn snapshot(name: &str, ws: &TempWorkspace) {
    insta::assert_snapshot!(name, check_output(ws));
}

#[test]
fn yaml_syntax() {
    let ws = TempWorkspace::sample();
    ws.edit("content/claims.yaml", "    kind: dosing", "    kind: dosing: daily");
    snapshot("yaml_syntax", &ws);
}

#[test]
fn unknown_key_with_the_nearest_key() {
    let ws = TempWorkspace::sample();
    ws.edit("channels.yaml", "subject_chars: 60", "subjct_chars: 60");
    snapshot("unknown_key", &ws);
}

#[test]
fn unknown_claim() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "[[SA-EFF-01]]", "[[SA-EFF-02]]");
    snapshot("unknown_claim", &ws);
}

#[test]
fn message_shape_missing_headline() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "# Samplera (exemplinib): one tablet, once daily\n", "");
    snapshot("missing_headline", &ws);
}

#[test]
fn claim_missing_locale() {
    let ws = TempWorkspace::sample();
    ws.add_product_locale("de-DE");
    ws.edit(MSG, "locale: en-GB", "locale: de-DE");
    snapshot("claim_missing_locale", &ws);
}

#[test]
fn template_syntax() {
    let ws = TempWorkspace::sample();
    ws.eject("page.html.tera").edit(
        "templates/page.html.tera",
        "<h1>{{ headline.html | safe }}</h1>",
        "<h1>{{ headline.html | safe }</h1>",
    );
    snapshot("template_syntax", &ws);
}

#[test]
fn vocabulary_banned_term() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "is a once-daily oral treatment", "is a game-changer and a once daily tablet");
    snapshot("banned_term", &ws);
}

#[test]
fn register_informal_address() {
    let ws = TempWorkspace::sample();
    ws.add_locale("de-DE", "Samplera senkte den Endpunkt um 40 %.", "Samplera wird einmal täglich eingenommen.");
    ws.edit(MSG, "locale: en-GB", "locale: de-DE");
    ws.edit(
        MSG,
        "Samplera (exemplinib) is a once-daily oral treatment for adults.",
        "Samplera (exemplinib) hilft dir im Alltag.",
    );
    snapshot("informal_address", &ws);
}

#[test]
fn not_utf8() {
    let ws = TempWorkspace::sample();
    let mut bytes = ws.read(MSG).into_bytes();
    let at = ws.read(MSG).find("Read the Summary").unwrap();
    bytes.insert(at + 5, 0xE9); // Latin-1 é
    ws.write(MSG, bytes);
    snapshot("not_utf8", &ws);
}

#[test]
fn control_character() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "once-daily oral", "once-daily\0 oral");
    let out = check_output(&ws);
    assert!(!out.contains('\0'), "the raw byte is not printed back:\n{out}");
    insta::assert_snapshot!("control_character", out);
}

#[test]
fn nesting_too_deep() {
    let ws = TempWorkspace::sample();
    let deep = format!("{}x{}", "_".repeat(4000), "_".repeat(4000));
    ws.edit(PRODUCT, "      Refer to the Summary", &format!("      {deep}\n      Refer to the Summary"));
    snapshot("nesting_too_deep", &ws);
}

#[cfg(unix)]
#[test]
fn symlink() {
    let ws = TempWorkspace::sample();
    let outside = ws.root.parent().unwrap().join("elsewhere.md");
    std::fs::write(&outside, "---\nid: elsewhere\n---\n# Secret\n").unwrap();
    std::os::unix::fs::symlink(&outside, ws.root.join("content/messages/elsewhere.md")).unwrap();
    snapshot("symlink", &ws);
}

/// Wide (CJK) characters and a combining mark before the offending text: the
/// carets sit under it by display width, not by character count.
#[test]
fn carets_under_wide_and_combining_characters() {
    let ws = TempWorkspace::sample();
    let line = "Samplera 患者 cafe\u{301} is a game-changer for adults.";
    ws.edit(MSG, "Samplera (exemplinib) is a once-daily oral treatment for adults.", line);
    let out = check_output(&ws);
    let lines: Vec<&str> = out.lines().collect();
    let i = lines.iter().position(|l| l.ends_with(line)).unwrap_or_else(|| panic!("no source line:\n{out}"));
    let carets = lines[i + 1];
    let bar = carets.find('|').unwrap();
    let start = carets.find('^').unwrap() - bar - 2;
    let width = carets.matches('^').count();
    // "Samplera " 9 + "患者" 4 + " " 1 + "café" 4 + " is a " 6 display columns.
    assert_eq!(start, 24, "{out}");
    assert_eq!(width, "game-changer".len(), "{out}");
    insta::assert_snapshot!("wide_and_combining", out);
}
