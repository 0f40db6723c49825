//! Roles beyond the required ones: `policy.withdraw_roles` names who may
//! withdraw, each in their own signed role, with no `unknown-role` warning.

use crate::common::review::Review;
use crate::common::{assert_at, git, only};

/// Three reviewers and a marketing manager (whose email holds the word
/// `marketing`, as in the report this answers).
fn with_marketing() -> Review {
    Review::with_roles(&[("ana", "medical"), ("tom", "legal"), ("mira", "regulatory"), ("marketing", "marketing")])
}

/// Adds `withdraw_roles` to the policy, committed and signed by a reviewer
/// of the version in effect (the workspace names no owners).
fn declare_withdraw_roles(r: &Review, roles: &str) {
    r.ws.edit(
        "reviewers.yaml",
        "  valid_for_months: 24",
        &format!("  valid_for_months: 24\n  withdraw_roles: [{roles}]"),
    );
    r.ws.commit("Marketing may withdraw");
    let sign = r.run(&["trust", "sign", "--key", &r.key("ana")]);
    assert_eq!(sign.code, 0, "{sign:?}");
}

#[test]
fn an_undeclared_role_is_a_warning_at_the_role_not_at_the_email() {
    let r = with_marketing();
    let (code, diags) = r.ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    let d = only(&diags, "unknown-role");
    let text = r.ws.read("reviewers.yaml");
    let (i, line) = text.lines().enumerate().find(|(_, l)| l.trim() == "roles: [marketing]").unwrap();
    assert_at(d, "reviewers.yaml", i as u64 + 1, "warning");
    assert_eq!(d["column"], line.find("marketing]").unwrap() as u64 + 1, "{d:#}");
    assert!(d["hint"].as_str().unwrap().contains("withdraw_roles"), "{d:#}");
}

#[test]
fn a_declared_withdraw_role_withdraws_with_its_own_signed_record() {
    let r = with_marketing();
    declare_withdraw_roles(&r, "marketing, regulatory");
    let (code, diags) = r.ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.iter().all(|d| d["code"] != "unknown-role"), "{diags:#?}");
    r.approve_all();
    // Legal may not withdraw any more; marketing may.
    let legal = r.run(&["withdraw", "sample-welcome", "--key", &r.key("tom"), "--reason", "Superseded"]);
    assert_eq!(legal.code, 1, "{legal:?}");
    assert!(legal.stderr.contains("holds none of the roles that may withdraw"), "{}", legal.stderr);
    let as_legal =
        r.run(&["withdraw", "sample-welcome", "--key", &r.key("tom"), "--role", "legal", "--reason", "Superseded"]);
    assert_eq!(as_legal.code, 1, "{as_legal:?}");
    assert!(r.statuses().iter().all(|s| s["status"] == "approved"));
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("marketing"), "--reason", "Campaign ended"]);
    assert_eq!(run.code, 0, "{run:?}");
    let record = std::fs::read_to_string(r.record("withdrawn")).unwrap();
    assert!(record.contains("\nrole: marketing\n"), "{record}");
    assert!(record.contains("\nreviewer-email: marketing@example.com\n"), "{record}");
    assert!(r.statuses().iter().all(|s| s["status"] == "withdrawn"));
    let verify = r.run(&["verify"]);
    assert_eq!(verify.code, 0, "{verify:?}");
}

