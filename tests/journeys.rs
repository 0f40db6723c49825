//! Journeys: `journeys/<id>.yaml` read strictly and checked against the
//! content it sequences.

use crate::common::{TempWorkspace, assert_at, only};
use serde_json::Value;

const J: &str = "journeys/welcome.yaml";

/// A sample workspace with a second message (a later stage) and a journey.
fn with_journey(journey: &str) -> TempWorkspace {
    let ws = TempWorkspace::sample();
    ws.add_start_message(&[]);
    ws.write(J, journey);
    ws
}

const GOOD: &str = "\
id: welcome
product: sample
audience: [primary-care]
steps:
  - id: invite
    message: sample-welcome
    channel: email
  - id: visit
    after: invite
    when: opened
    within: 14d
    message: sample-welcome
    channel: edetail
  - id: follow-up
    after: visit
    wait: 2d
    message: sample-welcome
    channel: landing
    covers: undiscussed
  - id: nudge
    after: invite
    when: none
    within: 14d
    message: sample-start
    channel: landing
";

fn errors_in_journey(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .filter(|d| d["file"] == J)
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_sound_journey_passes_check() {
    let ws = with_journey(GOOD);
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(errors_in_journey(&diags), [], "{diags:#?}");
}

#[test]
fn unknown_keys_steps_messages_and_channels_point_at_their_line() {
    let ws = with_journey(
        &GOOD.replace("    within: 14d\n    message: sample-welcome", "    withn: 14d\n    message: sample-welcome"),
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "unknown-key");
    assert_at(d, J, 11, "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `within`?"), "{d:#}");

    let ws = with_journey(
        &GOOD
            .replace("after: visit", "after: vist")
            .replace("message: sample-start\n    channel: landing", "message: sample-strat\n    channel: landng"),
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_eq!(
        errors_in_journey(&diags),
        [("unknown-step".into(), 15), ("unknown-message".into(), 24), ("unknown-channel".into(), 25)],
        "{diags:#?}"
    );
    assert!(only(&diags, "unknown-step")["hint"].as_str().unwrap().contains("did you mean `visit`?"));
    assert!(only(&diags, "unknown-message")["hint"].as_str().unwrap().contains("did you mean `sample-start`?"));
}

#[test]
fn a_journey_audience_must_be_declared() {
    let ws = with_journey(&GOOD.replace("audience: [primary-care]", "audience: [primary-care, oncology]"));
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = only(&diags, "unknown-audience");
    assert_at(d, J, 3, "error");
    assert_eq!(d["column"], 26, "{d:#}");
}

#[test]
fn a_message_must_go_to_the_steps_channel() {
    let ws = with_journey(GOOD);
    ws.edit("content/messages/sample-welcome.md", "stage: knowledge", "stage: knowledge\nchannels: [email, landing]");
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "channel-not-in-message"), J, 13, "error");
}

#[test]
fn cycles_unreachable_steps_and_two_entries_are_errors() {
    let cyclic = GOOD.replace("  - id: visit\n    after: invite", "  - id: visit\n    after: follow-up");
    let ws = with_journey(&cyclic);
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let d = only(&diags, "journey-cycle");
    assert!(d["message"].as_str().unwrap().contains("visit → follow-up → visit"), "{d:#}");

    // A step hanging off the circle can never be reached.
    let hanging = format!("{cyclic}  - id: later\n    after: visit\n    message: sample-start\n    channel: landing\n");
    let (_, diags) = with_journey(&hanging).check();
    assert_at(only(&diags, "unreachable-step"), J, 27, "error");

    let two = GOOD.replace("  - id: nudge\n    after: invite\n    when: none\n    within: 14d\n", "  - id: nudge\n");
    let (code, diags) = with_journey(&two).check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "multiple-entry-steps"), J, 20, "error");
}

#[test]
fn covers_undiscussed_needs_a_channel_that_can_show_a_subset_after_a_visit() {
    let ws = with_journey(&GOOD.replace(
        "    message: sample-welcome\n    channel: landing\n    covers: undiscussed",
        "    message: sample-welcome\n    channel: video\n    covers: undiscussed",
    ));
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "covers-not-applicable"), J, 19, "error");

    let after_email = GOOD.replace("  - id: follow-up\n    after: visit", "  - id: follow-up\n    after: invite");
    let (code, diags) = with_journey(&after_email).check();
    assert_eq!(code, 1);
    assert!(only(&diags, "covers-not-applicable")["message"].as_str().unwrap().contains("does not follow a visit"));
}

