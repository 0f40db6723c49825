//! MLR approval in git: signed records, status, separation of duties, expiry.
//!
//! `approve`, `reject` and `withdraw` write one signed record per decision
//! under `approvals/` and commit it; [`evaluate`] reads every record back,
//! checks it against `reviewers.yaml` and git history, and decides the status
//! of every variant.

pub mod history;
pub mod record;
pub mod signature;
pub mod status;
pub mod timeline;
pub mod trust;

use crate::build::Refused;
use crate::model::{self, Content};
use crate::render::Variant;
use crate::render::templates::Templates;
use crate::workspace::{Snapshot, Workspace};
use crate::{Error, lint};
use history::Authorship;
use record::{Decision, Record, Timestamp};
use status::{CheckedRecord, VariantStatus};
use std::collections::BTreeMap;
use std::path::Path;

/// Everything known about the approval state of a snapshot.
pub struct Review {
    pub content: Content,
    pub templates: Templates,
    pub records: Vec<CheckedRecord>,
    pub statuses: Vec<VariantStatus>,
    /// Who authored what, from the history evaluated.
    pub authors: Authorship,
    /// The chain of trust of reviewers.yaml; `content.reviewers` is the
    /// version in effect, not necessarily the snapshot's file.
    pub trust: trust::Chain,
    /// Final-form variants rendered while deciding status (others are
    /// rendered on demand by [`Review::final_variant`]).
    rendered: BTreeMap<Key, Variant>,
}

/// (message id, locale, channel).
type Key = (String, String, String);

impl Review {
    /// The status of one variant.
    pub fn status(&self, id: &str, locale: &str, channel: &str) -> Option<&VariantStatus> {
        // `statuses` is sorted by (id, locale, channel).
        self.statuses
            .binary_search_by(|s| (s.id.as_str(), s.locale.as_str(), s.channel.as_str()).cmp(&(id, locale, channel)))
            .ok()
            .map(|i| &self.statuses[i])
    }

    /// A variant in its final (approved) form.
    pub fn final_variant(&self, id: &str, locale: &str, channel: &str) -> Result<Variant, crate::diag::Diagnostic> {
        if let Some(v) = self.rendered.get(&(id.to_string(), locale.to_string(), channel.to_string())) {
            return Ok(v.clone());
        }
        let m = self.content.message(id, locale).ok_or_else(|| {
            crate::diag::Diagnostic::error("render-error", "content", format!("no message {id} ({locale})"))
        })?;
        let ch = self.content.channels.get(channel).ok_or_else(|| {
            crate::diag::Diagnostic::error("render-error", "channels.yaml", format!("no channel {channel}"))
        })?;
        crate::render::render_variant(&self.content, &self.templates, m, channel, ch, false)
    }

    /// Every (message, channel) pair, in order.
    pub fn pieces(&self) -> Vec<(&crate::model::MasterMessage, &str)> {
        self.content
            .messages
            .iter()
            .flat_map(|m| self.content.channels_of(m).into_iter().map(move |(n, _)| (m, n)))
            .collect()
    }
}

/// Loads and decides the status of everything in `snap`, with git history up
/// to `tip` and the clock at `now`. Final-form fingerprints are computed only
/// for pieces that have approval records — from the fingerprint cache when
/// their inputs are unchanged, by rendering otherwise.
pub fn evaluate(
    repo: &git2::Repository,
    prefix: &Path,
    snap: &Snapshot,
    tip: Option<git2::Oid>,
    now: Timestamp,
) -> Result<Review, Box<Refused>> {
    evaluate_with(repo, prefix, snap, tip, now, &mut model::ParseCache::default())
}