#[test]
fn a_withdrawal_made_before_withdraw_roles_were_declared_still_counts() {
    let r = with_marketing();
    r.approve_all();
    // Before the policy names withdraw roles, any listed reviewer withdraws, in no role.
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("tom"), "--reason", "Safety update"]);
    assert_eq!(run.code, 0, "{run:?}");
    let earlier = std::fs::read_to_string(r.record("withdrawn")).unwrap();
    assert!(earlier.contains("\nrole: \n"));
    assert!(r.statuses().iter().all(|s| s["status"] == "withdrawn"));
    // A later change of policy does not bring the withdrawn piece back: the
    // withdrawal was valid under the reviewers.yaml in effect when it was
    // committed (it was approved, publishable and sendable again).
    declare_withdraw_roles(&r, "marketing");
    let statuses = r.statuses();
    assert!(statuses.iter().all(|s| s["status"] == "withdrawn"), "{statuses:#?}");
    let verify = r.run(&["verify"]);
    assert_eq!(verify.code, 0, "{verify:?}");
    // Nor does the withdrawer leaving the list of reviewers.
    let text = r.ws.read("reviewers.yaml");
    let tom = text.find("  - name: Tom").unwrap();
    let next = text[tom + 1..].find("  - name:").map_or(text.len(), |n| tom + 1 + n);
    r.ws.write("reviewers.yaml", format!("{}{}", &text[..tom], &text[next..]));
    r.ws.commit("Tom left");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("ana")]).code, 0);
    assert!(r.statuses().iter().all(|s| s["status"] == "withdrawn"), "{:#?}", r.statuses());
    // Re-approved by every required role, then withdrawn again in another
    // role than a withdraw role, by hand: that withdrawal does not count.
    r.ws.edit("reviewers.yaml", "reviewers:\n", &format!("reviewers:\n{}", &text[tom..next]));
    r.ws.commit("Tom is back");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("ana")]).code, 0);
    r.approve_all();
    assert!(r.statuses().iter().all(|s| s["status"] == "approved"), "{:#?}", r.statuses());
    let time = earlier.lines().find(|l| l.starts_with("time: ")).unwrap();
    let forged = earlier.replace(time, "time: 2030-01-01T00:00:00Z");
    r.forge("20300101T000000Z-withdrawn-tom.txt", &forged, "tom");
    assert!(r.notes().contains("only marketing may withdraw"), "{}", r.notes());
    assert!(r.statuses().iter().all(|s| s["status"] == "approved"), "{:#?}", r.statuses());
    // A holder of a withdraw role withdraws.
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("marketing"), "--reason", "Superseded"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(r.statuses().iter().all(|s| s["status"] == "withdrawn"));
}

#[test]
fn a_withdraw_role_nobody_holds_is_a_warning() {
    let r = Review::new();
    r.ws.edit("reviewers.yaml", "  valid_for_months: 24", "  valid_for_months: 24\n  withdraw_roles: [marketing]");
    let (code, diags) = r.ws.check();
    assert_eq!(code, 0, "{diags:#?}");
    let line = r.ws.read("reviewers.yaml").lines().position(|l| l.contains("withdraw_roles")).unwrap() as u64 + 1;
    assert_at(only(&diags, "role-without-reviewer"), "reviewers.yaml", line, "warning");
}

#[test]
fn a_withdrawal_on_a_branch_from_before_the_signer_was_removed_does_not_count() {
    let r = with_marketing();
    r.approve_all();
    let before = git(&r.ws.root, &["rev-parse", "HEAD"]).trim().to_string();
    let branch = git(&r.ws.root, &["rev-parse", "--abbrev-ref", "HEAD"]).trim().to_string();
    let text = r.ws.read("reviewers.yaml");
    let at = text.find("  - name: Marketing").unwrap();
    r.ws.write("reviewers.yaml", &text[..at]);
    r.ws.commit("Marketing left");
    assert_eq!(r.run(&["trust", "sign", "--key", &r.key("ana")]).code, 0);
    assert!(r.statuses().iter().all(|s| s["status"] == "approved"));
    // The removed key withdraws on a branch made from a commit where it was
    // still listed, merged afterwards: judged by the list in effect now.
    git(&r.ws.root, &["checkout", "-q", "-b", "old", &before]);
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("marketing"), "--reason", "Mine"]);
    assert_eq!(run.code, 0, "{run:?}");
    git(&r.ws.root, &["checkout", "-q", &branch]);
    git(&r.ws.root, &["merge", "-q", "--no-edit", "old"]);
    assert!(r.notes().contains("marketing@example.com is not a reviewer"), "{}", r.notes());
    assert!(r.statuses().iter().all(|s| s["status"] == "approved"), "{:#?}", r.statuses());
}
