//! The evaluate stage: who signed what, and the status of every variant.
//!
//! Given a loaded [`Project`], it follows the chain of trust of
//! reviewers.yaml and the authorship in git history, checks every record
//! ([`crate::approval::status::check_records`]), asks the render stage for
//! the final-form fingerprints of the pieces under review
//! ([`crate::render::fingerprints`]), and lets approval decide each status
//! from records and fingerprints alone ([`crate::approval::status::statuses`]).

use crate::approval::history::Authorship;
use crate::approval::record::Timestamp;
use crate::approval::status::Status;
use crate::approval::status::{self, CheckedRecord, VariantStatus};
use crate::approval::trust;
use crate::diag::Diagnostic;
use crate::project::{Project, Refused};
use crate::render::{self, Variant};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (message id, locale, channel).
pub type Key = (String, String, String);

/// Everything known about the approval state of a project.
pub struct Review {
    pub records: Vec<CheckedRecord>,
    pub statuses: Vec<VariantStatus>,
    /// Who authored what, from the history evaluated.
    pub authors: std::sync::Arc<Authorship>,
    /// The chain of trust of reviewers.yaml; the project's
    /// `content.reviewers` is the version in effect.
    pub trust: trust::Chain,
    /// Final-form variants rendered while deciding status (others are
    /// rendered on demand by [`Review::final_variant`]).
    rendered: BTreeMap<Key, Variant>,
    /// Where each piece's statuses start in `statuses`, by a hash of
    /// (id, locale): a build asks for every variant's status several times,
    /// and a binary search over 40,000 statuses compared strings 16 times
    /// per question (8% of a save in `watch` at 10,000 messages).
    starts: std::collections::HashMap<u64, usize>,
}

/// The hash [`Review::starts`] is keyed by (SipHash with fixed keys: the
/// same in every process; a collision only costs a binary search).
fn piece_hash(id: &str, locale: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (id, locale).hash(&mut h);
    h.finish()
}

/// [`status_in`] through [`Review::starts`].
fn status_at<'s>(
    statuses: &'s [VariantStatus],
    starts: &std::collections::HashMap<u64, usize>,
    id: &str,
    locale: &str,
    channel: &str,
) -> Option<&'s VariantStatus> {
    let piece = |s: &VariantStatus| s.id == id && s.locale == locale;
    match starts.get(&piece_hash(id, locale)) {
        // The piece's run starts here (checked: after a hash collision, or
        // with statuses changed since, the search decides).
        Some(&i) if statuses.get(i).is_some_and(piece) && (i == 0 || !piece(&statuses[i - 1])) => {
            statuses[i..].iter().take_while(|s| piece(s)).find(|s| s.channel == channel)
        }
        _ => status_in(statuses, id, locale, channel),
    }
}

/// [`Review::starts`] of `statuses` (sorted by id, locale, channel).
fn starts_of(statuses: &[VariantStatus]) -> std::collections::HashMap<u64, usize> {
    let mut starts = std::collections::HashMap::with_capacity(statuses.len() / 2);
    for (i, s) in statuses.iter().enumerate() {
        if i == 0 || (statuses[i - 1].id != s.id || statuses[i - 1].locale != s.locale) {
            starts.entry(piece_hash(&s.id, &s.locale)).or_insert(i);
        }
    }
    starts
}

impl Review {
    /// The status of one variant.
    pub fn status(&self, id: &str, locale: &str, channel: &str) -> Option<&VariantStatus> {
        status_at(&self.statuses, &self.starts, id, locale, channel)
    }

    /// A variant of `project` in its final (approved) form.
    pub fn final_variant(
        &self,
        project: &Project,
        id: &str,
        locale: &str,
        channel: &str,
    ) -> Result<Variant, Diagnostic> {
        if let Some(v) = self.rendered.get(&(id.to_string(), locale.to_string(), channel.to_string())) {
            return Ok(v.clone());
        }
        let content = &project.content;
        let m = content.message(id, locale).ok_or_else(|| {
            Diagnostic::error(crate::codes::RENDER_ERROR, "content", format!("no message {id} ({locale})"))
        })?;
        let ch = content.channels.get(channel).ok_or_else(|| {
            Diagnostic::error(crate::codes::RENDER_ERROR, "channels.yaml", format!("no channel {channel}"))
        })?;
        render::render_variant(content, &project.templates, m, channel, ch, false)
    }
}

