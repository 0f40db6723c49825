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

/// The signing key: `--key` as given, else git's `user.signingkey` (a
/// `key::` literal, a public key file or a private key file, as git takes it).
pub(crate) fn signing_key(
    repo: &git2::Repository,
    key: Option<&std::path::Path>,
    prompt: &dyn Fn() -> Option<String>,
) -> Result<signature::SigningKey, Error> {
    let spec = match key {
        Some(p) => p.to_string_lossy().into_owned(),
        None => repo.config().and_then(|c| c.get_string("user.signingkey")).map_err(|_| {
            Error::usage("no key given").hint(
                "pass --key ~/.ssh/id_ed25519 (or its .pub, with the key in ssh-agent), or set git's user.signingkey",
            )
        })?,
    };
    signature::SigningKey::load(&spec, prompt)
}
