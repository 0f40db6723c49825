//! The approve stage: `approve`, `reject` and `withdraw` render the
//! message's variants from HEAD, write one signed record per locale under
//! `approvals/` and commit it.

use crate::approval::history::{self};
use crate::approval::record::{self, Decision, Record, Timestamp};
use crate::approval::{head, refuse_if_dirty, signature, status};
use crate::project::Project;
use crate::review::Review;
use crate::workspace::Workspace;
use crate::{Error, lint};
use std::collections::BTreeMap;
use std::path::Path;

/// What a reviewer asks for.
pub struct Decide<'a> {
    pub decision: Decision,
    pub id: &'a str,
    /// The locale; `None`: the master's (for a withdrawal: every locale).
    pub locale: Option<&'a str>,
    /// The role signed for (not for withdrawals).
    pub role: Option<&'a str>,
    /// The private key; `None`: git's `user.signingkey`.
    pub key: Option<&'a Path>,
    pub comment: &'a str,
    /// Where the comment points: `line N` of the message file or `claim ID`
    /// (empty: nowhere in particular).
    pub anchor: &'a str,
    /// Asks for the key's passphrase on a terminal.
    pub prompt: &'a dyn Fn() -> Option<String>,
}

/// Records a decision: renders the variants from HEAD, writes a signed
/// record per locale and commits it. Returns the records and the commit.
pub fn decide(ws: &Workspace, d: &Decide<'_>) -> Result<(Vec<Record>, git2::Oid), Error> {
    refuse_if_dirty(ws)?;
    let mut project = Project::load(ws.at_revision("HEAD")?);
    let now = Timestamp::now();
    let review = crate::review::evaluate(&mut project, &ws.repo, &ws.prefix, head(&ws.repo), now).map_err(|r| {
        Error::refused(format!("the committed content has {} error(s)", crate::diag::counts(&r.diagnostics).0))
            .hint("run `unisono check` and fix them first")
    })?;
    if let Some(why) = &review.trust.unverifiable {
        return Err(Error::refused(why.clone()).hint("`unisono trust status` shows the chain of trust"));
    }
    let now = after_the_latest(&review, d.id, now);
    let locales = locales(&project, &review, d)?;
    let signer = Signer::find(ws, &project, &review.trust, d)?;
    let mut records = Vec::new();
    let mut files = Vec::new();
    for locale in &locales {
        let record = record_for(&project, &review, d, &signer, locale, now)?;
        let text = record.to_canonical();
        let sig = signer.key.sign_in(signature::NAMESPACE, text.as_bytes())?;
        let path = record.path();
        refuse_what_would_not_count(&project, &review, d.decision, &record, &path, &text, &sig)?;
        files.push((path.clone(), text.into_bytes()));
        files.push((path.replace(".txt", ".sig"), sig.into_bytes()));
        records.push(record);
    }
    let message = commit_message(&records);
    let author = git2::Signature::new(&signer.reviewer.name, &signer.reviewer.email, &git2::Time::new(now.0, 0))?;
    let oid = history::commit_files(&ws.repo, &ws.root, &ws.prefix, &files, &message, &author)?;
    Ok((records, oid))
}

/// Decisions on one piece are strictly ordered in time, even when two land
/// in the same second: the later one is the one that counts.
fn after_the_latest(review: &Review, id: &str, now: Timestamp) -> Timestamp {
    let latest =
        review.records.iter().filter_map(|c| c.record.as_ref()).filter(|r| r.message == id).map(|r| r.time).max();
    match latest {
        Some(t) if t >= now => Timestamp(t.0 + 1),
        _ => now,
    }
}