/// The status of one variant in `statuses`, sorted by (id, locale, channel)
/// as [`Review::statuses`] is.
pub fn status_in<'s>(
    statuses: &'s [VariantStatus],
    id: &str,
    locale: &str,
    channel: &str,
) -> Option<&'s VariantStatus> {
    statuses
        .binary_search_by(|s| (s.id.as_str(), s.locale.as_str(), s.channel.as_str()).cmp(&(id, locale, channel)))
        .ok()
        .map(|i| &statuses[i])
}

/// Evaluates `project` with git history up to `tip` and the clock at `now`.
/// The version of reviewers.yaml in effect replaces the project's own in
/// `project.content.reviewers`. Refuses a project with errors.
pub fn evaluate(
    project: &mut Project,
    repo: &git2::Repository,
    prefix: &Path,
    tip: Option<git2::Oid>,
    now: Timestamp,
) -> Result<Review, Box<Refused>> {
    if project.has_errors() {
        return Err(Box::new(project.refused()));
    }
    let git_refusal = |e: crate::Error| {
        Box::new(Refused { diagnostics: vec![Diagnostic::error(crate::codes::GIT_HISTORY, ".git", e.to_string())] })
    };
    let chain = trust::evaluate(repo, prefix, &project.snapshot, tip).map_err(git_refusal)?;
    if chain.effective.is_some() || chain.unverifiable.is_some() {
        project.content.reviewers = chain.effective.clone();
    }
    let authors = Authorship::load_shared(repo, tip, prefix).map_err(git_refusal)?;
    let then = |path: &Path| {
        let added = authors.added(path)?;
        trust::in_effect_at(repo, prefix, &chain, added)
    };
    let records = status::check_records(&project.snapshot, &project.content, &authors, &then);
    // Final-form fingerprints only for pieces that have records.
    let under_review: BTreeSet<(&str, &str)> =
        records.iter().filter_map(|c| c.record.as_ref()).map(|r| (r.message.as_str(), r.locale.as_str())).collect();
    let mut cache = crate::cache::FingerprintCache::open(repo);
    let pieces = project.pieces();
    let found = {
        let wanted: Vec<_> =
            pieces.iter().filter(|(m, _)| under_review.contains(&(m.id(), m.locale()))).copied().collect();
        render::fingerprints(&project.content, &project.templates, &wanted, &mut cache)
    };
    let (found, rendered) = match found {
        Ok(f) => f,
        Err(diagnostics) => {
            return Err(Box::new(Refused { diagnostics }));
        }
    };
    cache.save();
    // Every variant, in order, with its fingerprint when it was computed
    // (borrowed: at 100,000 messages an owned key per variant was 50 MB).
    let mut keys: Vec<(&str, &str, &str)> = pieces.iter().map(|(m, n)| (m.id(), m.locale(), *n)).collect();
    keys.sort_unstable();
    keys.dedup();
    let known: BTreeMap<(&str, &str, &str), &str> =
        found.iter().map(|((i, l, c), f)| ((i.as_str(), l.as_str(), c.as_str()), f.as_str())).collect();
    let fingerprints: Vec<status::Current<'_>> = keys.into_iter().map(|key| (key, known.get(&key).copied())).collect();
    let statuses = status::statuses(&project.content, &records, &fingerprints, now);
    let starts = starts_of(&statuses);
    Ok(Review { records, statuses, authors, trust: chain, rendered, starts })
}

/// A piece's last approval, as the review page and the portal use it.
#[derive(Debug, Clone, Copy)]
pub struct Since {
    /// The commit that added the piece's latest approval record.
    pub commit: git2::Oid,
    /// The piece's current final form is not what that record signed.
    pub changed: bool,
    /// Approved in every channel, its records committed: it has a certificate.
    pub certified: bool,
}

/// The last approval of each piece, by (message id, locale).
pub type SinceByPiece = BTreeMap<(String, String), Since>;

/// A history walk's answer: at `tip`, for the pieces `wanted`, the commit of
/// each one's latest approval record.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approvals {
    tip: Option<String>,
    /// Each piece and the record whose introducing commit was looked for.
    wanted: Vec<((String, String), String)>,
    commits: Vec<((String, String), String)>,
}

