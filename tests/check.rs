//! `unisono check` on bad input: every problem SPEC §10 lists that loading
//! can meet is reported with its file, line and rule code, and nothing is
//! written.

use crate::common::{TempWorkspace, assert_at, only, unisono};
use serde_json::Value;

const MSG: &str = "content/messages/sample-welcome.md";
const PRODUCT: &str = "content/products/sample.yaml";

#[test]
fn a_new_workspace_passes_check() {
    let ws = TempWorkspace::sample();
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["severity"] == "warning"), "{diags:#?}");
    assert!(ws.root.join(".git").is_dir(), "init makes a git repository");
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let ws = TempWorkspace::sample();
    ws.edit("content/claims.yaml", "    kind: dosing", "    kind: dosing: daily");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "yaml-syntax"), "content/claims.yaml", 13, "error");
}

#[test]
fn unclosed_front_matter() {
    let ws = TempWorkspace::sample();
    let text = ws.read(MSG).replacen("---\n\n# ", "\n# ", 1);
    ws.write(MSG, text);
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "front-matter"), MSG, 1, "error");
}

#[test]
fn front_matter_syntax_error_is_placed_in_the_file() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "stage: knowledge", "stage: : knowledge");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "yaml-syntax"), MSG, 6, "error");
}

#[test]
fn unknown_key_in_channels_names_the_nearest_valid_key() {
    let ws = TempWorkspace::sample();
    ws.edit("channels.yaml", "subject_chars: 60", "subjct_chars: 60");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-key");
    assert_at(d, "channels.yaml", 6, "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `subject_chars`?"), "{d:#}");
}

#[test]
fn unknown_key_in_front_matter() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "stage: knowledge", "stage: knowledge\naudiences: [x]");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-key");
    assert_at(d, MSG, 7, "error");
    assert!(d["hint"].as_str().unwrap().contains("`audience`"), "{d:#}");
}

#[test]
fn duplicate_yaml_keys() {
    let ws = TempWorkspace::sample();
    ws.edit("content/claims.yaml", "  SA-DOS-01:", "  SA-EFF-01:");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "duplicate-key"), "content/claims.yaml", 9, "error");
}

#[test]
fn duplicate_message_ids() {
    let ws = TempWorkspace::sample();
    ws.write("content/messages/other/sample-welcome.md", ws.read(MSG));
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "duplicate-id"), "content/messages/sample-welcome.md", 2, "error");
}

#[test]
fn id_must_match_the_file_name() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "id: sample-welcome", "id: sample-hello");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "id-mismatch");
    assert_at(d, MSG, 2, "error");
    assert!(d["hint"].as_str().unwrap().contains("sample-hello.md"));
}

#[test]
fn unknown_product() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "product: sample", "product: sampel");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-product");
    assert_at(d, MSG, 3, "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `sample`?"), "{d:#}");
}

#[test]
fn unknown_claim_points_at_the_reference() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "[[SA-EFF-01]]", "[[SA-EFF-02]]");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-claim");
    assert_at(d, MSG, 25, "error");
    assert_eq!(d["column"], 17);
    assert!(d["hint"].as_str().unwrap().contains("SA-EFF-01"), "{d:#}");
}

#[test]
fn locale_the_product_lacks() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "locale: en-GB", "locale: fr-FR");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "unknown-locale"), MSG, 4, "error");
}

#[test]
fn malformed_locale() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "locale: en-GB", "locale: en_GB");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "invalid-locale"), MSG, 4, "error");
}

#[test]
fn claim_missing_the_message_locale() {
    let ws = TempWorkspace::sample();
    ws.add_product_locale("de-DE");
    ws.edit(MSG, "locale: en-GB", "locale: de-DE");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let found: Vec<_> = diags.iter().filter(|d| d["code"] == "claim-missing-locale").collect();
    assert_eq!(found.len(), 2, "{diags:#?}");
    assert_at(found[0], MSG, 25, "error");
    assert_at(found[1], MSG, 26, "error");
}

#[test]
fn retired_claim() {
    let ws = TempWorkspace::sample();
    ws.edit("content/claims.yaml", "    kind: dosing\n    status: active", "    kind: dosing\n    status: retired");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "retired-claim"), MSG, 26, "error");
}