/// The locales the decision is about: the one asked for, else the master's
/// (a withdrawal: every approved locale). Only what was approved can be
/// withdrawn: a withdrawal of a draft would be a signed record of nothing.
fn locales(project: &Project, review: &Review, d: &Decide<'_>) -> Result<Vec<String>, Error> {
    let content = &project.content;
    let Some(master) = content.master(d.id) else {
        return Err(Error::usage(format!("no message `{}` in the committed content", d.id))
            .hint("`unisono status` lists the messages"));
    };
    let mut locales: Vec<String> = match (d.locale, d.decision) {
        (Some(l), _) => vec![l.to_string()],
        (None, Decision::Withdrawn) => {
            content.messages.iter().filter(|m| m.id() == d.id).map(|m| m.locale().to_string()).collect()
        }
        (None, _) => vec![master.locale().to_string()],
    };
    if d.decision == Decision::Withdrawn {
        let approved = |l: &str| {
            review
                .records
                .iter()
                .filter(|c| c.valid())
                .filter_map(|c| c.record.as_ref())
                .any(|r| r.message == d.id && r.locale == l && r.decision == Decision::Approved)
        };
        let never: Vec<String> = locales.iter().filter(|l| !approved(l)).cloned().collect();
        if d.locale.is_some() && !never.is_empty() || never.len() == locales.len() {
            return Err(Error::refused(format!(
                "{} ({}) was never approved: there is nothing to withdraw",
                d.id,
                never.join(", ")
            ))
            .hint("a draft needs no withdrawal; `unisono status` shows what is approved"));
        }
        locales.retain(|l| !never.contains(l));
    }
    Ok(locales)
}

/// Why a key that signs for no reviewer in the version of reviewers.yaml in
/// effect cannot sign, and what to do: list reviewers at all, or have an
/// owner sign the committed change that lists it.
fn unlisted_key(
    project: &Project,
    trust: &crate::approval::trust::Chain,
    in_effect: &crate::model::ReviewersFile,
    public: &ssh_key::PublicKey,
) -> Error {
    let fingerprint = signature::fingerprint(public);
    let committed: Option<crate::model::ReviewersFile> = match project.snapshot.get(Path::new("reviewers.yaml")) {
        Some(crate::workspace::File::Bytes(bytes)) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| crate::model::yaml::parse(Path::new("reviewers.yaml"), text, 1).ok()),
        _ => None,
    };
    let listed_in_committed = committed.is_some_and(|f| {
        f.reviewers.iter().any(|r| {
            r.keys.iter().filter_map(|k| signature::public_key(k).ok()).any(|k| signature::same_key(&k, public))
        })
    });
    if let Some(pending) = trust.pending.as_ref().filter(|_| listed_in_committed) {
        let at = pending.commit.as_deref().map(|c| format!("commit {}", &c[..c.len().min(12)])).unwrap_or_default();
        return Error::refused(format!(
            "the key {fingerprint} is listed in reviewers.yaml by the change of {at}, which is not in effect: it has {} of {} owner signature(s)",
            pending.signatures, pending.needed
        ))
        .hint("an owner of the version in effect signs the change first (`unisono trust sign --key THEIR_KEY`); `unisono trust status` shows what is pending");
    }
    if in_effect.reviewers.is_empty() {
        return Error::refused(format!("the key {fingerprint} is not listed: reviewers.yaml lists no reviewers yet"))
            .hint("add one entry per reviewer to reviewers.yaml with their name, email, roles and public key (the `.pub` file), and commit it");
    }
    Error::refused(format!("the key {fingerprint} is not listed for any reviewer in reviewers.yaml"))
        .hint("sign with your own key, listed under your name")
}

/// Who signs: the reviewer whose listed key is the one given, in the role
/// they hold.
struct Signer<'p> {
    reviewer: &'p crate::model::Reviewer,
    key: signature::SigningKey,
    role: String,
    valid_for_months: u32,
}

