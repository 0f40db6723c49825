//! Roles beyond the required ones: `policy.withdraw_roles` names who may
//! withdraw, each in their own signed role, with no `unknown-role` warning.

use crate::common::review::Review;
use crate::common::{assert_at, only};

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
fn once_withdraw_roles_are_declared_a_withdrawal_in_another_role_does_not_count() {
    let r = with_marketing();
    r.approve_all();
    // Before the policy names withdraw roles, any listed reviewer withdraws, in no role.
    let run = r.run(&["withdraw", "sample-welcome", "--key", &r.key("tom"), "--reason", "Superseded"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(std::fs::read_to_string(r.record("withdrawn")).unwrap().contains("\nrole: \n"));
    assert!(r.statuses().iter().all(|s| s["status"] == "withdrawn"));
    declare_withdraw_roles(&r, "marketing");
    let verify = r.run(&["verify"]);
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(verify.stdout.contains("only marketing may withdraw"), "{}", verify.stdout);
    assert!(r.notes().contains("only marketing may withdraw"), "{}", r.notes());
    // A holder of a withdraw role signs it again.
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
