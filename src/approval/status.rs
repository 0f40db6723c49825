//! The one place that decides status: which records count, and what they
//! make of each variant.

use super::history::Authorship;
use super::record::{Decision, Record, Timestamp};
use super::signature;
use crate::model::{Content, ReviewersFile};
use crate::workspace::{File, Snapshot};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Status of one variant (SPEC §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    ChangesRequested,
    PartiallyApproved,
    Approved,
    Stale,
    Expired,
    Withdrawn,
    Outdated,
}

impl Status {
    /// The word users see.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::ChangesRequested => "changes-requested",
            Status::PartiallyApproved => "partially-approved",
            Status::Approved => "approved",
            Status::Stale => "stale",
            Status::Expired => "expired",
            Status::Withdrawn => "withdrawn",
            Status::Outdated => "outdated",
        }
    }
}

/// A record file and whether it counts.
#[derive(Debug, Clone, Serialize)]
pub struct CheckedRecord {
    pub path: PathBuf,
    /// The parsed record, when it could be read.
    pub record: Option<Record>,
    /// Why it does not count; empty when it does.
    pub problems: Vec<String>,
}

impl CheckedRecord {
    /// True when the record counts.
    pub fn valid(&self) -> bool {
        self.problems.is_empty() && self.record.is_some()
    }
}

/// A signature that counts towards a variant's status (and is listed in the
/// publish manifest).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Signed {
    pub role: String,
    pub name: String,
    pub email: String,
    pub time: String,
    pub meaning: String,
    pub key: String,
    pub expires: String,
    pub record: PathBuf,
}

/// The status of one variant, with who signed and what is missing.
#[derive(Debug, Clone, Serialize)]
pub struct VariantStatus {
    pub id: String,
    pub locale: String,
    pub channel: String,
    pub status: Status,
    /// Required roles without a current approval.
    pub missing_roles: Vec<String>,
    /// Approvals that count for this variant's current bytes.
    pub approvals: Vec<Signed>,
    /// Why records of this piece do not count, or why the status is what it is.
    pub notes: Vec<String>,
    /// The variant's current fingerprint (final form); computed only for
    /// pieces that have approval records.
    pub fingerprint: Option<String>,
}

/// The version of reviewers.yaml in effect when the record at a path was
/// committed (`None`: not committed, or no version can be trusted).
pub type InEffectThen<'a> = &'a dyn Fn(&std::path::Path) -> Option<ReviewersFile>;