impl<'p> Signer<'p> {
    fn find(
        ws: &Workspace,
        project: &'p Project,
        trust: &crate::approval::trust::Chain,
        d: &Decide<'_>,
    ) -> Result<Signer<'p>, Error> {
        let reviewers =
            project.content.reviewers.as_ref().ok_or_else(|| {
                Error::usage("reviewers.yaml is missing").hint("list the reviewers and their keys first")
            })?;
        let key = crate::approval::signing_key(&ws.repo, d.key, d.prompt)?;
        let public = key.public();
        let reviewer = reviewers
            .reviewers
            .iter()
            .find(|r| {
                r.keys.iter().filter_map(|k| signature::public_key(k).ok()).any(|k| signature::same_key(&k, &public))
            })
            .ok_or_else(|| unlisted_key(project, trust, reviewers, &public))?;
        let withdraw = &reviewers.policy.withdraw_roles;
        let role = match (d.decision, d.role) {
            // Without `withdraw_roles`, any listed reviewer withdraws, in no role.
            (Decision::Withdrawn, None) if withdraw.is_empty() => String::new(),
            (Decision::Withdrawn, Some(r)) if !withdraw.is_empty() && !withdraw.iter().any(|w| w == r) => {
                return Err(Error::refused(format!("the role `{r}` may not withdraw"))
                    .hint(format!("the policy's withdraw_roles: {}", withdraw.join(", "))));
            }
            (Decision::Withdrawn, None) => match reviewer.roles.iter().find(|x| withdraw.contains(x)) {
                Some(r) => r.clone(),
                None => {
                    return Err(Error::refused(format!(
                        "{} holds none of the roles that may withdraw ({})",
                        reviewer.email,
                        withdraw.join(", ")
                    ))
                    .hint("ask a holder of one of these roles, or an owner to change policy.withdraw_roles"));
                }
            },
            (_, Some(r)) if reviewer.roles.iter().any(|x| x == r) => r.to_string(),
            (_, Some(r)) => {
                return Err(Error::refused(format!(
                    "{} does not hold the role `{r}` (roles: {})",
                    reviewer.email,
                    reviewer.roles.join(", ")
                )));
            }
            (_, None) => return Err(Error::usage("name the role you sign for: --role ROLE")),
        };
        if d.decision != Decision::Approved && d.comment.trim().is_empty() {
            return Err(Error::usage(format!(
                "{} needs a {}",
                d.decision.as_str(),
                if d.decision == Decision::Withdrawn { "reason" } else { "comment" }
            ))
            .hint("say what must change (--comment) or why it is withdrawn (--reason)"));
        }
        Ok(Signer { reviewer, key, role, valid_for_months: reviewers.policy.valid_for_months })
    }
}

/// The record of the decision on one locale: the message's variants
/// rendered in their final form and fingerprinted. An approval needs a
/// message without check errors.
fn record_for(
    project: &Project,
    review: &Review,
    d: &Decide<'_>,
    signer: &Signer<'_>,
    locale: &str,
    now: Timestamp,
) -> Result<Record, Error> {
    let content = &project.content;
    let Some(m) = content.message(d.id, locale) else {
        return Err(Error::usage(format!("`{}` has no {locale} version", d.id)));
    };
    if d.decision == Decision::Approved {
        let own = lint::check_files(project, std::slice::from_ref(&m.file));
        let errors = own.iter().filter(|x| x.is_error() && x.file == m.file).count();
        if errors > 0 {
            return Err(Error::refused(format!("{} has {errors} check error(s)", m.file.display()))
                .hint("run `unisono check` and fix them before approval"));
        }
    }
    let mut variants: BTreeMap<String, String> = BTreeMap::new();
    for (name, _) in content.channels_of(m) {
        let v = review.final_variant(project, d.id, locale, name).map_err(|e| Error::refused(e.message))?;
        variants.insert(name.to_string(), v.fingerprint());
    }
    Ok(Record {
        decision: d.decision,
        message: d.id.to_string(),
        locale: locale.to_string(),
        role: signer.role.clone(),
        reviewer_name: signer.reviewer.name.clone(),
        reviewer_email: signer.reviewer.email.clone(),
        time: now,
        meaning: record::meaning(d.decision, &signer.role),
        expires: now.date().add_months(signer.valid_for_months),
        source: m.fingerprint.clone(),
        variants,
        comment: d.comment.trim().to_string(),
        anchor: anchor(m, content.texts.get(&m.file).map(String::as_str).unwrap_or(""), d)?,
        key: signature::fingerprint(&signer.key.public()),
    })
}

