//! `unisono approve`, `reject`, `withdraw`, `status`, `verify` and `certificate`.

use super::Format;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use unisono::Error;
use unisono::approval::record::{Decision, Timestamp};
use unisono::approval::{self, signature};
use unisono::approve::{self, Decide};
use unisono::portal::certificate;
use unisono::project::Project;
use unisono::workspace::Workspace;

/// Arguments shared by approve and reject.
#[derive(Args, Debug)]
pub struct SignArgs {
    /// The message id.
    pub id: String,
    /// The locale to sign for (default: the master's).
    #[arg(long)]
    pub locale: Option<String>,
    /// The role you sign for (medical, legal, regulatory, ...).
    #[arg(long)]
    pub role: String,
    /// Your SSH private key (default: git's user.signingkey). Passphrase from a prompt or UNISONO_KEY_PASSPHRASE.
    #[arg(long, value_name = "PATH")]
    pub key: Option<PathBuf>,
    /// A comment (required for reject: what must change).
    #[arg(long, default_value = "")]
    pub comment: String,
    /// Anchor the comment to this line of the message file.
    #[arg(long, value_name = "N", conflicts_with = "claim")]
    pub line: Option<usize>,
    /// Anchor the comment to this claim of the message.
    #[arg(long, value_name = "ID")]
    pub claim: Option<String>,
}

/// Arguments of withdraw.
#[derive(Args, Debug)]
pub struct WithdrawArgs {
    /// The message id.
    pub id: String,
    /// The locale to withdraw (default: every locale).
    #[arg(long)]
    pub locale: Option<String>,
    /// Why it is withdrawn (required).
    #[arg(long)]
    pub reason: String,
    /// The role you withdraw in (default: your first role in the policy's withdraw_roles).
    #[arg(long)]
    pub role: Option<String>,
    /// Your SSH private key (default: git's user.signingkey).
    #[arg(long, value_name = "PATH")]
    pub key: Option<PathBuf>,
    /// Publish manifests to list artifacts from (default: published/manifest.json).
    #[arg(long, value_name = "FILE")]
    pub manifest: Vec<PathBuf>,
}

pub(super) fn prompt() -> Option<String> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    rpassword::prompt_password("Passphrase for the signing key: ").ok()
}

pub fn sign(ws: &Workspace, decision: Decision, a: &SignArgs) -> Result<u8, Error> {
    let (records, oid) = approve::decide(
        ws,
        &Decide {
            decision,
            id: &a.id,
            locale: a.locale.as_deref(),
            role: Some(&a.role),
            key: a.key.as_deref(),
            comment: &a.comment,
            anchor: &match (&a.line, &a.claim) {
                (Some(n), _) => format!("line {n}"),
                (_, Some(id)) => format!("claim {id}"),
                _ => String::new(),
            },
            prompt: &prompt,
        },
    )?;
    report(&records, oid);
    Ok(0)
}

pub fn withdraw(ws: &Workspace, a: &WithdrawArgs) -> Result<u8, Error> {
    let (records, oid) = approve::decide(
        ws,
        &Decide {
            decision: Decision::Withdrawn,
            id: &a.id,
            locale: a.locale.as_deref(),
            role: a.role.as_deref(),
            key: a.key.as_deref(),
            comment: &a.reason,
            anchor: "",
            prompt: &prompt,
        },
    )?;
    report(&records, oid);
    // The journeys the withdrawn piece breaks: their steps can no longer run.
    let project = Project::load(ws.worktree()?);
    for (j, steps) in unisono::plan::journeys_using(&project.content, &a.id) {
        let locales: Vec<&str> = records.iter().map(|r| r.locale.as_str()).collect();
        println!(
            "Breaks journey `{}` ({}) in {}: step(s) {} can no longer run.",
            j.id,
            j.file.display(),
            locales.join(", "),
            steps.join(", ")
        );
    }
    let pull = unisono::publish::withdrawal_list(ws, &a.id, a.locale.as_deref(), &a.manifest)?;
    if pull.is_empty() {
        println!("No published artifact of `{}` was found in any publish manifest.", a.id);
    } else {
        println!("Pull these published artifacts from every channel:");
        for line in pull {
            println!("  {line}");
        }
    }
    Ok(0)
}

fn report(records: &[approval::record::Record], oid: git2::Oid) {
    for r in records {
        println!(
            "{} {} ({}){} by {} <{}> at {}",
            r.decision.as_str(),
            r.message,
            r.locale,
            if r.role.is_empty() { String::new() } else { format!(" as {}", r.role) },
            r.reviewer_name,
            r.reviewer_email,
            r.time
        );
        println!("  record: {}", r.path());
        for (channel, fp) in &r.variants {
            println!("  {channel}: {fp}");
        }
    }
    println!("committed {}", &oid.to_string()[..12]);
}

