//! Review of issue #14 (journeys): defects found by a hostile review, each
//! with the input that showed it.

use crate::common::{TempWorkspace, only};

const HEADER: &str = "time,hcp,locale,message,channel,event,key_messages\n";

/// `sample-start`: the sample message with `extra` key messages after its two.
fn start_message(ws: &TempWorkspace, extra: &[&str]) {
    let master = ws.read("content/messages/sample-welcome.md");
    let more: String = extra.iter().map(|k| format!("- **{k}.** A nurse service helps patients start.\n")).collect();
    ws.write(
        "content/messages/sample-start.md",
        master
            .replace("id: sample-welcome", "id: sample-start")
            .replace("UK-SA-0001", "UK-SA-0002")
            .replace("stage: knowledge", "stage: action")
            .replace("- **Simple dosing.** [[SA-DOS-01]]\n", &format!("- **Simple dosing.** [[SA-DOS-01]]\n{more}")),
    );
}

const FOLLOW_UP: &str = "\
id: welcome
product: sample
steps:
  - id: invite
    message: sample-welcome
    channel: email
  - id: visit
    after: invite
    when: opened
    message: sample-start
    channel: edetail
  - id: follow-up
    after: visit
    wait: 2d
    message: sample-start
    channel: email
    covers: undiscussed
";

/// Input: `covers: undiscussed` on a message with six key messages (the
/// e-detail channel without a limit on key messages). What happened:
/// `check` passed, the variant carried no subset forms (there are at most
/// 2⁵ − 2), and `plan` planned `…/email/covers/1-3-4-5-6` with the
/// variant's fingerprint: a form that does not exist and no one signed.
/// Now `check` says the message has too many key messages for it.
#[test]
fn covers_undiscussed_on_a_message_with_more_key_messages_than_subset_forms_is_an_error() {
    let ws = TempWorkspace::sample();
    ws.edit("channels.yaml", "limits: { words_per_slide: 40, key_messages: 5 }", "limits: { words_per_slide: 40 }");
    start_message(&ws, &["Support", "Titration", "Monitoring", "Adherence"]);
    ws.write("journeys/welcome.yaml", FOLLOW_UP);
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = only(&diags, "covers-not-applicable");
    assert_eq!(d["file"], "journeys/welcome.yaml");
    assert_eq!(d["line"], 17, "{d:#}");
    assert!(d["message"].as_str().unwrap().contains("6 key messages"), "{d:#}");

    // Five key messages: 30 forms, and the plan names one of them.
    let ws = TempWorkspace::sample();
    start_message(&ws, &["Support", "Titration", "Monitoring"]);
    ws.write("journeys/welcome.yaml", FOLLOW_UP);
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
}