/// The anchor of the comment, checked against the message: a line of its
/// file, or a claim it uses.
fn anchor(m: &crate::model::MasterMessage, text: &str, d: &Decide<'_>) -> Result<String, Error> {
    let a = d.anchor.trim();
    if a.is_empty() {
        return Ok(String::new());
    }
    if d.comment.trim().is_empty() {
        return Err(Error::usage("an anchor points a comment somewhere: add --comment"));
    }
    if let Some(n) = a.strip_prefix("line ") {
        let lines = text.lines().count();
        return match n.parse::<usize>() {
            Ok(n) if n >= 1 && n <= lines => Ok(format!("line {n}")),
            _ => Err(Error::usage(format!("--line {n}: {} has lines 1 to {lines}", m.file.display()))),
        };
    }
    if let Some(id) = a.strip_prefix("claim ") {
        if m.claim_uses.iter().any(|u| u.id == id) {
            return Ok(format!("claim {id}"));
        }
        return Err(Error::usage(format!("--claim {id}: `{}` ({}) does not use it", m.id(), m.locale())));
    }
    Err(Error::usage(format!("`{a}` is not an anchor")).hint("anchor with --line N or --claim ID"))
}

/// Refuses up front — nothing signed is kept, nothing committed — a record
/// that status would not count, for the same reasons.
#[allow(clippy::too_many_arguments)]
fn refuse_what_would_not_count(
    project: &Project,
    review: &Review,
    decision: Decision,
    record: &Record,
    path: &str,
    text: &str,
    sig: &str,
) -> Result<(), Error> {
    if project.snapshot.get(Path::new(path)).is_some() {
        return Err(Error::refused(format!("{path} already exists: wait a second and sign again")));
    }
    let content = &project.content;
    let mut all = review.records.clone();
    all.push(status::check_new(Path::new(path), record, text, sig, content, &review.authors));
    status::discount_second_roles(content, &mut all);
    if let Some(new) = all.last().filter(|c| !c.valid()) {
        let what = match decision {
            Decision::Approved => "approval",
            Decision::ChangesRequested => "change request",
            Decision::Withdrawn => "withdrawal",
        };
        return Err(Error::refused(format!("this {what} would not count: {}", new.problems.join("; "))).hint(
            "nothing was signed or committed; the policy forbids self-approval and one person signing two roles of a piece",
        ));
    }
    Ok(())
}

/// A readable commit message with trailers.
fn commit_message(records: &[Record]) -> String {
    let r = &records[0];
    let locales: Vec<&str> = records.iter().map(|r| r.locale.as_str()).collect();
    let verb = match r.decision {
        Decision::Approved => "Approve",
        Decision::ChangesRequested => "Request changes to",
        Decision::Withdrawn => "Withdraw",
    };
    let role = if r.role.is_empty() { String::new() } else { format!(" as {}", r.role) };
    let mut s = format!("{verb} {} ({}){role}\n\n", r.message, locales.join(", "));
    s.push_str(&format!("{} <{}> signed: {}\n", r.reviewer_name, r.reviewer_email, r.meaning));
    if !r.comment.is_empty() {
        s.push_str(&format!("\n{}\n", r.comment));
    }
    s.push('\n');
    s.push_str(&format!("Unisono-Decision: {}\nUnisono-Message: {}\n", r.decision.as_str(), r.message));
    for rec in records {
        s.push_str(&format!("Unisono-Locale: {}\n", rec.locale));
    }
    if !r.role.is_empty() {
        s.push_str(&format!("Unisono-Role: {}\n", r.role));
    }
    s.push_str(&format!("Unisono-Reviewer: {} <{}>\nUnisono-Key: {}\n", r.reviewer_name, r.reviewer_email, r.key));
    for rec in records {
        s.push_str(&format!("Unisono-Record: {}\n", rec.path()));
    }
    s
}
