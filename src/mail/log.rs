//! The send log: one JSON file per send under `sent/`, committed to git as
//! approvals are, so what went to whom, when, and who sent it is in the
//! history (regulators ask). A log file is never overwritten.

use super::{Delivery, Sent};
use crate::Error;
use crate::approval::record::Timestamp;
use crate::workspace::Workspace;
use serde::Serialize;
use std::path::Path;

/// The folder of the send logs, in the workspace.
pub const DIR: &str = "sent";

/// Who sends: the committer of the log, as git decides it (`GIT_COMMITTER_*`,
/// then `user.name` and `user.email`).
pub fn sender(repo: &git2::Repository) -> Result<String, Error> {
    let sig = crate::approval::history::committer(repo).map_err(|_| {
        Error::usage("git does not know who you are, and the send log records who sent")
            .hint("git config user.name \"Your Name\"; git config user.email you@example.com")
    })?;
    Ok(format!("{} <{}>", sig.name().unwrap_or(""), sig.email().unwrap_or("")))
}

/// Refuses a send whose log could not be written — `sent/` (or a folder
/// in it) is a file or a link, in the work tree or in HEAD — before
/// anything is sent: mail that went out without its record is what a
/// regulator asks about.
pub fn check_writable(ws: &Workspace, piece: &str, locale: &str, channel: &str) -> Result<(), Error> {
    let dir = format!("{DIR}/{piece}/{locale}/{channel}");
    let refuse = |why: String, hint: &str| {
        Error::usage(format!("the send log cannot be written in {dir}/: {why}; nothing was sent")).hint(hint)
    };
    crate::writer::check_own(&ws.root, &format!("{dir}/log.json"))
        .map_err(|e| refuse(e.to_string(), e.help().unwrap_or("make sent/ a plain folder of the workspace")))?;
    if let Ok(tree) = ws.repo.head().and_then(|h| h.peel_to_tree()) {
        let mut at = ws.prefix.clone();
        for part in dir.split('/') {
            at.push(part);
            match tree.get_path(&at) {
                Ok(e) if e.kind() != Some(git2::ObjectType::Tree) => {
                    return Err(refuse(
                        format!("{} is committed as a file", at.display()),
                        "commit sent/ as a folder (git rm the file)",
                    ));
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    Ok(())
}

/// What one send log holds.
pub struct Record<'a> {
    pub piece: &'a str,
    pub locale: &'a str,
    pub channel: &'a str,
    pub draft: bool,
    /// The commit the email was rendered from.
    pub commit: String,
    /// The variant's fingerprint (for an approved send: as signed).
    pub fingerprint: &'a str,
    pub subject: &'a str,
    pub from: &'a str,
    pub sent_by: &'a str,
    pub transport: &'a str,
    pub started: Timestamp,
    pub recipients_file: Option<&'a Path>,
    pub suppressed: usize,
    pub sent: &'a [Sent],
    /// Why the send stopped early, if it did.
    pub failure: Option<String>,
}

#[derive(Serialize)]
struct Json<'a> {
    tool: String,
    piece: &'a str,
    locale: &'a str,
    channel: &'a str,
    draft: bool,
    commit: &'a str,
    fingerprint: &'a str,
    subject: &'a str,
    from: &'a str,
    sent_by: &'a str,
    transport: &'a str,
    started: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipients_file: Option<File>,
    suppressed: usize,
    recipients: Vec<Entry<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<&'a str>,
}

#[derive(Serialize)]
struct File {
    path: String,
    sha256: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    to: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    hcp: &'a str,
    /// `null`: the approved generic greeting.
    salutation: Option<&'a str>,
    message_id: &'a str,
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    outbox_file: Option<String>,
}

impl Record<'_> {
    /// `sent/<id>/<locale>/<channel>/<YYYYMMDDTHHMMSSZ>.json`.
    fn path(&self) -> String {
        format!("{DIR}/{}/{}/{}/{}", self.piece, self.locale, self.channel, self.started.compact())
    }

    fn to_json(&self, ws: &Workspace) -> Result<Vec<u8>, Error> {
        let recipients_file = match self.recipients_file {
            Some(p) => {
                let bytes = std::fs::read(p).map_err(|source| Error::Io { path: p.to_path_buf(), source })?;
                Some(File { path: p.display().to_string(), sha256: crate::fingerprint::of_bytes(&bytes) })
            }
            None => None,
        };
        let json = Json {
            tool: format!("unisono {}", env!("CARGO_PKG_VERSION")),
            piece: self.piece,
            locale: self.locale,
            channel: self.channel,
            draft: self.draft,
            commit: &self.commit,
            fingerprint: self.fingerprint,
            subject: self.subject,
            from: self.from,
            sent_by: self.sent_by,
            transport: self.transport,
            started: self.started.to_string(),
            recipients_file,
            suppressed: self.suppressed,
            recipients: self
                .sent
                .iter()
                .map(|s| Entry {
                    to: &s.recipient.to,
                    source: &s.recipient.source,
                    hcp: &s.recipient.hcp,
                    salutation: s.salutation.as_deref(),
                    message_id: &s.message_id,
                    time: s.time.to_string(),
                    outbox_file: match &s.delivery {
                        Some(Delivery::Outbox { file }) => {
                            Some(file.strip_prefix(&ws.root).unwrap_or(file).to_string_lossy().replace('\\', "/"))
                        }
                        _ => None,
                    },
                })
                .collect(),
            failure: self.failure.as_deref(),
        };
        let mut text = serde_json::to_string_pretty(&json).map_err(|e| Error::usage(format!("send log: {e}")))?;
        text.push('\n');
        Ok(text.into_bytes())
    }
}

/// Writes the log under `sent/` — a new file, never over one that exists in
/// the work tree or in HEAD — and commits it. Returns its path and the commit.
pub fn commit(ws: &Workspace, r: &Record<'_>, sender: &str) -> Result<(String, git2::Oid), Error> {
    let head = ws.repo.head().and_then(|h| h.peel_to_tree()).ok();
    let taken = |rel: &str| {
        ws.root.join(rel).symlink_metadata().is_ok()
            || head.as_ref().is_some_and(|t| t.get_path(&ws.prefix.join(rel)).is_ok())
    };
    let base = r.path();
    let rel = (1..)
        .map(|n: u32| if n == 1 { format!("{base}.json") } else { format!("{base}-{n}.json") })
        .find(|p| !taken(p))
        .unwrap_or_default();
    let bytes = r.to_json(ws)?;
    let (name, email) = sender.rsplit_once(" <").map(|(n, e)| (n, e.trim_end_matches('>'))).unwrap_or((sender, ""));
    let author = git2::Signature::new(name, email, &git2::Time::new(r.started.0, 0))?;
    let message = format!(
        "Send {} ({}) {} to {} recipient(s){}\n\nUnisono-Send: {}\nUnisono-Message: {}\nUnisono-Locale: {}\nUnisono-Channel: {}\nUnisono-Fingerprint: {}\nUnisono-Transport: {}\nUnisono-Log: {rel}\n",
        r.piece,
        r.locale,
        r.channel,
        r.sent.len(),
        if r.draft { " [DRAFT test]" } else { "" },
        if r.draft { "draft" } else { "approved" },
        r.piece,
        r.locale,
        r.channel,
        r.fingerprint,
        r.transport,
    );
    let oid = crate::approval::history::commit_files(
        &ws.repo,
        &ws.root,
        &ws.prefix,
        &[(rel.clone(), bytes)],
        &message,
        &author,
    )?;
    Ok((rel, oid))
}