/// [`evaluate`], reusing parsed messages from `cache` (kept by `watch`).
pub fn evaluate_with(
    repo: &git2::Repository,
    prefix: &Path,
    snap: &Snapshot,
    tip: Option<git2::Oid>,
    now: Timestamp,
    cache: &mut model::ParseCache,
) -> Result<Review, Box<Refused>> {
    use rayon::prelude::*;
    let loaded = model::load_cached(snap, cache);
    let (templates, tdiags) = Templates::load(snap);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(tdiags);
    let content = loaded.content;
    if diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
        return Err(Box::new(Refused { diagnostics, content }));
    }
    let git_refusal = |e: Error| {
        Box::new(Refused {
            diagnostics: vec![crate::diag::Diagnostic::error("git-history", ".git", e.to_string())],
            content: Content::default(),
        })
    };
    let mut content = content;
    let chain = trust::evaluate(repo, prefix, snap, tip).map_err(git_refusal)?;
    if chain.effective.is_some() || chain.unverifiable.is_some() {
        content.reviewers = chain.effective.clone();
    }
    let authors = Authorship::load(repo, tip, prefix).map_err(git_refusal)?;
    let records = status::check_records(snap, &content, &authors);
    let with_records: std::collections::BTreeSet<(&str, &str)> =
        records.iter().filter_map(|c| c.record.as_ref()).map(|r| (r.message.as_str(), r.locale.as_str())).collect();
    let mut cache = crate::cache::FingerprintCache::open(repo);
    let inputs = crate::render::Inputs::new(&content, &templates);
    let pieces: Vec<(&crate::model::MasterMessage, &str)> =
        content.messages.iter().flat_map(|m| content.channels_of(m).into_iter().map(move |(n, _)| (m, n))).collect();
    // (key, input fingerprint, cached output) for pieces under review.
    let wanted: Vec<(Key, String, Option<String>)> = pieces
        .par_iter()
        .filter(|(m, _)| with_records.contains(&(m.id(), m.locale())))
        .map(|(m, name)| {
            let input = inputs.variant(&inputs.message(m), name, false);
            let cached = cache.get(&input).map(str::to_string);
            ((m.id().to_string(), m.locale().to_string(), name.to_string()), input, cached)
        })
        .collect();
    let fresh: Vec<Result<(String, Variant), crate::diag::Diagnostic>> = wanted
        .par_iter()
        .filter(|(_, _, cached)| cached.is_none())
        .map(|((id, locale, name), input, _)| {
            let m = content.message(id, locale).expect("a piece of the content");
            let v = crate::render::render_variant(&content, &templates, m, name, &content.channels[name], false)?;
            Ok((input.clone(), v))
        })
        .collect();
    let mut rendered = BTreeMap::new();
    let mut errors = Vec::new();
    for r in fresh {
        match r {
            Ok((input, v)) => {
                cache.insert(input, v.fingerprint());
                rendered.insert((v.id.clone(), v.locale.clone(), v.channel.clone()), v);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(Box::new(Refused { diagnostics: errors, content }));
    }
    cache.save();
    let mut fingerprints: BTreeMap<Key, Option<String>> =
        pieces.iter().map(|(m, n)| ((m.id().to_string(), m.locale().to_string(), n.to_string()), None)).collect();
    for (key, input, cached) in wanted {
        let fp = cached.or_else(|| cache.get(&input).map(str::to_string));
        fingerprints.insert(key, fp);
    }
    let statuses = status::statuses(&content, &records, &fingerprints, now);
    Ok(Review { content, templates, records, statuses, authors, trust: chain, rendered })
}

/// The HEAD commit, if any.
pub fn head(repo: &git2::Repository) -> Option<git2::Oid> {
    repo.head().ok().and_then(|h| h.peel_to_commit().ok()).map(|c| c.id())
}

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
    /// Asks for the key's passphrase on a terminal.
    pub prompt: &'a dyn Fn() -> Option<String>,
}

