//! `unisono plan`: the next touchpoint of every HCP, from the interactions
//! and approved content only — on real approvals signed with real keys.

use crate::common::review::Review;
use serde_json::Value;
use std::collections::BTreeMap;

const JOURNEY: &str = "\
id: welcome
product: sample
steps:
  - id: invite
    message: sample-welcome
    channel: email
  - id: visit
    after: invite
    when: opened
    within: 14d
    message: sample-start
    channel: edetail
  - id: follow-up
    after: visit
    wait: 2d
    message: sample-start
    channel: email
    covers: undiscussed
  - id: nudge
    after: invite
    when: none
    within: 14d
    message: sample-start
    channel: landing
";

/// A reviewed workspace: the sample message, a second one with three key
/// messages, the journey, all approved by the three roles.
fn approved() -> Review {
    let r = Review::new();
    r.ws.add_start_message(&["Support"]);
    r.ws.write("journeys/welcome.yaml", JOURNEY);
    r.ws.commit("A journey");
    r.approve_every(&["sample-welcome", "sample-start"]);
    r
}

const HEADER: &str = "time,hcp,locale,message,channel,event,key_messages\n";

/// The plan as JSON rows by HCP.
fn plan(r: &Review, log: &str, now: &str, extra: &[&str]) -> BTreeMap<String, Value> {
    r.ws.write("interactions.csv", format!("{HEADER}{log}"));
    let mut args = vec!["plan", "welcome", "--interactions", "interactions.csv", "--now", now, "--format", "json"];
    args.extend_from_slice(extra);
    let run = r.run(&args);
    assert_eq!(run.code, 0, "{run:?}");
    run.json().as_array().unwrap().iter().map(|row| (row["hcp"].as_str().unwrap().to_string(), row.clone())).collect()
}

fn fingerprint_signed(r: &Review, id: &str, channel: &str) -> Vec<String> {
    let dir = r.ws.root.join(format!("approvals/{id}/en-GB"));
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix(&format!("variant: {channel} ")) {
                out.push(rest.to_string());
            }
        }
    }
    out
}

const LOG: &str = "\
2026-11-01T09:00:00Z,h-new,en-GB,other-message,email,sent,
2026-11-01T09:00:00Z,h-sent,en-GB,sample-welcome,email,sent,
2026-11-01T09:00:00Z,h-opened,en-GB,sample-welcome,email,sent,
2026-11-02T08:00:00Z,h-opened,en-GB,sample-welcome,email,opened,
2026-10-01T09:00:00Z,h-silent,en-GB,sample-welcome,email,sent,
2026-10-01T09:00:00Z,h-late,en-GB,sample-welcome,email,sent,
2026-10-20T09:00:00Z,h-late,en-GB,sample-welcome,email,opened,
2026-11-01T09:00:00Z,h-visited,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,h-visited,en-GB,sample-welcome,email,opened,
2026-11-04T14:00:00Z,h-visited,en-GB,sample-start,edetail,visited,1;3
2026-11-01T09:00:00Z,h-all,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,h-all,en-GB,sample-welcome,email,opened,
2026-11-04T14:00:00Z,h-all,en-GB,sample-start,edetail,visited,1;2;3
2026-11-01T09:00:00Z,h-unsub,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,h-unsub,en-GB,sample-welcome,email,opened,
2026-11-04T14:00:00Z,h-unsub,en-GB,sample-start,edetail,visited,2
2026-11-05T08:00:00Z,h-unsub,en-GB,,,unsubscribed,
2026-11-01T09:00:00Z,h-es,es-ES,sample-welcome,email,sent,
2026-10-01T09:00:00Z,h-finished,en-GB,sample-welcome,email,sent,
2026-10-01T10:00:00Z,h-finished,en-GB,sample-welcome,email,opened,
2026-10-02T10:00:00Z,h-finished,en-GB,sample-start,edetail,visited,1
2026-10-05T10:00:00Z,h-finished,en-GB,sample-start,email,sent,
";