/// The last approval of each piece that was ever approved, as the review
/// page, the portal, `diff` and `certificate` use it:
///
/// - a piece approved in every channel at its current bytes: the commit
///   that added the newest record counting for it (`certified` when that
///   commit holds every counting record as the work tree has it);
/// - any other piece: the commit that added the newest valid approval of
///   *other* bytes (`changed`): what changed since then is what the roles
///   still to sign must see, even after one role approved the new bytes.
///
/// A record is found by its own path in the history (its introducing
/// commit, on any branch of a merge); `memo` (the previous build's answer)
/// is used only when it is for the same tip and pieces and its commits are
/// in the tip's history.
pub fn last_approvals(
    ws: &Workspace,
    tip: Option<git2::Oid>,
    project: &Project,
    review: &Review,
    memo: Option<&Approvals>,
) -> Result<(SinceByPiece, Approvals), crate::Error> {
    use crate::approval::record::Decision;
    // Valid approvals by piece, newest first.
    let mut by_piece: BTreeMap<(&str, &str), Vec<(&crate::approval::record::Record, &Path)>> = BTreeMap::new();
    for c in review.records.iter().filter(|c| c.valid()) {
        if let Some(r) = c.record.as_ref().filter(|r| r.decision == Decision::Approved) {
            by_piece.entry((r.message.as_str(), r.locale.as_str())).or_default().push((r, c.path.as_path()));
        }
    }
    let mut wanted: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    let mut kind: BTreeMap<(String, String), (bool, Vec<PathBuf>)> = BTreeMap::new();
    for ((id, locale), mut records) in by_piece {
        records.sort_by(|a, b| (b.0.time.0, b.1).cmp(&(a.0.time.0, a.1)));
        let Some(m) = project.content.message(id, locale) else { continue };
        let variants: Vec<&VariantStatus> =
            project.content.channels_of(m).iter().filter_map(|(c, _)| review.status(id, locale, c)).collect();
        let key = (id.to_string(), locale.to_string());
        let approved = !variants.is_empty() && variants.iter().all(|v| v.status == Status::Approved);
        if approved {
            let counting: BTreeSet<PathBuf> =
                variants.iter().flat_map(|v| v.approvals.iter().map(|a| a.record.clone())).collect();
            if let Some((_, path)) = records.iter().find(|(_, p)| counting.contains(*p)) {
                wanted.insert(key.clone(), path.to_path_buf());
                kind.insert(key, (false, counting.into_iter().collect()));
            }
            continue;
        }
        let other_bytes = |r: &crate::approval::record::Record| {
            variants.iter().any(|v| v.fingerprint.as_ref() != r.variants.get(&v.channel))
        };
        if let Some((_, path)) = records.iter().find(|(r, _)| other_bytes(r)) {
            wanted.insert(key.clone(), path.to_path_buf());
            kind.insert(key, (true, Vec::new()));
        }
    }
    let asked = Approvals {
        tip: tip.map(|t| t.to_string()),
        wanted: wanted.iter().map(|(k, p)| (k.clone(), p.display().to_string())).collect(),
        commits: vec![],
    };
    let reachable = |c: &git2::Oid| tip.is_some_and(|t| t == *c || ws.repo.graph_descendant_of(t, *c).unwrap_or(false));
    let remembered: Option<BTreeMap<(String, String), git2::Oid>> = memo
        .filter(|m| m.tip == asked.tip && m.wanted == asked.wanted)
        .map(|m| m.commits.iter().filter_map(|(k, c)| Some((k.clone(), git2::Oid::from_str(c).ok()?))).collect())
        .filter(|found: &BTreeMap<_, _>| found.values().all(reachable));
    let commits = match remembered {
        Some(found) => found,
        None => commits_adding(ws, tip, &wanted)?,
    };
    let memo = Approvals { commits: commits.iter().map(|(k, c)| (k.clone(), c.to_string())).collect(), ..asked };
    let mut out = BTreeMap::new();
    for (key, commit) in commits {
        let Some((changed, records)) = kind.get(&key) else { continue };
        let certified = !changed && {
            let paths: Vec<&Path> = records.iter().map(PathBuf::as_path).collect();
            holds(ws, &project.snapshot, commit, &paths)?
        };
        out.insert(key, Since { commit, changed: *changed, certified });
    }
    Ok((out, memo))
}