/// Records a decision: renders the variants from HEAD, writes a signed
/// record per locale and commits it. Returns the records and the commit.
pub fn decide(ws: &Workspace, d: &Decide<'_>) -> Result<(Vec<Record>, git2::Oid), Error> {
    refuse_if_dirty(ws)?;
    let snap = ws.at_revision("HEAD")?;
    let now = Timestamp::now();
    let review = evaluate(&ws.repo, &ws.prefix, &snap, head(&ws.repo), now).map_err(|r| {
        Error::Refused(format!(
            "the committed content has {} error(s)\n  = help: run `unisono check` and fix them first",
            crate::diag::counts(&r.diagnostics).0
        ))
    })?;
    // Decisions on one piece are strictly ordered in time, even when two
    // land in the same second: the later one is the one that counts.
    let latest =
        review.records.iter().filter_map(|c| c.record.as_ref()).filter(|r| r.message == d.id).map(|r| r.time).max();
    let now = match latest {
        Some(t) if t >= now => Timestamp(t.0 + 1),
        _ => now,
    };
    let content = &review.content;
    let Some(master) = content.master(d.id) else {
        return Err(Error::Usage(format!(
            "no message `{}` in the committed content\n  = help: `unisono status` lists the messages",
            d.id
        )));
    };
    let mut locales: Vec<String> = match (d.locale, d.decision) {
        (Some(l), _) => vec![l.to_string()],
        (None, Decision::Withdrawn) => {
            content.messages.iter().filter(|m| m.id() == d.id).map(|m| m.locale().to_string()).collect()
        }
        (None, _) => vec![master.locale().to_string()],
    };
    if d.decision == Decision::Withdrawn {
        // Only what was approved can be withdrawn: a withdrawal of a draft
        // would be a signed record of nothing.
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
            return Err(Error::Refused(format!(
                "{} ({}) was never approved: there is nothing to withdraw\n  = help: a draft needs no withdrawal; `unisono status` shows what is approved",
                d.id,
                never.join(", ")
            )));
        }
        locales.retain(|l| !never.contains(l));
    }
    if let Some(why) = &review.trust.unverifiable {
        return Err(Error::Refused(format!("{why}\n  = help: `unisono trust status` shows the chain of trust")));
    }
    let reviewers = content.reviewers.as_ref().ok_or_else(|| {
        Error::Usage("reviewers.yaml is missing\n  = help: list the reviewers and their keys first".into())
    })?;
    let key_path = match d.key {
        Some(p) => p.to_path_buf(),
        None => signing_key_from_git(&ws.repo)?,
    };
    let key = signature::load_private_key(&key_path, d.prompt)?;
    let public = key.public_key().clone();
    let reviewer = reviewers
        .reviewers
        .iter()
        .find(|r| r.keys.iter().filter_map(|k| signature::public_key(k).ok()).any(|k| signature::same_key(&k, &public)))
        .ok_or_else(|| {
            Error::Refused(format!(
                "the key {} ({}) is not listed for any reviewer in reviewers.yaml\n  = help: sign with your own key, listed under your name",
                key_path.display(),
                signature::fingerprint(&public)
            ))
        })?;
    let role = match (d.decision, d.role) {
        (Decision::Withdrawn, _) => String::new(),
        (_, Some(r)) if reviewer.roles.iter().any(|x| x == r) => r.to_string(),
        (_, Some(r)) => {
            return Err(Error::Refused(format!(
                "{} does not hold the role `{r}` (roles: {})",
                reviewer.email,
                reviewer.roles.join(", ")
            )));
        }
        (_, None) => return Err(Error::Usage("name the role you sign for: --role ROLE".into())),
    };
    if d.decision != Decision::Approved && d.comment.trim().is_empty() {
        return Err(Error::Usage(format!(
            "{} needs a {}\n  = help: say what must change (--comment) or why it is withdrawn (--reason)",
            d.decision.as_str(),
            if d.decision == Decision::Withdrawn { "reason" } else { "comment" }
        )));
    }
    let mut records = Vec::new();
    let mut files = Vec::new();
    for locale in &locales {
        let Some(m) = content.message(d.id, locale) else {
            return Err(Error::Usage(format!("`{}` has no {locale} version", d.id)));
        };
        if d.decision == Decision::Approved {
            let own = lint::check_files(&snap, std::slice::from_ref(&m.file));
            let errors: Vec<_> = own.diagnostics.iter().filter(|x| x.is_error() && x.file == m.file).collect();
            if !errors.is_empty() {
                return Err(Error::Refused(format!(
                    "{} has {} check error(s)\n  = help: run `unisono check` and fix them before approval",
                    m.file.display(),
                    errors.len()
                )));
            }
        }
        let mut variants: BTreeMap<String, String> = BTreeMap::new();
        for (name, _) in content.channels_of(m) {
            let v = review.final_variant(d.id, locale, name).map_err(|e| Error::Refused(e.message))?;
            variants.insert(name.to_string(), v.fingerprint());
        }
        let record = Record {
            decision: d.decision,
            message: d.id.to_string(),
            locale: locale.clone(),
            role: role.clone(),
            reviewer_name: reviewer.name.clone(),
            reviewer_email: reviewer.email.clone(),
            time: now,
            meaning: record::meaning(d.decision, &role),
            expires: now.date().add_months(reviewers.policy.valid_for_months),
            source: m.fingerprint.clone(),
            variants,
            comment: d.comment.trim().to_string(),
            key: signature::fingerprint(&public),
        };
        let text = record.to_canonical();
        let sig = signature::sign(&key, text.as_bytes())?;
        let path = record.path();
        if snap.get(Path::new(&path)).is_some() {
            return Err(Error::Refused(format!("{path} already exists: wait a second and sign again")));
        }
        // Refuse up front what status would not count, for the same reasons.
        let mut all = review.records.clone();
        all.push(status::check_new(Path::new(&path), &record, &text, &sig, content, &review.authors));
        status::discount_second_roles(content, &mut all);
        if let Some(new) = all.last().filter(|c| !c.valid()) {
            let what = match d.decision {
                Decision::Approved => "approval",
                Decision::ChangesRequested => "change request",
                Decision::Withdrawn => "withdrawal",
            };
            return Err(Error::Refused(format!(
                "this {what} would not count: {}\n  = help: nothing was signed or committed; the policy forbids self-approval and one person signing two roles of a piece",
                new.problems.join("; ")
            )));
        }
        files.push((path.clone(), text.into_bytes()));
        files.push((path.replace(".txt", ".sig"), sig.into_bytes()));
        records.push(record);
    }
    let message = commit_message(&records);
    let author = git2::Signature::new(&reviewer.name, &reviewer.email, &git2::Time::new(now.0, 0))?;
    let oid = history::commit_files(&ws.repo, &ws.root, &ws.prefix, &files, &message, &author)?;
    Ok((records, oid))
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

