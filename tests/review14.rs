//! Review of issue #14 (journeys): defects found by a hostile review, each
//! with the input that showed it.

use crate::common::review::Review;
use crate::common::{TempWorkspace, only};
use serde_json::Value;
use std::collections::BTreeMap;

const HEADER: &str = "time,hcp,locale,message,channel,event,key_messages\n";

/// A reviewed workspace with `journey` and `sample-start` carrying `extra`
/// key messages, both messages approved by the three roles.
fn approved(journey: &str, extra: &[&str]) -> Review {
    let r = Review::new();
    r.ws.add_start_message(extra);
    r.ws.write("journeys/welcome.yaml", journey);
    r.ws.commit("A journey");
    r.approve_every(&["sample-welcome", "sample-start"]);
    r
}

fn plan(r: &Review, log: &str, now: &str) -> BTreeMap<String, Value> {
    r.ws.write("interactions.csv", format!("{HEADER}{log}"));
    let run = r.run(&["plan", "welcome", "--interactions", "interactions.csv", "--now", now, "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.json().as_array().unwrap().iter().map(|row| (row["hcp"].as_str().unwrap().to_string(), row.clone())).collect()
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
    ws.add_start_message(&["Support", "Titration", "Monitoring", "Adherence"]);
    ws.write("journeys/welcome.yaml", FOLLOW_UP);
    let (code, diags) = ws.check();
    assert_eq!(code, 1, "{diags:#?}");
    let d = only(&diags, "covers-not-applicable");
    assert_eq!(d["file"], "journeys/welcome.yaml");
    assert_eq!(d["line"], 17, "{d:#}");
    assert!(d["message"].as_str().unwrap().contains("6 key messages"), "{d:#}");

    // Five key messages: 30 forms, and the plan names one of them.
    let ws = TempWorkspace::sample();
    ws.add_start_message(&["Support", "Titration", "Monitoring"]);
    ws.write("journeys/welcome.yaml", FOLLOW_UP);
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
}

/// Input: a visit that discussed every key message, and a second step
/// after the visit (a reminder a week later). What happened: the follow-up
/// with nothing left to say hid the reminder, and the HCP was `done`.
/// The follow-up is no touchpoint for them: the reminder is next.
#[test]
fn a_follow_up_with_nothing_left_to_say_does_not_hide_the_next_step() {
    let journey = format!(
        "{FOLLOW_UP}  - id: reminder\n    after: visit\n    wait: 7d\n    message: sample-start\n    channel: landing\n"
    );
    let r = approved(&journey, &["Support"]);
    let log = "\
2026-11-01T09:00:00Z,h-all,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,h-all,en-GB,sample-welcome,email,opened,
2026-11-04T14:00:00Z,h-all,en-GB,sample-start,edetail,visited,1;2;3
2026-11-01T09:00:00Z,h-some,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,h-some,en-GB,sample-welcome,email,opened,
2026-11-04T14:00:00Z,h-some,en-GB,sample-start,edetail,visited,1;3
";
    let rows = plan(&r, log, "2026-11-05T00:00:00Z");
    let row = &rows["h-all"];
    assert_eq!(row["status"], "planned", "{row:#}");
    assert_eq!(row["step"], "reminder", "{row:#}");
    assert_eq!(row["due"], "2026-11-11T14:00:00Z", "{row:#}");
    assert_eq!(row["variant"], "en-GB/sample-start/landing");
    // An HCP with something left to hear gets the follow-up first.
    assert_eq!(rows["h-some"]["step"], "follow-up", "{:#}", rows["h-some"]);
    assert_eq!(rows["h-some"]["variant"], "en-GB/sample-start/email/covers/2");
}

/// Input: HCP ids that a spreadsheet takes for a formula (`=HYPERLINK(…)`,
/// `+1…`, `-2+3`, `@SUM(…)`) or that carry a line break. What happened:
/// they went into the plan, verbatim in its first column, so the marketer
/// who opens the plan in Excel runs them. A malformed row is an error
/// naming its line; nothing is planned.
#[test]
fn an_hcp_id_a_spreadsheet_would_run_as_a_formula_is_refused() {
    let ws = TempWorkspace::sample();
    ws.write(
        "journeys/welcome.yaml",
        "id: welcome\nproduct: sample\nsteps:\n  - { id: invite, message: sample-welcome, channel: email }\n",
    );
    ws.commit("A journey");
    for bad in ["\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", "+1-2", "-2+3", "@SUM(A1)", "\"a\nb\"", "\t=1"]
    {
        ws.write(
            "interactions.csv",
            format!("{HEADER}2026-11-01T09:00:00Z,h0,en-GB,sample-welcome,email,sent,\n2026-11-01T09:00:00Z,{bad},en-GB,sample-welcome,email,sent,\n"),
        );
        let run = ws.run(&["plan", "welcome", "--interactions", "interactions.csv", "--now", "2026-11-10T00:00:00Z"]);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(run.stderr.contains("interactions.csv:3:") && run.stderr.contains("hcp"), "{bad}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{bad}");
        let run = ws.run(&["report", "welcome", "--interactions", "interactions.csv"]);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
    }
    // Ids with inner hyphens, digits, letters of any script are ids.
    ws.write(
        "interactions.csv",
        format!("{HEADER}2026-11-01T09:00:00Z,GB-0001,en-GB,sample-welcome,email,sent,\n2026-11-01T09:00:00Z,Ärztin 7,en-GB,sample-welcome,email,sent,\n"),
    );
    let run = ws.run(&["plan", "welcome", "--interactions", "interactions.csv", "--now", "2026-11-10T00:00:00Z"]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// Input: a header that names a column twice (`…,key_messages,time`, an
/// export with a local time column appended). What happened: the last
/// `time` column silently won. A header that names a column twice is an
/// error: the tool cannot know which one is meant.
#[test]
fn a_header_that_names_a_column_twice_is_an_error() {
    let ws = TempWorkspace::sample();
    ws.write(
        "journeys/welcome.yaml",
        "id: welcome\nproduct: sample\nsteps:\n  - { id: invite, message: sample-welcome, channel: email }\n",
    );
    ws.commit("A journey");
    ws.write(
        "interactions.csv",
        "time,hcp,locale,message,channel,event,key_messages,time\n2026-11-01T09:00:00Z,h0,en-GB,sample-welcome,email,sent,,2026-11-01T10:00:00\n",
    );
    let run = ws.run(&["plan", "welcome", "--interactions", "interactions.csv", "--now", "2026-11-10T00:00:00Z"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("interactions.csv:1:") && run.stderr.contains("`time` twice"), "{}", run.stderr);

    // A byte-order mark, CRLF line ends and columns in another order are fine.
    ws.write(
        "interactions.csv",
        "\u{feff}hcp,time,event,locale,message,channel,key_messages,extra\r\nh0,2026-11-01T09:00:00Z,sent,en-GB,sample-welcome,email,,x\r\n",
    );
    let run = ws.run(&[
        "plan",
        "welcome",
        "--interactions",
        "interactions.csv",
        "--now",
        "2026-11-10T00:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()[0]["status"], "done", "{}", run.stdout);
}

/// Input: an approval that expires before the step it plans is due (the
/// nudge, 14 days after an invitation sent on the day the approvals
/// expire). What happened: the nudge was `planned`, due two weeks after
/// its approvals expired, so the scheduler sent an expired piece. A form
/// whose approvals expire before it is due is blocked, saying when.
#[test]
fn a_form_whose_approvals_expire_before_it_is_due_is_not_planned() {
    let journey = "\
id: welcome
product: sample
steps:
  - id: invite
    message: sample-welcome
    channel: email
  - id: nudge
    after: invite
    when: none
    within: 14d
    message: sample-start
    channel: landing
";
    let r = approved(journey, &[]);
    let status = r.statuses();
    let landing = status.iter().find(|s| s["id"] == "sample-start" && s["channel"] == "landing").unwrap();
    let expires = landing["approvals"][0]["expires"].as_str().unwrap().to_string();
    let log = format!(
        "{expires}T00:00:00Z,h1,en-GB,sample-welcome,email,sent,\n{expires}T00:00:00Z,h2,en-GB,other,email,sent,\n"
    );
    let rows = plan(&r, &log, &format!("{expires}T12:00:00Z"));
    let row = &rows["h1"];
    assert_eq!(row["step"], "nudge", "{row:#}");
    assert_eq!(row["status"], "blocked", "{row:#}");
    assert!(row["reason"].as_str().unwrap().contains(&format!("expires on {expires}")), "{row:#}");
    assert_eq!(row["variant"], "", "{row:#}");
    // Due the day the approvals expire: still valid.
    assert_eq!(rows["h2"]["step"], "invite", "{:#}", rows["h2"]);
    assert_eq!(rows["h2"]["status"], "planned", "{:#}", rows["h2"]);
}

/// Input: a journey of 5,000 steps in one chain (a 300 KB file, well
/// under the 1 MiB limit). What happened: `check` followed each step's
/// chain up looking every predecessor up by a scan, cubic in the steps:
/// about ten minutes (the portal's layout did the same), where 1,000
/// steps took five seconds. Now it answers in seconds.
#[test]
fn a_long_journey_is_checked_in_bounded_time() {
    let ws = TempWorkspace::sample();
    let mut chain =
        String::from("id: welcome\nproduct: sample\nsteps:\n  - { id: s0, message: sample-welcome, channel: email }\n");
    for i in 1..5000 {
        chain.push_str(&format!("  - {{ id: s{i}, after: s{}, message: sample-welcome, channel: landing }}\n", i - 1));
    }
    ws.write("journeys/welcome.yaml", &chain);
    let run = crate::common::unisono_bounded(
        &ws.root,
        &["check", "--format", "json"],
        &[],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diags = run.json()["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(diags.iter().all(|d| d["code"] != "journey-cycle" && d["code"] != "unreachable-step"));
}
