//! MLR approval in git: signed records, the chain of trust of the
//! reviewers, separation of duties, expiry — the data and the pure rules.
//!
//! [`status`] decides the status of every variant from checked records and
//! the fingerprints it is given; it loads, lints and renders nothing (the
//! evaluate stage, [`crate::review`], feeds it). Signing and committing a
//! decision is the approve stage, [`crate::approve`].

pub mod history;
pub mod record;
pub mod signature;
pub mod status;
pub mod trust;

use crate::Error;
use crate::workspace::Workspace;
use std::path::Path;

/// The HEAD commit, if any.
pub fn head(repo: &git2::Repository) -> Option<git2::Oid> {
    repo.head().ok().and_then(|h| h.peel_to_commit().ok()).map(|c| c.id())
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
        Err(Error::refused(format!("uncommitted changes: {}", dirty.join(", ")))
            .hint("commit (or stash) them first: reviewers sign what is committed"))
    }
}

/// git's `user.signingkey`, when it names a private key file.
pub(crate) fn signing_key_from_git(repo: &git2::Repository) -> Result<std::path::PathBuf, Error> {
    let value = repo
        .config()
        .and_then(|c| c.get_string("user.signingkey"))
        .map_err(|_| Error::usage("no key given").hint("pass --key ~/.ssh/id_ed25519, or set git's user.signingkey"))?;
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
        Err(Error::usage(format!("user.signingkey `{value}` is not a key file")).hint("pass --key PATH"))
    }
}