#[test]
fn each_hcp_gets_the_touchpoint_their_last_interaction_decides() {
    let r = approved();
    let rows = plan(&r, LOG, "2026-11-10T00:00:00Z", &[]);
    let get = |h: &str, k: &str| rows[h][k].as_str().unwrap_or_default().to_string();
    let at = |h: &str| (get(h, "status"), get(h, "step"), get(h, "due"));
    let planned = |s: &str, d: &str| ("planned".to_string(), s.to_string(), d.to_string());

    assert_eq!(at("h-new"), planned("invite", "2026-11-10T00:00:00Z"), "never invited: the entry step, now");
    assert_eq!(at("h-sent"), planned("nudge", "2026-11-15T09:00:00Z"), "the nudge, unless they open first");
    assert_eq!(at("h-opened"), planned("visit", "2026-11-02T08:00:00Z"), "opened: the rep's visit");
    assert_eq!(at("h-silent"), planned("nudge", "2026-10-15T09:00:00Z"), "nothing within 14 days: the nudge");
    assert_eq!(at("h-late"), planned("nudge", "2026-10-15T09:00:00Z"), "opened too late for the visit");
    assert_eq!(at("h-visited"), planned("follow-up", "2026-11-06T14:00:00Z"), "two days after the visit");
    assert_eq!(rows["h-visited"]["key_messages"], serde_json::json!([2]), "only what the visit left open");
    assert_eq!(get("h-visited", "variant"), "en-GB/sample-start/email/covers/2");
    assert_eq!(get("h-all", "status"), "done");
    assert!(get("h-all", "reason").contains("discussed every key message"));
    assert_eq!(get("h-unsub", "status"), "blocked");
    assert!(
        get("h-unsub", "reason").contains("unsubscribed from email on 2026-11-05T08:00:00Z"),
        "{:#}",
        rows["h-unsub"]
    );
    assert_eq!(get("h-es", "status"), "blocked", "es-ES: the nudge has no es-ES version");
    assert_eq!(get("h-finished", "status"), "done", "{:#}", rows["h-finished"]);

    // The follow-up's form is byte for byte inside the variant the reviewers signed.
    let fp = get("h-visited", "fingerprint");
    assert!(fingerprint_signed(&r, "sample-start", "email").contains(&fp), "{fp} was signed");
    assert_eq!(r.run(&["build"]).code, 0);
    let eml = r.ws.read(&format!("dist/{}/message.eml", get("h-visited", "variant")));
    let msg = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Simple dosing") && !text.contains("Efficacy") && !text.contains("Support."), "{text}");
    assert!(!eml.contains("[DRAFT]"), "an approved form");

    // Without the nudge, an HCP who has not opened yet waits.
    r.ws.edit("journeys/welcome.yaml", "  - id: nudge\n    after: invite\n    when: none\n    within: 14d\n    message: sample-start\n    channel: landing\n", "");
    r.ws.commit("No nudge");
    let rows = plan(&r, LOG, "2026-11-10T00:00:00Z", &[]);
    assert_eq!(rows["h-sent"]["status"], "waiting", "{:#}", rows["h-sent"]);
    assert_eq!(rows["h-sent"]["reason"], "waiting for `invite` to be opened (until 2026-11-15T09:00:00Z)");
    assert_eq!(rows["h-silent"]["status"], "done", "the window passed: nothing more for them");
}

#[test]
fn only_approved_unexpired_forms_in_the_hcps_locale_are_planned() {
    let r = approved();
    let log = "2026-11-01T09:00:00Z,h-es,es-ES,sample-welcome,email,sent,\n\
               2026-11-01T10:00:00Z,h-es,es-ES,sample-welcome,email,opened,\n\
               2026-11-01T09:00:00Z,h-gb,en-GB,other,email,sent,\n";
    let rows = plan(&r, log, "2026-11-10T00:00:00Z", &[]);
    assert_eq!(rows["h-es"]["status"], "blocked");
    assert_eq!(rows["h-es"]["reason"], "`sample-start` has no es-ES version");
    // Long after the approvals expire.
    let rows = plan(&r, log, "2031-01-01T00:00:00Z", &[]);
    assert_eq!(rows["h-gb"]["status"], "blocked", "{:#}", rows["h-gb"]);
    assert!(rows["h-gb"]["reason"].as_str().unwrap().contains("is expired"), "{:#}", rows["h-gb"]);
    // An edit after approval: the piece is stale, nothing of it is planned.
    r.ws.edit("content/messages/sample-welcome.md", "once-daily oral treatment", "once-daily oral treatment option");
    r.ws.commit("Edit");
    let rows = plan(&r, log, "2026-11-10T00:00:00Z", &[]);
    assert_eq!(rows["h-gb"]["status"], "blocked");
    assert!(
        rows["h-gb"]["reason"].as_str().unwrap().contains("en-GB/sample-welcome/email is stale"),
        "{:#}",
        rows["h-gb"]
    );
    assert_eq!(rows["h-gb"]["variant"], "", "nothing to send");
}