#[test]
fn missing_key_messages_section() {
    let ws = TempWorkspace::sample();
    ws.edit(
        MSG,
        "## Key messages {#key-messages}\n\n- **Efficacy.** [[SA-EFF-01]]\n- **Simple dosing.** [[SA-DOS-01]]\n",
        "",
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_eq!(only(&diags, "missing-section")["file"], MSG);
}

#[test]
fn unknown_section_id() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "## Detail {#body}", "## Detail {#bodyy}");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-section");
    assert_at(d, MSG, 28, "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `body`?"), "{d:#}");
}

#[test]
fn section_without_id() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "## Detail {#body}", "## Detail");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "section-without-id"), MSG, 28, "error");
}

#[test]
fn two_headlines() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "## Detail {#body}\n", "## Detail {#body}\n\n# Second\n");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "multiple-headlines"), MSG, 30, "error");
}

#[test]
fn raw_html_is_a_warning_and_script_an_error() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "Read the Summary", "Read <b>the</b> Summary");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "raw HTML alone does not fail check");
    let html: Vec<_> = diags.iter().filter(|d| d["code"] == "raw-html").collect();
    assert_eq!(html.len(), 2, "{diags:#?}");
    assert_at(html[0], MSG, 30, "warning");
    assert_eq!(html[0]["column"], 6);

    ws.edit(MSG, "Read <b>the</b> Summary", "Read the Summary\n\n<script>alert('x')</script>");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "script-in-content"), MSG, 32, "error");
}

#[test]
fn javascript_links_are_errors() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "Read the Summary", "Read [the](javascript:alert(1)) Summary");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "script-in-content"), MSG, 30, "error");
}

#[test]
fn ids_that_would_escape_dist() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "id: sample-welcome", "id: ../../etc");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "invalid-id"), MSG, 2, "error");

    let ws = TempWorkspace::sample();
    ws.edit("channels.yaml", "  landing:", "  ../landing:");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "invalid-id"), "channels.yaml", 9, "error");
}

#[test]
fn non_utf8_file() {
    let ws = TempWorkspace::sample();
    let mut bytes = ws.read(MSG).into_bytes();
    let at = String::from_utf8(bytes.clone()).unwrap().find("Read the Summary").unwrap();
    bytes.insert(at + 5, 0xE9); // Latin-1 é
    ws.write(MSG, bytes);
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "not-utf8");
    assert_at(d, MSG, 30, "error");
    assert_eq!(d["column"], 6);
}

#[test]
fn file_over_the_size_limit() {
    let ws = TempWorkspace::sample();
    let mut text = ws.read(MSG);
    text.push_str(&"Padding text. ".repeat(80_000));
    ws.write(MSG, text);
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_eq!(only(&diags, "file-too-large")["file"], MSG);
}

#[test]
fn not_a_git_repository() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("channels.yaml"), "channels: {}\n").unwrap();
    let run = unisono(tmp.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not inside a git repository"), "{}", run.stderr);
    assert_eq!(crate::common::tree(tmp.path()).len(), 1, "nothing written");
}

#[test]
fn unknown_channel_in_a_message() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "stage: knowledge", "stage: knowledge\nchannels: [email, landng]");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-channel");
    assert_at(d, MSG, 7, "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `landing`?"), "{d:#}");
}

#[test]
fn all_problems_of_all_files_in_one_run() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "[[SA-EFF-01]]", "[[SA-EFF-09]]");
    ws.edit("channels.yaml", "words: 220", "wrds: 220");
    ws.edit("content/products/sample.yaml", "pi_url: https://", "pi_url: ftp://");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    for c in ["unknown-claim", "unknown-key", "invalid-url"] {
        only(&diags, c);
    }
}

#[test]
fn human_output_shows_the_source_line_and_a_caret() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "[[SA-EFF-01]]", "[[SA-EFF-02]]");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 1);
    let expected = "error[unknown-claim]: unknown claim `SA-EFF-02`
  --> content/messages/sample-welcome.md:25:17
   |
25 | - **Efficacy.** [[SA-EFF-02]]
   |                 ^^^^^^^^^^^^^
   |
   = help: did you mean `SA-EFF-01`? claims are defined in content/claims.yaml
";
    assert!(run.stdout.starts_with(expected), "got:\n{}", run.stdout);
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let ws = TempWorkspace::sample();
    assert_eq!(ws.run(&["check"]).code, 0);
    assert_eq!(ws.run(&["check", "--deny-warnings"]).code, 1, "the sample has no reviewers: warnings");
}