/// True when commit `oid` holds each of `records` and its `.sig` exactly as
/// they are in `snap`.
pub fn holds(
    ws: &crate::workspace::Workspace,
    snap: &crate::workspace::Snapshot,
    oid: git2::Oid,
    records: &[&Path],
) -> Result<bool, crate::Error> {
    let tree = ws.repo.find_commit(oid)?.tree()?;
    for txt in records {
        for path in [txt.to_path_buf(), txt.with_extension("sig")] {
            let committed = tree
                .get_path(&ws.prefix.join(&path))
                .ok()
                .and_then(|entry| ws.repo.find_blob(entry.id()).ok())
                .map(|blob| blob.content().to_vec());
            let now = match snap.get(&path) {
                Some(crate::workspace::File::Bytes(b)) => Some(b.clone()),
                _ => None,
            };
            if committed.is_none() || committed != now {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// For each piece, the commit reachable from `tip` that introduced its
/// record at `path` (workspace-relative): a commit whose first-parent diff
/// adds the path and whose other parents (a merge's) do not have it. One
/// walk of the history, newest first, that stops when every record is found.
pub fn commits_adding(
    ws: &crate::workspace::Workspace,
    tip: Option<git2::Oid>,
    wanted: &std::collections::BTreeMap<(String, String), std::path::PathBuf>,
) -> Result<std::collections::BTreeMap<(String, String), git2::Oid>, crate::Error> {
    let mut found = std::collections::BTreeMap::new();
    let repo = &ws.repo;
    let Some(tip) = tip.filter(|_| !wanted.is_empty()) else { return Ok(found) };
    let by_path: std::collections::BTreeMap<std::path::PathBuf, &(String, String)> =
        wanted.iter().map(|(k, p)| (ws.prefix.join(p), k)).collect();
    let mut walk = repo.revwalk()?;
    walk.push(tip)?;
    walk.set_sorting(git2::Sort::TIME | git2::Sort::TOPOLOGICAL)?;
    let dir = ws.prefix.join("approvals");
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let parent = commit.parent(0).ok().map(|p| p.tree()).transpose()?;
        let mut options = git2::DiffOptions::new();
        options.pathspec(&dir);
        let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&commit.tree()?), Some(&mut options))?;
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path() else { continue };
            let Some(key) = by_path.get(path) else { continue };
            if delta.status() != git2::Delta::Added || found.contains_key(*key) {
                continue;
            }
            // A merge that brings the record from another parent did not add it.
            let elsewhere = commit.parents().skip(1).any(|p| p.tree().is_ok_and(|t| t.get_path(path).is_ok()));
            if !elsewhere {
                found.insert((*key).clone(), commit.id());
            }
        }
        if found.len() == wanted.len() {
            break;
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(id: &str, locale: &str, channel: &str) -> VariantStatus {
        VariantStatus {
            id: id.into(),
            locale: locale.into(),
            channel: channel.into(),
            status: Status::Draft,
            missing_roles: Vec::new(),
            approvals: Vec::new(),
            notes: Vec::new(),
            fingerprint: None,
        }
    }

    #[test]
    fn the_index_finds_what_the_search_finds_even_when_it_is_wrong() {
        let mut statuses = Vec::new();
        for id in ["a", "a-1", "b", "bench-00001", "bench-00010"] {
            for locale in ["de-DE", "en-GB"] {
                for channel in ["edetail", "email", "video"] {
                    statuses.push(status(id, locale, channel));
                }
            }
        }
        let good = starts_of(&statuses);
        assert_eq!(good.len(), 10);
        // Every start moved one place on: what a stale index or a collision looks like.
        let wrong: std::collections::HashMap<u64, usize> = good.iter().map(|(&h, &i)| (h, i + 1)).collect();
        for id in ["a", "a-1", "b", "bench-00001", "bench-00010", "c"] {
            for locale in ["de-DE", "en-GB", "es-ES"] {
                for channel in ["edetail", "email", "landing", "video"] {
                    let expected = status_in(&statuses, id, locale, channel).map(|s| s as *const VariantStatus);
                    for starts in [&good, &wrong, &Default::default()] {
                        let found = status_at(&statuses, starts, id, locale, channel).map(|s| s as *const _);
                        assert_eq!(found, expected, "{id} {locale} {channel}");
                    }
                }
            }
        }
    }
}