#[test]
fn a_malformed_row_is_an_error_naming_its_line_and_nothing_is_planned() {
    let r = approved();
    for (bad, what) in [
        ("yesterday,h1,en-GB,sample-welcome,email,sent,\n", "is not a time"),
        ("2026-11-01T09:00:00Z,h1,en-GB,sample-welcome,email,bounced,\n", "is not an event"),
        ("2026-11-01T09:00:00Z,h1,en-GB,sample-welcome,email,visited,1;x\n", "key message numbers"),
        ("2026-11-01T09:00:00Z,h1,en-GB,sample-welcome,email\n", "field(s)"),
    ] {
        r.ws.write(
            "interactions.csv",
            format!("{HEADER}2026-11-01T09:00:00Z,h0,en-GB,sample-welcome,email,sent,\n{bad}"),
        );
        let run = r.run(&["plan", "welcome", "--interactions", "interactions.csv", "--now", "2026-11-10T00:00:00Z"]);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(run.stderr.contains("interactions.csv:3:") && run.stderr.contains(what), "{bad}: {}", run.stderr);
        assert_eq!(run.stdout, "", "nothing planned from a half-read file");
    }
    let run = r.run(&["plan", "welcom", "--interactions", "interactions.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `welcome`?"), "{}", run.stderr);
}

#[test]
fn partitions_together_equal_the_whole_plan() {
    let r = approved();
    let whole = plan(&r, LOG, "2026-11-10T00:00:00Z", &[]);
    let mut parts = BTreeMap::new();
    for k in 1..=3 {
        let part = plan(&r, LOG, "2026-11-10T00:00:00Z", &["--partition", &format!("{k}/3")]);
        for (hcp, row) in part {
            assert!(parts.insert(hcp.clone(), row).is_none(), "{hcp} in two partitions");
        }
    }
    assert_eq!(parts, whole);
    let run = r.run(&["plan", "welcome", "--interactions", "interactions.csv", "--partition", "4/3"]);
    assert_eq!(run.code, 2);
}