#[test]
fn a_locale_without_sender_is_an_error_when_its_messages_go_to_email() {
    let ws = TempWorkspace::sample();
    ws.edit(PRODUCT, "    sender: Samplera Medical Information <medinfo@samplera.example>\n", "");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "missing-sender");
    assert_at(d, PRODUCT, 6, "error");
    assert_eq!(d["hint"], "add `sender: Name <address@your-domain>` under the locale", "{d:#}");
    // Nothing invents one: the build refuses the email rather than send as no one.
    let run = ws.run(&["build"]);
    assert_ne!(run.code, 0, "{run:?}");
    assert!(!format!("{}{}", run.stdout, run.stderr).contains(".invalid"), "{run:?}");
}

#[test]
fn a_locale_without_sender_is_fine_when_no_message_goes_to_email() {
    let ws = TempWorkspace::sample();
    ws.edit(PRODUCT, "    sender: Samplera Medical Information <medinfo@samplera.example>\n", "");
    ws.edit(MSG, "stage: knowledge", "stage: knowledge\nchannels: [landing, video]");
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["code"] != "missing-sender"), "{diags:#?}");
}

#[test]
fn a_sender_that_is_not_a_mailbox_is_an_error() {
    let ws = TempWorkspace::sample();
    ws.edit(PRODUCT, "<medinfo@samplera.example>", "medinfo");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "invalid-value");
    assert_at(d, PRODUCT, 16, "error");
}

#[test]
fn every_finding_in_one_run_structural_errors_do_not_hide_the_vocabulary() {
    let ws = TempWorkspace::sample();
    let master = ws.read(MSG);
    for (n, id) in [(2, "sample-second"), (3, "sample-third")] {
        let text =
            master.replace("id: sample-welcome", &format!("id: {id}")).replace("UK-SA-0001", &format!("UK-SA-000{n}"));
        ws.write(&format!("content/messages/{id}.md"), text);
    }
    let body = "Samplera (exemplinib) is a once-daily oral treatment for adults.";
    // One structural error (a claim citing a reference that does not exist)…
    ws.edit("content/claims.yaml", "references: [REF-SMPC]", "references: [REF-NOPE]");
    // …and three vocabulary findings, each in its own message.
    ws.edit(MSG, body, "Samplera (exemplinib) is the best once-daily oral treatment for adults.");
    ws.edit("content/messages/sample-second.md", body, &body.replace("once-daily", "revolutionary once-daily"));
    ws.edit("content/messages/sample-third.md", body, &body.replace("a once-daily", "a safe once-daily"));
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "unknown-reference"), "content/claims.yaml", 12, "error");
    let mut vocabulary: Vec<(&str, &str)> = diags
        .iter()
        .filter(|d| ["absolute-claim", "banned-term", "unqualified-safe"].contains(&d["code"].as_str().unwrap()))
        .map(|d| (d["file"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    vocabulary.sort();
    assert_eq!(
        vocabulary,
        [
            ("content/messages/sample-second.md", "absolute-claim"),
            ("content/messages/sample-third.md", "unqualified-safe"),
            ("content/messages/sample-welcome.md", "absolute-claim"),
        ],
        "{diags:#?}"
    );
}

#[test]
fn a_message_that_cannot_be_parsed_is_reported_once_and_the_rest_is_still_checked() {
    let ws = TempWorkspace::sample();
    let master = ws.read(MSG);
    ws.write(
        "content/messages/sample-broken.md",
        master.replace("id: sample-welcome", "id: sample-broken\n  bad: [").replace("UK-SA-0001", "UK-SA-0009"),
    );
    ws.edit(MSG, "is a once-daily", "is the best once-daily");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let broken: Vec<&Value> = diags.iter().filter(|d| d["file"] == "content/messages/sample-broken.md").collect();
    assert_eq!(broken.len(), 1, "{diags:#?}");
    assert_eq!(broken[0]["code"], "yaml-syntax", "{diags:#?}");
    assert_at(only(&diags, "absolute-claim"), MSG, 21, "error");
}

#[test]
fn a_colon_in_a_subject_says_put_the_value_in_quotes() {
    let ws = TempWorkspace::sample();
    ws.edit(MSG, "subject: Introducing Samplera for your patients", "subject: Samplera: the choice for your patients");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "yaml-syntax");
    assert_at(d, MSG, 10, "error");
    let hint = d["hint"].as_str().unwrap();
    assert!(hint.contains(r#"`subject: "Samplera: the choice for your patients"`"#), "{hint}");
    assert!(!hint.contains("indentation"), "{hint}");
}

#[test]
fn front_matter_mistakes_each_get_the_fix_to_type() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "subject: Introducing Samplera for your patients",
            "subject: *New* for your patients",
            r#"`subject: "*New* for your patients"`"#,
        ),
        (
            "subject: Introducing Samplera for your patients",
            "subject: @Samplera news",
            r#"`subject: "@Samplera news"`"#,
        ),
        ("  subject: Introducing", "\tsubject: Introducing", "indented with a tab"),
        (
            "subject: Introducing Samplera for your patients",
            "subject:\n    - Introducing Samplera\n    - for your patients",
            "`subject` takes one text, not a list",
        ),
    ];
    for (from, to, want) in cases {
        let ws = TempWorkspace::sample();
        ws.edit(MSG, from, to);
        let (code, diags) = ws.check();
        assert_eq!(code, 1, "{to}");
        let d = diags.iter().find(|d| d["file"] == MSG && d["severity"] == "error").expect("an error");
        let hint = d["hint"].as_str().unwrap();
        assert!(hint.contains(want), "{to:?}: {hint}");
    }
}