/// Reads every record under `approvals/` of the snapshot and checks it:
/// canonical form, signature, key ownership, role and separation of duties.
/// A withdrawal also counts when it was valid under the reviewers.yaml in
/// effect when it was committed (`then`): a later change of the policy or
/// of the reviewers never brings a withdrawn piece back.
pub fn check_records(
    snap: &Snapshot,
    content: &Content,
    authors: &Authorship,
    then: InEffectThen<'_>,
) -> Vec<CheckedRecord> {
    let reviewers = content.reviewers.as_ref();
    let mut out = Vec::new();
    for (path, file) in snap.under("approvals") {
        if path.extension().is_none_or(|e| e != "txt") || path.starts_with(super::trust::DIR) {
            continue;
        }
        let mut problems = Vec::new();
        let text = match file {
            File::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            File::TooLarge(_) => {
                out.push(CheckedRecord {
                    path: path.clone(),
                    record: None,
                    problems: vec!["the record is too large".into()],
                });
                continue;
            }
        };
        let record = match Record::parse(&text) {
            Ok(r) => r,
            Err(e) => {
                out.push(CheckedRecord { path: path.clone(), record: None, problems: vec![e] });
                continue;
            }
        };
        let sig = match snap.get(&path.with_extension("sig")) {
            Some(File::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        };
        check_one(&record, &text, sig.as_deref(), path, reviewers, content, authors, &mut problems);
        if !problems.is_empty()
            && record.decision == Decision::Withdrawn
            && let Some(earlier) = then(path)
        {
            let mut again = Vec::new();
            check_one(&record, &text, sig.as_deref(), path, Some(&earlier), content, authors, &mut again);
            if again.is_empty() {
                problems.clear();
            }
        }
        out.push(CheckedRecord { path: path.clone(), record: Some(record), problems });
    }
    discount_second_roles(content, &mut out);
    out
}

/// Checks one record that is not (yet) in the snapshot, the way
/// [`check_records`] checks those that are: `approve` refuses up front
/// what status would not count.
pub fn check_new(
    path: &std::path::Path,
    record: &Record,
    text: &str,
    sig: &str,
    content: &Content,
    authors: &Authorship,
) -> CheckedRecord {
    let mut problems = Vec::new();
    check_one(record, text, Some(sig), path, content.reviewers.as_ref(), content, authors, &mut problems);
    CheckedRecord { path: path.to_path_buf(), record: Some(record.clone()), problems }
}

/// Separation of duties (`distinct_reviewers`): walking each piece's
/// records in time order from its last withdrawal, a record by someone who
/// currently holds another role of the piece does not count.
pub fn discount_second_roles(content: &Content, records: &mut [CheckedRecord]) {
    if !content.reviewers.as_ref().is_some_and(|r| r.policy.distinct_reviewers) {
        return;
    }
    let mut by_piece: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, c) in records.iter().enumerate() {
        if let Some(r) = c.record.as_ref().filter(|_| c.valid()) {
            by_piece.entry((r.message.clone(), r.locale.clone())).or_default().push(i);
        }
    }
    for (_, mut idx) in by_piece {
        idx.sort_by_key(|&i| records[i].record.as_ref().map(|r| r.time));
        let start = idx
            .iter()
            .rposition(|&i| records[i].record.as_ref().is_some_and(|r| r.decision == Decision::Withdrawn))
            .map_or(0, |p| p + 1);
        // role → (name, email) of its latest signer.
        let mut holder: BTreeMap<String, [String; 2]> = BTreeMap::new();
        for &i in &idx[start..] {
            let Some(r) = records[i].record.clone() else { continue };
            let me = super::history::identities(&r.reviewer_name, &r.reviewer_email);
            if let Some((other, _)) =
                holder.iter().find(|(role, who)| **role != r.role && who.iter().any(|w| me.contains(w)))
            {
                records[i].problems.push(format!(
                    "{} already signed as {other} for this piece; one person may not sign two roles (distinct_reviewers)",
                    r.reviewer_email
                ));
                continue;
            }
            holder.insert(r.role.clone(), me);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_one(
    r: &Record,
    text: &str,
    sig: Option<&str>,
    path: &std::path::Path,
    reviewers: Option<&ReviewersFile>,
    content: &Content,
    authors: &Authorship,
    problems: &mut Vec<String>,
) {
    let expected_dir = PathBuf::from("approvals").join(&r.message).join(&r.locale);
    if path.parent() != Some(expected_dir.as_path()) {
        problems.push(format!(
            "the record is for {} ({}) but filed in {}",
            r.message,
            r.locale,
            path.parent().map(|p| p.display().to_string()).unwrap_or_default()
        ));
    }
    let Some(sig) = sig else {
        problems.push("the signature file is missing".into());
        return;
    };
    let signer = match signature::signer(sig) {
        Ok(k) => k,
        Err(e) => {
            problems.push(e);
            return;
        }
    };
    if let Err(e) = signature::verify(&signer, text.as_bytes(), sig) {
        problems.push(e);
        return;
    }
    if r.key != signature::fingerprint(&signer) {
        problems.push(format!(
            "the record names key {} but was signed with {}",
            r.key,
            signature::fingerprint(&signer)
        ));
    }
    let Some(reviewers) = reviewers else {
        problems.push("reviewers.yaml is missing or invalid".into());
        return;
    };
    let owner = reviewers.reviewers.iter().find(|rv| {
        rv.keys.iter().filter_map(|k| signature::public_key(k).ok()).any(|k| signature::same_key(&k, &signer))
    });
    let Some(reviewer) = reviewers.reviewers.iter().find(|rv| rv.email.eq_ignore_ascii_case(&r.reviewer_email)) else {
        problems.push(format!("{} is not a reviewer in reviewers.yaml", r.reviewer_email));
        return;
    };
    match owner {
        None => {
            problems.push(format!("the signing key {} is not listed for any reviewer", signature::fingerprint(&signer)))
        }
        Some(o) if !o.email.eq_ignore_ascii_case(&reviewer.email) => {
            problems.push(format!("signed with {}'s key, not {}'s", o.email, reviewer.email))
        }
        _ => {}
    }
    if reviewer.name != r.reviewer_name {
        problems.push(format!("the record names `{}` but reviewers.yaml lists `{}`", r.reviewer_name, reviewer.name));
    }
    let withdraw = &reviewers.policy.withdraw_roles;
    if (r.decision != Decision::Withdrawn || !r.role.is_empty()) && !reviewer.roles.contains(&r.role) {
        problems.push(format!("{} does not hold the role `{}`", reviewer.email, r.role));
    } else if r.decision == Decision::Withdrawn && !withdraw.is_empty() && !withdraw.contains(&r.role) {
        problems.push(format!(
            "a withdrawal {}: only {} may withdraw (policy.withdraw_roles)",
            if r.role.is_empty() { "in no role".to_string() } else { format!("as {}", r.role) },
            withdraw.join(", ")
        ));
    }
    if r.decision == Decision::Approved
        && reviewers.policy.forbid_self_approval
        && let Some(m) = content.message(&r.message, &r.locale)
        && let Some(why) = authors.authored(m, &reviewer.name, &reviewer.email)
    {
        problems.push(why);
    }
}

/// A variant, (message id, locale, channel), with its current fingerprint
/// when one was computed (only pieces with approval records have one).
pub type Current<'a> = ((&'a str, &'a str, &'a str), Option<&'a str>);

/// Decides the status of every (message, locale, channel) from the checked
/// records and every variant with its current fingerprint (sorted by
/// `(id, locale, channel)`, each once), as of `now`.
pub fn statuses(
    content: &Content,
    records: &[CheckedRecord],
    fingerprints: &[Current<'_>],
    now: Timestamp,
) -> Vec<VariantStatus> {
    let required: Vec<String> = content.reviewers.as_ref().map(|r| r.policy.required_roles.clone()).unwrap_or_default();
    let mut by_piece: BTreeMap<(&str, &str), Vec<&CheckedRecord>> = BTreeMap::new();
    for c in records {
        if let Some(r) = &c.record {
            by_piece.entry((r.message.as_str(), r.locale.as_str())).or_default().push(c);
        }
    }
    use rayon::prelude::*;
    // Variant by variant, in parallel; in the order of `fingerprints` (sorted).
    fingerprints
        .par_iter()
        .map(|&((id, locale, channel), fp)| {
            let piece = by_piece.get(&(id, locale)).cloned().unwrap_or_default();
            let mut notes: Vec<String> = piece
                .iter()
                .filter(|c| !c.valid())
                .map(|c| format!("{}: {}", c.path.display(), c.problems.join("; ")))
                .collect();
            let mut valid: Vec<&Record> =
                piece.iter().filter(|c| c.valid()).filter_map(|c| c.record.as_ref()).collect();
            valid.sort_by_key(|r| r.time);
            let last_withdrawal = valid.iter().filter(|r| r.decision == Decision::Withdrawn).map(|r| r.time).max();
            let active: Vec<&Record> =
                valid.iter().copied().filter(|r| last_withdrawal.is_none_or(|w| r.time > w)).collect();
            // The latest decision of each required role (records that break
            // separation of duties were already discounted).
            let mut latest: Vec<(&String, &Record)> = required
                .iter()
                .filter_map(|role| active.iter().rev().find(|r| &r.role == role).map(|r| (role, *r)))
                .collect();
            latest.sort_by_key(|(_, r)| r.time);
            let (mut ok, mut stale, mut expired, mut changes) = (Vec::new(), 0, 0, false);
            let mut approvals = Vec::new();
            for (role, r) in &latest {
                match r.decision {
                    Decision::ChangesRequested => {
                        changes = true;
                        let at = if r.anchor.is_empty() { String::new() } else { format!(" at {}", r.anchor) };
                        notes.push(format!(
                            "changes requested by {} ({role}) on {}{at}: {}",
                            r.reviewer_name,
                            r.time,
                            r.comment.trim()
                        ));
                    }
                    Decision::Approved => match r.variants.get(channel) {
                        Some(f) if Some(f.as_str()) == fp => {
                            if r.expires < now.date() {
                                expired += 1;
                                notes.push(format!("the {role} approval expired on {}", r.expires));
                            } else {
                                ok.push(role.to_string());
                            }
                            approvals.push(Signed {
                                role: role.to_string(),
                                name: r.reviewer_name.clone(),
                                email: r.reviewer_email.clone(),
                                time: r.time.to_string(),
                                meaning: r.meaning.clone(),
                                key: r.key.clone(),
                                expires: r.expires.to_string(),
                                record: PathBuf::from(r.path()),
                            });
                        }
                        Some(_) => {
                            stale += 1;
                            notes.push(format!(
                                "{} ({role}) approved other bytes on {}: the variant changed since",
                                r.reviewer_name, r.time
                            ));
                        }
                        None => {}
                    },
                    Decision::Withdrawn => {}
                }
            }
            let missing_roles: Vec<String> = required.iter().filter(|r| !ok.contains(r)).cloned().collect();
            let mut status = if changes {
                Status::ChangesRequested
            } else if !required.is_empty() && missing_roles.is_empty() {
                Status::Approved
            } else if stale > 0 {
                Status::Stale
            } else if expired > 0 {
                Status::Expired
            } else if !ok.is_empty() {
                Status::PartiallyApproved
            } else {
                Status::Draft
            };
            if let Some(w) = last_withdrawal
                && status != Status::Approved
            {
                match valid.iter().rev().find(|r| r.decision == Decision::Withdrawn) {
                    Some(r) => notes.push(format!("withdrawn by {} on {w}: {}", r.reviewer_name, r.comment.trim())),
                    None => notes.push(format!("withdrawn on {w}")),
                }
                status = Status::Withdrawn;
            }
            if status != Status::Withdrawn
                && let Some(m) = content.message(id, locale)
                && m.is_translation
                && let Some(master) = content.master(id)
                && m.front.source.as_deref() != Some(master.fingerprint.as_str())
            {
                notes.push(format!("the master {} changed since this translation was made", master.file.display()));
                status = Status::Outdated;
            }
            VariantStatus {
                id: id.to_string(),
                locale: locale.to_string(),
                channel: channel.to_string(),
                status,
                missing_roles,
                approvals,
                notes,
                fingerprint: fp.map(str::to_string),
            }
        })
        .collect()
}

/// The reviewers' comments that still stand, as notes at the place they
/// point to: for each piece and role, the role's latest decision that
/// counts (signature, listed key, role), when it asks for changes or
/// anchors its comment. The role's next decision replaces it.
pub fn comments(snap: &Snapshot, content: &Content) -> Vec<crate::diag::Diagnostic> {
    standing_comments(&check_records(snap, content, &Authorship::default(), &|_| None), content)
}

/// [`comments`] from records already checked (the review's).
pub fn standing_comments(records: &[CheckedRecord], content: &Content) -> Vec<crate::diag::Diagnostic> {
    // The latest decision of each role on each piece: a role's comment
    // stands until that role decides again.
    let mut latest: BTreeMap<(&str, &str, &str), &Record> = BTreeMap::new();
    for r in records.iter().filter(|c| c.valid()).filter_map(|c| c.record.as_ref()) {
        let slot = latest.entry((r.message.as_str(), r.locale.as_str(), r.role.as_str())).or_insert(r);
        if r.time > slot.time {
            *slot = r;
        }
    }
    let mut out = Vec::new();
    for ((id, locale, _), r) in latest {
        let asks = r.decision == Decision::ChangesRequested;
        if r.comment.trim().is_empty() || (!asks && r.anchor.is_empty()) {
            continue;
        }
        let Some(m) = content.message(id, locale) else { continue };
        let pos = if let Some(n) = r.anchor.strip_prefix("line ").and_then(|n| n.parse::<usize>().ok()) {
            crate::diag::Pos::new(n, 1)
        } else if let Some(claim) = r.anchor.strip_prefix("claim ") {
            m.claim_uses.iter().find(|u| u.id == claim).map(|u| u.pos).unwrap_or(m.headline_pos)
        } else {
            crate::diag::Pos::new(1, 1)
        };
        let what = if asks { "asks for changes" } else { "comments" };
        out.push(
            crate::diag::Diagnostic::note(
                crate::codes::REVIEW_COMMENT,
                &m.file,
                format!("{} ({}) {what}: {}", r.reviewer_name, r.role, r.comment.trim()),
            )
            .at(pos)
            .hint(format!(
                "from the decision of {} ({}); it stands until the {} role decides again",
                r.time,
                r.path(),
                r.role
            )),
        );
    }
    out
}
