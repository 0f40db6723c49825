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
use crate::approval::status::{self, CheckedRecord, VariantStatus};
use crate::approval::trust;
use crate::diag::Diagnostic;
use crate::project::{Project, Refused};
use crate::render::{self, Variant};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// (message id, locale, channel).
pub type Key = (String, String, String);

/// Everything known about the approval state of a project.
pub struct Review {
    pub records: Vec<CheckedRecord>,
    pub statuses: Vec<VariantStatus>,
    /// Who authored what, from the history evaluated.
    pub authors: Authorship,
    /// The chain of trust of reviewers.yaml; the project's
    /// `content.reviewers` is the version in effect.
    pub trust: trust::Chain,
    /// Final-form variants rendered while deciding status (others are
    /// rendered on demand by [`Review::final_variant`]).
    rendered: BTreeMap<Key, Variant>,
}

impl Review {
    /// The status of one variant.
    pub fn status(&self, id: &str, locale: &str, channel: &str) -> Option<&VariantStatus> {
        status_in(&self.statuses, id, locale, channel)
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
    let authors = Authorship::load(repo, tip, prefix).map_err(git_refusal)?;
    let records = status::check_records(&project.snapshot, &project.content, &authors);
    // Final-form fingerprints only for pieces that have records.
    let under_review: BTreeSet<(&str, &str)> =
        records.iter().filter_map(|c| c.record.as_ref()).map(|r| (r.message.as_str(), r.locale.as_str())).collect();
    let mut cache = crate::cache::FingerprintCache::open(repo);
    let (mut fingerprints, found): (BTreeMap<Key, Option<String>>, _) = {
        let pieces = project.pieces();
        let wanted: Vec<_> =
            pieces.iter().filter(|(m, _)| under_review.contains(&(m.id(), m.locale()))).copied().collect();
        let all = pieces.iter().map(|(m, n)| ((m.id().to_string(), m.locale().to_string(), n.to_string()), None));
        (all.collect(), render::fingerprints(&project.content, &project.templates, &wanted, &mut cache))
    };
    let (found, rendered) = match found {
        Ok(f) => f,
        Err(diagnostics) => {
            return Err(Box::new(Refused { diagnostics }));
        }
    };
    cache.save();
    fingerprints.extend(found.into_iter().map(|(k, f)| (k, Some(f))));
    let statuses = status::statuses(&project.content, &records, &fingerprints, now);
    Ok(Review { records, statuses, authors, trust: chain, rendered })
}