/// `check` converts the Veeva form of an email only for its errors (the rules
/// read the HTML form): an error that only the `{% if veeva %}` branch of the
/// email template makes — in Tera, in the MJML, in its conversion — is
/// reported by `check` as by `build`.
#[test]
fn errors_only_in_the_veeva_branch_of_the_email_are_reported() {
    const GREETING: &str = "        <mj-text>{% if veeva %}{{ strings.veeva_salutation }}{% else %}{{ strings.greeting }}{% endif %}</mj-text>\n";
    for (branch, says) in [
        ("{{ strings.no_such_string }}", "`strings.no_such_string` not found"),
        ("</mj-column>", "the MJML is not valid"),
        // mrml parses a comment in a carousel, then cannot draw its radio buttons.
        ("<mj-carousel><!-- x --><mj-carousel-image src=\"a.png\" /></mj-carousel>", "MJML rendering failed"),
    ] {
        let ws = TempWorkspace::sample();
        ws.eject("email.mjml.tera").edit(
            "templates/email.mjml.tera",
            GREETING,
            &format!("{GREETING}{{% if veeva %}}{branch}{{% endif %}}\n"),
        );
        let (code, diags) = ws.check();
        assert_eq!(code, 1, "{branch}: {diags:#?}");
        let d = only(&diags, "template-error");
        assert_eq!(d["file"], "templates/email.mjml.tera", "{d:#}");
        assert!(d["message"].as_str().unwrap().contains(says), "{branch}: {d:#}");
        let build = ws.run(&["build"]);
        assert_eq!(build.code, 1, "{build:?}");
        assert!(build.stderr.contains(says), "{branch}: {}", build.stderr);
    }
}

/// The video rule (length, caption speed) reads the scenes the video variant
/// timed when `check` renders it; it still runs, once, when the video
/// template fails and when the workspace has errors that stop rendering.
#[test]
fn the_video_rule_runs_whether_or_not_the_video_renders() {
    let too_long = |ws: &TempWorkspace| {
        ws.edit("channels.yaml", "limits: { seconds: 90, ", "limits: { seconds: 45, ");
    };
    let ws = TempWorkspace::sample();
    too_long(&ws);
    let (_, diags) = ws.check();
    assert_at(only(&diags, "video-too-long"), MSG, 13, "error");

    let ws = TempWorkspace::sample();
    too_long(&ws);
    ws.eject("video.html.tera").edit("templates/video.html.tera", "</body>", "{{ no_such_value }}</body>");
    let (_, diags) = ws.check();
    assert_eq!(only(&diags, "template-error")["file"], "templates/video.html.tera", "{diags:#?}");
    assert_at(only(&diags, "video-too-long"), MSG, 13, "error");

    let ws = TempWorkspace::sample();
    too_long(&ws);
    ws.write("content/messages/broken.md", "no front matter\n");
    let (_, diags) = ws.check();
    assert_eq!(only(&diags, "front-matter")["file"], "content/messages/broken.md", "{diags:#?}");
    assert_at(only(&diags, "video-too-long"), MSG, 13, "error");
}