/// Reads the snapshot and history for `rev` (the work tree and HEAD when `None`).
pub(super) fn at(
    ws: &Workspace,
    rev: Option<&str>,
) -> Result<(unisono::workspace::Snapshot, Option<git2::Oid>), Error> {
    match rev {
        Some(r) => {
            let snap = ws.at_revision(r)?;
            let tip = snap.revision.as_deref().and_then(|s| git2::Oid::from_str(s).ok());
            Ok((snap, tip))
        }
        None => Ok((ws.worktree()?, approval::head(&ws.repo))),
    }
}

pub fn status(ws: &Workspace, rev: Option<&str>, format: Format) -> Result<u8, Error> {
    let (snap, tip) = at(ws, rev)?;
    let mut project = Project::load(snap);
    let review = match unisono::review::evaluate(&mut project, &ws.repo, &ws.prefix, tip, Timestamp::now()) {
        Ok(r) => r,
        Err(refused) => return super::print_refused(&refused, &project.content),
    };
    if format == Format::Human {
        super::print_diags(&review.trust.diagnostics(), &project.content);
    }
    match format {
        Format::Json => {
            let journeys: Vec<_> = project
                .content
                .journeys
                .values()
                .flat_map(|j| unisono::plan::readiness(j, &project.content, &review.statuses))
                .collect();
            let out = serde_json::json!({
                "revision": project.snapshot.revision,
                "trust": review.trust,
                "variants": review.statuses,
                "journeys": journeys,
                "records": review.records,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            let w = review.statuses.iter().map(|s| s.id.len()).max().unwrap_or(7).max(7);
            let c = review.statuses.iter().map(|s| s.channel.len()).max().unwrap_or(7).max(7);
            println!("{:w$}  {:6}  {:c$}  {:18}  detail", "message", "locale", "channel", "status");
            for s in &review.statuses {
                let mut detail: Vec<String> =
                    s.approvals.iter().map(|a| format!("{}: {} {}", a.role, a.name, a.time)).collect();
                if !s.missing_roles.is_empty() && s.status != unisono::approval::status::Status::Draft {
                    detail.push(format!("missing: {}", s.missing_roles.join(", ")));
                }
                println!(
                    "{:w$}  {:6}  {:c$}  {:18}  {}",
                    s.id,
                    s.locale,
                    s.channel,
                    s.status.as_str(),
                    detail.join("; ")
                );
                // Why: who asked for changes and their comment, a withdrawal and
                // its reason, an approval of other bytes, an expiry.
                for note in s.notes.iter().filter(|n| !n.contains(".txt: ")) {
                    println!("{:w$}  {:6}  {:c$}  {:18}  ↳ {note}", "", "", "", "");
                }
            }
            for j in project.content.journeys.values() {
                println!("\njourney {} ({})", j.id, j.file.display());
                for r in unisono::plan::readiness(j, &project.content, &review.statuses) {
                    let blocking: Vec<String> = r
                        .steps
                        .iter()
                        .filter(|s| s.status != "approved")
                        .map(|s| format!("{} ({} {}): {}", s.step, s.message, s.channel, s.status))
                        .collect();
                    if r.ready {
                        println!("  {:6}  ready: every step approved", r.locale);
                    } else {
                        println!("  {:6}  not ready: {}", r.locale, blocking.join("; "));
                    }
                }
            }
            let bad: Vec<_> = review.records.iter().filter(|r| !r.valid()).collect();
            if !bad.is_empty() {
                println!("\nrecords that do not count:");
                for r in bad {
                    println!("  {}: {}", r.path.display(), r.problems.join("; "));
                }
            }
        }
    }
    Ok(0)
}

pub fn verify(
    ws: &Workspace,
    rev: Option<&str>,
    allowed_signers: Option<PathBuf>,
    trust_root: Option<&str>,
    format: Format,
) -> Result<u8, Error> {
    let (snap, tip) = at(ws, rev)?;
    let mut project = Project::load(snap);
    let review = match unisono::review::evaluate(&mut project, &ws.repo, &ws.prefix, tip, Timestamp::now()) {
        Ok(r) => r,
        Err(refused) => return super::print_refused(&refused, &project.content),
    };
    let chain = &review.trust;
    let root_problem = trust_root.and_then(|pin| approval::trust::check_root(&ws.repo, chain, pin).err());
    let trust_failed = usize::from(root_problem.is_some())
        + usize::from(chain.unverifiable.is_some())
        + usize::from(chain.pending.is_some())
        + chain.discounted.len();
    if let Some(path) = &allowed_signers {
        let reviewers = project.content.reviewers.as_ref().map(|r| r.reviewers.as_slice()).unwrap_or_default();
        unisono::writer::write_atomic(path, signature::allowed_signers(reviewers).as_bytes())?;
    }
    let failed = review.records.iter().filter(|r| !r.valid()).count();
    match format {
        Format::Json => {
            let out = serde_json::json!({
                "ok": failed + trust_failed == 0,
                "records": review.records,
                "failed": failed,
                "trust": chain,
                "trust_root_mismatch": root_problem,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Human => {
            print!("{}", super::trust::describe(chain));
            if let Some(p) = &root_problem {
                println!("FAIL  --trust-root: {p}");
            }
            for r in &review.records {
                if r.valid() {
                    let rec = r.record.as_ref();
                    println!(
                        "ok    {} ({} {})",
                        r.path.display(),
                        rec.map(|x| x.reviewer_email.as_str()).unwrap_or(""),
                        rec.map(|x| x.key.as_str()).unwrap_or("")
                    );
                } else {
                    println!("FAIL  {}: {}", r.path.display(), r.problems.join("; "));
                }
            }
            println!(
                "verify: {} record(s), {failed} failed; chain of trust: {}",
                review.records.len(),
                if trust_failed == 0 { "ok".to_string() } else { format!("{trust_failed} problem(s)") }
            );
            if let Some(p) = allowed_signers {
                println!("allowed signers written to {}", p.display());
            }
        }
    }
    Ok(u8::from(failed + trust_failed > 0))
}

pub fn certificate(ws: &Workspace, id: &str, locale: Option<&str>, out: Option<&std::path::Path>) -> Result<u8, Error> {
    let (snap, tip) = at(ws, None)?;
    let mut project = Project::load(snap);
    let review = match unisono::review::evaluate(&mut project, &ws.repo, &ws.prefix, tip, Timestamp::now()) {
        Ok(r) => r,
        Err(refused) => return super::print_refused(&refused, &project.content),
    };
    let locale = match locale {
        Some(l) => l.to_string(),
        None => project.content.master(id).map(|m| m.locale().to_string()).ok_or_else(|| {
            Error::usage(format!("no message `{id}`")).hint("`unisono status` lists every message and locale")
        })?,
    };
    certificate::approved(&project, &review, id, &locale)?;
    let (since, _) = unisono::review::last_approvals(ws, tip, &project, &review, None)?;
    let commit =
        since.get(&(id.to_string(), locale.clone())).filter(|s| s.certified).map(|s| s.commit).ok_or_else(|| {
            Error::refused(format!("the approval records of `{id}` ({locale}) are not committed"))
                .hint("commit the files under approvals/ (`unisono approve` commits them itself)")
        })?;
    let page = certificate::page(&project, &review, id, &locale, &commit.to_string())?;
    match out {
        Some(path) => {
            // Never over a file the user wrote, nor inside the workspace's sources.
            if let Ok(old) = std::fs::symlink_metadata(path) {
                let ours = old.is_file()
                    && std::fs::read(path).is_ok_and(|b| String::from_utf8_lossy(&b).contains(certificate::MARK));
                if !ours {
                    return Err(Error::usage(format!(
                        "refusing to write to {}: it exists and is not a certificate unisono wrote",
                        path.display()
                    ))
                    .hint("name a new file, e.g. --out certificate.html"));
                }
            }
            let abs = if path.is_absolute() {
                path.to_path_buf()
            } else {
                std::env::current_dir().unwrap_or_default().join(path)
            };
            if unisono::workspace::ROOTS.iter().any(|r| abs.starts_with(ws.root.join(r)))
                || abs.starts_with(ws.root.join(".git"))
            {
                return Err(Error::usage(format!(
                    "refusing to write to {}: it is inside the workspace's sources",
                    path.display()
                ))
                .hint("write the certificate outside content/, templates/, approvals/, journeys/ and .git"));
            }
            unisono::writer::write_atomic(path, &page)?;
            println!("certificate of {id} ({locale}) written to {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&page).map_err(|source| Error::Io { path: "stdout".into(), source })?;
        }
    }
    Ok(0)
}

pub fn log(ws: &Workspace, id: &str, format: Format) -> Result<u8, Error> {
    let events = unisono::timeline::log(ws, id)?;
    if events.is_empty() {
        return Err(Error::usage(format!("no history for `{id}`"))
            .hint("is the message committed? `unisono status` lists the messages"));
    }
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&events).unwrap_or_default()),
        Format::Human => {
            for e in events {
                println!("{}  {}  {:18}  {}  {}", e.time, e.commit, e.kind, e.author, e.summary);
            }
        }
    }
    Ok(0)
}

pub fn diff(ws: &Workspace, id: &str, locale: Option<&str>, format: Format) -> Result<u8, Error> {
    let locale = match locale {
        Some(l) => l.to_string(),
        None => {
            let loaded = unisono::project::Project::load(ws.worktree()?);
            loaded
                .content
                .master(id)
                .map(|m| m.locale().to_string())
                .ok_or_else(|| Error::usage(format!("no message `{id}`")))?
        }
    };
    let changes = unisono::timeline::diff(ws, id, &locale)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&changes).unwrap_or_default()),
        Format::Human => {
            match &changes.since {
                Some(c) => println!("changes to {id} ({locale}) since its last approval ({})\n", &c[..12]),
                None => println!("{id} ({locale}) was never approved: everything is new\n"),
            }
            print!("{}", changes.source);
            for (channel, diff) in &changes.variants {
                println!("\n== {channel} ==\n{diff}");
            }
            if changes.source.is_empty() && changes.variants.is_empty() {
                println!("no changes");
            }
        }
    }
    Ok(0)
}