/// Refuses when content, templates or configuration have uncommitted
/// changes: reviewers approve what is committed, nothing else.
pub(crate) fn refuse_if_dirty(ws: &Workspace) -> Result<(), Error> {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    let statuses = ws.repo.statuses(Some(&mut opts))?;
    let dirty: Vec<String> = statuses
        .iter()
        .filter_map(|s| s.path().ok().map(str::to_string))
        .filter(|p| {
            let rel = Path::new(p).strip_prefix(&ws.prefix).unwrap_or(Path::new(p));
            ["content", "templates", "channels.yaml", "reviewers.yaml", "approvals"].iter().any(|r| rel.starts_with(r))
        })
        .collect();
    if dirty.is_empty() {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "uncommitted changes: {}\n  = help: commit (or stash) them first: reviewers sign what is committed",
            dirty.join(", ")
        )))
    }
}

/// git's `user.signingkey`, when it names a private key file.
pub(crate) fn signing_key_from_git(repo: &git2::Repository) -> Result<std::path::PathBuf, Error> {
    let value = repo.config().and_then(|c| c.get_string("user.signingkey")).map_err(|_| {
        Error::Usage("no key given\n  = help: pass --key ~/.ssh/id_ed25519, or set git's user.signingkey".into())
    })?;
    let path = value
        .strip_prefix("~/")
        .map(|rest| std::path::PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(rest))
        .unwrap_or_else(|| value.clone().into());
    // git allows the public key file; the private key sits beside it.
    let path = match path.to_string_lossy().strip_suffix(".pub") {
        Some(p) => std::path::PathBuf::from(p),
        None => path,
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(Error::Usage(format!("user.signingkey `{value}` is not a key file\n  = help: pass --key PATH")))
    }
}