#[test]
fn durations_and_when_none_are_checked() {
    let (code, diags) = with_journey(&GOOD.replace("wait: 2d", "wait: two days")).check();
    assert_eq!(code, 1);
    let d = only(&diags, "invalid-value");
    assert_at(d, J, 16, "error");
    assert!(d["hint"].as_str().unwrap().contains("`wait: 14d`"), "{d:#}");

    let (code, diags) = with_journey(&GOOD.replace("    when: none\n    within: 14d\n", "    when: none\n")).check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "missing-key"), J, 22, "error");

    let (code, diags) = with_journey(&GOOD.replace("when: opened", "when: read")).check();
    assert_eq!(code, 1);
    assert!(only(&diags, "invalid-value")["hint"].as_str().unwrap().contains("opened"));
}

#[test]
fn going_back_a_stage_is_a_warning() {
    let back = GOOD.replace(
        "  - id: invite\n    message: sample-welcome\n    channel: email",
        "  - id: invite\n    message: sample-start\n    channel: video",
    );
    let (code, diags) = with_journey(&back).check();
    assert_eq!(code, 0, "a warning: {diags:#?}");
    let d = only(&diags, "stage-backwards");
    assert_at(d, J, 12, "warning");
    assert!(d["message"].as_str().unwrap().contains("from action"), "{d:#}");
}

#[test]
fn the_id_must_match_the_file_and_the_product_must_exist() {
    let (code, diags) =
        with_journey(&GOOD.replace("id: welcome", "id: hello").replace("product: sample", "product: sampel")).check();
    assert_eq!(code, 1);
    assert_at(only(&diags, "id-mismatch"), J, 1, "error");
    let d = only(&diags, "unknown-product");
    assert_at(d, J, 2, "error");
    assert!(d["hint"].as_str().unwrap().contains("did you mean `sample`?"));
}

#[test]
fn hostile_journeys_never_hang_or_crash() {
    // A thousand steps in one long chain, and a thousand in one circle.
    let mut chain =
        String::from("id: welcome\nproduct: sample\nsteps:\n  - { id: s0, message: sample-welcome, channel: email }\n");
    let mut circle = String::from(
        "id: welcome\nproduct: sample\nsteps:\n  - { id: s0, after: s999, message: sample-welcome, channel: email }\n",
    );
    for i in 1..1000 {
        chain.push_str(&format!("  - {{ id: s{i}, after: s{}, message: sample-welcome, channel: email }}\n", i - 1));
        circle.push_str(&format!("  - {{ id: s{i}, after: s{}, message: sample-welcome, channel: email }}\n", i - 1));
    }
    let (code, diags) = with_journey(&chain).check();
    assert_eq!(code, 1, "the same message and channel, again and again");
    assert!(diags.iter().all(|d| d["code"] != "journey-cycle" && d["code"] != "unreachable-step"));
    let (code, diags) = with_journey(&circle).check();
    assert_eq!(code, 1);
    assert_eq!(diags.iter().filter(|d| d["code"] == "journey-cycle").count(), 2, "no entry step, one circle");
}

#[test]
fn two_steps_may_not_send_the_same_message_on_the_same_channel() {
    let twin = GOOD
        .replace("    message: sample-start\n    channel: landing", "    message: sample-welcome\n    channel: email");
    let (code, diags) = with_journey(&twin).check();
    assert_eq!(code, 1);
    let d = only(&diags, "invalid-value");
    assert_at(d, J, 25, "error");
    assert!(d["message"].as_str().unwrap().contains("`invite` and `nudge` both send"), "{d:#}");
}

#[test]
fn covers_undiscussed_follows_up_the_message_the_visit_discussed() {
    let other = GOOD.replace(
        "    message: sample-welcome\n    channel: landing\n    covers: undiscussed",
        "    message: sample-start\n    channel: email\n    covers: undiscussed",
    );
    let (code, diags) = with_journey(&other).check();
    assert_eq!(code, 1);
    let d = only(&diags, "covers-not-applicable");
    assert_at(d, J, 17, "error");
    assert!(d["hint"].as_str().unwrap().contains("`message: sample-welcome`"), "{d:#}");
}