#[test]
fn csv_output_has_the_spec_columns() {
    let r = approved();
    r.ws.write("interactions.csv", format!("{HEADER}{LOG}"));
    let run = r.run(&["plan", "welcome", "--interactions", "interactions.csv", "--now", "2026-11-10T00:00:00Z"]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut rdr = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header[..9],
        ["hcp", "locale", "step", "message", "channel", "due", "key_messages", "variant", "fingerprint"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let visited = rows.iter().find(|r| &r[0] == "h-visited").unwrap();
    assert_eq!(&visited[6], "2");
    assert_eq!(rows.len(), 10);
}

#[test]
fn status_and_the_portal_show_whether_the_journey_can_run() {
    let r = approved();
    let run = r.run(&["status", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let journeys = run.json()["journeys"].clone();
    let gb = journeys.as_array().unwrap().iter().find(|j| j["journey"] == "welcome" && j["locale"] == "en-GB").unwrap();
    assert_eq!(gb["ready"], true, "{gb:#}");
    assert_eq!(gb["steps"].as_array().unwrap().len(), 4);

    // The portal: the journey drawn step by step with each locale's status,
    // and every form of the follow-up linked.
    assert_eq!(r.run(&["build"]).code, 0);
    let html = r.ws.read("dist/index.html");
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let steps: Vec<&str> =
        doc.select(&sel("svg.journey-diagram g.step")).map(|g| g.value().attr("data-step").unwrap()).collect();
    assert_eq!(steps, ["invite", "visit", "follow-up", "nudge"]);
    let chips: Vec<&str> = doc.select(&sel("g.step g.chip")).map(|c| c.value().attr("data-status").unwrap()).collect();
    assert_eq!(chips, ["approved"; 4]);
    assert_eq!(doc.select(&sel("svg.journey-diagram path.edge")).count(), 3);
    let ready = doc.select(&sel("ul.readiness li")).next().unwrap();
    assert_eq!(ready.value().attr("data-ready"), Some("true"));
    let forms: Vec<String> =
        doc.select(&sel(".covers a")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(forms.len(), 6, "2³ − 2 subsets of three key messages: {forms:?}");
    for href in &forms {
        assert!(r.ws.root.join("dist").join(href).is_file(), "{href}");
    }

    // An edit to one step's message: the journey cannot run in en-GB.
    r.ws.edit("content/messages/sample-start.md", "A nurse service helps", "A nurse service supports");
    r.ws.commit("Edit");
    let run = r.run(&["status"]);
    assert!(run.stdout.contains("en-GB   not ready: visit (sample-start edetail): stale"), "{}", run.stdout);
}

#[test]
fn withdraw_names_every_journey_the_piece_breaks() {
    let r = approved();
    let run = r.run(&["withdraw", "sample-start", "--key", &r.key("mira"), "--reason", "Superseded"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("Breaks journey `welcome` (journeys/welcome.yaml) in en-GB: step(s) visit, follow-up, nudge"),
        "{}",
        run.stdout
    );
    let rows = plan(&r, LOG, "2026-11-10T00:00:00Z", &[]);
    assert_eq!(rows["h-opened"]["status"], "blocked");
    assert!(rows["h-opened"]["reason"].as_str().unwrap().contains("is withdrawn"), "{:#}", rows["h-opened"]);
}

/// The workspace of [`approved`] without the approvals: a report measures
/// what happened, approved or not.
fn unreviewed() -> crate::common::TempWorkspace {
    let ws = crate::common::TempWorkspace::sample();
    ws.add_start_message(&["Support"]);
    ws.write("journeys/welcome.yaml", JOURNEY);
    ws.write("interactions.csv", format!("{HEADER}{LOG}"));
    ws.commit("A journey");
    ws
}

#[test]
fn report_figures_match_a_hand_count() {
    let ws = unreviewed();
    let run = ws.run(&["report", "welcome", "--interactions", "interactions.csv", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let r = run.json();
    assert_eq!(r["hcps"], 10);
    let step = |id: &str, locale: &str| {
        r["steps"].as_array().unwrap().iter().find(|s| s["step"] == id && s["locale"] == locale).unwrap().clone()
    };
    let invite = step("invite", "en-GB");
    assert_eq!(
        (invite["reached"].as_u64(), invite["opened"].as_u64(), invite["clicked"].as_u64()),
        (Some(8), Some(6), Some(0))
    );
    assert_eq!(invite["open_rate"], 0.75);
    assert_eq!(step("invite", "es-ES")["reached"], 1);
    let visit = step("visit", "en-GB");
    assert_eq!((visit["reached"].as_u64(), visit["visit_rate"].as_f64()), (Some(4), Some(1.0)));
    assert_eq!(visit["median_hours_since_previous"], 77.0, "25 h, 77 h, 77 h, 77 h");
    let follow = step("follow-up", "en-GB");
    assert_eq!((follow["reached"].as_u64(), follow["median_hours_since_previous"].as_f64()), (Some(1), Some(72.0)));
    assert_eq!(step("nudge", "en-GB")["reached"], 0);

    let cov = |locale: &str, message: &str, k: u64| {
        r["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["locale"] == locale && c["message"] == message && c["key_message"] == k)
            .unwrap()
            .clone()
    };
    let c = cov("en-GB", "sample-welcome", 1);
    assert_eq!((c["population"].as_u64(), c["met"].as_u64()), (Some(8), Some(8)));
    assert_eq!(c["through"], serde_json::json!({"email": 8}));
    let c = cov("en-GB", "sample-start", 1);
    assert_eq!(c["title"], "Efficacy");
    assert_eq!(c["met"], 3);
    assert_eq!(c["share"], 0.375);
    assert_eq!(c["through"], serde_json::json!({"edetail": 3, "email": 1}));
    assert_eq!(cov("en-GB", "sample-start", 2)["through"], serde_json::json!({"edetail": 2, "email": 1}));
    assert_eq!(cov("es-ES", "sample-start", 3)["met"], 0);

    // CSV, both tables.
    let run = ws.run(&["report", "welcome", "--interactions", "interactions.csv"]);
    let mut rdr = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(rdr.headers().unwrap().get(4), Some("reached"));
    assert_eq!(rdr.records().count(), 8, "4 steps × 2 locales");
    let run = ws.run(&["report", "welcome", "--interactions", "interactions.csv", "--table", "coverage"]);
    let mut rdr = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(rdr.records().count(), 10, "(2 + 3 key messages) × 2 locales");
}

#[test]
fn the_report_page_is_in_the_portal() {
    let ws = unreviewed();
    let run = ws.run(&["report", "welcome", "--interactions", "interactions.csv", "--page"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(ws.run(&["build"]).code, 0, "build accepts the folder with the report in it");
    let portal = scraper::Html::parse_document(&ws.read("dist/index.html"));
    let link = portal.select(&scraper::Selector::parse("a.report").unwrap()).next().expect("a link to the report");
    assert_eq!(link.value().attr("href"), Some("journeys/welcome/report.html"));
    let page = scraper::Html::parse_document(&ws.read("dist/journeys/welcome/report.html"));
    let bars: Vec<f64> = page
        .select(&scraper::Selector::parse("section.step[data-step=invite][data-locale=en-GB] rect.value").unwrap())
        .map(|r| r.value().attr("data-share").unwrap().parse().unwrap())
        .collect();
    assert_eq!(bars, [0.75, 0.0, 0.0], "opened, clicked, visited");
    assert_eq!(page.select(&scraper::Selector::parse("div.coverage").unwrap()).count(), 10);
}

#[test]
fn diff_shows_every_subset_form_that_changed() {
    let r = approved();
    r.ws.edit("content/messages/sample-start.md", "A nurse service helps", "A nurse service supports");
    r.ws.commit("Reword key message 3");
    let run = r.run(&["diff", "sample-start", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let d = run.json();
    let labels: Vec<&str> = d["variants"].as_array().unwrap().iter().map(|v| v[0].as_str().unwrap()).collect();
    // Only the forms that carry key message 3 changed.
    let email: Vec<&str> = labels.iter().copied().filter(|l| l.starts_with("email")).collect();
    assert_eq!(email, ["email", "email covers 1-3", "email covers 2-3", "email covers 3"], "{labels:?}");
    let form =
        d["variants"].as_array().unwrap().iter().find(|v| v[0] == "email covers 3").unwrap()[1].as_str().unwrap();
    assert!(form.contains("[-helps-]{+supports+}") || form.contains("{+supports"), "{form}");
}

/// A journey through every kind of condition, planned without approvals
/// (the rows are blocked, but say which step is next and when).
#[test]
fn every_when_wait_and_within_case() {
    let ws = unreviewed();
    ws.write(
        "journeys/conditions.yaml",
        "id: conditions\nproduct: sample\nsteps:\n\
         - { id: invite, message: sample-welcome, channel: email }\n\
         - { id: page, after: invite, when: clicked, within: 7d, message: sample-start, channel: landing }\n\
         - { id: call, after: page, when: visited, within: 3d, wait: 12h, message: sample-start, channel: edetail }\n\
         - { id: pill, after: call, when: sent, wait: 1d, message: sample-welcome, channel: video }\n",
    );
    ws.commit("Conditions");
    let log = "\
2026-11-01T09:00:00Z,click-in-time,en-GB,sample-welcome,email,sent,
2026-11-03T09:00:00Z,click-in-time,en-GB,sample-welcome,email,clicked,
2026-11-01T09:00:00Z,click-late,en-GB,sample-welcome,email,sent,
2026-11-09T09:00:00Z,click-late,en-GB,sample-welcome,email,clicked,
2026-11-01T09:00:00Z,page-visited,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,page-visited,en-GB,sample-welcome,email,clicked,
2026-11-02T09:00:00Z,page-visited,en-GB,sample-start,landing,sent,
2026-11-04T09:00:00Z,page-visited,en-GB,sample-start,landing,visited,
2026-11-01T09:00:00Z,page-ignored,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,page-ignored,en-GB,sample-welcome,email,clicked,
2026-11-02T09:00:00Z,page-ignored,en-GB,sample-start,landing,sent,
2026-11-01T09:00:00Z,called,en-GB,sample-welcome,email,sent,
2026-11-01T10:00:00Z,called,en-GB,sample-welcome,email,clicked,
2026-11-02T09:00:00Z,called,en-GB,sample-start,landing,sent,
2026-11-03T09:00:00Z,called,en-GB,sample-start,landing,visited,
2026-11-05T15:00:00Z,called,en-GB,sample-start,edetail,visited,2
2026-11-01T09:00:00Z,clicked-not-sent,en-GB,sample-welcome,email,clicked,
";
    ws.write("interactions.csv", format!("{HEADER}{log}"));
    let run = ws.run(&[
        "plan",
        "conditions",
        "--interactions",
        "interactions.csv",
        "--now",
        "2026-11-20T00:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let rows: BTreeMap<String, Value> =
        run.json().as_array().unwrap().iter().map(|r| (r["hcp"].as_str().unwrap().to_string(), r.clone())).collect();
    let at = |h: &str| (rows[h]["step"].as_str().unwrap().to_string(), rows[h]["due"].as_str().unwrap().to_string());
    assert_eq!(
        at("click-in-time"),
        ("page".into(), "2026-11-03T09:00:00Z".into()),
        "clicked within 7 days: due at the click"
    );
    assert_eq!(rows["click-late"]["status"], "done", "clicked after the window: the branch is closed");
    assert_eq!(at("page-visited"), ("call".into(), "2026-11-04T21:00:00Z".into()), "visited within 3 days, plus 12 h");
    assert_eq!(rows["page-ignored"]["status"], "done", "the page was not visited within 3 days");
    assert_eq!(at("called"), ("pill".into(), "2026-11-06T15:00:00Z".into()), "a day after the visit took place");
    assert_eq!(at("clicked-not-sent"), ("invite".into(), "2026-11-20T00:00:00Z".into()), "never sent: the entry step");
    // Before the window closes, the HCP whose page was not visited yet
    // waits; what the log records after `--now` has not happened yet.
    let run = ws.run(&[
        "plan",
        "conditions",
        "--interactions",
        "interactions.csv",
        "--now",
        "2026-11-03T00:00:00Z",
        "--format",
        "json",
    ]);
    let rows = run.json();
    let ignored = rows.as_array().unwrap().iter().find(|r| r["hcp"] == "page-ignored").unwrap();
    assert_eq!(ignored["status"], "waiting", "{ignored:#}");
    assert_eq!(ignored["reason"], "waiting for `page` to be visited (until 2026-11-05T09:00:00Z)");
    let called = rows.as_array().unwrap().iter().find(|r| r["hcp"] == "called").unwrap();
    assert_eq!(called["status"], "waiting", "the visit of 5 November is still to come: {called:#}");
}

#[test]
fn check_reads_every_subset_form() {
    let ws = unreviewed();
    let (code, diags) = ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    // A template that drops the ISI when fewer than three key messages show:
    // only subset forms lack it, and check says which.
    ws.eject("email.mjml.tera").edit(
        "templates/email.mjml.tera",
        "<mj-text mj-class=\"small\">{{ product.isi.html | safe }}</mj-text>",
        "{% if key_messages | length > 2 %}<mj-text mj-class=\"small\">{{ product.isi.html | safe }}</mj-text>{% endif %}",
    );
    let (code, diags) = ws.check();
    assert_eq!(code, 1);
    let forms: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "missing-element" && d["message"].as_str().unwrap().contains("the ISI"))
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let start: Vec<&&str> = forms.iter().filter(|m| m.contains("`sample-start`")).collect();
    assert!(start.iter().all(|m| m.contains(", form covers/")), "only the subset forms of sample-start: {forms:#?}");
    assert_eq!(
        forms.len(),
        6 + 1,
        "the six subset forms of sample-start, and sample-welcome (two key messages): {forms:#?}"
    );
}

#[test]
fn report_refuses_a_journey_that_fails_check() {
    let ws = unreviewed();
    ws.edit("journeys/welcome.yaml", "after: visit", "after: vist");
    let run = ws.run(&["report", "welcome", "--interactions", "interactions.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("unknown-step") && run.stdout.is_empty(), "{run:?}");
}
